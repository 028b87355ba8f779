/*
 * Routes of one capability (see routes.h): costs and invoices. The console
 * pages (invoices per organisation with their actions and the edition's
 * VAT setting, charges per participant, billing data, the seller, the cost
 * overview with its exports, the printable invoice), the private page of
 * an organisation's contact, and the API under
 * /api/v1/manage/editions/{slug}/invoices.
 */
#ifndef LWP_WEB_ROUTES_INVOICES_H
#define LWP_WEB_ROUTES_INVOICES_H

#include "service/invoices.h"
#include "web/routes.h"

extern const struct route routes_invoices[];

/* page_invoices.c */
void page_invoices(struct req *r);
void page_invoices_create(struct req *r);
void page_invoices_send(struct req *r);
void page_invoices_paid(struct req *r);
void page_invoices_credit(struct req *r);
void page_invoices_settings(struct req *r);
void page_invoice_print(struct req *r);
void page_invoice_ubl(struct req *r);
void page_invoice_seller(struct req *r);
void page_invoice_seller_save(struct req *r);
/* page_invoice_charges.c */
void page_invoice_charges(struct req *r);
void page_invoice_nights(struct req *r);
void page_invoice_manual_add(struct req *r);
void page_invoice_manual_delete(struct req *r);
void page_invoice_billing(struct req *r);
void page_invoice_billing_save(struct req *r);
/* page_invoice_costs.c */
void page_invoice_costs(struct req *r);
void page_invoice_costs_csv(struct req *r);
void page_invoice_costs_xlsx(struct req *r);
void page_invoice_private(struct req *r);
void page_invoice_private_ubl(struct req *r);
/* api_invoices.c */
void api_invoices_list(struct req *r);
void api_invoices_create(struct req *r);
void api_invoices_send(struct req *r);
void api_invoices_paid(struct req *r);
void api_invoices_credit(struct req *r);
void api_invoices_ubl(struct req *r);

/* Shared by the invoice pages. */
/* <th scope="col"> with a translated label; number: right-aligned. */
void invoice_page_th(struct req *r, const char *msgid, int number);
/* A formatted amount in the request's language. */
void invoice_page_amount(struct req *r, int64_t cents);
/* The invoice of r->edition numbered number (r->params[1]): 0, or the
 * error page has been answered (404, 503). */
int invoice_page_load(struct req *r, struct invoice_row *row);
/* Answer a service's failure on a page: 409 with the reason, 404, 422 with
 * ie's message, else 503. */
void invoice_page_error(struct req *r, int rc, const struct invoice_error *ie);
/* The UBL of row as a download. */
void invoice_page_send_ubl(struct req *r, const struct invoice_row *row);
/* The translated label of a status or kind. */
const char *invoice_status_label(enum invoice_status s);

#endif
