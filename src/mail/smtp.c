/* SMTP delivery with libcurl; see mail.h. */
#include "mail/mail.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_chunk(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nmemb, left = u->len - u->pos;
	size_t n = left < room ? left : room;
	memcpy(ptr, u->data + u->pos, n);
	u->pos += n;
	return n;
}

int mail_smtp_send(const struct mail_config *mc, const char *to, const char *data,
		   size_t len, char *err, size_t errlen)
{
	char from[300], rcpt[300];
	struct upload up = {data, len, 0};
	CURL *curl = curl_easy_init();
	struct curl_slist *rcpts = NULL;
	if (!curl) {
		snprintf(err, errlen, "curl unavailable");
		return LWP_EIO;
	}
	snprintf(from, sizeof(from), "<%s>", mc->from_addr);
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	rcpts = curl_slist_append(NULL, rcpt);
	curl_easy_setopt(curl, CURLOPT_URL, mc->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	/* smtps:// is TLS from the start; on smtp:// STARTTLS is used when the
	 * server offers it. */
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(curl);
	return rc == CURLE_OK ? 0 : LWP_EIO;
}
