/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_api.h"
#include "web/route_table.h"

const struct route routes_api[] = {
	{GET, "/api/v1/editions", api_editions_list, ANYONE, "api_editions", 0, WANT_NOTHING},
	{GET, "/api/v1/editions/{slug}", api_edition_get, ANYONE, "api_edition", 0, WANT_NOTHING},
	{POST, "/api/v1/editions/{slug}/applications", api_application_create, ANYONE, "api_apply", 0, WANT_NOTHING},
	{GET, "/api/v1/openapi.json", api_openapi, ANYONE, "openapi", 0, WANT_NOTHING},
	{GET, "/api/v1/session", api_session, SIGNED_IN, "api_session", 0, WANT_NOTHING},
	{GET, "/api/v1/manage/editions/{slug}/applications", api_console_applications, CONSOLE, "api_console_applications", 0, WANT_EDITION},
	{POST, "/api/v1/manage/editions/{slug}", api_console_edition_update, CONSOLE, "api_console_edition_update", 0, WANT_EDITION},
	{POST, "/api/v1/manage/editions/{slug}/status", api_console_edition_status, CONSOLE, "api_console_edition_status", 0, WANT_EDITION},
	{POST, "/api/v1/manage/applications/{id}/status", api_console_application_status, CONSOLE, "api_console_application_status", 0, WANT_APPLICATION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
