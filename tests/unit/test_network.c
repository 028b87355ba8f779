/* Unit tests of domain/network.c: who may see an initiative, the fields'
 * rules, how lessons travelled (chains and the longest path, cycles
 * ignored) and quarters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/network.h"

static void test_visibility(void **state)
{
	(void)state;
	struct network_viewer pub = {0, 0, 0}, member = {1, 0, 5}, mod = {1, 1, 6};
	assert_true(network_can_see(&pub, VIS_PUBLIC, INIT_PUBLISHED, 0));
	assert_false(network_can_see(&pub, VIS_NETWORK, INIT_PUBLISHED, 0));
	assert_true(network_can_see(&member, VIS_NETWORK, INIT_PUBLISHED, 0));
	assert_false(network_can_see(&member, VIS_PRIVATE, INIT_PUBLISHED, 0));
	assert_true(network_can_see(&member, VIS_PRIVATE, INIT_PUBLISHED, 1));
	assert_true(network_can_see(&pub, VIS_PRIVATE, INIT_PENDING_EMAIL, 1));
	for (int s = INIT_PENDING_EMAIL; s <= INIT_PENDING_OWNER; s++)
		assert_false(network_can_see(&mod, VIS_PUBLIC, (enum initiative_status)s, 0));
	assert_false(network_can_see(&member, VIS_PUBLIC, INIT_HIDDEN, 0));
	assert_true(network_can_see(&mod, VIS_PUBLIC, INIT_HIDDEN, 0));
	assert_false(network_can_see(&mod, VIS_PRIVATE, INIT_HIDDEN, 0));
}

static void test_codes(void **state)
{
	(void)state;
	for (int v = 0; v < VIS_COUNT; v++)
		assert_int_equal(visibility_parse(visibility_code((enum initiative_visibility)v)), v);
	for (int s = 0; s < INIT_STATUS_COUNT; s++)
		assert_int_equal(initiative_status_parse(initiative_status_code((enum initiative_status)s)), s);
	for (int k = 0; k < CONN_KIND_COUNT; k++)
		assert_int_equal(connection_kind_parse(connection_kind_code((enum connection_kind)k)), k);
	assert_int_equal(visibility_parse("secret"), -1);
	assert_int_equal(connection_kind_parse(NULL), -1);
}

static void test_validate(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct initiative_input in = {
		.title = arena_strdup(a, "  Teams  aan het roer "),
		.organisation = arena_strdup(a, "Belastingdienst"),
		.organisation_kind = arena_strdup(a, "agency"),
		.theme = arena_strdup(a, "new_organising"),
		.summary = arena_strdup(a, "Klantteams krijgen de regie."),
		.tags = arena_strdup(a, "zelfsturing, teams"),
	};
	struct field_errors fe = {0};
	initiative_normalise(&in, a);
	assert_string_equal(in.title, "Teams aan het roer");
	assert_string_equal(in.stage, "started");
	assert_string_equal(in.visibility, "network");
	assert_int_equal(initiative_validate(&in, &fe), 0);
	in.theme = (char *)"anders";
	in.visibility = (char *)"secret";
	in.tags = (char *)"a,b,c,d,e,f,g,h,i,j,k";
	in.summary = NULL;
	assert_int_equal(initiative_validate(&in, &fe), 4);
	assert_non_null(field_errors_get(&fe, "theme"));
	assert_non_null(field_errors_get(&fe, "visibility"));
	assert_non_null(field_errors_get(&fe, "tags"));
	assert_non_null(field_errors_get(&fe, "summary"));
	struct field_errors pe = {0};
	assert_int_equal(initiative_person_validate("Olga", "geen-adres", "owner", &pe), 1);
	assert_non_null(field_errors_get(&pe, "owner_email"));
	assert_int_equal(initiative_person_validate("Olga", "olga@example.nl", NULL, &pe), 0);
	arena_free(a);
}

static void test_lessons(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* 2 inspired by 1, 3 by 2, 4 learned from 3: a chain 1 -> 2 -> 3 -> 4;
	 * 6 inspired by 5; 7 similar to 8 does not count; 9 <-> 10 a cycle */
	const struct network_edge e[] = {
		{2, 1, CONN_INSPIRED_BY}, {3, 2, CONN_INSPIRED_BY}, {4, 3, CONN_LEARNED_FROM},
		{3, 1, CONN_INSPIRED_BY}, {6, 5, CONN_INSPIRED_BY}, {7, 8, CONN_SIMILAR},
		{7, 8, CONN_WORKS_WITH}, {9, 10, CONN_LEARNED_FROM}, {10, 9, CONN_LEARNED_FROM},
	};
	struct network_lessons l;
	assert_int_equal(network_lessons(a, e, sizeof(e) / sizeof(e[0]), &l), 0);
	assert_int_equal(l.edges, 7);
	assert_int_equal(l.chains, 3);
	assert_int_equal(l.longest, 3);
	assert_int_equal(network_lessons(a, e, 0, &l), 0);
	assert_int_equal(l.chains + l.longest + l.edges, 0);
	arena_free(a);
}

static void test_quarter(void **state)
{
	(void)state;
	char q[8];
	network_quarter(1522576800, q); /* 2018-04-01 */
	assert_string_equal(q, "2018-Q2");
	network_quarter(1798675199, q); /* 2026-12-31 23:59:59 UTC */
	assert_string_equal(q, "2026-Q4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visibility), cmocka_unit_test(test_codes),
		cmocka_unit_test(test_validate), cmocka_unit_test(test_lessons),
		cmocka_unit_test(test_quarter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
