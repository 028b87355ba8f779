/* HTML escaping; see html.h. */
#include "core/html.h"

#include <string.h>

void html_textn(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void html_text(struct buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

void html_attr(struct buf *b, const char *s)
{
	html_text(b, s);
}

void html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, enc, 3);
		}
	}
}

void html_int(struct buf *b, long long v)
{
	buf_printf(b, "%lld", v);
}

void html_paragraphs(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *p = s;
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		const char *crlf = strstr(p, "\r\n\r\n");
		if (crlf && (!end || crlf < end))
			end = crlf;
		if (!end)
			end = p + strlen(p);
		html_raw(b, "<p>");
		for (const char *q = p; q < end;) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));
			const char *line_end = nl ? nl : end;
			size_t len = (size_t)(line_end - q);
			if (len && q[len - 1] == '\r')
				len--;
			html_textn(b, q, len);
			if (!nl || nl + 1 >= end)
				break;
			html_raw(b, "<br>");
			q = nl + 1;
		}
		html_raw(b, "</p>\n");
		p = end;
	}
}

void html_fill(struct buf *b, const char *tmpl, long long a1, long long a2)
{
	const char *p = tmpl;
	while (p && *p) {
		const char *mark = strchr(p, '{');
		if (!mark || (mark[1] != '1' && mark[1] != '2') || mark[2] != '}') {
			size_t len = mark ? (size_t)(mark - p) + 1 : strlen(p);
			html_textn(b, p, len);
			p += len;
			continue;
		}
		html_textn(b, p, (size_t)(mark - p));
		html_int(b, mark[1] == '1' ? a1 : a2);
		p = mark + 3;
	}
}
