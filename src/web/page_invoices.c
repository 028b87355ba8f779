/*
 * The lead console, invoices of an edition: one row per invoice or credit
 * note with its organisation, amounts and status and the actions its
 * status allows (send a draft; mark a sent one paid; credit a sent
 * invoice, wholly with a new draft or for one participant), creating the
 * drafts, the edition's VAT setting, the printable invoice and its UBL
 * download, and the seller's data (leads of all editions and admins).
 * The rules are the service's (service/invoices.h); this file decodes
 * forms and renders.
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_invoices.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "domain/ubl.h"

#include <stdio.h>
#include <string.h>

const char *invoice_status_label(enum invoice_status s)
{
	switch (s) {
	case INVOICE_SENT: return N_("sent");
	case INVOICE_PAID: return N_("paid");
	default: return N_("not sent yet");
	}
}

void invoice_page_th(struct req *r, const char *msgid, int number)
{
	if (number)
		html_raw(&r->out, "<th scope=\"col\" class=\"lwp-number\">");
	else
		html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</th>");
}

void invoice_page_amount(struct req *r, int64_t cents)
{
	char text[64];
	invoice_format_amount(text, sizeof(text), cents, r->lang);
	html_text(&r->out, text);
}

int invoice_page_load(struct req *r, struct invoice_row *row)
{
	int rc = store_invoice_by_number(r->store, r->arena, r->params[1], row);
	if (rc == 0 && row->edition_id != r->edition->id)
		rc = LWP_ENOTFOUND;
	if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This page does not exist."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	return rc;
}

void invoice_page_error(struct req *r, int rc, const struct invoice_error *ie)
{
	if (rc == LWP_ECONFLICT)
		req_error(r, 409, "conflict", svc_invoice_error(rc));
	else if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This page does not exist."));
	else if (rc == LWP_EINVAL)
		req_error(r, 422, "validation", ie && ie->msg ? ie->msg : svc_invoice_error(rc));
	else
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
}

void invoice_page_send_ubl(struct req *r, const struct invoice_row *row)
{
	struct invoice_error ie = {0};
	struct buf xml;
	buf_init(&xml, 16u << 20);
	int rc = ubl_write(&xml, &row->inv, &ie);
	if (rc == 0 && !xml.failed) {
		r->personal = 1;
		r->content_type = "application/xml";
		req_set_header(r, "Content-Disposition",
			       arena_printf(r->arena, "attachment; filename=\"%s\"",
					    invoice_file_name(r->arena, row, "xml")));
		buf_append(&r->out, xml.data, xml.len);
	} else if (strncmp(r->path, "/api/", 5) == 0) {
		req_error(r, 409, "incomplete", ie.msg ? ie.msg : svc_invoice_error(LWP_EINVAL));
	} else {
		invoice_page_error(r, rc ? rc : LWP_ENOMEM, &ie);
	}
	buf_free(&xml);
}

/* ---- the list ---- */

static void action_buttons(struct req *r, const struct edition *e, const struct invoice_row *v)
{
	const char *id = v->inv.number;
	if (v->status == INVOICE_DRAFT)
		widget_button_form(r, link_console_edition(r, e->slug, "/facturen/versturen"),
				   N_("Send"), "number", id, 0);
	if (v->status == INVOICE_SENT)
		widget_button_form(r, link_console_edition(r, e->slug, "/facturen/betaald"),
				   N_("Mark paid"), "number", id, 0);
}

static void invoice_row_html(struct req *r, const struct edition *e, const struct invoice_row *v)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_edition(r, e->slug, arena_printf(r->arena, "/facturen/%s", v->inv.number)));
	html_raw(b, "\">");
	html_text(b, v->inv.number);
	html_raw(b, "</a></td><td>");
	html_text(b, v->inv.kind == INVOICE_KIND_CREDIT_NOTE ? T(r, "Credit note") : T(r, "Invoice"));
	if (v->inv.corrects) {
		html_raw(b, " (");
		html_text(b, v->inv.corrects);
		html_raw(b, ")");
	}
	html_raw(b, "</td><td>");
	html_text(b, v->organisation);
	html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, (long long)v->inv.n_lines);
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, v->inv.totals.tax_exclusive_cents);
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, v->inv.totals.tax_inclusive_cents);
	html_raw(b, "</td><td>");
	html_text(b, T(r, invoice_status_label(v->status)));
	if (v->credited) {
		html_raw(b, ", ");
		html_text(b, T(r, "credited"));
	}
	html_raw(b, "</td><td>");
	action_buttons(r, e, v);
	html_raw(b, "</td></tr>\n");
}

static void invoices_table(struct req *r, const struct edition *e, const struct invoice_row *list, int n)
{
	widget_table_begin(r, "invoices-caption", T(r, "Invoices and credit notes"), 0);
	html_raw(&r->out, "<thead><tr>");
	invoice_page_th(r, N_("Number"), 0);
	invoice_page_th(r, N_("Kind"), 0);
	invoice_page_th(r, N_("Organisation"), 0);
	invoice_page_th(r, N_("Lines"), 1);
	invoice_page_th(r, N_("Total excluding VAT"), 1);
	invoice_page_th(r, N_("Total including VAT"), 1);
	invoice_page_th(r, N_("Status"), 0);
	invoice_page_th(r, N_("Action"), 0);
	html_raw(&r->out, "</tr></thead><tbody>\n");
	for (int i = 0; i < n; i++)
		invoice_row_html(r, e, &list[i]);
	widget_table_end(r);
}

static const struct widget_field credit_fields[] = {
	{"number", N_("Invoice number"), N_("A sent invoice, e.g. 2018-0001."), WT_TEXT, NULL, 1, 16, NULL, NULL},
	{"reason", N_("Reason for the credit note"), NULL, WT_TEXT, NULL, 1, 500, NULL, NULL},
	{"participant", N_("Only for one participant (application number)"), N_("Leave empty to credit the whole invoice."), WT_NUMBER, NULL, 0, 12, NULL, NULL},
	{"new_draft", N_("Make a new draft invoice after crediting the whole invoice"), NULL, WT_CHECKBOX, NULL, 0, 0, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void credit_form(struct req *r, const struct edition *e)
{
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Credit an invoice"));
	html_raw(&r->out, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "A sent invoice never changes. To correct it, make a credit note that refers to it; then, if needed, a new invoice."));
	html_raw(&r->out, "</p>\n");
	widget_form_begin(r, link_console_edition(r, e->slug, "/facturen/crediteren"));
	for (int i = 0; credit_fields[i].name; i++)
		widget_field(r, &credit_fields[i], NULL, NULL);
	widget_form_end(r, N_("Make the credit note"), 0);
}

static const char *const vat_options[] = {
	"S", N_("Standard rate"), "E", N_("Exempt from VAT"), "O", N_("Not subject to VAT"), NULL,
};

static const struct widget_field vat_fields[] = {
	{"category", N_("VAT category"), NULL, WT_SELECT, NULL, 1, 0, vat_options, NULL},
	{"rate", N_("VAT rate (percent)"), N_("Only for the standard rate, e.g. 21."), WT_NUMBER, NULL, 0, 6, NULL, NULL},
	{"exemption_reason", N_("Exemption reason"), N_("For exempt and not subject: the text on the invoice."), WT_TEXT, NULL, 0, 200, NULL, NULL},
	{"exemption_code", N_("Exemption code (VATEX)"), N_("E.g. VATEX-EU-132-1I for education; VATEX-EU-O for not subject."), WT_TEXT, NULL, 0, 30, NULL, NULL},
	{"nights", N_("Residential nights per participant"), NULL, WT_NUMBER, NULL, 1, 3, NULL, NULL},
	{"payment_days", N_("Days to pay"), NULL, WT_NUMBER, NULL, 1, 3, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void settings_form(struct req *r, const struct edition *e)
{
	struct invoice_settings v;
	if (store_invoice_settings(r->store, e->id, r->arena, &v))
		invoice_settings_default(&v);
	const char *values[] = {
		invoice_vat_code(v.vat.category), arena_printf(r->arena, "%d", v.vat.rate_bp / 100),
		v.vat.exemption_reason, v.vat.exemption_code,
		arena_printf(r->arena, "%d", v.residential_nights),
		arena_printf(r->arena, "%d", v.payment_days),
	};
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "VAT and accommodation"));
	html_raw(&r->out, "</h2>\n");
	widget_form_begin(r, link_console_edition(r, e->slug, "/facturen/instellingen"));
	for (int i = 0; vat_fields[i].name; i++)
		widget_field(r, &vat_fields[i], values[i], NULL);
	widget_form_end(r, N_("Save the VAT setting"), 0);
}

static void links_line(struct req *r, const struct edition *e)
{
	static const char *const tails[] = {"/kosten", "/kostenoverzicht"};
	static const char *const labels[] = {N_("Charges per participant"), N_("Cost overview")};
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	for (int i = 0; i < 2; i++) {
		if (i)
			html_raw(&r->out, " · ");
		html_raw(&r->out, "<a class=\"nl-link\" href=\"");
		html_attr(&r->out, link_console_edition(r, e->slug, tails[i]));
		html_raw(&r->out, "\">");
		html_text(&r->out, T(r, labels[i]));
		html_raw(&r->out, "</a>");
	}
	if (auth_allows(r, ROLE_LEAD, 0)) {
		html_raw(&r->out, " · <a class=\"nl-link\" href=\"/beheer/verkoper\">");
		html_text(&r->out, T(r, "Seller's data"));
		html_raw(&r->out, "</a>");
	}
	html_raw(&r->out, "</p>\n");
}

/* GET /beheer/edities/{slug}/facturen */
void page_invoices(struct req *r)
{
	struct invoice_row *list;
	struct invoice_seller seller;
	int n;
	const struct edition *e = r->edition;
	if (store_invoice_list(r->store, r->arena, e->id, &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Invoices"), e);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	if (store_invoice_seller(r->store, r->arena, &seller))
		widget_notice(r, "warning", NULL, T(r, "The seller's data have not been entered yet: invoices can be made once they are."));
	links_line(r, e);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "One invoice per organisation with accepted participants: the fee per participant, the nights booked and the manual lines. A draft follows the charges and billing data until it is sent."));
	html_raw(&r->out, "</p>\n");
	widget_button_form(r, link_console_edition(r, e->slug, "/facturen/maken"),
			   N_("Make the missing invoices"), NULL, NULL, 1);
	if (n)
		invoices_table(r, e, list, n);
	else
		widget_notice(r, "info", NULL, T(r, "There are no invoices yet."));
	credit_form(r, e);
	settings_form(r, e);
	layout_end(r);
}

static void done(struct req *r, const char *tail)
{
	req_redirect(r, 303, link_console_edition(r, r->edition->slug, tail));
}

/* POST /beheer/edities/{slug}/facturen/maken */
void page_invoices_create(struct req *r)
{
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	int created, rc = svc_invoice_create(r->store, r->arena, &who, r->edition, tz_now(), &created, &ie);
	if (rc)
		invoice_page_error(r, rc, &ie);
	else
		done(r, "/facturen?klaar=1");
}

/* The invoice id named by the form's "number" of r->edition; 0 when none. */
static int64_t form_invoice(struct req *r)
{
	struct invoice_row row;
	const char *number = form_get(r->form, "number");
	int year;
	int64_t seq;
	if (!number || invoice_number_parse(number, &year, &seq) ||
	    store_invoice_by_number(r->store, r->arena, number, &row) ||
	    row.edition_id != r->edition->id)
		return 0;
	return row.id;
}

/* POST /beheer/edities/{slug}/facturen/versturen */
void page_invoices_send(struct req *r)
{
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	char *token;
	int64_t id = form_invoice(r);
	int rc = id ? svc_invoice_send(r->store, r->arena, &who, r->cfg->base_url, r->edition, id,
				       tz_now(), &ie, &token)
		    : LWP_ENOTFOUND;
	if (rc)
		invoice_page_error(r, rc, &ie);
	else
		done(r, "/facturen?klaar=1");
}

/* POST /beheer/edities/{slug}/facturen/betaald */
void page_invoices_paid(struct req *r)
{
	struct actor who = auth_actor(r);
	int64_t id = form_invoice(r);
	int rc = id ? svc_invoice_paid(r->store, r->arena, &who, r->edition, id, tz_now())
		    : LWP_ENOTFOUND;
	if (rc)
		invoice_page_error(r, rc, NULL);
	else
		done(r, "/facturen?klaar=1");
}

/* POST /beheer/edities/{slug}/facturen/crediteren */
void page_invoices_credit(struct req *r)
{
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	const char *p = form_get(r->form, "participant");
	long long participant = 0;
	int64_t id = form_invoice(r), credit;
	int rc = id ? 0 : LWP_ENOTFOUND;
	if (!rc && p && *p && parse_int(p, 1, INT64_MAX, &participant))
		rc = LWP_EINVAL;
	if (!rc)
		rc = svc_invoice_credit(r->store, r->arena, &who, r->cfg->base_url, r->edition, id,
					participant, form_get(r->form, "reason"),
					form_get(r->form, "new_draft") != NULL, tz_now(), &ie, &credit);
	if (rc)
		invoice_page_error(r, rc, &ie);
	else
		done(r, "/facturen?klaar=1");
}

static int parse_settings(struct req *r, struct invoice_settings *v)
{
	long long rate, nights, days;
	const char *cat = form_get(r->form, "category"), *rt = form_get(r->form, "rate");
	int c = cat ? invoice_vat_parse(cat) : -1;
	if (c < 0 || parse_int(form_get(r->form, "nights"), 0, 365, &nights) ||
	    parse_int(form_get(r->form, "payment_days"), 0, 365, &days))
		return -1;
	invoice_settings_default(v);
	v->vat.category = (enum invoice_vat_category)c;
	v->vat.rate_bp = 0;
	if (c == VAT_STANDARD) {
		if (parse_int(rt, 1, 100, &rate))
			return -1;
		v->vat.rate_bp = (int)rate * 100;
	}
	const char *reason = form_get(r->form, "exemption_reason"), *code = form_get(r->form, "exemption_code");
	v->vat.exemption_reason = c == VAT_STANDARD || !reason || !*reason ? NULL : reason;
	v->vat.exemption_code = c == VAT_STANDARD || !code || !*code ? NULL : code;
	v->residential_nights = (int)nights;
	v->payment_days = (int)days;
	return 0;
}

/* POST /beheer/edities/{slug}/facturen/instellingen */
void page_invoices_settings(struct req *r)
{
	struct invoice_settings v;
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	if (parse_settings(r, &v)) {
		req_error(r, 422, "validation", N_("Choose a VAT category, a rate from 1 to 100 for the standard rate, and whole numbers of nights and days from 0 to 365."));
		return;
	}
	int rc = svc_invoice_settings_set(r->store, r->arena, &who, r->edition, &v, tz_now(), &ie);
	if (rc)
		invoice_page_error(r, rc, &ie);
	else
		done(r, "/facturen?klaar=1");
}

/* GET /beheer/edities/{slug}/facturen/{number}: the printable invoice. */
void page_invoice_print(struct req *r)
{
	struct invoice_row row;
	if (invoice_page_load(r, &row))
		return;
	console_begin(r, arena_printf(r->arena, "%s %s", row.inv.kind == INVOICE_KIND_CREDIT_NOTE
				      ? T(r, "Credit note") : T(r, "Invoice"), row.inv.number), r->edition);
	html_raw(&r->out, "<p class=\"nl-paragraph lwp-no-print\">");
	html_text(&r->out, T(r, "Status:"));
	html_raw(&r->out, " ");
	html_text(&r->out, T(r, invoice_status_label(row.status)));
	html_raw(&r->out, " · <a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, r->edition->slug,
						arena_printf(r->arena, "/facturen/%s/ubl.xml", row.inv.number)));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Download the e-invoice (UBL)"));
	html_raw(&r->out, "</a></p>\n");
	invoice_print_body(&r->out, &row, r->lang);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/facturen/{number}/ubl.xml */
void page_invoice_ubl(struct req *r)
{
	struct invoice_row row;
	if (invoice_page_load(r, &row) == 0)
		invoice_page_send_ubl(r, &row);
}

/* ---- the seller ---- */

static const char *const scheme_options[] = {"oin", "OIN", "kvk", "KVK", NULL};

static const struct widget_field seller_fields[] = {
	{"name", N_("Legal name"), NULL, WT_TEXT, "organization", 1, 200, NULL, NULL},
	{"address", N_("Street and number"), NULL, WT_TEXT, "address-line1", 1, 200, NULL, NULL},
	{"postcode", N_("Postcode"), NULL, WT_TEXT, "postal-code", 1, 10, NULL, NULL},
	{"city", N_("City"), NULL, WT_TEXT, "address-level2", 1, 100, NULL, NULL},
	{"scheme", N_("Kind of number"), NULL, WT_SELECT, NULL, 1, 0, scheme_options, NULL},
	{"party_id", N_("OIN or KVK number"), N_("OIN: 20 digits; KVK: 8 digits."), WT_TEXT, NULL, 1, 20, NULL, NULL},
	{"vat_number", N_("VAT number"), N_("Where it applies, e.g. NL001234567B01."), WT_TEXT, NULL, 0, 20, NULL, NULL},
	{"iban", N_("IBAN"), NULL, WT_TEXT, NULL, 1, 34, NULL, NULL},
	{"bic", N_("BIC (optional)"), NULL, WT_TEXT, NULL, 0, 11, NULL, NULL},
	{"contact_name", N_("Contact for questions and disputes"), NULL, WT_TEXT, "name", 0, 100, NULL, NULL},
	{"contact_phone", N_("Telephone"), NULL, WT_TEL, "tel", 0, 30, NULL, NULL},
	{"contact_email", N_("E-mail"), NULL, WT_EMAIL, "email", 0, 200, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void seller_page(struct req *r, const struct invoice_seller *v, const char *error)
{
	const char *values[] = {v->name, v->address, v->postcode, v->city,
				v->id_scheme == INVOICE_ID_KVK ? "kvk" : "oin", v->id, v->vat_number,
				v->iban, v->bic, v->contact_name, v->contact_phone, v->contact_email};
	console_begin(r, T(r, "Seller's data"), NULL);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	if (error)
		widget_notice(r, "warning", NULL, T(r, error));
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "The organiser as it appears on every invoice. Invoices already sent keep the data they were sent with."));
	html_raw(&r->out, "</p>\n");
	widget_form_begin(r, "/beheer/verkoper");
	for (int i = 0; seller_fields[i].name; i++)
		widget_field(r, &seller_fields[i], values[i], NULL);
	widget_form_end(r, N_("Save the seller's data"), 1);
	layout_end(r);
}

/* GET /beheer/verkoper */
void page_invoice_seller(struct req *r)
{
	struct invoice_seller v;
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	if (store_invoice_seller(r->store, r->arena, &v))
		memset(&v, 0, sizeof(v));
	seller_page(r, &v, NULL);
}

static const char *field_text(struct req *r, const char *name)
{
	const char *v = form_get(r->form, name);
	return v && *v ? v : NULL;
}

/* POST /beheer/verkoper */
void page_invoice_seller_save(struct req *r)
{
	struct invoice_seller v = {0};
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	const char **slots[] = {&v.name, &v.address, &v.postcode, &v.city, NULL, &v.id,
				&v.vat_number, &v.iban, &v.bic, &v.contact_name, &v.contact_phone,
				&v.contact_email};
	for (int i = 0; seller_fields[i].name; i++)
		if (slots[i])
			*slots[i] = field_text(r, seller_fields[i].name);
	const char *scheme = form_get(r->form, "scheme");
	v.id_scheme = scheme && strcmp(scheme, "kvk") == 0 ? INVOICE_ID_KVK : INVOICE_ID_OIN;
	v.means = v.bic ? INVOICE_PAY_TRANSFER : INVOICE_PAY_SEPA;
	int rc = svc_invoice_seller_set(r->store, r->arena, &who, &v, tz_now(), &ie);
	if (rc == LWP_EINVAL) {
		r->status = 422;
		seller_page(r, &v, ie.msg);
	} else if (rc) {
		invoice_page_error(r, rc, &ie);
	} else {
		req_redirect(r, 303, "/beheer/verkoper?klaar=1");
	}
}
