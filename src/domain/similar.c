/*
 * Similar initiatives (rank.h): TF-IDF vectors over title, summary, questions
 * and tags, built with the index (a compound also counts as its two corpus
 * words at half weight, so "lijnorganisatie" meets "lijn"), compared by one
 * sorted merge per pair; plus Jaccard of tags and the same theme, stage and
 * kind. The reason names the shared words that weigh most, in a surface form
 * seen in the texts, and the shared tags as the first initiative writes them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/rank.h"
#include "domain/rank_internal.h"

/* Term frequency in the fields that describe the work (not the name). */
static unsigned text_tf(const struct posting *p)
{
	return (unsigned)p->tf[SEARCH_TITLE] + p->tf[SEARCH_SUMMARY] + p->tf[SEARCH_QUESTIONS] +
	       p->tf[SEARCH_TAGS];
}

static int cmp_wterm(const void *a, const void *b)
{
	const struct wterm *x = a, *y = b;
	return (x->term > y->term) - (x->term < y->term);
}

static void vec_push(struct idoc *d, uint32_t term, double tf)
{
	d->vec[d->n_vec++] = (struct wterm){term, tf};
}

/* Count (fill when fill is set) the entries: every stem, and the two words
 * of a compound at half its frequency ("lijnorganisatie" is also "lijn"). */
static void vectors_walk(struct search_index *ix, int fill)
{
	for (uint32_t t = 0; t < ix->stems.n; t++)
		for (uint32_t k = 0; k < ix->stems.v[t].n; k++) {
			const struct posting *p = &ix->stems.v[t].post[k];
			if (text_tf(p) == 0)
				continue;
			if (fill)
				vec_push(&ix->doc[p->doc], t, text_tf(p));
			else
				ix->doc[p->doc].n_vec++;
		}
	for (uint32_t sf = 0; sf < ix->surfaces.n; sf++) {
		char part[2][STEM_TOKEN_MAX + 1];
		const struct term *s = &ix->surfaces.v[sf];
		if (strlen(s->text) < 2 * PART_MIN || !rank_decompound(s->text, rank_known_surface, ix, part))
			continue;
		uint32_t pt[2] = {rank_dict_find(&ix->stems, part[0]), rank_dict_find(&ix->stems, part[1])};
		for (uint32_t k = 0; k < s->n; k++)
			for (int j = 0; j < 2; j++) {
				if (text_tf(&s->post[k]) == 0 || pt[j] == NONE)
					continue;
				if (fill)
					vec_push(&ix->doc[s->post[k].doc], pt[j], 0.5 * text_tf(&s->post[k]));
				else
					ix->doc[s->post[k].doc].n_vec++;
			}
	}
}

/* Sort by term, add up repeats, and turn frequencies into TF-IDF. */
static void vector_finish(const struct search_index *ix, struct idoc *d)
{
	qsort(d->vec, d->n_vec, sizeof(*d->vec), cmp_wterm);
	size_t k = 0;
	for (size_t i = 0; i < d->n_vec; i++) {
		if (k > 0 && d->vec[k - 1].term == d->vec[i].term)
			d->vec[k - 1].w += d->vec[i].w;
		else
			d->vec[k++] = d->vec[i];
	}
	d->n_vec = k;
	d->norm = 0;
	for (size_t i = 0; i < k; i++) {
		double df = ix->stems.v[d->vec[i].term].n;
		d->vec[i].w = (1.0 + log(1.0 + d->vec[i].w)) * log((double)(ix->n + 1) / df);
		d->norm += d->vec[i].w * d->vec[i].w;
	}
	d->norm = sqrt(d->norm);
}

/* The TF-IDF vectors of similar, sorted by term. */
int rank_vectors_build(struct search_index *ix)
{
	vectors_walk(ix, 0);
	for (size_t i = 0; i < ix->n; i++) {
		ix->doc[i].vec = calloc(ix->doc[i].n_vec + 1, sizeof(struct wterm));
		if (!ix->doc[i].vec)
			return LWP_ENOMEM;
		ix->doc[i].n_vec = 0;
	}
	vectors_walk(ix, 1);
	for (size_t i = 0; i < ix->n; i++)
		vector_finish(ix, &ix->doc[i]);
	return 0;
}

static double theme_match(enum theme a, enum theme b)
{
	if (a == b)
		return 1.0;
	return a == THEME_BOTH || b == THEME_BOTH ? 0.5 : 0.0;
}

static size_t tags_shared(const struct idoc *a, const struct idoc *b)
{
	size_t common = 0;
	for (size_t i = 0; i < a->n_tags; i++)
		for (size_t j = 0; j < b->n_tags; j++)
			common += a->tags[i] == b->tags[j];
	return common;
}

static double tag_jaccard(const struct idoc *a, const struct idoc *b)
{
	size_t c = tags_shared(a, b);
	return c ? (double)c / (double)(a->n_tags + b->n_tags - c) : 0.0;
}

static double vec_dot(const struct idoc *a, const struct idoc *b)
{
	double dot = 0;
	size_t i = 0, j = 0;
	while (i < a->n_vec && j < b->n_vec) {
		if (a->vec[i].term == b->vec[j].term)
			dot += a->vec[i++].w * b->vec[j++].w;
		else if (a->vec[i].term < b->vec[j].term)
			i++;
		else
			j++;
	}
	return dot;
}

static double vec_weight(const struct idoc *d, uint32_t term)
{
	size_t lo = 0, hi = d->n_vec;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->vec[mid].term == term)
			return d->vec[mid].w;
		if (d->vec[mid].term < term)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The shared words that add most to the cosine, best first, ties by term. */
static void reason_terms(const struct search_index *ix, const struct idoc *a,
			 const struct idoc *b, struct similar_reason *r)
{
	double top[SIMILAR_TERMS_MAX];
	uint32_t id[SIMILAR_TERMS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < a->n_vec; i++) {
		double c = a->vec[i].w * vec_weight(b, a->vec[i].term);
		if (c <= 0 || (n == SIMILAR_TERMS_MAX && c <= top[n - 1]))
			continue;
		size_t j = n < SIMILAR_TERMS_MAX ? n++ : n - 1;
		for (; j > 0 && top[j - 1] < c; j--) {
			top[j] = top[j - 1];
			id[j] = id[j - 1];
		}
		top[j] = c;
		id[j] = a->vec[i].term;
	}
	for (size_t i = 0; i < n; i++)
		r->terms[i] = ix->surfaces.v[ix->stems.v[id[i]].surface].text;
	r->n_terms = n;
}

static void reason_make(const struct search_index *ix, const struct idoc *a,
			const struct idoc *b, struct similar_reason *r)
{
	memset(r, 0, sizeof(*r));
	reason_terms(ix, a, b, r);
	for (size_t i = 0; i < a->n_tags && r->n_tags < SIMILAR_TAGS_MAX; i++)
		for (size_t j = 0; j < b->n_tags; j++)
			if (a->tags[i] == b->tags[j])
				r->tags[r->n_tags++] = a->tag_text[i];
	r->same_kind = a->kind == b->kind;
	r->same_theme = a->theme == b->theme;
	r->same_stage = a->stage == b->stage;
	r->kind = a->kind;
	r->theme = a->theme;
	r->stage = a->stage;
}

static double similar_score(const struct search_index *ix, const struct idoc *a,
			    const struct idoc *b, double dot)
{
	const struct search_params *p = &ix->p;
	double cos = a->norm > 0 && b->norm > 0 ? dot / (a->norm * b->norm) : 0;
	double jac = tag_jaccard(a, b);
	if (cos <= 0 && jac <= 0)
		return 0;
	return p->sim_text * cos + p->sim_tags * jac + p->sim_theme * theme_match(a->theme, b->theme) +
	       p->sim_stage * (a->stage == b->stage) + p->sim_kind * (a->kind == b->kind);
}

static const struct idoc *doc_by_id(const struct search_index *ix, int64_t id)
{
	struct id_pos key = {id, 0};
	const struct id_pos *f = bsearch(&key, ix->by_id, ix->n, sizeof(key), rank_cmp_id_pos);
	return f ? &ix->doc[f->pos] : NULL;
}

int search_similar(const struct search_index *ix, int64_t id, const struct search_where *where,
		   size_t limit, struct similar_hit *hits, size_t *n_hits, struct lwp_error *err)
{
	*n_hits = 0;
	const struct idoc *src = doc_by_id(ix, id);
	if (!src)
		return lwp_fail(err, LWP_ENOTFOUND, "id", "no such initiative");
	struct search_hit *all = calloc(ix->n + 1, sizeof(*all));
	struct search_hit *best = calloc(ix->n + 1, sizeof(*best));
	int rc = all && best ? 0 : LWP_ENOMEM;
	if (rc == 0) {
		size_t k = 0, total = 0;
		for (size_t d = 0; d < ix->n; d++) {
			const struct idoc *o = &ix->doc[d];
			if (o == src || !rank_kept(where, o->id))
				continue;
			double s = similar_score(ix, src, o, vec_dot(src, o));
			if (s > 0)
				all[k++] = (struct search_hit){ix->doc[d].id, s};
		}
		rank_finish_hits(all, k, limit, best, n_hits, &total);
	}
	for (size_t i = 0; i < *n_hits; i++) {
		hits[i].id = best[i].id;
		hits[i].score = best[i].score;
		reason_make(ix, src, doc_by_id(ix, best[i].id), &hits[i].reason);
	}
	free(all);
	free(best);
	return rc ? lwp_fail(err, rc, NULL, "out of memory") : 0;
}

/* ---- the reason in words ---- */

static const char *const kind_plural[2][ORG_KIND_COUNT] = {
	{"ministeries", "uitvoeringsorganisaties", "inspecties", "zelfstandige bestuursorganen",
	 "shared-serviceorganisaties", "gemeenten, provincies en waterschappen",
	 "andere organisaties"},
	{"ministries", "executive agencies", "inspectorates", "independent administrative bodies",
	 "shared-service organisations", "municipalities, provinces and water boards",
	 "other organisations"}};

static void put_list(struct buf *out, const char *const *v, size_t n, enum lang lang)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(out, i + 1 == n ? (lang == LANG_EN ? " and " : " en ") : ", ");
		buf_puts(out, v[i]);
	}
}

void similar_reason_format(const struct similar_reason *r, enum lang lang, struct buf *out)
{
	int en = lang == LANG_EN;
	size_t start = out->len;
	int kind = r->same_kind && (unsigned)r->kind < ORG_KIND_COUNT;
	if (r->n_terms) {
		buf_puts(out, en ? "both work on " : "beide werken aan ");
		put_list(out, r->terms, r->n_terms, lang);
	} else if (kind) {
		buf_puts(out, en ? "both" : "beide");
	}
	if (kind) {
		buf_puts(out, en ? " in " : " bij ");
		buf_puts(out, kind_plural[en][r->kind]);
	}
	if (r->n_tags) {
		buf_puts(out, out->len > start ? "; " : "");
		buf_puts(out, en ? "shared tags: " : "gedeelde tags: ");
		for (size_t i = 0; i < r->n_tags; i++)
			buf_printf(out, "%s%s", i ? ", " : "", r->tags[i]);
	}
	if (out->len == start && r->same_theme)
		buf_puts(out, en ? "the same theme" : "hetzelfde thema");
}
