/*
 * lifecycle.c: what happens to a matter after assignment (xf-update).
 *
 * Each CSV row names a case, an event and when it happened.  The row is
 * read and checked (columns, words, dates), the case loaded, and the
 * step judged against the lifecycle of DOMAIN.md as a state machine:
 *
 *	accepted/assigned --reply--> closed --review-request--> review
 *	review --review-opinion--> closed (redo: assigned, new deadline)
 *	closed --rereview-request--> re-review (after a review opinion)
 *	re-review --rereview-opinion--> closed (redo: assigned)
 *	closed --terminate--> terminated (after a re-review that upholds)
 *
 * with resolve, evaluate and follow-up allowed any time after a reply,
 * and note on any case.  Only when the whole step is allowed is it
 * written, in one call of the case layer (one event per changed column),
 * so a bad row never half-applies.  A step already in the store is
 * "unchanged", so the same input can be run again.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define DEFAULT_BATCH	10000

/* The wanted input columns. */
enum {
	I_CASE, I_EVENT, I_AT, I_OPINION, I_OUTCOME, I_SATISFACTION, I_TEXT,
	I_SUGGESTION, NIN
};

static const char *const a_case[] = { "案件编号", "事项编号",
    "信访事项编号", "case", NULL };
static const char *const a_event[] = { "事件", "环节", "办理环节",
    "kind", NULL };
static const char *const a_at[] = { "日期", "时间", "日期时间",
    "发生时间", "办理日期", "date", "time", "when", NULL };
static const char *const a_opinion[] = { "处理意见", "答复意见",
    "意见", NULL };
static const char *const a_outcome[] = { "复查意见", "复核意见",
    "复查结论", "复核结论", "结论", "review_outcome", "rereview_outcome",
    NULL };
static const char *const a_satisfaction[] = { "满意度", "评价结果",
    "满意度评价", "评价", NULL };
static const char *const a_text[] = { "内容", "答复内容", "回访内容",
    "说明", "备注", "note", "content", NULL };
static const char *const a_suggestion[] = { "意见建议", "建议",
    "回访建议", NULL };

static const struct xf_colspec spec[NIN] = {
	{ "case_id", a_case, 1 },
	{ "event", a_event, 1 },
	{ "at", a_at, 1 },
	{ "opinion", a_opinion, 0 },
	{ "outcome", a_outcome, 0 },
	{ "satisfaction", a_satisfaction, 0 },
	{ "text", a_text, 0 },
	{ "suggestion", a_suggestion, 0 },
};

/* The output columns. */
enum {
	O_CASE_ID, O_LINE, O_EVENT, O_RESULT, O_STATUS, O_AT, O_DUE,
	O_DEADLINE, O_REPLIED_AT, O_REVIEW_REQ, O_REVIEW_DEC, O_REREVIEW_REQ,
	O_REREVIEW_DEC, O_TERMINATED_AT, O_RESOLVED_AT, O_SATISFACTION,
	O_FOLLOWUPS, NOUT
};

static const char *const out_names[NOUT + 1] = {
	"case_id", "line", "event", "result", "status", "at", "due",
	"deadline", "replied_at", "review_requested_at", "review_decided_at",
	"rereview_requested_at", "rereview_decided_at", "terminated_at",
	"resolved_at", "satisfaction", "followups", NULL
};

struct xf_update {
	struct xf_update_opts o;
	struct xf_rows_cb cb;
	struct xf_config *cfg;
	const struct xf_cal *cal;		/* owned by cfg */
	const struct xf_limits *lim;		/* owned by cfg */
	struct xf_time asof;
	char asof_text[24], asof_day[12];

	struct xf_db *db;
	struct xf_cases *cases;
	struct xf_batch *batch;

	char **names;		/* every file read, for pending rows */
	size_t nnames;
	struct xf_buf note;	/* the note of the step in hand */

	long long n_read, n_changed, n_unchanged, n_rejected;
};

/* One row as read and checked. */
struct step {
	long long no;
	const char *event;	/* canonical event word */
	char at[24];		/* normalised time */
	long day;
	const char *value;	/* canonical opinion, outcome, satisfaction */
	const char *text, *suggestion;
	const char *col_case, *col_event, *col_at;	/* as in the file */
};

/* What the step does to the case, once judged. */
struct plan {
	struct xf_set set[8];
	size_t n;
	const char *result;	/* changed, late, forced, unchanged */
	int note_only;		/* an event without a column change */
	char due[12];		/* the limit the step is measured against */
	char deadline[12];	/* a redo's new handling deadline */
	char count[24];		/* a follow-up's count */
	char force[XF_ERRMAX + 16];	/* what --force overrode, or "" */
};

/* The output's column names, NULL-terminated; static, never freed. */
const char *const *
xf_update_columns(void)
{
	return out_names;
}

/* How many output columns there are. */
size_t
xf_update_ncolumns(void)
{
	return NOUT;
}

/* The count of rows `what' so far (see xf.h); 0 for an unknown word. */
long long
xf_update_count(const struct xf_update *u, const char *what)
{
	if (strcmp(what, "changed") == 0)
		return u->n_changed;
	if (strcmp(what, "unchanged") == 0)
		return u->n_unchanged;
	if (strcmp(what, "rejected") == 0)
		return u->n_rejected;
	if (strcmp(what, "read") == 0)
		return u->n_read;
	return 0;
}

/* ---- set-up ---------------------------------------------------------- */

/* Free u and what it owns (not the store); rolls back an open batch. */
void
xf_update_free(struct xf_update *u)
{
	if (u == NULL)
		return;
	xf_batch_free(u->batch);
	xf_cases_free(u->cases);
	xf_config_free(u->cfg);
	for (size_t i = 0; i < u->nnames; i++)
		free(u->names[i]);
	free(u->names);
	xf_buf_free(&u->note);
	free(u);
}

/* Prepare a run; see xf.h. */
struct xf_update *
xf_update_new(const struct xf_update_opts *o, const struct xf_rows_cb *cb,
    struct xf_err *e)
{
	struct xf_update *u;

	if ((u = calloc(1, sizeof(*u))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	u->o = *o;
	if (cb)
		u->cb = *cb;
	if (u->o.batch <= 0)
		u->o.batch = DEFAULT_BATCH;
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &u->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date "
			    "\"%s\"", o->as_of);
			goto fail;
		}
		if (u->asof.sec < 0)
			u->asof.sec = 86399;	/* the whole day counts */
	} else
		xf_time_now(&u->asof);
	xf_time_fmt(&u->asof, u->asof_text);
	xf_date_fmt(u->asof.day, u->asof_day);
	if ((u->cfg = xf_config_load(o->config_dir, 0, e)) == NULL)
		goto fail;
	u->cal = xf_config_cal(u->cfg);
	u->lim = xf_config_limits(u->cfg);
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	return u;
fail:
	xf_update_free(u);
	return NULL;
}

/* A committed row: count it and hand it to the caller. */
static int
emit(void *arg, const char *file, long line, const char *result,
    const char *const *v)
{
	struct xf_update *u = arg;

	if (strcmp(result, "unchanged") == 0)
		u->n_unchanged++;
	else
		u->n_changed++;
	return u->cb.done ? u->cb.done(u->cb.arg, v) : 0;
}

/* Use the store db; see xf.h. */
int
xf_update_attach(struct xf_update *u, struct xf_db *db, struct xf_err *e)
{
	u->db = db;
	if ((u->cases = xf_cases_new(db, e)) == NULL)
		return -1;
	u->batch = xf_batch_new(db, "xf-update", u->asof_text, u->o.actor,
	    u->o.argc, u->o.argv, u->o.batch, u->o.dry_run, NOUT, emit, u);
	if (u->batch == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* ---- reading a row ---------------------------------------------------- */

/* An unknown or missing word of vocabulary v in column k. */
static int
bad_word(const struct xf_table *t, size_t k, int v, const char *s,
    const char *why, struct xf_err *e)
{
	char list[512];

	xf_vocab_list(v, list, sizeof(list));
	if (*s == '\0')
		return xf_err_col(e, XF_EROW, xf_table_colname(t, k),
		    "empty: %s needs %s (%s)", why, xf_vocab_name(v), list);
	return xf_err_col(e, XF_EROW, xf_table_colname(t, k),
	    "unknown %s \"%s\" (accepted: %s)", xf_vocab_name(v), s, list);
}

/* The word of vocabulary v in column k, required for the event. */
static int
word(const struct xf_table *t, size_t k, int v, const char *why,
    struct step *s, struct xf_err *e)
{
	const char *w = xf_table_get(t, k);

	s->value = *w ? xf_vocab_norm(v, w) : NULL;
	if (s->value == NULL || *s->value == '\0')
		return bad_word(t, k, v, w, why, e);
	return 0;
}

/* Read and check the current record into s; -1 with e (XF_EROW). */
static int
read_step(struct xf_update *u, const struct xf_table *t, struct step *s,
    struct xf_err *e)
{
	const char *id = xf_table_get(t, I_CASE);
	const char *ev = xf_table_get(t, I_EVENT);
	const char *at = xf_table_get(t, I_AT);
	struct xf_time tm;
	char list[512];

	memset(s, 0, sizeof(*s));
	s->col_case = xf_table_colname(t, I_CASE);
	s->col_event = xf_table_colname(t, I_EVENT);
	s->col_at = xf_table_colname(t, I_AT);
	for (size_t i = 0; i < xf_table_nfields(t); i++) {
		size_t len, bad;
		const char *f = xf_table_field(t, i, &len);

		const char *col = i < xf_table_ncols(t) ?
		    xf_table_header(t)[i] : "(extra field)";

		if ((bad = xf_utf8_check(f, len)) == len) {
			if (xf_err_fffd(e, col, f, len) < 0)
				return -1;
			continue;
		}
		return xf_err_col(e, XF_EROW, col, f[bad] == '\0' ?
		    "a NUL byte at byte %zu" : "not valid UTF-8 at byte %zu "
		    "(try --encoding GB18030)", bad + 1);
	}
	if (*id == '\0')
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_CASE),
		    "empty");
	if ((s->no = xf_case_no(id)) < 0)
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_CASE),
		    "malformed case id \"%.40s\" (XF-YYYYMMDD-NNNN or "
		    "XF-YYYYMMDD-A12345; see xf-db(5))", id);
	if ((s->event = xf_vocab_norm(XF_VOCAB_EVENT, ev)) == NULL) {
		xf_vocab_list(XF_VOCAB_EVENT, list, sizeof(list));
		if (*ev == '\0')
			return xf_err_col(e, XF_EROW,
			    xf_table_colname(t, I_EVENT), "empty (accepted: "
			    "%s)", list);
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_EVENT),
		    "unknown event \"%.40s\" (accepted: %s)", ev, list);
	}
	if (*at == '\0')
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_AT),
		    "empty: when did it happen?");
	if (xf_date_parse(at, XF_DATE_YMD, &tm, e) < 0) {
		e->code = XF_EROW;
		snprintf(e->column, sizeof(e->column), "%s",
		    xf_table_colname(t, I_AT));
		return -1;
	}
	if (tm.day > u->asof.day || (tm.day == u->asof.day && tm.sec >= 0 &&
	    tm.sec > u->asof.sec))
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_AT),
		    "\"%s\" is after the as-of date %s", at, u->asof_day);
	xf_time_fmt(&tm, s->at);
	s->day = tm.day;
	s->text = xf_table_get(t, I_TEXT);
	s->suggestion = xf_table_get(t, I_SUGGESTION);
	if (strcmp(s->event, "reply") == 0)
		return word(t, I_OPINION, XF_VOCAB_OPINION, "a reply", s, e);
	if (strcmp(s->event, "review-opinion") == 0)
		return word(t, I_OUTCOME, XF_VOCAB_OUTCOME, "a review opinion",
		    s, e);
	if (strcmp(s->event, "rereview-opinion") == 0)
		return word(t, I_OUTCOME, XF_VOCAB_OUTCOME,
		    "a re-review opinion", s, e);
	if (strcmp(s->event, "evaluate") == 0) {
		const char *w = xf_table_get(t, I_SATISFACTION);

		/* Not evaluated (未评价) is a word too: "" canonically. */
		if ((s->value = xf_vocab_norm(XF_VOCAB_SATISFACTION, w)) ==
		    NULL || *w == '\0')
			return bad_word(t, I_SATISFACTION,
			    XF_VOCAB_SATISFACTION, w, "an evaluation", e);
		return 0;
	}
	if ((strcmp(s->event, "follow-up") == 0 ||
	    strcmp(s->event, "note") == 0) && *s->text == '\0')
		return xf_err_col(e, XF_EROW, xf_table_colname(t, I_TEXT),
		    "empty: a %s needs its text", s->event);
	return 0;
}

/* ---- judging a step ----------------------------------------------------- */

/* Each event: its noun for messages and the column dating it (or -1). */
static const struct {
	const char *event, *noun;
	int dated;
} events[] = {
	{ "reply", "a reply", XF_C_REPLIED_AT },
	{ "resolve", "a resolution", XF_C_RESOLVED_AT },
	{ "evaluate", "an evaluation", XF_C_EVALUATED_AT },
	{ "review-request", "a review request", XF_C_REVIEW_REQ },
	{ "review-opinion", "a review opinion", XF_C_REVIEW_DEC },
	{ "rereview-request", "a re-review request", XF_C_REREVIEW_REQ },
	{ "rereview-opinion", "a re-review opinion", XF_C_REREVIEW_DEC },
	{ "terminate", "a termination", XF_C_TERMINATED_AT },
	{ "follow-up", "a follow-up", -1 },
	{ "note", "a note", -1 },
};

static int
event_index(const char *ev)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (strcmp(events[i].event, ev) == 0)
			return (int)i;
	return -1;
}

/* Registered, or triaged away: forwarded, referred, not accepted. */
static int
never_accepted(const char *status)
{
	return strcmp(xf_status_disposition(status), "accept") != 0;
}

/* Refuse step s: the reason, about its event column. */
static int
refuse(const struct step *s, struct xf_err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
refuse(const struct step *s, struct xf_err *e, const char *fmt, ...)
{
	char msg[XF_ERRMAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return xf_err_col(e, XF_EROW, s->col_event, "%s", msg);
}

/* The step may not come before the one it follows (at `prev'). */
static int
after(const struct step *s, const char *prev, const char *what,
    struct xf_err *e)
{
	if (*prev && strncmp(s->at, prev, 10) < 0)
		return xf_err_col(e, XF_EROW, s->col_at, "%.10s is before %s "
		    "on %.10s", s->at, what, prev);
	return 0;
}

static void
add(struct plan *p, int col, const char *value)
{
	p->set[p->n].col = col;
	p->set[p->n].value = value;
	p->n++;
}

/*
 * Is day within period lim started on start?  Fills p->due with the
 * period's last day; past it, with --force, p->force says what was
 * overridden, else the step is refused.
 */
static int
window(struct xf_update *u, const struct step *s, struct plan *p, int lim,
    long start, const char *what, const char *from, struct xf_err *e)
{
	long end = xf_limits_deadline(u->lim, u->cal, lim, start);
	int days = xf_limits_days(u->lim, lim);
	char msg[XF_ERRMAX];

	xf_date_fmt(end, p->due);
	if (s->day <= end)
		return 0;
	if (end == start + days)
		snprintf(msg, sizeof(msg), "%s %ld days after %s; the limit "
		    "is %d", what, s->day - start, from, days);
	else
		snprintf(msg, sizeof(msg), "%s %ld days after %s; the limit "
		    "is %d (to %s, the next working day)", what,
		    s->day - start, from, days, p->due);
	if (!u->o.force)
		return xf_err_col(e, XF_EROW, s->col_at, "%s", msg);
	snprintf(p->force, sizeof(p->force), "--force: %s", msg);
	p->result = "forced";
	return 0;
}

/* Late if the step is past period lim started on start; fills p->due. */
static void
measure(struct xf_update *u, const struct step *s, struct plan *p, int lim,
    long start)
{
	xf_date_fmt(xf_limits_deadline(u->lim, u->cal, lim, start), p->due);
	if (s->day > xf_limits_deadline(u->lim, u->cal, lim, start))
		p->result = "late";
}

/* The changes of a review's or re-review's opinion. */
static void
opinion(struct xf_update *u, const struct step *s, struct plan *p,
    int col_dec, int col_out)
{
	add(p, col_dec, s->at);
	add(p, col_out, s->value);
	if (strcmp(s->value, "redo") != 0) {
		add(p, XF_C_STATUS, "closed");
		return;
	}
	/* Revoked, to be handled again: open, with a new handling period. */
	xf_date_fmt(xf_limits_deadline(u->lim, u->cal, XF_LIMIT_HANDLE,
	    s->day), p->deadline);
	add(p, XF_C_CLOSED_AT, "");
	add(p, XF_C_DEADLINE, p->deadline);
	add(p, XF_C_EXTENDED_DEADLINE, "");
	add(p, XF_C_EXTENDED_AT, "");
	add(p, XF_C_STATUS, "assigned");
}

/*
 * Is the stored opinion of a reply the canonical word w?  xf-intake
 * --history keeps an old case's outcome as written (解释), so it is read
 * through the vocabulary.
 */
static int
same_opinion(const char *stored, const char *w)
{
	const char *n = xf_vocab_norm(XF_VOCAB_OPINION, stored);

	return strcmp(n ? n : stored, w) == 0;
}

#define V(k)		(c->v[(k)])
#define IS(k, w)	(strcmp(c->v[(k)], (w)) == 0)
#define DAY(k)		(strncmp(c->v[(k)], s->at, 10) == 0 && *c->v[(k)])

/* Judge a reply. */
static int
judge_reply(const struct step *s, const struct xf_case *c, struct plan *p,
    struct xf_err *e)
{
	const char *st = V(XF_C_STATUS), *dl = *V(XF_C_EXTENDED_DEADLINE) ?
	    V(XF_C_EXTENDED_DEADLINE) : V(XF_C_DEADLINE);

	if (never_accepted(st))
		return refuse(s, e, "a reply to a matter never accepted "
		    "(status %s)", st);
	if (DAY(XF_C_REPLIED_AT) && *V(XF_C_OUTCOME) &&
	    !same_opinion(V(XF_C_OUTCOME), s->value))
		return refuse(s, e, "already replied on %.10s with opinion %s",
		    V(XF_C_REPLIED_AT), xf_vocab_norm(XF_VOCAB_OPINION,
		    V(XF_C_OUTCOME)) ? xf_vocab_norm(XF_VOCAB_OPINION,
		    V(XF_C_OUTCOME)) : V(XF_C_OUTCOME));
	if (strcmp(st, "accepted") != 0 && strcmp(st, "assigned") != 0)
		return refuse(s, e, "already replied on %.10s (status %s)",
		    V(XF_C_REPLIED_AT), st);
	if (after(s, V(XF_C_ACCEPTED_AT), "the acceptance", e) < 0)
		return -1;
	snprintf(p->due, sizeof(p->due), "%.10s", dl);
	if (*dl && strncmp(s->at, dl, 10) > 0)
		p->result = "late";
	add(p, XF_C_REPLIED_AT, s->at);
	add(p, XF_C_OUTCOME, s->value);
	add(p, XF_C_CLOSED_AT, s->at);
	add(p, XF_C_STATUS, "closed");
	return 0;
}

/* Judge a review request, or (re = 1) a re-review request. */
static int
judge_request(struct xf_update *u, const struct step *s,
    const struct xf_case *c, struct plan *p, int re, struct xf_err *e)
{
	const char *st = V(XF_C_STATUS);
	long from;

	if (!re) {
		if (strcmp(st, "review") == 0)
			return refuse(s, e, "already under review since %.10s",
			    V(XF_C_REVIEW_REQ));
		if (strcmp(st, "closed") != 0)
			return refuse(s, e, "a review request for a matter "
			    "that is not closed (status %s)", st);
		if (*V(XF_C_REVIEW_REQ))
			return refuse(s, e, "a second review request: the "
			    "review requested on %.10s was decided on %.10s; a "
			    "re-review is next", V(XF_C_REVIEW_REQ),
			    V(XF_C_REVIEW_DEC));
		if (after(s, V(XF_C_REPLIED_AT), "the reply", e) < 0 ||
		    window(u, s, p, XF_LIMIT_REVIEW_ASK,
		    xf_stored_day(V(XF_C_REPLIED_AT)), "review requested",
		    "the reply", e) < 0)
			return -1;
		add(p, XF_C_REVIEW_REQ, s->at);
		add(p, XF_C_STATUS, "review");
		return 0;
	}
	if (*V(XF_C_REVIEW_REQ) == '\0')
		return refuse(s, e, "a re-review before a review (status %s)",
		    st);
	if (*V(XF_C_REVIEW_DEC) == '\0')
		return refuse(s, e, "a re-review before the review opinion "
		    "(under review since %.10s)", V(XF_C_REVIEW_REQ));
	if (strcmp(st, "re-review") == 0)
		return refuse(s, e, "already under re-review since %.10s",
		    V(XF_C_REREVIEW_REQ));
	if (strcmp(st, "closed") != 0)
		return refuse(s, e, "a re-review request for a matter that "
		    "is not closed (status %s)", st);
	if (*V(XF_C_REREVIEW_REQ))
		return refuse(s, e, "a second re-review request: the "
		    "re-review requested on %.10s was decided on %.10s",
		    V(XF_C_REREVIEW_REQ), V(XF_C_REREVIEW_DEC));
	if (after(s, V(XF_C_REVIEW_DEC), "the review opinion", e) < 0)
		return -1;
	/* After a redo, counted from the new reply to the redone matter. */
	from = xf_stored_day(V(XF_C_REVIEW_DEC));
	if (xf_stored_day(V(XF_C_REPLIED_AT)) > from)
		from = xf_stored_day(V(XF_C_REPLIED_AT));
	if (window(u, s, p, XF_LIMIT_REREVIEW_ASK, from,
	    "re-review requested", from == xf_stored_day(V(XF_C_REVIEW_DEC)) ?
	    "the review opinion" : "the new reply", e) < 0)
		return -1;
	add(p, XF_C_REREVIEW_REQ, s->at);
	add(p, XF_C_STATUS, "re-review");
	return 0;
}

/* Judge a review opinion, or (re = 1) a re-review opinion. */
static int
judge_opinion(struct xf_update *u, const struct step *s,
    const struct xf_case *c, struct plan *p, int re, struct xf_err *e)
{
	const char *st = V(XF_C_STATUS), *kind = re ? "re-review" : "review";
	int req = re ? XF_C_REREVIEW_REQ : XF_C_REVIEW_REQ;
	int dec = re ? XF_C_REREVIEW_DEC : XF_C_REVIEW_DEC;
	int out = re ? XF_C_REREVIEW_OUTCOME : XF_C_REVIEW_OUTCOME;

	if (*V(req) == '\0')
		return refuse(s, e, "a %s opinion with no %s request (status "
		    "%s)", kind, kind, st);
	if (DAY(dec) && !IS(out, s->value))
		return refuse(s, e, "the %s was decided on %.10s with outcome "
		    "%s", kind, V(dec), V(out));
	if (strcmp(st, kind) != 0)
		return refuse(s, e, "a %s opinion for a matter not under %s "
		    "(status %s)", kind, kind, st);
	if (after(s, V(req), re ? "the re-review request" :
	    "the review request", e) < 0)
		return -1;
	measure(u, s, p, re ? XF_LIMIT_REREVIEW : XF_LIMIT_REVIEW,
	    xf_stored_day(V(req)));
	opinion(u, s, p, dec, out);
	return 0;
}

/*
 * Judge step s on case c: fill p with what to change and its result,
 * "unchanged" when the case already is so, or refuse with e (XF_EROW).
 */
static int
judge(struct xf_update *u, const struct step *s, const struct xf_case *c,
    struct plan *p, struct xf_err *e)
{
	const char *st = V(XF_C_STATUS), *ev = s->event;
	int k = event_index(ev);

	p->result = "changed";
	if (k < 0)
		return refuse(s, e, "xf-update does not record %s", ev);
	/* Already so: the same step run again. */
	if ((strcmp(ev, "reply") == 0 && IS(XF_C_REPLIED_AT, s->at) &&
	    same_opinion(V(XF_C_OUTCOME), s->value)) ||
	    (strcmp(ev, "resolve") == 0 && IS(XF_C_RESOLVED, "1") &&
	    DAY(XF_C_RESOLVED_AT)) ||
	    (strcmp(ev, "evaluate") == 0 && *s->value &&
	    IS(XF_C_SATISFACTION, s->value) && IS(XF_C_EVALUATED_AT, s->at)) ||
	    (strcmp(ev, "review-request") == 0 && IS(XF_C_REVIEW_REQ, s->at)) ||
	    (strcmp(ev, "review-opinion") == 0 && IS(XF_C_REVIEW_DEC, s->at) &&
	    IS(XF_C_REVIEW_OUTCOME, s->value)) ||
	    (strcmp(ev, "rereview-request") == 0 &&
	    IS(XF_C_REREVIEW_REQ, s->at)) ||
	    (strcmp(ev, "rereview-opinion") == 0 &&
	    IS(XF_C_REREVIEW_DEC, s->at) &&
	    IS(XF_C_REREVIEW_OUTCOME, s->value)) ||
	    (strcmp(ev, "terminate") == 0 && strcmp(st, "terminated") == 0 &&
	    IS(XF_C_TERMINATED_AT, s->at))) {
		p->result = "unchanged";
		return 0;
	}
	if (strcmp(ev, "note") == 0) {
		p->note_only = 1;
		return after(s, V(XF_C_RECEIVED_AT), "the registration", e);
	}
	if (strcmp(ev, "reply") == 0)
		return judge_reply(s, c, p, e);
	/* Every other step comes after a reply. */
	if (*V(XF_C_REPLIED_AT) == '\0') {
		if (never_accepted(st))
			return refuse(s, e, "%s of a matter never accepted "
			    "(status %s)", events[k].noun, st);
		return refuse(s, e, "%s before any reply (status %s)",
		    events[k].noun, st);
	}
	if (strcmp(ev, "resolve") == 0) {
		if (IS(XF_C_RESOLVED, "1") && *V(XF_C_RESOLVED_AT))
			return refuse(s, e, "already resolved on %.10s",
			    V(XF_C_RESOLVED_AT));
		if (after(s, V(XF_C_REPLIED_AT), "the reply", e) < 0)
			return -1;
		add(p, XF_C_RESOLVED, "1");
		add(p, XF_C_RESOLVED_AT, s->at);
		return 0;
	}
	if (strcmp(ev, "evaluate") == 0) {
		if (after(s, V(XF_C_REPLIED_AT), "the reply", e) < 0)
			return -1;
		if (*s->value == '\0') {
			/* Not evaluated: said on an event, counted nowhere. */
			if (*V(XF_C_SATISFACTION))
				return refuse(s, e, "not evaluated, but "
				    "evaluated %s on %.10s already",
				    V(XF_C_SATISFACTION), V(XF_C_EVALUATED_AT));
			p->note_only = 1;
			return 0;
		}
		if (*V(XF_C_EVALUATED_AT) && strncmp(s->at,
		    V(XF_C_EVALUATED_AT), 10) < 0)
			return xf_err_col(e, XF_EROW, s->col_at, "%.10s is "
			    "before the evaluation of %.10s, which it would "
			    "replace", s->at, V(XF_C_EVALUATED_AT));
		add(p, XF_C_SATISFACTION, s->value);
		add(p, XF_C_EVALUATED_AT, s->at);
		return 0;
	}
	if (strcmp(ev, "follow-up") == 0) {
		if (after(s, V(XF_C_REPLIED_AT), "the reply", e) < 0)
			return -1;
		snprintf(p->count, sizeof(p->count), "%ld",
		    strtol(V(XF_C_FOLLOWUPS), NULL, 10) + 1);
		add(p, XF_C_FOLLOWUPS, p->count);
		add(p, XF_C_FOLLOWED_UP_AT, s->at);
		return 0;
	}
	if (strcmp(ev, "review-request") == 0)
		return judge_request(u, s, c, p, 0, e);
	if (strcmp(ev, "rereview-request") == 0)
		return judge_request(u, s, c, p, 1, e);
	if (strcmp(ev, "review-opinion") == 0)
		return judge_opinion(u, s, c, p, 0, e);
	if (strcmp(ev, "rereview-opinion") == 0)
		return judge_opinion(u, s, c, p, 1, e);
	/* terminate */
	if (strcmp(st, "terminated") == 0)
		return refuse(s, e, "already terminated%s%.10s",
		    *V(XF_C_TERMINATED_AT) ? " on " : "", V(XF_C_TERMINATED_AT));
	if (*V(XF_C_REREVIEW_DEC) == '\0')
		return refuse(s, e, "a termination before a re-review opinion "
		    "(status %s)", st);
	if (!IS(XF_C_REREVIEW_OUTCOME, "maintain"))
		return refuse(s, e, "a termination after a re-review that did "
		    "not uphold (outcome %s on %.10s); only maintain ends in "
		    "termination", *V(XF_C_REREVIEW_OUTCOME) ?
		    V(XF_C_REREVIEW_OUTCOME) : "not recorded",
		    V(XF_C_REREVIEW_DEC));
	if (strcmp(st, "closed") != 0)
		return refuse(s, e, "a termination of a matter that is not "
		    "closed (status %s)", st);
	if (after(s, V(XF_C_REREVIEW_DEC), "the re-review opinion", e) < 0)
		return -1;
	add(p, XF_C_TERMINATED_AT, s->at);
	add(p, XF_C_STATUS, "terminated");
	return 0;
}

/*
 * A refused step may be one the case has since moved past, run again:
 * its event is in the store on that day, and the column it set has
 * changed since (a reply before a redo and the new reply, an evaluation
 * replaced by a later one).  Returns 1 if so, 0, or -1.
 */
static int
moved_past(struct xf_update *u, const struct step *s,
    const struct xf_case *c, struct xf_err *e)
{
	int k = event_index(s->event);

	if (k < 0 || events[k].dated < 0 || DAY(events[k].dated))
		return 0;
	return xf_cases_seen(u->cases, s->no, s->event, s->at, NULL, e);
}

#undef V
#undef IS
#undef DAY

/* The note of step s: its text, suggestion and any override. */
static const char *
note_of(struct xf_update *u, const struct step *s, const struct plan *p)
{
	struct xf_buf *b = &u->note;

	xf_buf_reset(b);
	if (strcmp(s->event, "evaluate") == 0 && *s->value == '\0')
		xf_buf_adds(b, "not-evaluated");
	else
		xf_buf_adds(b, s->text);
	if (*s->suggestion) {
		xf_buf_adds(b, b->len ? "; suggestion: " : "suggestion: ");
		xf_buf_adds(b, s->suggestion);
	}
	if (p->force[0]) {
		xf_buf_adds(b, b->len ? "; " : "");
		xf_buf_adds(b, p->force);
	}
	return b->len ? b->s : NULL;
}

/* ---- applying ------------------------------------------------------------ */

/* Queue the output row of case c after step s. */
static int
pend(struct xf_update *u, const char *file, long line,
    const struct step *s, const struct xf_case *c, const struct plan *p,
    struct xf_err *e)
{
	const char *v[NOUT];
	char lbuf[24];

	snprintf(lbuf, sizeof(lbuf), "%ld", line);
	v[O_CASE_ID] = c->id;
	v[O_LINE] = lbuf;
	v[O_EVENT] = s->event;
	v[O_RESULT] = p->result;
	v[O_STATUS] = c->v[XF_C_STATUS];
	v[O_AT] = s->at;
	v[O_DUE] = p->due;
	v[O_DEADLINE] = *c->v[XF_C_EXTENDED_DEADLINE] ?
	    c->v[XF_C_EXTENDED_DEADLINE] : c->v[XF_C_DEADLINE];
	v[O_REPLIED_AT] = c->v[XF_C_REPLIED_AT];
	v[O_REVIEW_REQ] = c->v[XF_C_REVIEW_REQ];
	v[O_REVIEW_DEC] = c->v[XF_C_REVIEW_DEC];
	v[O_REREVIEW_REQ] = c->v[XF_C_REREVIEW_REQ];
	v[O_REREVIEW_DEC] = c->v[XF_C_REREVIEW_DEC];
	v[O_TERMINATED_AT] = c->v[XF_C_TERMINATED_AT];
	v[O_RESOLVED_AT] = c->v[XF_C_RESOLVED_AT];
	v[O_SATISFACTION] = c->v[XF_C_SATISFACTION];
	v[O_FOLLOWUPS] = c->v[XF_C_FOLLOWUPS];
	if (xf_batch_pend(u->batch, file, line, p->result, v) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/*
 * Apply step s read from file at line.  Returns 0 (applied or found so),
 * -1 with e: XF_EROW for a refused row, else a store error.
 */
static int
apply(struct xf_update *u, const char *file, long line, struct step *s,
    struct xf_err *e)
{
	struct xf_case c;
	struct plan p;
	const char *note;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = xf_cases_load(u->cases, s->no, &c, e)) < 0)
		return -1;
	if (rc == 0) {
		char id[32];

		xf_case_id(s->no, id);
		return xf_err_col(e, XF_EROW, s->col_case, "no case %s in the "
		    "store", id);
	}
	if (judge(u, s, &c, &p, e) < 0) {
		struct xf_err se = { 0 };

		if (e->code != XF_EROW)
			return -1;
		if ((rc = moved_past(u, s, &c, &se)) < 0) {
			*e = se;
			return -1;
		}
		if (rc == 0)
			return -1;
		memset(&p, 0, sizeof(p));
		p.result = "unchanged";
		return pend(u, file, line, s, &c, &p, e);
	}
	if (strcmp(p.result, "unchanged") == 0)
		return pend(u, file, line, s, &c, &p, e);
	note = note_of(u, s, &p);
	if (strcmp(s->event, "follow-up") == 0) {
		/* The same words on the same day are the same follow-up. */
		if ((rc = xf_cases_seen(u->cases, s->no, s->event, s->at, note,
		    e)) < 0)
			return -1;
		if (rc > 0)
			p.n = 0;
	}
	if (p.note_only)
		rc = xf_cases_note(u->cases, s->no, s->at, s->event, note, e);
	else if (p.n > 0)
		rc = xf_cases_change(u->cases, &c, s->at, s->event, p.set, p.n,
		    note, e);
	else
		rc = 0;
	if (rc < 0)
		return -1;
	if (rc == 0)
		p.result = "unchanged";
	if (xf_cases_load(u->cases, s->no, &c, e) < 0)
		return -1;
	return pend(u, file, line, s, &c, &p, e);
}

/* Hand a rejected row to the caller. */
static void
reject(struct xf_update *u, struct xf_table *t, size_t ndata,
    const struct xf_err *err)
{
	const char *const *f = NULL;
	const size_t *l = NULL;
	size_t n = 0;

	u->n_rejected++;
	if (u->cb.reject == NULL)
		return;
	if (xf_table_raw(t, &f, &l, &n) < 0)
		n = 0;		/* out of memory: the reason alone */
	if (n > ndata && n - ndata <= 2 && ndata < xf_table_ncols(t))
		n = ndata;	/* a rejects file's line and reason */
	u->cb.reject(u->cb.arg, xf_table_name(t), xf_table_line(t), err, n,
	    f, l);
}

/* The data columns of t: less the line and reason of a rejects file. */
static size_t
data_columns(const struct xf_table *t)
{
	const char *const *h = xf_table_header(t);
	size_t n = xf_table_ncols(t);

	if (n >= 2 && strcmp(h[n - 2], "line") == 0 &&
	    strcmp(h[n - 1], "reason") == 0)
		return n - 2;
	return n;
}

/* Keep the name of a file for the rows pending from it. */
static const char *
keep_name(struct xf_update *u, const char *name)
{
	char **v = realloc(u->names, (u->nnames + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	u->names = v;
	if ((v[u->nnames] = strdup(name)) == NULL)
		return NULL;
	return v[u->nnames++];
}

/* Read and apply every row of path; see xf.h. */
int
xf_update_file(struct xf_update *u, const char *path, struct xf_err *e)
{
	struct xf_table *t;
	const char *name;
	size_t ndata;
	int rc;

	if ((t = xf_table_open(path, u->o.encoding, spec, NIN, e)) == NULL)
		return -1;
	if ((name = keep_name(u, xf_table_name(t))) == NULL) {
		xf_table_free(t);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	ndata = data_columns(t);
	if (u->cb.header) {
		char msg[256] = "";

		if (u->cb.header(u->cb.arg, name, ndata, xf_table_header(t),
		    msg, sizeof(msg)) != 0) {
			xf_err_set(e, XF_EINPUT, "%s:1: %s", name, msg);
			xf_table_free(t);
			return -1;
		}
	}
	while ((rc = xf_table_read(t, e)) > 0) {
		struct xf_err re = { 0 };
		struct step s;
		long line = xf_table_line(t);

		u->n_read++;
		if (read_step(u, t, &s, &re) < 0) {
			reject(u, t, ndata, &re);
			continue;
		}
		if ((rc = xf_batch_begin(u->batch, e)) < 0)
			break;
		if (rc > 0)
			xf_cases_begin(u->cases, xf_batch_run(u->batch), 0,
			    xf_batch_now(u->batch));
		if (apply(u, name, line, &s, &re) < 0) {
			if (re.code != XF_EROW) {
				*e = re;
				rc = -1;
				break;
			}
			reject(u, t, ndata, &re);
			continue;
		}
		if ((rc = xf_batch_step(u->batch, e)) < 0)
			break;
	}
	if (rc < 0 && e->code != XF_EINPUT && e->code != XF_EOUTPUT)
		xf_batch_abort(u->batch);
	xf_table_free(t);
	return rc < 0 ? -1 : 0;
}

/* Commit what is pending; see xf.h. */
int
xf_update_finish(struct xf_update *u, struct xf_err *e)
{
	return xf_batch_commit(u->batch, e);
}

/* Record how the run ended; see xf.h. */
int
xf_update_end(struct xf_update *u, int status, int finished,
    struct xf_err *e)
{
	return xf_batch_end(u->batch, status, finished, e);
}
