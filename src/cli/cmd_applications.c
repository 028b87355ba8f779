/* lwp applications list SLUG [--json]: the applications of an edition, as
 * a table or as JSON, for the lead. Personal data: print only to a place
 * the lead controls. lwp applications status ID STATUS: a lead's status
 * change, through the same service as the console and the API. */
#include "cli/cli.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "service/applications.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char applications_help[] =
	"usage: lwp applications list SLUG [--json] [--db URL]\n"
	"       lwp applications status ID STATUS [--note T] [--db URL]\n\n"
	"list: the applications of an edition with their status, oldest first.\n"
	"  --json     one JSON document with all fields\n"
	"status: set the status of application ID (submitted, accepted, waitlisted,\n"
	"declined or withdrawn) and mail the applicant, with an optional note; refused\n"
	"(exit 1) when accepting would exceed the capacity or the organisation cap.\n";

static json_t *application_json(const struct application *a)
{
	char created[40];
	tz_format_iso(a->created_at, created, sizeof(created));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)a->id, "status", app_status_code(a->status),
			      "created_at", created, "name", a->name, "email", a->email,
			      "organisation", a->organisation,
			      "organisation_kind", org_kind_code(a->org_kind),
			      "function", a->function ? a->function : "",
			      "initiative_title", a->initiative_title,
			      "theme", theme_code(a->theme));
	if (!o)
		return NULL;
	json_object_set_new(o, "tags", json_string(a->tags ? a->tags : ""));
	json_object_set_new(o, "motivation", json_string(a->motivation));
	json_object_set_new(o, "question", json_string(a->question));
	json_object_set_new(o, "lang", json_string(a->lang ? a->lang : "nl"));
	/* The place on the waiting list set at confirmation: the order the
	 * applicant was mailed and freed places are offered in. */
	json_object_set_new(o, "waitlist_rank", a->waitlist_rank > 0 && a->status == APP_WAITLISTED
				? json_integer(a->waitlist_rank) : json_null());
	return o;
}

static int print_json(const struct edition *e, const struct application *list, int n)
{
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, application_json(&list[i]));
	json_t *doc = items ? json_pack("{s:s, s:i, s:o}", "edition", e->slug,
					"capacity", e->capacity, "applications", items) : NULL;
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2)) != 0) {
		json_decref(doc);
		return EXIT_FAIL;
	}
	putchar('\n');
	json_decref(doc);
	return EXIT_OK;
}

static void print_table(const struct edition *e, const struct application *list, int n)
{
	printf("%-6s %-10s %-4s %-17s ", "ID", "STATUS", "WAIT", "RECEIVED");
	cli_print_column(stdout, "NAME", 28);
	putchar(' ');
	cli_print_column(stdout, "ORGANISATION", 34);
	printf(" KIND\n");
	/* The waiting list in its order first would hide the ids' order;
	 * the WAIT column gives each waitlisted applicant's place instead. */
	for (int i = 0; i < n; i++) {
		struct local_time lt;
		char wait[12] = "-";
		if (list[i].status == APP_WAITLISTED && list[i].waitlist_rank > 0)
			snprintf(wait, sizeof(wait), "%d", list[i].waitlist_rank);
		tz_to_local(list[i].created_at, &lt);
		printf("%-6" PRId64 " %-10s %-4s %04d-%02d-%02d %02d:%02d  ", list[i].id,
		       app_status_code(list[i].status), wait, lt.year, lt.month, lt.day, lt.hour,
		       lt.minute);
		cli_print_column(stdout, list[i].name, 28);
		putchar(' ');
		cli_print_column(stdout, list[i].organisation, 34);
		printf(" %s\n", org_kind_code(list[i].org_kind));
	}
	printf("%d applications, %d accepted of %d places\n", n, e->accepted, e->capacity);
}

static int list_applications(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(applications_help, stdout); return EXIT_OK;
		default: fputs(applications_help, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error("expected one argument: SLUG");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	struct edition e;
	struct application *items;
	int n, rc;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_edition_get(s, a, argv[optind], &e);
	if (rc == 0)
		rc = store_application_list(s, a, e.id, &items, &n);
	if (rc == LWP_ENOTFOUND)
		cli_error("no edition with slug '%s'", argv[optind]);
	else if (rc)
		cli_error("could not read applications (%s)", lwp_result_name(rc));
	else if (json)
		rc = print_json(&e, items, n);
	else
		print_table(&e, items, n);
	if (rc == 0) {
		const struct actor cli = ACTOR_CLI;
		if (svc_record(s, &cli, tz_now(), "applications.read",
			       arena_printf(a, "edition:%s", e.slug), "cli"))
			cli_error("could not write the audit log");
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* Report the outcome of svc_application_set_status. */
static int status_result(int rc, long long id, const char *status, const struct field_errors *fe)
{
	if (rc == 0) {
		printf("application %lld: %s\n", id, status);
		return EXIT_OK;
	}
	if (rc == LWP_EINVAL)
		for (int i = 0; i < fe->n; i++)
			cli_error("%s: %s", fe->items[i].field, fe->items[i].msg);
	else if (rc == LWP_ENOTFOUND)
		cli_error("no application with id %lld", id);
	else if (rc == LWP_ECAPACITY || rc == LWP_EORGCAP || rc == LWP_ECONFLICT)
		cli_error("%s", svc_application_error(rc));
	else
		cli_error("could not change the status (%s)", lwp_result_name(rc));
	return EXIT_FAIL;
}

static int set_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{"note", required_argument, NULL, 'n'},
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *note = NULL;
	long long id;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n' || c == 'D') {
			*(c == 'n' ? &note : &db) = optarg;
		} else {
			fputs(applications_help, c == 'h' ? stdout : stderr);
			return c == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	int status = argc - optind == 2 ? app_status_parse(argv[optind + 1]) : -1;
	if (argc - optind != 2 || cli_parse_int(argv[optind], 1, INT64_MAX, &id) || status < 0 ||
	    (note && !cli_text_ok(note))) {
		cli_error("expected ID and STATUS (submitted, accepted, waitlisted, declined, withdrawn)");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	struct field_errors fe = {0};
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	struct actor who = ACTOR_CLI;
	int rc = svc_application_set_status(s, a, &who, id, (enum app_status)status, note,
					    tz_now(), &fe);
	store_close(s);
	arena_free(a);
	return status_result(rc, id, argv[optind + 1], &fe);
}

int cmd_applications(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"list", list_applications}, {"status", set_status}, {NULL, NULL},
	};
	return cli_dispatch(argc, argv, applications_help, subs, "applications");
}
