/*
 * One HTTP request while it is answered: what came in, what goes out, and
 * the arena that owns everything allocated for it. Handlers get it as an
 * argument; there is no global current request.
 */
#ifndef LWP_WEB_REQUEST_H
#define LWP_WEB_REQUEST_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/buf.h"
#include "core/lang.h"
#include "web/config.h"
#include "core/i18n.h"

struct store;
struct session;
struct user;
struct role_grant;
struct form;
struct config;
struct edition;
struct application;
struct exchange;

#define ROUTE_PARAMS_MAX 4

/* A streamed answer (exports of any size): after r->out, next() is called
 * with the loop's store, a scratch arena and an empty buffer each time the
 * client has taken what went before, to append the next piece. It returns
 * 1 when more may follow, 0 when the answer is complete, < 0 when it failed
 * (the connection is then closed before the end, so that the client sees a
 * cut-off transfer and never a short file that looks whole). The server
 * sends it with chunked transfer-coding (HTTP/1.0: until the close), so
 * memory stays at one piece whatever the size. state belongs to the
 * server once the handler set next; release(state) is called once. */
struct req_stream {
	int (*next)(struct store *s, struct arena *a, void *state, struct buf *out);
	void (*release)(void *state);
	void *state;
};

struct req {
	struct evkeyvalq *headers_in;  /* the request's header fields */
	struct evkeyvalq *headers_out; /* the answer's, added by req_set_header */
	struct store *store;        /* this event loop's connection */
	const struct config *cfg;
	struct arena *arena;
	enum lang lang;
	int method;                 /* enum evhttp_cmd_type */
	const char *path;           /* decoded, valid UTF-8 */
	const char *query;          /* raw query string or NULL */
	const char *params[ROUTE_PARAMS_MAX];
	int nparams;
	/* Loaded and access-checked by the dispatcher when the route asks for
	 * them (routes.h, enum route_want); NULL otherwise. */
	struct edition *edition;
	struct application *application;
	const char *route_name;     /* for logs and metrics */
	/* request body, NUL-terminated copy; body_len excludes the NUL */
	char *body;
	size_t body_len;
	struct form *form;          /* decoded urlencoded body of a POST, or NULL */
	const char *ip;             /* peer address */
	/* who is asking (auth.c): NULL/0 for an anonymous visitor */
	struct session *session;
	struct user *user;
	struct role_grant *grants;
	int ngrants;
	unsigned roles;             /* enum role mask in force for this request */
	const char *csrf;           /* token for forms on this page */
	int retry_after;            /* seconds, when a rate limit refused it */
	/* response */
	int status;
	long long error_arg; /* the number for {1} in a field error message */
	const char *content_type;
	int personal;               /* page shows personal data: no-store */
	struct buf out;
	struct req_stream stream;   /* next NULL: the answer is r->out */
	int stream_head;            /* server: a HEAD of a streamed answer */
	/* server: the state of this answer (for req_defer) */
	struct exchange *exchange;
	int gone;                   /* in a deferred done: the client is gone */
};

/*
 * Answer later (long work off the event loop): run(arg) is called on a
 * worker thread (workers.h) and may touch only what arg owns, never r, the
 * store or anything of the loop; then done(r, arg) is called on r's loop,
 * where it writes the answer into r as a handler does (r, its arena, its
 * form and arg stay alive until then). When the client went away
 * meanwhile (or the server stops), done is still called, with r->gone set:
 * it must then only release what arg holds, since the answer is thrown
 * away. Called by a handler, once, which then returns at once without
 * touching the answer; not from a done. Returns 0; otherwise the answer
 * is written already (503 with Retry-After when the queue is full) and
 * the handler just returns.
 */
typedef void (*req_run_fn)(void *arg);
typedef void (*req_done_fn)(struct req *r, void *arg);
int req_defer(struct req *r, req_run_fn run, req_done_fn done, void *arg);
/* Start work no answer waits for (a selection solve while the page says
 * "being computed"): run(arg) on a worker thread, then done(arg, 0) on r's
 * loop, or done(arg, 1) when the server stops first (then only release).
 * LWP_ELIMIT when the pool's queue is full, LWP_ENOMEM: neither is called
 * then and the caller answers (503 with Retry-After). */
typedef void (*req_job_done_fn)(void *arg, int cancelled);
LWP_MUST_USE int req_background(struct req *r, req_run_fn run, req_job_done_fn done, void *arg);

#define T(r, msgid) i18n_translate((r)->lang, msgid)

const char *req_header(struct req *r, const char *name);
void req_set_header(struct req *r, const char *name, const char *value);
/* Query parameter value (decoded), or NULL. */
const char *req_query(struct req *r, const char *name);
void req_redirect(struct req *r, int status, const char *location);
/* Answer an error: JSON {"error": {...}} under /api/, otherwise an error
 * page; msgid is shown in the user's language. */
void req_error(struct req *r, int status, const char *code, const char *msgid);

#endif
