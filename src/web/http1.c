/*
 * Strict HTTP/1.1 request framing (RFC 9112). Where the RFC lets a server
 * be lenient (bare LF, obs-fold, white space before the colon, a list of
 * equal Content-Length values) this parser refuses instead: two parsers
 * that disagree about where a request ends are what request smuggling
 * needs, so the only safe reading of an odd message is none.
 */
#include "web/http1.h"

#include <event2/http.h>
#include <string.h>

static int is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_value(unsigned char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Case-insensitive comparison of a counted string with a lower-case literal. */
static int eq_nocase(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	if (n != m)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

static long refuse(struct http1_head *h, int status, const char *why)
{
	h->status = status;
	h->error = why;
	return -1;
}

static const struct {
	const char *name;
	int method;
} methods[] = {
	{"GET", EVHTTP_REQ_GET}, {"POST", EVHTTP_REQ_POST}, {"HEAD", EVHTTP_REQ_HEAD},
	{"PUT", EVHTTP_REQ_PUT}, {"DELETE", EVHTTP_REQ_DELETE},
	{"OPTIONS", EVHTTP_REQ_OPTIONS}, {"PATCH", EVHTTP_REQ_PATCH},
};

/* request-line = method SP request-target SP HTTP-version, exactly one
 * space each (RFC 9112 3). line excludes the CRLF. */
static long parse_request_line(const char *line, size_t n, struct http1_head *h)
{
	size_t i = 0;
	while (i < n && is_tchar((unsigned char)line[i]))
		i++;
	if (i == 0 || i >= n || line[i] != ' ')
		return refuse(h, 400, "bad method");
	h->method = 0;
	for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]); k++)
		if (strlen(methods[k].name) == i && memcmp(methods[k].name, line, i) == 0)
			h->method = methods[k].method;
	size_t t = ++i;
	while (i < n && (unsigned char)line[i] > 0x20 && (unsigned char)line[i] < 0x7f)
		i++;
	if (i == t || i >= n || line[i] != ' ')
		return i - t > HTTP1_MAX_TARGET ? refuse(h, 414, "target too long")
						 : refuse(h, 400, "bad target");
	if (i - t > HTTP1_MAX_TARGET)
		return refuse(h, 414, "target too long");
	h->target = line + t;
	h->target_len = i - t;
	const char *v = line + i + 1;
	size_t vn = n - i - 1;
	if (vn != 8 || memcmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' || v[6] != '.' ||
	    v[7] < '0' || v[7] > '9')
		return refuse(h, 400, "bad version");
	/* 400 rather than 505 for other versions: a client that speaks
	 * neither HTTP/1.0 nor 1.1 gets no better answer from us */
	if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
		return refuse(h, 400, "version not supported");
	h->minor = v[7] - '0';
	if (!h->method)
		return refuse(h, 501, "method not implemented");
	return 0;
}

/* field-line = field-name ":" OWS field-value OWS; line excludes the CRLF. */
static long parse_field(const char *line, size_t n, struct http1_head *h)
{
	size_t i = 0;
	if (n && (line[0] == ' ' || line[0] == '\t'))
		return refuse(h, 400, "obsolete line folding");
	while (i < n && is_tchar((unsigned char)line[i]))
		i++;
	if (i == 0 || i >= n || line[i] != ':')
		return refuse(h, 400, "bad field name");
	size_t vs = i + 1, ve = n;
	while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
		vs++;
	while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
		ve--;
	for (size_t k = vs; k < ve; k++) {
		unsigned char c = (unsigned char)line[k];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return refuse(h, 400, "control character in field");
	}
	if (h->nfields == HTTP1_MAX_FIELDS)
		return refuse(h, 431, "too many fields");
	struct http1_field *f = &h->fields[h->nfields++];
	f->name = line;
	f->name_len = i;
	f->value = line + vs;
	f->value_len = ve - vs;
	return 0;
}

/* uri-host [ ":" port ]: reg-name, IPv4 or a bracketed IPv6 literal. */
static int host_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      strchr("-._~%!$&'()*+,;=:[]", c)))
			return 0;
	}
	return 1;
}

/* The framing fields of RFC 9112 6 and 9.6, and Host (3.2). */
static long check_fields(struct http1_head *h)
{
	int hosts = 0, lengths = 0, encodings = 0;
	h->content_length = -1;
	h->close = h->minor == 0;
	for (int i = 0; i < h->nfields; i++) {
		const struct http1_field *f = &h->fields[i];
		if (eq_nocase(f->name, f->name_len, "host")) {
			if (++hosts > 1)
				return refuse(h, 400, "repeated Host");
			if (!host_ok(f->value, f->value_len))
				return refuse(h, 400, "bad Host");
		} else if (eq_nocase(f->name, f->name_len, "content-length")) {
			if (++lengths > 1)
				return refuse(h, 400, "repeated Content-Length");
			if (f->value_len == 0)
				return refuse(h, 400, "empty Content-Length");
			int64_t v = 0;
			for (size_t k = 0; k < f->value_len; k++) {
				if (f->value[k] < '0' || f->value[k] > '9')
					return refuse(h, 400, "bad Content-Length");
				if (k >= 18)
					return refuse(h, 413, "Content-Length too large");
				v = v * 10 + (f->value[k] - '0');
			}
			h->content_length = v;
		} else if (eq_nocase(f->name, f->name_len, "transfer-encoding")) {
			if (++encodings > 1)
				return refuse(h, 400, "repeated Transfer-Encoding");
			if (!eq_nocase(f->value, f->value_len, "chunked"))
				return refuse(h, 400, "Transfer-Encoding other than chunked");
			h->chunked = 1;
		} else if (eq_nocase(f->name, f->name_len, "expect")) {
			if (!eq_nocase(f->value, f->value_len, "100-continue"))
				return refuse(h, 417, "unknown expectation");
			h->expect_continue = 1;
		} else if (eq_nocase(f->name, f->name_len, "connection")) {
			/* a list of options; "close" among them ends the connection */
			const char *p = f->value, *end = f->value + f->value_len;
			while (p < end) {
				const char *q = memchr(p, ',', (size_t)(end - p));
				const char *e = q ? q : end;
				const char *a = p;
				while (a < e && (*a == ' ' || *a == '\t'))
					a++;
				const char *b = e;
				while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
					b--;
				if (eq_nocase(a, (size_t)(b - a), "close"))
					h->close = 1;
				p = q ? q + 1 : end;
			}
		}
	}
	if (h->minor == 1 && hosts == 0)
		return refuse(h, 400, "missing Host");
	if (lengths && encodings)
		return refuse(h, 400, "both Content-Length and Transfer-Encoding");
	if (encodings && h->minor == 0)
		return refuse(h, 400, "Transfer-Encoding in HTTP/1.0");
	return 0;
}

/* Early refusal of what can never become a request line (a TLS hello,
 * binary garbage), so such a connection does not wait for its deadline. */
static long check_partial_line(const char *p, size_t n, struct http1_head *h)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x7f || (c < 0x20 && c != '\r'))
			return refuse(h, 400, "bad request line");
		if (c == '\r' && i + 1 < n && p[i + 1] != '\n')
			return refuse(h, 400, "bare CR");
	}
	return 0;
}

long http1_parse_head(const char *data, size_t len, size_t max_head, struct http1_head *h)
{
	memset(h, 0, sizeof(*h));
	h->content_length = -1;
	size_t start = 0;
	while (start + 1 < len && data[start] == '\r' && data[start + 1] == '\n' && start < 8)
		start += 2;
	const char *p = data + start;
	size_t n = len - start;
	if (n > max_head)
		n = max_head;
	/* the request line */
	const char *eol = n ? memchr(p, '\n', n) : NULL;
	if (!eol) {
		if (check_partial_line(p, n, h))
			return -1;
		const char *sp = memchr(p, ' ', n);
		if (sp && !memchr(sp + 1, ' ', n - (size_t)(sp + 1 - p)) &&
		    n - (size_t)(sp + 1 - p) > HTTP1_MAX_TARGET)
			return refuse(h, 414, "target too long");
		return len - start >= max_head ? refuse(h, 431, "head too large") : 0;
	}
	if (eol == p || eol[-1] != '\r')
		return refuse(h, 400, "bare LF");
	if (check_partial_line(p, (size_t)(eol - 1 - p), h))
		return -1;
	if (parse_request_line(p, (size_t)(eol - 1 - p), h))
		return -1;
	/* the field lines, up to the empty line */
	const char *line = eol + 1;
	for (;;) {
		size_t left = (size_t)(p + n - line);
		eol = left ? memchr(line, '\n', left) : NULL;
		if (!eol) {
			for (size_t i = 0; i < left; i++)
				if (line[i] == '\r' && i + 1 < left)
					return refuse(h, 400, "bare CR");
			return len - start >= max_head ? refuse(h, 431, "head too large") : 0;
		}
		if (eol == line || eol[-1] != '\r')
			return refuse(h, 400, "bare LF");
		size_t ln = (size_t)(eol - 1 - line);
		if (memchr(line, '\r', ln))
			return refuse(h, 400, "bare CR");
		if (ln == 0)
			break;
		if (parse_field(line, ln, h))
			return -1;
		line = eol + 1;
	}
	if (check_fields(h))
		return -1;
	return (long)(eol + 1 - data);
}

long http1_parse_chunk_line(const char *data, size_t len, uint64_t *size)
{
	size_t n = len < HTTP1_MAX_CHUNK_LINE ? len : HTTP1_MAX_CHUNK_LINE;
	size_t i = 0;
	uint64_t v = 0;
	while (i < n && is_hex((unsigned char)data[i])) {
		if (i == 8)
			return -1;
		v = v * 16 + (uint64_t)hex_value((unsigned char)data[i]);
		i++;
	}
	if (i == n)
		return len >= HTTP1_MAX_CHUNK_LINE ? -1 : 0;
	if (i == 0)
		return -1;
	if (data[i] == ';') {
		/* extensions: ignored, but only visible characters and no spaces */
		for (i++; i < n && data[i] != '\r'; i++) {
			unsigned char c = (unsigned char)data[i];
			if (c <= 0x20 || c >= 0x7f)
				return -1;
		}
		if (i == n)
			return len >= HTTP1_MAX_CHUNK_LINE ? -1 : 0;
	}
	if (data[i] != '\r')
		return -1;
	if (i + 1 == len)
		return 0;
	if (i + 1 == n || data[i + 1] != '\n')
		return -1;
	*size = v;
	return (long)(i + 2);
}

const char *http1_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 417: return "Expectation Failed";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500
		? "Client Error" : "Server Error";
	}
}
