/*
 * mask.c: personal data as exports show it by default.
 *
 * ID numbers and phones are masked by idno.c (xf_mask_idno and
 * xf_mask_phone, which also quote them in messages); names are masked
 * here, and xf_mask_column() says which of the store's columns are
 * personal data, so that every tool masks the same ones the same way.
 */
#include <string.h>

#include "xf-int.h"
#include "xf.h"

/* Bytes in the UTF-8 character that starts with byte c (1 when invalid). */
static size_t
char_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* A name with its first character kept; see xf-int.h. */
char *
xf_mask_name(const char *s, char *out, size_t n)
{
	const char *b = s, *end = s + strlen(s);
	size_t k, o = 0;

	if (n == 0)
		return out;
	xf_trim(&b, &end);
	/* 匿名 ("anonymous") stands where a name would: it names nobody. */
	if ((size_t)(end - b) == strlen("匿名") && memcmp(b, "匿名",
	    strlen("匿名")) == 0) {
		k = (size_t)(end - b) < n ? (size_t)(end - b) : 0;
		memcpy(out, b, k);
		out[k] = '\0';
		return out;
	}
	if (b < end) {
		k = char_len((unsigned char)*b);
		if (k > (size_t)(end - b))
			k = (size_t)(end - b);
		if (k >= n) {	/* not even the first character fits */
			out[0] = '\0';
			return out;
		}
		memcpy(out, b, k);
		o = k;
		b += k;
	}
	/* One star for each further character, however many bytes. */
	while (b < end && o + 1 < n) {
		k = char_len((unsigned char)*b);
		b += k < (size_t)(end - b) ? k : (size_t)(end - b);
		out[o++] = '*';
	}
	out[o] = '\0';
	return out;
}

/* A stored value as an export shows it; see xf-int.h. */
const char *
xf_mask_column(const char *column, const char *s, char *out, size_t n)
{
	if (s == NULL || *s == '\0' || column == NULL)
		return s;
	if (strcmp(column, "petitioner_name") == 0)
		return xf_mask_name(s, out, n);
	if (strcmp(column, "id_number") == 0)
		return xf_mask_idno(s, out, n);
	if (strcmp(column, "phone") == 0)
		return xf_mask_phone(s, out, n);
	return s;
}

/*
 * The bytes of the digit at p (ASCII, or full-width U+FF10 to U+FF19),
 * with its value in *v; 0 if there is none.
 */
static size_t
digit_at(const unsigned char *p, const unsigned char *end, int *v)
{
	if (p < end && *p >= '0' && *p <= '9') {
		*v = *p - '0';
		return 1;
	}
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 &&
	    p[2] <= 0x99) {
		*v = p[2] - 0x90;
		return 3;
	}
	return 0;
}

/* The bytes of an X ending an ID number at p (X, x, full-width Ｘ), or 0. */
static size_t
x_at(const unsigned char *p, const unsigned char *end)
{
	if (p < end && (*p == 'X' || *p == 'x'))
		return 1;
	if (end - p >= 3 && p[0] == 0xEF && ((p[1] == 0xBC && p[2] == 0xB8) ||
	    (p[1] == 0xBD && p[2] == 0x98)))
		return 3;
	return 0;
}

/* Append k bytes to out (n bytes, *len used); -1 when they do not fit. */
static int
add(char *out, size_t n, size_t *len, const void *p, size_t k)
{
	if (*len + k >= n)
		return -1;
	memcpy(out + *len, p, k);
	*len += k;
	return 0;
}

/*
 * Copy the digits from p to end into out, those from index head to
 * ndig - tail as "*", anything between them as it is.
 */
static int
add_masked(char *out, size_t n, size_t *len, const unsigned char *p,
    const unsigned char *end, size_t ndig, size_t head, size_t tail)
{
	size_t i = 0, k;
	int v;

	while (p < end) {
		if ((k = digit_at(p, end, &v)) == 0 && (k = x_at(p, end)) == 0)
			k = 1;
		else {
			if (i >= head && i + tail < ndig) {
				if (add(out, n, len, "*", 1) < 0)
					return -1;
				p += k;
				i++;
				continue;
			}
			i++;
		}
		if (add(out, n, len, p, k) < 0)
			return -1;
		p += k;
	}
	return 0;
}

/* Text with the ID and phone numbers in it masked; see xf.h. */
char *
xf_mask_text(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end, *q, *r;
	size_t len = 0, k, g, d, x;
	int v, first[3] = { 0, 0, 0 };

	if (n == 0)
		return out;
	end = p + strlen(s);
	while (p < end) {
		if (digit_at(p, end, &v) == 0) {
			/*
			 * Not a digit: one character as it is; a bad byte
			 * alone, so that it hides no digit after it.
			 */
			k = char_len(*p) <= (size_t)(end - p) ? char_len(*p) :
			    1;
			for (size_t j = 1; j < k; j++)
				if ((p[j] & 0xC0) != 0x80)
					k = 1;
			if (add(out, n, &len, p, k) < 0)
				break;
			p += k;
			continue;
		}
		/* A run of g digits from p to q, and an X after it. */
		for (q = p, g = 0; (k = digit_at(q, end, &v)) > 0; q += k)
			g++;
		x = g >= 14 ? x_at(q, end) : 0;
		if (g + (x > 0) >= 15) {
			/* An ID number (or more than one): 6 and 4 shown. */
			if (add_masked(out, n, &len, p, q + x, g + (x > 0), 6,
			    g + (x > 0) == 15 ? 3 : 4) < 0)
				break;
			p = q + x;
			continue;
		}
		/*
		 * Digits in groups split by single blanks or hyphens: a
		 * mobile phone (11 digits from 1, or 13 from 861) shows its
		 * first 3 and last 4.
		 */
		for (r = p, d = 0;;) {
			while ((k = digit_at(r, end, &v)) > 0) {
				if (d < 3)
					first[d] = v;
				d++;
				r += k;
			}
			if (r + 1 < end && (*r == ' ' || *r == '-') &&
			    digit_at(r + 1, end, &v) > 0 && d < 13)
				r++;
			else
				break;
		}
		if ((d == 11 && first[0] == 1) || (d == 13 && first[0] == 8 &&
		    first[1] == 6 && first[2] == 1)) {
			if (add_masked(out, n, &len, p, r, d, d - 8, 4) < 0)
				break;
			p = r;
			continue;
		}
		/* Anything else: the first run as it is, and on. */
		if (add(out, n, &len, p, (size_t)(q - p)) < 0)
			break;
		p = q;
	}
	out[len] = '\0';
	return out;
}
