/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_subgroups.h"
#include "web/route_table.h"

const struct route routes_subgroups[] = {
	{GET, "/beheer/edities/{slug}/subgroepen", page_subgroups, CONSOLE, "subgroups", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/instellingen", page_subgroups_settings, CONSOLE, "subgroups_settings", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/regel", page_subgroups_rule, CONSOLE, "subgroups_rule", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/regel-weg", page_subgroups_rule_delete, CONSOLE, "subgroups_rule_delete", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/indelen", page_subgroups_plan, CONSOLE, "subgroups_plan", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/herverdelen", page_subgroups_rebalance, CONSOLE, "subgroups_rebalance", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/verplaatsen", page_subgroups_move, CONSOLE, "subgroups_move", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/subgroepen/bevestigen", page_subgroups_confirm, CONSOLE, "subgroups_confirm", 0, WANT_EDITION},
	{GET, "/api/v1/manage/editions/{slug}/subgroups", api_subgroups, CONSOLE, "api_subgroups", 0, WANT_EDITION},
	{POST, "/api/v1/manage/editions/{slug}/subgroups", api_subgroups_post, CONSOLE, "api_subgroups_post", 0, WANT_EDITION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
