/*
 * escrules.c: the escalation rules (escalation.csv) and the sensitive
 * periods (periods.csv) of a configuration directory; see
 * xf-escalation(5).
 *
 * Every rule has a built-in statutory default, so a bureau without the
 * files gets the ladder of the issue: warn 3 working days ahead, escalate
 * one level on the first day overdue and one more every 10 days up to the
 * city bureau, leader ownership from the third petition, group and
 * leapfrog petitions to the district bureau, weekly reminders for
 * supervised matters; and, while a sensitive period runs, warnings 5
 * working days ahead, a level every 5 days, ownership from the second
 * petition, and group and leapfrog matters notified once more.  A row of
 * the file replaces the default of its rule for normal time (period
 * empty), for every sensitive period (*), or for one period by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

static const char *const rule_names[XF_ESC_NRULE] = {
	"warn", "overdue", "repeat", "group", "leapfrog", "supervised"
};

/* A row of escalation.csv for one named period. */
struct named {
	int rule;
	char *period;
	struct xf_esc_rule r;
	int has_value, has_level;
};

struct period {
	char *name;
	long from, to;
};

struct xf_escrules {
	struct xf_esc_rule normal[XF_ESC_NRULE];
	struct xf_esc_rule any[XF_ESC_NRULE];	/* period "*" */
	struct named *named;
	size_t nnamed;
	struct period *periods;
	size_t nperiods;
};

/* The defaults; see the head of this file and xf-escalation(5). */
static const struct xf_esc_rule def_normal[XF_ESC_NRULE] = {
	[XF_ESC_WARN] = { 1, 3, "" },
	[XF_ESC_OVERDUE] = { 1, 10, "city" },
	[XF_ESC_REPEAT] = { 1, 3, "" },
	[XF_ESC_GROUP] = { 1, 0, "district" },
	[XF_ESC_LEAPFROG] = { 1, 0, "district" },
	[XF_ESC_SUPERVISED] = { 1, 7, "" },
};
static const struct xf_esc_rule def_any[XF_ESC_NRULE] = {
	[XF_ESC_WARN] = { 1, 5, "" },
	[XF_ESC_OVERDUE] = { 1, 5, "city" },
	[XF_ESC_REPEAT] = { 1, 2, "" },
	[XF_ESC_GROUP] = { 1, 0, "district" },
	[XF_ESC_LEAPFROG] = { 1, 0, "district" },
	[XF_ESC_SUPERVISED] = { 1, 7, "" },
};

const char *
xf_esc_rule_name(int rule)
{
	return rule >= 0 && rule < XF_ESC_NRULE ? rule_names[rule] : "";
}

void
xf_escrules_free(struct xf_escrules *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nnamed; i++)
		free(r->named[i].period);
	free(r->named);
	for (size_t i = 0; i < r->nperiods; i++)
		free(r->periods[i].name);
	free(r->periods);
	free(r);
}

/* ---- reading a small CSV file by column names ------------------------ */

struct cfile {
	const char *path;
	struct xf_csv *in;
	long col[8];		/* wanted column -> field index, or -1 */
	const char *const *names;
	int nnames;
	long line;
	char f[8][128];		/* the wanted fields of the record, trimmed */
};

/* Field i of the record, trimmed, into out (n bytes); -1 if too long. */
static int
copy_field(struct cfile *cf, long i, char *out, size_t n)
{
	size_t len = 0;
	const char *s = i >= 0 && (size_t)i < xf_csv_nfields(cf->in) ?
	    xf_csv_field(cf->in, (size_t)i, &len) : "", *end = s + len;

	xf_trim(&s, &end);
	if ((size_t)(end - s) >= n || memchr(s, '\0', (size_t)(end - s)))
		return -1;
	memcpy(out, s, (size_t)(end - s));
	out[end - s] = '\0';
	return 0;
}

static int
blank(struct cfile *cf)
{
	for (size_t i = 0; i < xf_csv_nfields(cf->in); i++) {
		size_t len;
		const char *s = xf_csv_field(cf->in, i, &len), *end = s + len;

		xf_trim(&s, &end);
		if (end > s)
			return 0;
	}
	return 1;
}

/*
 * Next record that is neither blank nor a comment (first field starting
 * with #): 1, 0 at the end, -1 with e set.  The first such record is the
 * header, mapped to the wanted names (the first required).
 */
static int
next(struct cfile *cf, struct xf_err *e)
{
	char name[128];
	int rc;

	for (;;) {
		if ((rc = xf_csv_read(cf->in, e)) <= 0) {
			if (rc < 0 && e->code != XF_ENOMEM)
				e->code = XF_ECONFIG;
			return rc;
		}
		cf->line = xf_csv_line(cf->in);
		if (blank(cf))
			continue;
		if (copy_field(cf, 0, name, sizeof(name)) == 0 &&
		    name[0] == '#')
			continue;
		if (cf->col[0] >= 0)
			break;
		/* The header. */
		for (size_t i = 0; i < xf_csv_nfields(cf->in); i++) {
			int k;

			if (copy_field(cf, (long)i, name, sizeof(name)) < 0)
				return xf_err_set(e, XF_ECONFIG, "%s:%ld: "
				    "column %zu: name too long", cf->path,
				    cf->line, i + 1);
			for (k = 0; k < cf->nnames; k++)
				if (strcmp(name, cf->names[k]) == 0)
					break;
			if (k == cf->nnames)
				return xf_err_set(e, XF_ECONFIG, "%s:%ld: "
				    "unknown column \"%s\"", cf->path,
				    cf->line, name);
			if (cf->col[k] >= 0)
				return xf_err_set(e, XF_ECONFIG, "%s:%ld: "
				    "column \"%s\" twice", cf->path, cf->line,
				    name);
			cf->col[k] = (long)i;
		}
		if (cf->col[0] < 0)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: expected a "
			    "header with the column \"%s\"", cf->path,
			    cf->line, cf->names[0]);
	}
	for (int k = 0; k < cf->nnames; k++)
		if (copy_field(cf, cf->col[k], cf->f[k], sizeof(cf->f[k])) < 0)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: %s: longer "
			    "than %zu bytes, or holds a NUL byte", cf->path,
			    cf->line, cf->names[k], sizeof(cf->f[k]) - 1);
	return 1;
}

static int
cfile_open(struct cfile *cf, const char *path, const char *const *names,
    int nnames, struct xf_err *e)
{
	memset(cf, 0, sizeof(*cf));
	cf->path = path;
	cf->names = names;
	cf->nnames = nnames;
	for (int k = 0; k < 8; k++)
		cf->col[k] = -1;
	if ((cf->in = xf_csv_open(path, NULL, e)) == NULL) {
		if (e->code != XF_ENOMEM)
			e->code = XF_ECONFIG;
		return -1;
	}
	return 0;
}

/* A whole number from min to max, or -1. */
static long
number(const char *s, long min, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v < min || v > max ? -1 : v;
}

/* ---- periods.csv ------------------------------------------------------ */

static int
day_arg(struct cfile *cf, int k, long *day, struct xf_err *e)
{
	struct xf_time t;
	struct xf_err de = { 0 };

	if (cf->f[k][0] == '\0')
		return xf_err_set(e, XF_ECONFIG, "%s:%ld: %s: missing date",
		    cf->path, cf->line, cf->names[k]);
	if (xf_date_parse(cf->f[k], XF_DATE_YMD, &t, &de) < 0 ||
	    t.sec >= 0)
		return xf_err_set(e, XF_ECONFIG, "%s:%ld: %s: invalid date "
		    "\"%s\"", cf->path, cf->line, cf->names[k], cf->f[k]);
	*day = t.day;
	return 0;
}

static int
load_periods(struct xf_escrules *r, const char *path, struct xf_err *e)
{
	static const char *const names[] = { "name", "from", "to" };
	struct cfile cf;
	int rc;

	if (cfile_open(&cf, path, names, 3, e) < 0)
		return -1;
	while ((rc = next(&cf, e)) > 0) {
		struct period p = { 0 }, *v;

		if (cf.f[0][0] == '\0') {
			rc = xf_err_set(e, XF_ECONFIG, "%s:%ld: name: missing",
			    path, cf.line);
			break;
		}
		if (cf.col[1] < 0 || cf.col[2] < 0) {
			rc = xf_err_set(e, XF_ECONFIG, "%s:%ld: expected the "
			    "columns name, from, to", path, cf.line);
			break;
		}
		if (day_arg(&cf, 1, &p.from, e) < 0 ||
		    day_arg(&cf, 2, &p.to, e) < 0) {
			rc = -1;
			break;
		}
		if (p.to < p.from) {
			rc = xf_err_set(e, XF_ECONFIG, "%s:%ld: the period "
			    "ends (%s) before it begins (%s)", path, cf.line,
			    cf.f[2], cf.f[1]);
			break;
		}
		if ((v = realloc(r->periods, (r->nperiods + 1) *
		    sizeof(*v))) == NULL ||
		    (p.name = strdup(cf.f[0])) == NULL) {
			if (v)
				r->periods = v;
			rc = xf_err_set(e, XF_ENOMEM, "out of memory");
			break;
		}
		r->periods = v;
		v[r->nperiods++] = p;
	}
	if (rc == 0 && cf.col[0] < 0)
		rc = xf_err_set(e, XF_ECONFIG, "%s: empty file; expected the "
		    "header name,from,to", path);
	xf_csv_free(cf.in);
	return rc < 0 ? -1 : 0;
}

/* ---- escalation.csv --------------------------------------------------- */

/* Check one row of escalation.csv into *x; which rule it is in *rule. */
static int
check_row(struct cfile *cf, int *rule, struct xf_esc_rule *x,
    int *has_value, int *has_level, struct xf_err *e)
{
	const char *w = cf->f[0], *v = cf->f[2], *lv = cf->f[3];
	const char *on = cf->f[4];
	int k;

	for (k = 0; k < XF_ESC_NRULE; k++)
		if (strcmp(w, rule_names[k]) == 0)
			break;
	if (k == XF_ESC_NRULE)
		return xf_err_set(e, XF_ECONFIG, "%s:%ld: rule: unknown rule "
		    "\"%s\"; use warn, overdue, repeat, group, leapfrog or "
		    "supervised", cf->path, cf->line, w);
	*rule = k;
	x->on = 1;
	if (*on && (x->on = xf_bool_parse(on)) < 0)
		return xf_err_set(e, XF_ECONFIG, "%s:%ld: on: \"%s\" is not "
		    "yes or no", cf->path, cf->line, on);
	*has_value = *v != '\0';
	*has_level = *lv != '\0';
	if (*v) {
		static const long min[XF_ESC_NRULE] = { 0, 1, 2, 0, 0, 1 };

		if (k == XF_ESC_GROUP || k == XF_ESC_LEAPFROG)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: value: the "
			    "%s rule takes no value, only a level", cf->path,
			    cf->line, w);
		if ((x->value = (int)number(v, min[k], 3650)) < 0)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: value: "
			    "\"%s\" is not a whole number from %ld to 3650",
			    cf->path, cf->line, v, min[k]);
	}
	if (*lv) {
		const char *n = xf_level_norm(lv);

		if (k != XF_ESC_OVERDUE && k != XF_ESC_GROUP &&
		    k != XF_ESC_LEAPFROG)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: level: the "
			    "%s rule takes no level", cf->path, cf->line, w);
		if (n == NULL)
			return xf_err_set(e, XF_ECONFIG, "%s:%ld: level: "
			    "unknown level \"%s\"; use ministry, province, "
			    "city, district, station or brigade", cf->path,
			    cf->line, lv);
		snprintf(x->level, sizeof(x->level), "%s", n);
	}
	return 0;
}

static int
load_rules(struct xf_escrules *r, const char *path, struct xf_err *e)
{
	static const char *const names[] = { "rule", "period", "value",
	    "level", "on" };
	struct cfile cf;
	int rc;

	if (cfile_open(&cf, path, names, 5, e) < 0)
		return -1;
	while ((rc = next(&cf, e)) > 0) {
		struct xf_esc_rule x = { 0 };
		const char *p = cf.f[1];
		int k = 0, hv = 0, hl = 0;

		if ((rc = check_row(&cf, &k, &x, &hv, &hl, e)) < 0)
			break;
		if (*p == '\0' || strcmp(p, "*") == 0) {
			struct xf_esc_rule *to = *p ? &r->any[k] :
			    &r->normal[k];

			to->on = x.on;
			if (hv)
				to->value = x.value;
			if (hl)
				memcpy(to->level, x.level, sizeof(x.level));
			continue;
		}
		for (size_t i = 0; i < r->nperiods; i++)
			if (strcmp(r->periods[i].name, p) == 0)
				goto known;
		rc = xf_err_set(e, XF_ECONFIG, "%s:%ld: period: \"%s\" is not "
		    "in periods.csv", path, cf.line, p);
		break;
known:
		{
			struct named *v = realloc(r->named, (r->nnamed + 1) *
			    sizeof(*v));

			if (v == NULL) {
				rc = xf_err_set(e, XF_ENOMEM, "out of memory");
				break;
			}
			r->named = v;
			v += r->nnamed;
			v->rule = k;
			v->r = x;
			v->has_value = hv;
			v->has_level = hl;
			if ((v->period = strdup(p)) == NULL) {
				rc = xf_err_set(e, XF_ENOMEM, "out of memory");
				break;
			}
			r->nnamed++;
		}
	}
	if (rc == 0 && cf.col[0] < 0)
		rc = xf_err_set(e, XF_ECONFIG, "%s: empty file; expected the "
		    "header rule,period,value,level,on", path);
	xf_csv_free(cf.in);
	return rc < 0 ? -1 : 0;
}

/* Load the rules of dir (NULL: the defaults); see xf-int.h. */
struct xf_escrules *
xf_escrules_load(const char *dir, struct xf_err *e)
{
	struct xf_escrules *r;
	char path[1100];
	FILE *fp;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(r->normal, def_normal, sizeof(def_normal));
	memcpy(r->any, def_any, sizeof(def_any));
	if (dir == NULL || *dir == '\0')
		return r;
	/* Periods first: rules name them. */
	snprintf(path, sizeof(path), "%s/periods.csv", dir);
	if ((fp = fopen(path, "r")) != NULL) {
		fclose(fp);
		if (load_periods(r, path, e) < 0)
			goto fail;
	}
	snprintf(path, sizeof(path), "%s/escalation.csv", dir);
	if ((fp = fopen(path, "r")) != NULL) {
		fclose(fp);
		if (load_rules(r, path, e) < 0)
			goto fail;
	}
	return r;
fail:
	xf_escrules_free(r);
	return NULL;
}

/* The rules in force on day; see xf-int.h. */
const char *
xf_escrules_on(const struct xf_escrules *r, long day,
    struct xf_esc_rule out[XF_ESC_NRULE], long *from)
{
	const struct period *p = NULL;

	memcpy(out, r->normal, sizeof(r->normal));
	for (size_t i = 0; i < r->nperiods && p == NULL; i++)
		if (day >= r->periods[i].from && day <= r->periods[i].to)
			p = &r->periods[i];
	if (p == NULL)
		return NULL;
	*from = p->from;
	memcpy(out, r->any, sizeof(r->any));
	for (size_t i = 0; i < r->nnamed; i++) {
		const struct named *n = &r->named[i];

		if (strcmp(n->period, p->name) != 0)
			continue;
		out[n->rule].on = n->r.on;
		if (n->has_value)
			out[n->rule].value = n->r.value;
		if (n->has_level)
			memcpy(out[n->rule].level, n->r.level,
			    sizeof(n->r.level));
	}
	return p->name;
}
