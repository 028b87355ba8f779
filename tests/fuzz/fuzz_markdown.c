/*
 * libFuzzer target for html_markdown (src/core/html_markdown.c, on cmark):
 * arbitrary bytes, cut at the first NUL, as an edition description. The
 * output is read by an independent scanner that aborts unless
 *  - every tag is one of the allow-list and carries no attribute but href
 *    and title (on a) and start (on ol), each quoted with ";
 *  - every href starts with http://, https:// or mailto:;
 *  - every & outside and inside attributes starts one of the entities cmark
 *    writes, and no < > or " appears in text or attribute values;
 *  - the output is valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/html.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int one_of(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncmp(*list, s, n) == 0)
			return 1;
	return 0;
}

static void check_entity(const char *p)
{
	static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", NULL};
	for (const char *const *e = entities; *e; e++)
		if (strncmp(p, *e, strlen(*e)) == 0)
			return;
	abort();
}

/* Text between tags, or an attribute value: escaped, no markup. */
static void check_text(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '<' || *p == '>' || *p == '"')
			abort();
		if (*p == '&')
			check_entity(p);
	}
}

static int allowed_href(const char *v, size_t n)
{
	static const char *const schemes[] = {"http://", "https://", "mailto:"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(schemes[i]);
		if (n >= k && strncasecmp(v, schemes[i], k) == 0)
			return 1;
	}
	return 0;
}

/* One tag starting at p ('<'); returns the position after its '>'. */
static const char *check_tag(const char *p)
{
	static const char *const tags[] = {"p", "br", "strong", "em", "code", "pre", "blockquote",
					   "ul", "ol", "li", "hr", "h2", "h3", "h4", "h5", "h6",
					   "a", NULL};
	static const char *const a_attrs[] = {"href", "title", NULL};
	static const char *const ol_attrs[] = {"start", NULL};
	static const char *const none[] = {NULL};
	int closing = p[1] == '/';
	const char *name = p + 1 + closing;
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
	if (!one_of(name, n, tags))
		abort();
	const char *const *attrs = n == 1 && *name == 'a' ? a_attrs
				   : n == 2 && strncmp(name, "ol", 2) == 0 ? ol_attrs : none;
	const char *q = name + n;
	for (;;) {
		if (*q == '>')
			return q + 1;
		if (strncmp(q, " />", 3) == 0 && !closing)
			return q + 3;
		if (*q != ' ' || closing)
			abort();
		const char *an = q + 1;
		size_t alen = strspn(an, "abcdefghijklmnopqrstuvwxyz");
		if (!one_of(an, alen, attrs) || an[alen] != '=' || an[alen + 1] != '"')
			abort();
		const char *v = an + alen + 2;
		const char *vend = strchr(v, '"');
		if (!vend)
			abort();
		check_text(v, vend);
		if (alen == 4 && strncmp(an, "href", 4) == 0 && !allowed_href(v, (size_t)(vend - v)))
			abort();
		q = vend + 1;
	}
}

static void check_output(const char *html)
{
	if (!utf8_valid(html, strlen(html)))
		abort();
	const char *p = html;
	while (*p) {
		const char *lt = strchr(p, '<');
		const char *end = lt ? lt : p + strlen(p);
		check_text(p, end);
		if (!lt)
			break;
		p = check_tag(lt);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct buf b;
	buf_init(&b, 0);
	html_markdown(&b, s);
	if (!b.failed)
		check_output(buf_cstr(&b));
	buf_free(&b);
	free(s);
	return 0;
}
