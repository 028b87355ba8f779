/* URL-encoded form decoding; see form.h. */
#include "web/form.h"
#include "core/utf8.h"

#include <stddef.h>
#include <string.h>

#define FIELD(name, boolean) {#name, boolean, offsetof(struct application_input, name)}

const struct input_field application_fields[] = {
	FIELD(name, 0), FIELD(email, 0), FIELD(organisation, 0),
	FIELD(organisation_kind, 0), FIELD(organisation_parent, 0), FIELD(function, 0), FIELD(phone, 0),
	FIELD(initiative_title, 0), FIELD(theme, 0), FIELD(initiative_summary, 0),
	FIELD(tags, 0), FIELD(motivation, 0), FIELD(question, 0),
	FIELD(billing_contact, 0), FIELD(billing_address, 0),
	FIELD(billing_reference, 0), FIELD(residential_needs, 0), FIELD(lang, 0),
	FIELD(eligible, 1), FIELD(consent, 1), FIELD(consent_directory, 1),
	{NULL, 0, 0},
};

const struct input_field *application_field(const char *name)
{
	for (const struct input_field *f = application_fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *form_decode(struct arena *a, const char *s, size_t n, int *err)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	if (!out) {
		*err = FORM_NO_MEMORY;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*err = FORM_BAD_ENCODING;
				return NULL;
			}
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	if (memchr(out, '\0', o) || !utf8_valid(out, o)) {
		*err = FORM_BAD_ENCODING;
		return NULL;
	}
	return out;
}

int form_parse(struct arena *a, const char *s, size_t len, struct form *out)
{
	out->n = 0;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		if (end > i) {
			const char *eq = memchr(s + i, '=', end - i);
			size_t name_len = eq ? (size_t)(eq - (s + i)) : end - i;
			int err = FORM_OK;
			char *name = form_decode(a, s + i, name_len, &err);
			char *value = name ? (eq ? form_decode(a, eq + 1, (size_t)(s + end - eq - 1), &err)
						 : arena_strdup(a, "")) : NULL;
			if (!name || !value)
				return err ? err : FORM_NO_MEMORY;
			if (form_get(out, name))
				return FORM_DUPLICATE;
			if (out->n == FORM_FIELDS_MAX)
				return FORM_TOO_MANY;
			out->f[out->n].name = name;
			out->f[out->n].value = value;
			out->n++;
		}
		i = end + 1;
	}
	return FORM_OK;
}

const char *form_get(const struct form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}
