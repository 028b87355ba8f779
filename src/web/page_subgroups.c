/*
 * The lead console, subgroups: the settings (number of groups, sizes,
 * names, coaches, the organisation and colleague rules), the lead's apart
 * and together rules, making the subgroups, each group's spread beside the
 * whole group's (tables and a chart that reads without colour), moving one
 * person by hand with the change in diversity, the moves of a re-balance
 * after a change in membership, and confirming. Also the section that
 * shows participants and coaches their own subgroup.
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_subgroups.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/lang.h"
#include "core/tz.h"
#include "service/subgroups.h"

#include <stdio.h>
#include <string.h>

static const struct widget_field settings_fields[] = {
	{"k", N_("Number of subgroups"), N_("From 1 to 10."), WT_NUMBER, NULL, 1, 2, NULL, NULL},
	{"sizes", N_("Sizes (optional)"), N_("Whole numbers separated by commas, one per subgroup, adding up to the participants; empty: as equal as possible."), WT_TEXT, NULL, 0, 60, NULL, NULL},
	{"org_apart", N_("People from one organisation in different subgroups"), NULL, WT_CHECKBOX, NULL, 0, 0, NULL, NULL},
	{"fix_colleagues", N_("Participants with a coach's e-mail domain join that coach's subgroup"), NULL, WT_CHECKBOX, NULL, 0, 0, NULL, NULL},
	{"names", N_("Names"), NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
	{"coaches", N_("Coaches"), NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static const char *group_label(struct req *r, const char *name, int position)
{
	if (name && name[0])
		return name;
	return arena_printf(r->arena, "%s %d", T(r, "Subgroup"), position + 1);
}

static void h2(struct req *r, const char *id, const char *text)
{
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\" id=\"");
	html_attr(&r->out, id);
	html_raw(&r->out, "\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</h2>\n");
}

static void para(struct req *r, const char *text)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</p>\n");
}

static void para_fill(struct req *r, const char *tmpl, long long n)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_fill(&r->out, tmpl, n, 0);
	html_raw(&r->out, "</p>\n");
}

static void th(struct req *r, const char *text)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</th>");
}

static const char *state_message(int rc)
{
	switch (rc) {
	case LWP_ECLOSED: return N_("Subgroups can be made once the participants have been chosen.");
	default: return N_("The service is temporarily unavailable.");
	}
}

/* ---- settings ---- */

static int coach_of(const struct subgroups_state *st, int g, int64_t user_id)
{
	for (int j = 0; j < st->ncoaches; j++)
		if (st->coaches[j].position == g && st->coaches[j].user_id == user_id)
			return 1;
	return 0;
}

static void group_fieldset(struct req *r, const struct subgroups_state *st, int g,
			   const struct user *cand, int ncand)
{
	struct buf *b = &r->out;
	char *name_field = arena_printf(r->arena, "name_%d", g);
	struct widget_field f = {name_field, N_("Name"), NULL, WT_TEXT, NULL, 0, SUBGROUP_NAME_MAX,
				 NULL, NULL};
	html_raw(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\">\n"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend\">");
	html_text(b, arena_printf(r->arena, "%s %d", T(r, "Subgroup"), g + 1));
	html_raw(b, "</legend>\n");
	widget_field(r, &f, st->groups[g].name, NULL);
	if (ncand == 0)
		para(r, T(r, "No account has the coach role for this edition yet."));
	for (int i = 0; i < ncand; i++) {
		char *id = arena_printf(r->arena, "coach_%d_%lld", g, (long long)cand[i].id);
		char *label = arena_printf(r->arena, "%s: %s", T(r, "Coach"), cand[i].name);
		struct widget_field c = {id, label, NULL, WT_CHECKBOX, NULL, 0, 0, NULL, NULL};
		widget_field(r, &c, coach_of(st, g, cand[i].id) ? "1" : "0", NULL);
	}
	html_raw(b, "</fieldset>\n");
}

static void settings_form(struct req *r, const struct subgroups_state *st,
			  const struct field_errors *fe)
{
	struct user *cand = NULL;
	int ncand = 0;
	char sizes[SUBGROUP_K_MAX * 8] = "";
	size_t used = 0;
	if (store_subgroup_coach_candidates(r->store, r->arena, st->edition.id, &cand, &ncand))
		ncand = 0;
	for (int g = 0; st->plan.set.has_sizes && g < st->plan.set.k; g++) {
		int w = snprintf(sizes + used, sizeof(sizes) - used, "%s%d", g ? "," : "",
				 st->plan.set.sizes[g]);
		if (w < 0 || (size_t)w >= sizeof(sizes) - used)
			break;
		used += (size_t)w;
	}
	h2(r, "settings-heading", T(r, "Settings"));
	widget_error_summary(r, fe, settings_fields, NULL);
	widget_form_begin(r, link_console_edition(r, st->edition.slug, "/subgroepen/instellingen"));
	widget_field(r, &settings_fields[0], arena_printf(r->arena, "%d", st->plan.set.k), fe);
	widget_field(r, &settings_fields[1], sizes, fe);
	widget_field(r, &settings_fields[2], st->plan.set.org_apart ? "1" : "0", fe);
	widget_field(r, &settings_fields[3], st->plan.set.fix_colleagues ? "1" : "0", fe);
	for (int g = 0; g < st->plan.set.k; g++)
		group_fieldset(r, st, g, cand, ncand);
	widget_form_end(r, N_("Save the settings"), 0);
}

/* ---- rules ---- */

static const char *person_name(const struct subgroups_state *st, int64_t id)
{
	for (int i = 0; i < st->n; i++)
		if (st->rows[i].c.application_id == id)
			return st->rows[i].name;
	return "?";
}

static void person_select(struct req *r, const struct subgroups_state *st, const char *name,
			  const char *label)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--text\">\n"
		    "<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, T(r, label));
	html_raw(b, "</label></div>\n<div class=\"utrecht-form-field__input\">"
		    "<select class=\"utrecht-select utrecht-select--html-select\" id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	for (int i = 0; i < st->n; i++) {
		html_raw(b, "<option value=\"");
		html_int(b, st->rows[i].c.application_id);
		html_raw(b, "\">");
		html_text(b, arena_printf(r->arena, "%s (%s)", st->rows[i].name,
					  st->rows[i].organisation));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></div>\n</div>\n");
}

static void rules_section(struct req *r, const struct subgroups_state *st)
{
	struct buf *b = &r->out;
	h2(r, "rules-heading", T(r, "Who must be apart or together"));
	if (st->nrules == 0)
		para(r, T(r, "No rules of your own yet."));
	else {
		widget_table_begin(r, "rules-caption", T(r, "Your rules"), 1);
		html_raw(b, "<thead><tr>");
		th(r, T(r, "Participant"));
		th(r, T(r, "Rule"));
		th(r, T(r, "Participant"));
		th(r, T(r, "Change"));
		html_raw(b, "</tr></thead><tbody>\n");
		for (int i = 0; i < st->nrules; i++) {
			html_raw(b, "<tr><td>");
			html_text(b, person_name(st, st->rules[i].r.a));
			html_raw(b, "</td><td>");
			html_text(b, T(r, st->rules[i].r.together ? N_("together with") : N_("apart from")));
			html_raw(b, "</td><td>");
			html_text(b, person_name(st, st->rules[i].r.b));
			html_raw(b, "</td><td>");
			widget_button_form(r, link_console_edition(r, st->edition.slug, "/subgroepen/regel-weg"),
					   N_("Remove"), "rule", arena_printf(r->arena, "%lld",
					   (long long)st->rules[i].id), 0);
			html_raw(b, "</td></tr>\n");
		}
		widget_table_end(r);
	}
	if (st->n < 2)
		return;
	static const char *const kinds[] = {"apart", N_("must be apart from"), "together",
					    N_("must be together with"), NULL};
	struct widget_field kind = {"together", N_("Rule"), NULL, WT_SELECT, NULL, 0, 0, kinds, NULL};
	widget_form_begin(r, link_console_edition(r, st->edition.slug, "/subgroepen/regel"));
	person_select(r, st, "a", N_("Participant"));
	widget_field(r, &kind, "apart", NULL);
	person_select(r, st, "b", N_("Other participant"));
	widget_form_end(r, N_("Add the rule"), 0);
}

/* ---- groups, spread, moves ---- */

static void move_form(struct req *r, const struct subgroups_state *st, int i)
{
	struct buf *b = &r->out;
	char *id = arena_printf(r->arena, "to-%lld", (long long)st->rows[i].c.application_id);
	html_raw(b, "<form class=\"lwp-inline-form\" method=\"post\" action=\"");
	html_attr(b, link_console_edition(r, st->edition.slug, "/subgroepen/verplaatsen"));
	html_raw(b, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, auth_csrf_token(r));
	html_raw(b, "\"><input type=\"hidden\" name=\"app\" value=\"");
	html_int(b, st->rows[i].c.application_id);
	html_raw(b, "\"><label class=\"utrecht-form-label\" for=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, arena_printf(r->arena, "%s: %s", st->rows[i].name, T(r, "Move to")));
	html_raw(b, "</label> <select class=\"utrecht-select utrecht-select--html-select\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" name=\"to\">");
	for (int g = 0; g < st->plan.set.k; g++) {
		if (g == st->shown[i])
			continue;
		html_raw(b, "<option value=\"");
		html_int(b, g);
		html_raw(b, "\">");
		html_text(b, group_label(r, st->groups[g].name, g));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select> <button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">");
	html_text(b, T(r, "Move"));
	html_raw(b, "</button></form>");
}

static void group_table(struct req *r, const struct subgroups_state *st, int g, int can_move)
{
	struct buf *b = &r->out;
	const char *label = group_label(r, st->groups[g].name, g);
	html_raw(b, "<h3 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, label);
	html_raw(b, "</h3>\n<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Coaches:"));
	html_raw(b, " ");
	int nc = 0;
	for (int j = 0; j < st->ncoaches; j++) {
		if (st->coaches[j].position != g)
			continue;
		if (nc++)
			html_raw(b, ", ");
		html_text(b, st->coaches[j].name);
	}
	if (!nc)
		html_text(b, T(r, "none yet"));
	html_raw(b, "</p>\n");
	widget_table_begin(r, arena_printf(r->arena, "group-%d-caption", g),
			   arena_printf(r->arena, "%s: %s", T(r, "Members"), label), 0);
	html_raw(b, "<thead><tr>");
	th(r, T(r, "Name"));
	th(r, T(r, "Organisation"));
	th(r, T(r, "Kind of organisation"));
	th(r, T(r, "Theme"));
	if (can_move)
		th(r, T(r, "Change"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < st->n; i++) {
		if (st->shown[i] != g)
			continue;
		html_raw(b, "<tr><td>");
		html_text(b, st->rows[i].name);
		html_raw(b, "</td><td>");
		html_text(b, st->rows[i].organisation);
		html_raw(b, "</td><td>");
		html_text(b, T(r, org_kind_label(st->rows[i].c.kind)));
		html_raw(b, "</td><td>");
		html_text(b, T(r, theme_label(st->rows[i].c.theme)));
		html_raw(b, "</td>");
		if (can_move) {
			html_raw(b, "<td>");
			move_form(r, st, i);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	widget_table_end(r);
}

static int percent(int part, int whole)
{
	return whole > 0 ? (part * 100 + whole / 2) / whole : 0;
}

/* Share of each kind of organisation per subgroup and in the whole group:
 * one bar per subgroup with its name and figure written next to it, so the
 * chart reads without colour; the same figures are in the table after it. */
static void spread_chart(struct req *r, const struct subgroups_state *st)
{
	struct buf *b = &r->out;
	int k = st->plan.set.k, rows = k + 1, height = ORG_KIND_COUNT * (rows * 20 + 26) + 10;
	html_raw(b, "<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"sg-chart-title sg-chart-desc\" viewBox=\"0 0 640 ");
	html_int(b, height);
	html_raw(b, "\" width=\"100%\"><title id=\"sg-chart-title\">");
	html_text(b, T(r, "Share of each kind of organisation per subgroup and in the whole group"));
	html_raw(b, "</title><desc id=\"sg-chart-desc\">");
	html_text(b, T(r, "For every kind of organisation one bar per subgroup and one for the whole group, each labelled with its name and percentage."));
	html_raw(b, "</desc>\n");
	int y = 5;
	for (int kind = 0; kind < ORG_KIND_COUNT; kind++) {
		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"14\" font-weight=\"bold\" fill=\"#1a1a1a\">", y + 14);
		html_text(b, T(r, org_kind_label((enum org_kind)kind)));
		html_raw(b, "</text>\n");
		y += 22;
		for (int g = 0; g <= k; g++) {
			const struct subgroup_spread *sp = &st->spread[g];
			int pc = percent(sp->kinds[kind], sp->size), w = pc * 3;
			const char *name = g == k ? T(r, "Whole group")
					   : group_label(r, st->groups[g].name, g);
			buf_printf(b, "<text x=\"10\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\">", y + 13);
			html_text(b, name);
			buf_printf(b, "</text><rect x=\"220\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\""
				      " stroke=\"#1a1a1a\" stroke-width=\"1\"></rect>"
				      "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\">%d%%</text>\n",
				   y, w, g == k ? "#ffffff" : "#154273", 226 + w, y + 13, pc);
			y += 20;
		}
		y += 4;
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The whole group's bars are white with a black edge; the same figures are in the table below."));
	html_raw(b, "</figcaption></figure>\n");
}

static void spread_row(struct req *r, const struct subgroups_state *st, const char *label,
		       int which, int index)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><th scope=\"row\">");
	html_text(b, label);
	html_raw(b, "</th>");
	for (int g = 0; g <= st->plan.set.k; g++) {
		const struct subgroup_spread *sp = &st->spread[g];
		html_raw(b, "<td class=\"lwp-number\">");
		switch (which) {
		case 0: html_int(b, sp->size); break;
		case 1: html_int(b, sp->organisations); break;
		case 2: html_int(b, sp->parents); break;
		case 3: html_int(b, sp->tags); break;
		case 4: buf_printf(b, "%d (%d%%)", sp->kinds[index], percent(sp->kinds[index], sp->size)); break;
		case 5: buf_printf(b, "%d (%d%%)", sp->themes[index], percent(sp->themes[index], sp->size)); break;
		default: lang_decimal(b, sp->mean, r->lang); break;
		}
		html_raw(b, "</td>");
	}
	html_raw(b, "</tr>\n");
}

static void spread_table(struct req *r, const struct subgroups_state *st)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "spread-caption", T(r, "Spread per subgroup and in the whole group"), 1);
	html_raw(b, "<thead><tr>");
	th(r, T(r, "What"));
	for (int g = 0; g < st->plan.set.k; g++)
		th(r, group_label(r, st->groups[g].name, g));
	th(r, T(r, "Whole group"));
	html_raw(b, "</tr></thead><tbody>\n");
	spread_row(r, st, T(r, "People"), 0, 0);
	spread_row(r, st, T(r, "Different organisations"), 1, 0);
	spread_row(r, st, T(r, "Different parent organisations"), 2, 0);
	spread_row(r, st, T(r, "Different keywords"), 3, 0);
	for (int k = 0; k < ORG_KIND_COUNT; k++)
		spread_row(r, st, T(r, org_kind_label((enum org_kind)k)), 4, k);
	for (int t = 0; t < THEME_COUNT; t++)
		spread_row(r, st, arena_printf(r->arena, "%s: %s", T(r, "Theme"),
					       T(r, theme_label((enum theme)t))), 5, t);
	spread_row(r, st, T(r, "Diversity per pair"), 6, 0);
	widget_table_end(r);
}

/* The moves of the proposal against the confirmed split. */
static void moves_table(struct req *r, const struct subgroups_state *st)
{
	struct buf *b = &r->out;
	int n = 0;
	for (int i = 0; i < st->n; i++)
		n += st->proposed[i] != st->confirmed[i];
	h2(r, "moves-heading", T(r, "Changes against the confirmed subgroups"));
	if (n == 0 && st->left == 0) {
		para(r, T(r, "Nobody changes subgroup."));
		return;
	}
	if (st->left)
		para_fill(r, T(r, "Participants who left: {1}."), st->left);
	if (n == 0)
		return;
	widget_table_begin(r, "moves-caption", T(r, "Moves"), 1);
	html_raw(b, "<thead><tr>");
	th(r, T(r, "Name"));
	th(r, T(r, "From"));
	th(r, T(r, "To"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < st->n; i++) {
		if (st->proposed[i] == st->confirmed[i])
			continue;
		html_raw(b, "<tr><td>");
		html_text(b, st->rows[i].name);
		html_raw(b, "</td><td>");
		html_text(b, st->confirmed[i] < 0 ? T(r, "new participant")
			  : group_label(r, st->groups[st->confirmed[i]].name, st->confirmed[i]));
		html_raw(b, "</td><td>");
		html_text(b, group_label(r, st->groups[st->proposed[i]].name, st->proposed[i]));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

static void broken_notice(struct req *r, const struct subgroup_check *c)
{
	struct buf text;
	if (!c->sizes && !c->apart && !c->together && !c->fixed)
		return;
	buf_init(&text, 2048);
	buf_puts(&text, T(r, "This proposal no longer keeps every rule:"));
	if (c->sizes)
		buf_printf(&text, " %s %d;", T(r, "subgroups of another size than the rule:"), c->sizes);
	if (c->apart)
		buf_printf(&text, " %s %d;", T(r, "pairs together that must be apart:"), c->apart);
	if (c->together)
		buf_printf(&text, " %s %d;", T(r, "people away from who they must be with:"), c->together);
	if (c->fixed)
		buf_printf(&text, " %s %d;", T(r, "colleagues away from their coach:"), c->fixed);
	widget_notice(r, "warning", NULL, buf_cstr(&text));
	buf_free(&text);
}

static void value_notice(struct req *r)
{
	long long before, after;
	const char *b = req_query(r, "voor"), *a = req_query(r, "na");
	if (!b || !a || parse_int(b, 0, INT64_MAX / 2, &before) || parse_int(a, 0, INT64_MAX / 2, &after))
		return;
	struct buf xb, yb;
	buf_init(&xb, 64);
	buf_init(&yb, 64);
	lang_decimal(&xb, (double)before / 100, r->lang);
	lang_decimal(&yb, (double)after / 100, r->lang);
	buf_puts(&yb, after >= before ? " (+" : " (");
	lang_decimal(&yb, (double)(after - before) / 100, r->lang);
	buf_puts(&yb, ")");
	char *x = arena_strdup(r->arena, buf_cstr(&xb)), *y = arena_strdup(r->arena, buf_cstr(&yb));
	buf_free(&xb);
	buf_free(&yb);
	const char *tmpl = T(r, "Moved. Diversity went from {1} to {2}.");
	const char *one = strstr(tmpl, "{1}"), *two = strstr(tmpl, "{2}");
	if (!x || !y || !one || !two || two < one)
		return;
	char *text = arena_printf(r->arena, "%.*s%s%.*s%s%s", (int)(one - tmpl), tmpl, x,
				  (int)(two - one - 3), one + 3, y, two + 3);
	if (!text)
		return;
	widget_notice(r, "ok", NULL, text);
}

static void status_text(struct req *r, const struct subgroups_state *st)
{
	struct buf *b = &r->out;
	html_raw(b, "<p class=\"nl-paragraph lwp-lead\">");
	html_fill(b, T(r, "{1} participants in {2} subgroups."), st->n, st->plan.set.k);
	html_raw(b, " ");
	if (st->plan.confirmed) {
		struct buf when;
		buf_init(&when, 256);
		lang_datetime(&when, st->plan.confirmed_at, r->lang);
		html_text(b, T(r, "Confirmed on"));
		html_raw(b, " ");
		html_text(b, buf_cstr(&when));
		html_raw(b, ".");
		buf_free(&when);
	} else {
		html_text(b, T(r, "Not confirmed yet."));
	}
	if (st->shown) {
		html_raw(b, " ");
		html_text(b, T(r, st->has_proposal ? N_("Diversity of the proposal:") : N_("Diversity:")));
		html_raw(b, " <strong>");
		lang_decimal(b, st->value, r->lang);
		html_raw(b, "</strong>");
		if (st->spread) {
			html_raw(b, " (");
			html_text(b, T(r, "the whole group together:"));
			html_raw(b, " ");
			lang_decimal(b, st->spread[st->plan.set.k].value, r->lang);
			html_raw(b, ")");
		}
		html_raw(b, ".");
	}
	html_raw(b, "</p>\n");
}

static void actions(struct req *r, const struct subgroups_state *st)
{
	const char *slug = st->edition.slug;
	int changed = st->plan.confirmed && (st->left || st->joined);
	h2(r, "make-heading", T(r, "Make the subgroups"));
	if (changed) {
		widget_notice(r, "warning", NULL,
			      T(r, "The participants changed since the subgroups were confirmed. Re-balance: the fewest moves that restore the rules."));
		widget_button_form(r, link_console_edition(r, slug, "/subgroepen/herverdelen"),
				   N_("Re-balance with the fewest moves"), NULL, NULL, 1);
	}
	para(r, T(r, "Each subgroup is made as diverse as the whole group: the sum of the differences between every two people in a subgroup (the selection's weights) is as large as possible, within your rules."));
	widget_button_form(r, link_console_edition(r, slug, "/subgroepen/indelen"),
			   st->shown ? N_("Make the subgroups again") : N_("Make the subgroups"),
			   NULL, NULL, !changed);
}

static void subgroups_page(struct req *r, const struct edition *e, const struct field_errors *fe,
			   const char *problem)
{
	struct subgroups_state st;
	int rc = svc_subgroups_load(r->store, r->arena, e, &st);
	console_begin(r, T(r, "Subgroups"), e);
	if (rc) {
		widget_notice(r, "info", NULL, T(r, state_message(rc)));
		layout_end(r);
		return;
	}
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	if (req_query(r, "bevestigd"))
		widget_notice(r, "ok", NULL, T(r, "The subgroups are confirmed; participants and coaches get an e-mail."));
	value_notice(r);
	if (problem)
		widget_notice(r, "warning", NULL, T(r, problem));
	status_text(r, &st);
	if (st.n == 0) {
		para(r, T(r, "This edition has no accepted participants."));
		layout_end(r);
		return;
	}
	actions(r, &st);
	if (st.shown) {
		h2(r, "groups-heading", T(r, st.has_proposal ? N_("Proposal") : N_("Confirmed subgroups")));
		broken_notice(r, &st.broken);
		for (int g = 0; g < st.plan.set.k; g++)
			group_table(r, &st, g, st.plan.set.k > 1);
		h2(r, "spread-heading", T(r, "Spread"));
		spread_chart(r, &st);
		spread_table(r, &st);
		if (st.has_proposal && st.plan.confirmed)
			moves_table(r, &st);
		if (st.has_proposal) {
			h2(r, "confirm-heading", T(r, "Confirm"));
			para(r, T(r, "Confirming makes this the subgroups of the edition and sends every participant and coach of a changed subgroup an e-mail with its members and coaches."));
			widget_button_form(r, link_console_edition(r, e->slug, "/subgroepen/bevestigen"),
					   N_("Confirm the subgroups"), NULL, NULL, 1);
		}
	}
	settings_form(r, &st, fe);
	rules_section(r, &st);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/subgroepen */
void page_subgroups(struct req *r)
{
	struct edition e = *r->edition;
	subgroups_page(r, &e, NULL, NULL);
}

static void done(struct req *r, const struct edition *e, const char *query)
{
	req_redirect(r, 303, link_console_edition(r, e->slug, arena_printf(r->arena, "/subgroepen%s", query)));
}

static void service_failed(struct req *r, const struct edition *e, int rc)
{
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
	} else if (rc == LWP_ECLOSED || rc == LWP_ECONFLICT || rc == LWP_EINVAL) {
		r->status = rc == LWP_EINVAL ? 422 : 409;
		subgroups_page(r, e, NULL, rc == LWP_ECLOSED ? N_("The subgroups have been confirmed: their number and sizes stay. Or the participants have not been chosen yet.")
			       : rc == LWP_ECONFLICT ? N_("The participants changed since the proposal was made: make or re-balance the subgroups again.")
			       : N_("Your rules cannot all be met together (for example more people of one organisation than subgroups, a pair both apart and together, or sizes that do not add up to the participants)."));
	} else {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	}
}

static int parse_sizes(const char *text, struct subgroup_settings *set)
{
	int g = 0;
	set->has_sizes = 0;
	if (!text || !*text)
		return 0;
	const char *p = text;
	while (*p) {
		char part[16];
		size_t n = strcspn(p, ",");
		long long v;
		while (*p == ' ')
			p++, n--;
		if (n == 0 || n >= sizeof(part) || g == SUBGROUP_K_MAX)
			return -1;
		memcpy(part, p, n);
		while (n > 0 && part[n - 1] == ' ')
			n--;
		part[n] = '\0';
		if (parse_int(part, 1, 100000, &v))
			return -1;
		set->sizes[g++] = (int)v;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	if (g != set->k)
		return -1;
	set->has_sizes = 1;
	return 0;
}

/* POST /beheer/edities/{slug}/subgroepen/instellingen */
void page_subgroups_settings(struct req *r)
{
	struct edition e = *r->edition;
	struct subgroups_setup in;
	struct field_errors fe = {0};
	struct lwp_error err = {0};
	struct user *cand = NULL;
	long long k;
	int ncand = 0;
	memset(&in, 0, sizeof(in));
	if (parse_int(form_get(r->form, "k"), 1, SUBGROUP_K_MAX, &k)) {
		field_errors_add(&fe, "k", N_("Enter a number of groups from 1 to 10."));
		k = 1;
	}
	in.set.k = (int)k;
	if (!fe.n && parse_sizes(form_get(r->form, "sizes"), &in.set))
		field_errors_add(&fe, "sizes", N_("Enter one whole number of at least 1 per subgroup, separated by commas, or leave it empty."));
	const char *v = form_get(r->form, "org_apart");
	in.set.org_apart = v && strcmp(v, "1") == 0;
	v = form_get(r->form, "fix_colleagues");
	in.set.fix_colleagues = v && strcmp(v, "1") == 0;
	if (store_subgroup_coach_candidates(r->store, r->arena, e.id, &cand, &ncand))
		ncand = 0;
	for (int g = 0; g < in.set.k; g++) {
		in.names[g] = form_get(r->form, arena_printf(r->arena, "name_%d", g));
		for (int i = 0; i < ncand && in.ncoach[g] < SUBGROUP_COACHES_MAX; i++) {
			v = form_get(r->form, arena_printf(r->arena, "coach_%d_%lld", g, (long long)cand[i].id));
			if (v && strcmp(v, "1") == 0)
				in.coach_ids[g][in.ncoach[g]++] = cand[i].id;
		}
	}
	struct actor who = auth_actor(r);
	int rc = fe.n ? LWP_EINVAL : svc_subgroups_setup(r->store, r->arena, &who, &e, &in, tz_now(),
							  &err);
	if (rc == LWP_EINVAL && !fe.n)
		field_errors_add(&fe, err.field && strcmp(err.field, "names") == 0 ? "names"
				 : err.field && strcmp(err.field, "coaches") == 0 ? "coaches" : "k",
				 err.msg ? err.msg : N_("Enter a number of groups from 1 to 10."));
	if (rc == LWP_EINVAL) {
		r->status = 422;
		subgroups_page(r, &e, &fe, NULL);
		return;
	}
	if (rc) {
		service_failed(r, &e, rc);
		return;
	}
	done(r, &e, "?klaar=1");
}

static int form_id(struct req *r, const char *name, long long *id)
{
	return parse_int(form_get(r->form, name), 1, INT64_MAX, id);
}

/* POST .../subgroepen/regel: a, b (application ids), together ("apart" or "together") */
void page_subgroups_rule(struct req *r)
{
	struct edition e = *r->edition;
	long long a, b;
	const char *kind = form_get(r->form, "together");
	struct actor who = auth_actor(r);
	if (form_id(r, "a", &a) || form_id(r, "b", &b) || !kind ||
	    (strcmp(kind, "apart") != 0 && strcmp(kind, "together") != 0)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	if (a == b) {
		r->status = 422;
		subgroups_page(r, &e, NULL, N_("Choose two different participants."));
		return;
	}
	int rc = svc_subgroups_rule_add(r->store, r->arena, &who, &e, a, b,
					strcmp(kind, "together") == 0, tz_now());
	if (rc)
		service_failed(r, &e, rc);
	else
		done(r, &e, "?klaar=1");
}

/* POST .../subgroepen/regel-weg: rule */
void page_subgroups_rule_delete(struct req *r)
{
	struct edition e = *r->edition;
	long long id;
	struct actor who = auth_actor(r);
	if (form_id(r, "rule", &id)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	int rc = svc_subgroups_rule_delete(r->store, r->arena, &who, &e, id, tz_now());
	if (rc)
		service_failed(r, &e, rc);
	else
		done(r, &e, "?klaar=1");
}

static void plan(struct req *r, int rebalance)
{
	struct edition e = *r->edition;
	struct subgroups_outcome o = {0};
	struct lwp_error err = {0};
	struct actor who = auth_actor(r);
	int rc = svc_subgroups_plan(r->store, r->arena, &who, &e, rebalance, 0, tz_now(), &o, &err);
	if (rc)
		service_failed(r, &e, rc);
	else
		done(r, &e, "#groups-heading");
}

/* POST .../subgroepen/indelen */
void page_subgroups_plan(struct req *r)
{
	plan(r, 0);
}

/* POST .../subgroepen/herverdelen */
void page_subgroups_rebalance(struct req *r)
{
	plan(r, 1);
}

/* POST .../subgroepen/verplaatsen: app, to (position) */
void page_subgroups_move(struct req *r)
{
	struct edition e = *r->edition;
	long long app, to;
	double before, after;
	struct actor who = auth_actor(r);
	if (form_id(r, "app", &app) || parse_int(form_get(r->form, "to"), 0, SUBGROUP_K_MAX - 1, &to)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	int rc = svc_subgroups_move(r->store, r->arena, &who, &e, app, (int)to, tz_now(), &before, &after);
	if (rc) {
		service_failed(r, &e, rc);
		return;
	}
	done(r, &e, arena_printf(r->arena, "?voor=%lld&na=%lld#groups-heading",
				 (long long)(before * 100 + 0.5), (long long)(after * 100 + 0.5)));
}

/* POST .../subgroepen/bevestigen */
void page_subgroups_confirm(struct req *r)
{
	struct edition e = *r->edition;
	struct actor who = auth_actor(r);
	int mailed;
	int rc = svc_subgroups_confirm(r->store, r->arena, &who, &e, tz_now(), &mailed);
	if (rc)
		service_failed(r, &e, rc);
	else
		done(r, &e, "?bevestigd=1");
}

/* ---- what participants and coaches see ---- */

void subgroup_view_section(struct req *r, const struct subgroup_view *v)
{
	struct buf *b = &r->out;
	html_raw(b, "<section aria-labelledby=\"subgroup-");
	html_int(b, v->id);
	html_raw(b, "\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"subgroup-");
	html_int(b, v->id);
	html_raw(b, "\">");
	html_text(b, arena_printf(r->arena, "%s: %s", T(r, "Your subgroup"),
				  group_label(r, v->name, v->position)));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	html_text(b, v->edition_title);
	html_raw(b, "</p>\n<h3 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, T(r, "Coaches"));
	html_raw(b, "</h3>\n");
	if (v->ncoaches == 0)
		para(r, T(r, "No coach has been named yet."));
	else {
		html_raw(b, "<ul class=\"utrecht-unordered-list\">");
		for (int i = 0; i < v->ncoaches; i++) {
			html_raw(b, "<li>");
			html_text(b, v->coaches[i].name);
			html_raw(b, " (<a class=\"nl-link\" href=\"mailto:");
			html_attr(b, v->coaches[i].email);
			html_raw(b, "\">");
			html_text(b, v->coaches[i].email);
			html_raw(b, "</a>)</li>");
		}
		html_raw(b, "</ul>\n");
	}
	html_raw(b, "<h3 class=\"nl-heading nl-heading--level-3\">");
	html_text(b, T(r, "Members"));
	html_raw(b, "</h3>\n<ul class=\"utrecht-unordered-list\">");
	for (int i = 0; i < v->nmembers; i++) {
		html_raw(b, "<li>");
		html_text(b, arena_printf(r->arena, "%s (%s)", v->members[i].name,
					  v->members[i].organisation));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n</section>\n");
}
