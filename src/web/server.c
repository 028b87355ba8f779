/*
 * libevent glue. main thread: opens the shared listening socket, starts
 * one worker per core and waits for a signal. Worker: an event_base with
 * its own evhttp and store connection; every request goes through
 * handle_request, which enforces the limits, picks the language, finds the
 * route, runs the handler and adds the headers every answer carries.
 */
#include "web/server.h"
#include "web/auth.h"
#include "web/metrics.h"
#include "web/pagecache.h"
#include "web/request.h"
#include "web/routes.h"
#include "core/html.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "service/privacy.h"
#include "service/selection.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (1u << 20)
#define MAX_HEADERS (16u << 10)
#define MAX_OUTPUT (8u << 20)
#define IO_TIMEOUT_SECONDS 30
#define MAX_WORKERS 64
#define SENDER_INTERVAL_SECONDS 2
/* The privacy job (requests for erasure past their grace period, every
 * edition's retention) runs at start and then this often. */
#define PRIVACY_INTERVAL_SECONDS 600

struct worker {
	pthread_t thread;
	struct event_base *base;
	struct evhttp *http;
	struct store *store;
	const struct config *cfg;
	struct page_cache *cache;
	struct arena *arena;   /* reused by every request of this loop */
	struct buf out;        /* likewise */
	int fd;
};

static const char SECURITY_CSP[] =
	"default-src 'self'; img-src 'self' data:; style-src 'self'; "
	"script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
	"form-action 'self'";

static double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* RFC 9112 6.1 and 6.3: a request with both framings, or with more than one
 * Content-Length, is refused (request smuggling). */
static int framing_ok(struct req *r)
{
	struct evkeyvalq *h = evhttp_request_get_input_headers(r->ev);
	int lengths = 0;
	for (struct evkeyval *kv = h->tqh_first; kv; kv = kv->next.tqe_next)
		lengths += evutil_ascii_strcasecmp(kv->key, "Content-Length") == 0;
	return lengths <= 1 && !(lengths && req_header(r, "Transfer-Encoding"));
}

/* Decode and check the path; fills r->path and r->query. */
static int parse_target(struct req *r)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r->ev);
	const char *raw = uri ? evhttp_uri_get_path(uri) : NULL;
	if (!raw || raw[0] != '/')
		return -1;
	size_t len;
	char *path = evhttp_uridecode(raw, 0, &len);
	if (!path)
		return -1;
	int ok = len < 2048 && strlen(path) == len && text_check(path, len, TEXT_LINE) == 0;
	r->path = ok ? arena_strndup(r->arena, path, len) : NULL;
	free(path);
	r->query = evhttp_uri_get_query(uri);
	return r->path ? 0 : -1;
}

/* Copy the body into the arena; refuse raw NUL bytes. */
static int read_body(struct req *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	if (len > MAX_BODY)
		return 413;
	r->body = arena_alloc(r->arena, len + 1);
	if (!r->body)
		return 500;
	evbuffer_copyout(in, r->body, len);
	r->body[len] = '\0';
	r->body_len = len;
	return memchr(r->body, '\0', len) ? 400 : 0;
}

/* Query ?lang=, then the cookie, then Accept-Language. An explicit choice
 * is remembered in a cookie. */
static void choose_language(struct req *r)
{
	int lang = lang_parse(req_query(r, "lang"));
	if (lang >= 0) {
		r->lang = (enum lang)lang;
		req_set_header(r, "Set-Cookie", lang == LANG_EN
			? "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
			: "lang=nl; Path=/; Max-Age=31536000; SameSite=Lax");
		return;
	}
	const char *cookie = req_header(r, "Cookie");
	const char *p = cookie ? strstr(cookie, "lang=") : NULL;
	if (p && (p == cookie || p[-1] == ' ' || p[-1] == ';')) {
		if (strncmp(p + 5, "en", 2) == 0 && (p[7] == '\0' || p[7] == ';')) {
			r->lang = LANG_EN;
			return;
		}
		if (strncmp(p + 5, "nl", 2) == 0 && (p[7] == '\0' || p[7] == ';')) {
			r->lang = LANG_NL;
			return;
		}
	}
	r->lang = lang_from_accept(req_header(r, "Accept-Language"));
}

static void add_common_headers(struct req *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->ev);
	evhttp_add_header(h, "Content-Type", r->content_type
			  ? r->content_type : "text/html; charset=utf-8");
	evhttp_add_header(h, "Content-Security-Policy", SECURITY_CSP);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Content-Language", lang_code(r->lang));
	if (strncmp(r->cfg->base_url, "https:", 6) == 0)
		evhttp_add_header(h, "Strict-Transport-Security",
				  "max-age=31536000; includeSubDomains");
	if (r->personal)
		evhttp_add_header(h, "Cache-Control", "no-store");
	else if (!evhttp_find_header(h, "Cache-Control"))
		evhttp_add_header(h, "Cache-Control", "no-cache");
	if (!evhttp_find_header(h, "Vary"))
		evhttp_add_header(h, "Vary", "Accept-Language, Cookie");
}

/* The cache key of a request for a cacheable route, or NULL. */
static const char *cache_key(struct req *r, const struct route *rt)
{
	if (!rt->cacheable || (r->query && *r->query) || r->method == EVHTTP_REQ_POST ||
	    r->session)
		return NULL;
	return arena_printf(r->arena, "%s:%s", lang_code(r->lang), r->path);
}

/* Answer from the micro-cache when possible; 1 when answered. */
static int answer_from_cache(struct req *r, struct worker *w, const char *key)
{
	const struct cached_page *page = key ? page_cache_get(w->cache, key, monotonic_seconds()) : NULL;
	if (!page)
		return 0;
	r->content_type = page->content_type;
	buf_append(&r->out, page->body, page->len);
	return 1;
}

static void remember(struct req *r, struct worker *w, const char *key)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->ev);
	if (key && r->status == 200 && !r->personal && !r->out.failed &&
	    !evhttp_find_header(h, "Set-Cookie"))
		page_cache_put(w->cache, key, r->content_type ? r->content_type
				: "text/html; charset=utf-8", r->out.data, r->out.len,
			       monotonic_seconds());
}

/* The route exists but is not for this visitor: sign in first, pass the
 * second factor first, or refused. */
static void refuse(struct req *r)
{
	int api = strncmp(r->path, "/api/", 5) == 0;
	if (!r->session) {
		if (api) {
			req_error(r, 401, "unauthenticated", N_("Sign in first."));
		} else {
			struct buf loc;
			buf_init(&loc, 4096);
			buf_puts(&loc, "/inloggen?terug=");
			html_url_arg(&loc, r->path);
			req_redirect(r, 303, arena_strdup(r->arena, buf_cstr(&loc)));
			buf_free(&loc);
		}
		return;
	}
	unsigned held = roles_mask(r->grants, r->ngrants);
	if (roles_need_second_factor(held) && !r->session->second_factor && !api) {
		req_redirect(r, 303, r->user->has_totp ? "/inloggen/code" : "/account/tweestaps");
		return;
	}
	auth_audit(r, "access.refused", r->path, NULL);
	req_error(r, 403, "forbidden", N_("You do not have access to this page."));
}

static void dispatch(struct req *r, struct worker *w)
{
	int allowed, status;
	if (!framing_ok(r)) {
		req_error(r, 400, "bad_request", N_("The request is malformed."));
		return;
	}
	if (parse_target(r)) {
		r->path = "/";
		req_error(r, 400, "bad_request", N_("The address of this page is not valid."));
		return;
	}
	choose_language(r);
	const struct route *rt = route_match(r, evhttp_request_get_command(r->ev),
					     r->path, &allowed);
	if (!rt) {
		if (allowed) {
			req_set_header(r, "Allow", allowed == 3 ? "GET, HEAD, POST"
				       : allowed == 2 ? "POST" : "GET, HEAD");
			req_error(r, 405, "method_not_allowed", N_("This method is not allowed here."));
		}
		else
			req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	r->route_name = rt->name;
	if (req_header(r, "Cookie"))
		auth_load(r);
	const char *key = cache_key(r, rt);
	if (answer_from_cache(r, w, key))
		return;
	if (!(rt->roles & r->roles)) {
		refuse(r);
		return;
	}
	if ((status = read_body(r))) {
		req_error(r, status, status == 413 ? "too_large" : "bad_request",
			  status == 413 ? N_("The request is too large.")
					: N_("The request is malformed."));
		return;
	}
	if (r->method == EVHTTP_REQ_POST && auth_check_post(r))
		return;
	route_run(r, rt);
	if (r->method != EVHTTP_REQ_GET && r->method != EVHTTP_REQ_HEAD)
		page_cache_invalidate();
	else
		remember(r, w, key);
}

/* The client's address: the peer, or behind a trusted reverse proxy the
 * last X-Forwarded-For entry (the one that proxy added), when it is an IP
 * address. Used for rate limits and the audit log. */
static const char *client_address(struct req *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r->ev);
	char *addr = NULL;
	ev_uint16_t port;
	if (conn)
		evhttp_connection_get_peer(conn, &addr, &port);
	const char *xff = r->cfg->trust_proxy ? req_header(r, "X-Forwarded-For") : NULL;
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		unsigned char ip[16];
		if (inet_pton(AF_INET, last, ip) == 1 || inet_pton(AF_INET6, last, ip) == 1)
			return arena_strdup(r->arena, last);
	}
	return addr ? addr : "";
}

static void handle_request(struct evhttp_request *ev, void *arg)
{
	struct worker *w = arg;
	double started = monotonic_seconds();
	struct req r;
	memset(&r, 0, sizeof(r));
	r.ev = ev;
	r.store = w->store;
	r.cfg = w->cfg;
	r.status = 200;
	r.route_name = "none";
	r.method = evhttp_request_get_command(ev);
	r.roles = ROLE_PUBLIC;
	r.ip = "";
	/* The loop's own arena and buffer: nothing to allocate per request. */
	r.arena = w->arena;
	r.out = w->out;
	buf_reset(&r.out);
	r.ip = client_address(&r);
	dispatch(&r, w);
	if (r.out.failed) {
		buf_reset(&r.out);
		r.content_type = "text/plain; charset=utf-8";
		buf_puts(&r.out, "Internal error\n");
		r.status = 500;
	}
	add_common_headers(&r);
	struct evbuffer *body = evbuffer_new();
	if (body)
		evbuffer_add(body, r.out.data ? r.out.data : "", r.out.len);
	evhttp_send_reply(ev, r.status, NULL, body);
	if (body)
		evbuffer_free(body);
	double elapsed = monotonic_seconds() - started;
	metrics_observe_request(r.status, elapsed);
	if (r.status >= 500)
		log_error("request route=%s status=%d", r.route_name, r.status);
	if (r.out.cap > (1u << 20)) /* do not keep a huge buffer for small pages */
		buf_free(&r.out);
	w->out = r.out;
	arena_reset(w->arena);
}

/* The background task: one thread with its own connection that, every few
 * seconds until the server stops, offers freed places to the waiting list
 * and sends the mail that is due. Several server
 * processes may each run one; claims keep them from sending a message
 * twice. */
struct sender {
	pthread_t thread;
	const struct config *cfg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	int started;
};

static void *sender_main(void *arg)
{
	struct sender *snd = arg;
	struct store *s = NULL;
	struct lwp_error err = {0};
	int64_t privacy_at = 0;
	pthread_mutex_lock(&snd->lock);
	while (!snd->stop) {
		pthread_mutex_unlock(&snd->lock);
		int sent, failed;
		if (!s && store_open(snd->cfg->db_url, &s, &err))
			s = NULL;
		int offers;
		if (s && svc_selection_offers(s, snd->cfg->base_url, tz_now(), &offers) == 0 && offers)
			log_info("offers: %d freed places offered", offers);
		int erased;
		if (s && tz_now() >= privacy_at) {
			privacy_at = tz_now() + PRIVACY_INTERVAL_SECONDS;
			if (svc_privacy_background(s, tz_now(), &erased))
				log_warn("privacy: the job failed; it runs again later");
			else if (erased)
				log_info("privacy: %d people erased or anonymised", erased);
		}
		if (s && snd->cfg->mail.smtp_url &&
		    mail_send_pending(s, &snd->cfg->mail, &sent, &failed) == 0 && sent)
			log_info("mail: %d sent, %d to retry", sent, failed);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SENDER_INTERVAL_SECONDS;
		pthread_mutex_lock(&snd->lock);
		if (!snd->stop)
			pthread_cond_timedwait(&snd->wake, &snd->lock, &until);
	}
	pthread_mutex_unlock(&snd->lock);
	store_close(s);
	return NULL;
}

static void sender_start(struct sender *snd, const struct config *cfg)
{
	memset(snd, 0, sizeof(*snd));
	snd->cfg = cfg;
	pthread_mutex_init(&snd->lock, NULL);
	pthread_cond_init(&snd->wake, NULL);
	if (!cfg->mail.smtp_url)
		log_warn("mail: no SMTP URL configured; messages wait in the outbox");
	snd->started = pthread_create(&snd->thread, NULL, sender_main, snd) == 0;
}

static void sender_stop(struct sender *snd)
{
	pthread_mutex_lock(&snd->lock);
	snd->stop = 1;
	pthread_cond_signal(&snd->wake);
	pthread_mutex_unlock(&snd->lock);
	if (snd->started)
		pthread_join(snd->thread, NULL);
	pthread_cond_destroy(&snd->wake);
	pthread_mutex_destroy(&snd->lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	event_base_dispatch(w->base);
	return NULL;
}

static int listen_socket(const struct config *cfg)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, cfg->listen_addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*v4);
	} else if (inet_pton(AF_INET6, cfg->listen_addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*v6);
	} else {
		log_error("listen address is not an IP address: %s", cfg->listen_addr);
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, sslen) || listen(fd, 1024)) {
		log_error("cannot listen on %s port %d: %s", cfg->listen_addr,
			  cfg->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int worker_start(struct worker *w, const struct config *cfg, int listen_fd)
{
	struct lwp_error err = {0};
	w->cfg = cfg;
	w->fd = dup(listen_fd);
	if (w->fd < 0 || store_open(cfg->db_url, &w->store, &err))
		return -1;
	w->cache = page_cache_new();
	w->arena = arena_new();
	buf_init(&w->out, MAX_OUTPUT);
	if (!w->cache || !w->arena)
		return -1;
	w->base = event_base_new();
	w->http = w->base ? evhttp_new(w->base) : NULL;
	if (!w->http)
		return -1;
	evhttp_set_max_body_size(w->http, MAX_BODY);
	evhttp_set_max_headers_size(w->http, MAX_HEADERS);
	evhttp_set_timeout(w->http, IO_TIMEOUT_SECONDS);
	evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
				   EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
				   EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH |
				   EVHTTP_REQ_OPTIONS);
	evhttp_set_default_content_type(w->http, "text/html; charset=utf-8");
	evhttp_set_gencb(w->http, handle_request, w);
	if (evhttp_accept_socket(w->http, w->fd))
		return -1;
	return pthread_create(&w->thread, NULL, worker_main, w) ? -1 : 0;
}

static void worker_stop(struct worker *w)
{
	if (w->thread) {
		event_base_loopbreak(w->base);
		pthread_join(w->thread, NULL);
	}
	if (w->http)
		evhttp_free(w->http);
	if (w->base)
		event_base_free(w->base);
	store_close(w->store);
	page_cache_free(w->cache);
	arena_free(w->arena);
	buf_free(&w->out);
}

int server_run(const struct config *cfg)
{
	struct worker workers[MAX_WORKERS];
	struct sender sender;
	int nworkers = cfg->threads < 1 ? 1 : cfg->threads > MAX_WORKERS ? MAX_WORKERS : cfg->threads;
	int rc = -1, started = 0;
	sigset_t stop;
	memset(workers, 0, sizeof(workers));
	signal(SIGPIPE, SIG_IGN);
	evthread_use_pthreads();
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	int fd = listen_socket(cfg);
	if (fd < 0)
		return -1;
	for (; started < nworkers; started++)
		if (worker_start(&workers[started], cfg, fd))
			break;
	if (started == nworkers) {
		log_info("lwp listening on %s port %d with %d event loops",
			 cfg->listen_addr, cfg->port, nworkers);
		sender_start(&sender, cfg);
		int sig;
		sigwait(&stop, &sig);
		log_info("stopping on signal %d", sig);
		sender_stop(&sender);
		rc = 0;
	} else {
		log_error("could not start event loop %d", started);
		started++;
	}
	for (int i = 0; i < started; i++)
		worker_stop(&workers[i]);
	close(fd);
	return rc;
}
