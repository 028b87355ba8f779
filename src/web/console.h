/* Shared parts of the lead console pages (page_console*.c). */
#ifndef LWP_WEB_CONSOLE_H
#define LWP_WEB_CONSOLE_H

#include "domain/model.h"
#include "web/request.h"

/* After loading a console object (rc of the store): 0 when it exists and
 * the user leads its edition; otherwise answers 404, 503 or 403 (audited
 * as a refusal for object) and returns nonzero. */
int console_allowed(struct req *r, int rc, int64_t edition_id, const char *object);
/* Load the edition named by the route's {slug} and check that the user
 * leads it; answers 404/403/503 itself and returns nonzero then. */
int console_edition(struct req *r, const char *slug, struct edition *e);
/* Start a console page: frame, breadcrumbs (Console > ...), heading. */
void console_begin(struct req *r, const char *title, const struct edition *e);

#endif
