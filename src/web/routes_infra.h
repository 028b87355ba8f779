/*
 * Routes of one capability (see routes.h). Static files, health and metrics.
 */
#ifndef LWP_WEB_ROUTES_INFRA_H
#define LWP_WEB_ROUTES_INFRA_H

#include "web/routes.h"

extern const struct route routes_infra[];

void static_file(struct req *r);
void health_check(struct req *r);
void metrics_page(struct req *r);

#endif
