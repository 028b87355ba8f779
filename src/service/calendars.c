/*
 * Calendar feeds (issue 15, RFC 5545 and 7986): the edition's public
 * agenda and a person's private one, and replacing a feed's token. The
 * feeds carry no METHOD, no ORGANIZER and no ATTENDEE, so no address is
 * ever in them; each event's DTSTAMP is its meeting's last change, so the
 * bytes (and the ETag) change only when a meeting does.
 */
#include "service/meetings.h"
#include "core/i18n.h"
#include "domain/ical.h"
#include "store/store_write.h"

#include <string.h>

#define FEED_REFRESH_MINUTES 360

static int write_feed(struct arena *a, const char *base_url, const char *name,
		      const struct meeting_row *rows, int n, struct buf *out)
{
	struct ical_calendar cal = {ICS_METHOD_NONE, name, FEED_REFRESH_MINUTES,
				    svc_calendar_host(a, base_url), 0};
	int rc = ical_begin(out, &cal);
	for (int i = 0; !rc && i < n; i++) {
		struct ical_entry en = {&rows[i].m, NULL, NULL, NULL, NULL, 0, rows[i].updated_at};
		if (rows[i].m.n_days == 0)
			continue;
		cal.dtstamp = rows[i].updated_at;
		rc = ical_meeting(out, &cal, &en);
	}
	return rc ? rc : ical_end(out);
}

int svc_calendar_edition(struct store *s, struct arena *a, const char *base_url,
			 const struct edition *e, struct buf *out)
{
	struct meeting_row *rows;
	int n, rc = store_meeting_list(s, a, e->id, 1, &rows, &n);
	if (rc)
		return rc;
	/* Descriptions are the lead's text for participants: kept out of
	 * the public feed like every other detail beyond time and place. */
	for (int i = 0; i < n; i++)
		rows[i].m.description = NULL;
	return write_feed(a, base_url, arena_printf(a, "%s, %s", e->title, "agenda"), rows, n, out);
}

int svc_calendar_private(struct store *s, struct arena *a, const char *base_url,
			 const char *token, enum lang lang, struct buf *out)
{
	int64_t user_id = 0, person_id = 0;
	struct meeting_row *rows;
	int n, rc = store_feed_by_token(s, a, token, &user_id, &person_id);
	if (rc)
		return rc;
	rc = user_id ? store_meetings_of_user(s, a, user_id, &rows, &n)
		     : store_meetings_of_person(s, a, person_id, &rows, &n);
	if (rc)
		return rc;
	return write_feed(a, base_url, i18n_translate(lang, N_("Leerwerkplaats, my meetings")),
			  rows, n, out);
}

struct token_change {
	const struct actor *who;
	struct arena *a;
	int64_t user_id, person_id, now;
	const char *hash;
};

static int token_tx(struct store *s, void *ctx)
{
	struct token_change *c = ctx;
	int rc = store_feed_replace(s, c->user_id, c->person_id, c->hash, c->now);
	if (rc)
		return rc;
	return svc_audit(s, c->who, c->now, "calendar.token",
			 c->user_id ? arena_printf(c->a, "user:%lld", (long long)c->user_id)
				    : arena_printf(c->a, "person:%lld", (long long)c->person_id),
			 NULL);
}

int svc_calendar_token_new(struct store *s, struct arena *a, const struct actor *who,
			   int64_t user_id, int64_t person_id, int64_t now, char **token)
{
	if (!user_id == !person_id)
		return LWP_EINVAL;
	char *t = store_token_new(a), *hash;
	int rc = t ? store_token_hash(a, t, &hash) : LWP_ENOMEM;
	if (rc)
		return rc;
	struct token_change c = {who, a, user_id, person_id, now, hash};
	if ((rc = store_write(s, token_tx, &c)))
		return rc;
	*token = t;
	return 0;
}
