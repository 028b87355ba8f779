/*
 * Subgroups as a service for the console, the API and `lwp split`: load
 * the state of an edition's split, save the lead's settings and rules,
 * plan (solve and keep the proposal), move one person by hand, re-balance
 * after a change in membership (fewest moves), and confirm (audited; every
 * participant and coach concerned is mailed their subgroup).
 */
#ifndef LWP_SERVICE_SUBGROUPS_H
#define LWP_SERVICE_SUBGROUPS_H

#include "domain/subgroups.h"
#include "service/service.h"
#include "store/store.h"
#include "store/store_subgroups.h"

/* Everything the page shows. Participants are the edition's accepted
 * applications, by id. */
struct subgroups_state {
	struct edition edition;
	struct selection_settings weights;
	struct subgroup_plan_row plan;
	struct subgroup_row *groups;       /* k, by position */
	int ngroups;
	struct subgroup_coach_row *coaches;
	int ncoaches;
	struct subgroup_rule_row *rules;
	int nrules;
	struct selection_row *rows;        /* n participants */
	struct subgroup_person *people;    /* n, with current = confirmed group */
	int n;
	int *confirmed;                    /* n: confirmed group or -1 */
	int *proposed;                     /* n: proposed group or -1 */
	int has_proposal;                  /* every participant has a proposed group */
	int left;                          /* confirmed members no longer accepted */
	int joined;                        /* participants without a confirmed group */
	int *shown;                        /* proposed, else confirmed (or NULL: none) */
	double value;                      /* of shown */
	struct subgroup_check broken;      /* of shown */
	struct subgroup_spread *spread;    /* k + 1 for shown (NULL when none) */
	struct subgroup_input in;          /* the domain's view of the above */
};

/* Load the state of edition e (in a). LWP_ECLOSED when e is not selected
 * (or running) yet: only accepted participants can be split. */
LWP_MUST_USE int svc_subgroups_load(struct store *s, struct arena *a, const struct edition *e,
				    struct subgroups_state *out);

/* The lead's settings: k, sizes, the organisation rule, the colleague
 * rule, names[k] (NULL or "" for none) and coaches per group
 * (coach_ids[g][0..ncoach[g]), users with the coach role for the edition).
 * LWP_EINVAL with err->field for a bad value; LWP_ECLOSED when a split was
 * confirmed and k or the sizes would change. Drops a waiting proposal when
 * k or the sizes change. */
#define SUBGROUP_COACHES_MAX 8
struct subgroups_setup {
	struct subgroup_settings set;
	const char *names[SUBGROUP_K_MAX];
	int64_t coach_ids[SUBGROUP_K_MAX][SUBGROUP_COACHES_MAX];
	int ncoach[SUBGROUP_K_MAX];
};
LWP_MUST_USE int svc_subgroups_setup(struct store *s, struct arena *a, const struct actor *who,
				     const struct edition *e, const struct subgroups_setup *in,
				     int64_t now, struct lwp_error *err);

/* A rule between two participants (LWP_ENOTFOUND when one is not a
 * participant of e; LWP_EINVAL for the same person twice), or its removal. */
LWP_MUST_USE int svc_subgroups_rule_add(struct store *s, struct arena *a, const struct actor *who,
					const struct edition *e, int64_t app_a, int64_t app_b,
					int together, int64_t now);
LWP_MUST_USE int svc_subgroups_rule_delete(struct store *s, struct arena *a,
					   const struct actor *who, const struct edition *e,
					   int64_t rule_id, int64_t now);

/* What a plan or a re-balance proposed. */
struct subgroups_outcome {
	double value;
	int proven;
	int nmoves;                 /* re-balance: moves (application, from, to) */
	struct subgroup_move_row {
		int64_t application_id;
		int from, to;
	} *moves;
};

/* Solve the split of e's participants with the lead's settings and rules
 * and keep it as the proposal (rebalance 0); or, after a change in
 * membership, the proposal with the fewest moves from the confirmed split
 * (rebalance 1: LWP_ENOTFOUND when nothing was confirmed). LWP_EINVAL with
 * err when the rules cannot be met; LWP_ECLOSED when e is not selected. */
LWP_MUST_USE int svc_subgroups_plan(struct store *s, struct arena *a, const struct actor *who,
				    const struct edition *e, int rebalance, double seconds,
				    int64_t now, struct subgroups_outcome *out,
				    struct lwp_error *err);

/* The same without keeping anything (`lwp split --dry-run`): with settings
 * set (NULL: the saved ones) and extra rules besides the saved. st gets the
 * state with the answer as st->shown (and its spread). */
LWP_MUST_USE int svc_subgroups_preview(struct store *s, struct arena *a, const struct edition *e,
				       const struct subgroup_settings *set,
				       const struct subgroup_rule *extra, int nextra,
				       int rebalance, double seconds, struct subgroups_state *st,
				       struct subgroups_outcome *out, struct lwp_error *err);

/* Move one participant to group `to` in the proposal (started from the
 * confirmed split when none waits): *before and *after get the value.
 * LWP_ENOTFOUND for someone who is not a participant or no such group. */
LWP_MUST_USE int svc_subgroups_move(struct store *s, struct arena *a, const struct actor *who,
				    const struct edition *e, int64_t application_id, int to,
				    int64_t now, double *before, double *after);

/* Confirm the proposal: LWP_ENOTFOUND when none waits; LWP_ECONFLICT when
 * the membership changed since it was made (plan or re-balance again).
 * Mails every participant and coach of a group whose membership changed
 * (everyone at the first confirmation); *mailed gets how many. */
LWP_MUST_USE int svc_subgroups_confirm(struct store *s, struct arena *a, const struct actor *who,
				       const struct edition *e, int64_t now, int *mailed);

#endif
