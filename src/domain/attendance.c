/* See attendance.h. */
#include "domain/attendance.h"
#include "core/i18n.h"

#include <string.h>

static const char *const codes[ATTENDANCE_STATUS_COUNT] = {"present", "absent_notice", "absent"};
static const char *const labels[ATTENDANCE_STATUS_COUNT] = {
	N_("Present"), N_("Absent with notice"), N_("Absent without notice")};

const char *attendance_code(enum attendance_status s)
{
	return (unsigned)s < ATTENDANCE_STATUS_COUNT ? codes[s] : "";
}

int attendance_parse(const char *s)
{
	for (int i = 0; s && i < ATTENDANCE_STATUS_COUNT; i++)
		if (strcmp(s, codes[i]) == 0)
			return i;
	return -1;
}

const char *attendance_label(enum attendance_status s)
{
	return (unsigned)s < ATTENDANCE_STATUS_COUNT ? labels[s] : "";
}

int attendance_day_has_night(int position, int n_days, int nights)
{
	return nights > 0 && position >= 1 && position <= n_days && position > n_days - nights;
}
