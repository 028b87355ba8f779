/*
 * libFuzzer target for query_get (src/web/query.c), the query string
 * reader behind req_query. The first byte picks a mode, the rest (cut at a
 * NUL) is input:
 *  0 the input is a query string: for the names pages read and every name
 *    the input holds, a value found is valid UTF-8 (so it holds no NUL:
 *    %00 is refused, not cut short) and no longer than the input; when
 *    form_parse accepts the same bytes as a form, every field's value is
 *    the one query_get gives for its name, and a name not among the fields
 *    gives nothing;
 *  1 the input, split at '\n', gives names and values: those that are
 *    valid UTF-8, percent-encoded by an independent writer (a space as '+'
 *    or %20 in turn, reserved bytes as %XX in upper or lower case), joined
 *    with '&', give back for each name the first value given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "web/form.h"
#include "web/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *v, size_t input_len)
{
	if (v && (strlen(v) > input_len || !utf8_valid(v, strlen(v))))
		abort();
}

static void check_query(struct arena *a, const char *q)
{
	static const char *const names[] = {"lang", "q", "klaar", "after", "limit", "terug", ""};
	size_t len = strlen(q);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		check_value(query_get(a, q, names[i]), len);
	struct form f;
	if (form_parse(a, q, len, &f) != FORM_OK)
		return;
	for (int i = 0; i < f.n; i++) {
		const char *v = query_get(a, q, f.f[i].name);
		check_value(v, len);
		if (!v || strcmp(v, f.f[i].value) != 0)
			abort();
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!form_get(&f, names[i]) && query_get(a, q, names[i]))
			abort();
}

/* Percent-encode s onto out (which has room for 3 * strlen(s) + 1). */
static char *encode(char *out, const char *s, int variant)
{
	static const char upper[] = "0123456789ABCDEF", lower[] = "0123456789abcdef";
	const char *hex = variant & 1 ? lower : upper;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*out++ = (char)*p;
		} else if (*p == ' ' && (variant & 2)) {
			*out++ = '+';
		} else {
			*out++ = '%';
			*out++ = hex[*p >> 4];
			*out++ = hex[*p & 15];
		}
		variant ^= 2;
	}
	*out = '\0';
	return out;
}

#define PAIRS_MAX 16

static void check_round_trip(struct arena *a, char *s)
{
	char *names[PAIRS_MAX], *values[PAIRS_MAX];
	int n = 0;
	for (char *p = s; p && n < PAIRS_MAX;) {
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *value = nl + 1;
		char *next = strchr(value, '\n');
		if (next)
			*next++ = '\0';
		if (utf8_valid(p, strlen(p)) && utf8_valid(value, strlen(value))) {
			names[n] = p;
			values[n] = value;
			n++;
		}
		p = next;
	}
	if (!n)
		return;
	size_t cap = 1;
	for (int i = 0; i < n; i++)
		cap += 3 * (strlen(names[i]) + strlen(values[i])) + 2;
	char *q = arena_alloc(a, cap), *o = q;
	if (!q)
		return;
	for (int i = 0; i < n; i++) {
		if (i)
			*o++ = '&';
		o = encode(o, names[i], i);
		*o++ = '=';
		o = encode(o, values[i], i + 1);
	}
	*o = '\0';
	for (int i = 0; i < n; i++) {
		int first = fuzz_first_of(names, i);
		const char *v = query_get(a, q, names[i]);
		if (!v || strcmp(v, values[first]) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_text t;
	if (!fuzz_text_begin(&t, data, size, 8192))
		return 0;
	char *s = t.s;
	struct arena *a = t.a;
	if (t.mode % 2 == 0) {
		check_query(a, s);
		if (query_get(a, NULL, "q"))
			abort();
	} else {
		check_round_trip(a, s);
	}
	fuzz_text_end(&t);
	return 0;
}
