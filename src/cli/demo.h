/* The demo data set: the first edition of SPEC section 2 with fictional
 * applicants, and an open copy to apply to. */
#ifndef LWP_CLI_DEMO_H
#define LWP_CLI_DEMO_H

#include "store/store.h"

#define DEMO_SLUG_2018 "leerwerkplaats-2018"
#define DEMO_SLUG_OPEN "leerwerkplaats-demo"
#define DEMO_SLUG_WAITING "leerwerkplaats-2019"
/* The 2018 edition's price of a night at the residential starts (cents):
 * the meetings' price per night and the edition's accommodation price. */
#define DEMO_PRICE_PER_NIGHT 16500

/* Create what is missing (idempotent); move the open copy's deadline into
 * the future when it has passed. */
int demo_seed(struct store *s);
/* The 2018 edition played through: selected (20 participants) when it is
 * not yet, two subgroups with the two coaches, confirmed (demo_subgroups.c).
 * Idempotent; runs first after the 2018 applicants are seeded. */
int demo_subgroups(struct store *s);
/* The 2018 edition's meetings, polls, attendance and network phase
 * (demo_meetings.c); nothing when it has meetings already. */
int demo_meetings(struct store *s);
/* The network of initiatives (demo_network.c): once, after the editions. */
int demo_network_seed(struct store *s);

/* The 2018 edition invoiced as it would have been (demo_invoices.c):
 * selection confirmed first when nobody was accepted yet; nothing when
 * the edition has invoices already. */
int demo_invoices(struct store *s, struct arena *a);
/* Retention periods of the demo editions (demo_privacy.c). */
int demo_privacy(struct store *s, struct arena *a);

#endif
