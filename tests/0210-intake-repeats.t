#!/bin/sh
# Repeat petitions (同人 + 同事), group and leapfrog petitions, supervision.
. "$(dirname "$0")/lib.sh"

mkdir cfg
printf 'name,pattern,category,disposition,level\nfraud,诈骗,telecom-fraud,accept,district\nnoise,噪音,public-order,accept,station\n' >cfg/rules.csv
cat >a.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
A1,2026-10-01,visit,张伟,11010519491231002X,,被电信诈骗三万元，报案后一直没有进展，请求追回。,1
A2,2026-10-02,letter,李娜,,13812345678,楼下商铺噪音扰民，多次反映无人处理。,1
CSV
run xf-intake --config cfg --as-of 2026-11-24 a.csv
is "first petitions registered" "$(q "select group_concat(first_petition) from cases")" "1,1"

cat >b.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
B1,2026-10-20,phone,张伟,11010519491231002x,,我被电信诈骗三万元，报案后一直没有任何进展，再次请求追回！,1
B2,2026-10-21,online,李 娜,,138-1234-5678,楼下商铺噪音扰民，多次反映仍无人处理。,2
B3,2026-10-22,visit,张伟,11010519491231002X,,被电信诈骗的另一件事：网购退款被冒充客服骗走两千元,1
B4,2026-10-23,visit,王强,,13900001111,被电信诈骗三万元，报案后一直没有进展，请求追回。,1
CSV
run xf-intake --config cfg --as-of 2026-11-24 b.csv
is "repeats: exit 0" "$rc" 0
a1=$(q "select case_id from cases where source_ref='A1'")
a2=$(q "select case_id from cases where source_ref='A2'")
is "same ID, same category, similar text joins the open matter" "$(printf '%s\n' "$out" | awk -F, '$2=="B1"{print $1","$4}')" "$a1,repeat"
is "name (blanks ignored) + phone identify the person" "$(printf '%s\n' "$out" | awk -F, '$2=="B2"{print $1","$4}')" "$a2,repeat"
is "a repeat is not a new matter" "$(q "select count(*) from cases")" 4
is "the matter's petition count goes up" "$(q "select petition_count from cases where case_id='$a1'")" 2
is "persons are added up on the matter" "$(q "select persons_total from cases where case_id='$a2'")" 3
is "a petition event is recorded on the matter" "$(q "select count(*) from case_events where case_id='$a1' and kind='petition'")" 1
is "the further petition is kept" "$(q "select p.source_ref from petitions p join cases c using (case_no) where c.case_id='$a1'")" "B1"
is "same person, different matter: new case" "$(q "select first_petition from cases where source_ref='B3'")" 1
is "different person, same text: new case" "$(q "select first_petition from cases where source_ref='B4'")" 1

# Re-running the repeats adds nothing.
run xf-intake --config cfg --as-of 2026-11-24 b.csv
is "re-run of repeats: all duplicates" "$(printf '%s\n' "$out" | awk -F, 'NR>1{print $4}' | sort -u)" "duplicate"
is "re-run of repeats: count unchanged" "$(q "select petition_count from cases where case_id='$a1'")" 2

# A repeat of a terminated matter is not re-accepted; of a closed one it is
# a new matter that is not a first petition.
q "update cases set status='terminated' where case_id='$a1'; update cases set status='closed' where case_id='$a2'"
cat >c.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
C1,2026-11-02,visit,张伟,11010519491231002X,,被电信诈骗三万元，报案后一直没有进展，请求追回。,1
C2,2026-11-03,visit,李娜,,13812345678,楼下商铺噪音扰民，多次反映无人处理。,1
CSV
run xf-intake --config cfg --as-of 2026-11-24 c.csv
is "repeat of a terminated matter: not re-accepted" "$(q "select status||','||first_petition||','||repeat_of from cases where source_ref='C1'")" "not-reaccepted,0,$a1"
is "output says not-reaccepted" "$(printf '%s\n' "$out" | awk -F, '$2=="C1"{print $4}')" "not-reaccepted"
is "repeat of a closed matter: new matter, not a first petition" "$(q "select status||','||first_petition||','||repeat_of from cases where source_ref='C2'")" "accepted,0,$a2"

# Outside the window the same petition is a first petition again.
cat >d.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
D1,2024-01-05,visit,赵敏,370102196512120524,,邻居噪音扰民多年，请求处理。,1
D2,2026-01-06,visit,赵敏,370102196512120524,,邻居噪音扰民多年，请求处理！,1
CSV
run xf-intake --config cfg --as-of 2026-11-24 d.csv
is "outside the 365-day window: first petition" "$(q "select first_petition from cases where source_ref='D2'")" 1

# Group petitions: 5 or more persons by default; leapfrog: received more
# than one level above where the problem belongs.
cat >g.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,content,persons,level_received,problem_level,supervision,supervision_deadline
G1,2026-11-04,visit,刘洋,工地欠款引发聚集,4,district,,,
G2,2026-11-04,visit,陈静,工地欠款引发聚集讨要,5,city,,,
G3,2026-11-04,visit,杨军,被电信诈骗请求立案,1,province,,,
G4,2026-11-04,visit,吴刚,楼下噪音,1,city,,,
G5,2026-11-04,visit,周杰,被电信诈骗请求立案二,1,ministry,district,ministry,2026-12-04
G6,2026-11-04,visit,郑丽,普通事项,1,city,station,,
CSV
run xf-intake --config cfg --as-of 2026-11-24 g.csv
is "4 persons: not a group" "$(q "select is_group from cases where source_ref='G1'")" 0
is "5 persons: a group" "$(q "select is_group||','||persons from cases where source_ref='G2'")" "1,5"
is "province for a district matter: leapfrog" "$(q "select is_leapfrog||','||leapfrog_level from cases where source_ref='G3'")" "1,province"
is "city for a station matter (rule level): leapfrog" "$(q "select is_leapfrog from cases where source_ref='G4'")" 1
is "city for a district matter: not leapfrog" "$(q "select is_leapfrog from cases where source_ref='G2'")" 0
is "problem_level column wins" "$(q "select is_leapfrog from cases where source_ref='G6'")" 1
is "supervision level and deadline kept" "$(q "select supervision||','||supervision_deadline from cases where source_ref='G5'")" "ministry,2026-12-04"
printf 'source_ref,received_at,channel,petitioner_name,content,supervision\nS1,2026-11-04,visit,甲,事项,district\n' >s.csv
run xf-intake --config cfg --as-of 2026-11-24 s.csv
is "supervision below city rejected (the only row: exit 3)" "$rc" 3
like "supervision message" "$err" 'supervision: "district" is not ministry, province or city'

# The window runs from the matter's latest petition, so a matter petitioned
# every few months stays one matter even after a year.
cat >l.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,content
L1,2025-01-10,visit,卯,510104197803220027,报案后案件一直没有进展，请求尽快破案。
L2,2025-09-01,visit,卯,510104197803220027,报案后案件一直没有任何进展，请求尽快破案！
L3,2026-06-01,visit,卯,510104197803220027,报案后案件至今没有进展，请求尽快破案。
CSV
run xf-intake --config cfg --as-of 2026-11-24 l.csv
l1=$(q "select case_id from cases where source_ref='L1'")
is "window counts from the latest petition" "$(printf '%s\n' "$out" | awk -F, '$2=="L3"{print $1","$4}')" "$l1,repeat"
is "three petitions on one matter" "$(q "select petition_count||','||last_petition_at from cases where case_id='$l1'")" "3,2026-06-01"

# Both thresholds are configurable.
printf 'source_ref,received_at,channel,petitioner_name,content,persons\nT1,2026-11-05,visit,丑,工地欠款引发聚集,3\n' >t.csv
run xf-intake --config cfg --group-min 3 --as-of 2026-11-24 t.csv
is "--group-min 3: 3 persons are a group" "$(q "select is_group from cases where source_ref='T1'")" 1
cat >w.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,content
W1,2026-01-05,visit,寅,440106199001012318,邻居噪音扰民多年，请求处理。
W2,2026-03-06,visit,寅,440106199001012318,邻居噪音扰民多年，请求处理！
CSV
run xf-intake --config cfg --repeat-days 30 --as-of 2026-11-24 w.csv
is "--repeat-days 30: 60 days later is a first petition" "$(q "select first_petition from cases where source_ref='W2'")" 1
run xf-intake --repeat-days x w.csv
is "--repeat-days x: usage error" "$rc" 2
# Within one file, the cases written so far in a batch are seen by the
# lookups of the rows after them: new cases are held back and written
# several to an INSERT, so a repeat, a duplicate source_ref and a copy
# without source_ref in the same file must still find them.
XF_DB=$PWD/one.db	# a store of its own
cat >s.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,id_number,phone,content,persons
S1,2026-10-01,visit,赵敏,110105198001010016,,被电信诈骗五万元，报案后一直没有进展，请求追回。,1
S2,2026-10-02,visit,钱勇,,13700001111,楼下烧烤店噪音扰民，多次反映无人处理。,1
S3,2026-10-03,phone,赵敏,110105198001010016,,被电信诈骗五万元，报案后一直没有任何进展，再次请求追回！,1
S2,2026-10-04,visit,钱勇,,13700001111,楼下烧烤店噪音扰民，多次反映无人处理。,1
,2026-10-05,letter,孙丽,,13600002222,小区门口违章停车堵路，请求处理。,1
,2026-10-05,letter,孙丽,,13600002222,小区门口违章停车堵路，请求处理。,1
CSV
run xf-intake --config cfg --as-of 2026-11-24 s.csv
is "one file: repeat, duplicate source_ref, duplicate copy" \
    "$(printf '%s\n' "$out" | awk -F, 'NR>1{printf "%s ", $4}')" \
    "registered registered repeat duplicate registered duplicate "
s1=$(q "select case_id from cases where source_ref='S1'")
is "one file: the repeat joins the case of its file" \
    "$(printf '%s\n' "$out" | awk -F, '$2=="S3"{print $1}')" "$s1"
is "one file: three cases, one further petition" \
    "$(q "select (select count(*) from cases) || ',' || (select count(*) from petitions)")" "3,1"
is "one file: each case has its register event, the matter its petition" \
    "$(q "select group_concat(kind, ' ') from (select kind from events order by case_no, seq)")" \
    "register petition register register"
done_testing
