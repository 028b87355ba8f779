/*
 * The report writers (service/report_files.c) on hand-made reports: the
 * total rows (numbers in text columns, the first cell a msgid), labels
 * that are data (a meeting titled "Present" stays so in Dutch), attendance codes
 * and subgroup cells in the reader's language, the Dutch decimal comma,
 * JSON with rows and totals apart and null for an empty number, and an
 * XLSX file written. The builders need a database: tests/http/test_reports.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "service/reports.h"

static const char *const att_codes[] = {"name", "subgroup", "meeting_7", "meetings_present",
					"rate"};
static const char *const att_labels[] = {"Name", "Subgroup", "Present",
					 "Meetings present", "Attendance rate (%)"};
static const unsigned char att_numeric[] = {0, 0, 0, 1, 1};
static const unsigned char att_verbatim[] = {0, 0, 1, 0, 0};

/* Two participants and one total row. */
static void attendance(struct arena *a, struct report *r)
{
	static const char *cells[] = {
		"Anna", "#2", "partly", "1", "50.0",
		"=Bram", "Rood", "", "0", "",
		"Present", "", "1", "1", "33.3",
	};
	memset(r, 0, sizeof(*r));
	r->kind = REPORT_ATTENDANCE;
	r->ncols = 5;
	r->codes = att_codes;
	r->labels = att_labels;
	r->numeric = att_numeric;
	r->verbatim = att_verbatim;
	r->nrows = 3;
	r->nfoot = 1;
	r->cells = cells;
	r->personal = 1;
	r->total = 2;
	r->arena = a;
}

static void test_csv_dutch(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report r;
	struct buf b;
	attendance(a, &r);
	buf_init(&b, 1u << 20);
	assert_int_equal(report_csv(&b, &r, LANG_NL), 0);
	const char *text = buf_cstr(&b);
	assert_memory_equal(text, "\xEF\xBB\xBF", 3);
	/* Headings in Dutch, the meeting's title as it is. */
	assert_non_null(strstr(text, "Naam;Subgroep;Present;Bijeenkomsten aanwezig;"));
	assert_non_null(strstr(text, "\r\nAnna;Subgroep 2;Deels aanwezig;1;50,0\r\n"));
	/* A formula is quoted; an empty rate stays empty. */
	assert_non_null(strstr(text, "\r\n\"'=Bram\";Rood;;0;\r\n"));
	/* The total row: its label translated, numbers with a decimal comma. */
	assert_non_null(strstr(text, "\r\nAanwezig;;1;1;33,3\r\n"));
	buf_free(&b);
	arena_free(a);
}

static void test_csv_english(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report r;
	struct buf b;
	attendance(a, &r);
	buf_init(&b, 1u << 20);
	assert_int_equal(report_csv(&b, &r, LANG_EN), 0);
	const char *text = buf_cstr(&b);
	assert_int_equal(strncmp(text, "Name,Subgroup,Present,", 22), 0);
	assert_non_null(strstr(text, "\r\nAnna,Subgroup 2,Partly present,1,50.0\r\n"));
	assert_non_null(strstr(text, "\r\nPresent,,1,1,33.3\r\n"));
	assert_string_equal(report_label(&r, 2, LANG_NL), "Present");
	assert_string_equal(report_label(&r, 0, LANG_NL), "Naam");
	buf_free(&b);
	arena_free(a);
}

static void test_json(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report r;
	json_t *doc = NULL;
	attendance(a, &r);
	assert_int_equal(report_json(&r, &doc), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "report")), "attendance");
	json_t *rows = json_object_get(doc, "rows"), *totals = json_object_get(doc, "totals");
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(json_array_size(totals), 1);
	json_t *anna = json_array_get(rows, 0), *bram = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_object_get(anna, "meeting_7")), "partly");
	assert_string_equal(json_string_value(json_object_get(anna, "subgroup")), "Subgroup 2");
	assert_true(json_is_real(json_object_get(anna, "rate")));
	assert_true(json_is_null(json_object_get(bram, "rate")));
	assert_int_equal(json_integer_value(json_object_get(bram, "meetings_present")), 0);
	json_t *t = json_array_get(totals, 0);
	assert_string_equal(json_string_value(json_object_get(t, "name")), "Present");
	/* A number in a text column of a total row is a number. */
	assert_int_equal(json_integer_value(json_object_get(t, "meeting_7")), 1);
	json_t *cols = json_object_get(doc, "columns");
	assert_int_equal(json_array_size(cols), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 2), "code")),
			    "meeting_7");
	json_decref(doc);
	arena_free(a);
}

static void test_xlsx_written(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report r;
	char path[] = "/tmp/lwp-test-report-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	attendance(a, &r);
	assert_int_equal(report_xlsx(path, &r, LANG_NL), 0);
	FILE *f = fopen(path, "rb");
	char head[2] = {0};
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 2, f), 2);
	fclose(f);
	assert_memory_equal(head, "PK", 2);
	unlink(path);
	arena_free(a);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(report_kind_parse("attendance"), REPORT_ATTENDANCE);
	assert_int_equal(report_kind_parse("costs"), REPORT_COSTS);
	assert_int_equal(report_kind_parse("diversity"), REPORT_DIVERSITY);
	assert_int_equal(report_kind_parse("budget"), -1);
	assert_int_equal(report_kind_parse(NULL), -1);
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		assert_int_equal(report_kind_parse(report_kind_code((enum report_kind)k)), k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_dutch),
		cmocka_unit_test(test_csv_english),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_xlsx_written),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
