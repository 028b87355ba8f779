/*
 * The forms of the network: registering (a signed-in account), nominating
 * (anyone; confirmed by mail), the confirmation page of a private link, the
 * owners' edit page and co-owners, hiding by a lead or facilitator, and
 * connections (propose, confirm, remove). Handlers decode, call a service,
 * and render its result.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/network_view.h"
#include "web/routes_network.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "store/store.h"

#include <string.h>

static const char *fget(struct req *r, const char *name)
{
	return r->form ? form_get(r->form, name) : NULL;
}

static char *fdup(struct req *r, const char *name)
{
	const char *v = fget(r, name);
	return v ? arena_strdup(r->arena, v) : NULL;
}

/* ---- register ---- */

static void register_page(struct req *r, int status, const struct initiative_input *in,
			  const struct field_errors *fe)
{
	r->status = status;
	layout_begin(r, T(r, "Register an initiative"));
	widget_heading(r, T(r, "Register an initiative"));
	widget_error_summary(r, fe, initiative_form_fields, NULL);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "You are its owner. It is published at once, for whom you choose."));
	html_raw(&r->out, "</p>\n");
	widget_form_begin(r, "/initiatieven/nieuw");
	network_form_fields(r, in, fe);
	widget_form_end(r, N_("Register the initiative"), 1);
	layout_end(r);
}

void page_initiative_new(struct req *r)
{
	struct initiative_input in;
	memset(&in, 0, sizeof(in));
	register_page(r, 200, &in, NULL);
}

void page_initiative_create(struct req *r)
{
	struct initiative_input in;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	struct network_user u = network_user_of(r);
	int64_t id;
	network_input_from_form(r, &in);
	int rc = svc_initiative_register(r->store, r->arena, &who, &u, &in, tz_now(), &fe, &id);
	if (rc == LWP_EINVAL) {
		register_page(r, 422, &in, &fe);
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, link_initiative(r, id, "?klaar=1"));
}

/* ---- nominate ---- */

static void nominate_page(struct req *r, int status, const struct initiative_input *in,
			  const char *const *person, const struct field_errors *fe)
{
	r->status = status;
	layout_begin(r, T(r, "Nominate an initiative"));
	widget_heading(r, T(r, "Nominate an initiative"));
	if (fe && fe->n) {
		struct widget_field all[16];
		int k = 0;
		for (int i = 0; nomination_person_fields[i].name; i++)
			all[k++] = nomination_person_fields[i];
		for (int i = 0; initiative_form_fields[i].name; i++)
			all[k++] = initiative_form_fields[i];
		all[k] = (struct widget_field){NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL};
		widget_error_summary(r, fe, all, NULL);
	}
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Do you know an initiative on new organising or new changing that others should know about? Nominate it. We send you a link to confirm your e-mail address; when the initiative is someone else's, its owner is asked to agree before anything is published."));
	html_raw(&r->out, "</p>\n");
	widget_form_begin(r, "/initiatieven/voordragen");
	for (int i = 0; nomination_person_fields[i].name; i++)
		widget_field(r, &nomination_person_fields[i], person ? person[i] : NULL, fe);
	network_form_fields(r, in, fe);
	widget_form_end(r, N_("Send the nomination"), 1);
	layout_end(r);
}

void page_nominate(struct req *r)
{
	struct initiative_input in;
	memset(&in, 0, sizeof(in));
	if (req_query(r, "verstuurd")) {
		layout_begin(r, T(r, "Check your e-mail"));
		widget_heading(r, T(r, "Check your e-mail"));
		widget_notice(r, "ok", NULL, T(r, "Thank you. We have sent you a link to confirm your e-mail address; the nomination goes on when you use it."));
		layout_end(r);
		return;
	}
	nominate_page(r, 200, &in, NULL, NULL);
}

void page_nominate_submit(struct req *r)
{
	struct initiative_input in;
	struct rate_check limit;
	network_input_from_form(r, &in);
	struct nomination n = {
		.in = &in, .name = fdup(r, "name"), .email = fdup(r, "email"),
		.owner_name = fdup(r, "owner_name"), .owner_email = fdup(r, "owner_email"),
		.lang = lang_code(r->lang), .base_url = r->cfg->base_url, .now = tz_now(),
	};
	n.limit = auth_rate_check(r, "apply", arena_printf(r->arena, "nominate:%s", r->ip),
				  &limit) == 0 ? &limit : NULL;
	int rc = svc_initiative_nominate(r->store, r->arena, &n);
	if (rc == LWP_EINVAL) {
		const char *person[] = {n.name, n.email, n.owner_name, n.owner_email};
		nominate_page(r, 422, &in, person, &n.fe);
		return;
	}
	if (rc == LWP_ELIMIT) {
		auth_rate_refuse(r, limit.retry_after);
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, "/initiatieven/voordragen?verstuurd=1");
}

/* ---- confirmation by private link ---- */

void page_nomination(struct req *r)
{
	struct initiative_token t;
	struct initiative_row row;
	r->personal = 1;
	int rc = store_initiative_token_get(r->store, r->arena, r->params[0], &t);
	if (rc == 0)
		rc = store_initiative_get(r->store, r->arena, t.initiative_id, &row);
	if (rc == LWP_ENOTFOUND || (rc == 0 && t.expires_at <= tz_now() && !t.used_at)) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	int owner = strcmp(t.purpose, "owner") == 0;
	layout_begin(r, T(r, "Confirm the initiative"));
	widget_heading(r, T(r, "Confirm the initiative"));
	html_raw(&r->out, "<p class=\"nl-paragraph\"><strong>");
	html_text(&r->out, row.title);
	html_raw(&r->out, "</strong> (");
	html_text(&r->out, row.organisation);
	html_raw(&r->out, ")</p>\n");
	html_paragraphs(&r->out, row.summary);
	if (t.used_at) {
		widget_notice(r, "ok", NULL, T(r, initiative_status_label(row.status)));
	} else {
		html_raw(&r->out, "<p class=\"nl-paragraph\">");
		html_text(&r->out, owner ? T(r, "Someone has registered this initiative with you as its owner. Agree, and it is published for whom the registration chose; you can change it afterwards when you sign in.")
				   : T(r, "Confirm that you registered this initiative with this e-mail address."));
		html_raw(&r->out, "</p>\n");
		widget_button_form(r, link_nomination(r, r->params[0]),
				   owner ? N_("Agree and publish") : N_("Confirm my e-mail address"),
				   NULL, NULL, 1);
	}
	layout_end(r);
}

void page_nomination_confirm(struct req *r)
{
	struct confirmation c;
	int rc = svc_initiative_confirm(r->store, r->arena, r->params[0], r->cfg->base_url,
					tz_now(), &c);
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
		return;
	}
	if (rc && rc != LWP_ECLOSED) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, link_nomination(r, r->params[0]));
}

/* ---- owners ---- */

/* The initiative of the route, for its owner only (404 for others, so as
 * not to tell a private one exists). */
static int load_owned(struct req *r, struct initiative_row *row, int64_t *person)
{
	int64_t id;
	int yes = 0;
	if (network_param_id(r, &id))
		return -1;
	int rc = svc_network_person(r->store, r->arena, r->user->email, person);
	if (rc == 0 && *person)
		rc = store_initiative_is_owner(r->store, id, *person, &yes);
	if (rc == 0 && !yes)
		rc = LWP_ENOTFOUND;
	if (rc == 0)
		rc = store_initiative_get(r->store, r->arena, id, row);
	if (rc) {
		network_page_error(r, rc);
		return -1;
	}
	r->personal = 1;
	return 0;
}

static const struct widget_field owner_fields[] = {
	{"owner_name", N_("Name of the co-owner"), NULL, WT_TEXT, "off", 1, 100, NULL, NULL},
	{"owner_email", N_("E-mail address of the co-owner"), NULL, WT_EMAIL, "off", 1, 254, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void edit_page(struct req *r, int status, const struct initiative_row *row,
		      const struct initiative_input *in, const struct field_errors *fe,
		      const struct field_errors *owner_fe)
{
	struct person_ref *owners;
	int n = 0;
	r->status = status;
	layout_begin(r, T(r, "Change the initiative"));
	const char *crumbs[] = {"/initiatieven", T(r, "Initiatives"),
				link_initiative(r, row->id, NULL), row->title, NULL,
				T(r, "Change the initiative")};
	layout_breadcrumbs(r, crumbs, 3);
	widget_heading(r, T(r, "Change the initiative"));
	widget_error_summary(r, fe, initiative_form_fields, NULL);
	widget_form_begin(r, link_initiative(r, row->id, "/bewerken"));
	network_form_fields(r, in, fe);
	widget_form_end(r, N_("Save the changes"), 1);
	html_raw(&r->out, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(&r->out, T(r, "Owners"));
	html_raw(&r->out, "</h2>\n<ul class=\"utrecht-unordered-list\">");
	if (store_initiative_owners(r->store, r->arena, row->id, &owners, &n))
		n = 0;
	for (int i = 0; i < n; i++) {
		html_raw(&r->out, "<li>");
		html_text(&r->out, owners[i].name);
		html_raw(&r->out, "</li>");
	}
	html_raw(&r->out, "</ul>\n");
	widget_error_summary(r, owner_fe, owner_fields, NULL);
	widget_form_begin(r, link_initiative(r, row->id, "/eigenaren"));
	widget_field(r, &owner_fields[0], NULL, owner_fe);
	widget_field(r, &owner_fields[1], NULL, owner_fe);
	widget_form_end(r, N_("Add a co-owner"), 0);
	layout_end(r);
}

void page_initiative_edit(struct req *r)
{
	struct initiative_row row;
	struct initiative_input in;
	int64_t person;
	if (load_owned(r, &row, &person))
		return;
	network_input_from_row(&row, &in);
	edit_page(r, 200, &row, &in, NULL, NULL);
}

void page_initiative_update(struct req *r)
{
	struct initiative_row row;
	struct initiative_input in;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	int64_t person;
	if (load_owned(r, &row, &person))
		return;
	network_input_from_form(r, &in);
	int rc = svc_initiative_update(r->store, r->arena, &who, person, row.id, &in, tz_now(), &fe);
	if (rc == LWP_EINVAL) {
		edit_page(r, 422, &row, &in, &fe, NULL);
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, link_initiative(r, row.id, "?klaar=1"));
}

void page_initiative_owner_add(struct req *r)
{
	struct initiative_row row;
	struct initiative_input in;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	int64_t person;
	if (load_owned(r, &row, &person))
		return;
	int rc = svc_initiative_owner_add(r->store, r->arena, &who, person, row.id,
					  fdup(r, "owner_name"), fdup(r, "owner_email"), tz_now(),
					  &fe);
	if (rc == LWP_EINVAL) {
		network_input_from_row(&row, &in);
		edit_page(r, 422, &row, &in, NULL, &fe);
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, link_initiative(r, row.id, "/bewerken"));
}

/* ---- moderation ---- */

void page_initiative_moderate(struct req *r)
{
	int64_t id;
	if (network_param_id(r, &id))
		return;
	if (!(r->roles & (ROLE_COACH | ROLE_LEAD | ROLE_ADMIN))) {
		/* the action does not exist for this visitor */
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	const char *action = fget(r, "action");
	int hide = action && strcmp(action, "hide") == 0;
	if (!action || (!hide && strcmp(action, "show") != 0)) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	struct actor who = auth_actor(r);
	int rc = svc_initiative_moderate(r->store, r->arena, &who, id, hide, fget(r, "reason"),
					 tz_now());
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, link_initiative(r, id, "?klaar=1"));
}

/* ---- connections ---- */

static int kind_of(struct req *r)
{
	int k = connection_kind_parse(fget(r, "kind"));
	return k;
}

/* POST /initiatieven/{initiative}/verbinden: from the viewer ("me") or
 * one of their initiatives to this initiative. */
void page_initiative_connect(struct req *r)
{
	struct network_view v;
	struct field_errors fe = {0};
	struct actor who = auth_actor(r);
	int64_t id, cid;
	long long from = 0;
	if (network_param_id(r, &id) || network_view_begin(r, &v))
		return;
	const char *f = fget(r, "from");
	struct connection_request c = {.to_initiative = id, .note = fdup(r, "note"),
				       .base_url = r->cfg->base_url};
	int k = kind_of(r);
	c.kind = k < 0 ? CONN_KIND_COUNT : (enum connection_kind)k;
	if (f && strcmp(f, "me") == 0)
		c.from_person = v.viewer.person_id;
	else if (f && parse_int(f, 1, INT64_MAX, &from) == 0)
		c.from_initiative = from;
	int rc = 0;
	if (f && strcmp(f, "me") == 0 && !v.viewer.person_id) {
		struct network_user u = network_user_of(r);
		rc = svc_network_join(r->store, r->arena, &u, tz_now(), &v.viewer.person_id);
	}
	if (f && strcmp(f, "me") == 0)
		c.from_person = v.viewer.person_id;
	if (rc == 0)
		rc = svc_connection_make(r->store, r->arena, &who, v.viewer.person_id, &v.viewer, &c,
					 tz_now(), &fe, &cid);
	network_view_end(&v);
	if (rc == LWP_EINVAL) {
		req_error(r, 422, "validation", fe.n ? fe.items[0].msg : N_("Some fields need your attention."));
		return;
	}
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, "/netwerk/verbindingen?klaar=1");
}

static void connection_row_html(struct req *r, const struct connection_row *c, int64_t person,
				int mine_to, int mine_any)
{
	struct buf *b = &r->out;
	html_raw(b, "<tr><td>");
	if (c->from_initiative) {
		html_raw(b, "<a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, c->from_initiative, NULL));
		html_raw(b, "\">");
		html_text(b, c->from_label);
		html_raw(b, "</a>");
	} else {
		html_text(b, c->from_label);
	}
	html_raw(b, "</td><td>");
	html_text(b, T(r, connection_kind_label(c->kind)));
	html_raw(b, "</td><td>");
	if (c->to_initiative) {
		html_raw(b, "<a class=\"nl-link\" href=\"");
		html_attr(b, link_initiative(r, c->to_initiative, NULL));
		html_raw(b, "\">");
		html_text(b, c->to_label);
		html_raw(b, "</a>");
	} else {
		html_text(b, c->to_label);
	}
	html_raw(b, "</td><td>");
	html_text(b, c->note);
	html_raw(b, "</td><td>");
	html_text(b, c->made_by_name);
	html_raw(b, "</td><td>");
	html_text(b, c->confirmed_at ? T(r, "Confirmed") : T(r, "Waiting for the other side"));
	html_raw(b, "</td><td>");
	char *base = arena_printf(r->arena, "/netwerk/verbindingen/%lld", (long long)c->id);
	if (!c->confirmed_at && mine_to)
		widget_button_form(r, arena_printf(r->arena, "%s/bevestigen", base), N_("Confirm"),
				   NULL, NULL, 1);
	if (mine_any)
		widget_button_form(r, arena_printf(r->arena, "%s/verwijderen", base), N_("Remove"),
				   NULL, NULL, 0);
	(void)person;
	html_raw(b, "</td></tr>\n");
}

static void th(struct req *r, const char *msgid)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_raw(&r->out, "</th>");
}

void page_connections(struct req *r)
{
	struct connection_row *list = NULL;
	int64_t person = 0;
	int n = 0;
	int rc = svc_network_person(r->store, r->arena, r->user->email, &person);
	if (rc == 0 && person)
		rc = store_connections_of_person(r->store, r->arena, person, &list, &n);
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	r->personal = 1;
	layout_begin(r, T(r, "Your connections"));
	widget_heading(r, T(r, "Your connections"));
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Your change has been saved."));
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Connections between your initiatives, you and others. A connection counts when the other side has confirmed it; either side can remove it."));
	html_raw(&r->out, "</p>\n");
	if (n == 0) {
		html_raw(&r->out, "<p class=\"nl-paragraph\">");
		html_text(&r->out, T(r, "You have no connections yet. Propose one on the page of an initiative or in the members' directory."));
		html_raw(&r->out, "</p>\n");
	} else {
		widget_table_begin(r, "connections-caption", T(r, "Your connections"), 1);
		html_raw(&r->out, "<thead><tr>");
		th(r, N_("From"));
		th(r, N_("Kind of connection"));
		th(r, N_("To"));
		th(r, N_("Note"));
		th(r, N_("Made by"));
		th(r, N_("Status"));
		th(r, N_("Actions"));
		html_raw(&r->out, "</tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			int to = 0, from = 0;
			if (svc_connection_side(r->store, person, list[i].to_initiative,
						list[i].to_person, &to) ||
			    svc_connection_side(r->store, person, list[i].from_initiative,
						list[i].from_person, &from))
				to = from = 0;
			connection_row_html(r, &list[i], person, to, to || from);
		}
		widget_table_end(r);
	}
	layout_end(r);
}

static void connection_change(struct req *r, int remove)
{
	long long id;
	int64_t person = 0;
	struct actor who = auth_actor(r);
	if (parse_int(r->params[0], 1, INT64_MAX, &id)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return;
	}
	int rc = svc_network_person(r->store, r->arena, r->user->email, &person);
	if (rc == 0)
		rc = !person ? LWP_ENOTFOUND
		     : remove ? svc_connection_remove(r->store, r->arena, &who, person, id, tz_now())
		     : svc_connection_confirm(r->store, r->arena, &who, person, id, tz_now());
	if (rc) {
		network_page_error(r, rc);
		return;
	}
	req_redirect(r, 303, "/netwerk/verbindingen?klaar=1");
}

void page_connection_confirm(struct req *r)
{
	connection_change(r, 0);
}

void page_connection_remove(struct req *r)
{
	connection_change(r, 1);
}
