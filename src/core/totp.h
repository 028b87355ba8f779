/*
 * Time-based one-time passwords (RFC 6238 with HMAC-SHA-1, 30-second steps,
 * 6 digits), the second factor of leads and admins. SHA-1 is what every
 * authenticator app implements; as an HMAC it is still sound. Secrets are
 * 20 random bytes, shown to people in base32 (RFC 4648). The cryptography
 * is liboath's (OATH Toolkit, Debian liboath-dev); see totp.c.
 */
#ifndef LWP_CORE_TOTP_H
#define LWP_CORE_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20
#define TOTP_STEP 30
/* What totp_hotp returns when it cannot compute a code; no code of at most
 * 8 digits has this value. */
#define TOTP_FAILED UINT32_MAX

/* The code for a counter (HOTP, RFC 4226) with 6, 7 or 8 digits, as a number
 * (leading zeros dropped); TOTP_FAILED for other digit counts or when
 * liboath fails. */
uint32_t totp_hotp(const uint8_t *secret, size_t len, uint64_t counter, int digits);
/* 1 when code (6 digits as text) is valid at instant now, allowing one
 * step of clock drift either way; *step gets the matching time step, so the
 * caller can refuse a code used before (replay). The comparison is constant
 * time; 0 also for an instant before 1970 and when liboath fails (fail
 * closed). */
int totp_check(const uint8_t *secret, size_t len, const char *code, int64_t now,
	       int64_t *step);

/* Base32 without padding; out needs (len * 8 + 4) / 5 + 1 bytes. */
void base32_encode(const uint8_t *in, size_t len, char *out);
/* Decode base32 (case-insensitive, spaces ignored, padding optional but the
 * length must be a whole number of bytes); returns the number of bytes, or -1
 * when the text is not base32 or needs more than cap bytes. */
int base32_decode(const char *in, uint8_t *out, size_t cap);

#endif
