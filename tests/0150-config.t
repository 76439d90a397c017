#!/bin/sh
# The configuration directory: time limits (limits.csv) change the
# deadlines xf-intake sets; a bad file is a configuration error naming its
# line, found before any store is made.
. "$(dirname "$0")/lib.sh"

ASOF="--as-of 2026-08-04"
printf 'received_at,channel,petitioner_name,content\n2026-08-04,visit,张三,报案后没有进展\n' >a.csv

run xf-intake $ASOF a.csv
is "statutory limits: triage 15 days" "$(q 'select triage_deadline from cases')" 2026-08-19
is "... handling 60 days, past the National Day holiday" "$(q 'select deadline from cases')" 2026-10-08

mkdir cfg
printf 'period,days,count\n# a local rule\ntriage,10\nhandle,30,working\n' >cfg/limits.csv
rm -f "$XF_DB"
run xf-intake $ASOF --config cfg a.csv
is "limits.csv: exit 0" "$rc" 0
is "... triage in 10 days" "$(q 'select triage_deadline from cases')" 2026-08-14
is "... handling in 30 working days" "$(q 'select deadline from cases')" 2026-09-15

printf 'period,days\nhandle,0\n' >cfg/limits.csv
run xf-intake --db new.db $ASOF --config cfg a.csv
is "days 0: exit 2" "$rc" 2
like "... names file and line" "$err" 'cfg/limits.csv:2: days: "0" is not a whole number from 1 to 365'
ok "... no store made" test ! -e new.db
printf 'period,days\nappeal,30\n' >cfg/limits.csv
run xf-intake --db new.db $ASOF --config cfg a.csv
like "unknown period: named with the accepted ones" "$err" 'cfg/limits.csv:2: period: unknown period "appeal" (accepted: triage, handle'
printf 'period,days,count\nhandle,30,lunar\n' >cfg/limits.csv
run xf-intake --db new.db $ASOF --config cfg a.csv
like "unknown count" "$err" 'cfg/limits.csv:2: count: "lunar" is not calendar or working'
printf 'days,period\n' >cfg/limits.csv
run xf-intake --db new.db $ASOF --config cfg a.csv
is "a header alone: fine (nothing changed)" "$rc" 0
printf 'what,ever\n' >cfg/limits.csv
run xf-intake --db new2.db $ASOF --config cfg a.csv
like "no period column" "$err" "cfg/limits.csv:1: expected the header period,days[,count]"

done_testing
