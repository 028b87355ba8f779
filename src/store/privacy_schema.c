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
	L_OFFERS, L_OUTBOX_ATTACHMENTS, L_OUTBOX, L_USER, L_ROLES, L_RECOVERY, L_SESSIONS, L_LOGIN_LINKS,
	L_AUDIT_ACTOR, L_AUDIT_ABOUT, L_RATE, L_EDITION_CONTACT, L_REQUESTS, L_DOWNLOAD_LINKS,
	/* meetings, polls, calendar (migration 5); poll answers before the
	 * invitees they reference, attachments before their mail */
	L_FACILITATOR, L_ATTENDANCE, L_ATTENDANCE_ACTOR, L_POLL_ANSWERS, L_POLL_INVITEES,
	L_POLL_CREATOR, L_CALENDAR_FEEDS, L_PHASE_ACTOR,
	/* subgroups (migration 6) */
	L_COACHES, L_MEMBERS, L_RULES,
	/* invoices (migration 7) */
	L_SELLER_CONTACT, L_BILLING_CONTACT, L_NIGHTS, L_MANUAL_LINES, L_MANUAL_ACTOR,
	L_INVOICE_BUYER, L_INVOICE_SELLER, L_INVOICE_LINES,
	/* network (migration 8) */
	L_INITIATIVE_OWNERS, L_INITIATIVE_TOKENS, L_CONNECTIONS, L_CONNECTIONS_MADE,
	/* sign-in links asked for (migration 10) */
	L_LINK_REQUESTS,
	L_COUNT
};

#define R_APPLICANTS N_("per edition: applicants not accepted until the retention period after its end, participants until the longer period (settings per edition)")
#define R_ACCOUNT N_("while the account exists; erased on request")
#define R_SHORT N_("until it expires or is used; removed at erasure")
#define R_AUDIT N_("as long as the audit log; the actor is replaced by a pseudonym at erasure")
#define P_EDITION N_("handling applications and running the edition")
#define P_NETWORK N_("selection of a diverse cohort and the network of initiatives")
#define P_ACCOUNT N_("signing in to the console and the account")
#define P_ACTOR N_("accountability of the leads' decisions")
#define R_MAIL N_("until the edition's retention period; removed at erasure")
/* The applications of the person, and their rows in a table keyed by
 * application_id. */
#define APPS_OF "(SELECT id FROM applications WHERE person_id = ?)"
/* Invoices that were issued (not drafts) are kept for tax law. */
#define ISSUED "status <> 'draft'"

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
	[L_OUTBOX_ATTACHMENTS] = {"mail_attachments", "outbox_attachments",
				  "outbox_id IN (SELECT id FROM outbox WHERE lower(to_addr) = ?)", "K",
				  NULL, PR_DELETE,
				  N_("sending e-mail about the application and the account"), R_MAIL,
				  NULL, NULL},
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
		    "bucket = 'link:' || ? OR bucket = 'login-account:' || ?"
		    /* login-account-ip:<key>|<ip> (web/auth.c) */
		    " OR substr(bucket, 1, length(CAST(? AS TEXT)) + 18) = 'login-account-ip:' || ? || '|'",
		    "KKKK", NULL,
		    PR_DELETE, N_("protection against abuse"), R_SHORT, NULL, NULL},
	[L_EDITION_CONTACT] = {"edition_contact", "editions", "lower(contact_email) = ?", "K", NULL,
			       PR_ANONYMISE, N_("telling applicants whom to contact"),
			       N_("while the edition is shown"), NULL, NULL},
	[L_REQUESTS] = {"privacy_requests", "privacy_requests", "email_key = ?", "K", NULL,
			PR_ANONYMISE, N_("carrying out requests for erasure"),
			N_("the request is kept under a pseudonym as proof that it was carried out"), NULL, NULL},
	[L_DOWNLOAD_LINKS] = {"download_links", "privacy_links", "email_key = ?", "K", NULL,
			      PR_DELETE, N_("confirming a download of one's own data"), R_SHORT, NULL, NULL},

	[L_FACILITATOR] = {"meetings_facilitated", "meeting_facilitators", "user_id = ?", "U", NULL,
			   PR_DELETE, P_EDITION, R_ACCOUNT, NULL, NULL},
	[L_ATTENDANCE] = {"attendance", "attendance", "person_id = ?", "P", NULL, PR_DELETE,
			  P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_ATTENDANCE_ACTOR] = {"attendance_as_recorder", "attendance", "lower(recorded_by) = ?", "K",
				NULL, PR_ANONYMISE, P_ACTOR, R_AUDIT, NULL, NULL},
	[L_POLL_ANSWERS] = {"poll_answers", "poll_answers",
			    "invitee_id IN (SELECT id FROM poll_invitees"
			    " WHERE person_id = ? OR user_id = ? OR email_key = ?)", "PUK", NULL,
			    PR_DELETE, P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_POLL_INVITEES] = {"poll_invitations", "poll_invitees",
			     "person_id = ? OR user_id = ? OR email_key = ?", "PUK", NULL, PR_DELETE,
			     P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_POLL_CREATOR] = {"polls_created", "polls", "lower(created_by) = ?", "K", NULL,
			    PR_ANONYMISE, P_ACTOR, R_AUDIT, NULL, NULL},
	[L_CALENDAR_FEEDS] = {"calendar_feeds", "calendar_feeds", "person_id = ? OR user_id = ?", "PU",
			      NULL, PR_DELETE, P_EDITION, R_ACCOUNT, NULL, NULL},
	[L_PHASE_ACTOR] = {"edition_phases_moved", "edition_phases", "lower(moved_by) = ?", "K", NULL,
			   PR_ANONYMISE, P_ACTOR, R_AUDIT, NULL, NULL},

	[L_COACHES] = {"subgroups_coached", "subgroup_coaches", "user_id = ?", "U", NULL, PR_DELETE,
		       P_EDITION, R_ACCOUNT, NULL, NULL},
	[L_MEMBERS] = {"subgroup_membership", "subgroup_members", "application_id IN " APPS_OF, "P",
		       "application_id = ?", PR_DELETE, P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_RULES] = {"subgroup_rules", "subgroup_rules",
		     "first_id IN " APPS_OF " OR second_id IN " APPS_OF, "PP",
		     "? IN (first_id, second_id)", PR_DELETE, P_EDITION,
		     R_APPLICANTS, NULL, NULL},

	[L_SELLER_CONTACT] = {"invoice_seller_contact", "invoice_seller", "lower(contact_email) = ?",
			      "K", NULL, PR_ANONYMISE, P_EDITION, R_ACCOUNT, NULL, NULL},
	[L_BILLING_CONTACT] = {"billing_contact", "invoice_billing", "lower(email) = ?", "K", NULL,
			       PR_ANONYMISE, P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_NIGHTS] = {"invoice_nights", "invoice_nights", "application_id IN " APPS_OF, "P",
		      "application_id = ?", PR_ANONYMISE, P_EDITION, R_APPLICANTS, NULL, NULL},
	[L_MANUAL_LINES] = {"invoice_charges", "invoice_manual_lines", "application_id IN " APPS_OF,
			    "P", "application_id = ?", PR_ANONYMISE, P_EDITION, R_APPLICANTS, NULL,
			    NULL},
	[L_MANUAL_ACTOR] = {"invoice_charges_created", "invoice_manual_lines",
			    "lower(created_by) = ?", "K", NULL, PR_ANONYMISE, P_ACTOR, R_AUDIT, NULL,
			    NULL},
	[L_INVOICE_BUYER] = {"invoices_as_buyer_contact", "invoices", "lower(b_email) = ?", "K", NULL,
			     PR_ANONYMISE, P_EDITION, R_APPLICANTS, ISSUED, NULL},
	[L_INVOICE_SELLER] = {"invoices_as_seller_contact", "invoices", "lower(s_contact_email) = ?",
			      "K", NULL, PR_ANONYMISE, P_EDITION, R_APPLICANTS, ISSUED, NULL},
	[L_INVOICE_LINES] = {"invoice_lines", "invoice_lines", "application_id IN " APPS_OF, "P",
			     "application_id = ?", PR_ANONYMISE, P_EDITION, R_APPLICANTS,
			     "invoice_id IN (SELECT id FROM invoices WHERE " ISSUED ")", NULL},

	[L_INITIATIVE_OWNERS] = {"initiatives_co_owned", "initiative_owners", "person_id = ?", "P",
				 NULL, PR_DELETE, P_NETWORK, R_APPLICANTS, NULL, NULL},
	[L_INITIATIVE_TOKENS] = {"nomination_links", "initiative_tokens", "person_id = ?", "P", NULL,
				 PR_DELETE, P_NETWORK, R_SHORT, NULL, NULL},
	[L_CONNECTIONS] = {"connections", "connections", "from_person_id = ? OR to_person_id = ?",
			   "PP", NULL, PR_DELETE, P_NETWORK, R_APPLICANTS, NULL, NULL},
	[L_CONNECTIONS_MADE] = {"connections_made", "connections",
				"made_by = ? OR confirmed_by = ?", "PP", NULL, PR_ANONYMISE, P_NETWORK,
				R_APPLICANTS, NULL, NULL},

	[L_LINK_REQUESTS] = {"login_link_requests", "login_link_requests", "lower(email) = ?", "K",
			     NULL, PR_DELETE, P_ACCOUNT, R_SHORT, NULL, NULL},
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
	PD("initiatives", "lessons", L_INITIATIVES, PE_SET, "''", PK_NONE, 0, C_APPLICATION),
	NP("initiatives", "status", L_INITIATIVES, 0),
	NP("initiatives", "updated_at", L_INITIATIVES, 1),

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
	PD("outbox", "calendar", L_OUTBOX, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	NP("outbox", "calendar_method", L_OUTBOX, 0),

	/* Attachments of a mail (invoices): deleted with the mail. */
	NP("outbox_attachments", "id", -1, 1),
	NP("outbox_attachments", "outbox_id", L_OUTBOX_ATTACHMENTS, 1),
	NP("outbox_attachments", "position", -1, 1),
	PD("outbox_attachments", "name", L_OUTBOX_ATTACHMENTS, PE_ROW, NULL, PK_NONE, 0, C_MAIL),
	NP("outbox_attachments", "content_type", L_OUTBOX_ATTACHMENTS, 0),
	SECRET("outbox_attachments", "data_base64", L_OUTBOX_ATTACHMENTS, PE_ROW, C_MAIL),

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

	/* Meetings (migration 5): the meetings, their days and the polls are
	 * the edition's programme, not about a person; facilitators,
	 * attendance, invitations, answers and calendar feeds are. The actor
	 * columns (recorded_by, created_by, moved_by) hold who did it, like
	 * application_events.actor: a pseudonym at erasure. */
	NP("meetings", "id", -1, 1),
	NP("meetings", "edition_id", -1, 1),
	NP("meetings", "subgroup_id", -1, 1),
	NP("meetings", "title", -1, 0),
	NP("meetings", "description", -1, 0),
	NP("meetings", "kind", -1, 0),
	NP("meetings", "location", -1, 0),
	NP("meetings", "residential", -1, 1),
	NP("meetings", "nights", -1, 1),
	NP("meetings", "price_per_night_cents", -1, 1),
	NP("meetings", "status", -1, 0),
	NP("meetings", "sequence", -1, 1),
	NP("meetings", "network", -1, 1),
	NP("meetings", "created_at", -1, 1),
	NP("meetings", "updated_at", -1, 1),

	NP("meeting_days", "id", -1, 1),
	NP("meeting_days", "meeting_id", -1, 1),
	NP("meeting_days", "position", -1, 1),
	NP("meeting_days", "day", -1, 0),
	NP("meeting_days", "all_day", -1, 1),
	NP("meeting_days", "start_minute", -1, 1),
	NP("meeting_days", "end_minute", -1, 1),

	NP("meeting_facilitators", "id", -1, 1),
	NP("meeting_facilitators", "meeting_id", L_FACILITATOR, 1),
	PD("meeting_facilitators", "user_id", L_FACILITATOR, PE_ROW, NULL, PK_NONE, 1, C_WORK),

	NP("attendance", "id", -1, 1),
	NP("attendance", "meeting_day_id", L_ATTENDANCE, 1),
	PD("attendance", "person_id", L_ATTENDANCE, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("attendance", "status", L_ATTENDANCE, PE_ROW, NULL, PK_NONE, 0, C_APPLICATION),
	PD("attendance", "recorded_by", L_ATTENDANCE_ACTOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	NP("attendance", "recorded_at", L_ATTENDANCE, 1),

	NP("polls", "id", -1, 1),
	NP("polls", "edition_id", -1, 1),
	NP("polls", "subgroup_id", -1, 1),
	NP("polls", "title", L_POLL_CREATOR, 0),
	NP("polls", "kind", -1, 0),
	NP("polls", "location", -1, 0),
	NP("polls", "deadline", -1, 1),
	NP("polls", "status", -1, 0),
	NP("polls", "meeting_id", -1, 1),
	NP("polls", "picked", -1, 1),
	NP("polls", "lead_told", -1, 1),
	PD("polls", "created_by", L_POLL_CREATOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	NP("polls", "created_at", L_POLL_CREATOR, 1),
	NP("polls", "closed_at", -1, 1),

	NP("poll_candidates", "id", -1, 1),
	NP("poll_candidates", "poll_id", -1, 1),
	NP("poll_candidates", "position", -1, 1),
	NP("poll_candidates", "first_day", -1, 0),
	NP("poll_candidates", "n_days", -1, 1),
	NP("poll_candidates", "all_day", -1, 1),
	NP("poll_candidates", "start_minute", -1, 1),
	NP("poll_candidates", "end_minute", -1, 1),

	NP("poll_invitees", "id", L_POLL_INVITEES, 1),
	NP("poll_invitees", "poll_id", L_POLL_INVITEES, 1),
	PD("poll_invitees", "person_id", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("poll_invitees", "user_id", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("poll_invitees", "name", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 0, C_IDENTITY),
	PD("poll_invitees", "email", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 0, C_CONTACT),
	PD("poll_invitees", "email_key", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 0, C_CONTACT),
	PD("poll_invitees", "lang", L_POLL_INVITEES, PE_ROW, NULL, PK_NONE, 0, C_PREF),
	NP("poll_invitees", "required", L_POLL_INVITEES, 1),
	SECRET("poll_invitees", "token_hash", L_POLL_INVITEES, PE_ROW, C_SECURITY),
	NP("poll_invitees", "answered_at", L_POLL_INVITEES, 1),
	NP("poll_invitees", "reminded_at", L_POLL_INVITEES, 1),

	NP("poll_answers", "id", -1, 1),
	NP("poll_answers", "invitee_id", L_POLL_ANSWERS, 1),
	NP("poll_answers", "candidate_id", L_POLL_ANSWERS, 1),
	PD("poll_answers", "answer", L_POLL_ANSWERS, PE_ROW, NULL, PK_NONE, 0, C_APPLICATION),
	PD("poll_answers", "comment", L_POLL_ANSWERS, PE_ROW, NULL, PK_NONE, 0, C_APPLICATION),

	NP("calendar_feeds", "id", -1, 1),
	SECRET("calendar_feeds", "token_hash", L_CALENDAR_FEEDS, PE_ROW, C_SECURITY),
	PD("calendar_feeds", "user_id", L_CALENDAR_FEEDS, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	PD("calendar_feeds", "person_id", L_CALENDAR_FEEDS, PE_ROW, NULL, PK_NONE, 1, C_SECURITY),
	NP("calendar_feeds", "created_at", L_CALENDAR_FEEDS, 1),

	NP("edition_phases", "edition_id", L_PHASE_ACTOR, 1),
	NP("edition_phases", "network_on", -1, 0),
	NP("edition_phases", "moved_at", L_PHASE_ACTOR, 1),
	PD("edition_phases", "moved_by", L_PHASE_ACTOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),

	/* Subgroups (migration 6): the plan and the groups are the edition's;
	 * coaches, members and the lead's apart/together rules are about a
	 * person (their application). */
	NP("subgroup_plans", "edition_id", -1, 1),
	NP("subgroup_plans", "k", -1, 1),
	NP("subgroup_plans", "sizes", -1, 0),
	NP("subgroup_plans", "org_apart", -1, 1),
	NP("subgroup_plans", "fix_colleagues", -1, 1),
	NP("subgroup_plans", "confirmed", -1, 1),
	NP("subgroup_plans", "confirmed_at", -1, 1),
	NP("subgroup_plans", "updated_at", -1, 1),

	NP("subgroups", "id", -1, 1),
	NP("subgroups", "edition_id", -1, 1),
	NP("subgroups", "position", -1, 1),
	NP("subgroups", "name", -1, 0),

	NP("subgroup_coaches", "id", -1, 1),
	NP("subgroup_coaches", "subgroup_id", L_COACHES, 1),
	PD("subgroup_coaches", "user_id", L_COACHES, PE_ROW, NULL, PK_NONE, 1, C_WORK),

	PD("subgroup_members", "application_id", L_MEMBERS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("subgroup_members", "subgroup_id", L_MEMBERS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("subgroup_members", "proposed_id", L_MEMBERS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),

	NP("subgroup_rules", "id", -1, 1),
	NP("subgroup_rules", "edition_id", L_RULES, 1),
	PD("subgroup_rules", "first_id", L_RULES, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("subgroup_rules", "second_id", L_RULES, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	PD("subgroup_rules", "together", L_RULES, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),

	/* Invoices (migration 7): the seller's and organisations' data are not
	 * a person's, except the named contacts (name, e-mail, telephone).
	 * Issued invoices and their lines are kept for tax law (7 years,
	 * PK_TAX): erasure keeps their contacts and the participant's name in
	 * a line, the tax retention removes them; drafts are anonymised. The
	 * billing data of an organisation is only the template of its next
	 * invoice (each invoice keeps its own copy): its contact is erased. */
	NP("invoice_seller", "singleton", -1, 1),
	NP("invoice_seller", "name", -1, 0),
	NP("invoice_seller", "address", -1, 0),
	NP("invoice_seller", "postcode", -1, 0),
	NP("invoice_seller", "city", -1, 0),
	NP("invoice_seller", "country", -1, 0),
	NP("invoice_seller", "id_scheme", -1, 0),
	NP("invoice_seller", "party_id", -1, 0),
	NP("invoice_seller", "vat_number", -1, 0),
	NP("invoice_seller", "iban", -1, 0),
	NP("invoice_seller", "bic", -1, 0),
	PD("invoice_seller", "contact_name", L_SELLER_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_IDENTITY),
	PD("invoice_seller", "contact_phone", L_SELLER_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_CONTACT),
	PD("invoice_seller", "contact_email", L_SELLER_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_CONTACT),
	NP("invoice_seller", "updated_at", L_SELLER_CONTACT, 1),

	NP("invoice_settings", "edition_id", -1, 1),
	NP("invoice_settings", "vat_category", -1, 0),
	NP("invoice_settings", "vat_rate_bp", -1, 1),
	NP("invoice_settings", "exemption_reason", -1, 0),
	NP("invoice_settings", "exemption_code", -1, 0),
	NP("invoice_settings", "residential_nights", -1, 1),
	NP("invoice_settings", "payment_days", -1, 1),

	NP("invoice_billing", "id", -1, 1),
	NP("invoice_billing", "edition_id", L_BILLING_CONTACT, 1),
	NP("invoice_billing", "organisation_id", L_BILLING_CONTACT, 1),
	NP("invoice_billing", "legal_name", L_BILLING_CONTACT, 0),
	NP("invoice_billing", "address", -1, 0),
	NP("invoice_billing", "postcode", -1, 0),
	NP("invoice_billing", "city", -1, 0),
	NP("invoice_billing", "id_scheme", -1, 0),
	NP("invoice_billing", "party_id", -1, 0),
	NP("invoice_billing", "buyer_reference", -1, 0),
	NP("invoice_billing", "order_reference", -1, 0),
	PD("invoice_billing", "contact_name", L_BILLING_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_BILLING),
	PD("invoice_billing", "email", L_BILLING_CONTACT, PE_SET, "NULL", PK_NONE, 0, C_BILLING),
	NP("invoice_billing", "updated_at", L_BILLING_CONTACT, 1),

	PD("invoice_nights", "application_id", L_NIGHTS, PE_KEEP, NULL, PK_NONE, 1, C_BILLING),
	PD("invoice_nights", "nights", L_NIGHTS, PE_KEEP, NULL, PK_NONE, 1, C_BILLING),

	NP("invoice_manual_lines", "id", -1, 1),
	NP("invoice_manual_lines", "edition_id", -1, 1),
	NP("invoice_manual_lines", "organisation_id", -1, 1),
	PD("invoice_manual_lines", "application_id", L_MANUAL_LINES, PE_KEEP, NULL, PK_NONE, 1, C_BILLING),
	NP("invoice_manual_lines", "description", L_MANUAL_LINES, 0),
	NP("invoice_manual_lines", "quantity", L_MANUAL_LINES, 1),
	NP("invoice_manual_lines", "unit_price_cents", L_MANUAL_LINES, 1),
	NP("invoice_manual_lines", "reason", L_MANUAL_LINES, 0),
	PD("invoice_manual_lines", "created_by", L_MANUAL_ACTOR, PE_PSEUDONYM, NULL, PK_NONE, 0, C_AUDIT),
	NP("invoice_manual_lines", "created_at", L_MANUAL_LINES, 1),

	NP("invoice_series", "year", -1, 1),
	NP("invoice_series", "last_seq", -1, 1),

	NP("invoices", "id", -1, 1),
	NP("invoices", "edition_id", -1, 1),
	NP("invoices", "organisation_id", -1, 1),
	NP("invoices", "kind", -1, 0),
	NP("invoices", "number", L_INVOICE_BUYER, 0),
	NP("invoices", "year", -1, 1),
	NP("invoices", "seq", -1, 1),
	NP("invoices", "corrects_id", -1, 1),
	NP("invoices", "corrects_number", -1, 0),
	NP("invoices", "status", -1, 0),
	NP("invoices", "credited", -1, 1),
	NP("invoices", "issue_date", L_INVOICE_BUYER, 0),
	NP("invoices", "due_date", -1, 0),
	NP("invoices", "period_start", -1, 0),
	NP("invoices", "period_end", -1, 0),
	NP("invoices", "payment_terms", -1, 0),
	NP("invoices", "note", -1, 0),
	NP("invoices", "token_hash", -1, 0),
	NP("invoices", "line_net_cents", -1, 1),
	NP("invoices", "tax_cents", -1, 1),
	NP("invoices", "payable_cents", -1, 1),
	NP("invoices", "s_name", -1, 0),
	NP("invoices", "s_address", -1, 0),
	NP("invoices", "s_postcode", -1, 0),
	NP("invoices", "s_city", -1, 0),
	NP("invoices", "s_country", -1, 0),
	NP("invoices", "s_scheme", -1, 0),
	NP("invoices", "s_id", -1, 0),
	NP("invoices", "s_vat", -1, 0),
	NP("invoices", "s_iban", -1, 0),
	NP("invoices", "s_bic", -1, 0),
	NP("invoices", "s_means", -1, 1),
	PD("invoices", "s_contact_name", L_INVOICE_SELLER, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("invoices", "s_contact_phone", L_INVOICE_SELLER, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("invoices", "s_contact_email", L_INVOICE_SELLER, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	NP("invoices", "b_name", L_INVOICE_BUYER, 0),
	NP("invoices", "b_address", -1, 0),
	NP("invoices", "b_postcode", -1, 0),
	NP("invoices", "b_city", -1, 0),
	NP("invoices", "b_country", -1, 0),
	NP("invoices", "b_scheme", -1, 0),
	NP("invoices", "b_id", -1, 0),
	NP("invoices", "b_buyer_reference", -1, 0),
	NP("invoices", "b_order_reference", -1, 0),
	PD("invoices", "b_contact_name", L_INVOICE_BUYER, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	PD("invoices", "b_email", L_INVOICE_BUYER, PE_SET, "NULL", PK_TAX, 0, C_BILLING),
	NP("invoices", "created_at", -1, 1),
	NP("invoices", "sent_at", -1, 1),
	NP("invoices", "paid_at", -1, 1),

	NP("invoice_lines", "id", -1, 1),
	NP("invoice_lines", "invoice_id", L_INVOICE_LINES, 1),
	NP("invoice_lines", "position", -1, 1),
	NP("invoice_lines", "kind", -1, 1),
	PD("invoice_lines", "description", L_INVOICE_LINES, PE_SET, "''", PK_TAX, 0, C_BILLING),
	NP("invoice_lines", "quantity", L_INVOICE_LINES, 1),
	NP("invoice_lines", "unit_price_cents", L_INVOICE_LINES, 1),
	NP("invoice_lines", "net_cents", L_INVOICE_LINES, 1),
	NP("invoice_lines", "vat_category", -1, 0),
	NP("invoice_lines", "vat_rate_bp", -1, 1),
	NP("invoice_lines", "exemption_reason", -1, 0),
	NP("invoice_lines", "exemption_code", -1, 0),
	NP("invoice_lines", "reason", L_INVOICE_LINES, 0),
	PD("invoice_lines", "application_id", L_INVOICE_LINES, PE_KEEP, NULL, PK_NONE, 1, C_BILLING),

	/* Network (migration 8): co-ownership, nomination links and
	 * connections of a person are deleted; a connection they made or
	 * confirmed between others keeps the reference to the anonymised
	 * person. The generation counter is bookkeeping. */
	NP("initiative_owners", "id", -1, 1),
	NP("initiative_owners", "initiative_id", L_INITIATIVE_OWNERS, 1),
	PD("initiative_owners", "person_id", L_INITIATIVE_OWNERS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	NP("initiative_owners", "created_at", L_INITIATIVE_OWNERS, 1),

	NP("initiative_tokens", "id", -1, 1),
	NP("initiative_tokens", "initiative_id", L_INITIATIVE_TOKENS, 1),
	NP("initiative_tokens", "purpose", L_INITIATIVE_TOKENS, 0),
	PD("initiative_tokens", "person_id", L_INITIATIVE_TOKENS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	SECRET("initiative_tokens", "token_hash", L_INITIATIVE_TOKENS, PE_ROW, C_SECURITY),
	NP("initiative_tokens", "created_at", L_INITIATIVE_TOKENS, 1),
	NP("initiative_tokens", "expires_at", L_INITIATIVE_TOKENS, 1),
	NP("initiative_tokens", "used_at", L_INITIATIVE_TOKENS, 1),

	NP("connections", "id", -1, 1),
	NP("connections", "from_initiative_id", L_CONNECTIONS, 1),
	PD("connections", "from_person_id", L_CONNECTIONS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	NP("connections", "to_initiative_id", L_CONNECTIONS, 1),
	PD("connections", "to_person_id", L_CONNECTIONS, PE_ROW, NULL, PK_NONE, 1, C_APPLICATION),
	NP("connections", "kind", L_CONNECTIONS, 0),
	PD("connections", "note", L_CONNECTIONS, PE_ROW, NULL, PK_NONE, 0, C_APPLICATION),
	PD("connections", "made_by", L_CONNECTIONS_MADE, PE_KEEP, NULL, PK_NONE, 1, C_APPLICATION),
	NP("connections", "created_at", L_CONNECTIONS, 1),
	PD("connections", "confirmed_by", L_CONNECTIONS_MADE, PE_KEEP, NULL, PK_NONE, 1, C_APPLICATION),
	NP("connections", "confirmed_at", L_CONNECTIONS, 1),

	NP("network_generation", "id", -1, 1),
	NP("network_generation", "generation", -1, 1),

	/* Sign-in links asked for (migration 10), waiting for the job. */
	NP("login_link_requests", "id", -1, 1),
	PD("login_link_requests", "email", L_LINK_REQUESTS, PE_ROW, NULL, PK_NONE, 0, C_CONTACT),
	PD("login_link_requests", "lang", L_LINK_REQUESTS, PE_ROW, NULL, PK_NONE, 0, C_PREF),
	NP("login_link_requests", "created_at", L_LINK_REQUESTS, 1),

	/* Counters of applications (migration 11): numbers per edition,
	 * status, organisation kind and theme, about no one. */
	NP("application_counts", "edition_id", -1, 1),
	NP("application_counts", "status", -1, 0),
	NP("application_counts", "kind", -1, 0),
	NP("application_counts", "theme", -1, 0),
	NP("application_counts", "n", -1, 1),
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
