/*
 * libFuzzer target for the API's JSON input (src/web/json_input.c):
 * arbitrary bytes as a request body, then, as the API does, normalise and
 * validate the application (src/domain/rules.c). Checks that accepted text
 * is valid UTF-8 and that the error list stays within its bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "domain/rules.h"
#include "web/form.h"
#include "web/json_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fields(const struct application_input *in)
{
	for (const struct input_field *f = application_fields; f->name; f++) {
		if (f->boolean)
			continue;
		const char *s = *(char *const *)((const char *)in + f->offset);
		if (s && !utf8_valid(s, strlen(s)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct application_input in;
	struct field_errors fe;
	memset(&in, 0, sizeof(in));
	memset(&fe, 0, sizeof(fe));
	enum json_input_result rc = json_application_input(a, (const char *)data, size,
							   &in, &fe);
	if (fe.n < 0 || fe.n > FIELD_ERRORS_MAX)
		abort();
	if (rc == JSON_INPUT_OK) {
		if (fe.n != 0)
			abort();
		check_fields(&in);
		application_normalise(&in, a);
		check_fields(&in);
		int n = application_validate(&in, &fe);
		if (n != fe.n || n < 0 || n > FIELD_ERRORS_MAX)
			abort();
		for (int i = 0; i < fe.n; i++)
			if (!fe.items[i].field || !fe.items[i].msg)
				abort();
		if (in.email && n == 0 && !email_valid(in.email))
			abort();
	} else if (rc != JSON_INPUT_BAD_JSON && rc != JSON_INPUT_UNKNOWN_FIELD &&
		   rc != JSON_INPUT_WRONG_TYPE) {
		abort();
	} else if (rc != JSON_INPUT_BAD_JSON && fe.n == 0) {
		abort(); /* unknown field or wrong type must say which */
	}
	arena_free(a);
	return 0;
}
