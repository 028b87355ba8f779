/* lwp organisation list|parent: the organisations applicants named, and
 * their parent organisations (an agency's ministry), which the selection
 * counts as a difference of its own. */
#include "cli/cli.h"
#include "core/tz.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char organisation_help[] =
	"usage: lwp organisation list [--db URL]\n"
	"       lwp organisation parent NAME PARENT [--db URL]\n\n"
	"Organisations are added by the applications that name them. 'parent' sets\n"
	"the parent organisation of NAME (e.g. the ministry of an agency); both must\n"
	"exist. The selection counts a different parent as a difference of its own.\n";

int cmd_organisation(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int c;
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(organisation_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'D') {
			db = optarg;
		} else if (c == 'h') {
			fputs(organisation_help, stdout);
			return EXIT_OK;
		} else {
			fputs(organisation_help, stderr);
			return EXIT_USAGE;
		}
	}
	char **args = argv + 1 + optind;
	int nargs = argc - 1 - optind;
	int list = strcmp(sub, "list") == 0, parent = strcmp(sub, "parent") == 0;
	if ((!list && !parent) || nargs != (list ? 0 : 2) ||
	    (parent && (!cli_text_ok(args[0]) || !cli_text_ok(args[1])))) {
		cli_error(list || parent ? "wrong arguments; see 'lwp organisation --help'"
			  : "unknown organisation command '%s'", sub);
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int rc;
	if (list) {
		struct organisation_row *rows;
		int n;
		rc = store_organisation_list(s, a, &rows, &n);
		for (int i = 0; !rc && i < n; i++)
			printf("%-48s %-15s %s\n", rows[i].name, org_kind_code(rows[i].kind),
			       rows[i].parent ? rows[i].parent : "-");
		if (rc)
			cli_error("could not read organisations (%s)", lwp_result_name(rc));
	} else {
		rc = store_organisation_set_parent(s, a, args[0], args[1]);
		if (rc == LWP_ENOTFOUND)
			cli_error("both organisations must exist and differ: '%s', '%s'", args[0], args[1]);
		else if (rc)
			cli_error("could not set the parent (%s)", lwp_result_name(rc));
		else
			printf("%s: parent %s\n", args[0], args[1]);
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
