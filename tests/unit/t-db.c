/*
 * t-db.c: opening the store read-only, for the tools that only read: it
 * never creates a file, never migrates, and reads while another
 * connection is writing.  And the case layer's load and change.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xf.h"
#include "xf-int.h"
#include "tap.h"

static long long
count(struct xf_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(xf_db_handle(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *
text(struct xf_db *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *st;

	snprintf(buf, n, "(none)");
	if (sqlite3_prepare_v2(xf_db_handle(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return buf;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, n, "%s", sqlite3_column_text(st, 0) ?
		    (const char *)sqlite3_column_text(st, 0) : "NULL");
	sqlite3_finalize(st);
	return buf;
}

int
main(void)
{
	char dir[] = "/tmp/xf-t-db.XXXXXX", path[256], old[256], buf[128];
	struct xf_err e = { 0 };
	struct xf_db *w, *r;
	struct xf_cases *cs;
	struct xf_case c;
	struct stat sb;
	sqlite3 *h;
	long long run;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/xf.db", dir);

	/* Read-only never creates. */
	r = xf_db_open(path, XF_DB_READ, &e);
	ok(r == NULL, "read-only open of a missing store fails");
	is_int(e.code, XF_ECONFIG, "... as a configuration error");
	ok(stat(path, &sb) != 0, "... and creates nothing");

	/* Read-only never migrates: an old store is refused, untouched. */
	snprintf(old, sizeof(old), "%s/old.db", dir);
	if (sqlite3_open(old, &h) == SQLITE_OK) {
		sqlite3_exec(h, "PRAGMA application_id = 1480982785;"
		    "PRAGMA user_version = 1; CREATE TABLE cases(x);", NULL,
		    NULL, NULL);
		sqlite3_close(h);
	}
	r = xf_db_open(old, XF_DB_READ, &e);
	ok(r == NULL, "read-only open of an older store fails");
	ok(strstr(e.msg, "older than this program") != NULL,
	    "... saying it is older (%s)", e.msg);
	w = xf_db_open(old, XF_DB_DRYRUN, &e);
	/* (A dry run migrates inside its own store; not checked here.) */
	xf_db_close(w);

	/* A writer with an open write transaction; a reader reads. */
	w = xf_db_open(path, XF_DB_WRITE, &e);
	ok(w != NULL, "store created for writing (%s)", e.msg);
	if (w == NULL)
		return tap_done();
	ok(xf_db_begin(w, &e) == 0, "writer begins");
	run = xf_db_run_start(w, "t-db", "2026-11-24", "tester", 0, NULL, &e);
	ok(run > 0, "a run recorded (%s)", e.msg);
	ok(xf_db_exec(w, "INSERT INTO cases (case_no, received_at, channel, "
	    "content, status, run_id) VALUES (20261101000000001, '2026-11-01', "
	    "'visit', 'x', 'accepted', 1)", &e) == 0, "writer inserts");
	ok(xf_db_commit(w, &e) == 0, "writer commits");
	ok(xf_db_begin(w, &e) == 0, "writer begins again");
	ok(xf_db_exec(w, "INSERT INTO cases (case_no, received_at, channel, "
	    "content, status, run_id) VALUES (20261101000000002, '2026-11-01', "
	    "'visit', 'y', 'accepted', 1)", &e) == 0,
	    "writer inserts, not committed");
	r = xf_db_open(path, XF_DB_READ, &e);
	ok(r != NULL, "read-only open while the writer holds its lock (%s)",
	    e.msg);
	if (r != NULL) {
		is_int(count(r, "SELECT count(*) FROM cases"), 1,
		    "reader sees the committed case only");
		ok(xf_db_exec(r, "DELETE FROM cases", &e) < 0,
		    "reader cannot write");
	}
	ok(xf_db_commit(w, &e) == 0, "writer commits while the reader is open");
	if (r != NULL)
		is_int(count(r, "SELECT count(*) FROM cases"), 2,
		    "reader then sees both");
	xf_db_close(r);

	/* The case layer: load, change with events, idempotent. */
	cs = xf_cases_new(w, &e);
	ok(cs != NULL, "case layer (%s)", e.msg);
	if (cs == NULL)
		return tap_done();
	ok(xf_db_begin(w, &e) == 0, "begin");
	xf_cases_begin(cs, run, 0, "2026-11-24 10:00:00");
	is_int(xf_cases_load(cs, 20261101000000001LL, &c, &e), 1, "case loaded");
	is_str(c.id, "XF-20261101-0001", "... its id");
	is_str(c.v[XF_C_STATUS], "accepted", "... its status");
	is_str(c.v[XF_C_UNIT], "", "... no unit yet");
	is_int(xf_cases_load(cs, 20261101000000009LL, &c, &e), 0,
	    "a missing case: 0");
	xf_cases_load(cs, 20261101000000001LL, &c, &e);
	{
		struct xf_set set[] = { { XF_C_STATUS, "assigned" },
		    { XF_C_UNIT, "朝阳分局" }, { XF_C_LEADER, "" } };

		is_int(xf_cases_change(cs, &c, "2026-11-24", "assign", set, 3,
		    "by the book", &e), 2, "two columns changed (%s)", e.msg);
		xf_cases_load(cs, 20261101000000001LL, &c, &e);
		is_int(xf_cases_change(cs, &c, "2026-11-24", "assign", set, 3,
		    NULL, &e), 0, "the same change again: unchanged");
	}
	is_int(xf_cases_note(cs, 20261101000000001LL, "2026-11-24", "note",
	    "called back", &e), 1, "a note recorded");
	is_int(xf_cases_note(cs, 20261101000000001LL, "2026-11-24 16:00", "note",
	    "called back", &e), 0, "the same note that day: not again");
	ok(xf_db_commit(w, &e) == 0, "commit");
	is_int(count(w, "SELECT count(*) FROM events WHERE case_no = "
	    "20261101000000001"), 3, "three events");
	is_str(text(w, "SELECT field || ':' || ifnull(old_value, 'NULL') || "
	    "'>' || new_value || ':' || note FROM events WHERE seq = 1 AND "
	    "case_no = 20261101000000001", buf, sizeof(buf)),
	    "status:accepted>assigned:by the book",
	    "the first event: field, old, new, note");
	is_str(text(w, "SELECT actor || ',' || tool FROM case_events LIMIT 1",
	    buf, sizeof(buf)), "tester,t-db", "the view shows actor and tool");
	is_str(text(w, "SELECT updated_at FROM cases WHERE case_no = "
	    "20261101000000001", buf, sizeof(buf)), "2026-11-24 10:00:00",
	    "updated_at stamped");
	is_int(xf_case_no("XF-20261101-0001"), 20261101000000001LL,
	    "case id to number");
	is_int(xf_case_no("XF-20261101-12345"), 20261101000012345LL,
	    "... five digits, as written before schema version 3");
	is_int(xf_case_no("XF-20261101-A12345"), 20261101000012345LL,
	    "... the same with its width letter");
	is_int(xf_case_no("XF-20131225-B100000"), 20131225000100000LL,
	    "... B and six digits");
	is_int(xf_case_no("XF-20131225-E999999999"), 20131225999999999LL,
	    "... E and nine digits");
	is_int(xf_case_no("XF-20131225-9999"), 20131225000009999LL,
	    "... 9999");
	is_int(xf_case_no("XF-20131225-A1000"), -1,
	    "... a letter with the wrong width: -1");
	is_int(xf_case_no("XF-20131225-B10000"), -1, "... B and 5 digits: -1");
	is_int(xf_case_no("XF-20131225-A01234"), -1,
	    "... a letter and a leading 0: -1");
	is_int(xf_case_no("XF-20131225-01234"), -1,
	    "... five digits below 10000: -1");
	is_int(xf_case_no("XF-20131225-100000"), -1,
	    "... six digits without a letter: -1");
	is_int(xf_case_no("XF-20131225-F1000000000"), -1, "... F: -1");
	is_int(xf_case_no("XF-20131225-a10000"), -1, "... lower case: -1");
	{
		static const long long n[] = { 1, 9999, 10000, 99999, 100000,
		    999999, 1000000, 123456789, 999999999 };
		static const char *const want[] = { "XF-20131225-0001",
		    "XF-20131225-9999", "XF-20131225-A10000",
		    "XF-20131225-A99999", "XF-20131225-B100000",
		    "XF-20131225-B999999", "XF-20131225-C1000000",
		    "XF-20131225-E123456789", "XF-20131225-E999999999" };
		char id[32], prev[32] = "";

		for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
			xf_case_id(20131225LL * 1000000000 + n[i], id);
			is_str(id, want[i], "number %lld of a day: %s", n[i],
			    want[i]);
			is_int(xf_case_no(id), 20131225LL * 1000000000 + n[i],
			    "... and back");
			ok(strcmp(prev, id) < 0, "... sorts after %s as text",
			    prev);
			snprintf(prev, sizeof(prev), "%s", id);
		}
	}
	is_int(xf_case_no("XF-2026110-0001"), -1, "... a short day: -1");
	is_int(xf_case_no("XF-20261101-0001x"), -1, "... trailing junk: -1");
	is_int(xf_case_no("XF-20261101-0000"), -1, "... number 0: -1");
	xf_cases_free(cs);
	xf_db_close(w);

	unlink(old);
	snprintf(buf, sizeof(buf), "rm -rf %s", dir);
	if (system(buf) != 0)
		return 1;
	return tap_done();
}
