/*
 * Routes of one capability (see routes.h). Writing to groups (C9): a lead
 * writes to an edition's participants, waiting list or coaches, previews
 * it, and sees who got it and whose copy bounced.
 */
#ifndef LWP_WEB_ROUTES_MESSAGES_H
#define LWP_WEB_ROUTES_MESSAGES_H

#include "web/routes.h"

extern const struct route routes_messages[];

void page_console_messages(struct req *r);
void page_console_messages_send(struct req *r);
void page_console_message(struct req *r);
void api_console_message_send(struct req *r);
void api_console_message_get(struct req *r);

#endif
