/* mdp.c - entry point of the maximum diversity optimiser: checks the problem, folds the
 * fixed items and the group caps into a reduced problem, runs the metaheuristic and then,
 * when the instance is small enough, the branch and bound that proves optimality.
 *
 * Design. Fixed-in items are always chosen, so they leave the search: their pairwise sum
 * is a constant and their distances to a candidate become a linear term of it. Fixed-out
 * items simply vanish. What remains (mdp_internal.h) is "choose k of nc candidates,
 * maximise linear + pairwise terms, at most room[g] per group". The tabu-search memetic
 * algorithm (mdp_tabu.c) finds a very good set quickly; the branch and bound
 * (mdp_exact.c) starts from it and either proves it optimal or improves it. Both stop on
 * work limits first so that the same input gives the same output on any machine; the
 * time limit is only a safety net and is reported when it was hit.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "solve/mdp.h"
#include "solve/mdp_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MDP_DEFAULT_SECONDS 10.0
#define MDP_MAX_SECONDS 1e7
/* Above this many candidates the bound is too weak to prove anything: skip the exact part. */
#define MDP_EXACT_MAX_NC 200

double mdp_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t mdp_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int mdp_rand_below(uint64_t *state, int n)
{
	return (int)(((mdp_rand_next(state) >> 32) * (uint64_t)n) >> 32);
}

static int sort_before(const double *key, int a, int b)
{
	double ka = key[a], kb = key[b];

	return ka > kb || (ka == kb && a < b);
}

void mdp_sort_desc(int *idx, int cnt, const double *key, int *tmp)
{
	int width, lo, i, j, o, mid, hi;

	for (width = 1; width < cnt; width *= 2) {
		for (lo = 0; lo < cnt; lo += 2 * width) {
			mid = lo + width < cnt ? lo + width : cnt;
			hi = lo + 2 * width < cnt ? lo + 2 * width : cnt;
			i = lo;
			j = mid;
			o = lo;
			while (i < mid && j < hi)
				tmp[o++] = sort_before(key, idx[j], idx[i]) ? idx[j++] : idx[i++];
			while (i < mid)
				tmp[o++] = idx[i++];
			while (j < hi)
				tmp[o++] = idx[j++];
		}
		memcpy(idx, tmp, (size_t)cnt * sizeof(*idx));
	}
}

double mdp_red_value(const struct mdp_red *r, const int *set, int k)
{
	double v = 0.0;
	int a, b;

	for (a = 0; a < k; a++) {
		const double *row = r->d + (size_t)set[a] * (size_t)r->nc;

		v += r->lin[set[a]];
		for (b = a + 1; b < k; b++)
			v += row[set[b]];
	}
	return v;
}

double mdp_value(const struct mdp_problem *p, const int *set, int k)
{
	double v = 0.0;
	int a, b;

	for (a = 0; a < k; a++) {
		const double *row = p->dist + (size_t)set[a] * (size_t)p->n;

		for (b = a + 1; b < k; b++)
			v += row[set[b]];
	}
	return v;
}

double mdp_marginal_gain(const struct mdp_problem *p, const int *set, int k, int i)
{
	const double *row = p->dist + (size_t)i * (size_t)p->n;
	double v = 0.0;
	int a;

	for (a = 0; a < k; a++)
		if (set[a] != i)
			v += row[set[a]];
	return v;
}

const char *mdp_strerror(int code)
{
	switch (code) {
	case MDP_OK:
		return "success";
	case MDP_EINVAL:
		return "invalid problem";
	case MDP_EINFEASIBLE:
		return "fixed items cannot all be chosen (more than m, or above a group cap)";
	case MDP_ENOMEM:
		return "out of memory";
	case MDP_EPARSE:
		return "malformed instance";
	default:
		return "unknown error";
	}
}

static int flag(const unsigned char *f, int i)
{
	return f != NULL && f[i] != 0;
}

static int check_matrix(const struct mdp_problem *p)
{
	int i, j;

	for (i = 0; i < p->n; i++) {
		for (j = i + 1; j < p->n; j++) {
			double a = p->dist[(size_t)i * (size_t)p->n + (size_t)j];
			double b = p->dist[(size_t)j * (size_t)p->n + (size_t)i];

			if (!isfinite(a) || a < 0.0 || a != b)
				return MDP_EINVAL;
		}
	}
	return MDP_OK;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Group ids in use (by items that are not fixed out), sorted and unique, into *ids. */
static int collect_groups(const struct mdp_problem *p, int **ids, int *count)
{
	int i, c = 0, u = 0;

	*ids = NULL;
	*count = 0;
	if (p->group == NULL || p->group_cap == 0 || p->n == 0)
		return MDP_OK;
	*ids = malloc((size_t)p->n * sizeof(**ids));
	if (*ids == NULL)
		return MDP_ENOMEM;
	for (i = 0; i < p->n; i++)
		if (p->group[i] >= 0 && !flag(p->fixed_out, i))
			(*ids)[c++] = p->group[i];
	qsort(*ids, (size_t)c, sizeof(**ids), cmp_int);
	for (i = 0; i < c; i++)
		if (u == 0 || (*ids)[u - 1] != (*ids)[i])
			(*ids)[u++] = (*ids)[i];
	*count = u;
	return MDP_OK;
}

/* Index of gid in ids[0..cnt), or -1 when no cap applies to the item. */
static int group_index(const int *ids, int cnt, int gid)
{
	int lo = 0, hi = cnt - 1;

	if (gid < 0 || cnt == 0)
		return -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (ids[mid] == gid)
			return mid;
		if (ids[mid] < gid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Room per group for candidates, and how many candidates can be chosen at most.
 * Returns MDP_EINFEASIBLE when fixed-in items break m or a cap.
 */
static int count_room(const struct mdp_problem *p, const int *ids, int ng, int *room,
		      int *fixed, int *selectable)
{
	int i, g, nfix = 0, ungrouped = 0, *avail;

	avail = calloc((size_t)ng + 1, sizeof(*avail));
	if (avail == NULL)
		return MDP_ENOMEM;
	for (g = 0; g < ng; g++)
		room[g] = p->group_cap;
	for (i = 0; i < p->n; i++) {
		if (flag(p->fixed_out, i))
			continue;
		g = p->group != NULL ? group_index(ids, ng, p->group[i]) : -1;
		if (flag(p->fixed_in, i)) {
			nfix++;
			if (g >= 0)
				room[g]--;
		} else if (g >= 0) {
			avail[g]++;
		} else {
			ungrouped++;
		}
	}
	*selectable = ungrouped;
	for (g = 0; g < ng; g++) {
		if (room[g] < 0)
			nfix = INT_MAX;
		else
			*selectable += avail[g] < room[g] ? avail[g] : room[g];
	}
	free(avail);
	*fixed = nfix;
	return nfix > p->m ? MDP_EINFEASIBLE : MDP_OK;
}

static int check_basic(const struct mdp_problem *p)
{
	int i;

	if (p == NULL || p->n < 0 || p->n > MDP_MAX_N || p->m < 0 || p->group_cap < 0)
		return MDP_EINVAL;
	if (p->n > 0 && p->dist == NULL)
		return MDP_EINVAL;
	if (isnan(p->seconds) || p->max_nodes < 0 || p->max_iterations < 0)
		return MDP_EINVAL;
	for (i = 0; i < p->n; i++)
		if (flag(p->fixed_in, i) && flag(p->fixed_out, i))
			return MDP_EINFEASIBLE;
	return check_matrix(p);
}

int mdp_check(const struct mdp_problem *p, int *max_count)
{
	int rc, ng, *ids = NULL, *room = NULL, fixed = 0, sel = 0;

	rc = check_basic(p);
	if (rc != MDP_OK)
		return rc;
	rc = collect_groups(p, &ids, &ng);
	if (rc != MDP_OK)
		goto out;
	room = malloc(((size_t)ng + 1) * sizeof(*room));
	if (room == NULL) {
		rc = MDP_ENOMEM;
		goto out;
	}
	rc = count_room(p, ids, ng, room, &fixed, &sel);
	if (rc == MDP_OK && max_count != NULL)
		*max_count = fixed + sel < p->m ? fixed + sel : p->m;
out:
	free(ids);
	free(room);
	return rc;
}

static void red_free(struct mdp_red *r)
{
	mdp_attr_free(r);
	free(r->orig);
	free(r->d);
	free(r->lin);
	free(r->grp);
	free(r->room);
	memset(r, 0, sizeof(*r));
}

static int is_whole(double x)
{
	return x == floor(x) && fabs(x) < 1e15;
}

/* Fill r->d, r->lin, r->base, r->dmax, r->integral from p and r->orig. */
static void red_fill_values(const struct mdp_problem *p, struct mdp_red *r, const int *fixed,
			    int nfix)
{
	int a, b, n = p->n;

	r->integral = 1;
	r->dmax = 0.0;
	for (a = 0; a < r->nc; a++) {
		const double *row = p->dist + (size_t)r->orig[a] * (size_t)n;
		double *out = r->d + (size_t)a * (size_t)r->nc;

		r->lin[a] = 0.0;
		for (b = 0; b < nfix; b++)
			r->lin[a] += row[fixed[b]];
		for (b = 0; b < r->nc; b++) {
			out[b] = a == b ? 0.0 : row[r->orig[b]];
			if (out[b] > r->dmax)
				r->dmax = out[b];
			if (!is_whole(out[b]))
				r->integral = 0;
		}
		if (!is_whole(r->lin[a]))
			r->integral = 0;
	}
	r->base = mdp_value(p, fixed, nfix);
}

/* Build the reduced problem; fixed[0..*nfix) receives the fixed-in items. */
static int red_build(const struct mdp_problem *p, struct mdp_red *r, int *fixed, int *nfix)
{
	int rc, i, g, ng, *ids = NULL, nf = 0, sel = 0;
	size_t n = (size_t)p->n;

	memset(r, 0, sizeof(*r));
	rc = collect_groups(p, &ids, &ng);
	if (rc != MDP_OK)
		return rc;
	r->ng = ng;
	r->room = malloc(((size_t)ng + 1) * sizeof(*r->room));
	r->orig = malloc((n + 1) * sizeof(*r->orig));
	r->grp = malloc((n + 1) * sizeof(*r->grp));
	r->lin = malloc((n + 1) * sizeof(*r->lin));
	if (r->room == NULL || r->orig == NULL || r->grp == NULL || r->lin == NULL) {
		rc = MDP_ENOMEM;
		goto fail;
	}
	rc = count_room(p, ids, ng, r->room, &nf, &sel);
	if (rc != MDP_OK)
		goto fail;
	*nfix = 0;
	for (i = 0; i < p->n; i++) {
		if (flag(p->fixed_out, i))
			continue;
		if (flag(p->fixed_in, i)) {
			fixed[(*nfix)++] = i;
			continue;
		}
		g = p->group != NULL ? group_index(ids, ng, p->group[i]) : -1;
		if (g >= 0 && r->room[g] <= 0)
			continue; /* its group is full of fixed-in items */
		r->grp[r->nc] = g;
		r->orig[r->nc++] = i;
	}
	r->k = p->m - nf < sel ? p->m - nf : sel;
	r->d = malloc((size_t)r->nc * (size_t)r->nc * sizeof(*r->d) + 1);
	if (r->d == NULL) {
		rc = MDP_ENOMEM;
		goto fail;
	}
	red_fill_values(p, r, fixed, *nfix);
	rc = mdp_attr_build(p, r, fixed, *nfix);
	if (rc != MDP_OK)
		goto fail;
	free(ids);
	return MDP_OK;
fail:
	free(ids);
	red_free(r);
	return rc;
}

static void red_limits(const struct mdp_problem *p, struct mdp_red *r, double t0)
{
	double secs = p->seconds > 0.0 ? p->seconds : MDP_DEFAULT_SECONDS;

	if (secs > MDP_MAX_SECONDS)
		secs = MDP_MAX_SECONDS;
	r->t_end = t0 + secs;
	r->seed = p->seed;
	r->max_nodes = p->max_nodes;
	r->max_iterations = p->max_iterations;
}

/* Choose the candidates when there is nothing to search: none, or all of them. */
static int trivial_choice(const struct mdp_red *r, int *best)
{
	int c;

	if (r->k != 0 && r->k != r->nc)
		return 0;
	for (c = 0; c < r->k; c++)
		best[c] = c;
	return 1;
}

/* Search the reduced problem; best receives k candidate indexes. */
static int red_search(const struct mdp_red *r, double t0, int *best, int *proven,
		      struct mdp_stats *st)
{
	double value = 0.0, t_heur = r->t_end;
	int rc;

	if (trivial_choice(r, best)) {
		*proven = 1;
		return MDP_OK;
	}
	/* leave half of the time for the proof when one is possible */
	if (r->nc <= MDP_EXACT_MAX_NC)
		t_heur = t0 + 0.5 * (r->t_end - t0);
	rc = mdp_tabu_search(r, t_heur, best, &value, st);
	if (rc != MDP_OK || r->nc > MDP_EXACT_MAX_NC)
		return rc;
	return mdp_branch_and_bound(r, best, &value, proven, st);
}

static int result_fill(const struct mdp_problem *p, const struct mdp_red *r, const int *fixed,
		       int nfix, const int *best, struct mdp_result *out)
{
	int i;

	out->count = nfix + r->k;
	out->chosen = malloc(((size_t)out->count + 1) * sizeof(*out->chosen));
	if (out->chosen == NULL)
		return MDP_ENOMEM;
	for (i = 0; i < nfix; i++)
		out->chosen[i] = fixed[i];
	for (i = 0; i < r->k; i++)
		out->chosen[nfix + i] = r->orig[best[i]];
	qsort(out->chosen, (size_t)out->count, sizeof(*out->chosen), cmp_int);
	out->value = mdp_value(p, out->chosen, out->count);
	return MDP_OK;
}

int mdp_solve(const struct mdp_problem *p, struct mdp_result *out)
{
	struct mdp_red r;
	struct mdp_stats st = {0, 0, 0};
	int rc, nfix = 0, proven = 0, *fixed = NULL, *best = NULL;
	double t0 = mdp_now();

	if (out == NULL)
		return MDP_EINVAL;
	memset(out, 0, sizeof(*out));
	rc = check_basic(p);
	if (rc != MDP_OK)
		return rc;
	fixed = malloc(((size_t)p->n + 1) * sizeof(*fixed));
	if (fixed == NULL)
		return MDP_ENOMEM;
	rc = red_build(p, &r, fixed, &nfix);
	if (rc != MDP_OK)
		goto out;
	red_limits(p, &r, t0);
	best = malloc(((size_t)r.k + 1) * sizeof(*best));
	rc = best == NULL ? MDP_ENOMEM : red_search(&r, t0, best, &proven, &st);
	if (rc == MDP_OK)
		rc = result_fill(p, &r, fixed, nfix, best, out);
	out->proven = proven;
	out->timed_out = st.timed_out;
	out->iterations = st.iterations;
	out->nodes = st.nodes;
	out->seconds = mdp_now() - t0;
	red_free(&r);
out:
	free(best);
	free(fixed);
	if (rc != MDP_OK)
		mdp_result_free(out);
	return rc;
}

void mdp_result_free(struct mdp_result *r)
{
	if (r == NULL)
		return;
	free(r->chosen);
	memset(r, 0, sizeof(*r));
}
