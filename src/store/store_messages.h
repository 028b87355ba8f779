/*
 * Writing to groups (C9) in the store: who is in a group of an edition,
 * the lead's messages and the delivery of each copy (its outbox row).
 * Reads for anyone; the writes (marked) run inside a service's write
 * transaction (src/service/messages.c).
 */
#ifndef LWP_STORE_STORE_MESSAGES_H
#define LWP_STORE_STORE_MESSAGES_H

#include <stdint.h>

#include "store/store.h"

/* The groups of an edition a lead can write to. */
enum group_kind {
	GROUP_PARTICIPANTS, /* accepted applicants */
	GROUP_WAITLIST,     /* waitlisted applicants, in waiting list order */
	GROUP_COACHES,      /* users with the coach role for the edition (or all) */
	GROUP_SUBGROUP,     /* the accepted participants confirmed in one subgroup */
	GROUP_KIND_COUNT
};

struct group_target {
	enum group_kind kind;
	/* GROUP_SUBGROUP: the subgroup by id, or (id 0) by its name; the
	 * service checks it is one of the edition's subgroups. */
	int64_t subgroup_id;
	const char *subgroup_name;
};

struct group_member {
	char *name;
	char *email;
	char *lang; /* "nl" or "en": people.lang or users.lang */
};

/* Everyone in the group, by name. For GROUP_SUBGROUP t->subgroup_id must
 * already be checked to be a subgroup of the edition (an unknown one has
 * nobody in it). */
LWP_MUST_USE int store_group_members(struct store *s, struct arena *a, int64_t edition_id,
				     const struct group_target *t, struct group_member **out,
				     int *count);

struct group_message {
	int64_t id;
	int64_t edition_id;
	char *audience;     /* the group's code, e.g. "participants" */
	char *subject_nl, *body_nl, *subject_en, *body_en;
	int64_t sent_by_id; /* 0 for the CLI */
	int64_t created_at;
	int recipients;
	/* from the outbox, in lists */
	int sent, failed, pending;
};

#if defined(LWP_SERVICE_LAYER) || defined(LWP_STORE_LAYER)
/* Inside a write transaction. */
LWP_MUST_USE int store_group_message_insert(struct store *s, const struct group_message *m,
					    int64_t *id);
/* Inside a write transaction: queue a copy of message id. */
LWP_MUST_USE int store_outbox_add_for_message(struct store *s, const struct mail *m,
					      int64_t message_id, int64_t now);
#endif
/* The edition's messages, newest first, with their delivery counts. */
LWP_MUST_USE int store_group_messages(struct store *s, struct arena *a, int64_t edition_id,
				      struct group_message **out, int *count);
/* One message of the edition: LWP_ENOTFOUND when not (or not of it). */
LWP_MUST_USE int store_group_message_get(struct store *s, struct arena *a, int64_t edition_id,
					 int64_t id, struct group_message *out);

/* The state of one copy: sent (sent_at), failed (attempts, last_error) or
 * waiting. */
struct message_delivery {
	char *to_name;
	char *to_addr;
	int64_t sent_at;  /* 0 while not sent */
	int attempts;
	char *last_error;
};
LWP_MUST_USE int store_message_deliveries(struct store *s, struct arena *a, int64_t message_id,
					  struct message_delivery **out, int *count);

#endif
