/* GET /static/{file} and /api/v1/openapi.json: embedded files with ETags
 * and conditional requests; /healthz and /metrics. */
#include "web/embedded.h"
#include "web/etag.h"
#include "web/metrics.h"
#include "web/routes_api.h"
#include "web/routes_infra.h"
#include "store/store.h"

#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const struct embedded_file *embedded_find(const char *name)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (dot && strcmp(dot, ".json") == 0)
		return "application/json";
	if (dot && strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (dot && strcmp(dot, ".woff2") == 0)
		return "font/woff2";
	return "application/octet-stream";
}

static void send_embedded(struct req *r, const struct embedded_file *f, const char *cache)
{
	req_set_header(r, "ETag", f->etag);
	req_set_header(r, "Cache-Control", cache);
	r->content_type = content_type_of(f->name);
	if (etag_match(req_header(r, "If-None-Match"), f->etag)) {
		r->status = 304;
		return;
	}
	buf_append(&r->out, f->data, f->size);
}

void static_file(struct req *r)
{
	char name[128];
	int n = snprintf(name, sizeof(name), "static/%s", r->params[0]);
	const struct embedded_file *f = n > 0 && (size_t)n < sizeof(name)
		? embedded_find(name) : NULL;
	if (!f) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	send_embedded(r, f, "public, max-age=86400");
}

void api_openapi(struct req *r)
{
	const struct embedded_file *f = embedded_find("docs/openapi.json");
	if (!f) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	send_embedded(r, f, "no-cache");
}

void health_check(struct req *r)
{
	int version;
	r->content_type = "application/json";
	if (store_schema_version(r->store, &version)) {
		r->status = 503;
		buf_puts(&r->out, "{\"status\":\"unavailable\"}\n");
		return;
	}
	buf_printf(&r->out, "{\"status\":\"ok\",\"schema\":%d}\n", version);
}

static int is_loopback(const char *ip)
{
	return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
		      strncmp(ip, "::ffff:127.", 11) == 0);
}

/* Who may read /metrics (it shows counts of applications): with
 * LWP_METRICS_TOKEN set, a request with "Authorization: Bearer TOKEN"
 * (compared in constant time); without, only a client on this machine. */
static int metrics_allowed(struct req *r)
{
	const char *token = getenv("LWP_METRICS_TOKEN");
	if (!token || !*token)
		return is_loopback(r->ip);
	const char *auth = req_header(r, "Authorization");
	if (!auth || strncmp(auth, "Bearer ", 7) != 0)
		return 0;
	unsigned char want[32], got[32];
	crypto_generichash(want, sizeof(want), (const unsigned char *)token, strlen(token), NULL, 0);
	crypto_generichash(got, sizeof(got), (const unsigned char *)auth + 7, strlen(auth + 7),
			   NULL, 0);
	return sodium_memcmp(want, got, sizeof(want)) == 0;
}

void metrics_page(struct req *r)
{
	int64_t pending, failing;
	if (!metrics_allowed(r)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_write(&r->out);
	if (store_outbox_counts(r->store, &pending, &failing) == 0)
		buf_printf(&r->out,
			   "# HELP lwp_outbox_pending Messages in the outbox not sent yet.\n"
			   "# TYPE lwp_outbox_pending gauge\n"
			   "lwp_outbox_pending %lld\n"
			   "# HELP lwp_outbox_failing Unsent messages whose delivery failed at least once.\n"
			   "# TYPE lwp_outbox_failing gauge\n"
			   "lwp_outbox_failing %lld\n",
			   (long long)pending, (long long)failing);
}
