/*
 * Routes of one capability (see routes.h). The public pages: home, invitation, applying, the private
 * pages of an application and an offer, privacy and accessibility.
 */
#ifndef LWP_WEB_ROUTES_PUBLIC_H
#define LWP_WEB_ROUTES_PUBLIC_H

#include "web/routes.h"

extern const struct route routes_public[];

void page_home(struct req *r);
void page_invitation(struct req *r);
void page_apply_form(struct req *r);
void page_apply_submit(struct req *r);
void page_application(struct req *r);
void page_application_withdraw(struct req *r);
void page_privacy(struct req *r);
void page_accessibility(struct req *r);
void page_offer(struct req *r);
void page_offer_answer(struct req *r);

#endif
