/*
 * The demo's subgroups: the 2018 edition played through as it happened
 * (selected a week after the deadline, twenty participants, two subgroups
 * each with one of the two external coaches, confirmed before the first
 * meeting), and an edition past its deadline that is not selected yet, so
 * that a visitor can still try the selection. Everything through services;
 * what exists is skipped. Names and addresses are fictional (.example).
 */
#include "cli/demo.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "service/applications.h"
#include "service/editions.h"
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
	rc = svc_selection_confirm(s, a, &p, &who, when);
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
	struct subgroups_outcome o;
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

/* "anouk.bakker@x.example" -> "anouk.bakker.najaar@x.example" */
static char *other_address(struct arena *a, const char *email)
{
	const char *at = strchr(email, '@');
	return at ? arena_printf(a, "%.*s.najaar%s", (int)(at - email), email, at) : NULL;
}

/* An edition past its deadline with ~30 applicants, not selected. */
static int seed_try(struct store *s, struct arena *a)
{
	struct edition e;
	struct actor who = ACTOR_SYSTEM;
	struct field_errors fe = {0};
	int rc = store_edition_get(s, a, DEMO_SLUG_TRY, &e);
	if (rc != LWP_ENOTFOUND)
		return rc;
	int64_t now = tz_now(), deadline = now - 10 * 86400;
	memset(&e, 0, sizeof(e));
	e.slug = (char *)DEMO_SLUG_TRY;
	e.title = (char *)"Inter-company Leerwerkplaats najaar (demo: selectie)";
	e.description = (char *)"Een oefeneditie waarvan de inschrijving is gesloten en de deelnemers nog niet zijn gekozen. "
		"Probeer hier de selectie op diversiteit en daarna de subgroepen.";
	e.capacity = 20;
	e.deadline = deadline;
	e.policy = POLICY_DIVERSITY;
	e.org_cap = 2;
	e.fee_cents = 150000;
	e.guided_months = 3;
	e.location = (char *)"Conferentieoord, Nederland";
	e.contact_name = (char *)"Projectleider Nooit meer reorganiseren";
	e.contact_email = (char *)"leerwerkplaats@ecop.example";
	e.status = EDITION_OPEN;
	e.created_at = deadline - 60 * 86400;
	if ((rc = svc_edition_create(s, a, &who, &e, e.created_at, &fe)))
		return rc;
	int n;
	const struct demo_applicant *d = demo_applicants(&n);
	for (int i = 0; i < n; i++) {
		char *email = other_address(a, d[i].email);
		if (!email)
			return LWP_ENOMEM;
		struct application_input in = {
			.name = (char *)d[i].name, .email = email,
			.organisation = (char *)d[i].org, .organisation_kind = (char *)d[i].kind,
			.function = (char *)d[i].function, .initiative_title = (char *)d[i].initiative,
			.theme = (char *)d[i].theme, .tags = (char *)d[i].tags,
			.motivation = (char *)"Ik wil leren van collega's die elders hetzelfde meemaken.",
			.question = (char *)d[i].question, .lang = (char *)"nl",
			.eligible = 1, .consent = 1, .consent_directory = 0,
		};
		struct submission sub = {.slug = DEMO_SLUG_TRY, .in = &in, .lang = LANG_NL,
					 .base_url = "", .now = deadline - 20 * 86400 + (int64_t)i * 50000,
					 .no_mail = 1};
		if ((rc = svc_application_submit(s, a, &sub)))
			return rc;
	}
	return svc_edition_set_status(s, a, &who, e.id, EDITION_CLOSED, deadline);
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
	if (!rc)
		rc = seed_try(s, a);
	arena_free(a);
	return rc;
}
