/*
 * t-rules.c: unit tests of rules.c: patterns refused when the rules are
 * read, the prefix of a long field the rules see, a rule giving up, and
 * ordinary rules left alone.
 *
 * Each rules file is written under a private mkdtemp(3) directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "xf-int.h"
#include "tap.h"

static char tmpdir[256];
static char rpath[300];

static void
bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Write text to tmpdir/rules.csv and load it; e gets any error. */
static struct xf_rules *
load(const char *text, struct xf_err *e)
{
	FILE *fp;

	if ((fp = fopen(rpath, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) != 0)
		bail(rpath);
	memset(e, 0, sizeof(*e));
	return xf_rules_load(rpath, e);
}

/* A rules file of one rule "r" with this pattern (CSV-quoted). */
static struct xf_rules *
load1(const char *pattern, struct xf_err *e)
{
	char text[512];

	snprintf(text, sizeof(text), "name,pattern,category\nr,\"%s\",c\n",
	    pattern);
	return load(text, e);
}

/* The pattern is refused, at this column, with a message starting so. */
static void
refused(const char *pattern, int col, const char *start)
{
	struct xf_err e;
	struct xf_rules *rs = load1(pattern, &e);
	char want[600];

	ok(rs == NULL, "refused: %s", pattern);
	is_int(e.code, XF_ECONFIG, "refused: %s: a configuration error",
	    pattern);
	snprintf(want, sizeof(want), "%s:2:%d: %s", rpath, col, start);
	ok(strncmp(e.msg, want, strlen(want)) == 0,
	    "refused: %s: file:line:column and why", pattern);
	if (strncmp(e.msg, want, strlen(want)) != 0)
		tap_diag("got \"%s\", want \"%s...\"", e.msg, want);
	xf_rules_free(rs);
}

static void
loads(const char *pattern)
{
	struct xf_err e;
	struct xf_rules *rs = load1(pattern, &e);

	ok(rs != NULL, "loads: %s", pattern);
	if (rs == NULL)
		tap_diag("%s", e.msg);
	xf_rules_free(rs);
}

static const char *
get(void *arg, const char *field)
{
	return strcmp(field, "content") == 0 ? arg : NULL;
}

/* Match text; returns the rule's category, "-" for none, "!" on error. */
static const char *
match(const struct xf_rules *rs, const char *text, struct xf_err *e)
{
	struct xf_rule_hit hit;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = xf_rules_match(rs, get, (void *)text, &hit, e);
	if (rc < 0)
		return "!";
	return rc == 0 ? "-" : hit.category ? hit.category : "";
}

/* s repeated to exactly n bytes (n a multiple of strlen(s)), then tail. */
static char *
rep(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(s), t = strlen(tail);
	char *b = malloc(n + t + 1);

	if (b == NULL)
		bail("malloc");
	for (size_t i = 0; i < n; i += k)
		memcpy(b + i, s, k);
	memcpy(b + n, tail, t + 1);
	return b;
}

static void
shapes(void)
{
	/* the usual bombs */
	refused("(a+)+$", 5, "a group repeated without bound");
	refused("(.*)*", 5, "a group repeated without bound");
	refused("(x+x+)+y", 7, "a group repeated without bound");
	refused("^(\\w+\\s?)*$", 10, "a group repeated without bound");
	refused("(?:\\d+)*", 8, "a group repeated without bound");
	refused("((a+))+", 7, "a group repeated without bound");
	refused("(?:a*|b)+", 9, "a group repeated without bound");
	refused("(骗+)+", 5, "a group repeated without bound");
	refused("(?<w>\\w+\\s*)+", 13, "a group repeated without bound");
	refused(".*.*=.*", 3, "an unbounded repeat of \".\" right after");
	refused("退款.+.*?", 5, "an unbounded repeat of \".\" right after");

	/* reasonable rules, and bombs made harmless */
	loads(".*退款.*");
	loads("退款.*原因.*");
	loads("拆迁|征地");
	loads("报警.{0,20}(没有|无人)(处理|回复)");
	loads("(\\d+,)+");
	loads("(?:[^,]+,)*x");
	loads("(a|aa)+$");
	loads("(?>a+)+");
	loads("(a+)++");
	loads("(a+){2}");
	loads("[(a+)+]");
	loads("\\(a+\\)+");
	loads("\\Q(a+)+\\E");
	loads("(诈骗+)+");
	loads("(?#a+)(ab+)+");
	loads(".*.?.*");
	loads("(?i)(a+b)+");
	loads("^\\d{4}-\\d{2}-\\d{2}$");
	/* an escape at the very end: the scan stops at the NUL */
	loads("a\\x");
	loads("(?i)a\\N");

	/* a compile error still names its column, in characters */
	{
		struct xf_err e;
		char want[400];

		ok(load1("(诈骗|骗", &e) == NULL, "compile error refused");
		snprintf(want, sizeof(want), "%s:2:6: missing closing "
		    "parenthesis", rpath);
		is_str(e.msg, want, "compile error: file:line:column");
	}
}

static void
matching(void)
{
	struct xf_err e;
	struct xf_rules *rs;
	char *t;

	rs = load("name,pattern,category\n"
	    "refund,.*退款.*,refund\n"
	    "wages,拖欠.*工资,wages\n"
	    "fraud,诈骗,fraud\n"
	    "end,xyz$,end\n"
	    "short,\"^.{0,3}$\",short\n", &e);
	ok(rs != NULL, "ordinary rules load");
	if (rs == NULL) {
		tap_diag("%s", e.msg);
		return;
	}
	is_int(xf_rules_count(rs), 5, "five rules");
	is_str(match(rs, "要求退款", &e), "refund", "keyword");
	is_str(match(rs, "被电信诈骗，要求退款", &e), "refund",
	    "first match wins");
	is_str(match(rs, "单位拖欠三个月工资", &e), "wages", "A.*B");
	is_str(match(rs, "单位拖欠三个月\n工资", &e), "-",
	    ". does not cross a line");
	is_str(match(rs, "没有命中", &e), "-", "no rule matches");
	is_str(match(rs, "abc xyz", &e), "end", "$ at the end");
	is_str(match(rs, "ab", &e), "short", "an anchored rule");

	/* A keyword at the start of a 1 MiB text is found. */
	t = rep("我们", 1039998, "");
	memcpy(t, "诈骗", 6);
	is_str(match(rs, t, &e), "fraud", "1 MiB text: keyword at the start");
	free(t);
	/* .*退款.* on one long line without it: no match, no giving up */
	t = rep("我们", 1039998, "");
	is_str(match(rs, t, &e), "-", "1 MiB line: .*退款.* does not give up");
	free(t);
	/* A.*B over the whole 16 KiB prefix of one line of Chinese */
	t = rep("我们", 1039998, "");
	memcpy(t, "拖欠", 6);
	is_str(match(rs, t, &e), "-", "1 MiB line: 拖欠.*工资 does not give "
	    "up");
	free(t);
	/* Only the first 16 KiB is seen: 诈骗 ending at 16380 or 16386. */
	t = rep("我们", 32766, "");
	memcpy(t + 16374, "诈骗", 6);
	is_str(match(rs, t, &e), "fraud", "keyword inside the first 16 KiB");
	free(t);
	t = rep("我们", 32766, "");
	memcpy(t + 16380, "诈骗", 6);
	is_str(match(rs, t, &e), "-", "keyword across the 16 KiB cut: unseen");
	free(t);
	/* Where the text is cut, $ does not match. */
	t = rep("xyz", 16383, "");
	is_str(match(rs, t, &e), "end", "$ at the end of a 16 KiB text");
	free(t);
	t = rep("xyz", 16386, "");
	is_str(match(rs, t, &e), "-", "$ not at the 16 KiB cut");
	free(t);
	xf_rules_free(rs);
}

static void
giving_up(void)
{
	struct xf_err e;
	struct xf_rules *rs;
	char want[600];
	char *t;

	rs = load("pattern,category\n"
	    "(a|aa)+$,bomb\n"
	    "诈骗,fraud\n", &e);
	ok(rs != NULL, "a bomb the load check does not see loads");
	if (rs == NULL) {
		tap_diag("%s", e.msg);
		return;
	}
	snprintf(want, sizeof(want), "rule %s:2 gave up on this text "
	    "(match limit exceeded); simplify the pattern", rpath);
	t = rep("a", 40, "b");
	is_str(match(rs, t, &e), "!", "short text: gives up");
	is_str(e.msg, want, "short text: the message names file:line");
	is_str(e.column, "content", "short text: about the rule's field");
	is_int(e.code, XF_EROW, "short text: the row is rejected");
	free(t);
	t = rep("a", 1048575, "b");
	is_str(match(rs, t, &e), "!", "1 MiB text: gives up");
	is_str(e.msg, want, "1 MiB text: the same message");
	free(t);
	t = rep("我们", 16380, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	memcpy(t, "诈骗", 6);
	is_str(match(rs, t, &e), "fraud", "a bomb's text past the cut: unseen");
	free(t);
	is_str(match(rs, "被电信诈骗", &e), "fraud", "the next text is "
	    "classified");
	is_str(match(rs, "aaaa", &e), "bomb", "the bomb still matches "
	    "where it can");
	xf_rules_free(rs);
}

int
main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t-rules.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		bail("mkdtemp");
	snprintf(rpath, sizeof(rpath), "%s/rules.csv", tmpdir);
	shapes();
	matching();
	giving_up();
	unlink(rpath);
	rmdir(tmpdir);
	return tap_done();
}
