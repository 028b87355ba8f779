/*
 * lwp backup / lwp restore: the whole database as JSON lines, the same on
 * both backends, so a backup of SQLite restores into PostgreSQL and back.
 * First line: {"lwp_backup": 1, "schema": N}; then one line per row,
 * {"table": T, "row": {column: text or null}}, tables in dependency order
 * and rows by their key. Rate-limit counters are not kept. Values travel as text; each backend converts them to the
 * column's type on insert. Restore runs in one transaction into a database
 * that has the schema and no rows.
 */
#include "store/store.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "store/store_write.h"
#include "core/buf.h"
#include "core/log.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Table and column names are these constants, never input: the SQL that
 * backup and restore build from them has only bound values. */
struct table_spec {
	const char *name;
	const char *columns; /* comma separated, as in the schema */
};

/* Every table of the schema, parents before children. */
static const struct table_spec tables[] = {
	{"organisations", "id, name, name_key, kind, parent_id, created_at"},
	{"people", "id, name, email, email_key, organisation_id, function, phone, lang,"
		   " consent_directory, created_at, updated_at"},
	{"initiatives", "id, title, organisation_id, owner_id, theme, tags, summary, stage,"
			" question, visibility, created_at"},
	{"editions", "id, slug, title, description, capacity, deadline, policy, org_cap,"
		     " fee_cents, accommodation_cents, starts_on, ends_on, guided_months,"
		     " location, contact_name, contact_email, status, created_at"},
	{"applications", "id, edition_id, person_id, initiative_id, email_key, motivation,"
			 " question, eligible, billing_contact, billing_address,"
			 " billing_reference, residential_needs, consent_at, consent_version,"
			 " status, token_hash, created_at, selection_mark, waitlist_rank"},
	{"application_events", "id, application_id, status, actor, note, at"},
	{"outbox", "id, to_addr, to_name, subject, body_text, body_html, created_at,"
		   " attempts, next_attempt_at, claimed_until, sent_at, last_error"},
	{"users", "id, email, email_key, name, lang, password_hash, totp_secret,"
		  " totp_last_step, disabled, created_at"},
	{"user_roles", "id, user_id, role, edition_id"},
	{"recovery_codes", "id, user_id, code_hash, used_at"},
	{"sessions", "id, token_hash, user_id, csrf, second_factor, created_at, last_seen_at"},
	{"login_links", "id, token_hash, user_id, created_at, expires_at, used_at"},
	{"audit_log", "id, at, actor_id, actor, action, object, detail, ip"},
	{"selection_settings", "edition_id, w_org, w_parent, w_kind, w_theme, w_tags, offer_days"},
	{"offers", "id, application_id, token_hash, created_at, expires_at, answered_at, answer"},
	{"outbox_attachments", "id, outbox_id, position, name, content_type, data_base64"},
	{"invoice_seller", "singleton, name, address, postcode, city, country, id_scheme, party_id,"
			   " vat_number, iban, bic, contact_name, contact_phone, contact_email,"
			   " updated_at"},
	{"invoice_settings", "edition_id, vat_category, vat_rate_bp, exemption_reason,"
			     " exemption_code, residential_nights, payment_days"},
	{"invoice_billing", "edition_id, organisation_id, legal_name, address, postcode, city,"
			    " id_scheme, party_id, buyer_reference, order_reference, contact_name,"
			    " email, updated_at"},
	{"invoice_nights", "application_id, nights"},
	{"invoice_manual_lines", "id, edition_id, organisation_id, application_id, description,"
				 " quantity, unit_price_cents, reason, created_by, created_at"},
	{"invoice_series", "year, last_seq"},
	{"invoices", "id, edition_id, organisation_id, kind, number, year, seq, corrects_id,"
		     " corrects_number, status, credited, issue_date, due_date, period_start,"
		     " period_end, payment_terms, note, token_hash, line_net_cents, tax_cents,"
		     " payable_cents, s_name, s_address, s_postcode, s_city, s_country, s_scheme,"
		     " s_id, s_vat, s_iban, s_bic, s_means, s_contact_name, s_contact_phone,"
		     " s_contact_email, b_name, b_address, b_postcode, b_city, b_country, b_scheme,"
		     " b_id, b_buyer_reference, b_order_reference, b_contact_name, b_email,"
		     " created_at, sent_at, paid_at"},
	{"invoice_lines", "id, invoice_id, position, kind, description, quantity,"
			  " unit_price_cents, net_cents, vat_category, vat_rate_bp, exemption_reason,"
			  " exemption_code, reason, application_id"},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static int column_count(const struct table_spec *t)
{
	int n = 1;
	for (const char *p = t->columns; *p; p++)
		n += *p == ',';
	return n;
}

/* The i-th column name of t into out (without spaces). */
static void column_name(const struct table_spec *t, int i, char *out, size_t n)
{
	const char *p = t->columns;
	for (; i > 0; i--)
		p = strchr(p, ',') + 1;
	while (*p == ' ')
		p++;
	size_t len = strcspn(p, ",");
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

static int dump_table(struct store *s, const struct table_spec *t, FILE *out, long *rows)
{
	struct buf sql;
	struct db_stmt *st;
	buf_init(&sql, 4096);
	buf_printf(&sql, "SELECT %s FROM %s ORDER BY 1", t->columns, t->name);
	int rc = sql.failed ? LWP_ENOMEM : db_prepare_temp(s->db, buf_cstr(&sql), &st);
	buf_free(&sql);
	if (rc)
		return rc;
	int ncols = column_count(t);
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = json_object();
		for (int i = 0; row && i < ncols; i++) {
			char name[64];
			column_name(t, i, name, sizeof(name));
			const char *v = db_col_text(st, i);
			json_object_set_new(row, name, v ? json_string(v) : json_null());
		}
		json_t *line = row ? json_pack("{s:s, s:o}", "table", t->name, "row", row) : NULL;
		if (!line || json_dumpf(line, out, JSON_COMPACT) || fputc('\n', out) == EOF) {
			json_decref(line);
			rc = LWP_EIO;
			break;
		}
		json_decref(line);
		(*rows)++;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_backup(struct store *s, FILE *out, long *rows)
{
	int version, rc = store_schema_version(s, &version);
	*rows = 0;
	if (rc || (rc = db_begin_read(s->db)))
		return rc;
	json_t *head = json_pack("{s:i, s:i}", "lwp_backup", 1, "schema", version);
	if (!head || json_dumpf(head, out, JSON_COMPACT) || fputc('\n', out) == EOF)
		rc = LWP_EIO;
	json_decref(head);
	for (size_t i = 0; !rc && i < NTABLES; i++)
		rc = dump_table(s, &tables[i], out, rows);
	db_rollback(s->db);
	if (!rc && fflush(out))
		rc = LWP_EIO;
	return rc;
}

static const struct table_spec *find_table(const char *name)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (name && strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* Prepared INSERT for each table, built from the constant table list. */
struct inserter {
	struct db_stmt *st[NTABLES];
};

static int inserter_get(struct store *s, struct inserter *ins, const struct table_spec *t,
			struct db_stmt **out)
{
	size_t i = (size_t)(t - tables);
	if (!ins->st[i]) {
		struct buf sql;
		buf_init(&sql, 4096);
		buf_printf(&sql, "INSERT INTO %s (%s) VALUES (?", t->name, t->columns);
		for (int c = 1; c < column_count(t); c++)
			buf_puts(&sql, ", ?");
		buf_puts(&sql, ")");
		int rc = sql.failed ? LWP_ENOMEM : db_prepare_temp(s->db, buf_cstr(&sql), &ins->st[i]);
		buf_free(&sql);
		if (rc)
			return rc;
	}
	*out = ins->st[i];
	return 0;
}

/* Insert one row object; every key must be a column of the table. */
static int restore_row(struct store *s, struct inserter *ins, const struct table_spec *t,
		       json_t *row)
{
	struct db_stmt *st;
	int rc = inserter_get(s, ins, t, &st);
	if (rc)
		return rc;
	int ncols = column_count(t);
	if (!json_is_object(row) || (int)json_object_size(row) != ncols)
		return LWP_EINVAL;
	for (int i = 0; i < ncols; i++) {
		char name[64];
		column_name(t, i, name, sizeof(name));
		json_t *v = json_object_get(row, name);
		if (!v || (!json_is_null(v) && !json_is_string(v)))
			return LWP_EINVAL;
		db_bind_text(st, i + 1, json_is_null(v) ? NULL : json_string_value(v));
	}
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int database_is_empty(struct store *s)
{
	for (size_t i = 0; i < NTABLES; i++) {
		struct buf sql;
		struct db_stmt *st;
		buf_init(&sql, 256);
		buf_printf(&sql, "SELECT COUNT(*) FROM %s", tables[i].name);
		int rc = db_prepare_temp(s->db, buf_cstr(&sql), &st);
		buf_free(&sql);
		if (rc)
			return rc;
		rc = db_step(st);
		int64_t n = rc == DB_ROW ? db_col_int(st, 0) : -1;
		db_finalize(st);
		if (n != 0)
			return n < 0 ? LWP_EDB : LWP_ECONFLICT;
	}
	return 0;
}

/* After explicit ids were inserted, move PostgreSQL's identity sequences
 * past them (SQLite needs nothing). */
static int reset_sequences(struct store *s)
{
	if (strcmp(db_backend(s->db), "postgres") != 0)
		return 0;
	for (size_t i = 0; i < NTABLES; i++) {
		if (strncmp(tables[i].columns, "id,", 3) != 0)
			continue; /* keyed by another table's id: no sequence */
		struct buf sql;
		buf_init(&sql, 512);
		buf_printf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
			   " COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
			   tables[i].name, tables[i].name);
		int rc = db_exec(s->db, buf_cstr(&sql));
		buf_free(&sql);
		if (rc)
			return rc;
	}
	return 0;
}

static int restore_lines(struct store *s, FILE *in, long *rows, long *line_no)
{
	struct inserter ins;
	memset(&ins, 0, sizeof(ins));
	int rc = 0, version;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	if ((rc = store_schema_version(s, &version)))
		return rc;
	while (!rc && (len = getline(&line, &cap, in)) > 0) {
		(*line_no)++;
		json_error_t jerr;
		json_t *doc = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
		if (!doc) {
			rc = LWP_EINVAL;
		} else if (*line_no == 1) {
			json_t *v = json_object_get(doc, "lwp_backup");
			json_t *schema = json_object_get(doc, "schema");
			if (!json_is_integer(v) || json_integer_value(v) != 1 ||
			    !json_is_integer(schema) || json_integer_value(schema) > version)
				rc = LWP_EINVAL;
		} else {
			const struct table_spec *t = find_table(json_string_value(json_object_get(doc, "table")));
			rc = t ? restore_row(s, &ins, t, json_object_get(doc, "row")) : LWP_EINVAL;
			if (!rc)
				(*rows)++;
		}
		json_decref(doc);
	}
	free(line);
	for (size_t i = 0; i < NTABLES; i++)
		db_finalize(ins.st[i]);
	if (!rc && *line_no == 0)
		rc = LWP_EINVAL;
	return rc;
}

int store_restore(struct store *s, FILE *in, long *rows, long *bad_line)
{
	long line_no = 0;
	*rows = 0;
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	if (!(rc = database_is_empty(s)) && !(rc = restore_lines(s, in, rows, &line_no)) &&
	    !(rc = reset_sequences(s)))
		rc = db_commit(s->db);
	else
		db_rollback(s->db);
	*bad_line = rc ? line_no : 0;
	return rc;
}
