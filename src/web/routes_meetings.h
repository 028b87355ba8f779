/*
 * Routes of one capability (see routes.h): meetings, polls, attendance and
 * calendars (issue 15), as console pages, the invitee's answer page, the
 * calendar feeds and the JSON API.
 */
#ifndef LWP_WEB_ROUTES_MEETINGS_H
#define LWP_WEB_ROUTES_MEETINGS_H

#include "web/routes.h"

extern const struct route routes_meetings[];

void page_meetings(struct req *r);
void page_meeting_new(struct req *r);
void page_meeting_create(struct req *r);
void page_meeting(struct req *r);
void page_meeting_update(struct req *r);
void page_meeting_status(struct req *r);
void page_meeting_phase(struct req *r);
void page_poll_new(struct req *r);
void page_poll_create(struct req *r);
void page_poll(struct req *r);
void page_poll_close(struct req *r);
void page_poll_answer(struct req *r);
void page_poll_answer_save(struct req *r);
void page_attendance(struct req *r);
void page_attendance_save(struct req *r);
void page_attendance_overview(struct req *r);
void page_agenda_edition(struct req *r);
void page_agenda_private(struct req *r);
void page_account_agenda(struct req *r);
void page_application_agenda(struct req *r);
void api_meetings(struct req *r);
void api_meeting_create(struct req *r);
void api_meeting_status(struct req *r);
void api_polls(struct req *r);
void api_poll_create(struct req *r);
void api_poll(struct req *r);
void api_poll_close(struct req *r);
void api_attendance(struct req *r);
void api_attendance_record(struct req *r);
void api_nights(struct req *r);

#endif
