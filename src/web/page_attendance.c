/*
 * Attendance (issue 15): recording, per meeting day, who was there (a page
 * for a phone: one fieldset per participant, one day at a time), and the
 * overview of an edition: presence per meeting day as a chart and a table,
 * the marks per participant, and the nights attended at residential
 * meetings that the invoices charge.
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

#include <stdio.h>
#include <string.h>

static size_t day_param(struct req *r, const struct meeting_row *mr, const char *v)
{
	long long d = 1;
	if (!v || parse_int(v, 1, (long long)mr->m.n_days, &d))
		d = 1;
	return (size_t)d - 1;
}

static int find_mark(const struct attendance_row *rows, int n, int64_t day_id, int64_t person)
{
	for (int i = 0; i < n; i++)
		if (rows[i].day_id == day_id && rows[i].person_id == person)
			return (int)rows[i].status;
	return -1;
}

static void radio(struct req *r, int64_t person, enum attendance_status st, int checked)
{
	struct buf *b = &r->out;
	const char *code = attendance_code(st);
	char *id = arena_printf(r->arena, "p%lld-%s", (long long)person, code);
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--radio lwp-radio\"><input type=\"radio\" class=\"utrecht-radio-button\" name=\"");
	html_attr(b, arena_printf(r->arena, "p%lld", (long long)person));
	html_raw(b, "\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" value=\"");
	html_attr(b, code);
	html_raw(b, "\"");
	if (checked)
		html_raw(b, " checked");
	html_raw(b, "> <label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, T(r, attendance_label(st)));
	html_raw(b, "</label></div>\n");
}

static void day_links(struct req *r, const struct meeting_row *mr, size_t day, const char *base)
{
	struct buf *b = &r->out;
	if (mr->m.n_days < 2)
		return;
	html_raw(b, "<nav aria-label=\"");
	html_attr(b, T(r, "Days"));
	html_raw(b, "\"><ul class=\"utrecht-unordered-list\">\n");
	for (size_t d = 0; d < mr->m.n_days; d++) {
		html_raw(b, "<li class=\"utrecht-unordered-list__item\"><a class=\"nl-link\" href=\"");
		html_attr(b, arena_printf(r->arena, "%s?dag=%zu", base, d + 1));
		html_raw(b, "\"");
		if (d == day)
			html_raw(b, " aria-current=\"page\"");
		html_raw(b, ">");
		meetings_days(r, &mr->m.days[d], 1);
		html_raw(b, "</a></li>\n");
	}
	html_raw(b, "</ul></nav>\n");
}

static void attendance_page(struct req *r, const struct meeting_row *mr, size_t day,
			    const char *notice)
{
	struct invitee *part;
	struct attendance_row *rows;
	int np, n;
	struct buf *b = &r->out;
	if (store_edition_participants(r->store, r->arena, r->edition->id, &part, &np) ||
	    store_attendance_list(r->store, r->arena, r->edition->id, mr->m.id, &rows, &n)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	char *base = meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld/aanwezigheid",
						   (long long)mr->m.id));
	console_begin(r, arena_printf(r->arena, "%s: %s", T(r, "Attendance"), mr->m.title), r->edition);
	if (notice)
		widget_notice(r, "ok", NULL, notice);
	day_links(r, mr, day, base);
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	meetings_days(r, &mr->m.days[day], 1);
	html_raw(b, "</h2>\n");
	if (mr->m.status != MEETING_CONFIRMED || np == 0) {
		widget_notice(r, "info", NULL, T(r, np ? "Attendance is recorded for confirmed meetings."
						     : "This edition has no participants yet."));
		layout_end(r);
		return;
	}
	widget_form_begin(r, base);
	html_raw(b, "<input type=\"hidden\" name=\"dag\" value=\"");
	html_int(b, (long long)day + 1);
	html_raw(b, "\">\n");
	for (int i = 0; i < np && i < FORM_FIELDS_MAX - 3; i++) {
		int cur = find_mark(rows, n, mr->day_ids[day], part[i].person_id);
		html_raw(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\">\n"
			    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend\">");
		html_text(b, part[i].name);
		html_raw(b, "</legend>\n");
		for (int s = 0; s < ATTENDANCE_STATUS_COUNT; s++)
			radio(r, part[i].person_id, (enum attendance_status)s, cur == s);
		html_raw(b, "</fieldset>\n");
	}
	widget_form_end(r, N_("Save attendance"), 1);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/bijeenkomsten/{id}/aanwezigheid */
void page_attendance(struct req *r)
{
	struct meeting_row mr;
	if (meetings_load(r, &mr))
		return;
	attendance_page(r, &mr, day_param(r, &mr, req_query(r, "dag")), NULL);
}

/* POST /beheer/edities/{slug}/bijeenkomsten/{id}/aanwezigheid */
void page_attendance_save(struct req *r)
{
	struct meeting_row mr;
	struct invitee *part;
	int np;
	if (meetings_load(r, &mr))
		return;
	size_t day = day_param(r, &mr, form_get(r->form, "dag"));
	if (store_edition_participants(r->store, r->arena, r->edition->id, &part, &np)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	struct attendance_mark *marks = arena_calloc(r->arena, (size_t)np + 1, sizeof(*marks));
	size_t n = 0;
	for (int i = 0; marks && i < np; i++) {
		int st = attendance_parse(form_get(r->form, arena_printf(r->arena, "p%lld",
									 (long long)part[i].person_id)));
		if (st >= 0)
			marks[n++] = (struct attendance_mark){day, part[i].person_id,
							      (enum attendance_status)st};
	}
	struct actor who = auth_actor(r);
	int rc = marks ? svc_attendance_record(r->store, r->arena, &who, mr.m.id, marks, n, tz_now())
		       : LWP_ENOMEM;
	if (rc == LWP_ECLOSED || rc == LWP_EINVAL) {
		req_error(r, 409, "conflict", N_("Attendance is recorded for confirmed meetings."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	attendance_page(r, &mr, day, T(r, "Saved."));
}

/* ---- overview ---- */

struct overview {
	struct meeting_row *meetings;
	int nm;
	struct invitee *part;
	int np;
	struct attendance_row *rows;
	int n;
	struct nights_row *nights;
	int nn;
};

static int count_present(const struct overview *o, int64_t day_id)
{
	int k = 0;
	for (int i = 0; i < o->n; i++)
		k += o->rows[i].day_id == day_id && o->rows[i].status == ATTENDANCE_PRESENT;
	return k;
}

static void th(struct req *r, const char *label)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, label));
	html_raw(&r->out, "</th>");
}

/* Presence per meeting day as horizontal bars with the number written
 * beside each, so the chart reads without colour; the table after it
 * holds the same figures. */
static void chart(struct req *r, const struct overview *o)
{
	struct buf *b = &r->out;
	int bars = 0, max = o->np > 0 ? o->np : 1;
	for (int m = 0; m < o->nm; m++)
		bars += o->meetings[m].m.status == MEETING_CONFIRMED ? (int)o->meetings[m].m.n_days : 0;
	html_raw(b, "<figure class=\"lwp-chart\"><svg role=\"img\" aria-labelledby=\"att-chart-title\" viewBox=\"0 0 640 ");
	html_int(b, bars * 30 + 10);
	html_raw(b, "\" width=\"100%\"><title id=\"att-chart-title\">");
	html_text(b, T(r, "Participants present per meeting day"));
	html_raw(b, "</title>\n");
	int k = 0;
	for (int m = 0; m < o->nm; m++) {
		const struct meeting_row *mr = &o->meetings[m];
		for (size_t d = 0; mr->m.status == MEETING_CONFIRMED && d < mr->m.n_days; d++, k++) {
			int y = 5 + k * 30, present = count_present(o, mr->day_ids[d]);
			int w = present * 300 / max;
			buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">", y + 16);
			meetings_days(r, &mr->m.days[d], 1);
			buf_printf(b, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#154273\"></rect>"
				      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%d / %d</text>\n",
				   y, w, 306 + w, y + 16, present, o->np);
		}
	}
	html_raw(b, "</svg><figcaption>");
	html_text(b, T(r, "The same figures are in the table below."));
	html_raw(b, "</figcaption></figure>\n");
}

static void days_table(struct req *r, const struct overview *o)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "days-caption", T(r, "Presence per meeting day"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Meeting"));
	th(r, N_("Day"));
	th(r, N_("Present"));
	th(r, N_("Absent with notice"));
	th(r, N_("Absent without notice"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int m = 0; m < o->nm; m++) {
		const struct meeting_row *mr = &o->meetings[m];
		for (size_t d = 0; mr->m.status == MEETING_CONFIRMED && d < mr->m.n_days; d++) {
			int c[ATTENDANCE_STATUS_COUNT] = {0};
			for (int i = 0; i < o->n; i++)
				if (o->rows[i].day_id == mr->day_ids[d])
					c[o->rows[i].status]++;
			html_raw(b, "<tr><td>");
			html_text(b, mr->m.title);
			html_raw(b, "</td><td>");
			meetings_days(r, &mr->m.days[d], 1);
			for (int s = 0; s < ATTENDANCE_STATUS_COUNT; s++) {
				html_raw(b, "</td><td class=\"lwp-number\">");
				html_int(b, c[s]);
			}
			html_raw(b, "</td></tr>\n");
		}
	}
	widget_table_end(r);
}

static void person_table(struct req *r, const struct overview *o)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "people-caption", T(r, "Days per participant"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Present"));
	th(r, N_("Absent with notice"));
	th(r, N_("Absent without notice"));
	th(r, N_("Nights"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (int p = 0; p < o->np; p++) {
		int c[ATTENDANCE_STATUS_COUNT] = {0}, nights = 0;
		for (int i = 0; i < o->n; i++)
			if (o->rows[i].person_id == o->part[p].person_id)
				c[o->rows[i].status]++;
		for (int i = 0; i < o->nn; i++)
			if (o->nights[i].person_id == o->part[p].person_id)
				nights = o->nights[i].nights;
		html_raw(b, "<tr><td>");
		html_text(b, o->part[p].name);
		for (int s = 0; s < ATTENDANCE_STATUS_COUNT; s++) {
			html_raw(b, "</td><td class=\"lwp-number\">");
			html_int(b, c[s]);
		}
		html_raw(b, "</td><td class=\"lwp-number\">");
		html_int(b, nights);
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

/* GET /beheer/edities/{slug}/aanwezigheid */
void page_attendance_overview(struct req *r)
{
	struct overview o;
	int64_t id = r->edition->id;
	if (store_meeting_list(r->store, r->arena, id, 1, &o.meetings, &o.nm) ||
	    store_edition_participants(r->store, r->arena, id, &o.part, &o.np) ||
	    store_attendance_list(r->store, r->arena, id, 0, &o.rows, &o.n) ||
	    store_nights_attended(r->store, r->arena, id, &o.nights, &o.nn)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, T(r, "Attendance overview"), r->edition);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "At a residential meeting a night counts for a participant who was present on the day after it."));
	html_raw(&r->out, "</p>\n");
	chart(r, &o);
	days_table(r, &o);
	person_table(r, &o);
	layout_end(r);
}
