/*
 * Demo data: the 2018 edition from the invitation (capacity 20, deadline
 * 15 November 2017 23:59, EUR 1,500) with 30 fictional applicants from a
 * realistic mix of government organisations, and the same invitation as
 * an open, first-come-first-served copy with a deadline 60 days ahead.
 * Names and addresses are invented; addresses use the .example domain.
 */
#include "cli/demo.h"
#include "core/log.h"
#include "core/tz.h"
#include "service/applications.h"
#include "service/editions.h"

#include <stdio.h>
#include <string.h>

static const char description[] =
	"De inter-company Leerwerkplaats biedt een inspirerende omgeving om samen met andere "
	"(rijks)overheidscollega's en onder professionele externe begeleiding concreet aan de slag "
	"te gaan met uw eigen, actuele organisatieontwikkelingstraject.\n\n"
	"Binnen het Rijk zijn verschillende lokale initiatieven gaande omtrent nieuw organiseren "
	"(denk aan zelfsturing) of nieuw veranderen (zoals viraal veranderen via sociale netwerken). "
	"Om van daaruit de beweging te maken naar een wendbare en innovatieve rijksoverheid is het van "
	"belang deze initiatieven te spotten, te verbinden en te versterken. Daarvoor biedt EC O&P "
	"vanuit het rijksbrede innovatieproject 'Nooit meer reorganiseren' de inter-company "
	"Leerwerkplaats aan.\n\n"
	"De Leerwerkplaats is een collectief traject van 6 tot 12 maanden. Deelnemers zijn collega's "
	"vanuit verschillende (rijks)overheidsorganisaties, die verantwoordelijk zijn voor een traject "
	"van nieuw organiseren of nieuw veranderen binnen hun eigen organisatie. De eerste 3 maanden "
	"zijn onder professionele externe begeleiding van twee consultants van een extern bureau. "
	"Daarna gaan de deelnemers als koplopersnetwerk zelfstandig met elkaar verder, gefaciliteerd "
	"vanuit EC O&P Organisatieadvies.\n\n"
	"Het traject start met een extern begeleide tweedaagse op 25 en 26 januari 2018 en twee "
	"vervolgbijeenkomsten op 8 maart en 3 april. Overige bijeenkomsten worden met de deelnemers "
	"gepland. De kosten bedragen ongeveer 1.500 euro per persoon voor de externe begeleiding, "
	"exclusief de verblijfskosten voor het conferentieoord eind januari. Er is plaats voor maximaal "
	"20 deelnemers. Daarbij streven we diversiteit na qua aard en aantal deelnemende organisaties "
	"en in te brengen organisatieontwikkelingstrajecten.\n\n"
	"Bent u als (programma)manager verantwoordelijk voor een organisatiebreed ontwikkelingstraject "
	"en kunt u wel wat intercollegiale en professionele steun gebruiken bij de taaie vraagstukken "
	"waar u tegenaan loopt? Meld u dan aan.";

struct demo_applicant {
	const char *name, *email, *org, *kind, *function, *initiative, *theme, *tags;
	const char *question;
};

static const struct demo_applicant applicants[] = {
	{"Anouk Bakker", "anouk.bakker@belastingdienst.example", "Belastingdienst", "agency", "Programmamanager", "Teams aan het roer", "new_organising", "zelfsturing, teams", "Hoe houden we zelfsturende teams verbonden met de lijn?"},
	{"Bram de Vries", "bram.devries@rws.example", "Rijkswaterstaat", "agency", "Programmaleider wendbaarheid", "Wendbaar Rijkswaterstaat", "both", "wendbaarheid, netwerk", "Hoe veranderen we zonder blauwdruk?"},
	{"Carla Jansen", "carla.jansen@minbzk.example", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "ministry", "Afdelingshoofd organisatieontwikkeling", "Nieuw werken BZK", "new_changing", "viraal veranderen, sociale netwerken", "Hoe krijgen we beweging in een beleidsdepartement?"},
	{"Daan Visser", "daan.visser@duo.example", "Dienst Uitvoering Onderwijs", "agency", "Manager verandering", "DUO in de wijk", "new_organising", "klantgericht, teams", "Hoe organiseren we rond de student in plaats van rond processen?"},
	{"Eva Smit", "eva.smit@uwv.example", "UWV", "zbo", "Programmamanager", "Zelforganisatie in de uitvoering", "new_organising", "zelfsturing, uitvoering", "Hoe schalen we een geslaagde pilot op?"},
	{"Frank Mulder", "frank.mulder@cbs.example", "Centraal Bureau voor de Statistiek", "zbo", "Directeur bedrijfsvoering", "Agile CBS", "new_organising", "agile, scrum", "Hoe krijgen we de staf mee in agile werken?"},
	{"Gerda Bos", "gerda.bos@ilent.example", "Inspectie Leefomgeving en Transport", "inspectorate", "Programmamanager", "Toezicht in netwerken", "new_changing", "toezicht, netwerk", "Hoe verandert een inspectie van binnenuit?"},
	{"Hans Meijer", "hans.meijer@ind.example", "Immigratie- en Naturalisatiedienst", "agency", "Programmamanager", "IND Verandert Mee", "both", "verandervermogen, leiderschap", "Hoe maken we leidinggevenden eigenaar van de verandering?"},
	{"Ilse de Boer", "ilse.deboer@ssc-ict.example", "SSC-ICT", "shared_service", "Teamleider organisatieontwikkeling", "Klantteams SSC-ICT", "new_organising", "klantteams, dienstverlening", "Hoe organiseren we rond klanten in een shared service?"},
	{"Jeroen Dekker", "jeroen.dekker@pdirekt.example", "P-Direkt", "shared_service", "Programmaleider", "P-Direkt zonder hiërarchie", "new_organising", "zelfsturing, hiërarchie", "Wat doet een manager als teams zichzelf sturen?"},
	{"Karin Vos", "karin.vos@minezk.example", "Ministerie van Economische Zaken en Klimaat", "ministry", "Programmamanager", "Beleid in netwerken", "new_changing", "netwerkorganisatie, beleid", "Hoe werk je in netwerken als de lijn blijft bestaan?"},
	{"Lars Peters", "lars.peters@rvo.example", "Rijksdienst voor Ondernemend Nederland", "agency", "Veranderkundige", "RVO Beweegt", "new_changing", "viraal veranderen, energie", "Hoe houden we de energie vast na de start?"},
	{"Marieke Hendriks", "marieke.hendriks@dji.example", "Dienst Justitiële Inrichtingen", "agency", "Programmamanager", "Zelfsturing in de inrichting", "new_organising", "zelfsturing, veiligheid", "Hoe combineer je zelfsturing met strikte veiligheidseisen?"},
	{"Niels van Dijk", "niels.vandijk@logius.example", "Logius", "agency", "Manager organisatieontwikkeling", "Logius Wendbaar", "both", "agile, wendbaarheid", "Hoe richten we de besturing in op wendbaarheid?"},
	{"Olga Willems", "olga.willems@kadaster.example", "Kadaster", "zbo", "Programmamanager", "Kadaster Samen", "new_changing", "sociale netwerken, verbinden", "Hoe benutten we informele netwerken voor verandering?"},
	{"Pieter Kok", "pieter.kok@minienw.example", "Ministerie van Infrastructuur en Waterstaat", "ministry", "Programmadirecteur", "Opgavegericht werken", "new_organising", "opgavegericht, netwerk", "Hoe organiseren we rond maatschappelijke opgaven?"},
	{"Quinten Jacobs", "quinten.jacobs@nvwa.example", "Nederlandse Voedsel- en Warenautoriteit", "inspectorate", "Programmamanager", "NVWA Vernieuwt", "both", "cultuur, vertrouwen", "Hoe bouwen we vertrouwen na een crisis?"},
	{"Rianne van Leeuwen", "rianne.vanleeuwen@utrecht.example", "Gemeente Utrecht", "local", "Programmamanager", "Utrecht organiseert anders", "new_organising", "zelfsturing, wijkteams", "Wat kunnen Rijk en gemeente van elkaar leren?"},
	{"Sander de Groot", "sander.degroot@zuid-holland.example", "Provincie Zuid-Holland", "local", "Veranderregisseur", "Provincie in beweging", "new_changing", "viraal veranderen, communicatie", "Hoe maken we verandering zichtbaar?"},
	{"Tessa Koster", "tessa.koster@belastingdienst.example", "Belastingdienst", "agency", "Teamleider", "Leren in de lijn", "new_changing", "leren, leiderschap", "Hoe maken we van leren een gewoonte?"},
	{"Umut Yilmaz", "umut.yilmaz@rws.example", "Rijkswaterstaat", "agency", "Adviseur organisatieontwikkeling", "Netwerk van vernieuwers", "new_changing", "netwerk, koplopers", "Hoe versterken we koplopers zonder ze te isoleren?"},
	{"Vera Huisman", "vera.huisman@minvws.example", "Ministerie van Volksgezondheid, Welzijn en Sport", "ministry", "Programmamanager", "VWS Werkt Anders", "both", "flexibel werken, organisatie", "Hoe organiseer je flexibel rond politieke prioriteiten?"},
	{"Wouter Brouwer", "wouter.brouwer@cjib.example", "Centraal Justitieel Incassobureau", "agency", "Programmamanager", "Zelfsturende teams CJIB", "new_organising", "zelfsturing, teams", "Hoe meten we of zelfsturing werkt?"},
	{"Xandra Maas", "xandra.maas@minocw.example", "Ministerie van Onderwijs, Cultuur en Wetenschap", "ministry", "Coördinator vernieuwing", "OCW Lab", "new_changing", "experimenteren, innovatie", "Hoe geef je experimenten ruimte in een departement?"},
	{"Youssef El Amrani", "youssef.elamrani@svb.example", "Sociale Verzekeringsbank", "zbo", "Programmamanager", "SVB Zelforganisatie", "new_organising", "zelforganisatie, uitvoering", "Hoe blijft de kwaliteit van dienstverlening op peil tijdens de omslag?"},
	{"Zoë van den Berg", "zoe.vandenberg@rijksvastgoedbedrijf.example", "Rijksvastgoedbedrijf", "agency", "Programmaleider", "Vastgoed in netwerken", "new_changing", "netwerk, samenwerken", "Hoe werken we samen over organisatiegrenzen heen?"},
	{"Arjen Postma", "arjen.postma@waterschap-rivierenland.example", "Waterschap Rivierenland", "local", "Organisatieadviseur", "Waterschap 2.0", "both", "wendbaarheid, teams", "Hoe blijft een waterschap wendbaar?"},
	{"Bianca Koops", "bianca.koops@minfin.example", "Ministerie van Financiën", "ministry", "Programmamanager", "Financiën Verbindt", "new_changing", "verbinden, cultuur", "Hoe verandert een cultuur van controle?"},
	{"Cor Timmermans", "cor.timmermans@uwv.example", "UWV", "zbo", "Manager", "Teams in de regio", "new_organising", "regio, teams", "Hoe geven we regio's meer ruimte?"},
	{"Dewi Hartono", "dewi.hartono@nza.example", "Nederlandse Zorgautoriteit", "zbo", "Programmamanager", "NZa Netwerkorganisatie", "new_changing", "netwerkorganisatie, toezicht", "Hoe houd je een netwerkorganisatie bestuurbaar?"},
};

/* Agencies and shared services with their ministry, where both applied. */
static const char *const demo_parents[][2] = {
	{"Belastingdienst", "Ministerie van Financiën"},
	{"Rijkswaterstaat", "Ministerie van Infrastructuur en Waterstaat"},
	{"Inspectie Leefomgeving en Transport", "Ministerie van Infrastructuur en Waterstaat"},
	{"Dienst Uitvoering Onderwijs", "Ministerie van Onderwijs, Cultuur en Wetenschap"},
	{"Rijksdienst voor Ondernemend Nederland", "Ministerie van Economische Zaken en Klimaat"},
	{"Logius", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"},
	{"SSC-ICT", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"},
	{"P-Direkt", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"},
	{"Rijksvastgoedbedrijf", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"},
};

static int edition_exists(struct store *s, struct arena *a, const char *slug,
			  struct edition *e)
{
	int rc = store_edition_get(s, a, slug, e);
	return rc == 0 ? 1 : rc == LWP_ENOTFOUND ? 0 : rc;
}

static void fill_edition(struct edition *e, const char *slug, const char *title,
			 int64_t deadline, enum policy policy)
{
	memset(e, 0, sizeof(*e));
	e->slug = (char *)slug;
	e->title = (char *)title;
	e->description = (char *)description;
	e->capacity = 20;
	e->deadline = deadline;
	e->policy = policy;
	e->org_cap = 2;
	e->fee_cents = 150000;
	e->starts_on = (char *)"2018-01-25";
	e->ends_on = (char *)"2018-12-31";
	e->guided_months = 3;
	e->location = (char *)"Conferentieoord, Nederland";
	e->contact_name = (char *)"Projectleider Nooit meer reorganiseren";
	e->contact_email = (char *)"leerwerkplaats@ecop.example";
	e->status = EDITION_OPEN;
	e->created_at = deadline - 60 * 86400;
}

/* The applicants' address in an edition: as in the table for 2018, with
 * the edition's year added for another ("anouk.bakker+2019@..."). */
static char *applicant_email(struct arena *a, const char *email, const char *tag)
{
	const char *at = strchr(email, '@');
	if (!tag || !at)
		return (char *)email;
	return arena_printf(a, "%.*s+%s%s", (int)(at - email), email, tag, at);
}

/* A diversity edition whose deadline passed: the demo's applicants applied
 * in the four weeks before it (tag: their addresses, see applicant_email). */
static int seed_closed(struct store *s, struct arena *a, const char *slug, const char *title,
		       int year, const char *tag)
{
	struct edition e;
	int64_t deadline;
	int rc = tz_local_to_utc(year, 11, 15, 23, 59, &deadline);
	if (rc)
		return rc;
	fill_edition(&e, slug, title, deadline, POLICY_DIVERSITY);
	struct actor who = ACTOR_SYSTEM;
	struct field_errors fe = {0};
	if ((rc = svc_edition_create(s, a, &who, &e, e.created_at, &fe)))
		return rc;
	int n = (int)(sizeof(applicants) / sizeof(applicants[0]));
	for (int i = 0; i < n; i++) {
		const struct demo_applicant *d = &applicants[i];
		struct application_input in = {
			.name = (char *)d->name, .email = applicant_email(a, d->email, tag),
			.organisation = (char *)d->org, .organisation_kind = (char *)d->kind,
			.function = (char *)d->function, .initiative_title = (char *)d->initiative,
			.theme = (char *)d->theme, .tags = (char *)d->tags,
			.motivation = (char *)"Ik wil met collega's van andere organisaties leren hoe zij hun traject aanpakken.",
			.question = (char *)d->question, .lang = (char *)"nl",
			.eligible = 1, .consent = 1, .consent_directory = i % 3 != 0,
		};
		/* Spread the applications over the four weeks before the deadline. */
		struct submission sub = {.slug = slug, .in = &in, .lang = LANG_NL,
					 .base_url = "", .now = deadline - 28 * 86400 + (int64_t)i * 80000,
					 .no_mail = 1};
		if ((rc = svc_application_submit(s, a, &sub)))
			return rc;
	}
	for (size_t i = 0; i < sizeof(demo_parents) / sizeof(demo_parents[0]); i++)
		if ((rc = svc_organisation_set_parent(s, a, &who, demo_parents[i][0],
						      demo_parents[i][1], deadline)))
			return rc;
	return svc_edition_set_status(s, a, &who, e.id, EDITION_CLOSED, deadline);
}

/* 23:59 Amsterdam time, 60 days from now. */
static int64_t demo_open_deadline(void)
{
	struct local_time lt;
	int64_t deadline;
	tz_to_local(tz_now() + 60 * 86400, &lt);
	if (tz_local_to_utc(lt.year, lt.month, lt.day, 23, 59, &deadline))
		return tz_now() + 60 * 86400;
	return deadline;
}

int demo_seed(struct store *s)
{
	struct arena *a = arena_new();
	struct actor who = ACTOR_SYSTEM;
	struct field_errors fe = {0};
	struct edition e;
	int rc = a ? 0 : LWP_ENOMEM;
	int64_t future = demo_open_deadline();
	if (!rc && (rc = edition_exists(s, a, DEMO_SLUG_2018, &e)) == 0)
		rc = seed_closed(s, a, DEMO_SLUG_2018, "Inter-company Leerwerkplaats 2018", 2017, NULL);
	if (rc >= 0)
		rc = demo_subgroups(s);
	if (rc >= 0)
		rc = demo_meetings(s);
	/* An edition past its deadline whose selection is still to be made, for
	 * a visitor of the demo to try the selection. */
	if (rc >= 0 && (rc = edition_exists(s, a, DEMO_SLUG_WAITING, &e)) == 0)
		rc = seed_closed(s, a, DEMO_SLUG_WAITING,
				 "Inter-company Leerwerkplaats 2019 (selectie nog te maken)", 2018, "2019");
	if (rc >= 0)
		rc = demo_invoices(s, a);
	if (rc >= 0)
		rc = demo_privacy(s, a);
	if (rc < 0)
		goto done;
	if ((rc = edition_exists(s, a, DEMO_SLUG_OPEN, &e)) == 0) {
		fill_edition(&e, DEMO_SLUG_OPEN, "Inter-company Leerwerkplaats (demo)",
			     future, POLICY_FCFS);
		e.starts_on = NULL;
		e.ends_on = NULL;
		e.created_at = tz_now();
		rc = svc_edition_create(s, a, &who, &e, tz_now(), &fe);
	} else if (rc == 1) {
		rc = e.deadline < tz_now() ? svc_edition_set_deadline(s, a, &who, e.id, future, tz_now())
		     : 0;
	}
	if (rc >= 0)
		rc = demo_network_seed(s);
done:
	if (rc < 0)
		log_error("demo: could not create the demo data (%s)", lwp_result_name(rc));
	arena_free(a);
	return rc < 0 ? rc : 0;
}
