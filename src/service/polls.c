/* See polls.h. */
#include "service/polls.h"
#include "service/meetings_internal.h"
#include "core/i18n.h"
#include "mail/mail_meetings.h"
#include "store/store_write.h"

#include <string.h>
#include <strings.h>

static char *poll_object(struct arena *a, int64_t id)
{
	return arena_printf(a, "poll:%lld", (long long)id);
}

static const char *deadline_text(struct arena *a, int64_t deadline, enum lang lang)
{
	if (!deadline)
		return NULL;
	struct buf b;
	buf_init(&b, 128);
	lang_datetime(&b, deadline, lang);
	char *s = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Give invitee inv a new private link and mail it. */
static int mail_link(struct store *s, struct arena *a, const struct meeting_env *env,
		     const char *title, int64_t deadline, const struct poll_invitee *inv,
		     int reminder, int64_t now, const char **hash_out)
{
	char *token = store_token_new(a), *hash;
	int rc = token ? store_token_hash(a, token, &hash) : LWP_ENOMEM;
	if (rc)
		return rc;
	enum lang lang = svc_lang_of(inv->lang);
	struct mail m;
	char *link = arena_printf(a, "%s/peiling/%s", env->base_url, token);
	rc = mail_poll_invitation(a, lang, inv->name, inv->email, title, link,
				  deadline_text(a, deadline, lang), reminder, &m);
	if (rc || (!env->no_mail && (rc = store_outbox_add(s, &m, now))))
		return rc;
	*hash_out = hash;
	return 0;
}

struct poll_change {
	struct arena *a;
	const struct actor *who;
	const struct meeting_env *env;
	const struct poll_new *in;
	struct field_errors *fe;
	int64_t id, invitee_id, meeting_id;
	const enum poll_answer *answers;
	char *const *comments;
	int picked;
	int64_t now;
};

static int is_required(const struct poll_new *in, const char *email)
{
	for (size_t i = 0; i < in->n_required; i++)
		if (strcasecmp(in->required[i], email) == 0)
			return 1;
	return 0;
}

/* Every required address must be one of the invitees. */
static int check_required(struct poll_change *c, const struct invitee *inv, int n)
{
	for (size_t r = 0; r < c->in->n_required; r++) {
		int found = 0;
		for (int i = 0; i < n && !found; i++)
			found = strcasecmp(inv[i].email, c->in->required[r]) == 0;
		if (!found) {
			field_errors_add(c->fe, "require",
					 N_("A required person must be one of the invitees."));
			return LWP_EINVAL;
		}
	}
	return 0;
}

static int add_invitee(struct store *s, struct poll_change *c, const struct invitee *v)
{
	struct poll_invitee pi = {0, v->person_id, v->user_id, v->name, v->email, v->lang,
				  is_required(c->in, v->email), 0, 0};
	const char *hash;
	int rc = mail_link(s, c->a, c->env, c->in->title, c->in->deadline, &pi, 0, c->now, &hash);
	return rc ? rc : store_poll_invitee_insert(s, c->a, c->id, &pi, hash, c->now);
}

static int create_tx(struct store *s, void *ctx)
{
	struct poll_change *c = ctx;
	struct edition e;
	struct invitee *inv;
	int n, rc = store_edition_by_id(s, c->a, c->in->edition_id, &e);
	if (rc)
		return rc;
	struct meeting_row audience = {.network = e.status == EDITION_NETWORK};
	audience.m.edition_id = e.id;
	audience.m.subgroup_id = c->in->subgroup_id;
	if ((rc = svc_meeting_invitees(s, c->a, &audience, &inv, &n)) ||
	    (rc = check_required(c, inv, n)))
		return rc;
	struct poll_full p = {.edition_id = e.id, .subgroup_id = c->in->subgroup_id,
			      .title = (char *)c->in->title, .kind = c->in->kind,
			      .location = (char *)c->in->location, .deadline = c->in->deadline,
			      .created_by = (char *)c->who->name,
			      .candidates = (struct poll_candidate *)c->in->candidates,
			      .n_candidates = c->in->n_candidates};
	if ((rc = store_poll_insert(s, &p, c->now, &c->id)))
		return rc;
	for (int i = 0; !rc && i < n; i++)
		rc = add_invitee(s, c, &inv[i]);
	return rc ? rc : svc_audit(s, c->who, c->now, "poll.create", poll_object(c->a, c->id),
				   arena_printf(c->a, "%s; %zu candidates, %d invitees", c->in->title,
						c->in->n_candidates, n));
}

static int validate(const struct poll_new *in, int64_t now, struct field_errors *fe)
{
	if (!in->title || !*in->title || strlen(in->title) > MEETING_TITLE_MAX)
		field_errors_add(fe, "title", N_("Enter a title of at most 200 characters."));
	if (in->n_candidates < 1 || in->n_candidates > POLL_WEB_CANDIDATES_MAX)
		field_errors_add(fe, "candidate", N_("Give between 1 and 30 candidate dates."));
	for (size_t i = 0; i < in->n_candidates; i++) {
		struct meeting m = {.title = "x", .kind = in->kind, .days = in->candidates[i].days,
				    .n_days = in->candidates[i].n_days};
		struct field_errors one = {0};
		if (meeting_validate(&m, &one)) {
			field_errors_add(fe, "candidate", N_("A candidate date is not valid."));
			break;
		}
	}
	if (in->deadline && in->deadline <= now)
		field_errors_add(fe, "deadline", N_("The deadline must lie in the future."));
	if ((unsigned)in->kind >= MEETING_KIND_COUNT)
		field_errors_add(fe, "kind", N_("Choose a kind of meeting."));
	return fe->n ? LWP_EINVAL : 0;
}

int svc_poll_create(struct store *s, struct arena *a, const struct actor *who,
		    const struct meeting_env *env, const struct poll_new *in, int64_t now,
		    struct field_errors *fe, int64_t *id)
{
	if (validate(in, now, fe))
		return LWP_EINVAL;
	struct poll_change c = {.a = a, .who = who, .env = env, .in = in, .fe = fe, .now = now};
	int rc = store_write(s, create_tx, &c);
	if (!rc)
		*id = c.id;
	return rc;
}

/* Tell the poll's leads (or the edition's contact) once that everyone has
 * answered. */
static int tell_lead(struct store *s, struct poll_change *c, const struct poll_full *p)
{
	struct edition e;
	struct invitee *leads;
	int n, rc = store_edition_by_id(s, c->a, p->edition_id, &e);
	if (rc || (rc = store_edition_role_users(s, c->a, e.id, ROLE_LEAD, &leads, &n)))
		return rc;
	char *link = arena_printf(c->a, "%s/beheer/edities/%s/peilingen/%lld", c->env->base_url,
				  e.slug, (long long)p->id);
	for (int i = 0; !rc && i < n; i++) {
		struct mail m;
		rc = mail_poll_complete(c->a, svc_lang_of(leads[i].lang), leads[i].name,
					leads[i].email, p->title, link, &m);
		if (!rc && !c->env->no_mail)
			rc = store_outbox_add(s, &m, c->now);
	}
	if (!rc && n == 0 && e.contact_email && email_valid(e.contact_email)) {
		struct mail m;
		rc = mail_poll_complete(c->a, LANG_NL, e.contact_name ? e.contact_name : e.contact_email,
					e.contact_email, p->title, link, &m);
		if (!rc && !c->env->no_mail)
			rc = store_outbox_add(s, &m, c->now);
	}
	return rc ? rc : store_poll_lead_told(s, p->id);
}

static int answer_tx(struct store *s, void *ctx)
{
	struct poll_change *c = ctx;
	struct poll_full p;
	int rc = store_poll_get(s, c->a, c->id, &p);
	if (rc)
		return rc;
	if (p.state != POLL_STATE_OPEN || !poll_open(p.deadline, c->now))
		return LWP_ECLOSED;
	long me = -1;
	for (size_t i = 0; i < p.n_invitees; i++)
		if (p.invitees[i].id == c->invitee_id)
			me = (long)i;
	if (me < 0)
		return LWP_ENOTFOUND;
	if ((rc = store_poll_answers_set(s, &p, c->invitee_id, c->answers, c->comments, c->now)) ||
	    (rc = store_poll_get(s, c->a, c->id, &p)) ||
	    (rc = svc_audit(s, c->who, c->now, "poll.answer", poll_object(c->a, p.id),
			    arena_printf(c->a, "invitee %lld", (long long)c->invitee_id))))
		return rc;
	struct poll view;
	store_poll_view(&p, &view);
	return !p.lead_told && poll_everyone_answered(&view) ? tell_lead(s, c, &p) : 0;
}

int svc_poll_answer(struct store *s, struct arena *a, const struct actor *who,
		    const struct meeting_env *env, int64_t poll_id, int64_t invitee_id,
		    const enum poll_answer *answers, char *const *comments, int64_t now)
{
	struct poll_change c = {.a = a, .who = who, .env = env, .id = poll_id,
				.invitee_id = invitee_id, .answers = answers, .comments = comments,
				.now = now};
	return store_write(s, answer_tx, &c);
}

struct remind {
	const struct meeting_env *env;
	struct arena *a;
	int64_t id, now;
	int sent;
};

static int due(const struct poll_full *p, const struct poll_invitee *inv, int64_t now)
{
	int64_t last = inv->reminded_at > p->created_at ? inv->reminded_at : p->created_at;
	return now - last >= POLL_REMIND_SECONDS;
}

static int remind_tx(struct store *s, void *ctx)
{
	struct remind *r = ctx;
	struct poll_full p;
	struct poll view;
	size_t *todo, n;
	int rc = store_poll_get(s, r->a, r->id, &p);
	if (rc || p.state != POLL_STATE_OPEN || !poll_open(p.deadline, r->now))
		return rc;
	store_poll_view(&p, &view);
	if ((rc = poll_unanswered(r->a, &view, &todo, &n)))
		return rc;
	for (size_t k = 0; !rc && k < n; k++) {
		const struct poll_invitee *inv = &p.invitees[todo[k]];
		const char *hash;
		if (!due(&p, inv, r->now))
			continue;
		rc = mail_link(s, r->a, r->env, p.title, p.deadline, inv, 1, r->now, &hash);
		if (!rc)
			rc = store_poll_invitee_reminded(s, inv->id, r->now);
		if (!rc)
			rc = store_poll_invitee_token(s, inv->id, hash);
		r->sent += !rc;
	}
	return rc;
}

/* Whether any invitee of the poll is due a reminder, read outside a write
 * transaction: the background job asks every few seconds, and most of the
 * time nobody is due. */
static int any_due(struct store *s, struct arena *a, int64_t id, int64_t now, int *due_out)
{
	struct poll_full p;
	struct poll view;
	size_t *todo, n;
	*due_out = 0;
	int rc = store_poll_get(s, a, id, &p);
	if (rc || p.state != POLL_STATE_OPEN || !poll_open(p.deadline, now))
		return rc;
	store_poll_view(&p, &view);
	if ((rc = poll_unanswered(a, &view, &todo, &n)))
		return rc;
	for (size_t k = 0; k < n && !*due_out; k++)
		*due_out = due(&p, &p.invitees[todo[k]], now);
	return 0;
}

int svc_poll_remind(struct store *s, const struct meeting_env *env, int64_t now, int *sent)
{
	int64_t ids[256];
	int n, rc = store_polls_open(s, ids, 256, &n);
	*sent = 0;
	for (int i = 0; !rc && i < n; i++) {
		struct arena *a = arena_new();
		int is_due;
		if (!a)
			return LWP_ENOMEM;
		struct remind r = {env, a, ids[i], now, 0};
		rc = any_due(s, a, ids[i], now, &is_due);
		if (!rc && is_due)
			rc = store_write(s, remind_tx, &r);
		if (!rc)
			*sent += r.sent;
		arena_free(a);
	}
	return rc;
}

static int close_tx(struct store *s, void *ctx)
{
	struct poll_change *c = ctx;
	struct poll_full p;
	struct poll view;
	struct poll_result res;
	int rc = store_poll_get(s, c->a, c->id, &p);
	if (rc)
		return rc;
	if (p.state != POLL_STATE_OPEN)
		return LWP_ECLOSED;
	store_poll_view(&p, &view);
	if ((rc = poll_decide(c->a, &view, &res)))
		return rc;
	if (res.picked < 0)
		return LWP_ECONFLICT;
	const struct poll_candidate *pick = &p.candidates[res.picked];
	struct meeting m = {.edition_id = p.edition_id, .title = p.title, .kind = p.kind,
			    .subgroup_id = p.subgroup_id, .days = pick->days,
			    .n_days = pick->n_days, .location = p.location,
			    .status = MEETING_CONFIRMED};
	c->picked = res.picked;
	if ((rc = svc_meeting_create_in_tx(s, c->a, c->who, c->env, &m, NULL, 0, c->now)) ||
	    (rc = store_poll_close(s, p.id, res.picked, m.id, c->now)))
		return rc;
	c->meeting_id = m.id;
	return svc_audit(s, c->who, c->now, "poll.close", poll_object(c->a, p.id),
			 arena_printf(c->a, "candidate %d, meeting %lld", res.picked + 1,
				      (long long)m.id));
}

int svc_poll_close(struct store *s, struct arena *a, const struct actor *who,
		   const struct meeting_env *env, int64_t poll_id, int64_t now,
		   int64_t *meeting_id, int *picked)
{
	struct poll_change c = {.a = a, .who = who, .env = env, .id = poll_id, .now = now,
				.picked = -1};
	int rc = store_write(s, close_tx, &c);
	*meeting_id = c.meeting_id;
	*picked = c.picked;
	return rc;
}

int svc_poll_invitee_by_email(const struct poll_full *p, const char *email, int64_t *invitee_id)
{
	for (size_t i = 0; i < p->n_invitees; i++)
		if (strcasecmp(p->invitees[i].email, email) == 0) {
			*invitee_id = p->invitees[i].id;
			return 0;
		}
	return LWP_ENOTFOUND;
}
