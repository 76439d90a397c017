#!/bin/sh
# xf-intake: opening the store.  Several processes creating one store at
# once; files that are no store, or no store of ours; what a dry run, a
# read-only place and loose permissions do.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"
printf 'received_at,channel,petitioner_name,content\n2026-11-01,visit,张三,报案后没有进展\n' >a.csv

# --- three processes on a fresh store, many times ---------------------------
# Switching a new store to WAL upgrades a read lock to a write lock, for
# which SQLite calls no busy handler; and the schema may be half made when
# another process looks.  Neither may fail a run.
fails=0
i=0
while [ $i -lt 150 ]; do
	rm -f r.db r.db-wal r.db-shm
	xf-intake --db r.db $ASOF a.csv >/dev/null 2>e1 &
	p1=$!
	xf-intake --db r.db $ASOF a.csv >/dev/null 2>e2 &
	p2=$!
	xf-intake --db r.db $ASOF a.csv >/dev/null 2>e3 &
	p3=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	wait $p3; r3=$?
	if [ "$r1$r2$r3" != 000 ] || [ -s e1 ] || [ -s e2 ] || [ -s e3 ]; then
		fails=$((fails + 1))
		cat e1 e2 e3 | sed 's/^/# /' | head -n 3
	fi
	i=$((i + 1))
done
is "three intakes at once on a fresh store, 150 times: none failed" "$fails" 0
is "... the last store holds the row once" "$(sqlite3 r.db 'select count(*) from cases')" 1
is "... and three finished runs" "$(sqlite3 r.db 'select count(*) from runs where finished_at is not null and status = 0')" 3

# Readers opening a store while it is being made see it whole or not at all
# (no half-made schema, "version 2, older than this program's").
bad=0
i=0
while [ $i -lt 40 ]; do
	rm -f n.db n.db-wal n.db-shm
	xf-intake --db n.db $ASOF a.csv >/dev/null 2>&1 &
	p1=$!
	xf-report --db n.db $ASOF --period 2026-11 >/dev/null 2>e1
	xf-export --db n.db $ASOF >/dev/null 2>e2
	wait $p1
	grep -h 'schema version' e1 e2 | head -n 1 | sed 's/^/# /'
	grep -q 'schema version' e1 e2 && bad=$((bad + 1))
	i=$((i + 1))
done
is "readers during the making of a store, 40 times: never a half-made one" "$bad" 0
: >empty.db
chmod 600 empty.db
run xf-report --db empty.db $ASOF --period 2026-11
is "a reader on an empty store: exit 2" "$rc" 2
like "... saying so" "$err" "empty.db: the store is empty: no tool has written to it yet"

# --- files that are not our store ---------------------------------------------
printf 'hello\n' >text.db
cp text.db text.orig
run xf-intake --db text.db $ASOF a.csv
is "a text file as the store: exit 2" "$rc" 2
like "... not an xf store" "$err" "text.db: not an xf store"
is "... nothing on stdout" "$out" ""
ok "... the file untouched" cmp -s text.db text.orig
sqlite3 other.db 'create table t(x); insert into t values (1);'
cp other.db other.orig
run xf-intake --db other.db $ASOF a.csv
is "another program's SQLite file: exit 2" "$rc" 2
like "... not an xf store" "$err" "other.db: not an xf store"
ok "... untouched" cmp -s other.db other.orig
xf-intake --db v.db $ASOF a.csv >/dev/null
sqlite3 v.db 'pragma user_version = -1'
cp v.db v.orig
run xf-intake --db v.db $ASOF a.csv
is "a store with a negative user_version: exit 2" "$rc" 2
like "... says the version is unknown" "$err" "schema version -1, unknown to this program"
ok "... untouched" cmp -s v.db v.orig
sqlite3 v.db 'pragma user_version = 99'
run xf-intake --db v.db $ASOF a.csv
is "a store newer than the program: exit 2" "$rc" 2
like "... says so" "$err" "newer than this program"
run xf-intake --db /dev/null $ASOF a.csv
is "/dev/null as the store: exit 2" "$rc" 2
like "... not a regular file" "$err" "/dev/null: not a regular file"
mkdir dir.db
run xf-intake --db dir.db $ASOF a.csv
is "a directory as the store: exit 2" "$rc" 2
xf-intake --db t.db $ASOF a.csv >/dev/null
head -c 3000 t.db >trunc.db
run xf-intake --db trunc.db $ASOF a.csv
ok "a truncated store: exit 2 or 3, never a crash ($rc)" [ "$rc" = 2 -o "$rc" = 3 ]
ok "... with a message naming it" test -n "$(printf '%s' "$err" | grep trunc.db)"

# --- a version 1 store (before the lifecycle columns) is migrated ------------
xf-intake --db m.db $ASOF a.csv >/dev/null
sqlite3 m.db "DROP INDEX cases_status_unit; DROP VIEW case_events;
    ALTER TABLE cases DROP COLUMN unit_code; ALTER TABLE cases DROP COLUMN extended_at;
    ALTER TABLE cases DROP COLUMN resolved_at; ALTER TABLE cases DROP COLUMN evaluated_at;
    ALTER TABLE cases DROP COLUMN review_outcome; ALTER TABLE cases DROP COLUMN rereview_outcome;
    ALTER TABLE cases DROP COLUMN followups; ALTER TABLE cases DROP COLUMN followed_up_at;
    ALTER TABLE runs DROP COLUMN actor; ALTER TABLE events DROP COLUMN note;
    CREATE VIEW case_events AS SELECT c.case_id, e.case_no, e.seq, e.at, e.kind, e.field,
      e.old_value, e.new_value, r.tool, e.run_id, e.imported FROM events e
      JOIN cases c USING (case_no) JOIN runs r USING (run_id);
    PRAGMA user_version = 1;"
printf 'received_at,channel,petitioner_name,content\n2026-11-02,visit,李四,第二件事\n' >b.csv
run env USER=tester xf-intake --db m.db $ASOF b.csv
is "a version 1 store: migrated, exit 0" "$rc" 0
is "... now at the current version" "$(sqlite3 m.db 'pragma user_version')" "$(sqlite3 t.db 'pragma user_version')"
is "... its cases kept, the new one added" "$(sqlite3 m.db 'select count(*) from cases')" 2
is "... the new columns there" "$(sqlite3 m.db 'select followups from cases limit 1')" 0
is "... the run's actor recorded" "$(sqlite3 m.db 'select actor from runs order by run_id desc limit 1')" tester
is "... the view has actor and note" "$(sqlite3 m.db 'select count(actor) from case_events')" 1
is "... intact" "$(sqlite3 m.db 'pragma integrity_check')" ok

# --- options are checked before the store is made -----------------------------
run xf-intake --db new1.db --encoding GB99999 $ASOF a.csv
is "a bad --encoding: exit 2" "$rc" 2
like "... names the option" "$err" 'unknown encoding "GB99999"'
is "... nothing on stdout" "$out" ""
ok "... no store created" test ! -e new1.db
mkdir cfg
printf 'pattern,category\n(unclosed,x\n' >cfg/rules.csv
run xf-intake --db new2.db --config cfg $ASOF a.csv
is "a broken rules file: exit 2" "$rc" 2
ok "... no store created" test ! -e new2.db
printf 'case_id\nXF-20261101-0001\n' >ids.csv
for tool in xf-intake xf-assign xf-update xf-escalate; do
	run $tool --db new5.db --rejects no/such/dir/r.csv $ASOF ids.csv
	is "$tool: a --rejects that cannot be written: exit 2" "$rc" 2
	ok "... no store created" test ! -e new5.db
	rm -f new5.db new5.db-wal new5.db-shm
done
run xf-intake --db new3.db --dry-run $ASOF a.csv
is "--dry-run on a store that does not exist: exit 0" "$rc" 0
like "... the row would be registered" "$out" ",registered,"
ok "... nothing created" test ! -e new3.db -a ! -e new3.db-wal -a ! -e new3.db-shm

# --- a place that cannot be written -------------------------------------------
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	mkdir ro && chmod 755 ro
	chmod 755 "$T"
	chmod 644 a.csv
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$XF_TOP/xf-intake" --db ro/x.db $ASOF a.csv
	is "a store in a directory that cannot be written: exit 2" "$rc" 2
	like "... with the reason" "$err" "Permission denied"
else
	ok "# SKIP needs root and setpriv" true
	ok "# SKIP needs root and setpriv" true
fi

# --- loose permissions are tightened ------------------------------------------
xf-intake --db p.db $ASOF a.csv >/dev/null
chmod 644 p.db
[ -e p.db-wal ] && chmod 644 p.db-wal
run xf-intake --db p.db $ASOF a.csv
is "a store readable by others: still works" "$rc" 0
like "... with a warning" "$err" "made private (mode 0600)"
is "... the store is 0600 again" "$(stat -c %a p.db)" 600
run xf-intake --db p.db $ASOF a.csv
is "... and the warning is not repeated" "$err" ""
touch new.db.keep
run xf-intake --db new4.db $ASOF a.csv
is "a new store is 0600" "$(stat -c %a new4.db)" 600

done_testing
