"""Draw the sentence sample for the claim-type gold standard.

Source: the CheckThat! 2024 check-worthiness dev set (English, political
debates), ``CT24_checkworthy_english_dev.tsv``, columns ``Sentence_id``,
``Text``, ``class_label``.

Parsing: the file is a tab-separated file with standard CSV quoting (a Text
field that contains ``"`` is wrapped in quotes and inner quotes are doubled),
so it is read with ``csv.reader(delimiter="\\t")`` and the default
``QUOTE_MINIMAL``.  ``QUOTE_NONE`` would keep the wrapping quotes and the
doubled quotes in the text and so shift character offsets.  Both settings give
the same 1032 data rows (no field spans lines).

Sampling (seed 7): all rows with ``class_label == "Yes"``, in file order, are
shuffled with ``random.Random(7).shuffle`` and the first 150 are kept.

Offsets in the annotation file are Python ``str`` indices into the Text field
as parsed here, end exclusive.  Only sentence ids are written (``--out``); the
text is printed on stdout for the annotator to read (``--show``) and never
stored in the repository.

Usage::

    python scripts/annotation/sample_claim_types.py --show --chunk 1
    python scripts/annotation/sample_claim_types.py --out /tmp/ids.txt
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

SEED = 7
N = 150
TSV = Path("/work/shared/data/checkworthy-en/CT24_checkworthy_english_dev.tsv")


def read_rows(path: Path = TSV) -> list[dict[str, str]]:
    """All data rows as dicts with keys Sentence_id, Text, class_label."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        if header != ["Sentence_id", "Text", "class_label"]:
            raise ValueError(f"unexpected header {header!r}")
        rows = []
        for rec in reader:
            if len(rec) != 3:
                raise ValueError(f"row with {len(rec)} fields: {rec[:1]!r}")
            rows.append(dict(zip(header, rec, strict=True)))
    return rows


def texts_by_id(path: Path = TSV) -> dict[str, str]:
    return {r["Sentence_id"]: r["Text"] for r in read_rows(path)}


def draw_sample(path: Path = TSV, seed: int = SEED, n: int = N) -> list[dict[str, str]]:
    yes = [r for r in read_rows(path) if r["class_label"] == "Yes"]
    random.Random(seed).shuffle(yes)
    return yes[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tsv", type=Path, default=TSV)
    ap.add_argument("--out", type=Path, help="write the sampled Sentence_ids, one a line")
    ap.add_argument("--show", action="store_true", help="print sentence text for reading")
    ap.add_argument("--chunk", type=int, default=0, help="chunk to show, 1-based (0 = all)")
    ap.add_argument("--chunk-size", type=int, default=25)
    args = ap.parse_args()

    sample = draw_sample(args.tsv)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(r["Sentence_id"] + "\n")
    indexed = list(enumerate(sample))
    if args.chunk:
        indexed = indexed[(args.chunk - 1) * args.chunk_size : args.chunk * args.chunk_size]
    if args.show:
        for i, r in indexed:
            print(f"[{i}] {r['Sentence_id']}: {r['Text']}")
    n_yes = sum(1 for r in read_rows(args.tsv) if r["class_label"] == "Yes")
    print(f"# {len(sample)} of {n_yes} Yes sentences (seed {SEED})")


if __name__ == "__main__":
    main()
