/* mdp.h - the maximum diversity optimiser used by the selection of an edition.
 * Arrays in, arrays out: no database, no HTTP, no global state (safe to call from
 * several threads at once). See mdp.c for the design.
 */
#ifndef LWP_SOLVE_MDP_H
#define LWP_SOLVE_MDP_H

#include <stddef.h>
#include <stdint.h>

/* Result codes (0 is success). */
enum {
	MDP_OK = 0,
	MDP_EINVAL = -1,     /* bad arguments: NULL matrix, negative or NaN distance, ... */
	MDP_EINFEASIBLE = -2, /* fixed-in items alone break m or a group cap */
	MDP_ENOMEM = -3,
	MDP_EPARSE = -4      /* mdp_parse_mdplib: malformed text */
};

/* The largest n accepted (the matrix is n*n doubles). */
#define MDP_MAX_N 10000

/*
 * One problem: choose m of the n items so that the sum of dist over all pairs of chosen
 * items is as large as possible.
 *
 * dist      n*n row-major, symmetric, finite, >= 0; the diagonal is ignored.
 * group     n entries or NULL; group[i] >= 0 is the group (organisation) of item i, a
 *           negative entry means the item belongs to no group and no cap applies to it.
 * group_cap at most this many chosen items per group; 0 means no cap.
 * fixed_in  n flags or NULL: items that must be chosen.
 * fixed_out n flags or NULL: items that must not be chosen.
 * seconds   wall-clock limit (> 0); the solver returns within a few milliseconds of it.
 *           0 or less means the default of 10 seconds.
 * seed      seed of the solver's own random generator (same seed, same search).
 * max_nodes optional limit on branch-and-bound nodes (0 = default); work limits make the
 *           result independent of the machine's speed, unlike the time limit.
 * max_iterations optional limit on tabu-search moves (0 = stop on stagnation or time).
 * attr      NULL or the attribute description above.
 */
/*
 * Optional: the structure behind dist, which lets the branch and bound prove far larger
 * instances. count categorical attributes; value[i * count + a] is the value (an id >= 0,
 * or -1 for a value no other item has) of attribute a of item i; weight[a] >= 0. The
 * solver writes dist(i, j) = sum_a weight[a] [value_ia != value_ja] + rest(i, j) and
 * bounds both parts; any description is correct (rest takes up the difference, of any
 * sign), a close one is what makes it fast. The selection's distance is exactly this plus
 * the tag term.
 */
struct mdp_attributes {
	int count;
	const int *value;
	const double *weight;
};

struct mdp_problem {
	int n;
	int m;
	const double *dist;
	const int *group;
	int group_cap;
	const unsigned char *fixed_in;
	const unsigned char *fixed_out;
	double seconds;
	uint64_t seed;
	long long max_nodes;
	long long max_iterations;
	const struct mdp_attributes *attr;
};

/*
 * The answer. chosen holds count item indexes in ascending order (allocated by
 * mdp_solve, freed by mdp_result_free). count is m, or fewer when the fixed-out items and
 * the group cap leave fewer than m items choosable: the solver then chooses as many as it
 * can. proven is 1 when the branch and bound showed that no set has a larger value
 * (within a relative 1e-9), 0 when the value is only the best found. timed_out is 1 when
 * the time limit stopped the search: only then can two runs on the same input differ.
 */
struct mdp_result {
	int *chosen;
	int count;
	double value;
	int proven;
	int timed_out;
	double seconds;       /* wall time used */
	long long iterations; /* tabu-search moves made */
	long long nodes;      /* branch-and-bound nodes visited */
};

/*
 * Solve p. Returns MDP_OK and fills *out, or a negative MDP_E* code and leaves *out
 * empty (chosen NULL). Deterministic: the same problem and seed give the same answer unless
 * out->timed_out is set.
 */
int mdp_solve(const struct mdp_problem *p, struct mdp_result *out);

void mdp_result_free(struct mdp_result *r);

/* Sum of dist over all pairs of the k items in set (items distinct, in range). */
double mdp_value(const struct mdp_problem *p, const int *set, int k);

/*
 * What item i adds to the k items in set: the sum of dist(i, j) over j in set, j != i.
 * For a chosen i this is what the set loses without it; used to explain a selection.
 */
double mdp_marginal_gain(const struct mdp_problem *p, const int *set, int k, int i);

/*
 * Check p as mdp_solve does, without solving: MDP_OK, MDP_EINVAL or MDP_EINFEASIBLE.
 * If max_count is not NULL it receives how many items can be chosen at most.
 */
int mdp_check(const struct mdp_problem *p, int *max_count);

/* A problem read from MDPLIB text; dist is owned (free with mdp_instance_free). */
struct mdp_instance {
	int n;
	int m;
	double *dist;
};

/*
 * Parse MDPLIB text: a first line "n m", then one line "i j d" per pair (0-based, each
 * unordered pair once, or twice with the same d). Every pair must be present. Returns
 * MDP_OK, MDP_EPARSE (with a message naming the line in err, if errlen > 0) or MDP_ENOMEM.
 */
int mdp_parse_mdplib(const char *text, size_t len, struct mdp_instance *out, char *err,
		     size_t errlen);

void mdp_instance_free(struct mdp_instance *inst);

/* A short English text for an MDP_* code. */
const char *mdp_strerror(int code);

#endif
