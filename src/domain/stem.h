/*
 * Text to index terms for the search of initiatives: a tokeniser that folds
 * case and diacritics ("Coördinatie" -> "coordinatie"), stopwords, our own
 * Dutch and English stemmers, and character trigrams for parts of compounds.
 * Everything is pure (no global state), so the same text gives the same
 * terms on every backend and in every thread.
 */
#ifndef LWP_DOMAIN_STEM_H
#define LWP_DOMAIN_STEM_H

#include <stddef.h>
#include <stdint.h>

#include "core/lang.h"

/* Longest token kept, in bytes; longer runs of letters are cut there. */
#define STEM_TOKEN_MAX 48

/* A list of normalised tokens: lower case, diacritics removed, split on
 * everything that is not a letter or a digit. Tokens live in one pool. */
struct stem_tokens {
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *off; /* start of token i in pool, NUL-terminated */
	size_t n, cap;
	size_t max;    /* cap on n; more tokens fail with LWP_ETOOLARGE */
};

void stem_tokens_init(struct stem_tokens *t, size_t max);
void stem_tokens_free(struct stem_tokens *t);
void stem_tokens_reset(struct stem_tokens *t);
static inline const char *stem_token(const struct stem_tokens *t, size_t i)
{
	return t->pool + t->off[i];
}

/* Append the tokens of UTF-8 text (NULL is empty) to out. Invalid bytes
 * separate tokens. Returns 0, LWP_ENOMEM or LWP_ETOOLARGE. */
int stem_tokenize(const char *text, struct stem_tokens *out);

/* Fold one code point to its lower-case base letter(s) without diacritics
 * (at most 2 ASCII bytes into out, e.g. U+00DF -> "ss"). Returns the number
 * of bytes written, 0 when cp is not a letter we fold (the tokeniser then
 * keeps letters of other scripts as they are). */
size_t stem_fold(uint32_t cp, char out[2]);

/* 1 when the normalised token is a stopword of Dutch or English. */
int stem_is_stopword(const char *tok);

/* Guess the language of a token list by its stopwords: LANG_EN only when
 * clearly more English than Dutch function words occur. */
enum lang stem_guess_lang(const struct stem_tokens *t);

/* Stem a normalised token into out (size STEM_TOKEN_MAX + 1); returns the
 * length. Dutch: plural and inflection endings (-en, -s, -e), -heid/-heden,
 * -ing, -end, -atie ~ -eren, with v/f, z/s and doubled letters levelled, so
 * that both forms of a pair give one key (the key need not be a word). */
size_t stem_dutch(const char *tok, char *out);
size_t stem_english(const char *tok, char *out);
size_t stem_word(enum lang lang, const char *tok, char *out);

/* A small glossary of this field's words in both languages, so that an
 * English query finds Dutch initiatives and the other way round. If the
 * normalised tokens tok[0..n) start with an entry in either language
 * (compared by stems, so plurals match), *used gets its number of tokens
 * (1 or 2) and the other language's words are returned, space-separated
 * ("self managing" -> "zelfsturend"); NULL otherwise. */
const char *stem_glossary(const char *const *tok, size_t n, size_t *used);

/* The distinct byte trigrams of a token (no padding, so a word's trigrams
 * are found inside a compound), packed as 0x00AABBCC, sorted ascending.
 * Writes at most max; returns the number written. Tokens shorter than 3
 * bytes have none. */
size_t stem_trigrams(const char *tok, uint32_t *out, size_t max);

#endif
