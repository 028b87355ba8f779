/* Process-wide counters for /metrics (Prometheus text format). */
#ifndef LWP_WEB_METRICS_H
#define LWP_WEB_METRICS_H

#include "core/buf.h"

void metrics_observe_request(int status, double seconds);
void metrics_count_application(int app_status);
void metrics_write(struct buf *b);

#endif
