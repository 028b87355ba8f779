/*
 * The worker pool (see workers.h). One mutex guards the queue and the list
 * of jobs not yet delivered; a job's answer goes back to its loop through
 * an event made on that loop when the job was queued and activated by the
 * worker (libevent's pthread locking makes event_active safe from another
 * thread and wakes the loop). Each job is freed by whoever delivers it:
 * the loop in on_delivered, or workers_free once the loops have stopped.
 */
#include "web/workers.h"

#include <event2/event.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WORKERS_MAX_THREADS 64
#define WORKERS_MAX_QUEUE 100000
/* Workers run at a lower priority than the event loops: on a machine with
 * as many cores as loops, a solve then takes the time the loops leave and
 * the loops answer at once (Linux gives each thread its own nice value). */
#define WORKERS_NICE 10
/* How long workers_free waits for a job that runs (a solve of thousands of
 * applicants on a busy machine can take a minute): the server must stop
 * when told to. A thread still running then is left to the process's exit. */
#define WORKERS_STOP_SECONDS 5

struct job {
	workers_run_fn run;
	workers_done_fn done;
	void *arg;
	struct event *ev;          /* on the submitting loop's base */
	struct workers *pool;
	int running;               /* a thread runs it now */
	struct job *next_queued;   /* in the queue, while waiting for a thread */
	struct job *prev, *next;   /* in the pool's list of jobs not delivered */
};

struct workers {
	pthread_mutex_t lock;
	pthread_cond_t work;
	pthread_t threads[WORKERS_MAX_THREADS];
	int nthreads;
	int queue_cap, queued, running;
	int stop;
	int abandoned;             /* workers_free gave up waiting for a thread */
	struct job *head, *tail;   /* the queue, oldest first */
	struct job *outstanding;   /* every job from submit until delivered */
};

static void outstanding_unlink(struct workers *p, struct job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		p->outstanding = j->next;
	if (j->next)
		j->next->prev = j->prev;
	j->prev = j->next = NULL;
}

/* On the loop that submitted j: its run is over. */
static void on_delivered(evutil_socket_t fd, short what, void *arg)
{
	struct job *j = arg;
	struct workers *p = j->pool;
	(void)fd;
	(void)what;
	pthread_mutex_lock(&p->lock);
	outstanding_unlink(p, j);
	pthread_mutex_unlock(&p->lock);
	event_free(j->ev);
	j->done(j->arg, 0);
	free(j);
}

static void *worker_thread(void *arg)
{
	struct workers *p = arg;
	LWP_IGNORE(setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKERS_NICE));
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && !p->head)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->stop)
			break;
		struct job *j = p->head;
		p->head = j->next_queued;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		p->running++;
		j->running = 1;
		pthread_mutex_unlock(&p->lock);
		j->run(j->arg);
		pthread_mutex_lock(&p->lock);
		p->running--;
		j->running = 0;
		if (p->abandoned)
			break; /* the loops may be gone: j is left as it is */
		/* j stays in the outstanding list: only on_delivered (after this
		 * activation) or workers_free (after the join) frees it */
		event_active(j->ev, EV_TIMEOUT, 1);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct workers *workers_new(int threads, int queue)
{
	if (threads < 1 || threads > WORKERS_MAX_THREADS || queue < 1 || queue > WORKERS_MAX_QUEUE)
		return NULL;
	struct workers *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	p->queue_cap = queue;
	for (; p->nthreads < threads; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL, worker_thread, p))
			break;
	if (p->nthreads < threads) {
		workers_free(p);
		return NULL;
	}
	return p;
}

int workers_submit(struct workers *p, struct event_base *base, workers_run_fn run,
		   workers_done_fn done, void *arg)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return LWP_ENOMEM;
	j->ev = event_new(base, -1, 0, on_delivered, j);
	if (!j->ev) {
		free(j);
		return LWP_ENOMEM;
	}
	j->run = run;
	j->done = done;
	j->arg = arg;
	j->pool = p;
	pthread_mutex_lock(&p->lock);
	int rc = p->stop ? LWP_ECLOSED : p->queued >= p->queue_cap ? LWP_ELIMIT : 0;
	if (rc == 0) {
		if (p->tail)
			p->tail->next_queued = j;
		else
			p->head = j;
		p->tail = j;
		p->queued++;
		j->next = p->outstanding;
		if (j->next)
			j->next->prev = j;
		p->outstanding = j;
		pthread_cond_signal(&p->work);
	}
	pthread_mutex_unlock(&p->lock);
	if (rc) {
		event_free(j->ev);
		free(j);
	}
	return rc;
}

int workers_busy(struct workers *p)
{
	pthread_mutex_lock(&p->lock);
	int n = p->queued + p->running;
	pthread_mutex_unlock(&p->lock);
	return n;
}

/* Pools left to threads that were still running at the stop: kept
 * reachable until the process exits. */
static struct workers *volatile left_running;

int workers_free(struct workers *p)
{
	if (!p)
		return 0;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WORKERS_STOP_SECONDS;
	int left = 0;
	for (int i = 0; i < p->nthreads; i++)
		if (pthread_timedjoin_np(p->threads[i], NULL, &until)) {
			pthread_detach(p->threads[i]);
			left++;
		}
	/* the loops have stopped; only threads left running may still come
	 * back, and they find abandoned set and touch nothing */
	pthread_mutex_lock(&p->lock);
	p->abandoned = left > 0;
	struct job *j = p->outstanding;
	while (j) {
		struct job *next = j->next;
		if (!j->running) {
			outstanding_unlink(p, j);
			event_free(j->ev);
			j->done(j->arg, 1);
			free(j);
		}
		j = next;
	}
	pthread_mutex_unlock(&p->lock);
	if (left) {
		p->head = NULL;
		left_running = p;
		return left;
	}
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return 0;
}
