/*
 * The route table: every URL the server answers, its method, its handler
 * and the roles that may use it. The server refuses everything else.
 */
#ifndef LWP_WEB_ROUTES_H
#define LWP_WEB_ROUTES_H

#include "domain/account.h"
#include "web/request.h"

typedef void (*route_handler)(struct req *r);

/* What the dispatcher loads before the handler runs (cgit's want_repo):
 * the object named by the route's first parameter, into r->edition or
 * r->application (with its edition in r->edition). On a console route it
 * also checks that the user leads that edition; on a staff route
 * (ROLES_STAFF) that the user leads or coaches it. Missing: 404; not allowed:
 * 403 (404 for a draft, whose existence is not told); HTML or JSON as the
 * path asks. */
enum route_want {
	WANT_NOTHING,
	WANT_EDITION,     /* {slug} */
	WANT_APPLICATION, /* {id} */
};

struct route {
	int method;          /* EVHTTP_REQ_GET or EVHTTP_REQ_POST */
	const char *pattern; /* "/edities/{slug}": {x} matches one segment */
	route_handler handler;
	unsigned roles;      /* who may use it */
	const char *name;
	int cacheable;       /* public page for the micro-cache (pagecache.h) */
	enum route_want want;
};

/* The route tables of the capabilities (routes_*.c), ending with NULL: a
 * new capability adds its table here and its own routes_<name>.h. */
extern const struct route *const route_tables[];

/* Find the route for method and path and fill r->params. When the path
 * exists for other methods only (405 rather than 404), *allowed says which:
 * 1 GET (and HEAD), 2 POST, 3 both. */
const struct route *route_match(struct req *r, int method, const char *path,
				int *allowed);

/* Load what rt wants (see enum route_want), then run its handler; when
 * loading fails the error answer is written and the handler does not run. */
void route_run(struct req *r, const struct route *rt);


#endif
