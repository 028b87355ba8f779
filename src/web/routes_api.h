/*
 * Routes of one capability (see routes.h). The JSON API: published editions, applying, the
 * OpenAPI document, the session, and the console's reads and writes.
 */
#ifndef LWP_WEB_ROUTES_API_H
#define LWP_WEB_ROUTES_API_H

#include "web/routes.h"

extern const struct route routes_api[];

void api_editions_list(struct req *r);
void api_edition_get(struct req *r);
void api_application_create(struct req *r);
void api_openapi(struct req *r);
void api_session(struct req *r);
void api_console_applications(struct req *r);
void api_console_edition_update(struct req *r);
void api_console_edition_status(struct req *r);
void api_console_application_status(struct req *r);

#endif
