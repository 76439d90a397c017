#!/bin/sh
# make demo: the pipeline on the example data, into a fresh demo store:
# register the petitions, assign the accepted ones by the routing rules,
# record what happened next, and show the store.  The store is demo.db in
# the current directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ex=$top/examples
db=${DEMO_DB:-demo.db}
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
echo "== the store now holds"
sqlite3 -header -column "$db" "SELECT status, count(*) AS matters,
    sum(petition_count) AS petitions, sum(is_group) AS groups,
    sum(is_leapfrog) AS leapfrog FROM cases GROUP BY status ORDER BY 2 DESC"
echo
echo "== by unit"
sqlite3 -header -column "$db" "SELECT ifnull(unit, '(none)') AS unit,
    count(*) AS matters, sum(status IN ('closed', 'terminated')) AS closed
    FROM cases GROUP BY unit ORDER BY 2 DESC, 1"
