/* Strict parsing of numbers and amounts typed by people (forms, CLI). */
#ifndef LWP_CORE_PARSE_H
#define LWP_CORE_PARSE_H

/* A whole decimal number in [min, max], nothing else around it. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* An amount in euro: "1500", "1500.50" or "1500,50" (no thousands
 * separators), at most max_euro; stored as cents. */
int parse_euro(const char *s, long long max_euro, long long *cents);

#endif
