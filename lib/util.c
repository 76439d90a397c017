/*
 * util.c: error values and UTF-8 checks shared by the whole library.
 */
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "xf-int.h"

/*
 * Fill e with code and a formatted message, clearing its column.
 * Returns -1 so callers can write "return xf_err_set(...)".
 */
int
xf_err_set(struct xf_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	e->column[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* As xf_err_set, and name the column the error is about. */
int
xf_err_col(struct xf_err *e, int code, const char *column,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	snprintf(e->column, sizeof(e->column), "%s", column ? column : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Return the offset of the first byte that does not start a well-formed
 * UTF-8 sequence (overlong forms, surrogates and values past U+10FFFF are
 * ill-formed, as is a NUL byte), or len when all of s is good.
 */
size_t
xf_utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		if (i + n >= len)
			return i;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= n; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return i;
		i += n + 1;
	}
	return len;
}

/*
 * Offset of the first U+FFFD in s (len bytes), or len: the character a
 * rejects file puts for bytes it could not keep (xf(7)).
 */
size_t
xf_fffd_at(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	/* memchr finds the lead byte fast; most fields have none. */
	while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && (unsigned char)p[1] == 0xBF &&
		    (unsigned char)p[2] == 0xBD)
			return (size_t)(p - s);
		p++;
	}
	return len;
}

/* -1 with e set (XF_EROW, column) when s holds a U+FFFD; see xf.h. */
int
xf_err_fffd(struct xf_err *e, const char *column, const char *s,
    size_t len)
{
	size_t bad = xf_fffd_at(s, len);

	if (bad == len)
		return 0;
	return xf_err_col(e, XF_EROW, column, "U+FFFD at byte %zu, put for "
	    "bytes that could not be kept (as a rejects file does): write "
	    "the value as it should be", bad + 1);
}

/* 1 when s[0..len) is well-formed UTF-8 without NUL bytes. */
int
xf_utf8_valid(const char *s, size_t len)
{
	return xf_utf8_check(s, len) == len;
}

/* The suite's exit status for an error of e's class (see xf(7)). */
int
xf_err_exit(const struct xf_err *e)
{
	switch (e->code) {
	case XF_ECONFIG:
		return XF_EXIT_USAGE;
	case XF_EBUSY:
		return XF_EXIT_BUSY;
	default:
		return XF_EXIT_FATAL;
	}
}

/*
 * Copy at most max bytes of [b, end) into buf (max + 4 bytes) for quoting
 * in a message: control characters become '?', a cut falls on a character
 * boundary and is marked with "...".
 */
void
xf_excerpt(const char *b, const char *end, char *buf, size_t max)
{
	size_t n = (size_t)(end - b), i;
	int cut = 0;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80)
			n--;
		cut = 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char u = (unsigned char)b[i];

		buf[i] = u < 0x20 || u == 0x7F ? '?' : (char)u;
	}
	if (cut) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
}

/* Can iconv read encoding?  See xf.h. */
int
xf_encoding_check(const char *encoding, struct xf_err *e)
{
	iconv_t cd;

	if (strcasecmp(encoding, "UTF-8") == 0 ||
	    strcasecmp(encoding, "UTF8") == 0)
		return 0;
	if ((cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1)
		return xf_err_set(e, XF_ECONFIG, "--encoding: unknown "
		    "encoding \"%s\" (try GB18030)", encoding);
	iconv_close(cd);
	return 0;
}

/*
 * Length of the blank at p (before end): 1 for an ASCII space, tab, CR,
 * LF, VT or FF, 2 for U+00A0 (no-break space), 3 for U+3000 (ideographic
 * space), 0 for anything else.  Every trim of the toolkit uses this.
 */
size_t
xf_blank_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n >= 1 && (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n' ||
	    *u == '\v' || *u == '\f'))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* Move *b and *end past the blanks at both ends of [*b, *end). */
void
xf_trim(const char **b, const char **end)
{
	size_t n, k;

	while ((n = xf_blank_len(*b, *end)) > 0)
		*b += n;
	for (;;) {
		for (k = 1; k <= 3; k++)
			if ((size_t)(*end - *b) >= k &&
			    xf_blank_len(*end - k, *end) == k)
				break;
		if (k > 3)
			break;
		*end -= k;
	}
}
