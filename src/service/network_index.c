/*
 * The search index of the process over the published initiatives (see
 * network.h for the choice: lazy rebuild under a mutex, refcounted
 * snapshots) and search / similar with the viewer's access and the page's
 * filters applied through search_where, so that scores do not depend on
 * who asks.
 */
#include "service/network.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct network_snapshot {
	int64_t generation, max_id;
	struct search_index *ix;
	struct network_entry *e; /* by id */
	size_t n;
	struct arena *arena;
	int refs;                /* under cur_lock */
};

static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cur_lock = PTHREAD_MUTEX_INITIALIZER;
static struct network_snapshot *current;

static void snapshot_free(struct network_snapshot *snap)
{
	if (!snap)
		return;
	search_index_free(snap->ix);
	arena_free(snap->arena);
	free(snap);
}

static char *questions(struct arena *a, const struct initiative_row *r)
{
	if (!r->lessons || !*r->lessons)
		return r->question;
	return arena_printf(a, "%s\n%s", r->question ? r->question : "", r->lessons);
}

static int build(struct store *s, int64_t generation, int64_t max_id,
		 struct network_snapshot **out)
{
	struct network_snapshot *snap = calloc(1, sizeof(*snap));
	struct initiative_row *rows = NULL;
	struct search_doc *docs = NULL;
	struct search_params p;
	int n = 0, rc = LWP_ENOMEM;
	if (!snap || !(snap->arena = arena_new()))
		goto fail;
	if ((rc = store_initiative_list(s, snap->arena, 1, &rows, &n)))
		goto fail;
	rc = LWP_ENOMEM;
	docs = calloc((size_t)n + 1, sizeof(*docs));
	snap->e = arena_calloc(snap->arena, (size_t)n + 1, sizeof(*snap->e));
	if (!docs || !snap->e)
		goto fail;
	for (int i = 0; i < n; i++) {
		const struct initiative_row *r = &rows[i];
		struct search_doc *d = &docs[i];
		d->id = r->id;
		d->field[SEARCH_TITLE] = r->title;
		d->field[SEARCH_SUMMARY] = r->summary;
		d->field[SEARCH_QUESTIONS] = questions(snap->arena, r);
		d->field[SEARCH_TAGS] = r->tags;
		d->field[SEARCH_ORGANISATION] = r->organisation;
		d->theme = r->theme;
		d->stage = r->stage;
		d->kind = r->kind;
		snap->e[i] = (struct network_entry){r->id, r->title, r->organisation,
						    r->organisation_id, r->kind, r->tags, r->theme,
						    r->stage, r->visibility, r->created_at};
	}
	snap->n = (size_t)n;
	search_default_params(&p);
	if ((rc = search_index_build(docs, (size_t)n, &p, &snap->ix, NULL)))
		goto fail;
	free(docs);
	snap->generation = generation;
	snap->max_id = max_id;
	snap->refs = 1;
	*out = snap;
	return 0;
fail:
	free(docs);
	snapshot_free(snap);
	return rc;
}

/* The current snapshot with a reference, when it is of this generation. */
static struct network_snapshot *take_current(int64_t generation, int64_t max_id)
{
	struct network_snapshot *snap = NULL;
	pthread_mutex_lock(&cur_lock);
	if (current && current->generation == generation && current->max_id == max_id) {
		snap = current;
		snap->refs++;
	}
	pthread_mutex_unlock(&cur_lock);
	return snap;
}

int svc_network_acquire(struct store *s, struct network_snapshot **out)
{
	int64_t generation, max_id;
	struct network_snapshot *fresh;
	int rc = store_network_generation(s, &generation, &max_id);
	if (rc)
		return rc;
	if ((*out = take_current(generation, max_id)))
		return 0;
	pthread_mutex_lock(&build_lock);
	/* another thread may have built it while this one waited */
	if ((*out = take_current(generation, max_id))) {
		pthread_mutex_unlock(&build_lock);
		return 0;
	}
	rc = build(s, generation, max_id, &fresh);
	if (rc == 0) {
		pthread_mutex_lock(&cur_lock);
		struct network_snapshot *old = current;
		current = fresh;
		fresh->refs++; /* one for current, one for the caller */
		if (old && --old->refs == 0)
			snapshot_free(old);
		pthread_mutex_unlock(&cur_lock);
		*out = fresh;
	}
	pthread_mutex_unlock(&build_lock);
	return rc;
}

void svc_network_release(struct network_snapshot *snap)
{
	if (!snap)
		return;
	pthread_mutex_lock(&cur_lock);
	int last = --snap->refs == 0;
	pthread_mutex_unlock(&cur_lock);
	if (last)
		snapshot_free(snap);
}

void svc_network_shutdown(void)
{
	pthread_mutex_lock(&cur_lock);
	struct network_snapshot *old = current;
	current = NULL;
	int last = old && --old->refs == 0;
	pthread_mutex_unlock(&cur_lock);
	if (last)
		snapshot_free(old);
}

const struct search_index *network_snapshot_index(const struct network_snapshot *snap)
{
	return snap->ix;
}

size_t network_snapshot_count(const struct network_snapshot *snap)
{
	return snap->n;
}

const struct network_entry *network_snapshot_entry(const struct network_snapshot *snap, size_t i)
{
	return i < snap->n ? &snap->e[i] : NULL;
}

static int cmp_entry(const void *key, const void *element)
{
	int64_t id = *(const int64_t *)key, other = ((const struct network_entry *)element)->id;
	return id < other ? -1 : id > other;
}

const struct network_entry *network_snapshot_find(const struct network_snapshot *snap, int64_t id)
{
	return bsearch(&id, snap->e, snap->n, sizeof(*snap->e), cmp_entry);
}

/* ---- access and filters ---- */

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* One tag of a comma-separated list, case aside. */
static int has_tag(const char *tags, const char *tag)
{
	size_t want = strlen(tag);
	while (tags && *tags) {
		while (*tags == ' ' || *tags == ',')
			tags++;
		size_t len = strcspn(tags, ",");
		size_t end = len;
		while (end > 0 && tags[end - 1] == ' ')
			end--;
		if (end == want && want && strncasecmp(tags, tag, want) == 0)
			return 1;
		tags += len;
	}
	return 0;
}

static int in_edition(const struct network_access *acc, int64_t id)
{
	for (int i = 0; i < acc->n_pairs; i++)
		if (acc->pairs[i].initiative_id == id &&
		    acc->pairs[i].edition_id == acc->filter->edition_id)
			return 1;
	return 0;
}

int network_access_keep(const struct network_access *acc, const struct network_entry *e)
{
	int owner = acc->n_owned && bsearch(&e->id, acc->owned, (size_t)acc->n_owned,
					     sizeof(*acc->owned), cmp_id);
	if (!network_can_see(acc->viewer, e->visibility, INIT_PUBLISHED, owner))
		return 0;
	const struct network_filter *f = acc->filter;
	if (!f)
		return 1;
	if ((f->theme >= 0 && (int)e->theme != f->theme) ||
	    (f->stage >= 0 && (int)e->stage != f->stage) ||
	    (f->kind >= 0 && (int)e->kind != f->kind))
		return 0;
	if (f->tag && *f->tag && !has_tag(e->tags, f->tag))
		return 0;
	if (f->organisation && *f->organisation &&
	    (!e->organisation || strcasecmp(e->organisation, f->organisation) != 0))
		return 0;
	return !f->edition_id || in_edition(acc, e->id);
}

static int keep_id(const void *ctx, int64_t id)
{
	const struct network_access *acc = ctx;
	const struct network_entry *e = network_snapshot_find(acc->snap, id);
	return e && network_access_keep(acc, e);
}


static int cmp_title(const void *x, const void *y)
{
	const struct network_entry *a = ((const struct network_hit *)x)->e;
	const struct network_entry *b = ((const struct network_hit *)y)->e;
	int c = strcasecmp(a->title ? a->title : "", b->title ? b->title : "");
	return c ? c : a->id < b->id ? -1 : a->id > b->id;
}

static int list_all(const struct network_access *acc, size_t limit, struct network_hit *hits,
		    size_t *n_hits, size_t *total)
{
	struct network_hit *kept = calloc(acc->snap->n + 1, sizeof(*kept));
	size_t k = 0;
	if (!kept)
		return LWP_ENOMEM;
	for (size_t i = 0; i < acc->snap->n; i++)
		if (network_access_keep(acc, &acc->snap->e[i]))
			kept[k++] = (struct network_hit){&acc->snap->e[i], 0};
	qsort(kept, k, sizeof(*kept), cmp_title);
	*total = k;
	*n_hits = k < limit ? k : limit;
	memcpy(hits, kept, *n_hits * sizeof(*hits));
	free(kept);
	return 0;
}

int svc_network_search(const struct network_access *acc, const char *q, size_t limit,
		       struct network_hit *hits, size_t *n_hits, size_t *total)
{
	*n_hits = *total = 0;
	if (!q || !*q)
		return list_all(acc, limit, hits, n_hits, total);
	struct search_hit *raw = calloc(limit + 1, sizeof(*raw));
	struct search_where where = {keep_id, acc};
	if (!raw)
		return LWP_ENOMEM;
	size_t n = 0;
	int rc = search_query(acc->snap->ix, q, &where, limit, raw, &n, total, NULL);
	for (size_t i = 0; rc == 0 && i < n; i++)
		hits[i] = (struct network_hit){network_snapshot_find(acc->snap, raw[i].id),
					       raw[i].score};
	if (rc == 0)
		*n_hits = n;
	free(raw);
	return rc;
}

int svc_network_similar(const struct network_access *acc, int64_t id, size_t limit,
			struct network_similar *out, size_t *n)
{
	*n = 0;
	if (!network_snapshot_find(acc->snap, id))
		return 0;
	struct similar_hit *raw = calloc(limit + 1, sizeof(*raw));
	struct search_where where = {keep_id, acc};
	if (!raw)
		return LWP_ENOMEM;
	size_t k = 0;
	int rc = search_similar(acc->snap->ix, id, &where, limit, raw, &k, NULL);
	for (size_t i = 0; rc == 0 && i < k; i++)
		out[i] = (struct network_similar){network_snapshot_find(acc->snap, raw[i].id),
						  raw[i].score, raw[i].reason};
	if (rc == 0)
		*n = k;
	free(raw);
	return rc == LWP_ENOTFOUND ? 0 : rc;
}
