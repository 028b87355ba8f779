/* See store_messages.h. */
#include "store/store_messages.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"

static const char SQL_MEMBERS_APPLICANTS[] =
	"SELECT p.name, p.email, p.lang FROM applications a JOIN people p ON p.id = a.person_id"
	" WHERE a.edition_id = ? AND a.status = ? AND a.anonymised_at IS NULL"
	" ORDER BY a.waitlist_rank, p.name, a.id";
static const char SQL_MEMBERS_COACHES[] =
	"SELECT DISTINCT u.name, u.email, u.lang FROM user_roles r JOIN users u ON u.id = r.user_id"
	" WHERE r.role = 'coach' AND (r.edition_id = ? OR r.edition_id = 0) AND u.disabled = 0"
	" ORDER BY u.name, u.email";
/* The confirmed members (subgroup_id, not the proposal's proposed_id) who
 * are still accepted participants. */
static const char SQL_MEMBERS_SUBGROUP[] =
	"SELECT p.name, p.email, p.lang FROM subgroup_members m"
	" JOIN subgroups g ON g.id = m.subgroup_id"
	" JOIN applications a ON a.id = m.application_id JOIN people p ON p.id = a.person_id"
	" WHERE g.edition_id = ? AND g.id = ? AND a.edition_id = g.edition_id AND a.status = ?"
	" AND a.anonymised_at IS NULL ORDER BY p.name, a.id";

static void map_member(struct arena *a, struct db_stmt *st, void *element)
{
	struct group_member *m = element;
	m->name = store_col_dup(a, st, 0);
	m->email = store_col_dup(a, st, 1);
	m->lang = store_col_dup(a, st, 2);
}

int store_group_members(struct store *s, struct arena *a, int64_t edition_id,
			const struct group_target *t, struct group_member **out, int *count)
{
	struct db_stmt *st;
	int rc;
	switch (t->kind) {
	case GROUP_PARTICIPANTS:
	case GROUP_WAITLIST:
		if ((rc = db_prepare(s->db, SQL_MEMBERS_APPLICANTS, &st)))
			return rc;
		db_bind_int(st, 1, edition_id);
		db_bind_text(st, 2, app_status_code(t->kind == GROUP_PARTICIPANTS ? APP_ACCEPTED
									      : APP_WAITLISTED));
		break;
	case GROUP_COACHES:
		if ((rc = db_prepare(s->db, SQL_MEMBERS_COACHES, &st)))
			return rc;
		db_bind_int(st, 1, edition_id);
		break;
	case GROUP_SUBGROUP:
		if ((rc = db_prepare(s->db, SQL_MEMBERS_SUBGROUP, &st)))
			return rc;
		db_bind_int(st, 1, edition_id);
		db_bind_int(st, 2, t->subgroup_id);
		db_bind_text(st, 3, app_status_code(APP_ACCEPTED));
		break;
	default:
		return LWP_EINVAL;
	}
	return store_collect(a, st, sizeof(**out), map_member, (void **)out, count);
}

static const char SQL_MESSAGE_INSERT[] =
	"INSERT INTO group_messages (edition_id, audience, subject_nl, body_nl, subject_en,"
	" body_en, sent_by_id, created_at, recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" RETURNING id";
static const char SQL_OUTBOX_MESSAGE[] =
	"INSERT INTO outbox (to_addr, to_name, subject, body_text, body_html,"
	" created_at, next_attempt_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
#define MESSAGE_COLS \
	"SELECT m.id, m.edition_id, m.audience, m.subject_nl, m.body_nl, m.subject_en," \
	" m.body_en, m.sent_by_id, m.created_at, m.recipients," \
	" (SELECT count(*) FROM outbox o WHERE o.message_id = m.id AND o.sent_at IS NOT NULL)," \
	" (SELECT count(*) FROM outbox o WHERE o.message_id = m.id AND o.sent_at IS NULL" \
	"  AND o.last_error IS NOT NULL)," \
	" (SELECT count(*) FROM outbox o WHERE o.message_id = m.id AND o.sent_at IS NULL" \
	"  AND o.last_error IS NULL) FROM group_messages m"
static const char SQL_MESSAGES[] = MESSAGE_COLS " WHERE m.edition_id = ? ORDER BY m.id DESC";
static const char SQL_MESSAGE_GET[] = MESSAGE_COLS " WHERE m.edition_id = ? AND m.id = ?";
static const char SQL_DELIVERIES[] =
	"SELECT to_name, to_addr, sent_at, attempts, last_error FROM outbox"
	" WHERE message_id = ? ORDER BY to_name, id";

int store_group_message_insert(struct store *s, const struct group_message *m, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MESSAGE_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, m->edition_id);
	db_bind_text(st, 2, m->audience);
	db_bind_text(st, 3, m->subject_nl);
	db_bind_text(st, 4, m->body_nl);
	db_bind_text(st, 5, m->subject_en);
	db_bind_text(st, 6, m->body_en);
	if (m->sent_by_id)
		db_bind_int(st, 7, m->sent_by_id);
	else
		db_bind_text(st, 7, NULL);
	db_bind_int(st, 8, m->created_at);
	db_bind_int(st, 9, m->recipients);
	return store_step_id(st, id);
}

int store_outbox_add_for_message(struct store *s, const struct mail *m, int64_t message_id,
				 int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OUTBOX_MESSAGE, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, m->to_addr);
	db_bind_text(st, 2, m->to_name);
	db_bind_text(st, 3, m->subject);
	db_bind_text(st, 4, m->body_text);
	db_bind_text(st, 5, m->body_html);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	db_bind_int(st, 8, message_id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static void map_message(struct arena *a, struct db_stmt *st, void *element)
{
	struct group_message *m = element;
	m->id = db_col_int(st, 0);
	m->edition_id = db_col_int(st, 1);
	m->audience = store_col_dup(a, st, 2);
	m->subject_nl = store_col_dup(a, st, 3);
	m->body_nl = store_col_dup(a, st, 4);
	m->subject_en = store_col_dup(a, st, 5);
	m->body_en = store_col_dup(a, st, 6);
	m->sent_by_id = db_col_is_null(st, 7) ? 0 : db_col_int(st, 7);
	m->created_at = db_col_int(st, 8);
	m->recipients = (int)db_col_int(st, 9);
	m->sent = (int)db_col_int(st, 10);
	m->failed = (int)db_col_int(st, 11);
	m->pending = (int)db_col_int(st, 12);
}

int store_group_messages(struct store *s, struct arena *a, int64_t edition_id,
			 struct group_message **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MESSAGES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_message, (void **)out, count);
}

int store_group_message_get(struct store *s, struct arena *a, int64_t edition_id, int64_t id,
			    struct group_message *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MESSAGE_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, id);
	return store_get_one(a, st, map_message, out);
}

static void map_delivery(struct arena *a, struct db_stmt *st, void *element)
{
	struct message_delivery *d = element;
	d->to_name = store_col_dup(a, st, 0);
	d->to_addr = store_col_dup(a, st, 1);
	d->sent_at = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
	d->attempts = (int)db_col_int(st, 3);
	d->last_error = store_col_dup(a, st, 4);
}

int store_message_deliveries(struct store *s, struct arena *a, int64_t message_id,
			     struct message_delivery **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_DELIVERIES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, message_id);
	return store_collect(a, st, sizeof(**out), map_delivery, (void **)out, count);
}
