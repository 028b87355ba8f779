/* The Cookie header reader; see cookies.h. */
#include "web/cookies.h"

#include <string.h>

const char *cookie_get(struct arena *a, const char *header, const char *name)
{
	const char *h = header;
	size_t n = strlen(name);
	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		size_t len = strcspn(h, ";");
		if (len > n && strncmp(h, name, n) == 0 && h[n] == '=')
			return arena_strndup(a, h + n + 1, len - n - 1);
		h += len;
	}
	return NULL;
}
