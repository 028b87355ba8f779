/*
 * Invoices and credit notes (SPEC C5): the model and its arithmetic, without
 * SQL, HTTP or HTML. The store keeps these structs, the services build and
 * number them, src/domain/ubl.c writes them as SI-UBL 2.0 (NLCIUS) XML.
 *
 * Amounts are integer cents (int64_t), never floating point, so that every
 * total is exact and a sum of printed amounts equals the printed total.
 * Quantities are fixed point in 1/INVOICE_QTY_SCALE units (a third of a
 * night is 3333). There are exactly two roundings, both half away from zero
 * (which is what the EN 16931 validator does: it rounds absolute values):
 *   - a line's net amount (BT-131) = round(quantity x unit price) to cents;
 *   - a VAT category's tax (BT-117) = round(taxable amount x rate) to cents.
 * Everything else is a plain sum of already rounded cents, so the totals
 * BR-CO-10 (sum of lines), BR-CO-13 (no document allowances or charges),
 * BR-CO-14 (sum of VAT), BR-CO-15 and BR-CO-16 (nothing prepaid) add up by
 * construction in invoice_compute, and invoice_validate re-checks them for
 * an invoice read back from the database.
 *
 * Strings are borrowed (usually from the caller's arena) and never freed
 * here; functions that allocate take an arena. The currency is always EUR.
 */
#ifndef LWP_DOMAIN_INVOICE_H
#define LWP_DOMAIN_INVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define INVOICE_CURRENCY "EUR"
#define INVOICE_QTY_SCALE 10000           /* quantity 1 = 10000 */
#define INVOICE_QTY_MAX (100000LL * INVOICE_QTY_SCALE)
#define INVOICE_PRICE_MAX_CENTS 1000000000LL /* EUR 10 million per unit */
#define INVOICE_TOTAL_MAX_CENTS 100000000000000LL /* sum of |line nets| */
#define INVOICE_LINES_MAX 10000
#define INVOICE_VAT_MAX 8                 /* distinct VAT categories/rates */
#define INVOICE_TEXT_MAX 1000             /* bytes in any one text field */
#define INVOICE_SEQ_MAX 999999            /* numbers per year */

/* How a party is identified (ISO 6523 ICD as used by SI-UBL 2.0). */
enum invoice_id_scheme {
	INVOICE_ID_NONE = 0,
	INVOICE_ID_OIN,  /* Dutch government organisation number, 20 digits; 0190 */
	INVOICE_ID_KVK,  /* Chamber of Commerce number, 8 digits; 0106 */
};

/* Payment means code (UNCL 4461) with the seller's IBAN. */
enum invoice_payment_means {
	INVOICE_PAY_SEPA = 0,      /* 58 SEPA credit transfer; no BIC written (BR-NL-31) */
	INVOICE_PAY_TRANSFER,      /* 30 credit transfer; BIC written when given */
};

enum invoice_vat_category {
	VAT_STANDARD = 0,  /* "S": rate > 0 */
	VAT_EXEMPT,        /* "E": rate 0, exemption reason required (BR-E-10) */
	VAT_NOT_SUBJECT,   /* "O": no rate, no VAT numbers (BR-O-02), alone (BR-O-11) */
};

/* A VAT setting (an edition has one; every line carries a copy). */
struct invoice_vat {
	enum invoice_vat_category category;
	int rate_bp;                  /* hundredths of a percent: 2100 = 21%; 0 for E, O */
	const char *exemption_reason; /* E and O: text (BT-120), required */
	const char *exemption_code;   /* E and O: VATEX code (BT-121) or NULL;
				       * O takes only VATEX-EU-O */
};

#define VATEX_EDUCATION "VATEX-EU-132-1I" /* art. 132(1)(i) 2006/112/EC */
#define VATEX_NOT_SUBJECT "VATEX-EU-O"

struct invoice_seller {
	const char *name;          /* legal name */
	const char *address;       /* street and number */
	const char *postcode;
	const char *city;
	const char *country;       /* ISO 3166-1 alpha-2; NULL = "NL" */
	enum invoice_id_scheme id_scheme;
	const char *id;            /* the OIN or KVK number */
	const char *vat_number;    /* "NL...B01"; required for S and E lines
				    * (BR-S-02, BR-E-02), not written for O */
	const char *iban;
	const char *bic;           /* optional */
	enum invoice_payment_means means;
	const char *contact_name;  /* for disputes: name, phone and e-mail */
	const char *contact_phone;
	const char *contact_email;
};

struct invoice_buyer {
	const char *name;          /* legal name of the organisation */
	const char *address;
	const char *postcode;
	const char *city;
	const char *country;       /* NULL = "NL" */
	enum invoice_id_scheme id_scheme;
	const char *id;
	/* Kept and written exactly as given (no trimming, no case change);
	 * at least one of the two is required (BR-NL-2). */
	const char *buyer_reference;  /* BT-10, e.g. a cost centre */
	const char *order_reference;  /* BT-13, the purchase order number */
	const char *contact_name;     /* optional */
	const char *email;            /* where invoices are sent */
};

enum invoice_line_kind {
	INVOICE_LINE_FEE = 0,   /* the edition's fee for one participant */
	INVOICE_LINE_NIGHTS,    /* nights at a residential meeting */
	INVOICE_LINE_MANUAL,    /* added by a lead, with a reason */
};

struct invoice_line {
	enum invoice_line_kind kind;
	const char *description;   /* item name (BT-153), shown as is */
	int64_t quantity;          /* 1/INVOICE_QTY_SCALE units; 0 or negative allowed */
	int64_t unit_price_cents;  /* net price (BT-146); never negative (BR-27) */
	int64_t net_cents;         /* BT-131, set by invoice_compute */
	struct invoice_vat vat;
	const char *reason;        /* manual lines: why (line note BT-127) */
	int64_t participant_id;    /* the participant it concerns; 0 = none */
};

/* The VAT breakdown of one category and rate (BG-23). */
struct invoice_vat_total {
	struct invoice_vat vat;
	int64_t taxable_cents;     /* BT-116 = sum of its line nets (BR-S/E/O-08) */
	int64_t tax_cents;         /* BT-117 = round(taxable x rate) */
};

struct invoice_totals {
	int64_t line_net_cents;      /* BT-106 = sum of BT-131 (BR-CO-10) */
	int64_t tax_exclusive_cents; /* BT-109 = BT-106 (BR-CO-13) */
	int64_t tax_cents;           /* BT-110 = sum of BT-117 (BR-CO-14) */
	int64_t tax_inclusive_cents; /* BT-112 = BT-109 + BT-110 (BR-CO-15) */
	int64_t payable_cents;       /* BT-115 = BT-112 (BR-CO-16) */
	int n_vat;
	struct invoice_vat_total vat[INVOICE_VAT_MAX]; /* in order of first line */
};

enum invoice_kind {
	INVOICE_KIND_INVOICE = 0,  /* UBL Invoice, type code 380 */
	INVOICE_KIND_CREDIT_NOTE,  /* UBL CreditNote, type code 381 */
};

struct invoice {
	enum invoice_kind kind;
	const char *number;        /* BT-1, "2018-0001" (invoice_number_format) */
	const char *issue_date;    /* "YYYY-MM-DD" */
	const char *due_date;      /* "YYYY-MM-DD", not before the issue date;
				    * required when the amount due is positive (BR-CO-25) */
	const char *corrects;      /* credit note: number of the invoice it corrects (BT-25) */
	const char *note;          /* BT-22, e.g. the reason of a credit; optional */
	const char *period_start;  /* BG-14 "YYYY-MM-DD", e.g. the edition's */
	const char *period_end;    /* dates; both or neither, end >= start (BR-29) */
	const char *payment_terms; /* BT-20, e.g. "Betaling binnen 30 dagen"; optional */
	int64_t organisation_id;   /* the buyer's organisation (not written) */
	struct invoice_seller seller;
	struct invoice_buyer buyer;
	struct invoice_line *lines;
	size_t n_lines;
	struct invoice_totals totals; /* set by invoice_compute */
};

/* A problem found by invoice_compute or invoice_validate. */
struct invoice_error {
	const char *field;  /* "buyer.order_reference", "line.quantity", ... */
	const char *msg;    /* English msgid */
	const char *rule;   /* the EN 16931 / SI-UBL rule guarded, or NULL */
	size_t line;        /* 1-based line number for "line.*" fields, else 0 */
};

/* ---- arithmetic ---------------------------------------------------------- */

/* num / den rounded half away from zero; den > 0. */
int64_t invoice_round_div(int64_t num, int64_t den);
/* round(quantity x unit price) in cents; LWP_EINVAL outside the limits. */
int invoice_line_net(int64_t quantity, int64_t unit_price_cents, int64_t *net);
/* round(taxable x rate_bp / 10000) in cents. */
int64_t invoice_vat_amount(int64_t taxable_cents, int rate_bp);
/* Set every line's net amount and the totals with the VAT breakdown.
 * LWP_EINVAL (ie filled) for amounts over the limits or more than
 * INVOICE_VAT_MAX distinct VAT settings. */
int invoice_compute(struct invoice *inv, struct invoice_error *ie);
/* The amount due as it counts for the organiser: payable for an invoice,
 * minus payable for a credit note. */
int64_t invoice_signed_cents(const struct invoice *inv);

/* ---- validation ---------------------------------------------------------- */

/* 0 when inv can be sent: every required field present and well-formed
 * (one-line UTF-8 text without control characters), the Dutch rules
 * (supplier KVK/OIN, addresses, a buyer or order reference, IBAN), the VAT
 * rules per category, and the stored line nets and totals equal to a fresh
 * invoice_compute. Otherwise LWP_EINVAL with the first problem in ie. */
int invoice_validate(const struct invoice *inv, struct invoice_error *ie);
/* 0 when a VAT setting is complete and consistent (the field names in ie
 * are "vat.*"), so an edition's setting can be checked when it is saved. */
int invoice_vat_validate(const struct invoice_vat *vat, struct invoice_error *ie);
/* Syntax checks used by validate, exposed for forms: 1 when valid. */
int invoice_party_id_valid(enum invoice_id_scheme scheme, const char *id);
int invoice_iban_valid(const char *iban);       /* ISO 13616 mod-97 check */
int invoice_vat_number_valid(const char *vat);  /* country prefix + 2..12 */

/* ---- codes ----------------------------------------------------------------- */

const char *invoice_vat_code(enum invoice_vat_category c); /* "S", "E", "O" */
/* "S"/"E"/"O" back to the category; -1 if unknown. */
int invoice_vat_parse(const char *code);
const char *invoice_scheme_code(enum invoice_id_scheme s); /* "0190", "0106" */
int invoice_type_code(enum invoice_kind k);                 /* 380, 381 */

/* ---- life cycle ------------------------------------------------------------ */

/* draft -> sent -> paid. Only a draft may change (its lines, its buyer);
 * a sent invoice is corrected by a credit note that refers to it. */
enum invoice_status {
	INVOICE_DRAFT = 0,
	INVOICE_SENT,
	INVOICE_PAID,
};

const char *invoice_status_code(enum invoice_status s); /* "draft", "sent", "paid" */
int invoice_status_parse(const char *code);              /* -1 if unknown */
/* 1 when the status may go from one to the other (draft->sent, sent->paid). */
int invoice_status_may_become(enum invoice_status from, enum invoice_status to);
/* 1 when an invoice in this status may still be edited (a draft). */
int invoice_status_editable(enum invoice_status s);
/* 1 when a credit note may be made for this document: an invoice that has
 * been sent (paid or not). */
int invoice_may_credit(enum invoice_kind kind, enum invoice_status s);

/* The date days after a "YYYY-MM-DD" date (a due date from the issue
 * date), into out of at least 11 bytes. LWP_EINVAL for a bad date. */
int invoice_date_add_days(const char *date, int days, char *out, size_t n);

/* The line nets of inv by kind (fee, nights, manual), for the cost
 * overview; out[INVOICE_LINE_FEE] etc., excluding VAT. */
void invoice_sum_by_kind(const struct invoice *inv, int64_t out[3]);

/* ---- numbering ------------------------------------------------------------- */

/* "YYYY-NNNN": the year and the sequence number within it, zero-padded to
 * four digits (wider past 9999). Invoices and credit notes share the
 * series; the store hands out seq inside the write transaction. out needs
 * INVOICE_NUMBER_SIZE bytes. LWP_EINVAL for year outside 1000..9999 or seq
 * outside 1..INVOICE_SEQ_MAX. */
#define INVOICE_NUMBER_SIZE 16
int invoice_number_format(char *out, size_t n, int year, int64_t seq);
/* Parse exactly what invoice_number_format writes (no other spelling). */
int invoice_number_parse(const char *s, int *year, int64_t *seq);

/* ---- building from charges -------------------------------------------------- */

struct invoice_participant {
	int64_t id;
	int64_t organisation_id;
	const char *name;
};

/* Nights a participant attended (or booked) at one residential meeting. */
struct invoice_stay {
	int64_t participant_id;
	const char *meeting;       /* its title, used in the line description */
	int nights;
	int64_t price_per_night_cents;
};

/* A manual charge: about a participant, or (participant_id 0) about the
 * organisation as a whole. Quantity in 1/INVOICE_QTY_SCALE units. */
struct invoice_manual {
	int64_t participant_id;
	int64_t organisation_id;   /* used when participant_id is 0 */
	const char *description;
	int64_t quantity;
	int64_t unit_price_cents;
	const char *reason;
};

struct invoice_charges {
	int64_t fee_cents;          /* per participant (edition setting) */
	const char *fee_label;      /* e.g. "Begeleiding Leerwerkplaats 2018" */
	const char *nights_label;   /* e.g. "Overnachtingen" */
	struct invoice_vat vat;     /* the edition's VAT, given to every line */
	const struct invoice_participant *participants;
	size_t n_participants;
	const struct invoice_stay *stays;
	size_t n_stays;
	const struct invoice_manual *manual;
	size_t n_manual;
};

/* Fill inv->lines (from arena a), inv->n_lines, inv->kind (invoice),
 * inv->organisation_id and the totals for the participants of one
 * organisation: per participant, in the order given, the fee line
 * ("fee_label - name"), a line per stay with nights ("nights_label meeting -
 * name", quantity the nights, price per night) and its manual lines
 * ("description - name"); then the organisation's own manual lines. The
 * caller sets number, dates, seller and buyer. LWP_ENOTFOUND when the
 * organisation has no participants; LWP_EINVAL (field
 * "manual.participant_id") when a manual line names a participant not in c,
 * or from invoice_compute; LWP_ENOMEM. */
int invoice_build(struct arena *a, const struct invoice_charges *c,
		  int64_t organisation_id, struct invoice *inv,
		  struct invoice_error *ie);

/* The distinct organisations of c's participants in order of first
 * appearance, at most max of them into out; returns how many there are. */
size_t invoice_charges_organisations(const struct invoice_charges *c,
				     int64_t *out, size_t max);

/* A credit note for orig (which must be an invoice): seller, buyer and
 * organisation copied, corrects = orig->number, and a copy of orig's lines,
 * all of them or (participant_id != 0) only those about that participant;
 * totals computed. The caller sets number, issue date, due date and note.
 * LWP_EINVAL when orig is a credit note, LWP_ENOTFOUND when no line is
 * about the participant. */
int invoice_credit(struct arena *a, const struct invoice *orig,
		   int64_t participant_id, struct invoice *cn,
		   struct invoice_error *ie);

#endif
