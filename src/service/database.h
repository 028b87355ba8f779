/* The whole database as a service: restoring a backup (lwp restore). */
#ifndef LWP_SERVICE_DATABASE_H
#define LWP_SERVICE_DATABASE_H

#include <stdio.h>

#include "service/service.h"

/* Load a backup into an empty database in one transaction: all or
 * nothing. LWP_ECONFLICT when the database has rows, LWP_EINVAL for a bad
 * file (*bad_line says where). */
LWP_MUST_USE int svc_restore(struct store *s, FILE *in, long *rows, long *bad_line);

#endif
