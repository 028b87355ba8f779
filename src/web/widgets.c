/* Form building blocks; see widgets.h. */
#include "web/widgets.h"
#include "web/auth.h"
#include "core/html.h"

#include <string.h>

static void field_id(struct buf *b, const char *name, const char *suffix)
{
	html_raw(b, "f-");
	html_attr(b, name);
	html_text(b, suffix);
}

static void describedby(struct buf *b, const struct widget_field *f, const char *error)
{
	if (!f->hint && !error)
		return;
	html_raw(b, " aria-describedby=\"");
	if (f->hint)
		field_id(b, f->name, "-hint");
	if (f->hint && error)
		html_raw(b, " ");
	if (error)
		field_id(b, f->name, "-error");
	html_raw(b, "\"");
	if (error)
		html_raw(b, " aria-invalid=\"true\"");
}

static void error_text(struct req *r, const struct widget_field *f, const char *error)
{
	struct buf *b = &r->out;
	html_raw(b, "<p class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"");
	field_id(b, f->name, "-error");
	html_raw(b, "\"><span class=\"lwp-visually-hidden\">");
	html_text(b, T(r, "Error:"));
	html_raw(b, "</span> ");
	html_fill(b, T(r, error), r->error_arg, 0);
	html_raw(b, "</p>\n");
}

static const char *input_type(enum widget_type t)
{
	switch (t) {
	case WT_EMAIL: return "email";
	case WT_PASSWORD: return "password";
	case WT_NUMBER: return "number";
	case WT_DATE: return "date";
	case WT_TIME: return "time";
	case WT_TEL: return "tel";
	default: return "text";
	}
}

static void common_attributes(struct req *r, const struct widget_field *f, const char *error)
{
	struct buf *b = &r->out;
	html_raw(b, " id=\"");
	field_id(b, f->name, "");
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\" autocomplete=\"");
	html_attr(b, f->autocomplete ? f->autocomplete : "off");
	html_raw(b, "\"");
	/* A required select would need an empty first option (HTML); the
	 * forms are novalidate and checked by the server, so a select only
	 * says it is required. */
	if (f->required && f->type == WT_SELECT)
		html_raw(b, " aria-required=\"true\"");
	else if (f->required)
		html_raw(b, " required");
	/* maxlength is for text only, not for numbers, dates and times. */
	if (f->maxlength && f->type != WT_NUMBER && f->type != WT_DATE && f->type != WT_TIME &&
	    f->type != WT_SELECT)
		buf_printf(b, " maxlength=\"%d\"", f->maxlength);
	describedby(b, f, error);
}

static void control(struct req *r, const struct widget_field *f, const char *value,
		    const char *error)
{
	struct buf *b = &r->out;
	if (f->type == WT_TEXTAREA) {
		html_raw(b, "<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\" rows=\"5\"");
		common_attributes(r, f, error);
		html_raw(b, ">");
		html_text(b, value);
		html_raw(b, "</textarea>");
	} else if (f->type == WT_SELECT) {
		html_raw(b, "<select class=\"utrecht-select utrecht-select--html-select\"");
		common_attributes(r, f, error);
		html_raw(b, ">");
		for (const char *const *o = f->options; o && o[0]; o += 2) {
			html_raw(b, "<option value=\"");
			html_attr(b, o[0]);
			html_raw(b, "\"");
			if (value && strcmp(value, o[0]) == 0)
				html_raw(b, " selected");
			html_raw(b, ">");
			html_text(b, T(r, o[1]));
			html_raw(b, "</option>");
		}
		html_raw(b, "</select>");
	} else {
		html_raw(b, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"");
		html_text(b, input_type(f->type));
		html_raw(b, "\"");
		if (f->type == WT_CODE)
			html_raw(b, " inputmode=\"numeric\" spellcheck=\"false\"");
		if (f->type == WT_EMAIL)
			html_raw(b, " spellcheck=\"false\"");
		if (f->list) {
			html_raw(b, " list=\"");
			html_attr(b, f->list);
			html_raw(b, "\"");
		}
		if (f->type != WT_PASSWORD) {
			html_raw(b, " value=\"");
			html_attr(b, value);
			html_raw(b, "\"");
		}
		common_attributes(r, f, error);
		html_raw(b, ">");
	}
}

static void checkbox(struct req *r, const struct widget_field *f, const char *value,
		     const char *error)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox");
	if (error)
		html_raw(b, " utrecht-form-field--invalid");
	html_raw(b, "\">\n");
	if (error)
		error_text(r, f, error);
	html_raw(b, "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom\" type=\"checkbox\" value=\"1\"");
	html_raw(b, " id=\"");
	field_id(b, f->name, "");
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\"");
	if (value && strcmp(value, "1") == 0)
		html_raw(b, " checked");
	describedby(b, f, error);
	html_raw(b, "></div>\n<div class=\"utrecht-form-field__label utrecht-form-field__label--checkbox\"><label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"");
	field_id(b, f->name, "");
	html_raw(b, "\">");
	html_text(b, T(r, f->label));
	html_raw(b, "</label></div>\n</div>\n");
}

void widget_field(struct req *r, const struct widget_field *f, const char *value,
		  const struct field_errors *fe)
{
	struct buf *b = &r->out;
	const char *error = fe ? field_errors_get(fe, f->name) : NULL;
	if (f->type == WT_CHECKBOX) {
		checkbox(r, f, value, error);
		return;
	}
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--text");
	if (error)
		html_raw(b, " utrecht-form-field--invalid");
	html_raw(b, "\">\n<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"");
	field_id(b, f->name, "");
	html_raw(b, "\">");
	html_text(b, T(r, f->label));
	html_raw(b, "</label></div>\n");
	if (f->hint) {
		html_raw(b, "<p class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"");
		field_id(b, f->name, "-hint");
		html_raw(b, "\">");
		html_text(b, T(r, f->hint));
		html_raw(b, "</p>\n");
	}
	if (error)
		error_text(r, f, error);
	html_raw(b, "<div class=\"utrecht-form-field__input\">");
	control(r, f, value, error);
	html_raw(b, "</div>\n</div>\n");
}

/* Position of a field in fields; fields not in it come after all. */
static int position_of(const struct widget_field *fields, const char *name)
{
	int i = 0;
	for (; fields && fields[i].name; i++)
		if (strcmp(fields[i].name, name) == 0)
			return i;
	return i;
}

static void summary_item(struct req *r, const struct widget_field *fields, int pos,
			 const char *field, const char *msg)
{
	struct buf *b = &r->out;
	const struct widget_field *f = fields && fields[pos].name ? &fields[pos] : NULL;
	html_raw(b, "<li><a class=\"nl-link\" href=\"#");
	field_id(b, field, "");
	html_raw(b, "\">");
	if (f && f->type != WT_CHECKBOX) {
		html_text(b, T(r, f->label));
		html_raw(b, ": ");
	}
	html_fill(b, T(r, msg), r->error_arg, 0);
	html_raw(b, "</a></li>\n");
}

void widget_error_summary(struct req *r, const struct field_errors *fe,
			  const struct widget_field *fields, const char *general)
{
	struct buf *b = &r->out;
	if (!general && (!fe || fe->n == 0))
		return;
	html_raw(b, "<div class=\"utrecht-alert utrecht-alert--error lwp-error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
		    "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-2\" id=\"error-summary-title\">");
	html_text(b, T(r, "There is a problem"));
	html_raw(b, "</h2>\n");
	if (general) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, general));
		html_raw(b, "</p>\n");
	}
	if (fe && fe->n) {
		/* In the order of the form, so the list reads like the page. */
		int last = position_of(fields, "");
		html_raw(b, "<ul>\n");
		for (int pos = 0; pos <= last; pos++)
			for (int i = 0; i < fe->n; i++)
				if (position_of(fields, fe->items[i].field) == pos)
					summary_item(r, fields, pos, fe->items[i].field, fe->items[i].msg);
		html_raw(b, "</ul>\n");
	}
	html_raw(b, "</div></div>\n</div>\n");
}

void widget_form_begin(struct req *r, const char *action)
{
	struct buf *b = &r->out;
	html_raw(b, "<form class=\"lwp-form\" method=\"post\" action=\"");
	html_attr(b, action);
	html_raw(b, "\" novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, auth_csrf_token(r));
	html_raw(b, "\">\n");
}

static void button(struct req *r, const char *label, int primary)
{
	struct buf *b = &r->out;
	if (primary)
		html_raw(b, "<button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action utrecht-button--submit\">");
	else
		html_raw(b, "<button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
	html_text(b, T(r, label));
	html_raw(b, "</button>");
}

void widget_form_end(struct req *r, const char *label, int primary)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	button(r, label, primary);
	html_raw(&r->out, "</p>\n</form>\n");
}

void widget_button_form(struct req *r, const char *action, const char *label,
			const char *hidden_name, const char *hidden_value, int primary)
{
	struct buf *b = &r->out;
	html_raw(b, "<form class=\"lwp-inline-form\" method=\"post\" action=\"");
	html_attr(b, action);
	html_raw(b, "\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, auth_csrf_token(r));
	html_raw(b, "\">\n");
	if (hidden_name) {
		html_raw(b, "<input type=\"hidden\" name=\"");
		html_attr(b, hidden_name);
		html_raw(b, "\" value=\"");
		html_attr(b, hidden_value);
		html_raw(b, "\">\n");
	}
	button(r, label, primary);
	html_raw(b, "\n</form>\n");
}

void widget_notice(struct req *r, const char *kind, const char *title, const char *text)
{
	struct buf *b = &r->out;
	if (strcmp(kind, "ok") == 0)
		html_raw(b, "<div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\">");
	else if (strcmp(kind, "warning") == 0)
		html_raw(b, "<div class=\"utrecht-alert utrecht-alert--warning\" role=\"status\">");
	else
		html_raw(b, "<div class=\"utrecht-alert utrecht-alert--info\" role=\"status\">");
	html_raw(b, "<div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">");
	if (title) {
		html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
		html_text(b, title);
		html_raw(b, "</h2>");
	}
	if (text) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, text);
		html_raw(b, "</p>");
	}
	html_raw(b, "</div></div></div>\n");
}

void widget_heading(struct req *r, const char *title)
{
	html_raw(&r->out, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(&r->out, title);
	html_raw(&r->out, "</h1>\n");
}

void widget_table_begin(struct req *r, const char *id, const char *caption, int compact)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"lwp-table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
	html_attr(b, id);
	if (compact)
		html_raw(b, "\">\n<table class=\"utrecht-table lwp-table lwp-table--compact\">");
	else
		html_raw(b, "\">\n<table class=\"utrecht-table lwp-table\">");
	html_raw(b, "<caption class=\"utrecht-table__caption\" id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, caption);
	html_raw(b, "</caption>\n");
}

void widget_table_end(struct req *r)
{
	html_raw(&r->out, "</tbody>\n</table>\n</div>\n");
}
