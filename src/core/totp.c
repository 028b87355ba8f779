/* SHA-1 (FIPS 180-4), HMAC (RFC 2104), HOTP/TOTP (RFC 4226/6238), base32. */
#include "core/totp.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d), k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ c ^ d, k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
		} else {
			f = b ^ c ^ d, k = 0xCA62C1D6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void sha1(const void *data, size_t len, uint8_t out[20])
{
	uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
	const uint8_t *p = data;
	size_t full = len / 64 * 64;
	for (size_t i = 0; i < full; i += 64)
		sha1_block(h, p + i);
	uint8_t tail[128] = {0};
	size_t rest = len - full;
	memcpy(tail, p + full, rest);
	tail[rest] = 0x80;
	size_t tail_len = rest < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha1_block(h, tail);
	if (tail_len == 128)
		sha1_block(h, tail + 64);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

void hmac_sha1(const uint8_t *key, size_t key_len, const void *msg, size_t msg_len,
	       uint8_t out[20])
{
	uint8_t k[64] = {0}, inner[64 + 64], digest[20];
	if (key_len > 64)
		sha1(key, key_len, k);
	else
		memcpy(k, key, key_len);
	/* Messages here are 8-byte counters; longer ones are not needed. */
	size_t n = msg_len > 64 ? 64 : msg_len;
	for (int i = 0; i < 64; i++)
		inner[i] = k[i] ^ 0x36;
	memcpy(inner + 64, msg, n);
	sha1(inner, 64 + n, digest);
	uint8_t outer[64 + 20];
	for (int i = 0; i < 64; i++)
		outer[i] = k[i] ^ 0x5c;
	memcpy(outer + 64, digest, 20);
	sha1(outer, sizeof(outer), out);
}

uint32_t totp_hotp(const uint8_t *secret, size_t len, uint64_t counter, int digits)
{
	uint8_t msg[8], mac[20];
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (uint8_t)counter;
	hmac_sha1(secret, len, msg, sizeof(msg), mac);
	int off = mac[19] & 0x0F;
	uint32_t bin = (uint32_t)(mac[off] & 0x7F) << 24 | (uint32_t)mac[off + 1] << 16 |
		       (uint32_t)mac[off + 2] << 8 | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

int totp_check(const uint8_t *secret, size_t len, const char *code, int64_t now,
	       int64_t *step)
{
	uint32_t given = 0;
	if (!code || strlen(code) != 6)
		return 0;
	for (int i = 0; i < 6; i++) {
		if (code[i] < '0' || code[i] > '9')
			return 0;
		given = given * 10 + (uint32_t)(code[i] - '0');
	}
	int64_t current = now / TOTP_STEP;
	int found = 0;
	/* Check all three steps without stopping early, in constant time per
	 * candidate, so the time taken says nothing about the code. */
	for (int64_t s = current - 1; s <= current + 1; s++) {
		uint32_t expect = totp_hotp(secret, len, (uint64_t)s, 6);
		uint32_t diff = expect ^ given;
		int match = diff == 0;
		if (match && !found)
			*step = s;
		found |= match;
	}
	return found;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void base32_encode(const uint8_t *in, size_t len, char *out)
{
	uint32_t buffer = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		buffer = buffer << 8 | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buffer >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buffer << (5 - bits)) & 31];
	out[o] = '\0';
}

int base32_decode(const char *in, uint8_t *out, size_t cap)
{
	uint32_t buffer = 0;
	int bits = 0;
	size_t o = 0;
	for (; *in; in++) {
		if (*in == ' ' || *in == '=')
			continue;
		char c = (char)(*in >= 'a' && *in <= 'z' ? *in - 32 : *in);
		const char *p = strchr(b32, c);
		if (!p || !c)
			return -1;
		buffer = buffer << 5 | (uint32_t)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (o == cap)
				return -1;
			out[o++] = (uint8_t)(buffer >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)o;
}
