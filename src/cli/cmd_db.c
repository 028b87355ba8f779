/* lwp init and lwp migrate: create a database and bring its schema up to
 * date. Both are safe to run again. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int db_command(int argc, char **argv, const char *help, int init)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'D') {
			db = optarg;
		} else if (c == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		} else {
			fputs(help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	struct lwp_error err = {0};
	struct store *s;
	int applied, version;
	if (!init && cli_database_exists(db))
		return EXIT_FAIL;          /* only init makes a new database */
	if (store_open(db, &s, &err)) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	int rc = store_migrate(s, &applied);
	if (rc == 0)
		rc = store_schema_version(s, &version);
	store_close(s);
	if (rc) {
		cli_error("migration failed (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	printf(init ? "database ready at schema version %d (%d migrations applied)\n"
		    : "schema version %d (%d migrations applied)\n", version, applied);
	return EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
	return db_command(argc, argv,
			  "usage: lwp init [--db URL]\n\nCreate the database (if needed) "
			  "with the current schema.\n", 1);
}

int cmd_migrate(int argc, char **argv)
{
	return db_command(argc, argv,
			  "usage: lwp migrate [--db URL]\n\nApply pending schema "
			  "migrations; the server also does this at start.\n", 0);
}
