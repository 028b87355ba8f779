/*
 * Tokeniser, stopwords and stemmers for the search of initiatives.
 *
 * Folding: Latin-1 and Latin Extended-A letters map to their ASCII base
 * (ë -> e, ß -> ss, ĳ -> ij), combining marks (U+0300..U+036F) are dropped so
 * decomposed input folds the same, and letters of other scripts are kept as
 * they are. Punctuation and symbols split tokens.
 *
 * The Dutch stemmer is our own rule set for this field's vocabulary. Snowball
 * Dutch (libstemmer, PostgreSQL's "dutch") treats e.g. organisatie and
 * organisaties or gemeente and gemeenten differently because it removes -e
 * and -en under different conditions and keeps long vowels; here every step
 * is applied to both forms of a pair alike, and the result is levelled at
 * the end (v -> f, z -> s, a doubled final consonant or vowel made single),
 * so the key need not be a word, only the same for both forms:
 *   1. -en (with -heden -> -heid, -leden -> -lid), -eert -> -eer
 *   2. plural -s after a consonant, -ies, -ers, -els, English -es
 *   3. -atie -> -er (organisatie ~ organiseren), otherwise a final -e
 *   4. -heid, -ing, -end (lerend ~ leren, sturing ~ sturen)
 * The English stemmer is a light one (plural, -ing, -ed, -ation, final -e).
 * The glossary pairs general words of the field (not names), both ways.
 */
#include "domain/stem.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* ---- token list ---- */

void stem_tokens_init(struct stem_tokens *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
}

void stem_tokens_free(struct stem_tokens *t)
{
	free(t->pool);
	free(t->off);
	memset(t, 0, sizeof(*t));
}

void stem_tokens_reset(struct stem_tokens *t)
{
	t->pool_len = 0;
	t->n = 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return LWP_ENOMEM;
	*p = q;
	*cap = c;
	return 0;
}

static int tokens_push(struct stem_tokens *t, const char *s, size_t n)
{
	if (t->n >= t->max)
		return LWP_ETOOLARGE;
	if (t->pool_len + n + 1 > UINT32_MAX)
		return LWP_ETOOLARGE;
	if (grow((void **)&t->pool, &t->pool_cap, t->pool_len + n + 1, 1) ||
	    grow((void **)&t->off, &t->cap, t->n + 1, sizeof(*t->off)))
		return LWP_ENOMEM;
	t->off[t->n++] = (uint32_t)t->pool_len;
	memcpy(t->pool + t->pool_len, s, n);
	t->pool[t->pool_len + n] = '\0';
	t->pool_len += n + 1;
	return 0;
}

/* ---- folding ---- */

/* U+00C0..U+00FF; digits stand for two letters, '-' for a separator. */
static const char fold_latin1[] =
	"aaaaaa1ceeeeiiiidnooooo-ouuuuy23"
	"aaaaaa1ceeeeiiiidnooooo-ouuuuy2y";
/* U+0100..U+017F */
static const char fold_ext_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkkllllllllll"
	"nnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof(fold_latin1) == 65, "fold table covers U+00C0..U+00FF");
_Static_assert(sizeof(fold_ext_a) == 129, "fold table covers U+0100..U+017F");

static size_t fold_code(char c, char out[2])
{
	static const char pairs[][3] = {"ae", "th", "ss", "ij", "oe"};
	if (c == '-')
		return 0;
	if (c >= '1' && c <= '5') {
		memcpy(out, pairs[c - '1'], 2);
		return 2;
	}
	out[0] = c;
	return 1;
}

size_t stem_fold(uint32_t cp, char out[2])
{
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp >= 'A' && cp <= 'Z') {
		out[0] = (char)(cp - 'A' + 'a');
		return 1;
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		return fold_code(fold_latin1[cp - 0xC0], out);
	if (cp >= 0x100 && cp <= 0x17F)
		return fold_code(fold_ext_a[cp - 0x100], out);
	return 0;
}

/* Letters of other scripts: kept unfolded inside tokens. */
static int other_letter(uint32_t cp)
{
	if (cp < 0x180)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE00 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
	    cp >= 0x1F000)
		return 0;
	return 1;
}

/* Decode one code point; returns its length, 0 at NUL, or -1 (one invalid
 * byte) so that the caller can step over it. */
static int decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0)
		return -1;
	uint32_t c = s[0] & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

/* Ends the token in cur (if any): single bytes are dropped (the "s" of
 * "auto's"). */
static int flush(struct stem_tokens *out, char *cur, size_t *len)
{
	int rc = 0;
	if (*len > 1)
		rc = tokens_push(out, cur, *len);
	*len = 0;
	return rc;
}

static void put(char *cur, size_t *len, const char *s, size_t n)
{
	if (*len + n > STEM_TOKEN_MAX)
		return;
	memcpy(cur + *len, s, n);
	*len += n;
}

int stem_tokenize(const char *text, struct stem_tokens *out)
{
	char cur[STEM_TOKEN_MAX];
	size_t len = 0;
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	for (;;) {
		uint32_t cp = 0;
		int n = decode(s, &cp);
		if (n == 0)
			break;
		char f[2];
		size_t fn = n > 0 ? stem_fold(cp, f) : 0;
		if (fn > 0)
			put(cur, &len, f, fn);
		else if (n > 0 && cp >= 0x300 && cp <= 0x36F)
			; /* combining mark: belongs to the letter before it */
		else if (n > 0 && other_letter(cp))
			put(cur, &len, (const char *)s, (size_t)n);
		else if (flush(out, cur, &len))
			return out->n >= out->max ? LWP_ETOOLARGE : LWP_ENOMEM;
		s += n > 0 ? n : 1;
	}
	return flush(out, cur, &len);
}

/* ---- stopwords ---- */

static const char *const stop_nl[] = {
	"aan", "al", "alle", "alles", "als", "altijd", "ander", "andere", "anders", "ben", "bent",
	"bij", "bijna", "binnen", "dan", "dat", "de", "der", "deze", "die", "dit", "doen", "door",
	"dus", "een", "eens", "elk", "elke", "en", "er", "erg", "geen", "geweest", "had",
	"hadden", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand",
	"iets", "ik", "in", "is", "ja", "je", "jij", "jou", "jouw", "jullie", "kan", "kon",
	"kunnen", "kunt", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "moeten",
	"na", "naar", "nee", "niet", "niets", "nog", "nu", "of", "om", "omdat", "onder", "ons",
	"onze", "ook", "op", "over", "reeds", "sinds", "te", "ten", "ter", "tot", "tussen", "u",
	"uit", "uw", "van", "veel", "voor", "waar", "waren", "was", "wat", "we", "wel", "welk",
	"welke", "werd", "wie", "wij", "wil", "wilt", "worden", "wordt", "zal", "ze", "zelf",
	"zich", "zij", "zijn", "zo", "zoals", "zodat", "zonder", "zou", "zouden", "zullen"};
static const char *const stop_en[] = {
	"a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
	"been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
	"does", "doing", "each", "few", "for", "from", "had", "has", "have", "having", "he",
	"her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
	"just", "me", "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only",
	"or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some",
	"such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these",
	"they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very",
	"was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
	"will", "with", "would", "you", "your", "yours"};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_list(const char *const *list, size_t n, const char *tok)
{
	return bsearch(&tok, list, n, sizeof(*list), cmp_str) != NULL;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int stem_is_stopword(const char *tok)
{
	return in_list(stop_nl, COUNT(stop_nl), tok) || in_list(stop_en, COUNT(stop_en), tok);
}

enum lang stem_guess_lang(const struct stem_tokens *t)
{
	size_t nl = 0, en = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *w = stem_token(t, i);
		int a = in_list(stop_nl, COUNT(stop_nl), w), b = in_list(stop_en, COUNT(stop_en), w);
		nl += a && !b;
		en += b && !a;
	}
	return en > nl + 1 ? LANG_EN : LANG_NL;
}

/* ---- shared suffix helpers; w is a NUL-terminated buffer of n bytes ---- */

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static int has_vowel(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_vowel(w[i]))
			return 1;
	return 0;
}

/* Replace the last k bytes by rep when at least min bytes remain before the
 * suffix and they hold a vowel. Returns 1 when done. */
static int swap(char *w, size_t *n, size_t k, const char *rep, size_t min)
{
	if (*n < k + min || !has_vowel(w, *n - k))
		return 0;
	size_t r = strlen(rep);
	memcpy(w + *n - k, rep, r);
	*n = *n - k + r;
	w[*n] = '\0';
	return 1;
}

static void undouble_consonant(char *w, size_t *n)
{
	if (*n >= 3 && w[*n - 1] == w[*n - 2] && !is_vowel(w[*n - 1]))
		w[--*n] = '\0';
}

/* ---- Dutch ---- */

/* v/f and z/s alternate before an ending: initiatief ~ initiatieven. */
static void dutch_level(char *w, size_t *n)
{
	if (*n < 3)
		return;
	if (w[*n - 1] == 'v')
		w[*n - 1] = 'f';
	else if (w[*n - 1] == 'z')
		w[*n - 1] = 's';
	undouble_consonant(w, n);
}

/* The vowel of an open syllable is written single (resultaten), of a closed
 * one double (resultaat): write the last vowel single in both. */
static void dutch_single_vowel(char *w, size_t *n)
{
	size_t i = *n;
	while (i > 0 && !is_vowel(w[i - 1]))
		i--;
	if (i < 3 || i == *n)
		return;
	char v = w[i - 1];
	if (w[i - 2] != v || v == 'i' || v == 'y' || is_vowel(w[i - 3]))
		return;
	memmove(w + i - 1, w + i, *n - i + 1);
	(*n)--;
}

static void dutch_en(char *w, size_t *n)
{
	if (ends(w, *n, "heden"))
		swap(w, n, 5, "heid", 2);
	else if (ends(w, *n, "leden")) {
		memcpy(w + *n - 5, "lid", 4); /* teamleden ~ teamlid */
		*n -= 2;
	} else if (ends(w, *n, "eert"))
		swap(w, n, 1, "", 3);
	else if (ends(w, *n, "en") && swap(w, n, 2, "", 3))
		dutch_level(w, n);
}

static void dutch_s(char *w, size_t *n)
{
	if (*n < 4 || w[*n - 1] != 's')
		return;
	char p = w[*n - 2];
	if (ends(w, *n, "ches") || ends(w, *n, "shes"))
		swap(w, n, 2, "", 3);
	else if (p == 'e') {
		/* proces, succes, adres, congres are singular; procedures plural */
		char q = w[*n - 3];
		int keep = q == 'c' || ends(w, *n, "dres") || ends(w, *n, "gres");
		if (*n >= 5 && !keep)
			swap(w, n, 1, "", 3);
	} else if (!is_vowel(p) && p != 's' && p != 'j')
		swap(w, n, 1, "", 3);
}

static void dutch_e(char *w, size_t *n)
{
	if (ends(w, *n, "atie")) {
		swap(w, n, 4, "er", 3);
	} else if (*n >= 4 && w[*n - 1] == 'e' && swap(w, n, 1, "", 3)) {
		dutch_level(w, n);
	}
}

static void dutch_derivation(char *w, size_t *n)
{
	if (ends(w, *n, "heid"))
		swap(w, n, 4, "", 4);
	else if (ends(w, *n, "ing") || (ends(w, *n, "end") && *n >= 6 && !is_vowel(w[*n - 4])))
		swap(w, n, 3, "", 3);
	else
		return;
	dutch_level(w, n);
}

static size_t copy_token(const char *tok, char *out)
{
	size_t n = strlen(tok);
	if (n > STEM_TOKEN_MAX)
		n = STEM_TOKEN_MAX;
	memcpy(out, tok, n);
	out[n] = '\0';
	return n;
}

size_t stem_dutch(const char *tok, char *out)
{
	size_t n = copy_token(tok, out);
	if (n <= 3)
		return n;
	dutch_en(out, &n);
	dutch_s(out, &n);
	dutch_e(out, &n);
	dutch_derivation(out, &n);
	dutch_single_vowel(out, &n);
	return n;
}

/* ---- English ---- */

static void english_plural(char *w, size_t *n)
{
	if (ends(w, *n, "ies"))
		swap(w, n, 3, "y", 2);
	else if (ends(w, *n, "sses") || ends(w, *n, "ches") || ends(w, *n, "shes") ||
		 ends(w, *n, "xes"))
		swap(w, n, 2, "", 2);
	else if (ends(w, *n, "s") && !ends(w, *n, "ss") && !ends(w, *n, "us") &&
		 !ends(w, *n, "is"))
		swap(w, n, 1, "", 3);
}

static void english_suffix(char *w, size_t *n)
{
	if (ends(w, *n, "isation"))
		swap(w, n, 7, "is", 2);
	else if (ends(w, *n, "ation") || ends(w, *n, "ing"))
		swap(w, n, 3, "", 3); /* innovation ~ innovate; -ing */
	else if (ends(w, *n, "ed") && !ends(w, *n, "eed"))
		swap(w, n, 2, "", 3);
	else
		return;
	undouble_consonant(w, n);
}

size_t stem_english(const char *tok, char *out)
{
	size_t n = copy_token(tok, out);
	if (n <= 3)
		return n;
	for (size_t i = 0; i + 1 < n; i++)
		if (out[i] == 'i' && out[i + 1] == 'z')
			out[i + 1] = 's'; /* organize ~ organise */
	english_plural(out, &n);
	english_suffix(out, &n);
	if (n > 3 && out[n - 1] == 'e')
		out[--n] = '\0';
	if (n > 3 && out[n - 1] == 'y')
		out[n - 1] = 'i'; /* agency ~ agencies */
	return n;
}

size_t stem_word(enum lang lang, const char *tok, char *out)
{
	return lang == LANG_EN ? stem_english(tok, out) : stem_dutch(tok, out);
}

/* ---- glossary ---- */

static const char *const glossary[][2] = {
	/* English, Dutch */
	{"self managing", "zelfsturend"}, {"self organising", "zelforganiserend"},
	{"self organisation", "zelforganisatie"}, {"network organisation", "netwerkorganisatie"},
	{"customer journey", "klantreis"}, {"knowledge sharing", "kennisdelen"},
	{"decision making", "besluitvorming"}, {"civil servant", "ambtenaar"},
	{"network", "netwerk"}, {"learning", "leren"}, {"change", "verandering"},
	{"leadership", "leiderschap"}, {"organisation", "organisatie"},
	{"supervision", "toezicht"}, {"inspectorate", "inspectie"}, {"policy", "beleid"},
	{"municipality", "gemeente"}, {"province", "provincie"}, {"ministry", "ministerie"},
	{"agency", "agentschap"}, {"government", "overheid"}, {"citizen", "burger"},
	{"resident", "bewoner"}, {"participation", "participatie"}, {"innovation", "innovatie"},
	{"collaboration", "samenwerking"}, {"cooperation", "samenwerking"},
	{"culture", "cultuur"}, {"trust", "vertrouwen"}, {"agility", "wendbaarheid"},
	{"customer", "klant"}, {"service", "dienstverlening"}, {"hierarchy", "hierarchie"},
	{"hybrid", "hybride"}, {"region", "regio"}, {"chain", "keten"}, {"design", "ontwerp"},
	{"young", "jong"}, {"evaluation", "evaluatie"}, {"story", "verhaal"},
	{"goal", "doel"}, {"rule", "regel"}, {"safety", "veiligheid"},
	{"experiment", "experiment"}, {"coach", "coach"}, {"lesson", "les"},
	{"question", "vraag"}, {"workplace", "werkplaats"}, {"learning workplace", "leerwerkplaats"},
};

/* Do the tokens start with the words of phrase, compared by stems? */
static size_t phrase_match(const char *phrase, const char *const *tok, size_t n, enum lang lang)
{
	char w[STEM_TOKEN_MAX + 1], a[STEM_TOKEN_MAX + 1], b[STEM_TOKEN_MAX + 1];
	size_t used = 0;
	while (*phrase) {
		size_t k = strcspn(phrase, " ");
		if (used >= n || k > STEM_TOKEN_MAX)
			return 0;
		memcpy(w, phrase, k);
		w[k] = '\0';
		stem_word(lang, w, a);
		stem_word(lang, tok[used], b);
		if (strcmp(a, b) != 0)
			return 0;
		used++;
		phrase += k + (phrase[k] == ' ');
	}
	return used;
}

const char *stem_glossary(const char *const *tok, size_t n, size_t *used)
{
	for (size_t i = 0; i < COUNT(glossary); i++)
		for (int side = 0; side < 2; side++) {
			size_t k = phrase_match(glossary[i][side], tok, n, side ? LANG_NL : LANG_EN);
			if (k > 0 && strcmp(glossary[i][0], glossary[i][1]) != 0) {
				*used = k;
				return glossary[i][!side];
			}
		}
	return NULL;
}

/* ---- trigrams ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

size_t stem_trigrams(const char *tok, uint32_t *out, size_t max)
{
	const unsigned char *s = (const unsigned char *)tok;
	size_t len = strlen(tok), n = 0;
	for (size_t i = 0; i + 3 <= len && n < max; i++)
		out[n++] = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
	qsort(out, n, sizeof(*out), cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || out[k - 1] != out[i])
			out[k++] = out[i];
	return k;
}
