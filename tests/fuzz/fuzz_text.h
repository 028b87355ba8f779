/*
 * The input most fuzz targets read: the first byte picks what to check,
 * the rest is the text under test, NUL-terminated (the parsers take C
 * strings), with an arena for the code that allocates. Header-only: each
 * target is its own program.
 */
#ifndef LWP_FUZZ_TEXT_H
#define LWP_FUZZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

struct fuzz_text {
	unsigned char mode; /* the first byte */
	char *s;            /* the rest, NUL-terminated */
	struct arena *a;
};

static inline void fuzz_text_end(struct fuzz_text *t)
{
	arena_free(t->a);
	free(t->s);
}

/* 1 with t filled; 0 to skip the input: empty, longer than max, or out of
 * memory. */
static inline int fuzz_text_begin(struct fuzz_text *t, const uint8_t *data, size_t size,
				  size_t max)
{
	if (size < 1 || size > max)
		return 0;
	t->mode = data[0];
	t->s = malloc(size);
	t->a = arena_new();
	if (!t->s || !t->a) {
		fuzz_text_end(t);
		return 0;
	}
	memcpy(t->s, data + 1, size - 1);
	t->s[size - 1] = '\0';
	return 1;
}

/* The first of names[0..i] equal to names[i]: a reader takes the first
 * pair of a repeated name. */
static inline int fuzz_first_of(char *const *names, int i)
{
	for (int j = 0; j < i; j++)
		if (strcmp(names[j], names[i]) == 0)
			return j;
	return i;
}

#endif
