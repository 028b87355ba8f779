/* test_split.c - unit tests of the anticlustering optimiser (src/solve/split*.c): optimality
 * against brute force on small instances, every rule alone and combined, infeasible and
 * invalid input refused, determinism, and re-balances with the fewest moves (brute force).
 * The brute force and its rule check are written here independently of split_check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/split.h"

#define MAXN 64
#define MAXPAIRS 8

/* A random instance with its rules and its own storage. */
struct inst {
	int n, k;
	double dist[MAXN * MAXN];
	int sizes[8];
	int apart[2 * MAXPAIRS];
	int napart;
	int together[MAXN], fixed[MAXN], category[MAXN];
	int use_sizes, use_together, use_fixed, use_category;
};

enum { R_SIZES = 1, R_APART = 2, R_TOGETHER = 4, R_FIXED = 8, R_CATEGORY = 16 };

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int below(uint64_t *s, int n)
{
	return (int)(rnd(s) % (uint64_t)n);
}

static void random_dist(struct inst *t, uint64_t *s)
{
	int i, j;

	for (i = 0; i < t->n; i++)
		for (j = i + 1; j < t->n; j++) {
			double d = (double)(rnd(s) % 1001) / 100.0;

			t->dist[i * t->n + j] = d;
			t->dist[j * t->n + i] = d;
		}
}

/* Random rules of the kinds in `rules` (a few of each, possibly infeasible together). */
static void random_inst(struct inst *t, int n, int k, int rules, uint64_t *s)
{
	int i, left;

	memset(t, 0, sizeof(*t));
	t->n = n;
	t->k = k;
	random_dist(t, s);
	for (i = 0; i < n; i++) {
		t->together[i] = -1;
		t->fixed[i] = -1;
		t->category[i] = -1;
	}
	if (rules & R_SIZES) {
		t->use_sizes = 1;
		left = n;
		for (i = 0; i < k - 1; i++) {
			t->sizes[i] = 1 + below(s, left - (k - i) + 1 > 0 ? left - (k - i) + 1 : 1);
			left -= t->sizes[i];
		}
		t->sizes[k - 1] = left;
	}
	if (rules & R_APART) {
		t->napart = 1 + below(s, 3);
		for (i = 0; i < t->napart; i++) {
			t->apart[2 * i] = below(s, n);
			t->apart[2 * i + 1] = (t->apart[2 * i] + 1 + below(s, n - 1)) % n;
		}
	}
	if (rules & R_TOGETHER) {
		t->use_together = 1;
		for (i = 0; i < 3; i++)
			t->together[below(s, n)] = below(s, 2);
	}
	if (rules & R_FIXED) {
		t->use_fixed = 1;
		for (i = 0; i < 2; i++)
			t->fixed[below(s, n)] = below(s, k);
	}
	if (rules & R_CATEGORY) {
		t->use_category = 1;
		for (i = 0; i < n; i++)
			t->category[i] = below(s, 4) - 1;
	}
}

static void problem_of(const struct inst *t, struct split_problem *p)
{
	memset(p, 0, sizeof(*p));
	p->n = t->n;
	p->k = t->k;
	p->dist = t->dist;
	p->sizes = t->use_sizes ? t->sizes : NULL;
	p->napart = t->napart;
	p->apart = t->napart ? t->apart : NULL;
	p->together = t->use_together ? t->together : NULL;
	p->fixed = t->use_fixed ? t->fixed : NULL;
	p->category = t->use_category ? t->category : NULL;
	p->seconds = 10.0;
	p->seed = 3;
}

static int size_of(const struct inst *t, int g)
{
	return t->use_sizes ? t->sizes[g] : t->n / t->k + (g < t->n % t->k);
}

/* The rules, checked the plain way. */
static int feasible(const struct inst *t, const int *g)
{
	int cnt[8] = {0}, i, j, c;

	for (i = 0; i < t->n; i++)
		cnt[g[i]]++;
	for (i = 0; i < t->k; i++)
		if (cnt[i] != size_of(t, i))
			return 0;
	for (i = 0; i < t->napart; i++)
		if (g[t->apart[2 * i]] == g[t->apart[2 * i + 1]])
			return 0;
	for (i = 0; i < t->n; i++) {
		if (t->use_fixed && t->fixed[i] >= 0 && g[i] != t->fixed[i])
			return 0;
		for (j = 0; t->use_together && j < t->n; j++)
			if (t->together[i] >= 0 && t->together[j] == t->together[i] && g[i] != g[j])
				return 0;
	}
	for (c = 0; t->use_category && c < 3; c++) {
		int total = 0, in[8] = {0};

		for (i = 0; i < t->n; i++)
			if (t->category[i] == c) {
				total++;
				in[g[i]]++;
			}
		for (i = 0; i < t->k; i++) {
			double share = (double)size_of(t, i) * total / t->n;

			if (in[i] < floor(share + 1e-9) || in[i] > ceil(share - 1e-9))
				return 0;
		}
	}
	return 1;
}

static double value_of(const struct inst *t, const int *g)
{
	double v = 0.0;
	int i, j;

	for (i = 0; i < t->n; i++)
		for (j = i + 1; j < t->n; j++)
			if (g[i] == g[j])
				v += t->dist[i * t->n + j];
	return v;
}

/*
 * Brute force over all k^n assignments. With current != NULL: fewest moves first
 * (*moves), then the largest value. Returns the best value, -1 when none is feasible.
 */
static double brute(const struct inst *t, const int *current, int *moves)
{
	int g[MAXN] = {0}, i, best_moves = MAXN + 1;
	double best = -1.0;

	for (;;) {
		if (feasible(t, g)) {
			int mv = 0;
			double v = value_of(t, g);

			for (i = 0; current && i < t->n; i++)
				mv += current[i] >= 0 && current[i] != g[i];
			if (mv < best_moves || (mv == best_moves && v > best)) {
				best_moves = mv;
				best = v;
			}
		}
		for (i = 0; i < t->n && ++g[i] == t->k; i++)
			g[i] = 0;
		if (i == t->n)
			break;
	}
	if (moves)
		*moves = best_moves;
	return best;
}

static void expect_close(double a, double b)
{
	if (fabs(a - b) > 1e-7 * (1.0 + fabs(b)))
		fail_msg("value %.9f, expected %.9f", a, b);
}

/* Solve t with one exact method and compare with brute force value best. */
static void check_method(const struct inst *t, double best, int exact)
{
	struct split_problem p;
	struct split_result r;
	struct lwp_error err = {0, NULL, NULL};
	int rc;

	problem_of(t, &p);
	p.exact = exact;
	rc = split_solve(&p, &r, &err);
	if (best < 0.0) {
		assert_int_equal(rc, LWP_EINVAL);
		assert_non_null(err.msg);
		assert_non_null(strstr(err.msg, "infeasible"));
		assert_null(r.group);
		return;
	}
	assert_int_equal(rc, LWP_OK);
	assert_true(feasible(t, r.group));
	assert_int_equal(split_check(&p, r.group, &err), LWP_OK);
	expect_close(r.value, best);
	expect_close(split_value(&p, r.group), best);
	assert_int_equal(r.proven, 1);
	assert_int_equal(r.timed_out, 0);
	split_result_free(&r);
}

/* The exact methods (table, branch and bound with and without the local search's start)
 * against brute force; 1 if feasible. */
static int check_against_brute(const struct inst *t)
{
	double best = brute(t, NULL, NULL);

	check_method(t, best, SPLIT_EXACT_AUTO);
	check_method(t, best, SPLIT_EXACT_BB);
	check_method(t, best, SPLIT_EXACT_BB_ALONE);
	return best >= 0.0;
}

static void run_rules(int rules, int rounds, uint64_t seed)
{
	uint64_t s = seed;
	int i, feasible_seen = 0;

	for (i = 0; i < rounds; i++) {
		struct inst t;
		int n = 5 + below(&s, 5), k = 2 + (i & 1);

		if (k == 3 && n > 9)
			n = 9;
		random_inst(&t, n, k, rules, &s);
		feasible_seen += check_against_brute(&t);
	}
	assert_true(feasible_seen > rounds / 3);
}

static void test_optimal_plain(void **state)
{
	(void)state;
	run_rules(0, 30, 11);
}

static void test_sizes(void **state)
{
	(void)state;
	run_rules(R_SIZES, 20, 12);
}

static void test_apart(void **state)
{
	(void)state;
	run_rules(R_APART, 20, 13);
}

static void test_together(void **state)
{
	(void)state;
	run_rules(R_TOGETHER, 20, 14);
}

static void test_fixed(void **state)
{
	(void)state;
	run_rules(R_FIXED, 20, 15);
}

static void test_categories(void **state)
{
	(void)state;
	run_rules(R_CATEGORY, 20, 16);
}

static void test_combined(void **state)
{
	uint64_t s = 17;
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		struct inst t;
		int n = 6 + below(&s, 4), k = 2 + (i & 1);

		random_inst(&t, n, k, R_APART | R_TOGETHER | R_FIXED | R_CATEGORY |
					      (i % 4 == 0 ? R_SIZES : 0), &s);
		check_against_brute(&t);
	}
}

static void expect_refused(const struct split_problem *p, const char *field, int infeasible)
{
	struct split_result r;
	struct lwp_error err = {0, NULL, NULL};

	assert_int_equal(split_solve(p, &r, &err), LWP_EINVAL);
	assert_null(r.group);
	assert_non_null(err.msg);
	if (field)
		assert_string_equal(err.field, field);
	if (infeasible)
		assert_non_null(strstr(err.msg, "infeasible"));
}

static void test_infeasible(void **state)
{
	struct inst t;
	struct split_problem p;
	uint64_t s = 21;
	int i;

	(void)state;
	random_inst(&t, 6, 2, 0, &s);
	for (i = 0; i < t.n; i++)
		t.together[i] = t.fixed[i] = t.category[i] = -1;
	/* a triangle of apart pairs cannot go into two groups */
	t.napart = 3;
	memcpy(t.apart, (int[]){0, 1, 1, 2, 2, 0}, sizeof(int[6]));
	problem_of(&t, &p);
	expect_refused(&p, NULL, 1);
	/* an apart pair inside a together set */
	t.napart = 1;
	t.use_together = 1;
	t.together[0] = t.together[1] = 5;
	problem_of(&t, &p);
	expect_refused(&p, "apart", 1);
	/* a together set fixed to two groups */
	t.napart = 0;
	t.use_fixed = 1;
	t.fixed[0] = 0;
	t.fixed[1] = 1;
	problem_of(&t, &p);
	expect_refused(&p, "fixed", 1);
	/* four fixed to a group of three */
	t.use_together = 0;
	for (i = 0; i < 4; i++)
		t.fixed[i] = 0;
	problem_of(&t, &p);
	expect_refused(&p, NULL, 1);
	/* a together set larger than any group */
	t.use_fixed = 0;
	t.use_together = 1;
	for (i = 0; i < 4; i++)
		t.together[i] = 1;
	problem_of(&t, &p);
	expect_refused(&p, NULL, 1);
}

static void test_invalid(void **state)
{
	struct inst t;
	struct split_problem p;
	struct split_result r;
	uint64_t s = 22;
	int sizes[2] = {2, 3};

	(void)state;
	random_inst(&t, 6, 2, 0, &s);
	problem_of(&t, &p);
	p.k = 0;
	expect_refused(&p, "k", 0);
	p.k = 7;
	expect_refused(&p, "k", 0);
	problem_of(&t, &p);
	p.sizes = sizes;
	expect_refused(&p, "sizes", 0);
	problem_of(&t, &p);
	t.dist[1] = NAN;
	expect_refused(&p, "dist", 0);
	t.dist[1] = 1.0;
	t.dist[6] = 2.0;
	expect_refused(&p, "dist", 0);
	t.dist[6] = 1.0;
	t.apart[0] = 0;
	t.apart[1] = 6;
	p.napart = 1;
	p.apart = t.apart;
	expect_refused(&p, "apart", 0);
	assert_int_equal(split_solve(NULL, &r, NULL), LWP_EINVAL);
	p.napart = 0;
	assert_int_equal(split_rebalance(&p, NULL, &r, NULL), LWP_EINVAL);
}

static void test_trivial(void **state)
{
	struct inst t;
	struct split_problem p;
	struct split_result r;
	uint64_t s = 23;
	int i;

	(void)state;
	random_inst(&t, 5, 1, 0, &s);
	problem_of(&t, &p);
	assert_int_equal(split_solve(&p, &r, NULL), LWP_OK);
	for (i = 0; i < 5; i++)
		assert_int_equal(r.group[i], 0);
	assert_int_equal(r.proven, 1);
	split_result_free(&r);
	t.k = 5;
	problem_of(&t, &p);
	assert_int_equal(split_solve(&p, &r, NULL), LWP_OK);
	expect_close(r.value, 0.0);
	assert_int_equal(r.proven, 1);
	split_result_free(&r);
}

/* A larger instance beyond brute force: rules kept, same answer twice. */
static void test_deterministic_large(void **state)
{
	static struct inst t;
	struct split_problem p;
	struct split_result a, b;
	struct lwp_error err = {0, NULL, NULL};
	uint64_t s = 31;
	int i;

	(void)state;
	random_inst(&t, 60, 3, R_CATEGORY, &s);
	t.napart = 4;
	for (i = 0; i < 8; i++)
		t.apart[i] = i;
	t.use_together = 1;
	t.together[10] = t.together[11] = 0;
	t.use_fixed = 1;
	t.fixed[20] = 2;
	problem_of(&t, &p);
	p.max_nodes = 2000;
	p.exact = SPLIT_EXACT_BB;
	assert_int_equal(split_solve(&p, &a, &err), LWP_OK);
	assert_int_equal(split_solve(&p, &b, &err), LWP_OK);
	assert_memory_equal(a.group, b.group, sizeof(int) * 60);
	assert_true(a.value == b.value);
	assert_true(feasible(&t, a.group));
	assert_int_equal(split_check(&p, a.group, &err), LWP_OK);
	assert_int_equal(a.proven, 0);
	split_result_free(&a);
	split_result_free(&b);
}

/* The local search alone (no proof allowed) still finds the optimum of small cases. */
static void test_search_alone(void **state)
{
	uint64_t s = 41;
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		struct inst t;
		struct split_problem p;
		struct split_result r;

		random_inst(&t, 10, 2, 0, &s);
		problem_of(&t, &p);
		p.exact = SPLIT_EXACT_NONE;
		assert_int_equal(split_solve(&p, &r, NULL), LWP_OK);
		expect_close(r.value, brute(&t, NULL, NULL));
		assert_int_equal(r.proven, 0);
		split_result_free(&r);
	}
}

static void check_rebalance(const struct inst *t, const int *current, int exact)
{
	struct split_problem p;
	struct split_result r;
	struct lwp_error err = {0, NULL, NULL};
	int moves, i, m = 0, rc;
	double best = brute(t, current, &moves);

	problem_of(t, &p);
	p.exact = exact;
	rc = split_rebalance(&p, current, &r, &err);
	if (best < 0.0) {
		assert_int_equal(rc, LWP_EINVAL);
		return;
	}
	assert_int_equal(rc, LWP_OK);
	assert_true(feasible(t, r.group));
	for (i = 0; i < t->n; i++) {
		if (current[i] == r.group[i])
			continue;
		assert_true(m < r.nmoves);
		assert_int_equal(r.moves[m].element, i);
		assert_int_equal(r.moves[m].from, current[i]);
		assert_int_equal(r.moves[m].to, r.group[i]);
		m++;
	}
	assert_int_equal(m, r.nmoves);
	for (i = 0, m = 0; i < r.nmoves; i++)
		m += r.moves[i].from >= 0;
	assert_int_equal(m, moves);
	expect_close(r.value, best);
	assert_int_equal(r.proven, 1);
	split_result_free(&r);
}

/* Someone left or joined: fewest moves, then the best value (brute force). */
static void test_rebalance(void **state)
{
	uint64_t s = 51;
	int round;

	(void)state;
	for (round = 0; round < 60; round++) {
		struct inst t;
		int current[MAXN], i, n = 6 + below(&s, 4), k = 2 + (round % 3 == 1);

		int rules[4] = {0, R_APART | R_CATEGORY, R_TOGETHER | R_FIXED, R_SIZES | R_APART};

		random_inst(&t, n, k, rules[round % 4], &s);
		for (i = 0; i < n; i++) /* an old assignment, unbalanced by departures */
			current[i] = below(&s, k);
		current[below(&s, n)] = -1; /* a newcomer */
		check_rebalance(&t, current, SPLIT_EXACT_AUTO);
		check_rebalance(&t, current, SPLIT_EXACT_BB_ALONE);
	}
}

static void test_rebalance_already_fine(void **state)
{
	struct inst t;
	struct split_problem p;
	struct split_result r;
	uint64_t s = 52;
	int current[8] = {0, 1, 0, 1, 0, 1, 0, 1};

	(void)state;
	random_inst(&t, 8, 2, 0, &s);
	problem_of(&t, &p);
	assert_int_equal(split_rebalance(&p, current, &r, NULL), LWP_OK);
	assert_int_equal(r.nmoves, 0);
	assert_memory_equal(r.group, current, sizeof(current));
	split_result_free(&r);
	current[0] = 1; /* 3 and 5: one move */
	assert_int_equal(split_rebalance(&p, current, &r, NULL), LWP_OK);
	assert_int_equal(r.nmoves, 1);
	assert_int_equal(r.moves[0].to, 0);
	split_result_free(&r);
}

static void test_euclidean(void **state)
{
	double x[6] = {0, 0, 3, 4, 6, 8}, *d = NULL;

	(void)state;
	assert_int_equal(split_euclidean(x, 3, 2, &d), LWP_OK);
	expect_close(d[1], 5.0);
	expect_close(d[3], 5.0);
	expect_close(d[2], 10.0);
	expect_close(d[0], 0.0);
	free(d);
	assert_int_equal(split_euclidean(x, 0, 2, &d), LWP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_optimal_plain),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_apart),
		cmocka_unit_test(test_together),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_combined),
		cmocka_unit_test(test_infeasible),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_trivial),
		cmocka_unit_test(test_deterministic_large),
		cmocka_unit_test(test_search_alone),
		cmocka_unit_test(test_rebalance),
		cmocka_unit_test(test_rebalance_already_fine),
		cmocka_unit_test(test_euclidean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
