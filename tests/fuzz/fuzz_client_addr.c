/*
 * libFuzzer target for client_addr (src/web/client_addr.c): the address
 * used for rate limits and the audit log. The first byte says whether the
 * proxy is trusted, the rest (cut at a NUL) is the X-Forwarded-For value.
 * The answer is the peer itself (the same pointer) or a valid IPv4 or IPv6
 * address in inet_ntop's form that is the header's last entry read
 * independently; without trust it is always the peer; the answer given
 * again as the header gives itself back (it is canonical); an answer never
 * holds ',' or ' '.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "web/client_addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char peer[] = "198.51.100.7";

/* The canonical form of the last entry of h, or NULL. */
static const char *last_entry(const char *h, char *out, size_t cap)
{
	const char *last = h;
	for (const char *p = h; *p; p++)
		if (*p == ',')
			last = p + 1;
	last += strspn(last, " ");
	unsigned char ip[16];
	if (inet_pton(AF_INET, last, ip) == 1)
		return inet_ntop(AF_INET, ip, out, (socklen_t)cap);
	if (inet_pton(AF_INET6, last, ip) == 1)
		return inet_ntop(AF_INET6, ip, out, (socklen_t)cap);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_text t;
	if (!fuzz_text_begin(&t, data, size, 4096))
		return 0;
	char *s = t.s;
	struct arena *a = t.a;
	int trust = t.mode & 1;
	char want[INET6_ADDRSTRLEN];
	const char *got = client_addr(a, s, trust, peer);
	const char *expected = trust ? last_entry(s, want, sizeof(want)) : NULL;
	if (!got)
		abort();
	if (!expected) {
		if (got != peer)
			abort();
	} else {
		unsigned char ip[16];
		if (got == peer || strcmp(got, expected) != 0 || strpbrk(got, ", ") ||
		    (inet_pton(AF_INET, got, ip) != 1 && inet_pton(AF_INET6, got, ip) != 1))
			abort();
		if (strcmp(client_addr(a, got, 1, peer), got) != 0)
			abort();
		/* and as the last of several entries, added by the proxy */
		char *list = arena_printf(a, "203.0.113.9, %s", got);
		if (list && strcmp(client_addr(a, list, 1, peer), got) != 0)
			abort();
	}
	if (client_addr(a, NULL, 1, peer) != peer || client_addr(a, s, 0, peer) != peer)
		abort();
	fuzz_text_end(&t);
	return 0;
}
