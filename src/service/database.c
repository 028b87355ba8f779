/* See database.h. The backup reads in its own read transaction
 * (store_backup) and its audit entry follows in a write transaction of its
 * own: an entry written first would be inside the snapshot, so the file
 * would carry its own audit row and a backup of the restored copy (which
 * audits again) would differ. The restore owns its transaction
 * (store_restore): a backup is loaded as one unit, with its own checks of
 * every row. */
#include "service/database.h"
#include "store/store_write.h"
#include "core/buf.h"

#include <stdio.h>
#include <string.h>

/* Room for a few dozen "table count" pairs and the outcome. */
#define BACKUP_DETAIL_MAX 4096

struct backup_audit {
	const struct actor *who;
	int64_t now;
	const char *target;
	const char *detail;
};

static int backup_audit_tx(struct store *s, void *ctx)
{
	const struct backup_audit *c = ctx;
	return svc_audit(s, c->who, c->now, "database.backup", c->target, c->detail);
}

int svc_backup(struct store *s, const struct actor *who, FILE *out, const char *target,
	       const struct backup_progress *progress, int64_t now, long *rows, char *msg,
	       size_t msg_size)
{
	long table_rows[BACKUP_TABLES_MAX];
	char own[BACKUP_MSG_MAX];
	if (!msg || !msg_size) {
		msg = own;
		msg_size = sizeof(own);
	}
	memset(table_rows, 0, sizeof(table_rows));
	int rc = store_backup_counted(s, out, progress, rows, table_rows, msg, msg_size);
	if (!rc && (fflush(out) != 0 || ferror(out)))
		rc = LWP_EIO;
	if (!rc && *rows == 0)
		return 0;
	int ntables = backup_table_count();
	struct buf d;
	buf_init(&d, BACKUP_DETAIL_MAX);
	buf_printf(&d, "%ld rows of %d tables (", *rows, ntables);
	int listed = 0;
	for (int t = 0; t < ntables && t < BACKUP_TABLES_MAX; t++) {
		if (table_rows[t] == 0)
			continue;
		buf_printf(&d, "%s%s %ld", listed++ ? ", " : "", backup_table_name(t), table_rows[t]);
	}
	if (rc)
		buf_printf(&d, "%s): failed: %s", listed ? "" : "none written",
			   msg[0] ? msg : lwp_result_name(rc));
	else
		buf_puts(&d, "): ok");
	/* A detail over the cap still says the outcome, in a short form. */
	const char *detail = d.failed ? (rc ? "failed" : "ok") : buf_cstr(&d);
	struct backup_audit c = {who, now, target && target[0] ? target : "-", detail};
	int arc = store_write(s, backup_audit_tx, &c);
	buf_free(&d);
	if (rc)
		return rc;
	if (arc)
		snprintf(msg, msg_size, "the backup could not be recorded in the audit log (%s)",
			 lwp_result_name(arc));
	return arc;
}

int svc_restore(struct store *s, FILE *in, const struct backup_progress *progress, long *rows,
		char *msg, size_t msg_size)
{
	return store_restore(s, in, progress, rows, msg, msg_size);
}
