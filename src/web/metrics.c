/* Request and application counters, updated with atomics from every event
 * loop and written in the Prometheus text exposition format. */
#include "web/metrics.h"
#include "domain/model.h"

#include <stdatomic.h>

static const double bucket_bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025,
				       0.05, 0.1, 0.25, 0.5, 1.0};
#define NBUCKETS (sizeof(bucket_bounds) / sizeof(bucket_bounds[0]))

static atomic_ullong requests_by_class[6];
static atomic_ullong duration_buckets[NBUCKETS];
static atomic_ullong duration_count;
static atomic_ullong duration_micros;
static atomic_ullong applications[APP_STATUS_COUNT];

void metrics_observe_request(int status, double seconds)
{
	int cls = status / 100;
	if (cls < 1 || cls > 5)
		cls = 0;
	atomic_fetch_add_explicit(&requests_by_class[cls], 1, memory_order_relaxed);
	for (size_t i = 0; i < NBUCKETS; i++)
		if (seconds <= bucket_bounds[i])
			atomic_fetch_add_explicit(&duration_buckets[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&duration_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&duration_micros,
				  (unsigned long long)(seconds * 1e6),
				  memory_order_relaxed);
}

void metrics_count_application(int app_status)
{
	if (app_status >= 0 && app_status < APP_STATUS_COUNT)
		atomic_fetch_add_explicit(&applications[app_status], 1, memory_order_relaxed);
}

void metrics_write(struct buf *b)
{
	static const char *classes[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	buf_puts(b, "# HELP lwp_http_requests_total HTTP requests answered, by status class.\n"
		    "# TYPE lwp_http_requests_total counter\n");
	for (int i = 0; i < 6; i++)
		buf_printf(b, "lwp_http_requests_total{class=\"%s\"} %llu\n", classes[i],
			   atomic_load(&requests_by_class[i]));
	buf_puts(b, "# HELP lwp_http_request_duration_seconds Time to answer a request.\n"
		    "# TYPE lwp_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < NBUCKETS; i++)
		buf_printf(b, "lwp_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			   bucket_bounds[i], atomic_load(&duration_buckets[i]));
	unsigned long long count = atomic_load(&duration_count);
	buf_printf(b, "lwp_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", count);
	buf_printf(b, "lwp_http_request_duration_seconds_sum %.6f\n",
		   (double)atomic_load(&duration_micros) / 1e6);
	buf_printf(b, "lwp_http_request_duration_seconds_count %llu\n", count);
	buf_puts(b, "# HELP lwp_applications_submitted_total Applications stored by this process, by initial status.\n"
		    "# TYPE lwp_applications_submitted_total counter\n");
	for (int i = 0; i < APP_STATUS_COUNT; i++)
		buf_printf(b, "lwp_applications_submitted_total{status=\"%s\"} %llu\n",
			   app_status_code((enum app_status)i),
			   atomic_load(&applications[i]));
}
