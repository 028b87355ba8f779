/* split.c - entry points of the anticlustering optimiser: checks the problem, folds the
 * rules into a reduced problem over units, and runs the searches.
 *
 * Design. A together set always shares a group, so it becomes one unit whose weight is its
 * number of elements; its inner distances are a constant (base) and the distances between
 * units are the sums over their members. Apart pairs become edges between units, fixed
 * members fix their unit, categories become per-group floors and ceilings (floor and ceil
 * of the group's share). What remains (split_internal.h) is solved in three steps:
 *   1. a depth-first search for a first assignment meeting the rules (the branch and bound
 *      of split_exact.c without its bound), which also proves infeasibility when it ends
 *      without one;
 *   2. the iterated local search of split_search.c from there;
 *   3. the branch and bound from the local search's best, which proves it optimal or
 *      improves it, within a node budget; or, for small instances (about N <= 20 with
 *      k <= 3), the complete enumeration over a table of subset values (split_table.c).
 * A re-balance is the same problem with a linear term: a unit pays P per member placed
 * outside its current group, P larger than any difference in value (the sum of all
 * distances, plus one), so fewer moves always win and the value breaks ties.
 * All searches stop on counted work first; the time limit is only a safety cap.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "solve/split.h"
#include "solve/split_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SPLIT_DEFAULT_SECONDS 10.0
#define SPLIT_MAX_SECONDS 1e7
/* Above this many units the bound proves nothing in a second: skip the exact step. */
#define SPLIT_EXACT_MAX_NU 60

double split_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t split_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int split_rand_below(uint64_t *state, int n)
{
	return (int)(((split_rand_next(state) >> 32) * (uint64_t)n) >> 32);
}

double split_red_value(const struct split_red *r, const int *g)
{
	double v = 0.0;
	int u, w;

	for (u = 0; u < r->nu; u++) {
		for (w = u + 1; w < r->nu; w++)
			if (g[u] == g[w])
				v += r->d[(size_t)u * (size_t)r->nu + (size_t)w];
		v += r->lin[(size_t)u * (size_t)r->k + (size_t)g[u]];
	}
	return v;
}

double split_value(const struct split_problem *p, const int *group)
{
	double v = 0.0;
	int i, j;

	for (i = 0; i < p->n; i++)
		for (j = i + 1; j < p->n; j++)
			if (group[i] == group[j])
				v += p->dist[(size_t)i * (size_t)p->n + (size_t)j];
	return v;
}

int split_euclidean(const double *x, int n, int dim, double **dist)
{
	double *d;
	int i, j, t;

	if (x == NULL || dist == NULL || n < 1 || n > SPLIT_MAX_N || dim < 1)
		return LWP_EINVAL;
	d = calloc((size_t)n * (size_t)n, sizeof(*d));
	if (d == NULL)
		return LWP_ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			double s = 0.0;

			for (t = 0; t < dim; t++) {
				double e = x[(size_t)i * (size_t)dim + (size_t)t] -
					   x[(size_t)j * (size_t)dim + (size_t)t];

				s += e * e;
			}
			d[(size_t)i * (size_t)n + (size_t)j] = sqrt(s);
			d[(size_t)j * (size_t)n + (size_t)i] = sqrt(s);
		}
	}
	*dist = d;
	return LWP_OK;
}

/* ---- checking the input ---- */

static int check_dist(const struct split_problem *p, struct lwp_error *err)
{
	int i, j;

	for (i = 0; i < p->n; i++) {
		for (j = 0; j < p->n; j++) {
			double a = p->dist[(size_t)i * (size_t)p->n + (size_t)j];
			double b = p->dist[(size_t)j * (size_t)p->n + (size_t)i];

			if (!isfinite(a) || a < 0.0)
				return lwp_fail(err, LWP_EINVAL, "dist", "distances must be finite and >= 0");
			if (i != j && fabs(a - b) > 1e-9 * (1.0 + fabs(a)))
				return lwp_fail(err, LWP_EINVAL, "dist", "the distance matrix must be symmetric");
		}
	}
	return LWP_OK;
}

static int check_rules(const struct split_problem *p, struct lwp_error *err)
{
	int i, total = 0;

	if (p->sizes) {
		for (i = 0; i < p->k; i++) {
			if (p->sizes[i] < 0)
				return lwp_fail(err, LWP_EINVAL, "sizes", "group sizes must be >= 0");
			total += p->sizes[i];
		}
		if (total != p->n)
			return lwp_fail(err, LWP_EINVAL, "sizes", "group sizes must add up to n");
	}
	if (p->napart < 0 || (p->napart > 0 && p->apart == NULL))
		return lwp_fail(err, LWP_EINVAL, "apart", "bad apart pairs");
	for (i = 0; i < 2 * p->napart; i++)
		if (p->apart[i] < 0 || p->apart[i] >= p->n)
			return lwp_fail(err, LWP_EINVAL, "apart", "apart pair out of range");
	for (i = 0; i < p->napart; i++)
		if (p->apart[2 * i] == p->apart[2 * i + 1])
			return lwp_fail(err, LWP_EINVAL, "apart", "an element cannot be apart from itself");
	for (i = 0; i < p->n; i++) {
		if (p->fixed && (p->fixed[i] < -1 || p->fixed[i] >= p->k))
			return lwp_fail(err, LWP_EINVAL, "fixed", "fixed group out of range");
		if (p->together && p->together[i] < -1)
			return lwp_fail(err, LWP_EINVAL, "together", "together ids must be >= -1");
		if (p->category && p->category[i] < -1)
			return lwp_fail(err, LWP_EINVAL, "category", "category ids must be >= -1");
	}
	return LWP_OK;
}

static int check_problem(const struct split_problem *p, struct lwp_error *err)
{
	int rc;

	if (p == NULL)
		return lwp_fail(err, LWP_EINVAL, NULL, "no problem");
	if (p->n < 1 || p->n > SPLIT_MAX_N)
		return lwp_fail(err, LWP_EINVAL, "n", "n must be between 1 and SPLIT_MAX_N");
	if (p->k < 1 || p->k > SPLIT_MAX_K || p->k > p->n)
		return lwp_fail(err, LWP_EINVAL, "k", "k must be between 1 and min(n, SPLIT_MAX_K)");
	if (p->dist == NULL)
		return lwp_fail(err, LWP_EINVAL, "dist", "no distance matrix");
	if (p->exact < SPLIT_EXACT_AUTO || p->exact > SPLIT_EXACT_BB_ALONE)
		return lwp_fail(err, LWP_EINVAL, "exact", "unknown exact method");
	if (isnan(p->seconds))
		return lwp_fail(err, LWP_EINVAL, "seconds", "bad time limit");
	rc = check_dist(p, err);
	return rc != LWP_OK ? rc : check_rules(p, err);
}

/* ---- the reduced problem ---- */

struct build {
	int *unit_of;   /* n */
	int *mem_start; /* nu + 1 */
	int *mem;       /* n */
	int *sizes;     /* k */
};

static void red_free(struct split_red *r)
{
	free(r->w);
	free(r->d);
	free(r->lin);
	free(r->fixg);
	free(r->adj_start);
	free(r->adj);
	free(r->cat_start);
	free(r->cat_id);
	free(r->cat_cnt);
	free(r->size);
	free(r->lo);
	free(r->hi);
	free(r->cls);
	free(r->cur);
	memset(r, 0, sizeof(*r));
}

static void build_free(struct build *b)
{
	free(b->unit_of);
	free(b->mem_start);
	free(b->mem);
	free(b->sizes);
}

/* Elements sorted by id (ties by index); ids < 0 excluded. Returns the count or -1. */
static int sorted_by_id(const int *ids, int n, int **out)
{
	int *idx = malloc(((size_t)n + 1) * sizeof(int)), cnt = 0, i;

	if (idx == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (ids[i] >= 0)
			idx[cnt++] = i;
	/* insertion sort: qsort would need a file-level key, and the solver is reentrant */
	{
		int a, b2;

		for (a = 1; a < cnt; a++) {
			int x = idx[a];

			for (b2 = a; b2 > 0 && (ids[idx[b2 - 1]] > ids[x] ||
						(ids[idx[b2 - 1]] == ids[x] && idx[b2 - 1] > x)); b2--)
				idx[b2] = idx[b2 - 1];
			idx[b2] = x;
		}
	}
	*out = idx;
	return cnt;
}

/* Units: each together set is one, every other element its own. */
static int build_units(const struct split_problem *p, struct build *b, int *nu)
{
	int *rep = malloc((size_t)p->n * sizeof(int)), *idx = NULL, i, cnt, u = 0;

	b->unit_of = malloc((size_t)p->n * sizeof(int));
	b->mem_start = calloc((size_t)p->n + 2, sizeof(int));
	b->mem = malloc((size_t)p->n * sizeof(int));
	if (rep == NULL || b->unit_of == NULL || b->mem_start == NULL || b->mem == NULL)
		goto fail;
	for (i = 0; i < p->n; i++)
		rep[i] = i;
	if (p->together) {
		cnt = sorted_by_id(p->together, p->n, &idx);
		if (cnt < 0)
			goto fail;
		for (i = 1; i < cnt; i++)
			if (p->together[idx[i]] == p->together[idx[i - 1]])
				rep[idx[i]] = rep[idx[i - 1]];
	}
	for (i = 0; i < p->n; i++)
		b->unit_of[i] = rep[i] == i ? u++ : b->unit_of[rep[i]];
	for (i = 0; i < p->n; i++)
		b->mem_start[b->unit_of[i] + 1]++;
	for (i = 0; i < u; i++)
		b->mem_start[i + 1] += b->mem_start[i];
	memcpy(rep, b->mem_start, (size_t)u * sizeof(int));
	for (i = 0; i < p->n; i++)
		b->mem[rep[b->unit_of[i]]++] = i;
	*nu = u;
	free(rep);
	free(idx);
	return LWP_OK;
fail:
	free(rep);
	free(idx);
	return LWP_ENOMEM;
}

static int red_alloc(struct split_red *r, int n)
{
	size_t nu = (size_t)r->nu, k = (size_t)r->k;

	r->w = calloc(nu, sizeof(int));
	r->d = calloc(nu * nu, sizeof(double));
	r->lin = calloc(nu * k, sizeof(double));
	r->fixg = malloc(nu * sizeof(int));
	r->adj_start = calloc(nu + 2, sizeof(int));
	r->cat_start = calloc(nu + 2, sizeof(int));
	r->cat_id = malloc(((size_t)n + 1) * sizeof(int));
	r->cat_cnt = malloc(((size_t)n + 1) * sizeof(int));
	r->size = malloc(k * sizeof(int));
	r->cls = malloc(k * sizeof(int));
	r->cur = malloc(nu * sizeof(int) + 1);
	return r->w && r->d && r->lin && r->fixg && r->adj_start && r->cat_start &&
	       r->cat_id && r->cat_cnt && r->size && r->cls && r->cur ? LWP_OK : LWP_ENOMEM;
}

/* Weights, distances between units, the constant of their insides, fixed groups. */
static int red_units(const struct split_problem *p, const struct build *b,
		     struct split_red *r, struct lwp_error *err)
{
	int i, j, u;

	for (u = 0; u < r->nu; u++)
		r->fixg[u] = -1;
	for (i = 0; i < p->n; i++) {
		u = b->unit_of[i];
		r->w[u]++;
		for (j = i + 1; j < p->n; j++) {
			int v = b->unit_of[j];
			double d = p->dist[(size_t)i * (size_t)p->n + (size_t)j];

			if (u == v) {
				r->base += d;
			} else {
				r->d[(size_t)u * (size_t)r->nu + (size_t)v] += d;
				r->d[(size_t)v * (size_t)r->nu + (size_t)u] += d;
			}
		}
		if (p->fixed && p->fixed[i] >= 0) {
			if (r->fixg[u] >= 0 && r->fixg[u] != p->fixed[i])
				return lwp_fail(err, LWP_EINVAL, "fixed",
						"infeasible: members of one together set are fixed to different groups");
			r->fixg[u] = p->fixed[i];
		}
	}
	return LWP_OK;
}

static int red_apart(const struct split_problem *p, const struct build *b,
		     struct split_red *r, struct lwp_error *err)
{
	int i, u;
	int *fill;

	for (i = 0; i < p->napart; i++) {
		int a = b->unit_of[p->apart[2 * i]], c = b->unit_of[p->apart[2 * i + 1]];

		if (a == c)
			return lwp_fail(err, LWP_EINVAL, "apart",
					"infeasible: a pair that must be apart must also be together");
		r->adj_start[a + 1]++;
		r->adj_start[c + 1]++;
	}
	for (u = 0; u < r->nu; u++)
		r->adj_start[u + 1] += r->adj_start[u];
	r->adj = malloc(((size_t)r->adj_start[r->nu] + 1) * sizeof(int));
	fill = malloc(((size_t)r->nu + 1) * sizeof(int));
	if (r->adj == NULL || fill == NULL) {
		free(fill);
		return LWP_ENOMEM;
	}
	memcpy(fill, r->adj_start, (size_t)r->nu * sizeof(int));
	for (i = 0; i < p->napart; i++) {
		int a = b->unit_of[p->apart[2 * i]], c = b->unit_of[p->apart[2 * i + 1]];

		r->adj[fill[a]++] = c;
		r->adj[fill[c]++] = a;
	}
	free(fill);
	return LWP_OK;
}

/* Dense category numbers, per-unit counts and the per-group floors and ceilings. */
static int red_categories(const struct split_problem *p, const struct build *b,
			  struct split_red *r)
{
	int *idx = NULL, *dense = NULL, *count = NULL, cnt, i, u, g, c, rc = LWP_ENOMEM;

	if (p->category == NULL)
		return LWP_OK;
	cnt = sorted_by_id(p->category, p->n, &idx);
	dense = malloc(((size_t)p->n + 1) * sizeof(int));
	count = calloc((size_t)p->n + 1, sizeof(int));
	if (cnt < 0 || dense == NULL || count == NULL)
		goto fail;
	for (i = 0; i < p->n; i++)
		dense[i] = -1;
	for (i = 0; i < cnt; i++) {
		if (i > 0 && p->category[idx[i]] != p->category[idx[i - 1]])
			r->ncat++;
		dense[idx[i]] = r->ncat;
		count[r->ncat]++;
	}
	r->ncat += cnt > 0;
	for (u = 0; u < r->nu; u++) {
		r->cat_start[u + 1] = r->cat_start[u];
		for (i = b->mem_start[u]; i < b->mem_start[u + 1]; i++) {
			int e = b->mem[i], j, at = -1;

			if (dense[e] < 0)
				continue;
			for (j = r->cat_start[u]; j < r->cat_start[u + 1]; j++)
				if (r->cat_id[j] == dense[e])
					at = j;
			if (at < 0) {
				at = r->cat_start[u + 1]++;
				r->cat_id[at] = dense[e];
				r->cat_cnt[at] = 0;
			}
			r->cat_cnt[at]++;
		}
	}
	r->lo = malloc(((size_t)r->k * (size_t)r->ncat + 1) * sizeof(int));
	r->hi = malloc(((size_t)r->k * (size_t)r->ncat + 1) * sizeof(int));
	if (r->lo == NULL || r->hi == NULL)
		goto fail;
	for (g = 0; g < r->k; g++) {
		for (c = 0; c < r->ncat; c++) {
			long long q = (long long)r->size[g] * count[c];

			r->lo[g * r->ncat + c] = (int)(q / p->n);
			r->hi[g * r->ncat + c] = (int)((q + p->n - 1) / p->n);
		}
	}
	rc = LWP_OK;
fail:
	free(idx);
	free(dense);
	free(count);
	return rc;
}

/* Group sizes, the re-balance penalty and the classes of interchangeable groups. */
static void red_groups(const struct split_problem *p, const struct build *b,
		       const int *current, struct split_red *r)
{
	int g, h, i, u;
	double total = 0.0;

	for (g = 0; g < r->k; g++)
		r->size[g] = p->sizes ? p->sizes[g] : p->n / p->k + (g < p->n % p->k);
	for (u = 0; u < r->nu; u++) /* a unit's current group: its members' if they agree */
		r->cur[u] = -2;
	for (i = 0; current && i < p->n; i++) {
		u = b->unit_of[i];
		if (current[i] >= 0 && r->cur[u] != -1)
			r->cur[u] = r->cur[u] == -2 || r->cur[u] == current[i] ? current[i] : -1;
	}
	for (u = 0; u < r->nu; u++)
		r->cur[u] = r->cur[u] < 0 ? -1 : r->cur[u];
	if (current) {
		for (i = 0; i < p->n * p->n; i++)
			total += p->dist[i];
		total = total / 2.0 + 1.0;
		for (i = 0; i < p->n; i++) {
			if (current[i] < 0)
				continue;
			u = b->unit_of[i];
			for (g = 0; g < r->k; g++)
				if (g != current[i])
					r->lin[(size_t)u * (size_t)r->k + (size_t)g] -= total;
			r->has_lin = 1;
		}
	}
	for (g = 0; g < r->k; g++)
		r->cls[g] = 0;
	for (u = 0; u < r->nu; u++)
		if (r->fixg[u] >= 0)
			r->cls[r->fixg[u]] = -1;
	for (i = 0; current && i < p->n; i++)
		if (current[i] >= 0)
			r->cls[current[i]] = -1;
	for (g = 0; g < r->k; g++) {
		if (r->cls[g] < 0)
			continue;
		r->cls[g] = g;
		for (h = 0; h < g; h++)
			if (r->cls[h] >= 0 && r->size[h] == r->size[g]) {
				r->cls[g] = r->cls[h];
				break;
			}
	}
}

static int red_build(const struct split_problem *p, const int *current, struct build *b,
		     struct split_red *r, struct lwp_error *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->k = p->k;
	rc = build_units(p, b, &r->nu);
	if (rc == LWP_OK)
		rc = red_alloc(r, p->n);
	if (rc == LWP_OK)
		rc = red_units(p, b, r, err);
	if (rc == LWP_OK)
		rc = red_apart(p, b, r, err);
	if (rc == LWP_OK) {
		red_groups(p, b, current, r);
		rc = red_categories(p, b, r);
	}
	if (rc == LWP_ENOMEM)
		lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	return rc;
}

/* ---- solving ---- */

static int run_searches(struct split_red *r, const struct split_problem *p, int *g,
			int *proven, struct split_stats *st, struct lwp_error *err)
{
	double value = 0.0;
	int rc, table = p->exact == SPLIT_EXACT_AUTO && split_table_fits(r);

	rc = split_branch_and_bound(r, 1, g, &value, st);
	if (rc < 0)
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	if (rc == SPLIT_BB_DONE)
		return lwp_fail(err, LWP_EINVAL, NULL, "infeasible: the rules cannot all be met");
	if (rc == SPLIT_BB_STOPPED && !table)
		return lwp_fail(err, LWP_EINVAL, NULL,
				"infeasible: no assignment meeting the rules was found");
	if (rc == SPLIT_BB_STOPPED)
		value = -INFINITY;
	else if (p->exact != SPLIT_EXACT_BB_ALONE && split_local_search(r, g, &value, st) != 0)
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	if (table) {
		rc = split_table_solve(r, g, &value, st);
		if (rc < 0)
			return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
		if (rc == 0)
			return lwp_fail(err, LWP_EINVAL, NULL, "infeasible: the rules cannot all be met");
		*proven = 1;
		return LWP_OK;
	}
	*proven = 0;
	if (p->exact != SPLIT_EXACT_NONE && (r->nu <= SPLIT_EXACT_MAX_NU || p->max_nodes > 0)) {
		rc = split_branch_and_bound(r, 0, g, &value, st);
		if (rc < 0)
			return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
		*proven = rc == SPLIT_BB_DONE;
	}
	return LWP_OK;
}

static int collect_moves(const struct split_problem *p, const int *current,
			 struct split_result *out)
{
	int i, cnt = 0;

	for (i = 0; i < p->n; i++)
		cnt += current[i] != out->group[i];
	out->moves = calloc((size_t)cnt + 1, sizeof(*out->moves));
	if (out->moves == NULL)
		return LWP_ENOMEM;
	for (i = 0; i < p->n; i++) {
		if (current[i] == out->group[i])
			continue;
		out->moves[out->nmoves].element = i;
		out->moves[out->nmoves].from = current[i];
		out->moves[out->nmoves].to = out->group[i];
		out->nmoves++;
	}
	return LWP_OK;
}

static int solve_common(const struct split_problem *p, const int *current,
			struct split_result *out, struct lwp_error *err)
{
	struct split_red r;
	struct build b;
	struct split_stats st;
	double t0 = split_now(), secs;
	int rc, i, *g = NULL;

	memset(&b, 0, sizeof(b));
	memset(&st, 0, sizeof(st));
	rc = red_build(p, current, &b, &r, err);
	if (rc != LWP_OK)
		goto fail;
	secs = p->seconds > 0.0 ? p->seconds : SPLIT_DEFAULT_SECONDS;
	r.t_end = t0 + (secs < SPLIT_MAX_SECONDS ? secs : SPLIT_MAX_SECONDS);
	r.seed = p->seed;
	r.max_nodes = p->max_nodes;
	r.max_iterations = p->max_iterations;
	g = malloc((size_t)r.nu * sizeof(int));
	out->group = malloc((size_t)p->n * sizeof(int));
	if (g == NULL || out->group == NULL) {
		rc = lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	rc = run_searches(&r, p, g, &out->proven, &st, err);
	if (rc != LWP_OK)
		goto fail;
	for (i = 0; i < p->n; i++)
		out->group[i] = g[b.unit_of[i]];
	out->value = split_value(p, out->group);
	if (current && collect_moves(p, current, out) != LWP_OK) {
		rc = lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	out->timed_out = st.timed_out;
	out->nodes = st.nodes;
	out->iterations = st.iterations;
	out->seconds = split_now() - t0;
	free(g);
	red_free(&r);
	build_free(&b);
	return LWP_OK;
fail:
	free(g);
	red_free(&r);
	build_free(&b);
	split_result_free(out);
	return rc;
}

int split_solve(const struct split_problem *p, struct split_result *out,
		struct lwp_error *err)
{
	int rc;

	if (out == NULL)
		return lwp_fail(err, LWP_EINVAL, NULL, "no result");
	memset(out, 0, sizeof(*out));
	rc = check_problem(p, err);
	return rc != LWP_OK ? rc : solve_common(p, NULL, out, err);
}

int split_rebalance(const struct split_problem *p, const int *current,
		    struct split_result *out, struct lwp_error *err)
{
	int rc, i;

	if (out == NULL)
		return lwp_fail(err, LWP_EINVAL, NULL, "no result");
	memset(out, 0, sizeof(*out));
	rc = check_problem(p, err);
	if (rc != LWP_OK)
		return rc;
	if (current == NULL)
		return lwp_fail(err, LWP_EINVAL, "current", "no current assignment");
	for (i = 0; i < p->n; i++)
		if (current[i] < -1 || current[i] >= p->k)
			return lwp_fail(err, LWP_EINVAL, "current", "current group out of range");
	return solve_common(p, current, out, err);
}

void split_result_free(struct split_result *r)
{
	if (r == NULL)
		return;
	free(r->group);
	free(r->moves);
	memset(r, 0, sizeof(*r));
}

/* ---- checking an assignment ---- */

static int check_sizes(const struct split_problem *p, const int *group, struct lwp_error *err)
{
	int *cnt = calloc((size_t)p->k, sizeof(int)), g, i, rc = LWP_OK;

	if (cnt == NULL)
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	for (i = 0; i < p->n; i++)
		cnt[group[i]]++;
	for (g = 0; g < p->k; g++)
		if (cnt[g] != (p->sizes ? p->sizes[g] : p->n / p->k + (g < p->n % p->k)))
			rc = lwp_fail(err, LWP_EINVAL, "sizes", "a group has the wrong size");
	free(cnt);
	return rc;
}

static int check_categories(const struct split_problem *p, const int *group,
			    struct lwp_error *err)
{
	int i, j, g;

	for (i = 0; p->category && i < p->n; i++) {
		int c = p->category[i], total = 0, *in = calloc((size_t)p->k, sizeof(int));

		if (in == NULL)
			return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
		for (j = 0; j < p->n && c >= 0; j++) {
			if (p->category[j] == c) {
				total++;
				in[group[j]]++;
			}
		}
		for (g = 0; g < p->k && c >= 0; g++) {
			long long size = p->sizes ? p->sizes[g] : p->n / p->k + (g < p->n % p->k);
			long long q = size * total;

			if (in[g] < q / p->n || in[g] > (q + p->n - 1) / p->n) {
				free(in);
				return lwp_fail(err, LWP_EINVAL, "category",
						"a category is not spread evenly");
			}
		}
		free(in);
	}
	return LWP_OK;
}

int split_check(const struct split_problem *p, const int *group, struct lwp_error *err)
{
	int rc = check_problem(p, err), i, j;

	if (rc != LWP_OK)
		return rc;
	if (group == NULL)
		return lwp_fail(err, LWP_EINVAL, "group", "no assignment");
	for (i = 0; i < p->n; i++)
		if (group[i] < 0 || group[i] >= p->k)
			return lwp_fail(err, LWP_EINVAL, "group", "group out of range");
	rc = check_sizes(p, group, err);
	if (rc != LWP_OK)
		return rc;
	for (i = 0; i < p->napart; i++)
		if (group[p->apart[2 * i]] == group[p->apart[2 * i + 1]])
			return lwp_fail(err, LWP_EINVAL, "apart", "a pair that must be apart is together");
	for (i = 0; i < p->n; i++) {
		if (p->fixed && p->fixed[i] >= 0 && group[i] != p->fixed[i])
			return lwp_fail(err, LWP_EINVAL, "fixed", "a fixed element is elsewhere");
		for (j = i + 1; p->together && p->together[i] >= 0 && j < p->n; j++)
			if (p->together[j] == p->together[i] && group[j] != group[i])
				return lwp_fail(err, LWP_EINVAL, "together", "a together set is split");
	}
	return check_categories(p, group, err);
}
