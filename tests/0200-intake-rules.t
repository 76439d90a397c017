#!/bin/sh
# Classification rules and triage.
. "$(dirname "$0")/lib.sh"

mkdir cfg
cat >cfg/rules.csv <<'CSV'
name,field,pattern,category,disposition,target,reason,level
# comment rows start with #,,,,,,,
land,content,拆迁|征地,land,forward,自然资源局,,
court,content,判决|再审,litigation,refer,向人民法院申请再审,,
test,content,^测试$,test,not-accept,,测试数据,
fraud,content,诈骗,telecom-fraud,accept,,,district
addr,address,派出所,station-matter,accept,,,station
CSV
cat >in.csv <<'CSV'
source_ref,received_at,channel,petitioner_name,address,category,content
R1,2026-11-02,visit,甲,,,拆迁补偿不到位
R2,2026-11-02,letter,乙,,,对判决不服
R3,2026-11-02,online,丙,,,测试
R4,2026-11-02,phone,丁,,,被电信诈骗，拆迁款被骗走
R5,2026-11-02,phone,戊,,custom,被电信诈骗
R6,2026-11-02,phone,己,,,没有任何规则命中的内容
R7,2026-11-02,phone,庚,城关派出所旁,,门口有人占道
CSV
run xf-intake --config cfg --as-of 2026-11-24 in.csv
is "rules run: exit 0" "$rc" 0
is "forward with its organ" "$(q "select category||','||status||','||disposition||','||disposition_target from cases where source_ref='R1'")" "land,forwarded,forward,自然资源局"
is "refer with the legal channel" "$(q "select category||','||status||','||disposition_target from cases where source_ref='R2'")" "litigation,referred,向人民法院申请再审"
is "not accepted with the reason" "$(q "select status||','||disposition_reason from cases where source_ref='R3'")" "not-accepted,测试数据"
is "first matching rule wins" "$(q "select category from cases where source_ref='R4'")" "land"
is "explicit category wins over the rules" "$(q "select category||','||disposition from cases where source_ref='R5'")" "custom,accept"
is "no rule: accepted, no category" "$(q "select coalesce(category,'NULL')||','||status from cases where source_ref='R6'")" "NULL,accepted"
is "a rule can look at another column" "$(q "select category from cases where source_ref='R7'")" "station-matter"
is "rule name recorded" "$(q "select rule from cases where source_ref='R1'")" "land"
# Triage deadline: 15 days from the day after receipt; 2026-11-02 + 15 is
# Tue 2026-11-17.  Received 2026-09-20 (+15 = Mon 10-05, National Day)
# ends on the next working day, Thu 2026-10-08.
is "triage deadline in the output" "$(printf '%s\n' "$out" | awk -F, '$2=="R1"{print $11}')" "2026-11-17"
printf 'source_ref,received_at,channel,petitioner_name,content\nH1,2026-09-20,visit,辛,被电信诈骗\n' >h.csv
run xf-intake --config cfg --as-of 2026-11-24 h.csv
is "triage deadline skips the National Day holiday" "$(q "select triage_deadline from cases where source_ref='H1'")" "2026-10-08"
# A holidays.csv in the config directory replaces the built-in year:
# here a National Day that runs to 10-08.
{ echo date,kind; for d in 01 02 03 04 05 06 07 08; do echo "2026-10-$d,休息"; done; } >cfg/holidays.csv
printf 'source_ref,received_at,channel,petitioner_name,content\nH2,2026-09-20,visit,壬,被电信诈骗\n' >h2.csv
run xf-intake --config cfg --as-of 2026-11-24 h2.csv
is "configured calendar is used" "$(q "select triage_deadline from cases where source_ref='H2'")" "2026-10-09"
rm cfg/holidays.csv

# A broken pattern: FILE:LINE:COLUMN and nothing runs.
mkdir bad
printf 'name,pattern,category\nok,abc,x\nbroken,"(诈骗|骗",y\n' >bad/rules.csv
n0=$(q "select count(*) from cases")
run xf-intake --config bad --as-of 2026-11-24 in.csv
is "broken pattern: exit 2" "$rc" 2
like "broken pattern: file, line and column" "$err" "bad/rules.csv:3:6: missing closing parenthesis"
is "broken pattern: nothing registered" "$(q "select count(*) from cases")" "$n0"
printf 'name,pattern,disposition\nx,abc,maybe\n' >bad/rules.csv
run xf-intake --config bad --as-of 2026-11-24 in.csv
is "unknown disposition: exit 2" "$rc" 2
like "unknown disposition named, with the accepted ones" "$err" 'bad/rules.csv:2: disposition: unknown disposition "maybe" (accepted: accept (受理), forward (转送), refer (告知), not-accept (不予受理))'

# Patterns of the shapes that backtrack exponentially are refused when the
# rules are read: FILE:LINE:COLUMN, exit 2, nothing registered.
mkdir shape
printf 'name,pattern,category\nok,诈骗,x\nbomb,(a+)+$,y\n' >shape/rules.csv
run xf-intake --config shape --as-of 2026-11-24 in.csv
is "nested repeat: exit 2" "$rc" 2
like "nested repeat: file, line, column of the outer repeat" "$err" "shape/rules.csv:3:5: a group repeated without bound that holds only repeats"
is "nested repeat: nothing registered" "$(q "select count(*) from cases")" "$n0"
printf 'name,pattern,category\ndots,.*.*=.*,y\n' >shape/rules.csv
run xf-intake --config shape --as-of 2026-11-24 in.csv
is "adjacent .*: exit 2" "$rc" 2
like "adjacent .*: file, line, column" "$err" 'shape/rules.csv:2:3: an unbounded repeat of "." right after another'

# Catastrophic backtracking the load check does not see: the run finishes,
# the row gets a clear reason, the next rows are classified.  The big rows
# hold 1 MiB less a little (a field may hold 1 MiB); the rules see their
# first 16 KiB: B5's fraud comes too late, B7's 退款 ends 2 bytes past the
# cut, B8's just before it.
mkdir bomb
printf 'name,pattern,category\nbomb,(a|aa)+$,x\nrefund,.*退款.*,refund\nfraud,诈骗,telecom-fraud\n' >bomb/rules.csv
big() {		# big STRING BYTES: STRING repeated to BYTES bytes
	awk -v u="$1" -v m="$2" 'BEGIN { s = u
		while (length(s) * 2 <= m) s = s s
		printf "%s", s substr(s, 1, m - length(s)) }'
}
{
	echo 'source_ref,received_at,channel,petitioner_name,content'
	echo "B1,2026-11-03,visit,癸,$(big a 40)b"
	echo 'B2,2026-11-03,visit,子,被电信诈骗'
	echo "B3,2026-11-03,visit,丑,$(big a 1040000)b"
	echo "B4,2026-11-03,visit,寅,要求退款$(big 我们 1039998)"
	echo "B5,2026-11-03,visit,卯,$(big 我们 1039998)被诈骗"
	echo "B6,2026-11-03,visit,辰,被电信诈骗$(big 我们 1039998)"
	echo "B7,2026-11-03,visit,巳,$(big 我们 16380)退款$(big 我们 30000)"
	echo "B8,2026-11-03,visit,午,$(big 我们 16374)退款$(big 我们 30000)"
} >bomb.csv
run xf-intake --config bomb --as-of 2026-11-24 --rejects rej.csv bomb.csv
is "regex bomb: exit 1 (rows rejected)" "$rc" 1
like "regex bomb: clear message naming the rule" "$err" "bomb.csv:2: content: rule bomb gave up on this text (match limit exceeded); simplify the pattern"
like "regex bomb on a 1 MiB row: the same message" "$err" "bomb.csv:4: content: rule bomb gave up on this text (match limit exceeded); simplify the pattern"
is "regex bomb: other rows still registered" "$(q "select category from cases where source_ref='B2'")" "telecom-fraud"
is "regex bomb: the rows after the big one classified" "$(q "select group_concat(source_ref||'='||coalesce(category,'-'), ' ') from (select * from cases where source_ref in ('B4','B5','B6','B7','B8') order by source_ref)")" "B4=refund B5=- B6=telecom-fraud B7=- B8=refund"
like "regex bomb: row in rejects" "$(cat rej.csv)" "rule bomb gave up"
is "regex bomb: two rows rejected" "$(grep -c 'rule bomb gave up' rej.csv)" 2

# The example rules file loads and classifies the common matters.
run xf-intake --config "$XF_TOP/examples" --as-of 2026-11-24 --db ex.db "$XF_TOP/examples/petitions.csv"
is "example rules: exit 0" "$rc" 0
is "example rules: categories" "$(sqlite3 ex.db "select group_concat(category, ' ') from (select distinct category from cases order by category)")" "case-progress household-registration labour land law-enforcement litigation public-order telecom-fraud traffic"
done_testing
