/* lwp serve and lwp demo: configuration from flags and LWP_ variables,
 * every value checked against its range here, in one place (a value out of
 * range stops the command with exit 2 rather than being ignored), then the
 * server. */
#include "cli/cli.h"
#include "cli/demo.h"
#include "web/server.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char serve_help[] =
	"usage: lwp serve [OPTIONS]\n\n"
	"Serve the web pages and the JSON API.\n\n"
	"  --db URL          database: sqlite:PATH or postgres://USER@HOST/NAME\n"
	"                    (PostgreSQL; LWP_DB, default sqlite:./lwp.db). A new\n"
	"                    database is made with 'lwp init --db URL' first\n"
	"  --listen ADDR     IP address to listen on (LWP_LISTEN, default 127.0.0.1)\n"
	"  --port N          TCP port (LWP_PORT, default 8080)\n"
	"  --base-url URL    public address used in links (LWP_BASE_URL,\n"
	"                    default http://ADDR:PORT)\n"
	"  --threads N       event loops (LWP_THREADS, default: number of cores)\n"
	"  --trust-proxy     behind a reverse proxy: the client address is the last\n"
	"                    X-Forwarded-For entry (LWP_TRUST_PROXY=1)\n"
	"  --smtp-url URL    mail server: smtp://HOST:PORT (STARTTLS when offered)\n"
	"                    or smtps://HOST:PORT (LWP_SMTP_URL; without it mail\n"
	"                    waits in the outbox)\n"
	"  --mail-from ADDR  sender address (LWP_MAIL_FROM, default\n"
	"                    leerwerkplaats@localhost.localdomain)\n"
	"  --max-connections N  connections held at once (LWP_MAX_CONNECTIONS,\n"
	"                    default and maximum: what the descriptor limit allows)\n"
	"  --help            show this help\n"
	"\nAlso read: LWP_MAX_CONNECTIONS_PER_ADDRESS, LWP_WORK_THREADS (threads for\n"
	"password hashes and selection solves, default the event loops),\n"
	"LWP_WORK_QUEUE (jobs that may wait for them, default 64), LWP_RATE_LOGIN,\n"
	"LWP_RATE_LOGIN_ACCOUNT_IP, LWP_RATE_LOGIN_ACCOUNT, LWP_RATE_LINK, LWP_RATE_APPLY,\n"
	"LWP_MAIL_RETRY_SECONDS,\n"
	"LWP_NOW. A value out of range stops the command (exit 2).\n";

static const char demo_help[] =
	"usage: lwp demo [OPTIONS]\n\n"
	"Create (once) the first edition of the Leerwerkplaats (2018, deadline\n"
	"15 November 2017) with about 30 fictional applicants, and an open copy\n"
	"'leerwerkplaats-demo' with a deadline in the future, then serve them.\n\n"
	"  --db PATH         SQLite file (default ./lwp-demo.db)\n"
	"  --listen ADDR     IP address (LWP_LISTEN, default 127.0.0.1)\n"
	"  --port N          TCP port (LWP_PORT, default 8080)\n"
	"  --base-url URL    public address used in links (LWP_BASE_URL)\n"
	"  --threads N       event loops (LWP_THREADS, default: number of cores)\n"
	"  --smtp-url URL    mail server (LWP_SMTP_URL); --mail-from ADDR (LWP_MAIL_FROM)\n"
	"  --help            show this help\n";

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

/* The demo takes a plain SQLite path; the result lives until exit. */
static const char *sqlite_url(const char *path)
{
	static char url[4096];
	if (strncmp(path, "sqlite:", 7) == 0)
		return path;
	int n = snprintf(url, sizeof(url), "sqlite:%s", path);
	return n > 0 && (size_t)n < sizeof(url) ? url : NULL;
}

/* A number from a flag or an LWP_ variable: within [min, max], or the
 * command stops with a message naming the setting and its range. */
static int number(const char *name, const char *value, long long min, long long max,
		  long long *out)
{
	if (cli_parse_int(value, min, max, out) == 0)
		return 0;
	if (cli_text_ok(value) && strlen(value) <= 40)
		cli_error("%s must be a whole number from %lld to %lld, not '%s'", name, min, max,
			  value);
	else
		cli_error("%s must be a whole number from %lld to %lld", name, min, max);
	return -1;
}

/* The LWP_RATE_ variables, in the order of enum rate_kind. */
static const char *const rate_names[RATE_KINDS] = {
	"LWP_RATE_LOGIN", "LWP_RATE_LOGIN_ACCOUNT_IP", "LWP_RATE_LOGIN_ACCOUNT", "LWP_RATE_LINK",
	"LWP_RATE_APPLY",
};

/* The numbers and switches of the configuration, checked in one place. */
static int check_settings(struct config *cfg, const char *port_s, const char *threads_s,
			  const char *max_s)
{
	long long v;
	unsigned char ip[16];
	if (inet_pton(AF_INET, cfg->listen_addr, ip) != 1 &&
	    inet_pton(AF_INET6, cfg->listen_addr, ip) != 1) {
		cli_error("--listen (LWP_LISTEN) must be an IPv4 or IPv6 address");
		return -1;
	}
	if (number("--port (LWP_PORT)", port_s, 1, 65535, &v))
		return -1;
	cfg->port = (int)v;
	long long cores = sysconf(_SC_NPROCESSORS_ONLN);
	v = cores < 1 ? 1 : cores > 64 ? 64 : cores;
	if (threads_s && number("--threads (LWP_THREADS)", threads_s, 1, 64, &v))
		return -1;
	cfg->threads = (int)v;
	const char *work = getenv("LWP_WORK_THREADS");
	v = cfg->threads;
	if (work && *work && number("LWP_WORK_THREADS", work, 1, 64, &v))
		return -1;
	cfg->work_threads = (int)v;
	const char *queue = getenv("LWP_WORK_QUEUE");
	v = 64;
	if (queue && *queue && number("LWP_WORK_QUEUE", queue, 1, 100000, &v))
		return -1;
	cfg->work_queue = (int)v;
	const char *proxy = getenv("LWP_TRUST_PROXY");
	if (proxy && *proxy && strcmp(proxy, "0") != 0 && strcmp(proxy, "1") != 0) {
		cli_error("LWP_TRUST_PROXY must be 0 or 1");
		return -1;
	}
	if (proxy && strcmp(proxy, "1") == 0)
		cfg->trust_proxy = 1;
	for (int i = 0; i < RATE_KINDS; i++) {
		const char *rate = getenv(rate_names[i]);
		if (rate && *rate && number(rate_names[i], rate, 1, 10000000, &v))
			return -1;
		cfg->rate_limit[i] = rate && *rate ? (int)v : 0;
	}
	const char *now = getenv("LWP_NOW");
	if (now && *now && number("LWP_NOW", now, 0, 253402300799LL, &v))
		return -1;
	int limit = server_connection_limit(cfg->threads);
	if (limit < 16) {
		cli_error("the limit on open files (ulimit -n) is too low to serve with %d event"
			  " loops; raise it or use fewer --threads", cfg->threads);
		return -1;
	}
	v = limit;
	if (max_s && number("--max-connections (LWP_MAX_CONNECTIONS; at most what the limit"
			    " on open files allows)", max_s, 1, limit, &v))
		return -1;
	cfg->max_connections = (int)v;
	const char *per = getenv("LWP_MAX_CONNECTIONS_PER_ADDRESS");
	v = cfg->max_connections >= 4 ? cfg->max_connections / 4 : 1;
	if (per && *per && number("LWP_MAX_CONNECTIONS_PER_ADDRESS (at most"
				  " LWP_MAX_CONNECTIONS)", per, 1, cfg->max_connections, &v))
		return -1;
	cfg->max_connections_per_address = (int)v;
	return 0;
}

/* Fill cfg from the environment and then argv. Returns -1 for bad usage,
 * 1 after printing help, 0 otherwise. */
static int parse_options(int argc, char **argv, struct config *cfg, const char *help,
			 int demo)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"port", required_argument, NULL, 'p'},
		{"base-url", required_argument, NULL, 'b'},
		{"threads", required_argument, NULL, 't'},
		{"smtp-url", required_argument, NULL, 's'},
		{"trust-proxy", no_argument, NULL, 'x'},
		{"mail-from", required_argument, NULL, 'm'},
		{"max-connections", required_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cfg->db_url = demo ? "sqlite:./lwp-demo.db" : cli_default_db();
	cfg->listen_addr = env_or("LWP_LISTEN", "127.0.0.1");
	cfg->base_url = getenv("LWP_BASE_URL");
	const char *port_s = env_or("LWP_PORT", "8080");
	const char *threads_s = getenv("LWP_THREADS");
	const char *max_s = getenv("LWP_MAX_CONNECTIONS");
	if (threads_s && !*threads_s)
		threads_s = NULL;
	if (max_s && !*max_s)
		max_s = NULL;
	cfg->erasure_grace_days = cli_grace_days();
	if (cli_mail_config(&cfg->mail))
		return -1;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cfg->db_url = demo ? sqlite_url(optarg) : optarg;
			if (!cfg->db_url) {
				cli_error("--db path too long");
				return -1;
			}
			break;
		case 'l': cfg->listen_addr = optarg; break;
		case 'p': port_s = optarg; break;
		case 'b': cfg->base_url = optarg; break;
		case 't': threads_s = optarg; break;
		case 's': cfg->mail.smtp_url = optarg; break;
		case 'x': cfg->trust_proxy = 1; break;
		case 'm': cfg->mail.from_addr = optarg; break;
		case 'M': max_s = optarg; break;
		case 'h': fputs(help, stdout); return 1;
		default: fputs(help, stderr); return -1;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (check_settings(cfg, port_s, threads_s, max_s))
		return -1;
	if (!cli_text_ok(cfg->listen_addr) || !cli_text_ok(cfg->db_url) ||
	    (cfg->base_url && !cli_text_ok(cfg->base_url))) {
		cli_error("options must be single lines of valid UTF-8");
		return -1;
	}
	if (cli_mail_check(&cfg->mail))
		return -1;
	if (cfg->base_url && strncmp(cfg->base_url, "http://", 7) != 0 &&
	    strncmp(cfg->base_url, "https://", 8) != 0) {
		cli_error("--base-url must start with http:// or https://");
		return -1;
	}
	return 0;
}

static int serve_with(struct config *cfg)
{
	/* Lives as long as the server: cfg keeps pointing at it. */
	static char base[300];
	if (!cfg->base_url) {
		int n = snprintf(base, sizeof(base), strchr(cfg->listen_addr, ':')
				 ? "http://[%s]:%d" : "http://%s:%d", cfg->listen_addr, cfg->port);
		if (n < 0 || (size_t)n >= sizeof(base)) {
			cli_error("listen address too long");
			return EXIT_USAGE;
		}
		cfg->base_url = base;
	}
	return server_run(cfg) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_serve(int argc, char **argv)
{
	struct config cfg = {0};
	struct store *s;
	int rc = parse_options(argc, argv, &cfg, serve_help, 0);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (cli_open_store(cfg.db_url, &s))
		return EXIT_FAIL;
	store_close(s);
	return serve_with(&cfg);
}

int cmd_demo(int argc, char **argv)
{
	struct config cfg = {0};
	struct store *s;
	int rc = parse_options(argc, argv, &cfg, demo_help, 1);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (cli_open_store_new(cfg.db_url, &s))
		return EXIT_FAIL;
	rc = demo_seed(s);
	store_close(s);
	if (rc) {
		cli_error("could not create the demo data");
		return EXIT_FAIL;
	}
	fprintf(stderr, "lwp demo: open http://%s:%d/edities/leerwerkplaats-2018\n",
		cfg.listen_addr, cfg.port);
	return serve_with(&cfg);
}
