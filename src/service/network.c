/* See network.h: the network's state changes, each one write transaction
 * that re-checks its rules on data read inside it. */
#include "service/network.h"
#include "store/store_write.h"
#include "core/normalize.h"
#include "core/utf8.h"
#include "mail/mail_network.h"

#include <string.h>

static enum lang lang_or(const char *code)
{
	int l = code ? lang_parse(code) : -1;
	return l < 0 ? LANG_NL : (enum lang)l;
}

static char *object(struct arena *a, int64_t id)
{
	return arena_printf(a, "initiative:%lld", (long long)id);
}

int svc_network_person(struct store *s, struct arena *a, const char *email, int64_t *person_id)
{
	struct person_ref p;
	*person_id = 0;
	if (!email)
		return 0;
	int rc = store_person_by_email(s, a, email, &p);
	if (rc == 0)
		*person_id = p.id;
	return rc == LWP_ENOTFOUND ? 0 : rc;
}

struct join_ctx {
	struct arena *a;
	const struct network_user *u;
	int64_t now, id;
};

static int join_tx(struct store *s, void *ctx)
{
	struct join_ctx *j = ctx;
	return store_person_ensure(s, j->a, j->u->name, j->u->email, 0, j->u->lang, j->now, &j->id);
}

int svc_network_join(struct store *s, struct arena *a, const struct network_user *u, int64_t now,
		     int64_t *person_id)
{
	struct join_ctx j = {a, u, now, 0};
	int rc = u->email ? store_write(s, join_tx, &j) : LWP_ENOTFOUND;
	if (rc == 0)
		*person_id = j.id;
	return rc;
}

/* ---- register ---- */

struct registration {
	struct arena *a;
	const struct actor *who;
	const struct network_user *u;
	struct initiative_input *in;
	int64_t now;
	int64_t id;
};

static int register_tx(struct store *s, void *ctx)
{
	struct registration *g = ctx;
	int64_t org_id, person_id;
	int rc;
	if ((rc = store_organisation_upsert(s, g->a, g->in->organisation, g->in->organisation_kind,
					    g->now, &org_id)) ||
	    (rc = store_person_ensure(s, g->a, g->u->name, g->u->email, org_id, g->u->lang, g->now,
				      &person_id)) ||
	    (rc = store_initiative_insert(s, g->in, org_id, person_id, INIT_PUBLISHED, g->now,
					  &g->id)))
		return rc;
	return svc_audit(s, g->who, g->now, "initiative.register", object(g->a, g->id),
			 g->in->visibility);
}

int svc_initiative_register(struct store *s, struct arena *a, const struct actor *who,
			    const struct network_user *u, struct initiative_input *in, int64_t now,
			    struct field_errors *fe, int64_t *id)
{
	initiative_normalise(in, a);
	if (initiative_validate(in, fe))
		return LWP_EINVAL;
	struct registration g = {a, who, u, in, now, 0};
	int rc = store_write(s, register_tx, &g);
	if (rc == 0)
		*id = g.id;
	return rc;
}

/* ---- nominate and confirm ---- */

static char *norm_line(struct arena *a, char *s)
{
	char *n = s ? text_normalize(a, s, TEXT_SHAPE_LINE) : NULL;
	return n && *n ? n : NULL;
}

struct nominate_ctx {
	struct arena *a;
	struct nomination *n;
	const char *token;
};

static int nominate_tx(struct store *s, void *ctx)
{
	struct nominate_ctx *c = ctx;
	struct nomination *n = c->n;
	int64_t org_id, nominator, owner;
	char *hash;
	struct mail m;
	struct actor who = {0, "anonymous", ""};
	int rc;
	if (n->limit && (rc = store_rate_hit(s, n->limit->bucket, n->now, n->limit->window,
					     n->limit->limit, &n->limit->retry_after)))
		return rc;
	if ((rc = store_organisation_upsert(s, c->a, n->in->organisation,
					    n->in->organisation_kind, n->now, &org_id)) ||
	    (rc = store_person_ensure(s, c->a, n->name, n->email, 0, n->lang, n->now, &nominator)))
		return rc;
	owner = nominator;
	if (n->owner_email && (rc = store_person_ensure(s, c->a, n->owner_name, n->owner_email,
							 org_id, n->lang, n->now, &owner)))
		return rc;
	if ((rc = store_initiative_insert(s, n->in, org_id, owner, INIT_PENDING_EMAIL, n->now,
					  &n->id)) ||
	    (rc = store_token_hash(c->a, c->token, &hash)) ||
	    (rc = store_initiative_token_insert(s, n->id, "email", nominator, hash, n->now,
						n->now + NOMINATION_LINK_DAYS * 86400)) ||
	    (rc = mail_nomination_confirm(c->a, lang_or(n->lang), n->base_url, n->in->title,
					  n->name, n->email, c->token, &m)) ||
	    (rc = store_outbox_add(s, &m, n->now)))
		return rc;
	return svc_audit(s, &who, n->now, "initiative.nominate", object(c->a, n->id),
			 owner == nominator ? "by the owner" : "by someone else");
}

int svc_initiative_nominate(struct store *s, struct arena *a, struct nomination *n)
{
	memset(&n->fe, 0, sizeof(n->fe));
	initiative_normalise(n->in, a);
	n->name = norm_line(a, n->name);
	n->email = norm_line(a, n->email);
	n->owner_name = norm_line(a, n->owner_name);
	n->owner_email = norm_line(a, n->owner_email);
	initiative_validate(n->in, &n->fe);
	initiative_person_validate(n->name, n->email, NULL, &n->fe);
	if (n->owner_email || n->owner_name)
		initiative_person_validate(n->owner_name, n->owner_email, "owner", &n->fe);
	if (n->fe.n)
		return LWP_EINVAL;
	if (n->owner_email && strcmp(email_key(a, n->owner_email), email_key(a, n->email)) == 0)
		n->owner_email = n->owner_name = NULL;
	struct nominate_ctx c = {a, n, store_token_new(a)};
	if (!c.token)
		return LWP_ENOMEM;
	return store_write(s, nominate_tx, &c);
}

struct confirm_ctx {
	struct arena *a;
	const char *token;
	const char *base_url;
	int64_t now;
	struct confirmation *out;
	const char *owner_token;
};

/* The nominator confirmed: published, or on to the owner. */
static int confirmed_email(struct store *s, struct confirm_ctx *c, const struct initiative_token *t,
			   const struct initiative_row *row)
{
	struct actor who = {0, "nominator", ""};
	struct person_ref nominator, owner;
	struct mail m;
	char *hash;
	int rc;
	if (row->status != INIT_PENDING_EMAIL)
		return LWP_ECLOSED;
	if (row->owner_id == t->person_id) {
		c->out->status = INIT_PUBLISHED;
		rc = store_initiative_set_status(s, row->id, INIT_PENDING_EMAIL, INIT_PUBLISHED,
						 c->now);
		return rc ? rc : svc_audit(s, &who, c->now, "initiative.confirm",
					   object(c->a, row->id), "published");
	}
	c->out->status = INIT_PENDING_OWNER;
	if ((rc = store_person_get(s, c->a, t->person_id, &nominator)) ||
	    (rc = store_person_get(s, c->a, row->owner_id, &owner)) ||
	    (rc = store_initiative_set_status(s, row->id, INIT_PENDING_EMAIL, INIT_PENDING_OWNER,
					      c->now)) ||
	    (rc = store_token_hash(c->a, c->owner_token, &hash)) ||
	    (rc = store_initiative_token_insert(s, row->id, "owner", row->owner_id, hash, c->now,
						c->now + NOMINATION_LINK_DAYS * 86400)) ||
	    (rc = mail_nomination_owner(c->a, lang_or(owner.lang), c->base_url, row->title,
					nominator.name, owner.name, owner.email, c->owner_token,
					&m)) ||
	    (rc = store_outbox_add(s, &m, c->now)))
		return rc;
	return svc_audit(s, &who, c->now, "initiative.confirm", object(c->a, row->id),
			 "waiting for the owner");
}

static int confirm_tx(struct store *s, void *ctx)
{
	struct confirm_ctx *c = ctx;
	struct initiative_token t;
	struct initiative_row row;
	int rc = store_initiative_token_get(s, c->a, c->token, &t);
	if (rc)
		return rc;
	c->out->initiative_id = t.initiative_id;
	c->out->purpose = t.purpose;
	if (t.used_at)
		return LWP_ECLOSED;
	if (t.expires_at <= c->now)
		return LWP_ENOTFOUND;
	if ((rc = store_initiative_get(s, c->a, t.initiative_id, &row)) ||
	    (rc = store_initiative_token_use(s, t.id, c->now)))
		return rc == LWP_ENOTFOUND ? LWP_ECLOSED : rc;
	if (strcmp(t.purpose, "email") == 0)
		return confirmed_email(s, c, &t, &row);
	if (row.status != INIT_PENDING_OWNER)
		return LWP_ECLOSED;
	struct actor who = {0, "owner", ""};
	c->out->status = INIT_PUBLISHED;
	if ((rc = store_initiative_set_status(s, row.id, INIT_PENDING_OWNER, INIT_PUBLISHED,
					      c->now)))
		return rc;
	return svc_audit(s, &who, c->now, "initiative.confirm", object(c->a, row.id),
			 "published by the owner");
}

int svc_initiative_confirm(struct store *s, struct arena *a, const char *token,
			   const char *base_url, int64_t now, struct confirmation *out)
{
	memset(out, 0, sizeof(*out));
	struct confirm_ctx c = {a, token, base_url, now, out, store_token_new(a)};
	if (!c.owner_token)
		return LWP_ENOMEM;
	return store_write(s, confirm_tx, &c);
}

/* ---- owners' edits ---- */

struct update_ctx {
	struct arena *a;
	const struct actor *who;
	int64_t person_id, id;
	struct initiative_input *in;
	char *name, *email;
	int64_t now;
};

static int owner_check(struct store *s, int64_t id, int64_t person_id)
{
	int yes;
	int rc = store_initiative_is_owner(s, id, person_id, &yes);
	return rc ? rc : yes ? 0 : LWP_ENOTFOUND;
}

static int update_tx(struct store *s, void *ctx)
{
	struct update_ctx *u = ctx;
	int64_t org_id;
	int rc;
	if ((rc = owner_check(s, u->id, u->person_id)) ||
	    (rc = store_organisation_upsert(s, u->a, u->in->organisation, u->in->organisation_kind,
					    u->now, &org_id)) ||
	    (rc = store_initiative_update(s, u->id, u->in, org_id, u->now)))
		return rc;
	return svc_audit(s, u->who, u->now, "initiative.update", object(u->a, u->id),
			 u->in->visibility);
}

int svc_initiative_update(struct store *s, struct arena *a, const struct actor *who,
			  int64_t person_id, int64_t id, struct initiative_input *in, int64_t now,
			  struct field_errors *fe)
{
	initiative_normalise(in, a);
	if (initiative_validate(in, fe))
		return LWP_EINVAL;
	struct update_ctx u = {a, who, person_id, id, in, NULL, NULL, now};
	return store_write(s, update_tx, &u);
}

static int owner_add_tx(struct store *s, void *ctx)
{
	struct update_ctx *u = ctx;
	int64_t person;
	int rc;
	if ((rc = owner_check(s, u->id, u->person_id)) ||
	    (rc = store_person_ensure(s, u->a, u->name, u->email, 0, NULL, u->now, &person)) ||
	    (rc = store_initiative_owner_add(s, u->id, person, u->now)))
		return rc;
	return svc_audit(s, u->who, u->now, "initiative.owner_add", object(u->a, u->id),
			 arena_printf(u->a, "person:%lld", (long long)person));
}

int svc_initiative_owner_add(struct store *s, struct arena *a, const struct actor *who,
			     int64_t person_id, int64_t id, char *name, char *email, int64_t now,
			     struct field_errors *fe)
{
	name = norm_line(a, name);
	email = norm_line(a, email);
	if (initiative_person_validate(name, email, "owner", fe))
		return LWP_EINVAL;
	struct update_ctx u = {a, who, person_id, id, NULL, name, email, now};
	return store_write(s, owner_add_tx, &u);
}

/* ---- hide and show ---- */

struct moderate_ctx {
	struct arena *a;
	const struct actor *who;
	int64_t id;
	int hide;
	const char *reason;
	int64_t now;
};

static int moderate_tx(struct store *s, void *ctx)
{
	struct moderate_ctx *m = ctx;
	struct initiative_row row;
	int rc = store_initiative_get(s, m->a, m->id, &row);
	if (rc)
		return rc;
	enum initiative_status from = m->hide ? INIT_PUBLISHED : INIT_HIDDEN;
	if (row.status != from || row.visibility == VIS_PRIVATE)
		return LWP_ECONFLICT;
	if ((rc = store_initiative_set_status(s, m->id, from, m->hide ? INIT_HIDDEN : INIT_PUBLISHED,
					      m->now)))
		return rc;
	return svc_audit(s, m->who, m->now, m->hide ? "initiative.hide" : "initiative.show",
			 object(m->a, m->id), m->reason);
}

int svc_initiative_moderate(struct store *s, struct arena *a, const struct actor *who,
			    int64_t id, int hide, const char *reason, int64_t now)
{
	char *r = reason ? text_normalize(a, reason, TEXT_SHAPE_LINE) : NULL;
	if (r && (text_check(r, strlen(r), TEXT_LINE) || utf8_length(r, strlen(r)) > 300))
		return LWP_EINVAL;
	struct moderate_ctx m = {a, who, id, hide, r && *r ? r : NULL, now};
	return store_write(s, moderate_tx, &m);
}

/* ---- connections ---- */

int svc_connection_side(struct store *s, int64_t person_id, int64_t initiative, int64_t person,
			int *yes)
{
	*yes = 0;
	if (!person_id)
		return 0;
	if (person) {
		*yes = person == person_id;
		return 0;
	}
	return store_initiative_is_owner(s, initiative, person_id, yes);
}

struct connection_ctx {
	struct arena *a;
	const struct actor *who;
	int64_t person_id;
	const struct network_viewer *v;
	struct connection_request *c;
	int64_t now;
	int64_t id;
};

/* The other end must be there for the maker: an initiative they may see,
 * or a person in the directory. */
static int target_check(struct store *s, struct connection_ctx *x)
{
	struct connection_request *c = x->c;
	if (c->to_initiative) {
		struct initiative_row row;
		int owner, rc = store_initiative_get(s, x->a, c->to_initiative, &row);
		if (rc || (rc = store_initiative_is_owner(s, row.id, x->person_id, &owner)))
			return rc;
		return network_can_see(x->v, row.visibility, row.status, owner)
		       && row.status == INIT_PUBLISHED ? 0 : LWP_ENOTFOUND;
	}
	int consent, rc = store_person_consent(s, c->to_person, &consent);
	return rc ? rc : consent ? 0 : LWP_ENOTFOUND;
}

/* Tell the other side (the person, or the initiative's owner) that a
 * connection waits for them. */
static int mail_other_side(struct store *s, struct connection_ctx *x)
{
	struct connection_row c;
	struct person_ref to;
	struct mail m;
	int64_t person = x->c->to_person;
	int rc = store_connection_get(s, x->a, x->id, &c);
	if (!rc && !person) {
		struct initiative_row row;
		if (!(rc = store_initiative_get(s, x->a, x->c->to_initiative, &row)))
			person = row.owner_id;
	}
	if (rc || (rc = store_person_get(s, x->a, person, &to)) ||
	    (rc = mail_connection_proposed(x->a, lang_or(to.lang), x->c->base_url, c.made_by_name,
					   c.from_label, connection_kind_label(c.kind), c.to_label,
					   to.name, to.email, &m)))
		return rc;
	return store_outbox_add(s, &m, x->now);
}

static int connection_tx(struct store *s, void *ctx)
{
	struct connection_ctx *x = ctx;
	struct connection_request *c = x->c;
	int mine, theirs, rc;
	if ((rc = svc_connection_side(s, x->person_id, c->from_initiative, c->from_person, &mine)))
		return rc;
	if (!mine)
		return LWP_ENOTFOUND;
	if ((rc = target_check(s, x)) ||
	    (rc = svc_connection_side(s, x->person_id, c->to_initiative, c->to_person, &theirs)))
		return rc;
	struct connection_row row = {
		.from_initiative = c->from_initiative, .from_person = c->from_person,
		.to_initiative = c->to_initiative, .to_person = c->to_person,
		.kind = c->kind, .note = c->note, .made_by = x->person_id,
	};
	if ((rc = store_connection_insert(s, &row, x->now, theirs, &x->id)) ||
	    (!theirs && c->base_url && (rc = mail_other_side(s, x))))
		return rc;
	return svc_audit(s, x->who, x->now, "connection.make",
			 arena_printf(x->a, "connection:%lld", (long long)x->id),
			 connection_kind_code(c->kind));
}

int svc_connection_make(struct store *s, struct arena *a, const struct actor *who,
			int64_t person_id, const struct network_viewer *v,
			struct connection_request *c, int64_t now, struct field_errors *fe,
			int64_t *id)
{
	char *note = c->note ? text_normalize(a, c->note, TEXT_SHAPE_MULTILINE) : NULL;
	c->note = note && *note ? note : NULL;
	if ((int)c->kind < 0 || c->kind >= CONN_KIND_COUNT)
		field_errors_add(fe, "kind", N_("Choose one of the options."));
	if (c->note && text_check(c->note, strlen(c->note), TEXT_MULTILINE))
		field_errors_add(fe, "note", N_("This text contains characters that are not allowed."));
	else if (c->note && utf8_length(c->note, strlen(c->note)) > CONNECTION_NOTE_MAX)
		field_errors_add(fe, "note", N_("This text is too long."));
	if ((!c->to_initiative) == (!c->to_person) || (!c->from_initiative) == (!c->from_person))
		field_errors_add(fe, "to", N_("Choose what to connect with."));
	else if ((c->from_initiative && c->from_initiative == c->to_initiative) ||
		 (c->from_person && c->from_person == c->to_person))
		field_errors_add(fe, "to", N_("Choose another initiative or person than this one."));
	if (fe->n)
		return LWP_EINVAL;
	struct connection_ctx x = {a, who, person_id, v, c, now, 0};
	int rc = store_write(s, connection_tx, &x);
	if (rc == 0)
		*id = x.id;
	return rc;
}

struct connection_change {
	struct arena *a;
	const struct actor *who;
	int64_t person_id, id, now;
	int remove;
};

static int connection_change_tx(struct store *s, void *ctx)
{
	struct connection_change *x = ctx;
	struct connection_row c;
	int from = 0, to = 0;
	int rc = store_connection_get(s, x->a, x->id, &c);
	if (rc || (rc = svc_connection_side(s, x->person_id, c.to_initiative, c.to_person, &to)) ||
	    (x->remove && (rc = svc_connection_side(s, x->person_id, c.from_initiative,
						    c.from_person, &from))))
		return rc;
	if (!to && !from)
		return LWP_ENOTFOUND;
	if (x->remove)
		rc = store_connection_delete(s, x->id);
	else if (c.confirmed_at)
		rc = LWP_ECONFLICT;
	else
		rc = store_connection_confirm(s, x->id, x->person_id, x->now);
	if (rc)
		return rc;
	return svc_audit(s, x->who, x->now, x->remove ? "connection.remove" : "connection.confirm",
			 arena_printf(x->a, "connection:%lld", (long long)x->id),
			 connection_kind_code(c.kind));
}

int svc_connection_confirm(struct store *s, struct arena *a, const struct actor *who,
			   int64_t person_id, int64_t id, int64_t now)
{
	struct connection_change x = {a, who, person_id, id, now, 0};
	return store_write(s, connection_change_tx, &x);
}

int svc_connection_remove(struct store *s, struct arena *a, const struct actor *who,
			  int64_t person_id, int64_t id, int64_t now)
{
	struct connection_change x = {a, who, person_id, id, now, 1};
	return store_write(s, connection_change_tx, &x);
}

/* ---- directory ---- */

struct consent_ctx {
	struct arena *a;
	const struct actor *who;
	const struct network_user *u;
	int consent;
	int64_t now;
	int64_t person_id;
};

static int consent_tx(struct store *s, void *ctx)
{
	struct consent_ctx *c = ctx;
	int rc;
	if ((rc = store_person_ensure(s, c->a, c->u->name, c->u->email, 0, c->u->lang, c->now,
				      &c->person_id)) ||
	    (rc = store_person_set_consent(s, c->person_id, c->consent, c->now)))
		return rc;
	return svc_audit(s, c->who, c->now, "directory.consent",
			 arena_printf(c->a, "person:%lld", (long long)c->person_id),
			 c->consent ? "listed" : "not listed");
}

int svc_directory_consent(struct store *s, struct arena *a, const struct actor *who,
			  const struct network_user *u, int consent, int64_t now, int64_t *person_id)
{
	struct consent_ctx c = {a, who, u, consent, now, 0};
	int rc = store_write(s, consent_tx, &c);
	if (rc == 0 && person_id)
		*person_id = c.person_id;
	return rc;
}

/* ---- import ---- */

int svc_import_row_check(struct arena *a, struct import_row *row, struct field_errors *fe)
{
	initiative_normalise(&row->in, a);
	row->owner_name = norm_line(a, row->owner_name);
	row->owner_email = norm_line(a, row->owner_email);
	initiative_validate(&row->in, fe);
	initiative_person_validate(row->owner_name, row->owner_email, "owner", fe);
	return fe->n;
}

struct import_ctx {
	struct arena *a;
	const struct actor *who;
	struct import_row *rows;
	int n;
	int64_t now;
};

static int import_tx(struct store *s, void *ctx)
{
	struct import_ctx *x = ctx;
	for (int i = 0; i < x->n; i++) {
		struct import_row *r = &x->rows[i];
		int64_t org_id, person, id;
		int rc;
		if ((rc = store_organisation_upsert(s, x->a, r->in.organisation,
						    r->in.organisation_kind, x->now, &org_id)) ||
		    (rc = store_person_ensure(s, x->a, r->owner_name, r->owner_email, org_id, NULL,
					      x->now, &person)) ||
		    (rc = store_initiative_insert(s, &r->in, org_id, person, INIT_PUBLISHED, x->now,
						  &id)))
			return rc;
	}
	return svc_audit(s, x->who, x->now, "initiative.import", NULL,
			 arena_printf(x->a, "%d initiatives", x->n));
}

int svc_initiative_import(struct store *s, struct arena *a, const struct actor *who,
			  struct import_row *rows, int n, int64_t now)
{
	struct import_ctx x = {a, who, rows, n, now};
	return store_write(s, import_tx, &x);
}
