/* mdp_exact.c - the branch and bound that proves a selection optimal (or improves it).
 * Used after the tabu search, for instances of at most a few hundred candidates.
 *
 * A node has chosen items (IN), dropped items (OUT) and FREE ones; r more must be chosen
 * from the nf free ones, t = nf - r of them dropped. With a[c] = lin[c] + d(c, IN) and
 * the free neighbours of c sorted by distance, two bounds hold for every completion:
 *
 *   choosing:  value <= v(IN) + best r of  a[c] + 1/2 (sum of the r-1 largest d(c, free))
 *   dropping:  value >= ... seen from the other side: taking all free items and removing
 *              t costs at least, for each removed c, a[c] + d(c, free) - 1/2 (sum of its
 *              t-1 largest d(c, free)), so value <= v(all) - cheapest t of those costs.
 *
 * The first is the classic bound of Martí, Gallego and Duarte; the second is the same
 * bound on the complement and is the tighter one when few items are to be dropped (20
 * places for 30 applicants). Group caps are respected in both: a partition matroid, so
 * the greedy best-r (and cheapest-t with a minimum per group) is exact for the bound.
 * From the same sorted lists each node also fixes items: one whose inclusion (exclusion)
 * alone brings the bound below the incumbent is dropped (chosen) without branching. When
 * every distance is a whole number a node is cut as soon as it cannot gain 1.
 * When the caller describes the attributes behind the distances, a third bound on the
 * attribute counts (mdp_attr.c) cuts nodes first; it is what proves editions of 80.
 */
#include "solve/mdp.h"
#include "solve/mdp_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef BB_DEFAULT_MAX_NODES
#define BB_DEFAULT_MAX_NODES 1000000LL
#endif
/* with the attribute bound a node costs some 50 microseconds: about a second of them */
#define BB_ATTR_MAX_NODES 20000LL
/* give up when the tree looks this many times larger than the budget */
#define BB_HOPELESS_FACTOR 2.0
#define BB_ESTIMATE_AFTER 20480

enum { ST_FREE = 0, ST_IN = 1, ST_OUT = 2 };
enum { NODE_DONE, NODE_FIXED, NODE_BRANCH };

struct bb {
	const struct mdp_red *r;
	struct mdp_stats *st;
	int nc, k, nin, nfree, ntrail;
	unsigned char *state;
	double *a, *dsum;   /* lin + d to IN; d to other FREE items */
	int *cnt, *gfree;   /* per group: IN, FREE */
	int *nbr;           /* per item, the others by distance, largest first */
	int *trail;
	double fs;          /* value of the IN items */
	int *best;
	double best_f;
	/* scratch of one node */
	int *fl, *ord, *tmp, *left;
	unsigned char *mark;
	double *u, *l, *negl, *bin, *bout;
	long long max_nodes, nodes0;
	double covered;      /* share of all sets ruled out so far */
	double share_in;     /* share of the include side at the last branching */
	int stop;
	int use_attr;
	long long attr_tries, attr_cuts;
	struct mdp_attr_node at; /* the attribute bound's counts (mdp_attr.c) */
};

static void bb_free(struct bb *b)
{
	free(b->state);
	free(b->a);
	free(b->dsum);
	free(b->cnt);
	free(b->gfree);
	free(b->nbr);
	free(b->trail);
	free(b->fl);
	free(b->ord);
	free(b->tmp);
	free(b->left);
	free(b->mark);
	free(b->u);
	free(b->l);
	free(b->negl);
	free(b->bin);
	free(b->bout);
	if (b->use_attr)
		mdp_attr_node_free(&b->at);
}

static void *bb_alloc(size_t count, size_t size, int *failed)
{
	void *p = calloc(count + 1, size);

	if (p == NULL)
		*failed = 1;
	return p;
}

static int bb_alloc_all(struct bb *b)
{
	size_t nc = (size_t)b->nc, ng = (size_t)b->r->ng;
	int failed = 0;

	b->state = bb_alloc(nc, sizeof(*b->state), &failed);
	b->a = bb_alloc(nc, sizeof(*b->a), &failed);
	b->dsum = bb_alloc(nc, sizeof(*b->dsum), &failed);
	b->cnt = bb_alloc(ng, sizeof(*b->cnt), &failed);
	b->gfree = bb_alloc(ng, sizeof(*b->gfree), &failed);
	b->nbr = bb_alloc(nc * nc, sizeof(*b->nbr), &failed);
	b->trail = bb_alloc(nc, sizeof(*b->trail), &failed);
	b->fl = bb_alloc(nc, sizeof(*b->fl), &failed);
	b->ord = bb_alloc(nc, sizeof(*b->ord), &failed);
	b->tmp = bb_alloc(nc, sizeof(*b->tmp), &failed);
	b->left = bb_alloc(ng, sizeof(*b->left), &failed);
	b->mark = bb_alloc(nc, sizeof(*b->mark), &failed);
	b->u = bb_alloc(nc, sizeof(*b->u), &failed);
	b->l = bb_alloc(nc, sizeof(*b->l), &failed);
	b->negl = bb_alloc(nc, sizeof(*b->negl), &failed);
	b->bin = bb_alloc(nc, sizeof(*b->bin), &failed);
	b->bout = bb_alloc(nc, sizeof(*b->bout), &failed);
	return failed ? MDP_ENOMEM : MDP_OK;
}

/* Start with everything free; sort every item's neighbours by distance. */
static int bb_init(struct bb *b, const struct mdp_red *r, struct mdp_stats *st)
{
	int c, j, rc;

	memset(b, 0, sizeof(*b));
	b->r = r;
	b->st = st;
	b->nc = r->nc;
	b->k = r->k;
	b->nfree = r->nc;
	b->max_nodes = r->max_nodes > 0 ? r->max_nodes
			: r->attr != NULL ? BB_ATTR_MAX_NODES : BB_DEFAULT_MAX_NODES;
	b->nodes0 = st->nodes;
	rc = bb_alloc_all(b);
	if (rc == MDP_OK && r->attr != NULL) {
		b->use_attr = 1;
		rc = mdp_attr_node_init(&b->at, r);
	}
	if (rc != MDP_OK)
		return rc;
	for (c = 0; c < b->nc; c++) {
		const double *row = r->d + (size_t)c * (size_t)b->nc;
		int *nb = b->nbr + (size_t)c * (size_t)(b->nc - 1), cnt = 0;

		b->a[c] = r->lin[c];
		for (j = 0; j < b->nc; j++) {
			b->dsum[c] += row[j];
			if (j != c)
				nb[cnt++] = j;
		}
		mdp_sort_desc(nb, cnt, row, b->tmp);
		if (r->grp[c] >= 0)
			b->gfree[r->grp[c]]++;
	}
	return MDP_OK;
}

/* The smallest value a completion must reach to be worth finding. */
static double bb_cut(const struct bb *b)
{
	if (b->r->integral)
		return b->best_f + 1.0 - 1e-6;
	return b->best_f + 1e-9 * (1.0 + fabs(b->best_f));
}

static void bb_exclude(struct bb *b, int c)
{
	const double *row = b->r->d + (size_t)c * (size_t)b->nc;
	int w;

	b->state[c] = ST_OUT;
	b->trail[b->ntrail++] = c;
	if (b->use_attr)
		mdp_attr_node_set(&b->at, c, 0, 0);
	b->nfree--;
	if (b->r->grp[c] >= 0)
		b->gfree[b->r->grp[c]]--;
	for (w = 0; w < b->nc; w++)
		b->dsum[w] -= row[w];
}

static void bb_include(struct bb *b, int c)
{
	const double *row = b->r->d + (size_t)c * (size_t)b->nc;
	int w, g = b->r->grp[c];

	b->state[c] = ST_IN;
	b->trail[b->ntrail++] = c;
	if (b->use_attr)
		mdp_attr_node_set(&b->at, c, 1, 0);
	b->nfree--;
	b->nin++;
	b->fs += b->a[c];
	for (w = 0; w < b->nc; w++) {
		b->a[w] += row[w];
		b->dsum[w] -= row[w];
	}
	if (g < 0)
		return;
	b->gfree[g]--;
	if (++b->cnt[g] < b->r->room[g])
		return;
	for (w = 0; w < b->nc; w++) /* the group is full: drop its free items */
		if (b->state[w] == ST_FREE && b->r->grp[w] == g)
			bb_exclude(b, w);
}

/* Undo the changes on the trail back to mark. */
static void bb_undo(struct bb *b, int mark)
{
	while (b->ntrail > mark) {
		int c = b->trail[--b->ntrail], w, g = b->r->grp[c];
		const double *row = b->r->d + (size_t)c * (size_t)b->nc;

		if (b->use_attr)
			mdp_attr_node_set(&b->at, c, b->state[c] == ST_IN, 1);
		if (b->state[c] == ST_IN) {
			for (w = 0; w < b->nc; w++) {
				b->a[w] -= row[w];
				b->dsum[w] += row[w];
			}
			b->fs -= b->a[c];
			b->nin--;
			if (g >= 0)
				b->cnt[g]--;
		} else {
			for (w = 0; w < b->nc; w++)
				b->dsum[w] += row[w];
		}
		if (g >= 0)
			b->gfree[g]++;
		b->nfree++;
		b->state[c] = ST_FREE;
	}
}

/* A complete set of value v: the IN items, plus the free ones when all is set. */
static void bb_leaf(struct bb *b, double v, int take_free)
{
	int c, cnt = 0;

	if (v <= b->best_f + (b->r->integral ? 0.5 : 1e-9 * (1.0 + fabs(b->best_f))))
		return;
	for (c = 0; c < b->nc && cnt < b->k; c++)
		if (b->state[c] == ST_IN || (take_free && b->state[c] == ST_FREE))
			b->best[cnt++] = c;
	b->best_f = mdp_red_value(b->r, b->best, b->k);
}

/* How many free items the caps still allow to choose. */
static int bb_choosable(const struct bb *b)
{
	int g, total = b->nfree;

	for (g = 0; g < b->r->ng; g++) {
		int room = b->r->room[g] - b->cnt[g];

		if (b->gfree[g] > room)
			total -= b->gfree[g] - room;
	}
	return total;
}

/* Sum of the cnt largest (from the top) or smallest distances from c to other free items. */
static double bb_scan(const struct bb *b, int c, int cnt, int from_top)
{
	const int *nb = b->nbr + (size_t)c * (size_t)(b->nc - 1);
	const double *row = b->r->d + (size_t)c * (size_t)b->nc;
	int i = from_top ? 0 : b->nc - 2, step = from_top ? 1 : -1, got = 0;
	double s = 0.0;

	for (; got < cnt; i += step) {
		if (b->state[nb[i]] == ST_FREE) {
			s += row[nb[i]];
			got++;
		}
	}
	return s;
}

/* u[c] (choosing) and l[c] (dropping) for each free item fl[0..nf). */
static void bb_item_bounds(struct bb *b, int nf, int r)
{
	int t = nf - r, lo = r < t ? r - 1 : t - 1, i;

	for (i = 0; i < nf; i++) {
		int c = b->fl[i];
		double top_lo = bb_scan(b, c, lo, 1);
		double top_hi = b->dsum[c] - bb_scan(b, c, nf - 1 - (r + t - 2 - lo), 0);
		double top_r = r - 1 == lo ? top_lo : top_hi;
		double top_t = r - 1 == lo ? top_hi : top_lo;

		b->u[c] = b->a[c] + 0.5 * top_r;
		b->l[c] = b->a[c] + b->dsum[c] - 0.5 * top_t;
		b->negl[c] = -b->l[c];
	}
}

/* Sum of the best r of key over ord[0..nf) (sorted best first) within the caps. */
static double bb_best_capped(struct bb *b, const double *key, int nf, int r)
{
	const struct mdp_red *rd = b->r;
	double s = 0.0;
	int g, i, took = 0;

	for (g = 0; g < rd->ng; g++)
		b->left[g] = rd->room[g] - b->cnt[g];
	for (i = 0; i < nf && took < r; i++) {
		int c = b->ord[i], gc = rd->grp[c];

		if (gc >= 0 && b->left[gc] <= 0)
			continue;
		if (gc >= 0)
			b->left[gc]--;
		s += key[c];
		took++;
	}
	return s;
}

/* Cheapest t drops over ord[0..nf) (sorted cheapest first), dropping enough per group. */
static double bb_drop_capped(struct bb *b, int nf, int t)
{
	const struct mdp_red *rd = b->r;
	double s = 0.0;
	int g, i, took = 0;

	for (g = 0; g < rd->ng; g++) {
		int room = rd->room[g] - b->cnt[g];

		b->left[g] = b->gfree[g] > room ? b->gfree[g] - room : 0;
	}
	for (i = 0; i < nf; i++) {
		int c = b->ord[i], gc = rd->grp[c];

		b->mark[c] = gc >= 0 && b->left[gc] > 0;
		if (b->mark[c]) {
			b->left[gc]--;
			s += b->l[c];
			took++;
		}
	}
	for (i = 0; i < nf && took < t; i++) {
		if (!b->mark[b->ord[i]]) {
			s += b->l[b->ord[i]];
			took++;
		}
	}
	return s;
}

/*
 * For each free item, bounds on the best completion with it chosen (bin) and with it
 * dropped (bout), from both sides; then mark[c] = 1 when it must be chosen, 2 when it must
 * be dropped, 3 when both (no completion reaches cut). ord must hold fl sorted by l
 * ascending on entry; on return it holds fl sorted by u descending.
 */
static void bb_forced(struct bb *b, int nf, int r, double total, double cut)
{
	int t = nf - r, i;
	double sum = 0.0, lt, lt1, ur, ur1;

	for (i = 0; i < t; i++)
		sum += b->l[b->ord[i]];
	lt = b->l[b->ord[t - 1]];
	lt1 = b->l[b->ord[t]];
	for (i = 0; i < nf; i++) {
		int c = b->ord[i];

		b->bin[c] = total - (i < t ? sum - b->l[c] + lt1 : sum);
		b->bout[c] = total - (i < t ? sum : sum - lt + b->l[c]);
	}
	memcpy(b->ord, b->fl, (size_t)nf * sizeof(*b->ord));
	mdp_sort_desc(b->ord, nf, b->u, b->tmp);
	sum = 0.0;
	for (i = 0; i < r; i++)
		sum += b->u[b->ord[i]];
	ur = b->u[b->ord[r - 1]];
	ur1 = b->u[b->ord[r]];
	for (i = 0; i < nf; i++) {
		int c = b->ord[i];
		double in = b->fs + (i < r ? sum : sum - ur + b->u[c]);
		double out = b->fs + (i < r ? sum - b->u[c] + ur1 : sum);

		b->bin[c] = in < b->bin[c] ? in : b->bin[c];
		b->bout[c] = out < b->bout[c] ? out : b->bout[c];
		b->mark[c] = (unsigned char)((b->bout[c] < cut) | ((b->bin[c] < cut) << 1));
	}
}

/* Apply the forced moves; NODE_DONE when they contradict each other or the caps. */
static int bb_apply_forced(struct bb *b, int nf)
{
	int i, any = 0;

	for (i = 0; i < nf; i++)
		if (b->mark[b->fl[i]] == 3)
			return NODE_DONE;
	for (i = 0; i < nf; i++) {
		int c = b->fl[i];

		if (b->mark[c] == 2 && b->state[c] == ST_FREE) {
			bb_exclude(b, c);
			any = 1;
		}
	}
	for (i = 0; i < nf; i++) {
		int c = b->fl[i];

		if (b->mark[c] != 1)
			continue;
		if (b->state[c] != ST_FREE || b->nin >= b->k)
			return NODE_DONE;
		bb_include(b, c);
		any = 1;
	}
	return any ? NODE_FIXED : NODE_BRANCH;
}

/*
 * Whether the attribute bound cuts the node. It costs more than the matrix bounds, so once
 * it has cut fewer than one node in 50 of its first 256 tries (the attributes explain the
 * distances badly), it is no longer asked; the counts keep runs repeatable.
 */
static int bb_attr_cuts(struct bb *b, int r, double cut)
{
	if (!b->use_attr || (b->attr_tries >= 256 && b->attr_cuts * 50 < b->attr_tries))
		return 0;
	b->attr_tries++;
	if (mdp_attr_node_bound(&b->at, b->state, r, b->cnt, cut) >= cut)
		return 0;
	b->attr_cuts++;
	return 1;
}

/* Bound the node; cut it, finish it, fix items, or name the item to branch on. */
static int bb_bound(struct bb *b, int *branch)
{
	int r = b->k - b->nin, nf = 0, c, i;
	double total = b->fs, ub1, ub2, cut = bb_cut(b);

	if (r <= 0) {
		if (r == 0)
			bb_leaf(b, b->fs, 0);
		return NODE_DONE;
	}
	if (bb_choosable(b) < r)
		return NODE_DONE;
	if (bb_attr_cuts(b, r, cut))
		return NODE_DONE;
	for (c = 0; c < b->nc; c++)
		if (b->state[c] == ST_FREE)
			b->fl[nf++] = c;
	for (i = 0; i < nf; i++)
		total += b->a[b->fl[i]] + 0.5 * b->dsum[b->fl[i]];
	if (nf <= r) { /* nf < r cannot happen after bb_choosable */
		if (nf == r)
			bb_leaf(b, total, 1);
		return NODE_DONE;
	}
	bb_item_bounds(b, nf, r);
	memcpy(b->ord, b->fl, (size_t)nf * sizeof(*b->ord));
	mdp_sort_desc(b->ord, nf, b->negl, b->tmp);
	ub2 = total - bb_drop_capped(b, nf, nf - r);
	if (ub2 < cut)
		return NODE_DONE;
	bb_forced(b, nf, r, total, cut);
	ub1 = b->fs + bb_best_capped(b, b->u, nf, r);
	if (ub1 < cut)
		return NODE_DONE;
	*branch = b->ord[0];
	b->share_in = (double)r / (double)nf;
	return bb_apply_forced(b, nf);
}

/*
 * Whether the tree is clearly too large for the node budget. Every finished subtree covers
 * a share of all the sets that could be chosen: a branching on an item with r of nf still
 * to choose gives the include side r/nf of its share and the exclude side the rest. From
 * the share covered so far the size of the whole tree is estimated (in the spirit of
 * Knuth's estimator), and the search gives up when that is well beyond the budget, rather
 * than spend all of it. It counts nodes, not time, so it keeps runs repeatable.
 */
static int bb_hopeless(const struct bb *b)
{
	long long nodes = b->st->nodes - b->nodes0;
	double factor = BB_HOPELESS_FACTOR;

	if (nodes < 2048 || (nodes & 1023) != 0)
		return 0;
	/* early estimates are rough: ask for a larger excess then */
	if (nodes < BB_ESTIMATE_AFTER)
		factor *= (double)BB_ESTIMATE_AFTER / (double)nodes;
	return b->covered * factor * (double)b->max_nodes < (double)nodes;
}

static int bb_should_stop(struct bb *b)
{
	if (b->stop)
		return 1;
	b->st->nodes++;
	if (b->st->nodes - b->nodes0 >= b->max_nodes || bb_hopeless(b)) {
		b->stop = 1;
	} else if ((b->st->nodes & 63) == 0 && mdp_now() >= b->r->t_end) {
		b->stop = 1;
		b->st->timed_out = 1;
	}
	return b->stop;
}

/* Search the subtree of the current node, which holds the share weight of all sets. */
static void bb_node(struct bb *b, double weight)
{
	int mark = b->ntrail, res = NODE_FIXED, c = -1, m2;
	double share;

	while (res == NODE_FIXED && !bb_should_stop(b))
		res = bb_bound(b, &c);
	if (res == NODE_BRANCH && !b->stop) {
		m2 = b->ntrail;
		bb_include(b, c);
		share = b->share_in;
		bb_node(b, share * weight);
		bb_undo(b, m2);
		if (!b->stop) {
			bb_exclude(b, c);
			bb_node(b, (1.0 - share) * weight);
			bb_undo(b, m2);
		}
	} else if (!b->stop) {
		b->covered += weight;
	}
	bb_undo(b, mark);
}

int mdp_branch_and_bound(const struct mdp_red *r, int *best, double *value, int *proven,
			 struct mdp_stats *st)
{
	struct bb b;
	int rc = bb_init(&b, r, st);

	*proven = 0;
	if (rc == MDP_OK) {
		b.best = best;
		b.best_f = *value;
		bb_node(&b, 1.0);
		*value = b.best_f;
		*proven = !b.stop;
	}
	bb_free(&b);
	return rc;
}
