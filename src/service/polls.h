/*
 * Polls as services (issue 15): make a poll for a meeting to be planned
 * (its invitees get a private answer link by mail), answer it through that
 * link until the deadline, remind those who have not answered, tell the
 * lead when everyone has, and close it into a confirmed meeting on the
 * pick of domain/poll.h (whose invitations go out at once).
 *
 * Private links: the answer token is stored as a hash only (as application
 * links are), so a reminder carries a new link and the earlier one stops
 * working; the mail says so.
 */
#ifndef LWP_SERVICE_POLLS_H
#define LWP_SERVICE_POLLS_H

#include "service/meetings.h"

/* At most this many candidates (of domain/poll.h's 50): the answer page
 * sends two fields per candidate, and a form holds at most 64. */
#define POLL_WEB_CANDIDATES_MAX 30

/* Days between reminders to one invitee, and after the invitation. */
#define POLL_REMIND_SECONDS (2 * 86400)

struct poll_new {
	int64_t edition_id;
	int64_t subgroup_id;          /* 0: the whole edition (subgroups come later) */
	const char *title;
	enum meeting_kind kind;       /* of the meeting it is closed into */
	const char *location;         /* or NULL */
	const struct poll_candidate *candidates;
	size_t n_candidates;
	const char *const *required;  /* e-mail addresses of invitees who must come */
	size_t n_required;
	int64_t deadline;             /* UTC seconds, 0 = none */
};

/* Create the poll and mail every invitee (the meeting's invitees: see
 * meetings.h) their private link. LWP_EINVAL with fe (fields title,
 * candidate, require, deadline), LWP_ENOTFOUND for an unknown edition;
 * *id gets the poll's id. */
LWP_MUST_USE int svc_poll_create(struct store *s, struct arena *a, const struct actor *who,
				 const struct meeting_env *env, const struct poll_new *in,
				 int64_t now, struct field_errors *fe, int64_t *id);

/* Store one invitee's answers (n_candidates of them, in order; comments
 * may be NULL) and, when this makes everyone answered, tell the lead once.
 * LWP_ECLOSED when the poll is closed or its deadline has passed,
 * LWP_ENOTFOUND for an unknown poll or invitee. */
LWP_MUST_USE int svc_poll_answer(struct store *s, struct arena *a, const struct actor *who,
				 const struct meeting_env *env, int64_t poll_id,
				 int64_t invitee_id, const enum poll_answer *answers,
				 char *const *comments, int64_t now);

/* Remind (with a new link) the invitees of open polls whose deadline has
 * not passed and who have not answered every candidate, at most once per
 * POLL_REMIND_SECONDS and not before that long after the poll was made.
 * *sent gets the number of reminders. */
LWP_MUST_USE int svc_poll_remind(struct store *s, const struct meeting_env *env, int64_t now,
				 int *sent);

/* Close the poll: apply the pick and create the meeting, confirmed (its
 * invitations go out). LWP_ECONFLICT when no candidate can be picked
 * (nothing is changed), LWP_ECLOSED when closed already. *meeting_id and
 * *picked get the result. A poll closed into one meeting per subgroup is
 * for the subgroup capability: it calls this per subgroup with the
 * subgroup's invitees counted (struct poll.counted). */
LWP_MUST_USE int svc_poll_close(struct store *s, struct arena *a, const struct actor *who,
				const struct meeting_env *env, int64_t poll_id, int64_t now,
				int64_t *meeting_id, int *picked);

/* The invitee of a poll with this e-mail address (for the CLI):
 * LWP_ENOTFOUND when none. */
LWP_MUST_USE int svc_poll_invitee_by_email(const struct poll_full *p, const char *email,
					   int64_t *invitee_id);

#endif
