/*
 * Time-based one-time passwords (RFC 6238 with HMAC-SHA-1, 30-second steps,
 * 6 digits), the second factor of leads and admins. SHA-1 is what every
 * authenticator app implements; as an HMAC it is still sound. Secrets are
 * 20 random bytes, shown to people in base32 (RFC 4648).
 */
#ifndef LWP_CORE_TOTP_H
#define LWP_CORE_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20
#define TOTP_STEP 30

void sha1(const void *data, size_t len, uint8_t out[20]);
void hmac_sha1(const uint8_t *key, size_t key_len, const void *msg, size_t msg_len,
	       uint8_t out[20]);

/* The code for a counter (HOTP, RFC 4226) with the given number of digits. */
uint32_t totp_hotp(const uint8_t *secret, size_t len, uint64_t counter, int digits);
/* 1 when code (6 digits as text) is valid at instant now, allowing one
 * step of clock drift either way; *step gets the matching time step, so the
 * caller can refuse a code used before (replay). */
int totp_check(const uint8_t *secret, size_t len, const char *code, int64_t now,
	       int64_t *step);

/* Base32 without padding; out needs (len * 8 + 4) / 5 + 1 bytes. */
void base32_encode(const uint8_t *in, size_t len, char *out);
/* Decode base32 (case-insensitive, spaces ignored); returns the number of
 * bytes or -1. */
int base32_decode(const char *in, uint8_t *out, size_t cap);

#endif
