/*
 * The store side of privacy (AVG): reading everything about a person and
 * anonymising or deleting it, all driven by the classification in
 * privacy_schema.h; erasure requests, one-time download links and the
 * retention periods per edition. Reads may be used anywhere; the writes
 * (marked "inside a write transaction") are for src/service/ only.
 */
#ifndef LWP_STORE_STORE_PRIVACY_H
#define LWP_STORE_STORE_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* Whom an export or an erasure is about: the applicant (people) and the
 * account (users) under one e-mail key; an id is 0 when there is none. */
struct privacy_subject {
	int64_t person_id;
	int64_t user_id;
	char *email_key;
	char *user_object; /* "user:ID", or "" */
};

/* The subject for an address: LWP_ENOTFOUND when no person, account or
 * message is known under it. */
LWP_MUST_USE int store_privacy_subject(struct store *s, struct arena *a, const char *email,
				       struct privacy_subject *out);
/* Add to obj one array per link of privacy_links with every exported
 * column of the subject's rows (a read; run it in one read transaction). */
LWP_MUST_USE int store_privacy_export(struct store *s, const struct privacy_subject *who,
				      json_t *obj);

#if defined(LWP_SERVICE_LAYER) || defined(LWP_STORE_LAYER)
/* ---- writes: for src/service/ only (as store_write.h) ---- */

/* What an anonymisation keeps (see enum pd_keep). */
enum privacy_mode {
	PRIVACY_ERASE,       /* art. 17: all but PK_TAX where the link's tax_kept holds */
	PRIVACY_APPLICANT,   /* retention of applicants not accepted: everything */
	PRIVACY_PARTICIPANT, /* retention of participants: all but PK_TAX, and
			      * PK_NETWORK where the link's network_kept holds */
	PRIVACY_TAX,         /* the tax period has passed: the PK_TAX columns */
};

/* Inside a write transaction: anonymise or delete every row of every link
 * about the subject; pseudonym replaces names and actors. */
LWP_MUST_USE int store_privacy_erase(struct store *s, const struct privacy_subject *who,
				     const char *pseudonym, enum privacy_mode mode, int64_t now);
/* Inside a write transaction: the same for the links that have rows per
 * application (applications, their history, offers, audit entries about
 * them), for application id; marks it anonymised. */
LWP_MUST_USE int store_privacy_erase_application(struct store *s, int64_t id,
						 const char *pseudonym, enum privacy_mode mode,
						 int64_t now);
/* Outside any transaction, after an erasure: make deleted bytes
 * unrecoverable from the database files (SQLite: secure_delete was on,
 * checkpoint the WAL and truncate it, VACUUM; PostgreSQL: VACUUM FULL of
 * the tables with personal data). */
LWP_MUST_USE int store_privacy_compact(struct store *s);
/* Before the erasure's write transaction, on the same connection: zero
 * deleted content (SQLite's secure_delete; nothing on PostgreSQL). */
LWP_MUST_USE int store_privacy_secure_delete(struct store *s);

#endif

/* ---- erasure requests ---- */
struct privacy_request {
	int64_t id;
	char *kind;         /* "erasure" */
	char *email_key;
	int64_t requested_at;
	int64_t due_at;     /* carried out by the background job after this */
	char *via;          /* "account", "application" or "cli" */
	int64_t done_at;    /* 0 while open */
	char *pseudonym;
};
/* Open requests first (by due time), then the last 100 done ones. */
LWP_MUST_USE int store_privacy_requests(struct store *s, struct arena *a,
					struct privacy_request **out, int *count);
LWP_MUST_USE int store_privacy_request_get(struct store *s, struct arena *a, int64_t id,
					   struct privacy_request *out);
/* Open requests due at now, at most max. */
LWP_MUST_USE int store_privacy_requests_due(struct store *s, struct arena *a, int64_t now,
					    int max, struct privacy_request **out, int *count);
#if defined(LWP_SERVICE_LAYER) || defined(LWP_STORE_LAYER)
/* Inside a write transaction: a new request, unless one for the key is
 * open (then *id is that one's and LWP_ECONFLICT is returned). */
LWP_MUST_USE int store_privacy_request_add(struct store *s, const char *email_key,
					   const char *via, int64_t now, int64_t due_at,
					   int64_t *id);
/* Inside a write transaction: mark done with the pseudonym used. */
LWP_MUST_USE int store_privacy_request_done(struct store *s, int64_t id, int64_t done_by_id,
					    const char *pseudonym, int64_t now);
#endif

#if defined(LWP_SERVICE_LAYER) || defined(LWP_STORE_LAYER)
/* ---- one-time download links ---- */
/* Inside a write transaction. */
LWP_MUST_USE int store_privacy_link_add(struct store *s, const char *token_hash,
					const char *email_key, int64_t now, int64_t expires_at);
/* Inside a write transaction: use a link once; LWP_ENOTFOUND when unknown,
 * used or expired. *email_key in a. */
LWP_MUST_USE int store_privacy_link_use(struct store *s, struct arena *a,
					const char *token_hash, int64_t now, char **email_key);
#endif
/* Read: the link is open (not used, not expired): 0 or LWP_ENOTFOUND. */
LWP_MUST_USE int store_privacy_link_open(struct store *s, const char *token_hash, int64_t now);

/* ---- retention ---- */
struct edition_retention {
	int applicant_days;   /* after the end: applicants not accepted */
	int participant_days; /* after the end: participants */
};
#define RETENTION_APPLICANT_DAYS 365
#define RETENTION_PARTICIPANT_DAYS (3 * 365)
#define RETENTION_TAX_DAYS (7 * 365 + 2)
/* The edition's periods, or the defaults above. */
LWP_MUST_USE int store_edition_retention(struct store *s, int64_t edition_id,
					 struct edition_retention *out);
#if defined(LWP_SERVICE_LAYER) || defined(LWP_STORE_LAYER)
/* Inside a write transaction. */
LWP_MUST_USE int store_edition_retention_set(struct store *s, int64_t edition_id,
					     const struct edition_retention *r);
#endif
struct retention_row {
	int64_t id;
	int64_t person_id;
	enum app_status status;
	int64_t anonymised_at; /* 0 when not yet */
};
/* Every application of the edition. */
LWP_MUST_USE int store_retention_rows(struct store *s, struct arena *a, int64_t edition_id,
				      struct retention_row **out, int *count);
/* Whether every application of the person is anonymised and no account
 * uses the address (*done 1): then the person itself may go. */
LWP_MUST_USE int store_person_all_anonymised(struct store *s, int64_t person_id, int *done);
/* The subject of a person by id (for retention). */
LWP_MUST_USE int store_privacy_subject_of_person(struct store *s, struct arena *a,
						 int64_t person_id, struct privacy_subject *out);

#endif
