/*
 * GET /netwerk/kaart and /netwerk/cijfers: the map of the network and its
 * figures. The map is laid out at the server by Graphviz (neato, fixed
 * seed: the same data gives the same picture) and written as SVG by us,
 * through the escaping writer: Graphviz only sees node names like "i12"
 * and sizes, never user text. Organisations are boxes, people small
 * circles, initiatives a shape and a fill pattern per theme (as well as a
 * colour); every node and line carries its name for screen readers, and
 * tables beside the map hold the same information (with the links to the
 * initiatives: the picture itself has no focus stops). People appear only for
 * members of the network, and only those who agreed to be listed.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/network_view.h"
#include "web/routes_network.h"
#include "web/widgets.h"
#include "store/store.h"

#include <graphviz/gvc.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define MAP_NODES_MAX 600
#define LABEL_CHARS 22

/* Graphviz keeps global state: one layout at a time in the process, in one
 * context made at the first map and kept (making one per map leaks some of
 * Graphviz's plugin state every time). */
static pthread_mutex_t graphviz_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *graphviz;

enum node_type { NODE_ORG, NODE_INITIATIVE, NODE_PERSON };

struct map_node {
	enum node_type type;
	int64_t id;
	const char *label;
	const char *detail;     /* organisation of an initiative */
	enum theme theme;
	enum org_kind kind;
	double x, y;
};

struct map_edge {
	int a, b;               /* node indexes */
	int kind;               /* enum connection_kind, or -1 part of, -2 owner of */
};

struct map {
	struct map_node *nodes;
	int n, cap;
	struct map_edge *edges;
	int ne, ecap;
	double width, height;
};

/* Room for element n of an arena array (doubling it when full). */
static void *grow(struct arena *a, void *list, int n, int *cap, size_t size)
{
	if (list && n < *cap)
		return list;
	int bigger = *cap ? *cap * 2 : 32;
	void *grown = arena_calloc(a, (size_t)bigger, size);
	if (grown && list)
		memcpy(grown, list, size * (size_t)n);
	if (grown)
		*cap = bigger;
	return grown;
}

static int node_find(const struct map *m, enum node_type t, int64_t id)
{
	for (int i = 0; i < m->n; i++)
		if (m->nodes[i].type == t && m->nodes[i].id == id)
			return i;
	return -1;
}

static int node_add(struct req *r, struct map *m, struct map_node nd)
{
	int i = node_find(m, nd.type, nd.id);
	if (i >= 0)
		return i;
	if (m->n == MAP_NODES_MAX)
		return -1;
	if (!(m->nodes = grow(r->arena, m->nodes, m->n, &m->cap, sizeof(*m->nodes))))
		return -1;
	m->nodes[m->n] = nd;
	return m->n++;
}

static void edge_add(struct req *r, struct map *m, int a, int b, int kind)
{
	if (a < 0 || b < 0)
		return;
	for (int i = 0; i < m->ne; i++)
		if (m->edges[i].a == a && m->edges[i].b == b && m->edges[i].kind == kind)
			return;
	if (!(m->edges = grow(r->arena, m->edges, m->ne, &m->ecap, sizeof(*m->edges))))
		return;
	m->edges[m->ne++] = (struct map_edge){a, b, kind};
}

/* ---- gathering ---- */

static int gather(struct req *r, struct network_view *v, struct map *m)
{
	struct initiative_row *rows;
	struct connection_row *conns;
	struct directory_person *people = NULL;
	int n, nc, np = 0;
	int rc = store_initiative_list(r->store, r->arena, 1, &rows, &n);
	if (rc || (rc = store_connections_all(r->store, r->arena, 1, &conns, &nc)) ||
	    (v->viewer.member && (rc = store_directory(r->store, r->arena, &people, &np))))
		return rc;
	for (int i = 0; i < n; i++) {
		const struct network_entry *e = network_snapshot_find(v->snap, rows[i].id);
		if (!e || !network_access_keep(&v->acc, e))
			continue;
		int in = node_add(r, m, (struct map_node){NODE_INITIATIVE, e->id, e->title,
							  e->organisation, e->theme, e->kind, 0, 0});
		int org = node_add(r, m, (struct map_node){NODE_ORG, e->organisation_id,
							   e->organisation, NULL, THEME_BOTH,
							   e->kind, 0, 0});
		edge_add(r, m, in, org, -1);
		for (int k = 0; k < np; k++)
			if (people[k].id == rows[i].owner_id)
				edge_add(r, m, node_add(r, m, (struct map_node){NODE_PERSON,
						people[k].id, people[k].name, people[k].organisation,
						THEME_BOTH, people[k].kind, 0, 0}), in, -2);
	}
	for (int i = 0; i < nc; i++) {
		const struct connection_row *c = &conns[i];
		int a = c->from_initiative ? node_find(m, NODE_INITIATIVE, c->from_initiative)
					   : node_find(m, NODE_PERSON, c->from_person);
		int b = c->to_initiative ? node_find(m, NODE_INITIATIVE, c->to_initiative)
					 : node_find(m, NODE_PERSON, c->to_person);
		edge_add(r, m, a, b, (int)c->kind);
	}
	return 0;
}

/* ---- layout ---- */

static void node_name(char out[32], const struct map_node *nd)
{
	snprintf(out, 32, "%c%lld", nd->type == NODE_ORG ? 'o' : nd->type == NODE_PERSON ? 'p' : 'i',
		 (long long)nd->id);
}

static int layout(struct map *m)
{
	int rc = 0;
	pthread_mutex_lock(&graphviz_lock);
	if (!graphviz)
		graphviz = gvContext();
	GVC_t *gvc = graphviz;
	Agraph_t *g = gvc ? agopen((char *)"network", Agundirected, NULL) : NULL;
	struct gv_node {
		Agnode_t *n;
	} *gn = g ? calloc((size_t)m->n + 1, sizeof(*gn)) : NULL;
	if (!gn) {
		rc = LWP_ENOMEM;
		goto done;
	}
	agattr(g, AGRAPH, (char *)"start", (char *)"7");
	agattr(g, AGRAPH, (char *)"overlap", (char *)"false");
	agattr(g, AGRAPH, (char *)"splines", (char *)"false");
	agattr(g, AGNODE, (char *)"shape", (char *)"circle");
	agattr(g, AGNODE, (char *)"fixedsize", (char *)"true");
	agattr(g, AGNODE, (char *)"width", (char *)"0.8");
	agattr(g, AGNODE, (char *)"height", (char *)"0.6");
	agattr(g, AGNODE, (char *)"label", (char *)"");
	agattr(g, AGEDGE, (char *)"len", (char *)"0.9");
	for (int i = 0; i < m->n; i++) {
		char name[32];
		node_name(name, &m->nodes[i]);
		gn[i].n = agnode(g, name, 1);
	}
	for (int i = 0; i < m->ne; i++)
		agedge(g, gn[m->edges[i].a].n, gn[m->edges[i].b].n, NULL, 1);
	if (gvLayout(gvc, g, "neato") != 0) {
		rc = LWP_EIO;
		goto done;
	}
	boxf bb = GD_bb(g);
	for (int i = 0; i < m->n; i++) {
		m->nodes[i].x = ND_coord(gn[i].n).x - bb.LL.x + 70;
		m->nodes[i].y = bb.UR.y - ND_coord(gn[i].n).y + 40;
	}
	m->width = bb.UR.x - bb.LL.x + 140;
	m->height = bb.UR.y - bb.LL.y + 80;
	gvFreeLayout(gvc, g);
done:
	free(gn);
	if (g)
		agclose(g);
	pthread_mutex_unlock(&graphviz_lock);
	return rc;
}

/* ---- drawing ---- */

static const char *theme_colour(enum theme t)
{
	return t == THEME_ORGANISING ? "#154273" : t == THEME_CHANGING ? "#a33d00" : "#275937";
}

static const char *edge_label(int kind)
{
	return kind == -1 ? N_("part of") : kind == -2 ? N_("owner of")
		: connection_kind_label((enum connection_kind)kind);
}

static const char *node_type_label(const struct map_node *nd)
{
	return nd->type == NODE_ORG ? N_("Organisation") : nd->type == NODE_PERSON ? N_("Person")
		: N_("Initiative");
}

/* The name a screen reader hears for a node. */
static void node_aria(struct req *r, struct buf *b, const struct map_node *nd)
{
	html_text(b, T(r, node_type_label(nd)));
	html_raw(b, ": ");
	html_text(b, nd->label);
	if (nd->type == NODE_INITIATIVE) {
		html_raw(b, " (");
		html_text(b, nd->detail);
		html_raw(b, "; ");
		html_text(b, T(r, theme_label(nd->theme)));
		html_raw(b, ")");
	} else if (nd->type == NODE_ORG) {
		html_raw(b, " (");
		html_text(b, T(r, org_kind_label(nd->kind)));
		html_raw(b, ")");
	}
}

static void shape(struct buf *b, const struct map_node *nd)
{
	double x = nd->x, y = nd->y;
	if (nd->type == NODE_ORG) {
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"36\" height=\"24\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"2\"></rect>",
			   x - 18, y - 12);
		return;
	}
	if (nd->type == NODE_PERSON) {
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"2\" stroke-dasharray=\"3 2\"></circle>",
			   x, y);
		return;
	}
	const char *fill = nd->theme == THEME_ORGANISING ? "url(#pat-organising)"
			 : nd->theme == THEME_CHANGING ? "url(#pat-changing)" : "url(#pat-both)";
	if (nd->theme == THEME_ORGANISING)
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"16\"", x, y);
	else if (nd->theme == THEME_CHANGING)
		buf_printf(b, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"", x, y - 18,
			   x + 18, y, x, y + 18, x - 18, y);
	else
		buf_printf(b, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"",
			   x - 16, y, x - 8, y - 15, x + 8, y - 15, x + 16, y, x + 8, y + 15, x - 8,
			   y + 15);
	buf_printf(b, " fill=\"%s\" stroke=\"%s\" stroke-width=\"2.5\"></", fill,
		   theme_colour(nd->theme));
	buf_puts(b, nd->theme == THEME_ORGANISING ? "circle>" : "polygon>");
}

/* A short visible label (the full one is in the accessible name). */
static void short_label(struct buf *b, const char *s)
{
	size_t n = 0, bytes = 0;
	while (s[bytes] && n < LABEL_CHARS) {
		bytes++;
		while ((s[bytes] & 0xC0) == 0x80)
			bytes++;
		n++;
	}
	html_textn(b, s, bytes);
	if (s[bytes])
		html_raw(b, "…");
}

static void defs(struct buf *b)
{
	html_raw(b, "<defs>"
		 "<pattern id=\"pat-organising\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#dce6f2\"></rect><path d=\"M0 3H6\" stroke=\"#154273\" stroke-width=\"1.5\"></path></pattern>"
		 "<pattern id=\"pat-changing\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#f9e1d2\"></rect><path d=\"M0 6L6 0\" stroke=\"#a33d00\" stroke-width=\"1.5\"></path></pattern>"
		 "<pattern id=\"pat-both\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#dcefe1\"></rect><circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#275937\"></circle></pattern>"
		 "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"22\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#1a1a1a\"></path></marker>"
		 "</defs>\n");
}

static void draw_edge(struct req *r, const struct map *m, const struct map_edge *e)
{
	struct buf *b = &r->out;
	const struct map_node *x = &m->nodes[e->a], *y = &m->nodes[e->b];
	const char *style = e->kind == -1 ? "stroke=\"#8c8c8c\" stroke-width=\"1\""
		: e->kind == -2 ? "stroke=\"#5a5a5a\" stroke-width=\"1\" stroke-dasharray=\"2 3\""
		: e->kind == CONN_SIMILAR ? "stroke=\"#1a1a1a\" stroke-width=\"2\" stroke-dasharray=\"6 4\""
		: e->kind == CONN_WORKS_WITH ? "stroke=\"#1a1a1a\" stroke-width=\"3\""
		: "stroke=\"#1a1a1a\" stroke-width=\"2\" marker-start=\"url(#arrow)\"";
	html_raw(b, "<g role=\"img\" aria-label=\"");
	struct buf name;
	buf_init(&name, 2048);
	node_aria(r, &name, x);
	html_raw(&name, " — ");
	html_text(&name, T(r, edge_label(e->kind)));
	html_raw(&name, " — ");
	node_aria(r, &name, y);
	buf_puts(b, buf_cstr(&name)); /* already escaped */
	html_raw(b, "\"><title>");
	buf_puts(b, buf_cstr(&name));
	buf_printf(b, "</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s></line></g>\n",
		   x->x, x->y, y->x, y->y, style);
	buf_free(&name);
}

static void draw_node(struct req *r, const struct map_node *nd)
{
	struct buf *b = &r->out;
	struct buf name;
	buf_init(&name, 2048);
	node_aria(r, &name, nd);
	html_raw(b, "<g role=\"img\" aria-label=\"");
	buf_puts(b, buf_cstr(&name));
	html_raw(b, "\"");
	html_raw(b, "><title>");
	buf_puts(b, buf_cstr(&name));
	html_raw(b, "</title>");
	shape(b, nd);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1a1a1a\" aria-hidden=\"true\">",
		   nd->x, nd->y + (nd->type == NODE_PERSON ? 22 : 30));
	short_label(b, nd->label ? nd->label : "");
	html_raw(b, "</text></g>\n");
	buf_free(&name);
}

static void legend(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"legend\">");
	html_text(b, T(r, "How to read the map"));
	html_raw(b, "</h2>\n<ul class=\"utrecht-unordered-list\"><li>");
	html_text(b, T(r, "New organising: a circle with horizontal lines (blue)."));
	html_raw(b, "</li><li>");
	html_text(b, T(r, "New changing: a diamond with diagonal stripes (orange)."));
	html_raw(b, "</li><li>");
	html_text(b, T(r, "Both: a hexagon with dots (green)."));
	html_raw(b, "</li><li>");
	html_text(b, T(r, "Organisations are squares, people small dashed circles."));
	html_raw(b, "</li><li>");
	html_text(b, T(r, "Lines: thin grey for an initiative's organisation, dotted for its owner, dashed for similar, thick for works with, an arrow towards the source of a lesson for learned from and inspired by."));
	html_raw(b, "</li></ul>\n");
}

static void th(struct req *r, const char *msgid)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</th>");
}

static void tables(struct req *r, const struct map *m)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "map-nodes-caption", T(r, "What the map shows"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Kind"));
	th(r, N_("Organisation"));
	th(r, N_("Theme"));
	html_raw(b, "</tr></thead><tbody>");
	for (int i = 0; i < m->n; i++) {
		const struct map_node *nd = &m->nodes[i];
		html_raw(b, "<tr><td>");
		if (nd->type == NODE_INITIATIVE) {
			html_raw(b, "<a class=\"nl-link\" href=\"");
			html_attr(b, link_initiative(r, nd->id, NULL));
			html_raw(b, "\">");
			html_text(b, nd->label);
			html_raw(b, "</a>");
		} else {
			html_text(b, nd->label);
		}
		html_raw(b, "</td><td>");
		html_text(b, T(r, node_type_label(nd)));
		html_raw(b, "</td><td>");
		html_text(b, nd->type == NODE_ORG ? T(r, org_kind_label(nd->kind)) : nd->detail);
		html_raw(b, "</td><td>");
		html_text(b, nd->type == NODE_INITIATIVE ? T(r, theme_label(nd->theme)) : "");
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	widget_table_begin(r, "map-edges-caption", T(r, "Lines on the map"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("From"));
	th(r, N_("Relation"));
	th(r, N_("To"));
	html_raw(b, "</tr></thead><tbody>");
	for (int i = 0; i < m->ne; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, m->nodes[m->edges[i].a].label);
		html_raw(b, "</td><td>");
		html_text(b, T(r, edge_label(m->edges[i].kind)));
		html_raw(b, "</td><td>");
		html_text(b, m->nodes[m->edges[i].b].label);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

static void filters(struct req *r)
{
	struct buf *b = &r->out;
	struct edition *eds = NULL;
	int n = 0;
	if (store_edition_list(r->store, r->arena, 1, &eds, &n))
		n = 0;
	html_raw(b, "<form method=\"get\" action=\"/netwerk/kaart\" class=\"lwp-search\">\n");
	network_select_begin(r, "edition", N_("Edition"));
	html_raw(b, "<option value=\"\">");
	html_text(b, T(r, "Every edition"));
	html_raw(b, "</option>");
	const char *chosen = req_query(r, "edition");
	for (int i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)eds[i].id);
		html_raw(b, "<option value=\"");
		html_attr(b, id);
		html_raw(b, "\"");
		if (chosen && strcmp(chosen, id) == 0)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, eds[i].title);
		html_raw(b, "</option>");
	}
	network_select_end(r);
	const struct widget_field theme = {"theme", N_("Theme"), NULL, WT_SELECT, "off", 0, 0, theme_any_options, NULL};
	const struct widget_field kind = {"kind", N_("Kind of organisation"), NULL, WT_SELECT, "off", 0, 0, kind_any_options, NULL};
	widget_field(r, &theme, req_query(r, "theme"), NULL);
	widget_field(r, &kind, req_query(r, "kind"), NULL);
	html_raw(b, "<p><button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action\">");
	html_text(b, T(r, "Show"));
	html_raw(b, "</button></p></form>\n");
}

void page_network_map(struct req *r)
{
	struct network_view v;
	struct map m = {0};
	struct buf *b = &r->out;
	if (network_view_begin(r, &v))
		return;
	network_view_filters(r, &v);
	if (v.viewer.member)
		r->personal = 1;
	int rc = gather(r, &v, &m);
	if (rc == 0 && m.n)
		rc = layout(&m);
	if (rc) {
		network_view_end(&v);
		network_page_error(r, rc);
		return;
	}
	layout_begin(r, T(r, "Map of the network"));
	widget_heading(r, T(r, "Map of the network"));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Organisations, their initiatives and the people behind them, with the connections they confirmed. The tables below the map hold the same information."));
	html_raw(b, "</p>\n");
	filters(r);
	if (m.n == 0) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "Nothing to show with these filters."));
		html_raw(b, "</p>\n");
	} else {
		html_raw(b, "<figure class=\"lwp-map\"><svg role=\"group\" aria-labelledby=\"map-title map-desc\" viewBox=\"0 0 ");
		buf_printf(b, "%.0f %.0f\" width=\"100%%\"><title id=\"map-title\">", m.width, m.height);
		html_text(b, T(r, "Map of the network"));
		html_raw(b, "</title><desc id=\"map-desc\">");
		html_fill(b, T(r, "{1} points and {2} lines; the tables below the map list them."), m.n,
			  m.ne);
		html_raw(b, "</desc>\n");
		defs(b);
		for (int i = 0; i < m.ne; i++)
			draw_edge(r, &m, &m.edges[i]);
		for (int i = 0; i < m.n; i++)
			draw_node(r, &m.nodes[i]);
		html_raw(b, "</svg><figcaption>");
		html_text(b, T(r, "The same information is in the tables below."));
		html_raw(b, "</figcaption></figure>\n");
		legend(r);
		tables(r, &m);
	}
	network_view_end(&v);
	layout_end(r);
}

/* ---- figures ---- */

/* A horizontal bar chart of labelled counts that reads without colour
 * (the number at every bar), with its title. */
static void bars(struct req *r, const char *id, const char *title, const char *const *labels,
		 const int *values, int n)
{
	struct buf *b = &r->out;
	int max = 1;
	for (int i = 0; i < n; i++)
		max = values[i] > max ? values[i] : max;
	html_raw(b, "<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	buf_printf(b, "\" viewBox=\"0 0 640 %d\" width=\"100%%\"><title id=\"", n * 30 + 10);
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, title);
	html_raw(b, "</title>\n");
	for (int i = 0; i < n; i++) {
		int y = 5 + i * 30, w = values[i] * 300 / max;
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
		html_text(b, labels[i]);
		buf_printf(b, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%d</text>\n",
			   y, w, 306 + w, y + 16, values[i]);
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The same figures are in the table beside it."));
	html_raw(b, "</figcaption></figure>\n");
}

static void figure_row(struct req *r, const char *id, const char *label, long long value)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><th scope=\"row\">");
	html_text(b, label);
	html_raw(b, "</th><td class=\"lwp-number\" id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_int(b, value);
	html_raw(b, "</td></tr>\n");
}

/* "2026-Q4" as the reader says it: "2026 K4" in Dutch, "2026 Q4" in English. */
static const char *quarter_label(struct req *r, const char *q)
{
	char *s = arena_strdup(r->arena, q);
	if (s && strlen(s) == 7) {
		s[4] = ' ';
		s[5] = r->lang == LANG_NL ? 'K' : 'Q';
	}
	return s ? s : q;
}

void page_network_figures(struct req *r)
{
	struct network_figures f;
	struct buf *b = &r->out;
	int rc = svc_network_figures(r->store, r->arena, &f);
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	layout_begin(r, T(r, "Figures of the network"));
	widget_heading(r, T(r, "Figures of the network"));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Counted over the published initiatives that are not private, and the connections their owners confirmed."));
	html_raw(b, "</p>\n");
	widget_table_begin(r, "figures-caption", T(r, "The network in figures"), 1);
	html_raw(b, "<tbody>");
	figure_row(r, "fig-initiatives", T(r, "Initiatives"), f.initiatives);
	figure_row(r, "fig-organisations", T(r, "Organisations reached"), f.organisations);
	figure_row(r, "fig-connected", T(r, "Initiatives with at least one confirmed connection"), f.connected);
	figure_row(r, "fig-connections", T(r, "Confirmed connections between initiatives"), f.connections);
	figure_row(r, "fig-chains", T(r, "Chains along which lessons travelled"), f.lessons.chains);
	figure_row(r, "fig-longest", T(r, "Longest chain (steps)"), f.lessons.longest);
	widget_table_end(r);

	const char *kind_labels[ORG_KIND_COUNT];
	for (int k = 0; k < ORG_KIND_COUNT; k++)
		kind_labels[k] = T(r, org_kind_label((enum org_kind)k));
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Organisations reached, by kind"));
	html_raw(b, "</h2>\n<div class=\"lwp-counts\">");
	bars(r, "chart-kinds", T(r, "Organisations reached, by kind"), kind_labels,
	     f.organisations_by_kind, ORG_KIND_COUNT);
	widget_table_begin(r, "kinds-caption", T(r, "Organisations reached, by kind"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Kind of organisation"));
	th(r, N_("Organisations"));
	html_raw(b, "</tr></thead><tbody>");
	for (int k = 0; k < ORG_KIND_COUNT; k++) {
		char id[32];
		snprintf(id, sizeof(id), "fig-kind-%s", org_kind_code((enum org_kind)k));
		figure_row(r, id, kind_labels[k], f.organisations_by_kind[k]);
	}
	widget_table_end(r);
	html_raw(b, "</div>\n<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Growth per quarter"));
	html_raw(b, "</h2>\n<div class=\"lwp-counts\">");
	const char *q_labels[FIGURES_QUARTERS_MAX];
	int q_values[FIGURES_QUARTERS_MAX];
	for (int i = 0; i < f.n_quarters; i++) {
		q_labels[i] = quarter_label(r, f.quarters[i].quarter);
		q_values[i] = f.quarters[i].added;
	}
	if (f.n_quarters)
		bars(r, "chart-quarters", T(r, "New initiatives per quarter"), q_labels, q_values,
		     f.n_quarters);
	widget_table_begin(r, "quarters-caption", T(r, "New initiatives per quarter"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Quarter"));
	th(r, N_("New"));
	th(r, N_("In total"));
	html_raw(b, "</tr></thead><tbody>");
	for (int i = 0; i < f.n_quarters; i++) {
		html_raw(b, "<tr><th scope=\"row\">");
		html_text(b, q_labels[i]);
		html_raw(b, "</th><td class=\"lwp-number\">");
		html_int(b, f.quarters[i].added);
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, f.quarters[i].total);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	html_raw(b, "</div>\n");
	layout_end(r);
}
