/*
 * The selection of an edition (SPEC C2): choose up to the places left the
 * applicants that make the group most diverse, and say why for each.
 *
 * Diversity is the sum over all pairs of chosen applicants of
 *   d(i,j) = w_org    * [organisation differs]
 *          + w_parent * [parent organisation differs]
 *          + w_kind   * [kind of organisation differs]
 *          + w_theme  * [theme differs]
 *          + w_tags   * (1 - |tags_i & tags_j| / |tags_i | tags_j|)
 * (an organisation without a known parent is its own parent; two empty tag
 * sets are equal). This is the maximum diversity problem, solved by
 * solve/mdp: exactly where it can prove optimality, by tabu search beyond.
 */
#ifndef LWP_DOMAIN_SELECTION_H
#define LWP_DOMAIN_SELECTION_H

#include <stdint.h>

#include "domain/model.h"

struct selection_settings {
	int w_org, w_parent, w_kind, w_theme, w_tags; /* 0..10 each */
	int offer_days;  /* days a waitlisted applicant has to take a freed place */
};

/* The ranges of the settings, used by the check below and by the forms. */
#define WEIGHT_MAX 10
#define OFFER_DAYS_MIN 1
#define OFFER_DAYS_MAX 60

void selection_default_settings(struct selection_settings *s);
/* 0 when all weights are 0..10, not all 0, and offer_days 1..60. */
int selection_settings_valid(const struct selection_settings *s);

enum selection_mark { MARK_NONE = 0, MARK_INCLUDE = 1, MARK_EXCLUDE = -1 };

struct candidate {
	int64_t application_id;
	int64_t org_id;
	int64_t parent_id;    /* 0 when unknown */
	enum org_kind kind;
	enum theme theme;
	const char *tags;     /* comma separated, as typed */
	int mark;             /* enum selection_mark */
	int accepted;         /* already accepted: stays in */
};

/* What a chosen applicant adds, as bits. */
enum {
	ADDS_ORGANISATION = 1, /* the only one of their organisation */
	ADDS_PARENT = 2,       /* the only one under their parent organisation */
	ADDS_KIND = 4,         /* the only one of their kind of organisation */
	ADDS_THEME = 8,        /* the only one with their theme */
};

enum why_not {
	WHY_NOT_NONE = 0,
	WHY_NOT_CAP,      /* their organisation has reached the cap */
	WHY_NOT_GAIN,     /* would add no more than the last one chosen */
	WHY_NOT_EXCLUDED, /* excluded by the lead */
	WHY_NOT_MARKS,    /* would add more, but the lead's must-include marks fill the group */
};

struct verdict {
	int chosen;
	double gain;       /* chosen: what they add to the others chosen; not chosen:
			    * what they would add to the chosen group (the waiting
			    * list is ordered by this number, so rank and number agree) */
	double replace_gain; /* not chosen: what they would add in place of the last
			      * one chosen (the number that says why they are not in) */
	unsigned adds;     /* ADDS_*: for the chosen what they add, for the others
			    * what they would add to the chosen group */
	enum why_not why;  /* for the others */
	int rank;          /* 1.. on the waiting list: by gain, largest first, ties
			    * in candidate (application) order; 0 for chosen and
			    * excluded. Stored at confirmation, it is the order freed
			    * places are offered in (selection_next_in_line). */
};

struct selection {
	int n;
	struct verdict *verdicts; /* n, in candidate order (caller frees) */
	int chosen_count;
	double value;             /* diversity of the chosen group */
	double value_unmarked;    /* the best diversity without the lead's marks */
	int proven;               /* value is the proven optimum (given the marks) */
	double last_gain;         /* smallest gain among the chosen */
	int last;                 /* index of the chosen one with that gain, -1 */
};

double selection_distance(const struct selection_settings *w, const struct candidate *a,
			  const struct candidate *b);

/* Choose places applicants from c[0..n) with at most org_cap per
 * organisation (0: no cap), honouring marks and accepted; deterministic for
 * the same input. Returns 0, or LWP_EINVAL when the marks cannot be met
 * (more included than places, or beyond a cap). */
int selection_run(const struct candidate *c, int n, int places, int org_cap,
		  const struct selection_settings *w, double seconds, struct selection *out);
void selection_free(struct selection *s);

/* Describe a group that stands (a confirmed selection): for i in group what
 * they add to the others (gain, adds), for the others what they would add
 * to it. v has n entries; only gain and adds are set. */
void selection_describe(const struct candidate *c, int n, const unsigned char *group,
			const struct selection_settings *w, struct verdict *v);

/* The next to be offered a freed place: among the eligible (eligible[i],
 * not in group, not excluded) the one with the lowest waiting-list rank
 * (rank[i] >= 1; 0 counts as after every ranked one, then candidate order),
 * skipping only those whose organisation has org_cap in group already
 * (0: no cap). The skipped ones ranked before the one returned are written
 * to skipped[0..*nskipped) (at most max_skipped). -1 when none. */
int selection_next_in_line(const struct candidate *c, const int *rank, int n,
			   const unsigned char *group, const unsigned char *eligible, int org_cap,
			   int *skipped, int max_skipped, int *nskipped);

#endif
