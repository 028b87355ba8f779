/* The demo data set: the first edition of SPEC section 2 with fictional
 * applicants, and an open copy to apply to. */
#ifndef LWP_CLI_DEMO_H
#define LWP_CLI_DEMO_H

#include "store/store.h"

#define DEMO_SLUG_2018 "leerwerkplaats-2018"
#define DEMO_SLUG_OPEN "leerwerkplaats-demo"
#define DEMO_SLUG_TRY "leerwerkplaats-najaar"

/* One fictional applicant of the demo (demo.c's table). */
struct demo_applicant {
	const char *name, *email, *org, *kind, *function, *initiative, *theme, *tags;
	const char *question;
};
const struct demo_applicant *demo_applicants(int *n);

/* The 2018 edition played through: selected (20 participants), two
 * subgroups with their two coaches; and an edition past its deadline, not
 * selected yet, to try the selection on (demo_subgroups.c). Idempotent:
 * skips what exists. Runs first after the 2018 applicants are seeded. */
int demo_subgroups(struct store *s);

/* Create what is missing (idempotent); move the open copy's deadline into
 * the future when it has passed. */
int demo_seed(struct store *s);

#endif
