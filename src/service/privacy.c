/* See privacy.h. */
#include "service/privacy.h"
#include "store/store_write.h"
#include "core/log.h"
#include "core/tz.h"
#include "domain/rules.h"
#include "mail/mail.h"

#include <sodium.h>
#include <string.h>

#define DAY 86400

/* "erased-" and 16 hex digits: unguessable, so that nobody can tell from
 * the audit log which erased entries belong together across databases. */
static char *new_pseudonym(struct arena *a)
{
	unsigned char raw[8];
	char hex[17];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	return arena_printf(a, "erased-%s", hex);
}

/* ---- export */

struct export_ctx {
	struct arena *a;
	const struct actor *who;
	const char *email;
	const char *action;
	int64_t now;
	json_t *doc;
};

static int export_tx(struct store *s, void *ctx)
{
	struct export_ctx *c = ctx;
	struct privacy_subject subject;
	char when[40];
	int rc;
	json_decref(c->doc); /* a retried transaction starts again */
	c->doc = NULL;
	if ((rc = store_privacy_subject(s, c->a, c->email, &subject)))
		return rc;
	tz_format_iso(c->now, when, sizeof(when));
	c->doc = json_pack("{s:s, s:s}", "subject", subject.email_key, "generated_at", when);
	if (!c->doc)
		return LWP_ENOMEM;
	if ((rc = store_privacy_export(s, &subject, c->doc)))
		return rc;
	/* The object names no address: the person's id or account suffices. */
	const char *object = subject.person_id
		? arena_printf(c->a, "person:%lld", (long long)subject.person_id)
		: subject.user_object;
	return svc_audit(s, c->who, c->now, c->action, object, NULL);
}

static int export_as(struct store *s, struct arena *a, const struct actor *who,
		     const char *email, const char *action, int64_t now, json_t **out)
{
	struct export_ctx c = {a, who, email, action, now, NULL};
	int rc = store_write(s, export_tx, &c);
	if (rc) {
		json_decref(c.doc);
		return rc;
	}
	*out = c.doc;
	return 0;
}

int svc_privacy_export(struct store *s, struct arena *a, const struct actor *who,
		       const char *email, int64_t now, json_t **out)
{
	return export_as(s, a, who, email, "person.export", now, out);
}

/* ---- erasure */

struct erase_ctx {
	struct arena *a;
	const struct actor *who;
	const char *email;     /* or NULL with request */
	int64_t request;       /* 0 for none */
	int64_t now;
	char *pseudonym;
};

static int erase_tx(struct store *s, void *ctx)
{
	struct erase_ctx *c = ctx;
	struct privacy_subject subject;
	int rc;
	const char *email = c->email;
	if (c->request) {
		struct privacy_request req;
		if ((rc = store_privacy_request_get(s, c->a, c->request, &req)))
			return rc;
		if (req.done_at)
			return LWP_ECLOSED;
		email = req.email_key;
	}
	rc = store_privacy_subject(s, c->a, email, &subject);
	if (rc == LWP_ENOTFOUND && c->request) {
		/* Nothing left under the address (erased otherwise, or never
		 * more than the request): the request itself and anything keyed
		 * by the address still go. */
		memset(&subject, 0, sizeof(subject));
		subject.email_key = (char *)email;
		subject.user_object = (char *)"";
		rc = 0;
	}
	if (rc)
		return rc;
	/* The open request (or, for a direct erasure, a new one: the proof
	 * that it was done), found before the erasure anonymises its key. */
	int64_t open = 0;
	rc = store_privacy_request_add(s, subject.email_key, "direct", c->now, c->now, &open);
	if (rc && rc != LWP_ECONFLICT)
		return rc;
	if ((rc = store_privacy_erase(s, &subject, c->pseudonym, PRIVACY_ERASE, c->now)) ||
	    (rc = store_privacy_request_done(s, open, c->who->id, c->pseudonym, c->now)))
		return rc;
	return svc_audit(s, c->who, c->now, "person.erase", c->pseudonym,
			 c->request ? "request carried out" : "erased directly");
}

static int erase_run(struct store *s, struct erase_ctx *c)
{
	int rc;
	if (!(c->pseudonym = new_pseudonym(c->a)))
		return LWP_ENOMEM;
	if ((rc = store_privacy_secure_delete(s)) || (rc = store_write(s, erase_tx, c)))
		return rc;
	if (store_privacy_compact(s))
		log_warn("privacy: the database could not be compacted after an erasure");
	return 0;
}

int svc_privacy_erase(struct store *s, struct arena *a, const struct actor *who,
		      const char *email, int64_t now, char **pseudonym)
{
	struct erase_ctx c = {a, who, email, 0, now, NULL};
	int rc = erase_run(s, &c);
	if (!rc && pseudonym)
		*pseudonym = c.pseudonym;
	return rc;
}

int svc_privacy_carry_out(struct store *s, struct arena *a, const struct actor *who, int64_t id,
			  int64_t now, char **pseudonym)
{
	struct erase_ctx c = {a, who, NULL, id, now, NULL};
	int rc = erase_run(s, &c);
	if (!rc && pseudonym)
		*pseudonym = c.pseudonym;
	return rc;
}

struct request_ctx {
	struct arena *a;
	const struct actor *who;
	const char *email;
	const char *via;
	int grace_days;
	int64_t now;
	int64_t id;
};

static int request_tx(struct store *s, void *ctx)
{
	struct request_ctx *c = ctx;
	struct privacy_subject subject;
	int rc = store_privacy_subject(s, c->a, c->email, &subject);
	if (rc || (rc = store_privacy_request_add(s, subject.email_key, c->via, c->now,
						  c->now + (int64_t)c->grace_days * DAY, &c->id)))
		return rc;
	return svc_audit(s, c->who, c->now, "person.erasure_requested",
			 arena_printf(c->a, "privacy_request:%lld", (long long)c->id), c->via);
}

int svc_privacy_request_erasure(struct store *s, struct arena *a, const struct actor *who,
				const char *email, const char *via, int grace_days, int64_t now,
				int64_t *id)
{
	struct request_ctx c = {a, who, email, via, grace_days < 0 ? 0 : grace_days, now, 0};
	int rc = store_write(s, request_tx, &c);
	if (id)
		*id = c.id;
	return rc;
}

/* ---- download links */

struct link_ctx {
	struct arena *a;
	const char *app_token;
	const char *base_url;
	int64_t now;
};

static int link_tx(struct store *s, void *ctx)
{
	struct link_ctx *c = ctx;
	struct application app;
	struct edition e;
	struct mail m;
	char *token = store_token_new(c->a), *hash, *key;
	int rc = store_application_by_token(s, c->a, c->app_token, &app, &e);
	if (rc)
		return rc;
	if (!token || !(key = email_key(c->a, app.email)))
		return LWP_ENOMEM;
	int l = lang_parse(app.lang ? app.lang : "nl");
	if ((rc = store_token_hash(c->a, token, &hash)) ||
	    (rc = store_privacy_link_add(s, hash, key, c->now,
					 c->now + PRIVACY_LINK_MINUTES * 60)) ||
	    (rc = mail_privacy_download(c->a, l < 0 ? LANG_NL : (enum lang)l, c->base_url,
					app.name, app.email, token, PRIVACY_LINK_MINUTES, &m)) ||
	    (rc = store_outbox_add(s, &m, c->now)))
		return rc;
	struct actor applicant = {0, "applicant", ""};
	return svc_audit(s, &applicant, c->now, "person.download_link",
			 arena_printf(c->a, "application:%lld", (long long)app.id), NULL);
}

int svc_privacy_download_link(struct store *s, struct arena *a, const char *app_token,
			      const char *base_url, int64_t now)
{
	struct link_ctx c = {a, app_token, base_url, now};
	return store_write(s, link_tx, &c);
}

struct use_ctx {
	struct arena *a;
	const char *hash;
	int64_t now;
	char *email_key;
};

static int use_tx(struct store *s, void *ctx)
{
	struct use_ctx *c = ctx;
	return store_privacy_link_use(s, c->a, c->hash, c->now, &c->email_key);
}

int svc_privacy_download(struct store *s, struct arena *a, const char *link_token,
			 const char *ip, int64_t now, json_t **out)
{
	struct use_ctx c = {a, NULL, now, NULL};
	int rc = store_token_hash(a, link_token, (char **)&c.hash);
	if (rc || (rc = store_write(s, use_tx, &c)))
		return rc;
	struct actor self = {0, "applicant", ip ? ip : ""};
	return export_as(s, a, &self, c.email_key, "person.export", now, out);
}

/* ---- retention */

/* The end of an edition: the end of its last day, or its deadline when it
 * has no end date. */
static int64_t edition_end(const struct edition *e)
{
	int y, m, d;
	int64_t t;
	if (e->ends_on && tz_parse_date(e->ends_on, &y, &m, &d) == 0 &&
	    tz_local_to_utc(y, m, d, 23, 59, &t) == 0)
		return t;
	return e->deadline;
}

struct anonymise_ctx {
	struct arena *a;
	const struct actor *who;
	const char *slug;
	int64_t now;
	int dry_run;
	struct retention_report *out;
	char *pseudonym;
};

/* The people of the edition touched by this run whose every application
 * is anonymised now go too; a participant's (accepted[i]) keeps what the
 * network they consented to needs. */
static int anonymise_people(struct store *s, struct anonymise_ctx *c, const int64_t *people,
			    const unsigned char *accepted, int n)
{
	for (int i = 0; i < n; i++) {
		int done = 0, rc;
		struct privacy_subject subject;
		if ((rc = store_person_all_anonymised(s, people[i], &done)))
			return rc;
		if (!done)
			continue;
		if ((rc = store_privacy_subject_of_person(s, c->a, people[i], &subject)) ||
		    (rc = store_privacy_erase(s, &subject, c->pseudonym,
					      accepted[i] ? PRIVACY_PARTICIPANT : PRIVACY_APPLICANT,
					      c->now)))
			return rc;
		c->out->people++;
	}
	return 0;
}

static int anonymise_tx(struct store *s, void *ctx)
{
	struct anonymise_ctx *c = ctx;
	struct edition e;
	struct edition_retention r;
	struct retention_row *rows;
	int n, rc, touched = 0;
	memset(c->out, 0, sizeof(*c->out));
	if ((rc = store_edition_head(s, c->a, c->slug, &e)) ||
	    (rc = store_edition_retention(s, e.id, &r)) ||
	    (rc = store_retention_rows(s, c->a, e.id, &rows, &n)))
		return rc;
	int64_t end = edition_end(&e);
	c->out->applicants_due = end + (int64_t)r.applicant_days * DAY;
	c->out->participants_due = end + (int64_t)r.participant_days * DAY;
	int applicants = c->now >= c->out->applicants_due;
	int participants = c->now >= c->out->participants_due;
	int tax = c->now >= end + (int64_t)RETENTION_TAX_DAYS * DAY;
	int64_t *people = arena_calloc(c->a, (size_t)n + 1, sizeof(*people));
	unsigned char *was_accepted = arena_calloc(c->a, (size_t)n + 1, 1);
	if (!people || !was_accepted)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++) {
		int accepted = rows[i].status == APP_ACCEPTED;
		enum privacy_mode mode;
		if (rows[i].anonymised_at) {
			if (!(accepted && tax))
				continue;
			mode = PRIVACY_TAX;
			c->out->tax++;
		} else if (!accepted && applicants) {
			mode = PRIVACY_APPLICANT;
			c->out->applicants++;
		} else if (accepted && participants) {
			mode = PRIVACY_PARTICIPANT;
			c->out->participants++;
		} else {
			continue;
		}
		if (c->dry_run)
			continue;
		if ((rc = store_privacy_erase_application(s, rows[i].id, c->pseudonym, mode, c->now)))
			return rc;
		if (mode != PRIVACY_TAX) {
			was_accepted[touched] = (unsigned char)accepted;
			people[touched++] = rows[i].person_id;
		}
	}
	if (!c->dry_run && (rc = anonymise_people(s, c, people, was_accepted, touched)))
		return rc;
	if (c->dry_run)
		return 0;
	char *detail = arena_printf(c->a, "applicants %d, participants %d, billing %d, people %d",
				    c->out->applicants, c->out->participants, c->out->tax,
				    c->out->people);
	if (c->out->applicants + c->out->participants + c->out->tax == 0)
		return 0;
	return svc_audit(s, c->who, c->now, "edition.anonymise",
			 arena_printf(c->a, "edition:%s", e.slug), detail);
}

int svc_edition_anonymise(struct store *s, struct arena *a, const struct actor *who,
			  const char *slug, int64_t now, int dry_run, struct retention_report *out)
{
	memset(out, 0, sizeof(*out));
	struct anonymise_ctx c = {a, who, slug, now, dry_run, out, new_pseudonym(a)};
	int rc;
	if (!c.pseudonym)
		return LWP_ENOMEM;
	if (!dry_run && (rc = store_privacy_secure_delete(s)))
		return rc;
	if ((rc = store_write(s, anonymise_tx, &c)))
		return rc;
	if (!dry_run && out->applicants + out->participants + out->tax > 0 &&
	    store_privacy_compact(s))
		log_warn("privacy: the database could not be compacted after anonymising");
	return 0;
}

struct retention_set_ctx {
	struct arena *a;
	const struct actor *who;
	const char *slug;
	const struct edition_retention *r;
	int64_t now;
};

static int retention_set_tx(struct store *s, void *ctx)
{
	struct retention_set_ctx *c = ctx;
	struct edition e;
	int rc = store_edition_head(s, c->a, c->slug, &e);
	if (rc || (rc = store_edition_retention_set(s, e.id, c->r)))
		return rc;
	return svc_audit(s, c->who, c->now, "edition.retention",
			 arena_printf(c->a, "edition:%s", e.slug),
			 arena_printf(c->a, "applicants %d days, participants %d days",
				      c->r->applicant_days, c->r->participant_days));
}

int svc_edition_retention_set(struct store *s, struct arena *a, const struct actor *who,
			      const char *slug, const struct edition_retention *r, int64_t now)
{
	if (r->applicant_days < 0 || r->applicant_days > 36500 || r->participant_days < 0 ||
	    r->participant_days > 36500 || r->participant_days < r->applicant_days)
		return LWP_EINVAL;
	struct retention_set_ctx c = {a, who, slug, r, now};
	return store_write(s, retention_set_tx, &c);
}

/* ---- background */

int svc_privacy_background(struct store *s, int64_t now, int *done)
{
	struct arena *a = arena_new();
	struct privacy_request *due;
	struct edition *eds;
	int n = 0, neds = 0, rc;
	const struct actor system = ACTOR_SYSTEM;
	*done = 0;
	if (!a)
		return LWP_ENOMEM;
	rc = store_privacy_requests_due(s, a, now, 20, &due, &n);
	for (int i = 0; !rc && i < n; i++) {
		rc = svc_privacy_carry_out(s, a, &system, due[i].id, now, NULL);
		if (rc == LWP_ENOTFOUND || rc == LWP_ECLOSED)
			rc = 0; /* nothing left to erase: erased by other means */
		else if (!rc)
			(*done)++;
	}
	if (!rc)
		rc = store_edition_list(s, a, 0, &eds, &neds);
	for (int i = 0; !rc && i < neds; i++) {
		struct retention_report r;
		if (!(rc = svc_edition_anonymise(s, a, &system, eds[i].slug, now, 0, &r)))
			*done += r.people;
	}
	arena_free(a);
	return rc;
}

const char *svc_privacy_error(int rc)
{
	switch (rc) {
	case LWP_ENOTFOUND: return N_("Nothing is known under that address.");
	case LWP_ECONFLICT: return N_("Erasure was asked for already; it will be carried out.");
	case LWP_ECLOSED: return N_("This request was carried out already.");
	case LWP_EINVAL: return N_("The retention periods must be 0 to 36500 days, participants at least as long as applicants.");
	default: return N_("Something went wrong. Please try again later.");
	}
}
