/*
 * Polls (issue 15): the lead's pages (a new poll; the tally per candidate
 * with the pick and why it won, who has answered, closing) and the
 * invitee's answer page behind the private link in their mail: no account,
 * no JavaScript, one fieldset per candidate that stacks on a phone, and
 * answers that can change until the deadline.
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
#include "service/polls.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_options[] = {
	"extra_day", N_("Extra day"), "follow_up", N_("Follow-up"), "start", N_("Start"),
	"prequel", N_("Prequel"), "network", N_("Network meeting"), NULL};

static const struct widget_field poll_fields[] = {
	{"title", N_("Title"), NULL, WT_TEXT, NULL, 1, 200, NULL, NULL},
	{"kind", N_("Kind of meeting"), NULL, WT_SELECT, NULL, 1, 0, kind_options, NULL},
	{"location", N_("Location"), NULL, WT_TEXT, NULL, 0, 300, NULL, NULL},
	{"candidate", N_("Candidate dates"), N_("One per line: 2018-03-15 13:00-17:00, or 2018-03-15..2018-03-16 09:30-17:00 for consecutive days."), WT_TEXTAREA, NULL, 1, 4000, NULL, NULL},
	{"require", N_("Required invitees"), N_("E-mail addresses of invitees who must be able to come (for example the coaches), one per line."), WT_TEXTAREA, NULL, 0, 4000, NULL, NULL},
	{"deadline_date", N_("Answer until (date)"), NULL, WT_DATE, NULL, 0, 10, NULL, NULL},
	{"deadline_time", N_("Answer until (time, Amsterdam)"), NULL, WT_TIME, NULL, 0, 5, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static void poll_form(struct req *r, const struct field_errors *fe)
{
	widget_error_summary(r, fe, poll_fields, NULL);
	widget_form_begin(r, meetings_path(r, "/peilingen"));
	for (const struct widget_field *f = poll_fields; f->name; f++)
		widget_field(r, f, r->form ? form_get(r->form, f->name) : NULL, fe);
	widget_form_end(r, N_("Send the poll"), 1);
}

/* GET /beheer/edities/{slug}/peilingen/nieuw */
void page_poll_new(struct req *r)
{
	console_begin(r, T(r, "Plan a meeting with a poll"), r->edition);
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, T(r, "Every participant and coach of the edition gets a personal link by mail to say on which dates they can come."));
	html_raw(&r->out, "</p>\n");
	poll_form(r, NULL);
	layout_end(r);
}

/* Split text into trimmed, non-empty lines (at most max). */
static size_t lines(struct req *r, const char *text, const char **out, size_t max)
{
	size_t n = 0;
	char *copy = arena_strdup(r->arena, text ? text : "");
	for (char *save = NULL, *t = copy ? strtok_r(copy, "\r\n", &save) : NULL; t && n <= max;
	     t = strtok_r(NULL, "\r\n", &save)) {
		while (*t == ' ' || *t == '\t')
			t++;
		size_t len = strlen(t);
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\t'))
			t[--len] = '\0';
		if (len)
			out[n++] = t;
	}
	return n;
}

static void poll_from_form(struct req *r, struct poll_new *in, struct field_errors *fe)
{
	const char *cands[POLL_CANDIDATES_MAX + 1];
	const char **req = arena_calloc(r->arena, 65, sizeof(*req));
	size_t nc = lines(r, form_get(r->form, "candidate"), cands, POLL_CANDIDATES_MAX);
	struct poll_candidate *pc = arena_calloc(r->arena, nc + 1, sizeof(*pc));
	memset(in, 0, sizeof(*in));
	in->edition_id = r->edition->id;
	in->title = form_get(r->form, "title");
	int k = meeting_kind_parse(form_get(r->form, "kind"));
	in->kind = k < 0 ? MEETING_EXTRA_DAY : (enum meeting_kind)k;
	in->location = form_get(r->form, "location");
	for (size_t i = 0; pc && i < nc && i < POLL_CANDIDATES_MAX; i++) {
		struct lwp_error err = {0};
		if (poll_candidate_parse(r->arena, cands[i], &pc[i], &err)) {
			field_errors_add(fe, "candidate", N_("Write each candidate date as in the example."));
			break;
		}
	}
	in->candidates = pc;
	in->n_candidates = nc;
	in->required = req;
	in->n_required = req ? lines(r, form_get(r->form, "require"), req, 64) : 0;
	const char *dd = form_get(r->form, "deadline_date"), *dt = form_get(r->form, "deadline_time");
	if (dd && *dd) {
		char *local = arena_printf(r->arena, "%s %s", dd, dt && *dt ? dt : "23:59");
		if (!local || tz_parse_local(local, &in->deadline))
			field_errors_add(fe, "deadline_date", N_("Enter a date and a time as HH:MM."));
	}
}

/* POST /beheer/edities/{slug}/peilingen */
void page_poll_create(struct req *r)
{
	struct poll_new in;
	struct field_errors fe = {0};
	struct meeting_env env;
	int64_t id = 0;
	poll_from_form(r, &in, &fe);
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = fe.n ? LWP_EINVAL : svc_poll_create(r->store, r->arena, &who, &env, &in, tz_now(),
						     &fe, &id);
	if (rc && fe.n) {
		r->status = 422;
		console_begin(r, T(r, "Plan a meeting with a poll"), r->edition);
		poll_form(r, &fe);
		layout_end(r);
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, meetings_path(r, arena_printf(r->arena, "/peilingen/%lld?klaar=1",
							  (long long)id)));
}

static void candidate_label(struct req *r, const struct poll_candidate *c)
{
	meetings_days(r, c->days, c->n_days);
}

static void th(struct req *r, const char *label)
{
	html_raw(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, label));
	html_raw(&r->out, "</th>");
}

static void tally_table(struct req *r, const struct poll_full *p, const struct poll_result *res)
{
	struct buf *b = &r->out;
	widget_table_begin(r, "tally-caption", T(r, "Answers per date"), 0);
	html_raw(b, "<thead><tr>");
	th(r, N_("Date"));
	th(r, N_("Yes"));
	th(r, N_("If need be"));
	th(r, N_("No"));
	th(r, N_("No answer"));
	th(r, N_("Score"));
	th(r, N_("Can be picked"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < p->n_candidates; i++) {
		const struct poll_tally *t = &res->tally[i];
		html_raw(b, "<tr><td>");
		if ((int)i == res->picked)
			html_raw(b, "<strong>");
		candidate_label(r, &p->candidates[i]);
		if ((int)i == res->picked) {
			html_raw(b, "</strong> (");
			html_text(b, T(r, "the pick"));
			html_raw(b, ")");
		}
		const int counts[] = {t->yes, t->maybe, t->no, t->missing};
		for (int k = 0; k < 4; k++) {
			html_raw(b, "</td><td class=\"lwp-number\">");
			html_int(b, counts[k]);
		}
		html_raw(b, "</td><td class=\"lwp-number\">");
		poll_score_format(b, t->score_halves, r->lang);
		html_raw(b, "</td><td>");
		html_text(b, T(r, t->eligible ? N_("yes")
				  : t->block == POLL_BLOCK_REQUIRED_NO ? N_("no: a required invitee cannot come")
				  : N_("not yet: a required invitee has not answered")));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

static void invitee_table(struct req *r, const struct poll_full *p)
{
	struct buf *b = &r->out;
	struct poll view;
	store_poll_view(p, &view);
	widget_table_begin(r, "invitees-caption", T(r, "Invitees"), 1);
	html_raw(b, "<thead><tr>");
	th(r, N_("Name"));
	th(r, N_("Required"));
	th(r, N_("Answered"));
	html_raw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < p->n_invitees; i++) {
		enum poll_progress pr = poll_invitee_progress(&view, i);
		html_raw(b, "<tr><td>");
		html_text(b, p->invitees[i].name);
		html_raw(b, "</td><td>");
		html_text(b, T(r, p->invitees[i].required ? N_("yes") : N_("no")));
		html_raw(b, "</td><td>");
		html_text(b, T(r, pr == POLL_PROGRESS_COMPLETE ? N_("yes")
				  : pr == POLL_PROGRESS_PARTIAL ? N_("partly") : N_("no")));
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
}

static void reason(struct req *r, const struct poll_result *res)
{
	const struct poll_reason *w = &res->reason;
	long long a1 = w->code == POLL_REASON_TIE_EARLIEST ? w->tied : w->yes;
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_fill(&r->out, T(r, poll_reason_template(w->code)), a1, w->maybe);
	html_raw(&r->out, "</p>\n");
}

/* GET /beheer/edities/{slug}/peilingen/{id} */
void page_poll(struct req *r)
{
	struct poll_full p;
	struct poll view;
	struct poll_result res;
	struct buf *b = &r->out;
	if (meetings_load_poll(r, &p))
		return;
	store_poll_view(&p, &view);
	if (poll_decide(r->arena, &view, &res)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	console_begin(r, p.title, r->edition);
	if (req_query(r, "klaar"))
		widget_notice(r, "ok", NULL, T(r, "Saved."));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Status:"));
	html_raw(b, " <strong>");
	html_text(b, T(r, p.state == POLL_STATE_OPEN ? N_("open") : N_("closed")));
	html_raw(b, "</strong>.");
	if (p.deadline) {
		html_raw(b, " ");
		html_text(b, T(r, "Answers until"));
		html_raw(b, " ");
		lang_datetime(b, p.deadline, r->lang);
		html_raw(b, ".");
	}
	html_raw(b, "</p>\n");
	tally_table(r, &p, &res);
	reason(r, &res);
	invitee_table(r, &p);
	if (p.state == POLL_STATE_OPEN && res.picked >= 0)
		widget_button_form(r, meetings_path(r, arena_printf(r->arena, "/peilingen/%lld/sluiten",
								    (long long)p.id)),
				   N_("Close the poll and confirm the meeting on the pick"), NULL, NULL, 1);
	if (p.state == POLL_STATE_CLOSED && p.meeting_id) {
		html_raw(b, "<p class=\"nl-paragraph\"><a class=\"nl-link\" href=\"");
		html_attr(b, meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld",
							   (long long)p.meeting_id)));
		html_raw(b, "\">");
		html_text(b, T(r, "The meeting planned by this poll"));
		html_raw(b, "</a></p>\n");
	}
	layout_end(r);
}

/* POST /beheer/edities/{slug}/peilingen/{id}/sluiten */
void page_poll_close(struct req *r)
{
	struct poll_full p;
	struct meeting_env env;
	int64_t meeting = 0;
	int picked;
	if (meetings_load_poll(r, &p))
		return;
	meetings_env(r, &env);
	struct actor who = auth_actor(r);
	int rc = svc_poll_close(r->store, r->arena, &who, &env, p.id, tz_now(), &meeting, &picked);
	if (rc == LWP_ECONFLICT || rc == LWP_ECLOSED) {
		req_error(r, 409, "conflict", rc == LWP_ECLOSED ? N_("This poll was closed already.")
			  : N_("No date can be picked: on every date a required invitee said no or has not answered."));
		return;
	}
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	req_redirect(r, 303, meetings_path(r, arena_printf(r->arena, "/bijeenkomsten/%lld?klaar=1",
							  (long long)meeting)));
}

/* ---- the invitee's page ---- */

static int load_answer(struct req *r, struct poll_full *p, long *me)
{
	int64_t poll_id, invitee_id;
	r->personal = 1;
	int rc = store_poll_invitee_by_token(r->store, r->arena, r->params[0], &poll_id, &invitee_id);
	if (!rc)
		rc = store_poll_get(r->store, r->arena, poll_id, p);
	*me = -1;
	for (size_t i = 0; !rc && i < p->n_invitees; i++)
		if (p->invitees[i].id == invitee_id)
			*me = (long)i;
	if (rc == LWP_ENOTFOUND || (!rc && *me < 0))
		req_error(r, 404, "not_found", N_("This link is not valid. Check that you copied the whole link."));
	else if (rc)
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	return rc || *me < 0 ? -1 : 0;
}

static void radio(struct req *r, size_t c, const char *value, const char *label, int checked)
{
	struct buf *b = &r->out;
	char *id = arena_printf(r->arena, "a%zu-%s", c, value);
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--radio lwp-radio\"><input type=\"radio\" class=\"utrecht-radio-button\" name=\"");
	html_attr(b, arena_printf(r->arena, "a%zu", c));
	html_raw(b, "\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, "\"");
	if (checked)
		html_raw(b, " checked");
	html_raw(b, "> <label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, T(r, label));
	html_raw(b, "</label></div>\n");
}

static void candidate_fieldset(struct req *r, const struct poll_full *p, long me, size_t c)
{
	struct buf *b = &r->out;
	size_t cell = (size_t)me * p->n_candidates + c;
	enum poll_answer cur = p->answers[cell];
	html_raw(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\">\n"
		    "<legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend\">");
	candidate_label(r, &p->candidates[c]);
	html_raw(b, "</legend>\n");
	radio(r, c, "yes", N_("Yes"), cur == POLL_YES);
	radio(r, c, "maybe", N_("If need be"), cur == POLL_MAYBE);
	radio(r, c, "no", N_("No"), cur == POLL_NO);
	html_raw(b, "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" for=\"");
	html_attr(b, arena_printf(r->arena, "c%zu", c));
	html_raw(b, "\">");
	html_text(b, T(r, "Comment (optional)"));
	html_raw(b, "</label><input class=\"utrecht-textbox utrecht-textbox--html-input\" type=\"text\" maxlength=\"500\" name=\"");
	html_attr(b, arena_printf(r->arena, "c%zu", c));
	html_raw(b, "\" id=\"");
	html_attr(b, arena_printf(r->arena, "c%zu", c));
	html_raw(b, "\" value=\"");
	html_attr(b, p->comments[cell] ? p->comments[cell] : "");
	html_raw(b, "\"></div>\n</fieldset>\n");
}

static void answer_page(struct req *r, const struct poll_full *p, long me, const char *notice)
{
	struct buf *b = &r->out;
	int open = p->state == POLL_STATE_OPEN && poll_open(p->deadline, tz_now());
	layout_begin(r, T(r, "When can you come?"));
	widget_heading(r, T(r, "When can you come?"));
	html_raw(b, "<p class=\"nl-paragraph\"><strong>");
	html_text(b, p->title);
	html_raw(b, "</strong></p>\n");
	if (notice)
		widget_notice(r, "ok", NULL, notice);
	if (!open) {
		widget_notice(r, "info", NULL, T(r, "This poll is closed: answers can no longer change."));
		layout_end(r);
		return;
	}
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, T(r, "Say for every date whether you can come. You can change your answers until the deadline."));
	if (p->deadline) {
		html_raw(b, " ");
		html_text(b, T(r, "Answers until"));
		html_raw(b, " ");
		lang_datetime(b, p->deadline, r->lang);
		html_raw(b, ".");
	}
	html_raw(b, "</p>\n");
	widget_form_begin(r, arena_printf(r->arena, "/peiling/%s", r->params[0]));
	for (size_t c = 0; c < p->n_candidates; c++)
		candidate_fieldset(r, p, me, c);
	widget_form_end(r, N_("Save my answers"), 1);
	layout_end(r);
}

/* GET /peiling/{token} */
void page_poll_answer(struct req *r)
{
	struct poll_full p;
	long me;
	if (load_answer(r, &p, &me))
		return;
	answer_page(r, &p, me, NULL);
}

/* POST /peiling/{token} */
void page_poll_answer_save(struct req *r)
{
	struct poll_full p;
	struct meeting_env env;
	long me;
	if (load_answer(r, &p, &me))
		return;
	enum poll_answer *ans = arena_calloc(r->arena, p.n_candidates + 1, sizeof(*ans));
	char **comments = arena_calloc(r->arena, p.n_candidates + 1, sizeof(*comments));
	for (size_t c = 0; ans && comments && c < p.n_candidates; c++) {
		int v = poll_answer_parse(form_get(r->form, arena_printf(r->arena, "a%zu", c)));
		ans[c] = v > 0 ? (enum poll_answer)v : POLL_NO_ANSWER;
		const char *cm = form_get(r->form, arena_printf(r->arena, "c%zu", c));
		comments[c] = cm && strlen(cm) <= 500 ? (char *)cm : NULL;
	}
	meetings_env(r, &env);
	struct actor who = {0, "invitee", r->ip ? r->ip : ""};
	int rc = !ans || !comments ? LWP_ENOMEM
		 : svc_poll_answer(r->store, r->arena, &who, &env, p.id, p.invitees[me].id, ans,
				   comments, tz_now());
	if (rc && rc != LWP_ECLOSED) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	if (!rc && store_poll_get(r->store, r->arena, p.id, &p)) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return;
	}
	if (rc == LWP_ECLOSED)
		r->status = 409;
	answer_page(r, &p, me, rc ? NULL : T(r, "Thank you: your answers are saved."));
}
