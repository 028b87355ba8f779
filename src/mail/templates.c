/* The texts of outgoing mail, in the recipient's language. Every message is
 * a greeting, paragraphs of pieces (text, emphasised text, a link) and the
 * closing; compose() writes it once as plain text and once as HTML, the
 * HTML through the escaping writer like pages are. */
#include "mail/mail.h"
#include "core/html.h"
#include "core/i18n.h"

#include <string.h>

#define TR(msgid) i18n_translate(lang, msgid)

enum piece_kind { P_TEXT, P_STRONG, P_LINK, P_END /* ends a paragraph */ };

struct piece {
	enum piece_kind kind;
	const char *text;
};

static void text_body(struct buf *b, enum lang lang, const char *name,
		      const struct piece *p, int n)
{
	int start = 1;
	buf_printf(b, "%s %s,\n\n", TR("Dear"), name);
	for (int i = 0; i < n; i++) {
		if (p[i].kind == P_END) {
			buf_puts(b, "\n\n");
			start = 1;
			continue;
		}
		if (!start)
			buf_putc(b, '\n');
		buf_puts(b, p[i].text);
		start = 0;
	}
	buf_printf(b, "%s%s\n", start ? "" : "\n\n", TR("Kind regards, the Leerwerkplaats team"));
}

static void html_body(struct buf *b, enum lang lang, const char *title, const char *name,
		      const struct piece *p, int n)
{
	int start = 1;
	html_raw(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(b, title);
	html_raw(b, "</title></head><body><p>");
	html_text(b, TR("Dear"));
	html_raw(b, " ");
	html_text(b, name);
	html_raw(b, ",</p><p>");
	for (int i = 0; i < n; i++) {
		if (p[i].kind == P_END) {
			html_raw(b, "</p><p>");
			start = 1;
			continue;
		}
		if (!start)
			html_raw(b, "<br>");
		start = 0;
		if (p[i].kind == P_STRONG) {
			html_raw(b, "<strong>");
			html_text(b, p[i].text);
			html_raw(b, "</strong>");
		} else if (p[i].kind == P_LINK) {
			html_raw(b, "<a href=\"");
			html_attr(b, p[i].text);
			html_raw(b, "\">");
			html_text(b, p[i].text);
			html_raw(b, "</a>");
		} else {
			html_text(b, p[i].text);
		}
	}
	if (!start)
		html_raw(b, "</p><p>");
	html_text(b, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(b, "</p></body></html>\n");
}

static int compose(struct arena *a, enum lang lang, const char *name, const char *email,
		   const char *subject, const char *title, const struct piece *p, int n,
		   struct mail *out)
{
	struct buf text, html;
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	text_body(&text, lang, name, p, n);
	html_body(&html, lang, title, name, p, n);
	*out = (struct mail){0}; /* no calendar part unless the caller adds one */
	out->to_addr = email;
	out->to_name = name;
	out->attachments = NULL;  /* the caller may attach files afterwards */
	out->n_attachments = 0;
	out->subject = subject;
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !subject || !out->body_text || !out->body_html
		 ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}

#define NPIECES(p) ((int)(sizeof(p) / sizeof((p)[0])))

int mail_application_confirmation(struct arena *a, enum lang lang, const char *base_url,
				  const char *edition_title, const char *name,
				  const char *email, const char *token, struct mail *out)
{
	char *link = arena_printf(a, "%s/aanmelding/%s", base_url, token);
	if (!link)
		return LWP_ENOMEM;
	const struct piece p[] = {
		{P_TEXT, TR("We have received your application for:")}, {P_STRONG, edition_title},
		{P_END, NULL},
		{P_TEXT, TR("On this page you can see your application and its status, and withdraw it:")},
		{P_LINK, link}, {P_END, NULL},
		{P_TEXT, TR("This link is personal: do not share it.")},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("Application received"), edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_login_link(struct arena *a, enum lang lang, const char *base_url, const char *name,
		    const char *email, const char *token, int minutes, struct mail *out)
{
	char *link = arena_printf(a, "%s/inloggen/link/%s", base_url, token);
	char *valid = arena_printf(a, "%s %d %s", TR("The link works once and for"), minutes,
				   TR("minutes."));
	if (!link || !valid)
		return LWP_ENOMEM;
	const struct piece p[] = {
		{P_TEXT, TR("Use this link to sign in to the Leerwerkplaats:")}, {P_LINK, link},
		{P_END, NULL},
		{P_TEXT, valid},
		{P_TEXT, TR("Did you not ask for it? Then you can ignore this e-mail.")},
	};
	return compose(a, lang, name, email,
		       arena_strdup(a, TR("Your link to sign in to the Leerwerkplaats")),
		       TR("Sign in"), p, NPIECES(p), out);
}

int mail_status_change(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, const char *status_label,
		       const char *note, struct mail *out)
{
	const struct piece p[] = {
		{P_TEXT, TR("There is news about your application for:")}, {P_STRONG, edition_title},
		{P_END, NULL},
		{P_TEXT, TR("Its status is now:")}, {P_STRONG, TR(status_label)},
		{P_END, NULL},
		{P_TEXT, note},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("News about your application"), edition_title),
		       edition_title, p, note && *note ? NPIECES(p) : NPIECES(p) - 2, out);
}

int mail_selection_result(struct arena *a, enum lang lang, const char *base_url,
			  const char *edition_title, const char *name, const char *email,
			  enum app_status status, int rank, const char *token, struct mail *out)
{
	const char *what = status == APP_ACCEPTED
		? TR("Good news: you have a place in this edition. We will send you the practical details.")
		: status == APP_WAITLISTED
		? TR("All places have been given. You are on the waiting list; freed places are offered in the order of the list, passing over only someone whose organisation already has the maximum number of participants.")
		: TR("We could not offer you a place in this edition.");
	char *place = status == APP_WAITLISTED
		? arena_printf(a, "%s %d", TR("Your place on the waiting list:"), rank) : NULL;
	char *link = token ? arena_printf(a, "%s/aanmelding/%s", base_url, token) : NULL;
	struct piece p[10];
	int n = 0;
	if ((status == APP_WAITLISTED && !place) || (token && !link))
		return LWP_ENOMEM;
	p[n++] = (struct piece){P_TEXT, TR("The participants of this edition have been chosen:")};
	p[n++] = (struct piece){P_STRONG, edition_title};
	p[n++] = (struct piece){P_END, NULL};
	p[n++] = (struct piece){P_TEXT, what};
	if (place)
		p[n++] = (struct piece){P_TEXT, place};
	if (link) {
		p[n++] = (struct piece){P_END, NULL};
		p[n++] = (struct piece){P_TEXT, status == APP_ACCEPTED
			? TR("On your private page you can see your place and, if you cannot take part after all, withdraw:")
			: TR("On your private page you can see your place on the list and withdraw:")};
		p[n++] = (struct piece){P_LINK, link};
		p[n++] = (struct piece){P_END, NULL};
		p[n++] = (struct piece){P_TEXT, TR("This link is personal: do not share it. It replaces the link in the confirmation of your application, which no longer works.")};
	}
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("News about your application"), edition_title),
		       edition_title, p, n, out);
}

int mail_withdrawal(struct arena *a, enum lang lang, const char *edition_title,
		    const char *name, const char *email, struct mail *out)
{
	const struct piece p[] = {
		{P_TEXT, TR("Your application has been withdrawn for:")}, {P_STRONG, edition_title},
		{P_END, NULL},
		{P_TEXT, TR("You no longer have a place or a place on the waiting list. If this was not your intention, please reply to this e-mail.")},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("Application withdrawn"), edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_offer_taken(struct arena *a, enum lang lang, const char *edition_title,
		     const char *name, const char *email, struct mail *out)
{
	const struct piece p[] = {
		{P_TEXT, TR("You have taken the freed place in:")}, {P_STRONG, edition_title},
		{P_END, NULL},
		{P_TEXT, TR("Your place is confirmed. We will send you the practical details.")},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("Your place is confirmed"), edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_offer_lapsed(struct arena *a, enum lang lang, const char *edition_title,
		      const char *name, const char *email, struct mail *out)
{
	const struct piece p[] = {
		{P_TEXT, TR("The time to answer the offer of a place has passed for:")},
		{P_STRONG, edition_title}, {P_END, NULL},
		{P_TEXT, TR("Because we did not receive an answer, the place is offered to the next on the waiting list and your application is closed.")},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("The offer has lapsed"), edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_offer(struct arena *a, enum lang lang, const char *base_url, const char *edition_title,
	       const char *name, const char *email, const char *token, const char *until,
	       struct mail *out)
{
	char *link = arena_printf(a, "%s/aanbod/%s", base_url, token);
	char *deadline = arena_printf(a, "%s %s", TR("Please answer before"), until);
	if (!link || !deadline)
		return LWP_ENOMEM;
	const struct piece p[] = {
		{P_TEXT, TR("A place has become free in:")}, {P_STRONG, edition_title}, {P_END, NULL},
		{P_TEXT, TR("You are the next on the waiting list. Take the place or let it go on this page:")},
		{P_LINK, link}, {P_END, NULL},
		{P_TEXT, deadline},
		{P_TEXT, TR("Without an answer the place goes to the next on the list.")},
	};
	return compose(a, lang, name, email,
		       arena_printf(a, "%s: %s", TR("A place for you"), edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_subgroup(struct arena *a, enum lang lang, const struct mail_subgroup_in *in,
		  struct mail *out)
{
	int n = 0, max = in->nmembers + in->ncoaches + 8;
	struct piece *p = arena_calloc(a, (size_t)max, sizeof(*p));
	const char *group = in->group_name && in->group_name[0]
		? in->group_name : arena_printf(a, "%s %d", TR("Subgroup"), in->position + 1);
	if (!p || !group)
		return LWP_ENOMEM;
	p[n++] = (struct piece){P_TEXT, in->coach
		? TR("The subgroups of this edition have been made. You coach:")
		: TR("The subgroups of this edition have been made. You are in:")};
	p[n++] = (struct piece){P_STRONG, group};
	p[n++] = (struct piece){P_TEXT, in->edition_title};
	p[n++] = (struct piece){P_END, NULL};
	p[n++] = (struct piece){P_TEXT, TR("Participants:")};
	for (int i = 0; i < in->nmembers; i++)
		p[n++] = (struct piece){P_TEXT, in->members[i]};
	p[n++] = (struct piece){P_END, NULL};
	p[n++] = (struct piece){P_TEXT, in->ncoaches ? TR("Coaches:") : TR("No coach has been named yet.")};
	for (int i = 0; i < in->ncoaches; i++)
		p[n++] = (struct piece){P_TEXT, in->coaches[i]};
	return compose(a, lang, in->name, in->email,
		       arena_printf(a, "%s: %s", TR("Your subgroup"), in->edition_title),
		       in->edition_title, p, n, out);
}

int mail_invoice(struct arena *a, enum lang lang, const char *base_url, const char *edition_title,
		 const char *name, const char *email, const char *number, const char *amount,
		 const char *due, const char *token, struct mail *out)
{
	char *link = arena_printf(a, "%s/facturen/%s", base_url, token);
	char *what = arena_printf(a, "%s %s: %s %s", TR("Invoice"), number, TR("amount due"), amount);
	char *until = arena_printf(a, "%s %s", TR("Please pay before"), due ? due : "");
	if (!link || !what || !until)
		return LWP_ENOMEM;
	const struct piece p[] = {
		{P_TEXT, TR("Attached is the invoice for the participants of your organisation in:")},
		{P_STRONG, edition_title}, {P_END, NULL},
		{P_STRONG, what}, {P_TEXT, until}, {P_END, NULL},
		{P_TEXT, TR("The invoice is attached as an e-invoice (UBL, SI-UBL 2.0) and as a printable copy. You can also see it, and download it, on this page:")},
		{P_LINK, link}, {P_END, NULL},
		{P_TEXT, TR("This link is personal: do not share it.")},
	};
	return compose(a, lang, name && *name ? name : TR("Sir or Madam"), email,
		       arena_printf(a, "%s %s: %s", TR("Invoice"), number, edition_title),
		       edition_title, p, NPIECES(p), out);
}

int mail_privacy_download(struct arena *a, enum lang lang, const char *base_url,
			  const char *name, const char *email, const char *token, int minutes,
			  struct mail *out)
{
	char *link = arena_printf(a, "%s/mijn-gegevens/%s", base_url, token);
	char *valid = arena_printf(a, "%s %d %s", TR("The link works once and for"), minutes,
				   TR("minutes."));
	if (!link || !valid)
		return LWP_ENOMEM;
	const struct piece p[] = {
		{P_TEXT, TR("Use this link to download all data the Leerwerkplaats holds about you:")},
		{P_LINK, link},
		{P_END, NULL},
		{P_TEXT, valid},
		{P_TEXT, TR("Did you not ask for it? Then you can ignore this e-mail.")},
	};
	return compose(a, lang, name, email,
		       arena_strdup(a, TR("Download your data from the Leerwerkplaats")),
		       TR("Your data"), p, NPIECES(p), out);
}

#define GROUP_PARAGRAPHS_MAX 64

int mail_group_message(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, const char *subject,
		       const char *body, struct mail *out)
{
	struct piece p[2 * GROUP_PARAGRAPHS_MAX + 1];
	int n = 0;
	const char *s = body;
	while (*s && n < 2 * GROUP_PARAGRAPHS_MAX - 2) {
		const char *end = strstr(s, "\n\n");
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len) {
			char *para = arena_strndup(a, s, len);
			if (!para)
				return LWP_ENOMEM;
			p[n++] = (struct piece){P_TEXT, para};
			p[n++] = (struct piece){P_END, NULL};
		}
		s += len;
		while (*s == '\n')
			s++;
	}
	if (*s) /* more paragraphs than the cap: the rest as one */
		p[n++] = (struct piece){P_TEXT, s};
	return compose(a, lang, name, email, arena_strdup(a, subject), edition_title, p, n, out);
}
