/* Costs and invoices as services; see invoices.h. */
#include "service/invoices.h"
#include "store/store_write.h"
#include "core/tz.h"
#include "domain/ubl.h"
#include "mail/mail.h"

#include <stdio.h>
#include <string.h>

/* Everything one use case needs, passed to its transaction body. */
struct inv_ctx {
	struct arena *a;
	const struct actor *who;
	const struct edition *e;
	const char *base_url;
	int64_t now;
	struct invoice_error *ie;
	/* inputs */
	int64_t id, participant_id;
	const struct invoice_seller *seller;
	const struct invoice_settings *settings;
	const struct invoice_billing *billing;
	const struct invoice_manual *manual;
	const char *reason;
	int nights, new_draft;
	/* outputs */
	int created;
	int64_t out_id;
	char *token;
	struct edition ed;  /* the edition loaded when none was given */
};

/* What is needed to build an organisation's invoice from its charges. */
struct charges {
	struct invoice_seller seller;
	struct invoice_settings settings;
	struct invoice_charges c;
	struct invoice_row *invoices;
	int n_invoices;
};

const char *svc_invoice_error(int rc)
{
	switch (rc) {
	case LWP_ECONFLICT: return N_("This invoice has been sent and can no longer change. Credit it and make a new one instead.");
	case LWP_ENOTFOUND: return N_("This invoice does not exist.");
	case LWP_EINVAL: return N_("The invoice is not complete.");
	default: return N_("The service is temporarily unavailable.");
	}
}

static int fail(struct invoice_error *ie, const char *field, const char *msg)
{
	if (ie) {
		ie->field = field;
		ie->msg = msg;
		ie->rule = NULL;
		ie->line = 0;
	}
	return LWP_EINVAL;
}

static char *object_of(struct arena *a, const char *number)
{
	return arena_printf(a, "invoice:%s", number);
}

/* "YYYY-MM-DD" of instant now in Europe/Amsterdam, and its year. */
static void local_date(int64_t now, char out[11], int *year)
{
	struct local_time lt;
	tz_to_local(now, &lt);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)lt.year % 10000u, (unsigned)lt.month % 13u,
		 (unsigned)lt.day % 32u);
	*year = lt.year;
}

/* ---- charges ---- */

static int load_manual(struct store *s, struct arena *a, int64_t edition_id,
		       struct invoice_charges *c)
{
	struct invoice_manual_row *rows;
	int n, rc = store_invoice_manual_lines(s, a, edition_id, &rows, &n);
	if (rc)
		return rc;
	struct invoice_manual *m = arena_calloc(a, (size_t)n + 1, sizeof(*m));
	if (!m)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++)
		m[i] = rows[i].m;
	c->manual = m;
	c->n_manual = (size_t)n;
	return 0;
}

/* The charges of e: participants, nights, manual lines, settings; and the
 * seller when need_seller (LWP_EINVAL with ie when it is not set). */
static int load_charges(struct store *s, struct inv_ctx *x, int need_seller, struct charges *ch)
{
	struct invoice_participant *p;
	struct invoice_stay *stays;
	int np, ns, rc;
	memset(ch, 0, sizeof(*ch));
	if (need_seller && (rc = store_invoice_seller(s, x->a, &ch->seller)))
		return rc == LWP_ENOTFOUND
			? fail(x->ie, "seller", N_("Enter the seller's data first (the organiser: name, address, OIN or KVK number, IBAN)."))
			: rc;
	if ((rc = store_invoice_settings(s, x->e->id, x->a, &ch->settings)) ||
	    (rc = store_invoice_participants(s, x->a, x->e->id, &p, &np)) ||
	    (rc = store_invoice_nights(s, x->a, x->e->id, &stays, &ns)) ||
	    (rc = load_manual(s, x->a, x->e->id, &ch->c)) ||
	    (rc = store_invoice_list(s, x->a, x->e->id, &ch->invoices, &ch->n_invoices)))
		return rc;
	ch->c.fee_cents = x->e->fee_cents;
	ch->c.fee_label = arena_printf(x->a, "Begeleiding %s", x->e->title);
	ch->c.nights_label = "Overnachtingen";
	ch->c.vat = ch->settings.vat;
	ch->c.participants = p;
	ch->c.n_participants = (size_t)np;
	ch->c.stays = stays;
	ch->c.n_stays = (size_t)ns;
	return ch->c.fee_label ? 0 : LWP_ENOMEM;
}

/* The organisation's current invoice: the last one not wholly credited. */
static struct invoice_row *active_invoice(struct charges *ch, int64_t org)
{
	struct invoice_row *found = NULL;
	for (int i = 0; i < ch->n_invoices; i++) {
		struct invoice_row *r = &ch->invoices[i];
		if (r->inv.kind == INVOICE_KIND_INVOICE && !r->credited &&
		    r->inv.organisation_id == org)
			found = r;
	}
	return found;
}

/* Build the organisation's invoice from the charges into row (lines,
 * totals, seller, buyer); the caller sets number and dates. */
static int build(struct store *s, struct inv_ctx *x, struct charges *ch, int64_t org,
		 struct invoice_row *row)
{
	struct invoice_billing b;
	int rc = store_invoice_billing(s, x->a, x->e->id, org, &b);
	if (rc)
		return rc;
	if ((rc = invoice_build(x->a, &ch->c, org, &row->inv, x->ie)))
		return rc;
	row->inv.seller = ch->seller;
	row->inv.buyer = b.buyer;
	row->inv.period_start = x->e->starts_on;
	row->inv.period_end = x->e->ends_on && x->e->starts_on ? x->e->ends_on : NULL;
	if (!row->inv.period_end)
		row->inv.period_start = NULL;
	row->inv.payment_terms = arena_printf(x->a, "Betaling binnen %d dagen na factuurdatum",
					      ch->settings.payment_days);
	row->edition_id = x->e->id;
	return row->inv.payment_terms ? 0 : LWP_ENOMEM;
}

/* Number and dates for a new document issued at x->now. */
static int number_new(struct store *s, struct inv_ctx *x, const struct charges *ch,
		      struct invoice_row *row)
{
	char date[11], *number = arena_alloc(x->a, INVOICE_NUMBER_SIZE), *due = arena_alloc(x->a, 11);
	int year;
	local_date(x->now, date, &year);
	if (!number || !due)
		return LWP_ENOMEM;
	int rc = store_invoice_next_seq(s, year, &row->seq);
	if (rc || (rc = invoice_number_format(number, INVOICE_NUMBER_SIZE, year, row->seq)) ||
	    (rc = invoice_date_add_days(date, ch->settings.payment_days, due, 11)))
		return rc;
	row->year = year;
	row->inv.number = number;
	row->inv.issue_date = arena_strdup(x->a, date);
	row->inv.due_date = due;
	row->created_at = x->now;
	return row->inv.issue_date ? 0 : LWP_ENOMEM;
}

static int insert_draft(struct store *s, struct inv_ctx *x, struct charges *ch, int64_t org)
{
	struct invoice_row row;
	memset(&row, 0, sizeof(row));
	int rc = build(s, x, ch, org, &row);
	if (rc || (rc = number_new(s, x, ch, &row)))
		return rc;
	row.status = INVOICE_DRAFT;
	if ((rc = store_invoice_insert(s, &row, NULL)))
		return rc;
	x->created++;
	x->out_id = row.id;
	return svc_audit(s, x->who, x->now, "invoice.create", object_of(x->a, row.inv.number),
			 arena_printf(x->a, "edition %s, organisation %lld, %lld cents", x->e->slug,
				      (long long)org, (long long)row.inv.totals.payable_cents));
}

/* Rebuild the organisation's draft from the current data (nothing when it
 * has none); LWP_ECONFLICT when its invoice was sent. */
static int refresh_org(struct store *s, struct inv_ctx *x, struct charges *ch, int64_t org)
{
	struct invoice_row *cur = active_invoice(ch, org);
	if (!cur)
		return 0;
	if (!invoice_status_editable(cur->status))
		return LWP_ECONFLICT;
	struct invoice_row row = *cur;
	int rc = build(s, x, ch, org, &row);
	if (rc == LWP_ENOTFOUND)
		return 0; /* no participants left: the draft stays as it was */
	return rc ? rc : store_invoice_replace_draft(s, &row);
}

/* ---- settings ---- */

static int seller_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	int rc = store_invoice_seller_set(s, x->seller, x->now);
	return rc ? rc : svc_audit(s, x->who, x->now, "invoice.seller", "invoice:seller",
				   x->seller->name);
}

static int seller_check(const struct invoice_seller *v, struct invoice_error *ie)
{
	if (!v->name || !*v->name)
		return fail(ie, "seller.name", N_("Enter the seller's legal name."));
	if (!v->address || !*v->address || !v->postcode || !*v->postcode || !v->city || !*v->city)
		return fail(ie, "seller.address", N_("Enter the seller's address, postcode and city."));
	if (!invoice_party_id_valid(v->id_scheme, v->id))
		return fail(ie, "seller.id", N_("Enter an OIN (20 digits) or a KVK number (8 digits)."));
	if (v->vat_number && *v->vat_number && !invoice_vat_number_valid(v->vat_number))
		return fail(ie, "seller.vat_number", N_("Enter a VAT number such as NL001234567B01."));
	if (!v->iban || !invoice_iban_valid(v->iban))
		return fail(ie, "seller.iban", N_("Enter a valid IBAN."));
	return 0;
}

int svc_invoice_seller_set(struct store *s, struct arena *a, const struct actor *who,
			   const struct invoice_seller *v, int64_t now, struct invoice_error *ie)
{
	if (seller_check(v, ie))
		return LWP_EINVAL;
	struct inv_ctx x = {.a = a, .who = who, .now = now, .seller = v, .ie = ie};
	return store_write(s, seller_tx, &x);
}

static int settings_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct charges ch;
	int rc = store_invoice_settings_set(s, x->e->id, x->settings);
	if (rc)
		return rc;
	rc = load_charges(s, x, 1, &ch);
	for (int i = 0; rc == 0 && i < ch.n_invoices; i++)
		if (ch.invoices[i].status == INVOICE_DRAFT && !ch.invoices[i].credited)
			rc = refresh_org(s, x, &ch, ch.invoices[i].inv.organisation_id);
	if (rc && rc != LWP_EINVAL)  /* LWP_EINVAL: no seller yet, so no drafts */
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.settings",
			 arena_printf(x->a, "edition:%s", x->e->slug),
			 arena_printf(x->a, "VAT %s %d bp, %d nights, %d days",
				      invoice_vat_code(x->settings->vat.category),
				      x->settings->vat.rate_bp, x->settings->residential_nights,
				      x->settings->payment_days));
}

int svc_invoice_settings_set(struct store *s, struct arena *a, const struct actor *who,
			     const struct edition *e, const struct invoice_settings *v,
			     int64_t now, struct invoice_error *ie)
{
	if (invoice_vat_validate(&v->vat, ie))
		return LWP_EINVAL;
	if (v->residential_nights < 0 || v->residential_nights > 365)
		return fail(ie, "residential_nights", N_("Enter a number of nights from 0 to 365."));
	if (v->payment_days < 0 || v->payment_days > 365)
		return fail(ie, "payment_days", N_("Enter a number of days from 0 to 365."));
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .settings = v, .ie = ie};
	return store_write(s, settings_tx, &x);
}

/* ---- billing data and charges ---- */

/* Reload the charges with the seller and rebuild the organisation's draft. */
static int charges_then_refresh(struct store *s, struct inv_ctx *x, int64_t org,
				struct charges *ch)
{
	struct charges fresh;
	int rc = load_charges(s, x, 1, &fresh);
	if (rc == LWP_EINVAL)
		return 0; /* no seller yet, so no drafts either */
	if (rc)
		return rc;
	*ch = fresh;
	return refresh_org(s, x, ch, org);
}

static int billing_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct charges ch;
	struct invoice_billing cur;
	int rc = store_invoice_billing(s, x->a, x->e->id, x->billing->organisation_id, &cur);
	if (rc || (rc = load_charges(s, x, 0, &ch)))
		return rc;
	struct invoice_row *active = active_invoice(&ch, x->billing->organisation_id);
	if (active && !invoice_status_editable(active->status))
		return LWP_ECONFLICT;
	struct invoice_billing b = *x->billing;
	b.edition_id = x->e->id;
	if ((rc = store_invoice_billing_set(s, &b, x->now)) ||
	    (rc = charges_then_refresh(s, x, b.organisation_id, &ch)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.billing",
			 arena_printf(x->a, "edition:%s", x->e->slug),
			 arena_printf(x->a, "organisation %lld: %s", (long long)b.organisation_id,
				      b.buyer.name ? b.buyer.name : ""));
}

static int text_given(const char *s)
{
	return s && *s;
}

int svc_invoice_billing_set(struct store *s, struct arena *a, const struct actor *who,
			    const struct edition *e, const struct invoice_billing *b, int64_t now,
			    struct invoice_error *ie)
{
	const struct invoice_buyer *v = &b->buyer;
	if (!text_given(v->name))
		return fail(ie, "name", N_("Enter the organisation's legal name."));
	if (v->id_scheme != INVOICE_ID_NONE && !invoice_party_id_valid(v->id_scheme, v->id))
		return fail(ie, "id", N_("Enter an OIN (20 digits) or a KVK number (8 digits)."));
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .billing = b, .ie = ie};
	return store_write(s, billing_tx, &x);
}

/* The accepted participant id of e: its organisation into *org. */
static int participant_org(const struct charges *ch, int64_t id, int64_t *org)
{
	for (size_t i = 0; i < ch->c.n_participants; i++)
		if (ch->c.participants[i].id == id) {
			*org = ch->c.participants[i].organisation_id;
			return 0;
		}
	return LWP_ENOTFOUND;
}

static int nights_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct charges ch;
	int64_t org;
	int rc = load_charges(s, x, 0, &ch);
	if (rc || (rc = participant_org(&ch, x->id, &org)))
		return rc;
	struct invoice_row *active = active_invoice(&ch, org);
	if (active && !invoice_status_editable(active->status))
		return LWP_ECONFLICT;
	if ((rc = store_invoice_nights_set(s, x->id, x->nights)) ||
	    (rc = charges_then_refresh(s, x, org, &ch)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.nights",
			 arena_printf(x->a, "application:%lld", (long long)x->id),
			 arena_printf(x->a, "%d nights", x->nights));
}

int svc_invoice_nights_set(struct store *s, struct arena *a, const struct actor *who,
			   const struct edition *e, int64_t application_id, int nights, int64_t now)
{
	if (nights < 0 || nights > 365)
		return LWP_EINVAL;
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .id = application_id,
			    .nights = nights};
	return store_write(s, nights_tx, &x);
}

static int manual_add_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct charges ch;
	struct invoice_manual m = *x->manual;
	int rc = load_charges(s, x, 0, &ch);
	if (rc || (m.participant_id && (rc = participant_org(&ch, m.participant_id, &m.organisation_id))))
		return rc;
	struct invoice_row *active = active_invoice(&ch, m.organisation_id);
	if (active && !invoice_status_editable(active->status))
		return LWP_ECONFLICT;
	if ((rc = store_invoice_manual_add(s, x->e->id, &m, x->who->name, x->now, &x->out_id)) ||
	    (rc = charges_then_refresh(s, x, m.organisation_id, &ch)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.manual.add",
			 arena_printf(x->a, "edition:%s", x->e->slug),
			 arena_printf(x->a, "line %lld, organisation %lld, participant %lld: %s"
				      " (%lld x %lld cents), reason: %s", (long long)x->out_id,
				      (long long)m.organisation_id, (long long)m.participant_id,
				      m.description, (long long)m.quantity,
				      (long long)m.unit_price_cents, m.reason));
}

int svc_invoice_manual_add(struct store *s, struct arena *a, const struct actor *who,
			   const struct edition *e, const struct invoice_manual *m, int64_t now,
			   struct invoice_error *ie, int64_t *id)
{
	int64_t net;
	if (!text_given(m->description) || strlen(m->description) > 200)
		return fail(ie, "description", N_("Describe the charge (at most 200 characters)."));
	if (!text_given(m->reason) || strlen(m->reason) > 500)
		return fail(ie, "reason", N_("Give the reason for this charge (at most 500 characters)."));
	if (m->unit_price_cents < 0 || m->unit_price_cents > INVOICE_PRICE_MAX_CENTS ||
	    invoice_line_net(m->quantity, m->unit_price_cents, &net))
		return fail(ie, "unit_price", N_("Enter a price of at least 0; for a reduction use a negative quantity."));
	if (!m->participant_id && !m->organisation_id)
		return fail(ie, "participant", N_("Choose a participant or an organisation."));
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .manual = m, .ie = ie};
	int rc = store_write(s, manual_add_tx, &x);
	if (rc == 0 && id)
		*id = x.out_id;
	return rc;
}

static int manual_delete_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct invoice_manual_row row;
	struct charges ch;
	int64_t edition_id;
	int rc = store_invoice_manual_get(s, x->a, x->id, &edition_id, &row);
	if (rc || (rc = edition_id == x->e->id ? 0 : LWP_ENOTFOUND) ||
	    (rc = load_charges(s, x, 0, &ch)))
		return rc;
	struct invoice_row *active = active_invoice(&ch, row.m.organisation_id);
	if (active && !invoice_status_editable(active->status))
		return LWP_ECONFLICT;
	if ((rc = store_invoice_manual_delete(s, x->id)) ||
	    (rc = charges_then_refresh(s, x, row.m.organisation_id, &ch)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.manual.delete",
			 arena_printf(x->a, "edition:%s", x->e->slug),
			 arena_printf(x->a, "line %lld: %s", (long long)x->id, row.m.description));
}

int svc_invoice_manual_delete(struct store *s, struct arena *a, const struct actor *who,
			      const struct edition *e, int64_t id, int64_t now)
{
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .id = id};
	return store_write(s, manual_delete_tx, &x);
}

/* ---- create, send, paid ---- */

static int create_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct charges ch;
	x->created = 0;
	int rc = load_charges(s, x, 1, &ch);
	if (rc)
		return rc;
	size_t n = invoice_charges_organisations(&ch.c, NULL, 0);
	int64_t *orgs = arena_calloc(x->a, n + 1, sizeof(*orgs));
	if (!orgs)
		return LWP_ENOMEM;
	invoice_charges_organisations(&ch.c, orgs, n);
	for (size_t i = 0; i < n; i++)
		if (!active_invoice(&ch, orgs[i]) && (rc = insert_draft(s, x, &ch, orgs[i])))
			return rc;
	return 0;
}

int svc_invoice_create(struct store *s, struct arena *a, const struct actor *who,
		       const struct edition *e, int64_t now, int *created, struct invoice_error *ie)
{
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .ie = ie};
	int rc = store_write(s, create_tx, &x);
	if (created)
		*created = rc ? 0 : x.created;
	return rc;
}

/* The mail with the UBL and the printable copy of row to its buyer. */
static int queue_mail(struct store *s, struct inv_ctx *x, const struct invoice_row *row,
		      const char *token)
{
	struct buf xml, html;
	struct mail m;
	char amount[64];
	buf_init(&xml, 4u << 20);
	buf_init(&html, 4u << 20);
	int rc = ubl_write(&xml, &row->inv, x->ie);
	invoice_print_document(&html, row, LANG_NL);
	invoice_format_amount(amount, sizeof(amount), row->inv.totals.payable_cents, LANG_NL);
	if (rc == 0)
		rc = xml.failed || html.failed ? LWP_ENOMEM
		     : mail_invoice(x->a, LANG_NL, x->base_url ? x->base_url : "", x->e->title,
				    row->inv.buyer.contact_name, row->inv.buyer.email,
				    row->inv.number, amount, row->inv.due_date, token, &m);
	struct mail_attachment at[2] = {
		{invoice_file_name(x->a, row, "xml"), "application/xml", xml.data, xml.len},
		{invoice_file_name(x->a, row, "html"), "text/html", html.data, html.len},
	};
	if (rc == 0) {
		m.attachments = at;
		m.n_attachments = 2;
		rc = store_outbox_add(s, &m, x->now);
	}
	buf_free(&xml);
	buf_free(&html);
	return rc;
}

/* The invoice id of e into row; when x->e is NULL (the CLI names an
 * invoice by its number) any edition's, which is then loaded into x->e. */
static int get_row(struct store *s, struct inv_ctx *x, struct invoice_row *row)
{
	int rc = store_invoice_get(s, x->a, x->id, row);
	if (rc)
		return rc;
	if (!x->e) {
		if ((rc = store_edition_by_id(s, x->a, row->edition_id, &x->ed)))
			return rc;
		x->e = &x->ed;
	}
	return row->edition_id != x->e->id ? LWP_ENOTFOUND : 0;
}

static int check_sendable(struct inv_ctx *x, const struct invoice_row *row)
{
	if (invoice_validate(&row->inv, x->ie))
		return LWP_EINVAL;
	if (!row->inv.buyer.email || !*row->inv.buyer.email)
		return fail(x->ie, "buyer.email", N_("Enter the e-mail address for invoices of this organisation."));
	return 0;
}

static int send_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct invoice_row row;
	struct charges ch;
	char *hash;
	int rc = get_row(s, x, &row);
	if (rc)
		return rc;
	if (row.status != INVOICE_DRAFT)
		return LWP_ECONFLICT;
	if ((rc = load_charges(s, x, 1, &ch)) || (rc = refresh_org(s, x, &ch, row.inv.organisation_id)) ||
	    (rc = get_row(s, x, &row)) || (rc = check_sendable(x, &row)))
		return rc;
	x->token = store_token_new(x->a);
	if (!x->token || (rc = store_token_hash(x->a, x->token, &hash)))
		return x->token ? rc : LWP_ENOMEM;
	if ((rc = store_invoice_set_status(s, row.id, INVOICE_DRAFT, INVOICE_SENT, x->now)) ||
	    (rc = store_invoice_set_token(s, row.id, hash)) ||
	    (rc = queue_mail(s, x, &row, x->token)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.send", object_of(x->a, row.inv.number),
			 row.inv.buyer.email);
}

int svc_invoice_send(struct store *s, struct arena *a, const struct actor *who,
		     const char *base_url, const struct edition *e, int64_t id, int64_t now,
		     struct invoice_error *ie, char **token)
{
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .id = id, .ie = ie,
			    .base_url = base_url};
	int rc = store_write(s, send_tx, &x);
	if (rc == 0 && token)
		*token = x.token;
	return rc;
}

static int paid_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct invoice_row row;
	int rc = get_row(s, x, &row);
	if (rc)
		return rc;
	if (!invoice_status_may_become(row.status, INVOICE_PAID))
		return LWP_ECONFLICT;
	if ((rc = store_invoice_set_status(s, row.id, INVOICE_SENT, INVOICE_PAID, x->now)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.paid", object_of(x->a, row.inv.number), NULL);
}

int svc_invoice_paid(struct store *s, struct arena *a, const struct actor *who,
		     const struct edition *e, int64_t id, int64_t now)
{
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .id = id};
	return store_write(s, paid_tx, &x);
}

/* ---- credit notes ---- */

/* LWP_ECONFLICT when orig may not get this credit note: wholly credited,
 * any credit already for a whole one, that participant's for a partial one. */
static int credit_allowed(const struct charges *ch, const struct invoice_row *orig,
			  int64_t participant_id)
{
	if (!invoice_may_credit(orig->inv.kind, orig->status) || orig->credited)
		return LWP_ECONFLICT;
	for (int i = 0; i < ch->n_invoices; i++) {
		const struct invoice_row *r = &ch->invoices[i];
		if (r->corrects_id != orig->id)
			continue;
		if (!participant_id)
			return LWP_ECONFLICT;
		for (size_t l = 0; l < r->inv.n_lines; l++)
			if (r->inv.lines[l].participant_id == participant_id)
				return LWP_ECONFLICT;
	}
	return 0;
}

static int credit_insert(struct store *s, struct inv_ctx *x, const struct charges *ch,
			 const struct invoice_row *orig)
{
	struct invoice_row cn;
	memset(&cn, 0, sizeof(cn));
	int rc = invoice_credit(x->a, &orig->inv, x->participant_id, &cn.inv, x->ie);
	if (rc || (rc = number_new(s, x, ch, &cn)))
		return rc;
	cn.inv.note = x->reason;
	cn.inv.payment_terms = orig->inv.payment_terms;
	cn.edition_id = orig->edition_id;
	cn.corrects_id = orig->id;
	cn.status = INVOICE_SENT;
	/* The credit note's own private link also shows the invoice it corrects. */
	char *hash;
	x->token = store_token_new(x->a);
	if (!x->token)
		return LWP_ENOMEM;
	if ((rc = invoice_validate(&cn.inv, x->ie) ? LWP_EINVAL : 0) ||
	    (rc = store_token_hash(x->a, x->token, &hash)) ||
	    (rc = store_invoice_insert(s, &cn, hash)))
		return rc;
	x->out_id = cn.id;
	if (cn.inv.buyer.email && *cn.inv.buyer.email && x->token &&
	    (rc = queue_mail(s, x, &cn, x->token)))
		return rc;
	return svc_audit(s, x->who, x->now, "invoice.credit", object_of(x->a, cn.inv.number),
			 arena_printf(x->a, "corrects %s%s: %s", orig->inv.number,
				      x->participant_id ? " (one participant)" : "", x->reason));
}

static int credit_tx(struct store *s, void *ctx)
{
	struct inv_ctx *x = ctx;
	struct invoice_row orig;
	struct charges ch;
	int rc = get_row(s, x, &orig);
	if (rc || (rc = load_charges(s, x, 0, &ch)) || (rc = credit_allowed(&ch, &orig, x->participant_id)) ||
	    (rc = credit_insert(s, x, &ch, &orig)))
		return rc;
	if (x->participant_id)
		return 0;
	if ((rc = store_invoice_set_credited(s, orig.id)) || !x->new_draft)
		return rc;
	int64_t credit_id = x->out_id;
	if ((rc = load_charges(s, x, 1, &ch)) || (rc = insert_draft(s, x, &ch, orig.inv.organisation_id)))
		return rc;
	x->out_id = credit_id;
	return 0;
}

int svc_invoice_credit(struct store *s, struct arena *a, const struct actor *who,
		       const char *base_url, const struct edition *e, int64_t id,
		       int64_t participant_id, const char *reason, int new_draft, int64_t now,
		       struct invoice_error *ie, int64_t *credit_id)
{
	if (!text_given(reason) || strlen(reason) > 500)
		return fail(ie, "reason", N_("Give the reason for the credit note (at most 500 characters)."));
	if (participant_id && new_draft)
		return fail(ie, "new_draft", N_("A new invoice follows only when the whole invoice is credited."));
	struct inv_ctx x = {.a = a, .who = who, .e = e, .now = now, .id = id, .ie = ie,
			    .base_url = base_url, .participant_id = participant_id,
			    .reason = reason, .new_draft = new_draft};
	int rc = store_write(s, credit_tx, &x);
	if (rc == 0 && credit_id)
		*credit_id = x.out_id;
	return rc;
}
