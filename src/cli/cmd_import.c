/*
 * lwp import applications SLUG FILE.csv: applications received outside the
 * product (by mail, on paper). The header row names the JSON API's fields;
 * the encoding (UTF-8 or Windows-1252) and the separator (';' or ',') are
 * detected; every row goes through svc_application_import (the form's
 * validation, one transaction: nothing is stored when any row is bad).
 * CSV parsing by libcsv.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "service/applications.h"
#include "web/form.h"

#include <csv.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMPORT_FILE_MAX (20u << 20)
#define IMPORT_ROWS_MAX 10000
#define IMPORT_COLS_MAX 32

static const char import_help[] =
	"usage: lwp import applications SLUG FILE.csv [--dry-run] [--no-mail]\n"
	"                              [--base-url URL] [--db URL]\n\n"
	"Import applications received outside the product. The first row names\n"
	"the columns with the JSON API's field names (name, email, organisation,\n"
	"organisation_kind, function, phone, initiative_title, theme,\n"
	"initiative_summary, tags, motivation, question, billing_contact,\n"
	"billing_address, billing_reference, residential_needs, lang, eligible,\n"
	"consent, consent_directory); yes/no columns take ja/nee, yes/no,\n"
	"true/false or 1/0. UTF-8 or Windows-1252, separated by ';' or ','.\n"
	"Every row is checked as on the form; when any row is bad, each bad row\n"
	"is reported with its line number and nothing is imported (exit 1).\n"
	"--dry-run checks only. Each applicant gets the confirmation mail with\n"
	"the private link (base URL from --base-url or LWP_BASE_URL) unless\n"
	"--no-mail.\n";

/* Windows-1252's 0x80..0x9F; 0 where it has no character. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
	0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void put_utf8(struct buf *b, unsigned cp)
{
	char o[3];
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, o, 2);
	} else {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, o, 3);
	}
}

/* Windows-1252 to UTF-8; -1 for a byte that has no character. */
static int from_cp1252(const unsigned char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned cp = s[i];
		if (cp >= 0x80 && cp < 0xA0 && !(cp = cp1252_high[cp - 0x80]))
			return -1;
		put_utf8(out, cp);
	}
	return out->failed ? -1 : 0;
}

/* The separator: the one of ';' and ',' that the header row has more of. */
static unsigned char detect_separator(const char *s)
{
	int semi = 0, comma = 0, quoted = 0;
	for (; *s && (quoted || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == ';')
			semi++;
		else if (!quoted && *s == ',')
			comma++;
	}
	return semi >= comma && semi > 0 ? ';' : ',';
}

struct record {
	int line;
	int nfields;
	char *fields[IMPORT_COLS_MAX];
	int too_many;
};

struct reader {
	struct arena *a;
	struct record *recs;
	int n;
	int line;       /* the line being fed */
	int start;      /* the line the current record started on */
	int overflow;   /* more rows than IMPORT_ROWS_MAX */
	struct record cur;
	int field_started;
};

static void on_field(void *data, size_t len, void *r_)
{
	struct reader *r = r_;
	if (r->cur.nfields == 0 && !r->field_started)
		r->cur.line = r->start;
	r->field_started = 1;
	if (r->cur.nfields >= IMPORT_COLS_MAX) {
		r->cur.too_many = 1;
		return;
	}
	r->cur.fields[r->cur.nfields++] = arena_strndup(r->a, data ? data : "", data ? len : 0);
}

static void on_record(int c, void *r_)
{
	struct reader *r = r_;
	(void)c;
	/* A line with one empty field is a blank line: skipped. */
	int blank = r->cur.nfields == 1 && r->cur.fields[0] && !*r->cur.fields[0];
	if (!blank && r->cur.nfields > 0) {
		if (r->n < IMPORT_ROWS_MAX + 1)
			r->recs[r->n++] = r->cur;
		else
			r->overflow = 1;
	}
	memset(&r->cur, 0, sizeof(r->cur));
	r->field_started = 0;
	r->start = r->line + 1;
}

/* Parse text (UTF-8) into records, each with the line it starts on. */
static int parse_csv(struct reader *r, const char *text, unsigned char sep)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI))
		return -1;
	csv_set_delim(&p, sep);
	r->line = 1;
	r->start = 1;
	const char *s = text;
	int rc = 0;
	while (*s && !rc) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);
		if (csv_parse(&p, s, len, on_field, on_record, r) != len)
			rc = -1;
		s += len;
		if (nl)
			r->line++;
	}
	if (!rc && csv_fini(&p, on_field, on_record, r))
		rc = -1;
	if (rc)
		cli_error("line %d: %s", r->line, csv_strerror(csv_error(&p)));
	csv_free(&p);
	return rc;
}

/* ja/nee, yes/no, true/false, 1/0; empty is no. -1 otherwise. */
static int parse_yes_no(const char *v)
{
	static const char *const yes[] = {"ja", "yes", "true", "1", NULL};
	static const char *const no[] = {"nee", "no", "false", "0", "", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/* The header's fields; prints what is wrong and returns -1. */
static int read_header(const struct record *h, const struct input_field **cols)
{
	int bad = 0;
	for (int c = 0; c < h->nfields; c++) {
		cols[c] = application_field(h->fields[c]);
		if (!cols[c]) {
			cli_error("line %d: unknown column '%s'", h->line, h->fields[c]);
			bad = 1;
		}
		for (int d = 0; cols[c] && d < c; d++)
			if (cols[d] == cols[c]) {
				cli_error("line %d: column '%s' appears twice", h->line, h->fields[c]);
				bad = 1;
			}
	}
	if (h->too_many) {
		cli_error("line %d: more than %d columns", h->line, IMPORT_COLS_MAX);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* One row into in; the first problem is printed and -1 returned. */
static int read_row(struct arena *a, const struct record *rec, int ncols,
		    const struct input_field **cols, struct application_input *in)
{
	memset(in, 0, sizeof(*in));
	if (rec->nfields != ncols || rec->too_many) {
		cli_error("line %d: %d fields where the header has %d", rec->line,
			  rec->nfields, ncols);
		return -1;
	}
	for (int c = 0; c < ncols; c++) {
		const char *v = rec->fields[c];
		void *slot = (char *)in + cols[c]->offset;
		if (!utf8_valid(v, strlen(v))) {
			cli_error("line %d: %s: not valid text", rec->line, cols[c]->name);
			return -1;
		}
		if (cols[c]->boolean) {
			int yn = parse_yes_no(v);
			if (yn < 0) {
				cli_error("line %d: %s: use ja/nee, yes/no, true/false or 1/0",
					  rec->line, cols[c]->name);
				return -1;
			}
			*(int *)slot = yn;
		} else {
			*(char **)slot = *v ? arena_strdup(a, v) : NULL;
		}
	}
	return 0;
}

static void report_row(const struct record *rec, const struct submission *sub)
{
	if (sub->result == LWP_EINVAL && sub->fe.n) {
		for (int i = 0; i < sub->fe.n; i++)
			cli_error("line %d: %s: %s", rec->line, sub->fe.items[i].field,
				  sub->fe.items[i].msg);
	} else if (sub->result == LWP_ECONFLICT) {
		cli_error("line %d: email: this address applied for this edition already",
			  rec->line);
	} else if (sub->result) {
		cli_error("line %d: %s", rec->line, svc_application_error(sub->result));
	}
}

/* Read the file into text (UTF-8, without a BOM); *encoding names what it was. */
static int load(struct arena *a, const char *path, char **text, const char **encoding)
{
	FILE *f = fopen(path, "rb");
	struct buf raw, conv;
	char chunk[65536];
	size_t n;
	if (!f) {
		cli_error("cannot open %s", path);
		return -1;
	}
	buf_init(&raw, IMPORT_FILE_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&raw, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err || raw.failed) {
		cli_error(err ? "cannot read %s" : "%s is larger than 20 MB", path);
		buf_free(&raw);
		return -1;
	}
	const char *s = buf_cstr(&raw);
	size_t len = raw.len;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (memchr(s, '\0', len)) {
		cli_error("%s is not a text file", path);
		buf_free(&raw);
		return -1;
	}
	if (utf8_valid(s, len)) {
		*encoding = "UTF-8";
		*text = arena_strndup(a, s, len);
	} else {
		*encoding = "Windows-1252";
		buf_init(&conv, 4 * (size_t)IMPORT_FILE_MAX);
		if (from_cp1252((const unsigned char *)s, len, &conv)) {
			cli_error("%s is neither UTF-8 nor Windows-1252", path);
			buf_free(&conv);
			buf_free(&raw);
			return -1;
		}
		*text = arena_strndup(a, buf_cstr(&conv), conv.len);
		buf_free(&conv);
	}
	buf_free(&raw);
	return *text ? 0 : -1;
}

struct import_opts {
	const char *db;
	const char *base_url;
	int dry_run;
	int no_mail;
	const char *slug;
	const char *path;
};

static int import_parse(int argc, char **argv, struct import_opts *o)
{
	const char *env = getenv("LWP_BASE_URL");
	memset(o, 0, sizeof(*o));
	o->db = cli_default_db();
	o->base_url = env && *env ? env : "http://127.0.0.1:8080";
	const struct cli_opt opts[] = {
		CLI_VALUE("db", &o->db),
		CLI_VALUE("base-url", &o->base_url),
		CLI_FLAG("dry-run", &o->dry_run),
		CLI_FLAG("no-mail", &o->no_mail),
		CLI_OPTS_END,
	};
	int rc = cli_parse_options(argc, argv, opts, import_help);
	if (rc)
		return rc;
	if (argc - optind != 2) {
		cli_error("expected SLUG and FILE.csv");
		return -1;
	}
	o->slug = argv[optind];
	o->path = argv[optind + 1];
	if (!cli_text_ok(o->slug) || !cli_text_ok(o->base_url) ||
	    (strncmp(o->base_url, "http://", 7) != 0 && strncmp(o->base_url, "https://", 8) != 0)) {
		cli_error("bad slug or base URL");
		return -1;
	}
	return 0;
}

/* The readable rows to submissions (*n of them, recs[] their records);
 * *unreadable counts the rows that could not be read (printed). */
static int build(struct arena *a, const struct import_opts *o, struct reader *r,
		 const struct input_field **cols, struct submission *subs,
		 const struct record **recs, int *n, int *unreadable)
{
	int64_t now = tz_now();
	*n = 0;
	*unreadable = 0;
	for (int i = 1; i < r->n; i++) {
		struct application_input *in = arena_calloc(a, 1, sizeof(*in));
		if (!in)
			return -1;
		if (read_row(a, &r->recs[i], r->recs[0].nfields, cols, in)) {
			(*unreadable)++;
			continue;
		}
		recs[*n] = &r->recs[i];
		subs[(*n)++] = (struct submission){.slug = o->slug, .in = in, .lang = LANG_NL,
						   .base_url = o->base_url, .now = now,
						   .no_mail = o->no_mail};
	}
	return 0;
}

static int import_applications(int argc, char **argv)
{
	struct import_opts o;
	int rc = import_parse(argc, argv, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct arena *a = arena_new();
	struct reader r = {0};
	const struct input_field *cols[IMPORT_COLS_MAX];
	const char *encoding;
	char *text;
	struct store *s = NULL;
	int exit_code = EXIT_FAIL;
	if (!a || load(a, o.path, &text, &encoding))
		goto done;
	r.a = a;
	r.recs = arena_calloc(a, IMPORT_ROWS_MAX + 1, sizeof(*r.recs));
	unsigned char sep = detect_separator(text);
	if (!r.recs || parse_csv(&r, text, sep))
		goto done;
	if (r.overflow) {
		cli_error("more than %d rows; split the file", IMPORT_ROWS_MAX);
		goto done;
	}
	if (r.n == 0 || read_header(&r.recs[0], cols))
		goto done;
	if (r.n == 1) {
		cli_error("%s has a header but no applications", o.path);
		goto done;
	}
	struct submission *subs = arena_calloc(a, (size_t)r.n, sizeof(*subs));
	const struct record **recs = /* an array of pointers */
		arena_calloc(a, (size_t)r.n, sizeof(const struct record *)); /* NOLINT(bugprone-sizeof-expression) */
	int n, unreadable;
	if (!subs || !recs || build(a, &o, &r, cols, subs, recs, &n, &unreadable))
		goto done;
	if (cli_open_store(o.db, &s)) {
		s = NULL;
		goto done;
	}
	/* With unreadable rows the others are still checked (and rolled
	 * back), so that every bad row is reported at once. */
	const struct actor cli = ACTOR_CLI;
	rc = svc_application_import(s, a, &cli, subs, n, o.dry_run || unreadable);
	if (rc == LWP_EINVAL) {
		for (int i = 0; i < n; i++)
			report_row(recs[i], &subs[i]);
		cli_error("nothing was imported");
	} else if (rc == LWP_ENOTFOUND) {
		cli_error("no edition with slug '%s'", o.slug);
	} else if (rc) {
		cli_error("%s; nothing was imported", svc_application_error(rc));
	} else if (unreadable) {
		cli_error("nothing was imported");
	} else {
		int waitlisted = 0;
		for (int i = 0; i < n; i++)
			waitlisted += subs[i].receipt.status == APP_WAITLISTED;
		printf("%s %d applications (%s, separated by '%c')%s", o.dry_run ? "would import"
		       : "imported", n, encoding, sep, o.dry_run ? "\n" : "");
		if (!o.dry_run)
			printf(", %d on the waiting list%s\n", waitlisted,
			       o.no_mail ? ", no mail sent" : "");
		exit_code = EXIT_OK;
	}
done:
	store_close(s);
	arena_free(a);
	return exit_code;
}

int cmd_import(int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"applications", import_applications}, {NULL, NULL}};
	return cli_dispatch(argc, argv, import_help, subs, "import");
}
