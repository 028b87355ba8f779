/* mdp_tabu.c - the metaheuristic of the maximum diversity optimiser: a memetic algorithm
 * whose local search is a tabu search over swap moves, after Wang, Zhou, Cai and Yin's
 * tabu-search based memetic algorithm for the maximum diversity problem (MAMDP).
 *
 * The tabu search keeps, for every candidate c, g[c] = lin[c] + sum of d(c, s) over the
 * chosen s. Swapping chosen u for unchosen v then changes the value by
 * g[v] - g[u] - d(u, v), and updating g costs one pass over a row. For large instances
 * only the "constrained" neighbourhood is scanned: u with g[u] close to the smallest g in
 * the set and v with g[v] close to the largest outside (within the largest distance);
 * without caps it holds the best swap. Moved items are tabu for a few iterations.
 *
 * The population (10 sets) is recombined by keeping what two parents share and adding, in
 * turns from each parent, the item of largest gain; a child replaces the member with the
 * worst mix of value and distance to the others (which keeps the population diverse).
 * Ties are broken by the solver's own seeded generator, so runs are repeatable.
 */
#include "solve/mdp.h"
#include "solve/mdp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POP_SIZE 10
/* swap-neighbourhood size below which every swap is examined */
#define FULL_SCAN_MAX 6000
/* weight of value against distance in the population update */
#define POOL_BETA 0.6

struct ts {
	const struct mdp_red *r;
	struct mdp_stats *st;
	uint64_t rng;
	int nc, k, nu;
	/* the current set */
	unsigned char *in;
	int *sel, *uns, *pos, *cnt;
	double *g;
	long long *tabu;
	double f;
	/* best of the running tabu search, best overall */
	int *run_best, *best;
	double run_best_f, best_f;
	/* population, each member sorted ascending */
	int pcount;
	int *pop, *child, *list, *scratch;
	double popf[POP_SIZE + 1];
	unsigned char *mark;
	int *cand_u, *cand_v;
	long long iter, iter_best, run_len, stall_min;
	double t_stop, eps;
	int stop;
};

static void *ts_alloc(size_t count, size_t size, int *failed)
{
	void *p = calloc(count + 1, size);

	if (p == NULL)
		*failed = 1;
	return p;
}

static void ts_free(struct ts *t)
{
	free(t->in);
	free(t->sel);
	free(t->uns);
	free(t->pos);
	free(t->cnt);
	free(t->g);
	free(t->tabu);
	free(t->run_best);
	free(t->best);
	free(t->pop);
	free(t->child);
	free(t->list);
	free(t->scratch);
	free(t->mark);
	free(t->cand_u);
	free(t->cand_v);
}

static int ts_init(struct ts *t, const struct mdp_red *r, double t_stop, struct mdp_stats *st)
{
	size_t nc = (size_t)r->nc, k = (size_t)r->k;
	int failed = 0;

	memset(t, 0, sizeof(*t));
	t->r = r;
	t->st = st;
	t->rng = r->seed ^ 0x6d64702d74616275ULL;
	t->nc = r->nc;
	t->k = r->k;
	t->nu = r->nc - r->k;
	t->t_stop = t_stop;
	t->eps = 1e-9 * (1.0 + r->dmax * (double)k * (double)k);
	t->in = ts_alloc(nc, sizeof(*t->in), &failed);
	t->sel = ts_alloc(k, sizeof(*t->sel), &failed);
	t->uns = ts_alloc(nc, sizeof(*t->uns), &failed);
	t->pos = ts_alloc(nc, sizeof(*t->pos), &failed);
	t->cnt = ts_alloc((size_t)r->ng, sizeof(*t->cnt), &failed);
	t->g = ts_alloc(nc, sizeof(*t->g), &failed);
	t->tabu = ts_alloc(nc, sizeof(*t->tabu), &failed);
	t->run_best = ts_alloc(k, sizeof(*t->run_best), &failed);
	t->best = ts_alloc(k, sizeof(*t->best), &failed);
	t->pop = ts_alloc(k * (POP_SIZE + 1), sizeof(*t->pop), &failed);
	t->child = ts_alloc(k, sizeof(*t->child), &failed);
	t->list = ts_alloc(nc, sizeof(*t->list), &failed);
	t->scratch = ts_alloc(nc, sizeof(*t->scratch), &failed);
	t->mark = ts_alloc(nc, sizeof(*t->mark), &failed);
	t->cand_u = ts_alloc(k, sizeof(*t->cand_u), &failed);
	t->cand_v = ts_alloc(nc, sizeof(*t->cand_v), &failed);
	/* a tabu search ends after this many moves without improvement */
	t->run_len = 10LL * (long long)nc < 1000 ? 1000 : 10LL * (long long)nc;
	t->stall_min = 30 * t->run_len;
	t->best_f = -HUGE_VAL;
	return failed ? MDP_ENOMEM : MDP_OK;
}

/* Whether the search must end: time, iteration limit, or stagnation. */
static int ts_should_stop(struct ts *t)
{
	long long since = t->iter - t->iter_best;

	long long limit = t->r->max_iterations;

	if (t->stop)
		return 1;
	if (limit > 0 ? t->iter >= limit : since > t->stall_min && since > 3 * t->iter_best) {
		t->stop = 1;
	} else if ((t->iter & 63) == 0 && mdp_now() >= t->t_stop) {
		t->stop = 1;
		t->st->timed_out = 1;
	}
	return t->stop;
}

/* Make set[0..k) the current set and compute its gains and value. */
static void ts_load(struct ts *t, const int *set)
{
	const struct mdp_red *r = t->r;
	int i, c, nu = 0;

	memset(t->in, 0, (size_t)t->nc);
	memset(t->cnt, 0, (size_t)r->ng * sizeof(*t->cnt));
	memcpy(t->g, r->lin, (size_t)t->nc * sizeof(*t->g));
	for (i = 0; i < t->k; i++) {
		const double *row = r->d + (size_t)set[i] * (size_t)t->nc;

		t->in[set[i]] = 1;
		t->sel[i] = set[i];
		t->pos[set[i]] = i;
		if (r->grp[set[i]] >= 0)
			t->cnt[r->grp[set[i]]]++;
		for (c = 0; c < t->nc; c++)
			t->g[c] += row[c];
	}
	for (c = 0; c < t->nc; c++) {
		if (!t->in[c]) {
			t->uns[nu] = c;
			t->pos[c] = nu++;
		}
	}
	t->f = mdp_red_value(r, set, t->k);
}

static int ts_feasible(const struct ts *t, int u, int v)
{
	int gv = t->r->grp[v];

	return gv < 0 || gv == t->r->grp[u] || t->cnt[gv] < t->r->room[gv];
}

/* Keep (a, b) as the best move so far; equal gains are kept at random (reservoir). */
static void ts_offer(struct ts *t, double gain, int a, int b, double *best, int *ties,
		     int *pa, int *pb)
{
	if (gain > *best) {
		*best = gain;
		*ties = 1;
	} else if (gain < *best || mdp_rand_below(&t->rng, ++*ties) != 0) {
		return;
	}
	*pa = a;
	*pb = b;
}

/* Best admissible swap over all pairs (tabu moves allowed when they beat the run's best). */
static int ts_pick_full(struct ts *t, int *pa, int *pb, double *gain)
{
	const struct mdp_red *r = t->r;
	double best = -HUGE_VAL, aspire = t->run_best_f + t->eps - t->f;
	int a, b, ties = 0;

	for (a = 0; a < t->k; a++) {
		int u = t->sel[a], tu = t->tabu[u] > t->iter;
		const double *row = r->d + (size_t)u * (size_t)t->nc;
		double gu = t->g[u];

		for (b = 0; b < t->nu; b++) {
			int v = t->uns[b];
			double gn = t->g[v] - gu - row[v];

			if (gn < best || !ts_feasible(t, u, v))
				continue;
			if ((tu || t->tabu[v] > t->iter) && gn <= aspire)
				continue;
			ts_offer(t, gn, a, b, &best, &ties, pa, pb);
		}
	}
	*gain = best;
	return ties > 0;
}

/* Positions of non-tabu chosen items with g close to the smallest (into cand_u). */
static int ts_cands_u(struct ts *t)
{
	double lim = HUGE_VAL;
	int a, cnt = 0;

	for (a = 0; a < t->k; a++)
		if (t->tabu[t->sel[a]] <= t->iter && t->g[t->sel[a]] < lim)
			lim = t->g[t->sel[a]];
	lim += t->r->dmax;
	for (a = 0; a < t->k; a++)
		if (t->tabu[t->sel[a]] <= t->iter && t->g[t->sel[a]] <= lim)
			t->cand_u[cnt++] = a;
	return cnt;
}

static int ts_cands_v(struct ts *t)
{
	double lim = -HUGE_VAL;
	int b, cnt = 0;

	for (b = 0; b < t->nu; b++)
		if (t->tabu[t->uns[b]] <= t->iter && t->g[t->uns[b]] > lim)
			lim = t->g[t->uns[b]];
	lim -= t->r->dmax;
	for (b = 0; b < t->nu; b++)
		if (t->tabu[t->uns[b]] <= t->iter && t->g[t->uns[b]] >= lim)
			t->cand_v[cnt++] = b;
	return cnt;
}

/* Best non-tabu swap in the constrained neighbourhood; falls back to a full scan. */
static int ts_pick(struct ts *t, int *pa, int *pb, double *gain)
{
	const struct mdp_red *r = t->r;
	double best = -HUGE_VAL;
	int i, j, nu_c, nv_c, ties = 0;

	if ((long long)t->k * t->nu <= FULL_SCAN_MAX)
		return ts_pick_full(t, pa, pb, gain);
	nu_c = ts_cands_u(t);
	nv_c = ts_cands_v(t);
	for (i = 0; i < nu_c; i++) {
		int a = t->cand_u[i], u = t->sel[a];
		const double *row = r->d + (size_t)u * (size_t)t->nc;

		for (j = 0; j < nv_c; j++) {
			int b = t->cand_v[j], v = t->uns[b];
			double gn = t->g[v] - t->g[u] - row[v];

			if (gn >= best && ts_feasible(t, u, v))
				ts_offer(t, gn, a, b, &best, &ties, pa, pb);
		}
	}
	*gain = best;
	return ties > 0 ? 1 : ts_pick_full(t, pa, pb, gain);
}

/* Swap sel[a] out and uns[b] in. */
static void ts_apply(struct ts *t, int a, int b, double gain)
{
	const struct mdp_red *r = t->r;
	int u = t->sel[a], v = t->uns[b], c;
	const double *ru = r->d + (size_t)u * (size_t)t->nc;
	const double *rv = r->d + (size_t)v * (size_t)t->nc;

	for (c = 0; c < t->nc; c++)
		t->g[c] += rv[c] - ru[c];
	t->sel[a] = v;
	t->uns[b] = u;
	t->pos[v] = a;
	t->pos[u] = b;
	t->in[u] = 0;
	t->in[v] = 1;
	if (r->grp[u] >= 0)
		t->cnt[r->grp[u]]--;
	if (r->grp[v] >= 0)
		t->cnt[r->grp[v]]++;
	t->f += gain;
}

static void ts_set_tabu(struct ts *t, int u, int v)
{
	int tk = t->k / 4 < 15 ? t->k / 4 : 15;
	int tu = t->nu / 4 < 15 ? t->nu / 4 : 15;

	/* u may not come back, v may not leave, for a few moves */
	t->tabu[u] = t->iter + 1 + tu + mdp_rand_below(&t->rng, 3);
	t->tabu[v] = t->iter + 1 + (tk * 7) / 10 + mdp_rand_below(&t->rng, 2);
}

/* Note the current set as the best overall when it is. */
static void ts_note_best(struct ts *t, const int *set, double f)
{
	if (f > t->best_f + t->eps) {
		t->best_f = f;
		memcpy(t->best, set, (size_t)t->k * sizeof(*set));
		t->iter_best = t->iter;
	}
}

/* Tabu search from set; leaves the best set of the run in set and returns its value. */
static double ts_run(struct ts *t, int *set)
{
	long long noimp = 0;
	double gain = 0.0;
	int a = 0, b = 0;

	ts_load(t, set);
	memset(t->tabu, 0, (size_t)t->nc * sizeof(*t->tabu));
	memcpy(t->run_best, t->sel, (size_t)t->k * sizeof(*set));
	t->run_best_f = t->f;
	while (noimp < t->run_len && !ts_should_stop(t)) {
		if (!ts_pick(t, &a, &b, &gain))
			break;
		ts_set_tabu(t, t->sel[a], t->uns[b]);
		ts_apply(t, a, b, gain);
		t->iter++;
		noimp++;
		if (t->f > t->run_best_f + t->eps) {
			t->run_best_f = t->f;
			memcpy(t->run_best, t->sel, (size_t)t->k * sizeof(*set));
			noimp = 0;
			ts_note_best(t, t->run_best, t->f);
		}
	}
	memcpy(set, t->run_best, (size_t)t->k * sizeof(*set));
	t->run_best_f = mdp_red_value(t->r, set, t->k);
	ts_note_best(t, set, t->run_best_f);
	return t->run_best_f;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* A random set of k candidates that respects the caps. */
static void ts_random_set(struct ts *t, int *set)
{
	const struct mdp_red *r = t->r;
	int i, cnt = 0;

	for (i = 0; i < t->nc; i++)
		t->list[i] = i;
	for (i = t->nc - 1; i > 0; i--) {
		int j = mdp_rand_below(&t->rng, i + 1), x = t->list[i];

		t->list[i] = t->list[j];
		t->list[j] = x;
	}
	memset(t->cnt, 0, (size_t)r->ng * sizeof(*t->cnt));
	for (i = 0; i < t->nc && cnt < t->k; i++) {
		int c = t->list[i], gc = r->grp[c];

		if (gc >= 0 && t->cnt[gc] >= r->room[gc])
			continue;
		if (gc >= 0)
			t->cnt[gc]++;
		set[cnt++] = c;
	}
}

/* Number of items two sorted sets share. */
static int common_count(const int *x, const int *y, int k)
{
	int i = 0, j = 0, c = 0;

	while (i < k && j < k) {
		if (x[i] == y[j]) {
			c++;
			i++;
			j++;
		} else if (x[i] < y[j]) {
			i++;
		} else {
			j++;
		}
	}
	return c;
}

static int *member(struct ts *t, int i)
{
	return t->pop + (size_t)i * (size_t)t->k;
}

/* Whether sorted set equals a population member. */
static int pool_has(struct ts *t, const int *set)
{
	int i;

	for (i = 0; i < t->pcount; i++)
		if (memcmp(member(t, i), set, (size_t)t->k * sizeof(*set)) == 0)
			return 1;
	return 0;
}

/* Smallest distance (k - shared items) from member i to the others (pcount + 1 members). */
static int pool_distance(struct ts *t, int i, int total)
{
	int j, dmin = t->k;

	for (j = 0; j < total; j++) {
		int d = j == i ? t->k : t->k - common_count(member(t, i), member(t, j), t->k);

		if (d < dmin)
			dmin = d;
	}
	return dmin;
}

static double norm(double x, double lo, double hi)
{
	return hi > lo ? (x - lo) / (hi - lo) : 0.0;
}

/*
 * Offer sorted set (value f) to the population: it is added while there is room, else it
 * replaces the member with the lowest goodness score, unless that is the newcomer itself.
 */
static void pool_update(struct ts *t, const int *set, double f)
{
	int i, total = t->pcount + 1, worst = 0, dist[POP_SIZE + 1];
	double fmin = HUGE_VAL, fmax = -HUGE_VAL, wscore = HUGE_VAL;
	int dmin = t->k, dmax = 0;

	if (pool_has(t, set))
		return;
	memcpy(member(t, t->pcount), set, (size_t)t->k * sizeof(*set));
	t->popf[t->pcount] = f;
	if (t->pcount < POP_SIZE) {
		t->pcount++;
		return;
	}
	for (i = 0; i < total; i++) {
		dist[i] = pool_distance(t, i, total);
		fmin = fmin < t->popf[i] ? fmin : t->popf[i];
		fmax = fmax > t->popf[i] ? fmax : t->popf[i];
		dmin = dmin < dist[i] ? dmin : dist[i];
		dmax = dmax > dist[i] ? dmax : dist[i];
	}
	for (i = 0; i < total; i++) {
		double s = POOL_BETA * norm(t->popf[i], fmin, fmax) +
			   (1.0 - POOL_BETA) * norm(dist[i], dmin, dmax);

		if (s < wscore) {
			wscore = s;
			worst = i;
		}
	}
	if (worst != t->pcount) {
		memcpy(member(t, worst), member(t, t->pcount), (size_t)t->k * sizeof(*set));
		t->popf[worst] = f;
	}
}

/* Add candidate c to the partial set built by the crossover. */
static void cross_add(struct ts *t, int c, int *size)
{
	const double *row = t->r->d + (size_t)c * (size_t)t->nc;
	int i;

	t->child[(*size)++] = c;
	t->in[c] = 1;
	if (t->r->grp[c] >= 0)
		t->cnt[t->r->grp[c]]++;
	for (i = 0; i < t->nc; i++)
		t->g[i] += row[i];
}

/* Unchosen, cap-feasible candidate of largest gain with a mark bit in want (0 = any). */
static int cross_pick(struct ts *t, unsigned char want)
{
	const struct mdp_red *r = t->r;
	double best = -HUGE_VAL;
	int c, pick = -1, ties = 0, unused = 0;

	for (c = 0; c < t->nc; c++) {
		int gc = r->grp[c];

		if (t->in[c] || (want != 0 && !(t->mark[c] & want)))
			continue;
		if (gc >= 0 && t->cnt[gc] >= r->room[gc])
			continue;
		if (t->g[c] >= best)
			ts_offer(t, t->g[c], c, 0, &best, &ties, &pick, &unused);
	}
	return pick;
}

/* Backbone crossover of members x and y into t->child. */
static void crossover(struct ts *t, const int *x, const int *y)
{
	int i, size = 0, turn = 0;

	memset(t->mark, 0, (size_t)t->nc);
	memset(t->in, 0, (size_t)t->nc);
	memset(t->cnt, 0, (size_t)t->r->ng * sizeof(*t->cnt));
	memcpy(t->g, t->r->lin, (size_t)t->nc * sizeof(*t->g));
	for (i = 0; i < t->k; i++) {
		t->mark[x[i]] |= 1;
		t->mark[y[i]] |= 2;
	}
	for (i = 0; i < t->nc; i++)
		if (t->mark[i] == 3)
			cross_add(t, i, &size);
	while (size < t->k) {
		int c = cross_pick(t, (unsigned char)(1 << turn));

		if (c < 0)
			c = cross_pick(t, (unsigned char)(2 >> turn));
		if (c < 0)
			c = cross_pick(t, 0);
		cross_add(t, c, &size);
		turn ^= 1;
	}
}

/* Fill the population with tabu-searched random sets. */
static void pool_fill(struct ts *t)
{
	int tries;

	for (tries = 0; tries < 3 * POP_SIZE && t->pcount < POP_SIZE; tries++) {
		double f;

		if (ts_should_stop(t))
			return;
		ts_random_set(t, t->child);
		f = ts_run(t, t->child);
		qsort(t->child, (size_t)t->k, sizeof(*t->child), cmp_int);
		pool_update(t, t->child, f);
	}
}

static void evolve(struct ts *t)
{
	while (t->pcount >= 2 && !ts_should_stop(t)) {
		int a = mdp_rand_below(&t->rng, t->pcount);
		int b = mdp_rand_below(&t->rng, t->pcount - 1);
		double f;

		b += b >= a;
		crossover(t, member(t, a), member(t, b));
		f = ts_run(t, t->child);
		qsort(t->child, (size_t)t->k, sizeof(*t->child), cmp_int);
		pool_update(t, t->child, f);
	}
}

int mdp_tabu_search(const struct mdp_red *r, double t_stop, int *best, double *value,
		    struct mdp_stats *st)
{
	struct ts t;
	int rc;

	if (r->k <= 0 || r->k >= r->nc)
		return MDP_EINVAL; /* nothing to search: the caller decides those */
	rc = ts_init(&t, r, t_stop, st);
	if (rc == MDP_OK) {
		pool_fill(&t);
		evolve(&t);
		if (t.best_f == -HUGE_VAL) {
			/* stopped before the first search ended: take any feasible set */
			ts_random_set(&t, t.best);
			t.best_f = mdp_red_value(r, t.best, t.k);
		}
		memcpy(best, t.best, (size_t)t.k * sizeof(*best));
		*value = t.best_f;
		st->iterations += t.iter;
	}
	ts_free(&t);
	return rc;
}
