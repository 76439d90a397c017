/*
 * t-intake.c: the intake library as a caller sees it: several files in one
 * run, the rows handed back with their own file names and lines, the run's
 * record, and the reject callback's raw fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "xf.h"
#include "tap.h"

struct seen {
	char files[16][64];
	long lines[16];
	char results[16][32];
	int n;
	size_t rej_nraw;
	char rej_last[64];
	char rej_name_past[64];
};

static int
done(void *arg, const struct xf_intake_row *r)
{
	struct seen *s = arg;

	if (s->n < 16) {
		const char *f = strrchr(xf_row_file(r), '/');

		snprintf(s->files[s->n], sizeof(s->files[0]), "%s",
		    f ? f + 1 : xf_row_file(r));
		s->lines[s->n] = xf_row_line(r);
		snprintf(s->results[s->n], sizeof(s->results[0]), "%s",
		    xf_row_result(r));
		s->n++;
	}
	return 0;
}

static void
reject(void *arg, const struct xf_intake_row *r)
{
	struct seen *s = arg;
	size_t n = xf_row_nraw(r);

	s->rej_nraw = n;
	snprintf(s->rej_last, sizeof(s->rej_last), "%s", xf_row_raw(r, n - 1, NULL));
	/* Names past the header are empty, never read out of bounds. */
	snprintf(s->rej_name_past, sizeof(s->rej_name_past), "[%s]",
	    xf_row_rawname(r, n - 1));
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

static long long
count(struct xf_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(xf_db_handle(db), sql, -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
main(void)
{
	char dir[] = "/tmp/t-intake.XXXXXX", a[96], b[96], dbp[96];
	struct xf_intake_opts o = { 0 };
	struct xf_intake_cb cb = { 0 };
	struct seen s = { 0 };
	struct xf_err e = { 0 };
	struct xf_db *db;
	struct xf_intake *in;

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(a, sizeof(a), "%s/a.csv", dir);
	snprintf(b, sizeof(b), "%s/b.csv", dir);
	snprintf(dbp, sizeof(dbp), "%s/xf.db", dir);
	put(a, "received_at,channel,petitioner_name,content\n"
	    "2026-11-01,visit,张三,报案后没有进展\n"
	    "2026-11-02,visit,李四,邻居噪音扰民\n");
	put(b, "received_at,channel,petitioner_name,content\n"
	    "2026-11-03,letter,王五,户口迁移办不了\n"
	    "2026-11-04,letter,赵六,事项,多出来的一列\n");
	o.as_of = "2026-11-24";
	cb.arg = &s;
	cb.done = done;
	cb.reject = reject;
	db = xf_db_open(dbp, XF_DB_WRITE, &e);
	ok(db != NULL, "store opened (%s)", e.msg);
	if (db == NULL)
		return tap_done();
	in = xf_intake_new(&o, &cb, &e);
	ok(in != NULL && xf_intake_attach(in, db, &e) == 0,
	    "intake set up (%s)", e.msg);
	if (in == NULL)
		return tap_done();
	is_int(xf_intake_file(in, a, &e), 0, "first file read");
	is_int(xf_intake_file(in, b, &e), 0, "second file read");
	/* Both files' rows are still pending in one batch here. */
	is_int(s.n, 0, "nothing handed back before the batch commits");
	is_int(xf_intake_finish(in, &e), 0, "batch committed");
	is_int(s.n, 3, "three rows handed back");
	is_str(s.files[0], "a.csv", "row 1 names its own file");
	is_str(s.files[2], "b.csv", "row 3 names its own file, not the last");
	is_int(s.lines[2], 2, "row 3 has its line in its own file");
	is_str(s.results[2], "registered", "row 3 registered");
	is_int(xf_intake_count(in, "registered"), 3, "counter: registered");
	is_int(xf_intake_count(in, "rejected"), 1, "counter: rejected");
	is_int((long long)s.rej_nraw, 5, "reject: all five raw fields");
	is_str(s.rej_last, "多出来的一列", "reject: the field past the header");
	is_str(s.rej_name_past, "[]", "reject: no name past the header");
	is_int(count(db, "SELECT count(*) FROM runs WHERE finished_at IS "
	    "NULL AND status IS NULL"), 1, "the run is open until it ends");
	is_int(xf_intake_end(in, 1, 1, &e), 0, "the run's end recorded");
	xf_intake_free(in);
	is_int(count(db, "SELECT count(*) FROM cases"), 3, "three cases stored");
	is_int(count(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT "
	    "NULL AND status = 1"), 1, "the run is finished, status 1");
	xf_db_close(db);
	unlink(a);
	unlink(b);
	unlink(dbp);
	{
		char w[128];

		snprintf(w, sizeof(w), "%s-wal", dbp);
		unlink(w);
		snprintf(w, sizeof(w), "%s-shm", dbp);
		unlink(w);
	}
	rmdir(dir);
	return tap_done();
}
