# xf: petition case work toolkit.  See README.md.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wno-unused-parameter -Wshadow -Wpointer-arith \
	-Wstrict-prototypes -Wmissing-prototypes -Ilib
LDLIBS = -lsqlite3 -lcsv -lpcre2-8 -pthread
ifdef DEVELOPER
override CFLAGS += -Werror
endif
ifdef SANITIZE
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=$(SANITIZE)
endif

TOOLS = xf-intake xf-assign xf-update xf-escalate xf-report xf-export
LIBOBJ = lib/assign.o lib/batch.o lib/buf.o lib/cal.o lib/case.o \
	lib/check.o lib/config.o lib/csv.o lib/date.o lib/db.o lib/due.o \
	lib/escalate.o lib/escrules.o lib/export.o lib/extra.o lib/fields.o \
	lib/fmt.o lib/idno.o lib/intake.o lib/intake-opts.o lib/intake-read.o \
	lib/lifecycle.o lib/mask.o lib/out.o \
	lib/pattern.o lib/pipe.o lib/report.o lib/report-scan.o lib/report-table.o \
	lib/rules.o lib/table.o lib/text.o lib/units.o lib/util.o lib/vocab.o
UNIT = tests/unit/t-date tests/unit/t-cal tests/unit/t-idno \
	tests/unit/t-vocab tests/unit/t-csv tests/unit/t-intake \
	tests/unit/t-units tests/unit/t-rules tests/unit/t-out tests/unit/t-db \
	tests/unit/t-mask tests/unit/t-due
FUZZ_TARGETS = csv date idno rules cal
FUZZERS = $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
REPLAY = $(FUZZ_TARGETS:%=tests/fuzz/replay-%)
MAN1 = man/xf-intake.1 man/xf-assign.1 man/xf-update.1 man/xf-escalate.1 \
	man/xf-report.1 man/xf-export.1
MAN5 = man/xf-calendar.5 man/xf-csv.5 man/xf-db.5 man/xf-escalation.5 \
	man/xf-limits.5 man/xf-routing.5 man/xf-rules.5 man/xf-units.5
MAN7 = man/xf.7

all: $(TOOLS)

$(LIBOBJ): lib/xf.h lib/xf-int.h
lib/intake.o lib/intake-opts.o lib/intake-read.o lib/check.o: lib/intake-int.h
lib/report.o lib/report-scan.o lib/report-table.o: lib/report-int.h

libxf.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

cmd/tool.o: cmd/tool.c cmd/tool.h lib/xf.h
	$(CC) $(CFLAGS) -c -o $@ cmd/tool.c

$(TOOLS): %: cmd/%.c cmd/tool.o libxf.a lib/xf.h cmd/tool.h
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< cmd/tool.o libxf.a $(LDLIBS)

tests/unit/%: tests/unit/%.c tests/unit/tap.h libxf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< libxf.a $(LDLIBS)

tests/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
    libxf.a
	$(CC) $(CFLAGS) -DTARGET='"$*"' $(LDFLAGS) -o $@ tests/fuzz/replay.c \
		$< libxf.a $(LDLIBS)

tests/gen-petitions: tests/gen-petitions.c libxf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< libxf.a $(LDLIBS)

deps:
	@sh .ci/deps

check: deps
	@$(MAKE) --no-print-directory all $(UNIT) $(REPLAY)
	@sh tests/run.sh $(UNIT) $(REPLAY) tests/[0-9]*.t

bench: deps
	@$(MAKE) --no-print-directory all tests/gen-petitions
	@sh tests/bench.sh
	@sh tests/bench-escalate.sh
	@sh tests/bench-report.sh
	@sh tests/bench-export.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh

# Coverage-guided fuzzing (clang's libFuzzer with AddressSanitizer and
# UBSan) of the CSV reader, the date parser, the ID number and phone
# checks, and the rules and calendar loaders: FUZZ_SECONDS for each, from
# the seeds in tests/fuzz/seeds.  make check replays the seeds and the
# inputs kept in tests/fuzz/regress without libFuzzer.
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS = -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilib
tests/fuzz/libxf.a: $(LIBOBJ:.o=.c) lib/xf.h lib/xf-int.h
	rm -rf tests/fuzz/obj && mkdir tests/fuzz/obj
	cd tests/fuzz/obj && clang $(FUZZ_CFLAGS) -I$(CURDIR)/lib -c \
		$(LIBOBJ:%.o=$(CURDIR)/%.c)
	$(AR) rcs $@ tests/fuzz/obj/*.o

$(FUZZERS): tests/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h \
    tests/fuzz/libxf.a
	clang $(FUZZ_CFLAGS) -o $@ $< tests/fuzz/libxf.a $(LDLIBS)

fuzz:
	@FUZZ=1 sh .ci/deps
	@$(MAKE) --no-print-directory $(FUZZERS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The CLI tests with every tool run under valgrind: memory errors and
# definite leaks fail the test that ran it (tests/lib.sh, XF_WRAP).
# tests/valgrind.supp hides PCRE2's JIT reading past a subject.  Skipped,
# as too slow under valgrind: the kill test (60000 rows imported four
# times), the exit test (30000 rows three times), the store-opening test
# (450 runs); and, as they bound memory with ulimit -v, which valgrind's
# own reservations exceed: the limits test and the hostile corpus.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--suppressions=$(CURDIR)/tests/valgrind.supp
VALGRIND_SKIP = tests/0130-intake-exit.t tests/0135-store-open.t \
	tests/0140-intake-limits.t tests/0230-intake-kill.t tests/0300-hostile.t
check-valgrind: deps
	@VALGRIND=1 sh .ci/deps
	@$(MAKE) --no-print-directory all
	@rm -rf tests/tmp/valgrind && mkdir -p tests/tmp/valgrind
	@for t in $(TOOLS); do \
		printf '#!/bin/sh\nexec %s --log-file="%s/%%p.log" %s "$$@"\n' \
		    '$(VALGRIND)' '$${XF_VGLOG:-.}' "$(CURDIR)/$$t" \
		    >tests/tmp/valgrind/$$t && \
		chmod +x tests/tmp/valgrind/$$t || exit 1; \
	done
	@XF_WRAP=$(CURDIR)/tests/tmp/valgrind sh tests/run.sh \
		$(filter-out $(VALGRIND_SKIP),$(wildcard tests/[0-9]*.t))

lint:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN7)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7

clean:
	rm -f $(TOOLS) libxf.a $(LIBOBJ) cmd/tool.o $(UNIT) \
		tests/gen-petitions $(FUZZERS) $(REPLAY) tests/fuzz/libxf.a
	rm -rf tests/tmp tests/fuzz/obj

.PHONY: all deps check check-valgrind bench demo fuzz lint install clean
