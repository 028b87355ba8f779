/*
 * Accounts in the store: users, roles, recovery codes, sessions, one-time
 * login links, the audit log and rate-limit counters. Secrets (session and
 * link tokens, recovery codes) are stored only as hashes.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

/* Flags as 0/1 integers: PostgreSQL would answer a boolean "t"/"f". */
#define USER_COLUMNS "id, email, name, lang," \
		     " CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END," \
		     " CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END, disabled, created_at"

static const char SQL_USER_INSERT[] =
	"INSERT INTO users (email, email_key, name, lang, created_at)"
	" VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_USER_BY_EMAIL[] =
	"SELECT " USER_COLUMNS " FROM users WHERE email_key = ?";
static const char SQL_USER_BY_ID[] =
	"SELECT " USER_COLUMNS " FROM users WHERE id = ?";
static const char SQL_USER_LIST[] =
	"SELECT " USER_COLUMNS " FROM users ORDER BY email_key";
static const char SQL_USER_SET_PASSWORD[] =
	"UPDATE users SET password_hash = ? WHERE id = ? RETURNING id";
static const char SQL_USER_PASSWORD[] =
	"SELECT password_hash FROM users WHERE id = ?";
static const char SQL_USER_SET_TOTP[] =
	"UPDATE users SET totp_secret = ?, totp_last_step = 0 WHERE id = ? RETURNING id";
static const char SQL_USER_TOTP[] =
	"SELECT totp_secret, totp_last_step FROM users WHERE id = ?";
static const char SQL_USER_TOTP_STEP[] =
	"UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ? RETURNING id";
static const char SQL_RECOVERY_CLEAR[] = "DELETE FROM recovery_codes WHERE user_id = ?";
static const char SQL_RECOVERY_INSERT[] =
	"INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)";
static const char SQL_RECOVERY_USE[] =
	"UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ?"
	" AND used_at IS NULL RETURNING id";
static const char SQL_ROLE_GRANT[] =
	"INSERT INTO user_roles (user_id, role, edition_id) VALUES (?, ?, ?)"
	" ON CONFLICT (user_id, role, edition_id) DO NOTHING";
static const char SQL_ROLE_REVOKE[] =
	"DELETE FROM user_roles WHERE user_id = ? AND role = ? AND edition_id = ? RETURNING id";
static const char SQL_ROLES[] =
	"SELECT role, edition_id FROM user_roles WHERE user_id = ? ORDER BY role, edition_id";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, csrf, second_factor, created_at,"
	" last_seen_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_SESSION_GET[] =
	"SELECT s.id, s.user_id, s.csrf, s.second_factor, s.created_at, s.last_seen_at"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND u.disabled = 0";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen_at = ? WHERE id = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_SESSION_EXPIRE[] =
	"DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";
static const char SQL_LINK_INSERT[] =
	"INSERT INTO login_links (token_hash, user_id, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_LINK_USE[] =
	"UPDATE login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
	" AND expires_at >= ? RETURNING user_id";
static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit_log (at, actor_id, actor, action, object, detail, ip)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIT_LIST[] =
	"SELECT id, at, actor, action, object, detail, ip FROM audit_log"
	" ORDER BY id DESC LIMIT ? OFFSET ?";
static const char SQL_RATE_READ[] =
	"SELECT window_start, hits FROM rate_limits WHERE bucket = ?";
static const char SQL_RATE_WRITE[] =
	"INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?)"
	" ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start,"
	" hits = excluded.hits";

/* Run a write statement whose parameters are (text or NULL, int, int). */
static int run(struct store *s, const char *sql, const int64_t *ints, int nints,
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

int store_user_create(struct store *s, struct arena *a, const char *email, const char *name,
		      const char *lang, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_USER_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, email_key(a, email));
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, lang);
	db_bind_int(st, 5, now);
	return store_step_int(st, id);
}

static void user_from_row(struct arena *a, struct db_stmt *st, struct user *u)
{
	u->id = db_col_int(st, 0);
	u->email = store_col_dup(a, st, 1);
	u->name = store_col_dup(a, st, 2);
	u->lang = store_col_dup(a, st, 3);
	u->has_password = (int)db_col_int(st, 4);
	u->has_totp = (int)db_col_int(st, 5);
	u->disabled = (int)db_col_int(st, 6);
	u->created_at = db_col_int(st, 7);
}

static void map_user(struct arena *a, struct db_stmt *st, void *u)
{
	user_from_row(a, st, u);
}

static int user_query(struct store *s, struct arena *a, const char *sql, const char *text,
		      int64_t id, struct user *u)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		user_from_row(a, st, u);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_user_by_email(struct store *s, struct arena *a, const char *email, struct user *u)
{
	char *key = email_key(a, email);
	return key ? user_query(s, a, SQL_USER_BY_EMAIL, key, 0, u) : LWP_ENOMEM;
}

int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *u)
{
	return user_query(s, a, SQL_USER_BY_ID, NULL, id, u);
}

int store_user_list(struct store *s, struct arena *a, struct user **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_USER_LIST, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_user, (void **)out, count);
}

int store_user_set_password(struct store *s, int64_t id, const char *hash)
{
	int64_t ints[] = {id};
	const char *texts[] = {hash};
	return run(s, SQL_USER_SET_PASSWORD, ints, 1, texts, 1, 1);
}

static int text_by_id(struct store *s, struct arena *a, const char *sql, int64_t id,
		      char **out, int64_t *second)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = store_col_dup(a, st, 0);
		if (second)
			*second = db_col_int(st, 1);
		rc = *out ? 0 : LWP_ENOTFOUND;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_user_password_hash(struct store *s, struct arena *a, int64_t id, char **hash)
{
	return text_by_id(s, a, SQL_USER_PASSWORD, id, hash, NULL);
}

int store_user_totp(struct store *s, struct arena *a, int64_t id, char **secret,
		    int64_t *last_step)
{
	return text_by_id(s, a, SQL_USER_TOTP, id, secret, last_step);
}

int store_user_totp_step(struct store *s, int64_t id, int64_t step)
{
	int64_t ints[] = {step, id, step};
	return run(s, SQL_USER_TOTP_STEP, ints, 3, NULL, 0, 1);
}

int store_user_set_totp(struct store *s, int64_t id, const char *secret,
			char *const *code_hashes, int ncodes)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	int64_t ints[] = {id};
	const char *texts[] = {secret};
	rc = run(s, SQL_USER_SET_TOTP, ints, 1, texts, 1, 1);
	if (!rc)
		rc = run(s, SQL_RECOVERY_CLEAR, ints, 1, NULL, 0, 0);
	for (int i = 0; !rc && i < ncodes; i++) {
		struct db_stmt *st;
		if ((rc = db_prepare(s->db, SQL_RECOVERY_INSERT, &st)))
			break;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, code_hashes[i]);
		rc = db_step(st);
		db_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (rc) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db);
}

int store_recovery_code_use(struct store *s, int64_t user_id, const char *code_hash, int64_t now)
{
	int64_t ints[] = {now, user_id};
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_RECOVERY_USE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, ints[0]);
	db_bind_int(st, 2, ints[1]);
	db_bind_text(st, 3, code_hash);
	return store_step_int(st, NULL);
}

int store_role_grant(struct store *s, int64_t user_id, enum role role, int64_t edition_id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ROLE_GRANT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, role_code(role));
	db_bind_int(st, 3, edition_id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_role_revoke(struct store *s, int64_t user_id, enum role role, int64_t edition_id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ROLE_REVOKE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, role_code(role));
	db_bind_int(st, 3, edition_id);
	return store_step_int(st, NULL);
}

int store_roles(struct store *s, struct arena *a, int64_t user_id,
		struct role_grant **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ROLES, &st), n = 0, cap = 32;
	if (rc)
		return rc;
	struct role_grant *list = arena_calloc(a, (size_t)cap, sizeof(*list));
	db_bind_int(st, 1, user_id);
	while (list && n < cap && (rc = db_step(st)) == DB_ROW) {
		list[n].role = role_parse(db_col_text(st, 0));
		list[n].edition_id = db_col_int(st, 1);
		if (list[n].role)
			n++;
	}
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	*out = list;
	*count = n;
	return rc < 0 ? rc : 0;
}

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
	return run(s, SQL_SESSION_TOUCH, ints, 2, NULL, 0, 0);
}

int store_session_delete(struct store *s, const char *token_hash)
{
	const char *texts[] = {token_hash};
	return run(s, SQL_SESSION_DELETE, NULL, 0, texts, 1, 0);
}

int store_session_expire(struct store *s, int64_t idle_before, int64_t created_before)
{
	int64_t ints[] = {idle_before, created_before};
	return run(s, SQL_SESSION_EXPIRE, ints, 2, NULL, 0, 0);
}

int store_login_link_create(struct store *s, int64_t user_id, const char *token_hash,
			    int64_t now, int64_t expires_at, const struct mail *m)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	struct db_stmt *st;
	if (!(rc = db_prepare(s->db, SQL_LINK_INSERT, &st))) {
		db_bind_text(st, 1, token_hash);
		db_bind_int(st, 2, user_id);
		db_bind_int(st, 3, now);
		db_bind_int(st, 4, expires_at);
		rc = db_step(st);
		db_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && m)
		rc = store_outbox_add(s, m, now);
	if (rc) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db);
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
	int rc = db_prepare(s->db, SQL_AUDIT_LIST, &st), n = 0;
	if (rc)
		return rc;
	struct audit_entry *list = arena_calloc(a, (size_t)limit, sizeof(*list));
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
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

int store_rate_hit_in_transaction(struct store *s, const char *bucket, int64_t now,
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

/* Fixed window counter, in one write transaction so that concurrent hits
 * from several processes are all counted. */
int store_rate_hit(struct store *s, const char *bucket, int64_t now, int window,
		   int limit, int *retry_after)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	rc = store_rate_hit_in_transaction(s, bucket, now, window, limit, retry_after);
	if (rc) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db);
}
