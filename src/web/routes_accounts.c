/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_accounts.h"
#include "web/route_table.h"

const struct route routes_accounts[] = {
	{GET, "/inloggen", page_login, ANYONE, "login", 0, WANT_NOTHING},
	{POST, "/inloggen/link", page_login_link_request, ANYONE, "login_link_request", 0, WANT_NOTHING},
	{GET, "/inloggen/link/{token}", page_login_link, ANYONE, "login_link", 0, WANT_NOTHING},
	{POST, "/inloggen/link/{token}", page_login_link_use, ANYONE, "login_link_use", 0, WANT_NOTHING},
	{POST, "/inloggen/wachtwoord", page_login_password, ANYONE, "login_password", 0, WANT_NOTHING},
	{GET, "/inloggen/code", page_login_code, SIGNED_IN, "login_code", 0, WANT_NOTHING},
	{POST, "/inloggen/code", page_login_code_submit, SIGNED_IN, "login_code_submit", 0, WANT_NOTHING},
	{POST, "/uitloggen", page_logout, SIGNED_IN, "logout", 0, WANT_NOTHING},
	{GET, "/account", page_account, SIGNED_IN, "account", 0, WANT_NOTHING},
	{GET, "/account/wachtwoord", page_account_password, SIGNED_IN, "account_password", 0, WANT_NOTHING},
	{POST, "/account/wachtwoord", page_account_password_submit, SIGNED_IN, "account_password_submit", 0, WANT_NOTHING},
	{GET, "/account/tweestaps", page_account_totp, SIGNED_IN, "account_totp", 0, WANT_NOTHING},
	{POST, "/account/tweestaps", page_account_totp_submit, SIGNED_IN, "account_totp_submit", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
