/*
 * The audit log in the store: who did what to which object, when and from
 * where. Entries are written inside the transaction of the change.
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit_log (at, actor_id, actor, action, object, detail, ip)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIT_LIST[] =
	"SELECT id, at, actor, action, object, detail, ip FROM audit_log"
	" ORDER BY id DESC LIMIT ? OFFSET ?";
/* The edition itself and its applications (their object names hold the
 * id as text). */
static const char SQL_AUDIT_LIST_EDITION[] =
	"SELECT id, at, actor, action, object, detail, ip FROM audit_log"
	" WHERE object = ? OR (object LIKE 'application:%' AND substr(object, 13) IN"
	"  (SELECT CAST(id AS TEXT) FROM applications WHERE edition_id = ?))"
	" ORDER BY id DESC LIMIT ? OFFSET ?";

static int collect_audit(struct arena *a, struct db_stmt *st, int limit,
			 struct audit_entry **out, int *count);

int store_audit(struct store *s, const struct audit_entry *e)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_AUDIT_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, e->at);
	if (e->actor_id)
		db_bind_int(st, 2, e->actor_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, e->actor);
	db_bind_text(st, 4, e->action);
	db_bind_text(st, 5, e->object);
	db_bind_text(st, 6, e->detail);
	db_bind_text(st, 7, e->ip);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_audit_list(struct store *s, struct arena *a, int limit, int offset,
		     struct audit_entry **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_AUDIT_LIST, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	return collect_audit(a, st, limit, out, count);
}

int store_audit_list_edition(struct store *s, struct arena *a, int64_t edition_id,
			     const char *slug, int limit, int offset, struct audit_entry **out,
			     int *count)
{
	struct db_stmt *st;
	char *object = arena_printf(a, "edition:%s", slug);
	int rc = object ? db_prepare(s->db, SQL_AUDIT_LIST_EDITION, &st) : LWP_ENOMEM;
	if (rc)
		return rc;
	db_bind_text(st, 1, object);
	db_bind_int(st, 2, edition_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	return collect_audit(a, st, limit, out, count);
}

static int collect_audit(struct arena *a, struct db_stmt *st, int limit,
			 struct audit_entry **out, int *count)
{
	int rc = 0, n = 0;
	struct audit_entry *list = arena_calloc(a, (size_t)limit, sizeof(*list));
	while (list && n < limit && (rc = db_step(st)) == DB_ROW) {
		struct audit_entry *e = &list[n++];
		e->id = db_col_int(st, 0);
		e->at = db_col_int(st, 1);
		e->actor = store_col_dup(a, st, 2);
		e->action = store_col_dup(a, st, 3);
		e->object = store_col_dup(a, st, 4);
		e->detail = store_col_dup(a, st, 5);
		e->ip = store_col_dup(a, st, 6);
	}
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	*out = list;
	*count = n;
	return rc < 0 ? rc : 0;
}

