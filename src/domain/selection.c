/*
 * Selection: distances, the call to the optimiser, and the explanations;
 * see selection.h for the formula.
 */
#include "domain/selection.h"
#include "core/error.h"
#include "solve/mdp.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

void selection_default_settings(struct selection_settings *s)
{
	s->w_org = 3;
	s->w_parent = 2;
	s->w_kind = 2;
	s->w_theme = 2;
	s->w_tags = 1;
	s->offer_days = 7;
}

int selection_settings_valid(const struct selection_settings *s)
{
	int w[] = {s->w_org, s->w_parent, s->w_kind, s->w_theme, s->w_tags};
	int sum = 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (w[i] < 0 || w[i] > WEIGHT_MAX)
			return LWP_EINVAL;
		sum += w[i];
	}
	return sum > 0 && s->offer_days >= OFFER_DAYS_MIN && s->offer_days <= OFFER_DAYS_MAX ? 0 : LWP_EINVAL;
}

/* Next tag of s (comma separated): its start and length without spaces,
 * compared case-insensitively. Returns the rest or NULL at the end. */
static const char *next_tag(const char *s, const char **start, size_t *len)
{
	while (s && *s) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t n = strcspn(s, ",");
		size_t k = n;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		if (k > 0) {
			*start = s;
			*len = k;
			return s + n;
		}
		s += n;
	}
	return NULL;
}

static int has_tag(const char *tags, const char *tag, size_t len)
{
	const char *t;
	size_t n;
	for (const char *p = next_tag(tags, &t, &n); p; p = next_tag(p, &t, &n))
		if (n == len && strncasecmp(t, tag, len) == 0)
			return 1;
	return 0;
}

/* 1 - Jaccard similarity of the tag sets (0 when both are empty). */
static double tag_distance(const char *a, const char *b)
{
	const char *t;
	size_t n;
	int na = 0, nb = 0, common = 0;
	for (const char *p = next_tag(a, &t, &n); p; p = next_tag(p, &t, &n)) {
		na++;
		common += has_tag(b, t, n);
	}
	for (const char *p = next_tag(b, &t, &n); p; p = next_tag(p, &t, &n))
		nb++;
	int all = na + nb - common;
	return all == 0 ? 0.0 : 1.0 - (double)common / all;
}

static int64_t parent_of(const struct candidate *c)
{
	return c->parent_id ? c->parent_id : c->org_id;
}

double selection_distance(const struct selection_settings *w, const struct candidate *a,
			  const struct candidate *b)
{
	return w->w_org * (a->org_id != b->org_id) +
	       w->w_parent * (parent_of(a) != parent_of(b)) +
	       w->w_kind * (a->kind != b->kind) +
	       w->w_theme * (a->theme != b->theme) +
	       w->w_tags * tag_distance(a->tags, b->tags);
}

/* Organisations numbered 0..k-1 in order of first appearance (the groups
 * of the optimiser's cap). */
static int *group_numbers(const struct candidate *c, int n)
{
	int *g = malloc(sizeof(int) * (size_t)(n ? n : 1));
	for (int i = 0; g && i < n; i++) {
		g[i] = i;
		for (int j = 0; j < i; j++) {
			if (c[j].org_id == c[i].org_id) {
				g[i] = g[j];
				break;
			}
		}
	}
	return g;
}

/* The attributes behind selection_distance, for the solver's exact bound (mdp.h):
 * organisation, parent, kind, theme and the tag set, each as the index of the first
 * candidate with the same value (a tag set is the same when its tag distance is 0). The
 * solver takes the rest of the tag term (partly overlapping sets) as a remainder. */
enum { SEL_NATTR = 5 };

static int same_value(const struct candidate *a, const struct candidate *b, int attr)
{
	switch (attr) {
	case 0: return a->org_id == b->org_id;
	case 1: return parent_of(a) == parent_of(b);
	case 2: return a->kind == b->kind;
	case 3: return a->theme == b->theme;
	default: return tag_distance(a->tags, b->tags) == 0.0;
	}
}

static int *attribute_ids(const struct candidate *c, int n)
{
	int *v = malloc(sizeof(int) * (size_t)(n ? n : 1) * SEL_NATTR);
	for (int i = 0; v && i < n; i++) {
		for (int a = 0; a < SEL_NATTR; a++) {
			int *id = &v[(size_t)i * SEL_NATTR + (size_t)a];
			*id = i;
			for (int j = 0; j < i && *id == i; j++)
				if (same_value(&c[i], &c[j], a))
					*id = v[(size_t)j * SEL_NATTR + (size_t)a];
		}
	}
	return v;
}

static double *distance_matrix(const struct candidate *c, int n, const struct selection_settings *w)
{
	double *d = malloc(sizeof(double) * (size_t)(n ? n : 1) * (size_t)(n ? n : 1));
	for (int i = 0; d && i < n; i++)
		for (int j = 0; j < n; j++)
			d[(size_t)i * (size_t)n + (size_t)j] = i == j ? 0.0 : selection_distance(w, &c[i], &c[j]);
	return d;
}

static double gain_to(const double *d, int n, const unsigned char *group, int i)
{
	double sum = 0;
	for (int j = 0; j < n; j++)
		if (group[j] && j != i)
			sum += d[(size_t)i * (size_t)n + (size_t)j];
	return sum;
}

static int count_in_org(const struct candidate *c, int n, const unsigned char *group, int i)
{
	int k = 0;
	for (int j = 0; j < n; j++)
		k += group[j] && j != i && c[j].org_id == c[i].org_id;
	return k;
}

/* The ADDS_* bits of chosen candidate i. */
static unsigned adds_of(const struct candidate *c, int n, const unsigned char *group, int i)
{
	unsigned adds = ADDS_ORGANISATION | ADDS_PARENT | ADDS_KIND | ADDS_THEME;
	for (int j = 0; j < n; j++) {
		if (!group[j] || j == i)
			continue;
		if (c[j].org_id == c[i].org_id)
			adds &= ~(unsigned)ADDS_ORGANISATION;
		if (parent_of(&c[j]) == parent_of(&c[i]))
			adds &= ~(unsigned)ADDS_PARENT;
		if (c[j].kind == c[i].kind)
			adds &= ~(unsigned)ADDS_KIND;
		if (c[j].theme == c[i].theme)
			adds &= ~(unsigned)ADDS_THEME;
	}
	return adds;
}

/* Rank the waiting list by what each would add to the chosen group, the
 * number shown beside the rank: largest first, equal ones in candidate
 * (application) order. The gains do not change while ranking, so they are
 * computed once (O(n^2)) and each rank is one scan of them: O(n^2) in all,
 * where recomputing them per rank was O(n^3) (2.5 s at n = 2,000). */
static void rank_waiting_list(const struct candidate *c, int n, const double *d,
			      const unsigned char *chosen, struct verdict *v)
{
	unsigned char *done = calloc((size_t)(n ? n : 1), 1);
	double *gain = malloc((size_t)(n ? n : 1) * sizeof(*gain));
	if (!done || !gain) {
		free(done);
		free(gain);
		return;
	}
	for (int i = 0; i < n; i++) {
		done[i] = chosen[i] || c[i].mark == MARK_EXCLUDE;
		gain[i] = done[i] ? 0 : gain_to(d, n, chosen, i);
	}
	for (int rank = 1;; rank++) {
		int best = -1;
		double best_gain = -1;
		for (int i = 0; i < n; i++) {
			if (!done[i] && gain[i] > best_gain + 1e-9) {
				best = i;
				best_gain = gain[i];
			}
		}
		if (best < 0)
			break;
		done[best] = 1;
		v[best].rank = rank;
	}
	free(gain);
	free(done);
}

/* For those not chosen: what they would add in place of the last one
 * chosen (the one who adds least), comparable with that one's contribution;
 * and why they are not in: the cap, adding no more than the last one, or
 * (only when must-include marks force a weaker group) the lead's marks. */
static int explain_others(const struct candidate *c, int n, const double *d,
			  const unsigned char *chosen, struct verdict *v, int org_cap,
			  double last_gain)
{
	int last = -1;
	for (int i = 0; i < n; i++)
		if (chosen[i] && (last < 0 || v[i].gain < v[last].gain - 1e-9))
			last = i;
	for (int i = 0; i < n; i++) {
		if (chosen[i])
			continue;
		v[i].gain = gain_to(d, n, chosen, i);
		v[i].adds = adds_of(c, n, chosen, i);
		v[i].replace_gain = v[i].gain - (last >= 0 ? d[(size_t)i * (size_t)n + (size_t)last] : 0);
		if (v[i].why == WHY_NOT_EXCLUDED)
			continue;
		if (org_cap > 0 && count_in_org(c, n, chosen, i) >= org_cap)
			v[i].why = WHY_NOT_CAP;
		else if (v[i].replace_gain > last_gain + 1e-9)
			v[i].why = WHY_NOT_MARKS;
		else
			v[i].why = WHY_NOT_GAIN;
	}
	return last;
}

static int solve(const struct candidate *c, int n, int places, int org_cap, const double *d,
		 const int *groups, const struct mdp_attributes *attr, int use_marks,
		 double seconds, struct mdp_result *res)
{
	unsigned char *in = calloc((size_t)(n ? n : 1), 1), *out = calloc((size_t)(n ? n : 1), 1);
	if (!in || !out) {
		free(in);
		free(out);
		return LWP_ENOMEM;
	}
	for (int i = 0; i < n; i++) {
		in[i] = c[i].accepted || (use_marks && c[i].mark == MARK_INCLUDE);
		out[i] = use_marks && c[i].mark == MARK_EXCLUDE && !c[i].accepted;
	}
	struct mdp_problem p = {
		.n = n, .m = places < n ? places : n, .dist = d, .group = groups,
		.group_cap = org_cap, .fixed_in = in, .fixed_out = out,
		.seconds = seconds, .seed = 20171115, .attr = attr,
	};
	int rc = mdp_solve(&p, res);
	free(in);
	free(out);
	return rc == MDP_OK ? 0 : rc == MDP_ENOMEM ? LWP_ENOMEM : LWP_EINVAL;
}

int selection_run(const struct candidate *c, int n, int places, int org_cap,
		  const struct selection_settings *w, double seconds, struct selection *out)
{
	memset(out, 0, sizeof(*out));
	out->n = n;
	out->verdicts = calloc((size_t)(n ? n : 1), sizeof(*out->verdicts));
	double *d = distance_matrix(c, n, w);
	int *groups = group_numbers(c, n);
	unsigned char *chosen = calloc((size_t)(n ? n : 1), 1);
	int *ids = attribute_ids(c, n);
	double weights[SEL_NATTR] = {w->w_org, w->w_parent, w->w_kind, w->w_theme, w->w_tags};
	struct mdp_attributes attr = {.count = SEL_NATTR, .value = ids, .weight = weights};
	struct mdp_result marked = {0}, plain = {0};
	int rc = out->verdicts && d && groups && chosen && ids ? 0 : LWP_ENOMEM;
	if (!rc && n > 0)
		rc = solve(c, n, places, org_cap, d, groups, &attr, 1, seconds, &marked);
	/* The diversity without the lead's marks: a second solve only when
	 * there are marks to leave out. */
	int marks = 0;
	for (int i = 0; i < n; i++)
		marks += c[i].mark != MARK_NONE;
	if (!rc && n > 0 && !marks)
		out->value_unmarked = marked.value;
	else if (!rc && n > 0 &&
		 solve(c, n, places, org_cap, d, groups, &attr, 0, seconds, &plain) == 0)
		out->value_unmarked = plain.value;
	for (int k = 0; !rc && k < marked.count; k++)
		chosen[marked.chosen[k]] = 1;
	out->last_gain = -1;
	for (int i = 0; !rc && i < n; i++) {
		struct verdict *v = &out->verdicts[i];
		v->chosen = chosen[i];
		if (chosen[i]) {
			v->gain = gain_to(d, n, chosen, i);
			v->adds = adds_of(c, n, chosen, i);
			if (out->last_gain < 0 || v->gain < out->last_gain)
				out->last_gain = v->gain;
			out->chosen_count++;
		} else if (c[i].mark == MARK_EXCLUDE) {
			v->why = WHY_NOT_EXCLUDED;
		}
	}
	if (!rc) {
		rank_waiting_list(c, n, d, chosen, out->verdicts);
		out->last = explain_others(c, n, d, chosen, out->verdicts, org_cap,
					   out->last_gain < 0 ? 0 : out->last_gain);
		out->value = marked.value;
		out->proven = marked.proven;
	}
	mdp_result_free(&marked);
	mdp_result_free(&plain);
	free(d);
	free(groups);
	free(ids);
	free(chosen);
	if (rc)
		selection_free(out);
	return rc;
}

void selection_free(struct selection *s)
{
	free(s->verdicts);
	s->verdicts = NULL;
}

void selection_describe(const struct candidate *c, int n, const unsigned char *group,
			const struct selection_settings *w, struct verdict *v)
{
	for (int i = 0; i < n; i++) {
		v[i].gain = 0;
		for (int j = 0; j < n; j++)
			if (group[j] && j != i)
				v[i].gain += selection_distance(w, &c[i], &c[j]);
		v[i].adds = adds_of(c, n, group, i);
	}
}

int selection_next_in_line(const struct candidate *c, const int *rank, int n,
			   const unsigned char *group, const unsigned char *eligible, int org_cap,
			   int *skipped, int max_skipped, int *nskipped)
{
	*nskipped = 0;
	for (;;) {
		int best = -1;
		for (int i = 0; i < n; i++) {
			if (group[i] || !eligible[i] || c[i].mark == MARK_EXCLUDE)
				continue;
			int seen = 0;
			for (int k = 0; k < *nskipped; k++)
				seen |= skipped[k] == i;
			if (seen)
				continue;
			if (best < 0 || (rank[i] > 0 && (rank[best] == 0 || rank[i] < rank[best])))
				best = i;
		}
		if (best < 0)
			return -1;
		if (org_cap <= 0 || count_in_org(c, n, group, best) < org_cap)
			return best;
		if (*nskipped >= max_skipped)
			return -1;
		skipped[(*nskipped)++] = best;
	}
}
