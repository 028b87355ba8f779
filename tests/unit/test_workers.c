/*
 * The worker pool (src/web/workers.c): jobs run off the loop's thread and
 * their done comes back on it; a full queue refuses at once; stopping the
 * pool hands every job not delivered its done, cancelled, exactly once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "web/workers.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>

struct job_state {
	pthread_t loop;
	sem_t *gate;          /* when set, run waits for it */
	sem_t *started;       /* when set, run posts it first */
	sem_t *finished;      /* when set, run posts it last */
	int ran, ran_off_loop;
	int done, cancelled, done_on_loop;
};

static void job_run(void *arg)
{
	struct job_state *j = arg;
	if (j->started)
		sem_post(j->started);
	if (j->gate)
		sem_wait(j->gate);
	j->ran_off_loop = !pthread_equal(pthread_self(), j->loop);
	j->ran = 1;
	if (j->finished)
		sem_post(j->finished);
}

static void job_done(void *arg, int cancelled)
{
	struct job_state *j = arg;
	j->done++;
	j->cancelled = cancelled;
	j->done_on_loop = pthread_equal(pthread_self(), j->loop);
}

static struct event_base *new_base(void)
{
	evthread_use_pthreads();
	struct event_base *b = event_base_new();
	assert_non_null(b);
	return b;
}

/* Run the loop until every job of js[0..n) is done (or 10 s pass). */
static void loop_until_done(struct event_base *b, struct job_state *js, int n)
{
	for (int turn = 0; turn < 10000; turn++) {
		int all = 1;
		for (int i = 0; i < n; i++)
			all &= js[i].done > 0;
		if (all)
			return;
		struct timeval tv = {0, 1000};
		event_base_loopexit(b, &tv);
		event_base_dispatch(b);
	}
	fail_msg("jobs not delivered");
}

static void test_jobs_run_off_the_loop_and_come_back_on_it(void **state)
{
	(void)state;
	struct event_base *b = new_base();
	struct workers *p = workers_new(3, 100);
	assert_non_null(p);
	struct job_state js[20];
	memset(js, 0, sizeof(js));
	for (int i = 0; i < 20; i++) {
		js[i].loop = pthread_self();
		assert_int_equal(workers_submit(p, b, job_run, job_done, &js[i]), 0);
	}
	loop_until_done(b, js, 20);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(js[i].ran, 1);
		assert_int_equal(js[i].ran_off_loop, 1);
		assert_int_equal(js[i].done, 1);
		assert_int_equal(js[i].cancelled, 0);
		assert_int_equal(js[i].done_on_loop, 1);
	}
	assert_int_equal(workers_busy(p), 0);
	workers_free(p);
	event_base_free(b);
}

static void test_a_full_queue_refuses_at_once(void **state)
{
	(void)state;
	struct event_base *b = new_base();
	struct workers *p = workers_new(1, 1);
	assert_non_null(p);
	sem_t gate, started;
	sem_init(&gate, 0, 0);
	sem_init(&started, 0, 0);
	struct job_state js[3];
	memset(js, 0, sizeof(js));
	for (int i = 0; i < 3; i++)
		js[i].loop = pthread_self();
	js[0].gate = &gate;
	js[0].started = &started;
	assert_int_equal(workers_submit(p, b, job_run, job_done, &js[0]), 0);
	sem_wait(&started);               /* the one thread is busy with js[0] */
	assert_int_equal(workers_submit(p, b, job_run, job_done, &js[1]), 0); /* queued */
	assert_int_equal(workers_busy(p), 2);
	assert_int_equal(workers_submit(p, b, job_run, job_done, &js[2]), LWP_ELIMIT);
	sem_post(&gate);
	loop_until_done(b, js, 2);
	assert_int_equal(js[0].done + js[1].done, 2);
	assert_int_equal(js[2].ran + js[2].done, 0); /* refused: never run, never done */
	/* room again */
	assert_int_equal(workers_submit(p, b, job_run, job_done, &js[2]), 0);
	loop_until_done(b, js + 2, 1);
	workers_free(p);
	event_base_free(b);
	sem_destroy(&gate);
	sem_destroy(&started);
}

static void test_stopping_cancels_what_was_not_delivered(void **state)
{
	(void)state;
	struct event_base *b = new_base();
	struct workers *p = workers_new(1, 8);
	assert_non_null(p);
	sem_t gate, started;
	sem_init(&gate, 0, 0);
	sem_init(&started, 0, 0);
	struct job_state js[4];
	memset(js, 0, sizeof(js));
	for (int i = 0; i < 4; i++)
		js[i].loop = pthread_self();
	js[0].gate = &gate;
	js[0].started = &started;
	for (int i = 0; i < 4; i++)
		assert_int_equal(workers_submit(p, b, job_run, job_done, &js[i]), 0);
	sem_wait(&started);
	sem_post(&gate);
	/* the loop never runs: nothing is delivered before the stop */
	assert_int_equal(workers_free(p), 0);
	assert_int_equal(js[0].ran, 1);   /* a running job finishes */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(js[i].done, 1);
		assert_int_equal(js[i].cancelled, 1);
	}
	event_base_free(b);
	sem_destroy(&gate);
	sem_destroy(&started);
}

/* A job that does not end: the stop gives up on it after a few seconds
 * rather than hang, cancels the rest, and the thread, when it comes back
 * at last, touches nothing. (Static: the thread outlives the test.) */
static struct job_state stuck[2];
static sem_t stuck_gate, stuck_started, stuck_finished;

static void test_stopping_leaves_a_job_that_does_not_end(void **state)
{
	(void)state;
	struct event_base *b = new_base();
	struct workers *p = workers_new(1, 8);
	assert_non_null(p);
	sem_init(&stuck_gate, 0, 0);
	sem_init(&stuck_started, 0, 0);
	sem_init(&stuck_finished, 0, 0);
	for (int i = 0; i < 2; i++)
		stuck[i].loop = pthread_self();
	stuck[0].gate = &stuck_gate;
	stuck[0].started = &stuck_started;
	stuck[0].finished = &stuck_finished;
	for (int i = 0; i < 2; i++)
		assert_int_equal(workers_submit(p, b, job_run, job_done, &stuck[i]), 0);
	sem_wait(&stuck_started);
	assert_int_equal(workers_free(p), 1);
	assert_int_equal(stuck[0].done, 0);      /* still running: never delivered */
	assert_int_equal(stuck[1].done, 1);      /* queued: cancelled */
	assert_int_equal(stuck[1].cancelled, 1);
	assert_int_equal(stuck[1].ran, 0);
	event_base_free(b);                      /* the loop is gone ... */
	sem_post(&stuck_gate);                   /* ... when the job ends */
	sem_wait(&stuck_finished);
	assert_int_equal(stuck[0].ran, 1);
	assert_int_equal(stuck[0].done, 0);
}

static void test_sizes_out_of_range_are_refused(void **state)
{
	(void)state;
	assert_null(workers_new(0, 1));
	assert_null(workers_new(65, 1));
	assert_null(workers_new(1, 0));
	assert_null(workers_new(1, 100001));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_run_off_the_loop_and_come_back_on_it),
		cmocka_unit_test(test_a_full_queue_refuses_at_once),
		cmocka_unit_test(test_stopping_cancels_what_was_not_delivered),
		cmocka_unit_test(test_stopping_leaves_a_job_that_does_not_end),
		cmocka_unit_test(test_sizes_out_of_range_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
