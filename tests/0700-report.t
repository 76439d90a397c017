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

done_testing
