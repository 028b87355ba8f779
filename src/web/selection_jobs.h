/*
 * The selection's plan for the pages and the API without solving on the
 * event loop: a plan not in the cache is solved on the worker pool
 * (web/workers.h), one per edition at a time for views, while a view
 * answers "being computed" and a confirm waits for its solve (req_defer).
 */
#ifndef LWP_WEB_SELECTION_JOBS_H
#define LWP_WEB_SELECTION_JOBS_H

#include "web/request.h"
#include "service/selection.h"

/* How long one solve may search, in seconds. */
#define SELECTION_SECONDS 3.0
/* What a page or an answer tells the client to wait before asking again. */
#define SELECTION_RETRY "2"

/* The plan of the edition slug for a view: as svc_selection_plan_start,
 * and when a solve is due it is started on the pool. 0 with p->pending
 * set: being computed (ask again); LWP_ELIMIT: the pool's queue is full
 * (answer 503 with Retry-After); other results as svc_selection_plan. */
LWP_MUST_USE int selection_plan_view(struct req *r, const char *slug, struct selection_plan *p);

enum { SELECTION_DEFERRED = 1, SELECTION_ANSWERED = 2 };
/* The plan for a confirm: 0 with the plan in p; SELECTION_DEFERRED when
 * the answer waits for the solve, and then(r, arg) is called on the loop
 * once it is done (r->gone: only release), to ask again with
 * selection_plan_view; SELECTION_ANSWERED when deferring failed and the
 * answer (503) is written; other results as svc_selection_plan. A
 * confirm that finds the edition's solve under way for a view solves on
 * its own rather than wait (svc_selection_plan_start's always). */
LWP_MUST_USE int selection_plan_confirm(struct req *r, const char *slug, struct selection_plan *p,
					req_done_fn then, void *arg);

#endif
