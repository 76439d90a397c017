/*
 * intake.c: registering petitions from CSV into the store.
 *
 * The file loop: the reader thread reads each record and checks it in full
 * (check.c) before anything is written, so a bad row never half-applies;
 * the writer thread (pipe.c) finds duplicates and repeats and stores the
 * good rows through the case layer (case.c), in batches of one
 * transaction each (batch.c), whose output rows are handed to the caller
 * only after the batch committed.  This file holds the file loop, the
 * writer and the jobs between the two threads; intake-read.c the reader,
 * intake-opts.c the set-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-int.h"

#define JOB_KEEP	(64 * 1024)	/* larger job buffers are freed after use */

static const char *const out_names[NOUT + 1] = {
	"case_id", "source_ref", "line", "result", "received_at", "channel",
	"category", "status", "disposition", "disposition_target",
	"triage_deadline", "unit", "persons", "group", "leapfrog",
	"first_petition", "repeat_of", "petitions", NULL
};


const char *const *
xf_intake_columns(void)
{
	return out_names;
}

size_t
xf_intake_ncolumns(void)
{
	return NOUT;
}

const char *
xf_row_file(const struct xf_intake_row *r)
{
	return r->file;
}

long
xf_row_line(const struct xf_intake_row *r)
{
	return r->line;
}

const char *
xf_row_result(const struct xf_intake_row *r)
{
	return r->result;
}

const char *
xf_row_col(const struct xf_intake_row *r, size_t i)
{
	return i < NOUT && r->val[i] ? r->val[i] : "";
}

const struct xf_err *
xf_row_error(const struct xf_intake_row *r)
{
	return &r->err;
}

size_t
xf_row_nraw(const struct xf_intake_row *r)
{
	return r->nraw;
}

const char *
xf_row_raw(const struct xf_intake_row *r, size_t i, size_t *len)
{
	if (i < r->nraw && r->raw[i]) {
		if (len)
			*len = r->rawlen[i];
		return r->raw[i];
	}
	if (len)
		*len = 0;
	return "";
}

const char *
xf_row_rawname(const struct xf_intake_row *r, size_t i)
{
	return i < r->nrawname ? r->rawname[i] : "";
}

/* The counters of the run so far. */
long long
xf_intake_count(const struct xf_intake *in, const char *what)
{
	if (strcmp(what, "read") == 0)
		return in->n_read;
	if (strcmp(what, "registered") == 0)
		return in->n_registered;
	if (strcmp(what, "repeat") == 0)
		return in->n_repeat;
	if (strcmp(what, "duplicate") == 0)
		return in->n_duplicate;
	if (strcmp(what, "rejected") == 0)
		return in->n_rejected;
	if (strcmp(what, "not-reaccepted") == 0)
		return in->n_notreaccepted;
	return 0;
}


/* ---- writing (the writer thread) ------------------------------------ */

/* Decimal digits of a non-negative v into buf (>= 21 bytes). */
static void
itoa10(long v, char *buf)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < 23);
	while (n > 0)
		*buf++ = tmp[--n];
	*buf = '\0';
}

/* Queue an output row until its batch commits. */
static int
pend(struct xf_intake *in, const char *file, const char *result,
    const struct xf_cand *c, long long no, const char *repeat_of,
    long count, long line, struct xf_err *e)
{
	char id[32], lbuf[24], pbuf[24], nbuf[24];
	const char *v[NOUT];

	xf_case_id(no, id);
	itoa10(line, lbuf);
	itoa10(c->persons, pbuf);
	itoa10(count, nbuf);
	v[O_CASE_ID] = id;
	v[O_SOURCE_REF] = c->f[F_SOURCE_REF];
	v[O_LINE] = lbuf;
	v[O_RESULT] = result;
	v[O_RECEIVED_AT] = c->received;
	v[O_CHANNEL] = c->channel;
	v[O_CATEGORY] = c->category;
	v[O_STATUS] = c->status;
	v[O_DISPOSITION] = c->disposition;
	v[O_TARGET] = c->target ? c->target : c->reason;
	v[O_TRIAGE_DEADLINE] = c->triage_dl;
	v[O_UNIT] = c->f[F_UNIT];
	v[O_PERSONS] = pbuf;
	v[O_GROUP] = c->is_group ? "1" : "0";
	v[O_LEAPFROG] = c->is_leapfrog ? c->level_received : "";
	v[O_FIRST] = repeat_of && *repeat_of ? "0" : "1";
	v[O_REPEAT_OF] = repeat_of;
	v[O_PETITIONS] = nbuf;
	if (xf_batch_pend(in->batch, file, line, result, v) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* Queue a duplicate: the case as the store has it. */
static int
pend_stored(struct xf_intake *in, const char *file,
    const struct xf_cand *c, long long no, long line, struct xf_err *e)
{
	const char *v[NOUT];
	char id[32], lbuf[24];

	if (xf_cases_state(in->cases, no, v + O_RECEIVED_AT, e) < 0)
		return -1;
	xf_case_id(no, id);
	itoa10(line, lbuf);
	v[O_CASE_ID] = id;
	v[O_SOURCE_REF] = c->f[F_SOURCE_REF];
	v[O_LINE] = lbuf;
	v[O_RESULT] = "duplicate";
	if (xf_batch_pend(in->batch, file, line, "duplicate", v) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/*
 * Append the JSON string at p (as xf_buf_json writes it) to b, decoded,
 * with a NUL; returns the end of the string or NULL.
 */
static const char *
json_str(const char *p, struct xf_buf *b)
{
	char ch;

	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		ch = *p;
		if (*p == '\\' && p[1] == 'u') {
			ch = (char)strtol((char[5]){ p[2], p[3], p[4], p[5], 0 },
			    NULL, 16);
			p += 5;
		} else if (*p == '\\')
			ch = *++p;
		if (xf_buf_add(b, &ch, 1) < 0)
			return NULL;
	}
	return xf_buf_add(b, "", 1) < 0 ? NULL : p + 1;
}

/*
 * Append the value of key in the JSON object p (as extra_json() writes
 * it) to b, decoded, with a NUL, and return 1; or 0 with b unchanged.
 */
static int
json_find(const char *p, const char *key, struct xf_buf *b)
{
	size_t at = b->len;
	int match;

	if (*p++ != '{')
		return 0;
	while (*p == '"') {
		if ((p = json_str(p, b)) == NULL || *p++ != ':')
			break;
		match = strcmp(b->s + at, key) == 0;
		b->len = at;
		if ((p = json_str(p, b)) == NULL)
			break;
		if (match)
			return 1;
		b->len = at;
		if (*p == ',')
			p++;
	}
	b->len = at;
	if (b->s != NULL)
		b->s[at] = '\0';
	return 0;
}

/*
 * Refuse the row at line of file on the writer thread, with the reason
 * in e: keep its fields in the order of the file's data columns (the
 * checked, trimmed values; an unknown column's from the JSON of extra)
 * for xf_intake_file() to report once the writer has ended.  Returns 0,
 * or -1 when out of memory.
 */
static int
late_reject(struct xf_intake *in, const char *file, long line,
    const struct xf_cand *c, const char *extra, const struct xf_err *e)
{
	struct xf_late *l;
	size_t n = 0;

	if (in->nlate == in->latecap) {
		size_t ncap = in->latecap ? in->latecap * 2 : 16;
		struct xf_late *v = realloc(in->late, ncap * sizeof(*v));

		if (v == NULL)
			return -1;
		in->late = v;
		in->latecap = ncap;
	}
	l = &in->late[in->nlate];
	l->file = file;
	l->line = line;
	l->err = *e;
	l->off = in->lateval.len;
	for (size_t i = 0; i < in->ncol; i++) {
		const char *v = "";

		if (in->colfield[i] == F_IGNORED)
			continue;
		n++;
		if (in->colfield[i] >= 0)
			v = c->f[in->colfield[i]];
		else if (extra != NULL && json_find(extra, in->xkey[i],
		    &in->lateval))
			continue;
		if (xf_buf_add(&in->lateval, v, strlen(v) + 1) < 0)
			return -1;
	}
	l->n = n;
	in->nlate++;
	return 0;
}

/*
 * A --history row of an export is case no here: remember it, for the
 * rows after it that name it in repeat_of or petition_of.
 */
static int
link_case(struct xf_intake *in, const struct xf_cand *c, long long no,
    struct xf_err *e)
{
	if (!in->o.history || c->file_no <= 0 || c->petition_of)
		return 0;
	if ((in->idmap == NULL && (in->idmap = xf_idmap_new()) == NULL) ||
	    xf_idmap_put(in->idmap, c->file_no, no) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/*
 * The matter a --history row names (petition_of, else repeat_of) as it is
 * numbered here: 1 with *no, or for repeat_of a matter not in the input
 * 1 with *no 0 (its id kept as written); 0 when a further petition's
 * matter was not earlier in the input (e set, for a rejected row).
 */
static int
linked(struct xf_intake *in, struct xf_cand *c, long long *no,
    struct xf_err *e)
{
	long long want = c->petition_of ? c->petition_of : c->repeat_no;

	*no = 0;
	if (want == 0)
		return 1;
	if ((*no = xf_idmap_get(in->idmap, want)) > 0)
		return 1;
	if (c->petition_of == 0) {
		*no = want;
		return 1;
	}
	xf_err_col(e, XF_EROW, in->fieldcol[F_PETITION_OF] >= 0 ?
	    in->hdr[in->fieldcol[F_PETITION_OF]] : "petition_of", "matter %s "
	    "is not earlier in the input (its row, with that case_id, must "
	    "come before its further petitions)", c->f[F_PETITION_OF]);
	return 0;
}

/* Write one valid row.  Returns 0 or -1 on a store error. */
static int
apply(struct xf_intake *in, const char *file, struct xf_cand *c,
    const char *extra, long line, struct xf_err *e)
{
	char status[32] = "", repeat_of[32] = "";
	const char *result = "registered";
	long long no = 0;
	long count = 1;
	int rc;

	/* Already here?  Then it is a duplicate, whatever else it is. */
	if ((rc = xf_cases_find(in->cases, c, &no, e)) < 0)
		return -1;
	if (rc > 0 && link_case(in, c, no, e) < 0)
		return -1;
	if (rc > 0)
		return pend_stored(in, file, c, no, line, e);
	if (in->o.history && (c->petition_of || c->repeat_given)) {
		if ((rc = linked(in, c, &no, e)) < 0)
			return -1;
		if (rc == 0 && late_reject(in, file, line, c, extra, e) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		if (rc == 0)
			return 0;
		status[0] = '\0';
		rc = c->petition_of || c->repeat_no;
	} else if ((rc = xf_cases_repeat(in->cases, c, in->o.repeat_days,
	    SIMILARITY, &no, status, &count, e)) < 0)
		return -1;
	if (rc > 0 && c->petition_of) {
		/* A further petition of an old matter, as it was recorded. */
		if (xf_cases_join(in->cases, no, c, &count, e) < 0)
			return -1;
		xf_case_id(no, repeat_of);
		return pend(in, file, "repeat", c, no, repeat_of, count, line,
		    e);
	}
	if (rc > 0 && !in->o.history && xf_status_open(status)) {
		/* A further petition on a matter still being handled. */
		if (xf_cases_join(in->cases, no, c, &count, e) < 0)
			return -1;
		c->status = "";
		c->disposition = "";
		c->target = c->reason = NULL;
		xf_case_id(no, repeat_of);
		return pend(in, file, "repeat", c, no, repeat_of, count, line,
		    e);
	}
	if (rc > 0) {
		xf_case_id(no, repeat_of);
		if (!in->o.history && strcmp(status, "terminated") == 0) {
			c->status = "not-reaccepted";
			c->disposition = "not-accept";
			c->target = NULL;
			c->reason = "same facts and reasons as a terminated "
			    "matter";
			c->accepted[0] = c->deadline[0] = '\0';
			result = "not-reaccepted";
		}
	}
	if (xf_cases_next_no(in->cases, c->recv_day, &no, e) < 0) {
		/* Only this row: the rest of the batch stands. */
		if (e->code != XF_EROW)
			return -1;
		snprintf(e->column, sizeof(e->column), "%s",
		    in->fieldcol[F_RECEIVED_AT] >= 0 ?
		    in->hdr[in->fieldcol[F_RECEIVED_AT]] : "received_at");
		if (late_reject(in, file, line, c, extra, e) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		return 0;
	}
	if (xf_cases_insert(in->cases, no, c, repeat_of, extra, e) < 0 ||
	    link_case(in, c, no, e) < 0)
		return -1;
	return pend(in, file, result, c, no, repeat_of, 1, line, e);
}

/* A committed row: count it and hand it to the caller. */
static int
emit(void *arg, const char *file, long line, const char *result,
    const char *const *v)
{
	struct xf_intake *in = arg;
	struct xf_intake_row r = { 0 };

	if (strcmp(result, "registered") == 0)
		in->n_registered++;
	else if (strcmp(result, "repeat") == 0)
		in->n_repeat++;
	else if (strcmp(result, "duplicate") == 0)
		in->n_duplicate++;
	else if (strcmp(result, "not-reaccepted") == 0)
		in->n_notreaccepted++;
	r.file = file;
	r.line = line;
	r.result = result;
	for (int k = 0; k < NOUT; k++)
		r.val[k] = v[k];
	return in->cb.done ? in->cb.done(in->cb.arg, &r) : 0;
}

/* Before a commit: write the cases held back (see xf_cases_insert). */
static int
batch_hook(void *arg, struct xf_err *e)
{
	struct xf_intake *in = arg;

	return xf_cases_flush(in->cases, e);
}

/* Use the store db (not owned); see xf.h. */
int
xf_intake_attach(struct xf_intake *in, struct xf_db *db, struct xf_err *e)
{
	in->db = db;
	if ((in->cases = xf_cases_new(db, e)) == NULL)
		return -1;
	in->batch = xf_batch_new(db, "xf-intake", in->asof_text, in->o.actor,
	    in->o.argc, in->o.argv, in->o.batch, in->o.dry_run, NOUT, emit,
	    in);
	/* The reader prints committed rows: the writer is the busier. */
	if (in->batch == NULL || xf_batch_defer(in->batch) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	xf_batch_hook(in->batch, batch_hook, in);
	return 0;
}

/* ---- jobs: rows on their way from the reader to the writer ---------- */

struct job {
	struct xf_cand c;
	long line;
	const char *file;	/* one of in->names */
	const char *extra;	/* unknown columns as JSON, in buf, or NULL */
	char *buf;		/* the strings c points to */
	size_t cap;
};


/* Point *p into dst if it points into [src, src + n). */
static void
reloc(const char **p, const char *src, size_t n, char *dst)
{
	if (*p >= src && *p < src + n)
		*p = dst + (*p - src);
}

/*
 * Copy a checked row into a job: its trimmed fields (in->row) and its
 * unknown columns, with c's pointers moved to the copies.
 */
static int
job_fill(void *arg, void *slot, const void *src)
{
	struct xf_intake *in = arg;
	struct job *j = slot;
	const struct row *w = src;
	size_t xlen = w->extra ? strlen(w->extra) + 1 : 0;
	size_t need = in->row.len + xlen;

	if (need > j->cap) {
		char *b = realloc(j->buf, need);

		if (b == NULL)
			return -1;
		j->buf = b;
		j->cap = need;
	}
	j->c = *w->c;
	j->line = w->line;
	j->file = in->names[in->nnames - 1];
	if (in->row.len)
		memcpy(j->buf, in->row.s, in->row.len);
	for (int i = 0; i < NFIELD; i++)
		reloc(&j->c.f[i], in->row.s, in->row.len, j->buf);
	reloc(&j->c.category, in->row.s, in->row.len, j->buf);
	reloc(&j->c.target, in->row.s, in->row.len, j->buf);
	reloc(&j->c.reason, in->row.s, in->row.len, j->buf);
	j->c.gname = NULL;
	j->extra = NULL;
	if (xlen) {
		memcpy(j->buf + in->row.len, w->extra, xlen);
		j->extra = j->buf + in->row.len;
	}
	return 0;
}

/* Apply one job in the open batch, committing the batch when full. */
static int
job_apply(void *arg, void *slot, struct xf_err *e)
{
	struct xf_intake *in = arg;
	struct job *j = slot;
	int rc;

	if ((rc = xf_batch_begin(in->batch, e)) < 0)
		return -1;
	if (rc > 0)
		xf_cases_begin(in->cases, xf_batch_run(in->batch),
		    in->o.history, xf_batch_now(in->batch));
	if (apply(in, j->file, &j->c, j->extra, j->line, e) < 0)
		return -1;
	return xf_batch_step(in->batch, e);
}

/*
 * The jobs of a round applied: write the cases held back from them.  Stop
 * if the reader could not write the rows of a batch (then the batch in
 * hand is rolled back, see xf_intake_file).
 */
static int
job_round(void *arg, struct xf_err *e)
{
	struct xf_intake *in = arg;

	if (xf_batch_out_failed(in->batch))
		return xf_batch_drain(in->batch, e);
	return xf_cases_flush(in->cases, e);
}

/* A committed batch's rows wait for the reader (writer thread). */
static int
job_want(void *arg)
{
	struct xf_intake *in = arg;

	return xf_batch_ready(in->batch);
}

/* Print them (reader thread). */
static int
job_drain(void *arg, struct xf_err *e)
{
	struct xf_intake *in = arg;

	return xf_batch_drain(in->batch, e);
}

/* A huge row: give its memory back. */
static void
job_trim(void *arg, void *slot)
{
	struct job *j = slot;

	if (j->cap > JOB_KEEP) {
		free(j->buf);
		j->buf = NULL;
		j->cap = 0;
	}
}

static void
job_release(void *arg, void *slot)
{
	struct job *j = slot;

	free(j->buf);
}

/*
 * Register every record of path; see xf.h.
 */
int
xf_intake_file(struct xf_intake *in, const char *path, struct xf_err *e)
{
	const struct xf_pipe_ops ops = { in, sizeof(struct job), job_fill,
	    job_apply, job_trim, job_release, job_round, job_want, job_drain };
	struct xf_csv *r;
	struct xf_pipe *p;
	struct xf_err we = { 0 };
	int rc;

	if ((r = xf_csv_open(path, in->o.encoding, e)) == NULL)
		return -1;
	snprintf(in->file, sizeof(in->file), "%s", xf_csv_name(r));
	/* Pending rows may outlive this file's turn: keep its name. */
	{
		char **v = realloc(in->names, (in->nnames + 1) * sizeof(*v));

		if (v == NULL || (v[in->nnames] = strdup(in->file)) == NULL) {
			if (v != NULL)
				in->names = v;
			xf_csv_free(r);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
		in->names = v;
		in->nnames++;
	}
	if ((rc = xf_csv_read(r, e)) <= 0) {
		xf_csv_free(r);
		if (rc == 0)
			return xf_err_set(e, XF_EINPUT, "%s: empty file: a "
			    "header row is needed", in->file);
		return -1;
	}
	if (xf_intake_header(in, r, e) < 0 ||
	    (p = xf_pipe_start(&ops, e)) == NULL) {
		xf_csv_free(r);
		return -1;
	}
	rc = xf_intake_rows(in, r, p, e);
	if (xf_pipe_finish(p, &we) < 0) {
		/* The writer's error wins: a failed batch leaves nothing. */
		*e = we;
		rc = -1;
		xf_batch_abort(in->batch);
	}
	/*
	 * Print what the reader left (a batch committed late in the file).
	 * Output that failed stops the run after the batch in hand, as it
	 * would have had the writer printed: roll back what followed.
	 */
	if (xf_batch_drain(in->batch, &we) < 0) {
		*e = we;
		rc = -1;
		xf_batch_abort(in->batch);
	}
	xf_intake_late(in);
	xf_csv_free(r);
	return rc < 0 ? -1 : 0;
}

/* Commit what is pending; see xf.h. */
int
xf_intake_finish(struct xf_intake *in, struct xf_err *e)
{
	return xf_batch_commit(in->batch, e);
}

/* Record how the run ended; see xf.h. */
int
xf_intake_end(struct xf_intake *in, int status, int finished,
    struct xf_err *e)
{
	return xf_batch_end(in->batch, status, finished, e);
}

/* The stored unit names the unit tree does not know; see xf.h. */
int
xf_intake_unresolved(struct xf_intake *in,
    void (*cb)(void *, const char *, long long), void *arg,
    struct xf_err *e)
{
	if (in->units == NULL || in->db == NULL)
		return 0;
	return xf_units_unresolved(in->units, in->db, cb, arg, e);
}
