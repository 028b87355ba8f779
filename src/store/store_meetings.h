/*
 * Reads of meetings, attendance, polls and calendar feeds (issue 15), for
 * the services, pages, API and CLI; the writes are in store_write.h.
 * Meetings come back as the domain's struct meeting with what the store
 * adds around it (day ids, facilitators' user ids and addresses).
 */
#ifndef LWP_STORE_STORE_MEETINGS_H
#define LWP_STORE_STORE_MEETINGS_H

#include "domain/attendance.h"
#include "domain/meeting.h"
#include "domain/poll.h"
#include "domain/account.h"
#include "store/store.h"

struct meeting_row {
	struct meeting m;           /* m.facilitators: the facilitators' names */
	int64_t *day_ids;           /* m.n_days ids of the days */
	int64_t *facilitator_ids;   /* m.n_facilitators user ids */
	char **facilitator_emails;
	int network;                /* planned in the network phase: no coaches */
	int64_t updated_at;
};

/* One meeting with its days and facilitators: LWP_ENOTFOUND when none. */
LWP_MUST_USE int store_meeting_get(struct store *s, struct arena *a, int64_t id,
				   struct meeting_row *out);
/* The edition's meetings by first day; only confirmed ones when
 * confirmed_only. */
LWP_MUST_USE int store_meeting_list(struct store *s, struct arena *a, int64_t edition_id,
				    int confirmed_only, struct meeting_row **out, int *count);
/* Every confirmed or cancelled meeting of a user (of the editions where
 * they hold a role, or which they facilitate) or of a person (the
 * editions where their application was accepted), for a private feed. */
LWP_MUST_USE int store_meetings_of_user(struct store *s, struct arena *a, int64_t user_id,
					struct meeting_row **out, int *count);
LWP_MUST_USE int store_meetings_of_person(struct store *s, struct arena *a, int64_t person_id,
					  struct meeting_row **out, int *count);

enum invitee_kind { INVITEE_PARTICIPANT, INVITEE_COACH, INVITEE_FACILITATOR };

/* Someone a meeting or poll of an edition is for. */
struct invitee {
	enum invitee_kind kind;
	int64_t person_id;          /* participants */
	int64_t user_id;            /* coaches and facilitators */
	char *name;
	char *email;
	char *lang;
	int consent_directory;      /* may be shown to the other invitees */
};

/* The accepted participants of the edition (people), by name. */
LWP_MUST_USE int store_edition_participants(struct store *s, struct arena *a, int64_t edition_id,
					    struct invitee **out, int *count);
/* Enabled users with this role for the edition (coaches, leads); kind
 * INVITEE_COACH. */
LWP_MUST_USE int store_edition_role_users(struct store *s, struct arena *a, int64_t edition_id,
					  enum role role, struct invitee **out, int *count);

/* ---- attendance ---- */
struct attendance_row {
	int64_t meeting_id;
	int64_t day_id;
	int64_t person_id;
	enum attendance_status status;
	char *recorded_by;
	int64_t recorded_at;
};
/* Every record of the edition's meetings (meeting_id 0) or of one meeting. */
LWP_MUST_USE int store_attendance_list(struct store *s, struct arena *a, int64_t edition_id,
				       int64_t meeting_id, struct attendance_row **out, int *count);

/* What the invoices charge: nights attended at confirmed residential
 * meetings of the edition per participant (attendance_day_has_night on
 * days recorded present) and their price. Participants with no night are
 * left out; by name. */
struct nights_row {
	int64_t person_id;
	char *name;
	char *email;
	int nights;
	int64_t cents;
};
LWP_MUST_USE int store_nights_attended(struct store *s, struct arena *a, int64_t edition_id,
				       struct nights_row **out, int *count);
/* The same per participant and meeting, as the invoices' stays (struct
 * invoice_stay): by participant name, then the meeting's first day. */
struct stay_row {
	int64_t person_id;
	int64_t application_id;     /* the participant's application to the edition */
	int64_t meeting_id;
	char *meeting;              /* its title */
	int nights;
	int64_t price_per_night_cents;
};
LWP_MUST_USE int store_stays_attended(struct store *s, struct arena *a, int64_t edition_id,
				      struct stay_row **out, int *count);

/* ---- polls ---- */
enum poll_state { POLL_STATE_OPEN, POLL_STATE_CLOSED };

struct poll_invitee {
	int64_t id;
	int64_t person_id, user_id;  /* one of them, or both 0 for an address */
	char *name;
	char *email;
	char *lang;
	int required;
	int64_t answered_at;         /* 0 when never */
	int64_t reminded_at;
};

/* A poll with everything its page and its pick need. */
struct poll_full {
	int64_t id;
	int64_t edition_id;
	int64_t subgroup_id;
	char *title;
	enum meeting_kind kind;
	char *location;
	int64_t deadline;            /* 0 = none */
	enum poll_state state;
	int64_t meeting_id;          /* the meeting it was closed into, or 0 */
	int picked;                  /* candidate index, -1 */
	int lead_told;
	char *created_by;
	int64_t created_at;
	struct poll_candidate *candidates;
	int64_t *candidate_ids;
	size_t n_candidates;
	struct poll_invitee *invitees;
	size_t n_invitees;
	enum poll_answer *answers;   /* n_invitees * n_candidates */
	char **comments;             /* the same, NULL for none */
	unsigned char *required;     /* n_invitees flags */
};

LWP_MUST_USE int store_poll_get(struct store *s, struct arena *a, int64_t id,
				struct poll_full *out);
/* The polls of an edition, newest first, without their answers. */
LWP_MUST_USE int store_poll_list(struct store *s, struct arena *a, int64_t edition_id,
				 struct poll_full **out, int *count);
/* The poll and invitee behind a private answer link. */
LWP_MUST_USE int store_poll_invitee_by_token(struct store *s, struct arena *a, const char *token,
					     int64_t *poll_id, int64_t *invitee_id);
/* The ids of open polls of every edition, oldest first (at most max). */
LWP_MUST_USE int store_polls_open(struct store *s, int64_t *ids, int max, int *count);
/* The domain view of a loaded poll, for poll_decide. */
void store_poll_view(const struct poll_full *p, struct poll *out);

/* ---- calendar feeds and phases ---- */
/* The owner of a feed token: a user or a person (the other is 0). */
LWP_MUST_USE int store_feed_by_token(struct store *s, struct arena *a, const char *token,
				     int64_t *user_id, int64_t *person_id);
/* The date the edition moves to the network phase ("YYYY-MM-DD", NULL
 * when none was set) and when it moved (0: not yet). */
LWP_MUST_USE int store_edition_phase(struct store *s, struct arena *a, int64_t edition_id,
				     char **network_on, int64_t *moved_at);
/* Editions still in the guided phase (open, closed, selected, running) whose network
 * date is on or before today ("YYYY-MM-DD"): ids, at most max. */
LWP_MUST_USE int store_editions_due_network(struct store *s, const char *today, int64_t *ids,
					    int max, int *count);
/* The person of an accepted or other application (for the applicant's
 * private page). */
LWP_MUST_USE int store_application_person(struct store *s, int64_t application_id,
					  int64_t *person_id);

#endif
