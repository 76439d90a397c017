#!/bin/sh
# make demo: the pipeline on the example data, into a fresh demo store:
# register the petitions, assign the accepted ones by the routing rules,
# record what happened next, chase the late ones as the nightly cron job
# would, export what is still overdue, and end with the closure-rate
# report by unit, as a table and as an HTML page.  The store is demo.db and
# the page demo-report.html, in the current directory (or $DEMO_DB and
# $DEMO_HTML).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ex=$top/examples
db=${DEMO_DB:-demo.db}
html=${DEMO_HTML:-demo-report.html}
rm -f "$db" "$db-wal" "$db-shm"
export XF_DB="$db" XF_CONFIG="$ex"

echo "== xf-intake $ex/petitions.csv | xf-assign --auto"
"$top/xf-intake" --as-of 2026-11-24 "$ex/petitions.csv" |
    "$top/xf-assign" --auto --as-of 2026-11-24 |
    cut -d, -f1,3-8
echo
echo "== xf-intake --history $ex/history.csv"
"$top/xf-intake" --as-of 2026-11-24 --history "$ex/history.csv" >/dev/null
echo
echo "== xf-update $ex/updates.csv"
"$top/xf-update" --as-of 2027-02-28 "$ex/updates.csv" |
    cut -d, -f1,3-6
echo
echo "== xf-escalate --as-of 2027-03-01 (the night the two sessions begin)"
"$top/xf-escalate" --as-of 2027-03-01 | cut -d, -f1-5,8
echo
echo "== xf-export --overdue --as-of 2027-03-01 (names and phones masked)"
"$top/xf-export" --overdue --as-of 2027-03-01 | cut -d, -f1,5,7,8,13,22
echo
echo "== xf-report --period 2026 --by unit --format table"
"$top/xf-report" --as-of 2027-02-28 --period 2026 --by unit --format table \
    --metrics received,accepted,closed,closure_rate,on_time_rate,backlog,rank
"$top/xf-report" --as-of 2027-02-28 --period 2026 --by unit --format html \
    >"$html"
case $html in /*) ;; *) html=$(pwd)/$html ;; esac
echo
echo "The same report as a page with its chart: $html"
