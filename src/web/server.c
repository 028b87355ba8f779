/*
 * The HTTP server. Main thread: opens the shared listening socket, starts
 * one worker per event loop and waits for a signal. Worker: an event_base
 * with its own listener, connections and store connection. The connection
 * layer here reads requests with the strict parser of http1.c, under
 * deadlines that no read restarts, within caps on connections (in total
 * and per client address) and on the memory unfinished bodies hold; every
 * complete request goes through handle_request, which enforces the limits,
 * picks the language, finds the route, runs the handler and adds the
 * headers every answer carries - the server's own refusals included.
 * An answer is built in the loop's buffer (capped at MAX_OUTPUT) and sent
 * with its length; an export of any size is streamed instead (struct
 * req_stream, request.h): the handler's producer adds one piece each time
 * the kernel has taken the last, sent as chunks, so memory stays at one
 * piece and no answer outgrows the cap. A handler with long work (a
 * password hash, a selection solve) defers its answer (req_defer): the
 * work runs on the worker pool (workers.h) while the connection waits in
 * CONN_PENDING, and the answer is written on the loop when it is done.
 */
#include "web/server.h"
#include "web/auth.h"
#include "web/client_addr.h"
#include "web/cookies.h"
#include "web/http1.h"
#include "web/metrics.h"
#include "web/pagecache.h"
#include "web/request.h"
#include "web/routes.h"
#include "web/workers.h"
#include "core/html.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/tz.h"
#include "mail/mail.h"
#include "service/accounts.h"
#include "service/privacy.h"
#include "service/selection.h"
#include "service/attendance.h"
#include "service/polls.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (1u << 20)
#define MAX_HEAD (16u << 10)
#define MAX_OUTPUT (8u << 20)
#define MAX_WORKERS 64
#define WORK_QUEUE_DEFAULT 64 /* jobs waiting for the worker pool, server-wide */
#define SENDER_INTERVAL_SECONDS 2
/* The privacy job (requests for erasure past their grace period, every
 * edition's retention) runs at start and then this often. */
#define PRIVACY_INTERVAL_SECONDS 600

/*
 * Deadlines, in seconds. Each is counted from the moment a connection
 * enters the state and is never restarted by a read, so a client that
 * trickles a byte at a time still has to finish in time (evhttp's timeouts
 * restart on every read, which is what a slowloris needs).
 */
#define HEAD_SECONDS 10      /* accept, or the first byte of a later request, to the end of the head */
#define BODY_SECONDS 60      /* the end of the head to the end of the body (1 MiB at 17 KiB/s) */
#define WRITE_SECONDS 60     /* the whole answer taken by the client, plus 1 s per 16 KiB */
#define LINGER_SECONDS 2     /* reading what a refused client still sends, so it sees the answer */
#define PENDING_SECONDS 60   /* a deferred answer (req_defer) computed by the worker pool */
/*
 * Keep-alive and socket options, checked against nginx's defaults:
 * keepalive_timeout 75 s and keepalive_requests 1000 are nginx's and ours;
 * tcp_nodelay is on in nginx for kept-alive connections and on here for
 * all (an answer larger than the initial window would otherwise wait for
 * the client's delayed ACK, about 40 ms, on every reuse of a connection);
 * nginx leaves SO_SNDBUF and SO_RCVBUF to the kernel's auto-tuning unless
 * told otherwise, and so do we. An idle connection is also the first to be
 * closed when the connection caps are reached (nginx does the same with
 * its reusable connections).
 */
#define IDLE_SECONDS 75
#define KEEPALIVE_REQUESTS 1000
#define READ_HIGH_WATER (64u << 10)   /* per connection, read ahead of the parser */
#define WRITE_AT_ONCE (256u << 10)    /* bytes handed to one writev */
#define BODY_MEMORY (32u * MAX_BODY)  /* all unfinished bodies of the server */
#define ACCEPT_PAUSE_MS 100
#define EVICT_BURST 16                /* connections closed to make room per loop turn */
#define LOG_EVERY_SECONDS 10
/* Descriptors kept free of connections: stdio, the listening socket, the
 * sender's database and SMTP connections, libevent's own, SQLite's journal
 * and temporary files; and per event loop its copy of the listening socket,
 * its epoll and notification descriptors and its database connection. */
#define RESERVED_FDS 64
#define RESERVED_FDS_PER_LOOP 16

/* A log line that may repeat at the rate of an attack: the first is
 * written, then at most one per LOG_EVERY_SECONDS with a count. */
struct log_limit {
	double next;
	long suppressed;
};

struct conn;
struct exchange;

struct worker {
	pthread_t thread;
	struct event_base *base;
	struct store *store;
	const struct config *cfg;
	struct page_cache *cache;
	struct arena *arena;   /* reused by every request of this loop */
	struct exchange *ex;   /* likewise: the request being answered */
	struct workers *pool;  /* the server's worker pool, for req_defer */
	struct evconnlistener *listener;
	struct event *resume;  /* re-enables the listener after a pause */
	struct conn *first, *last; /* open connections, oldest state change first */
	size_t body_bytes, max_body_bytes;
	time_t date_at;
	struct log_limit log_accept, log_refused, log_evicted, log_busy;
	struct buf out;        /* reused by every request of this loop */
	struct http1_head head; /* scratch for the parser */
	int fd;
	int spare;             /* /dev/null, given up to shed connections on EMFILE */
	int nconns, max_conns, max_per_address;
	int evicted;           /* closes since the loop last ran its finalizers */
	char date[40];
};

/*
 * One request being answered: the request the handler writes into, its
 * answer's header fields and its parsed target. Each loop has one that
 * every request uses in turn; a request whose handler defers its answer
 * (req_defer) takes it, with the loop's arena and buffer, until the job is
 * done, and the loop gets new ones. A deferred exchange and its
 * connection point at each other while both live: whichever goes first
 * clears the other's pointer (all on the loop's thread), so the job's
 * answer never touches a freed connection.
 */
struct exchange {
	struct req r;
	struct evkeyvalq out;
	struct evkeyvalq none;      /* r.headers_in once the connection is gone */
	struct evhttp_uri *uri;
	struct worker *w;
	struct conn *c;             /* NULL once the connection is gone */
	double started;
	int deferred;
	req_run_fn run;
	req_done_fn done;
	void *arg;
};

static int req_deferred(const struct req *r)
{
	return r->exchange && r->exchange->deferred;
}

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

static void log_limited(struct log_limit *l, const char *what, int err)
{
	double now = monotonic_seconds();
	if (now < l->next) {
		l->suppressed++;
		return;
	}
	if (l->suppressed)
		log_warn("%s: %s (and %ld more in the last %d s)", what, strerror(err),
			 l->suppressed, LOG_EVERY_SECONDS);
	else
		log_warn("%s: %s", what, strerror(err));
	l->suppressed = 0;
	l->next = now + LOG_EVERY_SECONDS;
}

/* Decode and check the path of the target; fills r->path and r->query
 * (which points into uri). */
static int parse_target(struct req *r, const struct evhttp_uri *uri)
{
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
static int read_body(struct req *r, const struct buf *body)
{
	size_t len = body->len;
	r->body = arena_alloc(r->arena, len + 1);
	if (!r->body)
		return 500;
	if (len)
		memcpy(r->body, body->data, len);
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
	lang = lang_parse(cookie_get(r->arena, req_header(r, "Cookie"), "lang"));
	if (lang >= 0) {
		r->lang = (enum lang)lang;
		return;
	}
	r->lang = lang_from_accept(req_header(r, "Accept-Language"));
}

static void add_common_headers(struct req *r)
{
	struct evkeyvalq *h = r->headers_out;
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
	struct evkeyvalq *h = r->headers_out;
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

/* Answer a complete request whose framing the connection layer checked;
 * uri is its parsed target (NULL when it did not parse), body its body. */
static void dispatch(struct req *r, struct worker *w, const struct evhttp_uri *uri,
		     const struct buf *body)
{
	int allowed, status;
	if (parse_target(r, uri)) {
		r->path = "/";
		req_error(r, 400, "bad_request", N_("The address of this page is not valid."));
		return;
	}
	choose_language(r);
	const struct route *rt = route_match(r, r->method,
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
	if ((status = read_body(r, body))) {
		if (status == 500)
			req_error(r, 500, "internal", N_("Something went wrong. Please try again later."));
		else
			req_error(r, 400, "bad_request", N_("The request is malformed."));
		return;
	}
	if (r->method == EVHTTP_REQ_POST && auth_check_post(r))
		return;
	route_run(r, rt);
	if (req_deferred(r))
		return; /* the rest when the job is done (exchange_done) */
	if (r->method != EVHTTP_REQ_GET && r->method != EVHTTP_REQ_HEAD)
		page_cache_invalidate();
	else
		remember(r, w, key);
}

/* ---------------------------------------------------------------------
 * Connections
 */

enum conn_state {
	CONN_HEAD,    /* waiting for (the rest of) a request head */
	CONN_IDLE,    /* kept alive between requests, nothing received yet */
	CONN_BODY,    /* reading a body */
	CONN_WRITE,   /* the answer is being sent; reading paused */
	CONN_LINGER,  /* answered and half-closed; discarding input until EOF */
	CONN_PENDING, /* the answer is computed by the worker pool (req_defer);
		       * input waits, an end of input means the client left */
};

enum chunk_phase { CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, CHUNK_TRAILER };

struct conn {
	struct worker *w;
	struct conn *prev, *next;   /* in w's list, by time of the last state change */
	struct bufferevent *bev;
	struct event *timer;        /* the deadline of the current state */
	enum conn_state state;
	double since;
	unsigned char addr[16];     /* the peer's address, for the per-address cap */
	size_t addr_len;
	char ip[INET6_ADDRSTRLEN];
	int line_checked;           /* the start of the request line was looked at */
	int got_bytes;              /* part of a head arrived */
	size_t scanned;             /* head bytes already searched for its end */
	/* the request being read */
	int method, minor, close, chunked;
	char *target;               /* NUL-terminated copy */
	struct evkeyvalq headers;
	uint64_t left;              /* body bytes still to come (of this chunk) */
	enum chunk_phase phase;
	size_t trailer_bytes;
	struct buf body;
	int requests;
	int close_after;            /* close once the answer is sent */
	struct req_stream stream;   /* the rest of a streamed answer (next NULL: none) */
	int stream_chunked;         /* its pieces as chunks (else until the close) */
	struct exchange *pending;   /* in CONN_PENDING: the deferred answer */
};

static void conn_read(struct conn *c);
static void conn_refuse(struct conn *c, int status);
static void exchange_detach(struct conn *c);
static void handle_request(struct conn *c);

static void conn_unlink(struct worker *w, struct conn *c)
{
	/* only the first has no predecessor and only the last no successor:
	 * anything else is a broken list, not a state to carry on from */
	if (w->first == c)
		w->first = c->next;
	else if (c->prev)
		c->prev->next = c->next;
	else
		abort();
	if (w->last == c)
		w->last = c->prev;
	else if (c->next)
		c->next->prev = c->prev;
	else
		abort();
	c->prev = c->next = NULL;
}

static void conn_append(struct conn *c)
{
	struct worker *w = c->w;
	c->prev = w->last;
	c->next = NULL;
	if (w->last)
		w->last->next = c;
	else
		w->first = c;
	w->last = c;
}

/* Enter a state with its deadline, and move to the end of the list. */
static void conn_enter(struct conn *c, enum conn_state state, int seconds)
{
	struct timeval tv = {seconds, 0};
	c->state = state;
	c->since = monotonic_seconds();
	conn_unlink(c->w, c);
	conn_append(c);
	event_add(c->timer, &tv);
}

/* Release what the request being read holds. */
static void conn_forget_request(struct conn *c)
{
	struct worker *w = c->w;
	free(c->target);
	c->target = NULL;
	evhttp_clear_headers(&c->headers);
	w->body_bytes -= c->body.len;
	if (c->body.cap > (64u << 10))
		buf_free(&c->body);
	buf_reset(&c->body);
	c->method = c->minor = c->close = c->chunked = 0;
	c->left = 0;
	c->phase = CHUNK_SIZE;
	c->trailer_bytes = 0;
	c->line_checked = c->got_bytes = 0;
	c->scanned = 0;
}

/* Give up what a streamed answer still holds (its producer's state). */
static void stream_release(struct req_stream *st)
{
	if (st->next && st->release)
		st->release(st->state);
	memset(st, 0, sizeof(*st));
}

/* Close c, one of w's connections (w is passed so that the list it leaves
 * is evidently w's). */
static void conn_free(struct worker *w, struct conn *c)
{
	exchange_detach(c);
	stream_release(&c->stream);
	conn_forget_request(c);
	buf_free(&c->body);
	conn_unlink(w, c);
	w->nconns--;
	event_free(c->timer);
	bufferevent_free(c->bev);
	free(c);
}

/* The connection to close to make room: of those that are not answering,
 * one that lingers, else the oldest idle one, else the oldest unfinished
 * head, else the oldest unfinished body, else one that has been writing
 * for more than 5 s. Only those of the address addr when it is given. */
static struct conn *conn_victim(struct worker *w, const unsigned char *addr, size_t alen)
{
	struct conn *best[5] = {0};
	double now = monotonic_seconds();
	for (struct conn *c = w->first; c; c = c->next) {
		if (addr && (c->addr_len != alen || memcmp(c->addr, addr, alen) != 0))
			continue;
		int rank = c->state == CONN_LINGER ? 0 : c->state == CONN_IDLE ? 1
			: c->state == CONN_HEAD ? 2 : c->state == CONN_BODY ? 3
			: now - c->since > 5 ? 4 : -1;
		if (rank == 0)
			return c;
		if (rank > 0 && !best[rank])
			best[rank] = c;
	}
	for (int i = 1; i < 5; i++)
		if (best[i])
			return best[i];
	return NULL;
}

/* Make room for one more connection from addr: close the connection
 * conn_victim picks when a cap is reached. -1 when nothing can go. */
static int make_room(struct worker *w, const unsigned char *addr, size_t alen)
{
	int same = 0;
	for (struct conn *c = w->first; c; c = c->next)
		same += c->addr_len == alen && memcmp(c->addr, addr, alen) == 0;
	struct conn *victim = NULL;
	if (same >= w->max_per_address)
		victim = conn_victim(w, addr, alen);
	else if (w->nconns >= w->max_conns)
		victim = conn_victim(w, NULL, 0);
	else
		return 0;
	if (!victim)
		return -1;
	log_limited(&w->log_evicted, "connection closed to make room for a new one", EBUSY);
	conn_free(w, victim);
	return 0;
}

/* Charge n more body bytes; over the memory cap, close other unfinished
 * bodies, the oldest first, until it fits. -1 when c itself had to go. */
static int charge_body(struct conn *c, size_t n)
{
	struct worker *w = c->w;
	w->body_bytes += n;
	struct conn *v = w->first;
	while (w->body_bytes > w->max_body_bytes && v) {
		struct conn *next = v->next;
		if (v->state == CONN_BODY && v != c)
			conn_free(w, v);
		v = next;
	}
	if (w->body_bytes > w->max_body_bytes) {
		conn_refuse(c, 503);
		return -1;
	}
	return 0;
}

/* Move up to n bytes of body from the input into c->body. */
static int take_body(struct conn *c, struct evbuffer *in, size_t n)
{
	char chunk[16384];
	while (n) {
		size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
		int got = evbuffer_remove(in, chunk, k);
		if (got <= 0)
			break;
		if (buf_append(&c->body, chunk, (size_t)got)) {
			conn_refuse(c, 413);
			return -1;
		}
		if (charge_body(c, (size_t)got))
			return -1;
		n -= (size_t)got;
		c->left -= (uint64_t)got;
	}
	return 0;
}

/* The head is complete: keep what the request needs and start the body. */
static void conn_start_request(struct conn *c, struct http1_head *h, long used)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	c->method = h->method;
	c->minor = h->minor;
	c->close = h->close;
	c->chunked = h->chunked;
	c->target = strndup(h->target, h->target_len);
	int bad = !c->target;
	for (int i = 0; i < h->nfields && !bad; i++) {
		struct http1_field *f = &h->fields[i];
		/* the parser's pointers are into the input buffer, which we own
		 * until it is drained: terminate names and values in place */
		((char *)f->name)[f->name_len] = '\0';
		((char *)f->value)[f->value_len] = '\0';
		bad = evhttp_add_header(&c->headers, f->name, f->value) != 0;
	}
	evbuffer_drain(in, (size_t)used);
	c->scanned = 0;
	if (bad) {
		conn_refuse(c, bad && !c->target ? 500 : 400);
		return;
	}
	if (h->content_length > (int64_t)MAX_BODY) {
		conn_refuse(c, 413);
		return;
	}
	if (h->content_length <= 0 && !h->chunked) {
		handle_request(c);
		return;
	}
	c->left = h->content_length > 0 ? (uint64_t)h->content_length : 0;
	c->phase = CHUNK_SIZE;
	if (h->expect_continue)
		bufferevent_write(c->bev, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	conn_enter(c, CONN_BODY, BODY_SECONDS);
	conn_read(c);
}

static void conn_read_head(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	size_t len = evbuffer_get_length(in);
	if (!len)
		return;
	if (c->state == CONN_IDLE)
		conn_enter(c, CONN_HEAD, HEAD_SECONDS);
	c->got_bytes = 1;
	size_t n = len < MAX_HEAD + 16 ? len : MAX_HEAD + 16;
	char *data = (char *)evbuffer_pullup(in, (ev_ssize_t)n);
	if (!data) {
		conn_refuse(c, 500);
		return;
	}
	/* Parse once the end is there (searching only the new bytes), and
	 * once at the first bytes to refuse at once what cannot be HTTP. */
	size_t from = c->scanned > 3 ? c->scanned - 3 : 0;
	int complete = n - from >= 4 && memmem(data + from, n - from, "\r\n\r\n", 4);
	c->scanned = n;
	if (!complete && n < MAX_HEAD && c->line_checked)
		return;
	c->line_checked = 1;
	struct http1_head *h = &c->w->head;
	long used = http1_parse_head(data, n, MAX_HEAD, h);
	if (used == 0)
		return;
	if (used < 0) {
		/* an answer in JSON under /api/ when the target got that far */
		c->target = h->target ? strndup(h->target, h->target_len) : NULL;
		conn_refuse(c, h->status);
		return;
	}
	conn_start_request(c, h, used);
}

static void conn_read_chunked(struct conn *c, struct evbuffer *in)
{
	while (c->state == CONN_BODY) {
		size_t avail = evbuffer_get_length(in);
		if (!avail)
			return;
		if (c->phase == CHUNK_SIZE) {
			size_t n = avail < HTTP1_MAX_CHUNK_LINE ? avail : HTTP1_MAX_CHUNK_LINE;
			const char *p = (const char *)evbuffer_pullup(in, (ev_ssize_t)n);
			uint64_t size = 0;
			long used = p ? http1_parse_chunk_line(p, n, &size) : -1;
			if (used == 0)
				return;
			if (used < 0) {
				conn_refuse(c, 400);
				return;
			}
			evbuffer_drain(in, (size_t)used);
			if (size > MAX_BODY - c->body.len) {
				conn_refuse(c, 413);
				return;
			}
			c->left = size;
			c->phase = size ? CHUNK_DATA : CHUNK_TRAILER;
		} else if (c->phase == CHUNK_DATA) {
			size_t take = avail < c->left ? avail : (size_t)c->left;
			if (take_body(c, in, take))
				return;
			if (c->left == 0)
				c->phase = CHUNK_CRLF;
		} else if (c->phase == CHUNK_CRLF) {
			if (avail < 2)
				return;
			const char *p = (const char *)evbuffer_pullup(in, 2);
			if (!p || p[0] != '\r' || p[1] != '\n') {
				conn_refuse(c, 400);
				return;
			}
			evbuffer_drain(in, 2);
			c->phase = CHUNK_SIZE;
		} else {
			/* trailer fields: checked like the head's lines, then ignored */
			size_t n = avail < 4096 ? avail : 4096;
			const char *p = (const char *)evbuffer_pullup(in, (ev_ssize_t)n);
			const char *lf = p ? memchr(p, '\n', n) : NULL;
			if (!lf) {
				if (n >= 4096 || (p && memchr(p, '\r', n > 1 ? n - 1 : 0)))
					conn_refuse(c, 400);
				return;
			}
			size_t ln = (size_t)(lf - p);
			if (ln == 0 || p[ln - 1] != '\r' || memchr(p, '\r', ln - 1) ||
			    (c->trailer_bytes += ln + 1) > 4096) {
				conn_refuse(c, 400);
				return;
			}
			evbuffer_drain(in, ln + 1);
			if (ln == 1) {
				handle_request(c);
				return;
			}
		}
	}
}

static void conn_read(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	switch (c->state) {
	case CONN_HEAD:
	case CONN_IDLE:
		conn_read_head(c);
		break;
	case CONN_BODY:
		if (c->chunked) {
			conn_read_chunked(c, in);
			break;
		}
		if (take_body(c, in, evbuffer_get_length(in) < c->left
			      ? evbuffer_get_length(in) : (size_t)c->left))
			break;
		if (c->left == 0)
			handle_request(c);
		break;
	case CONN_LINGER:
		evbuffer_drain(in, evbuffer_get_length(in));
		break;
	case CONN_WRITE:
	case CONN_PENDING: /* a pipelined request waits for the answer */
		break;
	}
}

static void on_read(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_read(arg);
}

/* Add one piece of body to the output: a chunk, or as it is when the
 * answer ends with the connection. */
static void stream_add(struct conn *c, struct evbuffer *o, const void *data, size_t len)
{
	if (!len)
		return;
	if (c->stream_chunked)
		evbuffer_add_printf(o, "%zx\r\n", len);
	evbuffer_add(o, data, len);
	if (c->stream_chunked)
		evbuffer_add(o, "\r\n", 2);
}

/* The client took what went before: add the next piece of the streamed
 * answer (with the loop's arena and buffer, which no request holds while
 * this connection writes), or its end. -1 when the producer failed. */
static int stream_more(struct conn *c)
{
	struct worker *w = c->w;
	struct evbuffer *o = bufferevent_get_output(c->bev);
	int rc;
	do { /* an empty piece adds nothing to wait for: ask again */
		buf_reset(&w->out);
		rc = c->stream.next(w->store, w->arena, c->stream.state, &w->out);
		if (w->out.failed)
			rc = -1;
		if (rc >= 0)
			stream_add(c, o, w->out.data, w->out.len);
		if (w->out.cap > (1u << 20))
			buf_free(&w->out);
		buf_reset(&w->out);
		arena_reset(w->arena);
	} while (rc == 1 && evbuffer_get_length(o) == 0);
	if (rc < 0) {
		log_error("streamed answer failed after %d requests on the connection", c->requests);
		return -1;
	}
	if (rc == 0) {
		stream_release(&c->stream);
		if (c->stream_chunked)
			evbuffer_add(o, "0\r\n\r\n", 5);
	}
	conn_enter(c, CONN_WRITE, WRITE_SECONDS + (int)(evbuffer_get_length(o) >> 14));
	return 0;
}

/* The answer is with the kernel: wait for the next request, or close. */
static void on_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	if (c->state != CONN_WRITE)
		return;
	if (c->stream.next) {
		if (stream_more(c))
			conn_free(c->w, c); /* cut off: the client must not take it as whole */
		return;
	}
	if (c->close_after) {
		/* Half-close and read on for a moment, so that what the client
		 * still sends does not make the kernel reset the connection
		 * before the answer is read (nginx's lingering close). */
		shutdown(bufferevent_getfd(bev), SHUT_WR);
		conn_enter(c, CONN_LINGER, LINGER_SECONDS);
		bufferevent_enable(bev, EV_READ);
		evbuffer_drain(bufferevent_get_input(bev),
			       evbuffer_get_length(bufferevent_get_input(bev)));
		return;
	}
	conn_enter(c, CONN_IDLE, IDLE_SECONDS);
	bufferevent_enable(bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_input(bev)))
		conn_read(c); /* a pipelined request */
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)what;
	struct conn *c = arg;
	conn_free(c->w, c); /* end of input, or an error: nothing more to do */
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd;
	(void)what;
	if (c->state == CONN_PENDING) {
		log_warn("deferred answer not ready after %d s", PENDING_SECONDS);
		exchange_detach(c);
		conn_refuse(c, 503);
	} else if ((c->state == CONN_HEAD && c->got_bytes) || c->state == CONN_BODY)
		conn_refuse(c, 408);
	else
		conn_free(c->w, c);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
		      int salen, void *arg)
{
	struct worker *w = arg;
	unsigned char addr[16];
	size_t alen = 0;
	char ip[INET6_ADDRSTRLEN] = "";
	(void)salen;
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
		memcpy(addr, &v4->sin_addr, alen = 4);
		inet_ntop(AF_INET, &v4->sin_addr, ip, sizeof(ip));
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
		memcpy(addr, &v6->sin6_addr, alen = 16);
		inet_ntop(AF_INET6, &v6->sin6_addr, ip, sizeof(ip));
	}
	int before = w->nconns;
	if (make_room(w, addr, alen)) {
		log_limited(&w->log_refused, "connection refused", EBUSY);
		evutil_closesocket(fd);
		return;
	}
	/* libevent closes the descriptor of a freed connection only when the
	 * loop runs again, and the listener accepts all that wait in one go:
	 * after a few evictions, let the loop run before accepting more, or
	 * the descriptors of the closed ones pile up to EMFILE. */
	if (w->nconns < before && ++w->evicted >= EVICT_BURST) {
		struct timeval now = {0, 0};
		evconnlistener_disable(l);
		event_add(w->resume, &now);
	}
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct conn *c = calloc(1, sizeof(*c));
	struct bufferevent *bev = c ? bufferevent_socket_new(w->base, fd, BEV_OPT_CLOSE_ON_FREE) : NULL;
	struct event *timer = bev ? event_new(w->base, -1, 0, on_deadline, c) : NULL;
	if (!timer) {
		log_limited(&w->log_refused, "connection refused", ENOMEM);
		if (bev)
			bufferevent_free(bev);
		else
			evutil_closesocket(fd);
		free(c);
		return;
	}
	c->w = w;
	c->bev = bev;
	c->timer = timer;
	memcpy(c->addr, addr, alen);
	c->addr_len = alen;
	memcpy(c->ip, ip, sizeof(ip));
	TAILQ_INIT(&c->headers);
	buf_init(&c->body, MAX_BODY);
	w->nconns++;
	conn_append(c);
	conn_enter(c, CONN_HEAD, HEAD_SECONDS);
	bufferevent_setcb(bev, on_read, on_write, on_event, c);
	bufferevent_setwatermark(bev, EV_READ, 0, READ_HIGH_WATER);
	/* libevent writes 16 KiB per call by default: a page in one go */
	bufferevent_set_max_single_write(bev, WRITE_AT_ONCE);
	bufferevent_enable(bev, EV_READ);
}

/* accept() failed (out of descriptors, usually): never retry at once,
 * which would spin. Close a few idle or slow connections and try again
 * when the loop has closed their descriptors; with none to close, accept
 * and close at once what waits (a spare descriptor makes room for that,
 * as libuv does), so that those queued behind it are not stuck, and pause
 * for a moment. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
	struct worker *w = arg;
	int err = EVUTIL_SOCKET_ERROR();
	struct timeval tv = {0, ACCEPT_PAUSE_MS * 1000};
	evconnlistener_disable(l);
	if (err == EMFILE || err == ENFILE) {
		struct conn *victim;
		int freed = 0;
		while (freed < EVICT_BURST && (victim = conn_victim(w, NULL, 0))) {
			conn_free(w, victim);
			freed++;
		}
		if (freed) {
			tv.tv_usec = 0;
		} else if (w->spare >= 0) {
			close(w->spare);
			for (int i = 0; i < 64; i++) {
				int fd = accept4(evconnlistener_get_fd(l), NULL, NULL, SOCK_CLOEXEC);
				if (fd < 0)
					break;
				close(fd);
			}
			w->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
		}
	}
	event_add(w->resume, &tv);
	log_limited(&w->log_accept, "accept paused", err);
}

static void on_resume(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	(void)fd;
	(void)what;
	w->evicted = 0;
	evconnlistener_enable(w->listener);
}

/* The Date header, formatted once a second. */
static const char *http_date(struct worker *w)
{
	time_t now = time(NULL);
	if (now != w->date_at) {
		struct tm tm;
		gmtime_r(&now, &tm);
		if (!strftime(w->date, sizeof(w->date), "%a, %d %b %Y %H:%M:%S GMT", &tm))
			w->date[0] = '\0';
		w->date_at = now;
	}
	return w->date;
}

/* Write the answer of r to c and wait for it to be taken. */
static void conn_respond(struct conn *c, struct req *r)
{
	struct evbuffer *o = bufferevent_get_output(c->bev);
	int bodyless = r->status < 200 || r->status == 204 || r->status == 304;
	int streamed = r->stream.next && r->status == 200 && !r->out.failed &&
		       c->method != EVHTTP_REQ_HEAD;
	if (streamed) {
		c->stream = r->stream;
		c->stream_chunked = c->minor >= 1;
		if (!c->stream_chunked)
			c->close = 1; /* HTTP/1.0: the end of the body is the close */
	} else {
		r->stream_head = r->stream.next && r->status == 200 && !r->out.failed;
		stream_release(&r->stream);
	}
	memset(&r->stream, 0, sizeof(r->stream));
	if (c->close || c->requests + 1 >= KEEPALIVE_REQUESTS)
		c->close_after = 1;
	evbuffer_add_printf(o, "HTTP/1.1 %d %s\r\n", r->status, http1_reason(r->status));
	for (struct evkeyval *kv = r->headers_out->tqh_first; kv; kv = kv->next.tqe_next) {
		if (!evutil_ascii_strcasecmp(kv->key, "Content-Length") ||
		    !evutil_ascii_strcasecmp(kv->key, "Connection") ||
		    !evutil_ascii_strcasecmp(kv->key, "Transfer-Encoding") ||
		    !evutil_ascii_strcasecmp(kv->key, "Date"))
			continue;
		evbuffer_add_printf(o, "%s: %s\r\n", kv->key, kv->value);
	}
	evbuffer_add_printf(o, "Date: %s\r\n", http_date(c->w));
	/* HEAD of a streamed answer: the framing its GET would have */
	int head_of_stream = !streamed && r->stream_head;
	if ((streamed && c->stream_chunked) || (head_of_stream && c->minor >= 1))
		evbuffer_add(o, "Transfer-Encoding: chunked\r\n", 28);
	else if (!bodyless && !streamed && !head_of_stream)
		evbuffer_add_printf(o, "Content-Length: %zu\r\n", r->out.len);
	if (c->close_after)
		evbuffer_add(o, "Connection: close\r\n", 19);
	evbuffer_add(o, "\r\n", 2);
	if (streamed)
		stream_add(c, o, r->out.data, r->out.len);
	else if (!bodyless && c->method != EVHTTP_REQ_HEAD && r->out.len)
		evbuffer_add(o, r->out.data, r->out.len);
	c->requests++;
	bufferevent_disable(c->bev, EV_READ);
	/* a large export on a slow line gets longer: 16 KiB/s at least */
	conn_enter(c, CONN_WRITE, WRITE_SECONDS + (int)(evbuffer_get_length(o) >> 14));
	/* bufferevent calls on_write once the output has gone */
}

/* The client's address (client_addr.h): the peer, or behind a trusted
 * reverse proxy the last X-Forwarded-For entry. */
static const char *client_address(struct req *r, const char *peer)
{
	return client_addr(r->arena, req_header(r, "X-Forwarded-For"), r->cfg->trust_proxy, peer);
}

static void req_begin(struct req *r, struct conn *c, struct evkeyvalq *out)
{
	struct worker *w = c->w;
	memset(r, 0, sizeof(*r));
	TAILQ_INIT(out);
	r->headers_in = &c->headers;
	r->headers_out = out;
	r->store = w->store;
	r->cfg = w->cfg;
	r->status = 200;
	r->route_name = "none";
	r->method = c->method;
	r->roles = ROLE_PUBLIC;
	/* The loop's own arena and buffer: nothing to allocate per request. */
	r->arena = w->arena;
	r->out = w->out;
	buf_reset(&r->out);
	r->ip = client_address(r, c->ip);
}

/* Send the answer of r with the headers every answer carries. */
static void req_send(struct req *r, struct conn *c, double started)
{
	if (r->out.failed) {
		buf_reset(&r->out);
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Internal error\n");
		r->status = 500;
	}
	add_common_headers(r);
	conn_respond(c, r);
	evhttp_clear_headers(r->headers_out);
	metrics_observe_request(r->status, monotonic_seconds() - started);
	if (r->status >= 500)
		log_error("request route=%s status=%d", r->route_name, r->status);
}

/* Send the answer, and reset what the loop reuses. */
static void req_finish(struct req *r, struct conn *c, double started)
{
	struct worker *w = c->w;
	req_send(r, c, started);
	if (r->out.cap > (1u << 20)) /* do not keep a huge buffer for small pages */
		buf_free(&r->out);
	w->out = r->out;
	arena_reset(w->arena);
	conn_forget_request(c);
}

/* ---------------------------------------------------------------------
 * Deferred answers (request.h, req_defer)
 */

static void exchange_free(struct exchange *ex)
{
	evhttp_clear_headers(&ex->out);
	if (ex->uri)
		evhttp_uri_free(ex->uri);
	buf_free(&ex->r.out);
	arena_free(ex->r.arena);
	free(ex);
}

/* The connection of a deferred answer goes (closed by the client, its
 * deadline, the server stopping): the answer will have nowhere to go. */
static void exchange_detach(struct conn *c)
{
	struct exchange *ex = c->pending;
	if (!ex)
		return;
	c->pending = NULL;
	ex->c = NULL;
	ex->r.headers_in = &ex->none;
}

/* On a worker thread. */
static void exchange_run(void *arg)
{
	struct exchange *ex = arg;
	ex->run(ex->arg);
}

/* Back on the loop (or, cancelled, on the stopping main thread): let the
 * handler write its answer and send it, if the client is still there. */
static void exchange_done(void *arg, int cancelled)
{
	struct exchange *ex = arg;
	struct req *r = &ex->r;
	if (cancelled && ex->c)
		exchange_detach(ex->c);
	struct conn *c = ex->c;
	r->gone = !c;
	ex->done(r, ex->arg);
	if (c) {
		c->pending = NULL;
		if (r->method != EVHTTP_REQ_GET && r->method != EVHTTP_REQ_HEAD)
			page_cache_invalidate();
		req_send(r, c, ex->started);
		conn_forget_request(c);
	}
	exchange_free(ex);
}

int req_defer(struct req *r, req_run_fn run, req_done_fn done, void *arg)
{
	struct exchange *ex = r->exchange;
	struct worker *w = ex ? ex->w : NULL;
	if (!w || ex != w->ex || ex->deferred || !ex->c) {
		req_error(r, 500, "internal", N_("Something went wrong. Please try again later."));
		return LWP_EINVAL;
	}
	/* what the loop gets in place of what this request keeps */
	struct exchange *spare = calloc(1, sizeof(*spare));
	struct arena *arena = spare ? arena_new() : NULL;
	const char *ip = arena_strdup(r->arena, r->ip ? r->ip : "");
	int rc = arena && ip ? 0 : LWP_ENOMEM;
	if (rc == 0) {
		ex->run = run;
		ex->done = done;
		ex->arg = arg;
		rc = workers_submit(w->pool, w->base, exchange_run, exchange_done, ex);
	}
	if (rc) {
		if (arena)
			arena_free(arena);
		free(spare);
		if (rc == LWP_ELIMIT) {
			log_limited(&w->log_busy, "worker pool queue full", EBUSY);
			req_error(r, 503, "busy", N_("The server is busy. Please try again in a minute."));
			req_set_header(r, "Retry-After", "2");
		} else {
			req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		}
		return rc;
	}
	r->ip = ip;
	ex->deferred = 1;
	spare->w = w;
	w->ex = spare;
	w->arena = arena;
	buf_init(&w->out, MAX_OUTPUT);
	return 0;
}

int req_background(struct req *r, req_run_fn run, req_job_done_fn done, void *arg)
{
	struct worker *w = r->exchange ? r->exchange->w : NULL;
	if (!w)
		return LWP_EINVAL;
	int rc = workers_submit(w->pool, w->base, run, done, arg);
	if (rc == LWP_ELIMIT)
		log_limited(&w->log_busy, "worker pool queue full", EBUSY);
	return rc;
}

/* The handler deferred: wait for the job, still under a deadline, with
 * reading on only to see the client leave (on_event closes then). */
static void conn_pend(struct conn *c, struct exchange *ex)
{
	c->pending = ex;
	conn_enter(c, CONN_PENDING, PENDING_SECONDS);
	bufferevent_enable(c->bev, EV_READ);
}

static void handle_request(struct conn *c)
{
	struct worker *w = c->w;
	struct exchange *ex = w->ex;
	ex->started = monotonic_seconds();
	req_begin(&ex->r, c, &ex->out);
	TAILQ_INIT(&ex->none);
	ex->r.exchange = ex;
	ex->c = c;
	ex->deferred = 0;
	ex->uri = evhttp_uri_parse_with_flags(c->target, EVHTTP_URI_NONCONFORMANT);
	dispatch(&ex->r, w, ex->uri, &c->body);
	if (ex->deferred) {
		conn_pend(c, ex);
		return;
	}
	req_finish(&ex->r, c, ex->started);
	if (ex->uri)
		evhttp_uri_free(ex->uri);
	ex->uri = NULL;
}

/* Refuse what the connection layer cannot accept, with the same headers
 * as every answer (and JSON under /api/), and close the connection. */
static void conn_refuse(struct conn *c, int status)
{
	double started = monotonic_seconds();
	struct req r;
	struct evkeyvalq out;
	req_begin(&r, c, &out);
	r.path = c->target && strncmp(c->target, "/api/", 5) == 0 ? "/api/" : "/";
	r.route_name = "refused";
	choose_language(&r);
	c->close = 1;
	switch (status) {
	case 408:
		req_error(&r, 408, "timeout", N_("The request took too long."));
		break;
	case 413:
		req_error(&r, 413, "too_large", N_("The request is too large."));
		break;
	case 414:
		req_error(&r, 414, "too_large", N_("The address of this page is too long."));
		break;
	case 417:
		req_error(&r, 417, "expectation_failed", N_("The request is malformed."));
		break;
	case 431:
		req_error(&r, 431, "too_large", N_("The request is too large."));
		break;
	case 501:
		req_error(&r, 501, "not_implemented", N_("This method is not allowed here."));
		break;
	case 503:
		req_error(&r, 503, "busy", N_("The server is busy. Please try again in a minute."));
		req_set_header(&r, "Retry-After", "60");
		break;
	case 500:
		req_error(&r, 500, "internal", N_("Something went wrong. Please try again later."));
		break;
	default:
		req_error(&r, 400, "bad_request", N_("The request is malformed."));
		break;
	}
	req_finish(&r, c, started);
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

/* The meetings' background work: editions whose network date has come
 * move to the network phase, and poll reminders go out (each at most
 * every POLL_REMIND_SECONDS per invitee). */
static void meeting_jobs(struct store *s, const struct config *cfg)
{
	struct arena *a = arena_new();
	struct meeting_env env;
	int moved = 0, reminded = 0;
	if (!a)
		return;
	svc_meeting_env_init(a, &env, cfg->base_url, cfg->mail.from_addr);
	if (svc_phase_due(s, tz_now(), &moved) == 0 && moved)
		log_info("phases: %d editions moved to the network phase", moved);
	if (svc_poll_remind(s, &env, tz_now(), &reminded) == 0 && reminded)
		log_info("polls: %d reminders", reminded);
	arena_free(a);
}

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
		int offers, links;
		if (s && svc_login_links_process(s, snd->cfg->base_url, tz_now(), &links))
			log_warn("login links: the queued requests could not be handled now");
		if (s && svc_selection_offers(s, snd->cfg->base_url, tz_now(), &offers) == 0 && offers)
			log_info("offers: %d freed places offered", offers);
		if (s)
			meeting_jobs(s, snd->cfg);
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

/* The running sender, for server_wake_sender (NULL outside server_run). */
static struct sender *volatile running_sender;

void server_wake_sender(void)
{
	struct sender *snd = running_sender;
	if (!snd)
		return;
	pthread_mutex_lock(&snd->lock);
	pthread_cond_signal(&snd->wake);
	pthread_mutex_unlock(&snd->lock);
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
	running_sender = snd;
}

static void sender_stop(struct sender *snd)
{
	running_sender = NULL;
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

int server_connection_limit(int threads)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	rlim_t reserved = RESERVED_FDS + (rlim_t)threads * RESERVED_FDS_PER_LOOP;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000)
		rl.rlim_cur = 1000000;
	return rl.rlim_cur > reserved ? (int)(rl.rlim_cur - reserved) : 0;
}

/* A share of a server-wide cap for each of n loops, at least 1. */
static int share(long total, int n)
{
	long s = (total + n - 1) / n;
	return s < 1 ? 1 : (int)s;
}

static int worker_start(struct worker *w, const struct config *cfg, int listen_fd, int nworkers,
			struct workers *pool)
{
	struct lwp_error err = {0};
	w->cfg = cfg;
	w->pool = pool;
	w->max_conns = share(cfg->max_connections, nworkers);
	w->max_per_address = cfg->trust_proxy ? w->max_conns
		: share(cfg->max_connections_per_address, nworkers);
	w->max_body_bytes = BODY_MEMORY / (size_t)nworkers;
	if (w->max_body_bytes < 2 * MAX_BODY)
		w->max_body_bytes = 2 * MAX_BODY;
	w->fd = dup(listen_fd);
	w->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (w->fd < 0 || w->spare < 0 || store_open(cfg->db_url, &w->store, &err))
		return -1;
	w->cache = page_cache_new();
	w->arena = arena_new();
	w->ex = calloc(1, sizeof(*w->ex));
	buf_init(&w->out, MAX_OUTPUT);
	if (!w->cache || !w->arena || !w->ex)
		return -1;
	w->ex->w = w;
	w->base = event_base_new();
	w->resume = w->base ? event_new(w->base, -1, 0, on_resume, w) : NULL;
	if (!w->resume)
		return -1;
	/* backlog 0: the socket listens already */
	w->listener = evconnlistener_new(w->base, on_accept, w, LEV_OPT_CLOSE_ON_FREE |
					 LEV_OPT_CLOSE_ON_EXEC, 0, w->fd);
	if (!w->listener)
		return -1;
	w->fd = -1; /* the listener owns it */
	evconnlistener_set_error_cb(w->listener, on_accept_error);
	return pthread_create(&w->thread, NULL, worker_main, w) ? -1 : 0;
}

/* Stop the loop's thread (its connections stay until worker_stop). */
static void worker_halt(struct worker *w)
{
	if (w->thread) {
		event_base_loopbreak(w->base);
		pthread_join(w->thread, NULL);
		w->thread = 0;
	}
}

static void worker_stop(struct worker *w)
{
	worker_halt(w);
	while (w->first)
		conn_free(w, w->first);
	if (w->listener)
		evconnlistener_free(w->listener);
	else if (w->fd >= 0)
		close(w->fd);
	if (w->resume)
		event_free(w->resume);
	if (w->spare >= 0)
		close(w->spare);
	if (w->base)
		event_base_free(w->base);
	store_close(w->store);
	page_cache_free(w->cache);
	arena_free(w->arena);
	free(w->ex);
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
	for (int i = 0; i < MAX_WORKERS; i++)
		workers[i].fd = workers[i].spare = -1;
	signal(SIGPIPE, SIG_IGN);
	evthread_use_pthreads();
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	int fd = listen_socket(cfg);
	if (fd < 0)
		return -1;
	int pool_threads = cfg->work_threads > 0 ? cfg->work_threads : nworkers;
	struct workers *pool = workers_new(pool_threads, cfg->work_queue > 0 ? cfg->work_queue
					   : WORK_QUEUE_DEFAULT);
	if (!pool) {
		log_error("could not start the worker pool");
		close(fd);
		return -1;
	}
	for (; started < nworkers; started++)
		if (worker_start(&workers[started], cfg, fd, nworkers, pool))
			break;
	if (started == nworkers) {
		log_info("lwp listening on %s port %d with %d event loops, at most %d connections"
			 " (%d per address)", cfg->listen_addr, cfg->port, nworkers,
			 cfg->max_connections, cfg->trust_proxy ? cfg->max_connections
			 : cfg->max_connections_per_address);
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
	/* the loops first, then the pool (whose undelivered answers need the
	 * loops' bases but no running loop), then what the loops hold */
	for (int i = 0; i < started; i++)
		worker_halt(&workers[i]);
	if (workers_free(pool))
		log_warn("stopping: long work still running is left unfinished");
	for (int i = 0; i < started; i++)
		worker_stop(&workers[i]);
	close(fd);
	return rc;
}
