/*
 * Languages of the user interface, and the way dates and amounts are
 * written in each: "25 januari 2018" and "€ 1.500,00" in Dutch, "25 January
 * 2018" and "€1,500.00" in English.
 */
#ifndef LWP_CORE_LANG_H
#define LWP_CORE_LANG_H

#include <stdint.h>

#include "core/buf.h"

enum lang { LANG_NL = 0, LANG_EN = 1 };

/* Mark an English msgid for translation where it is shown (po/nl.po). */
#define N_(s) (s)

const char *lang_code(enum lang lang);
/* Parse "nl" or "en"; returns -1 for anything else. */
int lang_parse(const char *s);
/* Pick from an Accept-Language header; Dutch when nothing matches. */
enum lang lang_from_accept(const char *header);

/* Amount in euro cents, e.g. 150000 -> "€ 1.500,00" (nl). */
void lang_money(struct buf *b, int64_t cents, enum lang lang);
/* A number with two decimals in the language's way: "1.234,50" (nl),
 * "1,234.50" (en); rounded half away from zero, "-" kept. */
void lang_decimal(struct buf *b, double v, enum lang lang);
/* A date: "15 november 2017" (nl), "15 November 2017" (en). */
void lang_date(struct buf *b, int y, int m, int d, enum lang lang);
/* An instant in Amsterdam time: date and "23:59" (nl "om", en "at"). */
void lang_datetime(struct buf *b, int64_t utc, enum lang lang);

#endif
