/*
 * Who is asking, and may they: sessions from the cookie (idle and absolute
 * timeouts), the roles in force (lead and admin only after the second
 * factor), the CSRF token of forms and the Origin check of state-changing
 * requests, rate limits, and the audit log.
 */
#ifndef LWP_WEB_AUTH_H
#define LWP_WEB_AUTH_H

#include <stdint.h>

#include "service/service.h"
#include "web/request.h"

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 3600)

/* Load the session named by the cookie (if any) into r: user, grants,
 * roles. Expired or unknown sessions count as anonymous. */
void auth_load(struct req *r);
/* Refuse a state-changing request that fails the Origin check or, for a
 * form, the CSRF token: answers 403 itself and returns nonzero. Decodes a
 * urlencoded body into r->form (400 on malformed input). */
int auth_check_post(struct req *r);
/* The CSRF token for forms on this page (sets the visitor's CSRF cookie
 * when there is no session yet). */
const char *auth_csrf_token(struct req *r);
/* Start a fresh session for user (a new token: no fixation), ending the
 * current one; sets the cookie. second_factor: already passed. */
int auth_login(struct req *r, int64_t user_id, int second_factor);
void auth_logout(struct req *r);
/* 1 when the signed-in user holds role for this edition (admins always). */
int auth_allows(const struct req *r, unsigned role, int64_t edition_id);
/* 0 when under the limit; otherwise answers 429 with Retry-After and
 * returns nonzero. Limits come from LWP_RATE_* (see auth.c). */
int auth_rate_limit(struct req *r, const char *kind, const char *key);
/* The limits of a sign-in attempt for an account (email_key): per address,
 * per account and address, and a slower one per account; answers 429 and
 * returns nonzero when one is reached. */
int auth_rate_limit_account(struct req *r, const char *account_key);
/* The limit of a kind of rate limit ("apply", ...) for key, to be checked
 * inside a write transaction by the store; 0, or -1 for an unknown kind. */
struct rate_check;
int auth_rate_check(struct req *r, const char *kind, const char *key, struct rate_check *out);
/* Answer 429 with Retry-After for a limit reached. */
void auth_rate_refuse(struct req *r, int retry_after);
/* Write an audit entry for this request's user (or "anonymous"). */
void auth_audit(struct req *r, const char *action, const char *object, const char *detail);
/* The same for a user who is signing in (not yet the request's user). */
struct user;
void auth_audit_as(struct req *r, const struct user *u, const char *action,
		   const char *object, const char *detail);

/* The signed-in user (or "anonymous") as the actor of a service call. */
struct actor auth_actor(const struct req *r);
struct actor auth_actor_as(const struct req *r, const struct user *u);

#endif
