/*
 * The lead console, applications: the list of an edition's applications
 * with filters and counts per kind of organisation and theme, the CSV
 * export, one application with its history, changing its status by hand
 * (audited, mail to the applicant), and the audit log.
 */
#include "web/auth.h"
#include "web/audit_text.h"
#include "web/links.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/routes_console.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/utf8.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "service/applications.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_ROWS 100     /* applications per page of the list */
#define EXPORT_BATCH 500  /* applications per read of a streamed export */

static struct application_filter read_filter(struct req *r)
{
	struct application_filter f;
	f.status = app_status_parse(req_query(r, "status"));
	f.kind = org_kind_parse(req_query(r, "kind"));
	f.theme = theme_parse(req_query(r, "theme"));
	return f;
}

static void select_filter(struct req *r, const char *name, const char *label, int count,
			  const char *(*code)(int), const char *(*text)(int), int selected)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--text\"><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, T(r, label));
	html_raw(b, "</label></div><div class=\"utrecht-form-field__input\"><select class=\"utrecht-select utrecht-select--html-select\" id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\"><option value=\"\">");
	html_text(b, T(r, "All"));
	html_raw(b, "</option>");
	for (int i = 0; i < count; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, code(i));
		html_raw(b, "\"");
		if (i == selected)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, T(r, text(i)));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></div></div>\n");
}

static const char *status_code_i(int i) { return app_status_code((enum app_status)i); }
static const char *status_label_i(int i) { return app_status_label((enum app_status)i); }
static const char *kind_code_i(int i) { return org_kind_code((enum org_kind)i); }
static const char *kind_label_i(int i) { return org_kind_label((enum org_kind)i); }
static const char *theme_code_i(int i) { return theme_code((enum theme)i); }
static const char *theme_label_i(int i) { return theme_label((enum theme)i); }

/* A small table of counts: one row per value of an attribute. */
static void count_table(struct req *r, const char *id, const char *caption, int count,
			const int *counts, const char *(*text)(int))
{
	struct buf *b = &r->out;
	widget_table_begin(r, id, T(r, caption), 1);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, caption));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Applications"));
	html_raw(b, "</th></tr></thead><tbody>");
	for (int i = 0; i < count; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, T(r, text(i)));
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, counts[i]);
		html_raw(b, "</td></tr>");
	}
	widget_table_end(r);
}

static void application_row(struct req *r, const struct application *a)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_application(r, a->id, NULL));
	html_raw(b, "\">");
	html_text(b, a->name);
	html_raw(b, "</a></td><td>");
	html_text(b, a->organisation);
	html_raw(b, "</td><td>");
	html_text(b, T(r, org_kind_label(a->org_kind)));
	html_raw(b, "</td><td>");
	html_text(b, T(r, theme_label(a->theme)));
	html_raw(b, "</td><td>");
	html_text(b, T(r, app_status_label(a->status)));
	html_raw(b, "</td><td>");
	lang_datetime(b, a->created_at, r->lang);
	html_raw(b, "</td></tr>\n");
}

/* The list's address with the filter and one cursor (after= or before=). */
static char *list_link(struct req *r, const char *slug, const struct application_filter *f,
		       const char *cursor, int64_t id)
{
	struct buf q;
	buf_init(&q, 256);
	buf_puts(&q, "/aanmeldingen?");
	if (f->status >= 0)
		buf_printf(&q, "status=%s&", app_status_code((enum app_status)f->status));
	if (f->kind >= 0)
		buf_printf(&q, "kind=%s&", org_kind_code((enum org_kind)f->kind));
	if (f->theme >= 0)
		buf_printf(&q, "theme=%s&", theme_code((enum theme)f->theme));
	buf_printf(&q, "%s=%lld", cursor, (long long)id);
	char *link = link_console_edition(r, slug, arena_strdup(r->arena, buf_cstr(&q)));
	buf_free(&q);
	return link;
}

/* An id cursor from the query (0 when absent or not a number). */
static int64_t query_id(struct req *r, const char *name)
{
	long long v = 0;
	const char *p = req_query(r, name);
	if (!p || parse_int(p, 1, INT64_MAX, &v))
		return 0;
	return (int64_t)v;
}

/* GET /beheer/edities/{slug}/aanmeldingen[?status=&kind=&theme=&after=|before=]:
 * PAGE_ROWS applications at a time, by number (keyset: any page costs the
 * same), with the counts of all that match the filter from SQL. */
void page_console_applications(struct req *r)
{
	struct edition e;
	struct application *list;
	struct application_counts counts;
	int n, newer = 0, older = 0;
	e = *r->edition;
	struct application_filter f = read_filter(r);
	int64_t after = query_id(r, "after"), before = after ? 0 : query_id(r, "before");
	if (store_application_page(r->store, r->arena, e.id, &f, after, before, PAGE_ROWS,
				   &list, &n) ||
	    store_application_counts(r->store, e.id, &f, &counts) ||
	    (n && store_application_beyond(r->store, e.id, &f, list[0].id, 0, &older)) ||
	    (n && store_application_beyond(r->store, e.id, &f, list[n - 1].id, 1, &newer))) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct buf *b = &r->out;
	auth_audit(r, "applications.read", arena_printf(r->arena, "edition:%s", e.slug), "list");
	console_begin(r, T(r, "Applications"), &e);
	html_raw(b, "<form class=\"lwp-filters\" method=\"get\" action=\"/beheer/edities/");
	html_url_arg(b, e.slug);
	html_raw(b, "/aanmeldingen\">\n");
	select_filter(r, "status", N_("Status"), APP_STATUS_COUNT, status_code_i, status_label_i, f.status);
	select_filter(r, "kind", N_("Kind of organisation"), ORG_KIND_COUNT, kind_code_i, kind_label_i, f.kind);
	select_filter(r, "theme", N_("Theme"), THEME_COUNT, theme_code_i, theme_label_i, f.theme);
	html_raw(b, "<p class=\"nl-paragraph\"><button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
	html_text(b, T(r, "Filter"));
	html_raw(b, "</button></p>\n</form>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_edition(r, e.slug, "/aanmeldingen.csv?format=nl"));
	html_raw(b, "\">");
	html_text(b, T(r, "Download for Excel (Dutch, semicolons)"));
	html_raw(b, "</a> · <a class=\"nl-link\" href=\"");
	html_attr(b, link_console_edition(r, e.slug, "/aanmeldingen.csv?format=en"));
	html_raw(b, "\" hreflang=\"en\">");
	html_text(b, T(r, "Download as CSV (English, commas)"));
	html_raw(b, "</a></p>\n");
	widget_table_begin(r, "applications-caption", T(r, "Applications"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Name"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Organisation"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Kind of organisation"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Theme"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Status"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Received on"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++)
		application_row(r, &list[i]);
	widget_table_end(r);
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_fill(b, T(r, "{1} of {2} applications shown."), counts.matching, counts.total);
	if (older || newer) {
		html_raw(b, " ");
		html_fill(b, T(r, "This page shows {1} of them, from number {2} on."), n,
			  n ? (long long)list[0].id : 0);
	}
	html_raw(b, "</p>\n");
	if (older || newer) {
		html_raw(b, "<nav class=\"lwp-pages\" aria-label=\"");
		html_attr(b, T(r, "Pages of applications"));
		html_raw(b, "\"><p class=\"nl-paragraph\">");
		if (older) {
			html_raw(b, "<a class=\"nl-link\" rel=\"prev\" href=\"");
			html_attr(b, list_link(r, e.slug, &f, "before", list[0].id));
			html_raw(b, "\">");
			html_text(b, T(r, "Previous applications"));
			html_raw(b, "</a>");
		}
		if (older && newer)
			html_raw(b, " · ");
		if (newer) {
			html_raw(b, "<a class=\"nl-link\" rel=\"next\" href=\"");
			html_attr(b, list_link(r, e.slug, &f, "after", list[n - 1].id));
			html_raw(b, "\">");
			html_text(b, T(r, "Next applications"));
			html_raw(b, "</a>");
		}
		html_raw(b, "</p></nav>\n");
	}
	html_raw(b, "<div class=\"lwp-counts\">\n");
	count_table(r, "kinds-caption", N_("Kind of organisation"), ORG_KIND_COUNT, counts.kinds,
		    kind_label_i);
	count_table(r, "themes-caption", N_("Theme"), THEME_COUNT, counts.themes, theme_label_i);
	html_raw(b, "</div>\n");
	layout_end(r);
}

/* A CSV cell: quoted, and a formula start (= + - @ tab CR) neutralised so a
 * spreadsheet shows it as text. sep: ',' or ';'. */
static void csv_cell(struct buf *b, const char *v, int last, char sep)
{
	const char *p = v ? v : "";
	char after = sep; /* the separator, or the line's end: "\r\n" */
	if (last)
		after = '\r';
	const char end[3] = {'"', after, '\n'};
	buf_putc(b, '"');
	if (*p && strchr("=+-@\t\r", *p))
		buf_putc(b, '\'');
	/* Runs without a quote in one append each; a quote is doubled. */
	for (;;) {
		size_t n = strcspn(p, "\"");
		buf_append(b, p, n + (p[n] == '"'));
		if (!p[n])
			break;
		buf_putc(b, '"');
		p += n + 1;
	}
	buf_append(b, end, last ? 3 : 2);
}

/* Where a streamed export is: the edition, the format and the last
 * application written (the keyset cursor of the next batch). */
struct csv_export {
	int64_t edition_id;
	int64_t after;
	int en;
};

static void csv_row(struct buf *b, const struct application *a, int en)
{
	char id[24], received[40], rank[24] = "";
	char sep = en ? ',' : ';';
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	if (a->status == APP_WAITLISTED && a->waitlist_rank > 0)
		snprintf(rank, sizeof(rank), "%d", a->waitlist_rank);
	tz_format_iso(a->created_at, received, sizeof(received));
	const char *cells[] = {id,
		en ? app_status_code(a->status) : i18n_translate(LANG_NL, app_status_label(a->status)),
		received, a->name, a->email, a->organisation,
		en ? org_kind_code(a->org_kind) : i18n_translate(LANG_NL, org_kind_label(a->org_kind)),
		a->function, a->phone, a->initiative_title,
		en ? theme_code(a->theme) : i18n_translate(LANG_NL, theme_label(a->theme)),
		a->tags, a->motivation, a->question, a->billing_contact, a->billing_address,
		a->billing_reference, a->residential_needs, a->lang, rank};
	size_t nc = sizeof(cells) / sizeof(cells[0]);
	for (size_t c = 0; c < nc; c++)
		csv_cell(b, cells[c], c + 1 == nc, sep);
}

/* The next EXPORT_BATCH rows of the export (struct req_stream's next). */
static int csv_next(struct store *s, struct arena *a, void *state, struct buf *out)
{
	struct csv_export *x = state;
	struct application *list;
	int n;
	if (store_application_page(s, a, x->edition_id, NULL, x->after, 0, EXPORT_BATCH, &list, &n))
		return -1;
	for (int i = 0; i < n; i++)
		csv_row(out, &list[i], x->en);
	if (n)
		x->after = list[n - 1].id;
	return n == EXPORT_BATCH ? 1 : 0;
}

static void csv_release(void *state)
{
	free(state);
}

/* GET /beheer/edities/{slug}/aanmeldingen.csv[?format=nl|en]: nl (the
 * default) is for Dutch Excel: ';' between cells, a UTF-8 BOM, Dutch
 * headers and labels; en is for scripts and English spreadsheets: ',',
 * English column names and the API's codes. Streamed: the header row
 * here, then the rows EXPORT_BATCH at a time from SQL as the client takes
 * them (csv_next), so that no export is too large and memory stays flat. */
void page_console_applications_csv(struct req *r)
{
	struct edition e;
	struct application_counts counts;
	e = *r->edition;
	const char *format = req_query(r, "format");
	int en = format && strcmp(format, "en") == 0;
	if (format && !en && strcmp(format, "nl") != 0) {
		req_error(r, 400, "bad_request", N_("Choose the format nl or en."));
		return;
	}
	struct csv_export *x = calloc(1, sizeof(*x));
	if (!x || store_application_counts(r->store, e.id, NULL, &counts)) {
		free(x);
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	x->edition_id = e.id;
	x->en = en;
	struct buf *b = &r->out;
	char sep = en ? ',' : ';';
	r->personal = 1;
	r->content_type = "text/csv; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       arena_printf(r->arena, en ? "attachment; filename=\"%s-applications.csv\""
					       : "attachment; filename=\"%s-aanmeldingen.csv\"", e.slug));
	if (!en)
		buf_puts(b, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
	static const char *const header[][2] = {
		{"id", N_("Number")}, {"status", N_("Status")}, {"received", N_("Received on")},
		{"name", N_("Name")}, {"email", N_("E-mail address")},
		{"organisation", N_("Organisation")}, {"organisation_kind", N_("Kind of organisation")},
		{"function", N_("Function")}, {"phone", N_("Phone number")},
		{"initiative_title", N_("Trajectory")}, {"theme", N_("Theme")},
		{"tags", N_("Keywords")}, {"motivation", N_("Motivation")},
		{"question", N_("The applicant's tough question")},
		{"billing_contact", N_("Contact for the invoice")},
		{"billing_address", N_("Invoice address")},
		{"billing_reference", N_("Purchase order or reference")},
		{"residential_needs", N_("Needs for the residential start")},
		{"lang", N_("Language")}, {"waitlist_rank", N_("Place on the waiting list")},
	};
	size_t nh = sizeof(header) / sizeof(header[0]);
	for (size_t i = 0; i < nh; i++)
		csv_cell(b, en ? header[i][0] : i18n_translate(LANG_NL, header[i][1]), i + 1 == nh, sep);
	r->stream.next = csv_next;
	r->stream.release = csv_release;
	r->stream.state = x;
	auth_audit(r, "applications.export", arena_printf(r->arena, "edition:%s", e.slug),
		   arena_printf(r->arena, "%d applications", counts.total));
}

/* One key and value of the application; nothing for an empty answer.
 * lang: the language of a text the applicant wrote, when it is not the
 * page's (WCAG 3.1.2), or NULL. */
static void row_in(struct req *r, const char *label, const char *value, const char *lang)
{
	if (!value || !*value)
		return;
	html_raw(&r->out, "<dt class=\"utrecht-data-list__item-key\">");
	html_text(&r->out, label);
	html_raw(&r->out, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\"");
	if (lang) {
		html_raw(&r->out, " lang=\"");
		html_attr(&r->out, lang);
		html_raw(&r->out, "\"");
	}
	html_raw(&r->out, ">");
	html_paragraphs(&r->out, value);
	html_raw(&r->out, "</dd>\n");
}

static void row(struct req *r, const char *label, const char *value)
{
	row_in(r, label, value, NULL);
}

static const char *const status_options[] = {
	"submitted", N_("Submitted"), "accepted", N_("Accepted"),
	"waitlisted", N_("On the waiting list"), "declined", N_("Declined"), "withdrawn", N_("Withdrawn"), NULL};

static const struct widget_field status_fields[] = {
	{"status", N_("New status"), NULL, WT_SELECT, NULL, 1, 0, status_options, NULL},
	{"note", N_("Note to the applicant (optional)"), N_("Sent in the e-mail and kept in the history."), WT_TEXTAREA, NULL, 0, STATUS_NOTE_MAX, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void history(struct req *r, int64_t id)
{
	struct application_event *ev;
	int n;
	struct buf *b = &r->out;
	if (store_application_events(r->store, r->arena, id, &ev, &n))
		return;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "History"));
	html_raw(b, "</h2>\n<ol class=\"utrecht-ordered-list\">\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li>");
		lang_datetime(b, ev[i].at, r->lang);
		html_raw(b, ": ");
		html_text(b, T(r, app_status_label(ev[i].status)));
		/* System codes are data; what is shown is their label. */
		const char *actor = event_actor_label(ev[i].actor);
		const char *note = event_note_label(ev[i].note);
		html_raw(b, " (");
		html_text(b, actor ? T(r, actor) : ev[i].actor);
		html_raw(b, ")");
		if (ev[i].note) {
			html_raw(b, ": ");
			html_text(b, note ? T(r, note) : ev[i].note);
		}
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ol>\n");
}

/* What the applicant agreed to, and when (SPEC: consent is recorded with
 * its time and the version of the privacy statement). */
static void consents(struct req *r, const struct application *a)
{
	struct buf *b = &r->out;
	struct buf when;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Consents"));
	html_raw(b, "</h2>\n<dl class=\"utrecht-data-list lwp-facts\">\n");
	buf_init(&when, 256);
	lang_datetime(&when, a->consent_at, r->lang);
	const char *args_text = T(r, "given on {1}, privacy statement version {2}");
	struct buf text;
	buf_init(&text, 1024);
	for (const char *t = args_text; *t; t++) {
		if (t[0] == '{' && (t[1] == '1' || t[1] == '2') && t[2] == '}') {
			buf_puts(&text, t[1] == '1' ? buf_cstr(&when) : (a->consent_version ? a->consent_version : ""));
			t += 2;
		} else {
			buf_putc(&text, *t);
		}
	}
	row(r, T(r, "Processing of the application"), buf_cstr(&text));
	buf_free(&text);
	buf_free(&when);
	row(r, T(r, "Listed in the network directory"),
	    T(r, a->consent_directory ? N_("yes, the applicant agreed") : N_("no")));
	html_raw(b, "</dl>\n");
}

static void application_page(struct req *r, const struct application *a, const struct edition *e,
			     const struct field_errors *fe)
{
	struct buf *b = &r->out;
	/* The applicant wrote in the language of the form they used. */
	int written = lang_parse(a->lang);
	const char *lang = written >= 0 && (enum lang)written != r->lang
		? lang_code((enum lang)written) : NULL;
	console_begin(r, a->name, e);
	/* Errors first, where the page starts, each linking to its field. */
	widget_error_summary(r, fe, status_fields, NULL);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	html_raw(b, "<dl class=\"utrecht-data-list lwp-facts\">\n");
	row(r, T(r, "Status"), T(r, app_status_label(a->status)));
	row(r, T(r, "E-mail address"), a->email);
	row(r, T(r, "Organisation"), a->organisation);
	row(r, T(r, "Kind of organisation"), T(r, org_kind_label(a->org_kind)));
	if (a->status == APP_WAITLISTED && a->waitlist_rank > 0)
		row(r, T(r, "Place on the waiting list"), arena_printf(r->arena, "%d", a->waitlist_rank));
	/* The lead's words, not the form's ("your trajectory"). */
	row_in(r, T(r, "Function"), a->function, lang);
	row(r, T(r, "Phone number"), a->phone);
	row_in(r, T(r, "The applicant's trajectory"), a->initiative_title, lang);
	row(r, T(r, "Theme"), T(r, theme_label(a->theme)));
	row_in(r, T(r, "Keywords"), a->tags, lang);
	row_in(r, T(r, "Short description of the trajectory"), a->initiative_summary, lang);
	row_in(r, T(r, "The applicant's motivation"), a->motivation, lang);
	row_in(r, T(r, "The applicant's tough question"), a->question, lang);
	row(r, T(r, "Contact for the invoice"), a->billing_contact);
	row(r, T(r, "Invoice address"), a->billing_address);
	row(r, T(r, "Purchase order or reference"), a->billing_reference);
	row_in(r, T(r, "Needs for the residential start"), a->residential_needs, lang);
	html_raw(b, "</dl>\n");
	consents(r, a);
	history(r, a->id);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Change the status"));
	html_raw(b, "</h2>\n");
	widget_form_begin(r, link_console_application(r, a->id, "/status"));
	widget_field(r, &status_fields[0], app_status_code(a->status), fe);
	widget_field(r, &status_fields[1], NULL, fe);
	widget_form_end(r, N_("Change status and inform the applicant"), 1);
	layout_end(r);
}

/* GET /beheer/aanmeldingen/{id} */
void page_console_application(struct req *r)
{
	struct application a;
	struct edition e;
	a = *r->application;
	e = *r->edition;
	application_page(r, &a, &e, NULL);
}

/* POST /beheer/aanmeldingen/{id}/status */
void page_console_application_status(struct req *r)
{
	struct application a;
	struct edition e;
	struct field_errors fe = {0};
	a = *r->application;
	e = *r->edition;
	int status = app_status_parse(form_get(r->form, "status"));
	const char *note = form_get(r->form, "note");
	struct actor who = auth_actor(r);
	int rc = status < 0 ? LWP_EINVAL
		 : svc_application_set_status(r->store, r->arena, &who, a.id, (enum app_status)status,
					      note, tz_now(), &fe);
	if (status < 0)
		field_errors_add(&fe, "status", N_("Choose one of the options."));
	if (rc == LWP_ECAPACITY || rc == LWP_EORGCAP)
		field_errors_add(&fe, "status", svc_application_error(rc));
	if (rc == LWP_ECONFLICT)
		field_errors_add(&fe, "status", N_("The status was changed by someone else meanwhile. Check it and try again."));
	if (rc && fe.n) {
		r->status = rc == LWP_EINVAL ? 422 : 409;
		application_page(r, &a, &e, &fe);
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, link_console_application(r, a.id, "?klaar=1"));
}

/* The entries as a table: actions, objects and details as sentences in
 * the page's language; the stored codes stay in data- attributes. more:
 * the address of the next page when this one is full, or NULL. */
static void audit_table(struct req *r, const struct audit_entry *list, int n, const char *more)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "audit-caption", T(r, "Who did what, newest first"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "When"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Who"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "What"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Object"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Details"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "From"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		const char *label = audit_action_label(list[i].action);
		const char *actor = event_actor_label(list[i].actor);
		html_raw(b, "<tr><td>");
		lang_datetime(b, list[i].at, r->lang);
		html_raw(b, "</td><td class=\"lwp-break\" data-who=\"");
		html_attr(b, list[i].actor);
		html_raw(b, "\">");
		html_text(b, actor ? T(r, actor) : list[i].actor);
		html_raw(b, "</td><td data-action=\"");
		html_attr(b, list[i].action);
		html_raw(b, "\">");
		html_text(b, label ? T(r, label) : list[i].action);
		html_raw(b, "</td><td data-object=\"");
		html_attr(b, list[i].object);
		html_raw(b, "\" class=\"lwp-break\">");
		html_text(b, audit_object_text(r, list[i].object));
		html_raw(b, "</td><td class=\"lwp-break\" data-detail=\"");
		html_attr(b, list[i].detail ? list[i].detail : "");
		html_raw(b, "\">");
		html_text(b, audit_detail_text(r, list[i].action, list[i].detail));
		html_raw(b, "</td><td class=\"lwp-break\">");
		html_text(b, list[i].ip);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	if (more) {
		html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
		html_attr(b, more);
		html_raw(b, "\">");
		html_text(b, T(r, "Older entries"));
		html_raw(b, "</a></p>\n");
	}
}

static long long audit_page_number(struct req *r)
{
	long long page = 1;
	const char *p = req_query(r, "pagina");
	if (p && parse_int(p, 1, 100000, &page))
		page = 1;
	return page;
}

/* GET /beheer/audit: every entry, newest first, 100 per page; for leads
 * of every edition and admins (a lead of one edition has the edition's
 * own log below). */
void page_console_audit(struct req *r)
{
	struct audit_entry *list;
	int n;
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	long long page = audit_page_number(r);
	if (store_audit_list(r->store, r->arena, 100, (int)(page - 1) * 100, &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Audit log"), NULL);
	audit_table(r, list, n, n == 100 ? arena_printf(r->arena, "/beheer/audit?pagina=%lld", page + 1)
					 : NULL);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/audit: the entries about the edition and its
 * applications, for its leads (the dispatcher checked the access). */
void page_console_edition_audit(struct req *r)
{
	struct audit_entry *list;
	struct edition e;
	int n;
	e = *r->edition;
	long long page = audit_page_number(r);
	if (store_audit_list_edition(r->store, r->arena, e.id, e.slug, 100, (int)(page - 1) * 100,
				     &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Audit log of this edition"), &e);
	audit_table(r, list, n, n == 100 ? link_console_edition(r, e.slug,
		    arena_printf(r->arena, "/audit?pagina=%lld", page + 1)) : NULL);
	layout_end(r);
}
