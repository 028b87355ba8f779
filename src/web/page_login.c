/*
 * Signing in and out: by a one-time link sent by e-mail (valid 10 minutes,
 * used by a POST from the page it opens, so link scanners cannot use it),
 * or by password (argon2id); leads and admins then pass a second factor
 * (TOTP or a recovery code). Every attempt is rate limited and audited; the
 * answer to a link request is the same whether the address is known or not.
 */
#include "web/auth.h"
#include "web/links.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/routes_accounts.h"
#include "web/widgets.h"
#include "core/log.h"
#include "core/totp.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "service/accounts.h"
#include "store/store.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>


static const struct widget_field link_fields[] = {
	{"email", N_("E-mail address"), NULL, WT_EMAIL, "email", 1, 254, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};
static const struct widget_field password_fields[] = {
	{"user", N_("E-mail address"), NULL, WT_EMAIL, "username", 1, 254, NULL, NULL},
	{"password", N_("Password"), NULL, WT_PASSWORD, "current-password", 1, 128, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};
/* Text, not a number pad: a recovery code has letters too. */
static const struct widget_field code_fields[] = {
	{"code", N_("Code"), N_("The 6 digits from your authenticator app, or one of your recovery codes."), WT_TEXT, "one-time-code", 1, 32, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path of t (before any '?') percent-decoded into the arena; NULL when
 * an escape is broken or the path holds a control character, a backslash
 * or a NUL after decoding (browsers drop tabs and newlines, so "/\t/x"
 * would leave the site). */
static char *decoded_path(struct req *r, const char *t)
{
	size_t n = strcspn(t, "?");
	char *out = arena_alloc(r->arena, n + 1), *o = out;
	for (size_t i = 0; out && i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == '%') {
			int hi = i + 2 < n ? hex_value(t[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(t[i + 2]) : -1;
			if (lo < 0)
				return NULL;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return NULL;
		*o++ = (char)c;
	}
	if (out)
		*o = '\0';
	return out;
}

/* A return path to a page of this site, or NULL: after decoding, only a
 * path that one of our GET routes answers, with no control characters
 * anywhere, no second leading slash and no fragment. */
static const char *safe_return(struct req *r, const char *t)
{
	if (!t || t[0] != '/' || strlen(t) > 1000 || strchr(t, '#'))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return NULL;
	char *path = decoded_path(r, t);
	if (!path || path[1] == '/')
		return NULL;
	struct req probe;
	int allowed;
	memset(&probe, 0, sizeof(probe));
	probe.arena = r->arena;
	return route_match(&probe, EVHTTP_REQ_GET, path, &allowed) ? t : NULL;
}

static const char *return_param(struct req *r)
{
	const char *t = r->form ? form_get(r->form, "terug") : req_query(r, "terug");
	return safe_return(r, t);
}

static void hidden_return(struct req *r)
{
	const char *t = return_param(r);
	if (!t)
		return;
	html_raw(&r->out, "<input type=\"hidden\" name=\"terug\" value=\"");
	html_attr(&r->out, t);
	html_raw(&r->out, "\">\n");
}

static void login_page(struct req *r, int status, const char *general,
		       const struct field_errors *fe, const char *which)
{
	struct buf *b = &r->out;
	const char *email = r->form ? form_get(r->form, strcmp(which, "link") == 0 ? "email" : "user")
				    : NULL;
	r->status = status;
	r->personal = 1;
	layout_begin(r, T(r, "Sign in"));
	widget_heading(r, T(r, "Sign in"));
	if (r->session) {
		widget_notice(r, "info", NULL, T(r, "You are signed in."));
		widget_button_form(r, "/uitloggen", N_("Sign out"), NULL, NULL, 0);
	}
	widget_error_summary(r, fe, strcmp(which, "link") == 0 ? link_fields : password_fields,
			     general);
	html_raw(b, "<section aria-labelledby=\"link-heading\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"link-heading\">");
	html_text(b, T(r, "Sign in with a link by e-mail"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "We send a link to your e-mail address. It works once, for 10 minutes."));
	html_raw(b, "</p>\n");
	widget_form_begin(r, "/inloggen/link");
	hidden_return(r);
	widget_field(r, &link_fields[0], strcmp(which, "link") == 0 ? email : NULL,
		     strcmp(which, "link") == 0 ? fe : NULL);
	widget_form_end(r, N_("Send me a link"), 1);
	html_raw(b, "</section>\n<section aria-labelledby=\"password-heading\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"password-heading\">");
	html_text(b, T(r, "Sign in with your password"));
	html_raw(b, "</h2>\n");
	widget_form_begin(r, "/inloggen/wachtwoord");
	hidden_return(r);
	widget_field(r, &password_fields[0], strcmp(which, "password") == 0 ? email : NULL,
		     strcmp(which, "password") == 0 ? fe : NULL);
	widget_field(r, &password_fields[1], NULL, strcmp(which, "password") == 0 ? fe : NULL);
	widget_form_end(r, N_("Sign in"), 0);
	html_raw(b, "</section>\n");
	layout_end(r);
}

void page_login(struct req *r)
{
	login_page(r, 200, NULL, NULL, "link");
}

static void check_email_page(struct req *r)
{
	r->personal = 1;
	layout_begin(r, T(r, "Check your e-mail"));
	widget_heading(r, T(r, "Check your e-mail"));
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "If an account exists for this address, we have sent it a link to sign in. The link works once, for 10 minutes."));
	html_raw(&r->out, "</p>\n");
	layout_end(r);
}

/* POST /inloggen/link: send a login link (if the account exists). */
void page_login_link_request(struct req *r)
{
	struct field_errors fe = {0};
	const char *email = form_get(r->form, "email");
	if (!email || !*email || !email_valid(email)) {
		field_errors_add(&fe, "email", N_("Enter an e-mail address like name@example.nl."));
		login_page(r, 422, NULL, &fe, "link");
		return;
	}
	char *key = email_key(r->arena, email);
	if (auth_rate_limit(r, "login", r->ip) || auth_rate_limit(r, "link", key))
		return;
	/* Queued for the background job, for any address: the answer takes
	 * as long whether an account exists or not. */
	if (svc_login_link_request(r->store, email, r->lang, tz_now())) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	server_wake_sender();
	check_email_page(r);
}

/* GET /inloggen/link/{token}: a page with a button that signs in. */
void page_login_link(struct req *r)
{
	char *hash;
	if (store_token_hash(r->arena, r->params[0], &hash)) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	r->personal = 1;
	layout_begin(r, T(r, "Sign in"));
	widget_heading(r, T(r, "Sign in"));
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Press the button to sign in. The link then stops working."));
	html_raw(&r->out, "</p>\n");
	char *action = link_login(r, r->params[0]);
	widget_form_begin(r, action);
	widget_form_end(r, N_("Sign in"), 1);
	layout_end(r);
}

/* Where to go after the first factor: the second factor when the roles
 * need one, otherwise back where the user came from. */
static void after_login(struct req *r, int64_t user_id, int has_totp)
{
	struct role_grant *g;
	int n;
	const char *back = return_param(r);
	if (store_roles(r->store, r->arena, user_id, &g, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	unsigned mask = roles_mask(g, n);
	if (roles_need_second_factor(mask)) {
		struct buf loc;
		buf_init(&loc, 2048);
		buf_puts(&loc, has_totp ? "/inloggen/code" : "/account/tweestaps");
		if (back) {
			buf_puts(&loc, "?terug=");
			html_url_arg(&loc, back);
		}
		req_redirect(r, 303, arena_strdup(r->arena, buf_cstr(&loc)));
		buf_free(&loc);
		return;
	}
	req_redirect(r, 303, back ? back : "/account");
}

/* POST /inloggen/link/{token}: use the link once and sign in. */
void page_login_link_use(struct req *r)
{
	char *hash;
	int64_t user_id;
	struct user u;
	if (auth_rate_limit(r, "login", r->ip))
		return;
	if (store_token_hash(r->arena, r->params[0], &hash) ||
	    svc_login_link_use(r->store, hash, tz_now(), &user_id) ||
	    store_user_get(r->store, r->arena, user_id, &u) || u.disabled) {
		auth_audit(r, "login.failed", NULL, "link unknown, used or expired");
		req_error(r, 410, "gone", N_("This link is no longer valid: it was used already or it expired. Ask for a new one."));
		return;
	}
	if (auth_login(r, u.id, 0)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	auth_audit_as(r, &u, "login", NULL, "link");
	after_login(r, u.id, u.has_totp);
}

/* A password check that takes as long for an unknown account as for a
 * known one, so timing does not tell which addresses have accounts. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	if (crypto_pwhash_str(dummy_hash, "not a password", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		dummy_hash[0] = '\0';
}

/* A password check, hashed on the worker pool (req_defer): Argon2id with
 * 64 MiB takes about 70 ms, which would hold the event loop and every
 * visitor on it. The store is read before and written after, on the loop;
 * the job sees only these strings. */
struct password_check {
	const char *hash;     /* the stored hash; NULL: check the dummy one */
	const char *password;
	struct user u;
	int known;            /* an enabled account with a password */
	int ok;               /* by the worker: the password matches hash */
};

static void password_verify(void *arg)
{
	struct password_check *pc = arg;
	pthread_once(&dummy_once, make_dummy_hash);
	const char *check = pc->hash ? pc->hash : dummy_hash;
	pc->ok = check[0] && crypto_pwhash_str_verify(check, pc->password,
						     strlen(pc->password)) == 0;
}

static void password_checked(struct req *r, void *arg)
{
	struct password_check *pc = arg;
	if (r->gone)
		return;
	if (!pc->known || !pc->ok) {
		auth_audit(r, "login.failed", NULL, "password");
		login_page(r, 401, N_("The e-mail address or the password is not right."), NULL, "password");
		return;
	}
	if (auth_login(r, pc->u.id, 0)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	auth_audit_as(r, &pc->u, "login", NULL, "password");
	after_login(r, pc->u.id, pc->u.has_totp);
}

/* POST /inloggen/wachtwoord */
void page_login_password(struct req *r)
{
	struct field_errors fe = {0};
	const char *email = form_get(r->form, "user");
	const char *password = form_get(r->form, "password");
	if (!email || !*email || !email_valid(email))
		field_errors_add(&fe, "user", N_("Enter an e-mail address like name@example.nl."));
	if (!password || !*password)
		field_errors_add(&fe, "password", N_("Enter your password."));
	else if (strlen(password) > PASSWORD_MAX * 4)
		field_errors_add(&fe, "password", N_("Use a password of 8 to 128 characters."));
	if (fe.n) {
		login_page(r, 422, NULL, &fe, "password");
		return;
	}
	if (auth_rate_limit_account(r, email_key(r->arena, email)))
		return;
	struct password_check *pc = arena_calloc(r->arena, 1, sizeof(*pc));
	if (!pc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	char *hash = NULL;
	pc->password = password;
	pc->known = store_user_by_email(r->store, r->arena, email, &pc->u) == 0 && !pc->u.disabled &&
		    pc->u.has_password &&
		    store_user_password_hash(r->store, r->arena, pc->u.id, &hash) == 0 && hash;
	pc->hash = pc->known ? hash : NULL;
	LWP_IGNORE(req_defer(r, password_verify, password_checked, pc));
}

static void code_page(struct req *r, int status, const char *general)
{
	r->status = status;
	layout_begin(r, T(r, "Two-step verification"));
	widget_heading(r, T(r, "Two-step verification"));
	widget_error_summary(r, NULL, code_fields, general);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Leads and administrators confirm their sign-in with a second step."));
	html_raw(&r->out, "</p>\n");
	widget_form_begin(r, "/inloggen/code");
	hidden_return(r);
	widget_field(r, &code_fields[0], NULL, NULL);
	widget_form_end(r, N_("Confirm"), 1);
	layout_end(r);
}

/* GET /inloggen/code */
void page_login_code(struct req *r)
{
	if (!r->user->has_totp) {
		req_redirect(r, 303, "/account/tweestaps");
		return;
	}
	code_page(r, 200, NULL);
}

/* Recovery codes are compared in upper case without spaces or hyphens. */
static char *normalise_code(struct arena *a, const char *code)
{
	char *out = arena_alloc(a, strlen(code) + 1);
	size_t o = 0;
	for (const char *p = code; out && *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		out[o++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	}
	if (out)
		out[o] = '\0';
	return out;
}

char *page_recovery_code_hash(struct arena *a, const char *code);
char *page_recovery_code_hash(struct arena *a, const char *code)
{
	unsigned char digest[32];
	char *norm = normalise_code(a, code);
	char *hex = arena_alloc(a, 65);
	if (!norm || !hex)
		return NULL;
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)norm, strlen(norm),
			   (const unsigned char *)"lwp-recovery-code", 17);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
	return hex;
}

static int second_factor_ok(struct req *r, const char *code)
{
	char *secret;
	int64_t last, step;
	uint8_t key[TOTP_SECRET_BYTES];
	if (strlen(code) == 6) {
		if (store_user_totp(r->store, r->arena, r->user->id, &secret, &last) ||
		    base32_decode(secret, key, sizeof(key)) != TOTP_SECRET_BYTES)
			return 0;
		int ok = totp_check(key, sizeof(key), code, tz_now(), &step) && step > last &&
			 svc_totp_use(r->store, r->user->id, step) == 0;
		sodium_memzero(key, sizeof(key));
		return ok;
	}
	char *hash = page_recovery_code_hash(r->arena, code);
	return hash && svc_recovery_code_use(r->store, r->user->id, hash, tz_now()) == 0;
}

/* POST /inloggen/code */
void page_login_code_submit(struct req *r)
{
	const char *code = form_get(r->form, "code");
	if (auth_rate_limit_account(r, email_key(r->arena, r->user->email)))
		return;
	if (!code || !*code || strlen(code) > 32 || !second_factor_ok(r, code)) {
		auth_audit(r, "login.failed", NULL, "second factor");
		code_page(r, 401, N_("This code is not right, or it was used already."));
		return;
	}
	int64_t user_id = r->user->id;
	if (auth_login(r, user_id, 1)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	auth_audit(r, "login.second_factor", NULL, NULL);
	const char *back = return_param(r);
	req_redirect(r, 303, back ? back : "/beheer");
}

/* POST /uitloggen */
void page_logout(struct req *r)
{
	auth_audit(r, "logout", NULL, NULL);
	auth_logout(r);
	req_redirect(r, 303, "/");
}
