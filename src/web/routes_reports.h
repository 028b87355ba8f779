/*
 * Routes of one capability (see routes.h). Reports of an edition (C12):
 * the participant list and the cohort's diversity with charts, the
 * attendance, the costs and the diversity per subgroup (page_report_charts.c),
 * their downloads as CSV (Dutch or English), XLSX and JSON, and the JSON
 * API of every report.
 */
#ifndef LWP_WEB_ROUTES_REPORTS_H
#define LWP_WEB_ROUTES_REPORTS_H

#include "web/routes.h"

extern const struct route routes_reports[];

void page_console_reports(struct req *r);
void page_console_report_file(struct req *r);
void page_console_report_attendance(struct req *r);
void page_console_report_costs(struct req *r);
void page_console_report_diversity(struct req *r);
void api_report(struct req *r);

#endif
