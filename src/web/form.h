/*
 * Decoding of application/x-www-form-urlencoded bodies and query strings.
 * Refuses, as a whole, input with bad percent-encoding, invalid UTF-8, NUL
 * bytes, duplicate field names or too many fields.
 */
#ifndef LWP_WEB_FORM_H
#define LWP_WEB_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "domain/model.h"

#define FORM_FIELDS_MAX 64

struct form {
	int n;
	struct {
		char *name;
		char *value;
	} f[FORM_FIELDS_MAX];
};

enum form_error {
	FORM_OK = 0,
	FORM_BAD_ENCODING = -1, /* bad %XX, invalid UTF-8 or NUL */
	FORM_DUPLICATE = -2,
	FORM_TOO_MANY = -3,
	FORM_NO_MEMORY = -4,
};

/* Decode s[0..n) ('+' is a space, %XX a byte) into a, NUL-terminated; NULL
 * with *err set to FORM_BAD_ENCODING (a bad %XX, invalid UTF-8 or a NUL) or
 * FORM_NO_MEMORY. */
char *form_decode(struct arena *a, const char *s, size_t n, int *err);
int form_parse(struct arena *a, const char *s, size_t len, struct form *out);
const char *form_get(const struct form *f, const char *name);

/* The fields of an application, shared by the HTML form and the JSON API:
 * the name on the wire, whether it is a yes/no field, and where it goes. */
struct input_field {
	const char *name;
	int boolean;
	size_t offset; /* of char * or int in struct application_input */
};

extern const struct input_field application_fields[];
const struct input_field *application_field(const char *name);

#endif
