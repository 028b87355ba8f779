/*
 * The HTTP server: one libevent event loop per thread, all accepting on one
 * shared listening socket, each with its own database connection.
 */
#ifndef LWP_WEB_SERVER_H
#define LWP_WEB_SERVER_H

#include "web/config.h"

/* The most connections the server can hold with `threads` event loops:
 * the descriptor limit (RLIMIT_NOFILE) less what the database, mail, log
 * and libevent need. 0 when the limit is too low to serve; -1 on error. */
int server_connection_limit(int threads);

/* Serve until SIGINT or SIGTERM. Returns 0 after a clean shutdown. */
int server_run(const struct config *cfg);
/* Wake the background job (mail, offers, sign-in links) now, after a
 * request queued work for it; nothing outside server_run. */
void server_wake_sender(void);

#endif
