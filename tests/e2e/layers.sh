#!/bin/sh
# tests/e2e/layers.sh — no two modules of src/ depend on each other, even the long way
# round: scripts/check-cycles on the includes (through check-layers, as `make` runs it)
# and on the objects' calls (nm), on the tree as it is and on copies with a circle put in
# on purpose, which it must name.
. "$(dirname "$0")/lib.sh"
BUILD=${BUILD:-build}
CC=${CC:-cc}
cd "$ROOT" || exit 1

# ─── the tree as it is ────────────────────────────────────────────────────────
expect_status 0 "check-layers passes" scripts/check-layers
expect_status 0 "the includes go round in no circle" scripts/check-cycles includes src
objs=""
for c in src/*/*.c; do
    o=$BUILD/obj/${c#src/}
    objs="$objs ${o%.c}.o"
done
# shellcheck disable=SC2086
expect_status 0 "the calls between the objects go round in no circle" \
    scripts/check-cycles calls $objs
# shellcheck disable=SC2086
scripts/check-cycles --edges calls $objs >"$TMP/edges"
check "the call edges are there (the loop calls the state)" grep -qx "tui/tui tui/tui_state" "$TMP/edges"
check "the screens call the widgets" grep -qx "tui/tui_screen_stepper tui/tui_widgets" "$TMP/edges"
check "no widget calls a screen" sh -c "! grep -q '^tui/tui_widgets tui/tui_screen' '$TMP/edges'"
check "the state calls nothing that draws" \
    sh -c "! grep -qE '^tui/tui_state tui/(tui|tui_widgets|tui_chrome|tui_screen_.*)\$' '$TMP/edges'"
# The stepper's model includes no curses header, not even through another header.
for f in tui_state tui_panel tui_explore tui_explore_request tui_layout tui_text tui_quiz \
         tui_field; do
    "$CC" -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Isrc/util -Isrc/core -Isrc/lesson \
        -Isrc/out -Isrc/tui -H -fsyntax-only "src/tui/$f.c" 2>"$TMP/headers"
    check "$f.c includes no curses" sh -c "! grep -qE '(curses|term)\.h' '$TMP/headers'"
done
check "... and that test sees a curses include" sh -c "grep -qE 'curses\.h' '$TMP/headers' ||
    $CC -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Isrc/util -Isrc/core -Isrc/lesson \
        -Isrc/out -Isrc/tui -H -fsyntax-only src/tui/tui_widgets.c 2>&1 | grep -qE 'curses\.h'"

# ─── an include circle, on purpose ────────────────────────────────────────────
mkdir -p "$TMP/tree"
cp -R src scripts "$TMP/tree/"
printf '#include "tui_chrome.h" // on purpose: the widgets may not see the chrome\n' \
    >>"$TMP/tree/src/tui/tui_widgets.c"
expect_status 1 "an include circle fails check-layers" "$TMP/tree/scripts/check-layers"
check "it names the circle" grep -qF "tui/tui_chrome → tui/tui_widgets → tui/tui_chrome" "$TMP/err"
expect_status 1 "check-cycles includes fails on it" scripts/check-cycles includes "$TMP/tree/src"

# ─── a call circle, on purpose ────────────────────────────────────────────────
# The widgets calling the chrome, which calls the widgets: the real objects, with
# tui_widgets.o built from a copy that does.
mkdir -p "$TMP/obj/tui"
cp src/tui/tui_widgets.c "$TMP/widgets.c"
printf 'int tui_on_purpose(TuiState *st);\nint tui_on_purpose(TuiState *st) { return tui_chrome_draw(st); }\n' \
    >>"$TMP/widgets.c"
sed -i 's/#include "tui_widgets.h"/#include "tui_widgets.h"\n#include "tui_chrome.h"/' "$TMP/widgets.c"
expect_status 0 "the copy compiles" "$CC" -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
    -Isrc/util -Isrc/core -Isrc/lesson -Isrc/out -Isrc/tui -c -o "$TMP/obj/tui/tui_widgets.o" \
    "$TMP/widgets.c"
swapped=$(printf '%s\n' $objs | sed "s|^$BUILD/obj/tui/tui_widgets.o\$|$TMP/obj/tui/tui_widgets.o|")
# shellcheck disable=SC2086
expect_status 1 "a call circle fails check-cycles calls" scripts/check-cycles calls $swapped
check "it names the circle" grep -qE "tui/tui_(widgets|chrome) → tui/tui_(chrome|widgets) → " "$TMP/err"

# Two objects that call each other, and two that do not.
printf 'int b(void);\nint a(void);\nint a(void) { return b(); }\n' >"$TMP/a.c"
printf 'int a(void);\nint b(void);\nint b(void) { return a() + 1; }\n' >"$TMP/b.c"
printf 'int d(void);\nint c(void);\nint c(void) { return d(); }\n' >"$TMP/c.c"
printf 'int d(void);\nint d(void) { return 1; }\n' >"$TMP/d.c"
mkdir -p "$TMP/x"
for f in a b c d; do "$CC" -c -o "$TMP/x/$f.o" "$TMP/$f.c"; done
expect_status 1 "a calls b calls a: a circle" scripts/check-cycles calls "$TMP/x/a.o" "$TMP/x/b.o"
check "named" grep -qE "x/a → x/b → x/a|x/b → x/a → x/b" "$TMP/err"
expect_status 0 "c calls d: no circle" scripts/check-cycles calls "$TMP/x/c.o" "$TMP/x/d.o"
expect_status 2 "a missing object is an error" scripts/check-cycles calls "$TMP/x/none.o"
# ─── the design names every file ──────────────────────────────────────────────
# docs/ARCHITECTURE.md's module table has one row per file of src/, and names no file
# that is gone.
missing=""
for f in src/*/*.c src/*/*.h; do
    grep -qF "| \`${f#src/}\` |" docs/ARCHITECTURE.md || missing="$missing ${f#src/}"
done
check "ARCHITECTURE.md has a row for every file of src/${missing:+ (missing:$missing)}" \
    test -z "$missing"
gone=""
for r in $(sed -n 's/^| `\([a-z]*\/[A-Za-z0-9_]*\.[ch]\)` |.*/\1/p' docs/ARCHITECTURE.md); do
    [ -f "src/$r" ] || gone="$gone $r"
done
check "ARCHITECTURE.md's rows name files that exist${gone:+ (gone:$gone)}" test -z "$gone"
finish
