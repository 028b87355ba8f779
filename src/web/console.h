/* Shared parts of the lead console pages (page_console*.c). */
#ifndef LWP_WEB_CONSOLE_H
#define LWP_WEB_CONSOLE_H

#include "domain/model.h"
#include "web/request.h"

/* Load the edition named by the route's {slug} and check that the user
 * leads it; answers 404/403/503 itself and returns nonzero then. */
int console_edition(struct req *r, const char *slug, struct edition *e);
/* Start a console page: frame, breadcrumbs (Console > ...), heading. */
void console_begin(struct req *r, const char *title, const struct edition *e);

#endif
