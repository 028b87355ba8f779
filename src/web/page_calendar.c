/*
 * Calendars (issue 15): the edition's public agenda (confirmed meetings,
 * no personal data) and a person's private feed behind a token, both as
 * iCalendar with an ETag so that a calendar program's regular poll costs a
 * 304; the calendar section of a person's page (the account page and the
 * applicant's private page), where a feed link is made or replaced and
 * shown once with a webcal:// link; and the meetings on the public
 * invitation page.
 */
#include "web/auth.h"
#include "web/etag.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/meetings_web.h"
#include "web/routes_meetings.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "domain/rules.h"

#include <sodium.h>
#include <string.h>

/* Answer with the calendar in body, or 304 when the client has it. */
static void send_calendar(struct req *r, struct buf *body, int private_feed)
{
	unsigned char h[16];
	char hex[33], *etag;
	crypto_generichash(h, sizeof(h), (const unsigned char *)buf_cstr(body), body->len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	etag = arena_printf(r->arena, "\"%s\"", hex);
	req_set_header(r, "ETag", etag);
	req_set_header(r, "Cache-Control", private_feed ? "private, no-cache" : "public, no-cache");
	if (private_feed)
		req_set_header(r, "X-Robots-Tag", "noindex");
	if (etag_match(req_header(r, "If-None-Match"), etag)) {
		r->status = 304;
		return;
	}
	r->content_type = "text/calendar; charset=utf-8";
	buf_append(&r->out, buf_cstr(body), body->len);
}

/* GET /edities/{slug}/agenda.ics */
void page_agenda_edition(struct req *r)
{
	struct edition e;
	struct buf body;
	int rc = store_edition_get(r->store, r->arena, r->params[0], &e);
	if (rc == LWP_ENOTFOUND || (rc == 0 && !edition_is_published(&e))) {
		req_error(r, 404, "not_found", N_("There is no published edition at this address."));
		return;
	}
	buf_init(&body, 1u << 22);
	if (!rc)
		rc = svc_calendar_edition(r->store, r->arena, r->cfg->base_url, &e, &body);
	if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	else
		send_calendar(r, &body, 0);
	buf_free(&body);
}

/* GET /agenda/{token}: the token followed by ".ics". */
void page_agenda_private(struct req *r)
{
	const char *p = r->params[0];
	size_t n = strlen(p);
	struct buf body;
	if (n < 5 || strcmp(p + n - 4, ".ics") != 0) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	char *token = arena_strndup(r->arena, p, n - 4);
	buf_init(&body, 1u << 22);
	int rc = token ? svc_calendar_private(r->store, r->arena, r->cfg->base_url, token, r->lang, &body)
		       : LWP_ENOMEM;
	if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	else
		send_calendar(r, &body, 1);
	buf_free(&body);
}

void meetings_feed_section(struct req *r, const char *action, const char *token)
{
	struct buf *b = &r->out;
	html_raw(b, "<section aria-labelledby=\"agenda-heading\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"agenda-heading\">");
	html_text(b, T(r, "Your meetings in your calendar"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Subscribe your calendar program to a personal link: your meetings then appear in it and stay up to date."));
	html_raw(b, "</p>\n");
	if (token) {
		const char *base = r->cfg->base_url ? r->cfg->base_url : "";
		char *url = arena_printf(r->arena, "%s/agenda/%s.ics", base, token);
		const char *rest = strstr(url, "://");
		char *webcal = arena_printf(r->arena, "webcal://%s", rest ? rest + 3 : url);
		widget_notice(r, "ok", NULL, T(r, "Your new calendar link is below. Copy it now: it is shown only once, and an earlier link no longer works."));
		html_raw(b, "<p class=\"nl-paragraph lwp-break\"><a class=\"nl-link\" href=\"");
		html_attr(b, webcal);
		html_raw(b, "\">");
		html_text(b, T(r, "Subscribe in your calendar program"));
		html_raw(b, "</a></p>\n<p class=\"nl-paragraph lwp-break\"><code>");
		html_text(b, url);
		html_raw(b, "</code></p>\n");
	}
	widget_button_form(r, action, token ? N_("Make another calendar link")
					    : N_("Make a calendar link (replaces an earlier one)"),
			   NULL, NULL, 0);
	html_raw(b, "</section>\n");
}

/* POST /account/agenda */
void page_account_agenda(struct req *r)
{
	char *token;
	struct actor who = auth_actor(r);
	if (svc_calendar_token_new(r->store, r->arena, &who, r->user->id, 0, tz_now(), &token)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	r->personal = 1;
	layout_begin(r, T(r, "Your meetings in your calendar"));
	widget_heading(r, T(r, "Your account"));
	meetings_feed_section(r, "/account/agenda", token);
	html_raw(&r->out, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/account\">");
	html_text(&r->out, T(r, "Back to your account"));
	html_raw(&r->out, "</a></p>\n");
	layout_end(r);
}

/* POST /aanmelding/{token}/agenda: a feed for the applicant. */
void page_application_agenda(struct req *r)
{
	struct application a;
	struct edition e;
	int64_t person;
	char *token;
	r->personal = 1;
	int rc = store_application_by_token(r->store, r->arena, r->params[0], &a, &e);
	if (!rc)
		rc = store_application_person(r->store, a.id, &person);
	struct actor who = {0, "applicant", r->ip ? r->ip : ""};
	if (!rc)
		rc = svc_calendar_token_new(r->store, r->arena, &who, 0, person, tz_now(), &token);
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	layout_begin(r, T(r, "Your meetings in your calendar"));
	widget_heading(r, T(r, "Your application"));
	meetings_feed_section(r, arena_printf(r->arena, "/aanmelding/%s/agenda", r->params[0]), token);
	html_raw(&r->out, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/aanmelding/");
	html_url_arg(&r->out, r->params[0]);
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Back to your application"));
	html_raw(&r->out, "</a></p>\n");
	layout_end(r);
}

void meetings_public_section(struct req *r, const struct edition *e)
{
	struct meeting_row *rows;
	int n;
	struct buf *b = &r->out;
	if (store_meeting_list(r->store, r->arena, e->id, 1, &rows, &n) || n == 0)
		return;
	html_raw(b, "<section aria-labelledby=\"meetings-heading\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"meetings-heading\">");
	html_text(b, T(r, "Meetings"));
	html_raw(b, "</h2>\n<ul class=\"utrecht-unordered-list\">\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li class=\"utrecht-unordered-list__item\"><strong>");
		html_text(b, rows[i].m.title);
		html_raw(b, "</strong>: ");
		meetings_days(r, rows[i].m.days, rows[i].m.n_days);
		if (rows[i].m.location && *rows[i].m.location) {
			html_raw(b, ", ");
			html_text(b, rows[i].m.location);
		}
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/edities/");
	html_url_arg(b, e->slug);
	html_raw(b, "/agenda.ics\">");
	html_text(b, T(r, "These meetings in your calendar (iCalendar)"));
	html_raw(b, "</a></p>\n</section>\n");
}
