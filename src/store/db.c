/* Dispatch of db.h to the driver chosen by the URL's scheme. */
#include "store/db_driver.h"

#include <string.h>

#define OPS(x) (((const struct db_base *)(x))->ops)
#define SOPS(x) (((const struct db_stmt_base *)(x))->ops)

int db_open(const char *url, struct db **out, struct lwp_error *err)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_postgres_ops.open(url, out, err);
	return db_sqlite_ops.open(url, out, err);
}

const char *db_backend(struct db *db) { return OPS(db)->name; }
void db_close(struct db *db) { if (db) OPS(db)->close(db); }
int db_exec(struct db *db, const char *sql) { return OPS(db)->exec(db, sql); }
int db_begin_write(struct db *db) { return OPS(db)->begin_write(db); }
int db_begin_read(struct db *db) { return OPS(db)->begin_read(db); }
int db_commit(struct db *db) { return OPS(db)->commit(db); }
void db_rollback(struct db *db) { OPS(db)->rollback(db); }
int db_prepare(struct db *db, const char *sql, struct db_stmt **out) { return OPS(db)->prepare(db, sql, 1, out); }
int db_prepare_temp(struct db *db, const char *sql, struct db_stmt **out) { return OPS(db)->prepare(db, sql, 0, out); }
void db_finalize(struct db_stmt *st) { if (st) SOPS(st)->finalize(st); }

/* A failed bind sticks to the statement: the step reports it, so a value
 * can never silently be stored as NULL. db_done clears it. */
static void bind_result(struct db_stmt *st, int rc)
{
	struct db_stmt_base *b = (struct db_stmt_base *)st;
	if (rc < 0 && !b->bind_error)
		b->bind_error = rc;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v) { bind_result(st, SOPS(st)->bind_int(st, idx, v)); }
void db_bind_text(struct db_stmt *st, int idx, const char *v) { bind_result(st, SOPS(st)->bind_text(st, idx, v)); }

int db_step(struct db_stmt *st)
{
	int bind_error = ((const struct db_stmt_base *)st)->bind_error;
	return bind_error ? bind_error : SOPS(st)->step(st);
}

int64_t db_col_int(struct db_stmt *st, int col) { return SOPS(st)->col_int(st, col); }
const char *db_col_text(struct db_stmt *st, int col) { return SOPS(st)->col_text(st, col); }
int db_col_count(struct db_stmt *st) { return SOPS(st)->col_count(st); }
int db_col_is_null(struct db_stmt *st, int col) { return SOPS(st)->col_is_null(st, col); }
void db_done(struct db_stmt *st)
{
	((struct db_stmt_base *)st)->bind_error = 0;
	SOPS(st)->done(st);
}
const char *db_errmsg(struct db *db) { return OPS(db)->errmsg(db); }
int db_check_integrity(struct db *db) { return OPS(db)->check_integrity(db); }
