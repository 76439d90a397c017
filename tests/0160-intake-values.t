#!/bin/sh
# xf-intake reads another system's export as it is: word maps (values.csv,
# --value), fixed values (--set, --force-set), the channel other, and
# messages that say the way out.  Ends with a foreign export imported with
# values.csv, --set and --map only, plain and with --history.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-25"
mkdir cfg

# --- values.csv: matching ---------------------------------------------------
cat >cfg/values.csv <<'EOF'
column,from,to
# English words of a city system; blanks and case do not matter
channel,MOBILE,online
channel, Walk-In Center ,visit
,,

channel,网上来信,来电
信访形式,Hot Line,12345
EOF
cat >m.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-20,mobile,赵一,手机上报
2026-11-20,"  Mobile ",赵二,前后有空格
2026-11-20,WALK-IN CENTER,赵三,大小写不同
2026-11-20,网上来信,赵四,中文原词
2026-11-20,網上來信,赵五,繁体字不是同一个词
2026-11-20,hot line,赵六,列名用别名
2026-11-20,来信,赵七,不在表里的本系统词照常
EOF
run xf-intake $ASOF --config cfg m.csv
is "values.csv: one row rejected, exit 1" "$rc" 1
is "... channels read through the map (case, blanks, Chinese, alias column)" \
    "$(q "select petitioner_name||'='||channel from cases order by petitioner_name" | tr '\n' ' ')" \
    "赵一=online 赵七=letter 赵三=visit 赵二=online 赵六=hotline-12345 赵四=phone "
like "a Chinese word is compared as written" "$err" \
    'm.csv:6: channel: unknown channel "網上來信" (accepted: letter (来信),'
like "... the message names values.csv and --value for this word" "$err" \
    '; map other words to these in values.csv or with --value channel:網上來信=WORD; see xf-csv(5))'
like "... and lists other among the accepted words" "$err" \
    'handed-down (上级交办), other (其他);'

# Chinese header names.
printf '列,原值,对应值\nchannel,Mobile,online\n' >cfg/values.csv
rm -f "$XF_DB"
run xf-intake $ASOF --config cfg m.csv
is "header 列,原值,对应值: Mobile mapped" \
    "$(q "select channel from cases where petitioner_name='赵一'")" online

# --- values.csv: errors name file and line, and nothing runs ----------------
bad() {	# DESC VALUES-LINE WANT
	printf 'column,from,to\nchannel,MOBILE,online\n%s\n' "$2" >cfg/values.csv
	run xf-intake --db bad.db $ASOF --config cfg m.csv
	is "$1: exit 2" "$rc" 2
	like "$1: message" "$err" "$3"
	ok "$1: no store made" test ! -e bad.db
}
bad "to no word of the column" "channel,Pigeon,pigeon" \
    'xf-intake: cfg/values.csv:3: to: "pigeon" is no channel word of xf (accepted: letter (来信),'
bad "a from twice for a column (case and blanks aside)" "channel, mobile ,phone" \
    'cfg/values.csv:3: from: channel "mobile" is already mapped to online on line 2'
bad "a column without a vocabulary" "unit,A,B" \
    'cfg/values.csv:3: column: unit has no closed vocabulary to map to (maps are for channel, anonymous,'
bad "no column" "chanel,A,online" 'cfg/values.csv:3: column: "chanel" is no column of xf-csv(5)'
bad "empty from" "channel,,other" \
    'cfg/values.csv:3: from: empty: a map reads a word; give rows with no channel one with --set channel=WORD'
bad "a status word for channel" "channel,Open,accepted" \
    'cfg/values.csv:3: to: "accepted" is no channel word of xf'
printf 'column,word\n' >cfg/values.csv
run xf-intake --db bad.db $ASOF --config cfg m.csv
is "bad header: exit 2" "$rc" 2
like "... message" "$err" "cfg/values.csv:1: expected the header column,from,to"
# The same from in two columns is two maps.
printf 'column,from,to\nanonymous,Y,yes\nresolved,Y,yes\n' >cfg/values.csv
run xf-intake --db two.db $ASOF --config cfg m.csv
is "the same from for two columns: fine" "$(printf '%s' "$err" | grep -c cfg/values.csv)" 0

# --- --value ------------------------------------------------------------------
printf 'column,from,to\nchannel,MOBILE,online\nchannel,网上来信,online\n' >cfg/values.csv
rm -f "$XF_DB"
run xf-intake $ASOF --config cfg --value channel:mobile=phone \
    --value '信访形式:hot line=来信' m.csv
is "--value wins over values.csv for its word" \
    "$(q "select channel from cases where petitioner_name='赵一'")" phone
is "... values.csv still maps its other words" \
    "$(q "select channel from cases where petitioner_name='赵四'")" online
is "... a --value alone maps (column by alias, to in Chinese)" \
    "$(q "select channel from cases where petitioner_name='赵六'")" letter
usage() {	# DESC WANT ARGS...
	d=$1 w=$2
	shift 2
	run xf-intake --db bad.db $ASOF "$@" m.csv
	is "$d: exit 2" "$rc" 2
	like "$d: message names the option" "$err" "$w"
	ok "$d: no store made" test ! -e bad.db
}
usage "--value without a colon" '--value channel=phone: expected col:from=to' \
    --value channel=phone
usage "--value to no word" '--value channel:x=pigeon: to: "pigeon" is no channel word' \
    --value channel:x=pigeon
usage "--value twice for one word" \
    '--value channel:MOBILE=visit: from: channel "MOBILE" is already mapped to phone' \
    --value channel:mobile=phone --value channel:MOBILE=visit
usage "--value for a column without a vocabulary" \
    '--value content:x=y: column: content has no closed vocabulary' \
    --value content:x=y

# --- --set and --force-set ----------------------------------------------------
cat >s.csv <<'EOF'
received_at,channel,content
2026-11-20,letter,有信访形式
2026-11-21,,信访形式为空
2026-11-22,  ,信访形式只有空格
EOF
rm -f "$XF_DB"
run xf-intake $ASOF --set channel=phone --set anonymous=yes s.csv
is "--set fills a column the file lacks, and empty values: exit 0" "$rc" 0
is "... the file's own value wins" \
    "$(q "select channel from cases order by received_at" | tr '\n' ' ')" \
    "letter phone phone "
is "... --set anonymous=yes stands for the missing name column" \
    "$(q "select count(*) from cases where anonymous=1 and petitioner_name is null")" 3
rm -f "$XF_DB"
run xf-intake $ASOF --force-set channel=fax --set 匿名=是 s.csv
is "--force-set: every row, over the file's value" \
    "$(q "select channel from cases order by received_at" | tr '\n' ' ')" \
    "fax fax fax "
is "... a --set column named by its alias, value in Chinese" \
    "$(q "select count(*) from cases where anonymous=1")" 3
# A --set value goes through the maps and the checks.
printf 'column,from,to\nchannel,MOBILE,online\nanonymous,匿名,yes\n' >cfg/values.csv
rm -f "$XF_DB"
run xf-intake $ASOF --config cfg --set channel=Mobile --set anonymous=匿名 s.csv
is "--set through values.csv" \
    "$(q "select channel from cases order by received_at" | tr '\n' ' ')" \
    "letter online online "
is "... yes/no map" "$(q "select count(*) from cases where anonymous=1")" 3
rm -f "$XF_DB"
run xf-intake $ASOF --set channel=x --value channel:x=visit --set anonymous=yes s.csv
is "--set through --value" "$(q "select channel from cases where content like '%为空'")" visit
run xf-intake --db date.db $ASOF --force-set received_at=2026-11-31 \
    --set channel=phone --set anonymous=yes s.csv
is "a --force-set bad date: every row rejected, exit 3" "$rc" 3
is "... each with the column's message" "$(printf '%s\n' "$err" | grep -c 'received_at: invalid date "2026-11-31"')" 3
usage "--set of no column" '--set remark=x: "remark" is no column of xf-intake (see xf-csv(5))' \
    --set remark=x
usage "--set without =" '--set channel: expected col=value' --set channel
usage "--set with an empty value" '--set channel= : empty value' --set 'channel= '
usage "--set of a word the column does not know" \
    '--set channel=pigeon: unknown channel "pigeon" (accepted: letter (来信),' \
    --set channel=pigeon
like "... it says how to map it" "$err" 'or map it with values.csv or --value channel:pigeon=WORD'
usage "--set twice for one column" \
    '--force-set 信访形式=fax: channel already has a value (--set channel=phone)' \
    --set channel=phone --force-set 信访形式=fax
usage "--set of source_ref" \
    '--set source_ref=A: every row would have the same source_ref' --set source_ref=A

# --- the channel other, and messages that teach ---------------------------------
cat >o.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-20,other,钱一,渠道不明
2026-11-20,其他,钱二,中文其他
2026-11-20,,钱三,渠道为空
2026-11-20,visit,,没有姓名
2026-11-20,visit,钱五,
,visit,钱六,没有日期
EOF
rm -f "$XF_DB"
run xf-intake $ASOF o.csv
is "other and 其他 are channels; empty ones are rejected" \
    "$(q "select channel from cases order by petitioner_name" | tr '\n' ' ')" "other other "
is "an empty channel is required, not taken for other" "$(printf '%s\n' "$err" | grep o.csv:4:)" \
    'xf-intake: o.csv:4: channel: empty, but channel is required (give rows without one a channel with --set channel=WORD, such as other)'
is "an empty name says the field is required, and the way out" "$(printf '%s\n' "$err" | grep o.csv:5:)" \
    'xf-intake: o.csv:5: petitioner_name: empty, but petitioner_name is required unless the petition is anonymous (anonymous=yes; for every row, --set anonymous=yes)'
is "an empty content says the field is required" "$(printf '%s\n' "$err" | grep o.csv:6:)" \
    'xf-intake: o.csv:6: content: empty, but content is required'
is "an empty date says the field is required" "$(printf '%s\n' "$err" | grep o.csv:7:)" \
    'xf-intake: o.csv:7: received_at: empty, but received_at is required'
run xf-intake $ASOF --set channel=other o.csv
is "--set channel=other gives the empty one" \
    "$(q "select channel from cases where petitioner_name='钱三'")" other

printf 'when,what\n2026-11-20,没有必需的列\n' >n.csv
run xf-intake --db bad.db $ASOF n.csv
is "missing required columns: exit 3" "$rc" 3
is "... all listed, with --map and --set as ways out" "$err" \
    'xf-intake: n.csv:1: no column for received_at, channel, content, petitioner_name (or anonymous, for anonymous petitions): name them so, or by an alias of xf-csv(5), or read another column as one with --map NAME=HEADER, or give every row a value with --set NAME=VALUE'
run xf-intake $ASOF --map received_at=when --map content=what \
    --set channel=letter --set anonymous=yes n.csv
is "... --set satisfies the required-columns check: exit 0" "$rc" 0

cat >h.csv <<'EOF'
received_at,channel,petitioner_name,content,status,resolved,level_received,satisfaction,outcome,closed_at,replied_at
2026-10-01,visit,孙一,状态不认识,Pending Review,,,,,,
2026-10-01,visit,孙二,状态为空,,,,,,,
2026-10-01,visit,孙三,化解不认识,closed,perhaps,,,,2026-10-20,2026-10-20
2026-10-01,visit,孙四,层级不认识,registered,,Prov. Dept,,,,
2026-10-01,visit,孙五,评价不认识,closed,,,So-so,,2026-10-20,2026-10-20
EOF
run xf-intake --db hist.db $ASOF --history h.csv
msg() { printf '%s\n' "$err" | grep "h.csv:$1:"; }
like "unknown status: lists the statuses and the way out" "$(msg 2)" \
    'status: unknown status "Pending Review" (accepted: registered (登记), accepted (受理),'
like "... naming --value status:" "$(msg 2)" \
    'map other words to these in values.csv or with --value status:Pending Review=WORD; see xf-csv(5))'
is "empty status with --history: required" "$(msg 3)" \
    'xf-intake: h.csv:3: status: empty, but status is required with --history (give rows without one a status with --set status=WORD)'
like "unknown yes/no word" "$(msg 4)" \
    'resolved: "perhaps" is not yes or no (accepted: yes (是), no (否); map other words to these in values.csv or with --value resolved:perhaps=WORD'
like "unknown level" "$(msg 5)" 'level_received: unknown level "Prov. Dept" (accepted: ministry (部),'
like "unknown satisfaction" "$(msg 6)" 'satisfaction: unknown satisfaction "So-so" (accepted: satisfied (满意),'
# The same rows, mapped.
cat >cfg/values.csv <<'EOF'
column,from,to
status,Pending Review,accepted
resolved,perhaps,no
level_received,Prov. Dept,province
satisfaction,So-so,basically-satisfied
satisfaction,N/A,not-evaluated
outcome,Upheld,support
EOF
printf '2026-10-01,visit,孙六,意见映射,closed,,,N/A,Upheld,2026-10-20,2026-10-20\n' >>h.csv
rm -f "$XF_DB"
run xf-intake $ASOF --history --config cfg --set status=registered h.csv
is "history words mapped, empty status --set: exit 0" "$rc" 0
is "... stored as xf's words" \
    "$(q "select petitioner_name||':'||status||','||ifnull(resolved,'')||','||ifnull(satisfaction,'')||','||ifnull(outcome,'') from cases order by petitioner_name" | tr '\n' ' ')" \
    "孙一:accepted,,, 孙三:closed,0,, 孙二:registered,,, 孙五:closed,,basically-satisfied, 孙六:closed,,,support 孙四:registered,,, "
is "... a mapped level makes a leapfrog petition" \
    "$(q "select is_leapfrog||','||leapfrog_level from cases where petitioner_name='孙四'")" 1,province

# --- end to end: a foreign city system's service-request export ---------------
# US dates, its own headers and words, no petitioner names, a location
# column with line breaks; examples/values.csv holds the word map.
mkdir city
cp "$XF_TOP/examples/values.csv" city/values.csv
cat >requests.csv <<'EOF'
Request ID,Created Date,Source,Status,Description,Closed Date,Location
SR-1001,11/02/2026,MOBILE,Open,Streetlight out near the school,,"Elm St
at 5th Ave"
SR-1002,11/03/2026,PHONE,In Progress,Noise from a bar every night,,"200 Oak St
Apt 3
rear door"
SR-1003,11/04/2026,WALK-IN,Closed,Abandoned car on Elm St,11/20/2026,
SR-1004,11/05/2026,Mobile App,closed,Dog barking all night,11/21/2026,Pine Rd
SR-1005,11/06/2026,  mobile ,In progress,Blocked fire lane at the mall,,Mall
SR-1006,11/07/2026,Fax Machine,Open,Request for patrol on Maple St,,
EOF
IMPORT="--config city --date-order mdy --map source_ref=request_id
    --map received_at=created_date --map channel=Source
    --map content=Description --map closed_at=closed_date
    --map replied_at=closed_date --set anonymous=yes"
rm -f "$XF_DB"
run xf-intake $ASOF $IMPORT --rejects rej.csv requests.csv
is "foreign export: exit 1 (one word no map reads)" "$rc" 1
like "... the word named, with the way out" "$err" \
    'requests.csv:10: Source: unknown channel "Fax Machine"'
is "... the rejects file keeps the row as the export had it" \
    "$(sed -n '2p' rej.csv | cut -d, -f1-4)" "SR-1006,11/07/2026,Fax Machine,Open"
run xf-intake $ASOF $IMPORT --value 'channel:Fax Machine=fax' requests.csv
is "... with --value for it: exit 0, the rest duplicates" "$rc" 0
is "... every row stored" "$(q 'select count(*) from cases')" 6
is "... channels in xf's words" \
    "$(q "select source_ref||'='||channel from cases order by source_ref" | tr '\n' ' ')" \
    "SR-1001=online SR-1002=phone SR-1003=visit SR-1004=online SR-1005=online SR-1006=fax "
is "... US dates read" "$(q "select received_at from cases where source_ref='SR-1006'")" 2026-11-07
is "... all anonymous, without names" \
    "$(q "select count(*) from cases where anonymous=1 and petitioner_name is null")" 6
is "... new petitions are triaged, whatever the export's status" \
    "$(q "select status, count(*) from cases group by status")" "accepted|6"
is "... the location kept with its line breaks" \
    "$(q "select extra from cases where source_ref='SR-1002'")" \
    '{"Location":"200 Oak St\u000aApt 3\u000arear door"}'
run xf-intake $ASOF $IMPORT --value 'channel:Fax Machine=fax' requests.csv
is "... again: nothing doubled" "$(q 'select count(*) from cases')" 6

# The import of old cases: the word goes into values.csv, so that only
# values.csv, --set and --map are used.
printf 'channel,Fax Machine,fax\n' >>city/values.csv
rm -f "$XF_DB"
run xf-intake $ASOF $IMPORT requests.csv
is "plain, with values.csv, --set and --map only: exit 0, every row stored" \
    "$rc $(q "select count(*), count(distinct channel) from cases")" "0 6|4"
rm -f "$XF_DB"
run xf-intake $ASOF --history $IMPORT requests.csv
is "--history: exit 0" "$rc" 0
is "--history: every row stored, statuses in xf's words" \
    "$(q "select source_ref||'='||status from cases order by source_ref" | tr '\n' ' ')" \
    "SR-1001=accepted SR-1002=assigned SR-1003=closed SR-1004=closed SR-1005=assigned SR-1006=accepted "
is "--history: closed ones with their closing and reply dates" \
    "$(q "select source_ref||','||closed_at||','||replied_at from cases where status='closed' order by 1" | tr '\n' ' ')" \
    "SR-1003,2026-11-20,2026-11-20 SR-1004,2026-11-21,2026-11-21 "
is "--history: the store's counts" \
    "$(q "select count(*), sum(imported), sum(anonymous), count(distinct channel) from cases")" "6|6|6|4"

done_testing
