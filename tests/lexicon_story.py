#!/usr/bin/python3
"""lexicon_story.py — helpers of tests/e2e/lexicon_story.sh (the everyday lexicon's stories).

  lexicon_story.py sentences FIXTURE
      one line per story: SENTENCE<TAB>RELATIONS (comments and blank lines dropped)
  lexicon_story.py check LIST
      LIST has one line per export: EXPORT_DIR<TAB>SENTENCE<TAB>RELATIONS<TAB>LEXICON_DIR;
      prints one line per check, "ok NAME" or "not ok NAME: why": each relation
      query=>key|key2 holds on the export's weights stage (the query's row has its
      largest weight on one of the keys and on no other token: a tie fails), and no
      token that the lexicon finds (scripts/lexicon_lookup: as written, lower case,
      inflections.csv, the regular rules) was generated (the manifest lists those).
  lexicon_story.py surface-sample LEXICON_DIR OUT_DIR FIXTURE...
      a copy of the lexicon sample whose embeddings also hold every inflected word of
      the fixtures under its own spelling (chased, with the row of chase), for a
      binary that does not look inflections up yet.
"""

import csv
import glob
import os
import shutil
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
            if mark in note:
                return set(note.split(mark, 1)[1].split(";")[0].split(", "))
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
        if len(at) == 1 and at[0] in want:
            out.append(f"ok {name} ({top:.2f})")
        else:
            out.append(f"not ok {name}: largest weight {top:.3f} on {' '.join(at)}")
    return out


def surface_sample(lexicon, out, fixtures):
    rows, dims, infl, modifier = load(lexicon)
    vocab = set(rows)
    extra = {}
    for fixture in fixtures:
        with open(fixture, encoding="utf-8") as f:
            lines = [line for line in f if not line.startswith("#")]
        for line in lines:
            for tok in lexicon_lookup.tokenize(line, vocab):
                found, how = lexicon_lookup.lookup(tok, vocab, infl, modifier)
                if found is not None and how not in ("exact", "lower"):
                    extra[lexicon_lookup.ascii_lower(tok)] = rows[found]
    os.makedirs(out, exist_ok=True)
    for f in glob.glob(os.path.join(lexicon, "W_*.csv")):
        shutil.copy(f, out)
    shutil.copy(os.path.join(lexicon, "embeddings.csv"), out)
    with open(os.path.join(out, "embeddings.csv"), "a", encoding="utf-8") as f:
        for word in sorted(extra):
            f.write(word + "," + ",".join(f"{v:g}" for v in extra[word]) + "\n")
    print(len(extra))


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
    elif cmd == "surface-sample":
        surface_sample(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(f"lexicon_story.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
