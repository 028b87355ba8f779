/* Unit tests of domain/subgroups: the split problem built from participants
 * and the lead's rules (organisation apart by default, apart and together
 * pairs, coaches' colleagues fixed), what a hand-made assignment breaks, and
 * each group's spread next to the whole group's. The optimiser itself is
 * tested in test_split.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/error.h"
#include "domain/subgroups.h"

static struct subgroup_person person(int64_t id, int64_t org, enum org_kind kind,
				     enum theme theme, const char *tags, const char *email)
{
	struct subgroup_person p = {0};
	p.c.application_id = id;
	p.c.org_id = org;
	p.c.kind = kind;
	p.c.theme = theme;
	p.c.tags = tags;
	p.email = email;
	p.current = -1;
	return p;
}

/* Six people; 11 and 12 of one organisation, 13 and 14 of another. */
static void six(struct subgroup_person *p)
{
	p[0] = person(11, 1, ORG_MINISTRY, THEME_ORGANISING, "teams, data", "a@min.example");
	p[1] = person(12, 1, ORG_MINISTRY, THEME_CHANGING, "data", "b@min.example");
	p[2] = person(13, 2, ORG_AGENCY, THEME_BOTH, "Teams", "c@agency.example");
	p[3] = person(14, 2, ORG_AGENCY, THEME_ORGANISING, "wijk", "d@agency.example");
	p[4] = person(15, 3, ORG_LOCAL, THEME_CHANGING, "", "e@local.example");
	p[5] = person(16, 4, ORG_ZBO, THEME_BOTH, "klant, DATA", "f@coach.example");
}

struct fixture {
	struct subgroup_person p[6];
	struct selection_settings w;
	struct subgroup_settings set;
	struct subgroup_input in;
};

static void setup_input(struct fixture *f, const struct subgroup_rule *rules, int nrules,
			const struct subgroup_coach *coaches, int ncoaches)
{
	six(f->p);
	selection_default_settings(&f->w);
	subgroup_default_settings(&f->set);
	f->in = (struct subgroup_input){f->p, 6, &f->w, &f->set, rules, nrules, coaches, ncoaches, 0};
}

static int has_pair(const struct subgroup_problem *p, int a, int b)
{
	for (int m = 0; m < p->sp.napart; m++)
		if ((p->apart[2 * m] == a && p->apart[2 * m + 1] == b) ||
		    (p->apart[2 * m] == b && p->apart[2 * m + 1] == a))
			return 1;
	return 0;
}

static void test_organisation_apart_by_default(void **state)
{
	(void)state;
	struct fixture f;
	struct subgroup_problem p;
	struct lwp_error err = {0};
	setup_input(&f, NULL, 0, NULL, 0);
	assert_int_equal(subgroup_problem_build(&f.in, &p, &err), 0);
	assert_int_equal(p.sp.napart, 2);
	assert_true(has_pair(&p, 0, 1));
	assert_true(has_pair(&p, 2, 3));
	assert_null(p.together);
	assert_null(p.fixed);
	/* the distances are the selection's */
	assert_true(p.dist[0 * 6 + 2] == selection_distance(&f.w, &f.p[0].c, &f.p[2].c));
	subgroup_problem_free(&p);
	f.set.org_apart = 0;
	assert_int_equal(subgroup_problem_build(&f.in, &p, &err), 0);
	assert_int_equal(p.sp.napart, 0);
	subgroup_problem_free(&p);
	/* more people of one organisation than groups: spread by distance only */
	f.set.org_apart = 1;
	f.set.k = 1;
	assert_int_equal(subgroup_problem_build(&f.in, &p, &err), 0);
	assert_int_equal(p.sp.napart, 0);
	subgroup_problem_free(&p);
}

static void test_rules_and_their_conflicts(void **state)
{
	(void)state;
	struct fixture f;
	struct split_result r;
	struct lwp_error err = {0};
	/* 11 with 12 (one organisation: the rule wins), 15 apart from 11; a
	 * rule naming someone else, or one person twice, is skipped */
	const struct subgroup_rule rules[] = {{11, 12, 1}, {15, 11, 0}, {15, 99, 0}, {13, 13, 1}};
	setup_input(&f, rules, 4, NULL, 0);
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), 0);
	assert_int_equal(r.group[0], r.group[1]);
	assert_int_not_equal(r.group[4], r.group[0]);
	assert_int_not_equal(r.group[2], r.group[3]);
	assert_true(r.proven);
	double value;
	struct subgroup_check c;
	assert_int_equal(subgroup_evaluate(&f.in, r.group, &value, &c, &err), 0);
	assert_true(value == r.value);
	assert_int_equal(c.sizes + c.apart + c.together + c.fixed, 0);
	/* move 11 away from 12: sizes and the together rule break */
	int moved[6];
	for (int i = 0; i < 6; i++)
		moved[i] = r.group[i];
	moved[0] = 1 - moved[0];
	assert_int_equal(subgroup_evaluate(&f.in, moved, &value, &c, &err), 0);
	assert_int_equal(c.sizes, 2);
	assert_int_equal(c.together, 1);
	split_result_free(&r);
	/* apart and together at once cannot be met */
	const struct subgroup_rule bad[] = {{15, 16, 1}, {15, 16, 0}};
	setup_input(&f, bad, 2, NULL, 0);
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), LWP_EINVAL);
	/* sizes that do not add up */
	setup_input(&f, NULL, 0, NULL, 0);
	f.set.has_sizes = 1;
	f.set.sizes[0] = 4;
	f.set.sizes[1] = 3;
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), LWP_EINVAL);
	assert_string_equal(err.field, "sizes");
	f.set.sizes[1] = 2;
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), 0);
	int n0 = 0;
	for (int i = 0; i < 6; i++)
		n0 += r.group[i] == 0;
	assert_int_equal(n0, 4);
	split_result_free(&r);
}

static void test_colleagues_join_their_coach(void **state)
{
	(void)state;
	struct fixture f;
	struct split_result r;
	struct lwp_error err = {0};
	const struct subgroup_coach coaches[] = {{1, "Coach@COACH.example"}, {0, "x@min.example"},
						 {1, "y@min.example"}};
	setup_input(&f, NULL, 0, coaches, 3);
	f.set.fix_colleagues = 1;
	struct subgroup_problem p;
	assert_int_equal(subgroup_problem_build(&f.in, &p, &err), 0);
	assert_non_null(p.fixed);
	assert_int_equal(p.fixed[5], 1);  /* the coach's domain, case-insensitive */
	assert_int_equal(p.fixed[0], -1); /* colleagues of coaches of two groups: neither */
	assert_int_equal(p.fixed[2], -1);
	subgroup_problem_free(&p);
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), 0);
	assert_int_equal(r.group[5], 1);
	split_result_free(&r);
	assert_true(subgroup_same_domain("a@X.example", "b@x.EXAMPLE"));
	assert_false(subgroup_same_domain("a@x.example", "b@xx.example"));
	assert_false(subgroup_same_domain("a@x.example", "no-at-sign"));
}

static void test_rebalance_moves_only_what_it_must(void **state)
{
	(void)state;
	struct fixture f;
	struct split_result r, again;
	struct lwp_error err = {0};
	setup_input(&f, NULL, 0, NULL, 0);
	assert_int_equal(subgroup_run(&f.in, 0, &r, &err), 0);
	/* 13 leaves: five remain, as they were */
	struct subgroup_person rest[5];
	int m = 0;
	for (int i = 0; i < 6; i++) {
		if (i == 2)
			continue;
		rest[m] = f.p[i];
		rest[m++].current = r.group[i];
	}
	f.in.p = rest;
	f.in.n = 5;
	assert_int_equal(subgroup_run(&f.in, 1, &again, &err), 0);
	/* the group that lost 13 has 2, the other 3: sizes 3 and 2 are kept by
	 * at most one move, none when the smaller is the second group */
	assert_true(again.nmoves <= 1);
	for (int i = 0; i < 5; i++)
		if (again.group[i] != rest[i].current)
			assert_int_equal(again.nmoves, 1);
	split_result_free(&again);
	split_result_free(&r);
}

static void test_spread_per_group_and_whole(void **state)
{
	(void)state;
	struct fixture f;
	struct subgroup_spread sp[3];
	setup_input(&f, NULL, 0, NULL, 0);
	const int group[6] = {0, 1, 0, 1, 0, 1};
	assert_int_equal(subgroup_spread(f.p, 6, group, 2, &f.w, sp), 0);
	assert_int_equal(sp[0].size, 3);
	assert_int_equal(sp[2].size, 6);
	assert_int_equal(sp[2].organisations, 4);
	assert_int_equal(sp[0].organisations, 3);
	assert_int_equal(sp[2].kinds[ORG_MINISTRY], 2);
	assert_int_equal(sp[0].kinds[ORG_MINISTRY], 1);
	assert_int_equal(sp[2].themes[THEME_BOTH], 2);
	/* keywords compared without case: teams, data, wijk, klant */
	assert_int_equal(sp[2].tags, 4);
	assert_int_equal(sp[0].tags, 2);  /* teams, data / Teams / (none) */
	double v = 0;
	for (int i = 0; i < 6; i++)
		for (int j = i + 1; j < 6; j++)
			if (group[i] == 0 && group[j] == 0)
				v += selection_distance(&f.w, &f.p[i].c, &f.p[j].c);
	assert_true(sp[0].value == v);
	assert_true(sp[0].mean == v / 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_organisation_apart_by_default),
		cmocka_unit_test(test_rules_and_their_conflicts),
		cmocka_unit_test(test_colleagues_join_their_coach),
		cmocka_unit_test(test_rebalance_moves_only_what_it_must),
		cmocka_unit_test(test_spread_per_group_and_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
