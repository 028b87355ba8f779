/* Sending the outbox: claim, compose, deliver, record; see mail.h. */
#include "mail/mail.h"
#include "core/log.h"
#include "core/tz.h"

#include <inttypes.h>

#define CLAIM_BATCH 10
#define CLAIM_LEASE_SECONDS 300

static int64_t retry_at(const struct mail_config *mc, int attempts, int64_t now)
{
	if (attempts >= MAIL_MAX_ATTEMPTS)
		return INT64_MAX / 2; /* stays failed, visible to the lead */
	int64_t delay = mc->retry_seconds > 0 ? mc->retry_seconds : 60;
	for (int i = 1; i < attempts && delay < 6 * 3600; i++)
		delay *= 2;
	return now + (delay < 6 * 3600 ? delay : 6 * 3600);
}

static int deliver(struct store *s, const struct mail_config *mc, const struct outbox_item *it)
{
	struct buf msg;
	char err[256] = "";
	int64_t now = tz_now();
	buf_init(&msg, 4u << 20);
	int rc = mail_mime(&msg, mc, &it->mail, now);
	if (rc == 0)
		rc = mail_smtp_send(mc, it->mail.to_addr, msg.data, msg.len, err, sizeof(err));
	else
		snprintf(err, sizeof(err), "cannot compose the message");
	buf_free(&msg);
	if (rc == 0)
		return store_outbox_sent(s, it->id, tz_now()) ? -1 : 1;
	log_warn("mail: message %" PRId64 " attempt %d failed: %s", it->id, it->attempts, err);
	/* Not recorded: the claim lapses and the message is tried again. */
	if (store_outbox_failed(s, it->id, err, retry_at(mc, it->attempts, now)))
		log_warn("mail: could not record the failure of message %" PRId64, it->id);
	return 0;
}

int mail_send_pending(struct store *s, const struct mail_config *mc, int *sent, int *failed)
{
	*sent = *failed = 0;
	for (;;) {
		struct arena *a = arena_new();
		struct outbox_item *items;
		int n, rc;
		if (!a)
			return LWP_ENOMEM;
		rc = store_outbox_claim(s, a, tz_now(), CLAIM_LEASE_SECONDS, CLAIM_BATCH, &items, &n);
		for (int i = 0; rc == 0 && i < n; i++) {
			int ok = deliver(s, mc, &items[i]);
			if (ok < 0)
				rc = LWP_EDB;
			else if (ok)
				(*sent)++;
			else
				(*failed)++;
			if (mc->progress)
				mc->progress(*sent, *failed);
		}
		arena_free(a);
		if (rc || n == 0)
			return rc;
	}
}
