/*
 * Reading the Cookie request header (RFC 6265, section 5.4: pairs
 * "name=value" separated by ";" and optional spaces). Kept apart from
 * auth.c so that the fuzz target and the unit tests reach it.
 */
#ifndef LWP_WEB_COOKIES_H
#define LWP_WEB_COOKIES_H

#include "core/arena.h"

/* The value of the first pair named name in header (a Cookie header value,
 * or NULL), copied into a; NULL when there is none (or out of memory). The
 * value is everything after "name=" up to the next ';' (possibly empty): it
 * never holds a ';'. Names compare exactly (case-sensitive). */
const char *cookie_get(struct arena *a, const char *header, const char *name);

#endif
