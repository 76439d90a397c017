/*
 * xf-report: the published numbers of a period, by unit (rolled up the
 * tree), category, channel, leader, month or quarter.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

enum { O_BY = 1, O_FORMAT, O_FROM, O_GROUP_MIN, O_METRICS, O_PERIOD, O_TO,
    O_UNIT };

static const struct tool_opt opts[] = {
	{ "by", "KEY", "group by unit, category, month ...; again to nest",
	    O_BY },
	{ "format", "FMT", "csv (default), table, md or html", O_FORMAT },
	{ "from", "DATE", "first day of the period", O_FROM },
	{ "group-min", "N", "persons making a group petition (default 5)",
	    O_GROUP_MIN },
	{ "metrics", "LIST", "the metrics to print, comma-separated, or all",
	    O_METRICS },
	{ "period", "P", "2026, 2026-H1, 2026-Q3 or 2026-10", O_PERIOD },
	{ "to", "DATE", "last day of the period", O_TO },
	{ "unit", "CODE", "only this unit and the units below it", O_UNIT },
	{ NULL, NULL, NULL, 0 }
};

static struct tool t = { .name = "xf-report", .operands = NULL,
    .opts = opts, .common = TOOL_DB | TOOL_CONFIG | TOOL_ASOF |
    TOOL_OUTPUT };

/* The report as CSV, through the suite's writer (--bom, --crlf ...). */
static void
write_csv(const struct xf_report *r)
{
	struct xf_out *out = tool_output(&t);

	xf_out_row(out, xf_report_columns(r), xf_report_ncols(r));
	for (size_t i = 0; i < xf_report_nrows(r); i++)
		xf_out_row(out, xf_report_row(r, i), xf_report_ncols(r));
}

/* The message of a bad --metrics, and the metrics there are. */
static void
metrics_usage(struct xf_err *e)
{
	const char *name;
	size_t col = 80;

	warnx("%s", e->msg);
	fputs("xf-report: the metrics are all, or a list of:", stderr);
	for (size_t i = 0; (name = xf_rpt_metric_name(i)) != NULL; i++) {
		if (col + 1 + strlen(name) > 76) {
			fputs("\n   ", stderr);
			col = 3;
		}
		fprintf(stderr, " %s", name);
		col += 1 + strlen(name);
	}
	fputs("\n    and NAME_yoy, NAME_pop (同比, 环比) of each count and "
	    "rate\n", stderr);
	exit(xf_err_exit(e));
}

int
main(int argc, char *argv[])
{
	struct xf_report_opts o = { 0 };
	struct xf_err e = { 0 };
	struct xf_config *cf;
	struct xf_report *r;
	struct xf_db *db;
	char title[128];
	int ch, format = XF_FMT_CSV, status = XF_EXIT_OK, group_min = 5;

	while ((ch = tool_getopt(&t, argc, argv)) != -1) {
		switch (ch) {
		case O_BY:
			if (o.nby == XF_REPORT_MAXBY)
				errx(XF_EXIT_USAGE, "--by: at most %d",
				    XF_REPORT_MAXBY);
			o.by[o.nby++] = optarg;
			break;
		case O_FORMAT:
			if ((format = xf_fmt_parse(optarg)) < 0)
				errx(XF_EXIT_USAGE, "--format: \"%s\": csv, "
				    "table, md or html", optarg);
			break;
		case O_FROM: o.from = optarg; break;
		case O_GROUP_MIN:
			group_min = (int)tool_number(&t, "--group-min", optarg,
			    1, 1000000);
			break;
		case O_METRICS: o.metrics = optarg; break;
		case O_PERIOD: o.period = optarg; break;
		case O_TO: o.to = optarg; break;
		case O_UNIT: o.unit = optarg; break;
		}
	}
	if (optind < argc)
		tool_usage(&t);
	if ((cf = xf_config_load(t.config, XF_CONFIG_UNITS_IF, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	o.as_of = t.as_of;
	o.units = xf_config_units(cf);
	if ((r = xf_report_new(&o, &e)) == NULL) {
		xf_config_free(cf);
		if (strncmp(e.msg, "--metrics:", 10) == 0)
			metrics_usage(&e);
		errx(xf_err_exit(&e), "%s", e.msg);
	}
	xf_rpt_set_group_min(r, group_min);
	db = tool_open_db(&t, 1);
	if (xf_report_run(r, db, &e) < 0)
		errx(xf_err_exit(&e), "%s", e.msg);
	snprintf(title, sizeof(title), "信访工作情况 %s", xf_report_period(r));
	if (format == XF_FMT_CSV)
		write_csv(r);
	else if (xf_fmt_write(r, format, stdout, title, &e) < 0)
		status = XF_EXIT_FATAL;
	status = tool_finish(&t, status);
	xf_report_free(r);
	xf_db_close(db);
	xf_config_free(cf);
	return status;
}
