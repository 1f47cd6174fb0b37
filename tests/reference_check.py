#!/usr/bin/env python3
"""Check an attntrace export against an independent computation of the same formulas.

    tests/reference_check.py EXPORT_DIR [POSITIONS_FILE]

Reads the manifest and the input stages (embeddings, source, W_Q, W_K, W_V, W_O) with the
csv module, recomputes Q, K, V, scores, scaled, masked, weights and output in plain Python
(no numpy, no code shared with attntrace), and compares every exported cell to 1e-12
(relative to the cell's magnitude when it is larger than 1). Exits 1 with the first
difference.

Cross-attention (a `source` stage): Q = X·W_Q, K = X_src·W_K, V = X_src·W_V, and the
scores are n×m. Several heads (`scores.h1` … in the manifest, `heads = H` in the notes of
`scaled.h1`): head h uses columns (h-1)·d_k/H … h·d_k/H of Q and K and likewise d_v/H
of V, divides by √(d_k/H)·T, and then concat = [output.h1 … output.hH], output =
concat·W_O.

Positions (a `positions` stage, --pos): sinusoidal P[p][2i] = sin(p / 10000^(2i/d)),
P[p][2i+1] = cos(…), recomputed here; learned positions are the first rows of
POSITIONS_FILE (given as the second argument). input = X + P, and Q, K, V come from
input (K and V from source.input = X_src + P_src, positions from 0, with a source).
RoPE (`Q.rope`, `K.rope`, --rope): each head's pairs of columns (2i, 2i+1) of Q and K
rotated by p·θ_i, θ_i = 10000^(−2i/d_head), p the row's 0-based position in its own
sentence; the scores use the rotated Q and K.
Grouped-query heads (`kv-heads = G` in the notes of K): K and V hold G groups; query head h
(1-based) reads group ⌈h·G/H⌉ of K (d_k/H columns) and of V (d_v/G columns), and concat is
H·d_v/G wide.

Decoding (`decode.tT.*` stages, --decode): for each step t, q_t, k_t, v_t = x_t·W, the
caches K[1..t] and V[1..t] grown one row a step, each head's score row q_t·K[1..t]ᵀ /
divisor over the cache alone (no mask), its softmax, the output row (concat·W_O with
several heads), and diff = that row − row t of the reference's causal output (0).
"""
import csv
import math
import os
import re
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


def columns(a, lo, hi):
    return [row[lo:hi] for row in a]


def note(notes, key):
    """The number after "key = " in a manifest note."""
    return float(notes.split(key + " = ")[1].split(";")[0])


def sinusoids(n, d):
    """P (n×d): P[p][2i] = sin(p / 10000^(2i/d)), P[p][2i+1] = cos(the same)."""
    return [[(math.sin if c % 2 == 0 else math.cos)(p / 10000 ** (2 * (c // 2) / d))
             for c in range(d)] for p in range(n)]


def learned(path, n):
    """The first n rows of a learned-positions CSV (corner "position", rows 0, 1, …)."""
    header, labels, values = read_matrix(path)
    assert header[0] == "position" and labels[:n] == [str(p) for p in range(n)], path
    return values[:n]


def rotate(M, d_head):
    """Row p: every head's pair (2i, 2i+1) turned by p·θ_i, θ_i = 10000^(−2i/d_head)."""
    out = []
    for p, row in enumerate(M):
        new = list(row)
        for c0 in range(0, len(row), d_head):
            for i in range(d_head // 2):
                a = p * 10000 ** (-2 * i / d_head)
                x, y = row[c0 + 2 * i], row[c0 + 2 * i + 1]
                new[c0 + 2 * i] = x * math.cos(a) - y * math.sin(a)
                new[c0 + 2 * i + 1] = x * math.sin(a) + y * math.cos(a)
        out.append(new)
    return out


def add(a, b):
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def attention(Q, K, V, divisor, masked):
    """One head: scores, scaled, [masked], weights, output, as a dict."""
    n, m, width = len(Q), len(K), len(Q[0])
    out = {}
    out["scores"] = [[sum(Q[i][c] * K[j][c] for c in range(width)) for j in range(m)]
                     for i in range(n)]
    out["scaled"] = [[s / divisor for s in row] for row in out["scores"]]
    before = out["scaled"]
    if masked:
        out["masked"] = [[x if j <= i else -math.inf for j, x in enumerate(row)]
                         for i, row in enumerate(before)]
        before = out["masked"]
    weights = []
    for row in before:
        top = max(row)
        exps = [math.exp(x - top) for x in row]
        total = sum(exps)
        weights.append([e / total for e in exps])
    out["weights"] = weights
    out["output"] = matmul(weights, V)
    return out


def kv_groups(manifest, heads):
    """G from the K stage's notes ("kv-heads = G"), else H (every head its own K and V)."""
    notes = manifest["K"]["notes"]
    return int(note(notes, "kv-heads")) if "kv-heads = " in notes else heads


def group_of(h, heads, groups):
    """The K/V group of query head h: ceil(h*G/H), in integers."""
    return -(-h * groups // heads)


def decode_steps(X, WQ, WK, WV, WO, heads, groups, d_head, dv_head, divisor, causal):
    """Every decode.tT.* stage, one token at a time with a growing cache."""
    want, Kc, Vc = {}, [], []
    for t in range(1, len(X) + 1):
        x = [X[t - 1]]
        q, k, v = matmul(x, WQ), matmul(x, WK), matmul(x, WV)
        Kc, Vc = Kc + k, Vc + v
        p = f"decode.t{t}."
        want[p + "q"], want[p + "k"], want[p + "v"] = q, k, v
        want[p + "K"], want[p + "V"] = [r[:] for r in Kc], [r[:] for r in Vc]
        row = []
        for h in range(1, heads + 1) if heads > 1 else [0]:
            g = group_of(h, heads, groups) if h else 1
            qh = columns(q, (h - 1) * d_head, h * d_head) if h else q
            Kh = columns(Kc, (g - 1) * d_head, g * d_head) if h else Kc
            Vh = columns(Vc, (g - 1) * dv_head, g * dv_head) if h else Vc
            scores = [[sum(a * b for a, b in zip(qh[0], kj)) / divisor for kj in Kh]]
            top = max(scores[0])
            exps = [math.exp(s - top) for s in scores[0]]
            weights = [[e / sum(exps) for e in exps]]
            out = matmul(weights, Vh)
            suffix = f".h{h}" if h else ""
            want[p + "scores" + suffix] = scores
            want[p + "weights" + suffix] = weights
            want[p + "output" + suffix] = out
            row += out[0]
        if heads > 1:
            want[p + "output"] = matmul([row], WO)
        want[p + "diff"] = [[a - b for a, b in zip(want[p + "output"][0], causal[t - 1])]]
    return want


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "manifest.csv"), newline="", encoding="utf-8") as f:
        manifest = {row["name"]: row for row in csv.DictReader(f)}
    load = lambda name: read_matrix(os.path.join(out, manifest[name]["file"]))[2]
    X, WQ, WK, WV = load("embeddings"), load("W_Q"), load("W_K"), load("W_V")
    # Cross-attention: keys and values from the source sentence.
    Xs = load("source") if "source" in manifest else X
    head_names = sorted(n for n in manifest if re.fullmatch(r"scores\.h\d+", n))
    heads = len(head_names) or 1
    if heads > 1:
        assert int(note(manifest["scaled.h1"]["notes"], "heads")) == heads, "heads note"
    groups = kv_groups(manifest, heads)
    d_k, d_v = len(WQ[0]), len(WV[0])
    assert d_k % heads == 0 and d_v % groups == 0, "heads divide d_k, groups d_v"
    d_head, dv_head = d_k // heads, d_v // groups
    assert len(WK[0]) == groups * d_head, "W_K is G groups of d_k/H columns"

    scaled_notes = manifest["scaled.h1" if heads > 1 else "scaled"]["notes"]
    divisor = note(scaled_notes, "divisor")
    if "scale = on" in scaled_notes:
        temperature = note(scaled_notes, "temperature")
        assert abs(divisor - math.sqrt(d_head) * temperature) < 1e-15 * divisor, "divisor"
    masked = "masked" in manifest or "masked.h1" in manifest

    want = {}
    cross = "source" in manifest
    if "positions" in manifest:  # --pos: Q, K, V from X + P
        d_model = len(X[0])
        if "--pos sinusoidal" in manifest["positions"]["notes"]:
            P, Ps = sinusoids(len(X), d_model), sinusoids(len(Xs), d_model)
        else:
            assert len(sys.argv) > 2, "learned positions: give the file as the second argument"
            P, Ps = learned(sys.argv[2], len(X)), learned(sys.argv[2], len(Xs))
        want["positions"], want["input"] = P, add(X, P)
        X = want["input"]
        if cross:
            want["source.positions"], want["source.input"] = Ps, add(Xs, Ps)
            Xs = want["source.input"]
        else:
            Xs = X
    want["Q"], want["K"], want["V"] = matmul(X, WQ), matmul(Xs, WK), matmul(Xs, WV)
    Q, K, V = want["Q"], want["K"], want["V"]
    if "Q.rope" in manifest:  # --rope: the scores use the rotated Q and K
        want["Q.rope"], want["K.rope"] = rotate(Q, d_head), rotate(K, d_head)
        Q, K = want["Q.rope"], want["K.rope"]
    if heads == 1:
        want.update(attention(Q, K, V, divisor, masked))
    else:
        concat = [[] for _ in Q]
        for h in range(1, heads + 1):
            g = group_of(h, heads, groups)
            q = ((h - 1) * d_head, h * d_head)
            k = ((g - 1) * d_head, g * d_head)
            vv = ((g - 1) * dv_head, g * dv_head)
            one = attention(columns(Q, *q), columns(K, *k), columns(V, *vv), divisor, masked)
            for name, value in one.items():
                want[f"{name}.h{h}"] = value
            for i, row in enumerate(one["output"]):
                concat[i] += row
        want["concat"] = concat
        want["output"] = matmul(concat, load("W_O"))

    if any(n.startswith("decode.") for n in manifest):
        assert masked, "--decode is causal"
        want.update(decode_steps(X, WQ, WK, WV, load("W_O") if heads > 1 else None,
                                 heads, groups, d_head, dv_head, divisor, want["output"]))

    missing = sorted(set(manifest) - set(want) -
                     {"embeddings", "source", "W_Q", "W_K", "W_V", "W_O"})
    if missing:
        sys.exit(f"stages not recomputed: {' '.join(missing)}")
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
