/*
 * buf.c: growing strings and hashing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/* Append n bytes; the buffer stays NUL-terminated.  Returns 0 or -1. */
int
xf_buf_add(struct xf_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 128;
		char *p;

		while (c < b->len + n + 1)
			c *= 2;
		if ((p = realloc(b->s, c)) == NULL)
			return -1;
		b->s = p;
		b->cap = c;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int
xf_buf_adds(struct xf_buf *b, const char *s)
{
	return xf_buf_add(b, s, strlen(s));
}

/* Append s as a JSON string: quoted, with control characters escaped. */
int
xf_buf_json(struct xf_buf *b, const char *s)
{
	char esc[8];

	if (xf_buf_add(b, "\"", 1) < 0)
		return -1;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			if (xf_buf_add(b, esc, 2) < 0)
				return -1;
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			if (xf_buf_add(b, esc, 6) < 0)
				return -1;
		} else if (xf_buf_add(b, s, 1) < 0)
			return -1;
	}
	return xf_buf_add(b, "\"", 1);
}

void
xf_buf_reset(struct xf_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
xf_buf_free(struct xf_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Up to eight bytes as a little-endian word, the same on every machine. */
static uint64_t
load64(const unsigned char *s, size_t n)
{
	uint64_t w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)s[i] << (8 * i);
	return w;
}

/*
 * Hash p[0..n) continuing from h: eight bytes at a time, each word mixed
 * in with a multiply and rotate, then a splitmix64 finaliser so nearby
 * inputs spread out.  Not cryptographic; used for fingerprints and keys.
 */
uint64_t
xf_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;

	h ^= (uint64_t)n * 0x9e3779b97f4a7c15ULL;
	for (; n >= 8; s += 8, n -= 8) {
		w = load64(s, 8);
		h ^= w * 0xff51afd7ed558ccdULL;
		h = (h << 31 | h >> 33) * 0xc4ceb9fe1a85ec53ULL;
	}
	w = load64(s, n);
	h ^= w * 0xff51afd7ed558ccdULL;
	h = (h << 31 | h >> 33) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}
