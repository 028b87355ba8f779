/*
 * lwp: one binary for the server, the admin CLI and the batch tools. This
 * file holds the command table and the helpers every command shares.
 */
#include "cli/cli.h"
#include "core/parse.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"serve", cmd_serve, "serve the web pages and the JSON API"},
	{"demo", cmd_demo, "create (once) and serve the first edition with fictional applicants"},
	{"init", cmd_init, "create a new database"},
	{"migrate", cmd_migrate, "apply pending database migrations"},
	{"edition", cmd_edition, "create, list, show and update editions"},
	{"applications", cmd_applications, "list the applications of an edition, change their status"},
	{"initiative", cmd_initiative, "import, list and search the initiatives of the network"},
	{"organisation", cmd_organisation, "list and add organisations, set their parent organisation"},
	{"select", cmd_select, "choose the most diverse group of an edition after its deadline"},
	{"split", cmd_split, "split the participants of an edition into diverse subgroups"},
	{"invoice", cmd_invoice, "costs and invoices: create, list, send, credit, export (UBL, CSV, XLSX)"},
	{"user", cmd_user, "add users and grant or revoke their roles"},
	{"meeting", cmd_meeting, "list, create, confirm and cancel meetings; the network phase"},
	{"poll", cmd_poll, "plan a meeting with the participants: candidate dates, answers, pick"},
	{"mail", cmd_mail, "send the e-mail waiting in the outbox"},
	{"backup", cmd_backup, "write the whole database to a file (JSON lines)"},
	{"routes", cmd_routes, "list every route the server answers (--json for scripts)"},
	{"restore", cmd_restore, "load a backup into an empty database (any backend)"},
	{"person", cmd_person, "export or erase everything about a person (AVG)"},
	{"privacy", cmd_privacy, "the processing register, requests for erasure, retention job"},
	{"import", cmd_import, "import applications received outside the product (CSV)"},
	{"export", cmd_export, "an edition's reports as CSV, XLSX or JSON"},
	{"message", cmd_message, "write to an edition's participants, waiting list or coaches"},
	{NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: lwp COMMAND [OPTIONS]\n\n"
		     "Leerwerkplaats: applications, selection and network of an\n"
		     "inter-company learning cohort.\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fprintf(out, "\nRun 'lwp COMMAND --help' for the options of a command; --db URL may\n"
		     "also come before the command (lwp --db sqlite:lwp.db edition list).\n"
		     "Every option with a value can also be set in the environment:\n"
		     "LWP_DB, LWP_LISTEN, LWP_PORT, LWP_BASE_URL, LWP_THREADS, LWP_SMTP_URL,\n"
		     "LWP_MAIL_FROM, LWP_MAIL_RETRY_SECONDS.\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lwp: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

const char *cli_default_db(void)
{
	const char *env = getenv("LWP_DB");
	return env && *env ? env : "sqlite:./lwp.db";
}

/* The file of a SQLite URL ("sqlite:PATH"; a bare path is one too), or
 * NULL for PostgreSQL and SQLite's in-memory databases. */
static const char *sqlite_path(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return NULL;
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	return *path && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0 ? path
											      : NULL;
}

const char *cli_base_url(void)
{
	const char *env = getenv("LWP_BASE_URL");
	return env && *env ? env : "http://127.0.0.1:8080";
}

int cli_database_exists(const char *url)
{
	const char *path = sqlite_path(url);
	if (path && access(path, F_OK) != 0) {
		cli_error("there is no database at %s; create one with 'lwp init --db %s'", path, url);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_open_store(const char *url, struct store **out)
{
	if (cli_database_exists(url))
		return EXIT_FAIL;
	return cli_open_store_new(url, out);
}

int cli_open_store_new(const char *url, struct store **out)
{
	struct lwp_error err = {0};
	if (store_open(url, out, &err)) {
		cli_error("%s", err.msg ? err.msg : "cannot open the database");
		return EXIT_FAIL;
	}
	if (store_migrate(*out, NULL)) {
		cli_error("cannot apply database migrations");
		store_close(*out);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_parse_int(const char *s, long long min, long long max, long long *out)
{
	return parse_int(s, min, max, out);
}

int cli_parse_euro(const char *s, long long *cents)
{
	return parse_euro(s, 1000000, cents);
}

int cli_text_ok(const char *s)
{
	return s && text_check(s, strlen(s), TEXT_LINE) == 0;
}

int main(int argc, char **argv)
{
	/* Databases, their key file, backups and exports hold personal data
	 * and secrets: every file lwp creates is for its owner only. */
	umask(077);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	/* Options every command takes may come before the command:
	 * lwp --db URL edition list. */
	while (argc >= 2 && strncmp(argv[1], "--db", 4) == 0 &&
	       (argv[1][4] == '\0' || argv[1][4] == '=')) {
		const char *url = argv[1][4] == '=' ? argv[1] + 5 : argc >= 3 ? argv[2] : NULL;
		if (!url || !*url) {
			cli_error("--db needs a database URL");
			return EXIT_USAGE;
		}
		if (setenv("LWP_DB", url, 1) != 0)
			return EXIT_FAIL;
		int used = argv[1][4] == '=' ? 1 : 2;
		argv[used] = argv[0];
		argv += used;
		argc -= used;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("lwp " LWP_VERSION);
		return EXIT_OK;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	cli_error("unknown command '%s'; run 'lwp --help'", argv[1]);
	return EXIT_USAGE;
}
