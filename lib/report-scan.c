/*
 * report-scan.c: the groups of a report and the scans that fill them.
 *
 * For each period compared, one indexed scan reads the matters that may
 * count in it (received in it, closed in or after it, or open now) and
 * another the further petitions received in it.  Each record is judged
 * once (judge_case) and what it adds is summed into every group it
 * belongs to: the product of its keys, a unit standing for itself and
 * each of its ancestors, for the roll-up.  The rules are those of
 * xf-report(1), METRICS; keep the two in step.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/* ---- groups --------------------------------------------------------- */

void
xf_rpt_group_free(struct group *g, int nby)
{
	if (g == NULL)
		return;
	for (int i = 0; i < nby; i++)
		free(g->keys[i]);
	for (int i = 0; i < NDAYS; i++)
		free(g->d[i].v);
	free(g->keys);
	free(g->unit);
	free(g->key);
	free(g);
}

static int
tab_grow(struct xf_report *r)
{
	size_t cap = r->tabcap ? r->tabcap * 2 : 256, *t;

	if ((t = calloc(cap, sizeof(*t))) == NULL)
		return -1;
	for (size_t i = 0; i < r->ng; i++) {
		const char *k = r->g[i]->key;
		size_t h = xf_hash(XF_HASH_INIT, k, strlen(k)) & (cap - 1);

		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	free(r->tab);
	r->tab = t;
	r->tabcap = cap;
	return 0;
}

/*
 * The group of key (keys joined by \037), made when new from the parts
 * and units; NULL when memory ran out.
 */
static struct group *
group_get(struct xf_report *r, const char *key, size_t len,
    const char *const *parts, const struct xf_unit *const *units)
{
	struct group *g;
	size_t h;

	if (r->tabcap == 0 || r->ng * 2 >= r->tabcap)
		if (tab_grow(r) < 0)
			return NULL;
	h = xf_hash(XF_HASH_INIT, key, len) & (r->tabcap - 1);
	for (; r->tab[h]; h = (h + 1) & (r->tabcap - 1)) {
		g = r->g[r->tab[h] - 1];
		if (strncmp(g->key, key, len) == 0 && g->key[len] == '\0')
			return g;
	}
	if (r->ng == r->gcap) {
		size_t cap = r->gcap ? r->gcap * 2 : 64;
		struct group **ng = realloc(r->g, cap * sizeof(*ng));

		if (ng == NULL)
			return NULL;
		r->g = ng;
		r->gcap = cap;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->keys = calloc(r->o.nby + 1, sizeof(*g->keys));
	g->unit = calloc(r->o.nby + 1, sizeof(*g->unit));
	g->key = strndup(key, len);
	if (g->keys == NULL || g->unit == NULL || g->key == NULL) {
		xf_rpt_group_free(g, 0);
		return NULL;
	}
	g->nby = r->o.nby;
	for (int i = 0; i < r->o.nby; i++) {
		g->unit[i] = units[i];
		if ((g->keys[i] = strdup(parts[i])) == NULL) {
			xf_rpt_group_free(g, i);
			return NULL;
		}
	}
	r->g[r->ng++] = g;
	r->tab[h] = r->ng;
	return g;
}

static int
days_add(struct days *d, long v)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		long *nv = realloc(d->v, cap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		d->v = nv;
		d->cap = cap;
	}
	d->v[d->n++] = v;
	return 0;
}

static int
group_add(struct group *g, int slot, const struct delta *dl)
{
	for (int i = 0; i < NCOUNT; i++)
		g->n[slot][i] += dl->n[i];
	if (slot == S_CUR)
		for (int i = 0; i < NDAYS; i++)
			if (dl->d[i] >= 0 && days_add(&g->d[i], dl->d[i]) < 0)
				return -1;
	return 0;
}

/* A record's values of the groupings, as the scans read them. */
struct rec {
	const char *unit_code, *unit, *leader, *category, *channel;
};

/*
 * The record's unit in the tree: by the code stored, else by the name
 * stored, which the tree may know by now (an alias added since the
 * import); NULL without a tree or when neither resolves.
 */
static const struct xf_unit *
rec_unit(const struct xf_report *r, const struct rec *rc)
{
	const struct xf_unit *u = NULL;

	if (r->o.units == NULL)
		return NULL;
	if (rc->unit_code)
		u = xf_units_get(r->o.units, rc->unit_code);
	if (u == NULL && rc->unit)
		u = xf_units_resolve(r->o.units, rc->unit);
	return u;
}

/* ---- chains --------------------------------------------------------- */

void
xf_rpt_chains_free(struct xf_report *r)
{
	for (size_t i = 0; i < r->nch; i++) {
		free(r->ch[i].key);
		free(r->ch[i].g);
	}
	free(r->ch);
	free(r->chtab);
	r->ch = NULL;
	r->chtab = NULL;
	r->nch = r->chcap = r->chtabcap = 0;
}

static int
chtab_grow(struct xf_report *r)
{
	size_t cap = r->chtabcap ? r->chtabcap * 2 : 64, *t;

	if ((t = calloc(cap, sizeof(*t))) == NULL)
		return -1;
	for (size_t i = 0; i < r->nch; i++) {
		const char *k = r->ch[i].key;
		size_t h = xf_hash(XF_HASH_INIT, k, strlen(k)) & (cap - 1);

		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	free(r->chtab);
	r->chtab = t;
	r->chtabcap = cap;
	return 0;
}

/* Append the stored value s (NULL apart from "") and \036 to b. */
static int
chain_key_add(struct xf_buf *b, const char *s)
{
	return s == NULL ? xf_buf_add(b, "\035\036", 2) :
	    xf_buf_adds(b, s) < 0 ? -1 : xf_buf_add(b, "\036", 1);
}

/*
 * The chain of the record's unit at dim, the last grouping, under the
 * outer keys in key (which it leaves as it found them): made the first
 * time, with its groups, as spread would make them one by one; NULL when
 * memory ran out.  Resolving the unit and finding its ancestors' groups
 * once per unit as stored, rather than once per record, was a sixth of
 * a monthly report's instructions.
 */
static struct chain *
chain_get(struct xf_report *r, const struct rec *rc, int dim,
    struct xf_buf *key, const char **parts, const struct xf_unit **units)
{
	const struct xf_unit *u;
	struct chain *c;
	size_t mark = key->len, h, klen;
	int fail = 0;

	if (chain_key_add(key, rc->unit_code) < 0 ||
	    chain_key_add(key, rc->unit) < 0)
		return NULL;
	klen = key->len;
	if (r->chtabcap == 0 || r->nch * 2 >= r->chtabcap)
		if (chtab_grow(r) < 0)
			return NULL;
	h = xf_hash(XF_HASH_INIT, key->s, klen) & (r->chtabcap - 1);
	for (; r->chtab[h]; h = (h + 1) & (r->chtabcap - 1)) {
		c = &r->ch[r->chtab[h] - 1];
		if (strncmp(c->key, key->s, klen) == 0 &&
		    c->key[klen] == '\0') {
			key->len = mark;
			return c;
		}
	}
	if (r->nch == r->chcap) {
		size_t cap = r->chcap ? r->chcap * 2 : 64;
		struct chain *nc = realloc(r->ch, cap * sizeof(*nc));

		if (nc == NULL)
			return NULL;
		r->ch = nc;
		r->chcap = cap;
	}
	c = &r->ch[r->nch];
	memset(c, 0, sizeof(*c));
	if ((c->key = strndup(key->s, klen)) == NULL)
		return NULL;
	/* The groups, as spread made them: the unit and its ancestors up
	 * to the top of the report, or the unit as stored. */
	if ((u = rec_unit(r, rc)) == NULL)
		parts[dim] = rc->unit_code ? rc->unit_code : rc->unit ?
		    rc->unit : "";
	for (;;) {
		struct group **ng, *g;

		if (u != NULL)
			parts[dim] = xf_unit_code(u);
		units[dim] = u;
		key->len = mark;
		if (xf_buf_adds(key, parts[dim]) < 0 ||
		    xf_buf_add(key, "\037", 1) < 0 ||
		    (g = group_get(r, key->s, key->len, parts, units)) ==
		    NULL ||
		    (ng = realloc(c->g, (c->n + 1) * sizeof(*ng))) == NULL) {
			fail = 1;
			break;
		}
		c->g = ng;
		c->g[c->n++] = g;
		if (u == NULL || u == r->scope ||
		    (u = xf_unit_parent(u)) == NULL)
			break;
	}
	key->len = mark;
	if (fail) {
		free(c->key);
		free(c->g);
		return NULL;
	}
	r->chtab[h] = ++r->nch;
	return c;
}

/*
 * Add dl to every group the record belongs to: the product of its keys,
 * a unit standing for itself and each of its ancestors up to the top of
 * the report.  Returns 0, or -1 when memory ran out.
 */
static int
spread(struct xf_report *r, const struct rec *rc, int slot,
    const struct delta *dl, int dim, struct xf_buf *key,
    const char **parts, const struct xf_unit **units)
{
	const struct xf_unit *u = NULL;
	const char *v = "";
	size_t mark = key->len;
	int rcode = 0;

	if (dim == r->o.nby) {
		struct group *g = group_get(r, key->s ? key->s : "", key->len,
		    parts, units);

		return g == NULL ? -1 : group_add(g, slot, dl);
	}
	switch (r->by[dim]) {
	case B_UNIT:
		if (dim == r->o.nby - 1) {
			struct chain *c = chain_get(r, rc, dim, key, parts,
			    units);

			if (c == NULL)
				return -1;
			for (size_t i = 0; i < c->n; i++)
				if (group_add(c->g[i], slot, dl) < 0)
					return -1;
			return 0;
		}
		if ((u = rec_unit(r, rc)) != NULL) {
			for (; u != NULL; u = xf_unit_parent(u)) {
				parts[dim] = xf_unit_code(u);
				units[dim] = u;
				key->len = mark;
				if (xf_buf_adds(key, parts[dim]) < 0 ||
				    xf_buf_add(key, "\037", 1) < 0 ||
				    spread(r, rc, slot, dl, dim + 1, key, parts,
				    units) < 0)
					return -1;
				if (u == r->scope)
					break;
			}
			key->len = mark;
			return 0;
		}
		v = rc->unit_code ? rc->unit_code : rc->unit ? rc->unit : "";
		break;
	case B_LEVEL:
		if ((u = rec_unit(r, rc)) != NULL)
			v = xf_unit_level(u);
		u = NULL;
		break;
	case B_CATEGORY: v = rc->category; break;
	case B_CHANNEL: v = rc->channel; break;
	case B_LEADER: v = rc->leader; break;
	default: v = r->timekey[dim]; break;
	}
	parts[dim] = v ? v : "";
	units[dim] = NULL;
	if (xf_buf_adds(key, parts[dim]) < 0 ||
	    xf_buf_add(key, "\037", 1) < 0)
		return -1;
	rcode = spread(r, rc, slot, dl, dim + 1, key, parts, units);
	key->len = mark;
	return rcode;
}


/* ---- the scans ------------------------------------------------------ */

/*
 * The day of a stored date or time, or -1 for NULL: read as everything
 * else reads the store's dates (xf_stored_day).
 */
static long
dayof(sqlite3_stmt *st, int i)
{
	return xf_stored_day((const char *)sqlite3_column_text(st, i));
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int
eq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

static void
leapfrog(struct delta *dl, const char *level)
{
	dl->n[C_LEAPFROG]++;
	if (eq(level, "ministry"))
		dl->n[C_LF_MINISTRY]++;
	else if (eq(level, "province"))
		dl->n[C_LF_PROVINCE]++;
	else if (eq(level, "city"))
		dl->n[C_LF_CITY]++;
}

/* A petition received in the period: the first of a matter or a later one. */
static void
petition(struct delta *dl, long persons, const char *channel, int repeat,
    int group_min)
{
	dl->n[C_PETITIONS]++;
	dl->n[C_PETITIONS_PERSONS] += persons;
	if (repeat)
		dl->n[C_REPEAT]++;
	if (persons >= group_min) {
		dl->n[C_GROUP]++;
		dl->n[C_GROUP_PERSONS] += persons;
	}
	if (eq(channel, "online"))
		dl->n[C_ONLINE]++;
}

#define CASE_COLS "received_at, channel, persons, leapfrog_level, " \
	"first_petition, status, disposition, triaged_at, triage_deadline, " \
	"accepted_at, deadline, extended_deadline, replied_at, closed_at, " \
	"resolved, resolved_at, satisfaction, evaluated_at, followups, " \
	"unit_code, unit, leader, category, extended_at"
enum {
	Q_RECEIVED, Q_CHANNEL, Q_PERSONS, Q_LEAPFROG, Q_FIRST, Q_STATUS,
	Q_DISPOSITION, Q_TRIAGED, Q_TRIAGE_DL, Q_ACCEPTED, Q_DEADLINE,
	Q_EXT_DEADLINE, Q_REPLIED, Q_CLOSED, Q_RESOLVED, Q_RESOLVED_AT,
	Q_SATISFACTION, Q_EVALUATED, Q_FOLLOWUPS, Q_UNIT_CODE, Q_UNIT,
	Q_LEADER, Q_CATEGORY, Q_EXTENDED_AT
};

/*
 * What the matter in the current row of st adds to period p judged on
 * day asof (see xf-report(1), METRICS, for each line).
 */
static void
judge_case(sqlite3_stmt *st, const struct period *p, long asof,
    int group_min, struct delta *dl)
{
	long recv, end, closed, replied, eff, tday, tdl, rday, ext;
	const char *disp;
	int acc, first, untriaged;

	memset(dl, 0, sizeof(*dl));
	for (int i = 0; i < NDAYS; i++)
		dl->d[i] = -1;
	recv = dayof(st, Q_RECEIVED);
	end = p->to < asof ? p->to : asof;
	if (recv < 0 || recv > asof)
		return;
	disp = text(st, Q_DISPOSITION);
	/* xf-assign accepts a registered matter without a disposition:
	 * its acceptance day says it was accepted. */
	if (disp == NULL && dayof(st, Q_ACCEPTED) >= 0)
		disp = "accept";
	acc = eq(disp, "accept");
	first = sqlite3_column_int(st, Q_FIRST);
	/*
	 * The triage day: when recorded, else acceptance, else receipt (a
	 * history import's triage event); -1 when not triaged, or triaged
	 * on a day not known (an old import without an acceptance date).
	 */
	if ((tday = dayof(st, Q_TRIAGED)) < 0)
		tday = acc ? dayof(st, Q_ACCEPTED) : disp ? recv : -1;
	tdl = dayof(st, Q_TRIAGE_DL);
	/* What happened after the as-of day has not happened yet: a
	 * matter triaged after it is still waiting for its triage. */
	if (tday > asof) {
		disp = NULL;
		acc = 0;
		tday = -1;
	}
	if ((closed = dayof(st, Q_CLOSED)) > asof)
		closed = -1;
	if ((replied = dayof(st, Q_REPLIED)) > asof)
		replied = -1;
	/* The extended deadline, once the extension was granted. */
	if ((eff = dayof(st, Q_EXT_DEADLINE)) < 0 ||
	    ((ext = dayof(st, Q_EXTENDED_AT)) >= 0 && ext > asof))
		eff = dayof(st, Q_DEADLINE);
	/* Not triaged at the end of the period (waiting then). */
	untriaged = disp == NULL || tday > end;
	if (recv >= p->from && recv <= end) {
		long persons = sqlite3_column_int64(st, Q_PERSONS);

		dl->any = 1;
		dl->n[C_RECEIVED]++;
		dl->n[C_RECEIVED_PERSONS] += persons;
		petition(dl, persons, text(st, Q_CHANNEL), !first, group_min);
		if (text(st, Q_LEAPFROG))
			leapfrog(dl, text(st, Q_LEAPFROG));
		if (acc) {
			long res;

			dl->n[C_ACCEPTED]++;
			if (closed >= 0)
				dl->n[C_CLOSED]++;
			if ((res = dayof(st, Q_RESOLVED_AT)) < 0)
				res = closed;
			if (sqlite3_column_int(st, Q_RESOLVED) == 1 &&
			    closed >= 0 && res <= asof)
				dl->n[C_RESOLVED]++;
		} else if (eq(disp, "forward"))
			dl->n[C_FORWARDED]++;
		else if (eq(disp, "refer"))
			dl->n[C_REFERRED]++;
		else if (eq(disp, "not-accept"))
			dl->n[C_NOT_ACCEPTED]++;
		if (tday >= 0) {
			dl->n[C_TRIAGES_DUE]++;
			if (tdl < 0 || tday <= tdl)
				dl->n[C_TRIAGED_ON_TIME]++;
			dl->d[D_TRIAGE] = tday - recv;
			if (first)
				dl->d[D_TRIAGE_FIRST] = tday - recv;
		} else if (disp == NULL && tdl >= 0 && tdl < asof)
			dl->n[C_TRIAGES_DUE]++;	/* still waiting, late */
		/* Triaged on a day not known (an old import without an
		 * acceptance date): in neither count. */
	}
	if (acc && closed >= p->from && closed <= end) {
		const char *sat = text(st, Q_SATISFACTION);
		long ev = dayof(st, Q_EVALUATED), fu;

		dl->any = 1;
		dl->n[C_CLOSED_IN]++;
		if (sat && ev <= asof) {
			dl->n[C_EVALUATED]++;
			if (eq(sat, "satisfied") ||
			    eq(sat, "basically-satisfied"))
				dl->n[C_SATISFIED]++;
		}
		if ((fu = sqlite3_column_int64(st, Q_FOLLOWUPS)) > 0) {
			dl->n[C_FOLLOWED_UP]++;
			dl->n[C_FOLLOWUPS] += fu;
		}
		rday = replied >= 0 ? replied : closed;
		if (eff >= 0) {
			dl->n[C_REPLIES_DUE]++;
			if (rday <= eff)
				dl->n[C_ON_TIME]++;
		}
		if (rday >= recv) {
			dl->d[D_REPLY] = rday - recv;
			if (first)
				dl->d[D_REPLY_FIRST] = rday - recv;
		}
	}
	/* Open at the end of the period: accepted or not yet triaged. */
	if ((acc || untriaged) && recv <= end &&
	    (closed < 0 || closed > end)) {
		long dl_day = untriaged ? tdl : eff;
		/* A deadline has passed by the end when it is before the
		 * end day, or is the end day and that day is over (the
		 * period ended before the as-of day). */
		long last = end < asof ? end : end - 1;

		dl->any = 1;
		dl->n[C_BACKLOG]++;
		if (dl_day >= 0 && dl_day <= last)
			dl->n[C_OVERDUE]++;
		if (!untriaged && eff >= p->from && eff <= last)
			dl->n[C_REPLIES_DUE]++;
	}
}

/* Is the record's unit within the report (--unit)? */
static int
in_scope(const struct xf_report *r, const struct rec *rc)
{
	if (r->o.unit == NULL)
		return 1;
	/* No unit tree: the code or name as stored. */
	if (r->scope == NULL)
		return eq(rc->unit_code, r->o.unit) || eq(rc->unit, r->o.unit);
	return xf_unit_within(rec_unit(r, rc), r->scope);
}

/*
 * Judge every matter and petition that may count in p into slot: those
 * of the scans r->scans[slot] names.
 */
int
xf_rpt_scan(struct xf_report *r, struct xf_db *db, const struct period *p,
    long asof, int slot, struct xf_err *e)
{
	/*
	 * Three disjoint sets of matters, each read through its own index
	 * (named, as the planner cannot know how few matters are open):
	 * received in the period; received before it and closed in it or
	 * later; received before it and open now, never closed.  Then the
	 * further petitions received in the period.  In the order of
	 * X_*; those not in r->scans[slot] are not read.
	 */
	static const char *const sql[] = {
		"SELECT " CASE_COLS " FROM cases INDEXED BY cases_received "
		"WHERE received_at >= ?1 AND received_at < ?2",
		"SELECT " CASE_COLS " FROM cases INDEXED BY cases_closed "
		"WHERE closed_at >= ?1 AND received_at < ?1",
		"SELECT " CASE_COLS " FROM cases INDEXED BY cases_open "
		"WHERE status IN ('registered', 'accepted', 'assigned') AND "
		"received_at < ?1 AND closed_at IS NULL",
		"SELECT p.received_at, p.channel, p.persons, p.is_leapfrog, "
		"p.level_received, c.unit_code, c.unit, c.leader, c.category "
		"FROM petitions p INDEXED BY petitions_received JOIN cases c "
		"USING (case_no) WHERE p.received_at >= ?1 AND "
		"p.received_at < ?2",
	};
	const char *parts[XF_REPORT_MAXBY];
	const struct xf_unit *units[XF_REPORT_MAXBY];
	struct xf_buf key = { 0 };
	sqlite3 *h = xf_db_handle(db);
	sqlite3_stmt *st = NULL;
	char lo[16], hi[16];
	struct delta dl;
	struct rec rc;
	long end = p->to < asof ? p->to : asof;
	int src;

	/* Nothing of it has happened by the as-of day. */
	if (p->from > end)
		return 0;
	xf_date_fmt(p->from, lo);
	xf_date_fmt(end + 1, hi);
	for (src = 0; src < NSCAN; src++) {
		if (!(r->scans[slot] & 1u << src))
			continue;
		if (sqlite3_prepare_v2(h, sql[src], -1, &st,
		    NULL) != SQLITE_OK)
			goto dbfail;
		sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
		for (;;) {
			int rcode = sqlite3_step(st);

			if (rcode == SQLITE_DONE)
				break;
			if (rcode != SQLITE_ROW)
				goto dbfail;
			if (src != X_PETITIONS) {
				judge_case(st, p, asof, r->group_min, &dl);
				rc.channel = text(st, Q_CHANNEL);
				rc.unit_code = text(st, Q_UNIT_CODE);
				rc.unit = text(st, Q_UNIT);
				rc.leader = text(st, Q_LEADER);
				rc.category = text(st, Q_CATEGORY);
			} else {
				memset(&dl, 0, sizeof(dl));
				for (int i = 0; i < NDAYS; i++)
					dl.d[i] = -1;
				dl.any = 1;
				petition(&dl, sqlite3_column_int64(st, 2),
				    text(st, 1), 1, r->group_min);
				if (sqlite3_column_int(st, 3))
					leapfrog(&dl, text(st, 4));
				rc.channel = text(st, 1);
				rc.unit_code = text(st, 5);
				rc.unit = text(st, 6);
				rc.leader = text(st, 7);
				rc.category = text(st, 8);
			}
			if (!dl.any || !in_scope(r, &rc))
				continue;
			key.len = 0;
			if (spread(r, &rc, slot, &dl, 0, &key, parts,
			    units) < 0) {
				xf_err_set(e, XF_ENOMEM, "out of memory");
				goto fail;
			}
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	xf_buf_free(&key);
	return 0;
dbfail:
	xf_db_fail(db, e, "reading the cases");
fail:
	sqlite3_finalize(st);
	xf_buf_free(&key);
	return -1;
}


/*
 * Make the groups that must be shown even when nothing counts in them:
 * every unit of the report and every month or quarter, when the
 * groupings are only these (and the one group of a report without).
 */
static int
pre_create1(struct xf_report *r, const struct period *subs, size_t nsub,
    int dim, struct xf_buf *key, const char **parts,
    const struct xf_unit **units)
{
	size_t mark = key->len;

	if (dim == r->o.nby)
		return group_get(r, key->s ? key->s : "", key->len, parts,
		    units) ? 0 : -1;
	if (r->by[dim] == B_UNIT) {
		for (size_t i = 0; i < r->nunits; i++) {
			const struct xf_unit *u = r->order[i];

			if (r->scope && !xf_unit_within(u, r->scope))
				continue;
			parts[dim] = xf_unit_code(u);
			units[dim] = u;
			key->len = mark;
			if (xf_buf_adds(key, parts[dim]) < 0 ||
			    xf_buf_add(key, "\037", 1) < 0 ||
			    pre_create1(r, subs, nsub, dim + 1, key, parts,
			    units) < 0)
				return -1;
		}
	} else {
		for (size_t i = 0; i < nsub; i++) {
			parts[dim] = subs[i].label;
			units[dim] = NULL;
			key->len = mark;
			if (xf_buf_adds(key, parts[dim]) < 0 ||
			    xf_buf_add(key, "\037", 1) < 0 ||
			    pre_create1(r, subs, nsub, dim + 1, key, parts,
			    units) < 0)
				return -1;
		}
	}
	key->len = mark;
	return 0;
}


int
xf_rpt_pre_create(struct xf_report *r, const struct period *subs,
    size_t nsub)
{
	const char *parts[XF_REPORT_MAXBY];
	const struct xf_unit *units[XF_REPORT_MAXBY];
	struct xf_buf key = { 0 };
	int rc;

	rc = pre_create1(r, subs, nsub, 0, &key, parts, units);
	xf_buf_free(&key);
	return rc;
}
