/* mdp_attr.c - the attribute bound of the selection's branch and bound: it uses what the
 * distance is made of (differing organisation, parent, kind, theme, tags) rather than the
 * matrix alone, and proves editions of 80 applicants where the matrix bounds cannot.
 *
 * With d(i, j) = sum_a w_a [v_ia != v_ja] + e(i, j), the value of a set of m items is
 *
 *   sum_a w_a (C(m, 2) - sum_v C(c_av, 2))  +  sum over pairs of e,
 *
 * c_av being how many of the set have value v of attribute a. The first part depends only
 * on the counts and is largest when they are as even as possible. At a node the counts of
 * the fixed-in and chosen items are known, and r more come from the free candidates, at
 * most as many per value as are free; adding them one by one to the least-filled value
 * that still has free candidates minimises sum_v C(c_av, 2) (C(c, 2) is convex, so this
 * greedy water-filling is exact for the separable problem). Taking the best counts for
 * every attribute on its own relaxes the fact that one item fixes all its values at once,
 * so the sum is an upper bound. The second part is bounded as the matrix bound does it:
 * what is fixed, plus the best r of (e to the chosen + half the r - 1 largest e to other
 * free candidates). When e is zero everywhere (distances made of attributes only) it is
 * skipped.
 *
 * When that does not cut, a Lagrangian relaxation couples the attributes: the choice x is
 * copied once per attribute (x^a = x), the copies are priced apart with multipliers lam^a,
 * and for any multipliers
 *   min penalty >= sum_a min_{x^a} (w_a sum_v C(c_av, 2) + lam^a x^a) + min_x (-sum_a lam^a x)
 * (penalty = sum_a w_a sum_v C(c_av, 2), to be minimised). Each attribute's part is solved
 * exactly by taking the r smallest marginal costs (within a value the j-th cheapest item
 * costs w_a (c_v + j) + lam more, increasing in j), the linking part by the r largest
 * sum_a lam within the group caps. Subgradient steps (Polyak, towards the penalty that
 * would cut the node) raise the bound; the multipliers stay from node to node as a warm
 * start. Its limit is the LP bound of the attribute model (glpsol's attr model in
 * bench/mdp_glpk_model.py). The bound only cuts nodes; it never changes which set is optimal.
 */
#include "solve/mdp.h"
#include "solve/mdp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void mdp_attr_free(struct mdp_red *r)
{
	struct mdp_red_attr *a = r->attr;

	if (a == NULL)
		return;
	free(a->voff);
	free(a->cval);
	free(a->fixcnt);
	free(a->w);
	free(a->e);
	free(a->elin);
	free(a);
	r->attr = NULL;
}

/* Dense value numbers of attribute t for all n items into dense[]; returns the count. */
static int dense_values(const struct mdp_attributes *at, int n, int t, int *dense, int *tmp)
{
	int i, j, nv = 0;

	for (i = 0; i < n; i++) {
		int v = at->value[(size_t)i * (size_t)at->count + (size_t)t];

		dense[i] = -1;
		tmp[i] = v;
		if (v < 0) {
			dense[i] = nv++;
			continue;
		}
		for (j = 0; j < i && dense[i] < 0; j++) /* tmp[j]: item j's raw value */
			if (tmp[j] == v)
				dense[i] = dense[j];
		if (dense[i] < 0)
			dense[i] = nv++;
	}
	return nv;
}

static int attr_alloc(struct mdp_red_attr *a, int n, int nc, int na)
{
	a->na = na;
	a->voff = calloc((size_t)na + 1, sizeof(int));
	a->cval = malloc(((size_t)nc * (size_t)na + 1) * sizeof(int));
	a->w = malloc(((size_t)na + 1) * sizeof(double));
	a->e = calloc((size_t)nc * (size_t)nc + 1, sizeof(double));
	a->elin = calloc((size_t)nc + 1, sizeof(double));
	a->fixcnt = calloc((size_t)n * (size_t)na + 1, sizeof(int));
	return a->voff && a->cval && a->w && a->e && a->elin && a->fixcnt ? MDP_OK : MDP_ENOMEM;
}

/* Value numbers per item (n * na, global), the fixed-in counts, the candidates' values. */
static int attr_values(const struct mdp_problem *p, const struct mdp_red *r,
		       struct mdp_red_attr *a, const int *fixed, int nfix, int *val)
{
	int *dense = malloc(((size_t)p->n + 1) * sizeof(int));
	int *tmp = malloc(((size_t)p->n + 1) * sizeof(int));
	int t, i, c;

	if (dense == NULL || tmp == NULL) {
		free(dense);
		free(tmp);
		return MDP_ENOMEM;
	}
	for (t = 0; t < a->na; t++) {
		int nv = dense_values(p->attr, p->n, t, dense, tmp);

		a->voff[t + 1] = a->voff[t] + nv;
		for (i = 0; i < p->n; i++)
			val[(size_t)i * (size_t)a->na + (size_t)t] = a->voff[t] + dense[i];
		a->w[t] = p->attr->weight[t];
	}
	a->nvt = a->voff[a->na];
	for (i = 0; i < nfix; i++)
		for (t = 0; t < a->na; t++)
			a->fixcnt[val[(size_t)fixed[i] * (size_t)a->na + (size_t)t]]++;
	for (c = 0; c < r->nc; c++)
		for (t = 0; t < a->na; t++)
			a->cval[(size_t)c * (size_t)a->na + (size_t)t] =
				val[(size_t)r->orig[c] * (size_t)a->na + (size_t)t];
	free(dense);
	free(tmp);
	return MDP_OK;
}

/* The categorical part of d(i, j) from the value numbers. */
static double cat_dist(const struct mdp_red_attr *a, const int *vi, const int *vj)
{
	double s = 0.0;
	int t;

	for (t = 0; t < a->na; t++)
		s += vi[t] != vj[t] ? a->w[t] : 0.0;
	return s;
}

/* The rest e = d - categorical part, among candidates, to and among fixed-in items. */
static void attr_rest(const struct mdp_problem *p, const struct mdp_red *r,
		      struct mdp_red_attr *a, const int *fixed, int nfix, const int *val)
{
	size_t na = (size_t)a->na, n = (size_t)p->n;
	int c, b;

	a->ezero = 1;
	for (c = 0; c < r->nc; c++) {
		size_t oc = (size_t)r->orig[c];

		for (b = 0; b < r->nc; b++) {
			size_t ob = (size_t)r->orig[b];
			double e = b == c ? 0.0 : p->dist[oc * n + ob] - cat_dist(a, val + oc * na, val + ob * na);

			a->e[(size_t)c * (size_t)r->nc + (size_t)b] = e;
			if (e > 1e-12 || e < -1e-12)
				a->ezero = 0;
		}
		for (b = 0; b < nfix; b++)
			a->elin[c] += p->dist[oc * n + (size_t)fixed[b]] -
				      cat_dist(a, val + oc * na, val + (size_t)fixed[b] * na);
		if (a->elin[c] > 1e-12 || a->elin[c] < -1e-12)
			a->ezero = 0;
	}
	for (c = 0; c < nfix; c++)
		for (b = c + 1; b < nfix; b++)
			a->ebase += p->dist[(size_t)fixed[c] * n + (size_t)fixed[b]] -
				    cat_dist(a, val + (size_t)fixed[c] * na, val + (size_t)fixed[b] * na);
	if (a->ebase > 1e-12 || a->ebase < -1e-12)
		a->ezero = 0;
	a->nfixed = nfix;
}

int mdp_attr_build(const struct mdp_problem *p, struct mdp_red *r, const int *fixed, int nfix)
{
	const struct mdp_attributes *at = p->attr;
	struct mdp_red_attr *a;
	int *val, rc, t;

	if (at == NULL)
		return MDP_OK;
	if (at->count < 1 || at->count > 64 || at->value == NULL || at->weight == NULL)
		return MDP_EINVAL;
	for (t = 0; t < at->count; t++)
		if (!(at->weight[t] >= 0.0) || at->weight[t] > 1e12)
			return MDP_EINVAL;
	a = calloc(1, sizeof(*a));
	val = malloc(((size_t)p->n * (size_t)at->count + 1) * sizeof(int));
	r->attr = a;
	rc = a == NULL || val == NULL ? MDP_ENOMEM : attr_alloc(a, p->n, r->nc, at->count);
	if (rc == MDP_OK)
		rc = attr_values(p, r, a, fixed, nfix, val);
	if (rc == MDP_OK)
		attr_rest(p, r, a, fixed, nfix, val);
	free(val);
	if (rc != MDP_OK)
		mdp_attr_free(r);
	return rc;
}

/* ---- the node state of the branch and bound ---- */

void mdp_attr_node_free(struct mdp_attr_node *s)
{
	free(s->cnt);
	free(s->nfree);
	free(s->ae);
	free(s->enbr);
	free(s->key);
	free(s->idx);
	free(s->tmp);
	free(s->lam);
	free(s->marg);
	free(s->xa);
	free(s->x0);
	free(s->left);
	free(s->bucket);
	free(s->fill);
	memset(s, 0, sizeof(*s));
}

int mdp_attr_node_init(struct mdp_attr_node *s, const struct mdp_red *r)
{
	const struct mdp_red_attr *a = r->attr;
	size_t nc = (size_t)r->nc;
	int c, t, j;

	memset(s, 0, sizeof(*s));
	s->r = r;
	s->cnt = malloc(((size_t)a->nvt + 1) * sizeof(int));
	s->nfree = calloc((size_t)a->nvt + 1, sizeof(int));
	s->ae = malloc((nc + 1) * sizeof(double));
	s->enbr = malloc((nc * nc + 1) * sizeof(int));
	s->key = malloc((nc + 1) * sizeof(double));
	s->idx = malloc((nc + 1) * sizeof(int));
	s->tmp = malloc((nc + 1) * sizeof(int));
	s->lam = calloc(nc * (size_t)a->na + 1, sizeof(double));
	s->marg = malloc((nc + 1) * sizeof(double));
	s->xa = malloc(nc * (size_t)a->na + 1);
	s->x0 = malloc(nc + 1);
	s->left = malloc(((size_t)r->ng + 1) * sizeof(int));
	s->bucket = malloc((nc + (size_t)a->nvt + 2) * sizeof(int));
	s->fill = malloc(((size_t)a->nvt + 1) * sizeof(int));
	if (!s->cnt || !s->nfree || !s->ae || !s->enbr || !s->key || !s->idx || !s->tmp ||
	    !s->lam || !s->marg || !s->xa || !s->x0 || !s->left || !s->bucket || !s->fill)
		return MDP_ENOMEM;
	memcpy(s->cnt, a->fixcnt, (size_t)a->nvt * sizeof(int));
	s->fe = a->ebase;
	for (c = 0; c < r->nc; c++) {
		int *nb = s->enbr + (size_t)c * (nc - 1), cnt = 0;

		for (t = 0; t < a->na; t++)
			s->nfree[a->cval[(size_t)c * (size_t)a->na + (size_t)t]]++;
		s->ae[c] = a->elin[c];
		for (j = 0; j < r->nc; j++)
			if (j != c)
				nb[cnt++] = j;
		if (!a->ezero)
			mdp_sort_desc(nb, cnt, a->e + (size_t)c * nc, s->tmp);
	}
	return MDP_OK;
}

void mdp_attr_node_set(struct mdp_attr_node *s, int c, int in, int undo)
{
	const struct mdp_red_attr *a = s->r->attr;
	const int *cv = a->cval + (size_t)c * (size_t)a->na;
	const double *row = a->e + (size_t)c * (size_t)s->r->nc;
	int t, w, sign = undo ? -1 : 1;

	for (t = 0; t < a->na; t++) {
		s->nfree[cv[t]] -= sign;
		if (in)
			s->cnt[cv[t]] += sign;
	}
	if (!in || a->ezero)
		return;
	if (undo) {
		for (w = 0; w < s->r->nc; w++)
			s->ae[w] -= row[w];
		s->fe -= s->ae[c];
	} else {
		s->fe += s->ae[c];
		for (w = 0; w < s->r->nc; w++)
			s->ae[w] += row[w];
	}
}

/* sum_v C(c_v, 2) of attribute t after adding r items, least-filled value first. */
static double fill_pairs(const struct mdp_attr_node *s, int t, int r)
{
	const struct mdp_red_attr *a = s->r->attr;
	int lo = a->voff[t], hi = a->voff[t + 1], v, i, left = r;
	double pairs = 0.0;

	for (i = 0; i < r; i++) {
		int best = -1;

		for (v = lo; v < hi; v++)
			if (s->nfree[v] > 0 && (best < 0 || s->cnt[v] < s->cnt[best]))
				best = v;
		if (best < 0)
			break;
		s->cnt[best]++;
		s->nfree[best]--;
		s->idx[i] = best;
		left--;
	}
	for (v = lo; v < hi; v++)
		pairs += 0.5 * (double)s->cnt[v] * (double)(s->cnt[v] - 1);
	for (i = r - left - 1; i >= 0; i--) {
		s->cnt[s->idx[i]]--;
		s->nfree[s->idx[i]]++;
	}
	return pairs;
}

/* Sum of the cnt largest e from c to other free candidates. */
static double top_rest(const struct mdp_attr_node *s, const unsigned char *state, int c, int cnt)
{
	const int *nb = s->enbr + (size_t)c * (size_t)(s->r->nc - 1);
	const double *row = s->r->attr->e + (size_t)c * (size_t)s->r->nc;
	double sum = 0.0;
	int i, got = 0;

	for (i = 0; i < s->r->nc - 1 && got < cnt; i++)
		if (state[nb[i]] == 0) {
			sum += row[nb[i]];
			got++;
		}
	return sum;
}

static double rest_bound(struct mdp_attr_node *s, const unsigned char *state, int r)
{
	int c, nf = 0, i;
	double sum = s->fe;

	if (s->r->attr->ezero || r <= 0)
		return s->r->attr->ezero ? 0.0 : s->fe;
	for (c = 0; c < s->r->nc; c++) {
		if (state[c] != 0)
			continue;
		s->key[c] = s->ae[c] + 0.5 * top_rest(s, state, c, r - 1);
		s->idx[nf++] = c;
	}
	mdp_sort_desc(s->idx, nf, s->key, s->tmp);
	for (i = 0; i < r && i < nf; i++)
		sum += s->key[s->idx[i]];
	return sum;
}

/* ---- the Lagrangian relaxation ---- */

/*
 * Subproblem of attribute t: choose r free candidates minimising
 * w_t sum_v C(c_v, 2) + sum lam_i. Within a value the j-th cheapest (by lam) costs
 * w_t (c_v + j) + lam more, increasing in j, so the r smallest such marginals are optimal.
 * Marks the choice in xa and returns its cost.
 */
static double sub_attr(struct mdp_attr_node *s, const unsigned char *state, int t, int r)
{
	const struct mdp_red_attr *a = s->r->attr;
	const double *lam = s->lam + (size_t)t * (size_t)s->r->nc;
	unsigned char *x = s->xa + (size_t)t * (size_t)s->r->nc;
	int nc = s->r->nc, c, v, i, nf = 0, lo = a->voff[t], hi = a->voff[t + 1];
	int *start = s->bucket + nc, *fill = s->fill;
	double cost = 0.0;

	for (v = lo; v <= hi; v++)
		start[v - lo] = 0;
	for (c = 0; c < nc; c++)
		if (state[c] == 0)
			start[a->cval[(size_t)c * (size_t)a->na + (size_t)t] - lo + 1]++;
	for (v = lo; v < hi; v++)
		start[v - lo + 1] += start[v - lo];
	for (v = lo; v < hi; v++)
		fill[v - lo] = start[v - lo];
	for (c = 0; c < nc; c++) { /* bucket by value, each bucket by lam (insertion) */
		int b, j;

		x[c] = 0;
		if (state[c] != 0)
			continue;
		b = a->cval[(size_t)c * (size_t)a->na + (size_t)t] - lo;
		for (j = fill[b]++; j > start[b] && lam[s->bucket[j - 1]] > lam[c]; j--)
			s->bucket[j] = s->bucket[j - 1];
		s->bucket[j] = c;
	}
	for (v = lo; v < hi; v++) {
		double cv = (double)s->cnt[v];

		cost += a->w[t] * 0.5 * cv * (cv - 1.0);
		for (i = start[v - lo]; i < start[v - lo + 1]; i++) {
			int cc = s->bucket[i];

			s->marg[cc] = -(a->w[t] * (cv + (double)(i - start[v - lo])) + lam[cc]);
			s->idx[nf++] = cc;
		}
	}
	mdp_sort_desc(s->idx, nf, s->marg, s->tmp);
	for (i = 0; i < r && i < nf; i++) {
		x[s->idx[i]] = 1;
		cost -= s->marg[s->idx[i]];
	}
	return cost;
}

/* The linking subproblem: r free candidates within the caps, each costing -sum_t lam. */
static double sub_link(struct mdp_attr_node *s, const unsigned char *state, int r,
		       const int *cnt)
{
	const struct mdp_red *rd = s->r;
	int c, t, nf = 0, i, took = 0;
	double cost = 0.0;

	for (i = 0; i < rd->ng; i++)
		s->left[i] = rd->room[i] - cnt[i];
	for (c = 0; c < rd->nc; c++) {
		s->x0[c] = 0;
		if (state[c] != 0)
			continue;
		s->marg[c] = 0.0;
		for (t = 0; t < rd->attr->na; t++)
			s->marg[c] += s->lam[(size_t)t * (size_t)rd->nc + (size_t)c];
		s->idx[nf++] = c; /* cost -marg: the largest marg first */
	}
	mdp_sort_desc(s->idx, nf, s->marg, s->tmp);
	for (i = 0; i < nf && took < r; i++) {
		int cc = s->idx[i], g = rd->grp[cc];

		if (g >= 0 && s->left[g] <= 0)
			continue;
		if (g >= 0)
			s->left[g]--;
		s->x0[cc] = 1;
		cost -= s->marg[cc];
		took++;
	}
	return cost;
}

/* One subgradient step towards target; returns the squared norm of the subgradient. */
static double lagrange_step(struct mdp_attr_node *s, const unsigned char *state, double gap,
			    double theta)
{
	const struct mdp_red *rd = s->r;
	int t, c;
	double norm = 0.0, step;

	for (t = 0; t < rd->attr->na; t++)
		for (c = 0; c < rd->nc; c++)
			if (state[c] == 0) {
				double g = (double)s->xa[(size_t)t * (size_t)rd->nc + (size_t)c] - s->x0[c];

				norm += g * g;
			}
	if (norm == 0.0)
		return 0.0;
	step = theta * gap / norm;
	for (t = 0; t < rd->attr->na; t++)
		for (c = 0; c < rd->nc; c++)
			if (state[c] == 0)
				s->lam[(size_t)t * (size_t)rd->nc + (size_t)c] +=
					step * ((double)s->xa[(size_t)t * (size_t)rd->nc + (size_t)c] - s->x0[c]);
	return norm;
}

/*
 * The best lower bound on sum_t w_t sum_v C(c_v, 2) that the Lagrangian dual reaches in
 * iters subgradient steps (it starts from the multipliers the last node left: any
 * multipliers give a valid bound), stopping once it exceeds need.
 */
static double lagrange(struct mdp_attr_node *s, const unsigned char *state, int r,
		       const int *cnt, double need, double target, int iters)
{
	double best = -INFINITY, theta = 1.0;
	int it, t, stall = 0;

	for (it = 0; it < iters; it++) {
		double l = sub_link(s, state, r, cnt);

		for (t = 0; t < s->r->attr->na; t++)
			l += sub_attr(s, state, t, r);
		if (l > best + 1e-9) {
			best = l;
			stall = 0;
		} else if (++stall >= 4) {
			theta *= 0.5;
			stall = 0;
		}
		if (best > need || lagrange_step(s, state, target - l, theta) == 0.0)
			break;
	}
	return best;
}

double mdp_attr_node_bound(struct mdp_attr_node *s, const unsigned char *state, int r,
			   const int *cnt, double cut)
{
	const struct mdp_red_attr *a = s->r->attr;
	double m = (double)(a->nfixed + s->r->k), all = 0.5 * m * (m - 1.0), pen = 0.0;
	double top = 0.0, rest = rest_bound(s, state, r), need, l;
	int t;

	for (t = 0; t < a->na; t++) {
		top += a->w[t] * all;
		pen += a->w[t] * fill_pairs(s, t, r);
	}
	/* value = top - penalty + rest - base; cut when the penalty is above need */
	need = top + rest - s->r->base - cut;
	if (pen > need || r <= 0)
		return top - pen + rest - s->r->base;
	l = lagrange(s, state, r, cnt, need, need + (s->r->integral ? 1.0 : 1e-3 * (1.0 + need)),
		     s->calls++ == 0 ? 400 : 10);
	if (l > pen)
		pen = l;
	return top - pen + rest - s->r->base;
}
