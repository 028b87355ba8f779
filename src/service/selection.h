/*
 * The selection as a service for the console, the API and `lwp select`:
 * plan (load the candidates and run the optimiser), confirm (statuses, the
 * waiting list order and every applicant's mail in one transaction), and
 * keep freed places offered to the waiting list.
 */
#ifndef LWP_SERVICE_SELECTION_H
#define LWP_SERVICE_SELECTION_H

#include "core/arena.h"
#include "domain/selection.h"
#include "store/store.h"

struct selection_plan {
	struct edition edition;
	struct selection_settings settings;
	struct selection_row *rows;
	int n;
	struct selection result; /* verdicts per row; free with selection_plan_free */
};

/* Plan the selection of the edition with this slug at instant now.
 * LWP_ENOTFOUND; LWP_EDEADLINE before the deadline; LWP_ECLOSED when the
 * edition is not chosen by diversity or was selected already; LWP_EINVAL
 * when the lead's marks cannot be met. */
int selection_plan(struct store *s, struct arena *a, const char *slug, int64_t now,
		   double seconds, struct selection_plan *out);
void selection_plan_free(struct selection_plan *p);

/* Who confirms, for the history and the audit log. */
struct actor {
	int64_t id;      /* 0 for the CLI */
	const char *name; /* e-mail address, or "cli" */
	const char *ip;
};

/* Confirm the plan: chosen -> accepted, excluded -> declined, the rest ->
 * waitlisted in the order of the plan; every applicant gets a mail. */
int selection_confirm(struct store *s, struct arena *a, const struct selection_plan *p,
		      const struct actor *who, int64_t now);

/* Expire lapsed offers and offer every free place of a selected edition to
 * the best next on its waiting list (what they add to who stays). Safe to
 * run from several processes: offers are made in write transactions and an
 * edition with an open offer waits for its answer. *made gets the number
 * of offers sent. */
int selection_offers(struct store *s, const char *base_url, int64_t now, int *made);

#endif
