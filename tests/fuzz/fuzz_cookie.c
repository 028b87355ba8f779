/*
 * libFuzzer target for cookie_get (src/web/cookies.c), the Cookie header
 * reader behind the session, CSRF and language cookies. The first byte
 * picks a mode, the rest (cut at a NUL, as a header value is) is input:
 *  0 the input is a Cookie header: for the names the server reads and a
 *    name taken from the input, a value found never holds ';', lies in the
 *    header right after "name=" at the start of a pair, and is the one an
 *    independent reading of the pairs finds first; the language cookie
 *    gives only nl or en;
 *  1 the input, split at '\n', gives names and values: with the names cut
 *    to token characters and the values without ';', the header
 *    "n1=v1; n2=v2; ..." gives back for each name the first value given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "core/lang.h"
#include "web/cookies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first pair named name, read independently: pairs split at ';', the
 * spaces before a pair dropped. */
static const char *first_pair(const char *h, const char *name, size_t *len)
{
	size_t n = strlen(name);
	for (const char *p = h; p;) {
		while (*p == ' ')
			p++;
		const char *semi = strchr(p, ';');
		size_t plen = semi ? (size_t)(semi - p) : strlen(p);
		if (plen > n && memcmp(p, name, n) == 0 && p[n] == '=') {
			*len = plen - n - 1;
			return p + n + 1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return NULL;
}

static void check_header(struct arena *a, const char *h, const char *name)
{
	const char *v = cookie_get(a, h, name);
	size_t len = 0;
	const char *want = first_pair(h, name, &len);
	if (!v != !want)
		abort();
	if (!v)
		return;
	if (strchr(v, ';') || strlen(v) != len || memcmp(v, want, len) != 0)
		abort();
	/* it is in the header right after "name=" */
	size_t n = strlen(name);
	if (want < h + n + 1 || memcmp(want - n - 1, name, n) != 0 || want[-1] != '=')
		abort();
}

static int token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

#define PAIRS_MAX 16

static void check_round_trip(struct arena *a, char *s)
{
	char *names[PAIRS_MAX], *values[PAIRS_MAX];
	int n = 0;
	char *p = s;
	while (p && n < PAIRS_MAX) {
		char *name = p, *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *value = nl + 1;
		nl = strchr(value, '\n');
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		size_t o = 0;
		for (size_t i = 0; name[i]; i++)
			if (token_char(name[i]))
				name[o++] = name[i];
		name[o] = '\0';
		value[strcspn(value, ";")] = '\0';
		if (!*name)
			continue;
		names[n] = name;
		values[n] = value;
		n++;
	}
	if (!n)
		return;
	size_t cap = 1;
	for (int i = 0; i < n; i++)
		cap += strlen(names[i]) + strlen(values[i]) + 3;
	char *h = arena_alloc(a, cap);
	if (!h)
		return;
	h[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(h, "; ");
		strcat(h, names[i]);
		strcat(h, "=");
		strcat(h, values[i]);
	}
	for (int i = 0; i < n; i++) {
		int first = fuzz_first_of(names, i);
		const char *v = cookie_get(a, h, names[i]);
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
		static const char *const names[] = {"lwp_session", "__Host-lwp_session", "lwp_csrf",
						    "__Host-lwp_csrf", "lang", ""};
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			check_header(a, s, names[i]);
		/* a name from the input: its first pair's name, if it has one */
		char name[64];
		size_t n = strcspn(s, "=; ");
		if (n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = '\0';
			check_header(a, s, name);
		}
		int lang = lang_parse(cookie_get(a, s, "lang"));
		if (lang != -1 && lang != LANG_NL && lang != LANG_EN)
			abort();
		if (cookie_get(NULL, NULL, "lang"))
			abort();
	} else {
		check_round_trip(a, s);
	}
	fuzz_text_end(&t);
	return 0;
}
