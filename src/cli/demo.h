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
/* Retention periods of the demo editions (demo_privacy.c). */
int demo_privacy(struct store *s, struct arena *a);

#endif
