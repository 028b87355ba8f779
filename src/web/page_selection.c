/*
 * The lead console, selection: the proposed group with what each chosen
 * applicant adds, the ranked waiting list with why not, the spread per
 * attribute (table and chart), the weights, swapping by hand (a chosen one
 * out, a waiting one in: both are marks the optimiser honours), the
 * diversity before and after, and confirming. A plan not in the cache is
 * solved on the worker pool while the page says it is being computed and
 * asks the browser to come back (a Refresh header, and a link: no script).
 */
#include "web/auth.h"
#include "web/links.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/routes_selection.h"
#include "web/selection_input.h"
#include "web/selection_jobs.h"
#include "web/widgets.h"
#include "core/tz.h"
#include "service/selection.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* The weights form; its names are selection_setting_names, which decodes it. */
static const struct widget_field weight_fields[] = {
	{"w_org", N_("Weight: different organisation"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"w_parent", N_("Weight: different parent organisation"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"w_kind", N_("Weight: different kind of organisation"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"w_theme", N_("Weight: different theme"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"w_tags", N_("Weight: different keywords"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"offer_days", N_("Days to take a freed place"), NULL, WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static const char *plan_message(int rc)
{
	switch (rc) {
	case LWP_EDEADLINE: return N_("The selection can be made after the deadline.");
	case LWP_ECLOSED: return N_("This edition does not choose by diversity, or its participants have been chosen already.");
	case LWP_EINVAL: return N_("Your marks cannot all be met: more must-include than places, or more than the cap per organisation.");
	default: return N_("The service is temporarily unavailable.");
	}
}

static void adds_text(struct req *r, unsigned adds)
{
	struct buf *b = &r->out;
	const char *parts[4];
	int n = 0;
	if (adds & ADDS_ORGANISATION) parts[n++] = T(r, "only one from their organisation");
	if (adds & ADDS_PARENT) parts[n++] = T(r, "only one under their parent organisation");
	if (adds & ADDS_KIND) parts[n++] = T(r, "only one of their kind of organisation");
	if (adds & ADDS_THEME) parts[n++] = T(r, "only one with their theme");
	for (int i = 0; i < n; i++) {
		if (i)
			html_raw(b, "; ");
		html_text(b, parts[i]);
	}
	if (n == 0)
		html_text(b, T(r, "differences in keywords and combinations"));
}

static void mark_button(struct req *r, const struct edition *e, int64_t id, const char *mark,
			const char *label)
{
	char *action = link_console_edition(r, e->slug, "/selectie/markering");
	char *value = arena_printf(r->arena, "%lld:%s", (long long)id, mark);
	widget_button_form(r, action, label, "mark", value, 0);
}

static void th(struct req *r, const char *label)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, label));
	html_raw(&r->out, "</th>");
}

static void person_cells(struct req *r, const struct selection_row *row)
{
	struct buf *b = &r->out;
	html_raw(b, "<td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_application(r, row->c.application_id, NULL));
	html_raw(b, "\">");
	html_text(b, row->name);
	html_raw(b, "</a></td><td>");
	html_text(b, row->organisation);
	html_raw(b, "</td><td>");
	html_text(b, T(r, org_kind_label(row->c.kind)));
	html_raw(b, "</td><td>");
	html_text(b, T(r, theme_label(row->c.theme)));
	html_raw(b, "</td>");
}

/* A translated template with {1}..{4} replaced by args, as plain text
 * (the writer that shows it escapes it). */
static const char *fill(struct req *r, const char *tmpl, const char *const *args, int nargs)
{
	struct buf b;
	buf_init(&b, 4096);
	for (const char *t = tmpl; *t; t++) {
		int k = t[0] == '{' && t[1] >= '1' && t[1] <= '4' && t[2] == '}' ? t[1] - '1' : -1;
		if (k >= 0 && k < nargs) {
			buf_puts(&b, args[k] ? args[k] : "");
			t += 2;
		} else {
			buf_putc(&b, *t);
		}
	}
	char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

static const char *fill_plain(struct req *r, const char *tmpl, long long a1, long long a2)
{
	const char *args[] = {arena_printf(r->arena, "%lld", a1), arena_printf(r->arena, "%lld", a2)};
	return fill(r, tmpl, args, 2);
}

/* A number as the page's language writes it ("12,50" on a Dutch page). */
static const char *num(struct req *r, double v)
{
	struct buf b;
	buf_init(&b, 64);
	lang_decimal(&b, v, r->lang);
	char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

static void number_cell(struct req *r, double v)
{
	html_raw(&r->out, "<td class=\"lwp-number\">");
	html_text(&r->out, num(r, v));
	html_raw(&r->out, "</td>");
}

static void chosen_table(struct req *r, const struct selection_plan *p)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "chosen-caption",
			   fill_plain(r, T(r, "Chosen: {1} of {2} places"), p->result.chosen_count,
				      p->edition.capacity), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Kind of organisation"));
	th(r, N_("Theme"));
	th(r, N_("What they add"));
	th(r, N_("Contribution"));
	th(r, N_("Change"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < p->n; i++) {
		const struct verdict *v = &p->result.verdicts[i];
		if (!v->chosen)
			continue;
		html_raw(b, "<tr>");
		person_cells(r, &p->rows[i]);
		html_raw(b, "<td>");
		adds_text(r, v->adds);
		html_raw(b, "</td>");
		number_cell(r, v->gain);
		html_raw(b, "<td>");
		if (p->rows[i].c.accepted)
			html_text(b, T(r, "accepted already"));
		else if (p->rows[i].c.mark == MARK_INCLUDE)
			mark_button(r, &p->edition, p->rows[i].c.application_id, "none", N_("Undo must-include"));
		else
			mark_button(r, &p->edition, p->rows[i].c.application_id, "exclude", N_("Leave out"));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

/* The waiting one at verdict index i of the plan: what they would add,
 * why they are at their place (against their neighbours on the list), and
 * why they are not chosen, each with the numbers shown in the table. */
static void waiting_reason(struct req *r, const struct selection_plan *p, int i, const int *by_rank)
{
	struct buf *b = &r->out;
	const struct verdict *v = &p->result.verdicts[i];
	const struct verdict *prev = v->rank > 1 ? &p->result.verdicts[by_rank[v->rank - 1]] : NULL;
	const char *rank = arena_printf(r->arena, "%d", v->rank);
	const char *before = arena_printf(r->arena, "%d", v->rank - 1);
	html_text(b, T(r, "Would add:"));
	html_raw(b, " ");
	adds_text(r, v->adds);
	html_raw(b, ". ");
	if (!prev) {
		const char *args[] = {num(r, v->gain)};
		html_text(b, fill(r, T(r, "First on the list: of all waiting, they would add the most to the chosen group ({1})."), args, 1));
	} else if (prev->gain > v->gain + 1e-9) {
		const char *args[] = {rank, num(r, v->gain), num(r, prev->gain), before};
		html_text(b, fill(r, T(r, "Place {1}: they would add {2} to the chosen group, less than the {3} of place {4}."), args, 4));
	} else {
		const char *args[] = {rank, num(r, v->gain), before};
		html_text(b, fill(r, T(r, "Place {1}: they would add {2} to the chosen group, as much as place {3}; equal ones keep the order in which they applied."), args, 3));
	}
	html_raw(b, " ");
	int last = p->result.last;
	const char *last_name = last >= 0 ? p->rows[last].name : "";
	const char *last_gain = num(r, p->result.last_gain < 0 ? 0 : p->result.last_gain);
	if (v->why == WHY_NOT_CAP) {
		const char *args[] = {arena_printf(r->arena, "%d", p->edition.org_cap)};
		html_text(b, fill(r, T(r, "Not chosen: their organisation has reached the cap of {1} per organisation; a freed place goes to the next one whose organisation is under the cap."), args, 1));
	} else if (v->why == WHY_NOT_MARKS) {
		const char *args[] = {last_name, num(r, v->replace_gain), last_gain};
		html_text(b, fill(r, T(r, "Not chosen: in place of {1} they would add {2}, more than the {3} that {1} adds, but your must-include choices fill the group."), args, 3));
	} else {
		const char *args[] = {last_name, num(r, v->replace_gain), last_gain};
		html_text(b, fill(r, T(r, "Not chosen: in place of {1}, who adds the least ({3}), they would add {2}, which is not more."), args, 3));
	}
}

static void waiting_table(struct req *r, const struct selection_plan *p)
{
	struct buf *b = &r->out;
	int *by_rank = arena_calloc(r->arena, (size_t)p->n + 1, sizeof(int));
	if (!by_rank)
		return;
	for (int i = 0; i < p->n; i++)
		if (!p->result.verdicts[i].chosen && p->result.verdicts[i].rank > 0 &&
		    p->result.verdicts[i].rank <= p->n)
			by_rank[p->result.verdicts[i].rank] = i;
	widget_table_begin(r, "waiting-caption", T(r, "Waiting list, best first"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Place"));
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Kind of organisation"));
	th(r, N_("Theme"));
	th(r, N_("Would add to the group"));
	th(r, N_("Why this place"));
	th(r, N_("Change"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int rank = 1; rank <= p->n; rank++) {
		for (int i = 0; i < p->n; i++) {
			const struct verdict *v = &p->result.verdicts[i];
			if (v->chosen || v->rank != rank)
				continue;
			html_raw(b, "<tr><td class=\"lwp-number\">");
			html_int(b, rank);
			html_raw(b, "</td>");
			person_cells(r, &p->rows[i]);
			number_cell(r, v->gain);
			html_raw(b, "<td class=\"lwp-reason\">");
			waiting_reason(r, p, i, by_rank);
			html_raw(b, "</td><td>");
			mark_button(r, &p->edition, p->rows[i].c.application_id, "include", N_("Must include"));
			html_raw(b, "</td></tr>\n");
		}
	}
	widget_table_end(r);
	for (int i = 0; i < p->n; i++) {
		if (p->result.verdicts[i].why != WHY_NOT_EXCLUDED)
			continue;
		html_raw(b, "<p class=\"nl-paragraph\">");
		html_text(b, T(r, "Left out by you:"));
		html_raw(b, " ");
		html_text(b, p->rows[i].name);
		html_raw(b, "</p>\n");
		mark_button(r, &p->edition, p->rows[i].c.application_id, "none", N_("Undo"));
	}
}

/* Counts of the chosen per kind of organisation and per theme: a data
 * table and a bar chart that reads without colour (numbers on the bars). */
static void spread(struct req *r, const struct selection_plan *p)
{
	struct buf *b = &r->out;
	int kinds[ORG_KIND_COUNT] = {0}, themes[THEME_COUNT] = {0}, max = 1;
	for (int i = 0; i < p->n; i++) {
		if (!p->result.verdicts[i].chosen)
			continue;
		kinds[p->rows[i].c.kind]++;
		themes[p->rows[i].c.theme]++;
	}
	for (int k = 0; k < ORG_KIND_COUNT; k++)
		max = kinds[k] > max ? kinds[k] : max;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"spread-heading\">");
	html_text(b, T(r, "Spread of the chosen group"));
	html_raw(b, "</h2>\n<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 640 ");
	html_int(b, ORG_KIND_COUNT * 30 + 10);
	html_raw(b, "\" width=\"100%\"><title id=\"chart-title\">");
	html_text(b, T(r, "Chosen participants per kind of organisation"));
	html_raw(b, "</title>\n");
	for (int k = 0; k < ORG_KIND_COUNT; k++) {
		int y = 5 + k * 30, w = kinds[k] * 300 / max;
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
		html_text(b, T(r, org_kind_label((enum org_kind)k)));
		buf_printf(b, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%d</text>\n",
			   y, w, 306 + w, y + 16, kinds[k]);
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The same figures are in the tables below."));
	html_raw(b, "</figcaption></figure>\n<div class=\"lwp-counts\">");
	widget_table_begin(r, "kinds-caption", T(r, "Chosen per kind of organisation"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Kind of organisation"));
	th(r, N_("Chosen"));
	html_raw(b, "</tr></thead><tbody>");
	for (int k = 0; k < ORG_KIND_COUNT; k++) {
		html_raw(b, "<tr><td>");
		html_text(b, T(r, org_kind_label((enum org_kind)k)));
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, kinds[k]);
		html_raw(b, "</td></tr>");
	}
	widget_table_end(r);
	widget_table_begin(r, "themes-caption", T(r, "Chosen per theme"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Theme"));
	th(r, N_("Chosen"));
	html_raw(b, "</tr></thead><tbody>");
	for (int t = 0; t < THEME_COUNT; t++) {
		html_raw(b, "<tr><td>");
		html_text(b, T(r, theme_label((enum theme)t)));
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, themes[t]);
		html_raw(b, "</td></tr>");
	}
	widget_table_end(r);
	html_raw(b, "</div>\n");
}

static void settings_form(struct req *r, const struct edition *e, const struct selection_settings *w,
			  const struct field_errors *fe)
{
	const int values[] = {w->w_org, w->w_parent, w->w_kind, w->w_theme, w->w_tags, w->offer_days};
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Weights"));
	html_raw(&r->out, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Diversity is the sum, over every pair of chosen participants, of the weights of what differs between them (for keywords, in proportion). Weights are whole numbers from 0 to 10."));
	html_raw(&r->out, "</p>\n");
	widget_error_summary(r, fe, weight_fields, NULL);
	widget_form_begin(r, link_console_edition(r, e->slug, "/selectie/gewichten"));
	for (int i = 0; weight_fields[i].name; i++) {
		const char *v = r->form ? form_get(r->form, weight_fields[i].name)
					: arena_printf(r->arena, "%d", values[i]);
		widget_field(r, &weight_fields[i], v, fe);
	}
	widget_form_end(r, N_("Save weights and choose again"), 0);
}

static void app_cells(struct req *r, const struct application *a)
{
	struct buf *b = &r->out;
	html_raw(b, "<td><a class=\"nl-link\" href=\"");
	html_attr(b, link_console_application(r, a->id, NULL));
	html_raw(b, "\">");
	html_text(b, a->name);
	html_raw(b, "</a></td><td>");
	html_text(b, a->organisation);
	html_raw(b, "</td><td>");
	html_text(b, T(r, org_kind_label(a->org_kind)));
	html_raw(b, "</td><td>");
	html_text(b, T(r, theme_label(a->theme)));
	html_raw(b, "</td>");
}

/* After confirming: who has a place and what they add, the waiting list
 * in the order stored at confirmation (the order mailed and offered in),
 * and who was declined or withdrew. */
static void confirmed_result(struct req *r, const struct selection_result *res)
{
	struct buf *b = &r->out;
	int accepted = 0, waiting = 0, maxrank = 0;
	for (int i = 0; i < res->n; i++) {
		accepted += res->apps[i].status == APP_ACCEPTED;
		waiting += res->apps[i].status == APP_WAITLISTED;
		if (res->apps[i].waitlist_rank > maxrank)
			maxrank = res->apps[i].waitlist_rank;
	}
	widget_notice(r, "info", NULL, T(r, "The selection has been confirmed. This is how it stands now."));
	widget_table_begin(r, "accepted-caption",
			   fill_plain(r, T(r, "Accepted: {1} of {2} places"), accepted,
				      res->edition.capacity), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Kind of organisation"));
	th(r, N_("Theme"));
	th(r, N_("What they add"));
	th(r, N_("Contribution"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < res->n; i++) {
		if (res->apps[i].status != APP_ACCEPTED)
			continue;
		html_raw(b, "<tr>");
		app_cells(r, &res->apps[i]);
		html_raw(b, "<td>");
		adds_text(r, res->verdicts[i].adds);
		html_raw(b, "</td>");
		number_cell(r, res->verdicts[i].gain);
		html_raw(b, "</tr>\n");
	}
	widget_table_end(r);
	widget_table_begin(r, "waiting-caption",
			   fill_plain(r, T(r, "Waiting list in order: {1} waiting"), waiting, 0), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Place"));
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Kind of organisation"));
	th(r, N_("Theme"));
	th(r, N_("Would add to the group"));
	html_raw(b, "</tr></thead><tbody>\n");
	/* By the stored rank; one without a rank (set by hand) comes last. */
	for (int rank = 1; rank <= maxrank + 1; rank++) {
		for (int i = 0; i < res->n; i++) {
			const struct application *a = &res->apps[i];
			int at = a->waitlist_rank > 0 ? a->waitlist_rank : maxrank + 1;
			if (a->status != APP_WAITLISTED || at != rank)
				continue;
			html_raw(b, "<tr><td class=\"lwp-number\">");
			if (a->waitlist_rank > 0)
				html_int(b, a->waitlist_rank);
			else
				html_raw(b, "&#8211;");
			html_raw(b, "</td>");
			app_cells(r, a);
			number_cell(r, res->verdicts[i].gain);
			html_raw(b, "</tr>\n");
		}
	}
	widget_table_end(r);
	widget_table_begin(r, "others-caption", T(r, "Declined or withdrawn"), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Organisation"));
	th(r, N_("Kind of organisation"));
	th(r, N_("Theme"));
	th(r, N_("Status"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < res->n; i++) {
		const struct application *a = &res->apps[i];
		if (a->status != APP_DECLINED && a->status != APP_WITHDRAWN)
			continue;
		html_raw(b, "<tr>");
		app_cells(r, a);
		html_raw(b, "<td>");
		html_text(b, T(r, app_status_label(a->status)));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

/* The plan is being solved on the worker pool: say so, and come back. */
static void computing_page(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	const char *self = link_console_edition(r, e->slug, "/selectie");
	/* the same view again (?klaar=1 keeps its notice); a refused POST
	 * comes back as the page itself */
	if (r->method == EVHTTP_REQ_GET && r->query && *r->query)
		self = arena_printf(r->arena, "%s?%s", self, r->query);
	r->personal = 1;
	req_set_header(r, "Refresh", arena_printf(r->arena, "%s; url=%s", SELECTION_RETRY, self));
	console_begin(r, T(r, "Selection"), e);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	widget_notice(r, "info", T(r, "The selection is being computed"),
		      T(r, "With many applicants this takes a few seconds. This page reloads by itself when it is ready."));
	html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(b, self);
	html_raw(b, "\">");
	html_text(b, T(r, "Reload the selection"));
	html_raw(b, "</a></p>\n");
	layout_end(r);
}

static void selection_page(struct req *r, const struct edition *e, const struct field_errors *fe)
{
	struct selection_plan p;
	struct buf *b = &r->out;
	int rc = selection_plan_view(r, e->slug, &p);
	if (rc == LWP_ELIMIT) {
		req_error(r, 503, "busy", N_("The server is busy. Please try again in a minute."));
		req_set_header(r, "Retry-After", SELECTION_RETRY);
		return;
	}
	if (rc == 0 && p.pending) {
		computing_page(r, e);
		return;
	}
	console_begin(r, T(r, "Selection"), e);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	struct selection_result res;
	if (rc == LWP_ECLOSED && svc_selection_result(r->store, r->arena, e->slug, &res) == 0) {
		confirmed_result(r, &res);
		layout_end(r);
		return;
	}
	if (rc) {
		widget_notice(r, "info", NULL, T(r, plan_message(rc)));
		if (rc == LWP_EINVAL) {
			struct selection_settings w;
			if (store_selection_settings_get(r->store, e->id, &w))
				selection_default_settings(&w);
			settings_form(r, e, &w, fe);
		}
		layout_end(r);
		return;
	}
	html_raw(b, "<p class=\"nl-paragraph lwp-lead\">");
	html_fill(b, T(r, "{1} applicants for {2} places."), p.n, e->capacity);
	html_raw(b, " ");
	html_text(b, T(r, "Diversity of this group:"));
	html_raw(b, " <strong>");
	html_text(b, num(r, p.result.value));
	html_raw(b, "</strong> (");
	html_text(b, p.result.proven ? T(r, "proven to be the highest possible with your choices")
				     : T(r, "the best found"));
	html_raw(b, "). ");
	html_text(b, T(r, "Without your changes:"));
	html_raw(b, " <strong>");
	html_text(b, num(r, p.result.value_unmarked));
	html_raw(b, "</strong>.</p>\n");
	chosen_table(r, &p);
	waiting_table(r, &p);
	spread(r, &p);
	settings_form(r, e, &p.settings, fe);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Confirm"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Confirming gives the chosen their place, puts the others on the waiting list in this order (those you left out are declined) and sends every applicant an e-mail. It cannot be undone."));
	html_raw(b, "</p>\n");
	widget_button_form(r, link_console_edition(r, e->slug, "/selectie/bevestigen"),
			   N_("Confirm the selection"), NULL, NULL, 1);
	svc_selection_plan_free(&p);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/selectie */
void page_selection(struct req *r)
{
	struct edition e;
	e = *r->edition;
	auth_audit(r, "applications.read", arena_printf(r->arena, "edition:%s", e.slug), "selection");
	selection_page(r, &e, NULL);
}

/* POST /beheer/edities/{slug}/selectie/markering: mark = "ID:include",
 * "ID:exclude" or "ID:none". */
void page_selection_mark(struct req *r)
{
	struct edition e;
	e = *r->edition;
	int64_t id;
	int value;
	int rc = selection_mark_decode(form_get(r->form, "mark"), &id, &value);
	if (rc == LWP_EINVAL) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	struct actor who = auth_actor(r);
	if (!rc)
		rc = svc_selection_mark(r->store, r->arena, &who, &e, id, value, tz_now());
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e.slug, "/selectie?klaar=1"));
}

/* POST /beheer/edities/{slug}/selectie/gewichten */
void page_selection_settings(struct req *r)
{
	struct edition e;
	struct selection_settings w;
	struct field_errors fe = {0};
	e = *r->edition;
	selection_default_settings(&w);
	if (selection_settings_decode(r->form, &w, &fe)) {
		r->status = 422;
		selection_page(r, &e, &fe);
		return;
	}
	struct actor who = auth_actor(r);
	if (svc_selection_settings(r->store, r->arena, &who, &e, &w, tz_now())) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e.slug, "/selectie?klaar=1"));
}

static void confirm_with(struct req *r, const struct edition *e, int rc, struct selection_plan *p)
{
	if (rc == LWP_EBUSY || (rc == 0 && p->pending)) {
		/* solved for another request now: the page shows it when ready */
		req_redirect(r, 303, link_console_edition(r, e->slug, "/selectie"));
		return;
	}
	if (rc) {
		r->status = 409;
		selection_page(r, e, NULL);
		return;
	}
	struct actor who = auth_actor(r);
	rc = svc_selection_confirm(r->store, r->arena, p, r->cfg->base_url, &who, tz_now());
	svc_selection_plan_free(p);
	if (rc == LWP_ECLOSED) {
		r->status = 409;
		selection_page(r, e, NULL);
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, link_console_edition(r, e->slug, "/aanmeldingen?klaar=1"));
}

/* The solve a confirm waited for is done: confirm the plan it cached. */
static void confirm_solved(struct req *r, void *arg)
{
	struct edition *e = arg;
	struct selection_plan p;
	if (r->gone)
		return;
	int rc = selection_plan_view(r, e->slug, &p);
	confirm_with(r, e, rc, &p);
}

/* POST /beheer/edities/{slug}/selectie/bevestigen */
void page_selection_confirm(struct req *r)
{
	struct selection_plan p;
	struct edition *e = r->edition;
	int rc = selection_plan_confirm(r, e->slug, &p, confirm_solved, e);
	if (rc == SELECTION_DEFERRED || rc == SELECTION_ANSWERED)
		return;
	confirm_with(r, e, rc, &p);
}
