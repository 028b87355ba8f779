/*
 * libFuzzer target for the small parsers of values that come from outside:
 * the first byte of the input picks one, the rest (NUL-terminated) is its
 * input. Invariants, checked with abort():
 *  0 parse_int: accepts exactly an optional minus and digits whose value
 *    lies in the range, and gives that value;
 *  1 parse_euro: accepted cents lie in the range, and the amount written
 *    back as euros with a point parses to the same cents;
 *  2 lang_from_accept: always one of the two languages;
 *  3 base32_decode: an accepted secret fits its buffer and encodes back to
 *    the input (upper case, no padding) when the input length is a whole
 *    number of bytes;
 *  4 totp_check: only 0 or 1, and never 1 for a code that is not 6 digits
 *    or a recovery code shape;
 *  5 route_match: a matched route's parameters are non-empty, hold no '/',
 *    and fill the pattern's {x} in order to give back the path;
 *  6 text_normalize / text_key: valid UTF-8 out, normalising twice changes
 *    nothing, and the key of the normalised text is the key of the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "core/lang.h"
#include "core/normalize.h"
#include "core/parse.h"
#include "core/totp.h"
#include "core/utf8.h"
#include "web/request.h"
#include "web/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An independent reading: an optional '-', then only digits. */
static int read_decimal(const char *s, long long *out)
{
	int neg = *s == '-';
	long long v = 0;
	const char *p = s + neg;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

static void check_int(const char *s)
{
	long long v, w;
	int ok = parse_int(s, -1000, 1000000, &v) == 0;
	int readable = read_decimal(s, &w) == 0 && w >= -1000 && w <= 1000000;
	if (ok != readable || (ok && (v != w || v < -1000 || v > 1000000)))
		abort();
}

static void check_euro(const char *s)
{
	long long cents, again;
	if (parse_euro(s, 100000, &cents))
		return;
	if (cents < 0 || cents > 100000LL * 100)
		abort();
	char back[40];
	snprintf(back, sizeof(back), "%lld.%02lld", cents / 100, cents % 100);
	if (parse_euro(back, 100000, &again) || again != cents)
		abort();
}

static void check_base32(const char *s)
{
	uint8_t out[64];
	char back[2 * sizeof(out) + 8];
	int n = base32_decode(s, out, sizeof(out));
	if (n < 0)
		return;
	if ((size_t)n > sizeof(out))
		abort();
	size_t len = strlen(s);
	if (len % 8 == 0 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == len) {
		base32_encode(out, (size_t)n, back);
		if (strcmp(back, s) != 0)
			abort();
	}
}

static void check_totp(const char *s)
{
	static const uint8_t key[20] = "12345678901234567890";
	int64_t step = 0;
	int ok = totp_check(key, sizeof(key), s, 1700000000, &step);
	if (ok != 0 && ok != 1)
		abort();
	if (ok && (strlen(s) != 6 || strspn(s, "0123456789") != 6))
		abort();
}

/* The pattern of rt with its {x} replaced by the parameters, in order. */
static int refill(const struct route *rt, const struct req *r, char *out, size_t cap)
{
	size_t o = 0;
	int k = 0;
	for (const char *p = rt->pattern; *p; p++) {
		const char *piece = NULL;
		if (*p == '{') {
			if (k >= r->nparams)
				return -1;
			piece = r->params[k++];
			p = strchr(p, '}');
		}
		size_t n = piece ? strlen(piece) : 1;
		if (o + n + 1 > cap)
			return -1;
		memcpy(out + o, piece ? piece : p, n);
		o += n;
	}
	out[o] = '\0';
	return k == r->nparams ? 0 : -1;
}

static void check_route(struct arena *a, const char *path, int post)
{
	struct req r;
	int allowed;
	memset(&r, 0, sizeof(r));
	r.arena = a;
	const struct route *rt = route_match(&r, post ? EVHTTP_REQ_POST : EVHTTP_REQ_GET, path,
					     &allowed);
	if (!rt)
		return;
	char back[4096];
	for (int i = 0; i < r.nparams; i++)
		if (!r.params[i][0] || strchr(r.params[i], '/'))
			abort();
	if (strlen(path) < sizeof(back) && (refill(rt, &r, back, sizeof(back)) || strcmp(back, path)))
		abort();
}

static void check_text(struct arena *a, const char *s, size_t n)
{
	if (!utf8_valid(s, n))
		return;
	for (int shape = TEXT_SHAPE_LINE; shape <= TEXT_SHAPE_MULTILINE; shape++) {
		char *once = text_normalize(a, s, (enum text_shape)shape);
		if (!once)
			continue;
		if (!utf8_valid(once, strlen(once)))
			abort();
		char *twice = text_normalize(a, once, (enum text_shape)shape);
		if (twice && strcmp(once, twice) != 0)
			abort();
	}
	char *key = text_key(a, s), *line = text_normalize(a, s, TEXT_SHAPE_LINE);
	char *key2 = line ? text_key(a, line) : NULL;
	if (key && key2 && strcmp(key, key2) != 0)
		abort();
	if (key && !utf8_valid(key, strlen(key)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_text t;
	if (!fuzz_text_begin(&t, data, size, 4096))
		return 0;
	char *s = t.s;
	struct arena *a = t.a;
	size_t n = strlen(s);
	switch (t.mode % 8) {
	case 0: check_int(s); break;
	case 1: check_euro(s); break;
	case 2: {
		enum lang l = lang_from_accept(s);
		if (l != LANG_NL && l != LANG_EN)
			abort();
		break;
	}
	case 3: check_base32(s); break;
	case 4: check_totp(s); break;
	case 5: check_route(a, s, 0); break;
	case 6: check_route(a, s, 1); break;
	default: check_text(a, s, n); break;
	}
	fuzz_text_end(&t);
	return 0;
}
