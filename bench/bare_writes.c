/* bare_writes.c - the reference for bench/writes.sh: the write transaction of
 * store_application_submit (src/store/store.c) run N times in a plain C loop
 * on one connection, straight on sqlite3 or libpq, with nothing of lwp around
 * it: no HTTP, no JSON, no validation, no mail rendering, no driver layer.
 *
 * The statements are the same SQL text as store.c and store_outbox.c (copied
 * below; keep them in step), bound parameters, prepared once; the transaction
 * has the same shape (SQLite: the same PRAGMAs, BEGIN IMMEDIATE; PostgreSQL:
 * BEGIN and pg_advisory_xact_lock(7419) in one round trip, defaults for fsync
 * and synchronous_commit), the same order of statements and the same data per
 * application as bench/post_application.lua sends through lwp: a new person
 * and e-mail address each time, one of ten organisations in turn, a random
 * 64-hex token hash, and a confirmation mail in the outbox of the size lwp
 * writes (Dutch text and HTML with the private link). The database must have
 * the schema (`lwp init --db URL`) and the edition (`lwp edition create ...
 * --publish`, title "Bench writes"); the loop only adds rows.
 */
#include <libpq-fe.h>
#include <sqlite3.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: bare-writes URL N [SLUG]\n"
	"\n"
	"Run N application write transactions, one after the other on one connection,\n"
	"against URL (sqlite:PATH or postgres://...), for the published edition SLUG\n"
	"(default bench-writes), and print \"transactions N\", \"seconds S\" and\n"
	"\"transactions/s X\". Create the database first with `lwp init --db URL` and\n"
	"`lwp edition create --db URL --slug SLUG ... --publish`.\n";

/* ---- the statements of store.c, same text ---- */

#define EDITION_COLUMNS \
	"e.id, e.slug, e.title, e.description, e.capacity, e.deadline," \
	" e.policy, e.org_cap, e.fee_cents, e.accommodation_cents," \
	" e.starts_on, e.ends_on, e.guided_months, e.location," \
	" e.contact_name, e.contact_email, e.status, e.created_at," \
	" (SELECT COUNT(*) FROM applications a" \
	"   WHERE a.edition_id = e.id AND a.status = 'accepted')," \
	" (SELECT COUNT(*) FROM applications a" \
	"   WHERE a.edition_id = e.id AND a.status <> 'withdrawn')"

enum stmt {
	S_RATE_READ,
	S_RATE_WRITE,
	S_EDITION_BY_SLUG,
	S_ORGANISATION_UPSERT,
	S_COUNT_ACCEPTED,
	S_COUNT_ACCEPTED_ORG,
	S_PERSON_UPSERT,
	S_INITIATIVE_INSERT,
	S_APPLICATION_INSERT,
	S_COUNTS_ADD,
	S_EVENT_INSERT,
	S_OUTBOX_INSERT,
	S_COUNT
};

static const char *const sql_text[S_COUNT] = {
	[S_RATE_READ] = /* src/store/store_accounts.c: the limit per address */
	"SELECT window_start, hits FROM rate_limits WHERE bucket = ?",
	[S_RATE_WRITE] =
	"INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?)"
	" ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start,"
	" hits = excluded.hits",
	[S_EDITION_BY_SLUG] =
	"SELECT " EDITION_COLUMNS " FROM editions e WHERE e.slug = ?",
	[S_ORGANISATION_UPSERT] =
	"INSERT INTO organisations (name, name_key, kind, created_at)"
	" VALUES (?, ?, ?, ?)"
	" ON CONFLICT (name_key) DO UPDATE SET name_key = excluded.name_key"
	" RETURNING id",
	[S_COUNT_ACCEPTED] = /* src/store/store_counts.c (migration 11) */
	"SELECT COALESCE(SUM(n), 0) FROM application_counts WHERE edition_id = ? AND status = ?",
	[S_COUNT_ACCEPTED_ORG] =
	"SELECT COUNT(*) FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" WHERE a.edition_id = ? AND a.status = 'accepted' AND i.organisation_id = ?",
	[S_PERSON_UPSERT] =
	"INSERT INTO people (name, email, email_key, organisation_id, function,"
	" phone, lang, consent_directory, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (email_key) DO UPDATE SET name = excluded.name,"
	" email = excluded.email, organisation_id = excluded.organisation_id,"
	" function = excluded.function, phone = excluded.phone,"
	" lang = excluded.lang, consent_directory = excluded.consent_directory,"
	" updated_at = excluded.updated_at"
	" RETURNING id",
	[S_INITIATIVE_INSERT] =
	"INSERT INTO initiatives (title, organisation_id, owner_id, theme, tags,"
	" summary, question, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	" RETURNING id",
	[S_APPLICATION_INSERT] =
	"INSERT INTO applications (edition_id, person_id, initiative_id, email_key,"
	" motivation, question, eligible, billing_contact, billing_address,"
	" billing_reference, residential_needs, consent_at, consent_version,"
	" status, token_hash, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[S_COUNTS_ADD] = /* src/store/store_counts.c */
	"INSERT INTO application_counts (edition_id, status, kind, theme, n)"
	" SELECT a.edition_id, a.status, o.kind, i.theme, CAST(? AS BIGINT) * COUNT(*)"
	" FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
	" JOIN organisations o ON o.id = i.organisation_id WHERE a.id = ?"
	" GROUP BY a.edition_id, a.status, o.kind, i.theme"
	" ON CONFLICT (edition_id, status, kind, theme)"
	" DO UPDATE SET n = application_counts.n + excluded.n",
	[S_EVENT_INSERT] =
	"INSERT INTO application_events (application_id, status, actor, note, at)"
	" VALUES (?, ?, ?, ?, ?)",
	[S_OUTBOX_INSERT] = /* src/store/store_outbox.c */
	"INSERT INTO outbox (to_addr, to_name, subject, body_text, body_html,"
	" created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
};

/* Columns of S_EDITION_BY_SLUG that the transaction uses. */
enum {
	COL_ID = 0, COL_CAPACITY = 4, COL_DEADLINE = 5, COL_POLICY = 6,
	COL_ORG_CAP = 7, COL_STATUS = 16
};

#define CONSENT_VERSION "privacy-2026-11"
#define MAX_PARAMS 16
#define ORGANISATIONS 10

/* ---- a bound parameter: NULL, an integer or text ---- */

struct param {
	int is_int;
	int64_t num;
	const char *text; /* when !is_int; NULL binds NULL */
	char digits[24];  /* num as text, for libpq */
};

static struct param p_int(int64_t v)
{
	struct param p = {.is_int = 1, .num = v};
	snprintf(p.digits, sizeof(p.digits), "%" PRId64, v);
	return p;
}

static struct param p_text(const char *v)
{
	struct param p = {.text = v};
	return p;
}

/* ---- the two backends behind four calls ---- */

struct backend {
	const char *name;
	const char *begin_write;
	/* SQL without parameters or result (BEGIN, COMMIT, ROLLBACK). */
	int (*exec)(struct backend *b, const char *sql);
	/* Run statement s with its parameters; 1 with a row, 0 without, -1 on
	 * an error (printed). The row stays readable until done(s). */
	int (*run)(struct backend *b, enum stmt s, struct param *p, int n);
	int64_t (*col_int)(struct backend *b, enum stmt s, int col);
	const char *(*col_text)(struct backend *b, enum stmt s, int col);
	/* Reset s after use (as db_done does), so that COMMIT finds no
	 * statement in progress. */
	void (*done)(struct backend *b, enum stmt s);
	void (*close)(struct backend *b);
};

/* SQLite, opened and tuned as src/store/db_sqlite.c does. */
struct sq {
	struct backend b;
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
};

static int sq_exec(struct backend *b, const char *sql)
{
	struct sq *q = (struct sq *)b;
	if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	fprintf(stderr, "bare-writes: sqlite: %s: %s\n", sql, sqlite3_errmsg(q->db));
	return -1;
}

static int sq_run(struct backend *b, enum stmt s, struct param *p, int n)
{
	struct sq *q = (struct sq *)b;
	sqlite3_stmt *st = q->st[s];
	for (int i = 0; i < n; i++) {
		int rc = p[i].is_int ? sqlite3_bind_int64(st, i + 1, p[i].num)
			 : p[i].text ? sqlite3_bind_text(st, i + 1, p[i].text, -1, SQLITE_STATIC)
				     : sqlite3_bind_null(st, i + 1);
		if (rc != SQLITE_OK)
			goto fail;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
fail:
	fprintf(stderr, "bare-writes: sqlite: %s\n", sqlite3_errmsg(q->db));
	return -1;
}

static int64_t sq_col_int(struct backend *b, enum stmt s, int col)
{
	return sqlite3_column_int64(((struct sq *)b)->st[s], col);
}

static const char *sq_col_text(struct backend *b, enum stmt s, int col)
{
	return (const char *)sqlite3_column_text(((struct sq *)b)->st[s], col);
}

static void sq_done(struct backend *b, enum stmt s)
{
	sqlite3_reset(((struct sq *)b)->st[s]);
	sqlite3_clear_bindings(((struct sq *)b)->st[s]);
}

static void sq_close(struct backend *b)
{
	struct sq *q = (struct sq *)b;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(q->st[i]);
	sqlite3_close(q->db);
	free(q);
}

static struct backend *sq_open(const char *path)
{
	struct sq *q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->b = (struct backend){
		.name = "sqlite", .begin_write = "BEGIN IMMEDIATE", .exec = sq_exec,
		.run = sq_run, .col_int = sq_col_int, .col_text = sq_col_text,
		.done = sq_done, .close = sq_close,
	};
	/* READWRITE without CREATE: the schema must be there already. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, 10000);
	if (sqlite3_exec(q->db,
			 "PRAGMA journal_mode=WAL;"
			 "PRAGMA synchronous=FULL;"
			 "PRAGMA foreign_keys=ON;"
			 "PRAGMA temp_store=MEMORY;",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	for (int i = 0; i < S_COUNT; i++)
		if (sqlite3_prepare_v3(q->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &q->st[i], NULL) != SQLITE_OK)
			goto fail;
	return &q->b;
fail:
	fprintf(stderr, "bare-writes: sqlite: %s: %s\n", path,
		q->db ? sqlite3_errmsg(q->db) : "out of memory");
	sq_close(&q->b);
	return NULL;
}

/* PostgreSQL on libpq, as src/store/db_postgres.c does it: '?' becomes $n,
 * statements are prepared by name once, parameters go as text. */
struct pg {
	struct backend b;
	PGconn *conn;
	PGresult *res[S_COUNT];
};

static int pg_ok(struct pg *g, PGresult *res, const char *what)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return 1;
	fprintf(stderr, "bare-writes: postgres: %s: %s", what, PQerrorMessage(g->conn));
	return 0;
}

static int pg_exec(struct backend *b, const char *sql)
{
	struct pg *g = (struct pg *)b;
	PGresult *res = PQexec(g->conn, sql);
	int ok = pg_ok(g, res, sql);
	PQclear(res);
	return ok ? 0 : -1;
}

static int pg_run(struct backend *b, enum stmt s, struct param *p, int n)
{
	struct pg *g = (struct pg *)b;
	const char *values[MAX_PARAMS];
	char name[8];
	for (int i = 0; i < n; i++)
		values[i] = p[i].is_int ? p[i].digits : p[i].text;
	snprintf(name, sizeof(name), "b%d", (int)s);
	g->res[s] = PQexecPrepared(g->conn, name, n, values, NULL, NULL, 0);
	if (!pg_ok(g, g->res[s], name))
		return -1;
	return PQresultStatus(g->res[s]) == PGRES_TUPLES_OK && PQntuples(g->res[s]) > 0;
}

static int64_t pg_col_int(struct backend *b, enum stmt s, int col)
{
	return strtoll(PQgetvalue(((struct pg *)b)->res[s], 0, col), NULL, 10);
}

static const char *pg_col_text(struct backend *b, enum stmt s, int col)
{
	return PQgetvalue(((struct pg *)b)->res[s], 0, col);
}

static void pg_done(struct backend *b, enum stmt s)
{
	PQclear(((struct pg *)b)->res[s]);
	((struct pg *)b)->res[s] = NULL;
}

static void pg_close(struct backend *b)
{
	struct pg *g = (struct pg *)b;
	for (int i = 0; i < S_COUNT; i++)
		PQclear(g->res[i]);
	PQfinish(g->conn);
	free(g);
}

/* '?' outside quotes becomes $1, $2, ... (db_postgres.c's translation). */
static char *pg_placeholders(const char *sql)
{
	size_t cap = strlen(sql) * 4 + 1, o = 0;
	char *out = malloc(cap);
	int n = 0, quoted = 0;
	if (!out)
		return NULL;
	for (const char *c = sql; *c; c++) {
		if (*c == '\'')
			quoted = !quoted;
		if (*c == '?' && !quoted)
			o += (size_t)snprintf(out + o, cap - o, "$%d", ++n);
		else
			out[o++] = *c;
	}
	out[o] = '\0';
	return out;
}

static struct backend *pg_open(const char *url)
{
	struct pg *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->b = (struct backend){
		.name = "postgres",
		.begin_write = "BEGIN; SELECT pg_advisory_xact_lock(7419)",
		.exec = pg_exec, .run = pg_run, .col_int = pg_col_int,
		.col_text = pg_col_text, .done = pg_done, .close = pg_close,
	};
	g->conn = PQconnectdb(url);
	if (!g->conn || PQstatus(g->conn) != CONNECTION_OK) {
		fprintf(stderr, "bare-writes: postgres: cannot connect: %s",
			g->conn ? PQerrorMessage(g->conn) : "out of memory\n");
		pg_close(&g->b);
		return NULL;
	}
	for (int i = 0; i < S_COUNT; i++) {
		char name[8], *text = pg_placeholders(sql_text[i]);
		snprintf(name, sizeof(name), "b%d", i);
		PGresult *res = text ? PQprepare(g->conn, name, text, 0, NULL) : NULL;
		int ok = pg_ok(g, res, "prepare");
		PQclear(res);
		free(text);
		if (!ok) {
			pg_close(&g->b);
			return NULL;
		}
	}
	return &g->b;
}

/* ---- one application ---- */

/* The fields of application number i; the same values as
 * bench/post_application.lua sends, with keys lowercased as email_key and
 * name_key do (the values have no upper case or doubled spaces). */
struct fields {
	char email[96];
	char organisation[64];
	char token_hash[65];
	char body_text[512];
	char body_html[1024];
};

/* The confirmation mail as lwp renders it (src/mail/templates.c, Dutch) for
 * the edition "Bench writes"; %s is the private link's token. */
#define MAIL_SUBJECT "Aanmelding ontvangen: Bench writes"
#define MAIL_LINK "http://127.0.0.1:8080/aanmelding/%s"
static const char mail_text[] =
	"Beste Bench Applicant,\n\nWe hebben uw aanmelding ontvangen voor:\nBench writes\n\n"
	"Op deze pagina ziet u uw aanmelding en de status ervan, en kunt u haar intrekken:\n"
	MAIL_LINK "\n\nDeze link is persoonlijk: deel hem niet.\n\n"
	"Met vriendelijke groet, het team van de Leerwerkplaats\n";
static const char mail_html[] =
	"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bench writes</title>"
	"</head><body><p>Beste Bench Applicant,</p><p>We hebben uw aanmelding ontvangen"
	" voor:<br><strong>Bench writes</strong></p><p>Op deze pagina ziet u uw aanmelding"
	" en de status ervan, en kunt u haar intrekken:<br><a href=\"" MAIL_LINK "\">"
	MAIL_LINK "</a></p><p>Deze link is persoonlijk: deel hem niet.</p><p>Met"
	" vriendelijke groet, het team van de Leerwerkplaats</p></body></html>\n";

static int fields_make(struct fields *f, long run, long i)
{
	unsigned char raw[32];
	/* The store hashes 32 random bytes; a random value stands in for the
	 * hash, so the unique index gets keys spread the same way. */
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -1;
	for (size_t k = 0; k < sizeof(raw); k++)
		snprintf(f->token_hash + 2 * k, 3, "%02x", raw[k]);
	int n[4] = {
		snprintf(f->email, sizeof(f->email), "bare-%ld-%ld@bench.example", run, i),
		snprintf(f->organisation, sizeof(f->organisation), "bench organisation %ld",
			 i % ORGANISATIONS),
		snprintf(f->body_text, sizeof(f->body_text), mail_text, f->token_hash),
		snprintf(f->body_html, sizeof(f->body_html), mail_html, f->token_hash,
			 f->token_hash),
	};
	size_t size[4] = {sizeof(f->email), sizeof(f->organisation), sizeof(f->body_text),
			  sizeof(f->body_html)};
	for (int k = 0; k < 4; k++)
		if (n[k] < 0 || (size_t)n[k] >= size[k])
			return -1;
	return 0;
}

/* Run s and take column 0 of its one row. */
static int run_id(struct backend *b, enum stmt s, struct param *p, int n, int64_t *id)
{
	int rc = b->run(b, s, p, n);
	if (rc == 1)
		*id = b->col_int(b, s, 0);
	else if (rc == 0)
		fprintf(stderr, "bare-writes: %s returned no row\n", sql_text[s]);
	b->done(b, s);
	return rc == 1 ? 0 : -1;
}

/* application_initial_status of src/domain/rules.c. */
static const char *initial_status(const char *policy, int64_t capacity, int64_t org_cap,
				  int64_t accepted, int64_t same_org)
{
	if (strcmp(policy, "fcfs") != 0)
		return "submitted";
	if (accepted >= capacity || (org_cap > 0 && same_org >= org_cap))
		return "waitlisted";
	return "accepted";
}

/* The body of store_application_submit's transaction, in its order. */
static int submit(struct backend *b, const char *slug, const struct fields *f, int64_t now)
{
	struct param p[MAX_PARAMS];
	int64_t edition_id, capacity, deadline, org_cap, org_id, accepted, same_org;
	int64_t person_id, initiative_id, app_id;
	char policy[16];
	int open = 0;

	/* The rate limit per address, as lwp counts it first in the same
	 * transaction (one bucket: the load comes from one address). */
	int64_t window_start = now, hits = 0;
	p[0] = p_text("apply:127.0.0.1");
	int rc = b->run(b, S_RATE_READ, p, 1);
	if (rc == 1 && b->col_int(b, S_RATE_READ, 0) + 3600 > now) {
		window_start = b->col_int(b, S_RATE_READ, 0);
		hits = b->col_int(b, S_RATE_READ, 1);
	}
	b->done(b, S_RATE_READ);
	if (rc < 0)
		return -1;
	p[0] = p_text("apply:127.0.0.1");
	p[1] = p_int(window_start);
	p[2] = p_int(hits + 1);
	rc = b->run(b, S_RATE_WRITE, p, 3);
	b->done(b, S_RATE_WRITE);
	if (rc < 0)
		return -1;

	p[0] = p_text(slug);
	rc = b->run(b, S_EDITION_BY_SLUG, p, 1);
	if (rc == 1) {
		edition_id = b->col_int(b, S_EDITION_BY_SLUG, COL_ID);
		capacity = b->col_int(b, S_EDITION_BY_SLUG, COL_CAPACITY);
		deadline = b->col_int(b, S_EDITION_BY_SLUG, COL_DEADLINE);
		org_cap = b->col_int(b, S_EDITION_BY_SLUG, COL_ORG_CAP);
		snprintf(policy, sizeof(policy), "%s", b->col_text(b, S_EDITION_BY_SLUG, COL_POLICY));
		open = strcmp(b->col_text(b, S_EDITION_BY_SLUG, COL_STATUS), "open") == 0 &&
		       now < deadline;
	}
	b->done(b, S_EDITION_BY_SLUG);
	if (rc != 1 || !open) {
		fprintf(stderr, "bare-writes: no edition %s that takes applications\n", slug);
		return -1;
	}

	p[0] = p_text(f->organisation);
	p[1] = p_text(f->organisation);
	p[2] = p_text("agency");
	p[3] = p_int(now);
	if (run_id(b, S_ORGANISATION_UPSERT, p, 4, &org_id))
		return -1;
	p[0] = p_int(edition_id);
	p[1] = p_text("accepted");
	if (run_id(b, S_COUNT_ACCEPTED, p, 2, &accepted))
		return -1;
	p[1] = p_int(org_id);
	if (run_id(b, S_COUNT_ACCEPTED_ORG, p, 2, &same_org))
		return -1;
	const char *status = initial_status(policy, capacity, org_cap, accepted, same_org);

	p[0] = p_text("Bench Applicant");
	p[1] = p_text(f->email);
	p[2] = p_text(f->email);
	p[3] = p_int(org_id);
	p[4] = p_text("Programme lead");
	p[5] = p_text(NULL);
	p[6] = p_text("nl");
	p[7] = p_int(0);
	p[8] = p_int(now);
	p[9] = p_int(now);
	if (run_id(b, S_PERSON_UPSERT, p, 10, &person_id))
		return -1;

	p[0] = p_text("Bench initiative");
	p[1] = p_int(org_id);
	p[2] = p_int(person_id);
	p[3] = p_text("both");
	p[4] = p_text("");
	p[5] = p_text("");
	p[6] = p_text("How do we measure this?");
	p[7] = p_int(now);
	if (run_id(b, S_INITIATIVE_INSERT, p, 8, &initiative_id))
		return -1;

	p[0] = p_int(edition_id);
	p[1] = p_int(person_id);
	p[2] = p_int(initiative_id);
	p[3] = p_text(f->email);
	p[4] = p_text("A benchmark application, written to measure write throughput.");
	p[5] = p_text("How do we measure this?");
	p[6] = p_int(1);
	p[7] = p_text(NULL);
	p[8] = p_text(NULL);
	p[9] = p_text(NULL);
	p[10] = p_text(NULL);
	p[11] = p_int(now);
	p[12] = p_text(CONSENT_VERSION);
	p[13] = p_text(status);
	p[14] = p_text(f->token_hash);
	p[15] = p_int(now);
	if (run_id(b, S_APPLICATION_INSERT, p, 16, &app_id))
		return -1;
	p[0] = p_int(1);
	p[1] = p_int(app_id);
	rc = b->run(b, S_COUNTS_ADD, p, 2);
	b->done(b, S_COUNTS_ADD);
	if (rc < 0)
		return -1;

	p[0] = p_int(app_id);
	p[1] = p_text(status);
	p[2] = p_text("applicant");
	p[3] = p_text(NULL);
	p[4] = p_int(now);
	rc = b->run(b, S_EVENT_INSERT, p, 5);
	b->done(b, S_EVENT_INSERT);
	if (rc < 0)
		return -1;

	p[0] = p_text(f->email);
	p[1] = p_text("Bench Applicant");
	p[2] = p_text(MAIL_SUBJECT);
	p[3] = p_text(f->body_text);
	p[4] = p_text(f->body_html);
	p[5] = p_int(now);
	p[6] = p_int(now);
	rc = b->run(b, S_OUTBOX_INSERT, p, 7);
	b->done(b, S_OUTBOX_INSERT);
	return rc < 0 ? -1 : 0;
}

static int transaction(struct backend *b, const char *slug, const struct fields *f)
{
	if (b->exec(b, b->begin_write))
		return -1;
	if (submit(b, slug, f, (int64_t)time(NULL)) || b->exec(b, "COMMIT")) {
		b->exec(b, "ROLLBACK");
		return -1;
	}
	return 0;
}

static double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	const char *url = argv[1], *slug = argc == 4 ? argv[3] : "bench-writes";
	char *end;
	errno = 0;
	long n = strtol(argv[2], &end, 10);
	if (errno || *end || n < 1) {
		fprintf(stderr, "bare-writes: N must be a whole number >= 1\n");
		return 2;
	}
	struct backend *b;
	if (strncmp(url, "sqlite:", 7) == 0)
		b = sq_open(url + 7);
	else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		b = pg_open(url);
	else {
		fprintf(stderr, "bare-writes: URL must be sqlite:PATH or postgres://...\n");
		return 2;
	}
	if (!b)
		return 1;

	/* Build the fields first, so the timed loop holds only the database work. */
	struct fields *f = calloc((size_t)n, sizeof(*f));
	long run = (long)getpid();
	int rc = f ? 0 : -1;
	for (long i = 0; rc == 0 && i < n; i++)
		rc = fields_make(&f[i], run, i);
	if (rc) {
		fprintf(stderr, "bare-writes: cannot prepare the data\n");
		goto done;
	}
	double start = monotonic_seconds();
	long i = 0;
	while (rc == 0 && i < n)
		if ((rc = transaction(b, slug, &f[i])) == 0)
			i++;
	double seconds = monotonic_seconds() - start;
	printf("backend %s\ntransactions %ld\nseconds %.3f\ntransactions/s %.1f\n",
	       b->name, i, seconds, seconds > 0 ? (double)i / seconds : 0.0);
	if (rc)
		fprintf(stderr, "bare-writes: stopped after %ld of %ld transactions\n", i, n);
done:
	free(f);
	b->close(b);
	return rc ? 1 : 0;
}
