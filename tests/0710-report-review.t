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

done_testing
