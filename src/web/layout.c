/* Page frame; see layout.h. */
#include "web/layout.h"

void layout_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"");
	html_text(b, lang_code(r->lang));
	html_raw(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_text(b, title);
	html_raw(b, " - Leerwerkplaats</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/lwp.css\">\n"
		    "</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_text(b, T(r, "Skip to content"));
	html_raw(b, "</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n"
		    "<a class=\"brand\" href=\"/\">Leerwerkplaats</a>\n"
		    "<span class=\"tagline\">");
	html_text(b, T(r, "Learning together across government"));
	html_raw(b, "</span>\n<nav class=\"lang-switch\" aria-label=\"");
	html_attr(b, T(r, "Language"));
	html_raw(b, "\">");
	if (r->lang == LANG_NL) {
		html_raw(b, "<a href=\"");
		html_attr(b, r->path ? r->path : "/");
		html_raw(b, "?lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
	} else {
		html_raw(b, "<a href=\"");
		html_attr(b, r->path ? r->path : "/");
		html_raw(b, "?lang=nl\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>");
	}
	html_raw(b, "</nav>\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
}

void layout_breadcrumbs(struct req *r, const char *const *items, int n)
{
	struct buf *b = &r->out;
	html_raw(b, "<nav class=\"breadcrumbs\" aria-label=\"");
	html_attr(b, T(r, "Breadcrumbs"));
	html_raw(b, "\"><ol>");
	for (int i = 0; i + 1 < n * 2; i += 2) {
		html_raw(b, "<li>");
		if (i + 2 < n * 2) {
			html_raw(b, "<a href=\"");
			html_attr(b, items[i]);
			html_raw(b, "\">");
			html_text(b, items[i + 1]);
			html_raw(b, "</a>");
		} else {
			html_raw(b, "<span aria-current=\"page\">");
			html_text(b, items[i + 1]);
			html_raw(b, "</span>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></nav>\n");
}

void layout_end(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>");
	html_text(b, T(r, "Leerwerkplaats is part of the government-wide innovation project \"Nooit meer reorganiseren\"."));
	html_raw(b, "</p>\n<ul>\n<li><a href=\"/privacy\">");
	html_text(b, T(r, "Privacy statement"));
	html_raw(b, "</a></li>\n<li><a href=\"/api/v1/openapi.json\">");
	html_text(b, T(r, "API for developers"));
	html_raw(b, "</a></li>\n</ul>\n</div>\n</footer>\n</body>\n</html>\n");
}
