/* Unit tests of domain/selection: the distance, the choice within places,
 * caps and marks, and the explanations (what the chosen add, why the others
 * wait, the order of the waiting list). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "domain/selection.h"

/* id, organisation, parent, kind, theme, tags */
static struct candidate cand(int64_t id, int64_t org, int64_t parent, enum org_kind kind,
			     enum theme theme, const char *tags)
{
	struct candidate c = {0};
	c.application_id = id;
	c.org_id = org;
	c.parent_id = parent;
	c.kind = kind;
	c.theme = theme;
	c.tags = tags;
	return c;
}

static void test_distance_counts_each_difference(void **state)
{
	(void)state;
	struct selection_settings w;
	selection_default_settings(&w);
	struct candidate a = cand(1, 10, 100, ORG_AGENCY, THEME_ORGANISING, "teams, zelfsturing");
	struct candidate b = cand(2, 11, 100, ORG_AGENCY, THEME_ORGANISING, "Teams,zelfsturing ");
	struct candidate c = cand(3, 12, 0, ORG_MINISTRY, THEME_CHANGING, "netwerk");
	/* same parent, kind, theme and tags (case and spaces ignored): only the organisation */
	assert_float_equal(selection_distance(&w, &a, &b), 3.0, 1e-9);
	/* everything differs, tags fully: 3 + 2 + 2 + 2 + 1 */
	assert_float_equal(selection_distance(&w, &a, &c), 10.0, 1e-9);
	/* half the tags in common: Jaccard distance 2/3 of weight 1 */
	struct candidate d = cand(4, 10, 100, ORG_AGENCY, THEME_ORGANISING, "teams, netwerk");
	assert_float_equal(selection_distance(&w, &a, &d), 2.0 / 3.0, 1e-9);
	/* without tags on both sides nothing differs there */
	struct candidate e = cand(5, 10, 100, ORG_AGENCY, THEME_ORGANISING, "");
	struct candidate f = cand(6, 10, 100, ORG_AGENCY, THEME_ORGANISING, NULL);
	assert_float_equal(selection_distance(&w, &e, &f), 0.0, 1e-9);
}

/* Six applicants, two from organisation 10. */
static void six(struct candidate *c)
{
	c[0] = cand(1, 10, 0, ORG_AGENCY, THEME_ORGANISING, "teams");
	c[1] = cand(2, 10, 0, ORG_AGENCY, THEME_CHANGING, "netwerk");
	c[2] = cand(3, 11, 0, ORG_MINISTRY, THEME_BOTH, "beleid");
	c[3] = cand(4, 12, 0, ORG_ZBO, THEME_ORGANISING, "teams");
	c[4] = cand(5, 13, 0, ORG_LOCAL, THEME_CHANGING, "wijk");
	c[5] = cand(6, 14, 0, ORG_AGENCY, THEME_ORGANISING, "teams");
}

static int count_chosen(const struct selection *s)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += s->verdicts[i].chosen;
	return n;
}

static void test_chooses_places_and_respects_cap(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection s;
	six(c);
	selection_default_settings(&w);
	assert_int_equal(selection_run(c, 6, 4, 1, &w, 2.0, &s), 0);
	assert_int_equal(s.chosen_count, 4);
	assert_int_equal(count_chosen(&s), 4);
	assert_true(s.proven);
	assert_false(s.verdicts[0].chosen && s.verdicts[1].chosen); /* cap 1 for org 10 */
	assert_float_equal(s.value, s.value_unmarked, 1e-9);
	selection_free(&s);
}

static void test_explanations(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection s;
	six(c);
	selection_default_settings(&w);
	assert_int_equal(selection_run(c, 6, 4, 1, &w, 2.0, &s), 0);
	int ranks = 0;
	for (int i = 0; i < 6; i++) {
		const struct verdict *v = &s.verdicts[i];
		if (v->chosen) {
			assert_int_equal(v->rank, 0);
			assert_true(v->gain > 0);
			assert_true(v->gain >= s.last_gain);
			assert_true(v->adds & ADDS_ORGANISATION); /* cap 1: each the only one */
		} else {
			assert_true(v->rank >= 1);
			ranks |= 1 << v->rank;
		}
	}
	assert_int_equal(ranks, (1 << 1) | (1 << 2)); /* two waiting, ranked 1 and 2 */
	/* the one from organisation 10 who was not chosen waits because of the cap */
	int waiting10 = s.verdicts[0].chosen ? 1 : 0;
	assert_int_equal(s.verdicts[waiting10].why, WHY_NOT_CAP);
	/* the local government applicant is the only one of its kind when chosen */
	if (s.verdicts[4].chosen)
		assert_true(s.verdicts[4].adds & ADDS_KIND);
	/* the waiting list is ordered by what they would add, best first */
	int first = -1, second = -1;
	for (int i = 0; i < 6; i++) {
		if (s.verdicts[i].rank == 1)
			first = i;
		if (s.verdicts[i].rank == 2)
			second = i;
	}
	assert_true(s.verdicts[first].gain >= s.verdicts[second].gain);
	selection_free(&s);
}

static void test_marks_are_honoured(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection s, plain;
	six(c);
	selection_default_settings(&w);
	assert_int_equal(selection_run(c, 6, 3, 0, &w, 2.0, &plain), 0);
	int out = -1, in = -1;
	for (int i = 0; i < 6; i++) {
		if (plain.verdicts[i].chosen && out < 0)
			out = i;
		if (!plain.verdicts[i].chosen && in < 0)
			in = i;
	}
	c[out].mark = MARK_EXCLUDE;
	c[in].mark = MARK_INCLUDE;
	assert_int_equal(selection_run(c, 6, 3, 0, &w, 2.0, &s), 0);
	assert_false(s.verdicts[out].chosen);
	assert_int_equal(s.verdicts[out].why, WHY_NOT_EXCLUDED);
	assert_int_equal(s.verdicts[out].rank, 0);
	assert_true(s.verdicts[in].chosen);
	assert_true(s.value <= s.value_unmarked + 1e-9);
	assert_float_equal(s.value_unmarked, plain.value, 1e-9);
	selection_free(&s);
	selection_free(&plain);
}

static void test_impossible_marks_are_refused(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection s;
	six(c);
	selection_default_settings(&w);
	c[0].mark = c[1].mark = MARK_INCLUDE; /* same organisation, cap 1 */
	assert_int_equal(selection_run(c, 6, 4, 1, &w, 2.0, &s), LWP_EINVAL);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection a, b;
	six(c);
	selection_default_settings(&w);
	assert_int_equal(selection_run(c, 6, 3, 1, &w, 2.0, &a), 0);
	assert_int_equal(selection_run(c, 6, 3, 1, &w, 2.0, &b), 0);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(a.verdicts[i].chosen, b.verdicts[i].chosen);
		assert_int_equal(a.verdicts[i].rank, b.verdicts[i].rank);
	}
	selection_free(&a);
	selection_free(&b);
}

/* Offers follow the stored waiting-list rank, not what each adds now;
 * only those over the organisation cap are passed over (and reported). */
static void test_next_in_line_follows_rank(void **state)
{
	(void)state;
	struct candidate c[6];
	six(c);
	unsigned char group[6] = {1, 0, 0, 1, 0, 0};
	unsigned char eligible[6] = {0, 1, 1, 0, 1, 1};
	int rank[6] = {0, 3, 2, 0, 4, 1};
	int skipped[6], ns;
	/* no cap: the one ranked 1 */
	assert_int_equal(selection_next_in_line(c, rank, 6, group, eligible, 0, skipped, 6, &ns), 5);
	assert_int_equal(ns, 0);
	/* rank 1 no longer eligible: rank 2 */
	eligible[5] = 0;
	assert_int_equal(selection_next_in_line(c, rank, 6, group, eligible, 0, skipped, 6, &ns), 2);
	/* candidate 1 (organisation 10, with 0 in group) ranked first, cap 1: passed over */
	rank[1] = 1;
	int next = selection_next_in_line(c, rank, 6, group, eligible, 1, skipped, 6, &ns);
	assert_int_equal(next, 2);
	assert_int_equal(ns, 1);
	assert_int_equal(skipped[0], 1);
	/* an excluded mark does not change the order of the confirmed list */
	unsigned char none[6] = {0};
	assert_int_equal(selection_next_in_line(c, rank, 6, group, none, 1, skipped, 6, &ns), -1);
}

/* The rank agrees with the number shown: what each would add to the group. */
static void test_rank_agrees_with_gain(void **state)
{
	(void)state;
	struct candidate c[6];
	struct selection_settings w;
	struct selection s;
	six(c);
	selection_default_settings(&w);
	assert_int_equal(selection_run(c, 6, 2, 0, &w, 2.0, &s), 0);
	for (int i = 0; i < 6; i++) {
		for (int j = 0; j < 6; j++) {
			const struct verdict *a = &s.verdicts[i], *b = &s.verdicts[j];
			if (a->chosen || b->chosen || a->rank == 0 || b->rank == 0 || a->rank >= b->rank)
				continue;
			assert_true(a->gain >= b->gain - 1e-9);
			if (a->gain < b->gain + 1e-9)
				assert_true(i < j); /* equal: application order */
		}
	}
	assert_true(s.last >= 0 && s.verdicts[s.last].chosen);
	selection_free(&s);
}

static void test_settings_validation(void **state)
{
	(void)state;
	struct selection_settings w;
	selection_default_settings(&w);
	assert_int_equal(selection_settings_valid(&w), 0);
	w.w_org = 11;
	assert_int_not_equal(selection_settings_valid(&w), 0);
	selection_default_settings(&w);
	w.w_org = w.w_parent = w.w_kind = w.w_theme = w.w_tags = 0;
	assert_int_not_equal(selection_settings_valid(&w), 0);
	selection_default_settings(&w);
	w.offer_days = 0;
	assert_int_not_equal(selection_settings_valid(&w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance_counts_each_difference),
		cmocka_unit_test(test_chooses_places_and_respects_cap),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_marks_are_honoured),
		cmocka_unit_test(test_impossible_marks_are_refused),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_next_in_line_follows_rank),
		cmocka_unit_test(test_rank_agrees_with_gain),
		cmocka_unit_test(test_settings_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
