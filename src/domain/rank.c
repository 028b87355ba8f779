/*
 * The in-memory index behind search_query and search_similar (see rank.h).
 *
 * Two dictionaries of words: stems (the exact component; postings with the
 * term frequency per field) and surface forms, the folded words as written
 * (the partial component; the same postings, plus a trigram table from each
 * trigram to the surface words that hold it). A query word's partial
 * candidates are found by counting, per surface word, how many of the query
 * word's trigrams it holds: no scan of the vocabulary.
 *
 * Scores are doubles computed in a fixed order by functions shared with the
 * naive reference (search_rank_naive), so both give the very same numbers
 * (tests/unit/test_search.c checks it on the labelled set, the benchmark on
 * 10,000 documents). Per query word, the document's weighted term frequency
 * (BM25F) is the best over its variants (Dutch, English and glossary stems
 * exactly, surface words in part, scaled by partial_weight * cover); its idf
 * counts the documents matched by any variant; then BM25 saturation. A
 * compound that splits into two corpus words scores those as words of their
 * own (own idf, half each, times partial_weight) when that is more.
 *
 * The naive reference is in rank_naive.c, similar (and the vectors it
 * needs, built here at the end) in similar.c; what they share with this file
 * is in rank_internal.h. Allocation: the index owns copies of everything; a
 * query allocates its scratch and frees it.
 */
#include "domain/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/rank_internal.h"
#include "domain/stem.h"

/* ---- stages ---- */

static const char *const stage_codes[STAGE_COUNT] = {"idea", "started", "running", "evaluated"};

const char *initiative_stage_code(enum initiative_stage s)
{
	return (unsigned)s < STAGE_COUNT ? stage_codes[s] : "";
}

int initiative_stage_parse(const char *s)
{
	for (int i = 0; s && i < STAGE_COUNT; i++)
		if (strcmp(s, stage_codes[i]) == 0)
			return i;
	return -1;
}

void search_default_params(struct search_params *p)
{
	static const double w[SEARCH_FIELD_COUNT] = {3.0, 1.0, 1.0, 2.0, 1.5};
	memset(p, 0, sizeof(*p));
	p->k1 = 1.2;
	p->b = 0.75;
	memcpy(p->weight, w, sizeof(w));
	p->partial_weight = 0.5;
	p->partial_cover = 0.8;
	/* Text first: on the labelled set these gave MRR 0.74 against 0.60
	 * for 0.55/0.25/0.07/0.03/0.10 (more weight on theme, stage, kind). */
	p->sim_text = 0.65;
	p->sim_tags = 0.25;
	p->sim_theme = 0.04;
	p->sim_stage = 0.02;
	p->sim_kind = 0.04;
}

/* ---- growable arrays and dictionaries ---- */

int rank_grow(void **p, uint32_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 4;
	while (c < need)
		c *= 2;
	if (c > UINT32_MAX)
		return LWP_ENOMEM;
	void *q = realloc(*p, c * size);
	if (!q)
		return LWP_ENOMEM;
	*p = q;
	*cap = (uint32_t)c;
	return 0;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

uint32_t rank_dict_find(const struct dict *d, const char *s)
{
	if (d->nslot == 0)
		return NONE;
	for (size_t i = hash_str(s) & (d->nslot - 1);; i = (i + 1) & (d->nslot - 1)) {
		uint32_t t = d->slot[i];
		if (t == NONE || strcmp(d->v[t].text, s) == 0)
			return t;
	}
}

static void dict_place(struct dict *d, uint32_t t)
{
	size_t i = hash_str(d->v[t].text) & (d->nslot - 1);
	while (d->slot[i] != NONE)
		i = (i + 1) & (d->nslot - 1);
	d->slot[i] = t;
}

static int dict_rehash(struct dict *d)
{
	size_t ns = d->nslot ? d->nslot * 2 : 1024;
	uint32_t *s = malloc(ns * sizeof(*s));
	if (!s)
		return LWP_ENOMEM;
	memset(s, 0xFF, ns * sizeof(*s));
	free(d->slot);
	d->slot = s;
	d->nslot = ns;
	for (size_t t = 0; t < d->n; t++)
		dict_place(d, (uint32_t)t);
	return 0;
}

/* The id of s, added when new. */
static int dict_add(struct dict *d, const char *s, uint32_t *id)
{
	uint32_t t = rank_dict_find(d, s);
	if (t != NONE) {
		*id = t;
		return 0;
	}
	if ((d->n + 1) * 2 > d->nslot && dict_rehash(d))
		return LWP_ENOMEM;
	if (d->n + 1 > d->cap) {
		size_t c = d->cap ? d->cap * 2 : 256;
		struct term *v = realloc(d->v, c * sizeof(*v));
		if (!v)
			return LWP_ENOMEM;
		d->v = v;
		d->cap = c;
	}
	struct term *nt = &d->v[d->n];
	memset(nt, 0, sizeof(*nt));
	nt->surface = NONE;
	if (!(nt->text = strdup(s)))
		return LWP_ENOMEM;
	*id = (uint32_t)d->n++;
	dict_place(d, *id);
	return 0;
}

static void dict_free(struct dict *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].post);
	}
	free(d->v);
	free(d->slot);
}

static int term_count(struct term *t, uint32_t doc, int field)
{
	if (t->n == 0 || t->post[t->n - 1].doc != doc) {
		if (rank_grow((void **)&t->post, &t->cap, t->n + 1, sizeof(*t->post)))
			return LWP_ENOMEM;
		memset(&t->post[t->n], 0, sizeof(t->post[0]));
		t->post[t->n++].doc = doc;
	}
	uint16_t *tf = &t->post[t->n - 1].tf[field];
	if (*tf < UINT16_MAX)
		(*tf)++;
	return 0;
}

/* ---- scoring shared by the index and the naive reference ---- */

double rank_field_tfw(const struct search_params *p, const uint16_t *tf, const double *nf)
{
	double s = 0;
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		if (tf[f])
			s += p->weight[f] * tf[f] / nf[f];
	return s;
}

double rank_bm25(const struct search_params *p, size_t n, size_t df, double tfw)
{
	double idf = log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
	return idf * tfw * (p->k1 + 1.0) / (p->k1 + tfw);
}

void rank_length_norms(const struct search_params *p, const uint32_t *len,
			 const double *avg, double *nf)
{
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		nf[f] = avg[f] > 0 ? 1.0 - p->b + p->b * len[f] / avg[f] : 1.0;
}

/* Split a compound into two words of the corpus, each at least PART_MIN
 * long, with a linking s allowed between them ("uitvoering-s-organisatie");
 * the longest first word wins. Returns 1 with the parts' stems. */
int rank_decompound(const char *w, known_fn known, const void *ctx,
		      char out[2][STEM_TOKEN_MAX + 1])
{
	size_t n = strlen(w);
	char a[STEM_TOKEN_MAX + 1];
	for (size_t i = n >= 2 * PART_MIN ? n - PART_MIN : 0; i >= PART_MIN; i--) {
		memcpy(a, w, i);
		a[i] = '\0';
		if (!known(ctx, a))
			continue;
		const char *b = w + i;
		if (!known(ctx, b) && !(b[0] == 's' && n - i - 1 >= PART_MIN && known(ctx, b + 1)))
			continue;
		if (!known(ctx, b))
			b++;
		stem_dutch(a, out[0]);
		stem_dutch(b, out[1]);
		return 1;
	}
	return 0;
}

void rank_qword_parts(struct qword *qw, int n, const char *const *tok, known_fn known,
			const void *ctx)
{
	for (int i = 0; i < n; i++)
		qw[i].n_part = tok[i] && rank_decompound(tok[i], known, ctx, qw[i].part) ? 2 : 0;
}

static void qword_probe(struct qword *q, const char *s)
{
	size_t k = stem_trigrams(s, q->tri[q->n_probe], STEM_TOKEN_MAX);
	if (k >= 2)
		q->n_tri[q->n_probe++] = k;
}

static void qword_stem(struct qword *q, const char *w)
{
	char st[2][STEM_TOKEN_MAX + 1];
	stem_dutch(w, st[0]);
	stem_english(w, st[1]);
	for (int k = 0; k < 2; k++) {
		int seen = 0;
		for (int v = 0; v < q->n_stem; v++)
			seen |= strcmp(q->stem[v], st[k]) == 0;
		if (!seen && q->n_stem < QWORD_STEMS)
			memcpy(q->stem[q->n_stem++], st[k], strlen(st[k]) + 1);
	}
}

/* The word tok; trans (may be NULL) its translation's words. */
static void qword_make(struct qword *q, const char *tok, const char *trans)
{
	memset(q, 0, sizeof(*q));
	qword_stem(q, tok);
	while (trans && *trans) {
		char w[STEM_TOKEN_MAX + 1];
		size_t k = strcspn(trans, " ");
		if (k <= STEM_TOKEN_MAX) {
			memcpy(w, trans, k);
			w[k] = '\0';
			qword_stem(q, w);
		}
		trans += k + (trans[k] == ' ');
	}
	qword_probe(q, tok);
	if (strcmp(tok, q->stem[0]) != 0)
		qword_probe(q, q->stem[0]);
}

/* Query words without stopwords and repeats, each with its glossary
 * translation (a two-word entry takes the next token along); returns their
 * number or <0. The words stay in t (for rank_decompound). */
int rank_query_words(const char *query, struct qword *qw, struct stem_tokens *t,
		       const char **tok)
{
	int rc = stem_tokenize(query, t);
	if (rc)
		return rc;
	const char **all = calloc(t->n + 1, sizeof(*all));
	if (!all)
		return LWP_ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		all[i] = stem_token(t, i);
	int n = 0;
	for (size_t i = 0; i < t->n && n < QUERY_WORDS_MAX; i++) {
		int seen = stem_is_stopword(all[i]);
		for (size_t j = 0; !seen && j < i; j++)
			seen = strcmp(all[i], all[j]) == 0;
		if (seen)
			continue;
		size_t used = 0;
		const char *trans = stem_glossary(all + i, t->n - i, &used);
		if (trans && strchr(trans, ' '))
			trans = NULL; /* "network" alone is not "netwerkorganisatie" */
		tok[n] = all[i];
		qword_make(&qw[n++], all[i], trans);
		if (used == 2)
			i++;
	}
	free(all);
	return n;
}

/* Share of a probe's trigrams that the (sorted, distinct) set s holds. */
double rank_cover(const uint32_t *probe, size_t np, const uint32_t *s, size_t ns)
{
	size_t i = 0, j = 0, hit = 0;
	while (i < np && j < ns) {
		if (probe[i] == s[j])
			hit++, i++, j++;
		else if (probe[i] < s[j])
			i++;
		else
			j++;
	}
	return (double)hit / (double)np;
}

double rank_partial_factor(const struct search_params *p, double cover)
{
	return cover >= p->partial_cover ? p->partial_weight * cover : 0.0;
}

int rank_cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Sort the matching documents and copy the best limit. */
void rank_finish_hits(struct search_hit *all, size_t n_all, size_t limit,
			struct search_hit *hits, size_t *n_hits, size_t *total)
{
	qsort(all, n_all, sizeof(*all), cmp_hit);
	*total = n_all;
	*n_hits = n_all < limit ? n_all : limit;
	memcpy(hits, all, *n_hits * sizeof(*hits));
}

/* ---- building ---- */

void rank_doc_tokens_free(struct doc_tokens *dt)
{
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		stem_tokens_free(&dt->f[f]);
}

int rank_doc_tokens_make(const struct search_doc *d, struct doc_tokens *dt)
{
	struct stem_tokens all;
	stem_tokens_init(&all, SEARCH_FIELD_COUNT * FIELD_TOKENS_MAX);
	int rc = 0;
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++) {
		stem_tokens_init(&dt->f[f], FIELD_TOKENS_MAX);
		if (rc == 0)
			rc = stem_tokenize(d->field[f], &dt->f[f]);
		if (rc == 0)
			rc = stem_tokenize(d->field[f], &all);
	}
	dt->lang = stem_guess_lang(&all);
	stem_tokens_free(&all);
	return rc;
}

/* Index one token: its stem and its surface form. */
static int index_token(struct search_index *ix, uint32_t doc, int f, const char *w, enum lang lang)
{
	char st[STEM_TOKEN_MAX + 1];
	uint32_t sid, tid;
	stem_word(lang, w, st);
	if (dict_add(&ix->surfaces, w, &sid) || dict_add(&ix->stems, st, &tid) ||
	    term_count(&ix->surfaces.v[sid], doc, f) || term_count(&ix->stems.v[tid], doc, f))
		return LWP_ENOMEM;
	struct term *t = &ix->stems.v[tid];
	const char *cur = t->surface == NONE ? NULL : ix->surfaces.v[t->surface].text;
	if (!cur || strlen(w) < strlen(cur) || (strlen(w) == strlen(cur) && strcmp(w, cur) < 0))
		t->surface = sid;
	return 0;
}

/* Tags: split on commas; the key is the stems of a tag's words. */
static int index_tag(struct search_index *ix, struct idoc *d, const char *tag, size_t len)
{
	while (len && (*tag == ' ' || *tag == '\t'))
		tag++, len--;
	while (len && (tag[len - 1] == ' ' || tag[len - 1] == '\t'))
		len--;
	char *text = strndup(tag, len);
	struct stem_tokens t;
	stem_tokens_init(&t, 64);
	struct buf key;
	buf_init(&key, 1024);
	int rc = text ? stem_tokenize(text, &t) : LWP_ENOMEM;
	for (size_t i = 0; rc == 0 && i < t.n; i++) {
		char st[STEM_TOKEN_MAX + 1];
		stem_dutch(stem_token(&t, i), st);
		buf_printf(&key, "%s%s", i ? " " : "", st);
	}
	uint32_t id = 0;
	if (rc == 0 && t.n > 0 && !key.failed && (rc = dict_add(&ix->tags, buf_cstr(&key), &id)) == 0) {
		int dup = 0;
		for (size_t i = 0; i < d->n_tags; i++)
			dup |= d->tags[i] == id;
		if (!dup) {
			d->tags[d->n_tags] = id;
			d->tag_text[d->n_tags++] = text;
			text = NULL;
		}
	}
	rc = rc ? rc : key.failed;
	free(text);
	buf_free(&key);
	stem_tokens_free(&t);
	return rc;
}

static int index_tags(struct search_index *ix, struct idoc *d, const char *tags)
{
	if (!tags || !*tags)
		return 0;
	size_t most = 1;
	for (const char *c = tags; *c; c++)
		most += *c == ',';
	d->tags = calloc(most, sizeof(*d->tags));
	d->tag_text = calloc(most, sizeof(*d->tag_text));
	if (!d->tags || !d->tag_text)
		return LWP_ENOMEM;
	for (const char *s = tags;;) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (index_tag(ix, d, s, len))
			return LWP_ENOMEM;
		if (!e)
			return 0;
		s = e + 1;
	}
}

static int index_doc(struct search_index *ix, uint32_t i, const struct search_doc *src,
		     uint32_t (*len)[SEARCH_FIELD_COUNT])
{
	struct doc_tokens dt;
	int rc = rank_doc_tokens_make(src, &dt);
	struct idoc *d = &ix->doc[i];
	d->id = src->id;
	d->theme = src->theme;
	d->stage = src->stage;
	d->kind = src->kind;
	for (int f = 0; rc == 0 && f < SEARCH_FIELD_COUNT; f++)
		for (size_t k = 0; rc == 0 && k < dt.f[f].n; k++) {
			const char *w = stem_token(&dt.f[f], k);
			if (stem_is_stopword(w))
				continue;
			len[i][f]++;
			rc = index_token(ix, i, f, w, dt.lang);
		}
	if (rc == 0)
		rc = index_tags(ix, d, src->field[SEARCH_TAGS]);
	rank_doc_tokens_free(&dt);
	return rc;
}

static void index_norms(struct search_index *ix, uint32_t (*len)[SEARCH_FIELD_COUNT])
{
	double avg[SEARCH_FIELD_COUNT] = {0};
	for (size_t i = 0; i < ix->n; i++)
		for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
			avg[f] += len[i][f];
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		avg[f] = ix->n ? avg[f] / (double)ix->n : 0;
	for (size_t i = 0; i < ix->n; i++)
		rank_length_norms(&ix->p, len[i], avg, ix->doc[i].nf);
}

static struct trigram_list *tri_slot(struct search_index *ix, uint32_t key)
{
	size_t i = (key * 2654435761u) & (ix->ntri - 1);
	while (ix->tri[i].key != 0 && ix->tri[i].key != key)
		i = (i + 1) & (ix->ntri - 1);
	return &ix->tri[i];
}

static const struct trigram_list *tri_find(const struct search_index *ix, uint32_t key)
{
	size_t i = (key * 2654435761u) & (ix->ntri - 1);
	while (ix->tri[i].key != 0 && ix->tri[i].key != key)
		i = (i + 1) & (ix->ntri - 1);
	return ix->tri[i].key ? &ix->tri[i] : NULL;
}

/* Trigram table over the surface words: at most 3 per byte of text. */
static int index_trigrams(struct search_index *ix)
{
	size_t bytes = 0;
	for (size_t s = 0; s < ix->surfaces.n; s++)
		bytes += strlen(ix->surfaces.v[s].text);
	ix->ntri = 1024;
	while (ix->ntri < 2 * bytes)
		ix->ntri *= 2;
	if (!(ix->tri = calloc(ix->ntri, sizeof(*ix->tri))))
		return LWP_ENOMEM;
	uint32_t tg[STEM_TOKEN_MAX];
	for (size_t s = 0; s < ix->surfaces.n; s++) {
		size_t k = stem_trigrams(ix->surfaces.v[s].text, tg, STEM_TOKEN_MAX);
		for (size_t j = 0; j < k; j++) {
			struct trigram_list *l = tri_slot(ix, tg[j]);
			l->key = tg[j];
			if (rank_grow((void **)&l->ids, &l->cap, l->n + 1, sizeof(*l->ids)))
				return LWP_ENOMEM;
			l->ids[l->n++] = (uint32_t)s;
		}
	}
	return 0;
}

int rank_known_surface(const void *ctx, const char *w)
{
	const struct search_index *ix = ctx;
	return rank_dict_find(&ix->surfaces, w) != NONE;
}

int rank_cmp_id_pos(const void *a, const void *b)
{
	const struct id_pos *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int index_ids(struct search_index *ix, struct lwp_error *err)
{
	if (!(ix->by_id = calloc(ix->n + 1, sizeof(*ix->by_id))))
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < ix->n; i++)
		ix->by_id[i] = (struct id_pos){ix->doc[i].id, (uint32_t)i};
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), rank_cmp_id_pos);
	for (size_t i = 1; i < ix->n; i++)
		if (ix->by_id[i].id == ix->by_id[i - 1].id)
			return lwp_fail(err, LWP_EINVAL, "id", "duplicate initiative id");
	return 0;
}

int search_index_build(const struct search_doc *docs, size_t n,
		       const struct search_params *p, struct search_index **out,
		       struct lwp_error *err)
{
	*out = NULL;
	if (n > DOCS_MAX)
		return lwp_fail(err, LWP_EINVAL, NULL, "too many initiatives to index");
	struct search_index *ix = calloc(1, sizeof(*ix));
	uint32_t(*len)[SEARCH_FIELD_COUNT] = calloc(n + 1, sizeof(*len));
	int rc = LWP_ENOMEM;
	if (!ix || !len || !(ix->doc = calloc(n + 1, sizeof(*ix->doc))))
		goto fail;
	ix->p = *p;
	ix->n = n;
	for (size_t i = 0; i < n; i++)
		if ((rc = index_doc(ix, (uint32_t)i, &docs[i], len)) != 0)
			goto fail;
	index_norms(ix, len);
	if ((rc = index_trigrams(ix)) != 0 || (rc = rank_vectors_build(ix)) != 0)
		goto fail;
	if ((rc = index_ids(ix, err)) != 0)
		goto fail;
	free(len);
	*out = ix;
	return 0;
fail:
	free(len);
	search_index_free(ix);
	return rc == LWP_EINVAL ? rc : lwp_fail(err, rc, NULL, "out of memory");
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; ix->doc && i < ix->n; i++) {
		for (size_t k = 0; k < ix->doc[i].n_tags; k++)
			free(ix->doc[i].tag_text[k]);
		free(ix->doc[i].tags);
		free(ix->doc[i].tag_text);
		free(ix->doc[i].vec);
	}
	for (size_t i = 0; ix->tri && i < ix->ntri; i++)
		free(ix->tri[i].ids);
	free(ix->tri);
	free(ix->doc);
	free(ix->by_id);
	dict_free(&ix->stems);
	dict_free(&ix->surfaces);
	dict_free(&ix->tags);
	free(ix);
}

size_t search_index_count(const struct search_index *ix)
{
	return ix->n;
}

/* ---- querying ---- */

struct scratch {
	double *total, *best;
	uint32_t *touched, *stamp; /* docs of the current word; stamp = word + 1 */
	size_t n_touched;
	uint16_t *count;           /* trigram hits per surface word */
	uint32_t *cand;
	size_t n_cand;
	double *acc;               /* a split compound's two words, per doc */
	uint32_t *touched2, *stamp2;
	size_t n_touched2;
};

static void scratch_free(struct scratch *s)
{
	free(s->total);
	free(s->best);
	free(s->touched);
	free(s->stamp);
	free(s->count);
	free(s->cand);
	free(s->acc);
	free(s->touched2);
	free(s->stamp2);
}

static int scratch_init(struct scratch *s, const struct search_index *ix)
{
	memset(s, 0, sizeof(*s));
	size_t n = ix->n + 1, ns = ix->surfaces.n + 1;
	s->total = calloc(n, sizeof(double));
	s->best = calloc(n, sizeof(double));
	s->touched = calloc(n, sizeof(uint32_t));
	s->stamp = calloc(n, sizeof(uint32_t));
	s->count = calloc(ns, sizeof(uint16_t));
	s->cand = calloc(ns, sizeof(uint32_t));
	s->acc = calloc(n, sizeof(double));
	s->touched2 = calloc(n, sizeof(uint32_t));
	s->stamp2 = calloc(n, sizeof(uint32_t));
	if (s->total && s->best && s->touched && s->stamp && s->count && s->cand && s->acc &&
	    s->touched2 && s->stamp2)
		return 0;
	scratch_free(s);
	return LWP_ENOMEM;
}

/* Raise the word's best weighted tf in document d to v. */
static void offer(struct scratch *s, uint32_t d, double v, uint32_t word)
{
	if (s->stamp[d] != word + 1) {
		s->stamp[d] = word + 1;
		s->best[d] = 0;
		s->touched[s->n_touched++] = d;
	}
	if (v > s->best[d])
		s->best[d] = v;
}

static void offer_term(const struct search_index *ix, struct scratch *s, const struct term *t,
		       double factor, uint32_t word)
{
	for (uint32_t k = 0; k < t->n; k++) {
		const struct posting *p = &t->post[k];
		offer(s, p->doc, factor * rank_field_tfw(&ix->p, p->tf, ix->doc[p->doc].nf), word);
	}
}

/* The two words of a split compound, each scored as a word of its own
 * (own idf), half each: acc[d] for the documents in touched2. */
static void score_parts(const struct search_index *ix, struct scratch *s, const struct qword *q,
			uint32_t word)
{
	s->n_touched2 = 0;
	for (int k = 0; k < q->n_part; k++) {
		uint32_t t = rank_dict_find(&ix->stems, q->part[k]);
		if (t == NONE)
			continue;
		const struct term *tm = &ix->stems.v[t];
		size_t df = 0;
		for (uint32_t j = 0; j < tm->n; j++)
			df += rank_field_tfw(&ix->p, tm->post[j].tf, ix->doc[tm->post[j].doc].nf) > 0;
		for (uint32_t j = 0; j < tm->n; j++) {
			uint32_t d = tm->post[j].doc;
			double v = rank_field_tfw(&ix->p, tm->post[j].tf, ix->doc[d].nf);
			if (v <= 0)
				continue;
			if (s->stamp2[d] != word + 1) {
				s->stamp2[d] = word + 1;
				s->acc[d] = 0;
				s->touched2[s->n_touched2++] = d;
			}
			s->acc[d] += 0.5 * rank_bm25(&ix->p, ix->n, df, v);
		}
	}
}

/* Surface words holding enough of a probe's trigrams, scaled by the cover. */
static void offer_partial(const struct search_index *ix, struct scratch *s,
			  const struct qword *q, uint32_t word)
{
	for (int pr = 0; pr < q->n_probe; pr++) {
		s->n_cand = 0;
		for (size_t j = 0; j < q->n_tri[pr]; j++) {
			const struct trigram_list *l = tri_find(ix, q->tri[pr][j]);
			for (uint32_t k = 0; l && k < l->n; k++)
				if (s->count[l->ids[k]]++ == 0)
					s->cand[s->n_cand++] = l->ids[k];
		}
		for (size_t c = 0; c < s->n_cand; c++) {
			uint32_t sid = s->cand[c];
			double f = rank_partial_factor(&ix->p, (double)s->count[sid] / (double)q->n_tri[pr]);
			s->count[sid] = 0;
			if (f > 0)
				offer_term(ix, s, &ix->surfaces.v[sid], f, word);
		}
	}
}

/* A word's score in each document: the BM25 of its best weighted tf over
 * its variants, or partial_weight times its compound's parts if more. */
static void score_word(const struct search_index *ix, struct scratch *s, const struct qword *q,
		       uint32_t word)
{
	s->n_touched = 0;
	for (int v = 0; v < q->n_stem; v++) {
		uint32_t t = rank_dict_find(&ix->stems, q->stem[v]);
		if (t != NONE)
			offer_term(ix, s, &ix->stems.v[t], 1.0, word);
	}
	offer_partial(ix, s, q, word);
	size_t df = 0;
	for (size_t i = 0; i < s->n_touched; i++)
		df += s->best[s->touched[i]] > 0;
	for (size_t i = 0; i < s->n_touched; i++) {
		uint32_t d = s->touched[i];
		if (s->best[d] > 0)
			s->best[d] = rank_bm25(&ix->p, ix->n, df, s->best[d]);
	}
	score_parts(ix, s, q, word);
	for (size_t i = 0; i < s->n_touched2; i++) {
		uint32_t d = s->touched2[i];
		offer(s, d, ix->p.partial_weight * s->acc[d], word);
	}
	for (size_t i = 0; i < s->n_touched; i++)
		s->total[s->touched[i]] += s->best[s->touched[i]];
}

int rank_kept(const struct search_where *where, int64_t id)
{
	return !where || !where->keep || where->keep(where->ctx, id);
}

static int collect(const struct search_index *ix, const double *total,
		   const struct search_where *where, size_t limit, struct search_hit *hits,
		   size_t *n_hits, size_t *total_out)
{
	struct search_hit *all = malloc((ix->n + 1) * sizeof(*all));
	if (!all)
		return LWP_ENOMEM;
	size_t k = 0;
	for (size_t d = 0; d < ix->n; d++)
		if (total[d] > 0 && rank_kept(where, ix->doc[d].id))
			all[k++] = (struct search_hit){ix->doc[d].id, total[d]};
	rank_finish_hits(all, k, limit, hits, n_hits, total_out);
	free(all);
	return 0;
}

int search_query(const struct search_index *ix, const char *query,
		 const struct search_where *where, size_t limit, struct search_hit *hits,
		 size_t *n_hits, size_t *total, struct lwp_error *err)
{
	*n_hits = *total = 0;
	struct qword *qw = calloc(QUERY_WORDS_MAX, sizeof(*qw));
	const char *tok[QUERY_WORDS_MAX] = {0};
	struct stem_tokens t;
	struct scratch s;
	stem_tokens_init(&t, 4096);
	if (!qw || scratch_init(&s, ix) != 0) {
		free(qw);
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	}
	int rc = rank_query_words(query, qw, &t, tok);
	if (rc < 0) {
		lwp_fail(err, rc, "q", "query too long");
		goto done;
	}
	int nq = rc;
	rank_qword_parts(qw, nq, tok, rank_known_surface, ix);
	for (int w = 0; w < nq; w++)
		score_word(ix, &s, &qw[w], (uint32_t)w);
	rc = collect(ix, s.total, where, limit, hits, n_hits, total);
	if (rc)
		lwp_fail(err, rc, NULL, "out of memory");
done:
	scratch_free(&s);
	stem_tokens_free(&t);
	free(qw);
	return rc;
}
