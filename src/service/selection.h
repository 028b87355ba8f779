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
#include "service/service.h"
#include "store/store.h"

struct selection_plan {
	struct edition edition;
	struct selection_settings settings;
	struct selection_row *rows;
	int n;
	struct selection result; /* verdicts per row; free with selection_plan_free */
	int pending;             /* svc_selection_plan_start: no plan yet, result empty */
};

/* Plan the selection of the edition with this slug at instant now.
 * LWP_ENOTFOUND; LWP_EDEADLINE before the deadline; LWP_ECLOSED when the
 * edition is not chosen by diversity or was selected already; LWP_EINVAL
 * when the lead's marks cannot be met. */
LWP_MUST_USE int svc_selection_plan(struct store *s, struct arena *a, const char *slug, int64_t now,
		   double seconds, struct selection_plan *out);
void svc_selection_plan_free(struct selection_plan *p);

/*
 * The same plan without solving on the caller's thread (an event loop):
 * when the cache has the plan (or the reason there is none) for the data
 * and settings as they are now, out is filled as svc_selection_plan fills
 * it and *solve is NULL. Otherwise out->pending is 1, out->result is
 * empty, and *solve gets the solve to run, unless this edition's solve is
 * under way already (*solve NULL): at most one per edition at a time;
 * with always, a solve of its own then (a confirm, which cannot wait for
 * another request's solve to tell it the plan).
 * The solve owns copies of its input, so that svc_selection_solve_run
 * needs no store and may run on any thread; svc_selection_solve_finish
 * (on any thread, exactly once, run or not) puts the plan in the cache,
 * frees the solve and lets the next one for the edition start. It returns
 * the solve's result (LWP_EBUSY when it did not run).
 */
struct selection_solve;
LWP_MUST_USE int svc_selection_plan_start(struct store *s, struct arena *a, const char *slug,
					  int64_t now, int always, struct selection_plan *out,
					  struct selection_solve **solve);
void svc_selection_solve_run(struct selection_solve *sv, double seconds);
int svc_selection_solve_finish(struct selection_solve *sv);

/* Confirm the plan: chosen -> accepted, excluded -> declined, the rest ->
 * waitlisted in the order of the plan (stored as waitlist_rank: the order
 * mailed and the order freed places are offered in), each with their
 * mail; the accepted and waitlisted get a new private link (base_url +
 * /aanmelding/TOKEN) in it, replacing the first link. Exactly once:
 * LWP_ECLOSED when the edition was confirmed meanwhile. An application
 * that left the running since the plan (withdrawn) keeps its status. */
LWP_MUST_USE int svc_selection_confirm(struct store *s, struct arena *a,
				       const struct selection_plan *p, const char *base_url,
				       const struct actor *who, int64_t now);

/* A confirmed selection as it stands: every application of the edition
 * that took part (accepted, waitlisted, declined, withdrawn), with what
 * the accepted add to each other and what each waiting one would add. */
struct selection_result {
	struct edition edition;
	struct application *apps; /* by id */
	struct verdict *verdicts; /* n: gain and adds, from the arena */
	int n;
};
/* LWP_ENOTFOUND; LWP_ECLOSED when the edition has no confirmed selection
 * (not chosen by diversity, or not selected yet). */
LWP_MUST_USE int svc_selection_result(struct store *s, struct arena *a, const char *slug,
				      struct selection_result *out);

/* A lead's mark on an application (MARK_NONE, MARK_INCLUDE, MARK_EXCLUDE):
 * LWP_ENOTFOUND when it is not an application of e. */
LWP_MUST_USE int svc_selection_mark(struct store *s, struct arena *a, const struct actor *who,
				    const struct edition *e, int64_t application_id, int mark,
				    int64_t now);
/* The weights and the days to answer an offer: LWP_EINVAL outside their
 * ranges (selection_settings_valid). */
LWP_MUST_USE int svc_selection_settings(struct store *s, struct arena *a,
					const struct actor *who, const struct edition *e,
					const struct selection_settings *w, int64_t now);

/* Expire lapsed offers and offer every free place of a selected edition to
 * the best next on its waiting list (what they add to who stays). Safe to
 * run from several processes: offers are made in write transactions and an
 * edition with an open offer waits for its answer. *made gets the number
 * of offers sent. */
LWP_MUST_USE int svc_selection_offers(struct store *s, const char *base_url, int64_t now,
				      int *made);
/* Take (accept 1) or let go an offered place: LWP_ECLOSED when no place is
 * free any more, LWP_ENOTFOUND when answered or expired already. */
LWP_MUST_USE int svc_offer_answer(struct store *s, const struct offer *o, int accept,
				  int64_t now);

#endif
