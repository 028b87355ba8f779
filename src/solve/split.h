/* split.h - the anticlustering optimiser behind subgroups: split n elements into k groups
 * so that each group is as diverse as the whole (the sum of within-group distances is as
 * large as possible), under size, apart, together, fixed and category rules.
 * Arrays in, arrays out: no database, no HTTP, no global state. See split.c for the design.
 * Limits: proofs come quickly up to about 20 elements (any k for the branch and bound,
 * k <= 3 for the enumeration); beyond, the answer is the local search's best. The local
 * search swaps units of equal size only, so with together sets of different sizes it
 * keeps the sizes the first assignment gave those sets' groups.
 */
#ifndef LWP_SOLVE_SPLIT_H
#define LWP_SOLVE_SPLIT_H

#include <stdint.h>

#include "core/error.h"

/* The largest n and k accepted (the matrix is n*n doubles). */
#define SPLIT_MAX_N 2000
#define SPLIT_MAX_K 100

/*
 * One problem. Every array is indexed by element 0..n-1 unless said otherwise; an array
 * left NULL means "no such rule".
 *
 * dist      n*n row-major, symmetric, finite, >= 0; the diagonal is ignored.
 * k         number of groups, 1..min(n, SPLIT_MAX_K).
 * sizes     k entries summing to n, each >= 0, or NULL: as equal as possible (the first
 *           n % k groups get one more).
 * apart     napart pairs (2*napart element indexes): the two must be in different groups.
 * together  per element a set id >= 0 (elements with the same id share a group) or -1.
 * fixed     per element a group 0..k-1 it must be in, or -1.
 * category  per element a category id >= 0 or -1 (no category). Every group g then gets
 *           floor or ceil of sizes[g] * count(c) / n elements of every category c.
 * seconds   wall-clock safety cap (> 0; 0 or less: 10 s). The searches stop on work
 *           limits first, so results do not depend on the machine unless timed_out is set.
 * seed      seed of the search's own random generator.
 * max_nodes      branch-and-bound node budget (0: default, about 0.3 s of work; beyond
 *                60 units the exact step only runs when a budget is given).
 * max_iterations local-search rounds (0: default, scaled with n).
 * exact     which exact method may prove optimality: SPLIT_EXACT_AUTO (0: the subset
 *           table when the instance is small enough, else branch and bound),
 *           SPLIT_EXACT_BB (branch and bound only), SPLIT_EXACT_NONE (local search
 *           only, never proven) or SPLIT_EXACT_BB_ALONE (branch and bound from the first
 *           assignment, no local search: the bound must do all the work); for tests and
 *           benchmarks.
 */
enum { SPLIT_EXACT_AUTO = 0, SPLIT_EXACT_BB = 1, SPLIT_EXACT_NONE = 2, SPLIT_EXACT_BB_ALONE = 3 };

struct split_problem {
	int n;
	int k;
	const double *dist;
	const int *sizes;
	int napart;
	const int *apart;
	const int *together;
	const int *fixed;
	const int *category;
	double seconds;
	uint64_t seed;
	long long max_nodes;
	long long max_iterations;
	int exact;
};

/* One move of a re-balance: element from group `from` (-1: it is new) to group `to`. */
struct split_move {
	int element;
	int from;
	int to;
};

/*
 * The answer. group[i] is the group of element i (allocated by the solver, freed by
 * split_result_free). value is the sum of dist over pairs in the same group. proven is 1
 * when the branch and bound showed that no assignment obeying the rules does better
 * (within a relative 1e-9); for a re-balance: no assignment needs fewer moves, and none
 * with as few moves has a larger value. moves (nmoves entries) is set by split_rebalance
 * only. timed_out is 1 when the time cap stopped a search: only then may two runs on the
 * same input differ.
 */
struct split_result {
	int *group;
	double value;
	int proven;
	int timed_out;
	int nmoves;
	struct split_move *moves;
	long long nodes;
	long long iterations;
	double seconds;
};

/*
 * Solve p. Returns LWP_OK and fills *out; LWP_EINVAL with err->field and err->msg naming
 * the bad input, or the rules that cannot be met together ("infeasible: ..."); LWP_ENOMEM.
 * On failure *out is empty (group NULL).
 */
int split_solve(const struct split_problem *p, struct split_result *out,
		struct lwp_error *err);

/*
 * Re-balance: current[i] is the group element i is in now, or -1 for an element that is
 * new (the membership has changed: elements who left are simply absent from p). Finds the
 * assignment obeying p with the fewest elements moved from their current group (placing
 * a new element is not counted as a move), and among those the largest value; out->moves
 * lists every element whose group is not current[i] (new ones with from = -1), ascending.
 */
int split_rebalance(const struct split_problem *p, const int *current,
		    struct split_result *out, struct lwp_error *err);

void split_result_free(struct split_result *r);

/* Check an assignment against p's rules: LWP_OK or LWP_EINVAL with the broken rule. */
int split_check(const struct split_problem *p, const int *group, struct lwp_error *err);

/* Sum of dist over the pairs of elements with the same group (group[i] in 0..k-1). */
double split_value(const struct split_problem *p, const int *group);

/*
 * Euclidean distances between n feature vectors of dim values (x is n*dim, row-major):
 * *dist receives a malloc'ed n*n matrix. Returns LWP_OK, LWP_EINVAL or LWP_ENOMEM.
 */
int split_euclidean(const double *x, int n, int dim, double **dist);

#endif
