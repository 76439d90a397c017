#!/bin/sh
# The round trip: a store that exercises every metric of xf-report (new
# petitions with repeats, groups and leapfrogs, triage early and late,
# assignment and an extension, replies on time and late, resolution,
# evaluations, review and re-review with outcomes, termination,
# follow-ups, a repeat of a closed matter, old cases), exported with
# --unmask and imported into an empty store with --history, gives the
# same report, whole and by every grouping, and the same export; a
# second import changes nothing.  Then the checks of the columns the
# round trip brought in.
. "$(dirname "$0")/lib.sh"

mkdir conf
for f in units.csv holidays.csv rules.csv values.csv; do
	cp "$XF_TOP/examples/$f" conf/
done
export XF_CONFIG="$T/conf"

# --- the store ------------------------------------------------------------
# P2 is forwarded (a group of 6), P4 referred, P3 a leapfrog to the
# province; P9 waited 37 days for its triage.
cat >p1.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,id_number,phone,persons,content,level_received
P1,2026-03-01,visit,张三,11010519491231002X,,1,报案三个月没有进展，请求尽快破案。,district
P2,2026-03-01,visit,李四,,13900000001,6,工地拖欠工资半年，请求帮助讨薪。,district
P3,2026-03-02,online,王五,,13900000002,1,被电信诈骗两万元，请求追回损失。,province
P4,2026-03-02,letter,赵六,370102196512120524,,1,法院判决生效两年仍未执行，请求协助。,city
P5,2026-03-03,phone,孙七,,13900000003,1,邻居夜间噪音扰民，多次报警未解决。,station
P6,2026-03-05,letter,周八,,13900000004,1,民警态度粗暴，执法不公，请求调查。,district
P7,2026-03-06,online,吴九,,13900000005,1,孩子落户手续办理三个月仍未办好。,station
P9,2026-02-01,"letter",冯十,,13900000006,1,"户口迁移的手续, 至今""没有""办好",station
,2026-03-07,letter,陈十一,,13900000007,1,民警不作为，报警后无人处理。,district
EOF
run xf-intake --as-of 2026-03-10 p1.csv
is "new petitions: exit 0" "$rc:$err" "0:"
# Further petitions on open matters: one a leapfrog, one a group, one
# without a source_ref (known again by its fingerprint, as its matter).
cat >p2.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,id_number,phone,persons,content,level_received
R1,2026-03-25,letter,张三,11010519491231002X,,1,报案三个月没有进展，再次请求尽快破案。,province
R2,2026-03-26,visit,王五,,13900000002,5,被电信诈骗两万元，请求尽快追回损失。,district
,2026-03-20,phone,陈十一,,13900000007,1,民警不作为，报警后一直无人处理。,district
EOF
run xf-intake --as-of 2026-03-26 p2.csv
is "further petitions join their matters" \
    "$(printf '%s\n' "$out" | cut -d, -f4 | sed 1d | tr '\n' ' ')" \
    "repeat repeat repeat "
P1=XF-20260301-0001 P3=XF-20260302-0001 P5=XF-20260303-0001
P6=XF-20260305-0001 P7=XF-20260306-0001 P9=XF-20260201-0001
cat >as.csv <<EOF
case_id,unit,leader,officer,at
$P1,朝阳分局刑警大队,王振国,刘警官,2026-03-11
$P3,望京派出所,李局长,陈警官,2026-03-11
$P5,三里屯派出所,李局长,赵警官,2026-03-11
$P6,东城分局,张局长,孙警官,2026-03-12
$P7,东四派出所,张局长,钱警官,2026-03-12
$P9,景山派出所,张局长,钱警官,2026-03-12
EOF
run xf-assign --as-of 2026-03-12 as.csv
is "assigned: exit 0" "$rc:$err" "0:"
printf 'case_id,at,approver,reason\n%s,2026-04-20,张局长,需调取外地证据\n' \
    "$P6" >ext.csv
run xf-assign --extend 30 --as-of 2026-04-20 ext.csv
is "extended: exit 0" "$rc:$err" "0:"
cat >up.csv <<EOF
case_id,event,at,opinion,outcome,satisfaction,text,suggestion
$P5,reply,2026-04-10,support,,,已处理并责令整改。,
$P5,evaluate,2026-04-15,,,满意,,
$P5,resolve,2026-04-20,,,,息诉罢访。,
$P5,follow-up,2026-05-01,,,,回访称已无噪音。,
$P5,follow-up,2026-05-20,,,,再次回访。,
$P1,reply,2026-04-25,explain,,,已立案侦查，告知进展。,
$P1,review-request,2026-05-10,,,,申请复查。,
$P1,review-opinion,2026-06-05,,maintain,,维持原处理意见。,
$P1,rereview-request,2026-06-20,,,,申请复核。,
$P1,rereview-opinion,2026-07-10,,maintain,,维持。,
$P1,terminate,2026-07-20,,,,终结。,
$P3,reply,2026-05-30,explain,,,资金追缴仍在进行。,
$P3,evaluate,2026-06-05,,,不满意,,
$P6,reply,2026-06-01,not-support,,,经调查民警执法规范，不予支持。,
$P6,evaluate,2026-06-03,,,基本满意,,
$P6,follow-up,2026-06-10,,,,回访。,
EOF
run xf-update --as-of 2026-07-20 up.csv
is "updates: exit 0" "$rc:$err" "0:"
# A repeat of a closed matter opens a new one (not a first petition).
printf 'source_ref,received_at,channel,petitioner_name,phone,content,level_received\nP8,2026-07-01,phone,孙七,13900000003,邻居夜间噪音扰民又起，多次报警未解决。,city\n' >p3.csv
run xf-intake --as-of 2026-07-02 p3.csv
is "a repeat of a closed matter: a new matter that repeats it" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4,16,17)" "registered,0,$P5"
cat >h.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,phone,content,category,unit,leader,officer,status,accepted_at,replied_at,closed_at,outcome,resolved,satisfaction,review_requested_at
H1,2026-02-20,letter,郑一,13900000011,反映治安问题,public-order,东城分局,,,registered,,,,,,,
H2,2025-04-10,visit,郑二,13900000012,报案后没有进展,case-progress,朝阳分局,李局长,王警官,closed,2025-04-11,2025-05-20,2025-05-20,解释,yes,满意,
H3,2026-01-10,online,郑三,13900000013,电信诈骗被骗,telecom-fraud,西城分局,,,review,2026-01-11,2026-02-20,2026-02-20,不予支持,,,2026-03-01
EOF
run xf-intake --history --as-of 2026-03-05 h.csv
is "old cases: exit 0" "$rc:$err" "0:"

# Every metric has something to count (else the comparison proves little).
R="--as-of 2027-02-28 --period 2026"
xf-report $R >ra.csv
zero=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
    { for (i = 1; i <= NF; i++) if ($i == "0" || $i == "0.0" || $i == "")
	printf "%s ", h[i] }' ra.csv)
is "the store exercises every metric (all but ministry leapfrogs)" \
    "$zero" "not_accepted leapfrog_ministry "

# --- the trip ---------------------------------------------------------------
run xf-export --unmask
is "export: exit 0" "$rc:$err" "0:"
printf '%s\n' "$out" >e.csv
run xf-intake --db b.db --history --as-of 2027-02-28 e.csv
is "import into an empty store: exit 0" "$rc:$err" "0:"
is "each matter registered, each further petition joined" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | sort | uniq -c |
    tr '\n' ' ' | tr -s ' ')" " 13 registered 3 repeat "
for by in "" "--by unit" "--by month" "--by unit --by month" \
    "--by quarter" "--by category" "--by channel" "--by leader" \
    "--by unit-level"; do
	xf-report $R $by >ra.csv
	xf-report --db b.db $R $by >rb.csv
	ok "the same report ${by:-of the whole period}" cmp -s ra.csv rb.csv
	[ -s ra.csv ] || echo "# empty report $by"
done
xf-report --as-of 2027-02-28 --period 2025 >ra.csv
xf-report --db b.db --as-of 2027-02-28 --period 2025 >rb.csv
ok "the same report of the year before" cmp -s ra.csv rb.csv
xf-report --as-of 2026-05-15 --period 2026-Q2 >ra.csv
xf-report --db b.db --as-of 2026-05-15 --period 2026-Q2 >rb.csv
ok "the same report as of a day in the middle (later dates ignored)" \
    cmp -s ra.csv rb.csv
# The case numbers match too: the export is in case order and an empty
# store numbers each day's matters from 1 in the order they come.
xf-export --db b.db --unmask >e2.csv
ok "the new store exports the same file, case ids and all" cmp -s e.csv e2.csv
C="case_no, source_ref, received_at, channel, petitioner_name, anonymous, id_number, phone, address, person_key, persons, content, category, unit, level_received, problem_level, supervision, supervision_deadline, status, disposition, disposition_target, disposition_reason, rule, triaged_at, triage_deadline, is_group, is_leapfrog, leapfrog_level, first_petition, repeat_of, petition_count, persons_total, last_petition_at, leader, officer, accepted_at, deadline, extended_deadline, replied_at, closed_at, outcome, resolved, satisfaction, review_requested_at, review_decided_at, rereview_requested_at, rereview_decided_at, terminated_at, unit_code, extended_at, resolved_at, evaluated_at, review_outcome, rereview_outcome, followups, followed_up_at"
is "every column of every case is as it was (but extra, imported, runs)" \
    "$(q "attach 'b.db' as n; select count(*) from (select $C from main.cases except select $C from n.cases) union all select count(*) from (select $C from n.cases except select $C from main.cases)" | tr '\n' ' ')" "0 0 "
P="case_no, source_ref, received_at, channel, persons, level_received, is_leapfrog, content"
is "every further petition is as it was" \
    "$(q "attach 'b.db' as n; select count(*) from (select $P from main.petitions except select $P from n.petitions) union all select count(*) from n.petitions" | tr '\n' ' ')" "0 3 "
n_ev=$(sqlite3 b.db "select count(*) from events")
run xf-intake --db b.db --history --as-of 2027-02-28 e.csv
is "a second import: exit 0, every row already there" \
    "$rc:$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | sort | uniq -c |
    tr -s ' ')" "0: 16 duplicate"
is "... and it wrote nothing" \
    "$(sqlite3 b.db "select count(*) from cases; select count(*) from petitions; select count(*) from events" | tr '\n' ' ')" \
    "13 3 $n_ev "
xf-export --db b.db --unmask >e3.csv
ok "... and the export is still the same" cmp -s e.csv e3.csv

# --- further petitions in the export ------------------------------------------
is "a further petition follows its matter, with petition_of" \
    "$(grep -A 1 "^$P1," e.csv | cut -d, -f1-4,10,14,18,46- | sed -n 2p)" \
    "$P1,R1,2026-03-25,letter,1,province,,province,$P1"
is "a matter that repeats a closed one says which" \
    "$(grep '^XF-20260701-0001,' e.csv | cut -d, -f45)" "$P5"
like "what the lifecycle recorded comes out" "$(grep "^$P5," e.csv)" \
    ",accept,,,2026-03-10,,2026-04-20,2026-04-15,,,2,2026-05-20,,,"
like "... review outcomes, a termination" "$(grep "^$P1," e.csv)" \
    ",2026-07-20,accept,,,2026-03-10,,,,maintain,maintain,0,,,,"
like "... a triage's organ" "$(grep '^XF-20260301-0002,' e.csv)" \
    ",forwarded,,,,,,,,,,,,,,,,forward,人力资源和社会保障局,,2026-03-10,"

# A further petition whose matter is not earlier in the input is refused;
# the file in order is fine.
head -n 1 e.csv >split.csv
grep ",$P3$" e.csv >>split.csv
run xf-intake --db s.db --history --as-of 2027-02-28 split.csv
is "a further petition before its matter: exit 3, rejected" "$rc" 3
like "... and why" "$err" "petition_of: matter $P3 is not earlier in the input"

# --- the checks of the columns the round trip brought -------------------------
H="source_ref,received_at,channel,petitioner_name,content,status,accepted_at,replied_at,closed_at,extended_deadline"
bad() {	# bad DESC COLUMNS VALUES MESSAGE
	printf '%s,%s\nX,2026-03-01,letter,某,事项,%s\n' "$H" "$2" "$3" >bad.csv
	run xf-intake --db bad.db --history --as-of 2026-12-31 bad.csv
	like "$1" "$rc:$err" "$4"
}
bad "triaged_at after the as-of date" triaged_at \
    "accepted,2026-03-02,,,,2027-01-01" \
    '3:xf-intake: bad.csv:2: triaged_at: date "2027-01-01" is after the as-of date 2026-12-31'
bad "triaged_at before receipt" triaged_at "accepted,2026-03-02,,,,2026-02-01" \
    "triaged_at: triaged_at 2026-02-01 is before received_at 2026-03-01"
bad "a disposition the status does not imply" disposition \
    "accepted,2026-03-02,,,,forward" "disposition: disposition forward but status accepted"
bad "a disposition not in the vocabulary" disposition \
    "accepted,2026-03-02,,,,maybe" 'disposition: unknown disposition "maybe"'
bad "a triage date on a matter not triaged" triaged_at \
    "registered,,,,,2026-03-02" "triaged on 2026-03-02 but status registered"
bad "an organ on an accepted matter" disposition_target \
    "accepted,2026-03-02,,,,法院" "a target or reason, but status accepted"
bad "extended_at with no extended deadline" extended_at \
    "accepted,2026-03-02,,,,2026-04-01" "extended on 2026-04-01 with no extended_deadline"
bad "resolved_at of a matter not resolved" resolved_at \
    "closed,2026-03-02,2026-04-01,2026-04-01,,2026-04-02" "a resolution date, but resolved is not yes"
bad "evaluated_at with no satisfaction" evaluated_at \
    "closed,2026-03-02,2026-04-01,2026-04-01,,2026-04-02" "an evaluation date, but no satisfaction"
bad "an unknown review outcome" review_outcome \
    "closed,2026-03-02,2026-04-01,2026-04-01,,perhaps" 'unknown outcome "perhaps"'
bad "a review outcome with no decision" review_outcome \
    "closed,2026-03-02,2026-04-01,2026-04-01,,维持" "a review outcome with no review_decided_at"
bad "follow-ups not a number" followups \
    "closed,2026-03-02,2026-04-01,2026-04-01,,two" '"two" is not a whole number of at least 0'
bad "follow-ups with no date" followups \
    "closed,2026-03-02,2026-04-01,2026-04-01,,2" "2 follow-ups with no followed_up_at"
bad "a follow-up before the reply" followed_up_at \
    "closed,2026-03-02,2026-04-01,2026-04-01,,2026-03-20" "followed_up_at 2026-03-20 is before replied_at 2026-04-01"
bad "repeat_of not a case id" repeat_of \
    "accepted,2026-03-02,,,,OLD-7" '"OLD-7" is not a case id'
bad "a leapfrog level that is not the level received" leapfrog_level \
    "accepted,2026-03-02,,,,province" "a leapfrog to province, but level_received is empty"
bad "a further petition with a status of its own" petition_of \
    "accepted,,,,,XF-20260301-0001" "a further petition (petition_of XF-20260301-0001) records nothing of its own in status"
printf '%s,review_requested_at,review_decided_at,review_outcome,disposition\nX,2026-03-01,letter,某,事项,closed,2026-03-02,2026-04-01,2026-04-01,,2026-04-05,2026-04-20,UPHELD,受理\n' \
    "$H" >map.csv
run xf-intake --db map.db --history --as-of 2026-12-31 --value review_outcome:upheld=维持 map.csv
is "another system's words for the outcomes and the triage: a word map" \
    "$rc:$err:$(sqlite3 map.db "select review_outcome, disposition from cases")" \
    "0::maintain|accept"
printf '%s,review_outcome,followups,followed_up_at,resolved,resolved_at\nX,2026-03-01,letter,某,事项,closed,2026-03-02,2026-04-01,2026-04-01,,,,2026-05-01,是,2026-04-20\n' \
    "$H" >good.csv
run xf-intake --db good.db --history --as-of 2026-12-31 good.csv
is "a follow-up date alone counts one follow-up" "$rc:$err:$(sqlite3 good.db "select followups, followed_up_at, resolved, resolved_at from cases")" \
    "0::1|2026-05-01|1|2026-04-20"

done_testing
