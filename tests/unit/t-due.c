/*
 * t-due.c: unit tests of due.c, the deadline an open matter runs against
 * (xf_case_due), on the built-in 2026 calendar and statutory limits.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"
#include "tap.h"

static long
D(const char *s)
{
	struct xf_time t;

	if (xf_date_parse(s, XF_DATE_YMD, &t, NULL) == -1) {
		printf("Bail out! bad date in test: %s\n", s);
		exit(2);
	}
	return t.day;
}

/* A case of status st with the columns given as name=value pairs. */
static void
mk(struct xf_case *c, const char *st, ...)
{
	va_list ap;
	const char *k;

	memset(c, 0, sizeof(*c));
	for (int i = 0; i < XF_C_NCOL; i++)
		c->v[i] = "";
	c->v[XF_C_STATUS] = st;
	va_start(ap, st);
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);

		for (int i = 0; i < XF_C_NCOL; i++)
			if (strcmp(xf_case_col(i), k) == 0)
				c->v[i] = v;
	}
	va_end(ap);
}

int
main(void)
{
	struct xf_err e = { 0 };
	struct xf_config *cf = xf_config_load(NULL, 0, &e);
	const struct xf_cal *cal;
	const struct xf_limits *lim;
	struct xf_case c;
	const char *stage;
	char due[11];
	int r;

	if (cf == NULL) {
		printf("Bail out! %s\n", e.msg);
		return 2;
	}
	cal = xf_config_cal(cf);
	lim = xf_config_limits(cf);

	mk(&c, "registered", "received_at", "2026-09-10", NULL);
	r = xf_case_due(&c, cal, lim, D("2026-09-28"), &stage, due);
	is_int(r, XF_DUE_OPEN, "registered: open on its last day");
	is_str(stage, "triage", "registered: the triage stage");
	is_str(due, "2026-09-28", "triage 15 days from 09-10: Fri 09-25 is "
	    "Mid-Autumn, so Mon 09-28");
	r = xf_case_due(&c, cal, lim, D("2026-09-29"), &stage, due);
	is_int(r, XF_DUE_LATE, "registered: late the day after");

	mk(&c, "registered", "received_at", "2026-09-10", "triage_deadline",
	    "2026-09-20", NULL);
	xf_case_due(&c, cal, lim, D("2026-09-21"), &stage, due);
	is_str(due, "2026-09-20", "registered: a stored triage deadline wins");

	mk(&c, "assigned", "accepted_at", "2026-08-04", "deadline",
	    "2026-10-08", NULL);
	r = xf_case_due(&c, cal, lim, D("2026-10-09"), &stage, due);
	is_str(stage, "handle", "assigned: the handling stage");
	is_int(r, XF_DUE_LATE, "assigned: late after its deadline");

	mk(&c, "accepted", "accepted_at", "2026-08-04", NULL);
	xf_case_due(&c, cal, lim, D("2026-09-01"), &stage, due);
	is_str(due, "2026-10-08", "accepted, no deadline stored: 60 days from "
	    "acceptance, after National Day");

	mk(&c, "assigned", "accepted_at", "2026-08-04", "deadline",
	    "2026-10-08", "extended_deadline", "2026-11-09", NULL);
	r = xf_case_due(&c, cal, lim, D("2026-10-09"), &stage, due);
	is_str(stage, "extended", "extended: the extended stage");
	is_int(r, XF_DUE_OPEN, "extended: not late after the first deadline");

	mk(&c, "assigned", "deadline", "2026-10-08", "supervision", "province",
	    "supervision_deadline", "2026-09-30", NULL);
	r = xf_case_due(&c, cal, lim, D("2026-10-01"), &stage, due);
	is_str(stage, "supervision", "supervised: the supervisor's deadline");
	is_int(r, XF_DUE_LATE, "supervised: late on it");

	mk(&c, "assigned", "deadline", "2026-10-08", "supervision", "province",
	    NULL);
	xf_case_due(&c, cal, lim, D("2026-10-01"), &stage, due);
	is_str(stage, "handle", "supervised without a deadline of its own");

	mk(&c, "review", "review_requested_at", "2026-09-10", NULL);
	xf_case_due(&c, cal, lim, D("2026-10-01"), &stage, due);
	is_str(stage, "review", "review: the review stage");
	is_str(due, "2026-10-10", "review: 30 days, Sat 10-10 a make-up "
	    "working day");

	mk(&c, "re-review", "review_requested_at", "2026-09-10",
	    "rereview_requested_at", "2026-10-13 10:00:00", NULL);
	xf_case_due(&c, cal, lim, D("2026-10-14"), &stage, due);
	is_str(stage, "rereview", "re-review: the re-review stage");
	is_str(due, "2026-11-12", "re-review: 30 days from the request");

	mk(&c, "closed", "deadline", "2026-10-08", NULL);
	r = xf_case_due(&c, cal, lim, D("2026-12-01"), &stage, due);
	is_int(r, XF_DUE_NONE, "closed: no deadline runs");
	is_str(due, "", "closed: no date");

	mk(&c, "accepted", NULL);
	is_int(xf_case_due(&c, cal, lim, D("2026-12-01"), &stage, due),
	    XF_DUE_NONE, "accepted with no date to count from: none");

	/* xf_stored_day: the store's dates read by hand, others parsed. */
	is_int(xf_stored_day("2026-10-08"), D("2026-10-08"),
	    "stored day: YYYY-MM-DD");
	is_int(xf_stored_day("2026-10-08 09:30:00"), D("2026-10-08"),
	    "stored day: a time after it");
	is_int(xf_stored_day("2026-10-08T09:30:00"), D("2026-10-08"),
	    "stored day: an ISO time after it");
	is_int(xf_stored_day("1999-12-31"), D("1999-12-31"),
	    "stored day: every digit read");
	is_int(xf_stored_day("2026-02-30"), -1, "stored day: no such day");
	is_int(xf_stored_day("2026-13-01"), -1, "stored day: no such month");
	is_int(xf_stored_day(""), -1, "stored day: empty");
	is_int(xf_stored_day(NULL), -1, "stored day: NULL");
	is_int(xf_stored_day("2026/10/08"), D("2026-10-08"),
	    "stored day: another form, by the general parser");

	xf_config_free(cf);
	return tap_done();
}
