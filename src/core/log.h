/*
 * Server log on stderr. Never pass personal data (names, e-mail addresses,
 * tokens, form contents) to these functions: log routes, ids and codes.
 * Text arguments are written with control characters escaped, so a value
 * cannot forge a log line.
 */
#ifndef LWP_CORE_LOG_H
#define LWP_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
