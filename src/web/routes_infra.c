/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_infra.h"
#include "web/route_table.h"

const struct route routes_infra[] = {
	{GET, "/static/{file}", static_file, ANYONE, "static", 0, WANT_NOTHING},
	{GET, "/healthz", health_check, ANYONE, "healthz", 0, WANT_NOTHING},
	{GET, "/metrics", metrics_page, ANYONE, "metrics", 0, WANT_NOTHING},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
