/*
 * Accounts and roles (SPEC section 3): who someone is to the platform and
 * what they may do; the password policy. Plain rules, no storage.
 */
#ifndef LWP_DOMAIN_ACCOUNT_H
#define LWP_DOMAIN_ACCOUNT_H

#include <stdint.h>

enum role {
	ROLE_PUBLIC = 1u << 0,
	ROLE_PARTICIPANT = 1u << 1,
	ROLE_MEMBER = 1u << 2,
	ROLE_COACH = 1u << 3,
	ROLE_LEAD = 1u << 4,
	ROLE_ADMIN = 1u << 5,
	ROLE_USER = 1u << 6, /* any signed-in account, whatever its roles */
};

#define ROLES_ANYONE (ROLE_PUBLIC | ROLE_USER | ROLE_PARTICIPANT | ROLE_MEMBER | \
		      ROLE_COACH | ROLE_LEAD | ROLE_ADMIN)
#define ROLES_SIGNED_IN ROLE_USER
#define ROLES_CONSOLE (ROLE_LEAD | ROLE_ADMIN)
/* The console, and the coaches of the edition the route loads (recording
 * attendance): a coach of another edition is refused like its lead. */
#define ROLES_STAFF (ROLES_CONSOLE | ROLE_COACH)

struct user {
	int64_t id;
	char *email;
	char *name;
	char *lang;
	int has_password;
	int has_totp;
	int disabled;
	int64_t created_at;
};

/* A role, for every edition (edition_id 0) or for one. */
struct role_grant {
	enum role role;
	int64_t edition_id;
};

#define PASSWORD_MIN 8
#define PASSWORD_MAX 128

/* "lead" -> ROLE_LEAD; 0 for an unknown name. */
enum role role_parse(const char *s);
const char *role_code(enum role r);

/* The union of roles held anywhere, as a bit mask (always with PUBLIC). */
unsigned roles_mask(const struct role_grant *g, int n);
/* 1 when the grants give role r for this edition (or for all). Admins hold
 * every role everywhere. */
int roles_allow(const struct role_grant *g, int n, enum role r, int64_t edition_id);
/* Leads and admins must pass a second factor (TOTP). */
int roles_need_second_factor(unsigned mask);

/* 0 when the password may be used; otherwise an English msgid. Length is
 * counted in characters; longer than PASSWORD_MAX is refused before any
 * hashing. Common passwords are refused. */
const char *password_problem(const char *password);

#endif
