#!/bin/sh
# bench-report.sh: time xf-report against the same figures computed by
# hand-written SQL in the sqlite3 shell, on the same store in the same run
# (PRODUCT.md, "How good it must be"; issue 10, item 6).  Run by
# "make bench" after tests/bench.sh.
#
#	BENCH_REPORT_CASES=N	cases of the large store (default 1000000)
#	BENCH_RUNS=N		runs of each measure; the least counts (default 3)
#	BENCH_KEEP=DIR		keep the two stores in DIR (made when missing,
#				reused when there: big-N.db and small-N.db, N
#				the cases of each), to time again without
#				making them again
#
# The stores are made by SQL into stores xf-intake created (generation is
# not timed): cases received at the same rate, N/3650 a day (274, about
# 100,000 a year, for a million), the large store over ten years up to
# 2026-12-31, the small one (N/10 cases) over its last year; most closed within 50 days, one in ten
# forwarded, the last two months' partly open, spread over 50 stations of
# 10 districts of one city bureau.  Measured:
#
#   yearly	xf-report --period 2026 --by unit (the metrics the SQL computes)
#		against that SQL, on the large store: target 1.2 or less;
#   monthly	xf-report --period 2026-10 --by unit (every metric and 环比,
#		not 同比: the small store holds one year, so it lacks
#		2025-10) on the large store against the small one: target
#		1.05 or less (indexes that match the period: the size of the
#		store must not matter; see below for the 0.05); and, for
#		information, the default report (with 同比) on both.
#
# The two stores of a monthly measure are run in turn, BENCH_RUNS times
# each, which first alternating, so that load from elsewhere on a shared
# machine falls on both alike; the least wall time and the least CPU
# time (user + system) of each are printed.  Beside them, the
# instructions of one run on each store: by perf stat, or by valgrind's
# callgrind where perf cannot count them (a virtual machine); they do
# not vary from run to run.  The monthly target is checked on the
# instructions, else on the CPU time, else on the wall time: on a busy
# two-core machine the least of a few 0.1 s runs still moves by a tenth
# either way (0.68 to 1.10 between runs of the same code, wall time, in
# blocks), so a ratio of times can neither pass nor fail with a margin;
# the instructions say exactly how much more work the large store makes.
# The target is 1.05, not 1.0: each matter read is found by a B-tree
# search (the index, then the table by rowid), whose binary search in
# each page takes a few more steps in a store ten times larger (1 to 2
# per cent more instructions, the log of the size, not the size); work
# that grew with the store itself would show at 1.05 once it was half a
# per cent of the small store's.
#
# Exit status: 0, or 1 if a tool failed.  A missed target prints ABOVE
# TARGET.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
n=${BENCH_REPORT_CASES:-1000000}
runs=${BENCH_RUNS:-3}
asof=2027-01-31
rate=$((n / 3650 > 0 ? n / 3650 : 1))
export LC_ALL=C TZ=UTC
unset XF_DB XF_CONFIG

case $n in
''|*[!0-9]*|0) echo "bench-report: BENCH_REPORT_CASES must be a positive number" >&2; exit 2 ;;
esac
for f in xf-intake xf-report; do
	[ -x "$top/$f" ] || { echo "bench-report: $top/$f is missing; run make bench" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xf-bench-report.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$work/conf"

# The unit tree: city C, districts D0..D9, stations D<d>S<s>.
{
	echo "code,name,parent,level,leader,aliases"
	echo "C,市公安局,,city,局长,"
	d=0
	while [ $d -lt 10 ]; do
		echo "D$d,第${d}分局,C,district,分局长$d,"
		s=0
		while [ $s -lt 5 ]; do
			echo "D${d}S$s,第${d}分局第${s}派出所,D$d,station,所长$d$s,"
			s=$((s + 1))
		done
		d=$((d + 1))
	done
} >"$work/conf/units.csv"

# make_store DB N: a store of N cases ending 2026-12-31.
make_store() {
	printf 'received_at,channel,petitioner_name,content\n2026-12-31,visit,甲,种子\n' |
	    "$top/xf-intake" --db "$1" --as-of 2026-12-31 >/dev/null || return 1
	sqlite3 "$1" >/dev/null "DELETE FROM cases;
	PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
	BEGIN;
	WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < $2 - 1),
	c AS (SELECT i, date('2026-12-31', '-' || (($2 - 1 - i) / $rate) || ' days') AS d FROM s)
	INSERT INTO cases (case_no, received_at, channel, content, persons,
	    status, disposition, triaged_at, triage_deadline, accepted_at,
	    deadline, replied_at, closed_at, resolved, satisfaction,
	    followups, unit, unit_code, category, first_petition,
	    leapfrog_level, is_leapfrog, is_group, run_id)
	SELECT CAST(replace(d, '-', '') AS INTEGER) * 1000000000 + i % $rate + 100, d,
	    CASE i % 4 WHEN 0 THEN 'online' WHEN 1 THEN 'visit' WHEN 2 THEN 'letter' ELSE 'phone' END,
	    'x', 1 + (i % 13 = 0) * 5,
	    CASE WHEN i % 10 = 0 THEN 'forwarded'
	         WHEN i % 3 = 0 AND d > '2026-11-01' THEN 'assigned' ELSE 'closed' END,
	    CASE WHEN i % 10 = 0 THEN 'forward' ELSE 'accept' END,
	    date(d, '+' || (i % 7) || ' days'), date(d, '+15 days'),
	    CASE WHEN i % 10 = 0 THEN NULL ELSE date(d, '+' || (i % 7) || ' days') END,
	    CASE WHEN i % 10 = 0 THEN NULL ELSE date(d, '+64 days') END,
	    CASE WHEN i % 10 = 0 OR (i % 3 = 0 AND d > '2026-11-01') THEN NULL ELSE date(d, '+' || (7 + i % 67) || ' days') END,
	    CASE WHEN i % 10 = 0 OR (i % 3 = 0 AND d > '2026-11-01') THEN NULL ELSE date(d, '+' || (7 + i % 67) || ' days') END,
	    CASE WHEN i % 10 = 0 OR (i % 3 = 0 AND d > '2026-11-01') THEN NULL ELSE i % 5 > 0 END,
	    CASE WHEN i % 10 = 0 OR (i % 3 = 0 AND d > '2026-11-01') OR i % 4 = 3 THEN NULL
	         WHEN i % 9 = 0 THEN 'dissatisfied' ELSE 'satisfied' END,
	    i % 2, 'u', 'D' || (i / 3 % 10) || 'S' || (i / 30 % 5), 'c' || (i % 7),
	    i % 17 > 0, CASE WHEN i % 101 = 0 THEN 'province' END, i % 101 = 0,
	    i % 13 = 0, 1
	FROM c;
	INSERT INTO petitions (case_no, received_at, channel, persons, run_id)
	    SELECT case_no, date(received_at, '+20 days'), 'visit', 1, 1
	    FROM cases WHERE case_no % 29 = 0;
	COMMIT; ANALYZE;" || return 1
}

# store DB N: make the store DB of N cases, or with BENCH_KEEP link it
# to the one kept there (made there first when missing).
store() {
	if [ -z "${BENCH_KEEP:-}" ]; then
		make_store "$1" "$2"
		return
	fi
	k=$BENCH_KEEP/$(basename "$1" .db)-$2.db
	if [ ! -s "$k" ]; then
		rm -f "$k" "$k-wal" "$k-shm"
		make_store "$k" "$2" || { rm -f "$k"; return 1; }
	fi
	ln -s "$k" "$1"
}

[ -z "${BENCH_KEEP:-}" ] || mkdir -p "$BENCH_KEEP" || exit 2
echo "bench-report: making stores of $n and $((n / 10)) cases (not timed)"
store "$work/big.db" "$n" || { echo "bench-report: making the store failed" >&2; exit 1; }
store "$work/small.db" "$((n / 10))" || exit 1

# How a run is measured: wall time always; CPU time (user + system) by
# perf stat's task-clock when perf works here, else by time(1) (whose
# 10 ms steps are coarse), else not; instructions by perf stat when the
# machine lets perf count them, else by valgrind's callgrind when it is
# installed (once per store: the count does not vary), else not.
if perf stat -x, -e task-clock true >/dev/null 2>&1; then
	cpu=perf
elif [ -x /usr/bin/time ]; then
	cpu=time
else
	cpu=
fi
if perf stat -x, -e instructions true 2>&1 >/dev/null | grep -q '^[0-9]'; then
	insn=perf
elif command -v valgrind >/dev/null 2>&1; then
	insn=valgrind
else
	insn=
fi

# once CMD...: run CMD once, stdout to $work/out; print its wall and CPU
# times in seconds ("-" for a CPU time not measured).
once() {
	s=$(date +%s.%N)
	case $cpu in
	perf)	perf stat -x, -o "$work/stat" -e task-clock "$@" \
		    >"$work/out" 2>"$work/err" ;;
	time)	/usr/bin/time -o "$work/stat" -f "%U %S" "$@" \
		    >"$work/out" 2>"$work/err" ;;
	*)	"$@" >"$work/out" 2>"$work/err" ;;
	esac || { cat "$work/err" >&2; return 1; }
	e=$(date +%s.%N)
	case $cpu in
	perf)	c=$(awk -F, '$3 == "task-clock" { print $1 / 1000 }' "$work/stat") ;;
	time)	c=$(awk 'NF == 2 { print $1 + $2 }' "$work/stat") ;;
	*)	c=- ;;
	esac
	echo "$s $e ${c:--}" | awk '{ printf "%.6f %s\n", $2 - $1, $3 }'
}

# least FILE: the least wall time and the least CPU time of the runs in
# FILE (lines "wall cpu").
least() {
	awk 'NR == 1 || $1 < w { w = $1 } $2 != "-" && (c == "" || $2 < c) { c = $2 }
	    END { printf "%.6f %s\n", w, c == "" ? "-" : c }' "$1"
}

# best CMD...: run CMD $runs times, stdout to $work/out; print the least
# wall time in seconds.
best() {
	: >"$work/times"
	i=0
	while [ $i -lt "$runs" ]; do
		once "$@" >>"$work/times" || return 1
		i=$((i + 1))
	done
	least "$work/times" | awk '{ print $1 }'
}

# pair NAME ARGS...: xf-report ARGS on the large store and on the small
# one, $runs times each, alternating which goes first, so that a burst
# of load from elsewhere falls on both alike; leaves the least wall and
# CPU times of each in $work/NAME.big and $work/NAME.small, and the
# instructions of one run of each (or "-") in $work/NAME.insn.
pair() {
	name=$1
	shift
	: >"$work/$name.b"
	: >"$work/$name.s"
	i=0
	while [ $i -lt "$runs" ]; do
		if [ $((i % 2)) -eq 0 ]; then
			once "$top/xf-report" --db "$work/big.db" "$@" >>"$work/$name.b" &&
			once "$top/xf-report" --db "$work/small.db" "$@" >>"$work/$name.s"
		else
			once "$top/xf-report" --db "$work/small.db" "$@" >>"$work/$name.s" &&
			once "$top/xf-report" --db "$work/big.db" "$@" >>"$work/$name.b"
		fi || return 1
		i=$((i + 1))
	done
	least "$work/$name.b" >"$work/$name.big"
	least "$work/$name.s" >"$work/$name.small"
	echo "$(insns "$work/big.db" "$@") $(insns "$work/small.db" "$@")" >"$work/$name.insn"
}

# insns DB ARGS...: the instructions xf-report ARGS executes on DB, or "-".
insns() {
	db=$1
	shift
	case $insn in
	perf)	perf stat -x, -e instructions "$top/xf-report" --db "$db" "$@" 2>&1 >/dev/null |
		    awk -F, '$3 ~ /^instructions/ { n = $1 } END { print n == "" ? "-" : n }' ;;
	valgrind) valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		    "$top/xf-report" --db "$db" "$@" 2>&1 >/dev/null |
		    awk '/Collected :/ { n = $NF } END { print n == "" ? "-" : n }' ;;
	*)	echo - ;;
	esac
}

M=received,received_persons,accepted,forwarded,closed,closure_rate,resolved,resolution_rate,closed_in_period,evaluated,participation_rate,satisfied,satisfaction_rate,replies_due,replied_on_time,on_time_rate,backlog,overdue,petitions,online,online_share
# The same figures in SQL: one pass over the matters that may count in
# 2026 (received in it, closed in or after it, or open), read through the
# same indexes as xf-report reads them, summed by unit, then rolled up by
# a table of each unit's ancestors; the same for the further petitions.
sql="CREATE TEMP TABLE up(code TEXT, anc TEXT);
INSERT INTO up SELECT code, code FROM (SELECT 'D' || d || 'S' || s AS code FROM
    (SELECT value AS d FROM generate_series(0, 9)), (SELECT value AS s FROM generate_series(0, 4)));
INSERT INTO up SELECT code, substr(code, 1, 2) FROM up;
INSERT INTO up SELECT DISTINCT code, 'C' FROM up;
WITH k AS (SELECT * FROM cases INDEXED BY cases_received
      WHERE received_at >= '2026-01-01' AND received_at < '2027-01-01'
    UNION ALL SELECT * FROM cases INDEXED BY cases_closed
      WHERE closed_at >= '2026-01-01' AND received_at < '2026-01-01'
    UNION ALL SELECT * FROM cases INDEXED BY cases_open
      WHERE status IN ('registered', 'accepted', 'assigned') AND received_at < '2026-01-01' AND closed_at IS NULL),
m0 AS (SELECT unit_code,
    sum(received_at < '2027-01-01' AND received_at >= '2026-01-01') AS rec,
    sum(CASE WHEN received_at >= '2026-01-01' AND received_at < '2027-01-01' THEN persons END) AS pers,
    sum(received_at >= '2026-01-01' AND received_at < '2027-01-01' AND disposition = 'accept') AS acc,
    sum(received_at >= '2026-01-01' AND received_at < '2027-01-01' AND disposition = 'forward') AS fwd,
    sum(received_at >= '2026-01-01' AND received_at < '2027-01-01' AND disposition = 'accept' AND closed_at <= '$asof') AS clo,
    sum(received_at >= '2026-01-01' AND received_at < '2027-01-01' AND disposition = 'accept' AND resolved = 1 AND closed_at <= '$asof') AS res,
    sum(disposition = 'accept' AND closed_at >= '2026-01-01' AND closed_at < '2027-01-01') AS cin,
    sum(disposition = 'accept' AND closed_at >= '2026-01-01' AND closed_at < '2027-01-01' AND satisfaction IS NOT NULL) AS ev,
    sum(disposition = 'accept' AND closed_at >= '2026-01-01' AND closed_at < '2027-01-01' AND satisfaction IN ('satisfied', 'basically-satisfied')) AS sat,
    sum(disposition = 'accept' AND closed_at >= '2026-01-01' AND closed_at < '2027-01-01' AND deadline IS NOT NULL)
      + sum(disposition = 'accept' AND received_at < '2027-01-01' AND (closed_at IS NULL OR closed_at >= '2027-01-01')
        AND coalesce(extended_deadline, deadline) >= '2026-01-01' AND coalesce(extended_deadline, deadline) <= '2026-12-31') AS due,
    sum(disposition = 'accept' AND closed_at >= '2026-01-01' AND closed_at < '2027-01-01' AND replied_at <= coalesce(extended_deadline, deadline)) AS ont,
    sum((disposition = 'accept' OR triaged_at IS NULL OR triaged_at > '2026-12-31') AND received_at < '2027-01-01' AND (closed_at IS NULL OR closed_at >= '2027-01-01')) AS bl,
    sum((disposition = 'accept' OR triaged_at IS NULL OR triaged_at > '2026-12-31') AND received_at < '2027-01-01' AND (closed_at IS NULL OR closed_at >= '2027-01-01')
      AND CASE WHEN triaged_at IS NULL OR triaged_at > '2026-12-31' THEN triage_deadline ELSE coalesce(extended_deadline, deadline) END <= '2026-12-31') AS od,
    sum(received_at >= '2026-01-01' AND received_at < '2027-01-01' AND channel = 'online') AS onl
  FROM k GROUP BY unit_code),
m AS (SELECT up.anc, sum(rec) AS rec, sum(pers) AS pers, sum(acc) AS acc, sum(fwd) AS fwd,
    sum(clo) AS clo, sum(res) AS res, sum(cin) AS cin, sum(ev) AS ev, sum(sat) AS sat,
    sum(due) AS due, sum(ont) AS ont, sum(bl) AS bl, sum(od) AS od, sum(onl) AS onl
  FROM m0 JOIN up ON up.code = m0.unit_code GROUP BY up.anc),
p AS (SELECT up.anc, count(*) AS np, sum(p.channel = 'online') AS po FROM petitions p JOIN cases c USING (case_no)
    JOIN up ON up.code = c.unit_code WHERE p.received_at >= '2026-01-01' AND p.received_at < '2027-01-01' GROUP BY up.anc)
SELECT m.anc, rec, pers, acc, fwd, clo, round(100.0 * clo / nullif(rec, 0), 1), res, round(100.0 * res / nullif(rec, 0), 1),
    cin, ev, round(100.0 * ev / nullif(cin, 0), 1), sat, round(100.0 * sat / nullif(ev, 0), 1), due, ont,
    round(100.0 * ont / nullif(due, 0), 1), bl, od, rec + coalesce(np, 0), onl + coalesce(po, 0),
    round(100.0 * (onl + coalesce(po, 0)) / nullif(rec + coalesce(np, 0), 0), 1)
FROM m LEFT JOIN p USING (anc) ORDER BY m.anc;"

status=0
R="--config $work/conf --as-of $asof"
t_sql=$(best sqlite3 -csv "$work/big.db" "$sql") || status=1
sql_rows=$(wc -l <"$work/out")
t_year=$(best "$top/xf-report" --db "$work/big.db" $R --period 2026 --by unit --metrics "$M") || status=1
rep_rows=$(($(wc -l <"$work/out") - 1))
"$top/xf-report" --db "$work/small.db" $R --period 2026-10 --by unit >"$work/out" || status=1
M2=$(sed 1q "$work/out" | tr , '\n' | sed '1,3d; /_yoy$/d' | tr '\n' , | sed 's/,$//')
pair monthly $R --period 2026-10 --by unit --metrics "$M2" || status=1
pair yoy $R --period 2026-10 --by unit || status=1
[ "$status" -eq 0 ] || { echo "bench-report: a run failed" >&2; exit 1; }
# The two must agree: the bureau's row of each.
sqlite3 -csv "$work/big.db" "$sql" | awk -F, '$1 == "C" { print $2, $4, $6, $10, $18, $19 }' >"$work/a"
"$top/xf-report" --db "$work/big.db" $R --period 2026 --by unit --metrics "$M" |
    awk -F, '$2 == "C" { print $4, $6, $8, $12, $20, $21 }' >"$work/b"
if ! cmp -s "$work/a" "$work/b"; then
	echo "bench-report: xf-report and the SQL disagree (received accepted closed closed_in_period backlog overdue): $(cat "$work/a") / $(cat "$work/b")" >&2
	status=1
fi

# verdict NAME A B UNIT [TARGET]: print A/B and whether it is within
# TARGET.
verdict() {
	echo "$1 $2 $3 $4 ${5:--}" | awk '{ r = $2 / ($3 > 0 ? $3 : 0.001)
	    if ($4 == "s") printf "%-50s %8.3f s / %8.3f s = %5.3f", $1, $2, $3, r
	    else printf "%-50s %8.1fM / %8.1fM = %5.3f", $1, $2 / 1e6, $3 / 1e6, r
	    if ($5 == "-") print "  (for information)"
	    else printf " (target <= %s)%s\n", $5, r <= $5 + 0 ? "" : "  ABOVE TARGET" }'
}
# ratios NAME PAIR [TARGET]: the wall time, CPU time and instruction
# ratios of a pair, the target checked on the instructions (on the CPU
# time when they were not counted, on the wall time when neither was
# measured).
ratios() {
	read -r wb cb <"$work/$2.big"
	read -r ws cs <"$work/$2.small"
	read -r ib is <"$work/$2.insn"
	tw=${3:--} tc=- ti=-
	if [ "$ib" != - ] && [ "$is" != - ]; then
		ti=$tw tw=-
	elif [ "$cb" != - ] && [ "$cs" != - ]; then
		tc=$tw tw=-
	fi
	verdict "$1:wall" "$wb" "$ws" s "$tw"
	[ "$cb" = - ] || [ "$cs" = - ] || verdict "$1:cpu" "$cb" "$cs" s "$tc"
	[ "$ib" = - ] || [ "$is" = - ] ||
	    verdict "$1:instructions" "$ib" "$is" M "$ti"
}
echo "bench-report: $n cases, best of $runs runs; $rep_rows report rows, $sql_rows SQL rows"
verdict "yearly-by-unit:xf-report/sqlite3-shell-SQL" "$t_year" "$t_sql" s 1.2
ratios "monthly-by-unit:${n}-cases/$((n / 10))-cases" monthly 1.05
ratios "monthly-with-yoy:${n}-cases/$((n / 10))-cases" yoy
exit $status
