/* lwp organisation list|add|parent: the organisations applicants named, and
 * their parent organisations (an agency's ministry), which the selection
 * counts as a difference of its own. */
#include "cli/cli.h"
#include "core/tz.h"
#include "service/editions.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char organisation_help[] =
	"usage: lwp organisation list [--db URL]\n"
	"       lwp organisation add NAME --kind KIND [--parent PARENT] [--db URL]\n"
	"       lwp organisation parent NAME PARENT [--db URL]\n\n"
	"Organisations are added by the applications that name them, or by 'add'\n"
	"(KIND: ministry, agency, inspectorate, zbo, shared_service, local, other).\n"
	"'parent' sets\n"
	"the parent organisation of NAME (e.g. the ministry of an agency); both must\n"
	"exist. The selection counts a different parent as a difference of its own.\n";

static int list_organisations(struct store *s, struct arena *a)
{
	struct organisation_row *rows;
	int n, rc = store_organisation_list(s, a, &rows, &n);
	for (int i = 0; !rc && i < n; i++) {
		cli_print_column(stdout, rows[i].name, 48);
		printf(" %-15s %s\n", org_kind_code(rows[i].kind), rows[i].parent ? rows[i].parent : "-");
	}
	if (rc)
		cli_error("could not read organisations (%s)", lwp_result_name(rc));
	return rc;
}

static int add_organisation(struct store *s, struct arena *a, const char *name,
			    const char *kind, const char *parent)
{
	struct actor who = ACTOR_CLI;
	int rc = svc_organisation_add(s, a, &who, name, kind, parent, tz_now());
	if (rc == LWP_ECONFLICT)
		cli_error("an organisation named '%s' exists already", name);
	else if (rc == LWP_ENOTFOUND)
		cli_error("no organisation named '%s' to be the parent", parent);
	else if (rc)
		cli_error("could not add the organisation (%s)", lwp_result_name(rc));
	else
		printf("added %s (%s)\n", name, kind);
	return rc;
}

static int set_parent(struct store *s, struct arena *a, const char *name, const char *parent)
{
	struct actor who = ACTOR_CLI;
	int rc = svc_organisation_set_parent(s, a, &who, name, parent, tz_now());
	if (rc == LWP_ENOTFOUND)
		cli_error("both organisations must exist and differ: '%s', '%s'", name, parent);
	else if (rc)
		cli_error("could not set the parent (%s)", lwp_result_name(rc));
	else
		printf("%s: parent %s\n", name, parent);
	return rc;
}

/* Whether the arguments fit the subcommand; a message when not. */
static int arguments_ok(const char *sub, char **args, int nargs, const char *kind,
			const char *parent)
{
	int list = strcmp(sub, "list") == 0, par = strcmp(sub, "parent") == 0;
	int add = strcmp(sub, "add") == 0;
	if (!list && !par && !add) {
		cli_error("unknown organisation command '%s'", sub);
		return 0;
	}
	int ok = nargs == (list ? 0 : par ? 2 : 1);
	for (int i = 0; ok && i < nargs; i++)
		ok = cli_text_ok(args[i]) && *args[i];
	if (ok && add)
		ok = kind && org_kind_parse(kind) >= 0 && (!parent || cli_text_ok(parent));
	if (!ok)
		cli_error("wrong arguments; see 'lwp organisation --help'");
	return ok;
}

int cmd_organisation(int argc, char **argv)
{
	static const struct option opts[] = {
		{"kind", required_argument, NULL, 'k'},
		{"parent", required_argument, NULL, 'p'},
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *kind = NULL, *parent = NULL;
	int c;
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(organisation_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'D' || c == 'k' || c == 'p') {
			*(c == 'D' ? &db : c == 'k' ? &kind : &parent) = optarg;
		} else {
			fputs(organisation_help, c == 'h' ? stdout : stderr);
			return c == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	char **args = argv + 1 + optind;
	int nargs = argc - 1 - optind;
	if (!arguments_ok(sub, args, nargs, kind, parent))
		return EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int rc = strcmp(sub, "list") == 0 ? list_organisations(s, a)
		 : strcmp(sub, "add") == 0 ? add_organisation(s, a, args[0], kind, parent)
		 : set_parent(s, a, args[0], args[1]);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
