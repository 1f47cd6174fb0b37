# attntrace — build, run, test, install.
#   make run     install missing build dependencies, build, open the stepper
#   make test    install missing dependencies, build, run every test
#   make bench   install missing dependencies (and python3-numpy), build, measure speed
#   make         build build/attntrace
#   make install PREFIX=/usr/local DESTDIR=
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

.PHONY: all deps run test unit e2e bench bench-deps install uninstall clean
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

test: deps all $(UNIT_BIN) $(BENCH_BIN)
	@tests/run-all $(BUILD)

unit: $(UNIT_BIN)
	@tests/run-all $(BUILD) unit

e2e: $(BIN) $(BENCH_BIN)
	@tests/run-all $(BUILD) e2e

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
	rm -rf $(BUILD)
