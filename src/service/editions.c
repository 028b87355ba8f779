/* See editions.h. */
#include "service/editions.h"
#include "store/store_write.h"
#include "core/normalize.h"

#include <string.h>

struct edition_change {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	struct edition *created;
	int64_t id;
	enum edition_status to;
	int64_t deadline;
	int64_t now;
	int accepted;
};

static char *edition_object(struct arena *a, const char *slug)
{
	return arena_printf(a, "edition:%s", slug);
}

static int create_tx(struct store *s, void *ctx)
{
	struct edition_change *c = ctx;
	int rc = store_edition_insert(s, c->created, &c->created->id);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "edition.create", edition_object(c->a, c->created->slug),
			 c->created->title);
}

int svc_edition_create(struct store *s, struct arena *a, const struct actor *who,
		       struct edition *e, int64_t now, struct field_errors *fe)
{
	edition_normalise(e, a);
	if (edition_validate(e, fe))
		return LWP_EINVAL;
	if (!e->created_at)
		e->created_at = now;
	struct edition_change c = {.a = a, .who = who, .created = e, .now = now};
	return store_write(s, create_tx, &c);
}

static int update_tx(struct store *s, void *ctx)
{
	struct edition_change *c = ctx;
	struct edition old;
	int rc = store_edition_by_id(s, c->a, c->e->id, &old);
	if (rc || (rc = store_count_accepted(s, old.id, 0, &c->accepted)))
		return rc;
	if (c->e->capacity < c->accepted)
		return LWP_ECAPACITY;
	if ((rc = store_edition_update(s, c->e)))
		return rc;
	return svc_audit(s, c->who, c->now, "edition.update", edition_object(c->a, c->e->slug),
			 arena_printf(c->a, "before: %s, capacity %d, deadline %lld, org cap %d;"
				      " after: %s, capacity %d, deadline %lld, org cap %d",
				      old.title, old.capacity, (long long)old.deadline, old.org_cap,
				      c->e->title, c->e->capacity, (long long)c->e->deadline,
				      c->e->org_cap));
}

int svc_edition_update(struct store *s, struct arena *a, const struct actor *who,
		       const struct edition *e, int64_t now, struct field_errors *fe,
		       int *accepted)
{
	struct edition copy = *e;
	edition_normalise(&copy, a);
	if (edition_validate(&copy, fe))
		return LWP_EINVAL;
	struct edition_change c = {.a = a, .who = who, .e = &copy, .now = now};
	int rc = store_write(s, update_tx, &c);
	if (accepted)
		*accepted = c.accepted;
	return rc;
}

static int status_allowed(enum edition_status from, enum edition_status to)
{
	if (to == EDITION_OPEN)
		return from == EDITION_DRAFT || from == EDITION_CLOSED || from == EDITION_OPEN;
	if (to == EDITION_CLOSED)
		return from == EDITION_OPEN || from == EDITION_CLOSED;
	return 0;
}

static int status_tx(struct store *s, void *ctx)
{
	struct edition_change *c = ctx;
	struct edition e;
	int rc = store_edition_by_id(s, c->a, c->id, &e);
	if (rc)
		return rc;
	if (!status_allowed(e.status, c->to))
		return LWP_ECLOSED;
	if ((rc = store_edition_set_status(s, e.id, c->to)))
		return rc;
	return svc_audit(s, c->who, c->now, c->to == EDITION_OPEN ? "edition.publish" : "edition.close",
			 edition_object(c->a, e.slug),
			 arena_printf(c->a, "status %s -> %s", edition_status_code(e.status),
				      edition_status_code(c->to)));
}

int svc_edition_set_status(struct store *s, struct arena *a, const struct actor *who, int64_t id,
			   enum edition_status to, int64_t now)
{
	if (to != EDITION_OPEN && to != EDITION_CLOSED)
		return LWP_EINVAL;
	struct edition_change c = {.a = a, .who = who, .id = id, .to = to, .now = now};
	return store_write(s, status_tx, &c);
}

static int deadline_tx(struct store *s, void *ctx)
{
	struct edition_change *c = ctx;
	struct edition e;
	int rc = store_edition_by_id(s, c->a, c->id, &e);
	if (rc || (rc = store_edition_set_deadline(s, e.id, c->deadline)))
		return rc;
	return svc_audit(s, c->who, c->now, "edition.deadline", edition_object(c->a, e.slug),
			 arena_printf(c->a, "%lld -> %lld", (long long)e.deadline,
				      (long long)c->deadline));
}

int svc_edition_set_deadline(struct store *s, struct arena *a, const struct actor *who,
			     int64_t id, int64_t deadline, int64_t now)
{
	struct edition_change c = {.a = a, .who = who, .id = id, .deadline = deadline, .now = now};
	return store_write(s, deadline_tx, &c);
}

struct organisation_change {
	struct arena *a;
	const struct actor *who;
	const char *name, *kind, *parent;
	int64_t now;
};

static int organisation_exists(struct store *s, struct arena *a, const char *name, int *exists)
{
	struct organisation_row *list;
	int n, rc = store_organisation_list(s, a, &list, &n);
	char *key = name_key(a, name);
	*exists = 0;
	for (int i = 0; !rc && key && i < n; i++)
		if (strcmp(name_key(a, list[i].name), key) == 0)
			*exists = 1;
	return rc ? rc : key ? 0 : LWP_ENOMEM;
}

static int organisation_add_tx(struct store *s, void *ctx)
{
	struct organisation_change *c = ctx;
	int64_t id;
	int exists, rc = organisation_exists(s, c->a, c->name, &exists);
	if (rc)
		return rc;
	if (exists)
		return LWP_ECONFLICT;
	if ((rc = store_organisation_upsert(s, c->a, c->name, c->kind, c->now, &id)) ||
	    (c->parent && (rc = store_organisation_set_parent(s, c->a, c->name, c->parent))))
		return rc;
	return svc_audit(s, c->who, c->now, "organisation.add",
			 arena_printf(c->a, "organisation:%s", c->name), c->parent);
}

int svc_organisation_add(struct store *s, struct arena *a, const struct actor *who,
			 const char *name, const char *kind, const char *parent, int64_t now)
{
	name = name ? text_normalize(a, name, TEXT_SHAPE_LINE) : NULL;
	if (!name || !*name || strlen(name) > 200 || org_kind_parse(kind) < 0)
		return LWP_EINVAL;
	struct organisation_change c = {a, who, name, kind, parent && *parent ? parent : NULL, now};
	return store_write(s, organisation_add_tx, &c);
}

static int organisation_parent_tx(struct store *s, void *ctx)
{
	struct organisation_change *c = ctx;
	int rc = store_organisation_set_parent(s, c->a, c->name, c->parent);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "organisation.parent",
			 arena_printf(c->a, "organisation:%s", c->name), c->parent);
}

int svc_organisation_set_parent(struct store *s, struct arena *a, const struct actor *who,
				const char *name, const char *parent, int64_t now)
{
	struct organisation_change c = {a, who, name, NULL, parent, now};
	return store_write(s, organisation_parent_tx, &c);
}
