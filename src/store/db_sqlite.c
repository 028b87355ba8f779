/*
 * SQLite driver of db.h: WAL, foreign keys, synchronous=FULL so that a
 * committed (acknowledged) write survives a crash or power loss, a busy
 * timeout, and a small per-connection cache of prepared statements.
 * One connection per thread (SQLITE_OPEN_NOMUTEX).
 */
#include "store/db.h"
#include "core/log.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 64

struct db_stmt {
	const char *sql;
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	sqlite3 *conn;
	int ncached;
	struct db_stmt cache[STMT_CACHE];
};

static const char *const connection_pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=MEMORY;";

int db_open(const char *url, struct db **out, struct lwp_error *err)
{
	const char *path = url;
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else if (strstr(url, "://"))
		return lwp_fail(err, LWP_EINVAL, "db",
				"Unsupported database URL; use sqlite:PATH.");
	if (!*path)
		return lwp_fail(err, LWP_EINVAL, "db", "Empty database path.");
	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		return lwp_fail(err, LWP_ENOMEM, NULL, "Out of memory.");
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, 10000);
	if (sqlite3_exec(db->conn, connection_pragmas, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	*out = db;
	return 0;
fail:
	log_error("sqlite: cannot open database: %s",
		  db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
	sqlite3_close(db->conn);
	free(db);
	return lwp_fail(err, LWP_EDB, "db", "Cannot open the database.");
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncached; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->conn);
	free(db);
}

static int map_rc(struct db *db, int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return LWP_EBUSY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return LWP_ECONFLICT;
		break;
	case SQLITE_NOMEM:
		return LWP_ENOMEM;
	}
	log_error("sqlite: %s", sqlite3_errmsg(db->conn));
	return LWP_EDB;
}

int db_exec(struct db *db, const char *sql)
{
	return map_rc(db, sqlite3_exec(db->conn, sql, NULL, NULL, NULL));
}

int db_begin_write(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_begin_read(struct db *db)
{
	return db_exec(db, "BEGIN");
}

int db_commit(struct db *db)
{
	int rc = db_exec(db, "COMMIT");
	if (rc)
		db_rollback(db);
	return rc;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	for (int i = 0; i < db->ncached; i++) {
		if (db->cache[i].sql == sql) {
			*out = &db->cache[i];
			return 0;
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(db, rc);
	if (db->ncached == STMT_CACHE) {
		/* Full cache: evict the oldest entry. */
		sqlite3_finalize(db->cache[0].st);
		memmove(db->cache, db->cache + 1, sizeof(db->cache[0]) * (STMT_CACHE - 1));
		db->ncached--;
	}
	struct db_stmt *s = &db->cache[db->ncached++];
	s->sql = sql;
	s->st = st;
	s->db = db;
	*out = s;
	return 0;
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(st->db, sqlite3_bind_int64(st->st, idx, v));
}

int db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	int rc = v ? sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT)
		   : sqlite3_bind_null(st->st, idx);
	return map_rc(st->db, rc);
}

int db_step(struct db_stmt *st)
{
	return map_rc(st->db, sqlite3_step(st->st));
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

void db_done(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->conn);
}

int db_check_integrity(struct db *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA integrity_check", -1, &st, NULL))
		return LWP_EDB;
	int ok = sqlite3_step(st) == SQLITE_ROW &&
		 strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : LWP_EDB;
}
