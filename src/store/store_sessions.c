/*
 * Sessions and one-time login links in the store. Writes run inside the
 * caller's store_write().
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, csrf, second_factor, created_at,"
	" last_seen_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_SESSION_GET[] =
	"SELECT s.id, s.user_id, s.csrf, s.second_factor, s.created_at, s.last_seen_at"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND u.disabled = 0";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen_at = ? WHERE id = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_SESSION_END_OTHERS[] = "DELETE FROM sessions WHERE user_id = ? AND id <> ?";
static const char SQL_SESSION_EXPIRE[] =
	"DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";
static const char SQL_LINK_INSERT[] =
	"INSERT INTO login_links (token_hash, user_id, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_LINK_USE[] =
	"UPDATE login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
	" AND expires_at >= ? RETURNING user_id";
int store_session_create(struct store *s, int64_t user_id, const char *token_hash,
			 const char *csrf, int second_factor, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SESSION_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, second_factor);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_session_get(struct store *s, struct arena *a, const char *token_hash,
		      struct session *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SESSION_GET, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->user_id = db_col_int(st, 1);
		out->csrf = store_col_dup(a, st, 2);
		out->second_factor = (int)db_col_int(st, 3);
		out->created_at = db_col_int(st, 4);
		out->last_seen_at = db_col_int(st, 5);
		rc = out->csrf ? 0 : LWP_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_session_touch(struct store *s, int64_t id, int64_t now)
{
	int64_t ints[] = {now, id};
	return store_run(s, SQL_SESSION_TOUCH, ints, 2, NULL, 0, 0);
}

int store_session_delete(struct store *s, const char *token_hash)
{
	const char *texts[] = {token_hash};
	return store_run(s, SQL_SESSION_DELETE, NULL, 0, texts, 1, 0);
}

int store_session_expire(struct store *s, int64_t idle_before, int64_t created_before)
{
	int64_t ints[] = {idle_before, created_before};
	return store_run(s, SQL_SESSION_EXPIRE, ints, 2, NULL, 0, 0);
}

int store_login_link_create(struct store *s, int64_t user_id, const char *token_hash,
			    int64_t now, int64_t expires_at)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_LINK_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_login_link_use(struct store *s, const char *token_hash, int64_t now, int64_t *user_id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_LINK_USE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, now);
	return store_step_int(st, user_id);
}


int store_session_end_others(struct store *s, int64_t user_id, int64_t keep)
{
	int64_t ints[] = {user_id, keep};
	return store_run(s, SQL_SESSION_END_OTHERS, ints, 2, NULL, 0, 0);
}

static const char SQL_LINK_REQUEST_ADD[] =
	"INSERT INTO login_link_requests (email, lang, created_at) VALUES (?, ?, ?)";
static const char SQL_LINK_REQUESTS[] =
	"SELECT id, email, lang FROM login_link_requests ORDER BY id LIMIT ?";
static const char SQL_LINK_REQUEST_DELETE[] = "DELETE FROM login_link_requests WHERE id = ?";

int store_link_request_add(struct store *s, const char *email, const char *lang, int64_t now)
{
	int64_t ints[] = {now};
	const char *texts[] = {email, lang};
	return store_run(s, SQL_LINK_REQUEST_ADD, ints, 1, texts, 2, 0);
}

static void map_link_request(struct arena *a, struct db_stmt *st, void *element)
{
	struct link_request *q = element;
	q->id = db_col_int(st, 0);
	q->email = store_col_dup(a, st, 1);
	q->lang = store_col_dup(a, st, 2);
}

int store_link_requests_take(struct store *s, struct arena *a, int max,
			     struct link_request **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_LINK_REQUESTS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, max);
	if ((rc = store_collect(a, st, sizeof(**out), map_link_request, (void **)out, count)))
		return rc;
	for (int i = 0; !rc && i < *count; i++) {
		int64_t ints[] = {(*out)[i].id};
		rc = store_run(s, SQL_LINK_REQUEST_DELETE, ints, 1, NULL, 0, 0);
	}
	return rc;
}
