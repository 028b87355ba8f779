/* lwp mail send-pending: deliver what waits in the outbox (the server does
 * this in the background too), and the mail settings every command shares. */
#include "cli/cli.h"
#include "domain/rules.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char mail_help[] =
	"usage: lwp mail send-pending [--db URL] [--smtp-url URL] [--mail-from ADDR]\n\n"
	"Send every message in the outbox that is due. A message that fails is\n"
	"retried later (after 60 s, doubling, at most 10 attempts).\n"
	"  --smtp-url URL    smtp://HOST:PORT or smtps://HOST:PORT (LWP_SMTP_URL)\n"
	"  --mail-from ADDR  sender address (LWP_MAIL_FROM)\n";

int cli_mail_config(struct mail_config *mc)
{
	const char *url = getenv("LWP_SMTP_URL");
	const char *from = getenv("LWP_MAIL_FROM");
	const char *retry = getenv("LWP_MAIL_RETRY_SECONDS");
	long long seconds = 60;
	mc->smtp_url = url && *url ? url : NULL;
	mc->from_addr = from && *from ? from : "leerwerkplaats@localhost.localdomain";
	mc->from_name = "Leerwerkplaats";
	mc->progress = NULL;
	if (retry && cli_parse_int(retry, 1, 86400, &seconds)) {
		cli_error("LWP_MAIL_RETRY_SECONDS must be a number of seconds from 1 to 86400");
		return -1;
	}
	mc->retry_seconds = (int)seconds;
	return 0;
}

int cli_mail_check(const struct mail_config *mc)
{
	if (mc->smtp_url && (!cli_text_ok(mc->smtp_url) ||
			     (strncmp(mc->smtp_url, "smtp://", 7) != 0 &&
			      strncmp(mc->smtp_url, "smtps://", 8) != 0))) {
		cli_error("the SMTP URL must start with smtp:// or smtps://");
		return -1;
	}
	if (!email_valid(mc->from_addr)) {
		cli_error("the sender address is not a valid e-mail address");
		return -1;
	}
	return 0;
}

static void mail_progress(int sent, int failed)
{
	cli_progress("sending mail", sent + failed, 0);
}

static int send_pending(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"smtp-url", required_argument, NULL, 's'},
		{"mail-from", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct mail_config mc;
	const char *db = cli_default_db();
	int c;
	if (cli_mail_config(&mc))
		return EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 's': mc.smtp_url = optarg; break;
		case 'm': mc.from_addr = optarg; break;
		case 'h': fputs(mail_help, stdout); return EXIT_OK;
		default: fputs(mail_help, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc || cli_mail_check(&mc))
		return EXIT_USAGE;
	if (!mc.smtp_url) {
		cli_error("no SMTP URL: give --smtp-url or set LWP_SMTP_URL");
		return EXIT_USAGE;
	}
	struct store *s;
	if (cli_open_store(db, &s))
		return EXIT_FAIL;
	int sent, failed;
	mc.progress = mail_progress;
	int rc = mail_send_pending(s, &mc, &sent, &failed);
	cli_progress_end();
	store_close(s);
	if (failed)
		printf("%d sent, %d failed (will be retried)\n", sent, failed);
	else
		printf("%d sent\n", sent);
	if (rc)
		cli_error("the outbox could not be read (%s)", lwp_result_name(rc));
	return rc || failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_mail(int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"send-pending", send_pending}, {NULL, NULL}};
	return cli_dispatch(argc, argv, mail_help, subs, "mail");
}
