/*
 * Internal to domain/rank.c, rank_naive.c and similar.c: the index's structs
 * and the pieces of scoring that the index and the naive reference share, so
 * that both compute the very same numbers. Nothing outside those files
 * includes this; the interface is rank.h.
 */
#ifndef LWP_DOMAIN_RANK_INTERNAL_H
#define LWP_DOMAIN_RANK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "domain/rank.h"
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
	struct wterm *vec; /* TF-IDF for similar, sorted by term */
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
};

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

/* The tokens of every field of one document, and its language. */
struct doc_tokens {
	struct stem_tokens f[SEARCH_FIELD_COUNT];
	enum lang lang;
};

/* Grow *p (of *cap elements of size) to hold need; LWP_ENOMEM. */
int rank_grow(void **p, uint32_t *cap, size_t need, size_t size);
/* The id of s in d, or NONE. */
uint32_t rank_dict_find(const struct dict *d, const char *s);
int rank_known_surface(const void *ctx, const char *w);

/* BM25F: the weighted term frequency over fields, with length norms nf. */
double rank_field_tfw(const struct search_params *p, const uint16_t *tf, const double *nf);
/* BM25 of a weighted tf for a term in df of n documents. */
double rank_bm25(const struct search_params *p, size_t n, size_t df, double tfw);
void rank_length_norms(const struct search_params *p, const uint32_t *len, const double *avg,
		       double *nf);
/* Share of a probe's trigrams in the sorted, distinct set s. */
double rank_cover(const uint32_t *probe, size_t np, const uint32_t *s, size_t ns);
/* The factor of a partial match of this cover (0 below partial_cover). */
double rank_partial_factor(const struct search_params *p, double cover);

int rank_decompound(const char *w, known_fn known, const void *ctx,
		    char out[2][STEM_TOKEN_MAX + 1]);
void rank_qword_parts(struct qword *qw, int n, const char *const *tok, known_fn known,
		      const void *ctx);
/* The query's words (at most QUERY_WORDS_MAX) into qw, their text into tok
 * (pointing into t); returns their number or a negative result code. */
int rank_query_words(const char *query, struct qword *qw, struct stem_tokens *t,
		     const char **tok);

int rank_doc_tokens_make(const struct search_doc *d, struct doc_tokens *dt);
void rank_doc_tokens_free(struct doc_tokens *dt);

int rank_cmp_cstr(const void *a, const void *b);
int rank_cmp_id_pos(const void *a, const void *b);
/* Sort all[0..n_all) best first, ties by id; copy the best limit. */
void rank_finish_hits(struct search_hit *all, size_t n_all, size_t limit,
		      struct search_hit *hits, size_t *n_hits, size_t *total);
int rank_kept(const struct search_where *where, int64_t id);

/* similar.c: the TF-IDF vectors, built once the dictionaries are complete. */
int rank_vectors_build(struct search_index *ix);

#endif
