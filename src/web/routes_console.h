/*
 * Routes of one capability (see routes.h). The lead console: editions, their applications,
 * the audit log.
 */
#ifndef LWP_WEB_ROUTES_CONSOLE_H
#define LWP_WEB_ROUTES_CONSOLE_H

#include "web/routes.h"

extern const struct route routes_console[];

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
void page_console_edition_audit(struct req *r);
void page_console_organisations(struct req *r);
void page_console_organisation_parent(struct req *r);

#endif
