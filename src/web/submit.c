/* See submit.h. */
#include "web/submit.h"
#include "web/metrics.h"
#include "core/tz.h"
#include "service/applications.h"
#include "web/auth.h"

#include <string.h>

int submit_application(struct req *r, const struct edition *e, struct application_input *in,
		       struct application_receipt *receipt, char **token,
		       struct field_errors *fe)
{
	struct rate_check limit;
	struct submission sub;
	memset(&sub, 0, sizeof(sub));
	sub.slug = e->slug;
	sub.in = in;
	sub.lang = r->lang;
	sub.base_url = r->cfg->base_url;
	sub.now = tz_now();
	/* The limit per address is counted in the application's own
	 * transaction: one commit per application. */
	sub.limit = auth_rate_check(r, "apply", r->ip, &limit) == 0 ? &limit : NULL;
	int rc = svc_application_submit(r->store, r->arena, &sub);
	*fe = sub.fe;
	*receipt = sub.receipt;
	*token = sub.token;
	if (rc == LWP_ELIMIT)
		r->retry_after = limit.retry_after;
	if (rc == 0)
		metrics_count_application(receipt->status);
	return rc;
}

const char *submit_error_message(int rc)
{
	return svc_application_error(rc);
}
