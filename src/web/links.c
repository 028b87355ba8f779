/* See links.h. */
#include "web/links.h"
#include "core/html.h"

#include <inttypes.h>
#include <stdio.h>

/* head, then segment percent-encoded, then tail, copied into the arena. */
static char *build(struct req *r, const char *head, const char *segment, const char *tail)
{
	struct buf b;
	buf_init(&b, 2048);
	buf_puts(&b, head);
	html_url_arg(&b, segment ? segment : "");
	if (tail)
		buf_puts(&b, tail);
	char *out = b.failed ? NULL : arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	/* Out of memory: the page fails at its end (sticky buffers); a link
	 * home keeps the writers from meeting NULL. */
	return out ? out : (char *)"/";
}

char *link_invitation(struct req *r, const char *slug, const char *tail)
{
	return build(r, "/edities/", slug, tail);
}

char *link_application(struct req *r, const char *token, const char *tail)
{
	return build(r, "/aanmelding/", token, tail);
}

char *link_offer(struct req *r, const char *token, const char *tail)
{
	return build(r, "/aanbod/", token, tail);
}

char *link_login(struct req *r, const char *token)
{
	return build(r, "/inloggen/link/", token, NULL);
}

char *link_console_edition(struct req *r, const char *slug, const char *tail)
{
	return build(r, "/beheer/edities/", slug, tail);
}

char *link_console_application(struct req *r, int64_t id, const char *tail)
{
	char digits[24];
	snprintf(digits, sizeof(digits), "%" PRId64, id);
	return build(r, "/beheer/aanmeldingen/", digits, tail);
}

char *link_invoice_private(struct req *r, const char *token, const char *tail)
{
	return build(r, "/facturen/", token, tail);
}
