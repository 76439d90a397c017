/*
 * idno.c: resident ID numbers (GB 11643-1999) and phone numbers.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "xf-int.h"

#define SHOWMAX		64	/* bytes of the masked input in a message */
#define PHONE_MAXDIG	20	/* digits in a phone number, extension aside */
#define EXT_MAX		6	/* digits in an extension */

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

/* 1 if the byte at p starts a UTF-8 character (or is a stray byte). */
static int
charstart(const char *p)
{
	return ((unsigned char)*p & 0xC0) != 0x80;
}

/*
 * Append the n bytes at p to out (size osize, *len used) if they fit with
 * the NUL; returns 0, or -1 when out is full.
 */
static int
put(char *out, size_t osize, size_t *len, const char *p, size_t n)
{
	if (osize - *len <= n)
		return -1;
	memcpy(out + *len, p, n);
	*len += n;
	return 0;
}

/* ---- masking ---------------------------------------------------------- */

/*
 * Write the ID number s with its middle hidden into out (n bytes; cut at
 * a character boundary, NUL-terminated when n > 0).  Blanks at the ends
 * are dropped.  Of 18 characters the first 6 and the last 4 stay and the 8
 * of the birth date become "*" (110105********002X); of 15 the first 6 and
 * the last 3 stay (110105******002).  Text of any other length keeps at
 * most a third of its characters at the start (no more than 6) and a
 * quarter at the end (no more than 4).  Each hidden UTF-8 character
 * becomes one "*".  Returns out.
 */
char *
xf_mask_idno(const char *s, char *out, size_t n)
{
	const char *b, *end, *p, *q;
	size_t chars = 0, head, tail, i = 0, len = 0;

	if (n == 0)
		return out;
	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	xf_trim(&b, &end);
	for (p = b; p < end; p++)
		chars += charstart(p);
	if (chars == 18) {
		head = 6;
		tail = 4;
	} else if (chars == 15) {
		head = 6;
		tail = 3;
	} else {
		head = chars / 3 < 6 ? chars / 3 : 6;
		tail = chars / 4 < 4 ? chars / 4 : 4;
	}
	for (p = b; p < end; p = q, i++) {
		for (q = p + 1; q < end && !charstart(q); q++)
			continue;
		if (i < head || i >= chars - tail) {
			if (put(out, n, &len, p, (size_t)(q - p)) == -1)
				break;
		} else if (put(out, n, &len, "*", 1) == -1)
			break;
	}
	out[len] = '\0';
	return out;
}

/* Length of the run of ASCII digits at p. */
static size_t
digitsat(const char *p, const char *end)
{
	const char *q;

	for (q = p; q < end && *q >= '0' && *q <= '9'; q++)
		continue;
	return (size_t)(q - p);
}

/*
 * The length of the area code and its hyphen when [b, end) is a landline
 * as xf_phone_check writes it (AREA-NUMBER or AREA-NUMBER-EXT), else 0.
 */
static size_t
landline(const char *b, const char *end)
{
	size_t a, n, x = 0;

	a = digitsat(b, end);
	if (a < 3 || a > 4 || b[0] != '0' || b[1] == '0' ||
	    (b[1] == '1' && b[2] != '0') ||
	    a != (b[1] == '1' || b[1] == '2' ? 3u : 4u) || b + a == end ||
	    b[a] != '-')
		return 0;
	n = digitsat(b + a + 1, end);
	if (n < 7 || n > 8 || b[a + 1] == '0')
		return 0;
	if (b + a + 1 + n < end) {
		if (b[a + 1 + n] != '-')
			return 0;
		x = digitsat(b + a + 2 + n, end);
		if (x < 1 || x > EXT_MAX || b + a + 2 + n + x != end)
			return 0;
	}
	return a + 1;
}

/*
 * Write the phone number s with its middle digits hidden into out (n
 * bytes; cut at a character boundary, NUL-terminated when n > 0).  Blanks
 * at the ends are dropped.  A landline as xf_phone_check writes it keeps
 * its area code, the last 4 digits of its number and its extension
 * (0755-****5678-123).  Other text, of d digits in all, keeps the first 3
 * and the last 4 digits when d is 10 or more (138****5678), else the first
 * and the last d / 4; every other digit becomes "*", and what is no digit
 * (+, blanks, hyphens, brackets, 转) stays as written.  Returns out.
 */
char *
xf_mask_phone(const char *s, char *out, size_t n)
{
	const char *b, *end, *p, *q;
	size_t digits = 0, head, tail, i = 0, len = 0, area;
	int isdig;

	if (n == 0)
		return out;
	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	xf_trim(&b, &end);
	if ((area = landline(b, end)) > 0) {
		/* Hide all but the last 4 digits of the number. */
		head = area;
		tail = (size_t)(end - b) - area - (digitsat(b + area, end) - 4);
		for (p = b; p < end && len < n - 1; p++)
			out[len++] = p - b < (ptrdiff_t)head ||
			    end - p <= (ptrdiff_t)tail ? *p : '*';
		out[len] = '\0';
		return out;
	}
	for (p = b; p < end; p++)
		digits += *p >= '0' && *p <= '9';
	if (digits >= 10) {
		head = 3;
		tail = 4;
	} else
		head = tail = digits / 4;
	for (p = b; p < end; p = q) {
		for (q = p + 1; q < end && !charstart(q); q++)
			continue;
		isdig = *p >= '0' && *p <= '9';
		if (isdig && i >= head && i < digits - tail) {
			if (put(out, n, &len, "*", 1) == -1)
				break;
		} else if (put(out, n, &len, p, (size_t)(q - p)) == -1)
			break;
		i += isdig;
	}
	out[len] = '\0';
	return out;
}

/*
 * Quote s masked by mask into show (SHOWMAX + 4 bytes) for a message;
 * returns show.  Called only when a message is built: most numbers are
 * valid and their mask would never be shown.
 */
static const char *
showmasked(const char *s, char *(*mask)(const char *, char *, size_t),
    char *show)
{
	char m[2 * SHOWMAX];

	mask(s, m, sizeof(m));
	xf_excerpt(m, m + strlen(m), show, SHOWMAX);
	return show;
}

static const char *
showid(const char *s, char *show)
{
	return showmasked(s, xf_mask_idno, show);
}

static const char *
showphone(const char *s, char *show)
{
	return showmasked(s, xf_mask_phone, show);
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
 * 1 if the two digits at p are a province-level area code of GB/T 2260
 * (mainland provinces, autonomous regions and municipalities, 71 Taiwan,
 * 81 Hong Kong, 82 Macao), or 83, which the residence permits of Taiwan
 * residents carry (as those of Hong Kong and Macao residents carry 81
 * and 82).
 */
static int
province(const char *p)
{
	static const char codes[][3] = {
		"11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
		"33", "34", "35", "36", "37", "41", "42", "43", "44", "45",
		"46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
		"65", "71", "81", "82", "83"
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i][0] == p[0] && codes[i][1] == p[1])
			return 1;
	return 0;
}

/*
 * The ASCII character that the n-byte character at p stands for when it
 * is a full-width digit (U+FF10..U+FF19) or a full-width X or x (U+FF38,
 * U+FF58), else '\0'.  Chinese input methods type these, and a number
 * typed so is the same number.
 */
static char
fullwidth(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n != 3 || u[0] != 0xEF)
		return '\0';
	if (u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
		return (char)('0' + (u[2] - 0x90));
	if (u[1] == 0xBC && u[2] == 0xB8)
		return 'X';
	if (u[1] == 0xBD && u[2] == 0x98)
		return 'x';
	return '\0';
}

/*
 * Check the resident ID number s (surrounding blanks ignored) as
 * xf_idno_check_asof does, with no as-of day.
 */
int
xf_idno_check(const char *s, char *out, struct xf_err *e)
{
	return xf_idno_check_asof(s, XF_IDNO_NOASOF, out, e);
}

/*
 * Check the resident ID number s (surrounding blanks ignored), counting in
 * characters, with full-width digits and X read as ASCII: 18 characters,
 * 17 digits and a check character (x is taken as X), or a legacy 15-digit
 * number (born 19YY).  The first two digits must be a province-level area
 * code (see province()); the birth date must be a real day, from
 * 1900-01-01 on and not after the day asof (an xf_date_days() number;
 * XF_IDNO_NOASOF for no limit).  out (at least 19 bytes) receives the
 * number in ASCII with X upper-case.  Returns 0, or -1 with a message in e
 * (XF_EROW) that quotes the input masked by xf_mask_idno and never names
 * the right check character.
 */
int
xf_idno_check_asof(const char *s, long asof, char *out, struct xf_err *e)
{
	const char *b, *end, *p, *q;
	char show[SHOWMAX + 4], w[19], c;
	size_t n = 0;
	int y, m, d, am, ad, ay;

	if (s == NULL)
		s = "";
	b = s;
	end = s + strlen(s);
	xf_trim(&b, &end);
	if (b == end)
		return xf_err_set(e, XF_EROW, "empty ID number");
	/*
	 * Count characters, not bytes, and read each as ASCII where it is
	 * one: a number typed in full-width digits has 18 characters and
	 * 54 bytes, and was once refused as not having 18 "characters".
	 */
	for (p = b; p < end; p = q, n++) {
		for (q = p + 1; q < end && !charstart(q); q++)
			continue;
		if (q - p == 1)
			c = *p;
		else if ((c = fullwidth(p, (size_t)(q - p))) == '\0')
			c = '?';	/* no digit, whatever it is */
		if (n < 18)
			w[n] = c;
	}
	if (n != 18 && n != 15)
		return xf_err_set(e, XF_EROW, "ID number must have 18 or 15 "
		    "characters: \"%s\" has %zu", showid(s, show),
		    n);
	if (!isdigits(w, n == 18 ? 17 : 15) ||
	    (n == 18 && !isdigits(w + 17, 1) && w[17] != 'X' && w[17] != 'x'))
		return xf_err_set(e, XF_EROW, "ID number \"%s\" must be digits "
		    "(the last of 18 may be X)", showid(s, show));
	if (!province(w))
		return xf_err_set(e, XF_EROW, "ID number \"%s\" does not start "
		    "with a province-level area code (GB/T 2260): no province "
		    "has code %.2s", showid(s, show), w);
	if (n == 18) {
		y = dig(w + 6, 4);
		m = dig(w + 10, 2);
		d = dig(w + 12, 2);
	} else {
		y = 1900 + dig(w + 6, 2);
		m = dig(w + 8, 2);
		d = dig(w + 10, 2);
	}
	/* The date stays hidden: the mask hides it for a reason. */
	if (!realdate(y, m, d))
		return xf_err_set(e, XF_EROW, "invalid birth date in ID number "
		    "\"%s\"", showid(s, show));
	if (y < 1900)
		return xf_err_set(e, XF_EROW, "birth date in ID number \"%s\" "
		    "is before 1900", showid(s, show));
	if (asof != XF_IDNO_NOASOF && xf_date_days(y, m, d) > asof) {
		xf_date_ymd(asof, &ay, &am, &ad);
		return xf_err_set(e, XF_EROW, "birth date in ID number \"%s\" "
		    "is after the as-of date %04d-%02d-%02d", showid(s, show),
		    ay, am, ad);
	}
	if (n == 18) {
		/* Never say which one is right: it is personal data. */
		if ((w[17] == 'x' ? 'X' : w[17]) != xf_idno_checkchar(w))
			return xf_err_set(e, XF_EROW, "bad ID number check "
			    "character in \"%s\": it does not match the "
			    "other 17 digits", showid(s, show));
	}
	memcpy(out, w, n);
	if (n == 18 && out[17] == 'x')
		out[17] = 'X';
	out[n] = '\0';
	return 0;
}

/* ---- phone numbers ---------------------------------------------------- */

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
 * (XF_EROW) that quotes the input masked by xf_mask_phone.
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
	xf_trim(&b, &end);
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
	if (ne == 0 && lastdash && lastg > alen && lastg - alen >= 7 &&
	    lastg - alen <= 8 && nd - lastg <= EXT_MAX) {
		/*
		 * 010-12345678-123: the last group is an extension, also
		 * when it would make an 8-digit number (021-1234567-8), so
		 * that what this function writes reads back the same.
		 */
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
	return xf_err_set(e, XF_EROW, "invalid phone number \"%s\"",
	    showphone(s, show));
}
