/*
 * xf-update: record what happens to a matter after assignment, from CSV.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "tool.h"

enum { O_ENCODING = 1, O_FORCE };

static const struct tool_opt opts[] = {
	{ "encoding", "ENC", "input encoding, e.g. GB18030 (default UTF-8)",
	    O_ENCODING },
	{ "force", NULL, "accept review and re-review requests past their "
	    "time window", O_FORCE },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-update", .operands = "[FILE ...]",
    .opts = opts, .common = TOOL_ALL };

static int
on_done(void *arg, const char *const *v)
{
	xf_out_row(arg, v, xf_update_ncolumns());
	return xf_out_error(arg) != 0;
}

/* Apply every file and commit; returns the exit status. */
static int
run_file(void *op, const char *path, struct xf_err *e)
{
	return xf_update_file(op, path, e);
}

static int
run_finish(void *op, struct xf_err *e)
{
	return xf_update_finish(op, e);
}

static int
run_files(struct xf_update *u, const char **files, int nfiles)
{
	int fatal;
	long long changed;

	fatal = tool_run_files(files, nfiles, u, run_file, run_finish);
	changed = t.dry_run ? 0 : xf_update_count(u, "changed");
	return tool_status(changed, xf_update_count(u, "changed") +
	    xf_update_count(u, "unchanged"), xf_update_count(u, "rejected"),
	    fatal);
}

int
main(int argc, char *argv[])
{
	struct xf_update_opts o = { 0 };
	struct xf_rows_cb cb = { 0 };
	struct xf_err e = { 0 };
	struct xf_update *u;
	struct xf_db *db;
	const char **files;
	int ch, nfiles, status;

	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_ENCODING: o.encoding = optarg; break;
		case O_FORCE: o.force = 1; break;
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
	cb.reject = tool_on_reject;
	cb.header = tool_on_header;
	/* Options and configuration are checked before the store. */
	if ((u = xf_update_new(&o, &cb, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	tool_rejects_open(&t, files, nfiles);
	db = tool_open_db(&t, 0);
	if (xf_update_attach(u, db, &e) < 0)
		errx(xf_err_exit(&e), "%s", e.msg);
	xf_out_row(t.out, xf_update_columns(), xf_update_ncolumns());
	status = run_files(u, files, nfiles);
	status = tool_finish(&t, status);
	status = tool_end(status, xf_update_end(u, tool_run_record(status),
	    tool_run_finished(), &e), &e);
	xf_update_free(u);
	xf_db_close(db);
	return status;
}
