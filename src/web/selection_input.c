/* Decoding of the selection forms' marks and weights; see selection_input.h. */
#include "web/selection_input.h"
#include "core/error.h"
#include "core/lang.h"
#include "core/parse.h"

#include <string.h>

int selection_mark_decode(const char *text, int64_t *id, int *mark)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	char idtext[24];
	long long v;
	int value = !colon ? 2 : strcmp(colon + 1, "include") == 0 ? MARK_INCLUDE
		    : strcmp(colon + 1, "exclude") == 0 ? MARK_EXCLUDE
		    : strcmp(colon + 1, "none") == 0 ? MARK_NONE : 2;
	size_t n = colon ? (size_t)(colon - text) : 0;
	if (value == 2 || n == 0 || n >= sizeof(idtext))
		return LWP_EINVAL;
	memcpy(idtext, text, n);
	idtext[n] = '\0';
	if (parse_int(idtext, 1, INT64_MAX, &v))
		return LWP_ENOTFOUND;
	*id = (int64_t)v;
	*mark = value;
	return 0;
}

const char *const selection_setting_names[SELECTION_SETTING_FIELDS] = {
	"w_org", "w_parent", "w_kind", "w_theme", "w_tags", "offer_days",
};

int selection_settings_decode(const struct form *f, struct selection_settings *w,
			      struct field_errors *fe)
{
	int *slots[SELECTION_SETTING_FIELDS] = {&w->w_org, &w->w_parent, &w->w_kind, &w->w_theme,
						&w->w_tags, &w->offer_days};
	int bad = 0;
	for (int i = 0; i < SELECTION_SETTING_FIELDS; i++) {
		long long v;
		int days = slots[i] == &w->offer_days;
		if (parse_int(form_get(f, selection_setting_names[i]), days ? OFFER_DAYS_MIN : 0,
			      days ? OFFER_DAYS_MAX : WEIGHT_MAX, &v)) {
			field_errors_add(fe, selection_setting_names[i],
					 days ? N_("Enter a number of days from 1 to 60.")
					 : N_("Enter a whole number from 0 to 10."));
			bad = 1;
		} else {
			*slots[i] = (int)v;
		}
	}
	if (!bad && selection_settings_valid(w)) {
		field_errors_add(fe, "w_org", N_("At least one weight must be more than 0."));
		bad = 1;
	}
	return bad ? LWP_EINVAL : 0;
}
