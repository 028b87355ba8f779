/*
 * The report pages of an edition beyond the overview (page_reports.c):
 * attendance, costs and the diversity of the cohort and of each subgroup.
 * Each shows its report (service/reports.h) as an SVG chart and as a data
 * table beside it, with the downloads (CSV Dutch ';' or English ',', XLSX,
 * JSON). The charts read without colour: every bar carries its figure as
 * text, and where a bar is split (present / absent, paid / outstanding)
 * the parts differ by pattern (solid, hatched, dotted) with a legend that
 * shows the same patterns. The attendance lists people and is audited as
 * a console view (svc_report).
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/report_pages.h"
#include "web/routes_reports.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "service/invoices.h"
#include "service/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The three fills of a split bar, distinguishable in grey scale. */
static void patterns(struct buf *b, const char *prefix)
{
	buf_printf(b, "<defs><pattern id=\"%s-hatch\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
		      "<rect width=\"8\" height=\"8\" fill=\"#ffffff\"></rect>"
		      "<path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke=\"#154273\" stroke-width=\"2\"></path></pattern>"
		      "<pattern id=\"%s-dots\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">"
		      "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"></rect>"
		      "<circle cx=\"3\" cy=\"3\" r=\"1.5\" fill=\"#1a1a1a\"></circle></pattern></defs>\n",
		   prefix, prefix);
}

static const char *fill_of(struct req *r, const char *prefix, int part)
{
	if (part == 0)
		return "#154273";
	return arena_printf(r->arena, "url(#%s-%s)", prefix, part == 1 ? "hatch" : "dots");
}

/* A legend in the SVG at y: a swatch per part and its name. */
static void legend(struct req *r, const char *prefix, const char *const *names, int n, int y)
{
	struct buf *b = &r->out;
	for (int k = 0; k < n; k++) {
		int x = k * 210;
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"%s\" stroke=\"#1a1a1a\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">",
			   x, y, fill_of(r, prefix, k), x + 24, y + 14);
		html_text(b, T(r, names[k]));
		html_raw(b, "</text>\n");
	}
}

static void figure_begin(struct req *r, const char *id, const char *title, int height)
{
	struct buf *b = &r->out;
	html_raw(b, "<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	html_raw(b, "\" viewBox=\"0 0 640 ");
	html_int(b, height);
	html_raw(b, "\" width=\"100%\"><title id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, title);
	html_raw(b, "</title>\n");
}

static void figure_end(struct req *r)
{
	html_raw(&r->out, "</svg><figcaption>");
	html_text(&r->out, T(r, "The same figures are in the table beside the chart."));
	html_raw(&r->out, "</figcaption></figure>\n");
}

static void paragraph(struct req *r, const char *msgid)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</p>\n");
}

static void h2(struct req *r, const char *text)
{
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</h2>\n");
}

static int cell_int(const struct report *rep, int row, int col)
{
	return (int)strtol(rep->cells[row * rep->ncols + col], NULL, 10);
}

static int col_of(const struct report *rep, const char *code)
{
	for (int c = 0; c < rep->ncols; c++)
		if (strcmp(rep->codes[c], code) == 0)
			return c;
	return -1;
}

/* A number cell with the Dutch decimal comma where the page is Dutch. */
static void number_text(struct req *r, const char *v)
{
	char *t = arena_strdup(r->arena, v ? v : "");
	char *dot = t && r->lang == LANG_NL ? strchr(t, '.') : NULL;
	if (dot)
		*dot = ',';
	html_text(&r->out, t ? t : "");
}

/* "1500.00" (a report's amount) as cents. */
static int64_t cents_of(const char *v)
{
	int neg = v[0] == '-';
	const char *p = v + neg, *dot = strchr(p, '.');
	int64_t c = strtoll(p, NULL, 10) * 100;
	if (dot && dot[1] >= '0' && dot[1] <= '9')
		c += (dot[1] - '0') * 10 + (dot[2] >= '0' && dot[2] <= '9' ? dot[2] - '0' : 0);
	return neg ? -c : c;
}

/* An amount in a table whose caption says euros: "1.500,00" (nl) or
 * "1,500.00" (en), without the currency. */
static void amount_text(struct req *r, int64_t cents)
{
	char t[48];
	invoice_format_amount(t, sizeof(t), cents, r->lang);
	const char *space = strchr(t, ' ');
	html_text(&r->out, space ? space + 1 : t);
}

static int load(struct req *r, enum report_kind kind, struct report *rep)
{
	struct actor who = auth_actor(r);
	if (svc_report(r->store, r->arena, &who, r->edition->slug, kind, "console", tz_now(), rep)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return -1;
	}
	return 0;
}

/* ---- attendance ---- */

static void attendance_chart(struct req *r, const struct report *rep, int first, int nm)
{
	static const char *const parts[] = {N_("Present"), N_("Absent with notice"),
					    N_("Absent without notice")};
	struct buf *b = &r->out;
	int np = rep->nrows - rep->nfoot, max = np > 0 ? np : 1;
	figure_begin(r, "att-chart", T(r, "Participants present and absent per meeting"),
		     nm * 52 + 40);
	patterns(b, "att");
	for (int k = 0; k < nm; k++) {
		int y = 5 + k * 52, x = 0, counts[3];
		html_raw(b, "<text x=\"0\" y=\"");
		html_int(b, y + 14);
		html_raw(b, "\" font-size=\"13\" fill=\"#1a1a1a\">");
		html_text(b, report_label(rep, first + k, r->lang));
		html_raw(b, "</text>\n");
		for (int f = 0; f < 3; f++) {
			counts[f] = cell_int(rep, np + f, first + k);
			int w = counts[f] * 400 / max;
			if (w > 0)
				buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\" stroke=\"#1a1a1a\"></rect>",
					   x, y + 20, w, fill_of(r, "att", f));
			x += w;
		}
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", x + 6, y + 35);
		html_fill(b, T(r, "{1} present, {2} absent"), counts[0], counts[1] + counts[2]);
		html_raw(b, "</text>\n");
	}
	legend(r, "att", parts, 3, nm * 52 + 14);
	figure_end(r);
}

static void attendance_totals(struct req *r, const struct report *rep, int first, int nm)
{
	struct buf *b = &r->out;
	int np = rep->nrows - rep->nfoot;
	widget_table_begin(r, "att-meetings-caption", T(r, "Attendance per meeting"), 1);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Meeting"));
	html_raw(b, "</th>");
	for (int f = 0; f < rep->nfoot; f++) {
		html_raw(b, "<th scope=\"col\" class=\"lwp-number\">");
		html_text(b, report_cell(rep, np + f, 0, r->lang));
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>\n");
	for (int k = 0; k < nm; k++) {
		html_raw(b, "<tr><th scope=\"row\">");
		html_text(b, report_label(rep, first + k, r->lang));
		html_raw(b, "</th>");
		for (int f = 0; f < rep->nfoot; f++) {
			html_raw(b, "<td class=\"lwp-number\">");
			html_text(b, report_cell(rep, np + f, first + k, r->lang));
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	widget_table_end(r);
}

/* Some columns of a report (cols[0..n), the first a row heading): a row
 * per data row, the total rows last. */
static void report_table(struct req *r, const struct report *rep, const int *cols, int n,
			 const char *id, const char *caption)
{
	struct buf *b = &r->out;
	widget_table_begin(r, id, caption, 1);
	html_raw(b, "<thead><tr>");
	for (int k = 0; k < n; k++) {
		if (rep->numeric[cols[k]])
			html_raw(b, "<th scope=\"col\" class=\"lwp-number\">");
		else
			html_raw(b, "<th scope=\"col\">");
		html_text(b, report_label(rep, cols[k], r->lang));
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < rep->nrows; i++) {
		if (i >= rep->nrows - rep->nfoot)
			html_raw(b, "<tr class=\"lwp-total\">");
		else
			html_raw(b, "<tr>");
		for (int k = 0; k < n; k++) {
			int c = cols[k];
			const char *v = report_cell(rep, i, c, r->lang);
			if (k == 0)
				html_raw(b, "<th scope=\"row\">");
			else if (rep->numeric[c])
				html_raw(b, "<td class=\"lwp-number\">");
			else
				html_raw(b, "<td>");
			if (rep->numeric[c] == 2 && v[0])
				amount_text(r, cents_of(v));
			else if (rep->numeric[c])
				number_text(r, v);
			else
				html_text(b, v);
			if (k == 0)
				html_raw(b, "</th>");
			else
				html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	widget_table_end(r);
}

/* Per participant: the rate, and the meetings they were not (wholly)
 * present at, so that the table fits a screen whatever the number of
 * meetings; the whole matrix is in the downloads. */
static void attendance_people(struct req *r, const struct report *rep, int first, int nm)
{
	struct buf *b = &r->out;
	int np = rep->nrows - rep->nfoot;
	widget_table_begin(r, "att-people-caption", T(r, "Attendance per participant"), 1);
	html_raw(b, "<thead><tr>");
	for (int c = 0; c < first; c++) {
		html_raw(b, "<th scope=\"col\">");
		html_text(b, report_label(rep, c, r->lang));
		html_raw(b, "</th>");
	}
	for (int c = first + nm; c < rep->ncols; c++) {
		html_raw(b, "<th scope=\"col\" class=\"lwp-number\">");
		html_text(b, report_label(rep, c, r->lang));
		html_raw(b, "</th>");
	}
	html_raw(b, "<th scope=\"col\">");
	html_text(b, T(r, "Not or partly present at"));
	html_raw(b, "</th></tr></thead><tbody>\n");
	for (int i = 0; i < np; i++) {
		html_raw(b, "<tr><th scope=\"row\">");
		html_text(b, report_cell(rep, i, 0, r->lang));
		html_raw(b, "</th>");
		for (int c = 1; c < first; c++) {
			html_raw(b, "<td>");
			html_text(b, report_cell(rep, i, c, r->lang));
			html_raw(b, "</td>");
		}
		for (int c = first + nm; c < rep->ncols; c++) {
			html_raw(b, "<td class=\"lwp-number\">");
			number_text(r, rep->cells[i * rep->ncols + c]);
			html_raw(b, "</td>");
		}
		html_raw(b, "<td>");
		int any = 0;
		for (int k = 0; k < nm; k++) {
			const char *st = rep->cells[i * rep->ncols + first + k];
			if (!st[0] || strcmp(st, "present") == 0)
				continue;
			if (any++)
				html_raw(b, "; ");
			html_text(b, report_label(rep, first + k, r->lang));
			html_raw(b, ": ");
			html_text(b, report_cell(rep, i, first + k, r->lang));
		}
		html_raw(b, "</td></tr>\n");
	}
	/* The edition's total: the first total row holds the sums. */
	html_raw(b, "<tr class=\"lwp-total\"><th scope=\"row\">");
	html_text(b, T(r, "Total"));
	html_raw(b, "</th>");
	for (int c = 1; c < first; c++)
		html_raw(b, "<td></td>");
	for (int c = first + nm; c < rep->ncols; c++) {
		html_raw(b, "<td class=\"lwp-number\">");
		number_text(r, rep->cells[np * rep->ncols + c]);
		html_raw(b, "</td>");
	}
	html_raw(b, "<td></td></tr>\n");
	widget_table_end(r);
}

/* GET /beheer/edities/{slug}/rapporten/aanwezigheid */
void page_console_report_attendance(struct req *r)
{
	struct report rep;
	if (load(r, REPORT_ATTENDANCE, &rep))
		return;
	int first = col_of(&rep, "subgroup") + 1;
	int nm = rep.ncols - first - 3;
	console_begin(r, T(r, "Attendance report"), r->edition);
	paragraph(r, N_("Per participant and confirmed meeting: present, partly present (some days of a meeting of several days), absent with or without notice. The rate is the meetings present at out of the meetings recorded for that participant."));
	report_download_links(r, r->edition, "attendance");
	if (nm <= 0 || rep.nrows == rep.nfoot) {
		paragraph(r, N_("There are no confirmed meetings with participants yet."));
		layout_end(r);
		return;
	}
	h2(r, T(r, "Attendance per meeting"));
	attendance_chart(r, &rep, first, nm);
	attendance_totals(r, &rep, first, nm);
	h2(r, T(r, "Attendance per participant"));
	paragraph(r, N_("The downloads have every participant and meeting as a table."));
	attendance_people(r, &rep, first, nm);
	layout_end(r);
}

/* ---- costs ---- */

static void cost_chart(struct req *r, const struct report *rep)
{
	static const char *const parts[] = {N_("Paid"), N_("Outstanding")};
	struct buf *b = &r->out;
	int n = rep->nrows - rep->nfoot, inv = col_of(rep, "invoiced"), paid = col_of(rep, "paid");
	int64_t max = 1;
	for (int i = 0; i < n; i++) {
		int64_t v = cents_of(rep->cells[i * rep->ncols + inv]);
		max = v > max ? v : max;
	}
	figure_begin(r, "cost-chart", T(r, "Invoiced per organisation: paid and outstanding"),
		     n * 52 + 40);
	patterns(b, "cost");
	for (int i = 0; i < n; i++) {
		int y = 5 + i * 52;
		int64_t total = cents_of(rep->cells[i * rep->ncols + inv]);
		int64_t p = cents_of(rep->cells[i * rep->ncols + paid]), o = total - p;
		int wp = p > 0 ? (int)(p * 300 / max) : 0, wo = o > 0 ? (int)(o * 300 / max) : 0;
		html_raw(b, "<text x=\"0\" y=\"");
		html_int(b, y + 14);
		html_raw(b, "\" font-size=\"13\" fill=\"#1a1a1a\">");
		html_text(b, rep->cells[i * rep->ncols]);
		html_raw(b, "</text>\n");
		if (wp > 0)
			buf_printf(b, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\" stroke=\"#1a1a1a\"></rect>",
				   y + 20, wp, fill_of(r, "cost", 0));
		if (wo > 0)
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\" stroke=\"#1a1a1a\"></rect>",
				   wp, y + 20, wo, fill_of(r, "cost", 1));
		char tp[48], to[48];
		invoice_format_amount(tp, sizeof(tp), p, r->lang);
		invoice_format_amount(to, sizeof(to), o, r->lang);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", wp + wo + 6, y + 35);
		html_text(b, T(r, "paid"));
		html_raw(b, " ");
		html_text(b, tp);
		html_raw(b, ", ");
		html_text(b, T(r, "outstanding"));
		html_raw(b, " ");
		html_text(b, to);
		html_raw(b, "</text>\n");
	}
	legend(r, "cost", parts, 2, n * 52 + 14);
	figure_end(r);
}

/* GET /beheer/edities/{slug}/rapporten/kosten */
void page_console_report_costs(struct req *r)
{
	struct report rep;
	if (load(r, REPORT_COSTS, &rep))
		return;
	console_begin(r, T(r, "Costs report"), r->edition);
	paragraph(r, N_("Per organisation: the charges of its accepted participants (the fee, the nights at residential meetings and other charges) with VAT as the invoices charge it, what was invoiced (sent invoices minus credit notes), what was paid and what is outstanding."));
	report_download_links(r, r->edition, "costs");
	if (rep.nrows == rep.nfoot) {
		paragraph(r, N_("There are no participants yet."));
		layout_end(r);
		return;
	}
	static const int charges[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
	static const int billed[] = {0, 9, 10, 11};
	h2(r, T(r, "Invoiced, paid and outstanding"));
	cost_chart(r, &rep);
	report_table(r, &rep, billed, 4, "billed-caption",
		     T(r, "Invoiced, paid and outstanding per organisation, in euros"));
	h2(r, T(r, "Charges"));
	report_table(r, &rep, charges, 9, "cost-caption", T(r, "Charges per organisation, in euros"));
	layout_end(r);
}

/* ---- diversity per group ---- */

/* GET /beheer/edities/{slug}/rapporten/diversiteit */
void page_console_report_diversity(struct req *r)
{
	struct report rep;
	if (load(r, REPORT_DIVERSITY, &rep))
		return;
	console_begin(r, T(r, "Diversity of the cohort and the subgroups"), r->edition);
	paragraph(r, N_("The accepted participants of the whole cohort and of each subgroup of the confirmed split, per kind of organisation, parent organisation, theme and tag. Percentages are of the group."));
	report_download_links(r, r->edition, "diversity");
	int group = 0;
	for (int i = 0; i < rep.nrows; i++) {
		const char *g = rep.cells[i * rep.ncols];
		if (i > 0 && strcmp(g, rep.cells[(i - 1) * rep.ncols]) == 0)
			continue;
		int members = 0;
		for (int k = i; k < rep.nrows && strcmp(rep.cells[k * rep.ncols], g) == 0; k++)
			if (strcmp(rep.cells[k * rep.ncols + 1], "organisation_kind") == 0)
				members += cell_int(&rep, k, 3);
		h2(r, report_cell(&rep, i, 0, r->lang));
		html_raw(&r->out, "<p class=\"nl-paragraph\">");
		html_fill(&r->out, T(r, "Counted over {1} participants."), members, 0);
		html_raw(&r->out, "</p>\n");
		report_diversity_group(r, &rep, g, group++);
	}
	layout_end(r);
}
