/*
 * The UBL 2.1 writer; see ubl.h. Elements are written in the order of the
 * UBL 2.1 schema sequences (Invoice and CreditNote differ: a credit note has
 * no DueDate of its own, its due date goes into PaymentMeans). Amounts come
 * from inv->totals as computed, never recomputed here. Rules the writer
 * itself keeps: no seller VAT number on a "not subject" document (BR-O-02),
 * no rate for "not subject" (BR-O-05/09), no BIC with SEPA code 58
 * (BR-NL-31), the identifiers with their ICD scheme (0190 OIN, 0106 KVK)
 * as EndpointID and legal entity (BR-NL-1/10). The exemption code is
 * written when set; SI-UBL 2.0 only warns about it (BR-NL-35).
 */
#include "domain/ubl.h"
#include "core/error.h"

#include <stdio.h>
#include <string.h>

#define NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

/* An indenting writer over the buffer; names are literals of this file. */
struct xw {
	struct buf *b;
	int depth;
};

static void indent(struct xw *w)
{
	for (int i = 0; i < w->depth; i++)
		buf_putc(w->b, '\t');
}

static void open_el(struct xw *w, const char *name)
{
	indent(w);
	buf_printf(w->b, "<%s>\n", name);
	w->depth++;
}

static void close_el(struct xw *w, const char *name)
{
	w->depth--;
	indent(w);
	buf_printf(w->b, "</%s>\n", name);
}

void ubl_text(struct buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&apos;"); break;
		case '\r': buf_puts(out, "&#13;"); break;
		default: buf_putc(out, *p);
		}
	}
}

void ubl_amount(struct buf *out, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	buf_printf(out, "%s%llu.%02llu", cents < 0 ? "-" : "",
		   (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

void ubl_quantity(struct buf *out, int64_t quantity)
{
	uint64_t a = quantity < 0 ? (uint64_t)0 - (uint64_t)quantity : (uint64_t)quantity;
	uint64_t frac = a % INVOICE_QTY_SCALE;
	buf_printf(out, "%s%llu", quantity < 0 ? "-" : "",
		   (unsigned long long)(a / INVOICE_QTY_SCALE));
	if (frac == 0)
		return;
	char digits[8];
	int width = 0;
	for (uint64_t s = INVOICE_QTY_SCALE; s > 1; s /= 10)
		width++;
	int len = snprintf(digits, sizeof(digits), "%0*llu", width, (unsigned long long)frac);
	if (len < 0 || (size_t)len >= sizeof(digits)) {
		buf_puts(out, "?"); /* cannot happen with a scale of 10^4 */
		return;
	}
	while (len > 0 && digits[len - 1] == '0')
		digits[--len] = '\0';
	buf_printf(out, ".%s", digits);
}

/* <name>text</name>, nothing when text is NULL. */
static void leaf(struct xw *w, const char *name, const char *text)
{
	if (!text)
		return;
	indent(w);
	buf_printf(w->b, "<%s>", name);
	ubl_text(w->b, text);
	buf_printf(w->b, "</%s>\n", name);
}

/* <name attr="value">text</name> */
static void leaf_attr(struct xw *w, const char *name, const char *attr,
		      const char *value, const char *text)
{
	indent(w);
	buf_printf(w->b, "<%s %s=\"", name, attr);
	ubl_text(w->b, value);
	buf_puts(w->b, "\">");
	ubl_text(w->b, text);
	buf_printf(w->b, "</%s>\n", name);
}

static void money(struct xw *w, const char *name, int64_t cents)
{
	indent(w);
	buf_printf(w->b, "<%s currencyID=\"" INVOICE_CURRENCY "\">", name);
	ubl_amount(w->b, cents);
	buf_printf(w->b, "</%s>\n", name);
}

static void percent(struct xw *w, int rate_bp)
{
	indent(w);
	buf_printf(w->b, "<cbc:Percent>%d.%02d</cbc:Percent>\n", rate_bp / 100, rate_bp % 100);
}

static void vat_scheme(struct xw *w)
{
	open_el(w, "cac:TaxScheme");
	leaf(w, "cbc:ID", "VAT");
	close_el(w, "cac:TaxScheme");
}

/* TaxCategory (breakdown, with the exemption) or ClassifiedTaxCategory
 * (line). "Not subject" carries no rate at all (BR-O-05, BR-O-09). */
static void tax_category(struct xw *w, const char *el, const struct invoice_vat *v,
			 int with_exemption)
{
	open_el(w, el);
	leaf(w, "cbc:ID", invoice_vat_code(v->category));
	if (v->category != VAT_NOT_SUBJECT)
		percent(w, v->category == VAT_STANDARD ? v->rate_bp : 0);
	if (with_exemption && v->category != VAT_STANDARD) {
		leaf(w, "cbc:TaxExemptionReasonCode", v->exemption_code);
		leaf(w, "cbc:TaxExemptionReason", v->exemption_reason);
	}
	vat_scheme(w);
	close_el(w, el);
}

static void address(struct xw *w, const char *street, const char *city,
		    const char *postcode, const char *country)
{
	open_el(w, "cac:PostalAddress");
	leaf(w, "cbc:StreetName", street);
	leaf(w, "cbc:CityName", city);
	leaf(w, "cbc:PostalZone", postcode);
	open_el(w, "cac:Country");
	leaf(w, "cbc:IdentificationCode", country ? country : "NL");
	close_el(w, "cac:Country");
	close_el(w, "cac:PostalAddress");
}

static void legal_entity(struct xw *w, const char *name, enum invoice_id_scheme s,
			 const char *id)
{
	open_el(w, "cac:PartyLegalEntity");
	leaf(w, "cbc:RegistrationName", name);
	leaf_attr(w, "cbc:CompanyID", "schemeID", invoice_scheme_code(s), id);
	close_el(w, "cac:PartyLegalEntity");
}

static void contact(struct xw *w, const char *name, const char *phone, const char *email)
{
	if (!name && !phone && !email)
		return;
	open_el(w, "cac:Contact");
	leaf(w, "cbc:Name", name);
	leaf(w, "cbc:Telephone", phone);
	leaf(w, "cbc:ElectronicMail", email);
	close_el(w, "cac:Contact");
}

static int any_not_subject(const struct invoice *inv)
{
	for (size_t i = 0; i < inv->n_lines; i++) {
		if (inv->lines[i].vat.category == VAT_NOT_SUBJECT)
			return 1;
	}
	return 0;
}

static void seller_party(struct xw *w, const struct invoice *inv)
{
	const struct invoice_seller *s = &inv->seller;
	open_el(w, "cac:AccountingSupplierParty");
	open_el(w, "cac:Party");
	leaf_attr(w, "cbc:EndpointID", "schemeID", invoice_scheme_code(s->id_scheme), s->id);
	open_el(w, "cac:PartyName");
	leaf(w, "cbc:Name", s->name);
	close_el(w, "cac:PartyName");
	address(w, s->address, s->city, s->postcode, s->country);
	if (s->vat_number && !any_not_subject(inv)) { /* BR-O-02 */
		open_el(w, "cac:PartyTaxScheme");
		leaf(w, "cbc:CompanyID", s->vat_number);
		vat_scheme(w);
		close_el(w, "cac:PartyTaxScheme");
	}
	legal_entity(w, s->name, s->id_scheme, s->id);
	contact(w, s->contact_name, s->contact_phone, s->contact_email);
	close_el(w, "cac:Party");
	close_el(w, "cac:AccountingSupplierParty");
}

static void buyer_party(struct xw *w, const struct invoice_buyer *b)
{
	open_el(w, "cac:AccountingCustomerParty");
	open_el(w, "cac:Party");
	leaf_attr(w, "cbc:EndpointID", "schemeID", invoice_scheme_code(b->id_scheme), b->id);
	open_el(w, "cac:PartyName");
	leaf(w, "cbc:Name", b->name);
	close_el(w, "cac:PartyName");
	address(w, b->address, b->city, b->postcode, b->country);
	legal_entity(w, b->name, b->id_scheme, b->id);
	contact(w, b->contact_name, NULL, b->email);
	close_el(w, "cac:Party");
	close_el(w, "cac:AccountingCustomerParty");
}

/* Credit transfer to the seller's IBAN, the invoice number as payment
 * reference (BT-83). A credit note's due date lives here. */
static void payment_means(struct xw *w, const struct invoice *inv)
{
	const struct invoice_seller *s = &inv->seller;
	int sepa = s->means == INVOICE_PAY_SEPA;
	open_el(w, "cac:PaymentMeans");
	leaf(w, "cbc:PaymentMeansCode", sepa ? "58" : "30");
	if (inv->kind == INVOICE_KIND_CREDIT_NOTE)
		leaf(w, "cbc:PaymentDueDate", inv->due_date);
	leaf(w, "cbc:PaymentID", inv->number);
	open_el(w, "cac:PayeeFinancialAccount");
	leaf(w, "cbc:ID", s->iban);
	if (s->bic && !sepa) { /* BR-NL-31: no BIC with SEPA */
		open_el(w, "cac:FinancialInstitutionBranch");
		leaf(w, "cbc:ID", s->bic);
		close_el(w, "cac:FinancialInstitutionBranch");
	}
	close_el(w, "cac:PayeeFinancialAccount");
	close_el(w, "cac:PaymentMeans");
}

static void tax_total(struct xw *w, const struct invoice_totals *t)
{
	open_el(w, "cac:TaxTotal");
	money(w, "cbc:TaxAmount", t->tax_cents);
	for (int i = 0; i < t->n_vat; i++) {
		open_el(w, "cac:TaxSubtotal");
		money(w, "cbc:TaxableAmount", t->vat[i].taxable_cents);
		money(w, "cbc:TaxAmount", t->vat[i].tax_cents);
		tax_category(w, "cac:TaxCategory", &t->vat[i].vat, 1);
		close_el(w, "cac:TaxSubtotal");
	}
	close_el(w, "cac:TaxTotal");
}

static void monetary_total(struct xw *w, const struct invoice_totals *t)
{
	open_el(w, "cac:LegalMonetaryTotal");
	money(w, "cbc:LineExtensionAmount", t->line_net_cents);
	money(w, "cbc:TaxExclusiveAmount", t->tax_exclusive_cents);
	money(w, "cbc:TaxInclusiveAmount", t->tax_inclusive_cents);
	money(w, "cbc:PayableAmount", t->payable_cents);
	close_el(w, "cac:LegalMonetaryTotal");
}

static void line(struct xw *w, const struct invoice *inv, size_t i)
{
	const struct invoice_line *l = &inv->lines[i];
	int cn = inv->kind == INVOICE_KIND_CREDIT_NOTE;
	const char *el = cn ? "cac:CreditNoteLine" : "cac:InvoiceLine";
	const char *qty = cn ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
	open_el(w, el);
	indent(w);
	buf_printf(w->b, "<cbc:ID>%zu</cbc:ID>\n", i + 1);
	leaf(w, "cbc:Note", l->reason);
	indent(w);
	buf_printf(w->b, "<%s unitCode=\"C62\">", qty);
	ubl_quantity(w->b, l->quantity);
	buf_printf(w->b, "</%s>\n", qty);
	money(w, "cbc:LineExtensionAmount", l->net_cents);
	open_el(w, "cac:Item");
	leaf(w, "cbc:Name", l->description);
	tax_category(w, "cac:ClassifiedTaxCategory", &l->vat, 0);
	close_el(w, "cac:Item");
	open_el(w, "cac:Price");
	money(w, "cbc:PriceAmount", l->unit_price_cents);
	close_el(w, "cac:Price");
	close_el(w, el);
}

/* From CustomizationID to the references, in schema order. */
static void header(struct xw *w, const struct invoice *inv)
{
	int cn = inv->kind == INVOICE_KIND_CREDIT_NOTE;
	leaf(w, "cbc:CustomizationID", UBL_CUSTOMIZATION_ID);
	leaf(w, "cbc:ProfileID", UBL_PROFILE_ID);
	leaf(w, "cbc:ID", inv->number);
	leaf(w, "cbc:IssueDate", inv->issue_date);
	if (!cn)
		leaf(w, "cbc:DueDate", inv->due_date);
	indent(w);
	buf_printf(w->b, "<cbc:%sTypeCode>%d</cbc:%sTypeCode>\n", cn ? "CreditNote" : "Invoice",
		   invoice_type_code(inv->kind), cn ? "CreditNote" : "Invoice");
	leaf(w, "cbc:Note", inv->note);
	leaf(w, "cbc:DocumentCurrencyCode", INVOICE_CURRENCY);
	leaf(w, "cbc:BuyerReference", inv->buyer.buyer_reference);
	if (inv->period_start) {
		open_el(w, "cac:InvoicePeriod");
		leaf(w, "cbc:StartDate", inv->period_start);
		leaf(w, "cbc:EndDate", inv->period_end);
		close_el(w, "cac:InvoicePeriod");
	}
	if (inv->buyer.order_reference) {
		open_el(w, "cac:OrderReference");
		leaf(w, "cbc:ID", inv->buyer.order_reference);
		close_el(w, "cac:OrderReference");
	}
	if (inv->corrects) {
		open_el(w, "cac:BillingReference");
		open_el(w, "cac:InvoiceDocumentReference");
		leaf(w, "cbc:ID", inv->corrects);
		close_el(w, "cac:InvoiceDocumentReference");
		close_el(w, "cac:BillingReference");
	}
}

int ubl_write(struct buf *out, const struct invoice *inv, struct invoice_error *ie)
{
	int rc = invoice_validate(inv, ie);
	if (rc)
		return rc;
	const char *root = inv->kind == INVOICE_KIND_CREDIT_NOTE ? "CreditNote" : "Invoice";
	struct xw w = {out, 1};
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(out, "<%s xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:%s-2\"\n"
		   "\txmlns:cac=\"" NS_CAC "\"\n\txmlns:cbc=\"" NS_CBC "\">\n", root, root);
	header(&w, inv);
	seller_party(&w, inv);
	buyer_party(&w, &inv->buyer);
	payment_means(&w, inv);
	if (inv->payment_terms) {
		open_el(&w, "cac:PaymentTerms");
		leaf(&w, "cbc:Note", inv->payment_terms);
		close_el(&w, "cac:PaymentTerms");
	}
	tax_total(&w, &inv->totals);
	monetary_total(&w, &inv->totals);
	for (size_t i = 0; i < inv->n_lines; i++)
		line(&w, inv, i);
	buf_printf(out, "</%s>\n", root);
	return out->failed ? LWP_ENOMEM : 0;
}
