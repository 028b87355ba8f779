/*
 * The demo's subgroups: the 2018 edition played through as it happened
 * (selected a week after the deadline, twenty participants, two subgroups
 * each with one of the two external coaches, confirmed before the first
 * meeting). Everything through services; what exists is skipped. The
 * edition kept for a visitor to try the selection on is demo.c's. Names
 * and addresses are fictional (.example).
 */
#include "cli/demo.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "service/selection.h"
#include "service/subgroups.h"

#include <string.h>

static const char *const coaches[][2] = {
	{"Marloes Verhoeven", "marloes.verhoeven@bureau-koers.example"},
	{"Joost van Rijnsburg", "joost.vanrijnsburg@bureau-koers.example"},
};
static const char *const group_names[] = {"Groep Wendbaar", "Groep Netwerk"};

/* The 2018 selection, confirmed on 22 November 2017 when not made yet. */
static int select_2018(struct store *s, struct arena *a, const struct edition *e)
{
	struct selection_plan p;
	struct actor who = ACTOR_SYSTEM;
	int64_t when = e->deadline + 7 * 86400;
	if (e->status != EDITION_OPEN && e->status != EDITION_CLOSED)
		return 0;
	int rc = svc_selection_plan(s, a, e->slug, when, 5.0, &p);
	if (rc)
		return rc;
	rc = svc_selection_confirm(s, a, &p, "", &who, when);
	svc_selection_plan_free(&p);
	return rc == LWP_ECLOSED ? 0 : rc;
}

/* The coach's account with the coach role for e (made when missing). */
static int coach_user(struct store *s, struct arena *a, const struct edition *e, int i,
		      int64_t now, int64_t *id)
{
	struct actor who = ACTOR_SYSTEM;
	struct user u;
	int rc = store_user_by_email(s, a, coaches[i][1], &u);
	if (rc == 0) {
		*id = u.id;
		return 0;
	}
	if (rc != LWP_ENOTFOUND ||
	    (rc = svc_user_create(s, a, &who, coaches[i][1], coaches[i][0], "nl", NULL, now, id)) ||
	    (rc = store_user_get(s, a, *id, &u)))
		return rc;
	return svc_role_change(s, a, &who, &u, ROLE_COACH, e, 1, now);
}

static int split_2018(struct store *s, struct arena *a, const struct edition *e)
{
	struct subgroups_state st;
	struct subgroups_setup in;
	struct subgroups_outcome o = {0};
	struct lwp_error err = {0};
	struct actor who = ACTOR_SYSTEM;
	int64_t when, ids[2];
	int mailed, rc = tz_local_to_utc(2018, 1, 10, 12, 0, &when);
	if (rc || (rc = svc_subgroups_load(s, a, e, &st)))
		return rc;
	if (st.plan.confirmed)
		return 0;
	memset(&in, 0, sizeof(in));
	subgroup_default_settings(&in.set);
	for (int g = 0; g < 2; g++) {
		if ((rc = coach_user(s, a, e, g, when, &ids[g])))
			return rc;
		in.names[g] = group_names[g];
		in.coach_ids[g][0] = ids[g];
		in.ncoach[g] = 1;
	}
	if ((rc = svc_subgroups_setup(s, a, &who, e, &in, when, &err)) ||
	    (rc = svc_subgroups_plan(s, a, &who, e, 0, 0, when, &o, &err)))
		return rc;
	return svc_subgroups_confirm(s, a, &who, e, when, &mailed);
}

int demo_subgroups(struct store *s)
{
	struct arena *a = arena_new();
	struct edition e;
	if (!a)
		return LWP_ENOMEM;
	int rc = store_edition_get(s, a, DEMO_SLUG_2018, &e);
	if (!rc && !(rc = select_2018(s, a, &e)) && !(rc = store_edition_get(s, a, DEMO_SLUG_2018, &e)))
		rc = split_2018(s, a, &e);
	arena_free(a);
	return rc;
}
