/*
 * The rules of editions and applications (SPEC C1), in one place for the
 * pages, the API and the CLI: places left, what the public is told about
 * them, whether an application may still come in, what status it gets, and
 * what makes an application or an edition valid.
 */
#ifndef LWP_DOMAIN_RULES_H
#define LWP_DOMAIN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/model.h"

#define FIELD_ERRORS_MAX 32

/* Per-field validation messages; msg is an English msgid. */
struct field_errors {
	int n;
	struct {
		const char *field;
		const char *msg;
	} items[FIELD_ERRORS_MAX];
};

void field_errors_add(struct field_errors *fe, const char *field, const char *msg);
/* The message for a field, or NULL. */
const char *field_errors_get(const struct field_errors *fe, const char *field);

enum availability {
	AVAILABILITY_OPEN,  /* more than a fifth of the places left */
	AVAILABILITY_FEW,   /* "nog enkele plaatsen beschikbaar" */
	AVAILABILITY_FULL,  /* "vol, wachtlijst open" */
	AVAILABILITY_CLOSED,          /* not taking applications (closed by the lead) */
	AVAILABILITY_DEADLINE_PASSED, /* the deadline has passed */
};

int edition_places_left(const struct edition *e);
/* By places only: open, few or full. */
enum availability edition_availability(const struct edition *e);
/* What an applicant meets at instant now: deadline_passed, closed (not
 * taking applications for another reason), else by places. */
enum availability edition_availability_at(const struct edition *e, int64_t now);
/* "open", "few", "full", "closed", "deadline_passed" (the API's codes). */
const char *availability_code(enum availability a);
int edition_is_published(const struct edition *e);
/* 0 when an application may be submitted at instant now; LWP_ENOTFOUND for
 * a draft, LWP_EDEADLINE after the deadline, LWP_ECLOSED otherwise. */
int edition_accepts_applications(const struct edition *e, int64_t now);
/* Normalise the texts of an edition as application_normalise does (the
 * title stays "" rather than NULL, for the validation to name it). */
void edition_normalise(struct edition *e, struct arena *a);
/* Check the fields of a new or edited edition. */
int edition_validate(const struct edition *e, struct field_errors *fe);
/* 1 for a slug of 1..64 characters a-z, 0-9 and '-', not starting with '-'. */
int slug_valid(const char *s);

/* The status a new application gets, decided inside the write transaction
 * given the number of applications already accepted, in all and from the
 * applicant's organisation. Under fcfs a place goes to the applicant while
 * places are left and the organisation is under its cap; otherwise the
 * applicant is waitlisted. Under diversity the selection decides later. */
enum app_status application_initial_status(const struct edition *e, int accepted,
					   int accepted_same_org);

/* Whether a lead may set an application of e from status `from` to `to`,
 * given the applications accepted so far, in all and from the
 * applicant's organisation (counted inside the write transaction):
 * LWP_ECAPACITY when accepting would exceed the capacity, LWP_EORGCAP when
 * it would exceed the organisation cap, LWP_EINVAL for a status a lead
 * cannot set. */
int application_status_change_allowed(const struct edition *e, enum app_status from,
				      enum app_status to, int accepted, int accepted_same_org);
/* The longest note a lead may add to a status change, in characters. */
#define STATUS_NOTE_MAX 2000

/* Normalise every text field (core/normalize.h: NFKC for one-line fields,
 * NFC for free text, invisible code points removed, white space folded and
 * trimmed; copies in arena a) and turn fields with nothing visible into
 * NULL, so that a required field of only invisible characters is refused. */
void application_normalise(struct application_input *in, struct arena *a);
/* Check every field; returns the number of errors recorded in fe. */
int application_validate(const struct application_input *in, struct field_errors *fe);

/* E-mail address syntax (ASCII, one '@', dotted domain, at most 254). */
int email_valid(const char *s);
/* The key under which addresses are unique: ASCII lower case, in arena. */
char *email_key(struct arena *a, const char *email);
/* The key under which organisation names are unique and compared (the
 * organisation cap, the selection's diversity): normalised, case folded,
 * single spaces (core/normalize.h text_key). */
char *name_key(struct arena *a, const char *name);

#endif
