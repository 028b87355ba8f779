/*
 * lwp message send|list|show: writing to an edition's group from the
 * command line (service/messages.h), and its delivery report.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "service/accounts.h"
#include "service/messages.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char message_help[] =
	"usage: lwp message send SLUG --to participants|waitlist|coaches|subgroup\n"
	"                        [--subgroup ID|NAME] --subject-nl TEXT --body-nl-file FILE\n"
	"                        --subject-en TEXT --body-en-file FILE [--dry-run] [--db URL]\n"
	"       lwp message list SLUG [--db URL]\n"
	"       lwp message show SLUG ID [--db URL]\n\n"
	"send writes to the edition's accepted participants, its waiting list, its\n"
	"coaches or one subgroup (--to subgroup --subgroup with the subgroup's id\n"
	"(\"id\" in the subgroups API) or its name): each recipient gets the text in their own language through\n"
	"the outbox. --dry-run shows how many would get it in which language.\n"
	"list shows the messages with their delivery counts; show lists per\n"
	"recipient whether it was sent or failed (with the error).\n";

static char *read_text(struct arena *a, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;
	if (!f) {
		cli_error("cannot open %s", path);
		return NULL;
	}
	buf_init(&b, 4 * MESSAGE_BODY_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	char *s = b.failed ? NULL : arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	if (!s)
		cli_error("%s is too long", path);
	return s;
}

struct message_opts {
	const char *db, *to, *subgroup, *subject_nl, *subject_en, *body_nl, *body_en;
	int dry_run;
};

static int parse(int argc, char **argv, struct message_opts *o, int want)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"to", required_argument, NULL, 't'},
		{"subgroup", required_argument, NULL, 'g'},
		{"subject-nl", required_argument, NULL, 's'},
		{"subject-en", required_argument, NULL, 'S'},
		{"body-nl-file", required_argument, NULL, 'b'},
		{"body-en-file", required_argument, NULL, 'B'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	memset(o, 0, sizeof(*o));
	o->db = cli_default_db();
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 't': o->to = optarg; break;
		case 'g': o->subgroup = optarg; break;
		case 's': o->subject_nl = optarg; break;
		case 'S': o->subject_en = optarg; break;
		case 'b': o->body_nl = optarg; break;
		case 'B': o->body_en = optarg; break;
		case 'n': o->dry_run = 1; break;
		case 'h': fputs(message_help, stdout); return 1;
		default: fputs(message_help, stderr); return -1;
		}
	}
	if (argc - optind != want) {
		cli_error(want == 2 ? "expected SLUG and ID" : "expected SLUG");
		return -1;
	}
	return 0;
}

static int send(int argc, char **argv)
{
	struct message_opts o;
	int rc = parse(argc, argv, &o, 1);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	struct group_target target;
	if (group_target_parse(o.to, &target) || !o.subject_nl || !o.subject_en || !o.body_nl ||
	    !o.body_en) {
		cli_error("give --to participants|waitlist|coaches|subgroup and both subjects and bodies");
		return EXIT_USAGE;
	}
	if ((target.kind == GROUP_SUBGROUP) != (o.subgroup != NULL || target.subgroup_id > 0)) {
		cli_error(o.subgroup ? "--subgroup goes with --to subgroup"
				     : "give --subgroup ID|NAME with --to subgroup");
		return EXIT_USAGE;
	}
	if (o.subgroup && target.subgroup_id == 0) {
		/* All digits: the id; else the name. */
		long long id;
		if (o.subgroup[strspn(o.subgroup, "0123456789")] == '\0') {
			if (cli_parse_int(o.subgroup, 1, INT64_MAX, &id)) {
				cli_error("--subgroup: no such subgroup id");
				return EXIT_USAGE;
			}
			target.subgroup_id = id;
		} else {
			target.subgroup_name = o.subgroup;
		}
	}
	struct arena *a = arena_new();
	struct store *s = NULL;
	int exit_code = EXIT_FAIL;
	struct group_send m = {.slug = argv[optind], .target = target,
			       .subject_nl = o.subject_nl, .subject_en = o.subject_en,
			       .preview = o.dry_run, .now = tz_now()};
	if (!a || !(m.body_nl = read_text(a, o.body_nl)) || !(m.body_en = read_text(a, o.body_en)))
		goto done;
	if (cli_open_store(o.db, &s)) {
		s = NULL;
		goto done;
	}
	const struct actor cli = ACTOR_CLI;
	rc = svc_group_message_send(s, a, &cli, &m);
	if (rc == LWP_EINVAL) {
		for (int i = 0; i < m.fe.n; i++)
			cli_error("%s: %s", m.fe.items[i].field, m.fe.items[i].msg);
	} else if (rc == LWP_ENOTFOUND) {
		cli_error("no edition with slug '%s'", m.slug);
	} else if (rc == LWP_ECONFLICT) {
		cli_error("nobody is in this group yet");
	} else if (rc) {
		cli_error("could not send (%s)", lwp_result_name(rc));
	} else {
		if (m.subgroup_label)
			printf("subgroup %lld (%s)\n", (long long)m.target.subgroup_id,
			       m.subgroup_label);
		if (m.preview)
			printf("would send to %d recipients (%d in Dutch, %d in English)\n",
			       m.recipients, m.in_dutch, m.in_english);
		else
			printf("message %lld queued for %d recipients (%d in Dutch, %d in English)\n",
			       (long long)m.id, m.recipients, m.in_dutch, m.in_english);
		exit_code = EXIT_OK;
	}
done:
	store_close(s);
	arena_free(a);
	return exit_code;
}

static int list_or_show(int argc, char **argv, int show)
{
	struct message_opts o;
	long long id = 0;
	int rc = parse(argc, argv, &o, show ? 2 : 1);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (show && cli_parse_int(argv[optind + 1], 1, INT64_MAX, &id)) {
		cli_error("ID is a number");
		return EXIT_USAGE;
	}
	struct arena *a = arena_new();
	struct store *s;
	struct edition e;
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	rc = store_edition_head(s, a, argv[optind], &e);
	if (!rc && !show) {
		struct group_message *list;
		int n;
		rc = store_group_messages(s, a, e.id, &list, &n);
		for (int i = 0; !rc && i < n; i++) {
			char when[40];
			tz_format_iso(list[i].created_at, when, sizeof(when));
			printf("%lld\t%s\t%s\t%d recipients\t%d sent\t%d failed\t%d waiting\t%s\n",
			       (long long)list[i].id, when, list[i].audience, list[i].recipients,
			       list[i].sent, list[i].failed, list[i].pending, list[i].subject_nl);
		}
	} else if (!rc) {
		struct group_message m;
		struct message_delivery *d;
		int n;
		if (!(rc = store_group_message_get(s, a, e.id, id, &m)) &&
		    !(rc = store_message_deliveries(s, a, m.id, &d, &n))) {
			const struct actor cli = ACTOR_CLI;
			if (svc_record(s, &cli, tz_now(), "message.deliveries.read",
				       arena_printf(a, "message:%lld", id), "cli"))
				cli_error("could not write the audit log");
			for (int i = 0; i < n; i++)
				printf("%s\t%s\t%s%s\n", d[i].to_addr, d[i].to_name ? d[i].to_name : "",
				       d[i].sent_at ? "sent" : d[i].last_error ? "failed: " : "pending",
				       !d[i].sent_at && d[i].last_error ? d[i].last_error : "");
		}
	}
	if (rc == LWP_ENOTFOUND)
		cli_error(show ? "no such edition or message" : "no such edition");
	else if (rc)
		cli_error("could not read the messages (%s)", lwp_result_name(rc));
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int list(int argc, char **argv)
{
	return list_or_show(argc, argv, 0);
}

static int show(int argc, char **argv)
{
	return list_or_show(argc, argv, 1);
}

int cmd_message(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"send", send}, {"list", list}, {"show", show}, {NULL, NULL},
	};
	return cli_dispatch(argc, argv, message_help, subs, "message");
}
