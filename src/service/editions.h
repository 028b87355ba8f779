/*
 * Editions as services: create, update (never below the places already
 * given), publish and close, move the deadline; and organisations: add one,
 * set its parent. Each is one write transaction with its audit entry.
 */
#ifndef LWP_SERVICE_EDITIONS_H
#define LWP_SERVICE_EDITIONS_H

#include "domain/rules.h"
#include "service/service.h"

/* Validate and create e (a draft unless e->status says otherwise); e->id
 * is set. LWP_EINVAL (fe), LWP_ECONFLICT when the slug is taken. */
LWP_MUST_USE int svc_edition_create(struct store *s, struct arena *a, const struct actor *who,
				    struct edition *e, int64_t now, struct field_errors *fe);

/* Validate and store every field of e (by e->id). LWP_ECAPACITY when the
 * capacity is below the applications accepted (*accepted says how many),
 * LWP_EINVAL (fe), LWP_ECONFLICT when the new slug is taken. */
LWP_MUST_USE int svc_edition_update(struct store *s, struct arena *a, const struct actor *who,
				    const struct edition *e, int64_t now, struct field_errors *fe,
				    int *accepted);

/* Publish (EDITION_OPEN, from draft or closed) or close (EDITION_CLOSED,
 * from open) the edition with this id. LWP_ECLOSED when its status does not
 * allow it, LWP_EINVAL for another status. */
LWP_MUST_USE int svc_edition_set_status(struct store *s, struct arena *a,
					const struct actor *who, int64_t id,
					enum edition_status to, int64_t now);

LWP_MUST_USE int svc_edition_set_deadline(struct store *s, struct arena *a,
					  const struct actor *who, int64_t id, int64_t deadline,
					  int64_t now);

/* Add an organisation of kind (an org_kind code) with an optional parent
 * (which must exist): LWP_ECONFLICT when the name exists, LWP_ENOTFOUND
 * for an unknown parent, LWP_EINVAL for an empty name or unknown kind. */
LWP_MUST_USE int svc_organisation_add(struct store *s, struct arena *a, const struct actor *who,
				      const char *name, const char *kind, const char *parent,
				      int64_t now);
/* Set the parent of an organisation: LWP_ENOTFOUND when either is unknown
 * or they are the same. */
LWP_MUST_USE int svc_organisation_set_parent(struct store *s, struct arena *a,
					     const struct actor *who, const char *name,
					     const char *parent, int64_t now);

#endif
