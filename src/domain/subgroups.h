/*
 * Subgroups of an edition (SPEC C3): split its accepted participants into k
 * groups that are each as diverse as the whole group, with the selection's
 * distance (selection_distance, the edition's weights). This file turns the
 * participants and the lead's rules into a solve/split problem, reads the
 * answer back, and explains each group's spread next to the whole group's.
 * Plain structs: no SQL, no HTTP.
 */
#ifndef LWP_DOMAIN_SUBGROUPS_H
#define LWP_DOMAIN_SUBGROUPS_H

#include <stdint.h>

#include "domain/selection.h"
#include "solve/split.h"

#define SUBGROUP_K_MAX 10
#define SUBGROUP_NAME_MAX 80
/* Work caps of the optimiser: a solve stays well under a second. */
#define SUBGROUP_SECONDS 2.0

/* What the lead chose for the split of an edition. */
struct subgroup_settings {
	int k;                       /* 1..SUBGROUP_K_MAX */
	int sizes[SUBGROUP_K_MAX];   /* used when has_sizes */
	int has_sizes;
	int org_apart;      /* people of one organisation in different groups */
	int fix_colleagues; /* participants who share a coach's e-mail domain join that coach's group */
};

void subgroup_default_settings(struct subgroup_settings *s);

/* A rule of the lead between two participants (application ids). */
struct subgroup_rule {
	int64_t a, b;
	int together; /* 1 together, 0 apart */
};

/* A coach of a group, for the colleague rule. */
struct subgroup_coach {
	int group;
	const char *email;
};

/* One participant: the selection's candidate and the e-mail address. */
struct subgroup_person {
	struct candidate c;
	const char *email;
	int current; /* the group now (re-balance), -1 for none */
};

struct subgroup_input {
	const struct subgroup_person *p;
	int n;
	const struct selection_settings *w;
	const struct subgroup_settings *set;
	const struct subgroup_rule *rules;
	int nrules;
	const struct subgroup_coach *coaches;
	int ncoaches;
	double seconds; /* the optimiser's time cap; 0: SUBGROUP_SECONDS */
};

/*
 * The split problem of in: *prob points into arrays owned by *owned (free with
 * subgroup_problem_free). Rules naming someone not among the participants are
 * skipped. Organisations with more people than groups cannot be kept fully
 * apart: their people are spread by the distances only. LWP_EINVAL with
 * err->field "k", "sizes" or "rules" when the input cannot be used.
 */
struct subgroup_problem {
	struct split_problem sp;
	double *dist;
	int *apart;
	int *together;
	int *fixed;
	int *sizes;
};
int subgroup_problem_build(const struct subgroup_input *in, struct subgroup_problem *out,
			   struct lwp_error *err);
void subgroup_problem_free(struct subgroup_problem *p);

/* Solve (or re-balance, when rebalance is set: from p[i].current). Same
 * results as split_solve / split_rebalance; out must be freed with
 * split_result_free. */
int subgroup_run(const struct subgroup_input *in, int rebalance, struct split_result *out,
		 struct lwp_error *err);

/* What an assignment breaks (after a move by hand), counted per rule. */
struct subgroup_check {
	int sizes;    /* groups whose size is not the rule's */
	int apart;    /* pairs that must be apart and are not */
	int together; /* people not with the rest of their together set */
	int fixed;    /* colleagues not with their coach */
};
/* Value of an assignment (group[i] in 0..k-1) and what it breaks. */
int subgroup_evaluate(const struct subgroup_input *in, const int *group, double *value,
		      struct subgroup_check *broken, struct lwp_error *err);

/* Who a coach's colleague is: the lower-case e-mail domain after '@'
 * is the same. */
int subgroup_same_domain(const char *email_a, const char *email_b);

/* The spread of one group (or of the whole group). */
struct subgroup_spread {
	int size;
	int kinds[ORG_KIND_COUNT];
	int themes[THEME_COUNT];
	int organisations; /* distinct organisations */
	int parents;       /* distinct parent organisations (own when none) */
	int tags;          /* distinct keywords */
	double value;      /* sum of the distances within */
	double mean;       /* value per pair: comparable between sizes */
};

/* spread[0..k) per group, spread[k] for everyone; group[i] in 0..k-1 or
 * -1 (not placed: counted in the whole only). */
int subgroup_spread(const struct subgroup_person *p, int n, const int *group, int k,
		    const struct selection_settings *w, struct subgroup_spread *spread);

#endif
