/*
 * GET and POST /edities/{slug}/aanmelden: the application form. A POST
 * with errors shows the form again with what was typed, an error summary
 * linking to the fields and a message next to each; a good POST redirects
 * to the applicant's private page (POST-redirect-GET).
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/submit.h"
#include "core/tz.h"
#include "store/store.h"

#include <string.h>

enum widget { W_TEXT, W_EMAIL, W_TEL, W_TEXTAREA, W_KIND, W_THEME, W_CHECKBOX };

struct field_spec {
	const char *name;
	const char *label;
	const char *hint;        /* NULL for none */
	const char *autocomplete;
	enum widget widget;
	int required;
	int maxlength;
};

struct form_state {
	const struct edition *e;
	struct application_input *in;
	const struct field_errors *fe;
	const char *general;     /* message without a field, or NULL */
	char **orgs;
	int norgs;
};

static const struct field_spec about_you[] = {
	{"name", N_("Name"), NULL, "name", W_TEXT, 1, 100},
	{"email", N_("E-mail address"), N_("We use this address to contact you about your application."), "email", W_EMAIL, 1, 254},
	{"function", N_("Function"), N_("For example: programme manager of the change programme."), "organization-title", W_TEXT, 1, 100},
	{"phone", N_("Phone number (optional)"), NULL, "tel", W_TEL, 0, 30},
	{NULL, NULL, NULL, NULL, W_TEXT, 0, 0},
};
static const struct field_spec organisation[] = {
	{"organisation", N_("Organisation"), N_("Choose from the list or type the name of your organisation."), "organization", W_TEXT, 1, 150},
	{"organisation_kind", N_("Kind of organisation"), NULL, "off", W_KIND, 1, 0},
	{NULL, NULL, NULL, NULL, W_TEXT, 0, 0},
};
static const struct field_spec trajectory[] = {
	{"initiative_title", N_("Name of your trajectory"), N_("The organisational-development trajectory you are responsible for."), "off", W_TEXT, 1, 150},
	{"theme", N_("Theme"), NULL, "off", W_THEME, 1, 0},
	{"initiative_summary", N_("Short description (optional)"), NULL, "off", W_TEXTAREA, 0, 2000},
	{"tags", N_("Keywords (optional)"), N_("Separate keywords with commas, for example: self-management, teams."), "off", W_TEXT, 0, 450},
	{"motivation", N_("Motivation"), N_("Why do you want to take part, and what do you bring to the group?"), "off", W_TEXTAREA, 1, 4000},
	{"question", N_("Your tough question"), N_("The question in your trajectory you want to work on with the others."), "off", W_TEXTAREA, 1, 2000},
	{NULL, NULL, NULL, NULL, W_TEXT, 0, 0},
};
static const struct field_spec billing[] = {
	{"billing_contact", N_("Contact for the invoice (optional)"), NULL, "off", W_TEXT, 0, 100},
	{"billing_address", N_("Invoice address (optional)"), NULL, "street-address", W_TEXTAREA, 0, 400},
	{"billing_reference", N_("Purchase order or reference (optional)"), NULL, "off", W_TEXT, 0, 60},
	{"residential_needs", N_("Needs for the residential start (optional)"), N_("For example diet, accessibility or a room on the ground floor."), "off", W_TEXTAREA, 0, 1000},
	{NULL, NULL, NULL, NULL, W_TEXT, 0, 0},
};
static const struct field_spec confirm[] = {
	{"eligible", N_("I am responsible for an organisation-wide development trajectory (new organising or new changing) in my organisation."), NULL, NULL, W_CHECKBOX, 1, 0},
	{"consent", N_("I agree that my data are processed for this application, as described in the privacy statement."), NULL, NULL, W_CHECKBOX, 1, 0},
	{"consent_directory", N_("I want to be listed in the directory of the front-runner network (optional)."), NULL, NULL, W_CHECKBOX, 0, 0},
	{NULL, NULL, NULL, NULL, W_TEXT, 0, 0},
};

static const char *input_text(const struct application_input *in, const char *name)
{
	const struct input_field *f = application_field(name);
	return f && !f->boolean ? *(char *const *)((const char *)in + f->offset) : NULL;
}

static int input_flag(const struct application_input *in, const char *name)
{
	const struct input_field *f = application_field(name);
	return f && f->boolean ? *(const int *)((const char *)in + f->offset) : 0;
}

static void describedby(struct buf *b, const struct field_spec *fs, const char *error)
{
	if (!fs->hint && !error)
		return;
	html_raw(b, " aria-describedby=\"");
	if (fs->hint) {
		html_raw(b, "f-");
		html_attr(b, fs->name);
		html_raw(b, "-hint");
	}
	if (error) {
		if (fs->hint)
			html_raw(b, " ");
		html_raw(b, "f-");
		html_attr(b, fs->name);
		html_raw(b, "-error");
	}
	html_raw(b, "\"");
	if (error)
		html_raw(b, " aria-invalid=\"true\"");
}

static void options(struct req *r, int count, const char *(*code)(int),
		    const char *(*label)(int), const char *selected)
{
	struct buf *b = &r->out;
	html_raw(b, "<option value=\"\">");
	html_text(b, T(r, "Choose..."));
	html_raw(b, "</option>");
	for (int i = 0; i < count; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, code(i));
		if (selected && strcmp(selected, code(i)) == 0)
			html_raw(b, "\" selected>");
		else
			html_raw(b, "\">");
		html_text(b, T(r, label(i)));
		html_raw(b, "</option>");
	}
}

static const char *kind_code(int i) { return org_kind_code((enum org_kind)i); }
static const char *kind_label(int i) { return org_kind_label((enum org_kind)i); }
static const char *theme_code_i(int i) { return theme_code((enum theme)i); }
static const char *theme_label_i(int i) { return theme_label((enum theme)i); }

static void widget(struct req *r, const struct form_state *st, const struct field_spec *fs,
		   const char *error)
{
	struct buf *b = &r->out;
	const char *value = input_text(st->in, fs->name);
	if (fs->widget == W_TEXTAREA) {
		html_raw(b, "<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\" rows=\"5\"");
	} else if (fs->widget == W_KIND || fs->widget == W_THEME) {
		html_raw(b, "<select class=\"utrecht-select utrecht-select--html-select\"");
	} else {
		html_raw(b, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"");
		if (fs->widget == W_EMAIL)
			html_raw(b, "email\" spellcheck=\"false");
		else if (fs->widget == W_TEL)
			html_raw(b, "tel");
		else
			html_raw(b, "text");
		html_raw(b, "\" value=\"");
		html_attr(b, value);
		html_raw(b, "\"");
		if (strcmp(fs->name, "organisation") == 0)
			html_raw(b, " list=\"organisations\"");
	}
	html_raw(b, " id=\"f-");
	html_attr(b, fs->name);
	html_raw(b, "\" name=\"");
	html_attr(b, fs->name);
	html_raw(b, "\" autocomplete=\"");
	html_attr(b, fs->autocomplete);
	html_raw(b, "\"");
	if (fs->required)
		html_raw(b, " required");
	if (fs->maxlength)
		buf_printf(b, " maxlength=\"%d\"", fs->maxlength);
	describedby(b, fs, error);
	html_raw(b, ">");
	if (fs->widget == W_TEXTAREA) {
		html_text(b, value);
		html_raw(b, "</textarea>");
	} else if (fs->widget == W_KIND) {
		options(r, ORG_KIND_COUNT, kind_code, kind_label, value);
		html_raw(b, "</select>");
	} else if (fs->widget == W_THEME) {
		options(r, THEME_COUNT, theme_code_i, theme_label_i, value);
		html_raw(b, "</select>");
	}
}

static void field(struct req *r, const struct form_state *st, const struct field_spec *fs)
{
	struct buf *b = &r->out;
	const char *error = field_errors_get(st->fe, fs->name);
	html_raw(b, "<div class=\"utrecht-form-field");
	if (fs->widget == W_CHECKBOX)
		html_raw(b, " utrecht-form-field--checkbox");
	else
		html_raw(b, " utrecht-form-field--text");
	if (error)
		html_raw(b, " utrecht-form-field--invalid");
	html_raw(b, "\">\n");
	if (fs->widget == W_CHECKBOX) {
		if (error) {
			html_raw(b, "<p class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"f-");
			html_attr(b, fs->name);
			html_raw(b, "-error\"><span class=\"lwp-visually-hidden\">");
			html_text(b, T(r, "Error:"));
			html_raw(b, "</span> ");
			html_text(b, T(r, error));
			html_raw(b, "</p>");
		}
		html_raw(b, "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom\" type=\"checkbox\" value=\"1\" id=\"f-");
		html_attr(b, fs->name);
		html_raw(b, "\" name=\"");
		html_attr(b, fs->name);
		html_raw(b, "\"");
		if (input_flag(st->in, fs->name))
			html_raw(b, " checked");
		describedby(b, fs, error);
		html_raw(b, "></div>\n<div class=\"utrecht-form-field__label utrecht-form-field__label--checkbox\"><label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"f-");
		html_attr(b, fs->name);
		html_raw(b, "\">");
		html_text(b, T(r, fs->label));
		html_raw(b, "</label></div>\n</div>\n");
		return;
	}
	html_raw(b, "<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"f-");
	html_attr(b, fs->name);
	html_raw(b, "\">");
	html_text(b, T(r, fs->label));
	html_raw(b, "</label></div>\n");
	if (fs->hint) {
		html_raw(b, "<p class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"f-");
		html_attr(b, fs->name);
		html_raw(b, "-hint\">");
		html_text(b, T(r, fs->hint));
		html_raw(b, "</p>\n");
	}
	if (error) {
		html_raw(b, "<p class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"f-");
		html_attr(b, fs->name);
		html_raw(b, "-error\"><span class=\"lwp-visually-hidden\">");
		html_text(b, T(r, "Error:"));
		html_raw(b, "</span> ");
		html_text(b, T(r, error));
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<div class=\"utrecht-form-field__input\">");
	widget(r, st, fs, error);
	html_raw(b, "</div>\n</div>\n");
}

static void fieldset(struct req *r, const struct form_state *st, const char *legend,
		     const struct field_spec *specs)
{
	struct buf *b = &r->out;
	html_raw(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\">\n"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend\">");
	html_text(b, T(r, legend));
	html_raw(b, "</legend>\n");
	for (const struct field_spec *fs = specs; fs->name; fs++)
		field(r, st, fs);
	html_raw(b, "</fieldset>\n");
}

/* Label of a field for the error summary. */
static const char *field_label(const char *name)
{
	const struct field_spec *groups[] = {about_you, organisation, trajectory, billing, confirm};
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const struct field_spec *fs = groups[g]; fs->name; fs++)
			if (strcmp(fs->name, name) == 0)
				return fs->widget == W_CHECKBOX ? NULL : fs->label;
	return NULL;
}

/* Position of a field in the form; fields not in it come after all. */
static int field_position(const char *name)
{
	const struct field_spec *groups[] = {about_you, organisation, trajectory, billing, confirm};
	int pos = 0;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const struct field_spec *fs = groups[g]; fs->name; fs++, pos++)
			if (strcmp(fs->name, name) == 0)
				return pos;
	return pos;
}

static void error_summary(struct req *r, const struct form_state *st)
{
	struct buf *b = &r->out;
	if (!st->general && st->fe->n == 0)
		return;
	html_raw(b, "<div class=\"utrecht-alert utrecht-alert--error lwp-error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
		    "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-2\" id=\"error-summary-title\">");
	html_text(b, T(r, "There is a problem"));
	html_raw(b, "</h2>\n");
	if (st->general) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, st->general));
		html_raw(b, "</p>\n");
	}
	if (st->fe->n)
		html_raw(b, "<ul>\n");
	/* In the order of the form, so the list reads like the page. */
	for (int pos = 0, last = field_position(""); pos <= last; pos++) {
		for (int i = 0; i < st->fe->n; i++) {
			if (field_position(st->fe->items[i].field) != pos)
				continue;
			const char *label = field_label(st->fe->items[i].field);
			html_raw(b, "<li><a class=\"nl-link\" href=\"#f-");
			html_attr(b, st->fe->items[i].field);
			html_raw(b, "\">");
			if (label) {
				html_text(b, T(r, label));
				html_raw(b, ": ");
			}
			html_text(b, T(r, st->fe->items[i].msg));
			html_raw(b, "</a></li>\n");
		}
	}
	if (st->fe->n)
		html_raw(b, "</ul>\n");
	html_raw(b, "</div></div>\n</div>\n");
}

static void render_form(struct req *r, const struct form_state *st)
{
	struct buf *b = &r->out;
	const struct edition *e = st->e;
	char *title = arena_printf(r->arena, "%s: %s", T(r, "Apply"), e->title);
	layout_begin(r, (st->general || st->fe->n)
		     ? arena_printf(r->arena, "%s %s", T(r, "Error:"), title) : title);
	char *edition_href = arena_printf(r->arena, "/edities/%s", e->slug);
	const char *crumbs[] = {"/", T(r, "Editions"), edition_href, e->title, NULL, T(r, "Apply")};
	layout_breadcrumbs(r, crumbs, 3);
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Apply"));
	html_raw(b, " <span class=\"lwp-subtitle\">");
	html_text(b, e->title);
	html_raw(b, "</span></h1>\n");
	error_summary(r, st);
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
	fieldset(r, st, N_("About you"), about_you);
	fieldset(r, st, N_("Your organisation"), organisation);
	html_raw(b, "<datalist id=\"organisations\">");
	for (int i = 0; i < st->norgs; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, st->orgs[i]);
		html_raw(b, "\"></option>");
	}
	html_raw(b, "</datalist>\n");
	fieldset(r, st, N_("Your trajectory"), trajectory);
	fieldset(r, st, N_("Invoice and residential start"), billing);
	fieldset(r, st, N_("Confirmation"), confirm);
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
	if (auth_rate_limit(r, "apply", r->ip))
		return;
	if (input_from_form(r->form, &in, &fe)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	struct application_receipt receipt;
	char *token;
	int rc = fe.n ? LWP_EINVAL : submit_application(r, &e, &in, &receipt, &token, &fe);
	if (rc == 0) {
		req_redirect(r, 303, arena_printf(r->arena, "/aanmelding/%s?ontvangen=1", token));
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
