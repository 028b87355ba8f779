/* Unit tests of domain/stem and domain/rank: folding and tokens, the Dutch
 * stemmer on this field's word pairs (with Snowball Dutch measured on the
 * same list for the report), the English stemmer, the ranking on a small
 * corpus, index and naive reference agreeing, similar and its reason, and
 * recall@5 and MRR on the labelled set in tests/data/initiatives.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef LWP_HAVE_LIBSTEMMER
#include <libstemmer.h>
#endif

#include "core/buf.h"
#include "core/error.h"
#include "domain/rank.h"
#include "domain/stem.h"

/* ---- tokens ---- */

static void expect_tokens(const char *text, const char *const *want, size_t n)
{
	struct stem_tokens t;
	stem_tokens_init(&t, 100);
	assert_int_equal(stem_tokenize(text, &t), 0);
	assert_int_equal(t.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(stem_token(&t, i), want[i]);
	stem_tokens_free(&t);
}

static void test_tokens_fold_case_and_diacritics(void **state)
{
	(void)state;
	static const char *const a[] = {"coordinatie", "een", "ideeen", "reunie"};
	expect_tokens("Coördinatie, ÉÉN ideeën; réünie!", a, 4);
	/* decomposed: o + U+0308 COMBINING DIAERESIS */
	static const char *const b[] = {"coordinatie"};
	expect_tokens("coo\xcc\x88rdinatie", b, 1);
	static const char *const c[] = {"strasse", "ijs", "oeuvre", "aeon"};
	expect_tokens("Straße \xc4\xb2s Œuvre Æon", c, 4);
	/* split on punctuation and symbols, single letters dropped */
	static const char *const d[] = {"self", "managing", "teams", "auto", "2025", "co2"};
	expect_tokens("self-managing teams (auto's) \xe2\x80\x94 2025/CO2", d, 6);
	/* other scripts kept as they are; invalid bytes separate */
	static const char *const e[] = {"\xce\xbb\xce\xbf\xce\xb3\xce\xbf\xcf\x82", "ab", "cd"};
	expect_tokens("\xce\xbb\xce\xbf\xce\xb3\xce\xbf\xcf\x82 ab\xff" "cd", e, 3);
	expect_tokens(NULL, NULL, 0);
}

static void test_tokens_cap(void **state)
{
	(void)state;
	struct stem_tokens t;
	stem_tokens_init(&t, 2);
	assert_int_equal(stem_tokenize("een twee drie", &t), LWP_ETOOLARGE);
	stem_tokens_free(&t);
	char longword[200];
	memset(longword, 'a', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	stem_tokens_init(&t, 10);
	assert_int_equal(stem_tokenize(longword, &t), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(strlen(stem_token(&t, 0)), STEM_TOKEN_MAX);
	stem_tokens_free(&t);
}

static void test_stopwords_and_language(void **state)
{
	(void)state;
	assert_true(stem_is_stopword("de"));
	assert_true(stem_is_stopword("the"));
	assert_true(stem_is_stopword("zijn"));
	assert_false(stem_is_stopword("team"));
	assert_false(stem_is_stopword("netwerk"));
	struct stem_tokens t;
	stem_tokens_init(&t, 100);
	assert_int_equal(stem_tokenize("The teams plan their own work with the users", &t), 0);
	assert_int_equal(stem_guess_lang(&t), LANG_EN);
	stem_tokens_reset(&t);
	assert_int_equal(stem_tokenize("De teams plannen hun werk met de gebruikers", &t), 0);
	assert_int_equal(stem_guess_lang(&t), LANG_NL);
	stem_tokens_free(&t);
}

/* ---- stemmers ---- */

/* Singular/plural and derivation pairs of this field: government,
 * organisational development, agile, learning. */
static const char *const dutch_pairs[][2] = {
	{"organisatie", "organisaties"}, {"initiatief", "initiatieven"},
	{"ministerie", "ministeries"}, {"agentschap", "agentschappen"},
	{"leerwerkplaats", "leerwerkplaatsen"}, {"gemeente", "gemeenten"},
	{"gemeente", "gemeentes"}, {"team", "teams"}, {"coach", "coaches"},
	{"vraagstuk", "vraagstukken"}, {"netwerk", "netwerken"},
	{"verandering", "veranderingen"}, {"provincie", "provincies"},
	{"waterschap", "waterschappen"}, {"inspectie", "inspecties"},
	{"uitvoeringsorganisatie", "uitvoeringsorganisaties"}, {"ambtenaar", "ambtenaren"},
	{"medewerker", "medewerkers"}, {"burger", "burgers"},
	{"leidinggevende", "leidinggevenden"}, {"manager", "managers"},
	{"afdeling", "afdelingen"}, {"directie", "directies"}, {"opgave", "opgaven"},
	{"resultaat", "resultaten"}, {"proces", "processen"}, {"les", "lessen"},
	{"ervaring", "ervaringen"}, {"uitdaging", "uitdagingen"},
	{"experiment", "experimenten"}, {"pilot", "pilots"}, {"workshop", "workshops"},
	{"sessie", "sessies"}, {"bijeenkomst", "bijeenkomsten"}, {"training", "trainingen"},
	{"opleiding", "opleidingen"}, {"leertraject", "leertrajecten"},
	{"vaardigheid", "vaardigheden"}, {"mogelijkheid", "mogelijkheden"},
	{"teamlid", "teamleden"}, {"strategie", "strategieën"}, {"idee", "ideeën"},
	{"rol", "rollen"}, {"doel", "doelen"}, {"vraag", "vragen"},
	{"klantreis", "klantreizen"}, {"bedrijf", "bedrijven"}, {"werkvorm", "werkvormen"},
	{"gesprek", "gesprekken"}, {"regel", "regels"}, {"inzicht", "inzichten"},
	{"kans", "kansen"}, {"mens", "mensen"}, {"scrumteam", "scrumteams"},
	{"programma", "programma's"}, {"thema", "thema's"}, {"dilemma", "dilemma's"},
	{"procedure", "procedures"}, {"analyse", "analyses"}, {"fase", "fasen"},
	{"casus", "casussen"}, {"traject", "trajecten"}, {"subsidie", "subsidies"},
	{"kwaliteit", "kwaliteiten"}, {"ketenpartner", "ketenpartners"},
	{"stakeholder", "stakeholders"}, {"structuur", "structuren"}, {"cultuur", "culturen"},
	{"module", "modules"}, {"veranderaar", "veranderaars"}, {"werkwijze", "werkwijzen"},
	{"overheidsorganisatie", "overheidsorganisaties"}, {"rijksdienst", "rijksdiensten"},
	{"facilitator", "facilitatoren"}, {"begeleider", "begeleiders"},
	{"deelnemer", "deelnemers"}, {"praktijk", "praktijken"},
	{"bureaucratie", "bureaucratieën"}, {"hiërarchie", "hiërarchieën"},
	{"beleidsmaker", "beleidsmakers"}, {"dienst", "diensten"},
	{"opdrachtgever", "opdrachtgevers"},
	/* derivations */
	{"samenwerking", "samenwerken"}, {"verandering", "veranderen"},
	{"zelfsturing", "zelfsturende"}, {"sturing", "sturen"},
	{"organisatie", "organiseren"}, {"evaluatie", "evalueren"},
	{"coördinatie", "coördineren"}, {"innovatie", "innoveren"},
	{"participatie", "participeren"}, {"leren", "lerende"}, {"wendbaar", "wendbaarheid"},
	{"wendbaar", "wendbare"}, {"duurzaam", "duurzame"}, {"digitaal", "digitale"},
	{"ontwikkeling", "ontwikkelen"}, {"coaching", "coachen"}, {"nieuw", "nieuwe"},
	{"publiek", "publieke"}, {"implementatie", "implementeren"},
	{"communicatie", "communiceren"}, {"uitvoering", "uitvoeren"},
	{"vernieuwing", "vernieuwen"}, {"landelijk", "landelijke"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The first token of a word, folded. */
static void fold(const char *word, char *out)
{
	struct stem_tokens t;
	stem_tokens_init(&t, 8);
	assert_int_equal(stem_tokenize(word, &t), 0);
	assert_true(t.n >= 1);
	snprintf(out, STEM_TOKEN_MAX + 1, "%s", stem_token(&t, 0));
	stem_tokens_free(&t);
}

static int ours_conflate(const char *a, const char *b)
{
	char fa[STEM_TOKEN_MAX + 1], fb[STEM_TOKEN_MAX + 1];
	char sa[STEM_TOKEN_MAX + 1], sb[STEM_TOKEN_MAX + 1];
	fold(a, fa);
	fold(b, fb);
	stem_dutch(fa, sa);
	stem_dutch(fb, sb);
	if (strcmp(sa, sb) != 0)
		print_message("  not conflated: %s -> %s, %s -> %s\n", a, sa, b, sb);
	return strcmp(sa, sb) == 0;
}

#ifdef LWP_HAVE_LIBSTEMMER
/* Snowball Dutch, as PostgreSQL's "dutch" configuration uses it; the first
 * token (so that "thema's" is "thema" there as well). */
static int snowball_conflate(struct sb_stemmer *sb, const char *a, const char *b)
{
	char fa[STEM_TOKEN_MAX + 1], fb[STEM_TOKEN_MAX + 1], ka[64];
	fold(a, fa);
	fold(b, fb);
	const sb_symbol *x = sb_stemmer_stem(sb, (const sb_symbol *)fa, (int)strlen(fa));
	assert_non_null(x);
	snprintf(ka, sizeof(ka), "%s", (const char *)x);
	const sb_symbol *y = sb_stemmer_stem(sb, (const sb_symbol *)fb, (int)strlen(fb));
	assert_non_null(y);
	return strcmp(ka, (const char *)y) == 0;
}
#endif

static void test_dutch_pairs(void **state)
{
	(void)state;
	size_t n = COUNT(dutch_pairs), ok = 0;
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++)
		ok += (size_t)ours_conflate(dutch_pairs[i][0], dutch_pairs[i][1]);
	print_message("Dutch pairs conflated, ours: %zu/%zu (%.1f%%)\n", ok, n, 100.0 * ok / n);
#ifdef LWP_HAVE_LIBSTEMMER
	struct sb_stemmer *sb = sb_stemmer_new("dutch", "UTF_8");
	assert_non_null(sb);
	size_t sok = 0;
	for (size_t i = 0; i < n; i++)
		sok += (size_t)snowball_conflate(sb, dutch_pairs[i][0], dutch_pairs[i][1]);
	sb_stemmer_delete(sb);
	print_message("Dutch pairs conflated, Snowball Dutch (libstemmer): %zu/%zu (%.1f%%)\n",
		      sok, n, 100.0 * sok / n);
#endif
	assert_true(ok * 100 >= n * 95);
}

/* Words that must stay apart: a stemmer that maps everything to one key
 * would pass the pairs. */
static void test_dutch_keeps_words_apart(void **state)
{
	(void)state;
	static const char *const apart[][2] = {
		{"team", "teamleider"}, {"netwerk", "netwerkorganisatie"}, {"leren", "leider"},
		{"organisatie", "organisatieontwikkeling"}, {"proces", "procedure"},
		{"beleid", "beleidsmaker"}, {"toezicht", "toezichthouder"}, {"agile", "agenda"},
	};
	for (size_t i = 0; i < COUNT(apart); i++) {
		char a[STEM_TOKEN_MAX + 1], b[STEM_TOKEN_MAX + 1];
		stem_dutch(apart[i][0], a);
		stem_dutch(apart[i][1], b);
		assert_string_not_equal(a, b);
	}
}

static void test_english_pairs(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{"team", "teams"}, {"organisation", "organisations"}, {"organization", "organisation"},
		{"organise", "organising"}, {"agency", "agencies"}, {"ministry", "ministries"},
		{"coach", "coaches"}, {"process", "processes"}, {"learn", "learning"},
		{"change", "changing"}, {"manage", "managing"}, {"managed", "manage"},
		{"innovation", "innovate"}, {"collaboration", "collaborate"}, {"network", "networks"},
		{"run", "running"}, {"experiment", "experiments"}, {"policy", "policies"},
	};
	size_t ok = 0;
	for (size_t i = 0; i < COUNT(pairs); i++) {
		char a[STEM_TOKEN_MAX + 1], b[STEM_TOKEN_MAX + 1];
		stem_english(pairs[i][0], a);
		stem_english(pairs[i][1], b);
		if (strcmp(a, b) != 0)
			print_message("  not conflated: %s -> %s, %s -> %s\n", pairs[i][0], a,
				      pairs[i][1], b);
		ok += strcmp(a, b) == 0;
	}
	print_message("English pairs conflated: %zu/%zu\n", ok, COUNT(pairs));
	assert_int_equal(ok, COUNT(pairs));
}

static void test_glossary(void **state)
{
	(void)state;
	const char *const a[] = {"self", "managing", "teams"};
	size_t used = 0;
	assert_string_equal(stem_glossary(a, 3, &used), "zelfsturend");
	assert_int_equal(used, 2);
	const char *const b[] = {"netwerken"}; /* by stem: the plural matches */
	assert_string_equal(stem_glossary(b, 1, &used), "network");
	assert_int_equal(used, 1);
	const char *const c[] = {"teams"};
	assert_null(stem_glossary(c, 1, &used));
}

static void test_trigrams(void **state)
{
	(void)state;
	uint32_t t[STEM_TOKEN_MAX];
	assert_int_equal(stem_trigrams("ab", t, STEM_TOKEN_MAX), 0);
	/* "aaaa" has one distinct trigram */
	assert_int_equal(stem_trigrams("aaaa", t, STEM_TOKEN_MAX), 1);
	assert_int_equal(t[0], 0x616161u);
	size_t n = stem_trigrams("netwerk", t, STEM_TOKEN_MAX);
	assert_int_equal(n, 5);
	for (size_t i = 1; i < n; i++)
		assert_true(t[i - 1] < t[i]);
	uint32_t c[STEM_TOKEN_MAX];
	size_t m = stem_trigrams("koplopersnetwerk", c, STEM_TOKEN_MAX);
	for (size_t i = 0; i < n; i++) {
		int found = 0;
		for (size_t j = 0; j < m; j++)
			found |= c[j] == t[i];
		assert_true(found);
	}
}

/* ---- ranking on a small corpus ---- */

static struct search_doc mkdoc(int64_t id, const char *title, const char *summary,
			       const char *tags, enum org_kind kind)
{
	struct search_doc d = {0};
	d.id = id;
	d.field[SEARCH_TITLE] = title;
	d.field[SEARCH_SUMMARY] = summary;
	d.field[SEARCH_TAGS] = tags;
	d.field[SEARCH_ORGANISATION] = "Rijksdienst";
	d.kind = kind;
	d.theme = THEME_ORGANISING;
	d.stage = STAGE_RUNNING;
	return d;
}

static const struct search_doc *small_corpus(size_t *n)
{
	static struct search_doc d[7];
	d[0] = mkdoc(10, "Zelfsturende teams", "Teams sturen zichzelf; de manager wordt coach.",
		     "zelfsturing, teams", ORG_AGENCY);
	d[1] = mkdoc(11, "Koplopersnetwerk", "Vernieuwers uit alle districten steunen elkaar.",
		     "koplopers", ORG_AGENCY);
	d[2] = mkdoc(12, "Netwerk van beleidsmakers", "Beleid maken in een netwerk over directies heen.",
		     "beleid", ORG_MINISTRY);
	d[3] = mkdoc(13, "Agile werken", "Sprints en retrospectives in de uitvoering.", "agile, scrum",
		     ORG_ZBO);
	d[4] = mkdoc(14, "Lerende organisatie", "Leidinggevenden maken van leren een gewoonte.",
		     "leren", ORG_AGENCY);
	d[5] = mkdoc(15, "Coördinatie van initiatieven", "Een overzicht van alle initiatieven.",
		     "", ORG_LOCAL);
	d[6] = mkdoc(16, "Teams in de regio", "Regionale teams met meer ruimte.", "teams, regio",
		     ORG_ZBO);
	*n = 7;
	return d;
}

static size_t run_query(const struct search_index *ix, const char *q, struct search_hit *hits,
			size_t limit)
{
	size_t n = 0, total = 0;
	struct lwp_error err = {0};
	assert_int_equal(search_query(ix, q, NULL, limit, hits, &n, &total, &err), 0);
	assert_true(n <= total);
	return n;
}

static void test_rank_small_corpus(void **state)
{
	(void)state;
	size_t n;
	const struct search_doc *d = small_corpus(&n);
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(d, n, &p, &ix, &err), 0);
	struct search_hit h[10];
	/* the title and tags of 10 say it twice; 16 has teams in the title */
	size_t k = run_query(ix, "zelfsturende teams", h, 10);
	assert_int_equal(k, 2);
	assert_int_equal(h[0].id, 10);
	assert_int_equal(h[1].id, 16);
	assert_true(h[0].score > h[1].score);
	/* exact netwerk (12) before the compound (11), found by its trigrams */
	k = run_query(ix, "netwerken", h, 10);
	assert_int_equal(k, 2);
	assert_int_equal(h[0].id, 12);
	assert_int_equal(h[1].id, 11);
	/* diacritics and plural: coordinatie ~ Coördinatie, initiatief ~ initiatieven */
	k = run_query(ix, "coordinatie initiatief", h, 10);
	assert_true(k >= 1);
	assert_int_equal(h[0].id, 15);
	/* derivation: leren ~ lerende; "leidinggevende" is not leren */
	k = run_query(ix, "leren", h, 10);
	assert_int_equal(k, 1);
	assert_int_equal(h[0].id, 14);
	/* English query, Dutch text, through the glossary */
	k = run_query(ix, "self-managing", h, 10);
	assert_int_equal(k, 1);
	assert_int_equal(h[0].id, 10);
	/* stopwords alone match nothing; limit is respected */
	assert_int_equal(run_query(ix, "de het een", h, 10), 0);
	assert_int_equal(run_query(ix, "", h, 10), 0);
	/* the same tf in a shorter text weighs more (BM25 length norm) */
	assert_int_equal(run_query(ix, "teams", h, 1), 1);
	assert_int_equal(h[0].id, 16);
	search_index_free(ix);
}

static int keep_not_10(const void *ctx, int64_t id)
{
	(void)ctx;
	return id != 10;
}

/* A where leaves documents out without changing the others' scores. */
static void test_rank_where(void **state)
{
	(void)state;
	size_t n;
	const struct search_doc *d = small_corpus(&n);
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(d, n, &p, &ix, &err), 0);
	struct search_hit all[10], some[10];
	size_t na, ns, ta, tsome;
	struct search_where w = {keep_not_10, NULL};
	assert_int_equal(search_query(ix, "teams", NULL, 10, all, &na, &ta, &err), 0);
	assert_int_equal(search_query(ix, "teams", &w, 10, some, &ns, &tsome, &err), 0);
	assert_int_equal(ns + 1, na);
	assert_int_equal(tsome + 1, ta);
	for (size_t i = 0, j = 0; i < na; i++) {
		if (all[i].id == 10)
			continue;
		assert_int_equal(all[i].id, some[j].id);
		assert_true(all[i].score == some[j++].score);
	}
	struct similar_hit h[10];
	assert_int_equal(search_similar(ix, 16, &w, 10, h, &ns, &err), 0);
	for (size_t i = 0; i < ns; i++)
		assert_true(h[i].id != 10 && h[i].id != 16);
	search_index_free(ix);
}

static void test_rank_ties_by_id(void **state)
{
	(void)state;
	struct search_doc d[3] = {mkdoc(30, "Pilot", NULL, NULL, ORG_AGENCY),
				  mkdoc(7, "Pilot", NULL, NULL, ORG_AGENCY),
				  mkdoc(19, "Pilot", NULL, NULL, ORG_AGENCY)};
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(d, 3, &p, &ix, &err), 0);
	struct search_hit h[3];
	assert_int_equal(run_query(ix, "pilots", h, 3), 3);
	assert_int_equal(h[0].id, 7);
	assert_int_equal(h[1].id, 19);
	assert_int_equal(h[2].id, 30);
	assert_true(h[0].score == h[2].score);
	search_index_free(ix);
	/* duplicate ids are refused */
	d[1].id = 30;
	assert_int_equal(search_index_build(d, 3, &p, &ix, &err), LWP_EINVAL);
	assert_null(ix);
}

/* ---- the labelled set ---- */

struct evalset {
	json_t *root;
	struct search_doc *docs;
	size_t n;
	char **tags; /* joined with ", " */
};

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	assert_non_null(s);
	return s;
}

static char *join_tags(json_t *arr)
{
	struct buf b;
	buf_init(&b, 4096);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v));
	assert_false(b.failed);
	char *s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void eval_load(struct evalset *e)
{
	json_error_t jerr;
	e->root = json_load_file(LWP_SEARCH_DATA, 0, &jerr);
	if (!e->root)
		fail_msg("%s: %s", LWP_SEARCH_DATA, jerr.text);
	json_t *arr = json_object_get(e->root, "initiatives");
	e->n = json_array_size(arr);
	e->docs = calloc(e->n, sizeof(*e->docs));
	e->tags = calloc(e->n, sizeof(*e->tags));
	assert_non_null(e->docs);
	for (size_t i = 0; i < e->n; i++) {
		json_t *o = json_array_get(arr, i);
		struct search_doc *d = &e->docs[i];
		d->id = json_integer_value(json_object_get(o, "id"));
		d->field[SEARCH_TITLE] = jstr(o, "title");
		d->field[SEARCH_SUMMARY] = jstr(o, "summary");
		d->field[SEARCH_QUESTIONS] = jstr(o, "question");
		d->field[SEARCH_ORGANISATION] = jstr(o, "organisation");
		e->tags[i] = join_tags(json_object_get(o, "tags"));
		d->field[SEARCH_TAGS] = e->tags[i];
		int k = org_kind_parse(jstr(o, "organisation_kind"));
		int t = theme_parse(jstr(o, "theme"));
		int s = initiative_stage_parse(jstr(o, "stage"));
		assert_true(k >= 0 && t >= 0 && s >= 0);
		d->kind = (enum org_kind)k;
		d->theme = (enum theme)t;
		d->stage = (enum initiative_stage)s;
	}
}

static void eval_free(struct evalset *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->tags[i]);
	free(e->tags);
	free(e->docs);
	json_decref(e->root);
}

static int in_ids(json_t *arr, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) if (json_integer_value(v) == id) return 1;
	return 0;
}

/* recall@5 out of min(5, relevant) and the reciprocal rank of the first
 * relevant hit (0 when none in the top 20). */
static void judge(const int64_t *ids, size_t n, json_t *relevant, double *recall, double *rr)
{
	size_t nrel = json_array_size(relevant), hit = 0;
	*rr = 0;
	for (size_t i = 0; i < n; i++) {
		if (!in_ids(relevant, ids[i]))
			continue;
		if (i < 5)
			hit++;
		if (*rr == 0)
			*rr = 1.0 / (double)(i + 1);
	}
	*recall = (double)hit / (double)(nrel < 5 ? nrel : 5);
}

static void test_eval_search(void **state)
{
	(void)state;
	struct evalset e;
	eval_load(&e);
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(e.docs, e.n, &p, &ix, &err), 0);
	json_t *qs = json_object_get(e.root, "queries");
	double sum_recall = 0, sum_rr = 0;
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q) {
		struct search_hit h[20];
		int64_t ids[20];
		size_t n = run_query(ix, jstr(q, "q"), h, 20);
		for (size_t k = 0; k < n; k++)
			ids[k] = h[k].id;
		double r, rr;
		judge(ids, n, json_object_get(q, "relevant"), &r, &rr);
		if (r < 1.0)
			print_message("  %-36s recall@5 %.2f  rr %.2f  top: %lld %lld %lld %lld %lld\n",
				      jstr(q, "q"), r, rr, n > 0 ? (long long)ids[0] : 0,
				      n > 1 ? (long long)ids[1] : 0, n > 2 ? (long long)ids[2] : 0,
				      n > 3 ? (long long)ids[3] : 0, n > 4 ? (long long)ids[4] : 0);
		sum_recall += r;
		sum_rr += rr;
	}
	size_t nq = json_array_size(qs);
	assert_true(nq >= 30);
	print_message("search on %zu initiatives, %zu queries: recall@5 %.3f, MRR %.3f\n", e.n, nq,
		      sum_recall / nq, sum_rr / nq);
	assert_true(sum_recall / nq >= 0.9);
	search_index_free(ix);
	eval_free(&e);
}

static void test_eval_similar(void **state)
{
	(void)state;
	struct evalset e;
	eval_load(&e);
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(e.docs, e.n, &p, &ix, &err), 0);
	json_t *pairs = json_object_get(e.root, "similar");
	double sum_recall = 0, sum_rr = 0;
	size_t i;
	json_t *pr;
	json_array_foreach(pairs, i, pr) {
		struct similar_hit h[20];
		int64_t ids[20];
		size_t n = 0;
		int64_t id = json_integer_value(json_object_get(pr, "id"));
		assert_int_equal(search_similar(ix, id, NULL, 20, h, &n, &err), 0);
		for (size_t k = 0; k < n; k++) {
			assert_true(h[k].id != id);
			ids[k] = h[k].id;
		}
		json_t *partner = json_pack("[I]", json_integer_value(json_object_get(pr, "partner")));
		double r, rr;
		judge(ids, n, partner, &r, &rr);
		json_decref(partner);
		if (r < 1.0)
			print_message("  similar to %lld: partner at rr %.2f; top %lld %lld %lld\n",
				      (long long)id, rr, n > 0 ? (long long)ids[0] : 0,
				      n > 1 ? (long long)ids[1] : 0, n > 2 ? (long long)ids[2] : 0);
		sum_recall += r;
		sum_rr += rr;
	}
	size_t np = json_array_size(pairs);
	assert_true(np >= 20);
	print_message("similar on %zu initiatives, %zu pairs: recall@5 %.3f, MRR %.3f\n", e.n, np,
		      sum_recall / np, sum_rr / np);
	assert_true(sum_recall / np >= 0.9);
	search_index_free(ix);
	eval_free(&e);
}

/* The index and the naive scan give the very same ranking and scores. */
static void test_index_matches_naive(void **state)
{
	(void)state;
	struct evalset e;
	eval_load(&e);
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(e.docs, e.n, &p, &ix, &err), 0);
	json_t *qs = json_object_get(e.root, "queries");
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q) {
		struct search_hit a[60], b[60];
		size_t na, nb, ta, tb;
		const char *text = jstr(q, "q");
		assert_int_equal(search_query(ix, text, NULL, 60, a, &na, &ta, &err), 0);
		assert_int_equal(search_rank_naive(e.docs, e.n, &p, text, 60, b, &nb, &tb, &err), 0);
		assert_int_equal(na, nb);
		assert_int_equal(ta, tb);
		for (size_t k = 0; k < na; k++) {
			assert_int_equal(a[k].id, b[k].id);
			assert_true(a[k].score == b[k].score);
		}
	}
	search_index_free(ix);
	eval_free(&e);
}

/* ---- similar and its reason ---- */

static void test_similar_reason(void **state)
{
	(void)state;
	struct search_doc d[4] = {
		mkdoc(1, "Zelfsturende teams in de inning",
		      "Teams plannen zelf hun werk; de leidinggevende wordt coach.", "zelfsturing, teams",
		      ORG_AGENCY),
		mkdoc(2, "Zelfsturende teams CJIB", "Alle teams werken zelfsturend met een coach.",
		      "Zelfsturing, Teams, incasso", ORG_AGENCY),
		mkdoc(3, "Beleid in netwerken", "Beleidsmedewerkers werken in netwerken.", "beleid",
		      ORG_MINISTRY),
		mkdoc(4, "Teams in de regio", "Regionale teams plannen zelf.", "regio", ORG_ZBO),
	};
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(d, 4, &p, &ix, &err), 0);
	struct similar_hit h[4];
	size_t n = 0;
	assert_int_equal(search_similar(ix, 1, NULL, 4, h, &n, &err), 0);
	assert_true(n >= 2);
	assert_int_equal(h[0].id, 2);
	const struct similar_reason *r = &h[0].reason;
	assert_true(r->same_kind);
	assert_int_equal(r->kind, ORG_AGENCY);
	assert_int_equal(r->n_tags, 2);
	assert_string_equal(r->tags[0], "zelfsturing"); /* as the first one writes it */
	assert_string_equal(r->tags[1], "teams");
	assert_true(r->n_terms >= 1);
	struct buf b;
	buf_init(&b, 4096);
	similar_reason_format(r, LANG_EN, &b);
	print_message("reason (en): %s\n", buf_cstr(&b));
	assert_non_null(strstr(buf_cstr(&b), "both work on "));
	assert_non_null(strstr(buf_cstr(&b), " in executive agencies; shared tags: zelfsturing, teams"));
	buf_reset(&b);
	similar_reason_format(r, LANG_NL, &b);
	print_message("reason (nl): %s\n", buf_cstr(&b));
	assert_non_null(strstr(buf_cstr(&b), "beide werken aan "));
	assert_non_null(strstr(buf_cstr(&b), " bij uitvoeringsorganisaties; gedeelde tags: zelfsturing, teams"));
	buf_free(&b);
	/* the regional teams before the ministry's network (only "werk" shared) */
	assert_int_equal(n, 3);
	assert_int_equal(h[1].id, 4);
	assert_int_equal(h[2].id, 3);
	assert_int_equal(search_similar(ix, 99, NULL, 4, h, &n, &err), LWP_ENOTFOUND);
	search_index_free(ix);
}

static void test_empty_index(void **state)
{
	(void)state;
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	assert_int_equal(search_index_build(NULL, 0, &p, &ix, &err), 0);
	assert_int_equal(search_index_count(ix), 0);
	struct search_hit h[2];
	assert_int_equal(run_query(ix, "netwerk", h, 2), 0);
	struct similar_hit sh[2];
	size_t n = 0;
	assert_int_equal(search_similar(ix, 1, NULL, 2, sh, &n, &err), LWP_ENOTFOUND);
	search_index_free(ix);
}

static void expect_reason(const struct similar_reason *r, enum lang lang, const char *want)
{
	struct buf b;
	buf_init(&b, 4096);
	similar_reason_format(r, lang, &b);
	assert_false(b.failed);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_reason_format(void **state)
{
	(void)state;
	struct similar_reason r = {0};
	r.terms[0] = "netwerk";
	r.n_terms = 1;
	expect_reason(&r, LANG_EN, "both work on netwerk");
	r.terms[1] = "opgaven";
	r.terms[2] = "lijn";
	r.n_terms = 3;
	r.same_kind = 1;
	r.kind = ORG_MINISTRY;
	expect_reason(&r, LANG_NL, "beide werken aan netwerk, opgaven en lijn bij ministeries");
	r.n_terms = 0;
	r.tags[0] = "agile";
	r.n_tags = 1;
	expect_reason(&r, LANG_EN, "both in ministries; shared tags: agile");
	r.same_kind = 0;
	expect_reason(&r, LANG_NL, "gedeelde tags: agile");
	r.n_tags = 0;
	r.same_theme = 1;
	expect_reason(&r, LANG_EN, "the same theme");
	assert_int_equal(initiative_stage_parse("evaluated"), STAGE_EVALUATED);
	assert_int_equal(initiative_stage_parse("done"), -1);
	assert_string_equal(initiative_stage_code(STAGE_IDEA), "idea");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_fold_case_and_diacritics),
		cmocka_unit_test(test_tokens_cap),
		cmocka_unit_test(test_stopwords_and_language),
		cmocka_unit_test(test_dutch_pairs),
		cmocka_unit_test(test_dutch_keeps_words_apart),
		cmocka_unit_test(test_english_pairs),
		cmocka_unit_test(test_glossary),
		cmocka_unit_test(test_trigrams),
		cmocka_unit_test(test_rank_small_corpus),
		cmocka_unit_test(test_rank_where),
		cmocka_unit_test(test_rank_ties_by_id),
		cmocka_unit_test(test_index_matches_naive),
		cmocka_unit_test(test_similar_reason),
		cmocka_unit_test(test_reason_format),
		cmocka_unit_test(test_empty_index),
		cmocka_unit_test(test_eval_search),
		cmocka_unit_test(test_eval_similar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
