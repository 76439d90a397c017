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
is "unknown channel" "$(line 8)" 'xf-intake: v.csv:8: channel: unknown channel "飞鸽传书"'
is "persons 0" "$(line 9)" 'xf-intake: v.csv:9: persons: "0" is not a whole number of at least 1'
is "missing content" "$(line 10)" 'xf-intake: v.csv:10: content: empty'
is "missing name without anonymous" "$(line 11)" \
    'xf-intake: v.csv:11: petitioner_name: empty (mark anonymous petitions with anonymous=yes)'
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
xf-intake: more.csv:4: anonymous: "maybe" is not yes or no
xf-intake: more.csv:5: id_number: ID number must have 18 or 15 characters: "11010********1002" has 17
xf-intake: more.csv:6: id_number: invalid birth date in ID number "110105********002X"
xf-intake: more.csv:7: phone: invalid phone number "0**-***4"
xf-intake: more.csv:10: channel: empty
xf-intake: more.csv:11: received_at: empty'
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
is "slashed day-first date without --date-order: rejected, exit 1" "$rc" 1
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
处理不公",形式写错,4,"channel: unknown channel ""飞鸽"""'
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

# An admin who names the rejects file as both input and --rejects must not
# lose its rows: either it is refused and left alone, or it is read first.
printf 'received_at,channel,petitioner_name,content,line,reason\n2026-02-27,visit,郑五,修好的一行,3,x\n2026-02-31,visit,郑六,还是错的一行,4,y\n' >same.csv
cp same.csv same.orig
run xf-intake $ASOF --rejects same.csv same.csv
if cmp -s same.csv same.orig; then kept=unchanged
elif [ "$(q "select count(*) from cases where petitioner_name='郑五'")" = 1 ] &&
    grep -q '郑六' same.csv; then kept=read-first
else kept=lost; fi
ok "--rejects FILE with FILE also the input: rows not lost ($kept, exit $rc)" \
    [ "$kept" != lost ]
is "... read first: only the still-bad row is left" "$(sed 1d same.csv | cut -d, -f3)" "郑六"
is "... its old line and reason replaced, not kept" "$(sed 1d same.csv)" '2026-02-31,visit,郑六,还是错的一行,3,"received_at: invalid date ""2026-02-31"""'
is "... the header once, with one line and reason" "$(head -n 1 same.csv)" "received_at,channel,petitioner_name,content,line,reason"
is "... the rejects file is private (0600)" "$(stat -c %a same.csv)" 600

# A run that stops before reading the rejects file to its end leaves it.
cp same.orig stop.csv
run xf-intake $ASOF --encoding NO-SUCH-ENCODING --rejects stop.csv stop.csv
ok "stopped run: the rejects file that was its input is left as it was" cmp -s stop.csv same.orig
ok "stopped run: no temporary file left beside it" test -z "$(ls stop.csv.* 2>/dev/null)"
# Also when it stops part-way with some rows applied (exit 1).
printf 'received_at,channel,petitioner_name,content,line,reason\n2026-02-20,visit,钱七,好的一行,2,x\n"2026-02-21,visit,孙八,引号没有关上,3,y\n' >part.csv
cp part.csv part.orig
run xf-intake $ASOF --rejects part.csv part.csv
is "part-way stop: exit 1" "$rc" 1
ok "part-way stop: the rejects file that was its input is left as it was" cmp -s part.csv part.orig
like "part-way stop: says so" "$err" "part.csv: left as it was"

# A row with more fields than the header keeps all of them in the rejects
# file, so nothing is lost when the rejects file replaces its input.
printf 'source_ref,received_at,channel,petitioner_name,content\nX1,2026-11-02,来访,李娜,内容二,有逗号没有引号,more\n' >wide.csv
run xf-intake $ASOF --rejects wide.csv wide.csv
like "too many fields: reason" "$err" "row has 7 fields, the header has 5"
like "too many fields: every field kept in the rejects file" "$(sed -n 2p wide.csv)" "内容二,有逗号没有引号,more,2,"

# A bad supervision deadline says what is wrong with it.
printf 'received_at,channel,petitioner_name,content,supervision,supervision_deadline\n2026-11-02,来访,李娜,内容,city,2026-13-45\n' >sup.csv
run xf-intake $ASOF sup.csv
like "bad supervision deadline: the date's own message" "$err" 'supervision_deadline: invalid date "2026-13-45"'

done_testing
