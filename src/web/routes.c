/* The route table and its matcher (cgit's command table). */
#include "web/routes.h"

#include <event2/http.h>
#include <string.h>

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define ANYONE (ROLE_PUBLIC | ROLE_PARTICIPANT | ROLE_MEMBER | ROLE_COACH | \
		ROLE_LEAD | ROLE_ADMIN)

const struct route routes[] = {
	{GET, "/", page_home, ANYONE, "home"},
	{GET, "/edities/{slug}", page_invitation, ANYONE, "invitation"},
	{GET, "/edities/{slug}/aanmelden", page_apply_form, ANYONE, "apply_form"},
	{POST, "/edities/{slug}/aanmelden", page_apply_submit, ANYONE, "apply_submit"},
	{GET, "/aanmelding/{token}", page_application, ANYONE, "application"},
	{POST, "/aanmelding/{token}/intrekken", page_application_withdraw, ANYONE, "withdraw"},
	{GET, "/privacy", page_privacy, ANYONE, "privacy"},
	{GET, "/api/v1/editions", api_editions_list, ANYONE, "api_editions"},
	{GET, "/api/v1/editions/{slug}", api_edition_get, ANYONE, "api_edition"},
	{POST, "/api/v1/editions/{slug}/applications", api_application_create, ANYONE, "api_apply"},
	{GET, "/api/v1/openapi.json", api_openapi, ANYONE, "openapi"},
	{GET, "/static/{file}", static_file, ANYONE, "static"},
	{GET, "/healthz", health_check, ANYONE, "healthz"},
	{GET, "/metrics", metrics_page, ANYONE, "metrics"},
	{0, NULL, NULL, 0, NULL},
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
	for (const struct route *rt = routes; rt->pattern; rt++) {
		if (!match(r, rt->pattern, path))
			continue;
		if (rt->method == want)
			return rt;
		*allowed = 1;
	}
	return NULL;
}
