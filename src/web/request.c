/* Helpers on struct req: headers, query, redirects, errors. */
#include "web/request.h"
#include "web/api.h"
#include "web/layout.h"
#include "web/query.h"

#include <sys/queue.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdlib.h>
#include <string.h>

const char *req_header(struct req *r, const char *name)
{
	return evhttp_find_header(r->headers_in, name);
}

void req_set_header(struct req *r, const char *name, const char *value)
{
	evhttp_add_header(r->headers_out, name, value);
}

const char *req_query(struct req *r, const char *name)
{
	return query_get(r->arena, r->query, name);
}

void req_redirect(struct req *r, int status, const char *location)
{
	r->status = status;
	req_set_header(r, "Location", location);
	buf_reset(&r->out);
}

void req_error(struct req *r, int status, const char *code, const char *msgid)
{
	r->status = status;
	buf_reset(&r->out);
	if (r->path && strncmp(r->path, "/api/", 5) == 0) {
		api_error(r, status, code, msgid, NULL);
		return;
	}
	layout_begin(r, T(r, msgid));
	html_raw(&r->out, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</h1>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/\">");
	html_text(&r->out, T(r, "Go to the home page"));
	html_raw(&r->out, "</a></p>\n");
	if (r->user) {
		html_raw(&r->out, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/account\">");
		html_text(&r->out, T(r, "Your account"));
		html_raw(&r->out, "</a></p>\n");
	}
	layout_end(r);
}
