/* See attendance.h. */
#include "service/attendance.h"
#include "core/tz.h"
#include "store/store_write.h"

#include <stdio.h>
#include <string.h>

struct attendance_change {
	struct arena *a;
	const struct actor *who;
	int64_t id;
	const struct attendance_mark *marks;
	size_t n;
	const char *date;
	int64_t now;
	int count;
};

static int is_participant(const struct invitee *p, int n, int64_t person_id)
{
	for (int i = 0; i < n; i++)
		if (p[i].person_id == person_id)
			return 1;
	return 0;
}

static int record_tx(struct store *s, void *ctx)
{
	struct attendance_change *c = ctx;
	struct meeting_row mr;
	struct invitee *part;
	int np, rc = store_meeting_get(s, c->a, c->id, &mr);
	if (rc || (rc = store_edition_participants(s, c->a, mr.m.edition_id, &part, &np)))
		return rc;
	if (mr.m.status != MEETING_CONFIRMED)
		return LWP_ECLOSED;
	for (size_t i = 0; !rc && i < c->n; i++) {
		const struct attendance_mark *k = &c->marks[i];
		if (k->day >= mr.m.n_days || !is_participant(part, np, k->person_id) ||
		    (unsigned)k->status >= ATTENDANCE_STATUS_COUNT)
			return LWP_EINVAL;
		rc = store_attendance_set(s, mr.day_ids[k->day], k->person_id, k->status,
					  c->who->name, c->now);
	}
	return rc ? rc : svc_audit(s, c->who, c->now, "attendance.record",
				   arena_printf(c->a, "meeting:%lld", (long long)c->id),
				   arena_printf(c->a, "%zu marks", c->n));
}

int svc_attendance_record(struct store *s, struct arena *a, const struct actor *who,
			  int64_t meeting_id, const struct attendance_mark *marks, size_t n,
			  int64_t now)
{
	struct attendance_change c = {.a = a, .who = who, .id = meeting_id, .marks = marks,
				      .n = n, .now = now};
	return store_write(s, record_tx, &c);
}

static char *edition_object(struct arena *a, const struct edition *e)
{
	return arena_printf(a, "edition:%s", e->slug);
}

static int date_tx(struct store *s, void *ctx)
{
	struct attendance_change *c = ctx;
	struct edition e;
	int rc = store_edition_by_id(s, c->a, c->id, &e);
	if (rc || (rc = store_phase_set_date(s, e.id, c->date)))
		return rc;
	return svc_audit(s, c->who, c->now, "edition.network_date", edition_object(c->a, &e),
			 c->date ? c->date : "none");
}

int svc_phase_set_date(struct store *s, struct arena *a, const struct actor *who,
		       int64_t edition_id, const char *date, int64_t now)
{
	int y, m, d;
	if (date && *date && tz_parse_date(date, &y, &m, &d))
		return LWP_EINVAL;
	struct attendance_change c = {.a = a, .who = who, .id = edition_id,
				      .date = date && *date ? date : NULL, .now = now};
	return store_write(s, date_tx, &c);
}

int svc_phase_guided(enum edition_status st)
{
	return st == EDITION_OPEN || st == EDITION_CLOSED || st == EDITION_SELECTED ||
	       st == EDITION_RUNNING;
}

static int network_tx(struct store *s, void *ctx)
{
	struct attendance_change *c = ctx;
	struct edition e;
	int rc = store_edition_by_id(s, c->a, c->id, &e);
	if (rc)
		return rc;
	if (!svc_phase_guided(e.status))
		return LWP_ECLOSED;
	if ((rc = store_edition_set_status(s, e.id, EDITION_NETWORK)) ||
	    (rc = store_phase_moved(s, e.id, c->who->name, c->now)))
		return rc;
	return svc_audit(s, c->who, c->now, "edition.network", edition_object(c->a, &e),
			 arena_printf(c->a, "status %s -> network", edition_status_code(e.status)));
}

int svc_phase_network(struct store *s, struct arena *a, const struct actor *who,
		      int64_t edition_id, int64_t now)
{
	struct attendance_change c = {.a = a, .who = who, .id = edition_id, .now = now};
	return store_write(s, network_tx, &c);
}

int svc_phase_due(struct store *s, int64_t now, int *moved)
{
	struct local_time lt;
	char today[16];
	int64_t ids[64];
	int n;
	tz_to_local(now, &lt);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", lt.year, lt.month, lt.day);
	*moved = 0;
	int rc = store_editions_due_network(s, today, ids, 64, &n);
	const struct actor sys = ACTOR_SYSTEM;
	for (int i = 0; !rc && i < n; i++) {
		struct arena *a = arena_new();
		if (!a)
			return LWP_ENOMEM;
		rc = svc_phase_network(s, a, &sys, ids[i], now);
		arena_free(a);
		if (rc == LWP_ECLOSED)
			rc = 0; /* moved by someone else meanwhile */
		else if (!rc)
			(*moved)++;
	}
	return rc;
}

/* The participant's account (made when missing) with the member role. */
static int make_member(struct store *s, struct attendance_change *c, const struct invitee *p)
{
	struct user u;
	int64_t id;
	int rc = store_user_by_email(s, c->a, p->email, &u);
	if (rc == 0)
		id = u.id;
	else if (rc == LWP_ENOTFOUND)
		rc = store_user_create(s, c->a, p->email, p->name, p->lang ? p->lang : "nl", c->now,
				       &id);
	if (rc)
		return rc;
	rc = store_role_grant(s, id, ROLE_MEMBER, 0);
	if (rc == LWP_ECONFLICT)
		return 0; /* a member already */
	c->count += !rc;
	return rc;
}

static int finish_tx(struct store *s, void *ctx)
{
	struct attendance_change *c = ctx;
	struct edition e;
	struct invitee *part;
	int np, rc = store_edition_by_id(s, c->a, c->id, &e);
	if (rc)
		return rc;
	if (e.status != EDITION_NETWORK)
		return LWP_ECLOSED;
	if ((rc = store_edition_participants(s, c->a, e.id, &part, &np)) ||
	    (rc = store_edition_set_status(s, e.id, EDITION_FINISHED)))
		return rc;
	for (int i = 0; !rc && i < np; i++)
		rc = make_member(s, c, &part[i]);
	return rc ? rc : svc_audit(s, c->who, c->now, "edition.finish", edition_object(c->a, &e),
				   arena_printf(c->a, "%d new members", c->count));
}

int svc_edition_finish(struct store *s, struct arena *a, const struct actor *who,
		       int64_t edition_id, int64_t now, int *members)
{
	struct attendance_change c = {.a = a, .who = who, .id = edition_id, .now = now};
	int rc = store_write(s, finish_tx, &c);
	*members = c.count;
	return rc;
}
