/*
 * Invoice arithmetic, numbering, validation and the builder from charges;
 * see invoice.h for the model and where each rounding happens.
 *
 * Where the EN 16931 and SI-UBL 2.0 rules are ensured:
 *   by construction in totals_of: BR-CO-10, 13, 14, 15, 16 and BR-S/E/O-08
 *     (one breakdown per category and rate, taxable = sum of its lines),
 *     BR-S-09 (tax = taxable x rate, rounded once per breakdown);
 *   by invoice_validate (each failure names its rule in invoice_error):
 *     BR-02/03/06/07/16/25 (required fields), BR-27 (no negative price),
 *     BR-CO-25 (due date when something is due), BR-61 (IBAN), BR-S-02,
 *     BR-E-02 (seller VAT number), BR-S/E/O-05 and -10 (rates, exemption
 *     reasons), BR-O-11 (not subject stands alone), BR-CL-22 (VATEX code),
 *     BR-NL-1/2/3/4/10 (Dutch identifiers, references, addresses), and the
 *     stored amounts equal to a fresh computation;
 *   by the writer (ubl.c): BR-O-02, BR-NL-31, CustomizationID, type codes.
 */
#include "domain/invoice.h"
#include "core/error.h"
#include "core/lang.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "domain/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int invoice_fail(struct invoice_error *ie, const char *field, const char *msg,
			const char *rule, size_t line)
{
	if (ie) {
		ie->field = field;
		ie->msg = msg;
		ie->rule = rule;
		ie->line = line;
	}
	return LWP_EINVAL;
}

/* ---- arithmetic ---------------------------------------------------------- */

int64_t invoice_round_div(int64_t num, int64_t den)
{
	int64_t q = num / den;
	int64_t r = num % den;
	int64_t ar = r < 0 ? -r : r;
	if (ar >= den - ar) /* |r| >= den / 2, without overflow */
		q += num < 0 ? -1 : 1;
	return q;
}

int invoice_line_net(int64_t quantity, int64_t unit_price_cents, int64_t *net)
{
	if (quantity < -INVOICE_QTY_MAX || quantity > INVOICE_QTY_MAX)
		return LWP_EINVAL;
	if (unit_price_cents < 0 || unit_price_cents > INVOICE_PRICE_MAX_CENTS)
		return LWP_EINVAL;
	/* |product| <= 1e9 * 1e9 < INT64_MAX */
	*net = invoice_round_div(quantity * unit_price_cents, INVOICE_QTY_SCALE);
	return 0;
}

int64_t invoice_vat_amount(int64_t taxable_cents, int rate_bp)
{
	/* |taxable| <= INVOICE_TOTAL_MAX_CENTS (1e14), rate <= 10000 */
	return invoice_round_div(taxable_cents * rate_bp, 10000);
}

/* Index of the breakdown for vat in t, adding one if new; -1 when full. One
 * breakdown per category and rate (EN 16931 BG-23). */
static int vat_group(struct invoice_totals *t, const struct invoice_vat *vat)
{
	for (int i = 0; i < t->n_vat; i++) {
		if (t->vat[i].vat.category == vat->category &&
		    t->vat[i].vat.rate_bp == vat->rate_bp)
			return i;
	}
	if (t->n_vat == INVOICE_VAT_MAX)
		return -1;
	t->vat[t->n_vat].vat = *vat;
	return t->n_vat++;
}

/* The totals of inv's lines into t (zeroed by the caller), from quantity
 * and price; the lines' stored nets are not read. */
static int sum_lines(const struct invoice *inv, struct invoice_totals *t,
		     struct invoice_error *ie)
{
	int64_t magnitude = 0;
	for (size_t i = 0; i < inv->n_lines; i++) {
		const struct invoice_line *l = &inv->lines[i];
		int64_t net;
		if (l->quantity < -INVOICE_QTY_MAX || l->quantity > INVOICE_QTY_MAX)
			return invoice_fail(ie, "line.quantity", N_("The quantity is too large."), NULL, i + 1);
		if (invoice_line_net(l->quantity, l->unit_price_cents, &net))
			return invoice_fail(ie, "line.unit_price_cents",
					    N_("The price must be between 0 and 10 million euro."), "BR-27", i + 1);
		magnitude += net < 0 ? -net : net;
		if (magnitude > INVOICE_TOTAL_MAX_CENTS)
			return invoice_fail(ie, "lines", N_("The invoice total is too large."), NULL, i + 1);
		int g = vat_group(t, &l->vat);
		if (g < 0)
			return invoice_fail(ie, "line.vat", N_("Too many different VAT rates."), NULL, i + 1);
		t->vat[g].taxable_cents += net;
		t->line_net_cents += net;
	}
	return 0;
}

static int totals_of(const struct invoice *inv, struct invoice_totals *t,
		     struct invoice_error *ie)
{
	memset(t, 0, sizeof(*t));
	if (inv->n_lines > INVOICE_LINES_MAX)
		return invoice_fail(ie, "lines", N_("Too many invoice lines."), NULL, 0);
	int rc = sum_lines(inv, t, ie);
	if (rc)
		return rc;
	for (int i = 0; i < t->n_vat; i++) {
		struct invoice_vat_total *v = &t->vat[i];
		int rate = v->vat.category == VAT_STANDARD ? v->vat.rate_bp : 0;
		if (rate < 0 || rate > 10000)
			return invoice_fail(ie, "line.vat.rate_bp", N_("The VAT rate must be between 0 and 100%."), NULL, 0);
		v->tax_cents = invoice_vat_amount(v->taxable_cents, rate); /* BR-S-09 */
		t->tax_cents += v->tax_cents;                              /* BR-CO-14 */
	}
	t->tax_exclusive_cents = t->line_net_cents;                        /* BR-CO-13 */
	t->tax_inclusive_cents = t->tax_exclusive_cents + t->tax_cents;    /* BR-CO-15 */
	t->payable_cents = t->tax_inclusive_cents;                         /* BR-CO-16 */
	return 0;
}

int invoice_compute(struct invoice *inv, struct invoice_error *ie)
{
	struct invoice_totals t;
	int rc = totals_of(inv, &t, ie);
	if (rc)
		return rc;
	for (size_t i = 0; i < inv->n_lines; i++) {
		struct invoice_line *l = &inv->lines[i];
		(void)invoice_line_net(l->quantity, l->unit_price_cents, &l->net_cents);
	}
	inv->totals = t;
	return 0;
}

int64_t invoice_signed_cents(const struct invoice *inv)
{
	int64_t p = inv->totals.payable_cents;
	return inv->kind == INVOICE_KIND_CREDIT_NOTE ? -p : p;
}

/* ---- codes ----------------------------------------------------------------- */

const char *invoice_vat_code(enum invoice_vat_category c)
{
	switch (c) {
	case VAT_STANDARD: return "S";
	case VAT_EXEMPT: return "E";
	case VAT_NOT_SUBJECT: return "O";
	}
	return "?";
}

int invoice_vat_parse(const char *code)
{
	if (!code)
		return -1;
	if (strcmp(code, "S") == 0)
		return VAT_STANDARD;
	if (strcmp(code, "E") == 0)
		return VAT_EXEMPT;
	if (strcmp(code, "O") == 0)
		return VAT_NOT_SUBJECT;
	return -1;
}

const char *invoice_scheme_code(enum invoice_id_scheme s)
{
	switch (s) {
	case INVOICE_ID_OIN: return "0190";
	case INVOICE_ID_KVK: return "0106";
	case INVOICE_ID_NONE: break;
	}
	return NULL;
}

int invoice_type_code(enum invoice_kind k)
{
	return k == INVOICE_KIND_CREDIT_NOTE ? 381 : 380;
}

/* ---- life cycle ------------------------------------------------------------ */

const char *invoice_status_code(enum invoice_status s)
{
	switch (s) {
	case INVOICE_DRAFT: return "draft";
	case INVOICE_SENT: return "sent";
	case INVOICE_PAID: return "paid";
	}
	return "?";
}

int invoice_status_parse(const char *code)
{
	for (int s = INVOICE_DRAFT; s <= INVOICE_PAID; s++) {
		if (code && strcmp(code, invoice_status_code((enum invoice_status)s)) == 0)
			return s;
	}
	return -1;
}

int invoice_status_may_become(enum invoice_status from, enum invoice_status to)
{
	return (from == INVOICE_DRAFT && to == INVOICE_SENT) ||
	       (from == INVOICE_SENT && to == INVOICE_PAID);
}

int invoice_status_editable(enum invoice_status s)
{
	return s == INVOICE_DRAFT;
}

int invoice_may_credit(enum invoice_kind kind, enum invoice_status s)
{
	return kind == INVOICE_KIND_INVOICE && (s == INVOICE_SENT || s == INVOICE_PAID);
}

int invoice_date_add_days(const char *date, int days, char *out, size_t n)
{
	int y, m, d;
	if (!date || tz_parse_date(date, &y, &m, &d) != 0 || days < -36600 || days > 36600)
		return LWP_EINVAL;
	tz_civil_from_days(tz_days_from_civil(y, m, d) + days, &y, &m, &d);
	if (y < 1000 || y > 9999)
		return LWP_EINVAL;
	int len = snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	return len < 0 || (size_t)len >= n ? LWP_EINVAL : 0;
}

void invoice_sum_by_kind(const struct invoice *inv, int64_t out[3])
{
	out[0] = out[1] = out[2] = 0;
	for (size_t i = 0; i < inv->n_lines; i++) {
		unsigned k = (unsigned)inv->lines[i].kind;
		if (k < 3)
			out[k] += inv->lines[i].net_cents;
	}
}

/* ---- numbering ------------------------------------------------------------- */

int invoice_number_format(char *out, size_t n, int year, int64_t seq)
{
	if (year < 1000 || year > 9999 || seq < 1 || seq > INVOICE_SEQ_MAX)
		return LWP_EINVAL;
	int len = snprintf(out, n, "%d-%04lld", year, (long long)seq);
	if (len < 0 || (size_t)len >= n)
		return LWP_EINVAL;
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

int invoice_number_parse(const char *s, int *year, int64_t *seq)
{
	if (!s)
		return LWP_EINVAL;
	size_t len = strlen(s);
	if (len < 9 || len > 11 || s[4] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, len - 5) || s[0] == '0')
		return LWP_EINVAL;
	if (len > 9 && s[5] == '0') /* only the canonical spelling */
		return LWP_EINVAL;
	int64_t q = strtoll(s + 5, NULL, 10);
	if (q < 1)
		return LWP_EINVAL;
	*year = (int)strtol(s, NULL, 10);
	*seq = q;
	return 0;
}

/* ---- validation ---------------------------------------------------------- */

/* 1 for one line of valid text, not blank, at most INVOICE_TEXT_MAX bytes. */
static int text_ok(const char *s, enum text_kind kind)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n == 0 || n > INVOICE_TEXT_MAX || text_check(s, n, kind) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 1;
	}
	return 0;
}

static int chars_in(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++) {
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	}
	return 1;
}

#define DIGITS "0123456789"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

int invoice_party_id_valid(enum invoice_id_scheme scheme, const char *id)
{
	if (!id)
		return 0;
	size_t n = strlen(id);
	if (scheme == INVOICE_ID_OIN)
		return n == 20 && chars_in(id, n, DIGITS);
	if (scheme == INVOICE_ID_KVK)
		return n == 8 && chars_in(id, n, DIGITS);
	return 0;
}

int invoice_iban_valid(const char *iban)
{
	if (!iban)
		return 0;
	size_t n = strlen(iban);
	if (n < 15 || n > 34 || !chars_in(iban, 2, UPPER) || !chars_in(iban + 2, 2, DIGITS) ||
	    !chars_in(iban + 4, n - 4, UPPER DIGITS))
		return 0;
	/* ISO 13616: move the first four to the end, letters as 10..35, mod 97 = 1 */
	int rem = 0;
	for (size_t k = 0; k < n; k++) {
		char ch = iban[(k + 4) % n];
		int v = ch >= 'A' ? ch - 'A' + 10 : ch - '0';
		rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
	}
	return rem == 1;
}

static int bic_valid(const char *bic)
{
	size_t n = strlen(bic);
	return (n == 8 || n == 11) && chars_in(bic, 6, UPPER) &&
	       chars_in(bic + 6, n - 6, UPPER DIGITS);
}

int invoice_vat_number_valid(const char *vat)
{
	if (!vat)
		return 0;
	size_t n = strlen(vat);
	if (n < 4 || n > 14 || !chars_in(vat, 2, UPPER) || !chars_in(vat + 2, n - 2, UPPER DIGITS))
		return 0;
	if (strncmp(vat, "NL", 2) == 0) /* NL + 9 digits + B + 2 digits */
		return n == 14 && chars_in(vat + 2, 9, DIGITS) && vat[11] == 'B' &&
		       chars_in(vat + 12, 2, DIGITS);
	return 1;
}

static int country_ok(const char *c)
{
	return !c || (strlen(c) == 2 && chars_in(c, 2, UPPER));
}

static const char *country_of(const char *c)
{
	return c ? c : "NL";
}

/* A Dutch postcode "1234 AB" (the space optional); anything for abroad. */
static int postcode_ok(const char *pc, const char *country)
{
	if (!text_ok(pc, TEXT_LINE))
		return 0;
	if (strcmp(country_of(country), "NL") != 0)
		return 1;
	size_t n = strlen(pc);
	const char *letters = pc + (n == 7 ? 5 : 4);
	if (n != 6 && n != 7)
		return 0;
	if (n == 7 && pc[4] != ' ')
		return 0;
	return pc[0] != '0' && chars_in(pc, 4, DIGITS) &&
	       chars_in(letters, 2, UPPER "abcdefghijklmnopqrstuvwxyz");
}

static int date_ok(const char *s)
{
	int y, m, d;
	return s && tz_parse_date(s, &y, &m, &d) == 0;
}

static int email_ok(const char *s)
{
	return !s || (text_ok(s, TEXT_LINE) && email_valid(s));
}

/* Exemption codes of the VATEX list that mean "exempt" (category E). */
static const char *const exempt_codes[] = {
	"VATEX-EU-79-C", "VATEX-EU-132", "VATEX-EU-132-1A", "VATEX-EU-132-1B",
	"VATEX-EU-132-1C", "VATEX-EU-132-1D", "VATEX-EU-132-1E", "VATEX-EU-132-1F",
	"VATEX-EU-132-1G", "VATEX-EU-132-1H", "VATEX-EU-132-1I", "VATEX-EU-132-1J",
	"VATEX-EU-132-1K", "VATEX-EU-132-1L", "VATEX-EU-132-1M", "VATEX-EU-132-1N",
	"VATEX-EU-132-1O", "VATEX-EU-132-1P", "VATEX-EU-132-1Q", "VATEX-EU-135-1",
	"VATEX-EU-143", "VATEX-EU-148", "VATEX-EU-151", "VATEX-EU-309",
	"VATEX-EU-D", "VATEX-EU-F", "VATEX-EU-I", "VATEX-EU-J",
};

static int exempt_code_ok(const char *code)
{
	for (size_t i = 0; i < sizeof(exempt_codes) / sizeof(exempt_codes[0]); i++) {
		if (strcmp(code, exempt_codes[i]) == 0)
			return 1;
	}
	return 0;
}

static int vat_check(const struct invoice_vat *v, struct invoice_error *ie,
		     const char *f_rate, const char *f_reason, const char *f_code, size_t line)
{
	switch (v->category) {
	case VAT_STANDARD:
		if (v->rate_bp <= 0 || v->rate_bp > 10000)
			return invoice_fail(ie, f_rate, N_("A standard VAT rate is more than 0 and at most 100%."), "BR-S-05", line);
		if (v->exemption_reason || v->exemption_code)
			return invoice_fail(ie, f_reason, N_("Standard-rated VAT has no exemption reason."), "BR-S-10", line);
		return 0;
	case VAT_EXEMPT:
	case VAT_NOT_SUBJECT:
		break;
	default:
		return invoice_fail(ie, f_rate, N_("Choose a VAT category."), "BR-CL-18", line);
	}
	int exempt = v->category == VAT_EXEMPT;
	if (v->rate_bp != 0)
		return invoice_fail(ie, f_rate, N_("Exempt or not subject to VAT means a rate of 0."),
				    exempt ? "BR-E-05" : "BR-O-05", line);
	if (!text_ok(v->exemption_reason, TEXT_LINE))
		return invoice_fail(ie, f_reason, N_("Give the reason why no VAT is charged."),
				    exempt ? "BR-E-10" : "BR-O-10", line);
	if (v->exemption_code && (exempt ? !exempt_code_ok(v->exemption_code)
					 : strcmp(v->exemption_code, VATEX_NOT_SUBJECT) != 0))
		return invoice_fail(ie, f_code, N_("Choose an exemption code of the VATEX list that fits the category."),
				    "BR-CL-22", line);
	return 0;
}

int invoice_vat_validate(const struct invoice_vat *vat, struct invoice_error *ie)
{
	return vat_check(vat, ie, "vat.rate_bp", "vat.exemption_reason", "vat.exemption_code", 0);
}

/* Does any line have VAT category cat? */
static int has_category(const struct invoice *inv, enum invoice_vat_category cat)
{
	for (size_t i = 0; i < inv->n_lines; i++) {
		if (inv->lines[i].vat.category == cat)
			return 1;
	}
	return 0;
}

static int check_header(const struct invoice *inv, struct invoice_error *ie)
{
	if (inv->kind != INVOICE_KIND_INVOICE && inv->kind != INVOICE_KIND_CREDIT_NOTE)
		return invoice_fail(ie, "kind", N_("Choose invoice or credit note."), "BR-NL-7", 0);
	if (!text_ok(inv->number, TEXT_LINE))
		return invoice_fail(ie, "number", N_("The invoice needs a number."), "BR-02", 0);
	if (!date_ok(inv->issue_date))
		return invoice_fail(ie, "issue_date", N_("Enter the date as YYYY-MM-DD."), "BR-03", 0);
	if (inv->due_date && (!date_ok(inv->due_date) || strcmp(inv->due_date, inv->issue_date) < 0))
		return invoice_fail(ie, "due_date", N_("The due date is a date on or after the issue date."), NULL, 0);
	if (!inv->due_date && inv->totals.payable_cents > 0)
		return invoice_fail(ie, "due_date", N_("An amount due needs a due date."), "BR-CO-25", 0);
	if (inv->kind == INVOICE_KIND_CREDIT_NOTE && !inv->corrects)
		return invoice_fail(ie, "corrects", N_("A credit note names the invoice it corrects."), NULL, 0);
	if (inv->corrects && !text_ok(inv->corrects, TEXT_LINE))
		return invoice_fail(ie, "corrects", N_("Enter the number of the corrected invoice."), "BR-55", 0);
	if (!inv->period_start != !inv->period_end || (inv->period_start &&
	    (!date_ok(inv->period_start) || !date_ok(inv->period_end) ||
	     strcmp(inv->period_end, inv->period_start) < 0)))
		return invoice_fail(ie, "period_end", N_("The period is two dates, the end on or after the start."), "BR-29", 0);
	if (inv->payment_terms && !text_ok(inv->payment_terms, TEXT_MULTILINE))
		return invoice_fail(ie, "payment_terms", N_("The payment terms are empty or have characters that cannot be sent."), NULL, 0);
	if (inv->note && !text_ok(inv->note, TEXT_MULTILINE))
		return invoice_fail(ie, "note", N_("The note is empty or has characters that cannot be sent."), NULL, 0);
	return 0;
}

static int check_seller(const struct invoice *inv, struct invoice_error *ie)
{
	const struct invoice_seller *s = &inv->seller;
	if (!text_ok(s->name, TEXT_LINE))
		return invoice_fail(ie, "seller.name", N_("Enter the seller's name."), "BR-06", 0);
	if (!text_ok(s->address, TEXT_LINE))
		return invoice_fail(ie, "seller.address", N_("Enter the seller's street and number."), "BR-NL-3", 0);
	if (!country_ok(s->country))
		return invoice_fail(ie, "seller.country", N_("Enter a two-letter country code."), "BR-09", 0);
	if (!postcode_ok(s->postcode, s->country))
		return invoice_fail(ie, "seller.postcode", N_("Enter a postcode like 1234 AB."), "BR-NL-3", 0);
	if (!text_ok(s->city, TEXT_LINE))
		return invoice_fail(ie, "seller.city", N_("Enter the seller's city."), "BR-NL-3", 0);
	if (!invoice_party_id_valid(s->id_scheme, s->id))
		return invoice_fail(ie, "seller.id", N_("Enter an OIN of 20 digits or a KVK number of 8 digits."), "BR-NL-1", 0);
	int s_lines = has_category(inv, VAT_STANDARD);
	if ((s_lines || has_category(inv, VAT_EXEMPT)) && !s->vat_number)
		return invoice_fail(ie, "seller.vat_number", N_("Charging or exempting VAT needs the seller's VAT number."),
				    s_lines ? "BR-S-02" : "BR-E-02", 0);
	if (s->vat_number && !invoice_vat_number_valid(s->vat_number))
		return invoice_fail(ie, "seller.vat_number", N_("Enter a VAT number like NL123456789B01."), "BR-CO-09", 0);
	if (!invoice_iban_valid(s->iban))
		return invoice_fail(ie, "seller.iban", N_("Enter a valid IBAN in capitals without spaces."), "BR-61", 0);
	if (s->bic && !bic_valid(s->bic))
		return invoice_fail(ie, "seller.bic", N_("Enter a BIC of 8 or 11 characters."), NULL, 0);
	if (s->means != INVOICE_PAY_SEPA && s->means != INVOICE_PAY_TRANSFER)
		return invoice_fail(ie, "seller.means", N_("Choose a payment means."), "BR-NL-12", 0);
	if ((s->contact_name && !text_ok(s->contact_name, TEXT_LINE)) ||
	    (s->contact_phone && !text_ok(s->contact_phone, TEXT_LINE)))
		return invoice_fail(ie, "seller.contact_name", N_("The contact has characters that cannot be sent."), NULL, 0);
	if (!email_ok(s->contact_email))
		return invoice_fail(ie, "seller.contact_email", N_("Enter an e-mail address like name@example.nl."), NULL, 0);
	return 0;
}

static int check_buyer(const struct invoice_buyer *b, struct invoice_error *ie)
{
	if (!text_ok(b->name, TEXT_LINE))
		return invoice_fail(ie, "buyer.name", N_("Enter the organisation's legal name."), "BR-07", 0);
	if (!text_ok(b->address, TEXT_LINE))
		return invoice_fail(ie, "buyer.address", N_("Enter the organisation's street and number."), "BR-NL-4", 0);
	if (!country_ok(b->country))
		return invoice_fail(ie, "buyer.country", N_("Enter a two-letter country code."), "BR-11", 0);
	if (!postcode_ok(b->postcode, b->country))
		return invoice_fail(ie, "buyer.postcode", N_("Enter a postcode like 1234 AB."), "BR-NL-4", 0);
	if (!text_ok(b->city, TEXT_LINE))
		return invoice_fail(ie, "buyer.city", N_("Enter the organisation's city."), "BR-NL-4", 0);
	if (!invoice_party_id_valid(b->id_scheme, b->id))
		return invoice_fail(ie, "buyer.id", N_("Enter an OIN of 20 digits or a KVK number of 8 digits."), "BR-NL-10", 0);
	if (!b->buyer_reference && !b->order_reference)
		return invoice_fail(ie, "buyer.order_reference", N_("Enter the purchase order number or the buyer's reference."), "BR-NL-2", 0);
	if (b->buyer_reference && !text_ok(b->buyer_reference, TEXT_LINE))
		return invoice_fail(ie, "buyer.buyer_reference", N_("The reference is empty or has characters that cannot be sent."), "BR-NL-2", 0);
	if (b->order_reference && !text_ok(b->order_reference, TEXT_LINE))
		return invoice_fail(ie, "buyer.order_reference", N_("The order number is empty or has characters that cannot be sent."), "BR-NL-2", 0);
	if (b->contact_name && !text_ok(b->contact_name, TEXT_LINE))
		return invoice_fail(ie, "buyer.contact_name", N_("The contact has characters that cannot be sent."), NULL, 0);
	if (!email_ok(b->email))
		return invoice_fail(ie, "buyer.email", N_("Enter an e-mail address like name@example.nl."), NULL, 0);
	return 0;
}

static int check_line(const struct invoice_line *l, size_t n, struct invoice_error *ie)
{
	if (l->kind != INVOICE_LINE_FEE && l->kind != INVOICE_LINE_NIGHTS && l->kind != INVOICE_LINE_MANUAL)
		return invoice_fail(ie, "line.kind", N_("Unknown kind of line."), NULL, n);
	if (!text_ok(l->description, TEXT_LINE))
		return invoice_fail(ie, "line.description", N_("Describe what the line charges."), "BR-25", n);
	if (l->quantity < -INVOICE_QTY_MAX || l->quantity > INVOICE_QTY_MAX)
		return invoice_fail(ie, "line.quantity", N_("The quantity is too large."), NULL, n);
	if (l->unit_price_cents < 0 || l->unit_price_cents > INVOICE_PRICE_MAX_CENTS)
		return invoice_fail(ie, "line.unit_price_cents", N_("The price must be between 0 and 10 million euro."), "BR-27", n);
	if (l->kind == INVOICE_LINE_MANUAL && !text_ok(l->reason, TEXT_LINE))
		return invoice_fail(ie, "line.reason", N_("Give the reason for a manual line."), NULL, n);
	if (l->kind != INVOICE_LINE_MANUAL && l->reason && !text_ok(l->reason, TEXT_LINE))
		return invoice_fail(ie, "line.reason", N_("The reason has characters that cannot be sent."), NULL, n);
	return vat_check(&l->vat, ie, "line.vat.rate_bp", "line.vat.exemption_reason",
			 "line.vat.exemption_code", n);
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Lines of one VAT breakdown share its exemption reason; "not subject"
 * excludes every other category (BR-O-11 .. BR-O-14). */
static int check_vat_mix(const struct invoice *inv, struct invoice_error *ie)
{
	int o = has_category(inv, VAT_NOT_SUBJECT);
	for (size_t i = 0; i < inv->n_lines; i++) {
		const struct invoice_vat *v = &inv->lines[i].vat;
		if (o && v->category != VAT_NOT_SUBJECT)
			return invoice_fail(ie, "line.vat.category", N_("Lines not subject to VAT cannot be mixed with others."), "BR-O-11", i + 1);
		for (size_t j = 0; j < i; j++) {
			const struct invoice_vat *w = &inv->lines[j].vat;
			if (w->category == v->category && w->rate_bp == v->rate_bp &&
			    (!same_text(w->exemption_reason, v->exemption_reason) ||
			     !same_text(w->exemption_code, v->exemption_code)))
				return invoice_fail(ie, "line.vat.exemption_reason", N_("Lines of one VAT category have one exemption reason."), "BR-E-10", i + 1);
		}
	}
	return 0;
}

static int totals_equal(const struct invoice_totals *a, const struct invoice_totals *b)
{
	if (a->line_net_cents != b->line_net_cents || a->tax_exclusive_cents != b->tax_exclusive_cents ||
	    a->tax_cents != b->tax_cents || a->tax_inclusive_cents != b->tax_inclusive_cents ||
	    a->payable_cents != b->payable_cents || a->n_vat != b->n_vat)
		return 0;
	for (int i = 0; i < a->n_vat; i++) {
		if (a->vat[i].vat.category != b->vat[i].vat.category ||
		    a->vat[i].vat.rate_bp != b->vat[i].vat.rate_bp ||
		    a->vat[i].taxable_cents != b->vat[i].taxable_cents ||
		    a->vat[i].tax_cents != b->vat[i].tax_cents)
			return 0;
	}
	return 1;
}

/* The stored line nets and totals equal a fresh computation. */
static int check_amounts(const struct invoice *inv, struct invoice_error *ie)
{
	for (size_t i = 0; i < inv->n_lines; i++) {
		int64_t net;
		const struct invoice_line *l = &inv->lines[i];
		if (invoice_line_net(l->quantity, l->unit_price_cents, &net) || net != l->net_cents)
			return invoice_fail(ie, "line.net_cents", N_("The line amount is not quantity times price."), NULL, i + 1);
	}
	struct invoice_totals fresh;
	int rc = totals_of(inv, &fresh, ie);
	if (rc)
		return rc;
	if (!totals_equal(&fresh, &inv->totals))
		return invoice_fail(ie, "totals", N_("The totals do not add up to the lines."), "BR-CO-10", 0);
	return 0;
}

int invoice_validate(const struct invoice *inv, struct invoice_error *ie)
{
	int rc = check_header(inv, ie);
	if (rc)
		return rc;
	if ((rc = check_seller(inv, ie)) || (rc = check_buyer(&inv->buyer, ie)))
		return rc;
	if (inv->n_lines == 0)
		return invoice_fail(ie, "lines", N_("An invoice has at least one line."), "BR-16", 0);
	if (inv->n_lines > INVOICE_LINES_MAX)
		return invoice_fail(ie, "lines", N_("Too many invoice lines."), NULL, 0);
	for (size_t i = 0; i < inv->n_lines; i++) {
		if ((rc = check_line(&inv->lines[i], i + 1, ie)))
			return rc;
	}
	if ((rc = check_vat_mix(inv, ie)))
		return rc;
	return check_amounts(inv, ie);
}

/* ---- building from charges -------------------------------------------------- */

static const struct invoice_participant *
find_participant(const struct invoice_charges *c, int64_t id)
{
	for (size_t i = 0; i < c->n_participants; i++) {
		if (c->participants[i].id == id)
			return &c->participants[i];
	}
	return NULL;
}

static struct invoice_line *add_line(struct invoice *inv, const struct invoice_charges *c,
				     enum invoice_line_kind kind, int64_t participant_id)
{
	struct invoice_line *l = &inv->lines[inv->n_lines++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->participant_id = participant_id;
	l->vat = c->vat;
	return l;
}

/* "label - name", or label alone for a line about no one. */
static const char *describe(struct arena *a, const char *label, const char *name)
{
	if (!name)
		return arena_strdup(a, label ? label : "");
	return arena_printf(a, "%s - %s", label ? label : "", name);
}

static int add_manual(struct arena *a, const struct invoice_charges *c,
		      const struct invoice_manual *m, const char *name,
		      struct invoice *inv)
{
	struct invoice_line *l = add_line(inv, c, INVOICE_LINE_MANUAL, m->participant_id);
	l->description = describe(a, m->description, name);
	l->quantity = m->quantity;
	l->unit_price_cents = m->unit_price_cents;
	l->reason = m->reason;
	return l->description ? 0 : LWP_ENOMEM;
}

static int add_participant(struct arena *a, const struct invoice_charges *c,
			   const struct invoice_participant *p, struct invoice *inv)
{
	struct invoice_line *l = add_line(inv, c, INVOICE_LINE_FEE, p->id);
	l->description = describe(a, c->fee_label, p->name);
	l->quantity = INVOICE_QTY_SCALE;
	l->unit_price_cents = c->fee_cents;
	if (!l->description)
		return LWP_ENOMEM;
	for (size_t i = 0; i < c->n_stays; i++) {
		const struct invoice_stay *s = &c->stays[i];
		if (s->participant_id != p->id || s->nights == 0)
			continue;
		l = add_line(inv, c, INVOICE_LINE_NIGHTS, p->id);
		const char *label = arena_printf(a, "%s %s", c->nights_label ? c->nights_label : "",
						 s->meeting ? s->meeting : "");
		l->description = label ? describe(a, label, p->name) : NULL;
		l->quantity = (int64_t)s->nights * INVOICE_QTY_SCALE;
		l->unit_price_cents = s->price_per_night_cents;
		if (!l->description)
			return LWP_ENOMEM;
	}
	for (size_t i = 0; i < c->n_manual; i++) {
		if (c->manual[i].participant_id == p->id &&
		    add_manual(a, c, &c->manual[i], p->name, inv))
			return LWP_ENOMEM;
	}
	return 0;
}

static int add_all(struct arena *a, const struct invoice_charges *c,
		   int64_t org, struct invoice *inv)
{
	for (size_t i = 0; i < c->n_participants; i++) {
		if (c->participants[i].organisation_id == org &&
		    add_participant(a, c, &c->participants[i], inv))
			return LWP_ENOMEM;
	}
	for (size_t i = 0; i < c->n_manual; i++) {
		if (c->manual[i].participant_id == 0 && c->manual[i].organisation_id == org &&
		    add_manual(a, c, &c->manual[i], NULL, inv))
			return LWP_ENOMEM;
	}
	return 0;
}

int invoice_build(struct arena *a, const struct invoice_charges *c,
		  int64_t organisation_id, struct invoice *inv,
		  struct invoice_error *ie)
{
	size_t people = 0, cap = c->n_manual + c->n_stays;
	for (size_t i = 0; i < c->n_participants; i++)
		people += c->participants[i].organisation_id == organisation_id;
	if (people == 0 || organisation_id == 0)
		return LWP_ENOTFOUND;
	for (size_t i = 0; i < c->n_manual; i++) {
		int64_t p = c->manual[i].participant_id;
		if (p != 0 && !find_participant(c, p))
			return invoice_fail(ie, "manual.participant_id",
					    N_("The participant of a manual line is unknown."), NULL, 0);
	}
	cap += people;
	if (cap > INVOICE_LINES_MAX)
		return invoice_fail(ie, "lines", N_("Too many invoice lines."), NULL, 0);
	inv->lines = arena_calloc(a, cap, sizeof(*inv->lines));
	if (!inv->lines)
		return LWP_ENOMEM;
	inv->n_lines = 0;
	inv->kind = INVOICE_KIND_INVOICE;
	inv->organisation_id = organisation_id;
	if (add_all(a, c, organisation_id, inv))
		return LWP_ENOMEM;
	return invoice_compute(inv, ie);
}

size_t invoice_charges_organisations(const struct invoice_charges *c,
				     int64_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_participants; i++) {
		int64_t org = c->participants[i].organisation_id;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = c->participants[j].organisation_id == org;
		if (seen || org == 0)
			continue;
		if (n < max)
			out[n] = org;
		n++;
	}
	return n;
}

int invoice_credit(struct arena *a, const struct invoice *orig,
		   int64_t participant_id, struct invoice *cn,
		   struct invoice_error *ie)
{
	if (orig->kind != INVOICE_KIND_INVOICE)
		return invoice_fail(ie, "corrects", N_("Only an invoice can be credited."), NULL, 0);
	memset(cn, 0, sizeof(*cn));
	cn->kind = INVOICE_KIND_CREDIT_NOTE;
	cn->corrects = orig->number;
	cn->organisation_id = orig->organisation_id;
	cn->seller = orig->seller;
	cn->buyer = orig->buyer;
	cn->period_start = orig->period_start;
	cn->period_end = orig->period_end;
	cn->lines = arena_calloc(a, orig->n_lines ? orig->n_lines : 1, sizeof(*cn->lines));
	if (!cn->lines)
		return LWP_ENOMEM;
	for (size_t i = 0; i < orig->n_lines; i++) {
		if (participant_id == 0 || orig->lines[i].participant_id == participant_id)
			cn->lines[cn->n_lines++] = orig->lines[i];
	}
	if (cn->n_lines == 0)
		return LWP_ENOTFOUND;
	return invoice_compute(cn, ie);
}
