/*
 * Organisations in the store: names compared by their key, kinds, and the
 * parent organisation (an agency's ministry). Writes run inside the
 * caller's store_write().
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

/* ---- organisations ---- */

static const char SQL_ORGANISATION_SET_PARENT[] =
	"UPDATE organisations SET parent_id ="
	" (SELECT p.id FROM organisations p WHERE p.name_key = ?)"
	" WHERE name_key = ? AND name_key <> ?"
	" AND EXISTS (SELECT 1 FROM organisations p WHERE p.name_key = ?) RETURNING id";
/* The same for an organisation without a parent yet (named on the
 * application form: it may not override what a lead set). */
static const char SQL_ORGANISATION_SET_PARENT_NEW[] =
	"UPDATE organisations SET parent_id ="
	" (SELECT p.id FROM organisations p WHERE p.name_key = ?)"
	" WHERE name_key = ? AND name_key <> ? AND parent_id IS NULL"
	" AND EXISTS (SELECT 1 FROM organisations p WHERE p.name_key = ?) RETURNING id";
static const char SQL_ORGANISATION_LIST[] =
	"SELECT o.id, o.name, o.kind, p.name FROM organisations o"
	" LEFT JOIN organisations p ON p.id = o.parent_id ORDER BY o.name_key";
static const char SQL_ORGANISATION_NAMES[] =
	"SELECT name FROM organisations ORDER BY name_key LIMIT ?";

static int set_parent(struct store *s, struct arena *a, const char *sql, const char *name,
		      const char *parent);

int store_organisation_set_parent(struct store *s, struct arena *a, const char *name,
				  const char *parent)
{
	return set_parent(s, a, SQL_ORGANISATION_SET_PARENT, name, parent);
}

int store_organisation_set_parent_if_none(struct store *s, struct arena *a, const char *name,
					  const char *parent)
{
	return set_parent(s, a, SQL_ORGANISATION_SET_PARENT_NEW, name, parent);
}

static int set_parent(struct store *s, struct arena *a, const char *sql, const char *name,
		      const char *parent)
{
	char *key = name_key(a, name), *parent_key = name_key(a, parent);
	struct db_stmt *st;
	if (!key || !parent_key)
		return LWP_ENOMEM;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, parent_key);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, parent_key);
	db_bind_text(st, 4, parent_key);
	return store_step_int(st, NULL);
}

static void map_organisation(struct arena *a, struct db_stmt *st, void *element)
{
	struct organisation_row *o = element;
	int kind = org_kind_parse(db_col_text(st, 2));
	o->id = db_col_int(st, 0);
	o->name = store_col_dup(a, st, 1);
	o->kind = kind < 0 ? ORG_OTHER : (enum org_kind)kind;
	o->parent = store_col_dup(a, st, 3);
}

int store_organisation_list(struct store *s, struct arena *a, struct organisation_row **out,
			    int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_LIST, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_organisation, (void **)out, count);
}

int store_organisation_names(struct store *s, struct arena *a, int limit,
			     char ***names, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_NAMES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, limit);
	char **list = arena_calloc(a, (size_t)limit + 1, sizeof(char *));
	int n = 0;
	while (list && n < limit && (rc = db_step(st)) == DB_ROW)
		list[n++] = store_col_dup(a, st, 0);
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	if (rc < 0)
		return rc;
	*names = list;
	*count = n;
	return 0;
}

