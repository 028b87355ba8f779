/* lwp initiative import|list|search: the registry of the network from the
 * command line. The import reads a CSV file (libcsv) with a header row,
 * checks every row, reports the bad ones by line and stores all rows in
 * one transaction, or none (unless --skip-bad: the good ones). */
#include "cli/cli.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "service/network.h"

#include <csv.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char initiative_help[] =
	"usage: lwp initiative import FILE.csv [--skip-bad] [--db URL]\n"
	"       lwp initiative list [--json] [--db URL]\n"
	"       lwp initiative search TEXT [--json] [--limit N] [--db URL]\n\n"
	"import: a UTF-8 CSV file with a header row naming its columns, of\n"
	"  title, organisation, organisation_kind, theme, stage, tags, summary,\n"
	"  question, owner_name, owner_email, visibility\n"
	"  (title, organisation, organisation_kind, theme, summary, owner_name and\n"
	"  owner_email are needed; stage defaults to started, visibility to\n"
	"  network). Every row is checked; the bad ones are reported with their\n"
	"  line numbers and then nothing is imported, unless --skip-bad, which\n"
	"  imports the good rows. Imported initiatives are published.\n"
	"list: every initiative with its status and visibility.\n"
	"search: the ranking of the site and the API, as a member of the network\n"
	"  sees it (public and network initiatives), best first.\n";

enum col { C_TITLE, C_ORG, C_KIND, C_THEME, C_STAGE, C_TAGS, C_SUMMARY, C_QUESTION,
	   C_OWNER_NAME, C_OWNER_EMAIL, C_VISIBILITY, C_COUNT };
static const char *const col_names[C_COUNT] = {
	"title", "organisation", "organisation_kind", "theme", "stage", "tags", "summary",
	"question", "owner_name", "owner_email", "visibility"};
static const int col_needed[C_COUNT] = {1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0};

#define IMPORT_ROWS_MAX 100000
#define IMPORT_FIELDS_MAX 64

struct reader {
	struct arena *a;
	int line;              /* physical line being fed */
	int record_line;       /* where the current record began */
	int header_done;
	int map[IMPORT_FIELDS_MAX]; /* field index -> column, -1 unknown */
	int nheader;
	char *fields[IMPORT_FIELDS_MAX];
	int nfields;
	int bad_utf8;
	struct import_row *rows;
	int n, cap;
	int failed;            /* header problem or out of memory: stop */
	int bad;               /* rows with problems */
};

static void on_field(void *s, size_t len, void *data)
{
	struct reader *rd = data;
	if (rd->nfields == 0 && !rd->record_line)
		rd->record_line = rd->line;
	if (rd->nfields >= IMPORT_FIELDS_MAX) {
		rd->nfields++;
		return;
	}
	const char *text = s ? s : "";
	if (!utf8_valid(text, len) || memchr(text, '\0', len))
		rd->bad_utf8 = 1;
	rd->fields[rd->nfields++] = arena_strndup(rd->a, text, len);
}

static void header(struct reader *rd)
{
	rd->nheader = rd->nfields;
	int seen[C_COUNT] = {0};
	for (int i = 0; i < rd->nfields && i < IMPORT_FIELDS_MAX; i++) {
		char *name = rd->fields[i] ? rd->fields[i] : (char *)"";
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3; /* a byte order mark */
		rd->map[i] = -1;
		for (int c = 0; c < C_COUNT; c++)
			if (strcmp(name, col_names[c]) == 0 && !seen[c]) {
				rd->map[i] = c;
				seen[c] = 1;
			}
		if (rd->map[i] < 0) {
			fprintf(stderr, "line %d: unknown or repeated column '%s'\n", rd->record_line,
				name);
			rd->failed = 1;
		}
	}
	for (int c = 0; c < C_COUNT; c++)
		if (col_needed[c] && !seen[c]) {
			fprintf(stderr, "line %d: the column '%s' is missing\n", rd->record_line,
				col_names[c]);
			rd->failed = 1;
		}
}

static void report(int line, const struct field_errors *fe)
{
	for (int i = 0; i < fe->n; i++)
		fprintf(stderr, "line %d: %s: %s\n", line, fe->items[i].field, fe->items[i].msg);
}

static void on_row(int c, void *data)
{
	struct reader *rd = data;
	(void)c;
	int line = rd->record_line ? rd->record_line : rd->line;
	if (!rd->header_done) {
		header(rd);
		rd->header_done = 1;
	} else if (!rd->failed) {
		struct import_row row;
		struct field_errors fe = {0};
		memset(&row, 0, sizeof(row));
		row.line = line;
		char **slot[C_COUNT] = {&row.in.title, &row.in.organisation, &row.in.organisation_kind,
					&row.in.theme, &row.in.stage, &row.in.tags, &row.in.summary,
					&row.in.question, &row.owner_name, &row.owner_email,
					&row.in.visibility};
		for (int i = 0; i < rd->nfields && i < rd->nheader && i < IMPORT_FIELDS_MAX; i++)
			if (rd->map[i] >= 0)
				*slot[rd->map[i]] = rd->fields[i] && *rd->fields[i] ? rd->fields[i] : NULL;
		if (rd->nfields != rd->nheader)
			field_errors_add(&fe, "row", "has a different number of fields than the header");
		if (rd->bad_utf8)
			field_errors_add(&fe, "row", "is not valid UTF-8");
		if (!fe.n)
			LWP_IGNORE(svc_import_row_check(rd->a, &row, &fe));
		if (fe.n) {
			report(line, &fe);
			rd->bad++;
		} else if (rd->n == IMPORT_ROWS_MAX) {
			fprintf(stderr, "line %d: more than %d rows\n", line, IMPORT_ROWS_MAX);
			rd->failed = 1;
		} else {
			if (rd->n == rd->cap) {
				int bigger = rd->cap ? rd->cap * 2 : 64;
				struct import_row *grown = arena_calloc(rd->a, (size_t)bigger,
									sizeof(*grown));
				if (!grown) {
					rd->failed = 1;
					goto next;
				}
				if (rd->rows)
					memcpy(grown, rd->rows, sizeof(*grown) * (size_t)rd->n);
				rd->rows = grown;
				rd->cap = bigger;
			}
			rd->rows[rd->n++] = row;
		}
	}
next:
	rd->nfields = 0;
	rd->bad_utf8 = 0;
	rd->record_line = 0;
}

/* Feed the file line by line, so that a record's first line is known. */
static int read_csv(const char *path, struct reader *rd)
{
	struct csv_parser p;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	if (!f) {
		cli_error("cannot open %s", path);
		return -1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
		if (f != stdin)
			fclose(f);
		return -1;
	}
	while (!rd->failed && (len = getline(&line, &cap, f)) >= 0) {
		rd->line++;
		if (csv_parse(&p, line, (size_t)len, on_field, on_row, rd) != (size_t)len) {
			fprintf(stderr, "line %d: %s\n", rd->line, csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
	}
	if (rc == 0 && !rd->failed && csv_fini(&p, on_field, on_row, rd) != 0) {
		fprintf(stderr, "line %d: %s\n", rd->line, csv_strerror(csv_error(&p)));
		rc = -1;
	}
	if (ferror(f)) {
		cli_error("cannot read %s", path);
		rc = -1;
	}
	csv_free(&p);
	free(line);
	if (f != stdin)
		fclose(f);
	if (!rd->header_done && rc == 0) {
		cli_error("%s has no header row", path);
		rc = -1;
	}
	return rc || rd->failed ? -1 : 0;
}

static int import(struct store *s, struct arena *a, const char *path, int skip_bad)
{
	struct reader rd;
	memset(&rd, 0, sizeof(rd));
	rd.a = a;
	if (read_csv(path, &rd))
		return EXIT_FAIL;
	if (rd.bad && !skip_bad) {
		cli_error("%d bad rows: nothing imported (use --skip-bad to import the %d good ones)",
			  rd.bad, rd.n);
		return EXIT_FAIL;
	}
	struct actor who = ACTOR_CLI;
	int rc = rd.n ? svc_initiative_import(s, a, &who, rd.rows, rd.n, tz_now()) : 0;
	if (rc) {
		cli_error("could not import (%s): nothing imported", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	printf("imported %d initiatives", rd.n);
	if (rd.bad)
		printf(", skipped %d bad rows", rd.bad);
	printf("\n");
	return rd.bad && !rd.n ? EXIT_FAIL : EXIT_OK;
}

static int list(struct store *s, struct arena *a, int json)
{
	struct initiative_row *rows;
	int n, rc = store_initiative_list(s, a, 0, &rows, &n);
	if (rc) {
		cli_error("could not read initiatives (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	json_t *arr = json ? json_array() : NULL;
	for (int i = 0; i < n; i++) {
		const struct initiative_row *r = &rows[i];
		if (arr)
			json_array_append_new(arr, json_pack(
				"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
				"title", r->title, "organisation", r->organisation, "theme",
				theme_code(r->theme), "stage", initiative_stage_code(r->stage), "tags",
				r->tags ? r->tags : "", "visibility", visibility_code(r->visibility),
				"status", initiative_status_code(r->status), "owner", r->owner_name));
		else
			printf("%6lld  %-40s %-32s %-8s %-13s %s\n", (long long)r->id, r->title,
			       r->organisation, visibility_code(r->visibility),
			       initiative_status_code(r->status), initiative_stage_code(r->stage));
	}
	if (arr) {
		char *text = json_dumps(arr, JSON_INDENT(1));
		json_decref(arr);
		if (!text)
			return EXIT_FAIL;
		puts(text);
		free(text);
	}
	return EXIT_OK;
}

static int search(struct store *s, const char *q, int json, long long limit)
{
	struct network_snapshot *snap;
	struct network_viewer viewer = {1, 0, 0};
	struct network_filter filter = {-1, -1, -1, NULL, NULL, 0};
	struct network_hit *hits = calloc((size_t)limit, sizeof(*hits));
	size_t n = 0, total = 0;
	int rc = hits ? svc_network_acquire(s, &snap) : LWP_ENOMEM;
	if (rc) {
		free(hits);
		cli_error("could not search (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	struct network_access acc = {&viewer, NULL, 0, &filter, NULL, 0, snap};
	rc = svc_network_search(&acc, q, (size_t)limit, hits, &n, &total);
	json_t *items = json && !rc ? json_array() : NULL;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct network_entry *e = hits[i].e;
		if (items)
			json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:f}", "id",
				(json_int_t)e->id, "title", e->title, "organisation", e->organisation,
				"score", hits[i].score));
		else
			printf("%8.3f  %6lld  %s (%s)\n", hits[i].score, (long long)e->id, e->title,
			       e->organisation);
	}
	if (items) {
		json_t *doc = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
		char *text = doc ? json_dumps(doc, JSON_INDENT(1)) : NULL;
		json_decref(doc);
		if (text)
			puts(text);
		free(text);
	} else if (!rc && !json) {
		printf("%zu of %zu matching\n", n, total);
	}
	svc_network_release(snap);
	svc_network_shutdown();
	free(hits);
	if (rc)
		cli_error("could not search (%s)", lwp_result_name(rc));
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_initiative(int argc, char **argv)
{
	const char *db = cli_default_db();
	int c, skip_bad = 0, json = 0;
	long long limit = 20;
	const struct cli_opt opts[] = {
		CLI_FLAG("skip-bad", &skip_bad),
		CLI_FLAG("json", &json),
		CLI_NUMBER("limit", &limit, 1, 1000, "--limit takes a number from 1 to 1000"),
		CLI_VALUE("db", &db),
		CLI_OPTS_END,
	};
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(initiative_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	if ((c = cli_parse_options(argc - 1, argv + 1, opts, initiative_help)))
		return c > 0 ? EXIT_OK : EXIT_USAGE;
	char **args = argv + 1 + optind;
	int nargs = argc - 1 - optind;
	int is_import = strcmp(sub, "import") == 0, is_list = strcmp(sub, "list") == 0;
	int is_search = strcmp(sub, "search") == 0;
	if ((!is_import && !is_list && !is_search) || nargs != (is_list ? 0 : 1) ||
	    (nargs == 1 && !cli_text_ok(args[0]))) {
		cli_error("wrong arguments; see 'lwp initiative --help'");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int rc = is_import ? import(s, a, args[0], skip_bad)
		 : is_list ? list(s, a, json) : search(s, args[0], json, limit);
	store_close(s);
	arena_free(a);
	return rc;
}
