/*
 * The processing register (AVG art. 30), generated from the privacy
 * classification (store/privacy_schema.c) and the settings: purposes,
 * categories of people and of data, recipients, retention periods and
 * security measures, as JSON or Markdown. The full classification of
 * every column is part of it, so that a test can compare it with the
 * live schema.
 */
#include "service/privacy.h"
#include "store/privacy_schema.h"
#include "core/buf.h"

#include <string.h>

static const char *const people_categories[] = {
	N_("applicants for an edition (civil servants)"),
	N_("participants of an edition"),
	N_("users of the console: leads, coaches, administrators"),
	N_("contact persons of an edition"),
	NULL,
};
static const char *const recipients[] = {
	N_("the leads and coaches of the edition (console, with an account and a second factor)"),
	N_("the organisation's own mail server, as processor, for the e-mail sent"),
	N_("participants who consented to the network see each other's name, organisation and initiative"),
	N_("no transfer outside the European Economic Area"),
	NULL,
};
static const char *const measures[] = {
	N_("access by role per edition; the console requires a second factor (TOTP)"),
	N_("passwords stored as Argon2id hashes; private links and sessions as hashes of 256-bit tokens"),
	N_("every bulk view or export of personal data is in the audit log (who, what, when, from where)"),
	N_("no personal data in the server's logs"),
	N_("erasure overwrites the data, clears SQLite's free pages and write-ahead log and compacts the database"),
	N_("backups are checked line by line and contain no erased data"),
	N_("rate limits on signing in and applying"),
	NULL,
};

static const char *erase_code(enum pd_erase e)
{
	static const char *const codes[] = {"none", "keep", "set", "pseudonym", "unique", "delete"};
	return codes[e];
}

static const char *keep_code(enum pd_keep k)
{
	return k == PK_TAX ? "tax" : k == PK_NETWORK ? "network" : "none";
}

static json_t *strings(const char *const *list)
{
	json_t *a = json_array();
	for (; a && *list; list++)
		json_array_append_new(a, json_string(*list));
	return a;
}

static json_t *purposes(void)
{
	json_t *out = json_array();
	for (int l = 0; out && l < privacy_link_count; l++) {
		const struct pd_link *k = &privacy_links[l];
		json_t *cats = json_array();
		for (int c = 0; cats && c < privacy_column_count; c++) {
			const struct pd_column *col = &privacy_columns[c];
			if (col->link != l || !col->category)
				continue;
			int seen = 0;
			size_t i;
			json_t *v;
			for (i = 0; i < json_array_size(cats) && (v = json_array_get(cats, i)); i++)
				seen |= strcmp(json_string_value(v), col->category) == 0;
			if (!seen)
				json_array_append_new(cats, json_string(col->category));
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}",
						     "section", k->section, "table", k->table,
						     "purpose", k->purpose, "data", cats,
						     "retention", k->retention, "erasure",
						     k->rows == PR_DELETE ? "deleted"
						     : k->rows == PR_ANONYMISE ? "anonymised"
						     : "kept (not personal)"));
	}
	return out;
}

static json_t *columns(void)
{
	json_t *out = json_array();
	for (int c = 0; out && c < privacy_column_count; c++) {
		const struct pd_column *col = &privacy_columns[c];
		int personal = col->erase != PE_NONE;
		json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:s, s:b}", "table", col->table,
				      "column", col->column, "personal", personal,
				      "erasure", erase_code(col->erase), "kept_for",
				      keep_code(col->keep), "exported",
				      col->link >= 0 && !col->secret);
		if (o && col->link >= 0)
			json_object_set_new(o, "section", json_string(privacy_links[col->link].section));
		if (o && col->category)
			json_object_set_new(o, "category", json_string(col->category));
		json_array_append_new(out, o);
	}
	return out;
}

static json_t *edition_periods(struct store *s, struct arena *a)
{
	struct edition *eds;
	int n;
	json_t *out = json_array();
	if (!out || store_edition_list(s, a, 0, &eds, &n)) {
		json_decref(out);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		struct edition_retention r;
		if (store_edition_retention(s, eds[i].id, &r)) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s, s:i, s:i, s:i}", "edition", eds[i].slug,
						     "applicants_days_after_end", r.applicant_days,
						     "participants_days_after_end", r.participant_days,
						     "billing_days_after_end", RETENTION_TAX_DAYS));
	}
	return out;
}

int svc_privacy_register(struct store *s, struct arena *a, int grace_days, json_t **out)
{
	json_t *periods = edition_periods(s, a);
	if (!periods)
		return LWP_EDB;
	*out = json_pack("{s:s, s:o, s:o, s:o, s:o, s:{s:i, s:i, s:i, s:i, s:o}, s:o}",
			 "controller", "the organisation running the Leerwerkplaats (see the privacy statement)",
			 "categories_of_people", strings(people_categories),
			 "purposes", purposes(), "recipients", strings(recipients),
			 "security_measures", strings(measures), "retention",
			 "erasure_grace_days", grace_days,
			 "default_applicants_days_after_end", RETENTION_APPLICANT_DAYS,
			 "default_participants_days_after_end", RETENTION_PARTICIPANT_DAYS,
			 "billing_days_after_end", RETENTION_TAX_DAYS, "editions", periods,
			 "columns", columns());
	return *out ? 0 : LWP_ENOMEM;
}

static void md_list(struct buf *b, json_t *list)
{
	size_t i;
	json_t *v;
	for (i = 0; i < json_array_size(list) && (v = json_array_get(list, i)); i++)
		buf_printf(b, "- %s\n", json_string_value(v));
	buf_puts(b, "\n");
}

int svc_privacy_register_markdown(json_t *reg, struct buf *b)
{
	size_t i;
	json_t *v;
	buf_puts(b, "# Processing register (AVG article 30)\n\n");
	buf_printf(b, "Controller: %s.\n\n", json_string_value(json_object_get(reg, "controller")));
	buf_puts(b, "## Categories of people\n\n");
	md_list(b, json_object_get(reg, "categories_of_people"));
	buf_puts(b, "## Purposes, data and retention\n\n"
		    "| Data set | Purpose | Categories of data | Retention | At erasure |\n"
		    "| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < json_array_size(json_object_get(reg, "purposes")) && (v = json_array_get(json_object_get(reg, "purposes"), i)); i++) {
		size_t j;
		json_t *c;
		buf_printf(b, "| %s | %s | ", json_string_value(json_object_get(v, "section")),
			   json_string_value(json_object_get(v, "purpose")));
		for (j = 0; j < json_array_size(json_object_get(v, "data")) && (c = json_array_get(json_object_get(v, "data"), j)); j++)
			buf_printf(b, "%s%s", j ? "; " : "", json_string_value(c));
		buf_printf(b, " | %s | %s |\n", json_string_value(json_object_get(v, "retention")),
			   json_string_value(json_object_get(v, "erasure")));
	}
	json_t *r = json_object_get(reg, "retention");
	buf_printf(b, "\n## Retention periods\n\n"
		      "- Erasure on request: carried out by a lead or after %d days.\n"
		      "- Applicants not accepted: %d days after the end of the edition (default).\n"
		      "- Participants: %d days after the end (default); what the network they\n"
		      "  consented to needs stays while the consent lasts.\n"
		      "- Billing details of participants: %d days (tax law, 7 years).\n\n",
		   (int)json_integer_value(json_object_get(r, "erasure_grace_days")),
		   (int)json_integer_value(json_object_get(r, "default_applicants_days_after_end")),
		   (int)json_integer_value(json_object_get(r, "default_participants_days_after_end")),
		   (int)json_integer_value(json_object_get(r, "billing_days_after_end")));
	json_t *eds = json_object_get(r, "editions");
	if (json_array_size(eds)) {
		buf_puts(b, "| Edition | Applicants (days after end) | Participants (days after end) |\n"
			    "| --- | --- | --- |\n");
		for (i = 0; i < json_array_size(eds) && (v = json_array_get(eds, i)); i++)
			buf_printf(b, "| %s | %d | %d |\n",
				   json_string_value(json_object_get(v, "edition")),
				   (int)json_integer_value(json_object_get(v, "applicants_days_after_end")),
				   (int)json_integer_value(json_object_get(v, "participants_days_after_end")));
		buf_puts(b, "\n");
	}
	buf_puts(b, "## Recipients\n\n");
	md_list(b, json_object_get(reg, "recipients"));
	buf_puts(b, "## Security measures (BIO)\n\n");
	md_list(b, json_object_get(reg, "security_measures"));
	buf_puts(b, "## Personal columns\n\n| Table | Column | Category | At erasure | Kept for |\n"
		    "| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < json_array_size(json_object_get(reg, "columns")) && (v = json_array_get(json_object_get(reg, "columns"), i)); i++) {
		if (!json_is_true(json_object_get(v, "personal")))
			continue;
		buf_printf(b, "| %s | %s | %s | %s | %s |\n",
			   json_string_value(json_object_get(v, "table")),
			   json_string_value(json_object_get(v, "column")),
			   json_string_value(json_object_get(v, "category")),
			   json_string_value(json_object_get(v, "erasure")),
			   json_string_value(json_object_get(v, "kept_for")));
	}
	return b->failed ? LWP_ENOMEM : 0;
}
