/* The store's own view of itself, shared by the store's files. */
#ifndef LWP_STORE_STORE_INTERNAL_H
#define LWP_STORE_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

#include "store/db.h"
#include "domain/model.h"

struct store {
	struct db *db;
	unsigned char key[32]; /* seals secrets at rest (store_secrets.c) */
};

/* Load (or create, 0600) the key file of the store at url. */
int store_secrets_open(struct store *s, const char *url, struct lwp_error *err);
/* plain sealed with the store's key, as text "v1:BASE64", in the arena. */
char *store_secret_seal(struct store *s, struct arena *a, const char *plain);
/* Seal every TOTP secret an older version stored in the clear (run by
 * store_migrate); *sealed gets how many. */
int store_seal_totp_secrets(struct store *s, int *sealed);
/* The plain text of a sealed secret: LWP_EINVAL for another key, a
 * tampered or an unsealed value. */
int store_secret_open(struct store *s, struct arena *a, const char *sealed, char **plain);


/* Room for element n of an arena array of capacity *cap (doubling it when
 * full; the old copy stays in the arena). NULL when out of memory. */
void *store_grow(struct arena *a, void *list, int n, int *cap, size_t size);
/* Step a prepared, bound statement to its end, mapping every row into an
 * arena array of elements of size bytes; resets the statement. */
typedef void (*store_row_map)(struct arena *a, struct db_stmt *st, void *element);
int store_collect(struct arena *a, struct db_stmt *st, size_t size, store_row_map map,
		  void **out, int *count);
/* Step a prepared, bound statement for one row mapped into out:
 * LWP_ENOTFOUND when there is none; resets the statement. */
int store_get_one(struct arena *a, struct db_stmt *st, store_row_map map, void *out);
/* A copy of a text column in the arena, or NULL for SQL NULL. */
char *store_col_dup(struct arena *a, struct db_stmt *st, int col);
/* Add an application_events row inside the caller's transaction. */
int store_event_insert(struct store *s, int64_t app_id, enum app_status status,
		       const char *actor, const char *note, int64_t now);
/* Step a statement returning one integer column; LWP_ENOTFOUND when no row. */
int store_step_int(struct db_stmt *st, int64_t *out);

/* Step a statement returning one id (INSERT ... RETURNING id): LWP_EDB
 * when it returned none. */
int store_step_id(struct db_stmt *st, int64_t *id);
/* Run a one-statement update that binds (text, or value when text is
 * NULL) and then id. */
int store_update_by_id(struct store *s, const char *sql, const char *text, int64_t value,
		       int64_t id);
/* Run a write statement binding texts[] then ints[]; with returning, one
 * row must come back (LWP_ENOTFOUND otherwise). */
int store_run(struct store *s, const char *sql, const int64_t *ints, int nints,
	      const char *const *texts, int ntexts, int returning);
/* Prepare sql and bind ints[0..n) as its parameters 1..n, for a read that
 * store_collect, store_get_one or a store_step_* helper then steps. */
LWP_MUST_USE int store_prepare_ints(struct store *s, const char *sql, const int64_t *ints,
				    int n, struct db_stmt **st);
/* Step a statement returning two integer columns; LWP_ENOTFOUND when no row. */
LWP_MUST_USE int store_step_pair(struct db_stmt *st, int64_t *first, int64_t *second);
/* Step a statement returning one id a row into ids[0..max): at most max
 * rows are read; *count gets how many. */
LWP_MUST_USE int store_collect_ids(struct db_stmt *st, int64_t *ids, int max, int *count);

/* Counters of applications per edition, status, organisation kind and
 * theme (store_counts.c), inside the caller's write transaction: add delta
 * to the counter of application app_id (of every application of the
 * initiative) under the key its rows have now. A write primitive that
 * changes a status, an initiative's theme or organisation calls it with -1
 * before and +1 after the change. */
LWP_MUST_USE int store_counts_application(struct store *s, int64_t app_id, int delta);
LWP_MUST_USE int store_counts_initiative(struct store *s, int64_t initiative_id, int delta);
/* Recount every counter from the rows (after a restore). */
LWP_MUST_USE int store_counts_rebuild(struct store *s);
/* Applications of the edition with this status, from the counters. */
LWP_MUST_USE int store_counts_of_status(struct store *s, int64_t edition_id,
					enum app_status status, int64_t *count);

#endif
