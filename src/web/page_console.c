/*
 * The lead console, editions: the editions a lead runs (all for an admin),
 * creating and editing one with every field of SPEC section 4, publishing
 * and closing. Every change is validated by the domain rules and audited.
 */
#include "web/auth.h"
#include "web/links.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/routes_console.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/editions.h"
#include "store/store.h"

#include <string.h>

static const char *const policy_options[] = {
	"diversity", N_("Diversity, chosen after the deadline"),
	"fcfs", N_("First come, first served"), NULL};

static const struct widget_field edition_fields[] = {
	{"title", N_("Title"), NULL, WT_TEXT, NULL, 1, 200, NULL, NULL},
	{"slug", N_("Address name"), N_("Lower-case letters, digits and hyphens; the invitation is at /edities/NAME."), WT_TEXT, NULL, 1, 64, NULL, NULL},
	{"description", N_("Invitation text"), N_("Markdown is supported: **bold**, *italic*, lists with - and links as [text](https://...). Blank lines separate paragraphs."), WT_TEXTAREA, NULL, 0, 20000, NULL, NULL},
	{"capacity", N_("Places"), NULL, WT_NUMBER, NULL, 1, 4, NULL, NULL},
	{"deadline_date", N_("Apply until (date)"), NULL, WT_DATE, NULL, 1, 10, NULL, NULL},
	{"deadline_time", N_("Apply until (time, Amsterdam)"), NULL, WT_TIME, NULL, 1, 5, NULL, NULL},
	{"policy", N_("Selection"), NULL, WT_SELECT, NULL, 1, 0, policy_options, NULL},
	{"org_cap", N_("At most per organisation"), N_("0 means no maximum."), WT_NUMBER, NULL, 1, 4, NULL, NULL},
	{"fee", N_("Fee per participant (euro)"), N_("For example 1500 or 1500.00."), WT_TEXT, NULL, 1, 12, NULL, NULL},
	{"accommodation", N_("Accommodation per night (euro)"), NULL, WT_TEXT, NULL, 0, 12, NULL, NULL},
	{"starts_on", N_("Start date"), NULL, WT_DATE, NULL, 0, 10, NULL, NULL},
	{"ends_on", N_("End date"), NULL, WT_DATE, NULL, 0, 10, NULL, NULL},
	{"guided_months", N_("Months with external coaches"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"location", N_("Location"), NULL, WT_TEXT, NULL, 0, 200, NULL, NULL},
	{"contact_name", N_("Contact person"), NULL, WT_TEXT, "name", 0, 100, NULL, NULL},
	{"contact_email", N_("Contact e-mail address"), NULL, WT_EMAIL, "email", 0, 254, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

void console_begin(struct req *r, const char *title, const struct edition *e)
{
	r->personal = 1;
	layout_begin(r, title);
	if (e) {
		char *href = link_console_edition(r, e->slug, NULL);
		const char *crumbs[] = {"/beheer", T(r, "Console"), href, e->title, NULL, title};
		layout_breadcrumbs(r, crumbs, strcmp(title, e->title) == 0 ? 2 : 3);
	} else {
		const char *crumbs[] = {"/beheer", T(r, "Console"), NULL, title};
		layout_breadcrumbs(r, crumbs, 2);
	}
	widget_heading(r, title);
}

static void edition_row(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_edition(r, e->slug, NULL));
	html_raw(b, "\">");
	html_text(b, e->title);
	html_raw(b, "</a></td><td>");
	html_text(b, T(r, edition_status_label(e->status)));
	html_raw(b, "</td><td>");
	lang_datetime(b, e->deadline, r->lang);
	html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, e->applications);
	html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, e->accepted);
	html_raw(b, " / ");
	html_int(b, e->capacity);
	html_raw(b, "</td><td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_edition(r, e->slug, "/aanmeldingen"));
	html_raw(b, "\">");
	html_text(b, T(r, "Applications"));
	html_raw(b, "</a></td></tr>\n");
}

/* Mail that could not be delivered, for those who see all editions. */
static void failed_mail(struct req *r)
{
	struct outbox_failure *list;
	int n;
	struct buf *b = &r->out;
	if (!auth_allows(r, ROLE_LEAD, 0) ||
	    store_outbox_failures(r->store, r->arena, 50, &list, &n) || n == 0)
		return;
	html_raw(b, "<section aria-labelledby=\"mail-heading\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"mail-heading\">");
	html_text(b, T(r, "E-mail that could not be delivered"));
	html_raw(b, "</h2>\n");
	widget_table_begin(r, "mail-caption", T(r, "Delivery is retried; after 10 attempts it stops."), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "To"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Subject"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Attempts"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Last error"));
	html_raw(b, "</th></tr></thead><tbody>\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, list[i].to_addr);
		html_raw(b, "</td><td>");
		html_text(b, list[i].subject);
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, list[i].attempts);
		html_raw(b, "</td><td>");
		html_text(b, list[i].last_error);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	html_raw(b, "</section>\n");
}

/* GET /beheer */
void page_console(struct req *r)
{
	struct edition *list;
	int n, shown = 0;
	if (store_edition_list(r->store, r->arena, 0, &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct buf *b = &r->out;
	/* The console's own page: no breadcrumbs (they would only name it). */
	r->personal = 1;
	layout_begin(r, T(r, "Console"));
	widget_heading(r, T(r, "Console"));
	if (auth_allows(r, ROLE_LEAD, 0)) {
		html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/beheer/edities/nieuw\">");
		html_text(b, T(r, "New edition"));
		html_raw(b, "</a> · <a class=\"nl-link\" href=\"/beheer/audit\">");
		html_text(b, T(r, "Audit log"));
		html_raw(b, "</a> · <a class=\"nl-link\" href=\"/beheer/organisaties\">");
		html_text(b, T(r, "Organisations"));
		html_raw(b, "</a> · <a class=\"nl-link\" href=\"/beheer/privacy\">");
		html_text(b, T(r, "Requests for erasure"));
		html_raw(b, "</a></p>\n");
	}
	widget_table_begin(r, "editions-caption", T(r, "Editions you run"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Edition"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Status"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Apply until"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Applications"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Accepted / places"));
	html_raw(b, "</th><th scope=\"col\"><span class=\"lwp-visually-hidden\">");
	html_text(b, T(r, "Links"));
	html_raw(b, "</span></th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		if (!auth_allows(r, ROLE_LEAD, list[i].id))
			continue;
		if (store_edition_count_applications(r->store, &list[i]))
			list[i].applications = 0;
		edition_row(r, &list[i]);
		shown++;
	}
	widget_table_end(r);
	if (!shown) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "You do not run any edition yet."));
		html_raw(b, "</p>\n");
	}
	failed_mail(r);
	layout_end(r);
}

/* Values of the edition form as text, from a stored edition. */
static const char *edition_value(struct req *r, const struct edition *e, const char *name)
{
	struct local_time lt;
	tz_to_local(e->deadline, &lt);
	if (strcmp(name, "title") == 0) return e->title;
	if (strcmp(name, "slug") == 0) return e->slug;
	if (strcmp(name, "description") == 0) return e->description;
	if (strcmp(name, "capacity") == 0) return arena_printf(r->arena, "%d", e->capacity);
	if (strcmp(name, "deadline_date") == 0)
		return arena_printf(r->arena, "%04d-%02d-%02d", lt.year, lt.month, lt.day);
	if (strcmp(name, "deadline_time") == 0)
		return arena_printf(r->arena, "%02d:%02d", lt.hour, lt.minute);
	if (strcmp(name, "policy") == 0) return policy_code(e->policy);
	if (strcmp(name, "org_cap") == 0) return arena_printf(r->arena, "%d", e->org_cap);
	if (strcmp(name, "fee") == 0)
		return arena_printf(r->arena, "%lld.%02lld", (long long)e->fee_cents / 100,
				    (long long)e->fee_cents % 100);
	if (strcmp(name, "accommodation") == 0)
		return arena_printf(r->arena, "%lld.%02lld", (long long)e->accommodation_cents / 100,
				    (long long)e->accommodation_cents % 100);
	if (strcmp(name, "starts_on") == 0) return e->starts_on;
	if (strcmp(name, "ends_on") == 0) return e->ends_on;
	if (strcmp(name, "guided_months") == 0) return arena_printf(r->arena, "%d", e->guided_months);
	if (strcmp(name, "location") == 0) return e->location;
	if (strcmp(name, "contact_name") == 0) return e->contact_name;
	if (strcmp(name, "contact_email") == 0) return e->contact_email;
	return NULL;
}

static void edition_form(struct req *r, const struct edition *e, const char *action,
			 const struct field_errors *fe, const char *button)
{
	widget_error_summary(r, fe, edition_fields, NULL);
	widget_form_begin(r, action);
	for (const struct widget_field *f = edition_fields; f->name; f++) {
		const char *v = r->form ? form_get(r->form, f->name) : e ? edition_value(r, e, f->name)
									  : NULL;
		widget_field(r, f, v, fe);
	}
	widget_form_end(r, button, 1);
}

/* GET /beheer/edities/nieuw */
void page_console_edition_new(struct req *r)
{
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	struct edition blank;
	memset(&blank, 0, sizeof(blank));
	blank.capacity = 20;
	blank.guided_months = 3;
	blank.deadline = tz_now() + 30 * 86400;
	blank.fee_cents = 150000;
	blank.policy = POLICY_DIVERSITY;
	blank.title = blank.slug = (char *)"";
	console_begin(r, T(r, "New edition"), NULL);
	edition_form(r, &blank, "/beheer/edities", NULL, N_("Create edition"));
	layout_end(r);
}

static char *optional(struct req *r, const char *name)
{
	const char *v = form_get(r->form, name);
	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v && *v ? arena_strdup(r->arena, v) : NULL;
}

/* Read the edition form into e; errors per field into fe. */
static void edition_from_form(struct req *r, struct edition *e, struct field_errors *fe)
{
	long long v;
	e->title = optional(r, "title");
	e->slug = optional(r, "slug");
	e->description = optional(r, "description");
	e->capacity = parse_int(form_get(r->form, "capacity"), 1, 1000, &v) ? -1 : (int)v;
	e->org_cap = parse_int(form_get(r->form, "org_cap"), 0, 1000, &v) ? -1 : (int)v;
	e->guided_months = parse_int(form_get(r->form, "guided_months"), 0, 36, &v) ? -1 : (int)v;
	int policy = policy_parse(form_get(r->form, "policy"));
	if (policy < 0)
		field_errors_add(fe, "policy", N_("Choose one of the options."));
	e->policy = policy < 0 ? POLICY_DIVERSITY : (enum policy)policy;
	if (parse_euro(form_get(r->form, "fee"), 1000000, &v))
		field_errors_add(fe, "fee", N_("Enter an amount from 0 to 1,000,000 euro."));
	e->fee_cents = v;
	const char *acc = form_get(r->form, "accommodation");
	v = 0;
	if (acc && *acc && parse_euro(acc, 100000, &v))
		field_errors_add(fe, "accommodation", N_("Enter an amount from 0 to 100,000 euro."));
	e->accommodation_cents = v;
	e->starts_on = optional(r, "starts_on");
	e->ends_on = optional(r, "ends_on");
	e->location = optional(r, "location");
	e->contact_name = optional(r, "contact_name");
	e->contact_email = optional(r, "contact_email");
	const char *date = form_get(r->form, "deadline_date");
	const char *time = form_get(r->form, "deadline_time");
	char *local = arena_printf(r->arena, "%s %s", date ? date : "", time ? time : "");
	if (!local || tz_parse_local(local, &e->deadline))
		field_errors_add(fe, "deadline_date", N_("Enter a date and time that exist in Amsterdam."));
	if (!e->title)
		e->title = (char *)"";
	if (!e->slug)
		e->slug = (char *)"";
	edition_validate(e, fe);
}

/* POST /beheer/edities */
void page_console_edition_create(struct req *r)
{
	struct edition e;
	struct field_errors fe = {0};
	memset(&e, 0, sizeof(e));
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	edition_from_form(r, &e, &fe);
	e.status = EDITION_DRAFT;
	struct actor who = auth_actor(r);
	int rc = fe.n ? LWP_EINVAL : svc_edition_create(r->store, r->arena, &who, &e, tz_now(), &fe);
	if (rc == LWP_ECONFLICT)
		field_errors_add(&fe, "slug", N_("Another edition already has this address name."));
	if (rc) {
		if (!fe.n) {
			req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
			return;
		}
		r->status = 422;
		console_begin(r, T(r, "New edition"), NULL);
		edition_form(r, NULL, "/beheer/edities", &fe, N_("Create edition"));
		layout_end(r);
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e.slug, "?klaar=1"));
}

static void status_actions(struct req *r, const struct edition *e)
{
	char *action = link_console_edition(r, e->slug, "/status");
	struct buf *b = &r->out;
	html_raw(b, "<section aria-labelledby=\"status-heading\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"status-heading\">");
	html_text(b, T(r, "Status"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, edition_status_label(e->status)));
	html_raw(b, "</p>\n");
	if (e->status == EDITION_DRAFT || e->status == EDITION_CLOSED)
		widget_button_form(r, action, N_("Publish and open applications"), "status", "open", 1);
	if (e->status == EDITION_OPEN)
		widget_button_form(r, action, N_("Close applications"), "status", "closed", 0);
	html_raw(b, "</section>\n");
}

/* GET /beheer/edities/{slug} */
void page_console_edition(struct req *r)
{
	struct edition e;
	e = *r->edition;
	console_begin(r, e.title, NULL);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	pages_edition_summary(r, &e);
	html_raw(&r->out, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, e.slug, "/aanmeldingen"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Applications"));
	html_raw(&r->out, "</a>");
	if (e.policy == POLICY_DIVERSITY) {
		html_raw(&r->out, " · <a class=\"nl-link\" href=\"");
		html_attr(&r->out, link_console_edition(r, e.slug, "/selectie"));
		html_raw(&r->out, "\">");
		html_text(&r->out, T(r, "Selection"));
		html_raw(&r->out, "</a>");
	}
	html_raw(&r->out, " · <a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, e.slug, "/audit"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Audit log of this edition"));
	html_raw(&r->out, "</a>");
	html_raw(&r->out, " · <a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, e.slug, "/facturen"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Invoices"));
	html_raw(&r->out, "</a> · <a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, e.slug, "/berichten"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Write to a group"));
	html_raw(&r->out, "</a> · <a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, e.slug, "/rapporten"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Reports"));
	html_raw(&r->out, "</a>");
	html_raw(&r->out, "</p>\n");
	status_actions(r, &e);
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Settings"));
	html_raw(&r->out, "</h2>\n");
	edition_form(r, &e, link_console_edition(r, e.slug, NULL), NULL,
		     N_("Save changes"));
	layout_end(r);
}

/* POST /beheer/edities/{slug} */
void page_console_edition_update(struct req *r)
{
	struct edition old, e;
	struct field_errors fe = {0};
	old = *r->edition;
	e = old;
	edition_from_form(r, &e, &fe);
	e.id = old.id;
	e.status = old.status;
	struct actor who = auth_actor(r);
	int accepted = 0;
	int rc = fe.n ? LWP_EINVAL : svc_edition_update(r->store, r->arena, &who, &e, tz_now(),
						       &fe, &accepted);
	if (rc == LWP_ECONFLICT)
		field_errors_add(&fe, "slug", N_("Another edition already has this address name."));
	if (rc == LWP_ECAPACITY)
		field_errors_add(&fe, "capacity", N_("The capacity cannot be lower than the number of accepted participants ({1})."));
	if (rc && !fe.n) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	if (rc) {
		r->status = rc == LWP_ECAPACITY ? 409 : 422;
		r->error_arg = accepted;
		console_begin(r, old.title, NULL);
		edition_form(r, &old, link_console_edition(r, old.slug, NULL), &fe,
			     N_("Save changes"));
		layout_end(r);
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e.slug, "?klaar=1"));
}

/* POST /beheer/edities/{slug}/status: publish (open) or close. */
void page_console_edition_status(struct req *r)
{
	struct edition e;
	e = *r->edition;
	int status = edition_status_parse(form_get(r->form, "status"));
	if (status != EDITION_OPEN && status != EDITION_CLOSED) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	struct actor who = auth_actor(r);
	int rc = svc_edition_set_status(r->store, r->arena, &who, e.id, (enum edition_status)status,
					tz_now());
	if (rc == LWP_ECLOSED) {
		req_error(r, 409, "closed", N_("The status of this edition cannot be changed this way."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e.slug, "?klaar=1"));
}
