/*
 * Routes of one capability (see routes.h). The network of initiatives:
 * the registry with search, registering and nominating, the owners'
 * pages, connections, the members' directory, the map and its figures, as
 * pages and in the API.
 */
#ifndef LWP_WEB_ROUTES_NETWORK_H
#define LWP_WEB_ROUTES_NETWORK_H

#include "web/routes.h"

extern const struct route routes_network[];

void page_initiatives(struct req *r);
void page_initiative(struct req *r);
void page_initiative_new(struct req *r);
void page_initiative_create(struct req *r);
void page_nominate(struct req *r);
void page_nominate_submit(struct req *r);
void page_nomination(struct req *r);
void page_nomination_confirm(struct req *r);
void page_initiative_edit(struct req *r);
void page_initiative_update(struct req *r);
void page_initiative_owner_add(struct req *r);
void page_initiative_moderate(struct req *r);
void page_initiative_connect(struct req *r);
void page_connections(struct req *r);
void page_connection_confirm(struct req *r);
void page_connection_remove(struct req *r);
void page_directory(struct req *r);
void page_directory_consent(struct req *r);
void page_directory_connect(struct req *r);
void page_network_map(struct req *r);
void page_network_figures(struct req *r);
void api_initiatives_search(struct req *r);
void api_initiative_get(struct req *r);
void api_initiative_similar(struct req *r);
void api_initiative_create(struct req *r);
void api_nomination_create(struct req *r);
void api_nomination_confirm(struct req *r);

#endif
