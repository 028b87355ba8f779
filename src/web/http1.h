/*
 * HTTP/1.1 message framing (RFC 9112) for the server: the request head and
 * the chunk-size lines of a chunked body, parsed strictly. Pure functions on
 * bytes, no I/O, so unit tests and fuzzers reach them directly; server.c
 * owns the sockets. Anything this parser refuses is a framing error: the
 * server answers it and closes the connection (request smuggling).
 */
#ifndef LWP_WEB_HTTP1_H
#define LWP_WEB_HTTP1_H

#include <stddef.h>
#include <stdint.h>

#define HTTP1_MAX_FIELDS 100
#define HTTP1_MAX_TARGET 8192
#define HTTP1_MAX_CHUNK_LINE 1024

struct http1_field {
	const char *name;
	size_t name_len;
	const char *value;       /* without leading and trailing white space */
	size_t value_len;
};

struct http1_head {
	int method;              /* enum evhttp_cmd_type; 0 when not one we serve */
	const char *target;      /* request target as sent (not decoded) */
	size_t target_len;
	int minor;               /* HTTP/1.<minor>: 0 or 1 */
	struct http1_field fields[HTTP1_MAX_FIELDS];
	int nfields;
	/* framing, from the fields */
	int64_t content_length;  /* -1 when there is none */
	int chunked;             /* Transfer-Encoding: chunked */
	int close;               /* the connection ends after this request */
	int expect_continue;     /* Expect: 100-continue */
	/* when refused */
	int status;              /* 400, 413, 414, 417, 431 or 501 */
	const char *error;       /* short reason, for tests and debugging */
};

/* Parse the request head at the start of data[0..len) (empty lines before
 * the request line are skipped). Returns the number of bytes up to and
 * including the empty line that ends the head when it is complete and
 * valid, 0 when more bytes are needed (and what came so far may still be a
 * valid head), or -1 when it is refused: h->status and h->error say why.
 * A head longer than max_head is refused with 431. Fields point into data. */
long http1_parse_head(const char *data, size_t len, size_t max_head, struct http1_head *h);

/* Parse a chunk-size line (RFC 9112 7.1: hex digits, optional extensions
 * after ';', CRLF) at the start of data[0..len). Returns the line length
 * including CRLF and sets *size, 0 when more bytes are needed, -1 when it
 * is malformed (a sign, white space, no digits, more than 8 digits, a bare
 * CR or LF, or a line longer than HTTP1_MAX_CHUNK_LINE). */
long http1_parse_chunk_line(const char *data, size_t len, uint64_t *size);

/* The reason phrase for a status code ("OK", "Not Found", ...). */
const char *http1_reason(int status);

#endif
