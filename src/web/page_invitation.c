/* GET /edities/{slug}: the invitation of a published edition, with its
 * dates, fee, places left and the deadline. */
#include "web/layout.h"
#include "web/links.h"
#include "web/meetings_web.h"
#include "web/pages.h"
#include "web/routes_public.h"
#include "core/tz.h"
#include "store/store.h"

const char *pages_availability_text(struct req *r, const struct edition *e)
{
	switch (edition_availability(e)) {
	case AVAILABILITY_FULL:
		return T(r, "Full, waiting list open");
	case AVAILABILITY_FEW:
		return T(r, "A few places left");
	default:
		return T(r, "Places available");
	}
}

static void fact(struct buf *b, const char *label)
{
	html_raw(b, "<dt class=\"utrecht-data-list__item-key\">");
	html_text(b, label);
	html_raw(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
}

void pages_edition_summary(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	int open = edition_accepts_applications(e, tz_now()) == 0;
	html_raw(b, "<dl class=\"utrecht-data-list lwp-facts\">\n");
	fact(b, T(r, "Apply until"));
	lang_datetime(b, e->deadline, r->lang);
	html_raw(b, "</dd>\n");
	fact(b, T(r, "Places"));
	if (open) {
		html_fill(b, T(r, "{1} of {2} places left"), edition_places_left(e), e->capacity);
		html_raw(b, " <strong class=\"lwp-availability\">");
		html_text(b, pages_availability_text(r, e));
		html_raw(b, "</strong>");
	} else {
		html_fill(b, T(r, "at most {1} participants"), e->capacity, 0);
		html_raw(b, " <strong class=\"lwp-availability\">");
		html_text(b, T(r, "Applications closed"));
		html_raw(b, "</strong>");
	}
	html_raw(b, "</dd>\n</dl>\n");
}

static void date_fact(struct req *r, const char *label, const char *iso)
{
	int y, m, d;
	if (!iso || tz_parse_date(iso, &y, &m, &d))
		return;
	fact(&r->out, label);
	lang_date(&r->out, y, m, d, r->lang);
	html_raw(&r->out, "</dd>\n");
}

static void facts(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	html_raw(b, "<dl class=\"utrecht-data-list lwp-facts\">\n");
	date_fact(r, T(r, "Starts"), e->starts_on);
	date_fact(r, T(r, "Ends"), e->ends_on);
	if (e->guided_months > 0) {
		fact(b, T(r, "Guided phase"));
		html_fill(b, T(r, "the first {1} months, by external coaches; then the group goes on as a front-runner network"),
			  e->guided_months, 0);
		html_raw(b, "</dd>\n");
	}
	fact(b, T(r, "Fee"));
	lang_money(b, e->fee_cents, r->lang);
	html_raw(b, " ");
	html_text(b, T(r, "per participant, excluding accommodation"));
	html_raw(b, "</dd>\n");
	if (e->location) {
		fact(b, T(r, "Location"));
		html_text(b, e->location);
		html_raw(b, "</dd>\n");
	}
	if (e->contact_name || e->contact_email) {
		fact(b, T(r, "Contact"));
		html_text(b, e->contact_name);
		if (e->contact_email) {
			if (e->contact_name)
				html_raw(b, ", ");
			html_raw(b, "<a class=\"nl-link\" href=\"mailto:");
			html_attr(b, e->contact_email);
			html_raw(b, "\">");
			html_text(b, e->contact_email);
			html_raw(b, "</a>");
		}
		html_raw(b, "</dd>\n");
	}
	html_raw(b, "</dl>\n");
}

static void call_to_action(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	int rc = edition_accepts_applications(e, tz_now());
	html_raw(b, "<section class=\"lwp-apply\" aria-labelledby=\"apply-heading\">\n"
		    "<h2 class=\"nl-heading nl-heading--level-2\" id=\"apply-heading\">");
	html_text(b, T(r, "Apply"));
	html_raw(b, "</h2>\n");
	if (rc == 0) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		if (edition_availability(e) == AVAILABILITY_FULL)
			html_text(b, T(r, "All places are taken. You can still apply for the waiting list."));
		else if (e->policy == POLICY_DIVERSITY)
			html_text(b, T(r, "After the deadline we choose the participants so that the group is as diverse as possible in organisations and trajectories."));
		else
			html_text(b, T(r, "Places are given in the order applications arrive."));
		html_raw(b, "</p>\n<p class=\"nl-paragraph\"><a class=\"utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action\" href=\"");
		html_attr(b, link_invitation(r, e->slug, "/aanmelden"));
		html_raw(b, "\">");
		html_text(b, T(r, "Apply for this edition"));
		html_raw(b, "</a></p>\n");
	} else {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, rc == LWP_EDEADLINE || e->status == EDITION_CLOSED
			  ? T(r, "The deadline for applications has passed.")
			  : T(r, "This edition does not take applications."));
		html_raw(b, "</p>\n");
	}
	html_raw(b, "</section>\n");
}

void page_invitation(struct req *r)
{
	struct edition e;
	int rc = store_edition_get(r->store, r->arena, r->params[0], &e);
	if (rc == LWP_ENOTFOUND || (rc == 0 && !edition_is_published(&e))) {
		req_error(r, 404, "not_found", N_("There is no published edition at this address."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct buf *b = &r->out;
	layout_begin(r, e.title);
	const char *crumbs[] = {"/", T(r, "Editions"), NULL, e.title};
	layout_breadcrumbs(r, crumbs, 2);
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, e.title);
	html_raw(b, "</h1>\n");
	pages_edition_summary(r, &e);
	/* Organisers write the invitation in Dutch; it is not translated, so
	 * the English page marks it as Dutch (WCAG 3.1.2). It is Markdown,
	 * rendered to a restricted set of elements (html_markdown). */
	html_raw(b, "<div class=\"lwp-description\" lang=\"nl\">\n");
	html_markdown(b, e.description);
	html_raw(b, "</div>\n");
	facts(r, &e);
	meetings_public_section(r, &e);
	call_to_action(r, &e);
	layout_end(r);
}
