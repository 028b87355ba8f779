/*
 * The outbox: e-mail waiting to be sent. Messages are added inside the
 * transaction of the change that causes them, so a change and its mail are
 * stored together or not at all. Senders claim due messages for a lease
 * (claimed_until) before sending; on PostgreSQL the claim skips rows that
 * another process is claiming at that moment (FOR UPDATE SKIP LOCKED), on
 * SQLite the write lock serialises claims. A message is marked sent once.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_write.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_OUTBOX_INSERT[] =
	"INSERT INTO outbox (to_addr, to_name, subject, body_text, body_html,"
	" created_at, next_attempt_at, calendar, calendar_method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
#define OUTBOX_DUE \
	"SELECT id, to_addr, to_name, subject, body_text, body_html, attempts," \
	" calendar, calendar_method" \
	" FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?" \
	" AND claimed_until <= ? ORDER BY id LIMIT ?"
static const char SQL_OUTBOX_DUE_SQLITE[] = OUTBOX_DUE;
static const char SQL_OUTBOX_DUE_POSTGRES[] = OUTBOX_DUE " FOR UPDATE SKIP LOCKED";
static const char SQL_OUTBOX_CLAIM[] =
	"UPDATE outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?";
static const char SQL_OUTBOX_SENT[] =
	"UPDATE outbox SET sent_at = ?, claimed_until = 0, last_error = NULL"
	" WHERE id = ? AND sent_at IS NULL";
static const char SQL_OUTBOX_FAILED[] =
	"UPDATE outbox SET claimed_until = 0, last_error = ?, next_attempt_at = ?"
	" WHERE id = ? AND sent_at IS NULL";
static const char SQL_OUTBOX_COUNTS[] =
	"SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0)"
	" FROM outbox WHERE sent_at IS NULL";

static const char SQL_OUTBOX_INSERT_ID[] =
	"INSERT INTO outbox (to_addr, to_name, subject, body_text, body_html,"
	" created_at, next_attempt_at, calendar, calendar_method)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ATTACHMENT_INSERT[] =
	"INSERT INTO outbox_attachments (outbox_id, position, name, content_type, data_base64)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_ATTACHMENTS[] =
	"SELECT name, content_type, data_base64 FROM outbox_attachments WHERE outbox_id = ?"
	" ORDER BY position";

/* Attachments are stored base64-encoded: a TEXT column holds any bytes
 * that way on both backends (PostgreSQL text cannot hold NUL). */
static int attachment_insert(struct store *s, int64_t outbox_id, int pos,
			     const struct mail_attachment *at)
{
	size_t n = sodium_base64_ENCODED_LEN(at->len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(n);
	struct db_stmt *st;
	if (!b64)
		return LWP_ENOMEM;
	sodium_bin2base64(b64, n, (const unsigned char *)at->data, at->len,
			  sodium_base64_VARIANT_ORIGINAL);
	int rc = db_prepare(s->db, SQL_ATTACHMENT_INSERT, &st);
	if (rc == 0) {
		db_bind_int(st, 1, outbox_id);
		db_bind_int(st, 2, pos);
		db_bind_text(st, 3, at->name);
		db_bind_text(st, 4, at->content_type);
		db_bind_text(st, 5, b64);
		rc = db_step(st);
		db_done(st);
	}
	free(b64);
	return rc < 0 ? rc : 0;
}

int store_outbox_add(struct store *s, const struct mail *m, int64_t now)
{
	struct db_stmt *st;
	int with = m->n_attachments > 0;
	if (m->n_attachments < 0 || m->n_attachments > MAIL_ATTACHMENTS_MAX)
		return LWP_EINVAL;
	int rc = db_prepare(s->db, with ? SQL_OUTBOX_INSERT_ID : SQL_OUTBOX_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, m->to_addr);
	db_bind_text(st, 2, m->to_name);
	db_bind_text(st, 3, m->subject);
	db_bind_text(st, 4, m->body_text);
	db_bind_text(st, 5, m->body_html);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	db_bind_text(st, 8, m->calendar);
	db_bind_text(st, 9, m->calendar ? m->calendar_method : NULL);
	if (with) {
		int64_t id;
		if ((rc = store_step_id(st, &id)))
			return rc;
		for (int i = 0; i < m->n_attachments; i++)
			if ((rc = attachment_insert(s, id, i, &m->attachments[i])))
				return rc;
		return 0;
	}
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int attachment_decode(struct arena *a, const char *b64, struct mail_attachment *at)
{
	size_t n = strlen(b64), len;
	char *bin = arena_alloc(a, n + 1);
	if (!bin)
		return LWP_ENOMEM;
	if (sodium_base642bin((unsigned char *)bin, n + 1, b64, n, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL))
		return LWP_EDB;
	at->data = bin;
	at->len = len;
	return 0;
}

/* The attachments of a claimed message, into its mail. */
static int load_attachments(struct store *s, struct arena *a, struct outbox_item *it)
{
	struct db_stmt *st;
	struct mail_attachment *list = arena_calloc(a, MAIL_ATTACHMENTS_MAX, sizeof(*list));
	int n = 0, rc = list ? db_prepare(s->db, SQL_ATTACHMENTS, &st) : LWP_ENOMEM;
	if (rc)
		return rc;
	db_bind_int(st, 1, it->id);
	while (n < MAIL_ATTACHMENTS_MAX && (rc = db_step(st)) == DB_ROW) {
		list[n].name = store_col_dup(a, st, 0);
		list[n].content_type = store_col_dup(a, st, 1);
		if ((rc = attachment_decode(a, db_col_text(st, 2), &list[n++])))
			break;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	it->mail.attachments = n ? list : NULL;
	it->mail.n_attachments = n;
	return 0;
}

static int read_due(struct store *s, struct arena *a, int64_t now, int limit,
		    struct outbox_item *items, int *count)
{
	int postgres = strcmp(db_backend(s->db), "postgres") == 0;
	struct db_stmt *st;
	int rc = db_prepare(s->db, postgres ? SQL_OUTBOX_DUE_POSTGRES : SQL_OUTBOX_DUE_SQLITE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, limit);
	int n = 0;
	while (n < limit && (rc = db_step(st)) == DB_ROW) {
		struct outbox_item *it = &items[n++];
		it->id = db_col_int(st, 0);
		it->mail.to_addr = store_col_dup(a, st, 1);
		it->mail.to_name = store_col_dup(a, st, 2);
		it->mail.subject = store_col_dup(a, st, 3);
		it->mail.body_text = store_col_dup(a, st, 4);
		it->mail.body_html = store_col_dup(a, st, 5);
		it->attempts = (int)db_col_int(st, 6) + 1;
		it->mail.calendar = store_col_dup(a, st, 7);
		it->mail.calendar_method = store_col_dup(a, st, 8);
	}
	db_done(st);
	*count = n;
	return rc < 0 ? rc : 0;
}

static int claim_all(struct store *s, const struct outbox_item *items, int n, int64_t until)
{
	for (int i = 0; i < n; i++) {
		struct db_stmt *st;
		int rc = db_prepare(s->db, SQL_OUTBOX_CLAIM, &st);
		if (rc)
			return rc;
		db_bind_int(st, 1, until);
		db_bind_int(st, 2, items[i].id);
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int store_outbox_claim(struct store *s, struct arena *a, int64_t now, int lease,
		       int limit, struct outbox_item **items, int *count)
{
	struct outbox_item *list = arena_calloc(a, (size_t)limit, sizeof(*list));
	if (!list)
		return LWP_ENOMEM;
	/* On PostgreSQL a plain transaction: the row locks of FOR UPDATE SKIP
	 * LOCKED are the claim's only lock; SQLite takes its write lock. */
	int postgres = strcmp(db_backend(s->db), "postgres") == 0;
	int rc = postgres ? db_begin_read(s->db) : db_begin_write(s->db);
	if (rc)
		return rc;
	if ((rc = read_due(s, a, now, limit, list, count)) ||
	    (rc = claim_all(s, list, *count, now + lease))) {
		db_rollback(s->db);
		return rc;
	}
	for (int i = 0; i < *count; i++)
		if ((rc = load_attachments(s, a, &list[i])))
			break;
	if (rc) {
		db_rollback(s->db);
		return rc;
	}
	if ((rc = db_commit(s->db)))
		return rc;
	*items = list;
	return 0;
}

static int update_outbox(struct store *s, const char *sql, const char *text,
			 int64_t value, int64_t id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	int i = 1;
	if (text)
		db_bind_text(st, i++, text);
	db_bind_int(st, i++, value);
	db_bind_int(st, i, id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int store_outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return update_outbox(s, SQL_OUTBOX_SENT, NULL, now, id);
}

int store_outbox_failed(struct store *s, int64_t id, const char *error, int64_t retry_at)
{
	return update_outbox(s, SQL_OUTBOX_FAILED, error ? error : "unknown error", retry_at, id);
}

int store_outbox_counts(struct store *s, int64_t *pending, int64_t *failing)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OUTBOX_COUNTS, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*pending = db_col_int(st, 0);
		*failing = db_col_int(st, 1);
		rc = 0;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static const char SQL_OUTBOX_FAILURES[] =
	"SELECT id, to_addr, subject, attempts, last_error FROM outbox"
	" WHERE sent_at IS NULL AND attempts > 0 AND last_error IS NOT NULL"
	" ORDER BY id DESC LIMIT ?";

int store_outbox_failures(struct store *s, struct arena *a, int limit,
			  struct outbox_failure **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OUTBOX_FAILURES, &st), n = 0;
	if (rc)
		return rc;
	struct outbox_failure *list = arena_calloc(a, (size_t)limit, sizeof(*list));
	db_bind_int(st, 1, limit);
	while (list && n < limit && (rc = db_step(st)) == DB_ROW) {
		list[n].id = db_col_int(st, 0);
		list[n].to_addr = store_col_dup(a, st, 1);
		list[n].subject = store_col_dup(a, st, 2);
		list[n].attempts = (int)db_col_int(st, 3);
		list[n].last_error = store_col_dup(a, st, 4);
		n++;
	}
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	*out = list;
	*count = n;
	return rc < 0 ? rc : 0;
}
