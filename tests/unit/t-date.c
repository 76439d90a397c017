/*
 * t-date.c: unit tests of date.c (parsing, day arithmetic, formatting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

/*
 * Parse s with order and return "YYYY-MM-DD[ HH:MM:SS]", or "ERR" with
 * the message in e.
 */
static const char *
parse(const char *s, int order, struct xf_err *e)
{
	static char buf[64];
	struct xf_time t;

	memset(e, 0, sizeof(*e));
	if (xf_date_parse(s, order, &t, e) == -1)
		return "ERR";
	return xf_time_fmt(&t, buf);
}

static void
accepts(const char *s, int order, const char *want)
{
	struct xf_err e;

	is_str(parse(s, order, &e), want, "\"%s\" -> %s", s, want);
}

/* s is rejected with a message containing each of the words. */
static void
rejects(const char *s, int order, const char *w1, const char *w2)
{
	struct xf_err e;
	const char *r;

	r = parse(s, order, &e);
	ok(strcmp(r, "ERR") == 0 && e.code == XF_EROW &&
	    strstr(e.msg, w1) != NULL && (w2 == NULL ||
	    strstr(e.msg, w2) != NULL), "\"%s\" rejected: %s", s,
	    strcmp(r, "ERR") == 0 ? e.msg : r);
}

int
main(void)
{
	struct xf_time t;
	struct xf_err e;
	char buf[32];
	int y, m, d;
	long day;

	/* Day arithmetic. */
	is_int(xf_date_days(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int((int)xf_fffd_at("ab\xEF\xBF\xBD" "c", 6), 2, "U+FFFD found at its byte");
	is_int((int)xf_fffd_at("\xEF\xBF\xEF\xBF\xBD", 5), 2,
	    "U+FFFD found after a lead byte that starts no U+FFFD");
	is_int((int)xf_fffd_at("a\xEF\xBF", 3), 3, "a cut U+FFFD at the end is none");
	is_int((int)xf_fffd_at("\xEF\xBF\xBD", 2), 2, "only len bytes are read");
	is_int(xf_date_days(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_int(xf_date_days(1900, 1, 1), -25567, "1900-01-01 is day -25567");
	is_int(xf_date_days(2026, 2, 29), -1, "2026-02-29 is no date");
	is_int(xf_date_days(2024, 2, 29), 19782, "2024-02-29 is a date");
	is_int(xf_date_days(2100, 2, 29), -1, "2100 is no leap year");
	is_int(xf_date_days(2026, 13, 1), -1, "month 13 is no date");
	is_int(xf_date_days(2026, 4, 31), -1, "April 31 is no date");
	is_int(xf_date_days(2026, 1, 0), -1, "day 0 is no date");

	/* Every day from 1900 to 2999 goes round trip and weekdays cycle. */
	{
		long first = xf_date_days(1900, 1, 1);
		long last = xf_date_days(2999, 12, 31);
		int bad = 0, wbad = 0;

		for (day = first; day <= last; day++) {
			xf_date_ymd(day, &y, &m, &d);
			if (xf_date_days(y, m, d) != day)
				bad++;
			if (xf_date_weekday(day) !=
			    (xf_date_weekday(day - 1) + 1) % 7)
				wbad++;
		}
		is_int(bad, 0, "day -> y-m-d -> day round trip 1900..2999");
		is_int(wbad, 0, "weekdays follow each other");
	}
	xf_date_ymd(xf_date_days(2026, 11, 22), &y, &m, &d);
	ok(y == 2026 && m == 11 && d == 22, "xf_date_ymd 2026-11-22");
	is_int(xf_date_weekday(0), 3, "1970-01-01 was a Thursday");
	is_int(xf_date_weekday(xf_date_days(2026, 10, 3)), 5,
	    "2026-10-03 is a Saturday");
	is_int(xf_date_weekday(xf_date_days(2026, 10, 8)), 3,
	    "2026-10-08 is a Thursday");
	is_int(xf_date_weekday(xf_date_days(1900, 1, 1)), 0,
	    "1900-01-01 was a Monday");
	is_str(xf_date_fmt(xf_date_days(2026, 1, 5), buf), "2026-01-05",
	    "xf_date_fmt pads");
	t.day = xf_date_days(2026, 11, 22);
	t.sec = 8 * 3600 + 30 * 60 + 5;
	is_str(xf_time_fmt(&t, buf), "2026-11-22 08:30:05", "xf_time_fmt");
	t.sec = -1;
	is_str(xf_time_fmt(&t, buf), "2026-11-22",
	    "xf_time_fmt without time of day");

	/* Forms accepted in every order. */
	accepts("2026-11-22", XF_DATE_YMD, "2026-11-22");
	accepts("  2026-11-22\t", XF_DATE_YMD, "2026-11-22");
	accepts("\xE3\x80\x80" "2026-11-22" "\xE3\x80\x80", XF_DATE_YMD,
	    "2026-11-22");
	accepts("2026-11-22 08:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22 8:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22 08:30:15", XF_DATE_YMD, "2026-11-22 08:30:15");
	accepts("2026-11-22  23:59:59", XF_DATE_YMD, "2026-11-22 23:59:59");
	accepts("2026-11-22T08:30:00", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22T08:30:00Z", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22T08:30:00+08:00", XF_DATE_YMD,
	    "2026-11-22 08:30:00");
	accepts("2026-11-22T08:30:00-0500", XF_DATE_YMD,
	    "2026-11-22 08:30:00");
	accepts("2026-11-22T08:30:00.123Z", XF_DATE_YMD,
	    "2026-11-22 08:30:00");
	accepts("2026-11-22T08:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22 08:30:00 +0800", XF_DATE_YMD,
	    "2026-11-22 08:30:00");
	accepts("2026-11-22 08:30:00+08", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026/11/22", XF_DATE_YMD, "2026-11-22");
	accepts("2026/11/22 08:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026/1/5 8:05:09", XF_DATE_YMD, "2026-01-05 08:05:09");
	accepts("2026.11.22", XF_DATE_YMD, "2026-11-22");
	accepts("20261122", XF_DATE_YMD, "2026-11-22");
	accepts("20261122 08:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026年11月22日", XF_DATE_YMD, "2026-11-22");
	accepts("2026年11月22号", XF_DATE_YMD, "2026-11-22");
	accepts("2026年11月22日 08:30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026年11月22日8时30分", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026年11月22日 8时30分15秒", XF_DATE_YMD,
	    "2026-11-22 08:30:15");
	accepts("2026年11月22日 08时", XF_DATE_YMD, "2026-11-22 08:00:00");
	accepts("2026年11月22日 14点5分", XF_DATE_YMD, "2026-11-22 14:05:00");
	accepts("2026年1月5日", XF_DATE_YMD, "2026-01-05");
	accepts("2026-1-5", XF_DATE_YMD, "2026-01-05");
	accepts("2026-11-22 08：30", XF_DATE_YMD, "2026-11-22 08:30:00");
	accepts("2026-11-22 00:00", XF_DATE_YMD, "2026-11-22 00:00:00");
	accepts("2024-02-29", XF_DATE_YMD, "2024-02-29");
	accepts("1900-01-01", XF_DATE_YMD, "1900-01-01");
	accepts("2999-12-31", XF_DATE_YMD, "2999-12-31");
	accepts("2026-11-22", XF_DATE_MDY, "2026-11-22");
	accepts("2026-11-22 08:30", XF_DATE_DMY, "2026-11-22 08:30:00");

	/* Month and day first. */
	accepts("12/25/2013", XF_DATE_MDY, "2013-12-25");
	accepts("12/25/2013 11:59:08 PM", XF_DATE_MDY, "2013-12-25 23:59:08");
	accepts("12/25/2013 11:59:08 pm", XF_DATE_MDY, "2013-12-25 23:59:08");
	accepts("12/25/2013 11:59:08PM", XF_DATE_MDY, "2013-12-25 23:59:08");
	accepts("12/25/2013 12:00:00 AM", XF_DATE_MDY, "2013-12-25 00:00:00");
	accepts("12/25/2013 12:30 PM", XF_DATE_MDY, "2013-12-25 12:30:00");
	accepts("12/25/2013 1:05 a.m.", XF_DATE_MDY, "2013-12-25 01:05:00");
	accepts("12/25/2013 23:59", XF_DATE_MDY, "2013-12-25 23:59:00");
	accepts("1/5/2026", XF_DATE_MDY, "2026-01-05");
	accepts("25/12/2013", XF_DATE_DMY, "2013-12-25");
	accepts("25/12/2013 11:59:08 PM", XF_DATE_DMY, "2013-12-25 23:59:08");
	accepts("5/1/2026 08:00", XF_DATE_DMY, "2026-01-05 08:00:00");
	accepts("25.12.2013", XF_DATE_DMY, "2013-12-25");

	/* No time of day: sec is -1. */
	memset(&t, 0, sizeof(t));
	ok(xf_date_parse("2026-11-22", XF_DATE_YMD, &t, &e) == 0 &&
	    t.sec == -1 && t.day == xf_date_days(2026, 11, 22),
	    "date alone gives sec -1");
	ok(xf_date_parse("2026-11-22 00:00:00", XF_DATE_YMD, &t, &e) == 0 &&
	    t.sec == 0, "midnight gives sec 0");
	ok(xf_date_parse("2026-11-22 23:59:59", XF_DATE_YMD, &t, &e) == 0 &&
	    t.sec == 86399, "23:59:59 gives sec 86399");

	/* Rejections. */
	rejects("2026-02-30", XF_DATE_YMD, "invalid date \"2026-02-30\"", NULL);
	rejects("2025-02-29", XF_DATE_YMD, "invalid date \"2025-02-29\"", NULL);
	rejects("2026-13-01", XF_DATE_YMD, "invalid date \"2026-13-01\"", NULL);
	rejects("2026-00-10", XF_DATE_YMD, "invalid date", NULL);
	rejects("2026-11-00", XF_DATE_YMD, "invalid date", NULL);
	rejects("2026-11-22 25:00", XF_DATE_YMD,
	    "invalid date \"2026-11-22 25:00\"", NULL);
	rejects("2026-11-22 24:00", XF_DATE_YMD, "invalid date", NULL);
	rejects("2026-11-22 08:60", XF_DATE_YMD,
	    "invalid date \"2026-11-22 08:60\"", NULL);
	rejects("2026-11-22 08:30:60", XF_DATE_YMD, "invalid date", NULL);
	rejects("2026年2月30日", XF_DATE_YMD, "invalid date \"2026年2月30日\"",
	    NULL);
	rejects("20261322", XF_DATE_YMD, "invalid date", NULL);
	rejects("1899-12-31", XF_DATE_YMD, "invalid date", "1900");
	rejects("3000-01-01", XF_DATE_YMD, "invalid date", "2999");
	rejects("12/25/2013", XF_DATE_YMD, "12/25/2013",
	    "--date-order mdy|dmy");
	rejects("25/12/2013", XF_DATE_MDY, "invalid date \"25/12/2013\"",
	    NULL);
	rejects("12/25/2013", XF_DATE_DMY, "invalid date \"12/25/2013\"",
	    NULL);
	rejects("12/25/2013 13:00 PM", XF_DATE_MDY, "invalid date", NULL);
	rejects("12/25/2013 0:30 AM", XF_DATE_MDY, "invalid date", NULL);
	rejects("", XF_DATE_YMD, "empty", NULL);
	rejects("   ", XF_DATE_YMD, "empty", NULL);
	rejects("yesterday", XF_DATE_YMD, "unrecognised date \"yesterday\"",
	    NULL);
	rejects("2026-11", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22-", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11/22", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-111-22", XF_DATE_YMD, "unrecognised", NULL);
	rejects("26-11-22", XF_DATE_YMD, "unrecognised", NULL);
	rejects("12/25/13", XF_DATE_MDY, "unrecognised", NULL);
	rejects("2026-11-22 08", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22 8:3", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22 08:30 tomorrow", XF_DATE_YMD, "unrecognised",
	    NULL);
	rejects("2026-11-2208:30", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22T", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22 08:30 Z", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22 08:30:00+8:00", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22Z", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026年11月", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026年11月22日8时30", XF_DATE_YMD, "unrecognised", NULL);
	rejects("202611221", XF_DATE_YMD, "unrecognised", NULL);
	rejects("2026-11-22 08:30x", XF_DATE_YMD, "unrecognised", NULL);

	/* A long text is quoted shortened, on a character boundary. */
	{
		char big[400];

		memset(big, 0, sizeof(big));
		for (y = 0; y < 100; y++)
			memcpy(big + 3 * y, "日", 3);
		parse(big, XF_DATE_YMD, &e);
		ok(strlen(e.msg) < 200 && strstr(e.msg, "...") != NULL &&
		    xf_utf8_valid(e.msg, strlen(e.msg)),
		    "long text quoted shortened and still UTF-8");
	}

	/* Now. */
	xf_time_now(&t);
	ok(t.day > xf_date_days(2020, 1, 1) && t.sec >= 0 && t.sec < 86400,
	    "xf_time_now gives a plausible day and second");
	setenv("TZ", "UTC0", 1);
	{
		struct xf_time u, k;

		xf_time_now(&u);
		setenv("TZ", "XYZ-14", 1);	/* UTC+14 */
		xf_time_now(&k);
		ok((k.day - u.day) * 86400 + (k.sec - u.sec) >= 14 * 3600 - 5 &&
		    (k.day - u.day) * 86400 + (k.sec - u.sec) <= 14 * 3600 + 5,
		    "xf_time_now follows TZ");
	}

	return tap_done();
}
