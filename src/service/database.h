/* The whole database as a service: a backup (lwp backup), which is a bulk
 * export of personal data and so is audited, and restoring one (lwp
 * restore). */
#ifndef LWP_SERVICE_DATABASE_H
#define LWP_SERVICE_DATABASE_H

#include <stdio.h>

#include "service/service.h"
#include "store/backup.h"

/* Write the whole database to out (store_backup in store/backup.h) and
 * then audit it for who: action "database.backup", object the target
 * (a file name, or "-" for standard output), the detail the row count, the
 * number of tables, the rows of each table that has any, and the outcome
 * ("ok", or "failed: ..."). The entry is written after the dump, in its
 * own transaction, so the file holds the database as it was and a backup
 * -> restore -> backup round trip gives the same bytes. A backup of a
 * database without rows exports nobody's data and is not audited (that
 * keeps an empty target empty for restore). A failed backup is audited
 * when it can be; its error is returned. When the backup succeeded but
 * its audit entry could not be written, the error of that write is
 * returned and msg says so: the caller must not keep the file. */
LWP_MUST_USE int svc_backup(struct store *s, const struct actor *who, FILE *out,
			    const char *target, const struct backup_progress *progress,
			    int64_t now, long *rows, char *msg, size_t msg_size);

/* Load a backup into a database without rows in one transaction (see
 * store_restore in store/backup.h): all or nothing; msg says what was
 * refused, naming line, table and column. */
LWP_MUST_USE int svc_restore(struct store *s, FILE *in, const struct backup_progress *progress,
			     long *rows, char *msg, size_t msg_size);

#endif
