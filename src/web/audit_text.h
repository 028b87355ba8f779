/*
 * The audit log as a reader sees it: each action code, object and detail
 * shown as a sentence in the page's language, the code kept only as data
 * (a data- attribute and the CSV's code column).
 */
#ifndef LWP_WEB_AUDIT_TEXT_H
#define LWP_WEB_AUDIT_TEXT_H

#include "web/request.h"

/* The msgid of an action ("selection.confirm" -> "Selection confirmed"),
 * or NULL for a code this version does not know (shown as it is). */
const char *audit_action_label(const char *action);
/* The object ("edition:slug", "application:12", "user:3", ...) and the
 * detail of an entry in r's language, from the arena. What is not
 * recognised is returned as stored. */
const char *audit_object_text(struct req *r, const char *object);
const char *audit_detail_text(struct req *r, const char *action, const char *detail);

#endif
