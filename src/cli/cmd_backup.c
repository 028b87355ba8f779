/* lwp backup and lwp restore: the whole database as JSON lines, between
 * any two backends (SQLite and PostgreSQL); the format and its checks are
 * in store/backup.h. Files are created 0600: they hold personal data, and
 * a backup is audited (service/database.h) as the bulk export it is. */
#include "cli/cli.h"
#include "core/tz.h"
#include "service/database.h"
#include "store/backup.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char backup_help[] =
	"usage: lwp backup [--db URL] FILE\n\n"
	"Write every row of the database to FILE as JSON lines ('-' for standard\n"
	"output), consistent as of one moment, ending in a trailer with the row\n"
	"count of every table and a SHA-256 checksum, so that restore can prove\n"
	"the file complete. The file is created 0600: it holds personal data.\n"
	"Each backup of a database with rows is written to the audit log (after\n"
	"the dump, so the file does not hold its own entry); when that entry\n"
	"cannot be written the file is removed and the backup fails.\n";
static const char restore_help[] =
	"usage: lwp restore [--db URL] FILE\n\n"
	"Load a backup made by 'lwp backup' ('-' for standard input) into a\n"
	"database without rows, in one transaction: everything or nothing. Every\n"
	"line is checked (types, known values, references) and the trailer's\n"
	"counts and checksum must match; a cut, edited or appended file is\n"
	"refused as a whole. The target may be another backend than the source.\n";

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

/* "12,345" into out. */
static void group_digits(long v, char *out, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%ld", v < 0 ? 0 : v);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* Progress on a terminal only: one line rewritten in place. */
struct progress_line {
	const char *what;
	int shown;
};

static void show_progress(void *ctx, long done, long total)
{
	struct progress_line *pl = ctx;
	char a[32], b[32];
	group_digits(done, a, sizeof(a));
	if (total >= 0) {
		group_digits(total, b, sizeof(b));
		fprintf(stderr, "\r%s: %s of %s rows", pl->what, a, b);
	} else {
		fprintf(stderr, "\r%s: %s rows", pl->what, a);
	}
	fflush(stderr);
	pl->shown = 1;
}

static void progress_end(const struct progress_line *pl)
{
	if (pl->shown)
		fputc('\n', stderr);
}

int cmd_backup(int argc, char **argv)
{
	const char *db, *file;
	int rc = parse(argc, argv, backup_help, &db, &file);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	umask(077); /* the backup, and a database file opening it creates */
	struct store *s;
	if (cli_open_store(db, &s))
		return EXIT_FAIL;
	FILE *out = strcmp(file, "-") == 0 ? stdout : fopen(file, "wx");
	if (!out) {
		cli_error("cannot create %s: %s", file, strerror(errno));
		store_close(s);
		return EXIT_FAIL;
	}
	struct progress_line pl = {"backup", 0};
	struct backup_progress progress = {show_progress, &pl};
	char msg[BACKUP_MSG_MAX];
	long rows;
	const struct actor cli = ACTOR_CLI;
	rc = svc_backup(s, &cli, out, file, isatty(STDERR_FILENO) ? &progress : NULL, tz_now(),
			&rows, msg, sizeof(msg));
	progress_end(&pl);
	int to_stdout = out == stdout;
	if ((to_stdout ? fflush(out) : fclose(out)) != 0 && !rc)
		rc = LWP_EIO;
	store_close(s);
	if (rc) {
		if (msg[0])
			cli_error("backup failed: %s", msg);
		else
			cli_error("backup failed (%s)", lwp_result_name(rc));
		if (!to_stdout)
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
	umask(077); /* a new SQLite file (and its -wal) holds personal data */
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (!in) {
		cli_error("cannot open %s: %s", file, strerror(errno));
		return EXIT_FAIL;
	}
	struct store *s;
	/* restore makes its database (as init does): into a new file is the
	 * usual way back, and what it makes is full, not empty */
	if (cli_open_store_new(db, &s)) {
		if (in != stdin)
			fclose(in);
		return EXIT_FAIL;
	}
	struct progress_line pl = {"restore", 0};
	struct backup_progress progress = {show_progress, &pl};
	char msg[BACKUP_MSG_MAX];
	long rows;
	rc = svc_restore(s, in, isatty(STDERR_FILENO) ? &progress : NULL, &rows, msg, sizeof(msg));
	progress_end(&pl);
	store_close(s);
	if (in != stdin)
		fclose(in);
	if (rc == LWP_ECONFLICT && !msg[0])
		cli_error("the target database is not empty; restore into a new database");
	else if (rc && msg[0])
		cli_error("%s: %s; nothing was restored", file, msg);
	else if (rc)
		cli_error("restore failed (%s); nothing was restored", lwp_result_name(rc));
	if (rc)
		return EXIT_FAIL;
	fprintf(stderr, "lwp: %ld rows restored\n", rows);
	return EXIT_OK;
}
