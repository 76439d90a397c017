# xf-intake: the CSV it reads (line ends, BOM, quoting, Chinese headers,
# --map, GB18030, NUL bytes, malformed quoting) and writes (--crlf, --bom,
# --excel-safe).
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"
HDR=case_id,source_ref,line,result,received_at,channel,category,status,disposition,disposition_target,triage_deadline,unit,persons,group,leapfrog,first_petition,repeat_of,petitions

# content of a case, by petitioner name
content() {
	q "select content from cases where petitioner_name='$1'"
}

# --- CRLF -------------------------------------------------------------------
printf 'received_at,channel,petitioner_name,content\r\n2026-11-20,visit,张三,CRLF文件的第一条\r\n2026-11-21,letter,李四,CRLF文件的第二条\r\n' >crlf.csv
run xf-intake $ASOF crlf.csv
is "CRLF file: exit 0" "$rc" 0
is "CRLF file: two cases" "$(q 'select count(*) from cases')" 2
is "CRLF file: no CR left in the last column" "$(q "select count(*) from cases where content like '%'||char(13)||'%'")" 0
is "CRLF file: content" "$(content 李四)" "CRLF文件的第二条"
is "CRLF file: lines" "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | tr '\n' ' ')" "2 3 "

# --- BOM --------------------------------------------------------------------
printf '\357\273\277received_at,channel,petitioner_name,content\n2026-11-20,visit,王五,带BOM的文件\n' >bom.csv
run xf-intake $ASOF bom.csv
is "BOM file: exit 0 (first header recognised)" "$rc" 0
is "BOM file: received_at read" "$(q "select received_at from cases where petitioner_name='王五'")" 2026-11-20
printf '\357\273\277信访日期,信访形式,姓名,信访内容\r\n2026-11-20,来访,赵六,带BOM和CRLF的中文表头文件\r\n' >bomzh.csv
run xf-intake $ASOF bomzh.csv
is "BOM + CRLF + Chinese headers: exit 0" "$rc" 0
is "... stored" "$(content 赵六)" "带BOM和CRLF的中文表头文件"

# --- quoting ----------------------------------------------------------------
cat >quoted.csv <<'EOF'
received_at,channel,petitioner_name,content,remark
2026-11-20,visit,孙七,"反映问题，含逗号, 还有""引号""",一
2026-11-21,letter,周八,"第一行
第二行
第三行",二
2026-11-22,visit,,后面一行缺姓名,三
2026-11-22,phone,吴九,"结尾,",四
EOF
run xf-intake $ASOF quoted.csv
is "quoted file: exit 1 (one row rejected)" "$rc" 1
is "quoted commas and doubled quotes stored intact" "$(content 孙七)" '反映问题，含逗号, 还有"引号"'
is "quoted newlines stored intact" "$(content 周八)" "第一行
第二行
第三行"
is "quoted newlines stored as LF, 3 lines" "$(q "select length(content)-length(replace(content,char(10),'')) from cases where petitioner_name='周八'")" 2
is "trailing comma inside quotes kept" "$(content 吴九)" "结尾,"
is "the row after a 3-line record is rejected naming line 6" "$err" \
    "xf-intake: quoted.csv:6: petitioner_name: empty, but petitioner_name is required unless the petition is anonymous (anonymous=yes; for every row, --set anonymous=yes)"
is "output lines: 2, 3 (spanning 3-5) and 7" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3 | tr '\n' ' ')" "2 3 7 "

printf 'received_at,channel,petitioner_name,content\r\n2026-11-20,letter,郑十,"CRLF文件\r\n里的多行\r\n内容"\r\n2026-11-21,visit,,缺姓名\r\n' >crlfq.csv
run xf-intake $ASOF crlfq.csv
is "CRLF with a quoted newline: row after it rejected on line 5" "$err" \
    "xf-intake: crlfq.csv:5: petitioner_name: empty, but petitioner_name is required unless the petition is anonymous (anonymous=yes; for every row, --set anonymous=yes)"
is "... content kept with its line breaks" \
    "$(q "select replace(replace(content,char(13),'<CR>'),char(10),'<LF>') from cases where petitioner_name='郑十'")" \
    "CRLF文件<CR><LF>里的多行<CR><LF>内容"

# --- Chinese headers ----------------------------------------------------------
cat >zh.csv <<'EOF'
信访日期,信访形式,姓名,身份证号,联系电话,涉及人数,信访内容,问题类别,责任单位
2026年11月20日,来访,陈一,11010519491231002X,13800138000,1,反映被盗电动车案件至今未破,治安,城关派出所
2026/11/21,来信,林二,,010-12345678,6,集体反映小区噪音扰民,治安,东城分局
EOF
run xf-intake $ASOF zh.csv
is "Chinese headers: exit 0" "$rc" 0
is "Chinese headers: every column mapped" \
    "$(q "select received_at,channel,petitioner_name,id_number,phone,persons,content,category,unit,ifnull(extra,'') from cases where petitioner_name in ('陈一','林二') order by received_at")" \
    "2026-11-20|visit|陈一|11010519491231002X|13800138000|1|反映被盗电动车案件至今未破|治安|城关派出所|
2026-11-21|letter|林二||010-12345678|6|集体反映小区噪音扰民|治安|东城分局|"
is "Chinese headers: 6 persons is a group petition" \
    "$(q "select is_group from cases where petitioner_name='林二'")" 1

# --- --map -------------------------------------------------------------------
cat >m.csv <<'EOF'
来访时间,channel,petitioner_name,诉求内容,备注
2026-11-20,visit,黄三,反映派出所出警太慢,需回访
EOF
run xf-intake $ASOF m.csv
is "unknown header for a required column: exit 3" "$rc" 3
like "... naming the missing column" "$err" "m.csv:1: no column for received_at, content: name them so, or by an alias of xf-csv(5), or read another column as one with --map NAME=HEADER, or give every row a value with --set NAME=VALUE"
run xf-intake $ASOF --map received_at=来访时间 --map content=诉求内容 m.csv
is "--map new=old: exit 0" "$rc" 0
is "--map: columns read under their new names" \
    "$(q "select received_at,content from cases where petitioner_name='黄三'")" \
    "2026-11-20|反映派出所出警太慢"
is "--map: mapped columns are not extra, unmapped ones are" \
    "$(q "select extra from cases where petitioner_name='黄三'")" '{"备注":"需回访"}'
printf 'Date Received,Channel,Name,Complaint Text\n2026-11-20,visit,Liu Si,noise from the bar every night\n' >m2.csv
run xf-intake $ASOF --map received_at=date_received --map content="Complaint Text" m2.csv
is "--map by normalised name and by the header as written: exit 0" "$rc" 0
is "... stored" "$(q "select received_at,content from cases where petitioner_name='Liu Si'")" \
    "2026-11-20|noise from the bar every night"

# A map cannot go wrong quietly.
run xf-intake $ASOF --map content=诉求内容 --map content=备注 m.csv
is "two maps to one target: exit 2" "$rc" 2
like "... naming both options" "$err" '--map content=备注: content is already read from "诉求内容" (--map content=诉求内容)'
run xf-intake $ASOF --map remarks=备注 m.csv
is "a map to no column: exit 2" "$rc" 2
like "... naming the option" "$err" '--map remarks=备注: "remarks" is no column of xf-intake (see xf-csv(5))'
run xf-intake $ASOF --map received_at=来访时间 --map content=诉求内容 --map address=住所 m.csv
is "a map whose source the header lacks: the file is not read, exit 3" "$rc" 3
like "... naming the header it has" "$err" 'm.csv:1: --map address=住所: the header has no column "住所"; it has: 来访时间, channel, petitioner_name, 诉求内容, 备注'
# One source column may feed several targets.
printf 'source_ref,received_at,channel,petitioner_name,content,status,accepted_at,Closed\nMC1,2026-10-01,visit,钟一,一件事,closed,2026-10-02,2026-10-20\n' >m3.csv
run xf-intake $ASOF --history --map closed_at=Closed --map replied_at=Closed m3.csv
is "one column, two targets: exit 0" "$rc" 0
is "... both read" "$(q "select replied_at||','||closed_at from cases where source_ref='MC1'")" "2026-10-20,2026-10-20"

# Extra columns are trimmed like every other; blank ones are left out; an
# empty or repeated header name cannot make a JSON key twice.
printf 'received_at,channel,petitioner_name,content,备注,,备注,空白\n2026-11-21,visit,钟二,二件事,"\n 要回访 ",甲,乙,"　 "\n' >x.csv
run xf-intake $ASOF x.csv
is "extra columns: exit 0" "$rc" 0
is "... trimmed, keys unique, blanks left out" "$(q "select extra from cases where petitioner_name='钟二'")" \
    '{"备注":"要回访","column 6":"甲","备注 (7)":"乙"}'
is "... valid JSON with three keys" "$(q "select count(*) from cases, json_each(cases.extra) where petitioner_name='钟二'")" 3
# A name three times, and a header that is literally a renamed key.
printf 'received_at,channel,petitioner_name,content,x,x,x,x (6)\n2026-11-21,visit,钟三,三件事,a,b,c,d\n' >x3.csv
run xf-intake $ASOF x3.csv
is "a name three times: keys unique" "$(q "select extra from cases where petitioner_name='钟三'")" \
    '{"x":"a","x (6)":"b","x (7)":"c","x (6) (8)":"d"}'

# --- GB18030 -----------------------------------------------------------------
cat >gbsrc.csv <<'EOF'
信访日期,信访形式,姓名,信访内容,责任单位
2026-11-20,来访,何五,"反映被盗电动车案件，
至今未破",城关派出所
2026-11-21,局长信箱,罗六,网上反映噪音扰民𠀀,东城分局
EOF
iconv -f UTF-8 -t GB18030 gbsrc.csv >gb.csv
ok "GB18030 test file differs from its UTF-8 source" sh -c '! cmp -s gb.csv gbsrc.csv'
run xf-intake $ASOF --encoding GB18030 gb.csv
is "--encoding GB18030: exit 0" "$rc" 0
is "--encoding GB18030: stored text equals the UTF-8 original" \
    "$(q "select petitioner_name||'|'||content||'|'||unit from cases where petitioner_name in ('何五','罗六') order by received_at")" \
    "何五|反映被盗电动车案件，
至今未破|城关派出所
罗六|网上反映噪音扰民𠀀|东城分局"
is "--encoding GB18030: channels recognised" \
    "$(q "select channel from cases where petitioner_name in ('何五','罗六') order by received_at" | tr '\n' ' ')" \
    "visit online "

run xf-intake $ASOF gb.csv
is "GB18030 Chinese header without --encoding: exit 3" "$rc" 3
like "... header not UTF-8, with a hint" "$err" \
    "gb.csv:1: header column 1 is not valid UTF-8 (try --encoding GB18030)"

cat >gbrows.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-22,visit,Ma Qi,plain ASCII row
2026-11-22,visit,马七,反映派出所不作为
EOF
iconv -f UTF-8 -t GB18030 gbrows.csv >gbrows-gb.csv
run xf-intake $ASOF gbrows-gb.csv
is "GB18030 rows without --encoding: exit 1" "$rc" 1
like "... row rejected as invalid UTF-8, naming the column" "$err" \
    "xf-intake: gbrows-gb.csv:3: petitioner_name: invalid UTF-8"
like "... with the hint" "$err" "try --encoding GB18030"
is "... the ASCII row registered" "$(q "select count(*) from cases where petitioner_name='Ma Qi'")" 1
is "... nothing with mangled text stored" "$(q "select count(*) from cases where not (petitioner_name = cast(cast(petitioner_name as blob) as text))")" 0
run xf-intake $ASOF --encoding GB18030 gbrows-gb.csv
is "same file with --encoding GB18030: exit 0" "$rc" 0
is "... the Chinese row now stored" "$(content 马七)" "反映派出所不作为"

printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,\325\305,before the bad bytes\n2026-11-22,visit,\377\377,x\n' >gbbad.csv
run xf-intake $ASOF --encoding GB18030 gbbad.csv
like "invalid GB18030 bytes: error names the line" "$err" "gbbad.csv:3: invalid byte sequence"
is "... exit 1: the row before them applied" "$rc" 1
is "... that row stored" "$(q "select content from cases where petitioner_name='张'")" "before the bad bytes"
run xf-intake $ASOF --encoding NO-SUCH-CODESET zh.csv
is "unknown --encoding: exit 2" "$rc" 2
like "... naming it" "$err" 'unknown encoding "NO-SUCH-CODESET"'

# --- NUL bytes ----------------------------------------------------------------
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,朱八,内容里有\000字节\n2026-11-22,visit,秦九,正常的一条\n' >nul.csv
run xf-intake $ASOF nul.csv
is "NUL byte in a field: exit 1" "$rc" 1
is "... rejected naming line and column" "$err" "xf-intake: nul.csv:2: content: NUL byte at byte 13"
is "... that row not stored" "$(q "select count(*) from cases where petitioner_name='朱八'")" 0
is "... the next row stored" "$(content 秦九)" "正常的一条"

# --- malformed quoting ------------------------------------------------------------
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,许一,a"b\n2026-11-22,visit,何二,好的一条\n' >bad1.csv
n0=$(q 'select count(*) from cases')
run xf-intake $ASOF bad1.csv
is "quote in an unquoted field on the first record: exit 3" "$rc" 3
like "... error names file:line" "$err" "xf-intake: bad1.csv:2: malformed CSV"
is "... nothing stored" "$(q 'select count(*) from cases')" "$n0"
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,许三,好的一条\n2026-11-22,visit,许四,"abc"def\n' >bad2.csv
run xf-intake $ASOF bad2.csv
is "malformed quoting after a good row: exit 1 (some applied)" "$rc" 1
like "... error names file:line" "$err" "xf-intake: bad2.csv:3: malformed CSV"
is "... the good row stored" "$(q "select count(*) from cases where petitioner_name='许三'")" 1
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,许五,"没有闭合的引号\n后面还有一行\n' >bad3.csv
run xf-intake $ASOF bad3.csv
is "unclosed quote: exit 3" "$rc" 3
like "... error names the line where the record starts" "$err" "xf-intake: bad3.csv:2: malformed CSV: quoted field not closed"
printf 'received_at,channel,petitioner_name,content\n2026-11-22,visit,许六,好的一条\n"2026-11-22,visit,许七,没有闭合的引号在第一列\n' >bad4.csv
run xf-intake $ASOF bad4.csv
like "unclosed quote in the first column: error names line 3, where the record starts" "$err" "xf-intake: bad4.csv:3: malformed CSV: quoted field not closed"
is "... exit 1: the row before it applied" "$rc" 1

# --- output: --crlf, --bom, --excel-safe ----------------------------------------
cat >x.csv <<'EOF'
received_at,channel,petitioner_name,content,category,unit
2026-11-20,visit,冯一,Excel注入测试,=1+2,"@单位,甲"
2026-11-20,visit,冯二,Excel注入测试二,-减号,+加号
EOF
xf-intake --db "$T/out.db" $ASOF --dry-run x.csv >plain.out
xf-intake --db "$T/out.db" $ASOF --dry-run --crlf x.csv >crlf.out
xf-intake --db "$T/out.db" $ASOF --dry-run --bom x.csv >bom.out
xf-intake --db "$T/out.db" $ASOF --dry-run --excel-safe x.csv >xs.out
xf-intake --db "$T/out.db" $ASOF --dry-run --crlf --bom --excel-safe x.csv >all.out
is "default output: LF only" "$(tr -cd '\r' <plain.out | wc -c)" 0
is "default output: no BOM" "$(head -c 3 plain.out | od -An -tx1 | tr -d ' ')" 636173
is "default output: = + - @ left alone" "$(sed -n 2p plain.out | cut -d, -f7)" "=1+2"
is "--crlf: every line ends in CR LF" "$(grep -c "$(printf '\r')\$" crlf.out)" 3
is "--crlf: same text otherwise" "$(tr -d '\r' <crlf.out)" "$(cat plain.out)"
is "--bom: starts with EF BB BF then the header" "$(head -c 10 bom.out | od -An -tx1 | tr -d ' \n')" efbbbf636173655f6964
is "--bom: only one BOM" "$(grep -c "$(printf '\357\273\277')" bom.out)" 1
is "--excel-safe: header unchanged" "$(sed -n 1p xs.out)" "$HDR"
is "--excel-safe: row 1" "$(sed -n 2p xs.out)" \
    "XF-20261120-0001,,2,registered,2026-11-20,visit,'=1+2,accepted,accept,,2026-12-07,\"'@单位,甲\",1,0,,1,,1"
is "--excel-safe: row 2" "$(sed -n 3p xs.out)" \
    "XF-20261120-0002,,3,registered,2026-11-20,visit,'-减号,accepted,accept,,2026-12-07,'+加号,1,0,,1,,1"
is "--crlf --bom --excel-safe together" "$(tail -c +4 all.out | tr -d '\r')" "$(cat xs.out)"
is "... with the BOM" "$(head -c 3 all.out | od -An -tx1 | tr -d ' ')" efbbbf
ok "dry runs on a store that does not exist created nothing" \
    test ! -e "$T/out.db" -a ! -e "$T/out.db-wal"

done_testing
