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

TOOLS = xf-intake
LIBOBJ = lib/batch.o lib/buf.o lib/cal.o lib/case.o lib/check.o lib/config.o \
	lib/csv.o lib/date.o lib/db.o lib/fields.o lib/idno.o lib/intake.o \
	lib/out.o lib/pipe.o lib/rules.o lib/table.o lib/text.o lib/units.o \
	lib/util.o lib/vocab.o
UNIT = tests/unit/t-date tests/unit/t-cal tests/unit/t-idno \
	tests/unit/t-vocab tests/unit/t-csv tests/unit/t-intake \
	tests/unit/t-units tests/unit/t-rules tests/unit/t-out
MAN1 = man/xf-intake.1
MAN5 = man/xf-calendar.5 man/xf-csv.5 man/xf-db.5 man/xf-rules.5 \
	man/xf-units.5
MAN7 = man/xf.7

all: $(TOOLS)

$(LIBOBJ): lib/xf.h lib/xf-int.h
lib/intake.o lib/check.o: lib/intake-int.h

libxf.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

cmd/tool.o: cmd/tool.c cmd/tool.h lib/xf.h
	$(CC) $(CFLAGS) -c -o $@ cmd/tool.c

$(TOOLS): %: cmd/%.c cmd/tool.o libxf.a lib/xf.h cmd/tool.h
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< cmd/tool.o libxf.a $(LDLIBS)

tests/unit/%: tests/unit/%.c tests/unit/tap.h libxf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< libxf.a $(LDLIBS)

tests/gen-petitions: tests/gen-petitions.c libxf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< libxf.a $(LDLIBS)

deps:
	@sh .ci/deps

check: deps
	@$(MAKE) --no-print-directory all $(UNIT)
	@sh tests/run.sh $(UNIT) tests/[0-9]*.t

bench: deps
	@$(MAKE) --no-print-directory all tests/gen-petitions
	@sh tests/bench.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh

# A coverage-guided fuzz run of the CSV reader and field checks (clang's
# libFuzzer with AddressSanitizer and UBSan), seeded with examples/.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilib
fuzz:
	@FUZZ=1 sh .ci/deps
	clang $(FUZZ_CFLAGS) -o tests/fuzz/fuzz-csv tests/fuzz/fuzz-csv.c \
		$(LIBOBJ:.o=.c) $(LDLIBS)
	@d=$$(mktemp -d) && cp examples/*.csv "$$d" && \
	./tests/fuzz/fuzz-csv -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		-artifact_prefix=$${TMPDIR:-/tmp}/xf-fuzz- "$$d"; \
	rc=$$?; rm -rf "$$d"; exit $$rc

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
		tests/gen-petitions \
		tests/fuzz/fuzz-csv
	rm -rf tests/tmp

.PHONY: all deps check bench demo fuzz lint install clean
