/* If-None-Match matching; see etag.h. */
#include "web/etag.h"

#include <string.h>

static int space(char c)
{
	return c == ' ' || c == '\t';
}

/* The opaque tag of an entity tag starting at s (W/ skipped): its first
 * character after the opening quote and its length up to the closing
 * quote; NULL when s does not start with one. Its characters are etagc
 * (RFC 9110: 0x21, 0x23-0x7E and obs-text). */
static const char *opaque(const char *s, size_t *len, const char **end)
{
	if (s[0] == 'W' && s[1] == '/')
		s += 2;
	if (*s != '"')
		return NULL;
	const char *p = s + 1;
	while (*p && *p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c < 0x21 || c == 0x7f)
			return NULL;
		p++;
	}
	if (*p != '"')
		return NULL;
	*len = (size_t)(p - (s + 1));
	*end = p + 1;
	return s + 1;
}

int etag_match(const char *header, const char *etag)
{
	size_t want_len, len;
	const char *end;
	const char *want = etag ? opaque(etag, &want_len, &end) : NULL;
	if (!header || !want || *end)
		return 0;
	const char *p = header;
	while (space(*p))
		p++;
	if (*p == '*') {
		for (p++; space(*p); p++)
			;
		return *p == '\0';
	}
	int found = 0;
	for (;;) {
		/* empty list elements are allowed (RFC 9110, 5.6.1) */
		while (space(*p) || *p == ',')
			p++;
		if (!*p)
			return found;
		const char *tag = opaque(p, &len, &end);
		if (!tag)
			return 0;
		if (len == want_len && memcmp(tag, want, len) == 0)
			found = 1;
		for (p = end; space(*p); p++)
			;
		if (*p && *p != ',')
			return 0;
	}
}
