/* GET /api/v1/editions and /api/v1/editions/{slug}: the public view of
 * published editions. */
#include "web/api.h"
#include "web/routes_api.h"
#include "core/tz.h"
#include "store/store.h"

static json_t *edition_json(struct req *r, const struct edition *e)
{
	char deadline[40];
	tz_format_iso(e->deadline, deadline, sizeof(deadline));
	json_t *doc = json_pack(
		"{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:I, s:b}",
		"slug", e->slug, "title", e->title, "capacity", e->capacity,
		"places_left", edition_places_left(e), "deadline", deadline,
		"status", edition_status_code(e->status), "policy", policy_code(e->policy),
		"availability", availability_code(edition_availability_at(e, tz_now())),
		"fee_cents", (json_int_t)e->fee_cents,
		"accepting_applications", edition_accepts_applications(e, tz_now()) == 0);
	if (!doc)
		return NULL;
	json_object_set_new(doc, "starts_on", e->starts_on ? json_string(e->starts_on) : json_null());
	json_object_set_new(doc, "ends_on", e->ends_on ? json_string(e->ends_on) : json_null());
	json_object_set_new(doc, "url", json_sprintf("%s/edities/%s", r->cfg->base_url, e->slug));
	return doc;
}

void api_editions_list(struct req *r)
{
	struct edition *list;
	int n;
	if (store_edition_list(r->store, r->arena, 1, &list, &n)) {
		api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, edition_json(r, &list[i]));
	api_send(r, 200, items ? json_pack("{s:o}", "editions", items) : NULL);
}

void api_edition_get(struct req *r)
{
	struct edition e;
	int rc = store_edition_get(r->store, r->arena, r->params[0], &e);
	if (rc == LWP_ENOTFOUND || (rc == 0 && !edition_is_published(&e))) {
		api_error(r, 404, "not_found", N_("There is no published edition at this address."), NULL);
		return;
	}
	if (rc) {
		api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
		return;
	}
	json_t *doc = edition_json(r, &e);
	if (doc)
		json_object_set_new(doc, "description", json_string(e.description));
	api_send(r, 200, doc);
}
