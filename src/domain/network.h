/*
 * The network of initiatives (SPEC C7, C8): what an initiative is in the
 * registry (visibility, the status of its registration, the kinds of
 * connection), the rules for its fields, who may see it, and the figures of
 * the network computed from plain arrays (the store hands over the rows).
 * No SQL, no HTML.
 */
#ifndef LWP_DOMAIN_NETWORK_H
#define LWP_DOMAIN_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/model.h"
#include "domain/rank.h"
#include "domain/rules.h"

enum initiative_visibility { VIS_PUBLIC, VIS_NETWORK, VIS_PRIVATE, VIS_COUNT };

/* Where a registration stands: nominated and waiting for the e-mail
 * address to be confirmed, waiting for the owner (nominated by someone
 * else), published, or hidden by a lead or facilitator. */
enum initiative_status {
	INIT_PENDING_EMAIL,
	INIT_PENDING_OWNER,
	INIT_PUBLISHED,
	INIT_HIDDEN,
	INIT_STATUS_COUNT
};

enum connection_kind { CONN_SIMILAR, CONN_LEARNED_FROM, CONN_WORKS_WITH, CONN_INSPIRED_BY,
		       CONN_KIND_COUNT };

const char *visibility_code(enum initiative_visibility v);
int visibility_parse(const char *s);
const char *visibility_label(enum initiative_visibility v);
const char *initiative_status_code(enum initiative_status s);
int initiative_status_parse(const char *s);
const char *initiative_status_label(enum initiative_status s);
const char *connection_kind_code(enum connection_kind k);
int connection_kind_parse(const char *s);
const char *connection_kind_label(enum connection_kind k);
const char *initiative_stage_label(enum initiative_stage s);

#define INITIATIVE_TITLE_MAX 150
#define INITIATIVE_TEXT_MAX 2000
#define CONNECTION_NOTE_MAX 500

/* An initiative as a form, the API or a CSV row gives it; NULL = absent. */
struct initiative_input {
	char *title;
	char *organisation;
	char *organisation_kind;
	char *theme;
	char *stage;       /* default "started" */
	char *tags;        /* comma separated */
	char *summary;
	char *question;    /* the tough questions */
	char *lessons;     /* lessons learned */
	char *visibility;  /* default "network" */
};

/* Normalise every field (one-line fields NFKC, texts NFC, trimmed; empty
 * becomes NULL), fill the defaults, and check: 0 when valid, otherwise the
 * number of field errors added to fe. */
void initiative_normalise(struct initiative_input *in, struct arena *a);
int initiative_validate(const struct initiative_input *in, struct field_errors *fe);
/* A name and an e-mail address (nominations, CSV owners). */
int initiative_person_validate(const char *name, const char *email, const char *prefix,
			       struct field_errors *fe);

/* Who looks: the public, a member of the network (member, participant,
 * coach, lead, admin), and the person ids they are (their initiatives). */
struct network_viewer {
	int member;
	int moderator;     /* lead, coach (facilitator) or admin: may hide */
	int64_t person_id; /* 0 when none */
};

/* May the viewer see an initiative with this visibility and status, of
 * which they are an owner (is_owner) or not? Owners see their own whatever
 * its state; moderators also see hidden ones (to show them again); the
 * public sees published public ones, members also network ones. */
int network_can_see(const struct network_viewer *v, enum initiative_visibility vis,
		    enum initiative_status status, int is_owner);

/* ---- figures ---- */

/* A confirmed connection between two initiatives (ids), of a kind; "a
 * inspired by b" and "a learned from b" mean a lesson went from b to a. */
struct network_edge {
	int64_t a, b;
	enum connection_kind kind;
};

struct network_lessons {
	int chains;   /* weakly connected parts of the lesson graph (>= 1 edge) */
	int longest;  /* edges on its longest directed path */
	int edges;    /* lesson edges */
};

/* How lessons travelled: over the edges of kind inspired by / learned from,
 * directed from the source of the lesson to who took it. The longest path
 * ignores an edge that would close a cycle (depth-first order by id), so
 * it is the longest path of the graph when that has no cycle. */
int network_lessons(struct arena *a, const struct network_edge *e, size_t n,
		    struct network_lessons *out);

/* The quarter of a UTC instant as "2026-Q4" into out[8]. */
void network_quarter(int64_t t, char out[8]);

#endif
