/*
 * xf-int.h: what the library files share with each other and not with
 * the tools.  cmd/ includes only xf.h.
 */
#ifndef XF_INT_H
#define XF_INT_H

#include <stdint.h>

#include "xf.h"

/* Wall-clock "YYYY-MM-DD HH:MM:SS" in the local time zone. */
void xf_now_text(char *buf, size_t n);
/* The path the store was opened with; owned by db. */
const char *xf_db_path(const struct xf_db *db);
/* Fill e from the store's last error (XF_EBUSY when locked); returns -1. */
int xf_db_fail(struct xf_db *db, struct xf_err *e, const char *what);

/* Quote at most max bytes of [b, end) into buf (max + 4 bytes), safely. */
void xf_excerpt(const char *b, const char *end, char *buf, size_t max);

/* A growing string. */
struct xf_buf {
	char *s;
	size_t len, cap;
};
int xf_buf_add(struct xf_buf *b, const char *s, size_t n);
int xf_buf_adds(struct xf_buf *b, const char *s);
/* Append s as a JSON string literal (quotes and escapes). */
int xf_buf_json(struct xf_buf *b, const char *s);
void xf_buf_reset(struct xf_buf *b);
void xf_buf_free(struct xf_buf *b);

/* 64-bit FNV-1a, finished with a strong mixer; h is the running state. */
uint64_t xf_hash(uint64_t h, const void *p, size_t n);
#define XF_HASH_INIT 0xcbf29ce484222325ULL

/* Result of matching the rules against one row. */
struct xf_rule_hit {
	const char *name;		/* "file:line" of the rule */
	const char *category;
	const char *disposition;	/* accept, forward, refer, not-accept */
	const char *target;		/* organ or legal channel */
	const char *reason;
	const char *level;		/* level the problem belongs to, or NULL */
};

/*
 * Match the rules in order against the fields given by get(arg, name).
 * Returns 1 with hit filled by the first rule that matches, 0 if none
 * does, -1 with e set when a pattern hit the match or depth limit.
 */
int xf_rules_match(const struct xf_rules *r,
    const char *(*get)(void *arg, const char *field), void *arg,
    struct xf_rule_hit *hit, struct xf_err *e);

/*
 * Similarity of two texts in [0, 1]: the Dice coefficient of their sets of
 * character bigrams, ignoring blanks and punctuation.
 */
double xf_text_similarity(const char *a, const char *b);

#endif
