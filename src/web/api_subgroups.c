/*
 * The API of subgroups: GET the state (settings, groups with coaches and
 * members, the proposal or the confirmed split, value and spread); POST an
 * action: {"action": "plan"|"rebalance", "groups": K?} makes a proposal,
 * {"action": "move", "id": APPLICATION, "to": POSITION} moves one person,
 * {"action": "confirm"} confirms. The same services as the console.
 */
#include "web/api.h"
#include "web/auth.h"
#include "web/routes_subgroups.h"
#include "core/tz.h"
#include "service/subgroups.h"

#include <string.h>

static json_t *state_json(const struct subgroups_state *st, const struct subgroups_outcome *o)
{
	json_t *groups = json_array();
	int k = st->plan.set.k;
	for (int g = 0; groups && g < k; g++) {
		json_t *coaches = json_array(), *members = json_array();
		for (int j = 0; j < st->ncoaches; j++)
			if (st->coaches[j].position == g)
				json_array_append_new(coaches, json_pack("{s:I, s:s, s:s}", "id",
					(json_int_t)st->coaches[j].user_id, "name", st->coaches[j].name,
					"email", st->coaches[j].email));
		for (int i = 0; st->shown && i < st->n; i++)
			if (st->shown[i] == g)
				json_array_append_new(members, json_pack("{s:I, s:s, s:s, s:s, s:i, s:i}",
					"id", (json_int_t)st->rows[i].c.application_id,
					"name", st->rows[i].name, "email", st->rows[i].email,
					"organisation", st->rows[i].organisation,
					"confirmed_group", st->confirmed[i], "proposed_group", st->proposed[i]));
		json_t *spread = st->spread ? json_pack("{s:i, s:i, s:i, s:i, s:f}", "size",
			st->spread[g].size, "organisations", st->spread[g].organisations, "parents",
			st->spread[g].parents, "keywords", st->spread[g].tags, "diversity",
			st->spread[g].value) : json_null();
		json_array_append_new(groups, json_pack("{s:I, s:i, s:s, s:o, s:o, s:o}", "id",
			(json_int_t)st->groups[g].id, "position", g, "name", st->groups[g].name, "coaches", coaches, "members", members,
			"spread", spread));
	}
	json_t *moves = json_array();
	for (int m = 0; o && moves && m < o->nmoves; m++)
		json_array_append_new(moves, json_pack("{s:I, s:i, s:i}", "id",
			(json_int_t)o->moves[m].application_id, "from", o->moves[m].from,
			"to", o->moves[m].to));
	json_t *doc = json_pack("{s:s, s:b, s:i, s:i, s:b, s:b, s:b, s:o, s:f, s:i, s:i, s:o}",
		"edition", st->edition.slug, "available", 1, "participants", st->n, "k", k,
		"org_apart", st->plan.set.org_apart, "confirmed", st->plan.confirmed,
		"proposal", st->has_proposal, "groups", groups, "value", st->value,
		"left", st->left, "joined", st->joined, "moves", moves);
	if (doc && o)
		json_object_set_new(doc, "proven", json_boolean(o->proven));
	return doc;
}

static int load_and_send(struct req *r, const struct edition *e, const struct subgroups_outcome *o,
			 int status)
{
	struct subgroups_state st;
	int rc = svc_subgroups_load(r->store, r->arena, e, &st);
	if (rc)
		return rc;
	r->personal = 1;
	api_send(r, status, state_json(&st, o));
	return 0;
}

static void failed(struct req *r, int rc, const struct lwp_error *err)
{
	if (rc == LWP_ECLOSED)
		api_error(r, 409, "closed", N_("Subgroups can be made once the participants have been chosen; confirmed subgroups keep their number."), NULL);
	else if (rc == LWP_EINVAL)
		api_error(r, 422, "infeasible", N_("The rules cannot all be met together."), NULL);
	else if (rc == LWP_ECONFLICT)
		api_error(r, 409, "conflict", N_("The participants changed since the proposal was made."), NULL);
	else if (rc == LWP_ENOTFOUND)
		api_error(r, 404, "not_found", N_("There is nothing to confirm, move or re-balance."), NULL);
	else
		api_service_error(r, rc, NULL);
}

/* GET /api/v1/manage/editions/{slug}/subgroups */
void api_subgroups(struct req *r)
{
	struct edition e = *r->edition;
	int rc = load_and_send(r, &e, NULL, 200);
	if (rc == LWP_ECLOSED) {
		/* Not selected yet: nothing to split, which is an answer too. */
		r->personal = 1;
		api_send(r, 200, json_pack("{s:s, s:b, s:i, s:[]}", "edition", e.slug, "available", 0,
					   "participants", 0, "groups"));
	} else if (rc) {
		failed(r, rc, NULL);
	}
}

/* With "groups": K, save K (names and coaches kept) before planning. */
static int set_groups(struct req *r, const struct edition *e, json_t *k, struct lwp_error *err)
{
	struct subgroups_state st;
	struct subgroups_setup in;
	struct actor who = auth_actor(r);
	int rc = svc_subgroups_load(r->store, r->arena, e, &st);
	if (rc)
		return rc;
	memset(&in, 0, sizeof(in));
	in.set = st.plan.set;
	if (json_integer_value(k) != in.set.k)
		in.set.has_sizes = 0;
	in.set.k = (int)json_integer_value(k);
	for (int g = 0; g < in.set.k && g < st.ngroups; g++)
		in.names[g] = st.groups[g].name;
	for (int j = 0; j < st.ncoaches; j++) {
		int g = st.coaches[j].position;
		if (g < in.set.k && in.ncoach[g] < SUBGROUP_COACHES_MAX)
			in.coach_ids[g][in.ncoach[g]++] = st.coaches[j].user_id;
	}
	return svc_subgroups_setup(r->store, r->arena, &who, e, &in, tz_now(), err);
}

/* POST /api/v1/manage/editions/{slug}/subgroups */
void api_subgroups_post(struct req *r)
{
	struct edition e = *r->edition;
	struct subgroups_outcome o = {0};
	struct lwp_error err = {0};
	struct actor who = auth_actor(r);
	json_error_t jerr;
	int rc, mailed;
	double before, after;
	if (api_require_json(r))
		return;
	json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	const char *action = doc ? json_string_value(json_object_get(doc, "action")) : NULL;
	json_t *k = doc ? json_object_get(doc, "groups") : NULL;
	if (!doc || !json_is_object(doc) || !action || (k && !json_is_integer(k))) {
		json_decref(doc);
		api_error(r, 400, "bad_json", N_("Send a JSON object with \"action\": plan, rebalance, move or confirm."), NULL);
		return;
	}
	memset(&o, 0, sizeof(o));
	if (strcmp(action, "plan") == 0 || strcmp(action, "rebalance") == 0) {
		rc = k ? set_groups(r, &e, k, &err) : 0;
		if (!rc)
			rc = svc_subgroups_plan(r->store, r->arena, &who, &e, action[0] == 'r', 0,
						tz_now(), &o, &err);
	} else if (strcmp(action, "move") == 0) {
		json_t *id = json_object_get(doc, "id"), *to = json_object_get(doc, "to");
		rc = json_is_integer(id) && json_is_integer(to) && json_integer_value(to) >= 0 &&
		     json_integer_value(to) < SUBGROUP_K_MAX
			? svc_subgroups_move(r->store, r->arena, &who, &e, json_integer_value(id),
					     (int)json_integer_value(to), tz_now(), &before, &after)
			: LWP_ENOTFOUND;
	} else if (strcmp(action, "confirm") == 0) {
		rc = svc_subgroups_confirm(r->store, r->arena, &who, &e, tz_now(), &mailed);
	} else {
		json_decref(doc);
		api_error(r, 400, "bad_json", N_("Send a JSON object with \"action\": plan, rebalance, move or confirm."), NULL);
		return;
	}
	json_decref(doc);
	if (rc || (rc = load_and_send(r, &e, &o, 200)))
		failed(r, rc, &err);
}
