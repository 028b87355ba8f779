/*
 * The lead console, meetings of an edition (issue 15): the list with the
 * polls, creating a meeting (one or more consecutive days with the same
 * times), editing one, confirming and cancelling it (the invitations go out
 * by mail), and the move to the network phase. Also the helpers of
 * meetings_web.h.
 */
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/meetings_web.h"
#include "web/routes_meetings.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/attendance.h"
#include "store/store_meetings.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_options[] = {
	"prequel", N_("Prequel"), "start", N_("Start"), "follow_up", N_("Follow-up"),
	"extra_day", N_("Extra day"), "network", N_("Network meeting"), NULL};

static const struct widget_field meeting_fields[] = {
	{"title", N_("Title"), NULL, WT_TEXT, NULL, 1, 200, NULL, NULL},
	{"kind", N_("Kind of meeting"), NULL, WT_SELECT, NULL, 1, 0, kind_options, NULL},
	{"first_day", N_("First day"), NULL, WT_DATE, NULL, 1, 10, NULL, NULL},
	{"last_day", N_("Last day"), N_("Only for a meeting of several consecutive days."), WT_DATE, NULL, 0, 10, NULL, NULL},
	{"start", N_("Starts at (Amsterdam time)"), NULL, WT_TIME, NULL, 1, 5, NULL, NULL},
	{"end", N_("Ends at (Amsterdam time)"), NULL, WT_TIME, NULL, 1, 5, NULL, NULL},
	{"location", N_("Location"), NULL, WT_TEXT, NULL, 0, 300, NULL, NULL},
	{"description", N_("Description for the invitees"), NULL, WT_TEXTAREA, NULL, 0, 20000, NULL, NULL},
	{"nights", N_("Nights (residential meeting)"), N_("0 when nobody stays the night."), WT_NUMBER, NULL, 0, 2, NULL, NULL},
	{"price", N_("Price per night (euro)"), NULL, WT_TEXT, NULL, 0, 12, NULL, NULL},
	{"facilitators", N_("Facilitators"), N_("E-mail addresses of users, separated by commas."), WT_TEXT, NULL, 0, 1000, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

void meetings_env(struct req *r, struct meeting_env *env)
{
	svc_meeting_env_init(r->arena, env, r->cfg->base_url, r->cfg->mail.from_addr);
}

char *meetings_path(struct req *r, const char *tail)
{
	return arena_printf(r->arena, "/beheer/edities/%s%s", r->edition->slug, tail);
}

static int load_id(struct req *r, long long *id)
{
	if (r->nparams < 2 || parse_int(r->params[1], 1, INT64_MAX, id)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return -1;
	}
	return 0;
}

static int loaded(struct req *r, int rc, int64_t edition_id)
{
	if (rc == LWP_ENOTFOUND || (!rc && edition_id != r->edition->id)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return -1;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return -1;
	}
	return 0;
}

int meetings_load(struct req *r, struct meeting_row *out)
{
	long long id;
	if (load_id(r, &id))
		return -1;
	int rc = store_meeting_get(r->store, r->arena, id, out);
	return loaded(r, rc, rc ? 0 : out->m.edition_id);
}

int meetings_load_poll(struct req *r, struct poll_full *out)
{
	long long id;
	if (load_id(r, &id))
		return -1;
	int rc = store_poll_get(r->store, r->arena, id, out);
	return loaded(r, rc, rc ? 0 : out->edition_id);
}

void meetings_days(struct req *r, const struct meeting_day *days, size_t n)
{
	struct buf tmp;
	buf_init(&tmp, 512);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&tmp, "; ");
		meeting_day_format(&tmp, &days[i], r->lang);
	}
	html_text(&r->out, buf_cstr(&tmp));
	buf_free(&tmp);
}

static void th(struct req *r, const char *label)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, label));
	html_raw(&r->out, "</th>");
}

static void meeting_rows(struct req *r, const struct meeting_row *rows, int n)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "meetings-caption", T(r, "Meetings"), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Meeting"));
	th(r, N_("Days"));
	th(r, N_("Status"));
	th(r, N_("Attendance"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int i = 0; i < n; i++) {
		char *href = meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld",
							   (long long)rows[i].m.id));
		html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
		html_attr(b, href);
		html_raw(b, "\">");
		html_text(b, rows[i].m.title);
		html_raw(b, "</a><br>");
		html_text(b, meeting_kind_text(rows[i].m.kind, r->lang));
		html_raw(b, "</td><td>");
		meetings_days(r, rows[i].m.days, rows[i].m.n_days);
		html_raw(b, "</td><td>");
		html_text(b, meeting_status_text(rows[i].m.status, r->lang));
		html_raw(b, "</td><td>");
		if (rows[i].m.status == MEETING_CONFIRMED) {
			html_raw(b, "<a class=\"nl-link\" href=\"");
			html_attr(b, href);
			html_raw(b, "/aanwezigheid\">");
			html_text(b, T(r, "Record attendance"));
			html_raw(b, "</a>");
		}
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

static void poll_rows(struct req *r, const struct poll_full *polls, int n)
{
	struct buf *b = &r->out;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Polls"));
	html_raw(b, "</h2>\n<ul class=\"utrecht-unordered-list\">\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li class=\"utrecht-unordered-list__item\"><a class=\"nl-link\" href=\"");
		html_attr(b, meetings_path(r, arena_printf(r->arena, "/peilingen/%lld",
							   (long long)polls[i].id)));
		html_raw(b, "\">");
		html_text(b, polls[i].title);
		html_raw(b, "</a> (");
		html_text(b, T(r, polls[i].state == POLL_STATE_OPEN ? N_("open") : N_("closed")));
		html_raw(b, ")</li>\n");
	}
	if (n == 0) {
		html_raw(b, "<li class=\"utrecht-unordered-list__item\">");
		html_text(b, T(r, "No polls yet."));
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(b, meetings_path(r, "/peilingen/nieuw"));
	html_raw(b, "\">");
	html_text(b, T(r, "Plan a meeting with a poll"));
	html_raw(b, "</a></p>\n");
}

static void phase_section(struct req *r)
{
	struct buf *b = &r->out;
	char *on = NULL;
	int64_t moved = 0;
	if (store_edition_phase(r->store, r->arena, r->edition->id, &on, &moved))
		on = NULL;
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Network phase"));
	html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
	if (r->edition->status >= EDITION_NETWORK)
		html_text(b, T(r, "This edition is in the network phase: new meetings invite the facilitators instead of the coaches."));
	else
		html_text(b, T(r, "In the network phase the facilitators replace the coaches on new meetings."));
	html_raw(b, "</p>\n");
	if (r->edition->status == EDITION_NETWORK)
		widget_button_form(r, meetings_path(r, "/fase"),
				   N_("Finish the edition: its participants become members of the network"),
				   "finish", "1", 0);
	if (!svc_phase_guided(r->edition->status))
		return;
	static const struct widget_field date_field = {"network_on", N_("Move to the network phase on"), NULL, WT_DATE, NULL, 0, 10, NULL, NULL};
	widget_form_begin(r, meetings_path(r, "/fase"));
	widget_field(r, &date_field, on, NULL);
	widget_form_end(r, N_("Save the date"), 0);
	widget_button_form(r, meetings_path(r, "/fase"), N_("Move to the network phase now"),
			   "now", "1", 0);
}

static void links(struct req *r)
{
	struct buf *b = &r->out;
	html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
	html_attr(b, meetings_path(r, "/bijeenkomsten/nieuw"));
	html_raw(b, "\">");
	html_text(b, T(r, "New meeting"));
	html_raw(b, "</a> · <a class=\"nl-link\" href=\"");
	html_attr(b, meetings_path(r, "/aanwezigheid"));
	html_raw(b, "\">");
	html_text(b, T(r, "Attendance overview"));
	html_raw(b, "</a> · <a class=\"nl-link\" href=\"/edities/");
	html_url_arg(b, r->edition->slug);
	html_raw(b, "/agenda.ics\">");
	html_text(b, T(r, "Public agenda (iCalendar)"));
	html_raw(b, "</a></p>\n");
}

/* GET /beheer/edities/{slug}/bijeenkomsten */
void page_meetings(struct req *r)
{
	struct meeting_row *rows;
	struct poll_full *polls;
	int n, np;
	if (store_meeting_list(r->store, r->arena, r->edition->id, 0, &rows, &n) ||
	    store_poll_list(r->store, r->arena, r->edition->id, &polls, &np)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Meetings"), r->edition);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Saved."));
	links(r);
	meeting_rows(r, rows, n);
	poll_rows(r, polls, np);
	phase_section(r);
	layout_end(r);
}

/* ---- the form ---- */

static const char *hhmm(struct req *r, int minutes)
{
	return arena_printf(r->arena, "%02d:%02d", minutes / 60, minutes % 60);
}

static const char *ymd(struct req *r, const struct meeting_day *d)
{
	return arena_printf(r->arena, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static const char *meeting_value(struct req *r, const struct meeting_row *mr, const char *name)
{
	const struct meeting *m = &mr->m;
	const struct meeting_day *d = m->n_days ? &m->days[0] : NULL;
	if (strcmp(name, "title") == 0) return m->title;
	if (strcmp(name, "kind") == 0) return meeting_kind_code(m->kind);
	if (strcmp(name, "first_day") == 0) return d ? ymd(r, d) : NULL;
	if (strcmp(name, "last_day") == 0) return m->n_days > 1 ? ymd(r, &m->days[m->n_days - 1]) : NULL;
	if (strcmp(name, "start") == 0) return d ? hhmm(r, d->start_minute) : NULL;
	if (strcmp(name, "end") == 0) return d ? hhmm(r, d->end_minute) : NULL;
	if (strcmp(name, "location") == 0) return m->location;
	if (strcmp(name, "description") == 0) return m->description;
	if (strcmp(name, "nights") == 0) return arena_printf(r->arena, "%d", m->nights);
	if (strcmp(name, "price") == 0)
		return arena_printf(r->arena, "%lld.%02lld", (long long)(m->price_per_night_cents / 100),
				    (long long)(m->price_per_night_cents % 100));
	if (strcmp(name, "facilitators") == 0) {
		struct buf b;
		buf_init(&b, 512);
		for (size_t i = 0; i < m->n_facilitators; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", mr->facilitator_emails[i]);
		char *s = arena_strdup(r->arena, buf_cstr(&b));
		buf_free(&b);
		return s;
	}
	return NULL;
}

static void meeting_form(struct req *r, const struct meeting_row *mr, const char *action,
			 const struct field_errors *fe, const char *button)
{
	widget_error_summary(r, fe, meeting_fields, NULL);
	widget_form_begin(r, action);
	for (const struct widget_field *f = meeting_fields; f->name; f++) {
		const char *v = r->form ? form_get(r->form, f->name)
				: mr ? meeting_value(r, mr, f->name) : NULL;
		widget_field(r, f, v, fe);
	}
	widget_form_end(r, button, 1);
}

/* The days from first_day, last_day, start and end. */
static void days_from_form(struct req *r, struct meeting *m, struct field_errors *fe)
{
	int y, mo, d, y2, mo2, d2, start = 0, end = 0;
	const char *first = form_get(r->form, "first_day"), *last = form_get(r->form, "last_day");
	if (!first || tz_parse_date(first, &y, &mo, &d)) {
		field_errors_add(fe, "first_day", N_("Enter a date."));
		return;
	}
	if (!last || !*last)
		y2 = y, mo2 = mo, d2 = d;
	else if (tz_parse_date(last, &y2, &mo2, &d2))
		field_errors_add(fe, "last_day", N_("Enter a date."));
	const char *s = form_get(r->form, "start"), *e = form_get(r->form, "end");
	if (!s || meeting_parse_hhmm(s, &start))
		field_errors_add(fe, "start", N_("Enter a time as HH:MM."));
	if (!e || meeting_parse_hhmm(e, &end))
		field_errors_add(fe, "end", N_("Enter a time as HH:MM."));
	if (fe->n)
		return;
	int64_t n = tz_days_from_civil(y2, mo2, d2) - tz_days_from_civil(y, mo, d) + 1;
	if (n < 1 || n > MEETING_DAYS_MAX) {
		field_errors_add(fe, "last_day", N_("The last day must be on or after the first, at most 14 days."));
		return;
	}
	m->days = arena_calloc(r->arena, (size_t)n, sizeof(*m->days));
	m->n_days = m->days ? (size_t)n : 0;
	for (size_t i = 0; i < m->n_days; i++) {
		struct meeting_day *md = &m->days[i];
		tz_civil_from_days(tz_days_from_civil(y, mo, d) + (int64_t)i, &md->year, &md->month,
				   &md->day);
		md->start_minute = start;
		md->end_minute = end;
	}
}

/* Facilitators by e-mail address: user ids into *ids. */
static void facilitators_from_form(struct req *r, int64_t **ids, size_t *n,
				   struct field_errors *fe)
{
	const char *v = form_get(r->form, "facilitators");
	*ids = arena_calloc(r->arena, MEETING_FACILITATORS_MAX + 1, sizeof(**ids));
	*n = 0;
	char *list = arena_strdup(r->arena, v ? v : "");
	for (char *save = NULL, *t = list ? strtok_r(list, ", ", &save) : NULL; t && *ids;
	     t = strtok_r(NULL, ", ", &save)) {
		struct user u;
		if (*n == MEETING_FACILITATORS_MAX ||
		    store_user_by_email(r->store, r->arena, t, &u)) {
			field_errors_add(fe, "facilitators", N_("Every facilitator must be a user: check the e-mail addresses."));
			return;
		}
		(*ids)[(*n)++] = u.id;
	}
}

static void meeting_from_form(struct req *r, struct meeting *m, int64_t **fac, size_t *nfac,
			      struct field_errors *fe)
{
	long long nights = 0, cents = 0;
	const char *kind = form_get(r->form, "kind"), *n = form_get(r->form, "nights");
	const char *price = form_get(r->form, "price");
	m->edition_id = r->edition->id;
	m->title = (char *)form_get(r->form, "title");
	m->location = (char *)form_get(r->form, "location");
	m->description = (char *)form_get(r->form, "description");
	int k = meeting_kind_parse(kind);
	m->kind = k < 0 ? MEETING_FOLLOW_UP : (enum meeting_kind)k;
	if (k < 0)
		field_errors_add(fe, "kind", N_("Choose a kind of meeting."));
	if (n && *n && parse_int(n, 0, MEETING_DAYS_MAX, &nights))
		field_errors_add(fe, "nights", N_("Enter a number of nights from 0 to 14."));
	if (price && *price && parse_euro(price, 100000, &cents))
		field_errors_add(fe, "price", N_("Enter an amount in euro, for example 95 or 95.50."));
	m->residential = nights > 0;
	m->nights = (int)nights;
	m->price_per_night_cents = nights > 0 ? cents : 0;
	days_from_form(r, m, fe);
	facilitators_from_form(r, fac, nfac, fe);
}

/* GET /beheer/edities/{slug}/bijeenkomsten/nieuw */
void page_meeting_new(struct req *r)
{
	console_begin(r, T(r, "New meeting"), r->edition);
	meeting_form(r, NULL, meetings_path(r, "/bijeenkomsten"), NULL, N_("Create meeting"));
	layout_end(r);
}

static void form_failed(struct req *r, int rc, struct field_errors *fe, const struct meeting_row *mr,
			const char *action, const char *title, const char *button)
{
	if (!fe->n && rc != LWP_ECLOSED) {
		req_error(r, rc == LWP_ENOTFOUND ? 404 : 503, "unavailable",
			  rc == LWP_ENOTFOUND ? N_("This page does not exist.")
					      : N_("The service is temporarily unavailable."));
		return;
	}
	r->status = rc == LWP_ECLOSED ? 409 : 422;
	console_begin(r, T(r, title), r->edition);
	if (rc == LWP_ECLOSED)
		widget_notice(r, "warning", NULL, T(r, "This change of status is not possible."));
	meeting_form(r, mr, action, fe, button);
	layout_end(r);
}

/* POST /beheer/edities/{slug}/bijeenkomsten */
void page_meeting_create(struct req *r)
{
	struct meeting m = {0};
	struct field_errors fe = {0};
	struct meeting_env env;
	int64_t *fac;
	size_t nfac;
	meeting_from_form(r, &m, &fac, &nfac, &fe);
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	m.status = MEETING_PROPOSED;
	int rc = fe.n ? LWP_EINVAL
		 : svc_meeting_create(r->store, r->arena, &who, &env, &m, fac, nfac, tz_now(), &fe);
	if (rc) {
		form_failed(r, rc, &fe, NULL, meetings_path(r, "/bijeenkomsten"), N_("New meeting"),
			    N_("Create meeting"));
		return;
	}
	req_redirect(r, 303, meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld?klaar=1",
							  (long long)m.id)));
}

static void status_buttons(struct req *r, const struct meeting_row *mr, const char *base)
{
	char *action = arena_printf(r->arena, "%s/status", base);
	if (mr->m.status == MEETING_PROPOSED)
		widget_button_form(r, action, N_("Confirm and send the invitations"), "status",
				   "confirmed", 1);
	if (mr->m.status != MEETING_CANCELLED)
		widget_button_form(r, action, N_("Cancel the meeting"), "status", "cancelled", 0);
	else
		widget_button_form(r, action, N_("Propose again"), "status", "proposed", 0);
}

/* GET /beheer/edities/{slug}/bijeenkomsten/{id} */
void page_meeting(struct req *r)
{
	struct meeting_row mr;
	struct buf *b = &r->out;
	if (meetings_load(r, &mr))
		return;
	char *base = meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld", (long long)mr.m.id));
	console_begin(r, mr.m.title, r->edition);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Saved."));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Status:"));
	html_raw(b, " <strong>");
	html_text(b, meeting_status_text(mr.m.status, r->lang));
	html_raw(b, "</strong>. ");
	html_text(b, T(r, "Confirming, changing or cancelling a confirmed meeting mails every invitee an invitation for their calendar."));
	html_raw(b, "</p>\n");
	status_buttons(r, &mr, base);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Change"));
	html_raw(b, "</h2>\n");
	meeting_form(r, &mr, base, NULL, N_("Save changes"));
	layout_end(r);
}

/* POST /beheer/edities/{slug}/bijeenkomsten/{id} */
void page_meeting_update(struct req *r)
{
	struct meeting_row mr;
	struct field_errors fe = {0};
	struct meeting_env env;
	int64_t *fac;
	size_t nfac;
	if (meetings_load(r, &mr))
		return;
	struct meeting m = {0};
	meeting_from_form(r, &m, &fac, &nfac, &fe);
	m.id = mr.m.id;
	m.status = mr.m.status;
	m.subgroup_id = mr.m.subgroup_id;
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = fe.n ? LWP_EINVAL
		 : svc_meeting_update(r->store, r->arena, &who, &env, &m, fac, nfac, tz_now(), &fe);
	char *base = meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld", (long long)m.id));
	if (rc) {
		form_failed(r, rc, &fe, &mr, base, N_("Change"), N_("Save changes"));
		return;
	}
	req_redirect(r, 303, arena_printf(r->arena, "%s?klaar=1", base));
}

/* POST /beheer/edities/{slug}/bijeenkomsten/{id}/status */
void page_meeting_status(struct req *r)
{
	struct meeting_row mr;
	struct meeting_env env;
	if (meetings_load(r, &mr))
		return;
	int to = meeting_status_parse(form_get(r->form, "status"));
	if (to < 0) {
		req_error(r, 400, "bad_request", N_("The form was sent in a way this site cannot read. Please fill it in again."));
		return;
	}
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = svc_meeting_set_status(r->store, r->arena, &who, &env, mr.m.id,
					(enum meeting_status)to, tz_now());
	if (rc == LWP_ECLOSED) {
		req_error(r, 409, "conflict", N_("This change of status is not possible."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld?klaar=1",
							  (long long)mr.m.id)));
}

/* POST /beheer/edities/{slug}/fase: the network date, the move now, or
 * finishing the edition. */
void page_meeting_phase(struct req *r)
{
	struct actor who = auth_actor(r);
	const char *now = form_get(r->form, "now"), *on = form_get(r->form, "network_on");
	int members, rc;
	if (form_get(r->form, "finish"))
		rc = svc_edition_finish(r->store, r->arena, &who, r->edition->id, tz_now(), &members);
	else if (now)
		rc = svc_phase_network(r->store, r->arena, &who, r->edition->id, tz_now());
	else
		rc = svc_phase_set_date(r->store, r->arena, &who, r->edition->id, on, tz_now());
	if (rc == LWP_EINVAL || rc == LWP_ECLOSED) {
		req_error(r, rc == LWP_EINVAL ? 422 : 409, "invalid",
			  rc == LWP_EINVAL ? N_("Enter a date.")
					   : N_("This change of status is not possible."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, meetings_path(r, "/bijeenkomsten?klaar=1"));
}
