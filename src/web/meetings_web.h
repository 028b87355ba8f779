/* Shared by the meeting, poll, attendance and calendar pages and the API
 * (page_meetings.c and friends): the links' environment of a request,
 * loading a meeting or poll of the route's edition, and writing days. */
#ifndef LWP_WEB_MEETINGS_WEB_H
#define LWP_WEB_MEETINGS_WEB_H

#include "service/meetings.h"
#include "web/request.h"

void meetings_env(struct req *r, struct meeting_env *env);
/* The meeting (or poll) whose id is r->params[1], of r->edition: 0, or
 * the 404/503 answer written and -1. */
int meetings_load(struct req *r, struct meeting_row *out);
int meetings_load_poll(struct req *r, struct poll_full *out);
/* Every day of a meeting as text, separated by "; ". */
void meetings_days(struct req *r, const struct meeting_day *days, size_t n);
/* "/beheer/edities/SLUG/bijeenkomsten" and the like, in the arena. */
char *meetings_path(struct req *r, const char *tail);
/* The meetings section of the public invitation page: the edition's
 * confirmed meetings with dates and places only, and the agenda link. */
void meetings_public_section(struct req *r, const struct edition *e);
/* The calendar section of a person's page: a feed is made on request and
 * its URL shown once, with webcal://. action is the form's target. */
void meetings_feed_section(struct req *r, const char *action, const char *token);

#endif
