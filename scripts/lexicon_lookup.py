"""lexicon_lookup.py — how attntrace splits a sentence and finds each token in a lexicon.

The reference for the C side (src/core/tokenize.c and src/core/lookup.c), in Python, used by
scripts/build-lexicon and the lexicon tests:

  tokenize(sentence, vocab)   white space separates words; each ASCII punctuation mark
                              and each CJK or full-width mark is a token of its own; a run
                              of CJK characters is split by the longest vocabulary match
                              (up to 8 characters), else one character.
  lookup(token, rows, inflections)
                              the row a token uses, in this order:
                              1. the token as written;
                              2. its ASCII lower case;
                              3. (English letters only) inflections.csv: form -> lemma;
                              4. the regular rules RULES, in order, on the lower case word:
                                 the first candidate that is a row wins; the adjective
                                 rules (-er, -est) count only when that row has
                                 modifier > 0;
                              5. none: attntrace generates a vector (marked *).

RULES are WordNet's own detachment rules (morphy, see wndb(5WN)), merged into one list.
Irregular and doubled forms (went, mice, running, stopped, bigger) are not rules: they
come from WordNet's exception lists through inflections.csv.
"""

import csv

MAX_CJK_WORD = 8

# (suffix, replacement, adjective_only), tried in this order; the stem must keep 2 letters.
RULES = [
    ("s", "", False),      # cats -> cat, likes -> like, horses -> horse
    ("es", "", False),     # boxes -> box, goes -> go, watches -> watch
    ("ies", "y", False),   # babies -> baby, flies -> fly
    ("men", "man", False), # women -> woman, firemen -> fireman
    ("ed", "e", False),    # liked -> like
    ("ed", "", False),     # jumped -> jump
    ("ing", "e", False),   # making -> make
    ("ing", "", False),    # playing -> play
    ("er", "", True),      # taller -> tall
    ("est", "", True),     # tallest -> tall
    ("er", "e", True),     # nicer -> nice
    ("est", "e", True),    # nicest -> nice
]


def is_cjk(ch):
    c = ord(ch)
    return (0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or
            0x3040 <= c <= 0x30FF or 0x31F0 <= c <= 0x31FF or 0x20000 <= c <= 0x2FA1F)


def is_mark(ch):
    c = ord(ch)
    if c < 0x80:
        return (0x21 <= c <= 0x2F or 0x3A <= c <= 0x40 or 0x5B <= c <= 0x60 or
                0x7B <= c <= 0x7E)
    return (0x3000 <= c <= 0x303F or 0xFF01 <= c <= 0xFF0F or 0xFF1A <= c <= 0xFF20 or
            0xFF3B <= c <= 0xFF40 or 0xFF5B <= c <= 0xFF65)


def _split_cjk(run, vocab):
    out, at = [], 0
    while at < len(run):
        take = 1
        for n in range(min(MAX_CJK_WORD, len(run) - at), 1, -1):
            if run[at:at + n] in vocab:
                take = n
                break
        out.append(run[at:at + take])
        at += take
    return out


def tokenize(sentence, vocab):
    """The tokens of sentence, split as attntrace splits them against vocab (a set)."""
    out, at, s = [], 0, sentence
    while at < len(s):
        ch = s[at]
        if ch.isspace():
            at += 1
        elif is_mark(ch):
            out.append(ch)
            at += 1
        elif is_cjk(ch):
            end = at
            while end < len(s) and is_cjk(s[end]):
                end += 1
            out.extend(_split_cjk(s[at:end], vocab))
            at = end
        else:
            end = at
            while end < len(s) and not (s[end].isspace() or is_mark(s[end]) or is_cjk(s[end])):
                end += 1
            out.append(s[at:end])
            at = end
    return out


def ascii_lower(t):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in t)


def lookup(token, rows, inflections, modifier):
    """(row label, how) for token, or (None, "generated").

    rows: the set of row labels; inflections: {form: lemma}; modifier: {label: value of
    the modifier dimension}. how is one of: exact, lower, inflection, rule SUFFIX."""
    if token in rows:
        return token, "exact"
    low = ascii_lower(token)
    if low in rows:
        return low, "lower"
    if not (low.isascii() and low.isalpha()):
        return None, "generated"
    if low in inflections and inflections[low] in rows:
        return inflections[low], "inflection"
    for suffix, repl, adjective_only in RULES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            cand = low[: len(low) - len(suffix)] + repl
            if cand in rows and (not adjective_only or modifier.get(cand, 0) > 0):
                return cand, "rule -" + suffix
    return None, "generated"


def read_lexicon(folder):
    """rows {label: [values]}, dims [names], inflections {form: lemma} of a lexicon sample."""
    with open(f"{folder}/embeddings.csv", encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        rows = {}
        for line in r:
            label = line[0][1:] if line[0].startswith("'") else line[0]
            rows[label] = [float(x) for x in line[1:]]
    infl = {}
    try:
        with open(f"{folder}/inflections.csv", encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            next(r)
            for form, lemma in r:
                if infl.get(form, lemma) != lemma:  # attntrace refuses it too
                    raise ValueError(f"inflections.csv: {form} has two lemmas")
                infl[form] = lemma
    except FileNotFoundError:
        pass
    return rows, header[1:], infl
