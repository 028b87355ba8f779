/* See subgroups.h. Every state change loads the state inside its own
 * write transaction, so that the rules are checked on what it changes. */
#include "service/subgroups.h"
#include "core/i18n.h"
#include "core/lang.h"
#include "mail/mail.h"
#include "store/store_write.h"

#include <string.h>

static enum lang lang_of(const char *code)
{
	int l = lang_parse(code);
	return l < 0 ? LANG_NL : (enum lang)l;
}

static int edition_splittable(const struct edition *e)
{
	return e->status == EDITION_SELECTED || e->status == EDITION_RUNNING ||
	       e->status == EDITION_NETWORK || e->status == EDITION_FINISHED;
}

static int index_of(const struct subgroups_state *st, int64_t app_id)
{
	for (int i = 0; i < st->n; i++)
		if (st->rows[i].c.application_id == app_id)
			return i;
	return -1;
}

/* The groups 0..k-1 even before the settings were saved (id 0, no name). */
static int load_groups(struct store *s, struct arena *a, struct subgroups_state *st)
{
	struct subgroup_row *g;
	int n, rc = store_subgroup_list(s, a, st->edition.id, &g, &n);
	if (rc)
		return rc;
	int k = st->plan.set.k;
	st->groups = arena_calloc(a, (size_t)k, sizeof(*st->groups));
	if (!st->groups)
		return LWP_ENOMEM;
	for (int p = 0; p < k; p++) {
		st->groups[p].position = p;
		st->groups[p].name = (char *)"";
	}
	for (int i = 0; i < n; i++)
		if (g[i].position >= 0 && g[i].position < k)
			st->groups[g[i].position] = g[i];
	st->ngroups = k;
	return 0;
}

static int load_people(struct store *s, struct arena *a, struct subgroups_state *st)
{
	struct selection_row *all;
	struct subgroup_member_row *m;
	int nall, nm, rc;
	if ((rc = store_selection_rows(s, a, st->edition.id, &all, &nall)) ||
	    (rc = store_subgroup_members(s, a, st->edition.id, &m, &nm)))
		return rc;
	size_t cap = (size_t)(nall ? nall : 1);
	st->rows = arena_calloc(a, cap, sizeof(*st->rows));
	st->people = arena_calloc(a, cap, sizeof(*st->people));
	st->confirmed = arena_calloc(a, cap, sizeof(int));
	st->proposed = arena_calloc(a, cap, sizeof(int));
	if (!st->rows || !st->people || !st->confirmed || !st->proposed)
		return LWP_ENOMEM;
	st->n = 0;
	for (int i = 0; i < nall; i++)
		if (all[i].status == APP_ACCEPTED)
			st->rows[st->n++] = all[i];
	int proposed = 0, confirmed = 0;
	for (int i = 0; i < st->n; i++)
		st->confirmed[i] = st->proposed[i] = -1;
	for (int j = 0; j < nm; j++) {
		int i = index_of(st, m[j].application_id);
		if (i < 0) {
			st->left += m[j].confirmed >= 0;
			continue;
		}
		st->confirmed[i] = m[j].confirmed < st->plan.set.k ? m[j].confirmed : -1;
		st->proposed[i] = m[j].proposed < st->plan.set.k ? m[j].proposed : -1;
	}
	for (int i = 0; i < st->n; i++) {
		st->people[i].c = st->rows[i].c;
		st->people[i].email = st->rows[i].email;
		st->people[i].current = st->confirmed[i];
		proposed += st->proposed[i] >= 0;
		confirmed += st->confirmed[i] >= 0;
		st->joined += st->plan.confirmed && st->confirmed[i] < 0;
	}
	st->has_proposal = st->n > 0 && proposed == st->n;
	if (st->has_proposal)
		st->shown = st->proposed;
	else if (st->plan.confirmed && st->n > 0 && confirmed == st->n)
		st->shown = st->confirmed;
	return 0;
}

int svc_subgroups_load(struct store *s, struct arena *a, const struct edition *e,
		       struct subgroups_state *out)
{
	memset(out, 0, sizeof(*out));
	out->edition = *e;
	if (!edition_splittable(e))
		return LWP_ECLOSED;
	int rc;
	if ((rc = store_selection_settings_get(s, e->id, &out->weights)) ||
	    (rc = store_subgroup_plan_get(s, a, e->id, &out->plan)) ||
	    (rc = load_groups(s, a, out)) ||
	    (rc = store_subgroup_coaches(s, a, e->id, &out->coaches, &out->ncoaches)) ||
	    (rc = store_subgroup_rules(s, a, e->id, &out->rules, &out->nrules)) ||
	    (rc = load_people(s, a, out)))
		return rc;
	struct subgroup_rule *rules = arena_calloc(a, (size_t)out->nrules + 1, sizeof(*rules));
	struct subgroup_coach *coaches = arena_calloc(a, (size_t)out->ncoaches + 1,
						      sizeof(*coaches));
	if (!rules || !coaches)
		return LWP_ENOMEM;
	for (int i = 0; i < out->nrules; i++)
		rules[i] = out->rules[i].r;
	for (int i = 0; i < out->ncoaches; i++)
		coaches[i] = (struct subgroup_coach){out->coaches[i].position, out->coaches[i].email};
	out->in = (struct subgroup_input){out->people, out->n, &out->weights, &out->plan.set, rules,
					  out->nrules, coaches, out->ncoaches, 0};
	if (!out->shown)
		return 0;
	struct lwp_error err = {0};
	out->spread = arena_calloc(a, (size_t)out->plan.set.k + 1, sizeof(*out->spread));
	if (!out->spread)
		return LWP_ENOMEM;
	if (subgroup_evaluate(&out->in, out->shown, &out->value, &out->broken, &err))
		memset(&out->broken, 0, sizeof(out->broken)); /* e.g. sizes no longer add up */
	return subgroup_spread(out->people, out->n, out->shown, out->plan.set.k, &out->weights,
			       out->spread);
}

/* ---- settings and rules ---- */

struct setup_tx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	const struct subgroups_setup *in;
	int64_t now;
	struct lwp_error *err;
};

static int same_shape(const struct subgroup_settings *x, const struct subgroup_settings *y)
{
	if (x->k != y->k || x->has_sizes != y->has_sizes)
		return 0;
	for (int g = 0; x->has_sizes && g < x->k; g++)
		if (x->sizes[g] != y->sizes[g])
			return 0;
	return 1;
}

static int check_coaches(struct store *s, struct arena *a, const struct setup_tx *c)
{
	struct user *u;
	int n, rc = store_subgroup_coach_candidates(s, a, c->e->id, &u, &n);
	if (rc)
		return rc;
	for (int g = 0; g < c->in->set.k; g++) {
		for (int j = 0; j < c->in->ncoach[g]; j++) {
			int ok = 0;
			for (int i = 0; i < n && !ok; i++)
				ok = u[i].id == c->in->coach_ids[g][j];
			if (!ok)
				return lwp_fail(c->err, LWP_EINVAL, "coaches",
						N_("Choose coaches from the accounts with the coach role."));
		}
	}
	return 0;
}

static int setup_tx(struct store *s, void *ctx)
{
	struct setup_tx *c = ctx;
	const struct subgroup_settings *set = &c->in->set;
	struct subgroup_plan_row old;
	int rc = store_subgroup_plan_get(s, c->a, c->e->id, &old);
	if (rc || (rc = check_coaches(s, c->a, c)))
		return rc;
	if (old.confirmed && !same_shape(&old.set, set))
		return lwp_fail(c->err, LWP_ECLOSED, "k",
				N_("The subgroups have been confirmed: their number and sizes stay."));
	if (!same_shape(&old.set, set) && (rc = store_subgroup_propose(s, c->e->id, NULL, NULL, 0)))
		return rc;
	if ((rc = store_subgroup_plan_set(s, c->e->id, set, c->now)))
		return rc;
	for (int g = 0; !rc && g < set->k; g++) {
		const char *name = c->in->names[g] ? c->in->names[g] : "";
		if (!(rc = store_subgroup_name_set(s, c->e->id, g, name)))
			rc = store_subgroup_coaches_set(s, c->e->id, g, c->in->coach_ids[g],
							c->in->ncoach[g]);
	}
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "subgroups.settings",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "%d groups%s; organisation apart %s; colleagues fixed %s",
				      set->k, set->has_sizes ? " of given sizes" : "",
				      set->org_apart ? "yes" : "no", set->fix_colleagues ? "yes" : "no"));
}

int svc_subgroups_setup(struct store *s, struct arena *a, const struct actor *who,
			const struct edition *e, const struct subgroups_setup *in, int64_t now,
			struct lwp_error *err)
{
	const struct subgroup_settings *set = &in->set;
	if (!edition_splittable(e))
		return LWP_ECLOSED;
	if (set->k < 1 || set->k > SUBGROUP_K_MAX)
		return lwp_fail(err, LWP_EINVAL, "k", N_("Enter a number of groups from 1 to 10."));
	for (int g = 0; set->has_sizes && g < set->k; g++)
		if (set->sizes[g] < 1)
			return lwp_fail(err, LWP_EINVAL, "sizes", N_("Every group needs at least one person."));
	for (int g = 0; g < set->k; g++) {
		if (in->names[g] && strlen(in->names[g]) > SUBGROUP_NAME_MAX)
			return lwp_fail(err, LWP_EINVAL, "names", N_("A name can be at most 80 characters."));
		if (in->ncoach[g] < 0 || in->ncoach[g] > SUBGROUP_COACHES_MAX)
			return lwp_fail(err, LWP_EINVAL, "coaches", N_("At most 8 coaches per group."));
	}
	struct setup_tx c = {a, who, e, in, now, err};
	return store_write(s, setup_tx, &c);
}

struct rule_tx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	struct subgroup_rule r;
	int64_t rule_id;
	int64_t now;
};

static int rule_add_tx(struct store *s, void *ctx)
{
	struct rule_tx *c = ctx;
	struct subgroups_state st;
	int rc = svc_subgroups_load(s, c->a, c->e, &st);
	if (rc)
		return rc;
	if (index_of(&st, c->r.a) < 0 || index_of(&st, c->r.b) < 0)
		return LWP_ENOTFOUND;
	if ((rc = store_subgroup_rule_add(s, c->e->id, &c->r, &c->rule_id)))
		return rc;
	return svc_audit(s, c->who, c->now, "subgroups.rule",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "applications %lld and %lld %s", (long long)c->r.a,
				      (long long)c->r.b, c->r.together ? "together" : "apart"));
}

int svc_subgroups_rule_add(struct store *s, struct arena *a, const struct actor *who,
			   const struct edition *e, int64_t app_a, int64_t app_b, int together,
			   int64_t now)
{
	if (app_a == app_b)
		return LWP_EINVAL;
	struct rule_tx c = {a, who, e, {app_a, app_b, together ? 1 : 0}, 0, now};
	return store_write(s, rule_add_tx, &c);
}

static int rule_delete_tx(struct store *s, void *ctx)
{
	struct rule_tx *c = ctx;
	int rc = store_subgroup_rule_delete(s, c->e->id, c->rule_id);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "subgroups.rule_delete",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "rule %lld", (long long)c->rule_id));
}

int svc_subgroups_rule_delete(struct store *s, struct arena *a, const struct actor *who,
			      const struct edition *e, int64_t rule_id, int64_t now)
{
	struct rule_tx c = {a, who, e, {0, 0, 0}, rule_id, now};
	return store_write(s, rule_delete_tx, &c);
}

/* ---- plan, re-balance, move ---- */

struct plan_tx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	int rebalance;
	double seconds;
	int64_t now;
	struct subgroups_outcome *out;
	struct lwp_error *err;
};

static int keep_proposal(struct store *s, struct arena *a, const struct subgroups_state *st,
			 const int *group)
{
	int64_t *ids = arena_calloc(a, (size_t)(st->n ? st->n : 1), sizeof(*ids));
	if (!ids)
		return LWP_ENOMEM;
	for (int i = 0; i < st->n; i++)
		ids[i] = st->rows[i].c.application_id;
	return store_subgroup_propose(s, st->edition.id, ids, group, st->n);
}

/* Solve st's problem into out; *group gets the assignment (arena). */
static int solve(struct arena *a, struct subgroups_state *st, int rebalance,
		 struct subgroups_outcome *out, int **group, struct lwp_error *err)
{
	struct split_result res;
	if (rebalance && !st->plan.confirmed)
		return LWP_ENOTFOUND;
	int rc = subgroup_run(&st->in, rebalance, &res, err);
	if (rc)
		return rc;
	out->value = res.value;
	out->proven = res.proven;
	out->nmoves = 0;
	out->moves = arena_calloc(a, (size_t)res.nmoves + 1, sizeof(*out->moves));
	*group = arena_calloc(a, (size_t)st->n + 1, sizeof(int));
	if (!out->moves || !*group) {
		split_result_free(&res);
		return LWP_ENOMEM;
	}
	memcpy(*group, res.group, (size_t)st->n * sizeof(int));
	for (int m = 0; m < res.nmoves; m++) {
		const struct split_move *mv = &res.moves[m];
		out->moves[out->nmoves++] = (struct subgroup_move_row){
			st->rows[mv->element].c.application_id, mv->from, mv->to};
	}
	split_result_free(&res);
	return 0;
}

static int plan_tx(struct store *s, void *ctx)
{
	struct plan_tx *c = ctx;
	struct subgroups_state st;
	int *group;
	int rc = svc_subgroups_load(s, c->a, c->e, &st);
	if (rc)
		return rc;
	if (!st.plan.exists) {
		/* The defaults become the settings, so that the groups exist. */
		if ((rc = store_subgroup_plan_set(s, c->e->id, &st.plan.set, c->now)) ||
		    (rc = svc_subgroups_load(s, c->a, c->e, &st)))
			return rc;
	}
	st.in.seconds = c->seconds;
	if ((rc = solve(c->a, &st, c->rebalance, c->out, &group, c->err)) ||
	    (rc = keep_proposal(s, c->a, &st, group)))
		return rc;
	return svc_audit(s, c->who, c->now, c->rebalance ? "subgroups.rebalance" : "subgroups.plan",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "%d participants in %d groups; diversity %.2f%s; %d moves",
				      st.n, st.plan.set.k, c->out->value,
				      c->out->proven ? " (proven optimal)" : "", c->out->nmoves));
}

int svc_subgroups_preview(struct store *s, struct arena *a, const struct edition *e,
			  const struct subgroup_settings *set, const struct subgroup_rule *extra,
			  int nextra, int rebalance, double seconds, struct subgroups_state *st,
			  struct subgroups_outcome *out, struct lwp_error *err)
{
	int *group;
	memset(out, 0, sizeof(*out));
	int rc = svc_subgroups_load(s, a, e, st);
	if (rc)
		return rc;
	if (set && !same_shape(set, &st->plan.set)) {
		if (rebalance)
			return LWP_ECLOSED;
		st->plan.set = *set;
		if ((rc = load_groups(s, a, st)))
			return rc;
	} else if (set) {
		st->plan.set = *set;
	}
	struct subgroup_rule *rules = arena_calloc(a, (size_t)st->nrules + (size_t)nextra + 1,
						   sizeof(*rules));
	if (!rules)
		return LWP_ENOMEM;
	memcpy(rules, st->in.rules, (size_t)st->nrules * sizeof(*rules));
	memcpy(rules + st->nrules, extra, (size_t)nextra * sizeof(*rules));
	st->in.rules = rules;
	st->in.nrules = st->nrules + nextra;
	st->in.seconds = seconds;
	if ((rc = solve(a, st, rebalance, out, &group, err)))
		return rc;
	st->shown = group;
	st->spread = arena_calloc(a, (size_t)st->plan.set.k + 1, sizeof(*st->spread));
	if (!st->spread)
		return LWP_ENOMEM;
	st->value = out->value;
	memset(&st->broken, 0, sizeof(st->broken));
	return subgroup_spread(st->people, st->n, group, st->plan.set.k, &st->weights, st->spread);
}

int svc_subgroups_plan(struct store *s, struct arena *a, const struct actor *who,
		       const struct edition *e, int rebalance, double seconds, int64_t now,
		       struct subgroups_outcome *out, struct lwp_error *err)
{
	struct plan_tx c = {a, who, e, rebalance, seconds, now, out, err};
	memset(out, 0, sizeof(*out));
	return store_write(s, plan_tx, &c);
}

struct move_tx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	int64_t app_id;
	int to;
	int64_t now;
	double before, after;
};

static int move_tx(struct store *s, void *ctx)
{
	struct move_tx *c = ctx;
	struct subgroups_state st;
	struct subgroup_check broken;
	struct lwp_error err = {0};
	int rc = svc_subgroups_load(s, c->a, c->e, &st);
	if (rc)
		return rc;
	int i = index_of(&st, c->app_id);
	if (i < 0 || !st.shown || c->to < 0 || c->to >= st.plan.set.k)
		return LWP_ENOTFOUND;
	int *group = arena_calloc(c->a, (size_t)st.n, sizeof(int));
	if (!group)
		return LWP_ENOMEM;
	memcpy(group, st.shown, (size_t)st.n * sizeof(int));
	int from = group[i];
	c->before = st.value;
	group[i] = c->to;
	if ((rc = subgroup_evaluate(&st.in, group, &c->after, &broken, &err)) ||
	    (rc = keep_proposal(s, c->a, &st, group)))
		return rc;
	return svc_audit(s, c->who, c->now, "subgroups.move",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "application %lld from group %d to %d; diversity %.2f -> %.2f",
				      (long long)c->app_id, from + 1, c->to + 1, c->before, c->after));
}

int svc_subgroups_move(struct store *s, struct arena *a, const struct actor *who,
		       const struct edition *e, int64_t application_id, int to, int64_t now,
		       double *before, double *after)
{
	struct move_tx c = {a, who, e, application_id, to, now, 0, 0};
	int rc = store_write(s, move_tx, &c);
	*before = c.before;
	*after = c.after;
	return rc;
}

/* ---- confirm ---- */

struct confirm_tx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	int64_t now;
	int mailed;
};

static const char *member_line(struct arena *a, const struct selection_row *r)
{
	return arena_printf(a, "%s (%s)", r->name, r->organisation);
}

/* Mail everyone of group g: its members and coaches. */
static int mail_group(struct store *s, struct arena *a, const struct subgroups_state *st, int g,
		      struct confirm_tx *c)
{
	int nm = 0, nc = 0, rc = 0;
	const char **members = arena_calloc(a, (size_t)st->n + 1, sizeof(char *));
	const char **coaches = arena_calloc(a, (size_t)st->ncoaches + 1, sizeof(char *));
	if (!members || !coaches)
		return LWP_ENOMEM;
	for (int i = 0; i < st->n; i++)
		if (st->proposed[i] == g && !(members[nm++] = member_line(a, &st->rows[i])))
			return LWP_ENOMEM;
	for (int j = 0; j < st->ncoaches; j++)
		if (st->coaches[j].position == g)
			coaches[nc++] = st->coaches[j].name;
	struct mail_subgroup_in in = {st->edition.title, NULL, NULL, 0, st->groups[g].name, g,
				      members, nm, coaches, nc};
	struct mail m;
	for (int i = 0; !rc && i < st->n; i++) {
		if (st->proposed[i] != g)
			continue;
		in.name = st->rows[i].name;
		in.email = st->rows[i].email;
		in.coach = 0;
		if (!(rc = mail_subgroup(a, lang_of(st->rows[i].lang), &in, &m)) &&
		    !(rc = store_outbox_add(s, &m, c->now)))
			c->mailed++;
	}
	for (int j = 0; !rc && j < st->ncoaches; j++) {
		if (st->coaches[j].position != g)
			continue;
		in.name = st->coaches[j].name;
		in.email = st->coaches[j].email;
		in.coach = 1;
		if (!(rc = mail_subgroup(a, lang_of(st->coaches[j].lang), &in, &m)) &&
		    !(rc = store_outbox_add(s, &m, c->now)))
			c->mailed++;
	}
	return rc;
}

/* Whether group g changes on confirmation: someone joins it or leaves it. */
static int group_changes(struct store *s, struct arena *a, const struct subgroups_state *st,
			 int g, int *changed)
{
	struct subgroup_member_row *m;
	int nm, rc = store_subgroup_members(s, a, st->edition.id, &m, &nm);
	if (rc)
		return rc;
	*changed = !st->plan.confirmed;
	for (int i = 0; i < st->n && !*changed; i++)
		*changed = (st->proposed[i] == g) != (st->confirmed[i] == g);
	for (int j = 0; j < nm && !*changed; j++)
		*changed = m[j].confirmed == g && index_of(st, m[j].application_id) < 0;
	return 0;
}

static int confirm_tx(struct store *s, void *ctx)
{
	struct confirm_tx *c = ctx;
	struct subgroups_state st;
	int rc = svc_subgroups_load(s, c->a, c->e, &st);
	if (rc)
		return rc;
	if (!st.has_proposal) {
		for (int i = 0; i < st.n; i++)
			if (st.proposed[i] >= 0)
				return LWP_ECONFLICT;
		return LWP_ENOTFOUND;
	}
	c->mailed = 0;
	for (int g = 0; !rc && g < st.plan.set.k; g++) {
		int changed;
		if (!(rc = group_changes(s, c->a, &st, g, &changed)) && changed)
			rc = mail_group(s, c->a, &st, g, c);
	}
	/* Only the participants of now: a proposal of someone who left goes. */
	if (rc || (rc = keep_proposal(s, c->a, &st, st.proposed)) ||
	    (rc = store_subgroup_confirm(s, c->e->id, c->now)))
		return rc;
	return svc_audit(s, c->who, c->now, "subgroups.confirm",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "%d participants in %d groups; diversity %.2f; %d mailed",
				      st.n, st.plan.set.k, st.value, c->mailed));
}

int svc_subgroups_confirm(struct store *s, struct arena *a, const struct actor *who,
			  const struct edition *e, int64_t now, int *mailed)
{
	struct confirm_tx c = {a, who, e, now, 0};
	int rc = store_write(s, confirm_tx, &c);
	*mailed = rc ? 0 : c.mailed;
	return rc;
}
