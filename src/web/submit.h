/* Submitting an application, shared by the form page and the JSON API:
 * normalise, validate, store, count. */
#ifndef LWP_WEB_SUBMIT_H
#define LWP_WEB_SUBMIT_H

#include "domain/rules.h"
#include "store/store.h"
#include "web/request.h"

/* 0 with *receipt filled, LWP_EINVAL with fe filled, or the store's code
 * (LWP_ENOTFOUND, LWP_ECLOSED, LWP_EDEADLINE, LWP_ECONFLICT, ...). */
int submit_application(struct req *r, const char *slug, struct application_input *in,
		       struct application_receipt *receipt, struct field_errors *fe);

/* The message for a failed submission (English msgid). */
const char *submit_error_message(int rc);

#endif
