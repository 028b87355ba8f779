/*
 * Dates and times. Instants are stored as seconds since the Unix epoch
 * (UTC); they are converted to Europe/Amsterdam only to show them or to
 * interpret a local date-time such as a deadline. The Amsterdam rules are
 * the EU ones in force since 1996 (CET +01:00, CEST +02:00 from the last
 * Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC), so
 * years are limited to TZ_YEAR_MIN..TZ_YEAR_MAX.
 */
#ifndef LWP_CORE_TZ_H
#define LWP_CORE_TZ_H

#include <stddef.h>
#include <stdint.h>

#define TZ_YEAR_MIN 1996
#define TZ_YEAR_MAX 2199

struct local_time {
	int year, month, day; /* month 1..12 */
	int hour, minute, second;
	int weekday;          /* 0 = Sunday */
	int offset_minutes;   /* 60 or 120 */
};

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tz_days_from_civil(int y, int m, int d);
void tz_civil_from_days(int64_t days, int *y, int *m, int *d);
int tz_days_in_month(int y, int m);

/* 1 when the date exists (year in range, month 1..12, day in month). */
int tz_date_valid(int y, int m, int d);

/* Convert a local Amsterdam wall-clock time to UTC. Fails with LWP_EINVAL
 * for a time that does not exist (the spring-forward gap) or out of range;
 * an ambiguous autumn time is taken as the earlier instant (summer time). */
int tz_local_to_utc(int y, int mo, int d, int h, int mi, int64_t *out);

/* Parse "YYYY-MM-DD HH:MM" (or with 'T') as Amsterdam local time. Strict:
 * exact digits, no trailing text. */
int tz_parse_local(const char *s, int64_t *out);

/* Parse "YYYY-MM-DD" as a date; stores y/m/d. */
int tz_parse_date(const char *s, int *y, int *m, int *d);

void tz_to_local(int64_t utc, struct local_time *out);

/* "2017-11-15T23:59:00+01:00" into out (at least 26 bytes). */
void tz_format_iso(int64_t utc, char *out, size_t n);

/* Current time in seconds. LWP_NOW in the environment (seconds since the
 * epoch) overrides the clock, for tests and demos of a fixed moment. */
int64_t tz_now(void);

#endif
