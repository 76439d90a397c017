/*
 * xf-intake: register petitions from CSV into the store.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

enum { O_BATCH = 1, O_DATE_ORDER, O_ENCODING, O_FORCE_SET, O_GROUP_MIN,
    O_HISTORY, O_MAP, O_REPEAT_DAYS, O_SET, O_VALUE };

static const struct tool_opt opts[] = {
	{ "batch", "N", "rows per transaction (default 100000)", O_BATCH },
	{ "date-order", "mdy|dmy", "read 01/02/2026 as month/day or "
	    "day/month", O_DATE_ORDER },
	{ "encoding", "ENC", "input encoding, e.g. GB18030 (default UTF-8)",
	    O_ENCODING },
	{ "force-set", "col=value", "give every row this value, over "
	    "the file's", O_FORCE_SET },
	{ "group-min", "N", "persons making a group petition (default 5)",
	    O_GROUP_MIN },
	{ "history", NULL, "import old cases with their states and dates",
	    O_HISTORY },
	{ "map", "new=old", "read column old as new", O_MAP },
	{ "repeat-days", "N", "window for repeat petitions (default 365)",
	    O_REPEAT_DAYS },
	{ "set", "col=value", "give rows that lack col this value",
	    O_SET },
	{ "value", "col:from=to", "read the word from in col as to",
	    O_VALUE },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-intake", .operands = "[FILE ...]",
    .opts = opts, .common = TOOL_ALL };

static int
on_done(void *arg, const struct xf_intake_row *r)
{
	struct xf_out *out = arg;
	const char *const *cols = xf_intake_columns();

	for (size_t i = 0; cols[i] != NULL; i++)
		xf_out_cell(out, xf_row_col(r, i));
	xf_out_end(out);
	return xf_out_error(out) != 0;
}

static void
on_reject(void *arg, const struct xf_intake_row *r)
{
	const char *f[256], **fv = f;
	size_t l[256], *lv = l, n = xf_row_nraw(r);

	if (n > 256 && ((fv = calloc(n, sizeof(*fv))) == NULL ||
	    (lv = calloc(n, sizeof(*lv))) == NULL))
		err(XF_EXIT_FATAL, NULL);
	for (size_t i = 0; i < n; i++)
		fv[i] = xf_row_raw(r, i, &lv[i]);
	tool_reject(&t, xf_row_file(r), xf_row_line(r), xf_row_error(r), n,
	    fv, lv);
	if (fv != f) {
		free(fv);
		free(lv);
	}
}

static void
on_unresolved(void *arg, const char *name, long long n)
{
	char shown[512];

	warnx("unit \"%s\" (%lld case%s) is not in units.csv; add it, or "
	    "an alias, to resolve it (see xf-units(5))",
	    xf_mask_text(name, shown, sizeof(shown)), n, n == 1 ? "" : "s");
}

static void
on_progress(void *arg, long long rows)
{
	tool_progress(&t, rows);
}

/* Register every file and commit; returns the exit status. */
static int
run_file(void *op, const char *path, struct xf_err *e)
{
	return xf_intake_file(op, path, e);
}

static int
run_finish(void *op, struct xf_err *e)
{
	return xf_intake_finish(op, e);
}

static int
run_files(struct xf_intake *in, const char **files, int nfiles)
{
	int fatal;
	long long changed, settled;

	fatal = tool_run_files(files, nfiles, in, run_file, run_finish);
	changed = t.dry_run ? 0 : xf_intake_count(in, "registered") +
	    xf_intake_count(in, "repeat") +
	    xf_intake_count(in, "not-reaccepted");
	settled = xf_intake_count(in, "registered") +
	    xf_intake_count(in, "repeat") +
	    xf_intake_count(in, "not-reaccepted") +
	    xf_intake_count(in, "duplicate");
	return tool_status(changed, settled, xf_intake_count(in, "rejected"),
	    fatal);
}

int
main(int argc, char *argv[])
{
	struct xf_intake_opts o = { 0 };
	struct xf_intake_cb cb = { 0 };
	struct xf_err e = { 0 };
	struct xf_db *db;
	struct xf_intake *in;
	const char **files;
	int ch, nfiles, status;

	if ((o.maps = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o.sets = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o.force_sets = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (o.values = calloc((size_t)argc, sizeof(char *))) == NULL)
		err(XF_EXIT_FATAL, NULL);
	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_BATCH: o.batch = (int)tool_number(&t, "--batch", optarg,
		    1, 1000000); break;
		case O_DATE_ORDER:
			if ((o.date_order = xf_date_order(optarg)) < 0)
				tool_usage(&t);
			break;
		case O_ENCODING: o.encoding = optarg; break;
		case O_FORCE_SET: o.force_sets[o.nforce_sets++] = optarg;
		    break;
		case O_GROUP_MIN: o.group_min = (int)tool_number(&t,
		    "--group-min", optarg, 1, 1000000); break;
		case O_HISTORY: o.history = 1; break;
		case O_MAP: o.maps[o.nmaps++] = optarg; break;
		case O_REPEAT_DAYS: o.repeat_days = (int)tool_number(&t,
		    "--repeat-days", optarg, 1, 1000000); break;
		case O_SET: o.sets[o.nsets++] = optarg; break;
		case O_VALUE: o.values[o.nvalues++] = optarg; break;
		}
	}
	files = tool_files(argc, argv, &nfiles);
	o.config_dir = t.config;
	o.as_of = t.as_of;
	o.actor = t.actor;
	o.dry_run = t.dry_run;
	o.argc = argc;
	o.argv = argv;
	cb.arg = tool_output(&t);
	cb.done = on_done;
	cb.reject = on_reject;
	cb.header = tool_on_header;
	if (t.tty)
		cb.progress = on_progress;
	/* Options and configuration are checked before the store. */
	if ((in = xf_intake_new(&o, &cb, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	tool_rejects_open(&t, files, nfiles);
	db = tool_open_db(&t, 0);
	if (xf_intake_attach(in, db, &e) < 0)
		errx(xf_err_exit(&e), "%s", e.msg);
	xf_out_row(t.out, xf_intake_columns(), xf_intake_ncolumns());
	status = run_files(in, files, nfiles);
	/* An import of old cases lists the unit names nothing resolves. */
	if (o.history && !o.dry_run && status != XF_EXIT_BUSY &&
	    xf_intake_unresolved(in, on_unresolved, NULL, &e) < 0)
		warnx("%s", e.msg);
	status = tool_finish(&t, status);
	status = tool_end(status, xf_intake_end(in, tool_run_record(status),
	    tool_run_finished(), &e), &e);
	xf_intake_free(in);
	xf_db_close(db);
	free(o.maps);
	free(o.sets);
	free(o.force_sets);
	free(o.values);
	return status;
}
