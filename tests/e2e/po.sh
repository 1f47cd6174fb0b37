#!/bin/sh
# tests/e2e/po.sh — the message catalogues (docs/translating.md): every po/*.po compiles
# with msgfmt --check and has no untranslated or fuzzy message; po/attntrace.pot holds
# exactly the messages of the sources (xgettext run again into a temporary file, the
# msgids compared); the build tree holds the compiled catalogue the binary uses.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

# msgids FILE: every msgid and msgid_plural of a .po/.pot, one per line, sorted (a text
# wrapped over several quoted lines is joined, so msgmerge's wrapping does not matter).
msgids() {
    awk '/^msgid(_plural)? / { if (id != "") print id; id = $0; sub(/^msgid(_plural)? /, "", id); on = 1; next }
         /^"/ && on { sub(/"$/, "", id); l = $0; sub(/^"/, "", l); id = id l; next } # wrapped or not
         { on = 0 }
         END { if (id != "") print id }' "$1" | sort -u
}

for po in po/*.po; do
    if stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
        ok "$po compiles (msgfmt --check)"
    else
        fail "$po compiles (msgfmt --check)" "$stats"
    fi
    case "$stats" in
        *untranslated* | *fuzzy*) fail "$po complete" "$stats" ;;
        *" translated message"*) ok "$po complete: $stats" ;;
        *) fail "$po complete" "unexpected msgfmt output: $stats" ;;
    esac
    # the same messages as the template (no obsolete or missing ones)
    if [ "$(msgids "$po")" = "$(msgids po/attntrace.pot)" ]; then ok "$po matches the template"
    else fail "$po matches the template" "run msgmerge --update $po po/attntrace.pot"; fi
done

if make -s --no-print-directory pot POT="$TMP/now.pot" >"$TMP/make.out" 2>&1; then
    ok "xgettext runs"
else
    fail "xgettext runs" "$(head -c 300 "$TMP/make.out")"
fi
msgids "$TMP/now.pot" >"$TMP/now.ids"
msgids po/attntrace.pot >"$TMP/pot.ids"
if cmp -s "$TMP/now.ids" "$TMP/pot.ids"; then
    ok "po/attntrace.pot is current ($(wc -l <"$TMP/pot.ids") msgids)"
else
    fail "po/attntrace.pot is current" "run make pot: $(diff "$TMP/pot.ids" "$TMP/now.ids" | head -5)"
fi
# the test itself: a message the sources lack is seen
{ cat po/attntrace.pot; printf '\nmsgid "no such message"\nmsgstr ""\n'; } >"$TMP/extra.pot"
check "an extra msgid is noticed" [ "$(msgids "$TMP/extra.pot")" != "$(msgids po/attntrace.pot)" ]

BUILD_DIR=$(dirname "$ATTNTRACE")
for po in po/*.po; do
    ll=$(basename "$po" .po)
    check "$ll: compiled into the build tree" [ -s "$BUILD_DIR/locale/$ll/LC_MESSAGES/attntrace.mo" ]
done
finish
