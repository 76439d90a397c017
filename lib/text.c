/*
 * text.c: how alike two petition texts are.
 *
 * The measure is the Dice coefficient of the two sets of character bigrams
 * (pairs of adjacent characters), after blanks, punctuation and symbols
 * are dropped and ASCII letters folded to lower case: 2|A∩B| / (|A| + |B|).
 * Chinese text has no spaces between words, so bigrams of characters work
 * where word sets would not.  Only the first MAXCHARS characters count.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define MAXCHARS 1024

static int
skip_cp(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'));
	return (c >= 0x2000 && c <= 0x206F) ||	/* general punctuation */
	    (c >= 0x3000 && c <= 0x303F) ||	/* CJK punctuation */
	    (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	    (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
	    c == 0x00A0 || c == 0x00B7;
}

/* Decode up to max code points of s, dropping what skip_cp drops. */
static size_t
decode(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n < max) {
		uint32_t c;
		int k;

		if (*p < 0x80) {
			c = *p;
			k = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1F;
			k = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0F;
			k = 2;
		} else {
			c = *p & 0x07;
			k = 3;
		}
		p++;
		for (; k > 0 && (*p & 0xC0) == 0x80; k--)
			c = (c << 6) | (*p++ & 0x3F);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!skip_cp(c))
			out[n++] = c;
	}
	return n;
}

/*
 * Sort v (n at most MAXCHARS) ascending: a Shell sort (Ciura's gaps) with
 * the comparison inline, about three times cheaper than qsort's calls
 * through a pointer for the hundred-odd bigrams of a typical petition.
 */
static void
sort64(uint64_t *v, size_t n)
{
	static const size_t gap[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (size_t g = 0; g < sizeof(gap) / sizeof(gap[0]); g++) {
		size_t h = gap[g];

		for (size_t i = h; i < n; i++) {
			uint64_t x = v[i];
			size_t j = i;

			for (; j >= h && v[j - h] > x; j -= h)
				v[j] = v[j - h];
			v[j] = x;
		}
	}
}

static size_t
bigrams(const char *s, uint64_t *bg)
{
	uint32_t cp[MAXCHARS];
	size_t n = decode(s, cp, MAXCHARS), m = 0;

	if (n == 1)
		bg[m++] = cp[0];
	for (size_t i = 0; i + 1 < n; i++)
		bg[m++] = ((uint64_t)cp[i] << 21) | cp[i + 1];
	sort64(bg, m);
	/* Make it a set. */
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (u == 0 || bg[u - 1] != bg[i])
			bg[u++] = bg[i];
	return u;
}

/* See xf-int.h. */
double
xf_text_similarity(const char *a, const char *b)
{
	uint64_t *x, *y;
	size_t nx, ny, i = 0, j = 0, both = 0;
	double d;

	x = malloc(2 * MAXCHARS * sizeof(*x));
	if (x == NULL)
		return 0;
	y = x + MAXCHARS;
	nx = bigrams(a, x);
	ny = bigrams(b, y);
	if (nx + ny == 0) {
		free(x);
		return 1;
	}
	while (i < nx && j < ny) {
		if (x[i] == y[j]) {
			both++;
			i++;
			j++;
		} else if (x[i] < y[j])
			i++;
		else
			j++;
	}
	d = 2.0 * (double)both / (double)(nx + ny);
	free(x);
	return d;
}
