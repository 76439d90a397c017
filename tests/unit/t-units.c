/*
 * t-units.c: unit tests of the unit tree (units.c): the example tree,
 * name resolution, the tree queries, every check of the file with its
 * exact message, CSV details (BOM, CRLF, quoting, Chinese headers), a
 * generated tree of 3,000 units, and the store's unresolved unit names.
 *
 * Files are written under a private mkdtemp(3) directory, removed at the
 * end; the example is read from $XF_TOP/examples (default: .).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "xf.h"
#include "tap.h"

#define LEVELS "ministry, province, city, district, station or brigade " \
	"(公安部, 省厅, 市局, 分局, 县局, 派出所, 大队)"
#define H "code,name,parent,level,leader,aliases\n"
#define ROOT "1,市局,,city,王局长,\n"

static char dir[64];
static char upath[128];		/* dir/units.csv: every case's file */

static void
bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

static void
putn(const char *path, const char *bytes, size_t len)
{
	FILE *fp;

	if ((fp = fopen(path, "wb")) == NULL)
		bail(path);
	if (len && fwrite(bytes, 1, len, fp) != len)
		bail(path);
	if (fclose(fp) != 0)
		bail(path);
}

/* Load text from dir/units.csv. */
static struct xf_units *
load(const char *text, struct xf_err *e)
{
	putn(upath, text, strlen(text));
	memset(e, 0, sizeof(*e));
	return xf_units_load(upath, e);
}

/*
 * The file text must be refused with XF_ECONFIG and the message
 * "dir/units.csv:" followed by want.
 */
static void
refused(const char *what, const char *text, const char *want)
{
	struct xf_units *u;
	struct xf_err e;
	char full[XF_ERRMAX + 160];

	snprintf(full, sizeof(full), "%s:%s", upath, want);
	u = load(text, &e);
	ok(u == NULL && e.code == XF_ECONFIG, "%s: refused, XF_ECONFIG",
	    what);
	is_str(e.msg, full, "%s: message", what);
	xf_units_free(u);
}

static const char *
code(const struct xf_unit *x)
{
	return x ? xf_unit_code(x) : NULL;
}

static void
test_example(void)
{
	const char *top = getenv("XF_TOP");
	char path[512];
	struct xf_units *u;
	struct xf_err e = { 0 };
	const struct xf_unit *root, *cy, *jw, *hd, *tj, *fz;
	struct xf_csv *in;
	int rc, n = 0, bad = 0;

	snprintf(path, sizeof(path), "%s/examples/units.csv",
	    top ? top : ".");
	u = xf_units_load(path, &e);
	ok(u != NULL, "example loads (%s)", e.msg);
	if (u == NULL)
		return;
	is_int(xf_units_count(u), 27, "example: 27 units");
	root = xf_units_root(u);
	is_str(code(root), "110000", "root is the city bureau");
	ok(xf_units_at(u, 0) == root, "unit 0 is the first row");
	is_int(xf_unit_line(root), 3, "line of the first unit, after a "
	    "comment");
	ok(xf_units_at(u, 27) == NULL, "at(count) is NULL");
	is_str(xf_unit_level(root), "city", "root's level");
	ok(xf_unit_parent(root) == NULL, "root has no parent");
	is_int(xf_unit_depth(root), 0, "root's depth 0");

	cy = xf_units_get(u, "110105");
	is_str(cy ? xf_unit_name(cy) : NULL, "朝阳分局", "get by code");
	ok(xf_units_get(u, "朝阳分局") == NULL, "get takes codes only");
	ok(xf_units_get(u, " 110105\t") == cy, "get trims blanks");
	ok(xf_units_resolve(u, "110105") == cy, "resolve by code");
	ok(xf_units_resolve(u, "朝阳分局") == cy, "resolve by name");
	ok(xf_units_resolve(u, "朝阳区公安分局") == cy, "resolve by alias");
	ok(xf_units_resolve(u, "北京市公安局朝阳分局") == cy,
	    "resolve by second alias");
	ok(xf_units_resolve(u, "  朝阳分局\t") == cy, "resolve: ASCII blanks");
	ok(xf_units_resolve(u, "\xE3\x80\x80朝阳分局\xE3\x80\x80 ") == cy,
	    "resolve: full-width spaces");
	ok(xf_units_resolve(u, "\xC2\xA0朝阳分局") == cy,
	    "resolve: no-break space");
	ok(xf_units_resolve(u, "１１０１０５") == cy,
	    "resolve: full-width digits");
	ok(xf_units_resolve(u, "朝阳 分局") == NULL,
	    "resolve: inner blanks count");
	ok(xf_units_resolve(u, "火星分局") == NULL, "resolve: unknown");
	ok(xf_units_resolve(u, "") == NULL, "resolve: empty");
	ok(xf_units_resolve(u, "\xE3\x80\x80") == NULL, "resolve: blank");
	ok(xf_units_resolve(u, NULL) == NULL, "resolve: NULL");
	is_str(xf_unit_leader(cy), "李卫东", "leader");
	is_str(xf_unit_level(cy), "district", "level");

	jw = xf_units_resolve(u, "建外派出所");
	hd = xf_units_resolve(u, "海淀分局");
	tj = xf_units_resolve(u, "朝阳交警大队");
	fz = xf_units_resolve(u, "反诈中心");
	ok(jw && hd && tj && fz, "stations and brigades resolve");
	if (!(jw && hd && tj && fz))
		goto out;
	ok(xf_unit_parent(jw) == cy, "parent of a station");
	is_int(xf_unit_depth(cy), 1, "depth of a district");
	is_int(xf_unit_depth(jw), 2, "depth of a station");
	ok(xf_unit_within(jw, cy), "within: station in its district");
	ok(xf_unit_within(jw, root), "within: station in the bureau");
	ok(xf_unit_within(cy, cy), "within: a unit is within itself");
	ok(!xf_unit_within(cy, jw), "within: not within its child");
	ok(!xf_unit_within(jw, hd), "within: not in another district");
	ok(!xf_unit_within(tj, cy), "within: 朝阳交警大队 is not under 朝阳分局");
	ok(!xf_unit_within(NULL, cy) && !xf_unit_within(cy, NULL),
	    "within: NULL");
	ok(xf_unit_up(jw, 0) == jw, "up 0: itself");
	ok(xf_unit_up(jw, -3) == jw, "up -3: itself");
	ok(xf_unit_up(jw, 1) == cy, "up 1: the district");
	ok(xf_unit_up(jw, 2) == root, "up 2: the bureau");
	ok(xf_unit_up(jw, 9) == root, "up 9: stops at the root");
	ok(xf_unit_at_level(jw, "district") == cy, "at_level district");
	ok(xf_unit_at_level(jw, "分局") == cy, "at_level 分局");
	ok(xf_unit_at_level(jw, "city") == root, "at_level city");
	ok(xf_unit_at_level(jw, "派出所") == jw, "at_level: itself");
	ok(xf_unit_at_level(jw, "province") == NULL, "at_level: none above");
	ok(xf_unit_at_level(jw, "brigade") == NULL, "at_level: a station "
	    "is no brigade");
	ok(xf_unit_at_level(jw, "nonsense") == NULL, "at_level: bad word");
	ok(xf_unit_at_level(tj, "district") ==
	    xf_units_resolve(u, "交警支队"), "at_level: a traffic brigade "
	    "goes to the traffic detachment");
	ok(xf_unit_parent(fz) == root, "a brigade may sit under the city");

	/* Every unit named in the example history resolves. */
	snprintf(path, sizeof(path), "%s/examples/history.csv",
	    top ? top : ".");
	if ((in = xf_csv_open(path, NULL, &e)) == NULL ||
	    xf_csv_read(in, &e) <= 0)
		bail(path);
	while ((rc = xf_csv_read(in, &e)) > 0) {
		n++;
		if (xf_units_resolve(u, xf_csv_field(in, 8, NULL)) == NULL) {
			tap_diag("unresolved: %s", xf_csv_field(in, 8, NULL));
			bad++;
		}
	}
	ok(rc == 0, "history.csv read to its end");
	xf_csv_free(in);
	ok(n > 0 && bad == 0, "every unit of history.csv resolves (%d rows)",
	    n);
out:
	xf_units_free(u);
}

static void
test_errors(void)
{
	struct xf_units *u;
	struct xf_err e;
	char full[256];

	refused("empty code", H ROOT ",甲分局,1,district,,\n",
	    "3: code: empty");
	refused("blank code", H ROOT " \xE3\x80\x80 ,甲分局,1,district,,\n",
	    "3: code: empty");
	refused("empty name", H ROOT "2,,1,district,,\n", "3: name: empty");
	refused("duplicate code", H ROOT "2,甲分局,1,district,,\n"
	    "2,乙分局,1,district,,\n", "4: code 2 also on line 3");
	refused("duplicate code, case and blanks", H ROOT
	    "a2,甲分局,1,district,,\n A2 ,乙分局,1,district,,\n",
	    "4: code A2 also on line 3");
	refused("unknown parent", H ROOT "2,甲分局,1199,district,,\n",
	    "3: parent 1199 is no unit in this file");
	refused("parent given by name", H ROOT "2,甲分局,市局,district,,\n",
	    "3: parent 市局 is no unit code in this file, but names 市局 (1) "
	    "on line 2: give its code");
	refused("two roots", H ROOT "2,另一市局,,city,,\n",
	    "3: 另一市局 (2) has no parent, nor has 市局 (1) on line 2: one "
	    "unit only may be without a parent, the root");
	refused("cycle", H ROOT "2,甲,3,district,,\n3,乙,2,district,,\n",
	    "3: parent cycle: 甲 (2) -> 乙 (3) -> 甲 (2)");
	refused("cycle reached from a unit outside it", H ROOT
	    "4,丙,3,station,,\n2,甲,3,district,,\n3,乙,2,district,,\n",
	    "4: parent cycle: 甲 (2) -> 乙 (3) -> 甲 (2)");
	refused("cycle of one", H ROOT "2,甲,2,district,,\n",
	    "3: parent cycle: 甲 (2) -> 甲 (2)");
	refused("cycle and no root", H "1,a,3,city,,\n2,b,1,city,,\n"
	    "3,c,2,city,,\n", "2: parent cycle: a (1) -> c (3) -> b (2) -> "
	    "a (1)");
	refused("unknown level", H ROOT "2,甲分局,1,团,,\n",
	    "3: level: unknown level 团; give " LEVELS);
	refused("empty level", H ROOT "2,甲分局,1, ,,\n",
	    "3: level: empty; give " LEVELS);
	refused("district under a station", H ROOT "2,甲所,1,station,,\n"
	    "3,甲分局,2,district,,\n", "4: level: 甲分局 (3), a district, "
	    "cannot be under 甲所 (2) on line 3, a station");
	refused("city under a district, parent later in the file", H
	    "2,市局,1,city,,\n1,分局,3,district,,\n3,省厅,,province,,\n",
	    "2: level: 市局 (2), a city, cannot be under 分局 (1) on line 3, "
	    "a district");
	refused("duplicate name", H ROOT "2,朝阳分局,1,district,,\n"
	    "3,朝阳分局,1,district,,\n",
	    "4: name 朝阳分局 also on line 3 (code 2)");
	refused("duplicate name but for blanks", H ROOT
	    "2,朝阳分局,1,district,,\n3,朝阳分局\xE3\x80\x80,1,district,,\n",
	    "4: name 朝阳分局 also on line 3 (code 2)");
	refused("alias equal to another's name", H ROOT
	    "2,朝阳分局,1,district,,\n3,朝阳区分局,1,district,,朝阳分局\n",
	    "4: alias 朝阳分局 is also the name of 朝阳分局 (2) on line 3");
	refused("name equal to another's alias", H ROOT
	    "2,朝阳分局,1,district,,朝阳区公安分局\n"
	    "3,朝阳区公安分局,1,district,,\n",
	    "4: name 朝阳区公安分局 is also an alias of 朝阳分局 (2) on line 3");
	refused("alias shared", H ROOT "2,甲,1,district,,朝阳|甲甲\n"
	    "3,乙,1,district,,乙乙|朝阳\n",
	    "4: alias 朝阳 is also an alias of 甲 (2) on line 3");
	refused("name equal to another's code", H ROOT
	    "2,甲,1,district,,\n3,2,1,district,,\n",
	    "4: name 2 is also the code of 甲 (2) on line 3");
	refused("no parent column", "code,name,level,leader\n1,市局,city,\n",
	    "1: no \"parent\" column (or 上级单位)");
	refused("no leader column", "code,name,parent,level\n1,市局,,city\n",
	    "1: no \"leader\" column (or 负责人)");
	refused("two name columns", "code,name,parent,level,leader,名称\n",
	    "1: two columns for name: name and 名称");
	refused("header only", "# the tree\n" H, "2: no units after the "
	    "header");
	refused("bad UTF-8", H ROOT "2,\xFF\xFE,1,district,,\n",
	    "3: name: not UTF-8, or holds a NUL byte");

	/* Errors without a line. */
	u = load("", &e);
	snprintf(full, sizeof(full), "%s: empty file: no header, no units",
	    upath);
	ok(u == NULL && e.code == XF_ECONFIG, "empty file refused");
	is_str(e.msg, full, "empty file: message");
	u = load(H ROOT "2,\"甲分局,1,district,,\n", &e);
	ok(u == NULL && e.code == XF_ECONFIG, "malformed CSV refused");
	ok(strncmp(e.msg, upath, strlen(upath)) == 0 &&
	    e.msg[strlen(upath)] == ':', "malformed CSV: names the file (%s)",
	    e.msg);
	memset(&e, 0, sizeof(e));
	snprintf(full, sizeof(full), "%s/no-such.csv", dir);
	u = xf_units_load(full, &e);
	ok(u == NULL && e.code == XF_ECONFIG && strstr(e.msg, full) != NULL,
	    "missing file: XF_ECONFIG naming it (%s)", e.msg);
	xf_units_free(NULL);
	ok(1, "xf_units_free(NULL) is harmless");
}

static void
test_csv(void)
{
	static const char text[] =
	    "\xEF\xBB\xBF# 单位树\r\n"
	    "单位编码,单位名称,上级单位,级别,领导,别名,备注\r\n"
	    "\r\n"
	    "\"1\",\"市局, 总部\",,市局,\"王\"\"大\"\"\",\"总部｜局本部\",一\r\n"
	    ",,,,,,\r\n"
	    "# 1a,注释行,1,分局,,,\r\n"
	    "2,\"东城\n分局\",1,分局,,\r\n"
	    "3,东所,2,派出所\r\n"
	    "4,东大队,2,大队,,东 大 队\r\n"
	    "5,东所二组,4,派出所,李,\r\n";
	struct xf_units *u;
	struct xf_err e;
	const struct xf_unit *x;

	u = load(text, &e);
	ok(u != NULL, "BOM, CRLF, quotes, Chinese headers load (%s)", e.msg);
	if (u == NULL)
		return;
	is_int(xf_units_count(u), 5, "comments and blank rows skipped");
	x = xf_units_resolve(u, "市局, 总部");
	is_str(code(x), "1", "quoted name with a comma");
	is_str(x ? xf_unit_leader(x) : NULL, "王\"大\"", "doubled quotes");
	is_int(x ? xf_unit_line(x) : 0, 4, "line counted past BOM and CRLF");
	is_str(code(xf_units_resolve(u, "总部")), "1",
	    "alias split at full-width bar");
	is_str(code(xf_units_resolve(u, "局本部")), "1", "second alias");
	is_str(x ? xf_unit_level(x) : NULL, "city", "level word 市局");
	x = xf_units_get(u, "2");
	is_str(x ? xf_unit_name(x) : NULL, "东城\n分局",
	    "a quoted newline stays in the name");
	x = xf_units_get(u, "3");
	is_int(x ? xf_unit_line(x) : 0, 9, "line after a two-line record");
	ok(x && xf_unit_leader(x) == NULL, "short row: no leader is NULL");
	is_str(x ? xf_unit_level(x) : NULL, "station", "level word 派出所");
	is_str(code(xf_units_resolve(u, "东 大 队")), "4",
	    "inner blanks of an alias kept");
	x = xf_units_get(u, "5");
	is_int(x ? xf_unit_depth(x) : -1, 3,
	    "a station may sit under a brigade (same rank)");
	xf_units_free(u);

	/* An alias equal to the unit's own name or code is no conflict. */
	u = load(H ROOT "2,甲,1,district,,甲|2| 甲 \n", &e);
	ok(u != NULL, "alias equal to its own name (%s)", e.msg);
	xf_units_free(u);
	/* A forest is refused, but a file may start at any level. */
	u = load(H "1,省厅,,province,,\n", &e);
	ok(u != NULL && xf_units_count(u) == 1, "a tree of one unit");
	xf_units_free(u);
}

/* 3,000 units: a wide tree listed children first, and a deep chain. */
static void
test_big(void)
{
	const int nd = 30, ns = 99;	/* 1 + 30 + 30 * 99 = 3001 */
	char *buf, name[64];
	size_t cap = 1 << 20, len = 0;
	struct xf_units *u;
	struct xf_err e;
	int bad = 0, i, j;

	if ((buf = malloc(cap)) == NULL)
		bail("malloc");
	len += (size_t)snprintf(buf + len, cap - len, H);
	for (i = nd; i >= 1; i--) {
		for (j = ns; j >= 1; j--)
			len += (size_t)snprintf(buf + len, cap - len,
			    "%d%03d,第%d分局第%d派出所,%d,station,,S%d-%d\n",
			    i, j, i, j, i, i, j);
		len += (size_t)snprintf(buf + len, cap - len,
		    "%d,第%d分局,0,district,,\n", i, i);
	}
	len += (size_t)snprintf(buf + len, cap - len, "0,市局,,city,,\n");
	u = load(buf, &e);
	ok(u != NULL, "3,001-unit tree loads (%s)", e.msg);
	if (u != NULL) {
		const struct xf_unit *root = xf_units_root(u);

		is_int(xf_units_count(u), 3001, "3,001 units");
		for (i = 1; i <= nd; i++)
			for (j = 1; j <= ns; j++) {
				const struct xf_unit *x;
				char c[32], al[32], dc[16];

				snprintf(name, sizeof(name),
				    "第%d分局第%d派出所", i, j);
				snprintf(c, sizeof(c), "%d%03d", i, j);
				snprintf(al, sizeof(al), "s%d-%d", i, j);
				snprintf(dc, sizeof(dc), "%d", i);
				x = xf_units_resolve(u, name);
				if (x == NULL || strcmp(xf_unit_code(x), c) ||
				    xf_units_resolve(u, c) != x ||
				    xf_units_resolve(u, al) != x ||
				    xf_unit_depth(x) != 2 ||
				    !xf_unit_within(x, root) ||
				    xf_unit_up(x, 1) != xf_units_get(u, dc))
					bad++;
			}
		is_int(bad, 0, "every station resolves by name, code and "
		    "alias, under its district");
	}
	xf_units_free(u);

	/* A chain of 3,000 stations, each under the next one listed. */
	len = 0;
	len += (size_t)snprintf(buf + len, cap - len, H);
	for (i = 2999; i >= 1; i--)
		len += (size_t)snprintf(buf + len, cap - len,
		    "%d,所%d,%d,station,,\n", i, i, i - 1);
	len += (size_t)snprintf(buf + len, cap - len, "0,所0,,station,,\n");
	u = load(buf, &e);
	ok(u != NULL, "a chain 3,000 deep loads (%s)", e.msg);
	if (u != NULL) {
		const struct xf_unit *last = xf_units_get(u, "2999");

		is_int(last ? xf_unit_depth(last) : -1, 2999, "depth 2999");
		ok(xf_unit_up(last, 5000) == xf_units_root(u),
		    "up to the root");
		ok(xf_unit_within(last, xf_units_get(u, "1500")),
		    "within, deep");
	}
	xf_units_free(u);
	free(buf);
}

struct seen {
	char names[8][64];
	long long n[8];
	int count;
};

static void
on_unresolved(void *arg, const char *name, long long ncases)
{
	struct seen *s = arg;

	if (s->count < 8) {
		snprintf(s->names[s->count], sizeof(s->names[0]), "%s", name);
		s->n[s->count] = ncases;
	}
	s->count++;
}

static void
test_unresolved(void)
{
	static const char *const units[] = { "朝阳分局", "朝阳分局", "110105",
	    " 海淀分局\xE3\x80\x80", "火星分局", "火星分局", "旧名单位", "",
	    "  ", NULL, "朝阳区公安分局" };
	char dbp[128], exa[512];
	const char *top = getenv("XF_TOP");
	struct xf_units *u;
	struct xf_db *db;
	struct xf_err e = { 0 };
	struct seen s = { 0 };
	sqlite3_stmt *st;
	size_t i;

	snprintf(exa, sizeof(exa), "%s/examples/units.csv", top ? top : ".");
	snprintf(dbp, sizeof(dbp), "%s/xf.db", dir);
	if ((u = xf_units_load(exa, &e)) == NULL)
		bail(e.msg);
	db = xf_db_open(dbp, XF_DB_WRITE, &e);
	ok(db != NULL, "store opened (%s)", e.msg);
	if (db == NULL) {
		xf_units_free(u);
		return;
	}
	ok(xf_db_exec(db, "INSERT INTO runs(run_id, tool, started_at, as_of) "
	    "VALUES (1, 't-units', '2026-11-24 00:00:00', '2026-11-24')",
	    &e) == 0, "a run");
	if (sqlite3_prepare_v2(xf_db_handle(db), "INSERT INTO cases("
	    "case_no, received_at, channel, content, status, run_id, unit) "
	    "VALUES (?, '2026-11-01', 'visit', '事项', 'accepted', 1, ?)",
	    -1, &st, NULL) != SQLITE_OK)
		bail(sqlite3_errmsg(xf_db_handle(db)));
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		sqlite3_bind_int64(st, 1, 20261101000000001LL + (long long)i);
		if (units[i])
			sqlite3_bind_text(st, 2, units[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		if (sqlite3_step(st) != SQLITE_DONE)
			bail(sqlite3_errmsg(xf_db_handle(db)));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	is_int(xf_units_unresolved(u, db, on_unresolved, &s, &e), 0,
	    "unresolved names listed (%s)", e.msg);
	is_int(s.count, 2, "two names do not resolve");
	is_str(s.names[0], "火星分局", "most cases first");
	is_int(s.n[0], 2, "with their count");
	is_str(s.names[1], "旧名单位", "then the next");
	is_int(s.n[1], 1, "with its count");
	xf_db_close(db);
	xf_units_free(u);
	unlink(dbp);
	snprintf(exa, sizeof(exa), "%s-wal", dbp);
	unlink(exa);
	snprintf(exa, sizeof(exa), "%s-shm", dbp);
	unlink(exa);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "%s/t-units.XXXXXX", "/tmp");
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	snprintf(upath, sizeof(upath), "%s/units.csv", dir);
	test_example();
	test_errors();
	test_csv();
	test_big();
	test_unresolved();
	unlink(upath);
	if (rmdir(dir) != 0)
		bail(dir);
	return tap_done();
}
