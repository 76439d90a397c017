/*
 * db.c: the SQLite store: opening, schema migrations, transactions, runs.
 *
 * One file, WAL, a busy timeout, BEGIN IMMEDIATE for every write, STRICT
 * tables, an application_id so foreign files are refused, and
 * PRAGMA user_version migrations applied one transaction per step.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xf.h"
#include "xf-int.h"

#define XF_APPLICATION_ID	0x58460101	/* "XF" 1.1 */

struct xf_db {
	sqlite3 *h;
	char path[1024];
	char warning[1200];	/* from opening, or "" */
	int in_tx;
	int readonly;
};

/*
 * Each step brings the schema from version i to i + 1.  Never edit a step
 * that has shipped; add a new one.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE runs ("
	"  run_id INTEGER PRIMARY KEY,"
	"  tool TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  argv TEXT,"
	"  finished_at TEXT,"
	"  status INTEGER"
	") STRICT;"
	"CREATE TABLE cases ("
	/* The case number is the registration day and its sequence:
	 * YYYYMMDD * 100000 + n, shown as XF-YYYYMMDD-NNNN. */
	"  case_no INTEGER PRIMARY KEY,"
	"  case_id TEXT GENERATED ALWAYS AS"
	"    (printf('XF-%d-%04d', case_no / 100000, case_no % 100000))"
	"    VIRTUAL,"
	"  source_ref TEXT,"
	"  fingerprint BLOB,"
	"  received_at TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  petitioner_name TEXT,"
	"  anonymous INTEGER NOT NULL DEFAULT 0,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  address TEXT,"
	"  person_key INTEGER,"
	"  persons INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 1),"
	"  content TEXT NOT NULL,"
	"  category TEXT,"
	"  unit TEXT,"
	"  level_received TEXT,"
	"  problem_level TEXT,"
	"  supervision TEXT,"
	"  supervision_deadline TEXT,"
	"  status TEXT NOT NULL,"
	"  disposition TEXT,"
	"  disposition_target TEXT,"
	"  disposition_reason TEXT,"
	"  rule TEXT,"
	"  triaged_at TEXT,"
	"  triage_deadline TEXT,"
	"  is_group INTEGER NOT NULL DEFAULT 0,"
	"  is_leapfrog INTEGER NOT NULL DEFAULT 0,"
	"  leapfrog_level TEXT,"
	"  first_petition INTEGER NOT NULL DEFAULT 1,"
	"  repeat_of TEXT,"
	"  petition_count INTEGER NOT NULL DEFAULT 1,"
	"  persons_total INTEGER NOT NULL DEFAULT 1,"
	"  last_petition_at TEXT,"
	"  leader TEXT,"
	"  officer TEXT,"
	"  accepted_at TEXT,"
	"  deadline TEXT,"
	"  extended_deadline TEXT,"
	"  replied_at TEXT,"
	"  closed_at TEXT,"
	"  outcome TEXT,"
	"  resolved INTEGER,"
	"  satisfaction TEXT,"
	"  review_requested_at TEXT,"
	"  review_decided_at TEXT,"
	"  rereview_requested_at TEXT,"
	"  rereview_decided_at TEXT,"
	"  terminated_at TEXT,"
	"  imported INTEGER NOT NULL DEFAULT 0,"
	"  extra TEXT,"
	/* The run that registered or imported the case; for an imported
	 * case its as_of is the day before which deadlines were already
	 * past at import, and must raise no warning or escalation. */
	"  run_id INTEGER NOT NULL REFERENCES runs,"
	/* When a later run last changed the case; NULL until then. */
	"  updated_at TEXT"
	") STRICT;"
	"CREATE UNIQUE INDEX cases_source_ref ON cases(source_ref)"
	"  WHERE source_ref IS NOT NULL;"
	"CREATE UNIQUE INDEX cases_fingerprint ON cases(fingerprint)"
	"  WHERE source_ref IS NULL;"
	"CREATE INDEX cases_person ON cases(person_key, category)"
	"  WHERE person_key IS NOT NULL;"
	/* Further petitions on a matter (repeats that joined it). */
	"CREATE TABLE petitions ("
	"  petition_id INTEGER PRIMARY KEY,"
	"  case_no INTEGER NOT NULL REFERENCES cases,"
	"  source_ref TEXT,"
	"  fingerprint BLOB,"
	"  received_at TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  persons INTEGER NOT NULL DEFAULT 1,"
	"  level_received TEXT,"
	"  is_leapfrog INTEGER NOT NULL DEFAULT 0,"
	"  content TEXT,"
	"  run_id INTEGER NOT NULL REFERENCES runs,"
	"  imported INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE UNIQUE INDEX petitions_source_ref ON petitions(source_ref)"
	"  WHERE source_ref IS NOT NULL;"
	"CREATE UNIQUE INDEX petitions_fingerprint ON petitions(fingerprint)"
	"  WHERE source_ref IS NULL;"
	"CREATE INDEX petitions_case ON petitions(case_no);"
	/* Every change of a case, in order: seq counts from 1 per case. */
	"CREATE TABLE events ("
	"  case_no INTEGER NOT NULL REFERENCES cases,"
	"  seq INTEGER NOT NULL,"
	"  at TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  field TEXT,"
	"  old_value TEXT,"
	"  new_value TEXT,"
	"  run_id INTEGER NOT NULL REFERENCES runs,"
	"  imported INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (case_no, seq)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	/* The events with their case id and the tool that wrote them. */
	"CREATE VIEW case_events AS SELECT c.case_id, e.case_no, e.seq, e.at,"
	"  e.kind, e.field, e.old_value, e.new_value, r.tool, e.run_id,"
	"  e.imported FROM events e JOIN cases c USING (case_no)"
	"  JOIN runs r USING (run_id);",
	/* 1 -> 2: the lifecycle (xf-assign, xf-update). */
	"ALTER TABLE runs ADD COLUMN actor TEXT;"
	"ALTER TABLE events ADD COLUMN note TEXT;"
	"ALTER TABLE cases ADD COLUMN unit_code TEXT;"
	"ALTER TABLE cases ADD COLUMN extended_at TEXT;"
	"ALTER TABLE cases ADD COLUMN resolved_at TEXT;"
	"ALTER TABLE cases ADD COLUMN evaluated_at TEXT;"
	"ALTER TABLE cases ADD COLUMN review_outcome TEXT;"
	"ALTER TABLE cases ADD COLUMN rereview_outcome TEXT;"
	"ALTER TABLE cases ADD COLUMN followups INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN followed_up_at TEXT;"
	"CREATE INDEX cases_status_unit ON cases(status, unit_code);"
	"DROP VIEW case_events;"
	"CREATE VIEW case_events AS SELECT c.case_id, e.case_no, e.seq, e.at,"
	"  e.kind, e.field, e.old_value, e.new_value, e.note, r.tool,"
	"  r.actor, e.run_id, e.imported FROM events e JOIN cases c"
	"  USING (case_no) JOIN runs r USING (run_id);",
	/*
	 * 2 -> 3: room for big days.  A case number becomes YYYYMMDD * 10^9
	 * + n (was * 10^5, which ran out after 99999 matters a day), and the
	 * id of n >= 10000 carries a width letter (XF-20131225-A10000) so
	 * that ids sort as text as numbers do.  Numbers up to 9999 keep
	 * their ids.  The numbers are rewritten wherever they are stored
	 * (cases, petitions, events), so the events' append-only triggers
	 * step aside for this one transaction, and foreign keys are checked
	 * at its commit, when parents and children agree again.  The case
	 * id column is generated, never stored: dropping and adding it
	 * rewrites no row.  A repeat_of written in the old five-digit form
	 * is rewritten to the new one; events keep their values as written
	 * (xf reads both forms).
	 */
	"PRAGMA defer_foreign_keys = ON;"
	"DROP VIEW case_events;"
	"DROP TRIGGER events_append_only_u;"
	"DROP TRIGGER events_append_only_d;"
	"ALTER TABLE cases DROP COLUMN case_id;"
	/* (Numbers of the old form are below 10^13, of the new above.) */
	"UPDATE cases SET"
	"  case_no = case_no / 100000 * 1000000000 + case_no % 100000,"
	"  repeat_of = CASE WHEN repeat_of GLOB"
	"    'XF-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[1-9][0-9][0-9][0-9][0-9]'"
	"    THEN substr(repeat_of, 1, 12) || 'A' || substr(repeat_of, 13)"
	"    ELSE repeat_of END"
	"  WHERE case_no < 10000000000000;"
	"UPDATE petitions SET"
	"  case_no = case_no / 100000 * 1000000000 + case_no % 100000"
	"  WHERE case_no < 10000000000000;"
	"UPDATE events SET"
	"  case_no = case_no / 100000 * 1000000000 + case_no % 100000"
	"  WHERE case_no < 10000000000000;"
	"ALTER TABLE cases ADD COLUMN case_id TEXT GENERATED ALWAYS AS"
	"  (printf('XF-%d-%s', case_no / 1000000000,"
	"    CASE WHEN case_no % 1000000000 < 10000"
	"    THEN printf('%04d', case_no % 1000000000)"
	"    ELSE char(60 + length(case_no % 1000000000)) ||"
	"      (case_no % 1000000000) END))"
	"  VIRTUAL;"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE VIEW case_events AS SELECT c.case_id, e.case_no, e.seq, e.at,"
	"  e.kind, e.field, e.old_value, e.new_value, e.note, r.tool,"
	"  r.actor, e.run_id, e.imported FROM events e JOIN cases c"
	"  USING (case_no) JOIN runs r USING (run_id);",
	/* 3 -> 4: indexes for xf-report's periods: matters received, and
	 * closed, in a period, those open now, and further petitions
	 * received in a period. */
	"CREATE INDEX IF NOT EXISTS cases_received ON cases(received_at);"
	"CREATE INDEX IF NOT EXISTS cases_closed"
	"  ON cases(closed_at, received_at)"
	"  WHERE closed_at IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS cases_open ON cases(received_at)"
	"  WHERE status IN ('registered', 'accepted', 'assigned')"
	"  AND closed_at IS NULL;"
	"CREATE INDEX IF NOT EXISTS petitions_received"
	"  ON petitions(received_at);",
	/* 4 -> 5: the escalation steps that fired (xf-escalate), so that
	 * each fires once per matter however often cron runs it.  rule is
	 * the ladder's key (e.g. "overdue:handle:2026-10-08"), step the
	 * rung reached on it.  IF NOT EXISTS: a step may be ordered after
	 * others when parallel work is merged, and a store already holding
	 * the table must still migrate. */
	"CREATE TABLE IF NOT EXISTS escalations ("
	"  case_no INTEGER NOT NULL REFERENCES cases,"
	"  rule TEXT NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  run_id INTEGER NOT NULL REFERENCES runs,"
	"  PRIMARY KEY (case_no, rule, step)"
	") STRICT, WITHOUT ROWID;"
	/* The open matters in case-number order, for the nightly walk:
	 * a sixth of a large store, read without reading the rest. */
	"CREATE INDEX IF NOT EXISTS cases_open_no ON cases(case_no)"
	"  WHERE status IN"
	"  ('registered', 'accepted', 'assigned', 'review', 're-review');",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The schema version this program writes. */
int
xf_db_schema_version(void)
{
	return NMIGRATIONS;
}

static int
db_fail(struct xf_db *db, struct xf_err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h) & 0xff;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return xf_err_set(e, XF_EBUSY,
		    "%s: store is locked by another process (%s)", db->path,
		    what);
	if (rc == SQLITE_IOERR || rc == SQLITE_FULL || rc == SQLITE_CANTOPEN) {
		int en = sqlite3_system_errno(db->h);

		return xf_err_set(e, XF_EDB, "%s: %s: %s (%s, SQLite code "
		    "%d)", db->path, what, sqlite3_errmsg(db->h), en ?
		    strerror(en) : "is the disk full, or a file-size limit "
		    "reached?", sqlite3_extended_errcode(db->h));
	}
	return xf_err_set(e, XF_EDB, "%s: %s: %s", db->path, what,
	    sqlite3_errmsg(db->h));
}

/* Run SQL without results; see xf.h. */
int
xf_db_exec(struct xf_db *db, const char *sql, struct xf_err *e)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, e, sql);
	return 0;
}

/*
 * Read the application id, schema version and number of schema objects in
 * one statement, so that all three come from one snapshot: another
 * process may be creating the schema at this moment.
 */
static int
read_header(struct xf_db *db, long long *appid, long long *ver,
    long long *ntab)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT (SELECT application_id FROM "
	    "pragma_application_id), (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_schema)",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*appid = sqlite3_column_int64(st, 0);
		*ver = sqlite3_column_int64(st, 1);
		*ntab = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Is the store's header one this program can use?  Returns 0 or -1. */
static int
check_header(struct xf_db *db, long long appid, long long ver,
    long long ntab, struct xf_err *e)
{
	if (appid != XF_APPLICATION_ID && (appid != 0 || ntab > 0 || ver != 0))
		return xf_err_set(e, XF_ECONFIG, "%s: not an xf store",
		    db->path);
	if (ver < 0 || ver > NMIGRATIONS)
		return xf_err_set(e, XF_ECONFIG,
		    "%s: store has schema version %lld, %s this program's %d%s",
		    db->path, ver, ver < 0 ? "unknown to" : "newer than",
		    NMIGRATIONS, ver < 0 ? "" : "; upgrade xf");
	return 0;
}

static int
migrate(struct xf_db *db, struct xf_err *e)
{
	long long ver, appid, ntab, last;
	char sql[128];

	if (read_header(db, &appid, &ver, &ntab) < 0)
		return db_fail(db, e, "reading the schema");
	if (check_header(db, appid, ver, ntab, e) < 0)
		return -1;
	if (db->readonly) {
		if (ver == 0 && ntab == 0)
			return xf_err_set(e, XF_ECONFIG, "%s: the store is "
			    "empty: no tool has written to it yet", db->path);
		if (ver < NMIGRATIONS)
			return xf_err_set(e, XF_ECONFIG, "%s: store has "
			    "schema version %lld, older than this program's "
			    "%d; run a tool that writes to upgrade it",
			    db->path, ver, NMIGRATIONS);
		return 0;
	}
	/*
	 * A step may rewrite every row (2 -> 3 does): its statements' scratch
	 * tables go to temporary files, not memory, so that migrating a
	 * store of millions of cases takes as little memory as a small one
	 * (76 MB, not 726 MB, for a million cases).  It cannot change inside
	 * a transaction.
	 */
	if (ver < NMIGRATIONS &&
	    sqlite3_exec(db->h, "PRAGMA temp_store = FILE", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, e, "migrating the schema");
	while (ver < NMIGRATIONS) {
		if (xf_db_begin(db, e) < 0)
			return -1;
		/* Another process may have migrated while we waited. */
		if (read_header(db, &appid, &ver, &ntab) < 0) {
			db_fail(db, e, "reading the schema");
			xf_db_rollback(db);
			return -1;
		}
		if (check_header(db, appid, ver, ntab, e) < 0) {
			xf_db_rollback(db);
			return -1;
		}
		if (ver >= NMIGRATIONS) {
			xf_db_rollback(db);
			break;
		}
		/*
		 * A new store is made whole in one transaction, so that a
		 * reader opening it meanwhile never sees it half made; an
		 * old one is brought up a step at a time.
		 */
		last = ver == 0 ? NMIGRATIONS : ver + 1;
		snprintf(sql, sizeof(sql),
		    "PRAGMA application_id = %d; PRAGMA user_version = %lld",
		    XF_APPLICATION_ID, last);
		for (; ver < last; ver++)
			if (sqlite3_exec(db->h, migrations[ver], NULL, NULL,
			    NULL) != SQLITE_OK)
				break;
		if (ver < last ||
		    sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
			db_fail(db, e, "migrating the schema");
			xf_db_rollback(db);
			return -1;
		}
		if (xf_db_commit(db, e) < 0)
			return -1;
	}
	if (sqlite3_exec(db->h, "PRAGMA temp_store = MEMORY", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, e, "migrating the schema");
	return 0;
}

static int
busy_ms(void)
{
	const char *s = getenv("XF_BUSY_TIMEOUT");
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 30000;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 3600000)
		return 30000;
	return (int)v;
}

/*
 * Switch to WAL.  On a store that is not yet in WAL mode the switch reads
 * and then upgrades to a write lock, and SQLite does not call the busy
 * handler for such an upgrade (it could deadlock), so a second process
 * opening a fresh store at the same moment gets SQLITE_BUSY at once.  Wait
 * for the lock here instead, as the busy handler would, up to the busy
 * timeout.
 */
static int
wal_on(struct xf_db *db, struct xf_err *e)
{
	int limit = busy_ms(), waited = 0, nap = 1, rc;

	for (;;) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= limit)
			break;
		sqlite3_sleep(nap);
		waited += nap;
		if (nap < 16)
			nap *= 2;
	}
	return db_fail(db, e, "setting WAL mode");
}

/*
 * Make path, and the -wal and -shm files beside it, private (0600) if they
 * are not; note what was changed in db->warning.
 */
static void
tighten(struct xf_db *db, const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char p[1100], done[64] = "";
	struct stat sb;

	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (sb.st_mode & 077) == 0)
			continue;
		if (chmod(p, sb.st_mode & 0700) != 0)
			continue;
		snprintf(done + strlen(done), sizeof(done) - strlen(done),
		    "%s%s", done[0] ? ", " : "", i ? sfx[i] + 1 : "store");
	}
	if (done[0])
		snprintf(db->warning, sizeof(db->warning), "%s: was readable "
		    "by others; made private (mode 0600): %s", path, done);
}

/* Turn an error of sqlite3_open_v2 or the first statements into e. */
static int
open_fail(struct xf_db *db, struct xf_err *e, const char *what)
{
	int rc = db->h ? sqlite3_extended_errcode(db->h) & 0xff :
	    SQLITE_NOMEM;

	switch (rc) {
	case SQLITE_NOTADB:
		return xf_err_set(e, XF_ECONFIG, "%s: not an xf store (not an "
		    "SQLite database)", db->path);
	case SQLITE_CORRUPT:
		return xf_err_set(e, XF_EDB, "%s: the store is damaged (%s); "
		    "restore it from a backup (see xf-db(5))", db->path,
		    sqlite3_errmsg(db->h));
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
	case SQLITE_IOERR:
		return xf_err_set(e, XF_ECONFIG, "%s: cannot open the store "
		    "for %s: %s", db->path, db->readonly ? "reading" :
		    "writing", sqlite3_errmsg(db->h));
	}
	return db_fail(db, e, what);
}

/*
 * Open the store; see xf.h.  The caller owns the result and closes it with
 * xf_db_close().
 */
struct xf_db *
xf_db_open(const char *path, int mode, struct xf_err *e)
{
	struct xf_db *db;
	struct stat sb;
	const char *file = path;
	long long appid, ver, ntab;
	int fd, flags;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(db->path, sizeof(db->path), "%s", path);
	db->readonly = mode == XF_DB_READ;
	if (strlen(path) >= sizeof(db->path)) {
		xf_err_set(e, XF_ECONFIG, "%.64s...: path too long", path);
		goto fail;
	}
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			xf_err_set(e, XF_ECONFIG, "%s: not a regular file",
			    path);
			goto fail;
		}
		if (mode != XF_DB_READ)
			tighten(db, path);
	} else if (errno != ENOENT || mode == XF_DB_READ) {
		xf_err_set(e, XF_ECONFIG, "%s: %s", path, strerror(errno));
		goto fail;
	} else if (mode == XF_DB_DRYRUN) {
		/* Nothing to create: a dry run works on an empty store. */
		file = ":memory:";
	} else {
		/* Create the file ourselves so it is private from the start. */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			xf_err_set(e, XF_ECONFIG, "%s: cannot create the store: "
			    "%s", path, strerror(errno));
			goto fail;
		}
		close(fd);
	}
	/*
	 * One thread at a time uses a connection (the reader hands the
	 * writer thread its rows, never the connection at the same time), so
	 * SQLite's per-call connection mutex is dropped: it cost a lock and
	 * an unlock on every bind, step and reset, about a tenth of an
	 * intake's time.
	 */
	flags = (mode == XF_DB_READ ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	/*
	 * Nor does xf read SQLite's memory statistics, which take a global
	 * mutex on every allocation.  (Only possible before SQLite starts;
	 * later it is refused, harmlessly.)
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(file, &db->h, flags, NULL) != SQLITE_OK) {
		open_fail(db, e, "opening");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, busy_ms());
	sqlite3_extended_result_codes(db->h, 1);
	/* Look before changing anything: a foreign file stays untouched. */
	if (read_header(db, &appid, &ver, &ntab) < 0) {
		open_fail(db, e, "reading the schema");
		goto fail;
	}
	if (check_header(db, appid, ver, ntab, e) < 0)
		goto fail;
	if (mode != XF_DB_READ && file == path && wal_on(db, e) < 0) {
		if ((sqlite3_extended_errcode(db->h) & 0xff) != SQLITE_BUSY)
			open_fail(db, e, "setting WAL mode");
		goto fail;
	}
	if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA cache_size = -65536;"
	    "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK) {
		open_fail(db, e, "setting up");
		goto fail;
	}
	if (migrate(db, e) < 0) {
		int rc = sqlite3_extended_errcode(db->h) & 0xff;

		if (e && e->code == XF_EDB && (rc == SQLITE_NOTADB ||
		    rc == SQLITE_CORRUPT))
			open_fail(db, e, "reading the schema");
		goto fail;
	}
	return db;
fail:
	xf_db_close(db);
	return NULL;
}

/* A warning from opening (permissions tightened), or NULL; owned by db. */
const char *
xf_db_warning(const struct xf_db *db)
{
	return db->warning[0] ? db->warning : NULL;
}

/* Close the store, rolling back anything uncommitted. */
void
xf_db_close(struct xf_db *db)
{
	if (db == NULL)
		return;
	if (db->h) {
		if (db->in_tx)
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(db->h);
	}
	free(db);
}

struct sqlite3 *
xf_db_handle(struct xf_db *db)
{
	return db->h;
}

const char *
xf_db_path(const struct xf_db *db)
{
	return db->path;
}

/*
 * Another connection to db's store; see xf-int.h.  A dry run's store not
 * made yet is in memory, and has no other.
 */
struct xf_db *
xf_db_open_again(struct xf_db *db, int mode, struct xf_err *e)
{
	const char *file = sqlite3_db_filename(db->h, "main");

	if (file == NULL || *file == '\0') {
		xf_err_set(e, XF_ECONFIG, "%s: the store is in memory",
		    db->path);
		return NULL;
	}
	return xf_db_open(db->path, mode, e);
}

/* ---- checkpoints in the background ------------------------------------ */

/*
 * A thread with a connection of its own that checkpoints the WAL every
 * few milliseconds while a writer works: the pages committed are copied
 * into the store and made durable (its fsyncs) on the other core, while
 * the writer goes on, instead of all at once when the writer commits
 * past wal_autocheckpoint or closes.  A PASSIVE checkpoint never waits
 * for a lock and never makes another connection wait: it copies what no
 * reader still needs and leaves the rest for the next turn.
 */
struct xf_ckpt {
	struct xf_db *db;
	int ms;
	int stop;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
ckpt_main(void *arg)
{
	struct xf_ckpt *k = arg;
	struct timespec ts;

	pthread_mutex_lock(&k->mu);
	while (!k->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)k->ms * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&k->cv, &k->mu, &ts);
		if (k->stop)
			break;
		pthread_mutex_unlock(&k->mu);
		(void)sqlite3_wal_checkpoint_v2(k->db->h, "main",
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&k->mu);
	}
	pthread_mutex_unlock(&k->mu);
	return NULL;
}

/* Start checkpointing db's store every ms; see xf-int.h. */
struct xf_ckpt *
xf_ckpt_start(struct xf_db *db, int ms)
{
	struct xf_err ignored = { 0 };
	struct xf_ckpt *k;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	k->ms = ms;
	if ((k->db = xf_db_open_again(db, XF_DB_WRITE, &ignored)) == NULL)
		goto fail;
	if (pthread_mutex_init(&k->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&k->cv, NULL) != 0) {
		pthread_mutex_destroy(&k->mu);
		goto fail;
	}
	if (pthread_create(&k->th, NULL, ckpt_main, k) != 0) {
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
		goto fail;
	}
	return k;
fail:
	xf_db_close(k->db);
	free(k);
	return NULL;
}

/* Stop the thread and close its connection; see xf-int.h. */
void
xf_ckpt_stop(struct xf_ckpt *k)
{
	if (k == NULL)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = 1;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->th, NULL);
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	xf_db_close(k->db);
	free(k);
}

/* Start a write transaction (BEGIN IMMEDIATE). */
int
xf_db_begin(struct xf_db *db, struct xf_err *e)
{
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(db, e, "starting a transaction");
	db->in_tx = 1;
	return 0;
}

/* Commit; on failure the transaction is rolled back. */
int
xf_db_commit(struct xf_db *db, struct xf_err *e)
{
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, e, "committing");
		xf_db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
xf_db_rollback(struct xf_db *db)
{
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

/* Current wall-clock time as text, for runs and updated_at stamps. */
void
xf_now_text(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/*
 * Insert a runs row inside the current transaction; returns its id or -1.
 */
long long
xf_db_run_start(struct xf_db *db, const char *tool, const char *as_of,
    const char *actor, int argc, char **argv, struct xf_err *e)
{
	sqlite3_stmt *st;
	char now[32];
	size_t len = 0;
	char *args;
	long long id;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if ((args = calloc(1, len + 1)) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(args, " ");
		strcat(args, argv[i]);
	}
	xf_now_text(now, sizeof(now));
	if (sqlite3_prepare_v2(db->h, "INSERT INTO runs(tool, started_at, "
	    "as_of, argv, actor) VALUES (?, ?, ?, ?, ?)", -1, &st, NULL) !=
	    SQLITE_OK) {
		free(args);
		return db_fail(db, e, "recording the run");
	}
	sqlite3_bind_text(st, 1, tool, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, args, -1, SQLITE_STATIC);
	if (actor != NULL)
		sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		free(args);
		return db_fail(db, e, "recording the run");
	}
	sqlite3_finalize(st);
	free(args);
	id = sqlite3_last_insert_rowid(db->h);
	return id;
}

/*
 * Record a run's exit status, and when finished is set the time it
 * finished; a run that stopped part-way keeps finished_at NULL.
 */
int
xf_db_run_finish(struct xf_db *db, long long run, int status, int finished,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	xf_now_text(now, sizeof(now));
	if (sqlite3_prepare_v2(db->h, "UPDATE runs SET finished_at = ?, "
	    "status = ? WHERE run_id = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, e, "recording the run");
	if (finished)
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int(st, 2, status);
	sqlite3_bind_int64(st, 3, run);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "recording the run");
}

/* Turn the store's last error into e; used by other library files. */
int
xf_db_fail(struct xf_db *db, struct xf_err *e, const char *what)
{
	return db_fail(db, e, what);
}
