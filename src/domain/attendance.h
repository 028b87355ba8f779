/*
 * Attendance at the days of a meeting (issue 15): the three states a lead
 * or coach records per participant per day, and the rule that turns the
 * days attended at a residential meeting into nights (what the invoices
 * charge). Plain rules, no storage.
 */
#ifndef LWP_DOMAIN_ATTENDANCE_H
#define LWP_DOMAIN_ATTENDANCE_H

#include "core/lang.h"

enum attendance_status {
	ATTENDANCE_PRESENT,
	ATTENDANCE_ABSENT_NOTICE, /* absent, with notice given */
	ATTENDANCE_ABSENT,        /* absent without notice */
	ATTENDANCE_STATUS_COUNT
};

/* "present", "absent_notice", "absent"; parsing back (-1 if unknown). */
const char *attendance_code(enum attendance_status s);
int attendance_parse(const char *s);
/* English label (msgid) and its translation. */
const char *attendance_label(enum attendance_status s);

/* The nights of a residential meeting of n_days days with `nights` nights
 * (1..n_days, see meeting_validate) lie before its last `nights` days: the
 * night before day position (1-based) belongs to that day when
 * position > n_days - nights. A participant present on such a day slept
 * there the night before. 1 when the day at position carries a night. */
int attendance_day_has_night(int position, int n_days, int nights);

#endif
