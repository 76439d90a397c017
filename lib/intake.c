/*
 * intake.c: registering petitions from CSV into the store.
 *
 * A row is read, mapped to the canonical columns, validated and
 * normalised in full before anything is written, so a bad row never
 * half-applies.  Good rows are written in batches of one transaction each;
 * what a batch registered is handed to the caller only after the batch
 * committed, so the output never names a case that is not in the store.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "xf-int.h"

#define DEFAULT_BATCH	100000
#define PROGRESS_EVERY	10000
#define SIMILARITY	0.5	/* repeat threshold, see xf-intake(1) */
#define F_IGNORED	(-2)	/* a column read and dropped */

/* The canonical input columns. */
enum {
	F_SOURCE_REF, F_RECEIVED_AT, F_CHANNEL, F_NAME, F_ANONYMOUS,
	F_ID_NUMBER, F_PHONE, F_ADDRESS, F_PERSONS, F_CONTENT, F_CATEGORY,
	F_UNIT, F_LEVEL_RECEIVED, F_PROBLEM_LEVEL, F_SUPERVISION,
	F_SUPERVISION_DEADLINE,
	/* history */
	F_STATUS, F_LEADER, F_OFFICER, F_ACCEPTED_AT, F_DEADLINE,
	F_EXTENDED_DEADLINE, F_REPLIED_AT, F_CLOSED_AT, F_OUTCOME,
	F_RESOLVED, F_SATISFACTION, F_REVIEW_REQ, F_REVIEW_DEC,
	F_REREVIEW_REQ, F_REREVIEW_DEC, F_TERMINATED_AT,
	NFIELD
};

static const char *const field_names[NFIELD] = {
	"source_ref", "received_at", "channel", "petitioner_name",
	"anonymous", "id_number", "phone", "address", "persons", "content",
	"category", "unit", "level_received", "problem_level", "supervision",
	"supervision_deadline",
	"status", "leader", "officer", "accepted_at", "deadline",
	"extended_deadline", "replied_at", "closed_at", "outcome", "resolved",
	"satisfaction", "review_requested_at", "review_decided_at",
	"rereview_requested_at", "rereview_decided_at", "terminated_at",
};

/* Chinese (and a few English) header names, documented in xf-csv(5). */
static const struct alias {
	const char *name;
	int field;
} aliases[] = {
	{ "编号", F_SOURCE_REF }, { "信访编号", F_SOURCE_REF },
	{ "来源编号", F_SOURCE_REF }, { "件号", F_SOURCE_REF },
	{ "原编号", F_SOURCE_REF },
	{ "信访日期", F_RECEIVED_AT }, { "登记日期", F_RECEIVED_AT },
	{ "来信来访日期", F_RECEIVED_AT }, { "信访时间", F_RECEIVED_AT },
	{ "登记时间", F_RECEIVED_AT }, { "date", F_RECEIVED_AT },
	{ "received", F_RECEIVED_AT },
	{ "信访形式", F_CHANNEL }, { "信访方式", F_CHANNEL },
	{ "来源渠道", F_CHANNEL }, { "渠道", F_CHANNEL },
	{ "姓名", F_NAME }, { "信访人", F_NAME }, { "信访人姓名", F_NAME },
	{ "name", F_NAME },
	{ "匿名", F_ANONYMOUS }, { "是否匿名", F_ANONYMOUS },
	{ "身份证号", F_ID_NUMBER }, { "身份证号码", F_ID_NUMBER },
	{ "证件号码", F_ID_NUMBER }, { "公民身份号码", F_ID_NUMBER },
	{ "联系电话", F_PHONE }, { "电话", F_PHONE }, { "手机", F_PHONE },
	{ "手机号", F_PHONE }, { "手机号码", F_PHONE },
	{ "住址", F_ADDRESS }, { "地址", F_ADDRESS },
	{ "家庭住址", F_ADDRESS }, { "现住址", F_ADDRESS },
	{ "涉及人数", F_PERSONS }, { "人数", F_PERSONS },
	{ "信访人数", F_PERSONS },
	{ "信访内容", F_CONTENT }, { "内容", F_CONTENT },
	{ "反映问题", F_CONTENT }, { "主要诉求", F_CONTENT },
	{ "诉求", F_CONTENT }, { "事项", F_CONTENT },
	{ "问题类别", F_CATEGORY }, { "类别", F_CATEGORY },
	{ "问题分类", F_CATEGORY }, { "内容分类", F_CATEGORY },
	{ "责任单位", F_UNIT }, { "承办单位", F_UNIT }, { "办理单位", F_UNIT },
	{ "接访层级", F_LEVEL_RECEIVED }, { "登记层级", F_LEVEL_RECEIVED },
	{ "受理层级", F_LEVEL_RECEIVED },
	{ "问题属地层级", F_PROBLEM_LEVEL }, { "属地层级", F_PROBLEM_LEVEL },
	{ "督办", F_SUPERVISION }, { "督办层级", F_SUPERVISION },
	{ "督办期限", F_SUPERVISION_DEADLINE },
	{ "状态", F_STATUS }, { "办理状态", F_STATUS },
	{ "包案领导", F_LEADER }, { "责任领导", F_LEADER },
	{ "责任民警", F_OFFICER }, { "承办人", F_OFFICER },
	{ "承办民警", F_OFFICER },
	{ "受理日期", F_ACCEPTED_AT }, { "受理时间", F_ACCEPTED_AT },
	{ "办理期限", F_DEADLINE }, { "期限", F_DEADLINE },
	{ "延期期限", F_EXTENDED_DEADLINE },
	{ "答复日期", F_REPLIED_AT }, { "答复时间", F_REPLIED_AT },
	{ "办结日期", F_CLOSED_AT }, { "办结时间", F_CLOSED_AT },
	{ "处理意见", F_OUTCOME }, { "答复意见", F_OUTCOME },
	{ "处理结果", F_OUTCOME },
	{ "是否化解", F_RESOLVED }, { "化解", F_RESOLVED },
	{ "息诉罢访", F_RESOLVED },
	{ "满意度", F_SATISFACTION }, { "评价结果", F_SATISFACTION },
	{ "满意度评价", F_SATISFACTION },
	{ "复查申请日期", F_REVIEW_REQ }, { "复查日期", F_REVIEW_DEC },
	{ "复查意见日期", F_REVIEW_DEC },
	{ "复核申请日期", F_REREVIEW_REQ }, { "复核日期", F_REREVIEW_DEC },
	{ "复核意见日期", F_REREVIEW_DEC },
	{ "终结日期", F_TERMINATED_AT },
};

/* The output columns. */
enum {
	O_CASE_ID, O_SOURCE_REF, O_LINE, O_RESULT, O_RECEIVED_AT, O_CHANNEL,
	O_CATEGORY, O_STATUS, O_DISPOSITION, O_TARGET, O_TRIAGE_DEADLINE,
	O_UNIT, O_PERSONS, O_GROUP, O_LEAPFROG, O_FIRST, O_REPEAT_OF,
	O_PETITIONS, NOUT
};

static const char *const out_names[NOUT + 1] = {
	"case_id", "source_ref", "line", "result", "received_at", "channel",
	"category", "status", "disposition", "disposition_target",
	"triage_deadline", "unit", "persons", "group", "leapfrog",
	"first_petition", "repeat_of", "petitions", NULL
};

struct xf_intake_row {
	const char *file;
	long line;
	const char *result;
	const char *val[NOUT];
	struct xf_err err;
	size_t nraw, nrawname;
	const char *const *rawname;
	const char **raw;
	const size_t *rawlen;
};

/* A validated row, ready to be written. */
struct cand {
	const char *f[NFIELD];		/* trimmed input, "" when absent */
	char received[24], id[20], phone[32], person_key[160];
	long long pkey;			/* hash of person_key, 0 for none */
	char accepted[24], deadline[24], extdeadline[24], replied[24];
	char closed[24], rvq[24], rvd[24], rrq[24], rrd[24], term[24];
	char supdl[24], triage_dl[12], triaged[12];
	long recv_day;
	const char *channel, *level_received, *problem_level, *supervision;
	const char *status, *disposition, *target, *reason, *rule;
	const char *category, *satisfaction;
	long persons;
	int anonymous, resolved, is_group, is_leapfrog;
	unsigned char fp[16];		/* fingerprint of the content fields */
	const char *gname;		/* cand_get() cache */
	int gidx;
};

#define MAXEV 12

struct ev {
	const char *at, *kind, *field, *old, *new;
};

struct seq {
	long day;
	long n;
};

struct pend {
	long line;
	const char *file;	/* one of in->names */
	size_t off[NOUT];
	const char *result;
};

struct xf_intake {
	struct xf_db *db;
	sqlite3 *h;
	struct xf_intake_opts o;
	struct xf_intake_cb cb;
	struct xf_cal *cal;
	struct xf_rules *rules;
	struct xf_time asof;
	char asof_text[24], asof_day[12];
	long long run;
	int run_saved;		/* the runs row is committed */
	int in_tx;
	long rows_in_tx;
	char **maps_new, **maps_old;

	/* Per file. */
	char file[256];
	size_t ncol;
	size_t ndata;		/* ncol less a read-back line and reason */
	char **hdr;		/* header names as in the file */
	const char **rejraw;	/* a rejected row's data fields */
	size_t *rejlen;		/* and their lengths */
	char **names;		/* every file read, for pending rows */
	size_t nnames;
	size_t rejcap;
	int *colfield;		/* canonical field of each column, or -1 */
	int fieldcol[NFIELD];

	sqlite3_stmt *st_dup_ref, *st_dup_fp, *st_repeat, *st_ins_case,
	    *st_ins_pet, *st_join, *st_seq_get, *st_last_seq, *st_state;
	sqlite3_stmt *st_ev[MAXEV + 1];	/* INSERTs of 1..MAXEV events */
	struct ev ev[MAXEV];		/* events of the row being written */
	int nev;
	long long ev_no;
	int seq;		/* last event number of the case being written */
	char now[24];		/* wall clock at the start of the batch */
	char last_id[32];	/* case_no() cache */
	long long last_no;

	struct seq *seqs;	/* open addressing on day */
	size_t nseq, seqcap;

	struct pend *pend;
	size_t npend, pendcap;
	struct xf_buf arena;
	struct xf_buf extra;
	struct xf_buf key;
	struct xf_buf row;	/* trimmed copies of the current row */

	long long n_read, n_registered, n_repeat, n_duplicate, n_rejected,
	    n_notreaccepted;
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

/* ---- statements --------------------------------------------------- */

static int
prep(struct xf_intake *in, sqlite3_stmt **st, const char *sql,
    struct xf_err *e)
{
	if (sqlite3_prepare_v3(in->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK)
		return xf_db_fail(in->db, e, "preparing statements");
	return 0;
}

static int
prepare_all(struct xf_intake *in, struct xf_err *e)
{
	/* A petition is stored once: as a case, or as a further petition. */
	if (prep(in, &in->st_dup_ref, "SELECT case_id FROM cases "
	    "WHERE source_ref = ?1 UNION ALL SELECT c.case_id FROM "
	    "petitions p JOIN cases c USING (case_no) WHERE p.source_ref = ?1 "
	    "LIMIT 1", e) < 0 ||
	    prep(in, &in->st_dup_fp, "SELECT case_id FROM cases "
	    "WHERE fingerprint = ?1 AND source_ref IS NULL UNION ALL "
	    "SELECT c.case_id FROM petitions p JOIN cases c USING (case_no) "
	    "WHERE p.fingerprint = ?1 AND p.source_ref IS NULL LIMIT 1",
	    e) < 0 ||
	    prep(in, &in->st_repeat, "SELECT case_id, content, status, "
	    "petition_count, id_number, petitioner_name, phone, anonymous "
	    "FROM cases WHERE person_key = ?1 AND category IS ?2 AND "
	    "coalesce(last_petition_at, received_at) >= ?3 AND "
	    "received_at <= ?4 ORDER BY coalesce(last_petition_at, "
	    "received_at) DESC LIMIT 16", e) < 0 ||
	    prep(in, &in->st_ins_case, "INSERT INTO cases (case_no, "
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
	    "rereview_decided_at, terminated_at, imported, extra, run_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
	    "?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?12, NULL, ?32, ?33, ?34, "
	    "?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, "
	    "?48, ?49)", e) < 0 ||
	    prep(in, &in->st_last_seq, "SELECT max(seq) FROM events "
	    "WHERE case_no = ?1", e) < 0 ||
	    prep(in, &in->st_state, "SELECT received_at, channel, category, "
	    "status, disposition, coalesce(disposition_target, "
	    "disposition_reason), triage_deadline, unit, persons_total, "
	    "is_group, leapfrog_level, first_petition, repeat_of, "
	    "petition_count FROM cases WHERE case_no = ?1", e) < 0 ||
	    prep(in, &in->st_ins_pet, "INSERT INTO petitions (case_no, "
	    "source_ref, fingerprint, received_at, channel, persons, "
	    "level_received, is_leapfrog, content, run_id, imported) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", e) < 0 ||
	    prep(in, &in->st_join, "UPDATE cases SET petition_count = "
	    "petition_count + 1, persons_total = persons_total + ?2, "
	    "last_petition_at = max(coalesce(last_petition_at, received_at), "
	    "?3), is_group = "
	    "max(is_group, ?4), is_leapfrog = max(is_leapfrog, ?5), "
	    "updated_at = ?6 WHERE case_no = ?1 RETURNING petition_count",
	    e) < 0 ||
	    prep(in, &in->st_seq_get, "SELECT max(case_no) FROM cases "
	    "WHERE case_no BETWEEN ?1 AND ?1 + 99999", e) < 0)
		return -1;
	return 0;
}

static void
finalize_all(struct xf_intake *in)
{
	sqlite3_stmt **v[] = { &in->st_dup_ref, &in->st_dup_fp, &in->st_repeat,
	    &in->st_ins_case, &in->st_ins_pet,
	    &in->st_join, &in->st_seq_get, &in->st_last_seq, &in->st_state };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sqlite3_finalize(*v[i]);
		*v[i] = NULL;
	}
	for (int i = 0; i <= MAXEV; i++) {
		sqlite3_finalize(in->st_ev[i]);
		in->st_ev[i] = NULL;
	}
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

/* ---- set-up ------------------------------------------------------- */

void
xf_intake_free(struct xf_intake *in)
{
	if (in == NULL)
		return;
	if (in->in_tx)
		xf_db_rollback(in->db);
	finalize_all(in);
	xf_cal_free(in->cal);
	xf_rules_free(in->rules);
	for (size_t i = 0; i < in->ncol; i++)
		free(in->hdr[i]);
	free(in->hdr);
	free(in->colfield);
	free(in->seqs);
	free(in->pend);
	for (size_t i = 0; i < in->o.nmaps; i++) {
		free(in->maps_new[i]);
		free(in->maps_old[i]);
	}
	free(in->maps_new);
	free(in->maps_old);
	xf_buf_free(&in->arena);
	xf_buf_free(&in->extra);
	xf_buf_free(&in->key);
	xf_buf_free(&in->row);
	free(in->rejraw);
	free(in->rejlen);
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	free(in);
}

/* Does path exist as a regular file? */
static int
exists(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return 0;
	fclose(fp);
	return 1;
}

/* Lower-case ASCII, trim blanks, and turn spaces and hyphens into _. */
static void
header_norm(const char *s, char *out, size_t n)
{
	size_t i = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && i + 1 < n; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c == ' ' || c == '-')
			c = '_';
		out[i++] = c;
	}
	while (i > 0 && out[i - 1] == '_')
		i--;
	out[i] = '\0';
}

/*
 * Prepare an intake run; see xf.h.
 */
struct xf_intake *
xf_intake_new(const struct xf_intake_opts *o, const struct xf_intake_cb *cb,
    struct xf_err *e)
{
	struct xf_intake *in;
	char path[1100];

	if ((in = calloc(1, sizeof(*in))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	in->o = *o;
	if (cb)
		in->cb = *cb;
	if (in->o.batch <= 0)
		in->o.batch = DEFAULT_BATCH;
	if (in->o.group_min <= 0)
		in->o.group_min = 5;
	if (in->o.repeat_days <= 0)
		in->o.repeat_days = 365;
	in->maps_new = calloc(o->nmaps + 1, sizeof(char *));
	in->maps_old = calloc(o->nmaps + 1, sizeof(char *));
	for (size_t i = 0; i < o->nmaps; i++) {
		const char *eq = strchr(o->maps[i], '=');
		char buf[128];

		if (eq == NULL || eq == o->maps[i] || eq[1] == '\0') {
			xf_err_set(e, XF_ECONFIG, "--map %s: expected new=old",
			    o->maps[i]);
			in->o.nmaps = i;
			goto fail;
		}
		snprintf(buf, sizeof(buf), "%.*s", (int)(eq - o->maps[i]),
		    o->maps[i]);
		in->maps_new[i] = strdup(buf);
		in->maps_old[i] = strdup(eq + 1);
	}
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &in->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date \"%s\"",
			    o->as_of);
			goto fail;
		}
		if (in->asof.sec < 0)
			in->asof.sec = 86399;	/* the whole day counts */
	} else
		xf_time_now(&in->asof);
	xf_time_fmt(&in->asof, in->asof_text);
	xf_date_fmt(in->asof.day, in->asof_day);
	in->cal = xf_cal_new();
	if (in->cal == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	if (o->config_dir && *o->config_dir) {
		struct stat sb;

		if (stat(o->config_dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			xf_err_set(e, XF_ECONFIG, "%s: no such configuration "
			    "directory", o->config_dir);
			goto fail;
		}
		if (strlen(o->config_dir) + sizeof("/holidays.csv") >
		    sizeof(path)) {
			xf_err_set(e, XF_ECONFIG, "%s: path too long",
			    o->config_dir);
			goto fail;
		}
		snprintf(path, sizeof(path), "%s/holidays.csv", o->config_dir);
		if (exists(path) && xf_cal_load(in->cal, path, e) < 0)
			goto fail;
		snprintf(path, sizeof(path), "%s/rules.csv", o->config_dir);
		if (exists(path) &&
		    (in->rules = xf_rules_load(path, e)) == NULL)
			goto fail;
	}
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	return in;
fail:
	xf_intake_free(in);
	return NULL;
}

/* Use the store db (not owned); see xf.h. */
int
xf_intake_attach(struct xf_intake *in, struct xf_db *db, struct xf_err *e)
{
	in->db = db;
	in->h = xf_db_handle(db);
	return prepare_all(in, e);
}

/* ---- transactions and case ids ------------------------------------- */

/* A rolled-back first batch took its runs row with it. */
static void
forget_run(struct xf_intake *in)
{
	if (!in->run_saved)
		in->run = 0;
}

static int
tx_begin(struct xf_intake *in, struct xf_err *e)
{
	if (in->in_tx)
		return 0;
	if (xf_db_begin(in->db, e) < 0)
		return -1;
	in->in_tx = 1;
	in->rows_in_tx = 0;
	xf_now_text(in->now, sizeof(in->now));
	in->nseq = 0;
	if (in->seqs)
		memset(in->seqs, 0, in->seqcap * sizeof(*in->seqs));
	if (in->run == 0) {
		in->run = xf_db_run_start(in->db, "xf-intake", in->asof_text,
		    in->o.argc, in->o.argv, e);
		if (in->run < 0) {
			xf_db_rollback(in->db);
			in->in_tx = 0;
			in->run = 0;
			return -1;
		}
	}
	return 0;
}

static struct seq *
seq_slot(struct xf_intake *in, long day)
{
	size_t i;

	if (in->nseq * 2 >= in->seqcap) {
		size_t ncap = in->seqcap ? in->seqcap * 2 : 1024;
		struct seq *v = calloc(ncap, sizeof(*v)), *old = in->seqs;

		if (v == NULL)
			return NULL;
		for (size_t k = 0; k < in->seqcap; k++)
			if (old[k].day) {
				i = (size_t)old[k].day * 2654435761u % ncap;
				while (v[i].day)
					i = (i + 1) % ncap;
				v[i] = old[k];
			}
		free(old);
		in->seqs = v;
		in->seqcap = ncap;
	}
	i = (size_t)day * 2654435761u % in->seqcap;
	while (in->seqs[i].day && in->seqs[i].day != day)
		i = (i + 1) % in->seqcap;
	return &in->seqs[i];
}

/* The first case number of day: YYYYMMDD * 100000. */
static long long
day_base(long day)
{
	int y, m, d;

	xf_date_ymd(day, &y, &m, &d);
	return ((long long)y * 10000 + m * 100 + d) * 100000;
}

/* Case number to "XF-YYYYMMDD-NNNN"; out has room for 32 bytes. */
static void
case_id_fmt(long long no, char *out)
{
	snprintf(out, 32, "XF-%lld-%04lld", no / 100000, no % 100000);
}

/* "XF-YYYYMMDD-NNNN" to its case number, or -1. */
static long long
case_no_of(const char *id)
{
	long long day, n;
	char tail;

	if (sscanf(id, "XF-%8lld-%lld%c", &day, &n, &tail) != 2 || n < 1 ||
	    n > 99999)
		return -1;
	return day * 100000 + n;
}

/* case_no_of, remembering the last answer: rows ask for one id often. */
static long long
case_no(struct xf_intake *in, const char *id)
{
	if (strcmp(id, in->last_id) != 0) {
		snprintf(in->last_id, sizeof(in->last_id), "%s", id);
		in->last_no = case_no_of(id);
	}
	return in->last_no;
}

/* Allocate the next case number for a matter received on day. */
static int
next_case_no(struct xf_intake *in, long day, long long *no,
    struct xf_err *e)
{
	struct seq *s = seq_slot(in, day + 1000000);
	long long base = day_base(day);

	if (s == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	if (s->day == 0) {
		int rc;

		s->day = day + 1000000;
		sqlite3_bind_int64(in->st_seq_get, 1, base);
		rc = sqlite3_step(in->st_seq_get);
		s->n = rc == SQLITE_ROW && sqlite3_column_type(in->st_seq_get,
		    0) != SQLITE_NULL ? sqlite3_column_int64(in->st_seq_get, 0)
		    - base : 0;
		sqlite3_reset(in->st_seq_get);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return xf_db_fail(in->db, e, "reading case numbers");
		in->nseq++;
	}
	if (s->n >= 99999)
		return xf_err_set(e, XF_EDB, "more than 99999 matters "
		    "received on one day");
	s->n++;
	*no = base + s->n;
	return 0;
}

/*
 * Hand the committed rows of this batch to the caller.  Returns -1 when
 * the caller's done callback said to stop (its output failed).
 */
static int
flush_pending(struct xf_intake *in, struct xf_err *e)
{
	int stop = 0;

	for (size_t i = 0; i < in->npend; i++) {
		struct xf_intake_row r = { 0 };
		struct pend *p = &in->pend[i];

		r.file = p->file;
		r.line = p->line;
		r.result = p->result;
		if (strcmp(p->result, "registered") == 0)
			in->n_registered++;
		else if (strcmp(p->result, "repeat") == 0)
			in->n_repeat++;
		else if (strcmp(p->result, "duplicate") == 0)
			in->n_duplicate++;
		else if (strcmp(p->result, "not-reaccepted") == 0)
			in->n_notreaccepted++;
		for (int k = 0; k < NOUT; k++)
			r.val[k] = in->arena.s + p->off[k];
		if (!stop && in->cb.done && in->cb.done(in->cb.arg, &r) != 0)
			stop = 1;
	}
	in->npend = 0;
	xf_buf_reset(&in->arena);
	if (stop)
		return xf_err_set(e, XF_EOUTPUT, "the output could not be "
		    "written; stopped");
	return 0;
}

static void
drop_pending(struct xf_intake *in)
{
	in->npend = 0;
	xf_buf_reset(&in->arena);
}

/* Commit the batch (or, with dry_run, only hand its rows over). */
static int
tx_commit(struct xf_intake *in, int final, struct xf_err *e)
{
	if (!in->in_tx)
		return 0;
	if (in->o.dry_run && !final)
		return flush_pending(in, e);
	if (in->o.dry_run) {
		xf_db_rollback(in->db);
		in->in_tx = 0;
		return flush_pending(in, e);
	}
	if (xf_db_commit(in->db, e) < 0) {
		in->in_tx = 0;
		drop_pending(in);
		forget_run(in);
		return -1;
	}
	in->in_tx = 0;
	in->run_saved = 1;
	return flush_pending(in, e);
}

/* ---- validation ---------------------------------------------------- */

static const char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	/* A full-width space U+3000 is a blank too. */
	while (strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += 3;
	while (end - s >= 3 && strncmp(end - 3, "\xE3\x80\x80", 3) == 0) {
		end -= 3;
		*end = '\0';
	}
	return s;
}

static const char *
colname(struct xf_intake *in, int field)
{
	int c = in->fieldcol[field];

	return c >= 0 ? in->hdr[c] : field_names[field];
}

/* Parse a date column into buf; "" stays "".  Future dates are refused. */
static int
date_col(struct xf_intake *in, struct cand *c, int field, char *buf,
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

/* Canonical status for history imports; NULL if unknown. */
static const char *
status_norm(const char *s)
{
	static const char *const map[][2] = {
		{ "registered", "registered" }, { "登记", "registered" },
		{ "待受理", "registered" },
		{ "accepted", "accepted" }, { "受理", "accepted" },
		{ "已受理", "accepted" },
		{ "assigned", "assigned" }, { "交办", "assigned" },
		{ "办理中", "assigned" }, { "在办", "assigned" },
		{ "extended", "assigned" }, { "延期", "assigned" },
		{ "closed", "closed" }, { "replied", "closed" },
		{ "办结", "closed" }, { "已办结", "closed" },
		{ "答复", "closed" }, { "已答复", "closed" },
		{ "review", "review" }, { "复查", "review" },
		{ "re-review", "re-review" }, { "rereview", "re-review" },
		{ "复核", "re-review" },
		{ "terminated", "terminated" }, { "终结", "terminated" },
		{ "forwarded", "forwarded" }, { "转送", "forwarded" },
		{ "referred", "referred" }, { "告知", "referred" },
		{ "not-accepted", "not-accepted" },
		{ "不予受理", "not-accepted" },
		{ "not-reaccepted", "not-reaccepted" },
		{ "不再受理", "not-reaccepted" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(s, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static const char *
satisfaction_norm(const char *s)
{
	static const char *const map[][2] = {
		{ "satisfied", "satisfied" }, { "满意", "satisfied" },
		{ "basically-satisfied", "basically-satisfied" },
		{ "basically satisfied", "basically-satisfied" },
		{ "基本满意", "basically-satisfied" },
		{ "dissatisfied", "dissatisfied" },
		{ "unsatisfied", "dissatisfied" }, { "不满意", "dissatisfied" },
		{ "not-evaluated", "" }, { "未评价", "" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(s, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Triage decisions and the status each leaves a matter in. */
static const struct {
	const char *disposition, *status;
} triage[] = {
	{ "accept", "accepted" }, { "forward", "forwarded" },
	{ "refer", "referred" }, { "not-accept", "not-accepted" },
	{ "not-accept", "not-reaccepted" },
};

static const char *
disposition_status(const char *d)
{
	for (size_t i = 0; i < sizeof(triage) / sizeof(triage[0]); i++)
		if (strcmp(d, triage[i].disposition) == 0)
			return triage[i].status;
	return "accepted";
}

/*
 * The triage a history status implies: its own for a triage status, none
 * yet for registered, and accept for every later step of handling.
 */
static const char *
status_disposition(const char *status)
{
	for (size_t i = 0; i < sizeof(triage) / sizeof(triage[0]); i++)
		if (strcmp(status, triage[i].status) == 0)
			return triage[i].disposition;
	return strcmp(status, "registered") == 0 ? "" : "accept";
}

static const char *
hit_disposition(int rc, const struct xf_rule_hit *hit)
{
	return rc > 0 ? hit->disposition : "accept";
}

static const char *
cand_get(void *arg, const char *name)
{
	struct cand *c = arg;

	/* The rules ask for the same few names again and again. */
	if (c->gname != NULL &&
	    (name == c->gname || strcmp(name, c->gname) == 0))
		return c->gidx >= 0 ? c->f[c->gidx] : NULL;
	c->gname = name;
	c->gidx = -1;
	for (int i = 0; i < NFIELD; i++)
		if (strcmp(field_names[i], name) == 0) {
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
static void
person_text(const char *id, const char *name, const char *phone,
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
person_key(struct cand *c)
{
	person_text(c->id, c->f[F_NAME], c->phone, c->anonymous,
	    c->person_key, sizeof(c->person_key));
	c->pkey = c->person_key[0] ? (long long)(xf_hash(XF_HASH_INIT,
	    c->person_key, strlen(c->person_key)) >> 1) | 1 : 0;
}

static void
fingerprint(struct xf_intake *in, struct cand *c)
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

/* The history columns of a --history row. */
static int
validate_history(struct xf_intake *in, struct cand *c, struct xf_err *e)
{
	const char *s = c->f[F_STATUS];

	if (*s == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_STATUS),
		    "empty: --history needs each case's status");
	if ((c->status = status_norm(s)) == NULL)
		return xf_err_col(e, XF_EROW, colname(in, F_STATUS),
		    "unknown status \"%s\"", s);
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
			return xf_err_col(e, XF_EROW, colname(in, F_RESOLVED),
			    "\"%s\" is not yes or no", c->f[F_RESOLVED]);
		if (c->resolved && !c->closed[0])
			return xf_err_col(e, XF_EROW, colname(in, F_RESOLVED),
			    "resolved but not closed");
	}
	if (c->f[F_SATISFACTION][0]) {
		if ((c->satisfaction = satisfaction_norm(
		    c->f[F_SATISFACTION])) == NULL)
			return xf_err_col(e, XF_EROW,
			    colname(in, F_SATISFACTION),
			    "\"%s\" is not satisfied, basically-satisfied or "
			    "dissatisfied", c->f[F_SATISFACTION]);
		if (c->satisfaction[0] && !c->closed[0])
			return xf_err_col(e, XF_EROW,
			    colname(in, F_SATISFACTION),
			    "evaluated but not closed");
	}
	/* Accepted matters without a deadline get the statutory 60 days. */
	if (c->accepted[0] && !c->deadline[0]) {
		struct xf_time t;

		xf_date_parse(c->accepted, XF_DATE_YMD, &t, NULL);
		xf_date_fmt(xf_cal_deadline(in->cal, t.day, 60), c->deadline);
	}
	return 0;
}

/*
 * Validate and normalise the current record into c.  Returns 0, 1 to skip
 * a blank row, or -1 with e set (column named).
 */
static int
validate(struct xf_intake *in, struct xf_csv *r, struct cand *c,
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
		if (in->colfield[i] < 0)
			continue;
		copy = in->row.s + in->row.len;
		memcpy(copy, s, len + 1);
		in->row.len += len + 1;
		c->f[in->colfield[i]] = trim(copy);
	}

	/* received_at */
	if (c->f[F_RECEIVED_AT][0] == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_RECEIVED_AT),
		    "empty");
	if (date_col(in, c, F_RECEIVED_AT, c->received, &c->recv_day, e) < 0)
		return -1;
	/* channel */
	if (c->f[F_CHANNEL][0] == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_CHANNEL), "empty");
	if ((c->channel = xf_channel_norm(c->f[F_CHANNEL])) == NULL)
		return xf_err_col(e, XF_EROW, colname(in, F_CHANNEL),
		    "unknown channel \"%s\"", c->f[F_CHANNEL]);
	/* content */
	if (c->f[F_CONTENT][0] == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_CONTENT), "empty");
	/* petitioner */
	if (c->f[F_ANONYMOUS][0]) {
		if ((c->anonymous = xf_bool_parse(c->f[F_ANONYMOUS])) < 0)
			return xf_err_col(e, XF_EROW, colname(in, F_ANONYMOUS),
			    "\"%s\" is not yes or no", c->f[F_ANONYMOUS]);
	} else if (strcmp(c->f[F_NAME], "匿名") == 0)
		c->anonymous = 1;
	if (!c->anonymous && c->f[F_NAME][0] == '\0')
		return xf_err_col(e, XF_EROW, colname(in, F_NAME),
		    "empty (mark anonymous petitions with anonymous=yes)");
	if (c->f[F_ID_NUMBER][0] &&
	    xf_idno_check(c->f[F_ID_NUMBER], c->id, e) < 0) {
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
		return xf_err_col(e, XF_EROW, colname(in, F_LEVEL_RECEIVED),
		    "unknown level \"%s\"", c->f[F_LEVEL_RECEIVED]);
	if (c->f[F_PROBLEM_LEVEL][0] && (c->problem_level =
	    xf_level_norm(c->f[F_PROBLEM_LEVEL])) == NULL)
		return xf_err_col(e, XF_EROW, colname(in, F_PROBLEM_LEVEL),
		    "unknown level \"%s\"", c->f[F_PROBLEM_LEVEL]);
	if (c->f[F_SUPERVISION][0]) {
		c->supervision = xf_level_norm(c->f[F_SUPERVISION]);
		if (c->supervision == NULL ||
		    xf_level_rank(c->supervision) < xf_level_rank("city"))
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
	xf_date_fmt(xf_cal_deadline(in->cal, c->recv_day, 15), c->triage_dl);
	if (in->o.history) {
		if (validate_history(in, c, e) < 0)
			return -1;
		c->disposition = status_disposition(c->status);
		/* The rule's organ or reason only if it agrees. */
		if (strcmp(c->disposition, hit_disposition(rc, &hit)) != 0)
			c->target = c->reason = NULL;
	} else {
		c->status = disposition_status(c->disposition);
		snprintf(c->triaged, sizeof(c->triaged), "%s", in->asof_day);
		if (strcmp(c->status, "accepted") == 0) {
			snprintf(c->accepted, sizeof(c->accepted), "%s",
			    in->asof_day);
			xf_date_fmt(xf_cal_deadline(in->cal, in->asof.day, 60),
			    c->deadline);
		}
	}
	person_key(c);
	if (c->f[F_SOURCE_REF][0] == '\0')
		fingerprint(in, c);
	return 0;
}

/* ---- writing -------------------------------------------------------- */

static int
step_done(struct xf_intake *in, sqlite3_stmt *st, const char *what,
    struct xf_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return xf_db_fail(in->db, e, what);
	return 0;
}

/* Look a ref or fingerprint up; copy the case id into out if found. */
static int
lookup(struct xf_intake *in, sqlite3_stmt *st, const void *key, int keylen,
    char *out, struct xf_err *e)
{
	int rc;

	if (keylen < 0)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_blob(st, 1, key, keylen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 64, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(in->db, e, "looking for duplicates");
	return rc == SQLITE_ROW;
}

static int
is_open(const char *status)
{
	static const char *const open[] = { "registered", "accepted",
	    "assigned", "review", "re-review" };

	for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		if (strcmp(status, open[i]) == 0)
			return 1;
	return 0;
}

/*
 * Find the matter this petition repeats: same person, same category,
 * content at least SIMILARITY alike, within the window.  Returns 1 with
 * the case id, its status and petition count, 0 if none, -1 on error.
 */
static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

static int
find_repeat(struct xf_intake *in, struct cand *c, char *case_id,
    char *status, long *count, struct xf_err *e)
{
	char from[12];
	int rc, found = 0;

	if (c->pkey == 0)
		return 0;
	xf_date_fmt(c->recv_day - in->o.repeat_days, from);
	sqlite3_bind_int64(in->st_repeat, 1, c->pkey);
	bind_opt(in->st_repeat, 2, c->category);
	sqlite3_bind_text(in->st_repeat, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->st_repeat, 4, c->received, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(in->st_repeat)) == SQLITE_ROW) {
		sqlite3_stmt *st = in->st_repeat;
		const char *txt = (const char *)sqlite3_column_text(st, 1);
		char who[160];

		person_text(col_text(st, 4), col_text(st, 5), col_text(st, 6),
		    sqlite3_column_int(st, 7), who, sizeof(who));
		if (strcmp(who, c->person_key) == 0 &&
		    xf_text_similarity(txt, c->f[F_CONTENT]) >= SIMILARITY) {
			snprintf(case_id, 64, "%s",
			    sqlite3_column_text(in->st_repeat, 0));
			snprintf(status, 32, "%s",
			    sqlite3_column_text(in->st_repeat, 2));
			*count = sqlite3_column_int(in->st_repeat, 3);
			found = 1;
			break;
		}
	}
	sqlite3_reset(in->st_repeat);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_db_fail(in->db, e, "looking for repeats");
	return found;
}

/*
 * Queue an event of the case being written (nothing when at is empty);
 * flush_events() writes the queue in one statement.  The strings must live
 * until then.
 */
static int
event(struct xf_intake *in, const char *case_id, const char *at,
    const char *kind, const char *field, const char *old, const char *new,
    struct xf_err *e)
{
	struct ev *v;

	if (at == NULL || *at == '\0')
		return 0;
	if (in->nev == MAXEV)
		return xf_err_set(e, XF_EDB, "too many events for one row");
	in->ev_no = case_no(in, case_id);
	v = &in->ev[in->nev++];
	v->at = at;
	v->kind = kind;
	v->field = field;
	v->old = old;
	v->new = new;
	return 0;
}

/* Write the queued events with one multi-row INSERT. */
static int
flush_events(struct xf_intake *in, struct xf_err *e)
{
	sqlite3_stmt **stp = &in->st_ev[in->nev];
	int k = in->nev;

	if (k == 0)
		return 0;
	in->nev = 0;
	if (*stp == NULL) {
		struct xf_buf sql = { 0 };
		int rc;

		xf_buf_adds(&sql, "INSERT INTO events (case_no, seq, at, kind, "
		    "field, old_value, new_value, run_id, imported) VALUES ");
		for (int i = 0; i < k; i++)
			xf_buf_adds(&sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?)" :
			    "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (sql.s == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		rc = prep(in, stp, sql.s, e);
		xf_buf_free(&sql);
		if (rc < 0)
			return -1;
	}
	for (int i = 0; i < k; i++) {
		struct ev *v = &in->ev[i];
		int b = i * 9;

		sqlite3_bind_int64(*stp, b + 1, in->ev_no);
		sqlite3_bind_int(*stp, b + 2, ++in->seq);
		sqlite3_bind_text(*stp, b + 3, v->at, -1, SQLITE_STATIC);
		sqlite3_bind_text(*stp, b + 4, v->kind, -1, SQLITE_STATIC);
		bind_opt(*stp, b + 5, v->field);
		bind_opt(*stp, b + 6, v->old);
		bind_opt(*stp, b + 7, v->new);
		sqlite3_bind_int64(*stp, b + 8, in->run);
		sqlite3_bind_int(*stp, b + 9, in->o.history);
	}
	return step_done(in, *stp, "recording events", e);
}

/* The columns this tool does not know, as a JSON object, or NULL. */
static const char *
extra_json(struct xf_intake *in, char **vals)
{
	int any = 0;

	xf_buf_reset(&in->extra);
	xf_buf_add(&in->extra, "{", 1);
	for (size_t i = 0; i < in->ncol; i++) {
		if (in->colfield[i] != -1 || vals[i][0] == '\0')
			continue;
		if (any++)
			xf_buf_add(&in->extra, ",", 1);
		xf_buf_json(&in->extra, in->hdr[i]);
		xf_buf_add(&in->extra, ":", 1);
		xf_buf_json(&in->extra, vals[i]);
	}
	xf_buf_add(&in->extra, "}", 1);
	return any ? in->extra.s : NULL;
}

/* Was a history case triaged away: forwarded, referred, not accepted? */
static int
triaged_elsewhere(const char *status)
{
	const char *d = status_disposition(status);

	return *d != '\0' && strcmp(d, "accept") != 0;
}

static int
insert_case(struct xf_intake *in, struct cand *c, const char *case_id,
    const char *repeat_of, char **vals, struct xf_err *e)
{
	sqlite3_stmt *st = in->st_ins_case;
	const char *src = c->f[F_SOURCE_REF];
	int first = repeat_of == NULL || *repeat_of == '\0';

	sqlite3_bind_int64(st, 1, case_no(in, case_id));
	bind_opt(st, 2, src);
	if (c->f[F_SOURCE_REF][0])
		sqlite3_bind_null(st, 3);
	else
		sqlite3_bind_blob(st, 3, c->fp, sizeof(c->fp), SQLITE_STATIC);
	bind_opt(st, 4, c->received);
	bind_opt(st, 5, c->channel);
	bind_opt(st, 6, c->f[F_NAME]);
	sqlite3_bind_int(st, 7, c->anonymous);
	bind_opt(st, 8, c->id);
	bind_opt(st, 9, c->phone);
	bind_opt(st, 10, c->f[F_ADDRESS]);
	if (c->pkey)
		sqlite3_bind_int64(st, 11, c->pkey);
	else
		sqlite3_bind_null(st, 11);
	sqlite3_bind_int64(st, 12, c->persons);
	bind_opt(st, 13, c->f[F_CONTENT]);
	bind_opt(st, 14, c->category);
	bind_opt(st, 15, c->f[F_UNIT]);
	bind_opt(st, 16, c->level_received);
	bind_opt(st, 17, c->problem_level);
	bind_opt(st, 18, c->supervision);
	bind_opt(st, 19, c->supdl);
	bind_opt(st, 20, c->status);
	bind_opt(st, 21, c->disposition);
	bind_opt(st, 22, c->target);
	bind_opt(st, 23, c->reason);
	bind_opt(st, 24, c->rule);
	bind_opt(st, 25, c->triaged);
	bind_opt(st, 26, c->triage_dl);
	sqlite3_bind_int(st, 27, c->is_group);
	sqlite3_bind_int(st, 28, c->is_leapfrog);
	bind_opt(st, 29, c->is_leapfrog ? c->level_received : NULL);
	sqlite3_bind_int(st, 30, first);
	bind_opt(st, 31, repeat_of);
	bind_opt(st, 32, c->f[F_LEADER]);
	bind_opt(st, 33, c->f[F_OFFICER]);
	bind_opt(st, 34, c->accepted);
	bind_opt(st, 35, c->deadline);
	bind_opt(st, 36, c->extdeadline);
	bind_opt(st, 37, c->replied);
	bind_opt(st, 38, c->closed);
	bind_opt(st, 39, c->f[F_OUTCOME]);
	if (in->o.history && c->f[F_RESOLVED][0])
		sqlite3_bind_int(st, 40, c->resolved);
	else
		sqlite3_bind_null(st, 40);
	bind_opt(st, 41, c->satisfaction);
	bind_opt(st, 42, c->rvq);
	bind_opt(st, 43, c->rvd);
	bind_opt(st, 44, c->rrq);
	bind_opt(st, 45, c->rrd);
	bind_opt(st, 46, c->term);
	sqlite3_bind_int(st, 47, in->o.history);
	bind_opt(st, 48, extra_json(in, vals));
	sqlite3_bind_int64(st, 49, in->run);
	if (step_done(in, st, "registering a case", e) < 0)
		return -1;
	in->seq = 0;	/* a new case: its events count from 1 */
	if (!in->o.history) {
		if (event(in, case_id, c->received, "register", "status",
		    NULL, c->status, e) < 0)
			return -1;
		return flush_events(in, e);
	}
	/* A history keeps its own dates, one event for each. */
	if (event(in, case_id, c->received, "register", "status", NULL,
	    "registered", e) < 0 ||
	    (triaged_elsewhere(c->status) && event(in, case_id, c->received,
	    "triage", "status", "registered", c->status, e) < 0) ||
	    event(in, case_id, c->accepted, "accept", "status", "registered",
	    "accepted", e) < 0 ||
	    /* A reply closes the matter (办结): one event when on one day. */
	    (strcmp(c->replied, c->closed) == 0 ?
	    event(in, case_id, c->replied, "reply", "status", NULL, "closed",
	    e) < 0 :
	    (event(in, case_id, c->replied, "reply", "replied_at", NULL,
	    c->replied, e) < 0 ||
	    event(in, case_id, c->closed, "close", "status", NULL, "closed",
	    e) < 0)) ||
	    event(in, case_id, c->rvq, "review-request", "status", "closed",
	    "review", e) < 0 ||
	    event(in, case_id, c->rvd, "review-opinion", "review_decided_at",
	    NULL, c->rvd, e) < 0 ||
	    event(in, case_id, c->rrq, "rereview-request", "status", NULL,
	    "re-review", e) < 0 ||
	    event(in, case_id, c->rrd, "rereview-opinion",
	    "rereview_decided_at", NULL, c->rrd, e) < 0 ||
	    event(in, case_id, c->term, "terminate", "status", NULL,
	    "terminated", e) < 0)
		return -1;
	return flush_events(in, e);
}

static int
join_matter(struct xf_intake *in, struct cand *c, const char *case_id,
    long *count, struct xf_err *e)
{
	sqlite3_stmt *st = in->st_ins_pet;
	char n[24];
	int rc;

	sqlite3_bind_int64(st, 1, case_no(in, case_id));
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
	sqlite3_bind_int64(st, 10, in->run);
	sqlite3_bind_int(st, 11, in->o.history);
	if (step_done(in, st, "recording a petition", e) < 0)
		return -1;
	st = in->st_join;
	sqlite3_bind_int64(st, 1, case_no(in, case_id));
	sqlite3_bind_int64(st, 2, c->persons);
	bind_opt(st, 3, c->received);
	sqlite3_bind_int(st, 4, c->is_group);
	sqlite3_bind_int(st, 5, c->is_leapfrog);
	sqlite3_bind_text(st, 6, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(in->db, e, "recording a petition");
	snprintf(n, sizeof(n), "%ld", *count);
	st = in->st_last_seq;
	sqlite3_bind_int64(st, 1, case_no(in, case_id));
	rc = sqlite3_step(st);
	in->seq = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_db_fail(in->db, e, "recording a petition");
	if (event(in, case_id, c->received, "petition", "petition_count",
	    NULL, n, e) < 0)
		return -1;
	return flush_events(in, e);
}

static int pend_row(struct xf_intake *, const char *, long, const char **);

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
pend(struct xf_intake *in, const char *result, struct cand *c,
    const char *case_id, const char *repeat_of, long count, long line)
{
	char lbuf[24], pbuf[24], nbuf[24];
	const char *v[NOUT];

	itoa10(line, lbuf);
	itoa10(c->persons, pbuf);
	itoa10(count, nbuf);
	v[O_CASE_ID] = case_id;
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
	return pend_row(in, result, line, v);
}

/* Store an output row of NOUT values until its batch commits. */
static int
pend_row(struct xf_intake *in, const char *result, long line,
    const char **v)
{
	struct pend *p;

	if (in->npend == in->pendcap) {
		size_t cap = in->pendcap ? in->pendcap * 2 : 256;
		struct pend *np = realloc(in->pend, cap * sizeof(*np));

		if (np == NULL)
			return -1;
		in->pend = np;
		in->pendcap = cap;
	}
	p = &in->pend[in->npend++];
	p->line = line;
	p->file = in->names[in->nnames - 1];
	p->result = result;
	for (int k = 0; k < NOUT; k++) {
		p->off[k] = in->arena.len;
		if (xf_buf_adds(&in->arena, v[k] ? v[k] : "") < 0 ||
		    xf_buf_add(&in->arena, "", 1) < 0)
			return -1;
	}
	return 0;
}

/* Queue a duplicate: the case as the store has it. */
static int
pend_stored(struct xf_intake *in, struct cand *c, const char *case_id,
    long line, struct xf_err *e)
{
	sqlite3_stmt *st = in->st_state;
	const char *v[NOUT];
	char lbuf[24];
	int rc, k;

	sqlite3_bind_int64(st, 1, case_no(in, case_id));
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return xf_db_fail(in->db, e, "reading a stored case");
	}
	snprintf(lbuf, sizeof(lbuf), "%ld", line);
	/* The statement's columns follow the output order from O_RECEIVED_AT. */
	for (k = O_RECEIVED_AT; k < NOUT; k++)
		v[k] = (const char *)sqlite3_column_text(st, k - O_RECEIVED_AT);
	v[O_CASE_ID] = case_id;
	v[O_SOURCE_REF] = c->f[F_SOURCE_REF];
	v[O_LINE] = lbuf;
	v[O_RESULT] = "duplicate";
	rc = pend_row(in, "duplicate", line, v);
	sqlite3_reset(st);
	return rc < 0 ? xf_err_set(e, XF_ENOMEM, "out of memory") : 0;
}

/* Write one valid row.  Returns 0 or -1 on a store error. */
static int
apply(struct xf_intake *in, struct cand *c, char **vals, long line,
    struct xf_err *e)
{
	char case_id[64] = "", status[32] = "";
	long count = 1;
	int rc;
	const char *src = c->f[F_SOURCE_REF];

	/* Already here?  Then it is a duplicate, whatever else it is. */
	if (*src)
		rc = lookup(in, in->st_dup_ref, src, -1, case_id, e);
	else
		rc = lookup(in, in->st_dup_fp, c->fp, (int)sizeof(c->fp),
		    case_id, e);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return pend_stored(in, c, case_id, line, e);
	if ((rc = find_repeat(in, c, case_id, status, &count, e)) < 0)
		return -1;
	if (rc > 0 && !in->o.history && is_open(status)) {
		/* A further petition on a matter still being handled. */
		if (join_matter(in, c, case_id, &count, e) < 0)
			return -1;
		c->status = "";
		c->disposition = "";
		c->target = c->reason = NULL;
		return pend(in, "repeat", c, case_id, case_id, count, line) <
		    0 ? xf_err_set(e, XF_ENOMEM, "out of memory") : 0;
	}
	{
		char repeat_of[64] = "", id[64];
		long long no = 0;
		const char *result = "registered";

		if (rc > 0) {
			snprintf(repeat_of, sizeof(repeat_of), "%s", case_id);
			if (!in->o.history &&
			    strcmp(status, "terminated") == 0) {
				c->status = "not-reaccepted";
				c->disposition = "not-accept";
				c->target = NULL;
				c->reason = "same facts and reasons as a "
				    "terminated matter";
				c->accepted[0] = c->deadline[0] = '\0';
				result = "not-reaccepted";
					}
		}
		if (next_case_no(in, c->recv_day, &no, e) < 0)
			return -1;
		case_id_fmt(no, id);
		if (insert_case(in, c, id, repeat_of, vals, e) < 0)
			return -1;
		return pend(in, result, c, id, repeat_of, 1, line) < 0 ?
		    xf_err_set(e, XF_ENOMEM, "out of memory") : 0;
	}
}

/* ---- the header ----------------------------------------------------- */

static int
field_of(const char *name)
{
	for (int i = 0; i < NFIELD; i++)
		if (strcmp(field_names[i], name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].name, name) == 0)
			return aliases[i].field;
	return -1;
}

static int
read_header(struct xf_intake *in, struct xf_csv *r, struct xf_err *e)
{
	size_t n = xf_csv_nfields(r);

	for (size_t i = 0; i < in->ncol; i++)
		free(in->hdr[i]);
	free(in->hdr);
	free(in->colfield);
	in->ncol = 0;
	in->hdr = calloc(n, sizeof(char *));
	in->colfield = calloc(n, sizeof(int));
	if (in->hdr == NULL || in->colfield == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	in->ncol = n;
	for (int k = 0; k < NFIELD; k++)
		in->fieldcol[k] = -1;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = xf_csv_field(r, i, &len);
		char norm[256];
		int f;

		size_t bad = xf_utf8_check(s, len);

		if (i == 0 && len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
		    memcmp(s, "\xFE\xFF", 2) == 0))
			return xf_err_set(e, XF_EINPUT, "%s:%ld: the file starts "
			    "with a UTF-16 byte-order mark; read it with "
			    "--encoding UTF-16", in->file, xf_csv_line(r));
		if (bad != len && s[bad] == '\0')
			return xf_err_set(e, XF_EINPUT, "%s:%ld: header column "
			    "%zu has a NUL byte at byte %zu", in->file,
			    xf_csv_line(r), i + 1, bad + 1);
		if (bad != len)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: header column "
			    "%zu is not valid UTF-8 (try --encoding GB18030)",
			    in->file, xf_csv_line(r), i + 1);
		in->hdr[i] = strdup(s);
		header_norm(s, norm, sizeof(norm));
		for (size_t m = 0; m < in->o.nmaps; m++)
			if (strcmp(norm, in->maps_old[m]) == 0 ||
			    strcmp(s, in->maps_old[m]) == 0) {
				snprintf(norm, sizeof(norm), "%s",
				    in->maps_new[m]);
				break;
			}
		f = field_of(norm);
		in->colfield[i] = f;
		if (f < 0)
			continue;
		if (in->fieldcol[f] >= 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: columns \"%s\" "
			    "and \"%s\" both mean %s", in->file, xf_csv_line(r),
			    in->hdr[in->fieldcol[f]], s, field_names[f]);
		in->fieldcol[f] = (int)i;
	}
	{
		static const int req[] = { F_RECEIVED_AT, F_CHANNEL,
		    F_CONTENT };

		for (size_t k = 0; k < sizeof(req) / sizeof(req[0]); k++)
			if (in->fieldcol[req[k]] < 0)
				return xf_err_set(e, XF_EINPUT, "%s:%ld: no "
				    "%s column (or an alias of it; see "
				    "xf-csv(5), or use --map)", in->file,
				    xf_csv_line(r), field_names[req[k]]);
		if (in->fieldcol[F_NAME] < 0 && in->fieldcol[F_ANONYMOUS] < 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: no "
			    "petitioner_name column", in->file,
			    xf_csv_line(r));
		if (in->o.history && in->fieldcol[F_STATUS] < 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: --history "
			    "needs a status column", in->file,
			    xf_csv_line(r));
	}
	/* A rejects file read back: its line and reason columns are ours. */
	if (n >= 2 && in->colfield[n - 2] < 0 && in->colfield[n - 1] < 0 &&
	    strcmp(in->hdr[n - 2], "line") == 0 &&
	    strcmp(in->hdr[n - 1], "reason") == 0)
		in->colfield[n - 2] = in->colfield[n - 1] = F_IGNORED;
	/* The header a caller sees, and rejects keep: the data columns. */
	in->ndata = in->colfield[n - 1] == F_IGNORED ? n - 2 : n;
	if (in->cb.header) {
		char msg[256] = "";

		if (in->cb.header(in->cb.arg, in->file, in->ndata,
		    (const char *const *)in->hdr, msg, sizeof(msg)) != 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: %s", in->file,
			    xf_csv_line(r), msg);
	}
	return 0;
}

/* ---- the main loop -------------------------------------------------- */

static void
reject(struct xf_intake *in, struct xf_csv *r, char **vals,
    const struct xf_err *err)
{
	struct xf_intake_row row = { 0 };
	size_t n = xf_csv_nfields(r), k = 0;

	in->n_rejected++;
	/*
	 * The row's data fields: all of them, less the line and reason of a
	 * rejects file read back, which the new reason replaces.
	 */
	if (n > in->rejcap) {
		const char **v = realloc(in->rejraw, n * sizeof(*v));
		size_t *l = realloc(in->rejlen, n * sizeof(*l));

		if (v != NULL)
			in->rejraw = v;
		if (l != NULL)
			in->rejlen = l;
		if (v == NULL || l == NULL)
			n = in->rejcap;
		else
			in->rejcap = n;
	}
	for (size_t i = 0; i < n; i++)
		if (i >= in->ncol || in->colfield[i] != F_IGNORED) {
			in->rejraw[k] = vals[i];
			xf_csv_field(r, i, &in->rejlen[k]);
			k++;
		}
	row.file = in->file;
	row.line = xf_csv_line(r);
	row.result = "rejected";
	row.err = *err;
	row.nraw = k;
	row.rawname = (const char *const *)in->hdr;
	row.raw = in->rejraw;
	row.rawlen = in->rejlen;
	row.nrawname = in->ndata;
	if (in->cb.reject)
		in->cb.reject(in->cb.arg, &row);
}

/*
 * The file loop is a pipeline of two threads: this one reads, validates
 * and classifies rows (no store access), and a writer thread applies the
 * valid ones to the store in batches.  They meet at a bounded queue of
 * jobs, each holding its own copy of a row, so memory stays flat and the
 * two cores of a small machine both work.  Rows are applied in file order.
 */
#define QLEN 1024
#define WAKE 128	/* jobs that make it worth waking the writer */
#define JOB_KEEP (64 * 1024)	/* larger job buffers are freed after use */

struct job {
	struct cand c;
	long line;
	char *buf;		/* the strings c and vals point to */
	size_t cap;
	char **vals;
	size_t nvals, valcap;
};

struct pipe {
	struct xf_intake *in;
	pthread_mutex_t mu;
	pthread_cond_t can_take, can_put;
	struct job jobs[QLEN];
	int head, count;
	int eof;		/* the reader has put its last job */
	int writer_waits, reader_waits;
	int failed;		/* the writer stopped: err says why */
	struct xf_err err;
};

/* Point *p into dst if it points into [src, src + n). */
static void
reloc(const char **p, const char *src, size_t n, char *dst)
{
	if (*p >= src && *p < src + n)
		*p = dst + (*p - src);
}

/*
 * Copy a validated row into job j: the trimmed fields (in->row) and the
 * raw fields (vals), with c's pointers moved to the copies.
 */
static int
job_fill(struct xf_intake *in, struct job *j, const struct cand *c,
    char **vals, size_t n, long line)
{
	size_t need = in->row.len, off;

	for (size_t i = 0; i < n; i++)
		need += strlen(vals[i]) + 1;
	if (need > j->cap) {
		char *b = realloc(j->buf, need);

		if (b == NULL)
			return -1;
		j->buf = b;
		j->cap = need;
	}
	if (n > j->valcap) {
		char **v = realloc(j->vals, n * sizeof(*v));

		if (v == NULL)
			return -1;
		j->vals = v;
		j->valcap = n;
	}
	j->c = *c;
	j->line = line;
	j->nvals = n;
	if (in->row.len)
		memcpy(j->buf, in->row.s, in->row.len);
	for (int i = 0; i < NFIELD; i++)
		reloc(&j->c.f[i], in->row.s, in->row.len, j->buf);
	reloc(&j->c.category, in->row.s, in->row.len, j->buf);
	j->c.gname = NULL;
	off = in->row.len;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(vals[i]) + 1;

		memcpy(j->buf + off, vals[i], len);
		j->vals[i] = j->buf + off;
		off += len;
	}
	return 0;
}

/* Apply one job, committing a batch when it is full. */
static int
write_job(struct xf_intake *in, struct job *j, struct xf_err *e)
{
	if (tx_begin(in, e) < 0 || apply(in, &j->c, j->vals, j->line, e) < 0)
		return -1;
	if (++in->rows_in_tx >= in->o.batch) {
		if (tx_commit(in, 0, e) < 0)
			return -1;
		if (in->o.dry_run)
			in->rows_in_tx = 0;
	}
	return 0;
}

/*
 * The writer thread: take the jobs waiting, all of them, apply them in
 * order without the lock, then hand their slots back.  Each side wakes the
 * other only when it is waiting and there is a good amount to do, so the
 * two threads do not trade a wake-up for every row.
 */
static void *
writer(void *arg)
{
	struct pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct xf_err e = { 0 };
		int n, h, k, rc = 0;

		while (p->count == 0 && !p->eof) {
			p->writer_waits = 1;
			pthread_cond_wait(&p->can_take, &p->mu);
			p->writer_waits = 0;
		}
		if (p->count == 0)
			break;
		n = p->count;
		h = p->head;
		pthread_mutex_unlock(&p->mu);
		for (k = 0; k < n && rc == 0; k++) {
			struct job *j = &p->jobs[(h + k) % QLEN];

			rc = write_job(p->in, j, &e);
			if (j->cap > JOB_KEEP) {
				/* A huge row: give its memory back. */
				free(j->buf);
				j->buf = NULL;
				j->cap = 0;
			}
		}
		pthread_mutex_lock(&p->mu);
		if (rc < 0) {
			p->failed = 1;
			p->err = e;
			pthread_cond_signal(&p->can_put);
			break;
		}
		p->head = (h + n) % QLEN;
		p->count -= n;
		if (p->reader_waits)
			pthread_cond_signal(&p->can_put);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Hand a valid row to the writer; -1 if the writer has stopped. */
static int
put_job(struct pipe *p, const struct cand *c, char **vals, size_t n,
    long line, struct xf_err *e)
{
	struct job *j;
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	while (p->count == QLEN && !p->failed) {
		p->reader_waits = 1;
		pthread_cond_wait(&p->can_put, &p->mu);
		p->reader_waits = 0;
	}
	if (p->failed) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	j = &p->jobs[(p->head + p->count) % QLEN];
	pthread_mutex_unlock(&p->mu);
	/* The slot is past the writer's reach until count covers it. */
	if (job_fill(p->in, j, c, vals, n, line) < 0)
		rc = xf_err_set(e, XF_ENOMEM, "out of memory");
	pthread_mutex_lock(&p->mu);
	if (rc == 0) {
		p->count++;
		if (p->writer_waits && p->count >= WAKE)
			pthread_cond_signal(&p->can_take);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Read and validate every record of r, feeding the writer. */
static int
read_rows(struct xf_intake *in, struct xf_csv *r, struct pipe *p,
    struct xf_err *e)
{
	char **vals = NULL;
	size_t valcap = 0;
	int rc;

	while ((rc = xf_csv_read(r, e)) > 0) {
		struct cand c;
		struct xf_err re = { 0 };
		size_t n = xf_csv_nfields(r);
		int v;

		if (n > valcap) {
			char **nv = realloc(vals, n * sizeof(*nv));

			if (nv == NULL) {
				rc = xf_err_set(e, XF_ENOMEM, "out of memory");
				break;
			}
			vals = nv;
			valcap = n;
		}
		in->n_read++;
		if (in->cb.progress && in->n_read % PROGRESS_EVERY == 0)
			in->cb.progress(in->cb.arg, in->n_read);
		v = validate(in, r, &c, vals, &re);
		if (v > 0) {
			in->n_read--;
			continue;
		}
		if (v < 0) {
			reject(in, r, vals, &re);
			continue;
		}
		if (put_job(p, &c, vals, n, xf_csv_line(r), e) < 0) {
			rc = -1;
			break;
		}
	}
	free(vals);
	return rc;
}

/*
 * Register every record of path; see xf.h.
 */
int
xf_intake_file(struct xf_intake *in, const char *path, struct xf_err *e)
{
	struct xf_csv *r;
	struct pipe *p;
	pthread_t tid;
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
	if (read_header(in, r, e) < 0) {
		xf_csv_free(r);
		return -1;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		xf_csv_free(r);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	p->in = in;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_take, NULL);
	pthread_cond_init(&p->can_put, NULL);
	if (pthread_create(&tid, NULL, writer, p) != 0) {
		rc = xf_err_set(e, XF_ENOMEM, "cannot start the writer thread");
		goto out;
	}
	rc = read_rows(in, r, p, e);
	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	pthread_join(tid, NULL);
	if (p->failed) {
		/* The writer's error wins: a failed batch leaves nothing. */
		*e = p->err;
		rc = -1;
		if (in->in_tx) {
			xf_db_rollback(in->db);
			in->in_tx = 0;
			drop_pending(in);
			forget_run(in);
		}
	}
out:
	for (int i = 0; i < QLEN; i++) {
		free(p->jobs[i].buf);
		free(p->jobs[i].vals);
	}
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_take);
	pthread_mutex_destroy(&p->mu);
	free(p);
	xf_csv_free(r);
	return rc < 0 ? -1 : 0;
}

/* Commit what is pending; see xf.h. */
int
xf_intake_finish(struct xf_intake *in, struct xf_err *e)
{
	return tx_commit(in, 1, e);
}

/*
 * Record how the run ended; see xf.h.  In a transaction of its own, after
 * the caller has seen its output written.
 */
int
xf_intake_end(struct xf_intake *in, int status, struct xf_err *e)
{
	int finished = status == XF_EXIT_OK || status == XF_EXIT_REJECTS;

	if (in->o.dry_run || !in->run_saved)
		return 0;
	if (in->in_tx) {
		xf_db_rollback(in->db);
		in->in_tx = 0;
	}
	if (xf_db_begin(in->db, e) < 0)
		return -1;
	if (xf_db_run_finish(in->db, in->run, status, finished, e) < 0) {
		xf_db_rollback(in->db);
		return -1;
	}
	return xf_db_commit(in->db, e);
}
