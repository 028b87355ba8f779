/*
 * Reports of an edition (C12): tables built from the store, audited when
 * they hold personal data, written as CSV (Dutch: ';' with a BOM and Dutch
 * headings; English: ','), XLSX (libxlsxwriter) or JSON, shown in the
 * console with charts. The framework is one enum and one builder per
 * report: TO ADD when the other capabilities are merged (each a builder in
 * reports.c and a line in report_kinds[]):
 *   REPORT_ATTENDANCE (meetings, migration 5): per participant and meeting
 *     present/absent, totals per meeting;
 *   REPORT_COSTS (invoices, migration 7): per organisation fee,
 *     accommodation, invoiced, paid, totals;
 *   diversity per subgroup (subgroups, migration 6): REPORT_DIVERSITY for
 *     one subgroup's members.
 */
#ifndef LWP_SERVICE_REPORTS_H
#define LWP_SERVICE_REPORTS_H

#include <jansson.h>

#include "core/buf.h"
#include "core/lang.h"
#include "service/service.h"

enum report_kind {
	REPORT_PARTICIPANTS, /* the accepted applicants */
	REPORT_APPLICATIONS, /* every application with its status */
	REPORT_DIVERSITY,    /* the cohort by kind, parent, theme and tag */
	REPORT_KIND_COUNT
};

struct report {
	enum report_kind kind;
	int ncols;
	const char *const *codes;  /* column codes: JSON names, English CSV headings */
	const char *const *labels; /* column headings (msgids) */
	const unsigned char *numeric;
	int nrows;
	const char **cells;        /* nrows * ncols, in the arena */
	int personal;              /* lists people: audited, no-store */
	int total;                 /* participants counted (diversity) or rows */
};

/* "participants", "applications", "diversity"; -1 for an unknown code. */
int report_kind_parse(const char *code);
const char *report_kind_code(enum report_kind k);
const char *report_kind_title(enum report_kind k); /* msgid */

/* Build the report of the edition (LWP_ENOTFOUND); a personal one is
 * audited as report.read with the report's code and channel (e.g. "cli",
 * "console", "csv"). */
LWP_MUST_USE int svc_report(struct store *s, struct arena *a, const struct actor *who,
			    const char *slug, enum report_kind kind, const char *channel,
			    int64_t now, struct report *out);

/* Cell (row, col) as a reader in lang sees it: kinds, themes, statuses
 * and dimensions translated (report_files.c). */
const char *report_cell(const struct report *r, int row, int col, enum lang lang);

/* Writers. Labels and codes of values (kinds, themes) in lang. */
LWP_MUST_USE int report_csv(struct buf *b, const struct report *r, enum lang lang);
LWP_MUST_USE int report_json(const struct report *r, json_t **out);
LWP_MUST_USE int report_xlsx(const char *path, const struct report *r, enum lang lang);

#endif
