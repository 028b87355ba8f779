/*
 * The escaping writer: every byte of a page or an HTML e-mail goes through
 * these functions.
 * Text from data is written only with html_text / html_attr / html_url_arg;
 * markup is written only as string literals with html_raw, whose argument
 * must be a literal in the source (checked by the HTML_RAW macro).
 * The one exception is html_markdown, below.
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
/*
 * Markdown (CommonMark) from organisers, such as an edition's description,
 * as HTML: the only markup written that is not a literal in our source.
 * cmark parses and renders it (html_markdown.c); its output is trusted
 * because
 * - cmark renders in safe mode (CMARK_OPT_SAFE): raw HTML blocks and inline
 *   tags are not passed through, and javascript:, vbscript:, file: and
 *   data: (other than images) URLs are emptied;
 * - before rendering we cut the tree down to an allow-list: paragraphs,
 *   line breaks, emphasis, strong, code, code blocks, block quotes, lists,
 *   thematic breaks (code blocks lose their language class), headings demoted one level (# is h2, under the page's
 *   h1), and links to absolute http, https and mailto URLs only (other links
 *   keep their text); images become their alt text; raw HTML and any node
 *   type not on the list are dropped;
 * - cmark escapes every text and attribute it writes (&, <, > and " in text
 *   and in attributes, which it always quotes with "; URLs percent-encoded
 *   in href), as html_text and html_attr do.
 * So the output holds only the tags of the allow-list, with no attributes
 * but href and title on links and start on ordered lists. Single newlines stay line breaks. Invalid
 * UTF-8 becomes U+FFFD. A NULL text writes nothing.
 */
void html_markdown(struct buf *b, const char *text);

#endif
