#!/usr/bin/python3
"""lexicon_coverage.py — the share of a text's tokens that the everyday lexicon knows.

Usage: tests/lexicon_coverage.py [--bin ATTNTRACE] [--min-en PCT] [--min-zh PCT] [-v]
                                 [--fixture FILE...] [LEXICON_DIR]

Reads tests/fixtures/simple-sentences-en.txt and -zh.txt (or the --fixture files; a
story file's tab and relations are dropped), splits each sentence as attntrace does and
looks every token up with the lexicon's rules (scripts/lexicon_lookup: as written, lower
case, inflections.csv, the regular rules). Prints one line per file (tokens, found,
share, and how they were found) and, with -v, every token not found. Exits 1 when a
share is below its minimum (defaults: 97% English, 95% Chinese).

With --bin, the tokens and their rows come from attntrace itself: one export of all the
sentences of a file (its tokens, in order) and one --vocab of them (each token's row
and how it was found). Every token must agree with the Python reference (the same
tokens, the same row, found the same way); each disagreement is printed as
"disagree: ..." and makes the exit status 1. The shares printed are then attntrace's.
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import lexicon_lookup  # noqa: E402

# A word line of --vocab: WORD[*]  FOUND  VALUES (columns are 2 or more spaces apart).
VOCAB_LINE = re.compile(
    r"^(\S+?)(\*?) {2,}(as written|lower case: (\S+)|inflections\.csv: (\S+)"
    r"|rule -(\w+)(?: → -\w+)?: (\S+)|not in the vocabulary \(generated\))(?: {2,}.*)?$")


def sentences(path):
    with open(path, encoding="utf-8") as f:
        return [s.strip().split("\t")[0] for s in f if s.strip() and not s.startswith("#")]


def python_lookups(lines, rows, infl, modifier):
    """[(token, row or None, how)] for every token of the lines, in order."""
    vocab = set(rows)
    out = []
    for s in lines:
        for tok in lexicon_lookup.tokenize(s, vocab):
            row, how = lexicon_lookup.lookup(tok, vocab, infl, modifier)
            out.append((tok, row, how))
    return out


def unguard(label):
    """A label as attntrace reads it back (csvio: the spreadsheet guard removed)."""
    if len(label) > 1 and label[0] == "'" and label[1] in "=+-@\t\r'":
        return label[1:]
    return label


def binary_lookups(binary, lines, lexicon):
    """[(token, row or None, how)] from attntrace: its tokens, then each one's lookup."""
    text = " ".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x")
        subprocess.run([binary, "-s", lexicon, "--max-tokens", "65536", "-x", out, text],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "01_embeddings.csv"), encoding="utf-8", newline="") as f:
            tokens = [unguard(rec[0]) for rec in list(csv.reader(f))[1:]]
    shown = subprocess.run([binary, "-s", lexicon, "--max-tokens", "65536", "--vocab", text],
                           check=True, capture_output=True, text=True).stdout
    found = {}
    words = False
    for line in shown.splitlines():
        if line.startswith("word "):
            words = True
            continue
        m = VOCAB_LINE.match(line) if words else None
        if not m:
            if words:
                raise SystemExit(f"lexicon_coverage.py: unexpected --vocab line: {line!r}")
            continue
        word, star, what = m.group(1), m.group(2), m.group(3)
        if what == "as written":
            found[word] = (word, "exact")
        elif m.group(4):
            found[word] = (m.group(4), "lower")
        elif m.group(5):
            found[word] = (m.group(5), "inflection")
        elif m.group(7):
            found[word] = (m.group(7), "rule -" + m.group(6))
        else:
            found[word] = (None, "generated")
        if (star == "*") != (found[word][0] is None):
            raise SystemExit(f"lexicon_coverage.py: the * of {word!r} disagrees with {what!r}")
    missing = [t for t in tokens if t not in found]
    if missing:
        raise SystemExit(f"lexicon_coverage.py: --vocab does not list {missing[:5]}")
    return [(t,) + found[t] for t in tokens]


def compare(name, ours, reference):
    """The disagreements between attntrace's lookups and the reference's."""
    bad = []
    if [t for t, _, _ in ours] != [t for t, _, _ in reference]:
        a, b = [t for t, _, _ in ours], [t for t, _, _ in reference]
        k = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
        bad.append(f"{name}: tokens differ at {k}: attntrace {a[k:k + 5]}, "
                   f"reference {b[k:k + 5]}")
        return bad
    for (tok, row, how), (_, rrow, rhow) in zip(ours, reference):
        if (row, how) != (rrow, rhow):
            bad.append(f"{name}: {tok}: attntrace {row} ({how}), reference {rrow} ({rhow})")
    return sorted(set(bad))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lexicon", nargs="?", default=os.path.join(ROOT, "samples", "everyday"))
    ap.add_argument("--bin", help="attntrace: measure and compare through the binary")
    ap.add_argument("--fixture", action="append", help="a sentence file (default: both "
                    "simple-sentences files)")
    ap.add_argument("--min-en", type=float, default=97.0)
    ap.add_argument("--min-zh", type=float, default=95.0)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    rows, dims, infl = lexicon_lookup.read_lexicon(args.lexicon)
    modifier = {w: v[dims.index("modifier")] for w, v in rows.items()}
    fixtures = args.fixture or [
        os.path.join(ROOT, "tests", "fixtures", f"simple-sentences-{lang}.txt")
        for lang in ("en", "zh")]
    ok = True
    for path in fixtures:
        lang = "zh" if "-zh" in os.path.basename(path) else "en"
        minimum = args.min_zh if lang == "zh" else args.min_en
        lines = sentences(path)
        found = reference = python_lookups(lines, rows, infl, modifier)
        if args.bin:
            found = binary_lookups(args.bin, lines, args.lexicon)
            bad = compare(os.path.basename(path), found, reference)
            for b in bad:
                print(f"disagree: {b}")
            ok = ok and not bad
        total = len(found)
        missing = [t for t, row, _ in found if row is None]
        hows = {}
        for _, _, how in found:
            key = how.split()[0]
            hows[key] = hows.get(key, 0) + 1
        share = 100.0 * (total - len(missing)) / total
        detail = ", ".join(f"{k} {hows[k]}" for k in sorted(hows))
        who = "attntrace" if args.bin else "reference"
        print(f"{os.path.basename(path)} ({who}): {len(lines)} sentences, {total} tokens, "
              f"{total - len(missing)} found ({share:.1f}%, minimum {minimum:g}%): {detail}")
        if args.v and missing:
            print(f"{lang}: not found: {' '.join(sorted(set(missing)))}")
        ok = ok and share >= minimum
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
