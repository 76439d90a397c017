#!/bin/sh
# bench-export.sh: time xf-export of every case of a store against the
# sqlite3 shell's -csv output of the same columns from the same store, in
# the same run (issue 10: at most 1.5 times as long).  Run by "make bench",
# which builds xf-intake, xf-export and tests/gen-petitions first.
#
#	BENCH_EXPORT_ROWS=N	cases in the store (default 1000000)
#	BENCH_SEED=N		generator seed (default 1)
#	BENCH_RUNS=N		runs of each measure; the least time counts
#				(default 2)
#
# The store is made, untimed, by gen-petitions --history and xf-intake
# --history (repeats are registered as cases of their own by a history
# import, so every row is a case).  Then, alternately, the two exports,
# each to /dev/null: xf-export as it comes (masking names, ID numbers and
# phones), and
#	sqlite3 -csv -header STORE "SELECT case_id, source_ref, ... FROM
#	    cases ORDER BY case_no"
# with the same columns in the same order.  Everything happens in a
# scratch directory under ${TMPDIR:-/tmp}, removed at the end.  Exit
# status 0, or 1 if making the store or an export failed; missing the
# target only prints ABOVE TARGET.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
rows=${BENCH_EXPORT_ROWS:-1000000}
runs=${BENCH_RUNS:-2}
seed=${BENCH_SEED:-1}
target=1.5	# xf-export seconds / sqlite3 -csv seconds

export LC_ALL=C TZ=UTC
unset XF_DB XF_CONFIG

case $rows in
''|*[!0-9]*|0)
	echo "bench-export: BENCH_EXPORT_ROWS must be a positive number" >&2
	exit 2 ;;
esac
for f in "$top/xf-intake" "$top/xf-export" "$top/tests/gen-petitions"; do
	if [ ! -x "$f" ]; then
		echo "bench-export: $f is missing; run make bench" >&2
		exit 2
	fi
done
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "bench-export: sqlite3 (the shell) is missing" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xf-bench-export.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
db=$work/store.db

if [ -x /usr/bin/time ] &&
    /usr/bin/time -f '%e %M' -o "$work/probe" true 2>/dev/null; then
	gnutime=1
else
	gnutime=
fi

# timed LABEL CMD...: run CMD, stdout to /dev/null; set secs, rss (KiB or
# n/a) and st (its exit status).
timed() {
	label=$1
	shift
	if [ -n "$gnutime" ]; then
		/usr/bin/time -f '%e %M' -o "$work/$label.time" "$@" \
		    >/dev/null 2>"$work/$label.err"
		st=$?
		# shellcheck disable=SC2046 # split "SECS KIB" on purpose
		set -- $(tail -n 1 "$work/$label.time")
		secs=${1:-0}
		rss=${2:-n/a}
	else
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>"$work/$label.err"
		st=$?
		t1=$(date +%s.%N)
		secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
		rss=n/a
	fi
}

# min A B: the smaller number, B when A is empty.
min() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'
}

echo "bench-export: making a store of $rows cases (not timed)"
"$top/tests/gen-petitions" -n "$rows" -s "$seed" --history >"$work/h.csv" ||
	{ echo "bench-export: gen-petitions failed" >&2; exit 1; }
"$top/xf-intake" --db "$db" --history --as-of 2026-11-24 "$work/h.csv" \
    >/dev/null 2>"$work/intake.err" ||
	{ echo "bench-export: xf-intake failed:" >&2
	  head -n 5 "$work/intake.err" >&2; exit 1; }
rm -f "$work/h.csv"
ncases=$(sqlite3 "$db" "SELECT count(*) FROM cases")

# The columns of xf-export, in its order, from its own header (the store
# has no extra columns: gen-petitions writes none).  petition_of is not
# a column of cases: only a further petition's row has one, empty here.
cols=$("$top/xf-export" --db "$db" 2>/dev/null | head -n 1)
sql="SELECT $(echo "$cols" | sed 's/,/, /g; s/petition_of/NULL AS petition_of/') FROM cases ORDER BY case_no"

xf_best= sh_best= xf_rss= failed=0
i=0
while [ $i -lt "$runs" ]; do
	timed xf "$top/xf-export" --db "$db"
	[ $st -eq 0 ] || { echo "bench-export: xf-export failed:" \
	    "$(head -n 3 "$work/xf.err")" >&2; failed=1; }
	xf_best=$(min "$xf_best" "$secs")
	xf_rss=$rss
	timed shell sqlite3 -csv -header "$db" "$sql"
	[ $st -eq 0 ] || { echo "bench-export: sqlite3 failed:" \
	    "$(head -n 3 "$work/shell.err")" >&2; failed=1; }
	sh_best=$(min "$sh_best" "$secs")
	i=$((i + 1))
done
# The same bytes but for the masked cells: the sizes differ by little.
xsize=$("$top/xf-export" --db "$db" | wc -c)
ssize=$(sqlite3 -csv -header "$db" "$sql" | wc -c)

r=$(awk -v a="$xf_best" -v b="$sh_best" 'BEGIN { if (b > 0)
    printf "%.2f", a / b; else print "n/a" }')
v=$(awk -v r="$r" -v t="$target" 'BEGIN { if (r == "n/a") print "n/a";
    else if (r + 0 <= t + 0) print "ok"; else print "ABOVE TARGET" }')
[ $failed -eq 0 ] || v=FAILED
printf 'bench-export: %s cases, %d columns, best of %s runs\n' "$ncases" \
    "$(echo "$cols" | tr ',' '\n' | wc -l)" "$runs"
printf '  xf-export (masked)     %6ss  %s bytes  peak RSS %s KiB\n' \
    "$xf_best" "$xsize" "$xf_rss"
printf '  sqlite3 -csv           %6ss  %s bytes\n' "$sh_best" "$ssize"
printf '  export ratio           %6s   (target <= %s)  %s\n' "$r" "$target" "$v"
exit $failed
