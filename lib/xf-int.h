/*
 * xf-int.h: what the library files share with each other and not with
 * the tools.  cmd/ includes only xf.h.
 */
#ifndef XF_INT_H
#define XF_INT_H

#include <stdint.h>

#include "xf.h"

/* Wall-clock "YYYY-MM-DD HH:MM:SS" in the local time zone. */
void xf_now_text(char *buf, size_t n);
/* The path the store was opened with; owned by db. */
const char *xf_db_path(const struct xf_db *db);
/* Another connection to db's store, opened in mode (XF_DB_READ, ...), or
 * NULL with e set: a dry run's store not made yet is only in memory. */
struct xf_db *xf_db_open_again(struct xf_db *db, int mode,
    struct xf_err *e);
/* A thread that checkpoints db's store (PASSIVE) every ms milliseconds,
 * on a connection of its own, until xf_ckpt_stop(); NULL if it cannot be
 * had (a store in memory, no memory, no thread), which only costs time. */
struct xf_ckpt *xf_ckpt_start(struct xf_db *db, int ms);
void xf_ckpt_stop(struct xf_ckpt *k);
/* Fill e from the store's last error (XF_EBUSY when locked); returns -1. */
int xf_db_fail(struct xf_db *db, struct xf_err *e, const char *what);

/* Quote at most max bytes of [b, end) into buf (max + 4 bytes), safely. */
void xf_excerpt(const char *b, const char *end, char *buf, size_t max);

/* A growing string. */
struct xf_buf {
	char *s;
	size_t len, cap;
};
int xf_buf_add(struct xf_buf *b, const char *s, size_t n);
int xf_buf_adds(struct xf_buf *b, const char *s);
/* Append s as a JSON string literal (quotes and escapes). */
int xf_buf_json(struct xf_buf *b, const char *s);
void xf_buf_reset(struct xf_buf *b);
void xf_buf_free(struct xf_buf *b);

/* 64-bit FNV-1a, finished with a strong mixer; h is the running state. */
uint64_t xf_hash(uint64_t h, const void *p, size_t n);
#define XF_HASH_INIT 0xcbf29ce484222325ULL

/* ---- bounded PCRE2 patterns of the config files (pattern.c) ------- */

struct xf_pat;
struct xf_matcher;

/*
 * Compile pattern p of a configuration file (UTF-8, caseless).  NULL with
 * why and *col (the character of p, from 1) when PCRE2 refuses it or it has
 * a shape that backtracks exponentially (LIMITS in xf-rules(5)).
 */
struct xf_pat *xf_pat_new(const char *p, char *why, size_t whysize,
    size_t *col);
void xf_pat_free(struct xf_pat *pt);

/* Match state with the depth, heap and JIT stack bounds; NULL: no memory. */
struct xf_matcher *xf_matcher_new(void);
void xf_matcher_free(struct xf_matcher *m);

/* A text as the patterns see it: its first 16 KiB, counted once. */
struct xf_subject {
	const char *s;
	size_t len, n, nchar;	/* bytes, bytes seen, characters seen */
};
void xf_subject_set(struct xf_subject *t, const char *s);

/*
 * Does pt match t?  1, 0, or -1 with why when it gave up at the match
 * limit scaled to the text's length, or the depth or heap limit.
 */
int xf_pat_match(struct xf_matcher *m, const struct xf_pat *pt,
    const struct xf_subject *t, char *why, size_t whysize);

/* Result of matching the rules against one row. */
struct xf_rule_hit {
	const char *name;		/* "file:line" of the rule */
	const char *category;
	const char *disposition;	/* accept, forward, refer, not-accept */
	const char *target;		/* organ or legal channel */
	const char *reason;
	const char *level;		/* level the problem belongs to, or NULL */
};

/*
 * Match the rules in order against the fields given by get(arg, name).
 * Returns 1 with hit filled by the first rule that matches, 0 if none
 * does, -1 with e set when a pattern hit the match or depth limit.
 */
int xf_rules_match(const struct xf_rules *r,
    const char *(*get)(void *arg, const char *field), void *arg,
    struct xf_rule_hit *hit, struct xf_err *e);

/*
 * Similarity of two texts in [0, 1]: the Dice coefficient of their sets of
 * character bigrams, ignoring blanks and punctuation.
 */
double xf_text_similarity(const char *a, const char *b);

/* ---- canonical case columns (fields.c) ---------------------------- */

/* The canonical input columns of a petition or an old case. */
enum {
	F_SOURCE_REF, F_RECEIVED_AT, F_CHANNEL, F_NAME, F_ANONYMOUS,
	F_ID_NUMBER, F_PHONE, F_ADDRESS, F_PERSONS, F_CONTENT, F_CATEGORY,
	F_UNIT, F_LEVEL_RECEIVED, F_PROBLEM_LEVEL, F_SUPERVISION,
	F_SUPERVISION_DEADLINE,
	/* history */
	F_STATUS, F_LEADER, F_OFFICER, F_ACCEPTED_AT, F_DEADLINE,
	F_EXTENDED_DEADLINE, F_REPLIED_AT, F_CLOSED_AT, F_OUTCOME,
	F_RESOLVED, F_SATISFACTION, F_REVIEW_REQ, F_REVIEW_DEC,
	F_REREVIEW_REQ, F_REREVIEW_DEC, F_TERMINATED_AT,
	/* history, as xf-export writes it: what the lifecycle recorded */
	F_DISPOSITION, F_TARGET, F_REASON, F_TRIAGED_AT, F_EXTENDED_AT,
	F_RESOLVED_AT, F_EVALUATED_AT, F_REVIEW_OUTCOME, F_REREVIEW_OUTCOME,
	F_FOLLOWUPS, F_FOLLOWED_UP_AT, F_REPEAT_OF, F_LEAPFROG_LEVEL,
	/* a further petition of the matter with this case_id */
	F_PETITION_OF,
	NFIELD
};
#define F_IGNORED	(-2)	/* a column read and dropped */

/* Canonical name of field f (F_*). */
const char *xf_field_name(int f);
/* The field a header name (canonical or alias, after xf_header_norm) is. */
int xf_field_of(const char *name);
/* Lower-case ASCII, trim blanks, and turn spaces and hyphens into _. */
void xf_header_norm(const char *s, char *out, size_t n);

/* ---- a petition as checked (check.c) ------------------------------ */

/* A validated row, ready to be written. */
struct xf_cand {
	const char *f[NFIELD];		/* trimmed input, "" when absent */
	char received[24], id[20], phone[32], person_key[160];
	long long pkey;			/* hash of person_key, 0 for none */
	char accepted[24], deadline[24], extdeadline[24], replied[24];
	char closed[24], rvq[24], rvd[24], rrq[24], rrd[24], term[24];
	char supdl[24], triage_dl[12], triaged[24];
	char extended[24], resolved_at[24], evaluated[24], followed[24];
	const char *review_outcome, *rereview_outcome;
	long followups;
	/*
	 * The case numbers of the row's case_id (a row of xf-export), of
	 * the matter it names in repeat_of and petition_of; 0 when empty.
	 * repeat_given: the file says whether the matter is a repeat.
	 */
	long long file_no, repeat_no, petition_of;
	int repeat_given;
	int keep_target;		/* target, reason as the file gives */
	long recv_day;
	const char *channel, *level_received, *problem_level, *supervision;
	const char *status, *disposition, *target, *reason, *rule;
	const char *category, *satisfaction;
	const char *unit_code;		/* the unit resolved in units.csv */
	long persons;
	int anonymous, resolved, is_group, is_leapfrog;
	unsigned char fp[16];		/* fingerprint of the content fields */
	const char *gname;		/* rules' field lookup cache */
	int gidx;
};

/*
 * The person behind a petition as text: "id:" and the ID number (a legacy
 * 15-digit one widened to 18, so both forms meet), or "np:" and the name
 * without blanks and the phone; "" when neither is known.
 */
void xf_person_text(const char *id, const char *name, const char *phone,
    int anonymous, char *out, size_t n);

/* ---- the case layer (case.c) -------------------------------------- */

/*
 * The only code that reads or writes cases, petitions and events.  Its
 * statements are prepared once per run; every write happens inside the
 * caller's transaction (see batch.c) and carries the run.
 */
struct xf_cases;

/*
 * A case number is YYYYMMDD * XF_CASE_DAY + n, n the day's sequence from
 * 1 (schema version 3 on; before, YYYYMMDD * 100000 + n), so that numbers
 * sort by day and then by n.  Anything that needs the day of a case
 * number divides by XF_CASE_DAY.
 */
#define XF_CASE_DAY	1000000000LL
/*
 * Case number to its id (out >= 32 bytes): XF-YYYYMMDD-NNNN for n up to
 * 9999, else a width letter and n (XF-YYYYMMDD-A10000, B100000 ...), so
 * ids sort as text as their numbers do; see xf-db(5).  And back: the
 * number of an id in either form, or of a five-digit id written before
 * schema version 3, or -1.
 */
void xf_case_id(long long no, char *out);
long long xf_case_no(const char *id);

struct xf_cases *xf_cases_new(struct xf_db *db, struct xf_err *e);
void xf_cases_free(struct xf_cases *cs);
/*
 * A transaction began: writes carry run, are marked imported (history)
 * or not, and stamp updated_at with now (copied).  Forgets the cached
 * day sequences, which a rolled-back transaction may have advanced.
 */
void xf_cases_begin(struct xf_cases *cs, long long run, int imported,
    const char *now);
/*
 * Allocate the next case number for a matter received on day.  Fails with
 * XF_EROW, naming the day, when the day has no number left (its highest
 * is YYYYMMDD * XF_CASE_DAY + XF_CASE_DAY - 1); nothing was written then.
 */
int xf_cases_next_no(struct xf_cases *cs, long day, long long *no,
    struct xf_err *e);
/*
 * Is the petition c already stored (by source_ref, else fingerprint), as
 * a case or a further petition?  1 with its case's number, 0, or -1.
 */
int xf_cases_find(struct xf_cases *cs, const struct xf_cand *c,
    long long *no, struct xf_err *e);
/*
 * Find the matter c repeats: same person, same category, content at least
 * similarity alike, latest petition within days.  1 with its number,
 * status (>= 32 bytes) and petition count; 0 if none; -1 on error.
 */
int xf_cases_repeat(struct xf_cases *cs, const struct xf_cand *c, int days,
    double similarity, long long *no, char *status, long *count,
    struct xf_err *e);
/*
 * Store c as case no (repeating repeat_of, or "" for a first petition),
 * with its unknown columns as the JSON object extra (or NULL), and its
 * events: one for a new petition, one per dated step of an old case.
 * The case may be held back and written with others in one statement:
 * c and extra must stay as they are until xf_cases_flush(), which the
 * caller calls before it commits or lets them go.  The lookups of this
 * layer write first what they might find among the held-back cases.
 */
int xf_cases_insert(struct xf_cases *cs, long long no,
    const struct xf_cand *c, const char *repeat_of, const char *extra,
    struct xf_err *e);
/* Write the cases xf_cases_insert() held back, with their events. */
int xf_cases_flush(struct xf_cases *cs, struct xf_err *e);
/* Record c as a further petition on case no; its new petition count. */
int xf_cases_join(struct xf_cases *cs, long long no, const struct xf_cand *c,
    long *count, struct xf_err *e);
/*
 * The stored state of case no as XF_NSTATE texts, in the order of
 * xf-intake's output from received_at on; borrowed until the next call.
 */
#define XF_NSTATE 14
int xf_cases_state(struct xf_cases *cs, long long no, const char **v,
    struct xf_err *e);

/* The columns of a case the lifecycle reads and changes (XF_C_*). */
enum {
	XF_C_STATUS, XF_C_RECEIVED_AT, XF_C_DISPOSITION, XF_C_CATEGORY,
	XF_C_UNIT, XF_C_UNIT_CODE, XF_C_LEADER, XF_C_OFFICER,
	XF_C_ACCEPTED_AT, XF_C_DEADLINE, XF_C_EXTENDED_DEADLINE,
	XF_C_EXTENDED_AT, XF_C_REPLIED_AT, XF_C_CLOSED_AT, XF_C_OUTCOME,
	XF_C_RESOLVED, XF_C_RESOLVED_AT, XF_C_SATISFACTION, XF_C_EVALUATED_AT,
	XF_C_REVIEW_REQ, XF_C_REVIEW_DEC, XF_C_REVIEW_OUTCOME,
	XF_C_REREVIEW_REQ, XF_C_REREVIEW_DEC, XF_C_REREVIEW_OUTCOME,
	XF_C_TERMINATED_AT, XF_C_FOLLOWUPS, XF_C_FOLLOWED_UP_AT,
	XF_C_PROBLEM_LEVEL, XF_C_PETITION_COUNT, XF_C_IMPORTED,
	/* what xf-escalate reads (xf_case_due(), escalate.c) */
	XF_C_TRIAGE_DEADLINE, XF_C_SUPERVISION, XF_C_SUPERVISION_DEADLINE,
	XF_C_IS_GROUP, XF_C_IS_LEAPFROG, XF_C_LEAPFROG_LEVEL,
	XF_C_LAST_PETITION_AT, XF_C_RUN_ID, XF_C_TRIAGED_AT,
	XF_C_NCOL
};

/* A case as stored: every XF_C_* column as text ("" for NULL). */
struct xf_case {
	long long no;
	char id[32];
	const char *v[XF_C_NCOL];
};

/* The store's name of column k. */
const char *xf_case_col(int k);
/*
 * Load case no into c; its texts are owned by cs and live until the next
 * load.  1 if found, 0 if there is no such case, -1 on error.
 */
int xf_cases_load(struct xf_cases *cs, long long no, struct xf_case *c,
    struct xf_err *e);

/* One column to set: col (XF_C_*) to value ("" or NULL for NULL). */
struct xf_set {
	int col;
	const char *value;
};

/*
 * Change case c (as loaded) in one call: each column of set whose value
 * differs is updated, updated_at is stamped, and each change is one event
 * (kind, at, the column, old and new value, note).  Returns how many
 * columns changed (0: the case already was so), or -1.
 */
int xf_cases_change(struct xf_cases *cs, const struct xf_case *c,
    const char *at, const char *kind, const struct xf_set *set, size_t n,
    const char *note, struct xf_err *e);
/*
 * An event that changes no column (a note, a follow-up's words), unless
 * the case has one of that kind, day and note already: 1 if recorded, 0
 * if it was there, -1 on error.
 */
int xf_cases_note(struct xf_cases *cs, long long no, const char *at,
    const char *kind, const char *note, struct xf_err *e);
/*
 * Has case no an event of kind on the day of at, with note (any note
 * when note is NULL)?  1, 0, or -1 on error.  For xf-update's re-runs.
 */
int xf_cases_seen(struct xf_cases *cs, long long no, const char *kind,
    const char *at, const char *note, struct xf_err *e);
/*
 * How many open matters (registered, accepted, assigned, review,
 * re-review; see xf_status_open) the unit with code code holds, as the
 * caller's transaction sees them, this run's changes included; -1 on
 * error.  For xf-assign's fewest-open chooser.
 */
long long xf_cases_open_count(struct xf_cases *cs, const char *code,
    struct xf_err *e);
/*
 * The address of case no ("" for none), copied NUL-terminated into out
 * (owned by the caller): 1, 0 if there is no such case, -1 on error.
 */
int xf_cases_address(struct xf_cases *cs, long long no, struct xf_buf *out,
    struct xf_err *e);

/*
 * Walk the open matters (xf_status_open) with a case number above after,
 * in case-number order, at most max of them: fn(arg, c) for each, with
 * c's texts borrowed for the call only, and c->id empty (xf_case_id()
 * forms it from c->no).  Only the columns of cols (bit k
 * for XF_C_* column k) are read; the others are NULL in c->v, so that a
 * caller reading one it did not ask for fails at once.  fn may read the store but not
 * write it (the walk's statement is active until this returns, reset);
 * a non-zero return stops the walk with -1 (fn sets the error it means).
 * *last gets the last case number visited.  Returns how many were
 * visited (0 at the end), or -1.  For walking every open matter in
 * slices without holding the store.
 */
int xf_cases_open_walk(struct xf_cases *cs, long long after, int max,
    unsigned long long cols, int (*fn)(void *arg, const struct xf_case *c),
    void *arg, long long *last, struct xf_err *e);
/*
 * The highest step of escalation ladder rule that fired on case no (0 if
 * none did), or -1 on error.  See the escalations table in xf-db(5).
 */
long xf_cases_fired(struct xf_cases *cs, long long no, const char *rule,
    struct xf_err *e);
/*
 * Record that ladder rule of case no reached step as of day: one row for
 * the step reached, none for those climbed past to reach it (the highest
 * row is the ladder's state; see xf_cases_fired()).  0 or -1.
 */
int xf_cases_fire(struct xf_cases *cs, long long no, const char *rule,
    long step, const char *day, struct xf_err *e);

/* ---- escalation rules (escrules.c); see xf-escalation(5) ------------- */

enum {
	XF_ESC_WARN,		/* N working days before a deadline */
	XF_ESC_OVERDUE,		/* up the unit tree, a level every M days */
	XF_ESC_REPEAT,		/* leader ownership from N petitions */
	XF_ESC_GROUP,		/* group petitions to a level at once */
	XF_ESC_LEAPFROG,	/* leapfrog petitions: notify the locality */
	XF_ESC_SUPERVISED,	/* progress reminders every N days */
	XF_ESC_NRULE
};

/* One rule as in force. */
struct xf_esc_rule {
	int on;
	int value;		/* days or petitions; see xf-escalation(5) */
	char level[16];		/* a canonical level, or "" */
};

struct xf_escrules;

/*
 * Load escalation.csv and periods.csv of the configuration directory dir
 * (NULL or "", or files absent: the built-in defaults).  A mistake is
 * XF_ECONFIG "file:line: message" and nothing is loaded.  The caller
 * owns the result.
 */
struct xf_escrules *xf_escrules_load(const char *dir, struct xf_err *e);
void xf_escrules_free(struct xf_escrules *r);
/*
 * The rules in force on day into out.  Returns the name of the sensitive
 * period running on day (the first of periods.csv that holds it; owned
 * by r), with its first day in *from; or NULL in normal time.
 */
const char *xf_escrules_on(const struct xf_escrules *r, long day,
    struct xf_esc_rule out[XF_ESC_NRULE], long *from);
/* "warn", "overdue", ... for XF_ESC_*. */
const char *xf_esc_rule_name(int rule);
/*
 * The store's data version (PRAGMA data_version) into *v: it changes
 * when another connection commits, never for this one's own writes, so
 * two equal readings mean the store holds what this connection last read
 * plus its own changes.  0, or -1 on error.
 */
int xf_cases_version(struct xf_cases *cs, long long *v, struct xf_err *e);
/*
 * The as-of day ("YYYY-MM-DD", out >= 11 bytes) of run, "" if there is
 * no such run: 0, or -1 on error.
 */
int xf_cases_run_day(struct xf_cases *cs, long long run, char *out,
    struct xf_err *e);

/* ---- deadlines of open matters (due.c) ---------------------------- */

/* What xf_case_due() found. */
enum {
	XF_DUE_NONE,	/* no deadline runs: closed, or no date to count from */
	XF_DUE_OPEN,	/* a deadline runs and today is on or before it */
	XF_DUE_LATE	/* today is past it */
};

/* The columns xf_case_due() reads, as bits (1 << XF_C_*). */
#define XF_DUE_COLS	(1ULL << XF_C_STATUS | 1ULL << XF_C_RECEIVED_AT | \
	1ULL << XF_C_TRIAGE_DEADLINE | 1ULL << XF_C_SUPERVISION | \
	1ULL << XF_C_SUPERVISION_DEADLINE | 1ULL << XF_C_EXTENDED_DEADLINE | \
	1ULL << XF_C_DEADLINE | 1ULL << XF_C_ACCEPTED_AT | \
	1ULL << XF_C_REVIEW_REQ | 1ULL << XF_C_REREVIEW_REQ)

/*
 * Which deadline applies now to matter c (loaded with at least the
 * columns of XF_DUE_COLS) on day today: triage (registered: triage_deadline, else 15
 * days from registration), supervision (accepted or assigned under a
 * supervisor's deadline), extended (an extension granted), handle
 * (deadline, else 60 days from acceptance), review or rereview (30 days
 * from the request).  Periods are counted with xf_limits_deadline() on
 * cal, as xf-assign and xf-update count them.  Fills *stage (a static
 * word) and due ("YYYY-MM-DD"), and returns XF_DUE_*.  Used by
 * xf-escalate and xf-export --overdue.
 */
/*
 * The day of a stored date or time ("YYYY-MM-DD", maybe with a time), read
 * without the general parser when it has the store's own form, or -1 for
 * "" or a bad one.
 */
long xf_stored_day(const char *s);

int xf_case_due(const struct xf_case *c, const struct xf_cal *cal,
    const struct xf_limits *lim, long today, const char **stage,
    char due[11]);

/* ---- CSV read by wanted columns (table.c) ------------------------- */

/* A column a tool wants: its name, aliases (NULL-terminated or NULL). */
struct xf_colspec {
	const char *name;
	const char *const *aliases;
	int required;		/* a file without it is not read */
};

struct xf_table;

/*
 * Open path ("-": stdin) and map its header to the nspec wanted columns
 * (by name after xf_header_norm(), or alias).  A missing required column,
 * two columns meaning one, or a bad header is XF_EINPUT "file:line: ...".
 * spec must outlive the table.
 */
struct xf_table *xf_table_open(const char *path, const char *encoding,
    const struct xf_colspec *spec, size_t nspec, struct xf_err *e);
void xf_table_free(struct xf_table *t);
/* Next non-blank record: 1, 0 at the end, -1 (XF_EINPUT) on a bad one. */
int xf_table_read(struct xf_table *t, struct xf_err *e);
/* Wanted column k of the record, trimmed; "" when empty or absent. */
const char *xf_table_get(const struct xf_table *t, size_t k);
int xf_table_has(const struct xf_table *t, size_t k);
/* Wanted column k's name as the file has it, for messages. */
const char *xf_table_colname(const struct xf_table *t, size_t k);
/* The header, and the record's raw fields (for output and rejects). */
size_t xf_table_ncols(const struct xf_table *t);
const char *const *xf_table_header(const struct xf_table *t);
size_t xf_table_nfields(const struct xf_table *t);
const char *xf_table_field(const struct xf_table *t, size_t i, size_t *len);
/*
 * Every field of the current record as read, and their lengths, in arrays
 * the table owns until the next record (for a rejects writer): 0, or -1
 * when out of memory.
 */
int xf_table_raw(struct xf_table *t, const char *const **f,
    const size_t **len, size_t *n);
long xf_table_line(const struct xf_table *t);
const char *xf_table_name(const struct xf_table *t);

/* ---- batched writes (batch.c) ------------------------------------- */

/*
 * Rows are applied in transactions of a set size; what a batch did is
 * handed to emit only after it committed, so output never names a change
 * that is not in the store.  The run is recorded with the first batch.
 */
struct xf_batch;

/* Called for each row of a committed batch; non-zero stops (output). */
typedef int (*xf_emit_fn)(void *arg, const char *file, long line,
    const char *result, const char *const *v);

struct xf_batch *xf_batch_new(struct xf_db *db, const char *tool,
    const char *as_of, const char *actor, int argc, char **argv, int size,
    int dry_run, size_t ncols, xf_emit_fn emit, void *arg);
void xf_batch_free(struct xf_batch *b);
/* Start a transaction if none is open: 1 if it started one, 0, or -1. */
int xf_batch_begin(struct xf_batch *b, struct xf_err *e);
long long xf_batch_run(const struct xf_batch *b);
const char *xf_batch_now(const struct xf_batch *b);
/* Queue an output row of ncols values (copied); -1 when out of memory. */
int xf_batch_pend(struct xf_batch *b, const char *file, long line,
    const char *result, const char *const *v);
/*
 * Have fn(arg) write what the caller held back before each commit (and
 * before a dry run emits); an error from it fails the commit.
 */
void xf_batch_hook(struct xf_batch *b, int (*fn)(void *, struct xf_err *),
    void *arg);
/* One row applied: commit the batch when it is full.  0 or -1. */
int xf_batch_step(struct xf_batch *b, struct xf_err *e);
/* Commit what is open (or roll back all, in a dry run) and emit. */
int xf_batch_commit(struct xf_batch *b, struct xf_err *e);
/* Roll back what is open and drop its rows. */
void xf_batch_abort(struct xf_batch *b);
/* Record the run's status; see xf_intake_end() in xf.h. */
int xf_batch_end(struct xf_batch *b, int status, int finished,
    struct xf_err *e);
/*
 * Have a committed batch's rows emitted by another thread, which calls
 * xf_batch_drain(); see batch.c.  0, or -1 when out of memory.
 */
int xf_batch_defer(struct xf_batch *b);
/* Emit the rows handed over, if any wait; -1 when output failed. */
int xf_batch_drain(struct xf_batch *b, struct xf_err *e);
/* 1 when rows handed over wait for xf_batch_drain(). */
int xf_batch_ready(struct xf_batch *b);
/* 1 when emitting rows handed over failed. */
int xf_batch_out_failed(struct xf_batch *b);

/* ---- the reader/writer pipeline (pipe.c) --------------------------- */

/*
 * Two threads: the caller's reads and checks rows and puts them in a
 * bounded queue of jobs; a writer thread applies them, in order.  Each
 * job slot is jobsize bytes, zeroed at first; fill copies what the row
 * needs into it (on the caller's thread), apply writes it (on the writer
 * thread), trim gives back large buffers after apply, release frees what
 * a slot holds at the end.
 */
struct xf_pipe_ops {
	void *arg;
	size_t jobsize;
	int (*fill)(void *arg, void *job, const void *src);
	int (*apply)(void *arg, void *job, struct xf_err *e);
	void (*trim)(void *arg, void *job);
	void (*release)(void *arg, void *job);
	/*
	 * Optional: the jobs taken at once were applied, before their
	 * slots are handed back (and trimmed); -1 stops the writer.
	 */
	int (*round)(void *arg, struct xf_err *e);
	/*
	 * Optional, both or neither: want (writer thread, after a round)
	 * says there is output for the reader; drain (reader thread, in
	 * xf_pipe_put) writes it, -1 (with e) stopping the reader.
	 */
	int (*want)(void *arg);
	int (*drain)(void *arg, struct xf_err *e);
};

struct xf_pipe;

struct xf_pipe *xf_pipe_start(const struct xf_pipe_ops *ops,
    struct xf_err *e);
/* Queue one row: 0, or -1 when the writer stopped or fill failed. */
int xf_pipe_put(struct xf_pipe *p, const void *src, struct xf_err *e);
/*
 * Let the writer finish the queue, join it and free p.  Returns 0, or -1
 * with the writer's error in e.
 */
int xf_pipe_finish(struct xf_pipe *p, struct xf_err *e);

/* ---- personal data in exports (mask.c) ---------------------------- */

/*
 * A name with all but its first character hidden, one "*" for each (张三
 * gives 张*, 欧阳娜娜 欧***, Li Lei L*****), blanks at the ends dropped;
 * "" stays "", and so does the word 匿名 (anonymous), which names nobody.
 * Written into out (n bytes, cut at a character boundary, always
 * NUL-terminated); returns out.
 */
char *xf_mask_name(const char *s, char *out, size_t n);
/*
 * The value s of the store's column column as an export may show it:
 * petitioner_name, id_number and phone masked into out (n bytes) by
 * xf_mask_name, xf_mask_idno and xf_mask_phone, and out returned; s itself
 * for any other column, and for NULL or "".
 */
const char *xf_mask_column(const char *column, const char *s, char *out,
    size_t n);

/* ---- the disclosure of personal data (case.c) ---------------------- */

/*
 * Record that case no was shown with its personal data unmasked: one
 * event of kind "disclosed" at at, with note, in the caller's
 * transaction; the run carries the actor.  Always appended, even when the
 * same disclosure was recorded before.  0 or -1.
 */
int xf_cases_disclosed(struct xf_cases *cs, long long no, const char *at,
    const char *note, struct xf_err *e);

/* ---- extra columns back out of cases.extra (extra.c) -------------- */

/*
 * The columns xf-intake kept as a JSON object, as columns again: their
 * names in the order added, and a row's values.  The caller owns it
 * (xf_extra_free); names live as long as it.
 */
struct xf_extra;

struct xf_extra *xf_extra_new(void);
void xf_extra_free(struct xf_extra *x);
/* Add the column key, unless it is there: 0, or -1 out of memory. */
int xf_extra_add(struct xf_extra *x, const char *key);
size_t xf_extra_count(const struct xf_extra *x);
const char *xf_extra_name(const struct xf_extra *x, size_t k);
/*
 * The value of each column in the JSON object s (NULL or "": none), ""
 * for a column it lacks; keys of no column are passed over.  The values
 * live until the next call.
 */
const char *const *xf_extra_values(struct xf_extra *x, const char *s);

/*
 * The case numbers of an input's case_id column and the numbers the store
 * has for those rows, for xf-intake --history (repeat_of, petition_of).
 * put: 0, or -1 when memory ran out; get: the store's number, or 0.
 */
struct xf_idmap;
struct xf_idmap *xf_idmap_new(void);
void xf_idmap_free(struct xf_idmap *m);
int xf_idmap_put(struct xf_idmap *m, long long file_no, long long no);
long long xf_idmap_get(const struct xf_idmap *m, long long file_no);

#endif
