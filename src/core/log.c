/* Log lines: UTC timestamp, level, message with control bytes escaped. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	if (level < min_level)
		return;
	char msg[1024], line[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)msg;
	     *p && o + 5 < sizeof(line); p++) {
		if (*p < 0x20 || *p == 0x7F)
			o += (size_t)snprintf(line + o, sizeof(line) - o, "\\x%02x", *p);
		else
			line[o++] = (char)*p;
	}
	line[o] = '\0';
	struct tm tm;
	time_t now = time(NULL);
	gmtime_r(&now, &tm);
	fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02dZ %s %s%s\n",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec, names[level], line,
		(size_t)n >= sizeof(msg) ? "..." : "");
}
