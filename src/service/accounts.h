/*
 * Accounts as services: users, roles, passwords, two-step verification,
 * sessions, login links, rate limits and audit events of signing in. Each
 * is one write transaction; changes a person makes to an account are
 * audited in it.
 */
#ifndef LWP_SERVICE_ACCOUNTS_H
#define LWP_SERVICE_ACCOUNTS_H

#include "service/service.h"

/* Create a user (with a password hash, or NULL); LWP_ECONFLICT when the
 * address exists. */
LWP_MUST_USE int svc_user_create(struct store *s, struct arena *a, const struct actor *who,
				 const char *email, const char *name, const char *lang,
				 const char *password_hash, int64_t now, int64_t *id);
/* Set the password hash and end every other session of the user (all
 * but keep_session, 0 for none: ASVS 7.4.3). */
LWP_MUST_USE int svc_user_set_password(struct store *s, struct arena *a,
				       const struct actor *who, int64_t user_id,
				       const char *hash, int64_t keep_session, int64_t now);
/* Grant (grant 1) or revoke a role of u, for edition e or all (e NULL):
 * LWP_ENOTFOUND when revoking a role u does not have. */
LWP_MUST_USE int svc_role_change(struct store *s, struct arena *a, const struct actor *who,
				 const struct user *u, enum role role, const struct edition *e,
				 int grant, int64_t now);
/* Enrol a TOTP secret with fresh recovery codes (hashes) and mark step
 * (the code that proved it) used. */
LWP_MUST_USE int svc_totp_enrol(struct store *s, struct arena *a, const struct actor *who,
				int64_t user_id, const char *secret, char *const *code_hashes,
				int ncodes, int64_t step, int64_t now);
/* Use a TOTP step or a recovery code once: LWP_ENOTFOUND when used or
 * unknown. */
LWP_MUST_USE int svc_totp_use(struct store *s, int64_t user_id, int64_t step);
LWP_MUST_USE int svc_recovery_code_use(struct store *s, int64_t user_id, const char *code_hash,
				       int64_t now);

/* A new session (after sweeping ended ones: idle before idle_before or
 * created before created_before). */
LWP_MUST_USE int svc_session_start(struct store *s, int64_t user_id, const char *token_hash,
				   const char *csrf, int second_factor, int64_t now,
				   int64_t idle_before, int64_t created_before);
LWP_MUST_USE int svc_session_touch(struct store *s, int64_t id, int64_t now);
LWP_MUST_USE int svc_session_end(struct store *s, const char *token_hash);

/* How long a sign-in link works. */
#define LOGIN_LINK_MINUTES 10

/* Someone asks for a sign-in link for email (an address already checked
 * for syntax): queued, so that the answer costs the same whether the
 * address has an account or not (no enumeration by timing). */
LWP_MUST_USE int svc_login_link_request(struct store *s, const char *email, enum lang lang,
					int64_t now);
/* The background job: for every queued request whose address has an
 * enabled account, a one-time link and its mail in the account's language;
 * the others are dropped. *made gets the number of links. */
LWP_MUST_USE int svc_login_links_process(struct store *s, const char *base_url, int64_t now,
					 int *made);
/* Use a link once: LWP_ENOTFOUND when unknown, used or expired. */
LWP_MUST_USE int svc_login_link_use(struct store *s, const char *token_hash, int64_t now,
				    int64_t *user_id);

/* Count a hit of a rate limit: LWP_ELIMIT (with *retry_after) when over. */
LWP_MUST_USE int svc_rate_hit(struct store *s, const char *bucket, int64_t now, int window,
			      int limit, int *retry_after);
/* Record an event that changes nothing else (a sign-in, a refusal). */
LWP_MUST_USE int svc_record(struct store *s, const struct actor *who, int64_t now,
			    const char *action, const char *object, const char *detail);

#endif
