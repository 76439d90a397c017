/*
 * intake-read.c: the reader thread's side of an intake run: the header
 * mapped to fields (and unknown columns given unique keys), each record
 * checked in full (check.c) and handed to the writer (intake.c), or
 * rejected with its raw fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-int.h"

#define PROGRESS_EVERY	10000

/* Keys in order of text, then column: the first of equal ones comes first. */
static int
key_cmp(const void *a, const void *b)
{
	const char *const *x = *(const char *const *const *)a;
	const char *const *y = *(const char *const *const *)b;
	int c = strcmp(*x, *y);

	return c ? c : (x > y) - (x < y);
}

/*
 * The JSON key of each unknown column: its header trimmed, "column N" for
 * an empty one, and "NAME (N)" for a name used before, so that no object
 * has a key twice.  Sorting finds equal keys in n log n (a header may have
 * 100,000 columns); a renamed key is checked again, as it might equal a
 * name a header had literally.
 */
static int
extra_keys(struct xf_intake *in, struct xf_err *e)
{
	char **order;
	size_t n = 0, renamed;

	if ((in->xkey = calloc(in->ncol + 1, sizeof(char *))) == NULL ||
	    (order = calloc(in->ncol + 1, sizeof(char *))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (size_t i = 0; i < in->ncol; i++) {
		const char *b = in->hdr[i], *end = b + strlen(b);
		size_t size = strlen(b) + 32;
		char *key;

		if (in->colfield[i] != -1)
			continue;
		if ((key = malloc(size)) == NULL) {
			free(order);
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		}
		xf_trim(&b, &end);
		if (b == end)
			snprintf(key, size, "column %zu", i + 1);
		else
			snprintf(key, size, "%.*s", (int)(end - b), b);
		in->xkey[i] = key;
		order[n++] = (char *)&in->xkey[i];
	}
	do {
		renamed = 0;
		qsort(order, n, sizeof(*order), key_cmp);
		for (size_t k = 1, head = 0; k < n; k++) {
			char **first = (char **)order[head];
			char **cur = (char **)order[k];
			size_t col = (size_t)(cur - in->xkey) + 1;
			size_t l = strlen(*cur);
			char *key;

			if (strcmp(*first, *cur) != 0) {
				head = k;
				continue;
			}
			/* Not the first of its name: "name (N)". */
			if ((key = realloc(*cur, l + 32)) == NULL) {
				free(order);
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			}
			snprintf(key + l, 32, " (%zu)", col);
			*cur = key;
			renamed++;
		}
	} while (renamed);
	free(order);
	return 0;
}

int
xf_intake_header(struct xf_intake *in, struct xf_csv *r, struct xf_err *e)
{
	size_t n = xf_csv_nfields(r);

	for (size_t i = 0; i < in->ncol; i++) {
		free(in->hdr[i]);
		if (in->xkey)
			free(in->xkey[i]);
	}
	free(in->hdr);
	free(in->xkey);
	in->xkey = NULL;
	free(in->colfield);
	in->ncol = 0;
	in->hdr = calloc(n, sizeof(char *));
	in->colfield = calloc(n, sizeof(int));
	if (in->hdr == NULL || in->colfield == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	in->ncol = n;
	for (int k = 0; k < NFIELD; k++)
		in->fieldcol[k] = -1;
	in->idcol = -1;
	for (size_t m = 0; m < in->o.nmaps; m++)
		in->maps_col[m] = -1;
	in->nalso = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = xf_csv_field(r, i, &len);
		size_t bad = xf_utf8_check(s, len);
		char norm[256];
		int f, mapped;

		if (i == 0 && len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
		    memcmp(s, "\xFE\xFF", 2) == 0))
			return xf_err_set(e, XF_EINPUT, "%s:%ld: the file starts "
			    "with a UTF-16 byte-order mark; read it with "
			    "--encoding UTF-16", in->file, xf_csv_line(r));
		if (bad != len && s[bad] == '\0')
			return xf_err_set(e, XF_EINPUT, "%s:%ld: header column "
			    "%zu has a NUL byte at byte %zu", in->file,
			    xf_csv_line(r), i + 1, bad + 1);
		if (bad != len)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: header column "
			    "%zu is not valid UTF-8 (try --encoding GB18030)",
			    in->file, xf_csv_line(r), i + 1);
		if ((in->hdr[i] = strdup(s)) == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		xf_header_norm(s, norm, sizeof(norm));
		f = xf_field_of(norm);
		mapped = 0;
		/* One column may feed several fields through --map. */
		for (size_t m = 0; m < in->o.nmaps; m++) {
			int g = in->maps_field[m];

			if (strcmp(norm, in->maps_old[m]) != 0 &&
			    strcmp(s, in->maps_old[m]) != 0)
				continue;
			in->maps_col[m] = (int)i;
			if (!mapped++)
				f = g;
			else if (in->fieldcol[g] < 0) {
				in->also[in->nalso][0] = g;
				in->also[in->nalso++][1] = f;
				in->fieldcol[g] = (int)i;
			}
		}
		in->colfield[i] = f;
		/* Kept as an unknown column too; --history links by it. */
		if (f < 0 && strcmp(norm, "case_id") == 0 && in->idcol < 0)
			in->idcol = (long)i;
		if (f < 0)
			continue;
		if (in->fieldcol[f] >= 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: columns \"%s\" "
			    "and \"%s\" both mean %s", in->file, xf_csv_line(r),
			    in->hdr[in->fieldcol[f]], s, xf_field_name(f));
		in->fieldcol[f] = (int)i;
	}
	for (size_t m = 0; m < in->o.nmaps; m++)
		if (in->maps_col[m] < 0) {
			char have[200] = "";

			for (size_t i = 0; i < n; i++) {
				size_t l = strlen(have);

				snprintf(have + l, sizeof(have) - l, "%s%s",
				    i ? ", " : "", in->hdr[i]);
			}
			return xf_err_set(e, XF_EINPUT, "%s:%ld: --map %s=%s: "
			    "the header has no column \"%s\"; it has: %s%s",
			    in->file, xf_csv_line(r), in->maps_new[m],
			    in->maps_old[m], in->maps_old[m], have,
			    strlen(have) >= sizeof(have) - 1 ? "..." : "");
		}
	if (extra_keys(in, e) < 0)
		return -1;
	{
		static const int req[] = { F_RECEIVED_AT, F_CHANNEL,
		    F_CONTENT };

		char miss[200] = "";
		size_t l;

		/* A --set gives a column every row. */
		for (size_t k = 0; k < sizeof(req) / sizeof(req[0]); k++)
			if (in->fieldcol[req[k]] < 0 &&
			    in->setval[req[k]] == NULL) {
				l = strlen(miss);
				snprintf(miss + l, sizeof(miss) - l, "%s%s",
				    l ? ", " : "", xf_field_name(req[k]));
			}
		if (in->fieldcol[F_NAME] < 0 && in->fieldcol[F_ANONYMOUS] < 0 &&
		    in->setval[F_NAME] == NULL &&
		    in->setval[F_ANONYMOUS] == NULL) {
			l = strlen(miss);
			snprintf(miss + l, sizeof(miss) - l, "%spetitioner_name "
			    "(or anonymous, for anonymous petitions)",
			    l ? ", " : "");
		}
		if (miss[0])
			return xf_err_set(e, XF_EINPUT, "%s:%ld: no column for "
			    "%s: name them so, or by an alias of xf-csv(5), or "
			    "read another column as one with --map NAME=HEADER, "
			    "or give every row a value with --set NAME=VALUE",
			    in->file, xf_csv_line(r), miss);
		if (in->o.history && in->fieldcol[F_STATUS] < 0 &&
		    in->setval[F_STATUS] == NULL)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: --history "
			    "needs a status column (or --map status=HEADER, or "
			    "--set status=WORD)", in->file, xf_csv_line(r));
	}
	/* A rejects file read back: its line and reason columns are ours. */
	if (n >= 2 && in->colfield[n - 2] < 0 && in->colfield[n - 1] < 0 &&
	    strcmp(in->hdr[n - 2], "line") == 0 &&
	    strcmp(in->hdr[n - 1], "reason") == 0)
		in->colfield[n - 2] = in->colfield[n - 1] = F_IGNORED;
	/* The header a caller sees, and rejects keep: the data columns. */
	in->ndata = in->colfield[n - 1] == F_IGNORED ? n - 2 : n;
	if (in->cb.header) {
		char msg[256] = "";

		if (in->cb.header(in->cb.arg, in->file, in->ndata,
		    (const char *const *)in->hdr, msg, sizeof(msg)) != 0)
			return xf_err_set(e, XF_EINPUT, "%s:%ld: %s", in->file,
			    xf_csv_line(r), msg);
	}
	return 0;
}

/*
 * Room for n raw fields of a rejected row in in->rejraw and in->rejlen;
 * returns n, or as many as there is room for when memory runs out.
 */
static size_t
rej_room(struct xf_intake *in, size_t n)
{
	if (n > in->rejcap) {
		const char **v = realloc(in->rejraw, n * sizeof(*v));
		size_t *l = realloc(in->rejlen, n * sizeof(*l));

		if (v != NULL)
			in->rejraw = v;
		if (l != NULL)
			in->rejlen = l;
		if (v == NULL || l == NULL)
			return in->rejcap;
		in->rejcap = n;
	}
	return n;
}

/* Hand the caller a rejected row: its n raw fields are in in->rejraw. */
static void
rej_send(struct xf_intake *in, const char *file, long line,
    const struct xf_err *err, size_t n)
{
	struct xf_intake_row row = { 0 };

	in->n_rejected++;
	row.file = file;
	row.line = line;
	row.result = "rejected";
	row.err = *err;
	row.nraw = n;
	row.rawname = (const char *const *)in->hdr;
	row.raw = in->rejraw;
	row.rawlen = in->rejlen;
	row.nrawname = in->ndata;
	if (in->cb.reject)
		in->cb.reject(in->cb.arg, &row);
}

/*
 * The columns this tool does not know, as a JSON object, or NULL: their
 * values trimmed like every other (blank ones left out), under the keys
 * extra_keys() made.
 */
static const char *
extra_json(struct xf_intake *in, char **vals)
{
	int any = 0;

	xf_buf_reset(&in->extra);
	xf_buf_add(&in->extra, "{", 1);
	for (size_t i = 0; i < in->ncol; i++) {
		const char *b = vals[i], *end;

		if (in->colfield[i] != -1 || *b == '\0')
			continue;
		end = b + strlen(b);
		xf_trim(&b, &end);
		if (b == end)
			continue;
		xf_buf_reset(&in->xval);
		xf_buf_add(&in->xval, b, (size_t)(end - b));
		if (any++)
			xf_buf_add(&in->extra, ",", 1);
		xf_buf_json(&in->extra, in->xkey[i]);
		xf_buf_add(&in->extra, ":", 1);
		xf_buf_json(&in->extra, in->xval.s);
	}
	xf_buf_add(&in->extra, "}", 1);
	return any ? in->extra.s : NULL;
}

static void
reject(struct xf_intake *in, struct xf_csv *r, char **vals,
    const struct xf_err *err)
{
	size_t n = rej_room(in, xf_csv_nfields(r)), k = 0;

	/*
	 * The row's data fields: all of them, less the line and reason of a
	 * rejects file read back, which the new reason replaces.
	 */
	for (size_t i = 0; i < n; i++)
		if (i >= in->ncol || in->colfield[i] != F_IGNORED) {
			in->rejraw[k] = vals[i];
			xf_csv_field(r, i, &in->rejlen[k]);
			k++;
		}
	rej_send(in, in->file, xf_csv_line(r), err, k);
}

/*
 * Report the rows the writer refused, on the caller's thread once the
 * writer has ended (so the two never touch the list at once).
 */
void
xf_intake_late(struct xf_intake *in)
{
	for (size_t k = 0; k < in->nlate; k++) {
		struct xf_late *l = &in->late[k];
		const char *v = in->lateval.s + l->off;
		size_t n = rej_room(in, l->n);

		for (size_t i = 0; i < n; i++) {
			in->rejraw[i] = v;
			in->rejlen[i] = strlen(v);
			v += in->rejlen[i] + 1;
		}
		rej_send(in, l->file, l->line, &l->err, n);
	}
	in->nlate = 0;
	xf_buf_reset(&in->lateval);
}

/* Read and check every record of r, feeding the writer. */
int
xf_intake_rows(struct xf_intake *in, struct xf_csv *r, struct xf_pipe *p,
    struct xf_err *e)
{
	char **vals = NULL;
	size_t valcap = 0;
	int rc;

	while ((rc = xf_csv_read(r, e)) > 0) {
		struct xf_cand c;
		struct xf_err re = { 0 };
		struct row w;
		size_t n = xf_csv_nfields(r);
		int v;

		if (n > valcap) {
			char **nv = realloc(vals, n * sizeof(*nv));

			if (nv == NULL) {
				rc = xf_err_set(e, XF_ENOMEM, "out of memory");
				break;
			}
			vals = nv;
			valcap = n;
		}
		in->n_read++;
		if (in->cb.progress && in->n_read % PROGRESS_EVERY == 0)
			in->cb.progress(in->cb.arg, in->n_read);
		v = xf_intake_validate(in, r, &c, vals, &re);
		if (v > 0) {
			in->n_read--;
			continue;
		}
		if (v < 0) {
			reject(in, r, vals, &re);
			continue;
		}
		w.c = &c;
		w.line = xf_csv_line(r);
		w.extra = extra_json(in, vals);
		if (xf_pipe_put(p, &w, e) < 0) {
			rc = -1;
			break;
		}
	}
	free(vals);
	return rc;
}
