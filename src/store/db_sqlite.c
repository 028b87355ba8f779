/*
 * SQLite driver of db.h: WAL, foreign keys, synchronous=FULL so that a
 * committed (acknowledged) write survives a crash or power loss, a busy
 * timeout, and a small per-connection cache of prepared statements.
 * One connection per thread (SQLITE_OPEN_NOMUTEX).
 */
#include "store/db_driver.h"
#include "core/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 64

struct db_stmt {
	struct db_stmt_base base;
	const char *sql;
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	struct db_base base;
	sqlite3 *conn;
	int holds_write_lock;
	int ncached;
	struct db_stmt cache[STMT_CACHE];
};

static const char *const connection_pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=MEMORY;";

static int sq_open(const char *url, struct db **out, struct lwp_error *err)
{
	const char *path = url;
	if (strncmp(url, "sqlite:", 7) == 0)
		path = url + 7;
	else if (strstr(url, "://"))
		return lwp_fail(err, LWP_EINVAL, "db",
				"Unsupported database URL; use sqlite:PATH or postgres://...");
	if (!*path)
		return lwp_fail(err, LWP_EINVAL, "db", "Empty database path.");
	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		return lwp_fail(err, LWP_ENOMEM, NULL, "Out of memory.");
	db->base.ops = &db_sqlite_ops;
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

static void sq_close(struct db *db)
{
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

static int sq_exec(struct db *db, const char *sql)
{
	return map_rc(db, sqlite3_exec(db->conn, sql, NULL, NULL, NULL));
}

/* Writers of this process queue on a mutex before BEGIN IMMEDIATE: SQLite's
 * own busy handler sleeps in steps of up to 100 ms, which would stall every
 * connection of the waiting event loop; the mutex wakes it as soon as the
 * lock is free. Other processes still meet SQLite's lock and busy timeout. */
static pthread_mutex_t process_write_lock = PTHREAD_MUTEX_INITIALIZER;

static void release_write_lock(struct db *db)
{
	if (db->holds_write_lock) {
		db->holds_write_lock = 0;
		pthread_mutex_unlock(&process_write_lock);
	}
}

/* BEGIN IMMEDIATE takes the write lock now, not at the first write, so
 * that what the transaction reads first (places taken) cannot change. */
static int sq_begin_write(struct db *db)
{
	pthread_mutex_lock(&process_write_lock);
	db->holds_write_lock = 1;
	int rc = sq_exec(db, "BEGIN IMMEDIATE");
	if (rc)
		release_write_lock(db);
	return rc;
}

static int sq_begin_read(struct db *db) { return sq_exec(db, "BEGIN"); }

static void sq_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	release_write_lock(db);
}

static int sq_commit(struct db *db)
{
	int rc = sq_exec(db, "COMMIT");
	if (rc)
		sq_rollback(db);
	release_write_lock(db);
	return rc;
}

static int sq_prepare(struct db *db, const char *sql, int cached, struct db_stmt **out)
{
	if (cached) {
		for (int i = 0; i < db->ncached; i++) {
			if (db->cache[i].sql == sql) {
				*out = &db->cache[i];
				return 0;
			}
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1,
				    cached ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(db, rc);
	struct db_stmt *s;
	if (!cached) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			sqlite3_finalize(st);
			return LWP_ENOMEM;
		}
	} else {
		if (db->ncached == STMT_CACHE) {
			/* Full cache: evict the oldest entry. */
			sqlite3_finalize(db->cache[0].st);
			memmove(db->cache, db->cache + 1,
				sizeof(db->cache[0]) * (STMT_CACHE - 1));
			db->ncached--;
		}
		s = &db->cache[db->ncached++];
	}
	s->base.ops = &db_sqlite_ops;
	s->sql = cached ? sql : NULL;
	s->st = st;
	s->db = db;
	*out = s;
	return 0;
}

/* Only for statements from sq_prepare with cached = 0. */
static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(st->st);
	free(st);
}

static int sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(st->db, sqlite3_bind_int64(st->st, idx, v));
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *v)
{
	int rc = v ? sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT)
		   : sqlite3_bind_null(st->st, idx);
	return map_rc(st->db, rc);
}

static int sq_step(struct db_stmt *st) { return map_rc(st->db, sqlite3_step(st->st)); }
static int64_t sq_col_int(struct db_stmt *st, int col) { return sqlite3_column_int64(st->st, col); }
static const char *sq_col_text(struct db_stmt *st, int col) { return (const char *)sqlite3_column_text(st->st, col); }
static int sq_col_count(struct db_stmt *st) { return sqlite3_column_count(st->st); }
static int sq_col_is_null(struct db_stmt *st, int col) { return sqlite3_column_type(st->st, col) == SQLITE_NULL; }

static void sq_done(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(db->conn); }

static int sq_check_integrity(struct db *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA integrity_check", -1, &st, NULL))
		return LWP_EDB;
	int ok = sqlite3_step(st) == SQLITE_ROW &&
		 strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : LWP_EDB;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open, .close = sq_close, .exec = sq_exec,
	.begin_write = sq_begin_write, .begin_read = sq_begin_read,
	.commit = sq_commit, .rollback = sq_rollback,
	.prepare = sq_prepare, .finalize = sq_finalize,
	.bind_int = sq_bind_int, .bind_text = sq_bind_text, .step = sq_step,
	.col_int = sq_col_int, .col_text = sq_col_text, .col_count = sq_col_count,
	.col_is_null = sq_col_is_null, .done = sq_done, .errmsg = sq_errmsg,
	.check_integrity = sq_check_integrity,
};
