/* See parse.h. */
#include "core/parse.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!s || !*s)
		return LWP_EINVAL;
	/* Digits only, with a minus sign only where negatives are allowed:
	 * strtoll would also take spaces, '+' and "-0". */
	for (const char *p = s; *p; p++)
		if (!(*p >= '0' && *p <= '9') && !(p == s && *p == '-' && min < 0 && p[1]))
			return LWP_EINVAL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return LWP_EINVAL;
	*out = v;
	return 0;
}

int parse_euro(const char *s, long long max_euro, long long *cents)
{
	long long whole, frac = 0;
	char head[24];
	if (!s || !*s)
		return LWP_EINVAL;
	const char *sep = strpbrk(s, ".,");
	size_t n = sep ? (size_t)(sep - s) : strlen(s);
	if (n == 0 || n >= sizeof(head))
		return LWP_EINVAL;
	memcpy(head, s, n);
	head[n] = '\0';
	if (parse_int(head, 0, max_euro, &whole))
		return LWP_EINVAL;
	if (sep && (strlen(sep + 1) != 2 || parse_int(sep + 1, 0, 99, &frac)))
		return LWP_EINVAL;
	*cents = whole * 100 + frac;
	return 0;
}
