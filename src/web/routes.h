/*
 * The route table: every URL the server answers, its method, its handler
 * and the roles that may use it. The server refuses everything else.
 */
#ifndef LWP_WEB_ROUTES_H
#define LWP_WEB_ROUTES_H

#include "web/request.h"

enum role {
	ROLE_PUBLIC = 1u << 0,
	ROLE_PARTICIPANT = 1u << 1,
	ROLE_MEMBER = 1u << 2,
	ROLE_COACH = 1u << 3,
	ROLE_LEAD = 1u << 4,
	ROLE_ADMIN = 1u << 5,
};

typedef void (*route_handler)(struct req *r);

struct route {
	int method;          /* EVHTTP_REQ_GET or EVHTTP_REQ_POST */
	const char *pattern; /* "/edities/{slug}": {x} matches one segment */
	route_handler handler;
	unsigned roles;      /* who may use it */
	const char *name;
};

extern const struct route routes[];

/* Find the route for method and path and fill r->params. *allowed gets 1
 * when the path exists for another method (405 rather than 404). */
const struct route *route_match(struct req *r, int method, const char *path,
				int *allowed);

/* Handlers, one file per page or resource. */
void page_home(struct req *r);
void page_invitation(struct req *r);
void page_apply_form(struct req *r);
void page_apply_submit(struct req *r);
void page_application(struct req *r);
void page_application_withdraw(struct req *r);
void page_privacy(struct req *r);
void api_editions_list(struct req *r);
void api_edition_get(struct req *r);
void api_application_create(struct req *r);
void api_openapi(struct req *r);
void static_file(struct req *r);
void health_check(struct req *r);
void metrics_page(struct req *r);

#endif
