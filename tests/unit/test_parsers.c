/*
 * Unit tests of the small parsers of request input that have their own
 * modules so that the fuzz targets reach them: cookies, the query string,
 * the client address behind a proxy, If-None-Match, the selection forms'
 * marks and weights and the console API's JSON bodies. Each class gets
 * several hostile variants, not only the plain case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "web/api_input.h"
#include "web/client_addr.h"
#include "web/cookies.h"
#include "web/etag.h"
#include "web/form.h"
#include "web/query.h"
#include "web/selection_input.h"

static int setup_arena(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int teardown_arena(void **state)
{
	arena_free(*state);
	return 0;
}

/* ---- cookies ---- */

static void test_cookie_basic(void **state)
{
	struct arena *a = *state;
	const char *h = "lwp_session=abc; lwp_csrf=def;lang=en";
	assert_string_equal(cookie_get(a, h, "lwp_session"), "abc");
	assert_string_equal(cookie_get(a, h, "lwp_csrf"), "def");
	assert_string_equal(cookie_get(a, h, "lang"), "en");
	assert_null(cookie_get(a, h, "other"));
	assert_null(cookie_get(a, NULL, "lang"));
	assert_null(cookie_get(a, "", "lang"));
}

static void test_cookie_hostile(void **state)
{
	struct arena *a = *state;
	/* a longer name that ends in the name is another cookie */
	assert_null(cookie_get(a, "xlwp_session=evil", "lwp_session"));
	assert_string_equal(cookie_get(a, "xlang=en; lang=nl", "lang"), "nl");
	/* a name that starts with the name is another cookie too */
	assert_null(cookie_get(a, "lwp_session_old=evil", "lwp_session"));
	/* the first of two wins; the second cannot override it */
	assert_string_equal(cookie_get(a, "lwp_session=first; lwp_session=second", "lwp_session"),
			    "first");
	/* empty value, name without '=', stray separators */
	assert_string_equal(cookie_get(a, "lwp_session=", "lwp_session"), "");
	assert_null(cookie_get(a, "lwp_session; lang", "lwp_session"));
	assert_string_equal(cookie_get(a, " ;; ;lang=en;;", "lang"), "en");
	/* a value never reaches past its ';', even one that looks like a pair */
	assert_string_equal(cookie_get(a, "lang=en;lwp_session=x", "lang"), "en");
	assert_string_equal(cookie_get(a, "a=lang=en; lang=nl", "lang"), "nl");
	/* '=' inside the value stays in the value; case matters in names */
	assert_string_equal(cookie_get(a, "lwp_csrf=a=b", "lwp_csrf"), "a=b");
	assert_null(cookie_get(a, "LANG=en", "lang"));
	/* spaces after the value are kept (and so do not match "en") */
	assert_string_equal(cookie_get(a, "lang=en ", "lang"), "en ");
}

/* ---- query string ---- */

static void test_query_basic(void **state)
{
	struct arena *a = *state;
	const char *q = "lang=en&q=gemeente+utrecht&klaar=1&terug=%2Fbeheer%2Fedities";
	assert_string_equal(query_get(a, q, "lang"), "en");
	assert_string_equal(query_get(a, q, "q"), "gemeente utrecht");
	assert_string_equal(query_get(a, q, "klaar"), "1");
	assert_string_equal(query_get(a, q, "terug"), "/beheer/edities");
	assert_null(query_get(a, q, "limit"));
	assert_null(query_get(a, NULL, "q"));
	assert_null(query_get(a, "", "q"));
	assert_string_equal(query_get(a, "q=%C3%A9t%C3%A9", "q"), "\xc3\xa9t\xc3\xa9");
}

static void test_query_hostile(void **state)
{
	struct arena *a = *state;
	/* invalid UTF-8 and NUL are refused, never handed on or cut short */
	assert_null(query_get(a, "q=%FF", "q"));
	assert_null(query_get(a, "q=%C3", "q"));
	assert_null(query_get(a, "q=%ED%A0%80", "q")); /* a surrogate */
	assert_null(query_get(a, "q=%C0%AF", "q"));    /* overlong '/' */
	assert_null(query_get(a, "q=a%00b", "q"));
	/* bad escapes */
	assert_null(query_get(a, "q=100%", "q"));
	assert_null(query_get(a, "q=%4", "q"));
	assert_null(query_get(a, "q=%zz", "q"));
	/* one bad parameter does not hide the others */
	assert_string_equal(query_get(a, "q=%FF&lang=en", "lang"), "en");
	assert_string_equal(query_get(a, "%zz=1&lang=en", "lang"), "en");
	/* the first of two wins; names are decoded before they compare */
	assert_string_equal(query_get(a, "lang=nl&lang=en", "lang"), "nl");
	assert_string_equal(query_get(a, "l%61ng=en", "lang"), "en");
	assert_null(query_get(a, "lang%00=en", "lang"));
	/* empty pairs, a name without '=', '=' in the value */
	assert_string_equal(query_get(a, "&&klaar&&", "klaar"), "");
	assert_string_equal(query_get(a, "q=a=b", "q"), "a=b");
	assert_string_equal(query_get(a, "=x&q=1", ""), "x");
	/* an encoded '&' or '=' is data */
	assert_string_equal(query_get(a, "q=a%26lang%3Den", "q"), "a&lang=en");
	assert_null(query_get(a, "q=a%26lang%3Den", "lang"));
}

/* ---- client address ---- */

static void test_client_addr(void **state)
{
	struct arena *a = *state;
	const char *peer = "127.0.0.1";
	/* without a trusted proxy the header counts for nothing */
	assert_ptr_equal(client_addr(a, "203.0.113.5", 0, peer), peer);
	assert_ptr_equal(client_addr(a, NULL, 1, peer), peer);
	assert_string_equal(client_addr(a, "203.0.113.5", 1, peer), "203.0.113.5");
	/* the last entry is the proxy's; earlier ones are the client's word */
	assert_string_equal(client_addr(a, "10.0.0.1, 203.0.113.5", 1, peer), "203.0.113.5");
	assert_string_equal(client_addr(a, "1.1.1.1,2.2.2.2", 1, peer), "2.2.2.2");
}

static void test_client_addr_hostile(void **state)
{
	struct arena *a = *state;
	const char *peer = "127.0.0.1";
	/* not an address: the peer */
	assert_ptr_equal(client_addr(a, "203.0.113.5, unknown", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "203.0.113.5, ", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "203.0.113.5 ", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "203.0.113.5:8080", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "[2001:db8::1]", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "fe80::1%eth0", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "1.2.3.4.5", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "256.1.1.1", 1, peer), peer);
	assert_ptr_equal(client_addr(a, "01.2.3.4", 1, peer), peer);
	/* one address written many ways counts as one */
	assert_string_equal(client_addr(a, "2001:DB8:0:0::1", 1, peer), "2001:db8::1");
	assert_string_equal(client_addr(a, "2001:0db8:0000::0001", 1, peer), "2001:db8::1");
	assert_string_equal(client_addr(a, "0:0:0:0:0:0:0:1", 1, peer), "::1");
	assert_string_equal(client_addr(a, "x,  ::ffff:192.0.2.1", 1, peer), "::ffff:192.0.2.1");
}

/* ---- If-None-Match ---- */

static void test_etag_match(void **state)
{
	(void)state;
	const char *tag = "\"abc123\"";
	assert_int_equal(etag_match("\"abc123\"", tag), 1);
	assert_int_equal(etag_match("W/\"abc123\"", tag), 1);
	assert_int_equal(etag_match("\"old\", W/\"abc123\"", tag), 1);
	assert_int_equal(etag_match("*", tag), 1);
	assert_int_equal(etag_match("  *  ", tag), 1);
	assert_int_equal(etag_match("\"abc123\"", "W/\"abc123\""), 1);
	assert_int_equal(etag_match(" ,\"x\" ,, \"abc123\"\t,", tag), 1);
	assert_int_equal(etag_match(NULL, tag), 0);
	assert_int_equal(etag_match("\"other\"", tag), 0);
}

static void test_etag_hostile(void **state)
{
	(void)state;
	const char *tag = "\"abc\"";
	/* a tag inside a longer one, or inside garbage, is not that tag */
	assert_int_equal(etag_match("\"xabc\"", tag), 0);
	assert_int_equal(etag_match("\"abcx\"", tag), 0);
	assert_int_equal(etag_match("junk\"abc\"", tag), 0);
	assert_int_equal(etag_match("\"abc\"junk", tag), 0);
	assert_int_equal(etag_match("\"x\" \"abc\"", tag), 0); /* no comma */
	assert_int_equal(etag_match("abc", tag), 0);           /* unquoted */
	assert_int_equal(etag_match("\"abc", tag), 0);
	assert_int_equal(etag_match("w/\"abc\"", tag), 0);     /* W is upper case */
	assert_int_equal(etag_match("\"a c\"", "\"a c\""), 0);  /* space is no etagc */
	assert_int_equal(etag_match("*, \"abc\"", tag), 0);
	assert_int_equal(etag_match("**", tag), 0);
	assert_int_equal(etag_match("", tag), 0);
	/* an empty opaque tag is a tag, and only equal to itself */
	assert_int_equal(etag_match("\"\"", "\"\""), 1);
	assert_int_equal(etag_match("\"\"", tag), 0);
	/* a broken tag of ours matches nothing, not even "*" */
	assert_int_equal(etag_match("\"abc\"", "abc"), 0);
	assert_int_equal(etag_match("*", "abc"), 0);
	assert_int_equal(etag_match("*", NULL), 0);
}

/* ---- selection marks and weights ---- */

static void test_selection_mark(void **state)
{
	(void)state;
	int64_t id;
	int mark;
	assert_int_equal(selection_mark_decode("12:include", &id, &mark), 0);
	assert_int_equal(id, 12);
	assert_int_equal(mark, MARK_INCLUDE);
	assert_int_equal(selection_mark_decode("7:exclude", &id, &mark), 0);
	assert_int_equal(mark, MARK_EXCLUDE);
	assert_int_equal(selection_mark_decode("9223372036854775807:none", &id, &mark), 0);
	assert_int_equal(id, INT64_MAX);
	assert_int_equal(mark, MARK_NONE);
}

static void test_selection_mark_hostile(void **state)
{
	(void)state;
	int64_t id = 99;
	int mark = 99;
	static const char *const broken[] = {
		NULL, "", "12", "12:", ":include", "12:Include", "12:include ", "12:includes",
		"12:include\n", "12:2:include", "123456789012345678901234:none",
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		assert_int_equal(selection_mark_decode(broken[i], &id, &mark), LWP_EINVAL);
	static const char *const no_such[] = {
		"0:include", "-1:include", "+1:include", " 1:none", "1 :none", "0x10:none",
		"9223372036854775808:none", "1e3:exclude", "abc:none",
	};
	for (size_t i = 0; i < sizeof(no_such) / sizeof(no_such[0]); i++)
		assert_int_equal(selection_mark_decode(no_such[i], &id, &mark), LWP_ENOTFOUND);
	assert_int_equal(id, 99);
	assert_int_equal(mark, 99);
}

static int settings(struct arena *a, const char *body, struct selection_settings *w,
		    struct field_errors *fe)
{
	struct form f;
	assert_int_equal(form_parse(a, body, strlen(body), &f), FORM_OK);
	selection_default_settings(w);
	memset(fe, 0, sizeof(*fe));
	return selection_settings_decode(&f, w, fe);
}

static void test_selection_settings(void **state)
{
	struct selection_settings w;
	struct field_errors fe;
	assert_int_equal(settings(*state, "w_org=3&w_parent=0&w_kind=10&w_theme=2&w_tags=1&offer_days=60",
				  &w, &fe), 0);
	assert_int_equal(fe.n, 0);
	assert_int_equal(w.w_org, 3);
	assert_int_equal(w.w_parent, 0);
	assert_int_equal(w.w_kind, 10);
	assert_int_equal(w.w_theme, 2);
	assert_int_equal(w.w_tags, 1);
	assert_int_equal(w.offer_days, 60);
	assert_int_equal(selection_settings_valid(&w), 0);
}

static void test_selection_settings_hostile(void **state)
{
	struct arena *a = *state;
	struct selection_settings w, def;
	struct field_errors fe;
	selection_default_settings(&def);
	/* out of range, signs, spaces, decimals, exponents, empty, missing */
	assert_int_equal(settings(a, "w_org=11&w_parent=-1&w_kind=%2B2&w_theme=2.0&w_tags=&offer_days=61",
				  &w, &fe), LWP_EINVAL);
	assert_int_equal(fe.n, 6);
	assert_non_null(field_errors_get(&fe, "w_org"));
	assert_non_null(field_errors_get(&fe, "offer_days"));
	/* a refused field keeps its old value */
	assert_int_equal(w.w_org, def.w_org);
	assert_int_equal(w.offer_days, def.offer_days);
	assert_int_equal(settings(a, "w_org=1", &w, &fe), LWP_EINVAL);
	assert_int_equal(fe.n, 5);
	assert_int_equal(settings(a, "w_org=1e1&w_parent=+1&w_kind=%201&w_theme=0x1&w_tags=99999999999999999999&offer_days=0",
				  &w, &fe), LWP_EINVAL);
	assert_int_equal(fe.n, 6);
	/* all weights 0: refused on w_org */
	assert_int_equal(settings(a, "w_org=0&w_parent=0&w_kind=0&w_theme=0&w_tags=0&offer_days=7",
				  &w, &fe), LWP_EINVAL);
	assert_int_equal(fe.n, 1);
	assert_non_null(field_errors_get(&fe, "w_org"));
	/* leading zeros are the same number */
	assert_int_equal(settings(a, "w_org=007&w_parent=0&w_kind=0&w_theme=0&w_tags=0&offer_days=01",
				  &w, &fe), 0);
	assert_int_equal(w.w_org, 7);
	assert_int_equal(w.offer_days, 1);
}

/* ---- console API bodies ---- */

static json_t *body(const char *text)
{
	json_t *doc = api_input_object(text, strlen(text));
	assert_non_null(doc);
	return doc;
}

static void test_api_object_hostile(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "[]", "\"x\"", "1", "null", "{\"a\":1,\"a\":2}", "{\"a\":\"\\u0000\"}",
		"{\"a\":\"\xff\"}", "{\"a\":1} x", "{\"a\":", "{\"a\":\"\\ud800\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(api_input_object(bad[i], strlen(bad[i])));
	assert_null(api_input_object(NULL, 0));
	/* the length counts, not a NUL */
	assert_null(api_input_object("{}\0{}", 5));
}

static void test_api_application_status(void **state)
{
	struct arena *a = *state;
	struct field_errors fe = {0};
	enum app_status st;
	char *note;
	json_t *doc = body("{\"status\": \"accepted\", \"note\": \"welkom\"}");
	assert_int_equal(api_input_application_status(a, doc, &st, &note, &fe), 0);
	json_decref(doc);
	assert_int_equal(st, APP_ACCEPTED);
	assert_string_equal(note, "welkom");
	doc = body("{\"status\": \"declined\", \"note\": null}");
	assert_int_equal(api_input_application_status(a, doc, &st, &note, &fe), 0);
	json_decref(doc);
	assert_null(note);
	static const char *const bad[] = {
		"{}", "{\"status\": \"ACCEPTED\"}", "{\"status\": 1}", "{\"status\": [\"accepted\"]}",
		"{\"status\": \"accepted\", \"note\": 5}", "{\"status\": \"accepted\", \"x\": 1}",
		"{\"status\": \"accepted \"}", "{\"note\": \"x\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&fe, 0, sizeof(fe));
		doc = body(bad[i]);
		assert_int_equal(api_input_application_status(a, doc, &st, &note, &fe), LWP_EINVAL);
		assert_true(fe.n > 0);
		json_decref(doc);
	}
}

static void test_api_edition_status(void **state)
{
	(void)state;
	enum edition_status st;
	json_t *doc = body("{\"status\": \"closed\"}");
	assert_int_equal(api_input_edition_status(doc, &st), 0);
	assert_int_equal(st, EDITION_CLOSED);
	json_decref(doc);
	static const char *const bad[] = {
		"{}", "{\"status\": \"draft\"}", "{\"status\": \"open\", \"x\": 1}", "{\"status\": true}",
		"{\"status\": \"Open\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = body(bad[i]);
		assert_int_equal(api_input_edition_status(doc, &st), LWP_EINVAL);
		json_decref(doc);
	}
}

static void test_api_edition(void **state)
{
	struct arena *a = *state;
	struct edition e = {0};
	struct field_errors fe = {0};
	e.capacity = 24;
	json_t *doc = body("{\"title\": \"Editie\", \"capacity\": 30, \"org_cap\": 0, \"fee\": 1500.5}");
	assert_int_equal(api_input_edition(a, doc, &e, &fe), 0);
	json_decref(doc);
	assert_string_equal(e.title, "Editie");
	assert_int_equal(e.capacity, 30);
	assert_int_equal(e.org_cap, 0);
	assert_int_equal(e.fee_cents, 150050);
	/* hostile values leave the edition as it was */
	static const char *const bad[] = {
		"{\"capacity\": -1}", "{\"capacity\": 100001}", "{\"capacity\": 4294967326}",
		"{\"capacity\": 30.0}", "{\"capacity\": \"30\"}", "{\"fee\": 0.001}", "{\"fee\": -1}",
		"{\"fee\": 1e300}", "{\"fee\": \"10\"}", "{\"deadline\": \"2027-03-28 02:30\"}",
		"{\"deadline\": \"morgen\"}", "{\"title\": null}", "{\"slug\": \"other\"}",
		"{\"capacity\": 30, \"status\": \"open\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&fe, 0, sizeof(fe));
		doc = body(bad[i]);
		e.capacity = 24;
		e.fee_cents = 150050;
		assert_int_equal(api_input_edition(a, doc, &e, &fe), LWP_EINVAL);
		json_decref(doc);
		assert_true(fe.n > 0);
		assert_int_equal(e.fee_cents, 150050);
		assert_true(e.capacity == 24 || e.capacity == 30);
	}
}

static void test_api_meeting(void **state)
{
	struct arena *a = *state;
	struct meeting m = {0};
	struct field_errors fe = {0};
	struct api_facilitator *fac;
	size_t nfac;
	json_t *doc = body("{\"title\": \"Start\", \"kind\": \"start\", \"nights\": 1, "
			   "\"price_per_night_cents\": 9500, \"days\": [{\"date\": \"2027-01-11\", "
			   "\"start\": \"09:30\", \"end\": \"17:00\"}, {\"date\": \"2027-01-12\", "
			   "\"all_day\": true}], \"facilitators\": [3, \"a@example.org\"]}");
	assert_int_equal(api_input_meeting(a, doc, &m, &fac, &nfac, &fe), 0);
	assert_string_equal(m.title, "Start");
	assert_int_equal(m.kind, MEETING_START);
	assert_int_equal(m.nights, 1);
	assert_true(m.residential);
	assert_int_equal(m.price_per_night_cents, 9500);
	assert_int_equal(m.n_days, 2);
	assert_int_equal(m.days[0].start_minute, 9 * 60 + 30);
	assert_true(m.days[1].all_day);
	assert_int_equal(nfac, 2);
	assert_int_equal(fac[0].id, 3);
	assert_null(fac[0].email);
	assert_string_equal(fac[1].email, "a@example.org");
	json_decref(doc);
}

static void test_api_meeting_hostile(void **state)
{
	struct arena *a = *state;
	struct api_facilitator *fac;
	size_t nfac;
	static const struct {
		const char *json, *field;
	} bad[] = {
		/* nights were cut to an int: 2^32 + 1 became 1 */
		{"{\"kind\": \"start\", \"nights\": 4294967297}", "nights"},
		{"{\"kind\": \"start\", \"nights\": -4294967295}", "nights"},
		{"{\"kind\": \"start\", \"nights\": 15}", "nights"},
		{"{\"kind\": \"start\", \"nights\": \"2\"}", "nights"},
		{"{\"kind\": \"start\", \"nights\": 1.5}", "nights"},
		/* a price of another type was read as 0 */
		{"{\"kind\": \"start\", \"nights\": 1, \"price_per_night_cents\": \"9500\"}", "price"},
		{"{\"kind\": \"start\", \"nights\": 1, \"price_per_night_cents\": 95.5}", "price"},
		{"{\"kind\": \"start\", \"price_per_night_cents\": -1}", "price"},
		{"{\"kind\": \"start\", \"price_per_night_cents\": 10000001}", "price"},
		{"{\"kind\": \"holiday\"}", "kind"},
		{"{\"kind\": 1}", "kind"},
		{"{\"kind\": \"start\", \"title\": 5}", "title"},
		{"{\"kind\": \"start\", \"days\": [{\"date\": \"2027-02-30\", \"all_day\": true}]}", "days"},
		{"{\"kind\": \"start\", \"days\": [{\"date\": \"2027-01-11\", \"start\": \"24:00\", \"end\": \"25:00\"}]}", "days"},
		{"{\"kind\": \"start\", \"days\": [\"2027-01-11\"]}", "days"},
		{"{\"kind\": \"start\", \"facilitators\": [null]}", "facilitators"},
		{"{\"kind\": \"start\", \"facilitators\": [{\"id\": 1}]}", "facilitators"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct meeting m = {0};
		struct field_errors fe = {0};
		json_t *doc = body(bad[i].json);
		assert_int_equal(api_input_meeting(a, doc, &m, &fac, &nfac, &fe), LWP_EINVAL);
		json_decref(doc);
		if (!field_errors_get(&fe, bad[i].field))
			fail_msg("%s: no error on %s", bad[i].json, bad[i].field);
		assert_true(m.nights >= 0 && m.nights <= MEETING_DAYS_MAX);
		assert_true(m.price_per_night_cents >= 0 &&
			    m.price_per_night_cents <= MEETING_PRICE_MAX_CENTS);
	}
}

static void test_api_poll(void **state)
{
	struct arena *a = *state;
	struct poll_new in;
	struct field_errors fe = {0};
	json_t *doc = body("{\"title\": \"Terugkomdag\", \"kind\": \"extra_day\", \"deadline\": "
			   "\"2027-01-01 12:00\", \"candidates\": [\"2027-02-01 09:00-17:00\", "
			   "\"2027-02-03..2027-02-04\"], \"required\": [\"a@example.org\"]}");
	assert_int_equal(api_input_poll(a, doc, &in, &fe), 0);
	assert_string_equal(in.title, "Terugkomdag");
	assert_int_equal(in.n_candidates, 2);
	assert_int_equal(in.candidates[1].n_days, 2);
	assert_int_equal(in.n_required, 1);
	assert_true(in.deadline > 0);
	json_decref(doc);
	static const struct {
		const char *json, *field;
	} bad[] = {
		{"{\"candidates\": [\"2027-02-30\"]}", "candidates"},
		{"{\"candidates\": [5]}", "candidates"},
		{"{\"candidates\": [\"2027-02-01 17:00-09:00\"]}", "candidates"},
		{"{\"candidates\": [\"2027-02-01\"], \"required\": [1]}", "required"},
		{"{\"candidates\": [\"2027-02-01\"], \"deadline\": \"2027-03-28 02:30\"}", "deadline"},
		{"{\"candidates\": [\"2027-02-01\"], \"deadline\": 5}", "deadline"},
		{"{\"candidates\": [\"2027-02-01\"], \"title\": []}", "title"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&fe, 0, sizeof(fe));
		doc = body(bad[i].json);
		assert_int_equal(api_input_poll(a, doc, &in, &fe), LWP_EINVAL);
		json_decref(doc);
		if (!field_errors_get(&fe, bad[i].field))
			fail_msg("%s: no error on %s", bad[i].json, bad[i].field);
	}
	/* more candidates than a poll can hold are refused unread */
	json_t *many = json_object(), *list = json_array();
	for (int i = 0; i < POLL_CANDIDATES_MAX + 5; i++)
		json_array_append_new(list, json_string("2027-02-01"));
	json_object_set_new(many, "candidates", list);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(api_input_poll(a, many, &in, &fe), LWP_EINVAL);
	assert_non_null(field_errors_get(&fe, "candidate"));
	assert_int_equal(in.n_candidates, 0);
	json_decref(many);
}

static void test_api_attendance(void **state)
{
	struct arena *a = *state;
	struct attendance_mark *marks;
	size_t n;
	struct field_errors fe = {0};
	json_t *doc = body("{\"marks\": [{\"day\": 2, \"person_id\": 7, \"status\": \"present\"}, "
			   "{\"day\": 1, \"person_id\": 8, \"status\": \"absent_notice\"}]}");
	assert_int_equal(api_input_attendance(a, doc, &marks, &n, &fe), 0);
	json_decref(doc);
	assert_int_equal(n, 2);
	assert_int_equal(marks[0].day, 1);
	assert_int_equal(marks[0].person_id, 7);
	assert_int_equal(marks[0].status, ATTENDANCE_PRESENT);
	assert_int_equal(marks[1].status, ATTENDANCE_ABSENT_NOTICE);
	static const char *const bad[] = {
		"{\"marks\": [{\"day\": 0, \"person_id\": 7, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": \"1\", \"person_id\": 7, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1.0, \"person_id\": 7, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1, \"person_id\": 7.0, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1, \"person_id\": \"7\", \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1, \"person_id\": -7, \"status\": \"present\"}]}",
		"{\"marks\": [{\"day\": 1, \"person_id\": 7, \"status\": \"Present\"}]}",
		"{\"marks\": [{\"day\": -9223372036854775807, \"person_id\": 7, \"status\": \"absent\"}]}",
		"{\"marks\": [5]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&fe, 0, sizeof(fe));
		doc = body(bad[i]);
		assert_int_equal(api_input_attendance(a, doc, &marks, &n, &fe), LWP_EINVAL);
		json_decref(doc);
		assert_non_null(field_errors_get(&fe, "marks"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cookie_basic, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_cookie_hostile, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_query_basic, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_query_hostile, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_client_addr, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_client_addr_hostile, setup_arena, teardown_arena),
		cmocka_unit_test(test_etag_match),
		cmocka_unit_test(test_etag_hostile),
		cmocka_unit_test(test_selection_mark),
		cmocka_unit_test(test_selection_mark_hostile),
		cmocka_unit_test_setup_teardown(test_selection_settings, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_selection_settings_hostile, setup_arena, teardown_arena),
		cmocka_unit_test(test_api_object_hostile),
		cmocka_unit_test_setup_teardown(test_api_application_status, setup_arena, teardown_arena),
		cmocka_unit_test(test_api_edition_status),
		cmocka_unit_test_setup_teardown(test_api_edition, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_api_meeting, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_api_meeting_hostile, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_api_poll, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_api_attendance, setup_arena, teardown_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
