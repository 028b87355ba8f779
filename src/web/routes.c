/* The route table and its matcher (cgit's command table). */
#include "web/routes.h"

#include <event2/http.h>
#include <string.h>

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define ANYONE ROLES_ANYONE
#define SIGNED_IN ROLES_SIGNED_IN
#define CONSOLE ROLES_CONSOLE

const struct route routes[] = {
	{GET, "/", page_home, ANYONE, "home", 1},
	{GET, "/edities/{slug}", page_invitation, ANYONE, "invitation", 1},
	{GET, "/edities/{slug}/aanmelden", page_apply_form, ANYONE, "apply_form", 0},
	{POST, "/edities/{slug}/aanmelden", page_apply_submit, ANYONE, "apply_submit", 0},
	{GET, "/aanmelding/{token}", page_application, ANYONE, "application", 0},
	{POST, "/aanmelding/{token}/intrekken", page_application_withdraw, ANYONE, "withdraw", 0},
	{GET, "/privacy", page_privacy, ANYONE, "privacy", 1},
	{GET, "/toegankelijkheid", page_accessibility, ANYONE, "accessibility", 0},
	{GET, "/inloggen", page_login, ANYONE, "login", 0},
	{POST, "/inloggen/link", page_login_link_request, ANYONE, "login_link_request", 0},
	{GET, "/inloggen/link/{token}", page_login_link, ANYONE, "login_link", 0},
	{POST, "/inloggen/link/{token}", page_login_link_use, ANYONE, "login_link_use", 0},
	{POST, "/inloggen/wachtwoord", page_login_password, ANYONE, "login_password", 0},
	{GET, "/inloggen/code", page_login_code, SIGNED_IN, "login_code", 0},
	{POST, "/inloggen/code", page_login_code_submit, SIGNED_IN, "login_code_submit", 0},
	{POST, "/uitloggen", page_logout, SIGNED_IN, "logout", 0},
	{GET, "/account", page_account, SIGNED_IN, "account", 0},
	{GET, "/account/wachtwoord", page_account_password, SIGNED_IN, "account_password", 0},
	{POST, "/account/wachtwoord", page_account_password_submit, SIGNED_IN, "account_password_submit", 0},
	{GET, "/account/tweestaps", page_account_totp, SIGNED_IN, "account_totp", 0},
	{POST, "/account/tweestaps", page_account_totp_submit, SIGNED_IN, "account_totp_submit", 0},
	{GET, "/beheer", page_console, CONSOLE, "console", 0},
	{GET, "/beheer/edities/nieuw", page_console_edition_new, CONSOLE, "console_edition_new", 0},
	{POST, "/beheer/edities", page_console_edition_create, CONSOLE, "console_edition_create", 0},
	{GET, "/beheer/edities/{slug}", page_console_edition, CONSOLE, "console_edition", 0},
	{POST, "/beheer/edities/{slug}", page_console_edition_update, CONSOLE, "console_edition_update", 0},
	{POST, "/beheer/edities/{slug}/status", page_console_edition_status, CONSOLE, "console_edition_status", 0},
	{GET, "/beheer/edities/{slug}/aanmeldingen", page_console_applications, CONSOLE, "console_applications", 0},
	{GET, "/beheer/edities/{slug}/aanmeldingen.csv", page_console_applications_csv, CONSOLE, "console_applications_csv", 0},
	{GET, "/beheer/aanmeldingen/{id}", page_console_application, CONSOLE, "console_application", 0},
	{POST, "/beheer/aanmeldingen/{id}/status", page_console_application_status, CONSOLE, "console_application_status", 0},
	{GET, "/beheer/audit", page_console_audit, CONSOLE, "console_audit", 0},
	{GET, "/beheer/edities/{slug}/selectie", page_selection, CONSOLE, "selection", 0},
	{POST, "/beheer/edities/{slug}/selectie/markering", page_selection_mark, CONSOLE, "selection_mark", 0},
	{POST, "/beheer/edities/{slug}/selectie/gewichten", page_selection_settings, CONSOLE, "selection_settings", 0},
	{POST, "/beheer/edities/{slug}/selectie/bevestigen", page_selection_confirm, CONSOLE, "selection_confirm", 0},
	{GET, "/aanbod/{token}", page_offer, ANYONE, "offer", 0},
	{POST, "/aanbod/{token}", page_offer_answer, ANYONE, "offer_answer", 0},
	{GET, "/api/v1/editions", api_editions_list, ANYONE, "api_editions", 0},
	{GET, "/api/v1/editions/{slug}", api_edition_get, ANYONE, "api_edition", 0},
	{POST, "/api/v1/editions/{slug}/applications", api_application_create, ANYONE, "api_apply", 0},
	{GET, "/api/v1/openapi.json", api_openapi, ANYONE, "openapi", 0},
	{GET, "/api/v1/session", api_session, SIGNED_IN, "api_session", 0},
	{GET, "/api/v1/manage/editions/{slug}/applications", api_console_applications, CONSOLE, "api_console_applications", 0},
	{POST, "/api/v1/manage/editions/{slug}/status", api_console_edition_status, CONSOLE, "api_console_edition_status", 0},
	{GET, "/api/v1/manage/editions/{slug}/selection", api_console_selection, CONSOLE, "api_selection", 0},
	{POST, "/api/v1/manage/editions/{slug}/selection/confirm", api_console_selection_confirm, CONSOLE, "api_selection_confirm", 0},
	{POST, "/api/v1/manage/applications/{id}/status", api_console_application_status, CONSOLE, "api_console_application_status", 0},
	{GET, "/static/{file}", static_file, ANYONE, "static", 0},
	{GET, "/healthz", health_check, ANYONE, "healthz", 0},
	{GET, "/metrics", metrics_page, ANYONE, "metrics", 0},
	{0, NULL, NULL, 0, NULL, 0},
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
		*allowed |= rt->method == EVHTTP_REQ_POST ? 2 : 1;
	}
	return NULL;
}
