/*
 * Form building blocks shared by the pages that are not the application
 * form (login, account, lead console): labelled fields with hints and
 * errors, an error summary that links to the fields, forms with their CSRF
 * token, notices and buttons, all in the NL Design System markup.
 */
#ifndef LWP_WEB_WIDGETS_H
#define LWP_WEB_WIDGETS_H

#include "domain/rules.h"
#include "web/request.h"

enum widget_type {
	WT_TEXT, WT_EMAIL, WT_PASSWORD, WT_NUMBER, WT_DATE, WT_TIME, WT_TEXTAREA,
	WT_SELECT, WT_CHECKBOX, WT_TEL,
	WT_CODE, /* one-time code: digits, autocomplete one-time-code */
};

struct widget_field {
	const char *name;
	const char *label;        /* English msgid */
	const char *hint;         /* English msgid or NULL */
	enum widget_type type;
	const char *autocomplete; /* NULL: off */
	int required;
	int maxlength;            /* 0: none */
	const char *const *options; /* WT_SELECT: code, msgid pairs, NULL-terminated */
	const char *list;         /* id of a <datalist> of suggestions, or NULL */
};

/* One field with its label, hint and error; value is the current text (or
 * "1" for a ticked checkbox). */
void widget_field(struct req *r, const struct widget_field *f, const char *value,
		  const struct field_errors *fe);
/* "There is a problem" with a link per field error, in the order of fields
 * (labels from fields; fields is terminated by a NULL name). */
void widget_error_summary(struct req *r, const struct field_errors *fe,
			  const struct widget_field *fields, const char *general);
/* <form method="post"> with the CSRF token; close with widget_form_end. */
void widget_form_begin(struct req *r, const char *action);
void widget_form_end(struct req *r, const char *button, int primary);
/* A one-button form (e.g. publish, sign out); extra hidden name=value. */
void widget_button_form(struct req *r, const char *action, const char *button,
			const char *hidden_name, const char *hidden_value, int primary);
/* A notice box: kind "ok", "info" or "warning"; texts already translated. */
void widget_notice(struct req *r, const char *kind, const char *title, const char *text);
/* A data table in a region of its own that scrolls sideways on a narrow
 * screen (the page itself does not); the region is labelled by the caption
 * (already translated) and takes keyboard focus, so it scrolls without a
 * mouse. Write <thead>...<tbody> rows after it; widget_table_end closes. */
void widget_table_begin(struct req *r, const char *id, const char *caption, int compact);
void widget_table_end(struct req *r);
/* <h1> with the page title (translated). */
void widget_heading(struct req *r, const char *title);

#endif
