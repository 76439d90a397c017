#!/bin/sh
# xf-assign: deadlines on the 2026 calendar, units by code, name and alias,
# leaders, reassignment and its events, --auto routing with the
# fewest-open chooser, skipped rows from an xf-intake pipe, --extend,
# idempotent re-runs, refused statuses, --dry-run, two runs at once, and
# the rejects file.
. "$(dirname "$0")/lib.sh"

mkdir conf
cp "$XF_TOP/examples/units.csv" "$XF_TOP/examples/holidays.csv" \
    "$XF_TOP/examples/rules.csv" "$XF_TOP/examples/routing.csv" conf/
A="--config conf --as-of 2026-11-24"
H="source_ref,received_at,channel,petitioner_name,content,category,unit,address,status,accepted_at,replied_at,closed_at,review_requested_at,rereview_requested_at,terminated_at"
# field N of the output row for case $1
col() {
	printf '%s\n' "$out" | awk -F, -v id="$1" -v n="$2" '$1 == id { print $n }'
}

# --- accepting and assigning: deadlines on the working-day calendar -------
cat >hist.csv <<EOF
$H
D1,2026-08-01,visit,甲一,报案后没有进展一,case-progress,,,registered,,,,,,
D2,2026-08-03,visit,甲二,报案后没有进展二,case-progress,,,registered,,,,,,
D3,2025-12-10,visit,甲三,报案后没有进展三,case-progress,,,registered,,,,,,
D4,2026-08-05,visit,甲四,报案后没有进展四,case-progress,,,registered,,,,,,
D5,2026-08-06,visit,甲五,已受理尚未交办,case-progress,,,accepted,2026-08-07,,,,,
EOF
run xf-intake --history $A hist.csv
is "history import of registered matters: exit 0" "$rc" 0

cat >a.csv <<'EOF'
case_id,unit,leader,officer,at
XF-20260801-0001,110105,,,2026-08-04
XF-20260803-0001,海淀分局,陈局长,张警官,2026-08-11
XF-20251210-0001,市局交警支队,,,2025-12-17
XF-20260806-0001,东城分局,,,2026-08-20
EOF
run xf-assign $A --actor 调度员 a.csv
is "assign: exit 0" "$rc" 0
is "assign: nothing on stderr" "$err" ""
is "assign: output header" "$(printf '%s\n' "$out" | head -n 1)" \
    "case_id,line,result,reason,status,unit,unit_code,leader,officer,accepted_at,deadline,extended_deadline"
is "by code; leader defaults to the unit's; accepted 08-04, due 10-08 (National Day)" \
    "$(printf '%s\n' "$out" | grep '^XF-20260801-0001,')" \
    "XF-20260801-0001,2,assigned,,assigned,朝阳分局,110105,李卫东,,2026-08-04,2026-10-08,"
is "by name, leader and officer given; accepted 08-11, due Sat 10-10 (a make-up working day)" \
    "$(printf '%s\n' "$out" | grep '^XF-20260803-0001,')" \
    "XF-20260803-0001,3,assigned,,assigned,海淀分局,110108,陈局长,张警官,2026-08-11,2026-10-10,"
is "by alias; accepted 2025-12-17, due 2026-02-24 (after the Spring Festival)" \
    "$(printf '%s\n' "$out" | grep '^XF-20251210-0001,')" \
    "XF-20251210-0001,4,assigned,,assigned,交警支队,110000100,赵永刚,,2025-12-17,2026-02-24,"
is "an accepted matter keeps the deadline from its acceptance" \
    "$(col XF-20260806-0001 10),$(col XF-20260806-0001 11)" "2026-08-07,2026-10-08"
is "the store has what the output says" \
    "$(q "select status||','||unit||','||unit_code||','||leader||','||accepted_at||','||deadline from cases where case_id='XF-20260801-0001'")" \
    "assigned,朝阳分局,110105,李卫东,2026-08-04,2026-10-08"
is "a registered matter: an accept event (its triage: disposition and triaged_at too), then an assign event" \
    "$(q "select kind||':'||field||':'||ifnull(old_value,'')||'>'||new_value||'@'||at from case_events where case_id='XF-20260801-0001' and tool='xf-assign' order by seq")" \
    "accept:status:registered>accepted@2026-08-04
accept:disposition:>accept@2026-08-04
accept:triaged_at:>2026-08-04@2026-08-04
accept:accepted_at:>2026-08-04@2026-08-04
accept:deadline:>2026-10-08@2026-08-04
assign:status:accepted>assigned@2026-08-04
assign:unit:>朝阳分局@2026-08-04
assign:unit_code:>110105@2026-08-04
assign:leader:>李卫东@2026-08-04"
is "--actor recorded with the run" \
    "$(q "select actor from runs where tool='xf-assign'")" "调度员"

run xf-assign $A a.csv
is "re-run: exit 0" "$rc" 0
is "re-run: every row unchanged" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | sort -u)" "unchanged"
is "re-run: no event written" \
    "$(q "select count(*) from events e join runs r using (run_id) where r.tool='xf-assign' and r.run_id=(select max(run_id) from runs)")" 0

# --- rejected rows, and the rejects file ------------------------------------
cat >b.csv <<'EOF'
case_id,unit,leader,officer,at,remark
XF-20260805-0001,东湖分局,,,,r2
XF-20260805-0001,,,,,r3
XF-20260805-0001,110105,,,2026-11-25,r4
XF-20260805-0001,110105,,,2026-02-30,r5
XF-20260805-0001,110105,,,2026-08-01,r6
XF-20260805-0001,110105,,,2026-08-10,r7
EOF
run xf-assign $A --rejects rej.csv b.csv
is "some rows rejected: exit 1" "$rc" 1
is "rejection messages" "$err" \
'xf-assign: b.csv:2: unit: unknown unit "东湖分局" (not a code, name or alias in conf/units.csv; see xf-units(5))
xf-assign: b.csv:3: unit: empty
xf-assign: b.csv:4: at: "2026-11-25" is after the as-of date 2026-11-24
xf-assign: b.csv:5: at: invalid date "2026-02-30"
xf-assign: b.csv:6: at: 2026-08-01 is before the matter was received (2026-08-05)'
is "the good row applied" "$(col XF-20260805-0001 3),$(col XF-20260805-0001 11)" \
    "assigned,2026-10-09"
is "rejects file: header, then the rejected rows with line and reason" \
    "$(head -n 3 rej.csv)" \
    'case_id,unit,leader,officer,at,remark,line,reason
XF-20260805-0001,东湖分局,,,,r2,2,"unit: unknown unit ""东湖分局"" (not a code, name or alias in conf/units.csv; see xf-units(5))"
XF-20260805-0001,,,,,r3,3,unit: empty'
is "rejects file: five rows" "$(sed 1d rej.csv | wc -l | tr -d ' ')" 5
printf 'case_id,leader\nXF-20260805-0001,甲\n' >nounit.csv
run xf-assign $A nounit.csv
is "no unit column: exit 3" "$rc" 3
like "no unit column: says so" "$err" "nounit.csv:1: no unit column"

# --- reassignment -------------------------------------------------------------
printf 'case_id,责任单位,责任民警\nXF-20260801-0001,建国门外派出所,刘警官\n' >re.csv
run xf-assign $A re.csv
is "reassign by alias: exit 0" "$rc" 0
is "reassigned: new unit, its leader, the officer; deadline kept" \
    "$(printf '%s\n' "$out" | sed 1d)" \
    "XF-20260801-0001,2,reassigned,,assigned,建外派出所,110105001,刘洋,刘警官,2026-08-04,2026-10-08,"
is "the events of the reassignment carry the old values" \
    "$(q "select field||':'||ifnull(old_value,'')||'>'||new_value from case_events where case_id='XF-20260801-0001' and kind='reassign' order by seq")" \
    "unit:朝阳分局>建外派出所
unit_code:110105>110105001
leader:李卫东>刘洋
officer:>刘警官"
run xf-assign $A re.csv
is "the same reassignment again: unchanged, exit 0" \
    "$rc,$(printf '%s\n' "$out" | sed 1d | cut -d, -f3)" "0,unchanged"
printf 'case_id,unit,leader\nXF-20260801-0001,110105001,\n' >same.csv
run xf-assign $A same.csv
is "same unit, leader and officer left empty: kept, unchanged" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,8,9)" "unchanged,刘洋,刘警官"
printf 'case_id,unit,leader\nXF-20260801-0001,110105001,马所长\n' >lead.csv
run xf-assign $A lead.csv
is "another leader on the same unit: reassigned, officer kept" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,8,9)" "reassigned,马所长,刘警官"

# --- extension ----------------------------------------------------------------
cat >ext.csv <<'EOF'
case_id,approver,reason,at
XF-20260801-0001,王振国,需调取外地证据,2026-09-30
XF-20260803-0001,,缺审批人,2026-09-30
XF-20260803-0001,王振国,,2026-09-30
XF-20251210-0001,王振国,期限已过才申请,2026-03-02
EOF
run xf-assign $A --extend 30 ext.csv
is "--extend: some rows rejected, exit 1" "$rc" 1
is "--extend 30 from 10-08 ends Sat 11-07: moved to Mon 11-09" \
    "$(printf '%s\n' "$out" | sed 1d)" \
    "XF-20260801-0001,2,extended,,assigned,建外派出所,110105001,马所长,刘警官,2026-08-04,2026-10-08,2026-11-09"
is "--extend: approver and reason required, and within the deadline" "$err" \
'xf-assign: ext.csv:3: approver: empty: an extension needs the name of whoever approved it
xf-assign: ext.csv:4: reason: empty: an extension needs its reason
xf-assign: ext.csv:5: at: 2026-03-02 is after the deadline 2026-02-24: an extension is granted before the time limit runs out'
is "the extension's events carry approver and reason as the note" \
    "$(q "select field||'='||new_value||' @'||at||' | '||note from case_events where case_id='XF-20260801-0001' and kind='extend' order by seq")" \
    "extended_deadline=2026-11-09 @2026-09-30 | 30 days, approved by 王振国: 需调取外地证据
extended_at=2026-09-30 @2026-09-30 | 30 days, approved by 王振国: 需调取外地证据"
run xf-assign $A --extend 30 ext.csv
is "the same extension again: unchanged" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,3)" "XF-20260801-0001,unchanged"
head -n 2 ext.csv >ext1.csv
run xf-assign $A --extend 20 ext1.csv
is "a second extension is refused: exit 3" "$rc" 3
is "a second extension: the message" "$err" \
    'xf-assign: ext1.csv:2: case_id: XF-20260801-0001: already extended to 2026-11-09 on 2026-09-30; a matter is extended only once'
printf 'case_id,approver,reason\nXF-20260805-0001,王振国,案情复杂\n' >ext2.csv
run xf-assign --config conf --as-of 2026-09-01 --extend 10 ext2.csv
is "--extend 10 from 10-09: 10-19" "$(col XF-20260805-0001 12)" "2026-10-19"
run xf-assign $A --extend 31 ext1.csv
is "--extend 31: exit 2" "$rc" 2
is "--extend 31: at most 30 days" "$err" "xf-assign: --extend 31: an extension is at most 30 days"
run xf-assign $A --extend 30 --auto ext1.csv
is "--extend with --auto: exit 2" "$rc" 2

# --- statuses that cannot be assigned -----------------------------------------
cat >hist2.csv <<EOF
$H
S1,2026-03-01,visit,乙一,已办结,case-progress,,,closed,2026-03-02,2026-04-01,2026-04-01,,,
S2,2026-03-02,visit,乙二,已转送,labour,,,forwarded,,,,,,
S3,2026-03-03,visit,乙三,已告知,litigation,,,referred,,,,,,
S4,2026-03-04,visit,乙四,不予受理,test,,,not-accepted,,,,,,
S5,2026-03-05,visit,乙五,不再受理,case-progress,,,not-reaccepted,,,,,,
S6,2026-03-06,visit,乙六,已终结,case-progress,,,terminated,2026-03-07,2026-04-01,2026-04-01,,,2026-06-01
S7,2026-03-07,visit,乙七,复查中,case-progress,,,review,2026-03-08,2026-04-01,2026-04-01,2026-04-10,,
S8,2026-03-08,visit,乙八,复核中,case-progress,,,re-review,2026-03-09,2026-04-01,2026-04-01,2026-04-10,2026-05-20,
EOF
run xf-intake --history $A hist2.csv
is "history import of every state: exit 0" "$rc" 0
cat >st.csv <<'EOF'
case_id,unit
XF-20260301-0001,110105
XF-20260302-0001,110105
XF-20260303-0001,110105
XF-20260304-0001,110105
XF-20260305-0001,110105
XF-20260306-0001,110105
XF-20260307-0001,110105
XF-20260308-0001,110105
XF-20260309-0001,110105
XF-0309-1,110105
EOF
run xf-assign $A st.csv
is "every row refused: exit 3" "$rc" 3
is "every row refused: nothing on stdout but the header" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1
is "refused statuses, unknown and malformed ids" "$err" \
'xf-assign: st.csv:2: case_id: XF-20260301-0001: status closed: the matter was replied to and closed (办结)
xf-assign: st.csv:3: case_id: XF-20260302-0001: status forwarded: the matter was forwarded (转送) to another organ
xf-assign: st.csv:4: case_id: XF-20260303-0001: status referred: the petitioner was referred (告知) to a legal channel
xf-assign: st.csv:5: case_id: XF-20260304-0001: status not-accepted: the matter was not accepted (不予受理)
xf-assign: st.csv:6: case_id: XF-20260305-0001: status not-reaccepted: the matter is not accepted again (不再受理)
xf-assign: st.csv:7: case_id: XF-20260306-0001: status terminated: the matter was terminated (终结)
xf-assign: st.csv:8: case_id: XF-20260307-0001: status review: the matter was closed and is under review (复查)
xf-assign: st.csv:9: case_id: XF-20260308-0001: status re-review: the matter was closed and is under re-review (复核)
xf-assign: st.csv:10: case_id: unknown case XF-20260309-0001: not in the store
xf-assign: st.csv:11: case_id: malformed case id "XF-0309-1" (expected XF-YYYYMMDD-NNNN or XF-YYYYMMDD-A12345; see xf-db(5))'
is "refused rows changed nothing" \
    "$(q "select count(*) from case_events where case_id like 'XF-202603%' and tool='xf-assign'")" 0
is "every row refused: the run is recorded as finished, with status 3" \
    "$(q "select (finished_at is not null) || ',' || status from runs where run_id = (select max(run_id) from runs)")" "1,3"
printf 'case_id,approver,reason\nXF-20260301-0001,甲,乙\n' >closed.csv
run xf-assign $A --extend 30 closed.csv
like "--extend refuses a closed matter too" "$err" "status closed"

# --- --dry-run ----------------------------------------------------------------
before=$(q "select count(*) from events")||exit 1
runs=$(q "select count(*) from runs")
printf 'case_id,unit\nXF-20260805-0001,110108\nXF-20260806-0001,110108\n' >dry.csv
run xf-assign $A --dry-run dry.csv
is "--dry-run: exit 0" "$rc" 0
is "--dry-run: the output says what would happen" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,6 | tr '\n' ' ')" \
    "reassigned,海淀分局 reassigned,海淀分局 "
is "--dry-run: no event written" "$(q "select count(*) from events")" "$before"
is "--dry-run: no run recorded" "$(q "select count(*) from runs")" "$runs"
is "--dry-run: the cases are as they were" \
    "$(q "select unit_code from cases where case_id in ('XF-20260805-0001','XF-20260806-0001') order by case_no" | tr '\n' ' ')" \
    "110105 110101 "

# --- --auto: the fewest-open chooser ------------------------------------------
mkdir route
cp conf/units.csv conf/holidays.csv route/
cat >route/routing.csv <<'EOF'
category,locality,units
# public order: two stations, the less loaded first
public-order,,110105003|110105004
household-registration,朝阳,110105002
traffic,,110105004
EOF
cat >hist3.csv <<EOF
$H
P1,2026-10-01,visit,丙一,噪音扰民一,public-order,,,accepted,2026-10-02,,,,,
P2,2026-10-02,visit,丙二,噪音扰民二,public-order,,,accepted,2026-10-03,,,,,
P3,2026-10-03,visit,丙三,噪音扰民三,public-order,,,accepted,2026-10-04,,,,,
P4,2026-10-04,visit,丙四,噪音扰民四,public-order,,,accepted,2026-10-05,,,,,
P5,2026-10-05,visit,丙五,噪音扰民五,public-order,,,accepted,2026-10-06,,,,,
P6,2026-10-06,visit,丙六,户口迁移一,household-registration,朝阳分局,,accepted,2026-10-07,,,,,
P7,2026-10-07,visit,丙七,户口迁移二,household-registration,,北京市朝阳区建国路1号,accepted,2026-10-08,,,,,
P8,2026-10-08,visit,丙八,户口迁移三,household-registration,,上海市黄浦区,accepted,2026-10-09,,,,,
P9,2026-10-09,visit,丙九,交通事故,traffic,,,registered,,,,,,
EOF
run xf-intake --history $A hist3.csv
is "history import for routing: exit 0" "$rc" 0
printf 'case_id,unit\nXF-20261001-0001,110105003\nXF-20261002-0001,110105003\n' >pre.csv
run xf-assign --config route --as-of 2026-11-24 pre.csv
is "two open matters on the first candidate first: exit 0" "$rc" 0
cat >auto.csv <<'EOF'
case_id
XF-20261003-0001
XF-20261004-0001
XF-20261005-0001
XF-20261006-0001
XF-20261007-0001
XF-20261008-0001
XF-20261009-0001
EOF
run xf-assign --config route --as-of 2026-11-24 --auto auto.csv
is "--auto: one unrouted row, exit 1" "$rc" 1
# (P6's unit, 朝阳分局, was resolved to 110105 when it was imported: it
# stays with the unit it had.)
is "--auto: fewest open first, then the rule's order on a tie" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,3,7,8 | tr '\n' ' ')" \
    "XF-20261003-0001,assigned,110105004,吴刚 XF-20261004-0001,assigned,110105004,吴刚 XF-20261005-0001,assigned,110105003,黄海涛 XF-20261006-0001,assigned,110105,李卫东 XF-20261007-0001,assigned,110105002,杨帆 XF-20261009-0001,assigned,110105004,吴刚 "
is "--auto: locality by unit text or address; no rule, rejected" "$err" \
    'xf-assign: auto.csv:7: case_id: XF-20261008-0001: no rule of route/routing.csv routes it (category "household-registration", unit "")'
is "--auto: a registered matter is accepted on the way" \
    "$(col XF-20261009-0001 5),$(col XF-20261009-0001 10),$(col XF-20261009-0001 11)" \
    "assigned,2026-11-24,2027-01-25"
run xf-assign --config route --as-of 2026-11-24 --auto auto.csv
is "--auto re-run: nothing moves" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | sort -u)" "unchanged"
printf 'case_id,result\n,rejected\n' >intrej.csv
run xf-assign --config route --as-of 2026-11-24 --auto intrej.csv
is "--auto: xf-intake's rejected row skipped, exit 0" \
    "$rc,$(printf '%s\n' "$out" | sed 1d)" "0,,2,skipped,rejected by xf-intake,,,,,,,,"
rm route/routing.csv
run xf-assign --config route --auto auto.csv
is "--auto without routing.csv: exit 2" "$rc" 2
like "--auto without routing.csv: names it and xf-routing(5)" "$err" "route/routing.csv: no such file; --auto needs the routing rules (see xf-routing(5))"
printf 'category,locality,units\ntraffic,(朝阳,110105\n' >route/routing.csv
run xf-assign --config route --auto auto.csv
is "a bad routing pattern: exit 2 and where" "$rc: $err" \
    "2: xf-assign: route/routing.csv:2: locality: missing closing parenthesis (at character 4 of the pattern)"
# A pattern that backtracks exponentially is refused when routing.csv is
# read, as in rules.csv (it was compiled and run before).
printf 'category,locality,units\ntraffic,(阳+)+区,110105\n' >route/routing.csv
run xf-assign --config route --auto auto.csv
like "a routing pattern that could stall a run: refused at load, exit 2" "$rc: $err" \
    "2: xf-assign: route/routing.csv:2: locality: "
like "... saying why and where" "$err" "of the pattern)"
printf 'category,locality,units\ntraffic,,110105|东湖分局\n' >route/routing.csv
run xf-assign --config route --auto auto.csv
is "an unknown routing unit: exit 2" "$rc: $err" \
    '2: xf-assign: route/routing.csv:2: units: unknown unit "东湖分局" (not in units.csv; see xf-units(5))'
mkdir nounits
run xf-assign --config nounits a.csv
is "no units.csv: exit 2" "$rc" 2
like "no units.csv: names xf-units(5)" "$err" "nounits/units.csv: no such file; the unit tree is needed (see xf-units(5))"

# --- a unit without a leader in units.csv -------------------------------------
mkdir nolead
cp conf/holidays.csv nolead/
sed 's/^110106002,丰台派出所,110106,station,林建平,/110106002,丰台派出所,110106,station,,/' \
    conf/units.csv >nolead/units.csv
printf 'case_id,unit,包案领导\nXF-20260806-0001,110106002,\nXF-20260806-0001,110106002,胡所长\n' >nl.csv
run xf-assign --config nolead --as-of 2026-11-24 nl.csv
is "a unit with no leader needs one in the row: exit 1" "$rc" 1
is "a unit with no leader: the message" "$err" \
    "xf-assign: nl.csv:2: 包案领导: empty, and nolead/units.csv names no leader for 丰台派出所"
is "a unit with no leader: the row with one applied" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,7,8)" "reassigned,110106002,胡所长"

# --- a real pipe from xf-intake -----------------------------------------------
XF_DB="$T/pipe.db" xf-intake $A "$XF_TOP/examples/petitions.csv" >intake.csv
run sh -c "XF_DB='$T/pipe.db' xf-assign $A --auto <intake.csv"
is "xf-intake | xf-assign --auto: exit 0" "$rc" 0
is "xf-intake | xf-assign --auto: nothing on stderr" "$err" ""
is "the pipe: eight assigned, four skipped" \
    "$(printf '%s\n' "$out" | cut -d, -f3 | grep -c '^assigned$'),$(printf '%s\n' "$out" | cut -d, -f3 | grep -c '^skipped$')" \
    "8,4"
is "the pipe: skipped rows with their reasons" \
    "$(printf '%s\n' "$out" | grep ',skipped,' | cut -d, -f1-5)" \
    "XF-20261105-0001,6,skipped,status forwarded: the matter was forwarded (转送) to another organ,forwarded
XF-20261109-0001,8,skipped,status referred: the petitioner was referred (告知) to a legal channel,referred
XF-20261102-0001,9,skipped,a repeat petition on a matter already assigned to 反诈中心,assigned
XF-20261116-0001,12,skipped,status forwarded: the matter was forwarded (转送) to another organ,forwarded"
is "the pipe: fraud to the anti-fraud centre" "$(col XF-20261102-0001 7 | head -n 1)" 110000200
XF_DB="$T/pipe.db" xf-intake $A "$XF_TOP/examples/petitions.csv" >intake2.csv
run sh -c "XF_DB='$T/pipe.db' xf-assign $A --auto intake2.csv"
is "the pipe again: exit 0, nothing assigned" \
    "$rc,$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | sort -u | tr '\n' ' ')" \
    "0,skipped unchanged "

# --- two runs at once on one store --------------------------------------------
i=1
{
	echo "$H"
	while [ $i -le 300 ]; do
		echo "C$i,2026-09-01,visit,丁$i,同时交办第${i}件,case-progress,,,accepted,2026-09-02,,,,,"
		i=$((i + 1))
	done
} >many.csv
run xf-intake --history $A many.csv
is "300 accepted matters imported" "$rc" 0
q "select case_id from cases where source_ref like 'C%' order by case_no" >ids
{ echo case_id,unit; sed -n '1,150p' ids | sed 's/$/,110105/'; } >half1.csv
{ echo case_id,unit; sed -n '151,300p' ids | sed 's/$/,110108/'; } >half2.csv
xf-assign $A half1.csv >o1 2>e1 &
p1=$!
xf-assign $A half2.csv >o2 2>e2 &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
is "two runs at once: both exit 0" "$r1,$r2,$(cat e1 e2)" "0,0,"
is "two runs at once: all 300 assigned" \
    "$(q "select unit_code||':'||count(*) from cases where source_ref like 'C%' group by unit_code" | tr '\n' ' ')" \
    "110105:150 110108:150 "
is "two runs at once: each printed its 150" \
    "$(cut -d, -f3 o1 | grep -c '^assigned$'),$(cut -d, -f3 o2 | grep -c '^assigned$')" "150,150"

# A registered matter whose stored unit is the one it is assigned to: the
# leader and officer kept from the case are copied before the accept step
# reloads it (they pointed into the old copy and came out as garbage).
printf '%s\nSU1,2026-11-02,visit,乙一,单位已知的登记件,case-progress,朝阳分局,,registered,,,,,,\n' "$H" >same.csv
run xf-intake --history $A same.csv
printf 'case_id,unit,at\nXF-20261102-0001,110105,2026-11-03\n' >same-a.csv
run xf-assign $A same-a.csv
is "same unit as stored: assigned, the unit's leader, no officer" \
    "$(q "select status||','||unit_code||','||ifnull(leader,'')||','||ifnull(officer,'') from cases where source_ref='SU1'")" \
    "assigned,110105,李卫东,"

done_testing
