/*
 * units.c: the unit tree, read from units.csv (see xf-units(5)).
 *
 * The units are kept in an array in the order of the file.  One hash table
 * (open addressing, linear probing) maps every code, name and alias, in
 * the normalised form that name resolution uses, to its unit; since a key
 * may belong to one unit only, the same table serves xf_units_get and
 * xf_units_resolve, and duplicates are found while the file is read.  The
 * tree checks (parents, one root, cycles, level order) run once the whole
 * file is in, so a parent may come after its children.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/* What a key in the table is of its unit. */
enum { K_CODE, K_NAME, K_ALIAS };

/* The accepted level words, for messages. */
#define LEVEL_WORDS "ministry, province, city, district, station or " \
	"brigade (公安部, 省厅, 市局, 分局, 县局, 派出所, 大队)"

/* The longest value quoted in a message, in bytes. */
#define QMAX	60

struct xf_unit {
	char *code;			/* as written, blanks trimmed */
	char *name;
	char *leader;			/* NULL when none */
	char *parent_code;		/* NULL for the root */
	char **aliases;
	size_t naliases;
	const char *level;		/* canonical; static storage */
	long line;			/* line of units.csv */
	int depth;			/* 0 for the root */
	const struct xf_unit *parent;	/* NULL for the root */
};

struct key {
	char *key;		/* normalised text; NULL for an empty slot */
	size_t len;
	uint64_t h;
	size_t unit;		/* index into xf_units.v */
	int kind;		/* K_CODE, K_NAME or K_ALIAS */
	const char *text;	/* as written; owned by the unit */
};

struct xf_units {
	struct xf_unit *v;	/* in file order */
	size_t n, cap;
	struct key *tab;	/* tcap slots, a power of two */
	size_t tn, tcap;
	size_t maxkey;		/* longest normalised key */
	const struct xf_unit *root;
};

/*
 * Normalise [b, end) into out (at least end - b + 1 bytes) the way names
 * are compared: blanks at the ends removed, full-width ASCII U+FF01..U+FF5E
 * and U+3000 read as ASCII, ASCII letters in lower case.  Returns the
 * length written, never more than end - b.
 */
static size_t
norm(const char *b, const char *end, char *out)
{
	size_t n = 0;

	xf_trim(&b, &end);
	while (b < end) {
		unsigned char c = (unsigned char)*b;

		if (c == 0xEF && end - b >= 3 && ((unsigned char)b[1] == 0xBC ||
		    (unsigned char)b[1] == 0xBD)) {
			unsigned cp = 0xF000 |
			    ((unsigned char)b[1] & 0x3F) << 6 |
			    ((unsigned char)b[2] & 0x3F);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				c = (unsigned char)(cp - 0xFEE0);
				b += 3;
			} else
				b++;
		} else if (c == 0xE3 && end - b >= 3 &&
		    memcmp(b, "\xE3\x80\x80", 3) == 0) {
			c = ' ';
			b += 3;
		} else
			b++;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* A copy of s with its blanks trimmed, or NULL (no memory). */
static char *
dup_trim(const char *s)
{
	const char *b = s, *end = s + strlen(s);
	char *d;

	xf_trim(&b, &end);
	if ((d = malloc((size_t)(end - b) + 1)) == NULL)
		return NULL;
	memcpy(d, b, (size_t)(end - b));
	d[end - b] = '\0';
	return d;
}

/* s shortened and made safe for a message, in buf (QMAX + 4 bytes). */
static const char *
q(const char *s, char *buf)
{
	xf_excerpt(s, s + strlen(s), buf, QMAX);
	return buf;
}

/* "name (code)" for messages, in buf (2 * QMAX + 16 bytes). */
static const char *
desc(const struct xf_unit *u, char *buf)
{
	char a[QMAX + 4], b[QMAX + 4];

	snprintf(buf, 2 * QMAX + 16, "%s (%s)", q(u->name, a), q(u->code, b));
	return buf;
}

/* Set e to "path:line: message" with XF_ECONFIG; returns -1. */
static int __attribute__((format(printf, 4, 5)))
fail(struct xf_err *e, const char *path, long line, const char *fmt, ...)
{
	char msg[XF_ERRMAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return xf_err_set(e, XF_ECONFIG, "%s:%ld: %s", path, line, msg);
}

/* Slot of key k (len bytes, hash h) in the table, or -1. */
static long
find(const struct xf_units *u, const char *k, size_t len, uint64_t h)
{
	size_t mask = u->tcap - 1, i;

	if (u->tcap == 0)
		return -1;
	for (i = (size_t)h & mask; u->tab[i].key != NULL; i = (i + 1) & mask)
		if (u->tab[i].h == h && u->tab[i].len == len &&
		    memcmp(u->tab[i].key, k, len) == 0)
			return (long)i;
	return -1;
}

/* Put k (not in the table) into a free slot; the table has room. */
static void
place(struct xf_units *u, const struct key *k)
{
	size_t mask = u->tcap - 1, i;

	for (i = (size_t)k->h & mask; u->tab[i].key != NULL;
	    i = (i + 1) & mask)
		;
	u->tab[i] = *k;
	u->tn++;
}

/* Keep the table at most half full.  Returns 0, or -1 (no memory). */
static int
grow(struct xf_units *u)
{
	struct key *old = u->tab, *t;
	size_t oldcap = u->tcap, c = u->tcap ? u->tcap * 2 : 64;

	if ((u->tn + 1) * 2 <= u->tcap)
		return 0;
	if ((t = calloc(c, sizeof(*t))) == NULL)
		return -1;
	u->tab = t;
	u->tcap = c;
	u->tn = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			place(u, &old[i]);
	free(old);
	return 0;
}

/*
 * Enter text (as written) as a key of kind for unit i.  A key already held
 * by the same unit is let be; one held by another unit is an error naming
 * both lines.  Returns 0 or -1 with e set.
 */
static int
add_key(struct xf_units *u, size_t i, int kind, const char *text,
    const char *path, struct xf_err *e)
{
	static const char *const what[] = { "code", "name", "alias" };
	static const char *const whose[] = { "the code", "the name",
	    "an alias" };
	struct key k = { 0 };
	const struct key *o;
	const struct xf_unit *ou;
	char a[QMAX + 4], d[2 * QMAX + 16];
	long slot;

	if ((k.key = malloc(strlen(text) + 1)) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	k.len = norm(text, text + strlen(text), k.key);
	k.h = xf_hash(XF_HASH_INIT, k.key, k.len);
	if ((slot = find(u, k.key, k.len, k.h)) >= 0) {
		free(k.key);
		o = &u->tab[slot];
		if (o->unit == i)
			return 0;
		ou = &u->v[o->unit];
		if (kind == o->kind && kind != K_ALIAS)
			return fail(e, path, u->v[i].line, "%s %s also on "
			    "line %ld%s%s%s", what[kind], q(text, a),
			    ou->line, kind == K_NAME ? " (code " : "",
			    kind == K_NAME ? q(ou->code, d) : "",
			    kind == K_NAME ? ")" : "");
		return fail(e, path, u->v[i].line, "%s %s is also %s of %s "
		    "on line %ld", what[kind], q(text, a), whose[o->kind],
		    desc(ou, d), ou->line);
	}
	if (grow(u) < 0) {
		free(k.key);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	k.unit = i;
	k.kind = kind;
	k.text = text;
	if (k.len > u->maxkey)
		u->maxkey = k.len;
	place(u, &k);
	return 0;
}

static void
unit_clear(struct xf_unit *x)
{
	free(x->code);
	free(x->name);
	free(x->leader);
	free(x->parent_code);
	for (size_t j = 0; j < x->naliases; j++)
		free(x->aliases[j]);
	free(x->aliases);
}

/* Free the tree; see xf.h. */
void
xf_units_free(struct xf_units *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++)
		unit_clear(&u->v[i]);
	free(u->v);
	for (size_t i = 0; i < u->tcap; i++)
		free(u->tab[i].key);
	free(u->tab);
	free(u);
}

/*
 * Split s at '|' and '｜' into x's aliases, each trimmed; empty pieces are
 * dropped.  Returns 0, or -1 (no memory).
 */
static int
split_aliases(struct xf_unit *x, const char *s)
{
	const char *p = s;

	for (;;) {
		const char *b = p, *end;
		size_t sep = 0;
		char **v;

		while (*p != '\0') {
			if (*p == '|') {
				sep = 1;
				break;
			}
			if ((unsigned char)p[0] == 0xEF &&
			    (unsigned char)p[1] == 0xBD &&
			    (unsigned char)p[2] == 0x9C) {
				sep = 3;
				break;
			}
			p++;
		}
		end = p;
		xf_trim(&b, &end);
		if (end > b) {
			v = realloc(x->aliases, (x->naliases + 1) *
			    sizeof(*v));
			if (v == NULL)
				return -1;
			x->aliases = v;
			if ((v[x->naliases] = malloc((size_t)(end - b) + 1)) ==
			    NULL)
				return -1;
			memcpy(v[x->naliases], b, (size_t)(end - b));
			v[x->naliases++][end - b] = '\0';
		}
		if (sep == 0)
			return 0;
		p += sep;
	}
}

enum { C_CODE, C_NAME, C_PARENT, C_LEVEL, C_LEADER, C_ALIASES, NCOL };

/* Header names of each column, canonical first; Chinese ones after. */
static const char *const colnames[NCOL][6] = {
	{ "code", "单位编码", "编码", "单位代码", "代码", NULL },
	{ "name", "单位名称", "名称", NULL },
	{ "parent", "上级单位", "上级", "上级编码", "上级单位编码", NULL },
	{ "level", "层级", "级别", NULL },
	{ "leader", "负责人", "领导", NULL },
	{ "aliases", "alias", "别名", NULL },
};

/* Find the columns in the header.  Returns 0 or -1 with e set. */
static int
header(struct xf_csv *in, long col[NCOL], const char *path, struct xf_err *e)
{
	long line = xf_csv_line(in);

	for (int k = 0; k < NCOL; k++)
		col[k] = -1;
	for (size_t i = 0; i < xf_csv_nfields(in); i++) {
		size_t len;
		const char *f = xf_csv_field(in, i, &len);
		char *h, a[QMAX + 4], b[QMAX + 4];

		if ((h = malloc(len + 1)) == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		norm(f, f + len, h);
		for (int k = 0; k < NCOL; k++)
			for (int j = 0; colnames[k][j] != NULL; j++) {
				if (strcmp(h, colnames[k][j]) != 0)
					continue;
				if (col[k] >= 0) {
					free(h);
					return fail(e, path, line, "two "
					    "columns for %s: %s and %s",
					    colnames[k][0], q(xf_csv_field(in,
					    (size_t)col[k], NULL), a), q(f,
					    b));
				}
				col[k] = (long)i;
			}
		free(h);
	}
	for (int k = 0; k < C_ALIASES; k++)
		if (col[k] < 0)
			return fail(e, path, line, "no \"%s\" column (or %s)",
			    colnames[k][0], colnames[k][1]);
	return 0;
}

/* Field k of the current record, or "" when the row lacks it. */
static const char *
field(struct xf_csv *in, const long col[NCOL], int k, size_t *len)
{
	if (col[k] < 0 || (size_t)col[k] >= xf_csv_nfields(in)) {
		*len = 0;
		return "";
	}
	return xf_csv_field(in, (size_t)col[k], len);
}

/* 1 if the record is a comment or holds only blanks. */
static int
skip(struct xf_csv *in)
{
	const char *b, *end;

	for (size_t i = 0; i < xf_csv_nfields(in); i++) {
		size_t len;

		b = xf_csv_field(in, i, &len);
		end = b + len;
		xf_trim(&b, &end);
		if (i == 0 && b < end && *b == '#')
			return 1;
		if (b < end)
			return 0;
	}
	return 1;
}

/* Read one row into a new unit at the end of u.  0 or -1 with e set. */
static int
row(struct xf_units *u, struct xf_csv *in, const long col[NCOL],
    const char *path, struct xf_err *e)
{
	static const char *const cname[NCOL] = { "code", "name", "parent",
	    "level", "leader", "aliases" };
	const char *f[NCOL];
	struct xf_unit *x;
	long line = xf_csv_line(in);
	char a[QMAX + 4];
	size_t i;

	for (int k = 0; k < NCOL; k++) {
		size_t len;

		f[k] = field(in, col, k, &len);
		if (!xf_utf8_valid(f[k], len))
			return fail(e, path, line, "%s: not UTF-8, or holds a "
			    "NUL byte", cname[k]);
	}
	if (u->n == u->cap) {
		size_t c = u->cap ? u->cap * 2 : 64;
		struct xf_unit *v = realloc(u->v, c * sizeof(*v));

		if (v == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		u->v = v;
		u->cap = c;
	}
	i = u->n;
	x = &u->v[u->n++];
	memset(x, 0, sizeof(*x));
	x->line = line;
	if ((x->code = dup_trim(f[C_CODE])) == NULL ||
	    (x->name = dup_trim(f[C_NAME])) == NULL ||
	    (x->leader = dup_trim(f[C_LEADER])) == NULL ||
	    (x->parent_code = dup_trim(f[C_PARENT])) == NULL ||
	    split_aliases(x, f[C_ALIASES]) < 0)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	if (*x->leader == '\0') {
		free(x->leader);
		x->leader = NULL;
	}
	if (*x->parent_code == '\0') {
		free(x->parent_code);
		x->parent_code = NULL;
	}
	if (*x->code == '\0')
		return fail(e, path, line, "code: empty");
	if (*x->name == '\0')
		return fail(e, path, line, "name: empty");
	if ((x->level = xf_level_norm(f[C_LEVEL])) == NULL) {
		const char *b = f[C_LEVEL], *end = b + strlen(b);

		xf_trim(&b, &end);
		if (b == end)
			return fail(e, path, line, "level: empty; give "
			    LEVEL_WORDS);
		return fail(e, path, line, "level: unknown level %s; give "
		    LEVEL_WORDS, q(f[C_LEVEL], a));
	}
	if (add_key(u, i, K_CODE, x->code, path, e) < 0 ||
	    add_key(u, i, K_NAME, x->name, path, e) < 0)
		return -1;
	for (size_t j = 0; j < x->naliases; j++)
		if (add_key(u, i, K_ALIAS, x->aliases[j], path, e) < 0)
			return -1;
	return 0;
}

/* Link every unit to its parent and find the root.  0 or -1 with e set. */
static int
parents(struct xf_units *u, const char *path, struct xf_err *e)
{
	char a[QMAX + 4], d[2 * QMAX + 16], d2[2 * QMAX + 16];

	for (size_t i = 0; i < u->n; i++) {
		struct xf_unit *x = &u->v[i];
		char *k;
		size_t len;
		long slot;

		if (x->parent_code == NULL) {
			if (u->root != NULL)
				return fail(e, path, x->line, "%s has no "
				    "parent, nor has %s on line %ld: one unit "
				    "only may be without a parent, the root",
				    desc(x, d), desc(u->root, d2),
				    u->root->line);
			u->root = x;
			continue;
		}
		if ((k = malloc(strlen(x->parent_code) + 1)) == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		len = norm(x->parent_code, x->parent_code +
		    strlen(x->parent_code), k);
		slot = find(u, k, len, xf_hash(XF_HASH_INIT, k, len));
		free(k);
		if (slot < 0)
			return fail(e, path, x->line, "parent %s is no unit "
			    "in this file", q(x->parent_code, a));
		if (u->tab[slot].kind != K_CODE)
			return fail(e, path, x->line, "parent %s is no unit "
			    "code in this file, but names %s on line %ld: "
			    "give its code", q(x->parent_code, a),
			    desc(&u->v[u->tab[slot].unit], d),
			    u->v[u->tab[slot].unit].line);
		x->parent = &u->v[u->tab[slot].unit];
	}
	return 0;
}

/*
 * Find a cycle of parents; set every unit's depth.  Each unit is walked
 * up from once, so this is linear.  0 or -1 with e set, naming the units
 * of the cycle from the one that comes first in the file.
 */
static int
depths(struct xf_units *u, const char *path, struct xf_err *e)
{
	size_t *walk, *path_ = NULL;
	size_t i, j, np;

	/* walk[i]: 0 not seen, w + 1 on walk w, SIZE_MAX done. */
	if ((walk = calloc(u->n ? u->n : 1, sizeof(*walk))) == NULL ||
	    (path_ = malloc((u->n ? u->n : 1) * sizeof(*path_))) == NULL) {
		free(walk);
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	for (i = 0; i < u->n; i++) {
		const struct xf_unit *x;
		int depth;

		np = 0;
		for (x = &u->v[i]; x != NULL && walk[x - u->v] == 0;
		    x = x->parent) {
			walk[x - u->v] = i + 1;
			path_[np++] = (size_t)(x - u->v);
		}
		if (x != NULL && walk[x - u->v] == i + 1) {
			const struct xf_unit *first = x, *y;
			char msg[XF_ERRMAX], d[2 * QMAX + 16];
			size_t len = 0;

			/* x is on the cycle; start from its earliest unit. */
			y = x;
			do {
				if (y < first)
					first = y;
				y = y->parent;
			} while (y != x);
			y = first;
			do {
				len += (size_t)snprintf(msg + len, len <
				    sizeof(msg) ? sizeof(msg) - len : 0,
				    "%s -> ", desc(y, d));
				if (len >= sizeof(msg))
					len = sizeof(msg) - 1;
				y = y->parent;
			} while (y != first);
			snprintf(msg + len, sizeof(msg) - len, "%s",
			    desc(first, d));
			free(walk);
			free(path_);
			return fail(e, path, first->line, "parent cycle: %s",
			    msg);
		}
		/* The path ends at the root or at a unit already done. */
		depth = x == NULL ? -1 : x->depth;
		for (j = np; j-- > 0;) {
			u->v[path_[j]].depth = ++depth;
			walk[path_[j]] = SIZE_MAX;
		}
	}
	free(walk);
	free(path_);
	return 0;
}

/* No unit of a higher level under one of a lower.  0 or -1 with e set. */
static int
ranks(const struct xf_units *u, const char *path, struct xf_err *e)
{
	char d[2 * QMAX + 16], d2[2 * QMAX + 16];

	for (size_t i = 0; i < u->n; i++) {
		const struct xf_unit *x = &u->v[i], *p = x->parent;

		if (p != NULL && xf_level_rank(x->level) >
		    xf_level_rank(p->level))
			return fail(e, path, x->line, "level: %s, a %s, cannot "
			    "be under %s on line %ld, a %s", desc(x, d),
			    x->level, desc(p, d2), p->line, p->level);
	}
	return 0;
}

/*
 * Load the unit tree at path; see xf.h and xf-units(5).  The caller owns
 * the result.
 */
struct xf_units *
xf_units_load(const char *path, struct xf_err *e)
{
	struct xf_units *u;
	struct xf_csv *in;
	long col[NCOL], hline = 0;
	int rc, seen_header = 0;

	if ((in = xf_csv_open(path, NULL, e)) == NULL) {
		if (e && e->code != XF_ENOMEM)
			e->code = XF_ECONFIG;
		return NULL;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL) {
		xf_csv_free(in);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	while ((rc = xf_csv_read(in, e)) > 0) {
		if (skip(in))
			continue;
		if (!seen_header) {
			if (header(in, col, path, e) < 0)
				goto fail;
			hline = xf_csv_line(in);
			seen_header = 1;
			continue;
		}
		if (row(u, in, col, path, e) < 0)
			goto fail;
	}
	if (rc < 0) {
		if (e && e->code != XF_ENOMEM)
			e->code = XF_ECONFIG;
		goto fail;
	}
	if (!seen_header) {
		xf_err_set(e, XF_ECONFIG, "%s: empty file: no header, no "
		    "units", path);
		goto fail;
	}
	if (u->n == 0) {
		fail(e, path, hline, "no units after the header");
		goto fail;
	}
	if (parents(u, path, e) < 0 || depths(u, path, e) < 0 ||
	    ranks(u, path, e) < 0)
		goto fail;
	xf_csv_free(in);
	return u;
fail:
	xf_csv_free(in);
	xf_units_free(u);
	return NULL;
}

/* Number of units; see xf.h. */
size_t
xf_units_count(const struct xf_units *u)
{
	return u->n;
}

/* Unit i in file order, or NULL; see xf.h. */
const struct xf_unit *
xf_units_at(const struct xf_units *u, size_t i)
{
	return i < u->n ? &u->v[i] : NULL;
}

/* The root; see xf.h. */
const struct xf_unit *
xf_units_root(const struct xf_units *u)
{
	return u->root;
}

/* The table entry for text, or NULL. */
static const struct key *
lookup(const struct xf_units *u, const char *text)
{
	const char *b, *end;
	char sbuf[256], *buf = sbuf;
	const struct key *k = NULL;
	size_t len;
	long slot;

	if (text == NULL)
		return NULL;
	b = text;
	end = b + strlen(b);
	xf_trim(&b, &end);
	/* A full-width character is 3 bytes for 1: longer cannot match. */
	if ((size_t)(end - b) > 3 * u->maxkey)
		return NULL;
	if ((size_t)(end - b) >= sizeof(sbuf) &&
	    (buf = malloc((size_t)(end - b) + 1)) == NULL)
		return NULL;
	len = norm(b, end, buf);
	if ((slot = find(u, buf, len, xf_hash(XF_HASH_INIT, buf, len))) >= 0)
		k = &u->tab[slot];
	if (buf != sbuf)
		free(buf);
	return k;
}

/* The unit of code code, or NULL; see xf.h. */
const struct xf_unit *
xf_units_get(const struct xf_units *u, const char *code)
{
	const struct key *k = lookup(u, code);

	return k != NULL && k->kind == K_CODE ? &u->v[k->unit] : NULL;
}

/* The unit text names by code, name or alias, or NULL; see xf.h. */
const struct xf_unit *
xf_units_resolve(const struct xf_units *u, const char *text)
{
	const struct key *k = lookup(u, text);

	return k != NULL ? &u->v[k->unit] : NULL;
}

/* Report the store's unit names that do not resolve; see xf.h. */
int
xf_units_unresolved(const struct xf_units *u, struct xf_db *db,
    void (*cb)(void *arg, const char *name, long long ncases), void *arg,
    struct xf_err *e)
{
	sqlite3 *h = xf_db_handle(db);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, "SELECT unit, count(*) FROM cases "
	    "WHERE unit IS NOT NULL GROUP BY unit ORDER BY 2 DESC, 1", -1,
	    &st, NULL) != SQLITE_OK)
		return xf_db_fail(db, e, "reading the cases' units");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *b = name, *end;

		if (name == NULL)
			continue;
		end = b + strlen(b);
		xf_trim(&b, &end);
		if (b < end && xf_units_resolve(u, name) == NULL)
			cb(arg, name, sqlite3_column_int64(st, 1));
	}
	if (rc != SQLITE_DONE) {
		xf_db_fail(db, e, "reading the cases' units");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Accessors; see xf.h. */
const char *
xf_unit_code(const struct xf_unit *u)
{
	return u->code;
}

const char *
xf_unit_name(const struct xf_unit *u)
{
	return u->name;
}

const char *
xf_unit_level(const struct xf_unit *u)
{
	return u->level;
}

const char *
xf_unit_leader(const struct xf_unit *u)
{
	return u->leader;
}

long
xf_unit_line(const struct xf_unit *u)
{
	return u->line;
}

const struct xf_unit *
xf_unit_parent(const struct xf_unit *u)
{
	return u->parent;
}

int
xf_unit_depth(const struct xf_unit *u)
{
	return u->depth;
}

/* 1 if u is ancestor or below it; see xf.h. */
int
xf_unit_within(const struct xf_unit *u, const struct xf_unit *ancestor)
{
	if (u == NULL || ancestor == NULL || u->depth < ancestor->depth)
		return 0;
	while (u->depth > ancestor->depth)
		u = u->parent;
	return u == ancestor;
}

/* n levels up, stopping at the root; see xf.h. */
const struct xf_unit *
xf_unit_up(const struct xf_unit *u, int n)
{
	while (u != NULL && n-- > 0 && u->parent != NULL)
		u = u->parent;
	return u;
}

/* The nearest ancestor-or-self at level; see xf.h. */
const struct xf_unit *
xf_unit_at_level(const struct xf_unit *u, const char *level)
{
	const char *c = xf_level_norm(level);

	if (c == NULL)
		return NULL;
	for (; u != NULL; u = u->parent)
		if (strcmp(u->level, c) == 0)
			return u;
	return NULL;
}
