/*
 * escalate.c: xf-escalate, the nightly job that chases deadlines.
 *
 * Every open matter (or those a CSV names) is judged against the rules in
 * force on the as-of day (escrules.c): the deadline that applies now
 * (xf_case_due), its warning and its overdue ladder, repeat petitions,
 * group and leapfrog petitions, supervision.  Each rule step that is due
 * and not yet in the escalations table fires once: an event through the
 * case layer (a change of unit_code and unit when responsibility moves up
 * the tree, else a note), a row in escalations, and a line of output.
 *
 * The walk reads open matters in slices and judges them read-only,
 * keeping each matter that has something to fire with its actions; a
 * reader thread does that on a connection of its own, a slice ahead of
 * the writer, and a third thread checkpoints the WAL (db.c).  What is
 * written must rest on what the store holds inside the write
 * transaction: if another connection committed between the slice's read
 * and the transaction's start (the store's data version moved), each
 * kept matter is loaded again and judged afresh; else the kept judgment
 * is the store's, and is written as it stands (apply()).  A transaction
 * is committed at the end of the first slice that finds it open
 * HOLD_MS, or at DEFAULT_BATCH matters acted on, so another tool never
 * waits long.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf-int.h"

#define DEFAULT_BATCH	500	/* matters acted on per transaction */
#define HOLD_MS		250	/* a transaction spans slices this long */
#define SLICE		512	/* open matters read at a time */
#define MAXACT		8	/* actions one matter may fire in a run */
#define NSEEN		16	/* unit codes unit_of() keeps */
#define CKPT_MS		20	/* the WAL is checkpointed this often */

enum {
	O_CASE_ID, O_RULE, O_LEVEL, O_FROM, O_TO, O_LEADER, O_DEADLINE,
	O_DAYS, O_MESSAGE, NOUT
};

static const char *const out_names[NOUT + 1] = {
	"case_id", "rule", "level", "from_unit", "to_unit", "leader",
	"deadline", "days_overdue", "message", NULL
};

static const struct xf_colspec spec[] = {
	{ "case_id", (const char *const[]){ "案件编号", "事项编号",
	    "信访事项编号", "case", NULL }, 1 },
};

/* One action a matter fires. */
struct action {
	int rule;			/* XF_ESC_* */
	char key[64];			/* ladder key in escalations */
	char key2[160];			/* a period's key too, or "" */
	long step;			/* the step it reaches */
	const struct xf_unit *from, *to;	/* NULL: no unit known */
	int move;			/* unit_code and unit change */
	const char *leader;		/* a unit's (lives with the config) */
	int case_leader;		/* the case's own leader, not leader */
	char deadline[11];
	char days[16];
	char msg[256];
};

/* A unit code asked for, and its unit (NULL: none); see unit_of(). */
struct unit_seen {
	char code[32];			/* "" for a free slot */
	const struct xf_unit *unit;
};

/*
 * What judging keeps between matters: the connection it reads through
 * and its caches.  The walk's reader thread has one, the writer another
 * (a matter judged afresh, and a file's case ids).
 */
struct judger {
	const struct xf_escalate *x;	/* read only, by either thread */
	struct xf_cases *cases;
	long long run_cached;		/* the last run asked about */
	char run_day[12];
	struct unit_seen seen[NSEEN];	/* see unit_of() */
	int seen_next;
	long long n_read;		/* matters judged */
};

struct xf_escalate {
	struct xf_escalate_opts o;
	struct xf_rows_cb cb;
	struct xf_config *cfg;
	const struct xf_cal *cal;
	const struct xf_limits *lim;
	const struct xf_units *units;	/* NULL without units.csv */
	struct xf_escrules *rules;
	struct xf_esc_rule r[XF_ESC_NRULE];	/* in force on the day */
	const char *period;		/* the sensitive period, or NULL */
	long period_from;
	char period_day[12];
	struct xf_time asof;
	long today;
	char day[12];

	struct xf_db *db;
	struct xf_cases *cases;
	struct xf_batch *batch;

	struct judger wj;		/* the writer's */
	atomic_llong epoch;		/* write transactions begun; see
					   apply() */
	long long stale_from;		/* a matter read before transaction
					   stale_from began is judged afresh */
	long long version;		/* the store's data version, as the
					   last transaction began */
	long long tx_start;		/* when the open transaction began,
					   in ms of CLOCK_MONOTONIC */

	char **names;
	size_t nnames;

	long long n_read, n_escalated, n_actions, n_rejected;
};

const char *const *
xf_escalate_columns(void)
{
	return out_names;
}

size_t
xf_escalate_ncolumns(void)
{
	return NOUT;
}

long long
xf_escalate_count(const struct xf_escalate *x, const char *what)
{
	if (strcmp(what, "actions") == 0)
		return x->n_actions;
	if (strcmp(what, "escalated") == 0)
		return x->n_escalated;
	if (strcmp(what, "read") == 0)
		return x->n_read;
	if (strcmp(what, "rejected") == 0)
		return x->n_rejected;
	return 0;
}

void
xf_escalate_free(struct xf_escalate *x)
{
	if (x == NULL)
		return;
	xf_batch_free(x->batch);
	xf_cases_free(x->cases);
	xf_escrules_free(x->rules);
	xf_config_free(x->cfg);
	for (size_t i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	free(x);
}

/* Prepare a run; see xf.h. */
struct xf_escalate *
xf_escalate_new(const struct xf_escalate_opts *o,
    const struct xf_rows_cb *cb, struct xf_err *e)
{
	struct xf_escalate *x;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	x->o = *o;
	if (cb)
		x->cb = *cb;
	if (x->o.batch <= 0)
		x->o.batch = DEFAULT_BATCH;
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &x->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date "
			    "\"%s\"", o->as_of);
			goto fail;
		}
	} else
		xf_time_now(&x->asof);
	x->today = x->asof.day;
	xf_date_fmt(x->today, x->day);
	if ((x->cfg = xf_config_load(o->config_dir, XF_CONFIG_UNITS_IF,
	    e)) == NULL ||
	    (x->rules = xf_escrules_load(o->config_dir, e)) == NULL)
		goto fail;
	x->cal = xf_config_cal(x->cfg);
	x->lim = xf_config_limits(x->cfg);
	x->units = xf_config_units(x->cfg);
	x->period = xf_escrules_on(x->rules, x->today, x->r, &x->period_from);
	if (x->period)
		xf_date_fmt(x->period_from, x->period_day);
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	return x;
fail:
	xf_escalate_free(x);
	return NULL;
}

int
xf_escalate_rest_day(const struct xf_escalate *x)
{
	return !xf_cal_is_workday(x->cal, x->today);
}

/* A committed action: count it and hand it on. */
static int
emit(void *arg, const char *file, long line, const char *result,
    const char *const *v)
{
	struct xf_escalate *x = arg;

	x->n_actions++;
	return x->cb.done ? x->cb.done(x->cb.arg, v) : 0;
}

int
xf_escalate_attach(struct xf_escalate *x, struct xf_db *db,
    struct xf_err *e)
{
	x->db = db;
	/*
	 * The walk reads each page of the open matters once, in order, so
	 * the store's usual 64 MiB cache buys nothing: filling it cost more
	 * time (fresh memory for every page) than the walk itself, and made
	 * memory grow with the store.  2 MiB, as the sqlite3 shell has; a
	 * dry run's changes beyond it spill to the WAL, uncommitted.
	 *
	 * The WAL is checkpointed at 8192 pages (32 MiB), not SQLite's
	 * 1000: a first night writes some 10,000 pages, and at 1000 made a
	 * dozen checkpoints, each with two fsyncs, each waiting on the disk
	 * (31 fsyncs in all; 7 now).  The pages written are the same; the
	 * WAL stays bounded whatever the store's size.  Only this
	 * connection's own checkpoints change.
	 */
	if (xf_db_exec(db, "PRAGMA cache_size = -2048", e) < 0 ||
	    xf_db_exec(db, "PRAGMA wal_autocheckpoint = 8192", e) < 0 ||
	    (x->cases = xf_cases_new(db, e)) == NULL ||
	    xf_cases_version(x->cases, &x->version, e) < 0)
		return -1;
	x->wj.x = x;
	x->wj.cases = x->cases;
	x->batch = xf_batch_new(db, "xf-escalate", x->day, x->o.actor,
	    x->o.argc, x->o.argv, x->o.batch, x->o.dry_run, NOUT, emit, x);
	if (x->batch == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* ---- judging one matter ------------------------------------------------ */

/*
 * The columns judge() and apply() read, the deadline's and their own:
 * the walk reads only these, half the case, and leaves the others NULL.
 */
#define C(k)	(1ULL << (k))
#define JUDGED_COLS	(XF_DUE_COLS | C(XF_C_UNIT) | C(XF_C_UNIT_CODE) | \
	C(XF_C_LEADER) | C(XF_C_IMPORTED) | C(XF_C_RUN_ID) | \
	C(XF_C_LAST_PETITION_AT) | C(XF_C_PETITION_COUNT) | C(XF_C_IS_GROUP) | \
	C(XF_C_IS_LEAPFROG) | C(XF_C_LEAPFROG_LEVEL))

/* The working day n working days before day. */
static long
workdays_before(const struct xf_cal *cal, long day, int n)
{
	while (n > 0)
		if (xf_cal_is_workday(cal, --day))
			n--;
	return day;
}

/* Working days in (from, to]. */
static int
workdays_between(const struct xf_cal *cal, long from, long to)
{
	int n = 0;

	while (++from <= to)
		n += xf_cal_is_workday(cal, from);
	return n;
}

static const char *
unit_name(const struct xf_unit *u, const struct xf_case *c)
{
	return u ? xf_unit_name(u) : c->v[XF_C_UNIT];
}

static const char *
leader_of(const struct xf_unit *u)
{
	const char *l = u ? xf_unit_leader(u) : NULL;

	return l ? l : "";
}

/*
 * The day before which nothing may fire on c: an imported matter's
 * import day (its run's as-of), else -1.
 */
static int
import_day(struct judger *j, const struct xf_case *c, long *day,
    struct xf_err *e)
{
	long long run;

	*day = -1;
	if (strcmp(c->v[XF_C_IMPORTED], "1") != 0)
		return 0;
	run = strtoll(c->v[XF_C_RUN_ID], NULL, 10);
	if (run != j->run_cached) {
		if (xf_cases_run_day(j->cases, run, j->run_day, e) < 0)
			return -1;
		j->run_cached = run;
	}
	*day = xf_stored_day(j->run_day);
	return 0;
}

/*
 * Action slot i, cleared: cleared one at a time as rules take them, as
 * most matters fire nothing and an action is not small.
 */
static struct action *
slot(struct action *a, int i)
{
	return memset(&a[i], 0, sizeof(a[i]));
}

/* The highest step fired on key, or -1 on error (0 if none). */
static long
fired(struct judger *j, const struct xf_case *c, const char *key,
    struct xf_err *e)
{
	return xf_cases_fired(j->cases, c->no, key, e);
}

/* Climb from u by n levels, not above level top; u itself if it cannot. */
static const struct xf_unit *
climb(const struct xf_unit *u, int n, const char *top)
{
	int max = xf_level_rank(top);

	while (u && n-- > 0) {
		const struct xf_unit *p = xf_unit_parent(u);

		if (p == NULL || (max > 0 &&
		    xf_level_rank(xf_unit_level(p)) > max))
			break;
		u = p;
	}
	return u;
}

/*
 * key = rule ":" stage ":" due, as snprintf "%s:%s:%s" would write it,
 * by hand: it is made for every open matter with a deadline.
 */
static void
ladder_key(char *key, size_t size, const char *rule, const char *stage,
    const char *due)
{
	size_t lr = strlen(rule), ls = strlen(stage), ld = strlen(due);

	if (lr + ls + ld + 3 > size) {
		snprintf(key, size, "%s:%s:%s", rule, stage, due);
		return;
	}
	memcpy(key, rule, lr);
	key[lr] = ':';
	memcpy(key + lr + 1, stage, ls);
	key[lr + 1 + ls] = ':';
	memcpy(key + lr + ls + 2, due, ld + 1);
}

/* The deadline rules: warn before it, the overdue ladder after it. */
static int
judge_deadline(struct judger *j, const struct xf_case *c,
    const struct xf_unit **cur, long imp, struct action *a, int *na,
    struct xf_err *e)
{
	const struct xf_escalate *x = j->x;
	const struct xf_esc_rule *w = &x->r[XF_ESC_WARN];
	const struct xf_esc_rule *o = &x->r[XF_ESC_OVERDUE];
	const char *stage;
	char due[11];
	struct action *t = slot(a, *na);
	long d, step, prev;
	int st;

	st = xf_case_due(c, x->cal, x->lim, x->today, &stage, due);
	if (st == XF_DUE_NONE || (d = xf_stored_day(due)) < imp)
		return 0;
	if (st == XF_DUE_OPEN) {
		if (!w->on || w->value <= 0 ||
		    x->today < workdays_before(x->cal, d, w->value))
			return 0;
		ladder_key(t->key, sizeof(t->key), "warn", stage, due);
		if ((prev = fired(j, c, t->key, e)) != 0)
			return prev < 0 ? -1 : 0;
		t->rule = XF_ESC_WARN;
		t->step = 1;
		t->from = t->to = *cur;
		if (*c->v[XF_C_LEADER])
			t->case_leader = 1;
		else
			t->leader = leader_of(*cur);
		snprintf(t->msg, sizeof(t->msg), "%s deadline %s: %d working "
		    "day%s left", stage, due, workdays_between(x->cal,
		    x->today, d), workdays_between(x->cal, x->today, d) == 1 ?
		    "" : "s");
	} else {
		if (!o->on)
			return 0;
		step = 1 + (x->today - d - 1) / o->value;
		ladder_key(t->key, sizeof(t->key), "overdue", stage, due);
		if ((prev = fired(j, c, t->key, e)) < 0)
			return -1;
		if (step <= prev)
			return 0;
		t->rule = XF_ESC_OVERDUE;
		t->from = *cur;
		t->to = *cur ? climb(*cur, (int)(step - prev), o->level) :
		    x->units ? xf_units_root(x->units) : NULL;
		/* At the top of the ladder: the first step still tells. */
		if (prev > 0 && t->to == t->from)
			return 0;
		t->step = step;
		t->move = *cur && t->to != *cur;
		t->leader = leader_of(t->to);
		if (t->move)
			snprintf(t->msg, sizeof(t->msg), "%s deadline %s passed "
			    "%ld day%s ago: escalated from %s to %s (step %ld)",
			    stage, due, x->today - d, x->today - d == 1 ? "" :
			    "s", unit_name(t->from, c), unit_name(t->to, c),
			    step);
		else
			snprintf(t->msg, sizeof(t->msg), "%s deadline %s passed "
			    "%ld day%s ago (step %ld)", stage, due,
			    x->today - d, x->today - d == 1 ? "" : "s", step);
		if (t->move)
			*cur = t->to;
	}
	memcpy(t->deadline, due, sizeof(due));
	snprintf(t->days, sizeof(t->days), "%ld", x->today - d);
	(*na)++;
	return 0;
}

/*
 * A rule that fires once per matter (repeat, group, leapfrog); group and
 * leapfrog fire once more in each sensitive period that keeps them on.
 * Fills t's keys; returns 1 if it is due, 0, or -1.
 */
static int
once(struct judger *j, const struct xf_case *c, int rule,
    struct action *t, struct xf_err *e)
{
	const struct xf_escalate *x = j->x;
	long prev, pprev = 1;

	snprintf(t->key, sizeof(t->key), "%s", xf_esc_rule_name(rule));
	if ((prev = fired(j, c, t->key, e)) < 0)
		return -1;
	if (x->period && rule != XF_ESC_REPEAT) {
		snprintf(t->key2, sizeof(t->key2), "%s:%s:%s",
		    xf_esc_rule_name(rule), x->period, x->period_day);
		if ((pprev = fired(j, c, t->key2, e)) < 0)
			return -1;
	}
	if (prev > 0 && pprev > 0) {
		t->key2[0] = '\0';
		return 0;
	}
	t->rule = rule;
	t->step = 1;
	return 1;
}

/* The petition rules: repeat, group, leapfrog. */
static int
judge_petitions(struct judger *j, const struct xf_case *c,
    const struct xf_unit **cur, long imp, struct action *a, int *na,
    struct xf_err *e)
{
	const struct xf_escalate *x = j->x;
	const struct xf_esc_rule *r = x->r;
	long last = xf_stored_day(*c->v[XF_C_LAST_PETITION_AT] ?
	    c->v[XF_C_LAST_PETITION_AT] : c->v[XF_C_RECEIVED_AT]);
	long count = strtol(c->v[XF_C_PETITION_COUNT], NULL, 10);
	struct action *t;
	int rc;

	/* An imported matter: only petitions after its import count. */
	if (last > imp) {
		t = slot(a, *na);
		if (r[XF_ESC_REPEAT].on && count >= r[XF_ESC_REPEAT].value) {
			if ((rc = once(j, c, XF_ESC_REPEAT, t, e)) < 0)
				return -1;
			if (rc) {
				const char *ld = *cur ? leader_of(*cur) :
				    c->v[XF_C_LEADER];

				t->from = t->to = *cur;
				if (*cur)
					t->leader = ld;
				else
					t->case_leader = 1;
				snprintf(t->msg, sizeof(t->msg), "petitioned "
				    "%ld times: leader ownership (领导包案) by "
				    "%s", count, *ld ? ld : "the unit's leader");
				t = slot(a, ++*na);
			}
		}
		if (r[XF_ESC_GROUP].on &&
		    strcmp(c->v[XF_C_IS_GROUP], "1") == 0) {
			if ((rc = once(j, c, XF_ESC_GROUP, t, e)) < 0)
				return -1;
			if (rc) {
				const struct xf_unit *to = *cur ?
				    xf_unit_at_level(*cur,
				    r[XF_ESC_GROUP].level) : NULL;

				t->from = *cur;
				t->to = to ? to : *cur;
				t->move = t->to != *cur;
				t->leader = leader_of(t->to);
				/* No unit known: the level it must go to. */
				snprintf(t->msg, sizeof(t->msg), "group "
				    "petition%s%s: to %s%s", x->period ?
				    " in sensitive period " : "", x->period ?
				    x->period : "", *unit_name(t->to, c) ?
				    unit_name(t->to, c) : "the level ",
				    *unit_name(t->to, c) ? "" :
				    r[XF_ESC_GROUP].level);
				if (t->move)
					*cur = t->to;
				t = slot(a, ++*na);
			}
		}
		if (r[XF_ESC_LEAPFROG].on &&
		    strcmp(c->v[XF_C_IS_LEAPFROG], "1") == 0) {
			if ((rc = once(j, c, XF_ESC_LEAPFROG, t, e)) < 0)
				return -1;
			if (rc) {
				const struct xf_unit *to = *cur ?
				    xf_unit_at_level(*cur,
				    r[XF_ESC_LEAPFROG].level) : NULL;

				t->from = *cur;
				t->to = to ? to : *cur;
				t->leader = leader_of(t->to);
				snprintf(t->msg, sizeof(t->msg), "leapfrog "
				    "petition (to the %s level)%s%s: notify %s",
				    *c->v[XF_C_LEAPFROG_LEVEL] ?
				    c->v[XF_C_LEAPFROG_LEVEL] : "higher",
				    x->period ? " in sensitive period " : "",
				    x->period ? x->period : "",
				    *unit_name(t->to, c) ? unit_name(t->to, c) :
				    "the locality's bureau");
				t = slot(a, ++*na);
			}
		}
	}
	return 0;
}

/* Supervision: a progress reminder every so many days. */
static int
judge_supervised(struct judger *j, const struct xf_case *c,
    const struct xf_unit **cur, long imp, struct action *a, int *na,
    struct xf_err *e)
{
	const struct xf_escalate *x = j->x;
	const struct xf_esc_rule *r = x->r;
	struct action *t;

	if (r[XF_ESC_SUPERVISED].on && r[XF_ESC_SUPERVISED].value > 0 &&
	    *c->v[XF_C_SUPERVISION]) {
		long from = xf_stored_day(*c->v[XF_C_ACCEPTED_AT] ?
		    c->v[XF_C_ACCEPTED_AT] : c->v[XF_C_RECEIVED_AT]);
		long k, prev, n = r[XF_ESC_SUPERVISED].value;

		if (from < 0 || (k = (x->today - from) / n) < 1 ||
		    from + k * n <= imp)
			return 0;
		t = slot(a, *na);
		snprintf(t->key, sizeof(t->key), "supervised");
		if ((prev = fired(j, c, t->key, e)) < 0)
			return -1;
		if (k <= prev)
			return 0;
		t->rule = XF_ESC_SUPERVISED;
		t->step = k;
		t->from = t->to = *cur;
		if (*c->v[XF_C_LEADER])
			t->case_leader = 1;
		else
			t->leader = leader_of(*cur);
		snprintf(t->msg, sizeof(t->msg), "supervised (%s): progress "
		    "report %ld due", c->v[XF_C_SUPERVISION], k);
		(*na)++;
	}
	return 0;
}

/*
 * The unit whose code is code, or NULL: xf_units_get() through a cache of
 * the last few codes asked for, as a store's open matters are held by a
 * few units and the lookup (normalised, hashed) was 3% of a night.
 */
static const struct xf_unit *
unit_of(struct judger *j, const char *code)
{
	const struct xf_units *units = j->x->units;
	struct unit_seen *u;

	if (units == NULL)
		return NULL;
	for (u = j->seen; u < j->seen + NSEEN && u->code[0]; u++)
		if (strcmp(u->code, code) == 0)
			return u->unit;
	if (strlen(code) >= sizeof(u->code) || *code == '\0')
		return xf_units_get(units, code);
	u = &j->seen[j->seen_next];
	j->seen_next = (j->seen_next + 1) % NSEEN;
	memcpy(u->code, code, strlen(code) + 1);
	u->unit = xf_units_get(units, code);
	return u->unit;
}

/*
 * Judge c: fill a with the actions it fires now (at most MAXACT), *na
 * their number.  Reads the store, writes nothing.
 */
static int
judge(struct judger *j, const struct xf_case *c, struct action *a,
    int *na, struct xf_err *e)
{
	const struct xf_escalate *x = j->x;
	const struct xf_unit *cur = unit_of(j, c->v[XF_C_UNIT_CODE]);
	long imp;

	*na = 0;
	if (!xf_status_open(c->v[XF_C_STATUS]))
		return 0;
	/* Group first: it moves the matter at once, and the ladder of a
	 * late one climbs from there. */
	if (import_day(j, c, &imp, e) < 0 ||
	    judge_petitions(j, c, &cur, imp, a, na, e) < 0 ||
	    judge_deadline(j, c, &cur, imp, a, na, e) < 0 ||
	    judge_supervised(j, c, &cur, imp, a, na, e) < 0)
		return -1;
	for (int i = 0; i < *na; i++) {
		if (a[i].deadline[0] == '\0') {
			const char *stage;

			if (xf_case_due(c, x->cal, x->lim, x->today, &stage,
			    a[i].deadline) != XF_DUE_NONE)
				snprintf(a[i].days, sizeof(a[i].days), "%ld",
				    x->today - xf_stored_day(a[i].deadline));
		}
	}
	return 0;
}

/* ---- applying ------------------------------------------------------------- */

/* Milliseconds of the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Write what case c fires, the actions a[0..na) it was judged to fire,
 * inside the write transaction: the event, the escalation steps, the
 * output rows.
 *
 * c was read (and judged) after epoch write transactions had begun
 * (x->epoch then).  A transaction begins with BEGIN IMMEDIATE, so from
 * its start to its commit no other connection commits; between a commit
 * and the next BEGIN one may.  Each BEGIN asks whether the store's data
 * version moved since the last (it moves only for other connections'
 * commits): if it did, whatever was read before this BEGIN may be out
 * of date, and such a matter is loaded again and judged afresh, so that
 * what is written rests on what the store holds now.  What was read
 * after this BEGIN is the store as it stands.  Matters read by another
 * connection of this run (the walk's reader) are covered alike, as it
 * never writes.
 */
static int
apply(struct xf_escalate *x, const struct xf_case *c, struct action *a,
    int na, long long epoch, const char *file, long line, struct xf_err *e)
{
	struct action again[MAXACT];
	struct xf_case cur = *c;	/* changed as the actions move it */
	long long now;
	int rc;

	if ((rc = xf_batch_begin(x->batch, e)) < 0)
		return -1;
	if (rc == 1) {
		long long n = atomic_fetch_add(&x->epoch, 1) + 1;

		x->tx_start = now_ms();
		xf_cases_begin(x->cases, xf_batch_run(x->batch), 0,
		    xf_batch_now(x->batch));
		if (xf_cases_version(x->cases, &now, e) < 0)
			return -1;
		if (now != x->version)
			x->stale_from = n;
		x->version = now;
	}
	if (epoch < x->stale_from) {
		if ((rc = xf_cases_load(x->cases, c->no, &cur, e)) <= 0 ||
		    judge(&x->wj, &cur, again, &na, e) < 0)
			return rc < 0 ? -1 : 0;
		a = again;
	}
	c = &cur;
	for (int i = 0; i < na; i++) {
		struct action *t = &a[i];
		const char *v[NOUT];

		if (t->move) {
			struct xf_set set[2] = {
				{ XF_C_UNIT_CODE, xf_unit_code(t->to) },
				{ XF_C_UNIT, xf_unit_name(t->to) },
			};

			if (xf_cases_change(x->cases, c, x->day, "escalate",
			    set, 2, t->msg, e) < 0)
				return -1;
			/* The case as it now is, for a later move. */
			cur.v[XF_C_UNIT_CODE] = xf_unit_code(t->to);
			cur.v[XF_C_UNIT] = xf_unit_name(t->to);
		} else if (xf_cases_note(x->cases, c->no, x->day, "escalate",
		    t->msg, e) < 0)
			return -1;
		if (xf_cases_fire(x->cases, c->no, t->key, t->step, x->day,
		    e) < 0 || (t->key2[0] && xf_cases_fire(x->cases, c->no,
		    t->key2, 1, x->day, e) < 0))
			return -1;
		v[O_CASE_ID] = c->id;
		v[O_RULE] = xf_esc_rule_name(t->rule);
		v[O_LEVEL] = t->to ? xf_unit_level(t->to) : "";
		v[O_FROM] = unit_name(t->from, c);
		v[O_TO] = t->to ? xf_unit_name(t->to) : t->from ? "" :
		    c->v[XF_C_UNIT];
		v[O_LEADER] = t->case_leader ? c->v[XF_C_LEADER] :
		    t->leader ? t->leader : "";
		v[O_DEADLINE] = t->deadline;
		v[O_DAYS] = t->days;
		v[O_MESSAGE] = t->msg;
		if (xf_batch_pend(x->batch, file, line, "fired", v) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	if (na > 0)
		x->n_escalated++;
	return xf_batch_step(x->batch, e);
}

/* Commit the open transaction between slices (a dry run keeps one). */
static int
settle(struct xf_escalate *x, struct xf_err *e)
{
	return x->o.dry_run ? 0 : xf_batch_commit(x->batch, e);
}

/*
 * The end of a slice of the walk.  A real run commits there once its
 * transaction has been open HOLD_MS, and xf_batch_step() commits at
 * every DEFAULT_BATCH matters acted on; until then the transaction goes
 * on into the next slice.  Committed at every
 * slice, the first night of a million-case store made some 300 commits
 * of some 70 matters each, and each wrote again the pages its
 * neighbours had written (the tails of events and escalations, the
 * unit index, the B-tree interiors): 14,400 WAL frames for 9,700 pages
 * changed.  A dry run ends every slice: printed and rolled back.
 *
 * A dry run of the walk need not keep one transaction for the whole
 * run, as a dry run over case ids must (an id given twice must see the
 * first one's steps): the walk visits each matter once, and no
 * matter's judgment reads what another's wrote.  Kept, the first
 * night's changes (some 17,000 pages of a million-case store) overflowed
 * the cache and were spilled to the WAL only to be thrown away, a sixth
 * of the run.  The rollback also took the run's row, which the batch
 * then forgets (xf_batch_abort()), so that the next slice records it
 * again.
 */
static int
slice_end(struct xf_escalate *x, struct xf_err *e)
{
	if (!x->o.dry_run && now_ms() - x->tx_start < HOLD_MS)
		return 0;
	if (xf_batch_commit(x->batch, e) < 0)
		return -1;
	if (x->o.dry_run)
		xf_batch_abort(x->batch);
	return 0;
}

/* A matter of a slice with something to fire, kept with its actions. */
struct due {
	long long no;
	size_t text;		/* its JUDGED_COLS texts in s->text, each
				   NUL-ended, in column order */
	size_t act;		/* its first action in s->act */
	int na;
};

/*
 * A slice of the walk: up to SLICE open matters read at once, and those
 * that fire kept with their actions.  Bounded by the slice (SLICE
 * matters, MAXACT actions each), whatever the store's size.
 */
struct slice {
	struct due due[SLICE];
	int nd;
	struct action *act;
	size_t nact, actcap;
	struct xf_buf text;
	long long epoch;	/* write transactions begun before the read */
	int n;			/* matters read: 0 at the end, -1 on error */
	struct xf_err e;	/* the error, if n is -1 */
	int full;		/* read, not yet applied */
};

/*
 * The walk.  A reader judges the open matters a slice at a time, read-
 * only, and hands each slice to the writer, which applies the matters
 * that fire.  Reading and judging are half of a first night's work and
 * need no write lock, so when the store is a file the reader is a thread
 * of its own with a connection of its own, a slice ahead of the writer
 * (two slices in turn); else (a dry run on a store not made yet) the
 * writer reads each slice itself.  The reader's connection never writes,
 * so what it reads is checked as the writer's own reads are (apply()).
 */
struct walk {
	struct xf_escalate *x;
	struct judger j;		/* the reader's */
	struct xf_db *db;		/* the reader's connection, or NULL */
	long long after;		/* the last case number read */
	struct slice s[2];
	int threaded;
	int stop;			/* the writer has stopped */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* The slice being filled, for walk_one(). */
struct fill {
	struct judger *j;
	struct slice *s;
};

/* Judge one open matter of the walk, read-only; keep it if it fires. */
static int
walk_one(void *arg, const struct xf_case *c)
{
	struct fill *f = arg;
	struct slice *s = f->s;
	struct action a[MAXACT];
	struct due *d;
	int na;

	f->j->n_read++;
	if (judge(f->j, c, a, &na, &s->e) < 0)
		return 1;
	if (na == 0)
		return 0;
	if (s->nact + na > s->actcap) {
		size_t cap = s->actcap ? s->actcap * 2 : 256;
		struct action *v;

		while (cap < s->nact + na)
			cap *= 2;
		if ((v = realloc(s->act, cap * sizeof(*v))) == NULL)
			goto nomem;
		s->act = v;
		s->actcap = cap;
	}
	d = &s->due[s->nd++];
	d->no = c->no;
	d->text = s->text.len;
	d->act = s->nact;
	d->na = na;
	memcpy(&s->act[s->nact], a, na * sizeof(*a));
	s->nact += na;
	/* The texts are the walk statement's, gone at its next row. */
	for (int k = 0; k < XF_C_NCOL; k++)
		if ((JUDGED_COLS & C(k)) && xf_buf_add(&s->text, c->v[k],
		    strlen(c->v[k]) + 1) < 0)
			goto nomem;
	return 0;
nomem:
	xf_err_set(&s->e, XF_ENOMEM, "out of memory");
	return 1;
}

/* Read and judge the next slice into s. */
static void
read_slice(struct walk *w, struct slice *s)
{
	struct fill f = { &w->j, s };

	s->nd = 0;
	s->nact = 0;
	xf_buf_reset(&s->text);
	/* Taken before the read begins: see apply(). */
	s->epoch = atomic_load(&w->x->epoch);
	s->n = xf_cases_open_walk(w->j.cases, w->after, SLICE, JUDGED_COLS,
	    walk_one, &f, &w->after, &s->e);
}

/* The reader thread: slices in turn until the last, an error, or stop. */
static void *
reader(void *arg)
{
	struct walk *w = arg;

	for (int i = 0;; i ^= 1) {
		struct slice *s = &w->s[i];

		pthread_mutex_lock(&w->mu);
		while (s->full && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		pthread_mutex_unlock(&w->mu);
		read_slice(w, s);
		pthread_mutex_lock(&w->mu);
		s->full = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		if (s->n <= 0)
			break;
	}
	return NULL;
}

/* The next slice for the writer, read by the thread or here. */
static struct slice *
next_slice(struct walk *w, int i)
{
	struct slice *s = &w->s[i];

	if (!w->threaded) {
		read_slice(w, s);
		return s;
	}
	pthread_mutex_lock(&w->mu);
	while (!s->full)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	return s;
}

/* The writer is done with slice s. */
static void
done_slice(struct walk *w, struct slice *s)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->mu);
	s->full = 0;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* The kept matter d of slice s as a case. */
static void
kept(const struct slice *s, const struct due *d, struct xf_case *c)
{
	const char *t = s->text.s + d->text;

	c->no = d->no;
	xf_case_id(d->no, c->id);
	for (int k = 0; k < XF_C_NCOL; k++) {
		c->v[k] = NULL;
		if (JUDGED_COLS & C(k)) {
			c->v[k] = t;
			t += strlen(t) + 1;
		}
	}
}

/*
 * Set the walk up: its reader on a connection of its own, in a thread,
 * if the store is a file.  A connection or a thread that cannot be had
 * leaves the writer reading, which only costs time.
 */
static void
walk_start(struct walk *w, struct xf_escalate *x)
{
	struct xf_err ignored = { 0 };
	struct xf_cases *cs = NULL;

	w->x = x;
	w->j.x = x;
	w->j.cases = x->cases;
	if ((w->db = xf_db_open_again(x->db, XF_DB_READ, &ignored)) == NULL)
		return;
	/* Its cache as the writer's: see xf_escalate_attach(). */
	if (xf_db_exec(w->db, "PRAGMA cache_size = -2048", &ignored) < 0 ||
	    (cs = xf_cases_new(w->db, &ignored)) == NULL)
		goto alone;
	if (pthread_mutex_init(&w->mu, NULL) != 0)
		goto alone;
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		goto alone;
	}
	w->j.cases = cs;
	if (pthread_create(&w->th, NULL, reader, w) != 0) {
		w->j.cases = x->cases;
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		goto alone;
	}
	w->threaded = 1;
	return;
alone:
	xf_cases_free(cs);
	xf_db_close(w->db);
	w->db = NULL;
}

/* Stop the reader (if any) and free the walk; the reader's count kept. */
static void
walk_end(struct walk *w)
{
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
	}
	w->x->n_read += w->j.n_read;
	if (w->db) {
		xf_cases_free(w->j.cases);
		xf_db_close(w->db);
	}
	for (int i = 0; i < 2; i++) {
		free(w->s[i].act);
		xf_buf_free(&w->s[i].text);
	}
	free(w);
}

/* Evaluate every open matter; see xf.h. */
int
xf_escalate_all(struct xf_escalate *x, struct xf_err *e)
{
	struct xf_ckpt *ck = NULL;
	struct walk *w;
	int rc = 0;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	/*
	 * What a real run commits is checkpointed as it goes: see db.c.
	 * Started first: opening a connection calls sqlite3_config(), which
	 * no other thread may be inside SQLite for.
	 */
	if (!x->o.dry_run)
		ck = xf_ckpt_start(x->db, CKPT_MS);
	walk_start(w, x);
	for (int i = 0;; i ^= 1) {
		struct slice *s = next_slice(w, i);

		if (s->n <= 0) {
			if (s->n < 0) {
				*e = s->e;
				rc = -1;
			}
			break;
		}
		for (int k = 0; k < s->nd && rc == 0; k++) {
			struct xf_case c;

			kept(s, &s->due[k], &c);
			rc = apply(x, &c, &s->act[s->due[k].act],
			    s->due[k].na, s->epoch, NULL, 0, e);
		}
		if (rc < 0 || (rc = slice_end(x, e)) < 0)
			break;
		done_slice(w, s);
	}
	walk_end(w);
	xf_ckpt_stop(ck);
	if (rc < 0)
		xf_batch_abort(x->batch);
	return rc;
}

/* ---- case ids from a file ------------------------------------------------ */

static const char *
keep_name(struct xf_escalate *x, const char *name)
{
	char **v = realloc(x->names, (x->nnames + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	x->names = v;
	if ((v[x->nnames] = strdup(name)) == NULL)
		return NULL;
	return v[x->nnames++];
}

static int
reject(struct xf_escalate *x, struct xf_table *t, const char *file,
    const struct xf_err *err)
{
	const char *const *f;
	const size_t *l;
	size_t n;

	x->n_rejected++;
	if (x->cb.reject == NULL)
		return 0;
	if (xf_table_raw(t, &f, &l, &n) < 0)
		return -1;
	x->cb.reject(x->cb.arg, file, xf_table_line(t), err, n, f, l);
	return 0;
}

/* Evaluate the matters path names; see xf.h. */
int
xf_escalate_file(struct xf_escalate *x, const char *path, struct xf_err *e)
{
	struct xf_table *t;
	struct action a[MAXACT];
	const char *file;
	char msg[XF_ERRMAX];
	int rc, na;

	if ((t = xf_table_open(path, x->o.encoding, spec, 1, e)) == NULL) {
		if (e->code != XF_ENOMEM)
			e->code = XF_EINPUT;
		return -1;
	}
	if ((file = keep_name(x, xf_table_name(t))) == NULL) {
		xf_table_free(t);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	if (x->cb.header && x->cb.header(x->cb.arg, file, xf_table_ncols(t),
	    xf_table_header(t), msg, sizeof(msg)) != 0) {
		xf_table_free(t);
		return xf_err_set(e, XF_EINPUT, "%s: %s", file, msg);
	}
	while ((rc = xf_table_read(t, e)) > 0) {
		const char *id = xf_table_get(t, 0);
		long long no = xf_case_no(id);
		long long epoch = atomic_load(&x->epoch);	/* see apply() */
		struct xf_err re = { 0 };
		struct xf_case c;

		if (no < 0 || (rc = xf_cases_load(x->cases, no, &c, e)) == 0) {
			xf_err_col(&re, XF_EROW, xf_table_colname(t, 0),
			    "%s case id \"%s\"", no < 0 ? "invalid" :
			    "unknown", id);
			if (reject(x, t, file, &re) < 0) {
				xf_err_set(e, XF_ENOMEM, "out of memory");
				goto fail;
			}
			continue;
		}
		if (rc < 0)
			goto fail;
		x->n_read++;
		if (judge(&x->wj, &c, a, &na, e) < 0 ||
		    (na > 0 && apply(x, &c, a, na, epoch, file,
		    xf_table_line(t), e) < 0))
			goto fail;
	}
	if (rc < 0) {
		if (e->code != XF_ENOMEM)
			e->code = XF_EINPUT;
		goto fail;
	}
	xf_table_free(t);
	return settle(x, e);
fail:
	xf_table_free(t);
	if (e->code != XF_EINPUT)
		xf_batch_abort(x->batch);
	return -1;
}

int
xf_escalate_finish(struct xf_escalate *x, struct xf_err *e)
{
	return xf_batch_commit(x->batch, e);
}

int
xf_escalate_end(struct xf_escalate *x, int status, int finished,
    struct xf_err *e)
{
	return xf_batch_end(x->batch, status, finished, e);
}
