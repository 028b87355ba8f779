/*
 * Subgroups in the store, the reads (writes: store_write.h): the lead's
 * settings, the groups with their coaches, who is in which group
 * (confirmed, and proposed), the lead's rules, and a participant's view.
 */
#ifndef LWP_STORE_STORE_SUBGROUPS_H
#define LWP_STORE_STORE_SUBGROUPS_H

#include "domain/subgroups.h"
#include "store/store.h"

struct subgroup_plan_row {
	struct subgroup_settings set;
	int exists;
	int confirmed;        /* a split was confirmed */
	int64_t confirmed_at; /* 0 when never */
	int64_t updated_at;
};

struct subgroup_row {
	int64_t id;
	int position;
	char *name; /* "" when the lead gave none */
};

struct subgroup_coach_row {
	int position;
	int64_t user_id;
	char *name;
	char *email;
	char *lang;
};

/* A participant's place: position of the confirmed group and of the
 * proposed one, -1 for none. */
struct subgroup_member_row {
	int64_t application_id;
	int confirmed;
	int proposed;
};

struct subgroup_rule_row {
	int64_t id;
	struct subgroup_rule r;
};

/* The settings, or the defaults (exists 0) when none were saved. */
LWP_MUST_USE int store_subgroup_plan_get(struct store *s, struct arena *a, int64_t edition_id,
					 struct subgroup_plan_row *out);
/* Groups by position. */
LWP_MUST_USE int store_subgroup_list(struct store *s, struct arena *a, int64_t edition_id,
				     struct subgroup_row **out, int *count);
/* Coaches of every group, by position and name. */
LWP_MUST_USE int store_subgroup_coaches(struct store *s, struct arena *a, int64_t edition_id,
					struct subgroup_coach_row **out, int *count);
LWP_MUST_USE int store_subgroup_members(struct store *s, struct arena *a, int64_t edition_id,
					struct subgroup_member_row **out, int *count);
LWP_MUST_USE int store_subgroup_rules(struct store *s, struct arena *a, int64_t edition_id,
				      struct subgroup_rule_row **out, int *count);
/* Users who may coach in the edition (role coach for it or for all), by name. */
LWP_MUST_USE int store_subgroup_coach_candidates(struct store *s, struct arena *a,
						 int64_t edition_id, struct user **out, int *count);

/* What a participant sees: their confirmed group with its members and
 * coaches. */
struct subgroup_view_person {
	char *name;
	char *organisation;
	char *email;
};
struct subgroup_view {
	int64_t id;
	char *edition_title;
	char *edition_slug;
	char *name;  /* "" when none */
	int position;
	struct subgroup_view_person *members;
	int nmembers;
	struct subgroup_view_person *coaches; /* organisation NULL */
	int ncoaches;
};
/* The confirmed group of an accepted application: LWP_ENOTFOUND when none. */
LWP_MUST_USE int store_subgroup_of_application(struct store *s, struct arena *a,
					       int64_t application_id, struct subgroup_view *out);
/* The confirmed groups of the person or coach with this e-mail address. */
LWP_MUST_USE int store_subgroups_of_email(struct store *s, struct arena *a, const char *email,
					  struct subgroup_view **out, int *count);

#endif
