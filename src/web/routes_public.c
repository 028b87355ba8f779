/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_public.h"
#include "web/route_table.h"

const struct route routes_public[] = {
	{GET, "/", page_home, ANYONE, "home", 1, WANT_NOTHING},
	{GET, "/edities/{slug}", page_invitation, ANYONE, "invitation", 1, WANT_NOTHING},
	{GET, "/edities/{slug}/aanmelden", page_apply_form, ANYONE, "apply_form", 0, WANT_NOTHING},
	{POST, "/edities/{slug}/aanmelden", page_apply_submit, ANYONE, "apply_submit", 0, WANT_NOTHING},
	{GET, "/aanmelding/{token}", page_application, ANYONE, "application", 0, WANT_NOTHING},
	{POST, "/aanmelding/{token}/intrekken", page_application_withdraw, ANYONE, "withdraw", 0, WANT_NOTHING},
	{GET, "/privacy", page_privacy, ANYONE, "privacy", 1, WANT_NOTHING},
	{GET, "/toegankelijkheid", page_accessibility, ANYONE, "accessibility", 0, WANT_NOTHING},
	{GET, "/aanbod/{token}", page_offer, ANYONE, "offer", 0, WANT_NOTHING},
	{POST, "/aanbod/{token}", page_offer_answer, ANYONE, "offer_answer", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
