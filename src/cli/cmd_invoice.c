/*
 * lwp invoice: costs and invoices of an edition from the command line (the
 * same services as the console and the API): the seller's and the
 * edition's settings, billing data, creating the drafts, listing, sending,
 * marking paid, crediting, and exporting UBL, CSV and XLSX files.
 */
#include "cli/cli.h"
#include "core/parse.h"
#include "core/tz.h"
#include "domain/rules.h"
#include "domain/ubl.h"
#include "service/editions.h"
#include "service/invoices.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char invoice_help[] =
	"usage: lwp invoice create SLUG\n"
	"       lwp invoice list SLUG [--json]\n"
	"       lwp invoice send NUMBER [--base-url URL]\n"
	"       lwp invoice paid NUMBER\n"
	"       lwp invoice credit NUMBER --reason TEXT [--participant ID] [--new-draft]\n"
	"       lwp invoice export SLUG --format ubl|csv|xlsx --out DIR [--lang nl|en]\n"
	"       lwp invoice seller [--name N --address A --postcode P --city C\n"
	"                           (--oin OIN | --kvk KVK) --iban IBAN [--bic BIC]\n"
	"                           [--vat-number V] [--contact-name N] [--contact-phone T]\n"
	"                           [--contact-email E]]\n"
	"       lwp invoice vat SLUG [--category standard|exempt|not-subject] [--rate PCT]\n"
	"                        [--reason TEXT] [--code VATEX] [--nights N] [--payment-days D]\n"
	"                        [--price-per-night EUR]\n"
	"       lwp invoice billing SLUG ORGANISATION [--legal-name N] [--address A]\n"
	"                        [--postcode P] [--city C] [--oin OIN | --kvk KVK]\n"
	"                        [--buyer-reference R] [--order-reference R]\n"
	"                        [--contact-name N] [--email E]\n"
	"  (every form takes --db URL)\n\n"
	"create makes one draft invoice per organisation that has accepted\n"
	"participants and no invoice yet: the edition's fee per participant, the\n"
	"nights booked at the residential meetings and the manual lines, numbered\n"
	"YYYY-NNNN from the series of the year without gaps. send freezes a draft\n"
	"and mails it (UBL SI-UBL 2.0 and a printable copy) to the organisation's\n"
	"invoice address; a sent invoice never changes: credit makes a credit note\n"
	"that refers to it (of one participant's lines with --participant), and\n"
	"with --new-draft a new draft follows. export writes each invoice and\n"
	"credit note as UBL XML, or the cost overview as CSV (nl: ';' with a BOM,\n"
	"en: ',') or XLSX. seller without options shows the seller's data; vat\n"
	"without options shows the edition's setting (exempt for education by\n"
	"default). billing sets the organisation's billing data for the edition\n"
	"(prefilled from the application form).\n";

struct invoice_opts {
	const char *db, *base_url, *reason, *format, *out, *lang;
	long long participant;
	int json, new_draft;
	struct invoice_seller seller;
	int seller_given;
	const char *category, *rate, *vat_reason, *vat_code, *nights, *payment_days, *price;
	struct invoice_buyer buyer;
	int buyer_given[11];
};

enum {
	O_DB = 256, O_BASE, O_REASON, O_PARTICIPANT, O_NEW_DRAFT, O_JSON, O_FORMAT, O_OUT, O_LANG,
	O_NAME, O_ADDRESS, O_POSTCODE, O_CITY, O_OIN, O_KVK, O_IBAN, O_BIC, O_VATNR, O_CNAME,
	O_CPHONE, O_CEMAIL, O_CATEGORY, O_RATE, O_CODE, O_NIGHTS, O_DAYS, O_LEGAL, O_BREF, O_OREF,
	O_EMAIL, O_PRICE, O_HELP,
};

static const struct option invoice_options[] = {
	{"db", required_argument, NULL, O_DB}, {"base-url", required_argument, NULL, O_BASE},
	{"reason", required_argument, NULL, O_REASON},
	{"participant", required_argument, NULL, O_PARTICIPANT},
	{"new-draft", no_argument, NULL, O_NEW_DRAFT}, {"json", no_argument, NULL, O_JSON},
	{"format", required_argument, NULL, O_FORMAT}, {"out", required_argument, NULL, O_OUT},
	{"lang", required_argument, NULL, O_LANG}, {"name", required_argument, NULL, O_NAME},
	{"address", required_argument, NULL, O_ADDRESS},
	{"postcode", required_argument, NULL, O_POSTCODE}, {"city", required_argument, NULL, O_CITY},
	{"oin", required_argument, NULL, O_OIN}, {"kvk", required_argument, NULL, O_KVK},
	{"iban", required_argument, NULL, O_IBAN}, {"bic", required_argument, NULL, O_BIC},
	{"vat-number", required_argument, NULL, O_VATNR},
	{"contact-name", required_argument, NULL, O_CNAME},
	{"contact-phone", required_argument, NULL, O_CPHONE},
	{"contact-email", required_argument, NULL, O_CEMAIL},
	{"category", required_argument, NULL, O_CATEGORY}, {"rate", required_argument, NULL, O_RATE},
	{"code", required_argument, NULL, O_CODE}, {"nights", required_argument, NULL, O_NIGHTS},
	{"payment-days", required_argument, NULL, O_DAYS},
	{"legal-name", required_argument, NULL, O_LEGAL},
	{"buyer-reference", required_argument, NULL, O_BREF},
	{"order-reference", required_argument, NULL, O_OREF},
	{"email", required_argument, NULL, O_EMAIL},
	{"price-per-night", required_argument, NULL, O_PRICE}, {"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0},
};

/* Options that name a field of the seller or the buyer. */
static int party_option(struct invoice_opts *o, int c, const char *v)
{
	struct invoice_seller *s = &o->seller;
	struct invoice_buyer *b = &o->buyer;
	switch (c) {
	case O_NAME: s->name = v; break;
	case O_ADDRESS: s->address = b->address = v; o->buyer_given[1] = 1; break;
	case O_POSTCODE: s->postcode = b->postcode = v; o->buyer_given[2] = 1; break;
	case O_CITY: s->city = b->city = v; o->buyer_given[3] = 1; break;
	case O_OIN: s->id_scheme = b->id_scheme = INVOICE_ID_OIN; s->id = b->id = v; o->buyer_given[4] = 1; break;
	case O_KVK: s->id_scheme = b->id_scheme = INVOICE_ID_KVK; s->id = b->id = v; o->buyer_given[4] = 1; break;
	case O_IBAN: s->iban = v; break;
	case O_BIC: s->bic = v; break;
	case O_VATNR: s->vat_number = v; break;
	case O_CNAME: s->contact_name = b->contact_name = v; o->buyer_given[7] = 1; break;
	case O_CPHONE: s->contact_phone = v; break;
	case O_CEMAIL: s->contact_email = v; break;
	case O_LEGAL: b->name = v; o->buyer_given[0] = 1; return 0;
	case O_BREF: b->buyer_reference = v; o->buyer_given[5] = 1; return 0;
	case O_OREF: b->order_reference = v; o->buyer_given[6] = 1; return 0;
	case O_EMAIL: b->email = v; o->buyer_given[8] = 1; return 0;
	default: return -1;
	}
	o->seller_given = 1;
	return 0;
}

static int vat_option(struct invoice_opts *o, int c, const char *v)
{
	switch (c) {
	case O_CATEGORY: o->category = v; break;
	case O_RATE: o->rate = v; break;
	case O_REASON: o->reason = o->vat_reason = v; break;
	case O_CODE: o->vat_code = v; break;
	case O_NIGHTS: o->nights = v; break;
	case O_DAYS: o->payment_days = v; break;
	case O_PRICE: o->price = v; break;
	default: return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct invoice_opts *o)
{
	int c;
	memset(o, 0, sizeof(*o));
	o->db = cli_default_db();
	o->base_url = getenv("LWP_BASE_URL");
	o->lang = "nl";
	optind = 1;
	while ((c = getopt_long(argc, argv, "", invoice_options, NULL)) != -1) {
		if (optarg && !cli_text_ok(optarg)) {
			cli_error("option values must be one line of UTF-8 text");
			return EXIT_USAGE;
		}
		switch (c) {
		case O_DB: o->db = optarg; break;
		case O_BASE: o->base_url = optarg; break;
		case O_PARTICIPANT:
			if (parse_int(optarg, 1, INT64_MAX, &o->participant)) {
				cli_error("--participant takes an application id");
				return EXIT_USAGE;
			}
			break;
		case O_NEW_DRAFT: o->new_draft = 1; break;
		case O_JSON: o->json = 1; break;
		case O_FORMAT: o->format = optarg; break;
		case O_OUT: o->out = optarg; break;
		case O_LANG: o->lang = optarg; break;
		case O_HELP: fputs(invoice_help, stdout); return -1;
		default:
			if (party_option(o, c, optarg) == 0 || vat_option(o, c, optarg) == 0)
				break;
			fputs(invoice_help, stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static void print_invoice_error(int rc, const struct invoice_error *ie)
{
	if (rc == LWP_EINVAL && ie->msg)
		cli_error("%s%s%s%s%s", ie->field ? ie->field : "", ie->field ? ": " : "", ie->msg,
			  ie->rule ? " " : "", ie->rule ? ie->rule : "");
	else if (rc == LWP_ECONFLICT)
		cli_error("%s", svc_invoice_error(rc));
	else if (rc == LWP_ENOTFOUND)
		cli_error("not found");
	else
		cli_error("failed (%s)", lwp_result_name(rc));
}

static int edition_of(struct store *s, struct arena *a, const char *slug, struct edition *e)
{
	int rc = store_edition_get(s, a, slug, e);
	if (rc == LWP_ENOTFOUND)
		cli_error("no edition with slug '%s'", slug);
	else if (rc)
		cli_error("could not read the edition (%s)", lwp_result_name(rc));
	return rc;
}

/* ---- create, list ---- */

static int do_create(struct store *s, struct arena *a, const char *slug)
{
	struct edition e;
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	int created, rc = edition_of(s, a, slug, &e);
	if (rc)
		return rc;
	if ((rc = svc_invoice_create(s, a, &who, &e, tz_now(), &created, &ie)))
		print_invoice_error(rc, &ie);
	else
		printf("%d invoice(s) created\n", created);
	return rc;
}

static const char *kind_code(const struct invoice_row *r)
{
	return r->inv.kind == INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice";
}

static json_t *invoice_json(const struct invoice_row *r)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s?, s:s, s:I, s:I, s:I, s:I, s:b}",
			 "number", r->inv.number, "kind", kind_code(r), "organisation",
			 r->organisation ? r->organisation : "", "organisation_id",
			 (json_int_t)r->inv.organisation_id, "status",
			 invoice_status_code(r->status), "corrects", r->inv.corrects,
			 "issue_date", r->inv.issue_date, "lines", (json_int_t)r->inv.n_lines,
			 "total_excl_vat_cents", (json_int_t)r->inv.totals.tax_exclusive_cents,
			 "vat_cents", (json_int_t)r->inv.totals.tax_cents,
			 "total_incl_vat_cents", (json_int_t)r->inv.totals.tax_inclusive_cents,
			 "credited", r->credited);
}

static int do_list(struct store *s, struct arena *a, const char *slug, int json)
{
	struct edition e;
	struct invoice_row *rows;
	int n, rc = edition_of(s, a, slug, &e);
	if (rc || (rc = store_invoice_list(s, a, e.id, &rows, &n))) {
		if (rc != LWP_ENOTFOUND)
			cli_error("could not read the invoices (%s)", lwp_result_name(rc));
		return rc;
	}
	if (json) {
		json_t *items = json_array();
		for (int i = 0; items && i < n; i++)
			json_array_append_new(items, invoice_json(&rows[i]));
		int bad = !items || json_dumpf(items, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(items);
		return bad ? LWP_ENOMEM : 0;
	}
	printf("%-10s %-11s %-40s %5s %14s %14s %s\n", "number", "kind", "organisation", "lines",
	       "excl. VAT", "incl. VAT", "status");
	for (int i = 0; i < n; i++) {
		char excl[64], incl[64];
		invoice_format_amount(excl, sizeof(excl), rows[i].inv.totals.tax_exclusive_cents, LANG_EN);
		invoice_format_amount(incl, sizeof(incl), rows[i].inv.totals.tax_inclusive_cents, LANG_EN);
		printf("%-10s %-11s %-40.40s %5zu %14s %14s %s%s\n", rows[i].inv.number,
		       kind_code(&rows[i]), rows[i].organisation, rows[i].inv.n_lines, excl + 4,
		       incl + 4, invoice_status_code(rows[i].status), rows[i].credited ? " (credited)" : "");
	}
	return 0;
}

/* ---- send, paid, credit ---- */

static int by_number(struct store *s, struct arena *a, const char *number, struct invoice_row *row)
{
	int rc = store_invoice_by_number(s, a, number, row);
	if (rc == LWP_ENOTFOUND)
		cli_error("no invoice numbered '%s'", number);
	else if (rc)
		cli_error("could not read the invoice (%s)", lwp_result_name(rc));
	return rc;
}

static int do_send(struct store *s, struct arena *a, const char *number, const struct invoice_opts *o)
{
	struct invoice_row row;
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	char *token;
	int rc = by_number(s, a, number, &row);
	if (rc)
		return rc;
	if ((rc = svc_invoice_send(s, a, &who, o->base_url, NULL, row.id, tz_now(), &ie, &token)))
		print_invoice_error(rc, &ie);
	else
		printf("%s sent to %s; the mail is in the outbox\ncontact link: %s/facturen/%s\n",
		       number, row.inv.buyer.email, o->base_url ? o->base_url : "", token);
	return rc;
}

static int do_paid(struct store *s, struct arena *a, const char *number)
{
	struct invoice_row row;
	struct actor who = ACTOR_CLI;
	int rc = by_number(s, a, number, &row);
	if (rc)
		return rc;
	if ((rc = svc_invoice_paid(s, a, &who, NULL, row.id, tz_now())))
		cli_error("only a sent invoice can be marked paid (%s)", lwp_result_name(rc));
	else
		printf("%s paid\n", number);
	return rc;
}

static int do_credit(struct store *s, struct arena *a, const char *number, const struct invoice_opts *o)
{
	struct invoice_row row, cn;
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	int64_t id;
	int rc = by_number(s, a, number, &row);
	if (rc)
		return rc;
	rc = svc_invoice_credit(s, a, &who, o->base_url, NULL, row.id, o->participant, o->reason,
				o->new_draft, tz_now(), &ie, &id);
	if (rc == LWP_ECONFLICT)
		cli_error("%s cannot be credited: it is a draft or a credit note, or it was credited already", number);
	else if (rc)
		print_invoice_error(rc, &ie);
	else if ((rc = store_invoice_get(s, a, id, &cn)) == 0)
		printf("credit note %s corrects %s\n", cn.inv.number, number);
	return rc;
}

/* ---- export ---- */

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		cli_error("path too long");
		return LWP_EIO;
	}
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f))
		ok = 0;
	if (!ok) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return LWP_EIO;
	}
	printf("%s\n", path);
	return 0;
}

static int export_ubl(struct arena *a, const struct invoice_row *rows, int n, const char *dir)
{
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		struct buf b;
		struct invoice_error ie = {0};
		buf_init(&b, 16u << 20);
		if ((rc = ubl_write(&b, &rows[i].inv, &ie)))
			cli_error("%s: %s: %s", rows[i].inv.number, ie.field ? ie.field : "",
				  ie.msg ? ie.msg : lwp_result_name(rc));
		else
			rc = write_file(dir, invoice_file_name(a, &rows[i], "xml"), b.data, b.len);
		buf_free(&b);
	}
	return rc;
}

static int export_overview(struct store *s, struct arena *a, const struct edition *e,
			   const struct invoice_row *rows, int n, const struct invoice_opts *o)
{
	struct cost_overview ov;
	struct buf b;
	enum lang lang = strcmp(o->lang, "en") == 0 ? LANG_EN : LANG_NL;
	int csv = strcmp(o->format, "csv") == 0;
	int rc = svc_invoice_overview(s, a, e, &ov);
	if (rc) {
		cli_error("could not compute the overview (%s)", lwp_result_name(rc));
		return rc;
	}
	buf_init(&b, 64u << 20);
	if (csv)
		svc_invoice_overview_csv(&b, &ov, lang);
	else
		rc = svc_invoice_overview_xlsx_buf(&b, &ov, rows, n, lang);
	if (rc == 0 && b.failed)
		rc = LWP_ENOMEM;
	const char *name = arena_printf(a, "%s-%s.%s", lang == LANG_NL ? "kostenoverzicht" : "cost-overview",
					e->slug, csv ? "csv" : "xlsx");
	if (rc)
		cli_error("could not write the overview (%s)", lwp_result_name(rc));
	else
		rc = write_file(o->out, name ? name : "overview", b.data, b.len);
	buf_free(&b);
	return rc;
}

static int do_export(struct store *s, struct arena *a, const char *slug, const struct invoice_opts *o)
{
	struct edition e;
	struct invoice_row *rows;
	int n, rc;
	int format_ok = o->format && (strcmp(o->format, "ubl") == 0 || strcmp(o->format, "csv") == 0 ||
				      strcmp(o->format, "xlsx") == 0);
	int lang_ok = strcmp(o->lang, "nl") == 0 || strcmp(o->lang, "en") == 0;
	if (!format_ok || !o->out || !lang_ok) {
		cli_error("export needs --format ubl|csv|xlsx and --out DIR (--lang nl|en)");
		return LWP_EINVAL;
	}
	if (mkdir(o->out, 0755) && errno != EEXIST) {
		cli_error("cannot create %s: %s", o->out, strerror(errno));
		return LWP_EIO;
	}
	if ((rc = edition_of(s, a, slug, &e)) || (rc = store_invoice_list(s, a, e.id, &rows, &n)))
		return rc;
	if (strcmp(o->format, "ubl") == 0)
		return export_ubl(a, rows, n, o->out);
	return export_overview(s, a, &e, rows, n, o);
}

/* ---- settings ---- */

static void show_seller(const struct invoice_seller *v)
{
	printf("name:          %s\naddress:       %s\npostcode/city: %s %s\n%s:           %s\n"
	       "VAT number:    %s\nIBAN:          %s\nBIC:           %s\ncontact:       %s %s %s\n",
	       v->name, v->address, v->postcode, v->city,
	       v->id_scheme == INVOICE_ID_OIN ? "OIN" : "KVK", v->id,
	       v->vat_number ? v->vat_number : "-", v->iban, v->bic ? v->bic : "-",
	       v->contact_name ? v->contact_name : "", v->contact_email ? v->contact_email : "",
	       v->contact_phone ? v->contact_phone : "");
}

static int do_seller(struct store *s, struct arena *a, struct invoice_opts *o)
{
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	struct invoice_seller cur;
	int rc;
	if (!o->seller_given) {
		rc = store_invoice_seller(s, a, &cur);
		if (rc == LWP_ENOTFOUND)
			cli_error("the seller has not been set yet");
		else if (rc == 0)
			show_seller(&cur);
		return rc;
	}
	o->seller.means = o->seller.bic ? INVOICE_PAY_TRANSFER : INVOICE_PAY_SEPA;
	if ((rc = svc_invoice_seller_set(s, a, &who, &o->seller, tz_now(), &ie)))
		print_invoice_error(rc, &ie);
	else
		printf("seller saved\n");
	return rc;
}

static int parse_vat(const struct invoice_opts *o, struct invoice_settings *v)
{
	long long n;
	double pct;
	char *end;
	if (o->category) {
		if (strcmp(o->category, "standard") == 0)
			v->vat.category = VAT_STANDARD;
		else if (strcmp(o->category, "exempt") == 0)
			v->vat.category = VAT_EXEMPT;
		else if (strcmp(o->category, "not-subject") == 0)
			v->vat.category = VAT_NOT_SUBJECT;
		else
			return -1;
		v->vat.rate_bp = 0;
		v->vat.exemption_reason = NULL;
		v->vat.exemption_code = v->vat.category == VAT_NOT_SUBJECT ? VATEX_NOT_SUBJECT : NULL;
	}
	if (o->rate) {
		errno = 0;
		pct = strtod(o->rate, &end);
		if (errno || *end || pct < 0 || pct > 100)
			return -1;
		v->vat.rate_bp = (int)(pct * 100 + 0.5);
	}
	if (o->vat_reason)
		v->vat.exemption_reason = o->vat_reason;
	if (o->vat_code)
		v->vat.exemption_code = o->vat_code;
	if (o->nights && parse_int(o->nights, 0, 365, &n) == 0)
		v->residential_nights = (int)n;
	else if (o->nights)
		return -1;
	if (o->payment_days && parse_int(o->payment_days, 0, 365, &n) == 0)
		v->payment_days = (int)n;
	else if (o->payment_days)
		return -1;
	return 0;
}

/* The edition's accommodation price per night (an edition field). */
static int set_price(struct store *s, struct arena *a, struct edition *e, const char *price)
{
	long long cents;
	struct field_errors fe = {0};
	struct actor who = ACTOR_CLI;
	if (cli_parse_euro(price, &cents)) {
		cli_error("--price-per-night is in euro, e.g. 145 or 145.50");
		return LWP_EINVAL;
	}
	e->accommodation_cents = cents;
	int rc = svc_edition_update(s, a, &who, e, tz_now(), &fe, NULL);
	if (rc)
		cli_error("could not save the price per night (%s)", lwp_result_name(rc));
	return rc;
}

static int do_vat(struct store *s, struct arena *a, const char *slug, const struct invoice_opts *o)
{
	struct edition e;
	struct invoice_settings v;
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	int rc = edition_of(s, a, slug, &e);
	if (rc || (rc = store_invoice_settings(s, e.id, a, &v)))
		return rc;
	if (o->price && (rc = set_price(s, a, &e, o->price)))
		return rc;
	if (o->price && !o->category && !o->rate && !o->vat_reason && !o->vat_code && !o->nights &&
	    !o->payment_days) {
		printf("price per night of %s saved\n", slug);
		return 0;
	}
	if (!o->category && !o->rate && !o->vat_reason && !o->vat_code && !o->nights &&
	    !o->payment_days) {
		printf("category %s, rate %d.%02d%%, reason %s, code %s, nights %d, payment days %d,"
		       " price per night %lld cents\n",
		       invoice_vat_code(v.vat.category), v.vat.rate_bp / 100, v.vat.rate_bp % 100,
		       v.vat.exemption_reason ? v.vat.exemption_reason : "-",
		       v.vat.exemption_code ? v.vat.exemption_code : "-", v.residential_nights,
		       v.payment_days, (long long)e.accommodation_cents);
		return 0;
	}
	if (parse_vat(o, &v)) {
		cli_error("bad --category, --rate, --nights or --payment-days");
		return LWP_EINVAL;
	}
	if ((rc = svc_invoice_settings_set(s, a, &who, &e, &v, tz_now(), &ie)))
		print_invoice_error(rc, &ie);
	else
		printf("invoice settings of %s saved\n", slug);
	return rc;
}

static int organisation_id(struct store *s, struct arena *a, const char *name, int64_t *id)
{
	struct organisation_row *rows;
	int n, rc = store_organisation_list(s, a, &rows, &n);
	char *key = name_key(a, name);
	for (int i = 0; !rc && key && i < n; i++)
		if (strcmp(name_key(a, rows[i].name), key) == 0) {
			*id = rows[i].id;
			return 0;
		}
	cli_error("no organisation named '%s'", name);
	return rc ? rc : LWP_ENOTFOUND;
}

static int do_billing(struct store *s, struct arena *a, const char *slug, const char *org,
		      const struct invoice_opts *o)
{
	struct edition e;
	struct invoice_billing b;
	struct invoice_error ie = {0};
	struct actor who = ACTOR_CLI;
	int64_t id;
	int rc = edition_of(s, a, slug, &e);
	if (rc || (rc = organisation_id(s, a, org, &id)) ||
	    (rc = store_invoice_billing(s, a, e.id, id, &b)))
		return rc;
	const char **fields[] = {&b.buyer.name, &b.buyer.address, &b.buyer.postcode, &b.buyer.city,
				 &b.buyer.id, &b.buyer.buyer_reference, &b.buyer.order_reference,
				 &b.buyer.contact_name, &b.buyer.email};
	const char *given[] = {o->buyer.name, o->buyer.address, o->buyer.postcode, o->buyer.city,
			       o->buyer.id, o->buyer.buyer_reference, o->buyer.order_reference,
			       o->buyer.contact_name, o->buyer.email};
	for (int i = 0; i < 9; i++)
		if (o->buyer_given[i])
			*fields[i] = given[i];
	if (o->buyer_given[4])
		b.buyer.id_scheme = o->buyer.id_scheme;
	if ((rc = svc_invoice_billing_set(s, a, &who, &e, &b, tz_now(), &ie)))
		print_invoice_error(rc, &ie);
	else
		printf("billing data of %s saved\n", b.buyer.name);
	return rc;
}

/* ---- dispatch ---- */

static int run(struct store *s, struct arena *a, const char *sub, char **args, int nargs,
	       struct invoice_opts *o)
{
	if (strcmp(sub, "seller") == 0 && nargs == 0)
		return do_seller(s, a, o);
	if (strcmp(sub, "billing") == 0 && nargs == 2)
		return do_billing(s, a, args[0], args[1], o);
	if (nargs != 1)
		return 1;
	if (strcmp(sub, "create") == 0)
		return do_create(s, a, args[0]);
	if (strcmp(sub, "list") == 0)
		return do_list(s, a, args[0], o->json);
	if (strcmp(sub, "send") == 0)
		return do_send(s, a, args[0], o);
	if (strcmp(sub, "paid") == 0)
		return do_paid(s, a, args[0]);
	if (strcmp(sub, "credit") == 0)
		return do_credit(s, a, args[0], o);
	if (strcmp(sub, "export") == 0)
		return do_export(s, a, args[0], o);
	if (strcmp(sub, "vat") == 0)
		return do_vat(s, a, args[0], o);
	return 1;
}

static int known(const char *sub, int nargs)
{
	static const char *const one[] = {"create", "list", "send", "paid", "credit", "export", "vat"};
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (strcmp(sub, one[i]) == 0)
			return nargs == 1;
	return (strcmp(sub, "seller") == 0 && nargs == 0) || (strcmp(sub, "billing") == 0 && nargs == 2);
}

int cmd_invoice(int argc, char **argv)
{
	struct invoice_opts o;
	int prc = parse_options(argc, argv, &o);
	if (prc)
		return prc < 0 ? EXIT_OK : prc;
	if (optind >= argc || !known(argv[optind], argc - optind - 1)) {
		cli_error("expected a subcommand with its arguments; run 'lwp invoice --help'");
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "credit") == 0 && !o.reason) {
		cli_error("credit needs --reason TEXT");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int rc = run(s, a, argv[optind], argv + optind + 1, argc - optind - 1, &o);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
