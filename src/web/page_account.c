/*
 * The signed-in user's own account: who they are and their roles, a
 * password (argon2id, 8 to 128 characters, not a common one) and the
 * second factor (TOTP) with ten recovery codes shown once.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/meetings_web.h"
#include "web/routes_accounts.h"
#include "web/routes_subgroups.h"
#include "web/routes_privacy.h"
#include "web/widgets.h"
#include "core/totp.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "store/store.h"

#include <sodium.h>
#include <string.h>

#define RECOVERY_CODES 10

char *page_recovery_code_hash(struct arena *a, const char *code);

static const struct widget_field password_fields[] = {
	{"current", N_("Current password"), NULL, WT_PASSWORD, "current-password", 1, 128, NULL, NULL},
	{"password", N_("New password"), N_("8 to 128 characters. A sentence of a few words is easy to remember and hard to guess."), WT_PASSWORD, "new-password", 1, 128, NULL, NULL},
	{"repeat", N_("Repeat the new password"), NULL, WT_PASSWORD, "new-password", 1, 128, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};
static const struct widget_field totp_fields[] = {
	{"code", N_("Code from the app"), N_("Enter the 6 digits the app shows for Leerwerkplaats."), WT_CODE, "one-time-code", 1, 6, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

/* One key and value of the account's data list. */
static void key(struct req *r, const char *label)
{
	html_raw(&r->out, "<dt class=\"utrecht-data-list__item-key\">");
	html_text(&r->out, label);
	html_raw(&r->out, "</dt><dd class=\"utrecht-data-list__item-value utrecht-data-list__item-value--html-dd\">");
}

static void row(struct req *r, const char *label, const char *value)
{
	key(r, label);
	html_text(&r->out, value);
	html_raw(&r->out, "</dd>\n");
}

static const char *role_label(enum role role)
{
	switch (role) {
	case ROLE_PARTICIPANT: return N_("Participant");
	case ROLE_MEMBER: return N_("Network member");
	case ROLE_COACH: return N_("Coach");
	case ROLE_LEAD: return N_("Programme lead");
	case ROLE_ADMIN: return N_("Administrator");
	default: return NULL;
	}
}

/* The roles in words: "Programme lead (all editions)", or with the title
 * of the edition the role is for. */
static void roles(struct req *r)
{
	struct buf *b = &r->out;
	struct edition *list = NULL;
	int n = 0;
	if (r->ngrants && store_edition_list(r->store, r->arena, 0, &list, &n))
		n = 0;
	html_raw(b, "<ul class=\"utrecht-unordered-list lwp-plain-list\">");
	for (int i = 0; i < r->ngrants; i++) {
		const char *label = role_label(r->grants[i].role);
		const char *edition = NULL;
		html_raw(b, "<li>");
		html_text(b, label ? T(r, label) : role_code(r->grants[i].role));
		for (int k = 0; k < n && r->grants[i].edition_id; k++)
			if (list[k].id == r->grants[i].edition_id)
				edition = list[k].title;
		if (!r->grants[i].edition_id) {
			html_raw(b, " (");
			html_text(b, T(r, "all editions"));
			html_raw(b, ")");
		} else if (edition) {
			html_raw(b, " (");
			html_text(b, edition);
			html_raw(b, ")");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

void page_account(struct req *r)
{
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Your account"));
	widget_heading(r, T(r, "Your account"));
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	html_raw(b, "<dl class=\"utrecht-data-list lwp-facts\">\n");
	row(r, T(r, "Name"), r->user->name);
	row(r, T(r, "E-mail address"), r->user->email);
	row(r, T(r, "Password"), r->user->has_password ? T(r, "set") : T(r, "not set"));
	row(r, T(r, "Two-step verification"), r->user->has_totp ? T(r, "on") : T(r, "off"));
	key(r, T(r, "Roles"));
	if (r->ngrants)
		roles(r);
	else
		html_text(b, T(r, "none"));
	html_raw(b, "</dd>\n</dl>\n<ul class=\"utrecht-unordered-list\">\n");
	if (r->roles & ROLES_CONSOLE) {
		html_raw(b, "<li><a class=\"nl-link\" href=\"/beheer\">");
		html_text(b, T(r, "Console for leads"));
		html_raw(b, "</a></li>\n");
	}
	html_raw(b, "<li><a class=\"nl-link\" href=\"/account/wachtwoord\">");
	html_text(b, T(r, "Set your password"));
	html_raw(b, "</a></li>\n<li><a class=\"nl-link\" href=\"/account/tweestaps\">");
	html_text(b, T(r, "Set up two-step verification"));
	html_raw(b, "</a></li>\n</ul>\n");
	meetings_feed_section(r, "/account/agenda", NULL);
	struct subgroup_view *groups;
	int ngroups;
	if (store_subgroups_of_email(r->store, r->arena, r->user->email, &groups, &ngroups) == 0)
		for (int i = 0; i < ngroups; i++)
			subgroup_view_section(r, &groups[i]);
	privacy_account_section(r);
	widget_button_form(r, "/uitloggen", N_("Sign out"), NULL, NULL, 0);
	layout_end(r);
}

static void password_page(struct req *r, int status, const struct field_errors *fe)
{
	r->status = status;
	layout_begin(r, T(r, "Set your password"));
	widget_heading(r, T(r, "Set your password"));
	widget_error_summary(r, fe, password_fields, NULL);
	widget_form_begin(r, "/account/wachtwoord");
	if (r->user->has_password)
		widget_field(r, &password_fields[0], NULL, fe);
	widget_field(r, &password_fields[1], NULL, fe);
	widget_field(r, &password_fields[2], NULL, fe);
	widget_form_end(r, N_("Save password"), 1);
	layout_end(r);
}

/* A password is changed only in a session that passed the second factor
 * (ASVS 6.2.3); 1 when the request was sent to it instead. */
static int needs_second_factor(struct req *r)
{
	if (!r->user->has_totp || r->session->second_factor)
		return 0;
	req_redirect(r, 303, "/inloggen/code?terug=/account/wachtwoord");
	return 1;
}

void page_account_password(struct req *r)
{
	if (needs_second_factor(r))
		return;
	password_page(r, 200, NULL);
}

/* A password change on the worker pool (req_defer): the check of the
 * current password and the hash of the new one (Argon2id, 64 MiB, about
 * 70 ms each) run on a worker; the store is read before and written
 * after, on the loop. */
struct password_change {
	const char *current_hash; /* NULL: the user has no password yet */
	const char *current;      /* as typed */
	const char *pw;           /* the new one; NULL when it is refused */
	int current_ok;           /* by the worker */
	int hashed;               /* by the worker: hash holds pw's hash */
	char hash[crypto_pwhash_STRBYTES];
};

static void password_change_run(void *arg)
{
	struct password_change *pc = arg;
	pc->current_ok = !pc->current_hash ||
			 (pc->current && *pc->current &&
			  crypto_pwhash_str_verify(pc->current_hash, pc->current,
						   strlen(pc->current)) == 0);
	pc->hashed = pc->current_ok && pc->pw &&
		     crypto_pwhash_str(pc->hash, pc->pw, strlen(pc->pw),
				       crypto_pwhash_OPSLIMIT_INTERACTIVE,
				       crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

static void password_change_done(struct req *r, void *arg)
{
	struct password_change *pc = arg;
	struct field_errors fe = {0};
	if (r->gone) {
		sodium_memzero(pc->hash, sizeof(pc->hash));
		return;
	}
	if (!pc->current_ok) {
		auth_audit(r, "account.password_refused", NULL, "current password not right");
		field_errors_add(&fe, "current", N_("This is not your current password."));
		password_page(r, 422, &fe);
		return;
	}
	const char *pw = form_get(r->form, "password");
	const char *repeat = form_get(r->form, "repeat");
	const char *problem = pw && *pw ? password_problem(pw) : N_("Enter a new password.");
	if (problem)
		field_errors_add(&fe, "password", problem);
	else if (!repeat || strcmp(pw, repeat) != 0)
		field_errors_add(&fe, "repeat", N_("The two passwords are not the same."));
	if (fe.n) {
		password_page(r, 422, &fe);
		return;
	}
	struct actor who = auth_actor(r);
	if (!pc->hashed ||
	    svc_user_set_password(r->store, r->arena, &who, r->user->id, pc->hash, r->session->id,
				  tz_now())) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, "/account?klaar=1");
}

void page_account_password_submit(struct req *r)
{
	if (needs_second_factor(r) || auth_rate_limit(r, "login", r->ip))
		return;
	struct password_change *pc = arena_calloc(r->arena, 1, sizeof(*pc));
	char *hash = NULL;
	if (!pc || (r->user->has_password &&
		    store_user_password_hash(r->store, r->arena, r->user->id, &hash))) {
		if (pc && r->user->has_password) {
			/* as before: a hash that cannot be read is a wrong password */
			struct field_errors fe = {0};
			auth_audit(r, "account.password_refused", NULL, "current password not right");
			field_errors_add(&fe, "current", N_("This is not your current password."));
			password_page(r, 422, &fe);
			return;
		}
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	const char *pw = form_get(r->form, "password");
	const char *repeat = form_get(r->form, "repeat");
	pc->current_hash = r->user->has_password ? hash : NULL;
	pc->current = form_get(r->form, "current");
	/* the new one is hashed only when it will be accepted */
	pc->pw = pw && *pw && !password_problem(pw) && repeat && strcmp(pw, repeat) == 0 ? pw : NULL;
	LWP_IGNORE(req_defer(r, password_change_run, password_change_done, pc));
}

static void totp_page(struct req *r, int status, const char *secret, const char *general)
{
	struct buf *b = &r->out;
	char grouped[64];
	size_t o = 0;
	for (size_t i = 0; secret[i] && o + 2 < sizeof(grouped); i++) {
		if (i && i % 4 == 0)
			grouped[o++] = ' ';
		grouped[o++] = secret[i];
	}
	grouped[o] = '\0';
	r->status = status;
	layout_begin(r, T(r, "Set up two-step verification"));
	widget_heading(r, T(r, "Set up two-step verification"));
	widget_error_summary(r, NULL, totp_fields, general);
	html_raw(b, "<ol class=\"utrecht-ordered-list\">\n<li>");
	html_text(b, T(r, "Open an authenticator app on your phone (for example FreeOTP or Aegis) and add an account by hand."));
	html_raw(b, "</li>\n<li>");
	html_text(b, T(r, "Enter this key (time-based, 6 digits, every 30 seconds):"));
	html_raw(b, " <code class=\"lwp-secret\">");
	html_text(b, grouped);
	html_raw(b, "</code></li>\n<li>");
	html_text(b, T(r, "Enter the code the app shows below."));
	html_raw(b, "</li>\n</ol>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Or open this address in the app:"));
	html_raw(b, " <code class=\"lwp-secret\">otpauth://totp/Leerwerkplaats:");
	html_url_arg(b, r->user->email);
	html_raw(b, "?secret=");
	html_text(b, secret);
	html_raw(b, "&amp;issuer=Leerwerkplaats</code></p>\n");
	widget_form_begin(r, "/account/tweestaps");
	html_raw(b, "<input type=\"hidden\" name=\"secret\" value=\"");
	html_attr(b, secret);
	html_raw(b, "\">\n");
	widget_field(r, &totp_fields[0], NULL, NULL);
	widget_form_end(r, N_("Turn on two-step verification"), 1);
	layout_end(r);
}

void page_account_totp(struct req *r)
{
	uint8_t key[TOTP_SECRET_BYTES];
	char secret[40];
	/* Replacing a working second factor needs that factor first. */
	if (r->user->has_totp && !r->session->second_factor) {
		req_redirect(r, 303, "/inloggen/code?terug=/account/tweestaps");
		return;
	}
	randombytes_buf(key, sizeof(key));
	base32_encode(key, sizeof(key), secret);
	sodium_memzero(key, sizeof(key));
	totp_page(r, 200, secret, NULL);
}

/* Ten codes of 10 base32 characters (50 bits), shown as XXXXX-XXXXX. */
static void recovery_codes(struct arena *a, char **codes, char **hashes)
{
	for (int i = 0; i < RECOVERY_CODES; i++) {
		uint8_t raw[7];
		char text[16];
		randombytes_buf(raw, sizeof(raw));
		base32_encode(raw, sizeof(raw), text);
		codes[i] = arena_printf(a, "%.5s-%.5s", text, text + 5);
		hashes[i] = codes[i] ? page_recovery_code_hash(a, codes[i]) : NULL;
	}
}

static void show_recovery_codes(struct req *r, char **codes)
{
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Two-step verification is on"));
	widget_heading(r, T(r, "Two-step verification is on"));
	widget_notice(r, "warning", T(r, "Keep these recovery codes"),
		      T(r, "Each code works once, when you do not have your phone. They are shown only now: print them or store them in a password manager."));
	html_raw(b, "<ul class=\"lwp-codes\">\n");
	for (int i = 0; i < RECOVERY_CODES; i++) {
		html_raw(b, "<li><code>");
		html_text(b, codes[i]);
		html_raw(b, "</code></li>\n");
	}
	/* On to the console for those who may use it (the roles held: this
	 * request's session was the one before the second step). */
	if (roles_mask(r->grants, r->ngrants) & ROLES_CONSOLE)
		html_raw(b, "</ul>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/beheer\">");
	else
		html_raw(b, "</ul>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/account\">");
	html_text(b, T(r, "Continue"));
	html_raw(b, "</a></p>\n");
	layout_end(r);
}

void page_account_totp_submit(struct req *r)
{
	uint8_t key[TOTP_SECRET_BYTES];
	int64_t step;
	char *codes[RECOVERY_CODES], *hashes[RECOVERY_CODES];
	const char *secret = form_get(r->form, "secret");
	const char *code = form_get(r->form, "code");
	if (r->user->has_totp && !r->session->second_factor) {
		req_error(r, 403, "forbidden", N_("You do not have access to this page."));
		return;
	}
	if (!secret || strlen(secret) != 32 ||
	    base32_decode(secret, key, sizeof(key)) != TOTP_SECRET_BYTES) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	int ok = code && totp_check(key, sizeof(key), code, tz_now(), &step);
	sodium_memzero(key, sizeof(key));
	if (!ok) {
		totp_page(r, 422, secret, N_("This code is not right. Check the time on your phone and try the next code."));
		return;
	}
	recovery_codes(r->arena, codes, hashes);
	for (int i = 0; i < RECOVERY_CODES; i++) {
		if (!hashes[i]) {
			req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
			return;
		}
	}
	/* Enrolling completes the sign-in: a fresh session with the second
	 * factor passed. */
	struct actor who = auth_actor(r);
	if (svc_totp_enrol(r->store, r->arena, &who, r->user->id, secret, hashes, RECOVERY_CODES,
			   step, tz_now()) ||
	    auth_login(r, r->user->id, 1)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	r->personal = 1;
	show_recovery_codes(r, codes);
}
