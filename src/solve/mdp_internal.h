/* mdp_internal.h - what the parts of the maximum diversity optimiser share: the reduced
 * problem (fixed items folded away, groups renumbered), the clock and the random generator.
 * Not for use outside src/solve/mdp*.c.
 */
#ifndef LWP_SOLVE_MDP_INTERNAL_H
#define LWP_SOLVE_MDP_INTERNAL_H

#include <stdint.h>

/*
 * The problem the search works on: choose k of nc candidates (the items neither fixed in
 * nor fixed out) to maximise  sum_{i in S} lin[i] + sum_{pairs i<j in S} d[i][j].
 * The value of the original problem is base + that. Candidate c is original item orig[c];
 * orig is ascending. grp[c] is a group number 0..ng-1 or -1 (no cap); at most room[g]
 * candidates of group g may be chosen (the cap less the fixed-in items of the group).
 * k never exceeds what the caps allow.
 */
struct mdp_red {
	int nc;
	int k;
	int ng;
	int integral;   /* every d and lin is a whole number: values are whole numbers */
	int *orig;
	double *d;      /* nc * nc, zero diagonal */
	double *lin;
	int *grp;
	int *room;
	double base;
	double dmax;
	double t_end;   /* mdp_now() deadline */
	uint64_t seed;
	long long max_nodes;
	long long max_iterations;
};

/* Counters the searches report back. */
struct mdp_stats {
	long long iterations;
	long long nodes;
	int timed_out;
};

/* Seconds on a monotonic clock. */
double mdp_now(void);

/* splitmix64: the next 64 random bits from *state. */
uint64_t mdp_rand_next(uint64_t *state);

/* A random integer in [0, n), n > 0. */
int mdp_rand_below(uint64_t *state, int n);

/* Reduced value of the k candidates in set. */
double mdp_red_value(const struct mdp_red *r, const int *set, int k);

/*
 * Sort idx[0..cnt) by key[idx] descending, ties by lower index first (stable merge sort,
 * tmp has room for cnt ints).
 */
void mdp_sort_desc(int *idx, int cnt, const double *key, int *tmp);

/*
 * The metaheuristic (memetic algorithm around a tabu search with swap moves). Writes the
 * best set found (k candidate indexes) to best and its reduced value to *value. Stops at
 * t_stop, on the iteration limit, or when the search stagnates. Returns MDP_OK or
 * MDP_ENOMEM.
 */
int mdp_tabu_search(const struct mdp_red *r, double t_stop, int *best, double *value,
		    struct mdp_stats *st);

/*
 * Branch and bound from the incumbent (best, *value), which it replaces when it finds a
 * better set. *proven is set to 1 when the search finished, i.e. the incumbent is optimal.
 * Returns MDP_OK or MDP_ENOMEM.
 */
int mdp_branch_and_bound(const struct mdp_red *r, int *best, double *value, int *proven,
			 struct mdp_stats *st);

#endif
