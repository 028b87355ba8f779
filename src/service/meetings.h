/*
 * Meetings as services (issue 15): create, change, confirm and cancel a
 * meeting of an edition, each one write transaction with its audit entry
 * and, when the meeting is (or was) confirmed and something an invitee's
 * calendar shows changed, an iCalendar invitation (METHOD REQUEST, or
 * CANCEL) to every invitee through the outbox. Also the calendar feeds,
 * which are reads: the edition's public agenda and a person's private one.
 *
 * Invitees: the edition's accepted participants (the subgroup's, once
 * subgroups exist: see meeting_invitees in meetings.c), the users with
 * the coach role for the edition unless the meeting was planned in the
 * network phase, and the meeting's facilitators. Each invitation lists as
 * ATTENDEE the recipient and only those participants who consented to be
 * shown to the others (people.consent_directory).
 */
#ifndef LWP_SERVICE_MEETINGS_H
#define LWP_SERVICE_MEETINGS_H

#include "core/buf.h"
#include "domain/rules.h"
#include "service/service.h"
#include "store/store_meetings.h"

/* Where links point and who organises, for the invitations and feeds. */
struct meeting_env {
	const char *base_url;        /* e.g. https://lwp.example.nl; UIDs take its host */
	const char *organizer_email; /* ORGANIZER when the edition has no contact */
	int no_mail;                 /* queue no mail (the demo's history) */
};

/* Fill env from the server's base URL and mail From address (either may
 * be NULL): the organizer falls back to noreply@ the base URL's host. */
void svc_meeting_env_init(struct arena *a, struct meeting_env *env, const char *base_url,
			  const char *from_addr);

/* Validate and create m (m->edition_id, proposed unless m->status says
 * confirmed, which sends the invitations) with facilitators (user ids,
 * each must exist: LWP_EINVAL with field "facilitators"); m->id set. */
LWP_MUST_USE int svc_meeting_create(struct store *s, struct arena *a, const struct actor *who,
				    const struct meeting_env *env, struct meeting *m,
				    const int64_t *facilitators, size_t n_facilitators,
				    int64_t now, struct field_errors *fe);

/* Store every field of m (by m->id; its edition may not change). The
 * sequence is raised when anything a calendar shows changed; invitations
 * go out when the meeting is confirmed (REQUEST; days it no longer has are
 * cancelled) or was and is now cancelled (CANCEL). LWP_ENOTFOUND,
 * LWP_ECLOSED for a status move meeting_status_allowed refuses. */
LWP_MUST_USE int svc_meeting_update(struct store *s, struct arena *a, const struct actor *who,
				    const struct meeting_env *env, const struct meeting *m,
				    const int64_t *facilitators, size_t n_facilitators,
				    int64_t now, struct field_errors *fe);

/* Confirm, cancel or propose again the meeting with this id, with the
 * invitations as above. */
LWP_MUST_USE int svc_meeting_set_status(struct store *s, struct arena *a, const struct actor *who,
					const struct meeting_env *env, int64_t id,
					enum meeting_status to, int64_t now);

/* The invitees of a meeting (see above), without duplicate addresses. */
LWP_MUST_USE int svc_meeting_invitees(struct store *s, struct arena *a,
				      const struct meeting_row *mr, struct invitee **out,
				      int *count);

/* The UID host of a base URL: its host name in lower case, or "lwp.invalid". */
const char *svc_calendar_host(struct arena *a, const char *base_url);

/* Feeds (METHOD-less calendars, RFC 7986 NAME and REFRESH-INTERVAL), the
 * same bytes whatever the time zone of the process; each event's DTSTAMP
 * is the meeting's last change, so an unchanged feed keeps its ETag.
 * The edition's confirmed meetings without personal data: */
LWP_MUST_USE int svc_calendar_edition(struct store *s, struct arena *a, const char *base_url,
				      const struct edition *e, struct buf *out);
/* Every confirmed or cancelled meeting of a feed token's owner;
 * LWP_ENOTFOUND for an unknown token. */
LWP_MUST_USE int svc_calendar_private(struct store *s, struct arena *a, const char *base_url,
				      const char *token, enum lang lang, struct buf *out);

/* A new private feed token for a user or a person (the other id 0),
 * replacing the old one (whose URL stops working); *token gets it. */
LWP_MUST_USE int svc_calendar_token_new(struct store *s, struct arena *a, const struct actor *who,
					int64_t user_id, int64_t person_id, int64_t now,
					char **token);

#endif
