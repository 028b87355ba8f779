/*
 * UTF-8 checks for text that enters from outside (HTTP, CSV, CLI). Text is
 * validated once at the edge and trusted inside.
 */
#ifndef LWP_CORE_UTF8_H
#define LWP_CORE_UTF8_H

#include <stddef.h>

enum text_kind {
	TEXT_LINE,      /* one line: no control characters at all */
	TEXT_MULTILINE, /* paragraphs: LF, CR LF and TAB allowed */
};

/* 1 when s[0..n) is well-formed UTF-8: no overlong forms, no surrogates,
 * nothing above U+10FFFF. NUL bytes are well-formed here; see text_check. */
int utf8_valid(const char *s, size_t n);

/* 0 when s[0..n) is valid UTF-8 of the given kind, with no NUL, no C0/C1
 * control characters (except as allowed by kind) and no Unicode
 * non-characters or bidi overrides; otherwise LWP_EINVAL. */
int text_check(const char *s, size_t n, enum text_kind kind);

/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t n);

#endif
