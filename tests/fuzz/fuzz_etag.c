/*
 * libFuzzer target for etag_match (src/web/etag.c), If-None-Match against
 * the entity tag of an embedded file or a calendar. The first byte picks a
 * mode, the rest (cut at a NUL) is input:
 *  0 the input up to the first '\n' is the header, the rest an entity tag:
 *    a match means the header is "*" (with spaces) or holds the tag's
 *    opaque part in quotes; a header that is exactly the tag, or the tag
 *    with W/, always matches a valid tag; the answer is 0 or 1;
 *  1 the input, split at '\n', gives opaque tags (cut to the characters an
 *    entity tag may hold): the list of them, strong and weak in turn with
 *    spaces and empty elements between, matches each of them and does not
 *    match a tag that is none of them; the same list with a stray byte
 *    after an element matches nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "web/etag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int etagc(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
}

static void check_pair(struct arena *a, char *s)
{
	char *nl = strchr(s, '\n');
	const char *etag = nl ? nl + 1 : "\"x\"";
	if (nl)
		*nl = '\0';
	int m = etag_match(s, etag);
	if (m != 0 && m != 1)
		abort();
	const char *op = etag[0] == 'W' && etag[1] == '/' ? etag + 2 : etag;
	size_t olen = strlen(op);
	int valid = olen >= 2 && op[0] == '"' && op[olen - 1] == '"';
	for (size_t i = 1; valid && i + 1 < olen; i++)
		if (!etagc((unsigned char)op[i]))
			valid = 0;
	if (m) {
		const char *p = s + strspn(s, " \t");
		int star = *p == '*' && p[1 + strspn(p + 1, " \t")] == '\0';
		if (!star && (!valid || !strstr(s, op)))
			abort();
	}
	if (valid) {
		char *weak = arena_printf(a, "W/%s", op);
		if (etag_match(etag, etag) != 1 || (weak && etag_match(weak, etag) != 1) ||
		    etag_match(op, weak ? weak : etag) != 1)
			abort();
	}
}

#define TAGS_MAX 12

static void check_list(struct arena *a, char *s)
{
	char *tags[TAGS_MAX];
	int n = 0;
	for (char *p = s; p && n < TAGS_MAX;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t o = 0;
		for (size_t i = 0; p[i]; i++)
			if (etagc((unsigned char)p[i]))
				p[o++] = p[i];
		p[o] = '\0';
		tags[n++] = p;
		p = nl ? nl + 1 : NULL;
	}
	size_t cap = 16;
	for (int i = 0; i < n; i++)
		cap += strlen(tags[i]) + 10;
	char *list = arena_alloc(a, cap), *o = list;
	if (!list)
		return;
	for (int i = 0; i < n; i++)
		o += sprintf(o, "%s%s\"%s\"%s", i ? (i % 3 ? ", " : " ,, ") : " ", i % 2 ? "W/" : "",
			     tags[i], i % 4 == 3 ? "\t" : "");
	for (int i = 0; i < n; i++) {
		char *want = arena_printf(a, "%s\"%s\"", i % 3 ? "" : "W/", tags[i]);
		if (want && etag_match(list, want) != 1)
			abort();
	}
	/* a tag longer than all of them is none of them */
	char *other = arena_alloc(a, cap + 3);
	if (other) {
		size_t len = cap;
		other[0] = '"';
		memset(other + 1, 'z', len);
		other[len + 1] = '"';
		other[len + 2] = '\0';
		if (etag_match(list, other) != 0)
			abort();
	}
	/* a stray byte after the first element makes the list invalid */
	if (n) {
		char *bad = arena_printf(a, " \"%s\"x, \"%s\"", tags[0], tags[0]);
		char *want = arena_printf(a, "\"%s\"", tags[0]);
		if (bad && want && etag_match(bad, want) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_text t;
	if (!fuzz_text_begin(&t, data, size, 4096))
		return 0;
	char *s = t.s;
	struct arena *a = t.a;
	if (t.mode % 2 == 0)
		check_pair(a, s);
	else
		check_list(a, s);
	if (etag_match(NULL, "\"x\"") != 0 || etag_match("*", "\"x\"") != 1)
		abort();
	fuzz_text_end(&t);
	return 0;
}
