/*
 * The escaping writer: every byte of a page or an HTML e-mail goes through
 * these functions.
 * Text from data is written only with html_text / html_attr / html_url_arg;
 * markup is written only as string literals with html_raw, whose argument
 * must be a literal in the source (checked by the HTML_RAW macro).
 */
#ifndef LWP_WEB_HTML_H
#define LWP_WEB_HTML_H

#include <stddef.h>

#include "core/buf.h"

/* Markup from a string literal only: "x" "" fails to compile otherwise. */
#define html_raw(b, literal) buf_append((b), "" literal "", sizeof(literal) - 1)

/* Escape text for element content and for quoted attribute values. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
void html_attr(struct buf *b, const char *s);
/* Percent-encode a value for use inside a URL (path segment or query). */
void html_url_arg(struct buf *b, const char *s);
void html_int(struct buf *b, long long v);
/* Escaped text of a translated template with {1} and {2} replaced by
 * numbers (translations never go through printf). */
void html_fill(struct buf *b, const char *tmpl, long long a1, long long a2);
/* Paragraphs: blank lines separate <p> elements, single newlines <br>. */
void html_paragraphs(struct buf *b, const char *s);

#endif
