/*
 * intake.c: registering petitions from CSV into the store.
 *
 * The file loop: the reader thread reads each record and checks it in full
 * (check.c) before anything is written, so a bad row never half-applies;
 * the writer thread (pipe.c) finds duplicates and repeats and stores the
 * good rows through the case layer (case.c), in batches of one
 * transaction each (batch.c), whose output rows are handed to the caller
 * only after the batch committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "intake-int.h"

#define DEFAULT_BATCH	100000
#define PROGRESS_EVERY	10000
#define JOB_KEEP	(64 * 1024)	/* larger job buffers are freed after use */

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


/* ---- set-up --------------------------------------------------------- */

void
xf_intake_free(struct xf_intake *in)
{
	if (in == NULL)
		return;
	xf_batch_free(in->batch);
	xf_cases_free(in->cases);
	xf_config_free(in->cfg);
	xf_idmap_free(in->idmap);
	for (size_t i = 0; i < in->ncol; i++)
		free(in->hdr[i]);
	free(in->hdr);
	free(in->colfield);
	for (size_t i = 0; i < in->o.nmaps; i++) {
		free(in->maps_new[i]);
		free(in->maps_old[i]);
	}
	free(in->maps_new);
	free(in->maps_old);
	free(in->maps_field);
	free(in->maps_col);
	for (int f = 0; f < NFIELD; f++)
		free(in->setval[f]);
	xf_values_free(in->values);
	for (size_t i = 0; in->xkey && i < in->ncol; i++)
		free(in->xkey[i]);
	free(in->xkey);
	xf_buf_free(&in->xval);
	xf_buf_free(&in->extra);
	xf_buf_free(&in->key);
	xf_buf_free(&in->row);
	free(in->rejraw);
	free(in->rejlen);
	free(in->late);
	xf_buf_free(&in->lateval);
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	free(in);
}

/*
 * Read the --value options ("COLUMN:FROM=TO") into a map of their own,
 * which wins over values.csv.  The column is everything before the first
 * ':', the word after the last '=', so a word may hold either.
 */
static int
values_opts(struct xf_intake *in, const struct xf_intake_opts *o,
    struct xf_err *e)
{
	if (o->nvalues == 0)
		return 0;
	if ((in->values = xf_values_new()) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->nvalues; i++) {
		const char *s = o->values[i], *colon = strchr(s, ':');
		const char *eq = strrchr(s, '=');
		char col[128], *from;
		int rc;

		if (colon == NULL || colon == s || eq == NULL || eq < colon ||
		    (size_t)(colon - s) >= sizeof(col))
			return xf_err_set(e, XF_ECONFIG, "--value %s: expected "
			    "col:from=to", s);
		snprintf(col, sizeof(col), "%.*s", (int)(colon - s), s);
		if ((from = strndup(colon + 1, (size_t)(eq - colon - 1))) ==
		    NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		rc = xf_values_add(in->values, col, from, eq + 1, 0, e);
		free(from);
		if (rc < 0) {
			char msg[XF_ERRMAX], what[64];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			snprintf(what, sizeof(what), "%s", e->column);
			return xf_err_set(e, e->code, "--value %s: %s: %s", s,
			    what, msg);
		}
	}
	return 0;
}

/* The word a map gives s in field f; see intake-int.h. */
const char *
xf_intake_mapped(const struct xf_intake *in, int f, const char *s)
{
	const char *w;

	if ((w = xf_values_map(in->values, f, s)) != NULL)
		return w;
	return xf_values_map(in->cfvalues, f, s);
}

/*
 * Read one --set or --force-set ("COLUMN=VALUE"): the column must be one
 * of xf-csv(5), given a value once, and a word of a closed vocabulary must
 * be one (after the word maps), so that a typo is found before any row.
 */
static int
set_opt(struct xf_intake *in, const char *opt, const char *s, int force,
    const char **given, struct xf_err *e)
{
	const char *eq = strchr(s, '='), *b, *end, *w;
	char col[128], norm[128], list[400];
	int f, voc;

	if (eq == NULL || eq == s || (size_t)(eq - s) >= sizeof(col))
		return xf_err_set(e, XF_ECONFIG, "%s %s: expected col=value",
		    opt, s);
	snprintf(col, sizeof(col), "%.*s", (int)(eq - s), s);
	xf_header_norm(col, norm, sizeof(norm));
	if ((f = xf_field_of(norm)) < 0)
		return xf_err_set(e, XF_ECONFIG, "%s %s: \"%s\" is no column "
		    "of xf-intake (see xf-csv(5))", opt, s, col);
	if (f == F_SOURCE_REF)
		return xf_err_set(e, XF_ECONFIG, "%s %s: every row would have "
		    "the same source_ref, and all but the first would be "
		    "duplicates", opt, s);
	if (given[f] != NULL)
		return xf_err_set(e, XF_ECONFIG, "%s %s: %s already has a "
		    "value (%s %s)", opt, s, xf_field_name(f),
		    in->setforce[f] ? "--force-set" : "--set", given[f]);
	b = eq + 1;
	end = b + strlen(b);
	xf_trim(&b, &end);
	if (b == end)
		return xf_err_set(e, XF_ECONFIG, "%s %s: empty value", opt, s);
	if ((in->setval[f] = strndup(b, (size_t)(end - b))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	voc = xf_values_vocab(xf_field_name(f), NULL);
	w = xf_intake_mapped(in, f, in->setval[f]);
	if (w == NULL)
		w = in->setval[f];
	if (voc >= 0 && voc != XF_VOCAB_OPINION && xf_vocab_norm(voc, w) ==
	    NULL)
		return xf_err_set(e, XF_ECONFIG, "%s %s: unknown %s \"%s\" "
		    "(accepted: %s; or map it with values.csv or --value "
		    "%s:%s=WORD; see xf-csv(5))", opt, s, xf_vocab_name(voc),
		    in->setval[f], xf_vocab_list(voc, list, sizeof(list)),
		    xf_field_name(f), in->setval[f]);
	in->setforce[f] = force;
	in->setlist[in->nset++] = f;
	given[f] = s;
	return 0;
}

/* The fixed values and word maps of the options; see xf_intake_new. */
static int
values_setup(struct xf_intake *in, const struct xf_intake_opts *o,
    struct xf_err *e)
{
	const char *given[NFIELD] = { 0 };

	in->cfvalues = xf_config_values(in->cfg);
	if (values_opts(in, o, e) < 0)
		return -1;
	for (int f = 0; f < NFIELD; f++)
		if (xf_values_count(in->values, f) +
		    xf_values_count(in->cfvalues, f) > 0)
			in->mapfield[in->nmapfield++] = f;
	for (size_t i = 0; i < o->nsets; i++)
		if (set_opt(in, "--set", o->sets[i], 0, given, e) < 0)
			return -1;
	for (size_t i = 0; i < o->nforce_sets; i++)
		if (set_opt(in, "--force-set", o->force_sets[i], 1, given,
		    e) < 0)
			return -1;
	return 0;
}

/*
 * Prepare an intake run; see xf.h.
 */
struct xf_intake *
xf_intake_new(const struct xf_intake_opts *o, const struct xf_intake_cb *cb,
    struct xf_err *e)
{
	struct xf_intake *in;

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
	in->maps_field = calloc(o->nmaps + 1, sizeof(int));
	in->maps_col = calloc(o->nmaps + 1, sizeof(int));
	if (in->maps_new == NULL || in->maps_old == NULL ||
	    in->maps_field == NULL || in->maps_col == NULL) {
		in->o.nmaps = 0;
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		const char *eq = strchr(o->maps[i], '=');
		char buf[128], norm[128];

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
		/* A map cannot go wrong quietly: its target must be a column
		 * of xf-csv(5), named by one map only. */
		xf_header_norm(buf, norm, sizeof(norm));
		if ((in->maps_field[i] = xf_field_of(norm)) < 0) {
			in->o.nmaps = i + 1;
			xf_err_set(e, XF_ECONFIG, "--map %s: \"%s\" is no "
			    "column of xf-intake (see xf-csv(5))", o->maps[i],
			    buf);
			goto fail;
		}
		for (size_t k = 0; k < i; k++)
			if (in->maps_field[k] == in->maps_field[i]) {
				in->o.nmaps = i + 1;
				xf_err_set(e, XF_ECONFIG, "--map %s: %s is "
				    "already read from \"%s\" (--map %s)",
				    o->maps[i], xf_field_name(
				    in->maps_field[i]), in->maps_old[k],
				    o->maps[k]);
				goto fail;
			}
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
	if ((in->cfg = xf_config_load(o->config_dir, XF_CONFIG_RULES |
	    XF_CONFIG_UNITS_IF | XF_CONFIG_VALUES, e)) == NULL)
		goto fail;
	if (values_setup(in, o, e) < 0)
		goto fail;
	in->units = xf_config_units(in->cfg);
	in->cal = xf_config_cal(in->cfg);
	in->rules = xf_config_rules(in->cfg);
	in->limits = xf_config_limits(in->cfg);
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	return in;
fail:
	xf_intake_free(in);
	return NULL;
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

/* A row the writer refused; see intake-int.h. */
struct xf_late {
	const char *file;	/* one of in->names */
	long line;
	struct xf_err err;
	size_t off, n;		/* its n fields, from lateval + off */
};

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

/* What the reader hands over for one row. */
struct row {
	const struct xf_cand *c;
	long line;
	const char *extra;
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

/* Keys in order of text, then column: the first of equal ones comes first. */
static int
key_cmp(const void *a, const void *b)
{
	const char *const *x = *(const char *const *const *)a;
	const char *const *y = *(const char *const *const *)b;
	int c = strcmp(*x, *y);

	return c ? c : (x > y) - (x < y);
}

/*
 * The JSON key of each unknown column: its header trimmed, "column N" for
 * an empty one, and "NAME (N)" for a name used before, so that no object
 * has a key twice.  Sorting finds equal keys in n log n (a header may have
 * 100,000 columns); a renamed key is checked again, as it might equal a
 * name a header had literally.
 */
static int
extra_keys(struct xf_intake *in, struct xf_err *e)
{
	char **order;
	size_t n = 0, renamed;

	if ((in->xkey = calloc(in->ncol + 1, sizeof(char *))) == NULL ||
	    (order = calloc(in->ncol + 1, sizeof(char *))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (size_t i = 0; i < in->ncol; i++) {
		const char *b = in->hdr[i], *end = b + strlen(b);
		size_t size = strlen(b) + 32;
		char *key;

		if (in->colfield[i] != -1)
			continue;
		if ((key = malloc(size)) == NULL) {
			free(order);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
		xf_trim(&b, &end);
		if (b == end)
			snprintf(key, size, "column %zu", i + 1);
		else
			snprintf(key, size, "%.*s", (int)(end - b), b);
		in->xkey[i] = key;
		order[n++] = (char *)&in->xkey[i];
	}
	do {
		renamed = 0;
		qsort(order, n, sizeof(*order), key_cmp);
		for (size_t k = 1, head = 0; k < n; k++) {
			char **first = (char **)order[head];
			char **cur = (char **)order[k];
			size_t col = (size_t)(cur - in->xkey) + 1;
			size_t l = strlen(*cur);
			char *key;

			if (strcmp(*first, *cur) != 0) {
				head = k;
				continue;
			}
			/* Not the first of its name: "name (N)". */
			if ((key = realloc(*cur, l + 32)) == NULL) {
				free(order);
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			}
			snprintf(key + l, 32, " (%zu)", col);
			*cur = key;
			renamed++;
		}
	} while (renamed);
	free(order);
	return 0;
}

/* ---- reading (the caller's thread) ---------------------------------- */

static int
read_header(struct xf_intake *in, struct xf_csv *r, struct xf_err *e)
{
	size_t n = xf_csv_nfields(r);

	for (size_t i = 0; i < in->ncol; i++) {
		free(in->hdr[i]);
		if (in->xkey)
			free(in->xkey[i]);
	}
	free(in->hdr);
	free(in->xkey);
	in->xkey = NULL;
	free(in->colfield);
	in->ncol = 0;
	in->hdr = calloc(n, sizeof(char *));
	in->colfield = calloc(n, sizeof(int));
	if (in->hdr == NULL || in->colfield == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	in->ncol = n;
	for (int k = 0; k < NFIELD; k++)
		in->fieldcol[k] = -1;
	in->idcol = -1;
	for (size_t m = 0; m < in->o.nmaps; m++)
		in->maps_col[m] = -1;
	in->nalso = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = xf_csv_field(r, i, &len);
		size_t bad = xf_utf8_check(s, len);
		char norm[256];
		int f, mapped;

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
		if ((in->hdr[i] = strdup(s)) == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		xf_header_norm(s, norm, sizeof(norm));
		f = xf_field_of(norm);
		mapped = 0;
		/* One column may feed several fields through --map. */
		for (size_t m = 0; m < in->o.nmaps; m++) {
			int g = in->maps_field[m];

			if (strcmp(norm, in->maps_old[m]) != 0 &&
			    strcmp(s, in->maps_old[m]) != 0)
				continue;
			in->maps_col[m] = (int)i;
			if (!mapped++)
				f = g;
			else if (in->fieldcol[g] < 0) {
				in->also[in->nalso][0] = g;
				in->also[in->nalso++][1] = f;
				in->fieldcol[g] = (int)i;
			}
		}
		in->colfield[i] = f;
		/* Kept as an unknown column too; --history links by it. */
		if (f < 0 && strcmp(norm, "case_id") == 0 && in->idcol < 0)
			in->idcol = (long)i;
		if (f < 0)
			continue;
		if (in->fieldcol[f] >= 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: columns \"%s\" "
			    "and \"%s\" both mean %s", in->file, xf_csv_line(r),
			    in->hdr[in->fieldcol[f]], s, xf_field_name(f));
		in->fieldcol[f] = (int)i;
	}
	for (size_t m = 0; m < in->o.nmaps; m++)
		if (in->maps_col[m] < 0) {
			char have[200] = "";

			for (size_t i = 0; i < n; i++) {
				size_t l = strlen(have);

				snprintf(have + l, sizeof(have) - l, "%s%s",
				    i ? ", " : "", in->hdr[i]);
			}
			return xf_err_set(e, XF_EINPUT, "%s:%ld: --map %s=%s: "
			    "the header has no column \"%s\"; it has: %s%s",
			    in->file, xf_csv_line(r), in->maps_new[m],
			    in->maps_old[m], in->maps_old[m], have,
			    strlen(have) >= sizeof(have) - 1 ? "..." : "");
		}
	if (extra_keys(in, e) < 0)
		return -1;
	{
		static const int req[] = { F_RECEIVED_AT, F_CHANNEL,
		    F_CONTENT };

		char miss[200] = "";
		size_t l;

		/* A --set gives a column every row. */
		for (size_t k = 0; k < sizeof(req) / sizeof(req[0]); k++)
			if (in->fieldcol[req[k]] < 0 &&
			    in->setval[req[k]] == NULL) {
				l = strlen(miss);
				snprintf(miss + l, sizeof(miss) - l, "%s%s",
				    l ? ", " : "", xf_field_name(req[k]));
			}
		if (in->fieldcol[F_NAME] < 0 && in->fieldcol[F_ANONYMOUS] < 0 &&
		    in->setval[F_NAME] == NULL &&
		    in->setval[F_ANONYMOUS] == NULL) {
			l = strlen(miss);
			snprintf(miss + l, sizeof(miss) - l, "%spetitioner_name "
			    "(or anonymous, for anonymous petitions)",
			    l ? ", " : "");
		}
		if (miss[0])
			return xf_err_set(e, XF_EINPUT, "%s:%ld: no column for "
			    "%s: name them so, or by an alias of xf-csv(5), or "
			    "read another column as one with --map NAME=HEADER, "
			    "or give every row a value with --set NAME=VALUE",
			    in->file, xf_csv_line(r), miss);
		if (in->o.history && in->fieldcol[F_STATUS] < 0 &&
		    in->setval[F_STATUS] == NULL)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: --history "
			    "needs a status column (or --map status=HEADER, or "
			    "--set status=WORD)", in->file, xf_csv_line(r));
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

/*
 * The columns this tool does not know, as a JSON object, or NULL: their
 * values trimmed like every other (blank ones left out), under the keys
 * extra_keys() made.
 */
static const char *
extra_json(struct xf_intake *in, char **vals)
{
	int any = 0;

	xf_buf_reset(&in->extra);
	xf_buf_add(&in->extra, "{", 1);
	for (size_t i = 0; i < in->ncol; i++) {
		const char *b = vals[i], *end;

		if (in->colfield[i] != -1 || *b == '\0')
			continue;
		end = b + strlen(b);
		xf_trim(&b, &end);
		if (b == end)
			continue;
		xf_buf_reset(&in->xval);
		xf_buf_add(&in->xval, b, (size_t)(end - b));
		if (any++)
			xf_buf_add(&in->extra, ",", 1);
		xf_buf_json(&in->extra, in->xkey[i]);
		xf_buf_add(&in->extra, ":", 1);
		xf_buf_json(&in->extra, in->xval.s);
	}
	xf_buf_add(&in->extra, "}", 1);
	return any ? in->extra.s : NULL;
}

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
 * Report the rows the writer refused, on the caller's thread once the
 * writer has ended (so the two never touch the list at once).
 */
static void
late_report(struct xf_intake *in)
{
	for (size_t k = 0; k < in->nlate; k++) {
		struct xf_late *l = &in->late[k];
		struct xf_intake_row row = { 0 };
		const char *v = in->lateval.s + l->off;

		in->n_rejected++;
		if (l->n > in->rejcap) {
			const char **nv = realloc(in->rejraw,
			    l->n * sizeof(*nv));
			size_t *nl;

			if (nv != NULL)
				in->rejraw = nv;
			if ((nl = realloc(in->rejlen, l->n * sizeof(*nl))) !=
			    NULL)
				in->rejlen = nl;
			if (nv == NULL || nl == NULL)
				l->n = in->rejcap;
			else
				in->rejcap = l->n;
		}
		for (size_t i = 0; i < l->n; i++) {
			in->rejraw[i] = v;
			in->rejlen[i] = strlen(v);
			v += in->rejlen[i] + 1;
		}
		row.file = l->file;
		row.line = l->line;
		row.result = "rejected";
		row.err = l->err;
		row.nraw = l->n;
		row.rawname = (const char *const *)in->hdr;
		row.raw = in->rejraw;
		row.rawlen = in->rejlen;
		row.nrawname = in->ndata;
		if (in->cb.reject)
			in->cb.reject(in->cb.arg, &row);
	}
	in->nlate = 0;
	xf_buf_reset(&in->lateval);
}

/* Read and check every record of r, feeding the writer. */
static int
read_rows(struct xf_intake *in, struct xf_csv *r, struct xf_pipe *p,
    struct xf_err *e)
{
	char **vals = NULL;
	size_t valcap = 0;
	int rc;

	while ((rc = xf_csv_read(r, e)) > 0) {
		struct xf_cand c;
		struct xf_err re = { 0 };
		struct row w;
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
		v = xf_intake_validate(in, r, &c, vals, &re);
		if (v > 0) {
			in->n_read--;
			continue;
		}
		if (v < 0) {
			reject(in, r, vals, &re);
			continue;
		}
		w.c = &c;
		w.line = xf_csv_line(r);
		w.extra = extra_json(in, vals);
		if (xf_pipe_put(p, &w, e) < 0) {
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
	if (read_header(in, r, e) < 0 ||
	    (p = xf_pipe_start(&ops, e)) == NULL) {
		xf_csv_free(r);
		return -1;
	}
	rc = read_rows(in, r, p, e);
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
	late_report(in);
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
