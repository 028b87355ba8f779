/*
 * Unit tests of the strict HTTP/1.1 framing parser (src/web/http1.c): what
 * a head is, what it refuses and with which status, and chunk-size lines.
 * The HTTP tests (tests/http/test_hardening.py) check the same on the wire.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <event2/http.h>
#include <string.h>

#include "web/http1.h"

static struct http1_head h;

static long parse(const char *s)
{
	return http1_parse_head(s, strlen(s), 16384, &h);
}

/* The status a head is refused with, or 0 when it is accepted. */
static int refused(const char *s)
{
	long n = parse(s);
	if (n > 0)
		return 0;
	return n == 0 ? -1 : h.status;
}

static void test_valid_get(void **state)
{
	(void)state;
	const char *s = "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept:  text/html \r\n\r\nrest";
	assert_int_equal(parse(s), strlen(s) - 4);
	assert_int_equal(h.method, EVHTTP_REQ_GET);
	assert_int_equal(h.minor, 1);
	assert_int_equal(h.target_len, 6);
	assert_memory_equal(h.target, "/a?b=c", 6);
	assert_int_equal(h.nfields, 2);
	assert_int_equal(h.fields[1].value_len, 9);
	assert_memory_equal(h.fields[1].value, "text/html", 9);
	assert_int_equal(h.content_length, -1);
	assert_false(h.chunked);
	assert_false(h.close);
}

static void test_framing_fields(void **state)
{
	(void)state;
	assert_true(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 42\r\n\r\n") > 0);
	assert_int_equal(h.content_length, 42);
	assert_true(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n") > 0);
	assert_true(h.chunked);
	assert_true(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n") > 0);
	assert_true(h.close);
	assert_true(parse("GET / HTTP/1.0\r\n\r\n") > 0);
	assert_true(h.close);
	assert_true(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n") > 0);
	assert_true(h.expect_continue);
	/* empty lines before the request line are skipped */
	assert_true(parse("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
}

static void test_incomplete(void **state)
{
	(void)state;
	assert_int_equal(refused("GET / HTTP/1.1\r\nHost: x\r\n"), -1);
	assert_int_equal(refused("GET / HT"), -1);
	assert_int_equal(refused(""), -1);
	/* what can never be a request is refused before it is complete */
	assert_int_equal(refused("\x16\x03\x01\x02"), 400);
}

static void test_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *head;
		int status;
	} cases[] = {
		{"GET / HTTP/1.1\r\n\r\n", 400},                                 /* no Host */
		{"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
		{"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1,1\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999999999999999\r\n\r\n", 413},
		{"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n", 400},
		{"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
		 "Content-Length: 5\r\n\r\n", 400},
		{"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
		{"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n", 400},
		{"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
		{"GET / HTTP/1.1\nHost: x\r\n\r\n", 400},
		{"GET / HTTP/1.1\r\nHost: x\nA: b\r\n\r\n", 400},
		{"GET / HTTP/1.1\r\nHost: x\rA: b\r\n\r\n", 400},
		{"GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
		{"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 400},
		{"GET / http/1.1\r\nHost: x\r\n\r\n", 400},
		{"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501},
		{"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501},
		{"POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = refused(cases[i].head);
		if (got != cases[i].status)
			fail_msg("case %zu: %s -> %d, want %d", i, cases[i].head, got, cases[i].status);
	}
}

static void test_limits(void **state)
{
	(void)state;
	char big[20000];
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(refused(big), 414);
	memcpy(big, "GET / HTTP/1.1\r\nHost: x\r\nX: ", 28);
	assert_int_equal(refused(big), 431);
	char many[4000] = "GET / HTTP/1.1\r\nHost: x\r\n";
	for (int i = 0; i < 120; i++)
		strcat(many, "A: b\r\n");
	strcat(many, "\r\n");
	assert_int_equal(refused(many), 431);
}

static long chunk(const char *s, uint64_t *size)
{
	return http1_parse_chunk_line(s, strlen(s), size);
}

static void test_chunk_lines(void **state)
{
	(void)state;
	uint64_t size = 0;
	assert_int_equal(chunk("1a\r\nxx", &size), 4);
	assert_int_equal(size, 26);
	assert_int_equal(chunk("FF;name=value\r\n", &size), 15);
	assert_int_equal(size, 255);
	assert_int_equal(chunk("0\r\n", &size), 3);
	assert_int_equal(size, 0);
	assert_int_equal(chunk("1a", &size), 0);
	assert_int_equal(chunk("1a\r", &size), 0);
	static const char *const bad[] = {
		"+1\r\n", "-1\r\n", " 1\r\n", "1 \r\n", "1 ;a\r\n", "0x1\r\n", "\r\n",
		"1\n", "1\rx", "123456789\r\n", "1;a b\r\n", "g\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (chunk(bad[i], &size) != -1)
			fail_msg("chunk line %zu accepted", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_get),
		cmocka_unit_test(test_framing_fields),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_chunk_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
