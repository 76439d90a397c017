/*
 * fmt.c: a report as people read it: an aligned table for a terminal, a
 * Markdown table, or one self-contained HTML page with an SVG chart.
 * CSV, for pipes, is written by the tool through out.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

int
xf_fmt_parse(const char *s)
{
	static const char *const names[] = { "csv", "table", "md", "html" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Decode one UTF-8 character at s; its length in *len (1 for a bad byte). */
static unsigned long
decode(const unsigned char *s, size_t *len)
{
	unsigned long c = s[0];
	size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
	    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;

	if (n == 0) {
		*len = 1;
		return 0xfffd;
	}
	c = n == 1 ? c : c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = n;
	return c;
}

/*
 * Columns a character takes on a terminal, as wcwidth(3) in an East
 * Asian locale would say for the text a report holds: 2 for Han, kana,
 * Hangul and full-width forms, 0 for combining marks and zero-width
 * spaces, 1 for the rest.  Written here so the width does not depend on
 * the locale the cron job runs in.
 */
static int
char_width(unsigned long c)
{
	static const unsigned long wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};

	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) ||
	    c == 0xfeff)
		return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

size_t
xf_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, len;

	while (*p) {
		w += char_width(decode(p, &len));
		p += len;
	}
	return w;
}

/*
 * Cell k of row i as people read it: an empty group (no category, no
 * leader ...) reads "(none)"; an empty figure stays empty.
 */
static const char *
shown(const struct xf_report *r, size_t i, size_t k)
{
	const char *s = xf_report_row(r, i)[k];

	return *s == '\0' && !xf_report_numeric(r, k) ? "(none)" : s;
}

/* The index of the unit_name column, or -1: it is indented by depth. */
static long
name_col(const struct xf_report *r)
{
	const char *const *names = xf_report_columns(r);

	for (size_t i = 0; i < xf_report_ncols(r); i++)
		if (strcmp(names[i], "unit_name") == 0)
			return (long)i;
	return -1;
}

/* Width of cell k of row i (-1: the header) as shown. */
static size_t
cell_width(const struct xf_report *r, long i, size_t k, long nc)
{
	const char *s = i < 0 ? xf_report_columns(r)[k] :
	    shown(r, (size_t)i, k);
	size_t w = xf_text_width(s);

	if (i >= 0 && (long)k == nc)
		w += 2 * (size_t)xf_report_depth(r, (size_t)i);
	return w;
}

static void
write_table(const struct xf_report *r, FILE *fp)
{
	size_t nc = xf_report_ncols(r), nr = xf_report_nrows(r);
	size_t *w = calloc(nc ? nc : 1, sizeof(*w));
	struct xf_buf line = { 0 };
	long ncol = name_col(r);

	if (w == NULL)
		return;
	for (size_t k = 0; k < nc; k++)
		for (long i = -1; i < (long)nr; i++)
			if (cell_width(r, i, k, ncol) > w[k])
				w[k] = cell_width(r, i, k, ncol);
	for (long i = -1; i < (long)nr; i++) {
		line.len = 0;
		for (size_t k = 0; k < nc; k++) {
			const char *s = i < 0 ? xf_report_columns(r)[k] :
			    shown(r, (size_t)i, k);
			size_t cw = cell_width(r, i, k, ncol), sp = 0;

			if (k > 0)
				sp = 2;
			if (xf_report_numeric(r, k))
				sp += w[k] - cw;
			if (i >= 0 && (long)k == ncol)
				sp += 2 * (size_t)xf_report_depth(r, (size_t)i);
			while (sp-- > 0)
				xf_buf_add(&line, " ", 1);
			xf_buf_adds(&line, s);
			if (!xf_report_numeric(r, k))
				for (sp = cw; sp < w[k]; sp++)
					xf_buf_add(&line, " ", 1);
		}
		/* No blanks at the end of a line. */
		while (line.len > 0 && line.s[line.len - 1] == ' ')
			line.len--;
		fwrite(line.s ? line.s : "", 1, line.len, fp);
		fputc('\n', fp);
	}
	xf_buf_free(&line);
	free(w);
}

/* s with | escaped and line ends as blanks, for a Markdown cell. */
static void
md_cell(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fputc('\\', fp);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, fp);
	}
}

static void
write_md(const struct xf_report *r, FILE *fp)
{
	size_t nc = xf_report_ncols(r);

	for (long i = -2; i < (long)xf_report_nrows(r); i++) {
		fputc('|', fp);
		for (size_t k = 0; k < nc; k++) {
			fputc(' ', fp);
			if (i == -2)
				md_cell(fp, xf_report_columns(r)[k]);
			else if (i == -1)
				fputs(xf_report_numeric(r, k) ? "--:" : "---",
				    fp);
			else
				md_cell(fp, shown(r, (size_t)i, k));
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
}

/* s escaped for HTML and XML text and attributes. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			/* Control characters are not XML; show a blank. */
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
	}
}

#define BAR_LEFT	280	/* labels left of the bars */
#define BAR_WIDTH	360	/* 100% */
#define BAR_ROW		24
#define CHART_WIDTH	(BAR_LEFT + BAR_WIDTH + 260)

/* The chart: one bar per row, the closure rate and its counts. */
static void
write_svg(const struct xf_report *r, FILE *fp)
{
	size_t nr = xf_report_nrows(r);
	long h = (long)nr * BAR_ROW + 40;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%ld\" viewBox=\"0 0 %d %ld\" "
	    "role=\"img\" aria-label=\"closure rate per group\">\n",
	    CHART_WIDTH, h, CHART_WIDTH, h);
	fprintf(fp, "<text x=\"%d\" y=\"14\" class=\"axis\">0%%</text>"
	    "<text x=\"%d\" y=\"14\" class=\"axis\" text-anchor=\"end\">"
	    "100%%</text>\n", BAR_LEFT, BAR_LEFT + BAR_WIDTH);
	fprintf(fp, "<rect x=\"%d\" y=\"20\" width=\"%d\" height=\"%ld\" "
	    "class=\"frame\"/>\n", BAR_LEFT, BAR_WIDTH, (long)nr * BAR_ROW);
	for (size_t i = 0; i < nr; i++) {
		long long recv, acc, closed;
		long t, y = 20 + (long)i * BAR_ROW;

		xf_report_closure(r, i, &recv, &acc, &closed, &t);
		fprintf(fp, "<text x=\"%d\" y=\"%ld\" class=\"label\">",
		    8 + 14 * xf_report_depth(r, i), y + 16);
		esc(fp, xf_report_label(r, i));
		fputs("</text>\n", fp);
		if (t >= 0)
			fprintf(fp, "<rect x=\"%d\" y=\"%ld\" width=\"%ld\" "
			    "height=\"%d\" class=\"bar\"/>\n", BAR_LEFT, y + 4,
			    t * BAR_WIDTH / 1000, BAR_ROW - 8);
		if (t >= 0)
			fprintf(fp, "<text x=\"%d\" y=\"%ld\" class=\"value\">"
			    "%ld.%ld%%  closed %lld of %lld received, %lld "
			    "accepted</text>\n", BAR_LEFT + BAR_WIDTH + 8,
			    y + 16, t / 10, t % 10, closed, recv, acc);
		else
			fprintf(fp, "<text x=\"%d\" y=\"%ld\" class=\"value\">"
			    "no matter received</text>\n",
			    BAR_LEFT + BAR_WIDTH + 8, y + 16);
	}
	fputs("</svg>\n", fp);
}

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"WenQuanYi Micro Hei\",sans-serif;margin:2em;color:#111;"
    "background:#fff}\n"
    "h1{font-size:1.4em}\n"
    "table{border-collapse:collapse;font-size:0.85em;margin-top:1.5em}\n"
    "th,td{border:1px solid #999;padding:0.2em 0.5em;white-space:nowrap}\n"
    "th{background:#e8e8e8}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "svg .label,svg .value,svg .axis{font-size:13px;fill:#111}\n"
    "svg .bar{fill:#2b6cb0}\n"
    "svg .frame{fill:none;stroke:#bbb}\n"
    "@media print{body{margin:0}table{font-size:7pt;page-break-inside:"
    "auto}tr{page-break-inside:avoid}th{background:#ddd;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "svg .bar{fill:#444;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}figure{page-break-inside:avoid}}\n";

static void
write_html(const struct xf_report *r, FILE *fp, const char *title)
{
	size_t nc = xf_report_ncols(r);
	long ncol = name_col(r);

	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", fp);
	esc(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	    css);
	esc(fp, title);
	fputs("</h1>\n<figure>\n", fp);
	write_svg(r, fp);
	fputs("<figcaption>Closure rate (办结率): matters closed of those "
	    "received in the period.</figcaption>\n</figure>\n"
	    "<table>\n<thead>\n<tr>", fp);
	for (size_t k = 0; k < nc; k++) {
		fputs("<th>", fp);
		esc(fp, xf_report_columns(r)[k]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n</thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < xf_report_nrows(r); i++) {
		fputs("<tr>", fp);
		for (size_t k = 0; k < nc; k++) {
			fputs(xf_report_numeric(r, k) ? "<td class=\"n\">" :
			    "<td>", fp);
			if ((long)k == ncol)
				for (int d = 0; d < xf_report_depth(r, i); d++)
					fputs("&#160;&#160;", fp);
			esc(fp, shown(r, i, k));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</body>\n</html>\n", fp);
}

int
xf_fmt_write(const struct xf_report *r, int format, FILE *fp,
    const char *title, struct xf_err *e)
{
	switch (format) {
	case XF_FMT_TABLE: write_table(r, fp); break;
	case XF_FMT_MD: write_md(r, fp); break;
	case XF_FMT_HTML: write_html(r, fp, title); break;
	}
	if (fflush(fp) != 0 || ferror(fp))
		return xf_err_set(e, XF_EOUTPUT, "writing the report failed");
	return 0;
}
