/* lwp select SLUG: after the deadline, choose the most diverse group (see
 * domain/selection.h), show why per applicant, and confirm it. */
#include "cli/cli.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/selection.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char select_help[] =
	"usage: lwp select SLUG [--dry-run] [--json] [--seconds S] [--db URL]\n\n"
	"Choose up to capacity applicants of an edition with the diversity policy,\n"
	"after its deadline, so that the group is as diverse as possible (kind and\n"
	"number of organisations, parent organisations, themes, tags; weights as\n"
	"set in the console), within the cap per organisation and the lead's\n"
	"must-include and exclude marks. Shows per applicant why; without --dry-run\n"
	"it then confirms: statuses are set, the waiting list is ranked and every\n"
	"applicant gets an e-mail.\n"
	"  --seconds S   time for the optimiser (default 5; small editions are\n"
	"                solved exactly well within that)\n";

static void adds_text(unsigned adds, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s", adds & ADDS_ORGANISATION ? "organisation " : "",
		 adds & ADDS_PARENT ? "parent " : "", adds & ADDS_KIND ? "kind " : "",
		 adds & ADDS_THEME ? "theme" : "");
}

static const char *why_text(enum why_not why)
{
	switch (why) {
	case WHY_NOT_CAP: return "cap of organisation reached";
	case WHY_NOT_EXCLUDED: return "excluded by the lead";
	case WHY_NOT_MARKS: return "the must-include marks fill the group";
	default: return "would add no more than the last one chosen";
	}
}

static void print_table(const struct selection_plan *p)
{
	const struct selection *s = &p->result;
	printf("Chosen (%d of %d places):\n", s->chosen_count, p->edition.capacity);
	for (int i = 0; i < p->n; i++) {
		char adds[64];
		if (!s->verdicts[i].chosen)
			continue;
		adds_text(s->verdicts[i].adds, adds, sizeof(adds));
		printf("  %-6" PRId64 " ", p->rows[i].c.application_id);
		cli_print_column(stdout, p->rows[i].name, 26);
		putchar(' ');
		cli_print_column(stdout, p->rows[i].organisation, 34);
		printf(" gain %7.2f  adds: %s\n", s->verdicts[i].gain, *adds ? adds : "-");
	}
	printf("Waiting list:\n");
	for (int rank = 1; rank <= p->n; rank++)
		for (int i = 0; i < p->n; i++)
			if (!s->verdicts[i].chosen && s->verdicts[i].rank == rank) {
				printf("  %3d. %-6" PRId64 " ", rank, p->rows[i].c.application_id);
				cli_print_column(stdout, p->rows[i].name, 26);
				putchar(' ');
				cli_print_column(stdout, p->rows[i].organisation, 34);
				printf(" would add %7.2f (in place of the last %7.2f)  %s\n",
				       s->verdicts[i].gain, s->verdicts[i].replace_gain,
				       why_text(s->verdicts[i].why));
			}
	for (int i = 0; i < p->n; i++)
		if (s->verdicts[i].why == WHY_NOT_EXCLUDED)
			printf("  excluded: %-6" PRId64 " %s\n", p->rows[i].c.application_id,
			       p->rows[i].name);
	printf("diversity %.2f (%s); without the lead's marks %.2f\n", s->value,
	       s->proven ? "proven optimal" : "best found", s->value_unmarked);
}

static int print_json(const struct selection_plan *p)
{
	json_t *items = json_array();
	for (int i = 0; items && i < p->n; i++) {
		const struct verdict *v = &p->result.verdicts[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:f, s:i, s:i}",
			"id", (json_int_t)p->rows[i].c.application_id, "name", p->rows[i].name,
			"organisation", p->rows[i].organisation, "chosen", v->chosen,
			"contribution", v->gain, "rank", v->rank, "mark", p->rows[i].c.mark);
		if (o)
			json_object_set_new(o, "contribution_in_place_of_last",
					    v->chosen ? json_null() : json_real(v->replace_gain));
		json_array_append_new(items, o);
	}
	json_t *doc = items ? json_pack("{s:s, s:i, s:f, s:f, s:b, s:o}", "edition",
					p->edition.slug, "capacity", p->edition.capacity,
					"diversity", p->result.value, "diversity_without_marks",
					p->result.value_unmarked, "proven_optimal", p->result.proven,
					"applicants", items) : NULL;
	int rc = doc && json_dumpf(doc, stdout, JSON_INDENT(2)) == 0 ? EXIT_OK : EXIT_FAIL;
	putchar('\n');
	json_decref(doc);
	return rc;
}

static const char *plan_error(int rc)
{
	switch (rc) {
	case LWP_ENOTFOUND: return "no edition with this slug";
	case LWP_EDEADLINE: return "the selection can run only after the deadline";
	case LWP_ECLOSED: return "this edition does not choose by diversity, or it was selected already";
	case LWP_EINVAL: return "the must-include marks cannot be met (more than the places, or beyond the cap per organisation)";
	default: return "the selection failed";
	}
}

int cmd_select(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"dry-run", no_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"seconds", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db();
	int dry = 0, json = 0, c;
	long long seconds = 5;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 'n': dry = 1; break;
		case 'j': json = 1; break;
		case 's':
			if (parse_int(optarg, 1, 600, &seconds)) {
				cli_error("--seconds must be a whole number from 1 to 600");
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(select_help, stdout); return EXIT_OK;
		default: fputs(select_help, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error("expected one argument: SLUG");
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	struct selection_plan plan;
	if (!a || cli_open_store(db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	int64_t now = tz_now();
	cli_ticker_start("choosing the group", (int)seconds * 2);
	int rc = svc_selection_plan(s, a, argv[optind], now, (double)seconds, &plan);
	cli_ticker_stop();
	if (rc) {
		cli_error("%s", plan_error(rc));
	} else {
		rc = json ? print_json(&plan) : (print_table(&plan), 0);
		if (!rc && !dry) {
			struct actor who = ACTOR_CLI;
			rc = svc_selection_confirm(s, a, &plan, cli_base_url(), &who, now);
			if (rc == LWP_ECLOSED)
				cli_error("the selection of this edition was confirmed already");
			else if (rc)
				cli_error("could not confirm the selection (%s)", lwp_result_name(rc));
			else
				fprintf(stderr, "lwp: selection confirmed; the applicants' mail is in the outbox\n");
		}
		svc_selection_plan_free(&plan);
	}
	store_close(s);
	arena_free(a);
	return rc ? EXIT_FAIL : EXIT_OK;
}
