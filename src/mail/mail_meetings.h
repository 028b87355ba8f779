/*
 * The mail of meetings and polls (issue 15), in the recipient's language:
 * the invitation (or its change or cancellation) that carries the
 * iCalendar object, the poll's private answer link and its reminder, and
 * the note to the lead that everyone has answered. Strings in the arena.
 */
#ifndef LWP_MAIL_MAIL_MEETINGS_H
#define LWP_MAIL_MAIL_MEETINGS_H

#include "domain/ical.h"
#include "domain/meeting.h"
#include "mail/mail.h"

/* kind: 0 new, 1 changed, 2 cancelled. calendar is the iCalendar object
 * (METHOD REQUEST, or CANCEL for a cancellation), url the page with the
 * edition's agenda. */
int mail_meeting_invitation(struct arena *a, enum lang lang, const char *name, const char *email,
			    const char *edition_title, const struct meeting *m, int kind,
			    const char *url, const char *calendar, struct mail *out);

/* The private link to answer a poll; reminder 1 for the reminder; until is
 * the deadline formatted in the recipient's language, or NULL. */
int mail_poll_invitation(struct arena *a, enum lang lang, const char *name, const char *email,
			 const char *poll_title, const char *link, const char *until,
			 int reminder, struct mail *out);

/* To the lead: every invitee has answered the poll; link to its page. */
int mail_poll_complete(struct arena *a, enum lang lang, const char *name, const char *email,
		       const char *poll_title, const char *link, struct mail *out);

#endif
