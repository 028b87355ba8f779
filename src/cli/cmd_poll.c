/* lwp poll: plan a meeting with the participants (issue 15). Create a poll
 * with candidate dates, answer it for an invitee, show the tally and the
 * pick with its reason, send the reminders, close it into a meeting. */
#include "cli/cli.h"
#include "cli/cli_meetings.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/polls.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char poll_help[] =
	"usage: lwp poll create SLUG --title T --candidate C... [--require EMAIL]...\n"
	"                [--deadline \"YYYY-MM-DD HH:MM\"] [--kind K] [--location L]\n"
	"                [--subgroup NAME] [--json]\n"
	"       lwp poll answer ID EMAIL ANSWER...   (yes, maybe or no per candidate)\n"
	"       lwp poll show ID [--json]\n"
	"       lwp poll close ID\n"
	"       lwp poll remind\n"
	"       (each also takes --db URL)\n\n"
	"A candidate is \"YYYY-MM-DD HH:MM-HH:MM\", \"YYYY-MM-DD..YYYY-MM-DD HH:MM-HH:MM\"\n"
	"(consecutive days, the same times) or a date or date range alone (all day),\n"
	"in Amsterdam time. Every invitee (the edition's accepted participants, its\n"
	"coaches) gets a private link by mail. create prints the new poll's id.\n"
	"show prints the tally per candidate, the pick and why; close confirms the\n"
	"meeting on the pick and mails the invitations. remind mails a new link to\n"
	"invitees who have not answered (at most every two days). Kinds: prequel,\n"
	"start, follow_up, extra_day (default), network. LWP_BASE_URL sets the\n"
	"address in the links.\n";

struct create_opts {
	const char *title, *location, *subgroup, *deadline;
	const char *candidates[POLL_CANDIDATES_MAX];
	const char *required[POLL_INVITEES_MAX > 64 ? 64 : POLL_INVITEES_MAX];
	size_t nc, nr;
	int kind, json;
};

static int parse_create(int argc, char **argv, struct create_opts *o, const char **db)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'}, {"title", required_argument, NULL, 't'},
		{"candidate", required_argument, NULL, 'c'}, {"require", required_argument, NULL, 'r'},
		{"deadline", required_argument, NULL, 'd'}, {"kind", required_argument, NULL, 'k'},
		{"location", required_argument, NULL, 'l'}, {"subgroup", required_argument, NULL, 'g'},
		{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0},
	};
	int c;
	o->kind = MEETING_EXTRA_DAY;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': *db = optarg; break;
		case 't': o->title = optarg; break;
		case 'c':
			if (o->nc == POLL_WEB_CANDIDATES_MAX)
				return cli_usage("at most 30 candidates");
			o->candidates[o->nc++] = optarg;
			break;
		case 'r':
			if (o->nr == sizeof(o->required) / sizeof(o->required[0]))
				return cli_usage("too many --require");
			o->required[o->nr++] = optarg;
			break;
		case 'd': o->deadline = optarg; break;
		case 'k':
			if ((o->kind = meeting_kind_parse(optarg)) < 0)
				return cli_usage("unknown --kind");
			break;
		case 'l': o->location = optarg; break;
		case 'g': o->subgroup = optarg; break;
		case 'j': o->json = 1; break;
		default: return cli_usage(NULL);
		}
	}
	if (!o->title || o->nc == 0 || argc - optind != 1)
		return cli_usage("expected SLUG, --title and at least one --candidate");
	return 0;
}

static int poll_create(int argc, char **argv)
{
	struct create_opts o = {0};
	const char *db = cli_default_db();
	if (parse_create(argc, argv, &o, &db))
		return EXIT_USAGE;
	if (o.subgroup) {
		cli_error("no subgroup named \"%s\" (this edition has no subgroups)", o.subgroup);
		return EXIT_FAIL;
	}
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	struct poll_candidate *cand = arena_calloc(cs.a, o.nc, sizeof(*cand));
	struct poll_new in = {.title = o.title, .kind = (enum meeting_kind)o.kind,
			      .location = o.location, .candidates = cand, .n_candidates = o.nc,
			      .required = o.required, .n_required = o.nr};
	struct edition e = {0};
	int rc = cand ? store_edition_head(cs.s, cs.a, argv[optind], &e) : LWP_ENOMEM;
	for (size_t i = 0; !rc && i < o.nc; i++) {
		struct lwp_error err = {0};
		if ((rc = poll_candidate_parse(cs.a, o.candidates[i], &cand[i], &err)))
			cli_error("--candidate \"%s\": %s", o.candidates[i], err.msg);
	}
	if (!rc && o.deadline && (rc = tz_parse_local(o.deadline, &in.deadline)))
		cli_error("--deadline must be \"YYYY-MM-DD HH:MM\" (Amsterdam time)");
	int64_t id = 0;
	struct field_errors fe = {0};
	in.edition_id = e.id;
	if (!rc)
		rc = svc_poll_create(cs.s, cs.a, &cs.who, &cs.env, &in, tz_now(), &fe, &id);
	if (!rc && o.json)
		printf("{\"id\": %lld, \"candidates\": %zu}\n", (long long)id, o.nc);
	else if (!rc)
		printf("%lld\n", (long long)id);
	else
		cli_report(rc, &fe, "no edition with this slug");
	return cli_session_close(&cs, rc);
}

static int poll_answer(int argc, char **argv, const char *db)
{
	long long id;
	if (argc - optind < 3 || cli_parse_int(argv[optind], 1, INT64_MAX, &id))
		return cli_usage("expected ID EMAIL ANSWER...");
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	struct poll_full p;
	int64_t invitee = 0;
	int rc = store_poll_get(cs.s, cs.a, id, &p);
	if (!rc && (rc = svc_poll_invitee_by_email(&p, argv[optind + 1], &invitee)))
		cli_error("%s is not invited to this poll", argv[optind + 1]);
	size_t n = (size_t)(argc - optind - 2);
	if (!rc && n != p.n_candidates) {
		cli_error("this poll has %zu candidates: give one answer for each", p.n_candidates);
		rc = LWP_EINVAL;
	}
	enum poll_answer *ans = rc ? NULL : arena_calloc(cs.a, n + 1, sizeof(*ans));
	for (size_t i = 0; !rc && ans && i < n; i++) {
		int v = poll_answer_parse(argv[optind + 2 + (int)i]);
		if (v <= 0) {
			cli_error("answer %zu must be yes, maybe or no", i + 1);
			rc = LWP_EINVAL;
		}
		ans[i] = (enum poll_answer)(v > 0 ? v : 0);
	}
	if (!rc)
		rc = svc_poll_answer(cs.s, cs.a, &cs.who, &cs.env, id, invitee, ans, NULL, tz_now());
	if (rc && rc != LWP_EINVAL)
		cli_report(rc, NULL, "no poll with this id");
	return cli_session_close(&cs, rc);
}

static void reason_text(const struct poll_result *r, char *out, size_t n)
{
	const char *t = poll_reason_template(r->reason.code);
	long long a1 = r->reason.code == POLL_REASON_TIE_EARLIEST ? r->reason.tied : r->reason.yes;
	size_t k = 0;
	for (; *t && k + 24 < n; t++) {
		if (t[0] == '{' && (t[1] == '1' || t[1] == '2') && t[2] == '}') {
			k += (size_t)snprintf(out + k, n - k, "%lld", t[1] == '1' ? a1 : (long long)r->reason.maybe);
			t += 2;
		} else {
			out[k++] = *t;
		}
	}
	out[k] = '\0';
}

static char *candidate_text(struct arena *a, const struct poll_candidate *c)
{
	struct buf b;
	buf_init(&b, 128);
	if (poll_candidate_format(&b, c))
		meeting_day_format(&b, &c->days[0], LANG_EN);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static int show_json(struct arena *a, const struct poll_full *p, const struct poll_result *r,
		     const char *reason)
{
	json_t *cands = json_array();
	for (size_t i = 0; cands && i < p->n_candidates; i++) {
		const struct poll_tally *t = &r->tally[i];
		json_array_append_new(cands, json_pack("{s:s, s:i, s:i, s:i, s:i, s:f, s:b}",
			"candidate", candidate_text(a, &p->candidates[i]), "yes", t->yes,
			"maybe", t->maybe, "no", t->no, "missing", t->missing,
			"score", t->score_halves / 2.0, "eligible", t->eligible));
	}
	json_t *doc = cands ? json_pack("{s:I, s:s, s:s, s:i, s:o, s:o, s:s, s:I}",
		"id", (json_int_t)p->id, "title", p->title,
		"status", p->state == POLL_STATE_OPEN ? "open" : "closed",
		"invitees", (int)p->n_invitees, "candidates", cands,
		"pick", r->picked < 0 ? json_null() : json_integer(r->picked + 1),
		"reason", reason, "meeting_id", (json_int_t)p->meeting_id) : NULL;
	int rc = doc && json_dumpf(doc, stdout, JSON_INDENT(2)) == 0 ? 0 : LWP_ENOMEM;
	putchar('\n');
	json_decref(doc);
	return rc;
}

static void show_text(struct arena *a, const struct poll_full *p, const struct poll_result *r,
		      const char *reason)
{
	printf("poll %lld: %s (%s, %zu invitees)\n", (long long)p->id, p->title,
	       p->state == POLL_STATE_OPEN ? "open" : "closed", p->n_invitees);
	for (size_t i = 0; i < p->n_candidates; i++) {
		const struct poll_tally *t = &r->tally[i];
		printf("  %c %2zu. %-40s yes %d, maybe %d, no %d, no answer %d, score %.1f%s\n",
		       r->picked == (int)i ? '*' : ' ', i + 1, candidate_text(a, &p->candidates[i]),
		       t->yes, t->maybe, t->no, t->missing, t->score_halves / 2.0,
		       t->eligible ? "" : " (a required invitee cannot come)");
	}
	printf("pick: %s\n%s\n", r->picked < 0 ? "none" : candidate_text(a, &p->candidates[r->picked]),
	       reason);
}

static int poll_show(int argc, char **argv, const char *db, int json)
{
	long long id;
	if (argc - optind != 1 || cli_parse_int(argv[optind], 1, INT64_MAX, &id))
		return cli_usage("expected ID");
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	struct poll_full p;
	struct poll view;
	struct poll_result r;
	char reason[512];
	int rc = store_poll_get(cs.s, cs.a, id, &p);
	if (!rc) {
		store_poll_view(&p, &view);
		rc = poll_decide(cs.a, &view, &r);
	}
	if (!rc) {
		reason_text(&r, reason, sizeof(reason));
		if (json)
			rc = show_json(cs.a, &p, &r, reason);
		else
			show_text(cs.a, &p, &r, reason);
	} else {
		cli_report(rc, NULL, "no poll with this id");
	}
	return cli_session_close(&cs, rc);
}

static int poll_close(int argc, char **argv, const char *db)
{
	long long id;
	if (argc - optind != 1 || cli_parse_int(argv[optind], 1, INT64_MAX, &id))
		return cli_usage("expected ID");
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int64_t meeting = 0;
	int picked = -1;
	int rc = svc_poll_close(cs.s, cs.a, &cs.who, &cs.env, id, tz_now(), &meeting, &picked);
	if (!rc)
		printf("%lld\n", (long long)meeting);
	else if (rc == LWP_ECONFLICT)
		cli_error("no candidate can be picked: a required invitee cannot come on any of them");
	else if (rc == LWP_ECLOSED)
		cli_error("this poll was closed already");
	else
		cli_report(rc, NULL, "no poll with this id");
	return cli_session_close(&cs, rc);
}

static int poll_remind(const char *db)
{
	struct cli_session cs;
	if (cli_session_open(&cs, db))
		return EXIT_FAIL;
	int sent = 0;
	int rc = svc_poll_remind(cs.s, &cs.env, tz_now(), &sent);
	if (!rc)
		printf("%d reminders\n", sent);
	else
		cli_report(rc, NULL, NULL);
	return cli_session_close(&cs, rc);
}

int cmd_poll(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(poll_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1], *db = cli_default_db();
	argc--;
	argv++;
	optind = 1;
	if (strcmp(sub, "create") == 0)
		return poll_create(argc, argv);
	int json = 0;
	const struct cli_opt opts[] = {CLI_VALUE("db", &db), CLI_FLAG("json", &json), CLI_OPTS_END};
	int c = cli_parse_options(argc, argv, opts, poll_help);
	if (c)
		return c > 0 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(sub, "answer") == 0)
		return poll_answer(argc, argv, db);
	if (strcmp(sub, "show") == 0)
		return poll_show(argc, argv, db, json);
	if (strcmp(sub, "close") == 0)
		return poll_close(argc, argv, db);
	if (strcmp(sub, "remind") == 0)
		return poll_remind(db);
	cli_error("unknown subcommand \"%s\"", sub);
	return EXIT_USAGE;
}
