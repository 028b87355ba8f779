/*
 * libFuzzer target for the HTTP/1.1 framing parser (src/web/http1.c):
 * arbitrary bytes as a request head and as a chunk-size line. Besides the
 * sanitizers it checks the contract: a complete head is no longer than the
 * input and the limit, its fields lie inside it, a refusal carries one of
 * the documented statuses, and a chunk line is accepted only when it ends
 * in CRLF.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/http1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_head(const char *p, size_t size)
{
	static struct http1_head h;
	long n = http1_parse_head(p, size, 4096, &h);
	if (n > 0) {
		if ((size_t)n > size || n > 4096 + 8 || h.nfields > HTTP1_MAX_FIELDS)
			abort();
		if (h.target < p || h.target + h.target_len > p + n)
			abort();
		for (int i = 0; i < h.nfields; i++) {
			const struct http1_field *f = &h.fields[i];
			if (f->name < p || f->value + f->value_len > p + n || !f->name_len)
				abort();
			if (memchr(f->value, '\r', f->value_len) || memchr(f->value, '\n', f->value_len))
				abort();
		}
		if (h.content_length >= 0 && h.chunked)
			abort();
	} else if (n < 0) {
		int s = h.status;
		if (s != 400 && s != 413 && s != 414 && s != 417 && s != 431 && s != 501)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	check_head(p, size);
	uint64_t chunk = 0;
	long n = http1_parse_chunk_line(p, size, &chunk);
	if (n > 0 && ((size_t)n > size || n < 3 || p[n - 2] != '\r' || p[n - 1] != '\n' ||
		      chunk > 0xffffffffu))
		abort();
	return 0;
}
