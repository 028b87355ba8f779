/*
 * Reads of the network of initiatives (store_network.c): initiatives with
 * their organisation and owner, owners, editions, the private links of
 * nominations, connections, the members' directory and the generation
 * counter of the search index. Writes are in store_write.h.
 */
#ifndef LWP_STORE_STORE_NETWORK_H
#define LWP_STORE_STORE_NETWORK_H

#include "store/store.h"
#include "domain/network.h"

struct initiative_row {
	int64_t id;
	char *title;
	int64_t organisation_id;
	char *organisation;
	enum org_kind kind;
	int64_t owner_id;     /* a person */
	char *owner_name;
	char *owner_email;
	enum theme theme;
	char *tags;
	char *summary;
	char *question;
	char *lessons;
	enum initiative_stage stage;
	enum initiative_visibility visibility;
	enum initiative_status status;
	int64_t created_at;
	int64_t updated_at;
};

/* The generation counter (0 before the first change) and the highest
 * initiative id: together they change whenever an initiative does
 * (applications insert initiatives without the counter). */
LWP_MUST_USE int store_network_generation(struct store *s, int64_t *generation, int64_t *max_id);
/* Every initiative (published_only: status published), by id. */
LWP_MUST_USE int store_initiative_list(struct store *s, struct arena *a, int published_only,
				       struct initiative_row **out, int *count);
LWP_MUST_USE int store_initiative_get(struct store *s, struct arena *a, int64_t id,
				      struct initiative_row *out);

struct person_ref {
	int64_t id;
	char *name;
	char *email;
	char *organisation;   /* NULL when none */
	char *lang;
};
/* The person with this e-mail address (compared by its key). */
LWP_MUST_USE int store_person_by_email(struct store *s, struct arena *a, const char *email,
				       struct person_ref *out);
LWP_MUST_USE int store_person_get(struct store *s, struct arena *a, int64_t id,
				  struct person_ref *out);
/* The owner and the co-owners, the owner first. */
LWP_MUST_USE int store_initiative_owners(struct store *s, struct arena *a, int64_t id,
					 struct person_ref **out, int *count);
/* 1 in *yes when person is the owner or a co-owner. */
LWP_MUST_USE int store_initiative_is_owner(struct store *s, int64_t id, int64_t person_id,
					   int *yes);
/* Ids of the initiatives the person owns (or co-owns), ascending. */
LWP_MUST_USE int store_initiatives_owned(struct store *s, struct arena *a, int64_t person_id,
					 int64_t **ids, int *count);

struct edition_ref {
	int64_t id;
	char *slug;
	char *title;
};
/* The editions the initiative took part in (an application not
 * withdrawn), oldest first. */
LWP_MUST_USE int store_initiative_editions(struct store *s, struct arena *a, int64_t id,
					   struct edition_ref **out, int *count);
/* Pairs of (initiative, edition) for every application not withdrawn. */
struct initiative_edition {
	int64_t initiative_id;
	int64_t edition_id;
};
LWP_MUST_USE int store_initiative_edition_pairs(struct store *s, struct arena *a,
						struct initiative_edition **out, int *count);

struct initiative_token {
	int64_t id;
	int64_t initiative_id;
	char *purpose;        /* "email" or "owner" */
	int64_t person_id;    /* whose address the link went to */
	int64_t expires_at;
	int64_t used_at;      /* 0 while unused */
};
LWP_MUST_USE int store_initiative_token_get(struct store *s, struct arena *a, const char *token,
					    struct initiative_token *out);

struct connection_row {
	int64_t id;
	int64_t from_initiative, from_person, to_initiative, to_person; /* 0 = none */
	char *from_label, *to_label;  /* titles or names */
	enum connection_kind kind;
	char *note;
	int64_t made_by;
	char *made_by_name;
	int64_t created_at;
	int64_t confirmed_at;         /* 0 while waiting */
};
/* Connections with the initiative on either side, by id. */
LWP_MUST_USE int store_connections_of_initiative(struct store *s, struct arena *a, int64_t id,
						 struct connection_row **out, int *count);
/* Connections the person is a side of: themselves, or an initiative they
 * own. */
LWP_MUST_USE int store_connections_of_person(struct store *s, struct arena *a, int64_t person,
					     struct connection_row **out, int *count);
/* Every connection (confirmed_only: confirmed ones), by id. */
LWP_MUST_USE int store_connections_all(struct store *s, struct arena *a, int confirmed_only,
				       struct connection_row **out, int *count);
LWP_MUST_USE int store_connection_get(struct store *s, struct arena *a, int64_t id,
				      struct connection_row *out);

/* People who agreed to be listed, by name. */
struct directory_person {
	int64_t id;
	char *name;
	char *organisation;
	enum org_kind kind;
	char *function;
};
LWP_MUST_USE int store_directory(struct store *s, struct arena *a,
				 struct directory_person **out, int *count);
/* Whether the person agreed to be listed. */
LWP_MUST_USE int store_person_consent(struct store *s, int64_t id, int *consent);
/* (person, edition title) for every application not withdrawn, by person. */
struct person_edition {
	int64_t person_id;
	int64_t edition_id;
	char *title;
};
LWP_MUST_USE int store_person_editions(struct store *s, struct arena *a,
				       struct person_edition **out, int *count);

#endif
