/*
 * Memory arena: a request (or a CLI command) owns one; everything allocated
 * from it is freed at once by arena_free. Not thread-safe; one owner.
 */
#ifndef LWP_CORE_ARENA_H
#define LWP_CORE_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Free everything allocated from the arena but keep its first chunk, so a
 * long-lived owner (an event loop) can reuse it without new allocations. */
void arena_reset(struct arena *a);
/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* Array of n elements of size sz, checked for overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t sz);
char *arena_strdup(struct arena *a, const char *s);
/* Copy of at most n bytes of s, stopping at a NUL; always terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
