/*
 * Result codes shared by every layer, and the error detail a caller passes
 * down so that the failing function can say which message and which field.
 */
#ifndef LWP_CORE_ERROR_H
#define LWP_CORE_ERROR_H

/* On functions whose result must be looked at: store, db and service
 * functions. Wrap a deliberate ignore in LWP_IGNORE. */
#define LWP_MUST_USE __attribute__((warn_unused_result))
/* A deliberate ignore of such a result (GCC does not accept a plain
 * (void) cast for warn_unused_result). */
#define LWP_IGNORE(expr) ((void)!(expr))

enum lwp_result {
	LWP_OK = 0,
	LWP_EINVAL = -1,     /* input failed validation */
	LWP_ENOTFOUND = -2,  /* no such record */
	LWP_ECONFLICT = -3,  /* unique constraint: record exists */
	LWP_ENOMEM = -4,     /* allocation or buffer cap */
	LWP_EDB = -5,        /* database failure */
	LWP_EBUSY = -6,      /* database locked or serialisation failure: retry */
	LWP_ECLOSED = -7,    /* edition not open for applications */
	LWP_EDEADLINE = -8,  /* deadline passed */
	LWP_EIO = -9,        /* file or socket failure */
	LWP_ETOOLARGE = -10, /* input over its size limit */
	LWP_ELIMIT = -11,    /* rate limit reached: try again later */
	LWP_ECAPACITY = -12, /* no place left: accepted would exceed capacity */
	LWP_EORGCAP = -13,   /* the organisation has its maximum of participants */
};

/* Details of a failure: a message key (an English msgid, translated where
 * shown) and optionally the field it concerns. Both point to static text. */
struct lwp_error {
	int code;
	const char *msg;
	const char *field;
};

static inline int lwp_fail(struct lwp_error *err, int code, const char *field,
			   const char *msg)
{
	if (err) {
		err->code = code;
		err->field = field;
		err->msg = msg;
	}
	return code;
}

const char *lwp_result_name(int code);

#endif
