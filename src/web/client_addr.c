/* The client's address behind an optional reverse proxy; see client_addr.h. */
#include "web/client_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

const char *client_addr(struct arena *a, const char *xff, int trust_proxy, const char *peer)
{
	unsigned char ip[16];
	char text[INET6_ADDRSTRLEN];
	if (!trust_proxy || !xff)
		return peer;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	int family = inet_pton(AF_INET, last, ip) == 1 ? AF_INET
		     : inet_pton(AF_INET6, last, ip) == 1 ? AF_INET6 : 0;
	if (!family || !inet_ntop(family, ip, text, sizeof(text)))
		return peer;
	const char *copy = arena_strdup(a, text);
	return copy ? copy : peer;
}
