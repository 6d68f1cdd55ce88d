"""Validate the attribution gold standard against the PTC articles.

Checks, for every record of ``data/annotations/attribution/ptc-attribution.jsonl``:

* required fields and value types; ``label`` and source ``kind`` in the label set;
* the sentence span is in range, non-empty, has no surrounding whitespace and
  coincides with one sentence unit (a non-empty line after the title);
* every source span and cue span is non-empty, lies inside the sentence and
  has no surrounding whitespace; cue offsets are both set or both null;
* no sentence appears twice; no article is in two splits (``dev``, ``test``, ``dev2``).

Prints counts per split x label, per stratum and per source kind.  Exits 1 on
any error.  Article text is read from ``--articles`` and never written.

Usage::

    python scripts/annotation/check_attribution.py [--file F] [--articles DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "data/annotations/attribution/ptc-attribution.jsonl"
DEFAULT_ARTICLES = Path("/work/shared/data/ptc/train-articles")
LABELS = ("named", "official", "vague", "anonymous", "own", "none")
KINDS = ("named", "official", "vague", "anonymous")
SPLITS = ("dev", "test", "dev2", "dev3")  # dev2, dev3: later development parts, own files


def sentence_units(text: str) -> set[tuple[int, int]]:
    units = set()
    pos = 0
    for i, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if i == 0 or not stripped:
            continue
        start = line_start + len(line) - len(line.lstrip())
        units.add((start, start + len(stripped)))
    return units


def check(path: Path, articles: Path) -> int:
    errors: list[str] = []
    texts: dict[str, str] = {}
    units: dict[str, set[tuple[int, int]]] = {}
    seen: set[tuple[str, int, int]] = set()
    article_splits: dict[str, set[str]] = defaultdict(set)
    records = []

    def err(n: int, msg: str) -> None:
        errors.append(f"line {n}: {msg}")

    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                r = json.loads(raw)
            except json.JSONDecodeError as exc:
                err(n, f"bad JSON: {exc}")
                continue
            records.append(r)
            # the dev3 part holds sentence labels only (no source phrases)
            needed = {"article_id", "start", "end", "split", "label"}
            missing = (needed if r.get("split") == "dev3" else needed | {"sources"}) - set(r)
            if missing:
                err(n, f"missing fields {sorted(missing)}")
                continue
            aid = str(r["article_id"])
            apath = articles / f"article{aid}.txt"
            if aid not in texts:
                if not apath.exists():
                    err(n, f"no article file {apath}")
                    continue
                with open(apath, encoding="utf-8") as afh:  # not utf-8-sig: offsets count a BOM
                    texts[aid] = afh.read()
                units[aid] = sentence_units(texts[aid])
            text = texts[aid]
            s, e = r["start"], r["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                err(n, f"sentence span {s}-{e} out of range")
                continue
            seg = text[s:e]
            if seg != seg.strip():
                err(n, "sentence span has surrounding whitespace")
            if (s, e) not in units[aid]:
                err(n, "sentence span is not a sentence unit (non-empty line after the title)")
            if (aid, s, e) in seen:
                err(n, "duplicate sentence")
            seen.add((aid, s, e))
            if r["split"] not in SPLITS:
                err(n, f"bad split {r['split']!r}")
            article_splits[aid].add(r["split"])
            if r["label"] not in LABELS:
                err(n, f"bad label {r['label']!r}")
            if r["split"] == "dev3" and "sources" not in r:
                continue
            if not isinstance(r["sources"], list):
                err(n, "sources is not a list")
                continue
            for k, src in enumerate(r["sources"]):
                where = f"source {k}"
                if src.get("kind") not in KINDS:
                    err(n, f"{where}: bad kind {src.get('kind')!r}")
                a, b = src.get("start"), src.get("end")
                if not (isinstance(a, int) and isinstance(b, int) and s <= a < b <= e):
                    err(
                        n, f"{where}: span {a}-{b} not a non-empty span inside the sentence {s}-{e}"
                    )
                elif text[a:b] != text[a:b].strip():
                    err(n, f"{where}: span has surrounding whitespace")
                cs, ce = src.get("cue_start"), src.get("cue_end")
                if (cs is None) != (ce is None):
                    err(n, f"{where}: cue_start/cue_end must both be set or both null")
                elif cs is not None:
                    if not (isinstance(cs, int) and isinstance(ce, int) and s <= cs < ce <= e):
                        err(n, f"{where}: cue {cs}-{ce} not a non-empty span inside the sentence")
                    elif text[cs:ce] != text[cs:ce].strip():
                        err(n, f"{where}: cue has surrounding whitespace")

    both = sorted(a for a, sp in article_splits.items() if len(sp) > 1)
    if both:
        errors.append(f"articles in both splits: {both}")

    by_split_label = Counter((r.get("split"), r.get("label")) for r in records)
    present = [sp for sp in SPLITS if any(sp in sps for sps in article_splits.values())]
    per_split = ", ".join(
        f"{sum(1 for sps in article_splits.values() if sp in sps)} {sp}" for sp in present
    )
    print(f"{len(records)} sentences, {len(article_splits)} articles ({per_split})")
    print(f"{'label':<10} " + " ".join(f"{sp:>5}" for sp in present) + f" {'all':>5}")
    for lab in LABELS:
        counts = [by_split_label[(sp, lab)] for sp in present]
        print(f"{lab:<10} " + " ".join(f"{c:>5}" for c in counts) + f" {sum(counts):>5}")
    totals = [sum(v for (sp, _), v in by_split_label.items() if sp == s) for s in present]
    print(f"{'total':<10} " + " ".join(f"{c:>5}" for c in totals) + f" {sum(totals):>5}")
    strata = Counter(r.get("stratum", "?") for r in records)
    print("strata:", dict(sorted(strata.items())))
    kinds = Counter(src.get("kind") for r in records for src in r.get("sources", []))
    print(
        "source phrases by kind:",
        dict(sorted(kinds.items())),
        "| with cue:",
        sum(1 for r in records for src in r.get("sources", []) if src.get("cue_start") is not None),
    )

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for m in errors[:50]:
            print("  " + m, file=sys.stderr)
        return 1
    print("OK")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    args = ap.parse_args()
    sys.exit(check(args.file, args.articles))


if __name__ == "__main__":
    main()
