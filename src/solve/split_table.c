/* split_table.c - the exact solver for small splits: dynamic programming over subsets of
 * units, then an enumeration of whole groups.
 *
 * With at most SPLIT_TABLE_MAX_NU units, the value of every subset (the sum of distances
 * inside it) fits in a table of 2^nu doubles, each entry one addition away from the
 * subset without its lowest unit: val[S] = val[S - u] + d(u, S - u). Subsets that break an
 * apart pair are marked at the same time. A split is then a choice of one subset per group
 * and its value the sum of k table entries, so the search enumerates group 0's subset of
 * the right size, group 1's among what is left, and so on; the last group takes the rest.
 * Groups of one class (interchangeable) are made canonical by their smallest unit: when
 * the groups still to fill are all of one class, the next takes the smallest unit left;
 * otherwise groups of a class must have increasing smallest units. The enumeration is
 * complete, so its best is optimal. With the local search's best as the incumbent, a
 * group's subset is dropped when even the classic bound on the groups after it (each unit
 * half its distances to the size - 1 farthest units left) cannot beat it. It is used when the number of canonical splits is
 * small (SPLIT_TABLE_MAX_SPLITS), for N up to about 20 with two or three groups, and
 * replaces the branch and bound there. Fixed units, category floors and ceilings are
 * checked per group. It does not handle the linear term of a re-balance.
 */
#include "solve/split_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct tab {
	const struct split_red *r;
	int nu, k;
	double *val;
	unsigned char *bad;
	unsigned *fixin;    /* per group: units fixed to it */
	unsigned *fixout;   /* per group: units fixed elsewhere */
	int *cat;           /* ncat scratch */
	unsigned chosen[SPLIT_TABLE_MAX_K];
	unsigned best_sets[SPLIT_TABLE_MAX_K];
	int mins[SPLIT_TABLE_MAX_K];
	double best;
	int found, improved;
	int unit_sizes;     /* every unit is one element */
	int *nbr;           /* per unit, the others by distance, largest first */
	struct split_stats *st;
};

/* log of the number of canonical splits, to decide whether enumerating is cheap. */
static double tab_log_splits(const struct split_red *r)
{
	double s = lgamma((double)r->nu + 1.0);
	int g, h;

	for (g = 0; g < r->k; g++) {
		int same = 0;

		s -= lgamma((double)r->size[g] + 1.0);
		for (h = 0; h < g && r->cls[g] >= 0; h++)
			same += r->cls[h] == r->cls[g];
		s -= log((double)same + 1.0);
	}
	return s;
}

int split_table_fits(const struct split_red *r)
{
	int u;

	if (r->nu > SPLIT_TABLE_MAX_NU || r->has_lin || r->k > SPLIT_TABLE_MAX_K)
		return 0;
	for (u = 0; u < r->nu; u++)
		if (r->w[u] != 1)
			return tab_log_splits(r) <= log(SPLIT_TABLE_MAX_SPLITS) - 1.0;
	return tab_log_splits(r) <= log(SPLIT_TABLE_MAX_SPLITS);
}

/* The table of subset values and of subsets holding an apart pair. */
static int tab_build(struct tab *t)
{
	const struct split_red *r = t->r;
	size_t count = (size_t)1 << t->nu, s;
	unsigned *adj = calloc((size_t)t->nu + 1, sizeof(unsigned));
	int u, e;

	t->val = malloc(count * sizeof(double));
	t->bad = malloc(count);
	if (adj == NULL || t->val == NULL || t->bad == NULL) {
		free(adj);
		return -1;
	}
	for (u = 0; u < t->nu; u++)
		for (e = r->adj_start[u]; e < r->adj_start[u + 1]; e++)
			adj[u] |= 1u << r->adj[e];
	t->val[0] = 0.0;
	t->bad[0] = 0;
	for (s = 1; s < count; s++) {
		unsigned rest = (unsigned)s & ((unsigned)s - 1), m;
		int low = __builtin_ctz((unsigned)s);
		const double *row = r->d + (size_t)low * (size_t)t->nu;
		double v = t->val[rest];

		for (m = rest; m; m &= m - 1)
			v += row[__builtin_ctz(m)];
		t->val[s] = v;
		t->bad[s] = (unsigned char)(t->bad[rest] || (adj[low] & rest) != 0);
	}
	free(adj);
	return 0;
}

static int tab_cats_ok(struct tab *t, int g, unsigned s)
{
	const struct split_red *r = t->r;
	int c, i;
	unsigned m;

	if (r->ncat == 0)
		return 1;
	memset(t->cat, 0, (size_t)r->ncat * sizeof(int));
	for (m = s; m; m &= m - 1) {
		int u = __builtin_ctz(m);

		for (i = r->cat_start[u]; i < r->cat_start[u + 1]; i++)
			t->cat[r->cat_id[i]] += r->cat_cnt[i];
	}
	for (c = 0; c < r->ncat; c++)
		if (t->cat[c] < r->lo[g * r->ncat + c] || t->cat[c] > r->hi[g * r->ncat + c])
			return 0;
	return 1;
}

/* Whether the groups g..k-1 all belong to g's class. */
static int tab_rest_one_class(const struct tab *t, int g)
{
	int h;

	if (t->r->cls[g] < 0)
		return 0;
	for (h = g + 1; h < t->k; h++)
		if (t->r->cls[h] != t->r->cls[g])
			return 0;
	return 1;
}

/* Whether subset s may be group g (after groups 0..g-1 took theirs). */
static int tab_group_ok(struct tab *t, int g, unsigned s)
{
	int h, mn = __builtin_ctz(s);

	if (t->bad[s] || (s & t->fixin[g]) != t->fixin[g] || (s & t->fixout[g]) != 0)
		return 0;
	for (h = g - 1; h >= 0 && t->r->cls[g] >= 0; h--)
		if (t->r->cls[h] == t->r->cls[g]) {
			if (t->mins[h] > mn)
				return 0;
			break;
		}
	return tab_cats_ok(t, g, s);
}

static void tab_group(struct tab *t, int g, unsigned left, double cur);

/*
 * A bound on what groups g.. can still gain from the units in left: each unit gains at
 * most half its distances to the size - 1 farthest others in left, size the largest
 * group still to fill (the classic bound, for element units only).
 */
static double tab_rest_bound(const struct tab *t, int g, unsigned left)
{
	int h, size = 0, u, i;
	double s = 0.0;

	for (h = g; h < t->k; h++)
		size = t->r->size[h] > size ? t->r->size[h] : size;
	for (unsigned m = left; m; m &= m - 1) {
		const int *nb;
		const double *row;
		int got = 0;

		u = __builtin_ctz(m);
		nb = t->nbr + (size_t)u * (size_t)t->nu;
		row = t->r->d + (size_t)u * (size_t)t->nu;
		for (i = 0; i < t->nu - 1 && got < size - 1; i++)
			if (left & (1u << nb[i])) {
				s += 0.5 * row[nb[i]];
				got++;
			}
	}
	return s;
}

/* Enumerate the subsets of `left` of weight need (units from index i on) for group g. */
static void tab_subsets(struct tab *t, int g, unsigned left, unsigned s, int i, int need,
			double cur)
{
	const struct split_red *r = t->r;

	if (need == 0) {
		if (!tab_group_ok(t, g, s))
			return;
		t->chosen[g] = s;
		t->mins[g] = __builtin_ctz(s);
		if (t->found && t->unit_sizes && g + 2 < t->k &&
		    cur + t->val[s] + tab_rest_bound(t, g + 1, left & ~s) <= t->best)
			return;
		tab_group(t, g + 1, left & ~s, cur + t->val[s]);
		return;
	}
	for (; i < t->nu; i++) {
		if (!(left & (1u << i)) || r->w[i] > need)
			continue;
		if ((t->fixout[g] >> i) & 1u)
			continue;
		tab_subsets(t, g, left, s | (1u << i), i + 1, need - r->w[i], cur);
		if ((t->fixin[g] >> i) & 1u)
			return; /* a unit fixed to g cannot be left out */
	}
}

static void tab_group(struct tab *t, int g, unsigned left, double cur)
{
	int first;

	t->st->nodes++;
	if (g == t->k - 1) {
		if (left == 0 && t->r->size[g] > 0)
			return;
		if (left != 0 && !tab_group_ok(t, g, left))
			return;
		/* its weight is right: the sizes add up to n and the others are exact */
		t->chosen[g] = left;
		if (!t->found || cur + t->val[left] > t->best) {
			t->improved = 1;
			t->best = cur + t->val[left];
			t->found = 1;
			memcpy(t->best_sets, t->chosen, sizeof(t->chosen));
		}
		return;
	}
	if (t->r->size[g] == 0) {
		t->chosen[g] = 0;
		t->mins[g] = -1;
		tab_group(t, g + 1, left, cur);
		return;
	}
	if (left == 0)
		return;
	first = __builtin_ctz(left);
	if (tab_rest_one_class(t, g)) {
		if (t->r->w[first] <= t->r->size[g] && !((t->fixout[g] >> first) & 1u))
			tab_subsets(t, g, left, 1u << first, first + 1,
				    t->r->size[g] - t->r->w[first], cur);
		return;
	}
	tab_subsets(t, g, left, 0, 0, t->r->size[g], cur);
}

/* Neighbour lists by distance (insertion sort: nu <= 20). */
static int tab_neighbours(struct tab *t)
{
	int u, v, i, j;

	t->nbr = malloc(((size_t)t->nu * (size_t)t->nu + 1) * sizeof(int));
	if (t->nbr == NULL)
		return -1;
	t->unit_sizes = 1;
	for (u = 0; u < t->nu; u++) {
		int *nb = t->nbr + (size_t)u * (size_t)t->nu, cnt = 0;
		const double *row = t->r->d + (size_t)u * (size_t)t->nu;

		t->unit_sizes &= t->r->w[u] == 1;
		for (v = 0; v < t->nu; v++) {
			if (v == u)
				continue;
			for (i = cnt; i > 0 && row[nb[i - 1]] < row[v]; i--)
				nb[i] = nb[i - 1];
			nb[i] = v;
			cnt++;
		}
		for (j = cnt; j < t->nu; j++)
			nb[j] = u;
	}
	return 0;
}

static int tab_fixed_masks(struct tab *t)
{
	int u, g;

	t->fixin = calloc((size_t)t->k, sizeof(unsigned));
	t->fixout = calloc((size_t)t->k, sizeof(unsigned));
	t->cat = calloc((size_t)t->r->ncat + 1, sizeof(int));
	if (t->fixin == NULL || t->fixout == NULL || t->cat == NULL)
		return -1;
	for (u = 0; u < t->nu; u++) {
		if (t->r->fixg[u] < 0)
			continue;
		for (g = 0; g < t->k; g++) {
			if (g == t->r->fixg[u])
				t->fixin[g] |= 1u << u;
			else
				t->fixout[g] |= 1u << u;
		}
	}
	return 0;
}

int split_table_solve(const struct split_red *r, int *g, double *value,
		      struct split_stats *st)
{
	struct tab t;
	int rc = -1, h, u;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.nu = r->nu;
	t.k = r->k;
	t.st = st;
	if (tab_build(&t) != 0 || tab_fixed_masks(&t) != 0 || tab_neighbours(&t) != 0)
		goto done;
	if (*value != -INFINITY) { /* the incumbent, to cut with */
		t.found = 1;
		t.best = *value;
	}
	tab_group(&t, 0, (1u << t.nu) - 1u, 0.0);
	rc = t.found;
	if (t.improved) {
		for (h = 0; h < t.k; h++)
			for (u = 0; u < t.nu; u++)
				if (t.best_sets[h] & (1u << u))
					g[u] = h;
		*value = split_red_value(r, g);
	}
done:
	free(t.val);
	free(t.bad);
	free(t.fixin);
	free(t.fixout);
	free(t.cat);
	free(t.nbr);
	return rc;
}
