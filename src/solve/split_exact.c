/* split_exact.c - the branch and bound that proves a split optimal (or finds a first
 * assignment meeting the rules, for the local search to start from).
 *
 * A node has some units assigned; A[u][g] is the distance of unit u to what group g holds
 * and room[g] the elements group g still lacks. Every completion gains, for each
 * unassigned u going to group g(u), A[u][g(u)] + lin[u][g(u)] plus half of its distances to
 * the other unassigned units that join it. Those weigh at most room[g] - w[u] in all, so
 * the half-sum is at most half the fractional knapsack K_u(room[g] - w[u]) over u's
 * unassigned neighbours taken by distance per element (the classic top-(r-1) bound when
 * every unit is one element). Hence
 *
 *   bound 1:  value <= V + sum_u max_g ( A[u][g] + lin[u][g] + K_u(room[g] - w[u]) / 2 )
 *   bound 2:  value <= V + sum_u max_g ( A[u][g] + lin[u][g] ) + the P largest distances
 *             between unassigned units, P = the pairs the rooms leave (element units)
 *
 * where the max runs over the groups u may still join (room, fixed group, apart, the
 * category ceilings). Both relax the coupling between units, so both are valid; the node
 * takes the smaller. In a re-balance, bound 1 also pays for the moves the rooms force:
 * a group keeps at most room[g] of the unassigned units now in it, the rest leave, each
 * giving up at least the difference between staying and its best other group. A unit with no group left, or category floors the unassigned units
 * cannot fill, ends the node. Symmetry: groups of one class (same size, nothing fixed,
 * no linear term) are interchangeable, so a unit may only open the first empty group of
 * a class; every assignment has exactly one such relabelling. The branching unit is the
 * one with the fewest groups left, then the largest regret between its best two groups;
 * its groups are tried best bound first. The search for a first assignment uses the same
 * tree without the bounds (and without their sorted lists), so it stays cheap for large n.
 */
#include "solve/split_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BB_DEFAULT_WORK 1e8
#define SPLIT_BB_MAXK 128

struct bb {
	const struct split_red *r;
	struct split_stats *st;
	int nu, k, unit_pairs, first_only, stop, found, depth;
	int *asg, *room, *nmem;     /* per unit group (-1); per group room, units held */
	int *ccnt, *cleft;          /* k*ncat held; per category unassigned */
	double *A;                  /* nu*k */
	double V;
	int *nbr;                   /* per unit, others by d/w descending */
	int *pairs, npairs;         /* all unit pairs by d descending (u*nu+v) */
	int *best;
	double best_v;
	long long max_nodes, nodes0;
	/* per node depth scratch: the branch unit's groups in try order */
	int *cand;                  /* nu * k */
	double *gain;               /* k */
	double *pre;                /* prefix knapsack values, max size + 1 */
	double *loss;               /* re-balance: per unit, what leaving its group costs */
	int *lidx;
	int maxsize;
};

static int cmp_key_desc(const double *key, int a, int b)
{
	if (key[a] != key[b])
		return key[a] > key[b];
	return a < b;
}

/* Insertion-free merge sort of idx by key descending (ties: lower index first). */
static void sort_by_key(int *idx, int cnt, const double *key, int *tmp)
{
	int width, lo;

	for (width = 1; width < cnt; width *= 2) {
		for (lo = 0; lo < cnt; lo += 2 * width) {
			int mid = lo + width < cnt ? lo + width : cnt;
			int hi = lo + 2 * width < cnt ? lo + 2 * width : cnt;
			int i = lo, j = mid, o = lo;

			while (i < mid && j < hi)
				tmp[o++] = cmp_key_desc(key, idx[j], idx[i]) ? idx[j++] : idx[i++];
			while (i < mid)
				tmp[o++] = idx[i++];
			while (j < hi)
				tmp[o++] = idx[j++];
		}
		memcpy(idx, tmp, (size_t)cnt * sizeof(*idx));
	}
}

static void bb_free(struct bb *b)
{
	free(b->asg);
	free(b->room);
	free(b->nmem);
	free(b->ccnt);
	free(b->cleft);
	free(b->A);
	free(b->nbr);
	free(b->pairs);
	free(b->cand);
	free(b->gain);
	free(b->pre);
	free(b->loss);
	free(b->lidx);
}

static int bb_alloc(struct bb *b)
{
	size_t nu = (size_t)b->nu, k = (size_t)b->k, nc = (size_t)b->r->ncat + 1;

	b->asg = malloc(nu * sizeof(int));
	b->room = malloc(k * sizeof(int));
	b->nmem = calloc(k, sizeof(int));
	b->ccnt = calloc(k * nc, sizeof(int));
	b->cleft = calloc(nc, sizeof(int));
	b->A = calloc(nu * k, sizeof(double));
	b->nbr = malloc(nu * nu * sizeof(int));
	b->pairs = malloc((nu * nu / 2 + 1) * sizeof(int));
	b->cand = malloc(nu * k * sizeof(int));
	b->gain = malloc(k * sizeof(double));
	b->pre = malloc(((size_t)b->maxsize + 2) * sizeof(double));
	b->loss = malloc((nu + 1) * sizeof(double));
	b->lidx = malloc((nu + 1) * sizeof(int));
	return b->asg && b->room && b->nmem && b->ccnt && b->cleft && b->A && b->nbr &&
	       b->pairs && b->cand && b->gain && b->pre && b->loss && b->lidx ? 0 : -1;
}

/* Neighbour lists by distance per element, the pair list by distance. */
static int bb_sort_lists(struct bb *b)
{
	const struct split_red *r = b->r;
	int nu = b->nu, u, v, rc = -1, np = 0;
	double *key = calloc((size_t)nu * (size_t)nu / 2 + (size_t)nu + 1, sizeof(double));
	int *tmp = malloc(((size_t)nu * (size_t)nu / 2 + (size_t)nu + 1) * sizeof(int));

	if (key == NULL || tmp == NULL)
		goto fail;
	for (u = 0; u < nu; u++) {
		int *nb = b->nbr + (size_t)u * (size_t)nu, cnt = 0;

		for (v = 0; v < nu; v++) {
			key[v] = r->d[(size_t)u * (size_t)nu + (size_t)v] / r->w[v];
			if (v != u)
				nb[cnt++] = v;
		}
		sort_by_key(nb, cnt, key, tmp);
		nb[cnt] = -1;
	}
	b->unit_pairs = 1;
	for (u = 0; u < nu; u++) {
		if (r->w[u] != 1)
			b->unit_pairs = 0;
		for (v = u + 1; v < nu; v++) {
			key[np] = r->d[(size_t)u * (size_t)nu + (size_t)v];
			b->pairs[np] = np;
			tmp[np] = u * nu + v;
			np++;
		}
	}
	{
		int *idx = b->pairs, *code = malloc(((size_t)np + 1) * sizeof(int)), i;

		if (code == NULL)
			goto fail;
		memcpy(code, tmp, (size_t)np * sizeof(int));
		sort_by_key(idx, np, key, tmp);
		for (i = 0; i < np; i++)
			idx[i] = code[idx[i]];
		free(code);
	}
	b->npairs = np;
	rc = 0;
fail:
	free(key);
	free(tmp);
	return rc;
}

static int bb_init(struct bb *b, const struct split_red *r, int first_only, int *g,
		   double value, struct split_stats *st)
{
	int u, c, work;

	memset(b, 0, sizeof(*b));
	b->r = r;
	b->st = st;
	b->nu = r->nu;
	b->k = r->k;
	b->first_only = first_only;
	b->best = g;
	b->best_v = value;
	for (c = 0; c < r->k; c++)
		b->maxsize = r->size[c] > b->maxsize ? r->size[c] : b->maxsize;
	if (bb_alloc(b) != 0 || (!first_only && bb_sort_lists(b) != 0))
		return -1;
	memset(b->pre, 0, ((size_t)b->maxsize + 2) * sizeof(double));
	work = b->nu * b->nu + b->nu * b->k + 1;
	/* the caller's budget is for the proof; finding a first assignment has its own */
	b->max_nodes = r->max_nodes > 0 ? r->max_nodes : (long long)(BB_DEFAULT_WORK / work);
	if (first_only)
		b->max_nodes = 100000 + 100LL * b->nu;
	b->nodes0 = st->nodes;
	memcpy(b->room, r->size, (size_t)r->k * sizeof(int));
	for (u = 0; u < b->nu; u++) {
		b->asg[u] = -1;
		for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++)
			b->cleft[r->cat_id[c]] += r->cat_cnt[c];
	}
	return 0;
}

static void bb_assign(struct bb *b, int u, int g)
{
	const struct split_red *r = b->r;
	const double *row = r->d + (size_t)u * (size_t)b->nu;
	int v, c;

	b->V += b->A[(size_t)u * (size_t)b->k + (size_t)g] + r->lin[(size_t)u * (size_t)b->k + (size_t)g];
	b->asg[u] = g;
	b->room[g] -= r->w[u];
	b->nmem[g]++;
	for (v = 0; v < b->nu; v++)
		b->A[(size_t)v * (size_t)b->k + (size_t)g] += row[v];
	for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++) {
		b->ccnt[g * r->ncat + r->cat_id[c]] += r->cat_cnt[c];
		b->cleft[r->cat_id[c]] -= r->cat_cnt[c];
	}
}

static void bb_unassign(struct bb *b, int u)
{
	const struct split_red *r = b->r;
	const double *row = r->d + (size_t)u * (size_t)b->nu;
	int v, c, g = b->asg[u];

	for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++) {
		b->ccnt[g * r->ncat + r->cat_id[c]] -= r->cat_cnt[c];
		b->cleft[r->cat_id[c]] += r->cat_cnt[c];
	}
	for (v = 0; v < b->nu; v++)
		b->A[(size_t)v * (size_t)b->k + (size_t)g] -= row[v];
	b->nmem[g]--;
	b->room[g] += r->w[u];
	b->asg[u] = -1;
	b->V -= b->A[(size_t)u * (size_t)b->k + (size_t)g] + r->lin[(size_t)u * (size_t)b->k + (size_t)g];
}

/* Whether unit u may join group g now (symmetry aside). */
static int bb_allowed(const struct bb *b, int u, int g)
{
	const struct split_red *r = b->r;
	int e, c;

	if (r->w[u] > b->room[g] || (r->fixg[u] >= 0 && r->fixg[u] != g))
		return 0;
	for (e = r->adj_start[u]; e < r->adj_start[u + 1]; e++)
		if (b->asg[r->adj[e]] == g)
			return 0;
	for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++)
		if (b->ccnt[g * r->ncat + r->cat_id[c]] + r->cat_cnt[c] > r->hi[g * r->ncat + r->cat_id[c]])
			return 0;
	return 1;
}

/* Whether group g is an empty group of a class with an earlier empty group. */
static int bb_redundant(const struct bb *b, int g)
{
	int h, cl = b->r->cls[g];

	if (cl < 0 || b->nmem[g] > 0)
		return 0;
	for (h = 0; h < g; h++)
		if (b->r->cls[h] == cl && b->nmem[h] == 0)
			return 1;
	return 0;
}

/* The category floors the unassigned units can still fill. */
static int bb_floors_ok(const struct bb *b)
{
	const struct split_red *r = b->r;
	int g, c;

	for (c = 0; c < r->ncat; c++) {
		int need = 0;

		for (g = 0; g < b->k; g++) {
			int lack = r->lo[g * r->ncat + c] - b->ccnt[g * r->ncat + c];

			need += lack > 0 ? lack : 0;
		}
		if (need > b->cleft[c])
			return 0;
	}
	for (g = 0; g < b->k && r->ncat > 0; g++) {
		int need = 0;

		for (c = 0; c < r->ncat; c++) {
			int lack = r->lo[g * r->ncat + c] - b->ccnt[g * r->ncat + c];

			need += lack > 0 ? lack : 0;
		}
		if (need > b->room[g])
			return 0;
	}
	return 1;
}

/* pre[c] = fractional knapsack of u's unassigned neighbours at capacity c, c <= cap. */
static void bb_knapsack(struct bb *b, int u, int cap)
{
	const struct split_red *r = b->r;
	const int *nb = b->nbr + (size_t)u * (size_t)b->nu;
	const double *row = r->d + (size_t)u * (size_t)b->nu;
	int wsum = 0, c = 1, i;
	double s = 0.0;

	if (b->first_only)
		return; /* a first assignment needs no bound: pre stays 0 */
	b->pre[0] = 0.0;
	for (i = 0; nb[i] >= 0 && wsum < cap; i++) {
		int v = nb[i];
		double ratio;

		if (b->asg[v] >= 0)
			continue;
		ratio = row[v] / r->w[v];
		for (; c <= cap && c <= wsum + r->w[v]; c++)
			b->pre[c] = s + (c - wsum) * ratio;
		wsum += r->w[v];
		s += row[v];
	}
	for (; c <= cap; c++)
		b->pre[c] = s;
}

/* The P largest distances between unassigned units (P = pairs the rooms leave). */
static double bb_top_pairs(const struct bb *b)
{
	long long p = 0;
	int g, i;
	double s = 0.0;

	for (g = 0; g < b->k; g++)
		p += (long long)b->room[g] * (b->room[g] - 1) / 2;
	for (i = 0; i < b->npairs && p > 0; i++) {
		int u = b->pairs[i] / b->nu, v = b->pairs[i] % b->nu;

		if (b->asg[u] < 0 && b->asg[v] < 0) {
			s += b->r->d[b->pairs[i]];
			p--;
		}
	}
	return s;
}

/*
 * Re-balance: loss[u] = what unit u gives up against its best (m1) when it must leave its
 * current group: m1 minus its best elsewhere (0 when staying is not its best anyway).
 */
static void bb_note_loss(struct bb *b, int u, double m1)
{
	int g, cg = b->r->cur[u];
	double move = -INFINITY;

	b->loss[u] = 0.0;
	if (cg < 0 || !bb_allowed(b, u, cg) || b->gain[cg] < m1)
		return;
	for (g = 0; g < b->k; g++)
		if (g != cg && bb_allowed(b, u, g) && !bb_redundant(b, g) && b->gain[g] > move)
			move = b->gain[g];
	b->loss[u] = move == -INFINITY ? INFINITY : m1 - move;
}

/* Sort lidx[0..cnt) by loss per element, smallest first (insertion: few units). */
static void bb_sort_losses(struct bb *b, int cnt)
{
	int i, j;

	for (i = 1; i < cnt; i++) {
		int u = b->lidx[i];
		double key = b->loss[u] / b->r->w[u];

		for (j = i; j > 0 && b->loss[b->lidx[j - 1]] / b->r->w[b->lidx[j - 1]] > key; j--)
			b->lidx[j] = b->lidx[j - 1];
		b->lidx[j] = u;
	}
}

/*
 * What the re-balance must lose at least: group g can keep at most room[g] of the
 * unassigned elements now in it, so the others leave, each losing loss[u]; the cheapest
 * ones (per element, the last one in part) bound it from below. Groups are independent,
 * as every unit has one current group.
 */
static double bb_move_losses(struct bb *b)
{
	const struct split_red *r = b->r;
	double total = 0.0;
	int g, u;

	for (g = 0; g < b->k; g++) {
		int cnt = 0, weight = 0, i, excess;

		for (u = 0; u < b->nu; u++)
			if (b->asg[u] < 0 && r->cur[u] == g) {
				b->lidx[cnt++] = u;
				weight += r->w[u];
			}
		excess = weight - b->room[g];
		if (excess <= 0)
			continue;
		bb_sort_losses(b, cnt);
		for (i = 0; i < cnt && excess > 0; i++) {
			int v = b->lidx[i], take = r->w[v] < excess ? r->w[v] : excess;

			if (b->loss[v] == INFINITY)
				return INFINITY;
			total += b->loss[v] * take / r->w[v];
			excess -= take;
		}
	}
	return total;
}

/* The smallest value worth finding. */
static double bb_cut(const struct bb *b)
{
	if (b->best_v == -INFINITY)
		return -INFINITY;
	return b->best_v + 1e-9 * (1.0 + fabs(b->best_v));
}

/* The groups unit u may join, best bound first, into the candidates of this depth. */
static void bb_order(struct bb *b, int u, int *nc)
{
	const struct split_red *r = b->r;
	int *cand = b->cand + (size_t)b->depth * (size_t)b->k, g, cap = 0, tmp[SPLIT_BB_MAXK];
	int cnt = 0;

	for (g = 0; g < b->k; g++)
		if (b->room[g] - r->w[u] > cap)
			cap = b->room[g] - r->w[u];
	bb_knapsack(b, u, cap);
	for (g = 0; g < b->k; g++) {
		if (!bb_allowed(b, u, g) || bb_redundant(b, g))
			continue;
		b->gain[g] = b->A[(size_t)u * (size_t)b->k + (size_t)g] +
			     r->lin[(size_t)u * (size_t)b->k + (size_t)g] +
			     0.5 * b->pre[b->room[g] - r->w[u]];
		cand[cnt++] = g;
	}
	sort_by_key(cand, cnt, b->gain, tmp);
	*nc = cnt;
}

/*
 * Bound the node. Returns 0 to cut it, or 1 with the branching unit in *bu and its groups,
 * best first, in cand (count in *nc).
 */
static int bb_bound(struct bb *b, int *bu, int *nc)
{
	const struct split_red *r = b->r;
	double ub1 = b->V, lin_part = 0.0, best_regret = -1.0, cut = bb_cut(b);
	int u, g, fewest = b->k + 1;

	if (!bb_floors_ok(b))
		return 0;
	for (u = 0; u < b->nu; u++) {
		double m1 = -INFINITY, m2 = -INFINITY, lmax = -INFINITY, regret;
		int cnt = 0, cap = 0;

		if (b->asg[u] >= 0)
			continue;
		for (g = 0; g < b->k; g++)
			if (b->room[g] - r->w[u] > cap)
				cap = b->room[g] - r->w[u];
		bb_knapsack(b, u, cap);
		for (g = 0; g < b->k; g++) {
			double lin, v;

			if (!bb_allowed(b, u, g) || bb_redundant(b, g))
				continue;
			lin = b->A[(size_t)u * (size_t)b->k + (size_t)g] + r->lin[(size_t)u * (size_t)b->k + (size_t)g];
			v = lin + 0.5 * b->pre[b->room[g] - r->w[u]];
			b->gain[g] = v;
			lmax = lin > lmax ? lin : lmax;
			if (v > m1) {
				m2 = m1;
				m1 = v;
			} else if (v > m2) {
				m2 = v;
			}
			cnt++;
		}
		if (cnt == 0)
			return 0;
		if (r->has_lin)
			bb_note_loss(b, u, m1);
		ub1 += m1;
		lin_part += lmax;
		regret = cnt == 1 ? INFINITY : m1 - m2;
		if (cnt < fewest || (cnt == fewest && regret > best_regret)) {
			fewest = cnt;
			best_regret = regret;
			*bu = u;
		}
	}
	if (r->has_lin && !b->first_only)
		ub1 -= bb_move_losses(b);
	if (ub1 < cut)
		return 0;
	if (!b->first_only && b->unit_pairs && b->V + lin_part + bb_top_pairs(b) < cut)
		return 0;
	bb_order(b, *bu, nc);
	return 1;
}

static int bb_should_stop(struct bb *b)
{
	if (b->stop)
		return 1;
	b->st->nodes++;
	if (b->st->nodes - b->nodes0 >= b->max_nodes) {
		b->stop = 1;
	} else if ((b->st->nodes & 255) == 0 && split_now() >= b->r->t_end) {
		b->stop = 1;
		b->st->timed_out = 1;
	}
	return b->stop;
}

/* A complete assignment: keep it when it beats the incumbent. */
static void bb_leaf(struct bb *b)
{
	if (b->best_v != -INFINITY && b->V < bb_cut(b))
		return;
	memcpy(b->best, b->asg, (size_t)b->nu * sizeof(int));
	b->best_v = b->V;
	if (b->first_only) {
		b->found = 1;
		b->stop = 1;
	}
}

static void bb_node(struct bb *b)
{
	int u = -1, nc = 0, i;

	if (bb_should_stop(b))
		return;
	if (b->depth == b->nu) {
		bb_leaf(b);
		return;
	}
	if (!bb_bound(b, &u, &nc))
		return;
	for (i = 0; i < nc && !b->stop; i++) {
		int g = b->cand[(size_t)b->depth * (size_t)b->k + (size_t)i];

		bb_assign(b, u, g);
		b->depth++;
		bb_node(b);
		b->depth--;
		bb_unassign(b, u);
	}
}

int split_branch_and_bound(const struct split_red *r, int first_only, int *g, double *value,
			   struct split_stats *st)
{
	struct bb b;
	int rc = -1;

	if (bb_init(&b, r, first_only, g, first_only ? -INFINITY : *value, st) == 0) {
		bb_node(&b);
		if (!first_only && b.best_v > *value)
			*value = b.best_v;
		if (first_only && b.found)
			*value = b.best_v;
		rc = b.found ? SPLIT_BB_FOUND : b.stop ? SPLIT_BB_STOPPED : SPLIT_BB_DONE;
	}
	bb_free(&b);
	return rc;
}
