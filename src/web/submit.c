/* See submit.h. */
#include "web/submit.h"
#include "web/metrics.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "web/auth.h"

int submit_application(struct req *r, const struct edition *e, struct application_input *in,
		       struct application_receipt *receipt, char **token,
		       struct field_errors *fe)
{
	struct mail confirmation;
	application_normalise(in);
	if (!in->lang)
		in->lang = (char *)lang_code(r->lang);
	if (application_validate(in, fe))
		return LWP_EINVAL;
	*token = store_token_new(r->arena);
	if (!*token)
		return LWP_ENOMEM;
	int lang = lang_parse(in->lang);
	int rc = mail_application_confirmation(r->arena, lang < 0 ? r->lang : (enum lang)lang,
					       r->cfg->base_url, e->title, in->name, in->email,
					       *token, &confirmation);
	if (rc)
		return rc;
	/* The limit per address is counted in the application's own
	 * transaction: one commit per application. */
	struct rate_check limit;
	int limited = auth_rate_check(r, "apply", r->ip, &limit) == 0;
	rc = store_application_submit(r->store, r->arena, e->slug, in, tz_now(), *token,
				      &confirmation, limited ? &limit : NULL, receipt);
	if (rc == LWP_ELIMIT)
		r->retry_after = limit.retry_after;
	if (rc == 0)
		metrics_count_application(receipt->status);
	return rc;
}

const char *submit_error_message(int rc)
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
	}
	return N_("The service is temporarily unavailable. Your application has not been saved; please try again.");
}
