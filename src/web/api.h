/* Helpers of the JSON API: error bodies and sending documents. */
#ifndef LWP_WEB_API_H
#define LWP_WEB_API_H

#include <jansson.h>

#include "domain/rules.h"
#include "web/request.h"

/* {"error": {"code": code, "message": msg, "fields": {...}}}; fields may
 * be NULL. Messages are translated to the request's language. */
void api_error(struct req *r, int status, const char *code, const char *msgid,
	       const struct field_errors *fields);
/* An error whose message has a number for {1}. */
void api_error_n(struct req *r, int status, const char *code, const char *msgid, long long n);
/* The answer for a service's result code: 422 (with fields), 404, 409 for
 * a rule (capacity, org_cap, closed, deadline_passed, conflict), 429 or
 * 503. */
void api_service_error(struct req *r, int rc, const struct field_errors *fields);
/* 0 when the request body is declared application/json; otherwise answers
 * 415 and returns nonzero. */
int api_require_json(struct req *r);
/* Serialise doc (stolen) as the response body. */
void api_send(struct req *r, int status, json_t *doc);

#endif
