/*
 * rules.c: classification and triage rules, PCRE2 patterns in a CSV file.
 *
 * First match wins.  The patterns are compiled and matched by pattern.c,
 * under its bounds: see LIMITS in xf-rules(5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

struct rule {
	char *name;		/* "file:line" */
	char *field;
	char *category, *disposition, *target, *reason, *level;
	struct xf_pat *pat;
};

struct xf_rules {
	struct rule *v;
	size_t n, cap;
	struct xf_matcher *m;
};

static char *
dup(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Canonical disposition for s, accept when empty, or NULL. */
static const char *
disposition_norm(const char *s)
{
	if (s == NULL || *s == '\0')
		return "accept";
	return xf_vocab_norm(XF_VOCAB_DISPOSITION, s);
}

static void
rule_free(struct rule *r)
{
	free(r->name);
	free(r->field);
	free(r->category);
	free(r->disposition);
	free(r->target);
	free(r->reason);
	free(r->level);
	xf_pat_free(r->pat);
}

/*
 * Load the rules file at path; see xf.h and xf-rules(5).  The caller owns
 * the result.
 */
struct xf_rules *
xf_rules_load(const char *path, struct xf_err *e)
{
	enum { C_NAME, C_FIELD, C_PATTERN, C_CATEGORY, C_DISPOSITION,
	    C_TARGET, C_REASON, C_LEVEL, NCOL };
	static const char *const names[NCOL] = { "name", "field", "pattern",
	    "category", "disposition", "target", "reason", "level" };
	long col[NCOL];
	struct xf_rules *rs;
	struct xf_csv *in;
	int rc;

	if ((in = xf_csv_open(path, NULL, e)) == NULL) {
		if (e)
			e->code = XF_ECONFIG;
		return NULL;
	}
	if ((rs = calloc(1, sizeof(*rs))) == NULL) {
		xf_csv_free(in);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	if ((rs->m = xf_matcher_new()) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = xf_csv_read(in, e)) <= 0) {
		if (rc == 0)
			xf_err_set(e, XF_ECONFIG, "%s: empty rules file",
			    path);
		goto fail;
	}
	for (int i = 0; i < NCOL; i++)
		col[i] = -1;
	for (size_t i = 0; i < xf_csv_nfields(in); i++)
		for (int k = 0; k < NCOL; k++)
			if (strcmp(xf_csv_field(in, i, NULL), names[k]) == 0)
				col[k] = (long)i;
	if (col[C_PATTERN] < 0) {
		xf_err_set(e, XF_ECONFIG, "%s:1: no \"pattern\" column", path);
		goto fail;
	}
	while ((rc = xf_csv_read(in, e)) > 0) {
		const char *f[NCOL];
		struct rule r = { 0 };
		char nm[300], why[256];
		size_t pcol;
		long line = xf_csv_line(in);

		for (int k = 0; k < NCOL; k++)
			f[k] = col[k] >= 0 ? xf_csv_field(in,
			    (size_t)col[k], NULL) : "";
		if (xf_csv_field(in, 0, NULL)[0] == '#')
			continue;	/* a commented-out rule */
		if (f[C_PATTERN][0] == '\0') {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: pattern: empty",
			    path, line);
			goto fail;
		}
		if (disposition_norm(f[C_DISPOSITION]) == NULL) {
			char list[200];

			xf_err_set(e, XF_ECONFIG, "%s:%ld: disposition: "
			    "unknown disposition \"%s\" (accepted: %s)", path,
			    line, f[C_DISPOSITION], xf_vocab_list(
			    XF_VOCAB_DISPOSITION, list, sizeof(list)));
			goto fail;
		}
		if (f[C_LEVEL][0] && xf_level_norm(f[C_LEVEL]) == NULL) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: level: unknown "
			    "level \"%s\"", path, line, f[C_LEVEL]);
			goto fail;
		}
		if ((r.pat = xf_pat_new(f[C_PATTERN], why, sizeof(why),
		    &pcol)) == NULL) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld:%zu: %s", path, line,
			    pcol, why);
			goto fail;
		}
		snprintf(nm, sizeof(nm), "%s:%ld", path, line);
		r.name = strdup(f[C_NAME][0] ? f[C_NAME] : nm);
		r.field = strdup(f[C_FIELD][0] ? f[C_FIELD] : "content");
		r.category = dup(f[C_CATEGORY]);
		r.disposition = strdup(disposition_norm(f[C_DISPOSITION]));
		r.target = dup(f[C_TARGET]);
		r.reason = dup(f[C_REASON]);
		r.level = f[C_LEVEL][0] ? strdup(xf_level_norm(f[C_LEVEL])) :
		    NULL;
		if (rs->n == rs->cap) {
			size_t c = rs->cap ? rs->cap * 2 : 16;
			struct rule *v = realloc(rs->v, c * sizeof(*v));

			if (v == NULL) {
				rule_free(&r);
				xf_err_set(e, XF_ENOMEM, "out of memory");
				goto fail;
			}
			rs->v = v;
			rs->cap = c;
		}
		rs->v[rs->n++] = r;
	}
	if (rc < 0) {
		if (e)
			e->code = XF_ECONFIG;
		goto fail;
	}
	xf_csv_free(in);
	return rs;
fail:
	xf_csv_free(in);
	xf_rules_free(rs);
	return NULL;
}

void
xf_rules_free(struct xf_rules *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	xf_matcher_free(rs->m);
	free(rs);
}

size_t
xf_rules_count(const struct xf_rules *rs)
{
	return rs ? rs->n : 0;
}

/* Match in order; see xf-int.h. */
int
xf_rules_match(const struct xf_rules *rs,
    const char *(*get)(void *, const char *), void *arg,
    struct xf_rule_hit *hit, struct xf_err *e)
{
	struct xf_subject t = { 0 };
	char why[256];

	for (size_t i = 0; rs && i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		const char *s = get(arg, r->field);
		int rc;

		if (s == NULL)
			continue;
		if (s != t.s)
			xf_subject_set(&t, s);
		if ((rc = xf_pat_match(rs->m, r->pat, &t, why,
		    sizeof(why))) == 0)
			continue;
		if (rc < 0)
			return xf_err_col(e, XF_EROW, r->field,
			    "rule %s gave up on this text (%s); simplify the "
			    "pattern", r->name, why);
		hit->name = r->name;
		hit->category = r->category;
		hit->disposition = r->disposition;
		hit->target = r->target;
		hit->reason = r->reason;
		hit->level = r->level;
		return 1;
	}
	return 0;
}
