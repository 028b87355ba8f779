/* MIME composition of outgoing mail; see mail.h. */
#include "mail/mail.h"
#include "domain/rules.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

static void base64_lines(struct buf *b, const char *data, size_t len)
{
	char line[80];
	for (size_t i = 0; i < len; i += 57) { /* 57 bytes -> 76 characters */
		size_t n = len - i < 57 ? len - i : 57;
		sodium_bin2base64(line, sizeof(line), (const unsigned char *)data + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_puts(b, line);
		buf_puts(b, "\r\n");
	}
}

static int is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E ||
		    strchr("\"\\<>()[]:;@,=?", *s))
			return 0;
	return 1;
}

/* RFC 2047 B-encoded words of at most 45 bytes each, never splitting a
 * UTF-8 sequence; folded onto continuation lines. */
static void encoded_words(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;
	int first = 1;
	while (i < len) {
		size_t n = len - i < 45 ? len - i : 45;
		while (n > 1 && i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		char word[80];
		sodium_bin2base64(word, sizeof(word), (const unsigned char *)s + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_puts(b, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
		buf_puts(b, word);
		buf_puts(b, "?=");
		first = 0;
		i += n;
	}
}

static void address_header(struct buf *b, const char *field, const char *name,
			   const char *addr)
{
	buf_puts(b, field);
	buf_puts(b, ": ");
	if (name && *name) {
		if (is_plain_ascii(name))
			buf_puts(b, name);
		else
			encoded_words(b, name);
		buf_puts(b, " ");
	}
	buf_printf(b, "<%s>\r\n", addr);
}

static void part(struct buf *b, const char *boundary, const char *type, const char *body)
{
	buf_printf(b, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n\r\n", boundary, type);
	base64_lines(b, body, strlen(body));
}

/* The method of a calendar part: only the two we send, so that no stored
 * text reaches the header. */
static const char *calendar_method(const struct mail *m)
{
	if (!m->calendar || !m->calendar_method)
		return NULL;
	if (strcmp(m->calendar_method, "REQUEST") == 0)
		return "REQUEST";
	if (strcmp(m->calendar_method, "CANCEL") == 0)
		return "CANCEL";
	return NULL;
}

/* The invitation as the last alternative, as Exchange writes a meeting
 * message (MS-OXCMAIL 2.1.3.3.8.2: multipart/alternative with text/plain,
 * text/html and text/calendar, base64 allowed); the method parameter
 * matches the object's METHOD (RFC 6047 2.4). */
static void calendar_part(struct buf *b, const char *boundary, const struct mail *m,
			  const char *method)
{
	buf_printf(b, "--%s\r\nContent-Type: text/calendar; charset=utf-8; method=%s\r\n"
		      "Content-Transfer-Encoding: base64\r\n\r\n", boundary, method);
	base64_lines(b, m->calendar, strlen(m->calendar));
}

/* A header parameter value: printable ASCII without quotes, backslashes
 * or semicolons (anything else becomes '_'), so that no name given by a
 * caller can end the parameter or add a header. */
static void param_value(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char out = *s;
		if (c < 0x20 || c > 0x7E || strchr("\"\\;", out))
			out = '_';
		buf_putc(b, out);
	}
}

/* One attached file of the multipart/mixed message, base64 in lines. */
static void attachment(struct buf *b, const char *hex, const struct mail_attachment *at)
{
	buf_printf(b, "--m-%s\r\nContent-Type: ", hex);
	param_value(b, at->content_type);
	buf_puts(b, "; name=\"");
	param_value(b, at->name);
	buf_puts(b, "\"\r\nContent-Disposition: attachment; filename=\"");
	param_value(b, at->name);
	buf_puts(b, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	base64_lines(b, at->data, at->len);
}

int mail_mime(struct buf *out, const struct mail_config *mc, const struct mail *m, int64_t now)
{
	if (!email_valid(m->to_addr) || !email_valid(mc->from_addr))
		return LWP_EINVAL;
	unsigned char rnd[12];
	char hex[25], date[64];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	const char *domain = strchr(mc->from_addr, '@') + 1;
	buf_printf(out, "Date: %s\r\nMessage-ID: <%s@%s>\r\n", date, hex, domain);
	address_header(out, "From", mc->from_name, mc->from_addr);
	address_header(out, "To", m->to_name, m->to_addr);
	buf_puts(out, "Subject: ");
	encoded_words(out, m->subject);
	buf_puts(out, "\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (calendar_method(m))
		buf_puts(out, "Content-Class: urn:content-classes:calendarmessage\r\n");
	if (m->n_attachments > 0)
		buf_printf(out, "Content-Type: multipart/mixed; boundary=\"m-%s\"\r\n\r\n"
				"--m-%s\r\n", hex, hex);
	buf_printf(out, "Content-Type: multipart/alternative; boundary=\"b-%s\"\r\n\r\n", hex);
	char boundary[32];
	snprintf(boundary, sizeof(boundary), "b-%s", hex);
	part(out, boundary, "text/plain", m->body_text);
	part(out, boundary, "text/html", m->body_html);
	const char *method = calendar_method(m);
	if (method)
		calendar_part(out, boundary, m, method);
	buf_printf(out, "--%s--\r\n", boundary);
	for (int i = 0; i < m->n_attachments; i++)
		attachment(out, hex, &m->attachments[i]);
	if (m->n_attachments > 0)
		buf_printf(out, "--m-%s--\r\n", hex);
	return out->failed ? LWP_ENOMEM : 0;
}
