/*
 * xf-escalate: the nightly job that warns before deadlines, escalates
 * late matters up the unit tree, and flags repeat, group, leapfrog and
 * supervised matters.  Quiet when nothing fires: the header is printed
 * with the first action, so cron mails nothing on a quiet night.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "tool.h"

enum { O_ENCODING = 1, O_WORKDAYS };

static const struct tool_opt opts[] = {
	{ "encoding", "ENC", "encoding of the case_id files, e.g. GB18030",
	    O_ENCODING },
	{ "working-days-only", NULL, "on a rest day of the calendar, do "
	    "nothing and exit 0", O_WORKDAYS },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-escalate", .operands = "[FILE ...]",
    .opts = opts, .common = TOOL_ALL };

static int headed;

static int
on_done(void *arg, const char *const *v)
{
	if (!headed++)
		xf_out_row(arg, xf_escalate_columns(), xf_escalate_ncolumns());
	xf_out_row(arg, v, xf_escalate_ncolumns());
	return xf_out_error(arg) != 0;
}

static int
run_file(void *op, const char *path, struct xf_err *e)
{
	return xf_escalate_file(op, path, e);
}

static int
run_finish(void *op, struct xf_err *e)
{
	return xf_escalate_finish(op, e);
}

/* Every open matter, or those the files name; returns the exit status. */
static int
run(struct xf_escalate *x, int argc, char **argv)
{
	struct xf_err e = { 0 };
	const char **files;
	long long changed;
	int nfiles, fatal = 0;

	if (optind < argc) {
		files = tool_files(argc, argv, &nfiles);
		fatal = tool_run_files(files, nfiles, x, run_file, run_finish);
	} else if (xf_escalate_all(x, &e) < 0 ||
	    xf_escalate_finish(x, &e) < 0) {
		warnx("%s", e.msg);
		fatal = xf_err_exit(&e);
		tool_run_stop();
	}
	changed = t.dry_run ? 0 : xf_escalate_count(x, "escalated");
	return tool_status(changed, xf_escalate_count(x, "read"),
	    xf_escalate_count(x, "rejected"), fatal);
}

int
main(int argc, char *argv[])
{
	struct xf_escalate_opts o = { 0 };
	struct xf_rows_cb cb = { 0 };
	struct xf_err e = { 0 };
	struct xf_escalate *x;
	struct xf_db *db;
	int ch, workdays = 0, status;

	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_ENCODING: o.encoding = optarg; break;
		case O_WORKDAYS: workdays = 1; break;
		}
	}
	o.config_dir = t.config;
	o.as_of = t.as_of;
	o.actor = t.actor;
	o.dry_run = t.dry_run;
	o.argc = argc;
	o.argv = argv;
	cb.arg = tool_output(&t);
	cb.done = on_done;
	cb.reject = tool_on_reject;
	cb.header = tool_on_header;
	/* Options and rules are checked before the store: a broken rules
	 * file stops the run with nothing done. */
	if ((x = xf_escalate_new(&o, &cb, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	if (workdays && xf_escalate_rest_day(x)) {
		xf_escalate_free(x);
		return tool_finish(&t, XF_EXIT_OK);
	}
	/* A rejects path that cannot be used is refused before the store
	 * is made. */
	if (optind < argc) {
		const char **files;
		int nfiles;

		files = tool_files(argc, argv, &nfiles);
		tool_rejects_open(&t, files, nfiles);
	}
	db = tool_open_db(&t, 0);
	if (xf_escalate_attach(x, db, &e) < 0)
		errx(xf_err_exit(&e), "%s", e.msg);
	status = run(x, argc, argv);
	status = tool_finish(&t, status);
	status = tool_end(status, xf_escalate_end(x, tool_run_record(status),
	    tool_run_finished(), &e), &e);
	xf_escalate_free(x);
	xf_db_close(db);
	return status;
}
