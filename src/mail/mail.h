/*
 * E-mail: composing messages (MIME, in the recipient's language), and
 * sending what waits in the outbox by SMTP (libcurl) with retries.
 * Nothing is sent except from the outbox.
 */
#ifndef LWP_MAIL_MAIL_H
#define LWP_MAIL_MAIL_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/lang.h"
#include "store/store.h"

struct mail_config {
	const char *smtp_url;  /* smtp://host:port (STARTTLS when offered) or smtps:// */
	const char *from_addr; /* envelope and From address */
	const char *from_name;
	int retry_seconds;     /* first retry delay; doubles per attempt */
	/* Called after each message mail_send_pending tried (may be NULL). */
	void (*progress)(int sent, int failed);
};

#define MAIL_MAX_ATTEMPTS 10

/* Build an RFC 5322 multipart/alternative message (text and HTML, UTF-8,
 * base64) into out; with attachments, that alternative is the first part
 * of a multipart/mixed message and each file a base64 part after it
 * (without attachments the message is exactly as before). Names and subject become RFC 2047 encoded-words, so no
 * user text can add a header. LWP_EINVAL for an invalid address. */
int mail_mime(struct buf *out, const struct mail_config *mc, const struct mail *m, int64_t now);

/* Deliver one message by SMTP. 0 or LWP_EIO with a reason in err. */
int mail_smtp_send(const struct mail_config *mc, const char *to, const char *data,
		   size_t len, char *err, size_t errlen);

/* Send every due message in the outbox; counts what was sent and what
 * failed (and will be retried). */
int mail_send_pending(struct store *s, const struct mail_config *mc, int *sent, int *failed);

/* The confirmation to an applicant, with the private link. Strings are
 * allocated in a. */
int mail_application_confirmation(struct arena *a, enum lang lang, const char *base_url,
				  const char *edition_title, const char *name,
				  const char *email, const char *token, struct mail *out);

/* The one-time login link, valid for minutes. */
int mail_login_link(struct arena *a, enum lang lang, const char *base_url, const char *name,
		    const char *email, const char *token, int minutes, struct mail *out);

/* The applicant is told that a lead changed the status (with a note). */
int mail_status_change(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, const char *status_label,
		       const char *note, struct mail *out);

/* The outcome of the selection for one applicant (rank on the waiting
 * list); token: the applicant's new private link (issued at confirmation,
 * replacing the first one), or NULL for none. */
int mail_selection_result(struct arena *a, enum lang lang, const char *base_url,
			  const char *edition_title, const char *name, const char *email,
			  enum app_status status, int rank, const char *token, struct mail *out);
/* Confirmations to the applicant: the application withdrawn (by them, by
 * letting an offered place go, or by a lead), a freed place taken, and an
 * offer that lapsed without an answer. */
int mail_withdrawal(struct arena *a, enum lang lang, const char *edition_title,
		    const char *name, const char *email, struct mail *out);
int mail_offer_taken(struct arena *a, enum lang lang, const char *edition_title,
		     const char *name, const char *email, struct mail *out);
int mail_offer_lapsed(struct arena *a, enum lang lang, const char *edition_title,
		      const char *name, const char *email, struct mail *out);
/* A freed place offered to the next on the waiting list; until is the
 * answer deadline, already formatted in the recipient's language. */
int mail_offer(struct arena *a, enum lang lang, const char *base_url, const char *edition_title,
	       const char *name, const char *email, const char *token, const char *until,
	       struct mail *out);

/* A participant or coach told their subgroup: its name (or "Subgroup N"
 * from position), its members ("Name (Organisation)") and coaches. */
struct mail_subgroup_in {
	const char *edition_title;
	const char *name, *email;
	int coach;                /* the recipient coaches the group */
	const char *group_name;   /* "" for none */
	int position;
	const char *const *members;
	int nmembers;
	const char *const *coaches;
	int ncoaches;
};
int mail_subgroup(struct arena *a, enum lang lang, const struct mail_subgroup_in *in,
		  struct mail *out);
/* An invoice to an organisation's invoice address, with the private link
 * to see it; amount and due date already formatted. The caller attaches
 * the UBL and the printable copy. */
int mail_invoice(struct arena *a, enum lang lang, const char *base_url, const char *edition_title,
		 const char *name, const char *email, const char *number, const char *amount,
		 const char *due, const char *token, struct mail *out);
/* A one-time link to download one's own data (AVG art. 15 and 20), valid
 * for minutes; asked for on the application's private page. */
int mail_privacy_download(struct arena *a, enum lang lang, const char *base_url,
			  const char *name, const char *email, const char *token, int minutes,
			  struct mail *out);

/* A lead's message to a group of an edition (service/messages.c): the
 * lead's subject, and the body as paragraphs (split at blank lines). */
int mail_group_message(struct arena *a, enum lang lang, const char *edition_title,
		       const char *name, const char *email, const char *subject,
		       const char *body, struct mail *out);

#endif
