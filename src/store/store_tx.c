/*
 * The one place where a write transaction begins and ends: store_write()
 * runs a service's body inside it and retries when the database was busy.
 */
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"

/* The busy timeout (SQLite) and the advisory lock (PostgreSQL) already
 * wait for the write lock; a retry covers a lost connection or a
 * serialisation failure. */
#define WRITE_ATTEMPTS 5

int store_write(struct store *s, store_tx_fn fn, void *ctx)
{
	int rc = LWP_EBUSY;
	for (int attempt = 0; rc == LWP_EBUSY && attempt < WRITE_ATTEMPTS; attempt++) {
		if ((rc = db_begin_write(s->db)))
			continue;
		rc = fn(s, ctx);
		if (rc == 0)
			rc = db_commit(s->db);
		else
			db_rollback(s->db);
	}
	return rc;
}
