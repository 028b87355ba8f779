/* The subcommands of the lwp binary, one file each (cmd_*.c). */
#ifndef LWP_CLI_CLI_H
#define LWP_CLI_CLI_H

#include "mail/mail.h"
#include "store/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_edition(int argc, char **argv);
int cmd_applications(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_select(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_organisation(int argc, char **argv);
int cmd_initiative(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_meeting(int argc, char **argv);
int cmd_poll(int argc, char **argv);
int cmd_invoice(int argc, char **argv);
int cmd_person(int argc, char **argv);
int cmd_privacy(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_message(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* lwp edition anonymise|retention (cmd_privacy.c); argv[0] is the subcommand. */
int cmd_edition_privacy(int argc, char **argv);
/* Days before a request for erasure is carried out: LWP_ERASURE_GRACE_DAYS. */
int cli_grace_days(void);

/* Default database URL: --db, else LWP_DB, else sqlite:./lwp.db. */
const char *cli_default_db(void);
/* The public address for links in mail: LWP_BASE_URL, else
 * http://127.0.0.1:8080 (the server's default). */
const char *cli_base_url(void);
/* Open and migrate the store; prints the reason on failure. A SQLite
 * database file must exist (made by `lwp init`): a mistyped --db is
 * refused instead of silently creating an empty database. */
int cli_open_store(const char *url, struct store **out);
/* EXIT_OK, or EXIT_FAIL with a message naming `lwp init` when url is a
 * SQLite file that does not exist. */
int cli_database_exists(const char *url);
/* The same, creating a new SQLite file (lwp demo, lwp restore). */
int cli_open_store_new(const char *url, struct store **out);
/* Print an error to stderr, prefixed with "lwp: ". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parse a whole decimal integer in [min, max]. */
int cli_parse_int(const char *s, long long min, long long max, long long *out);
/* Parse an amount in euro ("1500", "1500.50", "1.500,50" not accepted). */
int cli_parse_euro(const char *s, long long *cents);
/* Mail settings from LWP_SMTP_URL, LWP_MAIL_FROM, LWP_MAIL_RETRY_SECONDS
 * (flags may override afterwards); cli_mail_check validates the result.
 * Both print the reason and return -1 on bad input. */
int cli_mail_config(struct mail_config *mc);
int cli_mail_check(const struct mail_config *mc);
int cmd_mail(int argc, char **argv);
/* Check a command-line argument: valid UTF-8, no control characters. */
int cli_text_ok(const char *s);

/* ---- options (cli_opts.c) ---- */
/* One --name of a command, by what it sets: *value to its text, *flag to
 * 1, or *number to a whole number in [min, max] (else bad_number is the
 * error); with none of them it is accepted and ignored. */
struct cli_opt {
	const char *name;
	const char **value;
	int *flag;
	long long *number, min, max;
	const char *bad_number;
};
#define CLI_VALUE(name, target) {(name), (target), NULL, NULL, 0, 0, NULL}
#define CLI_FLAG(name, target) {(name), NULL, (target), NULL, 0, 0, NULL}
#define CLI_NUMBER(name, target, min, max, error) {(name), NULL, NULL, (target), (min), (max), (error)}
#define CLI_OPTS_END {NULL, NULL, NULL, NULL, 0, 0, NULL}
enum { CLI_OPTS_MAX = 32 };
/* Parse argv's options (from optind = 1, as getopt_long does, with its
 * messages for an unknown option or a missing value) by table, ended by
 * CLI_OPTS_END, and --help; optind is left at the first operand.
 * 0 parsed; 1 --help (help printed on stdout); -1 bad usage (help printed
 * on stderr, or the bad number's error). */
int cli_parse_options(int argc, char **argv, const struct cli_opt *table, const char *help);
/* One subcommand of a command: run gets argv from the subcommand's name on. */
struct cli_sub {
	const char *name;
	int (*run)(int argc, char **argv);
};
/* lwp COMMAND SUB ...: without SUB the help on stderr (EXIT_USAGE); --help
 * the help on stdout (EXIT_OK); else the run of SUB in subs (ended by a
 * NULL name), or "unknown COMMAND command 'SUB'" (EXIT_USAGE). */
int cli_dispatch(int argc, char **argv, const char *help, const struct cli_sub *subs,
		 const char *command);

/* ---- terminal output (cli_text.c) ---- */
#include <stdio.h>
/* Display columns of UTF-8 text (a combining mark 0, a wide character 2). */
int cli_text_width(const char *s);
/* s padded to width display columns (never cut, like printf's %-Ns). */
void cli_print_column(FILE *out, const char *s, int width);
/* Progress on stderr, only when stderr is a terminal: "\rwhat: done of
 * total" (total 0: unknown); cli_progress_end clears the line. */
int cli_progress_wanted(void);
void cli_progress(const char *what, int done, int total);
void cli_progress_end(void);
/* For work without steps of its own: seconds spent, once a second, on a
 * terminal only; stop clears the line. */
void cli_ticker_start(const char *what, int limit_seconds);
void cli_ticker_stop(void);

#endif
