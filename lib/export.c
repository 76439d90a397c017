/*
 * export.c: xf-export, the selected cases, or their event history, as CSV.
 *
 * A case row has case_id and then exactly the columns xf-intake --history
 * reads (fields.c), which are also the store's names for them (but
 * petition_of, a further petition's alone), so that an export fed back
 * to xf-intake --history gives the same cases; the JSON object of a
 * case's other columns (cases.extra) is spread back into columns of
 * their own after them.  A matter's further petitions follow its row,
 * each a row of its own that names it in petition_of, so that the import
 * joins them to it again.  Values come out as stored, byte for byte,
 * except names, ID numbers and phones, which are masked unless the
 * caller asks otherwise; then every case shown is recorded as disclosed,
 * through the case layer, in batches that commit before their rows are
 * written.
 *
 * The selection is one statement in case order: the period, the statuses
 * and the unit's subtree are tested by SQL; what only C knows (a unit
 * name not resolved at intake, open and overdue) is tested on each row.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define DEFAULT_BATCH	10000
#define MASKMAX		1024	/* bytes of a masked value */

/* The columns of the event history (the case_events view). */
static const char *const ev_cols[] = {
	"case_id", "seq", "at", "kind", "field", "old_value", "new_value",
	"note", "tool", "actor",
};
#define NEVCOL	(sizeof(ev_cols) / sizeof(ev_cols[0]))

/* What a disclosed event says was shown. */
static const char note_cases[] = "case rows shown with petitioner_name, "
    "id_number and phone unmasked";
static const char note_events[] = "event history shown with personal "
    "values unmasked";

/* Where the selection statement has its columns. */
enum {
	S_NO = 0,		/* case_no */
	S_FIELD = 1,		/* the NFIELD columns of xf-intake */
	S_EXTRA = S_FIELD + NFIELD,
	S_UNIT_CODE,
	S_CASE			/* with --overdue: the XF_C_* columns */
};

struct xf_export {
	struct xf_export_opts o;
	struct xf_config *cfg;
	const struct xf_units *units;
	const struct xf_unit *unit;	/* --unit, or NULL */
	char lo[12], hi[12];		/* received from lo, before hi */
	struct xf_buf statuses;		/* JSON array, or empty: any */
	struct xf_buf codes;		/* JSON array of the subtree's codes */
	struct xf_time asof;
	char asof_day[12], asof_text[24];

	struct xf_db *db;
	sqlite3 *h;
	sqlite3_stmt *st_sel, *st_one, *st_ev;
	sqlite3_stmt *st_pet;		/* a matter's further petitions */
	struct xf_out *out;
	struct xf_cases *cs;
	struct xf_batch *batch;

	struct xf_extra *xc;		/* the extra columns */
	size_t nx;			/* how many */

	size_t ncols;			/* of an output row */
	const char **cell;
	size_t *len;
	char id[32];
	char mask[3][MASKMAX];
};

/* ---- options ---------------------------------------------------------- */

/*
 * A period as received days [lo, hi): 2026, 2026-H1, 2026-Q3, 2026-10.
 * Returns 0 or -1.
 */
static int
period(const char *s, long *lo, long *hi)
{
	int y = 0, m = 1, k = 12, i;
	const char *p = s;

	for (i = 0; i < 4 && *p >= '0' && *p <= '9'; i++)
		y = y * 10 + (*p++ - '0');
	if (i != 4 || y < 1)
		return -1;
	if (*p == '-') {
		p++;
		if ((*p == 'H' || *p == 'h') && (p[1] == '1' || p[1] == '2') &&
		    p[2] == '\0') {
			m = (p[1] - '0' - 1) * 6 + 1;
			k = 6;
		} else if ((*p == 'Q' || *p == 'q') && p[1] >= '1' &&
		    p[1] <= '4' && p[2] == '\0') {
			m = (p[1] - '0' - 1) * 3 + 1;
			k = 3;
		} else if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' &&
		    p[1] <= '9' && p[2] == '\0') {
			m = (p[0] - '0') * 10 + (p[1] - '0');
			k = 1;
			if (m < 1 || m > 12)
				return -1;
		} else
			return -1;
	} else if (*p != '\0')
		return -1;
	if (y > 9998)
		return -1;
	/* Days before 1970 are negative, and as good as any. */
	*lo = xf_date_days(y, m, 1);
	*hi = m + k > 12 ? xf_date_days(y + 1, m + k - 12, 1) :
	    xf_date_days(y, m + k, 1);
	return 0;
}

/* The received days of --period, or of --from and --to. */
static int
dates(struct xf_export *x, struct xf_err *e)
{
	const struct xf_export_opts *o = &x->o;
	struct xf_err pe = { 0 };
	struct xf_time t;
	long lo = 0, hi = 0;
	int has_lo = 0, has_hi = 0;

	if (o->period && (o->from || o->to))
		return xf_err_set(e, XF_ECONFIG, "--period and --from/--to: "
		    "give one or the other");
	if (o->period) {
		if (period(o->period, &lo, &hi) < 0)
			return xf_err_set(e, XF_ECONFIG, "--period %s: not a "
			    "year (2026), half (2026-H1), quarter (2026-Q3) or "
			    "month (2026-10)", o->period);
		has_lo = has_hi = 1;
	}
	if (o->from) {
		if (xf_date_parse(o->from, XF_DATE_YMD, &t, &pe) < 0)
			return xf_err_set(e, XF_ECONFIG, "--from: %s", pe.msg);
		lo = t.day;
		has_lo = 1;
	}
	if (o->to) {
		if (xf_date_parse(o->to, XF_DATE_YMD, &t, &pe) < 0)
			return xf_err_set(e, XF_ECONFIG, "--to: %s", pe.msg);
		hi = t.day + 1;
		has_hi = 1;
	}
	if (has_lo && has_hi && hi <= lo)
		return xf_err_set(e, XF_ECONFIG, "--from %s is after --to %s",
		    o->from, o->to);
	if (has_lo)
		xf_date_fmt(lo, x->lo);
	if (has_hi)
		xf_date_fmt(hi, x->hi);
	return 0;
}

/* --status words, each a word or a comma list, as a JSON array. */
static int
statuses(struct xf_export *x, struct xf_err *e)
{
	struct xf_buf *b = &x->statuses;
	char word[64], list[512];

	for (size_t i = 0; i < x->o.nstatus; i++) {
		const char *p = x->o.status[i];

		for (;;) {
			const char *q = strchr(p, ','), *end, *s = p;
			const char *canon;

			end = q ? q : p + strlen(p);
			xf_trim(&s, &end);
			snprintf(word, sizeof(word), "%.*s", (int)(end - s), s);
			if ((canon = xf_status_norm(word)) == NULL)
				return xf_err_set(e, XF_ECONFIG, "--status: "
				    "unknown status \"%s\" (accepted: %s)", word,
				    xf_vocab_list(XF_VOCAB_STATUS, list,
				    sizeof(list)));
			if (xf_buf_adds(b, b->len ? "," : "[") < 0 ||
			    xf_buf_json(b, canon) < 0)
				return xf_err_set(e, XF_ENOMEM, "out of memory");
			if (q == NULL)
				break;
			p = q + 1;
		}
	}
	if (b->len && xf_buf_adds(b, "]") < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* The unit of --unit, and the codes of its subtree as a JSON array. */
static int
unit(struct xf_export *x, struct xf_err *e)
{
	struct xf_buf *b = &x->codes;

	if ((x->cfg = xf_config_load(x->o.config_dir, XF_CONFIG_UNITS, e)) ==
	    NULL)
		return -1;
	x->units = xf_config_units(x->cfg);
	if ((x->unit = xf_units_resolve(x->units, x->o.unit)) == NULL)
		return xf_err_set(e, XF_ECONFIG, "--unit %s: not a code, name "
		    "or alias in %s/units.csv (see xf-units(5))", x->o.unit,
		    x->o.config_dir);
	xf_buf_adds(b, "[");
	for (size_t i = 0; i < xf_units_count(x->units); i++) {
		const struct xf_unit *u = xf_units_at(x->units, i);

		if (!xf_unit_within(u, x->unit))
			continue;
		if ((b->len > 1 && xf_buf_adds(b, ",") < 0) ||
		    xf_buf_json(b, xf_unit_code(u)) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	if (xf_buf_adds(b, "]") < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	return 0;
}

/* Check the options; see xf-int.h. */
struct xf_export *
xf_export_new(const struct xf_export_opts *o, struct xf_err *e)
{
	struct xf_export *x;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	x->o = *o;
	if (x->o.batch <= 0)
		x->o.batch = DEFAULT_BATCH;
	if (o->unmask && o->dry_run) {
		xf_err_set(e, XF_ECONFIG, "--unmask with --dry-run: an unmasked "
		    "export is always recorded; leave out --dry-run, or "
		    "--unmask to see the rows masked");
		goto fail;
	}
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &x->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date "
			    "\"%s\"", o->as_of);
			goto fail;
		}
		if (x->asof.sec < 0)
			x->asof.sec = 86399;	/* the whole day counts */
	} else
		xf_time_now(&x->asof);
	xf_time_fmt(&x->asof, x->asof_text);
	xf_date_fmt(x->asof.day, x->asof_day);
	if (dates(x, e) < 0 || statuses(x, e) < 0 ||
	    (o->unit && unit(x, e) < 0))
		goto fail;
	/* --overdue counts on the bureau's calendar and time limits. */
	if (o->overdue && x->cfg == NULL && (x->cfg =
	    xf_config_load(o->config_dir, XF_CONFIG_UNITS_IF, e)) == NULL)
		goto fail;
	return x;
fail:
	xf_export_free(x);
	return NULL;
}

int
xf_export_writes(const struct xf_export *x)
{
	return x->o.unmask;
}

void
xf_export_free(struct xf_export *x)
{
	if (x == NULL)
		return;
	sqlite3_finalize(x->st_sel);
	sqlite3_finalize(x->st_one);
	sqlite3_finalize(x->st_ev);
	sqlite3_finalize(x->st_pet);
	xf_batch_free(x->batch);
	xf_cases_free(x->cs);
	xf_config_free(x->cfg);
	xf_extra_free(x->xc);
	free(x->cell);
	free(x->len);
	xf_buf_free(&x->statuses);
	xf_buf_free(&x->codes);
	free(x);
}

/* ---- statements ------------------------------------------------------- */

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

/* The conditions SQL can test, for the selection and the extra keys. */
static int
where(const struct xf_export *x, struct xf_buf *b)
{
	int rc = xf_buf_adds(b, " WHERE 1");

	if (x->lo[0])
		rc |= xf_buf_adds(b, " AND received_at >= :lo");
	if (x->hi[0])
		rc |= xf_buf_adds(b, " AND received_at < :hi");
	if (x->statuses.len)
		rc |= xf_buf_adds(b, " AND status IN (SELECT value FROM "
		    "json_each(:st))");
	/* A case whose unit was not resolved at intake is tested in C. */
	if (x->unit)
		rc |= xf_buf_adds(b, " AND (unit_code IN (SELECT value FROM "
		    "json_each(:codes)) OR unit_code IS NULL)");
	return rc;
}

static void
bind(const struct xf_export *x, sqlite3_stmt *st)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(st, ":lo")) > 0)
		sqlite3_bind_text(st, i, x->lo, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":hi")) > 0)
		sqlite3_bind_text(st, i, x->hi, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":st")) > 0)
		sqlite3_bind_text(st, i, x->statuses.s, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":codes")) > 0)
		sqlite3_bind_text(st, i, x->codes.s, -1, SQLITE_STATIC);
}

static int
prep(struct xf_export *x, sqlite3_stmt **st, const char *sql,
    struct xf_err *e)
{
	if (sql == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	if (sqlite3_prepare_v3(x->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK)
		return xf_db_fail(x->db, e, "preparing the export");
	return 0;
}

/*
 * The selection (tail: its WHERE and ORDER BY) and the same columns of
 * one case by number.
 */
static int
prepare(struct xf_export *x, struct xf_err *e)
{
	struct xf_buf cols = { 0 }, sql = { 0 };
	int rc;

	xf_buf_adds(&cols, "SELECT case_no");
	for (int f = 0; f < NFIELD; f++) {
		xf_buf_adds(&cols, ", ");
		/* Only a further petition's row has a petition_of. */
		xf_buf_adds(&cols, f == F_PETITION_OF ? "NULL" :
		    xf_field_name(f));
	}
	xf_buf_adds(&cols, ", extra, unit_code");
	for (int k = 0; x->o.overdue && k < XF_C_NCOL; k++) {
		xf_buf_adds(&cols, ", ");
		xf_buf_adds(&cols, xf_case_col(k));
	}
	xf_buf_adds(&cols, " FROM cases");
	xf_buf_adds(&sql, cols.s);
	where(x, &sql);
	xf_buf_adds(&sql, " ORDER BY case_no");
	rc = prep(x, &x->st_sel, sql.s, e);
	if (rc == 0 && x->o.unmask) {
		xf_buf_adds(&cols, " WHERE case_no = ?1");
		rc = prep(x, &x->st_one, cols.s, e);
	}
	if (rc == 0 && !x->o.events)
		rc = prep(x, &x->st_pet, "SELECT source_ref, received_at, "
		    "channel, persons, level_received, content, CASE WHEN "
		    "is_leapfrog THEN level_received END FROM petitions "
		    "WHERE case_no = ?1 ORDER BY received_at, petition_id", e);
	if (rc == 0 && x->o.events)
		rc = prep(x, &x->st_ev, "SELECT seq, at, kind, field, "
		    "old_value, new_value, note, tool, actor FROM case_events "
		    "WHERE case_no = ?1 ORDER BY seq", e);
	xf_buf_free(&cols);
	xf_buf_free(&sql);
	return rc;
}

/* ---- extra columns ---------------------------------------------------- */

/* Is name one of the export's own columns? */
static int
own_column(const char *name)
{
	if (strcmp(name, "case_id") == 0)
		return 1;
	for (int f = 0; f < NFIELD; f++)
		if (strcmp(name, xf_field_name(f)) == 0)
			return 1;
	return 0;
}

/*
 * The keys of the selected cases' extra objects, in the order they first
 * appear, as columns; a key that is one of the export's own columns
 * (case_id, kept by xf-intake from an earlier export) is left out.
 */
static int
extra_keys(struct xf_export *x, struct xf_err *e)
{
	struct xf_buf sql = { 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	if ((x->xc = xf_extra_new()) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	xf_buf_adds(&sql, "SELECT j.key FROM cases, json_each(cases.extra) j");
	where(x, &sql);
	xf_buf_adds(&sql, " AND cases.extra IS NOT NULL GROUP BY j.key "
	    "ORDER BY min(cases.case_no), min(j.id)");
	rc = prep(x, &st, sql.s, e);
	xf_buf_free(&sql);
	if (rc < 0)
		return -1;
	bind(x, st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = col_text(st, 0);

		if (!own_column(k) && xf_extra_add(x->xc, k) < 0) {
			sqlite3_finalize(st);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
	}
	if (rc != SQLITE_DONE) {
		xf_db_fail(x->db, e, "reading extra columns");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	x->nx = xf_extra_count(x->xc);
	return 0;
}

/* ---- rows -------------------------------------------------------------- */

/* Is the selected row in, by what SQL could not test? */
static int
keep(struct xf_export *x, sqlite3_stmt *st)
{
	if (x->unit && sqlite3_column_type(st, S_UNIT_CODE) == SQLITE_NULL &&
	    !xf_unit_within(xf_units_resolve(x->units,
	    col_text(st, S_FIELD + F_UNIT)), x->unit))
		return 0;
	if ((x->o.open || x->o.overdue) &&
	    !xf_status_open(col_text(st, S_FIELD + F_STATUS)))
		return 0;
	if (x->o.overdue) {
		struct xf_case c;
		const char *stage;
		char due[11];

		c.no = sqlite3_column_int64(st, S_NO);
		xf_case_id(c.no, c.id);
		for (int k = 0; k < XF_C_NCOL; k++)
			c.v[k] = col_text(st, S_CASE + k);
		return xf_case_due(&c, xf_config_cal(x->cfg),
		    xf_config_limits(x->cfg), x->asof.day, &stage, due) ==
		    XF_DUE_LATE;
	}
	return 1;
}

/* The cells of the case row at st, masked unless --unmask. */
static void
case_cells(struct xf_export *x, sqlite3_stmt *st)
{
	const char *const *v;
	int m = 0;

	xf_case_id(sqlite3_column_int64(st, S_NO), x->id);
	x->cell[0] = x->id;
	x->len[0] = strlen(x->id);
	for (int f = 0; f < NFIELD; f++) {
		const char *s = (const char *)sqlite3_column_text(st,
		    S_FIELD + f);
		size_t n = (size_t)sqlite3_column_bytes(st, S_FIELD + f);

		if (s == NULL)
			s = "";
		else if (!x->o.unmask && n > 0 && (f == F_NAME ||
		    f == F_ID_NUMBER || f == F_PHONE)) {
			s = xf_mask_column(xf_field_name(f), s, x->mask[m++],
			    MASKMAX);
			n = strlen(s);
		}
		x->cell[1 + f] = s;
		x->len[1 + f] = n;
	}
	if (x->nx == 0)
		return;
	v = xf_extra_values(x->xc, col_text(st, S_EXTRA));
	for (size_t k = 0; k < x->nx; k++) {
		x->cell[1 + NFIELD + k] = v[k];
		x->len[1 + NFIELD + k] = strlen(v[k]);
	}
}

/* The cells of the event at st (of case x->id), masked unless --unmask. */
static void
event_cells(struct xf_export *x, sqlite3_stmt *st)
{
	const char *field = col_text(st, 3);

	x->cell[0] = x->id;
	for (int i = 0; i < (int)NEVCOL - 1; i++) {
		const char *s = col_text(st, i);

		/* An event that changed a personal value shows it masked. */
		if (!x->o.unmask && (i == 4 || i == 5))
			s = xf_mask_column(field, s, x->mask[i - 4], MASKMAX);
		x->cell[1 + i] = s;
	}
	for (size_t i = 0; i < NEVCOL; i++)
		x->len[i] = strlen(x->cell[i]);
}

/* Write the cells as a row of out; -1 when out failed. */
static int
put_row(struct xf_export *x)
{
	for (size_t i = 0; i < x->ncols; i++)
		xf_out_celln(x->out, x->cell[i], x->len[i]);
	xf_out_end(x->out);
	return xf_out_error(x->out) != 0 ? -1 : 0;
}

/* A committed row of an --unmask run: write it. */
static int
emit(void *arg, const char *file, long line, const char *result,
    const char *const *v)
{
	struct xf_export *x = arg;

	xf_out_row(x->out, v, x->ncols);
	return xf_out_error(x->out) != 0;
}

static int
output_failed(struct xf_err *e)
{
	return xf_err_set(e, XF_EOUTPUT, "the output could not be written; "
	    "stopped");
}

/*
 * The events of case no (x->id set), written to out, or with pend queued
 * in the batch.  0 or -1.
 */
static int
events_of(struct xf_export *x, long long no, int pend, struct xf_err *e)
{
	sqlite3_stmt *st = x->st_ev;
	int rc;

	sqlite3_bind_int64(st, 1, no);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		event_cells(x, st);
		if (pend) {
			if (xf_batch_pend(x->batch, "", 0, "disclosed",
			    x->cell) < 0) {
				sqlite3_reset(st);
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			}
		} else if (put_row(x) < 0) {
			sqlite3_reset(st);
			return output_failed(e);
		}
	}
	if (rc != SQLITE_DONE) {
		xf_db_fail(x->db, e, "reading events");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * The further petitions of the matter whose row is in x->cell (x->id), as
 * rows of their own after it: the matter's person, content and category,
 * the petition's own source_ref, date, channel, persons, level and
 * content, nothing of the matter's handling, and petition_of the matter,
 * which xf-intake --history joins them to.  Written to out, or with pend
 * queued in the batch.  0 or -1.
 */
static int
petitions_of(struct xf_export *x, long long no, int pend, struct xf_err *e)
{
	static const int own[] = { F_SOURCE_REF, F_RECEIVED_AT, F_CHANNEL,
	    F_PERSONS, F_LEVEL_RECEIVED, F_CONTENT, F_LEAPFROG_LEVEL };
	sqlite3_stmt *st = x->st_pet;
	int rc;

	sqlite3_bind_int64(st, 1, no);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int f = F_SUPERVISION; f < NFIELD; f++) {
			x->cell[1 + f] = "";
			x->len[1 + f] = 0;
		}
		for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
			x->cell[1 + own[i]] = col_text(st, (int)i);
			x->len[1 + own[i]] = (size_t)sqlite3_column_bytes(st,
			    (int)i);
		}
		x->cell[1 + F_PETITION_OF] = x->id;
		x->len[1 + F_PETITION_OF] = strlen(x->id);
		if (pend) {
			if (xf_batch_pend(x->batch, "", 0, "disclosed",
			    x->cell) < 0) {
				sqlite3_reset(st);
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			}
		} else if (put_row(x) < 0) {
			sqlite3_reset(st);
			return output_failed(e);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return xf_db_fail(x->db, e, "reading petitions");
	return 0;
}

/* The selection written as it is read: masked, nothing recorded. */
static int
stream(struct xf_export *x, struct xf_err *e)
{
	sqlite3_stmt *st = x->st_sel;
	int rc;

	bind(x, st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!keep(x, st))
			continue;
		if (x->o.events) {
			long long no = sqlite3_column_int64(st, S_NO);

			xf_case_id(no, x->id);
			if (events_of(x, no, 0, e) < 0) {
				sqlite3_reset(st);
				return -1;
			}
			continue;
		}
		case_cells(x, st);
		if (put_row(x) < 0) {
			sqlite3_reset(st);
			return output_failed(e);
		}
		if (petitions_of(x, sqlite3_column_int64(st, S_NO), 0, e) < 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		xf_db_fail(x->db, e, "reading cases");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * The selected case numbers, read before anything is written, so that
 * the cases disclosed are the ones selected at one moment.
 */
static int
select_nos(struct xf_export *x, long long **nos, size_t *n,
    struct xf_err *e)
{
	sqlite3_stmt *st = x->st_sel;
	size_t cap = 0;
	int rc;

	*nos = NULL;
	*n = 0;
	bind(x, st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!keep(x, st))
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			long long *v = realloc(*nos, ncap * sizeof(*v));

			if (v == NULL) {
				sqlite3_reset(st);
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			}
			*nos = v;
			cap = ncap;
		}
		(*nos)[(*n)++] = sqlite3_column_int64(st, S_NO);
	}
	if (rc != SQLITE_DONE)
		xf_db_fail(x->db, e, "reading cases");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The selection unmasked: each case's disclosure is recorded and its
 * rows read in one transaction of a batch, and written once the batch
 * committed, so that nothing is shown that is not on record.
 */
static int
disclose(struct xf_export *x, struct xf_err *e)
{
	long long *nos;
	size_t n;
	int rc = 0;

	if (select_nos(x, &nos, &n, e) < 0)
		return -1;
	if ((x->cs = xf_cases_new(x->db, e)) == NULL) {
		free(nos);
		return -1;
	}
	x->batch = xf_batch_new(x->db, "xf-export", x->asof_text, x->o.actor,
	    x->o.argc, x->o.argv, x->o.batch, 0, x->ncols, emit, x);
	if (x->batch == NULL) {
		free(nos);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_stmt *st = x->st_one;

		if ((rc = xf_batch_begin(x->batch, e)) < 0)
			break;
		if (rc > 0)
			xf_cases_begin(x->cs, xf_batch_run(x->batch), 0,
			    xf_batch_now(x->batch));
		rc = xf_cases_disclosed(x->cs, nos[i], xf_batch_now(x->batch),
		    x->o.events ? note_events : note_cases, e);
		xf_case_id(nos[i], x->id);
		if (rc == 0 && x->o.events)
			rc = events_of(x, nos[i], 1, e);
		else if (rc == 0) {
			int src;

			sqlite3_bind_int64(st, 1, nos[i]);
			if ((src = sqlite3_step(st)) == SQLITE_ROW) {
				case_cells(x, st);
				if (xf_batch_pend(x->batch, "", 0, "disclosed",
				    x->cell) < 0)
					rc = xf_err_set(e, XF_ENOMEM,
					    "out of memory");
				else
					rc = petitions_of(x, nos[i], 1, e);
			} else if (src != SQLITE_DONE)
				rc = xf_db_fail(x->db, e, "reading a case");
			sqlite3_reset(st);
		}
		if (rc == 0)
			rc = xf_batch_step(x->batch, e);
	}
	free(nos);
	if (rc == 0)
		rc = xf_batch_commit(x->batch, e);
	if (rc < 0 && e->code != XF_EOUTPUT)
		xf_batch_abort(x->batch);
	return rc < 0 ? -1 : 0;
}

/* Write the header and the selection; see xf-int.h. */
int
xf_export_run(struct xf_export *x, struct xf_db *db, struct xf_out *out,
    struct xf_err *e)
{
	x->db = db;
	x->h = xf_db_handle(db);
	x->out = out;
	/*
	 * The selection reads each page of the store once: the large page
	 * cache the store is opened with would only cost a malloc and a
	 * page fault for every page read (a fifth of the time).
	 */
	if (xf_db_exec(db, "PRAGMA cache_size = -2048", e) < 0)
		return -1;
	if (prepare(x, e) < 0 || (!x->o.events && extra_keys(x, e) < 0))
		return -1;
	x->ncols = x->o.events ? NEVCOL : 1 + NFIELD + x->nx;
	if ((x->cell = calloc(x->ncols, sizeof(*x->cell))) == NULL ||
	    (x->len = calloc(x->ncols, sizeof(*x->len))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	if (x->o.events)
		xf_out_row(out, ev_cols, NEVCOL);
	else {
		xf_out_cell(out, "case_id");
		for (int f = 0; f < NFIELD; f++)
			xf_out_cell(out, xf_field_name(f));
		for (size_t k = 0; k < x->nx; k++)
			xf_out_cell(out, xf_extra_name(x->xc, k));
		xf_out_end(out);
	}
	if (xf_out_error(out) != 0)
		return output_failed(e);
	return x->o.unmask ? disclose(x, e) : stream(x, e);
}

/* Record how an --unmask run ended; see xf-int.h. */
int
xf_export_end(struct xf_export *x, int status, int finished,
    struct xf_err *e)
{
	return x->batch ? xf_batch_end(x->batch, status, finished, e) : 0;
}
