/* See accounts.h. */
#include "service/accounts.h"
#include "store/store_write.h"
#include "mail/mail.h"

/* The arguments of every account change, one struct for all bodies. */
struct account_change {
	struct arena *a;
	const struct actor *who;
	int64_t user_id, edition_id, step, now, expires_at, *id;
	const char *email, *name, *lang, *hash, *csrf, *text;
	char *const *codes;
	int ncodes, flag, window, limit, *retry_after;
	enum role role;
	const struct mail *mail;
};

static char *user_object(struct arena *a, int64_t id)
{
	return arena_printf(a, "user:%lld", (long long)id);
}

static int user_create_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	int rc = store_user_create(s, c->a, c->email, c->name, c->lang, c->now, c->id);
	if (!rc && c->hash)
		rc = store_user_set_password(s, *c->id, c->hash);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "user.create", c->email, NULL);
}

int svc_user_create(struct store *s, struct arena *a, const struct actor *who, const char *email,
		    const char *name, const char *lang, const char *password_hash, int64_t now,
		    int64_t *id)
{
	struct account_change c = {.a = a, .who = who, .email = email, .name = name,
				   .lang = lang, .hash = password_hash, .now = now, .id = id};
	return store_write(s, user_create_tx, &c);
}

static int password_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	int rc = store_user_set_password(s, c->user_id, c->hash);
	if (rc || (rc = store_session_end_others(s, c->user_id, c->step)))
		return rc;
	return svc_audit(s, c->who, c->now, "account.password", user_object(c->a, c->user_id),
			 "other sessions ended");
}

int svc_user_set_password(struct store *s, struct arena *a, const struct actor *who,
			  int64_t user_id, const char *hash, int64_t keep_session, int64_t now)
{
	struct account_change c = {.a = a, .who = who, .user_id = user_id, .hash = hash,
				   .step = keep_session, .now = now};
	return store_write(s, password_tx, &c);
}

static int role_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	int rc = c->flag ? store_role_grant(s, c->user_id, c->role, c->edition_id)
			 : store_role_revoke(s, c->user_id, c->role, c->edition_id);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, c->flag ? "role.grant" : "role.revoke", c->email,
			 arena_printf(c->a, "%s%s%s", role_code(c->role), c->text ? " for " : "",
				      c->text ? c->text : ""));
}

int svc_role_change(struct store *s, struct arena *a, const struct actor *who,
		    const struct user *u, enum role role, const struct edition *e, int grant,
		    int64_t now)
{
	struct account_change c = {.a = a, .who = who, .user_id = u->id, .email = u->email,
				   .role = role, .edition_id = e ? e->id : 0,
				   .text = e ? e->slug : NULL, .flag = grant, .now = now};
	return store_write(s, role_tx, &c);
}

static int totp_enrol_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	int rc = store_user_set_totp(s, c->a, c->user_id, c->text, c->codes, c->ncodes);
	if (rc || (rc = store_user_totp_step(s, c->user_id, c->step)))
		return rc;
	return svc_audit(s, c->who, c->now, "account.totp_enrolled", user_object(c->a, c->user_id), NULL);
}

int svc_totp_enrol(struct store *s, struct arena *a, const struct actor *who, int64_t user_id,
		   const char *secret, char *const *code_hashes, int ncodes, int64_t step,
		   int64_t now)
{
	struct account_change c = {.a = a, .who = who, .user_id = user_id, .text = secret,
				   .codes = code_hashes, .ncodes = ncodes, .step = step, .now = now};
	return store_write(s, totp_enrol_tx, &c);
}

static int totp_use_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_user_totp_step(s, c->user_id, c->step);
}

int svc_totp_use(struct store *s, int64_t user_id, int64_t step)
{
	struct account_change c = {.user_id = user_id, .step = step};
	return store_write(s, totp_use_tx, &c);
}

static int recovery_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_recovery_code_use(s, c->user_id, c->hash, c->now);
}

int svc_recovery_code_use(struct store *s, int64_t user_id, const char *code_hash, int64_t now)
{
	struct account_change c = {.user_id = user_id, .hash = code_hash, .now = now};
	return store_write(s, recovery_tx, &c);
}

static int session_start_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	int rc = store_session_expire(s, c->step, c->expires_at);
	return rc ? rc : store_session_create(s, c->user_id, c->hash, c->csrf, c->flag, c->now);
}

int svc_session_start(struct store *s, int64_t user_id, const char *token_hash, const char *csrf,
		      int second_factor, int64_t now, int64_t idle_before, int64_t created_before)
{
	struct account_change c = {.user_id = user_id, .hash = token_hash, .csrf = csrf,
				   .flag = second_factor, .now = now, .step = idle_before,
				   .expires_at = created_before};
	return store_write(s, session_start_tx, &c);
}

static int session_touch_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_session_touch(s, c->user_id, c->now);
}

int svc_session_touch(struct store *s, int64_t id, int64_t now)
{
	struct account_change c = {.user_id = id, .now = now};
	return store_write(s, session_touch_tx, &c);
}

static int session_end_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_session_delete(s, c->hash);
}

int svc_session_end(struct store *s, const char *token_hash)
{
	struct account_change c = {.hash = token_hash};
	return store_write(s, session_end_tx, &c);
}

static int link_request_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_link_request_add(s, c->email, c->lang, c->now);
}

int svc_login_link_request(struct store *s, const char *email, enum lang lang, int64_t now)
{
	struct account_change c = {.email = email, .lang = lang_code(lang), .now = now};
	return store_write(s, link_request_tx, &c);
}

struct link_job {
	struct arena *a;
	const char *base_url;
	int64_t now;
	int made;
};

/* One request: a link and its mail when the address has an account. */
static int link_for(struct store *s, struct link_job *j, const struct link_request *q)
{
	struct user u;
	struct mail m;
	char *hash, *token;
	int rc = store_user_by_email(s, j->a, q->email, &u);
	if (rc == LWP_ENOTFOUND || (rc == 0 && u.disabled))
		return 0;
	int l = lang_parse(u.lang ? u.lang : q->lang);
	if (rc || !(token = store_token_new(j->a)) || (rc = store_token_hash(j->a, token, &hash)) ||
	    (rc = mail_login_link(j->a, l < 0 ? LANG_NL : (enum lang)l, j->base_url, u.name,
				  u.email, token, LOGIN_LINK_MINUTES, &m)) ||
	    (rc = store_login_link_create(s, u.id, hash, j->now,
					  j->now + LOGIN_LINK_MINUTES * 60)) ||
	    (rc = store_outbox_add(s, &m, j->now)))
		return rc ? rc : LWP_ENOMEM;
	struct actor who = {u.id, u.email, ""};
	j->made++;
	return svc_audit(s, &who, j->now, "login.link_requested", NULL, NULL);
}

static int links_tx(struct store *s, void *ctx)
{
	struct link_job *j = ctx;
	struct link_request *list;
	int n, rc = store_link_requests_take(s, j->a, 50, &list, &n);
	j->made = 0;
	for (int i = 0; !rc && i < n; i++)
		rc = link_for(s, j, &list[i]);
	return rc;
}

int svc_login_links_process(struct store *s, const char *base_url, int64_t now, int *made)
{
	struct link_job j = {arena_new(), base_url, now, 0};
	int rc = j.a ? store_write(s, links_tx, &j) : LWP_ENOMEM;
	*made = rc ? 0 : j.made;
	arena_free(j.a);
	return rc;
}

static int link_use_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_login_link_use(s, c->hash, c->now, c->id);
}

int svc_login_link_use(struct store *s, const char *token_hash, int64_t now, int64_t *user_id)
{
	struct account_change c = {.hash = token_hash, .now = now, .id = user_id};
	return store_write(s, link_use_tx, &c);
}

static int rate_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return store_rate_hit(s, c->text, c->now, c->window, c->limit, c->retry_after);
}

int svc_rate_hit(struct store *s, const char *bucket, int64_t now, int window, int limit,
		 int *retry_after)
{
	struct account_change c = {.text = bucket, .now = now, .window = window, .limit = limit,
				   .retry_after = retry_after};
	return store_write(s, rate_tx, &c);
}

static int record_tx(struct store *s, void *ctx)
{
	struct account_change *c = ctx;
	return svc_audit(s, c->who, c->now, c->name, c->email, c->text);
}

int svc_record(struct store *s, const struct actor *who, int64_t now, const char *action,
	       const char *object, const char *detail)
{
	struct account_change c = {.who = who, .now = now, .name = action, .email = object,
				   .text = detail};
	return store_write(s, record_tx, &c);
}
