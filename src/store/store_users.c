/*
 * Accounts in the store: users, their password hash and TOTP secret with
 * recovery codes, and their roles. Writes run inside the caller's
 * store_write().
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "core/log.h"
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
	return store_get_one(a, st, map_user, u);
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
	return store_run(s, SQL_USER_SET_PASSWORD, ints, 1, texts, 1, 1);
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
	char *sealed;
	int rc = text_by_id(s, a, SQL_USER_TOTP, id, &sealed, last_step);
	if (rc)
		return rc;
	if (!sealed)
		return LWP_ENOTFOUND;
	if ((rc = store_secret_open(s, a, sealed, secret)))
		log_error("secrets: the TOTP secret of user %lld does not open with this key file",
			  (long long)id);
	return rc;
}

int store_user_totp_step(struct store *s, int64_t id, int64_t step)
{
	int64_t ints[] = {step, id, step};
	return store_run(s, SQL_USER_TOTP_STEP, ints, 3, NULL, 0, 1);
}

int store_user_set_totp(struct store *s, struct arena *a, int64_t id, const char *secret,
			char *const *code_hashes, int ncodes)
{
	int64_t ints[] = {id};
	const char *texts[] = {store_secret_seal(s, a, secret)};
	if (!texts[0])
		return LWP_ENOMEM;
	int rc = store_run(s, SQL_USER_SET_TOTP, ints, 1, texts, 1, 1);
	if (!rc)
		rc = store_run(s, SQL_RECOVERY_CLEAR, ints, 1, NULL, 0, 0);
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
	return rc;
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


static const char SQL_UNSEALED_TOTP[] =
	"SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL"
	" AND totp_secret NOT LIKE 'v1:%' ORDER BY id LIMIT 1";
static const char SQL_SEAL_TOTP[] = "UPDATE users SET totp_secret = ? WHERE id = ?";

/* Seal one TOTP secret stored in the clear by an older version; *done 1
 * when none was left. */
static int seal_one_tx(struct store *s, void *ctx)
{
	int *done = ctx;
	struct arena *a = arena_new();
	struct db_stmt *st;
	int64_t id = 0;
	char *plain = NULL;
	int rc = a ? db_prepare(s->db, SQL_UNSEALED_TOTP, &st) : LWP_ENOMEM;
	if (rc)
		goto out;
	if ((rc = db_step(st)) == DB_ROW) {
		id = db_col_int(st, 0);
		plain = store_col_dup(a, st, 1);
	}
	db_done(st);
	*done = rc == DB_DONE;
	if (rc < 0 || *done) {
		rc = rc < 0 ? rc : 0;
		goto out;
	}
	const char *sealed = plain ? store_secret_seal(s, a, plain) : NULL;
	rc = sealed ? store_update_by_id(s, SQL_SEAL_TOTP, sealed, 0, id) : LWP_ENOMEM;
out:
	arena_free(a);
	return rc;
}

int store_seal_totp_secrets(struct store *s, int *sealed)
{
	int done = 0, rc = 0;
	*sealed = 0;
	while (!rc && !done && (rc = store_write(s, seal_one_tx, &done)) == 0 && !done)
		(*sealed)++;
	return rc;
}
