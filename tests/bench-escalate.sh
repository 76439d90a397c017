#!/bin/sh
# bench-escalate.sh: time "xf-escalate --dry-run" over a store of a million
# cases, about 15% of them open, against one hand-written SQL query that
# selects the overdue set of the same store, in the same run (see
# PRODUCT.md, "How good it must be", and issue 9).  Run by "make bench".
#
#	BENCH_CASES=N	cases in the store (default 1000000)
#	BENCH_RUNS=N	runs of each measure; the least time counts (default 2)
#
# The store is made by xf (an empty intake creates its schema) and filled
# with SQL straight from the sqlite3 shell, which is not timed: 90% of the
# cases come from a history import whose as-of day is 2026-11-01, 11% were
# registered live; deadlines spread over the year before.  Two nights are
# timed: the first after the import (2026-11-01), when every step due on a
# live matter fires at once, and, after that night has run for real (not
# timed), an ordinary night (2026-11-02) firing only what fell due that
# day; the target is for the ordinary night, the first is shown beside it.
# Imported matters fire only for deadlines not yet past at the import.  The
# query is the shell as it comes over the same file.
# Peak RSS is also measured on a store a tenth the size, to show that
# xf-escalate's memory does not grow with the store.
#
# Wall time is what the target is measured in; CPU time (user + system) is
# shown beside it, as it varies less on a busy machine.
#
# Exit status: 0, or 1 if xf-escalate or the query failed.  Missing the
# target (3x the query) only prints ABOVE TARGET.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cases=${BENCH_CASES:-1000000}
runs=${BENCH_RUNS:-2}
asof=2026-11-02
target=3.0

export LC_ALL=C TZ=UTC
unset XF_DB XF_CONFIG

case $cases in
''|*[!0-9]*|0) echo "bench-escalate: BENCH_CASES must be a positive number" >&2
	exit 2 ;;
esac
for f in "$top/xf-escalate" "$top/xf-intake"; do
	if [ ! -x "$f" ]; then
		echo "bench-escalate: $f is missing; run make bench" >&2
		exit 2
	fi
done
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "bench-escalate: sqlite3 (the command-line shell) is missing" >&2
	exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xf-bench-esc.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

if [ -x /usr/bin/time ] &&
    /usr/bin/time -f '%e %M' -o "$work/probe" true 2>/dev/null; then
	gnutime=1
else
	gnutime=
fi
failed=0

# timed LABEL CMD...: run CMD (stdout to $work/LABEL.out); set secs, rss
# (KiB, or n/a) and st.
timed() {
	label=$1
	shift
	sync
	if [ -n "$gnutime" ]; then
		/usr/bin/time -f '%e %M %U %S' -o "$work/$label.time" "$@" \
		    >"$work/$label.out" 2>"$work/$label.err"
		st=$?
		# shellcheck disable=SC2046 # split "SECS KIB USER SYS" on purpose
		set -- $(tail -n 1 "$work/$label.time")
		secs=${1:-0}
		rss=${2:-n/a}
		cpu=$(echo "${3:-0} ${4:-0}" | awk '{ printf "%.2f", $1 + $2 }')
	else
		t0=$(date +%s.%N)
		"$@" >"$work/$label.out" 2>"$work/$label.err"
		st=$?
		secs=$(echo "$t0 $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
		rss=n/a
		cpu=n/a
	fi
}

# best LABEL CMD...: the least time of $runs runs, and its CPU time;
# bsecs, bcpu, brss (the most of any run), st.
best() {
	label=$1
	shift
	bsecs=
	bcpu=n/a
	brss=n/a
	i=0
	while [ "$i" -lt "$runs" ]; do
		timed "$label" "$@"
		[ "$st" -eq 0 ] || return
		if [ -z "$bsecs" ] || awk -v a="$secs" -v b="$bsecs" \
		    'BEGIN { exit !(a < b) }'; then
			bsecs=$secs
			bcpu=$cpu
		fi
		case $rss in n/a) ;; *)
			case $brss in n/a) brss=$rss ;; *)
				[ "$rss" -gt "$brss" ] && brss=$rss ;;
			esac ;;
		esac
		i=$((i + 1))
	done
}

# make_store DB N: an xf store holding N cases, as described above.
make_store() {
	db=$1
	n=$2
	printf 'received_at,channel,petitioner_name,content\n' |
	    "$top/xf-intake" --db "$db" --as-of 2026-11-01 - >/dev/null ||
	    return 1
	sqlite3 "$db" <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO runs (run_id, tool, started_at, as_of, argv, finished_at, status)
  VALUES (1001, 'xf-intake', '2026-11-01 08:00:00', '2026-11-01 23:59:59',
  'bench --history', '2026-11-01 08:10:00', 0),
  (1002, 'xf-intake', '2026-11-01 09:00:00', '2026-11-01 23:59:59',
  'bench', '2026-11-01 09:10:00', 0);
CREATE TEMP TABLE station(k INTEGER PRIMARY KEY, code TEXT, name TEXT);
INSERT INTO station VALUES (0, '110101001', '东华门派出所'),
  (1, '110101002', '景山派出所'), (2, '110102001', '西长安街派出所'),
  (3, '110105001', '建外派出所'), (4, '110105002', '三里屯派出所'),
  (5, '110106001', '卢沟桥派出所'), (6, '110108001', '中关村派出所'),
  (7, '110108002', '学院路派出所');
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < $n - 1),
 c AS (SELECT i, date('2026-11-01', '-' || (i % 400) || ' days') AS d,
  CASE WHEN i % 20 < 2 THEN 'assigned' WHEN i % 20 = 2 THEN
   CASE (i / 20) % 3 WHEN 0 THEN 'registered' WHEN 1 THEN 'review'
   ELSE 're-review' END ELSE 'closed' END AS st FROM s)
INSERT INTO cases (case_no, source_ref, received_at, channel,
  petitioner_name, content, category, unit, unit_code, status, disposition,
  triage_deadline, accepted_at, deadline, replied_at, closed_at,
  review_requested_at, rereview_requested_at, supervision,
  supervision_deadline, is_group, is_leapfrog, leapfrog_level,
  petition_count, imported, run_id)
SELECT CAST(strftime('%Y%m%d', d) AS INTEGER) * 1000000000 + i / 400 + 1,
  'B' || i, d, 'visit', '人' || i, '事项' || i, 'case-progress', st2.name,
  st2.code, st, CASE WHEN st = 'registered' THEN NULL ELSE 'accept' END,
  date(d, '+15 days'),
  CASE WHEN st = 'registered' THEN NULL ELSE date(d, '+1 days') END,
  CASE WHEN st = 'registered' THEN NULL ELSE date(d, '+61 days') END,
  CASE WHEN st IN ('closed', 'review', 're-review') THEN date(d, '+30 days') END,
  CASE WHEN st = 'closed' THEN date(d, '+30 days') END,
  CASE WHEN st IN ('review', 're-review') THEN date(d, '+40 days') END,
  CASE WHEN st = 're-review' THEN date(d, '+80 days') END,
  CASE WHEN i % 97 = 17 THEN 'city' END,
  CASE WHEN i % 97 = 17 THEN date(d, '+45 days') END,
  i % 50 = 11, i % 70 = 13, CASE WHEN i % 70 = 13 THEN 'province' END,
  1 + (i % 13 = 5) * 2, i % 9 <> 4, CASE WHEN i % 9 <> 4 THEN 1001
  ELSE 1002 END
FROM c JOIN station st2 ON st2.k = c.i % 8;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
}

# The overdue set, by hand: the deadline each open status runs against.
query="SELECT case_id, status, due FROM (SELECT case_id, status,
 CASE status WHEN 'registered' THEN triage_deadline
  WHEN 'review' THEN date(review_requested_at, '+30 days')
  WHEN 're-review' THEN date(rereview_requested_at, '+30 days')
  ELSE coalesce(CASE WHEN supervision IS NOT NULL THEN supervision_deadline END,
   extended_deadline, deadline) END AS due
 FROM cases WHERE status IN ('registered', 'accepted', 'assigned', 'review',
  're-review')) WHERE due < '$asof'"

echo "bench-escalate: making a store of $cases cases (not timed)"
if ! make_store "$work/big.db" "$cases" >/dev/null; then
	echo "bench-escalate: could not make the store" >&2
	exit 1
fi
open=$(sqlite3 "$work/big.db" "SELECT count(*) FROM cases WHERE status IN
    ('registered', 'accepted', 'assigned', 'review', 're-review')")

best query sqlite3 -csv "$work/big.db" "$query"
[ "$st" -eq 0 ] || { echo "bench-escalate: the query failed" >&2; exit 1; }
qsecs=$bsecs
qcpu=$bcpu
overdue=$(wc -l <"$work/query.out")

esc() {
	label=$1
	db=$2
	day=$3
	shift 3
	"$label" esc "$top/xf-escalate" --db "$db" --config "$top/examples" \
	    --as-of "$day" "$@"
	if [ "$st" -ne 0 ]; then
		echo "bench-escalate: xf-escalate failed (exit $st):" >&2
		cat "$work/esc.err" >&2
		exit 1
	fi
}
lines() {
	n=$(($(wc -l <"$1") - 1))
	[ "$n" -lt 0 ] && n=0
	echo "$n"
}
esc best "$work/big.db" 2026-11-01 --dry-run
fsecs=$bsecs
fcpu=$bcpu
frss=$brss
factions=$(lines "$work/esc.out")
esc timed "$work/big.db" 2026-11-01
esc best "$work/big.db" "$asof" --dry-run
esecs=$bsecs
ecpu=$bcpu
erss=$brss
actions=$(lines "$work/esc.out")

small=$((cases / 10))
[ "$small" -lt 1 ] && small=1
make_store "$work/small.db" "$small" >/dev/null || exit 1
esc timed "$work/small.db" 2026-11-01
esc timed "$work/small.db" "$asof" --dry-run
srss=$rss

ratio=$(awk -v a="$esecs" -v b="$qsecs" \
    'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" -v t="$target" \
    'BEGIN { print (r <= t) ? "within target" : "ABOVE TARGET" }')
echo "bench-escalate: $cases cases, $open open, $overdue overdue, as of $asof"
printf '  %-34s %7ss %7s CPU\n' "SQL query (sqlite3 shell)" "$qsecs" "$qcpu"
printf '  %-34s %7ss %7s CPU  peak RSS %s KiB, %s actions\n' \
    "xf-escalate --dry-run, first night" "$fsecs" "$fcpu" "$frss" \
    "$factions" \
    "xf-escalate --dry-run, a night" "$esecs" "$ecpu" "$erss" "$actions"
printf '  %-34s %7s  %7s      peak RSS %s KiB\n' \
    "xf-escalate, $small cases" "" "" "$srss"
fratio=$(awk -v a="$fsecs" -v b="$qsecs" \
    'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }')
cratio=$(awk -v a="$ecpu" -v b="$qcpu" \
    'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }')
echo "  ratio xf-escalate / query: $ratio (target $target): $verdict;" \
    "first night $fratio; CPU time, a night: $cratio"
exit "$failed"
