/*
 * Routes of one capability (see routes.h). Reports of an edition (C12):
 * the participant list and the cohort's diversity with charts, and their
 * downloads as CSV (Dutch or English) and XLSX.
 */
#ifndef LWP_WEB_ROUTES_REPORTS_H
#define LWP_WEB_ROUTES_REPORTS_H

#include "web/routes.h"

extern const struct route routes_reports[];

void page_console_reports(struct req *r);
void page_console_report_file(struct req *r);

#endif
