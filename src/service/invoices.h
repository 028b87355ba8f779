/*
 * Costs and invoices as services (SPEC C5, issue 13): the seller's and the
 * edition's settings, billing data and charges per organisation, and the
 * invoices' life cycle: create (one draft per organisation that has
 * accepted participants and no invoice yet, numbered inside the write
 * transaction from the per-year series), send (frozen, mailed with the UBL
 * and the printable copy), mark paid, credit (a credit note that refers to
 * a sent invoice, then optionally a new draft). A draft always follows the
 * current charges, billing data and seller (it is rebuilt when they change
 * and when it is sent); once sent nothing about it changes: edits that
 * would change it are refused with LWP_ECONFLICT. Every change is audited.
 *
 * Validation problems come back as LWP_EINVAL with ie filled (field, an
 * English msgid, the EN 16931 rule when there is one).
 */
#ifndef LWP_SERVICE_INVOICES_H
#define LWP_SERVICE_INVOICES_H

#include "core/buf.h"
#include "domain/invoice.h"
#include "service/service.h"
#include "store/store_invoices.h"

/* The English message for a service result of this capability (a msgid). */
const char *svc_invoice_error(int rc);

LWP_MUST_USE int svc_invoice_seller_set(struct store *s, struct arena *a, const struct actor *who,
					const struct invoice_seller *v, int64_t now,
					struct invoice_error *ie);
LWP_MUST_USE int svc_invoice_settings_set(struct store *s, struct arena *a,
					  const struct actor *who, const struct edition *e,
					  const struct invoice_settings *v, int64_t now,
					  struct invoice_error *ie);

/* Billing data of b->organisation_id in e; LWP_ECONFLICT when its invoice
 * was sent (and not wholly credited). */
LWP_MUST_USE int svc_invoice_billing_set(struct store *s, struct arena *a, const struct actor *who,
					 const struct edition *e, const struct invoice_billing *b,
					 int64_t now, struct invoice_error *ie);
/* Nights booked by an accepted participant (an application of e). */
LWP_MUST_USE int svc_invoice_nights_set(struct store *s, struct arena *a, const struct actor *who,
					const struct edition *e, int64_t application_id, int nights,
					int64_t now);
/* A manual line about a participant (m->participant_id, an accepted
 * application of e) or an organisation (participant_id 0); the reason is
 * required. *id gets the line's id. */
LWP_MUST_USE int svc_invoice_manual_add(struct store *s, struct arena *a, const struct actor *who,
					const struct edition *e, const struct invoice_manual *m,
					int64_t now, struct invoice_error *ie, int64_t *id);
LWP_MUST_USE int svc_invoice_manual_delete(struct store *s, struct arena *a,
					   const struct actor *who, const struct edition *e,
					   int64_t id, int64_t now);

/* One draft per organisation with accepted participants and no invoice
 * (that is not wholly credited); issue date and year from now (Europe/
 * Amsterdam). *created gets how many. LWP_EINVAL (ie "seller") when the
 * seller has not been set. */
LWP_MUST_USE int svc_invoice_create(struct store *s, struct arena *a, const struct actor *who,
				    const struct edition *e, int64_t now, int *created,
				    struct invoice_error *ie);
/* Send a draft: rebuilt, validated (LWP_EINVAL, ie), frozen as sent and
 * mailed to the invoice e-mail with the UBL and the printable copy. *token
 * gets the contact's private link token (in a). LWP_ECONFLICT when it is
 * not a draft; LWP_ENOTFOUND when not an invoice of e. */
LWP_MUST_USE int svc_invoice_send(struct store *s, struct arena *a, const struct actor *who,
				  const char *base_url, const struct edition *e, int64_t id,
				  int64_t now, struct invoice_error *ie, char **token);
/* sent -> paid (an invoice, or a credit note refunded); LWP_ECONFLICT otherwise. */
LWP_MUST_USE int svc_invoice_paid(struct store *s, struct arena *a, const struct actor *who,
				  const struct edition *e, int64_t id, int64_t now);
/* A credit note for the sent invoice id (of e; e may be NULL for the CLI),
 * of all its lines or (participant_id) those about one participant, with
 * the reason; mailed like an invoice when the buyer has an e-mail address.
 * With new_draft (whole credits only) a new draft follows. LWP_ECONFLICT
 * when it cannot be credited (a draft, a credit note, credited already, or
 * that participant credited already); LWP_EINVAL (ie) for a missing reason.
 * *credit_id gets the credit note's id. */
LWP_MUST_USE int svc_invoice_credit(struct store *s, struct arena *a, const struct actor *who,
				    const char *base_url, const struct edition *e, int64_t id,
				    int64_t participant_id, const char *reason, int new_draft,
				    int64_t now, struct invoice_error *ie, int64_t *credit_id);

/* ---- exports (invoice_export.c) ---- */

/* The cost overview of an edition per organisation, in cents excluding
 * VAT except where said. Expected: the charges of the accepted
 * participants with their booked nights (store_invoice_nights_booked);
 * actual: the same charges with the nights charged (store_invoice_nights:
 * attended at the residential meetings); nights: the nights charged;
 * invoiced: sent and paid invoices minus credit notes; paid: paid ones. */
struct cost_row {
	int64_t organisation_id;
	const char *organisation;
	int participants;
	int nights;
	int64_t expected_cents;
	int64_t actual_cents;
	int64_t invoiced_cents;
	int64_t invoiced_incl_cents;  /* including VAT */
	int64_t paid_incl_cents;      /* including VAT */
	int64_t accommodation_cents;  /* the part of actual for the nights charged */
};

struct cost_overview {
	struct cost_row *rows;
	int n;
	struct cost_row total;        /* organisation "" */
};

LWP_MUST_USE int svc_invoice_overview(struct store *s, struct arena *a, const struct edition *e,
				      struct cost_overview *out);
/* CSV of the overview: Dutch (LANG_NL) with a UTF-8 BOM, ';' and decimal
 * commas; English with ',' and decimal points. Text that a spreadsheet
 * would run as a formula (= + - @ first) is prefixed with a quote. */
void svc_invoice_overview_csv(struct buf *out, const struct cost_overview *o, enum lang lang);
/* XLSX workbook at path: sheet 1 the overview, sheet 2 the invoices and
 * credit notes (amounts in euro as numbers). LWP_EIO when it cannot be
 * written. */
LWP_MUST_USE int svc_invoice_overview_xlsx(const char *path, const struct cost_overview *o,
					   const struct invoice_row *inv, int n, enum lang lang);
/* The same into out (through a temporary file). */
LWP_MUST_USE int svc_invoice_overview_xlsx_buf(struct buf *out, const struct cost_overview *o,
					       const struct invoice_row *inv, int n,
					       enum lang lang);

/* ---- the printable invoice (invoice_print.c) ---- */

/* "EUR 1.500,00" (nl) or "EUR 1,500.00" (en). */
void invoice_format_amount(char *out, size_t n, int64_t cents, enum lang lang);
/* The invoice as an HTML fragment (<article class="lwp-invoice">) through
 * the escaping writer, labels in lang. */
void invoice_print_body(struct buf *out, const struct invoice_row *row, enum lang lang);
/* A whole HTML document of the invoice with its own A4 print styles, for
 * attaching to mail. */
void invoice_print_document(struct buf *out, const struct invoice_row *row, enum lang lang);
/* "2018-0001.xml" style file names. */
const char *invoice_file_name(struct arena *a, const struct invoice_row *row, const char *ext);

#endif
