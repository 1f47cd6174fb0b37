#!/usr/bin/env python3
"""Check an attntrace export against an independent computation of the same formulas.

    tests/reference_check.py EXPORT_DIR

Reads the manifest and the input stages (embeddings, W_Q, W_K, W_V) with the csv module,
recomputes Q, K, V, scores, scaled, masked, weights and output in plain Python (no numpy,
no code shared with attntrace), and compares every exported cell to 1e-12 (relative to
the cell's magnitude when it is larger than 1). Exits 1 with the first difference.
"""
import csv
import math
import os
import sys

TOL = 1e-12


def read_matrix(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    labels = [r[0] for r in body]
    values = [[float(x) for x in r[1:]] for r in body]
    return header, labels, values


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "manifest.csv"), newline="", encoding="utf-8") as f:
        manifest = {row["name"]: row for row in csv.DictReader(f)}
    load = lambda name: read_matrix(os.path.join(out, manifest[name]["file"]))[2]
    X, WQ, WK, WV = load("embeddings"), load("W_Q"), load("W_K"), load("W_V")
    scaled_notes = manifest["scaled"]["notes"]
    divisor = float(scaled_notes.split("divisor = ")[1].split(";")[0])
    d_k = len(WK[0])
    if "scale = on" in scaled_notes:
        temperature = float(scaled_notes.split("temperature = ")[1].split(";")[0])
        assert abs(divisor - math.sqrt(d_k) * temperature) < 1e-15 * divisor, "divisor"

    want = {}
    want["Q"], want["K"], want["V"] = matmul(X, WQ), matmul(X, WK), matmul(X, WV)
    Q, K = want["Q"], want["K"]
    n = len(X)
    want["scores"] = [[sum(Q[i][c] * K[j][c] for c in range(d_k)) for j in range(n)]
                      for i in range(n)]
    want["scaled"] = [[s / divisor for s in row] for row in want["scores"]]
    before = want["scaled"]
    if "masked" in manifest:
        want["masked"] = [[x if j <= i else -math.inf for j, x in enumerate(row)]
                          for i, row in enumerate(before)]
        before = want["masked"]
    weights = []
    for row in before:
        top = max(row)
        exps = [math.exp(x - top) for x in row]
        total = sum(exps)
        weights.append([e / total for e in exps])
    want["weights"] = weights
    want["output"] = matmul(weights, want["V"])

    checked = 0
    for name, expected in want.items():
        got = load(name)
        if len(got) != len(expected) or len(got[0]) != len(expected[0]):
            sys.exit(f"{name}: shape {len(got)}x{len(got[0])}, expected "
                     f"{len(expected)}x{len(expected[0])}")
        for i, row in enumerate(expected):
            for j, x in enumerate(row):
                y = got[i][j]
                if math.isinf(x) or math.isinf(y):
                    ok = x == y
                else:
                    ok = abs(x - y) <= TOL * max(1.0, abs(x))
                if not ok:
                    sys.exit(f"{name}[{i + 1}][{j + 1}]: exported {y!r}, reference {x!r}")
                checked += 1
    print(f"{out}: {checked} cells agree with the reference to {TOL:g}")


if __name__ == "__main__":
    main()
