/*
 * Versioned schema migrations, applied in order by store_migrate (at server
 * start and by `lwp migrate`). Never edit a released migration; add one.
 * SQL is portable between SQLite and PostgreSQL except for the id column
 * ("INTEGER PRIMARY KEY"), which a PostgreSQL driver rewrites to an
 * identity column. Instants are BIGINT seconds since the epoch (UTC).
 */
#include "store/migrations.h"

static const char m001_initial[] =
	"CREATE TABLE organisations ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL,"
	" parent_id BIGINT REFERENCES organisations(id),"
	" created_at BIGINT NOT NULL);"
	"CREATE TABLE people ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" email TEXT NOT NULL,"
	" email_key TEXT NOT NULL UNIQUE,"
	" organisation_id BIGINT REFERENCES organisations(id),"
	" function TEXT,"
	" phone TEXT,"
	" lang TEXT NOT NULL DEFAULT 'nl',"
	" consent_directory INTEGER NOT NULL DEFAULT 0,"
	" created_at BIGINT NOT NULL,"
	" updated_at BIGINT NOT NULL);"
	"CREATE TABLE initiatives ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
	" owner_id BIGINT NOT NULL REFERENCES people(id),"
	" theme TEXT NOT NULL,"
	" tags TEXT NOT NULL DEFAULT '',"
	" summary TEXT NOT NULL DEFAULT '',"
	" stage TEXT NOT NULL DEFAULT 'started',"
	" question TEXT NOT NULL DEFAULT '',"
	" visibility TEXT NOT NULL DEFAULT 'private',"
	" created_at BIGINT NOT NULL);"
	"CREATE TABLE editions ("
	" id INTEGER PRIMARY KEY,"
	" slug TEXT NOT NULL UNIQUE,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" capacity INTEGER NOT NULL CHECK (capacity > 0),"
	" deadline BIGINT NOT NULL,"
	" policy TEXT NOT NULL,"
	" org_cap INTEGER NOT NULL DEFAULT 0,"
	" fee_cents BIGINT NOT NULL DEFAULT 0,"
	" accommodation_cents BIGINT NOT NULL DEFAULT 0,"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" guided_months INTEGER NOT NULL DEFAULT 3,"
	" location TEXT,"
	" contact_name TEXT,"
	" contact_email TEXT,"
	" status TEXT NOT NULL,"
	" created_at BIGINT NOT NULL);"
	"CREATE TABLE applications ("
	" id INTEGER PRIMARY KEY,"
	" edition_id BIGINT NOT NULL REFERENCES editions(id),"
	" person_id BIGINT NOT NULL REFERENCES people(id),"
	" initiative_id BIGINT NOT NULL REFERENCES initiatives(id),"
	" email_key TEXT NOT NULL,"
	" motivation TEXT NOT NULL,"
	" question TEXT NOT NULL,"
	" eligible INTEGER NOT NULL,"
	" billing_contact TEXT,"
	" billing_address TEXT,"
	" billing_reference TEXT,"
	" residential_needs TEXT,"
	" consent_at BIGINT NOT NULL,"
	" consent_version TEXT NOT NULL,"
	" status TEXT NOT NULL,"
	" token_hash TEXT NOT NULL UNIQUE,"
	" created_at BIGINT NOT NULL,"
	" UNIQUE (edition_id, email_key));"
	"CREATE INDEX applications_by_status ON applications(edition_id, status);"
	"CREATE TABLE application_events ("
	" id INTEGER PRIMARY KEY,"
	" application_id BIGINT NOT NULL REFERENCES applications(id),"
	" status TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" note TEXT,"
	" at BIGINT NOT NULL);"
	"CREATE INDEX application_events_by_application"
	" ON application_events(application_id);";

/* Every e-mail is a row here, written in the transaction of the change that
 * causes it; senders claim rows (claimed_until) before sending. */
static const char m002_outbox[] =
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" to_addr TEXT NOT NULL,"
	" to_name TEXT,"
	" subject TEXT NOT NULL,"
	" body_text TEXT NOT NULL,"
	" body_html TEXT NOT NULL,"
	" created_at BIGINT NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_attempt_at BIGINT NOT NULL,"
	" claimed_until BIGINT NOT NULL DEFAULT 0,"
	" sent_at BIGINT,"
	" last_error TEXT);"
	"CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);";

/* Accounts, roles per edition, sessions, one-time login links, recovery
 * codes, the audit log and rate-limit counters (shared by all processes). */
static const char m003_accounts[] =
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" email TEXT NOT NULL,"
	" email_key TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" lang TEXT NOT NULL DEFAULT 'nl',"
	" password_hash TEXT,"
	" totp_secret TEXT,"
	" totp_last_step BIGINT NOT NULL DEFAULT 0,"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" created_at BIGINT NOT NULL);"
	"CREATE TABLE user_roles ("
	" id INTEGER PRIMARY KEY,"
	" user_id BIGINT NOT NULL REFERENCES users(id),"
	" role TEXT NOT NULL,"
	" edition_id BIGINT NOT NULL DEFAULT 0,"
	" UNIQUE (user_id, role, edition_id));"
	"CREATE TABLE recovery_codes ("
	" id INTEGER PRIMARY KEY,"
	" user_id BIGINT NOT NULL REFERENCES users(id),"
	" code_hash TEXT NOT NULL,"
	" used_at BIGINT);"
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" token_hash TEXT NOT NULL UNIQUE,"
	" user_id BIGINT NOT NULL REFERENCES users(id),"
	" csrf TEXT NOT NULL,"
	" second_factor INTEGER NOT NULL DEFAULT 0,"
	" created_at BIGINT NOT NULL,"
	" last_seen_at BIGINT NOT NULL);"
	"CREATE TABLE login_links ("
	" id INTEGER PRIMARY KEY,"
	" token_hash TEXT NOT NULL UNIQUE,"
	" user_id BIGINT NOT NULL REFERENCES users(id),"
	" created_at BIGINT NOT NULL,"
	" expires_at BIGINT NOT NULL,"
	" used_at BIGINT);"
	"CREATE TABLE audit_log ("
	" id INTEGER PRIMARY KEY,"
	" at BIGINT NOT NULL,"
	" actor_id BIGINT,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object TEXT,"
	" detail TEXT,"
	" ip TEXT);"
	"CREATE INDEX audit_log_by_time ON audit_log(at);"
	"CREATE TABLE rate_limits ("
	" bucket TEXT NOT NULL PRIMARY KEY,"
	" window_start BIGINT NOT NULL,"
	" hits INTEGER NOT NULL);";

/* The selection: weights per edition, the lead's marks and the waiting
 * list order per application, and offers of a freed place. */
static const char m004_selection[] =
	"CREATE TABLE selection_settings ("
	" edition_id BIGINT NOT NULL PRIMARY KEY REFERENCES editions(id),"
	" w_org INTEGER NOT NULL, w_parent INTEGER NOT NULL, w_kind INTEGER NOT NULL,"
	" w_theme INTEGER NOT NULL, w_tags INTEGER NOT NULL, offer_days INTEGER NOT NULL);"
	"ALTER TABLE applications ADD COLUMN selection_mark INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE applications ADD COLUMN waitlist_rank INTEGER;"
	"CREATE TABLE offers ("
	" id INTEGER PRIMARY KEY,"
	" application_id BIGINT NOT NULL REFERENCES applications(id),"
	" token_hash TEXT NOT NULL UNIQUE,"
	" created_at BIGINT NOT NULL,"
	" expires_at BIGINT NOT NULL,"
	" answered_at BIGINT,"
	" answer TEXT);"
	"CREATE INDEX offers_open ON offers(answered_at, expires_at);";

/* Subgroups of an edition: the lead's settings with when a split was
 * confirmed, the groups (name, position), their coaches, the lead's apart
 * and together rules, and per participant the confirmed group and the
 * group of the proposal waiting for confirmation. */
static const char m006_subgroups[] =
	"CREATE TABLE subgroup_plans ("
	" edition_id BIGINT NOT NULL PRIMARY KEY REFERENCES editions(id),"
	" k INTEGER NOT NULL,"
	" sizes TEXT NOT NULL DEFAULT '',"
	" org_apart INTEGER NOT NULL DEFAULT 1,"
	" fix_colleagues INTEGER NOT NULL DEFAULT 0,"
	" confirmed INTEGER NOT NULL DEFAULT 0,"
	" confirmed_at BIGINT,"
	" updated_at BIGINT NOT NULL);"
	"CREATE TABLE subgroups ("
	" id INTEGER PRIMARY KEY,"
	" edition_id BIGINT NOT NULL REFERENCES editions(id),"
	" position INTEGER NOT NULL,"
	" name TEXT NOT NULL DEFAULT '',"
	" UNIQUE (edition_id, position));"
	"CREATE TABLE subgroup_coaches ("
	" id INTEGER PRIMARY KEY,"
	" subgroup_id BIGINT NOT NULL REFERENCES subgroups(id),"
	" user_id BIGINT NOT NULL REFERENCES users(id),"
	" UNIQUE (subgroup_id, user_id));"
	"CREATE TABLE subgroup_members ("
	" application_id BIGINT NOT NULL PRIMARY KEY REFERENCES applications(id),"
	" subgroup_id BIGINT REFERENCES subgroups(id),"
	" proposed_id BIGINT REFERENCES subgroups(id));"
	"CREATE TABLE subgroup_rules ("
	" id INTEGER PRIMARY KEY,"
	" edition_id BIGINT NOT NULL REFERENCES editions(id),"
	" first_id BIGINT NOT NULL REFERENCES applications(id),"
	" second_id BIGINT NOT NULL REFERENCES applications(id),"
	" together INTEGER NOT NULL);";

/* Sign-in links asked for, waiting for the background job: the request is
 * answered at once, whether the address has an account or not. */
static const char m010_link_requests[] =
	"CREATE TABLE login_link_requests ("
	" id INTEGER PRIMARY KEY,"
	" email TEXT NOT NULL,"
	" lang TEXT NOT NULL,"
	" created_at BIGINT NOT NULL);";

const struct migration migrations[] = {
	{1, "initial schema: organisations, people, initiatives, editions, applications", m001_initial},
	{2, "outbox of e-mail messages", m002_outbox},
	{3, "accounts, roles, sessions, login links, audit log, rate limits", m003_accounts},
	{4, "selection settings, marks, waiting list order, offers", m004_selection},
	{6, "subgroups: settings, groups, coaches, members, rules", m006_subgroups},
	{10, "queued requests for sign-in links", m010_link_requests},
};

const int migration_count = sizeof(migrations) / sizeof(migrations[0]);
