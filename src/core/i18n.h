/*
 * Translations. Source strings are English msgids; po/nl.po holds their
 * Dutch translations and is compiled into a sorted table at build time
 * (scripts/po2c.py). A missing translation falls back to the English text,
 * and `make check-po` fails the build's tests when one is missing.
 */
#ifndef LWP_WEB_I18N_H
#define LWP_WEB_I18N_H

#include "core/lang.h"

const char *i18n_translate(enum lang lang, const char *msgid);

#endif
