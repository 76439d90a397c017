#!/bin/sh
# xf-report: the published numbers, on small stores checked by hand.
. "$(dirname "$0")/lib.sh"

mkdir conf
cat >conf/units.csv <<'CSV'
code,name,parent,level,leader,aliases
C,市局,,city,王局,
D1,东城分局,C,district,孙局,东城区公安分局
S11,东华门派出所,D1,station,马所,
S12,景山派出所,D1,station,何所,
D2,西城分局,C,district,郭局,
CSV
H="source_ref,received_at,channel,petitioner_name,content,category,unit,status,accepted_at,replied_at,closed_at,resolved,satisfaction,persons"
# import FILE: a --history import as of 2026-12-31.
import() {
	xf-intake --history --config conf --as-of 2026-12-31 "$1" >/dev/null
}
# col NAME: the column NAME of the report in $out, one line per row.
col() {
	printf '%s\n' "$out" | awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' | tr '\n' ' ' | sed 's/ $//'
}

# --- the published figures (DOMAIN.md) reproduce ----------------------------
# A backlog list of 42 matters received in 2025, 41 of them closed.
awk -v h="$H" 'BEGIN { print h; for (i = 1; i <= 42; i++) {
	d = sprintf("2025-%02d-%02d", i % 12 + 1, i % 28 + 1)
	if (i <= 41) printf "B%d,%s,visit,甲%d,积案%d,x,D1,closed,%s,2026-03-01,2026-03-01,,,1\n", i, d, i, i, d
	else printf "B%d,%s,visit,甲%d,积案%d,x,D1,assigned,%s,,,,,1\n", i, d, i, i, d } }' >backlog.csv
XF_DB=$T/backlog.db import backlog.csv
run xf-report --db backlog.db --config conf --as-of 2026-12-31 --period 2025 --metrics accepted,closed,closure_rate
is "backlog of 42 with 41 closed: closure rate 97.6" "$out" "period,accepted,closed,closure_rate
2025,42,41,97.6"
# 325 visit matters received in 2025, 271 in 2026; 246 of those closed.
awk -v h="$H" 'BEGIN { print h
	for (i = 1; i <= 325; i++) printf "P%d,2025-%02d-%02d,visit,乙%d,上年%d,x,S11,closed,2025-%02d-%02d,2025-12-31,2025-12-31,,,1\n", i, i % 12 + 1, i % 28 + 1, i, i, i % 12 + 1, i % 28 + 1
	for (i = 1; i <= 271; i++) printf "N%d,2026-%02d-%02d,visit,丙%d,今年%d,x,S11,%s,2026-%02d-%02d,%s,%s,,,1\n", i, i % 12 + 1, i % 28 + 1, i, i, i <= 246 ? "closed" : "assigned", i % 12 + 1, i % 28 + 1, i <= 246 ? "2026-12-30" : "", i <= 246 ? "2026-12-30" : "" }' >years.csv
XF_DB=$T/years.db import years.csv
run xf-report --db years.db --config conf --as-of 2026-12-31 --period 2026 --metrics received,received_yoy,closed,closure_rate
is "271 received against 325: 同比 -16.6; 246 of 271 closed: 90.8" "$out" "period,received,received_yoy,closed,closure_rate
2026,271,-16.6,246,90.8"
is "exit 0" "$rc" 0
is "nothing on stderr" "$err" ""

# --- a store checked by hand (as of 2026-12-31) -------------------------------
# R1-R4, R10, R11 received in October 2026; R5 closed in it; R6, R7 open and
# overdue at its end; R8 last October, R9 September, R12-R15 round a new year.
cat >s.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,category,unit,leader,status,accepted_at,deadline,replied_at,closed_at,resolved,satisfaction,persons
R1,2026-10-05,visit,甲,事一,A,S11,李局,closed,2026-10-06,,2026-11-10,2026-11-10,yes,满意,1
R2,2026-10-12,online,乙,事二,B,景山派出所,李局,closed,2026-10-30,,2026-12-20,2026-12-20,,基本满意,6
R3,2026-10-20,letter,丙,事三,A,D2,,forwarded,,,,,,,1
R4,2026-10-25,visit,丁,事四,A,S11,,assigned,2026-10-26,,,,,,1
R5,2026-09-01,phone,戊,事五,B,S12,,closed,2026-09-02,,2026-10-15,2026-10-15,,不满意,1
R6,2026-07-01,visit,己,事六,A,D2,,assigned,2026-07-02,2026-08-31,,,,,1
R7,2026-08-10,visit,庚,事七,A,D2,,assigned,2026-08-11,,,,,,1
R8,2025-10-08,visit,辛,事八,A,S11,,closed,2025-10-09,,2025-11-01,2025-11-01,,,1
R9,2026-09-15,online,壬,事九,B,S11,,closed,2026-09-16,,2026-09-30,2026-09-30,,,1
R10,2026-10-28,letter,癸,事十,B,S12,,不予受理,,,,,,,1
R11,2026-10-29,online,子,事十一,A,西城分局,,referred,,,,,,,1
R12,2025-12-10,visit,丑,事十二,A,S11,,closed,2025-12-11,,2025-12-20,2025-12-20,,,1
R13,2026-01-05,visit,寅,事十三,A,S11,,closed,2026-01-06,,2026-01-20,2026-01-20,,,1
R14,2026-01-06,visit,卯,事十四,A,S11,,closed,2026-01-07,,2026-01-21,2026-01-21,,,1
R15,2025-01-09,visit,辰,事十五,A,S11,,closed,2025-01-10,,2025-01-22,2025-01-22,,,1
CSV
import s.csv
is "hand store imported" "$(q 'select count(*) from cases')" 15
is "R7's deadline is the statutory one" "$(q "select deadline from cases where source_ref = 'R7'")" 2026-10-10
printf 'case_id,event,at,text\n%s,follow-up,2026-10-20,电话回访，表示理解\n' \
    "$(q "select case_id from cases where source_ref = 'R5'")" >fu.csv
xf-update --config conf --as-of 2026-10-20 fu.csv >/dev/null
R="xf-report --config conf --as-of 2026-12-31"
run $R --period 2026-10 --metrics all
is "all metrics: exit 0" "$rc" 0
# every metric, as worked out by hand in the comments
is "received: R1 R2 R3 R4 R10 R11" "$(col received)" 6
is "received_persons: R2 has 6" "$(col received_persons)" 11
is "petitions (no repeats here)" "$(col petitions) $(col petitions_persons)" "6 11"
is "accepted forwarded referred not_accepted" "$(col accepted) $(col forwarded) $(col referred) $(col not_accepted)" "3 1 1 1"
is "closed: R1, R2 by the as-of day" "$(col closed)" 2
is "closure_rate: 2 closed of 6 received" "$(col closure_rate)" 33.3
is "resolved: R1; rate 1/6" "$(col resolved) $(col resolution_rate)" "1 16.7"
is "closed_in_period: R5" "$(col closed_in_period)" 1
is "replies due: R5 (on time) and R7 (deadline 10-10, open)" "$(col replies_due) $(col replied_on_time) $(col on_time_rate)" "2 1 50.0"
is "triages: R2 accepted 18 days after, past its 15" "$(col triages_due) $(col triaged_on_time) $(col timely_triage_rate)" "6 5 83.3"
is "evaluated: R5; participation 1/1" "$(col evaluated) $(col participation_rate)" "1 100.0"
is "satisfied: none of R5; rate 0/1" "$(col satisfied) $(col satisfaction_rate)" "0 0.0"
is "repeat petitions 0 of 6" "$(col repeat_petitions) $(col repeat_rate)" "0 0.0"
is "group petitions: R2 of 6 persons" "$(col group_petitions) $(col group_persons)" "1 6"
is "no leapfrog here" "$(col leapfrog) $(col leapfrog_ministry) $(col leapfrog_province) $(col leapfrog_city)" "0 0 0 0"
is "backlog at 10-31: R1 R2 R4 R6 R7; overdue R6 R7" "$(col backlog) $(col overdue)" "5 2"
is "triage days 1 18 0 1 0 0: mean 3.3, median 0.5" "$(col triage_days_mean) $(col triage_days_median)" "3.3 0.5"
is "reply days: R5 44" "$(col reply_days_mean) $(col reply_days_median)" "44.0 44.0"
is "first petitions alone: all are" "$(col first_triage_days_mean) $(col first_triage_days_median) $(col first_reply_days_mean) $(col first_reply_days_median)" "3.3 0.5 44.0 44.0"
is "online: R2 R11 of 6" "$(col online) $(col online_share)" "2 33.3"
is "follow-ups: R5 once, of 1 closed" "$(col followed_up) $(col followups) $(col followup_share)" "1 1 100.0"
is "同比 received: 6 against R8's 1" "$(col received_yoy)" 500.0
is "环比 received: 6 against R5 R9" "$(col received_pop)" 200.0
is "同比 closure rate: 33.3 - 100.0 points" "$(col closure_rate_yoy)" -66.7
is "环比 closure rate: 33.3 - 100.0 points" "$(col closure_rate_pop)" -66.7
# A comparison reads only the matters its columns need: each alone, or
# with the period's own figures, is as it is among all of them.
all=$out
for m in received_pop closure_rate_yoy backlog_pop overdue_pop closed_in_period_pop replies_due_pop petitions_pop online_share_yoy; do
	want=$(out=$all col $m)
	run $R --period 2026-10 --metrics $m
	is "$m alone as among all ($want)" "$(col $m)" "$want"
	run $R --period 2026-10 --by unit --metrics received,$m
	is "$m by unit: the top's as among all" "$(col $m | cut -d' ' -f1)" "$want"
done
out=$all
is "同比 of a count with nothing then: empty" "$(col forwarded_yoy)" ""
is "rank: the one row is first" "$(col rank)" 1
is "the period column" "$(col period)" 2026-10

# --- groupings ------------------------------------------------------------------
run $R --period 2026-10 --by unit --metrics received,accepted,closed,closure_rate,backlog,rank
is "by unit: the tree rolled up, in tree order" "$out" "period,unit_code,unit_name,received,accepted,closed,closure_rate,backlog,rank
2026-10,C,市局,6,3,2,33.3,5,1
2026-10,D1,东城分局,4,3,2,50.0,3,1
2026-10,S11,东华门派出所,2,2,1,50.0,2,1
2026-10,S12,景山派出所,2,1,1,50.0,1,1
2026-10,D2,西城分局,2,0,0,0.0,2,2"
run $R --period 2026-10 --by unit --unit 东城区公安分局 --metrics received,closed
is "--unit: one subtree, by alias" "$out" "period,unit_code,unit_name,received,closed
2026-10,D1,东城分局,4,2
2026-10,S11,东华门派出所,2,1
2026-10,S12,景山派出所,2,1"
run $R --period 2026-10 --unit D2 --metrics received,backlog
is "--unit without --by: the subtree's totals" "$out" "period,received,backlog
2026-10,2,2"
run $R --period 2026-10 --by category --metrics received,closure_rate,rank
is "by category" "$out" "period,category,received,closure_rate,rank
2026-10,A,4,25.0,2
2026-10,B,2,50.0,1"
run $R --period 2026-10 --by channel --metrics received,petitions
is "by channel (R5, by phone, only closed in the period)" "$out" "period,channel,received,petitions
2026-10,letter,2,2
2026-10,online,2,2
2026-10,phone,0,0
2026-10,visit,2,2"
run $R --period 2026-10 --by leader --metrics received
is "by leader: the unled last" "$out" "period,leader,received
2026-10,李局,2
2026-10,,4"
run $R --period 2026-10 --by unit-level --metrics received
is "by unit level" "$out" "period,unit_level,received
2026-10,district,2
2026-10,station,4"
run $R --period 2026-Q3 --by month --metrics received,closed_in_period
is "by month: each month its own period" "$out" "period,month,received,closed_in_period
2026-Q3,2026-07,1,0
2026-Q3,2026-08,1,0
2026-Q3,2026-09,2,1"
run $R --period 2026 --by quarter --metrics received
is "by quarter, an empty one kept" "$out" "period,quarter,received
2026,2026-Q1,2
2026,2026-Q2,0
2026,2026-Q3,4
2026,2026-Q4,6"
run $R --period 2026-10 --by unit --by channel --unit D2 --metrics received
is "nested: unit, then channel (R6, R7 by visit: open)" "$out" "period,unit_code,unit_name,channel,received
2026-10,D2,西城分局,letter,1
2026-10,D2,西城分局,online,1
2026-10,D2,西城分局,visit,0"
run $R --period 2026-10 --by channel --by unit --unit D1 --metrics received,rank
is "nested: channel, then unit (rank among the same channel)" "$(printf '%s\n' "$out" | grep '^2026-10,online')" "2026-10,online,D1,东城分局,1,1
2026-10,online,S12,景山派出所,1,1"

# --- 同比 and 环比 across a year boundary ----------------------------------------
run $R --period 2026-01 --metrics received,received_yoy,received_pop,closure_rate_pop
is "January against last January and last December" "$out" "period,received,received_yoy,received_pop,closure_rate_pop
2026-01,2,100.0,100.0,0.0"
run $R --period 2026-Q1 --metrics received,received_pop,received_yoy
is "Q1 against Q4 of the year before (R8, R12) and Q1 2025 (R15)" "$out" "period,received,received_pop,received_yoy
2026-Q1,2,0.0,100.0"
run $R --from 2026-01-01 --to 2026-01-10 --metrics received,received_pop,received_yoy
is "--from/--to: the ten days before (none) and a year before" "$out" "period,received,received_pop,received_yoy
2026-01-01..2026-01-10,2,,100.0"
run $R --period 2026 --by month --metrics received,received_pop
is "by month: January's 环比 is last December" "$(printf '%s\n' "$out" | sed -n 2p)" "2026,2026-01,2,100.0"

# --- empty periods and groups --------------------------------------------------
run $R --period 2020 --metrics received,closed,closure_rate,backlog,triage_days_mean,received_yoy,rank
is "an empty period: counts 0, rates empty" "$out" "period,received,closed,closure_rate,backlog,triage_days_mean,received_yoy,rank
2020,0,0,,0,,,"
run xf-report --config conf --as-of 2026-06-30 --period 2030-H2 --metrics received,closure_rate
is "a period after the as-of day: nothing has happened" "$out" "period,received,closure_rate
2030-H2,0,"
run xf-report --config conf --as-of 2026-12-31 --period 2025-10 --by unit --metrics received,closure_rate
is "empty units are shown, with empty rates" "$(printf '%s\n' "$out" | grep ',D2,')" "2025-10,D2,西城分局,0,"
run xf-report --config conf --as-of 2025-11-20 --metrics received
is "no period: the month of the as-of day" "$out" "period,received
2025-11,0"
is "... and an earlier as-of day sees the store then" "$($R --as-of 2025-10-20 --period 2025-10 --metrics closed,backlog | sed 1d)" "2025-10,0,1"

# --- rounding half up, exactly ---------------------------------------------------
# 15 of 16 is 93.75%, 1 of 16 is 6.25%, 15 against 16 is -6.25%: printf's
# binary rounding would give 93.8 but 6.2 and -6.2.
awk -v h="$H" 'BEGIN { print h
	for (i = 1; i <= 16; i++) printf "Q%d,2026-05-%02d,visit,午%d,五月%d,x,S11,%s,2026-05-%02d,%s,%s,%s,,1\n", i, i, i, i, i == 1 ? "assigned" : "closed", i, i == 1 ? "" : "2026-05-30", i == 1 ? "" : "2026-05-30", i == 2 ? "yes" : ""
	for (i = 1; i <= 15; i++) printf "Q%d,2026-06-%02d,visit,未%d,六月%d,x,S11,%s,2026-06-%02d,%s,%s,,,1\n", i + 16, i, i, i, i == 1 ? "closed" : "assigned", i, i == 1 ? "2026-06-29" : "", i == 1 ? "2026-06-29" : "" }' >round.csv
XF_DB=$T/round.db import round.csv
RD="xf-report --db $T/round.db --config conf --as-of 2026-06-30"
is "15 of 16 closed: 93.8; 1 of 16 resolved: 6.3" "$($RD --period 2026-05 --metrics closure_rate,resolution_rate | sed 1d)" "2026-05,93.8,6.3"
is "15 received against 16: -6.3; 6.7 against 93.8: -87.1 points" "$($RD --period 2026-06 --metrics received,received_pop,closure_rate,closure_rate_pop | sed 1d)" "2026-06,15,-6.3,6.7,-87.1"

# An old matter closed with no acceptance date: its triage day is not known.
printf '%s\nT1,2026-03-01,visit,甲,事,x,S11,closed,,2026-03-20,2026-03-20,,,1\n' "$H" >t.csv
XF_DB=$T/t.db import t.csv
is "no acceptance date: in no triage count, closed all the same" "$(xf-report --db "$T/t.db" --config conf --as-of 2026-12-31 --period 2026-03 --metrics triages_due,timely_triage_rate,closed,replies_due | sed 1d)" "2026-03,0,,1,0"

# --- without a unit tree ------------------------------------------------------------
run xf-report --as-of 2026-12-31 --period 2026-10 --by unit --metrics received
is "no units.csv: units as stored (codes, resolved at import), not rolled up" "$out" "period,unit_code,unit_name,received
2026-10,D2,D2,2
2026-10,S11,S11,2
2026-10,S12,S12,2"
run xf-report --as-of 2026-12-31 --period 2026-10 --by unit-level
is "no units.csv: --by unit-level refused" "$rc" 2
# Imported without the tree, the stored names resolve when the report has it.
xf-intake --db "$T/nt.db" --history --as-of 2026-12-31 s.csv >/dev/null
is "units stored by name resolve at report time: the same roll-up" "$(xf-report --db "$T/nt.db" --config conf --as-of 2026-12-31 --period 2026-10 --by unit --metrics received,closed,backlog)" "$(xf-report --config conf --as-of 2026-12-31 --period 2026-10 --by unit --metrics received,closed,backlog)"

# --- usage errors ----------------------------------------------------------------
run xf-report --period 2026-13
is "a bad period: exit 2" "$rc" 2
like "... and says what a period is" "$err" "is not a year, half, quarter or month"
run xf-report --metrics received,nonsense
is "an unknown metric: exit 2" "$rc" 2
like "... named" "$err" 'unknown metric "nonsense"'
run xf-report --by weather
is "an unknown grouping: exit 2" "$rc" 2
run xf-report --config conf --unit 火星分局
is "an unknown unit: exit 2" "$rc" 2
run xf-report --by month --by quarter
is "two time groupings: exit 2" "$rc" 2
run xf-report --by channel --by channel
is "a grouping twice: exit 2" "$rc" 2
run xf-report --from 2026-02-01 --to 2026-01-01
is "--to before --from: exit 2" "$rc" 2
run xf-report --metrics rank_yoy
is "no 同比 of a rank: exit 2" "$rc" 2
run xf-report --period 2026 --from 2026-01-01 --to 2026-02-01
is "--period with --from: exit 2" "$rc" 2
run xf-report --db nowhere.db
is "no store: exit 2, nothing created" "$rc,$(ls nowhere.db 2>/dev/null)" "2,"

# --- repeats, groups, leapfrog and triage from xf-intake itself ---------------
mkdir cfg
printf 'name,pattern,category,disposition,level\nfraud,诈骗,telecom-fraud,accept,district\nnoise,噪音,public-order,accept,station\n' >cfg/rules.csv
cat >a.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
A1,2026-10-01,visit,张伟,11010519491231002X,,被电信诈骗三万元，报案后一直没有进展，请求追回。,1
A2,2026-10-02,letter,李娜,,13812345678,楼下商铺噪音扰民，多次反映无人处理。,1
CSV
cat >b.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons,level_received
B1,2026-10-20,phone,张伟,11010519491231002x,,我被电信诈骗三万元，报案后一直没有任何进展，再次请求追回！,1,
B2,2026-10-21,online,李 娜,,138-1234-5678,楼下商铺噪音扰民，多次反映仍无人处理。,5,
L1,2026-10-22,visit,王强,,13900001111,工地夜间施工扰民,1,省厅
L2,2026-10-23,online,赵六,,13900002222,交通事故认定不公,1,公安部
CSV
LV="--db $T/live.db --config cfg"
xf-intake $LV --as-of 2026-10-02 a.csv >/dev/null
xf-intake $LV --as-of 2026-10-23 b.csv >/dev/null
run xf-report $LV --as-of 2026-10-31 --period 2026-10 --metrics all
is "live: 4 matters, 6 petitions of 10 persons" "$(col received) $(col petitions) $(col petitions_persons)" "4 6 10"
is "live: B1, B2 joined their matters: repeat rate 2/6" "$(col repeat_petitions) $(col repeat_rate)" "2 33.3"
is "live: B2's 5 persons make a group petition" "$(col group_petitions) $(col group_persons)" "1 5"
is "live: leapfrog to the ministry (L2) and the province (L1)" "$(col leapfrog) $(col leapfrog_ministry) $(col leapfrog_province) $(col leapfrog_city)" "2 1 1 0"
is "live: online B2, L2 of 6" "$(col online) $(col online_share)" "2 33.3"
is "live: triaged the day after or the same day" "$(col triages_due) $(col timely_triage_rate) $(col triage_days_mean) $(col triage_days_median)" "4 100.0 0.5 0.5"
is "live: no reply due, rates empty" "$(col replies_due) $(col on_time_rate) $(col participation_rate) $(col followup_share)" "0   "
# The same matters imported with --history (triaged when accepted) count alike.
cat >h.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,persons,level_received,status,accepted_at
A1,2026-10-01,visit,张伟,被电信诈骗三万元,1,,accepted,2026-10-02
A2,2026-10-02,letter,李娜,楼下商铺噪音扰民,1,,accepted,2026-10-02
L1,2026-10-22,visit,王强,工地夜间施工扰民,1,省厅,accepted,2026-10-23
L2,2026-10-23,online,赵六,交通事故认定不公,1,公安部,accepted,2026-10-23
CSV
xf-intake --db "$T/hist.db" --config cfg --history --as-of 2026-10-23 h.csv >/dev/null
m=received,received_persons,accepted,closed,closure_rate,backlog,overdue,leapfrog,triage_days_mean,timely_triage_rate
is "--history matters count exactly like the others" "$(xf-report --db "$T/hist.db" --config cfg --as-of 2026-10-31 --period 2026-10 --metrics $m)" "$(xf-report $LV --as-of 2026-10-31 --period 2026-10 --metrics $m)"

# --- formats -----------------------------------------------------------------------
F="$R --period 2026-10 --by unit --metrics received,closure_rate,rank"
run $F --format table
is "table: aligned, Chinese two columns wide, units indented" "$out" "period   unit_code  unit_name         received  closure_rate  rank
2026-10  C          市局                     6          33.3     1
2026-10  D1           东城分局               4          50.0     1
2026-10  S11            东华门派出所         2          50.0     1
2026-10  S12            景山派出所           2          50.0     1
2026-10  D2           西城分局               2           0.0     2"
run $F --format md
is "md: a Markdown table, numbers right" "$out" "| period | unit_code | unit_name | received | closure_rate | rank |
| --- | --- | --- | --: | --: | --: |
| 2026-10 | C | 市局 | 6 | 33.3 | 1 |
| 2026-10 | D1 | 东城分局 | 4 | 50.0 | 1 |
| 2026-10 | S11 | 东华门派出所 | 2 | 50.0 | 1 |
| 2026-10 | S12 | 景山派出所 | 2 | 50.0 | 1 |
| 2026-10 | D2 | 西城分局 | 2 | 0.0 | 2 |"
run $R --period 2026-10 --by leader --metrics received --format table
is "table: an empty group reads (none)" "$out" "period   leader  received
2026-10  李局           2
2026-10  (none)         4"
printf '%s\nW1,2026-04-01,visit,甲,事,交通ABC,S11,forwarded,,,,,,1\nW2,2026-04-02,visit,乙,事,ｘ全角ｙ,S11,forwarded,,,,,,1\nW3,2026-04-03,visit,丙,事,plain,S11,forwarded,,,,,,1\n' "$H" >w.csv
XF_DB=$T/w.db import w.csv
is "table: full-width letters are two columns, ASCII one" "$(xf-report --db "$T/w.db" --config conf --as-of 2026-12-31 --period 2026-04 --by category --metrics received --format table)" "period   category  received
2026-04  plain            1
2026-04  交通ABC          1
2026-04  ｘ全角ｙ         1"
run $F --bom --crlf
is "csv: --bom and --crlf for Excel" "$(printf '%s' "$out" | head -c 3 | od -An -tx1 | tr -d ' ')$(printf '%s\n' "$out" | sed -n 2p | od -An -c | grep -c '\\r')" "efbbbf1"
run $F --format xml
is "an unknown format: exit 2" "$rc" 2
# A category with markup in it is escaped in the page and the chart.
printf 'source_ref,received_at,channel,petitioner_name,content,category,unit,status\nX1,2026-10-09,visit,甲,事,"<b>&""x""</b>",S11,forwarded\n' >x.csv
import x.csv
run $R --period 2026-10 --by category --format html
is "html: exit 0" "$rc" 0
printf '%s\n' "$out" >r.html
like "html: markup in text escaped" "$out" "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
is "html: no markup from the data" "$(grep -c '<b>' r.html)" 0
like "html: an inline SVG chart" "$out" '<svg xmlns="http://www.w3.org/2000/svg"'
like "html: the chart's figures" "$out" "25.0%  closed 1 of 4 received, 2 accepted"
like "html: a print style sheet" "$out" "@media print"
is "html: nothing fetched (no URL but the SVG namespace), no script" "$(grep -o -e 'https\?://[^"]*' -e '<script' r.html | sort -u)" "http://www.w3.org/2000/svg"
if command -v xmllint >/dev/null 2>&1; then
	sed -n '/<svg/,/<\/svg>/p' r.html >chart.svg
	ok "html: the SVG is well-formed XML (xmllint)" xmllint --noout chart.svg
else
	echo "ok $((ntest += 1)) # SKIP xmllint missing (libxml2-utils)"
fi
# Rendered by headless Chromium, the page is not blank: the screenshot has
# more than one colour (a blank page has one).
if command -v chromium >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
	HOME=$T chromium --headless --no-sandbox --disable-gpu \
	    --screenshot="$T/shot.png" --window-size=800,500 "file://$T/r.html" \
	    >/dev/null 2>&1
	colours=$(python3 - "$T/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ctype]
stride = w * bpp
prev = bytearray(stride)
seen = set()
# Undo the PNG row filters (RFC 2083, 6.2), then collect the colours.
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    seen.update(bytes(row[i:i + 3]) for i in range(0, stride, bpp))
    prev = row
print(len(seen))
PY
)
	ok "html: Chromium's screenshot of the page is not blank ($colours colours)" test "${colours:-0}" -gt 1
else
	echo "ok $((ntest += 1)) # SKIP chromium or python3 missing"
fi

# --- reading while xf-intake writes -----------------------------------------------
# (fewer rows under valgrind, which is slow enough to overlap anyway)
n=30000
[ -n "${XF_WRAP:-}" ] && n=3000
awk -v n=$n 'BEGIN { print "received_at,channel,petitioner_name,content"
	for (i = 1; i <= n; i++) printf "2026-11-%02d,visit,人%d,第%d件事\n", i % 28 + 1, i, i }' >big.csv
xf-intake --db "$T/busy.db" --as-of 2026-11-30 a.csv >/dev/null
xf-intake --db "$T/busy.db" --as-of 2026-11-30 big.csv >/dev/null 2>intake.err &
pid=$!
fails=0 runs=0
while kill -0 $pid 2>/dev/null && [ $runs -lt 50 ]; do
	xf-report --db "$T/busy.db" --as-of 2026-11-30 --period 2026-11 --metrics received >/dev/null 2>>report.err || fails=$((fails + 1))
	runs=$((runs + 1))
done
wait $pid
is "xf-intake succeeds while reports read" "$?" 0
ok "reports ran while it wrote ($runs)" test "$runs" -gt 0
is "every report during the import succeeded ($runs runs)" "$fails $(cat report.err)" "0 "
is "after it, the report sees every matter" "$(xf-report --db "$T/busy.db" --as-of 2026-11-30 --period 2026-11 --metrics received | sed 1d)" "2026-11,$n"

done_testing
