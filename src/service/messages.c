/* See messages.h. */
#include "service/messages.h"
#include "store/store_write.h"
#include "core/lang.h"
#include "core/utf8.h"
#include "mail/mail.h"

#include <string.h>

static const char *const codes[GROUP_KIND_COUNT] = {"participants", "waitlist", "coaches"};
static const char *const labels[GROUP_KIND_COUNT] = {
	N_("Participants"), N_("Waiting list"), N_("Coaches"),
};

const char *group_kind_code(enum group_kind k)
{
	return (unsigned)k < GROUP_KIND_COUNT ? codes[k] : NULL;
}

int group_kind_parse(const char *code)
{
	for (int k = 0; code && k < GROUP_KIND_COUNT; k++)
		if (strcmp(codes[k], code) == 0)
			return k;
	return -1;
}

const char *group_kind_label(enum group_kind k)
{
	return (unsigned)k < GROUP_KIND_COUNT ? labels[k] : NULL;
}

static void check_text(struct field_errors *fe, const char *field, const char *v, size_t max,
		       enum text_kind kind)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0 || text_check(v, n, kind) != 0)
		field_errors_add(fe, field, N_("This field is required."));
	else if (utf8_length(v, n) > max)
		field_errors_add(fe, field, N_("This text is too long."));
}

static int validate(struct group_send *m)
{
	memset(&m->fe, 0, sizeof(m->fe));
	check_text(&m->fe, "subject_nl", m->subject_nl, MESSAGE_SUBJECT_MAX, TEXT_LINE);
	check_text(&m->fe, "body_nl", m->body_nl, MESSAGE_BODY_MAX, TEXT_MULTILINE);
	check_text(&m->fe, "subject_en", m->subject_en, MESSAGE_SUBJECT_MAX, TEXT_LINE);
	check_text(&m->fe, "body_en", m->body_en, MESSAGE_BODY_MAX, TEXT_MULTILINE);
	if (!group_kind_code(m->target.kind))
		field_errors_add(&m->fe, "to", N_("Choose one of the groups listed."));
	return m->fe.n ? LWP_EINVAL : 0;
}

struct send_ctx {
	struct arena *a;
	const struct actor *who;
	struct group_send *m;
};

static int send_tx(struct store *s, void *ctx)
{
	struct send_ctx *c = ctx;
	struct group_send *m = c->m;
	struct edition e;
	struct group_member *members;
	int n, rc;
	m->recipients = m->in_dutch = m->in_english = 0;
	if ((rc = store_edition_head(s, c->a, m->slug, &e)) ||
	    (rc = store_group_members(s, c->a, e.id, &m->target, &members, &n)))
		return rc;
	for (int i = 0; i < n; i++) {
		if (members[i].lang && strcmp(members[i].lang, "en") == 0)
			m->in_english++;
		else
			m->in_dutch++;
	}
	m->recipients = n;
	if (n == 0)
		return LWP_ECONFLICT;
	if (m->preview)
		return 0;
	struct group_message gm = {
		.edition_id = e.id, .audience = (char *)group_kind_code(m->target.kind),
		.subject_nl = (char *)m->subject_nl, .body_nl = (char *)m->body_nl,
		.subject_en = (char *)m->subject_en, .body_en = (char *)m->body_en,
		.sent_by_id = c->who->id, .created_at = m->now, .recipients = n,
	};
	if ((rc = store_group_message_insert(s, &gm, &m->id)))
		return rc;
	for (int i = 0; i < n; i++) {
		int en = members[i].lang && strcmp(members[i].lang, "en") == 0;
		struct mail mail;
		if ((rc = mail_group_message(c->a, en ? LANG_EN : LANG_NL, e.title, members[i].name,
					     members[i].email, en ? m->subject_en : m->subject_nl,
					     en ? m->body_en : m->body_nl, &mail)) ||
		    (rc = store_outbox_add_for_message(s, &mail, m->id, m->now)))
			return rc;
	}
	return svc_audit(s, c->who, m->now, "message.send",
			 arena_printf(c->a, "edition:%s", e.slug),
			 arena_printf(c->a, "message %lld to %s: %d recipients (%d nl, %d en)",
				      (long long)m->id, gm.audience, n, m->in_dutch, m->in_english));
}

int svc_group_message_send(struct store *s, struct arena *a, const struct actor *who,
			   struct group_send *m)
{
	m->id = 0;
	if (validate(m))
		return LWP_EINVAL;
	struct send_ctx c = {a, who, m};
	return store_write(s, send_tx, &c);
}
