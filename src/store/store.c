/*
 * The store: opening a connection, the schema's migrations and the
 * integrity check. The aggregates have a file each (store_editions.c,
 * store_applications.c, ...); in each, every statement is a named constant
 * next to the function that runs it, with its row mapping beside it, and
 * parameters are always bound.
 */
#include "store/store.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "store/migrations.h"
#include "core/log.h"
#include "domain/rules.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int store_open(const char *url, struct store **out, struct lwp_error *err)
{
	if (sodium_init() < 0)
		return lwp_fail(err, LWP_EIO, NULL, "libsodium failed to start.");
	struct store *s = calloc(1, sizeof(*s));
	if (!s)
		return lwp_fail(err, LWP_ENOMEM, NULL, "Out of memory.");
	int rc = store_secrets_open(s, url, err);
	if (rc || (rc = db_open(url, &s->db, err))) {
		sodium_memzero(s->key, sizeof(s->key));
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	db_close(s->db);
	sodium_memzero(s->key, sizeof(s->key));
	free(s);
}

int store_check_integrity(struct store *s)
{
	return db_check_integrity(s->db);
}

/* ---- migrations ---- */

static const char SQL_MIGRATIONS_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER NOT NULL PRIMARY KEY,"
	" description TEXT NOT NULL,"
	" applied_at BIGINT NOT NULL)";
static const char SQL_SCHEMA_VERSION[] =
	"SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
/* Whether this migration is recorded: not the highest version, since
 * capabilities built side by side number theirs apart and land in any
 * order. */
static const char SQL_MIGRATION_DONE[] =
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?";
static const char SQL_MIGRATION_RECORD[] =
	"INSERT INTO schema_migrations (version, description, applied_at)"
	" VALUES (?, ?, ?)";

static int read_version(struct store *s, int *version)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SCHEMA_VERSION, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*version = (int)db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

int store_schema_version(struct store *s, int *version)
{
	int rc = db_exec(s->db, SQL_MIGRATIONS_TABLE);
	return rc ? rc : read_version(s, version);
}

struct migration_step {
	const struct migration *m;
	int applied;
};

/* One migration in its own write transaction; the version is re-read under
 * the write lock so that two processes starting together apply it once. */
static int migration_tx(struct store *s, void *ctx)
{
	struct migration_step *step = ctx;
	struct db_stmt *st;
	int64_t done = 0;
	int rc = db_prepare(s->db, SQL_MIGRATION_DONE, &st);
	step->applied = 0;
	if (rc)
		return rc;
	db_bind_int(st, 1, step->m->version);
	if ((rc = store_step_int(st, &done)) || done)
		return rc;
	if ((rc = db_exec(s->db, step->m->sql)) ||
	    (rc = db_prepare(s->db, SQL_MIGRATION_RECORD, &st)))
		return rc;
	db_bind_int(st, 1, step->m->version);
	db_bind_text(st, 2, step->m->description);
	db_bind_int(st, 3, (int64_t)time(NULL));
	rc = db_step(st);
	db_done(st);
	step->applied = rc >= 0;
	return rc < 0 ? rc : 0;
}

static int apply_migration(struct store *s, const struct migration *m, int *applied)
{
	struct migration_step step = {m, 0};
	int rc = store_write(s, migration_tx, &step);
	if (rc == 0 && step.applied) {
		log_info("migration %d applied", m->version);
		(*applied)++;
	}
	return rc;
}

int store_migrate(struct store *s, int *applied)
{
	int count = 0, rc = db_exec(s->db, SQL_MIGRATIONS_TABLE);
	for (int i = 0; !rc && i < migration_count; i++)
		rc = apply_migration(s, &migrations[i], &count);
	int sealed = 0;
	if (!rc && (rc = store_seal_totp_secrets(s, &sealed)) == 0 && sealed)
		log_info("secrets: sealed %d TOTP secrets stored in the clear", sealed);
	if (applied)
		*applied = count;
	return rc;
}

