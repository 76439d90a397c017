/*
 * pattern.c: PCRE2 patterns of the configuration files (rules.csv,
 * routing.csv), compiled and matched under bounds.
 *
 * Every pattern is compiled once, in UTF mode with invalid UTF tolerated,
 * caseless.  A hostile pattern or text cannot stall a cron job: patterns of
 * the shapes that backtrack exponentially are refused when the file is
 * read (shape_check()), a pattern sees only the first PREFIX_MAX bytes of a
 * field, and each match runs under a match limit scaled to that text (see
 * match_limit()), a depth limit and a heap limit.  See LIMITS in
 * xf-rules(5).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/*
 * PCRE2 counts its match limit afresh at every start position, and a step
 * may scan the text (a greedy . repeat), so the work of one match grows
 * with the number of start positions (characters) times the limit.  The
 * limit is therefore MATCH_BUDGET divided by the characters matched, at
 * most MATCH_LIMIT; with the 16 KiB prefix it is never below 6103, enough
 * for "A.*B" across a whole line of the prefix of Chinese text.  Measured,
 * the worst patterns then cost under about 100 ms a row with the JIT; the
 * interpreter is some ten times slower a step, so it gets a tenth.
 */
#define PREFIX_MAX	(16 * 1024)	/* bytes of a field the rules see */
#define MATCH_LIMIT	100000		/* at most, per start position */
#define MATCH_BUDGET	100000000	/* characters times the limit, JIT */
#define DEPTH_LIMIT	5000		/* interpreter */
#define HEAP_LIMIT	8192		/* KiB, interpreter */
#define JIT_STACK_MIN	(32 * 1024)
#define JIT_STACK_MAX	(1024 * 1024)

struct xf_pat {
	pcre2_code *re;
	int jit;		/* re is JIT-compiled */
};

struct xf_matcher {
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	pcre2_jit_stack *jstack;
};

/* Column of byte offset off in p, counted in characters from 1. */
static size_t
charcol(const char *p, size_t off)
{
	size_t col = 1;

	for (size_t k = 0; k < off && p[k]; k++)
		if (((unsigned char)p[k] & 0xC0) != 0x80)
			col++;
	return col;
}

/* How an item of a pattern can match, for shape_check(). */
enum { IT_ZERO, IT_REQ, IT_OPT, IT_UNB };

/* One open group of shape_check(). */
struct sgroup {
	int only;	/* this alternative: optional, unbounded items only */
	int unb;	/* this alternative: an unbounded repeat */
	int bomb;	/* an earlier alternative was only && unb */
	int atomic;	/* (?>...) or a lookaround: no backtracking into it */
	int prevdot;	/* the last item was an unbounded repeat of "." */
};

/*
 * Skip the item of pattern p at i that is not a group: an escape, a class,
 * a literal character.  Returns the offset after it; *kind is IT_ZERO for
 * an assertion, else IT_REQ, and *dot tells whether it is ".".
 */
static size_t
skip_atom(const char *p, size_t i, int *kind, int *dot)
{
	*kind = IT_REQ;
	*dot = 0;
	switch (p[i]) {
	case '.':
		*dot = 1;
		return i + 1;
	case '^':
	case '$':
		*kind = IT_ZERO;
		return i + 1;
	case '[':
		i++;
		if (p[i] == '^')
			i++;
		if (p[i] == ']')
			i++;
		while (p[i] && p[i] != ']') {
			if (p[i] == '\\' && p[i + 1])
				i++;
			else if (p[i] == '[' && p[i + 1] == ':') {
				const char *e = strstr(p + i + 2, ":]");

				if (e != NULL)
					i = (size_t)(e - p) + 1;
			}
			i++;
		}
		return p[i] ? i + 1 : i;
	case '\\':
		if (p[i + 1] == '\0')
			return i + 1;
		if (strchr("bBAzZGK", p[i + 1]) != NULL) {
			*kind = IT_ZERO;
			return i + 2;
		}
		if (p[i + 1] == 'c' && p[i + 2])
			return i + 3;
		if (strchr("xopPNgk", p[i + 1]) != NULL &&
		    p[i + 2] != '\0' && strchr("{<'", p[i + 2]) != NULL) {
			const char *e = strpbrk(p + i + 3, "}>'");

			return e ? (size_t)(e - p) + 1 : strlen(p);
		}
		i++;
		break;
	}
	/* one character, however many bytes */
	i++;
	while (((unsigned char)p[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/*
 * Skip the opening of the group of pattern p at i: "(", "(?:", "(?<name>",
 * "(?i:" and the like.  Returns the offset of its body; *atomic tells
 * whether the group is atomic or a lookaround (not backtracked into).
 */
static size_t
skip_open(const char *p, size_t i, int *atomic)
{
	const char *e;

	*atomic = 0;
	if (p[++i] != '?')
		return i;
	i++;
	switch (p[i]) {
	case '>':
	case '=':
	case '!':
		*atomic = 1;
		return i + 1;
	case '(':
		return i;	/* a condition, read as a group */
	case '<':
		if (p[i + 1] == '=' || p[i + 1] == '!') {
			*atomic = 1;
			return i + 2;
		}
		e = strchr(p + i, '>');
		return e ? (size_t)(e - p) + 1 : i;
	case '\'':
		e = strchr(p + i + 1, '\'');
		return e ? (size_t)(e - p) + 1 : i;
	case 'P':
		if (p[i + 1] == '<') {
			e = strchr(p + i, '>');
			return e ? (size_t)(e - p) + 1 : i;
		}
		break;
	}
	i += strspn(p + i, "imnsxJU-^");	/* (?i: and the like */
	if (p[i] == ':' || p[i] == '|')
		i++;
	return i;
}

/*
 * Read the quantifier of pattern p at i, if any.  Returns the offset after
 * it; *unb tells whether it is unbounded (*, +, {n,}), *opt whether it
 * allows none, *poss whether it is possessive.
 */
static size_t
skip_quant(const char *p, size_t i, int *unb, int *opt, int *poss)
{
	*unb = *opt = *poss = 0;
	switch (p[i]) {
	case '*':
		*unb = *opt = 1;
		i++;
		break;
	case '+':
		*unb = 1;
		i++;
		break;
	case '?':
		*opt = 1;
		i++;
		break;
	case '{': {
		size_t k = i + 1, d = 0;

		while (p[k] >= '0' && p[k] <= '9')
			k++, d++;
		if (d == 0)
			return i;	/* a literal brace */
		*opt = strspn(p + i + 1, "0") == d;
		if (p[k] == ',') {
			size_t d2;

			k++;
			d2 = strspn(p + k, "0123456789");
			*unb = d2 == 0;
			k += d2;
		}
		if (p[k] != '}') {
			*unb = *opt = 0;
			return i;
		}
		i = k + 1;
		break;
	}
	default:
		return i;
	}
	if (p[i] == '+') {
		*poss = 1;
		i++;
	} else if (p[i] == '?')
		i++;
	return i;
}

/*
 * Look in pattern p for the shapes that backtrack exponentially: a group
 * repeated without bound whose body can match by repeats alone, as in
 * (a+)+, (.*)* or (\w+\s?)*, and two unbounded repeats of "." side by
 * side, as in .*.*.  A possessive repeat or an atomic group is never counted.
 * Returns the byte offset of the culprit with *msg set, or -1.  This is a
 * quick scan of the usual shapes, not a proof: the match limits remain the
 * bound.
 */
static long
shape_check(const char *p, const char **msg)
{
	struct sgroup st[64];
	int top = 0;
	size_t i = 0;

	memset(&st[0], 0, sizeof(st[0]));
	st[0].only = 1;
	while (p[i]) {
		size_t at = i, k;
		int kind, dot = 0, unb, opt, poss, atomic = 0;

		if (p[i] == '\\' && p[i + 1] == 'Q') {
			const char *e = strstr(p + i, "\\E");

			i = e ? (size_t)(e - p) + 2 : strlen(p);
			st[top].only = 0;
			st[top].prevdot = 0;
			continue;
		}
		if (p[i] == '(' && (p[i + 1] == '*' ||
		    (p[i + 1] == '?' && p[i + 2] == '#'))) {
			/* a verb, an option setting or a comment */
			const char *e = strchr(p + i, ')');

			i = e ? (size_t)(e - p) + 1 : strlen(p);
			continue;
		}
		if (p[i] == '(' && p[i + 1] == '?' && p[i + 2] != ')' &&
		    (k = strspn(p + i + 2, "imnsxJU-^")) ==
		    strcspn(p + i + 2, ")") && p[i + 2 + k] == ')') {
			i += 2 + k + 1;		/* (?i) */
			continue;
		}
		if (p[i] == '(') {
			if (top + 1 >= (int)(sizeof(st) / sizeof(st[0])))
				return -1;
			top++;
			memset(&st[top], 0, sizeof(st[top]));
			st[top].only = 1;
			i = skip_open(p, i, &st[top].atomic);
			continue;
		}
		if (p[i] == '|') {
			st[top].bomb |= st[top].only && st[top].unb;
			st[top].only = 1;
			st[top].unb = 0;
			st[top].prevdot = 0;
			i++;
			continue;
		}
		if (p[i] == ')' && top > 0) {
			struct sgroup *g = &st[top--];

			g->bomb |= g->only && g->unb;
			atomic = g->atomic;
			kind = g->bomb && !atomic ? IT_UNB : IT_REQ;
			i++;
			at = i;
			i = skip_quant(p, i, &unb, &opt, &poss);
			if (kind == IT_UNB && unb && !poss) {
				*msg = "a group repeated without bound that "
				    "holds only repeats, as in (a+)+, "
				    "backtracks exponentially; drop one "
				    "repeat";
				return (long)at;
			}
		} else {
			i = skip_atom(p, i, &kind, &dot);
			i = skip_quant(p, i, &unb, &opt, &poss);
			if (kind == IT_ZERO)
				continue;
		}
		if (unb && !poss && !atomic)
			kind = IT_UNB;
		else if (opt && kind != IT_UNB)
			kind = IT_OPT;
		if (dot && kind == IT_UNB && st[top].prevdot) {
			*msg = "an unbounded repeat of \".\" right after "
			    "another, as in .*.*, backtracks to no end; "
			    "keep one";
			return (long)at;
		}
		st[top].prevdot = dot && kind == IT_UNB;
		st[top].only &= kind == IT_OPT || kind == IT_UNB;
		st[top].unb |= kind == IT_UNB;
	}
	return -1;
}

/*
 * The part of pattern p that decides whether it matches somewhere: without
 * a leading ".*" or ".*?" (the search tries every start anyway) and without
 * a trailing one (it may match nothing).  Sets *off and returns the length.
 * Such a ".*" costs a step a character on a long line, and so could reach
 * the match limit on a plain keyword rule such as .*退款.*.
 */
static size_t
strip_dotstar(const char *p, size_t *off)
{
	size_t b = 0, e = strlen(p), d, nb;

	*off = 0;
	if (strstr(p, "\\Q") != NULL)
		return e;
	if (p[0] == '.' && p[1] == '*') {
		b = p[2] == '?' ? 3 : 2;
		if (p[b] && strchr("+?*{", p[b]) != NULL)
			b = 0;
	}
	if (e >= b + 2 && p[e - 1] == '*' && p[e - 2] == '.')
		d = e - 2;
	else if (e >= b + 3 && p[e - 1] == '?' && p[e - 2] == '*' &&
	    p[e - 3] == '.')
		d = e - 3;
	else
		d = e;
	for (nb = 0; d < e && nb < d && p[d - nb - 1] == '\\'; nb++)
		continue;
	if (d < e && nb % 2 == 0)
		e = d;
	*off = b;
	return e - b;
}


/* Compile a pattern; see xf-int.h. */
struct xf_pat *
xf_pat_new(const char *p, char *why, size_t whysize, size_t *col)
{
	struct xf_pat *pt;
	PCRE2_SIZE erroff;
	size_t jitsize = 0, plen, off;
	const char *msg;
	long bad;
	int errcode;

	*col = 0;
	if ((pt = calloc(1, sizeof(*pt))) == NULL) {
		snprintf(why, whysize, "out of memory");
		return NULL;
	}
	pt->re = pcre2_compile((PCRE2_SPTR)p, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_CASELESS, &errcode,
	    &erroff, NULL);
	if (pt->re == NULL) {
		PCRE2_UCHAR m[256];

		pcre2_get_error_message(errcode, m, sizeof(m));
		snprintf(why, whysize, "%s", (char *)m);
		*col = charcol(p, erroff);
		free(pt);
		return NULL;
	}
	if ((bad = shape_check(p, &msg)) >= 0) {
		snprintf(why, whysize, "%s", msg);
		*col = charcol(p, (size_t)bad);
		xf_pat_free(pt);
		return NULL;
	}
	/* Compiled as written above for its errors; used without the .* at
	 * its ends. */
	plen = strip_dotstar(p, &off);
	if (plen != strlen(p)) {
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)p + off, plen,
		    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_CASELESS,
		    &errcode, &erroff, NULL);

		if (re != NULL) {
			pcre2_code_free(pt->re);
			pt->re = re;
		}
	}
	/* JIT where the platform has it; the interpreter otherwise. */
	if (pcre2_jit_compile(pt->re, PCRE2_JIT_COMPLETE) == 0 &&
	    pcre2_pattern_info(pt->re, PCRE2_INFO_JITSIZE, &jitsize) == 0)
		pt->jit = jitsize > 0;
	return pt;
}

void
xf_pat_free(struct xf_pat *pt)
{
	if (pt == NULL)
		return;
	pcre2_code_free(pt->re);
	free(pt);
}

/* A match context with the depth and heap limits; see xf-int.h. */
struct xf_matcher *
xf_matcher_new(void)
{
	struct xf_matcher *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->mctx = pcre2_match_context_create(NULL);
	m->md = pcre2_match_data_create(4, NULL);
	if (m->mctx == NULL || m->md == NULL) {
		xf_matcher_free(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, HEAP_LIMIT);
	/* A JIT stack of its own, so that deep matches need no fallback. */
	if ((m->jstack = pcre2_jit_stack_create(JIT_STACK_MIN,
	    JIT_STACK_MAX, NULL)) != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	return m;
}

void
xf_matcher_free(struct xf_matcher *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jstack);
	free(m);
}

/*
 * Length of the part of s (len bytes) that the rules see: at most
 * PREFIX_MAX bytes, not cutting a UTF-8 character.
 */
static size_t
prefix_len(const char *s, size_t len)
{
	size_t n = PREFIX_MAX;

	if (len <= n)
		return len;
	for (int k = 0; k < 3 && ((unsigned char)s[n] & 0xC0) == 0x80; k++)
		n--;
	return n;
}

/*
 * Match limit for a text of nchar characters: the limit counts afresh at
 * each start position, so it is the budget shared among them.
 */
static uint32_t
match_limit(size_t nchar, int jit)
{
	size_t budget = jit ? MATCH_BUDGET : MATCH_BUDGET / 10;
	size_t l = nchar > 0 ? budget / nchar : MATCH_LIMIT;

	return l < MATCH_LIMIT ? (uint32_t)l : MATCH_LIMIT;
}

/* The part of s a pattern sees; see xf-int.h. */
void
xf_subject_set(struct xf_subject *t, const char *s)
{
	t->s = s;
	t->len = strlen(s);
	t->n = prefix_len(s, t->len);
	t->nchar = 0;
	for (size_t k = 0; k < t->n; k++)
		t->nchar += ((unsigned char)s[k] & 0xC0) != 0x80;
}

/* Match under the bounds; see xf-int.h. */
int
xf_pat_match(struct xf_matcher *m, const struct xf_pat *pt,
    const struct xf_subject *t, char *why, size_t whysize)
{
	int rc;

	pcre2_set_match_limit(m->mctx, match_limit(t->nchar, pt->jit));
	/* Where the text is cut, it does not end: $ fails there. */
	rc = pcre2_match(pt->re, (PCRE2_SPTR)t->s, t->n, 0,
	    t->n < t->len ? PCRE2_NOTEOL : 0, m->md, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		snprintf(why, whysize, "%s", (char *)msg);
		return -1;
	}
	return 1;
}
