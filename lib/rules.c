/*
 * rules.c: classification and triage rules, PCRE2 patterns in a CSV file.
 *
 * Every pattern is compiled once, in UTF mode with invalid UTF tolerated,
 * and matched under an explicit match limit and depth limit, so a hostile
 * rule or text cannot hang a cron job.  First match wins.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define MATCH_LIMIT	100000
#define DEPTH_LIMIT	5000

struct rule {
	char *name;		/* "file:line" */
	char *field;
	char *category, *disposition, *target, *reason, *level;
	pcre2_code *re;
};

struct xf_rules {
	struct rule *v;
	size_t n, cap;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
};

static char *
dup(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Canonical disposition for s (English or Chinese), or NULL. */
static const char *
disposition_norm(const char *s)
{
	static const char *const map[][2] = {
		{ "accept", "accept" }, { "受理", "accept" },
		{ "forward", "forward" }, { "转送", "forward" },
		{ "转办", "forward" },
		{ "refer", "refer" }, { "告知", "refer" },
		{ "not-accept", "not-accept" }, { "不予受理", "not-accept" },
		{ "reject", "not-accept" },
	};

	if (s == NULL || *s == '\0')
		return "accept";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return NULL;
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
	pcre2_code_free(r->re);
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
	rs->mctx = pcre2_match_context_create(NULL);
	rs->md = pcre2_match_data_create(4, NULL);
	if (rs->mctx == NULL || rs->md == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
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
		int errcode;
		PCRE2_SIZE erroff;
		char nm[300];
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
			xf_err_set(e, XF_ECONFIG, "%s:%ld: disposition: "
			    "\"%s\" is not accept, forward, refer or "
			    "not-accept", path, line, f[C_DISPOSITION]);
			goto fail;
		}
		if (f[C_LEVEL][0] && xf_level_norm(f[C_LEVEL]) == NULL) {
			xf_err_set(e, XF_ECONFIG, "%s:%ld: level: unknown "
			    "level \"%s\"", path, line, f[C_LEVEL]);
			goto fail;
		}
		r.re = pcre2_compile((PCRE2_SPTR)f[C_PATTERN],
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
		    PCRE2_CASELESS, &errcode, &erroff, NULL);
		if (r.re == NULL) {
			PCRE2_UCHAR msg[256];

			size_t ccol = 1;

			/* The column counts characters, not bytes. */
			for (size_t k = 0; k < erroff && f[C_PATTERN][k]; k++)
				if (((unsigned char)f[C_PATTERN][k] & 0xC0) !=
				    0x80)
					ccol++;
			pcre2_get_error_message(errcode, msg, sizeof(msg));
			xf_err_set(e, XF_ECONFIG, "%s:%ld:%zu: %s", path, line,
			    ccol, (char *)msg);
			goto fail;
		}
		/* JIT where the platform has it; the interpreter otherwise. */
		(void)pcre2_jit_compile(r.re, PCRE2_JIT_COMPLETE);
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
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
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
	for (size_t i = 0; rs && i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		const char *s = get(arg, r->field);
		int rc;

		if (s == NULL)
			continue;
		rc = pcre2_match(r->re, (PCRE2_SPTR)s, strlen(s), 0, 0, rs->md,
		    rs->mctx);
		if (rc == PCRE2_ERROR_JIT_STACKLIMIT)	/* retry, interpreted */
			rc = pcre2_match(r->re, (PCRE2_SPTR)s, strlen(s), 0,
			    PCRE2_NO_JIT, rs->md, rs->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(rc, msg, sizeof(msg));
			return xf_err_col(e, XF_EROW, r->field,
			    "rule %s gave up on this text (%s); simplify the "
			    "pattern", r->name, (char *)msg);
		}
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
