/* Code tables for the domain enums: one place maps each value to the text
 * stored in the database and used in the API, and to its English label. */
#include "domain/model.h"
#include "core/lang.h"

#include <string.h>

static const char *const org_kind_codes[ORG_KIND_COUNT] = {
	"ministry", "agency", "inspectorate", "zbo", "shared_service",
	"local", "other"};
static const char *const org_kind_labels[ORG_KIND_COUNT] = {
	N_("Ministry (core department)"), N_("Executive agency"), N_("Inspectorate"),
	N_("Independent administrative body (ZBO)"), N_("Shared-service organisation"),
	N_("Municipality, province or water board"), N_("Other")};
static const char *const theme_codes[THEME_COUNT] = {
	"new_organising", "new_changing", "both"};
static const char *const theme_labels[THEME_COUNT] = {
	N_("New organising"), N_("New changing"), N_("Both")};
static const char *const policy_codes[POLICY_COUNT] = {"diversity", "fcfs"};
static const char *const edition_status_codes[EDITION_STATUS_COUNT] = {
	"draft", "open", "closed", "selected", "running", "network", "finished"};
static const char *const edition_status_labels[EDITION_STATUS_COUNT] = {
	N_("Draft"), N_("Open for applications"), N_("Applications closed"),
	N_("Participants selected"), N_("Running"), N_("Network phase"), N_("Finished")};
static const char *const app_status_codes[APP_STATUS_COUNT] = {
	"submitted", "accepted", "waitlisted", "declined", "withdrawn"};
static const char *const app_status_labels[APP_STATUS_COUNT] = {
	N_("Submitted"), N_("Accepted"), N_("On the waiting list"), N_("Declined"), N_("Withdrawn")};

static int parse_code(const char *const *codes, int count, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

#define CODE_AT(table, count, v) ((v) >= 0 && (int)(v) < (count) ? (table)[v] : "")

const char *org_kind_code(enum org_kind k) { return CODE_AT(org_kind_codes, ORG_KIND_COUNT, k); }
int org_kind_parse(const char *s) { return parse_code(org_kind_codes, ORG_KIND_COUNT, s); }
const char *org_kind_label(enum org_kind k) { return CODE_AT(org_kind_labels, ORG_KIND_COUNT, k); }
const char *theme_code(enum theme t) { return CODE_AT(theme_codes, THEME_COUNT, t); }
int theme_parse(const char *s) { return parse_code(theme_codes, THEME_COUNT, s); }
const char *theme_label(enum theme t) { return CODE_AT(theme_labels, THEME_COUNT, t); }
const char *policy_code(enum policy p) { return CODE_AT(policy_codes, POLICY_COUNT, p); }
int policy_parse(const char *s) { return parse_code(policy_codes, POLICY_COUNT, s); }
const char *edition_status_code(enum edition_status s) { return CODE_AT(edition_status_codes, EDITION_STATUS_COUNT, s); }
int edition_status_parse(const char *s) { return parse_code(edition_status_codes, EDITION_STATUS_COUNT, s); }
const char *edition_status_label(enum edition_status s) { return CODE_AT(edition_status_labels, EDITION_STATUS_COUNT, s); }
const char *app_status_code(enum app_status s) { return CODE_AT(app_status_codes, APP_STATUS_COUNT, s); }
int app_status_parse(const char *s) { return parse_code(app_status_codes, APP_STATUS_COUNT, s); }
const char *app_status_label(enum app_status s) { return CODE_AT(app_status_labels, APP_STATUS_COUNT, s); }

const char *event_note_label(const char *note)
{
	static const char *const map[][2] = {
		{EVENT_SELECTION, N_("by the confirmed selection")},
		{EVENT_OFFERED, N_("offered a freed place")},
		{EVENT_OFFER_TAKEN, N_("took the offered place")},
		{EVENT_OFFER_LET_GO, N_("let the offered place go")},
		{EVENT_OFFER_EXPIRED, N_("the offer lapsed")},
		{EVENT_PLACE_FREED, N_("place freed by a withdrawal")},
		{EVENT_PASSED_OVER_CAP, N_("passed over for a freed place: their organisation has reached the cap")},
	};
	for (size_t i = 0; note && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(note, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

const char *event_actor_label(const char *actor)
{
	if (actor && strcmp(actor, "applicant") == 0)
		return N_("the applicant");
	if (actor && strcmp(actor, "system") == 0)
		return N_("the system");
	if (actor && strcmp(actor, "cli") == 0)
		return N_("the command line");
	return NULL;
}
