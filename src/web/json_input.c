/* See json_input.h. jansson refuses invalid UTF-8, \u0000 and nesting
 * beyond its depth limit while parsing; duplicates are refused by flag. */
#include "web/json_input.h"
#include "web/form.h"
#include "core/lang.h"

#include <jansson.h>
#include <string.h>

/* tags as a JSON array of strings: joined into the comma-separated text
 * the field holds (a keyword with a comma in it would split, so it is
 * refused). NULL with an error added otherwise. */
static char *joined_tags(struct arena *a, const struct input_field *f, json_t *array,
			 struct field_errors *fe)
{
	size_t i, total = 1;
	json_t *item;
	json_array_foreach(array, i, item) {
		if (!json_is_string(item)) {
			field_errors_add(fe, f->name, N_("Use a text value or a list of texts."));
			return NULL;
		}
		if (memchr(json_string_value(item), ',', json_string_length(item))) {
			field_errors_add(fe, f->name, N_("A keyword in a list may not contain a comma."));
			return NULL;
		}
		total += json_string_length(item) + 2;
	}
	char *out = arena_alloc(a, total);
	if (!out)
		return NULL;
	size_t at = 0;
	json_array_foreach(array, i, item) {
		if (i > 0) {
			memcpy(out + at, ", ", 2);
			at += 2;
		}
		memcpy(out + at, json_string_value(item), json_string_length(item));
		at += json_string_length(item);
	}
	out[at] = '\0';
	return out;
}

static void copy_member(struct arena *a, const struct input_field *f, json_t *value,
			struct application_input *in, struct field_errors *fe)
{
	void *slot = (char *)in + f->offset;
	if (!f->boolean && json_is_array(value) && strcmp(f->name, "tags") == 0) {
		*(char **)slot = joined_tags(a, f, value, fe);
		return;
	}
	if (f->boolean) {
		if (!json_is_boolean(value))
			field_errors_add(fe, f->name, N_("Use true or false."));
		else
			*(int *)slot = json_is_true(value);
	} else if (json_is_null(value)) {
		*(char **)slot = NULL;
	} else if (!json_is_string(value)) {
		field_errors_add(fe, f->name, N_("Use a text value."));
	} else {
		*(char **)slot = arena_strndup(a, json_string_value(value),
					       json_string_length(value));
	}
}

enum json_input_result json_application_input(struct arena *a, const char *body, size_t len,
					      struct application_input *in,
					      struct field_errors *fe)
{
	json_error_t jerr;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc || !json_is_object(doc)) {
		json_decref(doc);
		return JSON_INPUT_BAD_JSON;
	}
	const char *key;
	json_t *value;
	int unknown = 0;
	json_object_foreach(doc, key, value) {
		const struct input_field *f = application_field(key);
		if (f) {
			copy_member(a, f, value, in, fe);
		} else {
			/* Echo at most 64 bytes of the name, cut at a character. */
			size_t n = strnlen(key, 64);
			while (n > 0 && n < strlen(key) && ((unsigned char)key[n] & 0xC0) == 0x80)
				n--;
			char *name = arena_strndup(a, key, n);
			field_errors_add(fe, name ? name : "?", N_("Unknown field."));
			unknown = 1;
		}
	}
	json_decref(doc);
	if (unknown)
		return JSON_INPUT_UNKNOWN_FIELD;
	return fe->n ? JSON_INPUT_WRONG_TYPE : JSON_INPUT_OK;
}
