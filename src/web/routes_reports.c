/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_reports.h"
#include "web/route_table.h"

const struct route routes_reports[] = {
	{GET, "/beheer/edities/{slug}/rapporten", page_console_reports, CONSOLE, "console_reports", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/rapporten/bestand", page_console_report_file, CONSOLE, "console_report_file", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/rapporten/aanwezigheid", page_console_report_attendance, CONSOLE, "console_report_attendance", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/rapporten/kosten", page_console_report_costs, CONSOLE, "console_report_costs", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/rapporten/diversiteit", page_console_report_diversity, CONSOLE, "console_report_diversity", 0, WANT_EDITION},
	{GET, "/api/v1/manage/editions/{slug}/reports/{what}", api_report, CONSOLE, "api_report", 0, WANT_EDITION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
