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
 * Similar compares TF-IDF vectors (sorted by term, one merge per pair: a
 * linear pass over the documents, a few ms at 10,000). Allocation: the index
 * owns copies of everything; a query allocates its scratch and frees it.
 */
#include "domain/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/stem.h"

#define DOCS_MAX 1000000u
#define FIELD_TOKENS_MAX (1u << 20)
#define QUERY_WORDS_MAX 32
#define NONE UINT32_MAX

struct posting {
	uint32_t doc;
	uint16_t tf[SEARCH_FIELD_COUNT];
};

struct term {
	char *text;
	struct posting *post;
	uint32_t n, cap;
	uint32_t surface; /* stems: the shortest surface form seen */
};

struct dict {
	struct term *v;
	size_t n, cap;
	uint32_t *slot; /* open addressing, NONE when empty */
	size_t nslot;   /* a power of two */
};

struct trigram_list {
	uint32_t key; /* 0 when empty: a trigram has no NUL byte */
	uint32_t *ids, n, cap;
};

struct wterm {
	uint32_t term;
	double w;
};

struct idoc {
	int64_t id;
	double nf[SEARCH_FIELD_COUNT]; /* BM25 length norm per field */
	enum theme theme;
	enum initiative_stage stage;
	enum org_kind kind;
	uint32_t *tags;  /* tag ids, in the order written, no repeats */
	char **tag_text; /* as written, trimmed */
	size_t n_tags;
	struct wterm *vec; /* TF-IDF of title, summary and questions, by term */
	size_t n_vec;
	double norm;
};

struct id_pos {
	int64_t id;
	uint32_t pos;
};

struct search_index {
	struct search_params p;
	size_t n;
	struct idoc *doc;
	struct id_pos *by_id;
	struct dict stems, surfaces, tags;
	struct trigram_list *tri;
	size_t ntri; /* a power of two */
	size_t used_tri;
};

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

static int grow(void **p, uint32_t *cap, size_t need, size_t size)
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

static uint32_t dict_find(const struct dict *d, const char *s)
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
	uint32_t t = dict_find(d, s);
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
		if (grow((void **)&t->post, &t->cap, t->n + 1, sizeof(*t->post)))
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

static double field_tfw(const struct search_params *p, const uint16_t *tf, const double *nf)
{
	double s = 0;
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		if (tf[f])
			s += p->weight[f] * tf[f] / nf[f];
	return s;
}

static double bm25(const struct search_params *p, size_t n, size_t df, double tfw)
{
	double idf = log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
	return idf * tfw * (p->k1 + 1.0) / (p->k1 + tfw);
}

static void length_norms(const struct search_params *p, const uint32_t *len,
			 const double *avg, double *nf)
{
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		nf[f] = avg[f] > 0 ? 1.0 - p->b + p->b * len[f] / avg[f] : 1.0;
}

#define QWORD_STEMS 8

/* A query word: its stems (exact) and its probes (trigram sets, partial). */
struct qword {
	char stem[QWORD_STEMS][STEM_TOKEN_MAX + 1]; /* Dutch, English, translated */
	int n_stem;
	uint32_t tri[2][STEM_TOKEN_MAX];
	size_t n_tri[2];
	int n_probe;
	char part[2][STEM_TOKEN_MAX + 1]; /* stems of a compound's two words */
	int n_part;
};

#define PART_MIN 4

/* Is w a word of the corpus? */
typedef int (*known_fn)(const void *ctx, const char *w);

/* Split a compound into two words of the corpus, each at least PART_MIN
 * long, with a linking s allowed between them ("uitvoering-s-organisatie");
 * the longest first word wins. Returns 1 with the parts' stems. */
static int decompound(const char *w, known_fn known, const void *ctx,
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

static void qword_parts(struct qword *qw, int n, const char *const *tok, known_fn known,
			const void *ctx)
{
	for (int i = 0; i < n; i++)
		qw[i].n_part = tok[i] && decompound(tok[i], known, ctx, qw[i].part) ? 2 : 0;
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
 * number or <0. The words stay in t (for decompound). */
static int query_words(const char *query, struct qword *qw, struct stem_tokens *t,
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
static double cover_of(const uint32_t *probe, size_t np, const uint32_t *s, size_t ns)
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

static double partial_factor(const struct search_params *p, double cover)
{
	return cover >= p->partial_cover ? p->partial_weight * cover : 0.0;
}

static int cmp_cstr(const void *a, const void *b)
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
static void finish_hits(struct search_hit *all, size_t n_all, size_t limit,
			struct search_hit *hits, size_t *n_hits, size_t *total)
{
	qsort(all, n_all, sizeof(*all), cmp_hit);
	*total = n_all;
	*n_hits = n_all < limit ? n_all : limit;
	memcpy(hits, all, *n_hits * sizeof(*hits));
}

/* ---- building ---- */

/* The tokens of every field of one document, and its language. */
struct doc_tokens {
	struct stem_tokens f[SEARCH_FIELD_COUNT];
	enum lang lang;
};

static void doc_tokens_free(struct doc_tokens *dt)
{
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		stem_tokens_free(&dt->f[f]);
}

static int doc_tokens_make(const struct search_doc *d, struct doc_tokens *dt)
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
	int rc = doc_tokens_make(src, &dt);
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
	doc_tokens_free(&dt);
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
		length_norms(&ix->p, len[i], avg, ix->doc[i].nf);
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
			if (grow((void **)&l->ids, &l->cap, l->n + 1, sizeof(*l->ids)))
				return LWP_ENOMEM;
			l->ids[l->n++] = (uint32_t)s;
		}
	}
	return 0;
}

static int known_surface(const void *ctx, const char *w)
{
	const struct search_index *ix = ctx;
	return dict_find(&ix->surfaces, w) != NONE;
}

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
		if (strlen(s->text) < 2 * PART_MIN || !decompound(s->text, known_surface, ix, part))
			continue;
		uint32_t pt[2] = {dict_find(&ix->stems, part[0]), dict_find(&ix->stems, part[1])};
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
static int index_vectors(struct search_index *ix)
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

static int cmp_id_pos(const void *a, const void *b)
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
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), cmp_id_pos);
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
	if ((rc = index_trigrams(ix)) != 0 || (rc = index_vectors(ix)) != 0)
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
		offer(s, p->doc, factor * field_tfw(&ix->p, p->tf, ix->doc[p->doc].nf), word);
	}
}

/* The two words of a split compound, each scored as a word of its own
 * (own idf), half each: acc[d] for the documents in touched2. */
static void score_parts(const struct search_index *ix, struct scratch *s, const struct qword *q,
			uint32_t word)
{
	s->n_touched2 = 0;
	for (int k = 0; k < q->n_part; k++) {
		uint32_t t = dict_find(&ix->stems, q->part[k]);
		if (t == NONE)
			continue;
		const struct term *tm = &ix->stems.v[t];
		size_t df = 0;
		for (uint32_t j = 0; j < tm->n; j++)
			df += field_tfw(&ix->p, tm->post[j].tf, ix->doc[tm->post[j].doc].nf) > 0;
		for (uint32_t j = 0; j < tm->n; j++) {
			uint32_t d = tm->post[j].doc;
			double v = field_tfw(&ix->p, tm->post[j].tf, ix->doc[d].nf);
			if (v <= 0)
				continue;
			if (s->stamp2[d] != word + 1) {
				s->stamp2[d] = word + 1;
				s->acc[d] = 0;
				s->touched2[s->n_touched2++] = d;
			}
			s->acc[d] += 0.5 * bm25(&ix->p, ix->n, df, v);
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
			double f = partial_factor(&ix->p, (double)s->count[sid] / (double)q->n_tri[pr]);
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
		uint32_t t = dict_find(&ix->stems, q->stem[v]);
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
			s->best[d] = bm25(&ix->p, ix->n, df, s->best[d]);
	}
	score_parts(ix, s, q, word);
	for (size_t i = 0; i < s->n_touched2; i++) {
		uint32_t d = s->touched2[i];
		offer(s, d, ix->p.partial_weight * s->acc[d], word);
	}
	for (size_t i = 0; i < s->n_touched; i++)
		s->total[s->touched[i]] += s->best[s->touched[i]];
}

static int kept(const struct search_where *where, int64_t id)
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
		if (total[d] > 0 && kept(where, ix->doc[d].id))
			all[k++] = (struct search_hit){ix->doc[d].id, total[d]};
	finish_hits(all, k, limit, hits, n_hits, total_out);
	free(all);
	return 0;
}

int search_query(const struct search_index *ix, const char *query,
		 const struct search_where *where, size_t limit, struct search_hit *hits,
		 size_t *n_hits, size_t *total, struct lwp_error *err)
{
	*n_hits = *total = 0;
	struct qword *qw = malloc(QUERY_WORDS_MAX * sizeof(*qw));
	const char *tok[QUERY_WORDS_MAX] = {0};
	struct stem_tokens t;
	struct scratch s;
	stem_tokens_init(&t, 4096);
	if (!qw || scratch_init(&s, ix) != 0) {
		free(qw);
		return lwp_fail(err, LWP_ENOMEM, NULL, "out of memory");
	}
	int rc = query_words(query, qw, &t, tok);
	if (rc < 0) {
		lwp_fail(err, rc, "q", "query too long");
		goto done;
	}
	int nq = rc;
	qword_parts(qw, nq, tok, known_surface, ix);
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

/* ---- the naive reference: every document tokenised and scored alone ---- */

static void count_tf(const struct doc_tokens *dt, const char *w, int stemmed, uint16_t *tf)
{
	memset(tf, 0, SEARCH_FIELD_COUNT * sizeof(*tf));
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		for (size_t k = 0; k < dt->f[f].n; k++) {
			const char *tok = stem_token(&dt->f[f], k), *cmp = tok;
			char st[STEM_TOKEN_MAX + 1];
			if (stem_is_stopword(tok))
				continue;
			if (stemmed) {
				stem_word(dt->lang, tok, st);
				cmp = st;
			}
			if (strcmp(cmp, w) == 0 && tf[f] < UINT16_MAX)
				tf[f]++;
		}
}

static double naive_partial(const struct search_params *p, const struct doc_tokens *dt,
			    const double *nf, const struct qword *q)
{
	double best = 0;
	uint32_t tg[STEM_TOKEN_MAX];
	uint16_t tf[SEARCH_FIELD_COUNT];
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		for (size_t k = 0; k < dt->f[f].n; k++) {
			const char *tok = stem_token(&dt->f[f], k);
			if (stem_is_stopword(tok))
				continue;
			size_t nt = stem_trigrams(tok, tg, STEM_TOKEN_MAX);
			for (int pr = 0; pr < q->n_probe; pr++) {
				double fac = partial_factor(p, cover_of(q->tri[pr], q->n_tri[pr], tg, nt));
				if (fac <= 0)
					continue;
				count_tf(dt, tok, 0, tf);
				double v = fac * field_tfw(p, tf, nf);
				best = v > best ? v : best;
			}
		}
	return best;
}

static double naive_best(const struct search_params *p, const struct doc_tokens *dt,
			 const double *nf, const struct qword *q)
{
	uint16_t tf[SEARCH_FIELD_COUNT];
	double best = naive_partial(p, dt, nf, q);
	for (int v = 0; v < q->n_stem; v++) {
		count_tf(dt, q->stem[v], 1, tf);
		double x = field_tfw(p, tf, nf);
		best = x > best ? x : best;
	}
	return best;
}

static double naive_part(const struct search_params *p, const struct doc_tokens *dt,
			 const double *nf, const char *stem)
{
	uint16_t tf[SEARCH_FIELD_COUNT];
	count_tf(dt, stem, 1, tf);
	return field_tfw(p, tf, nf);
}

/* Every word of the corpus once, sorted: what the surface dictionary is to
 * the index. */
struct vocab {
	char **w;
	uint32_t n, cap;
};

static int vocab_known(const void *ctx, const char *w)
{
	const struct vocab *v = ctx;
	return bsearch(&w, v->w, v->n, sizeof(*v->w), cmp_cstr) != NULL;
}

static void vocab_free(struct vocab *v)
{
	for (uint32_t i = 0; i < v->n; i++)
		free(v->w[i]);
	free(v->w);
}

static void vocab_sort(struct vocab *v)
{
	qsort(v->w, v->n, sizeof(*v->w), cmp_cstr);
	uint32_t k = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		if (k > 0 && strcmp(v->w[k - 1], v->w[i]) == 0)
			free(v->w[i]);
		else
			v->w[k++] = v->w[i];
	}
	v->n = k;
}

/* Field lengths without stopwords, and the words into the vocabulary. */
static int naive_count(const struct doc_tokens *dt, uint32_t *len, struct vocab *v)
{
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++) {
		len[f] = 0;
		for (size_t k = 0; k < dt->f[f].n; k++) {
			const char *w = stem_token(&dt->f[f], k);
			if (stem_is_stopword(w))
				continue;
			len[f]++;
			if (grow((void **)&v->w, &v->cap, v->n + 1, sizeof(*v->w)) ||
			    !(v->w[v->n] = strdup(w)))
				return LWP_ENOMEM;
			v->n++;
		}
	}
	return 0;
}

static int naive_stats(const struct search_doc *docs, size_t n,
		       uint32_t (*len)[SEARCH_FIELD_COUNT], double *avg, struct vocab *v)
{
	int rc = 0;
	for (size_t d = 0; rc == 0 && d < n; d++) {
		struct doc_tokens dt;
		rc = doc_tokens_make(&docs[d], &dt);
		if (rc == 0)
			rc = naive_count(&dt, len[d], v);
		for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
			avg[f] += len[d][f];
		doc_tokens_free(&dt);
	}
	for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
		avg[f] = n ? avg[f] / (double)n : 0;
	vocab_sort(v);
	return rc;
}

/* best[(3w + 0) * n + d]: the weighted tf of word w in document d;
 * (3w + 1 + k) that of its compound's part k. */
static int naive_pass(const struct search_doc *docs, size_t n, const struct search_params *p,
		      struct qword *qw, int nq, const char *const *tok, double *best)
{
	uint32_t(*len)[SEARCH_FIELD_COUNT] = calloc(n + 1, sizeof(*len));
	double avg[SEARCH_FIELD_COUNT] = {0}, nf[SEARCH_FIELD_COUNT];
	struct vocab v = {0};
	int rc = len ? naive_stats(docs, n, len, avg, &v) : LWP_ENOMEM;
	if (rc == 0)
		qword_parts(qw, nq, tok, vocab_known, &v);
	for (size_t d = 0; rc == 0 && d < n; d++) {
		struct doc_tokens dt;
		rc = doc_tokens_make(&docs[d], &dt);
		length_norms(p, len[d], avg, nf);
		for (int w = 0; rc == 0 && w < nq; w++) {
			best[(size_t)(3 * w) * n + d] = naive_best(p, &dt, nf, &qw[w]);
			for (int k = 0; k < qw[w].n_part; k++)
				best[(size_t)(3 * w + 1 + k) * n + d] =
					naive_part(p, &dt, nf, qw[w].part[k]);
		}
		doc_tokens_free(&dt);
	}
	vocab_free(&v);
	free(len);
	return rc;
}

static void naive_scores(const struct search_doc *docs, size_t n, const struct search_params *p,
			 const struct qword *qw, int nq, const double *best,
			 struct search_hit *all, size_t *k)
{
	size_t df[3 * QUERY_WORDS_MAX] = {0};
	for (int c = 0; c < 3 * nq; c++)
		for (size_t d = 0; d < n; d++)
			df[c] += best[(size_t)c * n + d] > 0;
	*k = 0;
	for (size_t d = 0; d < n; d++) {
		double s = 0;
		for (int w = 0; w < nq; w++) {
			double x = best[(size_t)(3 * w) * n + d], part = 0;
			x = x > 0 ? bm25(p, n, df[3 * w], x) : 0;
			for (int c = 3 * w + 1; c <= 3 * w + qw[w].n_part; c++)
				if (best[(size_t)c * n + d] > 0)
					part += 0.5 * bm25(p, n, df[c], best[(size_t)c * n + d]);
			part *= p->partial_weight;
			s += part > x ? part : x;
		}
		if (s > 0)
			all[(*k)++] = (struct search_hit){docs[d].id, s};
	}
}

int search_rank_naive(const struct search_doc *docs, size_t n, const struct search_params *p,
		      const char *query, size_t limit, struct search_hit *hits,
		      size_t *n_hits, size_t *total, struct lwp_error *err)
{
	*n_hits = *total = 0;
	struct qword *qw = malloc(QUERY_WORDS_MAX * sizeof(*qw));
	double *best = calloc((size_t)3 * QUERY_WORDS_MAX * n + 1, sizeof(double));
	struct search_hit *all = calloc(n + 1, sizeof(*all));
	const char *tok[QUERY_WORDS_MAX] = {0};
	struct stem_tokens t;
	stem_tokens_init(&t, 4096);
	int nq = 0, rc = LWP_ENOMEM;
	size_t k = 0;
	if (!qw || !best || !all)
		goto fail;
	if ((nq = rc = query_words(query, qw, &t, tok)) < 0)
		goto fail;
	if ((rc = naive_pass(docs, n, p, qw, nq, tok, best)) != 0)
		goto fail;
	naive_scores(docs, n, p, qw, nq, best, all, &k);
	finish_hits(all, k, limit, hits, n_hits, total);
fail:
	stem_tokens_free(&t);
	free(qw);
	free(best);
	free(all);
	return rc ? lwp_fail(err, rc, NULL, "search failed") : 0;
}

/* ---- similar ---- */

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
	const struct id_pos *f = bsearch(&key, ix->by_id, ix->n, sizeof(key), cmp_id_pos);
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
			if (o == src || !kept(where, o->id))
				continue;
			double s = similar_score(ix, src, o, vec_dot(src, o));
			if (s > 0)
				all[k++] = (struct search_hit){ix->doc[d].id, s};
		}
		finish_hits(all, k, limit, best, n_hits, &total);
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
