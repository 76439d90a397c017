#!/bin/sh
# xf-report reviewed as a bureau's statistician would: every figure on
# small stores worked out by hand, against DOMAIN and xf-report(1).
. "$(dirname "$0")/lib.sh"

mkdir conf
cat >conf/units.csv <<'CSV'
code,name,parent,level,leader,aliases
C,市局,,city,王局,
D1,东城分局,C,district,孙局,
S11,东华门派出所,D1,station,马所,
D2,西城分局,C,district,郭局,
CSV
H="source_ref,received_at,channel,petitioner_name,content,category,unit,status,accepted_at,replied_at,closed_at,resolved,persons"
col() {
	printf '%s\n' "$out" | awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' | tr '\n' ' ' | sed 's/ $//'
}

# --- closure rate: closed / received in the period (DOMAIN) -----------------
# 271 visit matters received in 2026, 10 of them forwarded, 246 closed:
# the bureau's 90.8 is closed / received, not closed / accepted (94.3).
awk -v h="$H" 'BEGIN { print h
	for (i = 1; i <= 271; i++) {
		d = sprintf("2026-%02d-%02d", i % 12 + 1, i % 28 + 1)
		if (i > 261) printf "F%d,%s,visit,丙%d,今年%d,x,S11,forwarded,,,,,1\n", i, d, i, i
		else printf "N%d,%s,visit,丙%d,今年%d,x,S11,%s,%s,%s,%s,%s,1\n", i, d, i, i, i <= 246 ? "closed" : "assigned", d, i <= 246 ? "2026-12-30" : "", i <= 246 ? "2026-12-30" : "", i <= 123 ? "yes" : "" } }' >fw.csv
xf-intake --history --config conf --as-of 2026-12-31 fw.csv >/dev/null
run xf-report --config conf --as-of 2026-12-31 --period 2026 --metrics received,accepted,forwarded,closed,closure_rate,resolved,resolution_rate
is "246 closed of 271 received (10 forwarded): 90.8; resolved 123: 45.4" "$out" "period,received,accepted,forwarded,closed,closure_rate,resolved,resolution_rate
2026,271,261,10,246,90.8,123,45.4"

# --- triage and backlog as they stood at the period's end and the as-of day ---
mkdir cfg
cp conf/units.csv cfg/
printf 'name,pattern,category,disposition,level\nland,土地,land,forward,district\n' >cfg/rules.csv
printf 'source_ref,received_at,channel,petitioner_name,content\nM1,2026-09-01,letter,甲,土地纠纷一\n' >m1.csv
printf 'source_ref,received_at,channel,petitioner_name,content\nM2,2026-09-25,letter,乙,土地纠纷二\n' >m2.csv
TV="--db $T/tv.db --config cfg"
xf-intake $TV --as-of 2026-09-20 m1.csv >/dev/null
xf-intake $TV --as-of 2026-10-09 m2.csv >/dev/null
is "M1 forwarded on 09-20, past its triage deadline 09-16" "$(sqlite3 "$T/tv.db" "select triaged_at, triage_deadline from cases order by received_at")" "2026-09-20|2026-09-16
2026-10-09|2026-10-10"
run xf-report $TV --as-of 2026-09-18 --period 2026-09 --metrics received,forwarded,triages_due,triaged_on_time,backlog,overdue
is "as of 09-18 M1 waits for its triage, 2 days late: due, backlog, overdue" "$out" "period,received,forwarded,triages_due,triaged_on_time,backlog,overdue
2026-09,1,0,1,0,1,1"
run xf-report $TV --as-of 2026-12-31 --period 2026-09 --metrics received,forwarded,triages_due,triaged_on_time,backlog,overdue
is "September as of the year's end: M2 was waiting at its end (deadline 10-10)" "$out" "period,received,forwarded,triages_due,triaged_on_time,backlog,overdue
2026-09,2,2,2,1,1,0"

# --- on time: the extended deadline, the deadline day, the rest-day rule ------
# Accepted on Tue 08-04: day 60 is Sat 10-03, in the National Day holiday,
# so the deadline is Thu 10-08 (DOMAIN).  E1 is extended by 30 days on
# 09-30 (to Sat 11-07, so Mon 11-09) and replied on 11-09: on time.  E2
# replied on 10-08, the deadline day: on time.  E3 replied on 10-09: late.
printf 'source_ref,received_at,channel,petitioner_name,content,status\nE1,2026-08-01,visit,甲,事一,registered\nE2,2026-08-03,visit,乙,事二,registered\nE3,2026-08-03,visit,丙,事三,registered\n' >e.csv
EV="--db $T/e.db --config conf"
xf-intake $EV --history --as-of 2026-08-03 e.csv >/dev/null
printf 'case_id,unit,at\nXF-20260801-0001,S11,2026-08-04\nXF-20260803-0001,S11,2026-08-04\nXF-20260803-0002,D2,2026-08-04\n' >ea.csv
xf-assign $EV --as-of 2026-08-04 ea.csv >/dev/null
printf 'case_id,approver,reason,at\nXF-20260801-0001,王局,需调取证据,2026-09-30\n' >ex.csv
xf-assign $EV --as-of 2026-09-30 --extend 30 ex.csv >/dev/null
printf 'case_id,event,at,opinion\nXF-20260803-0001,reply,2026-10-08,explain\nXF-20260803-0002,reply,2026-10-09,support\nXF-20260801-0001,reply,2026-11-09,explain\n' >er.csv
xf-update $EV --as-of 2026-11-09 er.csv >/dev/null
is "deadlines: 10-08, and E1 extended to 11-09" "$(sqlite3 "$T/e.db" "select source_ref||':'||deadline||':'||ifnull(extended_deadline,'') from cases order by source_ref" | tr '\n' ' ')" "E1:2026-10-08:2026-11-09 E2:2026-10-08: E3:2026-10-08: "
run xf-report $EV --as-of 2026-12-31 --period 2026-08 --metrics received,accepted,closed,closure_rate,triages_due,triaged_on_time
is "accepted by xf-assign (no disposition stored): accepted and closed" "$out" "period,received,accepted,closed,closure_rate,triages_due,triaged_on_time
2026-08,3,3,3,100.0,3,3"
run xf-report $EV --as-of 2026-12-31 --period 2026-Q4 --metrics closed_in_period,replies_due,replied_on_time,on_time_rate
is "on time: E1 (extended), E2 (deadline day); E3 late" "$out" "period,closed_in_period,replies_due,replied_on_time,on_time_rate
2026-Q4,3,3,2,66.7"
run xf-report $EV --as-of 2026-12-31 --period 2026-10 --metrics closed_in_period,replies_due,replied_on_time,backlog,overdue
is "October: E2, E3 replied; E1 open, not overdue (extended)" "$out" "period,closed_in_period,replies_due,replied_on_time,backlog,overdue
2026-10,2,2,1,1,0"

# --- usage errors: periods and metrics -----------------------------------------
for p in 2026-13 2026-Q5 2026-H3 2026-00 2026-+1 "2026- 1" " 2026" 2026-1; do
	run xf-report --period "$p"
	is "--period \"$p\": exit 2, said" "$rc $err" "2 xf-report: --period: \"$p\" is not a year, half, quarter or month (2026, 2026-H1, 2026-Q3, 2026-10)"
done
run xf-report --metrics received,bogus
is "an unknown metric: exit 2" "$rc" 2
like "... named" "$err" 'unknown metric "bogus"'
like "... and the accepted ones listed" "$err" "the metrics are all, or a list of:"
like "... the last of them too" "$err" "followup_share rank"
like "... and the comparisons" "$err" "NAME_yoy, NAME_pop"

# --- --history matters count exactly like those of the live pipeline ---------
# Accepted on 03-02 by xf-intake: day 60 is Fri 05-01, in the Labour Day
# holiday (05-01 to 05-05), so the deadline is Wed 05-06.  L1 replied on
# 05-06 (on time), resolved, satisfied; L2 (局长信箱, 6 persons) replied on
# 05-07 (late), basically satisfied, followed up; L3 open.
printf 'source_ref,received_at,channel,petitioner_name,content,persons\nL1,2026-03-01,visit,甲,事一,1\nL2,2026-03-02,局长信箱,乙,事二,6\nL3,2026-03-02,letter,丙,事三,1\n' >l.csv
LV="--db $T/l.db --config conf"
xf-intake $LV --as-of 2026-03-02 l.csv >/dev/null
printf 'case_id,unit,at\nXF-20260301-0001,S11,2026-03-05\nXF-20260302-0001,S11,2026-03-05\nXF-20260302-0002,D2,2026-03-05\n' >la.csv
xf-assign $LV --as-of 2026-03-05 la.csv >/dev/null
printf 'case_id,event,at,opinion,satisfaction\nXF-20260301-0001,reply,2026-05-06,explain,\nXF-20260302-0001,reply,2026-05-07,support,\nXF-20260301-0001,evaluate,2026-05-10,,满意\nXF-20260302-0001,evaluate,2026-05-10,,基本满意\nXF-20260301-0001,resolve,2026-05-12,,\n' >lu.csv
xf-update $LV --as-of 2026-05-12 lu.csv >/dev/null
printf 'case_id,event,at,text\nXF-20260302-0001,follow-up,2026-05-15,回访\n' >lf.csv
xf-update $LV --as-of 2026-05-15 lf.csv >/dev/null
cat >lh.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,persons,status,accepted_at,unit,replied_at,closed_at,resolved,satisfaction
L1,2026-03-01,visit,甲,事一,1,closed,2026-03-02,S11,2026-05-06,2026-05-06,1,满意
L2,2026-03-02,局长信箱,乙,事二,6,closed,2026-03-02,S11,2026-05-07,2026-05-07,,基本满意
L3,2026-03-02,letter,丙,事三,1,assigned,2026-03-02,D2,,,,
CSV
HV="--db $T/lh.db --config conf"
xf-intake $HV --history --as-of 2026-05-15 lh.csv >/dev/null
xf-update $HV --as-of 2026-05-15 lf.csv >/dev/null
M=received,received_persons,petitions,petitions_persons,accepted,closed,closure_rate,resolved,resolution_rate,replies_due,replied_on_time,on_time_rate,closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate,group_petitions,group_persons,backlog,overdue,reply_days_mean,reply_days_median,online,online_share,followed_up,followups,followup_share
for p in 2026-03 2026-Q2 2026-H1; do
	is "--history and live agree: $p" "$(xf-report $HV --as-of 2026-12-31 --period $p --by unit --metrics $M)" "$(xf-report $LV --as-of 2026-12-31 --period $p --by unit --metrics $M)"
done
run xf-report $HV --as-of 2026-12-31 --period 2026-H1 --metrics received,received_persons,group_petitions,group_persons,closed,closure_rate,resolution_rate,replies_due,replied_on_time,on_time_rate,evaluated,participation_rate,satisfied,satisfaction_rate,online,online_share,followup_share,backlog,overdue,reply_days_mean,reply_days_median
is "H1 by hand: 3 received (8 persons), 1 group of 6, 2 closed, L1 on time" "$out" "period,received,received_persons,group_petitions,group_persons,closed,closure_rate,resolution_rate,replies_due,replied_on_time,on_time_rate,evaluated,participation_rate,satisfied,satisfaction_rate,online,online_share,followup_share,backlog,overdue,reply_days_mean,reply_days_median
2026-H1,3,8,1,6,2,66.7,33.3,3,1,33.3,2,100.0,2,100.0,1,33.3,50.0,1,1,66.0,66.0"

# --- no leakage across years ---------------------------------------------------
# The 2026 matters alone, and with matters of 2023 to 2025 (each received
# and closed or forwarded within its year, two on 2025's last day):
# the 2026 figures are the same.
Y="source_ref,received_at,channel,petitioner_name,content,category,unit,status,accepted_at,replied_at,closed_at,resolved,satisfaction,persons,level_received"
awk -v h="$Y" 'BEGIN { print h
	for (i = 1; i <= 40; i++) {
		d = sprintf("2026-%02d-%02d", i % 12 + 1, i % 28 + 1)
		st = i % 5 == 0 ? "forwarded" : i % 3 == 0 ? "assigned" : "closed"
		acc = st == "forwarded" ? "" : d
		cl = st == "closed" ? sprintf("2026-%02d-28", i % 12 + 1) : ""
		printf "Y%d,%s,%s,甲%d,今年事%d,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s\n", i, d, i % 4 ? "visit" : "online", i, i, i % 2 ? "A" : "B", i % 3 ? "S11" : "D2", st, acc, cl, cl, i % 7 == 0 && cl != "" ? "yes" : "", cl != "" && i % 2 ? "满意" : "", i % 6 ? 1 : 7, i % 9 ? "" : "省厅" } }' >y26.csv
awk 'NR > 1 { sub(/^Y/, "O"); gsub(/2026-/, y "-"); print }' y=2025 y26.csv >o.csv
awk 'NR > 1 { sub(/^Y/, "P"); gsub(/2026-/, y "-"); print }' y=2024 y26.csv >>o.csv
awk 'NR > 1 { sub(/^Y/, "Q"); gsub(/2026-/, y "-"); print }' y=2023 y26.csv >>o.csv
printf '%s\nE1,2025-12-31,visit,末,年末事,A,S11,closed,2025-12-31,2025-12-31,2025-12-31,,,1,\nE2,2025-12-31,visit,末二,年末事二,A,S11,forwarded,,,,,,1,\n' "$Y" >>o.csv
xf-intake --db "$T/y1.db" --history --config conf --as-of 2026-12-31 y26.csv >/dev/null
cat y26.csv >all.csv
grep -v -e '^source_ref' -e ',assigned,' o.csv >>all.csv
xf-intake --db "$T/y4.db" --history --config conf --as-of 2026-12-31 all.csv >/dev/null
is "the store of many years has them all (40 + 3 x 29 + 2)" "$(sqlite3 "$T/y4.db" 'select count(*) from cases')" 129
M=received,received_persons,petitions,petitions_persons,accepted,forwarded,referred,not_accepted,closed,closure_rate,resolved,resolution_rate,replies_due,replied_on_time,on_time_rate,triages_due,triaged_on_time,timely_triage_rate,closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate,repeat_petitions,repeat_rate,group_petitions,group_persons,leapfrog,leapfrog_ministry,leapfrog_province,leapfrog_city,backlog,overdue,triage_days_mean,triage_days_median,reply_days_mean,reply_days_median,online,online_share,followed_up,rank
for p in 2026 2026-H1 2026-Q1 2026-01 2026-12; do
	is "2026 alone or among other years: $p" "$(xf-report --db "$T/y4.db" --config conf --as-of 2026-12-31 --period $p --by unit --metrics $M)" "$(xf-report --db "$T/y1.db" --config conf --as-of 2026-12-31 --period $p --by unit --metrics $M)"
done
run xf-report --db "$T/y4.db" --config conf --as-of 2026-12-31 --period 2026 --metrics received,received_yoy,received_pop,closure_rate,closure_rate_yoy,closure_rate_pop
is "2026 against 2025 (29 + E1, E2; 22 closed of 31, 71.0)" "$out" "period,received,received_yoy,received_pop,closure_rate,closure_rate_yoy,closure_rate_pop
2026,40,29.0,29.0,52.5,-18.5,-18.5"

# --- 同比 and 环比 across the year boundary, counted in the store by SQL -------
# cnt FROM TO: matters received from FROM to TO in the store of many years.
cnt() {
	sqlite3 "$T/y4.db" "select count(*) from cases where received_at between '$1' and '$2'"
}
# pct NOW THEN: (NOW - THEN) / THEN in percent, one decimal, half up;
# empty when THEN is 0.
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) { print ""; exit } t = (a - b) * 1000 / b; t = t < 0 ? -int(-t + 0.5) : int(t + 0.5); printf "%.1f\n", t / 10 }'
}
YD="--db $T/y4.db --config conf --as-of 2026-12-31"
for c in "2026-01 2026-01-01 2026-01-31 2025-12-01 2025-12-31 2025-01-01 2025-01-31" \
    "2026-Q1 2026-01-01 2026-03-31 2025-10-01 2025-12-31 2025-01-01 2025-03-31" \
    "2026-H1 2026-01-01 2026-06-30 2025-07-01 2025-12-31 2025-01-01 2025-06-30" \
    "2026 2026-01-01 2026-12-31 2025-01-01 2025-12-31 2025-01-01 2025-12-31" \
    "2025-H1 2025-01-01 2025-06-30 2024-07-01 2024-12-31 2024-01-01 2024-06-30"; do
	set -- $c
	now=$(cnt $2 $3) pop=$(cnt $4 $5) yoy=$(cnt $6 $7)
	is "$1: 环比 against $4..$5, 同比 against $6..$7 ($now, $pop, $yoy)" "$(xf-report $YD --period $1 --metrics received,received_pop,received_yoy | sed 1d)" "$1,$now,$(pct $now $pop),$(pct $now $yoy)"
done

# --- the roll-up, ranks, and the formats, with a unit named <&"|> -------------
mkdir c2
cat >c2/units.csv <<'CSV'
code,name,parent,level,leader,aliases
C,市局,,city,王局,
D1,"东城<&""|>分局",C,district,孙局,
S1,东华门派出所,D1,station,马所,
S2,景山派出所,D1,station,何所,
D2,西城分局,C,district,郭局,
CSV
# U7 has no unit, U8 one the tree does not know.
cat >u.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,category,unit,status,accepted_at,replied_at,closed_at
U1,2026-04-01,visit,甲,事一,a,S1,closed,2026-04-01,2026-04-20,2026-04-20
U2,2026-04-02,visit,乙,事二,b,S1,assigned,2026-04-02,,
U3,2026-04-03,visit,丙,事三,b,S2,closed,2026-04-03,2026-04-20,2026-04-20
U4,2026-04-04,visit,丁,事四,c,S2,assigned,2026-04-04,,
U5,2026-04-05,visit,戊,事五,c,D1,closed,2026-04-05,2026-04-21,2026-04-21
U6,2026-04-06,visit,己,事六,a,D2,closed,2026-04-06,2026-04-22,2026-04-22
U7,2026-04-07,visit,庚,事七,d,,assigned,2026-04-07,,
U8,2026-04-08,visit,辛,事八,a,火星所,closed,2026-04-08,2026-04-23,2026-04-23
CSV
xf-intake --db "$T/u.db" --history --config c2 --as-of 2026-12-31 u.csv >/dev/null 2>&1
UR="xf-report --db $T/u.db --config c2 --as-of 2026-12-31 --period 2026-04"
run $UR --by unit --metrics received,closed,closure_rate,rank
is "by unit: each matter once in each ancestor; no unit and unknown apart; the top ranks alone" "$out" 'period,unit_code,unit_name,received,closed,closure_rate,rank
2026-04,C,市局,6,4,66.7,1
2026-04,D1,"东城<&""|>分局",5,3,60.0,2
2026-04,S1,东华门派出所,2,1,50.0,1
2026-04,S2,景山派出所,2,1,50.0,1
2026-04,D2,西城分局,1,1,100.0,1
2026-04,火星所,火星所,1,1,100.0,1
2026-04,,(none),1,0,0.0,2'
is "without --by: every matter, known unit or not" "$($UR --metrics received,closed | sed 1d)" "2026-04,8,5"
run $UR --by unit --unit D1 --metrics received,closed,rank
is "--unit D1: its subtree, D1 at the top ranking alone" "$out" 'period,unit_code,unit_name,received,closed,rank
2026-04,D1,"东城<&""|>分局",5,3,1
2026-04,S1,东华门派出所,2,1,1
2026-04,S2,景山派出所,2,1,1'
run $UR --by category --metrics received,closure_rate,rank
is "ranks with ties: 1, 2, 2, 4" "$out" "period,category,received,closure_rate,rank
2026-04,a,3,100.0,1
2026-04,b,2,50.0,2
2026-04,c,2,50.0,2
2026-04,d,1,0.0,4"
run $UR --by unit --metrics received,closed,closure_rate,rank --format table
is "table: wide characters two columns, units indented, numbers right" "$out" 'period   unit_code  unit_name         received  closed  closure_rate  rank
2026-04  C          市局                     6       4          66.7     1
2026-04  D1           东城<&"|>分局          5       3          60.0     2
2026-04  S1             东华门派出所         2       1          50.0     1
2026-04  S2             景山派出所           2       1          50.0     1
2026-04  D2           西城分局               1       1         100.0     1
2026-04  火星所     火星所                   1       1         100.0     1
2026-04  (none)     (none)                   1       0           0.0     2'
run $UR --by unit --unit D1 --metrics received --format md
is "md: | escaped" "$out" '| period | unit_code | unit_name | received |
| --- | --- | --- | --: |
| 2026-04 | D1 | 东城<&"\|>分局 | 5 |
| 2026-04 | S1 | 东华门派出所 | 2 |
| 2026-04 | S2 | 景山派出所 | 2 |'
run $UR --by unit --metrics received,closure_rate --format html
printf '%s\n' "$out" >u.html
is "html: <&\" escaped in the table and the chart" "$(grep -c '东城&lt;&amp;&quot;|&gt;分局' u.html)" 2
is "html: no raw markup from the data" "$(grep -c '东城<' u.html)" 0
like "html: the chart counts closed of received" "$out" "60.0%  closed 3 of 5 received, 5 accepted"
sed -n '/<svg/,/<\/svg>/p' u.html >u.svg
ok "html: the SVG passes xmllint --noout" xmllint --noout u.svg

# --- group petitions: 5 persons by default, or --group-min as the import ---------
is "group petitions of 5 or more: L2's 6" "$(xf-report $HV --as-of 2026-12-31 --period 2026-03 --metrics group_petitions,group_persons | sed 1d)" "2026-03,1,6"
is "--group-min 7: none" "$(xf-report $HV --as-of 2026-12-31 --period 2026-03 --group-min 7 --metrics group_petitions,group_persons | sed 1d)" "2026-03,0,0"
is "--group-min 1: all three, 8 persons" "$(xf-report $HV --as-of 2026-12-31 --period 2026-03 --group-min 1 --metrics group_petitions,group_persons | sed 1d)" "2026-03,3,8"
run xf-report --group-min 0
is "--group-min 0: exit 2" "$rc" 2

# --- repeats: a new matter repeating a closed one, a petition joining it -------
# A1 received 10-01, triaged the same day, closed 10-10.  A2 (2 persons)
# repeats it after its close: a new matter, not a first petition, triaged
# the day after.  A3 joins A2 as a further petition.
printf 'name,pattern,category,disposition,level\nfraud,诈骗,telecom-fraud,accept,district\n' >cfg/rules.csv
printf 'source_ref,received_at,channel,petitioner_name,id_number,content,persons\nA1,2026-10-01,visit,张伟,11010519491231002X,被电信诈骗三万元，报案后一直没有进展，请求追回。,1\n' >ra.csv
printf 'source_ref,received_at,channel,petitioner_name,id_number,content,persons\nA2,2026-10-20,phone,张伟,11010519491231002X,我被电信诈骗三万元，报案后一直没有任何进展，再次请求追回！,2\nA3,2026-10-21,visit,张伟,11010519491231002X,我被电信诈骗三万元，报案后一直没有任何进展，再次请求追回！！,1\n' >rb.csv
RV="--db $T/rp.db --config cfg"
xf-intake $RV --as-of 2026-10-01 ra.csv >/dev/null
printf 'case_id,unit,at\nXF-20261001-0001,S11,2026-10-02\n' | xf-assign $RV --as-of 2026-10-02 >/dev/null
printf 'case_id,event,at,opinion\nXF-20261001-0001,reply,2026-10-10,explain\n' | xf-update $RV --as-of 2026-10-10 >/dev/null
xf-intake $RV --as-of 2026-10-21 rb.csv >/dev/null
is "A2 a new matter repeating A1, A3 joined it" "$(sqlite3 "$T/rp.db" "select source_ref||':'||first_petition from cases order by case_no; select source_ref from petitions" | tr '\n' ' ')" "A1:1 A2:0 A3 "
run xf-report $RV --as-of 2026-10-31 --period 2026-10 --metrics received,received_persons,petitions,petitions_persons,repeat_petitions,repeat_rate,triage_days_mean,first_triage_days_mean,reply_days_mean,first_reply_days_mean
is "2 matters (3 persons), 3 petitions (4 persons), 2 repeats; first petitions alone" "$out" "period,received,received_persons,petitions,petitions_persons,repeat_petitions,repeat_rate,triage_days_mean,first_triage_days_mean,reply_days_mean,first_reply_days_mean
2026-10,2,3,3,4,2,66.7,0.5,0.0,9.0,9.0"

# --- an as-of day before the period's end: what came after has not happened -----
run xf-report $EV --as-of 2026-10-08 --period 2026-10 --metrics closed_in_period,replies_due,replied_on_time,backlog,overdue
is "as of 10-08: E2 replied on its deadline day; E1 (extended) and E3 open, not yet overdue" "$out" "period,closed_in_period,replies_due,replied_on_time,backlog,overdue
2026-10,1,1,1,2,0"
run xf-report $EV --as-of 2026-10-20 --period 2026-10 --metrics closed_in_period,replies_due,replied_on_time,backlog,overdue
is "as of 10-20: E3 closed late on 10-09, E1 open" "$out" "period,closed_in_period,replies_due,replied_on_time,backlog,overdue
2026-10,2,2,1,1,0"

# A deadline on the period's last day: passed once that day is over.
printf 'source_ref,received_at,channel,petitioner_name,content,unit,status,accepted_at,deadline\nK1,2026-09-01,visit,甲,事,S11,assigned,2026-09-01,2026-10-31\n' >k.csv
xf-intake --db "$T/k.db" --history --config conf --as-of 2026-12-31 k.csv >/dev/null
is "deadline 10-31, open: October, as of the year's end: due, overdue" "$(xf-report --db "$T/k.db" --config conf --as-of 2026-12-31 --period 2026-10 --metrics backlog,overdue,replies_due,replied_on_time | sed 1d)" "2026-10,1,1,1,0"
is "... as of 10-31 itself: the day is not over" "$(xf-report --db "$T/k.db" --config conf --as-of 2026-10-31 --period 2026-10 --metrics backlog,overdue,replies_due,replied_on_time | sed 1d)" "2026-10,1,0,0,0"

# --- evaluations: 未评价 is no evaluation; one after the as-of day not yet ------
printf 'case_id,event,at,satisfaction\nXF-20260803-0001,evaluate,2026-10-20,满意\nXF-20260803-0002,evaluate,2026-10-20,未评价\nXF-20260801-0001,evaluate,2026-11-20,不满意\n' >ee.csv
xf-update $EV --as-of 2026-11-20 ee.csv >/dev/null
run xf-report $EV --as-of 2026-12-31 --period 2026-Q4 --metrics closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate
is "Q4: E2 satisfied, E1 dissatisfied, E3 not evaluated" "$out" "period,closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate
2026-Q4,3,2,66.7,1,50.0"
run xf-report $EV --as-of 2026-11-15 --period 2026-Q4 --metrics closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate
is "as of 11-15: E1 closed (11-09), its evaluation (11-20) not yet made" "$out" "period,closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate
2026-Q4,3,1,33.3,1,100.0"

done_testing
