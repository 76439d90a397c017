/*
 * t-out.c: unit tests of out.c, the CSV writer: quoting, and the guard
 * that --excel-safe (XF_OUT_EXCEL_SAFE) puts before cells a spreadsheet
 * could run as formulas.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

#define SAFE	XF_OUT_EXCEL_SAFE

static void
bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

/* What a writer with these flags makes of one row of n cells (static). */
static const char *
row(int flags, const char *const *cells, size_t n)
{
	static char buf[1024];
	struct xf_out *o;
	FILE *fp;
	size_t len;

	if ((fp = tmpfile()) == NULL || (o = xf_out_new(fp, flags)) == NULL)
		bail("tmpfile");
	xf_out_row(o, cells, n);
	if (xf_out_free(o) != 0)
		bail("xf_out_free");
	rewind(fp);
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	return buf;
}

int
main(void)
{
	static const struct {
		int flags;
		const char *cell;
		const char *want;	/* the line written */
	} t[] = {
		/* plain RFC 4180 */
		{ 0, "abc", "abc\n" },
		{ 0, "", "\n" },
		{ 0, "a,b", "\"a,b\"\n" },
		{ 0, "say \"hi\"", "\"say \"\"hi\"\"\"\n" },
		{ 0, "two\nlines", "\"two\nlines\"\n" },
		{ 0, " lead", "\" lead\"\n" },
		{ 0, "trail\t", "\"trail\t\"\n" },
		{ 0, "=1+1", "=1+1\n" },
		{ 0, "＝1", "＝1\n" },
		/* --excel-safe: the first character */
		{ SAFE, "abc", "abc\n" },
		{ SAFE, "", "\n" },
		{ SAFE, "=1+1", "'=1+1\n" },
		{ SAFE, "+86 138", "'+86 138\n" },
		{ SAFE, "-5", "-5\n" },
		{ SAFE, "-16.6", "-16.6\n" },
		{ SAFE, "-0.5", "-0.5\n" },
		{ SAFE, "-5.", "'-5.\n" },
		{ SAFE, "-.5", "'-.5\n" },
		{ SAFE, "-1.2.3", "'-1.2.3\n" },
		{ SAFE, "-5+1", "'-5+1\n" },
		{ SAFE, " -5", "\"' -5\"\n" },
		{ SAFE, "-1e5", "'-1e5\n" },
		{ SAFE, "-", "'-\n" },
		{ SAFE, "@SUM(A1)", "'@SUM(A1)\n" },
		{ SAFE, "\tx", "\"'\tx\"\n" },
		{ SAFE, "\rx", "\"'\rx\"\n" },
		{ SAFE, "a=1", "a=1\n" },
		{ SAFE, "5-3", "5-3\n" },
		{ SAFE, "'=x", "'=x\n" },
		/* the first visible character, after blanks */
		{ SAFE, " =1", "\"' =1\"\n" },
		{ SAFE, "   -2", "\"'   -2\"\n" },
		{ SAFE, "\n=1", "\"'\n=1\"\n" },
		{ SAFE, " \t @x", "\"' \t @x\"\n" },
		{ SAFE, "\xC2\xA0=1", "'\xC2\xA0=1\n" },		/* U+00A0 */
		{ SAFE, "\xC2\xA0\xC2\xA0+1", "'\xC2\xA0\xC2\xA0+1\n" },
		{ SAFE, "　=HYPERLINK(1)", "'　=HYPERLINK(1)\n" },	/* U+3000 */
		{ SAFE, "\xE2\x80\x80-1", "'\xE2\x80\x80-1\n" },	/* U+2000 */
		{ SAFE, "\xE2\x80\x83@x", "'\xE2\x80\x83@x\n" },	/* U+2003 */
		{ SAFE, "\xE2\x80\x8B=1", "'\xE2\x80\x8B=1\n" },	/* U+200B */
		{ SAFE, "\xE2\x80\xAF=1", "'\xE2\x80\xAF=1\n" },	/* U+202F */
		{ SAFE, "\xEF\xBB\xBF=1", "'\xEF\xBB\xBF=1\n" },	/* U+FEFF */
		{ SAFE, "\xE2\x80\x8C=1", "\xE2\x80\x8C=1\n" },	/* U+200C */
		{ SAFE, " a", "\" a\"\n" },
		{ SAFE, "  ", "\"  \"\n" },
		{ SAFE, "\xC2\xA0", "\xC2\xA0\n" },
		{ SAFE, "　", "　\n" },
		{ SAFE, "　甲", "　甲\n" },
		{ SAFE, "\xE2\x80", "\xE2\x80\n" },		/* cut short */
		/* the full-width forms */
		{ SAFE, "＝1+1", "'＝1+1\n" },
		{ SAFE, "＋86", "'＋86\n" },
		{ SAFE, "－５", "'－５\n" },
		{ SAFE, "＠x", "'＠x\n" },
		{ SAFE, " ＝1", "\"' ＝1\"\n" },
		{ SAFE, "　＋1", "'　＋1\n" },
		{ SAFE, "（1）", "（1）\n" },
		{ SAFE, "\xEF\xBC", "\xEF\xBC\n" },		/* cut short */
		/* guarded and quoted: the apostrophe inside the quotes */
		{ SAFE, "=1,2", "\"'=1,2\"\n" },
		{ SAFE, "=\"a\"", "\"'=\"\"a\"\"\"\n" },
		{ SAFE, "-1\n-2", "\"'-1\n-2\"\n" },
		{ SAFE, "＝a,b", "\"'＝a,b\"\n" },
		{ SAFE | XF_OUT_CRLF, "=1", "'=1\r\n" },
	};
	static const char *const three[] = { "a", "=b", " －c" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		is_str(row(t[i].flags, &t[i].cell, 1), t[i].want,
		    "case %zu: %s", i + 1, t[i].flags & SAFE ? "excel-safe" :
		    "plain");
	is_str(row(SAFE, three, 3), "a,'=b,\"' －c\"\n",
	    "a row: each cell guarded on its own");
	is_str(row(0, three, 3), "a,=b,\" －c\"\n", "a row, plain");
	return tap_done();
}
