/*
 * Meetings, their days and facilitators, attendance, calendar feeds and the
 * phase date of an edition (issue 15). A meeting is read in three steps
 * (the row, its days by position, its facilitators) so that the SQL stays
 * portable; lists load the rows first and then each meeting's days, which
 * is fine for the tens of meetings an edition has.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

#define MEETING_COLUMNS \
	"m.id, m.edition_id, COALESCE(m.subgroup_id, 0), m.title, m.description, m.kind," \
	" m.location, m.residential, m.nights, m.price_per_night_cents, m.status," \
	" m.sequence, m.network, m.updated_at"
#define FIRST_DAY "(SELECT MIN(d.day) FROM meeting_days d WHERE d.meeting_id = m.id)"

static const char SQL_MEETING_GET[] =
	"SELECT " MEETING_COLUMNS " FROM meetings m WHERE m.id = ?";
static const char SQL_MEETING_LIST[] =
	"SELECT " MEETING_COLUMNS " FROM meetings m WHERE m.edition_id = ?"
	" AND (? = 0 OR m.status = 'confirmed') ORDER BY " FIRST_DAY ", m.id";
static const char SQL_MEETINGS_OF_USER[] =
	"SELECT " MEETING_COLUMNS " FROM meetings m WHERE m.status <> 'proposed' AND ("
	" m.edition_id IN (SELECT r.edition_id FROM user_roles r WHERE r.user_id = ?)"
	" OR m.id IN (SELECT f.meeting_id FROM meeting_facilitators f WHERE f.user_id = ?))"
	" ORDER BY " FIRST_DAY ", m.id";
static const char SQL_MEETINGS_OF_PERSON[] =
	"SELECT " MEETING_COLUMNS " FROM meetings m WHERE m.status <> 'proposed' AND"
	" m.edition_id IN (SELECT a.edition_id FROM applications a"
	" WHERE a.person_id = ? AND a.status = 'accepted')"
	" ORDER BY " FIRST_DAY ", m.id";
static const char SQL_MEETING_DAYS[] =
	"SELECT id, day, all_day, start_minute, end_minute FROM meeting_days"
	" WHERE meeting_id = ? ORDER BY position";
static const char SQL_MEETING_FACILITATORS[] =
	"SELECT u.id, u.name, u.email FROM meeting_facilitators f JOIN users u ON u.id = f.user_id"
	" WHERE f.meeting_id = ? ORDER BY u.name, u.id";

static void map_meeting(struct arena *a, struct db_stmt *st, void *out)
{
	struct meeting_row *r = out;
	memset(r, 0, sizeof(*r));
	r->m.id = db_col_int(st, 0);
	r->m.edition_id = db_col_int(st, 1);
	r->m.subgroup_id = db_col_int(st, 2);
	r->m.title = store_col_dup(a, st, 3);
	r->m.description = store_col_dup(a, st, 4);
	int k = meeting_kind_parse(db_col_text(st, 5));
	r->m.kind = k < 0 ? MEETING_FOLLOW_UP : (enum meeting_kind)k;
	r->m.location = store_col_dup(a, st, 6);
	r->m.residential = (int)db_col_int(st, 7);
	r->m.nights = (int)db_col_int(st, 8);
	r->m.price_per_night_cents = db_col_int(st, 9);
	int status = meeting_status_parse(db_col_text(st, 10));
	r->m.status = status < 0 ? MEETING_PROPOSED : (enum meeting_status)status;
	r->m.sequence = (int)db_col_int(st, 11);
	r->network = (int)db_col_int(st, 12);
	r->updated_at = db_col_int(st, 13);
}

struct day_row {
	int64_t id;
	struct meeting_day day;
	int bad_date;
};

static void map_day(struct arena *a, struct db_stmt *st, void *out)
{
	struct day_row *r = out;
	(void)a;
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->bad_date = tz_parse_date(db_col_text(st, 1), &r->day.year, &r->day.month, &r->day.day);
	r->day.all_day = (int)db_col_int(st, 2);
	r->day.start_minute = (int)db_col_int(st, 3);
	r->day.end_minute = (int)db_col_int(st, 4);
}

/* The first MEETING_DAYS_MAX days into arrays of that capacity; a day
 * whose date does not parse is a damaged row (LWP_EDB). */
static int load_days(struct store *s, struct arena *a, struct meeting_row *r)
{
	struct db_stmt *st;
	struct day_row *rows;
	int count, rc = store_prepare_ints(s, SQL_MEETING_DAYS, &r->m.id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*rows), map_day, (void **)&rows, &count)))
		return rc;
	r->m.days = arena_calloc(a, MEETING_DAYS_MAX, sizeof(*r->m.days));
	r->day_ids = arena_calloc(a, MEETING_DAYS_MAX, sizeof(*r->day_ids));
	if (!r->m.days || !r->day_ids)
		return LWP_ENOMEM;
	size_t n = 0;
	for (; !rc && n < MEETING_DAYS_MAX && n < (size_t)count; n++) {
		r->m.days[n] = rows[n].day;
		r->day_ids[n] = rows[n].id;
		if (rows[n].bad_date)
			rc = LWP_EDB;
	}
	r->m.n_days = n;
	return rc;
}

struct facilitator_row {
	int64_t id;
	char *name, *email;
};

static void map_facilitator(struct arena *a, struct db_stmt *st, void *out)
{
	struct facilitator_row *r = out;
	r->id = db_col_int(st, 0);
	r->name = store_col_dup(a, st, 1);
	r->email = store_col_dup(a, st, 2);
}

static int load_facilitators(struct store *s, struct arena *a, struct meeting_row *r)
{
	struct db_stmt *st;
	struct facilitator_row *rows;
	int count, rc = store_prepare_ints(s, SQL_MEETING_FACILITATORS, &r->m.id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*rows), map_facilitator, (void **)&rows, &count)))
		return rc;
	size_t max = MEETING_FACILITATORS_MAX, n = 0;
	r->m.facilitators = arena_calloc(a, max, sizeof(char *));
	r->facilitator_ids = arena_calloc(a, max, sizeof(int64_t));
	r->facilitator_emails = arena_calloc(a, max, sizeof(char *));
	if (!r->m.facilitators || !r->facilitator_ids || !r->facilitator_emails)
		return LWP_ENOMEM;
	for (; n < max && n < (size_t)count; n++) {
		r->facilitator_ids[n] = rows[n].id;
		r->m.facilitators[n] = rows[n].name;
		r->facilitator_emails[n] = rows[n].email;
	}
	r->m.n_facilitators = n;
	return 0;
}

static int complete(struct store *s, struct arena *a, struct meeting_row *r)
{
	int rc = load_days(s, a, r);
	return rc ? rc : load_facilitators(s, a, r);
}

int store_meeting_get(struct store *s, struct arena *a, int64_t id, struct meeting_row *out)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_MEETING_GET, &id, 1, &st);
	if (rc || (rc = store_get_one(a, st, map_meeting, out)))
		return rc;
	return complete(s, a, out);
}

/* Every meeting that sql (bound to ints) returns, each with its days and
 * facilitators. */
static int collect_meetings(struct store *s, struct arena *a, const char *sql,
			    const int64_t *ints, int nints, struct meeting_row **out, int *count)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, sql, ints, nints, &st);
	if (rc == 0)
		rc = store_collect(a, st, sizeof(**out), map_meeting, (void **)out, count);
	for (int i = 0; !rc && i < *count; i++)
		rc = complete(s, a, &(*out)[i]);
	return rc;
}

int store_meeting_list(struct store *s, struct arena *a, int64_t edition_id, int confirmed_only,
		       struct meeting_row **out, int *count)
{
	const int64_t ints[] = {edition_id, confirmed_only ? 1 : 0};
	return collect_meetings(s, a, SQL_MEETING_LIST, ints, 2, out, count);
}

int store_meetings_of_user(struct store *s, struct arena *a, int64_t user_id,
			   struct meeting_row **out, int *count)
{
	const int64_t ints[] = {user_id, user_id};
	return collect_meetings(s, a, SQL_MEETINGS_OF_USER, ints, 2, out, count);
}

int store_meetings_of_person(struct store *s, struct arena *a, int64_t person_id,
			     struct meeting_row **out, int *count)
{
	return collect_meetings(s, a, SQL_MEETINGS_OF_PERSON, &person_id, 1, out, count);
}

/* ---- invitees ---- */

static const char SQL_PARTICIPANTS[] =
	"SELECT p.id, p.name, p.email, p.lang, p.consent_directory FROM applications a"
	" JOIN people p ON p.id = a.person_id WHERE a.edition_id = ? AND a.status = 'accepted'"
	" ORDER BY p.name, p.id";
static const char SQL_ROLE_USERS[] =
	"SELECT u.id, u.name, u.email, u.lang FROM user_roles r JOIN users u ON u.id = r.user_id"
	" WHERE r.role = ? AND r.edition_id = ? AND u.disabled = 0 ORDER BY u.name, u.id";

static void map_participant(struct arena *a, struct db_stmt *st, void *out)
{
	struct invitee *i = out;
	memset(i, 0, sizeof(*i));
	i->kind = INVITEE_PARTICIPANT;
	i->person_id = db_col_int(st, 0);
	i->name = store_col_dup(a, st, 1);
	i->email = store_col_dup(a, st, 2);
	i->lang = store_col_dup(a, st, 3);
	i->consent_directory = (int)db_col_int(st, 4);
}

static void map_coach(struct arena *a, struct db_stmt *st, void *out)
{
	struct invitee *i = out;
	memset(i, 0, sizeof(*i));
	i->kind = INVITEE_COACH;
	i->user_id = db_col_int(st, 0);
	i->name = store_col_dup(a, st, 1);
	i->email = store_col_dup(a, st, 2);
	i->lang = store_col_dup(a, st, 3);
}

int store_edition_participants(struct store *s, struct arena *a, int64_t edition_id,
			       struct invitee **out, int *count)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_PARTICIPANTS, &edition_id, 1, &st);
	return rc ? rc : store_collect(a, st, sizeof(**out), map_participant, (void **)out, count);
}

int store_edition_role_users(struct store *s, struct arena *a, int64_t edition_id,
			     enum role role, struct invitee **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ROLE_USERS, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, role_code(role));
	db_bind_int(st, 2, edition_id);
	return store_collect(a, st, sizeof(**out), map_coach, (void **)out, count);
}

/* ---- attendance ---- */

static const char SQL_ATTENDANCE[] =
	"SELECT d.meeting_id, t.meeting_day_id, t.person_id, t.status, t.recorded_by,"
	" t.recorded_at FROM attendance t JOIN meeting_days d ON d.id = t.meeting_day_id"
	" JOIN meetings m ON m.id = d.meeting_id WHERE m.edition_id = ?"
	" AND (? = 0 OR m.id = ?) ORDER BY d.meeting_id, d.position, t.person_id";

#define NIGHT_DAYS \
	" FROM attendance t JOIN meeting_days d ON d.id = t.meeting_day_id" \
	" JOIN meetings m ON m.id = d.meeting_id JOIN people p ON p.id = t.person_id" \
	" WHERE m.edition_id = ? AND m.status = 'confirmed' AND m.residential = 1" \
	" AND t.status = 'present' AND m.nights > 0 AND d.position >" \
	" (SELECT COUNT(*) FROM meeting_days x WHERE x.meeting_id = m.id) - m.nights"
static const char SQL_NIGHTS[] =
	"SELECT p.id, p.name, p.email, COUNT(*), SUM(m.price_per_night_cents)" NIGHT_DAYS
	" GROUP BY p.id, p.name, p.email ORDER BY p.name, p.id";
static const char SQL_STAYS[] =
	"SELECT p.id, (SELECT MIN(ap.id) FROM applications ap WHERE ap.person_id = p.id"
	" AND ap.edition_id = m.edition_id), m.id, m.title, COUNT(*), m.price_per_night_cents"
	NIGHT_DAYS
	" GROUP BY p.id, p.name, m.id, m.edition_id, m.title, m.price_per_night_cents"
	" ORDER BY p.name, p.id, (SELECT MIN(y.day) FROM meeting_days y WHERE y.meeting_id = m.id),"
	" m.id";
static const char SQL_ATTENDANCE_SET[] =
	"INSERT INTO attendance (meeting_day_id, person_id, status, recorded_by, recorded_at)"
	" VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_day_id, person_id) DO UPDATE SET"
	" status = excluded.status, recorded_by = excluded.recorded_by,"
	" recorded_at = excluded.recorded_at";

static void map_attendance(struct arena *a, struct db_stmt *st, void *out)
{
	struct attendance_row *r = out;
	r->meeting_id = db_col_int(st, 0);
	r->day_id = db_col_int(st, 1);
	r->person_id = db_col_int(st, 2);
	int v = attendance_parse(db_col_text(st, 3));
	r->status = v < 0 ? ATTENDANCE_ABSENT : (enum attendance_status)v;
	r->recorded_by = store_col_dup(a, st, 4);
	r->recorded_at = db_col_int(st, 5);
}

int store_attendance_list(struct store *s, struct arena *a, int64_t edition_id,
			  int64_t meeting_id, struct attendance_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ATTENDANCE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, meeting_id);
	db_bind_int(st, 3, meeting_id);
	return store_collect(a, st, sizeof(**out), map_attendance, (void **)out, count);
}

static void map_nights(struct arena *a, struct db_stmt *st, void *out)
{
	struct nights_row *r = out;
	r->person_id = db_col_int(st, 0);
	r->name = store_col_dup(a, st, 1);
	r->email = store_col_dup(a, st, 2);
	r->nights = (int)db_col_int(st, 3);
	r->cents = db_col_int(st, 4);
}

int store_nights_attended(struct store *s, struct arena *a, int64_t edition_id,
			  struct nights_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_NIGHTS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_nights, (void **)out, count);
}

static void map_stay(struct arena *a, struct db_stmt *st, void *out)
{
	struct stay_row *r = out;
	r->person_id = db_col_int(st, 0);
	r->application_id = db_col_int(st, 1);
	r->meeting_id = db_col_int(st, 2);
	r->meeting = store_col_dup(a, st, 3);
	r->nights = (int)db_col_int(st, 4);
	r->price_per_night_cents = db_col_int(st, 5);
}

int store_stays_attended(struct store *s, struct arena *a, int64_t edition_id,
			 struct stay_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_STAYS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_stay, (void **)out, count);
}

int store_attendance_set(struct store *s, int64_t day_id, int64_t person_id,
			 enum attendance_status status, const char *by, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ATTENDANCE_SET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, day_id);
	db_bind_int(st, 2, person_id);
	db_bind_text(st, 3, attendance_code(status));
	db_bind_text(st, 4, by);
	db_bind_int(st, 5, now);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- writing meetings ---- */

static const char SQL_MEETING_INSERT[] =
	"INSERT INTO meetings (edition_id, subgroup_id, title, description, kind, location,"
	" residential, nights, price_per_night_cents, status, sequence, network, created_at,"
	" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_MEETING_UPDATE[] =
	"UPDATE meetings SET subgroup_id = ?, title = ?, description = ?, kind = ?, location = ?,"
	" residential = ?, nights = ?, price_per_night_cents = ?, status = ?, sequence = ?,"
	" updated_at = ? WHERE id = ?";
static const char SQL_DAY_UPSERT[] =
	"INSERT INTO meeting_days (meeting_id, position, day, all_day, start_minute, end_minute)"
	" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, position) DO UPDATE SET"
	" day = excluded.day, all_day = excluded.all_day, start_minute = excluded.start_minute,"
	" end_minute = excluded.end_minute";
static const char SQL_DAYS_ATTENDANCE_DELETE[] =
	"DELETE FROM attendance WHERE meeting_day_id IN (SELECT id FROM meeting_days"
	" WHERE meeting_id = ? AND position > ?)";
static const char SQL_DAYS_DELETE[] =
	"DELETE FROM meeting_days WHERE meeting_id = ? AND position > ?";
static const char SQL_FACILITATORS_DELETE[] =
	"DELETE FROM meeting_facilitators WHERE meeting_id = ?";
static const char SQL_FACILITATOR_INSERT[] =
	"INSERT INTO meeting_facilitators (meeting_id, user_id) VALUES (?, ?)"
	" ON CONFLICT DO NOTHING";

static int write_days(struct store *s, const struct meeting *m, int64_t id)
{
	for (size_t i = 0; i < m->n_days; i++) {
		const struct meeting_day *d = &m->days[i];
		char date[16];
		snprintf(date, sizeof(date), "%04d-%02d-%02d", d->year, d->month, d->day);
		const int64_t ints[] = {d->all_day ? 1 : 0, d->all_day ? 0 : d->start_minute,
					d->all_day ? 0 : d->end_minute};
		struct db_stmt *st;
		int rc = db_prepare(s->db, SQL_DAY_UPSERT, &st);
		if (rc)
			return rc;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, date);
		for (int k = 0; k < 3; k++)
			db_bind_int(st, 4 + k, ints[k]);
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	const int64_t cut[] = {id, (int64_t)m->n_days};
	int rc = store_run(s, SQL_DAYS_ATTENDANCE_DELETE, cut, 2, NULL, 0, 0);
	return rc ? rc : store_run(s, SQL_DAYS_DELETE, cut, 2, NULL, 0, 0);
}

static int write_facilitators(struct store *s, int64_t id, const int64_t *f, size_t n)
{
	int rc = store_run(s, SQL_FACILITATORS_DELETE, &id, 1, NULL, 0, 0);
	for (size_t i = 0; !rc && i < n; i++) {
		const int64_t ints[] = {id, f[i]};
		rc = store_run(s, SQL_FACILITATOR_INSERT, ints, 2, NULL, 0, 0);
	}
	return rc;
}

static void bind_id_or_null(struct db_stmt *st, int idx, int64_t subgroup_id)
{
	if (subgroup_id)
		db_bind_int(st, idx, subgroup_id);
	else
		db_bind_text(st, idx, NULL);
}

/* The ten columns SQL_MEETING_INSERT and SQL_MEETING_UPDATE share, in the
 * same order (subgroup_id ... sequence), as parameters first .. first + 9. */
static void bind_meeting_fields(struct db_stmt *st, int first, const struct meeting *m)
{
	bind_id_or_null(st, first, m->subgroup_id);
	db_bind_text(st, first + 1, m->title);
	db_bind_text(st, first + 2, m->description);
	db_bind_text(st, first + 3, meeting_kind_code(m->kind));
	db_bind_text(st, first + 4, m->location);
	db_bind_int(st, first + 5, m->residential ? 1 : 0);
	db_bind_int(st, first + 6, m->nights);
	db_bind_int(st, first + 7, m->price_per_night_cents);
	db_bind_text(st, first + 8, meeting_status_code(m->status));
	db_bind_int(st, first + 9, m->sequence);
}

int store_meeting_insert(struct store *s, const struct meeting *m, const int64_t *facilitators,
			 size_t n_facilitators, int network, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MEETING_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, m->edition_id);
	bind_meeting_fields(st, 2, m);
	db_bind_int(st, 12, network ? 1 : 0);
	db_bind_int(st, 13, now);
	db_bind_int(st, 14, now);
	if ((rc = store_step_id(st, id)) || (rc = write_days(s, m, *id)))
		return rc;
	return write_facilitators(s, *id, facilitators, n_facilitators);
}

int store_meeting_update(struct store *s, const struct meeting *m, const int64_t *facilitators,
			 size_t n_facilitators, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MEETING_UPDATE, &st);
	if (rc)
		return rc;
	bind_meeting_fields(st, 1, m);
	db_bind_int(st, 11, now);
	db_bind_int(st, 12, m->id);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if ((rc = write_days(s, m, m->id)))
		return rc;
	return write_facilitators(s, m->id, facilitators, n_facilitators);
}

/* ---- feeds and phases ---- */

static const char SQL_FEED_BY_TOKEN[] =
	"SELECT COALESCE(user_id, 0), COALESCE(person_id, 0) FROM calendar_feeds"
	" WHERE token_hash = ?";
static const char SQL_FEED_DELETE_USER[] = "DELETE FROM calendar_feeds WHERE user_id = ?";
static const char SQL_FEED_DELETE_PERSON[] = "DELETE FROM calendar_feeds WHERE person_id = ?";
static const char SQL_FEED_INSERT[] =
	"INSERT INTO calendar_feeds (token_hash, user_id, person_id, created_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_PHASE_GET[] =
	"SELECT network_on, COALESCE(moved_at, 0) FROM edition_phases WHERE edition_id = ?";
static const char SQL_PHASE_SET[] =
	"INSERT INTO edition_phases (edition_id, network_on) VALUES (?, ?)"
	" ON CONFLICT (edition_id) DO UPDATE SET network_on = excluded.network_on";
static const char SQL_PHASE_MOVED[] =
	"INSERT INTO edition_phases (edition_id, moved_at, moved_by) VALUES (?, ?, ?)"
	" ON CONFLICT (edition_id) DO UPDATE SET moved_at = excluded.moved_at,"
	" moved_by = excluded.moved_by";
static const char SQL_DUE_NETWORK[] =
	"SELECT e.id FROM editions e JOIN edition_phases p ON p.edition_id = e.id"
	" WHERE e.status IN ('open', 'closed', 'selected', 'running') AND p.network_on IS NOT NULL"
	" AND p.network_on <= ? ORDER BY e.id";
static const char SQL_APPLICATION_PERSON[] = "SELECT person_id FROM applications WHERE id = ?";

int store_feed_by_token(struct store *s, struct arena *a, const char *token, int64_t *user_id,
			int64_t *person_id)
{
	char *hash;
	struct db_stmt *st;
	int rc = store_token_hash(a, token, &hash);
	if (rc || (rc = db_prepare(s->db, SQL_FEED_BY_TOKEN, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	return store_step_pair(st, user_id, person_id);
}

int store_feed_replace(struct store *s, int64_t user_id, int64_t person_id,
		       const char *token_hash, int64_t now)
{
	int64_t owner = user_id ? user_id : person_id;
	int rc = store_run(s, user_id ? SQL_FEED_DELETE_USER : SQL_FEED_DELETE_PERSON, &owner, 1,
			   NULL, 0, 0);
	struct db_stmt *st;
	if (rc || (rc = db_prepare(s->db, SQL_FEED_INSERT, &st)))
		return rc;
	db_bind_text(st, 1, token_hash);
	bind_id_or_null(st, 2, user_id);
	bind_id_or_null(st, 3, person_id);
	db_bind_int(st, 4, now);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

struct phase_row {
	char *network_on;
	int64_t moved_at;
};

static void map_phase(struct arena *a, struct db_stmt *st, void *out)
{
	struct phase_row *r = out;
	r->network_on = store_col_dup(a, st, 0);
	r->moved_at = db_col_int(st, 1);
}

/* No phase row yet: no date and never moved (0). */
int store_edition_phase(struct store *s, struct arena *a, int64_t edition_id, char **network_on,
			int64_t *moved_at)
{
	struct db_stmt *st;
	struct phase_row r = {NULL, 0};
	int rc = store_prepare_ints(s, SQL_PHASE_GET, &edition_id, 1, &st);
	if (rc == 0 && (rc = store_get_one(a, st, map_phase, &r)) == LWP_ENOTFOUND)
		rc = 0;
	*network_on = r.network_on;
	*moved_at = r.moved_at;
	return rc;
}

int store_editions_due_network(struct store *s, const char *today, int64_t *ids, int max,
			       int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_DUE_NETWORK, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, today);
	return store_collect_ids(st, ids, max, count);
}

int store_phase_set_date(struct store *s, int64_t edition_id, const char *network_on)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PHASE_SET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_text(st, 2, network_on);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_phase_moved(struct store *s, int64_t edition_id, const char *by, int64_t now)
{
	const int64_t ints[] = {edition_id, now};
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PHASE_MOVED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, ints[0]);
	db_bind_int(st, 2, ints[1]);
	db_bind_text(st, 3, by);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_application_person(struct store *s, int64_t application_id, int64_t *person_id)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_APPLICATION_PERSON, &application_id, 1, &st);
	return rc ? rc : store_step_int(st, person_id);
}
