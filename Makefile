# rv - one non-recursive Makefile.
#   make            build bin/rv-* (installs build dependencies first if missing)
#   make check      unit + CLI tests; last line "N passed, N failed"
#   make demo       end-to-end pipeline on rv-sample data
#   make bench      benchmarks against the peers named in the issues
#   make report-check  rv-report's page in headless Chromium: screenshots, PDF
#   make asan       check under AddressSanitizer + UBSan
#   make model      retrain the embedded models from ../shared/data (PARTS="classify": one)
#   make fuzz       libFuzzer harnesses, FUZZ_SECONDS each (clang)
#   make install    PREFIX=/usr/local DESTDIR=
VERSION  = 0.1.0
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 \
           -MMD -MP $(SAN)
LIBDIRS  = core io text stats tools
CPPFLAGS += -D_GNU_SOURCE $(addprefix -Ilib/,$(LIBDIRS)) -DRV_VERSION='"$(VERSION)"'
# --as-needed: a tool records only the libraries it uses (the spreadsheet
# libraries end up in rv-import and rv-export only).
override LDFLAGS += $(SAN) -Wl,--as-needed
LDLIBS   = -lcsv -lpcre2-8 -lzip -lexpat -lfreexl -lxlsxwriter -lm

LIBSRC   = $(wildcard $(addsuffix /*.c,$(addprefix lib/,$(LIBDIRS))))
LIBOBJ   = $(LIBSRC:.c=.o) build/data.o
DATA     = $(sort $(filter-out lib/data/README% lib/data/LICENSE%,$(wildcard lib/data/*)))
TOOLS    = $(patsubst cmd/%.c,bin/%,$(wildcard cmd/rv-*.c))
UNITS    = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
MANS     = $(wildcard man/*.1 man/*.7)
DEPS_OK  = build/.deps-ok

.PHONY: all check demo bench asan model t2s install uninstall clean deps lint fuzz report-check
all: $(DEPS_OK) $(TOOLS)

# Install libcsv-dev, libpcre2-dev... when missing (scripts/deps.sh says how
# when not root). The stamp keeps it to one check per build tree.
$(DEPS_OK): scripts/deps.sh
	@bash scripts/deps.sh build
	@mkdir -p build && touch $@
deps:
	bash scripts/deps.sh build

build/embed: scripts/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<
build/data.c: build/embed $(DATA)
	build/embed $@ $(DATA)
build/data.o: build/data.c lib/core/data.h
	$(CC) $(CPPFLAGS) -O1 $(SAN) -c -o $@ $<

lib/%.o: lib/%.c $(DEPS_OK)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
build/librv.a: $(LIBOBJ)
	@mkdir -p build
	$(AR) rcs $@ $^
bin/%: cmd/%.c build/librv.a
	@mkdir -p bin
	$(CC) $(CPPFLAGS) $(CFLAGS) -MF build/$*.d $(LDFLAGS) -o $@ $< build/librv.a $(LDLIBS)
build/tests/%: tests/unit/%.c tests/unit/testhelp.h build/librv.a
	@mkdir -p build/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -MF build/tests/$*.d $(LDFLAGS) -o $@ $< build/librv.a $(LDLIBS)
build/bench-tsv: scripts/bench-tsv.c build/librv.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< build/librv.a $(LDLIBS)

check: all $(UNITS)
	@bash scripts/check.sh $(UNITS)

# Rebuilds everything with the sanitizers, runs check, and cleans up even
# when check fails (so no sanitizer binaries are left in bin/).
asan:
	$(MAKE) clean
	$(MAKE) check CFLAGS='-O1 -g' SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined'; \
	rc=$$?; $(MAKE) clean; exit $$rc

demo: all
	@bash scripts/demo.sh

bench: all build/bench-tsv
	@bash scripts/bench.sh

# rv-report's page in headless Chromium (installed here when missing, never
# by check): console clean, screenshots at 1280 and 390 px, print to PDF.
report-check: all
	@bash scripts/report-check.sh

model: all
	bash scripts/model.sh $(PARTS)

# The traditional -> simplified table (needs the opencc package; the
# generated file is committed). Retrain the model (make model) after it.
t2s:
	bash scripts/gen-t2s.sh > lib/data/t2s.tsv.new && mv lib/data/t2s.tsv.new lib/data/t2s.tsv

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang into build/fuzz
# and run FUZZ_SECONDS each (default 30). Not part of check.
FUZZ_SECONDS ?= 30
FUZZCC  = clang
FUZZSAN = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g -O1 \
          -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2
FUZZERS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
build/fuzz/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(CPPFLAGS) -std=gnu11 $(FUZZSAN) -c -o $@ $<
build/fuzz/data.o: build/data.c
	@mkdir -p build/fuzz
	$(FUZZCC) $(CPPFLAGS) -O1 -c -o $@ $<
build/fuzz/librv.a: $(patsubst lib/%.c,build/fuzz/%.o,$(LIBSRC)) build/fuzz/data.o
	$(AR) rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/librv.a
	$(FUZZCC) $(CPPFLAGS) -std=gnu11 $(FUZZSAN) -fsanitize=fuzzer -o $@ $< build/fuzz/librv.a $(LDLIBS)
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do echo "== $$f ($(FUZZ_SECONDS) s)"; \
	    mkdir -p build/fuzz/corpus-$$(basename $$f); \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=build/fuzz/ build/fuzz/corpus-$$(basename $$f) 2>&1 | tail -3 || exit 1; done

lint:
	@for m in $(MANS); do mandoc -Tlint -W warning $$m || exit 1; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(PREFIX)/share/man/man7
uninstall:
	rm -f $(patsubst bin/%,$(DESTDIR)$(PREFIX)/bin/%,$(TOOLS))
	rm -f $(patsubst man/%,$(DESTDIR)$(PREFIX)/share/man/man1/%,$(wildcard man/*.1))
	rm -f $(patsubst man/%,$(DESTDIR)$(PREFIX)/share/man/man7/%,$(wildcard man/*.7))

clean:
	rm -rf bin build/*.o build/*.a build/*.d build/data.c build/tests build/embed build/bench-tsv build/fuzz lib/*/*.o lib/*/*.d

-include $(wildcard lib/*/*.d build/*.d build/tests/*.d)
