/*
 * HOTP/TOTP (RFC 4226/6238) and base32 (RFC 4648) on top of liboath, the
 * OATH Toolkit's library: the SHA-1, the HMAC and the dynamic truncation
 * are liboath's, not ours, and so is the base32 decoder. What stays here is
 * our policy: 6 digits, 30-second steps, one step of drift, the step reported
 * for replay protection, a comparison that takes the same time whatever the
 * code, and a base32 encoder that cannot fail.
 */
#include "core/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void oath_start(void)
{
	oath_ready = oath_init() == OATH_OK;
}

/* liboath wants oath_init before any other call; once per process, from
 * whichever thread gets here first. Never undone: oath_done at exit would
 * only race with a late request. */
static int oath_ok(void)
{
	return pthread_once(&oath_once, oath_start) == 0 && oath_ready;
}

/* 1 when a and b (n bytes each) are equal; reads every byte whatever it
 * finds, so the time says nothing about where they differ. */
static int same_bytes(const char *a, const char *b, size_t n)
{
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

uint32_t totp_hotp(const uint8_t *secret, size_t len, uint64_t counter, int digits)
{
	char otp[OATH_HOTP_LENGTH(8, 0) + 1];
	if (digits < 6 || digits > 8 || !oath_ok() ||
	    oath_hotp_generate((const char *)secret, len, counter, (unsigned)digits, 0,
			       OATH_HOTP_DYNAMIC_TRUNCATION, otp) != OATH_OK)
		return TOTP_FAILED;
	return (uint32_t)strtoul(otp, NULL, 10);
}

int totp_check(const uint8_t *secret, size_t len, const char *code, int64_t now,
	       int64_t *step)
{
	if (!code || strlen(code) != 6 || now < 0 || !oath_ok())
		return 0;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	int64_t current = now / TOTP_STEP;
	int found = 0;
	/* All three steps are generated and compared, without stopping at the
	 * first match, so the time taken says nothing about the code. */
	for (int64_t s = current - 1; s <= current + 1; s++) {
		char expect[OATH_HOTP_LENGTH(6, 0) + 1];
		if (s < 0)
			continue;
		if (oath_totp_generate2((const char *)secret, len, (time_t)(s * TOTP_STEP),
					TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, 6, 0,
					expect) != OATH_OK)
			return 0;
		int match = same_bytes(expect, code, 6);
		if (match && !found)
			*step = s;
		found |= match;
	}
	return found;
}

/* Encoding stays ours: it cannot fail and needs no allocation, where
 * oath_base32_encode mallocs; a failed encode would leave a caller such as
 * the recovery codes with a short, guessable code. The alphabet is RFC 4648's. */
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void base32_encode(const uint8_t *in, size_t len, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		acc = acc << 8 | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

/* Decoding reads text from a form or the database: liboath's parser. */
int base32_decode(const char *in, uint8_t *out, size_t cap)
{
	char *dec = NULL;
	size_t n = 0;
	int rc = -1;
	if (!in || !oath_ok() || oath_base32_decode(in, strlen(in), &dec, &n) != OATH_OK)
		return -1;
	if (n <= cap && n <= (size_t)INT32_MAX) {
		memcpy(out, dec, n);
		rc = (int)n;
	}
	/* The decoded bytes are usually a TOTP secret: wipe liboath's copy. */
	if (dec)
		explicit_bzero(dec, n);
	free(dec);
	return rc;
}
