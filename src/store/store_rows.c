/*
 * Row helpers shared by every store file: copying columns into the arena,
 * collecting rows into arrays, stepping statements that return one value.
 */
#include "store/db.h"
#include "store/store_internal.h"

#include <string.h>

char *store_col_dup(struct arena *a, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);
	return v ? arena_strdup(a, v) : NULL;
}

int store_step_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

/* Accepted applications of the edition; of one organisation when org_id. */

int store_step_int(struct db_stmt *st, int64_t *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (out)
			*out = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

void *store_grow(struct arena *a, void *list, int n, int *cap, size_t size)
{
	if (list && n < *cap)
		return list;
	int bigger = *cap ? *cap * 2 : 16;
	void *grown = arena_calloc(a, (size_t)bigger, size);
	if (!grown)
		return NULL;
	if (list)
		memcpy(grown, list, size * (size_t)n);
	*cap = bigger;
	return grown;
}

int store_collect(struct arena *a, struct db_stmt *st, size_t size, store_row_map map,
		  void **out, int *count)
{
	int n = 0, cap = 0, rc;
	char *list = store_grow(a, NULL, 0, &cap, size);
	while (list && (rc = db_step(st)) == DB_ROW) {
		if (!(list = store_grow(a, list, n, &cap, size)))
			break;
		map(a, st, list + size * (size_t)n++);
	}
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	if (rc < 0)
		return rc;
	*out = list;
	*count = n;
	return 0;
}

/* Run a write statement whose parameters are (text or NULL, int, int). */
int store_run(struct store *s, const char *sql, const int64_t *ints, int nints,
	       const char *const *texts, int ntexts, int returning)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	int i = 1;
	for (int t = 0; t < ntexts; t++)
		db_bind_text(st, i++, texts[t]);
	for (int n = 0; n < nints; n++)
		db_bind_int(st, i++, ints[n]);
	if (returning)
		return store_step_int(st, NULL);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}


/* Run a one-statement update that binds (text or int, id). */
int store_update_by_id(struct store *s, const char *sql, const char *text, int64_t value,
		       int64_t id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, value);
	db_bind_int(st, 2, id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_get_one(struct arena *a, struct db_stmt *st, store_row_map map, void *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		map(a, st, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_prepare_ints(struct store *s, const char *sql, const int64_t *ints, int n,
		       struct db_stmt **st)
{
	int rc = db_prepare(s->db, sql, st);
	for (int i = 0; !rc && i < n; i++)
		db_bind_int(*st, i + 1, ints[i]);
	return rc;
}

int store_step_pair(struct db_stmt *st, int64_t *first, int64_t *second)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*first = db_col_int(st, 0);
		*second = db_col_int(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_collect_ids(struct db_stmt *st, int64_t *ids, int max, int *count)
{
	int n = 0, rc = 0;
	while (n < max && (rc = db_step(st)) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	*count = n;
	return rc < 0 ? rc : 0;
}
