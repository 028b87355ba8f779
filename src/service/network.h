/*
 * The network of initiatives as services (issue 14): registering,
 * nominating with confirmation by mail, owners' edits, hiding by a lead or
 * facilitator, connections, the directory consent, the CSV import; and the
 * search index of the process with search and similar on top of it.
 * Every change is one write transaction with its audit entry and mail.
 */
#ifndef LWP_SERVICE_NETWORK_H
#define LWP_SERVICE_NETWORK_H

#include "service/service.h"
#include "store/store_network.h"
#include "domain/network.h"
#include "domain/rank.h"

/* A nomination link works this long. */
#define NOMINATION_LINK_DAYS 14

/* The signed-in user as a person of the network. */
struct network_user {
	const char *name;
	const char *email;
	const char *lang;
};

/* The person id of an e-mail address; 0 when there is none (a read). */
LWP_MUST_USE int svc_network_person(struct store *s, struct arena *a, const char *email,
				    int64_t *person_id);

/* The person of the signed-in user, made when they have none yet. */
LWP_MUST_USE int svc_network_join(struct store *s, struct arena *a, const struct network_user *u,
				  int64_t now, int64_t *person_id);

/* A member registers an initiative of their own: published at once (their
 * address is known by their account). fe gets the field errors
 * (LWP_EINVAL). */
LWP_MUST_USE int svc_initiative_register(struct store *s, struct arena *a,
					 const struct actor *who, const struct network_user *u,
					 struct initiative_input *in, int64_t now,
					 struct field_errors *fe, int64_t *id);

/* Anyone nominates an initiative with the public form: nothing is
 * published before the nominator confirms their address (a link by mail);
 * then, when the owner is someone else, the owner confirms by a link of
 * their own. owner_name/owner_email NULL: the nominator is the owner. */
struct nomination {
	struct initiative_input *in;
	char *name, *email;
	char *owner_name, *owner_email;
	const char *lang;       /* of the mails */
	const char *base_url;
	struct rate_check *limit; /* or NULL */
	int64_t now;
	struct field_errors fe;
	int64_t id;             /* out: the initiative */
};
LWP_MUST_USE int svc_initiative_nominate(struct store *s, struct arena *a, struct nomination *n);

/* Use a confirmation link: the nominator's (published, or on to the owner
 * who gets a mail) or the owner's (published). LWP_ENOTFOUND for an
 * unknown or expired link, LWP_ECLOSED when it was used. */
struct confirmation {
	int64_t initiative_id;
	enum initiative_status status; /* after */
	const char *purpose;           /* "email" or "owner" */
};
LWP_MUST_USE int svc_initiative_confirm(struct store *s, struct arena *a, const char *token,
					const char *base_url, int64_t now,
					struct confirmation *out);

/* An owner changes their initiative: LWP_ENOTFOUND when person_id is not
 * an owner. */
LWP_MUST_USE int svc_initiative_update(struct store *s, struct arena *a, const struct actor *who,
				       int64_t person_id, int64_t id,
				       struct initiative_input *in, int64_t now,
				       struct field_errors *fe);
/* An owner adds a co-owner by name and address (a person is made when new). */
LWP_MUST_USE int svc_initiative_owner_add(struct store *s, struct arena *a,
					  const struct actor *who, int64_t person_id, int64_t id,
					  char *name, char *email, int64_t now,
					  struct field_errors *fe);
/* A lead, coach or admin hides a published initiative or shows a hidden
 * one again (audited with the reason): LWP_ECONFLICT when it is not in
 * the state to change from. */
LWP_MUST_USE int svc_initiative_moderate(struct store *s, struct arena *a,
					 const struct actor *who, int64_t id, int hide,
					 const char *reason, int64_t now);

/* A connection that person_id makes from one of their sides (themselves
 * or an initiative they own) to another initiative or person. Confirmed
 * at once when the maker is also the other side, otherwise when the
 * other side confirms. LWP_ENOTFOUND: a side the maker may not use or see;
 * LWP_ECONFLICT: the same connection exists. */
struct connection_request {
	int64_t from_initiative, from_person, to_initiative, to_person;
	enum connection_kind kind;
	char *note;
	const char *base_url;  /* for the mail to the other side; NULL: no mail */
};
LWP_MUST_USE int svc_connection_make(struct store *s, struct arena *a, const struct actor *who,
				     int64_t person_id, const struct network_viewer *v,
				     struct connection_request *c, int64_t now,
				     struct field_errors *fe, int64_t *id);
/* The other side confirms (LWP_ENOTFOUND when person_id is not it,
 * LWP_ECONFLICT when confirmed already); either side removes. */
LWP_MUST_USE int svc_connection_confirm(struct store *s, struct arena *a, const struct actor *who,
					int64_t person_id, int64_t id, int64_t now);
LWP_MUST_USE int svc_connection_remove(struct store *s, struct arena *a, const struct actor *who,
				       int64_t person_id, int64_t id, int64_t now);
/* 1 when person_id may act for a side (the person or an owner). */
LWP_MUST_USE int svc_connection_side(struct store *s, int64_t person_id, int64_t initiative,
				     int64_t person, int *yes);

/* The signed-in user agrees (or no longer) to be in the members'
 * directory; *person_id gets their person. */
LWP_MUST_USE int svc_directory_consent(struct store *s, struct arena *a, const struct actor *who,
				       const struct network_user *u, int consent, int64_t now,
				       int64_t *person_id);

/* The CSV import (lwp initiative import): rows validated by the caller
 * with svc_import_row_check; all of them are stored in one transaction,
 * published with their visibility, or none. */
struct import_row {
	struct initiative_input in;
	char *owner_name, *owner_email;
	int line;
};
/* Normalise and validate one row: 0, or the count of errors in fe. */
int svc_import_row_check(struct arena *a, struct import_row *row, struct field_errors *fe);
LWP_MUST_USE int svc_initiative_import(struct store *s, struct arena *a, const struct actor *who,
				       struct import_row *rows, int n, int64_t now);

/* ---- the search index of the process (network_index.c) ---- */

/* One published initiative as the index knows it. */
struct network_entry {
	int64_t id;
	char *title;
	char *organisation;
	int64_t organisation_id;
	enum org_kind kind;
	char *tags;
	enum theme theme;
	enum initiative_stage stage;
	enum initiative_visibility visibility;
	int64_t created_at;
};

/* An index over the published initiatives and their entries, shared by
 * the threads of the process: acquire one for a request, release it
 * after. It is rebuilt when the generation in the database moved (read
 * per acquire: one cheap statement); the request that first sees the new
 * generation builds it (under a mutex, so one thread builds while the
 * others wait for it) and the old one is freed when its last user
 * releases it. Lazily, with a mutex, rather than off the request: the
 * request after a change sees the change (a registration is found at
 * once), at the price of one slow request per change. */
struct network_snapshot;
LWP_MUST_USE int svc_network_acquire(struct store *s, struct network_snapshot **out);
void svc_network_release(struct network_snapshot *snap);
/* Free the index of the process (at exit; tests). */
void svc_network_shutdown(void);
const struct search_index *network_snapshot_index(const struct network_snapshot *snap);
size_t network_snapshot_count(const struct network_snapshot *snap);
const struct network_entry *network_snapshot_entry(const struct network_snapshot *snap, size_t i);
const struct network_entry *network_snapshot_find(const struct network_snapshot *snap, int64_t id);

/* What a search may return: the viewer's access and the page's filters. */
struct network_filter {
	int theme, stage, kind;      /* -1: any */
	const char *tag;             /* NULL: any; one tag, case aside */
	const char *organisation;    /* NULL: any; the name, case aside */
	int64_t edition_id;          /* 0: any (needs pairs) */
};
struct network_access {
	const struct network_viewer *viewer;
	const int64_t *owned;        /* sorted ids the viewer owns */
	int n_owned;
	const struct network_filter *filter;
	const struct initiative_edition *pairs; /* for the edition filter */
	int n_pairs;
	const struct network_snapshot *snap;
};
/* 1 when the entry is for the viewer and passes the filter. */
int network_access_keep(const struct network_access *acc, const struct network_entry *e);

struct network_hit {
	const struct network_entry *e;
	double score;
};
/* Search (q non-empty: best first) or list (q empty or NULL: every kept
 * entry by title). hits has room for limit; *total counts all matches. */
LWP_MUST_USE int svc_network_search(const struct network_access *acc, const char *q,
				    size_t limit, struct network_hit *hits, size_t *n_hits,
				    size_t *total);
/* The most similar kept initiatives to id (itself kept or an owner's). */
struct network_similar {
	const struct network_entry *e;
	double score;
	struct similar_reason reason;
};
LWP_MUST_USE int svc_network_similar(const struct network_access *acc, int64_t id, size_t limit,
				     struct network_similar *out, size_t *n);


/* ---- figures (network_figures.c) ---- */

/* The figures of the network, over the published initiatives that are not
 * private (counts, nothing personal: the same for every viewer) and the
 * confirmed connections between them. */
#define FIGURES_QUARTERS_MAX 64
struct network_figures {
	int initiatives;
	int organisations;
	int organisations_by_kind[ORG_KIND_COUNT];
	int connected;             /* initiatives with a confirmed connection */
	int connections;           /* confirmed, between counted initiatives */
	struct network_lessons lessons;
	int n_quarters;
	struct {
		char quarter[8];       /* "2026-Q4" */
		int added;
		int total;
	} quarters[FIGURES_QUARTERS_MAX]; /* the last ones when there are more */
};
LWP_MUST_USE int svc_network_figures(struct store *s, struct arena *a, struct network_figures *f);

#endif
