#!/bin/sh
# xf-intake: resident ID numbers checked strictly (GB 11643-1999 and the
# GB/T 2260 province codes): full-width digits read as ASCII, the
# province, births before 1900 or after the as-of day, and messages that
# never show a whole number or the right check character.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"

# Check characters were worked out by the formula of GB 11643-1999.
cat >id.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,id_number,content
R2,2026-11-20,visit,张一,１１０１０５１９４９１２３１００２Ｘ,全角数字的身份证号
R3,2026-11-20,visit,张二,１１０１０５１９４９１２３１００２ｘ,全角小写x
R4,2026-11-20,visit,张三,110105１９４９１２３１002X,半角全角混排
R5,2026-11-20,visit,张四,１１０１０５１９４９１２３１００２１,全角而校验位错误
R6,2026-11-20,visit,张五,990105194912310023,省级代码不存在
R7,2026-11-20,visit,张六,110105189912310023,出生于1900年之前
R8,2026-11-20,visit,张七,110105202611250016,出生日期在基准日之后
R9,2026-11-20,visit,张八,11010519491231002号,十八个字符但有汉字
R10,2026-11-20,visit,张九,110105189902300016,出生日期不存在
R11,2026-11-20,visit,张十,830000199001010020,台湾居民居住证号码
R12,2026-11-20,visit,李一,810000199001010019,港澳居民居住证号码
R13,2026-11-20,visit,李二,990105491231002,十五位而省级代码不存在
R14,2026-11-20,visit,李三,110105202611240010,出生于基准日当天
EOF
run xf-intake $ASOF --rejects rej.csv id.csv
is "some rows rejected: exit 1" "$rc" 1
line() {
	printf '%s\n' "$err" | grep "^xf-intake: id.csv:$1: "
}
is "full-width digits and X: accepted (was: must have 18 characters, has 18)" "$(line 2)" ""
is "... stored in ASCII" \
    "$(q "select id_number from cases where source_ref='R2'")" 11010519491231002X
is "full-width x: stored upper-case ASCII" \
    "$(q "select id_number from cases where source_ref='R3'")" 11010519491231002X
is "half and full width mixed: stored in ASCII" \
    "$(q "select id_number from cases where source_ref='R4'")" 11010519491231002X
is "full-width with a wrong check character: masked, the right one unsaid" "$(line 5)" \
    'xf-intake: id.csv:5: id_number: bad ID number check character in "１１０１０５********００２１": it does not match the other 17 digits'
is "an unknown province code" "$(line 6)" \
    'xf-intake: id.csv:6: id_number: ID number "990105********0023" does not start with a province-level area code (GB/T 2260): no province has code 99'
is "a real day before 1900 says so" "$(line 7)" \
    'xf-intake: id.csv:7: id_number: birth date in ID number "110105********0023" is before 1900'
is "a birth after the as-of day" "$(line 8)" \
    'xf-intake: id.csv:8: id_number: birth date in ID number "110105********0016" is after the as-of date 2026-11-24'
is "18 characters, one no digit: not a length error" "$(line 9)" \
    'xf-intake: id.csv:9: id_number: ID number "110105********002号" must be digits (the last of 18 may be X)'
is "a day that does not exist" "$(line 10)" \
    'xf-intake: id.csv:10: id_number: invalid birth date in ID number "110105********0016"'
is "a Taiwan resident's permit (83): accepted" "$(line 11)" ""
is "a Hong Kong resident's permit (81): accepted" "$(line 12)" ""
is "a 15-digit number with an unknown province" "$(line 13)" \
    'xf-intake: id.csv:13: id_number: ID number "990105******002" does not start with a province-level area code (GB/T 2260): no province has code 99'
is "born on the as-of day: accepted" "$(line 14)" ""
is "seven messages" "$(printf '%s\n' "$err" | grep -c .)" 7
is "the rejected rows in --rejects, by line" \
    "$(awk -F, 'NR>1{print $1}' rej.csv | tr '\n' ' ')" "R5 R6 R7 R8 R9 R10 R13 "
is "six cases stored" "$(q 'select count(*) from cases')" 6
# Nothing on stderr shows a birth date or a right check character.
ok "no birth date on stderr" sh -c '! printf "%s" "$1" | grep -q -e 1949 -e １９４９ -e 1899 -e 2026112 -e 18990230' - "$err"
is "no X in R5's message (its right check character)" "$(line 5 | grep -c -e X -e Ｘ)" 0

# The same person typed in full width and in ASCII is one person.
cat >rep.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,id_number,content
P1,2026-11-21,visit,王五,510104197803220027,报案后案件一直没有进展，请求尽快破案。
P2,2026-11-22,phone,王五,５１０１０４１９７８０３２２００２７,报案后案件一直没有进展，请求尽快破案！
EOF
run xf-intake $ASOF rep.csv
is "full width and ASCII: exit 0" "$rc" 0
is "... the second joins the first as a repeat" \
    "$(printf '%s\n' "$out" | awk -F, '$2=="P2"{print $4}')" repeat

# A dry run is as strict.
printf 'received_at,channel,petitioner_name,id_number,content\n2026-11-20,visit,周一,000105194912310024,代码为零\n2026-11-20,visit,周二,440304200002290014,好的一行\n' >zero.csv
run xf-intake $ASOF --dry-run zero.csv
is "--dry-run: exit 1" "$rc" 1
like "... province code 00 refused" "$err" "zero.csv:2: id_number: "'ID number "000105********0024" does not start with a province-level area code'

done_testing
