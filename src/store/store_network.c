/*
 * The network of initiatives in the store: the registry's initiatives,
 * owners, nomination links, connections, the members' directory and the
 * generation counter. Writes run inside the caller's store_write().
 */
#include "store/store_network.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"
#include "domain/rules.h"

#include <string.h>

/* ---- initiatives ---- */

#define INITIATIVE_COLUMNS \
	"i.id, i.title, i.organisation_id, o.name, o.kind, i.owner_id, p.name, p.email," \
	" i.theme, i.tags, i.summary, i.question, i.lessons, i.stage, i.visibility," \
	" i.status, i.created_at, i.updated_at" \
	" FROM initiatives i JOIN organisations o ON o.id = i.organisation_id" \
	" JOIN people p ON p.id = i.owner_id"

static const char SQL_GENERATION[] =
	"SELECT COALESCE((SELECT MAX(generation) FROM network_generation), 0),"
	" COALESCE((SELECT MAX(id) FROM initiatives), 0)";
static const char SQL_BUMP[] =
	"INSERT INTO network_generation (id, generation) VALUES (1, 1)"
	" ON CONFLICT (id) DO UPDATE SET generation = network_generation.generation + 1";
static const char SQL_LIST_ALL[] = "SELECT " INITIATIVE_COLUMNS " ORDER BY i.id";
static const char SQL_LIST_PUBLISHED[] =
	"SELECT " INITIATIVE_COLUMNS " WHERE i.status = 'published' ORDER BY i.id";
static const char SQL_GET[] = "SELECT " INITIATIVE_COLUMNS " WHERE i.id = ?";

static int parse_or(int v, int fallback)
{
	return v < 0 ? fallback : v;
}

static void map_initiative(struct arena *a, struct db_stmt *st, void *element)
{
	struct initiative_row *r = element;
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->title = store_col_dup(a, st, 1);
	r->organisation_id = db_col_int(st, 2);
	r->organisation = store_col_dup(a, st, 3);
	r->kind = (enum org_kind)parse_or(org_kind_parse(db_col_text(st, 4)), ORG_OTHER);
	r->owner_id = db_col_int(st, 5);
	r->owner_name = store_col_dup(a, st, 6);
	r->owner_email = store_col_dup(a, st, 7);
	r->theme = (enum theme)parse_or(theme_parse(db_col_text(st, 8)), THEME_BOTH);
	r->tags = store_col_dup(a, st, 9);
	r->summary = store_col_dup(a, st, 10);
	r->question = store_col_dup(a, st, 11);
	r->lessons = store_col_dup(a, st, 12);
	r->stage = (enum initiative_stage)parse_or(initiative_stage_parse(db_col_text(st, 13)),
						   STAGE_STARTED);
	r->visibility = (enum initiative_visibility)parse_or(visibility_parse(db_col_text(st, 14)),
							     VIS_PRIVATE);
	r->status = (enum initiative_status)parse_or(initiative_status_parse(db_col_text(st, 15)),
						     INIT_HIDDEN);
	r->created_at = db_col_int(st, 16);
	r->updated_at = db_col_int(st, 17);
}

int store_network_generation(struct store *s, int64_t *generation, int64_t *max_id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_GENERATION, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*generation = db_col_int(st, 0);
		*max_id = db_col_int(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LWP_EDB;
	}
	db_done(st);
	return rc;
}

int store_network_bump(struct store *s)
{
	return store_run(s, SQL_BUMP, NULL, 0, NULL, 0, 0);
}

int store_initiative_list(struct store *s, struct arena *a, int published_only,
			  struct initiative_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, published_only ? SQL_LIST_PUBLISHED : SQL_LIST_ALL, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_initiative, (void **)out, count);
}

int store_initiative_get(struct store *s, struct arena *a, int64_t id, struct initiative_row *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_get_one(a, st, map_initiative, out);
}

static const char SQL_INITIATIVE_INSERT[] =
	"INSERT INTO initiatives (title, organisation_id, owner_id, theme, tags, summary,"
	" stage, question, visibility, created_at, lessons, status, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_INITIATIVE_UPDATE[] =
	"UPDATE initiatives SET title = ?, organisation_id = ?, theme = ?, tags = ?,"
	" summary = ?, stage = ?, question = ?, visibility = ?, lessons = ?, updated_at = ?"
	" WHERE id = ? RETURNING id";
static const char SQL_INITIATIVE_STATUS[] =
	"UPDATE initiatives SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
	" RETURNING id";

int store_initiative_insert(struct store *s, const struct initiative_input *in, int64_t org_id,
			    int64_t owner_id, enum initiative_status status, int64_t now,
			    int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_INITIATIVE_INSERT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, in->title);
	db_bind_int(st, 2, org_id);
	db_bind_int(st, 3, owner_id);
	db_bind_text(st, 4, in->theme);
	db_bind_text(st, 5, in->tags ? in->tags : "");
	db_bind_text(st, 6, in->summary ? in->summary : "");
	db_bind_text(st, 7, in->stage);
	db_bind_text(st, 8, in->question ? in->question : "");
	db_bind_text(st, 9, in->visibility);
	db_bind_int(st, 10, now);
	db_bind_text(st, 11, in->lessons ? in->lessons : "");
	db_bind_text(st, 12, initiative_status_code(status));
	db_bind_int(st, 13, now);
	if ((rc = store_step_id(st, id)))
		return rc;
	return store_network_bump(s);
}

int store_initiative_update(struct store *s, int64_t id, const struct initiative_input *in,
			    int64_t org_id, int64_t now)
{
	struct db_stmt *st;
	/* Its applications are counted by organisation kind and theme: out
	 * under the old ones, in under the new (store_counts.c). */
	int rc = store_counts_initiative(s, id, -1);
	if (rc || (rc = db_prepare(s->db, SQL_INITIATIVE_UPDATE, &st)))
		return rc;
	db_bind_text(st, 1, in->title);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, in->theme);
	db_bind_text(st, 4, in->tags ? in->tags : "");
	db_bind_text(st, 5, in->summary ? in->summary : "");
	db_bind_text(st, 6, in->stage);
	db_bind_text(st, 7, in->question ? in->question : "");
	db_bind_text(st, 8, in->visibility);
	db_bind_text(st, 9, in->lessons ? in->lessons : "");
	db_bind_int(st, 10, now);
	db_bind_int(st, 11, id);
	if ((rc = store_step_int(st, NULL)) || (rc = store_counts_initiative(s, id, 1)))
		return rc;
	return store_network_bump(s);
}

int store_initiative_set_status(struct store *s, int64_t id, enum initiative_status from,
				enum initiative_status to, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_INITIATIVE_STATUS, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, initiative_status_code(to));
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	db_bind_text(st, 4, initiative_status_code(from));
	if ((rc = store_step_int(st, NULL)))
		return rc == LWP_ENOTFOUND ? LWP_ECONFLICT : rc;
	return store_network_bump(s);
}

/* ---- people and owners ---- */

#define PERSON_COLUMNS "p.id, p.name, p.email, o.name, p.lang" \
	" FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id"

static const char SQL_PERSON_ENSURE[] =
	"INSERT INTO people (name, email, email_key, organisation_id, lang, consent_directory,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
	" ON CONFLICT (email_key) DO UPDATE SET organisation_id ="
	" COALESCE(people.organisation_id, excluded.organisation_id)"
	" RETURNING id";
static const char SQL_PERSON_BY_EMAIL[] = "SELECT " PERSON_COLUMNS " WHERE p.email_key = ?";
static const char SQL_PERSON_GET[] = "SELECT " PERSON_COLUMNS " WHERE p.id = ?";
static const char SQL_OWNERS[] =
	"SELECT " PERSON_COLUMNS " WHERE p.id = (SELECT owner_id FROM initiatives WHERE id = ?)"
	" UNION ALL SELECT " PERSON_COLUMNS
	" JOIN initiative_owners w ON w.person_id = p.id WHERE w.initiative_id = ?"
	" AND w.person_id <> (SELECT owner_id FROM initiatives WHERE id = ?)";
static const char SQL_IS_OWNER[] =
	"SELECT COUNT(*) FROM initiatives i WHERE i.id = ? AND (i.owner_id = ? OR EXISTS"
	" (SELECT 1 FROM initiative_owners w WHERE w.initiative_id = i.id AND w.person_id = ?))";
static const char SQL_OWNED[] =
	"SELECT id FROM initiatives WHERE owner_id = ?"
	" UNION SELECT initiative_id FROM initiative_owners WHERE person_id = ? ORDER BY 1";
static const char SQL_OWNER_ADD[] =
	"INSERT INTO initiative_owners (initiative_id, person_id, created_at) VALUES (?, ?, ?)"
	" ON CONFLICT (initiative_id, person_id) DO NOTHING";
static const char SQL_CONSENT_SET[] =
	"UPDATE people SET consent_directory = ?, updated_at = ? WHERE id = ? RETURNING id";
static const char SQL_CONSENT_GET[] = "SELECT consent_directory FROM people WHERE id = ?";

static void map_person(struct arena *a, struct db_stmt *st, void *element)
{
	struct person_ref *p = element;
	p->id = db_col_int(st, 0);
	p->name = store_col_dup(a, st, 1);
	p->email = store_col_dup(a, st, 2);
	p->organisation = store_col_dup(a, st, 3);
	p->lang = store_col_dup(a, st, 4);
}

int store_person_ensure(struct store *s, struct arena *a, const char *name, const char *email,
			int64_t org_id, const char *lang, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PERSON_ENSURE, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, email_key(a, email));
	if (org_id)
		db_bind_int(st, 4, org_id);
	else
		db_bind_text(st, 4, NULL);
	db_bind_text(st, 5, lang ? lang : "nl");
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	return store_step_id(st, id);
}

int store_person_by_email(struct store *s, struct arena *a, const char *email,
			  struct person_ref *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PERSON_BY_EMAIL, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, email_key(a, email));
	return store_get_one(a, st, map_person, out);
}

int store_person_get(struct store *s, struct arena *a, int64_t id, struct person_ref *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PERSON_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_get_one(a, st, map_person, out);
}

int store_initiative_owners(struct store *s, struct arena *a, int64_t id,
			    struct person_ref **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_OWNERS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, id);
	return store_collect(a, st, sizeof(**out), map_person, (void **)out, count);
}

int store_initiative_is_owner(struct store *s, int64_t id, int64_t person_id, int *yes)
{
	struct db_stmt *st;
	int64_t n = 0;
	*yes = 0;
	if (!person_id)
		return 0;
	int rc = db_prepare(s->db, SQL_IS_OWNER, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, person_id);
	db_bind_int(st, 3, person_id);
	rc = store_step_int(st, &n);
	*yes = n > 0;
	return rc;
}

static void map_id(struct arena *a, struct db_stmt *st, void *element)
{
	(void)a;
	*(int64_t *)element = db_col_int(st, 0);
}

int store_initiatives_owned(struct store *s, struct arena *a, int64_t person_id, int64_t **ids,
			    int *count)
{
	struct db_stmt *st;
	*ids = NULL;
	*count = 0;
	if (!person_id)
		return 0;
	int rc = db_prepare(s->db, SQL_OWNED, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, person_id);
	return store_collect(a, st, sizeof(**ids), map_id, (void **)ids, count);
}

int store_initiative_owner_add(struct store *s, int64_t id, int64_t person_id, int64_t now)
{
	const int64_t ints[] = {id, person_id, now};
	return store_run(s, SQL_OWNER_ADD, ints, 3, NULL, 0, 0);
}

int store_person_set_consent(struct store *s, int64_t id, int consent, int64_t now)
{
	const int64_t ints[] = {consent ? 1 : 0, now, id};
	return store_run(s, SQL_CONSENT_SET, ints, 3, NULL, 0, 1);
}

int store_person_consent(struct store *s, int64_t id, int *consent)
{
	struct db_stmt *st;
	int64_t v = 0;
	int rc = db_prepare(s->db, SQL_CONSENT_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = store_step_int(st, &v);
	*consent = v != 0;
	return rc;
}

/* ---- editions ---- */

static const char SQL_EDITIONS[] =
	"SELECT DISTINCT e.id, e.slug, e.title, e.deadline FROM applications a"
	" JOIN editions e ON e.id = a.edition_id"
	" WHERE a.initiative_id = ? AND a.status <> 'withdrawn' ORDER BY e.deadline, e.id";
static const char SQL_EDITION_PAIRS[] =
	"SELECT DISTINCT initiative_id, edition_id FROM applications WHERE status <> 'withdrawn'"
	" ORDER BY initiative_id, edition_id";
static const char SQL_PERSON_EDITIONS[] =
	"SELECT DISTINCT a.person_id, e.id, e.title FROM applications a"
	" JOIN editions e ON e.id = a.edition_id WHERE a.status <> 'withdrawn'"
	" ORDER BY a.person_id, e.id";

static void map_edition_ref(struct arena *a, struct db_stmt *st, void *element)
{
	struct edition_ref *e = element;
	e->id = db_col_int(st, 0);
	e->slug = store_col_dup(a, st, 1);
	e->title = store_col_dup(a, st, 2);
}

int store_initiative_editions(struct store *s, struct arena *a, int64_t id,
			      struct edition_ref **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITIONS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_collect(a, st, sizeof(**out), map_edition_ref, (void **)out, count);
}

static void map_pair(struct arena *a, struct db_stmt *st, void *element)
{
	struct initiative_edition *p = element;
	(void)a;
	p->initiative_id = db_col_int(st, 0);
	p->edition_id = db_col_int(st, 1);
}

int store_initiative_edition_pairs(struct store *s, struct arena *a,
				   struct initiative_edition **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_EDITION_PAIRS, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_pair, (void **)out, count);
}

static void map_person_edition(struct arena *a, struct db_stmt *st, void *element)
{
	struct person_edition *p = element;
	p->person_id = db_col_int(st, 0);
	p->edition_id = db_col_int(st, 1);
	p->title = store_col_dup(a, st, 2);
}

int store_person_editions(struct store *s, struct arena *a, struct person_edition **out,
			  int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_PERSON_EDITIONS, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_person_edition, (void **)out, count);
}

/* ---- nomination links ---- */

static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO initiative_tokens (initiative_id, purpose, person_id, token_hash,"
	" created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_TOKEN_GET[] =
	"SELECT id, initiative_id, purpose, person_id, expires_at, COALESCE(used_at, 0)"
	" FROM initiative_tokens WHERE token_hash = ?";
static const char SQL_TOKEN_USE[] =
	"UPDATE initiative_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id";

int store_initiative_token_insert(struct store *s, int64_t initiative_id, const char *purpose,
				  int64_t person_id, const char *hash, int64_t now,
				  int64_t expires_at)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_TOKEN_INSERT, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, purpose);
	db_bind_int(st, 3, person_id);
	db_bind_text(st, 4, hash);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, expires_at);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static void map_token(struct arena *a, struct db_stmt *st, void *element)
{
	struct initiative_token *t = element;
	t->id = db_col_int(st, 0);
	t->initiative_id = db_col_int(st, 1);
	t->purpose = store_col_dup(a, st, 2);
	t->person_id = db_col_int(st, 3);
	t->expires_at = db_col_int(st, 4);
	t->used_at = db_col_int(st, 5);
}

int store_initiative_token_get(struct store *s, struct arena *a, const char *token,
			       struct initiative_token *out)
{
	char *hash;
	struct db_stmt *st;
	int rc = store_token_hash(a, token, &hash);
	if (rc || (rc = db_prepare(s->db, SQL_TOKEN_GET, &st)))
		return rc;
	db_bind_text(st, 1, hash);
	return store_get_one(a, st, map_token, out);
}

int store_initiative_token_use(struct store *s, int64_t id, int64_t now)
{
	const int64_t ints[] = {now, id};
	return store_run(s, SQL_TOKEN_USE, ints, 2, NULL, 0, 1);
}

/* ---- connections ---- */

#define CONNECTION_COLUMNS \
	"c.id, COALESCE(c.from_initiative_id, 0), COALESCE(c.from_person_id, 0)," \
	" COALESCE(c.to_initiative_id, 0), COALESCE(c.to_person_id, 0)," \
	" COALESCE(fi.title, fp.name), COALESCE(ti.title, tp.name), c.kind, c.note," \
	" c.made_by, mb.name, c.created_at, COALESCE(c.confirmed_at, 0)" \
	" FROM connections c" \
	" LEFT JOIN initiatives fi ON fi.id = c.from_initiative_id" \
	" LEFT JOIN people fp ON fp.id = c.from_person_id" \
	" LEFT JOIN initiatives ti ON ti.id = c.to_initiative_id" \
	" LEFT JOIN people tp ON tp.id = c.to_person_id" \
	" JOIN people mb ON mb.id = c.made_by"
#define OWNED_BY(n) \
	"(SELECT id FROM initiatives WHERE owner_id = " n \
	" UNION SELECT initiative_id FROM initiative_owners WHERE person_id = " n ")"

static const char SQL_CONN_OF_INITIATIVE[] =
	"SELECT " CONNECTION_COLUMNS
	" WHERE c.from_initiative_id = ? OR c.to_initiative_id = ? ORDER BY c.id";
static const char SQL_CONN_OF_PERSON[] =
	"SELECT " CONNECTION_COLUMNS
	" WHERE c.from_person_id = ? OR c.to_person_id = ?"
	" OR c.from_initiative_id IN " OWNED_BY("?")
	" OR c.to_initiative_id IN " OWNED_BY("?") " ORDER BY c.id";
static const char SQL_CONN_ALL[] = "SELECT " CONNECTION_COLUMNS " ORDER BY c.id";
static const char SQL_CONN_CONFIRMED[] =
	"SELECT " CONNECTION_COLUMNS " WHERE c.confirmed_at IS NOT NULL ORDER BY c.id";
static const char SQL_CONN_GET[] = "SELECT " CONNECTION_COLUMNS " WHERE c.id = ?";
static const char SQL_CONN_INSERT[] =
	"INSERT INTO connections (from_initiative_id, from_person_id, to_initiative_id,"
	" to_person_id, kind, note, made_by, created_at, confirmed_by, confirmed_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_CONN_CONFIRM[] =
	"UPDATE connections SET confirmed_by = ?, confirmed_at = ? WHERE id = ?"
	" AND confirmed_at IS NULL RETURNING id";
static const char SQL_CONN_DELETE[] = "DELETE FROM connections WHERE id = ? RETURNING id";
static const char SQL_CONN_SAME[] =
	"SELECT id FROM connections WHERE kind = ?"
	" AND COALESCE(from_initiative_id, 0) = ? AND COALESCE(from_person_id, 0) = ?"
	" AND COALESCE(to_initiative_id, 0) = ? AND COALESCE(to_person_id, 0) = ?";

static void map_connection(struct arena *a, struct db_stmt *st, void *element)
{
	struct connection_row *c = element;
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(st, 0);
	c->from_initiative = db_col_int(st, 1);
	c->from_person = db_col_int(st, 2);
	c->to_initiative = db_col_int(st, 3);
	c->to_person = db_col_int(st, 4);
	c->from_label = store_col_dup(a, st, 5);
	c->to_label = store_col_dup(a, st, 6);
	c->kind = (enum connection_kind)parse_or(connection_kind_parse(db_col_text(st, 7)),
						 CONN_SIMILAR);
	c->note = store_col_dup(a, st, 8);
	c->made_by = db_col_int(st, 9);
	c->made_by_name = store_col_dup(a, st, 10);
	c->created_at = db_col_int(st, 11);
	c->confirmed_at = db_col_int(st, 12);
}

int store_connections_of_initiative(struct store *s, struct arena *a, int64_t id,
				    struct connection_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_CONN_OF_INITIATIVE, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	return store_collect(a, st, sizeof(**out), map_connection, (void **)out, count);
}

int store_connections_of_person(struct store *s, struct arena *a, int64_t person,
				struct connection_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_CONN_OF_PERSON, &st);
	if (rc)
		return rc;
	for (int i = 1; i <= 6; i++)
		db_bind_int(st, i, person);
	return store_collect(a, st, sizeof(**out), map_connection, (void **)out, count);
}

int store_connections_all(struct store *s, struct arena *a, int confirmed_only,
			  struct connection_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, confirmed_only ? SQL_CONN_CONFIRMED : SQL_CONN_ALL, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_connection, (void **)out, count);
}

int store_connection_get(struct store *s, struct arena *a, int64_t id, struct connection_row *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_CONN_GET, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return store_get_one(a, st, map_connection, out);
}

static void bind_ref(struct db_stmt *st, int idx, int64_t id)
{
	if (id)
		db_bind_int(st, idx, id);
	else
		db_bind_text(st, idx, NULL);
}

int store_connection_insert(struct store *s, const struct connection_row *c, int64_t now,
			    int confirmed, int64_t *id)
{
	struct db_stmt *st;
	int64_t same;
	int rc = db_prepare(s->db, SQL_CONN_SAME, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, connection_kind_code(c->kind));
	db_bind_int(st, 2, c->from_initiative);
	db_bind_int(st, 3, c->from_person);
	db_bind_int(st, 4, c->to_initiative);
	db_bind_int(st, 5, c->to_person);
	rc = store_step_int(st, &same);
	if (rc == 0)
		return LWP_ECONFLICT;
	if (rc != LWP_ENOTFOUND || (rc = db_prepare(s->db, SQL_CONN_INSERT, &st)))
		return rc;
	bind_ref(st, 1, c->from_initiative);
	bind_ref(st, 2, c->from_person);
	bind_ref(st, 3, c->to_initiative);
	bind_ref(st, 4, c->to_person);
	db_bind_text(st, 5, connection_kind_code(c->kind));
	db_bind_text(st, 6, c->note ? c->note : "");
	db_bind_int(st, 7, c->made_by);
	db_bind_int(st, 8, now);
	bind_ref(st, 9, confirmed ? c->made_by : 0);
	bind_ref(st, 10, confirmed ? now : 0);
	return store_step_id(st, id);
}

int store_connection_confirm(struct store *s, int64_t id, int64_t by, int64_t now)
{
	const int64_t ints[] = {by, now, id};
	int rc = store_run(s, SQL_CONN_CONFIRM, ints, 3, NULL, 0, 1);
	return rc == LWP_ENOTFOUND ? LWP_ECONFLICT : rc;
}

int store_connection_delete(struct store *s, int64_t id)
{
	const int64_t ints[] = {id};
	return store_run(s, SQL_CONN_DELETE, ints, 1, NULL, 0, 1);
}

/* ---- directory ---- */

static const char SQL_DIRECTORY[] =
	"SELECT p.id, p.name, o.name, o.kind, p.function FROM people p"
	" LEFT JOIN organisations o ON o.id = p.organisation_id"
	" WHERE p.consent_directory = 1 ORDER BY p.name, p.id";

static void map_directory(struct arena *a, struct db_stmt *st, void *element)
{
	struct directory_person *d = element;
	d->id = db_col_int(st, 0);
	d->name = store_col_dup(a, st, 1);
	d->organisation = store_col_dup(a, st, 2);
	d->kind = (enum org_kind)parse_or(org_kind_parse(db_col_text(st, 3)), ORG_OTHER);
	d->function = store_col_dup(a, st, 4);
}

int store_directory(struct store *s, struct arena *a, struct directory_person **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_DIRECTORY, &st);
	if (rc)
		return rc;
	return store_collect(a, st, sizeof(**out), map_directory, (void **)out, count);
}
