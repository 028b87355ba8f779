/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_privacy.h"
#include "web/route_table.h"

const struct route routes_privacy[] = {
	{POST, "/account/gegevens", page_account_export, SIGNED_IN, "account_export", 0, WANT_NOTHING},
	{POST, "/account/verwijderen", page_account_erasure, SIGNED_IN, "account_erasure", 0, WANT_NOTHING},
	{POST, "/aanmelding/{token}/gegevens", page_application_export_link, ANYONE, "application_export_link", 0, WANT_NOTHING},
	{POST, "/aanmelding/{token}/verwijderen", page_application_erasure, ANYONE, "application_erasure", 0, WANT_NOTHING},
	{GET, "/mijn-gegevens/{token}", page_download, ANYONE, "download", 0, WANT_NOTHING},
	{POST, "/mijn-gegevens/{token}", page_download_use, ANYONE, "download_use", 0, WANT_NOTHING},
	{GET, "/beheer/privacy", page_console_privacy, CONSOLE, "console_privacy", 0, WANT_NOTHING},
	{POST, "/beheer/privacy/uitvoeren", page_console_privacy_carry_out, CONSOLE, "console_privacy_carry_out", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
