/* Pieces that several pages show. */
#ifndef LWP_WEB_PAGES_H
#define LWP_WEB_PAGES_H

#include "domain/rules.h"
#include "web/request.h"

/* Deadline and places in a short list (home page, invitation). */
void pages_edition_summary(struct req *r, const struct edition *e);
/* The sentence about places left: "nog enkele plaatsen beschikbaar". */
const char *pages_availability_text(struct req *r, const struct edition *e);

#endif
