/*
 * Unit tests of the meeting model, the poll pick rule and the iCalendar
 * writer (src/domain/meeting.h, poll.h, ical.h; issue 15). The pick rule is
 * checked against a tiny reference implementation on many random polls;
 * the calendar output is parsed back with libical (a test-only dependency)
 * and its VTIMEZONE is checked at both DST changes of 2018-2030.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "domain/ical.h"
#include "domain/meeting.h"
#include "domain/poll.h"

/* ---- helpers ---------------------------------------------------------------- */

static struct meeting_day day_at(int y, int m, int d, int start, int end)
{
	struct meeting_day day = {y, m, d, 0, start, end};
	return day;
}

static struct meeting_day all_day_at(int y, int m, int d)
{
	struct meeting_day day = {y, m, d, 1, 0, 0};
	return day;
}

/* A valid two-day residential start, as in January 2018. */
struct fixture {
	struct meeting_day days[2];
	char *facilitators[1];
	struct meeting m;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->days[0] = day_at(2018, 1, 25, 9 * 60 + 30, 21 * 60);
	f->days[1] = day_at(2018, 1, 26, 9 * 60, 16 * 60);
	f->facilitators[0] = "Anne de Vries";
	f->m.id = 42;
	f->m.edition_id = 1;
	f->m.title = "Start, deel 1";
	f->m.kind = MEETING_START;
	f->m.days = f->days;
	f->m.n_days = 2;
	f->m.location = "Landgoed De Horst, Driebergen";
	f->m.residential = 1;
	f->m.nights = 1;
	f->m.price_per_night_cents = 12500;
	f->m.facilitators = f->facilitators;
	f->m.n_facilitators = 1;
	f->m.status = MEETING_CONFIRMED;
	f->m.sequence = 0;
}

static const struct ical_calendar request_cal = {
	ICS_METHOD_REQUEST, NULL, 0, "lwp.example.nl", 1514764800 /* 2018-01-01 */};

static const struct ical_person organizer = {"Leerwerkplaats, team", "team@lwp.example.nl",
					     ICS_ROLE_CHAIR, 0};
static const struct ical_person attendees[2] = {
	{"Jan \"Jansen\"; BZK", "jan@minbzk.example.nl", ICS_ROLE_REQ_PARTICIPANT, 1},
	{"Coach", "coach@example.nl", ICS_ROLE_OPT_PARTICIPANT, 1}};

/* Write one calendar of one meeting; the caller frees the buffer. */
static void write_one(struct buf *b, const struct ical_calendar *cal, const struct meeting *m,
		      const char *description)
{
	struct ical_entry e = {m, description, "https://lwp.example.nl/bijeenkomsten/42",
			       &organizer, attendees, 2, 0};
	struct lwp_error err = {0};
	buf_init(b, BUF_MAX_DEFAULT);
	assert_int_equal(ical_write(b, cal, &e, 1, &err), 0);
}

static icalcomponent *parse(struct buf *b)
{
	icalcomponent *c = icalparser_parse_string(buf_cstr(b));
	assert_non_null(c);
	assert_int_equal(icalcomponent_isa(c), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(c), 0);
	return c;
}

static int count_substr(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- meeting model ------------------------------------------------------------ */

static void test_meeting_valid(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct field_errors fe = {0};
	assert_int_equal(meeting_validate(&f.m, &fe), 0);
	assert_int_equal(fe.n, 0);

	f.days[1] = all_day_at(2018, 1, 26); /* days may mix times and all-day */
	assert_int_equal(meeting_validate(&f.m, &fe), 0);
}

static void expect_invalid(struct meeting *m, const char *field)
{
	struct field_errors fe = {0};
	assert_int_equal(meeting_validate(m, &fe), LWP_EINVAL);
	assert_non_null(field_errors_get(&fe, field));
}

static void test_meeting_invalid(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	f.days[1] = day_at(2018, 1, 27, 9 * 60, 16 * 60); /* a gap */
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.days[1] = day_at(2018, 1, 25, 9 * 60, 16 * 60); /* the same day twice */
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.days[0].end_minute = f.days[0].start_minute; /* end not after start */
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.days[0] = day_at(2018, 2, 29, 600, 700); /* no such date */
	f.days[1] = day_at(2018, 3, 1, 600, 700);
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.days[0].end_minute = 24 * 60;
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.m.n_days = 0;
	expect_invalid(&f.m, "days");
	fixture_init(&f);
	f.m.title = "";
	expect_invalid(&f.m, "title");
	fixture_init(&f);
	f.m.title = "Twee\nregels";
	expect_invalid(&f.m, "title");
	fixture_init(&f);
	f.m.kind = MEETING_KIND_COUNT;
	expect_invalid(&f.m, "kind");
	fixture_init(&f);
	f.m.nights = 3; /* more nights than days */
	expect_invalid(&f.m, "nights");
	fixture_init(&f);
	f.m.residential = 0; /* nights without a stay */
	expect_invalid(&f.m, "nights");
	fixture_init(&f);
	f.m.price_per_night_cents = -1;
	expect_invalid(&f.m, "price");
	fixture_init(&f);
	f.m.subgroup_id = -2;
	expect_invalid(&f.m, "subgroup");
	fixture_init(&f);
	f.facilitators[0] = "";
	expect_invalid(&f.m, "facilitators");
}

/* The spring-forward gap (02:00-03:00 on the last Sunday of March) has no
 * times; the autumn hour that occurs twice is allowed. */
static void test_meeting_dst_gap(void **state)
{
	(void)state;
	struct meeting_day d = day_at(2018, 3, 25, 2 * 60 + 30, 4 * 60);
	assert_non_null(meeting_day_check(&d));
	d = day_at(2018, 3, 25, 1 * 60, 2 * 60); /* the end in the gap */
	assert_non_null(meeting_day_check(&d));
	d = day_at(2018, 3, 25, 3 * 60, 4 * 60);
	assert_null(meeting_day_check(&d));
	d = day_at(2018, 10, 28, 2 * 60 + 30, 4 * 60);
	assert_null(meeting_day_check(&d));
	d = day_at(2030, 3, 31, 2 * 60, 3 * 60);
	assert_non_null(meeting_day_check(&d));

	/* an all-day day is 23 hours long on that Sunday, 25 in October */
	int64_t s, e;
	d = all_day_at(2018, 3, 25);
	assert_int_equal(meeting_day_span(&d, &s, &e), 0);
	assert_int_equal(e - s, 23 * 3600);
	d = all_day_at(2018, 10, 28);
	assert_int_equal(meeting_day_span(&d, &s, &e), 0);
	assert_int_equal(e - s, 25 * 3600);
	d = day_at(2018, 7, 1, 9 * 60, 17 * 60);
	assert_int_equal(meeting_day_span(&d, &s, &e), 0);
	assert_int_equal(s, 1530428400); /* 2018-07-01T07:00:00Z */
	assert_int_equal(e - s, 8 * 3600);
}

static void test_meeting_codes(void **state)
{
	(void)state;
	for (int k = 0; k < MEETING_KIND_COUNT; k++) {
		assert_int_equal(meeting_kind_parse(meeting_kind_code(k)), k);
		assert_true(strlen(meeting_kind_label(k)) > 0);
	}
	for (int s = 0; s < MEETING_STATUS_COUNT; s++)
		assert_int_equal(meeting_status_parse(meeting_status_code(s)), s);
	assert_int_equal(meeting_kind_parse("follow_up"), MEETING_FOLLOW_UP);
	assert_int_equal(meeting_kind_parse("Follow_up"), -1);
	assert_int_equal(meeting_kind_parse(NULL), -1);
	assert_int_equal(meeting_status_parse("cancelled"), MEETING_CANCELLED);
	assert_string_equal(meeting_kind_code(MEETING_KIND_COUNT), "");
	assert_string_equal(meeting_kind_text(MEETING_NETWORK, LANG_NL), "Netwerkbijeenkomst");
	assert_string_equal(meeting_kind_text(MEETING_NETWORK, LANG_EN), "Network meeting");
	assert_string_equal(meeting_status_text(MEETING_CANCELLED, LANG_NL), "Geannuleerd");
	for (int a = 0; a < POLL_ANSWER_COUNT; a++)
		assert_true(strlen(poll_answer_label(a)) > 0);
	assert_int_equal(poll_answer_parse("maybe"), POLL_MAYBE);
	assert_int_equal(poll_answer_parse(""), -1);
	assert_int_equal(poll_answer_parse("ja"), -1);
}

static void test_meeting_status_and_changes(void **state)
{
	(void)state;
	assert_true(meeting_status_allowed(MEETING_PROPOSED, MEETING_CONFIRMED));
	assert_true(meeting_status_allowed(MEETING_CONFIRMED, MEETING_CANCELLED));
	assert_true(meeting_status_allowed(MEETING_CONFIRMED, MEETING_CONFIRMED));
	assert_false(meeting_status_allowed(MEETING_CONFIRMED, MEETING_PROPOSED));
	assert_false(meeting_status_allowed(MEETING_CANCELLED, MEETING_CONFIRMED));

	struct fixture a, b;
	fixture_init(&a);
	fixture_init(&b);
	b.m.days = b.days;
	assert_false(meeting_calendar_changed(&a.m, &b.m));
	b.m.price_per_night_cents = 1; /* not in the calendar */
	assert_false(meeting_calendar_changed(&a.m, &b.m));
	b.days[1].end_minute += 15;
	assert_true(meeting_calendar_changed(&a.m, &b.m));
	fixture_init(&b);
	b.m.location = NULL;
	assert_true(meeting_calendar_changed(&a.m, &b.m));
	fixture_init(&b);
	b.m.n_days = 1;
	assert_true(meeting_calendar_changed(&a.m, &b.m));
}

static void test_meeting_day_format(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1024);
	struct meeting_day d = day_at(2018, 1, 25, 9 * 60 + 30, 17 * 60);
	meeting_day_format(&b, &d, LANG_NL);
	assert_string_equal(buf_cstr(&b), "25 januari 2018, 09:30-17:00");
	buf_reset(&b);
	d.all_day = 1;
	meeting_day_format(&b, &d, LANG_EN);
	assert_string_equal(buf_cstr(&b), "25 January 2018");
	buf_free(&b);
}

/* ---- poll: candidate syntax ---------------------------------------------------- */

static void test_candidate_parse(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct poll_candidate c;
	struct lwp_error err = {0};
	struct buf b;
	buf_init(&b, 1024);

	assert_int_equal(poll_candidate_parse(a, "2018-03-08 09:30-16:00", &c, &err), 0);
	assert_int_equal(c.n_days, 1);
	assert_int_equal(c.days[0].day, 8);
	assert_int_equal(c.days[0].start_minute, 570);
	assert_int_equal(c.days[0].end_minute, 960);
	assert_false(c.days[0].all_day);
	assert_int_equal(poll_candidate_format(&b, &c), 0);
	assert_string_equal(buf_cstr(&b), "2018-03-08 09:30-16:00");

	assert_int_equal(poll_candidate_parse(a, "2018-02-28..2018-03-02 10:00-17:00", &c, &err), 0);
	assert_int_equal(c.n_days, 3);
	assert_int_equal(c.days[1].month, 3);
	assert_int_equal(c.days[1].day, 1);
	assert_int_equal(c.days[2].day, 2);
	assert_int_equal(c.days[2].start_minute, 600);
	buf_reset(&b);
	assert_int_equal(poll_candidate_format(&b, &c), 0);
	assert_string_equal(buf_cstr(&b), "2018-02-28..2018-03-02 10:00-17:00");

	assert_int_equal(poll_candidate_parse(a, "2018-12-31..2019-01-01", &c, &err), 0);
	assert_int_equal(c.n_days, 2);
	assert_true(c.days[1].all_day);
	assert_int_equal(c.days[1].year, 2019);
	buf_reset(&b);
	assert_int_equal(poll_candidate_format(&b, &c), 0);
	assert_string_equal(buf_cstr(&b), "2018-12-31..2019-01-01");

	c.days[1].all_day = 0; /* no common times: no CLI form */
	buf_reset(&b);
	assert_int_equal(poll_candidate_format(&b, &c), LWP_EINVAL);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
	arena_free(a);
}

static void expect_parse_error(const char *s, const char *msg_part)
{
	struct arena *a = arena_new();
	struct poll_candidate c;
	struct lwp_error err = {0};
	assert_int_equal(poll_candidate_parse(a, s, &c, &err), LWP_EINVAL);
	assert_string_equal(err.field, "candidate");
	assert_non_null(err.msg);
	if (!strstr(err.msg, msg_part))
		fail_msg("%s: got \"%s\", expected it to contain \"%s\"", s, err.msg, msg_part);
	assert_null(c.days);
	arena_free(a);
}

static void test_candidate_errors(void **state)
{
	(void)state;
	expect_parse_error("", "Write a candidate");
	expect_parse_error("8 maart 2018", "Write a candidate");
	expect_parse_error("2018-03-08 9:30-16:00", "Write a candidate");
	expect_parse_error("2018-03-08 09:60-16:00", "Enter a time");
	expect_parse_error("2018-03-08 09:30-16:00 ", "Write a candidate");
	expect_parse_error("2018-03-08  09:30-16:00", "Write a candidate");
	expect_parse_error("2018-03-08T09:30-16:00", "Write a candidate");
	expect_parse_error("2018-03-08 09:30/16:00", "Write a candidate");
	expect_parse_error("2018-03-08...2018-03-09 09:30-16:00", "Write a candidate");
	expect_parse_error("2018-03-08 24:00-25:00", "Enter a time");
	expect_parse_error("2018-03-08 16:00-09:30", "end time must be after");
	expect_parse_error("2018-03-08 10:00-10:00", "end time must be after");
	expect_parse_error("2018-02-30 10:00-11:00", "existing date");
	expect_parse_error("2018-03-09..2018-03-08 10:00-11:00", "lies before");
	expect_parse_error("2018-03-01..2018-03-15 10:00-11:00", "1 to 14 days");
	expect_parse_error("2018-03-25 02:15-04:00", "does not exist in Amsterdam");
	expect_parse_error("2018-03-24..2018-03-25 02:15-04:00", "does not exist in Amsterdam");
	struct lwp_error err = {0};
	struct poll_candidate c;
	assert_int_equal(poll_candidate_parse(NULL, NULL, &c, &err), LWP_EINVAL);
}

/* ---- poll: the pick rule ---------------------------------------------------------- */

#define Y POLL_YES
#define M POLL_MAYBE
#define N POLL_NO
#define U POLL_NO_ANSWER

static void test_pick_examples(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct meeting_day days[4] = {
		day_at(2018, 3, 20, 600, 960), day_at(2018, 3, 15, 600, 960),
		day_at(2018, 3, 27, 600, 960), day_at(2018, 3, 15, 540, 960)};
	struct poll_candidate cands[4] = {{&days[0], 1}, {&days[1], 1}, {&days[2], 1}, {&days[3], 1}};
	unsigned char required[3] = {1, 0, 0};
	/* invitee 0 is required */
	enum poll_answer ans[3 * 4] = {
		Y, M, N, Y,
		Y, Y, Y, M,
		M, Y, Y, M};
	struct poll p = {cands, 4, 3, required, NULL, ans};
	struct poll_result r;
	assert_int_equal(poll_decide(a, &p, &r), 0);
	/* 0: 2 yes 1 maybe = 5; 1: 2 yes 1 maybe = 5; 2: blocked; 3: 1 yes 2 maybe = 4 */
	assert_int_equal(r.tally[0].score_halves, 5);
	assert_int_equal(r.tally[1].score_halves, 5);
	assert_false(r.tally[2].eligible);
	assert_int_equal(r.tally[2].block, POLL_BLOCK_REQUIRED_NO);
	assert_int_equal(r.tally[2].blocker, 0);
	assert_int_equal(r.tally[2].score_halves, 4);
	assert_int_equal(r.tally[3].score_halves, 4);
	/* candidates 0 and 1 tie; 1 (15 March) is earlier than 0 (20 March) */
	assert_int_equal(r.picked, 1);
	assert_int_equal(r.reason.code, POLL_REASON_TIE_EARLIEST);
	assert_int_equal(r.reason.tied, 2);
	assert_int_equal(r.reason.eligible, 3);
	assert_int_equal(r.reason.runner_up, 0);

	/* one more yes for candidate 3 (earlier on the same day) makes it win */
	ans[0 * 4 + 3] = Y;
	ans[1 * 4 + 3] = Y;
	assert_int_equal(poll_decide(a, &p, &r), 0);
	assert_int_equal(r.tally[3].score_halves, 5);
	assert_int_equal(r.picked, 3); /* 09:00 before 10:00 on 15 March */
	assert_int_equal(r.reason.tied, 3);

	/* the required invitee has not answered candidates 1 and 3 */
	ans[0 * 4 + 1] = U;
	ans[0 * 4 + 3] = U;
	assert_int_equal(poll_decide(a, &p, &r), 0);
	assert_int_equal(r.tally[1].block, POLL_BLOCK_REQUIRED_MISSING);
	assert_int_equal(r.tally[1].required_missing, 1);
	assert_int_equal(r.picked, 0);
	assert_int_equal(r.reason.code, POLL_REASON_ONLY_ELIGIBLE);
	assert_int_equal(r.reason.yes, 2);
	assert_int_equal(r.reason.maybe, 1);
	assert_int_equal(poll_everyone_answered(&p), 0);
	size_t *who, n;
	assert_int_equal(poll_unanswered(a, &p, &who, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(who[0], 0);
	assert_int_equal(poll_invitee_progress(&p, 0), POLL_PROGRESS_PARTIAL);
	assert_int_equal(poll_invitee_progress(&p, 1), POLL_PROGRESS_COMPLETE);

	/* and says no to candidate 0: nothing can be picked, however many yes */
	ans[0 * 4 + 0] = N;
	assert_int_equal(poll_decide(a, &p, &r), 0);
	assert_int_equal(r.picked, -1);
	assert_int_equal(r.reason.code, POLL_REASON_NONE_ELIGIBLE);
	assert_int_equal(r.reason.eligible, 0);
	arena_free(a);
}

static void test_pick_edges(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct poll_result r;
	struct poll empty = {NULL, 0, 0, NULL, NULL, NULL};
	assert_int_equal(poll_decide(a, &empty, &r), 0);
	assert_int_equal(r.picked, -1);
	assert_int_equal(r.reason.code, POLL_REASON_NO_CANDIDATES);
	assert_true(poll_everyone_answered(&empty));

	struct meeting_day days[2] = {day_at(2018, 4, 3, 600, 960), day_at(2018, 4, 4, 600, 960)};
	struct poll_candidate cands[2] = {{&days[0], 1}, {&days[1], 1}};
	/* nobody has answered and nobody is required: the earliest, score 0 */
	struct poll p = {cands, 2, 3, NULL, NULL, NULL};
	assert_int_equal(poll_decide(a, &p, &r), 0);
	assert_int_equal(r.picked, 0);
	assert_int_equal(r.tally[0].missing, 3);
	assert_int_equal(r.reason.code, POLL_REASON_TIE_EARLIEST);
	size_t *who, n;
	assert_int_equal(poll_unanswered(a, &p, &who, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(poll_invitee_progress(&p, 2), POLL_PROGRESS_NONE);

	/* a clear winner; a subgroup sees only its own members */
	enum poll_answer ans[4] = {N, Y, Y, N};
	unsigned char counted[2] = {0, 1};
	struct poll q = {cands, 2, 2, NULL, NULL, ans};
	assert_int_equal(poll_decide(a, &q, &r), 0);
	assert_int_equal(r.reason.code, POLL_REASON_TIE_EARLIEST);
	q.counted = counted;
	assert_int_equal(poll_decide(a, &q, &r), 0);
	assert_int_equal(r.picked, 0);
	assert_int_equal(r.reason.code, POLL_REASON_HIGHEST);
	assert_int_equal(r.reason.runner_up, 1);
	assert_int_equal(r.reason.runner_up_halves, 0);
	assert_int_equal(r.tally[1].no, 1);
	assert_int_equal(r.tally[1].yes, 0);

	/* invalid input */
	enum poll_answer bad[4] = {Y, Y, Y, 7};
	q.answers = bad;
	assert_int_equal(poll_decide(a, &q, &r), LWP_EINVAL);
	struct poll_candidate none[1] = {{NULL, 0}};
	struct poll z = {none, 1, 0, NULL, NULL, NULL};
	assert_int_equal(poll_decide(a, &z, &r), LWP_EINVAL);

	assert_true(poll_open(0, 5));
	assert_true(poll_open(100, 100));
	assert_false(poll_open(100, 101));
	arena_free(a);
}

static void test_reason_texts(void **state)
{
	(void)state;
	for (int c = 0; c < POLL_REASON_COUNT; c++)
		assert_true(strlen(poll_reason_template(c)) > 0);
	assert_non_null(strstr(poll_reason_template(POLL_REASON_HIGHEST), "{2}"));
	assert_non_null(strstr(poll_reason_template(POLL_REASON_TIE_EARLIEST), "{1}"));
	struct buf b;
	buf_init(&b, 64);
	poll_score_format(&b, 7, LANG_NL);
	assert_string_equal(buf_cstr(&b), "3,5");
	buf_reset(&b);
	poll_score_format(&b, 7, LANG_EN);
	assert_string_equal(buf_cstr(&b), "3.5");
	buf_reset(&b);
	poll_score_format(&b, 8, LANG_NL);
	assert_string_equal(buf_cstr(&b), "4");
	buf_free(&b);
}

/* ---- poll: property test against a reference ---------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

#define R_CANDS 7
#define R_PEOPLE 9

struct random_poll {
	struct meeting_day days[R_CANDS][3];
	struct poll_candidate cands[R_CANDS];
	unsigned char required[R_PEOPLE], counted[R_PEOPLE];
	enum poll_answer answers[R_PEOPLE * R_CANDS];
	struct poll p;
};

/* Dates close together and few start times, so that ties in score and in
 * time are common. */
static void random_poll(struct random_poll *rp)
{
	static const int starts[] = {-1, 9 * 60, 9 * 60, 13 * 60 + 30};
	memset(rp, 0, sizeof(*rp));
	size_t nc = rnd(R_CANDS + 1), ni = rnd(R_PEOPLE + 1);
	for (size_t c = 0; c < nc; c++) {
		int first = 20 + (int)rnd(5), start = starts[rnd(4)];
		size_t nd = 1 + rnd(3);
		for (size_t d = 0; d < nd; d++)
			rp->days[c][d] = start < 0 ? all_day_at(2018, 3, first + (int)d)
				: day_at(2018, 3, first + (int)d, start, start + 120);
		rp->cands[c].days = rp->days[c];
		rp->cands[c].n_days = nd;
	}
	for (size_t i = 0; i < ni; i++) {
		rp->required[i] = rnd(4) == 0;
		rp->counted[i] = rnd(5) != 0;
	}
	for (size_t k = 0; k < ni * nc; k++)
		rp->answers[k] = (enum poll_answer)rnd(POLL_ANSWER_COUNT);
	struct poll p = {rp->cands, nc, ni, rnd(3) ? rp->required : NULL,
			 rnd(2) ? rp->counted : NULL, rnd(8) ? rp->answers : NULL};
	rp->p = p;
}

/* The rule as the issue states it, written as plainly as possible. */
struct ref {
	int eligible[R_CANDS];
	double score[R_CANDS];
	int picked, n_eligible, tied;
};

static long ref_key(const struct poll_candidate *c)
{
	const struct meeting_day *d = &c->days[0];
	long date = d->year * 10000L + d->month * 100L + d->day;
	return date * 10000L + (d->all_day ? 0 : 1 + d->start_minute);
}

static void reference(const struct poll *p, struct ref *r)
{
	memset(r, 0, sizeof(*r));
	r->picked = -1;
	for (size_t c = 0; c < p->n_candidates; c++) {
		r->eligible[c] = 1;
		for (size_t i = 0; i < p->n_invitees; i++) {
			if (p->counted && !p->counted[i])
				continue;
			enum poll_answer ans = p->answers ? p->answers[i * p->n_candidates + c] : U;
			if (ans == Y)
				r->score[c] += 1.0;
			if (ans == M)
				r->score[c] += 0.5;
			if (p->required && p->required[i] && ans != Y && ans != M)
				r->eligible[c] = 0;
		}
		r->n_eligible += r->eligible[c];
	}
	/* visit in chronological order, positions breaking ties; keep the
	 * first strictly best */
	int order[R_CANDS], n = (int)p->n_candidates;
	for (int k = 0; k < n; k++)
		order[k] = k;
	for (int k = 1; k < n; k++)
		for (int j = k; j > 0 && ref_key(&p->candidates[order[j]]) <
					     ref_key(&p->candidates[order[j - 1]]); j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int k = 0; k < n; k++) {
		int c = order[k];
		if (r->eligible[c] && (r->picked < 0 || r->score[c] > r->score[r->picked]))
			r->picked = c;
	}
	for (int c = 0; r->picked >= 0 && c < n; c++)
		r->tied += r->eligible[c] && r->score[c] == r->score[r->picked];
}

static enum poll_reason_code ref_code(const struct poll *p, const struct ref *r)
{
	if (p->n_candidates == 0)
		return POLL_REASON_NO_CANDIDATES;
	if (r->picked < 0)
		return POLL_REASON_NONE_ELIGIBLE;
	if (r->n_eligible == 1)
		return POLL_REASON_ONLY_ELIGIBLE;
	return r->tied > 1 ? POLL_REASON_TIE_EARLIEST : POLL_REASON_HIGHEST;
}

static void check_against_reference(struct arena *a, const struct poll *p, uint64_t seed)
{
	struct ref ref;
	struct poll_result r;
	reference(p, &ref);
	assert_int_equal(poll_decide(a, p, &r), 0);
	if (r.picked != ref.picked)
		fail_msg("seed %llu: picked %d, reference %d", (unsigned long long)seed, r.picked,
			 ref.picked);
	assert_int_equal(r.reason.code, ref_code(p, &ref));
	assert_int_equal(r.reason.eligible, ref.n_eligible);
	if (r.picked >= 0) {
		assert_int_equal(r.reason.tied, ref.tied);
		assert_int_equal(r.reason.score_halves, (int)(ref.score[r.picked] * 2));
	}
	int everyone = 1;
	for (size_t c = 0; c < p->n_candidates; c++) {
		const struct poll_tally *t = &r.tally[c];
		assert_int_equal(t->eligible, ref.eligible[c]);
		assert_int_equal(t->score_halves, (int)(ref.score[c] * 2));
		assert_int_equal(t->score_halves, 2 * t->yes + t->maybe);
		assert_int_equal(t->block == POLL_ELIGIBLE, t->eligible);
		if (!t->eligible) {
			assert_true(p->required[t->blocker]);
			assert_true(t->required_no + t->required_missing > 0);
			assert_int_equal(t->block == POLL_BLOCK_REQUIRED_NO, t->required_no > 0);
		}
		everyone &= t->missing == 0;
	}
	assert_int_equal(poll_everyone_answered(p), everyone || p->n_candidates == 0);
}

static void check_unanswered(struct arena *a, const struct poll *p)
{
	size_t *who, n, k = 0;
	assert_int_equal(poll_unanswered(a, p, &who, &n), 0);
	for (size_t i = 0; i < p->n_invitees; i++) {
		if (p->counted && !p->counted[i])
			continue;
		int missing = 0;
		for (size_t c = 0; c < p->n_candidates; c++)
			missing |= !p->answers || p->answers[i * p->n_candidates + c] == U;
		if (missing) {
			assert_true(k < n);
			assert_int_equal(who[k++], i);
		}
	}
	assert_int_equal(k, n);
}

static void test_pick_property(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct random_poll rp;
	for (uint64_t seed = 1; seed <= 20000; seed++) {
		rng_state = seed * 0x9E3779B97F4A7C15ull;
		random_poll(&rp);
		check_against_reference(a, &rp.p, seed);
		check_unanswered(a, &rp.p);
		arena_reset(a);
	}
	arena_free(a);
}

/* Reordering the candidates never changes which one is picked: the rule
 * depends on dates and answers, not on the order of the list (except
 * between candidates at the very same time). */
static void test_pick_order_independent(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct random_poll rp;
	for (uint64_t seed = 1; seed <= 3000; seed++) {
		rng_state = seed * 0xD1B54A32D192ED03ull;
		random_poll(&rp);
		struct poll *p = &rp.p;
		size_t nc = p->n_candidates;
		if (nc < 2 || !p->answers)
			continue;
		struct poll_result r1, r2;
		assert_int_equal(poll_decide(a, p, &r1), 0);
		/* reverse the candidates and the answer columns */
		struct poll_candidate rev[R_CANDS];
		enum poll_answer ans[R_PEOPLE * R_CANDS];
		for (size_t c = 0; c < nc; c++) {
			rev[c] = p->candidates[nc - 1 - c];
			for (size_t i = 0; i < p->n_invitees; i++)
				ans[i * nc + c] = p->answers[i * nc + nc - 1 - c];
		}
		struct poll q = *p;
		q.candidates = rev;
		q.answers = ans;
		assert_int_equal(poll_decide(a, &q, &r2), 0);
		if (r1.picked < 0) {
			assert_int_equal(r2.picked, -1);
		} else {
			assert_true(r2.picked >= 0);
			assert_int_equal(meeting_day_compare(&rev[r2.picked].days[0],
							     &p->candidates[r1.picked].days[0]), 0);
			assert_int_equal(r2.reason.score_halves, r1.reason.score_halves);
		}
		arena_reset(a);
	}
	arena_free(a);
}

/* ---- iCalendar: the VTIMEZONE against libical ---------------------------------------- */

/* Day of the month of the last Sunday, by Sakamoto's weekday formula (kept
 * apart from core/tz.c on purpose). */
static int last_sunday(int y, int m)
{
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int last = 31; /* March and October both have 31 days */
	int yy = m < 3 ? y - 1 : y;
	int wd = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + last) % 7; /* 0 = Sunday */
	return last - wd;
}

static icaltimezone *our_zone(icalcomponent *cal)
{
	icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	assert_string_equal(icalproperty_get_tzid(tzid), "Europe/Amsterdam");
	assert_null(icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT));
	icaltimezone *zone = icaltimezone_new();
	assert_true(icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)));
	return zone;
}

static int offset_local(icaltimezone *z, int y, int m, int d, int h, int mi)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = y;
	t.month = m;
	t.day = d;
	t.hour = h;
	t.minute = mi;
	int dst = 0;
	return icaltimezone_get_utc_offset(z, &t, &dst);
}

static int offset_utc(icaltimezone *z, int y, int m, int d, int h, int mi, int s)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = y;
	t.month = m;
	t.day = d;
	t.hour = h;
	t.minute = mi;
	t.second = s;
	t.zone = icaltimezone_get_utc_timezone();
	int dst = 0;
	return icaltimezone_get_utc_offset_of_utc_time(z, &t, &dst);
}

static void test_vtimezone_dst_2018_2030(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct buf b;
	write_one(&b, &request_cal, &f.m, NULL);
	icalcomponent *cal = parse(&b);
	icaltimezone *z = our_zone(cal);
	for (int y = 2018; y <= 2030; y++) {
		int mar = last_sunday(y, 3), oct = last_sunday(y, 10);
		/* the instant of change: 01:00 UTC on both Sundays */
		assert_int_equal(offset_utc(z, y, 3, mar, 0, 59, 59), 3600);
		assert_int_equal(offset_utc(z, y, 3, mar, 1, 0, 0), 7200);
		assert_int_equal(offset_utc(z, y, 10, oct, 0, 59, 59), 7200);
		assert_int_equal(offset_utc(z, y, 10, oct, 1, 0, 0), 3600);
		/* wall-clock times around them, and a week on either side */
		assert_int_equal(offset_local(z, y, 3, mar, 1, 59), 3600);
		assert_int_equal(offset_local(z, y, 3, mar, 3, 0), 7200);
		assert_int_equal(offset_local(z, y, 3, mar - 7, 12, 0), 3600);
		assert_int_equal(offset_local(z, y, 3, mar - 1, 23, 59), 3600);
		assert_int_equal(offset_local(z, y, 4, 1 + (mar + 6) % 31, 12, 0), 7200);
		assert_int_equal(offset_local(z, y, 10, oct, 1, 59), 7200);
		assert_int_equal(offset_local(z, y, 10, oct, 3, 0), 3600);
		assert_int_equal(offset_local(z, y, 10, oct - 7, 12, 0), 7200);
		assert_int_equal(offset_local(z, y, 11, 1 + (oct + 6) % 31, 12, 0), 3600);
		assert_int_equal(offset_local(z, y, 1, 15, 12, 0), 3600);
		assert_int_equal(offset_local(z, y, 7, 15, 12, 0), 7200);
		/* the last Sunday is never a week too early */
		assert_true(mar + 7 > 31 && oct + 7 > 31);
	}
	icaltimezone_free(z, 1);
	icalcomponent_free(cal);
	buf_free(&b);
}

/* Events on both sides of each change, written by us and read by libical
 * through our VTIMEZONE, land on the instants core/tz.c computes. */
static void test_event_times_2018_2030(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, BUF_MAX_DEFAULT);
	assert_int_equal(ical_begin(&b, &request_cal), 0);
	struct meeting_day days[13 * 4];
	struct meeting ms[13 * 4];
	int k = 0;
	for (int y = 2018; y <= 2030; y++) {
		int mar = last_sunday(y, 3), oct = last_sunday(y, 10);
		days[k++] = day_at(y, 3, mar - 1, 23 * 60 + 30, 23 * 60 + 45);
		days[k++] = day_at(y, 3, mar, 3 * 60, 4 * 60);
		days[k++] = day_at(y, 10, oct, 1 * 60 + 30, 1 * 60 + 45);
		days[k++] = day_at(y, 10, oct, 3 * 60, 4 * 60);
	}
	for (int i = 0; i < k; i++) {
		memset(&ms[i], 0, sizeof(ms[i]));
		ms[i].id = i + 1;
		ms[i].title = "DST";
		ms[i].days = &days[i];
		ms[i].n_days = 1;
		ms[i].status = MEETING_CONFIRMED;
		struct ical_entry e = {&ms[i], NULL, NULL, &organizer, attendees, 1, 0};
		assert_int_equal(ical_meeting(&b, &request_cal, &e), 0);
	}
	assert_int_equal(ical_end(&b), 0);
	icalcomponent *cal = parse(&b);
	icaltimezone *z = our_zone(cal);
	int i = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), i++) {
		int64_t want_start, want_end;
		assert_int_equal(meeting_day_span(&days[i], &want_start, &want_end), 0);
		struct icaltimetype s = icalcomponent_get_dtstart(ev);
		struct icaltimetype e = icalcomponent_get_dtend(ev);
		assert_int_equal((int64_t)icaltime_as_timet_with_zone(s, z), want_start);
		assert_int_equal((int64_t)icaltime_as_timet_with_zone(e, z), want_end);
	}
	assert_int_equal(i, k);
	icaltimezone_free(z, 1);
	icalcomponent_free(cal);
	buf_free(&b);
}

/* ---- iCalendar: content -------------------------------------------------------------- */

static icalcomponent *nth_event(icalcomponent *cal, int n)
{
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	while (ev && n-- > 0)
		ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	return ev;
}

static void test_uid_and_sequence(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct buf b1, b2;
	write_one(&b1, &request_cal, &f.m, NULL);
	/* move both days a week, rename, raise the sequence */
	f.days[0] = day_at(2018, 2, 1, 9 * 60 + 30, 21 * 60);
	f.days[1] = day_at(2018, 2, 2, 9 * 60, 16 * 60);
	f.m.title = "Start (verplaatst)";
	f.m.sequence = 3;
	write_one(&b2, &request_cal, &f.m, NULL);
	icalcomponent *c1 = parse(&b1), *c2 = parse(&b2);
	for (int d = 0; d < 2; d++) {
		icalcomponent *e1 = nth_event(c1, d), *e2 = nth_event(c2, d);
		char want[64];
		snprintf(want, sizeof(want), "meeting-42-day-%d@lwp.example.nl", d + 1);
		assert_string_equal(icalcomponent_get_uid(e1), want);
		assert_string_equal(icalcomponent_get_uid(e2), want);
		assert_int_equal(icalcomponent_get_sequence(e1), 0);
		assert_int_equal(icalcomponent_get_sequence(e2), 3);
		assert_int_equal(icalcomponent_get_dtstart(e2).day, 1 + d);
		assert_int_equal(icalcomponent_get_dtstart(e1).day, 25 + d);
	}
	assert_null(icalcomponent_get_next_component(c1, ICAL_VEVENT_COMPONENT));
	assert_string_equal(icalcomponent_get_summary(nth_event(c2, 1)), "Start (verplaatst) (2/2)");
	/* the UID helper alone */
	struct buf u;
	buf_init(&u, 128);
	ical_uid(&u, 7, 0, "x.nl");
	assert_string_equal(buf_cstr(&u), "meeting-7-day-1@x.nl");
	buf_free(&u);
	icalcomponent_free(c1);
	icalcomponent_free(c2);
	buf_free(&b1);
	buf_free(&b2);
}

static void check_restrictions(icalcomponent *cal)
{
	int ok = icalrestriction_check(cal);
	if (!ok || icalcomponent_count_errors(cal) != 0)
		fail_msg("icalrestriction_check failed:\n%s", icalcomponent_as_ical_string(cal));
}

static void test_method_request_and_cancel(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct buf b;
	write_one(&b, &request_cal, &f.m, "Neem je laptop mee.");
	assert_non_null(strstr(buf_cstr(&b), "\r\nMETHOD:REQUEST\r\n"));
	icalcomponent *cal = parse(&b);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
	check_restrictions(cal);
	icalcomponent *ev = nth_event(cal, 0);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_string_equal(icalproperty_get_organizer(org), "mailto:team@lwp.example.nl");
	icalparameter *cn = icalproperty_get_first_parameter(org, ICAL_CN_PARAMETER);
	assert_string_equal(icalparameter_get_cn(cn), "Leerwerkplaats, team");
	assert_int_equal(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY), 2);
	icalproperty *att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	assert_string_equal(icalproperty_get_attendee(att), "mailto:jan@minbzk.example.nl");
	cn = icalproperty_get_first_parameter(att, ICAL_CN_PARAMETER);
	assert_string_equal(icalparameter_get_cn(cn), "Jan 'Jansen'; BZK");
	icalparameter *ps = icalproperty_get_first_parameter(att, ICAL_PARTSTAT_PARAMETER);
	assert_int_equal(icalparameter_get_partstat(ps), ICAL_PARTSTAT_NEEDSACTION);
	icalparameter *role = icalproperty_get_first_parameter(att, ICAL_ROLE_PARAMETER);
	assert_int_equal(icalparameter_get_role(role), ICAL_ROLE_REQPARTICIPANT);
	icalparameter *rsvp = icalproperty_get_first_parameter(att, ICAL_RSVP_PARAMETER);
	assert_int_equal(icalparameter_get_rsvp(rsvp), ICAL_RSVP_TRUE);
	icalproperty *stamp = icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY);
	assert_true(icaltime_is_utc(icalproperty_get_dtstamp(stamp)));
	assert_string_equal(icalcomponent_get_description(ev), "Neem je laptop mee.");
	icalcomponent_free(cal);
	buf_free(&b);

	/* the cancellation of the same meeting, sequence raised */
	struct ical_calendar cancel = request_cal;
	cancel.method = ICS_METHOD_CANCEL;
	f.m.status = MEETING_CANCELLED;
	f.m.sequence = 1;
	write_one(&b, &cancel, &f.m, NULL);
	cal = parse(&b);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	check_restrictions(cal);
	ev = nth_event(cal, 1);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	assert_string_equal(icalcomponent_get_uid(ev), "meeting-42-day-2@lwp.example.nl");
	icalcomponent_free(cal);
	buf_free(&b);
	assert_string_equal(ical_content_type(ICS_METHOD_CANCEL),
			    "text/calendar; charset=UTF-8; method=CANCEL");
}

static void test_feed(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct ical_calendar feed = {ICS_METHOD_NONE, "Leerwerkplaats 2018, agenda", 60,
				     "lwp.example.nl", 1514764800};
	struct ical_entry e = {&f.m, NULL, NULL, NULL, NULL, 0, 0};
	struct buf b;
	buf_init(&b, BUF_MAX_DEFAULT);
	assert_int_equal(ical_write(&b, &feed, &e, 1, NULL), 0);
	const char *s = buf_cstr(&b);
	assert_null(strstr(s, "METHOD"));
	assert_null(strstr(s, "ATTENDEE"));
	assert_null(strstr(s, "ORGANIZER"));
	assert_non_null(strstr(s, "\r\nNAME:Leerwerkplaats 2018\\, agenda\r\n"));
	assert_non_null(strstr(s, "\r\nX-WR-CALNAME:Leerwerkplaats 2018\\, agenda\r\n"));
	assert_non_null(strstr(s, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n"));
	assert_non_null(strstr(s, "\r\nDTSTART;TZID=Europe/Amsterdam:20180125T093000\r\n"));
	assert_non_null(strstr(s, "\r\nDTEND;TZID=Europe/Amsterdam:20180125T210000\r\n"));
	assert_non_null(strstr(s, "\r\nDTSTAMP:20180101T000000Z\r\n"));
	assert_int_equal(count_substr(s, "BEGIN:VEVENT"), 2);
	struct buf b2;
	buf_init(&b2, BUF_MAX_DEFAULT);
	e.dtstamp = 1515151515; /* the entry's own stamp wins */
	assert_int_equal(ical_write(&b2, &feed, &e, 1, NULL), 0);
	assert_int_equal(count_substr(buf_cstr(&b2), "\r\nDTSTAMP:20180105T112515Z\r\n"), 2);
	buf_free(&b2);
	/* the VTIMEZONE is short: no history, one of each observance */
	const char *vtz = strstr(s, "BEGIN:VTIMEZONE"), *end = strstr(s, "END:VTIMEZONE");
	assert_non_null(vtz);
	assert_non_null(end);
	int lines = 0;
	for (const char *p = vtz; p < end; p++)
		lines += *p == '\n';
	assert_true(lines <= 16);
	assert_int_equal(count_substr(s, "BEGIN:DAYLIGHT"), 1);
	assert_int_equal(count_substr(s, "BEGIN:STANDARD"), 1);
	assert_int_equal(count_substr(s, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"), 1);
	assert_int_equal(count_substr(s, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"), 1);
	icalcomponent *cal = parse(&b);
	icalcomponent_free(cal);
	buf_free(&b);
}

static void test_all_day(void **state)
{
	(void)state;
	struct meeting_day days[2] = {all_day_at(2018, 12, 31), all_day_at(2019, 1, 1)};
	struct meeting m = {0};
	m.id = 9;
	m.title = "Netwerkdag";
	m.days = days;
	m.n_days = 2;
	m.status = MEETING_CONFIRMED;
	struct buf b;
	write_one(&b, &request_cal, &m, NULL);
	const char *s = buf_cstr(&b);
	assert_non_null(strstr(s, "\r\nDTSTART;VALUE=DATE:20181231\r\nDTEND;VALUE=DATE:20190101\r\n"));
	assert_non_null(strstr(s, "\r\nDTSTART;VALUE=DATE:20190101\r\nDTEND;VALUE=DATE:20190102\r\n"));
	icalcomponent *cal = parse(&b);
	check_restrictions(cal);
	icalcomponent *ev = nth_event(cal, 0);
	struct icaltimetype st = icalcomponent_get_dtstart(ev), en = icalcomponent_get_dtend(ev);
	assert_true(st.is_date);
	assert_true(en.is_date);
	assert_int_equal(st.year, 2018);
	assert_int_equal(en.year, 2019);
	assert_int_equal(en.month, 1);
	assert_int_equal(en.day, 1);
	icalcomponent_free(cal);
	buf_free(&b);
}

/* Every physical line ends in CRLF, has at most 75 octets and is valid
 * UTF-8 on its own (no sequence split by a fold). */
static void check_lines(const char *s)
{
	size_t n = strlen(s);
	assert_true(n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n');
	for (const char *p = s; *p;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 75);
		assert_true(utf8_valid(p, (size_t)(eol - p)));
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		assert_null(memchr(p, '\r', (size_t)(eol - p)));
		p = eol + 2;
	}
}

static void test_fold_and_escape(void **state)
{
	(void)state;
	static const char text[] =
		"Programma: één dag over ‘nieuw organiseren’; daarna coöperatie, "
		"reflectie en evaluatie.\nVragen? Bel C:\\werk\\lwp, of mail ons; "
		"we zijn er ook in het weekend.\n\nTot ziens in Driebergen-Zeist, "
		"café ’t Hoekje — ½ uur lopen van het station. 日本語のテキストも大丈夫です。"
		"\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"
		"\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"
		"\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600";
	struct fixture f;
	fixture_init(&f);
	f.m.title = "Terugkomdag: ‘Samen veranderen’, deel 2; één dag met lunch en borrel na afloop";
	f.m.location = "Gebouw Noord, zaal 2.14; Turfmarkt 147, Den Haag";
	struct buf b;
	write_one(&b, &request_cal, &f.m, text);
	const char *s = buf_cstr(&b);
	check_lines(s);
	assert_non_null(strstr(s, "\r\n ")); /* something was folded */
	assert_null(strstr(s, "\r\n\r\n"));
	icalcomponent *cal = parse(&b);
	icalcomponent *ev = nth_event(cal, 0);
	assert_string_equal(icalcomponent_get_description(ev), text);
	assert_string_equal(icalcomponent_get_location(ev), f.m.location);
	char want[256];
	snprintf(want, sizeof(want), "%s (1/2)", f.m.title);
	assert_string_equal(icalcomponent_get_summary(ev), want);
	icalcomponent_free(cal);
	buf_free(&b);

	/* blanks at the ends go; a value of blanks alone is left out */
	f.m.title = " \tTitel ";
	f.m.location = "  ";
	write_one(&b, &request_cal, &f.m, "\tTekst\n ");
	assert_non_null(strstr(buf_cstr(&b), "\r\nSUMMARY:Titel (1/2)\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "\r\nDESCRIPTION:Tekst\\n\r\n"));
	assert_null(strstr(buf_cstr(&b), "LOCATION"));
	buf_free(&b);

	/* CR LF becomes one \n; the escapes themselves */
	buf_init(&b, 256);
	ical_escape_text(&b, "a,b;c\\d\r\ne");
	assert_string_equal(buf_cstr(&b), "a\\,b\\;c\\\\d\\ne");
	buf_free(&b);
}

/* Random text of awkward pieces (escapes, spaces at fold points, 2-, 3-
 * and 4-octet characters) comes back unchanged through libical. */
static void random_text(char *out, size_t cap)
{
	static const char *const pieces[] = {"a", " ", ",", ";", "\\", "\n", "é", "€", "\xF0\x9F\x98\x80",
					     ":", "\"", "xxxxxxxxxxxxx", "ĳ", "\t"};
	size_t len = 0, want = rnd(400);
	out[0] = '\0';
	while (len < want) {
		const char *p = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
		size_t n = strlen(p);
		if (len + n + 1 > cap)
			break;
		memcpy(out + len, p, n + 1);
		len += n;
	}
}

/* Blanks at either end of a value are dropped on purpose (parsers drop
 * them too); keep them out of the comparison. */
static void unblank_ends(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		s[i] = '_';
	for (size_t i = n; i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'); i--)
		s[i - 1] = '_';
}

static void test_text_round_trip(void **state)
{
	(void)state;
	char title[512], location[512], description[512];
	for (uint64_t seed = 1; seed <= 1000; seed++) {
		rng_state = seed * 0x2545F4914F6CDD1Dull;
		random_text(title, sizeof(title));
		random_text(location, sizeof(location));
		random_text(description, sizeof(description));
		if (!title[0])
			strcpy(title, "t");
		unblank_ends(title);
		unblank_ends(location);
		unblank_ends(description);
		struct fixture f;
		fixture_init(&f);
		f.m.n_days = 1;
		f.m.title = title;
		f.m.location = location;
		struct buf b;
		write_one(&b, &request_cal, &f.m, description);
		check_lines(buf_cstr(&b));
		icalcomponent *cal = parse(&b);
		icalcomponent *ev = nth_event(cal, 0);
		assert_string_equal(icalcomponent_get_summary(ev), title);
		if (location[0])
			assert_string_equal(icalcomponent_get_location(ev), location);
		if (description[0])
			assert_string_equal(icalcomponent_get_description(ev), description);
		icalcomponent_free(cal);
		buf_free(&b);
	}
}

/* Folding exactly at the limit: a line of 75 octets stays whole, 76 folds,
 * and a fold never lands inside a two-octet character or an escape. */
static void test_fold_boundaries(void **state)
{
	(void)state;
	char line[200];
	struct buf b;
	buf_init(&b, 1024);
	memset(line, 'x', 76);
	ical_line(&b, line, 75);
	assert_int_equal(b.len, 77);
	buf_reset(&b);
	ical_line(&b, line, 76);
	assert_int_equal(b.len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(b.data + 75, "\r\n x\r\n", 6);
	buf_reset(&b);
	memset(line, 'x', 74);
	memcpy(line + 74, "\xc3\xa9", 2); /* é would straddle octets 75 and 76 */
	ical_line(&b, line, 76);
	assert_memory_equal(b.data + 74, "\r\n \xc3\xa9\r\n", 7);
	buf_reset(&b);
	memcpy(line + 74, "\\,", 2);
	ical_line(&b, line, 76);
	assert_memory_equal(b.data + 74, "\r\n \\,\r\n", 7);
	buf_free(&b);
}

static void test_refuses_bad_input(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct ical_person bad = {"X", "x y@example.nl", ICS_ROLE_REQ_PARTICIPANT, 1};
	struct ical_entry e = {&f.m, NULL, NULL, &organizer, &bad, 1, 0};
	struct buf b;
	buf_init(&b, 4096);
	assert_int_equal(ical_meeting(&b, &request_cal, &e), LWP_EINVAL);
	assert_int_equal(b.len, 0);
	bad.email = "no-at-sign";
	assert_int_equal(ical_meeting(&b, &request_cal, &e), LWP_EINVAL);
	e.attendees = attendees;
	e.url = "javascript:\"x\"";
	assert_int_equal(ical_meeting(&b, &request_cal, &e), LWP_EINVAL);
	e.url = NULL;
	f.days[1].end_minute = 0;
	assert_int_equal(ical_meeting(&b, &request_cal, &e), LWP_EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(ical_meeting_day(&b, &request_cal, &e, 0), 0);
	assert_int_equal(count_substr(buf_cstr(&b), "BEGIN:VEVENT"), 1);
	assert_int_equal(ical_meeting_day(&b, &request_cal, &e, 2), LWP_EINVAL);
	/* RFC 5546: an invitation has an organizer and someone to invite */
	buf_reset(&b);
	e.n_attendees = 0;
	assert_int_equal(ical_meeting_day(&b, &request_cal, &e, 0), LWP_EINVAL);
	assert_int_equal(b.len, 0);
	struct ical_calendar cancel = request_cal;
	cancel.method = ICS_METHOD_CANCEL;
	assert_int_equal(ical_meeting_day(&b, &cancel, &e, 0), 0);
	e.organizer = NULL;
	assert_int_equal(ical_meeting_day(&b, &cancel, &e, 0), LWP_EINVAL);
	struct ical_calendar feed = request_cal;
	feed.method = ICS_METHOD_NONE;
	assert_int_equal(ical_meeting_day(&b, &feed, &e, 0), 0);
	feed.host = "lwp.example.nl,x";
	assert_int_equal(ical_meeting_day(&b, &feed, &e, 0), LWP_EINVAL);
	e.organizer = &organizer;
	buf_free(&b);

	/* a buffer too small fails as a whole */
	struct lwp_error err = {0};
	buf_init(&b, 500);
	fixture_init(&f);
	e.attendees = attendees;
	e.n_attendees = 2;
	assert_int_equal(ical_write(&b, &request_cal, &e, 1, &err), LWP_ENOMEM);
	assert_int_equal(err.code, LWP_ENOMEM);
	buf_free(&b);
}

static void write_under_tz(const char *tz, struct buf *b)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
	struct fixture f;
	fixture_init(&f);
	struct meeting_day days[2] = {day_at(2018, 3, 25, 3 * 60, 23 * 60 + 59),
				      all_day_at(2018, 3, 26)};
	f.m.days = days;
	struct ical_calendar cal = request_cal;
	cal.dtstamp = 1521939600; /* 2018-03-25T01:00:00Z, the change itself */
	write_one(b, &cal, &f.m, "Zomertijd");
}

static void test_tz_independent(void **state)
{
	(void)state;
	const char *saved = getenv("TZ");
	char *keep = saved ? strdup(saved) : NULL;
	struct buf utc, ny, ams;
	write_under_tz("UTC", &utc);
	write_under_tz("America/New_York", &ny);
	write_under_tz("Asia/Kolkata", &ams);
	assert_int_equal(utc.len, ny.len);
	assert_memory_equal(utc.data, ny.data, utc.len);
	assert_memory_equal(utc.data, ams.data, utc.len);
	assert_non_null(strstr(buf_cstr(&utc), "\r\nDTSTAMP:20180325T010000Z\r\n"));
	assert_non_null(strstr(buf_cstr(&utc), "\r\nDTSTART;TZID=Europe/Amsterdam:20180325T030000\r\n"));
	if (keep)
		setenv("TZ", keep, 1);
	else
		unsetenv("TZ");
	tzset();
	free(keep);
	buf_free(&utc);
	buf_free(&ny);
	buf_free(&ams);
}

static void test_format_utc(void **state)
{
	(void)state;
	char s[20];
	ical_format_utc(0, s, sizeof(s));
	assert_string_equal(s, "19700101T000000Z");
	ical_format_utc(951825600 + 86400 - 1, s, sizeof(s)); /* 2000-02-29 23:59:59 */
	assert_string_equal(s, "20000301T115959Z");
	ical_format_utc(1893455999, s, sizeof(s));
	assert_string_equal(s, "20291231T235959Z");
	ical_format_utc(1, s, 10); /* too small: empty, never truncated */
	assert_string_equal(s, "");
}

int main(void)
{
	icalerror_set_errors_are_fatal(0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_valid),
		cmocka_unit_test(test_meeting_invalid),
		cmocka_unit_test(test_meeting_dst_gap),
		cmocka_unit_test(test_meeting_codes),
		cmocka_unit_test(test_meeting_status_and_changes),
		cmocka_unit_test(test_meeting_day_format),
		cmocka_unit_test(test_candidate_parse),
		cmocka_unit_test(test_candidate_errors),
		cmocka_unit_test(test_pick_examples),
		cmocka_unit_test(test_pick_edges),
		cmocka_unit_test(test_reason_texts),
		cmocka_unit_test(test_pick_property),
		cmocka_unit_test(test_pick_order_independent),
		cmocka_unit_test(test_vtimezone_dst_2018_2030),
		cmocka_unit_test(test_event_times_2018_2030),
		cmocka_unit_test(test_uid_and_sequence),
		cmocka_unit_test(test_method_request_and_cancel),
		cmocka_unit_test(test_feed),
		cmocka_unit_test(test_all_day),
		cmocka_unit_test(test_fold_and_escape),
		cmocka_unit_test(test_fold_boundaries),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_refuses_bad_input),
		cmocka_unit_test(test_tz_independent),
		cmocka_unit_test(test_format_utc),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	icaltimezone_free_builtin_timezones();
	return rc;
}
