/*
 * The service layer: one function per use case, the only way state
 * changes. Each opens one write transaction (store_write), re-checks its
 * rules inside it, writes the audit entry and queues the mail there, so
 * that the console, the API and the CLI behave identically; they decode
 * input, call a service and render its result or error.
 */
#ifndef LWP_SERVICE_SERVICE_H
#define LWP_SERVICE_SERVICE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/lang.h"
#include "store/store.h"

/* Who asks for a change, for the history and the audit log. */
struct actor {
	int64_t id;       /* the user's id; 0 for the CLI, the system or anonymous */
	const char *name; /* e-mail address, "cli", "system" or "applicant" */
	const char *ip;   /* "" when none */
};

#define ACTOR_CLI ((struct actor){0, "cli", ""})
#define ACTOR_SYSTEM ((struct actor){0, "system", ""})

/* Add an audit entry for who, inside the caller's write transaction. */
LWP_MUST_USE int svc_audit(struct store *s, const struct actor *who, int64_t now,
			   const char *action, const char *object, const char *detail);

#endif
