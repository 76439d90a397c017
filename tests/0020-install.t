#!/bin/sh
# make install honours PREFIX and DESTDIR; make demo runs the pipeline.
. "$(dirname "$0")/lib.sh"

run make -s -C "$XF_TOP" install DESTDIR="$T/root" PREFIX=/opt/xf
is "make install: exit 0" "$rc" 0
ok "binary installed under DESTDIR/PREFIX/bin" test -x "$T/root/opt/xf/bin/xf-intake"
for page in xf.7 xf-intake.1 xf-assign.1 xf-update.1 xf-csv.5 xf-db.5 xf-rules.5 xf-routing.5 xf-calendar.5 xf-units.5 xf-limits.5; do
	sec=${page##*.}
	ok "man page $page installed" test -f "$T/root/opt/xf/share/man/man$sec/$page"
done
run "$T/root/opt/xf/bin/xf-intake" --db "$T/inst.db" --as-of 2026-11-24 "$XF_TOP/examples/petitions.csv"
is "the installed binary works" "$rc" 0

run env DEMO_DB="$T/demo.db" make -s -C "$XF_TOP" demo
is "make demo: exit 0" "$rc" 0
like "make demo registers and assigns by the routing rules" "$out" "XF-20261102-0001,assigned,,assigned,反诈中心,110000200"
like "... skips what was forwarded" "$out" "XF-20261105-0001,skipped,status forwarded"
like "... records the replies" "$out" "XF-20261103-0002,reply,changed,closed,2026-12-04"
like "... and shows the store by unit" "$out" "朝阳分局"
done_testing
