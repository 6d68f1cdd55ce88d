"""Check ``register.jsonl``: schema, labels, labelling rules, split rule; print counts.

Run from anywhere:

    .venv/bin/python data/narratives/register/check.py [path/to/register.jsonl]

Needs only the standard library and PyYAML (to read the narrative catalogues).
Exits 1 when any error is found, 0 otherwise. Warnings (for example a text outside
the 2-7 sentence range by a rough count) are printed but do not fail the check.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[2]
DATA_PATH = HERE / "register.jsonl"
CATALOGUE_DIR = REPO_ROOT / "src" / "unspun" / "detectors" / "narratives" / "catalogues"
CATALOGUES = ("urw.yaml", "cc.yaml")
TAXONOMY_PATH = Path("/work/shared/data/narratives/taxonomy.txt")  # optional cross-check

KEYS = ("id", "lang", "text", "narratives", "subnarratives", "kind", "split", "note")
LANGS = ("en", "ru", "uk")
KINDS = ("advances", "none", "reports", "rebuts")
SPLITS = ("dev", "test")
ID_RE = re.compile(r"^rg-(\d{3})$")
MIN_SENT, MAX_SENT = 2, 7
TEST_EVERY = 3  # the 3rd, 6th, 9th ... text of each (lang, kind) group in file order is test


def load_labels() -> tuple[set[str], dict[str, str]]:
    """Top-level labels and {sub-label: parent label}, ': Other' sub-labels included."""
    narratives: set[str] = set()
    subs: dict[str, str] = {}
    for name in CATALOGUES:
        path = CATALOGUE_DIR / name
        if not path.is_file():
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_id = {n["id"]: n for n in doc["narratives"]}
        for n in doc["narratives"]:
            if n.get("parent") is None:
                narratives.add(n["label"])
        for n in doc["narratives"]:
            if n.get("parent") is not None:
                subs[n["label"]] = by_id[n["parent"]]["label"]
    for label in narratives:
        subs[f"{label}: Other"] = label
    return narratives, subs


def load_taxonomy() -> set[str] | None:
    if not TAXONOMY_PATH.is_file():
        return None
    lines = TAXONOMY_PATH.read_text(encoding="utf-8").splitlines()
    return {s.strip() for s in lines if s.strip() and not s.startswith("#")}


def count_sentences(text: str) -> int:
    """Rough count: runs of text ending in . ! ? or a line end; emoji-only lines ignored."""
    n = 0
    for line in text.splitlines():
        for part in re.split(r"(?<=[.!?…])\s+", line.strip()):
            if re.search(r"\w{2,}", part):
                n += 1
    return n


def check(path: Path) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    narratives, subs = load_labels()
    if not narratives:
        print(f"error: no catalogues found in {CATALOGUE_DIR}")
        return 1
    taxonomy = load_taxonomy()

    rows: list[dict] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {lineno}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            errors.append(f"line {lineno}: not a JSON object")
            continue
        rows.append(row)
        where = f"line {lineno} ({row.get('id', '?')})"
        if tuple(row) != KEYS:
            errors.append(f"{where}: keys {list(row)} != {list(KEYS)}")
            continue
        rid, lang, text = row["id"], row["lang"], row["text"]
        narrs, subl, kind = row["narratives"], row["subnarratives"], row["kind"]

        m = ID_RE.match(rid) if isinstance(rid, str) else None
        if not m or int(m.group(1)) != len(rows):
            errors.append(f"{where}: id should be rg-{len(rows):03d}")
        if lang not in LANGS:
            errors.append(f"{where}: lang {lang!r} not in {LANGS}")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
        elif not MIN_SENT <= (ns := count_sentences(text)) <= MAX_SENT:
            warnings.append(f"{where}: about {ns} sentences (expected {MIN_SENT}-{MAX_SENT})")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} not in {KINDS}")
        if row["split"] not in SPLITS:
            errors.append(f"{where}: split {row['split']!r} not in {SPLITS}")
        if not isinstance(row["note"], str) or not row["note"].strip():
            errors.append(f"{where}: empty note")

        ok_lists = True
        for key, val in (("narratives", narrs), ("subnarratives", subl)):
            if not isinstance(val, list) or not val or not all(isinstance(v, str) for v in val):
                errors.append(f"{where}: {key} must be a non-empty list of strings")
                ok_lists = False
            elif val != sorted(set(val)):
                errors.append(f"{where}: {key} must be sorted and without duplicates")
        if not ok_lists:
            continue

        if kind in ("none", "reports", "rebuts"):
            if narrs != ["Other"] or subl != ["Other"]:
                errors.append(f"{where}: kind {kind!r} must carry ['Other'] / ['Other']")
            continue
        if "Other" in narrs or "Other" in subl:
            errors.append(f"{where}: 'advances' text must not carry the bare 'Other' label")
            continue
        if not 1 <= len(narrs) <= 3:
            errors.append(f"{where}: 'advances' text must have 1-3 narratives, has {len(narrs)}")
        for label in narrs:
            if label not in narratives:
                errors.append(f"{where}: unknown narrative {label!r}")
        for label in subl:
            if label not in subs:
                errors.append(f"{where}: unknown sub-narrative {label!r}")
            elif subs[label] not in narrs:
                errors.append(f"{where}: sub-narrative {label!r} without its narrative")
        for label in narrs:
            if not any(subs.get(s) == label for s in subl):
                errors.append(f"{where}: narrative {label!r} has no sub-narrative")
        if taxonomy is not None:
            for label in narrs + subl:
                if label not in taxonomy:
                    errors.append(f"{where}: {label!r} is not in taxonomy.txt")

    # unique ids and texts
    for key in ("id", "text"):
        dup = [v for v, c in Counter(r.get(key) for r in rows).items() if c > 1]
        for v in dup:
            errors.append(f"duplicate {key}: {str(v)[:60]!r}")

    # split rule and coverage
    seen: Counter = Counter()
    for r in rows:
        if tuple(r) != KEYS:
            continue
        group = (r["lang"], r["kind"])
        seen[group] += 1
        want = "test" if seen[group] % TEST_EVERY == 0 else "dev"
        if r["split"] != want:
            errors.append(f"{r['id']}: split should be {want!r} by the split rule")
    by_group: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if tuple(r) == KEYS:
            by_group[(r["lang"], r["kind"])].add(r["split"])
    for lang in LANGS:
        for kind in KINDS:
            got = by_group.get((lang, kind), set())
            if got and got != set(SPLITS):
                warnings.append(f"{lang}/{kind}: only in {sorted(got)}")

    print_counts([r for r in rows if tuple(r) == KEYS])
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    print(f"{len(rows)} texts, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


def print_counts(rows: list[dict]) -> None:
    cells = Counter((r["lang"], r["kind"], r["split"]) for r in rows)
    cols = [(k, s) for k in KINDS for s in SPLITS]
    head = ["lang"] + [f"{k}/{s}" for k, s in cols] + ["dev", "test", "total"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for lang in (*LANGS, "all"):
        langs = LANGS if lang == "all" else (lang,)

        def n(kinds, splits, langs=langs):
            return sum(cells[(g, k, s)] for g in langs for k in kinds for s in splits)

        vals = [n((k,), (s,)) for k, s in cols]
        vals += [n(KINDS, ("dev",)), n(KINDS, ("test",)), n(KINDS, SPLITS)]
        print("| " + " | ".join([lang] + [str(v) for v in vals]) + " |")
    adv = [r for r in rows if r["kind"] == "advances"]
    narr = Counter(label for r in adv for label in r["narratives"])
    sub = Counter(label for r in adv for label in r["subnarratives"])
    print(
        f"\nadvancing texts: {len(adv)}; narratives used: {len(narr)}; sub-labels used: {len(sub)}"
    )
    for label, c in sorted(narr.items()):
        print(f"  {c:3d}  {label}")


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_PATH))
