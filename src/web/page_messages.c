/*
 * Writing to groups in the console and the API: the form with a preview
 * (the recipients' count per language and both texts as they will read),
 * the list of messages with their delivery counts, and per message who got
 * it and whose copy failed with which error (the outbox rows). Listing the
 * recipients is a bulk view of personal data: audited. The groups offered
 * are the fixed ones and each of the edition's subgroups by name (value
 * "subgroup:ID"); the service checks the subgroup is still the edition's.
 */
#include "web/api.h"
#include "web/auth.h"
#include "web/console.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/links.h"
#include "web/routes_messages.h"
#include "web/widgets.h"
#include "core/parse.h"
#include "core/tz.h"
#include "service/messages.h"
#include "store/store_subgroups.h"

#include <jansson.h>
#include <string.h>

static const char *const group_options[] = {
	"participants", N_("Participants"), "waitlist", N_("Waiting list"),
	"coaches", N_("Coaches"), NULL,
};

static const struct widget_field message_fields[] = {
	{"to", N_("To"), NULL, WT_SELECT, NULL, 1, 0, group_options, NULL},
	{"subject_nl", N_("Subject in Dutch"), NULL, WT_TEXT, NULL, 1, MESSAGE_SUBJECT_MAX, NULL, NULL},
	{"body_nl", N_("Message in Dutch"), N_("Blank lines separate paragraphs. Recipients who chose Dutch get this text."), WT_TEXTAREA, NULL, 1, MESSAGE_BODY_MAX, NULL, NULL},
	{"subject_en", N_("Subject in English"), NULL, WT_TEXT, NULL, 1, MESSAGE_SUBJECT_MAX, NULL, NULL},
	{"body_en", N_("Message in English"), N_("Recipients who chose English get this text."), WT_TEXTAREA, NULL, 1, MESSAGE_BODY_MAX, NULL, NULL},
	{NULL, NULL, NULL, WT_TEXT, NULL, 0, 0, NULL, NULL},
};

#define MESSAGE_GROUPS_MAX (3 + SUBGROUP_K_MAX)

static const char *subgroup_label(struct req *r, const char *label)
{
	return arena_printf(r->arena, "%s: %s", T(r, "Subgroup"), label);
}

/* The form's fields with the edition's subgroups among the groups. */
static const struct widget_field *fields_for(struct req *r, const struct edition *e)
{
	struct subgroup_row *rows;
	int n = 0;
	if (store_subgroup_list(r->store, r->arena, e->id, &rows, &n))
		n = 0;
	if (n > SUBGROUP_K_MAX)
		n = SUBGROUP_K_MAX;
	size_t nfields = sizeof(message_fields) / sizeof(message_fields[0]);
	struct widget_field *f = arena_alloc(r->arena, sizeof(message_fields));
	const char **opts = arena_alloc(r->arena, (2 * MESSAGE_GROUPS_MAX + 1) * sizeof(*opts));
	if (!f || !opts)
		return message_fields;
	memcpy(f, message_fields, sizeof(message_fields));
	int o = 0;
	for (const char *const *g = group_options; *g; g++)
		opts[o++] = *g;
	for (int i = 0; i < n; i++) {
		opts[o++] = arena_printf(r->arena, "subgroup:%lld", (long long)rows[i].id);
		opts[o++] = subgroup_label(r, rows[i].name[0] ? rows[i].name
					   : arena_printf(r->arena, "%d", rows[i].position + 1));
	}
	opts[o] = NULL;
	for (size_t i = 0; i < nfields; i++)
		if (f[i].name && strcmp(f[i].name, "to") == 0)
			f[i].options = opts;
	return f;
}

static void unavailable(struct req *r)
{
	req_error(r, 503, "unavailable", N_("The service is temporarily unavailable."));
}

static const char *field(struct req *r, const char *name)
{
	return r->form ? form_get(r->form, name) : NULL;
}

static const char *audience_label(struct req *r, const char *code)
{
	int64_t subgroup_id;
	const char *label;
	int k = group_audience_parse(code, &subgroup_id, &label);
	if (k == GROUP_SUBGROUP)
		return subgroup_label(r, label);
	return k < 0 ? code : T(r, group_kind_label((enum group_kind)k));
}

static void paragraph(struct req *r, const char *text)
{
	html_raw(&r->out, "<p class=\"nl-paragraph\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</p>\n");
}

/* The text as the recipients will read it: paragraphs at blank lines. */
static void preview_text(struct req *r, const char *lang, const char *subject, const char *body)
{
	struct buf *b = &r->out;
	html_raw(b, "<div class=\"lwp-preview\" lang=\"");
	html_attr(b, lang);
	html_raw(b, "\"><p class=\"nl-paragraph\"><strong>");
	html_text(b, subject);
	html_raw(b, "</strong></p>\n");
	/* A blank line ends a paragraph, with "\n" or (as a browser's form
	 * sends it) "\r\n" line ends. */
	const char *s = body;
	while (*s) {
		size_t len = 0;
		while (s[len]) {
			const char *q = s + len;
			if (*q == '\r')
				q++;
			if (*q == '\n' && (q[1] == '\n' || (q[1] == '\r' && q[2] == '\n')))
				break;
			len++;
		}
		if (len) {
			html_raw(b, "<p class=\"nl-paragraph\">");
			html_text(b, arena_strndup(r->arena, s, len));
			html_raw(b, "</p>\n");
		}
		s += len;
		while (*s == '\n' || *s == '\r')
			s++;
	}
	html_raw(b, "</div>\n");
}

static void message_list(struct req *r, const struct edition *e)
{
	struct buf *b = &r->out;
	struct group_message *list;
	int n;
	if (store_group_messages(r->store, r->arena, e->id, &list, &n) || n == 0) {
		paragraph(r, T(r, "No messages have been sent to this edition yet."));
		return;
	}
	widget_table_begin(r, "messages-caption", T(r, "Messages sent, newest first"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Sent on"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "To"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Subject in Dutch"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-num\">");
	html_text(b, T(r, "Recipients"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-num\">");
	html_text(b, T(r, "Delivered"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-num\">");
	html_text(b, T(r, "Failed"));
	html_raw(b, "</th><th scope=\"col\" class=\"lwp-num\">");
	html_text(b, T(r, "Waiting"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		char *tail = arena_printf(r->arena, "/berichten/%lld", (long long)list[i].id);
		html_raw(b, "<tr><td><a class=\"nl-link\" href=\"");
		html_attr(b, link_console_edition(r, e->slug, tail));
		html_raw(b, "\">");
		lang_datetime(b, list[i].created_at, r->lang);
		html_raw(b, "</a></td><td>");
		html_text(b, audience_label(r, list[i].audience));
		html_raw(b, "</td><td>");
		html_text(b, list[i].subject_nl);
		html_raw(b, "</td><td class=\"lwp-num\">");
		buf_printf(b, "%d</td><td class=\"lwp-num\">%d</td><td class=\"lwp-num\">%d</td>"
			   "<td class=\"lwp-num\">%d</td></tr>\n", list[i].recipients, list[i].sent,
			   list[i].failed, list[i].pending);
	}
	widget_table_end(r);
}

static void messages_page(struct req *r, const struct edition *e, const struct group_send *m,
			  int shown_preview, const struct field_errors *fe)
{
	struct buf *b = &r->out;
	const struct widget_field *fields = fields_for(r, e);
	console_begin(r, T(r, "Write to a group"), e);
	if (req_query(r, "verstuurd"))
		widget_notice(r, "ok", NULL, T(r, "Your message is in the outbox; the table shows its delivery."));
	if (fe && fe->n)
		widget_error_summary(r, fe, fields, NULL);
	if (shown_preview) {
		html_raw(b, "<section aria-labelledby=\"preview-heading\">\n<h2 class=\"nl-heading nl-heading--level-2\" id=\"preview-heading\">");
		html_text(b, T(r, "Preview"));
		html_raw(b, "</h2>\n");
		html_raw(b, "<p class=\"nl-paragraph\">");
		if (m->subgroup_label) {
			html_text(b, subgroup_label(r, m->subgroup_label));
			html_raw(b, ". ");
		}
		html_fill(b, T(r, "Recipients: {1}."), m->recipients, 0);
		html_raw(b, " ");
		html_fill(b, T(r, "{1} get the Dutch text, {2} the English text."), m->in_dutch,
			  m->in_english);
		html_raw(b, "</p>\n<h3 class=\"nl-heading nl-heading--level-3\">");
		html_text(b, T(r, "In Dutch"));
		html_raw(b, "</h3>\n");
		preview_text(r, "nl", m->subject_nl, m->body_nl);
		html_raw(b, "<h3 class=\"nl-heading nl-heading--level-3\">");
		html_text(b, T(r, "In English"));
		html_raw(b, "</h3>\n");
		preview_text(r, "en", m->subject_en, m->body_en);
		html_raw(b, "</section>\n");
	}
	widget_form_begin(r, link_console_edition(r, e->slug, "/berichten"));
	for (const struct widget_field *f = fields; f->name; f++)
		widget_field(r, f, field(r, f->name), fe);
	html_raw(b, "<p class=\"nl-paragraph\"><button type=\"submit\" name=\"actie\" value=\"voorbeeld\" class=\"utrecht-button utrecht-button--secondary-action\">");
	html_text(b, T(r, "Preview"));
	html_raw(b, "</button> ");
	if (shown_preview) {
		html_raw(b, "<button type=\"submit\" name=\"actie\" value=\"versturen\" class=\"utrecht-button utrecht-button--primary-action utrecht-button--submit\">");
		html_text(b, T(r, "Send"));
		html_raw(b, "</button>");
	}
	html_raw(b, "</p>\n</form>\n");
	html_raw(b, "<h2 class=\"nl-heading nl-heading--level-2\">");
	html_text(b, T(r, "Messages sent"));
	html_raw(b, "</h2>\n");
	message_list(r, e);
	layout_end(r);
}

/* GET /beheer/edities/{slug}/berichten */
void page_console_messages(struct req *r)
{
	messages_page(r, r->edition, NULL, 0, NULL);
}

/* POST /beheer/edities/{slug}/berichten: actie=voorbeeld shows the preview
 * (and only then the send button); actie=versturen sends. */
void page_console_messages_send(struct req *r)
{
	const struct edition *e = r->edition;
	struct group_send m = {
		.slug = e->slug,
		.subject_nl = field(r, "subject_nl"), .body_nl = field(r, "body_nl"),
		.subject_en = field(r, "subject_en"), .body_en = field(r, "body_en"),
		.now = tz_now(),
	};
	LWP_IGNORE(group_target_parse(field(r, "to"), &m.target)); /* the service says why */
	const char *action = field(r, "actie");
	m.preview = !action || strcmp(action, "versturen") != 0;
	struct actor who = auth_actor(r);
	int rc = svc_group_message_send(r->store, r->arena, &who, &m);
	if (rc == LWP_EINVAL) {
		/* The page picks the subgroup in "to": its error belongs there. */
		for (int i = 0; i < m.fe.n; i++)
			if (strcmp(m.fe.items[i].field, "subgroup") == 0)
				m.fe.items[i].field = "to";
		r->status = 422;
		messages_page(r, e, &m, 0, &m.fe);
		return;
	}
	if (rc == LWP_ECONFLICT) {
		struct field_errors fe = {0};
		field_errors_add(&fe, "to", N_("Nobody is in this group yet."));
		r->status = 422;
		messages_page(r, e, &m, 0, &fe);
		return;
	}
	if (rc) {
		unavailable(r);
		return;
	}
	if (m.preview) {
		messages_page(r, e, &m, 1, NULL);
		return;
	}
	char *tail = arena_printf(r->arena, "/berichten/%lld?verstuurd=1", (long long)m.id);
	req_redirect(r, 303, link_console_edition(r, e->slug, tail));
}

static int message_of(struct req *r, struct group_message *m)
{
	long long id;
	if (r->nparams < 2 || parse_int(r->params[1], 1, INT64_MAX, &id))
		return LWP_ENOTFOUND;
	return store_group_message_get(r->store, r->arena, r->edition->id, id, m);
}

/* GET /beheer/edities/{slug}/berichten/{id}: who got it, whose copy failed. */
void page_console_message(struct req *r)
{
	struct group_message m;
	struct message_delivery *list;
	int n, rc = message_of(r, &m);
	if (rc == LWP_ENOTFOUND) {
		req_error(r, 404, "not_found", N_("There is no such message."));
		return;
	}
	if (rc || store_message_deliveries(r->store, r->arena, m.id, &list, &n)) {
		unavailable(r);
		return;
	}
	auth_audit(r, "message.deliveries.read",
		   arena_printf(r->arena, "message:%lld", (long long)m.id), NULL);
	struct buf *b = &r->out;
	console_begin(r, m.subject_nl, r->edition);
	if (req_query(r, "verstuurd"))
		widget_notice(r, "ok", NULL, T(r, "Your message is in the outbox; the table shows its delivery."));
	html_raw(b, "<p class=\"nl-paragraph\">");
	html_text(b, audience_label(r, m.audience));
	html_raw(b, " · ");
	lang_datetime(b, m.created_at, r->lang);
	html_raw(b, " · ");
	html_fill(b, T(r, "Recipients: {1}."), m.recipients, 0);
	html_raw(b, " ");
	html_fill(b, T(r, "Delivered: {1}, failed: {2}."), m.sent, m.failed);
	html_raw(b, "</p>\n");
	preview_text(r, "nl", m.subject_nl, m.body_nl);
	preview_text(r, "en", m.subject_en, m.body_en);
	widget_table_begin(r, "deliveries-caption", T(r, "Delivery per recipient"), 0);
	html_raw(b, "<thead><tr><th scope=\"col\">");
	html_text(b, T(r, "Name"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "E-mail address"));
	html_raw(b, "</th><th scope=\"col\">");
	html_text(b, T(r, "Status"));
	html_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, list[i].to_name ? list[i].to_name : "");
		html_raw(b, "</td><td>");
		html_text(b, list[i].to_addr);
		html_raw(b, "</td><td>");
		if (list[i].sent_at) {
			html_text(b, T(r, "delivered on"));
			html_raw(b, " ");
			lang_datetime(b, list[i].sent_at, r->lang);
		} else if (list[i].last_error) {
			html_text(b, T(r, "failed:"));
			html_raw(b, " ");
			html_text(b, list[i].last_error);
		} else {
			html_text(b, T(r, "waiting to be sent"));
		}
		html_raw(b, "</td></tr>\n");
	}
	widget_table_end(r);
	layout_end(r);
}

/* ---- API */

/* POST /api/v1/manage/editions/{slug}/messages {"to", "subgroup" (with "to":
 * "subgroup"), "subject_nl", "body_nl", "subject_en", "body_en", "preview"} */
void api_console_message_send(struct req *r)
{
	json_error_t jerr;
	if (api_require_json(r))
		return;
	json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc || !json_is_object(doc)) {
		json_decref(doc);
		api_error(r, 400, "bad_json", N_("The body is not a valid JSON object (UTF-8, no duplicate names)."), NULL);
		return;
	}
	struct group_send m = {
		.slug = r->edition->slug,
		.subject_nl = json_string_value(json_object_get(doc, "subject_nl")),
		.body_nl = json_string_value(json_object_get(doc, "body_nl")),
		.subject_en = json_string_value(json_object_get(doc, "subject_en")),
		.body_en = json_string_value(json_object_get(doc, "body_en")),
		.preview = json_is_true(json_object_get(doc, "preview")),
		.now = tz_now(),
	};
	/* "to": "subgroup" with "subgroup": its id or its name (or "to":
	 * "subgroup:ID" as the console's form sends it). */
	LWP_IGNORE(group_target_parse(json_string_value(json_object_get(doc, "to")), &m.target));
	json_t *sub = json_object_get(doc, "subgroup");
	if (m.target.kind == GROUP_SUBGROUP && json_is_integer(sub))
		m.target.subgroup_id = json_integer_value(sub) > 0 ? json_integer_value(sub) : -1;
	else if (m.target.kind == GROUP_SUBGROUP && json_is_string(sub))
		m.target.subgroup_name = json_string_value(sub);
	struct actor who = auth_actor(r);
	int rc = svc_group_message_send(r->store, r->arena, &who, &m);
	json_decref(doc); /* the strings were used inside the call */
	if (rc == LWP_ECONFLICT) {
		api_error(r, 409, "empty_group", N_("Nobody is in this group yet."), NULL);
		return;
	}
	if (rc) {
		api_service_error(r, rc, &m.fe);
		return;
	}
	json_t *out = json_pack("{s:i, s:i, s:i}", "recipients", m.recipients, "in_dutch",
				m.in_dutch, "in_english", m.in_english);
	if (out && m.target.kind == GROUP_SUBGROUP)
		json_object_set_new(out, "subgroup", json_pack("{s:I, s:s}", "id",
				    (json_int_t)m.target.subgroup_id, "name", m.subgroup_label));
	if (out && !m.preview)
		json_object_set_new(out, "id", json_integer(m.id));
	api_send(r, m.preview ? 200 : 201, out);
}

/* GET /api/v1/manage/editions/{slug}/messages/{id} */
void api_console_message_get(struct req *r)
{
	struct group_message m;
	struct message_delivery *list;
	int n, rc = message_of(r, &m);
	if (rc == LWP_ENOTFOUND) {
		api_error(r, 404, "not_found", N_("There is no such message."), NULL);
		return;
	}
	if (rc || store_message_deliveries(r->store, r->arena, m.id, &list, &n)) {
		api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
		return;
	}
	auth_audit(r, "message.deliveries.read",
		   arena_printf(r->arena, "message:%lld", (long long)m.id), "api");
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++) {
		const char *state = list[i].sent_at ? "sent" : list[i].last_error ? "failed" : "pending";
		json_t *o = json_pack("{s:s?, s:s, s:s, s:i, s:s?}", "name", list[i].to_name,
				      "email", list[i].to_addr, "state", state, "attempts",
				      list[i].attempts, "error", list[i].last_error);
		json_array_append_new(items, o);
	}
	int64_t subgroup_id;
	const char *label;
	int kind = group_audience_parse(m.audience, &subgroup_id, &label);
	json_t *doc = !items ? NULL : json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:o}",
					   "id", (json_int_t)m.id, "to",
					   kind >= 0 ? group_kind_code((enum group_kind)kind) : m.audience,
					   "subject_nl", m.subject_nl, "subject_en", m.subject_en,
					   "recipients", m.recipients, "sent", m.sent,
					   "failed", m.failed, "pending", m.pending,
					   "deliveries", items);
	if (doc && kind == GROUP_SUBGROUP)
		json_object_set_new(doc, "subgroup", json_pack("{s:I, s:s}", "id",
				    (json_int_t)subgroup_id, "name", label));
	r->personal = 1;
	api_send(r, 200, doc);
}
