/*
 * The client's address of a request: the peer, or behind a trusted reverse
 * proxy the last X-Forwarded-For entry (the one that proxy added). Used for
 * rate limits and the audit log; apart from server.c so that the fuzz
 * target and the unit tests reach it.
 */
#ifndef LWP_WEB_CLIENT_ADDR_H
#define LWP_WEB_CLIENT_ADDR_H

#include "core/arena.h"

/* peer, unless trust_proxy is set and the last comma-separated entry of
 * xff (an X-Forwarded-For value, or NULL), after leading spaces, is an IPv4
 * or IPv6 address: then that address written the one way inet_ntop writes
 * it (so that "::1" and "0:0::1" count as one address), in a. Anything
 * else in the header (a name, a port, a zone, trailing text, an empty
 * entry) gives peer: a client cannot choose its address without a proxy
 * that writes it. */
const char *client_addr(struct arena *a, const char *xff, int trust_proxy, const char *peer);

#endif
