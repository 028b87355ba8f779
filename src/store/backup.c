/*
 * lwp backup / lwp restore over the database: the whole database as a
 * format-2 file (backup.h; checked by backup_format.c), the same on both
 * backends, so a backup of SQLite restores into PostgreSQL and back and a
 * round trip gives the same bytes. Backup reads in one read transaction and
 * refuses a database with a table or column the format does not know (a
 * migration that forgot the backup) or a value restore would refuse.
 * Restore checks each line before inserting it, inserts in file order
 * (parents first; an organisation's parent with a higher id is set once
 * all organisations are in), and commits only after the trailer proved the
 * file complete: one transaction, everything or nothing. Rate-limit
 * counters are not kept; nor are the counters of applications
 * (application_counts, store_counts.c): restore recounts them from the
 * restored rows in its transaction, so they always agree with the rows.
 */
#include "store/backup.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "core/buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Tables of the schema that a backup leaves out on purpose. */
static const char *const not_kept[] = {"schema_migrations", "rate_limits",
				       "application_counts", NULL};

#define PROGRESS_EVERY 2000

static void say(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	if (!msg || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
}

static void progress_report(const struct backup_progress *p, long done, long total)
{
	if (p && p->fn)
		p->fn(p->ctx, done, total);
}

/* Prepare SQL built from the constant names of the format. */
static int prepare_built(struct store *s, struct buf *sql, struct db_stmt **st)
{
	int rc = sql->failed ? LWP_ENOMEM : db_prepare_temp(s->db, buf_cstr(sql), st);
	buf_free(sql);
	return rc;
}

static void put_columns(struct buf *sql, int t)
{
	for (int c = 0; c < backup_column_count(t); c++)
		buf_printf(sql, "%s%s", c ? ", " : "", backup_column_name(t, c));
}

/* ---- backup */

static int kept_or_known(const char *name)
{
	for (int i = 0; not_kept[i]; i++)
		if (strcmp(not_kept[i], name) == 0)
			return 1;
	return backup_table_find(name) >= 0;
}

/* Every table of the database is in the format, with as many columns. */
static int check_schema(struct store *s, char *msg, size_t n)
{
	int pg = strcmp(db_backend(s->db), "postgres") == 0;
	struct db_stmt *st;
	int rc = db_prepare_temp(s->db, pg ? "SELECT table_name FROM information_schema.tables"
				 " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
				 : "SELECT name FROM sqlite_master WHERE type = 'table'"
				 " AND name NOT LIKE 'sqlite_%'", &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (name && !kept_or_known(name)) {
			say(msg, n, "the database has a table %s that the backup format does not"
			    " know; nothing was written", name);
			rc = LWP_EINVAL;
			break;
		}
	}
	db_finalize(st);
	for (int t = 0; rc >= 0 && t < backup_table_count(); t++) {
		struct buf sql;
		buf_init(&sql, 256);
		buf_printf(&sql, "SELECT * FROM %s WHERE 1 = 0", backup_table_name(t));
		if ((rc = prepare_built(s, &sql, &st)))
			return rc;
		rc = db_step(st);
		int cols = db_col_count(st);
		db_finalize(st);
		if (rc >= 0 && cols != backup_column_count(t)) {
			say(msg, n, "table %s has %d columns, the backup format %d; nothing was written",
			    backup_table_name(t), cols, backup_column_count(t));
			rc = LWP_EINVAL;
		}
	}
	return rc < 0 ? rc : 0;
}

static int count_rows(struct store *s, long *total)
{
	*total = 0;
	for (int t = 0; t < backup_table_count(); t++) {
		struct buf sql;
		struct db_stmt *st;
		buf_init(&sql, 256);
		buf_printf(&sql, "SELECT COUNT(*) FROM %s", backup_table_name(t));
		int rc = prepare_built(s, &sql, &st);
		if (rc)
			return rc;
		rc = db_step(st);
		if (rc == DB_ROW)
			*total += (long)db_col_int(st, 0);
		db_finalize(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int dump_table(struct store *s, struct backup_writer *w, int t,
		      const struct backup_progress *p, long *rows, long total)
{
	struct buf sql;
	struct db_stmt *st;
	const char *texts[BACKUP_COLUMNS_MAX];
	buf_init(&sql, 4096);
	buf_puts(&sql, "SELECT ");
	put_columns(&sql, t);
	buf_printf(&sql, " FROM %s ORDER BY 1", backup_table_name(t));
	int rc = prepare_built(s, &sql, &st);
	if (rc)
		return rc;
	int ncols = backup_column_count(t);
	while ((rc = db_step(st)) == DB_ROW) {
		for (int c = 0; c < ncols; c++)
			texts[c] = db_col_text(st, c);
		if ((rc = backup_writer_row(w, t, texts)))
			break;
		if (++*rows % PROGRESS_EVERY == 0)
			progress_report(p, *rows, total);
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_backup(struct store *s, FILE *out, const struct backup_progress *p,
		 long *rows, char *msg, size_t n)
{
	return store_backup_counted(s, out, p, rows, NULL, msg, n);
}

int store_backup_counted(struct store *s, FILE *out, const struct backup_progress *p,
			 long *rows, long *table_rows, char *msg, size_t n)
{
	struct backup_writer *w = NULL;
	char own[BACKUP_MSG_MAX];
	long total = -1;
	int version, rc = store_schema_version(s, &version);
	if (!msg || !n) {
		msg = own;
		n = sizeof(own);
	}
	msg[0] = '\0';
	*rows = 0;
	if (rc || (rc = db_begin_read(s->db)))
		return rc;
	/* One snapshot for every table (PostgreSQL's default gives one per
	 * statement; SQLite's read transaction is one already). */
	if (strcmp(db_backend(s->db), "postgres") == 0 &&
	    (rc = db_exec(s->db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")))
		goto done;
	if ((rc = check_schema(s, msg, n)) || (p && (rc = count_rows(s, &total))))
		goto done;
	if ((rc = backup_writer_new(out, version, &w)))
		goto done;
	for (int t = 0; !rc && t < backup_table_count(); t++) {
		long before = *rows;
		rc = dump_table(s, w, t, p, rows, total);
		if (table_rows)
			table_rows[t] = *rows - before;
	}
	if (!rc)
		rc = backup_writer_finish(w);
	if (!rc)
		progress_report(p, *rows, total);
done:
	if (rc == LWP_EINVAL && w && !msg[0])
		say(msg, n, "%s", backup_writer_message(w));
	backup_writer_free(w);
	db_rollback(s->db);
	return rc;
}

/* ---- restore */

/* A reference to be set once its table is complete. */
struct deferred {
	int64_t key, value;
	int table, col;
};

struct restore {
	struct store *s;
	struct backup_reader *reader;
	struct db_stmt *insert[BACKUP_TABLES_MAX]; /* per table, made on first use */
	struct deferred *def;
	size_t ndef, def_cap;
	char *msg;
	size_t msg_size;
};

static int database_is_empty(struct store *s)
{
	for (int t = 0; t < backup_table_count(); t++) {
		struct buf sql;
		struct db_stmt *st;
		buf_init(&sql, 256);
		buf_printf(&sql, "SELECT COUNT(*) FROM %s", backup_table_name(t));
		int rc = prepare_built(s, &sql, &st);
		if (rc)
			return rc;
		rc = db_step(st);
		int64_t count = rc == DB_ROW ? db_col_int(st, 0) : -1;
		db_finalize(st);
		if (count != 0)
			return count < 0 ? (rc < 0 ? rc : LWP_EDB) : LWP_ECONFLICT;
	}
	return 0;
}

static int insert_stmt(struct restore *r, int t, struct db_stmt **out)
{
	if (!r->insert[t]) {
		struct buf sql;
		buf_init(&sql, 4096);
		buf_printf(&sql, "INSERT INTO %s (", backup_table_name(t));
		put_columns(&sql, t);
		buf_puts(&sql, ") VALUES (?");
		for (int c = 1; c < backup_column_count(t); c++)
			buf_puts(&sql, ", ?");
		buf_puts(&sql, ")");
		int rc = prepare_built(r->s, &sql, &r->insert[t]);
		if (rc)
			return rc;
	}
	*out = r->insert[t];
	return 0;
}

static int defer(struct restore *r, const struct backup_row *row)
{
	if (r->ndef == r->def_cap) {
		size_t cap = r->def_cap ? r->def_cap * 2 : 64;
		struct deferred *d = realloc(r->def, cap * sizeof(*d));
		if (!d)
			return LWP_ENOMEM;
		r->def = d;
		r->def_cap = cap;
	}
	r->def[r->ndef++] = (struct deferred){row->v[0].i, row->v[row->deferred_col].i,
					      row->table, row->deferred_col};
	return 0;
}

static int insert_row(struct restore *r, const struct backup_row *row)
{
	struct db_stmt *st;
	int t = row->table, rc = insert_stmt(r, t, &st);
	if (rc)
		return rc;
	for (int c = 0; c < row->ncols; c++) {
		const struct backup_value *v = &row->v[c];
		if (v->null || c == row->deferred_col)
			db_bind_text(st, c + 1, NULL);
		else if (backup_column_is_int(t, c))
			db_bind_int(st, c + 1, v->i);
		else
			db_bind_text(st, c + 1, v->text);
	}
	rc = db_step(st); /* a failed bind fails the step */
	db_done(st);
	if (rc >= 0 && row->deferred_col >= 0)
		rc = defer(r, row);
	if (rc == LWP_ECONFLICT)
		say(r->msg, r->msg_size, "line %ld: table %s: the row repeats a value that must be"
		    " unique (a key, e-mail or token)", backup_reader_line_no(r->reader),
		    backup_table_name(t));
	else if (rc < 0 && rc != LWP_ENOMEM)
		say(r->msg, r->msg_size, "line %ld: table %s: the database refused the row (%.120s)",
		    backup_reader_line_no(r->reader), backup_table_name(t), db_errmsg(r->s->db));
	return rc < 0 ? rc : 0;
}

/* Set the references that pointed forward, now that their rows exist. */
static int apply_deferred(struct restore *r)
{
	struct db_stmt *st = NULL;
	int rc = 0, t = -1, col = -1;
	for (size_t i = 0; !rc && i < r->ndef; i++) {
		const struct deferred *d = &r->def[i];
		if (d->table != t || d->col != col) {
			struct buf sql;
			db_finalize(st);
			st = NULL;
			t = d->table;
			col = d->col;
			buf_init(&sql, 256);
			buf_printf(&sql, "UPDATE %s SET %s = ? WHERE %s = ?", backup_table_name(t),
				   backup_column_name(t, col), backup_column_name(t, 0));
			if ((rc = prepare_built(r->s, &sql, &st)))
				break;
		}
		db_bind_int(st, 1, d->value);
		db_bind_int(st, 2, d->key);
		rc = db_step(st);
		db_done(st);
	}
	db_finalize(st);
	if (rc < 0)
		say(r->msg, r->msg_size, "setting the references that point forward failed (%.120s)",
		    db_errmsg(r->s->db));
	return rc < 0 ? rc : 0;
}

/* PostgreSQL plans by statistics, which a freshly loaded database has
 * none of until autovacuum comes by: gather them before the commit, so
 * that the first pages after a restore are planned on the real sizes. */
static int analyse(struct store *s)
{
	return strcmp(db_backend(s->db), "postgres") == 0 ? db_exec(s->db, "ANALYZE") : 0;
}

/* After explicit ids were inserted, move PostgreSQL's identity sequences
 * past them (SQLite needs nothing). */
static int reset_sequences(struct store *s)
{
	if (strcmp(db_backend(s->db), "postgres") != 0)
		return 0;
	for (int t = 0; t < backup_table_count(); t++) {
		if (strcmp(backup_column_name(t, 0), "id") != 0)
			continue; /* keyed by another table's id: no sequence */
		struct buf sql;
		const char *name = backup_table_name(t);
		buf_init(&sql, 512);
		buf_printf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
			   " COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", name, name);
		int rc = sql.failed ? LWP_ENOMEM : db_exec(s->db, buf_cstr(&sql));
		buf_free(&sql);
		if (rc)
			return rc;
	}
	return 0;
}

/* The next line with its '\n' into b; b->len 0 at the end of the input.
 * A line over the cap is refused rather than grown without bound. */
static int read_line(FILE *in, struct buf *b)
{
	int ch;
	buf_reset(b);
	while ((ch = getc_unlocked(in)) != EOF) {
		if (buf_putc(b, (char)ch))
			return LWP_ETOOLARGE;
		if (ch == '\n')
			break;
	}
	return ferror(in) ? LWP_EIO : 0;
}

/* Lines in a seekable input, to show "N of M rows"; -1 for a pipe. */
static long count_lines(FILE *in)
{
	off_t start = ftello(in);
	long lines = 0;
	int ch;
	if (start < 0 || fseeko(in, start, SEEK_SET) != 0)
		return -1;
	while ((ch = getc_unlocked(in)) != EOF)
		lines += ch == '\n';
	if (ferror(in) || fseeko(in, start, SEEK_SET) != 0) {
		clearerr(in);
		return -1;
	}
	return lines > 2 ? lines - 2 : 0;
}

static int restore_lines(struct restore *r, FILE *in, const struct backup_progress *p,
			 long total)
{
	struct buf line;
	struct backup_row row;
	int rc = 0;
	buf_init(&line, BACKUP_LINE_MAX + 1);
	for (;;) {
		if ((rc = read_line(in, &line))) {
			if (rc == LWP_ETOOLARGE)
				say(r->msg, r->msg_size, "line %ld: longer than %u bytes",
				    backup_reader_line_no(r->reader) + 1, BACKUP_LINE_MAX);
			else
				say(r->msg, r->msg_size, "cannot read the file");
			rc = rc == LWP_ETOOLARGE ? LWP_EINVAL : rc;
			break;
		}
		if (line.len == 0) {
			rc = backup_reader_end(r->reader);
			break;
		}
		int kind = backup_reader_line(r->reader, line.data, line.len, &row);
		if (kind < 0) {
			rc = kind;
			break;
		}
		if (kind != BACKUP_ROW)
			continue;
		if ((rc = insert_row(r, &row)))
			break;
		long done = backup_reader_rows(r->reader);
		if (done % PROGRESS_EVERY == 0)
			progress_report(p, done, total);
	}
	buf_free(&line);
	if (rc == LWP_EINVAL && !r->msg[0])
		say(r->msg, r->msg_size, "%s", backup_reader_message(r->reader));
	return rc;
}

int store_restore(struct store *s, FILE *in, const struct backup_progress *p,
		  long *rows, char *msg, size_t n)
{
	struct restore r;
	char own[BACKUP_MSG_MAX];
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.msg = msg && n ? msg : own;
	r.msg_size = msg && n ? n : sizeof(own);
	r.msg[0] = '\0';
	*rows = 0;
	long total = p ? count_lines(in) : -1;
	int version, rc = store_schema_version(s, &version);
	if (rc || (rc = backup_reader_new(version, &r.reader)))
		goto out;
	if ((rc = db_begin_write(s->db)))
		goto out;
	if (!(rc = database_is_empty(s)) && !(rc = restore_lines(&r, in, p, total)) &&
	    !(rc = apply_deferred(&r)) && !(rc = reset_sequences(s)) &&
	    !(rc = store_counts_rebuild(s)) && !(rc = analyse(s)))
		rc = db_commit(s->db);
	else
		db_rollback(s->db);
	if (!rc) {
		*rows = backup_reader_rows(r.reader);
		progress_report(p, *rows, total);
	}
out:
	for (int t = 0; t < backup_table_count(); t++)
		db_finalize(r.insert[t]);
	free(r.def);
	backup_reader_free(r.reader);
	return rc;
}
