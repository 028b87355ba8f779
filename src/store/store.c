/*
 * The store: domain-level reads and writes over the db.h driver. Each
 * statement is a named constant next to the function that runs it, with
 * its row mapping beside it; parameters are always bound.
 */
#include "store/store.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "store/migrations.h"
#include "core/log.h"
#include "domain/rules.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TOKEN_BYTES 32
#define CONSENT_VERSION "privacy-2026-11"
#define WRITE_RETRIES 5

int store_open(const char *url, struct store **out, struct lwp_error *err)
{
	if (sodium_init() < 0)
		return lwp_fail(err, LWP_EIO, NULL, "libsodium failed to start.");
	struct store *s = calloc(1, sizeof(*s));
	if (!s)
		return lwp_fail(err, LWP_ENOMEM, NULL, "Out of memory.");
	int rc = db_open(url, &s->db, err);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	db_close(s->db);
	free(s);
}

int store_check_integrity(struct store *s)
{
	return db_check_integrity(s->db);
}

/* ---- migrations ---- */

static const char SQL_MIGRATIONS_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER NOT NULL PRIMARY KEY,"
	" description TEXT NOT NULL,"
	" applied_at BIGINT NOT NULL)";
static const char SQL_SCHEMA_VERSION[] =
	"SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_MIGRATION_RECORD[] =
	"INSERT INTO schema_migrations (version, description, applied_at)"
	" VALUES (?, ?, ?)";

static int read_version(struct store *s, int *version)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SCHEMA_VERSION, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*version = (int)db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

int store_schema_version(struct store *s, int *version)
{
	int rc = db_exec(s->db, SQL_MIGRATIONS_TABLE);
	return rc ? rc : read_version(s, version);
}

/* One migration in its own write transaction; the version is re-read under
 * the write lock so that two processes starting together apply it once. */
static int apply_migration(struct store *s, const struct migration *m, int *applied)
{
	int version, rc = db_begin_write(s->db);
	if (rc)
		return rc;
	if ((rc = read_version(s, &version)))
		goto fail;
	if (version >= m->version) {
		db_rollback(s->db);
		return 0;
	}
	if ((rc = db_exec(s->db, m->sql)))
		goto fail;
	struct db_stmt *st;
	if ((rc = db_prepare(s->db, SQL_MIGRATION_RECORD, &st)))
		goto fail;
	db_bind_int(st, 1, m->version);
	db_bind_text(st, 2, m->description);
	db_bind_int(st, 3, (int64_t)time(NULL));
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		goto fail;
	if ((rc = db_commit(s->db)))
		return rc;
	log_info("migration %d applied", m->version);
	(*applied)++;
	return 0;
fail:
	db_rollback(s->db);
	return rc;
}

int store_migrate(struct store *s, int *applied)
{
	int count = 0, rc = db_exec(s->db, SQL_MIGRATIONS_TABLE);
	for (int i = 0; !rc && i < migration_count; i++)
		rc = apply_migration(s, &migrations[i], &count);
	if (applied)
		*applied = count;
	return rc;
}

/* ---- editions ---- */

#define EDITION_COLUMNS \
	"e.id, e.slug, e.title, e.description, e.capacity, e.deadline," \
	" e.policy, e.org_cap, e.fee_cents, e.accommodation_cents," \
	" e.starts_on, e.ends_on, e.guided_months, e.location," \
	" e.contact_name, e.contact_email, e.status, e.created_at," \
	" (SELECT COUNT(*) FROM applications a" \
	"   WHERE a.edition_id = e.id AND a.status = 'accepted')," \
	" (SELECT COUNT(*) FROM applications a" \
	"   WHERE a.edition_id = e.id AND a.status <> 'withdrawn')"

static const char SQL_EDITION_BY_SLUG[] =
	"SELECT " EDITION_COLUMNS " FROM editions e WHERE e.slug = ?";
static const char SQL_EDITION_HEAD[] =
	"SELECT e.id, e.slug, e.title, e.description, e.capacity, e.deadline,"
	" e.policy, e.org_cap, e.fee_cents, e.accommodation_cents,"
	" e.starts_on, e.ends_on, e.guided_months, e.location,"
	" e.contact_name, e.contact_email, e.status, e.created_at, 0, 0"
	" FROM editions e WHERE e.slug = ?";
static const char SQL_EDITION_LIST[] =
	"SELECT " EDITION_COLUMNS " FROM editions e"
	" WHERE (? = 0 OR e.status <> 'draft')"
	" ORDER BY e.deadline DESC, e.id DESC";
static const char SQL_EDITION_INSERT[] =
	"INSERT INTO editions (slug, title, description, capacity, deadline,"
	" policy, org_cap, fee_cents, accommodation_cents, starts_on, ends_on,"
	" guided_months, location, contact_name, contact_email, status, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_EDITION_SET_STATUS[] =
	"UPDATE editions SET status = ? WHERE id = ?";
static const char SQL_EDITION_SET_DEADLINE[] =
	"UPDATE editions SET deadline = ? WHERE id = ?";

char *store_col_dup(struct arena *a, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);
	return v ? arena_strdup(a, v) : NULL;
}

static void edition_from_row(struct arena *a, struct db_stmt *st, struct edition *e)
{
	memset(e, 0, sizeof(*e));
	e->id = db_col_int(st, 0);
	e->slug = store_col_dup(a, st, 1);
	e->title = store_col_dup(a, st, 2);
	e->description = store_col_dup(a, st, 3);
	e->capacity = (int)db_col_int(st, 4);
	e->deadline = db_col_int(st, 5);
	int policy = policy_parse(db_col_text(st, 6));
	e->policy = policy < 0 ? POLICY_DIVERSITY : (enum policy)policy;
	e->org_cap = (int)db_col_int(st, 7);
	e->fee_cents = db_col_int(st, 8);
	e->accommodation_cents = db_col_int(st, 9);
	e->starts_on = store_col_dup(a, st, 10);
	e->ends_on = store_col_dup(a, st, 11);
	e->guided_months = (int)db_col_int(st, 12);
	e->location = store_col_dup(a, st, 13);
	e->contact_name = store_col_dup(a, st, 14);
	e->contact_email = store_col_dup(a, st, 15);
	int status = edition_status_parse(db_col_text(st, 16));
	e->status = status < 0 ? EDITION_DRAFT : (enum edition_status)status;
	e->created_at = db_col_int(st, 17);
	e->accepted = (int)db_col_int(st, 18);
	e->applications = (int)db_col_int(st, 19);
}

static void map_edition(struct arena *a, struct db_stmt *st, void *e)
{
	edition_from_row(a, st, e);
}

/* Read one edition (with its counts, or only its head); used inside and
 * outside transactions. */
static int edition_query(struct store *s, struct arena *a, const char *sql, const char *slug,
			 struct edition *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, slug);
	rc = db_step(st);
	if (rc == DB_ROW) {
		edition_from_row(a, st, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static int edition_by_slug(struct store *s, struct arena *a, const char *slug,
			   struct edition *out)
{
	return edition_query(s, a, SQL_EDITION_BY_SLUG, slug, out);
}

int store_edition_get(struct store *s, struct arena *a, const char *slug,
		      struct edition *out)
{
	return edition_by_slug(s, a, slug, out);
}

int store_edition_head(struct store *s, struct arena *a, const char *slug,
		       struct edition *out)
{
	return edition_query(s, a, SQL_EDITION_HEAD, slug, out);
}

int store_edition_list(struct store *s, struct arena *a, int published_only,
		       struct edition **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_LIST, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, published_only);
	return store_collect(a, st, sizeof(**out), map_edition, (void **)out, count);
}

/* Parameters 1..16 of SQL_EDITION_INSERT and SQL_EDITION_UPDATE, which
 * list the edition's columns in the same order. */
static void bind_edition_fields(struct db_stmt *st, const struct edition *e)
{
	db_bind_text(st, 1, e->slug);
	db_bind_text(st, 2, e->title);
	db_bind_text(st, 3, e->description ? e->description : "");
	db_bind_int(st, 4, e->capacity);
	db_bind_int(st, 5, e->deadline);
	db_bind_text(st, 6, policy_code(e->policy));
	db_bind_int(st, 7, e->org_cap);
	db_bind_int(st, 8, e->fee_cents);
	db_bind_int(st, 9, e->accommodation_cents);
	db_bind_text(st, 10, e->starts_on);
	db_bind_text(st, 11, e->ends_on);
	db_bind_int(st, 12, e->guided_months);
	db_bind_text(st, 13, e->location);
	db_bind_text(st, 14, e->contact_name);
	db_bind_text(st, 15, e->contact_email);
	db_bind_text(st, 16, edition_status_code(e->status));
}

int store_edition_insert(struct store *s, const struct edition *e, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_INSERT, &st);
	if (rc)
		return rc;
	bind_edition_fields(st, e);
	db_bind_int(st, 17, e->created_at);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

/* Run a one-statement update that binds (text or int, id). */
static int update_by_id(struct store *s, const char *sql, const char *text,
			int64_t value, int64_t id)
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

int store_edition_set_status(struct store *s, int64_t id, enum edition_status status)
{
	return update_by_id(s, SQL_EDITION_SET_STATUS, edition_status_code(status), 0, id);
}

int store_edition_set_deadline(struct store *s, int64_t id, int64_t deadline)
{
	return update_by_id(s, SQL_EDITION_SET_DEADLINE, NULL, deadline, id);
}

/* ---- organisations ---- */

static const char SQL_ORGANISATION_SET_PARENT[] =
	"UPDATE organisations SET parent_id ="
	" (SELECT p.id FROM organisations p WHERE p.name_key = ?)"
	" WHERE name_key = ? AND name_key <> ?"
	" AND EXISTS (SELECT 1 FROM organisations p WHERE p.name_key = ?) RETURNING id";
static const char SQL_ORGANISATION_LIST[] =
	"SELECT o.id, o.name, o.kind, p.name FROM organisations o"
	" LEFT JOIN organisations p ON p.id = o.parent_id ORDER BY o.name_key";
static const char SQL_ORGANISATION_NAMES[] =
	"SELECT name FROM organisations ORDER BY name_key LIMIT ?";

int store_organisation_set_parent(struct store *s, struct arena *a, const char *name,
				  const char *parent)
{
	char *key = name_key(a, name), *parent_key = name_key(a, parent);
	struct db_stmt *st;
	if (!key || !parent_key)
		return LWP_ENOMEM;
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	if (!(rc = db_prepare(s->db, SQL_ORGANISATION_SET_PARENT, &st))) {
		db_bind_text(st, 1, parent_key);
		db_bind_text(st, 2, key);
		db_bind_text(st, 3, parent_key);
		db_bind_text(st, 4, parent_key);
		rc = store_step_int(st, NULL);
	}
	if (rc) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db);
}

static void map_organisation(struct arena *a, struct db_stmt *st, void *element)
{
	struct organisation_row *o = element;
	int kind = org_kind_parse(db_col_text(st, 2));
	o->id = db_col_int(st, 0);
	o->name = store_col_dup(a, st, 1);
	o->kind = kind < 0 ? ORG_OTHER : (enum org_kind)kind;
	o->parent = store_col_dup(a, st, 3);
}

int store_organisation_list(struct store *s, struct arena *a, struct organisation_row **out,
			    int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_LIST, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_organisation, (void **)out, count);
}

int store_organisation_names(struct store *s, struct arena *a, int limit,
			     char ***names, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_NAMES, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, limit);
	char **list = arena_calloc(a, (size_t)limit + 1, sizeof(char *));
	int n = 0;
	while (list && n < limit && (rc = db_step(st)) == DB_ROW)
		list[n++] = store_col_dup(a, st, 0);
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	if (rc < 0)
		return rc;
	*names = list;
	*count = n;
	return 0;
}

/* ---- applications ---- */

static const char SQL_COUNT_ACCEPTED[] =
	"SELECT COUNT(*) FROM applications WHERE edition_id = ? AND status = 'accepted'";
static const char SQL_COUNT_ACCEPTED_ORG[] =
	"SELECT COUNT(*) FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" WHERE a.edition_id = ? AND a.status = 'accepted' AND i.organisation_id = ?";
static const char SQL_ORGANISATION_UPSERT[] =
	"INSERT INTO organisations (name, name_key, kind, created_at)"
	" VALUES (?, ?, ?, ?)"
	" ON CONFLICT (name_key) DO UPDATE SET name_key = excluded.name_key"
	" RETURNING id";
static const char SQL_PERSON_UPSERT[] =
	"INSERT INTO people (name, email, email_key, organisation_id, function,"
	" phone, lang, consent_directory, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (email_key) DO UPDATE SET name = excluded.name,"
	" email = excluded.email, organisation_id = excluded.organisation_id,"
	" function = excluded.function, phone = excluded.phone,"
	" lang = excluded.lang, consent_directory = excluded.consent_directory,"
	" updated_at = excluded.updated_at"
	" RETURNING id";
static const char SQL_INITIATIVE_INSERT[] =
	"INSERT INTO initiatives (title, organisation_id, owner_id, theme, tags,"
	" summary, question, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	" RETURNING id";
static const char SQL_APPLICATION_INSERT[] =
	"INSERT INTO applications (edition_id, person_id, initiative_id, email_key,"
	" motivation, question, eligible, billing_contact, billing_address,"
	" billing_reference, residential_needs, consent_at, consent_version,"
	" status, token_hash, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_EVENT_INSERT[] =
	"INSERT INTO application_events (application_id, status, actor, note, at)"
	" VALUES (?, ?, ?, ?, ?)";

/* Step a statement that returns one id (INSERT ... RETURNING id). */
static int step_returning_id(struct db_stmt *st, int64_t *id)
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
static int count_accepted(struct store *s, int64_t edition_id, int64_t org_id, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, org_id ? SQL_COUNT_ACCEPTED_ORG : SQL_COUNT_ACCEPTED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	if (org_id)
		db_bind_int(st, 2, org_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*count = (int)db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

static int organisation_upsert(struct store *s, struct arena *a,
			       const struct application_input *in, int64_t now,
			       int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_UPSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, in->organisation);
	db_bind_text(st, 2, name_key(a, in->organisation));
	db_bind_text(st, 3, in->organisation_kind);
	db_bind_int(st, 4, now);
	return step_returning_id(st, id);
}

static int person_upsert(struct store *s, struct arena *a,
			 const struct application_input *in, int64_t org_id,
			 int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PERSON_UPSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->email);
	db_bind_text(st, 3, email_key(a, in->email));
	db_bind_int(st, 4, org_id);
	db_bind_text(st, 5, in->function);
	db_bind_text(st, 6, in->phone);
	db_bind_text(st, 7, in->lang ? in->lang : "nl");
	db_bind_int(st, 8, in->consent_directory ? 1 : 0);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	return step_returning_id(st, id);
}

static int initiative_insert(struct store *s, const struct application_input *in,
			     int64_t org_id, int64_t person_id, int64_t now,
			     int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_INITIATIVE_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, in->initiative_title);
	db_bind_int(st, 2, org_id);
	db_bind_int(st, 3, person_id);
	db_bind_text(st, 4, in->theme);
	db_bind_text(st, 5, in->tags ? in->tags : "");
	db_bind_text(st, 6, in->initiative_summary ? in->initiative_summary : "");
	db_bind_text(st, 7, in->question);
	db_bind_int(st, 8, now);
	return step_returning_id(st, id);
}

int store_event_insert(struct store *s, int64_t app_id, enum app_status status,
		       const char *actor, const char *note, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EVENT_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, app_id);
	db_bind_text(st, 2, app_status_code(status));
	db_bind_text(st, 3, actor);
	db_bind_text(st, 4, note);
	db_bind_int(st, 5, now);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

char *store_token_new(struct arena *a)
{
	unsigned char raw[TOKEN_BYTES];
	char *token = arena_alloc(a, TOKEN_BYTES * 2 + 1);
	if (!token)
		return NULL;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, TOKEN_BYTES * 2 + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return token;
}

/* Tokens are stored as hashes, so that a copy of the database does not
 * reveal working links. */
int store_token_hash(struct arena *a, const char *token, char **hash)
{
	unsigned char digest[32];
	if (strlen(token) != TOKEN_BYTES * 2)
		return LWP_ENOTFOUND;
	for (const char *p = token; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return LWP_ENOTFOUND;
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	*hash = arena_alloc(a, sizeof(digest) * 2 + 1);
	if (!*hash)
		return LWP_ENOMEM;
	sodium_bin2hex(*hash, sizeof(digest) * 2 + 1, digest, sizeof(digest));
	return 0;
}

static int application_insert(struct store *s, struct arena *a,
			      const struct application_input *in,
			      int64_t edition_id, int64_t person_id,
			      int64_t initiative_id, enum app_status status,
			      const char *hash, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_APPLICATION_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, person_id);
	db_bind_int(st, 3, initiative_id);
	db_bind_text(st, 4, email_key(a, in->email));
	db_bind_text(st, 5, in->motivation);
	db_bind_text(st, 6, in->question);
	db_bind_int(st, 7, in->eligible ? 1 : 0);
	db_bind_text(st, 8, in->billing_contact);
	db_bind_text(st, 9, in->billing_address);
	db_bind_text(st, 10, in->billing_reference);
	db_bind_text(st, 11, in->residential_needs);
	db_bind_int(st, 12, now);
	db_bind_text(st, 13, CONSENT_VERSION);
	db_bind_text(st, 14, app_status_code(status));
	db_bind_text(st, 15, hash);
	db_bind_int(st, 16, now);
	return step_returning_id(st, id);
}

/* The body of store_application_submit, inside an open write transaction. */
static int submit_in_transaction(struct store *s, struct arena *a, const char *slug,
				 const struct application_input *in, int64_t now,
				 const char *token, const struct mail *confirmation,
				 struct rate_check *limit, struct application_receipt *out)
{
	struct edition e;
	int accepted, same_org, rc;
	int64_t org_id, person_id, initiative_id, app_id;
	char *hash;
	if (limit && (rc = store_rate_hit_in_transaction(s, limit->bucket, now, limit->window,
							  limit->limit, &limit->retry_after)))
		return rc;
	if ((rc = edition_by_slug(s, a, slug, &e)))
		return rc;
	if ((rc = edition_accepts_applications(&e, now)))
		return rc;
	if ((rc = organisation_upsert(s, a, in, now, &org_id)) ||
	    (rc = count_accepted(s, e.id, 0, &accepted)) ||
	    (rc = count_accepted(s, e.id, org_id, &same_org)))
		return rc;
	enum app_status status = application_initial_status(&e, accepted, same_org);
	if ((rc = store_token_hash(a, token, &hash)))
		return rc == LWP_ENOTFOUND ? LWP_EINVAL : rc;
	if ((rc = person_upsert(s, a, in, org_id, now, &person_id)) ||
	    (rc = initiative_insert(s, in, org_id, person_id, now, &initiative_id)) ||
	    (rc = application_insert(s, a, in, e.id, person_id, initiative_id,
				     status, hash, now, &app_id)) ||
	    (rc = store_event_insert(s, app_id, status, "applicant", NULL, now)) ||
	    (confirmation && (rc = store_outbox_add(s, confirmation, now))))
		return rc;
	out->id = app_id;
	out->status = status;
	return 0;
}

int store_application_submit(struct store *s, struct arena *a, const char *slug,
			     const struct application_input *in, int64_t now,
			     const char *token, const struct mail *confirmation,
			     struct rate_check *limit, struct application_receipt *out)
{
	int rc = LWP_EBUSY;
	/* The busy timeout waits for the write lock; a retry covers the rare
	 * case where it still could not be had. */
	for (int attempt = 0; rc == LWP_EBUSY && attempt < WRITE_RETRIES; attempt++) {
		if ((rc = db_begin_write(s->db)))
			continue;
		rc = submit_in_transaction(s, a, slug, in, now, token, confirmation, limit, out);
		if (rc == 0)
			rc = db_commit(s->db);
		else
			db_rollback(s->db);
	}
	return rc;
}

#define APPLICATION_COLUMNS \
	"a.id, a.edition_id, a.status, a.created_at, p.name, p.email, o.name," \
	" o.kind, p.function, p.phone, i.title, i.theme, i.summary, i.tags," \
	" a.motivation, a.question, a.billing_contact, a.billing_address," \
	" a.billing_reference, a.residential_needs, p.lang, p.consent_directory"
#define APPLICATION_JOINS \
	" FROM applications a JOIN people p ON p.id = a.person_id" \
	" JOIN initiatives i ON i.id = a.initiative_id" \
	" JOIN organisations o ON o.id = i.organisation_id"

static const char SQL_APPLICATION_LIST[] =
	"SELECT " APPLICATION_COLUMNS APPLICATION_JOINS
	" WHERE a.edition_id = ? ORDER BY a.id";
static const char SQL_APPLICATION_BY_TOKEN[] =
	"SELECT " APPLICATION_COLUMNS ", e.slug" APPLICATION_JOINS
	" JOIN editions e ON e.id = a.edition_id WHERE a.token_hash = ?";
static const char SQL_APPLICATION_SET_STATUS[] =
	"UPDATE applications SET status = ? WHERE id = ?";
/* The first waitlisted applicant whose organisation is under the cap. */
static const char SQL_FIRST_WAITLISTED[] =
	"SELECT a.id FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" WHERE a.edition_id = ? AND a.status = 'waitlisted' AND (? = 0 OR"
	"  (SELECT COUNT(*) FROM applications a2"
	"   JOIN initiatives i2 ON i2.id = a2.initiative_id"
	"   WHERE a2.edition_id = a.edition_id AND a2.status = 'accepted'"
	"   AND i2.organisation_id = i.organisation_id) < ?)"
	" ORDER BY a.id LIMIT 1";
static const char SQL_COUNT_APPLICATIONS[] = "SELECT COUNT(*) FROM applications";

static void application_from_row(struct arena *a, struct db_stmt *st,
				 struct application *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->edition_id = db_col_int(st, 1);
	int status = app_status_parse(db_col_text(st, 2));
	r->status = status < 0 ? APP_SUBMITTED : (enum app_status)status;
	r->created_at = db_col_int(st, 3);
	r->name = store_col_dup(a, st, 4);
	r->email = store_col_dup(a, st, 5);
	r->organisation = store_col_dup(a, st, 6);
	int kind = org_kind_parse(db_col_text(st, 7));
	r->org_kind = kind < 0 ? ORG_OTHER : (enum org_kind)kind;
	r->function = store_col_dup(a, st, 8);
	r->phone = store_col_dup(a, st, 9);
	r->initiative_title = store_col_dup(a, st, 10);
	int theme = theme_parse(db_col_text(st, 11));
	r->theme = theme < 0 ? THEME_BOTH : (enum theme)theme;
	r->initiative_summary = store_col_dup(a, st, 12);
	r->tags = store_col_dup(a, st, 13);
	r->motivation = store_col_dup(a, st, 14);
	r->question = store_col_dup(a, st, 15);
	r->billing_contact = store_col_dup(a, st, 16);
	r->billing_address = store_col_dup(a, st, 17);
	r->billing_reference = store_col_dup(a, st, 18);
	r->residential_needs = store_col_dup(a, st, 19);
	r->lang = store_col_dup(a, st, 20);
	r->consent_directory = (int)db_col_int(st, 21);
}

static void map_application(struct arena *a, struct db_stmt *st, void *app)
{
	application_from_row(a, st, app);
}

int store_application_list(struct store *s, struct arena *a, int64_t edition_id,
			   struct application **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_APPLICATION_LIST, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_application, (void **)out, count);
}

/* Find by token; *slug gets the edition's slug. */
static int application_by_token(struct store *s, struct arena *a, const char *token,
				struct application *app, char **slug)
{
	char *hash;
	int rc = store_token_hash(a, token, &hash);
	if (rc)
		return rc;
	struct db_stmt *st;
	if ((rc = db_prepare(s->db, SQL_APPLICATION_BY_TOKEN, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		application_from_row(a, st, app);
		*slug = store_col_dup(a, st, 22);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_application_by_token(struct store *s, struct arena *a, const char *token,
			       struct application *app, struct edition *ed)
{
	char *slug;
	int rc = application_by_token(s, a, token, app, &slug);
	return rc ? rc : edition_by_slug(s, a, slug, ed);
}

static int set_status(struct store *s, int64_t id, enum app_status status)
{
	return update_by_id(s, SQL_APPLICATION_SET_STATUS, app_status_code(status), 0, id);
}

/* Under fcfs, give a freed place to the first on the waiting list. */
static int promote_first_waitlisted(struct store *s, const struct edition *e,
				    int64_t now)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc = db_prepare(s->db, SQL_FIRST_WAITLISTED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, e->id);
	db_bind_int(st, 2, e->org_cap);
	db_bind_int(st, 3, e->org_cap);
	rc = db_step(st);
	if (rc == DB_ROW)
		id = db_col_int(st, 0);
	db_done(st);
	if (rc < 0 || id == 0)
		return rc < 0 ? rc : 0;
	if ((rc = set_status(s, id, APP_ACCEPTED)))
		return rc;
	return store_event_insert(s, id, APP_ACCEPTED, "system",
			    "place freed by a withdrawal", now);
}

static int withdraw_in_transaction(struct store *s, struct arena *a,
				   const char *token, int64_t now)
{
	struct application app;
	struct edition e;
	char *slug;
	int rc = application_by_token(s, a, token, &app, &slug);
	if (rc || (rc = edition_by_slug(s, a, slug, &e)))
		return rc;
	if (app.status == APP_WITHDRAWN || app.status == APP_DECLINED)
		return LWP_ECLOSED;
	if ((rc = set_status(s, app.id, APP_WITHDRAWN)) ||
	    (rc = store_event_insert(s, app.id, APP_WITHDRAWN, "applicant", NULL, now)))
		return rc;
	if (app.status == APP_ACCEPTED && e.policy == POLICY_FCFS &&
	    e.status == EDITION_OPEN)
		rc = promote_first_waitlisted(s, &e, now);
	return rc;
}

int store_application_withdraw(struct store *s, struct arena *a,
			       const char *token, int64_t now)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	rc = withdraw_in_transaction(s, a, token, now);
	if (rc == 0)
		return db_commit(s->db);
	db_rollback(s->db);
	return rc;
}

int store_count_applications(struct store *s, int64_t *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_COUNT_APPLICATIONS, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*count = db_col_int(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

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

/* ---- lead console ---- */

static const char SQL_APPLICATION_BY_ID[] =
	"SELECT " APPLICATION_COLUMNS ", e.slug" APPLICATION_JOINS
	" JOIN editions e ON e.id = a.edition_id WHERE a.id = ?";
static const char SQL_APPLICATION_EVENTS[] =
	"SELECT status, actor, note, at FROM application_events WHERE application_id = ?"
	" ORDER BY id";
static const char SQL_EDITION_UPDATE[] =
	"UPDATE editions SET slug = ?, title = ?, description = ?, capacity = ?, deadline = ?,"
	" policy = ?, org_cap = ?, fee_cents = ?, accommodation_cents = ?, starts_on = ?,"
	" ends_on = ?, guided_months = ?, location = ?, contact_name = ?, contact_email = ?,"
	" status = ? WHERE id = ? RETURNING id";

int store_application_get(struct store *s, struct arena *a, int64_t id,
			  struct application *app, struct edition *ed)
{
	struct db_stmt *st;
	char *slug = NULL;
	int rc = db_prepare(s->db, SQL_APPLICATION_BY_ID, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		application_from_row(a, st, app);
		slug = store_col_dup(a, st, 22);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_ENOTFOUND;
	}
	db_done(st);
	return rc ? rc : edition_by_slug(s, a, slug, ed);
}

int store_application_events(struct store *s, struct arena *a, int64_t id,
			     struct application_event **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_APPLICATION_EVENTS, &st), n = 0, cap = 64;
	if (rc)
		return rc;
	struct application_event *list = arena_calloc(a, (size_t)cap, sizeof(*list));
	db_bind_int(st, 1, id);
	while (list && n < cap && (rc = db_step(st)) == DB_ROW) {
		int status = app_status_parse(db_col_text(st, 0));
		list[n].status = status < 0 ? APP_SUBMITTED : (enum app_status)status;
		list[n].actor = store_col_dup(a, st, 1);
		list[n].note = store_col_dup(a, st, 2);
		list[n].at = db_col_int(st, 3);
		n++;
	}
	db_done(st);
	if (!list)
		return LWP_ENOMEM;
	*out = list;
	*count = n;
	return rc < 0 ? rc : 0;
}

int store_application_set_status(struct store *s, int64_t id, enum app_status status,
				 const char *note, const struct audit_entry *audit,
				 const struct mail *m, int64_t now)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	if ((rc = set_status(s, id, status)) ||
	    (rc = store_event_insert(s, id, status, audit->actor, note, now)) ||
	    (m && (rc = store_outbox_add(s, m, now))) ||
	    (rc = store_audit(s, audit))) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db);
}

int store_edition_update(struct store *s, const struct edition *e, const struct audit_entry *audit)
{
	int rc = db_begin_write(s->db);
	if (rc)
		return rc;
	struct db_stmt *st;
	if ((rc = db_prepare(s->db, SQL_EDITION_UPDATE, &st)))
		goto fail;
	bind_edition_fields(st, e);
	db_bind_int(st, 17, e->id);
	if ((rc = store_step_int(st, NULL)) || (rc = store_audit(s, audit)))
		goto fail;
	return db_commit(s->db);
fail:
	db_rollback(s->db);
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
