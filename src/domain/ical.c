/* iCalendar writer (ical.h). Every content line is built in a scratch
 * buffer and then folded into the output, so that escaping and folding are
 * each done in one place. Dates come from core/tz.c, never from localtime
 * or strftime, so TZ in the environment cannot change a byte. */
#include "domain/ical.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

#define LINE_MAX_OCTETS 75

/* The VTIMEZONE of Europe/Amsterdam under the EU rules in force since 1996
 * (core/tz.h supports no earlier year): summer time from the last Sunday of
 * March 02:00 local, winter time from the last Sunday of October 03:00
 * local. The DTSTARTs are the first such Sundays of 1970, as RFC 5545 asks
 * of a DTSTART with an RRULE; no history, so the block stays short. */
static const char vtimezone[] =
	"BEGIN:VTIMEZONE\r\n"
	"TZID:" ICS_TZID "\r\n"
	"BEGIN:DAYLIGHT\r\n"
	"TZOFFSETFROM:+0100\r\n"
	"TZOFFSETTO:+0200\r\n"
	"TZNAME:CEST\r\n"
	"DTSTART:19700329T020000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	"END:DAYLIGHT\r\n"
	"BEGIN:STANDARD\r\n"
	"TZOFFSETFROM:+0200\r\n"
	"TZOFFSETTO:+0100\r\n"
	"TZNAME:CET\r\n"
	"DTSTART:19701025T030000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
	"END:STANDARD\r\n"
	"END:VTIMEZONE\r\n";

/* Octets of the unit starting at s (n left): an escape pair, a whole UTF-8
 * sequence, or one byte when the text is not well-formed. */
static size_t unit_length(const unsigned char *s, size_t n)
{
	if (s[0] == '\\')
		return n >= 2 ? 2 : 1;
	size_t len = 1;
	if (s[0] >= 0xF0 && s[0] <= 0xF7)
		len = 4;
	else if (s[0] >= 0xE0)
		len = 3;
	else if (s[0] >= 0xC0)
		len = 2;
	if (len > n)
		return 1;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return len;
}

void ical_line(struct buf *b, const char *line, size_t n)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t col = 0;
	while (n > 0) {
		size_t u = unit_length(s, n);
		if (col + u > LINE_MAX_OCTETS) {
			buf_append(b, "\r\n ", 3);
			col = 1;
		}
		buf_append(b, s, u);
		col += u;
		s += u;
		n -= u;
	}
	buf_append(b, "\r\n", 2);
}

static void escape_n(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' || c == ';' || c == ',') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_append(b, "\\n", 2);
		} else if (c >= 0x20 || c == '\t') {
			buf_putc(b, (char)c);
		} /* CR and other control characters have no place in TEXT */
	}
}

void ical_escape_text(struct buf *b, const char *s)
{
	escape_n(b, s, s ? strlen(s) : 0);
}

/* A TEXT value without blanks at either end: parsers (libical among them)
 * drop them, and no escape keeps them. */
static void text_value(struct buf *b, const char *v)
{
	size_t n = v ? strlen(v) : 0, start = 0;
	while (start < n && (v[start] == ' ' || v[start] == '\t'))
		start++;
	while (n > start && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	escape_n(b, v + start, n - start);
}

/* A parameter value, always quoted: DQUOTE cannot occur inside one, so it
 * becomes an apostrophe, and control characters become spaces. */
static void param_value(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char out = *s;
		if (c == '"')
			out = '\'';
		else if (c < 0x20 || c == 0x7F)
			out = ' ';
		buf_putc(b, out);
	}
	buf_putc(b, '"');
}

/* Printable ASCII without space, quotes, backslash or angle brackets: what
 * may stand unescaped as a URI value. */
static int uri_safe(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s <= 0x20 || *s >= 0x7F || strchr("\"\\<>", *s))
			return 0;
	return 1;
}

/* A host name for the UIDs: letters, digits, dots and hyphens (or none,
 * for "localhost"), so that a UID never needs escaping. */
static int host_valid(const char *h)
{
	for (; h && *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		      (*h >= '0' && *h <= '9') || *h == '.' || *h == '-'))
			return 0;
	return 1;
}

static int person_valid(const struct ical_person *p)
{
	return p && uri_safe(p->email) && strchr(p->email, '@');
}

void ical_format_utc(int64_t utc, char *out, size_t n)
{
	int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
	int64_t secs = utc - days * 86400;
	int y, m, d;
	tz_civil_from_days(days, &y, &m, &d);
	int w = snprintf(out, n, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(secs / 3600),
			 (int)(secs / 60 % 60), (int)(secs % 60));
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';
}

const char *ical_content_type(enum ical_method m)
{
	switch (m) {
	case ICS_METHOD_REQUEST:
		return "text/calendar; charset=UTF-8; method=REQUEST";
	case ICS_METHOD_CANCEL:
		return "text/calendar; charset=UTF-8; method=CANCEL";
	default:
		return "text/calendar; charset=UTF-8";
	}
}

void ical_uid(struct buf *b, int64_t meeting_id, size_t day, const char *host)
{
	buf_printf(b, "meeting-%lld-day-%zu@%s", (long long)meeting_id, day + 1,
		   host && *host ? host : "localhost");
}

/* Flush the scratch line into the output, folded, and empty it. */
static void flush(struct buf *b, struct buf *line)
{
	if (line->failed)
		b->failed = line->failed;
	ical_line(b, line->data ? line->data : "", line->len);
	buf_reset(line);
}

static void text_prop(struct buf *b, struct buf *line, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	buf_puts(line, name);
	buf_putc(line, ':');
	size_t header = line->len;
	text_value(line, v);
	if (line->len == header) { /* blanks only */
		buf_reset(line);
		return;
	}
	flush(b, line);
}

int ical_begin(struct buf *b, const struct ical_calendar *cal)
{
	struct buf line;
	buf_init(&line, BUF_MAX_DEFAULT);
	buf_puts(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	buf_puts(b, "PRODID:" ICS_PRODID "\r\nCALSCALE:GREGORIAN\r\n");
	if (cal->method == ICS_METHOD_REQUEST)
		buf_puts(b, "METHOD:REQUEST\r\n");
	else if (cal->method == ICS_METHOD_CANCEL)
		buf_puts(b, "METHOD:CANCEL\r\n");
	text_prop(b, &line, "NAME", cal->name);
	text_prop(b, &line, "X-WR-CALNAME", cal->name);
	if (cal->refresh_minutes > 0) {
		buf_printf(b, "REFRESH-INTERVAL;VALUE=DURATION:PT%dM\r\n", cal->refresh_minutes);
		buf_printf(b, "X-PUBLISHED-TTL:PT%dM\r\n", cal->refresh_minutes);
	}
	buf_puts(b, vtimezone);
	buf_free(&line);
	return b->failed ? LWP_ENOMEM : 0;
}

int ical_end(struct buf *b)
{
	buf_puts(b, "END:VCALENDAR\r\n");
	return b->failed ? LWP_ENOMEM : 0;
}

static void date_time_prop(struct buf *b, const char *name, const struct meeting_day *d,
			   int minute)
{
	buf_printf(b, "%s;TZID=" ICS_TZID ":%04d%02d%02dT%02d%02d00\r\n", name, d->year,
		   d->month, d->day, minute / 60, minute % 60);
}

static void dates_props(struct buf *b, const struct meeting_day *d)
{
	if (!d->all_day) {
		date_time_prop(b, "DTSTART", d, d->start_minute);
		date_time_prop(b, "DTEND", d, d->end_minute);
		return;
	}
	int y, m, dd;
	tz_civil_from_days(tz_days_from_civil(d->year, d->month, d->day) + 1, &y, &m, &dd);
	buf_printf(b, "DTSTART;VALUE=DATE:%04d%02d%02d\r\n", d->year, d->month, d->day);
	buf_printf(b, "DTEND;VALUE=DATE:%04d%02d%02d\r\n", y, m, dd);
}

static const char *status_value(const struct ical_calendar *cal, const struct meeting *m)
{
	if (cal->method == ICS_METHOD_CANCEL || m->status == MEETING_CANCELLED)
		return "CANCELLED";
	return m->status == MEETING_CONFIRMED ? "CONFIRMED" : "TENTATIVE";
}

static const char *role_value(enum ical_role r)
{
	static const char *const roles[] = {"REQ-PARTICIPANT", "OPT-PARTICIPANT", "CHAIR",
					    "NON-PARTICIPANT"};
	return (int)r >= 0 && r <= ICS_ROLE_NON_PARTICIPANT ? roles[r] : roles[0];
}

static void person_prop(struct buf *b, struct buf *line, const char *name,
			const struct ical_person *p, int attendee)
{
	buf_puts(line, name);
	if (p->name && *p->name) {
		buf_puts(line, ";CN=");
		param_value(line, p->name);
	}
	if (attendee)
		buf_printf(line, ";ROLE=%s;PARTSTAT=NEEDS-ACTION;RSVP=%s", role_value(p->role),
			   p->rsvp ? "TRUE" : "FALSE");
	buf_puts(line, ":mailto:");
	buf_puts(line, p->email);
	flush(b, line);
}

static void summary_prop(struct buf *b, struct buf *line, const struct meeting *m, size_t day)
{
	buf_puts(line, "SUMMARY:");
	text_value(line, m->title);
	if (m->n_days > 1)
		buf_printf(line, " (%zu/%zu)", day + 1, m->n_days);
	flush(b, line);
}

static void event(struct buf *b, struct buf *line, const struct ical_calendar *cal,
		  const struct ical_entry *e, size_t day)
{
	const struct meeting *m = e->meeting;
	char stamp[20];
	ical_format_utc(e->dtstamp ? e->dtstamp : cal->dtstamp, stamp, sizeof(stamp));
	buf_puts(b, "BEGIN:VEVENT\r\n");
	buf_puts(line, "UID:");
	ical_uid(line, m->id, day, cal->host);
	flush(b, line);
	buf_printf(b, "SEQUENCE:%d\r\nDTSTAMP:%s\r\n", m->sequence, stamp);
	dates_props(b, &m->days[day]);
	summary_prop(b, line, m, day);
	text_prop(b, line, "LOCATION", m->location);
	text_prop(b, line, "DESCRIPTION", e->description ? e->description : m->description);
	if (e->url) {
		buf_printf(line, "URL:%s", e->url);
		flush(b, line);
	}
	buf_printf(b, "STATUS:%s\r\nTRANSP:OPAQUE\r\n", status_value(cal, m));
	if (e->organizer)
		person_prop(b, line, "ORGANIZER", e->organizer, 0);
	for (size_t i = 0; i < e->n_attendees; i++)
		person_prop(b, line, "ATTENDEE", &e->attendees[i], 1);
	buf_puts(b, "END:VEVENT\r\n");
}

/* Everything that could make an event unwritable, checked before any of
 * it is written. RFC 5546 wants an ORGANIZER in a REQUEST or CANCEL and at
 * least one ATTENDEE in a REQUEST. */
static int entry_check(const struct ical_calendar *cal, const struct ical_entry *e, size_t day)
{
	const struct meeting *m = e->meeting;
	if (!m || !m->days || day >= m->n_days || meeting_day_check(&m->days[day]))
		return LWP_EINVAL;
	if (!host_valid(cal->host))
		return LWP_EINVAL;
	if (cal->method != ICS_METHOD_NONE && !e->organizer)
		return LWP_EINVAL;
	if (cal->method == ICS_METHOD_REQUEST && e->n_attendees == 0)
		return LWP_EINVAL;
	if (e->url && !uri_safe(e->url))
		return LWP_EINVAL;
	if (e->organizer && !person_valid(e->organizer))
		return LWP_EINVAL;
	for (size_t i = 0; i < e->n_attendees; i++)
		if (!person_valid(&e->attendees[i]))
			return LWP_EINVAL;
	return 0;
}

int ical_meeting_day(struct buf *b, const struct ical_calendar *cal,
		     const struct ical_entry *e, size_t day)
{
	if (entry_check(cal, e, day))
		return LWP_EINVAL;
	struct buf line;
	buf_init(&line, BUF_MAX_DEFAULT);
	event(b, &line, cal, e, day);
	buf_free(&line);
	return b->failed ? LWP_ENOMEM : 0;
}

int ical_meeting(struct buf *b, const struct ical_calendar *cal, const struct ical_entry *e)
{
	if (!e->meeting || e->meeting->n_days == 0)
		return LWP_EINVAL;
	for (size_t d = 0; d < e->meeting->n_days; d++)
		if (entry_check(cal, e, d))
			return LWP_EINVAL;
	for (size_t d = 0; d < e->meeting->n_days; d++) {
		int rc = ical_meeting_day(b, cal, e, d);
		if (rc)
			return rc;
	}
	return 0;
}

int ical_write(struct buf *b, const struct ical_calendar *cal,
	       const struct ical_entry *entries, size_t n, struct lwp_error *err)
{
	int rc = ical_begin(b, cal);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = ical_meeting(b, cal, &entries[i]);
	if (rc == 0)
		rc = ical_end(b);
	if (rc)
		return lwp_fail(err, rc, "meeting", rc == LWP_EINVAL
			? N_("This meeting cannot be put in a calendar.")
			: N_("The calendar is too large."));
	return 0;
}
