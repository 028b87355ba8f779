/*
 * Costs and invoices in the store (store_invoices.c): the seller's
 * settings, the VAT and nights setting per edition, billing data per
 * organisation and edition, the charges (participants, nights booked,
 * manual lines) and the invoices with their lines. Reads only; the writes
 * are in store_write.h (section "invoices") for the service layer.
 * Strings are copies in the caller's arena.
 */
#ifndef LWP_STORE_STORE_INVOICES_H
#define LWP_STORE_STORE_INVOICES_H

#include "domain/invoice.h"
#include "store/store.h"

/* An edition's invoicing settings; the defaults when none were saved. */
struct invoice_settings {
	struct invoice_vat vat;
	int residential_nights;  /* nights booked per participant by default */
	int payment_days;        /* due date = issue date + this */
	int saved;
};

/* The defaults: exempt (education), 0 nights, 30 days. */
void invoice_settings_default(struct invoice_settings *out);

/* Billing data of one organisation for one edition. */
struct invoice_billing {
	int64_t edition_id;
	int64_t organisation_id;
	char *organisation;      /* the organisation's name in lwp */
	struct invoice_buyer buyer;
	int saved;               /* 0: prefilled from the applications */
};

/* A manual charge line with its bookkeeping. */
struct invoice_manual_row {
	int64_t id;
	struct invoice_manual m; /* participant_id is an application id */
	char *participant;       /* name, or NULL for the organisation */
	char *organisation;
	char *created_by;
	int64_t created_at;
};

/* An invoice or credit note as stored. */
struct invoice_row {
	int64_t id;
	int64_t edition_id;
	struct invoice inv;      /* lines with their stored amounts, totals */
	enum invoice_status status;
	int year;
	int64_t seq;
	int64_t corrects_id;     /* credit note: the invoice it corrects */
	int credited;            /* invoice: wholly credited */
	char *organisation;      /* the organisation's name in lwp */
	int64_t created_at, sent_at, paid_at;  /* 0 when not (yet) */
};

/* The seller; LWP_ENOTFOUND when not set yet. */
LWP_MUST_USE int store_invoice_seller(struct store *s, struct arena *a, struct invoice_seller *out);
LWP_MUST_USE int store_invoice_settings(struct store *s, int64_t edition_id, struct arena *a,
					struct invoice_settings *out);

/* Accepted participants of the edition (id = application id), by
 * organisation and name. */
LWP_MUST_USE int store_invoice_participants(struct store *s, struct arena *a, int64_t edition_id,
					    struct invoice_participant **out, int *count);
/* The stays charged per accepted participant of the edition (the one
 * place invoices get their nights from). When the edition has a confirmed
 * residential meeting: the nights attended (present on a day after which
 * a night is spent, store_stays_attended), one stay per participant and
 * meeting at that meeting's price per night, labelled with its title; a
 * participant absent at a night is not charged it, and one with no
 * attendance recorded is charged no night. Without residential meetings:
 * the nights booked (the settings' residential_nights) at
 * editions.accommodation_cents, labelled with the edition's location. A
 * number of nights the lead set for a participant (invoice_nights, the
 * console's correction) replaces either for that participant. By
 * application id, then the meeting's first day. */
LWP_MUST_USE int store_invoice_nights(struct store *s, struct arena *a, int64_t edition_id,
				      struct invoice_stay **out, int *count);
/* The nights booked (what the cost overview expects): the lead's number or
 * the settings' default, at editions.accommodation_cents, one per accepted
 * participant by application id. */
LWP_MUST_USE int store_invoice_nights_booked(struct store *s, struct arena *a,
					     int64_t edition_id, struct invoice_stay **out,
					     int *count);
LWP_MUST_USE int store_invoice_manual_lines(struct store *s, struct arena *a, int64_t edition_id,
					    struct invoice_manual_row **out, int *count);
LWP_MUST_USE int store_invoice_manual_get(struct store *s, struct arena *a, int64_t id,
					  int64_t *edition_id, struct invoice_manual_row *out);

/* The billing data of an organisation: saved, or prefilled from the
 * applications (billing contact, address, reference) and the name. */
LWP_MUST_USE int store_invoice_billing(struct store *s, struct arena *a, int64_t edition_id,
				       int64_t organisation_id, struct invoice_billing *out);
/* Organisations with accepted participants in the edition, with billing data. */
LWP_MUST_USE int store_invoice_billing_list(struct store *s, struct arena *a, int64_t edition_id,
					    struct invoice_billing **out, int *count);

/* The invoices and credit notes of the edition, by number, with lines. */
LWP_MUST_USE int store_invoice_list(struct store *s, struct arena *a, int64_t edition_id,
				    struct invoice_row **out, int *count);
LWP_MUST_USE int store_invoice_get(struct store *s, struct arena *a, int64_t id,
				   struct invoice_row *out);
LWP_MUST_USE int store_invoice_by_number(struct store *s, struct arena *a, const char *number,
					 struct invoice_row *out);
/* The invoice behind a private link and the credit notes correcting it. */
LWP_MUST_USE int store_invoice_by_token(struct store *s, struct arena *a, const char *token,
					struct invoice_row **out, int *count);

/* Split a free-text address as the application form collects it ("street
 * 1\n1234 AB City" or "street 1, 1234 AB City") into street, postcode and
 * city (arena copies; postcode and city NULL when not recognised). */
void invoice_address_split(struct arena *a, const char *text, const char **street,
			   const char **postcode, const char **city);

#endif
