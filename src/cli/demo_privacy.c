/*
 * The demo's part of privacy: the fictional 2018 edition ended years ago,
 * so the retention job would anonymise it at the first start; its
 * periods are set to the maximum so that the demo keeps its people. The
 * open copy keeps the defaults, as a real edition would.
 */
#include "cli/demo.h"
#include "core/tz.h"
#include "service/privacy.h"

int demo_privacy(struct store *s, struct arena *a)
{
	const struct actor who = ACTOR_SYSTEM;
	const struct edition_retention keep = {36500, 36500};
	return svc_edition_retention_set(s, a, &who, DEMO_SLUG_2018, &keep, tz_now());
}
