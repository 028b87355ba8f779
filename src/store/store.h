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
#include "domain/model.h"

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
int store_edition_list(struct store *s, struct arena *a, int published_only,
		       struct edition **out, int *count);
int store_edition_set_status(struct store *s, int64_t id, enum edition_status st);
int store_edition_set_deadline(struct store *s, int64_t id, int64_t deadline);

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

/* A new random token (64 hex digits, 256 bits) in arena, for private links. */
char *store_token_new(struct arena *a);

/* Submit an application to the edition with this slug. In one write
 * transaction: check that the edition takes applications at instant now,
 * decide the status from the places accepted so far (so concurrent
 * submissions never exceed capacity), pick or create the organisation,
 * create or update the person, store the initiative, the application (with
 * the hash of token, the applicant's private link) and its first event, and
 * queue the confirmation mail (may be NULL). Fails with LWP_ENOTFOUND,
 * LWP_ECLOSED, LWP_EDEADLINE, LWP_ECONFLICT (this e-mail already applied)
 * or a database error. */
int store_application_submit(struct store *s, struct arena *a, const char *slug,
			     const struct application_input *in, int64_t now,
			     const char *token, const struct mail *confirmation,
			     struct application_receipt *out);

int store_application_list(struct store *s, struct arena *a, int64_t edition_id,
			   struct application **out, int *count);
/* The application behind a private link token, and its edition. */
int store_application_by_token(struct store *s, struct arena *a,
			       const char *token, struct application *app,
			       struct edition *ed);
/* Withdraw by private link. Under fcfs the first waitlisted applicant takes
 * a freed place in the same transaction. */
int store_application_withdraw(struct store *s, struct arena *a,
			       const char *token, int64_t now);

/* Write every row as JSON lines (see backup.c); *rows gets the count. */
int store_backup(struct store *s, FILE *out, long *rows);
/* Load a backup into an empty database in one transaction: all or
 * nothing. LWP_ECONFLICT when the database has rows, LWP_EINVAL for a bad
 * file (*bad_line says where). */
int store_restore(struct store *s, FILE *in, long *rows, long *bad_line);

/* Outbox. Claim up to limit messages that are due at now, for lease
 * seconds, so that no other sender (thread or process) takes them; then
 * report each as sent or failed. A failed message is retried at
 * retry_at; after max attempts it stays failed and visible to the lead. */
int store_outbox_claim(struct store *s, struct arena *a, int64_t now, int lease,
		       int limit, struct outbox_item **items, int *count);
int store_outbox_sent(struct store *s, int64_t id, int64_t now);
int store_outbox_failed(struct store *s, int64_t id, const char *error, int64_t retry_at);
/* Messages not sent yet (pending) and of those, failed at least once. */
int store_outbox_counts(struct store *s, int64_t *pending, int64_t *failing);

/* Counts for /metrics. */
int store_count_applications(struct store *s, int64_t *count);

#endif
