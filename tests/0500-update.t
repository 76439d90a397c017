#!/bin/sh
# xf-update: the lifecycle after assignment as a state machine: every step
# allowed and refused (with its reason), the time windows on the
# working-day calendar, --force, late steps, events, re-runs, --dry-run
# and the rejects file.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-30"

# Matters accepted at triage on Tue 2026-08-04: status accepted, handling
# deadline Thu 2026-10-08 (day 60 falls in the National Day holiday).
cat >p.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content
A,2026-08-03,visit,甲一,事项A
B,2026-08-03,visit,甲二,事项B
C,2026-08-03,visit,甲三,事项C
D,2026-08-03,visit,甲四,事项D
E,2026-08-03,visit,甲五,事项E
F,2026-08-03,visit,甲六,事项F
G,2026-08-03,visit,甲七,事项G
S,2026-08-03,visit,甲八,事项S
EOF
run xf-intake --as-of 2026-08-04 p.csv
is "cases made: exit 0" "$rc" 0
is "accepted at triage, with the handling deadline" \
    "$(q "select group_concat(status||' '||deadline, ',') from (select distinct status, deadline from cases)")" \
    "accepted 2026-10-08"
id() {
	q "select case_id from cases where source_ref='$1'"
}
A=$(id A) B=$(id B) C=$(id C) D=$(id D) E=$(id E) F=$(id F) G=$(id G)
S=$(id S)

# Old cases in later states.
cat >h.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content,status,accepted_at,replied_at,closed_at,outcome,review_requested_at,review_decided_at
HF,2026-05-01,letter,乙一,事项HF,forwarded,,,,,,
HC,2026-05-01,letter,乙二,事项HC,closed,2026-05-02,2026-06-01,2026-06-01,不予支持,,
HR,2026-05-01,letter,乙三,事项HR,review,2026-05-02,2026-06-01,2026-06-01,解释,2026-06-20,
HD,2026-05-01,letter,乙四,事项HD,closed,2026-05-02,2026-06-01,2026-06-01,解释,2026-06-20,2026-07-01
HL,2026-05-01,letter,乙五,事项HL,review,2026-05-02,2026-06-01,2026-06-01,解释,2026-06-20,
HX,2026-05-01,letter,乙六,事项HX,closed,2026-05-02,2026-06-01,2026-06-01,解释,2026-06-20,2026-07-01
EOF
run xf-intake --history --as-of 2026-08-04 h.csv
is "old cases imported: exit 0" "$rc" 0
HF=$(id HF) HC=$(id HC) HR=$(id HR) HD=$(id HD) HL=$(id HL) HX=$(id HX)

col() {	# col CASE COLUMN
	q "select $2 from cases where case_id='$1'"
}
# row LINE: the output row of input line LINE, from $out.
row() {
	printf '%s\n' "$out" | awk -F, -v l="$1" 'NR > 1 && $2 == l'
}
# field NAME LINE: one column of it.
field() {
	printf '%s\n' "$out" | awk -F, -v n="$1" -v l="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $2 == l { print $c[n] }'
}
msg() {
	printf '%s\n' "$err" | grep "^xf-update: $1:$2: " | sed "s/^xf-update: $1:$2: //"
}

# --- the header --------------------------------------------------------------
printf 'case_id,event,at\n' >empty.csv
run xf-update $ASOF empty.csv
is "output header" "$out" "case_id,line,event,result,status,at,due,deadline,replied_at,review_requested_at,review_decided_at,rereview_requested_at,rereview_decided_at,terminated_at,resolved_at,satisfaction,followups"
printf 'case_id,at\n%s,2026-09-01\n' "$A" >noevent.csv
run xf-update $ASOF noevent.csv
is "no event column: exit 3" "$rc" 3
like "no event column: message" "$err" "noevent.csv:1: no event column (or an alias of it)"

# --- replies ----------------------------------------------------------------
cat >r.csv <<EOF
case_id,event,at,opinion,text
$A,reply,2026-08-10,explain,已书面答复，解释了案件进展
$B,reply,2026-08-10 15:30,support,支持
$C,reply,2026-09-04,not-support,不予支持
$D,reply,2026-09-04,不予支持,
$E,reply,2026-10-09,explain,逾期答复
$F,reply,2026-10-08,explain,期限最后一天答复
$HF,reply,2026-08-10,explain,
$HC,reply,2026-08-10,explain,
$HC,reply,2026-06-01,support,
$G,reply,2026-08-10,,
$G,reply,2026-08-10,maybe,
$G,reply,2026-08-01,explain,
$G,reply,2026-12-01,explain,
XF-20260803-9999,reply,2026-08-10,explain,
XF-2026-1,reply,2026-08-10,explain,
EOF
run xf-update $ASOF --actor 王警官 --rejects rej.csv r.csv
is "replies with refusals: exit 1" "$rc" 1
is "a reply closes the matter" "$(row 2)" \
    "$A,2,reply,changed,closed,2026-08-10,2026-10-08,2026-10-08,2026-08-10,,,,,,,,0"
is "a reply's time is kept" "$(col "$B" "replied_at||'|'||closed_at||'|'||outcome")" \
    "2026-08-10 15:30:00|2026-08-10 15:30:00|support"
is "Chinese opinion read" "$(col "$D" outcome)" "not-support"
is "a reply after the deadline is late" "$(field result 6),$(field due 6)" "late,2026-10-08"
is "... and closes the matter all the same" "$(col "$E" status)" closed
is "a reply on the deadline is not late" "$(field result 7)" changed
is "reply to a forwarded matter" "$(msg r.csv 8)" \
    "event: a reply to a matter never accepted (status forwarded)"
is "a second reply" "$(msg r.csv 9)" \
    "event: already replied on 2026-06-01 (status closed)"
is "another opinion the same day" "$(msg r.csv 10)" \
    "event: already replied on 2026-06-01 with opinion not-support"
is "reply without opinion" "$(msg r.csv 11)" \
    "opinion: empty: a reply needs opinion (support (支持), explain (解释), not-support (不支持))"
is "unknown opinion" "$(msg r.csv 12)" \
    'opinion: unknown opinion "maybe" (accepted: support (支持), explain (解释), not-support (不支持))'
is "reply before the acceptance" "$(msg r.csv 13)" \
    "at: 2026-08-01 is before the acceptance on 2026-08-04"
is "reply after --as-of" "$(msg r.csv 14)" \
    'at: "2026-12-01" is after the as-of date 2026-11-30'
is "no such case" "$(msg r.csv 15)" "case_id: no case XF-20260803-9999 in the store"
is "malformed case id" "$(msg r.csv 16)" \
    'case_id: malformed case id "XF-2026-1" (XF-YYYYMMDD-NNNN or XF-YYYYMMDD-A12345; see xf-db(5))'
is "refused rows changed nothing" \
    "$(q "select count(*) from events e join runs r using (run_id) where r.tool='xf-update' and e.case_no in (select case_no from cases where source_ref in ('HF','HC','G'))")" 0
is "the rejects file: the rows and their lines" \
    "$(sqlite3 :memory: ".import --csv rej.csv r" "select case_id||','||line from r" | tr '\n' ' ')" \
    "$HF,8 $HC,9 $HC,10 $G,11 $G,12 $G,13 $G,14 XF-20260803-9999,15 XF-2026-1,16 "
like "... with the reason" "$(sed -n 2p rej.csv)" \
    ",8,event: a reply to a matter never accepted (status forwarded)"
is "rejects header" "$(head -n 1 rej.csv)" "case_id,event,at,opinion,text,line,reason"

# The events of a reply: one per changed column, with the actor and note.
is "reply events" "$(q "select group_concat(kind||'|'||field||'|'||ifnull(old_value,'')||'|'||new_value||'|'||actor||'|'||tool||'|'||note, ' / ') from (select * from case_events where case_id='$A' and kind='reply' order by seq)")" \
    "reply|replied_at||2026-08-10|王警官|xf-update|已书面答复，解释了案件进展 / reply|outcome||explain|王警官|xf-update|已书面答复，解释了案件进展 / reply|closed_at||2026-08-10|王警官|xf-update|已书面答复，解释了案件进展 / reply|status|accepted|closed|王警官|xf-update|已书面答复，解释了案件进展"
is "the case's updated_at is stamped" "$(col "$A" "updated_at is not null")" 1

printf 'case_id,event,at,opinion\n%s,reply,2026-06-01,not-support\n' "$HC" >hc.csv
run xf-update $ASOF hc.csv
is "an imported reply given again (its opinion imported as 不予支持): unchanged" \
    "$rc:$(field result 2)" "0:unchanged"

# Running the replies again: the applied rows are unchanged.
n=$(q "select count(*) from events")
run xf-update $ASOF r.csv
is "re-run: still exit 1 for the refused rows" "$rc" 1
is "re-run: the applied rows are unchanged" \
    "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $2 ":" $4 }' | tr '\n' ' ')" \
    "2:unchanged 3:unchanged 4:unchanged 5:unchanged 6:unchanged 7:unchanged "
is "re-run: no new events" "$(q "select count(*) from events")" "$n"

# --- review windows ------------------------------------------------------------
# A replied Mon 2026-08-10: day 30 is Wed 2026-09-09, a working day.
# C replied Fri 2026-09-04: day 30 is Sun 2026-10-04, in the National Day
# holiday, so the window ends on the next working day, Thu 2026-10-08.
cat >w.csv <<EOF
case_id,event,at
$A,review-request,2026-09-09
$B,review-request,2026-09-10
$C,review-request,2026-10-08
$D,review-request,2026-10-09
$G,review-request,2026-10-09
EOF
run xf-update $ASOF w.csv
is "windows: exit 1" "$rc" 1
is "day 30: accepted" "$(row 2)" \
    "$A,2,review-request,changed,review,2026-09-09,2026-09-09,2026-10-08,2026-08-10,2026-09-09,,,,,,,0"
is "day 31: refused" "$(msg w.csv 3)" \
    "at: review requested 31 days after the reply; the limit is 30"
is "day 34, the window moved past the holiday: accepted" "$(field result 4),$(field due 4)" \
    "changed,2026-10-08"
is "day 35: refused, naming the moved end" "$(msg w.csv 5)" \
    "at: review requested 35 days after the reply; the limit is 30 (to 2026-10-08, the next working day)"
is "review request before any reply" "$(msg w.csv 6)" \
    "event: a review request before any reply (status accepted)"
is "refused request left the case closed" "$(col "$B" "status||'|'||ifnull(review_requested_at,'')")" "closed|"

# --force: the window, never the order of the steps.
run xf-update $ASOF --force w.csv
is "--force: exit 1 (the order still refused)" "$rc" 1
is "--force: past the window, forced" "$(field result 3),$(field status 3)" "forced,review"
is "--force: the order of the steps is not forced" "$(msg w.csv 6)" \
    "event: a review request before any reply (status accepted)"
is "--force is recorded on the events' note" \
    "$(q "select group_concat(field||': '||note, ' / ') from (select * from case_events where case_id='$B' and kind='review-request' order by seq)")" \
    "review_requested_at: --force: review requested 31 days after the reply; the limit is 30 / status: --force: review requested 31 days after the reply; the limit is 30"
run xf-update $ASOF --force w.csv
is "--force re-run: the forced row is unchanged" "$(field result 3)" unchanged
run xf-update $ASOF w.csv
is "without --force, a forced request already recorded is unchanged" "$(field result 3)" unchanged

# --- every other step, allowed and refused ------------------------------------
cat >s.csv <<EOF
case_id,event,at,outcome,satisfaction,text,suggestion
$G,resolve,2026-09-01,,,,
$G,evaluate,2026-09-01,,满意,,
$G,follow-up,2026-09-01,,,电话回访,
$G,review-opinion,2026-09-01,maintain,,,
$G,terminate,2026-09-01,,,,
$HF,resolve,2026-08-01,,,,
$HC,review-opinion,2026-08-01,maintain,,,
$HC,rereview-request,2026-08-01,,,,
$HR,rereview-request,2026-07-01,,,,
$HR,terminate,2026-07-01,,,,
$HR,review-request,2026-07-01,,,,
$HR,review-opinion,2026-07-15,redo,,复查认为原答复事实不清，撤销重办,
$HL,review-opinion,2026-07-21,maintain,,,
$HD,review-request,2026-07-05,,,,
$HD,rereview-request,2026-07-31,,,,
$HD,rereview-opinion,2026-08-20,maintain,,,
$HD,terminate,2026-08-25,,,,
$HX,rereview-request,2026-07-02,,,,
$HX,rereview-opinion,2026-07-20,change,,,
$HX,terminate,2026-07-25,,,,
$HC,resolve,2026-07-10,,,,
$HC,resolve,2026-07-11,,,,
$HC,evaluate,2026-07-10,,basically-satisfied,,
$HC,evaluate,2026-07-01,,satisfied,,
$HC,evaluate,2026-07-12,,dissatisfied,,
$HC,follow-up,2026-07-10,,,说对结果满意,多回访
$HC,follow-up,2026-07-10,,,说对结果满意,多回访
$HC,follow-up,2026-07-20,,,再次回访无新诉求,
$HC,follow-up,2026-05-20,,,答复前回访,
$HC,follow-up,2026-07-21,,,,
$HC,note,2026-07-22,,,当事人来电询问,
$HC,note,2026-07-22,,,当事人来电询问,
$HF,note,2026-07-22,,,转送后当事人来电,
$HC,evaluate,2026-07-23,,,,
$HC,rereview-opinion,2026-07-23,maintain,,,
$HD,rereview-request,2026-08-26,,,,
EOF
run xf-update $ASOF s.csv
is "steps: exit 1" "$rc" 1
is "resolve before any reply" "$(msg s.csv 2)" "event: a resolution before any reply (status accepted)"
is "evaluate before any reply" "$(msg s.csv 3)" "event: an evaluation before any reply (status accepted)"
is "follow-up before any reply" "$(msg s.csv 4)" "event: a follow-up before any reply (status accepted)"
is "review opinion before any reply" "$(msg s.csv 5)" \
    "event: a review opinion before any reply (status accepted)"
is "terminate before anything" "$(msg s.csv 6)" "event: a termination before any reply (status accepted)"
is "resolve a matter never accepted" "$(msg s.csv 7)" \
    "event: a resolution of a matter never accepted (status forwarded)"
is "review opinion on a closed matter with no request" "$(msg s.csv 8)" \
    "event: a review opinion with no review request (status closed)"
is "re-review before a review" "$(msg s.csv 9)" \
    "event: a re-review before a review (status closed)"
is "re-review before the review opinion" "$(msg s.csv 10)" \
    "event: a re-review before the review opinion (under review since 2026-06-20)"
is "terminate under review" "$(msg s.csv 11)" \
    "event: a termination before a re-review opinion (status review)"
is "review request under review" "$(msg s.csv 12)" \
    "event: already under review since 2026-06-20"
is "redo: back to assigned" "$(row 13)" \
    "$HR,13,review-opinion,changed,assigned,2026-07-15,2026-07-20,2026-09-14,2026-06-01,2026-06-20,2026-07-15,,,,,,0"
is "redo: a new handling deadline from the decision day (Sun 09-13 moves to Mon 09-14), closed_at cleared" \
    "$(col "$HR" "status||'|'||deadline||'|'||ifnull(closed_at,'')||'|'||review_outcome")" \
    "assigned|2026-09-14||redo"
is "a review opinion after 30 days is late" "$(field result 14),$(field due 14),$(field status 14)" \
    "late,2026-07-20,closed"
is "a second review request" "$(msg s.csv 15)" \
    "event: a second review request: the review requested on 2026-06-20 was decided on 2026-07-01; a re-review is next"
is "re-review request after the review opinion" "$(field result 16),$(field status 16),$(field due 16)" \
    "changed,re-review,2026-07-31"
is "re-review opinion" "$(field result 17),$(field status 17)" "changed,closed"
is "terminate after an upheld re-review" "$(row 18)" \
    "$HD,18,terminate,changed,terminated,2026-08-25,,2026-07-01,2026-06-01,2026-06-20,2026-07-01,2026-07-31,2026-08-20,2026-08-25,,,0"
is "terminate after a re-review that changed the matter" "$(msg s.csv 21)" \
    "event: a termination after a re-review that did not uphold (outcome change on 2026-07-20); only maintain ends in termination"
is "resolve" "$(col "$HC" "resolved||'|'||resolved_at")" "1|2026-07-10"
is "resolve again on another day" "$(msg s.csv 23)" "event: already resolved on 2026-07-10"
is "an earlier evaluation cannot replace a later one" "$(msg s.csv 25)" \
    "at: 2026-07-01 is before the evaluation of 2026-07-10, which it would replace"
is "a later evaluation replaces it" "$(col "$HC" "satisfaction||'|'||evaluated_at")" "dissatisfied|2026-07-12"
is "evaluation events keep both" \
    "$(q "select group_concat(ifnull(old_value,'')||'>'||new_value, ' ') from (select * from case_events where case_id='$HC' and kind='evaluate' and field='satisfaction' order by seq)")" \
    ">basically-satisfied basically-satisfied>dissatisfied"
is "follow-up" "$(field result 27),$(field followups 27)" "changed,1"
is "the same follow-up twice is unchanged" "$(field result 28),$(field followups 28)" "unchanged,1"
is "another follow-up counts" "$(col "$HC" "followups||'|'||followed_up_at")" "2|2026-07-20"
is "follow-up note keeps the suggestion" \
    "$(q "select distinct note from case_events where case_id='$HC' and kind='follow-up' and at='2026-07-10'")" \
    "说对结果满意; suggestion: 多回访"
is "follow-up before the reply" "$(msg s.csv 30)" "at: 2026-05-20 is before the reply on 2026-06-01"
is "follow-up without text" "$(msg s.csv 31)" "text: empty: a follow-up needs its text"
is "note, then the same note" "$(field result 32),$(field result 33)" "changed,unchanged"
is "a note on any case" "$(field result 34),$(field status 34)" "changed,forwarded"
is "a note is one event with no column" \
    "$(q "select count(*)||'|'||ifnull(max(field),'')||'|'||max(note) from case_events where case_id='$HF' and kind='note'")" \
    "1||转送后当事人来电"
is "evaluate without satisfaction" "$(msg s.csv 35)" \
    "satisfaction: empty: an evaluation needs satisfaction (satisfied (满意), basically-satisfied (基本满意), dissatisfied (不满意))"
is "re-review opinion with no request" "$(msg s.csv 36)" \
    "event: a re-review opinion with no re-review request (status closed)"
is "terminated: a further request is refused" "$(msg s.csv 37)" \
    "event: a re-review request for a matter that is not closed (status terminated)"

# Not evaluated: an event, no column.
printf 'case_id,event,at,满意度\n%s,evaluate,2026-10-20,未评价\n%s,evaluate,2026-10-20,未评价\n' "$F" "$F" >ne.csv
run xf-update $ASOF ne.csv
is "not evaluated: exit 0" "$rc" 0
is "not evaluated: recorded once" "$(field result 2),$(field result 3)" "changed,unchanged"
is "not evaluated: no satisfaction, no evaluated_at" "$(col "$F" "ifnull(satisfaction,'-')||ifnull(evaluated_at,'-')")" "--"
is "not evaluated: the event says so" "$(q "select note from case_events where case_id='$F' and kind='evaluate'")" "not-evaluated"

# --- Chinese headers and words --------------------------------------------------
cat >zh.csv <<EOF
案件编号,事件,日期,复查意见,内容
$HR,答复,2026-08-01,,重办后答复
$A,复查意见,2026-09-20,维持,
$A,申请复核,2026-09-25,,
$A,复核意见,2026-10-09,维持,
$A,终结,2026-10-12,,
$A,回访,2026-10-15,,已息诉
$A,化解,2026-10-15,,
$A,飞鸽,2026-10-15,,
$A,终结,2026-10-20,,
EOF
run xf-update $ASOF zh.csv
is "Chinese: exit 1" "$rc" 1
is "Chinese: the reply needs its opinion" "$(msg zh.csv 2)" \
    "opinion: empty: a reply needs opinion (support (支持), explain (解释), not-support (不支持))"
is "Chinese: the steps" "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $3 ":" $4 ":" $5 }' | tr '\n' ' ')" \
    "review-opinion:changed:closed rereview-request:changed:re-review rereview-opinion:changed:closed terminate:changed:terminated follow-up:changed:terminated resolve:changed:terminated "
is "terminated already" "$(msg zh.csv 10)" "事件: already terminated on 2026-10-12"
like "an unknown event lists the accepted ones" "$(msg zh.csv 9)" \
    '事件: unknown event "飞鸽" (accepted: reply (答复), resolve (化解), evaluate (评价), review-request (申请复查), review-opinion (复查意见), rereview-request (申请复核), rereview-opinion (复核意见), terminate (终结), follow-up (回访), note (备注))'

# --- a whole sequence, with a redo, run again ------------------------------------
cat >seq.csv <<EOF
case_id,event,at,opinion,outcome,text
$S,reply,2026-08-10,not-support,,不予支持
$S,review-request,2026-08-20,,,
$S,review-opinion,2026-08-25,,redo,撤销重办
$S,reply,2026-09-01,support,,重办后支持
$S,rereview-request,2026-09-10,,,
$S,rereview-opinion,2026-09-20,,maintain,
$S,terminate,2026-09-25,,,
$S,resolve,2026-09-26,,,
EOF
run xf-update $ASOF seq.csv
is "sequence: exit 0" "$rc" 0
is "sequence: each step" "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $4 ":" $5 }' | tr '\n' ' ')" \
    "changed:closed changed:review changed:assigned changed:closed changed:re-review changed:closed changed:terminated changed:terminated "
is "re-review window counted from the new reply after a redo" "$(field due 6)" "2026-10-08"
n=$(q "select count(*) from events")
u=$(q "select count(*) from cases where updated_at is not null")
run xf-update $ASOF seq.csv
is "sequence again: exit 0" "$rc" 0
is "sequence again: every row unchanged" "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $4 }' | sort -u)" unchanged
is "sequence again: nothing written" "$(q "select count(*) from events")" "$n"
is "sequence again: stderr quiet" "$err" ""

# --- --dry-run ------------------------------------------------------------------
printf 'case_id,event,at,satisfaction\n%s,evaluate,2026-11-01,satisfied\n' "$C" >dry.csv
before="$(q "select count(*) from events")|$(col "$C" "ifnull(satisfaction,'')")"
run xf-update $ASOF --dry-run dry.csv
is "dry run: exit 0" "$rc" 0
is "dry run: reports the change" "$(field result 2),$(field satisfaction 2)" "changed,satisfied"
is "dry run: nothing stored" "$(q "select count(*) from events")|$(col "$C" "ifnull(satisfaction,'')")" "$before"
is "dry run: no run recorded" "$(q "select count(*) from runs where argv like '%--dry-run%'")" 0

# --- stdin, the exit rule, a rejects file read back ---------------------------------
printf 'case_id,event,at\n%s,resolve,2026-08-01\n' "$HF" | xf-update $ASOF >/dev/null 2>&1
is "only refused rows: exit 3" "$?" 3
run xf-update $ASOF --rejects rej2.csv rej.csv
is "rejects read back: still refused" "$rc" 3
is "rejects read back: no doubled line and reason" "$(head -n 1 rej2.csv)" \
    "case_id,event,at,opinion,text,line,reason"
printf 'case_id,event,at,opinion\n%s,reply,2026-10-01,explain\n' "$G" | xf-update $ASOF >/dev/null
is "stdin: exit 0" "$?" 0
is "stdin: applied" "$(col "$G" status)" closed

# --- the example data -------------------------------------------------------------
ex=$XF_TOP/examples
xf-intake --db ex.db --config "$ex" --as-of 2026-11-24 "$ex/petitions.csv" >/dev/null
xf-intake --db ex.db --config "$ex" --as-of 2026-11-24 --history "$ex/history.csv" >/dev/null
run xf-update --db ex.db --config "$ex" --as-of 2027-02-10 "$ex/updates.csv"
is "examples/updates.csv: exit 0" "$rc" 0
is "examples/updates.csv: results" "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $4 }' | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" \
    "changed=10 late=1 "
run xf-update --db ex.db --config "$ex" --as-of 2027-02-10 "$ex/updates.csv"
is "examples/updates.csv again: all unchanged, exit 0" "$rc:$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $4 }' | sort -u)" "0:unchanged"

# --- bad configuration and options ---------------------------------------------
run xf-update --as-of 2026-13-01 empty.csv
is "bad --as-of: exit 2" "$rc" 2
run xf-update --nope
is "bad option: exit 2" "$rc" 2
like "bad option: usage" "$err" "usage: xf-update"
done_testing
