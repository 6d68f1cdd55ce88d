"""Validate the claim-type gold standard against the CT24 dev TSV.

Checks, for every record of ``data/annotations/claims/ct24-dev-claim-types.jsonl``:

* required fields and value types; every type in the label set, no type twice,
  ``primary`` one of ``types``;
* the sentence id exists in the TSV, is labelled ``Yes`` and belongs to the
  seeded sample (``sample_claim_types.draw_sample``); no id twice; the file
  holds the whole sample;
* every span in ``numbers``, ``dates`` and ``word_numbers`` is non-empty, in
  range, has no surrounding whitespace or punctuation-only edge, and does not
  start or end inside a word;
* ``numbers`` spans contain a digit or a scale word (thousand, million,
  billion, trillion); ``word_numbers`` spans contain no digit; values are
  finite numbers; units are in the unit set;
* ``dates`` ``iso`` is null or one of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
  ``--MM``, ``--MM-DD``; a non-null ``iso`` year must appear in the span
  (as four digits, or as ``'YY`` / a year written with a letter l for 1)
  unless the month was resolved from context;
* spans in ``numbers`` and ``dates`` do not overlap each other.

Prints counts per type, per primary type, and of numbers / dates /
word_numbers.  Exits 1 on any error.  The sentence text is read from the TSV
and never written.

Usage::

    python scripts/annotation/check_claim_types.py [--file F] [--tsv TSV]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_claim_types import TSV, draw_sample, read_rows

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "data/annotations/claims/ct24-dev-claim-types.jsonl"
TYPES = ("statistic", "quote", "causal", "comparison", "prediction", "law_policy", "event")
UNITS = ("percent", "count", "USD", "years", "months", "fraction", "times", "ratio", "rank")
FIELDS = {"sentence_id", "types", "primary", "numbers", "dates", "word_numbers", "note"}
SCALE_RE = re.compile(r"\b(hundred|thousand|million|billion|trillion)\b", re.I)
ISO_RE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$")


def check(path: Path, tsv: Path) -> int:
    errors: list[str] = []
    rows = {r["Sentence_id"]: r for r in read_rows(tsv)}
    sample_ids = [r["Sentence_id"] for r in draw_sample(tsv)]
    seen: set[str] = set()
    type_c: Counter[str] = Counter()
    prim_c: Counter[str] = Counter()
    span_c: Counter[str] = Counter()
    unit_c: Counter[str] = Counter()
    iso_null = 0

    def err(n: int, msg: str) -> None:
        errors.append(f"line {n}: {msg}")

    def check_span(n: int, text: str, s: dict, what: str) -> bool:
        st, en = s.get("start"), s.get("end")
        if not (isinstance(st, int) and isinstance(en, int)) or not 0 <= st < en <= len(text):
            err(n, f"{what}: bad offsets {st}-{en} (len {len(text)})")
            return False
        frag = text[st:en]
        if frag != frag.strip():
            err(n, f"{what}: span {st}-{en} has surrounding whitespace")
        if frag[0].isalnum() and st > 0 and text[st - 1].isalnum():
            err(n, f"{what}: span {st}-{en} starts inside a word")
        if frag[-1].isalnum() and en < len(text) and text[en].isalnum():
            err(n, f"{what}: span {st}-{en} ends inside a word")
        return True

    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                r = json.loads(raw)
            except json.JSONDecodeError as exc:
                err(n, f"bad JSON: {exc}")
                continue
            missing = {"sentence_id", "types", "primary", "numbers", "dates"} - set(r)
            if missing:
                err(n, f"missing fields {sorted(missing)}")
                continue
            extra = set(r) - FIELDS
            if extra:
                err(n, f"unknown fields {sorted(extra)}")
            sid = r["sentence_id"]
            if not isinstance(sid, str) or sid not in rows:
                err(n, f"unknown sentence_id {sid!r}")
                continue
            if rows[sid]["class_label"] != "Yes":
                err(n, f"{sid}: class_label is not Yes")
            if sid not in sample_ids:
                err(n, f"{sid}: not in the seeded sample")
            if sid in seen:
                err(n, f"{sid}: duplicate")
            seen.add(sid)
            text = rows[sid]["Text"]

            types = r["types"]
            if not isinstance(types, list) or not types:
                err(n, f"{sid}: types must be a non-empty list")
                continue
            bad = [t for t in types if t not in TYPES]
            if bad:
                err(n, f"{sid}: unknown types {bad}")
            if len(set(types)) != len(types):
                err(n, f"{sid}: repeated type")
            if r["primary"] not in types:
                err(n, f"{sid}: primary {r['primary']!r} not in types")
            if "note" in r and not isinstance(r["note"], str):
                err(n, f"{sid}: note must be a string")
            type_c.update(types)
            prim_c[r["primary"]] += 1

            occupied: list[tuple[int, int, str]] = []
            for key in ("numbers", "word_numbers"):
                for s in r.get(key, []):
                    if not check_span(n, text, s, f"{sid} {key}"):
                        continue
                    frag = text[s["start"] : s["end"]]
                    v = s.get("value")
                    if (
                        isinstance(v, bool)
                        or not isinstance(v, (int, float))
                        or not math.isfinite(v)
                    ):
                        err(n, f"{sid} {key}: bad value {v!r}")
                    if s.get("unit") not in UNITS:
                        err(n, f"{sid} {key}: unknown unit {s.get('unit')!r}")
                    has_digit = any(ch.isdigit() for ch in frag)
                    if key == "numbers" and not (has_digit or SCALE_RE.search(frag)):
                        err(
                            n,
                            f"{sid} numbers: span {s['start']}-{s['end']} has no digit/scale word",
                        )
                    if key == "word_numbers" and has_digit:
                        err(n, f"{sid} word_numbers: span {s['start']}-{s['end']} has a digit")
                    span_c[key] += 1
                    unit_c[(key, s.get("unit"))] += 1
                    if key == "numbers":
                        occupied.append((s["start"], s["end"], key))
            for s in r["dates"]:
                if not check_span(n, text, s, f"{sid} dates"):
                    continue
                iso = s.get("iso")
                if iso is None:
                    iso_null += 1
                elif not isinstance(iso, str) or not ISO_RE.match(iso):
                    err(n, f"{sid} dates: bad iso {iso!r}")
                elif not iso.startswith("--"):
                    frag = text[s["start"] : s["end"]]
                    year = iso[:4]
                    ok = (
                        year in frag
                        or ("'" + year[2:]) in frag
                        or year in frag.replace("l", "1")
                        or (len(iso) > 4 and not any(ch.isdigit() for ch in frag))
                    )
                    if not ok:
                        err(n, f"{sid} dates: iso {iso} not supported by the span")
                span_c["dates"] += 1
                occupied.append((s["start"], s["end"], "dates"))
            occupied.sort()
            for (a0, a1, ka), (b0, b1, kb) in itertools.pairwise(occupied):
                if b0 < a1:
                    err(n, f"{sid}: {ka} {a0}-{a1} overlaps {kb} {b0}-{b1}")

    missing_ids = [i for i in sample_ids if i not in seen]
    if missing_ids:
        errors.append(f"{len(missing_ids)} sampled sentences not annotated: {missing_ids[:10]}")

    print(f"{len(seen)} sentences annotated (sample of {len(sample_ids)})")
    print("types:   " + ", ".join(f"{t} {type_c[t]}" for t in TYPES))
    print("primary: " + ", ".join(f"{t} {prim_c[t]}" for t in TYPES))
    print(
        f"numbers {span_c['numbers']}, word_numbers {span_c['word_numbers']}, "
        f"dates {span_c['dates']} ({span_c['dates'] - iso_null} with iso, {iso_null} relative)"
    )
    print("units:   " + ", ".join(f"{k}/{u} {c}" for (k, u), c in sorted(unit_c.items())))
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} errors", file=sys.stderr)
        return 1
    print("OK")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--tsv", type=Path, default=TSV)
    args = ap.parse_args()
    sys.exit(check(args.file, args.tsv))


if __name__ == "__main__":
    main()
