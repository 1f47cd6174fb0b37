#!/usr/bin/env python3
"""Check an SVG export against the CSV export of the same run, cell by cell.

    tests/svg_check.py SVG_DIR CSV_DIR

For every stage in CSV_DIR/manifest.csv: SVG_DIR/NN_name.svg parses as XML, holds one
<rect data-cell="i,j"> per cell; a finite cell's data-value is the CSV number exactly and
its <text class="v"> shows it to 3 decimals; a -inf cell is data-masked="1" with the
masked glyph and no number. index.html lists every stage in order. Exits 1 with the
first difference.
"""
import csv
import math
import os
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
MASKED_GLYPH = "\u00d7"


def fail(msg):
    print(msg)
    sys.exit(1)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return [[float(x) for x in r[1:]] for r in rows[1:]]


def check_stage(svg_path, values):
    root = ET.parse(svg_path).getroot()
    rects = {r.get("data-cell"): r for r in root.iter(SVG + "rect") if r.get("data-cell")}
    texts = {t.get("data-cell"): t for t in root.iter(SVG + "text") if t.get("data-cell")}
    want = sum(len(r) for r in values)
    if len(rects) != want or len(texts) != want:
        fail(f"{svg_path}: {len(rects)} cells and {len(texts)} cell texts, wanted {want}")
    for i, row in enumerate(values):
        for j, x in enumerate(row):
            key = f"{i},{j}"
            rect, text = rects.get(key), texts.get(key)
            if rect is None or text is None:
                fail(f"{svg_path}: no cell {key}")
            if math.isinf(x):
                if rect.get("data-masked") != "1" or text.get("class") != "m" \
                        or text.text != MASKED_GLYPH:
                    fail(f"{svg_path}: cell {key} is -inf but not drawn masked")
                continue
            if text.get("class") != "v" or float(rect.get("data-value")) != x:
                fail(f"{svg_path}: cell {key}: data-value {rect.get('data-value')} != {x!r}")
            shown = text.text or ""
            if "inf" in shown or abs(float(shown) - x) > 0.0005 + 1e-12:
                fail(f"{svg_path}: cell {key} shows {shown!r}, the CSV has {x!r}")
            if not rect.get("fill", "").startswith("#"):
                fail(f"{svg_path}: cell {key} has no color")
    return want


def main():
    svg_dir, csv_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(csv_dir, "manifest.csv"), newline="", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f))
    index = open(os.path.join(svg_dir, "index.html"), encoding="utf-8").read()
    at = 0
    cells = 0
    for m in manifest:
        svg_name = m["file"][:-4] + ".svg"
        cells += check_stage(os.path.join(svg_dir, svg_name), read_csv(os.path.join(csv_dir, m["file"])))
        found = index.find(f'src="{svg_name}"', at)
        if found < 0:
            fail(f"index.html: {svg_name} missing or out of order")
        at = found
    print(f"{len(manifest)} stages, {cells} cells agree")


main()
