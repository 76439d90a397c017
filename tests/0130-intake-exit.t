# xf-intake: every exit status (xf(7)): 0, 1, 2, 3, 75; and two intakes
# at once.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"

cat >good.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-20,visit,张三,反映被盗电动车案件至今未破
2026-11-21,letter,李四,对交通事故认定不服
EOF
cat >mixed.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-22,visit,王五,反映邻里纠纷派出所处理不公
2026-02-30,visit,赵六,信访日期不存在
EOF

# --- 0 ------------------------------------------------------------------------
run xf-intake $ASOF good.csv
is "all applied: exit 0" "$rc" 0
is "... quiet on stderr" "$err" ""
is "... run recorded with status 0" "$(q 'select status from runs order by run_id desc limit 1')" 0
run xf-intake $ASOF good.csv
is "all duplicates: exit 0" "$rc" 0
run xf-intake $ASOF --dry-run mixed.csv
is "dry run with a rejected row: exit 1" "$rc" 1
printf 'received_at,channel,petitioner_name,content\n' >hdronly.csv
run xf-intake $ASOF hdronly.csv
is "header only: exit 0" "$rc" 0
printf 'received_at,channel,petitioner_name,content\n\n\n' >blank.csv
run xf-intake $ASOF blank.csv
is "header and blank lines: exit 0" "$rc" 0
run sh -c "xf-intake $ASOF <good.csv"
is "stdin, all duplicates: exit 0" "$rc" 0

# --- 1 ------------------------------------------------------------------------
run xf-intake $ASOF mixed.csv
is "some rejected: exit 1" "$rc" 1
like "... the rejected row on stderr" "$err" "mixed.csv:3: received_at:"
is "... the good row applied" "$(q "select count(*) from cases where petitioner_name='王五'")" 1
printf 'received_at,channel,petitioner_name,content\n2026-02-30,visit,孙七,全部被拒\n' >allbad.csv
run xf-intake $ASOF allbad.csv
is "every row rejected: nothing applied, exit 3" "$rc" 3
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,周八,字段太多,多出来的\n' >wide.csv
run xf-intake $ASOF wide.csv
is "row with more fields than the header (the only row): exit 3" "$rc" 3
is "... message" "$err" "xf-intake: wide.csv:2: row has 5 fields, the header has 4"
printf 'received_at,channel,petitioner_name,content\n2026-11-23,visit,吴九,第一个文件里的好行\n' >one.csv
run xf-intake $ASOF one.csv nonexistent.csv
is "a good file and a missing one: exit 1 (some applied)" "$rc" 1
like "... naming the missing file" "$err" "nonexistent.csv: No such file or directory"
is "... the good file applied" "$(q "select count(*) from cases where petitioner_name='吴九'")" 1

# --- 2 ------------------------------------------------------------------------
n0=$(q 'select count(*) from cases')
run xf-intake $ASOF --no-such-option good.csv
is "unknown option: exit 2" "$rc" 2
like "... usage on stderr" "$err" "usage: xf-intake"
is "... nothing on stdout" "$out" ""
run xf-intake $ASOF --date-order ydm good.csv
is "bad --date-order: exit 2" "$rc" 2
like "... usage on stderr" "$err" "usage: xf-intake"
run xf-intake $ASOF --map nonsense good.csv
is "bad --map (no =): exit 2" "$rc" 2
like "... saying what is expected" "$err" "--map nonsense: expected new=old"
run xf-intake $ASOF --map =old good.csv
is "bad --map (no new name): exit 2" "$rc" 2
run xf-intake $ASOF --map new= good.csv
is "bad --map (no old name): exit 2" "$rc" 2
run xf-intake --as-of 2026-13-01 good.csv
is "bad --as-of: exit 2" "$rc" 2
like "... naming it" "$err" '--as-of: invalid date "2026-13-01"'
run xf-intake --as-of yesterday good.csv
is "non-date --as-of: exit 2" "$rc" 2
run xf-intake --as-of 2026-02-29 good.csv
is "--as-of on a day that does not exist: exit 2" "$rc" 2
sqlite3 other.db 'create table t(x);'
run xf-intake --db other.db $ASOF good.csv
is "non-xf store: exit 2" "$rc" 2
like "... saying so" "$err" "not an xf store"
sqlite3 newer.db 'PRAGMA application_id=1480982785; PRAGMA user_version=99;'
run xf-intake --db newer.db $ASOF good.csv
is "store from a newer program: exit 2" "$rc" 2
run xf-intake --db "$T/no/such/dir/xf.db" $ASOF good.csv
is "store in a missing directory: exit 2" "$rc" 2
is "usage and configuration errors changed nothing" "$(q 'select count(*) from cases')" "$n0"
run xf-intake --db "$T/fresh1.db" --as-of 2026-13-01 good.csv
ok "bad --as-of creates no store (exit $rc)" [ ! -e "$T/fresh1.db" ]
run xf-intake --db "$T/fresh2.db" $ASOF --map nonsense good.csv
ok "bad --map creates no store (exit $rc)" [ ! -e "$T/fresh2.db" ]
run xf-intake $ASOF --rejects "$T/no/such/dir/rej.csv" good.csv
is "--rejects in a missing directory: exit 2" "$rc" 2
like "... naming it" "$err" "no/such/dir/rej.csv: No such file or directory"

# --- 3 ------------------------------------------------------------------------
printf 'received_at,channel,content\n2026-11-22,visit,没有姓名列\n' >nocol.csv
run xf-intake $ASOF nocol.csv
is "missing required column: exit 3" "$rc" 3
is "... message" "$err" "xf-intake: nocol.csv:1: no column for petitioner_name (or anonymous, for anonymous petitions): name them so, or by an alias of xf-csv(5), or read another column as one with --map NAME=HEADER, or give every row a value with --set NAME=VALUE"
printf 'received_at,petitioner_name,content\n2026-11-22,冯一,没有信访形式列\n' >nochan.csv
run xf-intake $ASOF nochan.csv
is "missing channel column: exit 3" "$rc" 3
like "... message" "$err" "nochan.csv:1: no column for channel: name them so"
printf 'date,channel,name,content,信访日期\n2026-11-22,visit,冯二,两列都是日期,2026-11-22\n' >twice.csv
run xf-intake $ASOF twice.csv
is "two columns meaning the same field: exit 3" "$rc" 3
like "... message" "$err" 'twice.csv:1: columns "date" and "信访日期" both mean received_at'
run xf-intake $ASOF nonexistent.csv
is "nonexistent input file: exit 3" "$rc" 3
is "... message" "$err" "xf-intake: nonexistent.csv: No such file or directory"
: >empty.csv
run xf-intake $ASOF empty.csv
is "empty input file: exit 3" "$rc" 3
like "... message" "$err" "empty.csv: empty file"
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,冯三,引号"在中间\n2026-11-22,visit,冯四,后面的好行\n' >mal.csv
run xf-intake $ASOF mal.csv
is "malformed CSV on the first record: exit 3" "$rc" 3
like "... message names file:line" "$err" "xf-intake: mal.csv:2: malformed CSV"
run xf-intake $ASOF nocol.csv good.csv
is "bad header then a file of duplicates: exit 3 (nothing applied)" "$rc" 3
is "fatal input errors changed nothing" "$(q 'select count(*) from cases')" "$n0"
run xf-intake $ASOF --dry-run one.csv nonexistent.csv
is "dry run: a good file and a missing one: exit 3 (nothing applied)" "$rc" 3

# --- 75 ------------------------------------------------------------------------
# Another process holds the write lock until told to let go (no sleeps:
# the test waits until the lock is seen held, and releases it after).
mkfifo lockfifo
sqlite3 "$XF_DB" <lockfifo &
locker=$!
exec 3>lockfifo
echo '.timeout 10000' >&3
echo 'BEGIN IMMEDIATE; INSERT INTO runs(tool,started_at,as_of) VALUES(1,2,3);' >&3
i=0
while [ $i -lt 3000 ] &&
    sqlite3 "$XF_DB" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1; do
	sleep 0.01
	i=$((i + 1))
done
printf 'received_at,channel,petitioner_name,content\n2026-11-23,visit,褚五,锁住期间提交的信访\n' >locked.csv
run env XF_BUSY_TIMEOUT=200 xf-intake $ASOF locked.csv
is "store locked past the busy timeout: exit 75" "$rc" 75
like "... saying the store is locked" "$err" "store is locked by another process"
is "... nothing on stdout but the header" "$(printf '%s\n' "$out" | sed 1d)" ""
echo 'COMMIT;' >&3
exec 3>&-
wait $locker
is "the locking transaction committed" "$(q "select count(*) from runs where tool='1'")" 1
is "... and the locked-out row was not stored" "$(q "select count(*) from cases where petitioner_name='褚五'")" 0
run env XF_BUSY_TIMEOUT=200 xf-intake $ASOF locked.csv
is "retry after the lock is gone: exit 0" "$rc" 0
is "... row stored" "$(q "select count(*) from cases where petitioner_name='褚五'")" 1

# --- two at once ------------------------------------------------------------------
gen() {
	echo "source_ref,received_at,channel,petitioner_name,content"
	i=1
	while [ $i -le "$2" ]; do
		echo "$1-$i,2026-11-2$((i % 4)),visit,信访人$1$i,关于第${i}号事项的反映$1"
		i=$((i + 1))
	done
}
gen A 300 >ca.csv
gen B 300 >cb.csv
export XF_DB="$T/two.db"
xf-intake $ASOF ca.csv >a.out 2>a.err &
pa=$!
xf-intake $ASOF cb.csv >b.out 2>b.err &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
is "two intakes at once on a fresh store: both exit 0" "$ra $rb" "0 0"
is "... quiet" "$(cat a.err b.err)" ""
is "... the store holds the sum" "$(q 'select count(*) from cases')" 600
is "... every case id unique and numbered without gaps per day" \
    "$(q "select count(distinct case_id), max(cast(substr(case_id,13) as int)) from cases where case_id like 'XF-20261121-%'")" \
    "150|150"
is "... each run printed its own 300 rows" "$(($(wc -l <a.out) - 1)) $(($(wc -l <b.out) - 1))" "300 300"
is "... two runs recorded" "$(q 'select count(*) from runs where status=0')" 2

# --- the run's record, output that cannot be written --------------------------
rm -f "$XF_DB"
run xf-intake --batch 1 --as-of 2026-11-24 "$XF_TOP/examples/petitions.csv"
is "last row fills a batch: exit 0" "$rc" 0
is "... the run is still recorded as finished" "$(q 'select count(*) from runs where finished_at is not null and status = 0')" 1
if [ -w /dev/full ]; then
	printf 'received_at,channel,petitioner_name,content\n2026-11-01,visit,张三,报案后没有进展\n' >full.csv
	run sh -c 'xf-intake --as-of 2026-11-24 full.csv >/dev/full'
	is "stdout cannot be written: exit 3" "$rc" 3
	like "... and says so" "$err" "stdout"
	printf 'received_at,channel,petitioner_name,content\n2026-11-02,visit,李四,报案后没有进展\n2026-13-01,visit,王五,x\n' >full2.csv
	run sh -c 'xf-intake --as-of 2026-11-24 full2.csv >/dev/full'
	is "stdout cannot be written, with a rejected row: still exit 3" "$rc" 3
fi

# --- a run that failed says so -------------------------------------------------
rm -f "$XF_DB" "$XF_DB-wal" "$XF_DB-shm"
awk 'BEGIN { print "received_at,channel,petitioner_name,content"
	for (i = 1; i <= 30000; i++)
		printf "2026-11-%02d,visit,人%d,第%d号事项的反映内容\n", i % 20 + 1, i, i }' >big.csv
sh -c 'xf-intake --as-of 2026-11-24 --db pipe.db --batch 1000 big.csv 2>pipe.err; echo $? >pipe.rc' | head -n 1 >/dev/null
is "a closed pipe: exit 3, not killed by SIGPIPE" "$(cat pipe.rc)" 3
like "... says so" "$(cat pipe.err)" "stdout: Broken pipe"
is "... the run recorded as unfinished, with status 3" "$(sqlite3 pipe.db 'select ifnull(finished_at, "unfinished")||","||status from runs')" "unfinished,3"
ok "... the batches before the stop are stored" [ "$(sqlite3 pipe.db 'select count(*) from cases')" -ge 1000 ]
# (A dry run on a store that does not exist keeps its store in memory, so
# only the output meets the limit.)
sh -c 'ulimit -f 64; xf-intake --as-of 2026-11-24 --db fsz.db --dry-run --batch 1000 big.csv >fsz.out 2>fsz.err; echo $? >fsz.rc'
is "a file-size limit on the output: exit 3, not killed by SIGXFSZ" "$(cat fsz.rc)" 3
like "... says so" "$(cat fsz.err)" "stdout: File too large"
sh -c 'ulimit -f 64; xf-intake --as-of 2026-11-24 --db fsz.db --batch 1000 big.csv >/dev/null 2>fsz.err; echo $? >fsz.rc'
is "a file-size limit on the store: exit 3" "$(cat fsz.rc)" 3
like "... with the reason" "$(cat fsz.err)" "file-size limit"
# The limit met part-way, after batches were committed: exit 1 (xf(7)),
# and the run is still recorded as stopped, not as finished.
rm -f fsz2.db fsz2.db-wal fsz2.db-shm
sh -c 'ulimit -f 3000; xf-intake --as-of 2026-11-24 --db fsz2.db --batch 100 big.csv >/dev/null 2>fsz.err; echo $? >fsz.rc'
n=$(sqlite3 fsz2.db 'select count(*) from cases')
ok "a file-size limit met part-way: some batches stored ($n)" [ "$n" -gt 0 -a "$n" -lt 30000 ]
is "... exit 1" "$(cat fsz.rc)" 1
like "... with the reason" "$(cat fsz.err)" "file-size limit"
is "... the run recorded as unfinished, with status 3" "$(sqlite3 fsz2.db 'select ifnull(finished_at, "unfinished")||","||status from runs')" "unfinished,3"
# A day's case numbers run out (only a hand-made number can make it so):
# only that day's rows are refused, by line, and the rest is stored.
xf-intake $ASOF --db full.db a.csv >/dev/null 2>&1 ||
    printf 'received_at,channel,petitioner_name,content\n2026-11-01,visit,张三,报案后没有进展\n' | xf-intake $ASOF --db full.db >/dev/null
sqlite3 full.db "insert into cases (case_no, received_at, channel, content, status, run_id) values (20261102999999999, '2026-11-02', 'visit', 'x', 'registered', 1)"
printf 'received_at,channel,petitioner_name,content,remark\n2026-11-02,visit,李四,这一天的编号已经用完,"多余的,一列"\n2026-11-03,visit,王五,第二天还有编号,\n' >day.csv
run xf-intake $ASOF --db full.db --rejects day-rej.csv day.csv
is "case numbers of a day used up: that row rejected, exit 1" "$rc" 1
is "... the message names file, line, column and day" "$err" \
    'xf-intake: day.csv:2: received_at: no case number left for 2026-11-02: a day numbers at most 999999999 matters'
is "... the other day's row stored" "$(sqlite3 full.db "select count(*) from cases where received_at = '2026-11-03'")" 1
is "... the refused row in --rejects with its columns" "$(sed -n 2p day-rej.csv)" \
    '2026-11-02,visit,李四,这一天的编号已经用完,"多余的,一列",2,received_at: no case number left for 2026-11-02: a day numbers at most 999999999 matters'
is "... the run recorded as finished with status 1" "$(sqlite3 full.db 'select status from runs order by run_id desc limit 1')" 1

done_testing
