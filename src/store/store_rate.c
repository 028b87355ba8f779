/*
 * Rate limits in the store: a fixed-window counter per bucket, counted
 * inside the caller's write transaction so that every process counts.
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

static const char SQL_RATE_READ[] =
	"SELECT window_start, hits FROM rate_limits WHERE bucket = ?";
static const char SQL_RATE_WRITE[] =
	"INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?)"
	" ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start,"
	" hits = excluded.hits";

int store_rate_hit(struct store *s, const char *bucket, int64_t now,
				  int window, int limit, int *retry_after)
{
	struct db_stmt *st;
	int64_t start = now, hits = 0;
	int rc = db_prepare(s->db, SQL_RATE_READ, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, bucket);
	rc = db_step(st);
	if (rc == DB_ROW && db_col_int(st, 0) + window > now) {
		start = db_col_int(st, 0);
		hits = db_col_int(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (hits >= limit) {
		*retry_after = (int)(start + window - now);
		if (*retry_after < 1)
			*retry_after = 1;
		return LWP_ELIMIT;
	}
	if ((rc = db_prepare(s->db, SQL_RATE_WRITE, &st)))
		return rc;
	db_bind_text(st, 1, bucket);
	db_bind_int(st, 2, start);
	db_bind_int(st, 3, hits + 1);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}
