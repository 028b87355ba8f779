/*
 * If-None-Match against an entity tag (RFC 9110, 13.1.2): "*" or a
 * comma-separated list of entity tags, compared weakly (a W/ prefix on
 * either side is ignored). Shared by the embedded files and the calendar
 * feeds, apart from them so that the fuzz target and unit tests reach it.
 */
#ifndef LWP_WEB_ETAG_H
#define LWP_WEB_ETAG_H

/* 1 when the If-None-Match value header (or NULL) is "*" or lists an
 * entity tag weakly equal to etag (a quoted tag, optionally W/), so that
 * the answer is 304; 0 otherwise, for a header that is not a valid list
 * (a malformed header gets the full answer, never a wrong 304) and when
 * etag itself is not a valid entity tag. */
int etag_match(const char *header, const char *etag);

#endif
