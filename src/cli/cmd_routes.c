/* lwp routes [--json]: every route the server answers, from the route
 * tables of the capabilities, for tests and scripts (the browser suite
 * checks that it visits every HTML page listed here). */
#include "cli/cli.h"
#include "web/routes.h"

#include <event2/http.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char routes_help[] =
	"usage: lwp routes [--json]\n\n"
	"List every route: method, path pattern, who may use it (anyone,\n"
	"signed_in, console, staff: the console and the edition's coaches), its name, whether it answers HTML, and what the\n"
	"dispatcher loads first (edition, application).\n";

static const char *access_of(unsigned roles)
{
	return roles == ROLES_ANYONE ? "anyone" : roles == ROLES_SIGNED_IN ? "signed_in"
	       : roles == ROLES_CONSOLE ? "console" : roles == ROLES_STAFF ? "staff" : "other";
}

static const char *want_of(enum route_want w)
{
	return w == WANT_EDITION ? "edition" : w == WANT_APPLICATION ? "application" : NULL;
}

/* A page for people: not the API, not a file, an export or a calendar, not
 * health or metrics. */
static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && strcmp(s + n - t, tail) == 0;
}

static int answers_html(const struct route *rt)
{
	return strncmp(rt->pattern, "/api/", 5) != 0 && strncmp(rt->pattern, "/static/", 8) != 0 &&
	       strcmp(rt->pattern, "/healthz") != 0 && strcmp(rt->pattern, "/metrics") != 0 &&
	       strncmp(rt->pattern, "/agenda/", 8) != 0 && !ends_with(rt->pattern, ".ics") &&
	       !ends_with(rt->pattern, ".csv") && !ends_with(rt->pattern, ".xlsx") &&
	       !ends_with(rt->pattern, ".xml") && !ends_with(rt->pattern, "/bestand");
}

static json_t *route_json(const struct route *rt)
{
	const char *want = want_of(rt->want);
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:s?}", "method",
			 rt->method == EVHTTP_REQ_POST ? "POST" : "GET", "pattern", rt->pattern,
			 "access", access_of(rt->roles), "name", rt->name, "html", answers_html(rt),
			 "cacheable", rt->cacheable, "loads", want);
}

int cmd_routes(int argc, char **argv)
{
	int json = argc == 2 && strcmp(argv[1], "--json") == 0;
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(routes_help, stdout);
		return EXIT_OK;
	}
	if (argc > 2 || (argc == 2 && !json)) {
		fputs(routes_help, stderr);
		return EXIT_USAGE;
	}
	json_t *list = json_array();
	for (const struct route *const *t = route_tables; list && *t; t++)
		for (const struct route *rt = *t; rt->pattern; rt++) {
			if (json)
				json_array_append_new(list, route_json(rt));
			else
				printf("%-4s %-56s %-9s %s\n", rt->method == EVHTTP_REQ_POST ? "POST" : "GET",
				       rt->pattern, access_of(rt->roles), rt->name);
		}
	int rc = !list || (json && (json_dumpf(list, stdout, JSON_INDENT(2)) || putchar('\n') == EOF));
	json_decref(list);
	return rc ? EXIT_FAIL : EXIT_OK;
}
