/* The mail of meetings and polls; see mail_meetings.h. Each message is a
 * greeting, paragraphs and an optional link, written once as plain text and
 * once as HTML through the escaping writer. */
#include "mail/mail_meetings.h"
#include "core/html.h"
#include "core/i18n.h"

#define TR(msgid) i18n_translate(lang, msgid)

struct letter {
	enum lang lang;
	const char *name;
	const char *subject;
	const char *paras[MEETING_DAYS_MAX + 6];
	int n;
	const char *link;
};

static void letter_text(struct buf *b, const struct letter *l)
{
	enum lang lang = l->lang;
	buf_printf(b, "%s %s,\n\n", TR("Dear"), l->name);
	for (int i = 0; i < l->n; i++)
		buf_printf(b, "%s\n\n", l->paras[i]);
	if (l->link)
		buf_printf(b, "%s\n\n", l->link);
	buf_printf(b, "%s\n", TR("Kind regards, the Leerwerkplaats team"));
}

static void letter_html(struct buf *b, const struct letter *l)
{
	enum lang lang = l->lang;
	html_raw(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
	html_text(b, l->subject);
	html_raw(b, "</title></head><body><p>");
	html_text(b, TR("Dear"));
	html_raw(b, " ");
	html_text(b, l->name);
	html_raw(b, ",</p>");
	for (int i = 0; i < l->n; i++) {
		html_raw(b, "<p>");
		html_text(b, l->paras[i]);
		html_raw(b, "</p>");
	}
	if (l->link) {
		html_raw(b, "<p><a href=\"");
		html_attr(b, l->link);
		html_raw(b, "\">");
		html_text(b, l->link);
		html_raw(b, "</a></p>");
	}
	html_raw(b, "<p>");
	html_text(b, TR("Kind regards, the Leerwerkplaats team"));
	html_raw(b, "</p></body></html>\n");
}

static int letter_mail(struct arena *a, const struct letter *l, const char *email,
		       struct mail *out)
{
	struct buf text, html;
	buf_init(&text, 1u << 16);
	buf_init(&html, 1u << 16);
	letter_text(&text, l);
	letter_html(&html, l);
	*out = (struct mail){0};
	out->to_addr = email;
	out->to_name = l->name;
	out->subject = l->subject;
	out->body_text = arena_strdup(a, buf_cstr(&text));
	out->body_html = arena_strdup(a, buf_cstr(&html));
	int rc = text.failed || html.failed || !l->subject || !out->body_text || !out->body_html
		 ? LWP_ENOMEM : 0;
	buf_free(&text);
	buf_free(&html);
	return rc;
}

static const char *day_line(struct arena *a, enum lang lang, const struct meeting_day *d)
{
	struct buf b;
	buf_init(&b, 256);
	meeting_day_format(&b, d, lang);
	char *s = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s ? s : "";
}

int mail_meeting_invitation(struct arena *a, enum lang lang, const char *name, const char *email,
			    const char *edition_title, const struct meeting *m, int kind,
			    const char *url, const char *calendar, struct mail *out)
{
	static const char *const subjects[] = {N_("Invitation"), N_("Changed"), N_("Cancelled")};
	static const char *const intros[] = {
		N_("You are invited to this meeting of:"),
		N_("This meeting has changed. The new dates and times:"),
		N_("This meeting has been cancelled:")};
	kind = kind < 0 || kind > 2 ? 0 : kind;
	struct letter l = {.lang = lang, .name = name, .link = url};
	l.subject = arena_printf(a, "%s: %s", TR(subjects[kind]), m->title);
	l.paras[l.n++] = arena_printf(a, "%s %s", TR(intros[kind]), edition_title);
	l.paras[l.n++] = m->title;
	for (size_t i = 0; i < m->n_days && i < MEETING_DAYS_MAX; i++)
		l.paras[l.n++] = day_line(a, lang, &m->days[i]);
	if (m->location && *m->location)
		l.paras[l.n++] = arena_printf(a, "%s: %s", TR("Location"), m->location);
	if (kind < 2)
		l.paras[l.n++] = TR("The invitation is attached for your calendar. The agenda of the edition:");
	int rc = letter_mail(a, &l, email, out);
	out->calendar = calendar;
	out->calendar_method = kind == 2 ? "CANCEL" : "REQUEST";
	return rc;
}

int mail_poll_invitation(struct arena *a, enum lang lang, const char *name, const char *email,
			 const char *poll_title, const char *link, const char *until,
			 int reminder, struct mail *out)
{
	struct letter l = {.lang = lang, .name = name, .link = link};
	l.subject = arena_printf(a, "%s: %s", TR(reminder ? N_("Reminder: when can you come?")
						     : N_("When can you come?")), poll_title);
	l.paras[l.n++] = reminder ? TR("You have not yet said on every date whether you can come to:")
				  : TR("We are planning a meeting with the participants:");
	l.paras[l.n++] = poll_title;
	if (until)
		l.paras[l.n++] = arena_printf(a, "%s %s.", TR("Please answer before"), until);
	if (reminder)
		l.paras[l.n++] = TR("The link below replaces the one in the earlier message, which no longer works.");
	l.paras[l.n++] = TR("Answer on this page (no account needed; this link is personal, do not share it):");
	return letter_mail(a, &l, email, out);
}

int mail_poll_complete(struct arena *a, enum lang lang, const char *name, const char *email,
		       const char *poll_title, const char *link, struct mail *out)
{
	struct letter l = {.lang = lang, .name = name, .link = link};
	l.subject = arena_printf(a, "%s: %s", TR("Everyone has answered"), poll_title);
	l.paras[l.n++] = TR("Every invitee has answered the poll:");
	l.paras[l.n++] = poll_title;
	l.paras[l.n++] = TR("You can close it on its page:");
	return letter_mail(a, &l, email, out);
}
