/*
 * Growable byte buffer with a hard size cap (as curl's dynbuf). Errors are
 * sticky: once an append fails, the buffer stays failed and every later
 * append is a no-op, so a writer can emit a whole page and check once.
 */
#ifndef LWP_CORE_BUF_H
#define LWP_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;  /* hard cap on len */
	int failed;  /* sticky: LWP_ENOMEM once over max or out of memory */
};

#define BUF_MAX_DEFAULT (8u << 20)

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* NUL-terminated view of the contents ("" when empty or failed). */
const char *buf_cstr(struct buf *b);
/* Hand the contents to the caller (who frees them) and reset the buffer. */
char *buf_detach(struct buf *b, size_t *len);

#endif
