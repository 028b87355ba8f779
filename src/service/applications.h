/*
 * Applications as services: submitting one (form, API, CLI import and the
 * demo), withdrawing one by its private link, and a lead changing its
 * status. Each is one write transaction that decides with the counts read
 * inside it, so that accepted never exceeds capacity by any path.
 */
#ifndef LWP_SERVICE_APPLICATIONS_H
#define LWP_SERVICE_APPLICATIONS_H

#include "domain/rules.h"
#include "service/service.h"

struct submission {
	/* in */
	const char *slug;
	struct application_input *in; /* normalised in place */
	enum lang lang;               /* of the request, when in->lang is not set */
	const char *base_url;
	int64_t now;
	struct rate_check *limit;     /* counted in the same transaction; may be NULL */
	int no_mail;                  /* the demo: no confirmation mail */
	/* out */
	struct application_receipt receipt;
	char *token;                  /* of the private link, in the arena */
	struct field_errors fe;       /* when LWP_EINVAL */
	int result;                   /* svc_application_import: this row's result */
	struct arena *arena;          /* set by the service */
};

/* Validate and store an application with its confirmation mail. 0, or
 * LWP_EINVAL (sub->fe), LWP_ENOTFOUND, LWP_ECLOSED, LWP_EDEADLINE,
 * LWP_ECONFLICT (this address applied already), LWP_ELIMIT (limit->
 * retry_after) or a database error. */
LWP_MUST_USE int svc_application_submit(struct store *s, struct arena *a,
					struct submission *sub);

/* Import n applications for one edition (subs[i].slug all the same) in
 * one transaction: every row is validated as on the form and checked for
 * an address that applied already (in the edition or earlier in the
 * batch: LWP_ECONFLICT); when any row fails, nothing is stored, every
 * row's subs[i].result (and fe) tells why, and LWP_EINVAL is returned.
 * An error of the edition itself (LWP_ENOTFOUND, LWP_ECLOSED,
 * LWP_EDEADLINE) is returned as it is. With dry_run everything is checked
 * and rolled back. Audited once as applications.import. */
LWP_MUST_USE int svc_application_import(struct store *s, struct arena *a,
					const struct actor *who, struct submission *subs,
					int n, int dry_run);

/* Withdraw by private link. Under fcfs the first waitlisted applicant takes
 * the freed place in the same transaction. LWP_ENOTFOUND for an unknown
 * token, LWP_ECLOSED when it was withdrawn or declined already. */
LWP_MUST_USE int svc_application_withdraw(struct store *s, struct arena *a, const char *token,
					  int64_t now);

/* A lead sets the status of application id (with an optional note of at
 * most STATUS_NOTE_MAX characters), mailing the applicant. LWP_ECAPACITY
 * or LWP_EORGCAP when accepting would exceed a cap, LWP_EINVAL (fe) for a
 * bad status or note, LWP_ENOTFOUND, LWP_ECONFLICT when another change
 * came first. */
LWP_MUST_USE int svc_application_set_status(struct store *s, struct arena *a,
					    const struct actor *who, int64_t id,
					    enum app_status to, const char *note, int64_t now,
					    struct field_errors *fe);

/* The message for a failed submission or status change (English msgid). */
const char *svc_application_error(int rc);

#endif
