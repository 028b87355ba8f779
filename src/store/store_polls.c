/*
 * Polls (issue 15): a poll row, its candidates (a first day, the number of
 * consecutive days and their shared times), its invitees (a snapshot taken
 * when the poll is made, each with the hash of a private answer link) and
 * the answers. store_poll_get loads all of it in four statements.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

#define POLL_COLUMNS \
	"id, edition_id, COALESCE(subgroup_id, 0), title, kind, location, deadline, status," \
	" COALESCE(meeting_id, 0), picked, lead_told, created_by, created_at"

static const char SQL_POLL_GET[] = "SELECT " POLL_COLUMNS " FROM polls WHERE id = ?";
static const char SQL_POLL_LIST[] =
	"SELECT " POLL_COLUMNS " FROM polls WHERE edition_id = ? ORDER BY id DESC";
static const char SQL_POLL_CANDIDATES[] =
	"SELECT id, first_day, n_days, all_day, start_minute, end_minute FROM poll_candidates"
	" WHERE poll_id = ? ORDER BY position";
static const char SQL_POLL_INVITEES[] =
	"SELECT id, COALESCE(person_id, 0), COALESCE(user_id, 0), name, email, lang, required,"
	" COALESCE(answered_at, 0), COALESCE(reminded_at, 0) FROM poll_invitees"
	" WHERE poll_id = ? ORDER BY id";
static const char SQL_POLL_ANSWERS[] =
	"SELECT a.invitee_id, a.candidate_id, a.answer, a.comment FROM poll_answers a"
	" JOIN poll_invitees i ON i.id = a.invitee_id WHERE i.poll_id = ?";
static const char SQL_POLL_BY_TOKEN[] =
	"SELECT poll_id, id FROM poll_invitees WHERE token_hash = ?";
static const char SQL_POLLS_OPEN[] =
	"SELECT id FROM polls WHERE status = 'open' ORDER BY id";

static void map_poll(struct arena *a, struct db_stmt *st, void *out)
{
	struct poll_full *p = out;
	memset(p, 0, sizeof(*p));
	p->id = db_col_int(st, 0);
	p->edition_id = db_col_int(st, 1);
	p->subgroup_id = db_col_int(st, 2);
	p->title = store_col_dup(a, st, 3);
	int k = meeting_kind_parse(db_col_text(st, 4));
	p->kind = k < 0 ? MEETING_EXTRA_DAY : (enum meeting_kind)k;
	p->location = store_col_dup(a, st, 5);
	p->deadline = db_col_int(st, 6);
	const char *state = db_col_text(st, 7);
	p->state = state && strcmp(state, "closed") == 0 ? POLL_STATE_CLOSED : POLL_STATE_OPEN;
	p->meeting_id = db_col_int(st, 8);
	p->picked = (int)db_col_int(st, 9);
	p->lead_told = (int)db_col_int(st, 10);
	p->created_by = store_col_dup(a, st, 11);
	p->created_at = db_col_int(st, 12);
}

/* The days of a candidate from its first day and count. */
static int candidate_days(struct arena *a, const char *first, int n, int all_day, int start,
			  int end, struct poll_candidate *c)
{
	int y, m, d;
	if (n < 1 || n > MEETING_DAYS_MAX || tz_parse_date(first, &y, &m, &d))
		return LWP_EDB;
	c->days = arena_calloc(a, (size_t)n, sizeof(*c->days));
	if (!c->days)
		return LWP_ENOMEM;
	int64_t day0 = tz_days_from_civil(y, m, d);
	for (int i = 0; i < n; i++) {
		struct meeting_day *md = &c->days[i];
		tz_civil_from_days(day0 + i, &md->year, &md->month, &md->day);
		md->all_day = all_day;
		md->start_minute = start;
		md->end_minute = end;
	}
	c->n_days = (size_t)n;
	return 0;
}

struct candidate_row {
	int64_t id;
	char *first_day;
	int n_days, all_day, start_minute, end_minute;
};

static void map_candidate(struct arena *a, struct db_stmt *st, void *out)
{
	struct candidate_row *r = out;
	r->id = db_col_int(st, 0);
	r->first_day = store_col_dup(a, st, 1);
	r->n_days = (int)db_col_int(st, 2);
	r->all_day = (int)db_col_int(st, 3);
	r->start_minute = (int)db_col_int(st, 4);
	r->end_minute = (int)db_col_int(st, 5);
}

/* The first POLL_CANDIDATES_MAX candidates into arrays of that capacity. */
static int load_candidates(struct store *s, struct arena *a, struct poll_full *p)
{
	struct db_stmt *st;
	struct candidate_row *rows;
	int count, rc = store_prepare_ints(s, SQL_POLL_CANDIDATES, &p->id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*rows), map_candidate, (void **)&rows, &count)))
		return rc;
	p->candidates = arena_calloc(a, POLL_CANDIDATES_MAX, sizeof(*p->candidates));
	p->candidate_ids = arena_calloc(a, POLL_CANDIDATES_MAX, sizeof(*p->candidate_ids));
	if (!p->candidates || !p->candidate_ids)
		return LWP_ENOMEM;
	size_t n = 0;
	for (; !rc && n < POLL_CANDIDATES_MAX && n < (size_t)count; n++) {
		const struct candidate_row *r = &rows[n];
		p->candidate_ids[n] = r->id;
		rc = candidate_days(a, r->first_day, r->n_days, r->all_day, r->start_minute,
				    r->end_minute, &p->candidates[n]);
	}
	p->n_candidates = n;
	return rc;
}

static void map_invitee(struct arena *a, struct db_stmt *st, void *out)
{
	struct poll_invitee *i = out;
	i->id = db_col_int(st, 0);
	i->person_id = db_col_int(st, 1);
	i->user_id = db_col_int(st, 2);
	i->name = store_col_dup(a, st, 3);
	i->email = store_col_dup(a, st, 4);
	i->lang = store_col_dup(a, st, 5);
	i->required = (int)db_col_int(st, 6);
	i->answered_at = db_col_int(st, 7);
	i->reminded_at = db_col_int(st, 8);
}

static long index_of(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

static long invitee_index(const struct poll_full *p, int64_t id)
{
	for (size_t i = 0; i < p->n_invitees; i++)
		if (p->invitees[i].id == id)
			return (long)i;
	return -1;
}

struct answer_row {
	int64_t invitee_id, candidate_id;
	int answer; /* enum poll_answer, or -1 for a code this version does not know */
	char *comment;
};

static void map_answer(struct arena *a, struct db_stmt *st, void *out)
{
	struct answer_row *r = out;
	r->invitee_id = db_col_int(st, 0);
	r->candidate_id = db_col_int(st, 1);
	r->answer = poll_answer_parse(db_col_text(st, 2));
	r->comment = store_col_dup(a, st, 3);
}

/* The answers into the invitee x candidate grid; an answer of an invitee
 * or candidate not loaded, or with an unknown code, is passed over. */
static int load_answers(struct store *s, struct arena *a, struct poll_full *p)
{
	size_t cells = p->n_invitees * p->n_candidates + 1;
	p->answers = arena_calloc(a, cells, sizeof(*p->answers));
	p->comments = arena_calloc(a, cells, sizeof(*p->comments));
	p->required = arena_calloc(a, p->n_invitees + 1, 1);
	if (!p->answers || !p->comments || !p->required)
		return LWP_ENOMEM;
	for (size_t i = 0; i < p->n_invitees; i++)
		p->required[i] = (unsigned char)(p->invitees[i].required != 0);
	struct db_stmt *st;
	struct answer_row *rows;
	int count, rc = store_prepare_ints(s, SQL_POLL_ANSWERS, &p->id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*rows), map_answer, (void **)&rows, &count)))
		return rc;
	for (int k = 0; k < count; k++) {
		long i = invitee_index(p, rows[k].invitee_id);
		long c = index_of(p->candidate_ids, p->n_candidates, rows[k].candidate_id);
		if (i < 0 || c < 0 || rows[k].answer < 0)
			continue;
		size_t cell = (size_t)i * p->n_candidates + (size_t)c;
		p->answers[cell] = (enum poll_answer)rows[k].answer;
		p->comments[cell] = rows[k].comment;
	}
	return 0;
}

int store_poll_get(struct store *s, struct arena *a, int64_t id, struct poll_full *out)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_POLL_GET, &id, 1, &st);
	if (rc || (rc = store_get_one(a, st, map_poll, out)) || (rc = load_candidates(s, a, out)) ||
	    (rc = store_prepare_ints(s, SQL_POLL_INVITEES, &id, 1, &st)))
		return rc;
	int n = 0;
	rc = store_collect(a, st, sizeof(*out->invitees), map_invitee, (void **)&out->invitees, &n);
	out->n_invitees = (size_t)n;
	return rc ? rc : load_answers(s, a, out);
}

int store_poll_list(struct store *s, struct arena *a, int64_t edition_id, struct poll_full **out,
		    int *count)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_POLL_LIST, &edition_id, 1, &st);
	return rc ? rc : store_collect(a, st, sizeof(**out), map_poll, (void **)out, count);
}

int store_poll_invitee_by_token(struct store *s, struct arena *a, const char *token,
				int64_t *poll_id, int64_t *invitee_id)
{
	char *hash;
	struct db_stmt *st;
	int rc = store_token_hash(a, token, &hash);
	if (rc || (rc = db_prepare(s->db, SQL_POLL_BY_TOKEN, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	return store_step_pair(st, poll_id, invitee_id);
}

int store_polls_open(struct store *s, int64_t *ids, int max, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_POLLS_OPEN, &st);
	return rc ? rc : store_collect_ids(st, ids, max, count);
}

void store_poll_view(const struct poll_full *p, struct poll *out)
{
	memset(out, 0, sizeof(*out));
	out->candidates = p->candidates;
	out->n_candidates = p->n_candidates;
	out->n_invitees = p->n_invitees;
	out->required = p->required;
	out->answers = p->answers;
}

/* ---- writes ---- */

static const char SQL_POLL_INSERT[] =
	"INSERT INTO polls (edition_id, subgroup_id, title, kind, location, deadline, status,"
	" created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id";
static const char SQL_CANDIDATE_INSERT[] =
	"INSERT INTO poll_candidates (poll_id, position, first_day, n_days, all_day,"
	" start_minute, end_minute) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_INVITEE_INSERT[] =
	"INSERT INTO poll_invitees (poll_id, person_id, user_id, name, email, email_key, lang,"
	" required, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ANSWER_UPSERT[] =
	"INSERT INTO poll_answers (invitee_id, candidate_id, answer, comment) VALUES (?, ?, ?, ?)"
	" ON CONFLICT (invitee_id, candidate_id) DO UPDATE SET answer = excluded.answer,"
	" comment = excluded.comment";
static const char SQL_ANSWER_DELETE[] =
	"DELETE FROM poll_answers WHERE invitee_id = ? AND candidate_id = ?";
static const char SQL_INVITEE_ANSWERED[] =
	"UPDATE poll_invitees SET answered_at = ? WHERE id = ?";
static const char SQL_INVITEE_REMINDED[] =
	"UPDATE poll_invitees SET reminded_at = ? WHERE id = ?";
static const char SQL_INVITEE_TOKEN[] = "UPDATE poll_invitees SET token_hash = ? WHERE id = ?";
static const char SQL_POLL_LEAD_TOLD[] = "UPDATE polls SET lead_told = 1 WHERE id = ?";
static const char SQL_POLL_CLOSE[] =
	"UPDATE polls SET status = 'closed', picked = ?, meeting_id = ?, closed_at = ?"
	" WHERE id = ? AND status = 'open' RETURNING id";

static void bind_or_null(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		db_bind_int(st, idx, v);
	else
		db_bind_text(st, idx, NULL);
}

static int insert_candidate(struct store *s, int64_t poll_id, size_t pos,
			    const struct poll_candidate *c)
{
	const struct meeting_day *d = &c->days[0];
	char date[16];
	snprintf(date, sizeof(date), "%04d-%02d-%02d", d->year, d->month, d->day);
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_CANDIDATE_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, poll_id);
	db_bind_int(st, 2, (int64_t)pos + 1);
	db_bind_text(st, 3, date);
	db_bind_int(st, 4, (int64_t)c->n_days);
	db_bind_int(st, 5, d->all_day ? 1 : 0);
	db_bind_int(st, 6, d->all_day ? 0 : d->start_minute);
	db_bind_int(st, 7, d->all_day ? 0 : d->end_minute);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_poll_insert(struct store *s, const struct poll_full *p, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_POLL_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, p->edition_id);
	bind_or_null(st, 2, p->subgroup_id);
	db_bind_text(st, 3, p->title);
	db_bind_text(st, 4, meeting_kind_code(p->kind));
	db_bind_text(st, 5, p->location);
	db_bind_int(st, 6, p->deadline);
	db_bind_text(st, 7, p->created_by);
	db_bind_int(st, 8, now);
	if ((rc = store_step_id(st, id)))
		return rc;
	for (size_t i = 0; !rc && i < p->n_candidates; i++)
		rc = p->candidates[i].n_days ? insert_candidate(s, *id, i, &p->candidates[i])
					     : LWP_EINVAL;
	return rc;
}

int store_poll_invitee_insert(struct store *s, struct arena *a, int64_t poll_id,
			      const struct poll_invitee *inv, const char *token_hash, int64_t now)
{
	(void)now;
	char *key = email_key(a, inv->email);
	struct db_stmt *st;
	int rc = key ? db_prepare(s->db, SQL_INVITEE_INSERT, &st) : LWP_ENOMEM;
	if (rc)
		return rc;
	db_bind_int(st, 1, poll_id);
	bind_or_null(st, 2, inv->person_id);
	bind_or_null(st, 3, inv->user_id);
	db_bind_text(st, 4, inv->name);
	db_bind_text(st, 5, inv->email);
	db_bind_text(st, 6, key);
	db_bind_text(st, 7, inv->lang ? inv->lang : "nl");
	db_bind_int(st, 8, inv->required ? 1 : 0);
	db_bind_text(st, 9, token_hash);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int answer_one(struct store *s, int64_t invitee_id, int64_t candidate_id,
		      enum poll_answer v, const char *comment)
{
	const int64_t ints[] = {invitee_id, candidate_id};
	if (v == POLL_NO_ANSWER)
		return store_run(s, SQL_ANSWER_DELETE, ints, 2, NULL, 0, 0);
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ANSWER_UPSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, invitee_id);
	db_bind_int(st, 2, candidate_id);
	db_bind_text(st, 3, poll_answer_code(v));
	db_bind_text(st, 4, comment && *comment ? comment : NULL);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_poll_answers_set(struct store *s, const struct poll_full *p, int64_t invitee_id,
			   const enum poll_answer *answers, char *const *comments, int64_t now)
{
	int rc = 0;
	for (size_t c = 0; !rc && c < p->n_candidates; c++)
		rc = answer_one(s, invitee_id, p->candidate_ids[c], answers[c],
				comments ? comments[c] : NULL);
	return rc ? rc : store_update_by_id(s, SQL_INVITEE_ANSWERED, NULL, now, invitee_id);
}

int store_poll_invitee_reminded(struct store *s, int64_t invitee_id, int64_t now)
{
	return store_update_by_id(s, SQL_INVITEE_REMINDED, NULL, now, invitee_id);
}

int store_poll_invitee_token(struct store *s, int64_t invitee_id, const char *token_hash)
{
	return store_update_by_id(s, SQL_INVITEE_TOKEN, token_hash, 0, invitee_id);
}

int store_poll_lead_told(struct store *s, int64_t poll_id)
{
	return store_run(s, SQL_POLL_LEAD_TOLD, &poll_id, 1, NULL, 0, 0);
}

int store_poll_close(struct store *s, int64_t poll_id, int picked, int64_t meeting_id,
		     int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_POLL_CLOSE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, picked);
	bind_or_null(st, 2, meeting_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, poll_id);
	rc = store_step_int(st, NULL);
	return rc == LWP_ENOTFOUND ? LWP_ECLOSED : rc;
}
