/* See applications.h. */
#include "service/applications.h"
#include "store/store_write.h"
#include "core/utf8.h"
#include "mail/mail.h"

#include <string.h>

static enum lang lang_or(const char *code, enum lang fallback)
{
	int l = code ? lang_parse(code) : -1;
	return l < 0 ? fallback : (enum lang)l;
}

/* The body of svc_application_submit, inside its write transaction. */
static int submit_tx(struct store *s, void *ctx)
{
	struct submission *sub = ctx;
	struct arena *a = sub->arena;
	struct edition e;
	int accepted, same_org, rc;
	int64_t org_id;
	char *hash;
	struct mail m;
	if (sub->limit && (rc = store_rate_hit(s, sub->limit->bucket, sub->now, sub->limit->window,
					       sub->limit->limit, &sub->limit->retry_after)))
		return rc;
	if ((rc = store_edition_head(s, a, sub->slug, &e)) ||
	    (rc = edition_accepts_applications(&e, sub->now)))
		return rc;
	if ((rc = store_organisation_upsert(s, a, sub->in->organisation,
					    sub->in->organisation_kind, sub->now, &org_id)))
		return rc;
	/* A parent named for an organisation without one is kept when that
	 * parent is known; otherwise it is ignored (no error: the applicant
	 * cannot know which organisations are known). */
	if (sub->in->organisation_parent && *sub->in->organisation_parent &&
	    (rc = store_organisation_set_parent_if_none(s, a, sub->in->organisation,
							sub->in->organisation_parent)) &&
	    rc != LWP_ENOTFOUND)
		return rc;
	if ((rc = store_count_accepted(s, e.id, 0, &accepted)) ||
	    (rc = store_count_accepted(s, e.id, org_id, &same_org)))
		return rc;
	enum app_status status = application_initial_status(&e, accepted, same_org);
	if ((rc = store_token_hash(a, sub->token, &hash)))
		return rc;
	if ((rc = store_application_create(s, a, sub->in, e.id, org_id, status, hash, sub->now,
					   &sub->receipt.id)))
		return rc;
	sub->receipt.status = status;
	if (sub->no_mail)
		return 0;
	if ((rc = mail_application_confirmation(a, lang_or(sub->in->lang, sub->lang),
						sub->base_url, e.title, sub->in->name,
						sub->in->email, sub->token, &m)))
		return rc;
	return store_outbox_add(s, &m, sub->now);
}

int svc_application_submit(struct store *s, struct arena *a, struct submission *sub)
{
	memset(&sub->fe, 0, sizeof(sub->fe));
	application_normalise(sub->in, a);
	if (!sub->in->lang)
		sub->in->lang = (char *)lang_code(sub->lang);
	if (application_validate(sub->in, &sub->fe))
		return LWP_EINVAL;
	if (!(sub->token = store_token_new(a)))
		return LWP_ENOMEM;
	sub->arena = a;
	return store_write(s, submit_tx, sub);
}

struct import_batch {
	struct arena *a;
	const struct actor *who;
	struct submission *subs;
	int n;
	int dry_run;
};

#define IMPORT_DRY_RUN 1 /* a non-zero result that rolls back, not an error */

static int import_tx(struct store *s, void *ctx)
{
	struct import_batch *b = ctx;
	int bad = 0, rc;
	for (int i = 0; i < b->n; i++) {
		int exists = 0;
		char *key = b->subs[i].in->email ? email_key(b->a, b->subs[i].in->email) : NULL;
		if (b->subs[i].result || !key)
			continue;
		if ((rc = store_application_exists(s, b->subs[i].slug, key, &exists)))
			return rc;
		if (exists)
			b->subs[i].result = LWP_ECONFLICT;
	}
	for (int i = 0; i < b->n; i++)
		bad += b->subs[i].result != 0;
	if (bad)
		return LWP_EINVAL;
	for (int i = 0; i < b->n; i++) {
		b->subs[i].arena = b->a;
		if ((rc = submit_tx(s, &b->subs[i]))) {
			if (rc == LWP_ENOTFOUND || rc == LWP_ECLOSED || rc == LWP_EDEADLINE)
				return rc;
			b->subs[i].result = rc;
			return rc == LWP_ECONFLICT ? LWP_EINVAL : rc;
		}
	}
	if (b->dry_run)
		return IMPORT_DRY_RUN;
	return svc_audit(s, b->who, b->subs[0].now, "applications.import",
			 arena_printf(b->a, "edition:%s", b->subs[0].slug),
			 arena_printf(b->a, "%d applications", b->n));
}

int svc_application_import(struct store *s, struct arena *a, const struct actor *who,
			   struct submission *subs, int n, int dry_run)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct submission *sub = &subs[i];
		memset(&sub->fe, 0, sizeof(sub->fe));
		sub->result = 0;
		application_normalise(sub->in, a);
		if (!sub->in->lang)
			sub->in->lang = (char *)lang_code(sub->lang);
		if (application_validate(sub->in, &sub->fe))
			sub->result = LWP_EINVAL;
		else if (!(sub->token = store_token_new(a)))
			return LWP_ENOMEM;
		/* The same address twice in the batch: the second is refused. */
		char *key = sub->in->email ? email_key(a, sub->in->email) : NULL;
		for (int j = 0; key && !sub->result && j < i; j++) {
			char *other = subs[j].in->email ? email_key(a, subs[j].in->email) : NULL;
			if (other && strcmp(other, key) == 0)
				sub->result = LWP_ECONFLICT;
		}
		bad += sub->result != 0;
	}
	if (n == 0)
		return 0;
	struct import_batch b = {a, who, subs, n, dry_run};
	int rc = store_write(s, import_tx, &b);
	if (bad && rc == 0)
		rc = LWP_EINVAL;
	return rc == IMPORT_DRY_RUN ? 0 : rc;
}

struct withdrawal {
	struct arena *a;
	const char *token;
	int64_t now;
};

/* Under fcfs, give a freed place to the first on the waiting list. */
static int promote_first_waitlisted(struct store *s, const struct edition *e, int64_t now)
{
	int64_t id;
	int rc = store_application_first_waitlisted(s, e, &id);
	if (rc || id == 0)
		return rc;
	return store_application_set_status(s, id, APP_WAITLISTED, APP_ACCEPTED, "system",
					    EVENT_PLACE_FREED, now);
}

static int withdraw_tx(struct store *s, void *ctx)
{
	struct withdrawal *w = ctx;
	struct application app;
	struct edition e;
	int rc = store_application_by_token(s, w->a, w->token, &app, &e);
	if (rc)
		return rc;
	if (app.status == APP_WITHDRAWN || app.status == APP_DECLINED)
		return LWP_ECLOSED;
	struct mail m;
	if ((rc = store_application_set_status(s, app.id, app.status, APP_WITHDRAWN, "applicant",
					       NULL, w->now)) ||
	    (rc = mail_withdrawal(w->a, lang_or(app.lang, LANG_NL), e.title, app.name, app.email,
				  &m)) ||
	    (rc = store_outbox_add(s, &m, w->now)))
		return rc;
	if (app.status == APP_ACCEPTED && e.policy == POLICY_FCFS && e.status == EDITION_OPEN)
		rc = promote_first_waitlisted(s, &e, w->now);
	return rc;
}

int svc_application_withdraw(struct store *s, struct arena *a, const char *token, int64_t now)
{
	struct withdrawal w = {a, token, now};
	return store_write(s, withdraw_tx, &w);
}

struct status_change {
	struct arena *a;
	const struct actor *who;
	int64_t id;
	enum app_status to;
	const char *note;
	int64_t now;
};

/* Inside the transaction: may the lead accept this application now? */
static int check_caps(struct store *s, const struct edition *e, const struct application *app,
		      enum app_status to)
{
	int accepted = 0, same_org = 0, rc;
	int64_t org_id;
	if (to == APP_ACCEPTED && app->status != APP_ACCEPTED &&
	    ((rc = store_count_accepted(s, e->id, 0, &accepted)) ||
	     (rc = store_application_org_id(s, app->id, &org_id)) ||
	     (rc = store_count_accepted(s, e->id, org_id, &same_org))))
		return rc;
	return application_status_change_allowed(e, app->status, to, accepted, same_org);
}

static int status_tx(struct store *s, void *ctx)
{
	struct status_change *c = ctx;
	struct application app;
	struct edition e;
	struct mail m;
	int rc = store_application_get(s, c->a, c->id, &app, &e);
	if (rc || (rc = check_caps(s, &e, &app, c->to)))
		return rc;
	if ((rc = store_application_set_status(s, app.id, app.status, c->to, c->who->name,
					       c->note, c->now)) ||
	    (rc = mail_status_change(c->a, lang_or(app.lang, LANG_NL), e.title, app.name,
				     app.email, app_status_label(c->to), c->note, &m)) ||
	    (rc = store_outbox_add(s, &m, c->now)))
		return rc;
	return svc_audit(s, c->who, c->now, "application.status",
			 arena_printf(c->a, "application:%lld", (long long)app.id),
			 arena_printf(c->a, "%s -> %s", app_status_code(app.status),
				      app_status_code(c->to)));
}

int svc_application_set_status(struct store *s, struct arena *a, const struct actor *who,
			       int64_t id, enum app_status to, const char *note, int64_t now,
			       struct field_errors *fe)
{
	if (to >= APP_STATUS_COUNT)
		field_errors_add(fe, "status", N_("Choose one of the options."));
	if (note && *note && text_check(note, strlen(note), TEXT_MULTILINE))
		field_errors_add(fe, "note", N_("This text contains characters that are not allowed."));
	else if (note && utf8_length(note, strlen(note)) > STATUS_NOTE_MAX)
		field_errors_add(fe, "note", N_("This text is too long."));
	if (fe->n)
		return LWP_EINVAL;
	struct status_change c = {a, who, id, to, note && *note ? note : NULL, now};
	return store_write(s, status_tx, &c);
}

const char *svc_application_error(int rc)
{
	switch (rc) {
	case LWP_EINVAL:
		return N_("Some fields need your attention.");
	case LWP_ENOTFOUND:
		return N_("There is no published edition at this address.");
	case LWP_EDEADLINE:
		return N_("The deadline for applications has passed.");
	case LWP_ECLOSED:
		return N_("This edition does not take applications.");
	case LWP_ECONFLICT:
		return N_("An application with this e-mail address has already been received for this edition.");
	case LWP_ELIMIT:
		return N_("Too many attempts. Please wait a while and try again.");
	case LWP_ECAPACITY:
		return N_("No places are left: every place of this edition has been given already.");
	case LWP_EORGCAP:
		return N_("This organisation already has the maximum number of participants.");
	}
	return N_("The service is temporarily unavailable. Your application has not been saved; please try again.");
}
