/*
 * Writing a report (reports.h): CSV for spreadsheets (Dutch: ';' and a BOM
 * so that Excel and LibreOffice in a Dutch locale split the columns and
 * read UTF-8; English: ','), JSON with the codes, XLSX by libxlsxwriter
 * (numbers as numbers, a bold header row, a total row for numeric
 * columns). Kinds of organisation, themes and statuses are shown in the
 * reader's language.
 */
#include "service/reports.h"
#include "core/i18n.h"
#include "domain/attendance.h"
#include "domain/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char *dimension_label(const char *code)
{
	if (strcmp(code, "organisation_kind") == 0)
		return N_("Kind of organisation");
	if (strcmp(code, "parent_organisation") == 0)
		return N_("Parent organisation");
	if (strcmp(code, "theme") == 0)
		return N_("Theme");
	return N_("Tag");
}

const char *report_label(const struct report *r, int c, enum lang lang)
{
	if (r->verbatim && r->verbatim[c])
		return r->labels[c];
	return i18n_translate(lang, r->labels[c]);
}

/* A group cell (reports.c's group_cell): "" the whole cohort (diversity)
 * or none (attendance), "#N" an unnamed subgroup, else its name. */
static const char *group_text(const struct report *r, const char *v, enum lang lang)
{
	if (!v[0])
		return r->kind == REPORT_DIVERSITY ? i18n_translate(lang, N_("Whole cohort")) : "";
	if (v[0] == '#' && v[1] >= '1' && v[1] <= '9' && r->arena) {
		const char *t = arena_printf(r->arena, "%s %s", i18n_translate(lang, N_("Subgroup")),
					     v + 1);
		return t ? t : v;
	}
	return v;
}

static int is_foot(const struct report *r, int row)
{
	return row >= r->nrows - r->nfoot;
}

const char *report_cell(const struct report *r, int row, int col, enum lang lang)
{
	const char *v = r->cells[row * r->ncols + col];
	const char *code = r->codes[col];
	int k;
	if (!v)
		return "";
	if (is_foot(r, row))
		return col == 0 ? i18n_translate(lang, v) : v;
	if (strcmp(code, "subgroup") == 0)
		return group_text(r, v, lang);
	if (r->kind == REPORT_DIVERSITY) {
		const char *dim = r->cells[row * r->ncols + 1];
		if (col == 1)
			return i18n_translate(lang, dimension_label(v));
		if (col == 2 && strcmp(dim, "organisation_kind") == 0 && (k = org_kind_parse(v)) >= 0)
			return i18n_translate(lang, org_kind_label((enum org_kind)k));
		if (col == 2 && strcmp(dim, "theme") == 0 && (k = theme_parse(v)) >= 0)
			return i18n_translate(lang, theme_label((enum theme)k));
		if (col == 2 && strcmp(dim, "parent_organisation") == 0 && !*v)
			return i18n_translate(lang, N_("no parent organisation"));
		return v;
	}
	if (r->kind == REPORT_ATTENDANCE && strncmp(code, "meeting_", 8) == 0) {
		if (strcmp(v, "partly") == 0)
			return i18n_translate(lang, N_("Partly present"));
		if ((k = attendance_parse(v)) >= 0)
			return i18n_translate(lang, attendance_label((enum attendance_status)k));
		return v;
	}
	if (strcmp(code, "organisation_kind") == 0 && (k = org_kind_parse(v)) >= 0)
		return i18n_translate(lang, org_kind_label((enum org_kind)k));
	if (strcmp(code, "theme") == 0 && (k = theme_parse(v)) >= 0)
		return i18n_translate(lang, theme_label((enum theme)k));
	if (strcmp(code, "status") == 0 && (k = app_status_parse(v)) >= 0)
		return i18n_translate(lang, app_status_label((enum app_status)k));
	return v;
}

/* A cell that is wholly a number ("12", "-3.50"): *out gets it. */
static int number_of(const char *v, double *out)
{
	char *end;
	if (!v || !v[0])
		return 0;
	*out = strtod(v, &end);
	return *end == '\0';
}

static void csv_cell(struct buf *b, const char *v, char sep)
{
	/* A leading = + - @ would be a formula in a spreadsheet: quote it with
	 * an apostrophe (CSV injection). */
	int formula = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
	if (!formula && !strchr(v, sep) && !strchr(v, '"') && !strchr(v, '\n') && !strchr(v, '\r')) {
		buf_puts(b, v);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *v; v++) {
		if (*v == '"')
			buf_putc(b, '"');
		buf_putc(b, *v);
	}
	buf_putc(b, '"');
}

int report_csv(struct buf *b, const struct report *r, enum lang lang)
{
	char sep = lang == LANG_NL ? ';' : ',';
	if (lang == LANG_NL)
		buf_puts(b, "\xEF\xBB\xBF");
	for (int c = 0; c < r->ncols; c++) {
		if (c)
			buf_putc(b, sep);
		csv_cell(b, report_label(r, c, lang), sep);
	}
	buf_puts(b, "\r\n");
	for (int i = 0; i < r->nrows; i++) {
		for (int c = 0; c < r->ncols; c++) {
			const char *v = report_cell(r, i, c, lang);
			if (c)
				buf_putc(b, sep);
			double num;
			int numeric = r->numeric[c] || (is_foot(r, i) && c && number_of(v, &num));
			if (numeric && lang == LANG_NL && strchr(v, '.')) {
				/* Dutch decimal comma */
				char tmp[64];
				snprintf(tmp, sizeof(tmp), "%s", v);
				*strchr(tmp, '.') = ',';
				csv_cell(b, tmp, sep);
			} else {
				csv_cell(b, v, sep);
			}
		}
		buf_puts(b, "\r\n");
	}
	return b->failed ? LWP_ENOMEM : 0;
}

static json_t *json_cell(const struct report *r, int row, int c)
{
	const char *v = r->cells[row * r->ncols + c];
	double num;
	if (!v || (r->numeric[c] && !v[0]))
		return json_null();
	if (r->numeric[c] || (is_foot(r, row) && c && number_of(v, &num)))
		return strchr(v, '.') ? json_real(strtod(v, NULL)) : json_integer(strtoll(v, NULL, 10));
	if (strcmp(r->codes[c], "subgroup") == 0)
		return v[0] ? json_string(group_text(r, v, LANG_EN)) : json_null();
	return json_string(v);
}

/* {"report", "total", "columns": [{code, label}], "rows": [...], "totals":
 * [...]} with the codes of kinds, themes and statuses; the total rows'
 * first cell is the English label. */
int report_json(const struct report *r, json_t **out)
{
	json_t *rows = json_array(), *foot = json_array(), *cols = json_array();
	for (int c = 0; cols && c < r->ncols; c++)
		json_array_append_new(cols, json_pack("{s:s, s:s}", "code", r->codes[c], "label",
						      report_label(r, c, LANG_EN)));
	for (int i = 0; rows && foot && i < r->nrows; i++) {
		json_t *o = json_object();
		for (int c = 0; o && c < r->ncols; c++)
			json_object_set_new(o, r->codes[c], json_cell(r, i, c));
		json_array_append_new(is_foot(r, i) ? foot : rows, o);
	}
	*out = rows && foot && cols
	       ? json_pack("{s:s, s:i, s:o, s:o, s:o}", "report", report_kind_code(r->kind), "total",
			   r->total, "columns", cols, "rows", rows, "totals", foot)
	       : NULL;
	if (!*out) {
		json_decref(rows);
		json_decref(foot);
		json_decref(cols);
	}
	return *out ? 0 : LWP_ENOMEM;
}

int report_xlsx(const char *path, const struct report *r, enum lang lang)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return LWP_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *money = workbook_add_format(wb);
	lxw_format *bold_money = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(money, "#,##0.00");
	format_set_num_format(bold_money, "#,##0.00");
	format_set_bold(bold_money);
	int first_number = 1;
	for (int c = r->ncols - 1; c > 0; c--)
		if (r->numeric[c])
			first_number = c;
	for (int c = 0; c < r->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, report_label(r, c, lang), bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, r->numeric[c] ? 14 : 24, NULL);
	}
	for (int i = 0; i < r->nrows; i++) {
		int foot = is_foot(r, i);
		for (int c = 0; c < r->ncols; c++) {
			const char *v = report_cell(r, i, c, lang);
			double num;
			lxw_format *f = r->numeric[c] == 2 ? (foot ? bold_money : money) : foot ? bold : NULL;
			if ((r->numeric[c] || (foot && c)) && number_of(v, &num))
				worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, num, f);
			else if (!r->numeric[c] && v[0])
				worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v, f);
		}
	}
	/* The lists and the diversity end with a total line (participants
	 * counted, or rows) under the first number column; the attendance and
	 * the costs have their totals in their own foot rows. */
	if (r->nfoot == 0) {
		lxw_row_t last = (lxw_row_t)(r->nrows + 2);
		worksheet_write_string(ws, last, 0, i18n_translate(lang, N_("Total")), bold);
		worksheet_write_number(ws, last, (lxw_col_t)first_number, r->total, bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : LWP_EIO;
}
