/*
 * The one database interface of lwp. Callers (web, cli) speak in domain
 * structs; the SQL and the backend stay behind this header. A store is one
 * connection: use it from one thread at a time (the server opens one per
 * event loop). Every write runs in one transaction; a function either
 * commits all of its change or none of it.
 */
#ifndef LWP_STORE_STORE_H
#define LWP_STORE_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/error.h"
#include "domain/account.h"
#include "domain/model.h"
#include "domain/selection.h"

struct store;

int store_open(const char *url, struct store **out, struct lwp_error *err);
void store_close(struct store *s);

/* Apply pending migrations; *applied gets how many (may be NULL). */
int store_migrate(struct store *s, int *applied);
int store_schema_version(struct store *s, int *version);
int store_check_integrity(struct store *s);

/* Editions. Strings of the results live in arena a. */
int store_edition_insert(struct store *s, const struct edition *e, int64_t *id);
int store_edition_get(struct store *s, struct arena *a, const char *slug,
		      struct edition *out);
/* The same without the counts of applications (accepted and applications
 * are 0): for a write path that only needs the edition's own fields. */
int store_edition_head(struct store *s, struct arena *a, const char *slug,
		       struct edition *out);
int store_edition_list(struct store *s, struct arena *a, int published_only,
		       struct edition **out, int *count);
int store_edition_set_status(struct store *s, int64_t id, enum edition_status st);
int store_edition_set_deadline(struct store *s, int64_t id, int64_t deadline);

/* Set the parent organisation (e.g. the ministry of an agency) of the
 * organisation named name (case-insensitive); the parent must exist too,
 * and may not be the organisation itself. LWP_ENOTFOUND otherwise. */
int store_organisation_set_parent(struct store *s, struct arena *a, const char *name,
				  const char *parent);
/* Every organisation with its kind and parent name (NULL when none), sorted. */
struct organisation_row {
	int64_t id;
	char *name;
	enum org_kind kind;
	char *parent;
};
int store_organisation_list(struct store *s, struct arena *a, struct organisation_row **out,
			    int *count);
/* Names of known organisations, sorted, at most limit. */
int store_organisation_names(struct store *s, struct arena *a, int limit,
			     char ***names, int *count);

struct application_receipt {
	int64_t id;
	enum app_status status;
};

/* An e-mail to put in the outbox. */
struct mail {
	const char *to_addr;
	const char *to_name;
	const char *subject;
	const char *body_text;
	const char *body_html;
};

/* A message claimed from the outbox for sending. */
struct outbox_item {
	int64_t id;
	struct mail mail;
	int attempts;
};

/* A new random token (64 hex digits, 256 bits) in arena, for private links
 * and sessions. */
char *store_token_new(struct arena *a);
/* The hash under which a token is stored (hex, in arena); LWP_ENOTFOUND
 * for text that is not a token. */
int store_token_hash(struct arena *a, const char *token, char **hash);

/* Submit an application to the edition with this slug. In one write
 * transaction: check that the edition takes applications at instant now,
 * decide the status from the places accepted so far (so concurrent
 * submissions never exceed capacity), pick or create the organisation,
 * create or update the person, store the initiative, the application (with
 * the hash of token, the applicant's private link) and its first event, and
 * queue the confirmation mail (may be NULL). Fails with LWP_ENOTFOUND,
 * LWP_ECLOSED, LWP_EDEADLINE, LWP_ECONFLICT (this e-mail already applied)
 * or a database error. */
struct rate_check {
	const char *bucket;
	int window;       /* seconds */
	int limit;        /* hits per window */
	int retry_after;  /* set when the limit was reached */
};

/* ... and, when limit is not NULL, count a hit in its rate bucket first, in
 * the same transaction (LWP_ELIMIT when over the limit). */
int store_application_submit(struct store *s, struct arena *a, const char *slug,
			     const struct application_input *in, int64_t now,
			     const char *token, const struct mail *confirmation,
			     struct rate_check *limit, struct application_receipt *out);

int store_application_list(struct store *s, struct arena *a, int64_t edition_id,
			   struct application **out, int *count);
struct audit_entry;

/* The application with this id and its edition (lead console). */
int store_application_get(struct store *s, struct arena *a, int64_t id,
			  struct application *app, struct edition *ed);

struct application_event {
	enum app_status status;
	const char *actor;
	const char *note;
	int64_t at;
};

/* Its history, oldest first. */
int store_application_events(struct store *s, struct arena *a, int64_t id,
			     struct application_event **out, int *count);
/* Change the status by hand, in one transaction: the status, an event
 * with actor and note, the mail to the applicant (may be NULL) and an audit
 * entry. */
int store_application_set_status(struct store *s, int64_t id, enum app_status status,
				 const char *note, const struct audit_entry *audit,
				 const struct mail *m, int64_t now);
/* Update every field of an edition (by id) and audit it, in one transaction. */
int store_edition_update(struct store *s, const struct edition *e, const struct audit_entry *audit);

/* The application behind a private link token, and its edition. */
int store_application_by_token(struct store *s, struct arena *a,
			       const char *token, struct application *app,
			       struct edition *ed);
/* Withdraw by private link. Under fcfs the first waitlisted applicant takes
 * a freed place in the same transaction. */
int store_application_withdraw(struct store *s, struct arena *a,
			       const char *token, int64_t now);

/* Backup and restore: store/backup.h. */

/* Outbox. Claim up to limit messages that are due at now, for lease
 * seconds, so that no other sender (thread or process) takes them; then
 * report each as sent or failed. A failed message is retried at
 * retry_at; after max attempts it stays failed and visible to the lead. */
int store_outbox_claim(struct store *s, struct arena *a, int64_t now, int lease,
		       int limit, struct outbox_item **items, int *count);
int store_outbox_sent(struct store *s, int64_t id, int64_t now);
int store_outbox_failed(struct store *s, int64_t id, const char *error, int64_t retry_at);
/* Unsent messages whose delivery failed, newest first (for the lead). */
struct outbox_failure {
	int64_t id;
	char *to_addr;
	char *subject;
	int attempts;
	char *last_error;
};
int store_outbox_failures(struct store *s, struct arena *a, int limit,
			  struct outbox_failure **out, int *count);
/* Messages not sent yet (pending) and of those, failed at least once. */
int store_outbox_counts(struct store *s, int64_t *pending, int64_t *failing);

/* ---- accounts (store_accounts.c) ---- */

struct session {
	int64_t id;
	int64_t user_id;
	char *csrf;
	int second_factor;
	int64_t created_at;
	int64_t last_seen_at;
};

struct audit_entry {
	int64_t id;
	int64_t at;
	int64_t actor_id;    /* 0 for none */
	const char *actor;   /* e-mail of a user, "system", "cli", "anonymous" */
	const char *action;  /* e.g. "login", "login.failed", "edition.update" */
	const char *object;  /* e.g. "edition:leerwerkplaats-2018" */
	const char *detail;  /* before/after or reason; no secrets */
	const char *ip;
};

int store_user_create(struct store *s, struct arena *a, const char *email, const char *name,
		      const char *lang, int64_t now, int64_t *id);
int store_user_by_email(struct store *s, struct arena *a, const char *email, struct user *u);
int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *u);
int store_user_list(struct store *s, struct arena *a, struct user **out, int *count);
int store_user_set_password(struct store *s, int64_t id, const char *hash);
int store_user_password_hash(struct store *s, struct arena *a, int64_t id, char **hash);
/* TOTP secret (base32) and the last time step used (replay protection). */
int store_user_totp(struct store *s, struct arena *a, int64_t id, char **secret,
		    int64_t *last_step);
/* Record step as used; LWP_ENOTFOUND when it (or a later one) was used. */
int store_user_totp_step(struct store *s, int64_t id, int64_t step);
/* Enrol a TOTP secret with fresh recovery codes (hashes), replacing old ones. */
int store_user_set_totp(struct store *s, int64_t id, const char *secret,
			char *const *code_hashes, int ncodes);
/* Use an unused recovery code once; LWP_ENOTFOUND otherwise. */
int store_recovery_code_use(struct store *s, int64_t user_id, const char *code_hash, int64_t now);
int store_role_grant(struct store *s, int64_t user_id, enum role role, int64_t edition_id);
int store_role_revoke(struct store *s, int64_t user_id, enum role role, int64_t edition_id);
int store_roles(struct store *s, struct arena *a, int64_t user_id,
		struct role_grant **out, int *count);
int store_session_create(struct store *s, int64_t user_id, const char *token_hash,
			 const char *csrf, int second_factor, int64_t now);
int store_session_get(struct store *s, struct arena *a, const char *token_hash,
		      struct session *out);
int store_session_touch(struct store *s, int64_t id, int64_t now);
int store_session_delete(struct store *s, const char *token_hash);
int store_session_expire(struct store *s, int64_t idle_before, int64_t created_before);
/* A one-time login link and the mail that carries it, in one transaction. */
int store_login_link_create(struct store *s, int64_t user_id, const char *token_hash,
			    int64_t now, int64_t expires_at, const struct mail *m);
/* Use a link once: LWP_ENOTFOUND when unknown, used or expired. */
int store_login_link_use(struct store *s, const char *token_hash, int64_t now, int64_t *user_id);
int store_audit(struct store *s, const struct audit_entry *e);
int store_audit_list(struct store *s, struct arena *a, int limit, int offset,
		     struct audit_entry **out, int *count);
/* Count a hit in bucket; LWP_ELIMIT with *retry_after seconds when more
 * than limit hits fall in the current window of window seconds. */
int store_rate_hit(struct store *s, const char *bucket, int64_t now, int window,
		   int limit, int *retry_after);

/* ---- selection (store_selection.c) ---- */

struct selection_row {
	struct candidate c;
	enum app_status status;
	char *name;
	char *organisation;
	char *email;
	char *lang;
	int waitlist_rank;
};

/* What confirming a selection does to one application. */
struct selection_outcome {
	int64_t application_id;
	enum app_status status;  /* accepted, waitlisted or declined */
	int rank;                /* place on the waiting list, 0 for none */
	const struct mail *mail; /* the applicant's mail, or NULL */
};

struct offer {
	int64_t id;
	int64_t application_id;
	int64_t expires_at;
	int64_t answered_at;     /* 0 while open */
	char *answer;            /* accepted, declined, expired or NULL */
};

/* Applications still in the running (submitted, accepted, waitlisted), by id. */
int store_selection_rows(struct store *s, struct arena *a, int64_t edition_id,
			 struct selection_row **out, int *count);
int store_selection_mark(struct store *s, int64_t edition_id, int64_t application_id,
			 int mark, const struct audit_entry *audit);
/* The edition's settings, or the defaults when none were saved. */
int store_selection_settings_get(struct store *s, int64_t edition_id,
				 struct selection_settings *out);
int store_selection_settings_set(struct store *s, int64_t edition_id,
				 const struct selection_settings *w, const struct audit_entry *audit);
/* Apply a selection in one transaction: every outcome (status, rank,
 * history, mail), the edition's status "selected", the audit entry. */
int store_selection_confirm(struct store *s, int64_t edition_id,
			    const struct selection_outcome *outcomes, int n,
			    const struct audit_entry *audit, int64_t now);
/* Offers of a freed place: how many are open, make one (with its mail),
 * find one by its token, answer it (accepting takes the place only while
 * one is free: LWP_ECLOSED otherwise; LWP_ENOTFOUND when it was answered
 * or expired), and expire the lapsed ones (their applicants are declined). */
int store_offer_open_count(struct store *s, int64_t edition_id, int64_t now, int64_t *count);
/* Create an offer (and its mail) only if, inside its transaction, the
 * place is still free, no offer of the edition is open and the applicant is
 * still waiting: LWP_ECLOSED otherwise, so concurrent offerers make one. */
int store_offer_create(struct store *s, int64_t edition_id, int64_t application_id,
		       const char *token_hash, int64_t now, int64_t expires_at,
		       const struct mail *m);
int store_offer_by_token(struct store *s, struct arena *a, const char *token, struct offer *o);
int store_offer_answer(struct store *s, const struct offer *o, int accept, int64_t now);
int store_offers_expire(struct store *s, int64_t now, int *expired);

/* Counts for /metrics. */
int store_count_applications(struct store *s, int64_t *count);

#endif
