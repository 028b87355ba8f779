/*
 * Writing to groups (C9) as a service: a lead's message, in Dutch and
 * English, to an edition's participants, waiting list or coaches (the
 * subgroups capability adds its group: see enum group_kind in
 * store/store_messages.h). Each recipient gets one copy in their own
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

/* "participants", "waitlist", "coaches"; NULL for an unknown kind. */
const char *group_kind_code(enum group_kind k);
/* The kind of a code, -1 when unknown. */
int group_kind_parse(const char *code);
/* The group's name for people (English msgid). */
const char *group_kind_label(enum group_kind k);

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
	struct field_errors fe; /* when LWP_EINVAL */
};

/* Validate (both subjects 1 to MESSAGE_SUBJECT_MAX characters, both
 * bodies 1 to MESSAGE_BODY_MAX, valid text) and send or preview. 0,
 * LWP_EINVAL (fe), LWP_ENOTFOUND (edition), LWP_ECONFLICT when the group
 * has nobody in it, or a database error. */
LWP_MUST_USE int svc_group_message_send(struct store *s, struct arena *a,
					const struct actor *who, struct group_send *m);

#endif
