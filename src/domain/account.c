/* Roles and the password policy; see account.h. */
#include "domain/account.h"
#include "core/lang.h"
#include "core/utf8.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct {
	enum role role;
	const char *code;
} role_names[] = {
	{ROLE_PARTICIPANT, "participant"}, {ROLE_MEMBER, "member"}, {ROLE_COACH, "coach"},
	{ROLE_LEAD, "lead"}, {ROLE_ADMIN, "admin"},
};

enum role role_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(role_names[i].code, s) == 0)
			return role_names[i].role;
	return 0;
}

const char *role_code(enum role r)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (role_names[i].role == r)
			return role_names[i].code;
	return "public";
}

unsigned roles_mask(const struct role_grant *g, int n)
{
	unsigned mask = ROLE_PUBLIC;
	for (int i = 0; i < n; i++)
		mask |= g[i].role;
	return mask;
}

int roles_allow(const struct role_grant *g, int n, enum role r, int64_t edition_id)
{
	for (int i = 0; i < n; i++) {
		if (g[i].role == ROLE_ADMIN)
			return 1;
		if (g[i].role == r && (g[i].edition_id == 0 || g[i].edition_id == edition_id))
			return 1;
	}
	return 0;
}

int roles_need_second_factor(unsigned mask)
{
	return (mask & (ROLE_LEAD | ROLE_ADMIN)) != 0;
}

/* Passwords people pick first; a real deployment can extend this list. */
static const char *const common_passwords[] = {
	"password", "password1", "password123", "passw0rd", "wachtwoord", "wachtwoord1",
	"welkom", "welkom01", "welkom123", "welkom2024", "welkom2025", "welkom2026",
	"12345678", "123456789", "1234567890", "87654321", "11111111", "00000000",
	"qwertyui", "qwerty123", "qwertyuiop", "azertyui", "abcdefgh", "abcd1234",
	"iloveyou", "sunshine", "princess", "football", "voetbal1", "baseball",
	"letmein1", "trustno1", "superman", "monkey12", "dragon12", "master12",
	"zomer2025", "winter2025", "lente2026", "herfst2026", "nederland",
	"amsterdam", "rotterdam", "denhaag1", "utrecht1", "feyenoord", "ajax1900",
	"rijksoverheid", "leerwerkplaats", "changeme", "administrator", "admin123",
	"geheim12", "geheim123", "test1234", "testtest", "computer", "internet",
};

const char *password_problem(const char *password)
{
	size_t bytes = strlen(password);
	if (bytes > PASSWORD_MAX * 4 || !utf8_valid(password, bytes))
		return N_("Use a password of 8 to 128 characters.");
	size_t chars = utf8_length(password, bytes);
	if (chars < PASSWORD_MIN || chars > PASSWORD_MAX)
		return N_("Use a password of 8 to 128 characters.");
	for (size_t i = 0; i < sizeof(common_passwords) / sizeof(common_passwords[0]); i++)
		if (strcasecmp(password, common_passwords[i]) == 0)
			return N_("This password is too common; choose another.");
	return NULL;
}
