/* Europe/Amsterdam time arithmetic without the C library's global TZ state,
 * so that it is thread-safe and testable at the DST edges. */
#include "core/tz.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil: exact for the proleptic calendar. */
int64_t tz_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tz_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

int tz_date_valid(int y, int m, int d)
{
	return y >= TZ_YEAR_MIN && y <= TZ_YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= tz_days_in_month(y, m);
}

/* UTC instant of the last Sunday of the month at 01:00 UTC. */
static int64_t last_sunday_0100(int y, int m)
{
	int64_t days = tz_days_from_civil(y, m, tz_days_in_month(y, m));
	int weekday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	return (days - weekday) * 86400 + 3600;
}

static int offset_at(int64_t utc)
{
	int y, m, d;
	int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
	tz_civil_from_days(days, &y, &m, &d);
	if (utc >= last_sunday_0100(y, 3) && utc < last_sunday_0100(y, 10))
		return 120;
	return 60;
}

int tz_local_to_utc(int y, int mo, int d, int h, int mi, int64_t *out)
{
	if (!tz_date_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59)
		return LWP_EINVAL;
	int64_t wall = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
	/* Try summer time first so that an ambiguous time takes the earlier
	 * instant; a candidate is right when its own offset agrees. */
	for (int offset = 120; offset >= 60; offset -= 60) {
		int64_t utc = wall - offset * 60;
		if (offset_at(utc) == offset) {
			*out = utc;
			return 0;
		}
	}
	return LWP_EINVAL; /* in the spring-forward gap */
}

/* Read exactly n digits. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return LWP_EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int tz_parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return LWP_EINVAL;
	if (digits(s, 4, y) || digits(s + 5, 2, m) || digits(s + 8, 2, d))
		return LWP_EINVAL;
	return tz_date_valid(*y, *m, *d) ? 0 : LWP_EINVAL;
}

int tz_parse_local(const char *s, int64_t *out)
{
	int y, m, d, h, mi;
	char date[11];
	if (strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
		return LWP_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (tz_parse_date(date, &y, &m, &d))
		return LWP_EINVAL;
	if (digits(s + 11, 2, &h) || digits(s + 14, 2, &mi))
		return LWP_EINVAL;
	return tz_local_to_utc(y, m, d, h, mi, out);
}

void tz_to_local(int64_t utc, struct local_time *out)
{
	int offset = offset_at(utc);
	int64_t wall = utc + offset * 60;
	int64_t days = wall >= 0 ? wall / 86400 : (wall - 86399) / 86400;
	int64_t secs = wall - days * 86400;
	tz_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->weekday = (int)((days % 7 + 11) % 7);
	out->offset_minutes = offset;
}

void tz_format_iso(int64_t utc, char *out, size_t n)
{
	struct local_time lt;
	tz_to_local(utc, &lt);
	int w = snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00",
			 lt.year, lt.month, lt.day, lt.hour, lt.minute,
			 lt.second, lt.offset_minutes / 60);
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';
}

int64_t tz_now(void)
{
	const char *fixed = getenv("LWP_NOW");
	if (fixed && *fixed) {
		char *end;
		long long v = strtoll(fixed, &end, 10);
		if (*end == '\0')
			return v;
	}
	return (int64_t)time(NULL);
}
