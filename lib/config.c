/*
 * config.c: the configuration directory, and the time limits.
 *
 * A tool asks for what it needs (calendar, rules, units, limits, word
 * maps); each is a file of the directory an admin edits, and each has a
 * built-in default but the unit tree, which a tool that needs it cannot
 * guess.  The time
 * limits are the statutory ones of the 信访工作条例 unless limits.csv says
 * otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xf-int.h"

struct limit {
	const char *name;	/* in limits.csv */
	int days;
	int working;		/* count working days, not calendar days */
};

struct xf_limits {
	struct limit v[XF_NLIMIT];
};

/* The statutory defaults (DOMAIN: "Time limits"). */
static const struct limit defaults[XF_NLIMIT] = {
	[XF_LIMIT_TRIAGE] = { "triage", 15, 0 },
	[XF_LIMIT_HANDLE] = { "handle", 60, 0 },
	[XF_LIMIT_EXTEND] = { "extend", 30, 0 },
	[XF_LIMIT_REVIEW_ASK] = { "review-request", 30, 0 },
	[XF_LIMIT_REVIEW] = { "review", 30, 0 },
	[XF_LIMIT_REREVIEW_ASK] = { "rereview-request", 30, 0 },
	[XF_LIMIT_REREVIEW] = { "rereview", 30, 0 },
};

struct xf_config {
	struct xf_cal *cal;
	struct xf_rules *rules;
	struct xf_units *units;
	struct xf_values *values;	/* values.csv, or NULL */
	struct xf_limits limits;
};

/* The number of days of period p. */
int
xf_limits_days(const struct xf_limits *l, int p)
{
	return p >= 0 && p < XF_NLIMIT ? l->v[p].days : 0;
}

/*
 * The deadline of period p started on day start: calendar days counted
 * from the next day, moved to the next working day when the last is a
 * rest day; or, for a period counted in working days, the n-th working day
 * after start.
 */
long
xf_limits_deadline(const struct xf_limits *l, const struct xf_cal *c, int p,
    long start)
{
	if (p < 0 || p >= XF_NLIMIT)
		return start;
	if (l->v[p].working)
		return xf_cal_add_workdays(c, start, l->v[p].days);
	return xf_cal_deadline(c, start, l->v[p].days);
}

/*
 * Read limits.csv: columns period, days and optionally count (calendar or
 * working; 自然日, 工作日).  Periods not named keep their defaults.
 */
static int
limits_load(struct xf_limits *l, const char *path, struct xf_err *e)
{
	struct xf_csv *r;
	long col[3] = { -1, -1, -1 };
	int rc;

	if ((r = xf_csv_open(path, NULL, e)) == NULL) {
		e->code = XF_ECONFIG;
		return -1;
	}
	if ((rc = xf_csv_read(r, e)) <= 0) {
		if (rc == 0)
			xf_err_set(e, XF_ECONFIG, "%s: empty file; expected the "
			    "header period,days[,count]", path);
		goto fail;
	}
	for (size_t i = 0; i < xf_csv_nfields(r); i++) {
		const char *h = xf_csv_field(r, i, NULL);

		if (strcmp(h, "period") == 0 || strcmp(h, "期限") == 0)
			col[0] = (long)i;
		else if (strcmp(h, "days") == 0 || strcmp(h, "天数") == 0)
			col[1] = (long)i;
		else if (strcmp(h, "count") == 0 || strcmp(h, "计算") == 0)
			col[2] = (long)i;
	}
	if (col[0] < 0 || col[1] < 0) {
		xf_err_set(e, XF_ECONFIG, "%s:1: expected the header "
		    "period,days[,count]", path);
		goto fail;
	}
	while ((rc = xf_csv_read(r, e)) > 0) {
		const char *p = xf_csv_field(r, (size_t)col[0], NULL);
		const char *d = xf_csv_field(r, (size_t)col[1], NULL);
		const char *k = col[2] >= 0 ? xf_csv_field(r, (size_t)col[2],
		    NULL) : "";
		long line = xf_csv_line(r), days;
		char *end;
		int i;

		if (*p == '\0' || *p == '#')
			continue;
		for (i = 0; i < XF_NLIMIT; i++)
			if (strcmp(p, defaults[i].name) == 0)
				break;
		if (i == XF_NLIMIT) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: period: unknown "
			    "period \"%s\" (accepted: triage, handle, extend, "
			    "review-request, review, rereview-request, "
			    "rereview)", path, line, p);
			goto fail;
		}
		errno = 0;
		days = strtol(d, &end, 10);
		if (*d == '\0' || *end != '\0' || errno || days < 1 ||
		    days > 365) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: days: \"%s\" is not "
			    "a whole number from 1 to 365", path, line, d);
			goto fail;
		}
		l->v[i].days = (int)days;
		if (*k == '\0' || strcmp(k, "calendar") == 0 ||
		    strcmp(k, "自然日") == 0)
			l->v[i].working = 0;
		else if (strcmp(k, "working") == 0 || strcmp(k, "工作日") == 0)
			l->v[i].working = 1;
		else {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: count: \"%s\" is "
			    "not calendar or working", path, line, k);
			goto fail;
		}
	}
	if (rc < 0) {
		e->code = XF_ECONFIG;
		goto fail;
	}
	xf_csv_free(r);
	return 0;
fail:
	xf_csv_free(r);
	return -1;
}

/*
 * Read values.csv: columns column, from and to (or 列, 原值, 对应值), a
 * word map of xf-csv(5).  Blank lines and lines whose column starts with
 * '#' are skipped; anything else that is wrong names its line.
 */
struct xf_values *
xf_values_load(const char *path, struct xf_err *e)
{
	struct xf_values *v;
	struct xf_csv *r;
	long col[3] = { -1, -1, -1 };
	int rc;

	if ((v = xf_values_new()) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	if ((r = xf_csv_open(path, NULL, e)) == NULL) {
		e->code = XF_ECONFIG;
		xf_values_free(v);
		return NULL;
	}
	if ((rc = xf_csv_read(r, e)) <= 0) {
		if (rc == 0)
			xf_err_set(e, XF_ECONFIG, "%s: empty file; expected the "
			    "header column,from,to", path);
		goto fail;
	}
	for (size_t i = 0; i < xf_csv_nfields(r); i++) {
		const char *h = xf_csv_field(r, i, NULL);

		if (strcmp(h, "column") == 0 || strcmp(h, "列") == 0)
			col[0] = (long)i;
		else if (strcmp(h, "from") == 0 || strcmp(h, "原值") == 0)
			col[1] = (long)i;
		else if (strcmp(h, "to") == 0 || strcmp(h, "对应值") == 0)
			col[2] = (long)i;
	}
	if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
		xf_err_set(e, XF_ECONFIG, "%s:%ld: expected the header "
		    "column,from,to", path, xf_csv_line(r));
		goto fail;
	}
	while ((rc = xf_csv_read(r, e)) > 0) {
		const char *c = xf_csv_field(r, (size_t)col[0], NULL);
		const char *f = xf_csv_field(r, (size_t)col[1], NULL);
		const char *t = xf_csv_field(r, (size_t)col[2], NULL);
		long line = xf_csv_line(r);

		if (*c == '#' || (*c == '\0' && *f == '\0' && *t == '\0'))
			continue;
		if (*c == '\0') {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: column: empty", path,
			    line);
			goto fail;
		}
		if (xf_values_add(v, c, f, t, line, e) < 0) {
			char msg[XF_ERRMAX], what[64];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			snprintf(what, sizeof(what), "%s", e->column);
			xf_err_set(e, e->code, "%s:%ld: %s: %s", path, line,
			    what, msg);
			goto fail;
		}
	}
	if (rc < 0) {
		e->code = XF_ECONFIG;
		goto fail;
	}
	xf_csv_free(r);
	return v;
fail:
	xf_csv_free(r);
	xf_values_free(v);
	return NULL;
}

/* Does path exist? */
static int
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Load what a tool needs from dir; see xf.h. */
struct xf_config *
xf_config_load(const char *dir, int what, struct xf_err *e)
{
	struct xf_config *cf;
	char path[1100];
	struct stat sb;

	if ((cf = calloc(1, sizeof(*cf))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(cf->limits.v, defaults, sizeof(defaults));
	if ((cf->cal = xf_cal_new()) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	if (dir == NULL || *dir == '\0') {
		if (what & XF_CONFIG_UNITS) {
			xf_err_set(e, XF_ECONFIG, "no configuration directory "
			    "(--config or XF_CONFIG) with units.csv, the unit "
			    "tree; see xf-units(5)");
			goto fail;
		}
		return cf;
	}
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		xf_err_set(e, XF_ECONFIG, "%s: no such configuration "
		    "directory", dir);
		goto fail;
	}
	if (strlen(dir) + sizeof("/holidays.csv") > sizeof(path)) {
		xf_err_set(e, XF_ECONFIG, "%s: path too long", dir);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/holidays.csv", dir);
	if (exists(path) && xf_cal_load(cf->cal, path, e) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/limits.csv", dir);
	if (exists(path) && limits_load(&cf->limits, path, e) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/rules.csv", dir);
	if ((what & XF_CONFIG_RULES) && exists(path) &&
	    (cf->rules = xf_rules_load(path, e)) == NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/units.csv", dir);
	if ((what & XF_CONFIG_UNITS_IF) && !(what & XF_CONFIG_UNITS) &&
	    exists(path) && (cf->units = xf_units_load(path, e)) == NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/values.csv", dir);
	if ((what & XF_CONFIG_VALUES) && exists(path) &&
	    (cf->values = xf_values_load(path, e)) == NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/units.csv", dir);
	if (what & XF_CONFIG_UNITS) {
		if (!exists(path)) {
			xf_err_set(e, XF_ECONFIG, "%s: no such file; the unit "
			    "tree is needed (see xf-units(5))", path);
			goto fail;
		}
		if ((cf->units = xf_units_load(path, e)) == NULL)
			goto fail;
	}
	return cf;
fail:
	xf_config_free(cf);
	return NULL;
}

void
xf_config_free(struct xf_config *cf)
{
	if (cf == NULL)
		return;
	xf_cal_free(cf->cal);
	xf_rules_free(cf->rules);
	xf_units_free(cf->units);
	xf_values_free(cf->values);
	free(cf);
}

const struct xf_cal *
xf_config_cal(const struct xf_config *cf)
{
	return cf->cal;
}

const struct xf_rules *
xf_config_rules(const struct xf_config *cf)
{
	return cf->rules;
}

const struct xf_units *
xf_config_units(const struct xf_config *cf)
{
	return cf->units;
}

const struct xf_limits *
xf_config_limits(const struct xf_config *cf)
{
	return &cf->limits;
}

const struct xf_values *
xf_config_values(const struct xf_config *cf)
{
	return cf->values;
}
