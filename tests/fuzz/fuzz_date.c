/*
 * libFuzzer target for the date parsers (src/core/tz.c) on a NUL-terminated
 * copy of the input. Invariants, checked with abort():
 *  - a local time that tz_parse_local accepts converts back, with
 *    tz_to_local, to the same wall clock, and is the earliest instant that
 *    shows that wall clock (an ambiguous autumn time is summer time);
 *  - a syntactically valid "YYYY-MM-DD HH:MM" with an existing date is
 *    refused only when no instant shows that wall clock (the spring gap);
 *  - a date that tz_parse_date accepts is valid and round-trips through
 *    tz_days_from_civil / tz_civil_from_days.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct wall {
	int y, m, d, h, mi;
};

static int num(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Independent reading of the strict syntax, without range checks. */
static int wall_syntax(const char *s, struct wall *w)
{
	return strlen(s) == 16 && s[4] == '-' && s[7] == '-' &&
	       (s[10] == ' ' || s[10] == 'T') && s[13] == ':' &&
	       num(s, 4, &w->y) && num(s + 5, 2, &w->m) && num(s + 8, 2, &w->d) &&
	       num(s + 11, 2, &w->h) && num(s + 14, 2, &w->mi);
}

static int shows(int64_t utc, const struct wall *w)
{
	struct local_time lt;
	tz_to_local(utc, &lt);
	return lt.year == w->y && lt.month == w->m && lt.day == w->d &&
	       lt.hour == w->h && lt.minute == w->mi && lt.second == 0;
}

static void check_local(const char *s)
{
	int64_t t = 0;
	struct wall w;
	int rc = tz_parse_local(s, &t);
	int syntax = wall_syntax(s, &w);
	if (rc == 0) {
		if (!syntax || !tz_date_valid(w.y, w.m, w.d))
			abort();
		if (!shows(t, &w))
			abort();
		/* The earlier of two candidates (CEST is an hour before CET). */
		if (shows(t - 3600, &w))
			abort();
		char iso[32];
		tz_format_iso(t, iso, sizeof(iso));
		if (strlen(iso) != 25 || memcmp(iso, s, 10) != 0 ||
		    memcmp(iso + 11, s + 11, 5) != 0)
			abort();
		return;
	}
	if (syntax && tz_date_valid(w.y, w.m, w.d) && w.h < 24 && w.mi < 60) {
		int64_t wall = tz_days_from_civil(w.y, w.m, w.d) * 86400 +
			       w.h * 3600 + w.mi * 60;
		if (shows(wall - 3600, &w) || shows(wall - 7200, &w))
			abort(); /* refused a time that exists */
	}
}

static void check_date(const char *s)
{
	int y = 0, m = 0, d = 0;
	if (tz_parse_date(s, &y, &m, &d) != 0)
		return;
	if (strlen(s) != 10 || !tz_date_valid(y, m, d))
		abort();
	int y2, m2, d2;
	tz_civil_from_days(tz_days_from_civil(y, m, d), &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_local(s);
	check_date(s);
	free(s);
	return 0;
}
