/* Short names for writing route tables (routes_*.c only). */
#ifndef LWP_WEB_ROUTE_TABLE_H
#define LWP_WEB_ROUTE_TABLE_H

#include <event2/http.h>

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define ANYONE ROLES_ANYONE
#define SIGNED_IN ROLES_SIGNED_IN
#define CONSOLE ROLES_CONSOLE
#define STAFF ROLES_STAFF

#endif
