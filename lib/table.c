/*
 * table.c: a CSV input read by the columns a tool wants.
 *
 * The lifecycle tools read CSV whose header names the columns they want
 * (case_id, unit, event, at ...), in English or by a Chinese alias, in any
 * order, among others they pass through (a pipe from xf-intake brings its
 * whole output).  Each record's wanted values are trimmed (ASCII blanks and
 * U+3000); the raw fields stay for the output and the rejects file.
 */
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

struct xf_table {
	struct xf_csv *r;
	const struct xf_colspec *spec;
	size_t nspec;
	char **hdr;		/* header as read */
	size_t ncol;
	long *col;		/* column of each wanted one, or -1 */
	struct xf_buf vals;	/* trimmed values of the current record */
	size_t *off;		/* their offsets in vals */
	const char **raw;	/* xf_table_raw()'s fields and lengths */
	size_t *rawlen, rawcap;
};

/* Does header name h (normalised) name wanted column s? */
static int
names(const struct xf_colspec *s, const char *h, const char *raw)
{
	if (strcmp(h, s->name) == 0)
		return 1;
	for (size_t i = 0; s->aliases && s->aliases[i]; i++)
		if (strcmp(raw, s->aliases[i]) == 0 ||
		    strcmp(h, s->aliases[i]) == 0)
			return 1;
	return 0;
}

void
xf_table_free(struct xf_table *t)
{
	if (t == NULL)
		return;
	xf_csv_free(t->r);
	for (size_t i = 0; i < t->ncol; i++)
		free(t->hdr[i]);
	free(t->hdr);
	free(t->col);
	free(t->off);
	free(t->raw);
	free(t->rawlen);
	xf_buf_free(&t->vals);
	free(t);
}

/* Open path and map its header; see xf.h. */
struct xf_table *
xf_table_open(const char *path, const char *encoding,
    const struct xf_colspec *spec, size_t nspec, struct xf_err *e)
{
	struct xf_table *t;
	const char *name;
	int rc;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->col = calloc(nspec + 1, sizeof(*t->col))) == NULL ||
	    (t->off = calloc(nspec + 1, sizeof(*t->off))) == NULL) {
		xf_table_free(t);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	t->spec = spec;
	t->nspec = nspec;
	if ((t->r = xf_csv_open(path, encoding, e)) == NULL)
		goto fail;
	name = xf_csv_name(t->r);
	if ((rc = xf_csv_read(t->r, e)) <= 0) {
		if (rc == 0)
			xf_err_set(e, XF_EINPUT, "%s: empty file: a header row "
			    "is needed", name);
		goto fail;
	}
	t->ncol = xf_csv_nfields(t->r);
	if ((t->hdr = calloc(t->ncol, sizeof(*t->hdr))) == NULL) {
		t->ncol = 0;
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t k = 0; k < nspec; k++)
		t->col[k] = -1;
	for (size_t i = 0; i < t->ncol; i++) {
		size_t len, bad;
		const char *s = xf_csv_field(t->r, i, &len);
		char norm[256];

		if ((bad = xf_utf8_check(s, len)) != len && s[bad] == '\0') {
			xf_err_set(e, XF_EINPUT, "%s:%ld: header column %zu has "
			    "a NUL byte at byte %zu", name, xf_csv_line(t->r),
			    i + 1, bad + 1);
			goto fail;
		}
		if (bad != len) {
			xf_err_set(e, XF_EINPUT, "%s:%ld: header column %zu is "
			    "not valid UTF-8 (try --encoding GB18030)", name,
			    xf_csv_line(t->r), i + 1);
			goto fail;
		}
		if ((t->hdr[i] = strdup(s)) == NULL) {
			xf_err_set(e, XF_ENOMEM, "out of memory");
			goto fail;
		}
		xf_header_norm(s, norm, sizeof(norm));
		for (size_t k = 0; k < nspec; k++) {
			if (!names(&spec[k], norm, s))
				continue;
			if (t->col[k] >= 0) {
				xf_err_set(e, XF_EINPUT, "%s:%ld: columns "
				    "\"%s\" and \"%s\" both mean %s", name,
				    xf_csv_line(t->r), t->hdr[t->col[k]], s,
				    spec[k].name);
				goto fail;
			}
			t->col[k] = (long)i;
		}
	}
	for (size_t k = 0; k < nspec; k++)
		if (spec[k].required && t->col[k] < 0) {
			xf_err_set(e, XF_EINPUT, "%s:%ld: no %s column (or an "
			    "alias of it)", name, xf_csv_line(t->r),
			    spec[k].name);
			goto fail;
		}
	return t;
fail:
	xf_table_free(t);
	return NULL;
}

/* Read the next record; see xf.h. */
int
xf_table_read(struct xf_table *t, struct xf_err *e)
{
	int rc;

	for (;;) {
		int blank = 1;

		if ((rc = xf_csv_read(t->r, e)) <= 0)
			return rc;
		for (size_t i = 0; i < xf_csv_nfields(t->r) && blank; i++) {
			size_t len;

			xf_csv_field(t->r, i, &len);
			blank = len == 0;
		}
		if (!blank)
			break;
	}
	xf_buf_reset(&t->vals);
	for (size_t k = 0; k < t->nspec; k++) {
		const char *b = "", *end;
		size_t len = 0;

		if (t->col[k] >= 0)
			b = xf_csv_field(t->r, (size_t)t->col[k], &len);
		end = b + len;
		xf_trim(&b, &end);
		t->off[k] = t->vals.len;
		if (xf_buf_add(&t->vals, b, (size_t)(end - b)) < 0 ||
		    xf_buf_add(&t->vals, "", 1) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	return 1;
}

const char *
xf_table_get(const struct xf_table *t, size_t k)
{
	return k < t->nspec && t->vals.s ? t->vals.s + t->off[k] : "";
}

int
xf_table_has(const struct xf_table *t, size_t k)
{
	return k < t->nspec && t->col[k] >= 0;
}

/* The wanted column's name as the file has it (for messages). */
const char *
xf_table_colname(const struct xf_table *t, size_t k)
{
	if (k >= t->nspec)
		return "";
	return t->col[k] >= 0 ? t->hdr[t->col[k]] : t->spec[k].name;
}

size_t
xf_table_ncols(const struct xf_table *t)
{
	return t->ncol;
}

const char *const *
xf_table_header(const struct xf_table *t)
{
	return (const char *const *)t->hdr;
}

size_t
xf_table_nfields(const struct xf_table *t)
{
	return xf_csv_nfields(t->r);
}

const char *
xf_table_field(const struct xf_table *t, size_t i, size_t *len)
{
	return xf_csv_field(t->r, i, len);
}

/* The current record's fields as read, for a rejects file; see xf-int.h. */
int
xf_table_raw(struct xf_table *t, const char *const **f, const size_t **len,
    size_t *n)
{
	size_t k = xf_table_nfields(t);

	if (k > t->rawcap) {
		const char **v = realloc(t->raw, k * sizeof(*v));
		size_t *l;

		if (v == NULL)
			return -1;
		t->raw = v;
		if ((l = realloc(t->rawlen, k * sizeof(*l))) == NULL)
			return -1;
		t->rawlen = l;
		t->rawcap = k;
	}
	for (size_t i = 0; i < k; i++)
		t->raw[i] = xf_table_field(t, i, &t->rawlen[i]);
	*f = t->raw;
	*len = t->rawlen;
	*n = k;
	return 0;
}

long
xf_table_line(const struct xf_table *t)
{
	return xf_csv_line(t->r);
}

const char *
xf_table_name(const struct xf_table *t)
{
	return xf_csv_name(t->r);
}
