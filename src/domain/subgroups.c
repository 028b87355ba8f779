/*
 * Subgroups: from participants and the lead's rules to a split problem,
 * and each group's spread. See subgroups.h. The distance is the
 * selection's, so a subgroup is diverse in what the selection was.
 */
#include "domain/subgroups.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void subgroup_default_settings(struct subgroup_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->k = 2;
	s->org_apart = 1;
	s->fix_colleagues = 0;
}

int subgroup_same_domain(const char *a, const char *b)
{
	const char *x = a ? strrchr(a, '@') : NULL, *y = b ? strrchr(b, '@') : NULL;
	if (!x || !y || !x[1])
		return 0;
	for (x++, y++; *x && *y; x++, y++)
		if (tolower((unsigned char)*x) != tolower((unsigned char)*y))
			return 0;
	return *x == *y;
}

static int index_of(const struct subgroup_input *in, int64_t id)
{
	for (int i = 0; i < in->n; i++)
		if (in->p[i].c.application_id == id)
			return i;
	return -1;
}

void subgroup_problem_free(struct subgroup_problem *p)
{
	free(p->dist);
	free(p->apart);
	free(p->together);
	free(p->fixed);
	free(p->sizes);
	memset(p, 0, sizeof(*p));
}

static int fail(struct lwp_error *err, const char *field, const char *msg)
{
	return lwp_fail(err, LWP_EINVAL, field, msg);
}

/* Union-find over the together rules: set ids are the root's index. */
static int find(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static int build_together(const struct subgroup_input *in, struct subgroup_problem *out)
{
	int n = in->n, any = 0;
	int *up = malloc((size_t)n * sizeof(*up));
	if (!up)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++)
		up[i] = i;
	for (int r = 0; r < in->nrules; r++) {
		int a = index_of(in, in->rules[r].a), b = index_of(in, in->rules[r].b);
		if (!in->rules[r].together || a < 0 || b < 0 || a == b)
			continue;
		up[find(up, a)] = find(up, b);
		any = 1;
	}
	if (any) {
		out->together = malloc((size_t)n * sizeof(int));
		if (!out->together) {
			free(up);
			return LWP_ENOMEM;
		}
		int *count = calloc((size_t)n, sizeof(int));
		if (!count) {
			free(up);
			return LWP_ENOMEM;
		}
		for (int i = 0; i < n; i++)
			count[find(up, i)]++;
		for (int i = 0; i < n; i++)
			out->together[i] = count[find(up, i)] > 1 ? find(up, i) : -1;
		free(count);
	}
	free(up);
	return 0;
}

/* Apart pairs: the lead's, and people of one organisation when asked (if
 * there are no more of them than groups). */
static int build_apart(const struct subgroup_input *in, struct subgroup_problem *out)
{
	int n = in->n, k = in->set->k, cap = in->nrules + (in->set->org_apart ? n * n / 2 : 0);
	out->apart = malloc((size_t)(cap > 0 ? cap : 1) * 2 * sizeof(int));
	if (!out->apart)
		return LWP_ENOMEM;
	int m = 0;
	for (int r = 0; r < in->nrules; r++) {
		int a = index_of(in, in->rules[r].a), b = index_of(in, in->rules[r].b);
		if (in->rules[r].together || a < 0 || b < 0 || a == b)
			continue;
		out->apart[2 * m] = a;
		out->apart[2 * m + 1] = b;
		m++;
	}
	for (int i = 0; in->set->org_apart && i < n; i++) {
		int same = 0;
		for (int j = 0; j < n; j++)
			same += in->p[j].c.org_id == in->p[i].c.org_id;
		if (same > k)
			continue;
		for (int j = i + 1; j < n; j++) {
			if (in->p[j].c.org_id != in->p[i].c.org_id)
				continue;
			/* Together by the lead's rule wins over the organisation default. */
			if (out->together && out->together[i] >= 0 && out->together[i] == out->together[j])
				continue;
			out->apart[2 * m] = i;
			out->apart[2 * m + 1] = j;
			m++;
		}
	}
	out->sp.napart = m;
	return 0;
}

static int build_fixed(const struct subgroup_input *in, struct subgroup_problem *out)
{
	if (!in->set->fix_colleagues || in->ncoaches == 0)
		return 0;
	out->fixed = malloc((size_t)in->n * sizeof(int));
	if (!out->fixed)
		return LWP_ENOMEM;
	for (int i = 0; i < in->n; i++) {
		int g = -1;
		for (int c = 0; c < in->ncoaches; c++) {
			if (!subgroup_same_domain(in->p[i].email, in->coaches[c].email))
				continue;
			/* Colleagues of coaches of two groups: fixed to neither. */
			g = g == -1 || g == in->coaches[c].group ? in->coaches[c].group : -2;
		}
		out->fixed[i] = g >= 0 && g < in->set->k ? g : -1;
	}
	return 0;
}

int subgroup_problem_build(const struct subgroup_input *in, struct subgroup_problem *out,
			   struct lwp_error *err)
{
	int n = in->n, k = in->set->k, rc;
	memset(out, 0, sizeof(*out));
	if (k < 1 || k > SUBGROUP_K_MAX)
		return fail(err, "k", "the number of groups must be 1 to 10");
	if (n < k)
		return fail(err, "k", "fewer participants than groups");
	if (in->set->has_sizes) {
		int sum = 0;
		for (int g = 0; g < k; g++) {
			if (in->set->sizes[g] < 1)
				return fail(err, "sizes", "every group needs at least one person");
			sum += in->set->sizes[g];
		}
		if (sum != n)
			return fail(err, "sizes", "the sizes do not add up to the participants");
		if (!(out->sizes = malloc((size_t)k * sizeof(int))))
			return LWP_ENOMEM;
		memcpy(out->sizes, in->set->sizes, (size_t)k * sizeof(int));
	}
	if (!(out->dist = malloc((size_t)n * (size_t)n * sizeof(double)))) {
		rc = LWP_ENOMEM;
		goto fail;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			out->dist[(size_t)i * (size_t)n + (size_t)j] =
				i == j ? 0 : selection_distance(in->w, &in->p[i].c, &in->p[j].c);
	if ((rc = build_together(in, out)) || (rc = build_apart(in, out)) ||
	    (rc = build_fixed(in, out)))
		goto fail;
	out->sp.n = n;
	out->sp.k = k;
	out->sp.dist = out->dist;
	out->sp.sizes = out->sizes;
	out->sp.apart = out->sp.napart ? out->apart : NULL;
	out->sp.together = out->together;
	out->sp.fixed = out->fixed;
	out->sp.seconds = in->seconds > 0 ? in->seconds : SUBGROUP_SECONDS;
	out->sp.seed = 2018;
	return 0;
fail:
	subgroup_problem_free(out);
	return rc;
}

int subgroup_run(const struct subgroup_input *in, int rebalance, struct split_result *out,
		 struct lwp_error *err)
{
	struct subgroup_problem p;
	memset(out, 0, sizeof(*out));
	int rc = subgroup_problem_build(in, &p, err);
	if (rc)
		return rc;
	if (rebalance) {
		int *cur = malloc((size_t)in->n * sizeof(int));
		if (!cur) {
			subgroup_problem_free(&p);
			return LWP_ENOMEM;
		}
		for (int i = 0; i < in->n; i++)
			cur[i] = in->p[i].current >= 0 && in->p[i].current < in->set->k
				 ? in->p[i].current : -1;
		rc = split_rebalance(&p.sp, cur, out, err);
		free(cur);
	} else {
		rc = split_solve(&p.sp, out, err);
	}
	subgroup_problem_free(&p);
	return rc;
}

int subgroup_evaluate(const struct subgroup_input *in, const int *group, double *value,
		      struct subgroup_check *broken, struct lwp_error *err)
{
	struct subgroup_problem p;
	int count[SUBGROUP_K_MAX] = {0}, n = in->n, k = in->set->k;
	int rc = subgroup_problem_build(in, &p, err);
	if (rc)
		return rc;
	memset(broken, 0, sizeof(*broken));
	for (int i = 0; i < n; i++) {
		if (group[i] < 0 || group[i] >= k) {
			subgroup_problem_free(&p);
			return lwp_fail(err, LWP_EINVAL, "group", "a participant has no group");
		}
		count[group[i]]++;
	}
	*value = split_value(&p.sp, group);
	for (int g = 0; g < k; g++) {
		int want = p.sizes ? p.sizes[g] : n / k + (g < n % k);
		broken->sizes += count[g] != want;
	}
	for (int m = 0; m < p.sp.napart; m++)
		broken->apart += group[p.apart[2 * m]] == group[p.apart[2 * m + 1]];
	for (int i = 0; p.together && i < n; i++)
		broken->together += p.together[i] >= 0 && group[i] != group[p.together[i]];
	for (int i = 0; p.fixed && i < n; i++)
		broken->fixed += p.fixed[i] >= 0 && group[i] != p.fixed[i];
	subgroup_problem_free(&p);
	return 0;
}

/* ---- spread ---- */

/* Next keyword of s (comma separated, trimmed): start and length. */
static const char *next_tag(const char *s, const char **start, size_t *len)
{
	while (s && *s) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t m = strcspn(s, ","), t = m;
		while (t > 0 && s[t - 1] == ' ')
			t--;
		if (t > 0) {
			*start = s;
			*len = t;
			return s + m;
		}
		s += m;
	}
	return NULL;
}

static int tag_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return 0;
	for (size_t i = 0; i < alen; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Distinct keywords among the members (in group g, or all when g < 0). */
static int distinct_tags(const struct subgroup_person *p, int n, const int *group, int g)
{
	int count = 0;
	for (int i = 0; i < n; i++) {
		if (g >= 0 && group[i] != g)
			continue;
		const char *t, *rest = p[i].c.tags;
		size_t len;
		while ((rest = next_tag(rest, &t, &len))) {
			int seen = 0;
			/* Seen earlier: in an earlier member, or earlier in this one. */
			for (int j = 0; j <= i && !seen; j++) {
				if (g >= 0 && group[j] != g)
					continue;
				const char *u, *r2 = p[j].c.tags;
				size_t ulen;
				while (!seen && (r2 = next_tag(r2, &u, &ulen))) {
					if (j == i && u >= t)
						break;
					seen = tag_eq(t, len, u, ulen);
				}
			}
			count += !seen;
		}
	}
	return count;
}

static int distinct(const int64_t *v, int m)
{
	int count = 0;
	for (int i = 0; i < m; i++) {
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = v[j] == v[i];
		count += !seen;
	}
	return count;
}

static void fill_one(const struct subgroup_person *p, int n, const int *group, int g,
		     const struct selection_settings *w, struct subgroup_spread *sp,
		     int64_t *orgs, int64_t *parents)
{
	int m = 0;
	memset(sp, 0, sizeof(*sp));
	for (int i = 0; i < n; i++) {
		if (g >= 0 && group[i] != g)
			continue;
		sp->kinds[p[i].c.kind]++;
		sp->themes[p[i].c.theme]++;
		orgs[m] = p[i].c.org_id;
		parents[m] = p[i].c.parent_id ? p[i].c.parent_id : p[i].c.org_id;
		m++;
		for (int j = i + 1; j < n; j++)
			if (g < 0 || group[j] == g)
				sp->value += selection_distance(w, &p[i].c, &p[j].c);
	}
	sp->size = m;
	sp->organisations = distinct(orgs, m);
	sp->parents = distinct(parents, m);
	sp->tags = distinct_tags(p, n, group, g);
	sp->mean = m > 1 ? sp->value / ((double)m * (m - 1) / 2) : 0;
}

int subgroup_spread(const struct subgroup_person *p, int n, const int *group, int k,
		    const struct selection_settings *w, struct subgroup_spread *spread)
{
	int64_t *orgs = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
	int64_t *parents = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
	if (!orgs || !parents) {
		free(orgs);
		free(parents);
		return LWP_ENOMEM;
	}
	for (int g = 0; g < k; g++)
		fill_one(p, n, group, g, w, &spread[g], orgs, parents);
	fill_one(p, n, group, -1, w, &spread[k], orgs, parents);
	free(orgs);
	free(parents);
	return 0;
}
