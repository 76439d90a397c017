#!/bin/sh
# Big days: a history import with more than 100,000 matters received on one
# day.  Case ids stay unique and sort as text as their numbers do; an id
# of either form can be read back; a version 2 store keeps its ids when it
# is migrated to version 3.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"
N=100010	# matters on 2013-12-25

# Two matters the day after, N on the day, two the day before, in that
# order, so that numbers are not given out in the order of days.
awk -v n=$N 'BEGIN {
	print "source_ref,received_at,channel,petitioner_name,content,status"
	for (i = 1; i <= 2; i++)
		printf "L%d,2013-12-26,letter,后%d,次日的事项%d,registered\n", i, i, i
	for (i = 1; i <= n; i++)
		printf "B%d,2013-12-25,visit,甲%d,大批来访的第%d件事项,registered\n", i, i, i
	for (i = 1; i <= 2; i++)
		printf "E%d,2013-12-24,phone,前%d,前一日的事项%d,registered\n", i, i, i
}' >big.csv
run xf-intake --history $ASOF big.csv
is "a day of $N matters: exit 0 (the 100,000th once failed the batch)" "$rc" 0
is "... nothing on stderr" "$err" ""
is "... every row stored" "$(q 'select count(*) from cases')" $((N + 4))
is "... ids unique" "$(q 'select count(distinct case_id) from cases')" $((N + 4))
is "... the 9999th keeps four digits" \
    "$(q "select case_id from cases where source_ref='B9999'")" XF-20131225-9999
is "... the 10000th has a width letter" \
    "$(q "select case_id from cases where source_ref='B10000'")" XF-20131225-A10000
is "... the 99999th" \
    "$(q "select case_id from cases where source_ref='B99999'")" XF-20131225-A99999
is "... the 100000th" \
    "$(q "select case_id from cases where source_ref='B100000'")" XF-20131225-B100000
is "... the last" \
    "$(q "select case_id from cases where source_ref='B$N'")" XF-20131225-B$N
is "... stdout names the same ids" \
    "$(printf '%s\n' "$out" | awk -F, '$2=="B10000"||$2=="B100000"{print $1}' | tr '\n' ' ')" \
    "XF-20131225-A10000 XF-20131225-B100000 "
q 'select case_id from cases order by case_id' >by-id
q 'select case_id from cases order by case_no' >by-no
ok "text order of case_id is the order of case_no" cmp -s by-id by-no
is "... the day before first, the day after last" \
    "$(sed -n '1p;$p' by-id | tr '\n' ' ')" "XF-20131224-0001 XF-20131226-0002 "
is "... each id is its number's" \
    "$(q "select count(*) from cases where cast(case_no / 1000000000 as text) <> substr(case_id, 4, 8)")" 0

# xf-update reads a large id back, and the five-digit form of before.
cat >u.csv <<'EOF'
case_id,event,at,text
XF-20131225-B100000,note,2026-11-20,大批来访中的一件
XF-20131225-10000,note,2026-11-20,旧写法的编号
XF-20131225-A100000,note,2026-11-20,宽度字母不对
EOF
run xf-update $ASOF u.csv
is "xf-update on large ids: exit 1 (one malformed)" "$rc" 1
is "... the B id addressed its case" \
    "$(q "select count(*) from case_events e where e.case_id='XF-20131225-B100000' and kind='note'")" 1
is "... the old five-digit id addressed XF-20131225-A10000" \
    "$(q "select note from case_events e where e.case_id='XF-20131225-A10000' and kind='note'")" "旧写法的编号"
like "... a letter that does not fit the digits is malformed" "$err" \
    'u.csv:4: case_id: malformed case id "XF-20131225-A100000"'

# --- a version 2 store is migrated to version 3, keeping its ids -------------
# Made from a version 3 store by undoing the step by hand: numbers back to
# YYYYMMDD * 100000 + n and the old id column.
XF_DB=$T/v2.db
export XF_DB
printf 'source_ref,received_at,channel,petitioner_name,content\nM1,2026-11-01,visit,张三,报案后没有进展\nM2,2026-11-01,visit,李四,另一件事\nM3,2026-11-02,phone,王五,第三件事\n' >m.csv
xf-intake $ASOF m.csv >/dev/null
sqlite3 v2.db "PRAGMA foreign_keys = OFF; BEGIN;
    DROP VIEW case_events; DROP TRIGGER events_append_only_u;
    DROP TRIGGER events_append_only_d; ALTER TABLE cases DROP COLUMN case_id;
    UPDATE cases SET case_no = case_no / 1000000000 * 100000 + case_no % 1000000000;
    UPDATE events SET case_no = case_no / 1000000000 * 100000 + case_no % 1000000000;
    UPDATE petitions SET case_no = case_no / 1000000000 * 100000 + case_no % 1000000000;
    UPDATE cases SET case_no = 2026110112345 WHERE source_ref = 'M2';
    UPDATE events SET case_no = 2026110112345 WHERE case_no = 2026110100002;
    UPDATE cases SET repeat_of = 'XF-20261101-12345' WHERE source_ref = 'M3';
    ALTER TABLE cases ADD COLUMN case_id TEXT GENERATED ALWAYS AS
      (printf('XF-%d-%04d', case_no / 100000, case_no % 100000)) VIRTUAL;
    CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE VIEW case_events AS SELECT c.case_id, e.case_no, e.seq, e.at,
      e.kind, e.field, e.old_value, e.new_value, e.note, r.tool,
      r.actor, e.run_id, e.imported FROM events e JOIN cases c
      USING (case_no) JOIN runs r USING (run_id);
    PRAGMA user_version = 2; COMMIT;"
is "the version 2 store as made" \
    "$(q "select group_concat(source_ref || '=' || case_id, ' ') from (select * from cases order by case_no)")" \
    "M1=XF-20261101-0001 M2=XF-20261101-12345 M3=XF-20261102-0001"
nev=$(q 'select count(*) from events')
printf 'source_ref,received_at,channel,petitioner_name,content\nM4,2026-11-01,visit,赵六,迁移后的新事项\n' >m4.csv
run xf-intake $ASOF m4.csv
is "a version 2 store: migrated, exit 0" "$rc" 0
is "... now at the current version" "$(q 'pragma user_version')" \
    "$(sqlite3 "$T/xf.db" 'pragma user_version')"
is "... ids kept; the five-digit one gains its width letter" \
    "$(q "select group_concat(source_ref || '=' || case_id, ' ') from (select * from cases order by case_no)")" \
    "M1=XF-20261101-0001 M2=XF-20261101-A12345 M4=XF-20261101-A12346 M3=XF-20261102-0001"
is "... numbers rewritten" "$(q "select case_no from cases where source_ref='M1'")" 20261101000000001
is "... every event kept, on its case" \
    "$(q 'select count(*) from events where case_no in (select case_no from cases)')" $((nev + 1))
is "... repeat_of in the new form" "$(q "select repeat_of from cases where source_ref='M3'")" XF-20261101-A12345
is "... foreign keys hold" "$(q 'pragma foreign_key_check')" ""
is "... intact" "$(q 'pragma integrity_check')" ok
run sqlite3 v2.db "update events set note = 'x'"
like "... events still append-only" "$err" "events are append-only"
printf 'case_id,event,at,text\nXF-20261101-12345,note,2026-11-20,旧编号仍可用\n' >m-u.csv
run xf-update $ASOF m-u.csv
is "... the id as issued before still addresses its case" \
    "$rc|$(q "select count(*) from case_events where case_id='XF-20261101-A12345' and kind='note'")" "0|1"

done_testing
