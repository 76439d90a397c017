#!/bin/sh
# xf-escalate: a simulated month of nightly runs over a prepared store
# (2026-09-20 to 2026-10-20: Mid-Autumn, National Day and their make-up
# working days, and a sensitive period), checking every action of every
# day; quiet and idempotent re-runs; history imports that never fire for
# what was past at import; --dry-run; --working-days-only; case ids from
# files; broken rules files; xf-escalate and xf-intake at once; a matter
# changed by another tool after xf-escalate read it; a run killed part-way.
. "$(dirname "$0")/lib.sh"

mkdir conf
cp "$XF_TOP/examples/units.csv" "$XF_TOP/examples/holidays.csv" conf/
cat >conf/periods.csv <<'EOF'
name,from,to
国庆安保,2026-10-12,2026-10-16
EOF
C="--config conf"
P="source_ref,received_at,channel,petitioner_name,phone,content,category,unit,persons,level_received,supervision,supervision_deadline"

# --- the prepared store -------------------------------------------------------
# A, J: accepted and assigned 2026-08-04 (due Thu 10-08, after National
# Day); J extended 30 days (to Mon 11-09).  B: assigned 2026-08-11 (due Sat
# 10-10, a make-up working day).  I: replied 09-01, review asked in the
# month.  C: imported on 09-19 still registered (triage due Mon 09-28, after
# Mid-Autumn).  O: imported, a group petition long overdue at its import.
cat >a.csv <<EOF
$P
A,2026-08-04,visit,甲一,13900000011,报案后没有进展甲一,case-progress,,1,,,
J,2026-08-04,visit,甲二,13900000012,户口迁移一直没有办好,household,,1,,,
EOF
cat >b.csv <<EOF
$P
B,2026-08-11,visit,乙一,13900000021,交通事故认定不公乙一,traffic,,1,,,
EOF
cat >i.csv <<EOF
$P
I,2026-07-01,letter,丙一,13900000031,邻居噪音扰民多次报警丙一,public-order,,1,,,
EOF
run xf-intake $C --as-of 2026-07-01 i.csv
run xf-intake $C --as-of 2026-08-04 a.csv
run xf-intake $C --as-of 2026-08-11 b.csv
id() { q "select case_id from cases where source_ref='$1'"; }
A=$(id A) B=$(id B) I=$(id I) J=$(id J)
printf 'case_id,unit,at\n%s,东华门派出所,2026-07-01\n%s,建外派出所,2026-08-04\n%s,学院路派出所,2026-08-04\n%s,三里屯派出所,2026-08-11\n' \
    "$I" "$A" "$J" "$B" >assign.csv
run xf-assign $C --as-of 2026-08-11 assign.csv
is "store: assigned (exit 0)" "$rc" 0
printf 'case_id,approver,reason,at\n%s,王振国,需调取外地证据,2026-09-15\n' "$J" >ext.csv
run xf-assign $C --as-of 2026-09-15 --extend 30 ext.csv
is "store: J extended to 11-09" "$(q "select extended_deadline from cases where case_id='$J'")" 2026-11-09
printf 'case_id,event,at,opinion,text\n%s,reply,2026-09-01,explain,已答复\n' "$I" >reply.csv
run xf-update $C --as-of 2026-09-01 reply.csv
is "store: I replied (exit 0)" "$rc" 0
cat >hist.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content,category,unit,persons,status,accepted_at,deadline
C,2026-09-10,visit,丁一,派出所不受理报案丁一,case-progress,东四派出所,1,registered,,
O,2026-05-01,visit,戊一,工地欠薪聚集讨要戊一,labour,德胜派出所,8,assigned,2026-05-01,2026-06-30
EOF
run xf-intake $C --as-of 2026-09-19 --history hist.csv
is "store: history imported (exit 0)" "$rc" 0
is "C: triage due Mon 09-28 (Mid-Autumn 09-25..27)" \
    "$(q "select triage_deadline from cases where source_ref='C'")" 2026-09-28

# What arrives during the month: H supervised (province, due 10-15); D a
# group petition; E a leapfrog one; F and G petitioned again and again.
cat >d0920.csv <<EOF
$P
H,2026-09-20,visit,己一,13900000041,拆迁补偿纠纷报警后无人处理己一,case-progress,呼家楼派出所,1,,province,2026-10-15
F1,2026-09-20,visit,庚一,13900000051,小区停车被人划车报警无果,public-order,金融街派出所,1,,,
G1,2026-09-20,online,辛一,13900000061,网购被骗报案后无人处理,fraud,中关村派出所,1,,,
EOF
cat >d0921.csv <<EOF
$P
D,2026-09-21,visit,壬一,13900000071,工地欠薪多人聚集讨要,labour,景山派出所,6,,,
E,2026-09-21,visit,癸一,13900000081,对派出所处理不满到省厅上访,case-progress,望京派出所,1,province,,
G2,2026-09-21,online,辛一,13900000061,网购被骗报案后无人处理,fraud,,1,,,
EOF
cat >d0922.csv <<EOF
$P
G3,2026-09-22,online,辛一,13900000061,网购被骗报案后无人处理,fraud,,1,,,
EOF
cat >d0924.csv <<EOF
$P
F2,2026-09-24,visit,庚一,13900000051,小区停车被人划车报警无果,public-order,,1,,,
EOF
cat >d1013.csv <<EOF
$P
F3,2026-10-13,visit,庚一,13900000051,小区停车被人划车报警无果,public-order,,1,,,
EOF

# --- the month ------------------------------------------------------------------
: >log
: >again
d=2026-09-20
while [ "$d" != 2026-10-21 ]; do
	md=$(echo "$d" | tr -d -- - | cut -c5-)
	[ -f "d$md.csv" ] && xf-intake $C --as-of "$d" "d$md.csv" >/dev/null
	if [ "$d" = 2026-09-22 ]; then
		printf 'case_id,event,at\n%s,review-request,2026-09-22\n' "$I" >rv.csv
		xf-update $C --as-of "$d" rv.csv >/dev/null
	fi
	run xf-escalate $C --as-of "$d"
	[ "$rc" = 0 ] || echo "$d: exit $rc: $err" >>log
	[ -n "$err" ] && echo "$d: stderr: $err" >>log
	printf '%s\n' "$out" | sed 1d | sed "s/^/$d,/" | grep -v '^$' >>log
	xf-escalate $C --as-of "$d" >>again 2>&1
	d=$(date -u -d "$d + 1 day" +%F)
done
# case ids to source refs, and the columns checked day by day
q "select case_id || ',' || source_ref from cases" |
    awk -F, '{ printf "s/,%s,/,%s,/\n", $1, $2 }' >ids.sed
month=$(sed -f ids.sed log | cut -d, -f1-9)
# In case-number order each day.  Warnings 3 working days ahead (C: over
# Mid-Autumn; A, B: over National Day, B due on a make-up Saturday), the
# ladder a level on the first day late and every 10 days more (5 in the
# sensitive period 10-12..16: A and B climb on day 6), group at once to the
# district bureau, leapfrog to the locality's bureau, both told again in
# the period; repeats from the third petition (G), from the second in the
# period (F); H supervised: weekly reminders, its supervisor's deadline
# warned 5 working days ahead in the period; I's review decision.
is "the month, day by day: day,case,rule,level,from,to,leader,deadline,days" "$month" \
"2026-09-21,D,group,district,景山派出所,东城分局,孙立新,2026-11-20,-60
2026-09-21,E,leapfrog,district,望京派出所,朝阳分局,李卫东,2026-11-20,-60
2026-09-22,C,warn,station,东四派出所,东四派出所,高峰,2026-09-28,-6
2026-09-22,G1,repeat,station,中关村派出所,中关村派出所,郑凯,2026-11-19,-58
2026-09-27,H,supervised,station,呼家楼派出所,呼家楼派出所,黄海涛,2026-10-15,-18
2026-09-28,A,warn,station,建外派出所,建外派出所,刘洋,2026-10-08,-10
2026-09-29,C,overdue,district,东四派出所,东城分局,孙立新,2026-09-28,1
2026-09-30,B,warn,station,三里屯派出所,三里屯派出所,杨帆,2026-10-10,-10
2026-10-04,H,supervised,station,呼家楼派出所,呼家楼派出所,黄海涛,2026-10-15,-11
2026-10-09,A,overdue,district,建外派出所,朝阳分局,李卫东,2026-10-08,1
2026-10-09,C,overdue,city,东城分局,北京市公安局,王振国,2026-09-28,11
2026-10-11,B,overdue,district,三里屯派出所,朝阳分局,李卫东,2026-10-10,1
2026-10-11,H,supervised,station,呼家楼派出所,呼家楼派出所,黄海涛,2026-10-15,-4
2026-10-12,H,warn,station,呼家楼派出所,呼家楼派出所,黄海涛,2026-10-15,-3
2026-10-12,F1,repeat,station,金融街派出所,金融街派出所,梁宏伟,2026-11-19,-38
2026-10-12,D,group,district,东城分局,东城分局,孙立新,2026-11-20,-39
2026-10-12,E,leapfrog,district,望京派出所,朝阳分局,李卫东,2026-11-20,-39
2026-10-14,A,overdue,city,朝阳分局,北京市公安局,王振国,2026-10-08,6
2026-10-15,I,warn,station,东华门派出所,东华门派出所,马晓东,2026-10-22,-7
2026-10-16,B,overdue,city,朝阳分局,北京市公安局,王振国,2026-10-10,6
2026-10-16,H,overdue,district,呼家楼派出所,朝阳分局,李卫东,2026-10-15,1
2026-10-18,H,supervised,district,朝阳分局,朝阳分局,李卫东,2026-10-15,3"
is "a second run on each day: no output at all" "$(cat again)" ""
like "messages: the stage and the move" "$(grep "^2026-10-09,$A," log)" \
    "handle deadline 2026-10-08 passed 1 day ago: escalated from 建外派出所 to 朝阳分局 (step 1)"
like "messages: working days left across National Day" "$(grep "^2026-09-30,$B," log)" \
    "handle deadline 2026-10-10: 3 working days left"
like "messages: the sensitive period named" "$(grep "^2026-10-12,$(id D)," log)" \
    "group petition in sensitive period 国庆安保"
is "J: extended, so its first deadline passing fires nothing" "$(grep -c ",$J," log)" 0
is "O: imported long overdue, a group petition: never fires" \
    "$(grep -c ",$(id O)," log)" 0
is "the store: A now held by the city bureau" \
    "$(q "select unit_code || ',' || unit from cases where case_id='$A'")" "110000,北京市公安局"
is "the events of A's escalations, through the case layer" \
    "$(q "select at || ' ' || ifnull(field, '-') || ' ' || ifnull(old_value, '') || '>' || ifnull(new_value, '') from case_events where case_id='$A' and kind='escalate' order by seq")" \
"2026-09-28 - >
2026-10-09 unit_code 110105001>110105
2026-10-09 unit 建外派出所>朝阳分局
2026-10-14 unit_code 110105>110000
2026-10-14 unit 朝阳分局>北京市公安局"
is "the steps kept for A" \
    "$(q "select e.rule || '#' || e.step || '@' || e.as_of from escalations e join cases c using (case_no) where c.case_id='$A' order by e.rule, e.step")" \
"overdue:handle:2026-10-08#1@2026-10-09
overdue:handle:2026-10-08#2@2026-10-14
warn:handle:2026-10-08#1@2026-09-28"
is "a quiet night: no run left without its end" \
    "$(q "select count(*) from runs where tool='xf-escalate' and finished_at is null")" 0

# --- a store of history imports: nothing past at the import fires ------------
# Imported on 11-24: R1 registered (triage due 10-16), R2 a group and
# leapfrog petition overdue since 09-30, R3 under review (due 10-31), all
# past at the import; R4 due Mon 12-21, after it.
cat >old.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content,category,unit,persons,level_received,status,accepted_at,deadline,replied_at,closed_at,review_requested_at
R1,2026-10-01,visit,旧一,旧事一派出所不立案,case-progress,东四派出所,1,,registered,,,,,
R2,2026-08-01,visit,旧二,旧事二多人讨薪,labour,景山派出所,7,ministry,assigned,2026-08-01,2026-09-30,,,
R3,2026-07-01,letter,旧三,旧事三对答复不服,traffic,建外派出所,1,,review,2026-07-02,2026-08-31,2026-09-01,2026-09-01,2026-10-01
R4,2026-10-20,visit,旧四,旧事四户口迁移,household,中关村派出所,1,,assigned,2026-10-20,2026-12-21,,,
EOF
H="$C --db old.db"
run xf-intake $H --as-of 2026-11-24 --history old.csv
is "history: imported (exit 0)" "$rc" 0
sqlite3 old.db "select case_id || ',' || source_ref from cases" |
    awk -F, '{ printf "s/,%s,/,%s,/\n", $1, $2 }' >oldids.sed
hist=
for d in 2026-11-24 2026-11-25 2026-12-01 2026-12-15 2026-12-16 2026-12-21 \
    2026-12-22 2027-01-05; do
	run xf-escalate $H --as-of "$d"
	hist="$hist$(printf '%s\n' "$out" | sed 1d | sed "s/^/$d,/" | cut -d, -f1-4,9)
"
done
is "history: only R4's deadline, after the import, ever fires" \
    "$(printf '%s' "$hist" | sed -f oldids.sed | grep -v '^$')" \
"2026-12-16,R4,warn,station,-5
2026-12-22,R4,overdue,district,1
2027-01-05,R4,overdue,city,15"

# --- review and re-review decisions ------------------------------------------------
# Review asked 09-10: decided by Sat 10-10 (a make-up working day), late on
# 10-11; re-review asked 10-13: due Thu 11-12, warned Mon 11-09.
cat >rr.csv <<EOF
$P
RR,2026-07-01,letter,寅一,13900000101,对交通事故认定不服寅一,traffic,,1,,,
EOF
R="$C --db rr.db"
xf-intake $R --as-of 2026-07-01 rr.csv >/dev/null
RR=$(sqlite3 rr.db "select case_id from cases")
printf 'case_id,unit,at\n%s,朝阳交警大队,2026-07-01\n' "$RR" | xf-assign $R --as-of 2026-07-01 - >/dev/null
printf 'case_id,event,at,opinion,outcome\n%s,reply,2026-08-20,not-support,\n%s,review-request,2026-09-10,,\n' \
    "$RR" "$RR" | xf-update $R --as-of 2026-09-10 - >/dev/null
rr=
step() {
	run xf-escalate $R --as-of "$1"
	rr="$rr$(printf '%s\n' "$out" | sed 1d | sed "s/^/$1,/" | cut -d, -f1,3-5,8,9)
"
}
for d in 2026-09-29 2026-10-09 2026-10-10 2026-10-11; do step "$d"; done
printf 'case_id,event,at,opinion,outcome\n%s,review-opinion,2026-10-12,,maintain\n%s,rereview-request,2026-10-13,,\n' \
    "$RR" "$RR" | xf-update $R --as-of 2026-10-13 - >/dev/null
for d in 2026-11-06 2026-11-09 2026-11-12 2026-11-13; do step "$d"; done
is "review and re-review: warned and escalated on their own deadlines" \
    "$(printf '%s' "$rr" | grep -v '^$')" \
"2026-10-09,warn,brigade,朝阳交警大队,2026-10-10,-1
2026-10-11,overdue,district,朝阳交警大队,2026-10-10,1
2026-11-09,warn,district,交警支队,2026-11-12,-3
2026-11-13,overdue,city,交警支队,2026-11-12,1"
like "review and re-review: the stage named" "$out" "rereview deadline 2026-11-12 passed 1 day ago"

# --- case ids from files ---------------------------------------------------------
printf 'case_id,note\n%s,x\nXF-20990101-0001,y\nbogus,z\n' "$J" >ids.csv
run xf-escalate $C --as-of 2026-11-06 --rejects rej.csv ids.csv
is "case ids: an unknown one rejected, exit 1" "$rc" 1
is "case ids: file:line for the unknown ones" "$err" \
"xf-escalate: ids.csv:3: case_id: unknown case id \"XF-20990101-0001\"
xf-escalate: ids.csv:4: case_id: invalid case id \"bogus\""
is "case ids: only the named matter judged (J warned: extended 11-09)" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1-3,7,8)" "$J,warn,station,2026-11-09,-3"
is "case ids: the rejects file" "$(cat rej.csv)" "case_id,note,line,reason
XF-20990101-0001,y,3,\"case_id: unknown case id \"\"XF-20990101-0001\"\"\"
bogus,z,4,\"case_id: invalid case id \"\"bogus\"\"\""
run sh -c "printf 'case_id\n%s\n' '$J' | xf-escalate $C --as-of 2026-11-06 -"
is "case ids on stdin: already fired, nothing new" "$rc:$out" "0:"

# --- --dry-run ------------------------------------------------------------------
snap() { q "select (select count(*) from events), (select count(*) from escalations), (select group_concat(unit_code) from cases)"; }
before=$(snap)
run xf-escalate $C --as-of 2026-11-30 --dry-run
is "--dry-run: exit 0" "$rc" 0
dry=$out
like "--dry-run: prints what would fire" "$dry" "case_id,rule,level,from_unit,to_unit,leader,deadline,days_overdue,message"
is "--dry-run: the store unchanged" "$(snap)" "$before"
run xf-escalate $C --as-of 2026-11-30
is "after --dry-run, the real run fires the same" "$out" "$dry"
ok "... and changes the store" test "$(snap)" != "$before"

# --- --working-days-only ---------------------------------------------------------
# On a rest day it stops before it opens the store: a store it cannot open
# tells whether it went that far.
W="$C --working-days-only --db nowhere/xf.db"
run xf-escalate $W --as-of 2026-10-03
is "--working-days-only on a National Day holiday: exit 0, silent" "$rc:$out$err" "0:"
run xf-escalate $W --as-of 2026-11-28
is "--working-days-only on a Saturday: exit 0, silent" "$rc:$out$err" "0:"
run xf-escalate $W --as-of 2026-10-10
is "--working-days-only on Sat 10-10, a make-up working day: it runs" "$rc" 2
run xf-escalate $W --as-of 2026-09-20
is "--working-days-only on Sun 09-20, a make-up working day: it runs" "$rc" 2
run xf-escalate $W --as-of 2026-12-01
is "--working-days-only on a Tuesday: it runs" "$rc" 2
run xf-escalate $C --working-days-only --as-of 2026-10-10
is "--working-days-only on a working day with a store: exit 0" "$rc" 0

# --- broken rules files -------------------------------------------------------------
mkdir bad
cp conf/units.csv bad/
rules_err() {
	printf "$1" >bad/escalation.csv
	runs=$(q "select count(*) from runs")
	run xf-escalate --config bad --as-of 2026-12-01
	is "$2: exit 2" "$rc" 2
	is "$2: message" "$err" "xf-escalate: $3"
	is "$2: nothing ran" "$(q "select count(*) from runs")" "$runs"
}
rules_err 'rule,value\nwarn,3\nescalate,2\n' "unknown rule" \
    'bad/escalation.csv:3: rule: unknown rule "escalate"; use warn, overdue, repeat, group, leapfrog or supervised'
rules_err 'rule,value\nwarn,three\n' "a value that is no number" \
    'bad/escalation.csv:2: value: "three" is not a whole number from 0 to 3650'
rules_err 'rule,level\n# the ladder\noverdue,county-ish\n' "unknown level" \
    'bad/escalation.csv:3: level: unknown level "county-ish"; use ministry, province, city, district, station or brigade'
rules_err 'rule,value\ngroup,3\n' "a value group does not take" \
    'bad/escalation.csv:2: value: the group rule takes no value, only a level'
rules_err 'rule,period,value\nrepeat,两会,2\n' "a period not in periods.csv" \
    'bad/escalation.csv:2: period: "两会" is not in periods.csv'
rules_err 'rule,days\nwarn,3\n' "an unknown column" \
    'bad/escalation.csv:1: unknown column "days"'
rules_err 'rule,value\nwarn,"3\n' "broken quoting" \
    'bad/escalation.csv:2: malformed CSV: quoted field not closed at end of file'
printf 'rule,value\nwarn,2\n' >bad/escalation.csv
printf 'name,from,to\n两会,2027-03-15,2027-03-01\n' >bad/periods.csv
run xf-escalate --config bad --as-of 2026-12-01
is "a period that ends before it begins: exit 2 and file:line" "$rc:$err" \
    "2:xf-escalate: bad/periods.csv:2: the period ends (2027-03-01) before it begins (2027-03-15)"
printf 'name,from,to\n两会,2027-03-01,2027-02-30\n' >bad/periods.csv
run xf-escalate --config bad --as-of 2026-12-01
is "a bad date in periods.csv" "$rc:$err" "2:xf-escalate: bad/periods.csv:2: to: invalid date \"2027-02-30\""

# --- rules from the file: a bureau's own ladder -----------------------------------
mkdir own
cp conf/units.csv conf/holidays.csv own/
printf 'rule,period,value,level,on\nwarn,,0,,\noverdue,,1,district,\ngroup,,,,no\n' >own/escalation.csv
cat >own.csv <<EOF
$P
K,2026-08-04,visit,子一,13900000091,报案后没有进展子一,case-progress,建外派出所,1,,,
L,2026-08-04,visit,丑一,13900000092,多人聚集讨要工钱丑一,labour,景山派出所,9,,,
EOF
O="--config own --db own.db"
xf-intake $O --as-of 2026-08-04 own.csv >/dev/null
owned() {
	run xf-escalate $O --as-of "$1"
	printf '%s\n' "$out" | sed 1d | cut -d, -f2-5 | grep -v '^$' | tr '\n' ' '
}
is "own rules: no warning, no group action" "$(owned 2026-10-06)" ""
is "own rules: overdue to the district bureau" "$(owned 2026-10-09)" \
    "overdue,district,建外派出所,朝阳分局 overdue,district,景山派出所,东城分局 "
is "own rules: a level a day, but the ladder tops out at district" \
    "$(owned 2026-10-10)$(owned 2026-10-20)" ""

# --- xf-escalate and xf-intake at once ------------------------------------------------
rm -f "$XF_DB" "$XF_DB-wal" "$XF_DB-shm"
gen() {
	awk -v n="$1" -v p="$2" 'BEGIN { print "source_ref,received_at,channel,petitioner_name,content"
	    for (i = 1; i <= n; i++) printf "%s%d,2026-08-04,visit,人%d,%s第%d件事情的经过\n", p, i, i, p, i }'
}
gen 3000 X >x.csv
gen 3000 Y >y.csv
xf-intake --as-of 2026-08-04 x.csv >/dev/null
xf-escalate --as-of 2026-10-09 >esc.out 2>esc.err &
pid=$!
xf-intake --as-of 2026-10-09 y.csv >/dev/null 2>int.err
irc=$?
wait $pid
erc=$?
is "at once: xf-intake exit 0" "$irc:$(cat int.err)" "0:"
is "at once: xf-escalate exit 0" "$erc:$(cat esc.err)" "0:"
is "at once: every case registered" "$(q "select count(*) from cases")" 6000
is "at once: every late matter escalated once, and printed" \
    "$(q "select count(*) from escalations where rule like 'overdue:%'"),$(sed 1d esc.out | grep -c ',overdue,')" "3000,3000"
run xf-escalate --as-of 2026-10-09
is "at once: a re-run fires nothing" "$rc:$out" "0:"

# --- a matter changed by another tool after it was read: judged afresh -----------
# A sqlite3 shell holds the write lock while xf-escalate starts: its reader
# reads and judges the slice (T1 overdue, so it fires) and its writer waits
# for the lock; then the shell changes T1 and commits.  What the writer
# writes must rest on the store as it now is: T1 closed fires nothing; T1
# changed in a column the rules do not read still fires.  (Had the reader
# not read T1 before the commit, the outcome asserted is the same.)
gen 20 T >t.csv
# (Each wait bounded: a shell that could not hold the lock fails the test
# rather than hanging it.)
printf 'touch locked\nn=0\nwhile [ ! -e go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done\n' >hold.sh
# stale NAME SQL: run xf-escalate as of 10-09 over a fresh copy of the
# store while a shell holding the write lock runs SQL on it and commits.
stale() {
	rm -f "$1.db" "$1.db-wal" "$1.db-shm" locked go
	cp t.db "$1.db"
	printf '.timeout 30000\nBEGIN IMMEDIATE;\n.shell sh hold.sh\n%s\nCOMMIT;\n' \
	    "$2" | sqlite3 "$1.db" &
	spid=$!
	n=0
	while [ ! -e locked ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
	xf-escalate --db "$1.db" --as-of 2026-10-09 >"$1.out" 2>"$1.err" &
	epid=$!
	sleep 1
	touch go
	wait "$spid"
	wait "$epid"
	erc=$?
}
xf-intake --db t.db --as-of 2026-08-04 t.csv >/dev/null
t1=$(sqlite3 t.db "select case_id from cases where source_ref = 'T1'")
stale closed "UPDATE cases SET status = 'closed', closed_at = '2026-10-09' WHERE source_ref = 'T1';"
is "closed after it was read: xf-escalate exit 0" "$erc:$(cat closed.err)" "0:"
is "closed after it was read: the others fire, T1 not" \
    "$(sed 1d closed.out | wc -l | tr -d ' '),$(grep -c "^$t1," closed.out)" "19,0"
is "closed after it was read: no step, no event for T1" \
    "$(sqlite3 closed.db "select (select count(*) from escalations join cases using (case_no) where source_ref = 'T1'), (select count(*) from events join cases using (case_no) where source_ref = 'T1' and kind = 'escalate'), (select count(*) from escalations)")" "0|0|19"
stale other "UPDATE cases SET phone = '13900000000' WHERE source_ref = 'T1';"
is "changed elsewhere after it was read: xf-escalate exit 0" "$erc:$(cat other.err)" "0:"
is "changed elsewhere after it was read: T1 still fires" \
    "$(sed 1d other.out | wc -l | tr -d ' '),$(grep -c "^$t1,overdue," other.out)" "20,1"

# --- killed part-way: a re-run finishes the job, nothing doubled ----------------
K="--db kill.db"
gen 3000 Z >z.csv
xf-intake $K --as-of 2026-08-04 z.csv >/dev/null
# A dry run over six slices, each rolled back once printed.
xf-escalate $K --as-of 2026-10-09 --dry-run >kdry.out
is "--dry-run over several slices: every late matter printed once" \
    "$(sed 1d kdry.out | cut -d, -f1 | sort -u | wc -l | tr -d ' '),$(sed 1d kdry.out | wc -l | tr -d ' ')" "3000,3000"
is "--dry-run over several slices: the store unchanged" \
    "$(sqlite3 kill.db "select (select count(*) from escalations), (select count(*) from events where kind = 'escalate'), (select count(*) from runs where tool = 'xf-escalate')")" "0|0|0"
xf-escalate $K --as-of 2026-10-09 >k1.out 2>/dev/null &
pid=$!
sleep 0.2
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
run xf-escalate $K --as-of 2026-10-09
is "killed, then re-run: exit 0" "$rc" 0
is "killed, then re-run: every late matter escalated exactly once" \
    "$(sqlite3 kill.db "select count(*), count(distinct case_no) from escalations")" "3000|3000"
is "killed, then re-run: one escalate event per matter" \
    "$(sqlite3 kill.db "select count(*) from events where kind = 'escalate'")" 3000
ok "killed, then re-run: nothing printed twice" test "$( (sed 1d k1.out;
    printf '%s\n' "$out" | sed 1d) | grep ',overdue,' | sort | uniq -d)" = ""
is "the dry run printed the matters the killed run and its re-run fired" \
    "$(sqlite3 kill.db "select c.case_id || ',' || e.rule from escalations e join cases c using (case_no)" | sort | cksum)" \
    "$(sed 1d kdry.out | awk -F, '{ print $1 ",overdue:handle:" $7 }' | sort | cksum)"

# --- a ladder climbed several steps at once: one row, the step reached ---------
# U: imported on 09-01, not yet due (Thu 09-10), no unit known, so each
# step tells; first judged on 10-20 (after the sensitive period: a step
# every 10 days), 40 days late: step 4 at once.
L="--db ladder.db $C"
cat >u.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content,category,unit,persons,status,accepted_at,deadline
U,2026-07-01,visit,己一,占道经营投诉无人处理己一,public-order,,1,assigned,2026-07-01,2026-09-10
EOF
xf-intake $L --as-of 2026-09-01 --history u.csv >/dev/null
run xf-escalate $L --as-of 2026-10-20
is "four steps due at once: one action, for the highest" "$rc:$(printf '%s\n' "$out" | sed 1d | cut -d, -f2-)" \
    "0:overdue,city,,北京市公安局,王振国,2026-09-10,40,handle deadline 2026-09-10 passed 40 days ago (step 4)"
lad() { sqlite3 ladder.db "select rule || '#' || step || '@' || as_of from escalations order by step"; }
is "... one escalations row, the step reached" "$(lad)" "overdue:handle:2026-09-10#4@2026-10-20"
# As a store written before kept it: a row for every step climbed.
run0=$(sqlite3 ladder.db "select run_id from escalations")
sqlite3 ladder.db "insert into escalations select case_no, rule, s.value, as_of, run_id from escalations, (select 1 as value union select 2 union select 3) s"
is "a store with a row for every step (as written before)" "$(lad | tr '\n' ' ')" \
    "overdue:handle:2026-09-10#1@2026-10-20 overdue:handle:2026-09-10#2@2026-10-20 overdue:handle:2026-09-10#3@2026-10-20 overdue:handle:2026-09-10#4@2026-10-20 "
run xf-escalate $L --as-of 2026-10-20
is "... read the same: the same night again fires nothing" "$rc:$out" "0:"
run xf-escalate $L --as-of 2026-10-21
is "... and the next step fires alone when due" "$rc:$(printf '%s\n' "$out" | sed 1d | cut -d, -f7-)" \
    "0:2026-09-10,41,handle deadline 2026-09-10 passed 41 days ago (step 5)"
is "... with one row of its own" "$(sqlite3 ladder.db "select count(*), max(step), count(distinct run_id) from escalations where run_id <> $run0")" "1|5|1"

done_testing
