/*
 * fuzz-cal.c: libFuzzer harness for the holidays loader.
 *
 * The input is written to a file and loaded as a calendar file
 * (xf-calendar(5)).  With the calendar that results, loaded or not, a few
 * statutory deadlines and working-day sums are worked out; a deadline
 * must be a working day no earlier than start + n, and n working days on
 * and back again must come home.  A failure must leave a message.
 */
#include "fuzz.h"
#include "xf.h"

static void
deadlines(const struct xf_cal *c)
{
	static const int ymd[][3] = {
		{ 1900, 1, 1 }, { 2025, 1, 1 }, { 2025, 9, 30 },
		{ 2026, 2, 13 }, { 2026, 9, 30 }, { 2026, 12, 31 },
		{ 2027, 6, 15 }, { 2999, 12, 1 },
	};
	static const int days[] = { 0, 1, 7, 15, 30, 60 };
	size_t i, k;
	long start, end;

	for (i = 0; i < sizeof(ymd) / sizeof(ymd[0]); i++) {
		start = xf_date_days(ymd[i][0], ymd[i][1], ymd[i][2]);
		for (k = 0; k < sizeof(days) / sizeof(days[0]); k++) {
			end = xf_cal_deadline(c, start, days[k]);
			if (end < start + days[k] || !xf_cal_is_workday(c, end))
				abort();
			end = xf_cal_add_workdays(c, start, days[k]);
			if (end < start + days[k] ||
			    (days[k] > 0 && !xf_cal_is_workday(c, end)))
				abort();
			if (xf_cal_is_workday(c, start) &&
			    xf_cal_add_workdays(c, end, -days[k]) != start)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xf_cal *c;
	struct xf_err e;
	char path[64];

	if (fuzz_file(data, size, path) == -1)
		return 0;
	if ((c = xf_cal_new()) == NULL) {
		unlink(path);
		return 0;
	}
	memset(&e, 0, sizeof(e));
	if (xf_cal_load(c, path, &e) == -1 &&
	    (e.code == XF_EOK || e.msg[0] == '\0'))
		abort();
	unlink(path);
	deadlines(c);
	xf_cal_free(c);
	return 0;
}
