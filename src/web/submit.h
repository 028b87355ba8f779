/* Submitting an application from the form page or the JSON API: the
 * request's language, address (rate limit) and base URL handed to the
 * service (service/applications.h), and the metrics counted. */
#ifndef LWP_WEB_SUBMIT_H
#define LWP_WEB_SUBMIT_H

#include "domain/rules.h"
#include "store/store.h"
#include "web/request.h"

/* Apply to edition e (as loaded by the caller). 0 with *receipt and *token
 * (the private link's token) filled, LWP_EINVAL with fe filled, or the
 * store's code (LWP_ENOTFOUND, LWP_ECLOSED, LWP_EDEADLINE, LWP_ECONFLICT,
 * ...). The confirmation mail is queued in the same transaction. */
int submit_application(struct req *r, const struct edition *e, struct application_input *in,
		       struct application_receipt *receipt, char **token,
		       struct field_errors *fe);

/* The message for a failed submission (English msgid). */
const char *submit_error_message(int rc);

#endif
