/*
 * Markdown of edition descriptions, parsed and rendered by cmark (the
 * CommonMark reference library, Debian libcmark-dev); see html_markdown in
 * html.h. Between parsing and rendering, the tree is cut down to the
 * elements an invitation may hold: this file is that allow-list.
 */
#include "core/html.h"

#include <cmark.h>
#include <string.h>
#include <strings.h>

/* Absolute http, https and mailto links only. Relative links, javascript:,
 * data:, file: and the rest lose their link and keep their text. */
static int link_allowed(const char *url)
{
	static const char *const schemes[] = {"http://", "https://", "mailto:"};
	if (!url)
		return 0;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

/* The node after n in document order once n's subtree is done: its next
 * sibling, or the next sibling of the nearest ancestor below root that has
 * one; NULL at the end. */
static cmark_node *after(cmark_node *root, cmark_node *n)
{
	while (n && n != root) {
		cmark_node *next = cmark_node_next(n);
		if (next)
			return next;
		n = cmark_node_parent(n);
	}
	return NULL;
}

/* Replace n by its children (the text of an image or of a refused link) and
 * free n; returns the node to visit next: the first child moved, or what
 * followed n. */
static cmark_node *unwrap(cmark_node *root, cmark_node *n)
{
	cmark_node *first = cmark_node_first_child(n);
	cmark_node *child = first;
	while (child) {
		cmark_node *next = cmark_node_next(child);
		if (!cmark_node_insert_before(n, child))
			break;
		child = next;
	}
	cmark_node *next = first && !child ? first : after(root, n);
	cmark_node_free(n);
	return next;
}

/* Walk the tree once, without recursion (a description may nest block
 * quotes thousands deep), and change it in place:
 * - headings one level down, so that `#` becomes h2 under the page's h1
 *   (h6 stays h6);
 * - code blocks without their info string (no class attribute);
 * - images replaced by their alt text: an invitation shows no pictures
 *   from other sites (they would tell those sites who reads it, and carry
 *   no text of their own for a screen reader beyond the alt text we keep);
 * - links outside link_allowed replaced by their text;
 * - raw HTML and anything not named below dropped, so that a node type a
 *   later cmark adds is refused until someone allows it here. */
static void restrict_tree(cmark_node *root)
{
	cmark_node *n = cmark_node_first_child(root);
	while (n) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING: {
			int level = cmark_node_get_heading_level(n);
			(void)cmark_node_set_heading_level(n, level < 6 ? level + 1 : 6);
			break;
		}
		case CMARK_NODE_IMAGE:
			n = unwrap(root, n);
			continue;
		case CMARK_NODE_LINK:
			if (!link_allowed(cmark_node_get_url(n))) {
				n = unwrap(root, n);
				continue;
			}
			break;
		case CMARK_NODE_CODE_BLOCK:
			/* No class="language-..." from the fence's info string. */
			(void)cmark_node_set_fence_info(n, "");
			break;
		case CMARK_NODE_BLOCK_QUOTE:
		case CMARK_NODE_LIST:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_THEMATIC_BREAK:
		case CMARK_NODE_TEXT:
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_CODE:
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
			break;
		default: {
			cmark_node *next = after(root, n);
			cmark_node_free(n);
			n = next;
			continue;
		}
		}
		cmark_node *child = cmark_node_first_child(n);
		n = child ? child : after(root, n);
	}
}

void html_markdown(struct buf *b, const char *text)
{
	if (!text)
		return;
	/* HARDBREAKS: a single newline stays a line break, as it was before
	 * descriptions were Markdown (addresses, a line per date). */
	const int options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS;
	cmark_node *doc = cmark_parse_document(text, strlen(text), options);
	if (!doc) {
		html_paragraphs(b, text);
		return;
	}
	restrict_tree(doc);
	char *html = cmark_render_html(doc, options);
	cmark_node_free(doc);
	if (!html) {
		html_paragraphs(b, text);
		return;
	}
	/* The one place where markup that is not a literal enters a page; see
	 * html.h for why cmark's output is trusted. */
	buf_puts(b, html);
	cmark_get_default_mem_allocator()->free(html);
}
