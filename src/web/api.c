/* JSON error bodies and responses for the API (SPEC section 6). */
#include "web/api.h"
#include "service/applications.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void api_send(struct req *r, int status, json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(doc);
	buf_reset(&r->out);
	if (!text) {
		r->status = 500;
		r->content_type = "application/json";
		buf_puts(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":\"Internal error\"}}");
		return;
	}
	r->status = status;
	r->content_type = "application/json";
	buf_puts(&r->out, text);
	buf_putc(&r->out, '\n');
	free(text);
}

void api_error(struct req *r, int status, const char *code, const char *msgid,
	       const struct field_errors *fields)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", T(r, msgid));
	if (err && fields && fields->n) {
		json_t *f = json_object();
		for (int i = 0; f && i < fields->n; i++)
			json_object_set_new(f, fields->items[i].field,
					    json_string(T(r, fields->items[i].msg)));
		json_object_set_new(err, "fields", f);
	}
	api_send(r, status, err ? json_pack("{s:o}", "error", err) : NULL);
}

int api_require_json(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = ct ? strcspn(ct, ";") : 0;
	while (n > 0 && ct[n - 1] == ' ')
		n--;
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return 0;
	api_error(r, 415, "unsupported_media_type", N_("Send the body as application/json."), NULL);
	return -1;
}

void api_error_n(struct req *r, int status, const char *code, const char *msgid, long long n)
{
	const char *tmpl = T(r, msgid), *mark = strstr(tmpl, "{1}");
	char *msg = mark ? arena_printf(r->arena, "%.*s%lld%s", (int)(mark - tmpl), tmpl, n, mark + 3)
			 : NULL;
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg ? msg : tmpl);
	api_send(r, status, err ? json_pack("{s:o}", "error", err) : NULL);
}

void api_service_error(struct req *r, int rc, const struct field_errors *fields)
{
	int status = rc == LWP_EINVAL ? 422 : rc == LWP_ENOTFOUND ? 404
		     : rc == LWP_ELIMIT ? 429
		     : rc == LWP_ECONFLICT || rc == LWP_ECAPACITY || rc == LWP_EORGCAP ||
		       rc == LWP_ECLOSED || rc == LWP_EDEADLINE ? 409 : 503;
	const char *code = rc == LWP_EINVAL ? "validation" : status == 503 ? "unavailable"
			   : lwp_result_name(rc);
	const char *msg = status == 503 ? N_("The service is temporarily unavailable.")
			  : rc == LWP_ENOTFOUND ? N_("This page does not exist.")
			  : svc_application_error(rc);
	api_error(r, status, code, msg, rc == LWP_EINVAL ? fields : NULL);
}
