/*
 * Reports of an edition (C12): tables built from the store, audited when
 * they hold personal data, written as CSV (Dutch: ';' with a BOM and Dutch
 * headings; English: ','), XLSX (libxlsxwriter) or JSON, shown in the
 * console with charts. One enum and one builder per report (reports.c);
 * the writers (report_files.c) know nothing of a report but its columns:
 *   participants, applications: one row per person (personal: audited);
 *   diversity: per group (the whole cohort first, then every subgroup of
 *     a confirmed split) the participants per kind of organisation,
 *     parent organisation, theme and tag, with the percentage of the
 *     group;
 *   attendance: per participant (personal) and confirmed meeting present,
 *     partly present (some days of a multi-day meeting), absent with or
 *     without notice, or not recorded; per participant the meetings
 *     present at, recorded and the rate (present / recorded, in %); foot
 *     rows with the totals per meeting;
 *   costs: per organisation the participants, the fee, the nights and the
 *     accommodation, other (manual) charges, the charges excluding VAT, the
 *     VAT at the edition's setting (rounded per organisation as its
 *     invoice is), including VAT, invoiced (sent and paid invoices minus
 *     credit notes, including VAT), paid and outstanding; a foot row with
 *     the totals. The charges are those of svc_invoice_overview.
 * Amounts are cents until written: cells hold euros with two decimals.
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
	REPORT_DIVERSITY,    /* cohort and subgroups by kind, parent, theme, tag */
	REPORT_ATTENDANCE,   /* participants x confirmed meetings */
	REPORT_COSTS,        /* per organisation, with a total */
	REPORT_KIND_COUNT
};

struct report {
	enum report_kind kind;
	int ncols;
	const char *const *codes;  /* column codes: JSON names, English CSV headings */
	const char *const *labels; /* column headings (msgids) */
	const unsigned char *numeric; /* 0 text, 1 number, 2 amount (euros, 2 decimals) */
	const unsigned char *verbatim; /* NULL, or 1 where the label is data (a
					* meeting's title), not a msgid */
	int nrows;                 /* including the nfoot total rows at the end */
	int nfoot;                 /* total rows: first cell a msgid, numbers in
				    * any column */
	const char **cells;        /* nrows * ncols, in the arena */
	int personal;              /* lists people: audited, no-store */
	int total;                 /* participants counted (diversity, costs) or rows */
	struct arena *arena;       /* where it was built (report_cell's texts) */
};

/* "participants", "applications", "diversity", "attendance", "costs"; -1
 * for an unknown code. */
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

/* Column heading c in lang. */
const char *report_label(const struct report *r, int c, enum lang lang);

/* Writers. Labels and codes of values (kinds, themes) in lang. */
LWP_MUST_USE int report_csv(struct buf *b, const struct report *r, enum lang lang);
LWP_MUST_USE int report_json(const struct report *r, json_t **out);
LWP_MUST_USE int report_xlsx(const char *path, const struct report *r, enum lang lang);

#endif
