/*
 * The database driver interface under the store: open a connection,
 * transactions, prepared statements with bound parameters, rows. SQL is
 * written once with '?' placeholders in portable SQL (RETURNING, ON
 * CONFLICT); a driver translates placeholders and maps its errors to the
 * project's result codes. Only the store layer includes this header.
 */
#ifndef LWP_STORE_DB_H
#define LWP_STORE_DB_H

#include <stdint.h>

#include "core/error.h"

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

/* url: "sqlite:PATH", a plain path, or "postgres://..." / "postgresql://...". */
LWP_MUST_USE int db_open(const char *url, struct db **out, struct lwp_error *err);
/* "sqlite" or "postgres". */
const char *db_backend(struct db *db);
void db_close(struct db *db);

/* Run statements without parameters (DDL, several separated by ';'). */
LWP_MUST_USE int db_exec(struct db *db, const char *sql);

/* A write transaction takes the write lock at its start (BEGIN IMMEDIATE),
 * so that a rule checked inside it (places left) holds until commit. */
LWP_MUST_USE int db_begin_write(struct db *db);
LWP_MUST_USE int db_begin_read(struct db *db);
LWP_MUST_USE int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Prepared statements are cached per connection, keyed by the address of
 * the SQL text, so sql must be a string constant. */
LWP_MUST_USE int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
/* A failed bind is kept and returned by the next db_step. */
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL binds NULL */
/* DB_ROW, DB_DONE, or a negative result (LWP_ECONFLICT for a unique
 * violation, LWP_EBUSY when locked, LWP_EDB otherwise). */
LWP_MUST_USE int db_step(struct db_stmt *st);
int64_t db_col_int(struct db_stmt *st, int col);
/* Column text valid until the next step or db_done; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
/* Reset the statement and clear its bindings; call after every use. */
void db_done(struct db_stmt *st);

/* A statement outside the cache (for SQL built at run time from constants,
 * e.g. by backup); free it with db_finalize. */
LWP_MUST_USE int db_prepare_temp(struct db *db, const char *sql, struct db_stmt **out);
void db_finalize(struct db_stmt *st);
int db_col_count(struct db_stmt *st);
int db_col_is_null(struct db_stmt *st, int col);

/* Message of the last error, for logs (never contains bound values). */
const char *db_errmsg(struct db *db);
/* Run a consistency check; 0 when the database is intact. */
LWP_MUST_USE int db_check_integrity(struct db *db);

#endif
