/*
 * Subgroups in the store: the lead's settings, the groups (rows per
 * position, made when the number of groups is set), their coaches, the
 * lead's rules, and per participant the confirmed and the proposed group.
 * A proposal waits in subgroup_members.proposed_id until the lead confirms;
 * participants only ever see subgroup_id, the confirmed group.
 */
#include "store/store_subgroups.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "store/db.h"
#include "domain/rules.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_PLAN_GET[] =
	"SELECT k, sizes, org_apart, fix_colleagues, confirmed, COALESCE(confirmed_at, 0),"
	" updated_at FROM subgroup_plans WHERE edition_id = ?";
static const char SQL_PLAN_SET[] =
	"INSERT INTO subgroup_plans (sizes, edition_id, k, org_apart, fix_colleagues, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (edition_id) DO UPDATE SET k = excluded.k,"
	" sizes = excluded.sizes, org_apart = excluded.org_apart,"
	" fix_colleagues = excluded.fix_colleagues, updated_at = excluded.updated_at";
static const char SQL_GROUP_ENSURE[] =
	"INSERT INTO subgroups (edition_id, position, name) VALUES (?, ?, '')"
	" ON CONFLICT (edition_id, position) DO NOTHING";
static const char SQL_GROUP_COACHES_DROP[] =
	"DELETE FROM subgroup_coaches WHERE subgroup_id IN"
	" (SELECT id FROM subgroups WHERE edition_id = ? AND position >= ?)";
static const char SQL_GROUP_MEMBERS_DROP[] =
	"DELETE FROM subgroup_members WHERE subgroup_id IN"
	" (SELECT id FROM subgroups WHERE edition_id = ? AND position >= ?)"
	" OR proposed_id IN (SELECT id FROM subgroups WHERE edition_id = ? AND position >= ?)";
static const char SQL_GROUP_DROP[] =
	"DELETE FROM subgroups WHERE edition_id = ? AND position >= ?";
static const char SQL_GROUP_LIST[] =
	"SELECT id, position, name FROM subgroups WHERE edition_id = ? ORDER BY position";
static const char SQL_GROUP_NAME[] =
	"UPDATE subgroups SET name = ? WHERE edition_id = ? AND position = ? RETURNING id";
static const char SQL_COACHES[] =
	"SELECT g.position, u.id, u.name, u.email, u.lang FROM subgroup_coaches c"
	" JOIN subgroups g ON g.id = c.subgroup_id JOIN users u ON u.id = c.user_id"
	" WHERE g.edition_id = ? ORDER BY g.position, u.name, u.id";
static const char SQL_COACHES_CLEAR[] =
	"DELETE FROM subgroup_coaches WHERE subgroup_id ="
	" (SELECT id FROM subgroups WHERE edition_id = ? AND position = ?)";
static const char SQL_COACH_ADD[] =
	"INSERT INTO subgroup_coaches (subgroup_id, user_id)"
	" SELECT id, ? FROM subgroups WHERE edition_id = ? AND position = ? RETURNING id";
static const char SQL_COACH_CANDIDATES[] =
	"SELECT u.id, u.email, u.name, u.lang, 0, 0, u.disabled, u.created_at FROM users u"
	" WHERE u.disabled = 0 AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id"
	" AND r.role = 'coach' AND (r.edition_id = 0 OR r.edition_id = ?))"
	" ORDER BY u.name, u.id";
static const char SQL_MEMBERS[] =
	"SELECT m.application_id, COALESCE(c.position, -1), COALESCE(p.position, -1)"
	" FROM subgroup_members m JOIN applications a ON a.id = m.application_id"
	" LEFT JOIN subgroups c ON c.id = m.subgroup_id"
	" LEFT JOIN subgroups p ON p.id = m.proposed_id"
	" WHERE a.edition_id = ? ORDER BY m.application_id";
static const char SQL_PROPOSAL_CLEAR[] =
	"UPDATE subgroup_members SET proposed_id = NULL WHERE application_id IN"
	" (SELECT id FROM applications WHERE edition_id = ?)";
static const char SQL_PROPOSE[] =
	"INSERT INTO subgroup_members (application_id, proposed_id)"
	" SELECT a.id, g.id FROM applications a JOIN subgroups g ON g.edition_id = a.edition_id"
	" WHERE a.id = ? AND a.edition_id = ? AND g.position = ?"
	" ON CONFLICT (application_id) DO UPDATE SET proposed_id = excluded.proposed_id"
	" RETURNING application_id";
static const char SQL_CONFIRM_DROP[] =
	"DELETE FROM subgroup_members WHERE proposed_id IS NULL AND application_id IN"
	" (SELECT id FROM applications WHERE edition_id = ?)";
static const char SQL_CONFIRM_MOVE[] =
	"UPDATE subgroup_members SET subgroup_id = proposed_id, proposed_id = NULL"
	" WHERE application_id IN (SELECT id FROM applications WHERE edition_id = ?)";
static const char SQL_CONFIRM_PLAN[] =
	"UPDATE subgroup_plans SET confirmed = 1, confirmed_at = ? WHERE edition_id = ?"
	" RETURNING edition_id";
static const char SQL_RULES[] =
	"SELECT id, first_id, second_id, together FROM subgroup_rules WHERE edition_id = ?"
	" ORDER BY id";
static const char SQL_RULE_ADD[] =
	"INSERT INTO subgroup_rules (edition_id, first_id, second_id, together)"
	" SELECT ?, x.id, y.id, ? FROM applications x JOIN applications y ON y.edition_id = x.edition_id"
	" WHERE x.id = ? AND y.id = ? AND x.edition_id = ? RETURNING id";
static const char SQL_RULE_DELETE[] =
	"DELETE FROM subgroup_rules WHERE id = ? AND edition_id = ? RETURNING id";
static const char SQL_VIEW_OF_APP[] =
	"SELECT g.id, g.name, g.position, e.title, e.slug FROM subgroup_members m"
	" JOIN subgroups g ON g.id = m.subgroup_id JOIN editions e ON e.id = g.edition_id"
	" JOIN applications a ON a.id = m.application_id"
	" WHERE m.application_id = ? AND a.status = 'accepted'";
static const char SQL_VIEW_MEMBERS[] =
	"SELECT p.name, o.name, p.email FROM subgroup_members m"
	" JOIN applications a ON a.id = m.application_id JOIN people p ON p.id = a.person_id"
	" JOIN initiatives i ON i.id = a.initiative_id"
	" JOIN organisations o ON o.id = i.organisation_id"
	" WHERE m.subgroup_id = ? AND a.status = 'accepted' ORDER BY p.name, a.id";
static const char SQL_VIEW_COACHES[] =
	"SELECT u.name, NULL, u.email FROM subgroup_coaches c JOIN users u ON u.id = c.user_id"
	" WHERE c.subgroup_id = ? ORDER BY u.name, u.id";
static const char SQL_GROUPS_OF_EMAIL[] =
	"SELECT g.id, g.name, g.position, e.title, e.slug FROM subgroups g"
	" JOIN editions e ON e.id = g.edition_id"
	" JOIN subgroup_plans sp ON sp.edition_id = g.edition_id AND sp.confirmed = 1"
	" WHERE g.id IN (SELECT m.subgroup_id FROM subgroup_members m"
	"  JOIN applications a ON a.id = m.application_id JOIN people p ON p.id = a.person_id"
	"  WHERE p.email_key = ? AND a.status = 'accepted')"
	" OR g.id IN (SELECT c.subgroup_id FROM subgroup_coaches c JOIN users u ON u.id = c.user_id"
	"  WHERE u.email_key = ?)"
	" ORDER BY e.id, g.position";

/* ---- settings ---- */

static void parse_sizes(const char *text, struct subgroup_settings *set)
{
	int g = 0;
	set->has_sizes = 0;
	for (const char *p = text; p && *p && g < SUBGROUP_K_MAX;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > 100000)
			return;
		set->sizes[g++] = (int)v;
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return;
	}
	set->has_sizes = g > 0 && g == set->k;
}

int store_subgroup_plan_get(struct store *s, struct arena *a, int64_t edition_id,
			    struct subgroup_plan_row *out)
{
	(void)a;
	struct db_stmt *st;
	memset(out, 0, sizeof(*out));
	subgroup_default_settings(&out->set);
	int rc = db_prepare(s->db, SQL_PLAN_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->exists = 1;
		out->set.k = (int)db_col_int(st, 0);
		parse_sizes(db_col_text(st, 1), &out->set);
		out->set.org_apart = (int)db_col_int(st, 2);
		out->set.fix_colleagues = (int)db_col_int(st, 3);
		out->confirmed = (int)db_col_int(st, 4);
		out->confirmed_at = db_col_int(st, 5);
		out->updated_at = db_col_int(st, 6);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_subgroup_plan_set(struct store *s, int64_t edition_id,
			    const struct subgroup_settings *set, int64_t now)
{
	char sizes[SUBGROUP_K_MAX * 8] = "";
	size_t used = 0;
	for (int g = 0; set->has_sizes && g < set->k; g++) {
		int w = snprintf(sizes + used, sizeof(sizes) - used, "%s%d", g ? "," : "",
				 set->sizes[g]);
		if (w < 0 || (size_t)w >= sizeof(sizes) - used)
			return LWP_EINVAL;
		used += (size_t)w;
	}
	const char *texts[] = {sizes};
	int64_t ints[] = {edition_id, set->k, set->org_apart ? 1 : 0, set->fix_colleagues ? 1 : 0,
			  now};
	int rc = store_run(s, SQL_PLAN_SET, ints, 5, texts, 1, 0);
	for (int g = 0; !rc && g < set->k; g++) {
		int64_t pos[] = {edition_id, g};
		rc = store_run(s, SQL_GROUP_ENSURE, pos, 2, NULL, 0, 0);
	}
	int64_t beyond[] = {edition_id, set->k, edition_id, set->k};
	if (!rc)
		rc = store_run(s, SQL_GROUP_COACHES_DROP, beyond, 2, NULL, 0, 0);
	if (!rc)
		rc = store_run(s, SQL_GROUP_MEMBERS_DROP, beyond, 4, NULL, 0, 0);
	if (!rc)
		rc = store_run(s, SQL_GROUP_DROP, beyond, 2, NULL, 0, 0);
	return rc;
}

/* ---- groups and coaches ---- */

static void map_group(struct arena *a, struct db_stmt *st, void *element)
{
	struct subgroup_row *g = element;
	g->id = db_col_int(st, 0);
	g->position = (int)db_col_int(st, 1);
	g->name = store_col_dup(a, st, 2);
	if (!g->name)
		g->name = (char *)"";
}

int store_subgroup_list(struct store *s, struct arena *a, int64_t edition_id,
			struct subgroup_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_GROUP_LIST, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_group, (void **)out, count);
}

int store_subgroup_name_set(struct store *s, int64_t edition_id, int position, const char *name)
{
	const char *texts[] = {name};
	int64_t ints[] = {edition_id, position};
	return store_run(s, SQL_GROUP_NAME, ints, 2, texts, 1, 1);
}

static void map_coach(struct arena *a, struct db_stmt *st, void *element)
{
	struct subgroup_coach_row *c = element;
	c->position = (int)db_col_int(st, 0);
	c->user_id = db_col_int(st, 1);
	c->name = store_col_dup(a, st, 2);
	c->email = store_col_dup(a, st, 3);
	c->lang = store_col_dup(a, st, 4);
}

int store_subgroup_coaches(struct store *s, struct arena *a, int64_t edition_id,
			   struct subgroup_coach_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_COACHES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_coach, (void **)out, count);
}

int store_subgroup_coaches_set(struct store *s, int64_t edition_id, int position,
			       const int64_t *user_ids, int n)
{
	int64_t where[] = {edition_id, position};
	int rc = store_run(s, SQL_COACHES_CLEAR, where, 2, NULL, 0, 0);
	for (int i = 0; !rc && i < n; i++) {
		int64_t ints[] = {user_ids[i], edition_id, position};
		rc = store_run(s, SQL_COACH_ADD, ints, 3, NULL, 0, 1);
	}
	return rc;
}

static void map_candidate_user(struct arena *a, struct db_stmt *st, void *element)
{
	struct user *u = element;
	u->id = db_col_int(st, 0);
	u->email = store_col_dup(a, st, 1);
	u->name = store_col_dup(a, st, 2);
	u->lang = store_col_dup(a, st, 3);
	u->disabled = (int)db_col_int(st, 6);
	u->created_at = db_col_int(st, 7);
}

int store_subgroup_coach_candidates(struct store *s, struct arena *a, int64_t edition_id,
				    struct user **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_COACH_CANDIDATES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_candidate_user, (void **)out, count);
}

/* ---- members ---- */

static void map_member(struct arena *a, struct db_stmt *st, void *element)
{
	(void)a;
	struct subgroup_member_row *m = element;
	m->application_id = db_col_int(st, 0);
	m->confirmed = (int)db_col_int(st, 1);
	m->proposed = (int)db_col_int(st, 2);
}

int store_subgroup_members(struct store *s, struct arena *a, int64_t edition_id,
			   struct subgroup_member_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MEMBERS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_member, (void **)out, count);
}

int store_subgroup_propose(struct store *s, int64_t edition_id, const int64_t *app_ids,
			   const int *positions, int n)
{
	int64_t e[] = {edition_id};
	int rc = store_run(s, SQL_PROPOSAL_CLEAR, e, 1, NULL, 0, 0);
	for (int i = 0; !rc && i < n; i++) {
		int64_t ints[] = {app_ids[i], edition_id, positions[i]};
		rc = store_run(s, SQL_PROPOSE, ints, 3, NULL, 0, 1);
	}
	return rc;
}

int store_subgroup_confirm(struct store *s, int64_t edition_id, int64_t now)
{
	int64_t e[] = {edition_id};
	int64_t plan[] = {now, edition_id};
	int rc = store_run(s, SQL_CONFIRM_DROP, e, 1, NULL, 0, 0);
	if (!rc)
		rc = store_run(s, SQL_CONFIRM_MOVE, e, 1, NULL, 0, 0);
	if (!rc)
		rc = store_run(s, SQL_CONFIRM_PLAN, plan, 2, NULL, 0, 1);
	return rc;
}

/* ---- rules ---- */

static void map_rule(struct arena *a, struct db_stmt *st, void *element)
{
	(void)a;
	struct subgroup_rule_row *r = element;
	r->id = db_col_int(st, 0);
	r->r.a = db_col_int(st, 1);
	r->r.b = db_col_int(st, 2);
	r->r.together = (int)db_col_int(st, 3);
}

int store_subgroup_rules(struct store *s, struct arena *a, int64_t edition_id,
			 struct subgroup_rule_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_RULES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_rule, (void **)out, count);
}

int store_subgroup_rule_add(struct store *s, int64_t edition_id, const struct subgroup_rule *r,
			    int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_RULE_ADD, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, r->together ? 1 : 0);
	db_bind_int(st, 3, r->a);
	db_bind_int(st, 4, r->b);
	db_bind_int(st, 5, edition_id);
	return store_step_int(st, id);
}

int store_subgroup_rule_delete(struct store *s, int64_t edition_id, int64_t rule_id)
{
	int64_t ints[] = {rule_id, edition_id};
	return store_run(s, SQL_RULE_DELETE, ints, 2, NULL, 0, 1);
}

/* ---- what a participant or coach sees ---- */

static void map_view_person(struct arena *a, struct db_stmt *st, void *element)
{
	struct subgroup_view_person *p = element;
	p->name = store_col_dup(a, st, 0);
	p->organisation = store_col_dup(a, st, 1);
	p->email = store_col_dup(a, st, 2);
}

static void map_view(struct arena *a, struct db_stmt *st, void *element)
{
	struct subgroup_view *v = element;
	v->id = db_col_int(st, 0);
	v->nmembers = 0;
	v->ncoaches = 0;
	v->position = (int)db_col_int(st, 2);
	v->name = store_col_dup(a, st, 1);
	v->edition_title = store_col_dup(a, st, 3);
	v->edition_slug = store_col_dup(a, st, 4);
}

static int view_people(struct store *s, struct arena *a, struct subgroup_view *v)
{
	int64_t group_id = v->id;
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_VIEW_MEMBERS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, group_id);
	if ((rc = store_collect(a, st, sizeof(*v->members), map_view_person, (void **)&v->members,
				&v->nmembers)))
		return rc;
	if ((rc = db_prepare(s->db, SQL_VIEW_COACHES, &st)))
		return rc;
	db_bind_int(st, 1, group_id);
	return store_collect(a, st, sizeof(*v->coaches), map_view_person, (void **)&v->coaches,
			     &v->ncoaches);
}

int store_subgroup_of_application(struct store *s, struct arena *a, int64_t application_id,
				  struct subgroup_view *out)
{
	struct db_stmt *st;
	memset(out, 0, sizeof(*out));
	int rc = db_prepare(s->db, SQL_VIEW_OF_APP, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, application_id);
	if ((rc = store_get_one(a, st, map_view, out)))
		return rc;
	return view_people(s, a, out);
}

int store_subgroups_of_email(struct store *s, struct arena *a, const char *email,
			     struct subgroup_view **out, int *count)
{
	struct db_stmt *st;
	char *key = email_key(a, email);
	if (!key)
		return LWP_ENOMEM;
	int rc = db_prepare(s->db, SQL_GROUPS_OF_EMAIL, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, key);
	if ((rc = store_collect(a, st, sizeof(**out), map_view, (void **)out, count)))
		return rc;
	for (int i = 0; !rc && i < *count; i++)
		rc = view_people(s, a, &(*out)[i]);
	return rc;
}
