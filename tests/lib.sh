# TAP helpers for the CLI tests.  Source it first: it makes and enters a
# scratch directory (removed on exit), with its own store.
set -u
: "${XF_TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
PATH="$XF_TOP:$PATH"
export LC_ALL=C TZ=UTC PATH
unset XF_DB XF_CONFIG
T=$(mktemp -d "${TMPDIR:-/tmp}/xf-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export XF_DB="$T/xf.db"
# make check-valgrind: XF_WRAP names a directory of wrappers that run each
# tool under valgrind, which logs what it finds to $XF_VGLOG; done_testing
# turns any of it into a failed test.
if [ -n "${XF_WRAP:-}" ]; then
	PATH="$XF_WRAP:$PATH"
	XF_VGLOG="$T/.valgrind"
	mkdir "$XF_VGLOG" || exit 1
	export XF_VGLOG
fi
ntest=0
nfail=0

# ok DESC CMD...: passes if CMD succeeds.
ok() {
	desc=$1
	shift
	ntest=$((ntest + 1))
	if "$@"; then
		echo "ok $ntest - $desc"
	else
		echo "not ok $ntest - $desc"
		nfail=$((nfail + 1))
	fi
}

# is DESC GOT WANT: passes if the strings are equal.
is() {
	ntest=$((ntest + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $ntest - $1"
	else
		echo "not ok $ntest - $1"
		printf '#   got:  %s\n#   want: %s\n' "$2" "$3"
		nfail=$((nfail + 1))
	fi
}

# like DESC TEXT PATTERN: passes if TEXT contains the fixed string PATTERN.
like() {
	ntest=$((ntest + 1))
	case $2 in
	*"$3"*) echo "ok $ntest - $1" ;;
	*)	echo "not ok $ntest - $1"
		printf '#   got:  %s\n#   want to contain: %s\n' "$2" "$3"
		nfail=$((nfail + 1)) ;;
	esac
}

# run CMD...: run it, keeping stdout in $out, stderr in $err, status in $rc.
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# q SQL: query the test store.
q() {
	sqlite3 "$XF_DB" "$1"
}

done_testing() {
	if [ -n "${XF_WRAP:-}" ]; then
		vg=$(cat "$XF_VGLOG"/*.log 2>/dev/null)
		ok "valgrind: no errors and no definite leaks in any run" \
		    test -z "$vg"
		[ -z "$vg" ] || printf '%s\n' "$vg" | sed 's/^/# /'
	fi
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
}
