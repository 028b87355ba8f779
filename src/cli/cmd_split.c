/* lwp split SLUG --groups K: split the accepted participants of a selected
 * edition into K subgroups that are each as diverse as the whole group (see
 * domain/subgroups.h), and confirm, through the same service as the console. */
#include "cli/cli.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/subgroups.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char split_help[] =
	"usage: lwp split SLUG --groups K [--apart EMAIL,EMAIL]... [--together EMAIL,EMAIL]...\n"
	"                 [--seconds S] [--dry-run] [--json] [--db URL]\n\n"
	"Split the accepted participants of a selected edition into K subgroups, each\n"
	"as diverse as the whole group (the selection's weights: organisation, parent,\n"
	"kind, theme, keywords), of equal size, people of one organisation apart (a\n"
	"setting in the console), with the lead's rules and the rules given here:\n"
	"  --apart A,B      these participants (e-mail addresses) in different groups\n"
	"  --together A,B   these participants in one group\n"
	"  --seconds S      time cap for the optimiser (default 2)\n"
	"  --dry-run        show the proposal, change nothing\n"
	"  --json           {\"groups\": [{\"name\", \"coaches\", \"members\": [{\"id\",\n"
	"                   \"email\", \"organisation\"}]}], \"value\", \"proven\"}\n"
	"Without --dry-run the rules are kept, the split is confirmed and every\n"
	"participant and coach is mailed their subgroup. After a confirmed split, the\n"
	"same K re-balances: the fewest moves that restore the rules.\n";

#define RULES_MAX 64

struct rules {
	struct subgroup_rule r[RULES_MAX];
	int n;
};

/* "a@x,b@y[,c@z...]" as pairs of application ids (together: a chain,
 * apart: every pair). */
static int add_rules(const struct subgroups_state *st, const char *list, int together,
		     struct rules *out)
{
	int64_t ids[16];
	int m = 0;
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return -1;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int found = -1;
		while (*t == ' ')
			t++;
		for (int i = 0; i < st->n && found < 0; i++)
			if (strcasecmp(st->rows[i].email, t) == 0)
				found = i;
		if (found < 0 || m == 16) {
			cli_error(found < 0 ? "%s is not a participant of this edition"
					    : "at most 16 addresses per rule (%s)", t);
			free(copy);
			return -1;
		}
		ids[m++] = st->rows[found].c.application_id;
	}
	free(copy);
	if (m < 2) {
		cli_error("a rule needs two or more e-mail addresses: %s", list);
		return -1;
	}
	for (int i = 0; i < m; i++) {
		for (int j = i + 1; j < m; j++) {
			if (together && j != i + 1)
				break;
			if (out->n == RULES_MAX || ids[i] == ids[j]) {
				cli_error(ids[i] == ids[j] ? "the same participant twice in %s"
					  : "too many rules (%s)", list);
				return -1;
			}
			out->r[out->n++] = (struct subgroup_rule){ids[i], ids[j], together};
		}
	}
	return 0;
}

static const char *group_name(struct arena *a, const struct subgroups_state *st, int g)
{
	return st->groups[g].name[0] ? st->groups[g].name : arena_printf(a, "Subgroup %d", g + 1);
}

static int print_json(struct arena *a, const struct subgroups_state *st, double value,
		      int proven)
{
	json_t *groups = json_array();
	for (int g = 0; groups && g < st->plan.set.k; g++) {
		json_t *coaches = json_array(), *members = json_array();
		for (int j = 0; j < st->ncoaches; j++)
			if (st->coaches[j].position == g)
				json_array_append_new(coaches, json_string(st->coaches[j].email));
		for (int i = 0; i < st->n; i++)
			if (st->shown[i] == g)
				json_array_append_new(members, json_pack("{s:I, s:s, s:s, s:s}",
					"id", (json_int_t)st->rows[i].c.application_id,
					"name", st->rows[i].name, "email", st->rows[i].email,
					"organisation", st->rows[i].organisation));
		json_array_append_new(groups, json_pack("{s:s, s:o, s:o}", "name",
							group_name(a, st, g), "coaches", coaches,
							"members", members));
	}
	json_t *doc = groups ? json_pack("{s:o, s:f, s:b}", "groups", groups, "value", value,
					 "proven", proven) : NULL;
	int rc = doc && json_dumpf(doc, stdout, JSON_INDENT(2)) == 0 ? EXIT_OK : EXIT_FAIL;
	putchar('\n');
	json_decref(doc);
	return rc;
}

static void print_text(struct arena *a, const struct subgroups_state *st,
		       const struct subgroups_outcome *o)
{
	for (int g = 0; g < st->plan.set.k; g++) {
		printf("%s (%d):", group_name(a, st, g), st->spread[g].size);
		for (int j = 0; j < st->ncoaches; j++)
			if (st->coaches[j].position == g)
				printf(" coach %s;", st->coaches[j].name);
		printf(" %d organisations, %d parents, %d keywords, diversity per pair %.2f\n",
		       st->spread[g].organisations, st->spread[g].parents, st->spread[g].tags,
		       st->spread[g].mean);
		for (int i = 0; i < st->n; i++)
			if (st->shown[i] == g)
				printf("  %-6" PRId64 " %-26.26s %s\n", st->rows[i].c.application_id,
				       st->rows[i].name, st->rows[i].organisation);
	}
	for (int m = 0; m < o->nmoves; m++)
		printf("move %" PRId64 ": %s%d -> %d\n", o->moves[m].application_id,
		       o->moves[m].from < 0 ? "new, " : "", o->moves[m].from + 1, o->moves[m].to + 1);
	printf("value %.2f (%s)\n", o->value, o->proven ? "proven optimal" : "best found");
}

static const char *split_error(int rc, const struct lwp_error *err)
{
	switch (rc) {
	case LWP_ENOTFOUND: return "no edition with this slug, or nothing to re-balance";
	case LWP_ECLOSED: return "the edition is not selected yet, or its confirmed subgroups keep their number";
	case LWP_EINVAL: return err->msg ? err->msg : "the rules cannot all be met";
	case LWP_ECONFLICT: return "the participants changed meanwhile; run again";
	default: return "the split failed";
	}
}

struct split_args {
	const char *db;
	int dry, json;
	long long k, seconds;
	const char *apart[RULES_MAX], *together[RULES_MAX];
	int napart, ntogether;
};

static int parse_args(int argc, char **argv, struct split_args *x)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"groups", required_argument, NULL, 'k'},
		{"apart", required_argument, NULL, 'a'},
		{"together", required_argument, NULL, 't'},
		{"dry-run", no_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"seconds", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': x->db = optarg; break;
		case 'n': x->dry = 1; break;
		case 'j': x->json = 1; break;
		case 'k':
			if (parse_int(optarg, 1, SUBGROUP_K_MAX, &x->k)) {
				cli_error("--groups must be a whole number from 1 to 10");
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_int(optarg, 1, 600, &x->seconds)) {
				cli_error("--seconds must be a whole number from 1 to 600");
				return EXIT_USAGE;
			}
			break;
		case 'a':
		case 't':
			if ((c == 'a' ? x->napart : x->ntogether) == RULES_MAX || !cli_text_ok(optarg)) {
				cli_error("too many or unreadable rules");
				return EXIT_USAGE;
			}
			if (c == 'a')
				x->apart[x->napart++] = optarg;
			else
				x->together[x->ntogether++] = optarg;
			break;
		case 'h': fputs(split_help, stdout); return -1;
		default: fputs(split_help, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || x->k == 0) {
		cli_error(x->k ? "expected one argument: SLUG" : "--groups K is required");
		return EXIT_USAGE;
	}
	return 0;
}

/* Keep the settings (k changed, names and coaches as they are) and the
 * rules, then plan or re-balance and confirm. */
static int split_confirm(struct store *s, struct arena *a, const struct edition *e,
			 const struct subgroups_state *st, const struct subgroup_settings *set,
			 const struct rules *rules, int rebalance, double seconds,
			 struct subgroups_outcome *o, struct lwp_error *err)
{
	struct actor who = ACTOR_CLI;
	struct subgroups_setup in;
	int64_t now = tz_now();
	int mailed, rc;
	memset(&in, 0, sizeof(in));
	in.set = *set;
	for (int g = 0; g < set->k && g < st->ngroups; g++)
		in.names[g] = st->groups[g].name;
	for (int j = 0; j < st->ncoaches; j++) {
		int g = st->coaches[j].position;
		if (g < set->k && in.ncoach[g] < SUBGROUP_COACHES_MAX)
			in.coach_ids[g][in.ncoach[g]++] = st->coaches[j].user_id;
	}
	if ((rc = svc_subgroups_setup(s, a, &who, e, &in, now, err)))
		return rc;
	for (int i = 0; i < rules->n; i++)
		if ((rc = svc_subgroups_rule_add(s, a, &who, e, rules->r[i].a, rules->r[i].b,
						 rules->r[i].together, now)))
			return rc;
	if ((rc = svc_subgroups_plan(s, a, &who, e, rebalance, seconds, now, o, err)))
		return rc;
	if ((rc = svc_subgroups_confirm(s, a, &who, e, now, &mailed)))
		return rc;
	fprintf(stderr, "lwp: subgroups confirmed; %d messages are in the outbox\n", mailed);
	return 0;
}

int cmd_split(int argc, char **argv)
{
	struct split_args x = {.db = cli_default_db(), .seconds = 2};
	int rc = parse_args(argc, argv, &x);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(x.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	struct edition e;
	struct subgroups_state st, done;
	struct subgroups_outcome o = {0};
	struct lwp_error err = {0};
	struct rules rules = {.n = 0};
	if ((rc = store_edition_get(s, a, argv[optind], &e)) || (rc = svc_subgroups_load(s, a, &e, &st))) {
		cli_error("%s", split_error(rc, &err));
		goto done;
	}
	for (int i = 0; !rc && i < x.napart; i++)
		rc = add_rules(&st, x.apart[i], 0, &rules);
	for (int i = 0; !rc && i < x.ntogether; i++)
		rc = add_rules(&st, x.together[i], 1, &rules);
	if (rc)
		goto done;
	struct subgroup_settings set = st.plan.set;
	if (set.k != (int)x.k)
		set.has_sizes = 0;
	set.k = (int)x.k;
	int rebalance = st.plan.confirmed && st.plan.set.k == set.k;
	if (x.dry)
		rc = svc_subgroups_preview(s, a, &e, &set, rules.r, rules.n, rebalance,
					   (double)x.seconds, &done, &o, &err);
	else if (!(rc = split_confirm(s, a, &e, &st, &set, &rules, rebalance, (double)x.seconds,
				      &o, &err)))
		rc = svc_subgroups_load(s, a, &e, &done);
	if (!rc && !done.shown)
		rc = LWP_ECONFLICT;
	if (rc) {
		cli_error("%s", split_error(rc, &err));
		goto done;
	}
	if (x.json)
		rc = print_json(a, &done, o.value, o.proven);
	else
		print_text(a, &done, &o);
done:
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
