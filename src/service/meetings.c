/* See meetings.h. Invitations are built per invitee inside the write
 * transaction, so a change and its mail are stored together or not at all. */
#include "service/meetings.h"
#include "service/meetings_internal.h"
#include "core/i18n.h"
#include "domain/ical.h"
#include "mail/mail_meetings.h"
#include "store/store_write.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *svc_calendar_host(struct arena *a, const char *base_url)
{
	const char *p = base_url ? strstr(base_url, "://") : NULL;
	p = p ? p + 3 : base_url ? base_url : "";
	size_t n = strcspn(p, ":/?#");
	char *h = arena_strndup(a, p, n);
	if (!h || n == 0)
		return "lwp.invalid";
	for (char *c = h; *c; c++) {
		*c = (char)tolower((unsigned char)*c);
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-')
			return "lwp.invalid";
	}
	return h;
}

void svc_meeting_env_init(struct arena *a, struct meeting_env *env, const char *base_url,
			  const char *from_addr)
{
	env->no_mail = 0;
	env->base_url = base_url && *base_url ? base_url : "http://localhost:8080";
	env->organizer_email = from_addr && email_valid(from_addr) ? from_addr : NULL;
	if (!env->organizer_email) {
		char *e = arena_printf(a, "noreply@%s", svc_calendar_host(a, env->base_url));
		env->organizer_email = e && email_valid(e) ? e : "noreply@lwp.invalid";
	}
}

static int has_email(const struct invitee *list, int n, const char *email)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(list[i].email, email) == 0)
			return 1;
	return 0;
}

/* Append src to the list (room for cap), leaving out addresses already
 * on it. */
static void add_invitees(struct invitee *list, int *n, int cap, const struct invitee *src,
			 int nsrc)
{
	for (int i = 0; i < nsrc && *n < cap; i++)
		if (src[i].email && !has_email(list, *n, src[i].email))
			list[(*n)++] = src[i];
}

/* Subgroups do not exist yet: a meeting with a subgroup_id is for now
 * announced to the whole edition. The subgroup capability narrows the
 * participants here (one read of the subgroup's members). */
int svc_meeting_invitees(struct store *s, struct arena *a, const struct meeting_row *mr,
			 struct invitee **out, int *count)
{
	struct invitee *part, *coaches = NULL;
	int np, nc = 0, n = 0;
	int rc = store_edition_participants(s, a, mr->m.edition_id, &part, &np);
	if (!rc && !mr->network)
		rc = store_edition_role_users(s, a, mr->m.edition_id, ROLE_COACH, &coaches, &nc);
	if (rc)
		return rc;
	struct invitee *fac = arena_calloc(a, mr->m.n_facilitators + 1, sizeof(*fac));
	if (!fac)
		return LWP_ENOMEM;
	for (size_t i = 0; i < mr->m.n_facilitators; i++)
		fac[i] = (struct invitee){INVITEE_FACILITATOR, 0, mr->facilitator_ids[i],
					  mr->m.facilitators[i], mr->facilitator_emails[i], NULL, 0};
	int cap = np + nc + (int)mr->m.n_facilitators + 1;
	if (!(*out = arena_calloc(a, (size_t)cap, sizeof(**out))))
		return LWP_ENOMEM;
	add_invitees(*out, &n, cap, part, np);
	add_invitees(*out, &n, cap, coaches, nc);
	add_invitees(*out, &n, cap, fac, (int)mr->m.n_facilitators);
	*count = n;
	return 0;
}

enum lang svc_lang_of(const char *code)
{
	int l = code ? lang_parse(code) : -1;
	return l < 0 ? LANG_NL : (enum lang)l;
}

/* Everything the invitations of one change need. */
struct sending {
	struct arena *a;
	const struct meeting_env *env;
	const struct edition *e;
	const struct meeting_row *mr;
	struct invitee *inv;
	int n;
	struct ical_person organizer;
	int64_t now;
};

/* ATTENDEE lines: the recipient first, then the participants who agreed
 * to be shown to the others. */
static struct ical_person *attendees(struct sending *x, int me, size_t *n)
{
	struct ical_person *p = arena_calloc(x->a, (size_t)x->n + 1, sizeof(*p));
	if (!p)
		return NULL;
	p[0] = (struct ical_person){x->inv[me].name, x->inv[me].email,
				    x->inv[me].kind == INVITEE_PARTICIPANT ? ICS_ROLE_REQ_PARTICIPANT
									    : ICS_ROLE_CHAIR, 1};
	*n = 1;
	for (int i = 0; i < x->n; i++)
		if (i != me && x->inv[i].kind == INVITEE_PARTICIPANT && x->inv[i].consent_directory)
			p[(*n)++] = (struct ical_person){x->inv[i].name, x->inv[i].email,
							 ICS_ROLE_REQ_PARTICIPANT, 0};
	return p;
}

/* The calendar object for invitee me: the whole meeting, or only day
 * `only` (0-based) of it when only >= 0. */
static char *invitation(struct sending *x, int me, const struct meeting *m,
			enum ical_method method, long only)
{
	struct ical_calendar cal = {method, NULL, 0, svc_calendar_host(x->a, x->env->base_url),
				    x->now};
	size_t na = 0;
	struct ical_person *att = attendees(x, me, &na);
	const char *url = arena_printf(x->a, "%s/edities/%s", x->env->base_url, x->e->slug);
	if (!att || !url)
		return NULL;
	struct ical_entry en = {m, NULL, url, &x->organizer, att, na, 0};
	struct buf b;
	buf_init(&b, 1u << 20);
	int rc = ical_begin(&b, &cal);
	if (!rc)
		rc = only < 0 ? ical_meeting(&b, &cal, &en) : ical_meeting_day(&b, &cal, &en, (size_t)only);
	if (!rc)
		rc = ical_end(&b);
	char *text = rc ? NULL : arena_strdup(x->a, buf_cstr(&b));
	buf_free(&b);
	return text;
}

static int send_one(struct store *s, struct sending *x, int me, const struct meeting *m,
		    int kind, long only)
{
	enum ical_method method = kind == 2 ? ICS_METHOD_CANCEL : ICS_METHOD_REQUEST;
	char *cal = invitation(x, me, m, method, only);
	if (!cal)
		return LWP_EINVAL;
	struct mail mail;
	const char *url = arena_printf(x->a, "%s/edities/%s", x->env->base_url, x->e->slug);
	int rc = mail_meeting_invitation(x->a, svc_lang_of(x->inv[me].lang), x->inv[me].name,
					 x->inv[me].email, x->e->title, m, kind, url, cal, &mail);
	return rc || x->env->no_mail ? rc : store_outbox_add(s, &mail, x->now);
}

static int prepare(struct store *s, struct sending *x)
{
	int rc = svc_meeting_invitees(s, x->a, x->mr, &x->inv, &x->n);
	if (rc)
		return rc;
	if (x->e->contact_email && email_valid(x->e->contact_email))
		x->organizer = (struct ical_person){x->e->contact_name, x->e->contact_email, 0, 0};
	else
		x->organizer = (struct ical_person){"Leerwerkplaats", x->env->organizer_email, 0, 0};
	return email_valid(x->organizer.email) ? 0 : LWP_EINVAL;
}

/* Mail every invitee of mr: kind 0 new, 1 changed, 2 cancelled; with old
 * (the meeting before a change) the days it had beyond mr's last are
 * cancelled in a second message. */
static int send_invitations(struct store *s, struct arena *a, const struct meeting_env *env,
			    const struct edition *e, const struct meeting_row *mr, int kind,
			    const struct meeting *old, int64_t now)
{
	struct sending x = {.a = a, .env = env, .e = e, .mr = mr, .now = now};
	int rc = prepare(s, &x);
	for (int i = 0; !rc && i < x.n; i++) {
		rc = send_one(s, &x, i, &mr->m, kind, -1);
		for (size_t d = mr->m.n_days; !rc && old && kind == 1 && d < old->n_days; d++)
			rc = send_one(s, &x, i, old, 2, (long)d);
	}
	return rc;
}

struct meeting_change {
	struct arena *a;
	const struct actor *who;
	const struct meeting_env *env;
	struct meeting *m;
	const struct meeting *in;
	const int64_t *fac;
	size_t nfac;
	int64_t id;
	enum meeting_status to;
	int64_t now;
};

static int check_facilitators(struct store *s, struct arena *a, const int64_t *f, size_t n)
{
	struct user u;
	for (size_t i = 0; i < n; i++) {
		int rc = store_user_get(s, a, f[i], &u);
		if (rc)
			return rc == LWP_ENOTFOUND ? LWP_EINVAL : rc;
	}
	return n > MEETING_FACILITATORS_MAX ? LWP_EINVAL : 0;
}

static char *meeting_object(struct arena *a, int64_t id)
{
	return arena_printf(a, "meeting:%lld", (long long)id);
}

int svc_meeting_create_in_tx(struct store *s, struct arena *a, const struct actor *who,
			     const struct meeting_env *env, struct meeting *m,
			     const int64_t *fac, size_t nfac, int64_t now)
{
	struct edition e;
	struct meeting_row mr;
	int rc = store_edition_by_id(s, a, m->edition_id, &e);
	if (rc || (rc = check_facilitators(s, a, fac, nfac)))
		return rc;
	m->sequence = 0;
	if ((rc = store_meeting_insert(s, m, fac, nfac, e.status == EDITION_NETWORK, now, &m->id)) ||
	    (rc = svc_audit(s, who, now, "meeting.create", meeting_object(a, m->id), m->title)))
		return rc;
	if (m->status != MEETING_CONFIRMED)
		return 0;
	if ((rc = store_meeting_get(s, a, m->id, &mr)))
		return rc;
	return send_invitations(s, a, env, &e, &mr, 0, NULL, now);
}

static int create_tx(struct store *s, void *ctx)
{
	struct meeting_change *c = ctx;
	return svc_meeting_create_in_tx(s, c->a, c->who, c->env, c->m, c->fac, c->nfac, c->now);
}

int svc_meeting_create(struct store *s, struct arena *a, const struct actor *who,
		       const struct meeting_env *env, struct meeting *m, const int64_t *facilitators,
		       size_t n_facilitators, int64_t now, struct field_errors *fe)
{
	if (m->status == MEETING_CANCELLED)
		m->status = MEETING_PROPOSED;
	if (meeting_validate(m, fe))
		return LWP_EINVAL;
	struct meeting_change c = {.a = a, .who = who, .env = env, .m = m, .fac = facilitators,
				   .nfac = n_facilitators, .now = now};
	int rc = store_write(s, create_tx, &c);
	if (rc == LWP_EINVAL && fe && fe->n == 0)
		field_errors_add(fe, "facilitators", N_("Choose facilitators from the list of users."));
	return rc;
}

static int same_ids(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++) {
		size_t j = 0;
		while (j < nb && b[j] != a[i])
			j++;
		if (j == nb)
			return 0;
	}
	return 1;
}

/* Store the new state of a meeting whose old state is old, and send what
 * the move from old to new asks. */
static int apply_change(struct store *s, struct meeting_change *c, const struct meeting_row *old,
			struct meeting *m, const int64_t *fac, size_t nfac)
{
	struct edition e;
	struct meeting_row mr;
	if (!meeting_status_allowed(old->m.status, m->status))
		return LWP_ECLOSED;
	int changed = meeting_calendar_changed(&old->m, m) ||
		      !same_ids(old->facilitator_ids, old->m.n_facilitators, fac, nfac);
	m->sequence = old->m.sequence + (changed ? 1 : 0);
	int rc = store_edition_by_id(s, c->a, old->m.edition_id, &e);
	if (rc || (rc = store_meeting_update(s, m, fac, nfac, c->now)) ||
	    (rc = store_meeting_get(s, c->a, m->id, &mr)))
		return rc;
	rc = svc_audit(s, c->who, c->now, "meeting.update", meeting_object(c->a, m->id),
		       arena_printf(c->a, "status %s -> %s, sequence %d",
				    meeting_status_code(old->m.status),
				    meeting_status_code(m->status), m->sequence));
	if (rc || !changed)
		return rc;
	if (m->status == MEETING_CONFIRMED)
		return send_invitations(s, c->a, c->env, &e, &mr,
					old->m.status == MEETING_CONFIRMED ? 1 : 0, &old->m, c->now);
	if (m->status == MEETING_CANCELLED && old->m.status == MEETING_CONFIRMED)
		return send_invitations(s, c->a, c->env, &e, &mr, 2, NULL, c->now);
	return 0;
}

static int update_tx(struct store *s, void *ctx)
{
	struct meeting_change *c = ctx;
	struct meeting_row old;
	int rc = store_meeting_get(s, c->a, c->in->id, &old);
	if (rc || (rc = check_facilitators(s, c->a, c->fac, c->nfac)))
		return rc;
	struct meeting m = *c->in;
	m.edition_id = old.m.edition_id;
	return apply_change(s, c, &old, &m, c->fac, c->nfac);
}

int svc_meeting_update(struct store *s, struct arena *a, const struct actor *who,
		       const struct meeting_env *env, const struct meeting *m,
		       const int64_t *facilitators, size_t n_facilitators, int64_t now,
		       struct field_errors *fe)
{
	if (meeting_validate(m, fe))
		return LWP_EINVAL;
	struct meeting_change c = {.a = a, .who = who, .env = env, .in = m, .fac = facilitators,
				   .nfac = n_facilitators, .now = now};
	return store_write(s, update_tx, &c);
}

static int status_tx(struct store *s, void *ctx)
{
	struct meeting_change *c = ctx;
	struct meeting_row old;
	int rc = store_meeting_get(s, c->a, c->id, &old);
	if (rc)
		return rc;
	struct meeting m = old.m;
	m.status = c->to;
	return apply_change(s, c, &old, &m, old.facilitator_ids, old.m.n_facilitators);
}

int svc_meeting_set_status(struct store *s, struct arena *a, const struct actor *who,
			   const struct meeting_env *env, int64_t id, enum meeting_status to,
			   int64_t now)
{
	if ((unsigned)to >= MEETING_STATUS_COUNT)
		return LWP_EINVAL;
	struct meeting_change c = {.a = a, .who = who, .env = env, .id = id, .to = to, .now = now};
	return store_write(s, status_tx, &c);
}
