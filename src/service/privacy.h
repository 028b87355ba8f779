/*
 * Privacy rights as services (AVG art. 15, 17, 20 and 30): a person's
 * export, erasure (asked for, then carried out by a lead or after a grace
 * period), one-time download links confirmed by mail, and the retention
 * of an edition's applicants and participants. Every one is audited;
 * audit entries never name the person erased (a pseudonym does).
 */
#ifndef LWP_SERVICE_PRIVACY_H
#define LWP_SERVICE_PRIVACY_H

#include <jansson.h>

#include "service/service.h"
#include "store/store_privacy.h"

/* Minutes a download link mailed from the application page stays valid. */
#define PRIVACY_LINK_MINUTES 60
/* Days between asking for erasure and the background job carrying it out
 * (LWP_ERASURE_GRACE_DAYS). */
#define PRIVACY_GRACE_DAYS 30

/* Everything about the person with this address as one JSON document
 * (new reference in *out, caller decrefs): "subject", "generated_at" and
 * one array per link of the classification. Audited as person.export.
 * LWP_ENOTFOUND when nothing is known under the address. */
LWP_MUST_USE int svc_privacy_export(struct store *s, struct arena *a, const struct actor *who,
				    const char *email, int64_t now, json_t **out);

/* Erase everything about the person now (then compact the database
 * files); *pseudonym (arena) names them in the audit log afterwards. An
 * open request for them is marked done. LWP_ENOTFOUND when unknown. */
LWP_MUST_USE int svc_privacy_erase(struct store *s, struct arena *a, const struct actor *who,
				   const char *email, int64_t now, char **pseudonym);

/* The person asks for erasure (via "account" or "application"); carried
 * out by a lead or after grace_days. LWP_ECONFLICT when one is open. */
LWP_MUST_USE int svc_privacy_request_erasure(struct store *s, struct arena *a,
					     const struct actor *who, const char *email,
					     const char *via, int grace_days, int64_t now,
					     int64_t *id);
/* A lead or admin carries out request id. LWP_ENOTFOUND, LWP_ECLOSED when
 * done already. */
LWP_MUST_USE int svc_privacy_carry_out(struct store *s, struct arena *a, const struct actor *who,
				       int64_t id, int64_t now, char **pseudonym);
/* The background job: carry out the requests whose grace period has
 * passed, and apply every edition's retention; *done counts the people
 * erased or anonymised. */
LWP_MUST_USE int svc_privacy_background(struct store *s, int64_t now, int *done);

/* From the application's private page: mail the applicant a one-time
 * download link. LWP_ENOTFOUND for an unknown token. */
LWP_MUST_USE int svc_privacy_download_link(struct store *s, struct arena *a,
					   const char *app_token, const char *base_url,
					   int64_t now);
/* Use a download link once: the export of its address (*out as in
 * svc_privacy_export). LWP_ENOTFOUND when unknown, used or expired. */
LWP_MUST_USE int svc_privacy_download(struct store *s, struct arena *a, const char *link_token,
				      const char *ip, int64_t now, json_t **out);

/* What retention did (or would do, with dry_run) to an edition. */
struct retention_report {
	int applicants;   /* applications not accepted, anonymised */
	int participants; /* participants' applications, anonymised */
	int tax;          /* applications whose billing details went after 7 years */
	int people;       /* people with nothing left, anonymised */
	int64_t applicants_due;   /* instants the periods end */
	int64_t participants_due;
};
/* Apply the edition's retention periods at now. LWP_ENOTFOUND. */
LWP_MUST_USE int svc_edition_anonymise(struct store *s, struct arena *a, const struct actor *who,
				       const char *slug, int64_t now, int dry_run,
				       struct retention_report *out);
/* Set the edition's retention periods (days after its end, 0 to 36500,
 * participants at least as long as applicants): LWP_EINVAL otherwise. */
LWP_MUST_USE int svc_edition_retention_set(struct store *s, struct arena *a,
					   const struct actor *who, const char *slug,
					   const struct edition_retention *r, int64_t now);

/* The processing register (AVG art. 30) as JSON (new reference in *out):
 * generated from the classification and the settings (privacy_register.c). */
struct buf;
LWP_MUST_USE int svc_privacy_register(struct store *s, struct arena *a, int grace_days,
				      json_t **out);
/* The same register as Markdown. */
LWP_MUST_USE int svc_privacy_register_markdown(json_t *reg, struct buf *b);

/* The message for a failed privacy service (English msgid). */
const char *svc_privacy_error(int rc);

#endif
