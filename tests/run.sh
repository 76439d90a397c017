#!/bin/sh
# Run the test programs and scripts given as arguments, each of which
# speaks TAP, and end with "N passed, N failed".  Exit 1 on any failure.
# The fresh binaries of this tree come first on PATH.
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top:$PATH"
export PATH LC_ALL=C TZ=UTC XF_TOP="$top"
unset XF_DB XF_CONFIG
pass=0
fail=0
for t in "$@"; do
	case $t in
	*.t) out=$(timeout 600 sh "$t" 2>&1); rc=$? ;;
	*) out=$(timeout 600 "./$t" 2>&1); rc=$? ;;
	esac
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' | tail -n 1)
	if [ -n "$plan" ] && [ $((p + f)) -ne "$plan" ]; then
		echo "$t: planned $plan tests, ran $((p + f))"
		f=$((f + 1))
	elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t: exited $rc"
		f=$((f + 1))
	fi
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | sed "s|^|$t: |"
		echo "FAIL $t ($p passed, $f failed)"
	else
		echo "ok   $t ($p)"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
