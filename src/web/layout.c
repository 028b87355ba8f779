/*
 * Page frame; see layout.h. The markup uses the class names of the NL
 * Design System components (utrecht-*, nl-*, rhc-*) whose CSS is embedded
 * as /static/nlds.css (cut down by scripts/css_subset.py to the blocks in
 * static/nlds-components.txt); /static/lwp.css adds what they lack.
 */
#include "web/layout.h"

void layout_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"");
	html_text(b, lang_code(r->lang));
	html_raw(b, "\" class=\"rhc-theme\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_text(b, title);
	html_raw(b, " - Leerwerkplaats</title>\n"
		    "<link rel=\"icon\" href=\"data:,\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/nlds.css\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/lwp.css\">\n"
		    "</head>\n<body class=\"utrecht-document utrecht-document--surface\">\n"
		    "<a class=\"nl-skip-link nl-skip-link--visible-on-focus\" href=\"#main\">");
	html_text(b, T(r, "Skip to content"));
	html_raw(b, "</a>\n<header class=\"utrecht-page-header lwp-header\">\n"
		    "<div class=\"utrecht-page-header__content lwp-header__content\">\n"
		    "<p class=\"lwp-brand\"><a class=\"lwp-brand__name\" href=\"/\">Leerwerkplaats</a>"
		    " <span class=\"lwp-brand__tagline\">");
	html_text(b, T(r, "Learning together across government"));
	html_raw(b, "</span></p>\n<nav class=\"lwp-lang\" aria-label=\"");
	html_attr(b, T(r, "Language"));
	html_raw(b, "\">");
	if (r->lang == LANG_NL) {
		html_raw(b, "<a class=\"nl-link lwp-lang__link\" href=\"");
		html_attr(b, r->path ? r->path : "/");
		html_raw(b, "?lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
	} else {
		html_raw(b, "<a class=\"nl-link lwp-lang__link\" href=\"");
		html_attr(b, r->path ? r->path : "/");
		html_raw(b, "?lang=nl\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>");
	}
	html_raw(b, "</nav>\n");
	if (r->user) {
		/* Signed in: the way to one's account (and from there the console
		 * and signing out) on every page. */
		html_raw(b, "<p class=\"lwp-account-link\"><a class=\"nl-link lwp-lang__link\" href=\"/account\">");
		html_text(b, T(r, "Your account"));
		html_raw(b, "</a></p>\n");
	}
	html_raw(b, "</div>\n</header>\n<main id=\"main\" class=\"lwp-main\">\n");
}

void layout_breadcrumbs(struct req *r, const char *const *items, int n)
{
	struct buf *b = &r->out;
	html_raw(b, "<nav class=\"utrecht-breadcrumb-nav lwp-breadcrumbs\" aria-label=\"");
	html_attr(b, T(r, "Breadcrumbs"));
	html_raw(b, "\">\n<ol class=\"utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol\">");
	for (int i = 0; i + 1 < n * 2; i += 2) {
		html_raw(b, "<li class=\"utrecht-breadcrumb-nav__item\">");
		if (i + 2 < n * 2) {
			if (i == 0)
				html_raw(b, "<a class=\"utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--first nl-link\" href=\"");
			else
				html_raw(b, "<a class=\"utrecht-breadcrumb-nav__link nl-link\" href=\"");
			html_attr(b, items[i]);
			html_raw(b, "\">");
			html_text(b, items[i + 1]);
			html_raw(b, "</a>");
		} else {
			html_raw(b, "<span class=\"utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current\" aria-current=\"page\">");
			html_text(b, items[i + 1]);
			html_raw(b, "</span>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>\n</nav>\n");
}

/* One link of the footer's link list. */
static void footer_link(struct buf *b, const char *href, const char *label)
{
	html_raw(b, "<li class=\"utrecht-link-list__item\"><a class=\"utrecht-link-list__link nl-link\" href=\"");
	html_attr(b, href);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</a></li>\n");
}

void layout_end(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "</main>\n<footer class=\"utrecht-page-footer rhc-page-footer rhc-page-footer--primary-filled lwp-footer\">\n"
		    "<div class=\"rhc-page-footer__wrapper lwp-footer__wrapper\">\n"
		    "<div class=\"rhc-page-footer__content\">\n"
		    "<section class=\"rhc-page-footer__section\" aria-labelledby=\"footer-about\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-3\" id=\"footer-about\">Leerwerkplaats</h2>\n"
		    "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Leerwerkplaats is part of the government-wide innovation project \"Nooit meer reorganiseren\"."));
	html_raw(b, "</p>\n</section>\n<section class=\"rhc-page-footer__section\" aria-labelledby=\"footer-contact\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-3\" id=\"footer-contact\">");
	html_text(b, T(r, "Contact"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Questions about an edition? The programme lead answers them: you find the name and e-mail address on every invitation."));
	html_raw(b, "</p>\n</section>\n<section class=\"rhc-page-footer__section\" aria-labelledby=\"footer-site\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-3\" id=\"footer-site\">");
	html_text(b, T(r, "About this site"));
	html_raw(b, "</h2>\n<ul class=\"utrecht-link-list utrecht-link-list--html-ul\">\n");
	footer_link(b, "/toegankelijkheid", T(r, "Accessibility"));
	footer_link(b, "/privacy", T(r, "Privacy statement"));
	footer_link(b, "/api/v1/openapi.json", T(r, "API for developers"));
	html_raw(b, "</ul>\n</section>\n</div>\n</div>\n</footer>\n</body>\n</html>\n");
}
