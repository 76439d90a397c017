/*
 * out.c: the CSV writer every tool uses for stdout.
 *
 * RFC 4180: a cell is quoted only when it holds a comma, a quote, CR or LF
 * (or leading/trailing blanks, which spreadsheets would otherwise eat), and
 * quotes inside are doubled.  libcsv's csv_fwrite quotes every cell, so the
 * decision is made here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/*
 * A row is built in memory and written with one fwrite, so rows from a
 * writer thread go out whole and stdio's lock is taken once a row.
 */
struct xf_out {
	FILE *fp;
	int flags;
	int ncell;		/* cells on the current row */
	int failed;
	int errnum;		/* errno of the first failed write */
	struct xf_buf row;
};

/*
 * Start writing CSV to fp (not closed by xf_out_free).  With XF_OUT_BOM a
 * byte-order mark is written at once.  The caller owns the result.
 */
struct xf_out *
xf_out_new(FILE *fp, int flags)
{
	struct xf_out *o;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->fp = fp;
	o->flags = flags;
	if (flags & XF_OUT_BOM)
		fputs("\xEF\xBB\xBF", fp);
	return o;
}

static void
addc(struct xf_out *o, char c)
{
	/* Most rows fit the buffer: no call for a comma or a quote. */
	if (o->row.len + 2 <= o->row.cap) {
		o->row.s[o->row.len++] = c;
		o->row.s[o->row.len] = '\0';
	} else if (xf_buf_add(&o->row, &c, 1) < 0)
		o->failed = 1;
}

/* The bytes that make a cell need quotes wherever they are. */
static const unsigned char special[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1
};

static int
needs_quote(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return 1;
	for (size_t i = 0; i < len; i++)
		if (special[p[i]])
			return 1;
	return 0;
}

/*
 * Length in bytes of the blank at s (n bytes) that a spreadsheet may pass
 * over before a formula, or 0: space, tab, CR, LF, and in UTF-8 U+00A0
 * (no-break space), U+1680, U+2000 to U+200B (en quad to zero width
 * space), U+202F, U+205F, U+2060, U+3000 (ideographic space) and U+FEFF.
 */
static size_t
blank_len(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n < 3)
		return 0;
	if ((s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||
	    (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF)) ||
	    (s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0x9F || s[2] == 0xA0)) ||
	    (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
	    (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
		return 3;
	return 0;
}

/* Whether s (len bytes) is digits, with at most one '.' between digits. */
static int
plain_number(const unsigned char *s, size_t len)
{
	size_t i = 0, dot = 0;

	for (; i < len; i++) {
		if (s[i] == '.' && dot == 0 && i > 0 && i + 1 < len)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return len > 0;
}

/*
 * Whether a spreadsheet could read the cell s (len bytes) as a formula: it
 * begins with a tab or a CR, or its first character after blanks
 * (blank_len()) is = + - @ or their full-width forms U+FF1D, U+FF0B,
 * U+FF0D, U+FF20; except a cell that is a plain negative number, such
 * as "-16.6" (a report's comparison): a spreadsheet reads it as the
 * number, there is nothing in it to run, and guarded it would become text
 * that no chart or sum can use.
 */
static int
formula_like(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	if (p[0] == '\t' || p[0] == '\r')
		return 1;
	while (len > 0 && (k = blank_len(p, len)) > 0) {
		p += k;
		len -= k;
	}
	if (len == 0)
		return 0;
	if (p[0] == '-' && p == (const unsigned char *)s && plain_number(p + 1,
	    len - 1))
		return 0;
	if (p[0] == '=' || p[0] == '+' || p[0] == '-' || p[0] == '@')
		return 1;
	return len >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
	    (p[2] == 0x9D || p[2] == 0x8B || p[2] == 0x8D || p[2] == 0xA0);
}

/* Append a cell of len bytes to the current row. */
void
xf_out_celln(struct xf_out *o, const char *s, size_t len)
{
	int guard = 0;

	if (o->ncell++ > 0)
		addc(o, ',');
	if (s == NULL || len == 0)
		return;
	if ((o->flags & XF_OUT_EXCEL_SAFE) && formula_like(s, len))
		guard = 1;
	if (!needs_quote(s, len)) {
		if (guard)
			addc(o, '\'');
		/* Most cells fit the buffer: copy without a call to grow it. */
		if (o->row.len + len + 1 <= o->row.cap) {
			memcpy(o->row.s + o->row.len, s, len);
			o->row.len += len;
			o->row.s[o->row.len] = '\0';
		} else if (xf_buf_add(&o->row, s, len) < 0)
			o->failed = 1;
		return;
	}
	addc(o, '"');
	if (guard)
		addc(o, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			addc(o, '"');
		addc(o, s[i]);
	}
	addc(o, '"');
}

/* Append a NUL-terminated cell (NULL: empty). */
void
xf_out_cell(struct xf_out *o, const char *s)
{
	xf_out_celln(o, s, s ? strlen(s) : 0);
}

/* Append an integer cell. */
void
xf_out_int(struct xf_out *o, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	xf_out_cell(o, b);
}

/* End the current row. */
void
xf_out_end(struct xf_out *o)
{
	if (o->flags & XF_OUT_CRLF)
		addc(o, '\r');
	addc(o, '\n');
	if (fwrite(o->row.s, 1, o->row.len, o->fp) != o->row.len &&
	    !o->failed) {
		o->failed = 1;
		o->errnum = errno ? errno : EIO;
	}
	xf_buf_reset(&o->row);
	o->ncell = 0;
}

/* Write n cells as one row. */
void
xf_out_row(struct xf_out *o, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xf_out_cell(o, cells[i]);
	xf_out_end(o);
}

/*
 * Flush and free o.  Returns 0, or -1 when any write failed (a full disk or
 * a closed pipe), so the tool can exit non-zero.
 */
int
xf_out_free(struct xf_out *o)
{
	int rc;

	if (o == NULL)
		return 0;
	rc = (fflush(o->fp) != 0 || ferror(o->fp) || o->failed) ? -1 : 0;
	xf_buf_free(&o->row);
	free(o);
	return rc;
}

/* The errno of the first write that failed, or 0; see xf.h. */
int
xf_out_error(const struct xf_out *o)
{
	if (o->failed)
		return o->errnum ? o->errnum : EIO;
	return ferror(o->fp) ? EIO : 0;
}
