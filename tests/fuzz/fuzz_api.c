/*
 * libFuzzer target for the console API's body decoders (src/web/
 * api_input.c): the first byte picks one, the rest is the body as the
 * server hands it over (api_input_object first). Invariants, checked with
 * abort():
 *  0 application status: accepted means the object holds only status and
 *    note, the status is a known one whose code is the one sent, the note
 *    is NULL or the non-empty text sent; a refusal names body, status or
 *    note;
 *  1 edition status: accepted means exactly {"status": "open"|"closed"};
 *  2 edition fields: capacity and org_cap stay in 0..100000, the fee in
 *    0..100000000 cents; a member sent is either applied as sent (numbers
 *    equal, fee to the cent) or named in the errors, and a field not sent
 *    keeps its value; accepted texts are valid UTF-8;
 *  3 meeting: nights are the integer sent (never cut to an int) in
 *    0..MEETING_DAYS_MAX, residential exactly when nights > 0, the price in
 *    0..MEETING_PRICE_MAX_CENTS, every day a date with minutes inside the
 *    day, every facilitator an id or an e-mail; meeting_validate then
 *    runs on what was accepted;
 *  4 poll: at most POLL_CANDIDATES_MAX candidates, each with at least one
 *    day, every required address a text;
 *  5 attendance: accepted marks are the integers sent (day - 1, person),
 *    each from 1, with a known status; a refusal is on marks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/poll.h"
#include "web/api_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fields_named(const struct field_errors *fe, const char *const *names)
{
	for (int i = 0; i < fe->n; i++) {
		int named = 0;
		for (const char *const *n = names; *n; n++)
			named |= strcmp(fe->items[i].field, *n) == 0;
		if (!named)
			abort();
	}
}

static void check_application_status(struct arena *a, json_t *doc)
{
	static const char *const names[] = {"body", "status", "note", NULL};
	struct field_errors fe = {0};
	enum app_status st;
	char *note;
	int rc = api_input_application_status(a, doc, &st, &note, &fe);
	if (rc == LWP_ENOMEM)
		return;
	if (rc == 0) {
		const char *sent = json_string_value(json_object_get(doc, "status"));
		json_t *jn = json_object_get(doc, "note");
		if (fe.n || (unsigned)st >= APP_STATUS_COUNT || !sent ||
		    strcmp(app_status_code(st), sent) != 0)
			abort();
		if (json_object_size(doc) != 1 + (jn != NULL))
			abort();
		if (note && (!*note || !json_is_string(jn) || strcmp(note, json_string_value(jn)) != 0 ||
			     !utf8_valid(note, strlen(note))))
			abort();
		if (!note && json_is_string(jn) && *json_string_value(jn))
			abort();
	} else if (rc != LWP_EINVAL || fe.n == 0) {
		abort();
	}
	check_fields_named(&fe, names);
}

static void check_edition_status(json_t *doc)
{
	enum edition_status st = EDITION_DRAFT;
	int rc = api_input_edition_status(doc, &st);
	const char *sent = json_string_value(json_object_get(doc, "status"));
	if (rc == 0 && ((st != EDITION_OPEN && st != EDITION_CLOSED) || json_object_size(doc) != 1 ||
			!sent || strcmp(sent, edition_status_code(st)) != 0))
		abort();
	if (rc != 0 && rc != LWP_EINVAL)
		abort();
}

static void check_edition(struct arena *a, json_t *doc)
{
	struct edition before = {0};
	before.title = "Title";
	before.description = "Text";
	before.capacity = 24;
	before.org_cap = 2;
	before.fee_cents = 150000;
	before.deadline = 1800000000;
	struct edition e = before;
	struct field_errors fe = {0};
	int rc = api_input_edition(a, doc, &e, &fe);
	if (rc != 0 && rc != LWP_EINVAL)
		abort();
	if ((rc == 0) != (fe.n == 0))
		abort();
	if (e.capacity < 0 || e.capacity > API_CAPACITY_MAX || e.org_cap < 0 ||
	    e.org_cap > API_CAPACITY_MAX || e.fee_cents < 0 || e.fee_cents > API_FEE_MAX_EURO * 100LL)
		abort();
	if ((e.title && !utf8_valid(e.title, strlen(e.title))) ||
	    (e.description && !utf8_valid(e.description, strlen(e.description))))
		abort();
	json_t *v;
	if (!(v = json_object_get(doc, "capacity")) ? e.capacity != before.capacity
	    : !field_errors_get(&fe, "capacity") && json_integer_value(v) != e.capacity)
		abort();
	if (!(v = json_object_get(doc, "org_cap")) ? e.org_cap != before.org_cap
	    : !field_errors_get(&fe, "org_cap") && json_integer_value(v) != e.org_cap)
		abort();
	if (!(v = json_object_get(doc, "fee")) ? e.fee_cents != before.fee_cents
	    : !field_errors_get(&fe, "fee") &&
	      (json_number_value(v) * 100 - (double)e.fee_cents > 0.01 ||
	       (double)e.fee_cents - json_number_value(v) * 100 > 0.01))
		abort();
	if (!json_object_get(doc, "title") && strcmp(e.title, "Title") != 0)
		abort();
	if (!json_object_get(doc, "deadline") && e.deadline != before.deadline)
		abort();
	/* every member is applied or named, while the error list has room */
	const char *key;
	json_object_foreach(doc, key, v) {
		int applied = (strcmp(key, "title") == 0 || strcmp(key, "description") == 0 ||
			       strcmp(key, "capacity") == 0 || strcmp(key, "org_cap") == 0 ||
			       strcmp(key, "fee") == 0 || strcmp(key, "deadline") == 0);
		if (!applied && fe.n < FIELD_ERRORS_MAX && !field_errors_get(&fe, key))
			abort();
	}
}

static void check_meeting(struct arena *a, json_t *doc)
{
	struct meeting m = {0};
	struct api_facilitator *fac;
	size_t nfac;
	struct field_errors fe = {0};
	int rc = api_input_meeting(a, doc, &m, &fac, &nfac, &fe);
	if (rc == LWP_ENOMEM)
		return;
	if (rc != 0 && (rc != LWP_EINVAL || fe.n == 0))
		abort();
	if (m.nights < 0 || m.nights > MEETING_DAYS_MAX || m.residential != (m.nights > 0) ||
	    m.price_per_night_cents < 0 || m.price_per_night_cents > MEETING_PRICE_MAX_CENTS)
		abort();
	json_t *nights = json_object_get(doc, "nights");
	if (json_is_integer(nights) && !field_errors_get(&fe, "nights") &&
	    json_integer_value(nights) != m.nights)
		abort();
	if (nights && !json_is_null(nights) && !json_is_integer(nights) &&
	    !field_errors_get(&fe, "nights"))
		abort();
	if (rc)
		return;
	if ((unsigned)m.kind >= MEETING_KIND_COUNT || (unsigned)m.status >= MEETING_STATUS_COUNT)
		abort();
	for (size_t i = 0; i < m.n_days; i++) {
		const struct meeting_day *d = &m.days[i];
		if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > 31)
			abort();
		if (!d->all_day && (d->start_minute < 0 || d->start_minute >= 24 * 60 ||
				    d->end_minute < 0 || d->end_minute > 24 * 60))
			abort();
	}
	for (size_t i = 0; i < nfac; i++)
		if (fac[i].email && !utf8_valid(fac[i].email, strlen(fac[i].email)))
			abort();
	m.n_facilitators = 0;
	LWP_IGNORE(meeting_validate(&m, NULL));
}

static void check_poll(struct arena *a, json_t *doc)
{
	struct poll_new in;
	struct field_errors fe = {0};
	int rc = api_input_poll(a, doc, &in, &fe);
	if (rc == LWP_ENOMEM)
		return;
	if (rc != 0 && (rc != LWP_EINVAL || fe.n == 0))
		abort();
	if (in.n_candidates > POLL_CANDIDATES_MAX)
		abort();
	if (rc)
		return;
	for (size_t i = 0; i < in.n_candidates; i++)
		if (in.candidates[i].n_days < 1 || !in.candidates[i].days)
			abort();
	for (size_t i = 0; i < in.n_required; i++)
		if (!in.required[i])
			abort();
	if ((unsigned)in.kind >= MEETING_KIND_COUNT)
		abort();
}

static void check_attendance(struct arena *a, json_t *doc)
{
	struct attendance_mark *marks;
	size_t n;
	struct field_errors fe = {0};
	int rc = api_input_attendance(a, doc, &marks, &n, &fe);
	if (rc == LWP_ENOMEM)
		return;
	if (rc != 0) {
		if (rc != LWP_EINVAL || fe.n != 1 || strcmp(fe.items[0].field, "marks") != 0)
			abort();
		return;
	}
	json_t *list = json_object_get(doc, "marks");
	if (n != (json_is_array(list) ? json_array_size(list) : 0))
		abort();
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(list, i);
		json_t *day = json_object_get(m, "day"), *person = json_object_get(m, "person_id");
		if (!json_is_integer(day) || !json_is_integer(person) ||
		    (json_int_t)marks[i].day != json_integer_value(day) - 1 ||
		    marks[i].person_id != json_integer_value(person) || marks[i].person_id < 1 ||
		    (unsigned)marks[i].status >= ATTENDANCE_STATUS_COUNT)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 16384)
		return 0;
	json_t *doc = api_input_object((const char *)data + 1, size - 1);
	if (!doc)
		return 0;
	if (!json_is_object(doc))
		abort();
	struct arena *a = arena_new();
	if (!a) {
		json_decref(doc);
		return 0;
	}
	switch (data[0] % 6) {
	case 0: check_application_status(a, doc); break;
	case 1: check_edition_status(doc); break;
	case 2: check_edition(a, doc); break;
	case 3: check_meeting(a, doc); break;
	case 4: check_poll(a, doc); break;
	default: check_attendance(a, doc); break;
	}
	arena_free(a);
	json_decref(doc);
	return 0;
}
