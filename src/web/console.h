/* Shared parts of the lead console pages (page_console*.c). */
#ifndef LWP_WEB_CONSOLE_H
#define LWP_WEB_CONSOLE_H

#include "domain/model.h"
#include "web/request.h"

/* Start a console page: frame, breadcrumbs (Console > ...), heading. */
void console_begin(struct req *r, const char *title, const struct edition *e);

#endif
