/* See network_view.h. */
#include "web/network_view.h"
#include "web/form.h"
#include "core/html.h"
#include "core/parse.h"
#include "domain/account.h"
#include "store/store.h"

#include <string.h>

#define MEMBER_ROLES (ROLE_PARTICIPANT | ROLE_MEMBER | ROLE_COACH | ROLE_LEAD | ROLE_ADMIN)
#define MODERATOR_ROLES (ROLE_COACH | ROLE_LEAD | ROLE_ADMIN)

int network_view_begin(struct req *r, struct network_view *v)
{
	memset(v, 0, sizeof(*v));
	v->filter = (struct network_filter){-1, -1, -1, NULL, NULL, 0};
	v->viewer.member = (r->roles & MEMBER_ROLES) != 0;
	v->viewer.moderator = (r->roles & MODERATOR_ROLES) != 0;
	int rc = 0;
	if (r->user && (rc = svc_network_person(r->store, r->arena, r->user->email,
						 &v->viewer.person_id)) == 0)
		rc = store_initiatives_owned(r->store, r->arena, v->viewer.person_id, &v->owned,
					     &v->n_owned);
	if (rc == 0)
		rc = svc_network_acquire(r->store, &v->snap);
	if (rc) {
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
		return rc;
	}
	v->acc = (struct network_access){&v->viewer, v->owned, v->n_owned, &v->filter, NULL, 0,
					 v->snap};
	return 0;
}

void network_view_end(struct network_view *v)
{
	svc_network_release(v->snap);
	v->snap = NULL;
}

static int code_or_any(const char *s, int (*parse)(const char *))
{
	return s && *s ? parse(s) : -1;
}

void network_view_filters(struct req *r, struct network_view *v)
{
	long long ed = 0;
	v->filter.theme = code_or_any(req_query(r, "theme"), theme_parse);
	v->filter.stage = code_or_any(req_query(r, "stage"), initiative_stage_parse);
	v->filter.kind = code_or_any(req_query(r, "kind"), org_kind_parse);
	v->filter.tag = req_query(r, "tag");
	v->filter.organisation = req_query(r, "organisation");
	const char *e = req_query(r, "edition");
	if (e && *e && parse_int(e, 1, INT64_MAX, &ed) == 0 &&
	    store_initiative_edition_pairs(r->store, r->arena, &v->pairs, &v->n_pairs) == 0) {
		v->filter.edition_id = ed;
		v->acc.pairs = v->pairs;
		v->acc.n_pairs = v->n_pairs;
	}
}

int network_view_owns(const struct network_view *v, int64_t id)
{
	for (int i = 0; i < v->n_owned; i++)
		if (v->owned[i] == id)
			return 1;
	return 0;
}

struct network_user network_user_of(const struct req *r)
{
	struct network_user u = {0};
	if (r->user) {
		u.name = r->user->name;
		u.email = r->user->email;
		u.lang = r->user->lang;
	}
	return u;
}

int network_param_id(struct req *r, int64_t *id)
{
	long long v;
	if (parse_int(r->params[0], 1, INT64_MAX, &v)) {
		req_error(r, 404, "not_found", N_("This page does not exist."));
		return -1;
	}
	*id = v;
	return 0;
}

char *link_initiative(struct req *r, int64_t id, const char *tail)
{
	char *s = arena_printf(r->arena, "/initiatieven/%lld%s", (long long)id, tail ? tail : "");
	return s ? s : (char *)"/";
}

char *link_nomination(struct req *r, const char *token)
{
	struct buf b;
	buf_init(&b, 512);
	buf_puts(&b, "/initiatieven/bevestigen/");
	html_url_arg(&b, token);
	char *s = b.failed ? NULL : arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s ? s : (char *)"/";
}

/* ---- form fields ---- */

static const char *const kind_options[] = {
	"", N_("Choose..."),
	"ministry", N_("Ministry (core department)"), "agency", N_("Executive agency"),
	"inspectorate", N_("Inspectorate"), "zbo", N_("Independent administrative body (ZBO)"),
	"shared_service", N_("Shared-service organisation"),
	"local", N_("Municipality, province or water board"), "other", N_("Other"), NULL};
static const char *const theme_options[] = {
	"", N_("Choose..."), "new_organising", N_("New organising"),
	"new_changing", N_("New changing"), "both", N_("Both"), NULL};
static const char *const stage_options[] = {
	"idea", N_("Idea"), "started", N_("Started"), "running", N_("Running"),
	"evaluated", N_("Evaluated"), NULL};
static const char *const visibility_options[] = {
	"public", N_("Public: everyone can see it"),
	"network", N_("Network: only members of the network can see it"),
	"private", N_("Private: only you and the other owners"), NULL};
const char *const kind_any_options[] = {
	"", N_("Any kind"),
	"ministry", N_("Ministry (core department)"), "agency", N_("Executive agency"),
	"inspectorate", N_("Inspectorate"), "zbo", N_("Independent administrative body (ZBO)"),
	"shared_service", N_("Shared-service organisation"),
	"local", N_("Municipality, province or water board"), "other", N_("Other"), NULL};
const char *const theme_any_options[] = {
	"", N_("Any theme"), "new_organising", N_("New organising"),
	"new_changing", N_("New changing"), "both", N_("Both"), NULL};
const char *const stage_any_options[] = {
	"", N_("Any stage"), "idea", N_("Idea"), "started", N_("Started"), "running", N_("Running"),
	"evaluated", N_("Evaluated"), NULL};
static const char *const connection_kind_options[] = {
	"similar", N_("Similar"), "learned_from", N_("Learned from"),
	"works_with", N_("Works with"), "inspired_by", N_("Inspired by"), NULL};

const struct widget_field initiative_form_fields[] = {
	{"title", N_("Title of the initiative"), NULL, WT_TEXT, "off", 1, 150, NULL, NULL},
	{"organisation", N_("Organisation"), NULL, WT_TEXT, "organization", 1, 150, NULL, NULL},
	{"organisation_kind", N_("Kind of organisation"), NULL, WT_SELECT, "off", 1, 0, kind_options, NULL},
	{"theme", N_("Theme"), NULL, WT_SELECT, "off", 1, 0, theme_options, NULL},
	{"stage", N_("Stage"), NULL, WT_SELECT, "off", 1, 0, stage_options, NULL},
	{"tags", N_("Tags"), N_("At most 10, separated by commas, for example: zelfsturing, teams."), WT_TEXT, "off", 0, 450, NULL, NULL},
	{"summary", N_("Summary"), N_("What the initiative does and why, in a few sentences."), WT_TEXTAREA, "off", 1, 2000, NULL, NULL},
	{"question", N_("Tough questions"), N_("The questions the initiative faces, on which others could help."), WT_TEXTAREA, "off", 0, 2000, NULL, NULL},
	{"lessons", N_("Lessons learned"), NULL, WT_TEXTAREA, "off", 0, 2000, NULL, NULL},
	{"visibility", N_("Who may see it"), NULL, WT_SELECT, "off", 1, 0, visibility_options, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

const struct widget_field nomination_person_fields[] = {
	{"name", N_("Your name"), NULL, WT_TEXT, "name", 1, 100, NULL, NULL},
	{"email", N_("Your e-mail address"), N_("We send a link to confirm it; nothing is published before you do."), WT_EMAIL, "email", 1, 254, NULL, NULL},
	{"owner_name", N_("Name of the owner"), N_("Leave empty when the initiative is yours."), WT_TEXT, "off", 0, 100, NULL, NULL},
	{"owner_email", N_("E-mail address of the owner"), N_("The owner is asked to confirm before the initiative is published."), WT_EMAIL, "off", 0, 254, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

const struct widget_field connection_fields[] = {
	{"kind", N_("Kind of connection"), NULL, WT_SELECT, "off", 1, 0, connection_kind_options, NULL},
	{"note", N_("Note"), N_("Optional: what connects you."), WT_TEXTAREA, "off", 0, 500, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

static char *form_dup(struct req *r, const char *name)
{
	const char *v = r->form ? form_get(r->form, name) : NULL;
	return v ? arena_strdup(r->arena, v) : NULL;
}

void network_input_from_form(struct req *r, struct initiative_input *in)
{
	memset(in, 0, sizeof(*in));
	in->title = form_dup(r, "title");
	in->organisation = form_dup(r, "organisation");
	in->organisation_kind = form_dup(r, "organisation_kind");
	in->theme = form_dup(r, "theme");
	in->stage = form_dup(r, "stage");
	in->tags = form_dup(r, "tags");
	in->summary = form_dup(r, "summary");
	in->question = form_dup(r, "question");
	in->lessons = form_dup(r, "lessons");
	in->visibility = form_dup(r, "visibility");
}

void network_input_from_row(const struct initiative_row *row, struct initiative_input *in)
{
	memset(in, 0, sizeof(*in));
	in->title = row->title;
	in->organisation = row->organisation;
	in->organisation_kind = (char *)org_kind_code(row->kind);
	in->theme = (char *)theme_code(row->theme);
	in->stage = (char *)initiative_stage_code(row->stage);
	in->tags = row->tags;
	in->summary = row->summary;
	in->question = row->question;
	in->lessons = row->lessons;
	in->visibility = (char *)visibility_code(row->visibility);
}

void network_form_fields(struct req *r, const struct initiative_input *in,
			 const struct field_errors *fe)
{
	const char *values[] = {in->title, in->organisation, in->organisation_kind, in->theme,
				in->stage ? in->stage : "started", in->tags, in->summary,
				in->question, in->lessons,
				in->visibility ? in->visibility : "network"};
	for (int i = 0; initiative_form_fields[i].name; i++)
		widget_field(r, &initiative_form_fields[i], values[i], fe);
}

void network_page_error(struct req *r, int rc)
{
	switch (rc) {
	case LWP_ENOTFOUND:
		req_error(r, 404, "not_found", N_("This page does not exist."));
		break;
	case LWP_ECONFLICT:
		req_error(r, 409, "conflict", N_("This has been changed already. Reload the page to see how it stands."));
		break;
	case LWP_EINVAL:
		req_error(r, 422, "validation", N_("Some fields need your attention."));
		break;
	default:
		req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
	}
}

void network_tags(struct req *r, const char *tags)
{
	struct buf *b = &r->out;
	if (!tags || !*tags)
		return;
	html_raw(b, "<ul class=\"lwp-tags\">");
	while (*tags) {
		while (*tags == ' ' || *tags == ',')
			tags++;
		size_t len = strcspn(tags, ",");
		size_t end = len;
		while (end > 0 && tags[end - 1] == ' ')
			end--;
		if (end) {
			html_raw(b, "<li>");
			html_textn(b, tags, end);
			html_raw(b, "</li>");
		}
		tags += len;
	}
	html_raw(b, "</ul>");
}

void network_select_begin(struct req *r, const char *name, const char *label)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"utrecht-form-field utrecht-form-field--text\">\n<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, T(r, label));
	html_raw(b, "</label></div>\n<div class=\"utrecht-form-field__input\"><select class=\"utrecht-select utrecht-select--html-select\" id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\">");
}

void network_select_end(struct req *r)
{
	html_raw(&r->out, "</select></div>\n</div>\n");
}
