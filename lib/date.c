/*
 * date.c: days, times of day and the text forms they come in.
 *
 * A day is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar.  The conversions are the days_from_civil and civil_from_days
 * algorithms (H. Hinnant), so no mktime and no time zone are involved for
 * dates; only xf_time_now asks the C library for the local time.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xf-int.h"

#define YEAR_MIN	1900
#define YEAR_MAX	2999
#define SHOWMAX		80	/* bytes of the input quoted in a message */

/* A read position in the text being parsed. */
struct cur {
	const char	*p;
	const char	*end;
};

static int
isleap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int
mdays(long y, int m)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && isleap(y) ? 29 : n[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d. */
static long
civil_days(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Days since 1970-01-01 for y-m-d (years 1 to 9999), or -1 if month or
 * day are out of range for that year.  Note that -1 is also 1969-12-31,
 * which is a valid but never a useful date here.
 */
long
xf_date_days(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays(y, m))
		return -1;
	return civil_days(y, m, d);
}

/* Split a day number into year, month (1..12) and day; NULLs are skipped. */
void
xf_date_ymd(long day, int *y, int *m, int *d)
{
	long z, era, doe, yoe, doy, mp, yy, mm, dd;

	z = day + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dd = doy - (153 * mp + 2) / 5 + 1;
	mm = mp < 10 ? mp + 3 : mp - 9;
	yy += mm <= 2;
	if (y != NULL)
		*y = (int)yy;
	if (m != NULL)
		*m = (int)mm;
	if (d != NULL)
		*d = (int)dd;
}

/* Day of the week of a day number: 0 Monday ... 6 Sunday. */
int
xf_date_weekday(long day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* Write v (0-99) as two digits at p. */
static void
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* Write day as "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *
xf_date_fmt(long day, char *buf)
{
	int y, m, d;

	xf_date_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	/* By hand: snprintf was a measurable part of a --history intake. */
	put2(buf, (unsigned)y / 100 % 100);
	put2(buf + 2, (unsigned)y % 100);
	buf[4] = '-';
	put2(buf + 5, (unsigned)m % 100);
	buf[7] = '-';
	put2(buf + 8, (unsigned)d % 100);
	buf[10] = '\0';
	return buf;
}

/*
 * Write t as "YYYY-MM-DD HH:MM:SS", or as "YYYY-MM-DD" when it has no time
 * of day (sec < 0), into buf (at least 20 bytes); returns buf.
 */
char *
xf_time_fmt(const struct xf_time *t, char *buf)
{
	long s;

	xf_date_fmt(t->day, buf);
	if (t->sec < 0)
		return buf;
	s = t->sec % 86400;
	buf[10] = ' ';
	put2(buf + 11, (unsigned)(s / 3600) % 24);
	buf[13] = ':';
	put2(buf + 14, (unsigned)(s / 60 % 60));
	buf[16] = ':';
	put2(buf + 17, (unsigned)(s % 60));
	buf[19] = '\0';
	return buf;
}

/* Fill t with the current day and second of the day in the local zone. */
void
xf_time_now(struct xf_time *t)
{
	struct tm tm;
	time_t now;
	int sec;

	tzset();	/* localtime_r need not look at TZ again */
	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL) {
		/* Out of range for struct tm: fall back to UTC days. */
		t->day = (long)(now / 86400);
		t->sec = (long)(now % 86400);
		return;
	}
	sec = tm.tm_sec > 59 ? 59 : tm.tm_sec;	/* leap second */
	t->day = civil_days(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday);
	t->sec = tm.tm_hour * 3600L + tm.tm_min * 60L + sec;
}

/* ---- parsing ---------------------------------------------------------- */

/* Length of the blank that ends just before end, or 0. */
static size_t
blankbefore(const char *start, const char *end)
{
	size_t k;

	for (k = 1; k <= 3 && (size_t)(end - start) >= k; k++)
		if (xf_blank_len(end - k, end) == k)
			return k;
	return 0;
}

/* Skip blanks; returns how many bytes were skipped. */
static size_t
skipblanks(struct cur *c)
{
	const char *p0 = c->p;
	size_t n;

	while ((n = xf_blank_len(c->p, c->end)) > 0)
		c->p += n;
	return (size_t)(c->p - p0);
}

/* Length of the run of ASCII digits at c. */
static int
digitrun(const struct cur *c)
{
	const char *p;

	for (p = c->p; p < c->end && *p >= '0' && *p <= '9'; p++)
		continue;
	return (int)(p - c->p);
}

/*
 * Read the whole run of digits at c into v when it has min to max
 * digits; returns 0, or -1 (c unchanged) otherwise.
 */
static int
num(struct cur *c, int min, int max, int *v)
{
	int n, i, x = 0;

	n = digitrun(c);
	if (n < min || n > max)
		return -1;
	for (i = 0; i < n; i++)
		x = x * 10 + (c->p[i] - '0');
	c->p += n;
	*v = x;
	return 0;
}

/* Read exactly n digits at c (more may follow); returns the value. */
static int
fixed(struct cur *c, int n)
{
	int i, x = 0;

	for (i = 0; i < n; i++)
		x = x * 10 + (c->p[i] - '0');
	c->p += n;
	return x;
}

/* Consume lit if the text at c starts with it; returns 1 if it did. */
static int
eat(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* As eat, ignoring the case of ASCII letters. */
static int
eatci(struct cur *c, const char *lit)
{
	size_t i, n = strlen(lit);

	if ((size_t)(c->end - c->p) < n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)c->p[i];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != (unsigned char)lit[i])
			return 0;
	}
	c->p += n;
	return 1;
}

/* Consume one of the date separators - / . and return it, or 0. */
static int
datesep(struct cur *c)
{
	if (c->p < c->end && (*c->p == '-' || *c->p == '/' || *c->p == '.'))
		return *c->p++;
	return 0;
}


/* Read an optional time-zone suffix: Z, +08, +0800 or +08:00. */
static int
zone(struct cur *c)
{
	int v;

	if (eatci(c, "z"))
		return 0;
	if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
		return 0;
	c->p++;
	if (digitrun(c) == 4)
		return num(c, 4, 4, &v);
	if (num(c, 2, 2, &v) == -1)
		return -1;
	if (eat(c, ":") && num(c, 2, 2, &v) == -1)
		return -1;
	return 0;
}

/*
 * Read a time of day: H:MM, H:MM:SS (with an ignored fraction), or
 * H时[M分[S秒]] (点 for 时), then an optional AM/PM and an optional zone
 * offset, which is ignored.  ampm is set to 0, 1 (AM) or 2 (PM).
 * Returns 0 or -1 on a syntax error.
 */
static int
timeofday(struct cur *c, int *hh, int *mm, int *ss, int *ampm)
{
	const char *save;
	int frac;

	*mm = *ss = *ampm = 0;
	if (num(c, 1, 2, hh) == -1)
		return -1;
	if (eat(c, ":") || eat(c, "\xEF\xBC\x9A")) {	/* full-width colon */
		if (num(c, 2, 2, mm) == -1)
			return -1;
		if (eat(c, ":") || eat(c, "\xEF\xBC\x9A")) {
			if (num(c, 2, 2, ss) == -1)
				return -1;
			if ((eat(c, ".") || eat(c, ",")) &&
			    num(c, 1, 9, &frac) == -1)
				return -1;
		}
	} else if (eat(c, "时") || eat(c, "点")) {
		if (num(c, 1, 2, mm) == 0) {
			if (!eat(c, "分"))
				return -1;
			if (num(c, 1, 2, ss) == 0 && !eat(c, "秒"))
				return -1;
		}
	} else
		return -1;

	save = c->p;
	skipblanks(c);
	if (eatci(c, "a.m.") || eatci(c, "am"))
		*ampm = 1;
	else if (eatci(c, "p.m.") || eatci(c, "pm"))
		*ampm = 2;
	else
		c->p = save;
	save = c->p;
	skipblanks(c);
	if (c->p == save || (c->p < c->end && (*c->p == '+' || *c->p == '-')))
		return zone(c);
	c->p = save;
	return 0;
}

/*
 * The input quoted for a message into show (SHOWMAX + 4 bytes), built only
 * when a message is: most dates are good.
 */
static const char *
quoted(const char *b, const char *end, char *show)
{
	xf_excerpt(b, end, show, SHOWMAX);
	return show;
}

/*
 * Parse s into t (see xf.h for the forms).  Returns 0, or -1 with e set
 * (XF_EROW, no column) when the text is no date in a known form, names an
 * impossible date or time, or a year outside 1900..2999.
 */
int
xf_date_parse(const char *s, int order, struct xf_time *t, struct xf_err *e)
{
	struct cur c;
	const char *b, *end, *how = "";
	char show[SHOWMAX + 4];
	int y = 0, m = 0, d = 0, a, a2, hh = 0, mm = 0, ss = 0, ampm = 0;
	int sep, cn = 0, timed = 0, run;
	size_t n;

	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	while ((n = xf_blank_len(b, end)) > 0)
		b += n;
	while ((n = blankbefore(b, end)) > 0)
		end -= n;
	if (b == end)
		return xf_err_set(e, XF_EROW, "empty date");
	c.p = b;
	c.end = end;

	run = digitrun(&c);
	if (run == 8) {
		y = fixed(&c, 4);
		m = fixed(&c, 2);
		d = fixed(&c, 2);
	} else if (run == 4) {
		y = fixed(&c, 4);
		if (eat(&c, "年")) {
			cn = 1;
			if (num(&c, 1, 2, &m) == -1 || !eat(&c, "月") ||
			    num(&c, 1, 2, &d) == -1)
				goto syntax;
			if (!eat(&c, "日"))
				(void)eat(&c, "号");
		} else if ((sep = datesep(&c)) != 0) {
			if (num(&c, 1, 2, &m) == -1 || datesep(&c) != sep ||
			    num(&c, 1, 2, &d) == -1)
				goto syntax;
		} else
			goto syntax;
	} else if (run == 1 || run == 2) {
		(void)num(&c, 1, 2, &a);
		if ((sep = datesep(&c)) == 0 || num(&c, 1, 2, &a2) == -1 ||
		    datesep(&c) != sep || num(&c, 4, 4, &y) == -1)
			goto syntax;
		if (order == XF_DATE_MDY) {
			m = a;
			d = a2;
			how = " (read as month/day/year)";
		} else if (order == XF_DATE_DMY) {
			d = a;
			m = a2;
			how = " (read as day/month/year)";
		} else
			return xf_err_set(e, XF_EROW, "ambiguous date \"%s\": "
			    "use --date-order mdy|dmy, or write YYYY-MM-DD",
			    quoted(b, end, show));
	} else
		goto syntax;

	if (c.p < c.end) {
		if (eatci(&c, "t")) {
			/* ISO 8601: the time follows at once. */
		} else if (skipblanks(&c) == 0 && !cn)
			goto syntax;
		if (timeofday(&c, &hh, &mm, &ss, &ampm) == -1)
			goto syntax;
		timed = 1;
		skipblanks(&c);
		if (c.p != c.end)
			goto syntax;
	}

	if (y < YEAR_MIN || y > YEAR_MAX)
		return xf_err_set(e, XF_EROW, "invalid date \"%s\": year "
		    "outside %d..%d", quoted(b, end, show), YEAR_MIN, YEAR_MAX);
	if (m < 1 || m > 12 || d < 1 || d > mdays(y, m))
		return xf_err_set(e, XF_EROW, "invalid date \"%s\"%s",
		    quoted(b, end, show), how);
	if (ampm != 0) {
		if (hh < 1 || hh > 12)
			return xf_err_set(e, XF_EROW, "invalid date \"%s\": "
			    "hour %d with AM/PM", quoted(b, end, show), hh);
		hh = hh % 12 + (ampm == 2 ? 12 : 0);
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return xf_err_set(e, XF_EROW, "invalid date \"%s\": no such "
		    "time of day", quoted(b, end, show));

	t->day = civil_days(y, m, d);
	t->sec = timed ? hh * 3600L + mm * 60L + ss : -1;
	return 0;

syntax:
	return xf_err_set(e, XF_EROW, "unrecognised date \"%s\" (use "
	    "YYYY-MM-DD [HH:MM[:SS]])", quoted(b, end, show));
}
