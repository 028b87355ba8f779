/*
 * Applications in the store: the applicant, their organisation and
 * initiative, the application with its private link and its history.
 * Writes run inside the caller's store_write().
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>
#include <sodium.h>

#define TOKEN_BYTES 32
#define CONSENT_VERSION "privacy-2026-11"

/* ---- applications ---- */

/* The accepted of one organisation: through the (edition_id, status)
 * index, at most the capacity's rows; the edition's total is a counter
 * (store_counts.c). */
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

int store_count_accepted(struct store *s, int64_t edition_id, int64_t org_id, int *count)
{
	struct db_stmt *st;
	if (!org_id) {
		int64_t n = 0;
		int rc = store_counts_of_status(s, edition_id, APP_ACCEPTED, &n);
		*count = (int)n;
		return rc;
	}
	int rc = db_prepare(s->db, SQL_COUNT_ACCEPTED_ORG, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
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

int store_organisation_upsert(struct store *s, struct arena *a, const char *name,
			      const char *kind, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_ORGANISATION_UPSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, name_key(a, name));
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, now);
	return store_step_id(st, id);
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
	return store_step_id(st, id);
}

/* An applicant who applies again with an initiative of the same title
 * (case aside) links the application to it: the registry keeps one
 * initiative that took part in several editions. */
static const char SQL_INITIATIVE_OF_OWNER[] =
	"SELECT id FROM initiatives WHERE owner_id = ? AND LOWER(title) = LOWER(?)"
	" ORDER BY id LIMIT 1";

static int initiative_insert(struct store *s, const struct application_input *in,
			     int64_t org_id, int64_t person_id, int64_t now,
			     int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_INITIATIVE_OF_OWNER, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, person_id);
	db_bind_text(st, 2, in->initiative_title);
	if ((rc = store_step_int(st, id)) != LWP_ENOTFOUND)
		return rc;
	if ((rc = db_prepare(s->db, SQL_INITIATIVE_INSERT, &st)))
		return rc;
	db_bind_text(st, 1, in->initiative_title);
	db_bind_int(st, 2, org_id);
	db_bind_int(st, 3, person_id);
	db_bind_text(st, 4, in->theme);
	db_bind_text(st, 5, in->tags ? in->tags : "");
	db_bind_text(st, 6, in->initiative_summary ? in->initiative_summary : "");
	db_bind_text(st, 7, in->question);
	db_bind_int(st, 8, now);
	return store_step_id(st, id);
}

int store_application_note(struct store *s, int64_t app_id, enum app_status status,
			   const char *actor, const char *note, int64_t now)
{
	return store_event_insert(s, app_id, status, actor, note, now);
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
	return store_step_id(st, id);
}

int store_application_create(struct store *s, struct arena *a,
			     const struct application_input *in, int64_t edition_id,
			     int64_t org_id, enum app_status status, const char *token_hash,
			     int64_t now, int64_t *id)
{
	int64_t person_id, initiative_id;
	int rc;
	if ((rc = person_upsert(s, a, in, org_id, now, &person_id)) ||
	    (rc = initiative_insert(s, in, org_id, person_id, now, &initiative_id)) ||
	    (rc = application_insert(s, a, in, edition_id, person_id, initiative_id,
				     status, token_hash, now, id)) ||
	    (rc = store_counts_application(s, *id, 1)))
		return rc;
	return store_event_insert(s, *id, status, "applicant", NULL, now);
}

#define APPLICATION_COLUMNS \
	"a.id, a.edition_id, a.status, a.created_at, p.name, p.email, o.name," \
	" o.kind, p.function, p.phone, i.title, i.theme, i.summary, i.tags," \
	" a.motivation, a.question, a.billing_contact, a.billing_address," \
	" a.billing_reference, a.residential_needs, p.lang, p.consent_directory," \
	" a.consent_at, a.consent_version, COALESCE(a.waitlist_rank, 0)"
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
/* Guarded by the status read before: a change that raced another one
 * changes nothing (LWP_ECONFLICT). */
static const char SQL_APPLICATION_SET_STATUS[] =
	"UPDATE applications SET status = ? WHERE id = ? AND status = ? RETURNING id";
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
	r->consent_at = db_col_int(st, 22);
	r->consent_version = store_col_dup(a, st, 23);
	r->waitlist_rank = (int)db_col_int(st, 24);
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

/* ---- pages, counts and exports: keyset by id, filters and counts in SQL ---- */

/* The filter as three pairs of parameters: an empty code matches all.
 * The (edition_id, id) index (migration 11) walks the edition's
 * applications in id order from the cursor and stops after LIMIT rows, on
 * both backends (before it, "+a.edition_id" kept SQLite off the
 * (edition_id, status) index, but made PostgreSQL misjudge the condition
 * and sort the whole edition for a page). */
#define APPLICATION_FILTER \
	" AND (? = '' OR a.status = ?) AND (? = '' OR o.kind = ?) AND (? = '' OR i.theme = ?)"
static const char SQL_APPLICATION_PAGE_AFTER[] =
	"SELECT " APPLICATION_COLUMNS APPLICATION_JOINS
	" WHERE a.edition_id = ? AND a.id > ?" APPLICATION_FILTER " ORDER BY a.id LIMIT ?";
static const char SQL_APPLICATION_PAGE_BEFORE[] =
	"SELECT " APPLICATION_COLUMNS APPLICATION_JOINS
	" WHERE a.edition_id = ? AND a.id < ?" APPLICATION_FILTER " ORDER BY a.id DESC LIMIT ?";
static const char SQL_APPLICATION_ABOVE[] =
	"SELECT a.id" APPLICATION_JOINS
	" WHERE a.edition_id = ? AND a.id > ?" APPLICATION_FILTER " ORDER BY a.id LIMIT 1";
static const char SQL_APPLICATION_BELOW[] =
	"SELECT a.id" APPLICATION_JOINS
	" WHERE a.edition_id = ? AND a.id < ?" APPLICATION_FILTER " ORDER BY a.id DESC LIMIT 1";

/* Bind f's three pairs from parameter first on. */
static void bind_filter(struct db_stmt *st, int first, const struct application_filter *f)
{
	const char *status = f && f->status >= 0 ? app_status_code((enum app_status)f->status) : "";
	const char *kind = f && f->kind >= 0 ? org_kind_code((enum org_kind)f->kind) : "";
	const char *theme = f && f->theme >= 0 ? theme_code((enum theme)f->theme) : "";
	db_bind_text(st, first, status);
	db_bind_text(st, first + 1, status);
	db_bind_text(st, first + 2, kind);
	db_bind_text(st, first + 3, kind);
	db_bind_text(st, first + 4, theme);
	db_bind_text(st, first + 5, theme);
}

int store_application_page(struct store *s, struct arena *a, int64_t edition_id,
			   const struct application_filter *f, int64_t after, int64_t before,
			   int limit, struct application **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, before > 0 ? SQL_APPLICATION_PAGE_BEFORE
						 : SQL_APPLICATION_PAGE_AFTER, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, before > 0 ? before : after);
	bind_filter(st, 3, f);
	db_bind_int(st, 9, limit);
	if ((rc = store_collect(a, st, sizeof(**out), map_application, (void **)out, count)))
		return rc;
	if (before > 0) /* read backwards from before: turn it round */
		for (int i = 0, j = *count - 1; i < j; i++, j--) {
			struct application t = (*out)[i];
			(*out)[i] = (*out)[j];
			(*out)[j] = t;
		}
	return 0;
}

int store_application_beyond(struct store *s, int64_t edition_id,
			     const struct application_filter *f, int64_t id, int above,
			     int *exists)
{
	struct db_stmt *st;
	int64_t found = 0;
	int rc = db_prepare(s->db, above ? SQL_APPLICATION_ABOVE : SQL_APPLICATION_BELOW, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	db_bind_int(st, 2, id);
	bind_filter(st, 3, f);
	rc = store_step_int(st, &found);
	*exists = rc == 0;
	return rc == LWP_ENOTFOUND ? 0 : rc;
}

/* store_application_counts: store_counts.c, from the counters. */

/* An application row with its edition's slug (the column after the
 * application's own). */
struct application_and_slug {
	struct application *app;
	char *slug;
};

static void map_application_and_slug(struct arena *a, struct db_stmt *st, void *element)
{
	struct application_and_slug *x = element;
	application_from_row(a, st, x->app);
	x->slug = store_col_dup(a, st, 25);
}

/* The application and its edition, by a statement whose one parameter is
 * bound already. */
static int application_with_edition(struct store *s, struct arena *a, struct db_stmt *st,
				    struct application *app, struct edition *ed)
{
	memset(app, 0, sizeof(*app));
	struct application_and_slug x = {app, NULL};
	int rc = store_get_one(a, st, map_application_and_slug, &x);
	return rc ? rc : store_edition_get(s, a, x.slug, ed);
}

int store_application_by_token(struct store *s, struct arena *a, const char *token,
			       struct application *app, struct edition *ed)
{
	char *hash;
	struct db_stmt *st;
	int rc = store_token_hash(a, token, &hash);
	if (rc || (rc = db_prepare(s->db, SQL_APPLICATION_BY_TOKEN, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	return application_with_edition(s, a, st, app, ed);
}

/* The first waitlisted applicant whose organisation is under the cap;
 * *id 0 when there is none. */
int store_application_first_waitlisted(struct store *s, const struct edition *e, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_FIRST_WAITLISTED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, e->id);
	db_bind_int(st, 2, e->org_cap);
	db_bind_int(st, 3, e->org_cap);
	*id = 0;
	rc = store_step_int(st, id);
	return rc == LWP_ENOTFOUND ? 0 : rc;
}

int store_count_applications(struct store *s, int64_t *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_COUNT_APPLICATIONS, &st);
	if (rc)
		return rc;
	return store_step_int(st, count);
}

/* ---- lead console ---- */

static const char SQL_APPLICATION_BY_ID[] =
	"SELECT " APPLICATION_COLUMNS ", e.slug" APPLICATION_JOINS
	" JOIN editions e ON e.id = a.edition_id WHERE a.id = ?";
static const char SQL_APPLICATION_EVENTS[] =
	"SELECT status, actor, note, at FROM application_events WHERE application_id = ?"
	" ORDER BY id";
int store_application_get(struct store *s, struct arena *a, int64_t id,
			  struct application *app, struct edition *ed)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_APPLICATION_BY_ID, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return application_with_edition(s, a, st, app, ed);
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

int store_application_set_status(struct store *s, int64_t id, enum app_status from,
				 enum app_status to, const char *actor, const char *note,
				 int64_t now)
{
	struct db_stmt *st;
	/* Counted out under the status it has, in again under the one it has
	 * after the guarded update (the same one when the guard refused). */
	int rc = store_counts_application(s, id, -1);
	if (rc || (rc = db_prepare(s->db, SQL_APPLICATION_SET_STATUS, &st)))
		return rc;
	db_bind_text(st, 1, app_status_code(to));
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, app_status_code(from));
	if ((rc = store_step_int(st, NULL)) && rc != LWP_ENOTFOUND)
		return rc;
	int counted = store_counts_application(s, id, 1);
	if (counted || rc)
		return counted ? counted : LWP_ECONFLICT;
	return store_event_insert(s, id, to, actor, note, now);
}

static const char SQL_APPLICATION_ORG[] =
	"SELECT i.organisation_id FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" WHERE a.id = ?";

int store_application_org_id(struct store *s, int64_t id, int64_t *org_id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_APPLICATION_ORG, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_step_int(st, org_id);
}

static const char SQL_APPLICATION_EXISTS[] =
	"SELECT count(*) FROM applications a JOIN editions e ON e.id = a.edition_id"
	" WHERE e.slug = ? AND a.email_key = ?";

int store_application_exists(struct store *s, const char *slug, const char *email_key,
			     int *exists)
{
	struct db_stmt *st;
	int64_t n = 0;
	int rc = db_prepare(s->db, SQL_APPLICATION_EXISTS, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, slug);
	db_bind_text(st, 2, email_key);
	rc = store_step_int(st, &n);
	*exists = n > 0;
	return rc;
}
