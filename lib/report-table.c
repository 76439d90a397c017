/*
 * report-table.c: the figures of a report from its sums, exactly (rates
 * rounded half up in integers), its ranks, and the result table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/* ---- exact figures -------------------------------------------------- */

/*
 * num / den as a percentage in tenths, rounded half away from zero, in
 * integer arithmetic; den must not be 0.
 */
long long
xf_rpt_tenths(long long num, long long den)
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

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * The k-th smallest of d's days (from 0).  Days are few distinct values,
 * so they are counted rather than sorted, in as many counters as the
 * largest day needs (a month's matters span some tens of days: zeroing
 * all MAXDAY counters for every median cost more than the counting); a
 * list with a day past MAXDAY (an odd import) is sorted instead.
 */
#define MAXDAY 4096
static long
nth(const struct days *d, size_t k)
{
	size_t count[MAXDAY], seen = 0;
	long max = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i] < 0 || d->v[i] >= MAXDAY) {
			qsort(d->v, d->n, sizeof(*d->v), cmp_long);
			return d->v[k];
		}
		if (d->v[i] > max)
			max = d->v[i];
	}
	memset(count, 0, (max + 1) * sizeof(*count));
	for (size_t i = 0; i < d->n; i++)
		count[d->v[i]]++;
	for (long v = 0; v <= max; v++)
		if ((seen += count[v]) > k)
			return v;
	return 0;
}

/* A group's closure rate as num/den; 0 when it received no matter. */
static int
closure(const struct group *g, long long *num, long long *den)
{
	*num = g->n[S_CUR][C_CLOSED];
	*den = g->n[S_CUR][C_RECEIVED];
	return *den > 0;
}

/*
 * Do units a and b rank together?  Children of one parent do; the top of
 * the report (the root, or --unit) ranks alone; units the tree does not
 * know (NULL) rank among themselves.
 */
static int
unit_siblings(const struct xf_report *r, const struct xf_unit *a,
    const struct xf_unit *b)
{
	int ta = a && (a == r->scope || xf_unit_parent(a) == NULL);
	int tb = b && (b == r->scope || xf_unit_parent(b) == NULL);

	if (ta || tb || a == NULL || b == NULL)
		return a == b;
	return xf_unit_parent(a) == xf_unit_parent(b);
}

static int
siblings(const struct xf_report *r, const struct group *a,
    const struct group *b)
{
	int last = r->o.nby - 1;

	for (int i = 0; i < last; i++)
		if (strcmp(a->keys[i], b->keys[i]) != 0)
			return 0;
	/* Units rank among those of the same parent; the top of the
	 * report alone; units the tree does not know among themselves. */
	if (last >= 0 && r->by[last] == B_UNIT)
		return unit_siblings(r, a->unit[last], b->unit[last]);
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
		return tenths_fmt(xf_rpt_tenths(cur[m->a] - old[m->a],
		    old[m->a]), buf, n);
	case K_RATE:
		if (cur[m->b] == 0)
			return "";
		if (c->slot == S_CUR)
			return tenths_fmt(xf_rpt_tenths(cur[m->a], cur[m->b]),
			    buf, n);
		if (old[m->b] == 0)
			return "";
		/* The difference in points of the rates as shown. */
		return tenths_fmt(xf_rpt_tenths(cur[m->a], cur[m->b]) -
		    xf_rpt_tenths(old[m->a], old[m->b]), buf, n);
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
		if (d->n % 2)
			return tenths_fmt(nth(d, d->n / 2) * 10LL, buf, n);
		return tenths_fmt((nth(d, d->n / 2 - 1) + nth(d, d->n / 2)) *
		    5LL, buf, n);
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
int
xf_rpt_build(struct xf_report *r)
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
			    "unit_level" : xf_rpt_by_names[r->by[i]]);
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
		row[k++] = strdup(r->p.label);
		lb.len = 0;
		for (int d = 0; d < r->o.nby; d++) {
			const char *lab = r->by[d] == B_UNIT ?
			    unit_label(g, d) : *g->keys[d] ? g->keys[d] :
			    "(none)";

			if (r->by[d] == B_UNIT)
				row[k++] = strdup(g->keys[d]);
			row[k++] = strdup(r->by[d] == B_UNIT ?
			    unit_label(g, d) : g->keys[d]);
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

