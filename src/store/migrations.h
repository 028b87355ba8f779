/* The list of schema migrations (store-internal). */
#ifndef LWP_STORE_MIGRATIONS_H
#define LWP_STORE_MIGRATIONS_H

struct migration {
	int version;
	const char *description;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migration_count;

#endif
