/*
 * Routes of one capability (see routes.h). Signing in and out, and the account pages
 * (password, two-step verification).
 */
#ifndef LWP_WEB_ROUTES_ACCOUNTS_H
#define LWP_WEB_ROUTES_ACCOUNTS_H

#include "web/routes.h"

extern const struct route routes_accounts[];

void page_login(struct req *r);
void page_login_link_request(struct req *r);
void page_login_link(struct req *r);
void page_login_link_use(struct req *r);
void page_login_password(struct req *r);
void page_login_code(struct req *r);
void page_login_code_submit(struct req *r);
void page_logout(struct req *r);
void page_account(struct req *r);
void page_account_password(struct req *r);
void page_account_password_submit(struct req *r);
void page_account_totp(struct req *r);
void page_account_totp_submit(struct req *r);

#endif
