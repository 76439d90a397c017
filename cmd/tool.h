/*
 * tool.h: the command kit every xf tool is built on.
 *
 * The options all tools share (--db, --config, --as-of, --dry-run,
 * --actor, --rejects, --crlf, --bom, --excel-safe, -h/--help, --version),
 * usage and help text made from one table, the rejects file, progress on
 * a terminal, and the exit rule of xf(7), each written once.  Unlike lib/,
 * this may print and exit.
 */
#ifndef XF_TOOL_H
#define XF_TOOL_H

#include <stddef.h>

#include "xf.h"

#define XF_VERSION	"0.2"

/* The common options a tool takes (struct tool.common). */
enum {
	TOOL_DB = 1 << 0,	/* --db PATH */
	TOOL_CONFIG = 1 << 1,	/* --config DIR */
	TOOL_ASOF = 1 << 2,	/* --as-of DATE */
	TOOL_DRYRUN = 1 << 3,	/* --dry-run */
	TOOL_ACTOR = 1 << 4,	/* --actor NAME */
	TOOL_REJECTS = 1 << 5,	/* --rejects FILE */
	TOOL_OUTPUT = 1 << 6,	/* --bom, --crlf, --excel-safe */
	TOOL_ALL = 0x7f
};

/* One option of a tool's own, for getopt_long and the help text. */
struct tool_opt {
	const char *name;	/* long name, without -- */
	const char *arg;	/* argument name ("N", "DATE"), or NULL */
	const char *help;	/* one line */
	int key;		/* what tool_getopt() returns for it */
};

struct rejects;

struct tool {
	/* Set by the tool before tool_getopt(). */
	const char *name;	/* "xf-intake" */
	const char *operands;	/* synopsis after the options: "[FILE ...]" */
	const struct tool_opt *opts;	/* its own, ending with a NULL name */
	int common;		/* TOOL_* it takes */

	/* Filled from the common options and the environment. */
	const char *db;		/* --db, $XF_DB, "xf.db" */
	const char *config;	/* --config, $XF_CONFIG, or NULL */
	const char *as_of;	/* --as-of, or NULL for now */
	const char *actor;	/* --actor, $USER, or "unknown" */
	const char *rejects_path;	/* --rejects, or NULL */
	int dry_run;
	int outflags;		/* XF_OUT_* */
	int tty;		/* stderr is a terminal: show progress */
	int argc;		/* the whole command line, for the run */
	char **argv;

	/* Kept by the kit. */
	struct xf_out *out;	/* stdout, once tool_output() is called */
	struct rejects *rej;	/* the rejects file, once opened */
	int progress_shown;
};

/*
 * Parse the next option of argv.  Common options are handled inside;
 * -h/--help prints the help on stdout and exits 0, --version prints the
 * version and exits 0, a bad option prints the usage and exits 2.  Returns
 * the key of one of the tool's own options (its argument in optarg), or -1
 * when the options end (optind is then the first operand).
 */
int tool_getopt(struct tool *t, int argc, char **argv);
/* Print the usage line on stderr and exit 2. */
void tool_usage(const struct tool *t) __attribute__((noreturn));
/* A whole number from min to max for option opt, or usage error. */
long tool_number(const struct tool *t, const char *opt, const char *s,
    long min, long max);

/*
 * Open the store for the tool: read-only when readonly is set, else for
 * writing (or a dry run).  Exits with the suite's status on failure, and
 * prints the store's warning, if any.
 */
struct xf_db *tool_open_db(struct tool *t, int readonly);

/* Start CSV output on stdout with the tool's flags; returns it. */
struct xf_out *tool_output(struct tool *t);

/*
 * Open the rejects file, if --rejects was given.  Refuses (usage error,
 * exit 2, before anything is written) a path that is a directory, the
 * store or its -wal, -shm or -journal, or one of the inputs; a symbolic
 * link is written through to its target, a dangling one is refused.  The
 * file is written beside its final path and renamed into place by
 * tool_rejects_close().
 */
void tool_rejects_open(struct tool *t, const char *const *inputs,
    int ninputs);
/*
 * Start the rejects file with a header (once; a later header must match).
 * Returns 0, or -1 with a reason in msg when the header differs.
 */
int tool_rejects_header(struct tool *t, size_t n, const char *const *names,
    char *msg, size_t msgsize);
/*
 * Write one rejected row: the fields (len bytes each, possibly with NULs
 * or invalid UTF-8), the line and the reason.  What cannot be kept as read
 * is made valid UTF-8 and the reason says so.  Also reports the row on
 * stderr as "file:line: reason".
 */
void tool_reject(struct tool *t, const char *file, long line,
    const struct xf_err *err, size_t n, const char *const *fields,
    const size_t *lens);
/*
 * The same two as a library's header and reject callbacks (their arg is
 * not used): they write to the rejects file of the tool whose options
 * tool_getopt() parsed.
 */
int tool_on_header(void *arg, const char *file, size_t n,
    const char *const *names, char *msg, size_t msgsize);
void tool_on_reject(void *arg, const char *file, long line,
    const struct xf_err *e, size_t n, const char *const *fields,
    const size_t *lens);
/*
 * Finish the rejects file: renamed into place when it holds a header,
 * else the old file is left untouched.  Returns 0 or -1 (and says why).
 */
int tool_rejects_close(struct tool *t);

/* Show progress on a terminal: "xf-intake: N rows". */
void tool_progress(struct tool *t, long long rows);

/*
 * The exit rule of xf(7) for a run over rows.  changed: rows this run
 * committed that changed the store (0 in a dry run); settled: rows that
 * are in the store as asked, changed or found already there (in a dry
 * run, that would be); rejected: rows refused; fatal: the status of an
 * error that stopped the run part-way, or 0.
 */
int tool_status(long long changed, long long settled, long long rejected,
    int fatal);

/* The file operands of argv from optind on, or stdin ("-"); n gets how many. */
const char **tool_files(int argc, char **argv, int *n);

/*
 * The file loop of every tool: each file through file(op, path, e); an
 * input error (XF_EINPUT) is reported and stops that file only, any other
 * error stops the run; then finish(op, e) commits.  Returns 0, or the
 * status of the error that stopped the run (3 when a file stopped
 * part-way), for tool_status().
 */
int tool_run_files(const char **files, int n, void *op,
    int (*file)(void *op, const char *path, struct xf_err *e),
    int (*finish)(void *op, struct xf_err *e));

/*
 * The status to record as the run's end (xf_*_end()): status, except that
 * a run tool_run_files() stopped on a store error (a full disk, a
 * file-size limit) is recorded as stopped part-way, 3 with finished_at
 * NULL (xf-db(5)), even when the batches committed before the error make
 * its exit status 1.
 */
int tool_run_record(int status);
/*
 * Did the run finish (xf_*_end()'s finished)?  Yes unless
 * tool_run_files() or tool_run_stop() stopped it on a store error or a
 * locked store, or tool_finish() found its output or rejects file not
 * written.  A run whose every row was rejected (status 3) finished.
 */
int tool_run_finished(void);
/* Mark the run as stopped so, where tool_run_files() is not used. */
void tool_run_stop(void);

/*
 * Fold the result of recording the run's end (endrc, with e) into status:
 * a failure is reported, and turns a status of 0 or 1 into its own.
 */
int tool_end(int status, int endrc, const struct xf_err *e);

/*
 * Close stdout and the rejects file and fold their errors into status:
 * output that could not be written is exit 3.  Returns the final status.
 */
int tool_finish(struct tool *t, int status);

#endif
