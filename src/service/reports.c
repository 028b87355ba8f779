/* See reports.h: the builders. Values are kept as codes (kinds, themes) in
 * the cells and translated by the writers, so that JSON stays stable. */
#include "service/reports.h"
#include "service/accounts.h"
#include "store/store.h"
#include "domain/model.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_codes[REPORT_KIND_COUNT] = {"participants", "applications",
							   "diversity"};
static const char *const kind_titles[REPORT_KIND_COUNT] = {
	N_("Participants"), N_("Applications"), N_("Diversity of the cohort"),
};

int report_kind_parse(const char *code)
{
	for (int k = 0; code && k < REPORT_KIND_COUNT; k++)
		if (strcmp(kind_codes[k], code) == 0)
			return k;
	return -1;
}

const char *report_kind_code(enum report_kind k) { return kind_codes[k]; }
const char *report_kind_title(enum report_kind k) { return kind_titles[k]; }

static const char *const person_codes[] = {"name", "email", "organisation", "organisation_kind",
	"parent_organisation", "function", "initiative_title", "theme", "tags", "status"};
static const char *const person_labels[] = {N_("Name"), N_("E-mail address"),
	N_("Organisation"), N_("Kind of organisation"), N_("Parent organisation"),
	N_("Function"), N_("Name of your trajectory"), N_("Theme"), N_("Tags"), N_("Status")};
static const unsigned char person_numeric[10] = {0};

static const char *const diversity_codes[] = {"dimension", "value", "participants", "percent"};
static const char *const diversity_labels[] = {N_("Dimension"), N_("Value"),
	N_("Participants"), N_("Percentage")};
static const unsigned char diversity_numeric[4] = {0, 0, 1, 1};

static const char *parent_of(const struct organisation_row *orgs, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(orgs[i].name, name) == 0)
			return orgs[i].parent ? orgs[i].parent : "";
	return "";
}

static int people_rows(struct arena *a, const struct application *apps, int n,
		       const struct organisation_row *orgs, int norgs, int accepted_only,
		       struct report *out)
{
	out->ncols = 10;
	out->codes = person_codes;
	out->labels = person_labels;
	out->numeric = person_numeric;
	out->personal = 1;
	out->cells = arena_calloc(a, (size_t)(n + 1) * 10, sizeof(char *));
	if (!out->cells)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++) {
		const struct application *p = &apps[i];
		if (accepted_only && p->status != APP_ACCEPTED)
			continue;
		const char **c = out->cells + out->nrows++ * 10;
		c[0] = p->name;
		c[1] = p->email;
		c[2] = p->organisation;
		c[3] = org_kind_code(p->org_kind);
		c[4] = parent_of(orgs, norgs, p->organisation);
		c[5] = p->function ? p->function : "";
		c[6] = p->initiative_title;
		c[7] = theme_code(p->theme);
		c[8] = p->tags ? p->tags : "";
		c[9] = app_status_code(p->status);
	}
	out->total = out->nrows;
	return 0;
}

struct tally {
	const char *dimension;
	const char *value;
	int count;
};

static int tally_add(struct tally *t, int *n, int max, const char *dim, const char *value)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(t[i].dimension, dim) == 0 && strcmp(t[i].value, value) == 0) {
			t[i].count++;
			return 0;
		}
	if (*n == max)
		return LWP_ENOMEM;
	t[(*n)++] = (struct tally){dim, value, 1};
	return 0;
}

/* One tag at a time from a comma separated list, trimmed; in the arena. */
static int add_tags(struct arena *a, struct tally *t, int *n, int max, const char *tags)
{
	const char *s = tags ? tags : "";
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t len = strcspn(s, ",");
		size_t end = len;
		while (end && s[end - 1] == ' ')
			end--;
		if (end) {
			char *tag = arena_strndup(a, s, end);
			for (char *p = tag; p && *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			if (!tag || tally_add(t, n, max, "tag", tag))
				return LWP_ENOMEM;
		}
		s += len;
	}
	return 0;
}

/* The accepted applicants by kind, parent organisation, theme and tag:
 * every kind and theme (also with 0), parents and tags as they occur. */
static int diversity_rows(struct arena *a, const struct application *apps, int n,
			  const struct organisation_row *orgs, int norgs, struct report *out)
{
	int max = ORG_KIND_COUNT + THEME_COUNT + 2 * n + 16, nt = 0, total = 0, rc;
	struct tally *t = arena_calloc(a, (size_t)max, sizeof(*t));
	if (!t)
		return LWP_ENOMEM;
	for (int k = 0; k < ORG_KIND_COUNT; k++)
		t[nt++] = (struct tally){"organisation_kind", org_kind_code((enum org_kind)k), 0};
	for (int k = 0; k < THEME_COUNT; k++)
		t[nt++] = (struct tally){"theme", theme_code((enum theme)k), 0};
	for (int i = 0; i < n; i++) {
		if (apps[i].status != APP_ACCEPTED)
			continue;
		total++;
		const char *parent = parent_of(orgs, norgs, apps[i].organisation);
		if ((rc = tally_add(t, &nt, max, "organisation_kind", org_kind_code(apps[i].org_kind))) ||
		    (rc = tally_add(t, &nt, max, "parent_organisation", parent)) ||
		    (rc = tally_add(t, &nt, max, "theme", theme_code(apps[i].theme))) ||
		    (rc = add_tags(a, t, &nt, max, apps[i].tags)))
			return rc;
	}
	out->ncols = 4;
	out->codes = diversity_codes;
	out->labels = diversity_labels;
	out->numeric = diversity_numeric;
	out->personal = 0;
	out->total = total;
	out->cells = arena_calloc(a, (size_t)nt * 4 + 1, sizeof(char *));
	if (!out->cells)
		return LWP_ENOMEM;
	for (int i = 0; i < nt; i++) {
		const char **c = out->cells + out->nrows++ * 4;
		c[0] = t[i].dimension;
		c[1] = t[i].value;
		c[2] = arena_printf(a, "%d", t[i].count);
		c[3] = arena_printf(a, "%.1f", total ? 100.0 * t[i].count / total : 0.0);
		if (!c[2] || !c[3])
			return LWP_ENOMEM;
	}
	return 0;
}

int svc_report(struct store *s, struct arena *a, const struct actor *who, const char *slug,
	       enum report_kind kind, const char *channel, int64_t now, struct report *out)
{
	struct edition e;
	struct application *apps;
	struct organisation_row *orgs;
	int n, norgs, rc;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if ((rc = store_edition_get(s, a, slug, &e)) ||
	    (rc = store_application_list(s, a, e.id, &apps, &n)) ||
	    (rc = store_organisation_list(s, a, &orgs, &norgs)))
		return rc;
	switch (kind) {
	case REPORT_PARTICIPANTS: rc = people_rows(a, apps, n, orgs, norgs, 1, out); break;
	case REPORT_APPLICATIONS: rc = people_rows(a, apps, n, orgs, norgs, 0, out); break;
	case REPORT_DIVERSITY: rc = diversity_rows(a, apps, n, orgs, norgs, out); break;
	default: return LWP_EINVAL;
	}
	if (rc || !out->personal)
		return rc;
	/* A list of people is a bulk view of personal data. */
	char *object = arena_printf(a, "edition:%s", e.slug);
	char *detail = arena_printf(a, "%s, %s, %d rows", kind_codes[kind], channel, out->nrows);
	return svc_record(s, who, now, "report.read", object, detail);
}
