/*
 * intake-int.h: what the files of the intake operation share: intake.c,
 * the file loop and the writer; intake-opts.c, the set-up; intake-read.c,
 * the reader; check.c, the row checks.
 */
#ifndef XF_INTAKE_INT_H
#define XF_INTAKE_INT_H

#include "xf-int.h"

#define SIMILARITY	0.5	/* repeat threshold, see xf-intake(1) */

struct xf_intake {
	struct xf_db *db;
	struct xf_cases *cases;		/* writer thread */
	struct xf_batch *batch;		/* writer thread */
	struct xf_intake_opts o;
	struct xf_intake_cb cb;
	struct xf_config *cfg;
	const struct xf_cal *cal;		/* owned by cfg */
	const struct xf_rules *rules;
	const struct xf_limits *limits;
	const struct xf_units *units;		/* or NULL */
	struct xf_time asof;
	char asof_text[24], asof_day[12];
	char **maps_new, **maps_old;
	int *maps_field;	/* the field each --map names */
	int *maps_col;		/* its column in the file being read, or -1 */
	/* --set and --force-set: a field's value, trimmed, or NULL. */
	char *setval[NFIELD];
	int setforce[NFIELD];	/* over the file's value too */
	int setlist[NFIELD];	/* the fields that have one */
	int nset;
	/* Word maps: --value (owned), then values.csv (owned by cfg). */
	struct xf_values *values;
	const struct xf_values *cfvalues;
	int mapfield[NFIELD];	/* the fields either maps */
	int nmapfield;

	/* The file being read (reader thread). */
	char file[256];
	size_t ncol;
	size_t ndata;		/* ncol less a read-back line and reason */
	char **hdr;		/* header names as in the file */
	int *colfield;		/* canonical field of each column, or -1 */
	int fieldcol[NFIELD];
	long idcol;		/* the case_id column (xf-export's), or -1 */
	struct xf_idmap *idmap;	/* writer: its numbers here, or NULL */
	int also[NFIELD][2];	/* field, field whose column it shares */
	int nalso;		/* (one column mapped to several fields) */
	char **xkey;		/* JSON key of each unknown column */
	struct xf_buf xval;	/* a trimmed unknown value */
	const char **rejraw;	/* a rejected row's data fields */
	size_t *rejlen;		/* and their lengths */
	size_t rejcap;
	char **names;		/* every file read, for pending rows */
	size_t nnames;
	struct xf_buf key;	/* fingerprint text */
	struct xf_buf row;	/* trimmed copies of the current row */
	struct xf_buf extra;	/* its unknown columns as JSON */

	/*
	 * Rows the writer refused (a day with no case number left): kept
	 * by the writer thread, reported on the caller's after it ended.
	 */
	struct xf_late *late;
	size_t nlate, latecap;
	struct xf_buf lateval;	/* their fields, each NUL-terminated */

	long long n_read, n_rejected;			/* reader */
	long long n_registered, n_repeat, n_duplicate,	/* writer */
	    n_notreaccepted;
};

/*
 * The word a map gives s in field f: --value's first, then values.csv's;
 * NULL when neither maps it.  See check.c.
 */
const char *xf_intake_mapped(const struct xf_intake *in, int f,
    const char *s);

/* The output columns. */
enum {
	O_CASE_ID, O_SOURCE_REF, O_LINE, O_RESULT, O_RECEIVED_AT, O_CHANNEL,
	O_CATEGORY, O_STATUS, O_DISPOSITION, O_TARGET, O_TRIAGE_DEADLINE,
	O_UNIT, O_PERSONS, O_GROUP, O_LEAPFROG, O_FIRST, O_REPEAT_OF,
	O_PETITIONS, NOUT
};

/* An output or rejected row, as the caller's callbacks see it. */
struct xf_intake_row {
	const char *file;
	long line;
	const char *result;
	const char *val[NOUT];
	struct xf_err err;
	size_t nraw, nrawname;
	const char *const *rawname;
	const char **raw;
	const size_t *rawlen;
};

/*
 * A row the writer refused (a day with no case number left): kept by the
 * writer, reported by the reader (intake-read.c).
 */
struct xf_late {
	const char *file;	/* one of in->names */
	long line;
	struct xf_err err;
	size_t off, n;		/* its n fields, from lateval + off */
};

/* What the reader hands the writer for one row (intake.c's jobs). */
struct row {
	const struct xf_cand *c;
	long line;
	const char *extra;
};

/*
 * The reader's side (intake-read.c): map the header of r to fields;
 * read, check and hand over every row to the pipe p (rejecting the bad
 * ones); report the rows the writer refused late.
 */
int xf_intake_header(struct xf_intake *in, struct xf_csv *r,
    struct xf_err *e);
int xf_intake_rows(struct xf_intake *in, struct xf_csv *r,
    struct xf_pipe *p, struct xf_err *e);
void xf_intake_late(struct xf_intake *in);

/* Check the current record of r into c; see check.c. */
int xf_intake_validate(struct xf_intake *in, struct xf_csv *r,
    struct xf_cand *c, char **vals, struct xf_err *e);

#endif
