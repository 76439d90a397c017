/*
 * due-stub.c: STUB, TO BE REPLACED AT MERGE.
 *
 * xf_case_overdue() belongs to the deadline code written for xf-escalate:
 * the one function that says which deadline applies to an open matter now
 * and whether it is past.  This stand-in only lets xf-export --overdue
 * link and be tested before that lands; delete this file (and its line in
 * the Makefile) when it does.  It reads only what struct xf_case holds, so
 * it approximates: a matter not yet triaged is due 15 calendar days after
 * it was received (the stored triage_deadline, which also skips rest days,
 * is not in struct xf_case); an accepted or assigned one by its extended
 * deadline, else its deadline; a review or re-review 30 calendar days after
 * its request; supervision deadlines are not seen.
 */
#include <string.h>

#include "xf-int.h"

/* The day of a stored date or time, or -1 for none. */
static long
day_of(const char *s)
{
	struct xf_time t;

	if (s == NULL || *s == '\0' ||
	    xf_date_parse(s, XF_DATE_YMD, &t, NULL) < 0)
		return -1;
	return t.day;
}

int
xf_case_overdue(const struct xf_case *c, const char *as_of)
{
	const char *st = c->v[XF_C_STATUS];
	long now = day_of(as_of), due = -1, d;

	if (now < 0 || !xf_status_open(st))
		return 0;
	if (strcmp(st, "registered") == 0) {
		if ((d = day_of(c->v[XF_C_RECEIVED_AT])) >= 0)
			due = d + 15;
	} else if (strcmp(st, "accepted") == 0 ||
	    strcmp(st, "assigned") == 0) {
		due = day_of(c->v[XF_C_EXTENDED_DEADLINE]);
		if (due < 0)
			due = day_of(c->v[XF_C_DEADLINE]);
	} else if (strcmp(st, "review") == 0) {
		if ((d = day_of(c->v[XF_C_REVIEW_REQ])) >= 0)
			due = d + 30;
	} else if ((d = day_of(c->v[XF_C_REREVIEW_REQ])) >= 0)
		due = d + 30;
	return due >= 0 && now > due;
}
