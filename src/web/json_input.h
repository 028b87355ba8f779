/* Reading an application from a JSON body (the API's POST), apart from
 * HTTP so that it can be fuzzed and unit-tested on its own. */
#ifndef LWP_WEB_JSON_INPUT_H
#define LWP_WEB_JSON_INPUT_H

#include <stddef.h>

#include "core/arena.h"
#include "domain/rules.h"

enum json_input_result {
	JSON_INPUT_OK = 0,
	JSON_INPUT_BAD_JSON,      /* not a JSON object, bad UTF-8, duplicate names, too deep */
	JSON_INPUT_UNKNOWN_FIELD, /* fe names the unknown fields */
	JSON_INPUT_WRONG_TYPE,    /* fe names the fields */
};

/* Parse body[0..len) into in (strings copied into a); only the names of
 * the application form are accepted, text as strings (or null), yes/no
 * fields as booleans. */
enum json_input_result json_application_input(struct arena *a, const char *body, size_t len,
					      struct application_input *in,
					      struct field_errors *fe);

#endif
