/*
 * The backup file format (version 2) and its line reader, shared by
 * `lwp backup` / `lwp restore` (backup.c, over the database) and the fuzz
 * target (without one). backup_format.c holds the tables, their columns
 * with type and domain, the reader that checks every line, and the writer
 * that produces lines the reader accepts.
 *
 * A file is JSON lines, each ending in '\n':
 *   {"lwp_backup":2,"schema":N}                         header
 *   {"table":T,"row":{"col":value,...}}                 one per row
 *   {"lwp_backup_end":2,"rows":{T:count,...},"sha256":H} trailer
 * Tables come in dependency order (parents first), rows by their key
 * ascending; integers are JSON integers, texts strings, SQL NULL null. H is
 * the SHA-256 (lowercase hex) of every byte before the trailer line; the
 * trailer counts the rows of every table, and nothing may follow it. A file
 * that is cut, edited or appended to is refused as a whole.
 */
#ifndef LWP_STORE_BACKUP_H
#define LWP_STORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BACKUP_FORMAT 2
/* Longest line read or written (an outbox message with its HTML body). */
#define BACKUP_LINE_MAX (16u << 20)
#define BACKUP_COLUMNS_MAX 64
#define BACKUP_TABLES_MAX 64
#define BACKUP_MSG_MAX 320

/* The tables in file order and their columns (names are constants). */
int backup_table_count(void);
const char *backup_table_name(int table);
int backup_column_count(int table);
const char *backup_column_name(int table, int col);
int backup_column_is_int(int table, int col);
/* -1 when name is not a table of the format. */
int backup_table_find(const char *name);

struct backup_value {
	int null;
	int64_t i;        /* integer columns */
	const char *text; /* text columns; valid until the next line is read */
};

/* One checked row. deferred_col >= 0 names a column that refers to a row
 * of the same table not yet seen (an organisation's parent with a higher
 * id): insert NULL there and set it once the table is complete. */
struct backup_row {
	int table;
	int ncols;
	int deferred_col;
	struct backup_value v[BACKUP_COLUMNS_MAX];
};

enum backup_line_kind { BACKUP_HEADER = 1, BACKUP_ROW = 2, BACKUP_TRAILER = 3 };

/* Checks a file line by line: syntax, order, every value against its
 * column's type and domain, references to rows earlier in the file, and at
 * the trailer the counts and the checksum. Needs no database. */
struct backup_reader;

/* schema: the version the target database has; the header must name it. */
int backup_reader_new(int schema, struct backup_reader **out);
void backup_reader_free(struct backup_reader *r);
/* Feed the next line, len bytes including its final '\n' (a line without
 * one is a cut file). Returns a backup_line_kind (for BACKUP_ROW, *row is
 * filled) or LWP_EINVAL / LWP_ENOMEM with backup_reader_message set. After
 * a failure the reader refuses every further line. */
int backup_reader_line(struct backup_reader *r, const char *line, size_t len,
		       struct backup_row *row);
/* At the end of the input: 0 when the trailer was read and accepted,
 * LWP_EINVAL (with the message) when the file stopped before it. */
int backup_reader_end(struct backup_reader *r);
/* "line N: table T, column C: what is wrong" ("" when nothing is). */
const char *backup_reader_message(const struct backup_reader *r);
long backup_reader_line_no(const struct backup_reader *r);
long backup_reader_rows(const struct backup_reader *r);

/* Writes a file whose every line has passed a backup_reader, so that what
 * backup writes, restore takes. Values come as the database's text. */
struct backup_writer;

int backup_writer_new(FILE *out, int schema, struct backup_writer **out_w);
void backup_writer_free(struct backup_writer *w);
/* texts[c] for each column of table (NULL for SQL NULL); LWP_EINVAL with
 * the message when a value would not restore, LWP_EIO on a write error. */
int backup_writer_row(struct backup_writer *w, int table, const char *const *texts);
/* Write the trailer (counts and checksum) and flush. */
int backup_writer_finish(struct backup_writer *w);
const char *backup_writer_message(const struct backup_writer *w);

/* Called every few thousand rows and once at the end; total is -1 when
 * not known in advance (a restore from a pipe). */
struct backup_progress {
	void (*fn)(void *ctx, long done, long total);
	void *ctx;
};

/* The whole database, consistent as of one moment, as a format-2 file.
 * Refuses (LWP_EINVAL, msg says which row) a database holding a value
 * that restore would refuse, or a table or column this format lacks.
 * *rows gets the count; progress may be NULL. */
struct store;
int store_backup(struct store *s, FILE *out, const struct backup_progress *progress,
		 long *rows, char *msg, size_t msg_size);
/* The same, with the rows of each table (in file order: table_rows[t] for
 * t < backup_table_count(), set as each table is written). */
int store_backup_counted(struct store *s, FILE *out, const struct backup_progress *progress,
			 long *rows, long *table_rows, char *msg, size_t msg_size);
/* Load a backup into a database without rows in one transaction: all or
 * nothing. LWP_ECONFLICT when the database has rows, LWP_EINVAL for a
 * damaged or invalid file (msg names the line, table and column). */
int store_restore(struct store *s, FILE *in, const struct backup_progress *progress,
		  long *rows, char *msg, size_t msg_size);

#endif
