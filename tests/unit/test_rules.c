/*
 * Unit tests of src/domain/rules.h: places left and what the public is told
 * about them, the deadline, the initial status, and the validation of
 * applications and editions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "domain/model.h"
#include "domain/rules.h"

static struct edition edition_with(int capacity, int accepted)
{
	struct edition e;
	memset(&e, 0, sizeof(e));
	e.capacity = capacity;
	e.accepted = accepted;
	e.status = EDITION_OPEN;
	return e;
}

/* ---- places and availability -------------------------------------------- */

static void test_places_left(void **state)
{
	(void)state;
	struct edition e = edition_with(20, 0);
	assert_int_equal(edition_places_left(&e), 20);
	e.accepted = 19;
	assert_int_equal(edition_places_left(&e), 1);
	e.accepted = 20;
	assert_int_equal(edition_places_left(&e), 0);
	e.accepted = 25; /* over-accepted by a lead: never negative */
	assert_int_equal(edition_places_left(&e), 0);
	e = edition_with(0, 0);
	assert_int_equal(edition_places_left(&e), 0);
}

static void test_availability_capacity_20(void **state)
{
	(void)state;
	struct edition e = edition_with(20, 0);
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);
	e.accepted = 15; /* 5 left: exactly a quarter, more than a fifth */
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);
	e.accepted = 16; /* 4 left: a fifth */
	assert_int_equal(edition_availability(&e), AVAILABILITY_FEW);
	e.accepted = 19;
	assert_int_equal(edition_availability(&e), AVAILABILITY_FEW);
	e.accepted = 20;
	assert_int_equal(edition_availability(&e), AVAILABILITY_FULL);
	e.accepted = 21;
	assert_int_equal(edition_availability(&e), AVAILABILITY_FULL);
}

static void test_availability_small(void **state)
{
	(void)state;
	struct edition e = edition_with(3, 0);
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);
	e.accepted = 2; /* 1 of 3 left is more than a fifth */
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);
	e.accepted = 3;
	assert_int_equal(edition_availability(&e), AVAILABILITY_FULL);

	e = edition_with(1, 0);
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);
	e.accepted = 1;
	assert_int_equal(edition_availability(&e), AVAILABILITY_FULL);

	e = edition_with(10, 8); /* 2 of 10 left: a fifth */
	assert_int_equal(edition_availability(&e), AVAILABILITY_FEW);
	e.accepted = 7;
	assert_int_equal(edition_availability(&e), AVAILABILITY_OPEN);

	e = edition_with(0, 0);
	assert_int_equal(edition_availability(&e), AVAILABILITY_FULL);
}

/* ---- accepting applications --------------------------------------------- */

static void test_accepts_applications(void **state)
{
	(void)state;
	struct edition e = edition_with(20, 0);
	e.deadline = 1510786740;
	assert_int_equal(edition_accepts_applications(&e, 1510786740 - 86400), 0);
	assert_int_equal(edition_accepts_applications(&e, 1510786740), 0);
	assert_int_equal(edition_accepts_applications(&e, 1510786741), LWP_EDEADLINE);
	e.status = EDITION_DRAFT;
	assert_int_equal(edition_accepts_applications(&e, 0), LWP_ENOTFOUND);
	assert_false(edition_is_published(&e));
	static const enum edition_status closed[] = {
		EDITION_CLOSED, EDITION_SELECTED, EDITION_RUNNING,
		EDITION_NETWORK, EDITION_FINISHED,
	};
	for (size_t i = 0; i < sizeof(closed) / sizeof(closed[0]); i++) {
		e.status = closed[i];
		assert_int_equal(edition_accepts_applications(&e, 0), LWP_ECLOSED);
		assert_int_equal(edition_availability_at(&e, 0), AVAILABILITY_CLOSED);
		/* after the deadline the deadline is the reason, whatever the status */
		assert_int_equal(edition_accepts_applications(&e, 1510786741), LWP_EDEADLINE);
		assert_int_equal(edition_availability_at(&e, 1510786741), AVAILABILITY_DEADLINE_PASSED);
		assert_true(edition_is_published(&e));
	}
	assert_string_equal(availability_code(AVAILABILITY_DEADLINE_PASSED), "deadline_passed");
	assert_string_equal(availability_code(AVAILABILITY_CLOSED), "closed");
	/* A full edition still accepts applications (waiting list). */
	e = edition_with(20, 20);
	e.deadline = 1510786740;
	assert_int_equal(edition_accepts_applications(&e, 1510786740), 0);
}

static void test_initial_status(void **state)
{
	(void)state;
	struct edition e = edition_with(3, 0);
	e.policy = POLICY_FCFS;
	assert_int_equal(application_initial_status(&e, 0, 0), APP_ACCEPTED);
	assert_int_equal(application_initial_status(&e, 2, 0), APP_ACCEPTED);
	assert_int_equal(application_initial_status(&e, 3, 0), APP_WAITLISTED);
	assert_int_equal(application_initial_status(&e, 4, 0), APP_WAITLISTED);
	/* No organisation cap: any number from the same organisation. */
	assert_int_equal(application_initial_status(&e, 2, 2), APP_ACCEPTED);
	/* Under an organisation cap of 1. */
	e.org_cap = 1;
	assert_int_equal(application_initial_status(&e, 1, 0), APP_ACCEPTED);
	assert_int_equal(application_initial_status(&e, 1, 1), APP_WAITLISTED);
	assert_int_equal(application_initial_status(&e, 3, 0), APP_WAITLISTED);
	e.policy = POLICY_DIVERSITY;
	assert_int_equal(application_initial_status(&e, 0, 0), APP_SUBMITTED);
	assert_int_equal(application_initial_status(&e, 3, 0), APP_SUBMITTED);
	assert_int_equal(application_initial_status(&e, 99, 5), APP_SUBMITTED);
}

/* ---- applications ------------------------------------------------------- */

/* Field values live in a struct of arrays so that tests can edit them. */
struct fixture {
	char name[64], email[64], organisation[64], kind[32], function[64];
	char title[64], theme[32], motivation[64], question[64];
	struct application_input in;
};

static void fixture_fill(struct fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	strcpy(fx->name, "Jan de Vries");
	strcpy(fx->email, "jan.devries@minbzk.nl");
	strcpy(fx->organisation, "Ministerie van BZK");
	strcpy(fx->kind, "ministry");
	strcpy(fx->function, "Programmamanager");
	strcpy(fx->title, "Anders organiseren");
	strcpy(fx->theme, "both");
	strcpy(fx->motivation, "Omdat het moet.\nEn omdat het kan.");
	strcpy(fx->question, "Hoe begin ik?");
	fx->in.name = fx->name;
	fx->in.email = fx->email;
	fx->in.organisation = fx->organisation;
	fx->in.organisation_kind = fx->kind;
	fx->in.function = fx->function;
	fx->in.initiative_title = fx->title;
	fx->in.theme = fx->theme;
	fx->in.motivation = fx->motivation;
	fx->in.question = fx->question;
	fx->in.eligible = 1;
	fx->in.consent = 1;
}

static int setup_fixture(void **state)
{
	static struct fixture fx;
	fixture_fill(&fx);
	*state = &fx;
	return 0;
}

/* Validate and return the message for field (NULL when it passed), with
 * the other fields known to be fine. */
static const char *error_for(const struct application_input *in, const char *field)
{
	static struct field_errors fe;
	memset(&fe, 0, sizeof(fe));
	application_validate(in, &fe);
	for (int i = 0; i < fe.n; i++)
		if (strcmp(fe.items[i].field, field) != 0)
			fail_msg("unexpected error on %s: %s", fe.items[i].field,
				 fe.items[i].msg);
	return field_errors_get(&fe, field);
}

static void test_validate_valid(void **state)
{
	struct fixture *fx = *state;
	struct field_errors fe = {0};
	assert_int_equal(application_validate(&fx->in, &fe), 0);
	assert_int_equal(fe.n, 0);
	/* All optional fields filled in. */
	char summary[] = "Eerste alinea.\r\n\r\nTweede alinea.";
	char phone[] = "+31 (0)70 123-4567";
	char tags[] = "zelforganisatie, wendbaarheid,agile";
	char lang[] = "en";
	char address[] = "Postbus 20011\n2500 EA Den Haag";
	fx->in.initiative_summary = summary;
	fx->in.phone = phone;
	fx->in.tags = tags;
	fx->in.lang = lang;
	fx->in.billing_address = address;
	assert_int_equal(application_validate(&fx->in, &fe), 0);
}

static void test_validate_all_missing(void **state)
{
	(void)state;
	struct application_input in;
	memset(&in, 0, sizeof(in));
	struct field_errors fe = {0};
	static const char *const required[] = {
		"name", "email", "organisation", "organisation_kind", "function",
		"initiative_title", "theme", "motivation", "question",
		"eligible", "consent",
	};
	size_t n = sizeof(required) / sizeof(required[0]);
	assert_int_equal(application_validate(&in, &fe), (int)n);
	assert_int_equal(fe.n, (int)n);
	for (size_t i = 0; i < n; i++)
		if (!field_errors_get(&fe, required[i]))
			fail_msg("no error for %s", required[i]);
	/* Empty strings count as missing too. */
	char empty[] = "";
	in.name = in.email = in.organisation = in.organisation_kind = empty;
	in.function = in.initiative_title = in.theme = in.motivation = empty;
	in.question = empty;
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(application_validate(&in, &fe), (int)n);
}

static void test_validate_email(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = {
		"a@b", "a@@b.nl", "a b@c.nl", "a@-b.nl", "a@b..nl",
		"x@y.nl\r\nBcc: z@w.nl", "x@y.nl\nBcc: z@w.nl", "@b.nl", "a@",
		"a@.b.nl", "a@b.nl.", "a@b-.nl", "a@b.n", "a@b_c.nl", ".a@b.nl",
		"a.@b.nl", "a..b@c.nl", "a<b>@c.nl", "a\"b@c.nl", "a,b@c.nl",
		"jan@exampl\xC3\xA9.nl", "j\xC3\xA9@example.nl", "a@b.nl\t",
		"a@b.n-l-", "plainaddress",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (email_valid(bad[i]))
			fail_msg("email_valid accepted \"%s\"", bad[i]);
		fx->in.email = (char *)bad[i];
		assert_non_null(error_for(&fx->in, "email"));
	}
	static const char *const good[] = {
		"a@b.nl", "jan.de.vries@minbzk.nl", "j+tag@sub.example.org",
		"o'brien@example.ie", "x-y_z@a-b.example.com", "A@B.NL",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!email_valid(good[i]))
			fail_msg("email_valid refused \"%s\"", good[i]);
		fx->in.email = (char *)good[i];
		assert_null(error_for(&fx->in, "email"));
	}
}

static void test_email_lengths(void **state)
{
	(void)state;
	char s[300];
	/* Local part: 64 allowed, 65 not. */
	memset(s, 'a', 64);
	strcpy(s + 64, "@b.nl");
	assert_true(email_valid(s));
	memset(s, 'a', 65);
	strcpy(s + 65, "@b.nl");
	assert_false(email_valid(s));
	/* Domain label: 63 allowed, 64 not. */
	strcpy(s, "a@");
	memset(s + 2, 'b', 63);
	strcpy(s + 65, ".nl");
	assert_true(email_valid(s));
	strcpy(s, "a@");
	memset(s + 2, 'b', 64);
	strcpy(s + 66, ".nl");
	assert_false(email_valid(s));
	/* Whole address: 254 allowed, 255 not. */
	size_t o;
	memset(s, 0, sizeof(s));
	strcpy(s, "a@");
	for (o = 2; o < 240; o += 10)
		memcpy(s + o, "ccccccccc.", 10);
	memset(s + o, 'd', 254 - o);
	s[254] = '\0';
	assert_int_equal(strlen(s), 254);
	assert_true(email_valid(s));
	s[254] = 'd';
	s[255] = '\0';
	assert_false(email_valid(s));
}

static void test_validate_name(void **state)
{
	struct fixture *fx = *state;
	char s[512];
	strcpy(s, "Jan\r\nBcc: x@y.nl");
	fx->in.name = s;
	assert_non_null(error_for(&fx->in, "name"));
	strcpy(s, "Jan\nde Vries");
	assert_non_null(error_for(&fx->in, "name"));
	strcpy(s, "Jan\rde Vries");
	assert_non_null(error_for(&fx->in, "name"));
	strcpy(s, "Jan\tde Vries");
	assert_non_null(error_for(&fx->in, "name"));
	strcpy(s, "Jan \xE2\x80\xAE" "seirV");
	assert_non_null(error_for(&fx->in, "name"));
	strcpy(s, "Jan \xC0\xAF");
	assert_non_null(error_for(&fx->in, "name"));
	/* 100 characters allowed, counted in characters, not bytes. */
	memset(s, 'x', 100);
	s[100] = '\0';
	assert_null(error_for(&fx->in, "name"));
	s[100] = 'x';
	s[101] = '\0';
	assert_non_null(error_for(&fx->in, "name"));
	for (int i = 0; i < 100; i++)
		memcpy(s + 2 * i, "\xC3\xA9", 2);
	s[200] = '\0';
	assert_null(error_for(&fx->in, "name"));
	memcpy(s + 200, "\xC3\xA9", 3);
	assert_non_null(error_for(&fx->in, "name"));
}

static void test_validate_lengths(void **state)
{
	struct fixture *fx = *state;
	static char s[5000];
	static const struct {
		size_t offset;
		const char *field;
		size_t max;
	} limits[] = {
		{offsetof(struct application_input, organisation), "organisation", 150},
		{offsetof(struct application_input, function), "function", 100},
		{offsetof(struct application_input, initiative_title), "initiative_title", 150},
		{offsetof(struct application_input, initiative_summary), "initiative_summary", 2000},
		{offsetof(struct application_input, motivation), "motivation", 4000},
		{offsetof(struct application_input, question), "question", 2000},
		{offsetof(struct application_input, billing_contact), "billing_contact", 100},
		{offsetof(struct application_input, billing_address), "billing_address", 400},
		{offsetof(struct application_input, billing_reference), "billing_reference", 60},
		{offsetof(struct application_input, residential_needs), "residential_needs", 1000},
	};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		struct fixture copy = *fx;
		char **slot = (char **)((char *)&copy.in + limits[i].offset);
		memset(s, 'y', limits[i].max + 1);
		s[limits[i].max] = '\0';
		*slot = s;
		if (error_for(&copy.in, limits[i].field))
			fail_msg("%s of %zu refused", limits[i].field, limits[i].max);
		s[limits[i].max] = 'y';
		s[limits[i].max + 1] = '\0';
		if (!error_for(&copy.in, limits[i].field))
			fail_msg("%s of %zu accepted", limits[i].field, limits[i].max + 1);
	}
}

static void test_validate_multiline(void **state)
{
	struct fixture *fx = *state;
	char s[64];
	strcpy(s, "line one\r\nline two\n\ttabbed");
	fx->in.motivation = s;
	assert_null(error_for(&fx->in, "motivation"));
	strcpy(s, "lone\rcr");
	assert_non_null(error_for(&fx->in, "motivation"));
	strcpy(s, "nul\x01");
	assert_non_null(error_for(&fx->in, "motivation"));
}

static void test_validate_phone(void **state)
{
	struct fixture *fx = *state;
	static const char *const good[] = {
		"123456", "+31 70 123 4567", "(070) 123-4567", "123456789012345",
		"+31 (0)6 1234 5678",
	};
	static const char *const bad[] = {
		"12345", "1234567890123456", "070 123 4567 ext 2", "070/1234567",
		"+31 6 12345678 \xE2\x80\xAE", "070\n1234567", "06-12.34.56.78",
		"1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6", /* 31 characters */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fx->in.phone = (char *)good[i];
		if (error_for(&fx->in, "phone"))
			fail_msg("phone \"%s\" refused", good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx->in.phone = (char *)bad[i];
		if (!error_for(&fx->in, "phone"))
			fail_msg("phone \"%s\" accepted", bad[i]);
	}
	fx->in.phone = NULL;
	assert_null(error_for(&fx->in, "phone"));
}

static void test_validate_tags(void **state)
{
	struct fixture *fx = *state;
	char s[512];
	strcpy(s, "a,b,c,d,e,f,g,h,i,j");
	fx->in.tags = s;
	assert_null(error_for(&fx->in, "tags"));
	strcpy(s, "a,b,c,d,e,f,g,h,i,j,k");
	assert_non_null(error_for(&fx->in, "tags"));
	/* One tag of 40 characters (multi-byte) is fine, 41 is not. */
	for (int i = 0; i < 40; i++)
		memcpy(s + 2 * i, "\xC3\xA9", 2);
	strcpy(s + 80, ",kort");
	assert_null(error_for(&fx->in, "tags"));
	memset(s, 'x', 41);
	strcpy(s + 41, ",kort");
	assert_non_null(error_for(&fx->in, "tags"));
	strcpy(s, "kort,");
	memset(s + 5, 'x', 41);
	s[46] = '\0';
	assert_non_null(error_for(&fx->in, "tags"));
	strcpy(s, "a\nb");
	assert_non_null(error_for(&fx->in, "tags"));
}

static void test_validate_choices(void **state)
{
	struct fixture *fx = *state;
	char s[32];
	strcpy(s, "bogus");
	fx->in.organisation_kind = s;
	assert_non_null(error_for(&fx->in, "organisation_kind"));
	fx->in.organisation_kind = fx->kind;
	fx->in.theme = s;
	assert_non_null(error_for(&fx->in, "theme"));
	fx->in.theme = fx->theme;
	fx->in.lang = s;
	assert_non_null(error_for(&fx->in, "lang"));
	strcpy(s, "nl");
	assert_null(error_for(&fx->in, "lang"));
	fx->in.lang = NULL;
	fx->in.eligible = 0;
	assert_non_null(error_for(&fx->in, "eligible"));
	fx->in.eligible = 1;
	fx->in.consent = 0;
	assert_non_null(error_for(&fx->in, "consent"));
	fx->in.consent = 1;
	fx->in.consent_directory = 0; /* optional */
	assert_null(error_for(&fx->in, "consent_directory"));
}

static void test_normalise(void **state)
{
	(void)state;
	char name[] = "  Jan  de Vries \t\r\n";
	char email[] = "\tjan@example.nl ";
	char phone[] = "   ";
	char tags[] = "";
	char motivation[] = "\n\nEerste regel.\n\nTweede.\n";
	struct application_input in;
	memset(&in, 0, sizeof(in));
	in.name = name;
	in.email = email;
	in.phone = phone;
	in.tags = tags;
	in.motivation = motivation;
	struct arena *a = arena_new();
	assert_non_null(a);
	application_normalise(&in, a);
	assert_string_equal(in.name, "Jan de Vries"); /* white space folded */
	assert_string_equal(in.email, "jan@example.nl");
	assert_null(in.phone);
	assert_null(in.tags);
	assert_string_equal(in.motivation, "Eerste regel.\n\nTweede.");
	assert_null(in.question);
	assert_null(in.lang);
	arena_free(a);
}

/* Look-alikes of one organisation name have one key; invisible-only text
 * normalises to nothing, so a required field of it is refused. */
static void test_look_alikes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	const char *variants[] = {
		"Gemeente Testdorp", "Gemeente\xC2\xA0Testdorp",          /* no-break space */
		"Gemeente \xE2\x80\x8BTestdorp",                        /* zero-width space */
		"Gemeente Test\xC2\xAD" "dorp",                             /* soft hyphen */
		"\xEF\xBB\xBFGemeente Testdorp",                        /* BOM */
		"Gemeente \xEF\xBC\xB4\xEF\xBD\x85\xEF\xBD\x93\xEF\xBD\x94" "dorp", /* full width */
		"GEMEENTE   testdorp ",
		"Gemeente\xE2\x80\x83Testdorp",                         /* em space */
		"Gemeente Testdorp\xE2\x81\xA0",                        /* word joiner */
	};
	const char *key = name_key(a, variants[0]);
	assert_string_equal(key, "gemeente testdorp");
	for (size_t i = 1; i < sizeof(variants) / sizeof(variants[0]); i++) {
		assert_string_equal(name_key(a, variants[i]), key);
	}
	assert_string_not_equal(name_key(a, "Gemeente Testdorp-Oost"), key);
	/* a name that is only invisible characters is no name */
	char zw[] = "\xE2\x80\x8B\xC2\xAD\xEF\xBB\xBF";
	char nbsp[] = "Jan\xC2\xA0" "de\xC2\xA0Vries";
	char free_text[] = "Regel 1\r\nRegel\xE2\x80\x8B 2\r\n\r\n  ingesprongen\r\n";
	struct application_input in;
	memset(&in, 0, sizeof(in));
	in.name = zw;
	in.organisation = nbsp;
	in.motivation = free_text;
	application_normalise(&in, a);
	assert_null(in.name);
	assert_string_equal(in.organisation, "Jan de Vries");
	assert_string_equal(in.motivation, "Regel 1\nRegel 2\n\n  ingesprongen");
	struct field_errors fe = {0};
	application_validate(&in, &fe);
	assert_non_null(field_errors_get(&fe, "name"));
	arena_free(a);
}

static void test_field_errors(void **state)
{
	(void)state;
	struct field_errors fe = {0};
	field_errors_add(&fe, "name", "first");
	field_errors_add(&fe, "name", "second"); /* one message per field */
	assert_int_equal(fe.n, 1);
	assert_string_equal(field_errors_get(&fe, "name"), "first");
	assert_null(field_errors_get(&fe, "email"));
	char names[FIELD_ERRORS_MAX + 5][16];
	for (int i = 0; i < FIELD_ERRORS_MAX + 5; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d", i);
		field_errors_add(&fe, names[i], "m");
	}
	assert_int_equal(fe.n, FIELD_ERRORS_MAX);
}

static void test_keys(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(email_key(a, "Jan.De.Vries@MinBZK.NL"), "jan.de.vries@minbzk.nl");
	assert_string_equal(email_key(a, "a@b.nl"), "a@b.nl");
	assert_string_equal(name_key(a, "  Ministerie   van\tBZK  "), "ministerie van bzk");
	assert_string_equal(name_key(a, "Gemeente Den Haag"), "gemeente den haag");
	assert_string_equal(name_key(a, "gemeente den haag"), "gemeente den haag");
	assert_string_equal(name_key(a, ""), "");
	assert_string_equal(name_key(a, "   "), "");
	/* Non-ASCII bytes are kept as they are. */
	assert_string_equal(name_key(a, "Caf\xC3\xA9 Z"), "caf\xC3\xA9 z");
	arena_free(a);
}

static void test_slug_valid(void **state)
{
	(void)state;
	char s[80];
	assert_true(slug_valid("lwp-2018"));
	assert_true(slug_valid("a"));
	assert_true(slug_valid("0"));
	assert_false(slug_valid(""));
	assert_false(slug_valid(NULL));
	assert_false(slug_valid("-lwp"));
	assert_false(slug_valid("LWP"));
	assert_false(slug_valid("lwp_2018"));
	assert_false(slug_valid("lwp 2018"));
	assert_false(slug_valid("lwp/2018"));
	assert_false(slug_valid("../x"));
	assert_false(slug_valid("caf\xC3\xA9"));
	memset(s, 'a', 64);
	s[64] = '\0';
	assert_true(slug_valid(s));
	s[64] = 'a';
	s[65] = '\0';
	assert_false(slug_valid(s));
}

static struct edition valid_edition(void)
{
	struct edition e = edition_with(20, 0);
	e.slug = (char *)"lwp-2018";
	e.title = (char *)"Leiderschap in wendbaarheid en participatie 2018";
	e.description = (char *)"Een jaar lang.\n\nMet begeleiding.";
	e.starts_on = (char *)"2018-01-25";
	e.ends_on = (char *)"2018-12-13";
	e.fee_cents = 150000;
	e.accommodation_cents = 12500;
	e.guided_months = 12;
	e.location = (char *)"Den Haag";
	e.contact_name = (char *)"Jan de Vries";
	e.contact_email = (char *)"lwp@example.nl";
	return e;
}

static const char *edition_error(const struct edition *e, const char *field)
{
	static struct field_errors fe;
	memset(&fe, 0, sizeof(fe));
	edition_validate(e, &fe);
	for (int i = 0; i < fe.n; i++)
		if (strcmp(fe.items[i].field, field) != 0)
			fail_msg("unexpected error on %s: %s", fe.items[i].field,
				 fe.items[i].msg);
	return field_errors_get(&fe, field);
}

static void test_edition_validate(void **state)
{
	(void)state;
	struct edition e = valid_edition();
	struct field_errors fe = {0};
	assert_int_equal(edition_validate(&e, &fe), 0);
	e.starts_on = e.ends_on = NULL;
	e.description = e.location = e.contact_name = e.contact_email = NULL;
	assert_int_equal(edition_validate(&e, &fe), 0);

	e = valid_edition();
	e.slug = (char *)"Bad Slug";
	assert_non_null(edition_error(&e, "slug"));
	e = valid_edition();
	e.title = NULL;
	assert_non_null(edition_error(&e, "title"));
	e.title = (char *)"Two\nlines";
	assert_non_null(edition_error(&e, "title"));
	e = valid_edition();
	e.description = (char *)"Lone\rCR";
	assert_non_null(edition_error(&e, "description"));

	e = valid_edition();
	e.capacity = 0;
	assert_non_null(edition_error(&e, "capacity"));
	e.capacity = 1001;
	assert_non_null(edition_error(&e, "capacity"));
	e.capacity = 1000;
	assert_null(edition_error(&e, "capacity"));
	e.capacity = 1;
	assert_null(edition_error(&e, "capacity"));

	e = valid_edition();
	e.org_cap = -1;
	assert_non_null(edition_error(&e, "org_cap"));
	e.org_cap = 0;
	assert_null(edition_error(&e, "org_cap"));
	e.fee_cents = -1;
	assert_non_null(edition_error(&e, "fee"));
	e.fee_cents = 100000000;
	assert_null(edition_error(&e, "fee"));
	e.fee_cents = 100000001;
	assert_non_null(edition_error(&e, "fee"));
	e = valid_edition();
	e.accommodation_cents = -5;
	assert_non_null(edition_error(&e, "accommodation"));
	e = valid_edition();
	e.guided_months = 37;
	assert_non_null(edition_error(&e, "guided_months"));

	e = valid_edition();
	e.starts_on = (char *)"2018-02-30";
	assert_non_null(edition_error(&e, "starts_on"));
	e = valid_edition();
	e.ends_on = (char *)"13-12-2018";
	assert_non_null(edition_error(&e, "ends_on"));
	e = valid_edition();
	e.ends_on = (char *)"2018-01-24"; /* before the start */
	assert_non_null(edition_error(&e, "ends_on"));
	e.ends_on = (char *)"2018-01-25"; /* one-day edition */
	assert_null(edition_error(&e, "ends_on"));

	e = valid_edition();
	e.contact_email = (char *)"lwp@@example.nl";
	assert_non_null(edition_error(&e, "contact_email"));
	e = valid_edition();
	char long_location[300];
	memset(long_location, 'l', 201);
	long_location[201] = '\0';
	e.location = long_location;
	assert_non_null(edition_error(&e, "location"));
}

static void test_codes(void **state)
{
	(void)state;
	for (int k = 0; k < ORG_KIND_COUNT; k++)
		assert_int_equal(org_kind_parse(org_kind_code((enum org_kind)k)), k);
	for (int t = 0; t < THEME_COUNT; t++)
		assert_int_equal(theme_parse(theme_code((enum theme)t)), t);
	for (int s = 0; s < APP_STATUS_COUNT; s++)
		assert_int_equal(app_status_parse(app_status_code((enum app_status)s)), s);
	assert_int_equal(org_kind_parse("Ministry"), -1);
	assert_int_equal(theme_parse(NULL), -1);
	assert_string_equal(org_kind_code(ORG_KIND_COUNT), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places_left),
		cmocka_unit_test(test_availability_capacity_20),
		cmocka_unit_test(test_availability_small),
		cmocka_unit_test(test_accepts_applications),
		cmocka_unit_test(test_initial_status),
		cmocka_unit_test_setup(test_validate_valid, setup_fixture),
		cmocka_unit_test(test_validate_all_missing),
		cmocka_unit_test_setup(test_validate_email, setup_fixture),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test_setup(test_validate_name, setup_fixture),
		cmocka_unit_test_setup(test_validate_lengths, setup_fixture),
		cmocka_unit_test_setup(test_validate_multiline, setup_fixture),
		cmocka_unit_test_setup(test_validate_phone, setup_fixture),
		cmocka_unit_test_setup(test_validate_tags, setup_fixture),
		cmocka_unit_test_setup(test_validate_choices, setup_fixture),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_look_alikes),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_slug_valid),
		cmocka_unit_test(test_edition_validate),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
