/*
 * Shared by the pages and the API of the network (page_network*.c,
 * api_network.c): who is looking, the search index for this request, link
 * builders, the initiative's form fields and the answers to a service's
 * result code.
 */
#ifndef LWP_WEB_NETWORK_VIEW_H
#define LWP_WEB_NETWORK_VIEW_H

#include "service/network.h"
#include "web/request.h"
#include "web/widgets.h"

/* The viewer of this request with the ids of the initiatives they own,
 * the index snapshot (released by network_view_end) and the filter. */
struct network_view {
	struct network_viewer viewer;
	int64_t *owned;
	int n_owned;
	struct network_snapshot *snap;
	struct network_filter filter;
	struct initiative_edition *pairs;
	int n_pairs;
	struct network_access acc;
};

/* Load the viewer and acquire the index; answers 503 itself and returns
 * nonzero on failure. */
int network_view_begin(struct req *r, struct network_view *v);
void network_view_end(struct network_view *v);
/* Read the filters theme, stage, kind, tag, organisation, edition from
 * the query string into v->filter (unknown codes mean any). */
void network_view_filters(struct req *r, struct network_view *v);
/* 1 when the viewer owns the initiative. */
int network_view_owns(const struct network_view *v, int64_t id);
/* The member's network identity for a service call (NULL when anonymous). */
struct network_user network_user_of(const struct req *r);

/* The initiative of the route's {initiative} parameter: 0 and *id, or
 * answers 404 itself. */
int network_param_id(struct req *r, int64_t *id);

/* Links. */
char *link_initiative(struct req *r, int64_t id, const char *tail);
char *link_nomination(struct req *r, const char *token);

/* The fields of an initiative's form (register, nominate, edit), ending
 * with a NULL name; the person fields of a nomination. */
extern const struct widget_field initiative_form_fields[];
extern const struct widget_field nomination_person_fields[];
extern const struct widget_field connection_fields[];
extern const char *const kind_any_options[], *const theme_any_options[],
	*const stage_any_options[];
/* Fill in from the request's form (POST). */
void network_input_from_form(struct req *r, struct initiative_input *in);
/* The form's values of an initiative as it is stored. */
void network_input_from_row(const struct initiative_row *row, struct initiative_input *in);
/* Write the initiative fields with values and errors. */
void network_form_fields(struct req *r, const struct initiative_input *in,
			 const struct field_errors *fe);
/* A page error for a service result (404, 409, 422, 429, 503). */
void network_page_error(struct req *r, int rc);
/* A select whose options are data (editions, initiatives, people), in the
 * markup of widget_field: write the <option>s between begin and end. */
void network_select_begin(struct req *r, const char *name, const char *label);
void network_select_end(struct req *r);
/* The tags of an initiative as a list of tag elements. */
void network_tags(struct req *r, const char *tags);

#endif
