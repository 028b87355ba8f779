/* See messages.h. */
#include "service/messages.h"
#include "store/store_subgroups.h"
#include "store/store_write.h"
#include "core/lang.h"
#include "core/utf8.h"
#include "mail/mail.h"

#include <string.h>

static const char *const codes[GROUP_KIND_COUNT] = {"participants", "waitlist", "coaches",
						     "subgroup"};
static const char *const labels[GROUP_KIND_COUNT] = {
	N_("Participants"), N_("Waiting list"), N_("Coaches"), N_("Subgroup"),
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

int group_target_parse(const char *to, struct group_target *t)
{
	memset(t, 0, sizeof(*t));
	t->kind = GROUP_KIND_COUNT;
	if (!to)
		return -1;
	if (strncmp(to, "subgroup:", 9) == 0) {
		int64_t id = 0;
		const char *p = to + 9;
		while (*p >= '0' && *p <= '9' && id < INT64_MAX / 10)
			id = id * 10 + (*p++ - '0');
		if (*p || id <= 0)
			return -1;
		t->kind = GROUP_SUBGROUP;
		t->subgroup_id = id;
		return 0;
	}
	int k = group_kind_parse(to);
	if (k < 0)
		return -1;
	t->kind = (enum group_kind)k;
	return 0;
}

int group_audience_parse(const char *audience, int64_t *subgroup_id, const char **label)
{
	*subgroup_id = 0;
	*label = NULL;
	if (!audience)
		return -1;
	if (strncmp(audience, "subgroup:", 9) != 0)
		return group_kind_parse(audience);
	const char *p = audience + 9;
	int64_t id = 0;
	while (*p >= '0' && *p <= '9' && id < INT64_MAX / 10)
		id = id * 10 + (*p++ - '0');
	if (*p != ':' || id <= 0)
		return -1;
	*subgroup_id = id;
	*label = p + 1;
	return GROUP_SUBGROUP;
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
	else if (m->target.kind == GROUP_SUBGROUP && m->target.subgroup_id <= 0 &&
		 !(m->target.subgroup_name && m->target.subgroup_name[0]))
		field_errors_add(&m->fe, "subgroup", N_("Choose one of the edition's subgroups."));
	return m->fe.n ? LWP_EINVAL : 0;
}

struct send_ctx {
	struct arena *a;
	const struct actor *who;
	struct group_send *m;
};

/* The subgroup of the target among the edition's subgroups, read in the
 * transaction: by id, else by its name (which must be unique). A
 * subgroup of another edition, or one removed since the page was shown, is
 * not among them: LWP_EINVAL with the reason on the field "subgroup". */
static int resolve_subgroup(struct store *s, struct arena *a, int64_t edition_id,
			    struct group_send *m)
{
	struct subgroup_row *rows;
	int n, found = -1, matches = 0;
	int rc = store_subgroup_list(s, a, edition_id, &rows, &n);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		if (m->target.subgroup_id > 0 ? rows[i].id == m->target.subgroup_id
					      : strcmp(rows[i].name, m->target.subgroup_name) == 0) {
			found = i;
			matches++;
		}
	}
	if (matches != 1) {
		field_errors_add(&m->fe, "subgroup", matches ?
				 N_("Two subgroups have this name: choose the subgroup by its number.") :
				 N_("This edition has no such subgroup (it may have been removed)."));
		return LWP_EINVAL;
	}
	m->target.subgroup_id = rows[found].id;
	m->subgroup_label = rows[found].name[0] ? rows[found].name
			    : arena_printf(a, "%d", rows[found].position + 1);
	return 0;
}

static int send_tx(struct store *s, void *ctx)
{
	struct send_ctx *c = ctx;
	struct group_send *m = c->m;
	struct edition e;
	struct group_member *members;
	int n, rc;
	m->recipients = m->in_dutch = m->in_english = 0;
	m->subgroup_label = NULL;
	memset(&m->fe, 0, sizeof(m->fe)); /* the transaction may run again */
	if ((rc = store_edition_head(s, c->a, m->slug, &e)) ||
	    (m->target.kind == GROUP_SUBGROUP && (rc = resolve_subgroup(s, c->a, e.id, m))) ||
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
	/* A subgroup's message keeps the group's id and its name as it was
	 * then: the subgroup may be renamed or removed later. */
	char *audience = m->target.kind == GROUP_SUBGROUP
		? arena_printf(c->a, "subgroup:%lld:%s", (long long)m->target.subgroup_id,
			       m->subgroup_label)
		: (char *)group_kind_code(m->target.kind);
	if (!audience)
		return LWP_ENOMEM;
	struct group_message gm = {
		.edition_id = e.id, .audience = audience,
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
