/*
 * db.c: the SQLite store: opening, schema migrations, transactions, runs.
 *
 * One file, WAL, a busy timeout, BEGIN IMMEDIATE for every write, STRICT
 * tables, an application_id so foreign files are refused, and
 * PRAGMA user_version migrations applied one transaction per step.
 */
#include <errno.h>
#include <fcntl.h>
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
	int in_tx;
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

static int
pragma_int(struct xf_db *db, const char *sql, long long *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
migrate(struct xf_db *db, struct xf_err *e)
{
	long long ver, appid, ntab;
	char sql[128];

	if (pragma_int(db, "PRAGMA application_id", &appid) < 0 ||
	    pragma_int(db, "PRAGMA user_version", &ver) < 0 ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_schema", &ntab) < 0)
		return db_fail(db, e, "reading the schema");
	if (appid != XF_APPLICATION_ID && (appid != 0 || ntab > 0))
		return xf_err_set(e, XF_ECONFIG, "%s: not an xf store",
		    db->path);
	if (ver > NMIGRATIONS)
		return xf_err_set(e, XF_ECONFIG,
		    "%s: store has schema version %lld, newer than this "
		    "program's %d; upgrade xf", db->path, ver, NMIGRATIONS);
	while (ver < NMIGRATIONS) {
		if (xf_db_begin(db, e) < 0)
			return -1;
		/* Another process may have migrated while we waited. */
		if (pragma_int(db, "PRAGMA user_version", &ver) < 0) {
			xf_db_rollback(db);
			return db_fail(db, e, "reading the schema");
		}
		if (ver >= NMIGRATIONS) {
			xf_db_rollback(db);
			break;
		}
		snprintf(sql, sizeof(sql),
		    "PRAGMA application_id = %d; PRAGMA user_version = %lld",
		    XF_APPLICATION_ID, ver + 1);
		if (sqlite3_exec(db->h, migrations[ver], NULL, NULL, NULL) !=
		    SQLITE_OK ||
		    sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
			db_fail(db, e, "migrating the schema");
			xf_db_rollback(db);
			return -1;
		}
		if (xf_db_commit(db, e) < 0)
			return -1;
		ver++;
	}
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
 * Open or create the store; see xf.h.  The caller owns the result and
 * closes it with xf_db_close().
 */
struct xf_db *
xf_db_open(const char *path, struct xf_err *e)
{
	struct xf_db *db;
	int fd;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(db->path, sizeof(db->path), "%s", path);
	/* Create the file ourselves so it is private from the start. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		xf_err_set(e, XF_ECONFIG, "%s: %s", path, strerror(errno));
		free(db);
		return NULL;
	}
	close(fd);
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		xf_err_set(e, XF_EDB, "%s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "cannot open");
		xf_db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->h, busy_ms());
	sqlite3_extended_result_codes(db->h, 1);
	if (sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		int rc = sqlite3_errcode(db->h);

		if (rc == SQLITE_NOTADB)
			xf_err_set(e, XF_ECONFIG, "%s: not an xf store", path);
		else
			db_fail(db, e, "setting WAL mode");
		xf_db_close(db);
		return NULL;
	}
	if (xf_db_exec(db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA cache_size = -65536;"
	    "PRAGMA temp_store = MEMORY", e) < 0 || migrate(db, e) < 0) {
		xf_db_close(db);
		return NULL;
	}
	return db;
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
    int argc, char **argv, struct xf_err *e)
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
	    "as_of, argv) VALUES (?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
		free(args);
		return db_fail(db, e, "recording the run");
	}
	sqlite3_bind_text(st, 1, tool, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, args, -1, SQLITE_STATIC);
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

/* Mark a run finished with its exit status. */
int
xf_db_run_finish(struct xf_db *db, long long run, int status,
    struct xf_err *e)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	xf_now_text(now, sizeof(now));
	if (sqlite3_prepare_v2(db->h, "UPDATE runs SET finished_at = ?, "
	    "status = ? WHERE run_id = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, e, "recording the run");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
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
