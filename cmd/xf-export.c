/*
 * xf-export: cases, or their event history, as CSV; personal data masked
 * unless asked, and then the disclosure recorded.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tool.h"

enum { O_EVENTS = 1, O_FROM, O_OPEN, O_OVERDUE, O_PERIOD, O_STATUS, O_TO,
    O_UNIT, O_UNMASK };

static const struct tool_opt opts[] = {
	{ "events", NULL, "the event history of the matters instead",
	    O_EVENTS },
	{ "from", "DATE", "received on or after DATE", O_FROM },
	{ "open", NULL, "only matters still being handled", O_OPEN },
	{ "overdue", NULL, "only open matters past their deadline on the "
	    "as-of day", O_OVERDUE },
	{ "period", "P", "received in P: 2026, 2026-H1, 2026-Q3, 2026-10",
	    O_PERIOD },
	{ "status", "S", "only matters in status S (repeat, or a comma list)",
	    O_STATUS },
	{ "to", "DATE", "received on or before DATE", O_TO },
	{ "unit", "CODE", "only matters of the unit CODE and the units under "
	    "it", O_UNIT },
	{ "unmask", NULL, "show names, ID numbers and phones (recorded as "
	    "disclosed)", O_UNMASK },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-export", .operands = NULL,
    .opts = opts, .common = TOOL_DB | TOOL_CONFIG | TOOL_ASOF | TOOL_DRYRUN |
    TOOL_ACTOR | TOOL_OUTPUT };

int
main(int argc, char *argv[])
{
	struct xf_export_opts o = { 0 };
	struct xf_err e = { 0 };
	struct xf_export *x;
	struct xf_db *db;
	int ch, status = XF_EXIT_OK;

	if ((o.status = calloc((size_t)argc, sizeof(*o.status))) == NULL)
		err(XF_EXIT_FATAL, NULL);
	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_EVENTS: o.events = 1; break;
		case O_FROM: o.from = optarg; break;
		case O_OPEN: o.open = 1; break;
		case O_OVERDUE: o.overdue = 1; break;
		case O_PERIOD: o.period = optarg; break;
		case O_STATUS: o.status[o.nstatus++] = optarg; break;
		case O_TO: o.to = optarg; break;
		case O_UNIT: o.unit = optarg; break;
		case O_UNMASK: o.unmask = 1; break;
		}
	}
	if (optind < argc) {
		warnx("%s: no operands are taken", argv[optind]);
		tool_usage(&t);
	}
	o.config_dir = t.config;
	o.as_of = t.as_of;
	o.actor = t.actor;
	o.dry_run = t.dry_run;
	o.argc = argc;
	o.argv = argv;
	/* Options and configuration are checked before the store. */
	if ((x = xf_export_new(&o, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	/* Even to record a disclosure, a store is never created. */
	if (xf_export_writes(x) && access(t.db, F_OK) != 0)
		err(XF_EXIT_USAGE, "%s", t.db);
	db = tool_open_db(&t, !xf_export_writes(x));
	if (xf_export_run(x, db, tool_output(&t), &e) < 0) {
		/* Output that failed is reported by tool_finish(). */
		if (e.code != XF_EOUTPUT)
			warnx("%s", e.msg);
		status = xf_err_exit(&e);
	}
	status = tool_finish(&t, status);
	status = tool_end(status, xf_export_end(x, status,
	    status == XF_EXIT_OK, &e), &e);
	xf_export_free(x);
	xf_db_close(db);
	free(o.status);
	return status;
}
