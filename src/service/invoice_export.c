/*
 * The cost overview of an edition (expected, actual, invoiced, paid per
 * organisation) and its exports: CSV in the Dutch (';', decimal comma,
 * BOM so that Excel reads UTF-8) and the English (',') convention, and
 * XLSX through libxlsxwriter with the invoices on a second sheet. Amounts
 * stay integer cents until written; XLSX gets euros as numbers with two
 * decimals, which represent the cents exactly enough for any sum shown.
 */
#include "service/invoices.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define TR(msgid) i18n_translate(lang, msgid)

static struct cost_row *row_for(struct cost_overview *o, int *cap, struct arena *a, int64_t org,
				const struct organisation_row *orgs, int norgs)
{
	for (int i = 0; i < o->n; i++)
		if (o->rows[i].organisation_id == org)
			return &o->rows[i];
	if (o->n == *cap) {
		int ncap = *cap ? *cap * 2 : 16;
		struct cost_row *grown = arena_calloc(a, (size_t)ncap, sizeof(*grown));
		if (!grown)
			return NULL;
		if (o->n)
			memcpy(grown, o->rows, (size_t)o->n * sizeof(*grown));
		o->rows = grown;
		*cap = ncap;
	}
	struct cost_row *r = &o->rows[o->n++];
	memset(r, 0, sizeof(*r));
	r->organisation_id = org;
	r->organisation = "";
	for (int i = 0; i < norgs; i++)
		if (orgs[i].id == org)
			r->organisation = orgs[i].name;
	return r;
}

static void add_row(struct cost_row *t, const struct cost_row *r)
{
	t->participants += r->participants;
	t->nights += r->nights;
	t->expected_cents += r->expected_cents;
	t->actual_cents += r->actual_cents;
	t->accommodation_cents += r->accommodation_cents;
	t->invoiced_cents += r->invoiced_cents;
	t->invoiced_incl_cents += r->invoiced_incl_cents;
	t->paid_incl_cents += r->paid_incl_cents;
}

struct overview_input {
	struct organisation_row *orgs;
	struct invoice_participant *p;
	struct invoice_stay *stays;   /* charged (attended) */
	struct invoice_stay *booked;  /* expected */
	struct invoice_manual_row *manual;
	struct invoice_row *inv;
	int norgs, np, ns, nb, nm, ni;
};

static int load_input(struct store *s, struct arena *a, int64_t edition_id,
		      struct overview_input *in)
{
	int rc = store_organisation_list(s, a, &in->orgs, &in->norgs);
	if (rc || (rc = store_invoice_participants(s, a, edition_id, &in->p, &in->np)) ||
	    (rc = store_invoice_nights(s, a, edition_id, &in->stays, &in->ns)) ||
	    (rc = store_invoice_nights_booked(s, a, edition_id, &in->booked, &in->nb)) ||
	    (rc = store_invoice_manual_lines(s, a, edition_id, &in->manual, &in->nm)))
		return rc;
	return store_invoice_list(s, a, edition_id, &in->inv, &in->ni);
}

static int64_t participant_org(const struct overview_input *in, int64_t id)
{
	for (int i = 0; i < in->np; i++)
		if (in->p[i].id == id)
			return in->p[i].organisation_id;
	return 0;
}

/* Charges: fee per participant, nights, manual lines. Expected has the
 * nights booked, actual the nights charged (attended); rows[i].nights are
 * the charged ones. */
static int add_charges(struct cost_overview *o, int *cap, struct arena *a, const struct edition *e,
		       const struct overview_input *in)
{
	for (int i = 0; i < in->np; i++) {
		struct cost_row *r = row_for(o, cap, a, in->p[i].organisation_id, in->orgs, in->norgs);
		if (!r)
			return LWP_ENOMEM;
		r->participants++;
		r->expected_cents += e->fee_cents;
		r->actual_cents += e->fee_cents;
	}
	for (int k = 0; k < 2; k++) {
		const struct invoice_stay *list = k ? in->stays : in->booked;
		for (int i = 0; i < (k ? in->ns : in->nb); i++) {
			int64_t org = participant_org(in, list[i].participant_id);
			struct cost_row *r = org ? row_for(o, cap, a, org, in->orgs, in->norgs) : NULL;
			if (!org)
				continue;
			if (!r)
				return LWP_ENOMEM;
			int64_t cents = list[i].nights * list[i].price_per_night_cents;
			if (k) {
				r->nights += list[i].nights;
				r->actual_cents += cents;
				r->accommodation_cents += cents;
			} else {
				r->expected_cents += cents;
			}
		}
	}
	for (int i = 0; i < in->nm; i++) {
		int64_t net = 0;
		struct cost_row *r = row_for(o, cap, a, in->manual[i].m.organisation_id, in->orgs,
					     in->norgs);
		if (!r)
			return LWP_ENOMEM;
		if (invoice_line_net(in->manual[i].m.quantity, in->manual[i].m.unit_price_cents, &net) == 0) {
			r->expected_cents += net;
			r->actual_cents += net;
		}
	}
	return 0;
}

static int add_invoices(struct cost_overview *o, int *cap, struct arena *a,
			const struct overview_input *in)
{
	for (int i = 0; i < in->ni; i++) {
		const struct invoice_row *v = &in->inv[i];
		if (v->status == INVOICE_DRAFT)
			continue;
		struct cost_row *r = row_for(o, cap, a, v->inv.organisation_id, in->orgs, in->norgs);
		if (!r)
			return LWP_ENOMEM;
		int64_t sign = v->inv.kind == INVOICE_KIND_CREDIT_NOTE ? -1 : 1;
		r->invoiced_cents += sign * v->inv.totals.tax_exclusive_cents;
		r->invoiced_incl_cents += invoice_signed_cents(&v->inv);
		if (v->status == INVOICE_PAID)
			r->paid_incl_cents += invoice_signed_cents(&v->inv);
	}
	return 0;
}

int svc_invoice_overview(struct store *s, struct arena *a, const struct edition *e,
			 struct cost_overview *out)
{
	struct overview_input in;
	int cap = 0, rc = load_input(s, a, e->id, &in);
	memset(out, 0, sizeof(*out));
	if (rc || (rc = add_charges(out, &cap, a, e, &in)) || (rc = add_invoices(out, &cap, a, &in)))
		return rc;
	out->total.organisation = "";
	for (int i = 0; i < out->n; i++)
		add_row(&out->total, &out->rows[i]);
	return 0;
}

/* ---- CSV ---- */

static void csv_text(struct buf *b, const char *s, char sep)
{
	int quote = strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r');
	int formula = strchr("=+-@\t", s[0]) && s[0];
	if (!quote && !formula) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void csv_amount(struct buf *b, int64_t cents, enum lang lang)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	buf_printf(b, "%s%llu%c%02u", cents < 0 ? "-" : "", (unsigned long long)(v / 100),
		   lang == LANG_NL ? ',' : '.', (unsigned)(v % 100));
}

static const char *const csv_columns[] = {
	N_("Organisation"), N_("Participants"), N_("Nights"), N_("Expected excl. VAT"),
	N_("Actual excl. VAT"), N_("Invoiced excl. VAT"), N_("Invoiced incl. VAT"),
	N_("Paid incl. VAT"),
};
#define NCOLUMNS ((int)(sizeof(csv_columns) / sizeof(csv_columns[0])))

static void csv_row(struct buf *b, const struct cost_row *r, const char *name, enum lang lang)
{
	char sep = lang == LANG_NL ? ';' : ',';
	const int64_t amounts[] = {r->expected_cents, r->actual_cents, r->invoiced_cents,
				   r->invoiced_incl_cents, r->paid_incl_cents};
	csv_text(b, name, sep);
	buf_printf(b, "%c%d%c%d", sep, r->participants, sep, r->nights);
	for (int i = 0; i < 5; i++) {
		buf_putc(b, sep);
		csv_amount(b, amounts[i], lang);
	}
	buf_puts(b, "\r\n");
}

void svc_invoice_overview_csv(struct buf *out, const struct cost_overview *o, enum lang lang)
{
	char sep = lang == LANG_NL ? ';' : ',';
	if (lang == LANG_NL)
		buf_puts(out, "\xEF\xBB\xBF");
	for (int i = 0; i < NCOLUMNS; i++) {
		if (i)
			buf_putc(out, sep);
		csv_text(out, TR(csv_columns[i]), sep);
	}
	buf_puts(out, "\r\n");
	for (int i = 0; i < o->n; i++)
		csv_row(out, &o->rows[i], o->rows[i].organisation, lang);
	csv_row(out, &o->total, TR("Total"), lang);
}

/* ---- XLSX ---- */

static double euro(int64_t cents)
{
	return (double)cents / 100.0;
}

static void xlsx_overview(lxw_workbook *wb, const struct cost_overview *o, enum lang lang)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, TR("Cost overview"));
	lxw_format *money = workbook_add_format(wb), *bold = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	format_set_bold(bold);
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, NCOLUMNS - 1, 16, NULL);
	for (int c = 0; c < NCOLUMNS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, TR(csv_columns[c]), bold);
	for (int i = 0; i <= o->n; i++) {
		const struct cost_row *r = i < o->n ? &o->rows[i] : &o->total;
		lxw_row_t row = (lxw_row_t)i + 1;
		const int64_t amounts[] = {r->expected_cents, r->actual_cents, r->invoiced_cents,
					   r->invoiced_incl_cents, r->paid_incl_cents};
		worksheet_write_string(ws, row, 0, i < o->n ? r->organisation : TR("Total"),
				       i < o->n ? NULL : bold);
		worksheet_write_number(ws, row, 1, r->participants, NULL);
		worksheet_write_number(ws, row, 2, r->nights, NULL);
		for (int c = 0; c < 5; c++)
			worksheet_write_number(ws, row, (lxw_col_t)(3 + c), euro(amounts[c]), money);
	}
}

static const char *const invoice_columns[] = {
	N_("Number"), N_("Kind"), N_("Organisation"), N_("Status"), N_("Invoice date"),
	N_("Corrects invoice"), N_("Lines"), N_("Total excluding VAT"), N_("VAT"),
	N_("Total including VAT"),
};

static void xlsx_invoices(lxw_workbook *wb, const struct invoice_row *inv, int n, enum lang lang)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, TR("Invoices"));
	lxw_format *money = workbook_add_format(wb), *bold = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	format_set_bold(bold);
	worksheet_set_column(ws, 0, 9, 16, NULL);
	worksheet_set_column(ws, 2, 2, 40, NULL);
	for (int c = 0; c < 10; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, TR(invoice_columns[c]), bold);
	for (int i = 0; i < n; i++) {
		const struct invoice *v = &inv[i].inv;
		lxw_row_t row = (lxw_row_t)i + 1;
		int credit = v->kind == INVOICE_KIND_CREDIT_NOTE;
		worksheet_write_string(ws, row, 0, v->number, NULL);
		worksheet_write_string(ws, row, 1, credit ? TR("Credit note") : TR("Invoice"), NULL);
		worksheet_write_string(ws, row, 2, inv[i].organisation ? inv[i].organisation : "", NULL);
		worksheet_write_string(ws, row, 3, invoice_status_code(inv[i].status), NULL);
		worksheet_write_string(ws, row, 4, v->issue_date, NULL);
		worksheet_write_string(ws, row, 5, v->corrects ? v->corrects : "", NULL);
		worksheet_write_number(ws, row, 6, (double)v->n_lines, NULL);
		worksheet_write_number(ws, row, 7, euro(v->totals.tax_exclusive_cents), money);
		worksheet_write_number(ws, row, 8, euro(v->totals.tax_cents), money);
		worksheet_write_number(ws, row, 9, euro(v->totals.tax_inclusive_cents), money);
	}
}

int svc_invoice_overview_xlsx(const char *path, const struct cost_overview *o,
			      const struct invoice_row *inv, int n, enum lang lang)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return LWP_EIO;
	xlsx_overview(wb, o, lang);
	xlsx_invoices(wb, inv, n, lang);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : LWP_EIO;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t got;
	if (!f)
		return LWP_EIO;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, got);
	int rc = ferror(f) ? LWP_EIO : out->failed ? LWP_ENOMEM : 0;
	fclose(f);
	return rc;
}

int svc_invoice_overview_xlsx_buf(struct buf *out, const struct cost_overview *o,
				  const struct invoice_row *inv, int n, enum lang lang)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/lwp-xlsx-XXXXXX", dir && *dir ? dir : "/tmp") >=
	    (int)sizeof(path))
		return LWP_EIO;
	int fd = mkstemp(path);
	if (fd < 0)
		return LWP_EIO;
	close(fd);
	int rc = svc_invoice_overview_xlsx(path, o, inv, n, lang);
	if (rc == 0)
		rc = read_file(path, out);
	unlink(path);
	return rc;
}
