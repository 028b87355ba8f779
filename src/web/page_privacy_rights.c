/*
 * Privacy rights on the web (AVG art. 15, 17, 20): the "Your data"
 * sections of the account and the application's private page, the JSON
 * download (straight from the account; from the private page only through
 * a one-time link mailed to the applicant's address, so that a leaked
 * private link does not hand out everything), the request for erasure,
 * and the console page where a lead carries requests out.
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_privacy.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/privacy.h"
#include "store/store_privacy.h"

#include <jansson.h>
#include <string.h>

static void unavailable(struct req *r)
{
	req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
}

/* Answer with the export as a JSON attachment. */
static void send_export(struct req *r, json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	if (!text) {
		unavailable(r);
		return;
	}
	r->personal = 1;
	r->content_type = "application/json; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       "attachment; filename=\"leerwerkplaats-my-data.json\"");
	buf_puts(&r->out, text);
	free(text);
}

static void section_begin(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "<section aria-labelledby=\"privacy-heading\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"privacy-heading\">");
	html_text(b, T(r, "Your data"));
	html_raw(b, "</h2>\n");
}

static void paragraph(struct req *r, const char *text)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</p>\n");
}

void privacy_account_section(struct req *r)
{
	section_begin(r);
	if (req_query(r, "verwijderen"))
		widget_notice(r, "ok", NULL, T(r, "We have received your request for erasure. A programme lead carries it out, at the latest after the waiting period."));
	paragraph(r, T(r, "Download everything the Leerwerkplaats holds about you, as a JSON file: your account, applications, consents, initiatives, e-mail sent to you and the audit log entries about you."));
	widget_button_form(r, "/account/gegevens", N_("Download my data"), NULL, NULL, 0);
	paragraph(r, T(r, "You can also ask us to erase your data. Your account, applications and e-mail are then removed or anonymised everywhere; billing details of a place you took part in are kept as long as tax law requires."));
	widget_button_form(r, "/account/verwijderen", N_("Ask for erasure of my data"), NULL, NULL, 0);
	html_raw(&r->out, "</section>\n");
}

void privacy_application_section(struct req *r, const char *token)
{
	section_begin(r);
	if (req_query(r, "gegevens"))
		widget_notice(r, "ok", NULL, T(r, "We have sent you an e-mail with a link to download your data. The link works once and for an hour."));
	if (req_query(r, "verwijderen"))
		widget_notice(r, "ok", NULL, T(r, "We have received your request for erasure. A programme lead carries it out, at the latest after the waiting period."));
	paragraph(r, T(r, "Download everything the Leerwerkplaats holds about you. To be sure it is you, we send a link for the download to your e-mail address."));
	widget_button_form(r, link_application(r, token, "/gegevens"), N_("E-mail me a download link"), NULL, NULL, 0);
	paragraph(r, T(r, "You can also ask us to erase your data: your applications, initiatives and e-mail are then removed or anonymised everywhere."));
	widget_button_form(r, link_application(r, token, "/verwijderen"), N_("Ask for erasure of my data"), NULL, NULL, 0);
	html_raw(&r->out, "</section>\n");
}

/* POST /account/gegevens */
void page_account_export(struct req *r)
{
	json_t *doc;
	struct actor who = auth_actor(r);
	int rc = svc_privacy_export(r->store, r->arena, &who, r->user->email, tz_now(), &doc);
	if (rc) {
		unavailable(r);
		return;
	}
	send_export(r, doc);
}

static int grace_days(const struct req *r)
{
	return r->cfg->erasure_grace_days;
}

/* POST /account/verwijderen */
void page_account_erasure(struct req *r)
{
	struct actor who = auth_actor(r);
	int rc = svc_privacy_request_erasure(r->store, r->arena, &who, r->user->email, "account",
					     grace_days(r), tz_now(), NULL);
	if (rc && rc != LWP_ECONFLICT) {
		unavailable(r);
		return;
	}
	req_redirect(r, 303, "/account?verwijderen=1#privacy-heading");
}

static void bad_link(struct req *r)
{
	req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
}

/* POST /aanmelding/{token}/gegevens */
void page_application_export_link(struct req *r)
{
	r->personal = 1;
	if (auth_rate_limit(r, "link", r->ip))
		return;
	int rc = svc_privacy_download_link(r->store, r->arena, r->params[0], r->cfg->base_url,
					   tz_now());
	if (rc == LWP_ENOTFOUND) {
		bad_link(r);
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	req_redirect(r, 303, link_application(r, r->params[0], "?gegevens=1#privacy-heading"));
}

/* POST /aanmelding/{token}/verwijderen */
void page_application_erasure(struct req *r)
{
	struct application app;
	struct edition e;
	r->personal = 1;
	int rc = store_application_by_token(r->store, r->arena, r->params[0], &app, &e);
	if (rc == LWP_ENOTFOUND) {
		bad_link(r);
		return;
	}
	struct actor who = {0, "applicant", r->ip ? r->ip : ""};
	if (!rc)
		rc = svc_privacy_request_erasure(r->store, r->arena, &who, app.email, "application",
						 grace_days(r), tz_now(), NULL);
	if (rc && rc != LWP_ECONFLICT) {
		unavailable(r);
		return;
	}
	req_redirect(r, 303, link_application(r, r->params[0], "?verwijderen=1#privacy-heading"));
}

/* GET /mijn-gegevens/{token}: a page with the button, so that a mail
 * scanner that opens the link does not use it up. */
void page_download(struct req *r)
{
	char *hash;
	r->personal = 1;
	int rc = store_token_hash(r->arena, r->params[0], &hash);
	if (!rc)
		rc = store_privacy_link_open(r->store, hash, tz_now());
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This download link is not valid: it was used already or has expired. Ask for a new one on your application's page."));
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	layout_begin(r, T(r, "Download your data"));
	widget_heading(r, T(r, "Download your data"));
	paragraph(r, T(r, "The file holds everything the Leerwerkplaats holds about you, in JSON, a format other programs can read. The link works once."));
	widget_button_form(r, r->path, N_("Download my data"), NULL, NULL, 1);
	layout_end(r);
}

/* POST /mijn-gegevens/{token} */
void page_download_use(struct req *r)
{
	json_t *doc;
	r->personal = 1;
	int rc = svc_privacy_download(r->store, r->arena, r->params[0], r->ip, tz_now(), &doc);
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This download link is not valid: it was used already or has expired. Ask for a new one on your application's page."));
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	send_export(r, doc);
}

static const char *via_label(const char *via)
{
	if (strcmp(via, "account") == 0)
		return N_("from the account");
	if (strcmp(via, "application") == 0)
		return N_("from the application's page");
	if (strcmp(via, "cli") == 0)
		return N_("by letter or telephone, entered by a lead");
	if (strcmp(via, "direct") == 0)
		return N_("by a lead or the command line");
	return N_("other");
}

static void request_row(struct req *r, const struct privacy_request *q)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><td>");
	html_text(b, q->done_at ? q->pseudonym : q->email_key);
	html_raw(b, "</td><td>");
	html_text(b, T(r, via_label(q->via)));
	html_raw(b, "</td><td>");
	lang_datetime(b, q->requested_at, r->lang);
	html_raw(b, "</td><td>");
	if (q->done_at) {
		html_text(b, T(r, "carried out on"));
		html_raw(b, " ");
		lang_datetime(b, q->done_at, r->lang);
	} else {
		html_text(b, T(r, "due on"));
		html_raw(b, " ");
		lang_datetime(b, q->due_at, r->lang);
		char *id = arena_printf(r->arena, "%lld", (long long)q->id);
		if (id)
			widget_button_form(r, "/beheer/privacy/uitvoeren", N_("Erase now"), "verzoek",
					   id, 0);
	}
	html_raw(b, "</td></tr>\n");
}

/* GET /beheer/privacy: the requests for erasure (open ones first). */
void page_console_privacy(struct req *r)
{
	struct privacy_request *list;
	int n, open = 0;
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	if (store_privacy_requests(r->store, r->arena, &list, &n)) {
		unavailable(r);
		return;
	}
	for (int i = 0; i < n; i++)
		open += list[i].done_at == 0;
	auth_audit(r, "privacy_requests.read", NULL, arena_printf(r->arena, "%d open", open));
	struct buf *b = &r->out;
	r->personal = 1;
	console_begin(r, T(r, "Requests for erasure"), NULL);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "The data has been erased. The audit log names the person by a pseudonym."));
	paragraph(r, T(r, "People ask for erasure from their account or their application's page. Erase now, or the background job does it when the waiting period has passed. Billing details of participants stay for the 7 years tax law requires."));
	if (n == 0) {
		paragraph(r, T(r, "There are no requests for erasure."));
		layout_end(r);
		return;
	}
	widget_table_begin(r, "requests-caption", T(r, "Requests for erasure, open ones first"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Who"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Asked"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Received on"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Status"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++)
		request_row(r, &list[i]);
	widget_table_end(r);
	layout_end(r);
}

/* POST /beheer/privacy/uitvoeren with verzoek=ID (a field, so that the
 * path names no person's request). */
void page_console_privacy_carry_out(struct req *r)
{
	long long id;
	if (!auth_allows(r, ROLE_LEAD, 0)) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	const char *v = r->form ? form_get(r->form, "verzoek") : NULL;
	if (!v || parse_int(v, 1, INT64_MAX, &id)) {
		req_error(r, 404, "not_found", N_("There is no such request."));
		return;
	}
	struct actor who = auth_actor(r);
	int rc = svc_privacy_carry_out(r->store, r->arena, &who, id, tz_now(), NULL);
	if (rc == LWP_ENOTFOUND || rc == LWP_ECLOSED) {
		req_error(r, rc == LWP_ENOTFOUND ? 404 : 409, rc == LWP_ENOTFOUND ? "not_found" : "conflict",
			  rc == LWP_ENOTFOUND ? N_("There is no such request.") : N_("This request was carried out already."));
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	req_redirect(r, 303, "/beheer/privacy?klaar=1");
}
