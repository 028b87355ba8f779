/* The poll tally, the pick rule and the candidate syntax (poll.h). Scores
 * are kept in halves so that "if need be counts half" stays exact. */
#include "domain/poll.h"
#include "core/tz.h"

#include <string.h>

static enum poll_answer answer_at(const struct poll *p, size_t invitee, size_t cand)
{
	return p->answers ? p->answers[invitee * p->n_candidates + cand] : POLL_NO_ANSWER;
}

static int counts(const struct poll *p, size_t invitee)
{
	return !p->counted || p->counted[invitee];
}

static int is_required(const struct poll *p, size_t invitee)
{
	return p->required && p->required[invitee];
}

static int poll_check(const struct poll *p)
{
	if (p->n_candidates > POLL_CANDIDATES_MAX || p->n_invitees > POLL_INVITEES_MAX)
		return LWP_EINVAL;
	if (p->n_candidates > 0 && !p->candidates)
		return LWP_EINVAL;
	for (size_t c = 0; c < p->n_candidates; c++)
		if (!p->candidates[c].days || p->candidates[c].n_days == 0)
			return LWP_EINVAL;
	for (size_t i = 0; p->answers && i < p->n_invitees * p->n_candidates; i++)
		if ((int)p->answers[i] < 0 || p->answers[i] >= POLL_ANSWER_COUNT)
			return LWP_EINVAL;
	return 0;
}

/* Note why a required invitee blocks; a "no" outranks a missing answer. */
static void block(struct poll_tally *t, size_t invitee, enum poll_answer a)
{
	if (a == POLL_NO) {
		t->required_no++;
		if (t->block != POLL_BLOCK_REQUIRED_NO) {
			t->block = POLL_BLOCK_REQUIRED_NO;
			t->blocker = invitee;
		}
	} else {
		t->required_missing++;
		if (t->block == POLL_ELIGIBLE) {
			t->block = POLL_BLOCK_REQUIRED_MISSING;
			t->blocker = invitee;
		}
	}
}

static void tally_one(const struct poll *p, size_t cand, struct poll_tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < p->n_invitees; i++) {
		if (!counts(p, i))
			continue;
		enum poll_answer a = answer_at(p, i, cand);
		t->yes += a == POLL_YES;
		t->maybe += a == POLL_MAYBE;
		t->no += a == POLL_NO;
		t->missing += a == POLL_NO_ANSWER;
		if (is_required(p, i) && (a == POLL_NO || a == POLL_NO_ANSWER))
			block(t, i, a);
	}
	t->score_halves = 2 * t->yes + t->maybe;
	t->eligible = t->block == POLL_ELIGIBLE;
}

/* 1 when candidate a comes before b: earlier first day and start, then
 * the earlier position. */
static int earlier(const struct poll *p, size_t a, size_t b)
{
	int c = meeting_day_compare(&p->candidates[a].days[0], &p->candidates[b].days[0]);
	return c < 0 || (c == 0 && a < b);
}

static size_t best(const struct poll *p, const struct poll_tally *t, int skip)
{
	size_t pick = (size_t)-1;
	for (size_t c = 0; c < p->n_candidates; c++) {
		if (!t[c].eligible || (int)c == skip)
			continue;
		if (pick == (size_t)-1 || t[c].score_halves > t[pick].score_halves ||
		    (t[c].score_halves == t[pick].score_halves && earlier(p, c, pick)))
			pick = c;
	}
	return pick;
}

static void explain(const struct poll *p, struct poll_result *r)
{
	struct poll_reason *why = &r->reason;
	memset(why, 0, sizeof(*why));
	why->runner_up = why->runner_up_halves = -1;
	for (size_t c = 0; c < p->n_candidates; c++)
		why->eligible += r->tally[c].eligible;
	if (p->n_candidates == 0) {
		why->code = POLL_REASON_NO_CANDIDATES;
		return;
	}
	if (r->picked < 0) {
		why->code = POLL_REASON_NONE_ELIGIBLE;
		return;
	}
	const struct poll_tally *t = &r->tally[r->picked];
	why->yes = t->yes;
	why->maybe = t->maybe;
	why->score_halves = t->score_halves;
	for (size_t c = 0; c < p->n_candidates; c++)
		why->tied += r->tally[c].eligible && r->tally[c].score_halves == t->score_halves;
	size_t next = best(p, r->tally, r->picked);
	if (next != (size_t)-1) {
		why->runner_up = (int)next;
		why->runner_up_halves = r->tally[next].score_halves;
	}
	why->code = why->eligible == 1 ? POLL_REASON_ONLY_ELIGIBLE
		  : why->tied > 1     ? POLL_REASON_TIE_EARLIEST
				      : POLL_REASON_HIGHEST;
}

int poll_decide(struct arena *a, const struct poll *p, struct poll_result *out)
{
	memset(out, 0, sizeof(*out));
	out->picked = -1;
	if (poll_check(p))
		return LWP_EINVAL;
	out->tally = arena_calloc(a, p->n_candidates ? p->n_candidates : 1, sizeof(*out->tally));
	if (!out->tally)
		return LWP_ENOMEM;
	for (size_t c = 0; c < p->n_candidates; c++)
		tally_one(p, c, &out->tally[c]);
	size_t pick = best(p, out->tally, -1);
	out->picked = pick == (size_t)-1 ? -1 : (int)pick;
	explain(p, out);
	return 0;
}

const char *poll_reason_template(enum poll_reason_code code)
{
	switch (code) {
	case POLL_REASON_NO_CANDIDATES:
		return N_("This poll has no candidate dates.");
	case POLL_REASON_NONE_ELIGIBLE:
		return N_("No date can be picked: on every date a required invitee said no or has not answered.");
	case POLL_REASON_ONLY_ELIGIBLE:
		return N_("This is the only date on which every required invitee can come.");
	case POLL_REASON_HIGHEST:
		return N_("Every required invitee can come, and this date has the highest score: {1} yes and {2} if need be (if need be counts half).");
	case POLL_REASON_TIE_EARLIEST:
		return N_("Every required invitee can come; {1} dates share the highest score and this is the earliest of them.");
	default:
		return "";
	}
}

void poll_score_format(struct buf *b, int score_halves, enum lang lang)
{
	buf_printf(b, "%d", score_halves / 2);
	if (score_halves % 2)
		buf_puts(b, lang == LANG_NL ? ",5" : ".5");
}

enum poll_progress poll_invitee_progress(const struct poll *p, size_t invitee)
{
	size_t answered = 0;
	for (size_t c = 0; c < p->n_candidates; c++)
		answered += answer_at(p, invitee, c) != POLL_NO_ANSWER;
	if (answered == p->n_candidates)
		return POLL_PROGRESS_COMPLETE;
	return answered ? POLL_PROGRESS_PARTIAL : POLL_PROGRESS_NONE;
}

int poll_unanswered(struct arena *a, const struct poll *p, size_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < p->n_invitees; i++)
		*n += counts(p, i) && poll_invitee_progress(p, i) != POLL_PROGRESS_COMPLETE;
	if (*n == 0)
		return 0;
	*out = arena_calloc(a, *n, sizeof(**out));
	if (!*out)
		return LWP_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < p->n_invitees; i++)
		if (counts(p, i) && poll_invitee_progress(p, i) != POLL_PROGRESS_COMPLETE)
			(*out)[k++] = i;
	return 0;
}

int poll_everyone_answered(const struct poll *p)
{
	for (size_t i = 0; i < p->n_invitees; i++)
		if (counts(p, i) && poll_invitee_progress(p, i) != POLL_PROGRESS_COMPLETE)
			return 0;
	return 1;
}

int poll_open(int64_t deadline, int64_t now)
{
	return deadline == 0 || now <= deadline;
}

static const char *const answer_codes[POLL_ANSWER_COUNT] = {"", "yes", "maybe", "no"};
static const char *const answer_labels[POLL_ANSWER_COUNT] = {
	N_("No answer"), N_("Yes"), N_("If need be"), N_("No")};

const char *poll_answer_code(enum poll_answer a)
{
	return (int)a >= 0 && a < POLL_ANSWER_COUNT ? answer_codes[a] : "";
}

int poll_answer_parse(const char *s)
{
	for (int i = 1; s && i < POLL_ANSWER_COUNT; i++)
		if (strcmp(answer_codes[i], s) == 0)
			return i;
	return -1;
}

const char *poll_answer_label(enum poll_answer a)
{
	return (int)a >= 0 && a < POLL_ANSWER_COUNT ? answer_labels[a] : "";
}

/* ---- candidate syntax ----------------------------------------------------- */

#define SYNTAX_MSG N_("Write a candidate as YYYY-MM-DD HH:MM-HH:MM, or YYYY-MM-DD..YYYY-MM-DD HH:MM-HH:MM for several days.")

/* The date at s (10 characters), into d's date fields. */
static int parse_date_at(const char *s, struct meeting_day *d)
{
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	return tz_parse_date(date, &d->year, &d->month, &d->day);
}

/* " HH:MM-HH:MM" at s (12 characters): the separators in place. */
static int times_shaped(const char *s)
{
	return s[0] == ' ' && s[3] == ':' && s[6] == '-' && s[9] == ':';
}

/* The two times of a times_shaped s. */
static int parse_times_at(const char *s, int *start, int *end)
{
	char hhmm[6];
	memcpy(hhmm, s + 1, 5);
	hhmm[5] = '\0';
	if (meeting_parse_hhmm(hhmm, start))
		return LWP_EINVAL;
	memcpy(hhmm, s + 7, 5);
	return meeting_parse_hhmm(hhmm, end);
}

static int date_shaped(const char *s)
{
	for (int i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* Split s into first and last day and the times; the syntax only. */
static int split(const char *s, struct meeting_day *first, struct meeting_day *last,
		 int *all_day, int *start, int *end, struct lwp_error *err)
{
	size_t n = strlen(s), at = 10;
	if (n < 10 || !date_shaped(s))
		return lwp_fail(err, LWP_EINVAL, "candidate", SYNTAX_MSG);
	if (n >= 22 && s[10] == '.' && s[11] == '.' && date_shaped(s + 12))
		at = 22;
	if (n != at && n != at + 12)
		return lwp_fail(err, LWP_EINVAL, "candidate", SYNTAX_MSG);
	*all_day = n == at;
	if (!*all_day && !times_shaped(s + at))
		return lwp_fail(err, LWP_EINVAL, "candidate", SYNTAX_MSG);
	if (!*all_day && parse_times_at(s + at, start, end))
		return lwp_fail(err, LWP_EINVAL, "candidate", N_("Enter a time from 00:00 to 23:59."));
	if (parse_date_at(s, first) || parse_date_at(s + (at == 22 ? 12 : 0), last))
		return lwp_fail(err, LWP_EINVAL, "candidate", N_("Enter an existing date as YYYY-MM-DD."));
	return 0;
}

int poll_candidate_parse(struct arena *a, const char *s, struct poll_candidate *out,
			 struct lwp_error *err)
{
	struct meeting_day first = {0}, last = {0};
	int all_day = 0, start = 0, end = 0;
	out->days = NULL;
	out->n_days = 0;
	if (!s || split(s, &first, &last, &all_day, &start, &end, err))
		return s ? LWP_EINVAL : lwp_fail(err, LWP_EINVAL, "candidate", SYNTAX_MSG);
	int64_t d0 = tz_days_from_civil(first.year, first.month, first.day);
	int64_t d1 = tz_days_from_civil(last.year, last.month, last.day);
	if (d1 < d0)
		return lwp_fail(err, LWP_EINVAL, "candidate", N_("The end date lies before the start date."));
	if (d1 - d0 >= MEETING_DAYS_MAX)
		return lwp_fail(err, LWP_EINVAL, "candidate", N_("A meeting has 1 to 14 days."));
	size_t n = (size_t)(d1 - d0 + 1);
	struct meeting_day *days = arena_calloc(a, n, sizeof(*days));
	if (!days)
		return lwp_fail(err, LWP_ENOMEM, "candidate", N_("The calendar is too large."));
	for (size_t i = 0; i < n; i++) {
		tz_civil_from_days(d0 + (int64_t)i, &days[i].year, &days[i].month, &days[i].day);
		days[i].all_day = all_day;
		days[i].start_minute = start;
		days[i].end_minute = end;
		const char *msg = meeting_day_check(&days[i]);
		if (msg)
			return lwp_fail(err, LWP_EINVAL, "candidate", msg);
	}
	out->days = days;
	out->n_days = n;
	return 0;
}

static int same_times(const struct meeting_day *a, const struct meeting_day *b)
{
	if (a->all_day || b->all_day)
		return a->all_day == b->all_day;
	return a->start_minute == b->start_minute && a->end_minute == b->end_minute;
}

int poll_candidate_format(struct buf *b, const struct poll_candidate *c)
{
	if (!c->days || c->n_days == 0)
		return LWP_EINVAL;
	const struct meeting_day *d = &c->days[0], *e = &c->days[c->n_days - 1];
	for (size_t i = 1; i < c->n_days; i++)
		if (!same_times(d, &c->days[i]))
			return LWP_EINVAL;
	buf_printf(b, "%04d-%02d-%02d", d->year, d->month, d->day);
	if (c->n_days > 1)
		buf_printf(b, "..%04d-%02d-%02d", e->year, e->month, e->day);
	if (!d->all_day)
		buf_printf(b, " %02d:%02d-%02d:%02d", d->start_minute / 60, d->start_minute % 60,
			   d->end_minute / 60, d->end_minute % 60);
	return 0;
}
