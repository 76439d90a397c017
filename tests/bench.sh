#!/bin/sh
# bench.sh: time xf-intake against "sqlite3 .import" of the same file into a
# table with the same indexes, in the same run (see PRODUCT.md, "How good it
# must be").  Run by "make bench", which builds xf-intake and
# tests/gen-petitions first.
#
#	BENCH_ROWS=N	rows to generate (default 1000000)
#	BENCH_SEED=N	generator seed (default 1)
#	BENCH_RUNS=N	runs of each measure; the least time counts (default 2)
#
# The baseline table has an index for each index a real store has on
# cases (eight since schema step 5: source_ref, fingerprint, person,
# status_unit, received, closed, open, open_no; the list and how each is
# mirrored is at base_schema below), since every intake writes them all;
# the events and petitions xf writes besides are its own extra work.
#
# Two baselines run, each into a WAL database with the same indexes:
# "shell", the sqlite3 shell as it comes (a 2 MiB cache, synchronous=FULL),
# which is what the targets are measured against; and "tuned", the shell
# given xf's own connection settings (synchronous=NORMAL, a 64 MiB cache,
# temp_store=MEMORY), to show how much of the difference is tuning.
#
# Everything happens in a scratch directory under ${TMPDIR:-/tmp}, removed at
# the end.  Wall time and peak RSS come from GNU /usr/bin/time -f '%e %M'; if
# that is missing the script falls back to date +%s.%N and reports no RSS.
# Exit status: 0, or 1 if xf-intake (or the baseline, or the generator)
# failed or rejected rows.  Missing a speed target only prints ABOVE TARGET.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-2}
seed=${BENCH_SEED:-1}
asof=2026-11-24
intake_target=1.2	# xf-intake seconds / sqlite3 .import seconds (issue 7)
history_target=1.5	# the same for xf-intake --history

export LC_ALL=C TZ=UTC
unset XF_DB XF_CONFIG

case $rows in
''|*[!0-9]*|0) echo "bench: BENCH_ROWS must be a positive number" >&2; exit 2 ;;
esac
xf=$top/xf-intake
gen=$top/tests/gen-petitions
for f in "$xf" "$gen"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing; run make bench" >&2
		exit 2
	fi
done
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "bench: sqlite3 (the command-line shell) is missing" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xf-bench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

if [ -x /usr/bin/time ] &&
    /usr/bin/time -f '%e %M' -o "$work/probe" true 2>/dev/null; then
	gnutime=1
else
	gnutime=
fi

failed=0

# timed LABEL CMD...: run CMD (stdout to /dev/null, stderr kept in
# $work/LABEL.err); set secs, rss (KiB, or n/a) and st (exit status).
timed() {
	label=$1
	shift
	sync	# earlier runs' writes are not charged to this one
	if [ -n "$gnutime" ]; then
		/usr/bin/time -f '%e %M' -o "$work/$label.time" "$@" \
		    >/dev/null 2>"$work/$label.err"
		st=$?
		# A failed command adds a "Command exited ..." line first.
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

# rmdb PATH: remove a store and its WAL files.
rmdb() {
	rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
}

# count DB SQL: print a number from the store.
count() {
	sqlite3 "$1" "$2" 2>/dev/null || echo '?'
}

# ratio A B: A / B to two places, or n/a.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { num = "^[0-9]+([.][0-9]*)?$";
	    if (a ~ num && b ~ num && b > 0) printf "%.2f", a / b;
	    else printf "n/a" }'
}

# verdict RATIO TARGET FAILED...: "ok", "ABOVE TARGET", or "FAILED" if a
# run it compares failed.
verdict() {
	case "$3$4" in
	*FAILED*) echo FAILED; return ;;
	esac
	awk -v r="$1" -v t="$2" 'BEGIN { if (r == "n/a") print "n/a";
	    else if (r + 0 <= t + 0) print "ok"; else print "ABOVE TARGET" }'
}

# check_xf LABEL FILE DB WANT: report an xf-intake run; fail on a bad exit
# status, rejected rows, or rows missing from the store.
check_xf() {
	nrej=$(grep -c "^xf-intake: $2:" "$work/$1.err")
	stored=$(count "$3" "SELECT (SELECT count(*) FROM cases) +
	    (SELECT count(*) FROM petitions)")
	repeats=$(count "$3" "SELECT (SELECT count(*) FROM petitions) +
	    (SELECT count(*) FROM cases WHERE repeat_of IS NOT NULL)")
	echo "  $1: xf-intake exit status $st, $nrej rejected," \
	    "$stored of $4 rows stored ($repeats repeats found)"
	bad=
	if [ "$st" -ne 0 ] || [ "$nrej" -ne 0 ] || [ "$stored" != "$4" ]; then
		failed=1
		bad=FAILED
		echo "  $1: FAILED; first messages:"
		head -n 5 "$work/$1.err" | sed 's/^/    /'
	fi
}

# check_base LABEL DB WANT: report a sqlite3 .import run.
check_base() {
	stored=$(count "$2" "SELECT count(*) FROM cases")
	nerr=$(wc -l < "$work/$1.err" | tr -d ' ')
	echo "  $1: sqlite3 exit status $st, $nerr lines on stderr," \
	    "$stored of $3 rows stored"
	bad=
	if [ "$st" -ne 0 ] || [ "$stored" != "$3" ]; then
		failed=1
		bad=FAILED
		echo "  $1: FAILED; first messages:"
		head -n 5 "$work/$1.err" | sed 's/^/    /'
	fi
}

# gen_file LABEL FILE ROWS [--history]: generate a file; exit 1 on failure.
gen_file() {
	t0=$(date +%s.%N 2>/dev/null || date +%s)
	if ! "$gen" -n "$3" -s "$seed" ${4:+"$4"} >"$2"; then
		echo "bench: gen-petitions -n $3 -s $seed ${4:-} failed" >&2
		exit 1
	fi
	t1=$(date +%s.%N 2>/dev/null || date +%s)
	printf '  %-26s %9s rows %6s MiB %6ss\n' "$1" "$3" \
	    "$(($(wc -c < "$2") / 1048576))" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
}

# The baseline schema: xf's cases table (lib/db.c) cut down to the columns
# of the CSV file, since .import needs exactly one column per field, with
# an index for each index a real store has on cases (read from the schema
# of a fresh store after one intake: migrations 0 -> 5), because every
# intake writes all of them.  Index for index:
#   xf cases_source_ref  UNIQUE (source_ref) WHERE source_ref IS NOT NULL
#                        -> the same
#   xf cases_fingerprint UNIQUE (fingerprint) WHERE source_ref IS NULL
#                        -> UNIQUE (content) WHERE source_ref IS NULL: the
#                        file has no fingerprint; every generated row has
#                        a source_ref, so both stay empty and cost each
#                        insert only their WHERE
#   xf cases_person      (person_key, category) WHERE person_key IS NOT NULL
#                        -> (id_number, category): person_key is "id:" and
#                        the ID number, or name and phone for the few rows
#                        without one, so it covers every generated row
#   xf cases_status_unit (status, unit_code)		[step 1 -> 2]
#   xf cases_received    (received_at)			[step 3 -> 4]
#   xf cases_closed      (closed_at, received_at) WHERE closed_at IS NOT
#                        NULL				[step 3 -> 4]
#   xf cases_open        (received_at) WHERE status IN (open statuses)
#                        AND closed_at IS NULL		[step 3 -> 4]
#   xf cases_open_no     (case_no) WHERE status IN (open statuses)
#                        [step 4 -> 5]
#                        -> the same, with the values a plain intake
#                        stores in the columns the file lacks written as
#                        constants: every case of a plain intake is
#                        'accepted', with no unit_code and no closed_at
#                        (xf-assign and xf-update set them later), so
#                        status_unit holds ('accepted', NULL), closed
#                        stays empty, open and open_no hold every row.
#                        case_no is the rowid, which an index cannot name:
#                        open_no's key is a constant integer as wide as a
#                        case number, followed by the rowid as every
#                        index entry is, so it too grows at its end.
#                        (A constant in an index must be an expression:
#                        a bare 'accepted' would be read as a column.)
#   xf's case_no is the rowid, as the baseline's rowid is.
# Nothing more: the baseline writes what xf writes to cases, no less.
# Not mirrored, because the file has no column for them (extra work for xf
# only): the events and petitions tables xf writes alongside, and their
# indexes.
# "sqlite3 .import" wraps the whole file in one transaction (BEGIN ...
# COMMIT) when the table exists.
#
# base_schema COLS DB STATUS CLOSED: make the baseline store; STATUS and
# CLOSED are the status and closed_at expressions: constants for a plain
# file, the columns for a history file, which has them.
base_schema() {
	cols=$1 status_expr=$3 closed_expr=$4
	sqlite3 "$2" >/dev/null <<-EOF
	PRAGMA journal_mode = WAL;
	CREATE TABLE cases ($cols) STRICT;
	CREATE UNIQUE INDEX cases_source_ref ON cases(source_ref)
	  WHERE source_ref IS NOT NULL;
	CREATE UNIQUE INDEX cases_fingerprint ON cases(content)
	  WHERE source_ref IS NULL;
	CREATE INDEX cases_person ON cases(id_number, category);
	CREATE INDEX cases_status_unit ON cases($status_expr,
	  CAST(NULL AS TEXT));
	CREATE INDEX cases_received ON cases(received_at);
	CREATE INDEX cases_closed ON cases($closed_expr, received_at)
	  WHERE $closed_expr IS NOT NULL;
	CREATE INDEX cases_open ON cases(received_at)
	  WHERE $status_expr IN ('registered', 'accepted', 'assigned')
	  AND $closed_expr IS NULL;
	CREATE INDEX cases_open_no ON cases(CAST(20261124000000001 AS INTEGER))
	  WHERE $status_expr IN
	  ('registered', 'accepted', 'assigned', 'review', 're-review');
	EOF
}

plain_cols='source_ref TEXT, received_at TEXT NOT NULL,
  channel TEXT NOT NULL, petitioner_name TEXT, id_number TEXT, phone TEXT,
  address TEXT, persons INTEGER NOT NULL CHECK (persons >= 1),
  category TEXT, content TEXT NOT NULL, unit TEXT, level_received TEXT'
hist_cols="$plain_cols, status TEXT NOT NULL, leader TEXT, officer TEXT,
  accepted_at TEXT, deadline TEXT, replied_at TEXT, closed_at TEXT,
  outcome TEXT, resolved TEXT, satisfaction TEXT, review_requested_at TEXT,
  terminated_at TEXT"

# The tuned baseline's settings, passed to sqlite3 before .import.
tuned="PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"

# keep_best: after a run, keep the least time in best and any failure in
# worst (the machines are shared: the least of a few runs is the figure
# least disturbed by others).
keep_best() {
	best=$(awk -v a="${best:-}" -v b="$secs" 'BEGIN {
	    if (a == "" || b + 0 < a + 0) print b; else print a }')
	[ -n "$bad" ] && worst=$bad
	:
}

# base_run LABEL COLS FILE [SQL]: time a sqlite3 .import baseline, best of
# $runs runs; leaves secs, rss and bad.
base_run() {
	best= worst=
	i=0
	while [ "$i" -lt "$runs" ]; do
		case $2 in
		*closed_at*)
			base_schema "$2" "$work/base.db" status closed_at ;;
		*)
			base_schema "$2" "$work/base.db" \
			    "CAST('accepted' AS TEXT)" "CAST(NULL AS TEXT)" ;;
		esac
		timed "$1" sqlite3 -bail "$work/base.db" ${4:+"$4"} \
		    '.mode csv' ".import --skip 1 \"$3\" cases"
		check_base "$1" "$work/base.db" "$rows"
		rmdb "$work/base.db"
		keep_best
		i=$((i + 1))
	done
	secs=$best bad=$worst
}

# xf_run LABEL FILE WANT ARGS...: time xf-intake on FILE, best of $runs
# runs, each into a new store; leaves secs, rss and bad.
xf_run() {
	label=$1 file=$2 want=$3
	shift 3
	best= worst=
	i=0
	while [ "$i" -lt "$runs" ]; do
		timed "$label" "$xf" "$@" --as-of "$asof" --db "$work/xf.db" \
		    --rejects "$work/rej.csv" "$file"
		check_xf "$label" "$file" "$work/xf.db" "$want"
		rmdb "$work/xf.db"
		keep_best
		i=$((i + 1))
	done
	secs=$best bad=$worst
}

small=$((rows / 10))
[ "$small" -ge 1 ] || small=1
config=
[ -f "$top/examples/rules.csv" ] && config="--config $top/examples"

echo "xf bench: $rows rows, seed $seed, as of $asof," \
    "sqlite3 $(sqlite3 -version | cut -d' ' -f1), $(nproc 2>/dev/null ||
    echo '?') CPUs, scratch $work"
echo "baselines: sqlite3 .import, one transaction, WAL; shell as it comes, and tuned"
[ -n "$gnutime" ] || echo "note: GNU /usr/bin/time not found: wall time" \
    "from date +%s.%N, and no peak RSS figures"
echo "generating:"
gen_file petitions.csv "$work/p.csv" "$rows"
gen_file "petitions.csv (1/10)" "$work/p10.csv" "$small"
gen_file "history.csv (--history)" "$work/h.csv" "$rows" --history

echo "running:"
# (a) baseline intake
base_run base-intake "$plain_cols" "$work/p.csv"
bi_secs=$secs bi_rss=$rss bi_bad=$bad
base_run base-intake-tuned "$plain_cols" "$work/p.csv" "$tuned"
bt_secs=$secs bt_bad=$bad

# (b) xf-intake
xf_run xf-intake "$work/p.csv" "$rows"
xi_secs=$secs xi_rss=$rss xi_bad=$bad

# The same on a file a tenth the size: peak memory must not follow rows.
xf_run xf-intake-small "$work/p10.csv" "$small"
xs_secs=$secs xs_rss=$rss xs_bad=$bad

# (c) history import
base_run base-history "$hist_cols" "$work/h.csv"
bh_secs=$secs bh_rss=$rss bh_bad=$bad
base_run base-history-tuned "$hist_cols" "$work/h.csv" "$tuned"
bht_secs=$secs bht_bad=$bad

# shellcheck disable=SC2086 # $config is two words or none
xf_run xf-history "$work/h.csv" "$rows" --history $config
xh_secs=$secs xh_rss=$rss xh_bad=$bad

ri=$(ratio "$xi_secs" "$bi_secs")
rh=$(ratio "$xh_secs" "$bh_secs")
echo
printf '%-16s %9s %9s %9s %8s %8s %12s %12s  %s\n' measure rows \
    'base s' 'xf s' 'xf/base' target 'base KiB' 'xf KiB' verdict
printf '%-16s %9s %9s %9s %8s %8s %12s %12s  %s\n' intake "$rows" \
    "$bi_secs" "$xi_secs" "$ri" "<=$intake_target" "$bi_rss" "$xi_rss" \
    "$(verdict "$ri" "$intake_target" "$bi_bad" "$xi_bad")"
printf '%-16s %9s %9s %9s %8s %8s %12s %12s  %s\n' "intake (1/10)" \
    "$small" - "$xs_secs" - - - "$xs_rss" "${xs_bad:--}"
printf '%-16s %9s %9s %9s %8s %8s %12s %12s  %s\n' "history" "$rows" \
    "$bh_secs" "$xh_secs" "$rh" "<=$history_target" "$bh_rss" "$xh_rss" \
    "$(verdict "$rh" "$history_target" "$bh_bad" "$xh_bad")"
printf '%-16s %9s %9s %9s %8s\n' "intake (tuned)" "$rows" "$bt_secs" \
    "$xi_secs" "$(ratio "$xi_secs" "$bt_secs")"
printf '%-16s %9s %9s %9s %8s\n' "history (tuned)" "$rows" "$bht_secs" \
    "$xh_secs" "$(ratio "$xh_secs" "$bht_secs")"
echo "(tuned: the baseline given xf's cache and sync settings; the targets"
echo " are measured against the sqlite3 shell as it comes)"
echo
if [ -n "$gnutime" ]; then
	echo "peak RSS of xf-intake: $xi_rss KiB for $rows rows," \
	    "$xs_rss KiB for $small rows (x$(ratio "$xi_rss" "$xs_rss") for" \
	    "10x the rows; flat memory stays well under 10x: SQLite's page" \
	    "cache (64 MiB) fills as the store grows, then stops)"
fi
[ -n "$config" ] && echo "history run used $config"
if [ "$failed" -ne 0 ]; then
	echo "bench: FAILED (see the messages above)"
	exit 1
fi
exit 0
