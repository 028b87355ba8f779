/*
 * The printable invoice: one HTML fragment, written through the escaping
 * writer, used by the console's print page (inside the site's frame, whose
 * @media print rules in static/lwp.css give an A4 page) and, wrapped in a
 * small document with its own print styles, as the copy attached to the
 * invoice mail. It shows what the UBL says: seller, buyer, references,
 * lines, the VAT breakdown and the totals.
 */
#include "service/invoices.h"
#include "core/html.h"
#include "core/i18n.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TR(msgid) i18n_translate(lang, msgid)

void invoice_format_amount(char *out, size_t n, int64_t cents, enum lang lang)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char digits[32], grouped[48];
	int len = snprintf(digits, sizeof(digits), "%" PRIu64, v / 100), g = 0;
	char sep = lang == LANG_NL ? '.' : ',', dec = lang == LANG_NL ? ',' : '.';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[g++] = sep;
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	if (snprintf(out, n, "EUR %s%s%c%02u", cents < 0 ? "-" : "", grouped, dec,
		     (unsigned)(v % 100)) >= (int)n && n)
		out[n - 1] = '\0';
}

const char *invoice_file_name(struct arena *a, const struct invoice_row *row, const char *ext)
{
	const char *kind = row->inv.kind == INVOICE_KIND_CREDIT_NOTE ? "creditnota" : "factuur";
	char *name = arena_printf(a, "%s-%s.%s", kind, row->inv.number, ext);
	return name ? name : "factuur";
}

static void amount(struct buf *b, int64_t cents, enum lang lang)
{
	char text[64];
	invoice_format_amount(text, sizeof(text), cents, lang);
	html_text(b, text);
}

static void quantity(struct buf *b, int64_t q, enum lang lang)
{
	char text[40];
	int64_t whole = q / INVOICE_QTY_SCALE, part = q % INVOICE_QTY_SCALE;
	if (part < 0)
		part = -part;
	if (part == 0)
		snprintf(text, sizeof(text), "%" PRId64, whole);
	else
		snprintf(text, sizeof(text), "%s%" PRId64 "%c%04" PRId64, q < 0 && whole == 0 ? "-" : "",
			 whole, lang == LANG_NL ? ',' : '.', part);
	html_text(b, text);
}

/* A definition: label and value, nothing when the value is empty. */
static void item(struct buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(b, "<dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
	html_text(b, value);
	html_raw(b, "</dd>");
}

static const char *scheme_label(enum invoice_id_scheme s)
{
	return s == INVOICE_ID_OIN ? "OIN" : s == INVOICE_ID_KVK ? "KVK" : NULL;
}

static void party(struct buf *b, const char *heading, const char *name, const char *address,
		  const char *postcode, const char *city, enum invoice_id_scheme scheme,
		  const char *id)
{
	html_raw(b, "<section class=\"lwp-invoice-party\"><h2 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, heading);
	html_raw(b, "</h2><p class=\"nl-paragraph\">");
	html_text(b, name ? name : "");
	html_raw(b, "<br>");
	html_text(b, address ? address : "");
	html_raw(b, "<br>");
	html_text(b, postcode ? postcode : "");
	html_raw(b, " ");
	html_text(b, city ? city : "");
	if (scheme_label(scheme) && id) {
		html_raw(b, "<br>");
		html_text(b, scheme_label(scheme));
		html_raw(b, " ");
		html_text(b, id);
	}
	html_raw(b, "</p></section>");
}

static void header(struct buf *b, const struct invoice *inv, enum lang lang)
{
	int credit = inv->kind == INVOICE_KIND_CREDIT_NOTE;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, credit ? TR("Credit note") : TR("Invoice"));
	html_raw(b, " ");
	html_text(b, inv->number);
	html_raw(b, "</h2><div class=\"lwp-invoice-parties\">");
	party(b, TR("Invoice from"), inv->seller.name, inv->seller.address, inv->seller.postcode,
	      inv->seller.city, inv->seller.id_scheme, inv->seller.id);
	party(b, TR("Invoice to"), inv->buyer.name, inv->buyer.address, inv->buyer.postcode,
	      inv->buyer.city, inv->buyer.id_scheme, inv->buyer.id);
	html_raw(b, "</div><dl class=\"lwp-invoice-facts\">");
	item(b, TR("Invoice number"), inv->number);
	item(b, TR("Invoice date"), inv->issue_date);
	item(b, TR("Due date"), inv->due_date);
	item(b, TR("Corrects invoice"), inv->corrects);
	item(b, TR("Your reference"), inv->buyer.buyer_reference);
	item(b, TR("Your purchase order"), inv->buyer.order_reference);
	item(b, TR("Contact"), inv->buyer.contact_name);
	item(b, TR("Period from"), inv->period_start);
	item(b, TR("Period until"), inv->period_end);
	item(b, TR("VAT number of the seller"), inv->seller.vat_number);
	item(b, TR("Note"), inv->note);
	html_raw(b, "</dl>");
}

static void th(struct buf *b, const char *label, int number)
{
	if (number)
		html_raw(b, "<th scope=\"col\" class=\"lwp-number\">");
	else
		html_raw(b, "<th scope=\"col\">");
	html_text(b, label);
	html_raw(b, "</th>");
}

static void lines(struct buf *b, const struct invoice *inv, enum lang lang)
{
	html_raw(b, "<table class=\"lwp-table lwp-invoice-lines\"><caption>");
	html_text(b, TR("Invoice lines"));
	html_raw(b, "</caption><thead><tr>");
	th(b, TR("Description"), 0);
	th(b, TR("Quantity"), 1);
	th(b, TR("Price"), 1);
	th(b, TR("VAT"), 1);
	th(b, TR("Amount"), 1);
	html_raw(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < inv->n_lines; i++) {
		const struct invoice_line *l = &inv->lines[i];
		html_raw(b, "<tr><td>");
		html_text(b, l->description);
		if (l->reason && *l->reason) {
			html_raw(b, "<br><small>");
			html_text(b, l->reason);
			html_raw(b, "</small>");
		}
		html_raw(b, "</td><td class=\"lwp-number\">");
		quantity(b, l->quantity, lang);
		html_raw(b, "</td><td class=\"lwp-number\">");
		amount(b, l->unit_price_cents, lang);
		html_raw(b, "</td><td class=\"lwp-number\">");
		if (l->vat.category == VAT_STANDARD)
			buf_printf(b, "%d%%", l->vat.rate_bp / 100);
		else
			html_text(b, invoice_vat_code(l->vat.category));
		html_raw(b, "</td><td class=\"lwp-number\">");
		amount(b, l->net_cents, lang);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
}

static void total_row(struct buf *b, const char *label, int64_t cents, enum lang lang)
{
	html_raw(b, "<tr><th scope=\"row\">");
	html_text(b, label);
	html_raw(b, "</th><td class=\"lwp-number\">");
	amount(b, cents, lang);
	html_raw(b, "</td></tr>");
}

static void totals(struct buf *b, const struct invoice *inv, enum lang lang)
{
	const struct invoice_totals *t = &inv->totals;
	html_raw(b, "<table class=\"lwp-table lwp-invoice-totals\"><caption>");
	html_text(b, TR("Totals"));
	html_raw(b, "</caption><tbody>");
	total_row(b, TR("Total excluding VAT"), t->tax_exclusive_cents, lang);
	for (int i = 0; i < t->n_vat; i++) {
		const struct invoice_vat_total *v = &t->vat[i];
		const char *label = v->vat.category == VAT_STANDARD ? TR("VAT")
				    : v->vat.exemption_reason ? v->vat.exemption_reason : TR("VAT");
		total_row(b, label, v->tax_cents, lang);
	}
	total_row(b, TR("Total including VAT"), t->tax_inclusive_cents, lang);
	total_row(b, inv->kind == INVOICE_KIND_CREDIT_NOTE ? TR("To be refunded") : TR("Amount due"),
		  t->payable_cents, lang);
	html_raw(b, "</tbody></table>");
}

static void payment(struct buf *b, const struct invoice *inv, enum lang lang)
{
	html_raw(b, "<p class=\"nl-paragraph lwp-invoice-payment\">");
	if (inv->payment_terms) {
		html_text(b, inv->payment_terms);
		html_raw(b, ". ");
	}
	html_text(b, TR("IBAN"));
	html_raw(b, " ");
	html_text(b, inv->seller.iban ? inv->seller.iban : "");
	html_raw(b, ", ");
	html_text(b, TR("stating the invoice number"));
	html_raw(b, " ");
	html_text(b, inv->number);
	html_raw(b, ".");
	if (inv->seller.contact_email) {
		html_raw(b, " ");
		html_text(b, TR("Questions about this invoice:"));
		html_raw(b, " ");
		html_text(b, inv->seller.contact_name ? inv->seller.contact_name : "");
		html_raw(b, " ");
		html_text(b, inv->seller.contact_email);
		if (inv->seller.contact_phone) {
			html_raw(b, ", ");
			html_text(b, inv->seller.contact_phone);
		}
	}
	html_raw(b, "</p>");
}

void invoice_print_body(struct buf *out, const struct invoice_row *row, enum lang lang)
{
	html_raw(out, "<article class=\"lwp-invoice\">");
	header(out, &row->inv, lang);
	lines(out, &row->inv, lang);
	totals(out, &row->inv, lang);
	payment(out, &row->inv, lang);
	html_raw(out, "</article>\n");
}

void invoice_print_document(struct buf *out, const struct invoice_row *row, enum lang lang)
{
	html_raw(out, "<!DOCTYPE html>\n<html lang=\"");
	html_text(out, lang == LANG_NL ? "nl" : "en");
	html_raw(out, "\"><head><meta charset=\"utf-8\"><title>");
	html_text(out, row->inv.number);
	html_raw(out, "</title><style>"
		 "@page{size:A4;margin:20mm}"
		 "body{font-family:sans-serif;font-size:11pt;color:#000;max-width:180mm;margin:auto}"
		 "table{border-collapse:collapse;width:100%;margin:1em 0}"
		 "th,td{border-bottom:1px solid #999;padding:4px;text-align:left;vertical-align:top}"
		 "caption{text-align:left;font-weight:bold}"
		 ".lwp-number{text-align:right;white-space:nowrap}"
		 ".lwp-invoice-parties{display:flex;gap:2em}"
		 ".lwp-invoice-facts dt{font-weight:bold;float:left;clear:left;width:14em}"
		 ".lwp-invoice-facts dd{margin-left:14em}"
		 "</style></head><body>");
	invoice_print_body(out, row, lang);
	html_raw(out, "</body></html>\n");
}
