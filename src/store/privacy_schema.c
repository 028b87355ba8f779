/*
 * The privacy classification of the schema (see privacy_schema.h). When a
 * migration adds a table or a column, add it here: a link when its rows
 * are about a person, and every column with what erasure does to it. The
 * HTTP test test_privacy.py compares this list with the live schema of
 * both backends and fails on any column that is not here.
 */
#include "store/privacy_schema.h"
#include "core/lang.h"

#include <string.h>

enum {
	L_PERSON, L_ORGANISATION, L_INITIATIVES, L_APPLICATIONS, L_EVENTS, L_EVENTS_ACTOR,
	L_OFFERS, L_OUTBOX, L_USER, L_ROLES, L_RECOVERY, L_SESSIONS, L_LOGIN_LINKS,
	L_AUDIT_ACTOR, L_AUDIT_ABOUT, L_RATE, L_EDITION_CONTACT, L_REQUESTS, L_DOWNLOAD_LINKS,
	L_COUNT
};

#define R_APPLICANTS N_("per edition: applicants not accepted until the retention period after its end, participants until the longer period (settings per edition)")
#define R_ACCOUNT N_("while the account exists; erased on request")
#define R_SHORT N_("until it expires or is used; removed at erasure")
#define R_AUDIT N_("as long as the audit log; the actor is replaced by a pseudonym at erasure")

const struct pd_link privacy_links[] = {
	[L_PERSON] = {"person", "people", "id = ?", "P", NULL, PR_ANONYMISE,
		      N_("handling applications and running the edition"), R_APPLICANTS, NULL,
		      "consent_directory = 1"},
	[L_ORGANISATION] = {"organisation", "organisations",
			    "id IN (SELECT organisation_id FROM people WHERE id = ?)", "P", NULL,
			    PR_CONTEXT, N_("handling applications and running the edition"), R_APPLICANTS, NULL, NULL},
	[L_INITIATIVES] = {"initiatives", "initiatives", "owner_id = ?", "P", NULL, PR_ANONYMISE,
			   N_("selection of a diverse cohort and the network of initiatives"),
			   R_APPLICANTS, NULL, NULL},
	[L_APPLICATIONS] = {"applications", "applications", "person_id = ?", "P", "id = ?",
			    PR_ANONYMISE, N_("handling applications and running the edition"),
			    R_APPLICANTS, "status = 'accepted'", NULL},
	[L_EVENTS] = {"application_history", "application_events",
		      "application_id IN (SELECT id FROM applications WHERE person_id = ?)", "P",
		      "application_id = ?", PR_ANONYMISE,
		      N_("handling applications and running the edition"), R_APPLICANTS, NULL, NULL},
	[L_EVENTS_ACTOR] = {"application_history_as_actor", "application_events",
			    "lower(actor) = ?", "K", NULL, PR_ANONYMISE,
			    N_("accountability of the leads' decisions"), R_AUDIT, NULL, NULL},
	[L_OFFERS] = {"offers", "offers",
		      "application_id IN (SELECT id FROM applications WHERE person_id = ?)", "P",
		      "application_id = ?", PR_ANONYMISE,
		      N_("offering a freed place to the waiting list"), R_APPLICANTS, NULL, NULL},
	[L_OUTBOX] = {"mail", "outbox", "lower(to_addr) = ?", "K", NULL, PR_DELETE,
		      N_("sending e-mail about the application and the account"),
		      N_("until the edition's retention period; removed at erasure"), NULL, NULL},
	[L_USER] = {"account", "users", "id = ?", "U", NULL, PR_ANONYMISE,
		    N_("signing in to the console and the account"), R_ACCOUNT, NULL, NULL},
	[L_ROLES] = {"roles", "user_roles", "user_id = ?", "U", NULL, PR_DELETE,
		     N_("signing in to the console and the account"), R_ACCOUNT, NULL, NULL},
	[L_RECOVERY] = {"recovery_codes", "recovery_codes", "user_id = ?", "U", NULL, PR_DELETE,
			N_("signing in to the console and the account"), R_ACCOUNT, NULL, NULL},
	[L_SESSIONS] = {"sessions", "sessions", "user_id = ?", "U", NULL, PR_DELETE,
			N_("signing in to the console and the account"), R_SHORT, NULL, NULL},
	[L_LOGIN_LINKS] = {"login_links", "login_links", "user_id = ?", "U", NULL, PR_DELETE,
			   N_("signing in to the console and the account"), R_SHORT, NULL, NULL},
	[L_AUDIT_ACTOR] = {"audit_as_actor", "audit_log", "actor_id = ? OR lower(actor) = ?", "UK",
			   NULL, PR_ANONYMISE, N_("security and accountability (BIO)"), R_AUDIT, NULL, NULL},
	[L_AUDIT_ABOUT] = {"audit_about", "audit_log",
			   "lower(object) = ? OR object = ? OR object = 'person:' || CAST(? AS TEXT)"
			   " OR object IN (SELECT 'application:' || CAST(id AS TEXT)"
			   " FROM applications WHERE person_id = ?)", "KOPP",
			   "object = 'application:' || CAST(? AS TEXT)", PR_ANONYMISE,
			   N_("security and accountability (BIO)"), R_AUDIT, NULL, NULL},
	[L_RATE] = {"rate_limits", "rate_limits",
		    "bucket = 'link:' || ? OR bucket = 'login-account:' || ?", "KK", NULL,
		    PR_DELETE, N_("protection against abuse"), R_SHORT, NULL, NULL},
	[L_EDITION_CONTACT] = {"edition_contact", "editions", "lower(contact_email) = ?", "K", NULL,
			       PR_ANONYMISE, N_("telling applicants whom to contact"),
			       N_("while the edition is shown"), NULL, NULL},
	[L_REQUESTS] = {"privacy_requests", "privacy_requests", "email_key = ?", "K", NULL,
			PR_ANONYMISE, N_("carrying out requests for erasure"),
			N_("the request is kept under a pseudonym as proof that it was carried out"), NULL, NULL},
	[L_DOWNLOAD_LINKS] = {"download_links", "privacy_links", "email_key = ?", "K", NULL,
			      PR_DELETE, N_("confirming a download of one's own data"), R_SHORT, NULL, NULL},
};
const int privacy_link_count = L_COUNT;
_Static_assert(sizeof(privacy_links) / sizeof(privacy_links[0]) == L_COUNT, "links");

/* Categories of data (register). */
#define C_IDENTITY N_("name")
#define C_CONTACT N_("contact details (e-mail address, telephone)")
#define C_WORK N_("work (organisation, function)")
#define C_APPLICATION N_("application (initiative, motivation, question)")
#define C_BILLING N_("billing details")
#define C_NEEDS N_("accommodation and dietary needs")
#define C_CONSENT N_("consents (time and text version)")
#define C_SECURITY N_("account security (password hash, second factor, sessions)")
#define C_AUDIT N_("records of actions (who, what, when, network address)")
#define C_MAIL N_("e-mail messages sent")
#define C_PREF N_("language preference")

/* Shorthands: not personal (optionally exported as context of link l),
 * personal with an erasure, personal and kept. */
#define NP(t, c, l, i) {t, c, l, PE_NONE, NULL, PK_NONE, i, 0, NULL}
#define PD(t, c, l, e, v, k, i, cat) {t, c, l, e, v, k, i, 0, cat}
#define SECRET(t, c, l, e, cat) {t, c, l, e, "NULL", PK_NONE, 0, 1, cat}

const struct pd_column privacy_columns[] = {
	NP("schema_migrations", "version", -1, 1),
	NP("schema_migrations", "description", -1, 0),
	NP("schema_migrations", "applied_at", -1, 1),

	NP("organisations", "id", L_ORGANISATION, 1),
	NP("organisations", "name", L_ORGANISATION, 0),
	NP("organisations", "name_key", -1, 0),
	NP("organisations", "kind", L_ORGANISATION, 0),
	NP("organisations", "parent_id", L_ORGANISATION, 1),
	NP("organisations", "created_at", -1, 1),

	NP("people", "id", L_PERSON, 1),
	PD("people", "name", L_PERSON, PE_PSEUDONYM, NULL, PK_NETWORK, 0, C_IDENTITY),
	PD("people", "email", L_PERSON, PE_SET, "''", PK_NETWORK, 0, C_CONTACT),
	PD("people", "email_key", L_PERSON, PE_UNIQUE, NULL, PK_NETWORK, 0, C_CONTACT),
	PD("people", "organisation_id", L_PERSON, PE_SET, "NULL", PK_NETWORK, 1, C_WORK),
	PD("people", "function", L_PERSON, PE_SET, "NULL", PK_NETWORK, 0, C_WORK),
	PD("people", "phone", L_PERSON, PE_SET, "NULL", PK_NONE, 0, C_CONTACT),
	PD("people", "lang", L_PERSON, PE_SET, "'nl'", PK_NETWORK, 0, C_PREF),
	PD("people", "consent_directory", L_PERSON, PE_SET, "0", PK_NETWORK, 1, C_CONSENT),
	NP("people", "created_at", L_PERSON, 1),
	NP("people", "updated_at", L_PERSON, 1),
	NP("people", "anonymised_at", L_PERSON, 1),

	NP("initiatives", "id", L_INITIATIVES, 1),
	PD("initiatives", "title", L_INITIATIVES, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	NP("initiatives", "organisation_id", L_INITIATIVES, 1),
	PD("initiatives", "owner_id", L_INITIATIVES, PE_KEEP, NULL, PK_NONE, 1, C_APPLICATION),
	NP("initiatives", "theme", L_INITIATIVES, 0),
	NP("initiatives", "tags", L_INITIATIVES, 0),
	PD("initiatives", "summary", L_INITIATIVES, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	NP("initiatives", "stage", L_INITIATIVES, 0),
	PD("initiatives", "question", L_INITIATIVES, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	PD("initiatives", "visibility", L_INITIATIVES, PE_SET, "'private'", PK_NONE, 0, C_CONSENT),
	NP("initiatives", "created_at", L_INITIATIVES, 1),

	NP("editions", "id", -1, 1),
	NP("editions", "slug", L_EDITION_CONTACT, 0),
	NP("editions", "title", -1, 0),
	NP("editions", "description", -1, 0),
	NP("editions", "capacity", -1, 1),
	NP("editions", "deadline", -1, 1),
	NP("editions", "policy", -1, 0),
	NP("editions", "org_cap", -1, 1),
	NP("editions", "fee_cents", -1, 1),
	NP("editions", "accommodation_cents", -1, 1),
	NP("editions", "starts_on", -1, 0),
	NP("editions", "ends_on", -1, 0),
	NP("editions", "guided_months", -1, 1),
	NP("editions", "location", -1, 0),
	PD("editions", "contact_name", L_EDITION_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_IDENTITY),
	PD("editions", "contact_email", L_EDITION_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_CONTACT),
	NP("editions", "status", -1, 0),
	NP("editions", "created_at", -1, 1),

	NP("applications", "id", L_APPLICATIONS, 1),
	NP("applications", "edition_id", L_APPLICATIONS, 1),
	PD("applications", "person_id", L_APPLICATIONS, PE_KEEP, NULL, PK_NONE, 1, C_APPLICATION),
	NP("applications", "initiative_id", L_APPLICATIONS, 1),
	PD("applications", "email_key", L_APPLICATIONS, PE_UNIQUE, NULL, PK_NONE, 0, C_CONTACT),
	PD("applications", "motivation", L_APPLICATIONS, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	PD("applications", "question", L_APPLICATIONS, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	NP("applications", "eligible", L_APPLICATIONS, 1),
	PD("applications", "billing_contact", L_APPLICATIONS, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("applications", "billing_address", L_APPLICATIONS, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("applications", "billing_reference", L_APPLICATIONS, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("applications", "residential_needs", L_APPLICATIONS, PE_SET, "NULL", PK_NONE, 0, C_NEEDS),
	PD("applications", "consent_at", L_APPLICATIONS, PE_KEEP, NULL, PK_NONE, 1, C_CONSENT),
	PD("applications", "consent_version", L_APPLICATIONS, PE_KEEP, NULL, PK_NONE, 0, C_CONSENT),
	NP("applications", "status", L_APPLICATIONS, 0),
	SECRET("applications", "token_hash", L_APPLICATIONS, PE_UNIQUE, C_SECURITY),
	NP("applications", "created_at", L_APPLICATIONS, 1),
	NP("applications", "selection_mark", -1, 1),
	NP("applications", "waitlist_rank", L_APPLICATIONS, 1),
	NP("applications", "anonymised_at", L_APPLICATIONS, 1),

	NP("application_events", "id", -1, 1),
	NP("application_events", "application_id", L_EVENTS, 1),
	NP("application_events", "status", L_EVENTS, 0),
	PD("application_events", "actor", L_EVENTS_ACTOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	PD("application_events", "note", L_EVENTS, PE_SET, "NULL", PK_NONE, 0, C_APPLICATION),
	NP("application_events", "at", L_EVENTS, 1),

	PD("outbox", "to_addr", L_OUTBOX, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	PD("outbox", "to_name", L_OUTBOX, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	PD("outbox", "subject", L_OUTBOX, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	PD("outbox", "body_text", L_OUTBOX, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	SECRET("outbox", "body_html", L_OUTBOX, PE_ROW, C_MAIL),
	NP("outbox", "id", -1, 1),
	NP("outbox", "created_at", L_OUTBOX, 1),
	NP("outbox", "attempts", -1, 1),
	NP("outbox", "next_attempt_at", -1, 1),
	NP("outbox", "claimed_until", -1, 1),
	NP("outbox", "sent_at", L_OUTBOX, 1),
	NP("outbox", "last_error", L_OUTBOX, 0),
	NP("outbox", "message_id", L_OUTBOX, 1),

	NP("users", "id", L_USER, 1),
	PD("users", "email", L_USER, PE_SET, "''", PK_NONE, 0, C_CONTACT),
	PD("users", "email_key", L_USER, PE_UNIQUE, NULL, PK_NONE, 0, C_CONTACT),
	PD("users", "name", L_USER, PE_PSEUDONYM, NULL, PK_NONE, 0, C_IDENTITY),
	PD("users", "lang", L_USER, PE_SET, "'nl'", PK_NONE, 0, C_PREF),
	SECRET("users", "password_hash", L_USER, PE_SET, C_SECURITY),
	SECRET("users", "totp_secret", L_USER, PE_SET, C_SECURITY),
	NP("users", "totp_last_step", -1, 1),
	PD("users", "disabled", L_USER, PE_SET, "1", PK_NONE, 1, C_SECURITY),
	NP("users", "created_at", L_USER, 1),

	NP("user_roles", "id", -1, 1),
	PD("user_roles", "user_id", L_ROLES, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	NP("user_roles", "role", L_ROLES, 0),
	NP("user_roles", "edition_id", L_ROLES, 1),

	NP("recovery_codes", "id", -1, 1),
	PD("recovery_codes", "user_id", L_RECOVERY, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	SECRET("recovery_codes", "code_hash", L_RECOVERY, PE_ROW, C_SECURITY),
	NP("recovery_codes", "used_at", L_RECOVERY, 1),

	NP("sessions", "id", -1, 1),
	SECRET("sessions", "token_hash", L_SESSIONS, PE_ROW, C_SECURITY),
	PD("sessions", "user_id", L_SESSIONS, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	SECRET("sessions", "csrf", L_SESSIONS, PE_ROW, C_SECURITY),
	NP("sessions", "second_factor", L_SESSIONS, 1),
	NP("sessions", "created_at", L_SESSIONS, 1),
	NP("sessions", "last_seen_at", L_SESSIONS, 1),

	NP("login_links", "id", -1, 1),
	SECRET("login_links", "token_hash", L_LOGIN_LINKS, PE_ROW, C_SECURITY),
	PD("login_links", "user_id", L_LOGIN_LINKS, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	NP("login_links", "created_at", L_LOGIN_LINKS, 1),
	NP("login_links", "expires_at", L_LOGIN_LINKS, 1),
	NP("login_links", "used_at", L_LOGIN_LINKS, 1),

	NP("audit_log", "id", -1, 1),
	NP("audit_log", "at", L_AUDIT_ACTOR, 1),
	PD("audit_log", "actor_id", L_AUDIT_ACTOR, PE_KEEP, NULL, PK_NONE, 1, C_AUDIT),
	PD("audit_log", "actor", L_AUDIT_ACTOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	NP("audit_log", "action", L_AUDIT_ACTOR, 0),
	PD("audit_log", "object", L_AUDIT_ABOUT, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	PD("audit_log", "detail", L_AUDIT_ABOUT, PE_SET, "NULL", PK_NONE, 0, C_AUDIT),
	PD("audit_log", "ip", L_AUDIT_ACTOR, PE_SET, "NULL", PK_NONE, 0, C_AUDIT),

	PD("rate_limits", "bucket", L_RATE, PE_ROW, NULL, PK_NONE, 0, C_AUDIT),
	NP("rate_limits", "window_start", L_RATE, 1),
	NP("rate_limits", "hits", L_RATE, 1),

	NP("selection_settings", "edition_id", -1, 1),
	NP("selection_settings", "w_org", -1, 1),
	NP("selection_settings", "w_parent", -1, 1),
	NP("selection_settings", "w_kind", -1, 1),
	NP("selection_settings", "w_theme", -1, 1),
	NP("selection_settings", "w_tags", -1, 1),
	NP("selection_settings", "offer_days", -1, 1),

	NP("offers", "id", -1, 1),
	NP("offers", "application_id", L_OFFERS, 1),
	SECRET("offers", "token_hash", L_OFFERS, PE_UNIQUE, C_SECURITY),
	NP("offers", "created_at", L_OFFERS, 1),
	NP("offers", "expires_at", L_OFFERS, 1),
	NP("offers", "answered_at", L_OFFERS, 1),
	NP("offers", "answer", L_OFFERS, 0),

	NP("privacy_requests", "id", L_REQUESTS, 1),
	NP("privacy_requests", "kind", L_REQUESTS, 0),
	PD("privacy_requests", "email_key", L_REQUESTS, PE_UNIQUE, NULL, PK_NONE, 0, C_CONTACT),
	NP("privacy_requests", "requested_at", L_REQUESTS, 1),
	NP("privacy_requests", "due_at", L_REQUESTS, 1),
	NP("privacy_requests", "via", L_REQUESTS, 0),
	NP("privacy_requests", "done_at", L_REQUESTS, 1),
	NP("privacy_requests", "done_by_id", -1, 1),
	NP("privacy_requests", "pseudonym", -1, 0),

	NP("privacy_links", "id", -1, 1),
	SECRET("privacy_links", "token_hash", L_DOWNLOAD_LINKS, PE_ROW, C_SECURITY),
	PD("privacy_links", "email_key", L_DOWNLOAD_LINKS, PE_ROW, NULL, PK_NONE, 0, C_CONTACT),
	NP("privacy_links", "created_at", L_DOWNLOAD_LINKS, 1),
	NP("privacy_links", "expires_at", L_DOWNLOAD_LINKS, 1),
	NP("privacy_links", "used_at", L_DOWNLOAD_LINKS, 1),

	NP("edition_privacy", "edition_id", -1, 1),
	NP("edition_privacy", "applicant_days", -1, 1),
	NP("edition_privacy", "participant_days", -1, 1),

	/* A lead's message to a group: official correspondence, not about the
	 * recipients (their copies are outbox rows, erased with them). */
	NP("group_messages", "id", -1, 1),
	NP("group_messages", "edition_id", -1, 1),
	NP("group_messages", "audience", -1, 0),
	NP("group_messages", "subject_nl", -1, 0),
	NP("group_messages", "body_nl", -1, 0),
	NP("group_messages", "subject_en", -1, 0),
	NP("group_messages", "body_en", -1, 0),
	NP("group_messages", "sent_by_id", -1, 1),
	NP("group_messages", "created_at", -1, 1),
	NP("group_messages", "recipients", -1, 1),
};
const int privacy_column_count = sizeof(privacy_columns) / sizeof(privacy_columns[0]);

const struct pd_column *privacy_column_find(const char *table, const char *column)
{
	for (int i = 0; i < privacy_column_count; i++)
		if (strcmp(privacy_columns[i].table, table) == 0 &&
		    strcmp(privacy_columns[i].column, column) == 0)
			return &privacy_columns[i];
	return NULL;
}
