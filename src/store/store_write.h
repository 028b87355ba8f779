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
/* The same, only when the organisation has no parent yet (LWP_ENOTFOUND
 * otherwise too). */
LWP_MUST_USE int store_organisation_set_parent_if_none(struct store *s, struct arena *a,
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
/* Add an event to the application's history without changing its status
 * (status: the current one). note: an EVENT_* msgid or the lead's text. */
LWP_MUST_USE int store_application_note(struct store *s, int64_t app_id, enum app_status status,
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

/* ---- subgroups (store_subgroups.c; reads in store_subgroups.h) ---- */
struct subgroup_settings;
struct subgroup_rule;
/* Save the settings; make the groups 0..k-1 and drop those beyond, with
 * their coaches and members. */
LWP_MUST_USE int store_subgroup_plan_set(struct store *s, int64_t edition_id,
					 const struct subgroup_settings *set, int64_t now);
/* LWP_ENOTFOUND when the edition has no group at position. */
LWP_MUST_USE int store_subgroup_name_set(struct store *s, int64_t edition_id, int position,
					 const char *name);
/* Replace the coaches of the group at position. */
LWP_MUST_USE int store_subgroup_coaches_set(struct store *s, int64_t edition_id, int position,
					    const int64_t *user_ids, int n);
/* Replace the proposal: application app_ids[i] to the group at positions[i]
 * (LWP_ENOTFOUND when one is not of the edition or no such group). */
LWP_MUST_USE int store_subgroup_propose(struct store *s, int64_t edition_id,
					const int64_t *app_ids, const int *positions, int n);
/* The proposal becomes the confirmed split (who is not in it leaves). */
LWP_MUST_USE int store_subgroup_confirm(struct store *s, int64_t edition_id, int64_t now);
/* A rule between two applications of the edition (LWP_ENOTFOUND otherwise). */
LWP_MUST_USE int store_subgroup_rule_add(struct store *s, int64_t edition_id,
					 const struct subgroup_rule *r, int64_t *id);
LWP_MUST_USE int store_subgroup_rule_delete(struct store *s, int64_t edition_id,
					    int64_t rule_id);

/* ---- accounts (store_users.c, store_sessions.c) ---- */
LWP_MUST_USE int store_user_create(struct store *s, struct arena *a, const char *email,
				   const char *name, const char *lang, int64_t now, int64_t *id);
LWP_MUST_USE int store_user_set_password(struct store *s, int64_t id, const char *hash);
/* Record step as used; LWP_ENOTFOUND when it (or a later one) was used. */
LWP_MUST_USE int store_user_totp_step(struct store *s, int64_t id, int64_t step);
/* Enrol a TOTP secret (sealed with the store's key, store_secrets.c) with
 * fresh recovery codes (hashes), replacing old ones. */
LWP_MUST_USE int store_user_set_totp(struct store *s, struct arena *a, int64_t id,
				     const char *secret, char *const *code_hashes, int ncodes);
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
/* End every session of the user but keep (an id; 0 for none). */
LWP_MUST_USE int store_session_end_others(struct store *s, int64_t user_id, int64_t keep);
LWP_MUST_USE int store_session_expire(struct store *s, int64_t idle_before,
				      int64_t created_before);
LWP_MUST_USE int store_login_link_create(struct store *s, int64_t user_id,
					 const char *token_hash, int64_t now, int64_t expires_at);
/* Use a link once: LWP_ENOTFOUND when unknown, used or expired. */
LWP_MUST_USE int store_login_link_use(struct store *s, const char *token_hash, int64_t now,
				      int64_t *user_id);

/* A sign-in link asked for (store_sessions.c): queued, handled by the
 * background job, so that the answer takes as long for any address. */
struct link_request {
	int64_t id;
	char *email;
	char *lang;
};
LWP_MUST_USE int store_link_request_add(struct store *s, const char *email, const char *lang,
					int64_t now);
/* Take (read and delete) up to max queued requests, oldest first. */
LWP_MUST_USE int store_link_requests_take(struct store *s, struct arena *a, int max,
					  struct link_request **out, int *count);

/* ---- audit, rate limits, outbox ---- */
LWP_MUST_USE int store_audit(struct store *s, const struct audit_entry *e);
/* Count a hit in bucket; LWP_ELIMIT with *retry_after seconds when more
 * than limit hits fall in the current window of window seconds. */
LWP_MUST_USE int store_rate_hit(struct store *s, const char *bucket, int64_t now, int window,
				int limit, int *retry_after);
/* Queue a message (store_outbox.c). */
LWP_MUST_USE int store_outbox_add(struct store *s, const struct mail *m, int64_t now);

/* ---- meetings, attendance, polls, feeds, phases (store_meetings.c,
 * store_polls.c) ---- */
#include "store/store_meetings.h"
/* Insert the meeting with its days and facilitators (user ids); *id set. */
LWP_MUST_USE int store_meeting_insert(struct store *s, const struct meeting *m,
				      const int64_t *facilitators, size_t n_facilitators,
				      int network, int64_t now, int64_t *id);
/* Store every field of m (by m->id) with its sequence and status: days are
 * updated by position, days past the new last one deleted with their
 * attendance; the facilitators replaced. */
LWP_MUST_USE int store_meeting_update(struct store *s, const struct meeting *m,
				      const int64_t *facilitators, size_t n_facilitators,
				      int64_t now);
/* Record (or change) one participant's attendance on one day. */
LWP_MUST_USE int store_attendance_set(struct store *s, int64_t day_id, int64_t person_id,
				      enum attendance_status st, const char *by, int64_t now);
/* A new open poll with its candidates; *id set. */
LWP_MUST_USE int store_poll_insert(struct store *s, const struct poll_full *p, int64_t now,
				   int64_t *id);
LWP_MUST_USE int store_poll_invitee_insert(struct store *s, struct arena *a, int64_t poll_id,
					   const struct poll_invitee *inv,
					   const char *token_hash, int64_t now);
/* The invitee's answers to every candidate (n of them, in order). */
LWP_MUST_USE int store_poll_answers_set(struct store *s, const struct poll_full *p,
					int64_t invitee_id, const enum poll_answer *answers,
					char *const *comments, int64_t now);
LWP_MUST_USE int store_poll_invitee_reminded(struct store *s, int64_t invitee_id, int64_t now);
/* A new private link for the invitee (the old one stops working). */
LWP_MUST_USE int store_poll_invitee_token(struct store *s, int64_t invitee_id,
					  const char *token_hash);
LWP_MUST_USE int store_poll_lead_told(struct store *s, int64_t poll_id);
/* Close an open poll with its pick and the meeting made: LWP_ECLOSED when
 * it was closed already. */
LWP_MUST_USE int store_poll_close(struct store *s, int64_t poll_id, int picked,
				  int64_t meeting_id, int64_t now);
/* Replace the feed token of a user or a person (the other id 0). */
LWP_MUST_USE int store_feed_replace(struct store *s, int64_t user_id, int64_t person_id,
				    const char *token_hash, int64_t now);
/* Set the network date (NULL clears it) or record the move. */
LWP_MUST_USE int store_phase_set_date(struct store *s, int64_t edition_id, const char *network_on);
LWP_MUST_USE int store_phase_moved(struct store *s, int64_t edition_id, const char *by,
				   int64_t now);

/* ---- whole database: store_restore in store/backup.h (its own transaction) ---- */


/* ---- network of initiatives (store_network.c) ---- */
#include "store/store_network.h"
/* Raise the generation counter (every change of an initiative does). */
LWP_MUST_USE int store_network_bump(struct store *s);
/* A person by e-mail address, created with name, organisation and
 * language when new (an existing person keeps their data). */
LWP_MUST_USE int store_person_ensure(struct store *s, struct arena *a, const char *name,
				     const char *email, int64_t org_id, const char *lang,
				     int64_t now, int64_t *id);
LWP_MUST_USE int store_person_set_consent(struct store *s, int64_t id, int consent, int64_t now);
/* A validated, normalised initiative (codes in its fields). */
LWP_MUST_USE int store_initiative_insert(struct store *s, const struct initiative_input *in,
					 int64_t org_id, int64_t owner_id,
					 enum initiative_status status, int64_t now, int64_t *id);
LWP_MUST_USE int store_initiative_update(struct store *s, int64_t id,
					 const struct initiative_input *in, int64_t org_id,
					 int64_t now);
/* From `from` to `to`: LWP_ECONFLICT when it is no longer `from`. */
LWP_MUST_USE int store_initiative_set_status(struct store *s, int64_t id,
					     enum initiative_status from,
					     enum initiative_status to, int64_t now);
LWP_MUST_USE int store_initiative_owner_add(struct store *s, int64_t id, int64_t person_id,
					    int64_t now);
LWP_MUST_USE int store_initiative_token_insert(struct store *s, int64_t initiative_id,
					       const char *purpose, int64_t person_id,
					       const char *hash, int64_t now, int64_t expires_at);
/* Use a link once: LWP_ENOTFOUND when it was used. */
LWP_MUST_USE int store_initiative_token_use(struct store *s, int64_t id, int64_t now);
/* A connection (from c's sides, kind, note, made_by), confirmed at once
 * when confirmed; LWP_ECONFLICT when the same one exists. */
LWP_MUST_USE int store_connection_insert(struct store *s, const struct connection_row *c,
					 int64_t now, int confirmed, int64_t *id);
/* LWP_ECONFLICT when confirmed already (or gone). */
LWP_MUST_USE int store_connection_confirm(struct store *s, int64_t id, int64_t by, int64_t now);
LWP_MUST_USE int store_connection_delete(struct store *s, int64_t id);

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


#endif
