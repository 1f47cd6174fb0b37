#!/bin/sh
# End-to-end: a sentence of one's own and the lexicon. Which sample opens (a sentence
# without -s: everyday; nothing: default); the line on stderr naming the words that are
# not in the vocabulary; "looked up as" in the print header and the manifest; --vocab;
# a sample's source.txt and its cross-attention weights (W_*.cross.csv); and hostile
# inflections.csv, dimensions.csv and source.txt files (a word mapped to itself, a
# cycle, a missing lemma, a huge file, a FIFO, a folder, a dangling link).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
A=$ATTNTRACE
export LANG=C.UTF-8
T="timeout 20 $A" # a FIFO must never block a run

lines() { grep -c '' "$1"; }

# ─── which sample opens ──────────────────────────────────────────────────────
expect_status 0 "no sentence, no -s: the default sample" $A -p --color never
check "... on its own sentence" grep -qx 'sentence: the cat sat on the mat' "$TMP/out"
check "... from samples/default" grep -qF 'embeddings: samples/default/embeddings.csv' "$TMP/out"
expect_status 0 "a sentence, no -s: the lexicon" $A -p --color never "the dog chased the ball"
check "... samples/everyday" grep -qF 'embeddings: samples/everyday/embeddings.csv' "$TMP/out"
check "... every word found" grep -qx 'tokens (5): the dog chased the ball' "$TMP/out"
check "... chased → chase" grep -qx 'looked up as: chased → chase' "$TMP/out"
check "... nothing on stderr" test ! -s "$TMP/err"
expect_status 0 "--explain names the row looked up" $A -p --color never --stage embeddings \
    --explain embeddings:Mice:animal "the Mice ran"
check "... mouse, through inflections.csv" grep -qF \
    'looked up in samples/everyday/embeddings.csv: the row for "mouse" (inflection)' "$TMP/out"
expect_status 0 "-s default with a sentence: default" $A -s default -p --color never "the dog"
check "... samples/default" grep -qF 'embeddings: samples/default/embeddings.csv' "$TMP/out"
expect_status 0 "-s everyday alone: its sentence.txt" $A -s everyday -p --color never
check "... the girl and her dog" grep -qx "sentence: $(cat samples/everyday/sentence.txt)" "$TMP/out"
# -e names the embeddings: the default sample's weights (its 5 dimensions), not the lexicon
expect_status 0 "a sentence with -e and no -s: the default sample" $A -p --color never \
    -e samples/default/embeddings.csv "the cat"
check "... its W_Q" grep -qF 'W_Q: samples/default/W_Q.csv' "$TMP/out"

# ─── the words that are not in the vocabulary ────────────────────────────────
expect_status 0 "print: unknown words" $A -p --color never "The glorp sees a blick and a glorp"
check "stderr: one line naming them once each" test "$(lines "$TMP/err")" -eq 1
check "stderr: the line" grep -qx 'attntrace: not in the vocabulary (generated vectors): glorp blick' "$TMP/err"
check "print: marked *" grep -qx 'tokens (8): The glorp\* sees a blick\* and a glorp\*' "$TMP/out"
check "print: The → the, sees → see" grep -qx 'looked up as: The → the, sees → see' "$TMP/out"
expect_status 0 "export: unknown words" $A -x "$TMP/x1" "The glorp sees a blick and a glorp"
check "export: the stderr line" grep -qx 'attntrace: not in the vocabulary (generated vectors): glorp blick' "$TMP/err"
check "manifest: looked up as, generated once each" grep -qF \
    '"from samples/everyday/embeddings.csv; looked up as: The → the, sees → see; generated (not in the vocabulary): glorp blick"' \
    "$TMP/x1/manifest.csv"
expect_status 0 "the source's unknown words too" $A -p --source "我爱龘猫龘" "I glorp cats"
check "... named after the sentence's, once" grep -qx 'attntrace: not in the vocabulary (generated vectors): glorp 龘' "$TMP/err"
check "... the source's tokens marked" grep -qx 'source tokens (5): 我 爱 龘\* 猫 龘\*' "$TMP/out"
# Without an embeddings file every vector is generated: no word is "missing".
mkdir -p "$TMP/bare" && echo "a b c" >"$TMP/bare/sentence.txt"
expect_status 0 "no embeddings file: nothing on stderr" $A -s "$TMP/bare" -p
check "... nothing" test ! -s "$TMP/err"
expect_status 0 "a failed run says only why" sh -c "$A -p --stage nope 'the glorp' 2>'$TMP/e2'; test \$? -eq 2"
check "... one line" test "$(lines "$TMP/e2")" -eq 1

# ─── --vocab ─────────────────────────────────────────────────────────────────
expect_status 0 "--vocab WORDS" $A --vocab The cats Mice went glorp 小狗 babies nicer
check "--vocab: where" grep -qx 'vocabulary: samples/everyday/embeddings.csv, 12 dimensions' "$TMP/out"
check "--vocab: the rules" grep -qx 'lookup: as written, lower case, samples/everyday/inflections.csv, then the regular rules' "$TMP/out"
check "--vocab: a meaning" grep -qE '^animal +an animal$' "$TMP/out"
for w in 'The +lower case: the +function 1' 'cats +rule -s: cat +animal 1, noun 1' \
         'Mice +inflections.csv: mouse +animal 1, noun 1' 'went +inflections.csv: go ' \
         'glorp\* +not in the vocabulary \(generated\) +person ' '小狗 +as written +animal 1, noun 1' \
         'babies +rule -ies → -y: baby ' 'nicer +rule -er → -e: nice +feeling 1, modifier 1'; do
    check "--vocab: $w" grep -qE "^$w" "$TMP/out"
done
check "--vocab: nothing on stderr" test ! -s "$TMP/err"
expect_status 0 "--vocab alone: the default sample's tokens" $A --vocab
check "... names only (no dimensions.csv)" grep -qx 'dimensions (no dimensions.csv says what they mean): animal object action place function' "$TMP/out"
check "... the 5 words once each" test "$(grep -cE '^(the|cat|sat|on|mat) +as written' "$TMP/out")" -eq 5
expect_status 0 "-s translation --vocab: the source's words too" $A -s translation --vocab
check "... 猫" grep -qE '^猫 +as written +animal 1, noun 1$' "$TMP/out"
expect_status 0 "--vocab with -e: no meanings" $A --vocab -e samples/everyday/embeddings.csv -s everyday cat
check "... names only" grep -qF 'dimensions (no dimensions.csv says what they mean): person' "$TMP/out"
check "... and no rules (the sample's inflections.csv goes with its own embeddings)" \
    grep -qx 'lookup: as written, then lower case' "$TMP/out"
expect_status 2 "--vocab with --print" $A --vocab -p cat
check "... says why" grep -qx 'attntrace: --vocab prints the vocabulary and exits: leave out --print' "$TMP/err"
expect_status 2 "several words without --vocab" $A -p the cat

# ─── source.txt and the cross-attention weights ──────────────────────────────
expect_status 0 "-s translation: the pair" $A -s translation -p --color never --stage weights
check "... source from source.txt" grep -qx 'source: 我爱猫' "$TMP/out"
expect_status 0 "-s translation with a sentence: no source" $A -s translation -p --color never "I love cats"
check "... no source" sh -c "! grep -q '^source' '$TMP/out'"
expect_status 0 "-s translation, a sentence and --source" $A -s translation -x "$TMP/x2" --source "我爱猫" "I love cats"
check "... 12 stages" test "$(($(lines "$TMP/x2/manifest.csv") - 1))" -eq 12
check "... the source named as given" sh -c "! grep -q 'source.txt' '$TMP/x2/manifest.csv'"
expect_status 0 "-s translation: manifest names source.txt" $A -s translation -x "$TMP/x3"
check "... in the source stage's notes" grep -qF "cross-attention: K and V come from these tokens (the sample's source.txt)" "$TMP/x3/manifest.csv"
expect_status 2 "-s translation with --mask causal" $A -s translation -p --mask causal
check "... names source.txt" grep -qF "cross-attention (the sample's source.txt)" "$TMP/err"
expect_status 0 "--source: the lexicon's cross weights" $A -p --color never --stage weights --source "我爱猫" "I love cats"
for w in Q K V; do
    check "... W_$w.cross.csv (cross-attention)" grep -qF "W_$w: samples/everyday/W_$w.cross.csv (cross-attention)" "$TMP/out"
done
check "... cats → 猫 0.848" grep -qE '^cats +0\.076░ +0\.076░ +0\.848█ +1\.000$' "$TMP/out"
expect_status 0 "--source with --wq --wk --wv: those files" $A -x "$TMP/x4" --source "我爱猫" \
    --wq samples/everyday/W_Q.csv --wk samples/everyday/W_K.csv --wv samples/everyday/W_V.csv "I love cats"
check "... no cross file" sh -c "! grep -q 'cross.csv' '$TMP/x4/manifest.csv'"
expect_status 0 "no --source: the plain weights" $A -x "$TMP/x5" "I love cats"
check "... W_Q.csv" grep -qF '"from samples/everyday/W_Q.csv"' "$TMP/x5/manifest.csv"

# ─── hostile files in a sample ───────────────────────────────────────────────
# A copy of the lexicon sample whose inflections.csv (or dimensions.csv, source.txt) is
# replaced by $2 (a file's text), or made by the command $3 when $2 is "-".
sample_with() { # NAME FILE TEXT|- [CMD]
    rm -rf "$TMP/$1" && mkdir "$TMP/$1"
    for f in samples/everyday/*; do ln -s "$ROOT/$f" "$TMP/$1/"; done
    rm -f "$TMP/$1/$2"
    if [ "$3" = - ]; then (cd "$TMP/$1" && eval "$4"); else printf '%s' "$3" >"$TMP/$1/$2"; fi
}
sample_with self inflections.csv 'form,lemma
cats,cats
'
expect_status 0 "inflections: a form mapped to itself" $T -s "$TMP/self" -p "cats"
check "... the rules still find cat" grep -qx 'looked up as: cats → cat' "$TMP/out"
sample_with cycle inflections.csv 'form,lemma
went,goes
goes,went
'
expect_status 0 "inflections: a cycle" $T -s "$TMP/cycle" -p "went goes"
check "... one step only: went is generated, goes → go by -es" sh -c \
    "grep -qx 'tokens (2): went\* goes' '$TMP/out' && grep -qx 'looked up as: goes → go' '$TMP/out'"
sample_with nolemma inflections.csv 'form,lemma
went,
mice,mouse
'
expect_status 0 "inflections: a missing lemma" $T -s "$TMP/nolemma" -p "went mice"
check "... went generated, mice → mouse" grep -qx 'tokens (2): went\* mice' "$TMP/out"
sample_with short inflections.csv 'form,lemma
went
'
expect_status 2 "inflections: a record of one field" $T -s "$TMP/short" -p "went"
check "... file:line:col" grep -qF 'inflections.csv:2:2: has 1 field, expected 2' "$TMP/err"
sample_with huge inflections.csv - "truncate -s 65M inflections.csv"
expect_status 2 "inflections: a 65 MB file" $T -s "$TMP/huge" -p "went"
check "... refused for its size" grep -qF 'inflections.csv: file larger than 64 MiB' "$TMP/err"
sample_with big inflections.csv - \
    "{ echo form,lemma; seq 1 400000 | sed 's/.*/w&,went/'; echo mice,mouse; } >inflections.csv"
expect_status 0 "inflections: 400,000 lines (5 MB) read quickly" $T -s "$TMP/big" -p "mice"
check "... mice → mouse" grep -qx 'looked up as: mice → mouse' "$TMP/out"
sample_with fifo inflections.csv - "mkfifo inflections.csv"
expect_status 2 "inflections: a FIFO" $T -s "$TMP/fifo" -p "went"
check "... refused, never read" grep -qF 'inflections.csv: is a FIFO (named pipe), expected a CSV file' "$TMP/err"
sample_with folder inflections.csv - "mkdir inflections.csv"
expect_status 2 "inflections: a folder" $T -s "$TMP/folder" -p "went"
check "... refused" grep -qF 'inflections.csv: is a directory, expected a CSV file' "$TMP/err"
sample_with dangling inflections.csv - "ln -s nowhere inflections.csv"
expect_status 2 "inflections: a dangling link" $T -s "$TMP/dangling" -p "went"
check "... refused" grep -qF 'inflections.csv: is a symbolic link to a missing file' "$TMP/err"
sample_with dims dimensions.csv 'name,meaning
person,a person
colour,a colour
'
expect_status 2 "dimensions.csv: a name that is no dimension" $T -s "$TMP/dims" --vocab cat
check "... file:line" grep -qF 'dimensions.csv:3:1: "colour" is not a dimension of the embeddings' "$TMP/err"
sample_with dimfifo dimensions.csv - "mkfifo dimensions.csv"
expect_status 2 "dimensions.csv: a FIFO" $T -s "$TMP/dimfifo" --vocab cat
check "... refused" grep -qF 'dimensions.csv: is a FIFO (named pipe), expected a CSV file' "$TMP/err"
expect_status 0 "dimensions.csv is read only by --vocab" $T -s "$TMP/dimfifo" -p cat
# dimensions.LL.csv: the meanings in the messages' language, else dimensions.csv
expect_status 0 "--lang zh --vocab: the meanings in Chinese" $T --lang zh --vocab dog
check "... from dimensions.zh.csv" grep -qx 'animal    动物' "$TMP/out"
expect_status 0 "LANGUAGE=zh --vocab: the same" env LANGUAGE=zh LANG=C.UTF-8 $T --vocab dog
check "... in Chinese all through" sh -c "grep -qx '维度      含义' '$TMP/out' && grep -qx 'animal    动物' '$TMP/out'"
expect_status 0 "--lang en --vocab: the English meanings" $T --lang en --vocab dog
check "... from dimensions.csv" grep -qx 'animal     an animal' "$TMP/out"
sample_with nozh dimensions.zh.csv - "true"
expect_status 0 "no dimensions.zh.csv: --lang zh falls back on dimensions.csv" \
    $T -s "$TMP/nozh" --lang zh --vocab dog
check "... the English meanings" grep -qx 'animal    an animal' "$TMP/out"
sample_with zhbad dimensions.zh.csv 'name,meaning
person,人
animal,动物
animal,又是动物
'
expect_status 2 "dimensions.zh.csv: a name given twice" $T -s "$TMP/zhbad" --lang zh --vocab dog
check "... names dimensions.zh.csv and the line" grep -qF 'dimensions.zh.csv:4:1' "$TMP/err"
sample_with zhfifo dimensions.zh.csv - "mkfifo dimensions.zh.csv"
expect_status 2 "dimensions.zh.csv: a FIFO, refused without blocking" \
    $T -s "$TMP/zhfifo" --lang zh --vocab dog
check "... refused, named" grep -qF 'dimensions.zh.csv' "$TMP/err"
sample_with zhdangling dimensions.zh.csv - "ln -s nowhere dimensions.zh.csv"
expect_status 2 "dimensions.zh.csv: a dangling link" $T -s "$TMP/zhdangling" --lang zh --vocab dog
check "... refused, named" grep -qF 'dimensions.zh.csv' "$TMP/err"
sample_with src source.txt "$(printf '我爱\377猫')"
expect_status 2 "source.txt: bad UTF-8" $T -s "$TMP/src" -p
check "... names source.txt and its line" grep -qF 'source.txt:1: invalid UTF-8 at byte 7 (0xff)' "$TMP/err"
sample_with srcfifo source.txt - "mkfifo source.txt"
expect_status 2 "source.txt: a FIFO" $T -s "$TMP/srcfifo" -p
check "... refused" grep -qF 'source.txt: is a FIFO (named pipe), expected a text file' "$TMP/err"
finish
