/*
 * The table of functions a database driver provides behind db.h; db.c
 * dispatches to it. Drivers: db_sqlite.c, db_postgres.c.
 */
#ifndef LWP_STORE_DB_DRIVER_H
#define LWP_STORE_DB_DRIVER_H

#include "store/db.h"

struct db_ops {
	const char *name;
	int (*open)(const char *url, struct db **out, struct lwp_error *err);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*begin_write)(struct db *db);
	int (*begin_read)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	int (*prepare)(struct db *db, const char *sql, int cached, struct db_stmt **out);
	void (*finalize)(struct db_stmt *st);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *v);
	int (*step)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	int (*col_count)(struct db_stmt *st);
	int (*col_is_null)(struct db_stmt *st, int col);
	void (*done)(struct db_stmt *st);
	const char *(*errmsg)(struct db *db);
	int (*check_integrity)(struct db *db);
};

/* Every driver's struct db and struct db_stmt start with these. */
struct db_base {
	const struct db_ops *ops;
};
struct db_stmt_base {
	const struct db_ops *ops;
	int bind_error; /* first failed bind since db_done (db.c) */
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_postgres_ops;

#endif
