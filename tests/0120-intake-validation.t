# xf-intake: row validation, its messages, date forms, and --rejects with a
# fix-and-re-run.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"

# --- rejections -------------------------------------------------------------
cat >v.csv <<'EOF'
received_at,channel,petitioner_name,anonymous,id_number,phone,persons,content,remark
2026-02-30,visit,张一,,,,1,信访日期不存在,r2
2026-11-25,visit,张二,,,,1,信访日期在基准日之后,r3
2026-11-20,visit,张三,,110105194912310021,,1,身份证校验位错误,r4
2026-11-20,visit,张四,,11010519491231002x,,1,身份证末位小写x应被接受,r5
2026-11-20,visit,张五,,110105491231002,,1,十五位旧身份证号应被接受,r6
2026-11-20,visit,张六,,,12345,1,联系电话位数不对,r7
2026-11-20,飞鸽传书,张七,,,,1,未知的信访形式,r8
2026-11-20,visit,张八,,,,0,涉及人数为零,r9
2026-11-20,visit,张九,,,,1,,r10
2026-11-20,visit,,,,,1,既没有姓名也没有标记匿名,r11
2026-11-20,letter,,yes,,,1,匿名来信反映辖区内有赌博窝点,r12
2026-11-20,visit,张十,,,13800138000,1,正常的一条信访,r13
EOF
run xf-intake $ASOF --rejects rej.csv v.csv
is "some rows rejected: exit 1" "$rc" 1
line() {
	printf '%s\n' "$err" | grep "^xf-intake: v.csv:$1: "
}
is "impossible date 2026-02-30" "$(line 2)" \
    'xf-intake: v.csv:2: received_at: invalid date "2026-02-30"'
is "date after --as-of" "$(line 3)" \
    'xf-intake: v.csv:3: received_at: date "2026-11-25" is after the as-of date 2026-11-24'
is "bad ID check character, number masked" "$(line 4)" \
    'xf-intake: v.csv:4: id_number: bad ID number check character in "110105********0021": it does not match the other 17 digits'
is "... never names the right check character" "$(line 4 | tr -cd X)" ""
is "lower-case x accepted" "$(line 5)" ""
is "15-digit legacy ID accepted" "$(line 6)" ""
is "bad phone, masked" "$(line 7)" 'xf-intake: v.csv:7: phone: invalid phone number "1***5"'
like "unknown channel" "$(line 8)" 'xf-intake: v.csv:8: channel: unknown channel "飞鸽传书" (accepted: letter (来信), visit (来访), phone (来电), online (网上信访), fax (传真), hotline-12345 (12345热线), platform-12337 (12337平台), handed-down (上级交办), other (其他); map other words to these in values.csv or with --value channel:飞鸽传书=WORD; see xf-csv(5))'
is "persons 0" "$(line 9)" 'xf-intake: v.csv:9: persons: "0" is not a whole number of at least 1'
is "missing content" "$(line 10)" 'xf-intake: v.csv:10: content: empty, but content is required'
is "missing name without anonymous" "$(line 11)" \
    'xf-intake: v.csv:11: petitioner_name: empty, but petitioner_name is required unless the petition is anonymous (anonymous=yes; for every row, --set anonymous=yes)'
is "anonymous=yes without a name accepted" "$(line 12)" ""
is "exactly 8 messages on stderr" "$(printf '%s\n' "$err" | grep -c .)" 8
is "accepted rows on stdout, by line" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,4 | tr '\n' ' ')" \
    "5,registered 6,registered 12,registered 13,registered "
is "four cases stored" "$(q 'select count(*) from cases')" 4
is "lower-case x stored upper-case" \
    "$(q "select id_number from cases where petitioner_name='张四'")" 11010519491231002X
is "15-digit ID stored as given" \
    "$(q "select id_number from cases where petitioner_name='张五'")" 110105491231002
is "anonymous case stored with anonymous=1 and no name" \
    "$(q "select anonymous||'|'||ifnull(petitioner_name,'NULL') from cases where content like '匿名来信%'")" "1|NULL"
is "no rejected row left anything in the store" \
    "$(q "select count(*) from cases where extra in ('{\"remark\":\"r2\"}','{\"remark\":\"r3\"}','{\"remark\":\"r4\"}','{\"remark\":\"r7\"}','{\"remark\":\"r8\"}','{\"remark\":\"r9\"}','{\"remark\":\"r10\"}','{\"remark\":\"r11\"}')")" 0

cat >more.csv <<'EOF'
received_at,channel,petitioner_name,anonymous,id_number,phone,persons,content
2026-11-20,visit,李一,,,,-3,人数为负数
2026-11-20,visit,李二,,,,两人,人数不是数字
2026-11-20,visit,李三,maybe,,,1,匿名一栏不是是否
2026-11-20,visit,李四,,11010519491231002,,1,身份证少一位
2026-11-20,visit,李五,,11010519491332002X,,1,身份证出生日期不存在
2026-11-20,visit,李六,,,010-1234,1,座机号码太短
2026-11-20,visit,李七,,,0755 1234 5678,1,座机带空格应被接受
2026-11-20,visit,李八,,,+86 139 0013 9000,1,手机带国家码应被接受
2026-11-20,,李九,,,,1,信访形式为空
,visit,李十,,,,1,信访日期为空
2026-11-20,visit,匿名,,,,1,姓名写作匿名即为匿名
2026-11-20,visit,王一,no,,,1,明确不匿名
EOF
run xf-intake $ASOF more.csv
is "more rejections: exit 1" "$rc" 1
is "more rejections: messages" "$err" \
'xf-intake: more.csv:2: persons: "-3" is not a whole number of at least 1
xf-intake: more.csv:3: persons: "两人" is not a whole number of at least 1
xf-intake: more.csv:4: anonymous: "maybe" is not yes or no (accepted: yes (是), no (否); map other words to these in values.csv or with --value anonymous:maybe=WORD; see xf-csv(5))
xf-intake: more.csv:5: id_number: ID number must have 18 or 15 characters: "11010********1002" has 17
xf-intake: more.csv:6: id_number: invalid birth date in ID number "110105********002X"
xf-intake: more.csv:7: phone: invalid phone number "0**-***4"
xf-intake: more.csv:10: channel: empty, but channel is required (give rows without one a channel with --set channel=WORD, such as other)
xf-intake: more.csv:11: received_at: empty, but received_at is required'
is "landline and +86 mobile normalised" \
    "$(q "select phone from cases where petitioner_name in ('李七','李八') order by petitioner_name")" \
    "0755-12345678
13900139000"
is "name 匿名 means anonymous" "$(q "select anonymous from cases where content like '姓名写作匿名%'")" 1
is "anonymous=no kept as 0" "$(q "select anonymous from cases where petitioner_name='王一'")" 0

# --- date forms -----------------------------------------------------------------
cat >dates.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-22,visit,周一,日期格式一
2026-11-22 08:30,visit,周二,日期格式二
2026-11-22T08:30:00,visit,周三,日期格式三
2026/11/22,visit,周四,日期格式四
2026年11月22日,visit,周五,日期格式五
 2026-11-23 ,visit,周六,日期前后有空格
2026-11-24 23:59:59,visit,周七,基准日最后一秒
EOF
run xf-intake $ASOF dates.csv
is "date forms: exit 0" "$rc" 0
is "date forms: nothing rejected" "$err" ""
is "date forms stored" \
    "$(q "select petitioner_name||'='||received_at from cases where content like '日期%' or content like '基准日%' order by petitioner_name")" \
    "周一=2026-11-22
周七=2026-11-24 23:59:59
周三=2026-11-22 08:30:00
周二=2026-11-22 08:30:00
周五=2026-11-22
周六=2026-11-23
周四=2026-11-22"

printf 'received_at,channel,petitioner_name,content\n12/25/2013 11:59:08 PM,visit,吴一,美式日期带下午时间\n' >mdy.csv
run xf-intake $ASOF --date-order mdy mdy.csv
is "--date-order mdy: exit 0" "$rc" 0
is "--date-order mdy: 12/25/2013 11:59:08 PM stored as 2013-12-25 23:59:08" \
    "$(q "select received_at from cases where petitioner_name='吴一'")" "2013-12-25 23:59:08"
printf 'received_at,channel,petitioner_name,content\n25/12/2013,visit,吴二,欧式日期\n' >dmy.csv
run xf-intake $ASOF --date-order dmy dmy.csv
is "--date-order dmy: exit 0" "$rc" 0
is "--date-order dmy: 25/12/2013 stored as 2013-12-25" \
    "$(q "select received_at from cases where petitioner_name='吴二'")" "2013-12-25"
printf 'received_at,channel,petitioner_name,content\n03/04/2013,visit,吴三,歧义日期\n' >amb.csv
run xf-intake $ASOF --date-order dmy amb.csv
is "--date-order dmy: 03/04/2013 is 3 April" \
    "$(q "select received_at from cases where petitioner_name='吴三'")" "2013-04-03"
run xf-intake $ASOF dmy.csv
is "slashed day-first date without --date-order: rejected, nothing applied: exit 3" "$rc" 3
like "... naming the column and the date" "$err" 'xf-intake: dmy.csv:2: received_at: '
like "... quoting the date" "$err" '"25/12/2013"'

# --- --rejects, fix, re-run ----------------------------------------------------------
rm -f "$XF_DB" "$XF_DB-wal" "$XF_DB-shm"
cat >f.csv <<'EOF'
received_at,channel,petitioner_name,phone,content,remark
2026-11-20,visit,郑一,13800138000,反映被盗电动车案件至今未破,首次来访
2026-02-30,visit,郑二,13900139000,对交通事故认定不服,"日期写错, 待改"
2026-11-21,飞鸽,郑三,,"反映邻里纠纷
处理不公",形式写错
2026-11-22,letter,郑四,,反映派出所办证拖延,
EOF
run xf-intake $ASOF --rejects rej.csv f.csv
is "rejects run: exit 1" "$rc" 1
is "rejects run: two cases" "$(q 'select count(*) from cases')" 2
is "rejects file: original columns plus line and reason, quoted as needed" "$(cat rej.csv)" \
'received_at,channel,petitioner_name,phone,content,remark,line,reason
2026-02-30,visit,郑二,13900139000,对交通事故认定不服,"日期写错, 待改",3,"received_at: invalid date ""2026-02-30"""
2026-11-21,飞鸽,郑三,,"反映邻里纠纷
处理不公",形式写错,4,"channel: unknown channel ""飞鸽"" (accepted: letter (来信), visit (来访), phone (来电), online (网上信访), fax (传真), hotline-12345 (12345热线), platform-12337 (12337平台), handed-down (上级交办), other (其他); map other words to these in values.csv or with --value channel:飞鸽=WORD; see xf-csv(5))"'
like "stderr names the same lines" "$err" "f.csv:4: channel:"

sed -e 's/^2026-02-30,/2026-02-28,/' -e 's/^2026-11-21,飞鸽,/2026-11-21,来信,/' rej.csv >fixed.csv
run xf-intake $ASOF --rejects rej2.csv fixed.csv
is "fixed rejects file: exit 0" "$rc" 0
is "fixed rejects file: nothing on stderr" "$err" ""
is "fixed rejects file: both rows registered" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4,5,6 | tr '\n' ' ')" \
    "registered,2026-02-28,visit registered,2026-11-21,letter "
is "exactly those rows added" "$(q 'select count(*) from cases')" 4
is "fixed rows stored with their content" \
    "$(q "select petitioner_name||'|'||received_at||'|'||channel||'|'||content from cases where petitioner_name in ('郑二','郑三') order by petitioner_name")" \
    "郑三|2026-11-21|letter|反映邻里纠纷
处理不公
郑二|2026-02-28|visit|对交通事故认定不服"
is "line and reason are not kept as extra data" \
    "$(q "select petitioner_name||'='||extra from cases where petitioner_name in ('郑二','郑三') order by petitioner_name")" \
    '郑三={"remark":"形式写错"}
郑二={"remark":"日期写错, 待改"}'
is "the new rejects file has only its header" "$(cat rej2.csv)" \
    "received_at,channel,petitioner_name,phone,content,remark,line,reason"
run xf-intake $ASOF fixed.csv
is "fixed file again: exit 0, all duplicates" \
    "$rc:$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | tr '\n' ' ')" "0:duplicate duplicate "
is "still 4 cases" "$(q 'select count(*) from cases')" 4

# A rejects file that is also an input would be replaced while it is read:
# refused before anything is written (and the fix-and-re-run above names a
# new rejects file).
printf 'received_at,channel,petitioner_name,content,line,reason\n2026-02-27,visit,郑五,修好的一行,3,x\n2026-02-31,visit,郑六,还是错的一行,4,y\n' >same.csv
cp same.csv same.orig
run xf-intake $ASOF --rejects same.csv same.csv
is "--rejects FILE with FILE also an input: exit 2" "$rc" 2
like "... says why" "$err" "--rejects same.csv: is also an input"
ok "... the file is left as it was" cmp -s same.csv same.orig
is "... nothing stored" "$(q "select count(*) from cases where petitioner_name='郑五'")" 0
ok "... no temporary file left beside it" test -z "$(ls same.csv.* 2>/dev/null)"
ln -s same.csv same-link.csv
run xf-intake $ASOF --rejects same-link.csv same.csv
is "... also through a symbolic link" "$rc" 2
ln -s same.csv same-link2.csv
run xf-intake $ASOF --rejects same.csv same-link2.csv
is "... also when the input is the link" "$rc" 2
rm -f same-link.csv same-link2.csv

# The store, its WAL and shared-memory files and directories are refused.
xf-intake $ASOF fixed.csv >/dev/null 2>&1
cp "$XF_DB" store.copy
for target in "$XF_DB" "$XF_DB-wal" "$XF_DB-shm" "$XF_DB-journal" .; do
	run xf-intake $ASOF --rejects "$target" v.csv
	is "--rejects $(basename "$target"): usage error, exit 2" "$rc" 2
	is "... nothing on stdout" "$out" ""
done
like "... the store named" "$(xf-intake --rejects "$XF_DB" v.csv 2>&1)" "is the store"
is "... the store is still a store" "$(q 'select count(*) from cases')" 4
ln -s "$XF_DB" storelink
run xf-intake $ASOF --rejects storelink v.csv
is "... and a symbolic link to the store" "$rc" 2
is "... the store is still a store after that" "$(q 'select count(*) from cases')" 4

# A symbolic link is written through, never left stale.
mkdir -p out
: >out/rej-target.csv
ln -s out/rej-target.csv rej-link.csv
run xf-intake $ASOF --rejects rej-link.csv v.csv
is "--rejects through a symbolic link: exit 1" "$rc" 1
ok "... the link is still a link" test -L rej-link.csv
is "... with the rejected rows" "$(sed 1d out/rej-target.csv | wc -l)" 8
ln -s out/no-such.csv dangling.csv
run xf-intake $ASOF --rejects dangling.csv v.csv
is "a dangling symbolic link: exit 2" "$rc" 2

# A run whose input's header cannot be read leaves an old rejects file.
printf 'a,b\n1,2\n' >old-rej.csv
cp old-rej.csv old-rej.orig
printf 'received_at,channel\n2026-11-20,visit\n' >nohdr.csv
run xf-intake $ASOF --rejects old-rej.csv nohdr.csv
is "header not usable: exit 3" "$rc" 3
ok "... the old rejects file is not emptied" cmp -s old-rej.csv old-rej.orig
: >empty.csv
run xf-intake $ASOF --rejects old-rej.csv empty.csv
ok "... nor by an empty input" cmp -s old-rej.csv old-rej.orig

# A run that stops part-way keeps the rejects it found before the stop.
printf 'received_at,channel,petitioner_name,content\n2026-02-20,visit,钱七,好的一行\n2026-02-30,visit,钱八,坏日期\n"2026-02-21,visit,孙八,引号没有关上\n' >part.csv
run xf-intake $ASOF --rejects part-rej.csv part.csv
is "part-way stop: exit 1" "$rc" 1
like "part-way stop: says where" "$err" "part.csv:4: malformed CSV"
is "... the rejects found before the stop are kept" "$(sed 1d part-rej.csv | cut -d, -f3)" "钱八"

# A row with more fields than the header keeps all of them in the rejects
# file.
printf 'source_ref,received_at,channel,petitioner_name,content\nX1,2026-11-02,来访,李娜,内容二,有逗号没有引号,more\n' >wide.csv
run xf-intake $ASOF --rejects wide-rej.csv wide.csv
like "too many fields: reason" "$err" "row has 7 fields, the header has 5"
like "too many fields: every field kept in the rejects file" "$(sed -n 2p wide-rej.csv)" "内容二,有逗号没有引号,more,2,"
is "... the rejects file is private (0600)" "$(stat -c %a wide-rej.csv)" 600

# What cannot be kept as read is made valid UTF-8, and the reason says so.
printf 'received_at,channel,petitioner_name,content,remark\n2026-11-02,visit,李\377娜,内\000容,备注\n' >bytes.csv
run xf-intake $ASOF --rejects bytes-rej.csv bytes.csv
is "invalid bytes and NUL: rejected, exit 3" "$rc" 3
ok "... the rejects file is valid UTF-8" sh -c 'iconv -f UTF-8 -t UTF-8 bytes-rej.csv >/dev/null'
is "... the fields kept, bad bytes as U+FFFD" "$(sed -n 2p bytes-rej.csv | cut -d, -f3,4,5)" "李�娜,内�容,备注"
like "... the reason says what was replaced" "$(sed -n 2p bytes-rej.csv)" "petitioner_name is kept here with its invalid bytes replaced by U+FFFD"
like "... and the NUL" "$(sed -n 2p bytes-rej.csv)" "content is kept here with its NUL bytes replaced by U+FFFD"
sed -e 's/李�娜/李娜/' -e 's/内�容/内容/' bytes-rej.csv >bytes-fixed.csv
run xf-intake $ASOF --rejects bytes-rej2.csv bytes-fixed.csv
is "... fixed and fed back: exit 0" "$rc" 0
is "... exactly the fixed row imported" "$(q "select petitioner_name||'|'||content||'|'||extra from cases where petitioner_name='李娜' and content='内容'")" '李娜|内容|{"remark":"备注"}'

# With --excel-safe the rejects file is guarded too.
printf 'received_at,channel,petitioner_name,content\n2026-02-30,visit,=1+2,内容\n' >formula.csv
run xf-intake $ASOF --excel-safe --rejects formula-rej.csv formula.csv
like "--excel-safe guards the rejects file" "$(sed -n 2p formula-rej.csv)" ",'=1+2,"

# A bad supervision deadline says what is wrong with it.
printf 'received_at,channel,petitioner_name,content,supervision,supervision_deadline\n2026-11-02,来访,李娜,内容,city,2026-13-45\n' >sup.csv
run xf-intake $ASOF sup.csv
like "bad supervision deadline: the date's own message" "$err" 'supervision_deadline: invalid date "2026-13-45"'

done_testing
