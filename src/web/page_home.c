/* GET /: the published editions, newest deadline first. */
#include "web/layout.h"
#include "web/links.h"
#include "web/pages.h"
#include "web/routes_public.h"
#include "store/store.h"

void page_home(struct req *r)
{
	struct edition *list;
	int n;
	if (store_edition_list(r->store, r->arena, 1, &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Editions of the Leerwerkplaats"));
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Editions of the Leerwerkplaats"));
	html_raw(b, "</h1>\n<p class=\"nl-paragraph nl-paragraph--lead\">");
	html_text(b, T(r, "In the inter-company Leerwerkplaats, civil servants from different government organisations work together on the organisational-development trajectory they are responsible for."));
	html_raw(b, "</p>\n");
	if (n == 0) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "No edition is open at the moment."));
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<ul class=\"lwp-cards\">\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li class=\"rhc-card rhc-card--default\">\n<div class=\"rhc-card__content\">\n<h2 class=\"nl-heading nl-heading--level-2 rhc-card__heading\"><a class=\"nl-link\" href=\"");
		html_attr(b, link_invitation(r, list[i].slug, NULL));
		html_raw(b, "\">");
		html_text(b, list[i].title);
		html_raw(b, "</a></h2>\n");
		pages_edition_summary(r, &list[i]);
		html_raw(b, "</div>\n</li>\n");
	}
	html_raw(b, "</ul>\n");
	layout_end(r);
}
