/*
 * lwp export SLUG --what participants|applications|diversity|attendance|
 * costs --format csv|xlsx|json [--lang nl|en] --out FILE: an edition's
 * reports (service/reports.h) for spreadsheets and scripts. Lists of
 * people (participants, applications, attendance) are in the audit log.
 */
#include "cli/cli.h"
#include "core/tz.h"
#include "service/reports.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char export_help[] =
	"usage: lwp export SLUG --what participants|applications|diversity|attendance|costs\n"
	"                  --format csv|xlsx|json [--lang nl|en] --out FILE [--db URL]\n\n"
	"Write a report of the edition:\n"
	"  participants  the accepted applicants\n"
	"  applications  every application with its status\n"
	"  diversity     the cohort and each confirmed subgroup by kind of\n"
	"                organisation, parent organisation, theme and tag\n"
	"  attendance    per participant and confirmed meeting present or absent,\n"
	"                the rate per participant and totals per meeting\n"
	"  costs         per organisation the fee, nights, accommodation, VAT,\n"
	"                invoiced, paid and outstanding, with a total\n"
	"CSV in Dutch (the default) is separated by ';' with a byte order mark,\n"
	"Dutch headings and decimal commas, in English by ','. XLSX has a header\n"
	"row and totals. JSON has the codes of kinds, themes and statuses.\n"
	"Lists of people are recorded in the audit log.\n";

int cmd_export(int argc, char **argv)
{
	const char *db = cli_default_db(), *what = NULL, *format = NULL, *out = NULL, *lang_s = "nl";
	const struct cli_opt opts[] = {
		CLI_VALUE("db", &db),
		CLI_VALUE("what", &what),
		CLI_VALUE("format", &format),
		CLI_VALUE("lang", &lang_s),
		CLI_VALUE("out", &out),
		CLI_OPTS_END,
	};
	int c = cli_parse_options(argc, argv, opts, export_help);
	if (c)
		return c > 0 ? EXIT_OK : EXIT_USAGE;
	int kind = report_kind_parse(what), lang = lang_parse(lang_s);
	int fmt = !format ? -1 : strcmp(format, "csv") == 0 ? 0 : strcmp(format, "xlsx") == 0 ? 1
		: strcmp(format, "json") == 0 ? 2 : -1;
	if (argc - optind != 1 || kind < 0 || fmt < 0 || lang < 0 || !out) {
		fputs(export_help, stderr);
		return EXIT_USAGE;
	}
	struct arena *a = arena_new();
	struct store *s;
	struct report r;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	const struct actor cli = ACTOR_CLI;
	int rc = svc_report(s, a, &cli, argv[optind], (enum report_kind)kind, format, tz_now(), &r);
	if (rc == LWP_ENOTFOUND) {
		cli_error("no edition with slug '%s'", argv[optind]);
	} else if (rc) {
		cli_error("cannot build the report (%s)", lwp_result_name(rc));
	} else if (fmt == 1) {
		if ((rc = report_xlsx(out, &r, (enum lang)lang)))
			cli_error("cannot write %s", out);
	} else {
		struct buf b;
		buf_init(&b, 64u << 20);
		json_t *doc = NULL;
		if (fmt == 0)
			rc = report_csv(&b, &r, (enum lang)lang);
		else if (!(rc = report_json(&r, &doc))) {
			char *text = json_dumps(doc, JSON_INDENT(2));
			rc = text && buf_puts(&b, text) == 0 ? 0 : LWP_ENOMEM;
			free(text);
			json_decref(doc);
		}
		FILE *f = rc ? NULL : fopen(out, "wb");
		if (!rc && (!f || fwrite(buf_cstr(&b), 1, b.len, f) != b.len)) {
			cli_error("cannot write %s", out);
			rc = LWP_EIO;
		}
		if (f && fclose(f) && !rc) {
			cli_error("cannot write %s", out);
			rc = LWP_EIO;
		}
		buf_free(&b);
	}
	if (!rc)
		printf("%s: %d rows\n", out, r.nrows - r.nfoot);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
