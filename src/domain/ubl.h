/*
 * UBL 2.1 XML of an invoice or credit note in the Dutch SI-UBL 2.0 (NLCIUS)
 * profile of EN 16931, the format Dutch government receivers accept. The
 * writer only serialises: the arithmetic and the rules are invoice.c's, and
 * ubl_write refuses (LWP_EINVAL) an invoice that invoice_validate refuses,
 * so no file leaves the program that a receiver would reject for a reason
 * known here. Every text goes through ubl_text (XML escaping).
 */
#ifndef LWP_DOMAIN_UBL_H
#define LWP_DOMAIN_UBL_H

#include "core/buf.h"
#include "domain/invoice.h"

#define UBL_CUSTOMIZATION_ID "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
#define UBL_PROFILE_ID "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

/* Append the whole document (an Invoice or, for a credit note, a CreditNote
 * with a BillingReference to the corrected invoice) to out. LWP_EINVAL with
 * ie filled when the invoice does not validate; LWP_ENOMEM when out failed
 * (over its cap). inv's totals must have been computed. */
int ubl_write(struct buf *out, const struct invoice *inv, struct invoice_error *ie);

/* Append s escaped for XML text and attribute values: & < > " ' as entity
 * references, CR as &#13; so that it survives parsing. */
void ubl_text(struct buf *out, const char *s);

/* "-12.34" from -1234 cents; "0.3333" from a quantity of 3333 (trailing
 * zeros dropped, "1" for 10000). */
void ubl_amount(struct buf *out, int64_t cents);
void ubl_quantity(struct buf *out, int64_t quantity);

#endif
