/* Sessions, CSRF, Origin, rate limits and audit for requests; see auth.h. */
#include "web/auth.h"
#include "web/cookies.h"
#include "web/form.h"
#include "core/log.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "store/store.h"

#include <event2/http.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int https(const struct req *r)
{
	return strncmp(r->cfg->base_url, "https:", 6) == 0;
}

static const char *session_cookie(const struct req *r)
{
	return https(r) ? "__Host-lwp_session" : "lwp_session";
}

static const char *csrf_cookie(const struct req *r)
{
	return https(r) ? "__Host-lwp_csrf" : "lwp_csrf";
}

/* The value of cookie name, or NULL. */
static const char *cookie_value(struct req *r, const char *name)
{
	return cookie_get(r->arena, req_header(r, "Cookie"), name);
}

static void set_cookie(struct req *r, const char *name, const char *value, int clear)
{
	char *c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
			       value, https(r) ? "; Secure" : "", clear ? "; Max-Age=0" : "");
	if (c)
		req_set_header(r, "Set-Cookie", c);
}

static void anonymous(struct req *r)
{
	r->session = NULL;
	r->user = NULL;
	r->grants = NULL;
	r->ngrants = 0;
	r->roles = ROLE_PUBLIC;
}

void auth_load(struct req *r)
{
	char *hash;
	int64_t now = tz_now();
	anonymous(r);
	const char *token = cookie_value(r, session_cookie(r));
	if (!token || store_token_hash(r->arena, token, &hash))
		return;
	struct session *s = arena_alloc(r->arena, sizeof(*s));
	struct user *u = arena_alloc(r->arena, sizeof(*u));
	if (!s || !u || store_session_get(r->store, r->arena, hash, s))
		return;
	if (s->last_seen_at + SESSION_IDLE_SECONDS < now ||
	    s->created_at + SESSION_ABSOLUTE_SECONDS < now) {
		LWP_IGNORE(svc_session_end(r->store, hash)); /* the cookie goes anyway */
		set_cookie(r, session_cookie(r), "", 1);
		return;
	}
	if (store_user_get(r->store, r->arena, s->user_id, u) ||
	    store_roles(r->store, r->arena, u->id, &r->grants, &r->ngrants))
		return;
	/* A failed touch costs at most a minute of idle time. */
	if (s->last_seen_at + 60 <= now)
		LWP_IGNORE(svc_session_touch(r->store, s->id, now));
	r->session = s;
	r->user = u;
	unsigned mask = roles_mask(r->grants, r->ngrants);
	/* Lead and admin rights wait for the second factor. */
	if (roles_need_second_factor(mask) && !s->second_factor)
		mask &= ~(unsigned)(ROLE_LEAD | ROLE_ADMIN);
	r->roles = mask | ROLE_PUBLIC | ROLE_USER;
	r->personal = 1;
}

int auth_allows(const struct req *r, unsigned role, int64_t edition_id)
{
	/* roles holds only what is in force (lead and admin after the second
	 * factor); admins hold every role everywhere. */
	if (!r->session || !(r->roles & (role | ROLE_ADMIN)))
		return 0;
	return roles_allow(r->grants, r->ngrants, (enum role)role, edition_id);
}

/* Same origin as the configured base URL: scheme, host and port. */
static int same_origin(const struct req *r, const char *origin)
{
	const char *base = r->cfg->base_url;
	const char *slash = strchr(strstr(base, "://") + 3, '/');
	size_t n = slash ? (size_t)(slash - base) : strlen(base);
	return strlen(origin) == n && strncasecmp(origin, base, n) == 0;
}

/* A foreign Origin (or Referer) is refused. "Origin: null" is what a
 * browser sends for a form on a page with Referrer-Policy: no-referrer (the
 * pages that carry a token in their address), so it counts as no Origin:
 * the CSRF token of the form decides. */
static int origin_ok(struct req *r)
{
	const char *origin = req_header(r, "Origin");
	if (origin && strcmp(origin, "null") != 0)
		return same_origin(r, origin);
	const char *referer = req_header(r, "Referer");
	if (!referer)
		return 1; /* neither header: not a browser's cross-site form post */
	size_t n = strlen(r->cfg->base_url);
	return strncmp(referer, r->cfg->base_url, n) == 0 &&
	       (referer[n] == '/' || referer[n] == '\0');
}

static int tokens_equal(const char *a, const char *b)
{
	size_t n = a ? strlen(a) : 0;
	return a && b && n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int is_form(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	       (ct[33] == '\0' || ct[33] == ';');
}

int auth_check_post(struct req *r)
{
	int api = strncmp(r->path, "/api/", 5) == 0;
	if (!origin_ok(r)) {
		auth_audit(r, "access.refused", r->path, "cross-origin request");
		req_error(r, 403, "forbidden", N_("This request came from another site and was refused."));
		return -1;
	}
	if (api) {
		if (r->session && !tokens_equal(r->session->csrf, req_header(r, "X-CSRF-Token"))) {
			req_error(r, 403, "csrf", N_("The security token is missing or wrong. Reload the page and try again."));
			return -1;
		}
		return 0;
	}
	if (!is_form(r)) {
		req_error(r, 415, "unsupported_media_type", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return -1;
	}
	struct form *f = arena_alloc(r->arena, sizeof(*f));
	if (!f || form_parse(r->arena, r->body, r->body_len, f)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return -1;
	}
	r->form = f;
	const char *expected = r->session ? r->session->csrf : cookie_value(r, csrf_cookie(r));
	if (!tokens_equal(expected, form_get(f, "csrf"))) {
		auth_audit(r, "access.refused", r->path, "missing or wrong CSRF token");
		req_error(r, 403, "csrf", N_("The security token is missing or wrong. Reload the page and try again."));
		return -1;
	}
	return 0;
}

const char *auth_csrf_token(struct req *r)
{
	char *hash;
	if (r->csrf)
		return r->csrf;
	if (r->session) {
		r->csrf = r->session->csrf;
		return r->csrf;
	}
	const char *cookie = cookie_value(r, csrf_cookie(r));
	if (cookie && store_token_hash(r->arena, cookie, &hash) == 0) {
		r->csrf = cookie;
		return r->csrf;
	}
	r->csrf = store_token_new(r->arena);
	if (r->csrf)
		set_cookie(r, csrf_cookie(r), r->csrf, 0);
	return r->csrf ? r->csrf : "";
}

int auth_login(struct req *r, int64_t user_id, int second_factor)
{
	char *hash;
	auth_logout(r);
	char *token = store_token_new(r->arena);
	char *csrf = store_token_new(r->arena);
	if (!token || !csrf || store_token_hash(r->arena, token, &hash))
		return LWP_ENOMEM;
	int64_t now = tz_now();
	/* Sweep ended sessions now and then: at every sign-in. */
	int rc = svc_session_start(r->store, user_id, hash, csrf, second_factor, now,
				   now - SESSION_IDLE_SECONDS, now - SESSION_ABSOLUTE_SECONDS);
	if (rc)
		return rc;
	set_cookie(r, session_cookie(r), token, 0);
	/* The page after login works with the new session. */
	if (r->session)
		r->session = NULL;
	return 0;
}

void auth_logout(struct req *r)
{
	char *hash;
	const char *token = cookie_value(r, session_cookie(r));
	if (token && store_token_hash(r->arena, token, &hash) == 0 &&
	    svc_session_end(r->store, hash))
		log_error("logout: the session could not be ended");
	if (token)
		set_cookie(r, session_cookie(r), "", 1);
	r->session = NULL;
}

struct rate_rule {
	const char *kind;
	int limit;
	int window;
};

/* Defaults, in the order of enum rate_kind; cfg->rate_limit (LWP_RATE_<KIND>,
 * checked by the CLI) overrides the number of hits per window. */
static const struct rate_rule rules[RATE_KINDS] = {
	{"login", 20, 15 * 60},       /* password/code attempts per IP */
	/* per account and address: an attacker elsewhere cannot lock the
	 * owner out; per account, slower, for attempts from many addresses */
	{"login-account-ip", 10, 15 * 60},
	{"login-account", 100, 3600},
	{"link", 5, 3600},             /* login mails per address */
	{"apply", 30, 3600},          /* applications per IP */
};

int auth_rate_check(struct req *r, const char *kind, const char *key, struct rate_check *out)
{
	for (size_t i = 0; i < RATE_KINDS; i++) {
		if (strcmp(rules[i].kind, kind) != 0)
			continue;
		out->bucket = arena_printf(r->arena, "%s:%s", kind, key ? key : "");
		out->window = rules[i].window;
		out->limit = r->cfg->rate_limit[i] > 0 ? r->cfg->rate_limit[i] : rules[i].limit;
		out->retry_after = 0;
		return out->bucket ? 0 : -1;
	}
	return -1;
}

void auth_rate_refuse(struct req *r, int retry_after)
{
	char *seconds = arena_printf(r->arena, "%d", retry_after);
	req_error(r, 429, "rate_limited", N_("Too many attempts. Please wait a while and try again."));
	if (seconds)
		req_set_header(r, "Retry-After", seconds);
}

int auth_rate_limit(struct req *r, const char *kind, const char *key)
{
	struct rate_check c;
	if (auth_rate_check(r, kind, key, &c))
		return 0;
	int rc = svc_rate_hit(r->store, c.bucket, tz_now(), c.window, c.limit, &c.retry_after);
	if (rc != LWP_ELIMIT)
		return 0; /* a database error does not lock people out */
	auth_rate_refuse(r, c.retry_after);
	return -1;
}

int auth_rate_limit_account(struct req *r, const char *account_key)
{
	return auth_rate_limit(r, "login", r->ip) ||
	       auth_rate_limit(r, "login-account-ip",
			       arena_printf(r->arena, "%s|%s", account_key, r->ip ? r->ip : "")) ||
	       auth_rate_limit(r, "login-account", account_key);
}

void auth_audit(struct req *r, const char *action, const char *object, const char *detail)
{
	auth_audit_as(r, r->user, action, object, detail);
}

void auth_audit_as(struct req *r, const struct user *u, const char *action,
		   const char *object, const char *detail)
{
	struct actor who = auth_actor_as(r, u);
	if (svc_record(r->store, &who, tz_now(), action, object, detail))
		log_error("audit: could not record %s", action);
}

struct actor auth_actor_as(const struct req *r, const struct user *u)
{
	struct actor who = {u ? u->id : 0, u ? u->email : "anonymous", r->ip ? r->ip : ""};
	return who;
}

struct actor auth_actor(const struct req *r)
{
	return auth_actor_as(r, r->user);
}
