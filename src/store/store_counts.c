/*
 * Counters of applications per edition, status, organisation kind and
 * theme (table application_counts, migration 11), so that the console's
 * counts, the public edition reads (places left) and the write rules
 * (capacity) cost a read of at most a few dozen rows whatever the number
 * of applications, instead of a scan of all the edition's applications.
 *
 * Every write primitive that inserts an application, changes its status or
 * changes what its counter key is made of (the initiative's theme or
 * organisation) calls store_counts_application / store_counts_initiative
 * in the same transaction: once with -1 before the change, once with +1
 * after. Both read the application's current key from its rows, so the
 * pair is right whether the change happened or a guard left the row as it
 * was, and an application that does not exist counts nothing. No triggers:
 * explicit statements behave the same on SQLite and PostgreSQL.
 *
 * The counters are not in backups (backup.c lists them as not kept):
 * restore rebuilds them from the restored rows (store_counts_rebuild), so
 * a backup never carries counters that disagree with its rows. Rows whose
 * count fell to 0 stay (harmless; at most statuses x kinds x themes rows
 * per edition).
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

/* The key columns of the applications chosen by the WHERE that follows,
 * counted delta times. The WHERE also keeps SQLite's parser from reading
 * ON CONFLICT as a join constraint. */
#define COUNTS_UPSERT_HEAD \
	"INSERT INTO application_counts (edition_id, status, kind, theme, n)" \
	" SELECT a.edition_id, a.status, o.kind, i.theme, CAST(? AS BIGINT) * COUNT(*)" \
	" FROM applications a JOIN initiatives i ON i.id = a.initiative_id" \
	" JOIN organisations o ON o.id = i.organisation_id"
#define COUNTS_UPSERT_TAIL \
	" GROUP BY a.edition_id, a.status, o.kind, i.theme" \
	" ON CONFLICT (edition_id, status, kind, theme)" \
	" DO UPDATE SET n = application_counts.n + excluded.n"

static const char SQL_COUNTS_APPLICATION[] =
	COUNTS_UPSERT_HEAD " WHERE a.id = ?" COUNTS_UPSERT_TAIL;
static const char SQL_COUNTS_INITIATIVE[] =
	COUNTS_UPSERT_HEAD " WHERE a.initiative_id = ?" COUNTS_UPSERT_TAIL;
static const char SQL_COUNTS_CLEAR[] = "DELETE FROM application_counts";
static const char SQL_COUNTS_REBUILD[] =
	"INSERT INTO application_counts (edition_id, status, kind, theme, n)"
	" SELECT a.edition_id, a.status, o.kind, i.theme, COUNT(*)"
	" FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" JOIN organisations o ON o.id = i.organisation_id WHERE 1 = 1"
	" GROUP BY a.edition_id, a.status, o.kind, i.theme";

static int counts_add(struct store *s, const char *sql, int64_t id, int delta)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, delta);
	db_bind_int(st, 2, id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_counts_application(struct store *s, int64_t app_id, int delta)
{
	return counts_add(s, SQL_COUNTS_APPLICATION, app_id, delta);
}

int store_counts_initiative(struct store *s, int64_t initiative_id, int delta)
{
	return counts_add(s, SQL_COUNTS_INITIATIVE, initiative_id, delta);
}

int store_counts_rebuild(struct store *s)
{
	int rc = db_exec(s->db, SQL_COUNTS_CLEAR);
	return rc ? rc : db_exec(s->db, SQL_COUNTS_REBUILD);
}

/* ---- reads ---- */

static const char SQL_COUNTS_OF_EDITION[] =
	"SELECT status, kind, theme, n FROM application_counts WHERE edition_id = ? AND n <> 0";
static const char SQL_COUNTS_OF_STATUS[] =
	"SELECT COALESCE(SUM(n), 0) FROM application_counts WHERE edition_id = ? AND status = ?";
static const char SQL_COUNTS_NOT_WITHDRAWN[] =
	"SELECT COALESCE(SUM(n), 0) FROM application_counts"
	" WHERE edition_id = ? AND status <> 'withdrawn'";
int store_application_counts(struct store *s, int64_t edition_id,
			     const struct application_filter *f, struct application_counts *out)
{
	struct db_stmt *st;
	memset(out, 0, sizeof(*out));
	int rc = db_prepare(s->db, SQL_COUNTS_OF_EDITION, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	while ((rc = db_step(st)) == DB_ROW) {
		int status = app_status_parse(db_col_text(st, 0));
		int kind = org_kind_parse(db_col_text(st, 1));
		int theme = theme_parse(db_col_text(st, 2));
		int n = (int)db_col_int(st, 3);
		/* as application_from_row maps an unknown code */
		kind = kind < 0 ? ORG_OTHER : kind;
		theme = theme < 0 ? THEME_BOTH : theme;
		out->total += n;
		if (f && ((f->status >= 0 && status != f->status) ||
			  (f->kind >= 0 && kind != f->kind) || (f->theme >= 0 && theme != f->theme)))
			continue;
		out->matching += n;
		out->kinds[kind] += n;
		out->themes[theme] += n;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_counts_of_status(struct store *s, int64_t edition_id, enum app_status status,
			   int64_t *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_COUNTS_OF_STATUS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_text(st, 2, app_status_code(status));
	return store_step_int(st, count);
}

int store_edition_count_applications(struct store *s, struct edition *e)
{
	struct db_stmt *st;
	int64_t n = 0;
	int rc = db_prepare(s->db, SQL_COUNTS_NOT_WITHDRAWN, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, e->id);
	if ((rc = store_step_int(st, &n)) == 0)
		e->applications = (int)n;
	return rc;
}
