#!/bin/sh
# make demo: register the example petitions into a fresh demo store and
# show what was registered.  The store is demo.db in the current directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
db=${DEMO_DB:-demo.db}
rm -f "$db" "$db-wal" "$db-shm"
echo "== xf-intake: registering $top/examples/petitions.csv into $db"
"$top/xf-intake" --db "$db" --config "$top/examples" --as-of 2026-11-24 \
    "$top/examples/petitions.csv"
echo
echo "== xf-intake --history: importing $top/examples/history.csv"
"$top/xf-intake" --db "$db" --config "$top/examples" --as-of 2026-11-24 \
    --history "$top/examples/history.csv" >/dev/null
echo
echo "== the store now holds"
sqlite3 -header -column "$db" "SELECT status, count(*) AS matters,
    sum(petition_count) AS petitions, sum(is_group) AS groups,
    sum(is_leapfrog) AS leapfrog FROM cases GROUP BY status ORDER BY 2 DESC"
