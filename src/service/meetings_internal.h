/* Shared by the meeting and poll services (src/service only): creating a
 * meeting, with its invitations, inside the caller's write transaction. */
#ifndef LWP_SERVICE_MEETINGS_INTERNAL_H
#define LWP_SERVICE_MEETINGS_INTERNAL_H

#include "service/meetings.h"

/* What svc_meeting_create does, inside an open transaction. */
LWP_MUST_USE int svc_meeting_create_in_tx(struct store *s, struct arena *a,
					  const struct actor *who, const struct meeting_env *env,
					  struct meeting *m, const int64_t *facilitators,
					  size_t n_facilitators, int64_t now);

/* The language of a stored code, Dutch by default. */
enum lang svc_lang_of(const char *code);

#endif
