/*
 * GET /netwerk/leden: the members' directory, for members of the network
 * only: the people who agreed to be listed, with their organisation, their
 * initiatives (as the viewer may see them) and the editions they took part
 * in; the viewer's own consent; a form to connect with one of them.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/network_view.h"
#include "web/routes_network.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "store/store.h"

#include <string.h>

static void th(struct req *r, const char *msgid)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</th>");
}

static void person_initiatives(struct req *r, const struct network_view *v, int64_t person,
			       const struct initiative_row *rows, int n)
{
	struct buf *b = &r->out;
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i].owner_id != person ||
		    !network_can_see(&v->viewer, rows[i].visibility, rows[i].status,
				     network_view_owns(v, rows[i].id)))
			continue;
		if (any)
			html_raw(b, ", ");
		html_raw(b, "<a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, rows[i].id, NULL));
		html_raw(b, "\">");
		html_text(b, rows[i].title);
		html_raw(b, "</a>");
		any = 1;
	}
}

static void person_editions(struct req *r, int64_t person, const struct person_edition *pe, int n)
{
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (pe[i].person_id != person)
			continue;
		if (any)
			html_raw(&r->out, ", ");
		html_text(&r->out, pe[i].title);
		any = 1;
	}
}

static void consent_form(struct req *r, int listed)
{
	struct buf *b = &r->out;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "You in the directory"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, listed ? T(r, "You are listed: members of the network see your name, organisation, initiatives and editions.")
			    : T(r, "You are not listed. When you agree, members of the network see your name, organisation, initiatives and editions."));
	html_raw(b, "</p>\n");
	widget_button_form(r, "/netwerk/leden/toestemming",
			   listed ? N_("Remove me from the directory") : N_("List me in the directory"),
			   "consent", listed ? "0" : "1", 0);
}

static void connect_form(struct req *r, const struct directory_person *people, int n,
			 int64_t me)
{
	struct buf *b = &r->out;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Connect with a member"));
	html_raw(b, "</h2>\n");
	widget_form_begin(r, "/netwerk/leden/verbinden");
	network_select_begin(r, "to", N_("Member"));
	for (int i = 0; i < n; i++) {
		if (people[i].id == me)
			continue;
		buf_printf(b, "<option value=\"%lld\">", (long long)people[i].id);
		html_text(b, people[i].name);
		html_raw(b, "</option>");
	}
	network_select_end(r);
	for (int i = 0; connection_fields[i].name; i++)
		widget_field(r, &connection_fields[i], NULL, NULL);
	widget_form_end(r, N_("Propose the connection"), 0);
}

void page_directory(struct req *r)
{
	struct network_view v;
	struct directory_person *people = NULL;
	struct initiative_row *rows = NULL;
	struct person_edition *pe = NULL;
	int n = 0, nrows = 0, npe = 0, listed = 0;
	struct buf *b = &r->out;
	if (network_view_begin(r, &v))
		return;
	r->personal = 1;
	int rc = 0;
	if (v.viewer.member &&
	    ((rc = store_directory(r->store, r->arena, &people, &n)) ||
	     (rc = store_initiative_list(r->store, r->arena, 0, &rows, &nrows)) ||
	     (rc = store_person_editions(r->store, r->arena, &pe, &npe))))
		goto fail;
	if (v.viewer.person_id && (rc = store_person_consent(r->store, v.viewer.person_id, &listed)))
		goto fail;
	layout_begin(r, T(r, "Members' directory"));
	widget_heading(r, T(r, "Members' directory"));
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	if (!v.viewer.member) {
		widget_notice(r, "info", NULL, T(r, "The directory is for members of the network: participants, coaches, leads and network members. Ask the programme lead to make you a member."));
		consent_form(r, listed);
		network_view_end(&v);
		layout_end(r);
		return;
	}
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_fill(b, T(r, "{1} people agreed to be listed."), n, 0);
	html_raw(b, "</p>\n");
	widget_table_begin(r, "directory-caption", T(r, "Members' directory"), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Initiatives"));
	th(r, N_("Editions"));
	html_raw(b, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<tr><th scope=\"row\">");
		html_text(b, people[i].name);
		html_raw(b, "</th><td>");
		html_text(b, people[i].organisation);
		html_raw(b, "</td><td>");
		person_initiatives(r, &v, people[i].id, rows, nrows);
		html_raw(b, "</td><td>");
		person_editions(r, people[i].id, pe, npe);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	consent_form(r, listed);
	if (n > 1 || (n == 1 && people[0].id != v.viewer.person_id))
		connect_form(r, people, n, v.viewer.person_id);
	network_view_end(&v);
	layout_end(r);
	return;
fail:
	network_view_end(&v);
	network_page_error(r, rc);
}

void page_directory_consent(struct req *r)
{
	struct network_user u = network_user_of(r);
	struct actor who = auth_actor(r);
	const char *c = r->form ? form_get(r->form, "consent") : NULL;
	if (!c || (strcmp(c, "0") != 0 && strcmp(c, "1") != 0)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	int rc = svc_directory_consent(r->store, r->arena, &who, &u, c[0] == '1', tz_now(), NULL);
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, "/netwerk/leden?klaar=1");
}

void page_directory_connect(struct req *r)
{
	struct network_view v;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	struct network_user u = network_user_of(r);
	long long to = 0;
	int64_t id;
	if (network_view_begin(r, &v))
		return;
	const char *t = r->form ? form_get(r->form, "to") : NULL;
	int k = connection_kind_parse(r->form ? form_get(r->form, "kind") : NULL);
	const char *note = r->form ? form_get(r->form, "note") : NULL;
	struct connection_request c = {
		.kind = k < 0 ? CONN_KIND_COUNT : (enum connection_kind)k,
		.note = note ? arena_strdup(r->arena, note) : NULL,
		.base_url = r->cfg->base_url,
	};
	if (t && parse_int(t, 1, INT64_MAX, &to) == 0)
		c.to_person = to;
	int rc = v.viewer.member ? 0 : LWP_ENOTFOUND;
	if (rc == 0 && !v.viewer.person_id)
		rc = svc_network_join(r->store, r->arena, &u, tz_now(), &v.viewer.person_id);
	c.from_person = v.viewer.person_id;
	if (rc == 0)
		rc = svc_connection_make(r->store, r->arena, &who, v.viewer.person_id, &v.viewer, &c,
					 tz_now(), &fe, &id);
	network_view_end(&v);
	if (rc == LWP_EINVAL) {
		req_error(r, 422, "validation", fe.n ? fe.items[0].msg : N_("Some fields need your attention."));
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, "/netwerk/verbindingen?klaar=1");
}
