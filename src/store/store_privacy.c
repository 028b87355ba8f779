/*
 * Privacy in the store (see store_privacy.h): the export, the erasure and
 * the retention run SQL built from the classification in privacy_schema.c
 * (constants only: table and column names, conditions and literals from
 * that table; values are always bound), plus the small tables of
 * migration 9: erasure requests, download links, retention periods.
 */
#include "store/store_privacy.h"
#include "store/store_write.h"
#include "store/privacy_schema.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "core/buf.h"
#include "domain/rules.h"

#include <string.h>

#define SQL_MAX 8192

static int prepare_built(struct store *s, struct buf *sql, struct db_stmt **st)
{
	int rc = sql->failed ? LWP_ENOMEM : db_prepare_temp(s->db, buf_cstr(sql), st);
	buf_free(sql);
	return rc;
}

/* Bind the subject's values for the letters of binds from index *i on. */
static void bind_subject(struct db_stmt *st, int *i, const char *binds,
			 const struct privacy_subject *who)
{
	for (const char *b = binds; *b; b++) {
		switch (*b) {
		case 'P': db_bind_int(st, (*i)++, who->person_id); break;
		case 'U': db_bind_int(st, (*i)++, who->user_id); break;
		case 'K': db_bind_text(st, (*i)++, who->email_key); break;
		default: db_bind_text(st, (*i)++, who->user_object); break;
		}
	}
}

static const char SQL_PERSON_BY_KEY[] = "SELECT id FROM people WHERE email_key = ?";
static const char SQL_USER_BY_KEY[] = "SELECT id FROM users WHERE email_key = ?";
static const char SQL_MAIL_BY_KEY[] = "SELECT count(*) FROM outbox WHERE lower(to_addr) = ?";

static int id_by_key(struct store *s, const char *sql, const char *key, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	rc = store_step_int(st, id);
	if (rc == LWP_ENOTFOUND) {
		*id = 0;
		rc = 0;
	}
	return rc;
}

static int subject_fill(struct arena *a, struct privacy_subject *out)
{
	out->user_object = out->user_id ? arena_printf(a, "user:%lld", (long long)out->user_id)
					: arena_strdup(a, "");
	return out->user_object ? 0 : LWP_ENOMEM;
}

int store_privacy_subject(struct store *s, struct arena *a, const char *email,
			  struct privacy_subject *out)
{
	int64_t mails = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!email || !email_valid(email))
		return LWP_ENOTFOUND;
	if (!(out->email_key = email_key(a, email)))
		return LWP_ENOMEM;
	if ((rc = id_by_key(s, SQL_PERSON_BY_KEY, out->email_key, &out->person_id)) ||
	    (rc = id_by_key(s, SQL_USER_BY_KEY, out->email_key, &out->user_id)) ||
	    (rc = id_by_key(s, SQL_MAIL_BY_KEY, out->email_key, &mails)))
		return rc;
	if (!out->person_id && !out->user_id && !mails)
		return LWP_ENOTFOUND;
	return subject_fill(a, out);
}

static const char SQL_PERSON_KEY[] = "SELECT email_key FROM people WHERE id = ?";

int store_privacy_subject_of_person(struct store *s, struct arena *a, int64_t person_id,
				    struct privacy_subject *out)
{
	struct db_stmt *st;
	memset(out, 0, sizeof(*out));
	int rc = db_prepare(s->db, SQL_PERSON_KEY, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, person_id);
	if ((rc = db_step(st)) == DB_ROW) {
		out->email_key = store_col_dup(a, st, 0);
		rc = out->email_key ? 0 : LWP_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	if (rc)
		return rc;
	out->person_id = person_id;
	/* An account under the same address is a separate subject: retention
	 * leaves it alone (user_id stays 0). */
	return subject_fill(a, out);
}

/* ---- export */

static int export_link(struct store *s, int l, const struct privacy_subject *who, json_t *obj)
{
	const struct pd_link *k = &privacy_links[l];
	const struct pd_column *cols[64];
	int n = 0, rc;
	struct buf sql;
	struct db_stmt *st;
	for (int c = 0; c < privacy_column_count && n < 64; c++)
		if (privacy_columns[c].link == l && !privacy_columns[c].secret)
			cols[n++] = &privacy_columns[c];
	if (n == 0)
		return 0;
	buf_init(&sql, SQL_MAX);
	buf_puts(&sql, "SELECT ");
	for (int c = 0; c < n; c++)
		buf_printf(&sql, "%s%s", c ? ", " : "", cols[c]->column);
	buf_printf(&sql, " FROM %s WHERE %s ORDER BY 1", k->table, k->whose);
	if ((rc = prepare_built(s, &sql, &st)))
		return rc;
	int i = 1;
	bind_subject(st, &i, k->binds, who);
	json_t *rows = json_array();
	while (rows && (rc = db_step(st)) == DB_ROW) {
		json_t *row = json_object();
		for (int c = 0; row && c < n; c++) {
			json_t *v;
			if (db_col_is_null(st, c))
				v = json_null();
			else if (cols[c]->is_int)
				v = json_integer(db_col_int(st, c));
			else
				v = json_string(db_col_text(st, c));
			if (json_object_set_new(row, cols[c]->column, v))
				rc = LWP_ENOMEM;
		}
		if (!row || json_array_append_new(rows, row))
			rc = LWP_ENOMEM;
		if (rc < 0)
			break;
	}
	db_finalize(st);
	if (!rows)
		return LWP_ENOMEM;
	if (rc < 0) {
		json_decref(rows);
		return rc;
	}
	return json_object_set_new(obj, k->section, rows) ? LWP_ENOMEM : 0;
}

int store_privacy_export(struct store *s, const struct privacy_subject *who, json_t *obj)
{
	int rc = 0;
	for (int l = 0; !rc && l < privacy_link_count; l++)
		rc = export_link(s, l, who, obj);
	return rc;
}

/* ---- erasure and retention */

/* Whether mode overwrites column c, and under which condition it keeps the
 * old value (*kept_when; NULL for never). */
static int overwrites(const struct pd_column *c, const struct pd_link *k, enum privacy_mode mode,
		      const char **kept_when)
{
	*kept_when = NULL;
	if (c->erase != PE_SET && c->erase != PE_PSEUDONYM && c->erase != PE_UNIQUE)
		return 0;
	switch (mode) {
	case PRIVACY_TAX:
		return c->keep == PK_TAX;
	case PRIVACY_APPLICANT:
		return 1;
	case PRIVACY_ERASE:
		if (c->keep == PK_TAX) {
			if (!k->tax_kept)
				return 1;
			*kept_when = k->tax_kept;
		}
		return 1;
	case PRIVACY_PARTICIPANT:
		if (c->keep == PK_TAX)
			return 0;
		if (c->keep == PK_NETWORK && k->network_kept)
			*kept_when = k->network_kept;
		return 1;
	}
	return 0;
}

static void put_new_value(struct buf *sql, const struct pd_column *c)
{
	if (c->erase == PE_SET)
		buf_puts(sql, c->value);
	else if (c->erase == PE_PSEUDONYM)
		buf_puts(sql, "?");
	else
		buf_puts(sql, "? || '-' || CAST(id AS TEXT)");
}

/* Run the erasure of link l under condition where (binding with bind). */
static int erase_link(struct store *s, int l, enum privacy_mode mode, const char *where,
		      const char *pseudonym, void (*bind)(struct db_stmt *, int *, const void *),
		      const void *arg)
{
	const struct pd_link *k = &privacy_links[l];
	struct buf sql;
	struct db_stmt *st;
	int n = 0, rc, i = 1;
	buf_init(&sql, SQL_MAX);
	if (k->rows == PR_CONTEXT) {
		buf_free(&sql);
		return 0;
	}
	if (k->rows == PR_DELETE) {
		if (mode == PRIVACY_TAX) {
			buf_free(&sql);
			return 0;
		}
		buf_printf(&sql, "DELETE FROM %s WHERE %s", k->table, where);
		n = 1;
	} else {
		buf_printf(&sql, "UPDATE %s SET ", k->table);
		for (int c = 0; c < privacy_column_count; c++) {
			const struct pd_column *col = &privacy_columns[c];
			const char *kept;
			if (col->link != l || !overwrites(col, k, mode, &kept))
				continue;
			buf_printf(&sql, "%s%s = ", n++ ? ", " : "", col->column);
			if (kept)
				buf_printf(&sql, "CASE WHEN %s THEN %s ELSE ", kept, col->column);
			put_new_value(&sql, col);
			if (kept)
				buf_puts(&sql, " END");
		}
		buf_printf(&sql, " WHERE %s", where);
	}
	if (n == 0) {
		buf_free(&sql);
		return 0;
	}
	if ((rc = prepare_built(s, &sql, &st)))
		return rc;
	/* The pseudonym is bound once per '?' in the SET list, in order. */
	if (k->rows == PR_ANONYMISE)
		for (int c = 0; c < privacy_column_count; c++) {
			const struct pd_column *col = &privacy_columns[c];
			const char *kept;
			if (col->link == l && overwrites(col, k, mode, &kept) && col->erase != PE_SET)
				db_bind_text(st, i++, pseudonym);
		}
	bind(st, &i, arg);
	rc = db_step(st);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

struct subject_bind {
	const char *binds;
	const struct privacy_subject *who;
};

static void bind_subject_cb(struct db_stmt *st, int *i, const void *arg)
{
	const struct subject_bind *b = arg;
	bind_subject(st, i, b->binds, b->who);
}

static void bind_id_cb(struct db_stmt *st, int *i, const void *arg)
{
	db_bind_int(st, (*i)++, *(const int64_t *)arg);
}

static const char SQL_PERSON_ANONYMISED[] = "UPDATE people SET anonymised_at = ? WHERE id = ?";
static const char SQL_APPS_ANONYMISED[] =
	"UPDATE applications SET anonymised_at = ? WHERE person_id = ? AND anonymised_at IS NULL";
static const char SQL_APP_ANONYMISED[] =
	"UPDATE applications SET anonymised_at = ? WHERE id = ? AND anonymised_at IS NULL";

int store_privacy_erase(struct store *s, const struct privacy_subject *who, const char *pseudonym,
			enum privacy_mode mode, int64_t now)
{
	int rc = 0;
	for (int l = 0; !rc && l < privacy_link_count; l++) {
		struct subject_bind b = {privacy_links[l].binds, who};
		rc = erase_link(s, l, mode, privacy_links[l].whose, pseudonym, bind_subject_cb, &b);
	}
	if (!rc && who->person_id && mode != PRIVACY_TAX)
		rc = store_update_by_id(s, SQL_PERSON_ANONYMISED, NULL, now, who->person_id);
	if (!rc && who->person_id && mode != PRIVACY_TAX) {
		int64_t ints[2] = {now, who->person_id};
		rc = store_run(s, SQL_APPS_ANONYMISED, ints, 2, NULL, 0, 0);
	}
	return rc;
}

int store_privacy_erase_application(struct store *s, int64_t id, const char *pseudonym,
				    enum privacy_mode mode, int64_t now)
{
	int rc = 0;
	for (int l = 0; !rc && l < privacy_link_count; l++)
		if (privacy_links[l].per_application)
			rc = erase_link(s, l, mode, privacy_links[l].per_application, pseudonym,
					bind_id_cb, &id);
	if (!rc && mode != PRIVACY_TAX)
		rc = store_update_by_id(s, SQL_APP_ANONYMISED, NULL, now, id);
	return rc;
}

int store_privacy_secure_delete(struct store *s)
{
	if (strcmp(db_backend(s->db), "sqlite") != 0)
		return 0;
	return db_exec(s->db, "PRAGMA secure_delete=ON");
}

int store_privacy_compact(struct store *s)
{
	if (strcmp(db_backend(s->db), "sqlite") == 0) {
		/* The WAL still holds the old pages until a checkpoint; VACUUM
		 * rewrites the file without free pages; the last checkpoint
		 * truncates the WAL that VACUUM wrote. */
		int rc = db_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)");
		if (!rc)
			rc = db_exec(s->db, "VACUUM");
		if (!rc)
			rc = db_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)");
		return rc;
	}
	/* PostgreSQL keeps dead row versions until a vacuum; FULL rewrites
	 * the tables so that no old version stays in their files. */
	for (int l = 0; l < privacy_link_count; l++) {
		struct buf sql;
		buf_init(&sql, 256);
		buf_printf(&sql, "VACUUM FULL %s", privacy_links[l].table);
		int rc = sql.failed ? LWP_ENOMEM : db_exec(s->db, buf_cstr(&sql));
		buf_free(&sql);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- erasure requests */

#define REQUEST_COLS "id, kind, email_key, requested_at, due_at, via, done_at, pseudonym"
static const char SQL_REQUESTS[] =
	"SELECT " REQUEST_COLS " FROM privacy_requests WHERE done_at IS NULL"
	" UNION ALL SELECT * FROM (SELECT " REQUEST_COLS " FROM privacy_requests"
	" WHERE done_at IS NOT NULL ORDER BY done_at DESC LIMIT 100) AS done";
static const char SQL_REQUEST_GET[] =
	"SELECT " REQUEST_COLS " FROM privacy_requests WHERE id = ?";
static const char SQL_REQUESTS_DUE[] =
	"SELECT " REQUEST_COLS " FROM privacy_requests WHERE done_at IS NULL AND due_at <= ?"
	" ORDER BY due_at LIMIT ?";
static const char SQL_REQUEST_OPEN[] =
	"SELECT id FROM privacy_requests WHERE email_key = ? AND done_at IS NULL";
static const char SQL_REQUEST_ADD[] =
	"INSERT INTO privacy_requests (kind, email_key, requested_at, due_at, via)"
	" VALUES ('erasure', ?, ?, ?, ?) RETURNING id";
static const char SQL_REQUEST_DONE[] =
	"UPDATE privacy_requests SET done_at = ?, done_by_id = ?, pseudonym = ?"
	" WHERE id = ? AND done_at IS NULL RETURNING id";

static void map_request(struct arena *a, struct db_stmt *st, void *element)
{
	struct privacy_request *r = element;
	r->id = db_col_int(st, 0);
	r->kind = store_col_dup(a, st, 1);
	r->email_key = store_col_dup(a, st, 2);
	r->requested_at = db_col_int(st, 3);
	r->due_at = db_col_int(st, 4);
	r->via = store_col_dup(a, st, 5);
	r->done_at = db_col_is_null(st, 6) ? 0 : db_col_int(st, 6);
	r->pseudonym = store_col_dup(a, st, 7);
}

int store_privacy_requests(struct store *s, struct arena *a, struct privacy_request **out,
			   int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_REQUESTS, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_request, (void **)out, count);
}

int store_privacy_request_get(struct store *s, struct arena *a, int64_t id,
			      struct privacy_request *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_REQUEST_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_get_one(a, st, map_request, out);
}

int store_privacy_requests_due(struct store *s, struct arena *a, int64_t now, int max,
			       struct privacy_request **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_REQUESTS_DUE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, max);
	return store_collect(a, st, sizeof(**out), map_request, (void **)out, count);
}

int store_privacy_request_add(struct store *s, const char *email_key, const char *via,
			      int64_t now, int64_t due_at, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_REQUEST_OPEN, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, email_key);
	rc = store_step_int(st, id);
	if (rc == 0)
		return LWP_ECONFLICT;
	if (rc != LWP_ENOTFOUND)
		return rc;
	if ((rc = db_prepare(s->db, SQL_REQUEST_ADD, &st)))
		return rc;
	db_bind_text(st, 1, email_key);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, due_at);
	db_bind_text(st, 4, via);
	return store_step_id(st, id);
}

int store_privacy_request_done(struct store *s, int64_t id, int64_t done_by_id,
			       const char *pseudonym, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_REQUEST_DONE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	if (done_by_id)
		db_bind_int(st, 2, done_by_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, pseudonym);
	db_bind_int(st, 4, id);
	return store_step_int(st, NULL);
}

/* ---- download links */

static const char SQL_LINK_ADD[] =
	"INSERT INTO privacy_links (token_hash, email_key, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_LINK_USE[] =
	"UPDATE privacy_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
	" AND expires_at > ? RETURNING email_key";
static const char SQL_LINK_OPEN[] =
	"SELECT id FROM privacy_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?";

int store_privacy_link_add(struct store *s, const char *token_hash, const char *email_key,
			   int64_t now, int64_t expires_at)
{
	const char *texts[2] = {token_hash, email_key};
	int64_t ints[2] = {now, expires_at};
	return store_run(s, SQL_LINK_ADD, ints, 2, texts, 2, 0);
}

int store_privacy_link_use(struct store *s, struct arena *a, const char *token_hash,
			   int64_t now, char **email_key)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_LINK_USE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, now);
	if ((rc = db_step(st)) == DB_ROW) {
		*email_key = store_col_dup(a, st, 0);
		rc = *email_key ? 0 : LWP_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_privacy_link_open(struct store *s, const char *token_hash, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_LINK_OPEN, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	return store_step_int(st, NULL);
}

/* ---- retention */

static const char SQL_RETENTION_GET[] =
	"SELECT applicant_days, participant_days FROM edition_privacy WHERE edition_id = ?";
static const char SQL_RETENTION_SET[] =
	"INSERT INTO edition_privacy (edition_id, applicant_days, participant_days)"
	" VALUES (?, ?, ?) ON CONFLICT (edition_id) DO UPDATE SET"
	" applicant_days = excluded.applicant_days, participant_days = excluded.participant_days";
static const char SQL_RETENTION_ROWS[] =
	"SELECT id, person_id, status, anonymised_at FROM applications WHERE edition_id = ?"
	" ORDER BY id";
static const char SQL_PERSON_OPEN_APPS[] =
	"SELECT count(*) FROM applications WHERE person_id = ? AND anonymised_at IS NULL";
static const char SQL_PERSON_HAS_ACCOUNT[] =
	"SELECT count(*) FROM users u JOIN people p ON p.email_key = u.email_key"
	" WHERE p.id = ? AND p.anonymised_at IS NULL";

int store_edition_retention(struct store *s, int64_t edition_id, struct edition_retention *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_RETENTION_GET, &st);
	out->applicant_days = RETENTION_APPLICANT_DAYS;
	out->participant_days = RETENTION_PARTICIPANT_DAYS;
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	if ((rc = db_step(st)) == DB_ROW) {
		out->applicant_days = (int)db_col_int(st, 0);
		out->participant_days = (int)db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_edition_retention_set(struct store *s, int64_t edition_id,
				const struct edition_retention *r)
{
	int64_t ints[3] = {edition_id, r->applicant_days, r->participant_days};
	return store_run(s, SQL_RETENTION_SET, ints, 3, NULL, 0, 0);
}

static void map_retention(struct arena *a, struct db_stmt *st, void *element)
{
	(void)a;
	struct retention_row *r = element;
	int status = app_status_parse(db_col_text(st, 2));
	r->id = db_col_int(st, 0);
	r->person_id = db_col_int(st, 1);
	r->status = status < 0 ? APP_SUBMITTED : (enum app_status)status;
	r->anonymised_at = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
}

int store_retention_rows(struct store *s, struct arena *a, int64_t edition_id,
			 struct retention_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_RETENTION_ROWS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_retention, (void **)out, count);
}

int store_person_all_anonymised(struct store *s, int64_t person_id, int *done)
{
	struct db_stmt *st;
	int64_t open = 0, account = 0;
	int rc = db_prepare(s->db, SQL_PERSON_OPEN_APPS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, person_id);
	if ((rc = store_step_int(st, &open)) || (rc = db_prepare(s->db, SQL_PERSON_HAS_ACCOUNT, &st)))
		return rc;
	db_bind_int(st, 1, person_id);
	if ((rc = store_step_int(st, &account)))
		return rc;
	*done = open == 0 && account == 0;
	return 0;
}
