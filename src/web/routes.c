/* The route table and its matcher (cgit's command table). */
#include "web/routes.h"
#include "web/routes_public.h"
#include "web/routes_accounts.h"
#include "web/routes_console.h"
#include "web/routes_selection.h"
#include "web/routes_meetings.h"
#include "web/routes_network.h"
#include "web/routes_subgroups.h"
#include "web/routes_invoices.h"
#include "web/routes_api.h"
#include "web/routes_infra.h"
#include "web/routes_privacy.h"
#include "web/routes_messages.h"
#include "web/routes_reports.h"
#include "web/api.h"
#include "web/auth.h"
#include "core/parse.h"
#include "store/store.h"

#include <event2/http.h>
#include <string.h>

const struct route *const route_tables[] = {
	routes_public,
	routes_accounts,
	routes_console,
	routes_selection,
	routes_meetings,
	routes_network,
	routes_subgroups,
	routes_invoices,
	routes_api,
	routes_infra,
	routes_privacy,
	routes_messages,
	routes_reports,
	NULL,
};


/* Match path against pattern; on success store {params} in r (pointers
 * into an arena copy of the path). */
static int match(struct req *r, const char *pattern, const char *path)
{
	int n = 0;
	const char *params[ROUTE_PARAMS_MAX];
	size_t plen[ROUTE_PARAMS_MAX];
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			size_t len = strcspn(path, "/");
			if (!close || len == 0 || n == ROUTE_PARAMS_MAX)
				return 0;
			params[n] = path;
			plen[n++] = len;
			pattern = close + 1;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	if (*pattern || *path)
		return 0;
	for (int i = 0; i < n; i++)
		r->params[i] = arena_strndup(r->arena, params[i], plen[i]);
	r->nparams = n;
	return 1;
}

const struct route *route_match(struct req *r, int method, const char *path,
				int *allowed)
{
	*allowed = 0;
	int want = method == EVHTTP_REQ_HEAD ? EVHTTP_REQ_GET : method;
	for (const struct route *const *t = route_tables; *t; t++) {
		for (const struct route *rt = *t; rt->pattern; rt++) {
			if (!match(r, rt->pattern, path))
				continue;
			if (rt->method == want)
				return rt;
			*allowed |= rt->method == EVHTTP_REQ_POST ? 2 : 1;
		}
	}
	return NULL;
}

/* Answer a failed load: HTML for pages, JSON under /api/. */
static void load_error(struct req *r, int status, const char *code, const char *msgid)
{
	if (strncmp(r->path, "/api/", 5) == 0)
		api_error(r, status, code, msgid, NULL);
	else
		req_error(r, status, code, msgid);
}

/* The result of loading for edition e (0 when loaded: rc): 0 to go on. */
static int check_loaded(struct req *r, const struct route *rt, int rc, const struct edition *e,
			const char *object)
{
	if (rc == LWP_ENOTFOUND) {
		load_error(r, 404, "not_found", N_("This page does not exist."));
		return -1;
	}
	if (rc) {
		load_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return -1;
	}
	/* Console and staff routes are for the edition's leads; staff routes
	 * also for its coaches (a coach of all editions included). */
	int scoped = (rt->roles & ~ROLES_STAFF) == 0;
	int allowed = auth_allows(r, ROLE_LEAD, e->id) ||
		      ((rt->roles & ROLE_COACH) && auth_allows(r, ROLE_COACH, e->id));
	if (scoped && !allowed) {
		auth_audit(r, "access.refused", object, strncmp(r->path, "/api/", 5) ? NULL : "api");
		if (e->status == EDITION_DRAFT)
			load_error(r, 404, "not_found", N_("This page does not exist."));
		else
			load_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return -1;
	}
	return 0;
}

static int load_edition(struct req *r, const struct route *rt)
{
	struct edition *e = arena_alloc(r->arena, sizeof(*e));
	int rc = e ? store_edition_get(r->store, r->arena, r->params[0], e) : LWP_ENOMEM;
	if (check_loaded(r, rt, rc, e, arena_printf(r->arena, "edition:%s", r->params[0])))
		return -1;
	r->edition = e;
	return 0;
}

static int load_application(struct req *r, const struct route *rt)
{
	struct application *a = arena_alloc(r->arena, sizeof(*a));
	struct edition *e = arena_alloc(r->arena, sizeof(*e));
	long long id = 0;
	int rc = !a || !e ? LWP_ENOMEM
		 : parse_int(r->params[0], 1, INT64_MAX, &id) ? LWP_ENOTFOUND
		 : store_application_get(r->store, r->arena, id, a, e);
	if (check_loaded(r, rt, rc, e, arena_printf(r->arena, "application:%lld", id)))
		return -1;
	r->application = a;
	r->edition = e;
	return 0;
}

void route_run(struct req *r, const struct route *rt)
{
	if (rt->want == WANT_EDITION && load_edition(r, rt))
		return;
	if (rt->want == WANT_APPLICATION && load_application(r, rt))
		return;
	rt->handler(r);
}
