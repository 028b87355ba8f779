/*
 * GET /initiatieven and /initiatieven/{initiative}: the registry of
 * initiatives with search and filters, and one initiative with its
 * editions, confirmed connections and the most similar others with the
 * reason, as the viewer may see them (public, network, own).
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/network_view.h"
#include "web/routes_network.h"
#include "web/widgets.h"
#include "store/store.h"

#include <string.h>

#define LIST_MAX 100
#define SIMILAR_SHOWN 5

static void nav_links(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "<ul class=\"utrecht-unordered-list lwp-network-nav\">");
	if (r->user) {
		html_raw(b, "<li><a class=\"nl-link\" href=\"/initiatieven/nieuw\">");
		html_text(b, T(r, "Register an initiative"));
		html_raw(b, "</a></li><li><a class=\"nl-link\" href=\"/netwerk/leden\">");
		html_text(b, T(r, "Members' directory"));
		html_raw(b, "</a></li><li><a class=\"nl-link\" href=\"/netwerk/verbindingen\">");
		html_text(b, T(r, "Your connections"));
		html_raw(b, "</a></li>");
	}
	html_raw(b, "<li><a class=\"nl-link\" href=\"/initiatieven/voordragen\">");
	html_text(b, T(r, "Nominate an initiative"));
	html_raw(b, "</a></li><li><a class=\"nl-link\" href=\"/netwerk/kaart\">");
	html_text(b, T(r, "Map of the network"));
	html_raw(b, "</a></li><li><a class=\"nl-link\" href=\"/netwerk/cijfers\">");
	html_text(b, T(r, "Figures of the network"));
	html_raw(b, "</a></li></ul>\n");
}

static void select_filter(struct req *r, const char *name, const char *label,
			  const char *const *options)
{
	const struct widget_field f = {name, label, NULL, WT_SELECT, "off", 0, 0, options, NULL};
	widget_field(r, &f, req_query(r, name), NULL);
}

static void text_filter(struct req *r, const char *name, const char *label, int max)
{
	const struct widget_field f = {name, label, NULL, WT_TEXT, "off", 0, max, NULL, NULL};
	widget_field(r, &f, req_query(r, name), NULL);
}

static void search_form(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "<form method=\"get\" action=\"/initiatieven\" role=\"search\" class=\"lwp-search\">\n");
	text_filter(r, "q", N_("Search"), 200);
	html_raw(b, "<details class=\"lwp-filters\"");
	if (req_query(r, "theme") || req_query(r, "kind") || req_query(r, "stage") ||
	    req_query(r, "tag") || req_query(r, "organisation"))
		html_raw(b, " open");
	html_raw(b, "><summary>");
	html_text(b, T(r, "Filters"));
	html_raw(b, "</summary>\n");
	select_filter(r, "theme", N_("Theme"), theme_any_options);
	select_filter(r, "kind", N_("Kind of organisation"), kind_any_options);
	select_filter(r, "stage", N_("Stage"), stage_any_options);
	text_filter(r, "tag", N_("Tag"), 40);
	text_filter(r, "organisation", N_("Organisation"), 150);
	html_raw(b, "</details>\n<p><button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action\">");
	html_text(b, T(r, "Search"));
	html_raw(b, "</button></p></form>\n");
}

/* Organisation, theme and stage of an entry, in words. */
static void entry_meta(struct req *r, const char *organisation, enum theme theme,
		       enum initiative_stage stage)
{
	struct buf *b = &r->out;
	html_raw(b, "<p class=\"nl-paragraph lwp-meta\">");
	html_text(b, organisation);
	html_raw(b, " · ");
	html_text(b, T(r, theme_label(theme)));
	html_raw(b, " · ");
	html_text(b, T(r, initiative_stage_label(stage)));
	html_raw(b, "</p>");
}

void page_initiatives(struct req *r)
{
	struct network_view v;
	struct buf *b = &r->out;
	struct network_hit *hits = arena_calloc(r->arena, LIST_MAX, sizeof(*hits));
	size_t n = 0, total = 0;
	if (!hits) {
		network_page_error(r, LWP_ENOMEM);
		return;
	}
	if (network_view_begin(r, &v))
		return;
	network_view_filters(r, &v);
	const char *q = req_query(r, "q");
	int rc = svc_network_search(&v.acc, q, LIST_MAX, hits, &n, &total);
	if (rc) {
		network_view_end(&v);
		network_page_error(r, rc);
		return;
	}
	layout_begin(r, T(r, "Initiatives"));
	widget_heading(r, T(r, "Initiatives"));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Initiatives on new organising and new changing across government: find them, connect with them and learn from them."));
	html_raw(b, "</p>\n");
	nav_links(r);
	search_form(r);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"results\">");
	html_fill(b, T(r, "{1} initiatives"), (long long)total, 0);
	html_raw(b, "</h2>\n");
	if (total > n) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_fill(b, T(r, "The first {1} are shown; narrow the search to see the others."),
			  (long long)n, 0);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<ul class=\"lwp-plain-list lwp-results\" aria-labelledby=\"results\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct network_entry *e = hits[i].e;
		html_raw(b, "<li><h3 class=\"nl-heading nl-heading--level-3\"><a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, e->id, NULL));
		html_raw(b, "\">");
		html_text(b, e->title);
		html_raw(b, "</a></h3>");
		entry_meta(r, e->organisation, e->theme, e->stage);
		network_tags(r, e->tags);
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n");
	network_view_end(&v);
	layout_end(r);
}

/* ---- one initiative ---- */

static void fact(struct req *r, const char *label, const char *value)
{
	struct buf *b = &r->out;
	html_raw(b, "<dt class=\"utrecht-data-list__item-key\">");
	html_text(b, label);
	html_raw(b, "</dt><dd class=\"utrecht-data-list__item-value\">");
	html_text(b, value);
	html_raw(b, "</dd>\n");
}

static void section_text(struct req *r, const char *id, const char *title, const char *text)
{
	struct buf *b = &r->out;
	if (!text || !*text)
		return;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, title);
	html_raw(b, "</h2>\n");
	html_paragraphs(b, text);
}

static void h2(struct req *r, const char *id, const char *title)
{
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"");
	html_attr(&r->out, id);
	html_raw(&r->out, "\">");
	html_text(&r->out, title);
	html_raw(&r->out, "</h2>\n");
}

static void editions(struct req *r, int64_t id)
{
	struct edition_ref *eds;
	int n;
	struct buf *b = &r->out;
	if (store_initiative_editions(r->store, r->arena, id, &eds, &n) || n == 0)
		return;
	h2(r, "editions", T(r, "Editions it took part in"));
	html_raw(b, "<ul class=\"utrecht-unordered-list\">");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li>");
		html_text(b, eds[i].title);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
}

/* The other side of a connection seen from initiative id. */
static void connection_other(struct req *r, const struct connection_row *c, int64_t id,
			     const struct network_view *v)
{
	struct buf *b = &r->out;
	int from_here = c->from_initiative == id;
	int64_t other = from_here ? c->to_initiative : c->from_initiative;
	const char *label = from_here ? c->to_label : c->from_label;
	const struct network_entry *e = other ? network_snapshot_find(v->snap, other) : NULL;
	if (e && network_access_keep(&(struct network_access){v->acc.viewer, v->owned, v->n_owned,
							       NULL, NULL, 0, v->snap}, e)) {
		html_raw(b, "<a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, other, NULL));
		html_raw(b, "\">");
		html_text(b, label);
		html_raw(b, "</a>");
	} else if (other) {
		html_text(b, T(r, "an initiative you cannot see"));
	} else {
		html_text(b, label);
	}
}

static void connection_sentence(struct req *r, const struct connection_row *c, int64_t id,
				const struct network_view *v)
{
	struct buf *b = &r->out;
	int from_here = c->from_initiative == id;
	html_text(b, T(r, connection_kind_label(c->kind)));
	if (from_here) {
		html_raw(b, ": ");
	} else {
		html_raw(b, " (");
		html_text(b, T(r, "by"));
		html_raw(b, ") ");
	}
	connection_other(r, c, id, v);
	if (c->note && *c->note) {
		html_raw(b, " — ");
		html_text(b, c->note);
	}
}

static void connections(struct req *r, int64_t id, const struct network_view *v, int owner)
{
	struct connection_row *list;
	int n, shown = 0, waiting = 0;
	struct buf *b = &r->out;
	if (store_connections_of_initiative(r->store, r->arena, id, &list, &n))
		return;
	h2(r, "connections", T(r, "Connections"));
	html_raw(b, "<ul class=\"utrecht-unordered-list\">");
	for (int i = 0; i < n; i++) {
		if (!list[i].confirmed_at) {
			waiting++;
			continue;
		}
		shown++;
		html_raw(b, "<li>");
		connection_sentence(r, &list[i], id, v);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
	if (!shown) {
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "No confirmed connections yet."));
		html_raw(b, "</p>\n");
	}
	if (owner && waiting) {
		html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"/netwerk/verbindingen\">");
		html_fill(b, T(r, "{1} connections wait for a confirmation"), waiting, 0);
		html_raw(b, "</a></p>\n");
	}
}

static void similar(struct req *r, int64_t id, const struct network_view *v)
{
	struct network_similar hits[SIMILAR_SHOWN];
	size_t n = 0;
	struct buf *b = &r->out;
	struct network_access acc = v->acc;
	acc.filter = NULL;
	if (svc_network_similar(&acc, id, SIMILAR_SHOWN, hits, &n) || n == 0)
		return;
	h2(r, "similar", T(r, "Similar initiatives"));
	html_raw(b, "<ul class=\"lwp-plain-list lwp-results\">");
	for (size_t i = 0; i < n; i++) {
		struct buf why;
		buf_init(&why, 4096);
		similar_reason_format(&hits[i].reason, r->lang, &why);
		html_raw(b, "<li><a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, hits[i].e->id, NULL));
		html_raw(b, "\">");
		html_text(b, hits[i].e->title);
		html_raw(b, "</a> (");
		html_text(b, hits[i].e->organisation);
		html_raw(b, ")<p class=\"nl-paragraph lwp-reason\">");
		html_text(b, T(r, "Why:"));
		html_raw(b, " ");
		html_text(b, buf_cstr(&why));
		html_raw(b, "</p></li>");
		buf_free(&why);
	}
	html_raw(b, "</ul>\n");
}

/* A form to connect one of the viewer's sides (their initiatives, or
 * themselves) with this initiative. */
static void connect_form(struct req *r, const struct initiative_row *row,
			 const struct network_view *v)
{
	struct buf *b = &r->out;
	if (!r->user || row->status != INIT_PUBLISHED)
		return;
	h2(r, "connect", T(r, "Connect with this initiative"));
	widget_form_begin(r, link_initiative(r, row->id, "/verbinden"));
	network_select_begin(r, "from", N_("From"));
	html_raw(b, "<option value=\"me\">");
	html_text(b, T(r, "Me"));
	html_raw(b, "</option>");
	for (int i = 0; i < v->n_owned; i++) {
		const struct network_entry *e = network_snapshot_find(v->snap, v->owned[i]);
		if (!e || e->id == row->id)
			continue;
		buf_printf(b, "<option value=\"%lld\">", (long long)e->id);
		html_text(b, e->title);
		html_raw(b, "</option>");
	}
	network_select_end(r);
	for (int i = 0; connection_fields[i].name; i++)
		widget_field(r, &connection_fields[i], NULL, NULL);
	widget_form_end(r, N_("Propose the connection"), 0);
}

static void moderation(struct req *r, const struct initiative_row *row,
		       const struct network_view *v)
{
	if (!v->viewer.moderator || row->visibility == VIS_PRIVATE ||
	    (row->status != INIT_PUBLISHED && row->status != INIT_HIDDEN))
		return;
	h2(r, "moderation", T(r, "Moderation"));
	widget_form_begin(r, link_initiative(r, row->id, "/verbergen"));
	const struct widget_field reason = {"reason", N_("Reason"), N_("Kept in the audit log."),
					    WT_TEXT, "off", 0, 300, NULL, NULL};
	widget_field(r, &reason, NULL, NULL);
	html_raw(&r->out, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(&r->out, row->status == INIT_PUBLISHED ? "hide" : "show");
	html_raw(&r->out, "\">");
	widget_form_end(r, row->status == INIT_PUBLISHED ? N_("Hide this initiative")
			   : N_("Show this initiative again"), 0);
}

void page_initiative(struct req *r)
{
	struct network_view v;
	struct initiative_row row;
	struct buf *b = &r->out;
	int64_t id;
	if (network_param_id(r, &id))
		return;
	int rc = store_initiative_get(r->store, r->arena, id, &row);
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	if (network_view_begin(r, &v))
		return;
	int owner = network_view_owns(&v, id);
	if (!network_can_see(&v.viewer, row.visibility, row.status, owner)) {
		network_view_end(&v);
		network_page_error(r, LWP_ENOTFOUND);
		return;
	}
	if (owner || row.visibility != VIS_PUBLIC)
		r->personal = 1;
	layout_begin(r, row.title);
	const char *crumbs[] = {"/initiatieven", T(r, "Initiatives"), NULL, row.title};
	layout_breadcrumbs(r, crumbs, 2);
	widget_heading(r, row.title);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	if (row.status != INIT_PUBLISHED)
		widget_notice(r, "info", NULL, T(r, initiative_status_label(row.status)));
	html_raw(b, "<dl class=\"utrecht-data-list lwp-facts\">\n");
	fact(r, T(r, "Organisation"), row.organisation);
	fact(r, T(r, "Kind of organisation"), T(r, org_kind_label(row.kind)));
	fact(r, T(r, "Theme"), T(r, theme_label(row.theme)));
	fact(r, T(r, "Stage"), T(r, initiative_stage_label(row.stage)));
	if (owner)
		fact(r, T(r, "Who may see it"), T(r, visibility_label(row.visibility)));
	html_raw(b, "</dl>\n");
	network_tags(r, row.tags);
	section_text(r, "summary", T(r, "Summary"), row.summary);
	section_text(r, "questions", T(r, "Tough questions"), row.question);
	section_text(r, "lessons", T(r, "Lessons learned"), row.lessons);
	if (owner) {
		html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, id, "/bewerken"));
		html_raw(b, "\">");
		html_text(b, T(r, "Change this initiative"));
		html_raw(b, "</a></p>\n");
	}
	editions(r, id);
	connections(r, id, &v, owner);
	similar(r, id, &v);
	connect_form(r, &row, &v);
	moderation(r, &row, &v);
	network_view_end(&v);
	layout_end(r);
}
