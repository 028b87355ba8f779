/*
 * The cost overview of an edition in the console (expected, actual,
 * invoiced and paid, per organisation and in total: a bar chart in SVG
 * with its text alternative and the amounts on the bars, so it reads
 * without colour, and the same figures in a table), its CSV and XLSX
 * downloads, and the private page on which an organisation's contact sees
 * its invoice and credit notes and downloads their UBL.
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_invoices.h"
#include "web/widgets.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int load_overview(struct req *r, struct cost_overview *o)
{
	int rc = svc_invoice_overview(r->store, r->arena, r->edition, o);
	if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	return rc;
}

static void chart(struct req *r, const struct cost_overview *o)
{
	struct buf *b = &r->out;
	const char *labels[] = {N_("Expected"), N_("Actual"), N_("Invoiced"), N_("Paid")};
	const int64_t values[] = {o->total.expected_cents, o->total.actual_cents,
				  o->total.invoiced_incl_cents, o->total.paid_incl_cents};
	int64_t max = 1;
	for (int i = 0; i < 4; i++)
		max = values[i] > max ? values[i] : max;
	html_raw(b, "<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"costs-chart-title costs-chart-desc\" viewBox=\"0 0 640 130\" width=\"100%\"><title id=\"costs-chart-title\">");
	html_text(b, T(r, "Costs of this edition in total"));
	html_raw(b, "</title><desc id=\"costs-chart-desc\">");
	for (int i = 0; i < 4; i++) {
		char amount[64];
		invoice_format_amount(amount, sizeof(amount), values[i], r->lang);
		html_text(b, T(r, labels[i]));
		html_raw(b, ": ");
		html_text(b, amount);
		if (i < 3)
			html_raw(b, "; ");
		else
			html_raw(b, ".");
	}
	html_raw(b, "</desc>\n");
	for (int i = 0; i < 4; i++) {
		char amount[64];
		int y = 5 + i * 30, w = values[i] > 0 ? (int)(values[i] * 300 / max) : 0;
		invoice_format_amount(amount, sizeof(amount), values[i], r->lang);
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
		html_text(b, T(r, labels[i]));
		buf_printf(b, "</text><rect x=\"120\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y, w, 126 + w, y + 16);
		html_text(b, amount);
		html_raw(b, "</text>\n");
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "Invoiced and paid include VAT. The figures per organisation are in the table below."));
	html_raw(b, "</figcaption></figure>\n");
}

static void cost_row(struct req *r, const struct cost_row *c, const char *name, int total)
{
	struct buf *b = &r->out;
	const int64_t amounts[] = {c->expected_cents, c->actual_cents, c->invoiced_cents,
				   c->invoiced_incl_cents, c->paid_incl_cents};
	if (total)
		html_raw(b, "<tr><th scope=\"row\">");
	else
		html_raw(b, "<tr><td>");
	html_text(b, name);
	if (total)
		html_raw(b, "</th><td class=\"lwp-number\">");
	else
		html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, c->participants);
	html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, c->nights);
	for (int i = 0; i < 5; i++) {
		html_raw(b, "</td><td class=\"lwp-number\">");
		invoice_page_amount(r, amounts[i]);
	}
	html_raw(b, "</td></tr>\n");
}

static void overview_table(struct req *r, const struct cost_overview *o)
{
	widget_table_begin(r, "costs-caption", T(r, "Costs per organisation"), 0);
	html_raw(&r->out, "<thead><tr>");
	invoice_page_th(r, N_("Organisation"), 0);
	invoice_page_th(r, N_("Participants"), 1);
	invoice_page_th(r, N_("Nights"), 1);
	invoice_page_th(r, N_("Expected excl. VAT"), 1);
	invoice_page_th(r, N_("Actual excl. VAT"), 1);
	invoice_page_th(r, N_("Invoiced excl. VAT"), 1);
	invoice_page_th(r, N_("Invoiced incl. VAT"), 1);
	invoice_page_th(r, N_("Paid incl. VAT"), 1);
	html_raw(&r->out, "</tr></thead><tbody>\n");
	for (int i = 0; i < o->n; i++)
		cost_row(r, &o->rows[i], o->rows[i].organisation, 0);
	cost_row(r, &o->total, T(r, "Total"), 1);
	widget_table_end(r);
}

static void download_links(struct req *r)
{
	static const char *const tails[] = {"/kostenoverzicht.csv", "/kostenoverzicht.csv?taal=en",
					    "/kostenoverzicht.xlsx"};
	static const char *const labels[] = {N_("CSV (Dutch, semicolons)"), N_("CSV (English, commas)"),
					     N_("Excel workbook (XLSX)")};
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Download"));
	html_raw(&r->out, "</h2>\n<ul class=\"utrecht-unordered-list\">");
	for (int i = 0; i < 3; i++) {
		html_raw(&r->out, "<li class=\"utrecht-unordered-list__item\"><a class=\"nl-link\" href=\"");
		html_attr(&r->out, link_console_edition(r, r->edition->slug, tails[i]));
		html_raw(&r->out, "\">");
		html_text(&r->out, T(r, labels[i]));
		html_raw(&r->out, "</a></li>");
	}
	html_raw(&r->out, "</ul>\n");
}

/* GET /beheer/edities/{slug}/kostenoverzicht */
void page_invoice_costs(struct req *r)
{
	struct cost_overview o;
	if (load_overview(r, &o))
		return;
	console_begin(r, T(r, "Cost overview"), r->edition);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Expected: the fee and the nights booked of the accepted participants and the manual lines. Actual: the same with the nights attended once meetings record them. Invoiced: sent invoices minus credit notes. Paid: invoices marked paid."));
	html_raw(&r->out, "</p>\n");
	chart(r, &o);
	overview_table(r, &o);
	download_links(r);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/kostenoverzicht.csv[?taal=en] */
void page_invoice_costs_csv(struct req *r)
{
	struct cost_overview o;
	const char *taal = req_query(r, "taal");
	enum lang lang = taal && strcmp(taal, "en") == 0 ? LANG_EN : LANG_NL;
	if (load_overview(r, &o))
		return;
	r->personal = 1;
	r->content_type = "text/csv; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s-%s.csv\"",
				    lang == LANG_NL ? "kostenoverzicht" : "cost-overview", r->edition->slug));
	svc_invoice_overview_csv(&r->out, &o, lang);
}

/* GET /beheer/edities/{slug}/kostenoverzicht.xlsx */
void page_invoice_costs_xlsx(struct req *r)
{
	struct cost_overview o;
	struct invoice_row *list;
	int n;
	if (load_overview(r, &o))
		return;
	if (store_invoice_list(r->store, r->arena, r->edition->id, &list, &n) ||
	    svc_invoice_overview_xlsx_buf(&r->out, &o, list, n, r->lang)) {
		buf_reset(&r->out);
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	r->personal = 1;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_set_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"kostenoverzicht-%s.xlsx\"",
				    r->edition->slug));
}

/* ---- the contact's private page ---- */

static int load_private(struct req *r, struct invoice_row **list, int *n)
{
	int rc = store_invoice_by_token(r->store, r->arena, r->params[0], list, n);
	if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This page does not exist."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	return rc;
}

/* GET /facturen/{token} */
void page_invoice_private(struct req *r)
{
	struct invoice_row *list;
	int n;
	if (load_private(r, &list, &n))
		return;
	r->personal = 1;
	layout_begin(r, T(r, "Your invoice"));
	widget_heading(r, T(r, "Your invoice"));
	html_raw(&r->out, "<p class=\"nl-paragraph lwp-no-print\">");
	html_text(&r->out, T(r, "This page is personal: do not share its link."));
	html_raw(&r->out, "</p>\n");
	for (int i = 0; i < n; i++) {
		if (list[i].status == INVOICE_DRAFT)
			continue;
		html_raw(&r->out, "<p class=\"nl-paragraph lwp-no-print\"><a class=\"nl-link\" href=\"");
		html_attr(&r->out, link_invoice_private(r, r->params[0],
							arena_printf(r->arena, "/%s/ubl.xml", list[i].inv.number)));
		html_raw(&r->out, "\">");
		html_text(&r->out, T(r, "Download the e-invoice (UBL)"));
		html_raw(&r->out, " ");
		html_text(&r->out, list[i].inv.number);
		html_raw(&r->out, "</a></p>\n");
		invoice_print_body(&r->out, &list[i], r->lang);
	}
	layout_end(r);
}

/* GET /facturen/{token}/{number}/ubl.xml */
void page_invoice_private_ubl(struct req *r)
{
	struct invoice_row *list;
	int n;
	if (load_private(r, &list, &n))
		return;
	for (int i = 0; i < n; i++)
		if (list[i].status != INVOICE_DRAFT && strcmp(list[i].inv.number, r->params[1]) == 0) {
			invoice_page_send_ubl(r, &list[i]);
			return;
		}
	req_error(r, 404, "not_found", N_("This page does not exist."));
}
