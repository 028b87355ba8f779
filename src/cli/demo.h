/* The demo data set: the first edition of SPEC section 2 with fictional
 * applicants, and an open copy to apply to. */
#ifndef LWP_CLI_DEMO_H
#define LWP_CLI_DEMO_H

#include "store/store.h"

#define DEMO_SLUG_2018 "leerwerkplaats-2018"
#define DEMO_SLUG_OPEN "leerwerkplaats-demo"

/* Create what is missing (idempotent); move the open copy's deadline into
 * the future when it has passed. */
int demo_seed(struct store *s);

/* The 2018 edition invoiced as it would have been (demo_invoices.c):
 * selection confirmed first when nobody was accepted yet; nothing when
 * the edition has invoices already. */
int demo_invoices(struct store *s, struct arena *a);

#endif
