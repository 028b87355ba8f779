/*
 * The lead console as JSON, for scripts of a signed-in lead (the session
 * cookie, and the CSRF token from GET /api/v1/session in the X-CSRF-Token
 * header of every POST): editions led, applications of one, changing an
 * application's status, publishing and closing.
 */
#include "web/api.h"
#include "web/api_input.h"
#include "web/auth.h"
#include "web/routes_api.h"
#include "web/routes_selection.h"
#include "web/selection_jobs.h"
#include "core/parse.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "service/applications.h"
#include "service/editions.h"
#include "service/selection.h"
#include "store/store.h"

#include <stdint.h>
#include <string.h>

/* GET /api/v1/session */
void api_session(struct req *r)
{
	json_t *roles = json_array();
	for (int i = 0; roles && i < r->ngrants; i++)
		json_array_append_new(roles, json_pack("{s:s, s:I}", "role", role_code(r->grants[i].role),
						       "edition_id", (json_int_t)r->grants[i].edition_id));
	r->personal = 1;
	api_send(r, 200, json_pack("{s:s, s:s, s:o, s:b, s:s}", "email", r->user->email,
				   "name", r->user->name, "roles", roles ? roles : json_array(),
				   "second_factor", r->session->second_factor,
				   "csrf_token", r->session->csrf));
}

static json_t *application_json(const struct application *a)
{
	char created[40];
	tz_format_iso(a->created_at, created, sizeof(created));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)a->id, "status", app_status_code(a->status),
			      "created_at", created, "name", a->name, "email", a->email,
			      "organisation", a->organisation,
			      "organisation_kind", org_kind_code(a->org_kind),
			      "initiative_title", a->initiative_title, "theme", theme_code(a->theme));
	if (o) {
		json_object_set_new(o, "function", a->function ? json_string(a->function) : json_null());
		json_object_set_new(o, "tags", json_string(a->tags ? a->tags : ""));
		json_object_set_new(o, "motivation", json_string(a->motivation));
		json_object_set_new(o, "question", json_string(a->question));
		json_object_set_new(o, "waitlist_rank",
				    a->waitlist_rank > 0 && a->status == APP_WAITLISTED
				    ? json_integer(a->waitlist_rank) : json_null());
	}
	return o;
}

#define API_PAGE_DEFAULT 100
#define API_PAGE_MAX 1000

/* GET /api/v1/manage/editions/{slug}/applications[?after=ID&limit=N]: up
 * to limit applications with id above after, by id (keyset pagination);
 * next is the after= of the following page, or null on the last one. */
void api_console_applications(struct req *r)
{
	struct edition e;
	struct application *list;
	long long after = 0, limit = API_PAGE_DEFAULT;
	int n, more = 0;
	e = *r->edition;
	const char *a = req_query(r, "after"), *l = req_query(r, "limit");
	if ((a && parse_int(a, 0, INT64_MAX, &after)) ||
	    (l && parse_int(l, 1, API_PAGE_MAX, &limit))) {
		api_error(r, 400, "bad_request",
			  N_("after must be an application number and limit from 1 to 1000."), NULL);
		return;
	}
	if (store_application_page(r->store, r->arena, e.id, NULL, after, 0, (int)limit, &list, &n) ||
	    (n == limit && store_application_beyond(r->store, e.id, NULL, list[n - 1].id, 1, &more))) {
		api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, application_json(&list[i]));
	r->personal = 1;
	auth_audit(r, "applications.read", arena_printf(r->arena, "edition:%s", e.slug), "api");
	api_send(r, 200, items ? json_pack("{s:s, s:i, s:i, s:o, s:o}", "edition", e.slug,
					   "capacity", e.capacity, "accepted", e.accepted,
					   "applications", items,
					   "next", more ? json_integer((json_int_t)list[n - 1].id)
							: json_null()) : NULL);
}

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

/* POST /api/v1/manage/applications/{id}/status {"status": ..., "note": ...} */
void api_console_application_status(struct req *r)
{
	const struct application a = *r->application;
	struct field_errors fe = {0};
	enum app_status status;
	char *note_copy;
	int rc;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	rc = api_input_application_status(r->arena, doc, &status, &note_copy, &fe);
	json_decref(doc);
	if (rc == LWP_EINVAL) {
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	if (rc) {
		api_service_error(r, rc, NULL);
		return;
	}
	struct actor who = auth_actor(r);
	rc = svc_application_set_status(r->store, r->arena, &who, a.id, status, note_copy, tz_now(),
					&fe);
	if (rc) {
		api_service_error(r, rc, &fe);
		return;
	}
	api_send(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)a.id,
				   "status", app_status_code(status)));
}

/* POST /api/v1/manage/editions/{slug}/status {"status": "open"|"closed"} */
void api_console_edition_status(struct req *r)
{
	struct edition e;
	e = *r->edition;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	enum edition_status status;
	int rc = api_input_edition_status(doc, &status);
	json_decref(doc);
	if (rc) {
		struct field_errors fe = {0};
		field_errors_add(&fe, "status", N_("Choose one of the options."));
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	struct actor who = auth_actor(r);
	rc = svc_edition_set_status(r->store, r->arena, &who, e.id, status, tz_now());
	if (rc) {
		api_service_error(r, rc, NULL);
		return;
	}
	e.status = status;
	api_send(r, 200, json_pack("{s:s, s:s}", "slug", e.slug, "status", edition_status_code(e.status)));
}

static int plan_status(int rc)
{
	return rc == LWP_ENOTFOUND ? 404 : rc == LWP_EDEADLINE || rc == LWP_ECLOSED ? 409
	       : rc == LWP_EINVAL ? 422 : 503;
}

static json_t *plan_json(const struct selection_plan *p)
{
	json_t *items = json_array();
	for (int i = 0; items && i < p->n; i++) {
		const struct verdict *v = &p->result.verdicts[i];
		const char *why = v->chosen ? NULL : v->why == WHY_NOT_EXCLUDED ? "excluded"
				  : v->why == WHY_NOT_CAP ? "cap" : v->why == WHY_NOT_MARKS ? "marks"
				  : "gain";
		json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:f, s:i, s:i}",
				      "id", (json_int_t)p->rows[i].c.application_id,
				      "name", p->rows[i].name, "organisation", p->rows[i].organisation,
				      "chosen", v->chosen, "contribution", v->gain, "rank", v->rank,
				      "mark", p->rows[i].c.mark);
		json_t *adds = json_array();
		if (o && adds) {
			if (v->adds & ADDS_ORGANISATION) json_array_append_new(adds, json_string("organisation"));
			if (v->adds & ADDS_PARENT) json_array_append_new(adds, json_string("parent"));
			if (v->adds & ADDS_KIND) json_array_append_new(adds, json_string("kind"));
			if (v->adds & ADDS_THEME) json_array_append_new(adds, json_string("theme"));
			json_object_set_new(o, "adds", adds);
			json_object_set_new(o, "why_not", why ? json_string(why) : json_null());
			json_object_set_new(o, "contribution_in_place_of_last",
					    v->chosen ? json_null() : json_real(v->replace_gain));
		} else {
			json_decref(adds);
		}
		json_array_append_new(items, o);
	}
	return items ? json_pack("{s:s, s:i, s:f, s:f, s:b, s:o}", "edition", p->edition.slug,
				 "capacity", p->edition.capacity, "diversity", p->result.value,
				 "diversity_without_marks", p->result.value_unmarked,
				 "proven_optimal", p->result.proven, "applicants", items) : NULL;
}

/* 202 while the plan is solved on the worker pool, 503 when the pool is
 * full; 1 when one of them was answered. */
static int selection_not_ready(struct req *r, int rc, const struct selection_plan *p)
{
	if (rc == LWP_ELIMIT || rc == LWP_EBUSY) {
		req_set_header(r, "Retry-After", SELECTION_RETRY);
		api_error(r, 503, rc == LWP_EBUSY ? "computing" : "busy",
			  rc == LWP_EBUSY ? N_("The selection is being computed. Please try again in a moment.")
			  : N_("The server is busy. Please try again in a minute."), NULL);
		return 1;
	}
	if (rc == 0 && p->pending) {
		req_set_header(r, "Retry-After", SELECTION_RETRY);
		r->personal = 1;
		api_send(r, 202, json_pack("{s:s, s:s}", "edition", p->edition.slug,
					   "status", "computing"));
		return 1;
	}
	return 0;
}

/* GET /api/v1/manage/editions/{slug}/selection: the proposal, or 202
 * while it is being computed. */
void api_console_selection(struct req *r)
{
	struct selection_plan p;
	int rc = selection_plan_view(r, r->edition->slug, &p);
	if (selection_not_ready(r, rc, &p))
		return;
	if (rc) {
		api_error(r, plan_status(rc), lwp_result_name(rc), N_("The selection cannot be made now."), NULL);
		return;
	}
	r->personal = 1;
	api_send(r, 200, plan_json(&p));
	svc_selection_plan_free(&p);
}

static void api_confirm_with(struct req *r, int rc, struct selection_plan *p)
{
	if (rc == 0 && p->pending)
		rc = LWP_EBUSY; /* solved for another request now */
	if (selection_not_ready(r, rc, p))
		return;
	if (rc) {
		api_error(r, plan_status(rc), lwp_result_name(rc), N_("The selection cannot be made now."), NULL);
		return;
	}
	struct actor who = auth_actor(r);
	rc = svc_selection_confirm(r->store, r->arena, p, r->cfg->base_url, &who, tz_now());
	json_t *doc = rc ? NULL : plan_json(p);
	svc_selection_plan_free(p);
	if (rc == LWP_ECLOSED) {
		api_error(r, 409, "closed", N_("This selection was confirmed already."), NULL);
		return;
	}
	if (rc) {
		api_service_error(r, rc, NULL);
		return;
	}
	api_send(r, 200, doc);
}

static void api_confirm_solved(struct req *r, void *arg)
{
	struct selection_plan p;
	(void)arg;
	if (r->gone)
		return;
	int rc = selection_plan_view(r, r->edition->slug, &p);
	api_confirm_with(r, rc, &p);
}

/* POST /api/v1/manage/editions/{slug}/selection/confirm: waits for the
 * solve when the plan is not computed yet. */
void api_console_selection_confirm(struct req *r)
{
	struct selection_plan p;
	int rc = selection_plan_confirm(r, r->edition->slug, &p, api_confirm_solved, NULL);
	if (rc == SELECTION_DEFERRED || rc == SELECTION_ANSWERED)
		return;
	api_confirm_with(r, rc, &p);
}

/* POST /api/v1/manage/editions/{slug} {"title", "capacity", "deadline",
 * "org_cap", "fee", "description"}: any of them. */
void api_console_edition_update(struct req *r)
{
	struct edition e;
	struct field_errors fe = {0};
	int accepted = 0;
	e = *r->edition;
	json_t *doc = body_object(r);
	if (!doc)
		return;
	int rc = api_input_edition(r->arena, doc, &e, &fe);
	json_decref(doc);
	if (rc) {
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	struct actor who = auth_actor(r);
	rc = svc_edition_update(r->store, r->arena, &who, &e, tz_now(), &fe, &accepted);
	if (rc == LWP_ECAPACITY) {
		api_error_n(r, 409, "capacity", N_("The capacity cannot be lower than the number of accepted participants ({1})."), accepted);
		return;
	}
	if (rc) {
		api_service_error(r, rc, &fe);
		return;
	}
	char deadline[40];
	tz_format_iso(e.deadline, deadline, sizeof(deadline));
	api_send(r, 200, json_pack("{s:s, s:s, s:i, s:i, s:I, s:s, s:s}", "slug", e.slug,
				   "title", e.title, "capacity", e.capacity, "org_cap", e.org_cap,
				   "fee_cents", (json_int_t)e.fee_cents, "deadline", deadline,
				   "status", edition_status_code(e.status)));
}
