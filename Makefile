# attntrace — build, run, test, install.
#   make run     install missing build dependencies, build, open the stepper
#   make test    install missing dependencies, build, run every test
#   make bench   install missing dependencies (and python3-numpy), build, measure speed
#   make         build build/attntrace
#   make install PREFIX=/usr/local DESTDIR=
#   make sanitize   every test under ASan + UBSan (clang), into build-asan/
#   make valgrind   the end-to-end tests and unit binaries under valgrind
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 20), then the corpus
.SUFFIXES:

CC       ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
VERSION  := 0.1.0

NCURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags ncursesw 2>/dev/null))
NCURSES_LIBS   := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)

OPT      ?= -O2 -g
CPPFLAGS += -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DATTNTRACE_VERSION='"$(VERSION)"' \
            -DDATADIR='"$(PREFIX)/share/attntrace"'
CFLAGS   += -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 $(OPT) \
            $(NCURSES_CFLAGS)
LDLIBS   += -lcsv $(NCURSES_LIBS) -lm

# The model and the text front ends: everything but main.c (tests link these too).
LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libattntrace.a
BIN      := $(BUILD)/attntrace

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# make bench: the driver and the do-nothing program it compares start-up against.
BENCH_DIR    := $(BUILD)/bench
BENCH_BIN    := $(BENCH_DIR)/bench $(BENCH_DIR)/noop $(BENCH_DIR)/tui_redraw
BENCH_SAMPLE ?= $(if $(wildcard samples/default/sentence.txt),samples/default,samples/by-hand)
BENCH_PYTHON ?= /usr/bin/python3
BENCH_ARGS   ?=

.PHONY: all deps run test unit e2e bench bench-deps install uninstall clean sanitize valgrind \
        fuzz fuzz-build
all: $(BIN)

deps:
	@scripts/install-deps

$(BUILD)/obj/%.o: src/%.c src/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/obj/main.o $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ $< $(LIB) $(LDLIBS) -lcmocka

$(BENCH_DIR)/bench: bench/bench.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

$(BENCH_DIR)/tui_redraw: bench/tui_redraw.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lutil

$(BENCH_DIR)/noop: bench/noop.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The peer runs on Debian's NumPy (python3-numpy, for /usr/bin/python3).
bench-deps: deps
	@scripts/install-deps python3-numpy

bench: bench-deps $(BIN) $(BENCH_BIN)
	$(BENCH_DIR)/bench --bin $(BIN) --noop $(BENCH_DIR)/noop --sample $(BENCH_SAMPLE) \
	    --peer bench/peer_numpy.py --python $(BENCH_PYTHON) --tui $(BENCH_DIR)/tui_redraw \
	    --out $(BENCH_DIR) $(BENCH_ARGS)

run: deps $(BIN)
	$(BIN)

test: deps all $(UNIT_BIN) $(BENCH_BIN) fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run-all $(BUILD)

unit: $(UNIT_BIN)
	@tests/run-all $(BUILD) unit

e2e: $(BIN) $(BENCH_BIN)
	@tests/run-all $(BUILD) e2e

# ─── sanitizers, valgrind, fuzzing ─────────────────────────────────────────────
# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer: any report aborts
# the test that caused it, so "suites: N passed, 0 failed" means zero reports.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fsanitize=float-divide-by-zero -fno-omit-frame-pointer -g -O1
SAN_ENV   := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
sanitize:
	@$(MAKE) --no-print-directory CC=clang BUILD=build-asan OPT="$(SAN_FLAGS)" \
	    LDFLAGS="$(SAN_FLAGS)" all unit-bins bench-bins
	@$(SAN_ENV) tests/run-all build-asan

.PHONY: unit-bins
unit-bins: $(UNIT_BIN)

.PHONY: bench-bins
bench-bins: $(BENCH_BIN)

# The end-to-end scripts with the binary under valgrind (tests/valgrind-wrap), then the
# unit binaries. Any error or definite leak fails the run (--error-exitcode=1).
VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
            --show-leak-kinds=definite --track-origins=yes \
            --suppressions=$(CURDIR)/tests/valgrind.supp
valgrind: all $(UNIT_BIN) $(BENCH_BIN)
	@ATTNTRACE_REAL=$(CURDIR)/$(BIN) VALGRIND="$(VALGRIND)" \
	    ATTNTRACE=$(CURDIR)/tests/valgrind-wrap tests/run-all $(BUILD) e2e
	@VALGRIND="$(VALGRIND)" tests/run-all $(BUILD) unit-valgrind

# libFuzzer targets (tests/fuzz/fuzz_*.c), with the library built with the same flags.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 20
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fsanitize=float-divide-by-zero -fno-omit-frame-pointer -g -O1
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
                $(FUZZ_SAN) $(NCURSES_CFLAGS)
FUZZ_OBJ     := $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/obj/%.o: src/%.c src/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc \
	    -DFUZZ_DATADIR='"$(CURDIR)"' -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

.SECONDARY: $(FUZZ_OBJ)
fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run-all $(BUILD) fuzz

install: $(BIN)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	         $(DESTDIR)$(PREFIX)/share/attntrace
	cp $(BIN) $(DESTDIR)$(PREFIX)/bin/attntrace
	cp attntrace.1 $(DESTDIR)$(PREFIX)/share/man/man1/attntrace.1
	rm -rf $(DESTDIR)$(PREFIX)/share/attntrace/samples $(DESTDIR)$(PREFIX)/share/attntrace/lessons
	cp -R samples lessons $(DESTDIR)$(PREFIX)/share/attntrace/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attntrace $(DESTDIR)$(PREFIX)/share/man/man1/attntrace.1
	rm -rf $(DESTDIR)$(PREFIX)/share/attntrace

clean:
	rm -rf $(BUILD) build-asan build-fuzz
