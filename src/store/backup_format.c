/*
 * The backup file format (see backup.h): the tables with each column's
 * type and domain, the reader that checks a file line by line before any
 * of it reaches a database, and the writer that sends each line it writes
 * through a reader, so that a backup restore would refuse is never
 * written. No SQL here: backup.c runs the database side.
 */
#include "store/backup.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "domain/account.h"
#include "domain/model.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Domains of text columns beyond "any UTF-8 text". */
enum domain {
	D_NONE,
	D_ORG_KIND,
	D_THEME,
	D_POLICY,
	D_EDITION_STATUS,
	D_APP_STATUS,
	D_LANG,
	D_ROLE,
	D_STAGE,
	D_VISIBILITY,
	D_ANSWER,
	D_DATE,
	D_INIT_STATUS,
	D_TOKEN_PURPOSE,
	D_CONN_KIND,
};

/* Tables in file order: every reference points to an earlier table, or to
 * the same one (organisations.parent_id). */
enum {
	T_ORGANISATIONS, T_PEOPLE, T_INITIATIVES, T_EDITIONS, T_APPLICATIONS,
	T_APPLICATION_EVENTS, T_OUTBOX, T_USERS, T_USER_ROLES, T_RECOVERY_CODES,
	T_SESSIONS, T_LOGIN_LINKS, T_AUDIT_LOG, T_SELECTION_SETTINGS, T_OFFERS,
	T_LOGIN_LINK_REQUESTS, T_MEETINGS, T_MEETING_DAYS, T_MEETING_FACILITATORS, T_ATTENDANCE,
	T_POLLS, T_POLL_CANDIDATES, T_POLL_INVITEES, T_POLL_ANSWERS, T_CALENDAR_FEEDS,
	T_EDITION_PHASES,
	T_INITIATIVE_OWNERS, T_INITIATIVE_TOKENS, T_CONNECTIONS, T_NETWORK_GENERATION,
		T_SUBGROUP_PLANS, T_SUBGROUPS, T_SUBGROUP_COACHES,
	T_SUBGROUP_MEMBERS, T_SUBGROUP_RULES,
	T_INVOICE_SELLER, T_INVOICE_SETTINGS, T_INVOICE_BILLING, T_INVOICE_NIGHTS, T_INVOICE_MANUAL_LINES, T_INVOICE_SERIES, T_INVOICES, T_INVOICE_LINES, T_OUTBOX_ATTACHMENTS,
	T_PRIVACY_REQUESTS, T_PRIVACY_LINKS, T_EDITION_PRIVACY, T_GROUP_MESSAGES,
	T_COUNT
};

_Static_assert(T_COUNT <= BACKUP_TABLES_MAX, "BACKUP_TABLES_MAX too small");

/* INTEGER columns are 32 bits on PostgreSQL: their ranges stay within. */
struct column {
	const char *name;
	unsigned char is_int;
	unsigned char nullable;
	unsigned char domain;    /* enum domain, text columns */
	unsigned char zero_none; /* integer 0 means "no reference" */
	signed char ref;         /* referenced table (its key column), -1 none */
	int64_t min, max;        /* integer columns */
};

#define C_ID {"id", 1, 0, D_NONE, 0, -1, 1, INT64_MAX}
#define C_REF(n, t) {n, 1, 0, D_NONE, 0, t, 1, INT64_MAX}
#define C_REF_NULL(n, t) {n, 1, 1, D_NONE, 0, t, 1, INT64_MAX}
#define C_REF_ZERO(n, t) {n, 1, 0, D_NONE, 1, t, 0, INT64_MAX}
#define C_INT(n, lo, hi) {n, 1, 0, D_NONE, 0, -1, lo, hi}
#define C_INT_NULL(n, lo, hi) {n, 1, 1, D_NONE, 0, -1, lo, hi}
#define C_TIME(n) {n, 1, 0, D_NONE, 0, -1, INT64_MIN, INT64_MAX}
#define C_TIME_NULL(n) {n, 1, 1, D_NONE, 0, -1, INT64_MIN, INT64_MAX}
#define C_FLAG(n) C_INT(n, 0, 1)
#define C_TEXT(n) {n, 0, 0, D_NONE, 0, -1, 0, 0}
#define C_TEXT_NULL(n) {n, 0, 1, D_NONE, 0, -1, 0, 0}
#define C_ENUM(n, d) {n, 0, 0, d, 0, -1, 0, 0}
#define C_ENUM_NULL(n, d) {n, 0, 1, d, 0, -1, 0, 0}

static const struct column organisations[] = {
	C_ID, C_TEXT("name"), C_TEXT("name_key"), C_ENUM("kind", D_ORG_KIND),
	C_REF_NULL("parent_id", T_ORGANISATIONS), C_TIME("created_at"),
};
static const struct column people[] = {
	C_ID, C_TEXT("name"), C_TEXT("email"), C_TEXT("email_key"),
	C_REF_NULL("organisation_id", T_ORGANISATIONS), C_TEXT_NULL("function"),
	C_TEXT_NULL("phone"), C_ENUM("lang", D_LANG), C_FLAG("consent_directory"),
	C_TIME("created_at"), C_TIME("updated_at"), C_TIME_NULL("anonymised_at"),
};
static const struct column initiatives[] = {
	C_ID, C_TEXT("title"), C_REF("organisation_id", T_ORGANISATIONS),
	C_REF("owner_id", T_PEOPLE), C_ENUM("theme", D_THEME), C_TEXT("tags"),
	C_TEXT("summary"), C_ENUM("stage", D_STAGE), C_TEXT("question"),
	C_ENUM("visibility", D_VISIBILITY), C_TIME("created_at"),
	C_TEXT("lessons"), C_ENUM("status", D_INIT_STATUS), C_TIME("updated_at"),
};
static const struct column editions[] = {
	C_ID, C_TEXT("slug"), C_TEXT("title"), C_TEXT("description"),
	C_INT("capacity", 1, INT32_MAX), C_TIME("deadline"), C_ENUM("policy", D_POLICY),
	C_INT("org_cap", 0, INT32_MAX), C_INT("fee_cents", 0, INT64_MAX),
	C_INT("accommodation_cents", 0, INT64_MAX), C_ENUM_NULL("starts_on", D_DATE),
	C_ENUM_NULL("ends_on", D_DATE), C_INT("guided_months", 0, INT32_MAX),
	C_TEXT_NULL("location"), C_TEXT_NULL("contact_name"), C_TEXT_NULL("contact_email"),
	C_ENUM("status", D_EDITION_STATUS), C_TIME("created_at"),
};
static const struct column applications[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_REF("person_id", T_PEOPLE),
	C_REF("initiative_id", T_INITIATIVES), C_TEXT("email_key"), C_TEXT("motivation"),
	C_TEXT("question"), C_FLAG("eligible"), C_TEXT_NULL("billing_contact"),
	C_TEXT_NULL("billing_address"), C_TEXT_NULL("billing_reference"),
	C_TEXT_NULL("residential_needs"), C_TIME("consent_at"), C_TEXT("consent_version"),
	C_ENUM("status", D_APP_STATUS), C_TEXT("token_hash"), C_TIME("created_at"),
	C_INT("selection_mark", -1, 1), C_INT_NULL("waitlist_rank", 1, INT32_MAX),
	C_TIME_NULL("anonymised_at"),
};
static const struct column application_events[] = {
	C_ID, C_REF("application_id", T_APPLICATIONS), C_ENUM("status", D_APP_STATUS),
	C_TEXT("actor"), C_TEXT_NULL("note"), C_TIME("at"),
};
static const struct column outbox[] = {
	C_ID, C_TEXT("to_addr"), C_TEXT_NULL("to_name"), C_TEXT("subject"),
	C_TEXT("body_text"), C_TEXT("body_html"), C_TIME("created_at"),
	C_INT("attempts", 0, INT32_MAX), C_TIME("next_attempt_at"), C_TIME("claimed_until"),
	C_TIME_NULL("sent_at"), C_TEXT_NULL("last_error"), C_TEXT_NULL("calendar"),
	C_TEXT_NULL("calendar_method"), C_INT_NULL("message_id", 1, INT64_MAX),
};
static const struct column users[] = {
	C_ID, C_TEXT("email"), C_TEXT("email_key"), C_TEXT("name"), C_ENUM("lang", D_LANG),
	C_TEXT_NULL("password_hash"), C_TEXT_NULL("totp_secret"),
	C_INT("totp_last_step", 0, INT64_MAX), C_FLAG("disabled"), C_TIME("created_at"),
};
static const struct column user_roles[] = {
	C_ID, C_REF("user_id", T_USERS), C_ENUM("role", D_ROLE),
	C_REF_ZERO("edition_id", T_EDITIONS),
};
static const struct column recovery_codes[] = {
	C_ID, C_REF("user_id", T_USERS), C_TEXT("code_hash"), C_TIME_NULL("used_at"),
};
static const struct column sessions[] = {
	C_ID, C_TEXT("token_hash"), C_REF("user_id", T_USERS), C_TEXT("csrf"),
	C_FLAG("second_factor"), C_TIME("created_at"), C_TIME("last_seen_at"),
};
static const struct column login_links[] = {
	C_ID, C_TEXT("token_hash"), C_REF("user_id", T_USERS), C_TIME("created_at"),
	C_TIME("expires_at"), C_TIME_NULL("used_at"),
};
static const struct column audit_log[] = {
	C_ID, C_TIME("at"), C_REF_NULL("actor_id", T_USERS), C_TEXT("actor"),
	C_TEXT("action"), C_TEXT_NULL("object"), C_TEXT_NULL("detail"), C_TEXT_NULL("ip"),
};
static const struct column selection_settings[] = {
	C_REF("edition_id", T_EDITIONS), C_INT("w_org", 0, 10), C_INT("w_parent", 0, 10),
	C_INT("w_kind", 0, 10), C_INT("w_theme", 0, 10), C_INT("w_tags", 0, 10),
	C_INT("offer_days", 1, 60),
};
static const struct column offers[] = {
	C_ID, C_REF("application_id", T_APPLICATIONS), C_TEXT("token_hash"),
	C_TIME("created_at"), C_TIME("expires_at"), C_TIME_NULL("answered_at"),
	C_ENUM_NULL("answer", D_ANSWER),
};
static const struct column login_link_requests[] = {
	C_ID, C_TEXT("email"), C_ENUM("lang", D_LANG), C_TIME("created_at"),
};
static const struct column meetings[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_INT_NULL("subgroup_id", 0, INT64_MAX),
	C_TEXT("title"), C_TEXT_NULL("description"), C_TEXT("kind"), C_TEXT_NULL("location"),
	C_FLAG("residential"), C_INT("nights", 0, 14), C_INT("price_per_night_cents", 0, INT64_MAX),
	C_TEXT("status"), C_INT("sequence", 0, INT32_MAX), C_FLAG("network"),
	C_TIME("created_at"), C_TIME("updated_at"),
};
static const struct column meeting_days[] = {
	C_ID, C_REF("meeting_id", T_MEETINGS), C_INT("position", 1, 14), C_ENUM("day", D_DATE),
	C_FLAG("all_day"), C_INT("start_minute", 0, 1440), C_INT("end_minute", 0, 1440),
};
static const struct column meeting_facilitators[] = {
	C_ID, C_REF("meeting_id", T_MEETINGS), C_REF("user_id", T_USERS),
};
static const struct column attendance[] = {
	C_ID, C_REF("meeting_day_id", T_MEETING_DAYS), C_REF("person_id", T_PEOPLE),
	C_TEXT("status"), C_TEXT("recorded_by"), C_TIME("recorded_at"),
};
static const struct column polls[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_INT_NULL("subgroup_id", 0, INT64_MAX),
	C_TEXT("title"), C_TEXT("kind"), C_TEXT_NULL("location"), C_TIME("deadline"),
	C_TEXT("status"), C_REF_NULL("meeting_id", T_MEETINGS), C_INT("picked", -1, 49),
	C_FLAG("lead_told"), C_TEXT("created_by"), C_TIME("created_at"), C_TIME_NULL("closed_at"),
};
static const struct column poll_candidates[] = {
	C_ID, C_REF("poll_id", T_POLLS), C_INT("position", 0, 1000), C_ENUM("first_day", D_DATE),
	C_INT("n_days", 1, 14), C_FLAG("all_day"), C_INT("start_minute", 0, 1440),
	C_INT("end_minute", 0, 1440),
};
static const struct column poll_invitees[] = {
	C_ID, C_REF("poll_id", T_POLLS), C_REF_NULL("person_id", T_PEOPLE),
	C_REF_NULL("user_id", T_USERS), C_TEXT("name"), C_TEXT("email"), C_TEXT("email_key"),
	C_ENUM("lang", D_LANG), C_FLAG("required"), C_TEXT("token_hash"),
	C_TIME_NULL("answered_at"), C_TIME_NULL("reminded_at"),
};
static const struct column poll_answers[] = {
	C_ID, C_REF("invitee_id", T_POLL_INVITEES), C_REF("candidate_id", T_POLL_CANDIDATES),
	C_TEXT("answer"), C_TEXT_NULL("comment"),
};
static const struct column calendar_feeds[] = {
	C_ID, C_TEXT("token_hash"), C_REF_NULL("user_id", T_USERS),
	C_REF_NULL("person_id", T_PEOPLE), C_TIME("created_at"),
};
static const struct column edition_phases[] = {
	C_REF("edition_id", T_EDITIONS), C_ENUM_NULL("network_on", D_DATE),
	C_TIME_NULL("moved_at"), C_TEXT_NULL("moved_by"),
};

static const struct column initiative_owners[] = {
	C_ID, C_REF("initiative_id", T_INITIATIVES), C_REF("person_id", T_PEOPLE),
	C_TIME("created_at"),
};
static const struct column initiative_tokens[] = {
	C_ID, C_REF("initiative_id", T_INITIATIVES), C_ENUM("purpose", D_TOKEN_PURPOSE),
	C_REF("person_id", T_PEOPLE), C_TEXT("token_hash"), C_TIME("created_at"),
	C_TIME("expires_at"), C_TIME_NULL("used_at"),
};
static const struct column connections[] = {
	C_ID, C_REF_NULL("from_initiative_id", T_INITIATIVES), C_REF_NULL("from_person_id", T_PEOPLE),
	C_REF_NULL("to_initiative_id", T_INITIATIVES), C_REF_NULL("to_person_id", T_PEOPLE),
	C_ENUM("kind", D_CONN_KIND), C_TEXT("note"), C_REF("made_by", T_PEOPLE),
	C_TIME("created_at"), C_REF_NULL("confirmed_by", T_PEOPLE), C_TIME_NULL("confirmed_at"),
};
static const struct column network_generation[] = {
	C_ID, C_INT("generation", 0, INT64_MAX),
};

static const struct column subgroup_plans[] = {
	C_REF("edition_id", T_EDITIONS), C_INT("k", 1, 10), C_TEXT("sizes"),
	C_FLAG("org_apart"), C_FLAG("fix_colleagues"), C_FLAG("confirmed"),
	C_TIME_NULL("confirmed_at"), C_TIME("updated_at"),
};
static const struct column subgroups[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_INT("position", 0, 9), C_TEXT("name"),
};
static const struct column subgroup_coaches[] = {
	C_ID, C_REF("subgroup_id", T_SUBGROUPS), C_REF("user_id", T_USERS),
};
static const struct column subgroup_members[] = {
	C_REF("application_id", T_APPLICATIONS), C_REF_NULL("subgroup_id", T_SUBGROUPS),
	C_REF_NULL("proposed_id", T_SUBGROUPS),
};
static const struct column subgroup_rules[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_REF("first_id", T_APPLICATIONS),
	C_REF("second_id", T_APPLICATIONS), C_FLAG("together"),
};

static const struct column invoice_seller[] = {
	C_INT("singleton", INT64_MIN, INT64_MAX), C_TEXT("name"), C_TEXT("address"),
	C_TEXT("postcode"), C_TEXT("city"), C_TEXT("country"), C_TEXT("id_scheme"),
	C_TEXT("party_id"), C_TEXT_NULL("vat_number"), C_TEXT("iban"), C_TEXT_NULL("bic"),
	C_TEXT_NULL("contact_name"), C_TEXT_NULL("contact_phone"), C_TEXT_NULL("contact_email"),
	C_INT("updated_at", INT64_MIN, INT64_MAX),
};
static const struct column invoice_settings[] = {
	C_REF("edition_id", T_EDITIONS), C_TEXT("vat_category"),
	C_INT("vat_rate_bp", INT64_MIN, INT64_MAX), C_TEXT_NULL("exemption_reason"),
	C_TEXT_NULL("exemption_code"), C_INT("residential_nights", INT64_MIN, INT64_MAX),
	C_INT("payment_days", INT64_MIN, INT64_MAX),
};
static const struct column invoice_billing[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_REF("organisation_id", T_ORGANISATIONS),
	C_TEXT("legal_name"), C_TEXT_NULL("address"), C_TEXT_NULL("postcode"), C_TEXT_NULL("city"),
	C_TEXT("id_scheme"), C_TEXT_NULL("party_id"), C_TEXT_NULL("buyer_reference"),
	C_TEXT_NULL("order_reference"), C_TEXT_NULL("contact_name"), C_TEXT_NULL("email"),
	C_INT("updated_at", INT64_MIN, INT64_MAX),
};
static const struct column invoice_nights[] = {
	C_REF("application_id", T_APPLICATIONS), C_INT("nights", INT64_MIN, INT64_MAX),
};
static const struct column invoice_manual_lines[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_REF("organisation_id", T_ORGANISATIONS),
	C_REF_NULL("application_id", T_APPLICATIONS), C_TEXT("description"),
	C_INT("quantity", INT64_MIN, INT64_MAX), C_INT("unit_price_cents", INT64_MIN, INT64_MAX),
	C_TEXT("reason"), C_TEXT("created_by"), C_INT("created_at", INT64_MIN, INT64_MAX),
};
static const struct column invoice_series[] = {
	C_INT("year", INT64_MIN, INT64_MAX), C_INT("last_seq", INT64_MIN, INT64_MAX),
};
static const struct column invoices[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_REF("organisation_id", T_ORGANISATIONS),
	C_TEXT("kind"), C_TEXT("number"), C_INT("year", INT64_MIN, INT64_MAX),
	C_INT("seq", INT64_MIN, INT64_MAX), C_REF_NULL("corrects_id", T_INVOICES),
	C_TEXT_NULL("corrects_number"), C_TEXT("status"), C_INT("credited", INT64_MIN, INT64_MAX),
	C_TEXT("issue_date"), C_TEXT_NULL("due_date"), C_TEXT_NULL("period_start"),
	C_TEXT_NULL("period_end"), C_TEXT_NULL("payment_terms"), C_TEXT_NULL("note"),
	C_TEXT_NULL("token_hash"), C_INT("line_net_cents", INT64_MIN, INT64_MAX),
	C_INT("tax_cents", INT64_MIN, INT64_MAX), C_INT("payable_cents", INT64_MIN, INT64_MAX),
	C_TEXT_NULL("s_name"), C_TEXT_NULL("s_address"), C_TEXT_NULL("s_postcode"),
	C_TEXT_NULL("s_city"), C_TEXT_NULL("s_country"), C_TEXT_NULL("s_scheme"),
	C_TEXT_NULL("s_id"), C_TEXT_NULL("s_vat"), C_TEXT_NULL("s_iban"), C_TEXT_NULL("s_bic"),
	C_INT("s_means", INT64_MIN, INT64_MAX), C_TEXT_NULL("s_contact_name"),
	C_TEXT_NULL("s_contact_phone"), C_TEXT_NULL("s_contact_email"), C_TEXT_NULL("b_name"),
	C_TEXT_NULL("b_address"), C_TEXT_NULL("b_postcode"), C_TEXT_NULL("b_city"),
	C_TEXT_NULL("b_country"), C_TEXT_NULL("b_scheme"), C_TEXT_NULL("b_id"),
	C_TEXT_NULL("b_buyer_reference"), C_TEXT_NULL("b_order_reference"),
	C_TEXT_NULL("b_contact_name"), C_TEXT_NULL("b_email"),
	C_INT("created_at", INT64_MIN, INT64_MAX), C_INT_NULL("sent_at", INT64_MIN, INT64_MAX),
	C_INT_NULL("paid_at", INT64_MIN, INT64_MAX),
};
static const struct column invoice_lines[] = {
	C_ID, C_REF("invoice_id", T_INVOICES), C_INT("position", INT64_MIN, INT64_MAX),
	C_INT("kind", INT64_MIN, INT64_MAX), C_TEXT("description"),
	C_INT("quantity", INT64_MIN, INT64_MAX), C_INT("unit_price_cents", INT64_MIN, INT64_MAX),
	C_INT("net_cents", INT64_MIN, INT64_MAX), C_TEXT("vat_category"),
	C_INT("vat_rate_bp", INT64_MIN, INT64_MAX), C_TEXT_NULL("exemption_reason"),
	C_TEXT_NULL("exemption_code"), C_TEXT_NULL("reason"),
	C_INT_NULL("application_id", INT64_MIN, INT64_MAX),
};
static const struct column outbox_attachments[] = {
	C_ID, C_REF("outbox_id", T_OUTBOX), C_INT("position", INT64_MIN, INT64_MAX), C_TEXT("name"),
	C_TEXT("content_type"), C_TEXT("data_base64"),
};

static const struct column privacy_requests[] = {
	C_ID, C_TEXT("kind"), C_TEXT("email_key"), C_TIME("requested_at"), C_TIME("due_at"),
	C_TEXT("via"), C_TIME_NULL("done_at"), C_REF_NULL("done_by_id", T_USERS),
	C_TEXT_NULL("pseudonym"),
};
static const struct column privacy_links[] = {
	C_ID, C_TEXT("token_hash"), C_TEXT("email_key"), C_TIME("created_at"),
	C_TIME("expires_at"), C_TIME_NULL("used_at"),
};
static const struct column edition_privacy[] = {
	C_REF("edition_id", T_EDITIONS), C_INT("applicant_days", 0, 36500),
	C_INT("participant_days", 0, 36500),
};

static const struct column group_messages[] = {
	C_ID, C_REF("edition_id", T_EDITIONS), C_TEXT("audience"), C_TEXT("subject_nl"),
	C_TEXT("body_nl"), C_TEXT("subject_en"), C_TEXT("body_en"),
	C_REF_NULL("sent_by_id", T_USERS), C_TIME("created_at"),
	C_INT("recipients", 0, INT32_MAX),
};

struct table {
	const char *name;
	const struct column *cols;
	int ncols;
};

#define TABLE(t) {#t, t, (int)(sizeof(t) / sizeof((t)[0]))}
static const struct table tables[T_COUNT] = {
	TABLE(organisations), TABLE(people), TABLE(initiatives), TABLE(editions),
	TABLE(applications), TABLE(application_events), TABLE(outbox), TABLE(users),
	TABLE(user_roles), TABLE(recovery_codes), TABLE(sessions), TABLE(login_links),
	TABLE(audit_log), TABLE(selection_settings), TABLE(offers), TABLE(login_link_requests),
	TABLE(meetings), TABLE(meeting_days), TABLE(meeting_facilitators), TABLE(attendance),
	TABLE(polls), TABLE(poll_candidates), TABLE(poll_invitees), TABLE(poll_answers),
	TABLE(calendar_feeds), TABLE(edition_phases),
	TABLE(initiative_owners), TABLE(initiative_tokens), TABLE(connections),
	TABLE(network_generation),
	TABLE(subgroup_plans), TABLE(subgroups), TABLE(subgroup_coaches), TABLE(subgroup_members),
	TABLE(subgroup_rules),
	TABLE(invoice_seller), TABLE(invoice_settings), TABLE(invoice_billing), TABLE(invoice_nights), TABLE(invoice_manual_lines), TABLE(invoice_series), TABLE(invoices), TABLE(invoice_lines), TABLE(outbox_attachments),
	TABLE(privacy_requests), TABLE(privacy_links), TABLE(edition_privacy),
	TABLE(group_messages),
};

_Static_assert(sizeof(applications) / sizeof(applications[0]) <= BACKUP_COLUMNS_MAX,
	       "BACKUP_COLUMNS_MAX too small");

int backup_table_count(void) { return T_COUNT; }
const char *backup_table_name(int t) { return tables[t].name; }
int backup_column_count(int t) { return tables[t].ncols; }
const char *backup_column_name(int t, int c) { return tables[t].cols[c].name; }
int backup_column_is_int(int t, int c) { return tables[t].cols[c].is_int; }

int backup_table_find(const char *name)
{
	for (int t = 0; name && t < T_COUNT; t++)
		if (strcmp(tables[t].name, name) == 0)
			return t;
	return -1;
}

/* ---- domains */

static const char *const stages[] = {"idea", "started", "running", "evaluated", NULL};
static const char *const visibilities[] = {"public", "network", "private", NULL};
static const char *const answers[] = {"accepted", "declined", "expired", NULL};
static const char *const init_statuses[] = {"pending_email", "pending_owner", "published",
					    "hidden", NULL};
static const char *const token_purposes[] = {"email", "owner", NULL};
static const char *const conn_kinds[] = {"similar", "learned_from", "works_with",
					 "inspired_by", NULL};

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int role_ok(const char *s)
{
	enum role r = role_parse(s);
	return r != 0 && r != ROLE_PUBLIC && r != ROLE_USER;
}

static int domain_ok(enum domain d, const char *s)
{
	int y, m, day;
	switch (d) {
	case D_NONE: return 1;
	case D_ORG_KIND: return org_kind_parse(s) >= 0;
	case D_THEME: return theme_parse(s) >= 0;
	case D_POLICY: return policy_parse(s) >= 0;
	case D_EDITION_STATUS: return edition_status_parse(s) >= 0;
	case D_APP_STATUS: return app_status_parse(s) >= 0;
	case D_LANG: return lang_parse(s) >= 0;
	case D_ROLE: return role_ok(s);
	case D_STAGE: return in_list(stages, s);
	case D_VISIBILITY: return in_list(visibilities, s);
	case D_ANSWER: return in_list(answers, s);
	case D_DATE: return tz_parse_date(s, &y, &m, &day) == 0;
	case D_INIT_STATUS: return in_list(init_statuses, s);
	case D_TOKEN_PURPOSE: return in_list(token_purposes, s);
	case D_CONN_KIND: return in_list(conn_kinds, s);
	}
	return 0;
}

static void list_codes(struct buf *b, const char *(*code)(int), int count)
{
	for (int i = 0; i < count; i++)
		buf_printf(b, "%s%s", i ? ", " : "", code(i));
}

static void list_strings(struct buf *b, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		buf_printf(b, "%s%s", i ? ", " : "", list[i]);
}

static const char *org_kind_at(int i) { return org_kind_code((enum org_kind)i); }
static const char *theme_at(int i) { return theme_code((enum theme)i); }
static const char *policy_at(int i) { return policy_code((enum policy)i); }
static const char *edition_status_at(int i) { return edition_status_code((enum edition_status)i); }
static const char *app_status_at(int i) { return app_status_code((enum app_status)i); }
static const char *lang_at(int i) { return lang_code((enum lang)i); }

/* What a domain takes, for the message ("one of draft, open, ..."). */
static void domain_describe(struct buf *b, enum domain d)
{
	static const enum role roles[] = {ROLE_PARTICIPANT, ROLE_MEMBER, ROLE_COACH,
					  ROLE_LEAD, ROLE_ADMIN};
	if (d == D_DATE) {
		buf_puts(b, "a date YYYY-MM-DD");
		return;
	}
	buf_puts(b, "one of ");
	switch (d) {
	case D_ORG_KIND: list_codes(b, org_kind_at, ORG_KIND_COUNT); break;
	case D_THEME: list_codes(b, theme_at, THEME_COUNT); break;
	case D_POLICY: list_codes(b, policy_at, POLICY_COUNT); break;
	case D_EDITION_STATUS: list_codes(b, edition_status_at, EDITION_STATUS_COUNT); break;
	case D_APP_STATUS: list_codes(b, app_status_at, APP_STATUS_COUNT); break;
	case D_LANG: list_codes(b, lang_at, 2); break;
	case D_ROLE:
		for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
			buf_printf(b, "%s%s", i ? ", " : "", role_code(roles[i]));
		break;
	case D_STAGE: list_strings(b, stages); break;
	case D_VISIBILITY: list_strings(b, visibilities); break;
	case D_ANSWER: list_strings(b, answers); break;
	case D_INIT_STATUS: list_strings(b, init_statuses); break;
	case D_TOKEN_PURPOSE: list_strings(b, token_purposes); break;
	case D_CONN_KIND: list_strings(b, conn_kinds); break;
	default: break;
	}
}

/* ---- reader */

/* The keys seen of one table, ascending (the file's order guarantees it),
 * so membership is a binary search. */
struct idset {
	int64_t *ids;
	size_t n, cap;
};

/* A row whose reference to its own table points forward. */
struct pending {
	int64_t ref;
	long line;
	int col;
};

enum { R_HEADER, R_ROWS, R_DONE, R_FAILED };

struct backup_reader {
	int schema;
	int state;
	int table; /* table of the last row, -1 before the first */
	long line_no;
	long total;
	long rows[T_COUNT];
	struct idset ids[T_COUNT];
	struct pending *pend;
	size_t npend, pend_cap;
	crypto_hash_sha256_state hash;
	json_t *doc; /* the current row's document: owns the texts handed out */
	char msg[BACKUP_MSG_MAX];
};

static int fail(struct backup_reader *r, int table, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Record what is wrong as "line N: table T, column C: ..." and refuse the
 * rest of the file. */
static int fail(struct backup_reader *r, int table, int col, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	buf_init(&b, 4096);
	buf_printf(&b, "line %ld: ", r->line_no);
	if (table >= 0)
		buf_printf(&b, "table %s%s", tables[table].name, col >= 0 ? ", " : ": ");
	if (table >= 0 && col >= 0)
		buf_printf(&b, "column %s: ", tables[table].cols[col].name);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	size_t n = b.len < sizeof(r->msg) - 1 ? b.len : sizeof(r->msg) - 1;
	memcpy(r->msg, b.data ? b.data : "", n);
	r->msg[n] = '\0';
	buf_free(&b);
	r->state = R_FAILED;
	return LWP_EINVAL;
}

int backup_reader_new(int schema, struct backup_reader **out)
{
	struct backup_reader *r = calloc(1, sizeof(*r));
	*out = r;
	if (!r)
		return LWP_ENOMEM;
	r->schema = schema;
	r->table = -1;
	crypto_hash_sha256_init(&r->hash);
	return 0;
}

void backup_reader_free(struct backup_reader *r)
{
	if (!r)
		return;
	for (int t = 0; t < T_COUNT; t++)
		free(r->ids[t].ids);
	free(r->pend);
	json_decref(r->doc);
	free(r);
}

const char *backup_reader_message(const struct backup_reader *r) { return r->msg; }
long backup_reader_line_no(const struct backup_reader *r) { return r->line_no; }
long backup_reader_rows(const struct backup_reader *r) { return r->total; }

static int idset_has(const struct idset *s, int64_t id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->ids[mid] == id)
			return 1;
		if (s->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int idset_add(struct idset *s, int64_t id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		int64_t *p = realloc(s->ids, cap * sizeof(*p));
		if (!p)
			return LWP_ENOMEM;
		s->ids = p;
		s->cap = cap;
	}
	s->ids[s->n++] = id;
	return 0;
}

/* Forward references within the table just finished must now resolve. */
static int check_pending(struct backup_reader *r, int table)
{
	for (size_t i = 0; i < r->npend; i++) {
		if (idset_has(&r->ids[table], r->pend[i].ref))
			continue;
		r->line_no = r->pend[i].line;
		return fail(r, table, r->pend[i].col, "refers to %s id %" PRId64 ", which is not in the backup",
			    tables[table].name, r->pend[i].ref);
	}
	r->npend = 0;
	return 0;
}

static int add_pending(struct backup_reader *r, int64_t ref, int col)
{
	if (r->npend == r->pend_cap) {
		size_t cap = r->pend_cap ? r->pend_cap * 2 : 64;
		struct pending *p = realloc(r->pend, cap * sizeof(*p));
		if (!p)
			return LWP_ENOMEM;
		r->pend = p;
		r->pend_cap = cap;
	}
	r->pend[r->npend++] = (struct pending){ref, r->line_no, col};
	return 0;
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a fractional number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "unknown";
}

/* Check one value against its column; fill out. */
static int check_value(struct backup_reader *r, int t, int c, json_t *v, struct backup_value *out)
{
	const struct column *col = &tables[t].cols[c];
	memset(out, 0, sizeof(*out));
	if (!v)
		return fail(r, t, c, "missing");
	if (json_is_null(v)) {
		if (!col->nullable)
			return fail(r, t, c, "null in a column that is NOT NULL");
		out->null = 1;
		return 0;
	}
	if (col->is_int) {
		if (!json_is_integer(v))
			return fail(r, t, c, "%s where an integer belongs", json_kind(v));
		out->i = json_integer_value(v);
		if (out->i < col->min || out->i > col->max)
			return fail(r, t, c, "%" PRId64 " is outside %" PRId64 "..%" PRId64, out->i,
				    col->min, col->max);
		return 0;
	}
	if (!json_is_string(v))
		return fail(r, t, c, "%s where a text belongs", json_kind(v));
	out->text = json_string_value(v);
	size_t len = json_string_length(v);
	if (strlen(out->text) != len || !utf8_valid(out->text, len))
		return fail(r, t, c, "not a valid UTF-8 text");
	if (!domain_ok(col->domain, out->text)) {
		struct buf want;
		buf_init(&want, 512);
		domain_describe(&want, col->domain);
		int rc = fail(r, t, c, "unknown value; expected %s", buf_cstr(&want));
		buf_free(&want);
		return rc;
	}
	return 0;
}

/* References to earlier tables must exist now; to the same table, by the
 * end of it. */
static int check_refs(struct backup_reader *r, struct backup_row *row)
{
	int t = row->table;
	for (int c = 0; c < tables[t].ncols; c++) {
		const struct column *col = &tables[t].cols[c];
		const struct backup_value *v = &row->v[c];
		if (col->ref < 0 || v->null || (col->zero_none && v->i == 0))
			continue;
		if (col->ref == t && c != 0) {
			if (v->i >= row->v[0].i) {
				row->deferred_col = c;
				int rc = add_pending(r, v->i, c);
				if (rc)
					return rc;
			} else if (!idset_has(&r->ids[t], v->i)) {
				return fail(r, t, c, "refers to %s id %" PRId64 ", which is not in the backup",
					    tables[t].name, v->i);
			}
			continue;
		}
		if (!idset_has(&r->ids[(int)col->ref], v->i))
			return fail(r, t, c, "refers to %s id %" PRId64 ", which is not in the backup",
				    tables[(int)col->ref].name, v->i);
	}
	return 0;
}

static int read_header(struct backup_reader *r, json_t *doc)
{
	json_t *v = json_object_get(doc, "lwp_backup");
	json_t *schema = json_object_get(doc, "schema");
	if (!json_is_integer(v) || !json_is_integer(schema) || json_object_size(doc) != 2)
		return fail(r, -1, -1, "not a backup header ({\"lwp_backup\":%d,\"schema\":N})",
			    BACKUP_FORMAT);
	if (json_integer_value(v) != BACKUP_FORMAT)
		return fail(r, -1, -1, "backup format version %" JSON_INTEGER_FORMAT
			    " (this lwp reads version %d only%s)", json_integer_value(v), BACKUP_FORMAT,
			    json_integer_value(v) == 1 ? ": version 1 has no trailer and cannot be"
			    " proved complete; back up again with this lwp" : "");
	if (json_integer_value(schema) != r->schema)
		return fail(r, -1, -1, "backup of schema version %" JSON_INTEGER_FORMAT
			    ", the database has version %d", json_integer_value(schema), r->schema);
	r->state = R_ROWS;
	return BACKUP_HEADER;
}

static int read_row(struct backup_reader *r, json_t *doc, struct backup_row *row)
{
	json_t *name = json_object_get(doc, "table"), *obj = json_object_get(doc, "row");
	if (!json_is_string(name) || !json_is_object(obj) || json_object_size(doc) != 2)
		return fail(r, -1, -1, "not a row ({\"table\":T,\"row\":{...}})");
	int t = backup_table_find(json_string_value(name));
	if (t < 0)
		return fail(r, -1, -1, "unknown table \"%.64s\"", json_string_value(name));
	if (t < r->table)
		return fail(r, t, -1, "rows of this table after rows of %s (tables are in a fixed order)",
			    tables[r->table].name);
	if (t != r->table && r->table >= 0) {
		int rc = check_pending(r, r->table);
		if (rc)
			return rc;
	}
	r->table = t;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int known = 0;
		for (int c = 0; !known && c < tables[t].ncols; c++)
			known = strcmp(tables[t].cols[c].name, key) == 0;
		if (!known)
			return fail(r, t, -1, "unknown column \"%.64s\"", key);
	}
	memset(row, 0, sizeof(*row));
	row->table = t;
	row->ncols = tables[t].ncols;
	row->deferred_col = -1;
	for (int c = 0; c < tables[t].ncols; c++) {
		int rc = check_value(r, t, c, json_object_get(obj, tables[t].cols[c].name), &row->v[c]);
		if (rc)
			return rc;
	}
	struct idset *ids = &r->ids[t];
	if (ids->n && row->v[0].i <= ids->ids[ids->n - 1])
		return fail(r, t, 0, "key %" PRId64 " after key %" PRId64 " (rows are in ascending"
			    " order of their key, each once)", row->v[0].i, ids->ids[ids->n - 1]);
	int rc = check_refs(r, row);
	if (!rc)
		rc = idset_add(ids, row->v[0].i);
	if (rc)
		return rc == LWP_ENOMEM ? fail(r, t, -1, "out of memory") : rc;
	r->rows[t]++;
	r->total++;
	return BACKUP_ROW;
}

static int read_trailer(struct backup_reader *r, json_t *doc)
{
	json_t *rows = json_object_get(doc, "rows"), *sum = json_object_get(doc, "sha256");
	if (!json_is_integer(json_object_get(doc, "lwp_backup_end")) || !json_is_object(rows) ||
	    !json_is_string(sum) || json_object_size(doc) != 3)
		return fail(r, -1, -1, "not a backup trailer");
	if (json_integer_value(json_object_get(doc, "lwp_backup_end")) != BACKUP_FORMAT)
		return fail(r, -1, -1, "the trailer is of another format version");
	if (r->table >= 0) {
		int rc = check_pending(r, r->table);
		if (rc)
			return rc;
	}
	if (json_object_size(rows) != T_COUNT)
		return fail(r, -1, -1, "the trailer counts %zu tables, the format has %d",
			    json_object_size(rows), T_COUNT);
	for (int t = 0; t < T_COUNT; t++) {
		json_t *n = json_object_get(rows, tables[t].name);
		if (!json_is_integer(n))
			return fail(r, t, -1, "the trailer has no count for this table");
		if (json_integer_value(n) != r->rows[t])
			return fail(r, t, -1, "the trailer counts %" JSON_INTEGER_FORMAT
				    " rows, the file has %ld: rows are missing or added",
				    json_integer_value(n), r->rows[t]);
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256_final(&r->hash, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if (strcmp(hex, json_string_value(sum)) != 0)
		return fail(r, -1, -1, "the checksum does not match: the file was changed or damaged");
	r->state = R_DONE;
	return BACKUP_TRAILER;
}

static int is_trailer(json_t *doc) { return json_object_get(doc, "lwp_backup_end") != NULL; }

int backup_reader_line(struct backup_reader *r, const char *line, size_t len,
		       struct backup_row *row)
{
	if (r->state == R_FAILED)
		return LWP_EINVAL;
	r->line_no++;
	json_decref(r->doc);
	r->doc = NULL;
	if (r->state == R_DONE)
		return fail(r, -1, -1, "a line after the trailer");
	if (len == 0 || line[len - 1] != '\n')
		return fail(r, -1, -1, "cut off (no end of line): the file is incomplete");
	if (len > BACKUP_LINE_MAX)
		return fail(r, -1, -1, "longer than %u bytes", BACKUP_LINE_MAX);
	json_error_t jerr;
	json_t *doc = json_loadb(line, len - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return fail(r, -1, -1, "not JSON (%s at column %d)", jerr.text, jerr.column);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return fail(r, -1, -1, "not a JSON object");
	}
	int rc;
	if (r->state == R_HEADER)
		rc = read_header(r, doc);
	else if (is_trailer(doc))
		rc = read_trailer(r, doc);
	else
		rc = read_row(r, doc, row);
	if (rc == BACKUP_HEADER || rc == BACKUP_ROW)
		crypto_hash_sha256_update(&r->hash, (const unsigned char *)line, len);
	if (rc == BACKUP_ROW)
		r->doc = doc; /* row->v[].text point into it */
	else
		json_decref(doc);
	return rc;
}

int backup_reader_end(struct backup_reader *r)
{
	if (r->state == R_DONE)
		return 0;
	if (r->state == R_FAILED)
		return LWP_EINVAL;
	r->line_no++;
	return fail(r, -1, -1, r->state == R_HEADER ? "the file is empty"
		    : "the file ends without its trailer: the backup is incomplete");
}

/* ---- writer */

struct backup_writer {
	FILE *out;
	struct backup_reader *check;
	crypto_hash_sha256_state hash;
	long rows[T_COUNT];
	char msg[BACKUP_MSG_MAX];
};

const char *backup_writer_message(const struct backup_writer *w) { return w->msg; }

void backup_writer_free(struct backup_writer *w)
{
	if (!w)
		return;
	backup_reader_free(w->check);
	free(w);
}

/* Hash, check with the reader, write: the order restore will see. key
 * names the row in a refusal. */
static int emit(struct backup_writer *w, json_t *doc, int expect, const char *key)
{
	struct buf line;
	struct backup_row row;
	buf_init(&line, BACKUP_LINE_MAX);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	int rc = text ? 0 : LWP_ENOMEM;
	if (!rc && (buf_puts(&line, text) || buf_putc(&line, '\n'))) {
		snprintf(w->msg, sizeof(w->msg), "a line longer than %u bytes", BACKUP_LINE_MAX);
		rc = LWP_EINVAL;
	}
	free(text);
	if (!rc) {
		int kind = backup_reader_line(w->check, line.data, line.len, &row);
		if (kind != expect) {
			snprintf(w->msg, sizeof(w->msg), "%s (in the database%s%s)",
				 backup_reader_message(w->check), key ? ", the row with key " : "",
				 key ? key : "");
			rc = kind < 0 ? kind : LWP_EINVAL;
		}
	}
	if (!rc && expect != BACKUP_TRAILER)
		crypto_hash_sha256_update(&w->hash, (const unsigned char *)line.data, line.len);
	if (!rc && fwrite(line.data, 1, line.len, w->out) != line.len)
		rc = LWP_EIO;
	buf_free(&line);
	return rc;
}

int backup_writer_new(FILE *out, int schema, struct backup_writer **out_w)
{
	struct backup_writer *w = calloc(1, sizeof(*w));
	*out_w = w;
	if (!w)
		return LWP_ENOMEM;
	w->out = out;
	crypto_hash_sha256_init(&w->hash);
	int rc = backup_reader_new(schema, &w->check);
	if (rc)
		return rc;
	json_t *head = json_pack("{s:i, s:i}", "lwp_backup", BACKUP_FORMAT, "schema", schema);
	rc = emit(w, head, BACKUP_HEADER, NULL);
	json_decref(head);
	return rc;
}

/* A whole decimal integer as the database writes it. */
static int parse_integer(const char *s, int64_t *out)
{
	char *end;
	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int backup_writer_row(struct backup_writer *w, int t, const char *const *texts)
{
	json_t *row = json_object();
	int rc = row ? 0 : LWP_ENOMEM;
	for (int c = 0; !rc && c < tables[t].ncols; c++) {
		const struct column *col = &tables[t].cols[c];
		int64_t i;
		json_t *v;
		if (!texts[c]) {
			v = json_null();
		} else if (!col->is_int) {
			v = json_string(texts[c]);
			if (!v && !utf8_valid(texts[c], strlen(texts[c]))) {
				snprintf(w->msg, sizeof(w->msg), "table %s, row %s, column %s: not valid"
					 " UTF-8 in the database", tables[t].name, texts[0], col->name);
				rc = LWP_EINVAL;
			}
		} else if (parse_integer(texts[c], &i) == 0) {
			v = json_integer(i);
		} else {
			snprintf(w->msg, sizeof(w->msg), "table %s, row %s, column %s: the database"
				 " holds a value that is not an integer", tables[t].name,
				 texts[0] ? texts[0] : "?", col->name);
			rc = LWP_EINVAL;
			v = NULL;
		}
		if (!rc && (!v || json_object_set_new(row, col->name, v)))
			rc = LWP_ENOMEM;
	}
	json_t *line = rc ? NULL : json_pack("{s:s, s:O}", "table", tables[t].name, "row", row);
	if (!rc)
		rc = emit(w, line, BACKUP_ROW, texts[0]);
	json_decref(line);
	json_decref(row);
	if (!rc)
		w->rows[t]++;
	return rc;
}

int backup_writer_finish(struct backup_writer *w)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	json_t *rows = json_object();
	int rc = rows ? 0 : LWP_ENOMEM;
	for (int t = 0; !rc && t < T_COUNT; t++)
		if (json_object_set_new(rows, tables[t].name, json_integer(w->rows[t])))
			rc = LWP_ENOMEM;
	crypto_hash_sha256_final(&w->hash, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	json_t *end = rc ? NULL : json_pack("{s:i, s:O, s:s}", "lwp_backup_end", BACKUP_FORMAT,
					    "rows", rows, "sha256", hex);
	if (!rc)
		rc = emit(w, end, BACKUP_TRAILER, NULL);
	json_decref(end);
	json_decref(rows);
	if (!rc && backup_reader_end(w->check))
		rc = LWP_EINVAL;
	if (!rc && fflush(w->out))
		rc = LWP_EIO;
	return rc;
}
