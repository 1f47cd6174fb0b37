#!/usr/bin/python3
"""lexicon_coverage.py — the share of a text's tokens that the everyday lexicon knows.

Usage: tests/lexicon_coverage.py [--min-en PCT] [--min-zh PCT] [-v] [LEXICON_DIR]

Reads tests/fixtures/simple-sentences-en.txt and -zh.txt, splits each sentence as
attntrace does and looks every token up with the lexicon's rules (scripts/lexicon_lookup:
as written, lower case, inflections.csv, the regular rules). Prints one line per language
(tokens, found, share, and how they were found) and, with -v, every token not found.
Exits 1 when a share is below its minimum (defaults: 97% English, 95% Chinese).
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import lexicon_lookup  # noqa: E402


def sentences(path):
    with open(path, encoding="utf-8") as f:
        return [s.strip() for s in f if s.strip() and not s.startswith("#")]


def measure(lines, rows, infl, modifier):
    vocab = set(rows)
    hows, missing, total = {}, [], 0
    for s in lines:
        for tok in lexicon_lookup.tokenize(s, vocab):
            total += 1
            found, how = lexicon_lookup.lookup(tok, vocab, infl, modifier)
            key = how.split()[0]
            hows[key] = hows.get(key, 0) + 1
            if found is None:
                missing.append(tok)
    return total, hows, missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lexicon", nargs="?", default=os.path.join(ROOT, "samples", "everyday"))
    ap.add_argument("--min-en", type=float, default=97.0)
    ap.add_argument("--min-zh", type=float, default=95.0)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    rows, dims, infl = lexicon_lookup.read_lexicon(args.lexicon)
    modifier = {w: v[dims.index("modifier")] for w, v in rows.items()}
    ok = True
    for lang, minimum in (("en", args.min_en), ("zh", args.min_zh)):
        path = os.path.join(ROOT, "tests", "fixtures", f"simple-sentences-{lang}.txt")
        lines = sentences(path)
        total, hows, missing = measure(lines, rows, infl, modifier)
        share = 100.0 * (total - len(missing)) / total
        detail = ", ".join(f"{k} {hows[k]}" for k in sorted(hows))
        print(f"{lang}: {len(lines)} sentences, {total} tokens, {total - len(missing)} found "
              f"({share:.1f}%, minimum {minimum:g}%): {detail}")
        if args.v and missing:
            print(f"{lang}: not found: {' '.join(sorted(set(missing)))}")
        ok = ok and share >= minimum
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
