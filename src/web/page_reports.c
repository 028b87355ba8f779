/*
 * The reports of an edition in the console: the participants, and the
 * cohort's diversity per dimension as bar charts that read without colour
 * (the number is written at each bar, the chart has a title and the same
 * figures are in a data table beside it), links to the attendance, costs
 * and per-subgroup diversity pages (page_report_charts.c), the downloads
 * of every report as CSV (Dutch ';', English ','), XLSX and JSON, and the
 * report API. Showing or downloading a list of people is audited
 * (svc_report).
 */
#include "web/api.h"
#include "web/auth.h"
#include "web/console.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/report_pages.h"
#include "web/routes_reports.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "service/reports.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const dimensions[] = {"organisation_kind", "parent_organisation", "theme", "tag"};
static const char *const dimension_titles[] = {
	N_("Participants per kind of organisation"), N_("Participants per parent organisation"),
	N_("Participants per theme"), N_("Participants per tag"),
};

static void unavailable(struct req *r)
{
	req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
}

void report_download_links(struct req *r, const struct edition *e, const char *what)
{
	static const char *const formats[][3] = {
		{"csv", "nl", N_("CSV (Dutch, ;)")}, {"csv", "en", N_("CSV (English, ,)")},
		{"xlsx", "nl", N_("Excel (XLSX)")}, {"json", "en", N_("JSON")},
	};
	struct buf *b = &r->out;
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Download:"));
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
			char *tail = arena_printf(r->arena, "/rapporten/bestand?wat=%s&formaat=%s&taal=%s",
					  what, formats[i][0], formats[i][1]);
		if (i)
			html_raw(b, " ·");
		html_raw(b, " <a class=\"nl-link\" href=\"");
		html_attr(b, link_console_edition(r, e->slug, tail));
		html_raw(b, "\">");
		html_text(b, T(r, formats[i][2]));
		html_raw(b, "</a>");
	}
	html_raw(b, "</p>\n");
}

/* One dimension of the diversity report: chart and table. */
static void dimension(struct req *r, const struct report *d, const char *group, int index,
		      int which)
{
	struct buf *b = &r->out;
	int rows[256], n = 0, max = 1;
	for (int i = 0; i < d->nrows && n < 256; i++)
		if (strcmp(d->cells[i * d->ncols], group) == 0 &&
		    strcmp(d->cells[i * d->ncols + 1], dimensions[which]) == 0) {
			rows[n++] = i;
			int v = (int)strtol(d->cells[i * d->ncols + 3], NULL, 10);
			max = v > max ? v : max;
		}
	if (n == 0)
		return;
	char *id = index ? arena_printf(r->arena, "chart-%d-%d", index, which)
			 : arena_printf(r->arena, "chart-%d", which);
	/* A subgroup's charts and tables are named with the group, so that
	 * every chart and table region has a name of its own. */
	const char *title = T(r, dimension_titles[which]);
	if (group[0])
		title = arena_printf(r->arena, "%s (%s)", title, report_cell(d, rows[0], 0, r->lang));
	if (!id || !title)
		return;
	html_raw(b, "<h3 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, title);
	html_raw(b, "</h3>\n<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	html_raw(b, "\" viewBox=\"0 0 640 ");
	html_int(b, n * 30 + 10);
	html_raw(b, "\" width=\"100%\"><title id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, title);
	html_raw(b, "</title>\n");
	for (int k = 0; k < n; k++) {
		int y = 5 + k * 30, v = (int)strtol(d->cells[rows[k] * d->ncols + 3], NULL, 10), w = v * 280 / max;
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
		html_text(b, report_cell(d, rows[k], 2, r->lang));
		buf_printf(b, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%d</text>\n",
			   y, w, 306 + w, y + 16, v);
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The same figures are in the table beside the chart."));
	html_raw(b, "</figcaption></figure>\n");
	char *caption = arena_printf(r->arena, "%s-caption", id);
	widget_table_begin(r, caption, title, 1);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Value"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-number\">");
	html_text(b, T(r, "Participants"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-number\">");
	html_text(b, T(r, "Percentage"));
	html_raw(b, "</th></tr></thead><tbody>");
	for (int k = 0; k < n; k++) {
		html_raw(b, "<tr><td>");
		html_text(b, report_cell(d, rows[k], 2, r->lang));
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_text(b, d->cells[rows[k] * d->ncols + 3]);
		html_raw(b, "</td><td class=\"lwp-number\">");
		char *pct = arena_strdup(r->arena, d->cells[rows[k] * d->ncols + 4]);
		char *dot = pct && r->lang == LANG_NL ? strchr(pct, '.') : NULL;
		if (dot)
			*dot = ','; /* Dutch decimal comma */
		html_text(b, pct ? pct : "");
		html_raw(b, "%</td></tr>");
	}
	widget_table_end(r);
}

void report_diversity_group(struct req *r, const struct report *d, const char *group, int index)
{
	for (int k = 0; k < 4; k++)
		dimension(r, d, group, index, k);
}

/* GET /beheer/edities/{slug}/rapporten */
void page_console_reports(struct req *r)
{
	const struct edition *e = r->edition;
	struct report p, d;
	struct actor who = auth_actor(r);
	if (svc_report(r->store, r->arena, &who, e->slug, REPORT_PARTICIPANTS, "console", tz_now(), &p) ||
	    svc_report(r->store, r->arena, &who, e->slug, REPORT_DIVERSITY, "console", tz_now(), &d)) {
		unavailable(r);
		return;
	}
	struct buf *b = &r->out;
	static const char *const more[][2] = {
		{"/rapporten/aanwezigheid", N_("Attendance")},
		{"/rapporten/kosten", N_("Costs")},
		{"/rapporten/diversiteit", N_("Diversity of the cohort and the subgroups")},
	};
	console_begin(r, T(r, "Reports"), e);
	html_raw(b, "<ul class=\"utrecht-unordered-list\">");
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		html_raw(b, "<li class=\"utrecht-unordered-list__item\"><a class=\"nl-link\" href=\"");
		html_attr(b, link_console_edition(r, e->slug, more[i][0]));
		html_raw(b, "\">");
		html_text(b, T(r, more[i][1]));
		html_raw(b, "</a></li>");
	}
	html_raw(b, "</ul>\n");
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Participants"));
	html_raw(b, "</h2>\n");
	report_download_links(r, e, "participants");
	if (p.nrows == 0) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "There are no participants yet."));
		html_raw(b, "</p>\n");
	} else {
		static const int shown_cols[] = {0, 2, 3, 4, 6, 7};
		widget_table_begin(r, "participants-caption", T(r, "Participants"), 0);
		html_raw(b, "<thead><tr>");
		for (size_t c = 0; c < sizeof(shown_cols) / sizeof(shown_cols[0]); c++) {
			html_raw(b, "<th scope=\"col\">");
			html_text(b, T(r, p.labels[shown_cols[c]]));
			html_raw(b, "</th>");
		}
		html_raw(b, "</tr></thead><tbody>\n");
		for (int i = 0; i < p.nrows; i++) {
			html_raw(b, "<tr>");
			for (size_t c = 0; c < sizeof(shown_cols) / sizeof(shown_cols[0]); c++) {
				html_raw(b, "<td>");
				html_text(b, report_cell(&p, i, shown_cols[c], r->lang));
				html_raw(b, "</td>");
			}
			html_raw(b, "</tr>\n");
		}
		widget_table_end(r);
	}
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Diversity of the cohort"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_fill(b, T(r, "Counted over the {1} accepted participants."), d.total, 0);
	html_raw(b, "</p>\n");
	report_download_links(r, e, "diversity");
	report_diversity_group(r, &d, "", 0);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Applications"));
	html_raw(b, "</h2>\n");
	report_download_links(r, e, "applications");
	layout_end(r);
}

/* The XLSX through a private temporary file (libxlsxwriter 1.1.4 writes
 * files only), read back into the response. */
static int xlsx_body(struct req *r, const struct report *rep, enum lang lang)
{
	char path[] = "/tmp/lwp-report-XXXXXX";
	int fd = mkstemp(path), rc = LWP_EIO;
	if (fd < 0)
		return LWP_EIO;
	close(fd);
	if (report_xlsx(path, rep, lang) == 0) {
		FILE *f = fopen(path, "rb");
		char chunk[65536];
		size_t n;
		rc = f ? 0 : LWP_EIO;
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&r->out, chunk, n);
		if (f)
			fclose(f);
	}
	unlink(path);
	return rc ? rc : r->out.failed ? LWP_ENOMEM : 0;
}

/* GET /beheer/edities/{slug}/rapporten/bestand?wat=&formaat=csv|xlsx|json&taal=nl|en
 * (the participants as Dutch CSV when not said). */
void page_console_report_file(struct req *r)
{
	const struct edition *e = r->edition;
	const char *wat = req_query(r, "wat");
	int kind = report_kind_parse(wat ? wat : "participants");
	const char *format = req_query(r, "formaat");
	if (!format)
		format = "csv";
	const char *taal = req_query(r, "taal");
	int xlsx = strcmp(format, "xlsx") == 0, json = strcmp(format, "json") == 0;
	enum lang lang = taal && strcmp(taal, "en") == 0 ? LANG_EN : LANG_NL;
	if (kind < 0 || (!xlsx && !json && strcmp(format, "csv") != 0)) {
		req_error(r, 404, "not_found", N_("There is no such report."));
		return;
	}
	struct report rep;
	struct actor who = auth_actor(r);
	if (svc_report(r->store, r->arena, &who, e->slug, (enum report_kind)kind, format, tz_now(),
		       &rep)) {
		unavailable(r);
		return;
	}
	r->personal = 1;
	int rc;
	if (json) {
		json_t *doc = NULL;
		char *text = NULL;
		rc = report_json(&rep, &doc);
		if (!rc && !(text = json_dumps(doc, JSON_INDENT(2))))
			rc = LWP_ENOMEM;
		if (!rc)
			buf_puts(&r->out, text);
		rc = rc ? rc : r->out.failed ? LWP_ENOMEM : 0;
		free(text);
		json_decref(doc);
	} else {
		rc = xlsx ? xlsx_body(r, &rep, lang) : report_csv(&r->out, &rep, lang);
	}
	if (rc) {
		buf_reset(&r->out);
		unavailable(r);
		return;
	}
	r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			  : json ? "application/json" : "text/csv; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s-%s.%s\"", e->slug,
				    report_kind_code((enum report_kind)kind), format));
}

/* GET /api/v1/manage/editions/{slug}/reports/{what}: the report as JSON
 * (report_json); a list of people is audited with channel "api". */
void api_report(struct req *r)
{
	const char *what = r->nparams > 1 ? r->params[1] : NULL;
	int kind = report_kind_parse(what);
	if (kind < 0) {
		api_error(r, 404, "not_found", N_("There is no such report."), NULL);
		return;
	}
	struct report rep;
	struct actor who = auth_actor(r);
	json_t *doc = NULL;
	int rc = svc_report(r->store, r->arena, &who, r->edition->slug, (enum report_kind)kind, "api",
			    tz_now(), &rep);
	if (rc || (rc = report_json(&rep, &doc))) {
		api_service_error(r, rc, NULL);
		return;
	}
	r->personal = 1;
	api_send(r, 200, doc);
}
