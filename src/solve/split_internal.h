/* split_internal.h - what the parts of the anticlustering optimiser share: the reduced
 * problem over "units" (a together set is one unit), the clock and the random generator.
 * Not for use outside src/solve/split*.c.
 */
#ifndef LWP_SOLVE_SPLIT_INTERNAL_H
#define LWP_SOLVE_SPLIT_INTERNAL_H

#include <stdint.h>

/*
 * Assign each of nu units to one of k groups, maximising
 *   sum over pairs u<v in one group of d[u][v]  +  sum over u of lin[u][g(u)],
 * such that group g holds exactly size[g] elements (unit u weighs w[u]), a unit fixed to a
 * group is in it, units joined by an apart edge are in different groups and group g holds
 * between lo[g][c] and hi[g][c] elements of category c. The original value is base + the
 * pairwise part (lin only carries the re-balance's move penalty).
 * cls[g] >= 0 names a class of interchangeable groups (same size, nothing fixed in them,
 * no linear term): the exact search opens them in index order.
 */
struct split_red {
	int nu, k, ncat;
	int *w;
	double *d;             /* nu*nu, zero diagonal */
	double *lin;           /* nu*k */
	int has_lin;
	int *cur;              /* re-balance: per unit its current group, or -1 */
	int *fixg;             /* per unit: group or -1 */
	int *adj_start, *adj;  /* apart edges, CSR over units */
	int *cat_start, *cat_id, *cat_cnt; /* per unit: its category counts, CSR */
	int *size;             /* k */
	int *lo, *hi;          /* k*ncat */
	int *cls;              /* k */
	double base;
	double t_end;
	uint64_t seed;
	long long max_nodes;
	long long max_iterations;
};

struct split_stats {
	long long nodes;
	long long iterations;
	int timed_out;
};

/* Outcomes of the exact search. */
enum { SPLIT_BB_DONE = 0, SPLIT_BB_STOPPED = 1, SPLIT_BB_FOUND = 2 };

double split_now(void);
uint64_t split_rand_next(uint64_t *state);
int split_rand_below(uint64_t *state, int n);

/* Reduced objective (pairs + lin) of a complete assignment g (nu entries). */
double split_red_value(const struct split_red *r, const int *g);

/*
 * Branch and bound (split_exact.c). With first_only it stops at the first assignment that
 * meets the rules (SPLIT_BB_FOUND), or returns SPLIT_BB_DONE when there is none. Otherwise
 * it starts from the incumbent g / *value (*value = -INFINITY: none) and replaces it by
 * anything better; SPLIT_BB_DONE then means the incumbent is optimal. SPLIT_BB_STOPPED:
 * the node budget or the time ran out. Returns -1 when out of memory.
 */
int split_branch_and_bound(const struct split_red *r, int first_only, int *g, double *value,
			   struct split_stats *st);

/*
 * Iterated local search with swap moves (split_search.c) from the feasible assignment g,
 * which it replaces by the best one found; *value is its reduced value. Returns 0 or -1
 * when out of memory.
 */
int split_local_search(const struct split_red *r, int *g, double *value,
		       struct split_stats *st);

/* The subset-table enumeration (split_table.c) for small instances. */
#define SPLIT_TABLE_MAX_NU 20
#define SPLIT_TABLE_MAX_K 16
#define SPLIT_TABLE_MAX_SPLITS 3e7

/* Whether r is small enough for split_table_solve (and has no linear term). */
int split_table_fits(const struct split_red *r);

/*
 * The optimum of r by complete enumeration, from the incumbent g / *value (*value =
 * -INFINITY: none), which it replaces by anything better: returns 1 when g then holds the
 * optimum, 0 when no assignment meets the rules, -1 when out of memory.
 */
int split_table_solve(const struct split_red *r, int *g, double *value,
		      struct split_stats *st);

#endif
