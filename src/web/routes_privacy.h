/*
 * Routes of one capability (see routes.h). Privacy rights (AVG): a person
 * downloads their data and asks for erasure from their account or their
 * application's private page; leads carry out requests for erasure.
 */
#ifndef LWP_WEB_ROUTES_PRIVACY_H
#define LWP_WEB_ROUTES_PRIVACY_H

#include "web/routes.h"

extern const struct route routes_privacy[];

void page_account_export(struct req *r);
void page_account_erasure(struct req *r);
void page_application_export_link(struct req *r);
void page_application_erasure(struct req *r);
void page_download(struct req *r);
void page_download_use(struct req *r);
void page_console_privacy(struct req *r);
void page_console_privacy_carry_out(struct req *r);

/* The "Your data" sections that page_account and page_application show
 * (token: the application's private link). */
void privacy_account_section(struct req *r);
void privacy_application_section(struct req *r, const char *token);

#endif
