/*
 * Decoding of the console API's JSON bodies into the structs the services
 * take: an application's status, an edition's status and fields, a meeting
 * and a poll. Apart from the handlers (api_console.c, api_meetings.c) so
 * that the fuzz target and the unit tests reach them without a database;
 * the services check the rules again.
 */
#ifndef LWP_WEB_API_INPUT_H
#define LWP_WEB_API_INPUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/meeting.h"
#include "domain/model.h"
#include "domain/rules.h"
#include "service/attendance.h"
#include "service/polls.h"

/* The body as a JSON object (UTF-8, no duplicate names, no NUL in strings),
 * or NULL; the caller decrefs it. */
json_t *api_input_object(const char *body, size_t len);

/* {"status": code, "note": text or null}, nothing else: 0 with *status a
 * valid enum app_status and *note NULL (absent, null or "") or a copy in a;
 * LWP_EINVAL with the fields at fault in fe (body, status, note). */
int api_input_application_status(struct arena *a, json_t *doc, enum app_status *status,
				 char **note, struct field_errors *fe);

/* {"status": "open"} or {"status": "closed"}, nothing else: 0 with
 * *status; LWP_EINVAL otherwise. */
int api_input_edition_status(json_t *doc, enum edition_status *status);

/* The edition fields of an update (title, description, capacity and org_cap
 * 0..100000, fee in euro with at most two decimals 0..1000000, deadline as
 * Amsterdam local time): each member present is applied to e (strings
 * copied into a); an unknown member or a bad value goes to fe under its
 * name (copied into a) and leaves e's field as it was. 0 or LWP_EINVAL. */
int api_input_edition(struct arena *a, json_t *doc, struct edition *e, struct field_errors *fe);

#define API_CAPACITY_MAX 100000
#define API_FEE_MAX_EURO 1000000

/* A facilitator named in a meeting body: a user id, or an e-mail address
 * (pointing into the document) for the handler to look up. */
struct api_facilitator {
	int64_t id;        /* when email is NULL */
	const char *email;
};

/* A meeting: title, location, description (text or null), kind (required),
 * status (default proposed), nights (0..MEETING_DAYS_MAX; more than 0 makes
 * it residential), price_per_night_cents (0..MEETING_PRICE_MAX_CENTS),
 * days [{"date", "start", "end"} or {"date", "all_day": true}],
 * facilitators [id or e-mail]. Texts point into doc (keep it until the
 * meeting is used); arrays are in a. 0, or LWP_EINVAL with fe. */
int api_input_meeting(struct arena *a, json_t *doc, struct meeting *m,
		      struct api_facilitator **fac, size_t *nfac, struct field_errors *fe);

/* A poll: title, location, deadline (Amsterdam local time), kind (default
 * extra_day), candidates [text as poll_candidate_parse reads it, at most
 * POLL_CANDIDATES_MAX], required [e-mail]. Texts point into doc; the
 * edition is the caller's to set. 0, or LWP_EINVAL with fe. */
int api_input_poll(struct arena *a, json_t *doc, struct poll_new *in, struct field_errors *fe);

/* Attendance: {"marks": [{"day": N from 1, "person_id": N from 1,
 * "status": "present"|"absent_notice"|"absent"}]}: *marks (in a, 0-based
 * days) and *n; a mark with a value of another type (a day "1", a
 * person_id 5.0) is an error, never read as 0. 0, or LWP_EINVAL with fe
 * (field marks); whether the day and person exist is the service's. */
int api_input_attendance(struct arena *a, json_t *doc, struct attendance_mark **marks, size_t *n,
			 struct field_errors *fe);

#endif
