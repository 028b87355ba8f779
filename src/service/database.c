/* See database.h. The restore owns its transaction (store_restore): a
 * backup is loaded as one unit, with its own checks of every row. */
#include "service/database.h"
#include "store/store_write.h"

int svc_restore(struct store *s, FILE *in, long *rows, long *bad_line)
{
	return store_restore(s, in, rows, bad_line);
}
