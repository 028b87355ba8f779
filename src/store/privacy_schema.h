/*
 * The classification of every column of every table for privacy (AVG):
 * whether it holds personal data, of whom (a "link": the condition that
 * selects a person's rows), what erasure and retention do to it and what
 * the export calls it. The export (art. 15/20), the erasure (art. 17), the
 * retention job and the processing register (art. 30) are all driven by
 * this one table, and tests/http/test_privacy.py fails when a column of
 * the live schema is missing from it: a new capability adds its links and
 * columns here (see privacy_schema.c) and nothing else.
 */
#ifndef LWP_STORE_PRIVACY_SCHEMA_H
#define LWP_STORE_PRIVACY_SCHEMA_H

/* What erasure (and retention) writes into a personal column. */
enum pd_erase {
	PE_NONE,      /* not personal data: left alone */
	PE_KEEP,      /* personal, kept: a reference to the anonymised row, or the
		       * proof that consent was given (time and text version) */
	PE_SET,       /* set to the SQL literal in value */
	PE_PSEUDONYM, /* set to the erasure's pseudonym ("erased-<hex>") */
	PE_UNIQUE,    /* pseudonym-<row id>: for UNIQUE NOT NULL columns */
	PE_ROW,       /* the row is deleted (the link's rows are PR_DELETE) */
};

/* What a column is kept for beyond erasure or retention. */
enum pd_keep {
	PK_NONE,
	PK_TAX,     /* invoices of accepted participants: 7 years after the end */
	PK_NETWORK, /* the network a participant consented to (consent_directory) */
};

/* What erasure does to the rows of a link. */
enum pd_rows {
	PR_CONTEXT,   /* exported for context only (the person's organisation) */
	PR_ANONYMISE, /* the link's personal columns are overwritten */
	PR_DELETE,    /* the rows are deleted */
};

/* One way a table's rows are about a person. whose is an SQL condition on
 * the table with one '?' per letter of binds: P the person's people.id,
 * U their users.id, K their e-mail key, O their user object ("user:ID").
 * per_application, when set, selects the rows of one application (one
 * '?', the application id): retention works per application. */
struct pd_link {
	const char *section;          /* export key */
	const char *table;
	const char *whose;
	const char *binds;
	const char *per_application;  /* NULL: not per application */
	enum pd_rows rows;
	const char *purpose;          /* register: why it is processed (msgid) */
	const char *retention;        /* register: how long it is kept (msgid) */
	const char *tax_kept;         /* rows whose PK_TAX columns erasure keeps */
	const char *network_kept;     /* rows whose PK_NETWORK columns retention keeps */
};

struct pd_column {
	const char *table;
	const char *column;
	int link;                 /* index in privacy_links; -1 for none */
	enum pd_erase erase;
	const char *value;        /* PE_SET: an SQL literal ("NULL", "''", "0") */
	enum pd_keep keep;
	unsigned char is_int;     /* exported as a JSON number */
	unsigned char secret;     /* personal but never exported (hashes, secrets) */
	const char *category;     /* register: category of data (msgid); NULL when not personal */
};

/* Tables that hold no rows worth a link and are internal bookkeeping are
 * still classified: every column appears in privacy_columns. */
extern const struct pd_link privacy_links[];
extern const int privacy_link_count;
extern const struct pd_column privacy_columns[];
extern const int privacy_column_count;

/* The classification of table.column, or NULL when it is not classified. */
const struct pd_column *privacy_column_find(const char *table, const char *column);

#endif
