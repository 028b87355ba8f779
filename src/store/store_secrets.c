/*
 * Secrets at rest: the TOTP secrets in the users table are sealed with a
 * key that lives outside the database (libsodium secretbox, XSalsa20 and
 * Poly1305), so that a copy of the database or of a backup does not give
 * away the second factor. The key file is created 0600 when missing; its
 * place is LWP_KEY_FILE, or next to an SQLite database (PATH.key), or
 * ./lwp.key for PostgreSQL. Back it up apart from the database (README).
 */
#include "store/store_internal.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALED_PREFIX "v1:"

static char *key_path(const char *url)
{
	const char *given = getenv("LWP_KEY_FILE");
	if (given && *given)
		return strdup(given);
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return strdup("lwp.key");
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	size_t n = strlen(path);
	char *out = malloc(n + 5);
	if (out)
		snprintf(out, n + 5, "%s.key", path);
	return out;
}

/* Read exactly the key from fd; LWP_EIO when the file is not a key. */
static int read_key(int fd, unsigned char *key)
{
	unsigned char extra;
	ssize_t n = read(fd, key, crypto_secretbox_KEYBYTES);
	if (n != (ssize_t)crypto_secretbox_KEYBYTES || read(fd, &extra, 1) != 0)
		return LWP_EIO;
	return 0;
}

static int create_key(const char *path, unsigned char *key)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? LWP_ECONFLICT : LWP_EIO;
	randombytes_buf(key, crypto_secretbox_KEYBYTES);
	ssize_t n = write(fd, key, crypto_secretbox_KEYBYTES);
	int rc = n == (ssize_t)crypto_secretbox_KEYBYTES && fsync(fd) == 0 ? 0 : LWP_EIO;
	close(fd);
	if (rc)
		unlink(path);
	else
		log_info("secrets: created the key file %s (back it up apart from the database)", path);
	return rc;
}

int store_secrets_open(struct store *s, const char *url, struct lwp_error *err)
{
	char *path = key_path(url);
	int rc = path ? 0 : LWP_ENOMEM;
	for (int attempt = 0; !rc && attempt < 2; attempt++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			rc = read_key(fd, s->key);
			close(fd);
			break;
		}
		if (errno != ENOENT) {
			rc = LWP_EIO;
			break;
		}
		rc = create_key(path, s->key);
		if (rc == LWP_ECONFLICT)
			rc = 0; /* another process made it first: read it */
		else
			break;
	}
	if (rc)
		lwp_fail(err, rc, NULL, "The key file for secrets cannot be read (LWP_KEY_FILE).");
	if (rc && path)
		log_error("secrets: the key file %s is missing, unreadable or not a key", path);
	free(path);
	return rc;
}

char *store_secret_seal(struct store *s, struct arena *a, const char *plain)
{
	size_t n = strlen(plain), box = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *raw = arena_alloc(a, box);
	size_t b64 = sodium_base64_encoded_len(box, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, sizeof(SEALED_PREFIX) - 1 + b64);
	if (!raw || !out)
		return NULL;
	randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n,
			      raw, s->key);
	memcpy(out, SEALED_PREFIX, sizeof(SEALED_PREFIX) - 1);
	sodium_bin2base64(out + sizeof(SEALED_PREFIX) - 1, b64, raw, box,
			  sodium_base64_VARIANT_ORIGINAL);
	return out;
}

int store_secret_open(struct store *s, struct arena *a, const char *sealed, char **plain)
{
	size_t len = strlen(sealed), bin_len = 0;
	if (strncmp(sealed, SEALED_PREFIX, sizeof(SEALED_PREFIX) - 1) != 0)
		return LWP_EINVAL; /* never stored in the clear since migration 10 */
	unsigned char *bin = arena_alloc(a, len);
	if (!bin)
		return LWP_ENOMEM;
	if (sodium_base642bin(bin, len, sealed + 3, len - 3, NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    bin_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return LWP_EINVAL;
	size_t n = bin_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return LWP_ENOMEM;
	if (crypto_secretbox_open_easy((unsigned char *)out, bin + crypto_secretbox_NONCEBYTES,
				       bin_len - crypto_secretbox_NONCEBYTES, bin, s->key))
		return LWP_EINVAL; /* another key, or tampered with */
	out[n] = '\0';
	*plain = out;
	return 0;
}
