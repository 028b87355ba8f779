/* The whole database as a service: restoring a backup (lwp restore). */
#ifndef LWP_SERVICE_DATABASE_H
#define LWP_SERVICE_DATABASE_H

#include <stdio.h>

#include "service/service.h"
#include "store/backup.h"

/* Load a backup into a database without rows in one transaction (see
 * store_restore in store/backup.h): all or nothing; msg says what was
 * refused, naming line, table and column. */
LWP_MUST_USE int svc_restore(struct store *s, FILE *in, const struct backup_progress *progress,
			     long *rows, char *msg, size_t msg_size);

#endif
