/* split_search.c - the local search of the anticlustering optimiser: an iterated local
 * search with swap moves, for instances beyond what the branch and bound proves.
 *
 * A swap exchanges two units of equal weight in different groups, so sizes never change;
 * a swap is only made when it keeps the apart and category rules and no unit is fixed.
 * With A[u][g] the distance of u to group g, swapping u (in g) and v (in h) changes the
 * value by A[u][h] - A[u][g] + A[v][g] - A[v][h] - 2 d(u,v) (plus the linear terms), so a
 * full neighbourhood costs O(nu^2) and a swap O(nu k) to apply (as in the exchange method
 * of anticlust, which the descent here generalises to the rules). The descent takes, for
 * each unit in a random order, its best improving swap, until a pass finds none. Around it,
 * the perturbation of iterated local search (as in Brusco's bicriterion ILS and the
 * three-phase search of Yang et al. 2022): a few random rule-keeping swaps, a descent, and
 * the result kept when it is no worse; after a stretch without progress the search
 * restarts from a strong perturbation of the best. Rounds are counted, so the result
 * depends only on the input and the seed; the clock is a safety cap.
 */
#include "solve/split_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LS_EPS 1e-9

struct ls {
	const struct split_red *r;
	int nu, k;
	int *g, *ccnt, *order;
	double *A;
	double value;
	uint64_t rng;
};

static void ls_rebuild(struct ls *s)
{
	const struct split_red *r = s->r;
	int u, v, c;

	memset(s->A, 0, (size_t)s->nu * (size_t)s->k * sizeof(double));
	memset(s->ccnt, 0, ((size_t)s->k * (size_t)r->ncat + 1) * sizeof(int));
	for (u = 0; u < s->nu; u++) {
		for (v = 0; v < s->nu; v++)
			s->A[(size_t)u * (size_t)s->k + (size_t)s->g[v]] += r->d[(size_t)u * (size_t)s->nu + (size_t)v];
		for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++)
			s->ccnt[s->g[u] * r->ncat + r->cat_id[c]] += r->cat_cnt[c];
	}
	s->value = split_red_value(r, s->g);
}

/* Whether u may leave its group for h given that v comes the other way. */
static int ls_apart_ok(const struct ls *s, int u, int v, int h)
{
	const struct split_red *r = s->r;
	int e;

	for (e = r->adj_start[u]; e < r->adj_start[u + 1]; e++)
		if (r->adj[e] != v && s->g[r->adj[e]] == h)
			return 0;
	return 1;
}

/* Category counts of group g after losing `out` and gaining `in` stay within the quotas. */
static int ls_cats_ok(const struct ls *s, int g, int out, int in)
{
	const struct split_red *r = s->r;
	int c, ok = 1;

	if (r->ncat == 0)
		return 1;
	for (c = r->cat_start[out]; c < r->cat_start[out + 1]; c++)
		s->ccnt[g * r->ncat + r->cat_id[c]] -= r->cat_cnt[c];
	for (c = r->cat_start[in]; c < r->cat_start[in + 1]; c++)
		s->ccnt[g * r->ncat + r->cat_id[c]] += r->cat_cnt[c];
	for (c = r->cat_start[out]; c < r->cat_start[out + 1] && ok; c++) {
		int i = g * r->ncat + r->cat_id[c];

		ok = s->ccnt[i] >= r->lo[i] && s->ccnt[i] <= r->hi[i];
	}
	for (c = r->cat_start[in]; c < r->cat_start[in + 1] && ok; c++) {
		int i = g * r->ncat + r->cat_id[c];

		ok = s->ccnt[i] >= r->lo[i] && s->ccnt[i] <= r->hi[i];
	}
	for (c = r->cat_start[in]; c < r->cat_start[in + 1]; c++)
		s->ccnt[g * r->ncat + r->cat_id[c]] -= r->cat_cnt[c];
	for (c = r->cat_start[out]; c < r->cat_start[out + 1]; c++)
		s->ccnt[g * r->ncat + r->cat_id[c]] += r->cat_cnt[c];
	return ok;
}

static int ls_swap_ok(const struct ls *s, int u, int v)
{
	const struct split_red *r = s->r;
	int gu = s->g[u], gv = s->g[v];

	if (gu == gv || r->w[u] != r->w[v] || r->fixg[u] >= 0 || r->fixg[v] >= 0)
		return 0;
	if (!ls_apart_ok(s, u, v, gv) || !ls_apart_ok(s, v, u, gu))
		return 0;
	return ls_cats_ok(s, gu, u, v) && ls_cats_ok(s, gv, v, u);
}

static double ls_delta(const struct ls *s, int u, int v)
{
	const struct split_red *r = s->r;
	size_t k = (size_t)s->k, gu = (size_t)s->g[u], gv = (size_t)s->g[v];
	const double *au = s->A + (size_t)u * k, *av = s->A + (size_t)v * k;
	double d = r->d[(size_t)u * (size_t)s->nu + (size_t)v];
	double delta = au[gv] - au[gu] + av[gu] - av[gv] - 2.0 * d;

	if (r->has_lin) {
		const double *lu = r->lin + (size_t)u * k, *lv = r->lin + (size_t)v * k;

		delta += lu[gv] - lu[gu] + lv[gu] - lv[gv];
	}
	return delta;
}

static void ls_move(struct ls *s, int u, int to)
{
	const struct split_red *r = s->r;
	int from = s->g[u], w, c;

	for (w = 0; w < s->nu; w++) {
		double d = r->d[(size_t)u * (size_t)s->nu + (size_t)w];

		s->A[(size_t)w * (size_t)s->k + (size_t)from] -= d;
		s->A[(size_t)w * (size_t)s->k + (size_t)to] += d;
	}
	for (c = r->cat_start[u]; c < r->cat_start[u + 1]; c++) {
		s->ccnt[from * r->ncat + r->cat_id[c]] -= r->cat_cnt[c];
		s->ccnt[to * r->ncat + r->cat_id[c]] += r->cat_cnt[c];
	}
	s->g[u] = to;
}

static void ls_swap(struct ls *s, int u, int v)
{
	int gu = s->g[u], gv = s->g[v];

	s->value += ls_delta(s, u, v);
	ls_move(s, u, gv);
	ls_move(s, v, gu);
}

static void ls_shuffle(struct ls *s)
{
	int i;

	for (i = 0; i < s->nu; i++)
		s->order[i] = i;
	for (i = s->nu - 1; i > 0; i--) {
		int j = split_rand_below(&s->rng, i + 1), t = s->order[i];

		s->order[i] = s->order[j];
		s->order[j] = t;
	}
}

/* Descent: each unit in turn makes its best improving swap, until none is left. */
static void ls_descend(struct ls *s)
{
	int improved = 1, i, v;

	while (improved) {
		improved = 0;
		ls_shuffle(s);
		for (i = 0; i < s->nu; i++) {
			int u = s->order[i], bv = -1;
			double bd = LS_EPS * (1.0 + fabs(s->value));

			if (s->r->fixg[u] >= 0)
				continue;
			for (v = 0; v < s->nu; v++) {
				double d;

				if (s->g[v] == s->g[u])
					continue;
				d = ls_delta(s, u, v);
				if (d > bd && ls_swap_ok(s, u, v)) {
					bd = d;
					bv = v;
				}
			}
			if (bv >= 0) {
				ls_swap(s, u, bv);
				improved = 1;
			}
		}
	}
}

/* strength random swaps that keep the rules (a bounded number of tries). */
static void ls_perturb(struct ls *s, int strength)
{
	int done = 0, tries = 0;

	while (done < strength && tries < 20 * strength + 100) {
		int u = split_rand_below(&s->rng, s->nu), v = split_rand_below(&s->rng, s->nu);

		tries++;
		if (ls_swap_ok(s, u, v)) {
			ls_swap(s, u, v);
			done++;
		}
	}
}

/* Rounds: more for larger instances, but a round costs O(nu^2) per descent pass, so
 * beyond some 150 units fewer (about two seconds of work on a current core). */
static long long ls_rounds(const struct split_red *r)
{
	long long rounds = 400 + 20LL * r->nu, cap = 50000000LL / ((long long)r->nu * r->nu + 1);

	if (r->max_iterations > 0)
		return r->max_iterations;
	if (cap < 50)
		cap = 50;
	return rounds < cap ? rounds : cap;
}

/* The iterated local search proper; best holds the best assignment, s the current one. */
static void ls_iterate(struct ls *s, int *best, double *best_v, struct split_stats *st)
{
	long long rounds = ls_rounds(s->r), it, stall = 0;
	int weak = s->nu / 20 + 2, strong = s->nu / 4 + 2;

	for (it = 0; it < rounds; it++) {
		if ((it & 15) == 0 && split_now() >= s->r->t_end) {
			st->timed_out = 1;
			break;
		}
		st->iterations++;
		ls_perturb(s, stall > 50 ? strong : 2 + split_rand_below(&s->rng, weak));
		if (stall > 50)
			stall = 0;
		ls_descend(s);
		if (s->value > *best_v + LS_EPS * (1.0 + fabs(*best_v))) {
			*best_v = s->value;
			memcpy(best, s->g, (size_t)s->nu * sizeof(int));
			stall = 0;
		} else {
			stall++;
			if (s->value < *best_v - LS_EPS * (1.0 + fabs(*best_v))) {
				memcpy(s->g, best, (size_t)s->nu * sizeof(int));
				ls_rebuild(s);
			}
		}
	}
}

int split_local_search(const struct split_red *r, int *g, double *value,
		       struct split_stats *st)
{
	struct ls s;
	int rc = -1;
	int *best = malloc((size_t)r->nu * sizeof(int));

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.nu = r->nu;
	s.k = r->k;
	s.rng = r->seed ^ 0x5deece66dULL;
	s.g = malloc((size_t)r->nu * sizeof(int));
	s.order = malloc((size_t)r->nu * sizeof(int));
	s.ccnt = malloc(((size_t)r->k * (size_t)r->ncat + 1) * sizeof(int));
	s.A = malloc((size_t)r->nu * (size_t)r->k * sizeof(double));
	if (best == NULL || s.g == NULL || s.order == NULL || s.ccnt == NULL || s.A == NULL)
		goto fail;
	memcpy(s.g, g, (size_t)r->nu * sizeof(int));
	ls_rebuild(&s);
	ls_descend(&s);
	memcpy(best, s.g, (size_t)r->nu * sizeof(int));
	*value = s.value;
	ls_iterate(&s, best, value, st);
	memcpy(g, best, (size_t)r->nu * sizeof(int));
	*value = split_red_value(r, g);
	rc = 0;
fail:
	free(best);
	free(s.g);
	free(s.order);
	free(s.ccnt);
	free(s.A);
	return rc;
}
