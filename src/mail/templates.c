/* The texts of outgoing mail, in the recipient's language; HTML bodies go
 * through the escaping writer like pages do. */
#include "mail/mail.h"
#include "core/html.h"
#include "core/i18n.h"

#define TR(msgid) i18n_translate(lang, msgid)

int mail_application_confirmation(struct arena *a, enum lang lang, const char *base_url,
				  const char *edition_title, const char *name,
				  const char *email, const char *token, struct mail *out)
{
	struct buf text, html;
	char *link = arena_printf(a, "%s/aanmelding/%s", base_url, token);
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	buf_printf(&text, "%s %s,\n\n%s\n%s\n\n%s\n%s\n\n%s\n\n%s\n", TR("Dear"), name,
		   TR("We have received your application for:"), edition_title,
		   TR("On this page you can see your application and its status, and withdraw it:"),
		   link, TR("This link is personal: do not share it."),
		   TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(&html, edition_title);
	html_raw(&html, "</title></head><body><p>");
	html_text(&html, TR("Dear"));
	html_raw(&html, " ");
	html_text(&html, name);
	html_raw(&html, ",</p><p>");
	html_text(&html, TR("We have received your application for:"));
	html_raw(&html, "<br><strong>");
	html_text(&html, edition_title);
	html_raw(&html, "</strong></p><p>");
	html_text(&html, TR("On this page you can see your application and its status, and withdraw it:"));
	html_raw(&html, "<br><a href=\"");
	html_attr(&html, link);
	html_raw(&html, "\">");
	html_text(&html, link);
	html_raw(&html, "</a></p><p>");
	html_text(&html, TR("This link is personal: do not share it."));
	html_raw(&html, "</p><p>");
	html_text(&html, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "</p></body></html>\n");
	out->to_addr = email;
	out->to_name = name;
	out->subject = arena_printf(a, "%s: %s", TR("Application received"), edition_title);
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !link || !out->subject || !out->body_text ||
		 !out->body_html ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int mail_login_link(struct arena *a, enum lang lang, const char *base_url, const char *name,
		    const char *email, const char *token, int minutes, struct mail *out)
{
	struct buf text, html;
	char *link = arena_printf(a, "%s/inloggen/link/%s", base_url, token);
	char *valid = arena_printf(a, "%d", minutes);
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	buf_printf(&text, "%s %s,\n\n%s\n%s\n\n%s %s %s\n%s\n\n%s\n", TR("Dear"), name,
		   TR("Use this link to sign in to the Leerwerkplaats:"), link,
		   TR("The link works once and for"), valid, TR("minutes."),
		   TR("Did you not ask for it? Then you can ignore this e-mail."),
		   TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(&html, TR("Sign in"));
	html_raw(&html, "</title></head><body><p>");
	html_text(&html, TR("Dear"));
	html_raw(&html, " ");
	html_text(&html, name);
	html_raw(&html, ",</p><p>");
	html_text(&html, TR("Use this link to sign in to the Leerwerkplaats:"));
	html_raw(&html, "<br><a href=\"");
	html_attr(&html, link);
	html_raw(&html, "\">");
	html_text(&html, link);
	html_raw(&html, "</a></p><p>");
	html_text(&html, TR("The link works once and for"));
	html_raw(&html, " ");
	html_text(&html, valid);
	html_raw(&html, " ");
	html_text(&html, TR("minutes."));
	html_raw(&html, " ");
	html_text(&html, TR("Did you not ask for it? Then you can ignore this e-mail."));
	html_raw(&html, "</p><p>");
	html_text(&html, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "</p></body></html>\n");
	out->to_addr = email;
	out->to_name = name;
	out->subject = arena_strdup(a, TR("Your link to sign in to the Leerwerkplaats"));
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !link || !valid || !out->subject ||
		 !out->body_text || !out->body_html ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int mail_status_change(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, const char *status_label,
		       const char *note, struct mail *out)
{
	struct buf text, html;
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	buf_printf(&text, "%s %s,\n\n%s\n%s\n\n%s %s\n", TR("Dear"), name,
		   TR("There is news about your application for:"), edition_title,
		   TR("Its status is now:"), TR(status_label));
	if (note && *note)
		buf_printf(&text, "\n%s\n", note);
	buf_printf(&text, "\n%s\n", TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(&html, edition_title);
	html_raw(&html, "</title></head><body><p>");
	html_text(&html, TR("Dear"));
	html_raw(&html, " ");
	html_text(&html, name);
	html_raw(&html, ",</p><p>");
	html_text(&html, TR("There is news about your application for:"));
	html_raw(&html, "<br><strong>");
	html_text(&html, edition_title);
	html_raw(&html, "</strong></p><p>");
	html_text(&html, TR("Its status is now:"));
	html_raw(&html, " <strong>");
	html_text(&html, TR(status_label));
	html_raw(&html, "</strong></p>");
	if (note && *note) {
		html_raw(&html, "<p>");
		html_text(&html, note);
		html_raw(&html, "</p>");
	}
	html_raw(&html, "<p>");
	html_text(&html, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(&html, "</p></body></html>\n");
	out->to_addr = email;
	out->to_name = name;
	out->subject = arena_printf(a, "%s: %s", TR("News about your application"), edition_title);
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !out->subject || !out->body_text ||
		 !out->body_html ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}
