/*
 * xf-assign: route accepted matters to a unit, leader and officer; set
 * their deadlines; reassign; extend once.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "tool.h"

enum { O_AUTO = 1, O_ENCODING, O_EXTEND };

static const struct tool_opt opts[] = {
	{ "auto", NULL, "choose the unit by the routing rules (routing.csv)",
	    O_AUTO },
	{ "encoding", "ENC", "input encoding, e.g. GB18030 (default UTF-8)",
	    O_ENCODING },
	{ "extend", "DAYS", "grant the one extension of DAYS days (at most "
	    "30)", O_EXTEND },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-assign", .operands = "[FILE ...]",
    .opts = opts, .common = TOOL_ALL };

static int
on_done(void *arg, const char *const *v)
{
	xf_out_row(arg, v, xf_assign_ncolumns());
	return xf_out_error(arg) != 0;
}

/* Apply every file and commit; returns the exit status. */
static int
run_file(void *op, const char *path, struct xf_err *e)
{
	return xf_assign_file(op, path, e);
}

static int
run_finish(void *op, struct xf_err *e)
{
	return xf_assign_finish(op, e);
}

static int
run_files(struct xf_assign *a, const char **files, int nfiles)
{
	static const char *const changes[] = { "assigned", "reassigned",
	    "extended" };
	long long changed = 0, settled;
	int fatal;

	fatal = tool_run_files(files, nfiles, a, run_file, run_finish);
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		changed += xf_assign_count(a, changes[i]);
	/* Skipped rows are settled: they are not this tool's to assign. */
	settled = changed + xf_assign_count(a, "unchanged") +
	    xf_assign_count(a, "skipped");
	return tool_status(t.dry_run ? 0 : changed, settled,
	    xf_assign_count(a, "rejected"), fatal);
}

int
main(int argc, char *argv[])
{
	struct xf_assign_opts o = { 0 };
	struct xf_rows_cb cb = { 0 };
	struct xf_err e = { 0 };
	struct xf_assign *a;
	struct xf_db *db;
	const char **files;
	int ch, nfiles, status;

	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_AUTO: o.auto_route = 1; break;
		case O_ENCODING: o.encoding = optarg; break;
		case O_EXTEND: o.extend_days = (int)tool_number(&t, "--extend",
		    optarg, 1, 365); break;
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
	if ((a = xf_assign_new(&o, &cb, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	tool_rejects_open(&t, files, nfiles);
	db = tool_open_db(&t, 0);
	if (xf_assign_attach(a, db, &e) < 0)
		errx(xf_err_exit(&e), "%s", e.msg);
	xf_out_row(t.out, xf_assign_columns(), xf_assign_ncolumns());
	status = run_files(a, files, nfiles);
	status = tool_finish(&t, status);
	status = tool_end(status, xf_assign_end(a, tool_run_record(status),
	    tool_run_finished(), &e), &e);
	xf_assign_free(a);
	xf_db_close(db);
	return status;
}
