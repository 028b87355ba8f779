/*
 * Benchmark of domain/rank: search and similar over 10,000 generated
 * initiatives (sentences built from this field's vocabulary, organisations
 * of every kind, two to four tags), against the naive reference in the same
 * run (search_rank_naive scores every document without the index). Prints
 * the index build time, p50/p95 per query for both, their ratio, and p50/p95
 * of similar. Not a test: the goal (search under 50 ms at p95) is read off.
 *
 *   search-bench [N_DOCS] [ROUNDS] [NAIVE_QUERIES]   (defaults 10000 10 8)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "domain/rank.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

#define PICK(a) ((a)[rnd(sizeof(a) / sizeof((a)[0]))])

static const char *const who[] = {
	"Teams", "Medewerkers", "Leidinggevenden", "Beleidsmedewerkers", "Inspecteurs",
	"Klantteams", "Gebiedsteams", "Programmateams", "Adviseurs", "Koplopers"};
static const char *const act[] = {
	"werken", "experimenteren", "leren", "organiseren zich", "plannen hun werk",
	"verbeteren de dienstverlening", "delen hun ervaringen", "sturen zichzelf"};
static const char *const how[] = {
	"met zelfsturing", "in netwerken", "met agile werkvormen", "rond maatschappelijke opgaven",
	"met klantreizen", "in sprints met retrospectives", "in een leerwerkplaats",
	"met intervisie", "met viraal veranderen", "in een koplopersnetwerk",
	"met lean en een verbeterbord", "met OKR's per kwartaal", "in sociocratische kringen",
	"met data-analyse", "met burgerparticipatie", "met design thinking en prototypes"};
static const char *const where[] = {
	"in de uitvoering", "over directies heen", "samen met ketenpartners", "in de regio",
	"in de wijk", "binnen het departement", "met gemeenten en provincies",
	"in de klantenservice", "in het toezicht", "over organisatiegrenzen heen"};
static const char *const why[] = {
	"De organisatie wil wendbaarder worden.", "Het doel is een lerende organisatie.",
	"Zo komt de burger centraal te staan.", "De eerste resultaten zijn veelbelovend.",
	"Een evaluatie volgt na een jaar.", "De veranderingen gaan van onderop.",
	"Leidinggevenden worden coach in plaats van verdeler van het werk.",
	"Het vraagt een andere rol van het management."};
static const char *const question[] = {
	"Hoe houden we zelfsturende teams verbonden met de lijn?",
	"Hoe schalen we een geslaagde pilot op?", "Hoe krijgen we de staf mee?",
	"Hoe houden we de energie vast na de start?", "Hoe meten we of het werkt?",
	"Hoe organiseren we rond de klant in plaats van rond processen?",
	"Hoe werken we samen over organisatiegrenzen heen?",
	"Hoe maken we leidinggevenden eigenaar van de verandering?",
	"Hoe borgen we wat we geleerd hebben?", "Hoe verantwoorden we ons zonder projecten?"};
static const char *const title_a[] = {
	"Zelfsturende teams", "Netwerk van vernieuwers", "Agile werken", "Lerende organisatie",
	"Opgavegericht werken", "Klantreizen", "Wendbaar", "Samen verbeteren", "Viraal veranderen",
	"Leerwerkplaats", "Experimenteerruimte", "Datagedreven toezicht"};
static const char *const org[] = {
	"Belastingdienst", "Rijkswaterstaat", "UWV", "DUO", "CJIB", "Logius", "Kadaster",
	"Gemeente Utrecht", "Provincie Gelderland", "Waterschap Rivierenland",
	"Ministerie van Financiën", "Inspectie Leefomgeving en Transport", "SSC-ICT", "P-Direkt",
	"Sociale Verzekeringsbank", "Nederlandse Zorgautoriteit", "Gemeente Zwolle", "RVO"};
static const char *const tag[] = {
	"zelfsturing", "teams", "netwerk", "agile", "scrum", "leren", "leiderschap",
	"wendbaarheid", "klantreis", "toezicht", "innovatie", "experimenteren", "cultuur",
	"vertrouwen", "burgerparticipatie", "dienstverlening", "koplopers", "viraal veranderen"};

/* One generated initiative; the strings stay in bufs until the end. */
static void gen_doc(struct search_doc *d, int64_t id, struct buf *b)
{
	struct buf *t = &b[0], *s = &b[1], *g = &b[2];
	buf_printf(t, "%s %s %lld", PICK(title_a), PICK(org), (long long)id);
	int n = 2 + (int)rnd(3);
	for (int i = 0; i < n; i++)
		buf_printf(s, "%s %s %s %s. ", PICK(who), PICK(act), PICK(how), PICK(where));
	buf_puts(s, PICK(why));
	int k = 2 + (int)rnd(3);
	for (int i = 0; i < k; i++)
		buf_printf(g, "%s%s", i ? ", " : "", PICK(tag));
	memset(d, 0, sizeof(*d));
	d->id = id;
	d->field[SEARCH_TITLE] = buf_cstr(t);
	d->field[SEARCH_SUMMARY] = buf_cstr(s);
	d->field[SEARCH_QUESTIONS] = PICK(question);
	d->field[SEARCH_TAGS] = buf_cstr(g);
	d->field[SEARCH_ORGANISATION] = PICK(org);
	d->kind = (enum org_kind)rnd(ORG_KIND_COUNT);
	d->theme = (enum theme)rnd(THEME_COUNT);
	d->stage = (enum initiative_stage)rnd(STAGE_COUNT);
}

static const char *const queries[] = {
	"zelfsturende teams", "netwerk", "agile werken", "leerwerkplaats", "viraal veranderen",
	"toezicht in netwerken", "klantreis", "lerende organisatie leiderschap",
	"self-managing teams", "burgerparticipatie in de wijk", "scrum retrospectives",
	"wendbaarheid", "koplopers", "experimenten met innovatie", "sociocratie",
	"samenwerking over organisatiegrenzen", "organisatie zonder managers", "data-analyse",
	"intervisie voor leidinggevenden", "opgavegericht werken"};
#define N_QUERIES (sizeof(queries) / sizeof(queries[0]))

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), cmp_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* Index p50/p95 over rounds x the first nq queries. */
static int bench_index(const struct search_index *ix, size_t nq, int rounds, double *p50,
		       double *p95)
{
	size_t n = (size_t)rounds * nq, k = 0;
	double *t = malloc(n * sizeof(*t));
	struct search_hit hits[20];
	struct lwp_error err = {0};
	for (int r = 0; r < rounds; r++)
		for (size_t q = 0; q < nq; q++) {
			size_t nh, total;
			double t0 = now_ms();
			if (search_query(ix, queries[q], NULL, 20, hits, &nh, &total, &err) != 0)
				return -1;
			t[k++] = now_ms() - t0;
		}
	*p50 = pct(t, n, 0.50);
	*p95 = pct(t, n, 0.95);
	free(t);
	return 0;
}

static int bench_naive(const struct search_doc *docs, size_t n_docs, const struct search_index *ix,
		       const struct search_params *p, size_t nq, double *p50, double *p95)
{
	double *t = malloc(nq * sizeof(*t));
	struct lwp_error err = {0};
	for (size_t q = 0; q < nq; q++) {
		struct search_hit a[20], b[20];
		size_t na, nb, ta, tb;
		double t0 = now_ms();
		if (search_rank_naive(docs, n_docs, p, queries[q], 20, b, &nb, &tb, &err) != 0)
			return -1;
		t[q] = now_ms() - t0;
		if (search_query(ix, queries[q], NULL, 20, a, &na, &ta, &err) != 0 || na != nb || ta != tb)
			return -2;
		for (size_t i = 0; i < na; i++)
			if (a[i].id != b[i].id || a[i].score != b[i].score)
				return -2;
	}
	*p50 = pct(t, nq, 0.50);
	*p95 = pct(t, nq, 0.95);
	free(t);
	return 0;
}

static void bench_similar(const struct search_index *ix, size_t n_docs, int n, double *p50,
			  double *p95)
{
	double *t = malloc((size_t)n * sizeof(*t));
	struct similar_hit hits[10];
	struct lwp_error err = {0};
	for (int i = 0; i < n; i++) {
		size_t nh;
		double t0 = now_ms();
		if (search_similar(ix, (int64_t)(1 + rnd((uint32_t)n_docs)), NULL, 10, hits, &nh, &err) != 0)
			fprintf(stderr, "similar failed\n");
		t[i] = now_ms() - t0;
	}
	*p50 = pct(t, (size_t)n, 0.50);
	*p95 = pct(t, (size_t)n, 0.95);
	free(t);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)atol(argv[1]) : 10000;
	int rounds = argc > 2 ? atoi(argv[2]) : 10;
	size_t nq = argc > 3 ? (size_t)atol(argv[3]) : 8;
	if (n == 0 || rounds <= 0 || nq == 0 || nq > N_QUERIES) {
		fprintf(stderr, "usage: search-bench [N_DOCS] [ROUNDS] [NAIVE_QUERIES <= %zu]\n",
			N_QUERIES);
		return 2;
	}
	struct search_doc *docs = calloc(n, sizeof(*docs));
	struct buf *bufs = calloc(3 * n, sizeof(*bufs));
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 3; k++)
			buf_init(&bufs[3 * i + k], 1 << 16);
		gen_doc(&docs[i], (int64_t)(i + 1), &bufs[3 * i]);
	}
	struct search_params p;
	search_default_params(&p);
	struct search_index *ix = NULL;
	struct lwp_error err = {0};
	double t0 = now_ms();
	if (search_index_build(docs, n, &p, &ix, &err) != 0) {
		fprintf(stderr, "build failed: %s\n", err.msg);
		return 1;
	}
	double build = now_ms() - t0;
	double i50, i95, r50, r95, n50, n95, s50, s95;
	if (bench_index(ix, N_QUERIES, rounds, &i50, &i95) != 0 ||
	    bench_index(ix, nq, rounds, &r50, &r95) != 0) {
		fprintf(stderr, "query failed\n");
		return 1;
	}
	int rc = bench_naive(docs, n, ix, &p, nq, &n50, &n95);
	if (rc != 0) {
		fprintf(stderr, rc == -2 ? "index and naive disagree\n" : "naive failed\n");
		return 1;
	}
	bench_similar(ix, n, 200, &s50, &s95);
	printf("initiatives %zu, index built in %.0f ms\n", n, build);
	printf("search, index: %zu queries x %d rounds: p50 %.2f ms, p95 %.2f ms\n", N_QUERIES,
	       rounds, i50, i95);
	printf("search, naive scan (same scores, checked): first %zu queries: p50 %.1f ms, "
	       "p95 %.1f ms\n", nq, n50, n95);
	printf("search, index, the same %zu queries: p50 %.2f ms, p95 %.2f ms\n", nq, r50, r95);
	printf("ratio naive/index on those: p50 %.0fx, p95 %.0fx\n", n50 / r50, n95 / r95);
	printf("similar, index: 200 initiatives: p50 %.2f ms, p95 %.2f ms\n", s50, s95);
	printf("goal: search p95 < 50 ms: %s\n", i95 < 50 ? "met" : "NOT met");
	search_index_free(ix);
	for (size_t i = 0; i < 3 * n; i++)
		buf_free(&bufs[i]);
	free(bufs);
	free(docs);
	return 0;
}
