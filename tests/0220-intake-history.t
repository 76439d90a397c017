#!/bin/sh
# --history: importing old cases with their states and dates.
. "$(dirname "$0")/lib.sh"

cat >h.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,category,unit,leader,officer,status,accepted_at,deadline,replied_at,closed_at,outcome,resolved,satisfaction,review_requested_at
H1,2024-03-05,visit,钱进,噪音扰民,public-order,朝阳分局,李局长,王警官,closed,2024-03-06,,2024-04-20,2024-04-20,解释,yes,满意,
H2,2026-08-03,letter,孙丽,事故认定不服,traffic,交警支队,赵支队长,刘警官,assigned,2026-08-04,,,,,,,
H3,2024-06-10,online,周明,案件无进展,case-progress,海淀分局,陈局长,张警官,已办结,2024-06-12,2024-08-11,2024-08-01,2024-08-01,不予支持,否,不满意,
H4,2024-05-01,visit,甲,事项四,x,u,l,o,closed,2024-05-02,,2024-05-20,2024-04-30,,,,
H5,2024-05-01,visit,乙,事项五,x,u,l,o,closed,2024-05-02,,,2024-05-20,,,,
H6,2024-05-01,visit,丙,事项六,x,u,l,o,closed,2024-05-02,,2024-05-20,,,,,
H7,2024-05-01,visit,丁,事项七,x,u,l,o,whatever,2024-05-02,,,,,,,
H8,2024-05-01,visit,戊,事项八,x,u,l,o,review,2024-05-02,,2024-05-20,2024-05-20,,,,2024-06-01
H9,2024-05-01,visit,己,事项九,x,u,l,o,assigned,2024-05-02,,,,,yes,,
CSV
run xf-intake --history --as-of 2026-11-24 --rejects rej.csv h.csv
is "history with bad rows: exit 1" "$rc" 1
is "good rows imported" "$(q "select group_concat(source_ref) from (select source_ref from cases order by source_ref)")" "H1,H2,H3,H8"
like "closed before received: rejected" "$err" "h.csv:5: closed_at: closed_at 2024-04-30 is before received_at 2024-05-01"
like "closed with no reply date: rejected" "$err" "h.csv:6: replied_at: closed on 2024-05-20 with no reply date"
like "status closed without closed_at: rejected" "$err" "h.csv:7: closed_at: status closed needs closed_at"
like "unknown status: rejected" "$err" 'h.csv:8: status: unknown status "whatever"'
like "resolved but open: rejected" "$err" "h.csv:10: resolved: resolved but not closed"
is "rejects file has the rows" "$(awk -F, 'NR>1{print $1}' rej.csv | tr '\n' ' ')" "H4 H5 H6 H7 H9 "

is "original dates kept" "$(q "select received_at||','||accepted_at||','||replied_at||','||closed_at from cases where source_ref='H1'")" "2024-03-05,2024-03-06,2024-04-20,2024-04-20"
is "people and outcome kept" "$(q "select unit||','||leader||','||officer||','||outcome||','||resolved||','||satisfaction from cases where source_ref='H1'")" "朝阳分局,李局长,王警官,解释,1,satisfied"
is "Chinese status and words normalised" "$(q "select status||','||resolved||','||satisfaction from cases where source_ref='H3'")" "closed,0,dissatisfied"
is "marked as imported" "$(q "select min(imported) from cases")" 1
is "import as-of day kept with the run, so past deadlines stay quiet" "$(q "select group_concat(distinct substr(r.as_of, 1, 10)) from cases c join runs r using (run_id)")" "2026-11-24"
is "events keep the original dates" "$(q "select group_concat(kind||'@'||at, ' ') from (select kind, at from case_events where case_id=(select case_id from cases where source_ref='H1') order by seq)")" "register@2024-03-05 accept@2024-03-06 reply@2024-04-20"
is "a reply on the closing day is one event that closes" "$(q "select field||','||new_value from case_events where case_id=(select case_id from cases where source_ref='H1') and kind='reply'")" "status,closed"
is "events marked as imported" "$(q "select min(imported) from events")" 1
is "case id from the original date" "$(q "select case_id from cases where source_ref='H1'")" "XF-20240305-0001"
# The statutory deadline is filled in: accepted 2026-08-04, day 60 is
# Sat 2026-10-03 in the National Day holiday, so it is Thu 2026-10-08.
is "missing deadline: 60 days on the working-day calendar" "$(q "select deadline from cases where source_ref='H2'")" "2026-10-08"
is "given deadline kept" "$(q "select deadline from cases where source_ref='H3'")" "2024-08-11"
is "review state kept" "$(q "select status||','||review_requested_at from cases where source_ref='H8'")" "review,2024-06-01"

# Fix the rejected rows and re-run: exactly those rows are added.
n=$(q "select count(*) from cases")
sed -e 's/2024-04-30/2024-05-21/' -e 's/H5,2024-05-01,visit,乙,事项五,x,u,l,o,closed,2024-05-02,,,/H5,2024-05-01,visit,乙,事项五,x,u,l,o,closed,2024-05-02,,2024-05-20,/' \
    -e 's/H6,\(.*\),2024-05-20,,/H6,\1,2024-05-20,2024-05-20,/' -e 's/whatever/accepted/' \
    -e 's/H9,\(.*\),assigned,/H9,\1,accepted,/' -e 's/,yes,,,10,/,,,,10,/' rej.csv >fixed.csv
run xf-intake --history --as-of 2026-11-24 --rejects rej2.csv fixed.csv
is "fixed re-run: exit 0" "$rc" 0
is "fixed re-run: no rejects" "$err" ""
is "fixed re-run adds exactly the fixed rows" "$(q "select count(*) from cases")" "$((n + 5))"
is "line and reason columns not kept as data" "$(q "select count(*) from cases where extra is not null")" 0
run xf-intake --history --as-of 2026-11-24 h.csv
is "running the whole file again adds nothing" "$(q "select count(*) from cases")" "$((n + 5))"

# Without a status column --history refuses the file.
printf 'received_at,channel,petitioner_name,content\n2024-01-01,visit,甲,事项\n' >nostatus.csv
run xf-intake --history --as-of 2026-11-24 nostatus.csv
is "history without status column: exit 3" "$rc" 3
like "history without status column: message" "$err" "nostatus.csv:1: --history needs a status column"

# With a unit tree, stored unit names resolve to units (by name or alias);
# an import lists the names nothing resolves, never drops them.
export XF_DB="$T/units.db"
printf 'source_ref,received_at,channel,petitioner_name,content,unit,status\nU1,2024-03-05,visit,甲,事项一,朝阳分局,registered\nU2,2024-03-06,visit,乙,事项二, 朝阳区公安分局 ,registered\nU3,2024-03-07,visit,丙,事项三,火星分局,registered\nU4,2024-03-08,visit,丁,事项四,火星分局,registered\n' >u.csv
run xf-intake --history --as-of 2026-11-24 --config "$XF_TOP/examples" u.csv
is "with units.csv: exit 0" "$rc" 0
is "unit names resolved to codes, by name and by alias" \
    "$(q "select source_ref||'='||ifnull(unit_code,'?') from cases order by 1" | tr '\n' ' ')" "U1=110105 U2=110105 U3=? U4=? "
is "the unit text kept as given" "$(q "select unit from cases where source_ref='U3'")" 火星分局
like "what does not resolve is listed, with its count" "$err" 'unit "火星分局" (2 cases) is not in units.csv'
is "... once" "$(printf '%s\n' "$err" | grep -c 火星分局)" 1
done_testing
