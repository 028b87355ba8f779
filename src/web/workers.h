/*
 * A pool of worker threads for work that would hold an event loop too long
 * (a password hash, a selection solve): a fixed number of threads, a
 * bounded queue, and the answer delivered back on the event loop that
 * asked, so that everything but the long computation stays on the loop.
 */
#ifndef LWP_WEB_WORKERS_H
#define LWP_WEB_WORKERS_H

#include "core/error.h"

struct event_base;
struct workers;

/* run(arg) is called on a worker thread and must touch nothing of the
 * loop (no store, no request, no connection): only what arg owns. Then
 * done(arg, 0) is called on the loop of the base it was submitted from.
 * When the pool stops before done could be delivered (the server stops),
 * done(arg, 1) is called instead, from the thread that stops the pool,
 * after the loops stopped: it must then only release what arg holds. run
 * may not have been called in that case. */
typedef void (*workers_run_fn)(void *arg);
typedef void (*workers_done_fn)(void *arg, int cancelled);

/* A pool of `threads` threads (1..64) and a queue of at most `queue` jobs
 * waiting for a thread (1..100000). NULL when it cannot be started. */
struct workers *workers_new(int threads, int queue);

/* Queue a job; called on the loop of base (which libevent's pthread
 * locking must be enabled for). LWP_ELIMIT when the queue is full (the
 * caller answers 503), LWP_ENOMEM, LWP_ECLOSED when the pool stops; on any
 * error neither run nor done is ever called. */
LWP_MUST_USE int workers_submit(struct workers *p, struct event_base *base, workers_run_fn run,
				workers_done_fn done, void *arg);

/* Jobs queued or running now (for tests and metrics; racy by nature). */
int workers_busy(struct workers *p);

/* Stop: jobs still queued are not run; the threads finish the job they
 * run and are joined. Call after the event loops have stopped and before
 * their bases are freed: every job not delivered gets done(arg, 1) here.
 * A job still running after a few seconds is left to the process's exit
 * (its done is never called; what it holds stays allocated): returns the
 * number of such threads, 0 when the pool stopped completely. */
int workers_free(struct workers *p);

#endif
