/* Language codes and Dutch/English formatting of dates and amounts. */
#include "core/lang.h"
#include "core/tz.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const months[2][12] = {
	{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	 "augustus", "september", "oktober", "november", "december"},
	{"January", "February", "March", "April", "May", "June", "July",
	 "August", "September", "October", "November", "December"},
};

const char *lang_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "nl";
}

int lang_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "nl") == 0)
		return LANG_NL;
	if (strcmp(s, "en") == 0)
		return LANG_EN;
	return -1;
}

/* A quality of zero ("q=0", "q=0.0", "q=0.000") excludes a language. */
static int quality_zero(const char *params, const char *end)
{
	const char *q = params;
	while (q < end && (q = strstr(q, "q=")) && q < end) {
		const char *v = q + 2;
		if (*v == '0') {
			v++;
			if (*v == '.')
				for (v++; v < end && *v == '0'; v++)
					;
			while (v < end && *v == ' ')
				v++;
			if (v >= end || *v == ';')
				return 1;
		}
		q += 2;
	}
	return 0;
}

/* The first of nl or en in the header that is not excluded wins; other
 * quality values are not ranked (both languages are complete). */
enum lang lang_from_accept(const char *h)
{
	if (!h)
		return LANG_NL;
	while (*h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *end = h + strcspn(h, ",");
		const char *semi = memchr(h, ';', (size_t)(end - h));
		size_t taglen = (size_t)((semi ? semi : end) - h);
		while (taglen > 0 && h[taglen - 1] == ' ')
			taglen--;
		int excluded = semi && quality_zero(semi, end);
		if (!excluded && taglen >= 2) {
			if (strncasecmp(h, "nl", 2) == 0 &&
			    (taglen == 2 || h[2] == '-'))
				return LANG_NL;
			if (strncasecmp(h, "en", 2) == 0 &&
			    (taglen == 2 || h[2] == '-'))
				return LANG_EN;
		}
		h = end;
	}
	return LANG_NL;
}

/* Digits of v grouped by three with sep. */
static void put_grouped(struct buf *b, uint64_t v, char sep)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = n - 1; i >= 0; i--) {
		buf_putc(b, digits[i]);
		if (i > 0 && i % 3 == 0)
			buf_putc(b, sep);
	}
}

void lang_money(struct buf *b, int64_t cents, enum lang lang)
{
	uint64_t abs = cents < 0 ? (uint64_t)(-(cents + 1)) + 1 : (uint64_t)cents;
	if (cents < 0)
		buf_putc(b, '-');
	buf_puts(b, lang == LANG_NL ? "€ " : "€");
	put_grouped(b, abs / 100, lang == LANG_NL ? '.' : ',');
	buf_printf(b, "%c%02" PRIu64, lang == LANG_NL ? ',' : '.', abs % 100);
}

void lang_date(struct buf *b, int y, int m, int d, enum lang lang)
{
	if (m < 1 || m > 12)
		return;
	buf_printf(b, "%d %s %d", d, months[lang][m - 1], y);
}

void lang_datetime(struct buf *b, int64_t utc, enum lang lang)
{
	struct local_time lt;
	tz_to_local(utc, &lt);
	lang_date(b, lt.year, lt.month, lt.day, lang);
	buf_printf(b, lang == LANG_NL ? " om %02d:%02d" : " at %02d:%02d",
		   lt.hour, lt.minute);
}

void lang_decimal(struct buf *b, double v, enum lang lang)
{
	int negative = v < 0;
	double a = negative ? -v : v;
	if (a > 9e15)
		a = 9e15;
	long long hundredths = (long long)(a * 100.0 + 0.5);
	if (negative && hundredths > 0)
		buf_putc(b, '-');
	long long whole = hundredths / 100;
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%lld", whole);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_putc(b, lang == LANG_NL ? '.' : ',');
		buf_putc(b, digits[i]);
	}
	buf_printf(b, "%c%02lld", lang == LANG_NL ? ',' : '.', hundredths % 100);
}
