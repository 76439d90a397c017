/*
 * t-cal.c: unit tests of cal.c (working days, deadlines, calendar files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "tap.h"

static long
D(const char *s)
{
	struct xf_time t;
	struct xf_err e;

	if (xf_date_parse(s, XF_DATE_YMD, &t, &e) == -1) {
		printf("Bail out! bad date in test: %s\n", e.msg);
		exit(2);
	}
	return t.day;
}

static const char *
S(long day)
{
	static char buf[4][11];
	static int i;

	i = (i + 1) % 4;
	return xf_date_fmt(day, buf[i]);
}

/* Write len bytes to a new temporary file; returns its path (static). */
static const char *
tmpfile_withn(const char *text, size_t len)
{
	static char path[4][64];
	static int i;
	const char *dir;
	FILE *fp;
	int fd;

	i = (i + 1) % 4;
	if ((dir = getenv("TMPDIR")) == NULL || strlen(dir) > 40)
		dir = "/tmp";
	snprintf(path[i], sizeof(path[i]), "%s/t-cal.XXXXXX", dir);
	if ((fd = mkstemp(path[i])) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		printf("Bail out! cannot make a temporary file\n");
		exit(2);
	}
	if (fwrite(text, 1, len, fp) != len || fclose(fp) != 0) {
		printf("Bail out! cannot write a temporary file\n");
		exit(2);
	}
	return path[i];
}

static const char *
tmpfile_with(const char *text)
{
	return tmpfile_withn(text, strlen(text));
}

/* Loading len bytes fails with a message containing want. */
static void
load_failsn(const char *text, size_t len, const char *want,
    const char *desc)
{
	struct xf_cal *c = xf_cal_new();
	struct xf_err e;
	const char *path = tmpfile_withn(text, len);
	char pfx[80];
	int r;

	memset(&e, 0, sizeof(e));
	r = xf_cal_load(c, path, &e);
	snprintf(pfx, sizeof(pfx), "%s:", path);
	ok(r == -1 && e.code == XF_ECONFIG && strncmp(e.msg, pfx,
	    strlen(pfx)) == 0 && strstr(e.msg, want) != NULL, "%s: %s", desc,
	    r == -1 ? e.msg : "loaded");
	/* The calendar is left as it was. */
	ok(!xf_cal_is_workday(c, D("2026-10-05")) &&
	    xf_cal_is_workday(c, D("2026-10-10")),
	    "%s: calendar unchanged", desc);
	unlink(path);
	xf_cal_free(c);
}

static void
load_fails(const char *text, const char *want, const char *desc)
{
	load_failsn(text, strlen(text), want, desc);
}

#define LOAD_FAILS_LIT(s, want, desc) \
	load_failsn((s), sizeof(s) - 1, (want), (desc))

/* Load text into a fresh calendar; 0 or -1, the message in e. */
static int
load(struct xf_cal *c, const char *text, struct xf_err *e)
{
	const char *path = tmpfile_with(text);
	int r;

	memset(e, 0, sizeof(*e));
	r = xf_cal_load(c, path, e);
	unlink(path);
	return r;
}

/* The file is read as CSV (xf-csv(5)), through xf_csv_read. */
static void
test_csv(void)
{
	struct xf_cal *c = xf_cal_new();
	struct xf_err e;
	char *big;
	size_t n;

	ok(load(c, "date,kind,name\n"
	    "\"2026-10-01\",holiday,国庆\n"
	    "\"2026-10-12\",\"holiday\",\"国庆\"\n", &e) == 0 &&
	    !xf_cal_is_workday(c, D("2026-10-12")),
	    "quoted date and kind: %s", e.msg[0] ? e.msg : "ok");
	ok(load(c, "\"date\",\"kind\",\"name\"\n"
	    "2026-10-13,holiday,\"国庆, 中秋 \"\"连休\"\"\"\n", &e) == 0 &&
	    !xf_cal_is_workday(c, D("2026-10-13")),
	    "quoted header; quoted name with a comma and quotes: %s",
	    e.msg[0] ? e.msg : "ok");
	ok(load(c, "date,kind,name\n2026-10-14,holiday,国庆, 中秋\n", &e) ==
	    0 && !xf_cal_is_workday(c, D("2026-10-14")),
	    "unquoted name with a comma: fields past the third ignored: %s",
	    e.msg[0] ? e.msg : "ok");
	ok(load(c, "\xEF\xBB\xBF" "日期,类型,名称\r\n"
	    "# 注释, with commas\r\n"
	    "\"# a quoted comment, also\"\r\n"
	    ",,\r\n"
	    "  ,\t\r\n"
	    "2026-10-15,休息,\"两行\r\n的名称\"\r\n"
	    "2026-10-17,补班\r\n", &e) == 0 &&
	    !xf_cal_is_workday(c, D("2026-10-15")) &&
	    xf_cal_is_workday(c, D("2026-10-17")),
	    "BOM, CRLF, comments, blank records, a name over two lines: %s",
	    e.msg[0] ? e.msg : "ok");
	xf_cal_free(c);

	/* Errors name the line of the record, counting quoted newlines. */
	load_fails("date,kind,name\r\n2026-10-05,holiday,\"a\r\nb\r\nc\"\r\n"
	    "2026-10-06,vacation\r\n", ":5: unknown kind \"vacation\"",
	    "error after a name over three lines: right line");
	load_fails("date,kind\n2026-10-05,hol\"iday\n", ":2: malformed CSV",
	    "quote inside an unquoted field");
	load_fails("date,kind\n2026-10-05,holiday\n\"2026-10-06,holiday\n",
	    ":3: malformed CSV: quoted field not closed",
	    "quote never closed");
	load_fails("# a \"quoted\" word in a comment\ndate,kind\n",
	    ":1: malformed CSV", "a comment is CSV too: a stray quote is an "
	    "error");

	/* Nonsense dates. */
	load_fails("date,kind\n2026-02-30,holiday\n",
	    ":2: invalid date \"2026-02-30\"", "February 30th");
	load_fails("date,kind\n99999-01-01,holiday\n", ":2:",
	    "year 99999");
	load_fails("date,kind\n1899-12-31,holiday\n", ":2:",
	    "year 1899");
	load_fails("date,kind\n,holiday\n", ":2: empty date", "empty date");
	load_fails("date,kind\n\"  \",holiday\n", ":2: empty date",
	    "blank quoted date");
	load_fails("date,kind\n2026-10-05 08:30,holiday\n",
	    ":2: \"2026-10-05 08:30\" is a date with a time of day",
	    "a date with a time of day");
	load_fails("date,kind\n2026-10-05T08:30:00,holiday\n",
	    ":2: \"2026-10-05T08:30:00\" is a date with a time of day",
	    "an ISO date and time");
	load_fails("date,kind\n08:30,holiday\n", ":2:", "a time alone");
	load_fails("date,kind\n10/05/2026,holiday\n", ":2: ambiguous date",
	    "an ambiguous date");

	/* NUL bytes, anywhere in the record. */
	LOAD_FAILS_LIT("date,kind\n2026-10-05,holi\0day\n",
	    ":2: NUL byte in line", "NUL byte in a field");
	LOAD_FAILS_LIT("date,kind\n2026-10-05,holiday,\"x\0\"\n",
	    ":2: NUL byte in line", "NUL byte in a quoted name");
	LOAD_FAILS_LIT("date,kind\n\0\n", ":2: NUL byte in line",
	    "a line of one NUL byte");

	/* A field past XF_FIELD_MAX. */
	n = strlen("date,kind,name\n2026-10-05,holiday,") + XF_FIELD_MAX + 10;
	if ((big = malloc(n + 2)) == NULL) {
		printf("Bail out! out of memory\n");
		exit(2);
	}
	strcpy(big, "date,kind,name\n2026-10-05,holiday,");
	memset(big + strlen(big), 'x', n - strlen(big));
	big[n] = '\n';
	load_failsn(big, n + 1, ":2: field longer than 1048576 bytes",
	    "a name of more than 1 MiB");
	free(big);
}

int
main(void)
{
	struct xf_cal *c, *c2;
	struct xf_err e;
	const char *path;
	long day;
	int i, n;

	if ((c = xf_cal_new()) == NULL) {
		printf("Bail out! xf_cal_new failed\n");
		return 2;
	}
	xf_cal_free(NULL);
	ok(1, "xf_cal_free(NULL) is harmless");

	/* Plain weeks. */
	ok(xf_cal_is_workday(c, D("2026-03-02")), "Mon 2026-03-02 works");
	ok(xf_cal_is_workday(c, D("2026-03-06")), "Fri 2026-03-06 works");
	ok(!xf_cal_is_workday(c, D("2026-03-07")), "Sat 2026-03-07 rests");
	ok(!xf_cal_is_workday(c, D("2026-03-08")), "Sun 2026-03-08 rests");
	ok(!xf_cal_is_workday(c, D("2027-03-06")), "Sat in 2027 rests");
	ok(xf_cal_is_workday(c, D("2027-10-01")), "no 2027 schedule built in");
	ok(!xf_cal_is_workday(NULL, D("2026-10-03")) &&
	    xf_cal_is_workday(NULL, D("2026-10-05")),
	    "NULL calendar knows weekends only");

	/* 2026 schedule. */
	ok(!xf_cal_is_workday(c, D("2026-01-01")), "2026-01-01 New Year");
	ok(!xf_cal_is_workday(c, D("2026-01-02")), "Fri 2026-01-02 off");
	ok(xf_cal_is_workday(c, D("2026-01-04")), "Sun 2026-01-04 make-up");
	ok(xf_cal_is_workday(c, D("2026-02-14")),
	    "Sat 2026-02-14 is a make-up working day");
	ok(xf_cal_is_workday(c, D("2026-02-28")),
	    "Sat 2026-02-28 is a make-up working day");
	ok(!xf_cal_is_workday(c, D("2026-02-16")),
	    "Mon 2026-02-16 is Spring Festival");
	n = 0;
	for (day = D("2026-02-15"); day <= D("2026-02-23"); day++)
		n += xf_cal_is_workday(c, day);
	is_int(n, 0, "Spring Festival 2026-02-15..23 all off");
	ok(xf_cal_is_workday(c, D("2026-02-24")), "Tue 2026-02-24 works");
	ok(!xf_cal_is_workday(c, D("2026-04-06")), "Mon 2026-04-06 Qingming");
	ok(!xf_cal_is_workday(c, D("2026-05-05")), "Tue 2026-05-05 Labour Day");
	ok(xf_cal_is_workday(c, D("2026-05-09")), "Sat 2026-05-09 make-up");
	ok(!xf_cal_is_workday(c, D("2026-06-19")), "Fri 2026-06-19 Dragon Boat");
	ok(xf_cal_is_workday(c, D("2026-09-20")), "Sun 2026-09-20 make-up");
	ok(!xf_cal_is_workday(c, D("2026-09-25")), "Fri 2026-09-25 Mid-Autumn");
	ok(!xf_cal_is_workday(c, D("2026-10-07")), "Wed 2026-10-07 off");
	ok(xf_cal_is_workday(c, D("2026-10-08")), "Thu 2026-10-08 works");
	ok(xf_cal_is_workday(c, D("2026-10-10")), "Sat 2026-10-10 make-up");

	/* 2025 schedule. */
	ok(!xf_cal_is_workday(c, D("2025-01-01")), "2025-01-01 New Year");
	ok(xf_cal_is_workday(c, D("2025-01-26")), "Sun 2025-01-26 make-up");
	ok(!xf_cal_is_workday(c, D("2025-01-28")), "2025-01-28 Spring Festival");
	ok(!xf_cal_is_workday(c, D("2025-02-04")), "2025-02-04 Spring Festival");
	ok(xf_cal_is_workday(c, D("2025-02-05")), "2025-02-05 works");
	ok(xf_cal_is_workday(c, D("2025-02-08")), "Sat 2025-02-08 make-up");
	ok(xf_cal_is_workday(c, D("2025-04-27")), "Sun 2025-04-27 make-up");
	ok(!xf_cal_is_workday(c, D("2025-05-05")), "2025-05-05 Labour Day");
	ok(!xf_cal_is_workday(c, D("2025-06-02")), "2025-06-02 Dragon Boat");
	ok(xf_cal_is_workday(c, D("2025-09-28")), "Sun 2025-09-28 make-up");
	ok(!xf_cal_is_workday(c, D("2025-10-08")), "2025-10-08 National Day");
	ok(xf_cal_is_workday(c, D("2025-10-11")), "Sat 2025-10-11 make-up");
	/* The make-up days of the built-in table are all weekend days. */
	n = 0;
	for (day = D("2025-01-01"); day <= D("2026-12-31"); day++)
		if (xf_cal_is_workday(c, day) && xf_date_weekday(day) < 5)
			n++;
	is_int(n, 243 + 242, "2025 and 2026 have 243 and 242 Mondays to "
	    "Fridays that are no holiday");

	/* Deadlines. */
	is_str(S(xf_cal_deadline(c, D("2026-08-04"), 60)), "2026-10-08",
	    "accepted 2026-08-04 + 60 days -> 2026-10-08");
	is_str(S(xf_cal_deadline(c, D("2026-03-02"), 15)), "2026-03-17",
	    "2026-03-02 + 15 days falls on a Tuesday");
	is_str(S(xf_cal_deadline(c, D("2026-02-27"), 15)), "2026-03-16",
	    "day 15 on Sat 2026-03-14 moves to Monday");
	is_str(S(xf_cal_deadline(c, D("2026-01-30"), 15)), "2026-02-14",
	    "day 15 on make-up Sat 2026-02-14 stays");
	is_str(S(xf_cal_deadline(c, D("2026-01-31"), 15)), "2026-02-24",
	    "day 15 in Spring Festival moves to 2026-02-24");
	is_str(S(xf_cal_deadline(c, D("2026-09-24"), 30)), "2026-10-26",
	    "30 days from 2026-09-24 -> Sat 2026-10-24 -> Mon 2026-10-26");
	is_str(S(xf_cal_deadline(c, D("2026-03-06"), 0)), "2026-03-06",
	    "0 days on a working day is that day");

	/* Working days. */
	is_str(S(xf_cal_add_workdays(c, D("2026-03-02"), 5)), "2026-03-09",
	    "5 working days after Mon 2026-03-02");
	is_str(S(xf_cal_add_workdays(c, D("2026-02-12"), 5)), "2026-02-26",
	    "5 working days after 2026-02-12 cross Spring Festival");
	is_str(S(xf_cal_add_workdays(c, D("2026-09-28"), 7)), "2026-10-13",
	    "7 working days after 2026-09-28 (mailbox limit) cross National "
	    "Day");
	is_str(S(xf_cal_add_workdays(c, D("2026-02-13"), 1)), "2026-02-14",
	    "the working day after Fri 2026-02-13 is make-up Sat 2026-02-14");
	is_str(S(xf_cal_add_workdays(c, D("2026-02-24"), -1)), "2026-02-14",
	    "one working day before 2026-02-24 is 2026-02-14");
	is_str(S(xf_cal_add_workdays(c, D("2026-03-07"), 0)), "2026-03-07",
	    "0 working days is the day itself");
	/* 261 weekdays less 13 statutory holiday days, both years. */
	n = 0;
	for (day = D("2025-01-01"); day <= D("2025-12-31"); day++)
		n += xf_cal_is_workday(c, day);
	is_int(n, 248, "2025 has 248 working days (5 make-up days)");
	n = 0;
	for (day = D("2026-01-01"); day <= D("2026-12-31"); day++)
		n += xf_cal_is_workday(c, day);
	is_int(n, 248, "2026 has 248 working days (6 make-up days)");
	is_str(S(xf_cal_add_workdays(c, D("2025-12-31"), 248)), "2026-12-31",
	    "the 248th working day after 2025-12-31 is 2026-12-31");

	/* A calendar file replaces the built-in days of the years it names. */
	path = tmpfile_with("\xEF\xBB\xBF" "date,kind,name\r\n"
	    "# 2026 as a bureau might override it\r\n"
	    "\r\n"
	    "2026-10-01,holiday,国庆\r\n"
	    "2026-10-02,休息,国庆\r\n"
	    "2026-10-05 , holiday , 国庆\r\n"
	    "2026-10-10,workday\r\n"
	    "2026/10/11,补班,\r\n"
	    "2026年3月2日,节假日,local\r\n"
	    "2027-01-01,holiday\r\n"
	    "2027-01-04,上班\r\n");
	memset(&e, 0, sizeof(e));
	ok(xf_cal_load(c, path, &e) == 0, "load calendar file: %s",
	    e.msg[0] ? e.msg : "ok");
	unlink(path);
	ok(!xf_cal_is_workday(c, D("2026-10-05")), "loaded holiday 2026-10-05");
	ok(xf_cal_is_workday(c, D("2026-10-06")),
	    "built-in holiday 2026-10-06 gone with its year");
	ok(xf_cal_is_workday(c, D("2026-10-08")), "2026-10-08 works");
	ok(xf_cal_is_workday(c, D("2026-02-16")),
	    "built-in Spring Festival 2026-02-16 gone with its year");
	ok(xf_cal_is_workday(c, D("2026-10-11")), "loaded make-up Sun 2026-10-11");
	ok(xf_cal_is_workday(c, D("2026-10-10")), "loaded make-up Sat 2026-10-10");
	ok(!xf_cal_is_workday(c, D("2026-02-14")),
	    "built-in make-up 2026-02-14 gone: a Saturday again");
	ok(!xf_cal_is_workday(c, D("2026-03-02")), "loaded Chinese 节假日 date");
	ok(!xf_cal_is_workday(c, D("2027-01-01")), "loaded 2027-01-01 holiday");
	ok(xf_cal_is_workday(c, D("2027-01-04")), "loaded 2027 Monday");
	ok(!xf_cal_is_workday(c, D("2025-10-08")) &&
	    xf_cal_is_workday(c, D("2025-10-11")),
	    "2025, not in the file, keeps its built-in days");
	is_str(S(xf_cal_deadline(c, D("2026-08-04"), 60)), "2026-10-06",
	    "with the file, 2026-08-04 + 60 ends on 2026-10-06");

	/* Chinese header, LF, no name column, years only in the file. */
	c2 = xf_cal_new();
	path = tmpfile_with("日期,类型\n2030-02-04,休息\n2030-02-09,工作日\n");
	ok(xf_cal_load(c2, path, &e) == 0, "Chinese header loads");
	unlink(path);
	ok(!xf_cal_is_workday(c2, D("2030-02-04")) &&
	    xf_cal_is_workday(c2, D("2030-02-09")) &&
	    !xf_cal_is_workday(c2, D("2026-02-16")),
	    "2030 added, 2026 kept");
	/* A header alone changes nothing. */
	path = tmpfile_with("date,kind\n");
	ok(xf_cal_load(c2, path, &e) == 0 &&
	    xf_cal_is_workday(c2, D("2026-02-14")), "header only: no change");
	unlink(path);
	/* The same day twice with the same kind is fine. */
	path = tmpfile_with("date,kind\n2026-03-02,holiday\n"
	    "2026-03-02,holiday\n");
	ok(xf_cal_load(c2, path, &e) == 0 &&
	    !xf_cal_is_workday(c2, D("2026-03-02")), "repeated entry is fine");
	unlink(path);
	xf_cal_free(c2);

	/* Errors. */
	memset(&e, 0, sizeof(e));
	ok(xf_cal_load(c, "/nonexistent/cal.csv", &e) == -1 &&
	    e.code == XF_ECONFIG && strstr(e.msg, "/nonexistent/cal.csv: ") ==
	    e.msg, "missing file: %s", e.msg);
	load_fails("", "header", "empty file");
	load_fails("2026-10-05,holiday\n", ":1: expected the header",
	    "no header");
	load_fails("date,kind\n2026-10-05,holiday\n2026-02-30,holiday\n",
	    ":3: invalid date \"2026-02-30\"", "bad date");
	load_fails("date,kind\n\n# note\n2026-10-05,vacation\n",
	    ":4: unknown kind \"vacation\"", "bad kind");
	load_fails("date,kind\n2026-10-05\n", ":2: expected date,kind",
	    "missing kind");
	load_fails("date,kind\n2026-10-05 08:00,holiday\n", ":2:",
	    "date with time");
	load_fails("date,kind\n2026-10-05,holiday\n2026-10-05,workday\n",
	    ":3: 2026-10-05 is a working day here but a holiday on line 2",
	    "conflicting entries");

	/*
	 * A million deadlines (one per imported row is the use): each is a
	 * working day, no earlier than start + n, with only rest days
	 * between.
	 */
	{
		long base = D("2024-12-01"), start, end;
		int bad = 0;

		for (i = 0; i < 1000000; i++) {
			start = base + i % 800;
			n = i % 97;
			end = xf_cal_deadline(c, start, n);
			if (end < start + n || !xf_cal_is_workday(c, end))
				bad++;
			for (day = start + n; day < end; day++)
				if (xf_cal_is_workday(c, day))
					bad++;
		}
		is_int(bad, 0, "a million deadlines are all the first working "
		    "day on or after start + n");
	}

	xf_cal_free(c);
	test_csv();
	return tap_done();
}
