/*
 * cal.c: the calendar of working days.
 *
 * Saturdays and Sundays are rest days and Monday to Friday working days,
 * except for the special days kept in a sorted array: public holidays
 * (rest days) and make-up working days (调休 补班).  The built-in special
 * days are the State Council schedules for 2025 and 2026; a calendar file
 * replaces them year by year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define CAL_YEAR_MIN	1900
#define CAL_YEAR_MAX	2999

struct special {
	long	day;
	int	work;		/* 1: make-up working day, 0: holiday */
};

struct xf_cal {
	struct special	*v;	/* sorted by day, no day twice */
	size_t		 n;
};

/* A day read from a calendar file, with its line. */
struct entry {
	long	day;
	int	work;
	long	line;
};

/* A run of n days of one kind starting at y-m-d. */
struct run {
	int	y, m, d, n;
	int	work;
};

/*
 * 国务院办公厅 notices on the holiday schedules for 2025 and 2026.
 */
static const struct run builtin[] = {
	/* 2025 */
	{ 2025, 1, 1, 1, 0 },		/* 元旦 */
	{ 2025, 1, 26, 1, 1 },		/* 春节 补班 (Sun) */
	{ 2025, 1, 28, 8, 0 },		/* 春节 Jan 28 - Feb 4 */
	{ 2025, 2, 8, 1, 1 },		/* 春节 补班 (Sat) */
	{ 2025, 4, 4, 3, 0 },		/* 清明 */
	{ 2025, 4, 27, 1, 1 },		/* 劳动节 补班 (Sun) */
	{ 2025, 5, 1, 5, 0 },		/* 劳动节 */
	{ 2025, 5, 31, 3, 0 },		/* 端午 May 31 - Jun 2 */
	{ 2025, 9, 28, 1, 1 },		/* 国庆 补班 (Sun) */
	{ 2025, 10, 1, 8, 0 },		/* 国庆 中秋 */
	{ 2025, 10, 11, 1, 1 },		/* 国庆 补班 (Sat) */
	/* 2026 */
	{ 2026, 1, 1, 3, 0 },		/* 元旦 */
	{ 2026, 1, 4, 1, 1 },		/* 元旦 补班 (Sun) */
	{ 2026, 2, 14, 1, 1 },		/* 春节 补班 (Sat) */
	{ 2026, 2, 15, 9, 0 },		/* 春节 Feb 15 - 23 */
	{ 2026, 2, 28, 1, 1 },		/* 春节 补班 (Sat) */
	{ 2026, 4, 4, 3, 0 },		/* 清明 */
	{ 2026, 5, 1, 5, 0 },		/* 劳动节 */
	{ 2026, 5, 9, 1, 1 },		/* 劳动节 补班 (Sat) */
	{ 2026, 6, 19, 3, 0 },		/* 端午 */
	{ 2026, 9, 20, 1, 1 },		/* 国庆 补班 (Sun) */
	{ 2026, 9, 25, 3, 0 },		/* 中秋 */
	{ 2026, 10, 1, 7, 0 },		/* 国庆 */
	{ 2026, 10, 10, 1, 1 },		/* 国庆 补班 (Sat) */
};

static int
cmpspecial(const void *a, const void *b)
{
	const struct special *x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

static int
cmpentry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The special entry for day, or NULL. */
static const struct special *
lookup(const struct xf_cal *c, long day)
{
	size_t lo = 0, hi = c->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->v[mid].day < day)
			lo = mid + 1;
		else if (c->v[mid].day > day)
			hi = mid;
		else
			return &c->v[mid];
	}
	return NULL;
}

static int
yearof(long day)
{
	int y;

	xf_date_ymd(day, &y, NULL, NULL);
	return y;
}

/*
 * A new calendar with the built-in 2025 and 2026 schedules, or NULL when
 * out of memory.  Free it with xf_cal_free.
 */
struct xf_cal *
xf_cal_new(void)
{
	struct xf_cal *c;
	size_t i, total = 0;
	int k;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		total += (size_t)builtin[i].n;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->v = calloc(total, sizeof(*c->v))) == NULL) {
		free(c);
		return NULL;
	}
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		long first = xf_date_days(builtin[i].y, builtin[i].m,
		    builtin[i].d);

		for (k = 0; k < builtin[i].n; k++) {
			c->v[c->n].day = first + k;
			c->v[c->n].work = builtin[i].work;
			c->n++;
		}
	}
	qsort(c->v, c->n, sizeof(*c->v), cmpspecial);
	return c;
}

/* Free c; NULL is harmless. */
void
xf_cal_free(struct xf_cal *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c);
}

/*
 * 1 if day is a working day: a make-up working day, or a Monday to Friday
 * that is no holiday; else 0.  A NULL calendar knows only weekends.
 */
int
xf_cal_is_workday(const struct xf_cal *c, long day)
{
	const struct special *s;

	if (c != NULL && (s = lookup(c, day)) != NULL)
		return s->work;
	return xf_date_weekday(day) < 5;
}

/*
 * The last day of a period of n calendar days counted from the day after
 * start (start + n), moved on to the next working day when it falls on a
 * rest day.
 */
long
xf_cal_deadline(const struct xf_cal *c, long start, int n)
{
	long day = start + n;

	while (!xf_cal_is_workday(c, day))
		day++;
	return day;
}

/*
 * The n-th working day after start (start itself is not counted); for
 * n < 0 the -n-th working day before it, for n == 0 start itself.
 */
long
xf_cal_add_workdays(const struct xf_cal *c, long start, int n)
{
	long day = start;
	int step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		if (xf_cal_is_workday(c, day))
			n -= step;
	}
	return day;
}

/* ---- loading a calendar file ------------------------------------------ */

/*
 * Field i of the current record without the blanks at its ends ("" past
 * the last field): returns its start, and its length in *n.  Borrowed
 * from in, until the next record.
 */
static const char *
trimmed(const struct xf_csv *in, size_t i, size_t *n)
{
	const char *s = xf_csv_field(in, i, n), *end = s + *n;

	xf_trim(&s, &end);
	*n = (size_t)(end - s);
	return s;
}

/* Copy field i, trimmed, into b.  Returns 0, or -1 when out of memory. */
static int
field(const struct xf_csv *in, size_t i, struct xf_buf *b)
{
	size_t n;
	const char *s = trimmed(in, i, &n);

	xf_buf_reset(b);
	return xf_buf_add(b, s, n);
}

/* 1 if every field of the current record is blank (or there are none). */
static int
blank_record(const struct xf_csv *in)
{
	size_t n;

	for (size_t i = 0; i < xf_csv_nfields(in); i++) {
		trimmed(in, i, &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

/* ASCII case-insensitive equality. */
static int
eqci(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* 1 for a holiday word, 0 for a working-day word, -1 otherwise. */
static int
kindword(const char *s)
{
	static const char *const rest[] = {
		"holiday", "休息", "假日", "节假日", NULL
	};
	static const char *const work[] = {
		"workday", "补班", "上班", "工作日", NULL
	};
	int i;

	for (i = 0; rest[i] != NULL; i++)
		if (eqci(s, rest[i]))
			return 1;
	for (i = 0; work[i] != NULL; i++)
		if (eqci(s, work[i]))
			return 0;
	return -1;
}

static int
isheader(struct xf_buf *f, size_t nf)
{
	if (nf < 2 || nf > 3)
		return 0;
	if (!eqci(f[0].s, "date") && strcmp(f[0].s, "日期") != 0)
		return 0;
	if (!eqci(f[1].s, "kind") && strcmp(f[1].s, "类型") != 0)
		return 0;
	return nf == 2 || eqci(f[2].s, "name") || strcmp(f[2].s, "名称") == 0;
}

/*
 * Read the entries of path into *nvp (*nnewp of them, sorted by day, then
 * line), marking the years they fall in.  Returns 0, or -1 with e set.
 */
static int
read_entries(const char *path, struct entry **nvp, size_t *nnewp,
    unsigned char *years, struct xf_err *e)
{
	struct xf_csv *in;
	struct xf_buf f[3] = { { 0 } };
	struct xf_time t;
	struct xf_err de;
	struct entry *nv = NULL, *tmp;
	size_t nnew = 0, capnew = 0, nf, i;
	long line;
	int kind, header = 0, rc = -1, got;

	if ((in = xf_csv_open(path, NULL, e)) == NULL) {
		if (e && e->code != XF_ENOMEM)
			e->code = XF_ECONFIG;
		return -1;
	}
	while ((got = xf_csv_read(in, e)) > 0) {
		line = xf_csv_line(in);
		nf = xf_csv_nfields(in);
		for (i = 0; i < nf; i++) {
			size_t len;
			const char *s = xf_csv_field(in, i, &len);

			if (memchr(s, '\0', len) != NULL) {
				xf_err_set(e, XF_ECONFIG, "%s:%ld: NUL byte in "
				    "line", path, line);
				goto out;
			}
		}
		if (xf_csv_toolong(in) >= 0) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: field longer than "
			    "%d bytes", path, line, XF_FIELD_MAX);
			goto out;
		}
		for (i = 0; i < 3; i++)
			if (field(in, i, &f[i]) < 0) {
				xf_err_set(e, XF_ENOMEM, "%s: out of memory",
				    path);
				goto out;
			}
		/* Blank records, and comments: a first field starting #. */
		if (f[0].s[0] == '#' || blank_record(in))
			continue;
		if (!header) {
			if (!isheader(f, nf)) {
				xf_err_set(e, XF_ECONFIG, "%s:%ld: expected "
				    "the header date,kind[,name]", path, line);
				goto out;
			}
			header = 1;
			continue;
		}
		if (nf < 2) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: expected "
			    "date,kind[,name]", path, line);
			goto out;
		}
		if (xf_date_parse(f[0].s, XF_DATE_YMD, &t, &de) == -1) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: %s", path, line,
			    de.msg);
			goto out;
		}
		if (t.sec != -1) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: \"%s\" is a date "
			    "with a time of day; give the date alone", path,
			    line, f[0].s);
			goto out;
		}
		if (yearof(t.day) < CAL_YEAR_MIN ||
		    yearof(t.day) > CAL_YEAR_MAX) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: \"%s\": year outside "
			    "%d..%d", path, line, f[0].s, CAL_YEAR_MIN,
			    CAL_YEAR_MAX);
			goto out;
		}
		if ((kind = kindword(f[1].s)) == -1) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: unknown kind \"%s\": "
			    "use holiday or workday", path, line, f[1].s);
			goto out;
		}
		if (nnew == capnew) {
			capnew = capnew ? capnew * 2 : 64;
			if (capnew > (size_t)-1 / sizeof(*nv) ||
			    (tmp = realloc(nv, capnew * sizeof(*nv))) == NULL) {
				xf_err_set(e, XF_ENOMEM, "%s: out of memory",
				    path);
				goto out;
			}
			nv = tmp;
		}
		nv[nnew].day = t.day;
		nv[nnew].work = kind == 0;
		nv[nnew].line = line;
		nnew++;
		years[yearof(t.day) - CAL_YEAR_MIN] = 1;
	}
	if (got < 0) {
		/* The reader's message already reads "path:line: ...". */
		if (e && e->code != XF_ENOMEM)
			e->code = XF_ECONFIG;
		goto out;
	}
	if (!header) {
		xf_err_set(e, XF_ECONFIG, "%s: empty file; expected the header "
		    "date,kind[,name]", path);
		goto out;
	}
	if (nnew > 0)
		qsort(nv, nnew, sizeof(*nv), cmpentry);
	*nvp = nv;
	*nnewp = nnew;
	nv = NULL;
	rc = 0;
out:
	free(nv);
	for (i = 0; i < 3; i++)
		xf_buf_free(&f[i]);
	xf_csv_free(in);
	return rc;
}

/*
 * Replace c's special days for every year path mentions by the entries of
 * path, a CSV file (xf-csv(5), read by xf_csv_read) with the header
 * date,kind[,name] and one day per record (kind holiday or workday; 休息
 * 假日 节假日 and 补班 上班 工作日 too).  Blank lines and records whose
 * first field starts with # are skipped; a UTF-8 BOM, CR LF line ends and
 * quoted fields are fine; fields past the third are ignored.  Returns 0,
 * or -1 with e set ("path:line: message", XF_ECONFIG; XF_ENOMEM) and c
 * unchanged.
 */
int
xf_cal_load(struct xf_cal *c, const char *path, struct xf_err *e)
{
	struct entry *nv = NULL;
	struct special *merged;
	size_t nnew = 0, i, k;
	unsigned char years[CAL_YEAR_MAX - CAL_YEAR_MIN + 1];

	if (path == NULL)
		return xf_err_set(e, XF_ECONFIG, "no calendar file given");
	memset(years, 0, sizeof(years));
	if (read_entries(path, &nv, &nnew, years, e) < 0)
		return -1;
	for (i = 1; i < nnew; i++) {
		if (nv[i].day == nv[i - 1].day && nv[i].work !=
		    nv[i - 1].work) {
			char buf[11];

			xf_err_set(e, XF_ECONFIG, "%s:%ld: %s is a %s here "
			    "but a %s on line %ld", path, nv[i].line,
			    xf_date_fmt(nv[i].day, buf),
			    nv[i].work ? "working day" : "holiday",
			    nv[i].work ? "holiday" : "working day",
			    nv[i - 1].line);
			free(nv);
			return -1;
		}
	}

	/* Keep the old entries of other years, add the new ones. */
	if ((merged = calloc(c->n + nnew + 1, sizeof(*merged))) == NULL) {
		free(nv);
		return xf_err_set(e, XF_ENOMEM, "%s: out of memory", path);
	}
	k = 0;
	for (i = 0; i < c->n; i++)
		if (!years[yearof(c->v[i].day) - CAL_YEAR_MIN])
			merged[k++] = c->v[i];
	for (i = 0; i < nnew; i++) {
		if (i > 0 && nv[i].day == nv[i - 1].day)
			continue;
		merged[k].day = nv[i].day;
		merged[k].work = nv[i].work;
		k++;
	}
	qsort(merged, k, sizeof(*merged), cmpspecial);
	free(c->v);
	c->v = merged;
	c->n = k;
	free(nv);
	return 0;
}
