/*
 * The one database interface of lwp: opening, migrations and every read.
 * Callers speak in domain structs; the SQL and the backend stay behind this
 * header. A store is one connection: use it from one thread at a time (the
 * server opens one per event loop). Writes are in store_write.h, for the
 * service layer only: a state change is one service call, one transaction.
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

LWP_MUST_USE int store_open(const char *url, struct store **out, struct lwp_error *err);
void store_close(struct store *s);

/* Apply pending migrations; *applied gets how many (may be NULL). */
LWP_MUST_USE int store_migrate(struct store *s, int *applied);
LWP_MUST_USE int store_schema_version(struct store *s, int *version);
LWP_MUST_USE int store_check_integrity(struct store *s);

LWP_MUST_USE int store_edition_get(struct store *s, struct arena *a, const char *slug,
		      struct edition *out);
/* Fill e->applications (not withdrawn), which the other reads leave at -1:
 * it costs a pass over the edition's applications. */
LWP_MUST_USE int store_edition_count_applications(struct store *s, struct edition *e);
LWP_MUST_USE int store_edition_by_id(struct store *s, struct arena *a, int64_t id,
				     struct edition *out);
/* The same without the counts of applications (accepted and applications
 * are 0): for a write path that only needs the edition's own fields. */
LWP_MUST_USE int store_edition_head(struct store *s, struct arena *a, const char *slug,
		       struct edition *out);
LWP_MUST_USE int store_edition_list(struct store *s, struct arena *a, int published_only,
		       struct edition **out, int *count);

/* Every organisation with its kind and parent name (NULL when none), sorted. */
struct organisation_row {
	int64_t id;
	char *name;
	enum org_kind kind;
	char *parent;
};
LWP_MUST_USE int store_organisation_list(struct store *s, struct arena *a, struct organisation_row **out,
			    int *count);
/* Names of known organisations, sorted, at most limit. */
LWP_MUST_USE int store_organisation_names(struct store *s, struct arena *a, int limit,
			     char ***names, int *count);

/* Accepted applications of the edition; of one organisation when org_id
 * is not 0. Inside a write transaction the count holds until commit. */
LWP_MUST_USE int store_count_accepted(struct store *s, int64_t edition_id, int64_t org_id,
				      int *count);

struct application_receipt {
	int64_t id;
	enum app_status status;
};

/* A file attached to an e-mail (e.g. an invoice's UBL and printable copy). */
struct mail_attachment {
	const char *name;          /* file name, printable ASCII */
	const char *content_type;  /* e.g. "application/xml" */
	const char *data;          /* bytes, any */
	size_t len;
};

#define MAIL_ATTACHMENTS_MAX 8

/* An e-mail to put in the outbox; without attachments (n_attachments 0)
 * it is a text and HTML alternative as before. */
struct mail {
	const char *to_addr;
	const char *to_name;
	const char *subject;
	const char *body_text;
	const char *body_html;
	/* An iCalendar object (RFC 5546) sent as a third alternative,
	 * "text/calendar; method=..." (calendar_method: "REQUEST" or
	 * "CANCEL"), or NULL for none. */
	const char *calendar;
	const char *calendar_method;
	const struct mail_attachment *attachments;
	int n_attachments;
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
LWP_MUST_USE int store_token_hash(struct arena *a, const char *token, char **hash);

/* A rate limit to count in a write transaction (service/accounts.h). */
struct rate_check {
	const char *bucket;
	int window;       /* seconds */
	int limit;        /* hits per window */
	int retry_after;  /* set when the limit was reached */
};


LWP_MUST_USE int store_application_list(struct store *s, struct arena *a, int64_t edition_id,
			   struct application **out, int *count);

/* Which applications a console list or export takes: codes of
 * app_status, org_kind and theme, or -1 for any. */
struct application_filter {
	int status, kind, theme;
};
/* One page of the edition's applications that match f, by id (keyset
 * pagination, so that a page costs the same at any depth): with before 0,
 * up to limit with id > after; with before > 0, the last limit with
 * id < before (still in ascending order). f NULL: all. */
LWP_MUST_USE int store_application_page(struct store *s, struct arena *a, int64_t edition_id,
					const struct application_filter *f, int64_t after,
					int64_t before, int limit,
					struct application **out, int *count);
/* Whether the edition has an application matching f with an id above
 * (above 1) or below (above 0) id: for "next" and "previous" links. */
LWP_MUST_USE int store_application_beyond(struct store *s, int64_t edition_id,
					  const struct application_filter *f, int64_t id,
					  int above, int *exists);
/* The edition's applications counted in SQL (GROUP BY): all of them, those
 * matching f, and of those per kind of organisation and per theme. */
struct application_counts {
	int total, matching;
	int kinds[ORG_KIND_COUNT], themes[THEME_COUNT];
};
LWP_MUST_USE int store_application_counts(struct store *s, int64_t edition_id,
					  const struct application_filter *f,
					  struct application_counts *out);
struct audit_entry;

/* Whether the edition with this slug has an application under the key. */
LWP_MUST_USE int store_application_exists(struct store *s, const char *slug,
					  const char *email_key, int *exists);
/* The organisation of an application. */
LWP_MUST_USE int store_application_org_id(struct store *s, int64_t id, int64_t *org_id);
/* The application with this id and its edition (lead console). */
LWP_MUST_USE int store_application_get(struct store *s, struct arena *a, int64_t id,
			  struct application *app, struct edition *ed);

struct application_event {
	enum app_status status;
	const char *actor;
	const char *note;
	int64_t at;
};

/* Its history, oldest first. */
LWP_MUST_USE int store_application_events(struct store *s, struct arena *a, int64_t id,
			     struct application_event **out, int *count);

/* The application behind a private link token, and its edition. */
LWP_MUST_USE int store_application_by_token(struct store *s, struct arena *a,
			       const char *token, struct application *app,
			       struct edition *ed);

/* Backup and restore: store/backup.h. */

/* Outbox. Claim up to limit messages that are due at now, for lease
 * seconds, so that no other sender (thread or process) takes them; then
 * report each as sent or failed. A failed message is retried at
 * retry_at; after max attempts it stays failed and visible to the lead. */
LWP_MUST_USE int store_outbox_claim(struct store *s, struct arena *a, int64_t now, int lease,
		       int limit, struct outbox_item **items, int *count);
LWP_MUST_USE int store_outbox_sent(struct store *s, int64_t id, int64_t now);
LWP_MUST_USE int store_outbox_failed(struct store *s, int64_t id, const char *error, int64_t retry_at);
/* Unsent messages whose delivery failed, newest first (for the lead). */
struct outbox_failure {
	int64_t id;
	char *to_addr;
	char *subject;
	int attempts;
	char *last_error;
};
LWP_MUST_USE int store_outbox_failures(struct store *s, struct arena *a, int limit,
			  struct outbox_failure **out, int *count);
/* Messages not sent yet (pending) and of those, failed at least once. */
LWP_MUST_USE int store_outbox_counts(struct store *s, int64_t *pending, int64_t *failing);

/* ---- accounts (store_users.c, store_sessions.c, store_audit.c) ---- */

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

LWP_MUST_USE int store_user_by_email(struct store *s, struct arena *a, const char *email, struct user *u);
LWP_MUST_USE int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *u);
LWP_MUST_USE int store_user_list(struct store *s, struct arena *a, struct user **out, int *count);
LWP_MUST_USE int store_user_password_hash(struct store *s, struct arena *a, int64_t id, char **hash);
/* TOTP secret (base32) and the last time step used (replay protection). */
LWP_MUST_USE int store_user_totp(struct store *s, struct arena *a, int64_t id, char **secret,
		    int64_t *last_step);
LWP_MUST_USE int store_roles(struct store *s, struct arena *a, int64_t user_id,
		struct role_grant **out, int *count);
LWP_MUST_USE int store_session_get(struct store *s, struct arena *a, const char *token_hash,
		      struct session *out);
LWP_MUST_USE int store_audit_list(struct store *s, struct arena *a, int limit, int offset,
		     struct audit_entry **out, int *count);
/* The entries whose object is the edition ("edition:SLUG") or one of its
 * applications, newest first. */
LWP_MUST_USE int store_audit_list_edition(struct store *s, struct arena *a, int64_t edition_id,
					  const char *slug, int limit, int offset,
					  struct audit_entry **out, int *count);

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
	const char *token_hash;  /* the new private link's hash, or NULL to keep */
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
LWP_MUST_USE int store_selection_rows(struct store *s, struct arena *a, int64_t edition_id,
			 struct selection_row **out, int *count);
/* The edition's settings, or the defaults when none were saved. */
LWP_MUST_USE int store_selection_settings_get(struct store *s, int64_t edition_id,
				 struct selection_settings *out);
/* Offers of a freed place: how many are open; one by its token. */
LWP_MUST_USE int store_offer_open_count(struct store *s, int64_t edition_id, int64_t now, int64_t *count);
LWP_MUST_USE int store_offer_by_token(struct store *s, struct arena *a, const char *token, struct offer *o);

/* Counts for /metrics. */
LWP_MUST_USE int store_count_applications(struct store *s, int64_t *count);

#endif
