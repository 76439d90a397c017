/*
 * case.c: the case layer, the only code with SQL over cases, petitions and
 * events.
 *
 * A case is known by its number, the registration day and its sequence
 * (YYYYMMDD * XF_CASE_DAY + n, shown as XF-YYYYMMDD-NNNN, or with a width
 * letter from n = 10000 on: XF-YYYYMMDD-A10000); numbers travel as
 * integers and are formatted only for output.  Every change of a case is
 * also an event row (what, when, old and new value, run), written in the
 * same statement batch as the change.  Statements are prepared once.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define MAXEV	12	/* events one row may write */
/*
 * New cases of an intake held back and written MAXPEND at a time, in one
 * multi-row INSERT: each run of the INSERT builds a temporary table for
 * each constant IN list of a partial index's WHERE (cases_open,
 * cases_open_no), so one run per row paid that for every row.
 */
#define MAXPEND	32
#define NEVQ	(MAXPEND * MAXEV)	/* events queued at most */
#define EVROWS	32	/* events one INSERT writes at most */
#define NCASECOL	58	/* parameters of one row of the case INSERT */

struct ev {
	long long no;	/* the case */
	int seq;	/* its number among the case's events */
	const char *at, *kind, *field, *old, *new, *note;
};

/* A new case held back until xf_cases_flush(); see xf_cases_insert(). */
struct pcase {
	long long no;
	const struct xf_cand *c;	/* the caller's, valid until flushed */
	const char *extra;		/* likewise */
	char repeat_of[32];
};

/* A cached UPDATE of the columns of mask (bit k: XF_C_* column k). */
struct upd {
	unsigned long long mask;
	sqlite3_stmt *st;
};

#define NUPD	8	/* UPDATEs kept; a tool uses a few column sets */

/* The highest sequence number used on a day, cached per transaction. */
struct seq {
	long day;
	long long n;
};

struct xf_cases {
	struct xf_db *db;
	sqlite3 *h;
	long long run;
	int imported;
	char now[24];

	sqlite3_stmt *st_dup_ref, *st_dup_fp, *st_repeat,
	    *st_ins_pet, *st_join, *st_seq_get, *st_last_seq, *st_state,
	    *st_repeat_any;
	sqlite3_stmt *st_ev[EVROWS + 1];	/* INSERTs of 1..EVROWS events */
	struct ev ev[NEVQ];		/* events queued, in order */
	int nev;
	int seq;		/* the last event number of the case in hand */
	sqlite3_stmt *st_ins[MAXPEND + 1];	/* INSERTs of 1..MAXPEND cases */
	unsigned char *ins_null[MAXPEND + 1];	/* their NULL parameters */
	struct pcase pend[MAXPEND];	/* new cases not yet written */
	int npend;
	long from_day;		/* the first day of the last repeat window */
	char from[12];		/* as text, or "" */
	char count[24];		/* a petition count, as an event's value */
	struct xf_buf state;	/* xf_cases_state()'s values */

	struct seq *seqs;	/* open addressing on day */
	size_t nseq, seqcap;

	sqlite3_stmt *st_load, *st_note_seen, *st_version;
	struct upd upd[NUPD];	/* xf_cases_change()'s UPDATEs */
	int upd_next;		/* the one replaced next when all are used */
	struct xf_buf loaded;	/* xf_cases_load()'s values */
	sqlite3_stmt *st_open_count, *st_address;	/* xf-assign */
	/* xf-escalate */
	sqlite3_stmt *st_open_next, *st_fired, *st_run_day;
	unsigned long long open_cols;	/* st_open_next's columns */
	char open_int[XF_C_NCOL];	/* its column k is declared INTEGER */
	sqlite3_stmt *st_fire;		/* an escalation step reached */
};

/* The lifecycle's columns, in XF_C_* order. */
static const char *const case_cols[XF_C_NCOL] = {
	"status", "received_at", "disposition", "category", "unit",
	"unit_code", "leader", "officer", "accepted_at", "deadline",
	"extended_deadline", "extended_at", "replied_at", "closed_at",
	"outcome", "resolved", "resolved_at", "satisfaction", "evaluated_at",
	"review_requested_at", "review_decided_at", "review_outcome",
	"rereview_requested_at", "rereview_decided_at", "rereview_outcome",
	"terminated_at", "followups", "followed_up_at", "problem_level",
	"petition_count", "imported", "triage_deadline", "supervision",
	"supervision_deadline", "is_group", "is_leapfrog", "leapfrog_level",
	"last_petition_at", "run_id", "triaged_at",
};

/* ---- case numbers --------------------------------------------------- */

/* 10 to the power w (w < 19). */
static long long
pow10ll(int w)
{
	long long v = 1;

	while (w-- > 0)
		v *= 10;
	return v;
}

/* The first case number of day: YYYYMMDD * XF_CASE_DAY. */
static long long
day_base(long day)
{
	int y, m, d;

	xf_date_ymd(day, &y, &m, &d);
	return ((long long)y * 10000 + m * 100 + d) * XF_CASE_DAY;
}

/*
 * v in decimal at p, at least w digits (zeros in front); returns the end.
 * v >= 0.
 */
static char *
put_digits(char *p, long long v, int w)
{
	char tmp[24];
	int k = 0;

	do {
		tmp[k++] = '0' + v % 10;
		v /= 10;
	} while (v > 0);
	while (k < w)
		tmp[k++] = '0';
	while (k > 0)
		*p++ = tmp[--k];
	return p;
}

/*
 * Case number to its id; see xf-int.h.  The sequence n of the day has
 * four digits up to 9999, the form every id had before schema version 3,
 * so ids already issued read the same; from 10000 on a letter says how
 * many digits follow (A 5, B 6, ... E 9), so that ids sort as text in the
 * order of their numbers: XF-20131225-9999 < XF-20131225-A10000 <
 * XF-20131225-A99999 < XF-20131225-B100000.  The generated column
 * cases.case_id (db.c) writes the same.
 */
void
xf_case_id(long long no, char *out)
{
	long long day = no / XF_CASE_DAY, n = no % XF_CASE_DAY;
	char *p = out;
	int w;

	/*
	 * Written by hand, not by snprintf: xf-escalate names every open
	 * matter it walks, and the formatting was a tenth of its night.
	 */
	if (day < 0 || n < 0) {
		snprintf(out, 32, "XF-%lld-%04lld", day, n);
		return;
	}
	if (n <= 9999)
		w = 4;
	else
		for (w = 5; n >= pow10ll(w); w++)
			continue;
	memcpy(p, "XF-", 3);
	p += 3;
	p = put_digits(p, day, 0);
	*p++ = '-';
	if (w > 4)
		*p++ = 'A' + (w - 5);
	p = put_digits(p, n, w);
	*p = '\0';
}

/*
 * A case id to its case number, or -1.  Accepted: XF-YYYYMMDD- and four
 * digits (n 1 to 9999); a width letter and that many digits, the first
 * no 0, n from 10000 (A10000 ... E999999999); and five digits, the form
 * xf wrote for n 10000 to 99999 before schema version 3 (XF-20131225-10000
 * is XF-20131225-A10000), so ids already issued stay valid.
 */
long long
xf_case_no(const char *id)
{
	long long day = 0, n = 0;
	const char *p = id;
	int k, want = 0;

	if (strncmp(p, "XF-", 3) != 0)
		return -1;
	p += 3;
	for (k = 0; k < 8 && *p >= '0' && *p <= '9'; k++)
		day = day * 10 + (*p++ - '0');
	if (k != 8 || *p++ != '-')
		return -1;
	if (*p >= 'A' && *p <= 'E') {
		want = 5 + (*p++ - 'A');
		if (*p == '0')
			return -1;
	}
	for (k = 0; k < 9 && *p >= '0' && *p <= '9'; k++)
		n = n * 10 + (*p++ - '0');
	if (*p != '\0' || n < 1)
		return -1;
	if (want ? k != want : k != 4 && (k != 5 || n < 10000))
		return -1;
	return day * XF_CASE_DAY + n;
}

static struct seq *
seq_slot(struct xf_cases *cs, long day)
{
	size_t i;

	if (cs->nseq * 2 >= cs->seqcap) {
		size_t ncap = cs->seqcap ? cs->seqcap * 2 : 1024;
		struct seq *v = calloc(ncap, sizeof(*v)), *old = cs->seqs;

		if (v == NULL)
			return NULL;
		for (size_t k = 0; k < cs->seqcap; k++)
			if (old[k].day) {
				i = (size_t)old[k].day * 2654435761u % ncap;
				while (v[i].day)
					i = (i + 1) % ncap;
				v[i] = old[k];
			}
		free(old);
		cs->seqs = v;
		cs->seqcap = ncap;
	}
	i = (size_t)day * 2654435761u % cs->seqcap;
	while (cs->seqs[i].day && cs->seqs[i].day != day)
		i = (i + 1) % cs->seqcap;
	return &cs->seqs[i];
}

/* Allocate the next case number for a matter received on day. */
int
xf_cases_next_no(struct xf_cases *cs, long day, long long *no,
    struct xf_err *e)
{
	/* Day numbers start at 0 (1970-01-01); 0 marks a free slot. */
	struct seq *s = seq_slot(cs, day + 1000000);
	long long base = day_base(day);

	if (s == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	if (s->day == 0) {
		sqlite3_stmt *st = cs->st_seq_get;
		int rc;

		s->day = day + 1000000;
		sqlite3_bind_int64(st, 1, base);
		sqlite3_bind_int64(st, 2, XF_CASE_DAY - 1);
		rc = sqlite3_step(st);
		s->n = rc == SQLITE_ROW && sqlite3_column_type(st, 0) !=
		    SQLITE_NULL ? sqlite3_column_int64(st, 0) - base : 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return xf_db_fail(cs->db, e, "reading case numbers");
		cs->nseq++;
	}
	if (s->n >= XF_CASE_DAY - 1) {
		char d[16];

		/*
		 * Not reached by any real import; only the row is refused
		 * (XF_EROW), the rest of its batch stands.
		 */
		xf_date_fmt(day, d);
		return xf_err_set(e, XF_EROW, "no case number left for %s: "
		    "a day numbers at most %lld matters", d, XF_CASE_DAY - 1);
	}
	s->n++;
	*no = base + s->n;
	return 0;
}

/* ---- statements ------------------------------------------------------ */

static int
prep(struct xf_cases *cs, sqlite3_stmt **st, const char *sql,
    struct xf_err *e)
{
	if (sqlite3_prepare_v3(cs->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK)
		return xf_db_fail(cs->db, e, "preparing statements");
	return 0;
}

/* The columns of a new case, bound by bind_case() in this order. */
static const char ins_cols[] = "INSERT INTO cases (case_no, "
    "source_ref, fingerprint, received_at, channel, petitioner_name, "
    "anonymous, id_number, phone, address, person_key, persons, "
    "content, category, unit, level_received, problem_level, "
    "supervision, supervision_deadline, status, disposition, "
    "disposition_target, disposition_reason, rule, triaged_at, "
    "triage_deadline, is_group, is_leapfrog, leapfrog_level, "
    "first_petition, repeat_of, persons_total, last_petition_at, "
    "leader, officer, accepted_at, deadline, extended_deadline, "
    "replied_at, closed_at, outcome, resolved, satisfaction, "
    "review_requested_at, review_decided_at, rereview_requested_at, "
    "rereview_decided_at, terminated_at, imported, extra, run_id, "
    "unit_code, extended_at, resolved_at, evaluated_at, "
    "review_outcome, rereview_outcome, followups, followed_up_at) VALUES ";

/*
 * The INSERT of k new cases, made once: row i takes parameters
 * i * NCASECOL + 1 to (i + 1) * NCASECOL, anonymous ones, in the order
 * of ins_cols but for last_petition_at, which is NULL.  k is a power of
 * two (see xf_cases_flush), so a run prepares a few of them.
 */
static sqlite3_stmt *
ins_stmt(struct xf_cases *cs, int k, struct xf_err *e)
{
	struct xf_buf sql = { 0 };
	int rc;

	if (cs->st_ins[k] != NULL)
		return cs->st_ins[k];
	xf_buf_adds(&sql, ins_cols);
	for (int i = 0; i < k; i++) {
		xf_buf_adds(&sql, i ? ", (?" : "(?");
		for (int n = 2; n <= NCASECOL; n++)
			xf_buf_adds(&sql, n == 33 ? ", NULL, ?" : ", ?");
		xf_buf_adds(&sql, ")");
	}
	/* Every parameter is NULL until bound. */
	if (sql.s == NULL || (cs->ins_null[k] = malloc((size_t)k * NCASECOL +
	    1)) == NULL) {
		xf_buf_free(&sql);
		return xf_err_set(e, XF_ENOMEM, "out of memory"), NULL;
	}
	memset(cs->ins_null[k], 1, (size_t)k * NCASECOL + 1);
	rc = prep(cs, &cs->st_ins[k], sql.s, e);
	xf_buf_free(&sql);
	return rc < 0 ? NULL : cs->st_ins[k];
}

static int
prepare_all(struct xf_cases *cs, struct xf_err *e)
{
	/* A petition is stored once: as a case, or as a further petition. */
	if (prep(cs, &cs->st_dup_ref, "SELECT case_no FROM cases "
	    "WHERE source_ref = ?1 UNION ALL SELECT case_no FROM "
	    "petitions WHERE source_ref = ?1 LIMIT 1", e) < 0 ||
	    prep(cs, &cs->st_dup_fp, "SELECT case_no FROM cases "
	    "WHERE fingerprint = ?1 AND source_ref IS NULL UNION ALL "
	    "SELECT case_no FROM petitions WHERE fingerprint = ?1 AND "
	    "source_ref IS NULL LIMIT 1", e) < 0 ||
	    prep(cs, &cs->st_repeat, "SELECT case_no, content, status, "
	    "petition_count, id_number, petitioner_name, phone, anonymous "
	    "FROM cases WHERE person_key = ?1 AND category IS ?2 AND "
	    "coalesce(last_petition_at, received_at) >= ?3 AND "
	    "received_at <= ?4 ORDER BY coalesce(last_petition_at, "
	    "received_at) DESC LIMIT 16", e) < 0 ||
	    prep(cs, &cs->st_repeat_any, "SELECT 1 FROM cases WHERE "
	    "person_key = ?1 AND category IS ?2 AND "
	    "coalesce(last_petition_at, received_at) >= ?3 AND "
	    "received_at <= ?4 LIMIT 1", e) < 0 ||
	    prep(cs, &cs->st_last_seq, "SELECT max(seq) FROM events "
	    "WHERE case_no = ?1", e) < 0 ||
	    prep(cs, &cs->st_state, "SELECT received_at, channel, category, "
	    "status, disposition, coalesce(disposition_target, "
	    "disposition_reason), triage_deadline, unit, persons_total, "
	    "is_group, leapfrog_level, first_petition, repeat_of, "
	    "petition_count FROM cases WHERE case_no = ?1", e) < 0 ||
	    prep(cs, &cs->st_ins_pet, "INSERT INTO petitions (case_no, "
	    "source_ref, fingerprint, received_at, channel, persons, "
	    "level_received, is_leapfrog, content, run_id, imported) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", e) < 0 ||
	    prep(cs, &cs->st_join, "UPDATE cases SET petition_count = "
	    "petition_count + 1, persons_total = persons_total + ?2, "
	    "last_petition_at = max(coalesce(last_petition_at, received_at), "
	    "?3), is_group = "
	    "max(is_group, ?4), is_leapfrog = max(is_leapfrog, ?5), "
	    "updated_at = ?6 WHERE case_no = ?1 RETURNING petition_count",
	    e) < 0 ||
	    prep(cs, &cs->st_seq_get, "SELECT max(case_no) FROM cases "
	    "WHERE case_no BETWEEN ?1 AND ?1 + ?2", e) < 0)
		return -1;
	return 0;
}

/* The case layer over db (not owned); see xf-int.h. */
struct xf_cases *
xf_cases_new(struct xf_db *db, struct xf_err *e)
{
	struct xf_cases *cs;

	if ((cs = calloc(1, sizeof(*cs))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	cs->db = db;
	cs->h = xf_db_handle(db);
	if (prepare_all(cs, e) < 0 || ins_stmt(cs, 1, e) == NULL) {
		xf_cases_free(cs);
		return NULL;
	}
	return cs;
}

void
xf_cases_free(struct xf_cases *cs)
{
	sqlite3_stmt **v[10];

	if (cs == NULL)
		return;
	v[0] = &cs->st_dup_ref;
	v[1] = &cs->st_dup_fp;
	v[2] = &cs->st_repeat;
	v[3] = &cs->st_ins[1];
	v[4] = &cs->st_ins_pet;
	v[5] = &cs->st_join;
	v[6] = &cs->st_seq_get;
	v[7] = &cs->st_last_seq;
	v[8] = &cs->st_state;
	v[9] = &cs->st_repeat_any;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		sqlite3_finalize(*v[i]);
	for (int i = 0; i <= EVROWS; i++)
		sqlite3_finalize(cs->st_ev[i]);
	for (int i = 2; i <= MAXPEND; i++)
		sqlite3_finalize(cs->st_ins[i]);
	for (int i = 1; i <= MAXPEND; i++)
		free(cs->ins_null[i]);
	for (int i = 0; i < NUPD; i++)
		sqlite3_finalize(cs->upd[i].st);
	sqlite3_finalize(cs->st_load);
	sqlite3_finalize(cs->st_note_seen);
	sqlite3_finalize(cs->st_version);
	sqlite3_finalize(cs->st_open_count);
	sqlite3_finalize(cs->st_address);
	sqlite3_finalize(cs->st_open_next);
	sqlite3_finalize(cs->st_fired);
	sqlite3_finalize(cs->st_fire);
	sqlite3_finalize(cs->st_run_day);
	free(cs->seqs);
	xf_buf_free(&cs->state);
	xf_buf_free(&cs->loaded);
	free(cs);
}

void
xf_cases_begin(struct xf_cases *cs, long long run, int imported,
    const char *now)
{
	cs->run = run;
	cs->imported = imported;
	snprintf(cs->now, sizeof(cs->now), "%s", now);
	cs->nseq = 0;
	/* What a rolled-back transaction held back is gone with it. */
	cs->npend = 0;
	cs->nev = 0;
	if (cs->seqs)
		memset(cs->seqs, 0, cs->seqcap * sizeof(*cs->seqs));
}

/* Bind text, or NULL for an empty string. */
static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int
step_done(struct xf_cases *cs, sqlite3_stmt *st, const char *what,
    struct xf_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, what);
	return 0;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

/* ---- events ----------------------------------------------------------- */

/*
 * Queue an event of case no (nothing when at is empty); flush_events()
 * writes the queue in one statement.  The strings must live until then.
 */
static int
event(struct xf_cases *cs, long long no, const char *at, const char *kind,
    const char *field, const char *old, const char *new, struct xf_err *e)
{
	struct ev *v;

	if (at == NULL || *at == '\0')
		return 0;
	if (cs->nev == NEVQ)
		return xf_err_set(e, XF_EDB, "too many events for one row");
	v = &cs->ev[cs->nev++];
	v->no = no;
	v->seq = ++cs->seq;
	v->at = at;
	v->kind = kind;
	v->field = field;
	v->old = old;
	v->new = new;
	v->note = NULL;
	return 0;
}

/*
 * Write the events queued from the from-th on, each with its note (NULL
 * from an intake), in multi-row INSERTs of at most EVROWS rows; imported
 * marks those of a --history import.  The statement for k rows is made
 * once.
 */
static int
flush_events_from(struct xf_cases *cs, int from, int imported,
    struct xf_err *e)
{
	int n = cs->nev;

	cs->nev = from;
	for (int at = from, k; at < n; at += k) {
		sqlite3_stmt **stp;

		/* 32, 16, ... 1 rows: few statements to prepare. */
		for (k = EVROWS; k > n - at; k /= 2)
			;
		stp = &cs->st_ev[k];

		if (*stp == NULL) {
			struct xf_buf sql = { 0 };
			int rc;

			xf_buf_adds(&sql, "INSERT INTO events (case_no, seq, at, "
			    "kind, field, old_value, new_value, run_id, "
			    "imported, note) VALUES ");
			for (int i = 0; i < k; i++)
				xf_buf_adds(&sql, i ?
				    ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" :
				    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			if (sql.s == NULL)
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			rc = prep(cs, stp, sql.s, e);
			xf_buf_free(&sql);
			if (rc < 0)
				return -1;
		}
		for (int i = 0; i < k; i++) {
			struct ev *v = &cs->ev[at + i];
			int b = i * 10;

			sqlite3_bind_int64(*stp, b + 1, v->no);
			sqlite3_bind_int(*stp, b + 2, v->seq);
			sqlite3_bind_text(*stp, b + 3, v->at, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(*stp, b + 4, v->kind, -1,
			    SQLITE_STATIC);
			bind_opt(*stp, b + 5, v->field);
			bind_opt(*stp, b + 6, v->old);
			bind_opt(*stp, b + 7, v->new);
			sqlite3_bind_int64(*stp, b + 8, cs->run);
			sqlite3_bind_int(*stp, b + 9, imported);
			bind_opt(*stp, b + 10, v->note);
		}
		if (step_done(cs, *stp, "recording events", e) < 0)
			return -1;
	}
	return 0;
}

/* Write every event queued. */
static int
flush_events(struct xf_cases *cs, int imported, struct xf_err *e)
{
	return flush_events_from(cs, 0, imported, e);
}

/* ---- reading ------------------------------------------------------------ */

/*
 * Might a lookup for c find a case held back?  Those of the same
 * source_ref (or fingerprint, without one) for duplicates (dup), of the
 * same person for repeats.  Then they are written first, so that every
 * query sees what it saw when each case was written at once.
 */
static int
pend_meets(const struct xf_cases *cs, const struct xf_cand *c, int dup)
{
	const char *src = c->f[F_SOURCE_REF];

	for (int i = 0; i < cs->npend; i++) {
		const struct xf_cand *p = cs->pend[i].c;

		if (!dup) {
			if (p->pkey == c->pkey)
				return 1;
		} else if (src[0] ? strcmp(p->f[F_SOURCE_REF], src) == 0 :
		    p->f[F_SOURCE_REF][0] == '\0' &&
		    memcmp(p->fp, c->fp, sizeof(c->fp)) == 0)
			return 1;
	}
	return 0;
}

/* Is c already stored?  See xf-int.h. */
int
xf_cases_find(struct xf_cases *cs, const struct xf_cand *c, long long *no,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (pend_meets(cs, c, 1) && xf_cases_flush(cs, e) < 0)
		return -1;
	if (c->f[F_SOURCE_REF][0]) {
		st = cs->st_dup_ref;
		sqlite3_bind_text(st, 1, c->f[F_SOURCE_REF], -1, SQLITE_STATIC);
	} else {
		st = cs->st_dup_fp;
		sqlite3_bind_blob(st, 1, c->fp, (int)sizeof(c->fp),
		    SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*no = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(cs->db, e, "looking for duplicates");
	return rc == SQLITE_ROW;
}

/* Bind the person, category and window of c to a repeat query. */
static void
bind_repeat(sqlite3_stmt *st, const struct xf_cand *c, const char *from)
{
	sqlite3_bind_int64(st, 1, c->pkey);
	bind_opt(st, 2, c->category);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->received, -1, SQLITE_STATIC);
}

/* The matter c repeats; see xf-int.h. */
int
xf_cases_repeat(struct xf_cases *cs, const struct xf_cand *c, int days,
    double similarity, long long *no, char *status, long *count,
    struct xf_err *e)
{
	sqlite3_stmt *st = cs->st_repeat;
	const char *from = cs->from;
	int rc, found = 0;

	if (c->pkey == 0)
		return 0;
	if (pend_meets(cs, c, 0) && xf_cases_flush(cs, e) < 0)
		return -1;
	/* Rows come mostly in order of day: format a new day only. */
	if (cs->from_day != c->recv_day - days || cs->from[0] == '\0') {
		cs->from_day = c->recv_day - days;
		xf_date_fmt(cs->from_day, cs->from);
	}
	/*
	 * Most rows have no earlier matter to repeat.  The ordered query
	 * builds a temporary b-tree for its ORDER BY on every run, found or
	 * not (an eighth of an intake's time), so ask first, without order,
	 * whether there is anything to sort.
	 */
	bind_repeat(cs->st_repeat_any, c, from);
	rc = sqlite3_step(cs->st_repeat_any);
	sqlite3_reset(cs->st_repeat_any);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "looking for repeats");
	bind_repeat(st, c, from);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char who[160];

		/* The key is a hash: compare the persons themselves. */
		xf_person_text(col_text(st, 4), col_text(st, 5),
		    col_text(st, 6), sqlite3_column_int(st, 7), who,
		    sizeof(who));
		if (strcmp(who, c->person_key) == 0 &&
		    xf_text_similarity(col_text(st, 1), c->f[F_CONTENT]) >=
		    similarity) {
			*no = sqlite3_column_int64(st, 0);
			snprintf(status, 32, "%s", col_text(st, 2));
			*count = sqlite3_column_int(st, 3);
			found = 1;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(cs->db, e, "looking for repeats");
	return found;
}

/* The stored state of case no; see xf-int.h. */
int
xf_cases_state(struct xf_cases *cs, long long no, const char **v,
    struct xf_err *e)
{
	sqlite3_stmt *st = cs->st_state;

	size_t off[XF_NSTATE];

	if (xf_cases_flush(cs, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, no);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return xf_db_fail(cs->db, e, "reading a stored case");
	}
	/*
	 * Copied, and the statement reset at once: a statement left active
	 * keeps its read transaction, and the next BEGIN IMMEDIATE would
	 * find its snapshot stale (SQLITE_BUSY_SNAPSHOT).
	 */
	xf_buf_reset(&cs->state);
	for (int k = 0; k < XF_NSTATE; k++) {
		off[k] = cs->state.len;
		if (xf_buf_adds(&cs->state, col_text(st, k)) < 0 ||
		    xf_buf_add(&cs->state, "", 1) < 0) {
			sqlite3_reset(st);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
	}
	sqlite3_reset(st);
	for (int k = 0; k < XF_NSTATE; k++)
		v[k] = cs->state.s + off[k];
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* Was an old case triaged away: forwarded, referred, not accepted? */
static int
triaged_elsewhere(const char *status)
{
	const char *d = xf_status_disposition(status);

	return *d != '\0' && strcmp(d, "accept") != 0;
}

/* The events of an old case, one for each dated step. */
static int
history_events(struct xf_cases *cs, long long no, const struct xf_cand *c,
    struct xf_err *e)
{
	if (event(cs, no, c->received, "register", "status", NULL,
	    "registered", e) < 0 ||
	    (triaged_elsewhere(c->status) && event(cs, no, c->triaged[0] ?
	    c->triaged : c->received, "triage", "status", "registered",
	    c->status, e) < 0) ||
	    event(cs, no, c->accepted, "accept", "status", "registered",
	    "accepted", e) < 0)
		return -1;
	/* A reply closes the matter (办结): one event when on one day. */
	if (strcmp(c->replied, c->closed) == 0) {
		if (event(cs, no, c->replied, "reply", "status", NULL,
		    "closed", e) < 0)
			return -1;
	} else if (event(cs, no, c->replied, "reply", "replied_at", NULL,
	    c->replied, e) < 0 || event(cs, no, c->closed, "close", "status",
	    NULL, "closed", e) < 0)
		return -1;
	if (event(cs, no, c->rvq, "review-request", "status", "closed",
	    "review", e) < 0 ||
	    event(cs, no, c->rvd, "review-opinion", "review_decided_at",
	    NULL, c->rvd, e) < 0 ||
	    event(cs, no, c->rrq, "rereview-request", "status", NULL,
	    "re-review", e) < 0 ||
	    event(cs, no, c->rrd, "rereview-opinion",
	    "rereview_decided_at", NULL, c->rrd, e) < 0 ||
	    event(cs, no, c->term, "terminate", "status", NULL,
	    "terminated", e) < 0)
		return -1;
	return 0;
}

/*
 * Bind text, or NULL for an empty string, to parameter i of an INSERT of
 * cases, whose parameters that are NULL isnull marks: a NULL already
 * bound stays bound (sqlite3_reset keeps bindings), which spares the
 * thirty-odd NULLs a new case has.
 */
static void
bind_optn(sqlite3_stmt *st, unsigned char *isnull, int i, const char *s)
{
	if (s == NULL || *s == '\0') {
		if (!isnull[i])
			sqlite3_bind_null(st, i);
		isnull[i] = 1;
	} else {
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
		isnull[i] = 0;
	}
}

/* Bind the pending case p as the row at parameter offset o. */
static void
bind_case(struct xf_cases *cs, sqlite3_stmt *st, unsigned char *isnull,
    int o, const struct pcase *p)
{
	const struct xf_cand *c = p->c;
	const char *src = c->f[F_SOURCE_REF], *repeat_of = p->repeat_of,
	    *extra = p->extra;
	long long no = p->no;
	int first = *repeat_of == '\0';

	sqlite3_bind_int64(st, o + 1, no);
	bind_optn(st, isnull, o + 2, src);
	if (src[0])
		sqlite3_bind_null(st, o + 3);
	else
		sqlite3_bind_blob(st, o + 3, c->fp, sizeof(c->fp),
		    SQLITE_STATIC);
	bind_optn(st, isnull, o + 4, c->received);
	bind_optn(st, isnull, o + 5, c->channel);
	bind_optn(st, isnull, o + 6, c->f[F_NAME]);
	sqlite3_bind_int(st, o + 7, c->anonymous);
	bind_optn(st, isnull, o + 8, c->id);
	bind_optn(st, isnull, o + 9, c->phone);
	bind_optn(st, isnull, o + 10, c->f[F_ADDRESS]);
	if (c->pkey)
		sqlite3_bind_int64(st, o + 11, c->pkey);
	else
		sqlite3_bind_null(st, o + 11);
	sqlite3_bind_int64(st, o + 12, c->persons);
	bind_optn(st, isnull, o + 13, c->f[F_CONTENT]);
	bind_optn(st, isnull, o + 14, c->category);
	bind_optn(st, isnull, o + 15, c->f[F_UNIT]);
	bind_optn(st, isnull, o + 16, c->level_received);
	bind_optn(st, isnull, o + 17, c->problem_level);
	bind_optn(st, isnull, o + 18, c->supervision);
	bind_optn(st, isnull, o + 19, c->supdl);
	bind_optn(st, isnull, o + 20, c->status);
	bind_optn(st, isnull, o + 21, c->disposition);
	bind_optn(st, isnull, o + 22, c->target);
	bind_optn(st, isnull, o + 23, c->reason);
	bind_optn(st, isnull, o + 24, c->rule);
	bind_optn(st, isnull, o + 25, c->triaged);
	bind_optn(st, isnull, o + 26, c->triage_dl);
	sqlite3_bind_int(st, o + 27, c->is_group);
	sqlite3_bind_int(st, o + 28, c->is_leapfrog);
	bind_optn(st, isnull, o + 29, c->is_leapfrog ? c->level_received : NULL);
	sqlite3_bind_int(st, o + 30, first);
	bind_optn(st, isnull, o + 31, repeat_of);
	sqlite3_bind_int64(st, o + 32, c->persons);	/* persons_total */
	bind_optn(st, isnull, o + 33, c->f[F_LEADER]);
	bind_optn(st, isnull, o + 34, c->f[F_OFFICER]);
	bind_optn(st, isnull, o + 35, c->accepted);
	bind_optn(st, isnull, o + 36, c->deadline);
	bind_optn(st, isnull, o + 37, c->extdeadline);
	bind_optn(st, isnull, o + 38, c->replied);
	bind_optn(st, isnull, o + 39, c->closed);
	bind_optn(st, isnull, o + 40, c->f[F_OUTCOME]);
	if (cs->imported && c->f[F_RESOLVED][0])
		sqlite3_bind_int(st, o + 41, c->resolved);
	else
		sqlite3_bind_null(st, o + 41);
	bind_optn(st, isnull, o + 42, c->satisfaction);
	bind_optn(st, isnull, o + 43, c->rvq);
	bind_optn(st, isnull, o + 44, c->rvd);
	bind_optn(st, isnull, o + 45, c->rrq);
	bind_optn(st, isnull, o + 46, c->rrd);
	bind_optn(st, isnull, o + 47, c->term);
	sqlite3_bind_int(st, o + 48, cs->imported);
	bind_optn(st, isnull, o + 49, extra);
	sqlite3_bind_int64(st, o + 50, cs->run);
	bind_optn(st, isnull, o + 51, c->unit_code);
	/* What the lifecycle recorded, from an old case (history). */
	bind_optn(st, isnull, o + 52, c->extended);
	bind_optn(st, isnull, o + 53, c->resolved_at);
	bind_optn(st, isnull, o + 54, c->evaluated);
	bind_optn(st, isnull, o + 55, c->review_outcome);
	bind_optn(st, isnull, o + 56, c->rereview_outcome);
	sqlite3_bind_int64(st, o + 57, c->followups);
	bind_optn(st, isnull, o + 58, c->followed);
}

/*
 * Write the new cases held back, in one INSERT, then the events queued
 * with them; see xf-int.h.
 */
int
xf_cases_flush(struct xf_cases *cs, struct xf_err *e)
{
	int n = cs->npend;

	cs->npend = 0;
	/* In INSERTs of 32, 16, ... 1 rows: few statements to prepare. */
	for (int at = 0, k = MAXPEND; at < n; k /= 2) {
		sqlite3_stmt *st;

		if (n - at < k)
			continue;
		if ((st = ins_stmt(cs, k, e)) == NULL)
			return -1;
		for (int i = 0; i < k; i++)
			bind_case(cs, st, cs->ins_null[k], i * NCASECOL,
			    &cs->pend[at + i]);
		if (step_done(cs, st, "registering a case", e) < 0)
			return -1;
		at += k;
	}
	return n ? flush_events(cs, cs->imported, e) : 0;
}

/* Store c as a new case; see xf-int.h. */
int
xf_cases_insert(struct xf_cases *cs, long long no, const struct xf_cand *c,
    const char *repeat_of, const char *extra, struct xf_err *e)
{
	struct pcase *p = &cs->pend[cs->npend++];

	p->no = no;
	p->c = c;
	p->extra = extra;
	/* A case id (xf_case_id) fits; "" for a first petition. */
	p->repeat_of[0] = '\0';
	if (repeat_of != NULL)
		strncat(p->repeat_of, repeat_of, sizeof(p->repeat_of) - 1);
	cs->seq = 0;	/* a new case: its events count from 1 */
	if (cs->imported) {
		if (history_events(cs, no, c, e) < 0)
			return -1;
	} else if (event(cs, no, c->received, "register", "status", NULL,
	    c->status, e) < 0)
		return -1;
	if (cs->npend == MAXPEND)
		return xf_cases_flush(cs, e);
	return 0;
}

/* Record c as a further petition on case no; see xf-int.h. */
int
xf_cases_join(struct xf_cases *cs, long long no, const struct xf_cand *c,
    long *count, struct xf_err *e)
{
	sqlite3_stmt *st = cs->st_ins_pet;
	int rc, from;

	/* Case no may be one held back (history links by the file). */
	for (int i = 0; i < cs->npend; i++)
		if (cs->pend[i].no == no && xf_cases_flush(cs, e) < 0)
			return -1;
	sqlite3_bind_int64(st, 1, no);
	bind_opt(st, 2, c->f[F_SOURCE_REF]);
	if (c->f[F_SOURCE_REF][0])
		sqlite3_bind_null(st, 3);
	else
		sqlite3_bind_blob(st, 3, c->fp, sizeof(c->fp), SQLITE_STATIC);
	bind_opt(st, 4, c->received);
	bind_opt(st, 5, c->channel);
	sqlite3_bind_int64(st, 6, c->persons);
	bind_opt(st, 7, c->level_received);
	sqlite3_bind_int(st, 8, c->is_leapfrog);
	bind_opt(st, 9, c->f[F_CONTENT]);
	sqlite3_bind_int64(st, 10, cs->run);
	sqlite3_bind_int(st, 11, cs->imported);
	if (step_done(cs, st, "recording a petition", e) < 0)
		return -1;
	st = cs->st_join;
	sqlite3_bind_int64(st, 1, no);
	sqlite3_bind_int64(st, 2, c->persons);
	bind_opt(st, 3, c->received);
	sqlite3_bind_int(st, 4, c->is_group);
	sqlite3_bind_int(st, 5, c->is_leapfrog);
	sqlite3_bind_text(st, 6, cs->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "recording a petition");
	snprintf(cs->count, sizeof(cs->count), "%ld", *count);
	st = cs->st_last_seq;
	sqlite3_bind_int64(st, 1, no);
	rc = sqlite3_step(st);
	cs->seq = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "recording a petition");
	/* Only this event: those queued before wait for their cases. */
	from = cs->nev;
	if (event(cs, no, c->received, "petition", "petition_count", NULL,
	    cs->count, e) < 0)
		return -1;
	return flush_events_from(cs, from, cs->imported, e);
}

/* ---- the lifecycle: load a case, change it with its events ----------- */

const char *
xf_case_col(int k)
{
	return k >= 0 && k < XF_C_NCOL ? case_cols[k] : "";
}

/* Load case no; see xf-int.h. */
int
xf_cases_load(struct xf_cases *cs, long long no, struct xf_case *c,
    struct xf_err *e)
{
	size_t off[XF_C_NCOL];
	sqlite3_stmt *st;
	int rc;

	if (cs->st_load == NULL) {
		struct xf_buf sql = { 0 };

		xf_buf_adds(&sql, "SELECT ");
		for (int k = 0; k < XF_C_NCOL; k++) {
			xf_buf_adds(&sql, k ? ", " : "");
			xf_buf_adds(&sql, case_cols[k]);
		}
		xf_buf_adds(&sql, " FROM cases WHERE case_no = ?1");
		if (sql.s == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		rc = prep(cs, &cs->st_load, sql.s, e);
		xf_buf_free(&sql);
		if (rc < 0)
			return -1;
	}
	st = cs->st_load;
	sqlite3_bind_int64(st, 1, no);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return 0;
		return xf_db_fail(cs->db, e, "reading a case");
	}
	/* Copied, and the statement reset: see xf_cases_state(). */
	xf_buf_reset(&cs->loaded);
	for (int k = 0; k < XF_C_NCOL; k++) {
		off[k] = cs->loaded.len;
		if (xf_buf_adds(&cs->loaded, col_text(st, k)) < 0 ||
		    xf_buf_add(&cs->loaded, "", 1) < 0) {
			sqlite3_reset(st);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
	}
	sqlite3_reset(st);
	c->no = no;
	xf_case_id(no, c->id);
	for (int k = 0; k < XF_C_NCOL; k++)
		c->v[k] = cs->loaded.s + off[k];
	return 1;
}

/* The last event number of case no, into cs->seq. */
static int
last_seq(struct xf_cases *cs, long long no, struct xf_err *e)
{
	sqlite3_stmt *st = cs->st_last_seq;
	int rc;

	sqlite3_bind_int64(st, 1, no);
	rc = sqlite3_step(st);
	cs->seq = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "reading events");
	return 0;
}

/* Queue an event with its note; flush_events() writes it. */
static int
event_noted(struct xf_cases *cs, long long no, const char *at,
    const char *kind, const char *field, const char *old, const char *new,
    const char *note, struct xf_err *e)
{
	/* More than fit in one INSERT: write those queued first. */
	if (cs->nev == NEVQ && flush_events(cs, 0, e) < 0)
		return -1;
	if (event(cs, no, at, kind, field, old, new, e) < 0)
		return -1;
	cs->ev[cs->nev - 1].note = note;
	return 0;
}

/*
 * The UPDATE of the columns of mask and updated_at, made once per mask:
 * column k is bound as parameter k + 1, updated_at as XF_C_NCOL + 1 and
 * the case number as XF_C_NCOL + 2, so that one statement serves every
 * change of the same columns, in whatever order they were given.
 */
static sqlite3_stmt *
update_of(struct xf_cases *cs, unsigned long long mask, struct xf_err *e)
{
	struct xf_buf sql = { 0 };
	struct upd *u;
	char p[32];
	int rc;

	for (int i = 0; i < NUPD; i++)
		if (cs->upd[i].st && cs->upd[i].mask == mask)
			return cs->upd[i].st;
	xf_buf_adds(&sql, "UPDATE cases SET ");
	for (int k = 0; k < XF_C_NCOL; k++)
		if (mask & 1ULL << k) {
			snprintf(p, sizeof(p), " = ?%d, ", k + 1);
			xf_buf_adds(&sql, case_cols[k]);
			xf_buf_adds(&sql, p);
		}
	snprintf(p, sizeof(p), "?%d", XF_C_NCOL + 1);
	xf_buf_adds(&sql, "updated_at = ");
	xf_buf_adds(&sql, p);
	snprintf(p, sizeof(p), "?%d", XF_C_NCOL + 2);
	xf_buf_adds(&sql, " WHERE case_no = ");
	xf_buf_adds(&sql, p);
	if (sql.s == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	/* A free slot, else the next in turn. */
	for (u = cs->upd; u < cs->upd + NUPD && u->st; u++)
		continue;
	if (u == cs->upd + NUPD) {
		u = &cs->upd[cs->upd_next];
		cs->upd_next = (cs->upd_next + 1) % NUPD;
		sqlite3_finalize(u->st);
		u->st = NULL;
	}
	rc = prep(cs, &u->st, sql.s, e);
	xf_buf_free(&sql);
	if (rc < 0)
		return NULL;
	u->mask = mask;
	return u->st;
}

/*
 * Change a case with its events; see xf-int.h.  One UPDATE sets every
 * column that changes and one INSERT writes their events: a column each
 * cost an UPDATE and an INSERT of its own, and xf-escalate's first night
 * moves some fifteen thousand matters.  A column given twice is set to
 * its last value, with an event for each, as when each was its own
 * UPDATE.
 */
int
xf_cases_change(struct xf_cases *cs, const struct xf_case *c, const char *at,
    const char *kind, const struct xf_set *set, size_t n, const char *note,
    struct xf_err *e)
{
	unsigned long long mask = 0;
	sqlite3_stmt *st;
	int changed = 0;

	for (size_t i = 0; i < n; i++) {
		const char *v = set[i].value ? set[i].value : "";
		int k = set[i].col;

		if (k < 0 || k >= XF_C_NCOL)
			return xf_err_set(e, XF_EDB, "no such column %d", k);
		if (strcmp(c->v[k], v) != 0)
			mask |= 1ULL << k;
	}
	if (mask == 0)
		return 0;
	if ((st = update_of(cs, mask, e)) == NULL)
		return -1;
	cs->nev = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = set[i].value ? set[i].value : "";
		int k = set[i].col;

		if (strcmp(c->v[k], v) == 0)
			continue;
		bind_opt(st, k + 1, v);
		if (changed++ == 0 && last_seq(cs, c->no, e) < 0)
			return -1;
		if (event_noted(cs, c->no, at, kind, case_cols[k], c->v[k], v,
		    note, e) < 0)
			return -1;
	}
	sqlite3_bind_text(st, XF_C_NCOL + 1, cs->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, XF_C_NCOL + 2, c->no);
	if (step_done(cs, st, "changing a case", e) < 0 ||
	    flush_events(cs, 0, e) < 0)
		return -1;
	return changed;
}

/*
 * An event with no change of column; see xf-int.h.  One statement asks
 * both whether the note is there and the case's last event number.
 */
int
xf_cases_note(struct xf_cases *cs, long long no, const char *at,
    const char *kind, const char *note, struct xf_err *e)
{
	sqlite3_stmt *st;
	int rc, seen;

	if (cs->st_note_seen == NULL && prep(cs, &cs->st_note_seen,
	    "SELECT coalesce(max(seq), 0), coalesce(max(kind = ?2 AND "
	    "substr(at, 1, 10) = substr(?3, 1, 10) AND note IS ?4), 0) "
	    "FROM events WHERE case_no = ?1", e) < 0)
		return -1;
	st = cs->st_note_seen;
	sqlite3_bind_int64(st, 1, no);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	bind_opt(st, 4, note);
	rc = sqlite3_step(st);
	cs->seq = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	seen = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "reading events");
	if (seen)
		return 0;
	cs->nev = 0;
	if (event_noted(cs, no, at, kind, NULL, NULL, NULL, note, e) < 0 ||
	    flush_events(cs, 0, e) < 0)
		return -1;
	return 1;
}

/*
 * Has case no an event of kind on the day of at (with note, unless note
 * is NULL)?  Prepared per call: xf-update asks only when a row would be
 * refused or is a follow-up, so a cached statement would buy little.
 */
int
xf_cases_seen(struct xf_cases *cs, long long no, const char *kind,
    const char *at, const char *note, struct xf_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (prep(cs, &st, "SELECT 1 FROM events WHERE case_no = ?1 AND "
	    "kind = ?2 AND substr(at, 1, 10) = substr(?3, 1, 10) AND "
	    "(?4 IS NULL OR note = ?4) LIMIT 1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, no);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	if (note != NULL)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(cs->db, e, "reading events");
	return rc == SQLITE_ROW;
}

/* ---- routing: open matters of a unit, the place of a matter ---------- */

/*
 * The number of open matters of the unit whose code is code, as the
 * caller's transaction sees them; see xf-int.h.  "Open" is the list of
 * xf_status_open(); the index cases_status_unit serves it.
 */
long long
xf_cases_open_count(struct xf_cases *cs, const char *code, struct xf_err *e)
{
	sqlite3_stmt *st;
	long long n;
	int rc;

	if (cs->st_open_count == NULL && prep(cs, &cs->st_open_count,
	    "SELECT count(*) FROM cases WHERE status IN ('registered', "
	    "'accepted', 'assigned', 'review', 're-review') AND "
	    "unit_code = ?1", e) < 0)
		return -1;
	st = cs->st_open_count;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "counting open matters");
	return n;
}

/* The address of case no, copied into out; see xf-int.h. */
int
xf_cases_address(struct xf_cases *cs, long long no, struct xf_buf *out,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (cs->st_address == NULL && prep(cs, &cs->st_address,
	    "SELECT address FROM cases WHERE case_no = ?1", e) < 0)
		return -1;
	st = cs->st_address;
	sqlite3_bind_int64(st, 1, no);
	rc = sqlite3_step(st);
	xf_buf_reset(out);
	/* Copied, and the statement reset: see xf_cases_state(). */
	if (rc == SQLITE_ROW && (xf_buf_adds(out, col_text(st, 0)) < 0 ||
	    xf_buf_add(out, "", 1) < 0)) {
		sqlite3_reset(st);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "reading a case");
	return 1;
}

/* ---- disclosure: personal data shown unmasked ------------------------ */

/*
 * Record that case no was shown unmasked; see xf-int.h.  Unlike
 * xf_cases_note() it never looks for an earlier event of its kind: each
 * disclosure is a fact of its own, however often the same case is shown.
 */
int
xf_cases_disclosed(struct xf_cases *cs, long long no, const char *at,
    const char *note, struct xf_err *e)
{
	cs->nev = 0;
	if (last_seq(cs, no, e) < 0 || event_noted(cs, no, at, "disclosed",
	    NULL, NULL, NULL, note, e) < 0 || flush_events(cs, 0, e) < 0)
		return -1;
	return 0;
}

/* ---- escalation: open matters in slices, the steps that fired -------- */

/* v as decimal text in buf (24 bytes), as SQLite would write it. */
static const char *
int_text(long long v, char *buf)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;
	char *p = buf + 23;

	*p = '\0';
	do
		*--p = '0' + u % 10;
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

/* Walk the open matters after case number after; see xf-int.h. */
int
xf_cases_open_walk(struct xf_cases *cs, long long after, int max,
    unsigned long long cols, int (*fn)(void *arg, const struct xf_case *c),
    void *arg, long long *last, struct xf_err *e)
{
	struct xf_case c;
	sqlite3_stmt *st;
	char num[XF_C_NCOL][24];
	int rc, n = 0, stop = 0, col[XF_C_NCOL];

	if (cs->st_open_next && cs->open_cols != cols) {
		sqlite3_finalize(cs->st_open_next);
		cs->st_open_next = NULL;
	}
	if (cs->st_open_next == NULL) {
		struct xf_buf sql = { 0 };

		/*
		 * The partial index cases_open_no holds the open matters in
		 * case-number order: named, so that the planner never reads
		 * the status index instead and sorts what it finds at every
		 * slice.  Its WHERE is the one of the index, word for word.
		 */
		xf_buf_adds(&sql, "SELECT case_no");
		for (int k = 0; k < XF_C_NCOL; k++)
			if (cols & 1ULL << k) {
				xf_buf_adds(&sql, ", ");
				xf_buf_adds(&sql, case_cols[k]);
			}
		xf_buf_adds(&sql, " FROM cases INDEXED BY cases_open_no WHERE "
		    "case_no > ?1 AND status IN ('registered', 'accepted', "
		    "'assigned', 'review', 're-review') ORDER BY case_no "
		    "LIMIT ?2");
		if (sql.s == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		rc = prep(cs, &cs->st_open_next, sql.s, e);
		xf_buf_free(&sql);
		if (rc < 0)
			return -1;
		cs->open_cols = cols;
		/* The columns declared INTEGER (a STRICT table holds
		 * nothing else in them, or NULL): only those are asked. */
		for (int k = 0, i = 1; k < XF_C_NCOL; k++)
			if (cols & 1ULL << k) {
				const char *t = sqlite3_column_decltype(
				    cs->st_open_next, i++);

				cs->open_int[k] = t != NULL &&
				    strcmp(t, "INTEGER") == 0;
			}
	}
	/* The result column of each case column asked for, else 0. */
	for (int k = 0, i = 1; k < XF_C_NCOL; k++)
		col[k] = cols & 1ULL << k ? i++ : 0;
	st = cs->st_open_next;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, max);
	/*
	 * The texts are the statement's own, not copied: a walk reads a
	 * sixth of the store, and fn only reads them.  An integer is
	 * written by hand into num, not by sqlite3_column_text(), whose
	 * conversion (with the memory it takes) was a tenth of a night's
	 * walk; and c.id is left empty, for fn to form if it needs it.
	 */
	c.id[0] = '\0';
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.no = sqlite3_column_int64(st, 0);
		for (int k = 0; k < XF_C_NCOL; k++) {
			if (col[k] == 0)
				c.v[k] = NULL;
			else if (cs->open_int[k] && sqlite3_column_type(st,
			    col[k]) == SQLITE_INTEGER)
				c.v[k] = int_text(sqlite3_column_int64(st,
				    col[k]), num[k]);
			else
				c.v[k] = col_text(st, col[k]);
		}
		*last = c.no;
		n++;
		stop = fn(arg, &c);
	}
	/* Reset at once: see xf_cases_state(). */
	sqlite3_reset(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return xf_db_fail(cs->db, e, "reading open matters");
	return n;
}

/* The highest step of ladder rule fired on case no; see xf-int.h. */
long
xf_cases_fired(struct xf_cases *cs, long long no, const char *rule,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	long step;
	int rc;

	if (cs->st_fired == NULL && prep(cs, &cs->st_fired,
	    "SELECT max(step) FROM escalations WHERE case_no = ?1 AND "
	    "rule = ?2", e) < 0)
		return -1;
	st = cs->st_fired;
	sqlite3_bind_int64(st, 1, no);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	step = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "reading escalations");
	return step;
}

/*
 * Record the step a ladder reached; see xf-int.h.  One row, whatever the
 * steps climbed to reach it: a matter late for months climbs a dozen
 * steps on its first night, and a row each (some 240,000 rows on a
 * million-case store's first night, each with its checks of cases and
 * runs, against some 21,000 now) wrote 3,300 pages more than a row
 * each action (a fifth of the pwrite calls).
 */
int
xf_cases_fire(struct xf_cases *cs, long long no, const char *rule,
    long step, const char *day, struct xf_err *e)
{
	sqlite3_stmt *st;

	if (cs->st_fire == NULL && prep(cs, &cs->st_fire,
	    "INSERT OR IGNORE INTO escalations (case_no, rule, step, as_of, "
	    "run_id) VALUES (?1, ?2, ?3, ?4, ?5)", e) < 0)
		return -1;
	st = cs->st_fire;
	sqlite3_bind_int64(st, 1, no);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, step);
	sqlite3_bind_text(st, 4, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, cs->run);
	return step_done(cs, st, "recording an escalation", e);
}

/* The store's data version, as PRAGMA data_version; see xf-int.h. */
int
xf_cases_version(struct xf_cases *cs, long long *v, struct xf_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (cs->st_version == NULL && prep(cs, &cs->st_version,
	    "PRAGMA data_version", e) < 0)
		return -1;
	st = cs->st_version;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(cs->db, e, "reading the store's version");
	return 0;
}

/* The as-of day of run; see xf-int.h. */
int
xf_cases_run_day(struct xf_cases *cs, long long run, char *out,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (cs->st_run_day == NULL && prep(cs, &cs->st_run_day,
	    "SELECT substr(as_of, 1, 10) FROM runs WHERE run_id = ?1", e) < 0)
		return -1;
	st = cs->st_run_day;
	sqlite3_bind_int64(st, 1, run);
	rc = sqlite3_step(st);
	snprintf(out, 11, "%s", rc == SQLITE_ROW ? col_text(st, 0) : "");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(cs->db, e, "reading runs");
	return 0;
}
