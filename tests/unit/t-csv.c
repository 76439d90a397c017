/*
 * t-csv.c: unit tests of the CSV reader (csv.c) and writer (out.c).
 *
 * Every input is written to a file under a private mkdtemp(3) directory and
 * read back with xf_csv_open/xf_csv_read.  A file's records are turned into
 * one string, "LINE:[f1|f2|...]" per record, ending in "END" or
 * "ERR(code):message", so each case is a single is_str.  In fields, CR, LF
 * and NUL show as \r, \n and \0.  The writer writes to open_memstream(3).
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xf.h"
#include "tap.h"

/* The reader's read block (RAWBUF in csv.c), for sizes past a few. */
#define RAWBUF_TEST	(64 * 1024)

static char tmpdir[256];
static int nfile;

static void
bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Write len bytes to a new file in tmpdir; returns its path (static). */
static const char *
put(const char *bytes, size_t len)
{
	static char path[8][300];
	static int i;
	FILE *fp;

	i = (i + 1) % 8;
	snprintf(path[i], sizeof(path[i]), "%s/in%03d.csv", tmpdir, ++nfile);
	if ((fp = fopen(path[i], "wb")) == NULL)
		bail(path[i]);
	if (len && fwrite(bytes, 1, len, fp) != len)
		bail(path[i]);
	if (fclose(fp) != 0)
		bail(path[i]);
	return path[i];
}

#define PUTLIT(s) put((s), sizeof(s) - 1)

static const char *
puts_file(const char *text)
{
	return put(text, strlen(text));
}

/* A growing string. */
struct str {
	char *s;
	size_t len, cap;
};

static void
str_addn(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;

		while (c < b->len + n + 1)
			c *= 2;
		if ((b->s = realloc(b->s, c)) == NULL)
			bail("realloc");
		b->cap = c;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
str_add(struct str *b, const char *s)
{
	str_addn(b, s, strlen(s));
}

/*
 * Read the whole of path and describe it (see the top of the file).  The
 * path itself is removed from error messages, so "ERR(2)::3: ..." means
 * "PATH:3: ...".  Returns a string that stays valid until the 4th next
 * call.
 */
static const char *
dump(const char *path, const char *enc)
{
	static struct str out[4];
	static int k;
	struct str *b;
	struct xf_err e = { 0 };
	struct xf_csv *r;
	char tmp[64];
	int rc;

	k = (k + 1) % 4;
	b = &out[k];
	b->len = 0;
	str_add(b, "");
	if ((r = xf_csv_open(path, enc, &e)) == NULL) {
		snprintf(tmp, sizeof(tmp), "OPENERR(%d):", e.code);
		str_add(b, tmp);
		str_add(b, e.msg);
		return b->s;
	}
	while ((rc = xf_csv_read(r, &e)) > 0) {
		snprintf(tmp, sizeof(tmp), "%ld:[", xf_csv_line(r));
		str_add(b, tmp);
		for (size_t i = 0; i < xf_csv_nfields(r); i++) {
			size_t len;
			const char *s = xf_csv_field(r, i, &len);

			if (i)
				str_add(b, "|");
			for (size_t j = 0; j < len; j++)
				switch (s[j]) {
				case '\n': str_add(b, "\\n"); break;
				case '\r': str_add(b, "\\r"); break;
				case '\0': str_add(b, "\\0"); break;
				default: str_addn(b, s + j, 1);
				}
		}
		str_add(b, "] ");
	}
	if (rc == 0)
		str_add(b, "END");
	else {
		const char *m = e.msg;
		size_t pl = strlen(path);

		snprintf(tmp, sizeof(tmp), "ERR(%d):", e.code);
		str_add(b, tmp);
		if (strncmp(m, path, pl) == 0)
			m += pl;
		str_add(b, m);
	}
	xf_csv_free(r);
	return b->s;
}

/* Does s contain sub? */
static int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* Convert UTF-8 text to another encoding with iconv(3). */
static char *
to_enc(const char *enc, const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t inleft = strlen(utf8), cap = inleft * 4 + 16, outleft = cap;
	char *in = (char *)utf8, *buf, *o;

	if (cd == (iconv_t)-1)
		bail("iconv_open");
	if ((buf = malloc(cap)) == NULL)
		bail("malloc");
	o = buf;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1)
		bail("iconv");
	iconv_close(cd);
	*outlen = cap - outleft;
	return buf;
}

/* ---- reader --------------------------------------------------------- */

static void
test_basic(void)
{
	const char *p;

	p = puts_file("h1,h2,h3\na,b,c\nd,e,f\n");
	is_str(dump(p, NULL), "1:[h1|h2|h3] 2:[a|b|c] 3:[d|e|f] END",
	    "LF: three records with their lines");
	is_str(dump(p, "UTF-8"), "1:[h1|h2|h3] 2:[a|b|c] 3:[d|e|f] END",
	    "encoding \"UTF-8\" reads the same");

	p = puts_file("h1,h2,h3\r\na,b,c\r\nd,,\r\n");
	is_str(dump(p, NULL), "1:[h1|h2|h3] 2:[a|b|c] 3:[d||] END",
	    "CRLF: no CR left in fields, empty last fields kept");

	p = puts_file("\xEF\xBB\xBFh1,h2\na,b\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|b] END",
	    "UTF-8 BOM skipped: first header is \"h1\"");

	p = puts_file("\xEF\xBB\xBF\"h1\",h2\r\na,b\r\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|b] END",
	    "BOM before a quoted first field, with CRLF");

	p = puts_file("h1,h2\na,\xEF\xBB\xBFx\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|\xEF\xBB\xBFx] END",
	    "a U+FEFF later in the file is data, not skipped");

	p = puts_file("name,content\n张三,反映被盗电动车案件至今未破\n");
	is_str(dump(p, NULL),
	    "1:[name|content] 2:[张三|反映被盗电动车案件至今未破] END",
	    "UTF-8 Chinese text passes through");

	p = puts_file("h1,h2\n a , b\t\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[ a | b\t] END",
	    "blanks around unquoted fields are kept (RFC 4180)");

	p = puts_file("h1,h2,h3\na\nb,c,d,e\n");
	is_str(dump(p, NULL), "1:[h1|h2|h3] 2:[a] 3:[b|c|d|e] END",
	    "records keep their own field counts");

	p = puts_file("");
	is_str(dump(p, NULL), "END", "empty file: no record");

	p = puts_file("\xEF\xBB\xBF");
	is_str(dump(p, NULL), "END", "a file of only a BOM: no record");
}

static void
test_quoting(void)
{
	const char *p;

	p = puts_file("h1,h2\n\"a,b\",c\n\"反映问题，含逗号, 和句号\",x\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2] 2:[a,b|c] 3:[反映问题，含逗号, 和句号|x] END",
	    "quoted commas stay in the field");

	p = puts_file("h1,h2\n\"say \"\"hi\"\"\",\"\"\"\"\n\"\",x\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[say \"hi\"|\"] 3:[|x] END",
	    "doubled quotes become one; \"\" is an empty field");

	p = puts_file("h1,h2\n\"第一行\n第二行\n第三行\",x\nnext,y\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2] 2:[第一行\\n第二行\\n第三行|x] 5:[next|y] END",
	    "quoted newlines in the first field: record at 2, next at 5");

	p = puts_file("h1,h2,h3\nx,\"l1\nl2\nl3\",y\nnext,1,2\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2|h3] 2:[x|l1\\nl2\\nl3|y] 5:[next|1|2] END",
	    "quoted newlines in a middle field: record at 2, next at 5");

	p = puts_file("h1,h2\r\nx,\"l1\r\nl2\r\nl3\"\r\nnext,y\r\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2] 2:[x|l1\\r\\nl2\\r\\nl3] 5:[next|y] END",
	    "CRLF inside quotes is kept; the next record is on line 5");

	p = puts_file("h1,h2\n\"a\nb\",\"c\nd\ne\"\nnext,y\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2] 2:[a\\nb|c\\nd\\ne] 6:[next|y] END",
	    "two multi-line fields in one record: next record on line 6");

	p = puts_file("h1,h2\nx,\"\n\n\"\nnext,y\n");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[x|\\n\\n] 5:[next|y] END",
	    "a quoted field of only newlines");
}

static void
test_lines(void)
{
	const char *p;

	p = puts_file("h1,h2\n\nx,y\n\n\n\"a\nb\nc\",d\ne,f\n\n");
	is_str(dump(p, NULL),
	    "1:[h1|h2] 3:[x|y] 6:[a\\nb\\nc|d] 9:[e|f] END",
	    "blank lines skipped, line numbers still right");

	p = puts_file("h1,h2\r\n\r\nx,y\r\n\r\nz,w\r\n");
	is_str(dump(p, NULL), "1:[h1|h2] 3:[x|y] 5:[z|w] END",
	    "blank CRLF lines skipped, line numbers still right");

	p = puts_file("\n\nh1,h2\nx,y\n");
	is_str(dump(p, NULL), "3:[h1|h2] 4:[x|y] END",
	    "leading blank lines: the header is on line 3");

	p = puts_file("h1,h2\na,b");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|b] END",
	    "last line without a newline is read");

	p = puts_file("h1,h2\r\na,b\r\nc,\"d\"");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|b] 3:[c|d] END",
	    "last quoted field without a newline is read");

	p = puts_file("h1,h2\na,b\nc,");
	is_str(dump(p, NULL), "1:[h1|h2] 2:[a|b] 3:[c|] END",
	    "last line ending in a comma without a newline");
}

static void
test_errors(void)
{
	const char *p, *d;
	struct xf_err e = { 0 };
	struct xf_csv *r;

	p = puts_file("h1,h2\na,b\nc,\"unclosed\nmore\n");
	d = dump(p, NULL);
	ok(has(d, "1:[h1|h2] 2:[a|b] ERR(2)::3: "),
	    "unclosed quote in a later field at EOF: error on line 3 (%s)", d);
	ok(has(d, "not closed"), "... saying the quote is not closed");

	p = puts_file("h1,h2\na,b\n\"unclosed,x\nmore\n");
	d = dump(p, NULL);
	ok(has(d, "1:[h1|h2] 2:[a|b] ERR(2)::3: "),
	    "unclosed quote in the first field at EOF: error names line 3, "
	    "where the record starts (%s)", d);

	p = puts_file("h1,h2\n\"unclosed,x");
	d = dump(p, NULL);
	ok(has(d, "1:[h1|h2] ERR(2)::2: "),
	    "unclosed quote on an unterminated last line: line 2 (%s)", d);

	p = puts_file("h1,h2\nx,y\na\"b,c\nd,e\n");
	d = dump(p, NULL);
	ok(has(d, "1:[h1|h2] 2:[x|y] ERR(2)::3: malformed CSV"),
	    "a\"b in an unquoted field: records before it, then an error "
	    "naming line 3 (%s)", d);

	p = puts_file("h1,h2\nx,\"l1\nl2\"\nc,a\"b\n");
	d = dump(p, NULL);
	ok(has(d, "2:[x|l1\\nl2] ERR(2)::4: malformed CSV"),
	    "a\"b after a multi-line record: error names line 4 (%s)", d);

	p = puts_file("h1,h2\n\"ab\"c,d\n");
	d = dump(p, NULL);
	ok(has(d, "1:[h1|h2] ERR(2)::2: malformed CSV"),
	    "text after a closing quote: error names line 2 (%s)", d);

	/* After an error the reader stays failed. */
	p = puts_file("h1,h2\na\"b,c\nd,e\n");
	r = xf_csv_open(p, NULL, &e);
	ok(r != NULL, "open for a failing read");
	if (r) {
		int rc1 = xf_csv_read(r, &e);
		int rc2 = xf_csv_read(r, &e);
		int rc3 = xf_csv_read(r, &e);

		is_int(rc1, 1, "header read");
		is_int(rc2, -1, "bad record: -1");
		is_int(rc3, -1, "and -1 again afterwards, no later record");
		is_int(e.code, XF_EINPUT, "error class XF_EINPUT");
		xf_csv_free(r);
	}

	/* At the end, 0 stays 0. */
	p = puts_file("h\nx\n");
	r = xf_csv_open(p, NULL, &e);
	if (r) {
		int a = xf_csv_read(r, &e), b = xf_csv_read(r, &e),
		    c = xf_csv_read(r, &e), d2 = xf_csv_read(r, &e);

		ok(a == 1 && b == 1 && c == 0 && d2 == 0,
		    "reads 1, 1, then 0 and 0 again (%d %d %d %d)", a, b, c,
		    d2);
		xf_csv_free(r);
	} else
		ok(0, "open h/x file");

	{
		char path[300];

		snprintf(path, sizeof(path), "%s/does-not-exist.csv", tmpdir);
		memset(&e, 0, sizeof(e));
		r = xf_csv_open(path, NULL, &e);
		ok(r == NULL, "missing file: open fails");
		is_int(e.code, XF_EINPUT, "... with XF_EINPUT");
		ok(has(e.msg, path) && has(e.msg, "No such file"),
		    "... naming the file and the reason (%s)", e.msg);
		xf_csv_free(r);
	}

	p = puts_file("h\nx\n");
	memset(&e, 0, sizeof(e));
	r = xf_csv_open(p, "NO-SUCH-ENCODING-42", &e);
	ok(r == NULL, "unknown encoding: open fails");
	is_int(e.code, XF_ECONFIG, "... with XF_ECONFIG");
	ok(has(e.msg, "NO-SUCH-ENCODING-42"), "... naming it (%s)", e.msg);
	xf_csv_free(r);

	xf_csv_free(NULL);
	ok(1, "xf_csv_free(NULL) is harmless");

	/*
	 * Old Mac line ends (CR only): not what the suite promises, but
	 * hostile input must get a clear input error or be read right,
	 * never "out of memory".
	 */
	p = puts_file("h1,h2\ra,b\rc,d\re,f\rg,h\ri,j\r");
	d = dump(p, NULL);
	ok(strcmp(d, "1:[h1|h2] 2:[a|b] 3:[c|d] 4:[e|f] 5:[g|h] 6:[i|j] END")
	    == 0 || (has(d, "ERR(2):") && !has(d, "out of memory")),
	    "CR-only line ends: read, or a clear XF_EINPUT error, not out of "
	    "memory (%s)", d);
	p = puts_file("h1,h2\r\"a\rb\",c\rd,e\r");
	d = dump(p, NULL);
	ok(strcmp(d, "1:[h1|h2] 2:[a\\rb|c] 4:[d|e] END") == 0 ||
	    (has(d, "ERR(2):") && !has(d, "out of memory")),
	    "CR-only line ends with a quoted CR: read with right lines, or a "
	    "clear error (%s)", d);
}

static void
test_nul(void)
{
	static const char text[] = "h1,h2\na\0b,\"c\0d\"\nx,y\n";
	const char *p = put(text, sizeof(text) - 1);
	struct xf_err e = { 0 };
	struct xf_csv *r = xf_csv_open(p, NULL, &e);
	size_t len = 0;
	const char *s;

	is_str(dump(p, NULL), "1:[h1|h2] 2:[a\\0b|c\\0d] 3:[x|y] END",
	    "NUL bytes are kept inside fields");
	if (r == NULL) {
		ok(0, "open NUL file");
		return;
	}
	xf_csv_read(r, &e);
	xf_csv_read(r, &e);
	s = xf_csv_field(r, 0, &len);
	is_int(len, 3, "field with a NUL: len counts it");
	ok(memcmp(s, "a\0b", 4) == 0, "... and the bytes are intact, "
	    "NUL-terminated");
	s = xf_csv_field(r, 7, &len);
	ok(s != NULL && *s == '\0' && len == 0,
	    "field index past the end: \"\" with len 0");
	is_str(xf_csv_name(r), p, "xf_csv_name is the path");
	xf_csv_free(r);
}

static void
test_stdin(void)
{
	const char *p = puts_file("h1,h2\n甲,乙\n");
	struct xf_err e = { 0 };
	struct xf_csv *r;

	if (freopen(p, "rb", stdin) == NULL)
		bail("freopen");
	r = xf_csv_open("-", NULL, &e);
	ok(r != NULL, "\"-\" opens stdin");
	if (r == NULL)
		return;
	is_str(xf_csv_name(r), "stdin", "... named \"stdin\"");
	is_int(xf_csv_read(r, &e), 1, "... header read");
	is_int(xf_csv_read(r, &e), 1, "... record read");
	is_str(xf_csv_field(r, 1, NULL), "乙", "... with its fields");
	is_int(xf_csv_line(r), 2, "... on line 2");
	is_int(xf_csv_read(r, &e), 0, "... then the end");
	xf_csv_free(r);
}

static void
test_gb18030(void)
{
	const char *p, *d;
	char *gb;
	size_t gblen;
	struct str b = { 0 };

	/* 张三 is D5C5 C8FD in GB2312/GBK/GB18030. */
	p = PUTLIT("h1,h2\r\n\xD5\xC5\xC8\xFD,x\r\n");
	is_str(dump(p, "GB18030"), "1:[h1|h2] 2:[张三|x] END",
	    "GB18030 bytes D5C5C8FD read as 张三");
	is_str(dump(p, "gbk"), "1:[h1|h2] 2:[张三|x] END",
	    "encoding names are case-insensitive (gbk)");

	gb = to_enc("GB18030",
	    "信访日期,信访形式,姓名,信访内容\n"
	    "2026-11-20,来访,张三,\"反映被盗电动车案件，\n至今未破\"\n"
	    "2026-11-21,来信,李四,对交通事故认定不服\n"
	    "2026-11-22,网上信访,王五,𠀀字与€符号\n", &gblen);
	p = put(gb, gblen);
	is_str(dump(p, "GB18030"),
	    "1:[信访日期|信访形式|姓名|信访内容] "
	    "2:[2026-11-20|来访|张三|反映被盗电动车案件，\\n至今未破] "
	    "4:[2026-11-21|来信|李四|对交通事故认定不服] "
	    "5:[2026-11-22|网上信访|王五|𠀀字与€符号] END",
	    "GB18030 via iconv(3): text, quoted newline and 4-byte "
	    "characters round-trip, lines right");
	d = dump(p, NULL);
	ok(has(d, "1:[") && !has(d, "张三"),
	    "the same bytes read as UTF-8 are not silently turned into "
	    "Chinese");
	free(gb);

	/* A GB18030 BOM (84 31 95 33) is skipped like the UTF-8 one. */
	p = PUTLIT("\x84\x31\x95\x33h1\n\xD5\xC5\n");
	is_str(dump(p, "GB18030"), "1:[h1] 2:[张] END",
	    "GB18030 BOM skipped");

	/* Invalid sequences: \xFF is never valid in GB18030. */
	p = PUTLIT("h1,h2\na,b\nc,\xD5\xC5\xFF\xFF\nd,e\n");
	d = dump(p, "GB18030");
	ok(has(d, "ERR(2)::3: "),
	    "invalid GB18030 bytes: XF_EINPUT error naming line 3 (%s)", d);
	is_str(d, "1:[h1|h2] 2:[a|b] ERR(2)::3: invalid byte sequence for "
	    "encoding GB18030", "... after the records before it were read");

	p = PUTLIT("h1,h2\na,\xD5\n");
	d = dump(p, "GB18030");
	ok(has(d, "ERR(2)::2: "),
	    "a GB18030 lead byte before a newline: error on line 2 (%s)", d);

	p = PUTLIT("h1,h2\na,\xD5");
	d = dump(p, "GB18030");
	ok(has(d, "ERR(2)::2: ") && has(d, "incomplete"),
	    "a truncated character at end of file: error on line 2 (%s)", d);

	/* An invalid byte far into the file, after the first read block. */
	str_add(&b, "h1,h2\n");
	for (int i = 0; i < 20000; i++)
		str_add(&b, "\xD5\xC5\xC8\xFD,\xD5\xC5\xC8\xFD\n");
	str_add(&b, "x,\xFF\xFF\n");
	p = put(b.s, b.len);
	d = dump(p, "GB18030");
	{
		long nrec = 0;

		for (const char *q = d; (q = strstr(q, "] ")) != NULL; q += 2)
			nrec++;
		ok(has(d, "ERR(2)::20002: invalid byte"),
		    "invalid GB18030 bytes on line 20002: error names it");
		is_int(nrec, 20001, "... after all 20001 records before it "
		    "(header included) were read");
	}
	free(b.s);
}

static void
test_toolong(void)
{
	struct str b = { 0 };
	const char *p;
	struct xf_err e = { 0 };
	struct xf_csv *r;
	size_t len;
	const char *s;

	str_add(&b, "h1,h2\nx,");
	for (size_t i = 0; i < (size_t)XF_FIELD_MAX + 100; i++)
		str_addn(&b, "a", 1);
	str_add(&b, "\nexact,\"");
	for (size_t i = 0; i < (size_t)XF_FIELD_MAX; i++)
		str_addn(&b, i % 1000 == 999 ? "\n" : "b", 1);
	str_add(&b, "\"\n\"");
	for (size_t i = 0; i < (size_t)XF_FIELD_MAX + 1; i++)
		str_addn(&b, "c", 1);
	str_add(&b, "\",y\nlast,z\n");
	p = put(b.s, b.len);
	free(b.s);
	if ((r = xf_csv_open(p, NULL, &e)) == NULL) {
		ok(0, "open long-field file: %s", e.msg);
		return;
	}
	is_int(xf_csv_read(r, &e), 1, "header read");
	is_int(xf_csv_toolong(r), -1, "header: no field cut");
	is_int(xf_csv_read(r, &e), 1, "record with a field of "
	    "XF_FIELD_MAX + 100 bytes is read");
	is_int(xf_csv_line(r), 2, "... on line 2");
	is_int(xf_csv_toolong(r), 1, "... xf_csv_toolong names field 1");
	s = xf_csv_field(r, 1, &len);
	is_int(len, XF_FIELD_MAX, "... which is cut at XF_FIELD_MAX bytes");
	ok(s[0] == 'a' && s[len - 1] == 'a' && s[len] == '\0',
	    "... and NUL-terminated");
	is_str(xf_csv_field(r, 0, NULL), "x", "... field 0 intact");
	is_int(xf_csv_read(r, &e), 1, "record with a field of exactly "
	    "XF_FIELD_MAX bytes (quoted, with newlines)");
	is_int(xf_csv_line(r), 3, "... on line 3");
	is_int(xf_csv_toolong(r), -1, "... not flagged");
	xf_csv_field(r, 1, &len);
	is_int(len, XF_FIELD_MAX, "... kept whole");
	is_int(xf_csv_read(r, &e), 1, "record whose FIRST field is "
	    "XF_FIELD_MAX + 1 bytes");
	is_int(xf_csv_line(r), 3 + XF_FIELD_MAX / 1000 + 1,
	    "... on the line after the multi-line record");
	is_int(xf_csv_toolong(r), 0, "... flagged as field 0");
	is_str(xf_csv_field(r, 1, NULL), "y", "... its next field intact");
	is_int(xf_csv_read(r, &e), 1, "next record read");
	is_str(xf_csv_field(r, 0, NULL), "last", "... it is the last one");
	is_int(xf_csv_toolong(r), -1, "... not flagged");
	is_int(xf_csv_line(r), 3 + XF_FIELD_MAX / 1000 + 2,
	    "... line right");
	is_int(xf_csv_read(r, &e), 0, "then the end");
	xf_csv_free(r);
}

static void
test_big(void)
{
	const char *p;
	struct xf_err e = { 0 };
	struct xf_csv *r;
	struct str b = { 0 };
	long n = 0, lastline = 0, bad = 0, i;
	int rc;
	char row[200];

	str_add(&b, "source_ref,received_at,channel,petitioner_name,content\r\n");
	for (i = 1; b.len < 5 * 1024 * 1024; i++) {
		if (i % 1000 == 0)
			snprintf(row, sizeof(row), "R%ld,2026-11-20,visit,张三,"
			    "\"多行\r\n内容, 第%ld条\"\r\n", i, i);
		else
			snprintf(row, sizeof(row), "R%ld,2026-11-20,visit,张三,"
			    "反映被盗电动车案件至今未破 第%ld条\r\n", i, i);
		str_add(&b, row);
	}
	i--;	/* records written */
	p = put(b.s, b.len);
	free(b.s);
	if ((r = xf_csv_open(p, NULL, &e)) == NULL) {
		ok(0, "open big file: %s", e.msg);
		return;
	}
	while ((rc = xf_csv_read(r, &e)) > 0) {
		char want[32];

		n++;
		lastline = xf_csv_line(r);
		if (xf_csv_nfields(r) != 5)
			bad++;
		if (n > 1) {
			snprintf(want, sizeof(want), "R%ld", n - 1);
			if (strcmp(xf_csv_field(r, 0, NULL), want) != 0)
				bad++;
		}
	}
	is_int(rc, 0, "5 MB file read to the end without error");
	is_int(n, i + 1, "... every record read (%ld + header)", i);
	is_int(bad, 0, "... each with 5 fields, in order");
	is_int(lastline, 1 + i + i / 1000, "... last record's line counts "
	    "the quoted newlines");
	xf_csv_free(r);
}

/* ---- limits ---------------------------------------------------------- */

/* Byte i of the content of a generated long field; see put_long. */
static char
longbyte(size_t i, size_t nl_every, int quoted)
{
	if (nl_every && i % nl_every == nl_every - 1)
		return '\n';
	if (quoted && i % 7 == 3)
		return '"';
	return (char)('a' + i % 26);
}

/*
 * Write a file in tmpdir: head, then a field of len content bytes (letters,
 * a newline every nl_every bytes if not 0, and if quoted a quote every 7th,
 * written doubled), quoted unless quoted is 0, then tail.  Returns the path
 * (static) and the newlines written in *nl.
 */
static const char *
put_long(const char *head, size_t len, size_t nl_every, int quoted,
    const char *tail, long *nl)
{
	static char path[300];
	char buf[8192];
	size_t n = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/in%03d.csv", tmpdir, ++nfile);
	if ((fp = fopen(path, "wb")) == NULL)
		bail(path);
	fputs(head, fp);
	*nl = 0;
	for (size_t i = 0; i < len; i++) {
		char c = longbyte(i, nl_every, quoted);

		if (n + 2 > sizeof(buf)) {
			fwrite(buf, 1, n, fp);
			n = 0;
		}
		if (c == '\n')
			(*nl)++;
		if (c == '"' && quoted)
			buf[n++] = '"';
		buf[n++] = c;
	}
	fwrite(buf, 1, n, fp);
	fputs(tail, fp);
	if (ferror(fp) || fclose(fp) != 0)
		bail(path);
	return path;
}

/*
 * A field far past XF_FIELD_MAX, with quotes and newlines, between good
 * records: cut to its first XF_FIELD_MAX bytes, flagged, and the records
 * after it read on the right lines.  libcsv never holds all of it.
 */
static void
test_longfield(void)
{
	struct xf_err e = { 0 };
	struct xf_csv *r;
	const char *p, *s;
	size_t len, bad = 0;
	long nl;

	p = put_long("h1,h2\nr1,ok\nr2,\"", 5 * (size_t)XF_FIELD_MAX, 999,
	    1, "\"\nr3,after\n", &nl);
	if ((r = xf_csv_open(p, NULL, &e)) == NULL) {
		ok(0, "open long-field file: %s", e.msg);
		return;
	}
	xf_csv_read(r, &e);
	xf_csv_read(r, &e);
	is_int(xf_csv_read(r, &e), 1, "a 5 MiB quoted field with quotes and "
	    "newlines: its record is read");
	is_int(xf_csv_line(r), 3, "... on line 3");
	is_int(xf_csv_toolong(r), 1, "... field 1 flagged as cut");
	s = xf_csv_field(r, 1, &len);
	is_int(len, XF_FIELD_MAX, "... cut at XF_FIELD_MAX bytes");
	for (size_t i = 0; i < len; i++)
		if (s[i] != longbyte(i, 999, 1))
			bad++;
	is_int(bad, 0, "... which are the field's first XF_FIELD_MAX bytes");
	is_str(xf_csv_field(r, 0, NULL), "r2", "... field 0 intact");
	is_int(xf_csv_read(r, &e), 1, "the record after it is read");
	is_str(xf_csv_field(r, 1, NULL), "after", "... whole");
	is_int(xf_csv_toolong(r), -1, "... not flagged");
	is_int(xf_csv_line(r), 3 + nl + 1, "... on line %ld: the newlines "
	    "in the cut part are counted", 3 + nl + 1);
	is_int(xf_csv_read(r, &e), 0, "then the end");
	xf_csv_free(r);
	unlink(p);

	/* The same unquoted, on a line of its own: no quotes to undo. */
	p = put_long("h1,h2\nr1,", 3 * (size_t)XF_FIELD_MAX, 0, 0,
	    "\nr3,after\n", &nl);
	s = dump(p, NULL);
	len = strlen("1:[h1|h2] 2:[r1|");
	ok(strlen(s) == len + XF_FIELD_MAX + strlen("] 3:[r3|after] END") &&
	    strcmp(s + len + XF_FIELD_MAX, "] 3:[r3|after] END") == 0,
	    "a 3 MiB unquoted field: cut, and the next record on line 3");
	unlink(p);
}

/*
 * A record holding more than XF_RECORD_MAX bytes in all stops the file
 * with "file:line: record longer than ..." (the records before it are
 * read); one holding exactly XF_RECORD_MAX is read.  Unfinished ones are
 * stopped as soon as they pass the limit: /dev/zero, a quote never closed.
 */
static void
test_longrecord(void)
{
	struct xf_err e = { 0 };
	struct xf_csv *r;
	const char *p;
	char want[200];
	long nl;
	int fd;

	/* "r2" and XF_RECORD_MAX - 2 bytes: exactly the limit. */
	p = put_long("h1,h2\nr1,ok\nr2,\"", (size_t)XF_RECORD_MAX - 2,
	    300007, 1, "\"\nr3,after\n", &nl);
	if ((r = xf_csv_open(p, NULL, &e)) == NULL) {
		ok(0, "open 64 MiB file: %s", e.msg);
		return;
	}
	xf_csv_read(r, &e);
	xf_csv_read(r, &e);
	is_int(xf_csv_read(r, &e), 1, "record of exactly XF_RECORD_MAX bytes "
	    "(with quotes and newlines): read (%s)", e.msg);
	is_int(xf_csv_toolong(r), 1, "... its long field flagged");
	is_int(xf_csv_line(r), 3, "... on line 3");
	is_int(xf_csv_read(r, &e), 1, "... and the record after it");
	is_int(xf_csv_line(r), 3 + nl + 1, "... on line %ld", 3 + nl + 1);
	is_int(xf_csv_read(r, &e), 0, "... then the end");
	xf_csv_free(r);
	unlink(p);

	/* One byte more: the file stops at that record. */
	p = put_long("h1,h2\nr1,ok\nr2,\"", (size_t)XF_RECORD_MAX - 1,
	    300007, 1, "\"\nr3,after\n", &nl);
	snprintf(want, sizeof(want), "1:[h1|h2] 2:[r1|ok] ERR(%d)::3: record "
	    "longer than %d bytes", XF_EINPUT, XF_RECORD_MAX);
	is_str(dump(p, NULL), want, "record of XF_RECORD_MAX + 1 bytes: the "
	    "file stops there, naming its line");
	unlink(p);

	/* A quote never closed, the rest of the file in it. */
	p = put_long("h1,h2\n\"", (size_t)XF_RECORD_MAX + 3 * RAWBUF_TEST,
	    1000, 1, "", &nl);
	snprintf(want, sizeof(want), "1:[h1|h2] ERR(%d)::2: record longer "
	    "than %d bytes (a quoted field not closed?)", XF_EINPUT,
	    XF_RECORD_MAX);
	is_str(dump(p, NULL), want, "a quote not closed for 64 MiB: stops at "
	    "the line where it opened");
	unlink(p);

	/* NUL bytes with no line end, as from /dev/zero. */
	p = put("h1,h2\n", 6);
	if ((fd = open(p, O_WRONLY)) == -1 ||
	    ftruncate(fd, 6 + (off_t)XF_RECORD_MAX + 3 * RAWBUF_TEST) == -1 ||
	    close(fd) == -1)
		bail(p);
	snprintf(want, sizeof(want), "1:[h1|h2] ERR(%d)::2: record longer "
	    "than %d bytes", XF_EINPUT, XF_RECORD_MAX);
	is_str(dump(p, NULL), want, "64 MiB of NUL bytes and no line end: "
	    "stops (no hint about quotes)");
	unlink(p);
}

/* At most XF_RECORD_FIELDS fields in a record; the header counts too. */
static void
test_manyfields(void)
{
	struct str b = { 0 };
	struct xf_err e = { 0 };
	struct xf_csv *r;
	const char *p;
	char want[200];
	size_t i;

	/* A header and a record of exactly XF_RECORD_FIELDS fields. */
	for (int k = 0; k < 2; k++) {
		str_add(&b, k ? "x" : "h");
		for (i = 1; i < XF_RECORD_FIELDS; i++)
			str_add(&b, k ? ",x" : ",h");
		str_add(&b, "\n");
	}
	p = put(b.s, b.len);
	if ((r = xf_csv_open(p, NULL, &e)) == NULL) {
		ok(0, "open wide file: %s", e.msg);
		return;
	}
	is_int(xf_csv_read(r, &e), 1, "header of XF_RECORD_FIELDS columns");
	is_int(xf_csv_nfields(r), XF_RECORD_FIELDS, "... all read");
	is_int(xf_csv_read(r, &e), 1, "a record as wide");
	is_str(xf_csv_field(r, XF_RECORD_FIELDS - 1, NULL), "x",
	    "... its last field read");
	is_int(xf_csv_read(r, &e), 0, "then the end");
	xf_csv_free(r);

	/* One more field, after records ended by lone CRs on its line. */
	b.len = 0;
	str_add(&b, "h1\nok1\rok2\r");
	for (i = 0; i < XF_RECORD_FIELDS; i++)
		str_add(&b, ",");
	str_add(&b, "\nnever,read\n");
	p = put(b.s, b.len);
	snprintf(want, sizeof(want), "1:[h1] 2:[ok1] 2:[ok2] ERR(%d)::2: "
	    "record with more than %d fields", XF_EINPUT, XF_RECORD_FIELDS);
	is_str(dump(p, NULL), want, "XF_RECORD_FIELDS + 1 fields: the file "
	    "stops there, after the records before it on its line");

	/* Endless commas. */
	b.len = 0;
	str_add(&b, "h1\n");
	for (i = 0; i < 3 * (size_t)XF_RECORD_FIELDS; i++)
		str_add(&b, ",");
	p = put(b.s, b.len);
	snprintf(want, sizeof(want), "1:[h1] ERR(%d)::2: record with more "
	    "than %d fields", XF_EINPUT, XF_RECORD_FIELDS);
	is_str(dump(p, NULL), want, "endless commas stop too");
	free(b.s);
}

/* ---- writer --------------------------------------------------------- */

/* Run f on a fresh writer with flags; return what it wrote (static). */
static const char *
written(int flags, void (*f)(struct xf_out *))
{
	static char *buf[4];
	static int k;
	size_t len;
	FILE *fp;
	struct xf_out *o;

	k = (k + 1) % 4;
	free(buf[k]);
	buf[k] = NULL;
	if ((fp = open_memstream(&buf[k], &len)) == NULL)
		bail("open_memstream");
	o = xf_out_new(fp, flags);
	f(o);
	if (xf_out_free(o) != 0)
		printf("# xf_out_free failed\n");
	fclose(fp);
	return buf[k];
}

static void
w_plain(struct xf_out *o)
{
	xf_out_cell(o, "a");
	xf_out_cell(o, "张三");
	xf_out_cell(o, "in side");
	xf_out_cell(o, "");
	xf_out_cell(o, NULL);
	xf_out_int(o, 42);
	xf_out_int(o, -7);
	xf_out_end(o);
	xf_out_cell(o, "b");
	xf_out_end(o);
}

static void
w_special(struct xf_out *o)
{
	xf_out_cell(o, "a,b");
	xf_out_cell(o, "say \"hi\"");
	xf_out_cell(o, "l1\nl2");
	xf_out_cell(o, "cr\rx");
	xf_out_cell(o, "\"");
	xf_out_end(o);
}

static void
w_blanks(struct xf_out *o)
{
	xf_out_cell(o, " lead");
	xf_out_cell(o, "trail ");
	xf_out_cell(o, "\ttab");
	xf_out_cell(o, "tab\t");
	xf_out_cell(o, " ");
	xf_out_cell(o, "mid dle");
	xf_out_end(o);
}

static void
w_celln(struct xf_out *o)
{
	xf_out_celln(o, "abcdef", 3);
	xf_out_celln(o, "x,yz", 3);
	xf_out_celln(o, "ignored", 0);
	xf_out_end(o);
}

static void
w_row(struct xf_out *o)
{
	static const char *const cells[] = { "case_id", "内容, 含逗号", NULL,
	    "z" };

	xf_out_row(o, cells, 4);
	xf_out_row(o, cells, 1);
}

static void
w_excel(struct xf_out *o)
{
	xf_out_cell(o, "=SUM(A1:A9)");
	xf_out_cell(o, "+86 138");
	xf_out_cell(o, "-1");
	xf_out_cell(o, "@cmd");
	xf_out_cell(o, "a=b");
	xf_out_cell(o, "张三");
	xf_out_cell(o, "");
	xf_out_end(o);
	xf_out_cell(o, "=1,2");
	xf_out_cell(o, "=HYPERLINK(\"http://x\")");
	xf_out_cell(o, "-a\nb");
	xf_out_cell(o, "@ ");
	xf_out_end(o);
}

/* Round trip: what the writer writes, the reader reads back. */
static const char *const rt_cells[] = {
	"plain", "a,b", "say \"hi\"", "l1\nl2\nl3", " lead", "trail ", "",
	"反映被盗电动车案件，至今未破", "\"", "x\r\ny",
};
#define NRT (sizeof(rt_cells) / sizeof(rt_cells[0]))

static void
w_roundtrip(struct xf_out *o)
{
	xf_out_row(o, rt_cells, NRT);
	xf_out_row(o, rt_cells, NRT);
}

static void
test_writer(void)
{
	const char *w;

	is_str(written(0, w_plain), "a,张三,in side,,,42,-7\nb\n",
	    "plain cells unquoted; empty and NULL cells empty; LF ends");
	is_str(written(0, w_special),
	    "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\rx\",\"\"\"\"\n",
	    "comma, quote, LF and CR force quotes; quotes doubled");
	is_str(written(0, w_blanks),
	    "\" lead\",\"trail \",\"\ttab\",\"tab\t\",\" \",mid dle\n",
	    "leading or trailing blanks force quotes, inner ones do not");
	is_str(written(0, w_celln), "abc,\"x,y\",\n",
	    "xf_out_celln writes len bytes");
	is_str(written(0, w_row),
	    "case_id,\"内容, 含逗号\",,z\ncase_id\n", "xf_out_row");
	is_str(written(XF_OUT_CRLF, w_plain), "a,张三,in side,,,42,-7\r\nb\r\n",
	    "XF_OUT_CRLF ends rows with CR LF");
	is_str(written(XF_OUT_CRLF, w_special),
	    "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\rx\",\"\"\"\"\r\n",
	    "XF_OUT_CRLF leaves newlines inside cells alone");
	is_str(written(XF_OUT_BOM, w_plain),
	    "\xEF\xBB\xBF" "a,张三,in side,,,42,-7\nb\n",
	    "XF_OUT_BOM writes one BOM first");
	is_str(written(XF_OUT_BOM | XF_OUT_CRLF, w_row),
	    "\xEF\xBB\xBF" "case_id,\"内容, 含逗号\",,z\r\ncase_id\r\n",
	    "XF_OUT_BOM | XF_OUT_CRLF");
	is_str(written(0, w_excel),
	    "=SUM(A1:A9),+86 138,-1,@cmd,a=b,张三,\n"
	    "\"=1,2\",\"=HYPERLINK(\"\"http://x\"\")\",\"-a\nb\",\"@ \"\n",
	    "without XF_OUT_EXCEL_SAFE, = + - @ cells are left alone");
	is_str(written(XF_OUT_EXCEL_SAFE, w_excel),
	    "'=SUM(A1:A9),'+86 138,-1,'@cmd,a=b,张三,\n"
	    "\"'=1,2\",\"'=HYPERLINK(\"\"http://x\"\")\",\"'-a\nb\",\"'@ \"\n",
	    "XF_OUT_EXCEL_SAFE prefixes ' to = + - @ cells, inside the "
	    "quotes when quoted, but leaves a plain negative number");
	is_str(written(XF_OUT_EXCEL_SAFE | XF_OUT_CRLF | XF_OUT_BOM, w_celln),
	    "\xEF\xBB\xBF" "abc,\"x,y\",\r\n", "all three flags together");

	w = written(0, w_roundtrip);
	{
		const char *p = puts_file(w);
		struct xf_err e = { 0 };
		struct xf_csv *r = xf_csv_open(p, NULL, &e);
		int same = r != NULL;

		for (int row = 0; r && row < 2; row++) {
			if (xf_csv_read(r, &e) != 1 ||
			    xf_csv_nfields(r) != NRT) {
				same = 0;
				break;
			}
			for (size_t i = 0; i < NRT; i++)
				if (strcmp(xf_csv_field(r, i, NULL),
				    rt_cells[i]) != 0)
					same = 0;
		}
		ok(same, "what xf_out writes, xf_csv reads back unchanged");
		if (r)
			is_int(xf_csv_line(r), 5, "... second row starts on "
			    "line 5 (the first spans 4)");
		xf_csv_free(r);
	}

	{
		FILE *fp = fopen("/dev/full", "w");

		if (fp == NULL) {
			ok(1, "# SKIP no /dev/full");
		} else {
			struct xf_out *o = xf_out_new(fp, 0);

			for (int i = 0; i < 10000; i++) {
				xf_out_cell(o, "反映被盗电动车案件至今未破");
				xf_out_end(o);
			}
			is_int(xf_out_free(o), -1,
			    "xf_out_free reports a failed write (/dev/full)");
			fclose(fp);
		}
	}
	ok(xf_out_free(NULL) == 0, "xf_out_free(NULL) is harmless");
}

/* Remove the files made here. */
static void
cleanup(void)
{
	char path[300];

	for (int i = 1; i <= nfile; i++) {
		snprintf(path, sizeof(path), "%s/in%03d.csv", tmpdir, i);
		unlink(path);
	}
	rmdir(tmpdir);
}

int
main(void)
{
	const char *dir = getenv("TMPDIR");

	if (dir == NULL || *dir == '\0' || strlen(dir) > 200)
		dir = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/t-csv.XXXXXX", dir);
	if (mkdtemp(tmpdir) == NULL)
		bail("mkdtemp");
	test_basic();
	test_quoting();
	test_lines();
	test_errors();
	test_nul();
	test_stdin();
	test_gb18030();
	test_toolong();
	test_big();
	test_longfield();
	test_longrecord();
	test_manyfields();
	test_writer();
	cleanup();
	return tap_done();
}
