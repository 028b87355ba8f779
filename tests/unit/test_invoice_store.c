/*
 * Unit tests of what the invoices capability adds around the domain code:
 * the number series in the store (incremented inside the write
 * transaction, a rolled back number given back), an invoice stored and
 * read back with its amounts (and a damaged stored total refused), the
 * billing address split of the application form's free text, amounts as
 * printed, the cost overview's CSV (BOM, separators, quoting, formula
 * guard), and mail with attachments (multipart/mixed, bytes intact) and
 * without (exactly the alternative as before).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "mail/mail.h"
#include "service/invoices.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "store/store_write.h"

struct fixture {
	char path[64];
	struct store *s;
	struct arena *a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct lwp_error err = {0};
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "/tmp/lwp-test-invoice-%d.db", (int)getpid());
	unlink(f->path);
	if (store_open(f->path, &f->s, &err) || store_migrate(f->s, NULL))
		return -1;
	f->a = arena_new();
	*state = f;
	return f->a ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char extra[80];
	store_close(f->s);
	arena_free(f->a);
	unlink(f->path);
	snprintf(extra, sizeof(extra), "%s-wal", f->path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", f->path);
	unlink(extra);
	free(f);
	return 0;
}

/* ---- the number series ---- */

struct seq_ctx {
	int year;
	int64_t seq;
	int fail;
};

static int seq_tx(struct store *s, void *ctx)
{
	struct seq_ctx *c = ctx;
	int rc = store_invoice_next_seq(s, c->year, &c->seq);
	return rc ? rc : c->fail ? LWP_EINVAL : 0;
}

static void test_series_per_year_without_gaps(void **state)
{
	struct fixture *f = *state;
	struct seq_ctx c = {2018, 0, 0};
	for (int64_t want = 1; want <= 3; want++) {
		assert_int_equal(store_write(f->s, seq_tx, &c), 0);
		assert_int_equal(c.seq, want);
	}
	/* A transaction that fails gives its number back: no gap. */
	c.fail = 1;
	assert_int_equal(store_write(f->s, seq_tx, &c), LWP_EINVAL);
	c.fail = 0;
	assert_int_equal(store_write(f->s, seq_tx, &c), 0);
	assert_int_equal(c.seq, 4);
	/* Another year has its own series. */
	c.year = 2019;
	assert_int_equal(store_write(f->s, seq_tx, &c), 0);
	assert_int_equal(c.seq, 1);
}

/* ---- an invoice stored and read back ---- */

struct insert_ctx {
	struct invoice_row *row;
	struct arena *a;
};

static int insert_tx(struct store *s, void *ctx)
{
	struct insert_ctx *c = ctx;
	int64_t ed, org;
	int rc = store_run(s, "INSERT INTO editions (slug, title, capacity, deadline, policy, status,"
			   " created_at) VALUES ('e', 'E', 5, 0, 'fcfs', 'open', 0)", NULL, 0, NULL, 0, 0);
	if (rc || (rc = store_organisation_upsert(s, c->a, "Gemeente Zwolle", "local", 0, &org)))
		return rc;
	ed = 1;
	c->row->edition_id = ed;
	c->row->inv.organisation_id = org;
	return store_invoice_insert(s, c->row, NULL);
}

static struct invoice_row sample_row(struct invoice_line *lines)
{
	struct invoice_row row;
	memset(&row, 0, sizeof(row));
	row.inv.number = "2018-0001";
	row.inv.issue_date = "2018-02-01";
	row.inv.due_date = "2018-03-03";
	row.inv.seller.name = "Ministerie";
	row.inv.seller.iban = "NL91ABNA0417164300";
	row.inv.buyer.name = "Gemeente Zwolle";
	row.inv.buyer.buyer_reference = "KP  4711/ab ";
	row.year = 2018;
	row.seq = 1;
	lines[0] = (struct invoice_line){.kind = INVOICE_LINE_FEE, .description = "Begeleiding",
		.quantity = INVOICE_QTY_SCALE, .unit_price_cents = 150000,
		.vat = {VAT_STANDARD, 2100, NULL, NULL}, .participant_id = 7};
	lines[1] = (struct invoice_line){.kind = INVOICE_LINE_NIGHTS, .description = "Nachten",
		.quantity = 3333, .unit_price_cents = 16501,
		.vat = {VAT_STANDARD, 2100, NULL, NULL}, .participant_id = 7};
	row.inv.lines = lines;
	row.inv.n_lines = 2;
	return row;
}

static void test_invoice_round_trip(void **state)
{
	struct fixture *f = *state;
	struct invoice_line lines[2];
	struct invoice_row row = sample_row(lines), back;
	struct invoice_error ie;
	assert_int_equal(invoice_compute(&row.inv, &ie), 0);
	struct insert_ctx c = {&row, f->a};
	assert_int_equal(store_write(f->s, insert_tx, &c), 0);
	assert_int_equal(store_invoice_by_number(f->s, f->a, "2018-0001", &back), 0);
	assert_int_equal(back.inv.n_lines, 2);
	assert_int_equal(back.inv.lines[1].net_cents, row.inv.lines[1].net_cents);
	assert_int_equal(back.inv.totals.payable_cents, row.inv.totals.payable_cents);
	assert_int_equal(back.inv.totals.tax_cents, row.inv.totals.tax_cents);
	assert_string_equal(back.inv.buyer.buyer_reference, "KP  4711/ab ");
	assert_string_equal(back.organisation, "Gemeente Zwolle");
	assert_int_equal(back.status, INVOICE_DRAFT);
	/* A stored total that no longer adds up is refused. */
	assert_int_equal(db_exec(f->s->db, "UPDATE invoices SET payable_cents = payable_cents + 1"), 0);
	assert_int_equal(store_invoice_by_number(f->s, f->a, "2018-0001", &back), LWP_EDB);
}

/* ---- address split ---- */

static void split(struct arena *a, const char *text, const char *street, const char *pc,
		  const char *city)
{
	const char *s, *p, *c;
	invoice_address_split(a, text, &s, &p, &c);
	if (street)
		assert_string_equal(s, street);
	else
		assert_null(s);
	if (pc)
		assert_string_equal(p, pc);
	else
		assert_null(p);
	if (city)
		assert_string_equal(c, city);
	else
		assert_null(c);
}

static void test_address_split(void **state)
{
	struct fixture *f = *state;
	split(f->a, "Postbus 20011\n2500 EA Den Haag", "Postbus 20011", "2500 EA", "Den Haag");
	split(f->a, "Turfmarkt 147, 2511DP 's-Gravenhage", "Turfmarkt 147", "2511DP", "'s-Gravenhage");
	split(f->a, "Kerkstraat 1234 Amsterdam", "Kerkstraat 1234 Amsterdam", NULL, NULL);
	split(f->a, "Hoofdweg 12\r\n8000 GA", "Hoofdweg 12", "8000 GA", NULL);
	split(f->a, "", NULL, NULL, NULL);
}

/* ---- amounts and CSV ---- */

static void test_amount_format(void **state)
{
	char out[64];
	(void)state;
	invoice_format_amount(out, sizeof(out), 150000, LANG_NL);
	assert_string_equal(out, "EUR 1.500,00");
	invoice_format_amount(out, sizeof(out), 123456789, LANG_EN);
	assert_string_equal(out, "EUR 1,234,567.89");
	invoice_format_amount(out, sizeof(out), -5, LANG_NL);
	assert_string_equal(out, "EUR -0,05");
	invoice_format_amount(out, sizeof(out), 0, LANG_EN);
	assert_string_equal(out, "EUR 0.00");
}

static void test_overview_csv(void **state)
{
	struct cost_row rows[2] = {
		{1, "Gemeente; Zwolle", 2, 4, 358000, 358000, 358000, 358000, 0, 8000},
		{2, "=HYPERLINK(\"x\")", 1, 0, -150, -150, 0, 0, 0, 0},
	};
	struct cost_overview o = {rows, 2, {0, "", 3, 4, 357850, 357850, 358000, 358000, 0, 8000}};
	struct buf b;
	(void)state;
	buf_init(&b, 1 << 16);
	svc_invoice_overview_csv(&b, &o, LANG_NL);
	const char *nl = buf_cstr(&b);
	assert_memory_equal(nl, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(nl, "\r\n\"Gemeente; Zwolle\";2;4;3580,00;3580,00;3580,00;3580,00;0,00\r\n"));
	assert_non_null(strstr(nl, "\r\n\"'=HYPERLINK(\"\"x\"\")\";1;0;-1,50;"));
	buf_reset(&b);
	svc_invoice_overview_csv(&b, &o, LANG_EN);
	const char *en = buf_cstr(&b);
	assert_int_equal(en[0], 'O');
	assert_non_null(strstr(en, "\r\nGemeente; Zwolle,2,4,3580.00,"));
	assert_non_null(strstr(en, "\r\nTotal,3,4,3578.50,3578.50,3580.00,3580.00,0.00\r\n"));
	buf_free(&b);
}

/* ---- mail with and without attachments ---- */

static const struct mail_config MC = {.smtp_url = "smtp://127.0.0.1:25",
				      .from_addr = "noreply@example.nl",
				      .from_name = "Leerwerkplaats", .retry_seconds = 1};

static void test_mail_without_attachments_unchanged(void **state)
{
	struct mail m = {.to_addr = "a@example.nl", .to_name = "Anne", .subject = "Onderwerp",
			 .body_text = "tekst", .body_html = "<p>html</p>"};
	struct buf b;
	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(mail_mime(&b, &MC, &m, 0), 0);
	const char *s = buf_cstr(&b);
	assert_null(strstr(s, "multipart/mixed"));
	assert_null(strstr(s, "Content-Disposition"));
	/* The alternative follows the header block directly, as before. */
	assert_non_null(strstr(s, "Auto-Submitted: auto-generated\r\n"
				  "Content-Type: multipart/alternative; boundary=\"b-"));
	buf_free(&b);
}

static void test_mail_with_attachments(void **state)
{
	static const char xml[] = "<Invoice>\0binary\xff</Invoice>";
	struct mail_attachment at[2] = {
		{"factuur-2018-0001.xml", "application/xml", xml, sizeof(xml) - 1},
		{"we\"ird;\r\nname.html", "text/html", "<p>x</p>", 8},
	};
	struct mail m = {.to_addr = "a@example.nl", .to_name = "Anne", .subject = "Factuur",
			 .body_text = "tekst", .body_html = "<p>html</p>", .attachments = at,
			 .n_attachments = 2};
	struct buf b;
	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(mail_mime(&b, &MC, &m, 0), 0);
	const char *s = buf_cstr(&b);
	assert_non_null(strstr(s, "Content-Type: multipart/mixed; boundary=\"m-"));
	assert_non_null(strstr(s, "Content-Disposition: attachment; filename=\"factuur-2018-0001.xml\""));
	assert_non_null(strstr(s, "filename=\"we_ird___name.html\""));
	assert_null(strstr(s, "\r\nname.html"));
	/* The first attachment's base64 decodes to the exact bytes. */
	const char *start = strstr(s, "filename=\"factuur-2018-0001.xml\"\r\n"
				      "Content-Transfer-Encoding: base64\r\n\r\n");
	assert_non_null(start);
	start = strstr(start, "\r\n\r\n") + 4;
	const char *end = strstr(start, "\r\n--m-");
	unsigned char bin[256];
	size_t len;
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), start, (size_t)(end - start), "\r\n",
					   &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(len, sizeof(xml) - 1);
	assert_memory_equal(bin, xml, len);
	/* The message ends with the closing boundary of the mixed part. */
	size_t n = strlen(s);
	assert_memory_equal(s + n - 4, "--\r\n", 4);
	assert_non_null(strstr(s, "\r\n--m-"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_series_per_year_without_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invoice_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_split, setup, teardown),
		cmocka_unit_test(test_amount_format),
		cmocka_unit_test(test_overview_csv),
		cmocka_unit_test(test_mail_without_attachments_unchanged),
		cmocka_unit_test(test_mail_with_attachments),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
