/* The query string reader; see query.h. */
#include "web/query.h"
#include "web/form.h"

#include <string.h>

const char *query_get(struct arena *a, const char *query, const char *name)
{
	const char *p = query;
	while (p && *p) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		size_t name_len = eq ? (size_t)(eq - p) : len;
		int err = 0;
		char *key = len ? form_decode(a, p, name_len, &err) : NULL;
		if (key && strcmp(key, name) == 0)
			return eq ? form_decode(a, eq + 1, len - name_len - 1, &err) : arena_strdup(a, "");
		p += len;
		if (*p == '&')
			p++;
	}
	return NULL;
}
