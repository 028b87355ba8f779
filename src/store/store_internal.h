/* The store's own view of itself, shared by store.c and backup.c. */
#ifndef LWP_STORE_STORE_INTERNAL_H
#define LWP_STORE_STORE_INTERNAL_H

#include <stdint.h>

#include "store/db.h"
#include "domain/model.h"

struct store {
	struct db *db;
};

/* Queue a message inside the caller's write transaction (store_outbox.c). */
struct mail;
int store_outbox_add(struct store *s, const struct mail *m, int64_t now);

/* Room for element n of an arena array of capacity *cap (doubling it when
 * full; the old copy stays in the arena). NULL when out of memory. */
void *store_grow(struct arena *a, void *list, int n, int *cap, size_t size);
/* Step a prepared, bound statement to its end, mapping every row into an
 * arena array of elements of size bytes; resets the statement. */
typedef void (*store_row_map)(struct arena *a, struct db_stmt *st, void *element);
int store_collect(struct arena *a, struct db_stmt *st, size_t size, store_row_map map,
		  void **out, int *count);
/* A copy of a text column in the arena, or NULL for SQL NULL. */
char *store_col_dup(struct arena *a, struct db_stmt *st, int col);
/* Add an application_events row inside the caller's transaction. */
int store_event_insert(struct store *s, int64_t app_id, enum app_status status,
		       const char *actor, const char *note, int64_t now);
/* Step a statement returning one integer column; LWP_ENOTFOUND when no row. */
int store_step_int(struct db_stmt *st, int64_t *out);

/* Count a hit in a rate bucket inside the caller's write transaction
 * (store_accounts.c). */
int store_rate_hit_in_transaction(struct store *s, const char *bucket, int64_t now,
				  int window, int limit, int *retry_after);

#endif
