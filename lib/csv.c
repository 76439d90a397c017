/*
 * csv.c: a streaming CSV reader on libcsv.
 *
 * libcsv neither counts lines nor keeps field data past its callback, so
 * this wrapper feeds it one input line at a time (so that it knows which
 * line a callback fires on), copies every field, and works out where each
 * record began (the line being fed when the record's first byte was).
 * Input in another encoding goes through iconv(3) before libcsv sees it.
 *
 * Memory is bounded by the limits of xf.h, never by the input.  libcsv
 * keeps the field it is building in its own buffer (entry_buf), which it
 * grows without limit, and only shows it to us when the field ends: too
 * late for a field of 50 MB, or for /dev/zero.  Two ways to stop it were
 * open.  A realloc hook that refuses growth makes csv_parse fail midway
 * with CSV_ENOMEM and its state half-updated, and the hook has no pointer
 * back to us to tell a refusal from a real shortage.  So instead we feed
 * libcsv in bounded pieces (a line, or at most a few RAWBUF of a longer
 * one), and after each piece clamp the unfinished field (clamp()): bytes
 * past XF_FIELD_MAX + 1 are counted and dropped, keeping the last byte,
 * which may be a closing quote libcsv still has to take off.  The field
 * callback then sees a field longer than XF_FIELD_MAX, keeps its first
 * XF_FIELD_MAX bytes and marks the record, which the caller rejects as
 * before; reading goes on with the next record.  libcsv's buffer thus
 * stays under XF_FIELD_MAX plus one piece.  A record whose fields hold
 * more than XF_RECORD_MAX bytes in all, or that has more than
 * XF_RECORD_FIELDS fields, stops the file (an endless record has no next
 * record to go on with); the check runs on unfinished records too, so
 * /dev/zero or a quote never closed ends after XF_RECORD_MAX bytes.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

#define RAWBUF	(64 * 1024)
/* A record buffer grown past this is freed once its record is done. */
#define REC_KEEP	(4 * 1024 * 1024)

/* Why a record stops the file (struct xf_csv.toobig). */
enum { TOOBIG_NO, TOOBIG_BYTES, TOOBIG_FIELDS };

struct rec {
	long line;		/* first line of the record */
	size_t nf, fcap;
	size_t *off, *len;
	char *buf;
	size_t blen, bcap;
	size_t size;		/* bytes of its fields as read, before cuts */
	long toolong;
};

struct xf_csv {
	FILE *fp;
	int close_fp;
	char name[256];
	struct csv_parser p;
	iconv_t cd;		/* (iconv_t)-1 when input is UTF-8 */
	char raw[RAWBUF];	/* bytes read, not yet converted */
	size_t rawlen;
	char *text;		/* UTF-8 text not yet fed to libcsv */
	size_t tlen, tpos, tcap;
	long line;		/* line being fed */
	long conv_lines;	/* lines converted so far (for iconv errors) */
	int eof, finished, first, failed;
	int eol;		/* '\n', or '\r' for files with CR line ends */
	long start_line;	/* where the record being fed began */
	long bad_enc;		/* line of an undecodable byte, or 0 */
	char encoding[32];
	struct rec *q;		/* completed records waiting (usually one) */
	int qcap, qlen, qhead;	/* q[qhead..qlen) are waiting */
	struct rec cur;		/* record being assembled */
	struct rec out;		/* record handed to the caller */
	size_t dropped;		/* bytes clamp() took from libcsv's field */
	int toobig;		/* TOOBIG_*: a record past the limits */
	long toobig_line;	/* where that record starts */
	int toobig_quoted;	/* it stopped inside a quoted field */
	int enomem;
};

static int
rec_reserve(struct rec *r, size_t extra)
{
	if (r->blen + extra + 1 > r->bcap) {
		size_t n = r->bcap ? r->bcap : 256;
		char *b;

		while (n < r->blen + extra + 1)
			n *= 2;
		if ((b = realloc(r->buf, n)) == NULL)
			return -1;
		r->buf = b;
		r->bcap = n;
	}
	if (r->nf + 1 > r->fcap) {
		size_t n = r->fcap ? r->fcap * 2 : 16;
		size_t *o, *l;

		if ((o = realloc(r->off, n * sizeof(*o))) == NULL)
			return -1;
		r->off = o;
		if ((l = realloc(r->len, n * sizeof(*l))) == NULL)
			return -1;
		r->len = l;
		r->fcap = n;
	}
	return 0;
}

static void
rec_reset(struct rec *r)
{
	r->nf = 0;
	r->blen = 0;
	r->size = 0;
	r->toolong = -1;
	r->line = 0;
	/* Do not keep the memory of one huge record for the whole file. */
	if (r->bcap > REC_KEEP) {
		free(r->buf);
		r->buf = NULL;
		r->bcap = 0;
	}
	if (r->fcap > REC_KEEP / sizeof(size_t)) {
		free(r->off);
		free(r->len);
		r->off = r->len = NULL;
		r->fcap = 0;
	}
}

static void
rec_free(struct rec *r)
{
	free(r->buf);
	free(r->off);
	free(r->len);
}

/* Note that the record starting at line passed a limit; see xf_csv_read. */
static void
too_big(struct xf_csv *r, int why, long line)
{
	if (r->toobig == TOOBIG_NO) {
		r->toobig = why;
		r->toobig_line = line;
	}
}

/*
 * libcsv field callback: copy the field into the record being built.  len
 * lacks the bytes clamp() dropped from it, if any.
 */
static void
on_field(void *s, size_t len, void *data)
{
	struct xf_csv *r = data;
	struct rec *c = &r->cur;
	size_t keep = len, full = len + r->dropped;

	r->dropped = 0;
	if (r->toobig)
		return;		/* the file stops at that record */
	if (c->nf == 0)
		c->line = r->start_line;
	if (c->nf >= (size_t)XF_RECORD_FIELDS) {
		too_big(r, TOOBIG_FIELDS, c->line);
		return;
	}
	c->size += full;
	if (c->size > (size_t)XF_RECORD_MAX) {
		too_big(r, TOOBIG_BYTES, c->line);
		return;
	}
	if (keep > XF_FIELD_MAX) {
		keep = XF_FIELD_MAX;
		if (c->toolong < 0)
			c->toolong = (long)c->nf;
	}
	if (rec_reserve(c, keep) < 0) {
		r->enomem = 1;
		return;
	}
	c->off[c->nf] = c->blen;
	c->len[c->nf] = keep;
	if (keep)
		memcpy(c->buf + c->blen, s, keep);
	c->blen += keep;
	c->buf[c->blen++] = '\0';
	c->nf++;
}

/* libcsv record callback: queue the finished record. */
static void
on_record(int ch, void *data)
{
	struct xf_csv *r = data;
	struct rec tmp;

	(void)ch;
	/* The next record starts on this line, unless a new one comes. */
	r->start_line = r->line;
	if (r->toobig) {
		rec_reset(&r->cur);
		return;		/* none after the one that stops the file */
	}
	if (r->cur.nf == 0)
		return;
	if (r->qlen == r->qcap) {
		/* Several records on one line (lone CR ends): grow. */
		int n = r->qcap ? r->qcap * 2 : 4;
		struct rec *q = realloc(r->q, (size_t)n * sizeof(*q));

		if (q == NULL) {
			r->enomem = 1;
			return;
		}
		memset(q + r->qcap, 0, (size_t)(n - r->qcap) * sizeof(*q));
		for (int i = r->qcap; i < n; i++)
			rec_reset(&q[i]);
		r->q = q;
		r->qcap = n;
	}
	tmp = r->q[r->qlen];
	r->q[r->qlen] = r->cur;
	r->cur = tmp;
	rec_reset(&r->cur);
	r->qlen++;
}

/* Never treat blanks as padding: RFC 4180 keeps them in the field. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * Open a CSV source; see xf.h.  The caller owns the result.
 */
struct xf_csv *
xf_csv_open(const char *path, const char *encoding, struct xf_err *e)
{
	struct xf_csv *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	r->cd = (iconv_t)-1;
	rec_reset(&r->cur);
	rec_reset(&r->out);
	r->line = 1;
	r->first = 1;
	r->eol = '\n';
	if (path == NULL || strcmp(path, "-") == 0) {
		r->fp = stdin;
		snprintf(r->name, sizeof(r->name), "stdin");
	} else {
		if ((r->fp = fopen(path, "rb")) == NULL) {
			xf_err_set(e, XF_EINPUT, "%s: %s", path,
			    strerror(errno));
			free(r);
			return NULL;
		}
		r->close_fp = 1;
		snprintf(r->name, sizeof(r->name), "%s", path);
	}
	if (encoding != NULL && strcasecmp(encoding, "UTF-8") != 0 &&
	    strcasecmp(encoding, "UTF8") != 0) {
		snprintf(r->encoding, sizeof(r->encoding), "%s", encoding);
		r->cd = iconv_open("UTF-8", encoding);
		if (r->cd == (iconv_t)-1) {
			xf_err_set(e, XF_ECONFIG, "unknown encoding \"%s\"",
			    encoding);
			xf_csv_free(r);
			return NULL;
		}
	}
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		xf_csv_free(r);
		return NULL;
	}
	csv_set_space_func(&r->p, no_space);
	/*
	 * libcsv grows its field buffer by blk_size bytes at a time (128 by
	 * default): thousands of reallocs, each a copy under a sanitizer, for
	 * a field near XF_FIELD_MAX.  Grow it a read block at a time.
	 */
	csv_set_blk_size(&r->p, RAWBUF);
	return r;
}

static int
text_reserve(struct xf_csv *r, size_t n)
{
	if (r->tpos > 0) {
		memmove(r->text, r->text + r->tpos, r->tlen - r->tpos);
		r->tlen -= r->tpos;
		r->tpos = 0;
	}
	if (r->tlen + n > r->tcap) {
		size_t c = r->tcap ? r->tcap : RAWBUF * 2;
		char *t;

		while (c < r->tlen + n)
			c *= 2;
		if ((t = realloc(r->text, c)) == NULL)
			return -1;
		r->text = t;
		r->tcap = c;
	}
	return 0;
}

static long
count_nl(const char *s, size_t n, int eol)
{
	long k = 0;
	const char *p = s, *end = s + n;

	while ((p = memchr(p, eol, (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/*
 * Read more bytes and append them, as UTF-8, to r->text.
 * Returns 1 if text was added, 0 at end of input, -1 on error.
 */
/* At the start of the text: skip a BOM, and see how lines end. */
static void
detect(struct xf_csv *r)
{
	if (!r->first || r->tlen - r->tpos < 3)
		return;
	if (memcmp(r->text + r->tpos, "\xEF\xBB\xBF", 3) == 0)
		r->tpos += 3;
	/* Old Mac files end lines with CR alone; count those. */
	if (memchr(r->text + r->tpos, '\n', r->tlen - r->tpos) == NULL &&
	    memchr(r->text + r->tpos, '\r', r->tlen - r->tpos) != NULL)
		r->eol = '\r';
	r->first = 0;
}

static int
fill(struct xf_csv *r, struct xf_err *e)
{
	size_t n, conv_from;

	if (r->eof)
		return 0;
	/* Unread text so far; text_reserve may move it to the front. */
	conv_from = r->tlen - r->tpos;
	n = fread(r->raw + r->rawlen, 1, RAWBUF - r->rawlen, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return xf_err_set(e, XF_EINPUT, "%s: read error: %s",
			    r->name, strerror(errno));
		r->eof = 1;
		if (r->rawlen > 0)
			return xf_err_set(e, XF_EINPUT,
			    "%s:%ld: incomplete character at end of file",
			    r->name, r->conv_lines + 1);
		return 0;
	}
	r->rawlen += n;
	if (r->cd == (iconv_t)-1) {
		if (text_reserve(r, r->rawlen) < 0)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		memcpy(r->text + r->tlen, r->raw, r->rawlen);
		r->tlen += r->rawlen;
		r->rawlen = 0;
	} else {
		char *in = r->raw;
		size_t inleft = r->rawlen;
		int bad = 0;

		while (inleft > 0) {
			char *out, *start;
			size_t outleft, rc;

			if (text_reserve(r, inleft * 2 + 16) < 0)
				return xf_err_set(e, XF_ENOMEM,
				    "out of memory");
			start = out = r->text + r->tlen;
			outleft = r->tcap - r->tlen;
			rc = iconv(r->cd, &in, &inleft, &out, &outleft);
			r->tlen += (size_t)(out - start);
			if (rc != (size_t)-1)
				break;
			if (errno == E2BIG)
				continue;
			if (errno == EINVAL)
				break;	/* partial character: keep for later */
			/*
			 * Undecodable bytes: hand over the lines before
			 * them, then stop with an error for this line.
			 */
			bad = 1;
			r->eof = 1;
			inleft = 0;
			break;
		}
		memmove(r->raw, in, inleft);
		r->rawlen = inleft;
		detect(r);
		conv_from += r->tpos;
		r->conv_lines += count_nl(r->text + conv_from,
		    r->tlen - conv_from, r->eol);
		if (bad)
			r->bad_enc = r->conv_lines + 1;
	}
	detect(r);
	return 1;
}

static int
parse_error(struct xf_csv *r, struct xf_err *e)
{
	r->failed = 1;
	if (r->enomem)
		return xf_err_set(e, XF_ENOMEM, "%s:%ld: out of memory",
		    r->name, r->line);
	return xf_err_set(e, XF_EINPUT,
	    "%s:%ld: malformed CSV: %s (a quote inside an unquoted field, "
	    "or text after a closing quote)", r->name, r->line,
	    csv_strerror(csv_error(&r->p)));
}

/* Hand the oldest queued record to the caller. */
static void
pop(struct xf_csv *r)
{
	struct rec tmp = r->out;

	r->out = r->q[r->qhead];
	r->q[r->qhead] = tmp;
	rec_reset(&r->q[r->qhead]);
	if (++r->qhead == r->qlen)
		r->qhead = r->qlen = 0;
}

/*
 * Take from libcsv's unfinished field the bytes past XF_FIELD_MAX + 1 (all
 * but the last), counting them in r->dropped.  The last byte stays: in a
 * quoted field it may be the closing quote, which libcsv takes off only
 * when it sees what follows.  Our blank function never calls anything a
 * blank, so that quote is all libcsv may take off.
 */
static void
clamp(struct xf_csv *r)
{
	struct csv_parser *p = &r->p;
	size_t keep = (size_t)XF_FIELD_MAX + 2;

	if (p->entry_pos <= keep)
		return;
	r->dropped += p->entry_pos - keep;
	p->entry_buf[keep - 1] = p->entry_buf[p->entry_pos - 1];
	p->entry_pos = keep;
}

/*
 * Hand libcsv n bytes at s, none of them a line end but maybe the last.
 * Returns 0, or -1 with e set for malformed CSV.  A record past the limits
 * is only noted in r->toobig: the records before it are handed out first.
 */
static int
feed(struct xf_csv *r, const char *s, size_t n, struct xf_err *e)
{
	struct rec *c = &r->cur;
	size_t open;

	if (r->p.pstate == 0 && c->nf == 0)
		r->start_line = r->line;	/* a record begins here */
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n || r->enomem)
		return parse_error(r, e);
	clamp(r);
	/*
	 * The unfinished record so far: its fields, and at least all but the
	 * last byte of the one libcsv holds.  Past the limit, it cannot
	 * end below it.
	 */
	open = r->p.entry_pos > 0 ? r->p.entry_pos - 1 : 0;
	if (c->size + r->dropped + open > (size_t)XF_RECORD_MAX) {
		too_big(r, TOOBIG_BYTES, c->nf ? c->line : r->start_line);
		r->toobig_quoted = r->p.quoted;
	}
	return 0;
}

/*
 * Read the next record; see xf.h.
 */
int
xf_csv_read(struct xf_csv *r, struct xf_err *e)
{
	if (r->failed)
		return xf_err_set(e, XF_EINPUT, "%s: cannot read further",
		    r->name);
	while (r->qlen == 0) {
		char *p, *nl;
		size_t n, avail;
		int f;

		if (r->toobig) {
			r->failed = 1;
			if (r->toobig == TOOBIG_FIELDS)
				return xf_err_set(e, XF_EINPUT, "%s:%ld: record "
				    "with more than %d fields", r->name,
				    r->toobig_line, XF_RECORD_FIELDS);
			return xf_err_set(e, XF_EINPUT, "%s:%ld: record longer "
			    "than %d bytes%s", r->name, r->toobig_line,
			    XF_RECORD_MAX, r->toobig_quoted ? " (a quoted "
			    "field not closed?)" : "");
		}
		if (r->finished)
			return 0;
		avail = r->tlen - r->tpos;
		p = r->text ? r->text + r->tpos : NULL;
		nl = avail ? memchr(p, r->eol, avail) : NULL;
		if (nl == NULL && !r->eof && avail >= 4 * RAWBUF) {
			/*
			 * A very long line: hand libcsv what we have so the
			 * text buffer stays small.  The line count is right
			 * since no newline was passed.
			 */
			if (feed(r, p, avail, e) < 0)
				return -1;
			r->tpos += avail;
			continue;
		}
		if (nl == NULL && !r->eof) {
			/* Need a whole line; read more. */
			if ((f = fill(r, e)) < 0) {
				r->failed = 1;
				return -1;
			}
			continue;
		}
		if (nl != NULL) {
			n = (size_t)(nl - p) + 1;
			if (feed(r, p, n, e) < 0)
				return -1;
			r->tpos += n;
			r->line++;
			continue;
		}
		if (r->bad_enc) {
			r->failed = 1;
			return xf_err_set(e, XF_EINPUT, "%s:%ld: invalid byte "
			    "sequence for encoding %s", r->name, r->bad_enc,
			    r->encoding);
		}
		/* End of input: feed the unterminated last line and finish. */
		if (avail > 0) {
			if (feed(r, p, avail, e) < 0)
				return -1;
			r->tpos += avail;
		}
		if (r->toobig)
			continue;
		if (csv_fini(&r->p, on_field, on_record, r) != 0 ||
		    r->enomem) {
			r->failed = 1;
			return xf_err_set(e, XF_EINPUT,
			    "%s:%ld: malformed CSV: quoted field not closed "
			    "at end of file", r->name, r->cur.nf ?
			    r->cur.line : r->start_line);
		}
		r->finished = 1;
	}
	pop(r);
	return 1;
}

size_t
xf_csv_nfields(const struct xf_csv *r)
{
	return r->out.nf;
}

const char *
xf_csv_field(const struct xf_csv *r, size_t i, size_t *len)
{
	if (i >= r->out.nf) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = r->out.len[i];
	return r->out.buf + r->out.off[i];
}

long
xf_csv_line(const struct xf_csv *r)
{
	return r->out.line;
}

long
xf_csv_toolong(const struct xf_csv *r)
{
	return r->out.toolong;
}

const char *
xf_csv_name(const struct xf_csv *r)
{
	return r->name;
}

void
xf_csv_free(struct xf_csv *r)
{
	if (r == NULL)
		return;
	if (r->close_fp && r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->p);
	rec_free(&r->cur);
	rec_free(&r->out);
	for (int i = 0; i < r->qcap; i++)
		rec_free(&r->q[i]);
	free(r->q);
	free(r->text);
	free(r);
}
