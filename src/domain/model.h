/*
 * The plain structs and enums of the domain (SPEC section 4), shared by the
 * store (which fills them) and the web and CLI layers (which show them).
 * Strings are owned by whoever allocated the struct, usually an arena.
 */
#ifndef LWP_DOMAIN_MODEL_H
#define LWP_DOMAIN_MODEL_H

#include <stdint.h>

enum org_kind {
	ORG_MINISTRY,       /* core department of a ministry */
	ORG_AGENCY,         /* executive agency (agentschap, uitvoeringsorganisatie) */
	ORG_INSPECTORATE,
	ORG_ZBO,            /* independent administrative body */
	ORG_SHARED_SERVICE, /* shared-service organisation */
	ORG_LOCAL,          /* municipality, province, water board */
	ORG_OTHER,
	ORG_KIND_COUNT
};

enum theme { THEME_ORGANISING, THEME_CHANGING, THEME_BOTH, THEME_COUNT };

enum policy { POLICY_DIVERSITY, POLICY_FCFS, POLICY_COUNT };

enum edition_status {
	EDITION_DRAFT,
	EDITION_OPEN,
	EDITION_CLOSED,
	EDITION_SELECTED,
	EDITION_RUNNING,
	EDITION_NETWORK,
	EDITION_FINISHED,
	EDITION_STATUS_COUNT
};

enum app_status {
	APP_SUBMITTED,
	APP_ACCEPTED,
	APP_WAITLISTED,
	APP_DECLINED,
	APP_WITHDRAWN,
	APP_STATUS_COUNT
};

struct edition {
	int64_t id;
	char *slug;
	char *title;
	char *description;  /* plain text; blank lines separate paragraphs */
	int capacity;
	int64_t deadline;   /* UTC seconds; interpreted in Europe/Amsterdam */
	enum policy policy;
	int org_cap;        /* at most this many per organisation; 0 = none */
	int64_t fee_cents;
	int64_t accommodation_cents; /* per night */
	char *starts_on;    /* "YYYY-MM-DD" or NULL */
	char *ends_on;
	int guided_months;
	char *location;
	char *contact_name;
	char *contact_email;
	enum edition_status status;
	int64_t created_at;
	/* Derived by the store: applications with status accepted, and all
	 * applications not withdrawn. */
	int accepted;
	int applications;   /* not withdrawn; -1 when not counted (store.h) */
};

struct organisation {
	int64_t id;
	char *name;
	enum org_kind kind;
	int64_t parent_id;  /* 0 = none */
};

/* What an applicant sends; strings may be NULL when absent. The web and CLI
 * layers fill it, application_normalise trims it, application_validate
 * checks it. */
struct application_input {
	char *name;
	char *email;
	char *organisation;
	char *organisation_kind;
	char *organisation_parent; /* optional: the parent of a new organisation */
	char *function;
	char *phone;
	char *initiative_title;
	char *theme;
	char *initiative_summary;
	char *tags;
	char *motivation;
	char *question;
	char *billing_contact;
	char *billing_address;
	char *billing_reference;
	char *residential_needs;
	char *lang;
	int eligible;
	int consent;
	int consent_directory;
};

/* An application as listed to a lead or shown to its applicant. */
struct application {
	int64_t id;
	int64_t edition_id;
	enum app_status status;
	int64_t created_at;
	char *name;
	char *email;
	char *organisation;
	enum org_kind org_kind;
	char *function;
	char *phone;
	char *initiative_title;
	enum theme theme;
	char *initiative_summary;
	char *tags;
	char *motivation;
	char *question;
	char *billing_contact;
	char *billing_address;
	char *billing_reference;
	char *residential_needs;
	char *lang;
	int consent_directory;
	int64_t consent_at;     /* when the applicant agreed to the privacy terms */
	char *consent_version;  /* which version of them */
	int waitlist_rank;      /* place on the waiting list set at confirmation, 0 */
};

/* Codes as stored and sent in the API, and parsing back (-1 if unknown). */
const char *org_kind_code(enum org_kind k);
int org_kind_parse(const char *s);
const char *theme_code(enum theme t);
int theme_parse(const char *s);
const char *policy_code(enum policy p);
int policy_parse(const char *s);
const char *edition_status_code(enum edition_status s);
int edition_status_parse(const char *s);
const char *app_status_code(enum app_status s);
int app_status_parse(const char *s);

/* The notes the system writes into an application's history (codes, kept
 * as data), and their labels; a lead's own note has no label (NULL) and is
 * shown as written. */
#define EVENT_SELECTION "selection"
#define EVENT_OFFERED "offered a freed place"
#define EVENT_OFFER_TAKEN "took the offered place"
#define EVENT_OFFER_LET_GO "let the offered place go"
#define EVENT_OFFER_EXPIRED "offer expired"
#define EVENT_PLACE_FREED "place freed by a withdrawal"
#define EVENT_PASSED_OVER_CAP "passed over at the cap"
const char *event_note_label(const char *note);
/* "applicant", "system" and "cli" as msgids; NULL for a person's name. */
const char *event_actor_label(const char *actor);

/* English labels (msgids, translated by the user interface). */
const char *org_kind_label(enum org_kind k);
const char *theme_label(enum theme t);
const char *app_status_label(enum app_status s);
const char *edition_status_label(enum edition_status s);

#endif
