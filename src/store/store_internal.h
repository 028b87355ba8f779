/* The store's own view of itself, shared by store.c and backup.c. */
#ifndef LWP_STORE_STORE_INTERNAL_H
#define LWP_STORE_STORE_INTERNAL_H

#include "store/db.h"

struct store {
	struct db *db;
};

#endif
