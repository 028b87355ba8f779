/*
 * Routes of one capability (see routes.h). Subgroups: the lead's page
 * (settings, rules, plan, move by hand, re-balance, confirm), the API, and
 * what participants and coaches see of their subgroup on their own pages.
 */
#ifndef LWP_WEB_ROUTES_SUBGROUPS_H
#define LWP_WEB_ROUTES_SUBGROUPS_H

#include "store/store_subgroups.h"
#include "web/routes.h"

extern const struct route routes_subgroups[];

void page_subgroups(struct req *r);
void page_subgroups_settings(struct req *r);
void page_subgroups_rule(struct req *r);
void page_subgroups_rule_delete(struct req *r);
void page_subgroups_plan(struct req *r);
void page_subgroups_rebalance(struct req *r);
void page_subgroups_move(struct req *r);
void page_subgroups_confirm(struct req *r);
void api_subgroups(struct req *r);
void api_subgroups_post(struct req *r);

/* A participant's or coach's subgroup (members and coaches), as a section
 * of their own page (the private application page, /account). */
void subgroup_view_section(struct req *r, const struct subgroup_view *v);

#endif
