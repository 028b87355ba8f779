/* lwp meeting: the meetings of an edition (issue 15): list them, create
 * one, confirm or cancel it (the invitations go out by mail), move an
 * edition to the network phase and finish it. Also the session helpers of cli_meetings.h. */
#include "cli/cli.h"
#include "cli/cli_meetings.h"
#include "core/i18n.h"
#include "core/tz.h"
#include "service/attendance.h"
#include "service/polls.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char meeting_help[] =
	"usage: lwp meeting list SLUG [--json]\n"
	"       lwp meeting create SLUG --title T --days D [--kind K] [--location L]\n"
	"                   [--nights N --price EURO] [--confirm] [--json]\n"
	"       lwp meeting confirm ID\n"
	"       lwp meeting cancel ID\n"
	"       lwp meeting network SLUG [--on YYYY-MM-DD]\n"
	"       lwp meeting finish SLUG\n"
	"       (each also takes --db URL)\n\n"
	"Days as a poll candidate: \"YYYY-MM-DD HH:MM-HH:MM\" or\n"
	"\"YYYY-MM-DD..YYYY-MM-DD HH:MM-HH:MM\" (Amsterdam time). --nights makes the\n"
	"meeting residential at --price euro per night. Confirming, changing or\n"
	"cancelling mails every invitee an iCalendar invitation. network moves the\n"
	"edition to the network phase now, or sets the date on which the\n"
	"background job moves it (--on). finish ends an edition in the network\n"
	"phase: its accepted participants become members of the network (an\n"
	"account is made for those who have none).\n";

int cli_session_open(struct cli_session *cs, const char *db)
{
	memset(cs, 0, sizeof(*cs));
	cs->who = ACTOR_CLI;
	if (!(cs->a = arena_new()))
		return -1;
	if (cli_open_store(db, &cs->s)) {
		arena_free(cs->a);
		return -1;
	}
	svc_meeting_env_init(cs->a, &cs->env, getenv("LWP_BASE_URL"), getenv("LWP_MAIL_FROM"));
	return 0;
}

int cli_session_close(struct cli_session *cs, int rc)
{
	store_close(cs->s);
	arena_free(cs->a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cli_usage(const char *msg)
{
	if (msg)
		cli_error("%s", msg);
	fputs("see --help\n", stderr);
	return EXIT_USAGE;
}

void cli_report(int rc, const struct field_errors *fe, const char *notfound)
{
	if (rc == LWP_EINVAL && fe && fe->n) {
		for (int i = 0; i < fe->n; i++)
			cli_error("%s: %s", fe->items[i].field, fe->items[i].msg);
	} else if (rc == LWP_ENOTFOUND && notfound) {
		cli_error("%s", notfound);
	} else if (rc == LWP_ECLOSED) {
		cli_error("not possible in the current status");
	} else if (rc != LWP_EINVAL) {
		cli_error("failed (%s)", lwp_result_name(rc));
	}
}

static void print_meeting(const struct meeting_row *r)
{
	struct buf b;
	buf_init(&b, 256);
	for (size_t d = 0; d < r->m.n_days; d++) {
		if (d)
			buf_puts(&b, "; ");
		meeting_day_format(&b, &r->m.days[d], LANG_EN);
	}
	printf("%-5lld %-10s %-10s %-36.36s %s\n", (long long)r->m.id,
	       meeting_status_code(r->m.status), meeting_kind_code(r->m.kind), r->m.title,
	       buf_cstr(&b));
	buf_free(&b);
}

static int meeting_list(int argc, char **argv, const char *db)
{
	if (argc - optind != 1)
		return cli_usage("expected SLUG");
	struct cli_session cs;
	struct edition e;
	struct meeting_row *rows;
	int n = 0;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int rc = store_edition_head(cs.s, cs.a, argv[optind], &e);
	if (!rc)
		rc = store_meeting_list(cs.s, cs.a, e.id, 0, &rows, &n);
	for (int i = 0; !rc && i < n; i++)
		print_meeting(&rows[i]);
	if (rc)
		cli_report(rc, NULL, "no edition with this slug");
	return cli_session_close(&cs, rc);
}

struct create_args {
	const char *title, *days, *location;
	int kind, confirm;
	long long nights, cents;
};

static int parse_create(int argc, char **argv, struct create_args *o, const char **db)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'}, {"title", required_argument, NULL, 't'},
		{"days", required_argument, NULL, 'd'}, {"kind", required_argument, NULL, 'k'},
		{"location", required_argument, NULL, 'l'}, {"nights", required_argument, NULL, 'n'},
		{"price", required_argument, NULL, 'p'}, {"confirm", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	int c;
	o->kind = MEETING_FOLLOW_UP;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': *db = optarg; break;
		case 't': o->title = optarg; break;
		case 'd': o->days = optarg; break;
		case 'k':
			if ((o->kind = meeting_kind_parse(optarg)) < 0)
				return cli_usage("unknown --kind");
			break;
		case 'l': o->location = optarg; break;
		case 'n':
			if (cli_parse_int(optarg, 1, MEETING_DAYS_MAX, &o->nights))
				return cli_usage("--nights must be 1 to 14");
			break;
		case 'p':
			if (cli_parse_euro(optarg, &o->cents))
				return cli_usage("--price must be an amount in euro");
			break;
		case 'c': o->confirm = 1; break;
		default: return cli_usage(NULL);
		}
	}
	return !o->title || !o->days || argc - optind != 1
		       ? cli_usage("expected SLUG, --title and --days") : 0;
}

static int meeting_create(int argc, char **argv)
{
	struct create_args o = {0};
	const char *db = cli_default_db();
	if (parse_create(argc, argv, &o, &db))
		return EXIT_USAGE;
	struct cli_session cs;
	struct edition e = {0};
	struct poll_candidate days = {0};
	struct lwp_error err = {0};
	struct field_errors fe = {0};
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int rc = store_edition_head(cs.s, cs.a, argv[optind], &e);
	if (!rc && (rc = poll_candidate_parse(cs.a, o.days, &days, &err)))
		cli_error("--days: %s", err.msg);
	struct meeting m = {.edition_id = e.id, .title = (char *)o.title,
			    .kind = (enum meeting_kind)o.kind, .days = days.days,
			    .n_days = days.n_days, .location = (char *)o.location,
			    .residential = o.nights > 0, .nights = (int)o.nights,
			    .price_per_night_cents = o.cents,
			    .status = o.confirm ? MEETING_CONFIRMED : MEETING_PROPOSED};
	if (!rc)
		rc = svc_meeting_create(cs.s, cs.a, &cs.who, &cs.env, &m, NULL, 0, tz_now(), &fe);
	if (!rc)
		printf("%lld\n", (long long)m.id);
	else
		cli_report(rc, &fe, "no edition with this slug");
	return cli_session_close(&cs, rc);
}

static int meeting_status(int argc, char **argv, const char *db, enum meeting_status to)
{
	long long id;
	if (argc - optind != 1 || cli_parse_int(argv[optind], 1, INT64_MAX, &id))
		return cli_usage("expected ID");
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int rc = svc_meeting_set_status(cs.s, cs.a, &cs.who, &cs.env, id, to, tz_now());
	if (rc)
		cli_report(rc, NULL, "no meeting with this id");
	return cli_session_close(&cs, rc);
}

static int meeting_network(int argc, char **argv, const char *db, const char *on)
{
	if (argc - optind != 1)
		return cli_usage("expected SLUG");
	struct cli_session cs;
	struct edition e;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int rc = store_edition_head(cs.s, cs.a, argv[optind], &e);
	if (!rc)
		rc = on ? svc_phase_set_date(cs.s, cs.a, &cs.who, e.id, on, tz_now())
			: svc_phase_network(cs.s, cs.a, &cs.who, e.id, tz_now());
	if (rc == LWP_EINVAL)
		cli_error("--on must be a date YYYY-MM-DD");
	else if (rc)
		cli_report(rc, NULL, "no edition with this slug");
	return cli_session_close(&cs, rc);
}

static int edition_finish(int argc, char **argv, const char *db)
{
	if (argc - optind != 1)
		return cli_usage("expected SLUG");
	struct cli_session cs;
	struct edition e;
	int members = 0;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int rc = store_edition_head(cs.s, cs.a, argv[optind], &e);
	if (!rc)
		rc = svc_edition_finish(cs.s, cs.a, &cs.who, e.id, tz_now(), &members);
	if (!rc)
		printf("%d new members\n", members);
	else if (rc == LWP_ECLOSED)
		cli_error("only an edition in the network phase can be finished");
	else
		cli_report(rc, NULL, "no edition with this slug");
	return cli_session_close(&cs, rc);
}

int cmd_meeting(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(meeting_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1], *db = cli_default_db(), *on = NULL;
	argc--;
	argv++;
	optind = 1;
	if (strcmp(sub, "create") == 0)
		return meeting_create(argc, argv);
	const struct cli_opt opts[] = {
		CLI_VALUE("db", &db), CLI_VALUE("on", &on), CLI_FLAG("json", NULL), CLI_OPTS_END,
	};
	int c = cli_parse_options(argc, argv, opts, meeting_help);
	if (c)
		return c > 0 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(sub, "list") == 0)
		return meeting_list(argc, argv, db);
	if (strcmp(sub, "confirm") == 0)
		return meeting_status(argc, argv, db, MEETING_CONFIRMED);
	if (strcmp(sub, "cancel") == 0)
		return meeting_status(argc, argv, db, MEETING_CANCELLED);
	if (strcmp(sub, "network") == 0)
		return meeting_network(argc, argv, db, on);
	if (strcmp(sub, "finish") == 0)
		return edition_finish(argc, argv, db);
	cli_error("unknown subcommand \"%s\"", sub);
	return EXIT_USAGE;
}
