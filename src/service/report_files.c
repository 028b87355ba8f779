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

const char *report_cell(const struct report *r, int row, int col, enum lang lang)
{
	const char *v = r->cells[row * r->ncols + col];
	const char *code = r->codes[col];
	int k;
	if (!v)
		return "";
	if (r->kind == REPORT_DIVERSITY) {
		const char *dim = r->cells[row * r->ncols];
		if (col == 0)
			return i18n_translate(lang, dimension_label(v));
		if (col == 1 && strcmp(dim, "organisation_kind") == 0 && (k = org_kind_parse(v)) >= 0)
			return i18n_translate(lang, org_kind_label((enum org_kind)k));
		if (col == 1 && strcmp(dim, "theme") == 0 && (k = theme_parse(v)) >= 0)
			return i18n_translate(lang, theme_label((enum theme)k));
		if (col == 1 && strcmp(dim, "parent_organisation") == 0 && !*v)
			return i18n_translate(lang, N_("no parent organisation"));
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
		csv_cell(b, i18n_translate(lang, r->labels[c]), sep);
	}
	buf_puts(b, "\r\n");
	for (int i = 0; i < r->nrows; i++) {
		for (int c = 0; c < r->ncols; c++) {
			const char *v = report_cell(r, i, c, lang);
			if (c)
				buf_putc(b, sep);
			if (r->numeric[c] && lang == LANG_NL && strchr(v, '.')) {
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

int report_json(const struct report *r, json_t **out)
{
	json_t *rows = json_array();
	for (int i = 0; rows && i < r->nrows; i++) {
		json_t *o = json_object();
		for (int c = 0; o && c < r->ncols; c++) {
			const char *v = r->cells[i * r->ncols + c];
			json_t *j = !v ? json_null()
				  : r->numeric[c] && strchr(v, '.') ? json_real(strtod(v, NULL))
				  : r->numeric[c] ? json_integer(strtoll(v, NULL, 10)) : json_string(v);
			json_object_set_new(o, r->codes[c], j);
		}
		json_array_append_new(rows, o);
	}
	*out = rows ? json_pack("{s:s, s:i, s:o}", "report", report_kind_code(r->kind), "total",
				r->total, "rows", rows) : NULL;
	return *out ? 0 : LWP_ENOMEM;
}

int report_xlsx(const char *path, const struct report *r, enum lang lang)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return LWP_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int c = 0; c < r->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, i18n_translate(lang, r->labels[c]), bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, r->numeric[c] ? 12 : 24, NULL);
	}
	for (int i = 0; i < r->nrows; i++)
		for (int c = 0; c < r->ncols; c++) {
			const char *v = report_cell(r, i, c, lang);
			if (r->numeric[c])
				worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, strtod(v, NULL), NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v, NULL);
		}
	/* The total: participants counted (diversity) or rows (lists). */
	lxw_row_t last = (lxw_row_t)(r->nrows + 2);
	worksheet_write_string(ws, last, 0, i18n_translate(lang, N_("Total")), bold);
	worksheet_write_number(ws, last, 1, r->total, bold);
	worksheet_freeze_panes(ws, 1, 0);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : LWP_EIO;
}
