# xf-intake: registering, the store, duplicates, --dry-run, extra columns.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-11-24"
HDR=case_id,source_ref,line,result,received_at,channel,category,status,disposition,disposition_target,triage_deadline,unit,persons,group,leapfrog,first_petition,repeat_of,petitions

cat >a.csv <<'EOF'
received_at,channel,petitioner_name,id_number,phone,persons,content,category,unit,remark
2026-11-20,visit,张三,11010519491231002X,13800138000,1,反映被盗电动车案件至今未破,治安,城关派出所,老访户
2026-11-21,letter,李四,,13900139000,2,对交通事故认定不服,交通,交警大队,
2026-11-23 09:15,phone,王五,,,1,反映邻里纠纷派出所处理不公,治安,东城派出所,要求回电
EOF

# --- a first registration --------------------------------------------------
run xf-intake $ASOF a.csv
is "first intake: exit 0" "$rc" 0
is "first intake: nothing on stderr" "$err" ""
is "stdout header" "$(printf '%s\n' "$out" | sed -n 1p)" "$HDR"
is "first column of every row is a case_id" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1 | tr '\n' ' ')" \
    "XF-20261120-0001 XF-20261121-0001 XF-20261123-0001 "
is "each row registered, with its input line" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f3,4 | tr '\n' ' ')" \
    "2,registered 3,registered 4,registered "
is "output row 1 in full" "$(printf '%s\n' "$out" | sed -n 2p)" \
    "XF-20261120-0001,,2,registered,2026-11-20,visit,治安,accepted,accept,,2026-12-07,城关派出所,1,0,,1,,1"
is "three cases in the store" "$(q 'select count(*) from cases')" 3
is "stored fields of the first case" \
    "$(q "select received_at,channel,petitioner_name,id_number,phone,persons,content,category,unit,status from cases where case_id='XF-20261120-0001'")" \
    "2026-11-20|visit|张三|11010519491231002X|13800138000|1|反映被盗电动车案件至今未破|治安|城关派出所|accepted"
is "time of day kept" \
    "$(q "select received_at from cases where case_id='XF-20261123-0001'")" \
    "2026-11-23 09:15:00"
is "one register event per case" \
    "$(q "select case_id||':'||count(*) from case_events where kind='register' group by case_id order by case_id" | tr '\n' ' ')" \
    "XF-20261120-0001:1 XF-20261121-0001:1 XF-20261123-0001:1 "
is "no other events" "$(q 'select count(*) from events')" 3
is "register event: at the received date, status set to accepted, by xf-intake" \
    "$(q "select at,field,ifnull(old_value,'NULL'),new_value,tool from case_events where case_id='XF-20261121-0001'")" \
    "2026-11-21|status|NULL|accepted|xf-intake"
is "one run recorded, with the as-of date and status 0" \
    "$(q "select count(*),min(tool),min(as_of),min(status) from runs")" \
    "1|xf-intake|2026-11-24 23:59:59|0"
is "store file created mode 0600" "$(stat -c %a "$XF_DB")" 600
is "store is WAL" "$(q 'pragma journal_mode')" wal
is "store has the xf application_id" "$(q 'pragma application_id')" 1480982785

# --- unknown columns ----------------------------------------------------------
is "unknown column kept as JSON in extra" \
    "$(q "select json_extract(extra,'\$.remark') from cases where case_id='XF-20261120-0001'")" \
    "老访户"
is "empty unknown column stores no extra" \
    "$(q "select ifnull(extra,'NULL') from cases where case_id='XF-20261121-0001'")" \
    "NULL"
is "extra is valid JSON" "$(q "select count(*) from cases where extra is not null and json_valid(extra)")" 2

# --- re-running the same file ------------------------------------------------
run xf-intake $ASOF a.csv
is "re-run: exit 0" "$rc" 0
is "re-run: nothing on stderr" "$err" ""
is "re-run: every row a duplicate of its case" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,3,4 | tr '\n' ' ')" \
    "XF-20261120-0001,2,duplicate XF-20261121-0001,3,duplicate XF-20261123-0001,4,duplicate "
is "re-run: still three cases" "$(q 'select count(*) from cases')" 3
is "re-run: still three events" "$(q 'select count(*) from events')" 3
is "re-run: no petitions joined" "$(q 'select count(*) from petitions')" 0

# Same rows with different blanks around values: the same petition.
sed -e 's/,张三,/, 张三 ,/' -e 's/,2,/,2 ,/' a.csv >a2.csv
run xf-intake $ASOF a2.csv
is "blank-padded copy: exit 0" "$rc" 0
is "blank-padded copy: all duplicates (fingerprint of trimmed values)" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f4 | sort | uniq -c | tr -s ' ')" \
    " 3 duplicate"
is "blank-padded copy: still three cases" "$(q 'select count(*) from cases')" 3

# A changed row without source_ref is no duplicate: here the same person on
# the same matter, so a further petition joined to the open case.
sed -n '1p;3p' a.csv | sed 's/对交通事故认定不服/对交通事故认定不服，要求重新鉴定/' >a3.csv
run xf-intake $ASOF a3.csv
is "changed content, same person and matter: a repeat, not a duplicate" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,4,17,18)" \
    "XF-20261121-0001,repeat,XF-20261121-0001,2"
is "... recorded as a petition on the case" "$(q 'select count(*) from petitions')" 1
is "... no new case" "$(q 'select count(*) from cases')" 3
# A changed row by someone else is a new case.
sed -n '1p;3p' a.csv | sed -e 's/李四,,13900139000/钱十,,13700137000/' >a4.csv
run xf-intake $ASOF a4.csv
is "same content by another person: registered as a new case" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,4)" "XF-20261121-0002,registered"

# --- source_ref ----------------------------------------------------------------
cat >r.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content
GA-2026-001,2026-11-20,visit,赵六,反映身份证办理被拖延
GA-2026-002,2026-11-21,online,孙七,网上反映噪音扰民无人处理
EOF
cat >r2.csv <<'EOF'
source_ref,received_at,channel,petitioner_name,content
GA-2026-001,2026-11-22,letter,赵六,编号相同但内容已经改写
GA-2026-003,2026-11-22,fax,周八,传真反映出警超时
EOF
run xf-intake $ASOF r.csv
is "source_ref file: exit 0" "$rc" 0
is "source_ref stored" "$(q "select source_ref from cases where source_ref like 'GA-%' order by 1" | tr '\n' ' ')" \
    "GA-2026-001 GA-2026-002 "
n0=$(q 'select count(*) from cases')
e0=$(q 'select count(*) from events')
r0=$(q 'select count(*) from runs')

# --- --dry-run ----------------------------------------------------------------
run xf-intake $ASOF --dry-run r2.csv
is "--dry-run: exit 0" "$rc" 0
is "--dry-run: prints the duplicate and what would be registered" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f2-4 | tr '\n' ' ')" \
    "GA-2026-001,2,duplicate GA-2026-003,3,registered "
is "--dry-run: would-be case id" "$(printf '%s\n' "$out" | sed -n 3p | cut -d, -f1)" \
    XF-20261122-0001
is "--dry-run: count unchanged" "$(q 'select count(*) from cases')" "$n0"
is "--dry-run: no events added" "$(q 'select count(*) from events')" "$e0"
is "--dry-run: no case registered on that day" "$(q "select count(*) from cases where case_id like 'XF-20261122-%'")" 0
is "--dry-run: no run recorded" "$(q 'select count(*) from runs')" "$r0"

run xf-intake $ASOF r2.csv
is "source_ref re-used with other content: exit 0" "$rc" 0
is "row with a known source_ref is a duplicate of its case" \
    "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1-4)" \
    "XF-20261120-0002,GA-2026-001,2,duplicate"
is "new source_ref registered with the id the dry run showed" \
    "$(printf '%s\n' "$out" | sed -n 3p | cut -d, -f1-4)" \
    "XF-20261122-0001,GA-2026-003,3,registered"
is "source_ref duplicate left the stored case alone" \
    "$(q "select received_at,channel,content from cases where source_ref='GA-2026-001'")" \
    "2026-11-20|visit|反映身份证办理被拖延"
is "one more case" "$(q 'select count(*) from cases')" $((n0 + 1))

# Identical content with a new source_ref is a new petition, not a duplicate.
sed 's/GA-2026-002/GA-2026-099/' r.csv | sed -n '1p;3p' >r3.csv
run xf-intake $ASOF r3.csv
is "same content, new source_ref: not a duplicate" \
    "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f2,4)" "GA-2026-099,registered"

# Two identical rows in one file: the second is a duplicate of the first.
cat >twice.csv <<'EOF'
received_at,channel,petitioner_name,content
2026-11-22,visit,吴九,同一文件里重复出现的信访件
2026-11-22,visit,吴九,同一文件里重复出现的信访件
EOF
run xf-intake $ASOF twice.csv
is "same row twice in one file: registered then duplicate" \
    "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,4 | tr '\n' ' ')" \
    "XF-20261122-0002,registered XF-20261122-0002,duplicate "

# --- stores that are not ours ------------------------------------------------
sqlite3 other.db 'create table t(x); insert into t values (1);'
run xf-intake --db other.db $ASOF a.csv
is "non-xf SQLite store refused: exit 2" "$rc" 2
like "... saying so" "$err" "other.db: not an xf store"
is "... and left alone" "$(sqlite3 other.db 'select count(*) from sqlite_schema')" 1

printf 'this is not a database at all, just some text that is long enough\n' >junk.db
run xf-intake --db junk.db $ASOF a.csv
is "non-SQLite file as store refused: exit 2" "$rc" 2
like "... saying so" "$err" "not an xf store"

sqlite3 newer.db 'PRAGMA application_id=1480982785; PRAGMA user_version=99;'
run xf-intake --db newer.db $ASOF a.csv
is "store with a newer user_version refused: exit 2" "$rc" 2
like "... saying so" "$err" "newer than this program"
is "... and left alone" "$(sqlite3 newer.db 'pragma user_version')" 99

run env XF_DB="$T/viaenv.db" xf-intake $ASOF r.csv
is "XF_DB names the store" "$rc/$(sqlite3 "$T/viaenv.db" 'select count(*) from cases')" 0/2
run xf-intake --db "$T/viaopt.db" $ASOF r.csv
is "--db names the store" "$rc/$(sqlite3 "$T/viaopt.db" 'select count(*) from cases')" 0/2

done_testing
