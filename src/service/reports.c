/* See reports.h: the builders. Values are kept as codes (kinds, themes) in
 * the cells and translated by the writers, so that JSON stays stable. */
#include "service/reports.h"
#include "service/accounts.h"
#include "service/invoices.h"
#include "store/store.h"
#include "store/store_meetings.h"
#include "store/store_subgroups.h"
#include "domain/model.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_codes[REPORT_KIND_COUNT] = {"participants", "applications",
	"diversity", "attendance", "costs"};
static const char *const kind_titles[REPORT_KIND_COUNT] = {
	N_("Participants"), N_("Applications"), N_("Diversity of the cohort and the subgroups"),
	N_("Attendance"), N_("Costs"),
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

static const char *const diversity_codes[] = {"subgroup", "dimension", "value", "participants",
	"percent"};
static const char *const diversity_labels[] = {N_("Group"), N_("Dimension"), N_("Value"),
	N_("Participants"), N_("Percentage")};
static const unsigned char diversity_numeric[5] = {0, 0, 0, 1, 1};
#define DIV_COLS 5

static const char *const cost_codes[] = {"organisation", "participants", "fee", "nights",
	"accommodation", "other", "charges", "vat", "charges_incl_vat", "invoiced", "paid",
	"outstanding"};
static const char *const cost_labels[] = {N_("Organisation"), N_("Participants"),
	N_("Fee excl. VAT"), N_("Nights"), N_("Accommodation excl. VAT"),
	N_("Other charges excl. VAT"), N_("Charges excl. VAT"), N_("VAT"),
	N_("Charges incl. VAT"), N_("Invoiced incl. VAT"), N_("Paid incl. VAT"),
	N_("Outstanding incl. VAT")};
static const unsigned char cost_numeric[12] = {0, 1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2};
#define COST_COLS 12

/* The fixed columns of the attendance report around the meetings. */
#define ATT_LEAD 3  /* name, organisation, subgroup */
#define ATT_TAIL 3  /* present, recorded, rate */

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

/* The group's label cell: "" the whole cohort, the name a lead gave, or
 * "#N" for an unnamed subgroup N (report_cell writes "Subgroup N"). */
static const char *group_cell(struct arena *a, const struct subgroup_row *g)
{
	if (!g)
		return "";
	if (g->name && g->name[0])
		return g->name;
	return arena_printf(a, "#%d", g->position + 1);
}

/* Of the accepted applicants in[] (the whole cohort, or one subgroup's
 * members): the rows by kind, parent organisation, theme and tag, every
 * kind and theme (also with 0), parents and tags as they occur. */
static int diversity_group(struct arena *a, const struct application *apps, int n,
			   const unsigned char *in, const struct organisation_row *orgs, int norgs,
			   const char *group, struct report *out, int cap)
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
		if (!in[i])
			continue;
		total++;
		const char *parent = parent_of(orgs, norgs, apps[i].organisation);
		if ((rc = tally_add(t, &nt, max, "organisation_kind", org_kind_code(apps[i].org_kind))) ||
		    (rc = tally_add(t, &nt, max, "parent_organisation", parent)) ||
		    (rc = tally_add(t, &nt, max, "theme", theme_code(apps[i].theme))) ||
		    (rc = add_tags(a, t, &nt, max, apps[i].tags)))
			return rc;
	}
	if (out->nrows + nt > cap)
		return LWP_ENOMEM;
	for (int i = 0; i < nt; i++) {
		const char **c = out->cells + out->nrows++ * DIV_COLS;
		c[0] = group;
		c[1] = t[i].dimension;
		c[2] = t[i].value;
		c[3] = arena_printf(a, "%d", t[i].count);
		c[4] = arena_printf(a, "%.1f", total ? 100.0 * t[i].count / total : 0.0);
		if (!c[3] || !c[4])
			return LWP_ENOMEM;
	}
	if (!group[0])
		out->total = total;
	return 0;
}

/* The cohort, then every subgroup of the confirmed split by position. */
static int diversity_rows(struct store *s, struct arena *a, const struct edition *e,
			  const struct application *apps, int n, const struct organisation_row *orgs,
			  int norgs, struct report *out)
{
	struct subgroup_row *groups = NULL;
	struct subgroup_member_row *members = NULL;
	int ngroups = 0, nmembers = 0, rc;
	if ((rc = store_subgroup_list(s, a, e->id, &groups, &ngroups)) ||
	    (rc = store_subgroup_members(s, a, e->id, &members, &nmembers)))
		return rc;
	int cap = (ngroups + 1) * (ORG_KIND_COUNT + THEME_COUNT + 2 * n + 16);
	unsigned char *in = arena_calloc(a, (size_t)n + 1, 1);
	out->ncols = DIV_COLS;
	out->codes = diversity_codes;
	out->labels = diversity_labels;
	out->numeric = diversity_numeric;
	out->cells = arena_calloc(a, (size_t)cap * DIV_COLS, sizeof(char *));
	if (!in || !out->cells)
		return LWP_ENOMEM;
	for (int i = 0; i < n; i++)
		in[i] = apps[i].status == APP_ACCEPTED;
	if ((rc = diversity_group(a, apps, n, in, orgs, norgs, "", out, cap)))
		return rc;
	for (int g = 0; g < ngroups; g++) {
		int any = 0;
		for (int i = 0; i < n; i++) {
			in[i] = 0;
			for (int m = 0; apps[i].status == APP_ACCEPTED && m < nmembers; m++)
				if (members[m].application_id == apps[i].id &&
				    members[m].confirmed == groups[g].position)
					in[i] = 1;
			any |= in[i];
		}
		if (any && (rc = diversity_group(a, apps, n, in, orgs, norgs,
						  group_cell(a, &groups[g]), out, cap)))
			return rc;
	}
	return 0;
}

/* ---- attendance ---- */

static const struct application *app_of_email(const struct application *apps, int n,
					      const char *email)
{
	for (int i = 0; email && i < n; i++)
		if (apps[i].status == APP_ACCEPTED && apps[i].email && strcmp(apps[i].email, email) == 0)
			return &apps[i];
	return NULL;
}

/* The subgroup row of an application's confirmed group, or NULL. */
static const struct subgroup_row *group_of(const struct subgroup_row *groups, int ngroups,
					   const struct subgroup_member_row *members, int nmembers,
					   int64_t application_id)
{
	for (int m = 0; m < nmembers; m++)
		if (members[m].application_id == application_id && members[m].confirmed >= 0)
			for (int g = 0; g < ngroups; g++)
				if (groups[g].position == members[m].confirmed)
					return &groups[g];
	return NULL;
}

/* What one participant's records at one meeting add up to. */
static const char *meeting_state(const struct attendance_row *att, int natt, int64_t meeting,
				 int64_t person)
{
	int c[ATTENDANCE_STATUS_COUNT] = {0}, n = 0;
	for (int i = 0; i < natt; i++)
		if (att[i].meeting_id == meeting && att[i].person_id == person &&
		    (int)att[i].status >= 0 && att[i].status < ATTENDANCE_STATUS_COUNT) {
			c[att[i].status]++;
			n++;
		}
	if (n == 0)
		return "";
	if (c[ATTENDANCE_PRESENT] == n)
		return "present";
	if (c[ATTENDANCE_PRESENT])
		return "partly";
	return c[ATTENDANCE_ABSENT] ? "absent" : "absent_notice";
}

static char *rate_text(struct arena *a, int present, int recorded)
{
	return recorded ? arena_printf(a, "%.1f", 100.0 * present / recorded) : "";
}

static int attendance_rows(struct store *s, struct arena *a, const struct edition *e,
			   const struct application *apps, int napps, struct report *out)
{
	struct meeting_row *m;
	struct invitee *p;
	struct attendance_row *att;
	struct subgroup_row *groups;
	struct subgroup_member_row *members;
	int nm, np, natt, ngroups, nmembers, rc;
	if ((rc = store_meeting_list(s, a, e->id, 1, &m, &nm)) ||
	    (rc = store_edition_participants(s, a, e->id, &p, &np)) ||
	    (rc = store_attendance_list(s, a, e->id, 0, &att, &natt)) ||
	    (rc = store_subgroup_list(s, a, e->id, &groups, &ngroups)) ||
	    (rc = store_subgroup_members(s, a, e->id, &members, &nmembers)))
		return rc;
	int ncols = ATT_LEAD + nm + ATT_TAIL;
	const char **codes = arena_calloc(a, (size_t)ncols, sizeof(char *));
	const char **labels = arena_calloc(a, (size_t)ncols, sizeof(char *));
	unsigned char *numeric = arena_calloc(a, (size_t)ncols, 1);
	unsigned char *verbatim = arena_calloc(a, (size_t)ncols, 1);
	static const char *const lead_codes[ATT_LEAD] = {"name", "organisation", "subgroup"};
	static const char *const lead_labels[ATT_LEAD] = {N_("Name"), N_("Organisation"),
							  N_("Subgroup")};
	static const char *const tail_codes[ATT_TAIL] = {"meetings_present", "meetings_recorded",
							 "rate"};
	static const char *const tail_labels[ATT_TAIL] = {N_("Meetings present"),
		N_("Meetings recorded"), N_("Attendance rate (%)")};
	static const char *const foot[] = {N_("Present"), N_("Absent with notice"),
					   N_("Absent without notice")};
	static const char *const foot_states[][2] = {{"present", "partly"},
		{"absent_notice", NULL}, {"absent", NULL}};
	const int nfoot = 3;
	out->cells = arena_calloc(a, (size_t)(np + nfoot) * (size_t)ncols + 1, sizeof(char *));
	if (!codes || !labels || !numeric || !verbatim || !out->cells)
		return LWP_ENOMEM;
	for (int c = 0; c < ATT_LEAD; c++) {
		codes[c] = lead_codes[c];
		labels[c] = lead_labels[c];
	}
	for (int k = 0; k < nm; k++) {
		const struct meeting_day *d = &m[k].m.days[0];
		codes[ATT_LEAD + k] = arena_printf(a, "meeting_%lld", (long long)m[k].m.id);
		labels[ATT_LEAD + k] = arena_printf(a, "%s (%04d-%02d-%02d)", m[k].m.title, d->year,
						    d->month, d->day);
		verbatim[ATT_LEAD + k] = 1;
		if (!codes[ATT_LEAD + k] || !labels[ATT_LEAD + k])
			return LWP_ENOMEM;
	}
	for (int c = 0; c < ATT_TAIL; c++) {
		codes[ATT_LEAD + nm + c] = tail_codes[c];
		labels[ATT_LEAD + nm + c] = tail_labels[c];
		numeric[ATT_LEAD + nm + c] = 1;
	}
	out->ncols = ncols;
	out->codes = codes;
	out->labels = labels;
	out->numeric = numeric;
	out->verbatim = verbatim;
	out->personal = 1;
	int all_present = 0, all_recorded = 0;
	for (int i = 0; i < np; i++) {
		const char **c = out->cells + out->nrows++ * ncols;
		const struct application *ap = app_of_email(apps, napps, p[i].email);
		c[0] = p[i].name;
		c[1] = ap ? ap->organisation : "";
		c[2] = ap ? group_cell(a, group_of(groups, ngroups, members, nmembers, ap->id)) : "";
		int present = 0, recorded = 0;
		for (int k = 0; k < nm; k++) {
			const char *st = meeting_state(att, natt, m[k].m.id, p[i].person_id);
			c[ATT_LEAD + k] = st;
			recorded += st[0] != 0;
			present += strcmp(st, "present") == 0 || strcmp(st, "partly") == 0;
		}
		c[ATT_LEAD + nm] = arena_printf(a, "%d", present);
		c[ATT_LEAD + nm + 1] = arena_printf(a, "%d", recorded);
		c[ATT_LEAD + nm + 2] = rate_text(a, present, recorded);
		if (!c[2] || !c[ATT_LEAD + nm] || !c[ATT_LEAD + nm + 1] || !c[ATT_LEAD + nm + 2])
			return LWP_ENOMEM;
		all_present += present;
		all_recorded += recorded;
	}
	out->total = out->nrows;
	/* Totals per meeting: how many participants were (partly) present,
	 * absent with notice, absent without. */
	for (int f = 0; f < nfoot; f++) {
		const char **c = out->cells + (np + f) * ncols;
		c[0] = foot[f];
		c[1] = c[2] = "";
		for (int k = 0; k < nm; k++) {
			int count = 0;
			for (int i = 0; i < np; i++) {
				const char *st = out->cells[i * ncols + ATT_LEAD + k];
				count += strcmp(st, foot_states[f][0]) == 0 ||
					 (foot_states[f][1] && strcmp(st, foot_states[f][1]) == 0);
			}
			if (!(c[ATT_LEAD + k] = arena_printf(a, "%d", count)))
				return LWP_ENOMEM;
		}
		c[ATT_LEAD + nm] = f == 0 ? arena_printf(a, "%d", all_present) : "";
		c[ATT_LEAD + nm + 1] = f == 0 ? arena_printf(a, "%d", all_recorded) : "";
		c[ATT_LEAD + nm + 2] = f == 0 ? rate_text(a, all_present, all_recorded) : "";
		if (!c[ATT_LEAD + nm] || !c[ATT_LEAD + nm + 1] || !c[ATT_LEAD + nm + 2])
			return LWP_ENOMEM;
	}
	out->nrows += nfoot;
	out->nfoot = nfoot;
	return 0;
}

/* ---- costs ---- */

static char *euros(struct arena *a, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	return arena_printf(a, "%s%llu.%02u", cents < 0 ? "-" : "", (unsigned long long)(v / 100),
			    (unsigned)(v % 100));
}

static int cost_cells(struct arena *a, const char **c, const char *name, const struct cost_row *r,
		      int64_t fee, int64_t stay, int64_t vat)
{
	const int64_t charges = r->actual_cents; /* what is charged: the nights attended */
	c[0] = name;
	c[1] = arena_printf(a, "%d", r->participants);
	c[2] = euros(a, fee);
	c[3] = arena_printf(a, "%d", r->nights);
	c[4] = euros(a, stay);
	c[5] = euros(a, charges - fee - stay);
	c[6] = euros(a, charges);
	c[7] = euros(a, vat);
	c[8] = euros(a, charges + vat);
	c[9] = euros(a, r->invoiced_incl_cents);
	c[10] = euros(a, r->paid_incl_cents);
	c[11] = euros(a, r->invoiced_incl_cents - r->paid_incl_cents);
	for (int i = 0; i < COST_COLS; i++)
		if (!c[i])
			return LWP_ENOMEM;
	return 0;
}

static int cost_rows(struct store *s, struct arena *a, const struct edition *e, struct report *out)
{
	struct cost_overview o;
	struct invoice_settings set;
	int rc;
	if ((rc = svc_invoice_overview(s, a, e, &o)) ||
	    (rc = store_invoice_settings(s, e->id, a, &set)))
		return rc;
	out->ncols = COST_COLS;
	out->codes = cost_codes;
	out->labels = cost_labels;
	out->numeric = cost_numeric;
	out->cells = arena_calloc(a, (size_t)(o.n + 1) * COST_COLS, sizeof(char *));
	if (!out->cells)
		return LWP_ENOMEM;
	int64_t fee_total = 0, stay_total = 0, vat_total = 0;
	for (int i = 0; i < o.n; i++) {
		const struct cost_row *r = &o.rows[i];
		int64_t fee = (int64_t)r->participants * e->fee_cents, stay = r->accommodation_cents;
		/* One invoice per organisation: its VAT is rounded once, on its
		 * taxable amount, as invoice_compute does. */
		int64_t vat = set.vat.category == VAT_STANDARD
			      ? invoice_vat_amount(r->actual_cents, set.vat.rate_bp) : 0;
		if ((rc = cost_cells(a, out->cells + out->nrows++ * COST_COLS, r->organisation, r, fee,
				     stay, vat)))
			return rc;
		fee_total += fee;
		stay_total += stay;
		vat_total += vat;
	}
	if ((rc = cost_cells(a, out->cells + out->nrows++ * COST_COLS, N_("Total"), &o.total,
			     fee_total, stay_total, vat_total)))
		return rc;
	out->nfoot = 1;
	out->total = o.total.participants;
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
	out->arena = a;
	if ((rc = store_edition_get(s, a, slug, &e)) ||
	    (rc = store_application_list(s, a, e.id, &apps, &n)) ||
	    (rc = store_organisation_list(s, a, &orgs, &norgs)))
		return rc;
	switch (kind) {
	case REPORT_PARTICIPANTS: rc = people_rows(a, apps, n, orgs, norgs, 1, out); break;
	case REPORT_APPLICATIONS: rc = people_rows(a, apps, n, orgs, norgs, 0, out); break;
	case REPORT_DIVERSITY: rc = diversity_rows(s, a, &e, apps, n, orgs, norgs, out); break;
	case REPORT_ATTENDANCE: rc = attendance_rows(s, a, &e, apps, n, out); break;
	case REPORT_COSTS: rc = cost_rows(s, a, &e, out); break;
	default: return LWP_EINVAL;
	}
	if (rc || !out->personal)
		return rc;
	/* A list of people is a bulk view of personal data. */
	char *object = arena_printf(a, "edition:%s", e.slug);
	char *detail = arena_printf(a, "%s, %s, %d rows", kind_codes[kind], channel,
				    out->nrows - out->nfoot);
	return svc_record(s, who, now, "report.read", object, detail);
}
