/*
 * assign.c: routing accepted matters to a unit, leader and officer, with
 * their statutory deadlines; reassignment; the one extension (延期).
 *
 * Each row is read from CSV by the columns wanted (table.c) and checked in
 * full before anything changes: first what the row alone can tell (case
 * id, date, unit, names), then, inside the batch's transaction (batch.c),
 * what the stored case tells (case.c).  Only then is the case changed, so
 * a bad row never half-applies.  A row asking for what the store already
 * holds changes nothing and is "unchanged", which makes a re-run
 * idempotent.  With auto_route the unit is chosen by the routing rules
 * (routing.csv, xf-routing(5)): the first rule whose category and
 * locality patterns match gives the candidate units, and the one with the
 * fewest open matters, counted in the same transaction, is chosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define DEFAULT_BATCH	10000
#define NAME_MAX_CHARS	100	/* leader, officer, approver */
#define REASON_MAX_CHARS 1000	/* an extension's reason */
#define QMAX		60	/* bytes of a value quoted in a message */

/* The output columns. */
enum {
	O_CASE_ID, O_LINE, O_RESULT, O_REASON, O_STATUS, O_UNIT,
	O_UNIT_CODE, O_LEADER, O_OFFICER, O_ACCEPTED_AT, O_DEADLINE,
	O_EXTENDED_DEADLINE, NOUT
};

static const char *const out_names[NOUT + 1] = {
	"case_id", "line", "result", "reason", "status", "unit", "unit_code",
	"leader", "officer", "accepted_at", "deadline", "extended_deadline",
	NULL
};

/* The input columns, with their aliases. */
enum {
	I_CASE_ID, I_UNIT, I_LEADER, I_OFFICER, I_AT, I_APPROVER, I_REASON,
	I_RESULT, NIN
};

static const char *const al_case_id[] = { "案件编号", "编号", "信访编号",
    "事项编号", "id", NULL };
static const char *const al_unit[] = { "责任单位", "承办单位", "办理单位",
    NULL };
static const char *const al_leader[] = { "包案领导", "责任领导", NULL };
static const char *const al_officer[] = { "责任民警", "承办民警", "承办人",
    NULL };
static const char *const al_at[] = { "交办日期", "交办时间", "日期", NULL };
static const char *const al_approver[] = { "审批人", "批准人", NULL };
static const char *const al_reason[] = { "延期理由", "延期原因", "理由",
    NULL };
static const char *const al_result[] = { "结果", NULL };

static const struct xf_colspec colspec[NIN] = {
	[I_CASE_ID] = { "case_id", al_case_id, 1 },
	[I_UNIT] = { "unit", al_unit, 0 },
	[I_LEADER] = { "leader", al_leader, 0 },
	[I_OFFICER] = { "officer", al_officer, 0 },
	[I_AT] = { "at", al_at, 0 },
	[I_APPROVER] = { "approver", al_approver, 0 },
	[I_REASON] = { "reason", al_reason, 0 },
	[I_RESULT] = { "result", al_result, 0 },
};

/* One routing rule: a line of routing.csv. */
struct route {
	long line;
	struct xf_pat *cat, *loc;	/* NULL: any (bounded as the rules are:
					 * pattern.c) */
	const struct xf_unit **units;	/* the candidates, in file order */
	size_t nunits;
};

struct routing {
	char *path;
	struct route *v;
	size_t n, cap;
	struct xf_matcher *m;
};

struct xf_assign {
	struct xf_assign_opts o;
	struct xf_rows_cb cb;
	struct xf_config *cfg;
	const struct xf_cal *cal;	/* owned by cfg */
	const struct xf_units *units;
	const struct xf_limits *limits;
	char unitspath[1100];		/* for messages */
	struct routing *routing;	/* with auto_route */
	struct xf_colspec spec[NIN];
	struct xf_time asof;
	char asof_text[24];	/* as the run is recorded */
	char at_default[24];	/* the as-of date, as events get it */

	struct xf_db *db;
	struct xf_cases *cases;
	struct xf_batch *batch;
	struct xf_buf addr;	/* a case's address, for routing */
	char **names;		/* every file read, for pending rows */
	size_t nnames;

	long long n_assigned, n_reassigned, n_extended, n_unchanged,
	    n_skipped, n_rejected;
};

/* What one row asks, once checked on its own. */
struct row {
	const char *file;
	long line;
	long long no;		/* 0: no case (a skipped intake reject) */
	char id[32];
	struct xf_time at;
	char at_text[24];	/* for events and extended_at */
	char at_day[12];	/* for accepted_at */
	const struct xf_unit *unit;	/* NULL with auto_route */
	const char *leader, *officer;	/* "" when not given */
	const char *approver, *reason;
	const char *inresult;	/* xf-intake's result column, or "" */
	const char *idcol;	/* the case_id column's name, for messages */
	const char *leadercol;	/* the leader column's */
};

const char *const *
xf_assign_columns(void)
{
	return out_names;
}

size_t
xf_assign_ncolumns(void)
{
	return NOUT;
}

long long
xf_assign_count(const struct xf_assign *a, const char *what)
{
	if (strcmp(what, "assigned") == 0)
		return a->n_assigned;
	if (strcmp(what, "reassigned") == 0)
		return a->n_reassigned;
	if (strcmp(what, "extended") == 0)
		return a->n_extended;
	if (strcmp(what, "unchanged") == 0)
		return a->n_unchanged;
	if (strcmp(what, "skipped") == 0)
		return a->n_skipped;
	if (strcmp(what, "rejected") == 0)
		return a->n_rejected;
	return 0;
}

/* Number of UTF-8 characters in s. */
static size_t
nchars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Quote s for a message into q (QMAX + 4 bytes). */
static const char *
quote(const char *s, char *q)
{
	xf_excerpt(s, s + strlen(s), q, QMAX);
	return q;
}

/* ---- routing rules (routing.csv) ------------------------------------ */

static void
routing_free(struct routing *rt)
{
	if (rt == NULL)
		return;
	for (size_t i = 0; i < rt->n; i++) {
		xf_pat_free(rt->v[i].cat);
		xf_pat_free(rt->v[i].loc);
		free(rt->v[i].units);
	}
	free(rt->v);
	free(rt->path);
	xf_matcher_free(rt->m);
	free(rt);
}

/*
 * Compile pattern p of column col at line into *re (NULL for an empty
 * pattern: any text).  Errors are XF_ECONFIG "path:line: col: ...".
 */
static int
route_pattern(struct routing *rt, long line, const char *col, const char *p,
    struct xf_pat **pat, struct xf_err *e)
{
	char why[256];
	size_t ch;

	*pat = NULL;
	if (*p == '\0')
		return 0;
	if ((*pat = xf_pat_new(p, why, sizeof(why), &ch)) == NULL)
		return xf_err_set(e, XF_ECONFIG, "%s:%ld: %s: %s (at character "
		    "%zu of the pattern)", rt->path, line, col, why, ch);
	return 0;
}

/* Resolve the |-separated unit list s of line into r. */
static int
route_units(struct routing *rt, const struct xf_units *u, long line,
    const char *s, struct route *r, struct xf_err *e)
{
	size_t cap = 1;

	for (const char *p = s; *p; p++)
		cap += *p == '|';
	if ((r->units = calloc(cap, sizeof(*r->units))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (const char *p = s;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char name[256], q[QMAX + 4];
		const struct xf_unit *un;

		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		if ((un = xf_units_resolve(u, name)) == NULL) {
			xf_excerpt(name, name + len, q, QMAX);
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: units: "
			    "unknown unit \"%s\" (not in units.csv; see "
			    "xf-units(5))", rt->path, line, q);
		}
		r->units[r->nunits++] = un;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return 0;
}

/*
 * Load routing.csv at path over the unit tree u: columns category,
 * locality and units (问题类别, 属地, 候选单位); see xf-routing(5).
 */
static struct routing *
routing_load(const char *path, const struct xf_units *u, struct xf_err *e)
{
	enum { C_CAT, C_LOC, C_UNITS, NCOL };
	static const char *const names[NCOL][2] = {
		{ "category", "问题类别" }, { "locality", "属地" },
		{ "units", "候选单位" }
	};
	long col[NCOL] = { -1, -1, -1 };
	struct routing *rt;
	struct xf_csv *in;
	int rc;

	if ((rt = calloc(1, sizeof(*rt))) == NULL ||
	    (rt->path = strdup(path)) == NULL) {
		free(rt);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	if ((rt->m = xf_matcher_new()) == NULL) {
		routing_free(rt);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	if ((in = xf_csv_open(path, NULL, e)) == NULL) {
		e->code = XF_ECONFIG;
		routing_free(rt);
		return NULL;
	}
	if ((rc = xf_csv_read(in, e)) <= 0) {
		if (rc == 0)
			xf_err_set(e, XF_ECONFIG, "%s: empty file; expected "
			    "the header category,locality,units", path);
		goto fail;
	}
	for (size_t i = 0; i < xf_csv_nfields(in); i++) {
		char h[64];

		xf_header_norm(xf_csv_field(in, i, NULL), h, sizeof(h));
		for (int k = 0; k < NCOL; k++)
			if (strcmp(h, names[k][0]) == 0 ||
			    strcmp(xf_csv_field(in, i, NULL), names[k][1]) == 0)
				col[k] = (long)i;
	}
	if (col[C_UNITS] < 0) {
		xf_err_set(e, XF_ECONFIG, "%s:%ld: no \"units\" column; "
		    "expected the header category,locality,units", path,
		    xf_csv_line(in));
		goto fail;
	}
	while ((rc = xf_csv_read(in, e)) > 0) {
		const char *f[NCOL];
		struct route r = { 0 };
		int blank = 1;

		for (size_t i = 0; i < xf_csv_nfields(in) && blank; i++)
			blank = xf_csv_field(in, i, NULL)[0] == '\0';
		if (blank || xf_csv_field(in, 0, NULL)[0] == '#')
			continue;	/* a blank line or a comment */
		for (int k = 0; k < NCOL; k++)
			f[k] = col[k] >= 0 && (size_t)col[k] <
			    xf_csv_nfields(in) ? xf_csv_field(in,
			    (size_t)col[k], NULL) : "";
		r.line = xf_csv_line(in);
		if (rt->n == rt->cap) {
			size_t c = rt->cap ? rt->cap * 2 : 16;
			struct route *v = realloc(rt->v, c * sizeof(*v));

			if (v == NULL) {
				xf_err_set(e, XF_ENOMEM, "out of memory");
				goto fail;
			}
			rt->v = v;
			rt->cap = c;
		}
		/* Kept at once, so that a failure below frees it. */
		rt->v[rt->n++] = r;
		if (f[C_UNITS][0] == '\0') {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: units: empty; name "
			    "one or more unit codes, separated by |", path,
			    r.line);
			goto fail;
		}
		if (route_pattern(rt, r.line, "category", f[C_CAT],
		    &rt->v[rt->n - 1].cat, e) < 0 ||
		    route_pattern(rt, r.line, "locality", f[C_LOC],
		    &rt->v[rt->n - 1].loc, e) < 0 ||
		    route_units(rt, u, r.line, f[C_UNITS], &rt->v[rt->n - 1],
		    e) < 0)
			goto fail;
	}
	if (rc < 0) {
		e->code = XF_ECONFIG;
		goto fail;
	}
	xf_csv_free(in);
	return rt;
fail:
	xf_csv_free(in);
	routing_free(rt);
	return NULL;
}

/* Does pat match s?  1, 0, or -1 with e set (XF_EROW) when it gave up. */
static int
route_match(struct routing *rt, const struct route *r,
    const struct xf_pat *pat, const char *col, const char *s,
    struct xf_err *e)
{
	struct xf_subject t;
	char why[256];
	int rc;

	xf_subject_set(&t, s);
	if ((rc = xf_pat_match(rt->m, pat, &t, why, sizeof(why))) < 0)
		return xf_err_set(e, XF_EROW, "routing rule %s:%ld gave up on "
		    "the case's %s (%s); simplify the pattern", rt->path,
		    r->line, col, why);
	return rc;
}

/*
 * The first rule that routes a matter of this category, unit text and
 * address: 1 with *hit, 0 if none does, -1 (XF_EROW) if a pattern gave up.
 */
static int
route_find(struct routing *rt, const char *category, const char *unit,
    const char *address, const struct route **hit, struct xf_err *e)
{
	for (size_t i = 0; i < rt->n; i++) {
		const struct route *r = &rt->v[i];
		int rc;

		if (r->cat != NULL && (rc = route_match(rt, r, r->cat,
		    "category", category, e)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (r->loc != NULL) {
			if ((rc = route_match(rt, r, r->loc, "unit",
			    unit, e)) < 0)
				return -1;
			if (rc == 0 && (rc = route_match(rt, r, r->loc,
			    "address", address, e)) < 0)
				return -1;
			if (rc == 0)
				continue;
		}
		*hit = r;
		return 1;
	}
	return 0;
}

/* ---- set-up ------------------------------------------------------------ */

void
xf_assign_free(struct xf_assign *a)
{
	if (a == NULL)
		return;
	xf_batch_free(a->batch);
	xf_cases_free(a->cases);
	routing_free(a->routing);
	xf_config_free(a->cfg);
	xf_buf_free(&a->addr);
	for (size_t i = 0; i < a->nnames; i++)
		free(a->names[i]);
	free(a->names);
	free(a);
}

/* Prepare a run; see xf.h. */
struct xf_assign *
xf_assign_new(const struct xf_assign_opts *o, const struct xf_rows_cb *cb,
    struct xf_err *e)
{
	struct xf_assign *a;
	int maxext;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	a->o = *o;
	if (cb)
		a->cb = *cb;
	if (a->o.batch <= 0)
		a->o.batch = DEFAULT_BATCH;
	if (o->auto_route && o->extend_days > 0) {
		xf_err_set(e, XF_ECONFIG, "--auto and --extend do not go "
		    "together: route first, extend later");
		goto fail;
	}
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &a->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date "
			    "\"%s\"", o->as_of);
			goto fail;
		}
		xf_time_fmt(&a->asof, a->at_default);
		if (a->asof.sec < 0)
			a->asof.sec = 86399;	/* the whole day counts */
	} else {
		xf_time_now(&a->asof);
		xf_time_fmt(&a->asof, a->at_default);
	}
	xf_time_fmt(&a->asof, a->asof_text);
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	if ((a->cfg = xf_config_load(o->config_dir, XF_CONFIG_UNITS, e)) ==
	    NULL)
		goto fail;
	a->cal = xf_config_cal(a->cfg);
	a->units = xf_config_units(a->cfg);
	a->limits = xf_config_limits(a->cfg);
	snprintf(a->unitspath, sizeof(a->unitspath), "%s/units.csv",
	    o->config_dir);
	maxext = xf_limits_days(a->limits, XF_LIMIT_EXTEND);
	if (o->extend_days > maxext) {
		xf_err_set(e, XF_ECONFIG, "--extend %d: an extension is at "
		    "most %d days", o->extend_days, maxext);
		goto fail;
	}
	if (o->auto_route) {
		char path[1100];
		FILE *fp;

		snprintf(path, sizeof(path), "%s/routing.csv", o->config_dir);
		if ((fp = fopen(path, "r")) == NULL) {
			xf_err_set(e, XF_ECONFIG, "%s: no such file; --auto "
			    "needs the routing rules (see xf-routing(5))",
			    path);
			goto fail;
		}
		fclose(fp);
		if ((a->routing = routing_load(path, a->units, e)) == NULL)
			goto fail;
	}
	memcpy(a->spec, colspec, sizeof(colspec));
	/* Which columns a file must have depends on what is asked. */
	a->spec[I_UNIT].required = !o->auto_route && o->extend_days == 0;
	return a;
fail:
	xf_assign_free(a);
	return NULL;
}

/* ---- applying a row --------------------------------------------------- */

/* Queue the output row of case c (NULL: none) until its batch commits. */
static int
pend(struct xf_assign *a, const struct row *r, const char *result,
    const char *reason, const struct xf_case *c, struct xf_err *e)
{
	const char *v[NOUT];
	char lbuf[24];

	snprintf(lbuf, sizeof(lbuf), "%ld", r->line);
	for (int k = 0; k < NOUT; k++)
		v[k] = "";
	v[O_CASE_ID] = r->id;
	v[O_LINE] = lbuf;
	v[O_RESULT] = result;
	v[O_REASON] = reason ? reason : "";
	if (c != NULL) {
		v[O_STATUS] = c->v[XF_C_STATUS];
		v[O_UNIT] = c->v[XF_C_UNIT];
		v[O_UNIT_CODE] = c->v[XF_C_UNIT_CODE];
		v[O_LEADER] = c->v[XF_C_LEADER];
		v[O_OFFICER] = c->v[XF_C_OFFICER];
		v[O_ACCEPTED_AT] = c->v[XF_C_ACCEPTED_AT];
		v[O_DEADLINE] = c->v[XF_C_DEADLINE];
		v[O_EXTENDED_DEADLINE] = c->v[XF_C_EXTENDED_DEADLINE];
	}
	if (xf_batch_pend(a->batch, r->file, r->line, result, v) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* Reload case no into c after a change. */
static int
reload(struct xf_assign *a, long long no, struct xf_case *c,
    struct xf_err *e)
{
	int rc = xf_cases_load(a->cases, no, c, e);

	if (rc == 0)
		return xf_err_set(e, XF_EDB, "case vanished while changed");
	return rc < 0 ? -1 : 0;
}

/*
 * Why a matter of status st cannot be assigned or extended, or NULL if it
 * can.  *skip tells whether --auto passes it through (a triage elsewhere)
 * rather than rejecting it.
 */
static const char *
refused(const char *st, int *skip)
{
	static const struct {
		const char *status, *why;
		int skip;
	} v[] = {
		{ "forwarded", "status forwarded: the matter was forwarded "
		    "(转送) to another organ", 1 },
		{ "referred", "status referred: the petitioner was referred "
		    "(告知) to a legal channel", 1 },
		{ "not-accepted", "status not-accepted: the matter was not "
		    "accepted (不予受理)", 1 },
		{ "not-reaccepted", "status not-reaccepted: the matter is not "
		    "accepted again (不再受理)", 1 },
		{ "closed", "status closed: the matter was replied to and "
		    "closed (办结)", 0 },
		{ "review", "status review: the matter was closed and is under "
		    "review (复查)", 0 },
		{ "re-review", "status re-review: the matter was closed and is "
		    "under re-review (复核)", 0 },
		{ "terminated", "status terminated: the matter was terminated "
		    "(终结)", 0 },
	};

	*skip = 0;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(st, v[i].status) == 0) {
			*skip = v[i].skip;
			return v[i].why;
		}
	if (strcmp(st, "registered") != 0 && strcmp(st, "accepted") != 0 &&
	    strcmp(st, "assigned") != 0)
		return "unknown status";
	return NULL;
}

/* Is r's date on or after the matter's acceptance (or receipt)? */
static int
check_at(struct xf_assign *a, const struct row *r, const struct xf_case *c,
    struct xf_err *e)
{
	long acc = xf_stored_day(c->v[XF_C_ACCEPTED_AT]);
	long rec = xf_stored_day(c->v[XF_C_RECEIVED_AT]);

	if (acc >= 0 && r->at.day < acc)
		return xf_err_col(e, XF_EROW, "at", "%s is before the matter "
		    "was accepted (%s)", r->at_day, c->v[XF_C_ACCEPTED_AT]);
	if (rec >= 0 && r->at.day < rec)
		return xf_err_col(e, XF_EROW, "at", "%s is before the matter "
		    "was received (%.10s)", r->at_day, c->v[XF_C_RECEIVED_AT]);
	return 0;
}

/*
 * The unit --auto chooses for case c: the candidate of the first rule
 * that routes it with the fewest open matters, the first of those in the
 * rule's order on a tie.
 */
static const struct xf_unit *
choose(struct xf_assign *a, const struct xf_case *c, const char *idcol,
    struct xf_err *e)
{
	const struct route *r;
	const struct xf_unit *best = NULL;
	long long bestn = 0;
	char q1[QMAX + 4], q2[QMAX + 4];
	int rc;

	if (xf_cases_address(a->cases, c->no, &a->addr, e) < 0)
		return NULL;
	rc = route_find(a->routing, c->v[XF_C_CATEGORY], c->v[XF_C_UNIT],
	    a->addr.s ? a->addr.s : "", &r, e);
	if (rc < 0)
		return NULL;
	if (rc == 0) {
		xf_err_col(e, XF_EROW, idcol, "%s: no rule of %s routes it "
		    "(category \"%s\", unit \"%s\")", c->id,
		    a->routing->path, quote(c->v[XF_C_CATEGORY], q1),
		    quote(c->v[XF_C_UNIT], q2));
		return NULL;
	}
	for (size_t i = 0; i < r->nunits; i++) {
		long long n = xf_cases_open_count(a->cases,
		    xf_unit_code(r->units[i]), e);

		if (n < 0)
			return NULL;
		if (best == NULL || n < bestn) {
			best = r->units[i];
			bestn = n;
		}
	}
	return best;
}

/* Assign case c (loaded) as row r asks; see xf-assign(1). */
static int
assign(struct xf_assign *a, const struct row *r, struct xf_case *c,
    struct xf_err *e)
{
	const struct xf_unit *u = r->unit, *old;
	const char *leader, *officer, *result;
	char q[QMAX + 4], lb[512], ob[512];
	int skip, same, accepted = 0, was, n;
	const char *why;

	if ((why = refused(c->v[XF_C_STATUS], &skip)) != NULL) {
		if (skip && a->o.auto_route)
			return pend(a, r, "skipped", why, c, e);
		return xf_err_col(e, XF_EROW, r->idcol, "%s: %s", c->id, why);
	}
	old = c->v[XF_C_UNIT_CODE][0] ? xf_units_get(a->units,
	    c->v[XF_C_UNIT_CODE]) : xf_units_resolve(a->units,
	    c->v[XF_C_UNIT]);
	if (a->o.auto_route) {
		if (c->v[XF_C_UNIT_CODE][0] &&
		    strcmp(r->inresult, "repeat") == 0) {
			char why2[200];

			snprintf(why2, sizeof(why2), "a repeat petition on a "
			    "matter already assigned to %s", c->v[XF_C_UNIT]);
			return pend(a, r, "skipped", why2, c, e);
		}
		/*
		 * Routing never moves a matter that has a unit: that is a
		 * reassignment, by hand.
		 */
		if (c->v[XF_C_UNIT_CODE][0] && old == NULL)
			return pend(a, r, "unchanged", NULL, c, e);
		if (c->v[XF_C_UNIT_CODE][0])
			u = old;
		else if ((u = choose(a, c, r->idcol, e)) == NULL)
			return -1;
	}
	same = old == u || (c->v[XF_C_UNIT_CODE][0] &&
	    strcmp(c->v[XF_C_UNIT_CODE], xf_unit_code(u)) == 0);
	leader = r->leader[0] ? r->leader : same && c->v[XF_C_LEADER][0] ?
	    c->v[XF_C_LEADER] : xf_unit_leader(u) ? xf_unit_leader(u) : "";
	officer = r->officer[0] ? r->officer : same ? c->v[XF_C_OFFICER] : "";
	if (*leader == '\0')
		return xf_err_col(e, XF_EROW, r->leadercol, "empty, and %s "
		    "names no leader for %s", a->unitspath,
		    quote(xf_unit_name(u), q));
	if (check_at(a, r, c, e) < 0)
		return -1;
	/* Copied now: they may point into c, which accepting reloads. */
	snprintf(lb, sizeof(lb), "%s", leader);
	snprintf(ob, sizeof(ob), "%s", officer);
	was = strcmp(c->v[XF_C_STATUS], "assigned") == 0 &&
	    (c->v[XF_C_UNIT_CODE][0] || c->v[XF_C_UNIT][0]);
	if (strcmp(c->v[XF_C_STATUS], "registered") == 0) {
		/*
		 * Accepted now, which is its triage (受理): the 60 days run
		 * from today.
		 */
		char dl[12];
		struct xf_set set[5] = {
			{ XF_C_STATUS, "accepted" },
			{ XF_C_DISPOSITION, "accept" },
			{ XF_C_TRIAGED_AT, r->at_day },
			{ XF_C_ACCEPTED_AT, r->at_day },
			{ XF_C_DEADLINE, dl },
		};

		xf_date_fmt(xf_limits_deadline(a->limits, a->cal,
		    XF_LIMIT_HANDLE, r->at.day), dl);
		if (xf_cases_change(a->cases, c, r->at_text, "accept", set, 5,
		    NULL, e) < 0 || reload(a, c->no, c, e) < 0)
			return -1;
		accepted = 1;
	}
	{
		struct xf_set set[5] = {
			{ XF_C_STATUS, "assigned" },
			{ XF_C_UNIT, xf_unit_name(u) },
			{ XF_C_UNIT_CODE, xf_unit_code(u) },
			{ XF_C_LEADER, lb },
			{ XF_C_OFFICER, ob },
		};

		if ((n = xf_cases_change(a->cases, c, r->at_text, was ?
		    "reassign" : "assign", set, 5, NULL, e)) < 0)
			return -1;
	}
	if (n == 0 && !accepted)
		result = "unchanged";
	else
		result = was ? "reassigned" : "assigned";
	if (n > 0 && reload(a, c->no, c, e) < 0)
		return -1;
	return pend(a, r, result, NULL, c, e);
}

/* Grant case c (loaded) its extension as row r asks. */
static int
extend(struct xf_assign *a, const struct row *r, struct xf_case *c,
    struct xf_err *e)
{
	char ext[12], note[2048];
	long dl;
	int skip, n;
	const char *why;

	if ((why = refused(c->v[XF_C_STATUS], &skip)) != NULL)
		return xf_err_col(e, XF_EROW, r->idcol, "%s: %s", c->id, why);
	if ((dl = xf_stored_day(c->v[XF_C_DEADLINE])) < 0)
		return xf_err_col(e, XF_EROW, r->idcol, "%s: status %s: the "
		    "matter has no deadline to extend yet; assign it first",
		    c->id, c->v[XF_C_STATUS]);
	xf_date_fmt(xf_cal_deadline(a->cal, dl, a->o.extend_days), ext);
	if (c->v[XF_C_EXTENDED_DEADLINE][0]) {
		if (strcmp(c->v[XF_C_EXTENDED_DEADLINE], ext) == 0)
			return pend(a, r, "unchanged", NULL, c, e);
		if (c->v[XF_C_EXTENDED_AT][0])
			return xf_err_col(e, XF_EROW, r->idcol, "%s: already "
			    "extended to %s on %.10s; a matter is extended "
			    "only once", c->id, c->v[XF_C_EXTENDED_DEADLINE],
			    c->v[XF_C_EXTENDED_AT]);
		return xf_err_col(e, XF_EROW, r->idcol, "%s: already extended "
		    "to %s; a matter is extended only once", c->id,
		    c->v[XF_C_EXTENDED_DEADLINE]);
	}
	if (check_at(a, r, c, e) < 0)
		return -1;
	if (r->at.day > dl)
		return xf_err_col(e, XF_EROW, "at", "%s is after the deadline "
		    "%s: an extension is granted before the time limit runs "
		    "out", r->at_day, c->v[XF_C_DEADLINE]);
	snprintf(note, sizeof(note), "%d days, approved by %s: %s",
	    a->o.extend_days, r->approver, r->reason);
	{
		struct xf_set set[2] = {
			{ XF_C_EXTENDED_DEADLINE, ext },
			{ XF_C_EXTENDED_AT, r->at_text },
		};

		if ((n = xf_cases_change(a->cases, c, r->at_text, "extend",
		    set, 2, note, e)) < 0 || reload(a, c->no, c, e) < 0)
			return -1;
	}
	return pend(a, r, "extended", NULL, c, e);
}

/* Apply row r inside the open batch: 0, or -1 (XF_EROW: rejected). */
static int
apply(struct xf_assign *a, struct row *r, struct xf_err *e)
{
	struct xf_case c;
	int rc;

	if (r->no == 0)
		return pend(a, r, "skipped", "rejected by xf-intake", NULL, e);
	if ((rc = xf_cases_load(a->cases, r->no, &c, e)) < 0)
		return -1;
	if (rc == 0)
		return xf_err_col(e, XF_EROW, r->idcol, "unknown case %s: not "
		    "in the store", r->id);
	if (a->o.extend_days > 0)
		return extend(a, r, &c, e);
	return assign(a, r, &c, e);
}

/* ---- checking a row on its own -------------------------------------- */

/* Check the name in column k: valid UTF-8, at most max characters. */
static int
check_text(const struct xf_table *t, size_t k, size_t max, struct xf_err *e)
{
	const char *s = xf_table_get(t, k);

	if (!xf_utf8_valid(s, strlen(s)))
		return xf_err_col(e, XF_EROW, xf_table_colname(t, k),
		    "not valid UTF-8 (try --encoding GB18030)");
	if (xf_err_fffd(e, xf_table_colname(t, k), s, strlen(s)) < 0)
		return -1;
	if (nchars(s) > max)
		return xf_err_col(e, XF_EROW, xf_table_colname(t, k),
		    "longer than %zu characters", max);
	return 0;
}

/*
 * Read the current record of t into r and check what it can tell alone.
 * 0, or -1 with XF_EROW.
 */
static int
check_row(struct xf_assign *a, struct xf_table *t, struct row *r,
    struct xf_err *e)
{
	const char *id = xf_table_get(t, I_CASE_ID);
	const char *at = xf_table_get(t, I_AT);
	char q[QMAX + 4];

	r->line = xf_table_line(t);
	r->idcol = xf_table_colname(t, I_CASE_ID);
	r->leadercol = xf_table_colname(t, I_LEADER);
	r->inresult = xf_table_get(t, I_RESULT);
	r->leader = r->officer = r->approver = r->reason = "";
	r->unit = NULL;
	r->no = 0;
	snprintf(r->id, sizeof(r->id), "%s", strlen(id) < sizeof(r->id) ?
	    id : "");
	if (a->o.auto_route && strcmp(r->inresult, "rejected") == 0)
		return 0;	/* xf-intake's reject: passed through */
	if (*id == '\0')
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_CASE_ID),
		    "empty");
	if ((r->no = xf_case_no(id)) < 0)
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_CASE_ID),
		    "malformed case id \"%s\" (expected XF-YYYYMMDD-NNNN or "
		    "XF-YYYYMMDD-A12345; see xf-db(5))",
		    quote(id, q));
	xf_case_id(r->no, r->id);
	if (*at == '\0') {
		r->at = a->asof;
		snprintf(r->at_text, sizeof(r->at_text), "%s", a->at_default);
	} else {
		if (xf_date_parse(at, XF_DATE_YMD, &r->at, e) < 0)
			return xf_err_col(e, XF_EROW, xf_table_colname(t, I_AT),
			    "invalid date \"%s\"", quote(at, q));
		xf_time_fmt(&r->at, r->at_text);
		if (r->at.day > a->asof.day || (r->at.day == a->asof.day &&
		    r->at.sec > a->asof.sec))
			return xf_err_col(e, XF_EROW, xf_table_colname(t, I_AT),
			    "\"%s\" is after the as-of date %.10s", r->at_text,
			    a->asof_text);
	}
	xf_date_fmt(r->at.day, r->at_day);
	if (a->o.extend_days > 0) {
		r->approver = xf_table_get(t, I_APPROVER);
		r->reason = xf_table_get(t, I_REASON);
		if (*r->approver == '\0')
			return xf_err_col(e, XF_EROW, xf_table_colname(t,
			    I_APPROVER), "empty: an extension needs the name "
			    "of whoever approved it");
		if (*r->reason == '\0')
			return xf_err_col(e, XF_EROW, xf_table_colname(t,
			    I_REASON), "empty: an extension needs its reason");
		if (check_text(t, I_APPROVER, NAME_MAX_CHARS, e) < 0 ||
		    check_text(t, I_REASON, REASON_MAX_CHARS, e) < 0)
			return -1;
		return 0;
	}
	if (!a->o.auto_route) {
		const char *u = xf_table_get(t, I_UNIT);

		if (*u == '\0')
			return xf_err_col(e, XF_EROW, xf_table_colname(t,
			    I_UNIT), "empty");
		if ((r->unit = xf_units_resolve(a->units, u)) == NULL)
			return xf_err_col(e, XF_EROW, xf_table_colname(t,
			    I_UNIT), "unknown unit \"%s\" (not a code, name or "
			    "alias in %s; see xf-units(5))", quote(u, q),
			    a->unitspath);
		r->leader = xf_table_get(t, I_LEADER);
		r->officer = xf_table_get(t, I_OFFICER);
		if (check_text(t, I_LEADER, NAME_MAX_CHARS, e) < 0 ||
		    check_text(t, I_OFFICER, NAME_MAX_CHARS, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- the file loop ------------------------------------------------------ */

/* A committed row: count it and hand it to the caller. */
static int
emit(void *arg, const char *file, long line, const char *result,
    const char *const *v)
{
	struct xf_assign *a = arg;

	if (strcmp(result, "assigned") == 0)
		a->n_assigned++;
	else if (strcmp(result, "reassigned") == 0)
		a->n_reassigned++;
	else if (strcmp(result, "extended") == 0)
		a->n_extended++;
	else if (strcmp(result, "unchanged") == 0)
		a->n_unchanged++;
	else if (strcmp(result, "skipped") == 0)
		a->n_skipped++;
	return a->cb.done ? a->cb.done(a->cb.arg, v) : 0;
}

/* Use the store db (not owned); see xf.h. */
int
xf_assign_attach(struct xf_assign *a, struct xf_db *db, struct xf_err *e)
{
	a->db = db;
	if ((a->cases = xf_cases_new(db, e)) == NULL)
		return -1;
	a->batch = xf_batch_new(db, "xf-assign", a->asof_text, a->o.actor,
	    a->o.argc, a->o.argv, a->o.batch, a->o.dry_run, NOUT, emit, a);
	if (a->batch == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* Hand the current record of t to the reject callback. */
static int
reject(struct xf_assign *a, struct xf_table *t, const char *file,
    const struct xf_err *err)
{
	const char *const *f;
	const size_t *l;
	size_t n;

	a->n_rejected++;
	if (a->cb.reject == NULL)
		return 0;
	if (xf_table_raw(t, &f, &l, &n) < 0)
		return -1;
	a->cb.reject(a->cb.arg, file, xf_table_line(t), err, n, f, l);
	return 0;
}

/* Keep a copy of a file's name for the rows pending from it. */
static const char *
keep_name(struct xf_assign *a, const char *name)
{
	char **v = realloc(a->names, (a->nnames + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	a->names = v;
	if ((v[a->nnames] = strdup(name)) == NULL)
		return NULL;
	return v[a->nnames++];
}

/* Read and apply every row of path; see xf.h. */
int
xf_assign_file(struct xf_assign *a, const char *path, struct xf_err *e)
{
	struct xf_table *t;
	const char *file;
	char msg[XF_ERRMAX];
	int rc;

	if ((t = xf_table_open(path, a->o.encoding, a->spec, NIN, e)) ==
	    NULL) {
		if (e->code != XF_ENOMEM)
			e->code = XF_EINPUT;
		return -1;
	}
	if ((file = keep_name(a, xf_table_name(t))) == NULL) {
		xf_table_free(t);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	if (a->cb.header && a->cb.header(a->cb.arg, file, xf_table_ncols(t),
	    xf_table_header(t), msg, sizeof(msg)) != 0) {
		xf_table_free(t);
		return xf_err_set(e, XF_EINPUT, "%s: %s", file, msg);
	}
	while ((rc = xf_table_read(t, e)) > 0) {
		struct row r = { 0 };
		struct xf_err re = { 0 };

		r.file = file;
		if (check_row(a, t, &r, &re) == 0) {
			if ((rc = xf_batch_begin(a->batch, e)) < 0)
				goto fail;
			if (rc == 1)
				xf_cases_begin(a->cases,
				    xf_batch_run(a->batch),
				    0, xf_batch_now(a->batch));
			if (apply(a, &r, &re) == 0) {
				if (xf_batch_step(a->batch, e) < 0)
					goto fail;
				continue;
			}
			if (re.code != XF_EROW) {
				*e = re;
				xf_batch_abort(a->batch);
				goto fail;
			}
		}
		if (re.code != XF_EROW) {	/* out of memory */
			*e = re;
			goto fail;
		}
		if (reject(a, t, file, &re) < 0) {
			xf_err_set(e, XF_ENOMEM, "out of memory");
			goto fail;
		}
	}
	if (rc < 0) {
		if (e->code != XF_ENOMEM)
			e->code = XF_EINPUT;
		goto fail;
	}
	xf_table_free(t);
	return 0;
fail:
	xf_table_free(t);
	return -1;
}

/* Commit what is pending; see xf.h. */
int
xf_assign_finish(struct xf_assign *a, struct xf_err *e)
{
	return xf_batch_commit(a->batch, e);
}

/* Record the run's exit status; see xf.h. */
int
xf_assign_end(struct xf_assign *a, int status, int finished,
    struct xf_err *e)
{
	return xf_batch_end(a->batch, status, finished, e);
}
