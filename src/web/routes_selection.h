/*
 * Routes of one capability (see routes.h). The selection: proposal, marks, weights and
 * confirmation, as pages and in the API.
 */
#ifndef LWP_WEB_ROUTES_SELECTION_H
#define LWP_WEB_ROUTES_SELECTION_H

#include "web/routes.h"

extern const struct route routes_selection[];

void page_selection(struct req *r);
void page_selection_mark(struct req *r);
void page_selection_settings(struct req *r);
void page_selection_confirm(struct req *r);
void api_console_selection(struct req *r);
void api_console_selection_confirm(struct req *r);

#endif
