/* See selection.h. */
#include "service/selection.h"
#include "core/lang.h"
#include "core/tz.h"
#include "domain/rules.h"
#include "core/log.h"
#include "mail/mail.h"

#include <stdlib.h>
#include <string.h>

int selection_plan(struct store *s, struct arena *a, const char *slug, int64_t now,
		   double seconds, struct selection_plan *out)
{
	memset(out, 0, sizeof(*out));
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
	struct candidate *c = arena_calloc(a, (size_t)(out->n ? out->n : 1), sizeof(*c));
	if (!c)
		return LWP_ENOMEM;
	for (int i = 0; i < out->n; i++)
		c[i] = out->rows[i].c;
	return selection_run(c, out->n, e->capacity, e->org_cap, &out->settings, seconds,
			     &out->result);
}

void selection_plan_free(struct selection_plan *p)
{
	selection_free(&p->result);
}

static enum lang lang_of(const char *code)
{
	int l = lang_parse(code);
	return l < 0 ? LANG_NL : (enum lang)l;
}

int selection_confirm(struct store *s, struct arena *a, const struct selection_plan *p,
		      const struct actor *who, int64_t now)
{
	struct selection_outcome *o = arena_calloc(a, (size_t)(p->n ? p->n : 1), sizeof(*o));
	struct mail *mails = arena_calloc(a, (size_t)(p->n ? p->n : 1), sizeof(*mails));
	if (!o || !mails)
		return LWP_ENOMEM;
	int accepted = 0, waitlisted = 0, declined = 0;
	for (int i = 0; i < p->n; i++) {
		const struct verdict *v = &p->result.verdicts[i];
		const struct selection_row *r = &p->rows[i];
		o[i].application_id = r->c.application_id;
		o[i].status = v->chosen ? APP_ACCEPTED : v->why == WHY_NOT_EXCLUDED ? APP_DECLINED
			      : APP_WAITLISTED;
		o[i].rank = o[i].status == APP_WAITLISTED ? v->rank : 0;
		accepted += o[i].status == APP_ACCEPTED;
		waitlisted += o[i].status == APP_WAITLISTED;
		declined += o[i].status == APP_DECLINED;
		if (mail_selection_result(a, lang_of(r->lang), p->edition.title, r->name, r->email,
					  o[i].status, o[i].rank, &mails[i]))
			return LWP_ENOMEM;
		o[i].mail = &mails[i];
	}
	struct audit_entry au = {0};
	au.at = now;
	au.actor_id = who->id;
	au.actor = who->name;
	au.action = "selection.confirm";
	au.object = arena_printf(a, "edition:%s", p->edition.slug);
	au.detail = arena_printf(a, "%d accepted, %d waitlisted, %d declined; diversity %.2f%s",
				 accepted, waitlisted, declined, p->result.value,
				 p->result.proven ? " (proven optimal)" : "");
	au.ip = who->ip;
	return store_selection_confirm(s, p->edition.id, o, p->n, &au, now);
}

/* Offer the free place of edition e to the best next waitlisted applicant. */
static int offer_next(struct store *s, struct arena *a, const struct edition *e,
		      const char *base_url, int64_t now, int *made)
{
	struct selection_settings w;
	struct selection_row *rows;
	int n, rc;
	if ((rc = store_selection_settings_get(s, e->id, &w)) ||
	    (rc = store_selection_rows(s, a, e->id, &rows, &n)))
		return rc;
	struct candidate *c = arena_calloc(a, (size_t)(n ? n : 1), sizeof(*c));
	unsigned char *group = arena_calloc(a, (size_t)(n ? n : 1), 1);
	unsigned char *eligible = arena_calloc(a, (size_t)(n ? n : 1), 1);
	if (!c || !group || !eligible)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++) {
		c[i] = rows[i].c;
		group[i] = rows[i].status == APP_ACCEPTED;
		eligible[i] = rows[i].status == APP_WAITLISTED;
	}
	int next = selection_best_next(c, n, group, eligible, e->org_cap, &w);
	if (next < 0)
		return 0;
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
	if (!rc)
		rc = store_offer_create(s, e->id, rows[next].c.application_id, hash, now, expires, &m);
	if (!rc)
		(*made)++;
	return rc == LWP_ECLOSED ? 0 : rc; /* another process made the offer first */
}

int selection_offers(struct store *s, const char *base_url, int64_t now, int *made)
{
	struct arena *a = arena_new();
	struct edition *list;
	int n, expired, rc;
	*made = 0;
	if (!a)
		return LWP_ENOMEM;
	if ((rc = store_offers_expire(s, now, &expired)) ||
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
