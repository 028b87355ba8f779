/* See normalize.h. */
#include "core/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* A key folds every kind of white space (tabs and line ends too). */
#define SHAPE_KEY ((enum text_shape)(TEXT_SHAPE_MULTILINE + 1))

/* What trimming removes at both ends. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* White space that folds to one space inside a line: spaces of every width
 * in a field (a line break or tab inside a name stays, for the validation
 * to refuse it), all white space in a key. */
static int folds(enum text_shape shape, ucs4_t uc)
{
	if (shape == SHAPE_KEY)
		return uc_is_property_white_space(uc);
	return shape == TEXT_SHAPE_LINE && uc_is_general_category(uc, UC_SPACE_SEPARATOR);
}

/* Copy the code points of in[0..n) to out, dropping what cannot be seen
 * and folding or keeping white space as the shape says; trims both ends.
 * out has room for n + 1 bytes. */
static size_t filter(const uint8_t *in, size_t n, enum text_shape shape, char *out)
{
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, in + i, n - i);
		const uint8_t *p = in + i;
		i += (size_t)(k > 0 ? k : 1);
		if (uc_is_property_default_ignorable_code_point(uc) &&
		    !(shape == TEXT_SHAPE_MULTILINE && uc == 0x200D))
			continue;
		if (shape == TEXT_SHAPE_MULTILINE && uc == '\r') {
			if (i < n && in[i] == '\n')
				continue;
			uc = '\n';
			p = (const uint8_t *)"\n";
			k = 1;
		}
		if (folds(shape, uc)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		memcpy(out + o, p, (size_t)k);
		o += (size_t)k;
	}
	while (o > 0 && is_blank(out[o - 1]))
		o--;
	size_t start = 0;
	while (start < o && is_blank(out[start]))
		start++;
	memmove(out, out + start, o - start);
	out[o - start] = '\0';
	return o - start;
}

static char *filtered_copy(struct arena *a, const uint8_t *in, size_t n, enum text_shape shape)
{
	/* Line: a folded white space is never longer than what it replaces. */
	char *out = arena_alloc(a, n + 1);
	if (out)
		filter(in, n, shape, out);
	return out;
}

char *text_normalize(struct arena *a, const char *s, enum text_shape shape)
{
	size_t len = 0;
	uint8_t *norm = u8_normalize(shape == TEXT_SHAPE_LINE ? UNINORM_NFKC : UNINORM_NFC,
				     (const uint8_t *)s, strlen(s), NULL, &len);
	if (!norm)
		return NULL;
	char *out = filtered_copy(a, norm, len, shape);
	free(norm);
	return out;
}

char *text_key(struct arena *a, const char *s)
{
	size_t len = 0;
	uint8_t *folded = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFKC, NULL, &len);
	if (!folded)
		return NULL;
	char *out = filtered_copy(a, folded, len, SHAPE_KEY);
	free(folded);
	return out;
}
