/* GET /privacy: the privacy statement (AVG/GDPR) for applicants. */
#include "web/layout.h"
#include "web/routes_public.h"

struct section {
	const char *heading;
	const char *text;
};

static const struct section sections[] = {
	{N_("Who is responsible"), N_("The organiser of the Leerwerkplaats (EC O&P, programme \"Nooit meer reorganiseren\") is responsible for the processing of the personal data on this site.")},
	{N_("What we process and why"), N_("When you apply we process your name, e-mail address, organisation, function, phone number if you give it, the description of your trajectory, your motivation and question, invoice details and needs for the residential start. We use them only to select the participants, to organise the meetings and to invoice your organisation.")},
	{N_("Legal basis"), N_("We process these data with your consent, which you give when you apply. You can withdraw your consent at any time by withdrawing your application.")},
	{N_("Who sees your data"), N_("The programme lead and, once you take part, the coaches of your group. Your name and organisation are shown in the network directory only if you ask for it. We do not share your data with anyone else.")},
	{N_("How long we keep them"), N_("Applications that were not accepted are anonymised one year after the end of the edition, those of participants three years after it (the programme lead can set other periods per edition). Invoice details of participants are kept for the seven years tax law requires; if you joined the network, your name, organisation and function stay for as long as you take part in it. Server logs contain no personal data.")},
	{N_("Your rights"), N_("You can download all data we hold about you as a file (JSON): on the page of your application (we e-mail you a link that works once, to be sure it is you) or on your account page. On the same pages you can ask us to erase your data: a programme lead carries it out, at the latest after 30 days; everything about you is then removed or anonymised, also in the e-mail archive, the audit log and later backups, except invoice details tax law makes us keep. For a correction, contact the programme lead of the edition; you find the contact details on the invitation. You may also complain to the Autoriteit Persoonsgegevens.")},
};

void page_privacy(struct req *r)
{
	struct buf *b = &r->out;
	layout_begin(r, T(r, "Privacy statement"));
	html_raw(b, "<h1 class=\"nl-heading nl-heading--level-1\">");
	html_text(b, T(r, "Privacy statement"));
	html_raw(b, "</h1>\n");
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
		html_text(b, T(r, sections[i].heading));
		html_raw(b, "</h2>\n<p class=\"nl-paragraph\">");
		html_text(b, T(r, sections[i].text));
		html_raw(b, "</p>\n");
	}
	layout_end(r);
}
