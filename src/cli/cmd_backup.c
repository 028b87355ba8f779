/* lwp backup and lwp restore: the whole database as JSON lines, between
 * any two backends (SQLite and PostgreSQL). */
#include "cli/cli.h"
#include "service/database.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char backup_help[] =
	"usage: lwp backup [--db URL] FILE\n\n"
	"Write every row of the database to FILE as JSON lines ('-' for standard\n"
	"output), consistent as of one moment. The file holds personal data: keep\n"
	"it where only operators can read it.\n";
static const char restore_help[] =
	"usage: lwp restore [--db URL] FILE\n\n"
	"Load a backup made by 'lwp backup' ('-' for standard input) into a\n"
	"database without rows, in one transaction: everything or nothing. The\n"
	"target may be another backend than the source.\n";

static int parse(int argc, char **argv, const char *help, const char **db, const char **file)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	*db = cli_default_db();
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'D') {
			*db = optarg;
		} else if (c == 'h') {
			fputs(help, stdout);
			return 1;
		} else {
			fputs(help, stderr);
			return -1;
		}
	}
	if (argc - optind != 1) {
		cli_error("expected one argument: FILE");
		return -1;
	}
	*file = argv[optind];
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	const char *db, *file;
	int rc = parse(argc, argv, backup_help, &db, &file);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	if (cli_open_store(db, &s))
		return EXIT_FAIL;
	FILE *out = strcmp(file, "-") == 0 ? stdout : fopen(file, "wx");
	if (!out) {
		cli_error("cannot create %s: %s", file, strerror(errno));
		store_close(s);
		return EXIT_FAIL;
	}
	long rows;
	rc = store_backup(s, out, &rows);
	if (out != stdout && fclose(out) != 0 && !rc)
		rc = LWP_EIO;
	store_close(s);
	if (rc) {
		cli_error("backup failed (%s)", lwp_result_name(rc));
		if (out != stdout)
			remove(file);
		return EXIT_FAIL;
	}
	fprintf(stderr, "lwp: backup of %ld rows written\n", rows);
	return EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *db, *file;
	int rc = parse(argc, argv, restore_help, &db, &file);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (!in) {
		cli_error("cannot open %s: %s", file, strerror(errno));
		return EXIT_FAIL;
	}
	struct store *s;
	if (cli_open_store(db, &s)) {
		if (in != stdin)
			fclose(in);
		return EXIT_FAIL;
	}
	long rows, bad_line;
	rc = svc_restore(s, in, &rows, &bad_line);
	store_close(s);
	if (in != stdin)
		fclose(in);
	if (rc == LWP_ECONFLICT)
		cli_error("the target database is not empty; restore into a new database");
	else if (rc == LWP_EINVAL)
		cli_error("%s: line %ld is not a valid backup line; nothing was restored", file, bad_line);
	else if (rc)
		cli_error("restore failed (%s); nothing was restored", lwp_result_name(rc));
	if (rc)
		return EXIT_FAIL;
	fprintf(stderr, "lwp: %ld rows restored\n", rows);
	return EXIT_OK;
}
