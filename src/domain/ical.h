/*
 * iCalendar writer (RFC 5545, RFC 7986 NAME and REFRESH-INTERVAL, RFC 5546
 * METHOD): invitations for the outbox and feeds for calendar programs.
 * Plain structs in, text out into a growable buffer; no time-zone state of
 * the C library is used, so the output does not depend on TZ. Times are
 * written in Europe/Amsterdam with our own short VTIMEZONE. Constants are
 * ICS_ so that they never collide with libical's ICAL_ (used in tests).
 *
 * Use: ical_begin, then ical_meeting (or ical_meeting_day) per meeting,
 * then ical_end; or ical_write for a whole calendar at once. The buffer is
 * sticky on failure, so the result of ical_end tells whether all of it fit.
 */
#ifndef LWP_DOMAIN_ICAL_H
#define LWP_DOMAIN_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "domain/meeting.h"

#define ICS_TZID "Europe/Amsterdam"
#define ICS_PRODID "-//lwp//Leerwerkplaats//NL"

enum ical_method {
	ICS_METHOD_NONE,    /* a feed or a download */
	ICS_METHOD_REQUEST, /* an invitation, new or changed */
	ICS_METHOD_CANCEL,  /* a cancellation */
};

enum ical_role {
	ICS_ROLE_REQ_PARTICIPANT,
	ICS_ROLE_OPT_PARTICIPANT,
	ICS_ROLE_CHAIR,
	ICS_ROLE_NON_PARTICIPANT,
};

/* A person in ORGANIZER or ATTENDEE. The e-mail address must be a valid
 * address (checked at the edge); the name may be NULL. */
struct ical_person {
	const char *name;
	const char *email;
	enum ical_role role; /* attendees only */
	int rsvp;            /* attendees only: ask for a reply */
};

/* The calendar object as a whole. */
struct ical_calendar {
	enum ical_method method;
	const char *name;     /* NAME and X-WR-CALNAME, or NULL */
	int refresh_minutes;  /* REFRESH-INTERVAL and X-PUBLISHED-TTL; 0 = none */
	const char *host;     /* the right-hand side of every UID: a-z, 0-9, '.', '-' */
	int64_t dtstamp;      /* UTC seconds: when this object was made */
};

/* One meeting with what the caller adds to it. attendees are only those
 * the caller chose to list (never invitees who did not consent to being
 * shown to the others); an invitation to one person can list that person
 * alone. */
struct ical_entry {
	const struct meeting *meeting;
	const char *description;   /* DESCRIPTION, or NULL for meeting->description */
	const char *url;           /* URL of the meeting's page, or NULL */
	const struct ical_person *organizer; /* or NULL */
	const struct ical_person *attendees;
	size_t n_attendees;
	/* DTSTAMP of this entry's events when not 0, e.g. the meeting's last
	 * change in a feed, so that an unchanged feed stays byte-identical
	 * (and keeps its ETag); otherwise the calendar's dtstamp. */
	int64_t dtstamp;
};

/* VCALENDAR header and the VTIMEZONE. */
int ical_begin(struct buf *b, const struct ical_calendar *cal);
/* One VEVENT per day of the meeting: SUMMARY is the title, with " (2/3)"
 * after it on the days of a multi-day meeting; STATUS is CONFIRMED,
 * TENTATIVE (proposed) or CANCELLED (a cancelled meeting or METHOD:CANCEL).
 * Text values lose blanks at either end (parsers drop them anyway); an
 * empty LOCATION or DESCRIPTION is left out.
 * LWP_EINVAL, and nothing written, for an invalid day or host, an address or URL
 * that cannot be written, a REQUEST or CANCEL without organizer or a
 * REQUEST without attendees. */
int ical_meeting(struct buf *b, const struct ical_calendar *cal, const struct ical_entry *e);
/* The VEVENT of one day (0-based index), e.g. to cancel a day a changed
 * meeting no longer has, with the old meeting and METHOD:CANCEL. */
int ical_meeting_day(struct buf *b, const struct ical_calendar *cal,
		     const struct ical_entry *e, size_t day);
/* END:VCALENDAR; returns LWP_ENOMEM when the buffer failed anywhere. */
int ical_end(struct buf *b);
/* The whole calendar: begin, every entry, end. */
int ical_write(struct buf *b, const struct ical_calendar *cal,
	       const struct ical_entry *entries, size_t n, struct lwp_error *err);

/* "meeting-<id>-day-<n>@<host>", n from 1: stable as long as the meeting
 * keeps its id and the day its position, whatever its date. */
void ical_uid(struct buf *b, int64_t meeting_id, size_t day, const char *host);

/* Escape a TEXT value (backslash, semicolon, comma, newline; CR dropped). */
void ical_escape_text(struct buf *b, const char *s);

/* Append one content line "name:value" (value already escaped) folded at
 * 75 octets, never inside a UTF-8 sequence or an escape pair, with CRLF. */
void ical_line(struct buf *b, const char *line, size_t n);

/* "YYYYMMDDTHHMMSSZ" for a UTC instant into out (at least 17 bytes). */
void ical_format_utc(int64_t utc, char *out, size_t n);

/* The MIME type of an object with this method, for the mail part:
 * "text/calendar; charset=UTF-8; method=REQUEST" and so on. */
const char *ical_content_type(enum ical_method m);

#endif
