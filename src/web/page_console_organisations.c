/*
 * The lead console, organisations: every known organisation with its kind
 * and parent organisation (the selection counts a different parent as a
 * difference of its own), and setting the parent of one, through
 * svc_organisation_set_parent (audited).
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/routes_console.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "service/editions.h"
#include "store/store.h"

#include <string.h>

static const struct widget_field parent_fields[] = {
	{"organisation", N_("Organisation"), NULL, WT_TEXT, "off", 1, 150, NULL, "organisation-names"},
	{"parent", N_("Parent organisation"), N_("For example the ministry an agency belongs to. It must be in the list above."), WT_TEXT, "off", 1, 150, NULL, "organisation-names"},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void organisations_page(struct req *r, const struct field_errors *fe)
{
	struct organisation_row *list;
	int n;
	struct buf *b = &r->out;
	if (store_organisation_list(r->store, r->arena, &list, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Organisations"), NULL);
	widget_error_summary(r, fe, parent_fields, NULL);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	widget_table_begin(r, "organisations-caption", T(r, "Known organisations"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Organisation"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Kind of organisation"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Parent organisation"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, list[i].name);
		html_raw(b, "</td><td>");
		html_text(b, T(r, org_kind_label(list[i].kind)));
		html_raw(b, "</td><td>");
		if (list[i].parent)
			html_text(b, list[i].parent);
		else
			html_text(b, T(r, "none"));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Set a parent organisation"));
	html_raw(b, "</h2>\n<datalist id=\"organisation-names\">");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, list[i].name);
		html_raw(b, "\"></option>");
	}
	html_raw(b, "</datalist>\n");
	widget_form_begin(r, "/beheer/organisaties/ouder");
	for (int i = 0; parent_fields[i].name; i++)
		widget_field(r, &parent_fields[i], r->form ? form_get(r->form, parent_fields[i].name) : NULL, fe);
	widget_form_end(r, N_("Save the parent organisation"), 1);
	layout_end(r);
}

/* Organisations belong to every edition: for leads of all editions and
 * admins, like the whole audit log. */
static int allowed(struct req *r)
{
	if (auth_allows(r, ROLE_LEAD, 0))
		return 1;
	req_error(r, 403, "forbidden", N_("You do not have access to this page."));
	return 0;
}

/* GET /beheer/organisaties */
void page_console_organisations(struct req *r)
{
	if (allowed(r))
		organisations_page(r, NULL);
}

/* POST /beheer/organisaties/ouder: organisation, parent (both known). */
void page_console_organisation_parent(struct req *r)
{
	struct field_errors fe = {0};
	if (!allowed(r))
		return;
	const char *name = form_get(r->form, "organisation");
	const char *parent = form_get(r->form, "parent");
	if (!name || !*name)
		field_errors_add(&fe, "organisation", N_("This field is required."));
	if (!parent || !*parent)
		field_errors_add(&fe, "parent", N_("This field is required."));
	if (!fe.n) {
		struct actor who = auth_actor(r);
		int rc = svc_organisation_set_parent(r->store, r->arena, &who, name, parent, tz_now());
		if (rc == LWP_ENOTFOUND)
			field_errors_add(&fe, "parent", N_("Both organisations must be in the list, and an organisation cannot be its own parent."));
		else if (rc) {
			req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
			return;
		}
	}
	if (fe.n) {
		r->status = 422;
		organisations_page(r, &fe);
		return;
	}
	req_redirect(r, 303, "/beheer/organisaties?klaar=1");
}
