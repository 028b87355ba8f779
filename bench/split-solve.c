/* split-solve.c - command-line front end of the anticlustering optimiser (src/solve/split.h)
 * for the benchmark: reads a CSV of numeric features, splits its rows into K equal groups
 * with Euclidean distances and prints each row's group, the value and whether it is proven.
 */
#include "solve/split.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (256L * 1024L * 1024L)

static const char usage_text[] =
	"usage: split-solve FILE.csv --k K [--seconds S] [--seed N] [--max-nodes N]\n"
	"                   [--max-iterations N] [--verbose]\n"
	"\n"
	"FILE.csv has a header row and one row of numeric features per element (comma\n"
	"separated, values may be quoted). Splits the rows into K groups of equal size (as\n"
	"equal as possible) maximising the sum of within-group Euclidean distances and prints\n"
	"the group (0-based) of each row, one per line, then \"value V\" and \"proven yes\" or\n"
	"\"proven no\".\n";

struct options {
	const char *file;
	long k;
	double seconds;
	unsigned long long seed;
	long long max_nodes;
	long long max_iterations;
	int verbose;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "split-solve: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fputs("usage: split-solve FILE.csv --k K [--seconds S] (see --help)\n", stderr);
	return 2;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo) || !(v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int parse_valued(struct options *o, const char *name, const char *val)
{
	double v;

	if (strcmp(name, "--seconds") == 0) {
		if (parse_num(val, 1e-3, 1e6, &o->seconds) != 0)
			return -1;
		return 0;
	}
	if (parse_num(val, 0, 1e15, &v) != 0 || v != (double)(long long)v)
		return -1;
	if (strcmp(name, "--k") == 0)
		o->k = (long)v;
	else if (strcmp(name, "--seed") == 0)
		o->seed = (unsigned long long)v;
	else if (strcmp(name, "--max-nodes") == 0)
		o->max_nodes = (long long)v;
	else
		o->max_iterations = (long long)v;
	return 0;
}

static int is_valued(const char *a)
{
	return strcmp(a, "--k") == 0 || strcmp(a, "--seconds") == 0 ||
	       strcmp(a, "--seed") == 0 || strcmp(a, "--max-nodes") == 0 ||
	       strcmp(a, "--max-iterations") == 0;
}

/* Returns -1 to go on, or an exit code (0 after --help). */
static int parse_args(struct options *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->seconds = 10.0;
	o->seed = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (strcmp(argv[i], "--verbose") == 0) {
			o->verbose = 1;
		} else if (is_valued(argv[i])) {
			if (i + 1 >= argc)
				return usage_error("missing value for", argv[i]);
			if (parse_valued(o, argv[i], argv[i + 1]) != 0)
				return usage_error("bad value for option", argv[i]);
			i++;
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
	if (o->k < 1)
		return usage_error("--k K (K >= 1) is required", NULL);
	return -1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (f == NULL) {
		fprintf(stderr, "split-solve: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		fprintf(stderr, "split-solve: %s: cannot read\n", path);
	else if (size > MAX_FILE_BYTES)
		fprintf(stderr, "split-solve: %s: larger than %ld bytes\n", path, MAX_FILE_BYTES);
	else if ((buf = malloc((size_t)size + 1)) == NULL)
		fprintf(stderr, "split-solve: out of memory\n");
	else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "split-solve: %s: read error\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf != NULL)
		buf[size] = '\0';
	*len = buf != NULL ? (size_t)size : 0;
	return buf;
}

/* Number of comma-separated fields on the line starting at s. */
static int count_fields(const char *s)
{
	int n = 1;

	for (; *s != '\0' && *s != '\n'; s++)
		n += *s == ',';
	return n;
}

/* One numeric field at *s (optionally quoted); advances past the separator. */
static int parse_field(char **s, double *out)
{
	char *p = *s, *end;
	int quoted = *p == '"';

	if (quoted)
		p++;
	errno = 0;
	*out = strtod(p, &end);
	if (end == p || errno != 0)
		return -1;
	if (quoted && *end++ != '"')
		return -1;
	while (*end == ' ' || *end == '\r')
		end++;
	if (*end != ',' && *end != '\n' && *end != '\0')
		return -1;
	*s = *end == ',' || *end == '\n' ? end + 1 : end;
	return 0;
}

/* The feature rows of the CSV text (header skipped): x (n*dim), malloc'ed. */
static int parse_csv(char *text, double **x, int *n, int *dim)
{
	char *p = strchr(text, '\n');
	size_t cap = 0, used = 0;
	int d, rows = 0, j;

	if (p == NULL)
		return -1;
	d = count_fields(text);
	*x = NULL;
	for (p++; *p != '\0';) {
		if (*p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (used + (size_t)d > cap) {
			double *nx;

			cap = cap ? 2 * cap : 1024;
			nx = realloc(*x, cap * sizeof(double));
			if (nx == NULL)
				return -1;
			*x = nx;
		}
		for (j = 0; j < d; j++)
			if (parse_field(&p, &(*x)[used++]) != 0)
				return -1;
		rows++;
	}
	*n = rows;
	*dim = d;
	return rows > 0 ? 0 : -1;
}

static int run(const struct options *o, const double *dist, int n)
{
	struct split_problem p;
	struct split_result res;
	struct lwp_error err = {0, NULL, NULL};
	int i, rc;

	memset(&p, 0, sizeof(p));
	p.n = n;
	p.k = (int)o->k;
	p.dist = dist;
	p.seconds = o->seconds;
	p.seed = o->seed;
	p.max_nodes = o->max_nodes;
	p.max_iterations = o->max_iterations;
	rc = split_solve(&p, &res, &err);
	if (rc != LWP_OK) {
		fprintf(stderr, "split-solve: %s: %s\n", o->file, err.msg ? err.msg : "failed");
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%d\n", res.group[i]);
	printf("value %.6f\nproven %s\n", res.value, res.proven ? "yes" : "no");
	if (o->verbose)
		fprintf(stderr, "time %.3f s, rounds %lld, nodes %lld, timed out %s\n",
			res.seconds, res.iterations, res.nodes, res.timed_out ? "yes" : "no");
	split_result_free(&res);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options o;
	size_t len;
	char *text;
	double *x = NULL, *dist = NULL;
	int rc, n = 0, dim = 0;

	rc = parse_args(&o, argc, argv);
	if (rc >= 0)
		return rc;
	text = read_file(o.file, &len);
	if (text == NULL)
		return 1;
	if (parse_csv(text, &x, &n, &dim) != 0) {
		fprintf(stderr, "split-solve: %s: not a CSV of numbers with a header row\n", o.file);
		rc = 1;
	} else if (split_euclidean(x, n, dim, &dist) != LWP_OK) {
		fprintf(stderr, "split-solve: %s: cannot compute distances\n", o.file);
		rc = 1;
	} else {
		rc = run(&o, dist, n);
	}
	free(text);
	free(x);
	free(dist);
	return rc;
}
