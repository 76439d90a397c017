/*
 * report-int.h: what the files of xf-report share (report.c: options,
 * periods and the run; report-scan.c: the groups and the scans of the
 * store; report-table.c: the figures and the result table).
 */
#ifndef XF_REPORT_INT_H
#define XF_REPORT_INT_H

#include "xf-int.h"

/* A period: days from and to, inclusive. */
struct period {
	long from, to;
	int months;		/* whole months it spans, or 0 */
	char label[32];		/* 2026, 2026-Q3, 2026-10, a..b */
};

/* ---- what is summed ------------------------------------------------- */

/* The sums each group keeps for each period compared. */
enum {
	C_RECEIVED, C_RECEIVED_PERSONS, C_PETITIONS, C_PETITIONS_PERSONS,
	C_ACCEPTED, C_FORWARDED, C_REFERRED, C_NOT_ACCEPTED, C_CLOSED,
	C_RESOLVED, C_CLOSED_IN, C_REPLIES_DUE, C_ON_TIME, C_TRIAGES_DUE,
	C_TRIAGED_ON_TIME, C_EVALUATED, C_SATISFIED, C_REPEAT, C_GROUP,
	C_GROUP_PERSONS, C_LEAPFROG, C_LF_MINISTRY, C_LF_PROVINCE, C_LF_CITY,
	C_BACKLOG, C_OVERDUE, C_ONLINE, C_FOLLOWED_UP, C_FOLLOWUPS, NCOUNT
};

/* Lists of days whose mean and median are reported (current period). */
enum { D_TRIAGE, D_REPLY, D_TRIAGE_FIRST, D_REPLY_FIRST, NDAYS };

/* Kinds of metric: a count, a rate (a / b), a mean or median of days. */
enum { K_COUNT, K_RATE, K_MEAN, K_MEDIAN, K_RANK };

/* A metric: its column name, kind, and the sums it is made of. */
struct metric {
	const char *name;
	int kind;
	int a, b;		/* count, or numerator and denominator; days */
};

/* The comparisons: the period itself, a year earlier, the one before. */
enum { S_CUR, S_YOY, S_POP, NSLOT };

/* A column of metrics: metric m compared as slot (S_CUR: itself). */
struct mcol {
	const struct metric *m;
	int slot;
};

/* A growing list of whole days. */
struct days {
	long *v;
	size_t n, cap;
};

/* One group of the report: its keys and sums. */
struct group {
	char *key;		/* the keys joined by \037 (the hash key) */
	char **keys;		/* one per --by */
	const struct xf_unit **unit;	/* per --by: the unit, or NULL */
	long long n[NSLOT][NCOUNT];
	struct days d[NDAYS];
	long ord[XF_REPORT_MAXBY];	/* sort order of a unit key */
	int depth;		/* depth of its last unit below the top */
	int nby;		/* how many keys (for sorting) */
	long rank;
};

/*
 * The groups a record of a unit adds to when the unit is the last
 * grouping: the unit's and its ancestors' up to the top of the report,
 * under the same outer keys.  Found by the outer keys and the unit code
 * and name as stored (see report-scan.c, spread).
 */
struct chain {
	char *key;		/* outer keys, code \036 name \036 */
	struct group **g;
	size_t n;
};

/* What one record adds to its groups. */
struct delta {
	long long n[NCOUNT];
	long d[NDAYS];		/* -1: none */
	int any;		/* it counts somewhere */
};

/* The groupings. */
enum { B_UNIT, B_LEVEL, B_CATEGORY, B_CHANNEL, B_LEADER, B_MONTH,
    B_QUARTER };

/* Their names, as --by takes them. */
extern const char *const xf_rpt_by_names[];

struct xf_report {
	struct xf_report_opts o;
	struct period p;
	long asof;		/* day */
	int by[XF_REPORT_MAXBY];
	int timeby;		/* index in by[] of month/quarter, or -1 */
	const struct xf_unit *scope;	/* --unit, or NULL */
	struct mcol *cols;
	size_t ncols;
	int slots[NSLOT];	/* comparisons any column needs */
	unsigned scans[NSLOT];	/* the scans each reads (1 << X_*) */
	int group_min;		/* persons making a group petition */

	struct group **g;
	size_t ng, gcap;
	size_t *tab;		/* hash table of group indexes + 1 */
	size_t tabcap;
	struct chain *ch;	/* the chains made so far */
	size_t nch, chcap;
	size_t *chtab;		/* hash table of chain indexes + 1 */
	size_t chtabcap;
	const struct xf_unit **order;	/* units in tree order */
	size_t nunits;

	/* the result */
	char **names;		/* column names */
	int *numeric;
	size_t nout;
	char ***rows;
	size_t nrows;
	char **labels;
	struct group **rowg;	/* the group of each row */
	const char *timekey[XF_REPORT_MAXBY];	/* the month or quarter
					 * being scanned, at [timeby] */
};

/*
 * The scans of a period (report-scan.c): matters received in it; matters
 * received before it and closed on or after its first day; those
 * received before it and open now; further petitions received in it.
 */
enum { X_RECEIVED, X_CLOSED, X_OPEN, X_PETITIONS, NSCAN };

/* report.c */

/* report-scan.c */
/*
 * Judge every matter and petition that may count in p into slot: those
 * of the scans r->scans[slot] names.
 */
int xf_rpt_scan(struct xf_report *r, struct xf_db *db, const struct period *p,
    long asof, int slot, struct xf_err *e);
/*
 * Make the groups shown even when nothing counts in them (see
 * report-scan.c); subs are the months or quarters, nsub of them.
 */
int xf_rpt_pre_create(struct xf_report *r, const struct period *subs,
    size_t nsub);
void xf_rpt_group_free(struct group *g, int nby);
/* Free the chains of r. */
void xf_rpt_chains_free(struct xf_report *r);

/* report-table.c */
/* num / den as a percentage in tenths, rounded half up; den != 0. */
long long xf_rpt_tenths(long long num, long long den);
/* The result table from the groups: 0, or -1 when memory ran out. */
int xf_rpt_build(struct xf_report *r);

#endif
