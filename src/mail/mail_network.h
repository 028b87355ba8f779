/* The mail of the network of initiatives: the links that confirm a
 * nomination, to the nominator and to the owner (mail_network.c). */
#ifndef LWP_MAIL_MAIL_NETWORK_H
#define LWP_MAIL_MAIL_NETWORK_H

#include "mail/mail.h"

/* "Confirm your nomination of TITLE": the nominator's link. */
int mail_nomination_confirm(struct arena *a, enum lang lang, const char *base_url,
			    const char *title, const char *name, const char *email,
			    const char *token, struct mail *out);
/* "NOMINATOR nominated your initiative TITLE": the owner's link. */
int mail_nomination_owner(struct arena *a, enum lang lang, const char *base_url,
			  const char *title, const char *nominator, const char *name,
			  const char *email, const char *token, struct mail *out);

/* "MAKER proposes a connection: FROM, KIND, TO": to the other side, with
 * the link to the page where they confirm or remove it. */
int mail_connection_proposed(struct arena *a, enum lang lang, const char *base_url,
			     const char *maker, const char *from, const char *kind_msgid,
			     const char *to, const char *name, const char *email,
			     struct mail *out);

#endif
