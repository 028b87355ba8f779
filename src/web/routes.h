/*
 * The route table: every URL the server answers, its method, its handler
 * and the roles that may use it. The server refuses everything else.
 */
#ifndef LWP_WEB_ROUTES_H
#define LWP_WEB_ROUTES_H

#include "domain/account.h"
#include "web/request.h"

typedef void (*route_handler)(struct req *r);

struct route {
	int method;          /* EVHTTP_REQ_GET or EVHTTP_REQ_POST */
	const char *pattern; /* "/edities/{slug}": {x} matches one segment */
	route_handler handler;
	unsigned roles;      /* who may use it */
	const char *name;
	int cacheable;       /* public page for the micro-cache (pagecache.h) */
};

extern const struct route routes[];

/* Find the route for method and path and fill r->params. When the path
 * exists for other methods only (405 rather than 404), *allowed says which:
 * 1 GET (and HEAD), 2 POST, 3 both. */
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
void page_login(struct req *r);
void page_login_link_request(struct req *r);
void page_login_link(struct req *r);
void page_login_link_use(struct req *r);
void page_login_password(struct req *r);
void page_login_code(struct req *r);
void page_login_code_submit(struct req *r);
void page_logout(struct req *r);
void page_account(struct req *r);
void page_account_password(struct req *r);
void page_account_password_submit(struct req *r);
void page_account_totp(struct req *r);
void page_account_totp_submit(struct req *r);
void page_console(struct req *r);
void page_console_edition_new(struct req *r);
void page_console_edition_create(struct req *r);
void page_console_edition(struct req *r);
void page_console_edition_update(struct req *r);
void page_console_edition_status(struct req *r);
void page_console_applications(struct req *r);
void page_console_applications_csv(struct req *r);
void page_console_application(struct req *r);
void page_console_application_status(struct req *r);
void page_console_audit(struct req *r);
void page_selection(struct req *r);
void page_selection_mark(struct req *r);
void page_selection_settings(struct req *r);
void page_selection_confirm(struct req *r);
void page_offer(struct req *r);
void page_offer_answer(struct req *r);
void page_accessibility(struct req *r);
void api_editions_list(struct req *r);
void api_edition_get(struct req *r);
void api_application_create(struct req *r);
void api_openapi(struct req *r);
void api_session(struct req *r);
void api_console_applications(struct req *r);
void api_console_application_status(struct req *r);
void api_console_edition_status(struct req *r);
void api_console_selection(struct req *r);
void api_console_selection_confirm(struct req *r);
void static_file(struct req *r);
void health_check(struct req *r);
void metrics_page(struct req *r);

#endif
