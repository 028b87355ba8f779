/*
 * The lead console, charges of an edition: per accepted participant the
 * fee, the nights charged (attended at the residential meetings, or booked
 * when there are none; the lead can set them) and the manual lines; adding a manual
 * line (with its reason) for a participant or an organisation, removing
 * one; and the billing data per organisation (prefilled from the
 * application form, editable while its invoice is a draft).
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_invoices.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct charges_view {
	struct invoice_participant *p;
	struct invoice_stay *stays;
	struct invoice_manual_row *manual;
	struct invoice_billing *orgs;
	int np, ns, nm, no;
};

static int load_view(struct req *r, struct charges_view *v)
{
	int64_t id = r->edition->id;
	int rc = store_invoice_participants(r->store, r->arena, id, &v->p, &v->np);
	if (rc || (rc = store_invoice_nights(r->store, r->arena, id, &v->stays, &v->ns)) ||
	    (rc = store_invoice_manual_lines(r->store, r->arena, id, &v->manual, &v->nm)))
		return rc;
	return store_invoice_billing_list(r->store, r->arena, id, &v->orgs, &v->no);
}

static const char *org_name(const struct charges_view *v, int64_t org)
{
	for (int i = 0; i < v->no; i++)
		if (v->orgs[i].organisation_id == org)
			return v->orgs[i].organisation;
	return "";
}

static void participant_row(struct req *r, const struct charges_view *v, int i)
{
	struct buf *b = &r->out;
	const struct invoice_participant *p = &v->p[i];
	int nights = 0;
	int64_t stays = 0, manual = 0, net;
	for (int s = 0; s < v->ns; s++)
		if (v->stays[s].participant_id == p->id) {
			/* one stay per meeting, each at its own price */
			nights += v->stays[s].nights;
			stays += v->stays[s].nights * v->stays[s].price_per_night_cents;
		}
	for (int m = 0; m < v->nm; m++)
		if (v->manual[m].m.participant_id == p->id &&
		    invoice_line_net(v->manual[m].m.quantity, v->manual[m].m.unit_price_cents, &net) == 0)
			manual += net;
	html_raw(b, "<tr><td class=\"lwp-number\">");
	html_int(b, (long long)p->id);
	html_raw(b, "</td><td>");
	html_text(b, p->name);
	html_raw(b, "</td><td>");
	html_text(b, org_name(v, p->organisation_id));
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, r->edition->fee_cents);
	html_raw(b, "</td><td class=\"lwp-number\">");
	html_int(b, nights);
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, stays);
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, manual);
	html_raw(b, "</td><td class=\"lwp-number\">");
	invoice_page_amount(r, r->edition->fee_cents + stays + manual);
	html_raw(b, "</td></tr>\n");
}

static void participants_table(struct req *r, const struct charges_view *v)
{
	widget_table_begin(r, "charges-caption", T(r, "Charges per participant, excluding VAT"), 0);
	html_raw(&r->out, "<thead><tr>");
	invoice_page_th(r, N_("Application"), 1);
	invoice_page_th(r, N_("Name"), 0);
	invoice_page_th(r, N_("Organisation"), 0);
	invoice_page_th(r, N_("Fee"), 1);
	invoice_page_th(r, N_("Nights"), 1);
	invoice_page_th(r, N_("Accommodation"), 1);
	invoice_page_th(r, N_("Manual lines"), 1);
	invoice_page_th(r, N_("Total"), 1);
	html_raw(&r->out, "</tr></thead><tbody>\n");
	for (int i = 0; i < v->np; i++)
		participant_row(r, v, i);
	widget_table_end(r);
}

static void manual_table(struct req *r, const struct charges_view *v)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "manual-caption", T(r, "Manual lines"), 0);
	html_raw(b, "<thead><tr>");
	invoice_page_th(r, N_("Description"), 0);
	invoice_page_th(r, N_("For"), 0);
	invoice_page_th(r, N_("Quantity"), 1);
	invoice_page_th(r, N_("Price"), 1);
	invoice_page_th(r, N_("Reason"), 0);
	invoice_page_th(r, N_("Added by"), 0);
	invoice_page_th(r, N_("Action"), 0);
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < v->nm; i++) {
		const struct invoice_manual_row *m = &v->manual[i];
		html_raw(b, "<tr><td>");
		html_text(b, m->m.description);
		html_raw(b, "</td><td>");
		html_text(b, m->participant ? m->participant : m->organisation);
		html_raw(b, "</td><td class=\"lwp-number\">");
		buf_printf(b, "%" PRId64, m->m.quantity / INVOICE_QTY_SCALE);
		html_raw(b, "</td><td class=\"lwp-number\">");
		invoice_page_amount(r, m->m.unit_price_cents);
		html_raw(b, "</td><td>");
		html_text(b, m->m.reason);
		html_raw(b, "</td><td>");
		html_text(b, m->created_by);
		html_raw(b, "</td><td>");
		widget_button_form(r, link_console_edition(r, r->edition->slug, "/kosten/regel-verwijderen"),
				   N_("Remove"), "line", arena_printf(r->arena, "%" PRId64, m->id), 0);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

/* Select options: "p:ID" per participant, "o:ID" per organisation. */
static const char *const *for_options(struct req *r, const struct charges_view *v)
{
	const char **o = arena_calloc(r->arena, (size_t)(v->np + v->no) * 2 + 1, sizeof(char *));
	int n = 0;
	for (int i = 0; o && i < v->np; i++) {
		o[n++] = arena_printf(r->arena, "p:%" PRId64, v->p[i].id);
		o[n++] = arena_printf(r->arena, "%s (%s)", v->p[i].name, org_name(v, v->p[i].organisation_id));
	}
	for (int i = 0; o && i < v->no; i++) {
		o[n++] = arena_printf(r->arena, "o:%" PRId64, v->orgs[i].organisation_id);
		o[n++] = v->orgs[i].organisation;
	}
	return o;
}

static void charge_forms(struct req *r, const struct charges_view *v)
{
	const char *const *opts = for_options(r, v);
	const struct widget_field nights[] = {
		{"participant", N_("Participant"), NULL, WT_SELECT, NULL, 1, 0, opts, NULL},
		{"nights", N_("Nights booked"), NULL, WT_NUMBER, NULL, 1, 3, NULL, NULL},
	};
	const struct widget_field manual[] = {
		{"for", N_("For"), NULL, WT_SELECT, NULL, 1, 0, opts, NULL},
		{"description", N_("Description"), NULL, WT_TEXT, NULL, 1, 200, NULL, NULL},
		{"quantity", N_("Quantity"), N_("A whole number; negative for a reduction."), WT_NUMBER, NULL, 1, 6, NULL, NULL},
		{"price", N_("Price per unit (euro, excluding VAT)"), NULL, WT_TEXT, NULL, 1, 12, NULL, NULL},
		{"reason", N_("Reason"), N_("Kept in the audit log and shown on the invoice."), WT_TEXT, NULL, 1, 500, NULL, NULL},
	};
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Add a manual line"));
	html_raw(&r->out, "</h2>\n");
	widget_form_begin(r, link_console_edition(r, r->edition->slug, "/kosten/regel"));
	for (size_t i = 0; i < sizeof(manual) / sizeof(manual[0]); i++)
		widget_field(r, &manual[i], i == 2 ? "1" : NULL, NULL);
	widget_form_end(r, N_("Add the line"), 0);
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Nights booked"));
	html_raw(&r->out, "</h2>\n");
	widget_form_begin(r, link_console_edition(r, r->edition->slug, "/kosten/nachten"));
	for (size_t i = 0; i < sizeof(nights) / sizeof(nights[0]); i++)
		widget_field(r, &nights[i], NULL, NULL);
	widget_form_end(r, N_("Save the nights"), 0);
}

static void billing_table(struct req *r, const struct charges_view *v)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "billing-caption", T(r, "Billing data per organisation"), 0);
	html_raw(b, "<thead><tr>");
	invoice_page_th(r, N_("Organisation"), 0);
	invoice_page_th(r, N_("Legal name"), 0);
	invoice_page_th(r, N_("Your reference"), 0);
	invoice_page_th(r, N_("E-mail for invoices"), 0);
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < v->no; i++) {
		const struct invoice_billing *o = &v->orgs[i];
		html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
		html_attr(b, link_console_edition(r, r->edition->slug,
						  arena_printf(r->arena, "/facturatiegegevens/%" PRId64,
							       o->organisation_id)));
		html_raw(b, "\">");
		html_text(b, o->organisation);
		html_raw(b, "</a></td><td>");
		html_text(b, o->buyer.name ? o->buyer.name : "");
		html_raw(b, "</td><td>");
		html_text(b, o->buyer.buyer_reference ? o->buyer.buyer_reference : "");
		html_raw(b, "</td><td>");
		html_text(b, o->buyer.email ? o->buyer.email : T(r, "missing"));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

/* GET /beheer/edities/{slug}/kosten */
void page_invoice_charges(struct req *r)
{
	struct charges_view v;
	if (load_view(r, &v)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Charges per participant"), r->edition);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	html_raw(&r->out, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(&r->out, link_console_edition(r, r->edition->slug, "/facturen"));
	html_raw(&r->out, "\">");
	html_text(&r->out, T(r, "Invoices"));
	html_raw(&r->out, "</a></p>\n");
	if (v.np == 0) {
		widget_notice(r, "info", NULL, T(r, "No participants have been accepted yet."));
		layout_end(r);
		return;
	}
	participants_table(r, &v);
	if (v.nm)
		manual_table(r, &v);
	billing_table(r, &v);
	charge_forms(r, &v);
	layout_end(r);
}

static void charges_done(struct req *r, int rc, const struct invoice_error *ie)
{
	if (rc)
		invoice_page_error(r, rc, ie);
	else
		req_redirect(r, 303, link_console_edition(r, r->edition->slug, "/kosten?klaar=1"));
}

/* POST /beheer/edities/{slug}/kosten/nachten */
void page_invoice_nights(struct req *r)
{
	long long id, nights;
	struct actor who = auth_actor(r);
	const char *p = form_get(r->form, "participant");
	if (!p || strncmp(p, "p:", 2) != 0 || parse_int(p + 2, 1, INT64_MAX, &id) ||
	    parse_int(form_get(r->form, "nights"), 0, 365, &nights)) {
		req_error(r, 422, "validation", N_("Choose a participant and a number of nights from 0 to 365."));
		return;
	}
	charges_done(r, svc_invoice_nights_set(r->store, r->arena, &who, r->edition, id, (int)nights,
					       tz_now()), NULL);
}

/* POST /beheer/edities/{slug}/kosten/regel */
void page_invoice_manual_add(struct req *r)
{
	struct invoice_manual m = {0};
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	long long id, qty, cents;
	const char *f = form_get(r->form, "for");
	int64_t line;
	if (!f || (strncmp(f, "p:", 2) != 0 && strncmp(f, "o:", 2) != 0) || parse_int(f + 2, 1, INT64_MAX, &id) ||
	    parse_int(form_get(r->form, "quantity"), -1000, 1000, &qty) ||
	    parse_euro(form_get(r->form, "price"), 1000000, &cents)) {
		req_error(r, 422, "validation", N_("Choose for whom, a whole quantity from -1000 to 1000 and a price in euro."));
		return;
	}
	if (f[0] == 'p')
		m.participant_id = id;
	else
		m.organisation_id = id;
	m.description = form_get(r->form, "description");
	m.reason = form_get(r->form, "reason");
	m.quantity = qty * INVOICE_QTY_SCALE;
	m.unit_price_cents = cents;
	charges_done(r, svc_invoice_manual_add(r->store, r->arena, &who, r->edition, &m, tz_now(),
					       &ie, &line), &ie);
}

/* POST /beheer/edities/{slug}/kosten/regel-verwijderen */
void page_invoice_manual_delete(struct req *r)
{
	long long id;
	struct actor who = auth_actor(r);
	if (parse_int(form_get(r->form, "line"), 1, INT64_MAX, &id)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	charges_done(r, svc_invoice_manual_delete(r->store, r->arena, &who, r->edition, id, tz_now()),
		     NULL);
}

/* ---- billing data of one organisation ---- */

static const char *const buyer_schemes[] = {"", N_("None"), "oin", "OIN", "kvk", "KVK", NULL};

static const struct widget_field billing_fields[] = {
	{"name", N_("Legal name"), NULL, WT_TEXT, "organization", 1, 200, NULL, NULL},
	{"address", N_("Street and number or PO box"), NULL, WT_TEXT, "address-line1", 1, 200, NULL, NULL},
	{"postcode", N_("Postcode"), NULL, WT_TEXT, "postal-code", 1, 10, NULL, NULL},
	{"city", N_("City"), NULL, WT_TEXT, "address-level2", 1, 100, NULL, NULL},
	{"scheme", N_("Kind of number"), NULL, WT_SELECT, NULL, 0, 0, buyer_schemes, NULL},
	{"party_id", N_("OIN or KVK number"), N_("OIN: 20 digits; KVK: 8 digits."), WT_TEXT, NULL, 0, 20, NULL, NULL},
	{"buyer_reference", N_("Your reference"), N_("Kept exactly as given, e.g. a cost centre."), WT_TEXT, NULL, 0, 100, NULL, NULL},
	{"order_reference", N_("Your purchase order"), N_("Kept exactly as given."), WT_TEXT, NULL, 0, 100, NULL, NULL},
	{"contact_name", N_("Contact"), NULL, WT_TEXT, "name", 0, 100, NULL, NULL},
	{"email", N_("E-mail for invoices"), NULL, WT_EMAIL, "email", 1, 200, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static int load_billing(struct req *r, struct invoice_billing *b)
{
	long long org;
	int rc = parse_int(r->params[1], 1, INT64_MAX, &org) ? LWP_ENOTFOUND
		 : store_invoice_billing(r->store, r->arena, r->edition->id, org, b);
	if (rc == LWP_ENOTFOUND)
		req_error(r, 404, "not_found", N_("This page does not exist."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	return rc;
}

static void billing_page(struct req *r, const struct invoice_billing *b, const char *error)
{
	const struct invoice_buyer *v = &b->buyer;
	const char *values[] = {v->name, v->address, v->postcode, v->city,
				v->id_scheme == INVOICE_ID_OIN ? "oin" : v->id_scheme == INVOICE_ID_KVK ? "kvk" : "",
				v->id, v->buyer_reference, v->order_reference, v->contact_name, v->email};
	console_begin(r, arena_printf(r->arena, "%s: %s", T(r, "Billing data"), b->organisation), r->edition);
	if (error)
		widget_notice(r, "warning", NULL, T(r, error));
	if (!b->saved)
		widget_notice(r, "info", NULL, T(r, "Prefilled from the application form; check and save."));
	widget_form_begin(r, link_console_edition(r, r->edition->slug,
						  arena_printf(r->arena, "/facturatiegegevens/%" PRId64,
							       b->organisation_id)));
	for (int i = 0; billing_fields[i].name; i++)
		widget_field(r, &billing_fields[i], values[i], NULL);
	widget_form_end(r, N_("Save the billing data"), 1);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/facturatiegegevens/{organisation} */
void page_invoice_billing(struct req *r)
{
	struct invoice_billing b;
	if (load_billing(r, &b) == 0)
		billing_page(r, &b, NULL);
}

/* POST /beheer/edities/{slug}/facturatiegegevens/{organisation}: the
 * references are stored exactly as typed (no trimming). */
void page_invoice_billing_save(struct req *r)
{
	struct invoice_billing b;
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	if (load_billing(r, &b))
		return;
	const char **slots[] = {&b.buyer.name, &b.buyer.address, &b.buyer.postcode, &b.buyer.city,
				NULL, &b.buyer.id, &b.buyer.buyer_reference, &b.buyer.order_reference,
				&b.buyer.contact_name, &b.buyer.email};
	for (int i = 0; billing_fields[i].name; i++) {
		const char *v = form_get(r->form, billing_fields[i].name);
		if (slots[i])
			*slots[i] = v && *v ? v : NULL;
	}
	const char *scheme = form_get(r->form, "scheme");
	b.buyer.id_scheme = !scheme ? INVOICE_ID_NONE : strcmp(scheme, "oin") == 0 ? INVOICE_ID_OIN
			    : strcmp(scheme, "kvk") == 0 ? INVOICE_ID_KVK : INVOICE_ID_NONE;
	int rc = svc_invoice_billing_set(r->store, r->arena, &who, r->edition, &b, tz_now(), &ie);
	if (rc == LWP_EINVAL) {
		r->status = 422;
		billing_page(r, &b, ie.msg);
	} else if (rc) {
		invoice_page_error(r, rc, &ie);
	} else {
		req_redirect(r, 303, link_console_edition(r, r->edition->slug, "/kosten?klaar=1"));
	}
}
