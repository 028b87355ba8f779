/*
 * The frame every page shares: skip link, header with the product name and
 * the language switch, main landmark, footer.
 */
#ifndef LWP_WEB_LAYOUT_H
#define LWP_WEB_LAYOUT_H

#include "core/html.h"
#include "web/request.h"

/* Start a page; title is already translated. */
void layout_begin(struct req *r, const char *title);
void layout_end(struct req *r);
/* Breadcrumbs: pairs of (href, translated label); the last has no link. */
void layout_breadcrumbs(struct req *r, const char *const *items, int n);

#endif
