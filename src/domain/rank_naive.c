/*
 * The naive reference of search_query (rank.h): every document tokenised and
 * scored on its own, statistics from the whole set, no index. It shares the
 * scoring functions of rank.c, so it gives the very same numbers; the tests
 * compare the two on the labelled set and the benchmark times one against
 * the other.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/rank.h"
#include "domain/rank_internal.h"
#include "domain/stem.h"

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
				double fac = rank_partial_factor(p, rank_cover(q->tri[pr], q->n_tri[pr], tg, nt));
				if (fac <= 0)
					continue;
				count_tf(dt, tok, 0, tf);
				double v = fac * rank_field_tfw(p, tf, nf);
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
		double x = rank_field_tfw(p, tf, nf);
		best = x > best ? x : best;
	}
	return best;
}

static double naive_part(const struct search_params *p, const struct doc_tokens *dt,
			 const double *nf, const char *stem)
{
	uint16_t tf[SEARCH_FIELD_COUNT];
	count_tf(dt, stem, 1, tf);
	return rank_field_tfw(p, tf, nf);
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
	return bsearch(&w, v->w, v->n, sizeof(*v->w), rank_cmp_cstr) != NULL;
}

static void vocab_free(struct vocab *v)
{
	for (uint32_t i = 0; i < v->n; i++)
		free(v->w[i]);
	free(v->w);
}

static void vocab_sort(struct vocab *v)
{
	qsort(v->w, v->n, sizeof(*v->w), rank_cmp_cstr);
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
			if (rank_grow((void **)&v->w, &v->cap, v->n + 1, sizeof(*v->w)) ||
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
		rc = rank_doc_tokens_make(&docs[d], &dt);
		if (rc == 0)
			rc = naive_count(&dt, len[d], v);
		for (int f = 0; f < SEARCH_FIELD_COUNT; f++)
			avg[f] += len[d][f];
		rank_doc_tokens_free(&dt);
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
		rank_qword_parts(qw, nq, tok, vocab_known, &v);
	for (size_t d = 0; rc == 0 && d < n; d++) {
		struct doc_tokens dt;
		rc = rank_doc_tokens_make(&docs[d], &dt);
		rank_length_norms(p, len[d], avg, nf);
		for (int w = 0; rc == 0 && w < nq; w++) {
			best[(size_t)(3 * w) * n + d] = naive_best(p, &dt, nf, &qw[w]);
			for (int k = 0; k < qw[w].n_part; k++)
				best[(size_t)(3 * w + 1 + k) * n + d] =
					naive_part(p, &dt, nf, qw[w].part[k]);
		}
		rank_doc_tokens_free(&dt);
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
			x = x > 0 ? rank_bm25(p, n, df[3 * w], x) : 0;
			for (int c = 3 * w + 1; c <= 3 * w + qw[w].n_part; c++)
				if (best[(size_t)c * n + d] > 0)
					part += 0.5 * rank_bm25(p, n, df[c], best[(size_t)c * n + d]);
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
	struct qword *qw = calloc(QUERY_WORDS_MAX, sizeof(*qw));
	double *best = calloc((size_t)3 * QUERY_WORDS_MAX * n + 1, sizeof(double));
	struct search_hit *all = calloc(n + 1, sizeof(*all));
	const char *tok[QUERY_WORDS_MAX] = {0};
	struct stem_tokens t;
	stem_tokens_init(&t, 4096);
	int nq = 0, rc = LWP_ENOMEM;
	size_t k = 0;
	if (!qw || !best || !all)
		goto fail;
	if ((nq = rc = rank_query_words(query, qw, &t, tok)) < 0)
		goto fail;
	if ((rc = naive_pass(docs, n, p, qw, nq, tok, best)) != 0)
		goto fail;
	naive_scores(docs, n, p, qw, nq, best, all, &k);
	rank_finish_hits(all, k, limit, hits, n_hits, total);
fail:
	stem_tokens_free(&t);
	free(qw);
	free(best);
	free(all);
	return rc ? lwp_fail(err, rc, NULL, "search failed") : 0;
}
