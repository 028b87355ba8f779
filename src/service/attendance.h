/*
 * Attendance and the phases of an edition as services (issue 15).
 * Attendance: a lead or coach records, per meeting day, per participant,
 * present or absent (with or without notice); the nights a participant
 * attended at residential meetings come from it (store_nights_attended).
 * Phases: the guided phase ends on the edition's network date (a
 * background job) or when the lead moves it; a finished edition's
 * participants become members of the network.
 */
#ifndef LWP_SERVICE_ATTENDANCE_H
#define LWP_SERVICE_ATTENDANCE_H

#include "service/service.h"
#include "store/store_meetings.h"

struct attendance_mark {
	size_t day;                   /* 0-based position in the meeting */
	int64_t person_id;
	enum attendance_status status;
};

/* Record marks for one meeting in one transaction. LWP_ENOTFOUND for an
 * unknown meeting, LWP_EINVAL for a day it does not have or someone who is
 * not an accepted participant of its edition, LWP_ECLOSED for a meeting
 * that is not confirmed. */
LWP_MUST_USE int svc_attendance_record(struct store *s, struct arena *a, const struct actor *who,
				       int64_t meeting_id, const struct attendance_mark *marks,
				       size_t n, int64_t now);

/* Set (or clear, with NULL) the date "YYYY-MM-DD" on which the edition
 * moves to the network phase. LWP_EINVAL for a bad date. */
LWP_MUST_USE int svc_phase_set_date(struct store *s, struct arena *a, const struct actor *who,
				    int64_t edition_id, const char *date, int64_t now);
/* 1 for the statuses of the guided phase, from which an edition may move
 * to the network phase: open or closed (first come, first served editions
 * start so), selected, running. */
int svc_phase_guided(enum edition_status st);
/* Move an edition in the guided phase to the network phase now:
 * LWP_ECLOSED from any other status. */
LWP_MUST_USE int svc_phase_network(struct store *s, struct arena *a, const struct actor *who,
				   int64_t edition_id, int64_t now);
/* Move every edition in the guided phase whose network date has come (the background job);
 * *moved gets how many. */
LWP_MUST_USE int svc_phase_due(struct store *s, int64_t now, int *moved);
/* Finish an edition in the network phase: its accepted participants get
 * an account (when they have none) and the member role. LWP_ECLOSED from
 * another status; *members gets how many got the role. */
LWP_MUST_USE int svc_edition_finish(struct store *s, struct arena *a, const struct actor *who,
				    int64_t edition_id, int64_t now, int *members);

#endif
