/* See database.h. The restore owns its transaction (store_restore): a
 * backup is loaded as one unit, with its own checks of every row. */
#include "service/database.h"

int svc_restore(struct store *s, FILE *in, const struct backup_progress *progress, long *rows,
		char *msg, size_t msg_size)
{
	return store_restore(s, in, progress, rows, msg, msg_size);
}
