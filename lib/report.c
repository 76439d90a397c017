/*
 * report.c: the published numbers (xf-report).
 *
 * A report covers a period and compares it with the same period a year
 * earlier (同比) and with the period before (环比).  For each of these
 * one indexed scan reads the matters that may count in it (received in
 * it, closed on or after its first day, or open now) and the further
 * petitions received in it; each record is judged once against the
 * period and its contribution added to every group it belongs to (a
 * unit and all its ancestors, for the roll-up).  The metrics are then
 * worked out from the sums in integer arithmetic, so a rate rounds half
 * up exactly.  Definitions are in xf-report(1); keep the two in step.
 */
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/* ---- periods -------------------------------------------------------- */

static long
month_first(int y, int m)
{
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	return xf_date_days(y, m, 1);
}

static void
period_label(struct period *p)
{
	int y, m, d, y2, m2, d2;

	xf_date_ymd(p->from, &y, &m, &d);
	xf_date_ymd(p->to, &y2, &m2, &d2);
	if (p->months == 12 && m == 1)
		snprintf(p->label, sizeof(p->label), "%04d", y);
	else if (p->months == 6 && (m == 1 || m == 7))
		snprintf(p->label, sizeof(p->label), "%04d-H%d", y, m / 6 + 1);
	else if (p->months == 3 && m % 3 == 1)
		snprintf(p->label, sizeof(p->label), "%04d-Q%d", y, m / 3 + 1);
	else if (p->months == 1)
		snprintf(p->label, sizeof(p->label), "%04d-%02d", y, m);
	else
		snprintf(p->label, sizeof(p->label),
		    "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, y2, m2, d2);
}

/* A period of n whole months from the first of y-m. */
static void
period_months(struct period *p, int y, int m, int n)
{
	p->from = month_first(y, m);
	p->to = month_first(y, m + n) - 1;
	p->months = n;
	period_label(p);
}

/* Parse 2026, 2026-H1, 2026-Q3 or 2026-10 into p; 0 or -1. */
static int
period_parse(const char *s, struct period *p)
{
	int y, n;

	for (n = 0; n < 4; n++)
		if (!isdigit((unsigned char)s[n]))
			return -1;
	if ((y = atoi(s)) < 1000)
		return -1;
	s += 4;
	if (*s == '\0') {
		period_months(p, y, 1, 12);
		return 0;
	}
	if (*s++ != '-')
		return -1;
	if ((*s == 'H' || *s == 'h') && (s[1] == '1' || s[1] == '2') &&
	    s[2] == '\0') {
		period_months(p, y, s[1] == '1' ? 1 : 7, 6);
		return 0;
	}
	if ((*s == 'Q' || *s == 'q') && s[1] >= '1' && s[1] <= '4' &&
	    s[2] == '\0') {
		period_months(p, y, (s[1] - '1') * 3 + 1, 3);
		return 0;
	}
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != '\0')
		return -1;
	n = (s[0] - '0') * 10 + (s[1] - '0');
	if (n < 1 || n > 12)
		return -1;
	period_months(p, y, n, 1);
	return 0;
}

/* A period from day from to day to (inclusive), whole months if it is. */
static void
period_days(struct period *p, long from, long to)
{
	int y, m, d, y2, m2, d2;

	p->from = from;
	p->to = to;
	p->months = 0;
	xf_date_ymd(from, &y, &m, &d);
	xf_date_ymd(to + 1, &y2, &m2, &d2);
	if (d == 1 && d2 == 1)
		p->months = (y2 - y) * 12 + m2 - m;
	period_label(p);
}

/*
 * The period compared with p: a year earlier (yoy) or the one just
 * before (the same number of months, or of days for other ranges).
 */
static void
period_shift(const struct period *p, int yoy, struct period *out)
{
	int y, m, d;
	long len;

	xf_date_ymd(p->from, &y, &m, &d);
	if (p->months > 0) {
		if (yoy)
			period_months(out, y - 1, m, p->months);
		else
			period_months(out, y, m - p->months, p->months);
		return;
	}
	if (yoy) {
		int y2, m2, d2;
		long from, to;

		xf_date_ymd(p->to, &y2, &m2, &d2);
		/* 29 February a year earlier is the 28th. */
		if ((from = xf_date_days(y - 1, m, d)) < 0)
			from = xf_date_days(y - 1, m, d - 1);
		if ((to = xf_date_days(y2 - 1, m2, d2)) < 0)
			to = xf_date_days(y2 - 1, m2, d2 - 1);
		period_days(out, from, to);
		return;
	}
	len = p->to - p->from + 1;
	period_days(out, p->from - len, p->from - 1);
}


/* The metrics, in the order of the output. */
static const struct metric metrics[] = {
	{ "received", K_COUNT, C_RECEIVED, 0 },
	{ "received_persons", K_COUNT, C_RECEIVED_PERSONS, 0 },
	{ "petitions", K_COUNT, C_PETITIONS, 0 },
	{ "petitions_persons", K_COUNT, C_PETITIONS_PERSONS, 0 },
	{ "accepted", K_COUNT, C_ACCEPTED, 0 },
	{ "forwarded", K_COUNT, C_FORWARDED, 0 },
	{ "referred", K_COUNT, C_REFERRED, 0 },
	{ "not_accepted", K_COUNT, C_NOT_ACCEPTED, 0 },
	{ "closed", K_COUNT, C_CLOSED, 0 },
	{ "closure_rate", K_RATE, C_CLOSED, C_RECEIVED },
	{ "resolved", K_COUNT, C_RESOLVED, 0 },
	{ "resolution_rate", K_RATE, C_RESOLVED, C_RECEIVED },
	{ "replies_due", K_COUNT, C_REPLIES_DUE, 0 },
	{ "replied_on_time", K_COUNT, C_ON_TIME, 0 },
	{ "on_time_rate", K_RATE, C_ON_TIME, C_REPLIES_DUE },
	{ "triages_due", K_COUNT, C_TRIAGES_DUE, 0 },
	{ "triaged_on_time", K_COUNT, C_TRIAGED_ON_TIME, 0 },
	{ "timely_triage_rate", K_RATE, C_TRIAGED_ON_TIME, C_TRIAGES_DUE },
	{ "closed_in_period", K_COUNT, C_CLOSED_IN, 0 },
	{ "evaluated", K_COUNT, C_EVALUATED, 0 },
	{ "participation_rate", K_RATE, C_EVALUATED, C_CLOSED_IN },
	{ "satisfied", K_COUNT, C_SATISFIED, 0 },
	{ "satisfaction_rate", K_RATE, C_SATISFIED, C_EVALUATED },
	{ "repeat_petitions", K_COUNT, C_REPEAT, 0 },
	{ "repeat_rate", K_RATE, C_REPEAT, C_PETITIONS },
	{ "group_petitions", K_COUNT, C_GROUP, 0 },
	{ "group_persons", K_COUNT, C_GROUP_PERSONS, 0 },
	{ "leapfrog", K_COUNT, C_LEAPFROG, 0 },
	{ "leapfrog_ministry", K_COUNT, C_LF_MINISTRY, 0 },
	{ "leapfrog_province", K_COUNT, C_LF_PROVINCE, 0 },
	{ "leapfrog_city", K_COUNT, C_LF_CITY, 0 },
	{ "backlog", K_COUNT, C_BACKLOG, 0 },
	{ "overdue", K_COUNT, C_OVERDUE, 0 },
	{ "triage_days_mean", K_MEAN, D_TRIAGE, 0 },
	{ "triage_days_median", K_MEDIAN, D_TRIAGE, 0 },
	{ "reply_days_mean", K_MEAN, D_REPLY, 0 },
	{ "reply_days_median", K_MEDIAN, D_REPLY, 0 },
	{ "first_triage_days_mean", K_MEAN, D_TRIAGE_FIRST, 0 },
	{ "first_triage_days_median", K_MEDIAN, D_TRIAGE_FIRST, 0 },
	{ "first_reply_days_mean", K_MEAN, D_REPLY_FIRST, 0 },
	{ "first_reply_days_median", K_MEDIAN, D_REPLY_FIRST, 0 },
	{ "online", K_COUNT, C_ONLINE, 0 },
	{ "online_share", K_RATE, C_ONLINE, C_PETITIONS },
	{ "followed_up", K_COUNT, C_FOLLOWED_UP, 0 },
	{ "followups", K_COUNT, C_FOLLOWUPS, 0 },
	{ "followup_share", K_RATE, C_FOLLOWED_UP, C_CLOSED_IN },
	{ "rank", K_RANK, 0, 0 },
};
#define NMETRIC (sizeof(metrics) / sizeof(metrics[0]))

const char *const xf_rpt_by_names[] = { "unit", "unit-level",
    "category", "channel", "leader", "month", "quarter", NULL };

/* ---- options -------------------------------------------------------- */

static int
parse_day(const char *s, const char *what, long *day, struct xf_err *e)
{
	struct xf_time t;

	if (xf_date_parse(s, XF_DATE_YMD, &t, e) < 0)
		return xf_err_set(e, XF_ECONFIG, "%s: invalid date \"%s\"",
		    what, s);
	*day = t.day;
	return 0;
}

static int
add_col(struct xf_report *r, const struct metric *m, int slot)
{
	struct mcol *c;

	if ((c = realloc(r->cols, (r->ncols + 1) * sizeof(*c))) == NULL)
		return xf_err_set(NULL, XF_ENOMEM, "out of memory");
	r->cols = c;
	c[r->ncols].m = m;
	c[r->ncols++].slot = slot;
	r->slots[slot] = 1;
	return 0;
}

static const struct metric *
find_metric(const char *name)
{
	for (size_t i = 0; i < NMETRIC; i++)
		if (strcmp(metrics[i].name, name) == 0)
			return &metrics[i];
	return NULL;
}

/* The name of metric i, or NULL past the last (for usage messages). */
const char *
xf_rpt_metric_name(size_t i)
{
	return i < NMETRIC ? metrics[i].name : NULL;
}

void
xf_rpt_set_group_min(struct xf_report *r, int n)
{
	r->group_min = n;
}

/*
 * The metric columns asked for: names, name_yoy, name_pop, or "all"
 * (every metric, and both comparisons of each count and rate).  The
 * default is every metric, with the comparisons of received and the
 * closure rate before the rank.
 */
static int
parse_metrics(struct xf_report *r, const char *list, struct xf_err *e)
{
	char *s, *p, *tok, *save;
	int rc = 0;

	r->slots[S_CUR] = 1;
	if (list == NULL || strcmp(list, "all") == 0) {
		for (size_t i = 0; i < NMETRIC && rc == 0; i++) {
			const struct metric *m = &metrics[i];

			if (list == NULL && m->kind == K_RANK)
				rc = add_col(r, find_metric("received"),
				    S_YOY) | add_col(r, find_metric("received"),
				    S_POP) | add_col(r,
				    find_metric("closure_rate"), S_YOY) |
				    add_col(r, find_metric("closure_rate"),
				    S_POP);
			rc |= add_col(r, m, S_CUR);
			if (list != NULL && (m->kind == K_COUNT ||
			    m->kind == K_RATE))
				rc |= add_col(r, m, S_YOY) |
				    add_col(r, m, S_POP);
		}
		return rc ? xf_err_set(e, XF_ENOMEM, "out of memory") : 0;
	}
	if ((s = strdup(list)) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (p = s; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		size_t l = strlen(tok);
		const struct metric *m;
		int slot = S_CUR;

		if (l > 4 && strcmp(tok + l - 4, "_yoy") == 0)
			slot = S_YOY;
		else if (l > 4 && strcmp(tok + l - 4, "_pop") == 0)
			slot = S_POP;
		if (slot != S_CUR)
			tok[l - 4] = '\0';
		m = find_metric(tok);
		if (m == NULL || (slot != S_CUR && m->kind != K_COUNT &&
		    m->kind != K_RATE)) {
			xf_err_set(e, XF_ECONFIG, "--metrics: unknown metric "
			    "\"%s%s\"", tok, slot == S_YOY ? "_yoy" :
			    slot == S_POP ? "_pop" : "");
			free(s);
			return -1;
		}
		if (add_col(r, m, slot) < 0) {
			free(s);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
	}
	free(s);
	if (r->ncols == 0)
		return xf_err_set(e, XF_ECONFIG, "--metrics: no metric named");
	return 0;
}

/* The units in tree order (each after its parent, siblings as filed). */
static int
tree_order(struct xf_report *r)
{
	const struct xf_units *u = r->o.units;
	size_t n = xf_units_count(u), k = 0, top = 0;
	const struct xf_unit **stack;

	r->order = calloc(n ? n : 1, sizeof(*r->order));
	stack = calloc(n ? n : 1, sizeof(*stack));
	if (r->order == NULL || stack == NULL) {
		free(stack);
		return -1;
	}
	stack[top++] = xf_units_root(u);
	while (top > 0 && k < n) {
		const struct xf_unit *x = stack[--top];

		r->order[k++] = x;
		/* Children pushed last-first, so they come out as filed. */
		for (size_t i = n; i-- > 0;)
			if (xf_unit_parent(xf_units_at(u, i)) == x && top < n)
				stack[top++] = xf_units_at(u, i);
	}
	r->nunits = k;
	free(stack);
	return 0;
}

struct xf_report *
xf_report_new(const struct xf_report_opts *o, struct xf_err *e)
{
	struct xf_report *r;
	struct xf_time now;
	long from = 0, to = 0;
	int i;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	r->o = *o;
	r->timeby = -1;
	r->group_min = 5;	/* as xf-intake */
	if (o->as_of) {
		if (parse_day(o->as_of, "--as-of", &r->asof, e) < 0)
			goto fail;
	} else {
		xf_time_now(&now);
		r->asof = now.day;
	}
	if (o->period && (o->from || o->to)) {
		xf_err_set(e, XF_ECONFIG, "--period and --from/--to exclude "
		    "each other");
		goto fail;
	}
	if (o->period) {
		if (period_parse(o->period, &r->p) < 0) {
			xf_err_set(e, XF_ECONFIG, "--period: \"%s\" is not a "
			    "year, half, quarter or month (2026, 2026-H1, "
			    "2026-Q3, 2026-10)", o->period);
			goto fail;
		}
	} else if (o->from || o->to) {
		if (!o->from || !o->to) {
			xf_err_set(e, XF_ECONFIG, "--from and --to go "
			    "together");
			goto fail;
		}
		if (parse_day(o->from, "--from", &from, e) < 0 ||
		    parse_day(o->to, "--to", &to, e) < 0)
			goto fail;
		if (to < from) {
			xf_err_set(e, XF_ECONFIG, "--to %s is before --from %s",
			    o->to, o->from);
			goto fail;
		}
		period_days(&r->p, from, to);
	} else {
		int y, m;

		/* The month of the as-of day. */
		xf_date_ymd(r->asof, &y, &m, NULL);
		period_months(&r->p, y, m, 1);
	}
	for (i = 0; i < o->nby; i++) {
		int k;

		for (k = 0; xf_rpt_by_names[k]; k++)
			if (strcmp(xf_rpt_by_names[k], o->by[i]) == 0)
				break;
		if (xf_rpt_by_names[k] == NULL) {
			xf_err_set(e, XF_ECONFIG, "--by: unknown grouping "
			    "\"%s\" (unit, unit-level, category, channel, "
			    "leader, month, quarter)", o->by[i]);
			goto fail;
		}
		for (int j = 0; j < i; j++)
			if (r->by[j] == k || ((k == B_MONTH ||
			    k == B_QUARTER) && r->timeby >= 0)) {
				xf_err_set(e, XF_ECONFIG, "--by %s: given "
				    "twice, or with another of month and "
				    "quarter", o->by[i]);
				goto fail;
			}
		r->by[i] = k;
		if (k == B_MONTH || k == B_QUARTER)
			r->timeby = i;
		if (k == B_LEVEL && o->units == NULL) {
			xf_err_set(e, XF_ECONFIG, "--by unit-level needs the "
			    "unit tree (units.csv in the configuration)");
			goto fail;
		}
	}
	if (o->unit && o->units) {
		if ((r->scope = xf_units_resolve(o->units, o->unit)) == NULL) {
			xf_err_set(e, XF_ECONFIG, "--unit: no unit \"%s\" in "
			    "units.csv", o->unit);
			goto fail;
		}
	}
	if (parse_metrics(r, o->metrics, e) < 0)
		goto fail;
	if (o->units && tree_order(r) < 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	return r;
fail:
	xf_report_free(r);
	return NULL;
}

/* ---- the run -------------------------------------------------------- */

/* The months or quarters of p, clipped to it; n gets how many. */
static struct period *
sub_periods(const struct period *p, int quarter, size_t *n)
{
	struct period *v = NULL, *nv;
	int y, m, step = quarter ? 3 : 1;
	long day;

	*n = 0;
	xf_date_ymd(p->from, &y, &m, NULL);
	m = quarter ? (m - 1) / 3 * 3 + 1 : m;
	for (day = month_first(y, m); day <= p->to;
	    m += step, day = month_first(y, m)) {
		long to = month_first(y, m + step) - 1;

		if ((nv = realloc(v, (*n + 1) * sizeof(*v))) == NULL) {
			free(v);
			return NULL;
		}
		v = nv;
		period_months(&v[*n], y, m, step);
		if (day < p->from || to > p->to)
			period_days(&v[*n], day < p->from ? p->from : day,
			    to > p->to ? p->to : to);
		/* A clipped month still reads 2026-10; a quarter 2026-Q3. */
		{
			struct period whole;

			period_months(&whole, y, m, step);
			memcpy(v[*n].label, whole.label, sizeof(whole.label));
		}
		(*n)++;
	}
	return v;
}


/*
 * The scans each comparison needs: the sums a matter received before a
 * period adds to it (read by X_CLOSED and X_OPEN: closed in it, replies
 * due, backlog ...) and those a further petition adds (X_PETITIONS) are
 * not read for a comparison no column asks of them: the 环比 and 同比 of
 * received and of the closure rate, the default, need X_RECEIVED only.
 * Every scan is read when other groups than units and months can come
 * from the matters read, and for the period itself.
 */
static void
scans_needed(struct xf_report *r, int enumerable)
{
	static const int later[] = { C_CLOSED_IN, C_EVALUATED, C_SATISFIED,
	    C_FOLLOWED_UP, C_FOLLOWUPS, C_REPLIES_DUE, C_ON_TIME, C_BACKLOG,
	    C_OVERDUE };
	static const int pet[] = { C_PETITIONS, C_PETITIONS_PERSONS,
	    C_REPEAT, C_GROUP, C_GROUP_PERSONS, C_ONLINE, C_LEAPFROG,
	    C_LF_MINISTRY, C_LF_PROVINCE, C_LF_CITY };
	int need[NSLOT][NCOUNT] = { { 0 } };

	for (size_t c = 0; c < r->ncols; c++) {
		const struct metric *m = r->cols[c].m;

		if (m->kind == K_COUNT || m->kind == K_RATE)
			need[r->cols[c].slot][m->a] = 1;
		if (m->kind == K_RATE)
			need[r->cols[c].slot][m->b] = 1;
	}
	for (int slot = 0; slot < NSLOT; slot++) {
		r->scans[slot] = 1u << X_RECEIVED;
		if (slot == S_CUR || !enumerable) {
			r->scans[slot] = (1u << NSCAN) - 1;
			continue;
		}
		for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
			if (need[slot][later[i]])
				r->scans[slot] |= 1u << X_CLOSED | 1u << X_OPEN;
		for (size_t i = 0; i < sizeof(pet) / sizeof(pet[0]); i++)
			if (need[slot][pet[i]])
				r->scans[slot] |= 1u << X_PETITIONS;
	}
}

static int
scan_all(struct xf_report *r, struct xf_db *db, const struct period *p,
    struct xf_err *e)
{
	struct period cmp;

	if (xf_rpt_scan(r, db, p, r->asof, S_CUR, e) < 0)
		return -1;
	/* A comparison is judged as long after its period as this one. */
	for (int slot = S_YOY; slot < NSLOT; slot++) {
		if (!r->slots[slot])
			continue;
		period_shift(p, slot == S_YOY, &cmp);
		if (xf_rpt_scan(r, db, &cmp, r->asof - (p->from - cmp.from),
		    slot, e) < 0)
			return -1;
	}
	return 0;
}


int
xf_report_run(struct xf_report *r, struct xf_db *db, struct xf_err *e)
{
	struct period *subs = NULL;
	size_t nsub = 1;
	int enumerable = 1, own, rc = -1;

	if (r->timeby >= 0) {
		subs = sub_periods(&r->p, r->by[r->timeby] == B_QUARTER, &nsub);
		if (subs == NULL) {
			xf_err_set(e, XF_ENOMEM, "out of memory");
			return -1;
		}
	}
	for (int i = 0; i < r->o.nby; i++)
		if (!(r->by[i] == B_UNIT && r->o.units) && i != r->timeby)
			enumerable = 0;
	scans_needed(r, enumerable);
	if (enumerable && xf_rpt_pre_create(r, subs, nsub) < 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto out;
	}
	/*
	 * Read the store's pages in place rather than copying each into the
	 * page cache: a report reads much and writes nothing.  A hint; an
	 * SQLite built without mmap ignores it.
	 */
	if (xf_db_exec(db, "PRAGMA mmap_size = 1073741824", e) < 0)
		goto out;
	/*
	 * One read transaction for every scan: the period and the periods
	 * it is compared with are read from one state of the store, even
	 * while another tool writes to it (a caller's transaction, if
	 * there is one, serves as well).
	 */
	own = sqlite3_get_autocommit(xf_db_handle(db));
	if (own && xf_db_exec(db, "BEGIN", e) < 0)
		goto out;
	for (size_t i = 0; i < nsub; i++) {
		if (subs)
			r->timekey[r->timeby] = subs[i].label;
		if (scan_all(r, db, subs ? &subs[i] : &r->p, e) < 0) {
			if (own)
				sqlite3_exec(xf_db_handle(db), "ROLLBACK",
				    NULL, NULL, NULL);
			goto out;
		}
	}
	if (own && xf_db_exec(db, "COMMIT", e) < 0)
		goto out;
	if (xf_rpt_build(r) < 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(subs);
	return rc;
}

void
xf_report_free(struct xf_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t k = 0; k < r->nout; k++)
			free(r->rows[i][k]);
		free(r->rows[i]);
		free(r->labels[i]);
	}
	for (size_t k = 0; r->names && k < r->nout; k++)
		free(r->names[k]);
	for (size_t i = 0; i < r->ng; i++)
		xf_rpt_group_free(r->g[i], r->o.nby);
	free(r->names);
	free(r->numeric);
	free(r->rows);
	free(r->labels);
	free(r->rowg);
	free(r->g);
	free(r->tab);
	xf_rpt_chains_free(r);
	free(r->order);
	free(r->cols);
	free(r);
}

size_t
xf_report_ncols(const struct xf_report *r)
{
	return r->nout;
}

const char *const *
xf_report_columns(const struct xf_report *r)
{
	return (const char *const *)r->names;
}

size_t
xf_report_nrows(const struct xf_report *r)
{
	return r->nrows;
}

const char *const *
xf_report_row(const struct xf_report *r, size_t i)
{
	return (const char *const *)r->rows[i];
}

int
xf_report_numeric(const struct xf_report *r, size_t i)
{
	return r->numeric[i];
}

const char *
xf_report_period(const struct xf_report *r)
{
	return r->p.label;
}

const char *
xf_report_label(const struct xf_report *r, size_t i)
{
	return r->labels[i];
}

int
xf_report_depth(const struct xf_report *r, size_t i)
{
	return r->rowg[i]->depth;
}

void
xf_report_closure(const struct xf_report *r, size_t i, long long *received,
    long long *accepted, long long *closed, long *t)
{
	const struct group *g = r->rowg[i];

	*received = g->n[S_CUR][C_RECEIVED];
	*accepted = g->n[S_CUR][C_ACCEPTED];
	*closed = g->n[S_CUR][C_CLOSED];
	*t = *received ? (long)xf_rpt_tenths(*closed, *received) : -1;
}

