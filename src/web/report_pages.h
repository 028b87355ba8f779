/*
 * What the report pages share (page_reports.c, page_report_charts.c): the
 * download links of a report and the diversity charts of one group.
 */
#ifndef LWP_WEB_REPORT_PAGES_H
#define LWP_WEB_REPORT_PAGES_H

#include "service/reports.h"
#include "web/request.h"

/* "Download: CSV (Dutch, ;) · CSV (English, ,) · Excel · JSON" for the
 * report with code what. */
void report_download_links(struct req *r, const struct edition *e, const char *what);
/* The charts and tables of the diversity report d for one group (its
 * cell code: "" the cohort); index makes the element ids unique. */
void report_diversity_group(struct req *r, const struct report *d, const char *group, int index);

#endif
