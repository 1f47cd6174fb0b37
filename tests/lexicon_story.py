#!/usr/bin/python3
"""lexicon_story.py — helpers of tests/e2e/lexicon_story.sh (the everyday lexicon's stories).

  lexicon_story.py sentences FIXTURE
      one line per story: SENTENCE<TAB>RELATIONS (comments and blank lines dropped)
  lexicon_story.py check LIST
      LIST has one line per export: EXPORT_DIR<TAB>SENTENCE<TAB>RELATIONS<TAB>LEXICON_DIR;
      prints one line per check, "ok NAME" or "not ok NAME: why": each relation
      query=>key|key2 holds on the export's weights stage (the query's row has its
      largest weight on one of the keys and on no other token: a tie with a token
      not named fails; a tie among named keys holds, as 小狗 => 追|跑 in 小狗追着球跑,
      where the two verbs are equally the dog's; a row whose largest weight is on
      every token, as a function word's, never holds), no token
      was generated (the manifest lists those), and in particular none that the
      reference finds (scripts/lexicon_lookup: as written, lower case,
      inflections.csv, the regular rules).
"""

import csv
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import lexicon_lookup  # noqa: E402


def stories(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                sentence, relations = line.split("\t")
                yield sentence, relations


def load(lexicon):
    rows, dims, infl = lexicon_lookup.read_lexicon(lexicon)
    modifier = {w: v[dims.index("modifier")] for w, v in rows.items()}
    return rows, dims, infl, modifier


def generated_tokens(export):
    with open(os.path.join(export, "manifest.csv"), encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            note = rec["notes"]
            mark = "generated (not in the vocabulary): "
            if mark in note: # tokens hold no white space: they are listed with spaces
                return set(note.split(mark, 1)[1].split(";")[0].split())
    return set()


def weights(export):
    files = sorted(glob.glob(os.path.join(export, "*_weights.csv")))
    with open(files[0], encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        keys = next(r)[1:]
        return keys, [(line[0], [float(x) for x in line[1:]]) for line in r]


def check(export, sentence, relations, lexicon, cache={}):
    if lexicon not in cache:
        cache[lexicon] = load(lexicon)
    rows, _, infl, modifier = cache[lexicon]
    vocab = set(rows)
    out = []
    gen = generated_tokens(export)
    known = [t for t in lexicon_lookup.tokenize(sentence, vocab)
             if lexicon_lookup.lookup(t, vocab, infl, modifier)[0] is not None]
    bad = sorted(set(known) & gen)
    name = f"{sentence}: no word of the lexicon generated"
    out.append(f"ok {name}" if not bad else f"not ok {name}: generated {' '.join(bad)}")
    name = f"{sentence}: no token generated"
    out.append(f"ok {name}" if not gen else f"not ok {name}: generated {' '.join(sorted(gen))}")
    keys, table = weights(export)
    for rel in relations.split(";"):
        query, want = rel.split("=>")
        want = want.split("|")
        name = f"{sentence}: {query} => {'|'.join(want)}"
        found = [w for label, w in table if label == query]
        if len(found) != 1:
            out.append(f"not ok {name}: the query token appears {len(found)} times")
            continue
        row = found[0]
        top = max(row)
        at = [keys[j] for j, w in enumerate(row) if w == top]
        if len(at) < len(keys) and all(k in want for k in at):
            out.append(f"ok {name} ({top:.2f}{' tie' if len(at) > 1 else ''})")
        else:
            out.append(f"not ok {name}: largest weight {top:.3f} on {' '.join(at)}")
    return out


def main():
    cmd = sys.argv[1]
    if cmd == "sentences":
        for sentence, relations in stories(sys.argv[2]):
            print(f"{sentence}\t{relations}")
    elif cmd == "check":
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                export, sentence, relations, lexicon = line.rstrip("\n").split("\t")
                print("\n".join(check(export, sentence, relations, lexicon)))
    else:
        sys.exit(f"lexicon_story.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
