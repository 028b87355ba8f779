/*
 * The selection in the store: the candidates of an edition with what the
 * diversity is computed from, the lead's marks and settings, confirming a
 * selection in one transaction, and offers of a freed place to the next
 * on the waiting list.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "store/db.h"

#include <string.h>

static const char SQL_SELECTION_ROWS[] =
	"SELECT a.id, o.id, COALESCE(o.parent_id, 0), o.kind, i.theme, i.tags,"
	" a.selection_mark, a.status, p.name, o.name, p.email, p.lang,"
	" COALESCE(a.waitlist_rank, 0)"
	" FROM applications a JOIN people p ON p.id = a.person_id"
	" JOIN initiatives i ON i.id = a.initiative_id"
	" JOIN organisations o ON o.id = i.organisation_id"
	" WHERE a.edition_id = ? AND a.status IN ('submitted', 'accepted', 'waitlisted')"
	" ORDER BY a.id";
static const char SQL_MARK[] =
	"UPDATE applications SET selection_mark = ? WHERE id = ? AND edition_id = ?"
	" RETURNING id";
static const char SQL_SETTINGS_GET[] =
	"SELECT w_org, w_parent, w_kind, w_theme, w_tags, offer_days"
	" FROM selection_settings WHERE edition_id = ?";
static const char SQL_SETTINGS_SET[] =
	"INSERT INTO selection_settings (edition_id, w_org, w_parent, w_kind, w_theme,"
	" w_tags, offer_days) VALUES (?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (edition_id) DO UPDATE SET w_org = excluded.w_org,"
	" w_parent = excluded.w_parent, w_kind = excluded.w_kind,"
	" w_theme = excluded.w_theme, w_tags = excluded.w_tags,"
	" offer_days = excluded.offer_days";
/* Only applications still in the running: one withdrawn while the
 * selection was being solved stays withdrawn. */
static const char SQL_SET_SELECTED[] =
	"UPDATE applications SET status = ?, waitlist_rank = ?,"
	" token_hash = COALESCE(?, token_hash) WHERE id = ? AND edition_id = ?"
	" AND status IN ('submitted', 'accepted', 'waitlisted') RETURNING id";
/* Guarded so that of two confirms racing, the second changes nothing. */
static const char SQL_EDITION_SELECTED[] =
	"UPDATE editions SET status = 'selected' WHERE id = ? AND status IN ('open', 'closed')"
	" RETURNING id";
static const char SQL_OFFER_OPEN[] =
	"SELECT COUNT(*) FROM offers f JOIN applications a ON a.id = f.application_id"
	" WHERE a.edition_id = ? AND f.answered_at IS NULL AND f.expires_at > ?";
static const char SQL_OFFER_INSERT[] =
	"INSERT INTO offers (application_id, token_hash, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_OFFER_BY_TOKEN[] =
	"SELECT f.id, f.application_id, f.expires_at, f.answered_at, f.answer"
	" FROM offers f WHERE f.token_hash = ?";
static const char SQL_OFFER_ANSWER[] =
	"UPDATE offers SET answered_at = ?, answer = ? WHERE id = ? AND answered_at IS NULL"
	" AND expires_at > ? RETURNING application_id";
static const char SQL_STILL_WAITING[] =
	"SELECT COUNT(*) FROM applications WHERE id = ? AND status = 'waitlisted'";
static const char SQL_OFFERS_EXPIRE[] =
	"UPDATE offers SET answered_at = ?, answer = 'expired'"
	" WHERE answered_at IS NULL AND expires_at <= ? RETURNING application_id";
static const char SQL_APP_STATUS[] =
	"UPDATE applications SET status = ? WHERE id = ? RETURNING edition_id";
/* The accepted from the counters (store_counts.c). */
static const char SQL_ACCEPTED_COUNT[] =
	"SELECT e.capacity - (SELECT COALESCE(SUM(c.n), 0) FROM application_counts c"
	" WHERE c.edition_id = e.id AND c.status = 'accepted')"
	" FROM editions e JOIN applications x ON x.edition_id = e.id WHERE x.id = ?";

static int places_left(struct store *s, int64_t app_id, int64_t *left);

static void map_selection_row(struct arena *a, struct db_stmt *st, void *element)
{
	struct selection_row *r = element;
	int kind = org_kind_parse(db_col_text(st, 3));
	int theme = theme_parse(db_col_text(st, 4));
	int status = app_status_parse(db_col_text(st, 7));
	r->c.application_id = db_col_int(st, 0);
	r->c.org_id = db_col_int(st, 1);
	r->c.parent_id = db_col_int(st, 2);
	r->c.kind = kind < 0 ? ORG_OTHER : (enum org_kind)kind;
	r->c.theme = theme < 0 ? THEME_BOTH : (enum theme)theme;
	r->c.tags = store_col_dup(a, st, 5);
	r->c.mark = (int)db_col_int(st, 6);
	r->status = status < 0 ? APP_SUBMITTED : (enum app_status)status;
	r->c.accepted = r->status == APP_ACCEPTED;
	r->name = store_col_dup(a, st, 8);
	r->organisation = store_col_dup(a, st, 9);
	r->email = store_col_dup(a, st, 10);
	r->lang = store_col_dup(a, st, 11);
	r->waitlist_rank = (int)db_col_int(st, 12);
}

int store_selection_rows(struct store *s, struct arena *a, int64_t edition_id,
			 struct selection_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SELECTION_ROWS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_selection_row, (void **)out, count);
}

int store_selection_mark(struct store *s, int64_t edition_id, int64_t application_id,
			 int mark)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MARK, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, mark);
	db_bind_int(st, 2, application_id);
	db_bind_int(st, 3, edition_id);
	return store_step_int(st, NULL);
}

int store_selection_settings_get(struct store *s, int64_t edition_id,
				 struct selection_settings *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SETTINGS_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	selection_default_settings(out);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->w_org = (int)db_col_int(st, 0);
		out->w_parent = (int)db_col_int(st, 1);
		out->w_kind = (int)db_col_int(st, 2);
		out->w_theme = (int)db_col_int(st, 3);
		out->w_tags = (int)db_col_int(st, 4);
		out->offer_days = (int)db_col_int(st, 5);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_selection_settings_set(struct store *s, int64_t edition_id,
				 const struct selection_settings *w)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SETTINGS_SET, &st);
	if (rc)
		return rc;
	int64_t v[] = {edition_id, w->w_org, w->w_parent, w->w_kind, w->w_theme, w->w_tags,
		       w->offer_days};
	for (int i = 0; i < 7; i++)
		db_bind_int(st, i + 1, v[i]);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* One outcome; *applied 0 when the application left the running since the
 * plan (it keeps its status, gets no event and no mail). */
static int set_selected(struct store *s, int64_t edition_id, const struct selection_outcome *o,
			const char *actor, int64_t now, int *applied)
{
	struct db_stmt *st;
	/* Counted out and in again around the guarded update (store_counts.c). */
	int rc = store_counts_application(s, o->application_id, -1);
	if (rc || (rc = db_prepare(s->db, SQL_SET_SELECTED, &st)))
		return rc;
	db_bind_text(st, 1, app_status_code(o->status));
	if (o->rank)
		db_bind_int(st, 2, o->rank);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, o->token_hash);
	db_bind_int(st, 4, o->application_id);
	db_bind_int(st, 5, edition_id);
	*applied = 0;
	if ((rc = store_step_int(st, NULL)) && rc != LWP_ENOTFOUND)
		return rc;
	int counted = store_counts_application(s, o->application_id, 1);
	if (counted || rc)
		return counted ? counted : 0; /* LWP_ENOTFOUND: not applied */
	*applied = 1;
	rc = store_event_insert(s, o->application_id, o->status, actor, EVENT_SELECTION, now);
	if (!rc && o->mail)
		rc = store_outbox_add(s, o->mail, now);
	return rc;
}

int store_selection_confirm(struct store *s, int64_t edition_id,
			    const struct selection_outcome *outcomes, int n, const char *actor,
			    int64_t now, int *applied)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_SELECTED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	if ((rc = store_step_int(st, NULL)))
		return rc == LWP_ENOTFOUND ? LWP_ECLOSED : rc;
	*applied = 0;
	for (int i = 0; !rc && i < n; i++) {
		int one = 0;
		rc = set_selected(s, edition_id, &outcomes[i], actor, now, &one);
		*applied += one;
	}
	return rc;
}

int store_offer_open_count(struct store *s, int64_t edition_id, int64_t now, int64_t *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OFFER_OPEN, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, now);
	return store_step_int(st, count);
}

/* Inside the offer's transaction: the place is still free, no other offer
 * for the edition is open, and the applicant is still waiting. */
static int offer_still_possible(struct store *s, int64_t edition_id, int64_t application_id,
				int64_t now)
{
	int64_t open, left, waiting;
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OFFER_OPEN, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, now);
	if ((rc = store_step_int(st, &open)) || (rc = places_left(s, application_id, &left)))
		return rc;
	if ((rc = db_prepare(s->db, SQL_STILL_WAITING, &st)))
		return rc;
	db_bind_int(st, 1, application_id);
	if ((rc = store_step_int(st, &waiting)))
		return rc;
	return open == 0 && left > 0 && waiting ? 0 : LWP_ECLOSED;
}

int store_offer_create(struct store *s, int64_t edition_id, int64_t application_id,
		       const char *token_hash, int64_t now, int64_t expires_at)
{
	struct db_stmt *st;
	int rc = offer_still_possible(s, edition_id, application_id, now);
	if (rc || (rc = db_prepare(s->db, SQL_OFFER_INSERT, &st)))
		return rc;
	db_bind_int(st, 1, application_id);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return store_event_insert(s, application_id, APP_WAITLISTED, "system",
				  EVENT_OFFERED, now);
}

int store_offer_by_token(struct store *s, struct arena *a, const char *token, struct offer *o)
{
	char *hash;
	int rc = store_token_hash(a, token, &hash);
	if (rc)
		return rc;
	struct db_stmt *st;
	if ((rc = db_prepare(s->db, SQL_OFFER_BY_TOKEN, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		o->id = db_col_int(st, 0);
		o->application_id = db_col_int(st, 1);
		o->expires_at = db_col_int(st, 2);
		o->answered_at = db_col_int(st, 3);
		o->answer = store_col_dup(a, st, 4);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static int app_status(struct store *s, int64_t app_id, enum app_status status)
{
	struct db_stmt *st;
	int rc = store_counts_application(s, app_id, -1);
	if (rc || (rc = db_prepare(s->db, SQL_APP_STATUS, &st)))
		return rc;
	db_bind_text(st, 1, app_status_code(status));
	db_bind_int(st, 2, app_id);
	if ((rc = store_step_int(st, NULL)) && rc != LWP_ENOTFOUND)
		return rc;
	int counted = store_counts_application(s, app_id, 1);
	return counted ? counted : rc;
}

/* Places still free in the edition of the application. */
static int places_left(struct store *s, int64_t app_id, int64_t *left)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ACCEPTED_COUNT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, app_id);
	return store_step_int(st, left);
}

int store_offer_answer(struct store *s, const struct offer *o, int accept, int64_t now)
{
	int64_t app_id, left;
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OFFER_ANSWER, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, accept ? "accepted" : "declined");
	db_bind_int(st, 3, o->id);
	db_bind_int(st, 4, now);
	if ((rc = store_step_int(st, &app_id)))
		return rc; /* answered already or expired: LWP_ENOTFOUND */
	if (accept && ((rc = places_left(s, app_id, &left)) || left <= 0))
		return rc ? rc : LWP_ECLOSED;
	enum app_status status = accept ? APP_ACCEPTED : APP_WITHDRAWN;
	if ((rc = app_status(s, app_id, status)))
		return rc;
	return store_event_insert(s, app_id, status, "applicant",
				  accept ? EVENT_OFFER_TAKEN : EVENT_OFFER_LET_GO,
				  now);
}

int store_offers_expire(struct store *s, int64_t now, int64_t *ids, int max, int *expired)
{
	struct db_stmt *st;
	int n = 0;
	int rc = db_prepare(s->db, SQL_OFFERS_EXPIRE, &st);
	*expired = 0;
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	while (n < max && (rc = db_step(st)) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	rc = 0;
	/* Who let the offer lapse leaves the waiting list, so the next is asked. */
	for (int i = 0; !rc && i < n; i++)
		if (!(rc = app_status(s, ids[i], APP_DECLINED)))
			rc = store_event_insert(s, ids[i], APP_DECLINED, "system", EVENT_OFFER_EXPIRED, now);
	*expired = n;
	return rc;
}
