/*
 * Unit tests of the meetings capability outside HTTP (issue 15): the
 * calendar part of a mail (MIME as Exchange writes a meeting message, the
 * method checked against the two we send), the nights rule of attendance,
 * the UID host, and the services on a real SQLite file: a confirmed
 * meeting mails every invitee, a change raises SEQUENCE, attendance gives
 * nights and their price, and a poll closes into a meeting on its pick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/attendance.h"
#include "mail/mail.h"
#include "service/applications.h"
#include "service/attendance.h"
#include "service/editions.h"
#include "service/meetings.h"
#include "service/polls.h"
#include "store/store_meetings.h"

static const struct mail_config mc = {.smtp_url = "smtp://127.0.0.1:25",
				       .from_addr = "noreply@lwp.example.nl",
				       .from_name = "Leerwerkplaats", .retry_seconds = 60};

static char *mime(const struct mail *m)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	assert_int_equal(mail_mime(&b, &mc, m, 1700000000), 0);
	char *s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The base64 body of the part whose header has `type`, decoded. */
static char *part_body(const char *msg, const char *type)
{
	const char *h = strstr(msg, type);
	assert_non_null(h);
	const char *start = strstr(h, "\r\n\r\n") + 4, *end = strstr(start, "\r\n--");
	char *b64 = strndup(start, (size_t)(end - start)), *w = b64;
	for (const char *r = b64; *r; r++)
		if (*r != '\r' && *r != '\n')
			*w++ = *r;
	*w = '\0';
	size_t len = 0;
	char *out = calloc(1, strlen(b64) + 1);
	assert_int_equal(sodium_base642bin((unsigned char *)out, strlen(b64), b64, strlen(b64), NULL,
					   &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	free(b64);
	return out;
}

static void test_mime_calendar_part(void **state)
{
	(void)state;
	const char *cal = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
	struct mail m = {.to_addr = "a@x.nl", .to_name = "A", .subject = "Uitnodiging: Terugkomdag",
			 .body_text = "tekst", .body_html = "<p>html</p>", .calendar = cal,
			 .calendar_method = "REQUEST"};
	char *msg = mime(&m);
	assert_non_null(strstr(msg, "Content-Type: multipart/alternative;"));
	assert_non_null(strstr(msg, "Content-Class: urn:content-classes:calendarmessage\r\n"));
	const char *plain = strstr(msg, "Content-Type: text/plain");
	const char *html = strstr(msg, "Content-Type: text/html");
	const char *ics = strstr(msg, "Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\n");
	assert_true(plain && html && ics && plain < html && html < ics);
	char *body = part_body(msg, "Content-Type: text/calendar");
	assert_string_equal(body, cal);
	free(body);
	free(msg);
	m.calendar_method = "CANCEL";
	msg = mime(&m);
	assert_non_null(strstr(msg, "method=CANCEL\r\n"));
	free(msg);
}

static void test_mime_no_calendar(void **state)
{
	(void)state;
	struct mail plain = {.to_addr = "a@x.nl", .to_name = "A", .subject = "Onderwerp",
			     .body_text = "tekst", .body_html = "<p>html</p>"};
	char *msg = mime(&plain);
	assert_null(strstr(msg, "text/calendar"));
	assert_null(strstr(msg, "Content-Class"));
	free(msg);
	/* an unknown method never reaches a header: no part at all */
	struct mail bad = {.to_addr = "a@x.nl", .to_name = "A", .subject = "Onderwerp",
			   .body_text = "tekst", .body_html = "<p>h</p>",
			   .calendar = "BEGIN:VCALENDAR\r\n",
			   .calendar_method = "REQUEST\r\nBcc: x@y.nl"};
	msg = mime(&bad);
	assert_null(strstr(msg, "text/calendar"));
	assert_null(strstr(msg, "Bcc"));
	free(msg);
}

static void test_nights_rule(void **state)
{
	(void)state;
	/* two days, one night: the night before day 2 */
	assert_false(attendance_day_has_night(1, 2, 1));
	assert_true(attendance_day_has_night(2, 2, 1));
	/* two days, two nights (one before the first day) */
	assert_true(attendance_day_has_night(1, 2, 2));
	assert_true(attendance_day_has_night(2, 2, 2));
	/* no nights, positions out of range */
	assert_false(attendance_day_has_night(1, 1, 0));
	assert_false(attendance_day_has_night(0, 2, 2));
	assert_false(attendance_day_has_night(3, 2, 2));
	for (int s = 0; s < ATTENDANCE_STATUS_COUNT; s++)
		assert_int_equal(attendance_parse(attendance_code((enum attendance_status)s)), s);
	assert_int_equal(attendance_parse("aanwezig"), -1);
	assert_int_equal(attendance_parse(NULL), -1);
}

static void test_calendar_host(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(svc_calendar_host(a, "https://LWP.Example.nl:8443/x"), "lwp.example.nl");
	assert_string_equal(svc_calendar_host(a, "http://127.0.0.1:8080"), "127.0.0.1");
	assert_string_equal(svc_calendar_host(a, "http://[::1]:8080"), "lwp.invalid");
	assert_string_equal(svc_calendar_host(a, ""), "lwp.invalid");
	assert_string_equal(svc_calendar_host(a, NULL), "lwp.invalid");
	arena_free(a);
}

/* ---- services on a real database ---- */

struct fixture {
	char path[64];
	struct store *s;
	struct arena *a;
	struct meeting_env env;
	struct edition e;
	struct actor who;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct lwp_error err = {0};
	struct field_errors fe = {0};
	int applied = 0;
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "/tmp/lwp-test-meetings-%d.db", (int)getpid());
	unlink(f->path);
	if (store_open(f->path, &f->s, &err) || store_migrate(f->s, &applied) || !(f->a = arena_new()))
		return -1;
	f->who = ACTOR_CLI;
	svc_meeting_env_init(f->a, &f->env, "https://lwp.example.nl", NULL);
	f->e = (struct edition){.slug = "m-2031", .title = "M 2031", .description = "",
				.capacity = 5, .deadline = 2000000000, .policy = POLICY_FCFS,
				.fee_cents = 100, .accommodation_cents = 9500, .guided_months = 3,
				.status = EDITION_OPEN};
	int rc = svc_edition_create(f->s, f->a, &f->who, &f->e, 1700000000, &fe);
	if (rc) {
		fprintf(stderr, "edition: %s %s\n", lwp_result_name(rc), fe.n ? fe.items[0].field : "");
		return -1;
	}
	static const char *const people[][2] = {{"Ann Een", "ann@x.nl"}, {"Bob Twee", "bob@x.nl"}};
	for (int i = 0; i < 2; i++) {
		struct application_input in = {
			.name = (char *)people[i][0], .email = (char *)people[i][1],
			.organisation = (char *)"Org", .organisation_kind = (char *)"ministry",
			.function = (char *)"F", .initiative_title = (char *)"I",
			.theme = (char *)"new_organising", .motivation = (char *)"m", .question = (char *)"q",
			.lang = (char *)"nl", .eligible = 1, .consent = 1, .consent_directory = i};
		struct submission sub = {.slug = "m-2031", .in = &in, .base_url = "", .no_mail = 1,
					 .now = 1700000000 + i};
		if ((rc = svc_application_submit(f->s, f->a, &sub))) {
			fprintf(stderr, "apply: %s %s\n", lwp_result_name(rc),
				sub.fe.n ? sub.fe.items[0].field : "");
			return -1;
		}
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char wal[80];
	store_close(f->s);
	arena_free(f->a);
	unlink(f->path);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", f->path);
	unlink(wal);
	free(f);
	return 0;
}

static int64_t pending(struct fixture *f)
{
	int64_t p, failing;
	assert_int_equal(store_outbox_counts(f->s, &p, &failing), 0);
	return p;
}

static void test_meeting_invitations_and_nights(void **state)
{
	struct fixture *f = *state;
	struct meeting_day days[2] = {{2031, 4, 1, 0, 570, 1020}, {2031, 4, 2, 0, 570, 1020}};
	struct meeting m = {.edition_id = f->e.id, .title = "Start", .kind = MEETING_START,
			    .days = days, .n_days = 2, .residential = 1, .nights = 1,
			    .price_per_night_cents = 9500, .status = MEETING_PROPOSED};
	struct field_errors fe = {0};
	int64_t before = pending(f);
	assert_int_equal(svc_meeting_create(f->s, f->a, &f->who, &f->env, &m, NULL, 0, 1700000100, &fe), 0);
	assert_int_equal(pending(f), before); /* proposed: nothing sent */
	assert_int_equal(svc_meeting_set_status(f->s, f->a, &f->who, &f->env, m.id, MEETING_CONFIRMED,
						1700000200), 0);
	assert_int_equal(pending(f), before + 2); /* both participants */
	struct meeting_row mr;
	assert_int_equal(store_meeting_get(f->s, f->a, m.id, &mr), 0);
	assert_int_equal(mr.m.sequence, 1);
	/* confirming again changes nothing and sends nothing */
	assert_int_equal(svc_meeting_set_status(f->s, f->a, &f->who, &f->env, m.id, MEETING_CONFIRMED,
						1700000300), 0);
	assert_int_equal(pending(f), before + 2);
	struct invitee *part;
	int np;
	assert_int_equal(store_edition_participants(f->s, f->a, f->e.id, &part, &np), 0);
	assert_int_equal(np, 2);
	struct attendance_mark marks[] = {{0, part[0].person_id, ATTENDANCE_PRESENT},
					  {1, part[0].person_id, ATTENDANCE_PRESENT},
					  {0, part[1].person_id, ATTENDANCE_PRESENT},
					  {1, part[1].person_id, ATTENDANCE_ABSENT_NOTICE}};
	assert_int_equal(svc_attendance_record(f->s, f->a, &f->who, m.id, marks, 4, 1700000400), 0);
	struct attendance_mark wrong = {2, part[0].person_id, ATTENDANCE_PRESENT};
	assert_int_equal(svc_attendance_record(f->s, f->a, &f->who, m.id, &wrong, 1, 1700000400),
			 LWP_EINVAL);
	struct nights_row *nights;
	int n;
	assert_int_equal(store_nights_attended(f->s, f->a, f->e.id, &nights, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(nights[0].person_id, part[0].person_id);
	assert_int_equal(nights[0].nights, 1);
	assert_int_equal(nights[0].cents, 9500);
	struct stay_row *stays;
	assert_int_equal(store_stays_attended(f->s, f->a, f->e.id, &stays, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(stays[0].person_id, part[0].person_id);
	assert_true(stays[0].application_id > 0);
	assert_int_equal(stays[0].meeting_id, m.id);
	assert_string_equal(stays[0].meeting, "Start");
	assert_int_equal(stays[0].nights, 1);
	assert_int_equal(stays[0].price_per_night_cents, 9500);
	/* a cancelled meeting's nights are not charged, and it takes no marks */
	assert_int_equal(svc_meeting_set_status(f->s, f->a, &f->who, &f->env, m.id, MEETING_CANCELLED,
						1700000500), 0);
	assert_int_equal(pending(f), before + 4);
	assert_int_equal(store_nights_attended(f->s, f->a, f->e.id, &nights, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(svc_attendance_record(f->s, f->a, &f->who, m.id, marks, 1, 1700000600),
			 LWP_ECLOSED);
	/* cancelled to confirmed is not a move the rules allow: propose again first */
	assert_int_equal(svc_meeting_set_status(f->s, f->a, &f->who, &f->env, m.id, MEETING_CONFIRMED,
						1700000700), LWP_ECLOSED);
	assert_int_equal(pending(f), before + 4);
}

/* A confirmed meeting that loses a day: every invitee gets the new
 * invitation and a cancellation of the day that is gone. */
static void test_dropped_day_is_cancelled(void **state)
{
	struct fixture *f = *state;
	struct meeting_day days[2] = {{2031, 6, 3, 0, 570, 1020}, {2031, 6, 4, 0, 570, 1020}};
	struct meeting m = {.edition_id = f->e.id, .title = "Twee dagen", .kind = MEETING_FOLLOW_UP,
			    .days = days, .n_days = 2, .status = MEETING_CONFIRMED};
	struct field_errors fe = {0};
	int64_t before = pending(f);
	assert_int_equal(svc_meeting_create(f->s, f->a, &f->who, &f->env, &m, NULL, 0, 1700000100, &fe), 0);
	assert_int_equal(pending(f), before + 2);
	struct meeting one = m;
	one.n_days = 1;
	assert_int_equal(svc_meeting_update(f->s, f->a, &f->who, &f->env, &one, NULL, 0, 1700000200, &fe), 0);
	assert_int_equal(pending(f), before + 6);
	struct meeting_row mr;
	assert_int_equal(store_meeting_get(f->s, f->a, m.id, &mr), 0);
	assert_int_equal(mr.m.n_days, 1);
	assert_int_equal(mr.m.sequence, 1);
	/* an edit that changes nothing a calendar shows sends nothing */
	assert_int_equal(svc_meeting_update(f->s, f->a, &f->who, &f->env, &one, NULL, 0, 1700000300, &fe), 0);
	assert_int_equal(pending(f), before + 6);
	assert_int_equal(store_meeting_get(f->s, f->a, m.id, &mr), 0);
	assert_int_equal(mr.m.sequence, 1);
}

static void test_poll_closes_on_the_pick(void **state)
{
	struct fixture *f = *state;
	struct meeting_day d[2] = {{2031, 5, 6, 0, 780, 1020}, {2031, 5, 8, 0, 780, 1020}};
	struct poll_candidate c[2] = {{&d[0], 1}, {&d[1], 1}};
	const char *req[] = {"ann@x.nl"};
	struct poll_new in = {.edition_id = f->e.id, .title = "Extra", .kind = MEETING_EXTRA_DAY,
			      .candidates = c, .n_candidates = 2, .required = req, .n_required = 1};
	struct field_errors fe = {0};
	int64_t id, meeting;
	int picked;
	assert_int_equal(svc_poll_create(f->s, f->a, &f->who, &f->env, &in, 1700000000, &fe, &id), 0);
	const char *nobody[] = {"zed@x.nl"};
	struct poll_new bad = in;
	bad.required = nobody;
	struct field_errors fe2 = {0};
	assert_int_equal(svc_poll_create(f->s, f->a, &f->who, &f->env, &bad, 1700000000, &fe2, &id),
			 LWP_EINVAL);
	assert_non_null(field_errors_get(&fe2, "require"));
	struct poll_full p;
	assert_int_equal(store_poll_get(f->s, f->a, id, &p), 0);
	assert_int_equal(p.n_invitees, 2);
	/* nobody answered: the required invitee blocks both */
	assert_int_equal(svc_poll_close(f->s, f->a, &f->who, &f->env, id, 1700000100, &meeting, &picked),
			 LWP_ECONFLICT);
	int64_t ann, bob;
	assert_int_equal(svc_poll_invitee_by_email(&p, "ann@x.nl", &ann), 0);
	assert_int_equal(svc_poll_invitee_by_email(&p, "BOB@x.nl", &bob), 0);
	enum poll_answer a1[] = {POLL_MAYBE, POLL_YES}, a2[] = {POLL_YES, POLL_NO};
	assert_int_equal(svc_poll_answer(f->s, f->a, &f->who, &f->env, id, ann, a1, NULL, 1700000200), 0);
	assert_int_equal(svc_poll_answer(f->s, f->a, &f->who, &f->env, id, bob, a2, NULL, 1700000300), 0);
	/* 1.5 against 1: the first date */
	assert_int_equal(svc_poll_close(f->s, f->a, &f->who, &f->env, id, 1700000400, &meeting, &picked), 0);
	assert_int_equal(picked, 0);
	struct meeting_row mr;
	assert_int_equal(store_meeting_get(f->s, f->a, meeting, &mr), 0);
	assert_int_equal(mr.m.status, MEETING_CONFIRMED);
	assert_int_equal(mr.m.days[0].day, 6);
	assert_int_equal(svc_poll_close(f->s, f->a, &f->who, &f->env, id, 1700000500, &meeting, &picked),
			 LWP_ECLOSED);
	assert_int_equal(svc_poll_answer(f->s, f->a, &f->who, &f->env, id, ann, a2, NULL, 1700000600),
			 LWP_ECLOSED);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mime_calendar_part),
		cmocka_unit_test(test_mime_no_calendar),
		cmocka_unit_test(test_nights_rule),
		cmocka_unit_test(test_calendar_host),
		cmocka_unit_test_setup_teardown(test_meeting_invitations_and_nights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dropped_day_is_cancelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_closes_on_the_pick, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
