#!/usr/bin/env python3
"""peer_numpy.py — the same job as `attntrace --export`, written the way a NumPy user would.

    python3 bench/peer_numpy.py INDIR OUTDIR

INDIR holds the inputs as attntrace exports them: 01_embeddings.csv (one row per token,
in sentence order), 02_W_Q.csv, 03_W_K.csv, 04_W_V.csv. OUTDIR gets the same files as
`attntrace -x OUTDIR` with no mask: 01_embeddings.csv … 11_output.csv and manifest.csv,
numbers at full precision (%.17g). `make bench` times it against attntrace on the same
inputs and checks that the numbers agree.

Plain NumPy: csv to read, `@` for the products, a row-wise softmax with the maximum
subtracted, and rows written with one `%`-format per row (what np.savetxt does inside;
savetxt itself has no place for a label column).
"""
import csv
import os
import sys

import numpy as np


def read_matrix(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = [unguard(c) for c in rows[0]]
    labels = [unguard(r[0]) for r in rows[1:]]
    m = np.array([[float(x) for x in r[1:]] for r in rows[1:]], dtype=np.float64)
    return header[0], labels, header[1:], m


def unguard(s):
    return s[1:] if s.startswith("'") else s


def quote(s):
    # attntrace quotes every label, and guards what a spreadsheet would take for a formula
    if s and s[0] in "=+-@\t\r'":
        s = "'" + s
    return '"' + s.replace('"', '""') + '"'


def write_matrix(path, corner, rows, cols, m):
    rowfmt = "%s" + ",%.17g" * m.shape[1] + "\n"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(quote(c) for c in [corner] + list(cols)) + "\n")
        for label, row in zip(rows, m):
            f.write(rowfmt % (quote(label), *row))


def main():
    indir, outdir = sys.argv[1], sys.argv[2]
    _, tokens, dims, X = read_matrix(os.path.join(indir, "01_embeddings.csv"))
    W = {}
    for name, file in (("W_Q", "02_W_Q.csv"), ("W_K", "03_W_K.csv"), ("W_V", "04_W_V.csv")):
        W[name] = read_matrix(os.path.join(indir, file))

    Q = X @ W["W_Q"][3]
    K = X @ W["W_K"][3]
    V = X @ W["W_V"][3]
    scores = Q @ K.T
    d_k = K.shape[1]
    scaled = scores / np.sqrt(d_k)
    e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    weights = e / e.sum(axis=1, keepdims=True)
    output = weights @ V

    qk = "query\\key"
    stages = [
        ("embeddings", "token", tokens, dims, X, "X = embeddings(tokens)"),
        ("W_Q", "dim", dims, W["W_Q"][2], W["W_Q"][3], "W_Q"),
        ("W_K", "dim", dims, W["W_K"][2], W["W_K"][3], "W_K"),
        ("W_V", "dim", dims, W["W_V"][2], W["W_V"][3], "W_V"),
        ("Q", "token", tokens, W["W_Q"][2], Q, "Q = X·W_Q"),
        ("K", "token", tokens, W["W_K"][2], K, "K = X·W_K"),
        ("V", "token", tokens, W["W_V"][2], V, "V = X·W_V"),
        ("scores", qk, tokens, tokens, scores, "scores = Q·Kᵀ"),
        ("scaled", qk, tokens, tokens, scaled, "scaled = scores / √d_k"),
        ("weights", qk, tokens, tokens, weights, "weights = softmax(row)"),
        ("output", "token", tokens, W["W_V"][2], output, "output = weights·V"),
    ]
    os.makedirs(outdir, exist_ok=True)
    manifest = ["stage,name,file,rows,cols,formula,notes"]
    for k, (name, corner, rows, cols, m, formula) in enumerate(stages, start=1):
        file = "%02d_%s.csv" % (k, name)
        write_matrix(os.path.join(outdir, file), corner, rows, cols, m)
        manifest.append("%d,%s,%s,%d,%d,%s,%s" % (k, quote(name), quote(file), m.shape[0],
                                                 m.shape[1], quote(formula), quote("")))
    with open(os.path.join(outdir, "manifest.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
