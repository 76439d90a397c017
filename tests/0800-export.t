#!/bin/sh
# xf-export: the columns, each selection (period, status, unit subtree,
# open, overdue), masking and --unmask with its disclosed events, the
# event history, ugly fields byte for byte, extra columns, a pipe into
# xf-assign, the round trip through xf-intake --history, and exporting
# while xf-intake writes.
. "$(dirname "$0")/lib.sh"

mkdir conf
cp "$XF_TOP/examples/units.csv" "$XF_TOP/examples/holidays.csv" conf/
A="--config conf --as-of 2026-11-24"
U=${USER:-unknown}

# ids [FILE]: the case_id column of an export (default e.csv), in order;
# read as CSV, since a field may hold a line break.
ids() {
	sqlite3 :memory: ".import --csv ${1:-e.csv} t" \
	    "select group_concat(case_id, ' ') from (select case_id from t)"
}
# cell CASE COLUMN [FILE]: one cell of an export.
cell() {
	sqlite3 :memory: ".import --csv ${3:-e.csv} t" \
	    "select \"$2\" from t where case_id = '$1'"
}
# x ARGS...: export into e.csv, with $rc and $err.
x() {
	xf-export "$@" >e.csv 2>"$T/.err"
	rc=$?
	err=$(cat "$T/.err")
}

cat >h.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,anonymous,id_number,phone,content,category,unit,status,accepted_at,replied_at,closed_at,review_requested_at,terminated_at,备注,来源系统
R1,2026-03-01 09:30:00,visit,张三,,11010519491231002X,13812345678,"说""不""清, 楚
第二行",case-progress,朝阳分局,closed,2026-03-02,2026-04-01,2026-04-01,,,甲,旧系统
R2,2026-10-05,letter,欧阳娜娜,,,010-12345678,=1+2,traffic,海淀分局,registered,,,,,,,
R3,2026-07-10,online,Li Lei,,,,迟迟没有答复,case-progress,建外派出所,accepted,2026-07-11,,,,,"引号""和
换行, 逗号	制表",新系统
R4,2026-11-20,phone,王五,,,,刚受理的事项,case-progress,丰台分局,accepted,2026-11-21,,,,,,
R5,2026-06-15,visit,,yes,,,匿名反映的问题,labour,朝阳分局,forwarded,,,,,,,
R6,2025-12-30,visit,赵六,,,,去年的事项,case-progress,东城分局,terminated,2026-01-02,2026-02-01,2026-02-01,,2026-05-01,,
,2026-02-10,letter,钱七,,,,复查中的事项,case-progress,西城分局,review,2026-02-11,2026-03-01,2026-03-01,2026-03-20,,,
EOF
run xf-intake --history $A h.csv
is "history import: exit 0" "$rc" 0
# Imported without the unit tree: its unit_code stays NULL.
printf 'source_ref,received_at,channel,petitioner_name,content,unit,status\nR8,2026-09-01,visit,孙八,没有人管,三里屯派出所,registered\n' >h2.csv
run xf-intake --history --as-of 2026-11-24 h2.csv
is "import without units.csv: exit 0" "$rc" 0
is "its unit code is unknown" "$(q "select quote(unit_code) from cases where source_ref='R8'")" NULL
R1=XF-20260301-0001 R2=XF-20261005-0001 R3=XF-20260710-0001
R4=XF-20261120-0001 R5=XF-20260615-0001 R6=XF-20251230-0001
R7=XF-20260210-0001 R8=XF-20260901-0001

# --- the columns ----------------------------------------------------------
x
is "all: exit 0, quiet" "$rc:$err" "0:"
is "the header: case_id, the columns of xf-intake --history, the extra ones" \
    "$(head -n 1 e.csv)" \
    "case_id,source_ref,received_at,channel,petitioner_name,anonymous,id_number,phone,address,persons,content,category,unit,level_received,problem_level,supervision,supervision_deadline,status,leader,officer,accepted_at,deadline,extended_deadline,replied_at,closed_at,outcome,resolved,satisfaction,review_requested_at,review_decided_at,rereview_requested_at,rereview_decided_at,terminated_at,disposition,disposition_target,disposition_reason,triaged_at,extended_at,resolved_at,evaluated_at,review_outcome,rereview_outcome,followups,followed_up_at,repeat_of,leapfrog_level,petition_of,备注,来源系统"
is "every matter, in case order" "$(ids)" "$R6 $R7 $R1 $R5 $R3 $R8 $R2 $R4"
is "a row as stored (names, ID numbers and phones masked)" \
    "$(grep -A 1 "^$R3," e.csv)" \
    "$R3,R3,2026-07-10,online,L*****,0,,,,1,迟迟没有答复,case-progress,建外派出所,,,,,accepted,,,2026-07-11,2026-09-09,,,,,,,,,,,,accept,,,,,,,,,0,,,,,\"引号\"\"和
换行, 逗号	制表\",新系统"
like "a field with quotes, a comma and a line break: quoted as RFC 4180 says" \
    "$(cat e.csv)" "$R1,R1,2026-03-01 09:30:00,visit,张*,0,110105********002X,138****5678,,1,\"说\"\"不\"\"清, 楚
第二行\",case-progress,朝阳分局,"
sqlite3 ex.db ".import --csv e.csv t"
is "every unmasked field comes back byte for byte" \
    "$(sqlite3 ex.db "attach '$XF_DB' as s; select count(*) from t join s.cases c using (case_id) where t.content = c.content and t.received_at = c.received_at and t.unit = c.unit and t.status = c.status and t.category = ifnull(c.category, '') and t.channel = c.channel and t.source_ref = ifnull(c.source_ref, '') and t.deadline = ifnull(c.deadline, '')")" 8
like "a leading = comes out as stored" "$(grep "^$R2," e.csv)" ",=1+2,"
x --excel-safe
like "--excel-safe: guarded with an apostrophe" "$(grep "^$R2," e.csv)" ",'=1+2,"
x
is "extra columns spread back out" "$(cell $R1 备注),$(cell $R1 来源系统)|$(cell $R4 备注),$(cell $R3 来源系统)" "甲,旧系统|,新系统"
is "an extra column's quotes, line break and tab come back byte for byte" \
    "$(cell $R3 备注)" "引号\"和
换行, 逗号	制表"

# --- masking --------------------------------------------------------------
is "names: first character kept, one * for each other" \
    "$(cell $R1 petitioner_name) $(cell $R2 petitioner_name) $(cell $R3 petitioner_name)" \
    "张* 欧*** L*****"
is "an anonymous petition: no name, anonymous 1" \
    "$(cell $R5 petitioner_name)|$(cell $R5 anonymous)" "|1"
is "ID numbers and phones masked" \
    "$(cell $R1 id_number) $(cell $R1 phone) $(cell $R2 phone)" \
    "110105********002X 138****5678 010-****5678"
ok "no name, ID number or phone in the clear" \
    test -z "$(grep -e 张三 -e 欧阳娜娜 -e 'Li Lei' -e 11010519491231002X -e 13812345678 -e 12345678 e.csv)"
is "a masked export records nothing" \
    "$(q "select count(*) from runs where tool = 'xf-export'")" 0

# --- periods, by received date ---------------------------------------------
x --period 2026
is "--period 2026" "$(ids)" "$R7 $R1 $R5 $R3 $R8 $R2 $R4"
x --period 2025
is "--period 2025" "$(ids)" "$R6"
x --period 2026-H1
is "--period 2026-H1" "$(ids)" "$R7 $R1 $R5"
x --period 2026-h2
is "--period 2026-h2" "$(ids)" "$R3 $R8 $R2 $R4"
x --period 2026-Q3
is "--period 2026-Q3" "$(ids)" "$R3 $R8"
x --period 2026-10
is "--period 2026-10" "$(ids)" "$R2"
x --period 2027-01
is "an empty period: the header alone, exit 0" "$rc:$(wc -l <e.csv | tr -d ' ')" "0:1"
x --from 2026-07-10 --to 2026-10-05
is "--from and --to: both days included" "$(ids)" "$R3 $R8 $R2"
x --from 2026-03-01 --to 2026-03-01
is "--to: the whole day, times included" "$(ids)" "$R1"
x --from 2026-10-01
is "--from alone" "$(ids)" "$R2 $R4"
x --to 2026年2月10日
is "--to alone, a Chinese date" "$(ids)" "$R6 $R7"
x --period 2026-13
is "--period 2026-13: exit 2" "$rc" 2
is "--period 2026-13: says what a period is" "$err" \
    "xf-export: --period 2026-13: not a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-10)"
x --to 2026-02-30
is "--to an impossible date: exit 2, said once" "$rc:$err" \
    '2:xf-export: --to: invalid date "2026-02-30"'
x --period 1969
is "--period before 1970: an empty period" "$rc:$(wc -l <e.csv | tr -d ' ')" "0:1"
x --period 2026-Q3 --from 2026-01-01
is "--period with --from: exit 2" "$rc" 2
x --from 2026-05-01 --to 2026-04-01
is "--from after --to: exit 2, nothing written" "$rc:$(wc -c <e.csv | tr -d ' ')" "2:0"

# --- statuses, open ---------------------------------------------------------
x --status closed
is "--status closed" "$(ids)" "$R1"
x --status 已办结
is "--status in Chinese" "$(ids)" "$R1"
x --status accepted,registered
is "--status as a list" "$(ids)" "$R3 $R8 $R2 $R4"
x --status accepted --status review
is "--status repeated" "$(ids)" "$R7 $R3 $R4"
x --status shelved
is "--status unknown: exit 2" "$rc" 2
like "--status unknown: names the word and the vocabulary" "$err" \
    'unknown status "shelved" (accepted: registered'
x --open
is "--open: registered, accepted, assigned, review, re-review" "$(ids)" "$R7 $R3 $R8 $R2 $R4"
x --open --status accepted
is "--open with --status: both hold" "$(ids)" "$R3 $R4"
x --open --period 2026-Q3
is "--open with --period" "$(ids)" "$R3 $R8"

# --- units: a unit and its subtree ------------------------------------------
x --config conf --unit 110105
is "--unit: the district, its station, and a name the tree resolves" \
    "$(ids)" "$R1 $R5 $R3 $R8"
x --config conf --unit 朝阳分局
is "--unit by name" "$(ids)" "$R1 $R5 $R3 $R8"
x --config conf --unit 110105001
is "--unit: a station alone" "$(ids)" "$R3"
x --config conf --unit 110000 --status registered
is "--unit: the root holds every unit" "$(ids)" "$R8 $R2"
x --config conf --unit 火星分局
is "--unit unknown: exit 2" "$rc" 2
like "--unit unknown: says so" "$err" '--unit 火星分局: not a code, name or alias'
x --unit 110105
is "--unit without a configuration: exit 2" "$rc" 2

# --- overdue ---------------------------------------------------------------
x --overdue --as-of 2026-11-24
is "--overdue: triage, handling and review long past; not one just accepted" \
    "$(ids)" "$R7 $R3 $R8 $R2"
x --overdue --as-of 2026-10-10
is "--overdue on an earlier day: the matter received 10-05 is not yet" \
    "$(ids)" "$R7 $R3 $R8"
x --overdue --as-of 2026-11-24 --config conf --unit 110105
is "--overdue with --unit" "$(ids)" "$R3 $R8"

# --- the event history -------------------------------------------------------
x --events --status closed
is "--events: exit 0" "$rc" 0
is "--events: the history of the selected matters" "$(cat e.csv)" \
"case_id,seq,at,kind,field,old_value,new_value,note,tool,actor
$R1,1,2026-03-01 09:30:00,register,status,,registered,,xf-intake,$U
$R1,2,2026-03-02,accept,status,registered,accepted,,xf-intake,$U
$R1,3,2026-04-01,reply,status,,closed,,xf-intake,$U"
# An event that changed a phone (no tool writes one yet).
q "insert into events (case_no, seq, at, kind, field, old_value, new_value, run_id, note) select case_no, 4, '2026-05-01', 'correct', 'phone', '13812345678', '13987654321', 1, '更正' from cases where case_id = 'XF-20260301-0001'"
x --events --status closed
is "--events: personal values masked" "$(sed -n 5p e.csv)" \
    "$R1,4,2026-05-01,correct,phone,138****5678,139****4321,更正,xf-intake,$U"
x --events --period 2026-Q3
is "--events over a period: each case in order" \
    "$(cut -d, -f1,2,4 e.csv | sed 1d | tr '\n' ' ')" \
    "$R3,1,register $R3,2,accept $R8,1,register "

# --- --unmask: shown, and recorded ------------------------------------------
x --unmask --period 2026-H1 --actor 档案员 --as-of 2026-11-24
is "--unmask: exit 0, quiet" "$rc:$err" "0:"
is "--unmask: names, ID numbers and phones as stored" \
    "$(cell $R1 petitioner_name) $(cell $R1 id_number) $(cell $R1 phone) $(cell $R7 petitioner_name)" \
    "张三 11010519491231002X 13812345678 钱七"
is "--unmask: one disclosed event per matter shown, with the actor" \
    "$(q "select case_id || ' ' || actor || ' ' || tool || ' ' || ifnull(field, '-') from case_events where kind = 'disclosed' order by case_no")" \
    "$R7 档案员 xf-export -
$R1 档案员 xf-export -
$R5 档案员 xf-export -"
is "the disclosed event: a note saying what was shown, the time it was" \
    "$(q "select count(*) from case_events where kind = 'disclosed' and note like 'case rows shown with petitioner_name, id_number and phone unmasked' and at like '2___-__-__ __:__:__'")" 3
is "the run: xf-export, its actor, as-of and exit status, finished" \
    "$(q "select tool || ' ' || actor || ' ' || as_of || ' ' || status || ' ' || (finished_at is not null) from runs where tool = 'xf-export'")" \
    "xf-export 档案员 2026-11-24 23:59:59 0 1"
x --unmask --period 2026-H1 --actor 档案员
is "every --unmask is recorded again" \
    "$(q "select count(*) from events where kind = 'disclosed'")" 6
x --unmask --dry-run
is "--unmask with --dry-run: exit 2" "$rc" 2
like "--unmask with --dry-run: says why" "$err" "an unmasked export is always recorded"
x --dry-run --status closed
is "--dry-run alone: the export, masked" "$rc:$(cell $R1 petitioner_name)" "0:张*"
is "... and nothing recorded" "$(q "select count(*) from events where kind = 'disclosed'")" 6
x --unmask --events --status closed --actor 审计员
is "--unmask --events: the values as stored" "$(sed -n 5p e.csv)" \
    "$R1,4,2026-05-01,correct,phone,13812345678,13987654321,更正,xf-intake,$U"
like "--unmask --events: the history shows this disclosure" "$(tail -n 1 e.csv)" \
    "$R1,7,"
like "--unmask --events: ... by its actor" "$(tail -n 1 e.csv)" \
    ",disclosed,,,,event history shown with personal values unmasked,xf-export,审计员"
x --db nowhere.db --unmask
is "--unmask on a store that does not exist: exit 2, none made" \
    "$rc:$(ls nowhere.db* 2>/dev/null)" "2:"
x --db nowhere.db
is "a store that does not exist: exit 2" "$rc" 2
if [ -w /dev/full ]; then
	run sh -c 'xf-export >/dev/full'
	is "stdout cannot be written: exit 3" "$rc" 3
	is "... and it is said once" "$err" "xf-export: stdout: No space left on device"
fi

# --- a pipe into xf-assign ----------------------------------------------------
xf-export --config conf --status accepted --unit 110106 |
    xf-assign $A >a.csv 2>a.err
is "xf-export | xf-assign: the case_id and unit columns are read" \
    "$(sed 1d a.csv | cut -d, -f1,3,5,6,8)" "$R4,assigned,assigned,丰台分局,胡晓明"

# --- the round trip ------------------------------------------------------------
printf 'source_ref,received_at,channel,petitioner_name,phone,content,unit\nN1,2026-11-23 16:05:00,phone,周九,+86 139 8765 4321,新登记的事项,海淀分局\n' >n.csv
run xf-intake $A n.csv
is "a new petition: exit 0" "$rc" 0
xf-export --unmask >rt.csv 2>rt.err
is "round trip: the unmasked export" "$?:$(cat rt.err)" "0:"
run xf-intake --db new.db --history $A rt.csv
is "round trip: imported into an empty store, exit 0" "$rc:$err" "0:"
C="case_id, source_ref, received_at, channel, petitioner_name, anonymous, id_number, phone, address, persons, content, category, unit, level_received, problem_level, supervision, supervision_deadline, status, leader, officer, accepted_at, deadline, extended_deadline, replied_at, closed_at, outcome, resolved, satisfaction, review_requested_at, review_decided_at, rereview_requested_at, rereview_decided_at, terminated_at"
is "round trip: the same matters, column for column, the same case numbers" \
    "$(q "attach 'new.db' as n; select count(*) from (select $C from main.cases except select $C from n.cases) union all select count(*) from (select $C from n.cases except select $C from main.cases) union all select count(*) from n.cases")" \
    "0
0
9"
is "round trip: the extra columns, and the case each came from" \
    "$(q "attach 'new.db' as n; select count(*) from main.cases a join n.cases b using (case_no) where ifnull(a.extra, '{}') = json_remove(b.extra, '\$.case_id') and json_extract(b.extra, '\$.case_id') = a.case_id")" 9
n_ev=$(sqlite3 new.db "select count(*) from events")
run xf-intake --db new.db --history $A rt.csv
is "round trip: a second import, exit 0" "$rc" 0
is "round trip: a second import finds every row already there" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | sort | uniq -c | tr -s ' ')" " 9 duplicate"
is "round trip: ... and writes nothing" \
    "$(sqlite3 new.db "select count(*) from cases"),$(sqlite3 new.db "select count(*) from events")" \
    "9,$n_ev"
xf-export --db new.db --unmask >rt2.csv
ok "round trip: the new store exports the same file" cmp -s rt.csv rt2.csv

# --- reading while xf-intake writes ---------------------------------------------
awk 'BEGIN { print "source_ref,received_at,channel,petitioner_name,content"
	for (i = 1; i <= 20000; i++)
		printf "B%d,2026-11-%02d,letter,批量%d,批量导入的第%d件事项\n", i, i % 20 + 1, i, i }' >big.csv
xf-intake $A --batch 1000 big.csv >/dev/null 2>big.err &
pid=$!
n=0 bad=0 last=0 during=0
while kill -0 $pid 2>/dev/null && [ $n -lt 50 ]; do
	xf-export --period 2026-11 >w.csv 2>w.err || bad=$((bad + 1))
	[ -s w.err ] && bad=$((bad + 1))
	rows=$(($(wc -l <w.csv) - 1))
	[ $rows -lt $last ] && bad=$((bad + 1))
	last=$rows
	kill -0 $pid 2>/dev/null && during=$((during + 1))
	n=$((n + 1))
done
wait $pid
is "xf-intake beside the exports: exit 0" "$?" 0
ok "exports ran while xf-intake was writing" test $during -gt 0
is "every export while it wrote: exit 0, quiet, never fewer rows than before" "$bad" 0
x --period 2026-11
is "afterwards: every matter" "$(($(wc -l <e.csv) - 1))" \
    "$(q "select count(*) from cases where received_at >= '2026-11-01' and received_at < '2026-12-01'")"

done_testing
