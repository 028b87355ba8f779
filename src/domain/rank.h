/*
 * Ranking of initiatives, computed by our own code so that SQLite and
 * PostgreSQL give the same order: the store hands over the candidate
 * documents, search_index_build makes a small in-memory inverted index
 * (build once, query many; rebuild when initiatives change) and
 * search_query / search_similar answer from it. No SQL, no I/O.
 *
 * Search: BM25F over weighted fields plus a partial component for parts of
 * compounds and near spellings ("netwerk" finds "koplopersnetwerk"): per
 * query word, a document earns the best of its exact-stem score (Dutch,
 * English and glossary stems), of partial_weight * cover * score of a
 * document word that holds most of the query word's trigrams, and of
 * partial_weight times the scores of the two corpus words a query compound
 * splits into ("wijkteams" finds "wijk" and "teams"). Word scores add up.
 * Ties go to the lower id.
 *
 * Similar: TF-IDF cosine of title, summary, questions and tags (compounds
 * also count as their two words, at half weight), Jaccard of tags, and the
 * same theme, stage and kind of organisation, weighted; each hit carries a
 * structured reason (shared top words, shared tags, same kind).
 */
#ifndef LWP_DOMAIN_RANK_H
#define LWP_DOMAIN_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "domain/model.h"

enum search_field {
	SEARCH_TITLE,
	SEARCH_SUMMARY,
	SEARCH_QUESTIONS,
	SEARCH_TAGS,         /* comma-separated */
	SEARCH_ORGANISATION, /* name, and whatever else the caller adds */
	SEARCH_FIELD_COUNT
};

enum initiative_stage { STAGE_IDEA, STAGE_STARTED, STAGE_RUNNING, STAGE_EVALUATED, STAGE_COUNT };

const char *initiative_stage_code(enum initiative_stage s);
/* "idea", "started", "running", "evaluated"; -1 for anything else. */
int initiative_stage_parse(const char *s);

/* One initiative as the store hands it over. Strings are UTF-8 (validated
 * at the edge), NULL means empty, and are copied: the caller may free the
 * documents once the index is built. */
struct search_doc {
	int64_t id;
	const char *field[SEARCH_FIELD_COUNT];
	enum theme theme;
	enum initiative_stage stage;
	enum org_kind kind;
};

struct search_params {
	double k1, b;                        /* BM25: saturation, length norm */
	double weight[SEARCH_FIELD_COUNT];   /* BM25F field weights */
	double partial_weight;               /* factor on partial matches */
	double partial_cover;                /* share of trigrams needed, 0..1 */
	/* similar: weights of the parts, summing to 1 by default */
	double sim_text, sim_tags, sim_theme, sim_stage, sim_kind;
};

void search_default_params(struct search_params *p);

struct search_index;

/* Build the index over docs[0..n) (ids need not be sorted, must be unique).
 * Returns 0, LWP_EINVAL (duplicate id, n too large) or LWP_ENOMEM. */
int search_index_build(const struct search_doc *docs, size_t n,
		       const struct search_params *p, struct search_index **out,
		       struct lwp_error *err) __attribute__((warn_unused_result));
void search_index_free(struct search_index *ix);
size_t search_index_count(const struct search_index *ix);

struct search_hit {
	int64_t id;
	double score;
};

/* Which documents the caller may get (visibility, the page's filters);
 * a NULL where keeps all. Statistics (idf, lengths) stay those of the whole
 * index, so a document's score does not depend on who asks. */
struct search_where {
	int (*keep)(const void *ctx, int64_t id);
	const void *ctx;
};

/* The best min(limit, matches) documents for the query, best first (ties by
 * id ascending) into hits[0..*n_hits); *total is the number of kept
 * documents that match at all. An empty query (or only stopwords) matches
 * nothing. Thread-safe: the index is only read. */
int search_query(const struct search_index *ix, const char *query,
		 const struct search_where *where, size_t limit, struct search_hit *hits,
		 size_t *n_hits, size_t *total, struct lwp_error *err)
	__attribute__((warn_unused_result));

/* The same ranking without the index: every document is tokenised and scored
 * on its own (statistics from the whole set). The reference for the tests
 * (same scores as search_query) and the benchmark. */
int search_rank_naive(const struct search_doc *docs, size_t n, const struct search_params *p,
		      const char *query, size_t limit, struct search_hit *hits,
		      size_t *n_hits, size_t *total,
		      struct lwp_error *err) __attribute__((warn_unused_result));

#define SIMILAR_TERMS_MAX 3
#define SIMILAR_TAGS_MAX 4

/* Why two initiatives are alike. Strings point into the index (valid while
 * it lives): terms are the shared words that weigh most, in a surface form
 * seen in the texts; tags as the first initiative writes them. */
struct similar_reason {
	const char *terms[SIMILAR_TERMS_MAX];
	size_t n_terms;
	const char *tags[SIMILAR_TAGS_MAX];
	size_t n_tags;
	int same_kind, same_theme, same_stage;
	enum org_kind kind;
	enum theme theme;
	enum initiative_stage stage;
};

struct similar_hit {
	int64_t id;
	double score;
	struct similar_reason reason;
};

/* Up to limit kept initiatives most like the one with this id (sharing
 * words or tags with it), best first, ties by id. LWP_ENOTFOUND when the id
 * is not in the index. */
int search_similar(const struct search_index *ix, int64_t id, const struct search_where *where,
		   size_t limit, struct similar_hit *hits, size_t *n_hits,
		   struct lwp_error *err) __attribute__((warn_unused_result));

/* The reason as one plain-text sentence (the caller escapes it), e.g. "both
 * work on zelfsturing, teams and coaching in executive agencies; shared tags:
 * zelfsturing, teams" or "beide werken aan ... bij uitvoeringsorganisaties;
 * gedeelde tags: ...". Sticky buffer errors, as buf_*. */
void similar_reason_format(const struct similar_reason *r, enum lang lang, struct buf *out);

#endif
