/*
 * The demo's first edition as it happened (issue 15): a prequel for the
 * whole group on 12 January 2018, the residential two-day start on 25-26
 * January, the second subgroup's two-day start on 8-9 February, follow-ups
 * on 8 March and 3 April, two extra single days before 3 April each planned
 * by a poll that was answered and closed, attendance with a few absences
 * (each subgroup at its own start, and nobody missed the night there: the
 * invoices charge the nights attended), and the move to the network phase in May 2018 with a network meeting led
 * by the facilitator. Everything goes through the services at the moments
 * it happened, so the audit log and the outbox read like the real year.
 */
#include "cli/demo.h"
#include "core/log.h"
#include "core/tz.h"
#include "service/accounts.h"
#include "service/attendance.h"
#include "service/polls.h"
#include "service/selection.h"
#include "service/subgroups.h"

#include <stdlib.h>
#include <string.h>

struct demo_ctx {
	struct store *s;
	struct arena *a;
	struct actor who;
	struct meeting_env env;
	struct edition e;
	int64_t coaches[2];
	int64_t facilitator;
};

static int64_t at(int y, int m, int d, int h)
{
	int64_t t = 0;
	return tz_local_to_utc(y, m, d, h, 0, &t) ? 0 : t;
}

/* The 2018 edition is seeded closed, its selection left to the lead (or
 * to the demo's selection step, added by another capability). When it is
 * still not selected, select and confirm it here so that the meetings have
 * participants. */
static int ensure_selected(struct demo_ctx *c)
{
	if (c->e.status != EDITION_CLOSED && c->e.status != EDITION_OPEN)
		return 0;
	struct selection_plan plan;
	int64_t now = at(2017, 11, 20, 10);
	int rc = svc_selection_plan(c->s, c->a, c->e.slug, now, 2.0, &plan);
	if (!rc) {
		rc = svc_selection_confirm(c->s, c->a, &plan, "", &c->who, now);
		svc_selection_plan_free(&plan);
	}
	return rc ? rc : store_edition_get(c->s, c->a, c->e.slug, &c->e);
}

static int demo_user(struct demo_ctx *c, const char *email, const char *name, int coach,
		     int64_t *id)
{
	struct user u;
	int rc = store_user_by_email(c->s, c->a, email, &u);
	if (rc == LWP_ENOTFOUND)
		rc = svc_user_create(c->s, c->a, &c->who, email, name, "nl", NULL, at(2017, 12, 1, 9),
				     &u.id);
	if (rc || (rc = store_user_get(c->s, c->a, u.id, &u)))
		return rc;
	*id = u.id;
	return coach ? svc_role_change(c->s, c->a, &c->who, &u, ROLE_COACH, &c->e, 1,
				       at(2017, 12, 1, 9))
		     : 0;
}

static int meeting(struct demo_ctx *c, const char *title, enum meeting_kind kind, int y, int m,
		   int d, int n_days, int nights, const int64_t *fac, size_t nfac, int64_t *id)
{
	struct meeting_day days[2];
	for (int i = 0; i < n_days; i++)
		days[i] = (struct meeting_day){y, m, d + i, 0, 9 * 60 + 30, 17 * 60};
	struct meeting mt = {.edition_id = c->e.id, .title = (char *)title, .kind = kind,
			     .days = days, .n_days = (size_t)n_days,
			     .location = (char *)(nights ? "Landgoed De Horst, Driebergen"
							 : "Ministerie van BZK, Den Haag"),
			     .residential = nights > 0, .nights = nights,
			     .price_per_night_cents = !nights ? 0 : c->e.accommodation_cents
						      ? c->e.accommodation_cents : DEMO_PRICE_PER_NIGHT,
			     .status = MEETING_CONFIRMED};
	struct field_errors fe = {0};
	int rc = svc_meeting_create(c->s, c->a, &c->who, &c->env, &mt, fac, nfac,
				    at(y, m, d, 9) - 21 * 86400, &fe);
	*id = mt.id;
	return rc;
}

/* A poll for an extra day: three candidates, answered by everyone (the
 * coaches are required), closed into its meeting. */
static int extra_day(struct demo_ctx *c, const char *title, int month, const int *days,
		     int64_t *meeting_id)
{
	struct meeting_day md[3];
	struct poll_candidate cand[3];
	for (int i = 0; i < 3; i++) {
		md[i] = (struct meeting_day){2018, month, days[i], 0, 13 * 60, 17 * 60};
		cand[i] = (struct poll_candidate){&md[i], 1};
	}
	struct user u0, u1;
	int rc = store_user_get(c->s, c->a, c->coaches[0], &u0);
	if (rc || (rc = store_user_get(c->s, c->a, c->coaches[1], &u1)))
		return rc;
	const char *req[] = {u0.email, u1.email};
	int64_t made = at(2018, 2, 20, 10), id;
	struct poll_new in = {.edition_id = c->e.id, .title = title, .kind = MEETING_EXTRA_DAY,
			      .location = "Ministerie van BZK, Den Haag", .candidates = cand,
			      .n_candidates = 3, .required = req, .n_required = 2,
			      .deadline = made + 10 * 86400};
	struct field_errors fe = {0};
	struct poll_full p;
	if ((rc = svc_poll_create(c->s, c->a, &c->who, &c->env, &in, made, &fe, &id)) ||
	    (rc = store_poll_get(c->s, c->a, id, &p)))
		return rc;
	for (size_t i = 0; !rc && i < p.n_invitees; i++) {
		/* The coaches can come on the first two dates; the group
		 * prefers the second, some only if need be. */
		enum poll_answer ans[3] = {POLL_YES, POLL_YES, POLL_NO};
		if (!p.invitees[i].required) {
			ans[0] = i % 3 == 0 ? POLL_YES : POLL_NO;
			ans[1] = i % 4 == 1 ? POLL_MAYBE : POLL_YES;
			ans[2] = i % 2 ? POLL_YES : POLL_MAYBE;
		}
		rc = svc_poll_answer(c->s, c->a, &c->who, &c->env, id, p.invitees[i].id, ans, NULL,
				     made + 86400 + (int64_t)i * 600);
	}
	int picked;
	return rc ? rc : svc_poll_close(c->s, c->a, &c->who, &c->env, id, made + 11 * 86400,
					meeting_id, &picked);
}

/* 1 when the participant with this address is in subgroup position g
 * (participants without a confirmed subgroup count as the first's). */
static int in_subgroup(const struct subgroups_state *st, const char *email, int g)
{
	for (int i = 0; i < st->n; i++)
		if (strcmp(st->rows[i].email, email) == 0)
			return st->confirmed[i] == g || (g == 0 && st->confirmed[i] < 0);
	return g == 0;
}

/* Everyone present, except a few: a pattern over participants and days;
 * nobody misses a day that ends in a night at a residential meeting. Only
 * subgroup position `group` (the two starts), or everyone (group -1). */
static int attendance(struct demo_ctx *c, int64_t meeting_id, int salt, int group)
{
	struct meeting_row mr;
	struct invitee *part;
	struct subgroups_state st;
	int np, rc = store_meeting_get(c->s, c->a, meeting_id, &mr);
	if (rc || (rc = store_edition_participants(c->s, c->a, c->e.id, &part, &np)))
		return rc;
	memset(&st, 0, sizeof(st));
	if (group >= 0 && (rc = svc_subgroups_load(c->s, c->a, &c->e, &st)))
		return rc;
	struct attendance_mark *marks = arena_calloc(c->a, (size_t)np * mr.m.n_days + 1,
						     sizeof(*marks));
	size_t n = 0;
	if (!marks)
		return LWP_ENOMEM;
	size_t night_from = mr.m.residential && (size_t)mr.m.nights < mr.m.n_days
			    ? mr.m.n_days - (size_t)mr.m.nights : mr.m.n_days;
	for (int i = 0; i < np; i++) {
		if (group >= 0 && !in_subgroup(&st, part[i].email, group))
			continue;
		for (size_t d = 0; d < mr.m.n_days; d++) {
			int k = (i * 7 + (int)d * 3 + salt) % 23;
			enum attendance_status mark = d >= night_from ? ATTENDANCE_PRESENT
						     : k == 0 ? ATTENDANCE_ABSENT_NOTICE
						     : k == 11 && salt % 2 ? ATTENDANCE_ABSENT
						     : ATTENDANCE_PRESENT;
			marks[n++] = (struct attendance_mark){d, part[i].person_id, mark};
		}
	}
	const struct meeting_day *last = &mr.m.days[mr.m.n_days - 1];
	return svc_attendance_record(c->s, c->a, &c->who, meeting_id, marks, n,
				     at(last->year, last->month, last->day, 18));
}

static int seed(struct demo_ctx *c)
{
	int64_t ids[8];
	static const int extra1[] = {13, 15, 20}, extra2[] = {22, 27, 29};
	int rc = ensure_selected(c);
	if (rc || (rc = demo_user(c, "coach.anne@ecop.example", "Anne de Wit", 1, &c->coaches[0])) ||
	    (rc = demo_user(c, "coach.joost@ecop.example", "Joost Bakker", 1, &c->coaches[1])) ||
	    (rc = demo_user(c, "fenna.visser@ecop.example", "Fenna Visser", 0, &c->facilitator)))
		return rc;
	if ((rc = meeting(c, "Voorloper", MEETING_PREQUEL, 2018, 1, 12, 1, 0, NULL, 0, &ids[0])) ||
	    (rc = meeting(c, "Tweedaagse start", MEETING_START, 2018, 1, 25, 2, 1, NULL, 0, &ids[1])) ||
	    /* The second subgroup's start: for the whole group until
	     * subgroups exist; the subgroup capability sets its
	     * subgroup_id (meetings.subgroup_id) to the second subgroup. */
	    (rc = meeting(c, "Tweedaagse start, tweede groep", MEETING_START, 2018, 2, 8, 2, 1, NULL,
			  0, &ids[2])) ||
	    (rc = meeting(c, "Terugkomdag", MEETING_FOLLOW_UP, 2018, 3, 8, 1, 0, NULL, 0, &ids[3])) ||
	    (rc = extra_day(c, "Extra dag: intervisie", 3, extra1, &ids[4])) ||
	    (rc = extra_day(c, "Extra dag: praktijkbezoek", 3, extra2, &ids[5])) ||
	    (rc = meeting(c, "Terugkomdag", MEETING_FOLLOW_UP, 2018, 4, 3, 1, 0, NULL, 0, &ids[6])))
		return rc;
	/* ids[1] and ids[2]: the first and the second subgroup's start */
	for (int i = 0; !rc && i < 7; i++)
		rc = attendance(c, ids[i], i, i == 1 ? 0 : i == 2 ? 1 : -1);
	if (rc || (rc = svc_phase_set_date(c->s, c->a, &c->who, c->e.id, "2018-05-01",
					   at(2018, 4, 3, 18))) ||
	    (rc = svc_phase_network(c->s, c->a, &c->who, c->e.id, at(2018, 5, 1, 8))) ||
	    (rc = store_edition_get(c->s, c->a, c->e.slug, &c->e)))
		return rc;
	return meeting(c, "Netwerkbijeenkomst", MEETING_NETWORK, 2018, 6, 14, 1, 0,
		       &c->facilitator, 1, &ids[7]);
}

int demo_meetings(struct store *s)
{
	struct demo_ctx c = {.s = s, .a = arena_new(), .who = ACTOR_SYSTEM};
	struct meeting_row *rows;
	int n = 0, rc = c.a ? store_edition_get(s, c.a, DEMO_SLUG_2018, &c.e) : LWP_ENOMEM;
	if (!rc)
		rc = store_meeting_list(s, c.a, c.e.id, 0, &rows, &n);
	if (!rc && n == 0) {
		svc_meeting_env_init(c.a, &c.env, getenv("LWP_BASE_URL"), getenv("LWP_MAIL_FROM"));
		c.env.no_mail = 1; /* 2018 is history: its invitations are not sent */
		rc = seed(&c);
	}
	if (rc)
		log_error("demo: could not create the meetings (%s)", lwp_result_name(rc));
	arena_free(c.a);
	return rc;
}
