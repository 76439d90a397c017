/*
 * xf.h: the one public header of libxf, the core of the xf petition toolkit.
 *
 * Conventions: objects come in _new/_open and _free pairs, and _free(NULL)
 * is harmless.  Functions that can fail take a struct xf_err * and, on
 * failure, fill it with a message that already carries its position
 * ("file:line: column: ...") and return -1 or NULL.  Nothing here prints
 * or exits; the tools in cmd/ decide what to say and with which status.
 * Borrowed pointers are const and live as long as the object they came from
 * unless the comment says otherwise.
 */
#ifndef XF_H
#define XF_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses shared by every tool; written once in xf(7). */
enum {
	XF_EXIT_OK = 0,		/* everything applied */
	XF_EXIT_REJECTS = 1,	/* some rows rejected, the rest applied */
	XF_EXIT_USAGE = 2,	/* usage or configuration error */
	XF_EXIT_FATAL = 3,	/* nothing applied: fatal input or store error */
	XF_EXIT_BUSY = 75	/* the store stayed locked past the busy timeout */
};

/* Error classes carried in struct xf_err.code. */
enum {
	XF_EOK = 0,
	XF_EROW,	/* this row is invalid; the next one may be fine */
	XF_EINPUT,	/* the input file cannot be read further */
	XF_ECONFIG,	/* bad configuration or usage */
	XF_EDB,		/* store error */
	XF_EBUSY,	/* store locked past the busy timeout */
	XF_ENOMEM,
	XF_EOUTPUT	/* the caller's output could not be written */
};

#define XF_ERRMAX 512

struct xf_err {
	int code;
	char column[64];	/* column the error is about, or "" */
	char msg[XF_ERRMAX];
};

/* Fill e (if not NULL) and return -1. */
int xf_err_set(struct xf_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xf_err_col(struct xf_err *e, int code, const char *column,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The exit status for an error of e's class: 2, 3 or 75. */
int xf_err_exit(const struct xf_err *e);

/* ---- UTF-8 and text ------------------------------------------------ */

/* 1 if s[0..len) is valid UTF-8 with no NUL byte, else 0. */
int xf_utf8_valid(const char *s, size_t len);
/* Byte offset of the first invalid UTF-8 sequence, or len if none. */
size_t xf_utf8_check(const char *s, size_t len);
/*
 * Offset of the first U+FFFD (the character a rejects file puts for bytes
 * it could not keep) in s, or len when there is none.
 */
size_t xf_fffd_at(const char *s, size_t len);
/*
 * 0, or -1 with e set (XF_EROW, column named) when s holds a U+FFFD: a
 * row fed back from a rejects file unfixed is refused, not stored lossy.
 */
int xf_err_fffd(struct xf_err *e, const char *column, const char *s,
    size_t len);
/*
 * Length of the blank at p (ASCII blanks, U+00A0, U+3000), or 0; and the
 * one trim of the toolkit: move *b and *end past the blanks at both ends.
 */
size_t xf_blank_len(const char *p, const char *end);
void xf_trim(const char **b, const char **end);

/* ---- dates ----------------------------------------------------------- */

enum { XF_DATE_YMD = 0, XF_DATE_MDY, XF_DATE_DMY };

/*
 * A point in time as the toolkit stores it: a day number (days since
 * 1970-01-01, proleptic Gregorian) and seconds into that day, or -1 when
 * the source gave no time of day.
 */
struct xf_time {
	long day;
	long sec;
};

/*
 * Parse text such as 2026-11-22, 2026-11-22 08:30, 2026-11-22T08:30:00,
 * 2026/11/22, 2026年11月22日 08时30分, and with order MDY or DMY the slashed
 * forms 12/25/2013 11:59:08 PM.  Surrounding blanks are ignored.  Returns
 * 0, or -1 with a message in e (no column set) for syntax or impossible
 * dates.
 */
int xf_date_parse(const char *s, int order, struct xf_time *t,
    struct xf_err *e);
/* Days since 1970-01-01 for y-m-d, or -1 if it is no real date. */
long xf_date_days(int y, int m, int d);
void xf_date_ymd(long day, int *y, int *m, int *d);
/* 0 Monday ... 6 Sunday. */
int xf_date_weekday(long day);
/* Write "YYYY-MM-DD" (buf >= 11) or "YYYY-MM-DD HH:MM:SS" (buf >= 20). */
char *xf_date_fmt(long day, char *buf);
char *xf_time_fmt(const struct xf_time *t, char *buf);
/* Today (or now) in the local time zone, as set by TZ. */
void xf_time_now(struct xf_time *t);

/* ---- calendar of working days ------------------------------------------ */

struct xf_cal;

/* The built-in calendar: weekends plus the official 2025 and 2026 schedule. */
struct xf_cal *xf_cal_new(void);
/*
 * Load holidays and make-up working days from a CSV file with columns
 * date,kind[,name] where kind is holiday or workday (休息, 补班 accepted).
 * Entries replace the built-in ones for the years the file covers.
 */
int xf_cal_load(struct xf_cal *c, const char *path, struct xf_err *e);
void xf_cal_free(struct xf_cal *c);
int xf_cal_is_workday(const struct xf_cal *c, long day);
/*
 * The statutory end of a period of n calendar days counted from the day
 * after start: if that day is a rest day, the next working day.
 */
long xf_cal_deadline(const struct xf_cal *c, long start, int n);
/* The n-th working day after start. */
long xf_cal_add_workdays(const struct xf_cal *c, long start, int n);

/* ---- identity ---------------------------------------------------------- */

/*
 * Check a resident ID number (GB 11643-1999) in idno.c: 18 characters with
 * a valid birth date and check character (x accepted, normalised to X), or
 * a legacy 15-digit number with a valid birth date; full-width digits and
 * X count as ASCII ones; the first two digits are a province-level area
 * code (GB/T 2260); the birth date is from 1900 on and, for
 * xf_idno_check_asof, not after the day asof (an xf_date_days() number, or
 * XF_IDNO_NOASOF).  out (>= 19 bytes) receives the normalised number in
 * ASCII.  Returns 0 or -1 with a message that masks the number.
 */
#define XF_IDNO_NOASOF	0x7fffffffL
int xf_idno_check(const char *s, char *out, struct xf_err *e);
int xf_idno_check_asof(const char *s, long asof, char *out,
    struct xf_err *e);
/* The check character for the first 17 digits of s. */
char xf_idno_checkchar(const char *s17);

/*
 * Check and normalise a phone number: mainland mobile (11 digits starting
 * 1[3-9], optional +86), or landline with area code (010-12345678,
 * 0755 1234 5678, optional extension).  out (>= 32 bytes) receives digits
 * with one hyphen after the area code for landlines.
 */
int xf_phone_check(const char *s, char *out, struct xf_err *e);

/*
 * Personal data in messages and exports.  Write s into out (n bytes, cut at
 * a character boundary, always NUL-terminated) with blanks at the ends
 * dropped and its middle hidden by "*": an ID number keeps its first 6 and
 * last 4 characters (110105********002X; 15 characters keep 6 and 3, other
 * lengths less), a phone number its first 3 and last 4 digits
 * (138****5678, 010-****5678; fewer when it has under 10 digits).  The
 * messages of xf_idno_check and xf_phone_check quote their input so.
 * Return out.
 */
char *xf_mask_idno(const char *s, char *out, size_t n);
char *xf_mask_phone(const char *s, char *out, size_t n);
/*
 * A message with every ID number and mobile phone number in it masked so,
 * wherever it came from: a run of 15 or more digits (ASCII or full-width,
 * and an X after 17 of them) keeps its first 6 and last 4 (3 for 15), and
 * 11 digits from a 1, or 13 from 861, in groups split by single blanks or
 * hyphens, keep their first 3 and last 4 ("+86 138****8000").  Masked
 * text stays as it is.  Written into out (n bytes, always NUL-terminated);
 * returns out.
 */
char *xf_mask_text(const char *s, char *out, size_t n);

/* ---- vocabularies ----------------------------------------------------- */

/*
 * The closed vocabularies (vocab.c).  Each value has a canonical English
 * word; English words are matched in any case (with _ or a space for -),
 * Chinese words as written, surrounding blanks ignored.
 */
enum {
	XF_VOCAB_CHANNEL,	/* letter, visit, phone, online, ... */
	XF_VOCAB_LEVEL,		/* ministry ... station, brigade */
	XF_VOCAB_STATUS,	/* registered, accepted, assigned, closed ... */
	XF_VOCAB_DISPOSITION,	/* accept, forward, refer, not-accept */
	XF_VOCAB_OPINION,	/* support, explain, not-support */
	XF_VOCAB_SATISFACTION,	/* satisfied, basically-satisfied ... */
	XF_VOCAB_OUTCOME,	/* maintain, change, redo */
	XF_VOCAB_EVENT,		/* reply, resolve, evaluate, ... */
	XF_VOCAB_BOOL		/* yes, no */
};
/* The canonical word of vocabulary v for s, or NULL. */
const char *xf_vocab_norm(int v, const char *s);
/* The vocabulary's name for messages ("channel"). */
const char *xf_vocab_name(int v);
/* The Chinese label of a canonical word, or the word itself. */
const char *xf_vocab_zh(int v, const char *canon);
/*
 * The accepted words of v for a message, "letter (来信), visit (来访), ...",
 * written into buf (n bytes); returns buf.
 */
char *xf_vocab_list(int v, char *buf, size_t n);

/*
 * Word maps (vocab.c): another system's words read as xf's, column by
 * column, from values.csv (see xf-csv(5)) or --value.  A map belongs to
 * one column of xf-csv(5) that has a closed vocabulary; its from-words are
 * matched trimmed and with ASCII letters in any case, other characters as
 * written; its to-words are kept as the vocabulary's canonical word.
 */
struct xf_values;

struct xf_values *xf_values_new(void);
void xf_values_free(struct xf_values *v);
/*
 * The vocabulary (XF_VOCAB_*) of column (a canonical name or an alias,
 * as a header is read), or -1 when it has none; field gets its F_ index
 * (see xf-int.h), or -1 when it names no column.
 */
int xf_values_vocab(const char *column, int *field);
/*
 * Map from to to in column, given on line of its file (0: none).  Fails
 * with XF_ECONFIG, e->column naming the field of the line at fault
 * (column, from or to) and a message without position, for a column
 * without a vocabulary, an empty from, a to that is no word of the
 * column's vocabulary, or a from the column already maps (the message
 * names the line that did).  Strings are copied.
 */
int xf_values_add(struct xf_values *v, const char *column, const char *from,
    const char *to, long line, struct xf_err *e);
/*
 * The canonical word field (F_*) maps s to, or NULL; s is matched trimmed
 * and with ASCII letters in any case.  The result lives as long as v.
 */
const char *xf_values_map(const struct xf_values *v, int field,
    const char *s);
/* How many words v (may be NULL) maps in field (F_*), or in all for -1. */
size_t xf_values_count(const struct xf_values *v, int field);
/*
 * Read values.csv (columns column, from, to) into a new map (config.c);
 * errors are XF_ECONFIG "path:line: column: message".  The caller owns
 * the result.
 */
struct xf_values *xf_values_load(const char *path, struct xf_err *e);

/* Canonical channel name for s (English or Chinese), or NULL. */
const char *xf_channel_norm(const char *s);
/* Canonical level (ministry, province, city, district, station) or NULL. */
const char *xf_level_norm(const char *s);
/* Rank of a canonical level: ministry 5 ... station 1, 0 if unknown. */
int xf_level_rank(const char *level);
/* Parse yes/no words (1, 0, yes, no, y, n, true, false, 是, 否): 1, 0, -1. */
int xf_bool_parse(const char *s);
/* XF_DATE_* for "ymd", "mdy" or "dmy", or -1. */
int xf_date_order(const char *s);
/*
 * Canonical status (registered, accepted, assigned, closed, review,
 * re-review, terminated, forwarded, referred, not-accepted,
 * not-reaccepted) for an English or Chinese word, or NULL.
 */
const char *xf_status_norm(const char *s);
/* satisfied, basically-satisfied, dissatisfied, "" (not evaluated), NULL. */
const char *xf_satisfaction_norm(const char *s);
/* The status a triage decision (accept, forward ...) leaves a matter in. */
const char *xf_disposition_status(const char *disposition);
/* The triage a status implies: "" for registered, accept past triage. */
const char *xf_status_disposition(const char *status);
/* 1 if a matter of this status is still being handled. */
int xf_status_open(const char *status);

/* ---- CSV reading ------------------------------------------------------- */

struct xf_csv;

/*
 * Open path ("-" or NULL: stdin) for reading CSV.  encoding is NULL or
 * "UTF-8" for UTF-8 (a BOM is skipped), or any name iconv knows, such as
 * GB18030 or GBK, to convert to UTF-8 on the fly.
 */
struct xf_csv *xf_csv_open(const char *path, const char *encoding,
    struct xf_err *e);
/*
 * Read the next record.  Returns 1 with a record, 0 at the end, -1 on an
 * error that stops this file (malformed quoting, bad encoding, read error).
 * The fields stay valid until the next call.
 */
int xf_csv_read(struct xf_csv *r, struct xf_err *e);
size_t xf_csv_nfields(const struct xf_csv *r);
/* Field i, NUL-terminated (len excludes the NUL; it may contain NULs). */
const char *xf_csv_field(const struct xf_csv *r, size_t i, size_t *len);
/* Line on which the current record starts, counting from 1. */
long xf_csv_line(const struct xf_csv *r);
/* 0 if iconv can convert from encoding, else -1 with XF_ECONFIG. */
int xf_encoding_check(const char *encoding, struct xf_err *e);
/* Index of a field cut at XF_FIELD_MAX bytes, or -1. */
long xf_csv_toolong(const struct xf_csv *r);
/* The name used in messages: the path or "stdin". */
const char *xf_csv_name(const struct xf_csv *r);
void xf_csv_free(struct xf_csv *r);

#define XF_FIELD_MAX (1 << 20)
/* A record past these stops the file; see xf-csv(5), LIMITS. */
#define XF_RECORD_MAX (1 << 26)		/* bytes in all its fields */
#define XF_RECORD_FIELDS 100000

/* ---- CSV writing ------------------------------------------------------- */

enum {
	XF_OUT_CRLF = 1,	/* end lines with CR LF */
	XF_OUT_BOM = 2,		/* start with a UTF-8 byte-order mark */
	XF_OUT_EXCEL_SAFE = 4	/* prefix ' to a cell whose first visible
				 * character is = + - @ (or full-width) */
};

struct xf_out;

struct xf_out *xf_out_new(FILE *fp, int flags);
/* Append one cell (s may be NULL for an empty cell) to the current row. */
void xf_out_cell(struct xf_out *o, const char *s);
void xf_out_celln(struct xf_out *o, const char *s, size_t len);
void xf_out_int(struct xf_out *o, long long v);
void xf_out_end(struct xf_out *o);
/* Write a whole row of n cells. */
void xf_out_row(struct xf_out *o, const char *const *cells, size_t n);
/* Flush; returns 0, or -1 if any write failed. */
int xf_out_free(struct xf_out *o);
/* The errno of the first failed write so far (EIO if unknown), or 0. */
int xf_out_error(const struct xf_out *o);

/* ---- the store ------------------------------------------------------- */

struct xf_db;
struct sqlite3;

/* How to open the store. */
enum {
	XF_DB_WRITE = 0,	/* create if missing, migrate, write */
	XF_DB_READ,		/* read only: never creates or migrates */
	XF_DB_DRYRUN		/* as WRITE, but a missing store is not
				 * created: the run sees an empty one */
};

/*
 * Open the store at path with one of the modes above.  A new store is
 * created mode 0600; an existing one readable by others is made 0600
 * (with its -wal and -shm), and xf_db_warning() says so.  Sets WAL and the
 * busy timeout (milliseconds; XF_BUSY_TIMEOUT overrides the default
 * 30000), checks application_id and migrates to the current schema.  A
 * file that is not an xf store, newer than this program or of an unknown
 * schema version, a path that is no regular file, and a store that cannot
 * be opened as asked are refused with XF_ECONFIG and left untouched; a
 * damaged store is XF_EDB.  Several processes may open (and create) one
 * store at the same moment.
 */
struct xf_db *xf_db_open(const char *path, int mode, struct xf_err *e);
/* What opening changed and the user should know, or NULL; owned by db. */
const char *xf_db_warning(const struct xf_db *db);
void xf_db_close(struct xf_db *db);
/* The raw handle, for tools that query; owned by db. */
struct sqlite3 *xf_db_handle(struct xf_db *db);
int xf_db_schema_version(void);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; XF_EBUSY when locked. */
int xf_db_begin(struct xf_db *db, struct xf_err *e);
int xf_db_commit(struct xf_db *db, struct xf_err *e);
void xf_db_rollback(struct xf_db *db);
/* Record a run of tool at as_of; returns the run id or -1. */
long long xf_db_run_start(struct xf_db *db, const char *tool,
    const char *as_of, const char *actor, int argc, char **argv,
    struct xf_err *e);
/*
 * Record a run's exit status; finished says it ran to its end (else
 * finished_at stays NULL: the run stopped part-way).
 */
int xf_db_run_finish(struct xf_db *db, long long run, int status,
    int finished, struct xf_err *e);
/* Execute SQL with no result; for tools and tests. */
int xf_db_exec(struct xf_db *db, const char *sql, struct xf_err *e);

/* ---- configuration ---------------------------------------------------- */

struct xf_rules;

/*
 * Load classification rules from a CSV file (see xf-rules(5)).  Patterns are
 * compiled once; a bad one fails with "file:line:column: message".
 */
struct xf_rules *xf_rules_load(const char *path, struct xf_err *e);
void xf_rules_free(struct xf_rules *r);
size_t xf_rules_count(const struct xf_rules *r);

/* ---- the configuration directory and time limits (config.c) ---------- */

/* The periods of the lifecycle (DOMAIN: "Time limits"). */
enum {
	XF_LIMIT_TRIAGE,	/* accept, forward, refer or not: 15 days */
	XF_LIMIT_HANDLE,	/* handle and reply: 60 days from acceptance */
	XF_LIMIT_EXTEND,	/* the one extension: at most 30 days */
	XF_LIMIT_REVIEW_ASK,	/* ask for review: 30 days from the reply */
	XF_LIMIT_REVIEW,	/* decide a review: 30 days from the request */
	XF_LIMIT_REREVIEW_ASK,	/* ask for re-review: 30 days */
	XF_LIMIT_REREVIEW,	/* decide a re-review: 30 days */
	XF_NLIMIT
};

struct xf_limits;
struct xf_config;

/* What a tool asks xf_config_load() for, beside calendar and limits. */
enum {
	XF_CONFIG_RULES = 1,	/* rules.csv, if there is one */
	XF_CONFIG_UNITS = 2,	/* units.csv, which must exist */
	XF_CONFIG_UNITS_IF = 4,	/* units.csv, if there is one */
	XF_CONFIG_VALUES = 8	/* values.csv, if there is one */
};

/*
 * Load the configuration directory dir (NULL or "": built-in defaults):
 * holidays.csv (xf-calendar(5)) and limits.csv (xf-limits(5)) when they
 * exist, and what `what' asks for.  Any error is XF_ECONFIG with
 * "file:line: message".  The caller owns the result.
 */
struct xf_config *xf_config_load(const char *dir, int what,
    struct xf_err *e);
void xf_config_free(struct xf_config *cf);
/* What it loaded; owned by cf.  Rules and units may be NULL. */
const struct xf_cal *xf_config_cal(const struct xf_config *cf);
const struct xf_rules *xf_config_rules(const struct xf_config *cf);
const struct xf_units *xf_config_units(const struct xf_config *cf);
const struct xf_limits *xf_config_limits(const struct xf_config *cf);
/* The word map of values.csv, or NULL when none was asked for or found. */
const struct xf_values *xf_config_values(const struct xf_config *cf);
/* The days of period p (XF_LIMIT_*). */
int xf_limits_days(const struct xf_limits *l, int p);
/* The last day of period p started on day start, on calendar c. */
long xf_limits_deadline(const struct xf_limits *l, const struct xf_cal *c,
    int p, long start);

/* ---- intake ------------------------------------------------------------- */

struct xf_intake;

struct xf_intake_opts {
	const char *config_dir;	/* NULL: built-in defaults */
	const char *as_of;	/* NULL: now */
	const char *actor;	/* recorded with the run, or NULL */
	const char *encoding;	/* NULL: UTF-8 */
	int date_order;		/* XF_DATE_* */
	int history;		/* import old cases with their states */
	int dry_run;
	int batch;		/* rows per transaction; 0: default */
	int group_min;		/* persons making a group petition; 0: 5 */
	int repeat_days;	/* window for repeats; 0: 365 */
	const char **maps;	/* "new=old" strings */
	size_t nmaps;
	/*
	 * "COLUMN=VALUE" strings: a value for every row whose COLUMN is
	 * missing or empty (sets), or for every row whatever the file holds
	 * (force_sets); see xf-intake(1).
	 */
	const char **sets;
	size_t nsets;
	const char **force_sets;
	size_t nforce_sets;
	/* "COLUMN:FROM=TO" strings: word maps that win over values.csv. */
	const char **values;
	size_t nvalues;
	int argc;		/* recorded with the run */
	char **argv;
};

/* What happened to one input row; passed to the callbacks below. */
struct xf_intake_row;

const char *xf_row_file(const struct xf_intake_row *r);
long xf_row_line(const struct xf_intake_row *r);
/* "registered", "repeat", "duplicate", "not-reaccepted" or "rejected". */
const char *xf_row_result(const struct xf_intake_row *r);
/* Value of output column i (in xf_intake_columns order), or "". */
const char *xf_row_col(const struct xf_intake_row *r, size_t i);
const struct xf_err *xf_row_error(const struct xf_intake_row *r);
/*
 * The row's original header names and values, for a rejects file: value i
 * is len bytes (it may hold NULs or invalid UTF-8: the row was rejected).
 */
size_t xf_row_nraw(const struct xf_intake_row *r);
const char *xf_row_raw(const struct xf_intake_row *r, size_t i,
    size_t *len);
const char *xf_row_rawname(const struct xf_intake_row *r, size_t i);

/*
 * What the caller hears of a run.  The file loop runs two threads: the
 * caller's, which reads and checks rows, and a writer thread, which applies
 * them.  reject, progress and header are called on the caller's thread;
 * done is called after the batch holding the row committed, in row order
 * and never two at once: on the caller's thread as a rule (also from
 * xf_intake_finish()), on the writer thread for a batch the caller's had
 * not taken by the next commit.  The two never overlap on one row, but
 * done and reject may run at the same time, so they must not share
 * unlocked state.
 */
struct xf_intake_cb {
	void *arg;
	/*
	 * Called for every row stored (or, with dry_run, that would be).  A
	 * non-zero return says the caller's output failed: the run stops
	 * with XF_EOUTPUT after the batch in hand (already committed).
	 */
	int (*done)(void *arg, const struct xf_intake_row *r);
	/* Called for every rejected row. */
	void (*reject)(void *arg, const struct xf_intake_row *r);
	/* Called every few thousand rows with the count so far. */
	void (*progress)(void *arg, long long rows);
	/*
	 * Called once per input file after its header is read, with the
	 * header; lets a rejects writer know the columns.  A non-zero
	 * return stops that file (XF_EINPUT) with the message put in msg.
	 */
	int (*header)(void *arg, const char *file, size_t n,
	    const char *const *names, char *msg, size_t msgsize);
};

/* Column names of the output, in order, NULL-terminated; and how many. */
const char *const *xf_intake_columns(void);
size_t xf_intake_ncolumns(void);

/*
 * Prepare an intake run: check every option and load the configuration
 * (rules, calendar), before any store is opened.  Fails with XF_ECONFIG
 * for a bad option or configuration file.
 */
struct xf_intake *xf_intake_new(const struct xf_intake_opts *o,
    const struct xf_intake_cb *cb, struct xf_err *e);
/* Run on the store db (not owned; it must outlive in).  Returns 0 or -1. */
int xf_intake_attach(struct xf_intake *in, struct xf_db *db,
    struct xf_err *e);
/*
 * Read and register every record of path ("-": stdin).  Returns 0 when the
 * file was read to its end (rows may have been rejected), -1 on an error that
 * stopped it (e->code tells: XF_EINPUT, XF_EDB, XF_EBUSY).
 */
int xf_intake_file(struct xf_intake *in, const char *path, struct xf_err *e);
/* Commit what is pending (or roll back all with dry_run). */
int xf_intake_finish(struct xf_intake *in, struct xf_err *e);
/*
 * Record the run's exit status in the store, once the caller knows it
 * (after its output was written), and whether it finished: went through
 * every file to the end and wrote its output (status 3 when every row
 * was rejected), rather than stopped part-way on a store error, a locked
 * store or output that could not be written.  Nothing is recorded for a
 * dry run or a run that stored nothing.
 */
int xf_intake_end(struct xf_intake *in, int status, int finished,
    struct xf_err *e);
/*
 * With a units.csv in the configuration, call cb for every unit name the
 * store's cases hold that the unit tree does not resolve (by code, name
 * or alias), with how many cases hold it; see xf-units(5).  Nothing when
 * there is no units.csv.  Returns 0 or -1.
 */
int xf_intake_unresolved(struct xf_intake *in,
    void (*cb)(void *arg, const char *name, long long ncases), void *arg,
    struct xf_err *e);
/* Counters. */
long long xf_intake_count(const struct xf_intake *in, const char *what);
void xf_intake_free(struct xf_intake *in);

/* ---- units (units.c) ------------------------------------------------ */

/*
 * The unit tree: every police unit of the bureau with its parent, level
 * and leader, read from units.csv (see xf-units(5)).  A file holds one
 * tree: exactly one unit has no parent.  Both structs are opaque; a
 * const struct xf_unit * borrowed from a struct xf_units lives as long as
 * it, and so do the strings its accessors return.
 */
struct xf_unit;
struct xf_units;

/*
 * Load and check the unit tree at path.  Returns a new tree, owned by the
 * caller (xf_units_free), or NULL with e set: XF_ECONFIG and a message
 * "path:line: ..." naming the offending row for any mistake in the file
 * (nothing is half-loaded), XF_ENOMEM when memory ran out.
 */
struct xf_units *xf_units_load(const char *path, struct xf_err *e);
void xf_units_free(struct xf_units *u);
/* Number of units in the tree. */
size_t xf_units_count(const struct xf_units *u);
/* Unit i in the order of the file, or NULL when i >= xf_units_count(u). */
const struct xf_unit *xf_units_at(const struct xf_units *u, size_t i);
/* The root, the one unit without a parent. */
const struct xf_unit *xf_units_root(const struct xf_units *u);
/*
 * The unit whose code is code (blanks at its ends ignored, compared as
 * xf_units_resolve compares), or NULL.  O(1).
 */
const struct xf_unit *xf_units_get(const struct xf_units *u,
    const char *code);
/*
 * The unit that text names, by code, name or alias; NULL if none or text
 * is NULL.  Blanks at the ends (ASCII, U+00A0, U+3000) are ignored,
 * full-width ASCII (Ａ１) reads as ASCII and ASCII letters as lower case.
 * O(1), and it changes nothing: several threads may resolve at once.
 */
const struct xf_unit *xf_units_resolve(const struct xf_units *u,
    const char *text);
/*
 * Call cb once for every distinct non-blank cases.unit value in the store
 * db that xf_units_resolve cannot resolve, with the number of cases
 * holding it, most cases first.  name is valid during the call only.
 * Returns 0, or -1 with e set (XF_EDB, XF_EBUSY).
 */
int xf_units_unresolved(const struct xf_units *u, struct xf_db *db,
    void (*cb)(void *arg, const char *name, long long ncases), void *arg,
    struct xf_err *e);

/* The unit's code and name. */
const char *xf_unit_code(const struct xf_unit *u);
const char *xf_unit_name(const struct xf_unit *u);
/*
 * Its canonical level: ministry, province, city, district, station or
 * brigade.
 */
const char *xf_unit_level(const struct xf_unit *u);
/* Its leader, or NULL when the file names none. */
const char *xf_unit_leader(const struct xf_unit *u);
/* The line of units.csv that defines it. */
long xf_unit_line(const struct xf_unit *u);
/* Its parent, or NULL for the root. */
const struct xf_unit *xf_unit_parent(const struct xf_unit *u);
/* Its depth: 0 for the root, 1 for the root's children, ... */
int xf_unit_depth(const struct xf_unit *u);
/*
 * 1 if u is ancestor or lies below it (for subtree filters and roll-ups),
 * else 0; 0 when either is NULL.  O(depth).
 */
int xf_unit_within(const struct xf_unit *u, const struct xf_unit *ancestor);
/* The unit n levels above u, stopping at the root; u itself for n <= 0. */
const struct xf_unit *xf_unit_up(const struct xf_unit *u, int n);
/*
 * The nearest of u and its ancestors whose level is level (any word
 * xf_level_norm knows), or NULL if there is none or level is unknown.
 */
const struct xf_unit *xf_unit_at_level(const struct xf_unit *u,
    const char *level);

/* ---- the lifecycle after assignment (lifecycle.c) ------------------- */

/*
 * xf-update: what happens to a matter after assignment, read from CSV
 * rows (case_id, event, at and the event's own columns) and applied as a
 * state machine over the store's cases: replies, resolution, evaluation,
 * review and re-review requests and opinions, termination, follow-ups and
 * notes.  Each row is checked in full (its columns, the case, the step's
 * place in the lifecycle and its time window) before anything is written;
 * a refused step is rejected with the reason.  See xf-update(1).
 */
struct xf_update;

struct xf_update_opts {
	const char *config_dir;	/* NULL: built-in defaults */
	const char *as_of;	/* NULL: now */
	const char *actor;	/* recorded with the run, or NULL */
	const char *encoding;	/* NULL: UTF-8 */
	int force;		/* accept requests past their time window */
	int dry_run;
	int batch;		/* rows per transaction; 0: default */
	int argc;		/* recorded with the run */
	char **argv;
};

/*
 * What the caller hears of a run; all on the caller's thread.  The
 * strings passed live only during the call.
 */
/*
 * What xf-assign, xf-update and xf-escalate hand back to their caller.
 * Every callback is called on the caller's thread.
 */
struct xf_rows_cb {
	void *arg;
	/*
	 * A row settled, once its batch committed (in a dry run, as if it
	 * had): its values in the order of the tool's xf_*_columns().  A
	 * non-zero return says the caller's output failed: the run stops
	 * with XF_EOUTPUT.
	 */
	int (*done)(void *arg, const char *const *v);
	/*
	 * A row rejected, at once: where, why (err->column set when the
	 * fault is one column's), and its n raw fields as read (len bytes
	 * each; they may hold NULs or invalid UTF-8), less the line and
	 * reason of a rejects file read back.
	 */
	void (*reject)(void *arg, const char *file, long line,
	    const struct xf_err *err, size_t n, const char *const *fields,
	    const size_t *lens);
	/*
	 * Once per input file, with its header (as reject's fields); a
	 * non-zero return stops that file (XF_EINPUT) with msg.
	 */
	int (*header)(void *arg, const char *file, size_t n,
	    const char *const *names, char *msg, size_t msgsize);
};

/* Column names of the output, in order, NULL-terminated; and how many. */
const char *const *xf_update_columns(void);
size_t xf_update_ncolumns(void);

/*
 * Prepare a run: check the options and load the configuration (calendar
 * and time limits) before any store is opened.  XF_ECONFIG for a bad
 * option or configuration file.  The caller owns the result; o's strings
 * must outlive it.
 */
struct xf_update *xf_update_new(const struct xf_update_opts *o,
    const struct xf_rows_cb *cb, struct xf_err *e);
/* Run on the store db (not owned; it must outlive u).  0 or -1. */
int xf_update_attach(struct xf_update *u, struct xf_db *db,
    struct xf_err *e);
/*
 * Read and apply every row of path ("-": stdin).  Returns 0 when the file
 * was read to its end (rows may have been rejected), -1 on an error that
 * stopped it (e->code: XF_EINPUT, XF_EDB, XF_EBUSY, XF_EOUTPUT).
 */
int xf_update_file(struct xf_update *u, const char *path, struct xf_err *e);
/* Commit what is pending (or roll back all with dry_run), and emit it. */
int xf_update_finish(struct xf_update *u, struct xf_err *e);
/* Record the run's exit status, as xf_intake_end() does. */
int xf_update_end(struct xf_update *u, int status, int finished,
    struct xf_err *e);
/*
 * Rows so far: "changed" (results changed, late and forced, emitted),
 * "unchanged" (emitted), "rejected", "read".
 */
long long xf_update_count(const struct xf_update *u, const char *what);
void xf_update_free(struct xf_update *u);

/* ---- assignment (assign.c) ------------------------------------------ */

/*
 * xf-assign: route accepted matters to a responsible unit (责任单位), a
 * leader (包案领导) and an officer (责任民警), accepting a registered
 * matter on the way and setting its statutory deadline; reassign; grant
 * the one extension (延期).  Rows name cases by case_id; see xf-assign(1).
 */
struct xf_assign;

struct xf_assign_opts {
	const char *config_dir;	/* must hold units.csv (and routing.csv
				 * with auto) */
	const char *as_of;	/* NULL: now */
	const char *actor;	/* recorded with the run, or NULL */
	const char *encoding;	/* NULL: UTF-8 */
	int auto_route;		/* choose the unit by routing.csv */
	int extend_days;	/* > 0: grant extensions of so many days */
	int dry_run;
	int batch;		/* rows per transaction; 0: default */
	int argc;		/* recorded with the run */
	char **argv;
};

/*
 * What the caller hears of a run, all on the caller's thread.  file
 * strings live as long as the struct xf_assign.
 */
/* Column names of the output, in order, NULL-terminated; and how many. */
const char *const *xf_assign_columns(void);
size_t xf_assign_ncolumns(void);

/*
 * Prepare a run: check the options, load the configuration (calendar,
 * limits, the unit tree, and with auto_route the routing rules of
 * xf-routing(5)) before any store is opened.  Fails with XF_ECONFIG for a
 * bad option or configuration.  The caller owns the result.
 */
struct xf_assign *xf_assign_new(const struct xf_assign_opts *o,
    const struct xf_rows_cb *cb, struct xf_err *e);
/* Run on the store db (not owned; it must outlive a).  0 or -1. */
int xf_assign_attach(struct xf_assign *a, struct xf_db *db,
    struct xf_err *e);
/*
 * Read and apply every row of path ("-": stdin).  Returns 0 when the file
 * was read to its end (rows may have been rejected), -1 on an error that
 * stopped it (e->code: XF_EINPUT, XF_EDB, XF_EBUSY, XF_EOUTPUT).
 */
int xf_assign_file(struct xf_assign *a, const char *path, struct xf_err *e);
/* Commit what is pending (or roll back all with dry_run). */
int xf_assign_finish(struct xf_assign *a, struct xf_err *e);
/* Record the run's exit status; as xf_intake_end(). */
int xf_assign_end(struct xf_assign *a, int status, int finished,
    struct xf_err *e);
/*
 * Rows so far by result: "assigned", "reassigned", "extended",
 * "unchanged", "skipped" (counted as emitted), "rejected".
 */
long long xf_assign_count(const struct xf_assign *a, const char *what);
void xf_assign_free(struct xf_assign *a);

/* ---- xf-escalate (escalate.c); see xf-escalate(1) -------------------- */

struct xf_escalate;

struct xf_escalate_opts {
	const char *config_dir;	/* NULL: built-in defaults */
	const char *as_of;	/* NULL: now */
	const char *actor;	/* recorded with the run, or NULL */
	const char *encoding;	/* of the case_id files; NULL: UTF-8 */
	int dry_run;
	int batch;		/* matters per transaction; 0: default */
	int argc;		/* recorded with the run */
	char **argv;
};

/* What the caller hears, on its thread; strings live during the call. */
/* The output's column names, NULL-terminated (a stable header). */
const char *const *xf_escalate_columns(void);
size_t xf_escalate_ncolumns(void);

/*
 * Prepare a run: check the options, load the configuration (calendar,
 * limits, units.csv if there is one, escalation.csv, periods.csv) before
 * any store is opened.  XF_ECONFIG for a bad option or file.  The caller
 * owns the result; o's strings must outlive it.
 */
struct xf_escalate *xf_escalate_new(const struct xf_escalate_opts *o,
    const struct xf_rows_cb *cb, struct xf_err *e);
/* 1 if the as-of day is a rest day on the calendar, else 0. */
int xf_escalate_rest_day(const struct xf_escalate *x);
/* Run on the store db (not owned; it must outlive x).  0 or -1. */
int xf_escalate_attach(struct xf_escalate *x, struct xf_db *db,
    struct xf_err *e);
/*
 * Evaluate every open matter, in slices, committing as it goes.  0, or
 * -1 on an error that stopped the run (XF_EDB, XF_EBUSY, XF_EOUTPUT).
 */
int xf_escalate_all(struct xf_escalate *x, struct xf_err *e);
/*
 * Evaluate the matters named in the case_id column of path ("-":
 * stdin); an unknown case id is rejected.  0 when the file was read to
 * its end, -1 on an error that stopped it (XF_EINPUT, XF_EDB, ...).
 */
int xf_escalate_file(struct xf_escalate *x, const char *path,
    struct xf_err *e);
/* Commit what is pending (or roll back all in a dry run), and emit it. */
int xf_escalate_finish(struct xf_escalate *x, struct xf_err *e);
/* Record the run's exit status, as xf_intake_end() does. */
int xf_escalate_end(struct xf_escalate *x, int status, int finished,
    struct xf_err *e);
/*
 * Counts: "actions" (emitted), "escalated" (matters acted on), "read"
 * (matters evaluated), "rejected" (unknown case ids).
 */
long long xf_escalate_count(const struct xf_escalate *x, const char *what);
void xf_escalate_free(struct xf_escalate *x);

/* ---- reports (report.c, fmt.c) ---------------------------------------- */

/*
 * xf-report: the published numbers of a period (see xf-report(1) for
 * every metric, its formula and the matters it counts), grouped by one or
 * more dimensions, with a unit's row rolled up over its subtree.  The
 * result is a table of text cells: the period, one or two columns per
 * grouping, then the metrics asked for.
 */
struct xf_report;

#define XF_REPORT_MAXBY 6

struct xf_report_opts {
	const char *period;	/* 2026, 2026-H1, 2026-Q3, 2026-10, or NULL */
	const char *from, *to;	/* days, when period is NULL */
	const char *as_of;	/* day (or time) the report is made, or NULL */
	const char *by[XF_REPORT_MAXBY];	/* unit, unit-level, category,
				 * channel, leader, month, quarter */
	int nby;
	const char *unit;	/* code of the subtree to report, or NULL */
	const char *metrics;	/* comma-separated names, "all", or NULL */
	const struct xf_units *units;	/* the unit tree, or NULL */
};

/*
 * Check the options (usage errors are XF_ECONFIG with the reason) and
 * return a new report, owned by the caller; o's strings and units must
 * outlive it.
 */
struct xf_report *xf_report_new(const struct xf_report_opts *o,
    struct xf_err *e);
/* Compute it from the store (opened read-only will do).  0 or -1. */
int xf_report_run(struct xf_report *r, struct xf_db *db, struct xf_err *e);
void xf_report_free(struct xf_report *r);
/* The columns' names and the rows' cells; owned by r. */
size_t xf_report_ncols(const struct xf_report *r);
const char *const *xf_report_columns(const struct xf_report *r);
size_t xf_report_nrows(const struct xf_report *r);
const char *const *xf_report_row(const struct xf_report *r, size_t i);
/* 1 if column i holds numbers (aligned right), 0 for text. */
int xf_report_numeric(const struct xf_report *r, size_t i);
/* The period as text: "2026-10", or "2026-01-01..2026-03-15". */
const char *xf_report_period(const struct xf_report *r);
/*
 * Row i's label for a chart (its groups' names, "all" for none), its
 * depth in the unit tree (0 at the top of the report), and the figures
 * of its closure rate: received, accepted and closed matters, and the
 * rate in tenths of a percent (-1 when it has no accepted matter).
 */
const char *xf_report_label(const struct xf_report *r, size_t i);
int xf_report_depth(const struct xf_report *r, size_t i);
void xf_report_closure(const struct xf_report *r, size_t i,
    long long *received, long long *accepted, long long *closed,
    long *tenths);

/* Output formats other than CSV (fmt.c). */
enum { XF_FMT_CSV, XF_FMT_TABLE, XF_FMT_MD, XF_FMT_HTML };
/* XF_FMT_* for "csv", "table", "md", "html", or -1. */
int xf_fmt_parse(const char *s);
/*
 * Write r to fp as an aligned table (Chinese characters counted two
 * columns wide), a Markdown table, or one self-contained HTML page with an
 * SVG chart of the closure rate; title heads the page.  Returns 0, or -1
 * (XF_EOUTPUT) when writing failed.
 */
int xf_fmt_write(const struct xf_report *r, int format, FILE *fp,
    const char *title, struct xf_err *e);
/* Columns text takes on a terminal: 2 for East Asian wide characters. */
size_t xf_text_width(const char *s);

/* The name of report metric i, or NULL past the last (usage messages). */
const char *xf_rpt_metric_name(size_t i);
/* Persons that make a petition a group petition (集体访); default 5. */
void xf_rpt_set_group_min(struct xf_report *r, int n);

/* ---- xf-export (export.c) ------------------------------------------ */

/*
 * xf-export: the cases a selection names, as CSV rows in the columns
 * xf-intake --history reads (case_id first, extra columns after), or
 * their event history; personal data masked unless unmask is set, and
 * then every case shown is recorded as disclosed.  See xf-export(1).
 */
struct xf_export;

struct xf_export_opts {
	const char *config_dir;	/* units.csv for unit; NULL: none */
	const char *as_of;	/* the day --overdue looks at; NULL: today */
	const char *actor;	/* recorded with an --unmask run */
	const char *period;	/* 2026, 2026-H1, 2026-Q3, 2026-10, or NULL */
	const char *from, *to;	/* received days, both ends included */
	const char **status;	/* status words or comma lists */
	size_t nstatus;
	const char *unit;	/* a unit code: it and its subtree */
	int open;		/* only open matters (xf_status_open) */
	int overdue;		/* only open matters past their deadline */
	int events;		/* the event history instead of the cases */
	int unmask;		/* show personal data, and record it */
	int dry_run;		/* refused with unmask */
	int batch;		/* cases per transaction with unmask; 0: 10000 */
	int argc;		/* recorded with an --unmask run */
	char **argv;
};

/*
 * Check the options and load what they need (units.csv for unit) before
 * any store is opened: XF_ECONFIG for a bad option or configuration.  The
 * caller owns the result; o's strings must outlive it.
 */
struct xf_export *xf_export_new(const struct xf_export_opts *o,
    struct xf_err *e);
/* Does the run write to the store (unmask)?  Then open it for writing. */
int xf_export_writes(const struct xf_export *x);
/*
 * Write the header and every selected row to out (owned by the caller)
 * from the store db (not owned).  With unmask, the disclosures are
 * committed in batches and each batch's rows written only after it
 * committed.  0, or -1 with e set (XF_EDB, XF_EBUSY, XF_EOUTPUT).
 */
int xf_export_run(struct xf_export *x, struct xf_db *db, struct xf_out *out,
    struct xf_err *e);
/* Record an --unmask run's exit status, as xf_intake_end() does. */
int xf_export_end(struct xf_export *x, int status, int finished,
    struct xf_err *e);
void xf_export_free(struct xf_export *x);

#endif
