#!/bin/sh
# make install honours PREFIX and DESTDIR; make demo runs the pipeline.
. "$(dirname "$0")/lib.sh"

run make -s -C "$XF_TOP" install DESTDIR="$T/root" PREFIX=/opt/xf
is "make install: exit 0" "$rc" 0
for tool in xf-intake xf-assign xf-update xf-escalate xf-report xf-export; do
	ok "$tool installed under DESTDIR/PREFIX/bin" test -x "$T/root/opt/xf/bin/$tool"
done
for page in xf.7 xf-intake.1 xf-assign.1 xf-update.1 xf-escalate.1 xf-report.1 xf-export.1 xf-escalation.5 xf-csv.5 xf-db.5 xf-rules.5 xf-routing.5 xf-calendar.5 xf-units.5 xf-limits.5; do
	sec=${page##*.}
	ok "man page $page installed" test -f "$T/root/opt/xf/share/man/man$sec/$page"
done
run "$T/root/opt/xf/bin/xf-intake" --db "$T/inst.db" --as-of 2026-11-24 "$XF_TOP/examples/petitions.csv"
is "the installed binary works" "$rc" 0

run env DEMO_DB="$T/demo.db" DEMO_HTML="$T/demo.html" make -s -C "$XF_TOP" demo
is "make demo: exit 0" "$rc" 0
like "make demo registers and assigns by the routing rules" "$out" "XF-20261102-0001,assigned,,assigned,反诈中心,110000200"
like "... skips what was forwarded" "$out" "XF-20261105-0001,skipped,status forwarded"
like "... records the replies" "$out" "XF-20261103-0002,reply,changed,closed,2026-12-04"
like "... escalates a late matter up the tree" "$out" "XF-20261104-0001,overdue,city,海淀分局,北京市公安局,35"
like "... asks leader ownership of a repeat in the two sessions" "$out" "XF-20261102-0001,repeat,brigade,反诈中心,反诈中心"
like "... exports the overdue ones masked" "$out" "XF-20261104-0001,刘*,440106********2318,135****0000,北京市公安局,2027-01-25"
like "... ends with the closure rate by unit" "$out" "2026    110000     北京市公安局                 8         8       4          50.0"
like "... and the page's path" "$out" "The same report as a page with its chart: $T/demo.html"
ok "... which is an HTML page with its chart" grep -q "<svg" "$T/demo.html"
done_testing
