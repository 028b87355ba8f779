/*
 * The network in the JSON API: search and list (GET /api/v1/initiatives),
 * one initiative, its similar ones with the reason, registering (a
 * signed-in account) and the nomination flow (anyone; confirmed by the
 * private links of the mails). Only what the asker may see is returned.
 */
#include "web/api.h"
#include "web/auth.h"
#include "web/network_view.h"
#include "web/routes_network.h"
#include "core/parse.h"
#include "core/tz.h"
#include "store/store.h"

#include <string.h>

#define API_LIMIT_DEFAULT 20
#define API_LIMIT_MAX 100

static json_t *tags_json(const char *tags)
{
	json_t *arr = json_array();
	while (arr && tags && *tags) {
		while (*tags == ' ' || *tags == ',')
			tags++;
		size_t len = strcspn(tags, ","), end = len;
		while (end > 0 && tags[end - 1] == ' ')
			end--;
		if (end)
			json_array_append_new(arr, json_stringn(tags, end));
		tags += len;
	}
	return arr;
}

static json_t *entry_json(const struct network_entry *e, double score)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:f}", "id", (json_int_t)e->id,
			 "title", e->title ? e->title : "", "organisation",
			 e->organisation ? e->organisation : "", "organisation_kind",
			 org_kind_code(e->kind), "theme", theme_code(e->theme), "stage",
			 initiative_stage_code(e->stage), "tags", tags_json(e->tags), "score", score);
}

static void unavailable(struct req *r)
{
	api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
}

/* A code filter: NULL or empty means any; unknown is a field error. */
static int code_param(struct req *r, const char *name, int (*parse)(const char *), int *out,
		      struct field_errors *fe)
{
	const char *v = req_query(r, name);
	*out = -1;
	if (!v || !*v)
		return 0;
	if ((*out = parse(v)) < 0)
		field_errors_add(fe, name, N_("Choose one of the options."));
	return 0;
}

void api_initiatives_search(struct req *r)
{
	struct network_view v;
	struct field_errors fe = {0};
	long long limit = API_LIMIT_DEFAULT;
	const char *l = req_query(r, "limit");
	if (l && parse_int(l, 1, API_LIMIT_MAX, &limit))
		field_errors_add(&fe, "limit", N_("Enter a number from 1 to 100."));
	int theme, stage, kind;
	LWP_IGNORE(code_param(r, "theme", theme_parse, &theme, &fe));
	LWP_IGNORE(code_param(r, "stage", initiative_stage_parse, &stage, &fe));
	LWP_IGNORE(code_param(r, "kind", org_kind_parse, &kind, &fe));
	if (fe.n) {
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	if (network_view_begin(r, &v))
		return;
	network_view_filters(r, &v);
	struct network_hit *hits = arena_calloc(r->arena, (size_t)limit, sizeof(*hits));
	size_t n = 0, total = 0;
	int rc = hits ? svc_network_search(&v.acc, req_query(r, "q"), (size_t)limit, hits, &n,
					   &total)
		      : LWP_ENOMEM;
	json_t *items = rc ? NULL : json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, entry_json(hits[i].e, hits[i].score));
	network_view_end(&v);
	if (!items) {
		unavailable(r);
		return;
	}
	if (v.n_owned || v.viewer.member)
		r->personal = 1;
	api_send(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* The initiative of {initiative} if the asker may see it; answers itself
 * otherwise. */
static int load_visible(struct req *r, struct network_view *v, struct initiative_row *row)
{
	long long id;
	if (parse_int(r->params[0], 1, INT64_MAX, &id)) {
		api_error(r, 404, "not_found", N_("There is no initiative at this address."), NULL);
		return -1;
	}
	int rc = store_initiative_get(r->store, r->arena, id, row);
	if (rc == 0 && (rc = network_view_begin(r, v)))
		return -1;
	if (rc == 0 && !network_can_see(&v->viewer, row->visibility, row->status,
					network_view_owns(v, id))) {
		network_view_end(v);
		rc = LWP_ENOTFOUND;
	}
	if (rc == LWP_ENOTFOUND)
		api_error(r, 404, "not_found", N_("There is no initiative at this address."), NULL);
	else if (rc)
		unavailable(r);
	return rc ? -1 : 0;
}

static json_t *connections_json(struct req *r, const struct network_view *v, int64_t id)
{
	struct connection_row *list;
	int n;
	json_t *arr = json_array();
	if (!arr || store_connections_of_initiative(r->store, r->arena, id, &list, &n))
		return arr;
	for (int i = 0; i < n; i++) {
		if (!list[i].confirmed_at)
			continue;
		int64_t other = list[i].from_initiative == id ? list[i].to_initiative
							       : list[i].from_initiative;
		const struct network_entry *e = other ? network_snapshot_find(v->snap, other) : NULL;
		struct network_access acc = v->acc;
		acc.filter = NULL;
		if (other && (!e || !network_access_keep(&acc, e)))
			continue;
		json_array_append_new(arr, json_pack(
			"{s:I, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)list[i].id,
			"kind", connection_kind_code(list[i].kind),
			"direction", list[i].from_initiative == id ? "from" : "to",
			"other_initiative", (json_int_t)other,
			"other", list[i].from_initiative == id ? list[i].to_label : list[i].from_label,
			"note", list[i].note ? list[i].note : ""));
	}
	return arr;
}

void api_initiative_get(struct req *r)
{
	struct network_view v;
	struct initiative_row row;
	struct edition_ref *eds = NULL;
	int neds = 0;
	if (load_visible(r, &v, &row))
		return;
	struct network_entry e = {row.id, row.title, row.organisation, row.organisation_id,
				  row.kind, row.tags, row.theme, row.stage, row.visibility,
				  row.created_at};
	json_t *doc = entry_json(&e, 0);
	json_t *editions = json_array();
	if (store_initiative_editions(r->store, r->arena, row.id, &eds, &neds))
		neds = 0;
	for (int i = 0; editions && i < neds; i++)
		json_array_append_new(editions, json_pack("{s:s, s:s}", "slug", eds[i].slug,
							  "title", eds[i].title));
	if (doc) {
		json_object_del(doc, "score");
		json_object_set_new(doc, "summary", json_string(row.summary ? row.summary : ""));
		json_object_set_new(doc, "question", json_string(row.question ? row.question : ""));
		json_object_set_new(doc, "lessons", json_string(row.lessons ? row.lessons : ""));
		json_object_set_new(doc, "visibility", json_string(visibility_code(row.visibility)));
		json_object_set_new(doc, "status", json_string(initiative_status_code(row.status)));
		json_object_set_new(doc, "editions", editions ? editions : json_array());
		json_object_set_new(doc, "connections", connections_json(r, &v, row.id));
		json_object_set_new(doc, "url", json_sprintf("%s/initiatieven/%lld", r->cfg->base_url,
							     (long long)row.id));
	}
	network_view_end(&v);
	if (row.visibility != VIS_PUBLIC)
		r->personal = 1;
	api_send(r, 200, doc);
}

static json_t *reason_json(const struct similar_reason *why)
{
	json_t *terms = json_array(), *tags = json_array();
	for (size_t i = 0; terms && i < why->n_terms; i++)
		json_array_append_new(terms, json_string(why->terms[i]));
	for (size_t i = 0; tags && i < why->n_tags; i++)
		json_array_append_new(tags, json_string(why->tags[i]));
	return json_pack("{s:o, s:o, s:b, s:b, s:b}", "terms", terms ? terms : json_array(),
			 "tags", tags ? tags : json_array(), "same_kind", why->same_kind,
			 "same_theme", why->same_theme, "same_stage", why->same_stage);
}

void api_initiative_similar(struct req *r)
{
	struct network_view v;
	struct initiative_row row;
	struct network_similar hits[API_LIMIT_MAX];
	size_t n = 0;
	long long limit = 5;
	const char *l = req_query(r, "limit");
	if (l && parse_int(l, 1, API_LIMIT_MAX, &limit)) {
		struct field_errors fe = {0};
		field_errors_add(&fe, "limit", N_("Enter a number from 1 to 100."));
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	if (load_visible(r, &v, &row))
		return;
	struct network_access acc = v.acc;
	acc.filter = NULL;
	int rc = svc_network_similar(&acc, row.id, (size_t)limit, hits, &n);
	json_t *items = rc ? NULL : json_array();
	for (size_t i = 0; items && i < n; i++) {
		struct buf why;
		buf_init(&why, 4096);
		similar_reason_format(&hits[i].reason, r->lang, &why);
		json_t *item = entry_json(hits[i].e, hits[i].score);
		if (item) {
			json_object_set_new(item, "reason", json_string(buf_cstr(&why)));
			json_object_set_new(item, "reason_detail", reason_json(&hits[i].reason));
		}
		json_array_append_new(items, item);
		buf_free(&why);
	}
	network_view_end(&v);
	if (!items) {
		unavailable(r);
		return;
	}
	r->personal = 1;
	api_send(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- registering and nominating ---- */

/* The string fields of a JSON object into slots named by names; unknown
 * names and non-strings are refused (400 / 422, answered here). */
static int json_fields(struct req *r, const char *const *names, char **slots, int n)
{
	json_error_t jerr;
	struct field_errors fe = {0};
	if (api_require_json(r))
		return -1;
	json_t *doc = json_loadb(r->body ? r->body : "", r->body_len,
				 JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		json_decref(doc);
		api_error(r, 400, "bad_json", N_("The body is not a valid JSON object (UTF-8, no duplicate names)."), NULL);
		return -1;
	}
	const char *key;
	json_t *value;
	int unknown = 0;
	json_object_foreach(doc, key, value) {
		int k = 0;
		while (k < n && strcmp(names[k], key) != 0)
			k++;
		if (k == n) {
			unknown = 1;
			field_errors_add(&fe, "", N_("This field is not known."));
		} else if (json_is_string(value)) {
			slots[k] = arena_strdup(r->arena, json_string_value(value));
		} else if (!json_is_null(value)) {
			field_errors_add(&fe, names[k], N_("Give this field as text."));
		}
	}
	json_decref(doc);
	if (unknown) {
		api_error(r, 400, "unknown_field", N_("The body has fields this API does not know."), NULL);
		return -1;
	}
	if (fe.n) {
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return -1;
	}
	return 0;
}

static const char *const initiative_names[] = {
	"title", "organisation", "organisation_kind", "theme", "stage", "tags", "summary",
	"question", "lessons", "visibility", "name", "email", "owner_name", "owner_email"};
#define INITIATIVE_NAMES 10
#define NOMINATION_NAMES 14

static void to_input(char **slots, struct initiative_input *in)
{
	*in = (struct initiative_input){slots[0], slots[1], slots[2], slots[3], slots[4],
					slots[5], slots[6], slots[7], slots[8], slots[9]};
}

void api_initiative_create(struct req *r)
{
	char *slots[NOMINATION_NAMES] = {0};
	struct initiative_input in;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	struct network_user u = network_user_of(r);
	int64_t id;
	if (json_fields(r, initiative_names, slots, INITIATIVE_NAMES))
		return;
	to_input(slots, &in);
	int rc = svc_initiative_register(r->store, r->arena, &who, &u, &in, tz_now(), &fe, &id);
	if (rc) {
		api_service_error(r, rc, &fe);
		return;
	}
	api_send(r, 201, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "status", "published",
				   "url", json_sprintf("%s/initiatieven/%lld", r->cfg->base_url,
						       (long long)id)));
}

void api_nomination_create(struct req *r)
{
	char *slots[NOMINATION_NAMES] = {0};
	struct initiative_input in;
	struct rate_check limit;
	if (json_fields(r, initiative_names, slots, NOMINATION_NAMES))
		return;
	to_input(slots, &in);
	struct nomination n = {
		.in = &in, .name = slots[10], .email = slots[11], .owner_name = slots[12],
		.owner_email = slots[13], .lang = lang_code(r->lang), .base_url = r->cfg->base_url,
		.now = tz_now(),
	};
	n.limit = auth_rate_check(r, "apply", arena_printf(r->arena, "nominate:%s", r->ip),
				  &limit) == 0 ? &limit : NULL;
	int rc = svc_initiative_nominate(r->store, r->arena, &n);
	if (rc == LWP_ELIMIT) {
		auth_rate_refuse(r, limit.retry_after);
		return;
	}
	if (rc) {
		api_service_error(r, rc, &n.fe);
		return;
	}
	api_send(r, 202, json_pack("{s:I, s:s}", "id", (json_int_t)n.id, "status",
				   initiative_status_code(INIT_PENDING_EMAIL)));
}

void api_nomination_confirm(struct req *r)
{
	struct confirmation c;
	int rc = svc_initiative_confirm(r->store, r->arena, r->params[0], r->cfg->base_url,
					tz_now(), &c);
	if (rc == LWP_ENOTFOUND) {
		api_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."), NULL);
		return;
	}
	if (rc == LWP_ECLOSED) {
		api_error(r, 409, "used", N_("This link has been used already."), NULL);
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	r->personal = 1;
	api_send(r, 200, json_pack("{s:I, s:s, s:s}", "initiative_id", (json_int_t)c.initiative_id,
				   "status", initiative_status_code(c.status), "confirmed",
				   c.purpose));
}
