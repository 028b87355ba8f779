/*
 * Terminal output shared by the commands: columns padded by display width
 * (a name with "é" or "ł" is one column per character, not per byte, so
 * printf's %-28s misaligns it), and progress lines that appear only on a
 * terminal (a script reading stderr gets nothing extra).
 */
#include "cli/cli.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Columns of the UTF-8 sequence at s (len bytes): combining marks and
 * zero-width characters take none, East Asian wide ones two, others one. */
static int columns_of(unsigned cp)
{
	if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0x00AD ||
	    (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* Decode one code point at s; returns its length in bytes (1 for a byte
 * that does not start valid UTF-8, shown as one column). */
static size_t decode(const unsigned char *s, unsigned *cp)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
		   : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0) {
		*cp = s[0];
		return 1;
	}
	*cp = n == 1 ? s[0] : s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = s[0];
			return 1;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

int cli_text_width(const char *s)
{
	int w = 0;
	unsigned cp;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		p += decode(p, &cp);
		w += columns_of(cp);
	}
	return w;
}

void cli_print_column(FILE *out, const char *s, int width)
{
	fputs(s ? s : "", out);
	for (int w = cli_text_width(s); w < width; w++)
		fputc(' ', out);
}

int cli_progress_wanted(void)
{
	return isatty(STDERR_FILENO) == 1;
}

void cli_progress(const char *what, int done, int total)
{
	if (!cli_progress_wanted())
		return;
	if (total > 0)
		fprintf(stderr, "\r%s: %d of %d", what, done, total);
	else
		fprintf(stderr, "\r%s: %d", what, done);
	fflush(stderr);
}

void cli_progress_end(void)
{
	if (cli_progress_wanted()) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* A ticker for work that reports no steps of its own (the optimiser runs
 * for up to a time limit): once a second, the seconds spent and the most
 * it may take. One at a time. */
static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t stop;
	int running, stopping, limit;
	const char *what;
} ticker = {.lock = PTHREAD_MUTEX_INITIALIZER, .stop = PTHREAD_COND_INITIALIZER};

static void *tick(void *arg)
{
	(void)arg;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	pthread_mutex_lock(&ticker.lock);
	for (int elapsed = 1;; elapsed++) {
		until.tv_sec++;
		while (!ticker.stopping &&
		       pthread_cond_timedwait(&ticker.stop, &ticker.lock, &until) == 0)
			;
		if (ticker.stopping)
			break;
		fprintf(stderr, "\r%s: %d s (at most %d s)", ticker.what, elapsed, ticker.limit);
		fflush(stderr);
	}
	pthread_mutex_unlock(&ticker.lock);
	return NULL;
}

void cli_ticker_start(const char *what, int limit_seconds)
{
	if (!cli_progress_wanted() || ticker.running)
		return;
	ticker.what = what;
	ticker.limit = limit_seconds;
	ticker.stopping = 0;
	/* The first line at once: even work done in a moment shows it ran. */
	fprintf(stderr, "\r%s: 0 s (at most %d s)", what, limit_seconds);
	fflush(stderr);
	ticker.running = pthread_create(&ticker.thread, NULL, tick, NULL) == 0;
	if (!ticker.running)
		cli_progress_end(); /* no ticker: no line left standing */
}

void cli_ticker_stop(void)
{
	if (!ticker.running)
		return;
	pthread_mutex_lock(&ticker.lock);
	ticker.stopping = 1;
	pthread_cond_signal(&ticker.stop);
	pthread_mutex_unlock(&ticker.lock);
	pthread_join(ticker.thread, NULL);
	ticker.running = 0;
	cli_progress_end();
}
