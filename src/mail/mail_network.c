/* See mail_network.h. The same shape as templates.c: a greeting,
 * paragraphs and a closing, written once as text and once as HTML through
 * the escaping writer. */
#include "mail/mail_network.h"

#include <string.h>
#include "core/html.h"
#include "core/i18n.h"

#define TR(msgid) i18n_translate(lang, msgid)

/* Paragraphs: texts[i], and link after paragraph link_after. */
static int compose(struct arena *a, enum lang lang, const char *name, const char *email,
		   const char *subject, const char *const *texts, int n, int link_after,
		   const char *link, struct mail *out)
{
	struct buf text, html;
	memset(out, 0, sizeof(*out)); /* no calendar part, no attachments */
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	buf_printf(&text, "%s %s,\n\n", TR("Dear"), name);
	html_raw(&html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(&html, subject);
	html_raw(&html, "</title></head><body><p>");
	html_text(&html, TR("Dear"));
	html_raw(&html, " ");
	html_text(&html, name);
	html_raw(&html, ",</p>");
	for (int i = 0; i < n; i++) {
		buf_printf(&text, "%s\n\n", texts[i]);
		html_raw(&html, "<p>");
		html_text(&html, texts[i]);
		html_raw(&html, "</p>");
		if (i == link_after) {
			buf_printf(&text, "%s\n\n", link);
			html_raw(&html, "<p><a href=\"");
			html_attr(&html, link);
			html_raw(&html, "\">");
			html_text(&html, link);
			html_raw(&html, "</a></p>");
		}
	}
	buf_printf(&text, "%s\n", TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "<p>");
	html_text(&html, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "</p></body></html>\n");
	out->to_addr = email;
	out->to_name = name;
	out->subject = subject;
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !subject || !out->body_text || !out->body_html
		 ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int mail_nomination_confirm(struct arena *a, enum lang lang, const char *base_url,
			    const char *title, const char *name, const char *email,
			    const char *token, struct mail *out)
{
	char *link = arena_printf(a, "%s/initiatieven/bevestigen/%s", base_url, token);
	char *what = arena_printf(a, "%s %s", TR("You have registered this initiative in the network of the Leerwerkplaats:"), title);
	if (!link || !what)
		return LWP_ENOMEM;
	const char *texts[] = {
		what,
		TR("Confirm your e-mail address with this link; nothing is published before you do:"),
		TR("The link works for 14 days. Did you not register anything? Then you can ignore this e-mail."),
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("Confirm your registration"), title), texts, 3, 1,
		       link, out);
}

int mail_nomination_owner(struct arena *a, enum lang lang, const char *base_url,
			  const char *title, const char *nominator, const char *name,
			  const char *email, const char *token, struct mail *out)
{
	char *link = arena_printf(a, "%s/initiatieven/bevestigen/%s", base_url, token);
	char *what = arena_printf(a, "%s %s: %s", nominator,
				  TR("has registered your initiative in the network of the Leerwerkplaats"),
				  title);
	if (!link || !what)
		return LWP_ENOMEM;
	const char *texts[] = {
		what,
		TR("It is published only when you agree. Check it and confirm with this link:"),
		TR("The link works for 14 days. Do you not want it published? Then you can ignore this e-mail."),
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("Your initiative was nominated"), title), texts,
		       3, 1, link, out);
}

int mail_connection_proposed(struct arena *a, enum lang lang, const char *base_url,
			     const char *maker, const char *from, const char *kind_msgid,
			     const char *to, const char *name, const char *email,
			     struct mail *out)
{
	char *link = arena_printf(a, "%s/netwerk/verbindingen", base_url);
	char *what = arena_printf(a, "%s %s", maker,
				  TR("proposes a connection in the network of the Leerwerkplaats:"));
	char *which = arena_printf(a, "%s — %s — %s", from, TR(kind_msgid), to);
	if (!link || !what || !which)
		return LWP_ENOMEM;
	const char *texts[] = {
		what, which,
		TR("It counts when you confirm it. Sign in to confirm or remove it on this page:"),
	};
	return compose(a, lang, name, email,
		       arena_strdup(a, TR("A connection waits for your confirmation")), texts, 3, 2,
		       link, out);
}
