/*
 * Link builders (cgit's *_link in ui-shared.c): one function per target
 * that builds its path, with the variable segment percent-encoded, in the
 * request's arena. Pages and redirects use these instead of URL literals,
 * so that an address changes in one place. tail is a literal suffix such
 * as "/status" or "?klaar=1" (or NULL). Never NULL ("/" when out of
 * memory).
 */
#ifndef LWP_WEB_LINKS_H
#define LWP_WEB_LINKS_H

#include <stdint.h>

#include "web/request.h"

/* /edities/{slug}TAIL: the invitation and its pages. */
char *link_invitation(struct req *r, const char *slug, const char *tail);
/* /aanmelding/{token}TAIL: an applicant's private page. */
char *link_application(struct req *r, const char *token, const char *tail);
/* /aanbod/{token}TAIL: an offered place. */
char *link_offer(struct req *r, const char *token, const char *tail);
/* /inloggen/link/{token}: a one-time login link. */
char *link_login(struct req *r, const char *token);
/* /beheer/edities/{slug}TAIL: an edition in the console. */
char *link_console_edition(struct req *r, const char *slug, const char *tail);
/* /beheer/aanmeldingen/{id}TAIL: an application in the console. */
char *link_console_application(struct req *r, int64_t id, const char *tail);

/* /facturen/{token}TAIL: an organisation contact's private invoice page. */
char *link_invoice_private(struct req *r, const char *token, const char *tail);

#endif
