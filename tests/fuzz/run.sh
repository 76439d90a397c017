#!/bin/sh
# Run each libFuzzer target named after SECONDS for that many seconds:
#	sh tests/fuzz/run.sh SECONDS TARGET...
# Each starts from a scratch copy of its seeds and kept regressions (so
# nothing tracked is rewritten); the CSV reader also from examples/.  Prints
# one line per target and, for a failure, the end of its log and where the
# input that broke it was kept.  Exits 1 if any target failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xf-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
arts=${TMPDIR:-/tmp}/xf-fuzz-artifacts
mkdir -p "$arts"
failed=0
for t in "$@"; do
	case $t in
	date|idno) maxlen=256 ;;
	*) maxlen=8192 ;;
	esac
	mkdir "$tmp/$t"
	for d in seeds regress; do
		[ -d "$top/tests/fuzz/$d/$t" ] &&
		    cp "$top/tests/fuzz/$d/$t"/* "$tmp/$t/" 2>/dev/null
	done
	[ "$t" = csv ] && cp "$top"/examples/*.csv "$tmp/$t/"
	"$top/tests/fuzz/fuzz-$t" -max_total_time="$secs" -max_len="$maxlen" \
	    -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$arts/$t-" "$tmp/$t" >"$tmp/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log")
	cov=$(grep '^#[0-9]' "$tmp/$t.log" | tail -n 1 |
	    sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		echo "fuzz-$t: ok, ${runs:-?} runs in $secs s, cov ${cov:-?}"
	else
		tail -n 40 "$tmp/$t.log"
		echo "fuzz-$t: FAILED (exit $rc) after ${runs:-?} runs;" \
		    "input kept in $arts/$t-*"
		failed=1
	fi
done
exit $failed
