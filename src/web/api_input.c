/* Decoding of the console API's JSON bodies; see api_input.h. */
#include "web/api_input.h"
#include "core/error.h"
#include "core/tz.h"
#include "domain/poll.h"

#include <math.h>
#include <string.h>

json_t *api_input_object(const char *body, size_t len)
{
	json_error_t jerr;
	json_t *doc = json_loadb(body ? body : "", body ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
	if (doc && !json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int result(const struct field_errors *fe, int before)
{
	return fe->n > before ? LWP_EINVAL : 0;
}

int api_input_application_status(struct arena *a, json_t *doc, enum app_status *status,
				 char **note, struct field_errors *fe)
{
	const char *key;
	json_t *v;
	int before = fe->n;
	json_object_foreach(doc, key, v) {
		if (strcmp(key, "status") != 0 && strcmp(key, "note") != 0)
			field_errors_add(fe, "body", N_("Unknown field."));
	}
	int st = app_status_parse(json_string_value(json_object_get(doc, "status")));
	json_t *jnote = json_object_get(doc, "note");
	const char *text = json_is_string(jnote) ? json_string_value(jnote) : NULL;
	if (st < 0)
		field_errors_add(fe, "status", N_("Choose one of the options."));
	if (jnote && !json_is_null(jnote) && !json_is_string(jnote))
		field_errors_add(fe, "note", N_("Use a text value."));
	*note = text && *text ? arena_strdup(a, text) : NULL;
	if (text && *text && !*note)
		return LWP_ENOMEM;
	*status = st < 0 ? APP_SUBMITTED : (enum app_status)st;
	return result(fe, before);
}

int api_input_edition_status(json_t *doc, enum edition_status *status)
{
	int st = edition_status_parse(json_string_value(json_object_get(doc, "status")));
	if ((st != EDITION_OPEN && st != EDITION_CLOSED) || json_object_size(doc) != 1)
		return LWP_EINVAL;
	*status = (enum edition_status)st;
	return 0;
}

/* An amount in euro with at most two decimals. */
static int whole_cents(double euro)
{
	double cents = euro * 100;
	return fabs(cents - (double)llround(cents)) < 1e-6;
}

static int edition_field_known(const char *key)
{
	static const char *const known[] = {"title", "description", "capacity", "org_cap", "fee",
					    "deadline"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(key, known[i]) == 0)
			return 1;
	return 0;
}

static int count_member(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	       json_integer_value(v) <= API_CAPACITY_MAX;
}

int api_input_edition(struct arena *a, json_t *doc, struct edition *e, struct field_errors *fe)
{
	const char *key;
	json_t *v;
	int before = fe->n;
	json_object_foreach(doc, key, v) {
		if (strcmp(key, "title") == 0 && json_is_string(v)) {
			e->title = arena_strdup(a, json_string_value(v));
		} else if (strcmp(key, "description") == 0 && json_is_string(v)) {
			e->description = arena_strdup(a, json_string_value(v));
		} else if (strcmp(key, "capacity") == 0 && count_member(v)) {
			e->capacity = (int)json_integer_value(v);
		} else if (strcmp(key, "org_cap") == 0 && count_member(v)) {
			e->org_cap = (int)json_integer_value(v);
		} else if (strcmp(key, "fee") == 0 && json_is_number(v) &&
			   json_number_value(v) >= 0 && json_number_value(v) <= API_FEE_MAX_EURO &&
			   whole_cents(json_number_value(v))) {
			e->fee_cents = (int64_t)llround(json_number_value(v) * 100);
		} else if (strcmp(key, "deadline") == 0 && json_is_string(v)) {
			if (tz_parse_local(json_string_value(v), &e->deadline))
				field_errors_add(fe, "deadline", N_("Enter a date and time that exist in Amsterdam."));
		} else {
			/* The name outlives doc: copied into the arena. */
			field_errors_add(fe, arena_strdup(a, key),
					 edition_field_known(key) ? N_("Enter a valid value.")
					 : N_("Unknown field."));
		}
	}
	return result(fe, before);
}

static int day_from_json(json_t *v, struct meeting_day *d)
{
	const char *date = json_string_value(json_object_get(v, "date"));
	const char *s = json_string_value(json_object_get(v, "start"));
	const char *e = json_string_value(json_object_get(v, "end"));
	memset(d, 0, sizeof(*d));
	if (!json_is_object(v) || !date || tz_parse_date(date, &d->year, &d->month, &d->day))
		return -1;
	d->all_day = json_is_true(json_object_get(v, "all_day"));
	if (d->all_day)
		return 0;
	return s && e && !meeting_parse_hhmm(s, &d->start_minute) &&
	       !meeting_parse_hhmm(e, &d->end_minute) ? 0 : -1;
}

static const char *text_member(json_t *doc, const char *name, struct field_errors *fe)
{
	json_t *v = json_object_get(doc, name);
	if (v && !json_is_string(v) && !json_is_null(v))
		field_errors_add(fe, name, N_("This must be text."));
	return json_string_value(v);
}

/* An optional integer member in [min, max] (absent or null: 0); a value of
 * another type or out of range is an error, never read as 0 or cut to an
 * int. */
static json_int_t int_member(json_t *doc, const char *name, json_int_t min, json_int_t max,
			     const char *field, const char *msgid, struct field_errors *fe)
{
	json_t *v = json_object_get(doc, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		field_errors_add(fe, field, msgid);
		return 0;
	}
	return json_integer_value(v);
}

static void facilitators_from_json(struct arena *a, json_t *f, struct api_facilitator **fac,
				   size_t *nfac, struct field_errors *fe)
{
	*nfac = json_is_array(f) ? json_array_size(f) : 0;
	*fac = arena_calloc(a, *nfac + 1, sizeof(**fac));
	for (size_t i = 0; *fac && i < *nfac; i++) {
		json_t *v = json_array_get(f, i);
		if (json_is_integer(v))
			(*fac)[i].id = json_integer_value(v);
		else if (json_is_string(v))
			(*fac)[i].email = json_string_value(v);
		else
			field_errors_add(fe, "facilitators", N_("Every facilitator must be a user: check the e-mail addresses."));
	}
}

int api_input_meeting(struct arena *a, json_t *doc, struct meeting *m,
		      struct api_facilitator **fac, size_t *nfac, struct field_errors *fe)
{
	int before = fe->n;
	json_t *days = json_object_get(doc, "days"), *f = json_object_get(doc, "facilitators");
	m->title = (char *)text_member(doc, "title", fe);
	m->location = (char *)text_member(doc, "location", fe);
	m->description = (char *)text_member(doc, "description", fe);
	int k = meeting_kind_parse(text_member(doc, "kind", fe));
	int st = meeting_status_parse(json_string_value(json_object_get(doc, "status")));
	m->kind = k < 0 ? MEETING_FOLLOW_UP : (enum meeting_kind)k;
	m->status = st < 0 ? MEETING_PROPOSED : (enum meeting_status)st;
	if (k < 0)
		field_errors_add(fe, "kind", N_("Choose a kind of meeting."));
	m->nights = (int)int_member(doc, "nights", 0, MEETING_DAYS_MAX, "nights",
				    N_("A residential meeting has 1 night up to one night per day."), fe);
	m->residential = m->nights > 0;
	m->price_per_night_cents = int_member(doc, "price_per_night_cents", 0, MEETING_PRICE_MAX_CENTS,
					      "price", N_("Enter an amount from 0 to 100,000 euro."), fe);
	size_t n = json_is_array(days) ? json_array_size(days) : 0;
	m->days = arena_calloc(a, n + 1, sizeof(*m->days));
	m->n_days = n;
	for (size_t i = 0; m->days && i < n; i++)
		if (day_from_json(json_array_get(days, i), &m->days[i]))
			field_errors_add(fe, "days", N_("Give each day as {\"date\": \"YYYY-MM-DD\", \"start\": \"HH:MM\", \"end\": \"HH:MM\"}."));
	facilitators_from_json(a, f, fac, nfac, fe);
	if (!m->days || !*fac)
		return LWP_ENOMEM;
	return result(fe, before);
}

int api_input_poll(struct arena *a, json_t *doc, struct poll_new *in, struct field_errors *fe)
{
	int before = fe->n;
	json_t *c = json_object_get(doc, "candidates"), *q = json_object_get(doc, "required");
	const char *deadline = text_member(doc, "deadline", fe);
	memset(in, 0, sizeof(*in));
	in->title = text_member(doc, "title", fe);
	in->location = text_member(doc, "location", fe);
	int k = meeting_kind_parse(json_string_value(json_object_get(doc, "kind")));
	in->kind = k < 0 ? MEETING_EXTRA_DAY : (enum meeting_kind)k;
	size_t nc = json_is_array(c) ? json_array_size(c) : 0;
	size_t nq = json_is_array(q) ? json_array_size(q) : 0;
	if (nc > POLL_CANDIDATES_MAX) { /* what the service would refuse, unread */
		field_errors_add(fe, "candidate", N_("Give between 1 and 30 candidate dates."));
		nc = 0;
	}
	struct poll_candidate *pc = arena_calloc(a, nc + 1, sizeof(*pc));
	const char **req = arena_calloc(a, nq + 1, sizeof(*req));
	if (!pc || !req)
		return LWP_ENOMEM;
	for (size_t i = 0; i < nc; i++) {
		struct lwp_error err = {0};
		const char *s = json_string_value(json_array_get(c, i));
		if (!s || poll_candidate_parse(a, s, &pc[i], &err)) {
			field_errors_add(fe, "candidates", N_("Write each candidate date as in the example."));
			break;
		}
	}
	for (size_t i = 0; i < nq; i++)
		if (!(req[i] = json_string_value(json_array_get(q, i))))
			field_errors_add(fe, "required", N_("This must be text."));
	in->candidates = pc;
	in->n_candidates = nc;
	in->required = req;
	in->n_required = nq;
	if (deadline && tz_parse_local(deadline, &in->deadline))
		field_errors_add(fe, "deadline", N_("Enter a date and a time as HH:MM."));
	return result(fe, before);
}

int api_input_attendance(struct arena *a, json_t *doc, struct attendance_mark **marks, size_t *n,
			 struct field_errors *fe)
{
	int before = fe->n;
	json_t *list = json_object_get(doc, "marks");
	*n = json_is_array(list) ? json_array_size(list) : 0;
	*marks = arena_calloc(a, *n + 1, sizeof(**marks));
	if (!*marks)
		return LWP_ENOMEM;
	for (size_t i = 0; i < *n; i++) {
		json_t *m = json_array_get(list, i);
		json_t *day = json_object_get(m, "day"), *person = json_object_get(m, "person_id");
		int st = attendance_parse(json_string_value(json_object_get(m, "status")));
		if (!json_is_integer(day) || json_integer_value(day) < 1 || !json_is_integer(person) ||
		    json_integer_value(person) < 1 || st < 0) {
			field_errors_add(fe, "marks", N_("Give each mark a day from 1, a person_id and a status: present, absent_notice or absent."));
			continue;
		}
		(*marks)[i] = (struct attendance_mark){(size_t)(json_integer_value(day) - 1),
						       json_integer_value(person),
						       (enum attendance_status)st};
	}
	return result(fe, before);
}
