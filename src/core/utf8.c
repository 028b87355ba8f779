/* UTF-8 validation per RFC 3629 and the text rules of utf8.h. */
#include "core/utf8.h"
#include "core/error.h"

#include <stdint.h>

/* Decode one code point at s (n bytes left). Returns its length in bytes and
 * stores the code point, or returns 0 for an ill-formed sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t min, v;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80, v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, min = 0x800, v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000, v = c & 0x07;
	} else {
		return 0; /* continuation byte, C0/C1 overlong lead, or > F4 */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

static int codepoint_allowed(uint32_t cp, enum text_kind kind)
{
	if (cp == '\n' || cp == '\r' || cp == '\t')
		return kind == TEXT_MULTILINE;
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	/* Non-characters and the bidi controls that can disguise text. */
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return 0;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	if (cp == 0x2028 || cp == 0x2029)
		return 0;
	return 1;
}

int text_check(const char *s, size_t n, enum text_kind kind)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len || !codepoint_allowed(cp, kind))
			return LWP_EINVAL;
		/* A lone CR is not a line break we keep. */
		if (cp == '\r' && (i + 1 >= n || p[i + 1] != '\n'))
			return LWP_EINVAL;
		i += len;
	}
	return 0;
}

size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}
