/*
 * Polls for a meeting "planned with the participants" (issue 15): the
 * candidate dates, the answers, the tally and the pick rule, in one place
 * for the pages, the API and the CLI. Plain arrays in; the tally comes back
 * in an arena and the reason for the pick as a code with numbers, so that
 * each front end can say it in Dutch or English.
 *
 * The pick: among candidates where every required invitee said yes or if
 * need be, the highest score (yes 1, if need be 1/2); ties go to the
 * earliest candidate (by first day and start time, then by position). A
 * candidate where a required invitee said no or has not answered is never
 * picked.
 */
#ifndef LWP_DOMAIN_POLL_H
#define LWP_DOMAIN_POLL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "domain/meeting.h"

#define POLL_CANDIDATES_MAX 50
#define POLL_INVITEES_MAX 2000

enum poll_answer {
	POLL_NO_ANSWER = 0,
	POLL_YES,
	POLL_MAYBE, /* "if need be" */
	POLL_NO,
	POLL_ANSWER_COUNT
};

/* One candidate: one day or several consecutive days, with times. */
struct poll_candidate {
	struct meeting_day *days;
	size_t n_days;
};

struct poll {
	const struct poll_candidate *candidates;
	size_t n_candidates;
	size_t n_invitees;
	/* n_invitees flags: must be able to come; NULL = nobody required. */
	const unsigned char *required;
	/* n_invitees flags: whose answers count, e.g. the members of one
	 * subgroup when a poll is closed into a meeting per subgroup; NULL =
	 * everybody. An invitee who does not count is ignored entirely. */
	const unsigned char *counted;
	/* answers[i * n_candidates + c]: invitee i on candidate c; NULL = none
	 * yet. */
	const enum poll_answer *answers;
};

/* Why a candidate cannot be picked. A "no" takes precedence over a missing
 * answer when both occur. */
enum poll_block {
	POLL_ELIGIBLE,
	POLL_BLOCK_REQUIRED_NO,
	POLL_BLOCK_REQUIRED_MISSING,
};

struct poll_tally {
	int yes, maybe, no, missing;
	int score_halves;     /* 2 per yes, 1 per if need be */
	int eligible;
	enum poll_block block;
	size_t blocker;       /* first invitee who blocks (when not eligible) */
	int required_no;      /* required invitees who said no */
	int required_missing; /* required invitees who have not answered */
};

enum poll_reason_code {
	POLL_REASON_NO_CANDIDATES,
	POLL_REASON_NONE_ELIGIBLE, /* a required invitee blocks every candidate */
	POLL_REASON_ONLY_ELIGIBLE, /* the one candidate all required can attend */
	POLL_REASON_HIGHEST,       /* a higher score than every other eligible */
	POLL_REASON_TIE_EARLIEST,  /* shares the highest score; the earliest */
	POLL_REASON_COUNT
};

struct poll_reason {
	enum poll_reason_code code;
	int eligible;         /* number of eligible candidates */
	int yes, maybe;       /* of the pick */
	int score_halves;     /* of the pick */
	int runner_up;        /* best other eligible candidate, or -1 */
	int runner_up_halves; /* its score, or -1 */
	int tied;             /* candidates sharing the pick's score, the pick included */
};

struct poll_result {
	struct poll_tally *tally; /* n_candidates entries, from the arena */
	int picked;               /* candidate index, or -1 for none */
	struct poll_reason reason;
};

/* Tally every candidate and apply the pick rule. LWP_EINVAL for a poll
 * over the limits, a candidate without days or an answer out of range;
 * LWP_ENOMEM when the arena is out of memory. */
int poll_decide(struct arena *a, const struct poll *p, struct poll_result *out);

/* The msgid explaining a reason; {1} and {2} are filled by the caller
 * (html_fill): HIGHEST with the pick's yes and if-need-be counts,
 * TIE_EARLIEST with the number of tied candidates. */
const char *poll_reason_template(enum poll_reason_code code);

/* A score in halves as a number: "3,5" (nl), "3.5" (en), "4". */
void poll_score_format(struct buf *b, int score_halves, enum lang lang);

enum poll_progress {
	POLL_PROGRESS_NONE,     /* not a single answer */
	POLL_PROGRESS_PARTIAL,  /* some candidates left open */
	POLL_PROGRESS_COMPLETE, /* an answer on every candidate */
};

enum poll_progress poll_invitee_progress(const struct poll *p, size_t invitee);
/* Counted invitees whose progress is not complete, in order: the ones a
 * reminder goes to. *out from the arena (NULL when *n is 0). */
int poll_unanswered(struct arena *a, const struct poll *p, size_t **out, size_t *n);
/* 1 when every counted invitee has answered every candidate. */
int poll_everyone_answered(const struct poll *p);

/* 1 while answers may still come in: no deadline (0), or now <= deadline
 * (both UTC seconds). */
int poll_open(int64_t deadline, int64_t now);

/* Codes as stored and typed on the command line ("yes", "maybe", "no";
 * "" for no answer), parsing back (-1 if unknown), and English labels. */
const char *poll_answer_code(enum poll_answer a);
int poll_answer_parse(const char *s);
const char *poll_answer_label(enum poll_answer a);

/* Parse a candidate as the CLI writes it:
 *   "YYYY-MM-DD HH:MM-HH:MM"              one day with times
 *   "YYYY-MM-DD..YYYY-MM-DD HH:MM-HH:MM"  consecutive days, the same times
 *   "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD"  all-day
 * Days come from the arena. On failure err says why (field "candidate"). */
int poll_candidate_parse(struct arena *a, const char *s, struct poll_candidate *out,
			 struct lwp_error *err);
/* The same form back; LWP_EINVAL when the days do not share their times
 * (then nothing is written). */
int poll_candidate_format(struct buf *b, const struct poll_candidate *c);

#endif
