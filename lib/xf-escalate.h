/*
 * xf-escalate.h: the escalation rules (escrules.c) and xf-escalate's run
 * (escalate.c).  Kept beside xf.h rather than in it while the tools are
 * built in parallel; cmd/xf-escalate.c includes it after tool.h.
 */
#ifndef XF_ESCALATE_H
#define XF_ESCALATE_H

#include <stddef.h>

#include "xf.h"

/* ---- the rules (escrules.c); see xf-escalation(5) -------------------- */

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

/* ---- a run of xf-escalate (escalate.c); see xf-escalate(1) ----------- */

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
struct xf_escalate_cb {
	void *arg;
	/*
	 * An action, once its batch committed (in a dry run, as if it had):
	 * the values of xf_escalate_columns().  Non-zero: the output failed
	 * and the run stops with XF_EOUTPUT.
	 */
	int (*done)(void *arg, const char *const *v);
	/* A case_id row refused (unknown case), as in xf_assign_cb. */
	void (*reject)(void *arg, const char *file, long line,
	    const struct xf_err *err, size_t n, const char *const *fields,
	    const size_t *lens);
	/* Once per file, with its header, as in xf_assign_cb. */
	int (*header)(void *arg, const char *file, size_t n,
	    const char *const *names, char *msg, size_t msgsize);
};

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
    const struct xf_escalate_cb *cb, struct xf_err *e);
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
int xf_escalate_end(struct xf_escalate *x, int status, struct xf_err *e);
/*
 * Counts: "actions" (emitted), "escalated" (matters acted on), "read"
 * (matters evaluated), "rejected" (unknown case ids).
 */
long long xf_escalate_count(const struct xf_escalate *x, const char *what);
void xf_escalate_free(struct xf_escalate *x);

#endif
