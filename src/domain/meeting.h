/*
 * Meetings of an edition (SPEC C4, issue 15): the plain struct the store
 * fills and the pages, API, CLI and calendar writer read, its code tables
 * and labels, and its validation. Days are local Europe/Amsterdam wall-clock
 * dates and times, because that is how they are planned and announced; the
 * conversion to UTC instants (core/tz.h) happens only where one is needed.
 */
#ifndef LWP_DOMAIN_MEETING_H
#define LWP_DOMAIN_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/lang.h"
#include "domain/rules.h"

#define MEETING_DAYS_MAX 14
#define MEETING_FACILITATORS_MAX 10
#define MEETING_TITLE_MAX 200
#define MEETING_LOCATION_MAX 300
#define MEETING_DESCRIPTION_MAX 20000
#define MEETING_PRICE_MAX_CENTS 10000000 /* 100,000 euro per night */

enum meeting_kind {
	MEETING_PREQUEL,
	MEETING_START,
	MEETING_FOLLOW_UP,
	MEETING_EXTRA_DAY,
	MEETING_NETWORK,
	MEETING_KIND_COUNT
};

enum meeting_status {
	MEETING_PROPOSED,
	MEETING_CONFIRMED,
	MEETING_CANCELLED,
	MEETING_STATUS_COUNT
};

/* One day of a meeting, in Amsterdam local time. Times are minutes after
 * local midnight (09:30 = 570); both are ignored when all_day is set. */
struct meeting_day {
	int year, month, day;
	int all_day;
	int start_minute;
	int end_minute;
};

struct meeting {
	int64_t id;
	int64_t edition_id;
	char *title;
	char *description;   /* plain text or NULL */
	enum meeting_kind kind;
	int64_t subgroup_id; /* 0 = the whole edition */
	struct meeting_day *days;
	size_t n_days;       /* 1..MEETING_DAYS_MAX, consecutive dates */
	char *location;      /* or NULL */
	int residential;
	int nights;          /* 0 unless residential */
	int64_t price_per_night_cents;
	char **facilitators; /* names */
	size_t n_facilitators;
	enum meeting_status status;
	int sequence;        /* iCalendar SEQUENCE: raised on every change */
};

/* Codes as stored and sent in the API, and parsing back (-1 if unknown). */
const char *meeting_kind_code(enum meeting_kind k);
int meeting_kind_parse(const char *s);
const char *meeting_status_code(enum meeting_status s);
int meeting_status_parse(const char *s);

/* English labels (msgids); the _text forms translate them. */
const char *meeting_kind_label(enum meeting_kind k);
const char *meeting_status_label(enum meeting_status s);
const char *meeting_kind_text(enum meeting_kind k, enum lang lang);
const char *meeting_status_text(enum meeting_status s, enum lang lang);

/* NULL when the day is valid on its own: the date exists, the times lie in
 * 00:00..23:59 with the end after the start, and both exist in Amsterdam
 * (not in the spring-forward gap). Otherwise an English msgid. */
const char *meeting_day_check(const struct meeting_day *d);

/* The whole meeting: text fields, kind, status, audience, 1..14 days each
 * valid and each the day after the previous one, residential nights
 * 1..n_days (a night before the first day counts) with a price, none and
 * no price when not residential. Adds to fe; LWP_EINVAL when anything is
 * wrong, 0 otherwise. Field names: title, description, kind, status,
 * subgroup, days, location, nights, price, facilitators. */
int meeting_validate(const struct meeting *m, struct field_errors *fe);

/* 1 when the status may move from one to the other: proposed to confirmed
 * or cancelled, confirmed to cancelled, cancelled back to proposed, and
 * any status to itself (an edit). */
int meeting_status_allowed(enum meeting_status from, enum meeting_status to);

/* 1 when b differs from a in anything an invitee's calendar shows (title,
 * description, days and times, location, status), so that the caller
 * raises the sequence and sends the invitation again. */
int meeting_calendar_changed(const struct meeting *a, const struct meeting *b);

/* The UTC instants a day covers; an all-day day runs from local midnight
 * to the next local midnight. LWP_EINVAL for an invalid day. */
int meeting_day_span(const struct meeting_day *d, int64_t *start, int64_t *end);

/* Compare two days by date, then start (all-day first), for sorting and
 * for "the earliest candidate": <0, 0 or >0. */
int meeting_day_compare(const struct meeting_day *a, const struct meeting_day *b);

/* "HH:MM" (exactly five characters, 00:00..23:59) into minutes. */
int meeting_parse_hhmm(const char *s, int *minutes);

/* A day as a person reads it: "25 januari 2018, 09:30-17:00" (nl) or
 * "25 January 2018, 09:30-17:00" (en); all-day days show the date alone. */
void meeting_day_format(struct buf *b, const struct meeting_day *d, enum lang lang);

#endif
