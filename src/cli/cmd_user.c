/* lwp user add|grant|revoke|list: accounts and their roles, for the
 * operator. Every change is written to the audit log as done by "cli". */
#include "cli/cli.h"
#include "service/accounts.h"
#include "core/tz.h"
#include "domain/rules.h"

#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char user_help[] =
	"usage: lwp user add EMAIL --name NAME [--lang nl|en] [--password-stdin] [--db URL]\n"
	"       lwp user grant EMAIL ROLE [--edition SLUG] [--db URL]\n"
	"       lwp user revoke EMAIL ROLE [--edition SLUG] [--db URL]\n"
	"       lwp user list [--db URL]\n\n"
	"ROLE is participant, member, coach, lead or admin. Without --edition a\n"
	"role holds for every edition. --password-stdin reads a password (8 to 128\n"
	"characters) from the first line of standard input; without it the user\n"
	"signs in by e-mail link. Leads and admins set up two-step verification at\n"
	"their first sign-in.\n";

struct user_opts {
	const char *db, *name, *lang, *edition;
	int password_stdin;
};

static int parse(int argc, char **argv, struct user_opts *o, int *first)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"name", required_argument, NULL, 'n'},
		{"lang", required_argument, NULL, 'l'},
		{"edition", required_argument, NULL, 'e'},
		{"password-stdin", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	memset(o, 0, sizeof(*o));
	o->db = cli_default_db();
	o->lang = "nl";
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 'n': o->name = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'e': o->edition = optarg; break;
		case 'p': o->password_stdin = 1; break;
		case 'h': fputs(user_help, stdout); return 1;
		default: fputs(user_help, stderr); return -1;
		}
	}
	*first = optind;
	return 0;
}

static int read_password(char *out, size_t cap)
{
	if (!fgets(out, (int)cap, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int add(struct store *s, struct arena *a, const struct user_opts *o, const char *email)
{
	char password[PASSWORD_MAX * 4 + 2];
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	if (!email_valid(email) || !o->name || !cli_text_ok(o->name) || !*o->name ||
	    (strcmp(o->lang, "nl") != 0 && strcmp(o->lang, "en") != 0)) {
		cli_error("user add needs a valid EMAIL, --name and --lang nl or en");
		return EXIT_USAGE;
	}
	if (o->password_stdin) {
		const char *problem = read_password(password, sizeof(password)) ? "no password on standard input"
				      : password_problem(password);
		if (problem) {
			cli_error("%s", problem);
			return EXIT_USAGE;
		}
	}
	int rc = 0;
	if (o->password_stdin) {
		rc = crypto_pwhash_str(hash, password, strlen(password),
				       crypto_pwhash_OPSLIMIT_INTERACTIVE,
				       crypto_pwhash_MEMLIMIT_INTERACTIVE) ? LWP_ENOMEM : 0;
		sodium_memzero(password, sizeof(password));
	}
	struct actor who = ACTOR_CLI;
	if (!rc)
		rc = svc_user_create(s, a, &who, email, o->name, o->lang,
				     o->password_stdin ? hash : NULL, tz_now(), &id);
	if (rc == LWP_ECONFLICT) {
		cli_error("a user with this e-mail address exists already");
		return EXIT_FAIL;
	}
	if (rc) {
		cli_error("could not create the user (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	printf("created user %s (id %" PRId64 ")\n", email, id);
	return EXIT_OK;
}

static int change_role(struct store *s, struct arena *a, const struct user_opts *o,
		       const char *email, const char *role_name, int grant)
{
	struct user u;
	struct edition e;
	enum role role = role_parse(role_name);
	if (!role) {
		cli_error("ROLE must be participant, member, coach, lead or admin");
		return EXIT_USAGE;
	}
	if (store_user_by_email(s, a, email, &u)) {
		cli_error("no user with e-mail address %s", email);
		return EXIT_FAIL;
	}
	if (o->edition) {
		if (store_edition_get(s, a, o->edition, &e)) {
			cli_error("no edition with slug '%s'", o->edition);
			return EXIT_FAIL;
		}
	}
	struct actor who = ACTOR_CLI;
	int rc = svc_role_change(s, a, &who, &u, role, o->edition ? &e : NULL, grant, tz_now());
	if (rc == LWP_ENOTFOUND) {
		cli_error("%s does not have that role", email);
		return EXIT_FAIL;
	}
	if (rc) {
		cli_error("could not change the role (%s)", lwp_result_name(rc));
		return EXIT_FAIL;
	}
	char *detail = arena_printf(a, "%s%s%s", role_name, o->edition ? " for " : "",
				    o->edition ? o->edition : "");
	printf("%s %s: %s\n", grant ? "granted" : "revoked", email, detail);
	return EXIT_OK;
}

static int list(struct store *s, struct arena *a)
{
	struct user *users;
	struct edition *editions;
	int n, ne;
	if (store_user_list(s, a, &users, &n) || store_edition_list(s, a, 0, &editions, &ne)) {
		cli_error("could not read users");
		return EXIT_FAIL;
	}
	cli_print_column(stdout, "EMAIL", 36);
	putchar(' ');
	cli_print_column(stdout, "NAME", 28);
	printf(" %-8s %-5s %s\n", "PASSWORD", "TOTP", "ROLES");
	for (int i = 0; i < n; i++) {
		struct role_grant *g;
		int ng = 0;
		if (store_roles(s, a, users[i].id, &g, &ng))
			ng = 0;
		cli_print_column(stdout, users[i].email, 36);
		putchar(' ');
		cli_print_column(stdout, users[i].name, 28);
		printf(" %-8s %-5s", users[i].has_password ? "yes" : "no",
		       users[i].has_totp ? "yes" : "no");
		for (int j = 0; j < ng; j++) {
			const char *slug = NULL;
			for (int k = 0; k < ne; k++)
				if (editions[k].id == g[j].edition_id)
					slug = editions[k].slug;
			if (g[j].edition_id && slug)
				printf(" %s(%s)", role_code(g[j].role), slug);
			else if (g[j].edition_id)
				printf(" %s(edition %" PRId64 ")", role_code(g[j].role), g[j].edition_id);
			else
				printf(" %s", role_code(g[j].role));
		}
		putchar('\n');
	}
	return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	struct user_opts o;
	int first;
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(user_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	int rc = parse(argc - 1, argv + 1, &o, &first);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	char **args = argv + 1 + first;
	int nargs = argc - 1 - first;
	int want = strcmp(sub, "add") == 0 ? 1 : strcmp(sub, "list") == 0 ? 0
		 : strcmp(sub, "grant") == 0 || strcmp(sub, "revoke") == 0 ? 2 : -1;
	if (want < 0 || nargs != want) {
		cli_error(want < 0 ? "unknown user command '%s'" : "wrong number of arguments for user %s", sub);
		return EXIT_USAGE;
	}
	struct store *s;
	struct arena *a = arena_new();
	if (!a || cli_open_store(o.db, &s)) {
		arena_free(a);
		return EXIT_FAIL;
	}
	if (want == 1)
		rc = add(s, a, &o, args[0]);
	else if (want == 0)
		rc = list(s, a);
	else
		rc = change_role(s, a, &o, args[0], args[1], strcmp(sub, "grant") == 0);
	store_close(s);
	arena_free(a);
	return rc;
}
