/* lwp edition create|list|show|update|deadline: editions from the command line. */
#include "cli/cli.h"
#include "core/lang.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "domain/rules.h"
#include "service/editions.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char edition_help[] =
	"usage: lwp edition create --slug S --title T --capacity N\n"
	"                          --deadline \"YYYY-MM-DD HH:MM\" --policy fcfs|diversity\n"
	"                          --org-cap N --fee EUR [--publish] [--db URL]\n"
	"       lwp edition list [--db URL]\n"
	"       lwp edition show SLUG [--db URL]\n"
	"       lwp edition update SLUG [--title T] [--capacity N] [--deadline \"YYYY-MM-DD HH:MM\"]\n"
	"                          [--org-cap N] [--fee EUR] [--description-file F] [--db URL]\n"
	"       lwp edition deadline SLUG \"YYYY-MM-DD HH:MM\" [--db URL]\n"
	"       lwp edition anonymise SLUG [--dry-run] [--db URL]\n"
	"       lwp edition retention SLUG [--applicants DAYS] [--participants DAYS] [--db URL]\n\n"
	"The deadline is local time in Europe/Amsterdam. --org-cap 0 means no cap\n"
	"per organisation. --fee is in euro, e.g. 1500 or 1500.00. Without\n"
	"--publish the edition is a draft that the public cannot see. update refuses\n"
	"a capacity below the number of applicants accepted already (exit 1).\n";

static int create(int argc, char **argv)
{
	static const struct option opts[] = {
		{"slug", required_argument, NULL, 's'},
		{"title", required_argument, NULL, 't'},
		{"capacity", required_argument, NULL, 'c'},
		{"deadline", required_argument, NULL, 'd'},
		{"policy", required_argument, NULL, 'p'},
		{"org-cap", required_argument, NULL, 'o'},
		{"fee", required_argument, NULL, 'f'},
		{"publish", no_argument, NULL, 'P'},
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *slug = NULL, *title = NULL, *capacity = NULL, *deadline = NULL;
	const char *policy = NULL, *org_cap = "0", *fee = NULL, *db = cli_default_db();
	int publish = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': slug = optarg; break;
		case 't': title = optarg; break;
		case 'c': capacity = optarg; break;
		case 'd': deadline = optarg; break;
		case 'p': policy = optarg; break;
		case 'o': org_cap = optarg; break;
		case 'f': fee = optarg; break;
		case 'P': publish = 1; break;
		case 'D': db = optarg; break;
		case 'h': fputs(edition_help, stdout); return EXIT_OK;
		default: fputs(edition_help, stderr); return EXIT_USAGE;
		}
	}
	if (!slug || !title || !capacity || !deadline || !policy || !fee || optind < argc) {
		cli_error("edition create needs --slug, --title, --capacity, --deadline, --policy and --fee");
		return EXIT_USAGE;
	}
	struct edition e;
	long long cap, ocap, cents;
	memset(&e, 0, sizeof(e));
	if (cli_parse_int(capacity, 1, 1000, &cap)) {
		cli_error("--capacity must be a whole number from 1 to 1000");
		return EXIT_USAGE;
	}
	if (cli_parse_int(org_cap, 0, 1000, &ocap)) {
		cli_error("--org-cap must be a whole number from 0 to 1000");
		return EXIT_USAGE;
	}
	if (cli_parse_euro(fee, &cents)) {
		cli_error("--fee must be an amount in euro such as 1500 or 1500.00 (at most 1000000)");
		return EXIT_USAGE;
	}
	if (tz_parse_local(deadline, &e.deadline)) {
		cli_error("--deadline must be an existing local time \"YYYY-MM-DD HH:MM\" (Europe/Amsterdam, %d-%d)",
			  TZ_YEAR_MIN, TZ_YEAR_MAX);
		return EXIT_USAGE;
	}
	int p = policy_parse(policy);
	if (p < 0) {
		cli_error("--policy must be fcfs or diversity");
		return EXIT_USAGE;
	}
	e.slug = (char *)slug;
	e.title = (char *)title;
	e.capacity = (int)cap;
	e.org_cap = (int)ocap;
	e.fee_cents = cents;
	e.policy = (enum policy)p;
	e.guided_months = 3;
	e.status = publish ? EDITION_OPEN : EDITION_DRAFT;
	struct field_errors fe = {0};
	if (edition_validate(&e, &fe)) {
		for (int i = 0; i < fe.n; i++)
			cli_error("--%s: %s", fe.items[i].field, fe.items[i].msg);
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	struct actor who = ACTOR_CLI;
	int rc = svc_edition_create(s, a, &who, &e, tz_now(), &fe);
	int64_t id = e.id;
	store_close(s);
	arena_free(a);
	if (rc == LWP_ECONFLICT) {
		cli_error("an edition with slug '%s' already exists", slug);
		return EXIT_FAIL;
	}
	if (rc) {
		cli_error("could not store the edition (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	printf("created edition %s (id %" PRId64 ", %s)\n", slug, id,
	       edition_status_code(e.status));
	return EXIT_OK;
}

/* Parse [--db URL] [ARG]; *arg gets the positional argument if wanted. */
static int db_and_arg(int argc, char **argv, const char **db, const char **arg)
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
			fputs(edition_help, stdout);
			return 1;
		} else {
			fputs(edition_help, stderr);
			return -1;
		}
	}
	int want = arg != NULL;
	if (argc - optind != want) {
		cli_error(want ? "expected one argument: SLUG" : "unexpected argument");
		return -1;
	}
	if (want)
		*arg = argv[optind];
	return 0;
}

static void print_edition_line(const struct edition *e)
{
	char deadline[40];
	tz_format_iso(e->deadline, deadline, sizeof(deadline));
	cli_print_column(stdout, e->slug, 28);
	printf(" %-9s %-9s %3d/%-3d %3d  %s  %s\n",
	       edition_status_code(e->status), policy_code(e->policy), e->accepted,
	       e->capacity, e->applications, deadline, e->title);
}

static int list(int argc, char **argv)
{
	const char *db;
	int rc = db_and_arg(argc, argv, &db, NULL);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	struct edition *items;
	int n;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_edition_list(s, a, 0, &items, &n);
	if (rc == 0) {
		printf("%-28s %-9s %-9s %-7s %4s  %-25s  %s\n", "SLUG", "STATUS", "POLICY",
		       "ACC/CAP", "APPS", "DEADLINE", "TITLE");
		for (int i = 0; !rc && i < n; i++)
			if (!(rc = store_edition_count_applications(s, &items[i])))
				print_edition_line(&items[i]);
	} else {
		cli_error("could not read editions (%s)", lwp_result_name(rc));
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int show(int argc, char **argv)
{
	const char *db, *slug;
	int rc = db_and_arg(argc, argv, &db, &slug);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	struct edition e;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_edition_get(s, a, slug, &e);
	if (rc == 0)
		rc = store_edition_count_applications(s, &e);
	if (rc == 0) {
		char deadline[40];
		struct buf fee;
		buf_init(&fee, 64);
		lang_money(&fee, e.fee_cents, LANG_EN);
		tz_format_iso(e.deadline, deadline, sizeof(deadline));
		printf("slug:          %s\ntitle:         %s\nstatus:        %s\n"
		       "policy:        %s\ncapacity:      %d\naccepted:      %d\n"
		       "places left:   %d\napplications:  %d\ndeadline:      %s\n"
		       "org cap:       %d\nfee:           %s\nstarts on:     %s\nends on:       %s\n",
		       e.slug, e.title, edition_status_code(e.status), policy_code(e.policy),
		       e.capacity, e.accepted, edition_places_left(&e), e.applications,
		       deadline, e.org_cap, buf_cstr(&fee), e.starts_on ? e.starts_on : "-",
		       e.ends_on ? e.ends_on : "-");
		buf_free(&fee);
	} else if (rc == LWP_ENOTFOUND) {
		cli_error("no edition with slug '%s'", slug);
	} else {
		cli_error("could not read the edition (%s)", lwp_result_name(rc));
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* lwp edition deadline SLUG "YYYY-MM-DD HH:MM": move the deadline (audited). */
static int set_deadline(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int64_t deadline;
	int c, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'D') {
			db = optarg;
		} else if (c == 'h') {
			fputs(edition_help, stdout);
			return EXIT_OK;
		} else {
			fputs(edition_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		cli_error("expected SLUG and a deadline \"YYYY-MM-DD HH:MM\"");
		return EXIT_USAGE;
	}
	const char *slug = argv[optind], *when = argv[optind + 1];
	if (tz_parse_local(when, &deadline)) {
		cli_error("the deadline must be an existing local time \"YYYY-MM-DD HH:MM\" (Europe/Amsterdam)");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	struct edition e;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_edition_get(s, a, slug, &e);
	struct actor who = ACTOR_CLI;
	if (rc == 0)
		rc = svc_edition_set_deadline(s, a, &who, e.id, deadline, tz_now());
	if (rc == LWP_ENOTFOUND)
		cli_error("no edition with slug '%s'", slug);
	else if (rc)
		cli_error("could not change the deadline (%s)", lwp_result_name(rc));
	else
		printf("deadline of %s: %s\n", slug, when);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* The options of lwp edition update, as given (NULL when absent). */
struct edition_options {
	const char *title, *capacity, *deadline, *org_cap, *fee, *description_file;
};

/* Read a description file (UTF-8 text, at most 20,000 bytes) into the arena. */
static char *read_description(struct arena *a, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error("cannot read %s", path);
		return NULL;
	}
	char *text = arena_alloc(a, 20002);
	size_t n = text ? fread(text, 1, 20001, f) : 0;
	int bad = ferror(f) || n > 20000;
	fclose(f);
	if (!text || bad) {
		cli_error("%s: the description must be a readable file of at most 20000 bytes", path);
		return NULL;
	}
	text[n] = '\0';
	if (text_check(text, n, TEXT_MULTILINE)) {
		cli_error("%s: the description must be UTF-8 text", path);
		return NULL;
	}
	return text;
}

/* Apply the given options to e; EXIT_USAGE with a message for a bad one. */
static int apply_options(struct arena *a, const struct edition_options *o, struct edition *e)
{
	long long v;
	if (o->title)
		e->title = (char *)o->title;
	if (o->capacity) {
		if (cli_parse_int(o->capacity, 1, 1000, &v)) {
			cli_error("--capacity must be a whole number from 1 to 1000");
			return EXIT_USAGE;
		}
		e->capacity = (int)v;
	}
	if (o->org_cap) {
		if (cli_parse_int(o->org_cap, 0, 1000, &v)) {
			cli_error("--org-cap must be a whole number from 0 to 1000");
			return EXIT_USAGE;
		}
		e->org_cap = (int)v;
	}
	if (o->fee) {
		if (cli_parse_euro(o->fee, &v)) {
			cli_error("--fee must be an amount in euro such as 1500 or 1500.00 (at most 1000000)");
			return EXIT_USAGE;
		}
		e->fee_cents = v;
	}
	if (o->deadline && tz_parse_local(o->deadline, &e->deadline)) {
		cli_error("--deadline must be an existing local time \"YYYY-MM-DD HH:MM\" (Europe/Amsterdam)");
		return EXIT_USAGE;
	}
	if (o->description_file && !(e->description = read_description(a, o->description_file)))
		return EXIT_USAGE;
	return EXIT_OK;
}

/* Report the outcome of svc_edition_update. */
static int update_result(int rc, const char *slug, int accepted, const struct field_errors *fe)
{
	if (rc == 0) {
		printf("updated edition %s\n", slug);
		return EXIT_OK;
	}
	if (rc == LWP_ECAPACITY)
		cli_error("the capacity cannot be lower than the %d applicants accepted already",
			  accepted);
	else if (rc == LWP_EINVAL)
		for (int i = 0; i < fe->n; i++)
			cli_error("--%s: %s", fe->items[i].field, fe->items[i].msg);
	else if (rc == LWP_ENOTFOUND)
		cli_error("no edition with slug '%s'", slug);
	else
		cli_error("could not update the edition (%s)", lwp_result_name(rc));
	return EXIT_FAIL;
}

static int update(int argc, char **argv)
{
	static const struct option opts[] = {
		{"title", required_argument, NULL, 't'},
		{"capacity", required_argument, NULL, 'c'},
		{"deadline", required_argument, NULL, 'd'},
		{"org-cap", required_argument, NULL, 'o'},
		{"fee", required_argument, NULL, 'f'},
		{"description-file", required_argument, NULL, 'F'},
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct edition_options o = {0};
	const char *db = cli_default_db();
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char **slot = c == 't' ? &o.title : c == 'c' ? &o.capacity
				    : c == 'd' ? &o.deadline : c == 'o' ? &o.org_cap
				    : c == 'f' ? &o.fee : c == 'F' ? &o.description_file
				    : c == 'D' ? &db : NULL;
		if (slot) {
			*slot = optarg;
		} else {
			fputs(edition_help, c == 'h' ? stdout : stderr);
			return c == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error("expected one SLUG");
		return EXIT_USAGE;
	}
	const char *slug = argv[optind];
	if (o.title && !cli_text_ok(o.title)) {
		cli_error("--title must be UTF-8 text");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	struct edition e;
	struct field_errors fe = {0};
	int accepted = 0;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int rc = store_edition_get(s, a, slug, &e);
	int exit_code = rc ? update_result(rc, slug, 0, &fe) : apply_options(a, &o, &e);
	if (rc == 0 && exit_code == EXIT_OK) {
		struct actor who = ACTOR_CLI;
		rc = svc_edition_update(s, a, &who, &e, tz_now(), &fe, &accepted);
		exit_code = update_result(rc, slug, accepted, &fe);
	}
	store_close(s);
	arena_free(a);
	return exit_code;
}

int cmd_edition(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"create", create},
		{"list", list},
		{"show", show},
		{"deadline", set_deadline},
		{"update", update},
		{"anonymise", cmd_edition_privacy},
		{"retention", cmd_edition_privacy},
		{NULL, NULL},
	};
	return cli_dispatch(argc, argv, edition_help, subs, "edition");
}
