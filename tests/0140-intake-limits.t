# xf-intake: memory stays bounded on any input (xf-csv(5), LIMITS).  A field
# past XF_FIELD_MAX rejects its row and reading goes on; a record past
# XF_RECORD_MAX (/dev/zero, a quote never closed) stops the file with
# file:line.  The endless inputs run under a memory ulimit, which the
# reader used to blow through.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"
HDR='received_at,channel,petitioner_name,content'

# --- a 50 MB field between good rows ------------------------------------------
# Line 3: 50 MB unquoted; line 5: 20 MB quoted, over many lines.
{
	echo "$HDR"
	echo '2026-11-20,visit,张三,第一条好行'
	printf '2026-11-20,visit,李四,'
	head -c 50000000 /dev/zero | tr '\0' x
	printf '\n2026-11-21,visit,王五,第二条好行\n'
	printf '2026-11-21,visit,赵六,"'
	yes 'a line of a long quoted field, with "" quotes' | head -c 20000000
	printf '"\n2026-11-22,visit,孙七,第三条好行\n'
} >big.csv
nl=$(yes 'a line of a long quoted field, with "" quotes' | head -c 20000000 |
    wc -l | tr -d ' ')
last=$((5 + nl + 1))
run xf-intake $ASOF --rejects rej.csv big.csv
is "50 MB field: exit 1 (rows rejected, the rest applied)" "$rc" 1
like "... the row rejected, naming file:line and column" "$err" \
    "xf-intake: big.csv:3: content: field longer than 1048576 bytes"
like "... the quoted multi-line one too" "$err" \
    "xf-intake: big.csv:5: content: field longer than 1048576 bytes"
is "... nothing else on stderr" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 2
is "... the good rows stored" \
    "$(q 'select petitioner_name from cases order by case_id' | tr '\n' ' ')" \
    "张三 王五 孙七 "
is "... on their lines, counting the newlines of the long field" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | tr '\n' ' ')" \
    "2 4 $last "
is "... the rejects file keeps the first 1048576 bytes of the field, and U+FFFD where it was cut" \
    "$(awk -F, 'NR == 2 { print $3, length($4), substr($4, 1048577), $5 }' rej.csv)" \
    "李四 1048579 $(printf '\357\277\275') 3"
# Fed back unfixed, a row that could not be kept as read is refused again:
# only the rows fixed are imported (here, none).
n0=$(q 'select count(*) from cases')
run xf-intake $ASOF --rejects rej2.csv rej.csv
is "the rejects file fed back unfixed: exit 3, nothing imported" "$rc $(q 'select count(*) from cases')" "3 $n0"
like "... the cut field still too long" "$err" "rej.csv:2: content: field longer than 1048576 bytes"
rm -f big.csv rej.csv rej2.csv

printf '%s,remark\n2026-11-20,visit,李\377娜,内\000容,备注\n2026-11-20,visit,周\377五,x,\n2026-11-20,visit,钱六,\000,\n' "$HDR" >bytes.csv
run xf-intake $ASOF --rejects bytes-rej.csv bytes.csv
is "invalid bytes and NULs: all rejected" "$rc" 3
sed 's/周�五/周五/' bytes-rej.csv >bytes-fixed.csv
run xf-intake $ASOF --rejects bytes-rej2.csv bytes-fixed.csv
is "... one row fixed and fed back: exit 1" "$rc" 1
is "... exactly the fixed row imported" "$(q "select count(*) from cases where petitioner_name in ('周五', '李�娜', '钱六')")" 1
like "... the others refused for their U+FFFD" "$err" "bytes-fixed.csv:2: petitioner_name: U+FFFD"
like "... the NUL's too" "$err" "bytes-fixed.csv:4: content: U+FFFD"
# The same for xf-update.
id=$(q "select case_id from cases where petitioner_name = '周五'")
printf 'case_id,event,at,note\n%s,note,2026-11-23,好\377的\n%s,note,2026-11-23,坏\000的\n' "$id" "$id" >note.csv
run xf-update $ASOF --rejects note-rej.csv note.csv
is "xf-update: invalid bytes and a NUL: all rejected" "$rc" 3
sed 's/好�的/好的/' note-rej.csv >note-fixed.csv
run xf-update $ASOF --rejects note-rej2.csv note-fixed.csv
is "... one fixed and fed back: exit 1" "$rc" 1
is "... exactly the fixed note recorded" "$(q "select group_concat(note) from events where kind = 'note'")" 好的
like "... the other refused for its U+FFFD" "$err" "note-fixed.csv:3: note: U+FFFD"

# --- endless input under a memory limit ---------------------------------------
# ulimit -v: 200 MB of address space, less than the 300 MB fed, and ample
# for the reader (it stays under 10 MB).  A sanitizer build cannot start
# under it at all; then the same runs go without the limit (still bounded,
# only not enforced).
LIMIT=200000
printf '%s\n2026-11-20,visit,周八,探测\n' "$HDR" >probe.csv
if (ulimit -v $LIMIT && xf-intake --dry-run $ASOF probe.csv) >/dev/null 2>&1
then
	limited() { (ulimit -v $LIMIT && "$@"); }
else
	echo "# xf-intake cannot run under ulimit -v $LIMIT: limit not enforced"
	limited() { "$@"; }
fi

run limited sh -c "head -c 300000000 /dev/zero | xf-intake $ASOF"
is "300 MB of NUL bytes on stdin: exit 3" "$rc" 3
is "... one clear message" "$err" \
    "xf-intake: stdin:1: record longer than 67108864 bytes"

run limited sh -c "{ echo '$HDR'; printf '2026-11-22,visit,吴九,\"'; \
    yes '没有结尾的引号, endless' | head -c 300000000; } | xf-intake $ASOF"
is "a quote never closed, 300 MB after it: exit 3" "$rc" 3
is "... one clear message, at the line the quote opened" "$err" \
    "xf-intake: stdin:2: record longer than 67108864 bytes (a quoted field not closed?)"

run limited sh -c "{ echo '$HDR'; echo '2026-11-22,visit,郑十,好行'; \
    printf '2026-11-23,visit,钱一,\"'; yes | head -c 300000000; } |
    xf-intake $ASOF"
is "the same after a good row: exit 1 (some applied)" "$rc" 1
like "... the message" "$err" "stdin:3: record longer than 67108864 bytes"
is "... the good row stored" \
    "$(q "select count(*) from cases where petitioner_name='郑十'")" 1

run limited sh -c "{ echo '$HDR'; yes , | tr -d '\n' | head -c 300000000; } |
    xf-intake $ASOF"
is "endless commas: exit 3" "$rc" 3
is "... the message" "$err" \
    "xf-intake: stdin:2: record with more than 100000 fields"

done_testing
