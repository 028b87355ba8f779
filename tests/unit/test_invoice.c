/*
 * Unit tests of src/domain/invoice.h and ubl.h: rounding and the EN 16931
 * totals (BR-CO-10..16), the numbering, the VAT categories, validation
 * errors, the builder and credit notes, XML escaping, and a set of invoices
 * and credit notes written to files and run through the receiver's
 * validator (../shared/validation/ubl/validate, passed in as UBL_VALIDATOR
 * or LWP_UBL_VALIDATOR), which must accept every one of them silently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "domain/invoice.h"
#include "domain/ubl.h"

#define Q(units) ((int64_t)(units) * INVOICE_QTY_SCALE)

static const struct invoice_vat VAT21 = {VAT_STANDARD, 2100, NULL, NULL};
static const struct invoice_vat VAT9 = {VAT_STANDARD, 900, NULL, NULL};
static const struct invoice_vat VAT_EDU = {VAT_EXEMPT, 0, "Vrijgesteld: beroepsopleiding (art. 11 lid 1 onder o Wet OB)",
					   VATEX_EDUCATION};
static const struct invoice_vat VAT_NONE = {VAT_NOT_SUBJECT, 0, "Niet onderworpen aan btw: interne overheidsverrekening",
					    VATEX_NOT_SUBJECT};

static struct invoice_seller seller_oin(void)
{
	struct invoice_seller s = {0};
	s.name = "Rijksacademie voor Digitalisering & Informatisering <RADIO>";
	s.address = "Wilhelmina van Pruisenweg 52";
	s.postcode = "2595 AN";
	s.city = "Den Haag";
	s.id_scheme = INVOICE_ID_OIN;
	s.id = "00000001003214345000";
	s.vat_number = "NL003214345B01";
	s.iban = "NL91ABNA0417164300";
	s.contact_name = "Ingrid Ó Dálaigh";
	s.contact_phone = "+31 70 123 4567";
	s.contact_email = "facturen@leerwerkplaats.example.nl";
	return s;
}

static struct invoice_buyer buyer_oin(void)
{
	struct invoice_buyer b = {0};
	b.name = "Gemeente 's-Hertogenbosch";
	b.address = "Wolvenhoek 1";
	b.postcode = "5211HH";
	b.city = "'s-Hertogenbosch";
	b.id_scheme = INVOICE_ID_OIN;
	b.id = "00000001001234567000";
	b.order_reference = "PO-2018/4711 \"Leerwerkplaats\" & co";
	b.contact_name = "Frédérique Çelik";
	b.email = "crediteuren@s-hertogenbosch.example.nl";
	return b;
}

/* A valid one-line invoice with 21% VAT, its totals computed. */
static struct invoice sample(struct invoice_line *lines, size_t n)
{
	struct invoice inv = {0};
	inv.number = "2018-0001";
	inv.issue_date = "2018-03-01";
	inv.due_date = "2018-03-31";
	inv.seller = seller_oin();
	inv.buyer = buyer_oin();
	inv.lines = lines;
	inv.n_lines = n;
	assert_int_equal(invoice_compute(&inv, NULL), 0);
	return inv;
}

static struct invoice_line line_of(int64_t qty, int64_t price, struct invoice_vat vat)
{
	struct invoice_line l = {0};
	l.kind = INVOICE_LINE_FEE;
	l.description = "Begeleiding";
	l.quantity = qty;
	l.unit_price_cents = price;
	l.vat = vat;
	return l;
}

/* The totals obey BR-CO-10, 13, 14, 15, 16 and BR-S/E/O-08. */
static void assert_totals_add_up(const struct invoice *inv)
{
	const struct invoice_totals *t = &inv->totals;
	int64_t lines = 0, taxable = 0, tax = 0;
	for (size_t i = 0; i < inv->n_lines; i++)
		lines += inv->lines[i].net_cents;
	for (int i = 0; i < t->n_vat; i++) {
		taxable += t->vat[i].taxable_cents;
		tax += t->vat[i].tax_cents;
		int rate = t->vat[i].vat.category == VAT_STANDARD ? t->vat[i].vat.rate_bp : 0;
		assert_int_equal(t->vat[i].tax_cents, invoice_vat_amount(t->vat[i].taxable_cents, rate));
	}
	assert_int_equal(t->line_net_cents, lines);
	assert_int_equal(taxable, lines);
	assert_int_equal(t->tax_exclusive_cents, t->line_net_cents);
	assert_int_equal(t->tax_cents, tax);
	assert_int_equal(t->tax_inclusive_cents, t->tax_exclusive_cents + t->tax_cents);
	assert_int_equal(t->payable_cents, t->tax_inclusive_cents);
}

/* ---- rounding and totals -------------------------------------------------- */

static void test_round_half_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(invoice_round_div(5, 10), 1);
	assert_int_equal(invoice_round_div(4, 10), 0);
	assert_int_equal(invoice_round_div(-5, 10), -1);
	assert_int_equal(invoice_round_div(-4, 10), 0);
	assert_int_equal(invoice_round_div(15, 10), 2);
	assert_int_equal(invoice_round_div(-15, 10), -2);
	assert_int_equal(invoice_round_div(14999, 10000), 1);
	assert_int_equal(invoice_round_div(-15000, 10000), -2);
	assert_int_equal(invoice_round_div(0, 7), 0);
	assert_int_equal(invoice_round_div(20, 3), 7);
	assert_int_equal(invoice_round_div(-20, 3), -7);
}

static void test_line_net_thirds(void **state)
{
	(void)state;
	int64_t net = -1;
	/* a third of a night at EUR 10.01: 333.6333 cents -> 334 */
	assert_int_equal(invoice_line_net(3333, 1001, &net), 0);
	assert_int_equal(net, 334);
	/* two thirds: 667.3667 -> 667; the two lines do not sum to 1001 */
	assert_int_equal(invoice_line_net(6667, 1001, &net), 0);
	assert_int_equal(net, 667);
	/* half a cent rounds away from zero, also for a negative quantity */
	assert_int_equal(invoice_line_net(5000, 1, &net), 0);
	assert_int_equal(net, 1);
	assert_int_equal(invoice_line_net(-5000, 1, &net), 0);
	assert_int_equal(net, -1);
	assert_int_equal(invoice_line_net(0, 150000, &net), 0);
	assert_int_equal(net, 0);
	assert_int_equal(invoice_line_net(Q(3), 150000, &net), 0);
	assert_int_equal(net, 450000);
	/* limits: negative price (BR-27) and overflow-sized input */
	assert_int_equal(invoice_line_net(Q(1), -1, &net), LWP_EINVAL);
	assert_int_equal(invoice_line_net(INVOICE_QTY_MAX + 1, 1, &net), LWP_EINVAL);
	assert_int_equal(invoice_line_net(INVOICE_QTY_MAX, INVOICE_PRICE_MAX_CENTS, &net), 0);
	assert_int_equal(net, 100000LL * INVOICE_PRICE_MAX_CENTS);
}

static void test_vat_rounded_per_category_not_per_line(void **state)
{
	(void)state;
	static struct invoice_line lines[1000];
	for (size_t i = 0; i < 1000; i++)
		lines[i] = line_of(3333, 1001, VAT21); /* 334 cents each, VAT 70.14 cents */
	struct invoice inv = sample(lines, 1000);
	assert_int_equal(inv.totals.line_net_cents, 334000);
	assert_int_equal(inv.totals.n_vat, 1);
	/* 21% of EUR 3340.00 = 701.40; rounding per line would give 700.00 */
	assert_int_equal(inv.totals.tax_cents, 70140);
	assert_int_equal(inv.totals.payable_cents, 404140);
	assert_totals_add_up(&inv);
	assert_int_equal(invoice_validate(&inv, NULL), 0);
}

static void test_vat_amount_halves(void **state)
{
	(void)state;
	assert_int_equal(invoice_vat_amount(50, 2100), 11);   /* 10.5 */
	assert_int_equal(invoice_vat_amount(-50, 2100), -11);
	assert_int_equal(invoice_vat_amount(47, 2100), 10);   /* 9.87 */
	assert_int_equal(invoice_vat_amount(150000, 900), 13500);
	assert_int_equal(invoice_vat_amount(1, 900), 0);      /* 0.09 */
	assert_int_equal(invoice_vat_amount(6, 900), 1);      /* 0.54 */
	assert_int_equal(invoice_vat_amount(INVOICE_TOTAL_MAX_CENTS, 10000), INVOICE_TOTAL_MAX_CENTS);
}

static void test_zero_and_negative_lines(void **state)
{
	(void)state;
	struct invoice_line lines[] = {
		line_of(Q(1), 150000, VAT21),
		line_of(0, 9950, VAT21),           /* a night not charged */
		line_of(Q(-2), 9950, VAT21),       /* two nights given back */
		line_of(-3333, 1001, VAT21),       /* a negative third: -334 */
	};
	struct invoice inv = sample(lines, 4);
	assert_int_equal(lines[1].net_cents, 0);
	assert_int_equal(lines[2].net_cents, -19900);
	assert_int_equal(lines[3].net_cents, -334);
	assert_int_equal(inv.totals.line_net_cents, 150000 - 19900 - 334);
	assert_int_equal(inv.totals.tax_cents, invoice_vat_amount(129766, 2100));
	assert_int_equal(inv.totals.tax_cents, 27251); /* 27250.86 */
	assert_totals_add_up(&inv);
	assert_int_equal(invoice_validate(&inv, NULL), 0);

	/* all negative: a negative total, rounding mirrored */
	struct invoice_line neg[] = {line_of(-5000, 100, VAT21)}; /* -50 cents */
	struct invoice n = sample(neg, 1);
	assert_int_equal(n.totals.line_net_cents, -50);
	assert_int_equal(n.totals.tax_cents, -11);
	assert_int_equal(n.totals.payable_cents, -61);
	assert_int_equal(invoice_signed_cents(&n), -61);
	n.kind = INVOICE_KIND_CREDIT_NOTE;
	assert_int_equal(invoice_signed_cents(&n), 61);
}

static void test_several_vat_categories(void **state)
{
	(void)state;
	struct invoice_line lines[] = {
		line_of(Q(1), 150000, VAT_EDU),
		line_of(Q(2), 9950, VAT9),
		line_of(3333, 999, VAT21),
		line_of(Q(1), 12345, VAT9),
		line_of(Q(1), 5000, VAT_EDU),
	};
	struct invoice inv = sample(lines, 5);
	const struct invoice_totals *t = &inv.totals;
	assert_int_equal(t->n_vat, 3);
	/* in order of first appearance */
	assert_int_equal(t->vat[0].vat.category, VAT_EXEMPT);
	assert_int_equal(t->vat[0].taxable_cents, 155000);
	assert_int_equal(t->vat[0].tax_cents, 0);
	assert_int_equal(t->vat[1].vat.rate_bp, 900);
	assert_int_equal(t->vat[1].taxable_cents, 19900 + 12345);
	assert_int_equal(t->vat[1].tax_cents, 2902); /* 2902.05 */
	assert_int_equal(t->vat[2].vat.rate_bp, 2100);
	assert_int_equal(t->vat[2].taxable_cents, 333); /* 332.9667 */
	assert_int_equal(t->vat[2].tax_cents, 70);      /* 69.93 */
	assert_int_equal(t->tax_cents, 2972);
	assert_totals_add_up(&inv);
	assert_int_equal(invoice_validate(&inv, NULL), 0);
}

static void test_compute_limits(void **state)
{
	(void)state;
	struct invoice_error ie = {0};
	struct invoice_line lines[INVOICE_VAT_MAX + 1];
	for (int i = 0; i <= INVOICE_VAT_MAX; i++)
		lines[i] = line_of(Q(1), 100, (struct invoice_vat){VAT_STANDARD, 100 + i, NULL, NULL});
	struct invoice inv = {0};
	inv.lines = lines;
	inv.n_lines = INVOICE_VAT_MAX;
	assert_int_equal(invoice_compute(&inv, &ie), 0);
	inv.n_lines = INVOICE_VAT_MAX + 1;
	assert_int_equal(invoice_compute(&inv, &ie), LWP_EINVAL);
	assert_string_equal(ie.field, "line.vat");
	assert_int_equal(ie.line, INVOICE_VAT_MAX + 1);

	/* the sum of magnitudes is capped, so no total can overflow */
	struct invoice_line big[12]; /* EUR 100 billion each, signs alternating */
	for (int i = 0; i < 12; i++)
		big[i] = line_of(i % 2 ? -Q(10000) : Q(10000), INVOICE_PRICE_MAX_CENTS, VAT21);
	inv.lines = big;
	inv.n_lines = 10;
	assert_int_equal(invoice_compute(&inv, &ie), 0);
	assert_int_equal(inv.totals.line_net_cents, 0);
	inv.n_lines = 11;
	assert_int_equal(invoice_compute(&inv, &ie), LWP_EINVAL);
	assert_string_equal(ie.field, "lines");
}

/* ---- numbering ---------------------------------------------------------------- */

static void test_number_format_parse(void **state)
{
	(void)state;
	char s[INVOICE_NUMBER_SIZE];
	int year;
	int64_t seq;
	assert_int_equal(invoice_number_format(s, sizeof(s), 2018, 1), 0);
	assert_string_equal(s, "2018-0001");
	assert_int_equal(invoice_number_format(s, sizeof(s), 2018, 9999), 0);
	assert_string_equal(s, "2018-9999");
	assert_int_equal(invoice_number_format(s, sizeof(s), 2019, 10000), 0);
	assert_string_equal(s, "2019-10000");
	assert_int_equal(invoice_number_format(s, sizeof(s), 2026, INVOICE_SEQ_MAX), 0);
	assert_string_equal(s, "2026-999999");
	assert_int_equal(invoice_number_parse(s, &year, &seq), 0);
	assert_int_equal(year, 2026);
	assert_int_equal(seq, INVOICE_SEQ_MAX);
	for (int64_t q = 1; q <= 20000; q += 37) { /* round trip */
		assert_int_equal(invoice_number_format(s, sizeof(s), 2018, q), 0);
		assert_int_equal(invoice_number_parse(s, &year, &seq), 0);
		assert_int_equal(year, 2018);
		assert_int_equal(seq, q);
	}
	assert_int_equal(invoice_number_format(s, sizeof(s), 2018, 0), LWP_EINVAL);
	assert_int_equal(invoice_number_format(s, sizeof(s), 2018, INVOICE_SEQ_MAX + 1), LWP_EINVAL);
	assert_int_equal(invoice_number_format(s, sizeof(s), 999, 1), LWP_EINVAL);
	assert_int_equal(invoice_number_format(s, sizeof(s), 10000, 1), LWP_EINVAL);
	assert_int_equal(invoice_number_format(s, 9, 2018, 1), LWP_EINVAL); /* no room for NUL */
	assert_int_equal(invoice_number_format(s, 10, 2018, 1), 0);
}

static void test_number_parse_rejects(void **state)
{
	(void)state;
	const char *bad[] = {
		"", "2018", "2018-", "2018-001", "2018-00001", "2018-0000", "18-0001",
		"2018_0001", "2018-0001 ", " 2018-0001", "2018-0001x", "0999-0001",
		"2018-1000000", "2018--001", "2018-+001", "abcd-0001", "2018-00a1",
	};
	int year = 0;
	int64_t seq = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (invoice_number_parse(bad[i], &year, &seq) != LWP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(invoice_number_parse(NULL, &year, &seq), LWP_EINVAL);
	assert_int_equal(invoice_number_parse("2018-0042", &year, &seq), 0);
	assert_int_equal(seq, 42);
}

/* ---- VAT categories ------------------------------------------------------------- */

static void expect_vat(struct invoice_vat v, const char *field, const char *rule)
{
	struct invoice_error ie = {0};
	int rc = invoice_vat_validate(&v, &ie);
	if (!field) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, LWP_EINVAL);
	assert_string_equal(ie.field, field);
	assert_string_equal(ie.rule, rule);
}

static void test_vat_categories(void **state)
{
	(void)state;
	expect_vat(VAT21, NULL, NULL);
	expect_vat(VAT9, NULL, NULL);
	expect_vat(VAT_EDU, NULL, NULL);
	expect_vat(VAT_NONE, NULL, NULL);
	expect_vat((struct invoice_vat){VAT_EXEMPT, 0, "Vrijgesteld", NULL}, NULL, NULL);
	expect_vat((struct invoice_vat){VAT_NOT_SUBJECT, 0, "Not subject to VAT", NULL}, NULL, NULL);
	expect_vat((struct invoice_vat){VAT_STANDARD, 0, NULL, NULL}, "vat.rate_bp", "BR-S-05");
	expect_vat((struct invoice_vat){VAT_STANDARD, 10001, NULL, NULL}, "vat.rate_bp", "BR-S-05");
	expect_vat((struct invoice_vat){VAT_STANDARD, 2100, "Vrijgesteld", NULL}, "vat.exemption_reason", "BR-S-10");
	expect_vat((struct invoice_vat){VAT_EXEMPT, 2100, "Vrijgesteld", NULL}, "vat.rate_bp", "BR-E-05");
	expect_vat((struct invoice_vat){VAT_EXEMPT, 0, NULL, VATEX_EDUCATION}, "vat.exemption_reason", "BR-E-10");
	expect_vat((struct invoice_vat){VAT_EXEMPT, 0, "  ", NULL}, "vat.exemption_reason", "BR-E-10");
	expect_vat((struct invoice_vat){VAT_EXEMPT, 0, "Vrijgesteld", VATEX_NOT_SUBJECT}, "vat.exemption_code", "BR-CL-22");
	expect_vat((struct invoice_vat){VAT_EXEMPT, 0, "Vrijgesteld", "VATEX-EU-999"}, "vat.exemption_code", "BR-CL-22");
	expect_vat((struct invoice_vat){VAT_NOT_SUBJECT, 900, "Niet onderworpen", NULL}, "vat.rate_bp", "BR-O-05");
	expect_vat((struct invoice_vat){VAT_NOT_SUBJECT, 0, NULL, VATEX_NOT_SUBJECT}, "vat.exemption_reason", "BR-O-10");
	expect_vat((struct invoice_vat){VAT_NOT_SUBJECT, 0, "Niet onderworpen", VATEX_EDUCATION}, "vat.exemption_code", "BR-CL-22");
	expect_vat((struct invoice_vat){(enum invoice_vat_category)7, 0, NULL, NULL}, "vat.rate_bp", "BR-CL-18");
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(invoice_vat_code(VAT_STANDARD), "S");
	assert_string_equal(invoice_vat_code(VAT_EXEMPT), "E");
	assert_string_equal(invoice_vat_code(VAT_NOT_SUBJECT), "O");
	for (int c = VAT_STANDARD; c <= VAT_NOT_SUBJECT; c++)
		assert_int_equal(invoice_vat_parse(invoice_vat_code((enum invoice_vat_category)c)), c);
	assert_int_equal(invoice_vat_parse("Z"), -1);
	assert_int_equal(invoice_vat_parse(NULL), -1);
	assert_string_equal(invoice_scheme_code(INVOICE_ID_OIN), "0190");
	assert_string_equal(invoice_scheme_code(INVOICE_ID_KVK), "0106");
	assert_null(invoice_scheme_code(INVOICE_ID_NONE));
	assert_int_equal(invoice_type_code(INVOICE_KIND_INVOICE), 380);
	assert_int_equal(invoice_type_code(INVOICE_KIND_CREDIT_NOTE), 381);
}

static void test_identifiers(void **state)
{
	(void)state;
	assert_true(invoice_iban_valid("NL91ABNA0417164300"));
	assert_true(invoice_iban_valid("DE89370400440532013000"));
	assert_false(invoice_iban_valid("NL91ABNA0417164301"));
	assert_false(invoice_iban_valid("NL91 ABNA 0417 1643 00"));
	assert_false(invoice_iban_valid("nl91abna0417164300"));
	assert_false(invoice_iban_valid("NL91"));
	assert_false(invoice_iban_valid(NULL));
	assert_true(invoice_party_id_valid(INVOICE_ID_OIN, "00000001003214345000"));
	assert_false(invoice_party_id_valid(INVOICE_ID_OIN, "0000000100321434500"));
	assert_false(invoice_party_id_valid(INVOICE_ID_OIN, "12345678"));
	assert_true(invoice_party_id_valid(INVOICE_ID_KVK, "12345678"));
	assert_false(invoice_party_id_valid(INVOICE_ID_KVK, "1234567a"));
	assert_false(invoice_party_id_valid(INVOICE_ID_NONE, "12345678"));
	assert_true(invoice_vat_number_valid("NL003214345B01"));
	assert_false(invoice_vat_number_valid("NL003214345"));
	assert_false(invoice_vat_number_valid("003214345B01"));
	assert_true(invoice_vat_number_valid("BE0123456789"));
}

/* ---- validation ------------------------------------------------------------------ */

struct mutation {
	const char *name;
	void (*apply)(struct invoice *inv);
	const char *field;
	const char *rule; /* NULL: no rule expected */
	size_t line;
};

static void m_no_refs(struct invoice *inv) { inv->buyer.order_reference = NULL; }
static void m_blank_ref(struct invoice *inv) { inv->buyer.buyer_reference = " "; }
static void m_bad_iban(struct invoice *inv) { inv->seller.iban = "NL91ABNA0417164399"; }
static void m_short_kvk(struct invoice *inv) { inv->seller.id_scheme = INVOICE_ID_KVK; inv->seller.id = "1234567"; }
static void m_no_scheme(struct invoice *inv) { inv->buyer.id_scheme = INVOICE_ID_NONE; }
static void m_postcode(struct invoice *inv) { inv->buyer.postcode = "0211 HH"; }
static void m_no_city(struct invoice *inv) { inv->seller.city = NULL; }
static void m_no_vat_number(struct invoice *inv) { inv->seller.vat_number = NULL; }
static void m_control(struct invoice *inv) { inv->seller.name = "Rijks\x01" "academie"; }
static void m_bad_utf8(struct invoice *inv) { inv->buyer.name = "Gemeente \xff"; }
static void m_due_before(struct invoice *inv) { inv->due_date = "2018-02-28"; }
static void m_no_due(struct invoice *inv) { inv->due_date = NULL; }
static void m_bad_date(struct invoice *inv) { inv->issue_date = "2018-02-30"; }
static void m_no_number(struct invoice *inv) { inv->number = ""; }
static void m_credit_alone(struct invoice *inv) { inv->kind = INVOICE_KIND_CREDIT_NOTE; }
static void m_net(struct invoice *inv) { inv->lines[1].net_cents += 1; }
static void m_total(struct invoice *inv) { inv->totals.tax_cents += 1; inv->totals.tax_inclusive_cents += 1; inv->totals.payable_cents += 1; }
static void m_group(struct invoice *inv) { inv->totals.vat[0].taxable_cents -= 1; inv->totals.vat[0].tax_cents += 0; }
static void m_no_reason(struct invoice *inv) { inv->lines[2].reason = NULL; }
static void m_no_desc(struct invoice *inv) { inv->lines[0].description = ""; }
static void m_price(struct invoice *inv) { inv->lines[1].unit_price_cents = -100; }
static void m_no_lines(struct invoice *inv) { inv->n_lines = 0; inv->totals = (struct invoice_totals){0}; }
static void m_mix_o(struct invoice *inv) { inv->lines[1].vat = VAT_NONE; }
static void m_two_reasons(struct invoice *inv)
{
	inv->lines[0].vat = VAT_EDU;
	inv->lines[1].vat = VAT_EDU;
	inv->lines[1].vat.exemption_reason = "Andere reden";
}
static void m_email(struct invoice *inv) { inv->buyer.email = "crediteuren at gemeente"; }
static void m_bic(struct invoice *inv) { inv->seller.bic = "ABNA"; }
static void m_country(struct invoice *inv) { inv->buyer.country = "nl"; }
static void m_half_period(struct invoice *inv) { inv->period_start = "2018-03-01"; }
static void m_period(struct invoice *inv) { inv->period_start = "2018-03-01"; inv->period_end = "2018-02-01"; }
static void m_terms(struct invoice *inv) { inv->payment_terms = "\t"; }

static const struct mutation mutations[] = {
	{"no reference", m_no_refs, "buyer.order_reference", "BR-NL-2", 0},
	{"blank reference", m_blank_ref, "buyer.buyer_reference", "BR-NL-2", 0},
	{"IBAN check digits", m_bad_iban, "seller.iban", "BR-61", 0},
	{"KVK of 7 digits", m_short_kvk, "seller.id", "BR-NL-1", 0},
	{"buyer without scheme", m_no_scheme, "buyer.id", "BR-NL-10", 0},
	{"Dutch postcode", m_postcode, "buyer.postcode", "BR-NL-4", 0},
	{"seller city", m_no_city, "seller.city", "BR-NL-3", 0},
	{"VAT number for S", m_no_vat_number, "seller.vat_number", "BR-S-02", 0},
	{"control character", m_control, "seller.name", "BR-06", 0},
	{"invalid UTF-8", m_bad_utf8, "buyer.name", "BR-07", 0},
	{"due before issue", m_due_before, "due_date", NULL, 0},
	{"no due date", m_no_due, "due_date", "BR-CO-25", 0},
	{"no such date", m_bad_date, "issue_date", "BR-03", 0},
	{"no number", m_no_number, "number", "BR-02", 0},
	{"credit without invoice", m_credit_alone, "corrects", NULL, 0},
	{"line net", m_net, "line.net_cents", NULL, 2},
	{"totals", m_total, "totals", "BR-CO-10", 0},
	{"breakdown", m_group, "totals", "BR-CO-10", 0},
	{"manual without reason", m_no_reason, "line.reason", NULL, 3},
	{"no description", m_no_desc, "line.description", "BR-25", 1},
	{"negative price", m_price, "line.unit_price_cents", "BR-27", 2},
	{"no lines", m_no_lines, "lines", "BR-16", 0},
	{"O mixed with S", m_mix_o, "line.vat.category", "BR-O-11", 1},
	{"two exemption reasons", m_two_reasons, "line.vat.exemption_reason", "BR-E-10", 2},
	{"e-mail", m_email, "buyer.email", NULL, 0},
	{"BIC", m_bic, "seller.bic", NULL, 0},
	{"country", m_country, "buyer.country", "BR-11", 0},
	{"half a period", m_half_period, "period_end", "BR-29", 0},
	{"period backwards", m_period, "period_end", "BR-29", 0},
	{"blank payment terms", m_terms, "payment_terms", NULL, 0},
};

static void test_validation_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		struct invoice_line lines[3] = {
			line_of(Q(1), 150000, VAT21),
			line_of(Q(2), 9950, VAT21),
			line_of(Q(1), 2500, VAT21),
		};
		lines[2].kind = INVOICE_LINE_MANUAL;
		lines[2].reason = "Extra lunch op verzoek";
		struct invoice inv = sample(lines, 3);
		struct invoice_error ie = {0};
		assert_int_equal(invoice_validate(&inv, &ie), 0);
		m->apply(&inv);
		if (m->apply == m_two_reasons || m->apply == m_mix_o)
			assert_int_equal(invoice_compute(&inv, NULL), 0);
		memset(&ie, 0, sizeof(ie));
		if (invoice_validate(&inv, &ie) != LWP_EINVAL)
			fail_msg("%s: accepted", m->name);
		if (!ie.field || strcmp(ie.field, m->field) != 0)
			fail_msg("%s: field %s, expected %s", m->name, ie.field ? ie.field : "(null)", m->field);
		if ((m->rule == NULL) != (ie.rule == NULL) || (m->rule && strcmp(m->rule, ie.rule) != 0))
			fail_msg("%s: rule %s, expected %s", m->name, ie.rule ? ie.rule : "(null)",
				 m->rule ? m->rule : "(null)");
		if (ie.line != m->line)
			fail_msg("%s: line %zu, expected %zu", m->name, ie.line, m->line);
		assert_non_null(ie.msg);
	}
}

static void test_validation_accepts(void **state)
{
	(void)state;
	struct invoice_line lines[] = {line_of(Q(1), 150000, VAT_NONE)};
	struct invoice inv = sample(lines, 1);
	/* not subject: the seller's VAT number may be set (it is not written) */
	assert_int_equal(invoice_validate(&inv, NULL), 0);
	inv.seller.vat_number = NULL;
	assert_int_equal(invoice_validate(&inv, NULL), 0);
	/* exempt needs the VAT number (BR-E-02) */
	lines[0].vat = VAT_EDU;
	assert_int_equal(invoice_compute(&inv, NULL), 0);
	struct invoice_error ie = {0};
	assert_int_equal(invoice_validate(&inv, &ie), LWP_EINVAL);
	assert_string_equal(ie.field, "seller.vat_number");
	/* a zero invoice needs no due date; the buyer reference alone will do */
	inv.seller.vat_number = "NL003214345B01";
	lines[0].quantity = 0;
	assert_int_equal(invoice_compute(&inv, NULL), 0);
	inv.due_date = NULL;
	inv.buyer.order_reference = NULL;
	inv.buyer.buyer_reference = "  kp 4711/Ab  "; /* kept as given */
	assert_int_equal(invoice_validate(&inv, NULL), 0);
	/* abroad: any postcode */
	inv.buyer.country = "BE";
	inv.buyer.postcode = "1000";
	assert_int_equal(invoice_validate(&inv, NULL), 0);
}

/* ---- builder and credit notes ------------------------------------------------------ */

static const struct invoice_participant people[] = {
	{11, 1, "Anouk van 't Hoff"},
	{12, 2, "Jeroen Brouwer"},
	{13, 1, "Zoë Müller"},
};
static const struct invoice_stay stays[] = {
	{11, "Start Woudschoten", 2, 9950},
	{13, "Start Woudschoten", 1, 9950},
	{11, "Terugkomdag Soesterberg", 1, 11000},
	{12, "Start Woudschoten", 2, 9950},
	{13, "Terugkomdag Soesterberg", 0, 11000},
};
static const struct invoice_manual manual[] = {
	{13, 0, "Dieetmaaltijd", 3333, 1200, "Op verzoek, 1/3 van de dagen"},
	{0, 1, "Administratiekosten", Q(1), 2500, "Papieren factuur gevraagd"},
	{0, 2, "Niet voor organisatie 1", Q(1), 100, "Test"},
};

static struct invoice_charges charges(void)
{
	struct invoice_charges c = {0};
	c.fee_cents = 150000;
	c.fee_label = "Begeleiding Leerwerkplaats 2018";
	c.nights_label = "Overnachtingen";
	c.vat = VAT21;
	c.participants = people;
	c.n_participants = 3;
	c.stays = stays;
	c.n_stays = 5;
	c.manual = manual;
	c.n_manual = 3;
	return c;
}

static void test_build_per_organisation(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct invoice_charges c = charges();
	struct invoice inv = {0};
	assert_int_equal(invoice_build(a, &c, 1, &inv, NULL), 0);
	assert_int_equal(inv.organisation_id, 1);
	assert_int_equal(inv.kind, INVOICE_KIND_INVOICE);
	assert_int_equal(inv.n_lines, 7);
	const struct invoice_line *l = inv.lines;
	assert_string_equal(l[0].description, "Begeleiding Leerwerkplaats 2018 - Anouk van 't Hoff");
	assert_int_equal(l[0].kind, INVOICE_LINE_FEE);
	assert_int_equal(l[0].participant_id, 11);
	assert_int_equal(l[0].net_cents, 150000);
	assert_string_equal(l[1].description, "Overnachtingen Start Woudschoten - Anouk van 't Hoff");
	assert_int_equal(l[1].kind, INVOICE_LINE_NIGHTS);
	assert_int_equal(l[1].quantity, Q(2));
	assert_int_equal(l[1].net_cents, 19900);
	assert_string_equal(l[2].description, "Overnachtingen Terugkomdag Soesterberg - Anouk van 't Hoff");
	assert_int_equal(l[2].net_cents, 11000);
	assert_string_equal(l[3].description, "Begeleiding Leerwerkplaats 2018 - Zoë Müller");
	assert_int_equal(l[4].net_cents, 9950); /* one night; the 0-night stay makes no line */
	assert_string_equal(l[5].description, "Dieetmaaltijd - Zoë Müller");
	assert_int_equal(l[5].kind, INVOICE_LINE_MANUAL);
	assert_string_equal(l[5].reason, "Op verzoek, 1/3 van de dagen");
	assert_int_equal(l[5].net_cents, 400); /* 399.96 */
	assert_string_equal(l[6].description, "Administratiekosten");
	assert_int_equal(l[6].participant_id, 0);
	for (size_t i = 0; i < inv.n_lines; i++)
		assert_int_equal(l[i].vat.rate_bp, 2100);
	int64_t net = 150000 + 19900 + 11000 + 150000 + 9950 + 400 + 2500;
	assert_int_equal(inv.totals.line_net_cents, net);
	assert_int_equal(inv.totals.tax_cents, invoice_vat_amount(net, 2100));
	assert_totals_add_up(&inv);

	struct invoice other = {0};
	assert_int_equal(invoice_build(a, &c, 2, &other, NULL), 0);
	assert_int_equal(other.n_lines, 3);
	assert_int_equal(other.totals.line_net_cents, 150000 + 19900 + 100);
	assert_int_equal(invoice_build(a, &c, 3, &other, NULL), LWP_ENOTFOUND);
	assert_int_equal(invoice_build(a, &c, 0, &other, NULL), LWP_ENOTFOUND);

	int64_t orgs[4] = {0};
	assert_int_equal(invoice_charges_organisations(&c, orgs, 4), 2);
	assert_int_equal(orgs[0], 1);
	assert_int_equal(orgs[1], 2);
	assert_int_equal(invoice_charges_organisations(&c, orgs, 1), 2);

	struct invoice_manual stray[] = {{99, 0, "Onbekend", Q(1), 100, "?"}};
	c.manual = stray;
	c.n_manual = 1;
	struct invoice_error ie = {0};
	assert_int_equal(invoice_build(a, &c, 1, &other, &ie), LWP_EINVAL);
	assert_string_equal(ie.field, "manual.participant_id");
	arena_free(a);
}

static void test_credit_note(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct invoice_charges c = charges();
	struct invoice inv = {0};
	assert_int_equal(invoice_build(a, &c, 1, &inv, NULL), 0);
	inv.number = "2018-0007";

	struct invoice cn;
	assert_int_equal(invoice_credit(a, &inv, 0, &cn, NULL), 0);
	assert_int_equal(cn.kind, INVOICE_KIND_CREDIT_NOTE);
	assert_string_equal(cn.corrects, "2018-0007");
	assert_int_equal(cn.n_lines, inv.n_lines);
	assert_int_equal(cn.totals.payable_cents, inv.totals.payable_cents);
	assert_int_equal(invoice_signed_cents(&cn), -invoice_signed_cents(&inv));
	assert_ptr_not_equal(cn.lines, inv.lines);
	assert_null(cn.number);
	assert_null(cn.due_date);

	assert_int_equal(invoice_credit(a, &inv, 13, &cn, NULL), 0);
	assert_int_equal(cn.n_lines, 3); /* fee, one night, the diet */
	assert_int_equal(cn.totals.line_net_cents, 150000 + 9950 + 400);
	assert_totals_add_up(&cn);
	assert_int_equal(invoice_credit(a, &inv, 12, &cn, NULL), LWP_ENOTFOUND);

	struct invoice again;
	struct invoice_error ie = {0};
	assert_int_equal(invoice_credit(a, &inv, 0, &cn, NULL), 0);
	assert_int_equal(invoice_credit(a, &cn, 0, &again, &ie), LWP_EINVAL);
	assert_string_equal(ie.field, "corrects");
	arena_free(a);
}

/* ---- life cycle, dates, sums ------------------------------------------------------- */

static void test_life_cycle(void **state)
{
	(void)state;
	for (int st = INVOICE_DRAFT; st <= INVOICE_PAID; st++)
		assert_int_equal(invoice_status_parse(invoice_status_code((enum invoice_status)st)), st);
	assert_int_equal(invoice_status_parse("cancelled"), -1);
	assert_int_equal(invoice_status_parse(NULL), -1);
	assert_true(invoice_status_may_become(INVOICE_DRAFT, INVOICE_SENT));
	assert_true(invoice_status_may_become(INVOICE_SENT, INVOICE_PAID));
	assert_false(invoice_status_may_become(INVOICE_DRAFT, INVOICE_PAID));
	assert_false(invoice_status_may_become(INVOICE_SENT, INVOICE_DRAFT));
	assert_false(invoice_status_may_become(INVOICE_PAID, INVOICE_SENT));
	assert_false(invoice_status_may_become(INVOICE_SENT, INVOICE_SENT));
	assert_true(invoice_status_editable(INVOICE_DRAFT));
	assert_false(invoice_status_editable(INVOICE_SENT));
	assert_false(invoice_status_editable(INVOICE_PAID));
	assert_false(invoice_may_credit(INVOICE_KIND_INVOICE, INVOICE_DRAFT));
	assert_true(invoice_may_credit(INVOICE_KIND_INVOICE, INVOICE_SENT));
	assert_true(invoice_may_credit(INVOICE_KIND_INVOICE, INVOICE_PAID));
	assert_false(invoice_may_credit(INVOICE_KIND_CREDIT_NOTE, INVOICE_SENT));
}

static void test_dates_and_sums(void **state)
{
	(void)state;
	char d[11];
	assert_int_equal(invoice_date_add_days("2018-03-01", 30, d, sizeof(d)), 0);
	assert_string_equal(d, "2018-03-31");
	assert_int_equal(invoice_date_add_days("2018-12-15", 30, d, sizeof(d)), 0);
	assert_string_equal(d, "2019-01-14");
	assert_int_equal(invoice_date_add_days("2020-02-28", 1, d, sizeof(d)), 0);
	assert_string_equal(d, "2020-02-29");
	assert_int_equal(invoice_date_add_days("2018-02-29", 1, d, sizeof(d)), LWP_EINVAL);
	assert_int_equal(invoice_date_add_days("2018-03-01", 30, d, 10), LWP_EINVAL);

	struct arena *a = arena_new();
	struct invoice_charges c = charges();
	struct invoice inv = {0};
	assert_int_equal(invoice_build(a, &c, 1, &inv, NULL), 0);
	int64_t k[3];
	invoice_sum_by_kind(&inv, k);
	assert_int_equal(k[INVOICE_LINE_FEE], 300000);
	assert_int_equal(k[INVOICE_LINE_NIGHTS], 19900 + 11000 + 9950);
	assert_int_equal(k[INVOICE_LINE_MANUAL], 400 + 2500);
	assert_int_equal(k[0] + k[1] + k[2], inv.totals.line_net_cents);
	arena_free(a);
}

/* ---- XML ------------------------------------------------------------------------------ */

static void test_xml_text(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	ubl_text(&b, "A&B <c> \"d\" 'e' Één\r\n");
	assert_string_equal(buf_cstr(&b), "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos; Één&#13;\n");
	buf_reset(&b);
	ubl_amount(&b, -5);
	buf_putc(&b, ' ');
	ubl_amount(&b, 150000);
	buf_putc(&b, ' ');
	ubl_amount(&b, 0);
	buf_putc(&b, ' ');
	ubl_amount(&b, -123456789);
	assert_string_equal(buf_cstr(&b), "-0.05 1500.00 0.00 -1234567.89");
	buf_reset(&b);
	ubl_quantity(&b, 3333);
	buf_putc(&b, ' ');
	ubl_quantity(&b, Q(1));
	buf_putc(&b, ' ');
	ubl_quantity(&b, -25000);
	buf_putc(&b, ' ');
	ubl_quantity(&b, 0);
	buf_putc(&b, ' ');
	ubl_quantity(&b, 10001);
	buf_putc(&b, ' ');
	ubl_quantity(&b, -1);
	assert_string_equal(buf_cstr(&b), "0.3333 1 -2.5 0 1.0001 -0.0001");
	buf_free(&b);
}

static void test_ubl_content(void **state)
{
	(void)state;
	struct invoice_line lines[] = {line_of(Q(1), 150000, VAT21)};
	struct invoice inv = sample(lines, 1);
	inv.buyer.buyer_reference = "  kp 4711/Ab  ";
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(ubl_write(&b, &inv, NULL), 0);
	const char *x = buf_cstr(&b);
	assert_non_null(strstr(x, "<cbc:CustomizationID>" UBL_CUSTOMIZATION_ID "</cbc:CustomizationID>"));
	assert_non_null(strstr(x, "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"));
	assert_non_null(strstr(x, "<cbc:BuyerReference>  kp 4711/Ab  </cbc:BuyerReference>"));
	assert_non_null(strstr(x, "<cbc:ID>PO-2018/4711 &quot;Leerwerkplaats&quot; &amp; co</cbc:ID>"));
	assert_non_null(strstr(x, "<cbc:Name>Rijksacademie voor Digitalisering &amp; Informatisering &lt;RADIO&gt;</cbc:Name>"));
	assert_non_null(strstr(x, "<cbc:EndpointID schemeID=\"0190\">00000001003214345000</cbc:EndpointID>"));
	assert_non_null(strstr(x, "<cbc:CompanyID>NL003214345B01</cbc:CompanyID>"));
	assert_non_null(strstr(x, "<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>"));
	assert_non_null(strstr(x, "<cbc:PayableAmount currencyID=\"EUR\">1815.00</cbc:PayableAmount>"));
	assert_null(strstr(x, "FinancialInstitutionBranch"));
	assert_null(strstr(x, "InvoicePeriod"));
	assert_null(strstr(x, "PaymentTerms"));
	inv.period_start = "2018-03-01";
	inv.period_end = "2018-12-14";
	inv.payment_terms = "30 dagen";
	buf_reset(&b);
	assert_int_equal(ubl_write(&b, &inv, NULL), 0);
	x = buf_cstr(&b);
	assert_non_null(strstr(x, "<cac:InvoicePeriod>\n\t\t<cbc:StartDate>2018-03-01</cbc:StartDate>\n"
				  "\t\t<cbc:EndDate>2018-12-14</cbc:EndDate>\n\t</cac:InvoicePeriod>"));
	assert_non_null(strstr(x, "<cac:PaymentTerms>\n\t\t<cbc:Note>30 dagen</cbc:Note>"));
	assert_null(strstr(x, "&amp;amp;"));

	/* not subject: no VAT number, no rate */
	lines[0].vat = VAT_NONE;
	assert_int_equal(invoice_compute(&inv, NULL), 0);
	buf_reset(&b);
	assert_int_equal(ubl_write(&b, &inv, NULL), 0);
	x = buf_cstr(&b);
	assert_null(strstr(x, "PartyTaxScheme"));
	assert_null(strstr(x, "<cbc:Percent>"));
	assert_non_null(strstr(x, "<cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>"));

	/* an invalid invoice is refused and nothing is written */
	inv.buyer.buyer_reference = NULL;
	inv.buyer.order_reference = NULL;
	buf_reset(&b);
	struct invoice_error ie = {0};
	assert_int_equal(ubl_write(&b, &inv, &ie), LWP_EINVAL);
	assert_string_equal(ie.rule, "BR-NL-2");
	assert_int_equal(b.len, 0);

	/* a full buffer is reported */
	struct buf small;
	buf_init(&small, 100);
	inv.buyer.order_reference = "PO-1";
	assert_int_equal(ubl_write(&small, &inv, NULL), LWP_ENOMEM);
	buf_free(&small);
	buf_free(&b);
}

/* ---- the receiver's validator ---------------------------------------------------- */

static const char *validator_path(void)
{
	const char *env = getenv("LWP_UBL_VALIDATOR");
	if (env && *env)
		return env;
#ifdef UBL_VALIDATOR
	return UBL_VALIDATOR;
#else
	return "../shared/validation/ubl/validate";
#endif
}

struct doc_set {
	char dir[64];
	char paths[16][128];
	int n;
	struct arena *a;
};

static void write_doc(struct doc_set *s, const char *name, const struct invoice *inv)
{
	struct buf b;
	buf_init(&b, 0);
	struct invoice_error ie = {0};
	int rc = ubl_write(&b, inv, &ie);
	if (rc)
		fail_msg("%s: %s %s (line %zu)", name, ie.field ? ie.field : "?", ie.msg ? ie.msg : "", ie.line);
	assert_true(s->n < 16);
	char path[sizeof(s->paths[0])];
	int len = snprintf(path, sizeof(path), "%s/%s.xml", s->dir, name);
	assert_true(len > 0 && (size_t)len < sizeof(path));
	memcpy(s->paths[s->n++], path, sizeof(path));
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&b);
}

/* One validator run over every other file of [first, first + n) from
 * start, as a shell command. */
static void validator_command(struct buf *cmd, const struct doc_set *s, const char *v, int first,
			      int n, int start)
{
	buf_printf(cmd, "'%s'", v);
	for (int i = first + start; i < first + n; i += 2)
		buf_printf(cmd, " '%s'", s->paths[i]);
	buf_puts(cmd, " 2>&1");
}

/* Run the validator on the files; its output goes to out. It starts Java
 * twice per file, so two runs share the files out and go at once (the
 * machines this runs on have two cores); the exit is the worse of the two. */
static int run_validator(struct doc_set *s, int first, int n, struct buf *out)
{
	const char *v = validator_path();
	if (access(v, X_OK) != 0)
		fail_msg("UBL validator not found or not executable: %s", v);
	struct buf cmd;
	buf_init(&cmd, 0);
	if (n > 1) {
		validator_command(&cmd, s, v, first, n, 1);
		buf_puts(&cmd, " & a=$!; ");
		validator_command(&cmd, s, v, first, n, 0);
		buf_puts(&cmd, "; b=$?; wait $a; a=$?; [ $a -gt $b ] && exit $a; exit $b");
	} else {
		validator_command(&cmd, s, v, first, n, 0);
	}
	assert_int_equal(cmd.failed, 0);
	FILE *p = popen(buf_cstr(&cmd), "r");
	assert_non_null(p);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(out, chunk, got);
	int status = pclose(p);
	buf_free(&cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static struct invoice_seller seller_kvk(void)
{
	struct invoice_seller s = seller_oin();
	s.name = "Stichting Één & Twee \"Café Ruïne\" B.V.";
	s.id_scheme = INVOICE_ID_KVK;
	s.id = "12345678";
	s.vat_number = "NL123456789B01";
	s.contact_name = NULL;
	s.contact_phone = NULL;
	return s;
}

static struct invoice_buyer buyer_kvk(void)
{
	struct invoice_buyer b = {0};
	b.name = "Zorgorganisatie IJsselland <Zuid> & Ĳmuiden";
	b.address = "Dr. Schaepmanstraat 7-a";
	b.postcode = "8011 AB";
	b.city = "Zwolle";
	b.id_scheme = INVOICE_ID_KVK;
	b.id = "87654321";
	b.buyer_reference = "Kostenplaats 4711 / 'Leren & Werken'";
	b.email = "facturen@ijsselland.example.nl";
	return b;
}

/* Standard VAT, OIN on both sides, order reference, built from charges. */
static void doc_standard(struct doc_set *s, struct invoice *inv)
{
	struct invoice_charges c = charges();
	assert_int_equal(invoice_build(s->a, &c, 1, inv, NULL), 0);
	inv->number = "2018-0001";
	inv->issue_date = "2018-03-01";
	inv->due_date = "2018-03-31";
	inv->period_start = "2018-03-01";
	inv->period_end = "2018-12-14";
	inv->payment_terms = "Betaling binnen 30 dagen onder vermelding van het factuurnummer.";
	inv->seller = seller_oin();
	inv->buyer = buyer_oin();
	write_doc(s, "invoice-standard-oin", inv);
}

/* Exempt (education), KVK on both sides, buyer reference, thirds, a zero
 * and a negative line among many. */
static void doc_exempt(struct doc_set *s, struct invoice *inv)
{
	size_t n = 60;
	struct invoice_line *l = arena_calloc(s->a, n, sizeof(*l));
	assert_non_null(l);
	for (size_t i = 0; i < n; i++) {
		l[i] = line_of(i % 3 ? 3333 : 6667, 1001 + (int64_t)i, VAT_EDU);
		l[i].description = arena_printf(s->a, "Dagdeel %zu <werkvorm> & reflectie", i + 1);
		l[i].participant_id = 20 + (int64_t)(i % 4);
	}
	l[5].quantity = 0;  /* both about participant 21, who is credited */
	l[9].quantity = -Q(1);
	l[9].kind = INVOICE_LINE_MANUAL;
	l[9].reason = "Correctie: dagdeel vervallen";
	memset(inv, 0, sizeof(*inv));
	inv->number = "2018-0002";
	inv->issue_date = "2018-03-01";
	inv->due_date = "2018-04-15";
	inv->seller = seller_kvk();
	inv->buyer = buyer_kvk();
	inv->lines = l;
	inv->n_lines = n;
	assert_int_equal(invoice_compute(inv, NULL), 0);
	write_doc(s, "invoice-exempt-kvk", inv);
}

/* Not subject (internal government charge): OIN seller with a VAT number
 * that must not appear, KVK buyer, both references, BIC with code 30. */
static void doc_not_subject(struct doc_set *s, struct invoice *inv)
{
	struct invoice_line *l = arena_calloc(s->a, 2, sizeof(*l));
	assert_non_null(l);
	l[0] = line_of(Q(3), 150000, VAT_NONE);
	l[1] = line_of(Q(5), 9950, VAT_NONE);
	l[1].kind = INVOICE_LINE_NIGHTS;
	memset(inv, 0, sizeof(*inv));
	inv->number = "2018-0003";
	inv->issue_date = "2018-03-02";
	inv->due_date = "2018-04-01";
	inv->note = "Interne verrekening tussen ministeries.\nZie ook het convenant.";
	inv->seller = seller_oin();
	inv->seller.means = INVOICE_PAY_TRANSFER;
	inv->seller.bic = "ABNANL2A";
	inv->buyer = buyer_kvk();
	inv->buyer.order_reference = "4500012345";
	inv->buyer.country = "NL";
	inv->lines = l;
	inv->n_lines = 2;
	assert_int_equal(invoice_compute(inv, NULL), 0);
	write_doc(s, "invoice-not-subject", inv);
}

/* Three VAT breakdowns: exempt fee, 9% nights, 21% extras. */
static void doc_mixed(struct doc_set *s)
{
	struct invoice_line *l = arena_calloc(s->a, 4, sizeof(*l));
	assert_non_null(l);
	l[0] = line_of(Q(1), 150000, VAT_EDU);
	l[1] = line_of(Q(2), 9950, VAT9);
	l[2] = line_of(3333, 999, VAT21);
	l[3] = line_of(Q(1), 12345, VAT9);
	struct invoice inv = {0};
	inv.number = "2018-0004";
	inv.issue_date = "2018-03-05";
	inv.due_date = "2018-04-04";
	inv.seller = seller_oin();
	inv.buyer = buyer_oin();
	inv.buyer.buyer_reference = "BZK/DGOO/2018";
	inv.lines = l;
	inv.n_lines = 4;
	assert_int_equal(invoice_compute(&inv, NULL), 0);
	write_doc(s, "invoice-mixed-vat", &inv);
}

static void doc_credit(struct doc_set *s, const struct invoice *orig, int64_t participant,
		       const char *number, const char *name)
{
	struct invoice cn;
	assert_int_equal(invoice_credit(s->a, orig, participant, &cn, NULL), 0);
	cn.number = number;
	cn.issue_date = "2018-05-01";
	cn.due_date = "2018-05-31";
	cn.note = "Deelnemer geannuleerd; zie factuur & correspondentie";
	write_doc(s, name, &cn);
}

/* LWP_UBL_KEEP=1 keeps the documents (their directory is printed). */
static void remove_docs(struct doc_set *s)
{
	const char *keep = getenv("LWP_UBL_KEEP");
	if (keep && *keep) {
		print_message("UBL documents kept in %s\n", s->dir);
		return;
	}
	for (int i = 0; i < s->n; i++)
		(void)unlink(s->paths[i]);
	(void)rmdir(s->dir);
}

static void test_receiver_accepts_every_document(void **state)
{
	(void)state;
	struct doc_set s = {0};
	strcpy(s.dir, "/tmp/lwp-ubl-XXXXXX");
	assert_non_null(mkdtemp(s.dir));
	s.a = arena_new();
	struct invoice std, exempt, none;
	doc_standard(&s, &std);
	doc_exempt(&s, &exempt);
	doc_not_subject(&s, &none);
	doc_mixed(&s);
	doc_credit(&s, &std, 0, "2018-0005", "credit-standard-full");
	doc_credit(&s, &exempt, 21, "2018-0006", "credit-exempt-one-participant");
	doc_credit(&s, &none, 0, "2018-0007", "credit-not-subject");
	int good = s.n;

	/* a negative control: the same invoice without any reference */
	struct invoice broken = std;
	broken.buyer.order_reference = "REMOVE-ME";
	write_doc(&s, "broken-no-reference", &broken);
	struct buf text;
	buf_init(&text, 0);
	FILE *f = fopen(s.paths[good], "r");
	assert_non_null(f);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&text, chunk, got);
	fclose(f);
	const char *cut = "\t<cac:OrderReference>\n\t\t<cbc:ID>REMOVE-ME</cbc:ID>\n\t</cac:OrderReference>\n";
	char *at = strstr(text.data, cut);
	assert_non_null(at);
	memmove(at, at + strlen(cut), strlen(at + strlen(cut)) + 1);
	f = fopen(s.paths[good], "w");
	assert_non_null(f);
	fputs(text.data, f);
	fclose(f);
	buf_free(&text);

	struct buf out;
	buf_init(&out, 0);
	int rc = run_validator(&s, 0, good, &out);
	if (rc != 0 || out.len != 0)
		fail_msg("validator exit %d, output:\n%s", rc, buf_cstr(&out));
	buf_reset(&out);
	rc = run_validator(&s, good, 1, &out);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(buf_cstr(&out), "BR-NL-2"));
	buf_free(&out);
	remove_docs(&s);
	arena_free(s.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_half_away_from_zero),
		cmocka_unit_test(test_line_net_thirds),
		cmocka_unit_test(test_vat_rounded_per_category_not_per_line),
		cmocka_unit_test(test_vat_amount_halves),
		cmocka_unit_test(test_zero_and_negative_lines),
		cmocka_unit_test(test_several_vat_categories),
		cmocka_unit_test(test_compute_limits),
		cmocka_unit_test(test_number_format_parse),
		cmocka_unit_test(test_number_parse_rejects),
		cmocka_unit_test(test_vat_categories),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_validation_errors),
		cmocka_unit_test(test_validation_accepts),
		cmocka_unit_test(test_build_per_organisation),
		cmocka_unit_test(test_credit_note),
		cmocka_unit_test(test_life_cycle),
		cmocka_unit_test(test_dates_and_sums),
		cmocka_unit_test(test_xml_text),
		cmocka_unit_test(test_ubl_content),
		cmocka_unit_test(test_receiver_accepts_every_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
