/*
 * GET and POST /aanbod/{token}: a freed place offered to the next on the
 * waiting list (by mail, with this private link). The applicant takes it or
 * lets it go before the answer deadline; letting it go, or no answer in
 * time, offers it to the next one.
 */
#include "web/auth.h"
#include "web/links.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/routes_public.h"
#include "web/widgets.h"
#include "core/log.h"
#include "core/tz.h"
#include "service/selection.h"
#include "store/store.h"

#include <string.h>

static int load(struct req *r, struct offer *o, struct application *a, struct edition *e)
{
	int rc = store_offer_by_token(r->store, r->arena, r->params[0], o);
	if (!rc)
		rc = store_application_get(r->store, r->arena, o->application_id, a, e);
	if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	r->personal = 1;
	return rc;
}

void page_offer(struct req *r)
{
	struct offer o;
	struct application a;
	struct edition e;
	struct buf *b = &r->out;
	if (load(r, &o, &a, &e))
		return;
	int open = !o.answered_at && o.expires_at > tz_now();
	layout_begin(r, T(r, "A place for you"));
	widget_heading(r, T(r, "A place for you"));
	html_raw(b, "<p class=\"nl-paragraph\"><strong>");
	html_text(b, e.title);
	html_raw(b, "</strong></p>\n");
	if (a.status == APP_ACCEPTED) {
		widget_notice(r, "ok", NULL, T(r, "You have taken the place. Welcome!"));
	} else if (o.answer && strcmp(o.answer, "declined") == 0) {
		widget_notice(r, "info", NULL, T(r, "You have let the place go. Thank you for letting us know."));
	} else if (!open) {
		widget_notice(r, "info", NULL, T(r, "This offer has ended."));
	} else {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "A place has become free and you are the next on the waiting list."));
		html_raw(b, " ");
		html_text(b, T(r, "Please answer before"));
		html_raw(b, " ");
		lang_datetime(b, o.expires_at, r->lang);
		html_raw(b, ".</p>\n");
		char *action = link_offer(r, r->params[0], NULL);
		widget_button_form(r, action, N_("Take the place"), "answer", "accept", 1);
		widget_button_form(r, action, N_("Let the place go"), "answer", "decline", 0);
	}
	layout_end(r);
}

void page_offer_answer(struct req *r)
{
	struct offer o;
	struct application a;
	struct edition e;
	if (load(r, &o, &a, &e))
		return;
	const char *answer = form_get(r->form, "answer");
	int accept = answer && strcmp(answer, "accept") == 0;
	if (!answer || (!accept && strcmp(answer, "decline") != 0)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	int rc = svc_offer_answer(r->store, &o, accept, tz_now());
	if (rc && rc != LWP_ENOTFOUND && rc != LWP_ECLOSED) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	int made;
	if (!accept && rc == 0)
		LWP_IGNORE(svc_selection_offers(r->store, r->cfg->base_url, tz_now(), &made));
	req_redirect(r, 303, link_offer(r, r->params[0], NULL));
}
