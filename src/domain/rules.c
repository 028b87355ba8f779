/* Edition and application rules; see rules.h. No SQL, no HTTP. */
#include "domain/rules.h"
#include "core/normalize.h"
#include "core/error.h"
#include "core/tz.h"
#include "core/lang.h"
#include "core/utf8.h"

#include <ctype.h>
#include <string.h>

void field_errors_add(struct field_errors *fe, const char *field, const char *msg)
{
	if (fe->n < FIELD_ERRORS_MAX && !field_errors_get(fe, field)) {
		fe->items[fe->n].field = field;
		fe->items[fe->n].msg = msg;
		fe->n++;
	}
}

const char *field_errors_get(const struct field_errors *fe, const char *field)
{
	for (int i = 0; i < fe->n; i++)
		if (strcmp(fe->items[i].field, field) == 0)
			return fe->items[i].msg;
	return NULL;
}

int edition_places_left(const struct edition *e)
{
	int left = e->capacity - e->accepted;
	return left > 0 ? left : 0;
}

enum availability edition_availability(const struct edition *e)
{
	int left = edition_places_left(e);
	if (left == 0)
		return AVAILABILITY_FULL;
	if (left * 5 <= e->capacity)
		return AVAILABILITY_FEW;
	return AVAILABILITY_OPEN;
}

int edition_is_published(const struct edition *e)
{
	return e->status != EDITION_DRAFT;
}

int edition_accepts_applications(const struct edition *e, int64_t now)
{
	if (e->status == EDITION_DRAFT)
		return LWP_ENOTFOUND;
	/* After the deadline that is the reason, whatever the status (a lead
	 * closes an edition at its deadline): the page says the same. */
	if (now > e->deadline)
		return LWP_EDEADLINE;
	if (e->status != EDITION_OPEN)
		return LWP_ECLOSED;
	return 0;
}

enum availability edition_availability_at(const struct edition *e, int64_t now)
{
	int rc = edition_accepts_applications(e, now);
	if (rc == LWP_EDEADLINE)
		return AVAILABILITY_DEADLINE_PASSED;
	if (rc)
		return AVAILABILITY_CLOSED;
	return edition_availability(e);
}

const char *availability_code(enum availability a)
{
	switch (a) {
	case AVAILABILITY_FEW: return "few";
	case AVAILABILITY_FULL: return "full";
	case AVAILABILITY_CLOSED: return "closed";
	case AVAILABILITY_DEADLINE_PASSED: return "deadline_passed";
	default: return "open";
	}
}

enum app_status application_initial_status(const struct edition *e, int accepted,
					   int accepted_same_org)
{
	if (e->policy != POLICY_FCFS)
		return APP_SUBMITTED;
	if (accepted >= e->capacity)
		return APP_WAITLISTED;
	if (e->org_cap > 0 && accepted_same_org >= e->org_cap)
		return APP_WAITLISTED;
	return APP_ACCEPTED;
}

int slug_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 64 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return 0;
	return 1;
}

/* Check one text field: required or not, length in characters, kind. */
static void check_text(struct field_errors *fe, const char *field, const char *v,
		       int required, size_t max, enum text_kind kind)
{
	if (!v || !*v) {
		if (required)
			field_errors_add(fe, field, N_("This field is required."));
		return;
	}
	size_t n = strlen(v);
	if (text_check(v, n, kind) != 0) {
		field_errors_add(fe, field, kind == TEXT_LINE
			? N_("Use a single line of text without special control characters.")
			: N_("This text contains characters that are not allowed."));
		return;
	}
	if (utf8_length(v, n) > max)
		field_errors_add(fe, field, N_("This text is too long."));
}

int edition_validate(const struct edition *e, struct field_errors *fe)
{
	if (!slug_valid(e->slug))
		field_errors_add(fe, "slug", N_("Use 1 to 64 lower-case letters, digits and hyphens."));
	check_text(fe, "title", e->title, 1, 200, TEXT_LINE);
	check_text(fe, "description", e->description, 0, 20000, TEXT_MULTILINE);
	if (e->capacity < 1 || e->capacity > 1000)
		field_errors_add(fe, "capacity", N_("Enter a number from 1 to 1000."));
	if (e->org_cap < 0 || e->org_cap > 1000)
		field_errors_add(fe, "org_cap", N_("Enter a number from 0 (no cap) to 1000."));
	if (e->fee_cents < 0 || e->fee_cents > 100000000)
		field_errors_add(fe, "fee", N_("Enter an amount from 0 to 1,000,000 euro."));
	if (e->accommodation_cents < 0 || e->accommodation_cents > 10000000)
		field_errors_add(fe, "accommodation", N_("Enter an amount from 0 to 100,000 euro."));
	if (e->guided_months < 0 || e->guided_months > 36)
		field_errors_add(fe, "guided_months", N_("Enter a number of months from 0 to 36."));
	int y, m, d;
	if (e->starts_on && tz_parse_date(e->starts_on, &y, &m, &d))
		field_errors_add(fe, "starts_on", N_("Enter an existing date as YYYY-MM-DD."));
	if (e->ends_on && tz_parse_date(e->ends_on, &y, &m, &d))
		field_errors_add(fe, "ends_on", N_("Enter an existing date as YYYY-MM-DD."));
	if (e->starts_on && e->ends_on && strcmp(e->starts_on, e->ends_on) > 0)
		field_errors_add(fe, "ends_on", N_("The end date lies before the start date."));
	check_text(fe, "location", e->location, 0, 200, TEXT_LINE);
	check_text(fe, "contact_name", e->contact_name, 0, 100, TEXT_LINE);
	if (e->contact_email && *e->contact_email && !email_valid(e->contact_email))
		field_errors_add(fe, "contact_email", N_("Enter an e-mail address like name@example.nl."));
	return fe->n;
}

static char *trim(char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return *s ? s : NULL;
}

/* One field: normalised in the arena (trimmed in place when that fails:
 * not valid UTF-8, which validation refuses, or out of memory). */
static char *normalise_field(struct arena *a, char *s, enum text_shape shape)
{
	char *n = s ? text_normalize(a, s, shape) : NULL;
	if (!n)
		return trim(s);
	return *n ? n : NULL;
}

void edition_normalise(struct edition *e, struct arena *a)
{
	char **lines[] = {&e->title, &e->location, &e->contact_name, &e->contact_email};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		*lines[i] = normalise_field(a, *lines[i], TEXT_SHAPE_LINE);
	e->description = normalise_field(a, e->description, TEXT_SHAPE_MULTILINE);
	if (!e->title)
		e->title = (char *)"";
}

void application_normalise(struct application_input *in, struct arena *a)
{
	char **lines[] = {
		&in->name, &in->email, &in->organisation, &in->organisation_kind,
		&in->organisation_parent, &in->function, &in->phone, &in->initiative_title, &in->theme,
		&in->tags, &in->billing_contact, &in->billing_reference, &in->lang,
	};
	char **texts[] = {
		&in->initiative_summary, &in->motivation, &in->question, &in->billing_address,
		&in->residential_needs,
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		*lines[i] = normalise_field(a, *lines[i], TEXT_SHAPE_LINE);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		*texts[i] = normalise_field(a, *texts[i], TEXT_SHAPE_MULTILINE);
}

static int phone_valid(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr(" +-()", *s))
			return 0;
	}
	return digits >= 6 && digits <= 15;
}

/* Tags: comma separated, at most 10, each at most 40 characters. */
static int tags_valid(const char *s)
{
	int count = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (utf8_length(s, len) > 40)
			return 0;
		if (++count > 10)
			return 0;
		s += len;
		if (*s == ',')
			s++;
	}
	return 1;
}

int application_validate(const struct application_input *in, struct field_errors *fe)
{
	check_text(fe, "name", in->name, 1, 100, TEXT_LINE);
	if (!in->email || !*in->email)
		field_errors_add(fe, "email", N_("This field is required."));
	else if (!email_valid(in->email))
		field_errors_add(fe, "email", N_("Enter an e-mail address like name@example.nl."));
	check_text(fe, "organisation", in->organisation, 1, 150, TEXT_LINE);
	check_text(fe, "organisation_parent", in->organisation_parent, 0, 150, TEXT_LINE);
	if (!in->organisation_kind || !*in->organisation_kind)
		field_errors_add(fe, "organisation_kind", N_("Choose the kind of organisation."));
	else if (org_kind_parse(in->organisation_kind) < 0)
		field_errors_add(fe, "organisation_kind", N_("Choose one of the kinds listed."));
	check_text(fe, "function", in->function, 1, 100, TEXT_LINE);
	check_text(fe, "phone", in->phone, 0, 30, TEXT_LINE);
	if (in->phone && !field_errors_get(fe, "phone") && !phone_valid(in->phone))
		field_errors_add(fe, "phone", N_("Enter a phone number of 6 to 15 digits."));
	check_text(fe, "initiative_title", in->initiative_title, 1, 150, TEXT_LINE);
	if (!in->theme || !*in->theme)
		field_errors_add(fe, "theme", N_("Choose the theme of your trajectory."));
	else if (theme_parse(in->theme) < 0)
		field_errors_add(fe, "theme", N_("Choose one of the themes listed."));
	check_text(fe, "initiative_summary", in->initiative_summary, 0, 2000, TEXT_MULTILINE);
	check_text(fe, "tags", in->tags, 0, 450, TEXT_LINE);
	if (in->tags && !field_errors_get(fe, "tags") && !tags_valid(in->tags))
		field_errors_add(fe, "tags", N_("Give at most 10 tags of at most 40 characters, separated by commas."));
	check_text(fe, "motivation", in->motivation, 1, 4000, TEXT_MULTILINE);
	check_text(fe, "question", in->question, 1, 2000, TEXT_MULTILINE);
	check_text(fe, "billing_contact", in->billing_contact, 0, 100, TEXT_LINE);
	check_text(fe, "billing_address", in->billing_address, 0, 400, TEXT_MULTILINE);
	check_text(fe, "billing_reference", in->billing_reference, 0, 60, TEXT_LINE);
	check_text(fe, "residential_needs", in->residential_needs, 0, 1000, TEXT_MULTILINE);
	if (in->lang && strcmp(in->lang, "nl") != 0 && strcmp(in->lang, "en") != 0)
		field_errors_add(fe, "lang", N_("Choose nl or en."));
	if (!in->eligible)
		field_errors_add(fe, "eligible", N_("This programme is for people responsible for an organisation-wide development trajectory; confirm that this applies to you."));
	if (!in->consent)
		field_errors_add(fe, "consent", N_("We can only process your application with your consent."));
	return fe->n;
}

int email_valid(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || !at || at == s || strchr(at + 1, '@'))
		return 0;
	if (at - s > 64)
		return 0;
	for (const char *p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7F || strchr("()<>[]\\,;:\"", c))
			return 0;
	}
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return 0;
	const char *domain = at + 1;
	if (!strchr(domain, '.'))
		return 0;
	size_t label = 0;
	for (const char *p = domain; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!(isalnum(c) || c == '-') || (label == 0 && c == '-'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return label >= 2 && domain[strlen(domain) - 1] != '-';
}

char *email_key(struct arena *a, const char *email)
{
	char *k = arena_strdup(a, email);
	if (!k)
		return NULL;
	for (char *p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

char *name_key(struct arena *a, const char *name)
{
	return text_key(a, name);
}

int application_status_change_allowed(const struct edition *e, enum app_status from,
				      enum app_status to, int accepted, int accepted_same_org)
{
	if (to >= APP_STATUS_COUNT)
		return LWP_EINVAL;
	if (to != APP_ACCEPTED || from == APP_ACCEPTED)
		return 0;
	if (accepted >= e->capacity)
		return LWP_ECAPACITY;
	if (e->org_cap > 0 && accepted_same_org >= e->org_cap)
		return LWP_EORGCAP;
	return 0;
}
