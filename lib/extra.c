/*
 * extra.c: the columns xf-intake did not know, back out of the JSON
 * object it kept them in (cases.extra), for xf-export.
 *
 * The object is what xf-intake writes with xf_buf_json(): string keys and
 * values, quotes, backslashes and control characters escaped.  Any other
 * JSON value is kept as written; a malformed object gives what came
 * before the fault.  Keys are found by a hash, since a file may have
 * brought in thousands of columns.
 */
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

struct xf_extra {
	char **name;		/* the columns, in order */
	size_t n, max;
	size_t *slot;		/* open addressing on name: index + 1 */
	size_t cap;
	struct xf_buf buf;	/* a row's object, decoded */
	size_t *off;		/* each column's value in buf: offset + 1 */
	const char **v;		/* each column's value, "" when absent */
};

struct xf_extra *
xf_extra_new(void)
{
	return calloc(1, sizeof(struct xf_extra));
}

void
xf_extra_free(struct xf_extra *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->name[i]);
	free(x->name);
	free(x->slot);
	free(x->off);
	free(x->v);
	xf_buf_free(&x->buf);
	free(x);
}

size_t
xf_extra_count(const struct xf_extra *x)
{
	return x->n;
}

const char *
xf_extra_name(const struct xf_extra *x, size_t k)
{
	return k < x->n ? x->name[k] : "";
}

static size_t
xhash(const char *s, size_t len)
{
	return (size_t)xf_hash(XF_HASH_INIT, s, len);
}

/* The column of key (len bytes), or -1. */
static long
xfind(const struct xf_extra *x, const char *key, size_t len)
{
	size_t i;

	if (x->cap == 0)
		return -1;
	for (i = xhash(key, len) % x->cap; x->slot[i]; i = (i + 1) % x->cap) {
		const char *k = x->name[x->slot[i] - 1];

		if (strlen(k) == len && memcmp(k, key, len) == 0)
			return (long)x->slot[i] - 1;
	}
	return -1;
}

/* Add a column (a key not there yet); see xf-int.h. */
int
xf_extra_add(struct xf_extra *x, const char *key)
{
	size_t i;

	if (xfind(x, key, strlen(key)) >= 0)
		return 0;
	if (x->n == x->max) {
		size_t max = x->max ? x->max * 2 : 16;
		char **nv = realloc(x->name, max * sizeof(*nv));
		size_t *no = nv ? realloc(x->off, max * sizeof(*no)) : NULL;
		const char **vv = no ? realloc(x->v, max * sizeof(*vv)) : NULL;

		if (nv)
			x->name = nv;
		if (no)
			x->off = no;
		if (vv == NULL)
			return -1;
		x->v = vv;
		x->max = max;
	}
	if ((x->name[x->n] = strdup(key)) == NULL)
		return -1;
	x->off[x->n] = 0;
	x->v[x->n] = "";
	x->n++;
	/* Kept at most half full: grow and rehash. */
	if (x->n * 2 > x->cap) {
		size_t cap = x->cap ? x->cap * 2 + 1 : 31;
		size_t *slot = calloc(cap, sizeof(*slot));

		if (slot == NULL) {
			free(x->name[--x->n]);
			return -1;
		}
		free(x->slot);
		x->slot = slot;
		x->cap = cap;
		for (size_t k = 0; k < x->n; k++) {
			i = xhash(x->name[k], strlen(x->name[k])) % cap;
			while (slot[i])
				i = (i + 1) % cap;
			slot[i] = k + 1;
		}
		return 0;
	}
	i = xhash(key, strlen(key)) % x->cap;
	while (x->slot[i])
		i = (i + 1) % x->cap;
	x->slot[i] = x->n;
	return 0;
}

/* Append the UTF-8 of code point c to b. */
static void
put_utf8(struct xf_buf *b, unsigned long c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	xf_buf_add(b, u, n);
}

static long
hex4(const char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * The JSON value at *pp (a string, unescaped; anything else as written)
 * appended to b with a NUL; *pp moves past it.  -1 when malformed.
 */
static int
json_value(const char **pp, struct xf_buf *b)
{
	const char *p = *pp;

	if (*p != '"') {
		const char *s = p;

		while (*p && *p != ',' && *p != '}')
			p++;
		while (p > s && (p[-1] == ' ' || p[-1] == '\n'))
			p--;
		xf_buf_add(b, s, (size_t)(p - s));
		xf_buf_add(b, "", 1);
		while (*p == ' ' || *p == '\n')
			p++;
		*pp = p;
		return 0;
	}
	for (p++; *p != '"'; p++) {
		const char *run = p;
		long c, lo;

		while (*p && *p != '"' && *p != '\\')
			p++;
		xf_buf_add(b, run, (size_t)(p - run));
		if (*p == '"')
			break;
		if (*p == '\0')
			return -1;
		switch (*++p) {
		case 'b': xf_buf_add(b, "\b", 1); break;
		case 'f': xf_buf_add(b, "\f", 1); break;
		case 'n': xf_buf_add(b, "\n", 1); break;
		case 'r': xf_buf_add(b, "\r", 1); break;
		case 't': xf_buf_add(b, "\t", 1); break;
		case 'u':
			if ((c = hex4(p + 1)) < 0)
				return -1;
			p += 4;
			if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' &&
			    p[2] == 'u' && (lo = hex4(p + 3)) >= 0xDC00 &&
			    lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			}
			put_utf8(b, (unsigned long)c);
			break;
		case '\0':
			return -1;
		default:
			xf_buf_add(b, p, 1);
		}
	}
	xf_buf_add(b, "", 1);
	*pp = p + 1;
	return 0;
}

/* Spread a JSON object over the columns; see xf-int.h. */
const char *const *
xf_extra_values(struct xf_extra *x, const char *s)
{
	const char *p = s;

	for (size_t k = 0; k < x->n; k++)
		x->off[k] = 0;
	if (s == NULL || *s == '\0' || x->n == 0)
		goto done;
	xf_buf_reset(&x->buf);
	while (*p == ' ')
		p++;
	if (*p++ != '{')
		goto done;
	for (;;) {
		size_t koff = x->buf.len, voff;
		long c;

		while (*p == ' ' || *p == '\n' || *p == ',')
			p++;
		if (*p != '"' || json_value(&p, &x->buf) < 0)
			break;
		c = xfind(x, x->buf.s + koff, strlen(x->buf.s + koff));
		while (*p == ' ')
			p++;
		if (*p++ != ':')
			break;
		while (*p == ' ')
			p++;
		voff = x->buf.len;
		if (json_value(&p, &x->buf) < 0)
			break;
		/* Offsets, not pointers: the buffer may still move. */
		if (c >= 0)
			x->off[c] = voff + 1;
	}
done:
	for (size_t k = 0; k < x->n; k++)
		x->v[k] = x->off[k] ? x->buf.s + x->off[k] - 1 : "";
	return x->v;
}

/* ---- case numbers of one input in the store (xf-intake --history) ---- */

/*
 * The case numbers of a file's case_id column mapped to the numbers the
 * store gave (or had) for those rows, so that a later row's repeat_of
 * and petition_of find their matter whatever number it has here.  Open
 * addressing on the file's number; 0 is no entry.
 */
struct xf_idmap {
	long long *key, *val;
	size_t n, cap;
};

struct xf_idmap *
xf_idmap_new(void)
{
	return calloc(1, sizeof(struct xf_idmap));
}

void
xf_idmap_free(struct xf_idmap *m)
{
	if (m == NULL)
		return;
	free(m->key);
	free(m->val);
	free(m);
}

static size_t
islot(const struct xf_idmap *m, long long k)
{
	size_t i = (size_t)xf_hash(XF_HASH_INIT, &k, sizeof(k)) % m->cap;

	while (m->key[i] != 0 && m->key[i] != k)
		i = (i + 1) % m->cap;
	return i;
}

/* Map file number k to store number v (k, v > 0); 0 or -1. */
int
xf_idmap_put(struct xf_idmap *m, long long k, long long v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct xf_idmap o = *m;
		size_t cap = m->cap ? m->cap * 2 + 1 : 1021;

		m->key = calloc(cap, sizeof(*m->key));
		m->val = calloc(cap, sizeof(*m->val));
		if (m->key == NULL || m->val == NULL) {
			free(m->key);
			free(m->val);
			*m = o;
			return -1;
		}
		m->cap = cap;
		for (size_t j = 0; j < o.cap; j++)
			if (o.key[j]) {
				i = islot(m, o.key[j]);
				m->key[i] = o.key[j];
				m->val[i] = o.val[j];
			}
		free(o.key);
		free(o.val);
	}
	i = islot(m, k);
	if (m->key[i] == 0)
		m->n++;
	m->key[i] = k;
	m->val[i] = v;
	return 0;
}

/* The store number of file number k, or 0. */
long long
xf_idmap_get(const struct xf_idmap *m, long long k)
{
	size_t i;

	if (m == NULL || m->cap == 0 || k <= 0)
		return 0;
	i = islot(m, k);
	return m->key[i] == k ? m->val[i] : 0;
}
