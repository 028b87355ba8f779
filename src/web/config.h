/* Server configuration, filled once from flags and LWP_ variables by the
 * CLI (cmd_serve.c, which checks every value against its range there and
 * refuses to start on one out of range) and read-only afterwards. */
#ifndef LWP_WEB_CONFIG_H
#define LWP_WEB_CONFIG_H

#include "mail/mail.h"

/* The rate limits a deployment may set (auth.c has the windows and the
 * defaults), in the order of auth.c's rule table. */
enum rate_kind {
	RATE_LOGIN, RATE_LOGIN_ACCOUNT_IP, RATE_LOGIN_ACCOUNT, RATE_LINK, RATE_APPLY, RATE_KINDS
};

struct config {
	const char *db_url;      /* LWP_DB, default sqlite:./lwp.db */
	const char *listen_addr; /* LWP_LISTEN, default 127.0.0.1 */
	int port;                /* LWP_PORT, default 8080 */
	const char *base_url;    /* LWP_BASE_URL, default http://ADDR:PORT */
	int threads;             /* LWP_THREADS, default: number of cores */
	int work_threads;        /* LWP_WORK_THREADS: the worker pool for long work
				  * (password hashes, selection solves), default
				  * the number of event loops */
	int work_queue;          /* LWP_WORK_QUEUE: jobs that may wait for the
				  * pool (more get 503), default 64 */
	int trust_proxy;         /* LWP_TRUST_PROXY: take the client address from
				  * the last X-Forwarded-For entry */
	int max_connections;     /* LWP_MAX_CONNECTIONS, default and maximum: what
				  * the descriptor limit allows */
	int max_connections_per_address; /* LWP_MAX_CONNECTIONS_PER_ADDRESS,
				  * default a quarter of max_connections */
	int rate_limit[RATE_KINDS]; /* LWP_RATE_LOGIN, ..._LOGIN_ACCOUNT_IP,
				  * ..._LOGIN_ACCOUNT, ..._LINK,
				  * ..._APPLY: hits per window; 0 for the default */
	struct mail_config mail; /* LWP_SMTP_URL, LWP_MAIL_FROM, LWP_MAIL_RETRY_SECONDS */
	int erasure_grace_days;  /* LWP_ERASURE_GRACE_DAYS, default 30: a request
				  * for erasure is carried out after it */
};

#endif
