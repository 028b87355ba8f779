/*
 * Unit tests of the backup format (src/store/backup_format.c) and of
 * backup and restore over a real SQLite file (src/store/backup.c): the
 * writer's lines pass the reader, refusals name line, table and column, a
 * forward parent is deferred, and a restore backs up to the same bytes.
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

#include "core/error.h"
#include "store/backup.h"
#include "store/migrations.h"
#include "store/store.h"

static int schema(void) { return migrations[migration_count - 1].version; }

/* A file from rows of texts (as the database gives them), in memory. */
struct file {
	char *data;
	size_t len;
};

static const char *const org_fwd[] = {"1", "Agency", "agency", "agency", "2", "100"};
static const char *const org_parent[] = {"2", "Ministry", "ministry", "ministry", NULL, "100"};
static const char *const person[] = {"1", "Ann", "ann@x.example", "ann@x.example", "1", NULL,
				     NULL, "nl", "1", "100", "100", NULL};

static struct file write_file(int with_person)
{
	struct file f = {NULL, 0};
	FILE *out = open_memstream(&f.data, &f.len);
	struct backup_writer *w;
	assert_non_null(out);
	assert_int_equal(backup_writer_new(out, schema(), &w), 0);
	int orgs = backup_table_find("organisations");
	assert_int_equal(backup_writer_row(w, orgs, org_fwd), 0);
	assert_int_equal(backup_writer_row(w, orgs, org_parent), 0);
	if (with_person)
		assert_int_equal(backup_writer_row(w, backup_table_find("people"), person), 0);
	assert_int_equal(backup_writer_finish(w), 0);
	backup_writer_free(w);
	fclose(out);
	return f;
}

/* Feed f line by line; the result of the last line fed (or of the end). */
static int read_file(const char *data, size_t len, char *msg, size_t n, long *rows)
{
	struct backup_reader *r;
	struct backup_row row;
	int rc = 0;
	assert_int_equal(backup_reader_new(schema(), &r), 0);
	for (size_t at = 0; at < len && rc >= 0;) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (data + at)) + 1 : len - at;
		rc = backup_reader_line(r, data + at, l, &row);
		at += l;
	}
	if (rc >= 0)
		rc = backup_reader_end(r);
	snprintf(msg, n, "%s", backup_reader_message(r));
	if (rows)
		*rows = backup_reader_rows(r);
	backup_reader_free(r);
	return rc;
}

static void test_writer_output_is_accepted(void **state)
{
	(void)state;
	struct file f = write_file(1);
	char msg[BACKUP_MSG_MAX];
	long rows;
	assert_int_equal(read_file(f.data, f.len, msg, sizeof(msg), &rows), 0);
	assert_int_equal(rows, 3);
	assert_string_equal(msg, "");
	assert_non_null(strstr(f.data, "{\"lwp_backup\":2,\"schema\":"));
	assert_non_null(strstr(f.data, "\"parent_id\":2,"));   /* an integer, not "2" */
	assert_non_null(strstr(f.data, "\"function\":null,"));
	assert_non_null(strstr(f.data, "\"rows\":{\"organisations\":2,\"people\":1,"));
	free(f.data);
}

static void test_forward_parent_is_deferred(void **state)
{
	(void)state;
	struct file f = write_file(0);
	struct backup_reader *r;
	struct backup_row row;
	assert_int_equal(backup_reader_new(schema(), &r), 0);
	char *line = f.data, *nl;
	int kinds[4], n = 0, deferred[4];
	while (n < 4 && (nl = strchr(line, '\n'))) {
		kinds[n] = backup_reader_line(r, line, (size_t)(nl - line) + 1, &row);
		deferred[n] = kinds[n] == BACKUP_ROW ? row.deferred_col : -2;
		if (kinds[n] == BACKUP_ROW && n == 1) {
			assert_int_equal(row.v[0].i, 1);
			assert_int_equal(row.v[4].i, 2);
			assert_string_equal(row.v[1].text, "Agency");
		}
		n++;
		line = nl + 1;
	}
	assert_int_equal(n, 4);
	assert_int_equal(kinds[0], BACKUP_HEADER);
	assert_int_equal(kinds[1], BACKUP_ROW);
	assert_int_equal(deferred[1], 4); /* parent_id of id 1 is 2: later */
	assert_int_equal(deferred[2], -1);
	assert_int_equal(kinds[3], BACKUP_TRAILER);
	assert_int_equal(backup_reader_end(r), 0);
	backup_reader_free(r);
	free(f.data);
}

static void test_every_cut_is_refused(void **state)
{
	(void)state;
	struct file f = write_file(1);
	char msg[BACKUP_MSG_MAX];
	for (size_t cut = 0; cut < f.len; cut++) {
		assert_int_equal(read_file(f.data, cut, msg, sizeof(msg), NULL), LWP_EINVAL);
		assert_memory_equal(msg, "line ", 5);
	}
	free(f.data);
}

static void test_a_line_after_the_trailer_is_refused(void **state)
{
	(void)state;
	struct file f = write_file(1);
	char msg[BACKUP_MSG_MAX];
	char *twice = malloc(f.len * 2);
	assert_non_null(twice);
	memcpy(twice, f.data, f.len);
	memcpy(twice + f.len, f.data, f.len);
	assert_int_equal(read_file(twice, f.len * 2, msg, sizeof(msg), NULL), LWP_EINVAL);
	assert_string_equal(msg, "line 6: a line after the trailer");
	free(twice);
	free(f.data);
}

/* One row after the header, sealed or not: what the reader says of it. */
static void expect_refused(const char *row_line, const char *expect)
{
	char file[2048], msg[BACKUP_MSG_MAX];
	int n = snprintf(file, sizeof(file), "{\"lwp_backup\":2,\"schema\":%d}\n%s\n", schema(),
			 row_line);
	assert_true(n > 0 && (size_t)n < sizeof(file));
	assert_int_equal(read_file(file, (size_t)n, msg, sizeof(msg), NULL), LWP_EINVAL);
	if (!strstr(msg, expect))
		fail_msg("expected \"%s\" in \"%s\"", expect, msg);
}

#define ORG(fields) "{\"table\":\"organisations\",\"row\":{" fields "}}"

static void test_values_are_checked(void **state)
{
	(void)state;
	expect_refused(ORG("\"id\":1,\"name\":\"A\",\"name_key\":\"a\",\"kind\":\"alien\","
			   "\"parent_id\":null,\"created_at\":1"),
		       "line 2: table organisations, column kind: unknown value; expected one of"
		       " ministry, agency,");
	expect_refused(ORG("\"id\":\"1\",\"name\":\"A\",\"name_key\":\"a\",\"kind\":\"agency\","
			   "\"parent_id\":null,\"created_at\":1"),
		       "column id: a string where an integer belongs");
	expect_refused(ORG("\"id\":1,\"name\":null,\"name_key\":\"a\",\"kind\":\"agency\","
			   "\"parent_id\":null,\"created_at\":1"),
		       "column name: null in a column that is NOT NULL");
	expect_refused(ORG("\"id\":1,\"name\":\"A\",\"kind\":\"agency\","
			   "\"parent_id\":null,\"created_at\":1"),
		       "column name_key: missing");
	expect_refused(ORG("\"id\":1,\"name\":\"A\",\"name_key\":\"a\",\"kind\":\"agency\","
			   "\"parent_id\":null,\"created_at\":1,\"x\":2"),
		       "table organisations: unknown column \"x\"");
	expect_refused(ORG("\"id\":1,\"name\":\"A\",\"name_key\":\"a\",\"kind\":\"agency\","
			   "\"parent_id\":1.5,\"created_at\":1"),
		       "column parent_id: a fractional number where an integer belongs");
	expect_refused("{\"table\":\"people\",\"row\":{\"id\":1,\"name\":\"A\",\"email\":\"e\","
		       "\"email_key\":\"e\",\"organisation_id\":7,\"function\":null,\"phone\":null,"
		       "\"lang\":\"nl\",\"consent_directory\":0,\"created_at\":1,\"updated_at\":1,"
		       "\"anonymised_at\":null}}",
		       "column organisation_id: refers to organisations id 7, which is not in the backup");
	expect_refused("{\"table\":\"editions\",\"row\":{\"id\":1,\"slug\":\"s\",\"title\":\"t\","
		       "\"description\":\"\",\"capacity\":2147483648,\"deadline\":1,\"policy\":\"fcfs\","
		       "\"org_cap\":0,\"fee_cents\":0,\"accommodation_cents\":0,\"starts_on\":null,"
		       "\"ends_on\":null,\"guided_months\":3,\"location\":null,\"contact_name\":null,"
		       "\"contact_email\":null,\"status\":\"open\",\"created_at\":1}}",
		       "column capacity: 2147483648 is outside 1..2147483647");
	expect_refused("{\"table\":\"nothing\",\"row\":{}}", "line 2: unknown table \"nothing\"");
	expect_refused("{\"lwp_backup_end\":2,\"rows\":{},\"sha256\":\"00\"}",
		       "the trailer counts 0 tables");
}

static void test_writer_refuses_what_would_not_restore(void **state)
{
	(void)state;
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	struct backup_writer *w;
	assert_int_equal(backup_writer_new(out, schema(), &w), 0);
	static const char *const lots[] = {"1", "A", "a", "agency", NULL, "lots"};
	assert_int_equal(backup_writer_row(w, backup_table_find("organisations"), lots), LWP_EINVAL);
	assert_non_null(strstr(backup_writer_message(w), "column created_at: the database holds"
			       " a value that is not an integer"));
	static const char *const kind[] = {"1", "A", "a", "company", NULL, "1"};
	assert_int_equal(backup_writer_row(w, backup_table_find("organisations"), kind), LWP_EINVAL);
	assert_non_null(strstr(backup_writer_message(w), "the row with key 1"));
	backup_writer_free(w);
	fclose(out);
	free(data);
}

/* ---- over a SQLite file ------------------------------------------------- */

static struct store *open_new(char *path, size_t n)
{
	struct store *s;
	struct lwp_error err = {0};
	char url[300];
	snprintf(path, n, "/tmp/lwp-unit-backup-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &s, &err), 0);
	assert_int_equal(store_migrate(s, NULL), 0);
	return s;
}

static void remove_db(const char *path)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void test_restore_and_backup_give_the_same_bytes(void **state)
{
	(void)state;
	char path[64], msg[BACKUP_MSG_MAX];
	struct file f = write_file(1);
	struct store *s = open_new(path, sizeof(path));
	long rows;
	FILE *in = fmemopen(f.data, f.len, "r");
	assert_int_equal(store_restore(s, in, NULL, &rows, msg, sizeof(msg)), 0);
	fclose(in);
	assert_int_equal(rows, 3);
	char *again = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&again, &len);
	assert_int_equal(store_backup(s, out, NULL, &rows, msg, sizeof(msg)), 0);
	fclose(out);
	assert_int_equal(len, f.len);
	assert_memory_equal(again, f.data, f.len);
	/* into a database with rows: refused, and it keeps its rows */
	in = fmemopen(f.data, f.len, "r");
	assert_int_equal(store_restore(s, in, NULL, &rows, msg, sizeof(msg)), LWP_ECONFLICT);
	fclose(in);
	free(again);
	store_close(s);
	remove_db(path);
	free(f.data);
}

static void test_refused_restore_leaves_nothing(void **state)
{
	(void)state;
	char path[64], msg[BACKUP_MSG_MAX];
	struct file f = write_file(1);
	struct store *s = open_new(path, sizeof(path));
	long rows;
	/* all rows are fine; the trailer is cut: nothing may stay */
	FILE *in = fmemopen(f.data, f.len - 10, "r");
	assert_int_equal(store_restore(s, in, NULL, &rows, msg, sizeof(msg)), LWP_EINVAL);
	fclose(in);
	assert_non_null(strstr(msg, "line 5: cut off"));
	in = fmemopen(f.data, f.len, "r");
	assert_int_equal(store_restore(s, in, NULL, &rows, msg, sizeof(msg)), 0);
	fclose(in);
	assert_int_equal(rows, 3);
	store_close(s);
	remove_db(path);
	free(f.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_output_is_accepted),
		cmocka_unit_test(test_forward_parent_is_deferred),
		cmocka_unit_test(test_every_cut_is_refused),
		cmocka_unit_test(test_a_line_after_the_trailer_is_refused),
		cmocka_unit_test(test_values_are_checked),
		cmocka_unit_test(test_writer_refuses_what_would_not_restore),
		cmocka_unit_test(test_restore_and_backup_give_the_same_bytes),
		cmocka_unit_test(test_refused_restore_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
