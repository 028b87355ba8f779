/* See network.h. */
#include "domain/network.h"
#include "core/lang.h"
#include "core/normalize.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const vis_codes[VIS_COUNT] = {"public", "network", "private"};
static const char *const vis_labels[VIS_COUNT] = {
	N_("Public"), N_("Members of the network"), N_("Only the owners")};
static const char *const status_codes[INIT_STATUS_COUNT] = {
	"pending_email", "pending_owner", "published", "hidden"};
static const char *const status_labels[INIT_STATUS_COUNT] = {
	N_("Waiting for e-mail confirmation"), N_("Waiting for the owner's confirmation"),
	N_("Published"), N_("Hidden")};
static const char *const kind_codes[CONN_KIND_COUNT] = {
	"similar", "learned_from", "works_with", "inspired_by"};
static const char *const kind_labels[CONN_KIND_COUNT] = {
	N_("Similar"), N_("Learned from"), N_("Works with"), N_("Inspired by")};
static const char *const stage_labels[STAGE_COUNT] = {
	N_("Idea"), N_("Started"), N_("Running"), N_("Evaluated")};

static int find(const char *const *codes, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

#define AT(t, n, v) ((int)(v) >= 0 && (int)(v) < (n) ? (t)[v] : "")
const char *visibility_code(enum initiative_visibility v) { return AT(vis_codes, VIS_COUNT, v); }
int visibility_parse(const char *s) { return find(vis_codes, VIS_COUNT, s); }
const char *visibility_label(enum initiative_visibility v) { return AT(vis_labels, VIS_COUNT, v); }
const char *initiative_status_code(enum initiative_status s)
{
	return AT(status_codes, INIT_STATUS_COUNT, s);
}
int initiative_status_parse(const char *s) { return find(status_codes, INIT_STATUS_COUNT, s); }
const char *initiative_status_label(enum initiative_status s)
{
	return AT(status_labels, INIT_STATUS_COUNT, s);
}
const char *connection_kind_code(enum connection_kind k) { return AT(kind_codes, CONN_KIND_COUNT, k); }
int connection_kind_parse(const char *s) { return find(kind_codes, CONN_KIND_COUNT, s); }
const char *connection_kind_label(enum connection_kind k)
{
	return AT(kind_labels, CONN_KIND_COUNT, k);
}
const char *initiative_stage_label(enum initiative_stage s) { return AT(stage_labels, STAGE_COUNT, s); }

static char *trim(char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return *s ? s : NULL;
}

static char *norm(struct arena *a, char *s, enum text_shape shape)
{
	char *n = s ? text_normalize(a, s, shape) : NULL;
	if (!n)
		return trim(s);
	return *n ? n : NULL;
}

void initiative_normalise(struct initiative_input *in, struct arena *a)
{
	char **lines[] = {&in->title, &in->organisation, &in->organisation_kind, &in->theme,
			  &in->stage, &in->tags, &in->visibility};
	char **texts[] = {&in->summary, &in->question, &in->lessons};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		*lines[i] = norm(a, *lines[i], TEXT_SHAPE_LINE);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		*texts[i] = norm(a, *texts[i], TEXT_SHAPE_MULTILINE);
	if (!in->stage)
		in->stage = (char *)"started";
	if (!in->visibility)
		in->visibility = (char *)"network";
}

static void check_text(struct field_errors *fe, const char *field, const char *v, int required,
		       size_t max, enum text_kind kind)
{
	if (!v || !*v) {
		if (required)
			field_errors_add(fe, field, N_("This field is required."));
		return;
	}
	size_t n = strlen(v);
	if (text_check(v, n, kind) != 0)
		field_errors_add(fe, field, kind == TEXT_LINE
			? N_("Use a single line of text without special control characters.")
			: N_("This text contains characters that are not allowed."));
	else if (utf8_length(v, n) > max)
		field_errors_add(fe, field, N_("This text is too long."));
}

/* Tags: at most 10, each 1 to 40 characters. */
static int tags_ok(const char *s)
{
	int count = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (utf8_length(s, len) > 40 || ++count > 10)
			return 0;
		s += len;
		if (*s == ',')
			s++;
	}
	return 1;
}

int initiative_validate(const struct initiative_input *in, struct field_errors *fe)
{
	int before = fe->n;
	check_text(fe, "title", in->title, 1, INITIATIVE_TITLE_MAX, TEXT_LINE);
	check_text(fe, "organisation", in->organisation, 1, 150, TEXT_LINE);
	if (!in->organisation_kind)
		field_errors_add(fe, "organisation_kind", N_("Choose the kind of organisation."));
	else if (org_kind_parse(in->organisation_kind) < 0)
		field_errors_add(fe, "organisation_kind", N_("Choose one of the kinds listed."));
	if (!in->theme)
		field_errors_add(fe, "theme", N_("Choose the theme of your trajectory."));
	else if (theme_parse(in->theme) < 0)
		field_errors_add(fe, "theme", N_("Choose one of the themes listed."));
	if (initiative_stage_parse(in->stage) < 0)
		field_errors_add(fe, "stage", N_("Choose one of the options."));
	if (visibility_parse(in->visibility) < 0)
		field_errors_add(fe, "visibility", N_("Choose one of the options."));
	check_text(fe, "tags", in->tags, 0, 450, TEXT_LINE);
	if (in->tags && !field_errors_get(fe, "tags") && !tags_ok(in->tags))
		field_errors_add(fe, "tags", N_("Give at most 10 tags of at most 40 characters, separated by commas."));
	check_text(fe, "summary", in->summary, 1, INITIATIVE_TEXT_MAX, TEXT_MULTILINE);
	check_text(fe, "question", in->question, 0, INITIATIVE_TEXT_MAX, TEXT_MULTILINE);
	check_text(fe, "lessons", in->lessons, 0, INITIATIVE_TEXT_MAX, TEXT_MULTILINE);
	return fe->n - before;
}

int initiative_person_validate(const char *name, const char *email, const char *prefix,
			       struct field_errors *fe)
{
	int before = fe->n;
	int owner = prefix && strcmp(prefix, "owner") == 0;
	check_text(fe, owner ? "owner_name" : "name", name, 1, 100, TEXT_LINE);
	const char *f = owner ? "owner_email" : "email";
	if (!email || !*email)
		field_errors_add(fe, f, N_("This field is required."));
	else if (!email_valid(email))
		field_errors_add(fe, f, N_("Enter an e-mail address like name@example.nl."));
	return fe->n - before;
}

int network_can_see(const struct network_viewer *v, enum initiative_visibility vis,
		    enum initiative_status status, int is_owner)
{
	if (is_owner)
		return 1;
	if (status == INIT_HIDDEN)
		return v->moderator && vis != VIS_PRIVATE;
	if (status != INIT_PUBLISHED)
		return 0;
	return vis == VIS_PUBLIC || (vis == VIS_NETWORK && v->member);
}

/* ---- figures ---- */

struct lesson_graph {
	int64_t *ids;   /* sorted node ids */
	size_t n;
	size_t *first;  /* out-edges of node i: to[first[i] .. first[i+1]) */
	size_t *to;
	int *parent;    /* union-find for the weak components */
	int *depth;     /* longest path from the node, -1 unknown */
	unsigned char *state; /* 0 new, 1 on the stack, 2 done */
};

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static size_t node(const struct lesson_graph *g, int64_t id)
{
	const int64_t *p = bsearch(&id, g->ids, g->n, sizeof(*g->ids), cmp_id);
	return (size_t)(p - g->ids);
}

static int root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static int is_lesson(enum connection_kind k)
{
	return k == CONN_INSPIRED_BY || k == CONN_LEARNED_FROM;
}

/* Longest path from i (iterative depth-first search would need a stack of
 * its own; the graphs here are the network's, of thousands at most, and the
 * recursion is bounded by the number of nodes). */
static int longest_from(struct lesson_graph *g, size_t i)
{
	if (g->state[i] == 2)
		return g->depth[i];
	g->state[i] = 1;
	int best = 0;
	for (size_t k = g->first[i]; k < g->first[i + 1]; k++) {
		size_t j = g->to[k];
		if (g->state[j] == 1)
			continue; /* closes a cycle */
		int d = longest_from(g, j) + 1;
		if (d > best)
			best = d;
	}
	g->state[i] = 2;
	g->depth[i] = best;
	return best;
}

int network_lessons(struct arena *a, const struct network_edge *e, size_t n,
		    struct network_lessons *out)
{
	struct lesson_graph g = {0};
	memset(out, 0, sizeof(*out));
	g.ids = arena_calloc(a, 2 * n + 1, sizeof(*g.ids));
	if (!g.ids)
		return LWP_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (is_lesson(e[i].kind)) {
			g.ids[g.n++] = e[i].a;
			g.ids[g.n++] = e[i].b;
			out->edges++;
		}
	qsort(g.ids, g.n, sizeof(*g.ids), cmp_id);
	size_t m = 0;
	for (size_t i = 0; i < g.n; i++)
		if (m == 0 || g.ids[m - 1] != g.ids[i])
			g.ids[m++] = g.ids[i];
	g.n = m;
	g.first = arena_calloc(a, g.n + 2, sizeof(*g.first));
	g.to = arena_calloc(a, (size_t)out->edges + 1, sizeof(*g.to));
	g.parent = arena_calloc(a, g.n + 1, sizeof(*g.parent));
	g.depth = arena_calloc(a, g.n + 1, sizeof(*g.depth));
	g.state = arena_calloc(a, g.n + 1, 1);
	if (!g.first || !g.to || !g.parent || !g.depth || !g.state)
		return LWP_ENOMEM;
	for (size_t i = 0; i < g.n; i++)
		g.parent[i] = (int)i;
	/* counting sort of the edges by their source (b: where the lesson came from) */
	for (size_t i = 0; i < n; i++)
		if (is_lesson(e[i].kind))
			g.first[node(&g, e[i].b) + 2]++;
	for (size_t i = 2; i < g.n + 2; i++)
		g.first[i] += g.first[i - 1];
	for (size_t i = 0; i < n; i++) {
		if (!is_lesson(e[i].kind))
			continue;
		size_t from = node(&g, e[i].b), to = node(&g, e[i].a);
		g.to[g.first[from + 1]++] = to;
		int ra = root(g.parent, (int)from), rb = root(g.parent, (int)to);
		if (ra != rb)
			g.parent[ra] = rb;
	}
	for (size_t i = 0; i < g.n; i++) {
		if (root(g.parent, (int)i) == (int)i)
			out->chains++;
		int d = longest_from(&g, i);
		if (d > out->longest)
			out->longest = d;
	}
	return 0;
}

void network_quarter(int64_t t, char out[8])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		memcpy(out, "0000-Q1", 8);
		return;
	}
	int y = tm.tm_year + 1900, q = tm.tm_mon / 3 + 1;
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = 'Q';
	out[6] = (char)('0' + q);
	out[7] = '\0';
}
