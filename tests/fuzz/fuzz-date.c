/*
 * fuzz-date.c: libFuzzer harness for the date parser.
 *
 * The input, as a C string, is parsed in all three orders (YMD, MDY,
 * DMY).  A date that parses must lie in 1900..2999 with a time of day in
 * range or none, read back the same when written out and parsed again, and
 * read the same in every order when YMD takes it; a rejected one must
 * leave a printable message.
 */
#include "fuzz.h"
#include "xf.h"

/* Abort unless e holds a non-empty message of printable bytes. */
static void
check_msg(const struct xf_err *e)
{
	size_t i, n = strnlen(e->msg, sizeof(e->msg));

	if (e->code != XF_EROW || n == 0 || n == sizeof(e->msg))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)e->msg[i] < 0x20 || e->msg[i] == 0x7F)
			abort();
}

/* Abort unless t is a date the parser may give, and reads back as t. */
static void
check_time(const struct xf_time *t)
{
	struct xf_time back;
	struct xf_err e;
	char buf[20];
	int y, m, d;

	if (t->day < xf_date_days(1900, 1, 1) ||
	    t->day > xf_date_days(2999, 12, 31) ||
	    t->sec < -1 || t->sec >= 86400)
		abort();
	xf_date_ymd(t->day, &y, &m, &d);
	if (xf_date_days(y, m, d) != t->day)
		abort();
	xf_time_fmt(t, buf);
	if (xf_date_parse(buf, XF_DATE_YMD, &back, &e) == -1 ||
	    back.day != t->day || back.sec != t->sec)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xf_time t[3];
	struct xf_err e;
	char *s;
	int order, rc[3];

	if ((s = fuzz_str(data, size)) == NULL)
		return 0;
	for (order = XF_DATE_YMD; order <= XF_DATE_DMY; order++) {
		memset(&e, 0, sizeof(e));
		rc[order] = xf_date_parse(s, order, &t[order], &e);
		if (rc[order] == 0)
			check_time(&t[order]);
		else if (rc[order] == -1)
			check_msg(&e);
		else
			abort();
	}
	/* What YMD reads is no matter of order. */
	if (rc[0] == 0)
		for (order = 1; order <= 2; order++)
			if (rc[order] != 0 || t[order].day != t[0].day ||
			    t[order].sec != t[0].sec)
				abort();
	free(s);
	return 0;
}
