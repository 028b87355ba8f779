/*
 * Writing to groups (C9) as a service: a lead's message, in Dutch and
 * English, to an edition's participants, waiting list, coaches or one of
 * its subgroups (enum group_kind in store/store_messages.h). The subgroup
 * is looked up among the edition's subgroups inside the transaction, so a
 * subgroup of another edition or one removed meanwhile is refused and
 * nothing is stored. Each recipient gets one copy in their own
 * language through the outbox, in one transaction with the message and its
 * audit entry; the outbox rows are the delivery report.
 */
#ifndef LWP_SERVICE_MESSAGES_H
#define LWP_SERVICE_MESSAGES_H

#include "domain/rules.h"
#include "service/service.h"
#include "store/store_messages.h"

#define MESSAGE_SUBJECT_MAX 200
#define MESSAGE_BODY_MAX 20000

/* "participants", "waitlist", "coaches", "subgroup"; NULL for an unknown
 * kind. */
const char *group_kind_code(enum group_kind k);
/* The kind of a code, -1 when unknown. */
int group_kind_parse(const char *code);
/* The group's name for people (English msgid). */
const char *group_kind_label(enum group_kind k);
/* A group as a form or the API names it: a kind's code, or "subgroup:ID".
 * 0, or -1 (t->kind GROUP_KIND_COUNT) when neither. For "subgroup" alone the
 * caller sets t->subgroup_id or t->subgroup_name. */
int group_target_parse(const char *to, struct group_target *t);
/* A stored message's audience: the kind's code, or for a subgroup
 * "subgroup:ID:LABEL" (LABEL the subgroup's name when sent, or its number
 * when it had none). The kind (-1 when unknown); for a subgroup its id and
 * label (pointing into audience). */
int group_audience_parse(const char *audience, int64_t *subgroup_id, const char **label);

struct group_send {
	/* in */
	const char *slug;
	struct group_target target;
	const char *subject_nl, *body_nl, *subject_en, *body_en;
	int preview;         /* count and render only; nothing stored */
	int64_t now;
	/* out */
	int64_t id;          /* of the message, when sent */
	int recipients;
	int in_dutch, in_english;
	const char *subgroup_label; /* GROUP_SUBGROUP: its name (or number) */
	struct field_errors fe; /* when LWP_EINVAL */
};

/* Validate (both subjects 1 to MESSAGE_SUBJECT_MAX characters, both
 * bodies 1 to MESSAGE_BODY_MAX, valid text, a subgroup by id or name for
 * GROUP_SUBGROUP, which must be one of the edition's: else LWP_EINVAL on
 * the field "subgroup") and send or preview. 0,
 * LWP_EINVAL (fe), LWP_ENOTFOUND (edition), LWP_ECONFLICT when the group
 * has nobody in it, or a database error. */
LWP_MUST_USE int svc_group_message_send(struct store *s, struct arena *a,
					const struct actor *who, struct group_send *m);

#endif
