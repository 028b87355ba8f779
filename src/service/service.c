/* See service.h. */
#include "service/service.h"
#include "store/store_write.h"

int svc_audit(struct store *s, const struct actor *who, int64_t now, const char *action,
	      const char *object, const char *detail)
{
	struct audit_entry e = {0};
	e.at = now;
	e.actor_id = who->id;
	e.actor = who->name;
	e.action = action;
	e.object = object;
	e.detail = detail;
	e.ip = who->ip;
	return store_audit(s, &e);
}
