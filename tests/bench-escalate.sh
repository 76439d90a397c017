#!/bin/sh
# bench-escalate.sh: time "xf-escalate --dry-run" over a store of a million
# cases, about 15% of them open, against one hand-written SQL query that
# selects the overdue set of the same store, in the same run (see
# PRODUCT.md, "How good it must be", and issue 9).  Run by "make bench".
#
#	BENCH_CASES=N	cases in the store (default 1000000)
#	BENCH_RUNS=N	runs of each measure; the least time counts (default 2)
#	BENCH_KEEP=DIR	work in DIR and keep it: the stores (big.db, small.db)
#			are made there once and used again by later runs
#			with the same BENCH_CASES, so that one can iterate
#			on xf-escalate; night.db and real.db are left as the
#			last runs left them
#
# The store is made by xf (an empty intake creates its schema) and filled
# with SQL straight from the sqlite3 shell, which is not timed: 90% of the
# cases come from a history import whose as-of day is 2026-11-01, 11% were
# registered live; deadlines spread over the year before.  Two nights are
# timed: the first after the import (2026-11-01), when every step due on a
# live matter fires at once (some twenty thousand actions, each an event
# and an escalations row), and an ordinary night (2026-11-02) after the
# first has run for real, firing only what fell due that day.  The target
# holds for both.  Imported matters fire only for deadlines not yet past
# at the import.
#
# Each night the query (the sqlite3 shell as it comes, over the same file,
# selecting that day's overdue set), "xf-escalate --dry-run" and
# "xf-escalate" for real run in turn, BENCH_RUNS times each, so that a
# busy machine weighs on all alike; the least time of each counts.  A dry
# run does all the work it reports and rolls it back at the end.  The
# real run works on a fresh copy of the store each time (the copy not
# timed), and its time includes writing the store to disk (the WAL's
# checkpoints and their fsyncs).  The ratio of each to the query is
# printed, in wall time and in CPU time.
# Peak RSS is also measured on a store a tenth the size, to show that
# xf-escalate's memory does not grow with the store.
#
# Wall time is what the target is measured in; CPU time (user + system) is
# shown beside it, as it varies less on a busy machine.  It is the CPU time
# of all of xf-escalate's threads: a real run's walk is read and judged by
# one, written by another, and checkpointed by a third, so on two cores its
# CPU time exceeds its wall time.
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

if [ -n "${BENCH_KEEP:-}" ]; then
	work=$BENCH_KEEP
	mkdir -p "$work" || exit 2
	# A kept store of another size is made again.
	if [ "$(cat "$work/cases" 2>/dev/null)" != "$cases" ]; then
		rm -f "$work"/*.db "$work"/*.db-wal "$work"/*.db-shm
		echo "$cases" >"$work/cases"
	fi
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/xf-bench-esc.XXXXXX") || exit 2
	trap 'rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM HUP

if [ -x /usr/bin/time ] &&
    /usr/bin/time -f '%e %M' -o "$work/probe" true 2>/dev/null; then
	gnutime=1
else
	gnutime=
fi

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

# make_store DB N: an xf store holding N cases, as described above.
make_store() {
	db=$1
	n=$2
	# Kept from an earlier run (BENCH_KEEP): used as it is.
	[ -n "${BENCH_KEEP:-}" ] && [ -s "$db" ] && return 0
	rm -f "$db" "$db-wal" "$db-shm"
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

# The overdue set on day $1, by hand: the deadline each open status runs
# against, as xf_case_due() finds it, read the way xf-escalate reads the
# open matters (all of them, then their dates).
query() {
	echo "SELECT case_id, status, due FROM (SELECT case_id, status,
 CASE status WHEN 'registered' THEN triage_deadline
  WHEN 'review' THEN date(review_requested_at, '+30 days')
  WHEN 're-review' THEN date(rereview_requested_at, '+30 days')
  ELSE coalesce(CASE WHEN supervision IS NOT NULL THEN supervision_deadline END,
   extended_deadline, deadline) END AS due
 FROM cases WHERE status IN ('registered', 'accepted', 'assigned', 'review',
  're-review')) WHERE due < '$1'"
}

lines() {
	n=$(($(wc -l <"$1") - 1))
	[ "$n" -lt 0 ] && n=0
	echo "$n"
}

# night DB DAY: the query, "xf-escalate --dry-run" over DB and
# "xf-escalate" for real over a fresh copy of DB (the copy not timed, left
# in $work/real.db), all as of DAY, in turn, $runs times each; the least
# time of each counts.  A dry run does all the work (reads, judges,
# writes every event and step) and rolls it back at the end.  Sets q*,
# e*, r* and overdue, actions, ractions.
night() {
	# Not db and day: esc() sets those.
	ndb=$1
	nday=$2
	qsecs= qcpu=n/a esecs= ecpu=n/a erss=n/a rsecs= rcpu=n/a rrss=n/a
	i=0
	while [ "$i" -lt "$runs" ]; do
		timed query sqlite3 -csv "$ndb" "$(query "$nday")"
		[ "$st" -eq 0 ] ||
		    { echo "bench-escalate: the query failed" >&2; exit 1; }
		if [ -z "$qsecs" ] || less "$secs" "$qsecs"; then
			qsecs=$secs
			qcpu=$cpu
		fi
		esc "$ndb" "$nday" --dry-run
		if [ -z "$esecs" ] || less "$secs" "$esecs"; then
			esecs=$secs
			ecpu=$cpu
		fi
		erss=$(most "$rss" "$erss")
		actions=$(lines "$work/esc.out")
		rm -f "$work/real.db" "$work/real.db-wal" "$work/real.db-shm"
		cp "$ndb" "$work/real.db" || exit 1
		esc "$work/real.db" "$nday"
		if [ -z "$rsecs" ] || less "$secs" "$rsecs"; then
			rsecs=$secs
			rcpu=$cpu
		fi
		rrss=$(most "$rss" "$rrss")
		i=$((i + 1))
	done
	overdue=$(wc -l <"$work/query.out")
	ractions=$(lines "$work/esc.out")
	sqlite3 "$work/real.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

less() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# The larger of two sizes in KiB, either n/a.
most() {
	case $1 in n/a) echo "$2"; return ;; esac
	case $2 in n/a) echo "$1"; return ;; esac
	[ "$1" -gt "$2" ] && echo "$1" || echo "$2"
}

esc() {
	db=$1
	day=$2
	shift 2
	timed esc "$top/xf-escalate" --db "$db" --config "$top/examples" \
	    --as-of "$day" "$@"
	if [ "$st" -ne 0 ]; then
		echo "bench-escalate: xf-escalate failed (exit $st):" >&2
		cat "$work/esc.err" >&2
		exit 1
	fi
}

ratio() {
	awk -v a="$1" -v b="$2" \
	    'BEGIN { if (b <= 0) b = 0.01; printf "%.2f", a / b }'
}

verdict() {
	awk -v r="$1" -v t="$target" \
	    'BEGIN { print (r <= t) ? "within target" : "ABOVE TARGET" }'
}

echo "bench-escalate: making a store of $cases cases (not timed)"
if ! make_store "$work/big.db" "$cases" >/dev/null; then
	echo "bench-escalate: could not make the store" >&2
	exit 1
fi
open=$(sqlite3 "$work/big.db" "SELECT count(*) FROM cases WHERE status IN
    ('registered', 'accepted', 'assigned', 'review', 're-review')")

# The first night after the import: every step already due on a live
# matter fires at once.
night "$work/big.db" 2026-11-01
fq=$qsecs fqcpu=$qcpu fsecs=$esecs fcpu=$ecpu frss=$erss
foverdue=$overdue factions=$actions
frsecs=$rsecs frcpu=$rcpu frrss=$rrss fractions=$ractions
# The store as that night left it, for the next.
mv "$work/real.db" "$work/night.db"

# An ordinary night: only what fell due that day fires.
night "$work/night.db" "$asof"

small=$((cases / 10))
[ "$small" -lt 1 ] && small=1
make_store "$work/small.db" "$small" >/dev/null || exit 1
rm -f "$work/small-run.db" "$work/small-run.db-wal" "$work/small-run.db-shm"
cp "$work/small.db" "$work/small-run.db" || exit 1
esc "$work/small-run.db" 2026-11-01
esc "$work/small-run.db" "$asof" --dry-run
srss=$rss

echo "bench-escalate: $cases cases, $open open; least of $runs runs," \
    "query and xf-escalate alternating"
printf '  %-40s %7s %7s %10s\n' "" wall CPU "peak RSS"
# row WHAT WALL CPU RSS [NOTE]; "" for a figure not measured.
row() {
	printf '  %-40s %7s %7s %10s %s\n' "$1" "${2:+${2}s}" "${3:+${3}s}" \
	    "${4:+$4 KiB}" "${5:-}"
}
echo "  first night, as of 2026-11-01 ($foverdue overdue):"
row "SQL query (sqlite3 shell)" "$fq" "$fqcpu"
row "xf-escalate --dry-run" "$fsecs" "$fcpu" "$frss" "$factions actions"
row "xf-escalate (a copy of the store)" "$frsecs" "$frcpu" "$frrss" \
    "$fractions actions"
echo "  a night, as of $asof ($overdue overdue):"
row "SQL query (sqlite3 shell)" "$qsecs" "$qcpu"
row "xf-escalate --dry-run" "$esecs" "$ecpu" "$erss" "$actions actions"
row "xf-escalate (a copy of the store)" "$rsecs" "$rcpu" "$rrss" \
    "$ractions actions"
row "xf-escalate --dry-run, $small cases" "" "" "$srss"
echo "  peak RSS of a night's dry run: $erss KiB at $cases cases," \
    "$srss KiB at $small"
# ratios WHAT QUERY DRY REAL: one line of ratios to the query.
ratios() {
	r1=$(ratio "$3" "$2")
	r2=$(ratio "$4" "$2")
	printf '  %-31s --dry-run %s, %s; for real %s, %s\n' "$1" "$r1" \
	    "$(verdict "$r1")" "$r2" "$(verdict "$r2")"
}
echo "  ratio xf-escalate / query, target $target:"
ratios "first night, wall" "$fq" "$fsecs" "$frsecs"
ratios "first night, CPU" "$fqcpu" "$fcpu" "$frcpu"
ratios "a night, wall" "$qsecs" "$esecs" "$rsecs"
ratios "a night, CPU" "$qcpu" "$ecpu" "$rcpu"
exit 0
