/*
 * GET /aanmelding/{token}: the applicant's private page, reached by the
 * link on the confirmation page and in the confirmation e-mail; shows the
 * application and its status and lets the applicant withdraw it (POST
 * /aanmelding/{token}/intrekken). The token is the only key, so the page
 * is never cached and never sends a referrer.
 */
#include "web/routes_privacy.h"
#include "web/auth.h"
#include "web/links.h"
#include "web/layout.h"
#include "web/meetings_web.h"
#include "web/routes_subgroups.h"
#include "web/pages.h"
#include "web/routes_public.h"
#include "core/tz.h"
#include "service/applications.h"
#include "service/selection.h"
#include "store/store.h"

static void row(struct req *r, const char *label, const char *value)
{
	if (!value)
		return;
	html_raw(&r->out, "<dt class=\"utrecht-data-list__item-key\">");
	html_text(&r->out, label);
	html_raw(&r->out, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
	html_text(&r->out, value);
	html_raw(&r->out, "</dd>\n");
}

static const char *status_explanation(struct req *r, const struct application *a)
{
	switch (a->status) {
	case APP_ACCEPTED:
		return T(r, "You have a place in this edition. We will send you the practical details.");
	case APP_WAITLISTED:
		return T(r, "You are on the waiting list. When a place becomes free we will let you know.");
	case APP_SUBMITTED:
		return T(r, "After the deadline we choose the participants. You will hear from us then.");
	case APP_DECLINED:
		return T(r, "We could not offer you a place in this edition.");
	case APP_WITHDRAWN:
		return T(r, "You have withdrawn this application.");
	default:
		return "";
	}
}

static void withdraw_form(struct req *r, const struct application *a)
{
	struct buf *b = &r->out;
	if (a->status == APP_WITHDRAWN || a->status == APP_DECLINED)
		return;
	html_raw(b, "<section aria-labelledby=\"withdraw-heading\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"withdraw-heading\">");
	html_text(b, T(r, "Withdraw your application"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "If you can no longer take part, withdraw your application so that someone else can have your place. This cannot be undone."));
	html_raw(b, "</p>\n<form method=\"post\" action=\"");
	html_attr(b, link_application(r, r->params[0], "/intrekken"));
	html_raw(b, "\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, auth_csrf_token(r));
	html_raw(b, "\">\n<button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">");
	html_text(b, T(r, "Withdraw application"));
	html_raw(b, "</button>\n</form>\n</section>\n");
}

void page_application(struct req *r)
{
	struct application a;
	struct edition e;
	r->personal = 1;
	int rc = store_application_by_token(r->store, r->arena, r->params[0], &a, &e);
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Your application"));
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Your application"));
	html_raw(b, " <span class=\"lwp-subtitle\">");
	html_text(b, e.title);
	html_raw(b, "</span></h1>\n");
	const char *fresh = req_query(r, "ontvangen");
	if (fresh && a.status != APP_WITHDRAWN) {
		html_raw(b, "<div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\"><div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\"><h2 class=\"nl-heading nl-heading--level-3\">");
		html_text(b, T(r, "Thank you, we have received your application"));
		html_raw(b, "</h2><p class=\"nl-paragraph\">");
		html_text(b, T(r, "Keep this page's address: with it you can see your application and withdraw it."));
		html_raw(b, "</p></div></div></div>\n");
	}
	html_raw(b, "<p class=\"nl-paragraph lwp-status\"><strong>");
	html_text(b, T(r, "Status:"));
	html_raw(b, "</strong> ");
	html_text(b, T(r, app_status_label(a.status)));
	html_raw(b, "</p>\n<p class=\"nl-paragraph\">");
	html_text(b, status_explanation(r, &a));
	html_raw(b, "</p>\n<dl class=\"utrecht-data-list lwp-facts\">\n<dt class=\"utrecht-data-list__item-key\">");
	html_text(b, T(r, "Received on"));
	html_raw(b, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
	lang_datetime(b, a.created_at, r->lang);
	html_raw(b, "</dd>\n");
	row(r, T(r, "Name"), a.name);
	row(r, T(r, "E-mail address"), a.email);
	row(r, T(r, "Organisation"), a.organisation);
	row(r, T(r, "Kind of organisation"), T(r, org_kind_label(a.org_kind)));
	row(r, T(r, "Function"), a.function);
	row(r, T(r, "Name of your trajectory"), a.initiative_title);
	row(r, T(r, "Theme"), T(r, theme_label(a.theme)));
	html_raw(b, "</dl>\n");
	struct subgroup_view v;
	if (a.status == APP_ACCEPTED && store_subgroup_of_application(r->store, r->arena, a.id, &v) == 0)
		subgroup_view_section(r, &v);
	withdraw_form(r, &a);
	if (a.status == APP_ACCEPTED)
		meetings_feed_section(r, link_application(r, r->params[0], "/agenda"), NULL);
	privacy_application_section(r, r->params[0]);
	html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(b, link_invitation(r, e.slug, NULL));
	html_raw(b, "\">");
	html_text(b, T(r, "Back to the invitation"));
	html_raw(b, "</a></p>\n");
	layout_end(r);
}

void page_application_withdraw(struct req *r)
{
	r->personal = 1;
	int rc = svc_application_withdraw(r->store, r->arena, r->params[0], tz_now());
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	if (rc && rc != LWP_ECLOSED) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	/* A place freed after the selection goes to the waiting list now; the
	 * background task would do it within seconds too. */
	int made;
	if (rc == 0)
		LWP_IGNORE(svc_selection_offers(r->store, r->cfg->base_url, tz_now(), &made));
	req_redirect(r, 303, link_application(r, r->params[0], NULL));
}
