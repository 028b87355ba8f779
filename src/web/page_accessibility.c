/*
 * GET /toegankelijkheid: the accessibility statement, following the Dutch
 * model statement (modelverklaring toegankelijkheid): the standard, the
 * status, how the site was tested, known limitations and what to do when
 * something does not work. Update it when an audit is done or a limitation
 * is fixed; the browser tests (tests/browser/) are what "tested" refers to.
 */
#include "web/layout.h"
#include "web/routes_public.h"

/* The date this statement was last reviewed. */
#define STATEMENT_YEAR 2026
#define STATEMENT_MONTH 11
#define STATEMENT_DAY 29

/* A section: heading, paragraphs (NULL-terminated) and list items
 * (NULL-terminated, may be empty). */
struct statement_section {
	const char *id;
	const char *heading;
	const char *paragraphs[3];
	const char *items[6];
};

static const struct statement_section sections[] = {
	{"standard", N_("Standard"),
	 {N_("Websites of the Dutch government must meet the European standard EN 301 549, which includes the Web Content Accessibility Guidelines (WCAG) 2.1 at levels A and AA. This statement is about the web pages of the Leerwerkplaats: the invitations, the application form and the pages for applicants."), NULL},
	 {NULL}},
	{"status", N_("Compliance status"),
	 {N_("This website partially complies with WCAG 2.1 level A and AA. It has not yet been audited by an independent expert; until that audit, we state partial compliance."), NULL},
	 {NULL}},
	{"tested", N_("How we test"),
	 {N_("Every change to the software is tested automatically before it is released:"), NULL},
	 {N_("every page, in Dutch and in English, is checked with axe-core against the WCAG 2.1 A and AA rules;"),
	  N_("the HTML of every page is checked with the Nu HTML Checker and must be valid;"),
	  N_("a test completes the application form with the keyboard alone;"),
	  N_("screenshots at desktop and phone width are taken and reviewed."),
	  NULL}},
	{"design", N_("How the site is built"),
	 {N_("The pages use the components of the NL Design System (Rijkshuisstijl community). They work without JavaScript, can be enlarged to 400 percent, have a skip link, visible keyboard focus and landmarks, and give errors in the form as text next to each field and in a summary at the top."), NULL},
	 {NULL}},
	{"limitations", N_("Known limitations"),
	 {N_("Automatic tests find only part of all accessibility problems. We know of these limitations:"), NULL},
	 {N_("The site has not yet been tested by people who use a screen reader, magnification or speech recognition."),
	  N_("The texts of invitations are written by the organisers in Dutch and are not translated on the English pages; their language level is not checked."),
	  N_("The API description for developers (OpenAPI) is a technical file, not a web page."),
	  NULL}},
	{"contact", N_("Did you find a problem?"),
	 {N_("Write to the programme lead of the edition; you find the name and e-mail address on every invitation. Tell us which page it is about and what went wrong. You get an answer within five working days."),
	  N_("Are you not satisfied with how we handled your problem? You can then turn to the Nationale ombudsman."), NULL},
	 {NULL}},
};

static void section(struct req *r, const struct statement_section *s)
{
	struct buf *b = &r->out;
	html_raw(b, "<section aria-labelledby=\"");
	html_attr(b, s->id);
	html_raw(b, "\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"");
	html_attr(b, s->id);
	html_raw(b, "\">");
	html_text(b, T(r, s->heading));
	html_raw(b, "</h2>\n");
	for (int i = 0; s->paragraphs[i]; i++) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, s->paragraphs[i]));
		html_raw(b, "</p>\n");
	}
	if (s->items[0]) {
		html_raw(b, "<ul class=\"utrecht-unordered-list\">\n");
		for (int i = 0; s->items[i]; i++) {
			html_raw(b, "<li class=\"utrecht-unordered-list__item\">");
			html_text(b, T(r, s->items[i]));
			html_raw(b, "</li>\n");
		}
		html_raw(b, "</ul>\n");
	}
	html_raw(b, "</section>\n");
}

void page_accessibility(struct req *r)
{
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Accessibility statement"));
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Accessibility statement"));
	html_raw(b, "</h1>\n<p class=\"nl-paragraph nl-paragraph--lead\">");
	html_text(b, T(r, "The organiser of the Leerwerkplaats wants everyone to be able to use this website: on a computer or a phone, with a keyboard, a screen reader or magnification, in Dutch and in English."));
	html_raw(b, "</p>\n");
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		section(r, &sections[i]);
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "This statement was last reviewed on"));
	html_raw(b, " ");
	lang_date(b, STATEMENT_YEAR, STATEMENT_MONTH, STATEMENT_DAY, r->lang);
	html_raw(b, ".</p>\n");
	layout_end(r);
}
