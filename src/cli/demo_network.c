/*
 * The demo's network: the 30 initiatives of the first edition's applicants
 * made public (or network-only) with the texts of the labelled set, 30 more
 * from beyond the edition registered over the years since, confirmed
 * "similar" connections (the labelled pairs) and chains of "inspired by"
 * and "learned from", so that the map and the figures show something real.
 * Everything goes through the services; run once (idempotent).
 */
#include "cli/demo.h"
#include "core/log.h"
#include "core/tz.h"
#include "service/network.h"

#include <string.h>

struct demo_initiative {
	int id;
	const char *title, *organisation, *kind, *theme, *stage, *tags, *summary, *question;
	const char *owner, *email;
};

#include "demo_network_table.h"

#define DEMO_N ((int)(sizeof(demo_initiatives) / sizeof(demo_initiatives[0])))

/* Lessons that travelled: each chain is a list of labelled-set ids, every
 * one inspired by (or learned from) the one before it; 0 ends a chain. */
static const int inspired_chains[][6] = {
	{1, 23, 13, 40, 0},
	{2, 14, 27, 0},
	{3, 12, 19, 0},
	{6, 41, 0},
	{18, 5, 29, 0},
};
static const int learned_chains[][6] = {
	{16, 26, 0},
	{9, 4, 0},
	{21, 11, 30, 0},
};

static const char lessons_text[] =
	"Begin klein, met teams die willen, en laat zien wat het oplevert voordat je opschaalt.";

static void input_of(const struct demo_initiative *d, struct initiative_input *in, int i)
{
	memset(in, 0, sizeof(*in));
	in->title = (char *)d->title;
	in->organisation = (char *)d->organisation;
	in->organisation_kind = (char *)d->kind;
	in->theme = (char *)d->theme;
	in->stage = (char *)d->stage;
	in->tags = (char *)d->tags;
	in->summary = (char *)d->summary;
	in->question = (char *)d->question;
	in->visibility = (char *)(i % 5 == 4 ? "network" : "public");
	if (strcmp(d->stage, "evaluated") == 0 || strcmp(d->stage, "running") == 0)
		in->lessons = (char *)lessons_text;
}

static int find_title(const struct initiative_row *rows, int n, const char *title,
		      int64_t *id, int64_t *owner)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].title, title) == 0) {
			*id = rows[i].id;
			*owner = rows[i].owner_id;
			return 1;
		}
	return 0;
}

/* A connection from a to b by a's owner, confirmed by b's owner. */
static int connect(struct store *s, struct arena *a, const int64_t *ids, const int64_t *owners,
		   int from, int to, enum connection_kind kind, int64_t now)
{
	struct actor who = ACTOR_SYSTEM;
	struct network_viewer v = {1, 0, owners[from]};
	struct field_errors fe = {0};
	struct connection_request c = {.from_initiative = ids[from], .to_initiative = ids[to],
				       .kind = kind};
	int64_t id;
	if (!ids[from] || !ids[to])
		return 0;
	int rc = svc_connection_make(s, a, &who, owners[from], &v, &c, now, &fe, &id);
	if (rc == LWP_ECONFLICT)
		return 0;
	if (rc)
		return rc;
	rc = svc_connection_confirm(s, a, &who, owners[to], id, now);
	return rc == LWP_ECONFLICT ? 0 : rc;
}

static int chains(struct store *s, struct arena *a, const int64_t *ids, const int64_t *owners,
		  const int (*list)[6], int n, enum connection_kind kind, int64_t now)
{
	int rc = 0;
	for (int c = 0; !rc && c < n; c++)
		for (int k = 1; !rc && k < 6 && list[c][k]; k++)
			rc = connect(s, a, ids, owners, list[c][k], list[c][k - 1], kind, now);
	return rc;
}

static int seed(struct store *s, struct arena *a)
{
	struct initiative_row *rows;
	int n, rc = store_initiative_list(s, a, 0, &rows, &n);
	int64_t ids[DEMO_N + 1], owners[DEMO_N + 1], start, now = tz_now();
	struct actor who = ACTOR_SYSTEM;
	memset(ids, 0, sizeof(ids));
	memset(owners, 0, sizeof(owners));
	if (rc || (rc = tz_local_to_utc(2018, 4, 1, 10, 0, &start)))
		return rc;
	if (find_title(rows, n, demo_initiatives[DEMO_N - 1].title, &ids[0], &owners[0]))
		return 0; /* seeded before */
	for (int i = 0; i < DEMO_N && !rc; i++) {
		const struct demo_initiative *d = &demo_initiatives[i];
		struct field_errors fe = {0};
		struct import_row row;
		memset(&row, 0, sizeof(row));
		input_of(d, &row.in, i);
		if (!*d->owner) {
			/* an applicant's initiative: its owner makes it visible */
			if (!find_title(rows, n, d->title, &ids[d->id], &owners[d->id]))
				continue;
			rc = svc_initiative_update(s, a, &who, owners[d->id], ids[d->id], &row.in,
						   now, &fe);
			continue;
		}
		row.owner_name = (char *)d->owner;
		row.owner_email = (char *)d->email;
		if (svc_import_row_check(a, &row, &fe))
			return LWP_EINVAL;
		/* one every ten weeks since spring 2018: growth per quarter */
		rc = svc_initiative_import(s, a, &who, &row, 1, start + (int64_t)(i - 30) * 70 * 86400);
	}
	if (rc || (rc = store_initiative_list(s, a, 0, &rows, &n)))
		return rc;
	for (int i = 0; i < DEMO_N; i++)
		LWP_IGNORE(find_title(rows, n, demo_initiatives[i].title,
				      &ids[demo_initiatives[i].id], &owners[demo_initiatives[i].id]));
	for (size_t i = 0; !rc && i < sizeof(demo_similar_pairs) / sizeof(demo_similar_pairs[0]); i++)
		rc = connect(s, a, ids, owners, demo_similar_pairs[i][0], demo_similar_pairs[i][1],
			     CONN_SIMILAR, now);
	if (!rc)
		rc = chains(s, a, ids, owners, inspired_chains,
			    (int)(sizeof(inspired_chains) / sizeof(inspired_chains[0])),
			    CONN_INSPIRED_BY, now);
	if (!rc)
		rc = chains(s, a, ids, owners, learned_chains,
			    (int)(sizeof(learned_chains) / sizeof(learned_chains[0])),
			    CONN_LEARNED_FROM, now);
	return rc;
}

int demo_network_seed(struct store *s)
{
	struct arena *a = arena_new();
	int rc = a ? seed(s, a) : LWP_ENOMEM;
	if (rc)
		log_error("demo: could not create the network (%s)", lwp_result_name(rc));
	arena_free(a);
	return rc;
}
