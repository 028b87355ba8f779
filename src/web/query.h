/*
 * Parameters of a request's query string ("a=1&b=x+y", RFC 3986 with the
 * form encoding's '+' for a space). Our own reading rather than libevent's,
 * so that a value is checked like a form field (valid UTF-8, no NUL) and
 * one odd parameter does not hide the others.
 */
#ifndef LWP_WEB_QUERY_H
#define LWP_WEB_QUERY_H

#include "core/arena.h"

/* The decoded value of the first parameter of query (raw, without the '?',
 * or NULL) whose decoded name is name, copied into a; NULL when there is
 * none, when that value does not decode (a bad %XX, a NUL or invalid
 * UTF-8: the parameter counts as absent, not as its raw bytes) or out of
 * memory. Empty parameters ("&&") are skipped; a parameter without '='
 * has the empty value. */
const char *query_get(struct arena *a, const char *query, const char *name);

#endif
