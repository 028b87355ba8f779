/* mdp-solve.c - command-line front end of the maximum diversity optimiser (src/solve) for
 * the benchmark: reads an MDPLIB instance, solves it and prints the chosen items, the value
 * and whether it is proven optimal.
 */
#include "solve/mdp.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (1024L * 1024L * 1024L)

static const char usage_text[] =
	"usage: mdp-solve FILE [--m M] [--seconds S] [--seed N] [--groups FILE --cap C]\n"
	"                 [--attributes FILE] [--verbose]\n"
	"\n"
	"Solve the maximum diversity problem in FILE (MDPLIB text: first line \"n m\", then\n"
	"\"i j d\" per pair, 0-based) and print the chosen items (0-based, ascending, on one\n"
	"line), then \"value V\" and \"proven yes\" or \"proven no\".\n"
	"\n"
	"  --m M        choose M items instead of the m in FILE\n"
	"  --seconds S  time limit in seconds (default 10)\n"
	"  --seed N     seed of the search (default 1)\n"
	"  --groups F   F holds one group number per item, one per line (-1: none)\n"
	"  --cap C      at most C chosen items per group (0: no cap, the default)\n"
	"  --attributes F  the attributes behind the distances, for the exact bound: a first\n"
	"               line of A weights, then one line of A value ids per item\n"
	"  --verbose    print time, moves and nodes on stderr\n"
	"  --help       print this text\n";

struct options {
	const char *file;
	const char *groups;
	const char *attributes;
	long m;
	double seconds;
	unsigned long long seed;
	long cap;
	int verbose;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "mdp-solve: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fputs("usage: mdp-solve FILE [--m M] [--seconds S] (see --help)\n", stderr);
	return 2;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0.0) || v > 1e6)
		return -1;
	*out = v;
	return 0;
}

static int parse_seed(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (s[0] == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' ? -1 : 0;
}

/* One option with a value at argv[*i]; returns 0, or an exit code. */
static int parse_valued(struct options *o, int argc, char **argv, int *i)
{
	const char *name = argv[*i], *val;
	int bad;

	if (*i + 1 >= argc)
		return usage_error("missing value for", name);
	val = argv[++*i];
	if (strcmp(name, "--m") == 0)
		bad = parse_long(val, 0, INT_MAX, &o->m);
	else if (strcmp(name, "--seconds") == 0)
		bad = parse_seconds(val, &o->seconds);
	else if (strcmp(name, "--seed") == 0)
		bad = parse_seed(val, &o->seed);
	else if (strcmp(name, "--cap") == 0)
		bad = parse_long(val, 0, INT_MAX, &o->cap);
	else if (strcmp(name, "--attributes") == 0) {
		o->attributes = val;
		bad = 0;
	} else {
		o->groups = val;
		bad = 0;
	}
	return bad ? usage_error("bad value for option", name) : 0;
}

static int is_valued(const char *a)
{
	return strcmp(a, "--m") == 0 || strcmp(a, "--seconds") == 0 ||
	       strcmp(a, "--seed") == 0 || strcmp(a, "--cap") == 0 ||
	       strcmp(a, "--groups") == 0 || strcmp(a, "--attributes") == 0;
}

/* Returns -1 to go on, or an exit code (0 after --help). */
static int parse_args(struct options *o, int argc, char **argv)
{
	int i, rc;

	memset(o, 0, sizeof(*o));
	o->m = -1;
	o->seconds = 10.0;
	o->seed = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (strcmp(argv[i], "--verbose") == 0) {
			o->verbose = 1;
		} else if (is_valued(argv[i])) {
			rc = parse_valued(o, argc, argv, &i);
			if (rc != 0)
				return rc;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage_error("unknown option", argv[i]);
		} else if (o->file != NULL) {
			return usage_error("more than one FILE", argv[i]);
		} else {
			o->file = argv[i];
		}
	}
	if (o->file == NULL)
		return usage_error("no FILE given", NULL);
	if ((o->groups != NULL) != (o->cap > 0))
		return usage_error("--groups and --cap go together", NULL);
	return -1;
}

/* Read a whole file into a malloc'd buffer; NULL (with a message) on error. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (f == NULL) {
		fprintf(stderr, "mdp-solve: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		fprintf(stderr, "mdp-solve: %s: cannot read\n", path);
	else if (size > MAX_FILE_BYTES)
		fprintf(stderr, "mdp-solve: %s: larger than %ld bytes\n", path, MAX_FILE_BYTES);
	else if ((buf = malloc((size_t)size + 1)) == NULL)
		fprintf(stderr, "mdp-solve: out of memory\n");
	else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "mdp-solve: %s: read error\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = buf != NULL ? (size_t)size : 0;
	return buf;
}

/* n group numbers from path, whitespace separated; NULL (with a message) on error. */
static int *read_groups(const char *path, int n)
{
	size_t len;
	char *text = read_file(path, &len), *p, *end;
	int *group, i;

	if (text == NULL)
		return NULL;
	text[len] = '\0';
	group = malloc(((size_t)n + 1) * sizeof(*group));
	if (group == NULL) {
		fprintf(stderr, "mdp-solve: out of memory\n");
		free(text);
		return NULL;
	}
	p = text;
	for (i = 0; i < n; i++) {
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno != 0 || v < -1 || v > INT_MAX) {
			fprintf(stderr, "mdp-solve: %s: expected %d group numbers (-1 or more)\n",
				path, n);
			free(group);
			group = NULL;
			break;
		}
		group[i] = (int)v;
		p = end;
	}
	free(text);
	return group;
}

/* The attribute file: A weights on the first line, then A value ids per item. */
struct attr_file {
	struct mdp_attributes a;
	double *weight;
	int *value;
};

static int read_attributes(const char *path, int n, struct attr_file *af)
{
	size_t len;
	char *text = read_file(path, &len), *p, *end, *nl;
	int count = 0, i;

	memset(af, 0, sizeof(*af));
	if (text == NULL)
		return 1;
	text[len] = '\0';
	nl = strchr(text, '\n');
	af->weight = malloc(65 * sizeof(double));
	if (nl == NULL || af->weight == NULL)
		goto fail;
	for (p = text; p < nl && count < 64; p = end) {
		double w = strtod(p, &end);

		if (end == p)
			break;
		af->weight[count++] = w;
	}
	af->value = malloc(((size_t)n * (size_t)count + 1) * sizeof(int));
	if (count == 0 || af->value == NULL)
		goto fail;
	for (i = 0, p = nl; i < n * count; i++, p = end) {
		long v = strtol(p, &end, 10);

		if (end == p || v < -1 || v > INT_MAX)
			goto fail;
		af->value[i] = (int)v;
	}
	af->a.count = count;
	af->a.value = af->value;
	af->a.weight = af->weight;
	free(text);
	return 0;
fail:
	fprintf(stderr, "mdp-solve: %s: expected a line of weights and %d lines of ids\n", path, n);
	free(text);
	free(af->weight);
	free(af->value);
	return 1;
}

static int load_instance(const struct options *o, struct mdp_instance *inst)
{
	char err[256];
	size_t len;
	char *text = read_file(o->file, &len);
	int rc;

	if (text == NULL)
		return 1;
	rc = mdp_parse_mdplib(text, len, inst, err, sizeof(err));
	free(text);
	if (rc != MDP_OK) {
		fprintf(stderr, "mdp-solve: %s: %s\n", o->file,
			rc == MDP_EPARSE ? err : mdp_strerror(rc));
		return 1;
	}
	return 0;
}

static void print_result(const struct mdp_result *res)
{
	int i;

	for (i = 0; i < res->count; i++)
		printf("%s%d", i > 0 ? " " : "", res->chosen[i]);
	printf("\nvalue %.2f\nproven %s\n", res->value, res->proven ? "yes" : "no");
}

static int run(const struct options *o, const struct mdp_instance *inst, const int *group,
	       const struct mdp_attributes *attr)
{
	struct mdp_problem p;
	struct mdp_result res;
	int rc;

	memset(&p, 0, sizeof(p));
	p.n = inst->n;
	p.m = o->m >= 0 ? (int)o->m : inst->m;
	p.dist = inst->dist;
	p.group = group;
	p.group_cap = (int)o->cap;
	p.seconds = o->seconds;
	p.seed = o->seed;
	p.attr = attr;
	rc = mdp_solve(&p, &res);
	if (rc != MDP_OK) {
		fprintf(stderr, "mdp-solve: %s: %s\n", o->file, mdp_strerror(rc));
		return 1;
	}
	if (res.count < p.m)
		fprintf(stderr, "mdp-solve: only %d of %d items can be chosen\n", res.count, p.m);
	print_result(&res);
	if (o->verbose)
		fprintf(stderr, "time %.3f s, moves %lld, nodes %lld, timed out %s, value %.6f\n",
			res.seconds, res.iterations, res.nodes, res.timed_out ? "yes" : "no",
			res.value);
	mdp_result_free(&res);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options o;
	struct mdp_instance inst;
	struct attr_file af;
	int rc, *group = NULL;

	rc = parse_args(&o, argc, argv);
	if (rc >= 0)
		return rc;
	if (load_instance(&o, &inst) != 0)
		return 1;
	if (o.groups != NULL && (group = read_groups(o.groups, inst.n)) == NULL) {
		mdp_instance_free(&inst);
		return 1;
	}
	memset(&af, 0, sizeof(af));
	if (o.attributes != NULL && read_attributes(o.attributes, inst.n, &af) != 0) {
		free(group);
		mdp_instance_free(&inst);
		return 1;
	}
	rc = run(&o, &inst, group, o.attributes ? &af.a : NULL);
	free(af.weight);
	free(af.value);
	free(group);
	mdp_instance_free(&inst);
	return rc;
}
