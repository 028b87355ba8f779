/* The meeting model's code tables, labels and validation (meeting.h). The
 * Amsterdam time rules come from core/tz.c alone, so a time that exists
 * here is one the calendar writer and the store can convert. */
#include "domain/meeting.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/tz.h"
#include "core/utf8.h"

#include <string.h>

static const char *const kind_codes[MEETING_KIND_COUNT] = {
	"prequel", "start", "follow_up", "extra_day", "network"};
static const char *const kind_labels[MEETING_KIND_COUNT] = {
	N_("Prequel"), N_("Start"), N_("Follow-up"), N_("Extra day"), N_("Network meeting")};
static const char *const status_codes[MEETING_STATUS_COUNT] = {
	"proposed", "confirmed", "cancelled"};
static const char *const status_labels[MEETING_STATUS_COUNT] = {
	N_("Proposed"), N_("Confirmed"), N_("Cancelled")};

static int code_parse(const char *const *codes, int count, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

#define AT(table, count, v) ((int)(v) >= 0 && (int)(v) < (count) ? (table)[v] : "")

const char *meeting_kind_code(enum meeting_kind k) { return AT(kind_codes, MEETING_KIND_COUNT, k); }
int meeting_kind_parse(const char *s) { return code_parse(kind_codes, MEETING_KIND_COUNT, s); }
const char *meeting_kind_label(enum meeting_kind k) { return AT(kind_labels, MEETING_KIND_COUNT, k); }
const char *meeting_status_code(enum meeting_status s) { return AT(status_codes, MEETING_STATUS_COUNT, s); }
int meeting_status_parse(const char *s) { return code_parse(status_codes, MEETING_STATUS_COUNT, s); }
const char *meeting_status_label(enum meeting_status s) { return AT(status_labels, MEETING_STATUS_COUNT, s); }

const char *meeting_kind_text(enum meeting_kind k, enum lang lang)
{
	return i18n_translate(lang, meeting_kind_label(k));
}

const char *meeting_status_text(enum meeting_status s, enum lang lang)
{
	return i18n_translate(lang, meeting_status_label(s));
}

static int minute_valid(int m)
{
	return m >= 0 && m < 24 * 60;
}

static int local_exists(const struct meeting_day *d, int minute)
{
	int64_t utc;
	return tz_local_to_utc(d->year, d->month, d->day, minute / 60, minute % 60, &utc) == 0;
}

const char *meeting_day_check(const struct meeting_day *d)
{
	if (!tz_date_valid(d->year, d->month, d->day))
		return N_("Enter an existing date as YYYY-MM-DD.");
	if (d->all_day)
		return NULL;
	if (!minute_valid(d->start_minute) || !minute_valid(d->end_minute))
		return N_("Enter a time from 00:00 to 23:59.");
	if (d->end_minute <= d->start_minute)
		return N_("The end time must be after the start time.");
	if (!local_exists(d, d->start_minute) || !local_exists(d, d->end_minute))
		return N_("This time does not exist in Amsterdam: the clocks go forward an hour that night.");
	return NULL;
}

/* One text field: required or not, at most max characters, of a kind. */
static void check_text(struct field_errors *fe, const char *field, const char *v,
		       int required, size_t max, enum text_kind kind)
{
	if (!v || !*v) {
		if (required)
			field_errors_add(fe, field, N_("This field is required."));
		return;
	}
	size_t n = strlen(v);
	if (text_check(v, n, kind) != 0)
		field_errors_add(fe, field, kind == TEXT_LINE
			? N_("Use a single line of text without special control characters.")
			: N_("This text contains characters that are not allowed."));
	else if (utf8_length(v, n) > max)
		field_errors_add(fe, field, N_("This text is too long."));
}

static int64_t day_number(const struct meeting_day *d)
{
	return tz_days_from_civil(d->year, d->month, d->day);
}

static void check_days(const struct meeting *m, struct field_errors *fe)
{
	if (!m->days || m->n_days < 1 || m->n_days > MEETING_DAYS_MAX) {
		field_errors_add(fe, "days", N_("A meeting has 1 to 14 days."));
		return;
	}
	for (size_t i = 0; i < m->n_days; i++) {
		const char *msg = meeting_day_check(&m->days[i]);
		if (msg) {
			field_errors_add(fe, "days", msg);
			return;
		}
		if (i > 0 && day_number(&m->days[i]) != day_number(&m->days[i - 1]) + 1) {
			field_errors_add(fe, "days", N_("The days of a meeting must follow each other."));
			return;
		}
	}
}

static void check_residential(const struct meeting *m, struct field_errors *fe)
{
	if (!m->residential) {
		if (m->nights != 0 || m->price_per_night_cents != 0)
			field_errors_add(fe, "nights", N_("Only a residential meeting has nights."));
		return;
	}
	if (m->nights < 1 || (m->days && m->nights > (int)m->n_days) ||
	    m->nights > MEETING_DAYS_MAX)
		field_errors_add(fe, "nights", N_("A residential meeting has 1 night up to one night per day."));
	if (m->price_per_night_cents < 0 || m->price_per_night_cents > MEETING_PRICE_MAX_CENTS)
		field_errors_add(fe, "price", N_("Enter an amount from 0 to 100,000 euro."));
}

static void check_facilitators(const struct meeting *m, struct field_errors *fe)
{
	if (m->n_facilitators > MEETING_FACILITATORS_MAX || (m->n_facilitators && !m->facilitators)) {
		field_errors_add(fe, "facilitators", N_("A meeting has at most 10 facilitators."));
		return;
	}
	for (size_t i = 0; i < m->n_facilitators; i++)
		check_text(fe, "facilitators", m->facilitators[i], 1, MEETING_TITLE_MAX, TEXT_LINE);
}

int meeting_validate(const struct meeting *m, struct field_errors *fe)
{
	struct field_errors scratch = {0};
	if (!fe)
		fe = &scratch; /* a caller that wants only the verdict */
	int before = fe->n;
	check_text(fe, "title", m->title, 1, MEETING_TITLE_MAX, TEXT_LINE);
	check_text(fe, "description", m->description, 0, MEETING_DESCRIPTION_MAX, TEXT_MULTILINE);
	check_text(fe, "location", m->location, 0, MEETING_LOCATION_MAX, TEXT_LINE);
	if ((int)m->kind < 0 || m->kind >= MEETING_KIND_COUNT)
		field_errors_add(fe, "kind", N_("Choose one of the kinds listed."));
	if ((int)m->status < 0 || m->status >= MEETING_STATUS_COUNT)
		field_errors_add(fe, "status", N_("Choose one of the statuses listed."));
	if (m->subgroup_id < 0)
		field_errors_add(fe, "subgroup", N_("Choose the whole edition or one of its subgroups."));
	check_days(m, fe);
	check_residential(m, fe);
	check_facilitators(m, fe);
	return fe->n > before ? LWP_EINVAL : 0;
}

int meeting_status_allowed(enum meeting_status from, enum meeting_status to)
{
	if (from == to)
		return 1;
	switch (from) {
	case MEETING_PROPOSED:
		return to == MEETING_CONFIRMED || to == MEETING_CANCELLED;
	case MEETING_CONFIRMED:
		return to == MEETING_CANCELLED;
	case MEETING_CANCELLED:
		return to == MEETING_PROPOSED;
	default:
		return 0;
	}
}

static int text_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

static int day_differs(const struct meeting_day *a, const struct meeting_day *b)
{
	if (day_number(a) != day_number(b) || a->all_day != b->all_day)
		return 1;
	return !a->all_day && (a->start_minute != b->start_minute || a->end_minute != b->end_minute);
}

int meeting_calendar_changed(const struct meeting *a, const struct meeting *b)
{
	if (text_differs(a->title, b->title) || text_differs(a->description, b->description) ||
	    text_differs(a->location, b->location) || a->status != b->status ||
	    a->n_days != b->n_days)
		return 1;
	for (size_t i = 0; i < a->n_days; i++)
		if (day_differs(&a->days[i], &b->days[i]))
			return 1;
	return 0;
}

int meeting_day_span(const struct meeting_day *d, int64_t *start, int64_t *end)
{
	if (meeting_day_check(d))
		return LWP_EINVAL;
	if (!d->all_day) {
		int s = d->start_minute, e = d->end_minute;
		if (tz_local_to_utc(d->year, d->month, d->day, s / 60, s % 60, start) ||
		    tz_local_to_utc(d->year, d->month, d->day, e / 60, e % 60, end))
			return LWP_EINVAL;
		return 0;
	}
	int y, m, dd;
	tz_civil_from_days(day_number(d) + 1, &y, &m, &dd);
	if (tz_local_to_utc(d->year, d->month, d->day, 0, 0, start) ||
	    tz_local_to_utc(y, m, dd, 0, 0, end))
		return LWP_EINVAL;
	return 0;
}

int meeting_day_compare(const struct meeting_day *a, const struct meeting_day *b)
{
	int64_t da = day_number(a), db = day_number(b);
	if (da != db)
		return da < db ? -1 : 1;
	int sa = a->all_day ? -1 : a->start_minute, sb = b->all_day ? -1 : b->start_minute;
	return (sa > sb) - (sa < sb);
}

int meeting_parse_hhmm(const char *s, int *minutes)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return LWP_EINVAL;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return LWP_EINVAL;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return LWP_EINVAL;
	*minutes = h * 60 + m;
	return 0;
}

void meeting_day_format(struct buf *b, const struct meeting_day *d, enum lang lang)
{
	lang_date(b, d->year, d->month, d->day, lang);
	if (d->all_day)
		return;
	buf_printf(b, ", %02d:%02d-%02d:%02d", d->start_minute / 60, d->start_minute % 60,
		   d->end_minute / 60, d->end_minute % 60);
}
