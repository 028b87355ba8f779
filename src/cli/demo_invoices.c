/*
 * Demo data, costs and invoices: the 2018 edition invoiced as it would have
 * been. A fictional organiser (a ministry with an invented OIN and the
 * standard example IBAN, both passing the checks), education exempt from
 * VAT, EUR 1,500 per participant plus the one night of the residential
 * start (25-26 January) at the conference centre, one invoice per
 * organisation with participants, issued on 1 February 2018 and sent, one
 * credit note for a participant who cancelled (fictional), and the rest
 * paid. Everything goes through the services, at the dates it would have
 * happened. Idempotent: nothing is done when the edition has invoices.
 */
#include "cli/demo.h"
#include "core/tz.h"
#include "service/editions.h"
#include "service/invoices.h"
#include "service/selection.h"

#include <stdio.h>
#include <string.h>


static int demo_seller(struct store *s, struct arena *a, const struct actor *who, int64_t now)
{
	struct invoice_seller v = {0};
	struct invoice_error ie = {0};
	if (store_invoice_seller(s, a, &v) == 0)
		return 0; /* a seller entered by hand stays */
	v.name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (fictief)";
	v.address = "Turfmarkt 147";
	v.postcode = "2511 DP";
	v.city = "Den Haag";
	v.id_scheme = INVOICE_ID_OIN;
	v.id = "00000001003214345000";
	v.vat_number = "NL003214345B01";
	v.iban = "NL91ABNA0417164300";
	v.contact_name = "EC O&P Organisatieadvies, debiteurenadministratie";
	v.contact_phone = "070 123 4567";
	v.contact_email = "facturen@ecop.example";
	return svc_invoice_seller_set(s, a, who, &v, now, &ie);
}

/* In main the 2018 edition is not selected yet; the selection's own demo
 * part will confirm it. So that the invoices exist either way, confirm the
 * proposed selection here when nobody has been accepted. */
static int demo_select(struct store *s, struct arena *a, const struct actor *who,
		       struct edition *e, int64_t now)
{
	struct selection_plan p;
	if (e->accepted > 0)
		return 0;
	int rc = svc_selection_plan(s, a, e->slug, now, 2.0, &p);
	if (rc)
		return rc;
	rc = svc_selection_confirm(s, a, &p, "", who, now);
	svc_selection_plan_free(&p);
	return rc ? rc : store_edition_get(s, a, e->slug, e);
}

static int demo_settings(struct store *s, struct arena *a, const struct actor *who,
			 struct edition *e, int64_t now)
{
	struct invoice_settings v;
	struct invoice_error ie = {0};
	struct field_errors fe = {0};
	invoice_settings_default(&v);
	v.residential_nights = 1;
	e->accommodation_cents = DEMO_PRICE_PER_NIGHT;
	int rc = svc_edition_update(s, a, who, e, now, &fe, NULL);
	return rc ? rc : svc_invoice_settings_set(s, a, who, e, &v, now, &ie);
}

/* Invented billing data per organisation: a PO box in Den Haag, an OIN
 * made from the organisation's id, a purchase order number. */
static int demo_billing(struct store *s, struct arena *a, const struct actor *who,
			const struct edition *e, int64_t now)
{
	struct invoice_billing *list;
	struct invoice_error ie = {0};
	int n, rc = store_invoice_billing_list(s, a, e->id, &list, &n);
	for (int i = 0; !rc && i < n; i++) {
		struct invoice_billing b = list[i];
		long long id = (long long)b.organisation_id;
		b.buyer.name = b.organisation;
		b.buyer.address = arena_printf(a, "Postbus %lld", 20000 + id * 7);
		b.buyer.postcode = "2500 EA";
		b.buyer.city = "Den Haag";
		b.buyer.id_scheme = INVOICE_ID_OIN;
		b.buyer.id = arena_printf(a, "0000000100%010lld", id);
		b.buyer.order_reference = arena_printf(a, "PO-2018-%03lld", id);
		b.buyer.contact_name = "Crediteurenadministratie";
		b.buyer.email = arena_printf(a, "facturen-%lld@organisatie.example", id);
		if (!b.buyer.address || !b.buyer.id || !b.buyer.order_reference || !b.buyer.email)
			return LWP_ENOMEM;
		rc = svc_invoice_billing_set(s, a, who, e, &b, now, &ie);
	}
	return rc;
}

/* Send every draft, credit the first invoice's last participant (who
 * cancelled), and mark the invoices and that credit note paid. */
static int demo_life_cycle(struct store *s, struct arena *a, const struct actor *who,
			   const struct edition *e, const int64_t when[3])
{
	struct invoice_row *list;
	struct invoice_error ie = {0};
	char *token;
	int64_t credit = 0;
	int n, rc = store_invoice_list(s, a, e->id, &list, &n);
	for (int i = 0; !rc && i < n; i++)
		rc = svc_invoice_send(s, a, who, "", e, list[i].id, when[0], &ie, &token);
	if (!rc && n > 0 && list[0].inv.n_lines > 0)
		rc = svc_invoice_credit(s, a, who, "", e, list[0].id,
					list[0].inv.lines[list[0].inv.n_lines - 1].participant_id,
					"Deelname geannuleerd voor de start (fictief voorbeeld)", 0,
					when[1], &ie, &credit);
	for (int i = 0; !rc && i < n; i++)
		rc = svc_invoice_paid(s, a, who, e, list[i].id, when[2]);
	return rc || !credit ? rc : svc_invoice_paid(s, a, who, e, credit, when[2]);
}

int demo_invoices(struct store *s, struct arena *a)
{
	struct actor who = ACTOR_SYSTEM;
	struct edition e;
	struct invoice_row *list;
	struct invoice_error ie = {0};
	int64_t selected, issued, credited, paid;
	int n, created;
	int rc = store_edition_get(s, a, DEMO_SLUG_2018, &e);
	if (rc || (rc = store_invoice_list(s, a, e.id, &list, &n)) || n > 0)
		return rc;
	if ((rc = tz_local_to_utc(2017, 11, 20, 10, 0, &selected)) ||
	    (rc = tz_local_to_utc(2018, 2, 1, 10, 0, &issued)) ||
	    (rc = tz_local_to_utc(2018, 2, 15, 10, 0, &credited)) ||
	    (rc = tz_local_to_utc(2018, 3, 1, 10, 0, &paid)))
		return rc;
	const int64_t when[3] = {issued, credited, paid};
	if ((rc = demo_select(s, a, &who, &e, selected)) ||
	    (rc = demo_seller(s, a, &who, issued)) || (rc = demo_settings(s, a, &who, &e, issued)) ||
	    (rc = demo_billing(s, a, &who, &e, issued)) ||
	    (rc = svc_invoice_create(s, a, &who, &e, issued, &created, &ie)))
		return rc;
	return demo_life_cycle(s, a, &who, &e, when);
}
