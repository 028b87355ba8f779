/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_console.h"
#include "web/route_table.h"

const struct route routes_console[] = {
	{GET, "/beheer", page_console, CONSOLE, "console", 0, WANT_NOTHING},
	{GET, "/beheer/edities/nieuw", page_console_edition_new, CONSOLE, "console_edition_new", 0, WANT_NOTHING},
	{POST, "/beheer/edities", page_console_edition_create, CONSOLE, "console_edition_create", 0, WANT_NOTHING},
	{GET, "/beheer/edities/{slug}", page_console_edition, CONSOLE, "console_edition", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}", page_console_edition_update, CONSOLE, "console_edition_update", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/status", page_console_edition_status, CONSOLE, "console_edition_status", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/aanmeldingen", page_console_applications, CONSOLE, "console_applications", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/aanmeldingen.csv", page_console_applications_csv, CONSOLE, "console_applications_csv", 0, WANT_EDITION},
	{GET, "/beheer/aanmeldingen/{id}", page_console_application, CONSOLE, "console_application", 0, WANT_APPLICATION},
	{POST, "/beheer/aanmeldingen/{id}/status", page_console_application_status, CONSOLE, "console_application_status", 0, WANT_APPLICATION},
	{GET, "/beheer/edities/{slug}/audit", page_console_edition_audit, CONSOLE, "console_edition_audit", 0, WANT_EDITION},
	{GET, "/beheer/organisaties", page_console_organisations, CONSOLE, "console_organisations", 0, WANT_NOTHING},
	{POST, "/beheer/organisaties/ouder", page_console_organisation_parent, CONSOLE, "console_organisation_parent", 0, WANT_NOTHING},
	{GET, "/beheer/audit", page_console_audit, CONSOLE, "console_audit", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
