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
/*
 * The attribute description on the reduced problem (mdp_attr.c): the candidates' value
 * indexes (global over all attributes: attribute a owns voff[a]..voff[a+1]), the fixed-in
 * items per value, and the rest e = d - categorical part among candidates, to the fixed-in
 * items (elin) and among the fixed-in items (ebase).
 */
struct mdp_red_attr {
	int na, nvt, nfixed, ezero;
	int *voff;
	int *cval;     /* nc * na */
	int *fixcnt;   /* nvt */
	double *w;     /* na */
	double *e;     /* nc * nc */
	double *elin;  /* nc */
	double ebase;
};

struct mdp_red {
	struct mdp_red_attr *attr; /* NULL: no description */
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

/* Build r->attr from p->attr (nothing when it is NULL). MDP_OK, MDP_EINVAL, MDP_ENOMEM. */
int mdp_attr_build(const struct mdp_problem *p, struct mdp_red *r, const int *fixed, int nfix);

void mdp_attr_free(struct mdp_red *r);

/* What the branch and bound keeps of the attributes at a node (mdp_attr.c). */
struct mdp_attr_node {
	const struct mdp_red *r;
	int *cnt;      /* nvt: chosen (fixed-in and IN) per value */
	int *nfree;    /* nvt: free candidates per value */
	double *ae;    /* nc: e to the fixed-in and IN items */
	double fe;     /* e among the fixed-in and IN items */
	int *enbr;     /* nc * (nc - 1): the others by e, largest first */
	double *key;
	int *idx, *tmp;
	/* the Lagrangian relaxation (kept from node to node as a warm start) */
	double *lam;   /* na * nc multipliers */
	double *marg;  /* nc */
	unsigned char *xa, *x0; /* na * nc and nc: the subproblems' choices */
	int *left, *bucket, *fill; /* ng; nc + nvt + 2 (items, then value starts); nvt */
	long long calls;
};

int mdp_attr_node_init(struct mdp_attr_node *s, const struct mdp_red *r);
void mdp_attr_node_free(struct mdp_attr_node *s);
/* Candidate c chosen (in = 1) or dropped (in = 0), or that undone (undo = 1). */
void mdp_attr_node_set(struct mdp_attr_node *s, int c, int in, int undo);
/*
 * An upper bound on the reduced value of every completion that chooses r more of the
 * free candidates (state[c] == 0), cnt[g] of group g being chosen already. The work
 * stops early once the bound is below cut.
 */
double mdp_attr_node_bound(struct mdp_attr_node *s, const unsigned char *state, int r,
			   const int *cnt, double cut);

#endif
