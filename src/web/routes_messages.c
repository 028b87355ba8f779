/* The route table of one capability: method, pattern, handler, roles, name,
 * micro-cache, what the dispatcher loads. */
#include "web/routes_messages.h"
#include "web/route_table.h"

const struct route routes_messages[] = {
	{GET, "/beheer/edities/{slug}/berichten", page_console_messages, CONSOLE, "console_messages", 0, WANT_EDITION},
	{POST, "/beheer/edities/{slug}/berichten", page_console_messages_send, CONSOLE, "console_messages_send", 0, WANT_EDITION},
	{GET, "/beheer/edities/{slug}/berichten/{id}", page_console_message, CONSOLE, "console_message", 0, WANT_EDITION},
	{POST, "/api/v1/manage/editions/{slug}/messages", api_console_message_send, CONSOLE, "api_console_message_send", 0, WANT_EDITION},
	{GET, "/api/v1/manage/editions/{slug}/messages/{id}", api_console_message_get, CONSOLE, "api_console_message", 0, WANT_EDITION},
	{0, NULL, NULL, 0, NULL, 0, WANT_NOTHING},
};
