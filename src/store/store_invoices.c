/*
 * Costs and invoices in the store (see store_invoices.h): settings, billing
 * data, charges and the invoices with their lines. An invoice keeps the
 * seller and buyer as they were when it was made (a sent invoice never
 * changes, even when the settings do); its lines keep their computed
 * amounts, and reading one back recomputes the totals and refuses a row
 * whose stored total differs. Writes run inside the caller's store_write().
 * The nights charged are those attended at the edition's confirmed
 * residential meetings (store_stays_attended, at each meeting's price per
 * night), so an absent participant's night is not charged; an edition
 * without residential meetings charges the nights booked (the invoice
 * settings' default at the edition's accommodation price), and a number
 * of nights the lead set for a participant wins over both.
 */
#include "store/store.h"
#include "store/store_meetings.h"
#include "store/store_write.h"
#include "store/db.h"
#include "store/store_internal.h"

#include <ctype.h>
#include <string.h>

void invoice_settings_default(struct invoice_settings *out)
{
	memset(out, 0, sizeof(*out));
	out->vat.category = VAT_EXEMPT;
	out->vat.rate_bp = 0;
	out->vat.exemption_reason = "Vrijgesteld van btw: beroepsopleiding (art. 11 lid 1 onder o Wet OB 1968)";
	out->vat.exemption_code = VATEX_EDUCATION;
	out->payment_days = 30;
}

static const char *scheme_text(enum invoice_id_scheme s)
{
	return s == INVOICE_ID_OIN ? "oin" : s == INVOICE_ID_KVK ? "kvk" : "";
}

static enum invoice_id_scheme scheme_of(const char *t)
{
	if (t && strcmp(t, "oin") == 0)
		return INVOICE_ID_OIN;
	if (t && strcmp(t, "kvk") == 0)
		return INVOICE_ID_KVK;
	return INVOICE_ID_NONE;
}

/* Bind texts then ints from index 1 on; the caller steps. */
static void bind_all(struct db_stmt *st, const char *const *texts, int nt, const int64_t *ints,
		     int ni)
{
	int i = 1;
	for (int t = 0; t < nt; t++)
		db_bind_text(st, i++, texts[t]);
	for (int n = 0; n < ni; n++)
		db_bind_int(st, i++, ints[n]);
}

static int run_write(struct store *s, const char *sql, const char *const *texts, int nt,
		     const int64_t *ints, int ni)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	bind_all(st, texts, nt, ints, ni);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- seller ---- */

/* The columns in the order of an invoice's seller snapshot (s_name ...
 * s_contact_email, with s_means after s_bic), so that one mapper reads both. */
static const char SQL_SELLER_GET[] =
	"SELECT name, address, postcode, city, country, id_scheme, party_id, vat_number, iban,"
	" bic, CASE WHEN bic IS NULL THEN 0 ELSE 1 END, contact_name, contact_phone,"
	" contact_email FROM invoice_seller WHERE singleton = 1";
static const char SQL_SELLER_SET[] =
	"INSERT INTO invoice_seller (name, address, postcode, city, country, id_scheme, party_id,"
	" vat_number, iban, bic, contact_name, contact_phone, contact_email, singleton, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
	" ON CONFLICT (singleton) DO UPDATE SET name = excluded.name, address = excluded.address,"
	" postcode = excluded.postcode, city = excluded.city, country = excluded.country,"
	" id_scheme = excluded.id_scheme, party_id = excluded.party_id,"
	" vat_number = excluded.vat_number, iban = excluded.iban, bic = excluded.bic,"
	" contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,"
	" contact_email = excluded.contact_email, updated_at = excluded.updated_at";

/* A seller from 14 columns starting at col: the settings row
 * (SQL_SELLER_GET) or an invoice's snapshot (INVOICE_COLUMNS). */
static void seller_from_row(struct arena *a, struct db_stmt *st, int col, struct invoice_seller *v)
{
	v->name = store_col_dup(a, st, col);
	v->address = store_col_dup(a, st, col + 1);
	v->postcode = store_col_dup(a, st, col + 2);
	v->city = store_col_dup(a, st, col + 3);
	v->country = store_col_dup(a, st, col + 4);
	v->id_scheme = scheme_of(db_col_text(st, col + 5));
	v->id = store_col_dup(a, st, col + 6);
	v->vat_number = store_col_dup(a, st, col + 7);
	v->iban = store_col_dup(a, st, col + 8);
	v->bic = store_col_dup(a, st, col + 9);
	v->means = db_col_int(st, col + 10) ? INVOICE_PAY_TRANSFER : INVOICE_PAY_SEPA;
	v->contact_name = store_col_dup(a, st, col + 11);
	v->contact_phone = store_col_dup(a, st, col + 12);
	v->contact_email = store_col_dup(a, st, col + 13);
}

static void map_seller(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_seller *v = element;
	memset(v, 0, sizeof(*v));
	seller_from_row(a, st, 0, v);
}

int store_invoice_seller(struct store *s, struct arena *a, struct invoice_seller *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_SELLER_GET, &st);
	return rc ? rc : store_get_one(a, st, map_seller, out);
}

int store_invoice_seller_set(struct store *s, const struct invoice_seller *v, int64_t now)
{
	const char *t[] = {v->name, v->address, v->postcode, v->city, v->country ? v->country : "NL",
			   scheme_text(v->id_scheme), v->id, v->vat_number, v->iban, v->bic,
			   v->contact_name, v->contact_phone, v->contact_email};
	int64_t n[] = {now};
	return run_write(s, SQL_SELLER_SET, t, 13, n, 1);
}

/* ---- settings per edition ---- */

static const char SQL_SETTINGS_GET[] =
	"SELECT vat_category, vat_rate_bp, exemption_reason, exemption_code, residential_nights,"
	" payment_days FROM invoice_settings WHERE edition_id = ?";
static const char SQL_SETTINGS_SET[] =
	"INSERT INTO invoice_settings (vat_category, exemption_reason, exemption_code,"
	" vat_rate_bp, residential_nights, payment_days, edition_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (edition_id) DO UPDATE SET vat_category = excluded.vat_category,"
	" exemption_reason = excluded.exemption_reason, exemption_code = excluded.exemption_code,"
	" vat_rate_bp = excluded.vat_rate_bp, residential_nights = excluded.residential_nights,"
	" payment_days = excluded.payment_days";

static void map_settings(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_settings *v = element;
	int cat = invoice_vat_parse(db_col_text(st, 0));
	v->vat.category = cat < 0 ? VAT_STANDARD : (enum invoice_vat_category)cat;
	v->vat.rate_bp = (int)db_col_int(st, 1);
	v->vat.exemption_reason = store_col_dup(a, st, 2);
	v->vat.exemption_code = store_col_dup(a, st, 3);
	v->residential_nights = (int)db_col_int(st, 4);
	v->payment_days = (int)db_col_int(st, 5);
	v->saved = 1;
}

int store_invoice_settings(struct store *s, int64_t edition_id, struct arena *a,
			   struct invoice_settings *out)
{
	struct db_stmt *st;
	invoice_settings_default(out);
	int rc = store_prepare_ints(s, SQL_SETTINGS_GET, &edition_id, 1, &st);
	if (rc == 0)
		rc = store_get_one(a, st, map_settings, out);
	return rc == LWP_ENOTFOUND ? 0 : rc;
}

int store_invoice_settings_set(struct store *s, int64_t edition_id,
			       const struct invoice_settings *v)
{
	const char *t[] = {invoice_vat_code(v->vat.category), v->vat.exemption_reason,
			   v->vat.exemption_code};
	int64_t n[] = {v->vat.rate_bp, v->residential_nights, v->payment_days, edition_id};
	return run_write(s, SQL_SETTINGS_SET, t, 3, n, 4);
}

/* ---- charges ---- */

static const char SQL_PARTICIPANTS[] =
	"SELECT a.id, i.organisation_id, p.name FROM applications a"
	" JOIN initiatives i ON i.id = a.initiative_id JOIN people p ON p.id = a.person_id"
	" JOIN organisations o ON o.id = i.organisation_id"
	" WHERE a.edition_id = ? AND a.status = 'accepted' ORDER BY o.name_key, p.name, a.id";
static const char SQL_NIGHTS[] =
	"SELECT a.id, COALESCE(n.nights, COALESCE(st.residential_nights, 0)),"
	" e.accommodation_cents, e.location, CASE WHEN n.application_id IS NULL THEN 0 ELSE 1 END"
	" FROM applications a"
	" JOIN editions e ON e.id = a.edition_id"
	" LEFT JOIN invoice_settings st ON st.edition_id = a.edition_id"
	" LEFT JOIN invoice_nights n ON n.application_id = a.id"
	" WHERE a.edition_id = ? AND a.status = 'accepted' ORDER BY a.id";
static const char SQL_RESIDENTIAL[] =
	"SELECT COUNT(*) FROM meetings WHERE edition_id = ? AND status = 'confirmed'"
	" AND residential = 1 AND nights > 0";
static const char SQL_NIGHTS_SET[] =
	"INSERT INTO invoice_nights (nights, application_id) VALUES (?, ?)"
	" ON CONFLICT (application_id) DO UPDATE SET nights = excluded.nights";

static void map_participant(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_participant *p = element;
	p->id = db_col_int(st, 0);
	p->organisation_id = db_col_int(st, 1);
	p->name = store_col_dup(a, st, 2);
}

int store_invoice_participants(struct store *s, struct arena *a, int64_t edition_id,
			       struct invoice_participant **out, int *count)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_PARTICIPANTS, &edition_id, 1, &st);
	return rc ? rc : store_collect(a, st, sizeof(**out), map_participant, (void **)out, count);
}

/* A booked stay, with whether the lead set its nights (an invoice_nights
 * row) rather than the edition's default. */
struct booked_stay {
	struct invoice_stay v;
	int set_by_lead;
};

static void map_booked(struct arena *a, struct db_stmt *st, void *element)
{
	struct booked_stay *b = element;
	const char *where = db_col_text(st, 3);
	b->v.participant_id = db_col_int(st, 0);
	b->v.nights = (int)db_col_int(st, 1);
	b->v.price_per_night_cents = db_col_int(st, 2);
	b->v.meeting = where && *where ? arena_strdup(a, where) : "";
	b->set_by_lead = db_col_int(st, 4) != 0;
}

static int booked_list(struct store *s, struct arena *a, int64_t edition_id,
		       struct booked_stay **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_NIGHTS, &st);
	if (rc)
		return rc;
	db_bind_int(st, 1, edition_id);
	return store_collect(a, st, sizeof(**out), map_booked, (void **)out, count);
}

int store_invoice_nights_booked(struct store *s, struct arena *a, int64_t edition_id,
				struct invoice_stay **out, int *count)
{
	struct booked_stay *booked;
	int nb, rc = booked_list(s, a, edition_id, &booked, &nb);
	if (rc)
		return rc;
	struct invoice_stay *list = arena_calloc(a, (size_t)nb + 1, sizeof(*list));
	if (!list)
		return LWP_ENOMEM;
	for (int i = 0; i < nb; i++)
		list[i] = booked[i].v;
	*out = list;
	*count = nb;
	return 0;
}

/* See the header: the nights attended, unless the edition has no
 * residential meeting or the lead set a participant's nights. */
int store_invoice_nights(struct store *s, struct arena *a, int64_t edition_id,
			 struct invoice_stay **out, int *count)
{
	struct db_stmt *st;
	struct booked_stay *booked;
	struct stay_row *attended = NULL;
	int nb, na = 0;
	int64_t residential = 0;
	int rc = booked_list(s, a, edition_id, &booked, &nb);
	if (rc)
		return rc;
	if ((rc = db_prepare(s->db, SQL_RESIDENTIAL, &st)))
		return rc;
	db_bind_int(st, 1, edition_id);
	if ((rc = store_step_int(st, &residential)) ||
	    (residential && (rc = store_stays_attended(s, a, edition_id, &attended, &na))))
		return rc;
	struct invoice_stay *list = arena_calloc(a, (size_t)nb + (size_t)na + 1, sizeof(*list));
	int n = 0;
	if (!list)
		return LWP_ENOMEM;
	for (int i = 0; i < nb; i++) {
		/* No residential meeting: the nights booked, as before meetings
		 * existed. The lead's number wins over attendance: it is their
		 * correction (audited as invoice.nights). */
		if (!residential || booked[i].set_by_lead) {
			list[n++] = booked[i].v;
			continue;
		}
		/* Attended stays, in the order store_stays_attended gives; only
		 * of accepted participants (the booked list has exactly them). */
		for (int j = 0; j < na; j++) {
			if (attended[j].application_id != booked[i].v.participant_id)
				continue;
			list[n++] = (struct invoice_stay){
				.participant_id = attended[j].application_id,
				.meeting = attended[j].meeting ? attended[j].meeting : "",
				.nights = attended[j].nights,
				.price_per_night_cents = attended[j].price_per_night_cents,
			};
		}
	}
	*out = list;
	*count = n;
	return 0;
}

int store_invoice_nights_set(struct store *s, int64_t application_id, int nights)
{
	int64_t n[] = {nights, application_id};
	return run_write(s, SQL_NIGHTS_SET, NULL, 0, n, 2);
}

#define MANUAL_SELECT \
	"SELECT m.id, m.organisation_id, m.application_id, m.description, m.quantity," \
	" m.unit_price_cents, m.reason, p.name, o.name, m.created_by, m.created_at, m.edition_id" \
	" FROM invoice_manual_lines m JOIN organisations o ON o.id = m.organisation_id" \
	" LEFT JOIN applications a ON a.id = m.application_id" \
	" LEFT JOIN people p ON p.id = a.person_id"
static const char SQL_MANUAL_LIST[] = MANUAL_SELECT " WHERE m.edition_id = ? ORDER BY m.id";
static const char SQL_MANUAL_GET[] = MANUAL_SELECT " WHERE m.id = ?";
static const char SQL_MANUAL_ADD[] =
	"INSERT INTO invoice_manual_lines (description, reason, created_by, edition_id,"
	" organisation_id, application_id, quantity, unit_price_cents, created_at)"
	" VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?) RETURNING id";
static const char SQL_MANUAL_DELETE[] = "DELETE FROM invoice_manual_lines WHERE id = ?";

static void map_manual(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_manual_row *v = element;
	v->id = db_col_int(st, 0);
	v->m.organisation_id = db_col_int(st, 1);
	v->m.participant_id = db_col_int(st, 2);
	v->m.description = store_col_dup(a, st, 3);
	v->m.quantity = db_col_int(st, 4);
	v->m.unit_price_cents = db_col_int(st, 5);
	v->m.reason = store_col_dup(a, st, 6);
	v->participant = store_col_dup(a, st, 7);
	v->organisation = store_col_dup(a, st, 8);
	v->created_by = store_col_dup(a, st, 9);
	v->created_at = db_col_int(st, 10);
}

int store_invoice_manual_lines(struct store *s, struct arena *a, int64_t edition_id,
			       struct invoice_manual_row **out, int *count)
{
	struct db_stmt *st;
	int rc = store_prepare_ints(s, SQL_MANUAL_LIST, &edition_id, 1, &st);
	return rc ? rc : store_collect(a, st, sizeof(**out), map_manual, (void **)out, count);
}

struct manual_with_edition {
	struct invoice_manual_row row;
	int64_t edition_id;
};

static void map_manual_edition(struct arena *a, struct db_stmt *st, void *element)
{
	struct manual_with_edition *v = element;
	map_manual(a, st, &v->row);
	v->edition_id = db_col_int(st, 11);
}

int store_invoice_manual_get(struct store *s, struct arena *a, int64_t id, int64_t *edition_id,
			     struct invoice_manual_row *out)
{
	struct db_stmt *st;
	struct manual_with_edition v;
	int rc = store_prepare_ints(s, SQL_MANUAL_GET, &id, 1, &st);
	if (rc || (rc = store_get_one(a, st, map_manual_edition, &v)))
		return rc;
	*out = v.row;
	*edition_id = v.edition_id;
	return 0;
}

int store_invoice_manual_add(struct store *s, int64_t edition_id, const struct invoice_manual *m,
			     const char *by, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_MANUAL_ADD, &st);
	if (rc)
		return rc;
	const char *t[] = {m->description, m->reason, by};
	int64_t n[] = {edition_id, m->organisation_id, m->participant_id, m->quantity,
		       m->unit_price_cents, now};
	bind_all(st, t, 3, n, 6);
	return store_step_id(st, id);
}

int store_invoice_manual_delete(struct store *s, int64_t id)
{
	int64_t n[] = {id};
	return run_write(s, SQL_MANUAL_DELETE, NULL, 0, n, 1);
}

/* ---- billing data ---- */

/* The columns in the order of an invoice's buyer snapshot (b_name ...
 * b_email; billing data has no country), so that one mapper reads both. */
static const char SQL_BILLING_GET[] =
	"SELECT legal_name, address, postcode, city, CAST(NULL AS TEXT), id_scheme, party_id,"
	" buyer_reference, order_reference, contact_name, email FROM invoice_billing"
	" WHERE edition_id = ? AND organisation_id = ?";
static const char SQL_BILLING_FROM_APPLICATIONS[] =
	"SELECT o.name, a.billing_contact, a.billing_address, a.billing_reference"
	" FROM organisations o LEFT JOIN initiatives i ON i.organisation_id = o.id"
	" LEFT JOIN applications a ON a.initiative_id = i.id AND a.edition_id = ?"
	" AND a.status = 'accepted' WHERE o.id = ?"
	" ORDER BY CASE WHEN a.billing_address IS NULL THEN 1 ELSE 0 END, a.id";
static const char SQL_BILLING_SET[] =
	"INSERT INTO invoice_billing (legal_name, address, postcode, city, id_scheme, party_id,"
	" buyer_reference, order_reference, contact_name, email, edition_id, organisation_id,"
	" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (edition_id, organisation_id) DO UPDATE SET legal_name = excluded.legal_name,"
	" address = excluded.address, postcode = excluded.postcode, city = excluded.city,"
	" id_scheme = excluded.id_scheme, party_id = excluded.party_id,"
	" buyer_reference = excluded.buyer_reference, order_reference = excluded.order_reference,"
	" contact_name = excluded.contact_name, email = excluded.email,"
	" updated_at = excluded.updated_at";
static const char SQL_BILLING_ORGS[] =
	"SELECT DISTINCT o.id, o.name, o.name_key FROM applications a"
	" JOIN initiatives i ON i.id = a.initiative_id JOIN organisations o ON o.id = i.organisation_id"
	" WHERE a.edition_id = ? AND a.status = 'accepted' ORDER BY o.name_key";
static const char SQL_ORG_NAME[] = "SELECT name FROM organisations WHERE id = ?";

/* A buyer from 11 columns starting at col: the billing data
 * (SQL_BILLING_GET) or an invoice's snapshot (INVOICE_COLUMNS). */
static void buyer_from_row(struct arena *a, struct db_stmt *st, int col, struct invoice_buyer *v)
{
	v->name = store_col_dup(a, st, col);
	v->address = store_col_dup(a, st, col + 1);
	v->postcode = store_col_dup(a, st, col + 2);
	v->city = store_col_dup(a, st, col + 3);
	v->country = store_col_dup(a, st, col + 4);
	v->id_scheme = scheme_of(db_col_text(st, col + 5));
	v->id = store_col_dup(a, st, col + 6);
	v->buyer_reference = store_col_dup(a, st, col + 7);
	v->order_reference = store_col_dup(a, st, col + 8);
	v->contact_name = store_col_dup(a, st, col + 9);
	v->email = store_col_dup(a, st, col + 10);
}

static void map_billing(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_buyer *b = element;
	memset(b, 0, sizeof(*b));
	buyer_from_row(a, st, 0, b);
}

static void map_name(struct arena *a, struct db_stmt *st, void *element)
{
	*(char **)element = store_col_dup(a, st, 0);
}

static void map_id(struct arena *a, struct db_stmt *st, void *element)
{
	(void)a;
	*(int64_t *)element = db_col_int(st, 0);
}

static int is_postcode_start(const char *p)
{
	return isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	       isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]);
}

/* The Dutch postcode ("1234 AB" or "1234AB") at p: its length, else 0. */
static size_t postcode_len(const char *p)
{
	if (!is_postcode_start(p))
		return 0;
	size_t n = p[4] == ' ' ? 5 : 4;
	if (isalpha((unsigned char)p[n]) && isalpha((unsigned char)p[n + 1]) &&
	    (p[n + 2] == ' ' || p[n + 2] == '\0'))
		return n + 2;
	return 0;
}

static char *trimmed(struct arena *a, const char *s, size_t n)
{
	while (n && (isspace((unsigned char)*s) || *s == ',')) {
		s++;
		n--;
	}
	while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ','))
		n--;
	return arena_strndup(a, s, n);
}

void invoice_address_split(struct arena *a, const char *text, const char **street,
			   const char **postcode, const char **city)
{
	*street = *postcode = *city = NULL;
	if (!text || !*text)
		return;
	for (const char *p = text; *p; p++) {
		size_t n = (p == text || !isalnum((unsigned char)p[-1])) ? postcode_len(p) : 0;
		if (!n)
			continue;
		*street = trimmed(a, text, (size_t)(p - text));
		*postcode = trimmed(a, p, n);
		*city = trimmed(a, p + n, strlen(p + n));
		if (*city && !**city)
			*city = NULL;
		return;
	}
	*street = trimmed(a, text, strlen(text));
}

/* "Name <mail>", "Name, mail" or "mail": the name and the address found. */
static void contact_split(struct arena *a, const char *text, const char **name,
			  const char **email)
{
	*name = *email = NULL;
	if (!text || !*text)
		return;
	const char *at = strchr(text, '@');
	if (!at) {
		*name = trimmed(a, text, strlen(text));
		return;
	}
	const char *start = at, *end = at;
	while (start > text && !strchr(" ,<;(", start[-1]))
		start--;
	while (*end && !strchr(" ,>;)", *end))
		end++;
	*email = arena_strndup(a, start, (size_t)(end - start));
	char *before = trimmed(a, text, (size_t)(start - text));
	if (before && *before) {
		size_t n = strlen(before);
		if (n && before[n - 1] == '<')
			before = trimmed(a, before, n - 1);
		*name = before && *before ? before : NULL;
	}
}

struct prefill {
	char *org, *contact, *address, *reference;
};

static void map_prefill(struct arena *a, struct db_stmt *st, void *element)
{
	struct prefill *p = element;
	p->org = store_col_dup(a, st, 0);
	p->contact = store_col_dup(a, st, 1);
	p->address = store_col_dup(a, st, 2);
	p->reference = store_col_dup(a, st, 3);
}

static int billing_prefill(struct store *s, struct arena *a, struct invoice_billing *out)
{
	struct db_stmt *st;
	struct prefill p = {0};
	const int64_t ids[] = {out->edition_id, out->organisation_id};
	int rc = store_prepare_ints(s, SQL_BILLING_FROM_APPLICATIONS, ids, 2, &st);
	if (rc || (rc = store_get_one(a, st, map_prefill, &p)))
		return rc;
	out->buyer.name = p.org;
	invoice_address_split(a, p.address, &out->buyer.address, &out->buyer.postcode,
			      &out->buyer.city);
	contact_split(a, p.contact, &out->buyer.contact_name, &out->buyer.email);
	/* The reference exactly as the applicant gave it. */
	out->buyer.buyer_reference = p.reference && *p.reference ? p.reference : NULL;
	return 0;
}

static int organisation_name(struct store *s, struct arena *a, int64_t id, char **name)
{
	struct db_stmt *st;
	*name = NULL;
	int rc = store_prepare_ints(s, SQL_ORG_NAME, &id, 1, &st);
	return rc ? rc : store_get_one(a, st, map_name, name);
}

int store_invoice_billing(struct store *s, struct arena *a, int64_t edition_id,
			  int64_t organisation_id, struct invoice_billing *out)
{
	struct db_stmt *st;
	const int64_t ids[] = {edition_id, organisation_id};
	memset(out, 0, sizeof(*out));
	out->edition_id = edition_id;
	out->organisation_id = organisation_id;
	int rc = organisation_name(s, a, organisation_id, &out->organisation);
	if (rc || (rc = store_prepare_ints(s, SQL_BILLING_GET, ids, 2, &st)))
		return rc;
	rc = store_get_one(a, st, map_billing, &out->buyer);
	if (rc == 0)
		out->saved = 1;
	return rc == LWP_ENOTFOUND ? billing_prefill(s, a, out) : rc;
}

int store_invoice_billing_list(struct store *s, struct arena *a, int64_t edition_id,
			       struct invoice_billing **out, int *count)
{
	struct db_stmt *st;
	int64_t *ids;
	int n, rc = store_prepare_ints(s, SQL_BILLING_ORGS, &edition_id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*ids), map_id, (void **)&ids, &n)))
		return rc;
	struct invoice_billing *list = arena_calloc(a, (size_t)n + 1, sizeof(*list));
	if (!list)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++)
		if ((rc = store_invoice_billing(s, a, edition_id, ids[i], &list[i])))
			return rc;
	*out = list;
	*count = n;
	return 0;
}

int store_invoice_billing_set(struct store *s, const struct invoice_billing *b, int64_t now)
{
	const struct invoice_buyer *v = &b->buyer;
	const char *t[] = {v->name, v->address, v->postcode, v->city, scheme_text(v->id_scheme),
			   v->id, v->buyer_reference, v->order_reference, v->contact_name, v->email};
	int64_t n[] = {b->edition_id, b->organisation_id, now};
	return run_write(s, SQL_BILLING_SET, t, 10, n, 3);
}

/* ---- number series ---- */

static const char SQL_NEXT_SEQ[] =
	"INSERT INTO invoice_series (year, last_seq) VALUES (?, 1)"
	" ON CONFLICT (year) DO UPDATE SET last_seq = invoice_series.last_seq + 1"
	" RETURNING last_seq";

int store_invoice_next_seq(struct store *s, int year, int64_t *seq)
{
	struct db_stmt *st;
	const int64_t y = year;
	int rc = store_prepare_ints(s, SQL_NEXT_SEQ, &y, 1, &st);
	if (rc == 0)
		rc = store_step_int(st, seq);
	return rc == LWP_ENOTFOUND ? LWP_EDB : rc;
}

/* ---- invoices ---- */

#define INVOICE_COLUMNS \
	"i.id, i.edition_id, i.organisation_id, i.kind, i.number, i.year, i.seq, i.corrects_id," \
	" i.corrects_number, i.status, i.credited, i.issue_date, i.due_date, i.period_start," \
	" i.period_end, i.payment_terms, i.note, i.line_net_cents, i.tax_cents, i.payable_cents," \
	" i.s_name, i.s_address, i.s_postcode, i.s_city, i.s_country, i.s_scheme, i.s_id," \
	" i.s_vat, i.s_iban, i.s_bic, i.s_means, i.s_contact_name, i.s_contact_phone," \
	" i.s_contact_email, i.b_name, i.b_address, i.b_postcode, i.b_city, i.b_country," \
	" i.b_scheme, i.b_id, i.b_buyer_reference, i.b_order_reference, i.b_contact_name," \
	" i.b_email, i.created_at, i.sent_at, i.paid_at, o.name"
#define INVOICE_FROM " FROM invoices i JOIN organisations o ON o.id = i.organisation_id"
static const char SQL_INVOICE_LIST[] =
	"SELECT " INVOICE_COLUMNS INVOICE_FROM " WHERE i.edition_id = ? ORDER BY i.year, i.seq";
static const char SQL_INVOICE_GET[] = "SELECT " INVOICE_COLUMNS INVOICE_FROM " WHERE i.id = ?";
static const char SQL_INVOICE_BY_NUMBER[] =
	"SELECT " INVOICE_COLUMNS INVOICE_FROM " WHERE i.number = ?";
static const char SQL_INVOICE_BY_TOKEN[] =
	"SELECT " INVOICE_COLUMNS INVOICE_FROM " WHERE i.token_hash = ? OR i.corrects_id ="
	" (SELECT t.id FROM invoices t WHERE t.token_hash = ?) OR i.id ="
	" (SELECT t.corrects_id FROM invoices t WHERE t.token_hash = ?) ORDER BY i.year, i.seq";
static const char SQL_LINES[] =
	"SELECT kind, description, quantity, unit_price_cents, net_cents, vat_category,"
	" vat_rate_bp, exemption_reason, exemption_code, reason, application_id"
	" FROM invoice_lines WHERE invoice_id = ? ORDER BY position";

static void map_invoice(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_row *r = element;
	struct invoice *inv = &r->inv;
	int status = invoice_status_parse(db_col_text(st, 9));
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->edition_id = db_col_int(st, 1);
	inv->organisation_id = db_col_int(st, 2);
	inv->kind = strcmp(db_col_text(st, 3), "credit_note") == 0 ? INVOICE_KIND_CREDIT_NOTE
								   : INVOICE_KIND_INVOICE;
	inv->number = store_col_dup(a, st, 4);
	r->year = (int)db_col_int(st, 5);
	r->seq = db_col_int(st, 6);
	r->corrects_id = db_col_int(st, 7);
	inv->corrects = store_col_dup(a, st, 8);
	r->status = status < 0 ? INVOICE_DRAFT : (enum invoice_status)status;
	r->credited = (int)db_col_int(st, 10);
	inv->issue_date = store_col_dup(a, st, 11);
	inv->due_date = store_col_dup(a, st, 12);
	inv->period_start = store_col_dup(a, st, 13);
	inv->period_end = store_col_dup(a, st, 14);
	inv->payment_terms = store_col_dup(a, st, 15);
	inv->note = store_col_dup(a, st, 16);
	inv->totals.line_net_cents = db_col_int(st, 17);
	inv->totals.tax_cents = db_col_int(st, 18);
	inv->totals.payable_cents = db_col_int(st, 19);
	seller_from_row(a, st, 20, &inv->seller);
	buyer_from_row(a, st, 34, &inv->buyer);
	r->created_at = db_col_int(st, 45);
	r->sent_at = db_col_int(st, 46);
	r->paid_at = db_col_int(st, 47);
	r->organisation = store_col_dup(a, st, 48);
}

static void map_line(struct arena *a, struct db_stmt *st, void *element)
{
	struct invoice_line *l = element;
	int cat = invoice_vat_parse(db_col_text(st, 5));
	memset(l, 0, sizeof(*l));
	l->kind = (enum invoice_line_kind)db_col_int(st, 0);
	l->description = store_col_dup(a, st, 1);
	l->quantity = db_col_int(st, 2);
	l->unit_price_cents = db_col_int(st, 3);
	l->net_cents = db_col_int(st, 4);
	l->vat.category = cat < 0 ? VAT_STANDARD : (enum invoice_vat_category)cat;
	l->vat.rate_bp = (int)db_col_int(st, 6);
	l->vat.exemption_reason = store_col_dup(a, st, 7);
	l->vat.exemption_code = store_col_dup(a, st, 8);
	l->reason = store_col_dup(a, st, 9);
	l->participant_id = db_col_int(st, 10);
}

/* The lines with their stored amounts and totals computed from them; a
 * stored total that differs is a damaged row (LWP_EDB). */
static int load_lines(struct store *s, struct arena *a, struct invoice_row *r)
{
	struct db_stmt *st;
	struct invoice_line *lines;
	int n, rc = store_prepare_ints(s, SQL_LINES, &r->id, 1, &st);
	if (rc || (rc = store_collect(a, st, sizeof(*lines), map_line, (void **)&lines, &n)))
		return rc;
	struct invoice fresh = r->inv;
	fresh.lines = arena_calloc(a, (size_t)n + 1, sizeof(*lines));
	if (!fresh.lines)
		return LWP_ENOMEM;
	memcpy(fresh.lines, lines, (size_t)n * sizeof(*lines));
	fresh.n_lines = (size_t)n;
	struct invoice_error ie;
	if (invoice_compute(&fresh, &ie) ||
	    fresh.totals.line_net_cents != r->inv.totals.line_net_cents ||
	    fresh.totals.tax_cents != r->inv.totals.tax_cents ||
	    fresh.totals.payable_cents != r->inv.totals.payable_cents)
		return LWP_EDB;
	r->inv.lines = lines;
	r->inv.n_lines = (size_t)n;
	r->inv.totals = fresh.totals;
	return 0;
}

static int invoice_query(struct store *s, struct arena *a, const char *sql, int64_t id,
			 const char *text, struct invoice_row **out, int *count)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc)
		return rc;
	if (text) {
		db_bind_text(st, 1, text);
		if (sql == SQL_INVOICE_BY_TOKEN) {
			db_bind_text(st, 2, text);
			db_bind_text(st, 3, text);
		}
	} else {
		db_bind_int(st, 1, id);
	}
	if ((rc = store_collect(a, st, sizeof(**out), map_invoice, (void **)out, count)))
		return rc;
	for (int i = 0; i < *count; i++)
		if ((rc = load_lines(s, a, &(*out)[i])))
			return rc;
	return 0;
}

int store_invoice_list(struct store *s, struct arena *a, int64_t edition_id,
		       struct invoice_row **out, int *count)
{
	return invoice_query(s, a, SQL_INVOICE_LIST, edition_id, NULL, out, count);
}

static int invoice_one(struct store *s, struct arena *a, const char *sql, int64_t id,
		       const char *text, struct invoice_row *out)
{
	struct invoice_row *list;
	int n, rc = invoice_query(s, a, sql, id, text, &list, &n);
	if (rc)
		return rc;
	if (n == 0)
		return LWP_ENOTFOUND;
	*out = list[0];
	return 0;
}

int store_invoice_get(struct store *s, struct arena *a, int64_t id, struct invoice_row *out)
{
	return invoice_one(s, a, SQL_INVOICE_GET, id, NULL, out);
}

int store_invoice_by_number(struct store *s, struct arena *a, const char *number,
			    struct invoice_row *out)
{
	return invoice_one(s, a, SQL_INVOICE_BY_NUMBER, 0, number, out);
}

int store_invoice_by_token(struct store *s, struct arena *a, const char *token,
			   struct invoice_row **out, int *count)
{
	char *hash;
	int rc = store_token_hash(a, token, &hash);
	if (rc)
		return rc;
	if ((rc = invoice_query(s, a, SQL_INVOICE_BY_TOKEN, 0, hash, out, count)))
		return rc;
	return *count ? 0 : LWP_ENOTFOUND;
}

/* The header and buyer in one statement, the seller in a second (the
 * PostgreSQL driver binds at most 32 parameters per statement). */
static const char SQL_INVOICE_INSERT[] =
	"INSERT INTO invoices (kind, number, corrects_number, status, issue_date, due_date,"
	" period_start, period_end, payment_terms, note, token_hash,"
	" b_name, b_address, b_postcode, b_city, b_country, b_scheme, b_id, b_buyer_reference,"
	" b_order_reference, b_contact_name, b_email,"
	" edition_id, organisation_id, year, seq, corrects_id, line_net_cents, tax_cents,"
	" payable_cents, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	" ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?) RETURNING id";
static const char SQL_INVOICE_SELLER[] =
	"UPDATE invoices SET s_name = ?, s_address = ?, s_postcode = ?, s_city = ?, s_country = ?,"
	" s_scheme = ?, s_id = ?, s_vat = ?, s_iban = ?, s_bic = ?, s_contact_name = ?,"
	" s_contact_phone = ?, s_contact_email = ?, s_means = ? WHERE id = ?";
static const char SQL_LINE_INSERT[] =
	"INSERT INTO invoice_lines (description, vat_category, exemption_reason, exemption_code,"
	" reason, invoice_id, position, kind, quantity, unit_price_cents, net_cents, vat_rate_bp,"
	" application_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))";
static const char SQL_LINES_DELETE[] = "DELETE FROM invoice_lines WHERE invoice_id = ?";
static const char SQL_DRAFT_UPDATE[] =
	"UPDATE invoices SET b_name = ?, b_address = ?, b_postcode = ?, b_city = ?, b_country = ?,"
	" b_scheme = ?, b_id = ?, b_buyer_reference = ?, b_order_reference = ?,"
	" b_contact_name = ?, b_email = ?, payment_terms = ?,"
	" line_net_cents = ?, tax_cents = ?, payable_cents = ?"
	" WHERE id = ? AND status = 'draft' RETURNING id";
static const char SQL_STATUS_SENT[] =
	"UPDATE invoices SET status = ?, sent_at = ? WHERE id = ? AND status = ? RETURNING id";
static const char SQL_STATUS_PAID[] =
	"UPDATE invoices SET status = ?, paid_at = ? WHERE id = ? AND status = ? RETURNING id";
static const char SQL_SET_CREDITED[] = "UPDATE invoices SET credited = 1 WHERE id = ?";
static const char SQL_SET_TOKEN[] = "UPDATE invoices SET token_hash = ? WHERE id = ?";

static int insert_lines(struct store *s, int64_t invoice_id, const struct invoice *inv)
{
	for (size_t i = 0; i < inv->n_lines; i++) {
		const struct invoice_line *l = &inv->lines[i];
		const char *t[] = {l->description, invoice_vat_code(l->vat.category),
				   l->vat.exemption_reason, l->vat.exemption_code, l->reason};
		int64_t n[] = {invoice_id, (int64_t)i + 1, l->kind, l->quantity, l->unit_price_cents,
			       l->net_cents, l->vat.rate_bp, l->participant_id};
		int rc = run_write(s, SQL_LINE_INSERT, t, 5, n, 8);
		if (rc)
			return rc;
	}
	return 0;
}

static int seller_columns(struct store *s, int64_t id, const struct invoice_seller *v)
{
	const char *t[] = {v->name, v->address, v->postcode, v->city, v->country,
			   scheme_text(v->id_scheme), v->id, v->vat_number, v->iban, v->bic,
			   v->contact_name, v->contact_phone, v->contact_email};
	int64_t n[] = {v->means, id};
	return run_write(s, SQL_INVOICE_SELLER, t, 13, n, 2);
}

int store_invoice_insert(struct store *s, struct invoice_row *row, const char *token_hash)
{
	const struct invoice *inv = &row->inv;
	const struct invoice_buyer *b = &inv->buyer;
	const char *t[] = {inv->kind == INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice",
			   inv->number, inv->corrects, invoice_status_code(row->status),
			   inv->issue_date, inv->due_date, inv->period_start, inv->period_end,
			   inv->payment_terms, inv->note, token_hash,
			   b->name, b->address, b->postcode, b->city, b->country,
			   scheme_text(b->id_scheme), b->id, b->buyer_reference, b->order_reference,
			   b->contact_name, b->email};
	int64_t n[] = {row->edition_id, inv->organisation_id, row->year, row->seq, row->corrects_id,
		       inv->totals.line_net_cents, inv->totals.tax_cents, inv->totals.payable_cents,
		       row->created_at};
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_INVOICE_INSERT, &st);
	if (rc)
		return rc;
	bind_all(st, t, 22, n, 9);
	if ((rc = store_step_id(st, &row->id)) || (rc = seller_columns(s, row->id, &inv->seller)))
		return rc;
	return insert_lines(s, row->id, inv);
}

int store_invoice_replace_draft(struct store *s, const struct invoice_row *row)
{
	const struct invoice *inv = &row->inv;
	const struct invoice_buyer *b = &inv->buyer;
	const char *t[] = {b->name, b->address, b->postcode, b->city, b->country,
			   scheme_text(b->id_scheme), b->id, b->buyer_reference, b->order_reference,
			   b->contact_name, b->email, inv->payment_terms};
	int64_t n[] = {inv->totals.line_net_cents, inv->totals.tax_cents, inv->totals.payable_cents,
		       row->id};
	struct db_stmt *st;
	int rc = db_prepare(s->db, SQL_DRAFT_UPDATE, &st);
	if (rc)
		return rc;
	bind_all(st, t, 12, n, 4);
	rc = store_step_int(st, NULL);
	if (rc)
		return rc == LWP_ENOTFOUND ? LWP_ECONFLICT : rc;
	if ((rc = seller_columns(s, row->id, &inv->seller)))
		return rc;
	int64_t id[] = {row->id};
	if ((rc = run_write(s, SQL_LINES_DELETE, NULL, 0, id, 1)))
		return rc;
	return insert_lines(s, row->id, inv);
}

int store_invoice_set_status(struct store *s, int64_t id, enum invoice_status from,
			     enum invoice_status to, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, to == INVOICE_PAID ? SQL_STATUS_PAID : SQL_STATUS_SENT, &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, invoice_status_code(to));
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	db_bind_text(st, 4, invoice_status_code(from));
	rc = store_step_int(st, NULL);
	return rc == LWP_ENOTFOUND ? LWP_ECONFLICT : rc;
}

int store_invoice_set_credited(struct store *s, int64_t id)
{
	int64_t n[] = {id};
	return run_write(s, SQL_SET_CREDITED, NULL, 0, n, 1);
}

int store_invoice_set_token(struct store *s, int64_t id, const char *token_hash)
{
	const char *t[] = {token_hash};
	int64_t n[] = {id};
	return run_write(s, SQL_SET_TOKEN, t, 1, n, 1);
}
