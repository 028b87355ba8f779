/*
 * GET and POST /edities/{slug}/aanmelden: the application form. A POST
 * with errors shows the form again with what was typed, an error summary
 * linking to the fields and a message next to each; a good POST redirects
 * to the applicant's private page (POST-redirect-GET).
 */
#include "web/auth.h"
#include "web/links.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/routes_public.h"
#include "web/submit.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "store/store.h"

#include <pthread.h>
#include <string.h>

struct form_state {
	const struct edition *e;
	struct application_input *in;
	const struct field_errors *fe;
	const char *general;     /* message without a field, or NULL */
	char **orgs;
	int norgs;
};

/* Options of the two selects: "" (choose) and then every code with its
 * label, filled once from the code tables of domain/model.c. */
static const char *kind_options[2 * (ORG_KIND_COUNT + 1) + 1];
static const char *theme_options[2 * (THEME_COUNT + 1) + 1];
static pthread_once_t options_once = PTHREAD_ONCE_INIT;

static void fill_options(void)
{
	kind_options[0] = theme_options[0] = "";
	kind_options[1] = theme_options[1] = N_("Choose...");
	for (int i = 0; i < ORG_KIND_COUNT; i++) {
		kind_options[2 + 2 * i] = org_kind_code((enum org_kind)i);
		kind_options[3 + 2 * i] = org_kind_label((enum org_kind)i);
	}
	for (int i = 0; i < THEME_COUNT; i++) {
		theme_options[2 + 2 * i] = theme_code((enum theme)i);
		theme_options[3 + 2 * i] = theme_label((enum theme)i);
	}
}

/* Every field of the form in page order; the fieldsets below take slices. */
static const struct widget_field fields[] = {
	{"name", N_("Name"), NULL, WT_TEXT, "name", 1, 100, NULL, NULL},
	{"email", N_("E-mail address"), N_("We use this address to contact you about your application."), WT_EMAIL, "email", 1, 254, NULL, NULL},
	{"function", N_("Function"), N_("For example: programme manager of the change programme."), WT_TEXT, "organization-title", 1, 100, NULL, NULL},
	{"phone", N_("Phone number (optional)"), NULL, WT_TEL, "tel", 0, 30, NULL, NULL},
	{"organisation", N_("Organisation"), N_("Choose from the list or type the name of your organisation."), WT_TEXT, "organization", 1, 150, NULL, "organisations"},
	{"organisation_kind", N_("Kind of organisation"), NULL, WT_SELECT, "off", 1, 0, kind_options, NULL},
	{"organisation_parent", N_("Parent organisation (optional)"), N_("If your organisation is part of another one, for example an agency of a ministry: choose it from the list."), WT_TEXT, "off", 0, 150, NULL, "organisations"},
	{"initiative_title", N_("Name of your trajectory"), N_("The organisational-development trajectory you are responsible for."), WT_TEXT, "off", 1, 150, NULL, NULL},
	{"theme", N_("Theme"), NULL, WT_SELECT, "off", 1, 0, theme_options, NULL},
	{"initiative_summary", N_("Short description (optional)"), NULL, WT_TEXTAREA, "off", 0, 2000, NULL, NULL},
	{"tags", N_("Keywords (optional)"), N_("Separate keywords with commas, for example: self-management, teams."), WT_TEXT, "off", 0, 450, NULL, NULL},
	{"motivation", N_("Motivation"), N_("Why do you want to take part, and what do you bring to the group?"), WT_TEXTAREA, "off", 1, 4000, NULL, NULL},
	{"question", N_("Your tough question"), N_("The question in your trajectory you want to work on with the others."), WT_TEXTAREA, "off", 1, 2000, NULL, NULL},
	{"billing_contact", N_("Contact for the invoice (optional)"), NULL, WT_TEXT, "off", 0, 100, NULL, NULL},
	{"billing_address", N_("Invoice address (optional)"), NULL, WT_TEXTAREA, "street-address", 0, 400, NULL, NULL},
	{"billing_reference", N_("Purchase order or reference (optional)"), NULL, WT_TEXT, "off", 0, 60, NULL, NULL},
	{"residential_needs", N_("Needs for the residential start (optional)"), N_("For example diet, accessibility or a room on the ground floor."), WT_TEXTAREA, "off", 0, 1000, NULL, NULL},
	{"eligible", N_("I am responsible for an organisation-wide development trajectory (new organising or new changing) in my organisation."), NULL, WT_CHECKBOX, NULL, 1, 0, NULL, NULL},
	{"consent", N_("I agree that my data are processed for this application, as described in the privacy statement."), NULL, WT_CHECKBOX, NULL, 1, 0, NULL, NULL},
	{"consent_directory", N_("I want to be listed in the directory of the front-runner network (optional)."), NULL, WT_CHECKBOX, NULL, 0, 0, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static const struct {
	const char *legend;
	int first, count;
} fieldsets[] = {
	{N_("About you"), 0, 4},
	{N_("Your organisation"), 4, 3},
	{N_("Your trajectory"), 7, 6},
	{N_("Invoice and residential start"), 13, 4},
	{N_("Confirmation"), 17, 3},
};

/* The value typed for a field: its text, or "1" for a ticked box. */
static const char *input_value(const struct application_input *in, const char *name)
{
	const struct input_field *f = application_field(name);
	if (!f)
		return NULL;
	if (f->boolean)
		return *(const int *)((const char *)in + f->offset) ? "1" : NULL;
	return *(char *const *)((const char *)in + f->offset);
}

static void fieldset(struct req *r, const struct form_state *st, int which)
{
	struct buf *b = &r->out;
	html_raw(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\">\n"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend\">");
	html_text(b, T(r, fieldsets[which].legend));
	html_raw(b, "</legend>\n");
	for (int i = fieldsets[which].first; i < fieldsets[which].first + fieldsets[which].count; i++)
		widget_field(r, &fields[i], input_value(st->in, fields[i].name), st->fe);
	html_raw(b, "</fieldset>\n");
}

static void render_form(struct req *r, const struct form_state *st)
{
	struct buf *b = &r->out;
	const struct edition *e = st->e;
	char *title = arena_printf(r->arena, "%s: %s", T(r, "Apply"), e->title);
	layout_begin(r, (st->general || st->fe->n)
		     ? arena_printf(r->arena, "%s %s", T(r, "Error:"), title) : title);
	char *edition_href = link_invitation(r, e->slug, NULL);
	const char *crumbs[] = {"/", T(r, "Editions"), edition_href, e->title, NULL, T(r, "Apply")};
	layout_breadcrumbs(r, crumbs, 3);
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Apply"));
	html_raw(b, " <span class=\"lwp-subtitle\">");
	html_text(b, e->title);
	html_raw(b, "</span></h1>\n");
	widget_error_summary(r, st->fe, fields, st->general);
	pages_edition_summary(r, e);
	if (edition_accepts_applications(e, tz_now()) != 0) {
		layout_end(r);
		return;
	}
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "All fields are required unless marked optional."));
	html_raw(b, "</p>\n<form class=\"lwp-form\" method=\"post\" action=\"/edities/");
	html_url_arg(b, e->slug);
	html_raw(b, "/aanmelden\" novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, auth_csrf_token(r));
	html_raw(b, "\">\n");
	pthread_once(&options_once, fill_options);
	fieldset(r, st, 0);
	fieldset(r, st, 1);
	html_raw(b, "<datalist id=\"organisations\">");
	for (int i = 0; i < st->norgs; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, st->orgs[i]);
		html_raw(b, "\"></option>");
	}
	html_raw(b, "</datalist>\n");
	for (int i = 2; i < (int)(sizeof(fieldsets) / sizeof(fieldsets[0])); i++)
		fieldset(r, st, i);
	html_raw(b, "<p class=\"nl-paragraph lwp-form-actions\"><a class=\"nl-link\" href=\"/privacy\">");
	html_text(b, T(r, "Read the privacy statement"));
	html_raw(b, "</a></p>\n<p class=\"nl-paragraph\"><button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action utrecht-button--submit\">");
	html_text(b, T(r, "Send application"));
	html_raw(b, "</button></p>\n</form>\n");
	layout_end(r);
}

/* Load the edition; answers 404/503 itself and returns nonzero then. */
static int load_edition(struct req *r, struct edition *e)
{
	int rc = store_edition_get(r->store, r->arena, r->params[0], e);
	if (rc == LWP_ENOTFOUND || (rc == 0 && !edition_is_published(e))) {
		req_error(r, 404, "not_found", N_("There is no published edition at this address."));
		return -1;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return -1;
	}
	return 0;
}

static void show_form(struct req *r, struct form_state *st, int status)
{
	if (store_organisation_names(r->store, r->arena, 500, &st->orgs, &st->norgs))
		st->norgs = 0;
	r->status = status;
	render_form(r, st);
}

void page_apply_form(struct req *r)
{
	struct edition e;
	struct application_input in;
	struct field_errors fe = {0};
	memset(&in, 0, sizeof(in));
	if (load_edition(r, &e))
		return;
	struct form_state st = {&e, &in, &fe, NULL, NULL, 0};
	int rc = edition_accepts_applications(&e, tz_now());
	if (rc) {
		st.general = rc == LWP_EDEADLINE || e.status == EDITION_CLOSED
			? N_("The deadline for applications has passed.")
			: N_("This edition does not take applications.");
	}
	show_form(r, &st, 200);
}

/* Fill in from the decoded form; unknown names are refused. */
static int input_from_form(const struct form *f, struct application_input *in,
			   struct field_errors *fe)
{
	for (int i = 0; i < f->n; i++) {
		if (strcmp(f->f[i].name, "csrf") == 0)
			continue;
		const struct input_field *spec = application_field(f->f[i].name);
		if (!spec)
			return -1;
		void *slot = (char *)in + spec->offset;
		if (!spec->boolean) {
			*(char **)slot = f->f[i].value;
		} else if (strcmp(f->f[i].value, "1") == 0 || strcmp(f->f[i].value, "on") == 0) {
			*(int *)slot = 1;
		} else if (f->f[i].value[0]) {
			field_errors_add(fe, spec->name, N_("Tick the box or leave it empty."));
		}
	}
	return 0;
}

void page_apply_submit(struct req *r)
{
	struct edition e;
	struct application_input in;
	struct field_errors fe = {0};
	memset(&in, 0, sizeof(in));
	if (load_edition(r, &e))
		return;
	r->personal = 1;
	if (input_from_form(r->form, &in, &fe)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	struct application_receipt receipt;
	char *token;
	int rc = fe.n ? LWP_EINVAL : submit_application(r, &e, &in, &receipt, &token, &fe);
	if (rc == 0) {
		req_redirect(r, 303, link_application(r, token, "?ontvangen=1"));
		return;
	}
	if (rc == LWP_ELIMIT) {
		auth_rate_refuse(r, r->retry_after);
		return;
	}
	struct form_state st = {&e, &in, &fe, NULL, NULL, 0};
	if (rc == LWP_ECONFLICT)
		field_errors_add(&fe, "email", submit_error_message(rc));
	else if (rc != LWP_EINVAL)
		st.general = submit_error_message(rc);
	show_form(r, &st, rc == LWP_ECONFLICT ? 409 : rc == LWP_EINVAL ? 422
		  : rc == LWP_EDEADLINE || rc == LWP_ECLOSED ? 422 : 503);
}
