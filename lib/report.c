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
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/* A period: days from and to, inclusive. */
struct period {
	long from, to;
	int months;		/* whole months it spans, or 0 */
	char label[32];		/* 2026, 2026-H1, 2026-Q3, 2026-10, or a..b */
};

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
	int y, n, len;
	char c;

	if (sscanf(s, "%4d%n", &y, &len) != 1 || len != 4 || y < 1000)
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
	if (sscanf(s, "%2d%n%c", &n, &len, &c) != 1 || len != 2 || n < 1 ||
	    n > 12)
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

/* ---- exact figures -------------------------------------------------- */

/*
 * num / den as a percentage in tenths, rounded half away from zero, in
 * integer arithmetic; den must not be 0.
 */
static long long
tenths(long long num, long long den)
{
	int neg = (num < 0) != (den < 0);
	unsigned long long n, d;

	n = num < 0 ? -(unsigned long long)num : (unsigned long long)num;
	d = den < 0 ? -(unsigned long long)den : (unsigned long long)den;
	n = (n * 2000 + d) / (2 * d);
	return neg ? -(long long)n : (long long)n;
}

/* Write tenths t as "97.6", "-16.6", "0.0" into buf (>= 32 bytes). */
static char *
tenths_fmt(long long t, char *buf, size_t n)
{
	unsigned long long a = t < 0 ? -(unsigned long long)t :
	    (unsigned long long)t;

	snprintf(buf, n, "%s%llu.%llu", t < 0 ? "-" : "", a / 10, a % 10);
	return buf;
}

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

enum { K_COUNT, K_RATE, K_MEAN, K_MEDIAN, K_RANK };

/* The metrics, in the order of the output. */
static const struct metric {
	const char *name;
	int kind;
	int a, b;		/* count, or numerator and denominator; days */
	int dflt;		/* in the default set */
} metrics[] = {
	{ "received", K_COUNT, C_RECEIVED, 0, 1 },
	{ "received_persons", K_COUNT, C_RECEIVED_PERSONS, 0, 1 },
	{ "petitions", K_COUNT, C_PETITIONS, 0, 1 },
	{ "petitions_persons", K_COUNT, C_PETITIONS_PERSONS, 0, 1 },
	{ "accepted", K_COUNT, C_ACCEPTED, 0, 1 },
	{ "forwarded", K_COUNT, C_FORWARDED, 0, 1 },
	{ "referred", K_COUNT, C_REFERRED, 0, 1 },
	{ "not_accepted", K_COUNT, C_NOT_ACCEPTED, 0, 1 },
	{ "closed", K_COUNT, C_CLOSED, 0, 1 },
	{ "closure_rate", K_RATE, C_CLOSED, C_ACCEPTED, 1 },
	{ "resolved", K_COUNT, C_RESOLVED, 0, 1 },
	{ "resolution_rate", K_RATE, C_RESOLVED, C_ACCEPTED, 1 },
	{ "replies_due", K_COUNT, C_REPLIES_DUE, 0, 1 },
	{ "replied_on_time", K_COUNT, C_ON_TIME, 0, 1 },
	{ "on_time_rate", K_RATE, C_ON_TIME, C_REPLIES_DUE, 1 },
	{ "triages_due", K_COUNT, C_TRIAGES_DUE, 0, 1 },
	{ "triaged_on_time", K_COUNT, C_TRIAGED_ON_TIME, 0, 1 },
	{ "timely_triage_rate", K_RATE, C_TRIAGED_ON_TIME, C_TRIAGES_DUE, 1 },
	{ "closed_in_period", K_COUNT, C_CLOSED_IN, 0, 1 },
	{ "evaluated", K_COUNT, C_EVALUATED, 0, 1 },
	{ "participation_rate", K_RATE, C_EVALUATED, C_CLOSED_IN, 1 },
	{ "satisfied", K_COUNT, C_SATISFIED, 0, 1 },
	{ "satisfaction_rate", K_RATE, C_SATISFIED, C_EVALUATED, 1 },
	{ "repeat_petitions", K_COUNT, C_REPEAT, 0, 1 },
	{ "repeat_rate", K_RATE, C_REPEAT, C_PETITIONS, 1 },
	{ "group_petitions", K_COUNT, C_GROUP, 0, 1 },
	{ "group_persons", K_COUNT, C_GROUP_PERSONS, 0, 1 },
	{ "leapfrog", K_COUNT, C_LEAPFROG, 0, 1 },
	{ "leapfrog_ministry", K_COUNT, C_LF_MINISTRY, 0, 1 },
	{ "leapfrog_province", K_COUNT, C_LF_PROVINCE, 0, 1 },
	{ "leapfrog_city", K_COUNT, C_LF_CITY, 0, 1 },
	{ "backlog", K_COUNT, C_BACKLOG, 0, 1 },
	{ "overdue", K_COUNT, C_OVERDUE, 0, 1 },
	{ "triage_days_mean", K_MEAN, D_TRIAGE, 0, 1 },
	{ "triage_days_median", K_MEDIAN, D_TRIAGE, 0, 1 },
	{ "reply_days_mean", K_MEAN, D_REPLY, 0, 1 },
	{ "reply_days_median", K_MEDIAN, D_REPLY, 0, 1 },
	{ "first_triage_days_mean", K_MEAN, D_TRIAGE_FIRST, 0, 1 },
	{ "first_triage_days_median", K_MEDIAN, D_TRIAGE_FIRST, 0, 1 },
	{ "first_reply_days_mean", K_MEAN, D_REPLY_FIRST, 0, 1 },
	{ "first_reply_days_median", K_MEDIAN, D_REPLY_FIRST, 0, 1 },
	{ "online", K_COUNT, C_ONLINE, 0, 1 },
	{ "online_share", K_RATE, C_ONLINE, C_PETITIONS, 1 },
	{ "followed_up", K_COUNT, C_FOLLOWED_UP, 0, 1 },
	{ "followups", K_COUNT, C_FOLLOWUPS, 0, 1 },
	{ "followup_share", K_RATE, C_FOLLOWED_UP, C_CLOSED_IN, 1 },
	{ "rank", K_RANK, 0, 0, 1 },
};
#define NMETRIC (sizeof(metrics) / sizeof(metrics[0]))

/* The comparisons: the period itself, a year earlier, the one before. */
enum { S_CUR, S_YOY, S_POP, NSLOT };

/* A column of metrics: metric m compared as slot (S_CUR: itself). */
struct mcol {
	const struct metric *m;
	int slot;
};

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

/* What one record adds to its groups. */
struct delta {
	long long n[NCOUNT];
	long d[NDAYS];		/* -1: none */
	int any;
};

enum { B_UNIT, B_LEVEL, B_CATEGORY, B_CHANNEL, B_LEADER, B_MONTH,
    B_QUARTER };

static const char *const by_names[] = { "unit", "unit-level", "category",
    "channel", "leader", "month", "quarter", NULL };

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

	struct group **g;
	size_t ng, gcap;
	size_t *tab;		/* hash table of group indexes + 1 */
	size_t tabcap;
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
	char *tmp[XF_REPORT_MAXBY];	/* current record's time key */
};

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
			    "\"%s%s\" (see xf-report(1), METRICS)", tok,
			    slot == S_YOY ? "_yoy" : slot == S_POP ? "_pop" :
			    "");
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
			xf_err_set(e, XF_ECONFIG, "--from and --to go together");
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

		for (k = 0; by_names[k]; k++)
			if (strcmp(by_names[k], o->by[i]) == 0)
				break;
		if (by_names[k] == NULL) {
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

/* ---- groups --------------------------------------------------------- */

static void
group_free(struct group *g, int nby)
{
	if (g == NULL)
		return;
	for (int i = 0; i < nby; i++)
		free(g->keys[i]);
	for (int i = 0; i < NDAYS; i++)
		free(g->d[i].v);
	free(g->keys);
	free(g->unit);
	free(g->key);
	free(g);
}

static int
tab_grow(struct xf_report *r)
{
	size_t cap = r->tabcap ? r->tabcap * 2 : 256, *t;

	if ((t = calloc(cap, sizeof(*t))) == NULL)
		return -1;
	for (size_t i = 0; i < r->ng; i++) {
		const char *k = r->g[i]->key;
		size_t h = xf_hash(XF_HASH_INIT, k, strlen(k)) & (cap - 1);

		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	free(r->tab);
	r->tab = t;
	r->tabcap = cap;
	return 0;
}

/*
 * The group of key (keys joined by \037), made when new from the parts
 * and units; NULL when memory ran out.
 */
static struct group *
group_get(struct xf_report *r, const char *key, size_t len,
    const char *const *parts, const struct xf_unit *const *units)
{
	struct group *g;
	size_t h;

	if (r->tabcap == 0 || r->ng * 2 >= r->tabcap)
		if (tab_grow(r) < 0)
			return NULL;
	h = xf_hash(XF_HASH_INIT, key, len) & (r->tabcap - 1);
	for (; r->tab[h]; h = (h + 1) & (r->tabcap - 1)) {
		g = r->g[r->tab[h] - 1];
		if (strncmp(g->key, key, len) == 0 && g->key[len] == '\0')
			return g;
	}
	if (r->ng == r->gcap) {
		size_t cap = r->gcap ? r->gcap * 2 : 64;
		struct group **ng = realloc(r->g, cap * sizeof(*ng));

		if (ng == NULL)
			return NULL;
		r->g = ng;
		r->gcap = cap;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->keys = calloc(r->o.nby + 1, sizeof(*g->keys));
	g->unit = calloc(r->o.nby + 1, sizeof(*g->unit));
	g->key = strndup(key, len);
	if (g->keys == NULL || g->unit == NULL || g->key == NULL) {
		group_free(g, 0);
		return NULL;
	}
	g->nby = r->o.nby;
	for (int i = 0; i < r->o.nby; i++) {
		g->unit[i] = units[i];
		if ((g->keys[i] = strdup(parts[i])) == NULL) {
			group_free(g, i);
			return NULL;
		}
	}
	r->g[r->ng++] = g;
	r->tab[h] = r->ng;
	return g;
}

static int
days_add(struct days *d, long v)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		long *nv = realloc(d->v, cap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		d->v = nv;
		d->cap = cap;
	}
	d->v[d->n++] = v;
	return 0;
}

static int
group_add(struct group *g, int slot, const struct delta *dl)
{
	for (int i = 0; i < NCOUNT; i++)
		g->n[slot][i] += dl->n[i];
	if (slot == S_CUR)
		for (int i = 0; i < NDAYS; i++)
			if (dl->d[i] >= 0 && days_add(&g->d[i], dl->d[i]) < 0)
				return -1;
	return 0;
}

/* A record's values of the groupings, as the scans read them. */
struct rec {
	const char *unit_code, *unit, *leader, *category, *channel;
};

/*
 * Add dl to every group the record belongs to: the product of its keys,
 * a unit standing for itself and each of its ancestors up to the top of
 * the report.  Returns 0, or -1 when memory ran out.
 */
static int
spread(struct xf_report *r, const struct rec *rc, int slot,
    const struct delta *dl, int dim, struct xf_buf *key,
    const char **parts, const struct xf_unit **units)
{
	const struct xf_unit *u = NULL;
	const char *v = "";
	size_t mark = key->len;
	int rcode = 0;

	if (dim == r->o.nby) {
		struct group *g = group_get(r, key->s ? key->s : "", key->len,
		    parts, units);

		return g == NULL ? -1 : group_add(g, slot, dl);
	}
	switch (r->by[dim]) {
	case B_UNIT:
		if (r->o.units && rc->unit_code &&
		    (u = xf_units_get(r->o.units, rc->unit_code)) != NULL) {
			for (; u != NULL; u = xf_unit_parent(u)) {
				parts[dim] = xf_unit_code(u);
				units[dim] = u;
				key->len = mark;
				if (xf_buf_adds(key, parts[dim]) < 0 ||
				    xf_buf_add(key, "\037", 1) < 0 ||
				    spread(r, rc, slot, dl, dim + 1, key, parts,
				    units) < 0)
					return -1;
				if (u == r->scope)
					break;
			}
			key->len = mark;
			return 0;
		}
		v = rc->unit_code ? rc->unit_code : rc->unit ? rc->unit : "";
		break;
	case B_LEVEL:
		if (r->o.units && rc->unit_code &&
		    (u = xf_units_get(r->o.units, rc->unit_code)) != NULL)
			v = xf_unit_level(u);
		u = NULL;
		break;
	case B_CATEGORY: v = rc->category; break;
	case B_CHANNEL: v = rc->channel; break;
	case B_LEADER: v = rc->leader; break;
	default: v = r->tmp[dim]; break;
	}
	parts[dim] = v ? v : "";
	units[dim] = NULL;
	if (xf_buf_adds(key, parts[dim]) < 0 ||
	    xf_buf_add(key, "\037", 1) < 0)
		return -1;
	rcode = spread(r, rc, slot, dl, dim + 1, key, parts, units);
	key->len = mark;
	return rcode;
}

/* ---- the scans ------------------------------------------------------ */

/* The day of a stored date or time ("YYYY-MM-DD..."), or -1 for NULL. */
static long
dayof(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	int y, m, d;

	if (s == NULL || sqlite3_column_bytes(st, i) < 10)
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return xf_date_days(y, m, d);
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int
eq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

static void
leapfrog(struct delta *dl, const char *level)
{
	dl->n[C_LEAPFROG]++;
	if (eq(level, "ministry"))
		dl->n[C_LF_MINISTRY]++;
	else if (eq(level, "province"))
		dl->n[C_LF_PROVINCE]++;
	else if (eq(level, "city"))
		dl->n[C_LF_CITY]++;
}

/* Persons that make a petition a group petition (集体访), as xf-intake. */
#define GROUP_MIN 5

/* A petition received in the period: the first of a matter or a later one. */
static void
petition(struct delta *dl, long persons, const char *channel, int repeat)
{
	dl->n[C_PETITIONS]++;
	dl->n[C_PETITIONS_PERSONS] += persons;
	if (repeat)
		dl->n[C_REPEAT]++;
	if (persons >= GROUP_MIN) {
		dl->n[C_GROUP]++;
		dl->n[C_GROUP_PERSONS] += persons;
	}
	if (eq(channel, "online"))
		dl->n[C_ONLINE]++;
}

#define CASE_COLS "received_at, channel, persons, leapfrog_level, " \
	"first_petition, status, disposition, triaged_at, triage_deadline, " \
	"accepted_at, deadline, extended_deadline, replied_at, closed_at, " \
	"resolved, resolved_at, satisfaction, evaluated_at, followups, " \
	"unit_code, unit, leader, category"
enum {
	Q_RECEIVED, Q_CHANNEL, Q_PERSONS, Q_LEAPFROG, Q_FIRST, Q_STATUS,
	Q_DISPOSITION, Q_TRIAGED, Q_TRIAGE_DL, Q_ACCEPTED, Q_DEADLINE,
	Q_EXT_DEADLINE, Q_REPLIED, Q_CLOSED, Q_RESOLVED, Q_RESOLVED_AT,
	Q_SATISFACTION, Q_EVALUATED, Q_FOLLOWUPS, Q_UNIT_CODE, Q_UNIT,
	Q_LEADER, Q_CATEGORY
};

/*
 * What the matter in the current row of st adds to period p judged on
 * day asof (see xf-report(1), METRICS, for each line).
 */
static void
judge_case(sqlite3_stmt *st, const struct period *p, long asof,
    struct delta *dl)
{
	long recv, end, closed, replied, eff, tday, tdl, rday;
	const char *disp, *status;
	int acc, first;

	memset(dl, 0, sizeof(*dl));
	for (int i = 0; i < NDAYS; i++)
		dl->d[i] = -1;
	recv = dayof(st, Q_RECEIVED);
	end = p->to < asof ? p->to : asof;
	if (recv < 0 || recv > asof)
		return;
	disp = text(st, Q_DISPOSITION);
	status = text(st, Q_STATUS);
	acc = eq(disp, "accept");
	first = sqlite3_column_int(st, Q_FIRST);
	/* What happened after the as-of day has not happened yet. */
	if ((closed = dayof(st, Q_CLOSED)) > asof)
		closed = -1;
	if ((replied = dayof(st, Q_REPLIED)) > asof)
		replied = -1;
	if ((eff = dayof(st, Q_EXT_DEADLINE)) < 0)
		eff = dayof(st, Q_DEADLINE);
	if (recv >= p->from && recv <= end) {
		long persons = sqlite3_column_int64(st, Q_PERSONS);

		dl->any = 1;
		dl->n[C_RECEIVED]++;
		dl->n[C_RECEIVED_PERSONS] += persons;
		petition(dl, persons, text(st, Q_CHANNEL), !first);
		if (text(st, Q_LEAPFROG))
			leapfrog(dl, text(st, Q_LEAPFROG));
		if (acc) {
			long res;

			dl->n[C_ACCEPTED]++;
			if (closed >= 0)
				dl->n[C_CLOSED]++;
			if ((res = dayof(st, Q_RESOLVED_AT)) < 0)
				res = closed;
			if (sqlite3_column_int(st, Q_RESOLVED) == 1 &&
			    closed >= 0 && res <= asof)
				dl->n[C_RESOLVED]++;
		} else if (eq(disp, "forward"))
			dl->n[C_FORWARDED]++;
		else if (eq(disp, "refer"))
			dl->n[C_REFERRED]++;
		else if (eq(disp, "not-accept"))
			dl->n[C_NOT_ACCEPTED]++;
		/* Triage: when recorded, else acceptance, else receipt
		 * (a history import's triage event). */
		if ((tday = dayof(st, Q_TRIAGED)) < 0)
			tday = acc ? dayof(st, Q_ACCEPTED) : disp ? recv : -1;
		if (tday > asof)
			tday = -1;
		tdl = dayof(st, Q_TRIAGE_DL);
		if (tday >= 0) {
			dl->n[C_TRIAGES_DUE]++;
			if (tdl < 0 || tday <= tdl)
				dl->n[C_TRIAGED_ON_TIME]++;
			dl->d[D_TRIAGE] = tday - recv;
			if (first)
				dl->d[D_TRIAGE_FIRST] = tday - recv;
		} else if (tdl >= 0 && tdl < asof)
			dl->n[C_TRIAGES_DUE]++;
	}
	if (acc && closed >= p->from && closed <= end) {
		const char *sat = text(st, Q_SATISFACTION);
		long ev = dayof(st, Q_EVALUATED), fu;

		dl->any = 1;
		dl->n[C_CLOSED_IN]++;
		if (sat && ev <= asof) {
			dl->n[C_EVALUATED]++;
			if (eq(sat, "satisfied") || eq(sat, "basically-satisfied"))
				dl->n[C_SATISFIED]++;
		}
		if ((fu = sqlite3_column_int64(st, Q_FOLLOWUPS)) > 0) {
			dl->n[C_FOLLOWED_UP]++;
			dl->n[C_FOLLOWUPS] += fu;
		}
		rday = replied >= 0 ? replied : closed;
		if (eff >= 0) {
			dl->n[C_REPLIES_DUE]++;
			if (rday <= eff)
				dl->n[C_ON_TIME]++;
		}
		if (rday >= recv) {
			dl->d[D_REPLY] = rday - recv;
			if (first)
				dl->d[D_REPLY_FIRST] = rday - recv;
		}
	}
	/* Open at the end of the period: accepted or not yet triaged. */
	if ((acc || (disp == NULL && eq(status, "registered"))) &&
	    recv <= end && (closed < 0 || closed > end)) {
		long dl_day = acc ? eff : dayof(st, Q_TRIAGE_DL);

		dl->any = 1;
		dl->n[C_BACKLOG]++;
		if (dl_day >= 0 && dl_day < end)
			dl->n[C_OVERDUE]++;
		if (acc && eff >= p->from && eff < end)
			dl->n[C_REPLIES_DUE]++;
	}
}

/* Is the record's unit within the report (--unit)? */
static int
in_scope(const struct xf_report *r, const struct rec *rc)
{
	if (r->o.unit == NULL)
		return 1;
	if (r->scope == NULL)	/* no unit tree: the code or name as stored */
		return eq(rc->unit_code, r->o.unit) || eq(rc->unit, r->o.unit);
	return rc->unit_code && xf_unit_within(xf_units_get(r->o.units,
	    rc->unit_code), r->scope);
}

/* Judge every matter and petition that may count in p into slot. */
static int
scan(struct xf_report *r, struct xf_db *db, const struct period *p,
    long asof, int slot, struct xf_err *e)
{
	static const char cases_sql[] = "SELECT " CASE_COLS " FROM cases "
	    "WHERE (received_at >= ?1 AND received_at < ?2) OR "
	    "closed_at >= ?1 OR status IN ('registered', 'accepted', "
	    "'assigned')";
	static const char pet_sql[] = "SELECT p.received_at, p.channel, "
	    "p.persons, p.is_leapfrog, p.level_received, c.unit_code, "
	    "c.unit, c.leader, c.category FROM petitions p JOIN cases c "
	    "USING (case_no) WHERE p.received_at >= ?1 AND "
	    "p.received_at < ?2";
	const char *parts[XF_REPORT_MAXBY];
	const struct xf_unit *units[XF_REPORT_MAXBY];
	struct xf_buf key = { 0 };
	sqlite3 *h = xf_db_handle(db);
	sqlite3_stmt *st = NULL;
	char lo[16], hi[16];
	struct delta dl;
	struct rec rc;
	long end = p->to < asof ? p->to : asof;
	int src;

	if (p->from > end)
		return 0;	/* nothing of it has happened by the as-of day */
	xf_date_fmt(p->from, lo);
	xf_date_fmt(end + 1, hi);
	for (src = 0; src < 2; src++) {
		if (sqlite3_prepare_v2(h, src ? pet_sql : cases_sql, -1, &st,
		    NULL) != SQLITE_OK)
			goto dbfail;
		sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
		for (;;) {
			int rcode = sqlite3_step(st);

			if (rcode == SQLITE_DONE)
				break;
			if (rcode != SQLITE_ROW)
				goto dbfail;
			if (src == 0) {
				judge_case(st, p, asof, &dl);
				rc.channel = text(st, Q_CHANNEL);
				rc.unit_code = text(st, Q_UNIT_CODE);
				rc.unit = text(st, Q_UNIT);
				rc.leader = text(st, Q_LEADER);
				rc.category = text(st, Q_CATEGORY);
			} else {
				memset(&dl, 0, sizeof(dl));
				for (int i = 0; i < NDAYS; i++)
					dl.d[i] = -1;
				dl.any = 1;
				petition(&dl, sqlite3_column_int64(st, 2),
				    text(st, 1), 1);
				if (sqlite3_column_int(st, 3))
					leapfrog(&dl, text(st, 4));
				rc.channel = text(st, 1);
				rc.unit_code = text(st, 5);
				rc.unit = text(st, 6);
				rc.leader = text(st, 7);
				rc.category = text(st, 8);
			}
			if (!dl.any || !in_scope(r, &rc))
				continue;
			key.len = 0;
			if (spread(r, &rc, slot, &dl, 0, &key, parts,
			    units) < 0) {
				xf_err_set(e, XF_ENOMEM, "out of memory");
				goto fail;
			}
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	xf_buf_free(&key);
	return 0;
dbfail:
	xf_db_fail(db, e, "reading the cases");
fail:
	sqlite3_finalize(st);
	xf_buf_free(&key);
	return -1;
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
 * Make the groups that must be shown even when nothing counts in them:
 * every unit of the report and every month or quarter, when the
 * groupings are only these (and the one group of a report without).
 */
static int
pre_create(struct xf_report *r, const struct period *subs, size_t nsub,
    int dim, struct xf_buf *key, const char **parts,
    const struct xf_unit **units)
{
	size_t mark = key->len;

	if (dim == r->o.nby)
		return group_get(r, key->s ? key->s : "", key->len, parts,
		    units) ? 0 : -1;
	if (r->by[dim] == B_UNIT) {
		for (size_t i = 0; i < r->nunits; i++) {
			const struct xf_unit *u = r->order[i];

			if (r->scope && !xf_unit_within(u, r->scope))
				continue;
			parts[dim] = xf_unit_code(u);
			units[dim] = u;
			key->len = mark;
			if (xf_buf_adds(key, parts[dim]) < 0 ||
			    xf_buf_add(key, "\037", 1) < 0 ||
			    pre_create(r, subs, nsub, dim + 1, key, parts,
			    units) < 0)
				return -1;
		}
	} else {
		for (size_t i = 0; i < nsub; i++) {
			parts[dim] = subs[i].label;
			units[dim] = NULL;
			key->len = mark;
			if (xf_buf_adds(key, parts[dim]) < 0 ||
			    xf_buf_add(key, "\037", 1) < 0 ||
			    pre_create(r, subs, nsub, dim + 1, key, parts,
			    units) < 0)
				return -1;
		}
	}
	key->len = mark;
	return 0;
}

static int
scan_all(struct xf_report *r, struct xf_db *db, const struct period *p,
    struct xf_err *e)
{
	struct period cmp;

	if (scan(r, db, p, r->asof, S_CUR, e) < 0)
		return -1;
	/* A comparison is judged as long after its period as this one. */
	for (int slot = S_YOY; slot < NSLOT; slot++) {
		if (!r->slots[slot])
			continue;
		period_shift(p, slot == S_YOY, &cmp);
		if (scan(r, db, &cmp, r->asof - (p->from - cmp.from), slot,
		    e) < 0)
			return -1;
	}
	return 0;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* A group's closure rate as num/den; 0 when it has no accepted matter. */
static int
closure(const struct group *g, long long *num, long long *den)
{
	*num = g->n[S_CUR][C_CLOSED];
	*den = g->n[S_CUR][C_ACCEPTED];
	return *den > 0;
}

static int
siblings(const struct xf_report *r, const struct group *a,
    const struct group *b)
{
	int last = r->o.nby - 1;

	for (int i = 0; i < last; i++)
		if (strcmp(a->keys[i], b->keys[i]) != 0)
			return 0;
	if (last >= 0 && r->by[last] == B_UNIT && a->unit[last] &&
	    b->unit[last])
		return xf_unit_parent(a->unit[last]) ==
		    xf_unit_parent(b->unit[last]);
	return 1;
}

/* Rank by closure rate, highest first, among siblings (1, 2, 2, 4). */
static void
rank_groups(struct xf_report *r)
{
	for (size_t i = 0; i < r->ng; i++) {
		struct group *g = r->g[i];
		long long a, b, c, d;

		g->rank = 0;
		if (!closure(g, &a, &b))
			continue;
		g->rank = 1;
		for (size_t j = 0; j < r->ng; j++)
			if (j != i && siblings(r, g, r->g[j]) &&
			    closure(r->g[j], &c, &d) && c * b > a * d)
				g->rank++;
	}
}

static int
group_cmp(const void *pa, const void *pb)
{
	const struct group *a = *(struct group *const *)pa;
	const struct group *b = *(struct group *const *)pb;
	int nby = a->nby;

	for (int i = 0; i < nby; i++) {
		int c;

		if (a->ord[i] != b->ord[i])
			return a->ord[i] < b->ord[i] ? -1 : 1;
		/* Empty keys ("(none)") last. */
		if (!*a->keys[i] != !*b->keys[i])
			return *a->keys[i] ? -1 : 1;
		if ((c = strcmp(a->keys[i], b->keys[i])) != 0)
			return c;
	}
	return 0;
}

/* Cell of metric column c for group g, into buf (>= 32 bytes). */
static const char *
cell(const struct xf_report *r, const struct group *g, const struct mcol *c,
    char *buf, size_t n)
{
	const struct metric *m = c->m;
	const long long *cur = g->n[S_CUR], *old = g->n[c->slot];
	const struct days *d;

	switch (m->kind) {
	case K_COUNT:
		if (c->slot == S_CUR) {
			snprintf(buf, n, "%lld", cur[m->a]);
			return buf;
		}
		if (old[m->a] == 0)
			return "";
		return tenths_fmt(tenths(cur[m->a] - old[m->a], old[m->a]),
		    buf, n);
	case K_RATE:
		if (cur[m->b] == 0)
			return "";
		if (c->slot == S_CUR)
			return tenths_fmt(tenths(cur[m->a], cur[m->b]), buf, n);
		if (old[m->b] == 0)
			return "";
		/* The difference in points of the rates as shown. */
		return tenths_fmt(tenths(cur[m->a], cur[m->b]) -
		    tenths(old[m->a], old[m->b]), buf, n);
	case K_MEAN:
	case K_MEDIAN:
		d = &g->d[m->a];
		if (d->n == 0)
			return "";
		if (m->kind == K_MEAN) {
			long long sum = 0;

			for (size_t i = 0; i < d->n; i++)
				sum += d->v[i];
			return tenths_fmt((sum * 20 + (long long)d->n) /
			    (2 * (long long)d->n), buf, n);
		}
		qsort(d->v, d->n, sizeof(*d->v), cmp_long);
		if (d->n % 2)
			return tenths_fmt(d->v[d->n / 2] * 10LL, buf, n);
		return tenths_fmt((d->v[d->n / 2 - 1] + d->v[d->n / 2]) * 5LL,
		    buf, n);
	case K_RANK:
		if (g->rank == 0)
			return "";
		snprintf(buf, n, "%ld", g->rank);
		return buf;
	}
	return "";
}

static const char *
unit_label(const struct group *g, int i)
{
	return g->unit[i] ? xf_unit_name(g->unit[i]) : *g->keys[i] ?
	    g->keys[i] : "(none)";
}

/* The result table from the groups. */
static int
build(struct xf_report *r)
{
	size_t nkey = 1, k;
	struct xf_buf lb = { 0 };
	const struct xf_unit *top = r->scope ? r->scope :
	    r->o.units ? xf_units_root(r->o.units) : NULL;

	for (int i = 0; i < r->o.nby; i++)
		nkey += r->by[i] == B_UNIT ? 2 : 1;
	r->nout = nkey + r->ncols;
	r->names = calloc(r->nout, sizeof(*r->names));
	r->numeric = calloc(r->nout, sizeof(*r->numeric));
	r->rows = calloc(r->ng + 1, sizeof(*r->rows));
	r->labels = calloc(r->ng + 1, sizeof(*r->labels));
	r->rowg = calloc(r->ng + 1, sizeof(*r->rowg));
	if (!r->names || !r->numeric || !r->rows || !r->labels || !r->rowg)
		return -1;
	k = 0;
	r->names[k++] = strdup("period");
	for (int i = 0; i < r->o.nby; i++) {
		if (r->by[i] == B_UNIT) {
			r->names[k++] = strdup("unit_code");
			r->names[k++] = strdup("unit_name");
		} else
			r->names[k++] = strdup(r->by[i] == B_LEVEL ?
			    "unit_level" : by_names[r->by[i]]);
	}
	for (size_t c = 0; c < r->ncols; c++) {
		char name[64];

		snprintf(name, sizeof(name), "%s%s", r->cols[c].m->name,
		    r->cols[c].slot == S_YOY ? "_yoy" :
		    r->cols[c].slot == S_POP ? "_pop" : "");
		r->numeric[k] = 1;
		r->names[k++] = strdup(name);
	}
	for (k = 0; k < r->nout; k++)
		if (r->names[k] == NULL)
			return -1;
	/* Sort keys: units in tree order, unresolved ones after. */
	for (size_t i = 0; i < r->ng; i++) {
		struct group *g = r->g[i];

		for (int d = 0; d < r->o.nby; d++) {
			g->ord[d] = 0;
			if (r->by[d] != B_UNIT)
				continue;
			g->ord[d] = (long)r->nunits;
			for (size_t u = 0; u < r->nunits; u++)
				if (r->order[u] == g->unit[d])
					g->ord[d] = (long)u;
			if (g->unit[d] && top && g->depth == 0)
				g->depth = xf_unit_depth(g->unit[d]) -
				    xf_unit_depth(top);
		}
	}
	qsort(r->g, r->ng, sizeof(*r->g), group_cmp);
	rank_groups(r);
	for (size_t i = 0; i < r->ng; i++) {
		struct group *g = r->g[i];
		char **row, buf[64];

		if ((row = calloc(r->nout, sizeof(*row))) == NULL)
			return -1;
		r->rows[r->nrows] = row;
		r->rowg[r->nrows++] = g;
		k = 0;
		row[k++] = strdup(r->timeby >= 0 ? g->keys[r->timeby] :
		    r->p.label);
		lb.len = 0;
		for (int d = 0; d < r->o.nby; d++) {
			const char *lab = r->by[d] == B_UNIT ? unit_label(g, d) :
			    *g->keys[d] ? g->keys[d] : "(none)";

			if (r->by[d] == B_UNIT)
				row[k++] = strdup(g->keys[d]);
			row[k++] = strdup(r->by[d] == B_UNIT ? unit_label(g, d) :
			    g->keys[d]);
			if ((d > 0 && xf_buf_adds(&lb, " / ") < 0) ||
			    xf_buf_adds(&lb, lab) < 0)
				return -1;
		}
		if (r->o.nby == 0 && xf_buf_adds(&lb, "all") < 0)
			return -1;
		if ((r->labels[i] = strndup(lb.s, lb.len)) == NULL)
			return -1;
		for (size_t c = 0; c < r->ncols; c++)
			row[k++] = strdup(cell(r, g, &r->cols[c], buf,
			    sizeof(buf)));
		for (k = 0; k < r->nout; k++)
			if (row[k] == NULL)
				return -1;
	}
	xf_buf_free(&lb);
	return 0;
}

int
xf_report_run(struct xf_report *r, struct xf_db *db, struct xf_err *e)
{
	const char *parts[XF_REPORT_MAXBY];
	const struct xf_unit *units[XF_REPORT_MAXBY];
	struct period *subs = NULL;
	struct xf_buf key = { 0 };
	size_t nsub = 1;
	int enumerable = 1, rc = -1;

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
	if (enumerable && pre_create(r, subs, nsub, 0, &key, parts,
	    units) < 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nsub; i++) {
		if (subs)
			r->tmp[r->timeby] = subs[i].label;
		if (scan_all(r, db, subs ? &subs[i] : &r->p, e) < 0)
			goto out;
	}
	if (build(r) < 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	xf_buf_free(&key);
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
		group_free(r->g[i], r->o.nby);
	free(r->names);
	free(r->numeric);
	free(r->rows);
	free(r->labels);
	free(r->rowg);
	free(r->g);
	free(r->tab);
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
	*t = *accepted ? (long)tenths(*closed, *accepted) : -1;
}
