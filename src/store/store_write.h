/*
 * The store's writes, for src/service/ only: every state change goes
 * through one service function that opens the write transaction with
 * store_write(), re-checks its rules inside it, writes the audit entry and
 * queues the mail there. Nothing here begins or commits a transaction;
 * each function runs inside the caller's store_write(). Pages, the API and
 * the CLI include store.h (reads) and call services, never this header
 * (tests/http/test_rules.py and scripts/lint.sh check it).
 */
#ifndef LWP_STORE_STORE_WRITE_H
#define LWP_STORE_STORE_WRITE_H

#if !defined(LWP_SERVICE_LAYER) && !defined(LWP_STORE_LAYER)
#error "store_write.h is for src/service/ and src/store/: state changes go through a service"
#endif

#include "store/store.h"

/* The body of a write: runs inside an open write transaction. A non-zero
 * result rolls the transaction back and is returned by store_write. */
typedef int (*store_tx_fn)(struct store *s, void *ctx);

/* Run fn in one write transaction: commit when it returns 0, roll back
 * otherwise. LWP_EBUSY (lock not had, serialisation failure, lost
 * connection) is retried a few times with fn run again from the start, so
 * fn must not keep effects outside the database between attempts. */
LWP_MUST_USE int store_write(struct store *s, store_tx_fn fn, void *ctx);

/* ---- editions (store_editions.c) ---- */
LWP_MUST_USE int store_edition_insert(struct store *s, const struct edition *e, int64_t *id);
/* Every field of the edition with this id. */
LWP_MUST_USE int store_edition_update(struct store *s, const struct edition *e);
LWP_MUST_USE int store_edition_set_status(struct store *s, int64_t id, enum edition_status st);
LWP_MUST_USE int store_edition_set_deadline(struct store *s, int64_t id, int64_t deadline);

/* ---- organisations (store_organisations.c) ---- */
/* The organisation with this name (compared by its key), created with kind
 * when new. */
LWP_MUST_USE int store_organisation_upsert(struct store *s, struct arena *a, const char *name,
					   const char *kind, int64_t now, int64_t *id);
/* Set the parent of the organisation named name (case-insensitive); the
 * parent must exist and may not be the organisation itself: LWP_ENOTFOUND
 * otherwise. */
LWP_MUST_USE int store_organisation_set_parent(struct store *s, struct arena *a,
					       const char *name, const char *parent);

/* ---- applications (store_applications.c) ---- */
/* Create or update the person, store the initiative, the application (with
 * the hash of its private link's token) and its first event. */
LWP_MUST_USE int store_application_create(struct store *s, struct arena *a,
					  const struct application_input *in,
					  int64_t edition_id, int64_t org_id,
					  enum app_status status, const char *token_hash,
					  int64_t now, int64_t *id);
/* Change the status from `from` to `to` and add the event: LWP_ECONFLICT
 * when the status is no longer `from` (a change raced this one). */
LWP_MUST_USE int store_application_set_status(struct store *s, int64_t id,
					      enum app_status from, enum app_status to,
					      const char *actor, const char *note, int64_t now);
/* The first waitlisted applicant of e whose organisation is under the cap
 * (*id 0 when none). */
LWP_MUST_USE int store_application_first_waitlisted(struct store *s, const struct edition *e,
						    int64_t *id);

/* ---- selection (store_selection.c) ---- */
LWP_MUST_USE int store_selection_mark(struct store *s, int64_t edition_id,
				      int64_t application_id, int mark);
LWP_MUST_USE int store_selection_settings_set(struct store *s, int64_t edition_id,
					      const struct selection_settings *w);
/* Mark the edition selected (LWP_ECLOSED when it is no longer open or
 * closed: confirmed already) and apply every outcome whose application is
 * still in the running; *applied gets how many were. */
LWP_MUST_USE int store_selection_confirm(struct store *s, int64_t edition_id,
					 const struct selection_outcome *outcomes, int n,
					 const char *actor, int64_t now, int *applied);
/* Create an offer only if the place is still free, no offer of the edition
 * is open and the applicant is still waiting: LWP_ECLOSED otherwise. */
LWP_MUST_USE int store_offer_create(struct store *s, int64_t edition_id, int64_t application_id,
				    const char *token_hash, int64_t now, int64_t expires_at);
/* Accepting takes the place only while one is free (LWP_ECLOSED);
 * LWP_ENOTFOUND when the offer was answered or expired. */
LWP_MUST_USE int store_offer_answer(struct store *s, const struct offer *o, int accept,
				    int64_t now);
/* Expire lapsed offers (at most max), declining their applicants; ids gets
 * the applications. */
LWP_MUST_USE int store_offers_expire(struct store *s, int64_t now, int64_t *ids, int max,
				     int *expired);

/* ---- accounts (store_users.c, store_sessions.c) ---- */
LWP_MUST_USE int store_user_create(struct store *s, struct arena *a, const char *email,
				   const char *name, const char *lang, int64_t now, int64_t *id);
LWP_MUST_USE int store_user_set_password(struct store *s, int64_t id, const char *hash);
/* Record step as used; LWP_ENOTFOUND when it (or a later one) was used. */
LWP_MUST_USE int store_user_totp_step(struct store *s, int64_t id, int64_t step);
/* Enrol a TOTP secret with fresh recovery codes (hashes), replacing old ones. */
LWP_MUST_USE int store_user_set_totp(struct store *s, int64_t id, const char *secret,
				     char *const *code_hashes, int ncodes);
/* Use an unused recovery code once; LWP_ENOTFOUND otherwise. */
LWP_MUST_USE int store_recovery_code_use(struct store *s, int64_t user_id,
					 const char *code_hash, int64_t now);
LWP_MUST_USE int store_role_grant(struct store *s, int64_t user_id, enum role role,
				  int64_t edition_id);
LWP_MUST_USE int store_role_revoke(struct store *s, int64_t user_id, enum role role,
				   int64_t edition_id);
LWP_MUST_USE int store_session_create(struct store *s, int64_t user_id, const char *token_hash,
				      const char *csrf, int second_factor, int64_t now);
LWP_MUST_USE int store_session_touch(struct store *s, int64_t id, int64_t now);
LWP_MUST_USE int store_session_delete(struct store *s, const char *token_hash);
LWP_MUST_USE int store_session_expire(struct store *s, int64_t idle_before,
				      int64_t created_before);
LWP_MUST_USE int store_login_link_create(struct store *s, int64_t user_id,
					 const char *token_hash, int64_t now, int64_t expires_at);
/* Use a link once: LWP_ENOTFOUND when unknown, used or expired. */
LWP_MUST_USE int store_login_link_use(struct store *s, const char *token_hash, int64_t now,
				      int64_t *user_id);

/* ---- audit, rate limits, outbox ---- */
LWP_MUST_USE int store_audit(struct store *s, const struct audit_entry *e);
/* Count a hit in bucket; LWP_ELIMIT with *retry_after seconds when more
 * than limit hits fall in the current window of window seconds. */
LWP_MUST_USE int store_rate_hit(struct store *s, const char *bucket, int64_t now, int window,
				int limit, int *retry_after);
/* Queue a message (store_outbox.c). */
LWP_MUST_USE int store_outbox_add(struct store *s, const struct mail *m, int64_t now);

/* ---- invoices (store_invoices.c, store_invoices.h for the types) ---- */
#include "store/store_invoices.h"
LWP_MUST_USE int store_invoice_seller_set(struct store *s, const struct invoice_seller *v,
					  int64_t now);
LWP_MUST_USE int store_invoice_settings_set(struct store *s, int64_t edition_id,
					    const struct invoice_settings *v);
LWP_MUST_USE int store_invoice_billing_set(struct store *s, const struct invoice_billing *b,
					   int64_t now);
/* The nights booked by a participant (an application id). */
LWP_MUST_USE int store_invoice_nights_set(struct store *s, int64_t application_id, int nights);
LWP_MUST_USE int store_invoice_manual_add(struct store *s, int64_t edition_id,
					  const struct invoice_manual *m, const char *by,
					  int64_t now, int64_t *id);
LWP_MUST_USE int store_invoice_manual_delete(struct store *s, int64_t id);
/* The next number of year's series: the counter row is incremented by this
 * statement, so inside store_write (the write lock) two writers never get
 * the same number, and a rolled back transaction gives its number back. */
LWP_MUST_USE int store_invoice_next_seq(struct store *s, int year, int64_t *seq);
/* Insert row (header, seller, buyer, lines, totals); row->id is set. */
LWP_MUST_USE int store_invoice_insert(struct store *s, struct invoice_row *row,
				      const char *token_hash);
/* Replace the buyer, lines and totals of a draft: LWP_ECONFLICT when it is
 * no longer a draft. */
LWP_MUST_USE int store_invoice_replace_draft(struct store *s, const struct invoice_row *row);
/* Status from -> to, stamping sent_at or paid_at: LWP_ECONFLICT when the
 * status is no longer from. */
LWP_MUST_USE int store_invoice_set_status(struct store *s, int64_t id, enum invoice_status from,
					  enum invoice_status to, int64_t now);
LWP_MUST_USE int store_invoice_set_credited(struct store *s, int64_t id);
LWP_MUST_USE int store_invoice_set_token(struct store *s, int64_t id, const char *token_hash);

/* ---- whole database (backup.c) ---- */
/* Load a backup into an empty database in one transaction of its own: all
 * or nothing. LWP_ECONFLICT when the database has rows, LWP_EINVAL for a
 * bad file (*bad_line says where). */
LWP_MUST_USE int store_restore(struct store *s, FILE *in, long *rows, long *bad_line);

#endif
