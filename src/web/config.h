/* Server configuration, filled once from flags and LWP_ variables by the
 * CLI and read-only afterwards. */
#ifndef LWP_WEB_CONFIG_H
#define LWP_WEB_CONFIG_H

#include "mail/mail.h"

struct config {
	const char *db_url;      /* LWP_DB, default sqlite:./lwp.db */
	const char *listen_addr; /* LWP_LISTEN, default 127.0.0.1 */
	int port;                /* LWP_PORT, default 8080 */
	const char *base_url;    /* LWP_BASE_URL, default http://ADDR:PORT */
	int threads;             /* LWP_THREADS, default: number of cores */
	int trust_proxy;         /* LWP_TRUST_PROXY: take the client address from
				  * the last X-Forwarded-For entry */
	struct mail_config mail; /* LWP_SMTP_URL, LWP_MAIL_FROM, LWP_MAIL_RETRY_SECONDS */
	int erasure_grace_days;  /* LWP_ERASURE_GRACE_DAYS, default 30: a request
				  * for erasure is carried out after it */
};

#endif
