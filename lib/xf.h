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
	XF_ENOMEM
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
 * Check a resident ID number (GB 11643-1999): 18 characters with a valid
 * birth date and check character (x accepted, normalised to X), or a legacy
 * 15-digit number with a valid birth date.  out (>= 19 bytes) receives the
 * normalised number.  Returns 0 or -1 with a message.
 */
int xf_idno_check(const char *s, char *out, struct xf_err *e);
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

/* ---- vocabularies ----------------------------------------------------- */

/* Canonical channel name for s (English or Chinese), or NULL. */
const char *xf_channel_norm(const char *s);
/* Canonical level (ministry, province, city, district, station) or NULL. */
const char *xf_level_norm(const char *s);
/* Rank of a canonical level: ministry 5 ... station 1, 0 if unknown. */
int xf_level_rank(const char *level);
/* Parse yes/no words (1, 0, yes, no, y, n, true, false, 是, 否): 1, 0, -1. */
int xf_bool_parse(const char *s);

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
/* Index of a field cut at XF_FIELD_MAX bytes, or -1. */
long xf_csv_toolong(const struct xf_csv *r);
/* The name used in messages: the path or "stdin". */
const char *xf_csv_name(const struct xf_csv *r);
void xf_csv_free(struct xf_csv *r);

#define XF_FIELD_MAX (1 << 20)

/* ---- CSV writing ------------------------------------------------------- */

enum {
	XF_OUT_CRLF = 1,	/* end lines with CR LF */
	XF_OUT_BOM = 2,		/* start with a UTF-8 byte-order mark */
	XF_OUT_EXCEL_SAFE = 4	/* prefix ' to cells starting = + - @ */
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

/* ---- the store ------------------------------------------------------- */

struct xf_db;
struct sqlite3;

/*
 * Open or create the store at path (mode 0600 when created), set WAL and
 * the busy timeout (milliseconds; XF_BUSY_TIMEOUT overrides the default
 * 30000), check application_id and migrate to the current schema.  A file
 * newer than this program or not an xf store is refused (XF_ECONFIG).
 */
struct xf_db *xf_db_open(const char *path, struct xf_err *e);
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
    const char *as_of, int argc, char **argv, struct xf_err *e);
int xf_db_run_finish(struct xf_db *db, long long run, int status,
    struct xf_err *e);
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

/* ---- intake ------------------------------------------------------------- */

struct xf_intake;

struct xf_intake_opts {
	const char *config_dir;	/* NULL: built-in defaults */
	const char *as_of;	/* NULL: now */
	const char *encoding;	/* NULL: UTF-8 */
	int date_order;		/* XF_DATE_* */
	int history;		/* import old cases with their states */
	int dry_run;
	int batch;		/* rows per transaction; 0: default */
	int group_min;		/* persons making a group petition; 0: 5 */
	int repeat_days;	/* window for repeats; 0: 365 */
	const char **maps;	/* "new=old" strings */
	size_t nmaps;
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
/* The row's original header names and values, for a rejects file. */
size_t xf_row_nraw(const struct xf_intake_row *r);
const char *xf_row_raw(const struct xf_intake_row *r, size_t i);
const char *xf_row_rawname(const struct xf_intake_row *r, size_t i);

struct xf_intake_cb {
	void *arg;
	/* Called for every row stored (or, with dry_run, that would be). */
	void (*done)(void *arg, const struct xf_intake_row *r);
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

/* Column names of the output, in order, NULL-terminated. */
const char *const *xf_intake_columns(void);

/* Prepare an intake run on db (not owned).  Fails for bad options/config. */
struct xf_intake *xf_intake_new(struct xf_db *db,
    const struct xf_intake_opts *o, const struct xf_intake_cb *cb,
    struct xf_err *e);
/*
 * Read and register every record of path ("-": stdin).  Returns 0 when the
 * file was read to its end (rows may have been rejected), -1 on an error that
 * stopped it (e->code tells: XF_EINPUT, XF_EDB, XF_EBUSY).
 */
int xf_intake_file(struct xf_intake *in, const char *path, struct xf_err *e);
/* Commit what is pending (or roll back all with dry_run). */
int xf_intake_finish(struct xf_intake *in, struct xf_err *e);
/* Counters. */
long long xf_intake_count(const struct xf_intake *in, const char *what);
void xf_intake_free(struct xf_intake *in);

#endif
