/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_selection.h"
#include "web/route_table.h"

const struct route routes_selection[] = {
	{GET, "/beheer/edities/{slug}/selectie", page_selection, CONSOLE, "selection", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/selectie/markering", page_selection_mark, CONSOLE, "selection_mark", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/selectie/gewichten", page_selection_settings, CONSOLE, "selection_settings", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/selectie/bevestigen", page_selection_confirm, CONSOLE, "selection_confirm", 0, WANT_EDITION},
	{GET, "/api/v1/manage/editions/{slug}/selection", api_console_selection, CONSOLE, "api_selection", 0, WANT_EDITION},
	{POST, "/api/v1/manage/editions/{slug}/selection/confirm", api_console_selection_confirm, CONSOLE, "api_selection_confirm", 0, WANT_EDITION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
