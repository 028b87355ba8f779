/* See selection_jobs.h. */
#include "web/selection_jobs.h"
#include "core/tz.h"

static void solve_run(void *arg)
{
	svc_selection_solve_run(arg, SELECTION_SECONDS);
}

/* The cache has the plan now (or the reason there is none). */
static void solve_done(void *arg, int cancelled)
{
	(void)cancelled;
	LWP_IGNORE(svc_selection_solve_finish(arg));
}

int selection_plan_view(struct req *r, const char *slug, struct selection_plan *p)
{
	struct selection_solve *sv;
	int rc = svc_selection_plan_start(r->store, r->arena, slug, tz_now(), 0, p, &sv);
	if (rc == 0 && sv && (rc = req_background(r, solve_run, solve_done, sv)))
		LWP_IGNORE(svc_selection_solve_finish(sv)); /* not run: lets the next start */
	return rc;
}

struct confirm_wait {
	struct selection_solve *sv;
	req_done_fn then;
	void *arg;
};

static void confirm_solve_run(void *arg)
{
	struct confirm_wait *cw = arg;
	svc_selection_solve_run(cw->sv, SELECTION_SECONDS);
}

static void confirm_solve_done(struct req *r, void *arg)
{
	struct confirm_wait *cw = arg;
	LWP_IGNORE(svc_selection_solve_finish(cw->sv));
	cw->then(r, cw->arg);
}

int selection_plan_confirm(struct req *r, const char *slug, struct selection_plan *p,
			   req_done_fn then, void *arg)
{
	struct selection_solve *sv;
	int rc = svc_selection_plan_start(r->store, r->arena, slug, tz_now(), 1, p, &sv);
	if (rc || !p->pending)
		return rc;
	struct confirm_wait *cw = arena_calloc(r->arena, 1, sizeof(*cw));
	if (!cw) {
		LWP_IGNORE(svc_selection_solve_finish(sv));
		return LWP_ENOMEM;
	}
	cw->sv = sv;
	cw->then = then;
	cw->arg = arg;
	if (req_defer(r, confirm_solve_run, confirm_solve_done, cw)) {
		LWP_IGNORE(svc_selection_solve_finish(sv));
		return SELECTION_ANSWERED;
	}
	return SELECTION_DEFERRED;
}
