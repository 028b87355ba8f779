/* See selection.h. */
#include "service/selection.h"
#include "core/lang.h"
#include "core/tz.h"
#include "domain/rules.h"
#include "core/log.h"
#include "mail/mail.h"
#include "store/store_write.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/*
 * Plans are cached per process until what they are computed from changes
 * (the candidates with their attributes, marks and statuses, the capacity,
 * the cap and the weights: the key is a hash of all of it). Views of the
 * selection page cost no solve, and the confirm applies exactly the plan
 * the lead saw, even when the search is cut by time.
 */
#define PLAN_KEY_BYTES 32
#define PLAN_CACHE_SIZE 16

struct plan_entry {
	int64_t edition_id;
	unsigned char key[PLAN_KEY_BYTES];
	struct selection result; /* verdicts owned by the cache */
	int rc;                  /* the solve's result: 0, or why there is no plan */
	int filled;
	unsigned long used;
};

static struct plan_entry plan_cache[PLAN_CACHE_SIZE];
static unsigned long plan_clock;
/* Editions with a solve under way (svc_selection_plan_start): at most one
 * each, so that refreshing a page never starts a second. */
static int64_t solving[PLAN_CACHE_SIZE];
static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;

static void hash_int(crypto_generichash_state *h, int64_t v)
{
	crypto_generichash_update(h, (const unsigned char *)&v, sizeof(v));
}

static void plan_key(const struct edition *e, const struct selection_settings *w,
		     const struct candidate *c, int n, unsigned char *key)
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, PLAN_KEY_BYTES);
	int64_t head[] = {e->id, e->capacity, e->org_cap, w->w_org, w->w_parent, w->w_kind,
			  w->w_theme, w->w_tags, n};
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		hash_int(&h, head[i]);
	for (int i = 0; i < n; i++) {
		int64_t v[] = {c[i].application_id, c[i].org_id, c[i].parent_id, c[i].kind,
			       c[i].theme, c[i].mark, c[i].accepted};
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			hash_int(&h, v[k]);
		const char *tags = c[i].tags ? c[i].tags : "";
		crypto_generichash_update(&h, (const unsigned char *)tags, strlen(tags) + 1);
	}
	crypto_generichash_final(&h, key, PLAN_KEY_BYTES);
}

/* A copy of the selection (the verdicts malloc'ed), or 0 when out of memory. */
static int copy_selection(const struct selection *from, struct selection *to)
{
	*to = *from;
	to->verdicts = malloc(sizeof(*to->verdicts) * (size_t)(from->n ? from->n : 1));
	if (!to->verdicts)
		return 0;
	memcpy(to->verdicts, from->verdicts, sizeof(*to->verdicts) * (size_t)from->n);
	return 1;
}

/* 1 when the cache knows the outcome for this key: *rc the solve's result
 * and, when 0, out a copy of the plan. */
static int plan_cache_get(int64_t edition_id, const unsigned char *key, struct selection *out,
			  int *rc)
{
	int hit = 0;
	pthread_mutex_lock(&plan_lock);
	for (int i = 0; !hit && i < PLAN_CACHE_SIZE; i++) {
		struct plan_entry *p = &plan_cache[i];
		if (p->filled && p->edition_id == edition_id &&
		    memcmp(p->key, key, PLAN_KEY_BYTES) == 0) {
			*rc = p->rc;
			hit = p->rc ? 1 : copy_selection(&p->result, out);
			p->used = ++plan_clock;
		}
	}
	pthread_mutex_unlock(&plan_lock);
	return hit;
}

static void plan_cache_put(int64_t edition_id, const unsigned char *key,
			   const struct selection *result, int rc)
{
	pthread_mutex_lock(&plan_lock);
	struct plan_entry *slot = &plan_cache[0];
	for (int i = 0; i < PLAN_CACHE_SIZE; i++) {
		struct plan_entry *p = &plan_cache[i];
		if (p->edition_id == edition_id || !p->filled) {
			slot = p;
			break;
		}
		if (p->used < slot->used)
			slot = p;
	}
	selection_free(&slot->result);
	slot->filled = 0;
	if (rc || copy_selection(result, &slot->result)) {
		slot->edition_id = edition_id;
		memcpy(slot->key, key, PLAN_KEY_BYTES);
		slot->rc = rc;
		slot->filled = 1;
		slot->used = ++plan_clock;
	}
	pthread_mutex_unlock(&plan_lock);
}

/* Claim the edition's one solve; 0 when one runs already (or too many). */
static int solving_claim(int64_t edition_id)
{
	int free_slot = -1, busy = 0;
	pthread_mutex_lock(&plan_lock);
	for (int i = 0; i < PLAN_CACHE_SIZE; i++) {
		if (solving[i] == edition_id)
			busy = 1;
		else if (!solving[i] && free_slot < 0)
			free_slot = i;
	}
	if (!busy && free_slot >= 0)
		solving[free_slot] = edition_id;
	pthread_mutex_unlock(&plan_lock);
	return !busy && free_slot >= 0;
}

static void solving_release(int64_t edition_id)
{
	pthread_mutex_lock(&plan_lock);
	for (int i = 0; i < PLAN_CACHE_SIZE; i++)
		if (solving[i] == edition_id)
			solving[i] = 0;
	pthread_mutex_unlock(&plan_lock);
}

/* Load the edition, the settings and the candidates into out, with the
 * plan's key and the candidates in *cands; out->result from the cache when
 * it is there (*hit 1, the cached result returned). */
static int plan_load(struct store *s, struct arena *a, const char *slug, int64_t now,
		     struct selection_plan *out, struct candidate **cands, unsigned char *key,
		     int *hit)
{
	memset(out, 0, sizeof(*out));
	*hit = 0;
	int rc = store_edition_get(s, a, slug, &out->edition);
	if (rc)
		return rc;
	const struct edition *e = &out->edition;
	if (e->policy != POLICY_DIVERSITY || e->status == EDITION_DRAFT ||
	    (e->status != EDITION_OPEN && e->status != EDITION_CLOSED))
		return LWP_ECLOSED;
	if (now <= e->deadline)
		return LWP_EDEADLINE;
	if ((rc = store_selection_settings_get(s, e->id, &out->settings)) ||
	    (rc = store_selection_rows(s, a, e->id, &out->rows, &out->n)))
		return rc;
	/* The edition and its rows are two reads: a confirm (of another
	 * process) committed between them leaves new rows beside the old
	 * status. Read the status again after the rows, so such a plan is
	 * never made: the confirm that lost sees the edition selected. */
	struct edition again;
	if ((rc = store_edition_get(s, a, slug, &again)))
		return rc;
	if (again.status != e->status)
		return LWP_ECLOSED;
	struct candidate *c = arena_calloc(a, (size_t)(out->n ? out->n : 1), sizeof(*c));
	if (!c)
		return LWP_ENOMEM;
	for (int i = 0; i < out->n; i++)
		c[i] = out->rows[i].c;
	plan_key(e, &out->settings, c, out->n, key);
	*cands = c;
	*hit = plan_cache_get(e->id, key, &out->result, &rc);
	return *hit ? rc : 0;
}

int svc_selection_plan(struct store *s, struct arena *a, const char *slug, int64_t now,
		   double seconds, struct selection_plan *out)
{
	struct candidate *c;
	unsigned char key[PLAN_KEY_BYTES];
	int hit;
	int rc = plan_load(s, a, slug, now, out, &c, key, &hit);
	if (rc || hit)
		return rc;
	const struct edition *e = &out->edition;
	rc = selection_run(c, out->n, e->capacity, e->org_cap, &out->settings, seconds,
			   &out->result);
	if (rc == 0 || rc == LWP_EINVAL)
		plan_cache_put(e->id, key, &out->result, rc);
	return rc;
}

struct selection_solve {
	int64_t edition_id;
	unsigned char key[PLAN_KEY_BYTES];
	int places, org_cap;
	struct selection_settings settings;
	struct candidate *c;  /* n, tags malloc'ed */
	int n;
	int ran, rc;
	int claimed;          /* holds the edition's slot in solving[] */
	struct selection result;
};

static void solve_free(struct selection_solve *sv)
{
	for (int i = 0; sv->c && i < sv->n; i++)
		free((char *)sv->c[i].tags);
	free(sv->c);
	selection_free(&sv->result);
	free(sv);
}

/* A solve that owns copies of c[0..n), or NULL when out of memory. */
static struct selection_solve *solve_new(const struct selection_plan *p, const struct candidate *c,
					 const unsigned char *key)
{
	struct selection_solve *sv = calloc(1, sizeof(*sv));
	if (!sv)
		return NULL;
	sv->edition_id = p->edition.id;
	memcpy(sv->key, key, PLAN_KEY_BYTES);
	sv->places = p->edition.capacity;
	sv->org_cap = p->edition.org_cap;
	sv->settings = p->settings;
	sv->c = calloc((size_t)(p->n ? p->n : 1), sizeof(*sv->c));
	if (!sv->c) {
		free(sv);
		return NULL;
	}
	for (int i = 0; i < p->n; i++) {
		sv->c[i] = c[i];
		sv->c[i].tags = c[i].tags ? strdup(c[i].tags) : NULL;
		sv->n = i + 1;
		if (c[i].tags && !sv->c[i].tags) {
			solve_free(sv);
			return NULL;
		}
	}
	return sv;
}

int svc_selection_plan_start(struct store *s, struct arena *a, const char *slug, int64_t now,
			     int always, struct selection_plan *out, struct selection_solve **solve)
{
	struct candidate *c;
	unsigned char key[PLAN_KEY_BYTES];
	int hit;
	*solve = NULL;
	int rc = plan_load(s, a, slug, now, out, &c, key, &hit);
	if (rc || hit)
		return rc;
	out->pending = 1;
	int claimed = solving_claim(out->edition.id);
	if (!claimed && !always)
		return 0;
	*solve = solve_new(out, c, key);
	if (!*solve) {
		if (claimed)
			solving_release(out->edition.id);
		return LWP_ENOMEM;
	}
	(*solve)->claimed = claimed;
	return 0;
}

void svc_selection_solve_run(struct selection_solve *sv, double seconds)
{
	sv->rc = selection_run(sv->c, sv->n, sv->places, sv->org_cap, &sv->settings, seconds,
			       &sv->result);
	sv->ran = 1;
}

int svc_selection_solve_finish(struct selection_solve *sv)
{
	if (!sv)
		return LWP_EINVAL;
	int rc = sv->ran ? sv->rc : LWP_EBUSY;
	if (sv->ran && (sv->rc == 0 || sv->rc == LWP_EINVAL))
		plan_cache_put(sv->edition_id, sv->key, &sv->result, sv->rc);
	if (sv->claimed)
		solving_release(sv->edition_id);
	solve_free(sv);
	return rc;
}

void svc_selection_plan_free(struct selection_plan *p)
{
	selection_free(&p->result);
}

int svc_selection_result(struct store *s, struct arena *a, const char *slug,
			 struct selection_result *out)
{
	struct selection_settings w;
	struct selection_row *rows;
	int nrows;
	memset(out, 0, sizeof(*out));
	int rc = store_edition_get(s, a, slug, &out->edition);
	if (rc)
		return rc;
	if (out->edition.policy != POLICY_DIVERSITY ||
	    (out->edition.status != EDITION_SELECTED && out->edition.status != EDITION_RUNNING &&
	     out->edition.status != EDITION_NETWORK &&
	     out->edition.status != EDITION_FINISHED))
		return LWP_ECLOSED;
	if ((rc = store_selection_settings_get(s, out->edition.id, &w)) ||
	    (rc = store_selection_rows(s, a, out->edition.id, &rows, &nrows)) ||
	    (rc = store_application_list(s, a, out->edition.id, &out->apps, &out->n)))
		return rc;
	int n = out->n;
	struct candidate *c = arena_calloc(a, (size_t)(n ? n : 1), sizeof(*c));
	unsigned char *group = arena_calloc(a, (size_t)(n ? n : 1), 1);
	out->verdicts = arena_calloc(a, (size_t)(n ? n : 1), sizeof(*out->verdicts));
	if (!c || !group || !out->verdicts)
		return LWP_ENOMEM;
	/* The candidates' attributes come with the rows still in the running;
	 * declined and withdrawn ones are shown without numbers. */
	for (int i = 0; i < n; i++) {
		c[i].application_id = out->apps[i].id;
		c[i].org_id = -out->apps[i].id; /* unlike every other, until found */
		for (int k = 0; k < nrows; k++)
			if (rows[k].c.application_id == out->apps[i].id)
				c[i] = rows[k].c;
		group[i] = out->apps[i].status == APP_ACCEPTED;
	}
	selection_describe(c, n, group, &w, out->verdicts);
	return 0;
}

static enum lang lang_of(const char *code)
{
	int l = lang_parse(code);
	return l < 0 ? LANG_NL : (enum lang)l;
}

struct confirm {
	struct arena *a;
	const struct selection_plan *p;
	const struct actor *who;
	const struct selection_outcome *o;
	int64_t now;
	int accepted, waitlisted, declined, applied;
};

/* Inside the transaction: the edition is marked selected first, so that of
 * two confirms racing the second finds it selected and changes nothing. */
static int confirm_tx(struct store *s, void *ctx)
{
	struct confirm *c = ctx;
	const struct selection_plan *p = c->p;
	int rc = store_selection_confirm(s, p->edition.id, c->o, p->n, c->who->name, c->now,
					 &c->applied);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "selection.confirm",
			 arena_printf(c->a, "edition:%s", p->edition.slug),
			 arena_printf(c->a, "%d accepted, %d waitlisted, %d declined; diversity %.2f%s;"
				      " %d of %d applied", c->accepted, c->waitlisted, c->declined,
				      p->result.value, p->result.proven ? " (proven optimal)" : "",
				      c->applied, p->n));
}

int svc_selection_confirm(struct store *s, struct arena *a, const struct selection_plan *p,
			  const char *base_url, const struct actor *who, int64_t now)
{
	struct selection_outcome *o = arena_calloc(a, (size_t)(p->n ? p->n : 1), sizeof(*o));
	struct mail *mails = arena_calloc(a, (size_t)(p->n ? p->n : 1), sizeof(*mails));
	struct confirm c = {a, p, who, o, now, 0, 0, 0, 0};
	if (!o || !mails)
		return LWP_ENOMEM;
	for (int i = 0; i < p->n; i++) {
		const struct verdict *v = &p->result.verdicts[i];
		const struct selection_row *r = &p->rows[i];
		char *token = NULL, *hash = NULL;
		o[i].application_id = r->c.application_id;
		o[i].status = v->chosen ? APP_ACCEPTED : v->why == WHY_NOT_EXCLUDED ? APP_DECLINED
			      : APP_WAITLISTED;
		o[i].rank = o[i].status == APP_WAITLISTED ? v->rank : 0;
		c.accepted += o[i].status == APP_ACCEPTED;
		c.waitlisted += o[i].status == APP_WAITLISTED;
		c.declined += o[i].status == APP_DECLINED;
		/* Only the hash of the first private link is stored, so the link
		 * cannot be mailed again: who keeps a place or a place on the list
		 * gets a new one, whose hash replaces the old in the same
		 * transaction (the old link stops working, as the mail says). */
		if (o[i].status != APP_DECLINED &&
		    (!(token = store_token_new(a)) || store_token_hash(a, token, &hash)))
			return LWP_ENOMEM;
		o[i].token_hash = hash;
		if (mail_selection_result(a, lang_of(r->lang), base_url, p->edition.title, r->name,
					  r->email, o[i].status, o[i].rank, token, &mails[i]))
			return LWP_ENOMEM;
		o[i].mail = &mails[i];
	}
	return store_write(s, confirm_tx, &c);
}

struct mark_change {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	int64_t application_id;
	int mark;
	const struct selection_settings *w;
	int64_t now;
};

static int mark_tx(struct store *s, void *ctx)
{
	struct mark_change *c = ctx;
	int rc = store_selection_mark(s, c->e->id, c->application_id, c->mark);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "selection.mark",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "application %lld: %s", (long long)c->application_id,
				      c->mark == MARK_INCLUDE ? "include"
				      : c->mark == MARK_EXCLUDE ? "exclude" : "none"));
}

int svc_selection_mark(struct store *s, struct arena *a, const struct actor *who,
		       const struct edition *e, int64_t application_id, int mark, int64_t now)
{
	if (mark != MARK_NONE && mark != MARK_INCLUDE && mark != MARK_EXCLUDE)
		return LWP_EINVAL;
	struct mark_change c = {a, who, e, application_id, mark, NULL, now};
	return store_write(s, mark_tx, &c);
}

static int settings_tx(struct store *s, void *ctx)
{
	struct mark_change *c = ctx;
	const struct selection_settings *w = c->w;
	int rc = store_selection_settings_set(s, c->e->id, w);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "selection.weights",
			 arena_printf(c->a, "edition:%s", c->e->slug),
			 arena_printf(c->a, "org %d, parent %d, kind %d, theme %d, tags %d, offer %d days",
				      w->w_org, w->w_parent, w->w_kind, w->w_theme, w->w_tags,
				      w->offer_days));
}

int svc_selection_settings(struct store *s, struct arena *a, const struct actor *who,
			   const struct edition *e, const struct selection_settings *w, int64_t now)
{
	if (selection_settings_valid(w))
		return LWP_EINVAL;
	struct mark_change c = {a, who, e, 0, 0, w, now};
	return store_write(s, settings_tx, &c);
}

struct offer_made {
	int64_t edition_id, application_id, now, expires;
	const char *hash;
	const struct mail *m;
	const int64_t *skipped; /* passed over for the organisation cap */
	int nskipped;
};

static int offer_tx(struct store *s, void *ctx)
{
	struct offer_made *o = ctx;
	int rc = store_offer_create(s, o->edition_id, o->application_id, o->hash, o->now, o->expires);
	for (int i = 0; !rc && i < o->nskipped; i++)
		rc = store_application_note(s, o->skipped[i], APP_WAITLISTED, "system",
					    EVENT_PASSED_OVER_CAP, o->now);
	return rc ? rc : store_outbox_add(s, o->m, o->now);
}

/* Offer the free place of edition e to the next on the waiting list in
 * the order stored at confirmation (the order each was mailed), passing
 * over only those whose organisation is at the cap (recorded in their
 * history). */
static int offer_next(struct store *s, struct arena *a, const struct edition *e,
		      const char *base_url, int64_t now, int *made)
{
	struct selection_settings w;
	struct selection_row *rows;
	int n, rc, nskipped;
	if ((rc = store_selection_settings_get(s, e->id, &w)) ||
	    (rc = store_selection_rows(s, a, e->id, &rows, &n)))
		return rc;
	struct candidate *c = arena_calloc(a, (size_t)(n ? n : 1), sizeof(*c));
	unsigned char *group = arena_calloc(a, (size_t)(n ? n : 1), 1);
	unsigned char *eligible = arena_calloc(a, (size_t)(n ? n : 1), 1);
	int *rank = arena_calloc(a, (size_t)(n ? n : 1), sizeof(int));
	int *skipped = arena_calloc(a, (size_t)(n ? n : 1), sizeof(int));
	int64_t *skipped_ids = arena_calloc(a, (size_t)(n ? n : 1), sizeof(int64_t));
	if (!c || !group || !eligible || !rank || !skipped || !skipped_ids)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++) {
		c[i] = rows[i].c;
		c[i].mark = MARK_NONE; /* marks served the plan; the order is settled */
		group[i] = rows[i].status == APP_ACCEPTED;
		eligible[i] = rows[i].status == APP_WAITLISTED;
		rank[i] = rows[i].waitlist_rank;
	}
	int next = selection_next_in_line(c, rank, n, group, eligible, e->org_cap, skipped, n,
					  &nskipped);
	if (next < 0)
		return 0;
	for (int i = 0; i < nskipped; i++)
		skipped_ids[i] = rows[skipped[i]].c.application_id;
	char *hash, *token = store_token_new(a);
	struct buf until;
	struct mail m;
	int64_t expires = now + (int64_t)w.offer_days * 86400;
	enum lang lang = lang_of(rows[next].lang);
	if (!token || store_token_hash(a, token, &hash))
		return LWP_ENOMEM;
	buf_init(&until, 256);
	lang_datetime(&until, expires, lang);
	rc = mail_offer(a, lang, base_url, e->title, rows[next].name, rows[next].email, token,
			buf_cstr(&until), &m);
	buf_free(&until);
	struct offer_made made_one = {e->id, rows[next].c.application_id, now, expires, hash, &m,
				      skipped_ids, nskipped};
	if (!rc)
		rc = store_write(s, offer_tx, &made_one);
	if (!rc)
		(*made)++;
	return rc == LWP_ECLOSED ? 0 : rc; /* another process made the offer first */
}

struct expiry {
	struct arena *a;
	int64_t now;
	int expired;
};

/* The applicant of app_id is told by mail (queued with the change). */
typedef int (*mail_fn)(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, struct mail *out);

static int mail_applicant(struct store *s, struct arena *a, int64_t app_id, mail_fn fn,
			  int64_t now)
{
	struct application app;
	struct edition e;
	struct mail m;
	int rc = store_application_get(s, a, app_id, &app, &e);
	if (rc || (rc = fn(a, lang_of(app.lang), e.title, app.name, app.email, &m)))
		return rc;
	return store_outbox_add(s, &m, now);
}

static int expire_tx(struct store *s, void *ctx)
{
	struct expiry *x = ctx;
	int64_t ids[64];
	int rc = store_offers_expire(s, x->now, ids, 64, &x->expired);
	for (int i = 0; !rc && i < x->expired; i++)
		rc = mail_applicant(s, x->a, ids[i], mail_offer_lapsed, x->now);
	return rc;
}

int svc_selection_offers(struct store *s, const char *base_url, int64_t now, int *made)
{
	struct arena *a = arena_new();
	struct expiry x = {a, now, 0};
	struct edition *list;
	int n, rc;
	*made = 0;
	if (!a)
		return LWP_ENOMEM;
	if ((rc = store_write(s, expire_tx, &x)) ||
	    (rc = store_edition_list(s, a, 1, &list, &n)))
		goto done;
	for (int i = 0; !rc && i < n; i++) {
		int64_t open;
		const struct edition *e = &list[i];
		if (e->policy != POLICY_DIVERSITY || edition_places_left(e) == 0 ||
		    (e->status != EDITION_SELECTED && e->status != EDITION_RUNNING))
			continue;
		if ((rc = store_offer_open_count(s, e->id, now, &open)) || open > 0)
			continue;
		rc = offer_next(s, a, e, base_url, now, made);
	}
done:
	if (rc)
		log_error("offers: %s", lwp_result_name(rc));
	arena_free(a);
	return rc;
}

struct answer {
	struct arena *a;
	const struct offer *o;
	int accept;
	int64_t now;
};

static int answer_tx(struct store *s, void *ctx)
{
	struct answer *x = ctx;
	int rc = store_offer_answer(s, x->o, x->accept, x->now);
	if (rc)
		return rc;
	return mail_applicant(s, x->a, x->o->application_id,
			      x->accept ? mail_offer_taken : mail_withdrawal, x->now);
}

int svc_offer_answer(struct store *s, const struct offer *o, int accept, int64_t now)
{
	struct arena *a = arena_new();
	if (!a)
		return LWP_ENOMEM;
	struct answer x = {a, o, accept, now};
	int rc = store_write(s, answer_tx, &x);
	arena_free(a);
	return rc;
}
