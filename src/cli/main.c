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
#include <stdlib.h>
#include <string.h>

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
	{"organisation", cmd_organisation, "list and add organisations, set their parent organisation"},
	{"select", cmd_select, "choose the most diverse group of an edition after its deadline"},
	{"user", cmd_user, "add users and grant or revoke their roles"},
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
	fprintf(out, "\nRun 'lwp COMMAND --help' for the options of a command.\n"
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

int cli_open_store(const char *url, struct store **out)
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
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
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
