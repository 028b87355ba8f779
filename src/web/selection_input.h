/*
 * What the lead's selection forms send: a mark ("ID:include", "ID:exclude"
 * or "ID:none") and the weights. Decoded here, apart from
 * page_selection.c, so that the fuzz target and unit tests reach them; the
 * service checks the weights again (selection_settings_valid).
 */
#ifndef LWP_WEB_SELECTION_INPUT_H
#define LWP_WEB_SELECTION_INPUT_H

#include <stdint.h>

#include "domain/rules.h"
#include "domain/selection.h"
#include "web/form.h"

/* Decode a mark value (or NULL): 0 with *id >= 1 and *mark one of
 * MARK_INCLUDE, MARK_EXCLUDE, MARK_NONE; LWP_EINVAL when it is not of the
 * form "ID:word" with a known word (the form is broken); LWP_ENOTFOUND when
 * the ID is not a whole number from 1 (no such application). */
int selection_mark_decode(const char *text, int64_t *id, int *mark);

/* The fields of the weights form, in the order of struct
 * selection_settings: w_org, w_parent, w_kind, w_theme, w_tags, offer_days. */
#define SELECTION_SETTING_FIELDS 6
extern const char *const selection_setting_names[SELECTION_SETTING_FIELDS];

/* Fill w from form f (missing fields are errors): each weight a whole
 * number 0..WEIGHT_MAX, offer_days OFFER_DAYS_MIN..OFFER_DAYS_MAX, not all
 * weights 0. Fields out of range or not numbers go to fe and leave w's
 * value untouched. 0 when w is complete and valid (selection_settings_valid
 * holds), LWP_EINVAL otherwise. */
int selection_settings_decode(const struct form *f, struct selection_settings *w,
			      struct field_errors *fe);

#endif
