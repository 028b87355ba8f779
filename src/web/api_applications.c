/* POST /api/v1/editions/{slug}/applications: apply with a JSON body that
 * has the fields of the application form. */
#include "web/api.h"
#include "web/auth.h"
#include "web/json_input.h"
#include "web/routes_api.h"
#include "web/submit.h"
#include "store/store.h"

#include <string.h>
#include <strings.h>

static void answer_failure(struct req *r, int rc, const struct field_errors *fe)
{
	int status = rc == LWP_EINVAL ? 422 : rc == LWP_ENOTFOUND ? 404
		   : rc == LWP_EDEADLINE || rc == LWP_ECLOSED ? 422
		   : rc == LWP_ECONFLICT ? 409 : 503;
	const char *code = rc == LWP_EINVAL ? "validation" : lwp_result_name(rc);
	api_error(r, status, code, submit_error_message(rc), rc == LWP_EINVAL ? fe : NULL);
}

void api_application_create(struct req *r)
{
	struct field_errors fe = {0};
	struct application_input in;
	memset(&in, 0, sizeof(in));
	if (api_require_json(r))
		return;
	switch (json_application_input(r->arena, r->body, r->body_len, &in, &fe)) {
	case JSON_INPUT_OK:
		break;
	case JSON_INPUT_BAD_JSON:
		api_error(r, 400, "bad_json", N_("The body is not a valid JSON object (UTF-8, no duplicate names)."), NULL);
		return;
	case JSON_INPUT_UNKNOWN_FIELD:
		api_error(r, 400, "unknown_field", N_("The body has fields this API does not know."), &fe);
		return;
	default:
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
		return;
	}
	struct application_receipt receipt;
	struct edition e;
	char *token;
	/* Only the edition's own fields (title, status): its counts are read
	 * in the write transaction. */
	int rc = store_edition_head(r->store, r->arena, r->params[0], &e);
	if (rc == 0 && !edition_is_published(&e))
		rc = LWP_ENOTFOUND;
	if (rc == 0)
		rc = submit_application(r, &e, &in, &receipt, &token, &fe);
	if (rc == LWP_ELIMIT) {
		auth_rate_refuse(r, r->retry_after);
		return;
	}
	if (rc) {
		answer_failure(r, rc, &fe);
		return;
	}
	json_t *out = json_pack("{s:I, s:s}", "id", (json_int_t)receipt.id,
				"status", app_status_code(receipt.status));
	if (out)
		json_object_set_new(out, "url", json_sprintf("%s/aanmelding/%s",
			r->cfg->base_url, token));
	r->personal = 1;
	api_send(r, 201, out);
}
