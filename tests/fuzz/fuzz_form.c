/*
 * libFuzzer target for form_parse (src/web/form.c): arbitrary bytes as an
 * application/x-www-form-urlencoded body. Besides the sanitizers it checks
 * the contract of a successful parse: at most FORM_FIELDS_MAX fields, no
 * duplicate names, every name and value valid UTF-8 without NUL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	if (!s || !utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct form f;
	int rc = form_parse(a, (const char *)data, size, &f);
	if (rc == FORM_OK) {
		if (f.n < 0 || f.n > FORM_FIELDS_MAX)
			abort();
		for (int i = 0; i < f.n; i++) {
			check_text(f.f[i].name);
			check_text(f.f[i].value);
			/* A value never holds more bytes than the input. */
			if (strlen(f.f[i].value) > size)
				abort();
			for (int j = 0; j < i; j++)
				if (strcmp(f.f[i].name, f.f[j].name) == 0)
					abort();
			if (form_get(&f, f.f[i].name) != f.f[i].value)
				abort();
		}
	} else if (rc != FORM_BAD_ENCODING && rc != FORM_DUPLICATE &&
		   rc != FORM_TOO_MANY && rc != FORM_NO_MEMORY) {
		abort();
	}
	arena_free(a);
	return 0;
}
