/*
 * The JSON API of meetings, polls and attendance (issue 15), for leads:
 * under /api/v1/manage/editions/{slug}/: meetings (list, create, change of
 * status), polls (list, create, show with tally and pick, close),
 * attendance per meeting (read, record) and the nights attended per
 * participant (what the invoices charge). docs/openapi.json has the
 * shapes.
 */
#include "web/api.h"
#include "web/api_input.h"
#include "web/auth.h"
#include "web/meetings_web.h"
#include "web/routes_meetings.h"
#include "core/tz.h"
#include "service/attendance.h"
#include "service/polls.h"

#include <stdio.h>
#include <string.h>

static json_t *body_object(struct req *r)
{
	if (api_require_json(r))
		return NULL;
	json_t *doc = api_input_object(r->body, r->body_len);
	if (!doc) {
		api_error(r, 400, "bad_json", N_("The body is not a valid JSON object (UTF-8, no duplicate names)."), NULL);
		return NULL;
	}
	return doc;
}

static json_t *day_json(const struct meeting_day *d)
{
	char date[48], start[32], end[32];
	snprintf(date, sizeof(date), "%04d-%02d-%02d", d->year, d->month, d->day);
	if (d->all_day)
		return json_pack("{s:s, s:b}", "date", date, "all_day", 1);
	snprintf(start, sizeof(start), "%02d:%02d", d->start_minute / 60, d->start_minute % 60);
	snprintf(end, sizeof(end), "%02d:%02d", d->end_minute / 60, d->end_minute % 60);
	return json_pack("{s:s, s:s, s:s}", "date", date, "start", start, "end", end);
}

static json_t *meeting_json(const struct meeting_row *mr)
{
	const struct meeting *m = &mr->m;
	json_t *days = json_array(), *fac = json_array();
	for (size_t i = 0; days && i < m->n_days; i++)
		json_array_append_new(days, day_json(&m->days[i]));
	for (size_t i = 0; fac && i < m->n_facilitators; i++)
		json_array_append_new(fac, json_pack("{s:I, s:s, s:s}", "id",
						     (json_int_t)mr->facilitator_ids[i], "name",
						     m->facilitators[i], "email",
						     mr->facilitator_emails[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:o, s:s?, s:s?, s:b, s:i, s:I, s:o, s:o}",
			 "id", (json_int_t)m->id, "title", m->title, "kind", meeting_kind_code(m->kind),
			 "status", meeting_status_code(m->status), "sequence", m->sequence,
			 "subgroup_id", m->subgroup_id ? json_integer(m->subgroup_id) : json_null(),
			 "location", m->location, "description", m->description,
			 "residential", m->residential, "nights", m->nights,
			 "price_per_night_cents", (json_int_t)m->price_per_night_cents,
			 "days", days, "facilitators", fac);
}

/* GET /api/v1/manage/editions/{slug}/meetings */
void api_meetings(struct req *r)
{
	struct meeting_row *rows;
	int n;
	if (store_meeting_list(r->store, r->arena, r->edition->id, 0, &rows, &n)) {
		api_service_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, meeting_json(&rows[i]));
	api_send(r, 200, json_pack("{s:s, s:o}", "edition", r->edition->slug, "meetings", list));
}

/* The user ids of the facilitators, looking up those named by e-mail. */
static int64_t *facilitator_ids(struct req *r, const struct api_facilitator *fac, size_t n,
				struct field_errors *fe)
{
	struct user u;
	int64_t *ids = arena_calloc(r->arena, n + 1, sizeof(*ids));
	for (size_t i = 0; ids && i < n; i++) {
		if (!fac[i].email)
			ids[i] = fac[i].id;
		else if (store_user_by_email(r->store, r->arena, fac[i].email, &u) == 0)
			ids[i] = u.id;
		else
			field_errors_add(fe, "facilitators", N_("Every facilitator must be a user: check the e-mail addresses."));
	}
	return ids;
}

/* POST /api/v1/manage/editions/{slug}/meetings */
void api_meeting_create(struct req *r)
{
	struct meeting m = {0};
	struct field_errors fe = {0};
	struct meeting_env env;
	struct meeting_row mr;
	struct api_facilitator *named;
	size_t nfac;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	int rc = api_input_meeting(r->arena, doc, &m, &named, &nfac, &fe);
	int64_t *fac = rc == LWP_ENOMEM ? NULL : facilitator_ids(r, named, nfac, &fe);
	m.edition_id = r->edition->id;
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	if (!rc && !fac)
		rc = LWP_ENOMEM;
	if (!rc)
		rc = fe.n ? LWP_EINVAL
		     : svc_meeting_create(r->store, r->arena, &who, &env, &m, fac, nfac, tz_now(), &fe);
	if (!rc)
		rc = store_meeting_get(r->store, r->arena, m.id, &mr);
	if (rc)
		api_service_error(r, rc, &fe);
	else
		api_send(r, 201, meeting_json(&mr));
	json_decref(doc);
}

/* POST /api/v1/manage/editions/{slug}/meetings/{id}/status {"status": ...} */
void api_meeting_status(struct req *r)
{
	struct meeting_row mr;
	struct meeting_env env;
	if (meetings_load(r, &mr))
		return;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	int to = meeting_status_parse(json_string_value(json_object_get(doc, "status")));
	json_decref(doc);
	struct field_errors fe = {0};
	if (to < 0) {
		field_errors_add(&fe, "status", N_("Choose proposed, confirmed or cancelled."));
		api_service_error(r, LWP_EINVAL, &fe);
		return;
	}
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = svc_meeting_set_status(r->store, r->arena, &who, &env, mr.m.id,
					(enum meeting_status)to, tz_now());
	if (!rc)
		rc = store_meeting_get(r->store, r->arena, mr.m.id, &mr);
	if (rc)
		api_service_error(r, rc, NULL);
	else
		api_send(r, 200, meeting_json(&mr));
}

static const char *reason_code(enum poll_reason_code c)
{
	static const char *const names[POLL_REASON_COUNT] = {
		"no_candidates", "none_eligible", "only_eligible", "highest", "tie_earliest"};
	return (unsigned)c < POLL_REASON_COUNT ? names[c] : "";
}

static json_t *poll_json(struct req *r, const struct poll_full *p, int full)
{
	json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:i}", "id", (json_int_t)p->id,
				"title", p->title, "kind", meeting_kind_code(p->kind), "status",
				p->state == POLL_STATE_OPEN ? "open" : "closed",
				"deadline", (json_int_t)p->deadline,
				"meeting_id", p->meeting_id ? json_integer(p->meeting_id) : json_null(),
				"invitees", (int)p->n_invitees);
	struct poll view;
	struct poll_result res;
	store_poll_view(p, &view);
	if (!doc || !full || poll_decide(r->arena, &view, &res))
		return doc;
	json_t *cands = json_array();
	for (size_t i = 0; cands && i < p->n_candidates; i++) {
		const struct poll_tally *t = &res.tally[i];
		json_t *days = json_array();
		for (size_t d = 0; days && d < p->candidates[i].n_days; d++)
			json_array_append_new(days, day_json(&p->candidates[i].days[d]));
		json_array_append_new(cands, json_pack("{s:o, s:i, s:i, s:i, s:i, s:f, s:b}",
			"days", days, "yes", t->yes, "maybe", t->maybe, "no", t->no,
			"missing", t->missing, "score", t->score_halves / 2.0, "eligible", t->eligible));
	}
	json_object_set_new(doc, "candidates", cands);
	json_object_set_new(doc, "pick", res.picked < 0 ? json_null() : json_integer(res.picked + 1));
	json_object_set_new(doc, "reason", json_string(reason_code(res.reason.code)));
	return doc;
}

/* GET /api/v1/manage/editions/{slug}/polls */
void api_polls(struct req *r)
{
	struct poll_full *polls;
	int n;
	if (store_poll_list(r->store, r->arena, r->edition->id, &polls, &n)) {
		api_service_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, poll_json(r, &polls[i], 0));
	api_send(r, 200, json_pack("{s:s, s:o}", "edition", r->edition->slug, "polls", list));
}

/* POST /api/v1/manage/editions/{slug}/polls */
void api_poll_create(struct req *r)
{
	struct poll_new in;
	struct field_errors fe = {0};
	struct meeting_env env;
	struct poll_full p;
	int64_t id = 0;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	int rc = api_input_poll(r->arena, doc, &in, &fe);
	in.edition_id = r->edition->id;
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	if (!rc)
		rc = svc_poll_create(r->store, r->arena, &who, &env, &in, tz_now(), &fe, &id);
	if (!rc)
		rc = store_poll_get(r->store, r->arena, id, &p);
	if (rc)
		api_service_error(r, rc, &fe);
	else
		api_send(r, 201, poll_json(r, &p, 1));
	json_decref(doc);
}

/* GET /api/v1/manage/editions/{slug}/polls/{id} */
void api_poll(struct req *r)
{
	struct poll_full p;
	if (meetings_load_poll(r, &p))
		return;
	api_send(r, 200, poll_json(r, &p, 1));
}

/* POST /api/v1/manage/editions/{slug}/polls/{id}/close */
void api_poll_close(struct req *r)
{
	struct poll_full p;
	struct meeting_env env;
	int64_t meeting = 0;
	int picked;
	if (meetings_load_poll(r, &p))
		return;
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = svc_poll_close(r->store, r->arena, &who, &env, p.id, tz_now(), &meeting, &picked);
	if (rc)
		api_service_error(r, rc, NULL);
	else
		api_send(r, 200, json_pack("{s:I, s:i}", "meeting_id", (json_int_t)meeting, "pick",
					   picked + 1));
}

/* GET /api/v1/manage/editions/{slug}/meetings/{id}/attendance */
void api_attendance(struct req *r)
{
	struct meeting_row mr;
	struct attendance_row *rows;
	int n;
	if (meetings_load(r, &mr))
		return;
	if (store_attendance_list(r->store, r->arena, r->edition->id, mr.m.id, &rows, &n)) {
		api_service_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; list && i < n; i++) {
		size_t d = 0;
		while (d < mr.m.n_days && mr.day_ids[d] != rows[i].day_id)
			d++;
		json_array_append_new(list, json_pack("{s:i, s:I, s:s, s:s, s:I}", "day", (int)d + 1,
			"person_id", (json_int_t)rows[i].person_id,
			"status", attendance_code(rows[i].status), "recorded_by", rows[i].recorded_by,
			"recorded_at", (json_int_t)rows[i].recorded_at));
	}
	api_send(r, 200, json_pack("{s:I, s:o}", "meeting_id", (json_int_t)mr.m.id, "marks", list));
}

/* POST /api/v1/manage/editions/{slug}/meetings/{id}/attendance
 * {"marks": [{"day": 1, "person_id": N, "status": "present"}]} */
void api_attendance_record(struct req *r)
{
	struct meeting_row mr;
	struct field_errors fe = {0};
	if (meetings_load(r, &mr))
		return;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	struct attendance_mark *marks;
	size_t n;
	int rc = api_input_attendance(r->arena, doc, &marks, &n, &fe);
	json_decref(doc);
	struct actor who = auth_actor(r);
	if (!rc)
		rc = svc_attendance_record(r->store, r->arena, &who, mr.m.id, marks, n, tz_now());
	if (rc == LWP_EINVAL && !fe.n)
		field_errors_add(&fe, "marks", N_("Every mark must be for a day of the meeting and an accepted participant."));
	if (rc)
		api_service_error(r, rc, &fe);
	else
		api_send(r, 200, json_pack("{s:i}", "recorded", (int)n));
}

/* The nights per participant and meeting into list. */
static int stays_json(struct req *r, json_t *list)
{
	struct stay_row *rows;
	int n, rc = store_stays_attended(r->store, r->arena, r->edition->id, &rows, &n);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:I, s:I, s:s, s:i, s:I}",
			"person_id", (json_int_t)rows[i].person_id,
			"application_id", (json_int_t)rows[i].application_id,
			"meeting_id", (json_int_t)rows[i].meeting_id, "meeting", rows[i].meeting,
			"nights", rows[i].nights,
			"price_per_night_cents", (json_int_t)rows[i].price_per_night_cents));
	return rc;
}

/* GET /api/v1/manage/editions/{slug}/nights */
void api_nights(struct req *r)
{
	struct nights_row *rows;
	int n;
	if (store_nights_attended(r->store, r->arena, r->edition->id, &rows, &n)) {
		api_service_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:i, s:I}", "person_id",
			(json_int_t)rows[i].person_id, "name", rows[i].name, "email", rows[i].email,
			"nights", rows[i].nights, "cents", (json_int_t)rows[i].cents));
	json_t *stays = json_array();
	if (stays && stays_json(r, stays)) {
		json_decref(list);
		json_decref(stays);
		api_service_error(r, LWP_EDB, NULL);
		return;
	}
	api_send(r, 200, json_pack("{s:s, s:o, s:o}", "edition", r->edition->slug,
				   "participants", list, "stays", stays));
}
