/* The figures of the network (see network.h): read the rows, count them in
 * plain C, and the chains of lessons through domain/network.c. */
#include "service/network.h"

#include <stdlib.h>
#include <string.h>

static int counted(const struct initiative_row *r)
{
	return r->status == INIT_PUBLISHED && r->visibility != VIS_PRIVATE;
}

static const struct initiative_row *find(const struct initiative_row *rows, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (rows[mid].id == id)
			return &rows[mid];
		if (rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static int cmp_quarter(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

/* New and total initiatives per quarter, the last FIGURES_QUARTERS_MAX
 * quarters when there are more (the totals count the earlier ones too). */
static void quarters(struct network_figures *f, const struct initiative_row *rows, int n)
{
	char (*q)[8] = calloc((size_t)n + 1, 8);
	int k = 0, distinct = 0;
	if (!q)
		return;
	for (int i = 0; i < n; i++)
		if (counted(&rows[i]))
			network_quarter(rows[i].created_at, q[k++]);
	qsort(q, (size_t)k, 8, cmp_quarter);
	for (int i = 0; i < k; i++)
		distinct += i == 0 || strcmp(q[i - 1], q[i]) != 0;
	int skip = distinct > FIGURES_QUARTERS_MAX ? distinct - FIGURES_QUARTERS_MAX : 0;
	int seen = 0, total = 0;
	for (int i = 0; i < k; i++) {
		int first = i == 0 || strcmp(q[i - 1], q[i]) != 0;
		seen += first;
		total++;
		if (seen <= skip)
			continue;
		if (first) {
			memcpy(f->quarters[f->n_quarters].quarter, q[i], 8);
			f->n_quarters++;
		}
		f->quarters[f->n_quarters - 1].added++;
		f->quarters[f->n_quarters - 1].total = total;
	}
	free(q);
}

int svc_network_figures(struct store *s, struct arena *a, struct network_figures *f)
{
	struct initiative_row *rows;
	struct connection_row *conns;
	int n, nc;
	memset(f, 0, sizeof(*f));
	int rc = store_initiative_list(s, a, 0, &rows, &n);
	if (rc || (rc = store_connections_all(s, a, 1, &conns, &nc)))
		return rc;
	int64_t *orgs = arena_calloc(a, (size_t)n + 1, sizeof(*orgs));
	unsigned char *linked = arena_calloc(a, (size_t)n + 1, 1);
	struct network_edge *edges = arena_calloc(a, (size_t)nc + 1, sizeof(*edges));
	if (!orgs || !linked || !edges)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++) {
		if (!counted(&rows[i]))
			continue;
		f->initiatives++;
		int seen = 0;
		for (int k = 0; k < f->organisations && !seen; k++)
			seen = orgs[k] == rows[i].organisation_id;
		if (!seen) {
			orgs[f->organisations++] = rows[i].organisation_id;
			f->organisations_by_kind[rows[i].kind]++;
		}
	}
	size_t ne = 0;
	for (int i = 0; i < nc; i++) {
		const struct initiative_row *x = find(rows, n, conns[i].from_initiative);
		const struct initiative_row *y = find(rows, n, conns[i].to_initiative);
		if (!x || !y || !counted(x) || !counted(y))
			continue;
		linked[x - rows] = linked[y - rows] = 1;
		edges[ne++] = (struct network_edge){x->id, y->id, conns[i].kind};
	}
	f->connections = (int)ne;
	for (int i = 0; i < n; i++)
		f->connected += linked[i];
	quarters(f, rows, n);
	return network_lessons(a, edges, ne, &f->lessons);
}
