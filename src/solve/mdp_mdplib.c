/* mdp_mdplib.c - reads maximum diversity instances in the MDPLIB text format (first line
 * "n m", then "i j d" per pair, 0-based) from memory, for the bench tool and the tests.
 * Numbers are parsed here rather than with strtod so that the locale cannot change them.
 */
#include "solve/mdp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct cursor {
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
};

/* Put "line L: what detail" into the caller's buffer; returns MDP_EPARSE. */
static int fail_detail(struct cursor *c, const char *what, const char *detail)
{
	if (c->errlen > 0)
		(void)snprintf(c->err, c->errlen, "line %d: %s%s", c->line, what, detail);
	return MDP_EPARSE;
}

static int fail(struct cursor *c, const char *what)
{
	return fail_detail(c, what, "");
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static void skip_blank(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static int at_eol(struct cursor *c)
{
	skip_blank(c);
	return c->p == c->end || *c->p == '\n';
}

/* Skip blank lines; 0 at the end of the text. */
static int next_record(struct cursor *c)
{
	while (at_eol(c)) {
		if (c->p == c->end)
			return 0;
		c->p++;
		c->line++;
	}
	return 1;
}

static int end_token(struct cursor *c)
{
	return c->p == c->end || *c->p == ' ' || *c->p == '\t' || *c->p == '\r' ||
	       *c->p == '\n';
}

/* A whole number 0..limit. */
static int read_int(struct cursor *c, long limit, long *out, const char *what)
{
	long v = 0;

	skip_blank(c);
	if (c->p == c->end || !is_digit(*c->p))
		return fail_detail(c, "expected ", what);
	while (c->p < c->end && is_digit(*c->p)) {
		v = v * 10 + (*c->p++ - '0');
		if (v > limit)
			return fail_detail(c, what, " out of range");
	}
	if (!end_token(c))
		return fail_detail(c, "malformed ", what);
	*out = v;
	return MDP_OK;
}

/* Digits into a mantissa (first 18 digits) and a power of ten for the others. */
static int read_digits(struct cursor *c, unsigned long long *mant, int *exp10, int frac)
{
	int n = 0;

	while (c->p < c->end && is_digit(*c->p)) {
		if (*mant < 100000000000000000ULL) {
			*mant = *mant * 10 + (unsigned long long)(*c->p - '0');
			*exp10 -= frac;
		} else {
			*exp10 += !frac;
		}
		c->p++;
		n++;
	}
	return n;
}

static int read_exponent(struct cursor *c, int *exp10)
{
	int sign = 1, e = 0;

	if (c->p == c->end || (*c->p != 'e' && *c->p != 'E'))
		return 1;
	c->p++;
	if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
		sign = *c->p++ == '-' ? -1 : 1;
	if (c->p == c->end || !is_digit(*c->p))
		return 0;
	while (c->p < c->end && is_digit(*c->p)) {
		if (e < 10000)
			e = e * 10 + (*c->p - '0');
		c->p++;
	}
	*exp10 += sign * e;
	return 1;
}

/* A decimal number such as 7, 7.01, .5 or 1e-3; exact when it has few digits. */
static int read_number(struct cursor *c, double *out)
{
	unsigned long long mant = 0;
	int exp10 = 0, digits, neg = 0;
	double v;

	skip_blank(c);
	if (c->p < c->end && (*c->p == '-' || *c->p == '+'))
		neg = *c->p++ == '-';
	digits = read_digits(c, &mant, &exp10, 0);
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		digits += read_digits(c, &mant, &exp10, 1);
	}
	if (digits == 0 || !read_exponent(c, &exp10) || !end_token(c))
		return fail(c, "malformed distance");
	v = (double)mant;
	if (exp10 < 0)
		v /= pow(10.0, -exp10);
	else if (exp10 > 0)
		v *= pow(10.0, exp10);
	if (neg && v != 0.0)
		return fail(c, "negative distance");
	if (!isfinite(v))
		return fail(c, "distance too large");
	*out = v;
	return MDP_OK;
}

static int read_header(struct cursor *c, struct mdp_instance *out)
{
	long n = 0, m = 0;
	int rc;

	if (!next_record(c))
		return fail(c, "empty instance, expected \"n m\"");
	rc = read_int(c, MDP_MAX_N, &n, "n");
	if (rc == MDP_OK)
		rc = read_int(c, MDP_MAX_N, &m, "m");
	if (rc != MDP_OK)
		return rc;
	if (!at_eol(c))
		return fail(c, "expected only \"n m\" on the first line");
	if (n < 1 || m > n)
		return fail(c, "need 1 <= n and m <= n");
	out->n = (int)n;
	out->m = (int)m;
	return MDP_OK;
}

/* One "i j d" line; *fresh is 1 when the pair was not seen before. */
static int read_pair(struct cursor *c, struct mdp_instance *out, int *fresh)
{
	size_t n = (size_t)out->n;
	long i = 0, j = 0;
	double d = 0.0, *dij, *dji;
	int rc;

	rc = read_int(c, out->n - 1L, &i, "item i");
	if (rc == MDP_OK)
		rc = read_int(c, out->n - 1L, &j, "item j");
	if (rc == MDP_OK)
		rc = read_number(c, &d);
	if (rc != MDP_OK)
		return rc;
	if (!at_eol(c))
		return fail(c, "expected \"i j d\"");
	if (i == j)
		return fail(c, "pair of an item with itself");
	dij = out->dist + (size_t)i * n + (size_t)j;
	dji = out->dist + (size_t)j * n + (size_t)i;
	*fresh = isnan(*dij);
	if (!*fresh && *dij != d)
		return fail(c, "pair given twice with different distances");
	*dij = d;
	*dji = d;
	return MDP_OK;
}

static int read_pairs(struct cursor *c, struct mdp_instance *out)
{
	size_t i, n = (size_t)out->n, want = n * (n - 1) / 2, got = 0;
	int rc, fresh = 0;

	for (i = 0; i < n * n; i++)
		out->dist[i] = i % (n + 1) == 0 ? 0.0 : NAN;
	while (next_record(c)) {
		rc = read_pair(c, out, &fresh);
		if (rc != MDP_OK)
			return rc;
		got += (size_t)fresh;
	}
	if (got != want) {
		char msg[96];

		(void)snprintf(msg, sizeof(msg), "%zu of the %zu pairs are missing", want - got,
			       want);
		return fail(c, msg);
	}
	return MDP_OK;
}

int mdp_parse_mdplib(const char *text, size_t len, struct mdp_instance *out, char *err,
		     size_t errlen)
{
	struct cursor c = {"", NULL, 1, err, errlen};
	int rc;

	out->n = 0;
	out->m = 0;
	out->dist = NULL;
	if (errlen > 0)
		err[0] = '\0';
	if (text != NULL)
		c.p = text;
	else
		len = 0;
	c.end = c.p + len;
	rc = read_header(&c, out);
	if (rc != MDP_OK)
		return rc;
	out->dist = malloc((size_t)out->n * (size_t)out->n * sizeof(*out->dist) + 1);
	if (out->dist == NULL)
		return MDP_ENOMEM;
	rc = read_pairs(&c, out);
	if (rc != MDP_OK)
		mdp_instance_free(out);
	return rc;
}

void mdp_instance_free(struct mdp_instance *inst)
{
	if (inst == NULL)
		return;
	free(inst->dist);
	inst->dist = NULL;
	inst->n = 0;
	inst->m = 0;
}
