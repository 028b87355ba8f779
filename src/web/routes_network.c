/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. Fixed paths come before the
 * {initiative} ones they would otherwise match. */
#include "web/routes_network.h"
#include "web/route_table.h"

const struct route routes_network[] = {
	{GET, "/initiatieven", page_initiatives, ANYONE, "initiatives", 0, WANT_NOTHING},
	{GET, "/initiatieven/nieuw", page_initiative_new, SIGNED_IN, "initiative_new", 0, WANT_NOTHING},
	{POST, "/initiatieven/nieuw", page_initiative_create, SIGNED_IN, "initiative_create", 0, WANT_NOTHING},
	{GET, "/initiatieven/voordragen", page_nominate, ANYONE, "nominate", 0, WANT_NOTHING},
	{POST, "/initiatieven/voordragen", page_nominate_submit, ANYONE, "nominate_submit", 0, WANT_NOTHING},
	{GET, "/initiatieven/bevestigen/{token}", page_nomination, ANYONE, "nomination", 0, WANT_NOTHING},
	{POST, "/initiatieven/bevestigen/{token}", page_nomination_confirm, ANYONE, "nomination_confirm", 0, WANT_NOTHING},
	{GET, "/initiatieven/{initiative}", page_initiative, ANYONE, "initiative", 0, WANT_NOTHING},
	{GET, "/initiatieven/{initiative}/bewerken", page_initiative_edit, SIGNED_IN, "initiative_edit", 0, WANT_NOTHING},
	{POST, "/initiatieven/{initiative}/bewerken", page_initiative_update, SIGNED_IN, "initiative_update", 0, WANT_NOTHING},
	{POST, "/initiatieven/{initiative}/eigenaren", page_initiative_owner_add, SIGNED_IN, "initiative_owner_add", 0, WANT_NOTHING},
	{POST, "/initiatieven/{initiative}/verbergen", page_initiative_moderate, SIGNED_IN, "initiative_moderate", 0, WANT_NOTHING},
	{POST, "/initiatieven/{initiative}/verbinden", page_initiative_connect, SIGNED_IN, "initiative_connect", 0, WANT_NOTHING},
	{GET, "/netwerk/verbindingen", page_connections, SIGNED_IN, "connections", 0, WANT_NOTHING},
	{POST, "/netwerk/verbindingen/{connection}/bevestigen", page_connection_confirm, SIGNED_IN, "connection_confirm", 0, WANT_NOTHING},
	{POST, "/netwerk/verbindingen/{connection}/verwijderen", page_connection_remove, SIGNED_IN, "connection_remove", 0, WANT_NOTHING},
	{GET, "/netwerk/leden", page_directory, SIGNED_IN, "directory", 0, WANT_NOTHING},
	{POST, "/netwerk/leden/toestemming", page_directory_consent, SIGNED_IN, "directory_consent", 0, WANT_NOTHING},
	{POST, "/netwerk/leden/verbinden", page_directory_connect, SIGNED_IN, "directory_connect", 0, WANT_NOTHING},
	{GET, "/netwerk/kaart", page_network_map, ANYONE, "network_map", 0, WANT_NOTHING},
	{GET, "/netwerk/cijfers", page_network_figures, ANYONE, "network_figures", 0, WANT_NOTHING},
	{GET, "/api/v1/initiatives", api_initiatives_search, ANYONE, "api_initiatives", 0, WANT_NOTHING},
	{POST, "/api/v1/initiatives", api_initiative_create, SIGNED_IN, "api_initiative_create", 0, WANT_NOTHING},
	{GET, "/api/v1/initiatives/{initiative}", api_initiative_get, ANYONE, "api_initiative", 0, WANT_NOTHING},
	{GET, "/api/v1/initiatives/{initiative}/similar", api_initiative_similar, ANYONE, "api_initiative_similar", 0, WANT_NOTHING},
	{POST, "/api/v1/nominations", api_nomination_create, ANYONE, "api_nomination_create", 0, WANT_NOTHING},
	{POST, "/api/v1/nominations/{token}/confirm", api_nomination_confirm, ANYONE, "api_nomination_confirm", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
