/*
 * Text from outside, normalised at the edge so that look-alikes are one
 * text: "Gemeente\u00a0Testdorp", a zero-width space, a soft hyphen, a BOM
 * or full-width letters would otherwise pass the organisation cap and
 * count as another organisation in the selection. libunistring does the
 * Unicode work (normalisation forms, properties, case folding).
 */
#ifndef LWP_CORE_NORMALIZE_H
#define LWP_CORE_NORMALIZE_H

#include "core/arena.h"

enum text_shape {
	TEXT_SHAPE_LINE,      /* names, titles: NFKC, spaces folded to one (control
			       * characters kept for the validation to refuse) */
	TEXT_SHAPE_MULTILINE, /* free text: NFC, line ends as LF, indentation kept */
};

/* The normalised copy of valid UTF-8 s in the arena: NFKC (line) or NFC
 * (multiline), default-ignorable code points removed (zero-width spaces,
 * soft hyphens, BOMs; U+200D is kept in free text for emoji), white space
 * folded (line) and trimmed at both ends. "" when nothing visible is left;
 * NULL when out of memory. */
char *text_normalize(struct arena *a, const char *s, enum text_shape shape);

/* The key under which two names are the same: the normalised line, case
 * folded (NFKC_Casefold-like: "GEMEENTE Ｔｅｓｔｄｏｒｐ" and "gemeente testdorp"
 * are one key). NULL when out of memory. */
char *text_key(struct arena *a, const char *s);

#endif
