/* Lookup in the generated table of Dutch translations (i18n_table.c). */
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

struct i18n_entry {
	const char *msgid;
	const char *nl;
};

extern const struct i18n_entry i18n_nl_table[];
extern const int i18n_nl_count;

static int compare_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct i18n_entry *)elem)->msgid);
}

const char *i18n_translate(enum lang lang, const char *msgid)
{
	if (lang == LANG_EN || !msgid)
		return msgid;
	const struct i18n_entry *e = bsearch(msgid, i18n_nl_table,
					      (size_t)i18n_nl_count,
					      sizeof(i18n_nl_table[0]),
					      compare_entry);
	return e && e->nl[0] ? e->nl : msgid;
}
