/*
 * The reports of an edition in the console: the participants, and the
 * cohort's diversity per dimension as bar charts that read without colour
 * (the number is written at each bar, the chart has a title and the same
 * figures are in a data table beside it), with downloads as CSV (Dutch
 * ';', English ',') and XLSX. Showing or downloading a list of people is
 * audited (svc_report).
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/layout.h"
#include "web/links.h"
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

static void download_links(struct req *r, const struct edition *e, const char *what)
{
	static const char *const formats[][3] = {
		{"csv", "nl", N_("CSV (Dutch, ;)")}, {"csv", "en", N_("CSV (English, ,)")},
		{"xlsx", "nl", N_("Excel (XLSX)")},
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
static void dimension(struct req *r, const struct report *d, int which)
{
	struct buf *b = &r->out;
	int rows[256], n = 0, max = 1;
	for (int i = 0; i < d->nrows && n < 256; i++)
		if (strcmp(d->cells[i * d->ncols], dimensions[which]) == 0) {
			rows[n++] = i;
			int v = (int)strtol(d->cells[i * d->ncols + 2], NULL, 10);
			max = v > max ? v : max;
		}
	if (n == 0)
		return;
	char *id = arena_printf(r->arena, "chart-%d", which);
	html_raw(b, "<h3 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, T(r, dimension_titles[which]));
	html_raw(b, "</h3>\n<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	html_raw(b, "\" viewBox=\"0 0 640 ");
	html_int(b, n * 30 + 10);
	html_raw(b, "\" width=\"100%\"><title id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, T(r, dimension_titles[which]));
	html_raw(b, "</title>\n");
	for (int k = 0; k < n; k++) {
		int y = 5 + k * 30, v = (int)strtol(d->cells[rows[k] * d->ncols + 2], NULL, 10), w = v * 280 / max;
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
		html_text(b, report_cell(d, rows[k], 1, r->lang));
		buf_printf(b, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%d</text>\n",
			   y, w, 306 + w, y + 16, v);
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The same figures are in the table beside the chart."));
	html_raw(b, "</figcaption></figure>\n");
	char *caption = arena_printf(r->arena, "%s-caption", id);
	widget_table_begin(r, caption, T(r, dimension_titles[which]), 1);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Value"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-number\">");
	html_text(b, T(r, "Participants"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-number\">");
	html_text(b, T(r, "Percentage"));
	html_raw(b, "</th></tr></thead><tbody>");
	for (int k = 0; k < n; k++) {
		html_raw(b, "<tr><td>");
		html_text(b, report_cell(d, rows[k], 1, r->lang));
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_text(b, d->cells[rows[k] * d->ncols + 2]);
		html_raw(b, "</td><td class=\"lwp-number\">");
		char *pct = arena_strdup(r->arena, d->cells[rows[k] * d->ncols + 3]);
		char *dot = pct && r->lang == LANG_NL ? strchr(pct, '.') : NULL;
		if (dot)
			*dot = ','; /* Dutch decimal comma */
		html_text(b, pct ? pct : "");
		html_raw(b, "%</td></tr>");
	}
	widget_table_end(r);
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
	console_begin(r, T(r, "Reports"), e);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Participants"));
	html_raw(b, "</h2>\n");
	download_links(r, e, "participants");
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
	download_links(r, e, "diversity");
	for (int k = 0; k < 4; k++)
		dimension(r, &d, k);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Applications"));
	html_raw(b, "</h2>\n");
	download_links(r, e, "applications");
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

/* GET /beheer/edities/{slug}/rapporten/bestand?wat=&formaat=csv|xlsx&taal=nl|en
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
	int xlsx = format && strcmp(format, "xlsx") == 0;
	enum lang lang = taal && strcmp(taal, "en") == 0 ? LANG_EN : LANG_NL;
	if (kind < 0 || !format || (!xlsx && strcmp(format, "csv") != 0)) {
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
	int rc = xlsx ? xlsx_body(r, &rep, lang) : report_csv(&r->out, &rep, lang);
	if (rc) {
		buf_reset(&r->out);
		unavailable(r);
		return;
	}
	r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s-%s.%s\"", e->slug,
				    report_kind_code((enum report_kind)kind), xlsx ? "xlsx" : "csv"));
}
