# attntrace — build, run, test, install.
#   make run     install missing build dependencies, build, open the stepper
#   make test    install missing dependencies, build, run every test
#   make bench   install missing dependencies (and python3-numpy), build, measure speed
#   make         build build/attntrace
#   make install PREFIX=/usr/local DESTDIR=
#   make sanitize   every test under ASan + UBSan (clang), into build-asan/
#   make valgrind   the end-to-end tests and unit binaries under valgrind
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 12), then the corpus
#   make format     clang-format the sources in place (make format-check: only report)
.SUFFIXES:
.DEFAULT_GOAL := all

# Build on every processor unless the command line says how many jobs (make -jN).
# (The sub-makes inherit the jobs through make's jobserver.)
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j% j% --jobserver%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
endif
endif

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
            -DDATADIR='"$(PREFIX)/share/attntrace"' -DLOCALEDIR='"$(PREFIX)/share/locale"'
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CFLAGS   += $(WARN) $(OPT)
DEPFLAGS := -MMD -MP

# ─── layers ─────────────────────────────────────────────────────────────────────
# src/ is one folder per layer; a layer may include only itself and the layers below it,
# so an upward #include does not compile (docs/ARCHITECTURE.md, "Layers"):
#   util  ←  core  ←  lesson, out  ←  tui  ←  app
# Each layer is a static library; only tui gets the curses flags, only core links libcsv.
LAYERS     := util core lesson out tui app
SEES_util  := util
SEES_core  := util core
SEES_lesson := util core lesson
SEES_out   := util core out
SEES_tui   := util core lesson out tui
SEES_app   := util core lesson out tui app
LAYER_CFLAGS_tui := $(NCURSES_CFLAGS)
layer_inc   = $(foreach l,$(SEES_$(1)),-Isrc/$(l))

LIBDIR   := $(BUILD)/lib
layer_lib   = $(LIBDIR)/libattntrace_$(1).a
# Link order: the highest layer first.
libs_for    = $(foreach l,$(shell echo $(SEES_$(1)) | tr ' ' '\n' | tac),$(call layer_lib,$(l)))

$(foreach l,$(LAYERS),$(eval SRC_$(l) := $(wildcard src/$(l)/*.c)))
SRC_app  := $(filter-out src/app/main.c,$(SRC_app))
ALL_SRC  := $(foreach l,$(LAYERS),$(SRC_$(l))) src/app/main.c
BIN      := $(BUILD)/attntrace
LIBS_NO_CURSES := -lcsv -lm
LDLIBS   += -lcsv $(NCURSES_LIBS) -lm

# One object per source; its .d file (-MMD -MP) names the headers it includes.
define LAYER_RULES
$(BUILD)/obj/$(1)/%.o: src/$(1)/%.c
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$(LAYER_CFLAGS_$(1)) $(call layer_inc,$(1)) $$(DEPFLAGS) -c -o $$@ $$<
$(call layer_lib,$(1)): $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC_$(1)))
	@mkdir -p $$(@D)
	rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call LAYER_RULES,$(l))))

-include $(patsubst src/%.c,$(BUILD)/obj/%.d,$(ALL_SRC))
# A source file that has moved (a stale .d file still names it) is not an error: the
# target is simply rebuilt from where the file is now.
src/%.c tests/unit/%.c: ;

# Unit tests live in tests/unit/LAYER/ and see what that layer sees (lesson and out tests
# see both: they check a lesson against an export; app tests see everything). Only tui
# and app tests link curses.
TEST_LAYERS := util core lesson out tui app
TEST_SEES_util   := util
TEST_SEES_core   := util core
TEST_SEES_lesson := util core lesson out
TEST_SEES_out    := util core lesson out
TEST_SEES_tui    := util core lesson out tui
TEST_SEES_app    := util core lesson out tui app
TEST_LIBS_util   := $(call libs_for,util)
TEST_LIBS_core   := $(call libs_for,core) $(LIBS_NO_CURSES)
TEST_LIBS_lesson := $(call layer_lib,out) $(call layer_lib,lesson) $(call libs_for,core) $(LIBS_NO_CURSES)
TEST_LIBS_out    := $(TEST_LIBS_lesson)
TEST_LIBS_tui    := $(call libs_for,tui) -lcsv $(NCURSES_LIBS) -lm
TEST_LIBS_app    := $(call libs_for,app) -lcsv $(NCURSES_LIBS) -lm
define TEST_RULES
UNIT_BIN_$(1) := $(patsubst tests/unit/$(1)/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/$(1)/test_*.c))
$$(UNIT_BIN_$(1)): $(BUILD)/tests/%: tests/unit/$(1)/%.c $(filter %.a,$(TEST_LIBS_$(1)))
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$(LAYER_CFLAGS_$(1)) $(foreach l,$(TEST_SEES_$(1)),-Isrc/$(l)) \
	    -Itests/unit $$(DEPFLAGS) -MF $$@.d -o $$@ $$< $(TEST_LIBS_$(1)) -lcmocka
endef
$(foreach l,$(TEST_LAYERS),$(eval $(call TEST_RULES,$(l))))
UNIT_BIN := $(foreach l,$(TEST_LAYERS),$(UNIT_BIN_$(l)))
-include $(UNIT_BIN:%=%.d)

# make bench: the driver and the do-nothing program it compares start-up against.
BENCH_DIR    := $(BUILD)/bench
BENCH_BIN    := $(BENCH_DIR)/bench $(BENCH_DIR)/noop $(BENCH_DIR)/tui_redraw
BENCH_SAMPLE ?= $(if $(wildcard samples/default/sentence.txt),samples/default,samples/by-hand)
BENCH_PYTHON ?= /usr/bin/python3
BENCH_ARGS   ?=

.PHONY: all pot deps run test unit e2e bench bench-deps install uninstall clean sanitize valgrind \
        fuzz fuzz-build check-layers check-calls format format-check format-deps
all: check-layers $(BIN) check-calls

# ─── translations (docs/translating.md) ─────────────────────────────────────────
# po/LL.po → $(BUILD)/locale/LL/LC_MESSAGES/attntrace.mo, where the binary in $(BUILD)
# finds it (util/paths.c locale_dir); `make pot` regenerates the template from the
# sources (every _(), N_() and ngettext()).
PO_FILES := $(wildcard po/*.po)
PO_LANGS := $(patsubst po/%.po,%,$(PO_FILES))
MO_FILES := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/attntrace.mo)
XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
                  --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --sort-by-file --add-location=file \
                  --package-name=attntrace --package-version=$(VERSION) \
                  --no-wrap

all: $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/attntrace.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

POT ?= po/attntrace.pot
.PHONY: pot
pot:
	@xgettext $(XGETTEXT_FLAGS) -o $(POT) $(sort $(wildcard src/*/*.c src/*/*.h))

# The rules include paths cannot enforce: curses only in src/tui/, libcsv only in csvio.c,
# no circle in the includes between modules.
check-layers:
	@scripts/check-layers

# No circle in the calls between the objects either (nm: who uses what who defines).
ALL_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(ALL_SRC))
check-calls: $(ALL_OBJ)
	@scripts/check-cycles calls $(ALL_OBJ)

deps:
	@scripts/install-deps

$(BIN): $(BUILD)/obj/app/main.o $(call libs_for,app)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BENCH_DIR)/bench: bench/bench.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

$(BENCH_DIR)/tui_redraw: bench/tui_redraw.c $(call libs_for,tui)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) $(call layer_inc,tui) $(DEPFLAGS) $(LDFLAGS) \
	    -o $@ $< $(call libs_for,tui) $(LDLIBS) -lutil

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

# libFuzzer targets (tests/fuzz/fuzz_*.c). The layers below the stepper are built again
# into FUZZ_BUILD with the fuzzer's instrumentation (a make of its own, same rules).
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 12
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fsanitize=float-divide-by-zero -fno-omit-frame-pointer -g -O1
FUZZ_LAYERS  := util core lesson out
FUZZ_LIBS    := $(foreach l,out lesson core util,$(FUZZ_BUILD)/lib/libattntrace_$(l).a)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

.PHONY: fuzz-libs
fuzz-libs:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    OPT="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_LIBS)

# The libraries are remade by that make (an empty recipe here, so make then compares
# their times); inside that make they are ordinary layer libraries.
ifneq ($(BUILD),$(FUZZ_BUILD))
$(FUZZ_LIBS): fuzz-libs ;
endif

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIBS)
	$(FUZZ_CC) $(CPPFLAGS) $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer \
	    $(foreach l,$(FUZZ_LAYERS),-Isrc/$(l)) $(DEPFLAGS) -DFUZZ_DATADIR='"$(CURDIR)"' \
	    -o $@ $< $(FUZZ_LIBS) -lcsv -lm

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run-all $(BUILD) fuzz

# ─── formatting ─────────────────────────────────────────────────────────────────
# The house style is .clang-format, for clang-format 14 (another version formats a few
# things differently). make format rewrites the files in place; make format-check
# changes nothing, names each file that would change with its count of changed lines,
# and fails if there is any.
CLANG_FORMAT ?= clang-format-14
FORMAT_FILES := $(wildcard src/*/*.[ch] tests/unit/*.h tests/unit/*/*.c bench/*.c)

format-deps:
	@command -v $(CLANG_FORMAT) >/dev/null 2>&1 || scripts/install-deps clang-format-14

format: format-deps
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check: format-deps
	@bad=0; for f in $(FORMAT_FILES); do \
	    n=$$($(CLANG_FORMAT) "$$f" | diff "$$f" - | grep -c '^[<>]'); \
	    if [ "$$n" -gt 0 ]; then echo "format-check: $$f: $$n lines would change"; bad=1; fi; \
	done; \
	[ $$bad -eq 0 ] || { echo "format-check: run make format (see .clang-format)"; exit 1; }

install: $(BIN) $(MO_FILES)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	         $(DESTDIR)$(PREFIX)/share/attntrace
	cp $(BIN) $(DESTDIR)$(PREFIX)/bin/attntrace
	cp attntrace.1 $(DESTDIR)$(PREFIX)/share/man/man1/attntrace.1
	rm -rf $(DESTDIR)$(PREFIX)/share/attntrace/samples $(DESTDIR)$(PREFIX)/share/attntrace/lessons
	cp -R samples lessons $(DESTDIR)$(PREFIX)/share/attntrace/
	for l in $(PO_LANGS); do \
	    mkdir -p $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	    cp $(BUILD)/locale/$$l/LC_MESSAGES/attntrace.mo \
	       $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/attntrace.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attntrace $(DESTDIR)$(PREFIX)/share/man/man1/attntrace.1
	rm -rf $(DESTDIR)$(PREFIX)/share/attntrace
	for l in $(PO_LANGS); do \
	    rm -f $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/attntrace.mo; \
	done

clean:
	rm -rf $(BUILD) build-asan build-fuzz
