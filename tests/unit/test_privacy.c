/*
 * The privacy classification (store/privacy_schema.c) is consistent: every
 * personal column has a link, a category and an erasure its link can do;
 * every literal is there when needed; no column twice; every backed-up
 * column is classified. The HTTP test test_privacy.py compares it with the
 * live schema; this one catches a wrong entry before any database runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/backup.h"
#include "store/privacy_schema.h"

static void test_links_and_erasures(void **state)
{
	(void)state;
	for (int i = 0; i < privacy_column_count; i++) {
		const struct pd_column *c = &privacy_columns[i];
		int personal = c->erase != PE_NONE;
		assert_true(c->link >= -1 && c->link < privacy_link_count);
		if (c->link >= 0)
			assert_string_equal(privacy_links[c->link].table, c->table);
		if (!personal)
			continue;
		assert_non_null(c->category);
		assert_true(c->link >= 0);
		const struct pd_link *k = &privacy_links[c->link];
		if (c->erase == PE_ROW)
			assert_int_equal(k->rows, PR_DELETE);
		if (c->erase == PE_SET || c->erase == PE_PSEUDONYM || c->erase == PE_UNIQUE)
			assert_int_equal(k->rows, PR_ANONYMISE);
		if (c->erase == PE_SET)
			assert_non_null(c->value);
		if (c->keep == PK_NETWORK)
			assert_non_null(k->network_kept);
		if (c->keep == PK_TAX)
			assert_non_null(k->tax_kept);
	}
}

static void test_links_have_binds(void **state)
{
	(void)state;
	for (int l = 0; l < privacy_link_count; l++) {
		const struct pd_link *k = &privacy_links[l];
		int marks = 0;
		for (const char *s = k->whose; *s; s++)
			marks += *s == '?';
		assert_int_equal(marks, (int)strlen(k->binds));
		assert_non_null(k->purpose);
		assert_non_null(k->retention);
		if (k->per_application)
			assert_non_null(strchr(k->per_application, '?'));
	}
}

static void test_no_column_twice(void **state)
{
	(void)state;
	for (int i = 0; i < privacy_column_count; i++)
		for (int j = i + 1; j < privacy_column_count; j++)
			assert_false(strcmp(privacy_columns[i].table, privacy_columns[j].table) == 0 &&
				     strcmp(privacy_columns[i].column, privacy_columns[j].column) == 0);
}

/* Every table and column the backup knows is classified (the backup knows
 * every table but the bookkeeping ones, which are classified too). */
static void test_backup_columns_classified(void **state)
{
	(void)state;
	for (int t = 0; t < backup_table_count(); t++)
		for (int c = 0; c < backup_column_count(t); c++) {
			const char *table = backup_table_name(t), *column = backup_column_name(t, c);
			if (!privacy_column_find(table, column))
				fail_msg("%s.%s is not in privacy_schema.c", table, column);
		}
	assert_non_null(privacy_column_find("rate_limits", "bucket"));
	assert_null(privacy_column_find("people", "no_such_column"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_links_and_erasures),
		cmocka_unit_test(test_links_have_binds),
		cmocka_unit_test(test_no_column_twice),
		cmocka_unit_test(test_backup_columns_classified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
