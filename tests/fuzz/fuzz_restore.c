/*
 * libFuzzer target for the restore line reader (src/store/backup_format.c):
 * arbitrary bytes split into lines as `lwp restore` reads them, fed to a
 * backup_reader without a database. Checks that every row handed out fits
 * its columns (integers where integers belong, valid UTF-8 texts, NULL only
 * where allowed), that a refusal names its line and sticks, that nothing
 * is taken after the trailer, and that a file the reader accepts, written
 * again by backup_writer, is accepted again with the same rows.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "store/backup.h"
#include "store/migrations.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_row(const struct backup_row *row)
{
	if (row->table < 0 || row->table >= backup_table_count() ||
	    row->ncols != backup_column_count(row->table) ||
	    row->deferred_col < -1 || row->deferred_col >= row->ncols)
		abort();
	for (int c = 0; c < row->ncols; c++) {
		const struct backup_value *v = &row->v[c];
		if (v->null) {
			if (c == 0 || c == row->deferred_col)
				abort(); /* keys and deferred references are never NULL */
			continue;
		}
		if (backup_column_is_int(row->table, c)) {
			if (v->text)
				abort();
		} else if (!v->text || !utf8_valid(v->text, strlen(v->text))) {
			abort();
		}
	}
	if (row->v[0].null || !backup_column_is_int(row->table, 0))
		abort();
}

/* The row as the database would give it back: integers in decimal. */
static int rewrite_row(struct backup_writer *w, const struct backup_row *row)
{
	char ints[BACKUP_COLUMNS_MAX][24];
	const char *texts[BACKUP_COLUMNS_MAX];
	for (int c = 0; c < row->ncols; c++) {
		const struct backup_value *v = &row->v[c];
		if (v->null) {
			texts[c] = NULL;
		} else if (backup_column_is_int(row->table, c)) {
			snprintf(ints[c], sizeof(ints[c]), "%" PRId64, v->i);
			texts[c] = ints[c];
		} else {
			texts[c] = v->text;
		}
	}
	return backup_writer_row(w, row->table, texts);
}

/* Read a whole buffer; the number of rows, or -1 when refused. */
static long read_all(const char *p, size_t size, int schema, struct backup_writer *w)
{
	struct backup_reader *r;
	struct backup_row row;
	long rows = 0;
	int trailer = 0, failed = 0;
	if (backup_reader_new(schema, &r))
		return -1;
	for (size_t at = 0; at < size;) {
		const char *nl = memchr(p + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (p + at)) + 1 : size - at;
		int kind = backup_reader_line(r, p + at, len, &row);
		at += len;
		if (kind < 0) {
			const char *msg = backup_reader_message(r);
			if (kind != LWP_EINVAL && kind != LWP_ENOMEM)
				abort();
			if (!failed && strncmp(msg, "line ", 5) != 0)
				abort();
			failed = 1;
			continue;
		}
		if (failed || trailer)
			abort(); /* a refusal sticks; nothing is taken after the trailer */
		if (kind == BACKUP_HEADER && backup_reader_line_no(r) != 1)
			abort();
		if (kind == BACKUP_ROW) {
			check_row(&row);
			rows++;
			if (w && rewrite_row(w, &row))
				abort(); /* what the reader took, the writer must take */
		}
		trailer = kind == BACKUP_TRAILER;
	}
	int end = backup_reader_end(r);
	if ((end == 0) != (trailer && !failed))
		abort();
	if (backup_reader_rows(r) != rows)
		abort();
	backup_reader_free(r);
	return end == 0 ? rows : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int schema = migrations[migration_count - 1].version;
	char *copy = NULL;
	size_t copy_len = 0;
	FILE *out = open_memstream(&copy, &copy_len);
	struct backup_writer *w = NULL;
	if (!out)
		return 0;
	if (backup_writer_new(out, schema, &w))
		abort();
	long rows = read_all((const char *)data, size, schema, w);
	if (rows >= 0) {
		if (backup_writer_finish(w))
			abort();
		fclose(out);
		out = NULL;
		if (read_all(copy, copy_len, schema, NULL) != rows)
			abort();
	}
	backup_writer_free(w);
	if (out)
		fclose(out);
	free(copy);
	return 0;
}
