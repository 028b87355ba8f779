/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. Literal segments ("nieuw") come
 * before the {id} they would otherwise match. Recording attendance is for
 * the edition's leads and coaches (STAFF); the rest for its leads. */
#include "web/routes_meetings.h"
#include "web/route_table.h"

#define ED "/beheer/edities/{slug}"
#define API "/api/v1/manage/editions/{slug}"

const struct route routes_meetings[] = {
	{GET, ED "/bijeenkomsten", page_meetings, CONSOLE, "meetings", 0, WANT_EDITION},
	{GET, ED "/bijeenkomsten/nieuw", page_meeting_new, CONSOLE, "meeting_new", 0, WANT_EDITION},
	{POST, ED "/bijeenkomsten", page_meeting_create, CONSOLE, "meeting_create", 0, WANT_EDITION},
	{GET, ED "/bijeenkomsten/{id}", page_meeting, CONSOLE, "meeting", 0, WANT_EDITION},
	{POST, ED "/bijeenkomsten/{id}", page_meeting_update, CONSOLE, "meeting_update", 0, WANT_EDITION},
	{POST, ED "/bijeenkomsten/{id}/status", page_meeting_status, CONSOLE, "meeting_status", 0, WANT_EDITION},
	{GET, ED "/bijeenkomsten/{id}/aanwezigheid", page_attendance, STAFF, "attendance", 0, WANT_EDITION},
	{POST, ED "/bijeenkomsten/{id}/aanwezigheid", page_attendance_save, STAFF, "attendance_save", 0, WANT_EDITION},
	{GET, ED "/aanwezigheid", page_attendance_overview, CONSOLE, "attendance_overview", 0, WANT_EDITION},
	{POST, ED "/fase", page_meeting_phase, CONSOLE, "edition_phase", 0, WANT_EDITION},
	{GET, ED "/peilingen/nieuw", page_poll_new, CONSOLE, "poll_new", 0, WANT_EDITION},
	{POST, ED "/peilingen", page_poll_create, CONSOLE, "poll_create", 0, WANT_EDITION},
	{GET, ED "/peilingen/{id}", page_poll, CONSOLE, "poll", 0, WANT_EDITION},
	{POST, ED "/peilingen/{id}/sluiten", page_poll_close, CONSOLE, "poll_close", 0, WANT_EDITION},
	{GET, "/peiling/{token}", page_poll_answer, ANYONE, "poll_answer", 0, WANT_NOTHING},
	{POST, "/peiling/{token}", page_poll_answer_save, ANYONE, "poll_answer_save", 0, WANT_NOTHING},
	{GET, "/edities/{slug}/agenda.ics", page_agenda_edition, ANYONE, "agenda_edition", 0, WANT_NOTHING},
	{GET, "/agenda/{token}", page_agenda_private, ANYONE, "agenda_private", 0, WANT_NOTHING},
	{POST, "/account/agenda", page_account_agenda, SIGNED_IN, "account_agenda", 0, WANT_NOTHING},
	{POST, "/aanmelding/{token}/agenda", page_application_agenda, ANYONE, "application_agenda", 0, WANT_NOTHING},
	{GET, API "/meetings", api_meetings, CONSOLE, "api_meetings", 0, WANT_EDITION},
	{POST, API "/meetings", api_meeting_create, CONSOLE, "api_meeting_create", 0, WANT_EDITION},
	{POST, API "/meetings/{id}/status", api_meeting_status, CONSOLE, "api_meeting_status", 0, WANT_EDITION},
	{GET, API "/meetings/{id}/attendance", api_attendance, STAFF, "api_attendance", 0, WANT_EDITION},
	{POST, API "/meetings/{id}/attendance", api_attendance_record, STAFF, "api_attendance_record", 0, WANT_EDITION},
	{GET, API "/nights", api_nights, CONSOLE, "api_nights", 0, WANT_EDITION},
	{GET, API "/polls", api_polls, CONSOLE, "api_polls", 0, WANT_EDITION},
	{POST, API "/polls", api_poll_create, CONSOLE, "api_poll_create", 0, WANT_EDITION},
	{GET, API "/polls/{id}", api_poll, CONSOLE, "api_poll", 0, WANT_EDITION},
	{POST, API "/polls/{id}/close", api_poll_close, CONSOLE, "api_poll_close", 0, WANT_EDITION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
