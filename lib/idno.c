/*
 * idno.c: resident ID numbers (GB 11643-1999) and phone numbers.
 */
#include <stdio.h>
#include <string.h>

#include "xf-int.h"

#define SHOWMAX	64	/* bytes of the input quoted in a message */

/* Length of the blank (ASCII space or tab, U+3000) at p, or 0. */
static size_t
blankat(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		return 1;
	if (end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Trim blanks from [*b, *end). */
static void
trim(const char **b, const char **end)
{
	size_t n;

	while ((n = blankat(*b, *end)) > 0)
		*b += n;
	for (;;) {
		if (*end > *b && blankat(*end - 1, *end) == 1)
			*end -= 1;
		else if (*end - *b >= 3 && blankat(*end - 3, *end) == 3)
			*end -= 3;
		else
			break;
	}
}


static int
isdigits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
dig(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* ---- ID numbers ------------------------------------------------------- */

/*
 * 1 if y-m-d is a real date.  (xf_date_days cannot tell: its -1 for "no
 * date" is also the day number of 1969-12-31, a common birth date.)
 */
static int
realdate(int y, int m, int d)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= n[m - 1] + (m == 2 && leap);
}

/*
 * The GB 11643-1999 check character ('0'..'9' or 'X') for the 17 digits
 * at s17, or '\0' if one of them is no digit.
 */
char
xf_idno_checkchar(const char *s17)
{
	static const int w[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (s17[i] < '0' || s17[i] > '9')
			return '\0';
		sum += (s17[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

/*
 * Check the resident ID number s (surrounding blanks ignored): 18
 * characters, 17 digits and a check character (x is taken as X), with a
 * real birth date from 1900 on; or a legacy 15-digit number whose birth
 * date 19YYMMDD is real.  out (at least 19 bytes) receives the number with
 * X upper-case.  Returns 0, or -1 with a message in e (XF_EROW).
 */
int
xf_idno_check(const char *s, char *out, struct xf_err *e)
{
	const char *b, *end;
	char show[SHOWMAX + 4], want;
	size_t n, chars, i;
	int y, m, d;

	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	trim(&b, &end);
	n = (size_t)(end - b);
	xf_excerpt(b, end, show, SHOWMAX);
	if (n == 0)
		return xf_err_set(e, XF_EROW, "empty ID number");
	if (n != 18 && n != 15) {
		for (chars = 0, i = 0; i < n; i++)
			if (((unsigned char)b[i] & 0xC0) != 0x80)
				chars++;
		return xf_err_set(e, XF_EROW, "ID number must have 18 or 15 "
		    "characters: \"%s\" has %zu", show, chars);
	}
	if (!isdigits(b, n == 18 ? 17 : 15) ||
	    (n == 18 && !isdigits(b + 17, 1) && b[17] != 'X' && b[17] != 'x'))
		return xf_err_set(e, XF_EROW, "ID number \"%s\" must be digits "
		    "(the last of 18 may be X)", show);
	if (n == 18) {
		y = dig(b + 6, 4);
		m = dig(b + 10, 2);
		d = dig(b + 12, 2);
	} else {
		y = 1900 + dig(b + 6, 2);
		m = dig(b + 8, 2);
		d = dig(b + 10, 2);
	}
	if (y < 1900 || !realdate(y, m, d))
		return xf_err_set(e, XF_EROW, "invalid birth date in ID number "
		    "\"%s\"", show);
	if (n == 18) {
		want = xf_idno_checkchar(b);
		if ((b[17] == 'x' ? 'X' : b[17]) != want)
			return xf_err_set(e, XF_EROW, "bad ID number check "
			    "character \"%s\": expected %c", show, want);
	}
	memcpy(out, b, n);
	if (n == 18 && out[17] == 'x')
		out[17] = 'X';
	out[n] = '\0';
	return 0;
}

/* ---- phone numbers ---------------------------------------------------- */

#define PHONE_MAXDIG	20
#define EXT_MAX		6

/* ASCII case-insensitive prefix match; returns its length or 0. */
static size_t
prefixci(const char *p, const char *end, const char *lit)
{
	size_t i, n = strlen(lit);

	if ((size_t)(end - p) < n)
		return 0;
	for (i = 0; i < n; i++) {
		int a = (unsigned char)p[i];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != (unsigned char)lit[i])
			return 0;
	}
	return n;
}

/* Length of an extension marker (转, 分机, ext, ext.) at p, or 0. */
static size_t
extmark(const char *p, const char *end)
{
	static const char *const mark[] = {
		"转", "分机", "ext.", "ext", NULL
	};
	size_t n;
	int i;

	for (i = 0; mark[i] != NULL; i++)
		if ((n = prefixci(p, end, mark[i])) > 0)
			return n;
	return 0;
}

/*
 * Check and normalise the phone number s (surrounding blanks ignored).
 *
 * Mobile: 1[3-9] and 9 more digits, optionally after +86, 0086 or 86;
 * spaces and hyphens may group the digits.  out gets the 11 digits.
 *
 * Landline: 0, an area code (010 and 02x: 3 digits with the 0, others 4)
 * and a 7- or 8-digit number not starting with 0; the area code may
 * be in parentheses, spaces and hyphens may separate groups, and an
 * extension of up to 6 digits may follow a hyphen, 转, 分机 or "ext".
 * After +86 or 0086 the leading 0 of the area code may be left out.  out
 * gets "AREA-NUMBER" and "-EXT" when there is an extension.
 *
 * out must have at least 32 bytes.  Returns 0, or -1 with a message in e
 * (XF_EROW).
 */
int
xf_phone_check(const char *s, char *out, struct xf_err *e)
{
	const char *b, *end, *p;
	char show[SHOWMAX + 4], d[PHONE_MAXDIG + 2], ext[EXT_MAX + 1];
	size_t nd = 0, ne = 0, n, lastg = 0, alen, sub;
	int plus = 0, dash = 0, lastdash = 0, inparen = 0, paren = 0;
	int pstart = 0, plen = -1, pending = 0, shift = 0;

	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	trim(&b, &end);
	xf_excerpt(b, end, show, SHOWMAX);
	/* Separators only between digits. */
	if (b == end || (*b != '+' && *b != '(' && (*b < '0' || *b > '9')) ||
	    end[-1] < '0' || end[-1] > '9')
		goto bad;
	p = b;
	if (p < end && *p == '+') {
		plus = 1;
		p++;
	}
	while (p < end) {
		if (*p >= '0' && *p <= '9') {
			if (nd == PHONE_MAXDIG)
				goto bad;
			if (!pending) {
				pending = 1;
				lastg = nd;
				lastdash = dash;
				dash = 0;
			}
			d[nd++] = *p++;
			continue;
		}
		pending = 0;
		if (*p == ' ' || *p == '-' || *p == '\t') {
			if (*p == '-')
				dash = 1;
			p++;
			continue;
		}
		if (*p == '(') {
			/* Only the area code, only once, at the start. */
			if (paren || (nd != 0 && !(plus && nd == 2)))
				goto bad;
			paren = inparen = 1;
			pstart = (int)nd;
			p++;
			dash = 0;
			continue;
		}
		if (*p == ')') {
			if (!inparen)
				goto bad;
			inparen = 0;
			plen = (int)nd - pstart;
			p++;
			dash = 0;
			continue;
		}
		if (nd > 0 && !inparen && (n = extmark(p, end)) > 0) {
			p += n;
			while (p < end && (*p == ' ' || *p == ':' || *p == '.'))
				p++;
			while (p < end && *p >= '0' && *p <= '9') {
				if (ne == EXT_MAX)
					goto bad;
				ext[ne++] = *p++;
			}
			if (ne == 0 || p != end)
				goto bad;
			break;
		}
		goto bad;
	}
	if (inparen || nd == 0)
		goto bad;
	d[nd] = '\0';

	/* Country code. */
	if (plus) {
		if (nd < 2 || d[0] != '8' || d[1] != '6')
			goto bad;
		shift = 2;
	} else if (nd > 4 && memcmp(d, "0086", 4) == 0)
		shift = 4;
	else if (nd == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1' &&
	    d[3] >= '3' && d[3] <= '9')
		shift = 2;
	if (shift > 0) {
		if (paren && pstart < shift)
			goto bad;
		memmove(d, d + shift, nd - shift + 1);
		nd -= shift;
		pstart -= shift;
		if (lastg >= (size_t)shift)
			lastg -= shift;
		else {
			lastg = 0;
			lastdash = 0;
		}
		if (nd > 0 && d[0] != '0' && !(nd == 11 && d[0] == '1' &&
		    d[1] >= '3' && d[1] <= '9')) {
			/* +86 10 ...: put back the trunk prefix 0. */
			if (nd >= PHONE_MAXDIG)
				goto bad;
			memmove(d + 1, d, nd + 1);
			d[0] = '0';
			nd++;
			lastg++;
			if (plen >= 0)
				plen++;
		}
	}

	if (nd == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
		if (ne > 0 || paren)
			goto bad;
		memcpy(out, d, 12);
		return 0;
	}

	if (nd < 2 || d[0] != '0' || d[1] == '0' ||
	    (d[1] == '1' && d[2] != '0'))
		goto bad;
	alen = (d[1] == '1' || d[1] == '2') ? 3 : 4;
	if (nd <= alen || d[alen] == '0')
		goto bad;
	sub = nd - alen;
	if ((sub < 7 || sub > 8) && ne == 0 && lastdash && lastg > alen &&
	    lastg - alen >= 7 && lastg - alen <= 8 && nd - lastg <= EXT_MAX) {
		/* 010-12345678-123: the last group is an extension. */
		ne = nd - lastg;
		memcpy(ext, d + lastg, ne);
		nd = lastg;
		sub = nd - alen;
	}
	if (sub < 7 || sub > 8)
		goto bad;
	if (paren && plen != (int)alen)
		goto bad;
	snprintf(out, 32, "%.*s-%.*s%s%.*s", (int)alen, d, (int)sub, d + alen,
	    ne > 0 ? "-" : "", (int)ne, ext);
	return 0;

bad:
	return xf_err_set(e, XF_EROW, "invalid phone number \"%s\"", show);
}
