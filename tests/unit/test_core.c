/*
 * Unit tests of src/core: the capped buffer, the arena, UTF-8 and text
 * checks, Amsterdam time (with its DST edges), Dutch/English formatting,
 * the HTML escaping writer and translations, the Markdown renderer (cmark
 * cut down to an allow-list) and TOTP (on liboath) with the RFC vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/html.h"
#include "core/i18n.h"
#include "core/lang.h"
#include "core/totp.h"
#include "core/tz.h"
#include "core/utf8.h"

/* ---- buf ---------------------------------------------------------------- */

static void test_buf_append_and_cstr(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(b.max, BUF_MAX_DEFAULT);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_putc(&b, 'd'), 0);
	assert_int_equal(buf_append(&b, "efgh", 2), 0);
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	assert_int_equal(b.len, 6);
	assert_string_equal(buf_cstr(&b), "abcdef");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_buf_cap_enforced(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_append(&b, "0123456789", 10), 0); /* exactly max */
	assert_int_equal(b.len, 10);
	assert_int_equal(buf_putc(&b, 'x'), LWP_ENOMEM);
	assert_int_equal(b.failed, LWP_ENOMEM);
	assert_int_equal(b.len, 10);
	buf_free(&b);

	buf_init(&b, 10);
	assert_int_equal(buf_append(&b, "0123456789A", 11), LWP_ENOMEM);
	assert_int_equal(b.len, 0);
	buf_free(&b);

	/* n close to SIZE_MAX must not wrap the check. */
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), LWP_ENOMEM);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), LWP_ENOMEM);
	buf_free(&b);
}

static void test_buf_sticky_failure(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	assert_int_equal(buf_puts(&b, "efghij"), LWP_ENOMEM);
	/* Every later append is refused, even one that would fit. */
	assert_int_equal(buf_putc(&b, 'e'), LWP_ENOMEM);
	assert_int_equal(buf_puts(&b, ""), LWP_ENOMEM);
	assert_int_equal(buf_printf(&b, "%d", 1), LWP_ENOMEM);
	assert_int_equal(b.len, 4);
	assert_int_equal(b.failed, LWP_ENOMEM);
	/* A failed buffer shows nothing rather than a truncated page. */
	assert_string_equal(buf_cstr(&b), "");
	/* Reset clears the failure. */
	buf_reset(&b);
	assert_int_equal(b.failed, 0);
	assert_int_equal(buf_puts(&b, "ok"), 0);
	assert_string_equal(buf_cstr(&b), "ok");
	buf_free(&b);
}

static void test_buf_printf_growth(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(buf_printf(&b, "<%s>", "a"), 0);
	assert_int_equal(buf_printf(&b, "%s|%d", big, 42), 0);
	assert_int_equal(b.len, 3 + 4999 + 3);
	assert_true(b.cap > b.len);
	const char *s = buf_cstr(&b);
	assert_memory_equal(s, "<a>", 3);
	assert_memory_equal(s + 3, big, 4999);
	assert_string_equal(s + 3 + 4999, "|42");
	/* Many small printfs across several growths. */
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%03d,", i), 0);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(buf_cstr(&b) + 3996, "999,", 4);
	buf_free(&b);
}

static void test_buf_printf_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 16);
	assert_int_equal(buf_printf(&b, "%s", "0123456789abcdef"), 0);
	assert_int_equal(b.len, 16);
	assert_int_equal(buf_printf(&b, "%d", 7), LWP_ENOMEM);
	assert_int_equal(b.len, 16);
	buf_free(&b);

	buf_init(&b, 16);
	assert_int_equal(buf_printf(&b, "%020d", 7), LWP_ENOMEM);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_buf_detach(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "hello");
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 5);
	assert_string_equal(p, "hello");
	free(p);
	assert_int_equal(b.len, 0);
	assert_null(b.data);
	/* The buffer is usable again. */
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(buf_cstr(&b), "again");
	buf_free(&b);
}

/* ---- arena -------------------------------------------------------------- */

static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_arena_alignment(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t n = 0; n < 100; n++) {
		unsigned char *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_true(aligned(p));
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0); /* zeroed */
		memset(p, 0xAA, n);
	}
	/* Many allocations across chunk boundaries, all distinct and aligned. */
	char *prev = NULL;
	for (int i = 0; i < 5000; i++) {
		char *p = arena_alloc(a, 7);
		assert_non_null(p);
		assert_true(aligned(p));
		assert_true(p != prev);
		memcpy(p, "abcdef", 7);
		prev = p;
	}
	arena_free(a);
	arena_free(NULL);
}

static void test_arena_large(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small = arena_strdup(a, "before");
	size_t big_n = (size_t)1 << 20;
	unsigned char *big = arena_alloc(a, big_n);
	assert_non_null(big);
	assert_true(aligned(big));
	assert_int_equal(big[0], 0);
	assert_int_equal(big[big_n - 1], 0);
	memset(big, 1, big_n);
	/* Exactly one chunk and just over one chunk. */
	unsigned char *c1 = arena_alloc(a, 16u << 10);
	unsigned char *c2 = arena_alloc(a, (16u << 10) + 1);
	assert_non_null(c1);
	assert_non_null(c2);
	memset(c1, 2, 16u << 10);
	memset(c2, 3, (16u << 10) + 1);
	char *after = arena_strdup(a, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_int_equal(big[big_n - 1], 1);
	/* Sizes that cannot be allocated fail cleanly. */
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX - 8));
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_calloc(a, 3, SIZE_MAX / 2));
	int *arr = arena_calloc(a, 100, sizeof(int));
	assert_non_null(arr);
	assert_int_equal(arr[99], 0);
	assert_non_null(arena_calloc(a, 0, 8));
	arena_free(a);
}

static void test_arena_strndup_short(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* A heap string exactly as long as its content: reading past it would
	 * show under ASan. */
	char *src = malloc(3);
	memcpy(src, "ab", 3);
	char *p = arena_strndup(a, src, 64);
	assert_string_equal(p, "ab");
	p = arena_strndup(a, src, 1);
	assert_string_equal(p, "a");
	p = arena_strndup(a, src, 0);
	assert_string_equal(p, "");
	free(src);
	/* Not NUL-terminated within n: copies n bytes and terminates. */
	char raw[4] = {'w', 'x', 'y', 'z'};
	p = arena_strndup(a, raw, 4);
	assert_string_equal(p, "wxyz");
	p = arena_strdup(a, "");
	assert_string_equal(p, "");
	p = arena_printf(a, "%s-%d", "n", 12);
	assert_string_equal(p, "n-12");
	arena_free(a);
}

/* ---- utf8 --------------------------------------------------------------- */

#define VALID(lit) utf8_valid(lit, sizeof(lit) - 1)
#define CHECK(lit, kind) text_check(lit, sizeof(lit) - 1, kind)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ascii"));
	assert_true(VALID("caf\xC3\xA9"));               /* é */
	assert_true(VALID("\xE2\x82\xAC"));              /* € */
	assert_true(VALID("\xF0\x9F\x98\x80"));          /* U+1F600 */
	assert_true(VALID("\xF4\x8F\xBF\xBF"));          /* U+10FFFF */
	assert_true(VALID("\xED\x9F\xBF"));              /* U+D7FF */
	assert_true(VALID("\xEE\x80\x80"));              /* U+E000 */
	assert_true(VALID("a\0b"));                      /* NUL is well-formed */
	/* Overlong forms. */
	assert_false(VALID("\xC0\xAF"));
	assert_false(VALID("\xC1\xBF"));
	assert_false(VALID("\xE0\x80\xAF"));
	assert_false(VALID("\xE0\x9F\xBF"));
	assert_false(VALID("\xF0\x80\x80\xAF"));
	assert_false(VALID("\xF0\x8F\xBF\xBF"));
	/* Surrogates. */
	assert_false(VALID("\xED\xA0\x80"));
	assert_false(VALID("\xED\xBF\xBF"));
	/* Above U+10FFFF. */
	assert_false(VALID("\xF4\x90\x80\x80"));
	assert_false(VALID("\xF5\x80\x80\x80"));
	assert_false(VALID("\xFF"));
	/* Truncated sequences, at the end and in the middle. */
	assert_false(VALID("\xC3"));
	assert_false(VALID("\xE2\x82"));
	assert_false(VALID("\xF0\x9F\x98"));
	assert_false(VALID("\xE2\x82x"));
	assert_false(VALID("a\xC3 b"));
	/* Lone continuation byte. */
	assert_false(VALID("\x80"));
	assert_false(VALID("ab\xBF"));
	/* The length bound is respected: a valid prefix of a longer string. */
	assert_true(utf8_valid("ab\xC3\xA9", 2));
	assert_false(utf8_valid("ab\xC3\xA9", 3));
}

static void test_text_check(void **state)
{
	(void)state;
	assert_int_equal(CHECK("Jan de Vries", TEXT_LINE), 0);
	assert_int_equal(CHECK("caf\xC3\xA9 \xE2\x82\xAC", TEXT_LINE), 0);
	assert_int_equal(CHECK("", TEXT_LINE), 0);
	/* Ill-formed UTF-8 is refused by both kinds. */
	assert_int_equal(CHECK("\xC0\xAF", TEXT_LINE), LWP_EINVAL);
	assert_int_equal(CHECK("\xE0\x80\xAF", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("\xED\xA0\x80", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("\xF4\x90\x80\x80", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("ok\xE2\x82", TEXT_MULTILINE), LWP_EINVAL);
	/* NUL is refused. */
	assert_int_equal(CHECK("a\0b", TEXT_LINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\0b", TEXT_MULTILINE), LWP_EINVAL);
	/* Line breaks: none in a line; LF and CR LF in multiline. */
	assert_int_equal(CHECK("a\nb", TEXT_LINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\r\nb", TEXT_LINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\tb", TEXT_LINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\nb", TEXT_MULTILINE), 0);
	assert_int_equal(CHECK("a\r\nb\r\n", TEXT_MULTILINE), 0);
	assert_int_equal(CHECK("a\tb", TEXT_MULTILINE), 0);
	/* A lone CR is refused, also at the end. */
	assert_int_equal(CHECK("a\rb", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\r", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("\r\r\n", TEXT_MULTILINE), LWP_EINVAL);
	/* Other control characters: C0, DEL, C1 (U+0085 NEL). */
	assert_int_equal(CHECK("a\x1b[31m", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\x7f", TEXT_MULTILINE), LWP_EINVAL);
	assert_int_equal(CHECK("a\xC2\x85", TEXT_MULTILINE), LWP_EINVAL);
	/* Bidi overrides and isolates. */
	assert_int_equal(CHECK("abc\xE2\x80\xAE" "fdp.exe", TEXT_LINE), LWP_EINVAL); /* U+202E */
	assert_int_equal(CHECK("\xE2\x80\xAA", TEXT_MULTILINE), LWP_EINVAL);       /* U+202A */
	assert_int_equal(CHECK("\xE2\x81\xA6", TEXT_MULTILINE), LWP_EINVAL);       /* U+2066 */
	assert_int_equal(CHECK("\xE2\x81\xA9", TEXT_MULTILINE), LWP_EINVAL);       /* U+2069 */
	/* Line and paragraph separators, non-characters. */
	assert_int_equal(CHECK("\xE2\x80\xA8", TEXT_MULTILINE), LWP_EINVAL);       /* U+2028 */
	assert_int_equal(CHECK("\xEF\xBF\xBE", TEXT_LINE), LWP_EINVAL);            /* U+FFFE */
	assert_int_equal(CHECK("\xEF\xBF\xBF", TEXT_LINE), LWP_EINVAL);            /* U+FFFF */
	assert_int_equal(CHECK("\xEF\xB7\x90", TEXT_LINE), LWP_EINVAL);            /* U+FDD0 */
	assert_int_equal(CHECK("\xF0\x9F\xBF\xBF", TEXT_LINE), LWP_EINVAL);        /* U+1FFFF */
	/* Neighbours of the refused ranges stay allowed. */
	assert_int_equal(CHECK("\xE2\x80\xA9x", TEXT_LINE), LWP_EINVAL);           /* U+2029 */
	assert_int_equal(CHECK("\xE2\x80\xAF", TEXT_LINE), 0);                     /* U+202F */
	assert_int_equal(CHECK("\xEF\xBF\xBD", TEXT_LINE), 0);                     /* U+FFFD */
	assert_int_equal(CHECK("\xC2\xA0", TEXT_LINE), 0);                         /* U+00A0 */
}

static void test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("caf\xC3\xA9", 5), 4);
	assert_int_equal(utf8_length("\xF0\x9F\x98\x80\xE2\x82\xAC", 7), 2);
}

/* ---- tz ----------------------------------------------------------------- */

static void test_tz_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(tz_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(tz_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(tz_days_from_civil(2017, 11, 15), 17485);
	/* Round trip over about 2700 years on both sides of the epoch, and the
	 * days follow each other with the calendar. */
	int py, pm, pd;
	tz_civil_from_days(-500001, &py, &pm, &pd);
	for (int64_t z = -500000; z <= 500000; z++) {
		int y, m, d;
		tz_civil_from_days(z, &y, &m, &d);
		assert_true(m >= 1 && m <= 12);
		assert_true(d >= 1 && d <= tz_days_in_month(y, m));
		if (tz_days_from_civil(y, m, d) != z)
			fail_msg("round trip of day %lld", (long long)z);
		if (d == 1) {
			assert_int_equal(pd, tz_days_in_month(py, pm));
			assert_int_equal(m == 1 ? py + 1 : py, y);
		} else {
			assert_int_equal(d, pd + 1);
			assert_int_equal(m, pm);
		}
		py = y, pm = m, pd = d;
	}
}

static void test_tz_date_valid(void **state)
{
	(void)state;
	assert_true(tz_date_valid(2016, 2, 29));
	assert_false(tz_date_valid(2017, 2, 29));
	assert_true(tz_date_valid(2000, 2, 29));
	assert_false(tz_date_valid(2100, 2, 29));
	assert_false(tz_date_valid(2017, 4, 31));
	assert_false(tz_date_valid(2017, 0, 1));
	assert_false(tz_date_valid(2017, 13, 1));
	assert_false(tz_date_valid(2017, 1, 0));
	assert_false(tz_date_valid(TZ_YEAR_MIN - 1, 12, 31));
	assert_true(tz_date_valid(TZ_YEAR_MIN, 1, 1));
	assert_true(tz_date_valid(TZ_YEAR_MAX, 12, 31));
	assert_false(tz_date_valid(TZ_YEAR_MAX + 1, 1, 1));
}

static void test_tz_parse_local(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(tz_parse_local("2017-11-15 23:59", &t), 0);
	assert_int_equal(t, 1510786740);
	t = 0;
	assert_int_equal(tz_parse_local("2017-11-15T23:59", &t), 0);
	assert_int_equal(t, 1510786740);
	assert_int_equal(tz_parse_local("2018-07-01 12:00", &t), 0);
	assert_int_equal(t, 1530439200); /* 10:00Z, summer time */
	/* Dates that do not exist and out-of-range fields. */
	assert_int_equal(tz_parse_local("2017-02-30 12:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2017-02-29 12:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2017-13-01 12:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2017-11-15 24:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2017-11-15 23:60", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("1995-12-31 12:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2200-01-01 00:00", &t), LWP_EINVAL);
	/* Strict syntax. */
	const char *bad[] = {
		"", "2017-11-15", "2017-11-15 23:59:00", "2017-11-15 23:59 ",
		" 2017-11-15 23:59", "2017-11-15  23:59", "2017-11-15 3:59",
		"2017-1-15 23:59", "2017/11/15 23:59", "2017-11-15_23:59",
		"2017-11-15 23.59", "2017-11-15 +3:59", "2017-11-15 -3:59",
		"+017-11-15 23:59", "2017-11-1x 23:59", "2017-11-15t23:59",
		"2017-11-15 23:5\xC3\xA9",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tz_parse_local(bad[i], &t) != LWP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
}

static void test_tz_dst_edges(void **state)
{
	(void)state;
	int64_t t = 0;
	/* Spring forward: 2018-03-25 02:00 CET becomes 03:00 CEST (01:00Z). */
	assert_int_equal(tz_parse_local("2018-03-25 01:59", &t), 0);
	assert_int_equal(t, 1521939540); /* 00:59Z */
	assert_int_equal(tz_parse_local("2018-03-25 03:00", &t), 0);
	assert_int_equal(t, 1521939600); /* 01:00Z */
	assert_int_equal(tz_parse_local("2018-03-25 02:00", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2018-03-25 02:30", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2018-03-25 02:59", &t), LWP_EINVAL);
	/* Fall back: 2018-10-28 03:00 CEST becomes 02:00 CET (01:00Z). The
	 * ambiguous 02:xx is taken as the earlier instant, in summer time. */
	assert_int_equal(tz_parse_local("2018-10-28 02:30", &t), 0);
	assert_int_equal(t, 1540686600); /* 00:30Z */
	assert_int_equal(tz_parse_local("2018-10-28 01:59", &t), 0);
	assert_int_equal(t, 1540684740); /* 23:59Z the day before */
	assert_int_equal(tz_parse_local("2018-10-28 03:00", &t), 0);
	assert_int_equal(t, 1540692000); /* 02:00Z */
	/* Another year: 2024-03-31 and 2024-10-27. */
	assert_int_equal(tz_parse_local("2024-03-31 02:15", &t), LWP_EINVAL);
	assert_int_equal(tz_parse_local("2024-03-31 03:00", &t), 0);
	assert_int_equal(t, 1711846800);
	assert_int_equal(tz_local_to_utc(2024, 10, 27, 2, 0, &t), 0);
	assert_int_equal(t, 1729987200); /* 00:00Z, CEST */
}

static void test_tz_to_local(void **state)
{
	(void)state;
	struct local_time lt;
	/* Either side of the spring switch at 2018-03-25 01:00Z. */
	tz_to_local(1521939599, &lt);
	assert_int_equal(lt.offset_minutes, 60);
	assert_int_equal(lt.hour, 1);
	assert_int_equal(lt.minute, 59);
	assert_int_equal(lt.second, 59);
	tz_to_local(1521939600, &lt);
	assert_int_equal(lt.offset_minutes, 120);
	assert_int_equal(lt.hour, 3);
	assert_int_equal(lt.minute, 0);
	assert_int_equal(lt.day, 25);
	assert_int_equal(lt.weekday, 0); /* Sunday */
	/* Either side of the autumn switch at 2018-10-28 01:00Z: 02:59:59
	 * CEST, then 02:00:00 CET. */
	tz_to_local(1540688399, &lt);
	assert_int_equal(lt.offset_minutes, 120);
	assert_int_equal(lt.hour, 2);
	assert_int_equal(lt.minute, 59);
	tz_to_local(1540688400, &lt);
	assert_int_equal(lt.offset_minutes, 60);
	assert_int_equal(lt.hour, 2);
	assert_int_equal(lt.minute, 0);
	/* A date that changes with the offset: 2017-12-31 23:30Z is already
	 * 2018 in Amsterdam. */
	tz_to_local(1514763000, &lt);
	assert_int_equal(lt.year, 2018);
	assert_int_equal(lt.month, 1);
	assert_int_equal(lt.day, 1);
	assert_int_equal(lt.hour, 0);
	assert_int_equal(lt.minute, 30);
	assert_int_equal(lt.weekday, 1); /* Monday */
	/* 1510786740 is Wednesday 15 November 2017, 23:59 CET. */
	tz_to_local(1510786740, &lt);
	assert_int_equal(lt.year, 2017);
	assert_int_equal(lt.month, 11);
	assert_int_equal(lt.day, 15);
	assert_int_equal(lt.weekday, 3);
}

static void test_tz_round_trip(void **state)
{
	(void)state;
	/* Every local quarter hour of 2018 that exists maps back to itself. */
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= tz_days_in_month(2018, m); d++)
			for (int h = 0; h < 24; h++)
				for (int mi = 0; mi < 60; mi += 15) {
					int64_t t;
					if (tz_local_to_utc(2018, m, d, h, mi, &t))
						continue;
					struct local_time lt;
					tz_to_local(t, &lt);
					if (lt.year != 2018 || lt.month != m || lt.day != d ||
					    lt.hour != h || lt.minute != mi || lt.second != 0)
						fail_msg("2018-%02d-%02d %02d:%02d", m, d, h, mi);
				}
}

static void test_tz_format_iso(void **state)
{
	(void)state;
	char out[32];
	tz_format_iso(1510786740, out, sizeof(out));
	assert_string_equal(out, "2017-11-15T23:59:00+01:00");
	tz_format_iso(1540686600, out, sizeof(out));
	assert_string_equal(out, "2018-10-28T02:30:00+02:00");
	tz_format_iso(1540690200, out, sizeof(out));
	assert_string_equal(out, "2018-10-28T02:30:00+01:00");
	tz_format_iso(1510786740, out, 26); /* the documented minimum */
	assert_string_equal(out, "2017-11-15T23:59:00+01:00");
	tz_format_iso(1510786740, out, 25); /* too small: empty, not cut */
	assert_string_equal(out, "");
}

static void test_tz_parse_date(void **state)
{
	(void)state;
	int y = 0, m = 0, d = 0;
	assert_int_equal(tz_parse_date("2018-01-25", &y, &m, &d), 0);
	assert_int_equal(y, 2018);
	assert_int_equal(m, 1);
	assert_int_equal(d, 25);
	assert_int_equal(tz_parse_date("2018-02-29", &y, &m, &d), LWP_EINVAL);
	assert_int_equal(tz_parse_date("2018-1-25", &y, &m, &d), LWP_EINVAL);
	assert_int_equal(tz_parse_date("2018-01-25 ", &y, &m, &d), LWP_EINVAL);
	assert_int_equal(tz_parse_date("", &y, &m, &d), LWP_EINVAL);
}

static void test_tz_now_override(void **state)
{
	(void)state;
	setenv("LWP_NOW", "1510786740", 1);
	assert_int_equal(tz_now(), 1510786740);
	setenv("LWP_NOW", "15x", 1);
	assert_true(tz_now() > 1510786740);
	unsetenv("LWP_NOW");
}

/* ---- lang --------------------------------------------------------------- */

static void expect_money(int64_t cents, enum lang lang, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	lang_money(&b, cents, lang);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void expect_decimal(double v, enum lang lang, const char *want)
{
	struct buf b;
	buf_init(&b, 64);
	lang_decimal(&b, v, lang);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_lang_decimal(void **state)
{
	(void)state;
	expect_decimal(12.5, LANG_NL, "12,50");
	expect_decimal(12.5, LANG_EN, "12.50");
	expect_decimal(1234.567, LANG_NL, "1.234,57");
	expect_decimal(1234.567, LANG_EN, "1,234.57");
	expect_decimal(0, LANG_NL, "0,00");
	expect_decimal(-3.25, LANG_NL, "-3,25");
	expect_decimal(-0.001, LANG_EN, "0.00");
	expect_decimal(1000000, LANG_NL, "1.000.000,00");
}

static void test_lang_money(void **state)
{
	(void)state;
	expect_money(150000, LANG_NL, "\xE2\x82\xAC 1.500,00");
	expect_money(150000, LANG_EN, "\xE2\x82\xAC" "1,500.00");
	expect_money(0, LANG_NL, "\xE2\x82\xAC 0,00");
	expect_money(0, LANG_EN, "\xE2\x82\xAC" "0.00");
	expect_money(5, LANG_NL, "\xE2\x82\xAC 0,05");
	expect_money(5, LANG_EN, "\xE2\x82\xAC" "0.05");
	expect_money(99999, LANG_NL, "\xE2\x82\xAC 999,99");
	expect_money(100000, LANG_NL, "\xE2\x82\xAC 1.000,00");
	expect_money(123456789, LANG_NL, "\xE2\x82\xAC 1.234.567,89");
	expect_money(123456789, LANG_EN, "\xE2\x82\xAC" "1,234,567.89");
	expect_money(-150000, LANG_NL, "-\xE2\x82\xAC 1.500,00");
	expect_money(-5, LANG_EN, "-\xE2\x82\xAC" "0.05");
	expect_money(INT64_MIN, LANG_EN,
		     "-\xE2\x82\xAC" "92,233,720,368,547,758.08");
	expect_money(INT64_MAX, LANG_NL,
		     "\xE2\x82\xAC 92.233.720.368.547.758,07");
}

static void test_lang_date(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	lang_date(&b, 2017, 11, 15, LANG_NL);
	assert_string_equal(buf_cstr(&b), "15 november 2017");
	buf_reset(&b);
	lang_date(&b, 2017, 11, 15, LANG_EN);
	assert_string_equal(buf_cstr(&b), "15 November 2017");
	buf_reset(&b);
	lang_date(&b, 2018, 1, 5, LANG_NL);
	assert_string_equal(buf_cstr(&b), "5 januari 2018");
	buf_reset(&b);
	lang_date(&b, 2018, 13, 5, LANG_NL); /* no month 13: writes nothing */
	assert_string_equal(buf_cstr(&b), "");
	buf_reset(&b);
	lang_datetime(&b, 1510786740, LANG_NL);
	assert_string_equal(buf_cstr(&b), "15 november 2017 om 23:59");
	buf_reset(&b);
	lang_datetime(&b, 1510786740, LANG_EN);
	assert_string_equal(buf_cstr(&b), "15 November 2017 at 23:59");
	buf_free(&b);
}

static void test_lang_codes(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_NL), "nl");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_int_equal(lang_parse("nl"), LANG_NL);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("EN"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
}

static void test_lang_from_accept(void **state)
{
	(void)state;
	assert_int_equal(lang_from_accept("en-GB,en;q=0.9"), LANG_EN);
	assert_int_equal(lang_from_accept("de, nl;q=0.5"), LANG_NL);
	assert_int_equal(lang_from_accept("fr"), LANG_NL);
	assert_int_equal(lang_from_accept("en;q=0"), LANG_NL);
	assert_int_equal(lang_from_accept(NULL), LANG_NL);
	assert_int_equal(lang_from_accept(""), LANG_NL);
	assert_int_equal(lang_from_accept("*"), LANG_NL);
	assert_int_equal(lang_from_accept("nl-NL,nl;q=0.9,en;q=0.8"), LANG_NL);
	assert_int_equal(lang_from_accept("de-DE, en-US;q=0.7"), LANG_EN);
	assert_int_equal(lang_from_accept("EN-us"), LANG_EN);
	assert_int_equal(lang_from_accept("english, nl"), LANG_NL);
	assert_int_equal(lang_from_accept("en;q=0.8, nl"), LANG_EN);
	assert_int_equal(lang_from_accept("en;q=0, nl"), LANG_NL);
	assert_int_equal(lang_from_accept(",,, ,en"), LANG_EN);
	assert_int_equal(lang_from_accept("e"), LANG_NL);
}

/* BUG (src/core/lang.c lang_from_accept): the q=0 test runs strstr from
 * the ';' to the end of the whole header, not to the end of the tag, so the
 * parameters of later tags decide whether this one is excluded: a later
 * "nl;q=0" excludes the English tag before it, and a later "q=0.5" hides
 * this tag's own q=0. And q=0.0 (also "not acceptable", RFC 9110 12.4.2)
 * is not recognised as exclusion. */
static void test_lang_from_accept_q_zero(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		enum lang want;
	} cases[] = {
		{"en;q=1, nl;q=0", LANG_EN},
		{"en;q=0.9, nl;q=0", LANG_EN},
		{"en, nl;q=0", LANG_EN},
		{"en;q=0, nl;q=0.5", LANG_NL},
		{"en;q=0.0", LANG_NL},
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lang got = lang_from_accept(cases[i].header);
		if (got != cases[i].want) {
			print_error("\"%s\": want %s, got %s\n", cases[i].header,
				    lang_code(cases[i].want), lang_code(got));
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* ---- html --------------------------------------------------------------- */

typedef void (*writer)(struct buf *b, const char *s);

static void expect_written(writer w, const char *in, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	w(&b, in);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_html_text(void **state)
{
	(void)state;
	expect_written(html_text, "<a href=\"x\">'&'</a>",
		       "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	expect_written(html_text, "plain caf\xC3\xA9", "plain caf\xC3\xA9");
	expect_written(html_text, "", "");
	expect_written(html_text, NULL, "");
	expect_written(html_text, "&amp;", "&amp;amp;");
	expect_written(html_text, "&&", "&amp;&amp;");
	expect_written(html_attr, "\" onclick=\"alert(1)",
		       "&quot; onclick=&quot;alert(1)");
	expect_written(html_attr, "' x='", "&#39; x=&#39;");
	struct buf b;
	buf_init(&b, 0);
	html_textn(&b, "a<b>c", 2);
	assert_string_equal(buf_cstr(&b), "a&lt;");
	buf_free(&b);
}

static void test_html_url_arg(void **state)
{
	(void)state;
	expect_written(html_url_arg, "lwp-2018_a.b~c", "lwp-2018_a.b~c");
	expect_written(html_url_arg, "a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g");
	expect_written(html_url_arg, "caf\xC3\xA9", "caf%C3%A9");
	expect_written(html_url_arg, "\"<'>+%", "%22%3C%27%3E%2B%25");
	expect_written(html_url_arg, "", "");
	expect_written(html_url_arg, NULL, "");
}

static void test_html_paragraphs(void **state)
{
	(void)state;
	expect_written(html_paragraphs, "a\n\nb", "<p>a</p>\n<p>b</p>\n");
	expect_written(html_paragraphs, "a\nb", "<p>a<br>b</p>\n");
	expect_written(html_paragraphs, "a\r\n\r\nb\r\nc",
		       "<p>a</p>\n<p>b<br>c</p>\n");
	expect_written(html_paragraphs, "\n\n\nfirst\n\n\n\nsecond <b>",
		       "<p>first</p>\n<p>second &lt;b&gt;</p>\n");
	expect_written(html_paragraphs, "", "");
	expect_written(html_paragraphs, "\n\r\n", "");
	expect_written(html_paragraphs, NULL, "");
	expect_written(html_paragraphs, "<script>", "<p>&lt;script&gt;</p>\n");
}

static void test_html_fill(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	html_fill(&b, "{1} of {2} places left", 3, 20);
	assert_string_equal(buf_cstr(&b), "3 of 20 places left");
	buf_reset(&b);
	html_fill(&b, "nog {2} van {1}; {1}!", 7, -1);
	assert_string_equal(buf_cstr(&b), "nog -1 van 7; 7!");
	buf_reset(&b);
	/* The template is escaped; unknown or unfinished marks stay as text. */
	html_fill(&b, "<b>{1}</b> & {3} {x} {1 {", 5, 0);
	assert_string_equal(buf_cstr(&b),
			    "&lt;b&gt;5&lt;/b&gt; &amp; {3} {x} {1 {");
	buf_reset(&b);
	html_fill(&b, "{{1}}", 9, 0);
	assert_string_equal(buf_cstr(&b), "{9}");
	buf_reset(&b);
	html_fill(&b, "end {1", 1, 2);
	assert_string_equal(buf_cstr(&b), "end {1");
	buf_reset(&b);
	html_fill(&b, NULL, 1, 2);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_html_raw_and_int(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	html_raw(&b, "<p>");
	html_int(&b, -42);
	html_raw(&b, "</p>");
	assert_string_equal(buf_cstr(&b), "<p>-42</p>");
	buf_free(&b);
}

/* ---- markdown ----------------------------------------------------------- */

static void test_markdown_basics(void **state)
{
	(void)state;
	expect_written(html_markdown, "Dit is **vet** en *schuin*.",
		       "<p>Dit is <strong>vet</strong> en <em>schuin</em>.</p>\n");
	expect_written(html_markdown, "- een\n- twee",
		       "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n");
	expect_written(html_markdown, "1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
	expect_written(html_markdown, "> citaat", "<blockquote>\n<p>citaat</p>\n</blockquote>\n");
	expect_written(html_markdown, "een `code` ---", "<p>een <code>code</code> ---</p>\n");
	expect_written(html_markdown, "a\n\nb", "<p>a</p>\n<p>b</p>\n");
	/* A single newline stays a line break, as before Markdown. */
	expect_written(html_markdown, "a\nb", "<p>a<br />\nb</p>\n");
	/* Browsers send a textarea with CRLF line ends. */
	expect_written(html_markdown, "a\r\nb\r\n\r\n- x\r\n- y\r\n",
		       "<p>a<br />\nb</p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n");
	expect_written(html_markdown, "", "");
	expect_written(html_markdown, NULL, "");
}

static void test_markdown_links(void **state)
{
	(void)state;
	expect_written(html_markdown, "[site](https://example.org/a?b=1&c=2)",
		       "<p><a href=\"https://example.org/a?b=1&amp;c=2\">site</a></p>\n");
	expect_written(html_markdown, "[x](http://example.org \"t\\\"x\")",
		       "<p><a href=\"http://example.org\" title=\"t&quot;x\">x</a></p>\n");
	expect_written(html_markdown, "<info@example.org>",
		       "<p><a href=\"mailto:info@example.org\">info@example.org</a></p>\n");
	expect_written(html_markdown, "[m](MAILTO:a@b.nl)",
		       "<p><a href=\"MAILTO:a@b.nl\">m</a></p>\n");
	/* A quote cannot leave the href. */
	expect_written(html_markdown, "<https://x.nl/\"onclick=a>",
		       "<p><a href=\"https://x.nl/%22onclick=a\">https://x.nl/&quot;onclick=a</a></p>\n");
	/* Other schemes and relative links keep their text only. */
	expect_written(html_markdown, "[klik](javascript:alert(1))", "<p>klik</p>\n");
	expect_written(html_markdown, "[klik](JaVaScRiPt:alert(1))", "<p>klik</p>\n");
	expect_written(html_markdown, "[k](data:text/html,<script>x</script>)", "<p>k</p>\n");
	expect_written(html_markdown, "[k](vbscript:x) [r](/beheer) [h](#top) [f](file:///etc)",
		       "<p>k r h f</p>\n");
	expect_written(html_markdown, "[**vet**](javascript:x)", "<p><strong>vet</strong></p>\n");
}

static void test_markdown_headings(void **state)
{
	(void)state;
	expect_written(html_markdown, "# Een\n## Twee\n### Drie",
		       "<h2>Een</h2>\n<h3>Twee</h3>\n<h4>Drie</h4>\n");
	expect_written(html_markdown, "##### Vijf\n###### Zes", "<h6>Vijf</h6>\n<h6>Zes</h6>\n");
	expect_written(html_markdown, "Setext\n===", "<h2>Setext</h2>\n");
}

static void test_markdown_unsafe_removed(void **state)
{
	(void)state;
	expect_written(html_markdown, "<script>alert(1)</script>", "");
	expect_written(html_markdown, "voor\n\n<script>alert(1)</script>\n\nna",
		       "<p>voor</p>\n<p>na</p>\n");
	expect_written(html_markdown, "a <b onclick=\"x\">b</b> <img src=x onerror=y> c",
		       "<p>a b  c</p>\n");
	expect_written(html_markdown, "<div>\n**blok**\n</div>", "");
	expect_written(html_markdown, "<!-- opmerking -->", "");
	/* Code shows markup as text; the fence's info string adds no class. */
	expect_written(html_markdown, "```js\" onclick=\"x\n<script>\n```",
		       "<pre><code>&lt;script&gt;\n</code></pre>\n");
	expect_written(html_markdown, "5 < 6 & \"q\" > 7",
		       "<p>5 &lt; 6 &amp; &quot;q&quot; &gt; 7</p>\n");
	expect_written(html_markdown, "&lt;script&gt; &amp;", "<p>&lt;script&gt; &amp;</p>\n");
	/* Invalid UTF-8 does not pass through. */
	expect_written(html_markdown, "a\xff" "b", "<p>a\xEF\xBF\xBD" "b</p>\n");
}

static void test_markdown_images(void **state)
{
	(void)state;
	/* An image becomes its alt text: no picture from another site. */
	expect_written(html_markdown, "![het *logo*](https://tracker.example/p.png)",
		       "<p>het <em>logo</em></p>\n");
	expect_written(html_markdown, "[![alt](i.png)](https://x.nl)",
		       "<p><a href=\"https://x.nl\">alt</a></p>\n");
	expect_written(html_markdown, "![](https://x.nl/p.png)", "<p></p>\n");
	expect_written(html_markdown, "![a ![b](c.png)](d.png)", "<p>a b</p>\n");
}

/* Whatever goes in, only the allowed tags and attributes come out. */
static void assert_only_allowed_markup(const char *html)
{
	static const char *const tags[] = {"p", "br", "strong", "em", "code", "pre", "blockquote",
					   "ul", "ol", "li", "hr", "h2", "h3", "h4", "h5", "h6", "a"};
	static const char *const attrs[] = {"href", "title", "start"};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		size_t n = strcspn(name, " />");
		int ok = 0;
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			ok |= strlen(tags[i]) == n && strncmp(tags[i], name, n) == 0;
		if (!ok)
			fail_msg("tag not allowed in: %s", html);
		const char *end = strchr(name, '>');
		assert_non_null(end);
		for (const char *a = name + n; a < end; a++) {
			if (*a != ' ' || strncmp(a, " />", 3) == 0)
				continue;
			size_t an = strcspn(a + 1, "=");
			int aok = 0;
			for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
				aok |= strlen(attrs[i]) == an && strncmp(attrs[i], a + 1, an) == 0;
			if (!aok)
				fail_msg("attribute not allowed in: %s", html);
			const char *q = strchr(a + an + 2, '"');
			assert_non_null(q);
			if (an == 4 && strncmp(a + 1, "href", 4) == 0 &&
			    strncmp(a + 7, "http://", 7) != 0 && strncmp(a + 7, "https://", 8) != 0 &&
			    strncasecmp(a + 7, "mailto:", 7) != 0)
				fail_msg("link not allowed in: %s", html);
			a = q;
		}
	}
}

static void test_markdown_allow_list(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"<script>alert(1)</script>",
		"<a href=\"javascript:x\" onclick=\"y\">a</a> <iframe src=x>",
		"<svg><script>x</script></svg> <style>p{}</style>",
		"[a](https://x.nl \"t\" onclick=\"y\") ![b](javascript:x \"t\")",
		"<https://x.nl/\"><script>> <javascript:alert(1)>",
		"| a | b |\n|---|---|\n| c | d |\n\n~~weg~~ www.example.org",
		"3. drie\n4. vier\n\n***\n\n    code\n\n# h\n\n[ref]: javascript:x\n\n[ref]",
		"<details open ontoggle=x>", "<<script>>", "``` onload=x\ny\n```",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct buf b;
		buf_init(&b, 0);
		html_markdown(&b, inputs[i]);
		const char *out = buf_cstr(&b);
		assert_only_allowed_markup(out);
		assert_null(strstr(out, "<script"));
		buf_free(&b);
	}
}

static void test_markdown_deep_nesting(void **state)
{
	(void)state;
	/* Thousands of nested quotes and images: no recursion to overflow. */
	size_t n = 20000;
	char *deep = malloc(n + 2);
	assert_non_null(deep);
	memset(deep, '>', n);
	deep[n] = 'x';
	deep[n + 1] = '\0';
	struct buf b;
	buf_init(&b, 0);
	html_markdown(&b, deep);
	assert_int_equal(b.failed, 0);
	assert_non_null(strstr(buf_cstr(&b), "<p>x</p>"));
	buf_reset(&b);
	for (size_t i = 0; i + 2 < n; i += 2)
		deep[i] = '!', deep[i + 1] = '[';
	memset(deep + n / 2, ']', n / 2);
	html_markdown(&b, deep);
	assert_int_equal(b.failed, 0);
	assert_null(strstr(buf_cstr(&b), "<img"));
	buf_free(&b);
	free(deep);
}

/* ---- totp --------------------------------------------------------------- */

/* The key of the RFC 4226 and RFC 6238 (SHA-1) test vectors. */
static const uint8_t rfc_key[] = "12345678901234567890";

static void test_totp_hotp_rfc4226(void **state)
{
	(void)state;
	static const uint32_t want[] = {755224, 287082, 359152, 969429, 338314,
					254676, 287922, 162583, 399871, 520489};
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(totp_hotp(rfc_key, 20, c, 6), want[c]);
	assert_int_equal(totp_hotp(rfc_key, 20, 0, 5), TOTP_FAILED);
	assert_int_equal(totp_hotp(rfc_key, 20, 0, 9), TOTP_FAILED);
}

/* RFC 6238 appendix B, SHA-1: time, 8-digit code. */
static const struct {
	int64_t t;
	uint32_t code;
} rfc6238[] = {
	{59, 94287082},
	{1111111109, 7081804},
	{1111111111, 14050471},
	{1234567890, 89005924},
	{2000000000, 69279037},
	{20000000000, 65353130},
};

static void test_totp_rfc6238(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rfc6238) / sizeof(rfc6238[0]); i++)
		assert_int_equal(totp_hotp(rfc_key, 20, (uint64_t)(rfc6238[i].t / TOTP_STEP), 8),
				 rfc6238[i].code);
}

static void test_totp_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rfc6238) / sizeof(rfc6238[0]); i++) {
		/* Six digits are the last six of the eight. */
		char code[7];
		int64_t t = rfc6238[i].t, step = -1;
		assert_true(snprintf(code, sizeof(code), "%06u", rfc6238[i].code % 1000000) == 6);
		assert_int_equal(totp_check(rfc_key, 20, code, t, &step), 1);
		assert_int_equal(step, t / TOTP_STEP);
		/* One step of drift either way, reported as the code's own step. */
		step = -1;
		assert_int_equal(totp_check(rfc_key, 20, code, t + TOTP_STEP, &step), 1);
		assert_int_equal(step, t / TOTP_STEP);
		step = -1;
		assert_int_equal(totp_check(rfc_key, 20, code, t - TOTP_STEP, &step), 1);
		assert_int_equal(step, t / TOTP_STEP);
		/* Two steps away it no longer counts. */
		assert_int_equal(totp_check(rfc_key, 20, code, t + 2 * TOTP_STEP, &step), 0);
		assert_int_equal(totp_check(rfc_key, 20, code, t - 2 * TOTP_STEP, &step), 0);
	}
	int64_t step = 0;
	/* 287082 is the code at t = 59 (step 1). */
	assert_int_equal(totp_check(rfc_key, 20, "287082", 59, &step), 1);
	assert_int_equal(totp_check(rfc_key, 20, "287083", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, "187082", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, "28708", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, "2870820", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, "28708a", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, " 87082", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, "", 59, &step), 0);
	assert_int_equal(totp_check(rfc_key, 20, NULL, 59, &step), 0);
	/* Before 1970 nothing is valid (step 0's code is 755224). */
	assert_int_equal(totp_check(rfc_key, 20, "755224", 0, &step), 1);
	assert_int_equal(totp_check(rfc_key, 20, "755224", -1, &step), 0);
	/* Another key gives other codes. */
	const uint8_t other[] = "12345678901234567891";
	assert_int_equal(totp_check(other, 20, "287082", 59, &step), 0);
}

static void test_base32(void **state)
{
	(void)state;
	char text[40];
	uint8_t bytes[TOTP_SECRET_BYTES];
	base32_encode(rfc_key, 20, text);
	assert_string_equal(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	/* RFC 4648 section 10, without padding. */
	base32_encode((const uint8_t *)"f", 1, text);
	assert_string_equal(text, "MY");
	base32_encode((const uint8_t *)"foobar", 6, text);
	assert_string_equal(text, "MZXW6YTBOI");
	base32_encode((const uint8_t *)"", 0, text);
	assert_string_equal(text, "");
	assert_int_equal(base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", bytes, sizeof(bytes)), 20);
	assert_memory_equal(bytes, rfc_key, 20);
	memset(bytes, 0, sizeof(bytes));
	assert_int_equal(base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", bytes, sizeof(bytes)), 20);
	assert_memory_equal(bytes, rfc_key, 20);
	assert_int_equal(base32_decode("MZXW6YTBOI======", bytes, sizeof(bytes)), 6);
	assert_memory_equal(bytes, "foobar", 6);
	assert_int_equal(base32_decode("MZXW6YTBOI", bytes, sizeof(bytes)), 6);
	assert_int_equal(base32_decode("", bytes, sizeof(bytes)), 0);
	/* Not base32: 0, 1, 8, 9 and punctuation are outside the alphabet. */
	assert_int_equal(base32_decode("GEZDGNB1", bytes, sizeof(bytes)), -1);
	assert_int_equal(base32_decode("GEZDGNB!", bytes, sizeof(bytes)), -1);
	assert_int_equal(base32_decode(NULL, bytes, sizeof(bytes)), -1);
	/* More bytes than room. */
	assert_int_equal(base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGE", bytes, sizeof(bytes)), -1);
	/* Every length round-trips, as recovery codes (7 bytes) need. */
	for (size_t n = 0; n <= 20; n++) {
		base32_encode(rfc_key, n, text);
		assert_int_equal(strlen(text), (n * 8 + 4) / 5);
		assert_int_equal(base32_decode(text, bytes, sizeof(bytes)), (int)n);
		assert_memory_equal(bytes, rfc_key, n);
	}
}

/* ---- i18n --------------------------------------------------------------- */

static void test_i18n(void **state)
{
	(void)state;
	const char *msgid = "This field is required.";
	assert_ptr_equal(i18n_translate(LANG_EN, msgid), msgid);
	assert_string_equal(i18n_translate(LANG_NL, msgid), "Dit veld is verplicht.");
	assert_string_equal(i18n_translate(LANG_NL, "Draft"), "Concept");
	const char *unknown = "No msgid like this one, surely.";
	assert_ptr_equal(i18n_translate(LANG_NL, unknown), unknown);
	assert_ptr_equal(i18n_translate(LANG_EN, unknown), unknown);
	assert_string_equal(i18n_translate(LANG_NL, ""), "");
	assert_null(i18n_translate(LANG_NL, NULL));
	/* A msgid that only differs in case is not translated. */
	assert_string_equal(i18n_translate(LANG_NL, "draft"), "draft");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append_and_cstr),
		cmocka_unit_test(test_buf_cap_enforced),
		cmocka_unit_test(test_buf_sticky_failure),
		cmocka_unit_test(test_buf_printf_growth),
		cmocka_unit_test(test_buf_printf_cap),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_large),
		cmocka_unit_test(test_arena_strndup_short),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_tz_days_from_civil),
		cmocka_unit_test(test_tz_date_valid),
		cmocka_unit_test(test_tz_parse_local),
		cmocka_unit_test(test_tz_dst_edges),
		cmocka_unit_test(test_tz_to_local),
		cmocka_unit_test(test_tz_round_trip),
		cmocka_unit_test(test_tz_format_iso),
		cmocka_unit_test(test_tz_parse_date),
		cmocka_unit_test(test_tz_now_override),
		cmocka_unit_test(test_lang_money),
		cmocka_unit_test(test_lang_decimal),
		cmocka_unit_test(test_lang_date),
		cmocka_unit_test(test_lang_codes),
		cmocka_unit_test(test_lang_from_accept),
		cmocka_unit_test(test_lang_from_accept_q_zero),
		cmocka_unit_test(test_html_text),
		cmocka_unit_test(test_html_url_arg),
		cmocka_unit_test(test_html_paragraphs),
		cmocka_unit_test(test_html_fill),
		cmocka_unit_test(test_html_raw_and_int),
		cmocka_unit_test(test_markdown_basics),
		cmocka_unit_test(test_markdown_links),
		cmocka_unit_test(test_markdown_headings),
		cmocka_unit_test(test_markdown_unsafe_removed),
		cmocka_unit_test(test_markdown_images),
		cmocka_unit_test(test_markdown_allow_list),
		cmocka_unit_test(test_markdown_deep_nesting),
		cmocka_unit_test(test_totp_hotp_rfc4226),
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_totp_check),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_i18n),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
