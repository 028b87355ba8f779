/* Shared by the meeting and poll commands (cmd_poll.c, cmd_meeting.c): an
 * open store with an arena, the CLI actor and the links' environment. */
#ifndef LWP_CLI_CLI_MEETINGS_H
#define LWP_CLI_CLI_MEETINGS_H

#include "service/meetings.h"

struct cli_session {
	struct store *s;
	struct arena *a;
	struct actor who;
	struct meeting_env env; /* LWP_BASE_URL, LWP_MAIL_FROM */
};

/* 0, or -1 with the reason printed. */
int cli_session_open(struct cli_session *cs, const char *db);
/* Close it; EXIT_OK when rc is 0, EXIT_FAIL otherwise. */
int cli_session_close(struct cli_session *cs, int rc);
/* Print msg (when not NULL) and the usage hint; EXIT_USAGE. */
int cli_usage(const char *msg);
/* Print why a service failed: the field errors, notfound for
 * LWP_ENOTFOUND, or the result's name. */
void cli_report(int rc, const struct field_errors *fe, const char *notfound);

#endif
