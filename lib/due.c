/*
 * due.c: which deadline an open matter runs against now, and whether it
 * is past.  One function, so that xf-escalate and xf-export --overdue
 * never disagree about what "overdue" means.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/* The day of a stored date or time; see xf-int.h. */
long
xf_stored_day(const char *s)
{
	struct xf_time t;
	int k;

	if (s == NULL || *s == '\0')
		return -1;
	/* The store's own YYYY-MM-DD, read without the general parser. */
	for (k = 0; k < 10; k++)
		if (k == 4 || k == 7 ? s[k] != '-' : s[k] < '0' || s[k] > '9')
			break;
	/* The digits checked, read by hand: atoi() (strtol) three times
	 * over was most of the cost of a night's judging. */
	if (k == 10 && (s[10] == '\0' || s[10] == ' ' || s[10] == 'T'))
		return xf_date_days((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0'), (s[5] - '0') * 10 +
		    (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
	if (xf_date_parse(s, XF_DATE_YMD, &t, NULL) < 0)
		return -1;
	return t.day;
}

/*
 * day as YYYY-MM-DD into due, as xf_date_fmt() writes it, by hand:
 * xf-escalate asks for every open matter, and snprintf was most of it.
 */
static void
fmt_day(long day, char due[11])
{
	int y, m, d;

	xf_date_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	due[0] = '0' + y / 1000;
	due[1] = '0' + y / 100 % 10;
	due[2] = '0' + y / 10 % 10;
	due[3] = '0' + y % 10;
	due[4] = '-';
	due[5] = '0' + m / 10 % 10;
	due[6] = '0' + m % 10;
	due[7] = '-';
	due[8] = '0' + d / 10 % 10;
	due[9] = '0' + d % 10;
	due[10] = '\0';
}

/* Which deadline applies to c on today; see xf-int.h. */
int
xf_case_due(const struct xf_case *c, const struct xf_cal *cal,
    const struct xf_limits *lim, long today, const char **stage,
    char due[11])
{
	const char *st = c->v[XF_C_STATUS];
	long d = -1, from;

	*stage = "";
	due[0] = '\0';
	if (strcmp(st, "registered") == 0) {
		*stage = "triage";
		if ((d = xf_stored_day(c->v[XF_C_TRIAGE_DEADLINE])) < 0 &&
		    (from = xf_stored_day(c->v[XF_C_RECEIVED_AT])) >= 0)
			d = xf_limits_deadline(lim, cal, XF_LIMIT_TRIAGE, from);
	} else if (strcmp(st, "accepted") == 0 ||
	    strcmp(st, "assigned") == 0) {
		/* A supervisor's deadline (督办时限) overrides the rest. */
		if (*c->v[XF_C_SUPERVISION] &&
		    (d = xf_stored_day(c->v[XF_C_SUPERVISION_DEADLINE])) >= 0)
			*stage = "supervision";
		else if ((d = xf_stored_day(c->v[XF_C_EXTENDED_DEADLINE])) >= 0)
			*stage = "extended";
		else {
			*stage = "handle";
			if ((d = xf_stored_day(c->v[XF_C_DEADLINE])) < 0 &&
			    (from = xf_stored_day(c->v[XF_C_ACCEPTED_AT])) >= 0)
				d = xf_limits_deadline(lim, cal,
				    XF_LIMIT_HANDLE, from);
		}
	} else if (strcmp(st, "review") == 0) {
		*stage = "review";
		if ((from = xf_stored_day(c->v[XF_C_REVIEW_REQ])) >= 0)
			d = xf_limits_deadline(lim, cal, XF_LIMIT_REVIEW, from);
	} else if (strcmp(st, "re-review") == 0) {
		*stage = "rereview";
		if ((from = xf_stored_day(c->v[XF_C_REREVIEW_REQ])) >= 0)
			d = xf_limits_deadline(lim, cal, XF_LIMIT_REREVIEW,
			    from);
	}
	if (d < 0) {
		*stage = "";
		return XF_DUE_NONE;
	}
	fmt_day(d, due);
	return today > d ? XF_DUE_LATE : XF_DUE_OPEN;
}
