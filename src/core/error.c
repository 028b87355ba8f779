/* Names of result codes, for logs and the JSON API's error.code. */
#include "core/error.h"

const char *lwp_result_name(int code)
{
	switch (code) {
	case LWP_OK: return "ok";
	case LWP_EINVAL: return "invalid";
	case LWP_ENOTFOUND: return "not_found";
	case LWP_ECONFLICT: return "conflict";
	case LWP_ENOMEM: return "out_of_memory";
	case LWP_EDB: return "database";
	case LWP_EBUSY: return "busy";
	case LWP_ECLOSED: return "closed";
	case LWP_EDEADLINE: return "deadline_passed";
	case LWP_EIO: return "io";
	case LWP_ETOOLARGE: return "too_large";
	case LWP_ELIMIT: return "rate_limited";
	case LWP_ECAPACITY: return "capacity";
	case LWP_EORGCAP: return "org_cap";
	}
	return "unknown";
}
