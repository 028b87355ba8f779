/*
 * Editions in the store: the invitation's settings, its status and its
 * counts of applications. Writes run inside the caller's store_write().
 */
#include "store/store.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

/* ---- editions ---- */

#define EDITION_COLUMNS \
	"e.id, e.slug, e.title, e.description, e.capacity, e.deadline," \
	" e.policy, e.org_cap, e.fee_cents, e.accommodation_cents," \
	" e.starts_on, e.ends_on, e.guided_months, e.location," \
	" e.contact_name, e.contact_email, e.status, e.created_at," \
	" (SELECT COALESCE(SUM(c.n), 0) FROM application_counts c" \
	"   WHERE c.edition_id = e.id AND c.status = 'accepted'), -1"
/* Every read takes the accepted from the counters (store_counts.c): a few
 * rows by primary key, however many applied. The number of applications
 * is read only where it is shown (console, CLI):
 * store_edition_count_applications, also from the counters. */

static const char SQL_EDITION_BY_SLUG[] =
	"SELECT " EDITION_COLUMNS " FROM editions e WHERE e.slug = ?";
static const char SQL_EDITION_BY_ID[] =
	"SELECT " EDITION_COLUMNS " FROM editions e WHERE e.id = ?";
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
	return store_get_one(a, st, map_edition, out);
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

int store_edition_by_id(struct store *s, struct arena *a, int64_t id, struct edition *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_BY_ID, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_get_one(a, st, map_edition, out);
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
	int64_t new_id;
	int rc = db_prepare(s->db, SQL_EDITION_INSERT, &st);
	if (rc)
		return rc;
	bind_edition_fields(st, e);
	db_bind_int(st, 17, e->created_at);
	if ((rc = store_step_id(st, &new_id)) == 0 && id)
		*id = new_id;
	return rc;
}

int store_edition_set_status(struct store *s, int64_t id, enum edition_status status)
{
	return store_update_by_id(s, SQL_EDITION_SET_STATUS, edition_status_code(status), 0, id);
}

int store_edition_set_deadline(struct store *s, int64_t id, int64_t deadline)
{
	return store_update_by_id(s, SQL_EDITION_SET_DEADLINE, NULL, deadline, id);
}
static const char SQL_EDITION_UPDATE[] =
	"UPDATE editions SET slug = ?, title = ?, description = ?, capacity = ?, deadline = ?,"
	" policy = ?, org_cap = ?, fee_cents = ?, accommodation_cents = ?, starts_on = ?,"
	" ends_on = ?, guided_months = ?, location = ?, contact_name = ?, contact_email = ?,"
	" status = ? WHERE id = ? RETURNING id";

int store_edition_update(struct store *s, const struct edition *e)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_UPDATE, &st);
	if (rc)
		return rc;
	bind_edition_fields(st, e);
	db_bind_int(st, 17, e->id);
	return store_step_int(st, NULL);
}

/* store_edition_count_applications: store_counts.c. */
