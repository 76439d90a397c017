#!/bin/sh
# The manual: every page lints clean, every option of every tool is
# documented, and the usage line matches the SYNOPSIS.
. "$(dirname "$0")/lib.sh"

man=$XF_TOP/man
for page in "$man"/*.[157]; do
	ok "$(basename "$page") lints clean" test -z "$(mandoc -Tlint -Wwarning "$page" 2>&1)"
done
for src in "$XF_TOP"/cmd/xf*.c; do
	tool=$(basename "$src" .c)
	ok "$tool has a manual page" test -f "$man/$tool.1"
	usage=$("$tool" --no-such-option 2>&1 | awk '/^usage: /{u=1; sub(/^usage: /, ""); print; next} u && /^ /{print; next} {u=0}' | tr -s ' \n' ' ')
	synopsis=$(mandoc -Tascii "$man/$tool.1" | sed "s/.\x08//g" | awk '/^SYNOPSIS/{s=1;next} /^[A-Z]/{s=0} s' | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
	is "$tool: usage matches SYNOPSIS" "$synopsis" "$(echo "$usage" | sed 's/ $//')"
	for opt in $(echo "$usage" | grep -o -- '--[a-z-]*' | sort -u); do
		like "$tool: $opt documented" "$(mandoc -Tascii "$man/$tool.1" | sed "s/.\x08//g")" "$opt"
	done
done
# Every metric or exit status the suite promises is in xf(7).
for st in 0 1 2 3 75; do
	like "exit status $st in xf(7)" "$(mandoc -Tascii "$man/xf.7" | sed "s/.\x08//g")" "$st"
done
done_testing
