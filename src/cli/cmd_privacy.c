/*
 * lwp person export|erase, lwp privacy register|requests|erase-request and
 * lwp edition anonymise|retention: the privacy rights (AVG) from the
 * command line, through src/service/privacy.h.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/tz.h"
#include "service/privacy.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char person_help[] =
	"usage: lwp person export EMAIL [--out FILE] [--db URL]\n"
	"       lwp person erase EMAIL [--yes] [--db URL]\n\n"
	"export writes everything the database holds about the person with this\n"
	"address as JSON (AVG articles 15 and 20) to FILE or standard output.\n"
	"erase removes or anonymises it everywhere (article 17): the applicant,\n"
	"the account, applications, initiatives, mail, audit entries (the actor\n"
	"becomes a pseudonym), sessions and rate limits; billing details of\n"
	"participants stay for the 7 years tax law asks. Without --yes it asks\n"
	"for confirmation on the terminal. Both are in the audit log.\n";

static const char privacy_help[] =
	"usage: lwp privacy register [--format json|markdown] [--db URL]\n"
	"       lwp privacy requests [--db URL]\n"
	"       lwp privacy request EMAIL [--db URL]\n"
	"       lwp privacy run [--db URL]\n\n"
	"register prints the processing register (AVG article 30) generated from\n"
	"the classification of every column and the settings. requests lists the\n"
	"requests for erasure; request records one made by letter or telephone. run carries out the requests whose grace period\n"
	"(LWP_ERASURE_GRACE_DAYS, default 30) has passed and applies every\n"
	"edition's retention periods, as the server's background job does.\n";

static const char retention_help[] =
	"usage: lwp edition anonymise SLUG [--dry-run] [--db URL]\n"
	"       lwp edition retention SLUG [--applicants DAYS] [--participants DAYS] [--db URL]\n\n"
	"anonymise applies the edition's retention periods now: applicants not\n"
	"accepted, after the applicants' period following the end of the edition;\n"
	"participants, after the longer period (keeping billing details for tax\n"
	"law and what the network they consented to needs). --dry-run counts only.\n"
	"retention shows or sets the periods (days after the end of the edition).\n";

int cli_grace_days(void)
{
	const char *v = getenv("LWP_ERASURE_GRACE_DAYS");
	long long n;
	if (v && *v && cli_parse_int(v, 0, 3650, &n) == 0)
		return (int)n;
	return PRIVACY_GRACE_DAYS;
}

struct opts {
	const char *db;
	const char *out;
	const char *format;
	const char *applicants;
	const char *participants;
	int yes;
	int dry_run;
	const char *arg;
};

/* Parse the options every subcommand here shares; one positional argument
 * when want_arg. -1 bad usage, 1 help shown, 0 ok. */
static int parse(int argc, char **argv, const char *help, int want_arg, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->db = cli_default_db();
	o->format = "json";
	const struct cli_opt opts[] = {
		CLI_VALUE("db", &o->db),
		CLI_VALUE("out", &o->out),
		CLI_VALUE("format", &o->format),
		CLI_VALUE("applicants", &o->applicants),
		CLI_VALUE("participants", &o->participants),
		CLI_FLAG("yes", &o->yes),
		CLI_FLAG("dry-run", &o->dry_run),
		CLI_OPTS_END,
	};
	int rc = cli_parse_options(argc, argv, opts, help);
	if (rc)
		return rc;
	if (argc - optind != want_arg) {
		cli_error(want_arg ? "expected one argument" : "unexpected argument");
		return -1;
	}
	if (want_arg) {
		o->arg = argv[optind];
		if (!cli_text_ok(o->arg)) {
			cli_error("the argument is not valid text");
			return -1;
		}
	}
	return 0;
}

static int write_json(json_t *doc, const char *path)
{
	int rc = path ? json_dump_file(doc, path, JSON_INDENT(2) | JSON_SORT_KEYS)
		      : json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!path && rc == 0)
		fputc('\n', stdout);
	return rc;
}

static int person_export(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, person_help, 1, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	json_t *doc = NULL;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	const struct actor cli = ACTOR_CLI;
	rc = svc_privacy_export(s, a, &cli, o.arg, tz_now(), &doc);
	if (rc)
		cli_error("%s", svc_privacy_error(rc));
	else if (write_json(doc, o.out)) {
		cli_error("cannot write %s", o.out ? o.out : "the export");
		rc = -1;
	}
	json_decref(doc);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int confirmed(const char *email)
{
	char line[16];
	if (!isatty(STDIN_FILENO)) {
		cli_error("give --yes to erase without a terminal to confirm on");
		return 0;
	}
	fprintf(stderr, "Erase everything about %s? This cannot be undone. Type yes: ", email);
	return fgets(line, sizeof(line), stdin) && strcmp(line, "yes\n") == 0;
}

static int person_erase(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, person_help, 1, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (!o.yes && !confirmed(o.arg))
		return EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	char *pseudonym = NULL;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	const struct actor cli = ACTOR_CLI;
	rc = svc_privacy_erase(s, a, &cli, o.arg, tz_now(), &pseudonym);
	if (rc)
		cli_error("%s", svc_privacy_error(rc));
	else
		printf("erased; the audit log names the person %s\n", pseudonym);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_person(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"export", person_export}, {"erase", person_erase}, {NULL, NULL},
	};
	return cli_dispatch(argc, argv, person_help, subs, "person");
}

static int privacy_register(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, privacy_help, 0, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	int markdown = strcmp(o.format, "markdown") == 0;
	if (!markdown && strcmp(o.format, "json") != 0) {
		cli_error("--format is json or markdown");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	json_t *reg = NULL;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = svc_privacy_register(s, a, cli_grace_days(), &reg);
	if (rc) {
		cli_error("cannot build the register (%s)", lwp_result_name(rc));
	} else if (markdown) {
		struct buf b;
		buf_init(&b, 1 << 20);
		if ((rc = svc_privacy_register_markdown(reg, &b)) == 0)
			fputs(buf_cstr(&b), stdout);
		buf_free(&b);
	} else {
		rc = write_json(reg, NULL);
	}
	json_decref(reg);
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int privacy_requests(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, privacy_help, 0, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	struct privacy_request *list;
	int n;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_privacy_requests(s, a, &list, &n);
	for (int i = 0; !rc && i < n; i++) {
		char req[40], due[40], done[40] = "-";
		tz_format_iso(list[i].requested_at, req, sizeof(req));
		tz_format_iso(list[i].due_at, due, sizeof(due));
		if (list[i].done_at)
			tz_format_iso(list[i].done_at, done, sizeof(done));
		printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)list[i].id,
		       list[i].done_at ? list[i].pseudonym : list[i].email_key, list[i].via, req,
		       due, done);
	}
	if (rc)
		cli_error("cannot read the requests (%s)", lwp_result_name(rc));
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int privacy_request(int argc, char **argv)
{
	struct opts o;
	int64_t id = 0;
	int rc = parse(argc, argv, privacy_help, 1, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	const struct actor cli = ACTOR_CLI;
	rc = svc_privacy_request_erasure(s, a, &cli, o.arg, "cli", cli_grace_days(), tz_now(), &id);
	if (rc)
		cli_error("%s", svc_privacy_error(rc));
	else
		printf("request %lld recorded; carried out after %d days unless a lead does it"
		       " sooner\n", (long long)id, cli_grace_days());
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int privacy_run(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, privacy_help, 0, &o), done = 0;
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	if (cli_open_store(o.db, &s))
		return EXIT_FAIL;
	rc = svc_privacy_background(s, tz_now(), &done);
	if (rc)
		cli_error("privacy job failed (%s)", lwp_result_name(rc));
	else
		printf("%d people erased or anonymised\n", done);
	store_close(s);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_privacy(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"register", privacy_register}, {"requests", privacy_requests},
		{"run", privacy_run},		{"request", privacy_request},
		{NULL, NULL},
	};
	return cli_dispatch(argc, argv, privacy_help, subs, "privacy");
}

static int edition_anonymise(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, retention_help, 1, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	struct retention_report r;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	const struct actor cli = ACTOR_CLI;
	rc = svc_edition_anonymise(s, a, &cli, o.arg, tz_now(), o.dry_run, &r);
	if (rc == LWP_ENOTFOUND) {
		cli_error("no edition with slug '%s'", o.arg);
	} else if (rc) {
		cli_error("cannot anonymise (%s)", lwp_result_name(rc));
	} else {
		char ad[40], pd[40];
		tz_format_iso(r.applicants_due, ad, sizeof(ad));
		tz_format_iso(r.participants_due, pd, sizeof(pd));
		printf("%s%d applicants not accepted (period ends %s), %d participants (ends %s),"
		       " %d billing details, %d people\n", o.dry_run ? "would anonymise: " : "anonymised: ",
		       r.applicants, ad, r.participants, pd, r.tax, r.people);
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int edition_retention(int argc, char **argv)
{
	struct opts o;
	long long ad, pd;
	int rc = parse(argc, argv, retention_help, 1, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct store *s;
	struct arena *a = arena_new();
	struct edition e;
	struct edition_retention r;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	if ((rc = store_edition_head(s, a, o.arg, &e)) || (rc = store_edition_retention(s, e.id, &r))) {
		cli_error(rc == LWP_ENOTFOUND ? "no such edition" : "cannot read the edition");
		goto done;
	}
	if (o.applicants || o.participants) {
		if ((o.applicants && cli_parse_int(o.applicants, 0, 36500, &ad)) ||
		    (o.participants && cli_parse_int(o.participants, 0, 36500, &pd))) {
			cli_error("days are a number from 0 to 36500");
			rc = LWP_EINVAL;
			goto done;
		}
		if (o.applicants)
			r.applicant_days = (int)ad;
		if (o.participants)
			r.participant_days = (int)pd;
		const struct actor cli = ACTOR_CLI;
		if ((rc = svc_edition_retention_set(s, a, &cli, o.arg, &r, tz_now()))) {
			cli_error("%s", svc_privacy_error(rc));
			goto done;
		}
	}
	printf("applicants:   %d days after the end\nparticipants: %d days after the end\n",
	       r.applicant_days, r.participant_days);
done:
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_edition_privacy(int argc, char **argv)
{
	if (strcmp(argv[0], "anonymise") == 0)
		return edition_anonymise(argc, argv);
	return edition_retention(argc, argv);
}
