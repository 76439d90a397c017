/*
 * check.c: the checks of xf-intake's rows.
 *
 * A row is mapped to the canonical columns, validated and normalised in
 * full, classified by the rules and triaged before anything is written,
 * so a bad row never half-applies.  All of this runs on the reader thread
 * and touches no store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-int.h"

/* Trim the len bytes at s in place (see xf_trim); returns the start. */
static const char *
trim(char *s, size_t len)
{
	const char *b = s, *end = s + len;

	xf_trim(&b, &end);
	s[end - s] = '\0';
	return b;
}

/*
 * A field's column as the file's header names it, or the canonical name
 * of a field the file lacks (one a --set gives).
 */
static const char *
colname(struct xf_intake *in, int field)
{
	int c = in->fieldcol[field];

	return c >= 0 ? in->hdr[c] : xf_field_name(field);
}

/*
 * A word the vocabulary v does not know, in column field: the message
 * lists the accepted words and says how to read another system's words as
 * them (values.csv, --value), naming the column as xf-csv(5) does.
 */
static int
unknown_word(struct xf_intake *in, int field, int v, const char *s,
    struct xf_err *e)
{
	char list[400], q[80], lead[120];
	size_t len = strlen(s);
	/* The word itself in the example when it can be given as is. */
	const char *from = len <= 40 && strpbrk(s, "=\"") == NULL ? s :
	    "FROM";

	xf_excerpt(s, s + len, q, 60);
	if (v == XF_VOCAB_BOOL)
		snprintf(lead, sizeof(lead), "\"%s\" is not yes or no", q);
	else
		snprintf(lead, sizeof(lead), "unknown %s \"%s\"",
		    xf_vocab_name(v), q);
	return xf_err_col(e, XF_EROW, colname(in, field), "%s (accepted: %s; "
	    "map other words to these in values.csv or with --value "
	    "%s:%s=WORD; see xf-csv(5))", lead, xf_vocab_list(v, list,
	    sizeof(list)), xf_field_name(field), from);
}

/* A required field is empty: say so, and how to give it (hint, or ""). */
static int
required(struct xf_intake *in, int field, const char *hint,
    struct xf_err *e)
{
	return xf_err_col(e, XF_EROW, colname(in, field), "empty, but %s is "
	    "required%s", xf_field_name(field), hint);
}

/* Parse a date column into buf; "" stays "".  Future dates are refused. */
static int
date_col(struct xf_intake *in, struct xf_cand *c, int field, char *buf,
    long *day, struct xf_err *e)
{
	struct xf_time t;
	const char *s = c->f[field];

	buf[0] = '\0';
	if (*s == '\0')
		return 0;
	if (xf_date_parse(s, in->o.date_order, &t, e) < 0) {
		snprintf(e->column, sizeof(e->column), "%s",
		    colname(in, field));
		e->code = XF_EROW;
		return -1;
	}
	if (field != F_DEADLINE && field != F_EXTENDED_DEADLINE &&
	    (t.day > in->asof.day || (t.day == in->asof.day && t.sec >= 0 &&
	    t.sec > in->asof.sec)))
		return xf_err_col(e, XF_EROW, colname(in, field),
		    "date \"%s\" is after the as-of date %s", s, in->asof_day);
	xf_time_fmt(&t, buf);
	if (day)
		*day = t.day;
	return 0;
}

static const char *
hit_disposition(int rc, const struct xf_rule_hit *hit)
{
	return rc > 0 ? hit->disposition : "accept";
}

static const char *
cand_get(void *arg, const char *name)
{
	struct xf_cand *c = arg;

	/* The rules ask for the same few names again and again. */
	if (c->gname != NULL &&
	    (name == c->gname || strcmp(name, c->gname) == 0))
		return c->gidx >= 0 ? c->f[c->gidx] : NULL;
	c->gname = name;
	c->gidx = -1;
	for (int i = 0; i < NFIELD; i++)
		if (strcmp(xf_field_name(i), name) == 0) {
			c->gidx = i;
			return c->f[i];
		}
	return NULL;
}

/*
 * The person behind a petition as text: "id:" and the ID number (a legacy
 * 15-digit one widened to 18, so both forms meet), or "np:" and the name
 * without blanks and the phone; "" when neither is known.
 */
void
xf_person_text(const char *id, const char *name, const char *phone,
    int anonymous, char *out, size_t n)
{
	out[0] = '\0';
	if (id[0]) {
		if (strlen(id) == 15) {
			char w[19];

			memcpy(w, id, 6);
			memcpy(w + 6, "19", 2);
			memcpy(w + 8, id + 6, 9);
			w[17] = xf_idno_checkchar(w);
			w[18] = '\0';
			snprintf(out, n, "id:%s", w);
		} else
			snprintf(out, n, "id:%s", id);
	} else if (!anonymous && name[0] && phone[0]) {
		char nm[96];
		size_t k = 0;

		for (const char *p = name; *p && k + 1 < sizeof(nm); p++)
			if (*p != ' ' && *p != '\t')
				nm[k++] = *p;
		nm[k] = '\0';
		snprintf(out, n, "np:%s|%s", nm, phone);
	}
}

/*
 * The person key stored and indexed: a 63-bit hash of person_text (0 for
 * none).  find_repeat() compares the texts, so a collision costs a look,
 * never a wrong match.
 */
static void
person_key(struct xf_cand *c)
{
	xf_person_text(c->id, c->f[F_NAME], c->phone, c->anonymous,
	    c->person_key, sizeof(c->person_key));
	c->pkey = c->person_key[0] ? (long long)(xf_hash(XF_HASH_INIT,
	    c->person_key, strlen(c->person_key)) >> 1) | 1 : 0;
}

static void
fingerprint(struct xf_intake *in, struct xf_cand *c)
{
	static const int parts[] = { F_CHANNEL, F_NAME, F_ADDRESS,
	    F_CONTENT, F_CATEGORY, F_UNIT, F_PERSONS };
	uint64_t a = XF_HASH_INIT, b = 0x84222325cbf29ce4ULL;
	struct xf_buf *k = &in->key;

	xf_buf_reset(k);
	xf_buf_adds(k, c->received);
	xf_buf_add(k, "\x1f", 1);
	xf_buf_adds(k, c->id);
	xf_buf_add(k, "\x1f", 1);
	xf_buf_adds(k, c->phone);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		xf_buf_add(k, "\x1f", 1);
		xf_buf_adds(k, c->f[parts[i]]);
	}
	a = xf_hash(a, k->s, k->len);
	b = xf_hash(b, k->s, k->len);
	for (int i = 0; i < 8; i++) {
		c->fp[i] = (unsigned char)(a >> (8 * i));
		c->fp[8 + i] = (unsigned char)(b >> (8 * i));
	}
}

/* Check order of two dates; both "" or later >= earlier passes. */
static int
order(struct xf_intake *in, const char *early, int fe, const char *late,
    int fl, struct xf_err *e)
{
	if (early[0] && late[0] && strncmp(late, early, 10) < 0)
		return xf_err_col(e, XF_EROW, colname(in, fl),
		    "%s %.10s is before %s %.10s", colname(in, fl), late,
		    colname(in, fe), early);
	return 0;
}

/*
 * The case id in column field (an xf-export row's repeat_of, petition_of)
 * as a number in *no, 0 when empty; -1 with e set when it is no case id.
 */
static int
case_ref(struct xf_intake *in, struct xf_cand *c, int field, long long *no,
    struct xf_err *e)
{
	const char *s = c->f[field];

	*no = 0;
	if (*s && (*no = xf_case_no(s)) <= 0)
		return xf_err_col(e, XF_EROW, colname(in, field),
		    "\"%s\" is not a case id (XF-YYYYMMDD-NNNN)", s);
	return 0;
}

/*
 * What the lifecycle recorded of an old case, as xf-export writes it:
 * the triage, extension, resolution, evaluation, review outcomes and
 * follow-ups.  Each must fit the status and the dates checked before.
 */
static int
check_recorded(struct xf_intake *in, struct xf_cand *c, struct xf_err *e)
{
	const char *s, *d = xf_status_disposition(c->status);

	if (date_col(in, c, F_TRIAGED_AT, c->triaged, NULL, e) < 0 ||
	    date_col(in, c, F_EXTENDED_AT, c->extended, NULL, e) < 0 ||
	    date_col(in, c, F_RESOLVED_AT, c->resolved_at, NULL, e) < 0 ||
	    date_col(in, c, F_EVALUATED_AT, c->evaluated, NULL, e) < 0 ||
	    date_col(in, c, F_FOLLOWED_UP_AT, c->followed, NULL, e) < 0)
		return -1;
	if (order(in, c->received, F_RECEIVED_AT, c->triaged, F_TRIAGED_AT,
	    e) < 0 ||
	    order(in, c->accepted, F_ACCEPTED_AT, c->extended, F_EXTENDED_AT,
	    e) < 0 ||
	    order(in, c->replied, F_REPLIED_AT, c->resolved_at, F_RESOLVED_AT,
	    e) < 0 ||
	    order(in, c->replied, F_REPLIED_AT, c->evaluated, F_EVALUATED_AT,
	    e) < 0 ||
	    order(in, c->replied, F_REPLIED_AT, c->followed, F_FOLLOWED_UP_AT,
	    e) < 0)
		return -1;
	/* The triage decision is the one the status implies. */
	if ((s = c->f[F_DISPOSITION])[0]) {
		const char *w = xf_vocab_norm(XF_VOCAB_DISPOSITION, s);

		if (w == NULL)
			return unknown_word(in, F_DISPOSITION,
			    XF_VOCAB_DISPOSITION, s, e);
		if (strcmp(w, d) != 0)
			return xf_err_col(e, XF_EROW,
			    colname(in, F_DISPOSITION),
			    "disposition %s but status %s", w, c->status);
	}
	if (c->triaged[0] && *d == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_TRIAGED_AT),
		    "triaged on %.10s but status %s", c->triaged, c->status);
	if (c->f[F_TARGET][0] || c->f[F_REASON][0]) {
		if (*d == '\0' || strcmp(d, "accept") == 0)
			return xf_err_col(e, XF_EROW, colname(in,
			    c->f[F_TARGET][0] ? F_TARGET : F_REASON),
			    "a target or reason, but status %s (forwarded, "
			    "referred or not accepted have one)", c->status);
		c->target = c->f[F_TARGET][0] ? c->f[F_TARGET] : NULL;
		c->reason = c->f[F_REASON][0] ? c->f[F_REASON] : NULL;
		c->keep_target = 1;
	}
	if (c->extended[0] && !c->extdeadline[0])
		return xf_err_col(e, XF_EROW, colname(in, F_EXTENDED_AT),
		    "extended on %.10s with no extended_deadline", c->extended);
	if (c->resolved_at[0] && c->resolved != 1)
		return xf_err_col(e, XF_EROW, colname(in, F_RESOLVED_AT),
		    "a resolution date, but resolved is not yes");
	if (c->evaluated[0] && !(c->satisfaction && c->satisfaction[0]))
		return xf_err_col(e, XF_EROW, colname(in, F_EVALUATED_AT),
		    "an evaluation date, but no satisfaction");
	if ((s = c->f[F_REVIEW_OUTCOME])[0]) {
		if ((c->review_outcome = xf_vocab_norm(XF_VOCAB_OUTCOME, s)) ==
		    NULL)
			return unknown_word(in, F_REVIEW_OUTCOME,
			    XF_VOCAB_OUTCOME, s, e);
		if (!c->rvd[0])
			return xf_err_col(e, XF_EROW,
			    colname(in, F_REVIEW_OUTCOME), "a review outcome "
			    "with no review_decided_at");
	}
	if ((s = c->f[F_REREVIEW_OUTCOME])[0]) {
		if ((c->rereview_outcome = xf_vocab_norm(XF_VOCAB_OUTCOME,
		    s)) == NULL)
			return unknown_word(in, F_REREVIEW_OUTCOME,
			    XF_VOCAB_OUTCOME, s, e);
		if (!c->rrd[0])
			return xf_err_col(e, XF_EROW,
			    colname(in, F_REREVIEW_OUTCOME), "a re-review "
			    "outcome with no rereview_decided_at");
	}
	if ((s = c->f[F_FOLLOWUPS])[0]) {
		char *end;

		c->followups = strtol(s, &end, 10);
		if (*end != '\0' || c->followups < 0 || c->followups > 100000)
			return xf_err_col(e, XF_EROW, colname(in, F_FOLLOWUPS),
			    "\"%s\" is not a whole number of at least 0", s);
	}
	if (c->followups > 0 && !c->followed[0])
		return xf_err_col(e, XF_EROW, colname(in, F_FOLLOWED_UP_AT),
		    "%ld follow-ups with no followed_up_at", c->followups);
	if (c->followed[0] && c->followups == 0)
		c->followups = 1;
	if (c->followed[0] && !c->replied[0])
		return xf_err_col(e, XF_EROW, colname(in, F_FOLLOWED_UP_AT),
		    "followed up on %.10s with no reply", c->followed);
	c->repeat_given = in->fieldcol[F_REPEAT_OF] >= 0;
	return case_ref(in, c, F_REPEAT_OF, &c->repeat_no, e);
}

/*
 * A further petition of a --history row's matter (petition_of): the
 * petition's own columns only; what the matter recorded is on its row.
 */
static int
check_petition(struct xf_intake *in, struct xf_cand *c, struct xf_err *e)
{
	for (int f = F_STATUS; f < NFIELD; f++)
		if (f != F_PETITION_OF && f != F_FOLLOWUPS &&
		    f != F_LEAPFROG_LEVEL && c->f[f][0])
			return xf_err_col(e, XF_EROW, colname(in, f),
			    "a further petition (petition_of %s) records "
			    "nothing of its own in %s; the matter's row does",
			    c->f[F_PETITION_OF], xf_field_name(f));
	c->status = c->disposition = "";
	c->target = c->reason = NULL;
	return 0;
}

/* The history columns of a --history row. */
static int
check_history(struct xf_intake *in, struct xf_cand *c, struct xf_err *e)
{
	const char *s = c->f[F_STATUS];

	if (*s == '\0')
		return required(in, F_STATUS, " with --history (give rows "
		    "without one a status with --set status=WORD)", e);
	if ((c->status = xf_status_norm(s)) == NULL)
		return unknown_word(in, F_STATUS, XF_VOCAB_STATUS, s, e);
	if (date_col(in, c, F_ACCEPTED_AT, c->accepted, NULL, e) < 0 ||
	    date_col(in, c, F_DEADLINE, c->deadline, NULL, e) < 0 ||
	    date_col(in, c, F_EXTENDED_DEADLINE, c->extdeadline, NULL, e) < 0 ||
	    date_col(in, c, F_REPLIED_AT, c->replied, NULL, e) < 0 ||
	    date_col(in, c, F_CLOSED_AT, c->closed, NULL, e) < 0 ||
	    date_col(in, c, F_REVIEW_REQ, c->rvq, NULL, e) < 0 ||
	    date_col(in, c, F_REVIEW_DEC, c->rvd, NULL, e) < 0 ||
	    date_col(in, c, F_REREVIEW_REQ, c->rrq, NULL, e) < 0 ||
	    date_col(in, c, F_REREVIEW_DEC, c->rrd, NULL, e) < 0 ||
	    date_col(in, c, F_TERMINATED_AT, c->term, NULL, e) < 0)
		return -1;
	if (order(in, c->received, F_RECEIVED_AT, c->accepted, F_ACCEPTED_AT,
	    e) < 0 ||
	    order(in, c->received, F_RECEIVED_AT, c->replied, F_REPLIED_AT,
	    e) < 0 ||
	    order(in, c->accepted, F_ACCEPTED_AT, c->replied, F_REPLIED_AT,
	    e) < 0 ||
	    order(in, c->received, F_RECEIVED_AT, c->closed, F_CLOSED_AT,
	    e) < 0 ||
	    order(in, c->replied, F_REPLIED_AT, c->closed, F_CLOSED_AT, e) < 0 ||
	    order(in, c->replied, F_REPLIED_AT, c->rvq, F_REVIEW_REQ, e) < 0 ||
	    order(in, c->rvq, F_REVIEW_REQ, c->rvd, F_REVIEW_DEC, e) < 0 ||
	    order(in, c->rvd, F_REVIEW_DEC, c->rrq, F_REREVIEW_REQ, e) < 0 ||
	    order(in, c->rrq, F_REREVIEW_REQ, c->rrd, F_REREVIEW_DEC, e) < 0 ||
	    order(in, c->received, F_RECEIVED_AT, c->term, F_TERMINATED_AT,
	    e) < 0)
		return -1;
	if (c->closed[0] && !c->replied[0])
		return xf_err_col(e, XF_EROW, colname(in, F_REPLIED_AT),
		    "closed on %.10s with no reply date", c->closed);
	if ((strcmp(c->status, "closed") == 0 ||
	    strcmp(c->status, "review") == 0 ||
	    strcmp(c->status, "re-review") == 0) && !c->closed[0])
		return xf_err_col(e, XF_EROW, colname(in, F_CLOSED_AT),
		    "status %s needs closed_at", c->status);
	if (strcmp(c->status, "terminated") == 0 && !c->closed[0] &&
	    !c->term[0])
		return xf_err_col(e, XF_EROW, colname(in, F_TERMINATED_AT),
		    "status terminated needs terminated_at or closed_at");
	if (strcmp(c->status, "review") == 0 && !c->rvq[0])
		return xf_err_col(e, XF_EROW, colname(in, F_REVIEW_REQ),
		    "status review needs review_requested_at");
	if (strcmp(c->status, "re-review") == 0 && !c->rrq[0])
		return xf_err_col(e, XF_EROW, colname(in, F_REREVIEW_REQ),
		    "status re-review needs rereview_requested_at");
	if (c->rvd[0] && !c->rvq[0])
		return xf_err_col(e, XF_EROW, colname(in, F_REVIEW_REQ),
		    "review decided with no request date");
	if (c->rrd[0] && !c->rrq[0])
		return xf_err_col(e, XF_EROW, colname(in, F_REREVIEW_REQ),
		    "re-review decided with no request date");
	if ((strcmp(c->status, "assigned") == 0 ||
	    strcmp(c->status, "accepted") == 0) && c->closed[0])
		return xf_err_col(e, XF_EROW, colname(in, F_STATUS),
		    "status %s but closed_at is %.10s", c->status, c->closed);
	if (c->f[F_RESOLVED][0]) {
		if ((c->resolved = xf_bool_parse(c->f[F_RESOLVED])) < 0)
			return unknown_word(in, F_RESOLVED, XF_VOCAB_BOOL,
			    c->f[F_RESOLVED], e);
		if (c->resolved && !c->closed[0])
			return xf_err_col(e, XF_EROW, colname(in, F_RESOLVED),
			    "resolved but not closed");
	}
	if (c->f[F_SATISFACTION][0]) {
		if ((c->satisfaction = xf_satisfaction_norm(
		    c->f[F_SATISFACTION])) == NULL)
			return unknown_word(in, F_SATISFACTION,
			    XF_VOCAB_SATISFACTION, c->f[F_SATISFACTION], e);
		if (c->satisfaction[0] && !c->closed[0])
			return xf_err_col(e, XF_EROW,
			    colname(in, F_SATISFACTION),
			    "evaluated but not closed");
	}
	if (check_recorded(in, c, e) < 0)
		return -1;
	/* Accepted matters without a deadline get the statutory 60 days. */
	if (c->accepted[0] && !c->deadline[0]) {
		struct xf_time t;

		xf_date_parse(c->accepted, XF_DATE_YMD, &t, NULL);
		xf_date_fmt(xf_limits_deadline(in->limits, in->cal,
		    XF_LIMIT_HANDLE, t.day), c->deadline);
	}
	return 0;
}

/*
 * leapfrog_level of a --history row (xf-export's): the level a leapfrog
 * petition reached, which is the level it was received at; empty for
 * none.  It says whether the petition was a leapfrog, not the rules.
 */
static int
leapfrog_col(struct xf_intake *in, struct xf_cand *c, struct xf_err *e)
{
	const char *s = c->f[F_LEAPFROG_LEVEL], *w;

	c->is_leapfrog = 0;
	if (*s == '\0')
		return 0;
	if ((w = xf_level_norm(s)) == NULL)
		return unknown_word(in, F_LEAPFROG_LEVEL, XF_VOCAB_LEVEL, s, e);
	if (c->level_received == NULL || strcmp(w, c->level_received) != 0)
		return xf_err_col(e, XF_EROW, colname(in, F_LEAPFROG_LEVEL),
		    "a leapfrog to %s, but level_received is %s", w,
		    c->level_received ? c->level_received : "empty");
	c->is_leapfrog = 1;
	return 0;
}

/* The unit, the person and the fingerprint of a checked row: 0. */
static int
finish(struct xf_intake *in, struct xf_cand *c)
{
	if (in->units != NULL && c->f[F_UNIT][0]) {
		const struct xf_unit *u = xf_units_resolve(in->units,
		    c->f[F_UNIT]);

		c->unit_code = u ? xf_unit_code(u) : NULL;
	}
	person_key(c);
	if (c->f[F_SOURCE_REF][0] == '\0')
		fingerprint(in, c);
	return 0;
}

/*
 * Validate and normalise the current record into c.  Returns 0, 1 to skip
 * a blank row, or -1 with e set (column named).
 */
int
xf_intake_validate(struct xf_intake *in, struct xf_csv *r, struct xf_cand *c,
    char **vals, struct xf_err *e)
{
	static const char empty[] = "";
	size_t n = xf_csv_nfields(r);
	int blank = 1;
	long toolong = xf_csv_toolong(r);
	struct xf_rule_hit hit;
	int rc;

	memset(c, 0, sizeof(*c));
	for (int i = 0; i < NFIELD; i++)
		c->f[i] = empty;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = xf_csv_field(r, i, &len);

		if (len)
			blank = 0;
		vals[i] = (char *)s;
	}
	if (blank)
		return 1;
	if (n != in->ncol)
		return xf_err_set(e, XF_EROW, "row has %zu fields, the header "
		    "has %zu", n, in->ncol);
	if (toolong >= 0)
		return xf_err_col(e, XF_EROW, in->hdr[toolong],
		    "field longer than %d bytes (a rejects file keeps its "
		    "first %d)", XF_FIELD_MAX, XF_FIELD_MAX);
	/* Validation trims copies; the originals stay for --rejects. */
	{
		size_t total = 1;

		for (size_t i = 0; i < n; i++) {
			size_t len;

			xf_csv_field(r, i, &len);
			total += len + 1;
		}
		xf_buf_reset(&in->row);
		if (total > in->row.cap) {
			char *b = realloc(in->row.s, total);

			if (b == NULL)
				return xf_err_set(e, XF_ENOMEM, "out of memory");
			in->row.s = b;
			in->row.cap = total;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t len, bad;
		const char *s = xf_csv_field(r, i, &len);
		char *copy;

		if ((bad = xf_utf8_check(s, len)) != len) {
			if (s[bad] == '\0')
				return xf_err_col(e, XF_EROW, in->hdr[i],
				    "NUL byte at byte %zu", bad + 1);
			return xf_err_col(e, XF_EROW, in->hdr[i],
			    "invalid UTF-8 at byte %zu (is the file GB18030? "
			    "try --encoding GB18030)", bad + 1);
		}
		if (xf_err_fffd(e, in->hdr[i], s, len) < 0)
			return -1;
		if (in->colfield[i] < 0)
			continue;
		copy = in->row.s + in->row.len;
		memcpy(copy, s, len + 1);
		in->row.len += len + 1;
		c->f[in->colfield[i]] = trim(copy, len);
	}

	/* Fields read from a column another field was read from (--map). */
	for (int k = 0; k < in->nalso; k++)
		c->f[in->also[k][0]] = c->f[in->also[k][1]];
	/*
	 * Fixed values (--set, --force-set), then the word maps, so that a
	 * fixed value is read as the file's would be.  Both point at strings
	 * that live as long as in.
	 */
	for (int k = 0; k < in->nset; k++) {
		int f = in->setlist[k];

		if (in->setforce[f] || c->f[f][0] == '\0')
			c->f[f] = in->setval[f];
	}
	for (int k = 0; k < in->nmapfield; k++) {
		int f = in->mapfield[k];
		const char *w;

		if (c->f[f][0] && (w = xf_intake_mapped(in, f, c->f[f])) !=
		    NULL)
			c->f[f] = w;
	}
	/* received_at */
	if (c->f[F_RECEIVED_AT][0] == '\0')
		return required(in, F_RECEIVED_AT, "", e);
	if (date_col(in, c, F_RECEIVED_AT, c->received, &c->recv_day, e) < 0)
		return -1;
	/* channel: an empty one is an error unless --set gives one. */
	if (c->f[F_CHANNEL][0] == '\0')
		return required(in, F_CHANNEL, " (give rows without one a "
		    "channel with --set channel=WORD, such as other)", e);
	if ((c->channel = xf_channel_norm(c->f[F_CHANNEL])) == NULL)
		return unknown_word(in, F_CHANNEL, XF_VOCAB_CHANNEL,
		    c->f[F_CHANNEL], e);
	/* content */
	if (c->f[F_CONTENT][0] == '\0')
		return required(in, F_CONTENT, "", e);
	/* petitioner */
	if (c->f[F_ANONYMOUS][0]) {
		if ((c->anonymous = xf_bool_parse(c->f[F_ANONYMOUS])) < 0)
			return unknown_word(in, F_ANONYMOUS, XF_VOCAB_BOOL,
			    c->f[F_ANONYMOUS], e);
	} else if (strcmp(c->f[F_NAME], "匿名") == 0)
		c->anonymous = 1;
	if (!c->anonymous && c->f[F_NAME][0] == '\0')
		return required(in, F_NAME, " unless the petition is anonymous "
		    "(anonymous=yes; for every row, --set anonymous=yes)", e);
	if (c->f[F_ID_NUMBER][0] &&
	    xf_idno_check_asof(c->f[F_ID_NUMBER], in->asof.day, c->id, e) <
	    0) {
		snprintf(e->column, sizeof(e->column), "%s",
		    colname(in, F_ID_NUMBER));
		e->code = XF_EROW;
		return -1;
	}
	if (c->f[F_PHONE][0] && xf_phone_check(c->f[F_PHONE], c->phone, e) <
	    0) {
		snprintf(e->column, sizeof(e->column), "%s",
		    colname(in, F_PHONE));
		e->code = XF_EROW;
		return -1;
	}
	/* persons */
	c->persons = 1;
	if (c->f[F_PERSONS][0]) {
		char *end;

		c->persons = strtol(c->f[F_PERSONS], &end, 10);
		if (*end != '\0' || c->persons < 1 || c->persons > 100000)
			return xf_err_col(e, XF_EROW, colname(in, F_PERSONS),
			    "\"%s\" is not a whole number of at least 1",
			    c->f[F_PERSONS]);
	}
	c->is_group = c->persons >= in->o.group_min;
	/* levels and supervision */
	if (c->f[F_LEVEL_RECEIVED][0] && (c->level_received =
	    xf_level_norm(c->f[F_LEVEL_RECEIVED])) == NULL)
		return unknown_word(in, F_LEVEL_RECEIVED, XF_VOCAB_LEVEL,
		    c->f[F_LEVEL_RECEIVED], e);
	if (c->f[F_PROBLEM_LEVEL][0] && (c->problem_level =
	    xf_level_norm(c->f[F_PROBLEM_LEVEL])) == NULL)
		return unknown_word(in, F_PROBLEM_LEVEL, XF_VOCAB_LEVEL,
		    c->f[F_PROBLEM_LEVEL], e);
	if (c->f[F_SUPERVISION][0]) {
		c->supervision = xf_level_norm(c->f[F_SUPERVISION]);
		if (c->supervision == NULL)
			return unknown_word(in, F_SUPERVISION, XF_VOCAB_LEVEL,
			    c->f[F_SUPERVISION], e);
		if (xf_level_rank(c->supervision) < xf_level_rank("city"))
			return xf_err_col(e, XF_EROW, colname(in, F_SUPERVISION),
			    "\"%s\" is not ministry, province or city",
			    c->f[F_SUPERVISION]);
	}
	if (c->f[F_SUPERVISION_DEADLINE][0]) {
		struct xf_time t;

		if (xf_date_parse(c->f[F_SUPERVISION_DEADLINE],
		    in->o.date_order, &t, e) < 0) {
			char msg[XF_ERRMAX];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			return xf_err_col(e, XF_EROW,
			    colname(in, F_SUPERVISION_DEADLINE), "%s", msg);
		}
		if (!c->supervision)
			return xf_err_col(e, XF_EROW,
			    colname(in, F_SUPERVISION_DEADLINE),
			    "a supervision deadline needs a supervision level");
		xf_date_fmt(t.day, c->supdl);
	}
	/* classification and triage */
	c->category = c->f[F_CATEGORY][0] ? c->f[F_CATEGORY] : NULL;
	c->disposition = "accept";
	rc = in->rules ? xf_rules_match(in->rules, cand_get, c, &hit, e) : 0;
	if (rc < 0)
		return -1;
	if (rc > 0) {
		if (c->category == NULL)
			c->category = hit.category;
		c->disposition = hit.disposition;
		c->target = hit.target;
		c->reason = hit.reason;
		c->rule = hit.name;
		if (c->problem_level == NULL)
			c->problem_level = hit.level;
	}
	if (c->level_received && xf_level_rank(c->level_received) -
	    xf_level_rank(c->problem_level ? c->problem_level : "district") > 1)
		c->is_leapfrog = 1;
	xf_date_fmt(xf_limits_deadline(in->limits, in->cal, XF_LIMIT_TRIAGE,
	    c->recv_day), c->triage_dl);
	/* A leapfrog as it was judged then, whatever the rules say now. */
	if (in->o.history && in->fieldcol[F_LEAPFROG_LEVEL] >= 0 &&
	    leapfrog_col(in, c, e) < 0)
		return -1;
	if (in->o.history) {
		/* The row's own case_id, if it reads as one. */
		if (in->idcol >= 0 && in->idcol < (long)n) {
			const char *b = vals[in->idcol], *end = b + strlen(b);
			char id[40];

			xf_trim(&b, &end);
			snprintf(id, sizeof(id), "%.*s", (int)(end - b), b);
			if ((c->file_no = xf_case_no(id)) < 0)
				c->file_no = 0;
		}
		if (case_ref(in, c, F_PETITION_OF, &c->petition_of, e) < 0)
			return -1;
		if (c->petition_of)
			return check_petition(in, c, e) < 0 ? -1 :
			    finish(in, c);
		if (check_history(in, c, e) < 0)
			return -1;
		c->disposition = xf_status_disposition(c->status);
		/* The rule's organ or reason only if it agrees. */
		if (!c->keep_target &&
		    strcmp(c->disposition, hit_disposition(rc, &hit)) != 0)
			c->target = c->reason = NULL;
	} else {
		c->status = xf_disposition_status(c->disposition);
		snprintf(c->triaged, sizeof(c->triaged), "%s", in->asof_day);
		if (strcmp(c->status, "accepted") == 0) {
			snprintf(c->accepted, sizeof(c->accepted), "%s",
			    in->asof_day);
			xf_date_fmt(xf_limits_deadline(in->limits, in->cal,
			    XF_LIMIT_HANDLE, in->asof.day),
			    c->deadline);
		}
	}
	return finish(in, c);
}
