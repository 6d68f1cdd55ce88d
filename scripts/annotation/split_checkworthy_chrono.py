"""Chronological fit/later split of the CT24 English check-worthiness train+dev sentences.

The CheckThat! 2024 English train and dev files are the ClaimBuster data set
(Arslan et al. 2020): ``train`` = ClaimBuster ``groundtruth.csv`` (22,501
sentences once the two rows glued together on line 16877 are separated), ``dev`` =
``crowdsourced.csv`` (1,032), both from the 33 US general-election presidential
debates of 1960-2016. The TSVs keep only ``Sentence_id``, ``Text`` and
``class_label``; ClaimBuster's ``File_id`` (the debate) was dropped.

``Sentence_id`` still identifies the debate, but not its date: within one debate the
ids follow the transcript order (consecutive, with small gaps where moderator lines
and short sentences were left out), and between debates there is a jump of 15 or
more ids; the debates themselves are numbered in no chronological order (1988 first,
then 1976, 2012, 1976, 2008, ...), except that the three 2016 debates come last.
``DEBATES`` below maps each id block to its debate date; the evidence for every
row (moderators and panelists addressed by name, quoted events, "in 20 days") is in
``data/checkworthy/README.md``. The table was built by reading the sentences; the
script only applies it.

Every train+dev sentence goes to ``later`` when its debate took place on or after
``--later-from`` (default 2012-10-22: the third 2012 debate and the three 2016
debates, about 15 % of the sentences) and to ``fit`` otherwise. Whole debates only,
so no debate is on both sides. Output (``--out``): one JSON object per sentence,
sorted by numeric id, keys ``sentence_id`` (string, as in the TSV), ``source``
(``train`` or ``dev``), ``group`` (debate date, ``YYYY-MM-DD``) and ``part``. No text
is written.

Usage::

    S=scripts/annotation/split_checkworthy_chrono.py
    python $S                     # print the table and counts
    python $S --out data/checkworthy/ct24-chrono-split.jsonl
    python $S --check data/checkworthy/ct24-chrono-split.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA_DIR = Path(os.environ.get("UNSPUN_DATA_DIR", "/work/shared/data")) / "checkworthy-en"
SOURCES = {"train": "CT24_checkworthy_english_train.tsv", "dev": "CT24_checkworthy_english_dev.tsv"}
DEFAULT_LATER_FROM = "2012-10-22"

# (first Sentence_id of the block, debate date, debate). A block runs up to the next
# row's first id minus one; the last block ends at LAST_ID.
DEBATES: list[tuple[int, str, str]] = [
    (0, "1988-09-25", "Bush-Dukakis 1, Winston-Salem"),
    (1004, "1976-10-22", "Carter-Ford 3, Williamsburg"),
    (1654, "2012-10-03", "Obama-Romney 1, Denver"),
    (2792, "1976-10-06", "Carter-Ford 2, San Francisco"),
    (3423, "2008-09-26", "McCain-Obama 1, Oxford MS"),
    (5487, "2008-10-15", "McCain-Obama 3, Hempstead"),
    (6449, "2004-10-13", "Bush-Kerry 3, Tempe"),
    (7581, "1960-10-07", "Kennedy-Nixon 2, Washington"),
    (8109, "1960-09-26", "Kennedy-Nixon 1, Chicago"),
    (8660, "1980-09-21", "Reagan-Anderson, Baltimore"),
    (9126, "2012-10-16", "Obama-Romney 2, Hempstead"),
    (10437, "2008-10-07", "McCain-Obama 2, Nashville"),
    (11396, "2000-10-11", "Bush-Gore 2, Winston-Salem"),
    (12511, "1960-10-21", "Kennedy-Nixon 4, New York"),
    (13080, "1960-10-13", "Kennedy-Nixon 3, split screen"),
    (13592, "1992-10-19", "Bush-Clinton-Perot 3, East Lansing"),
    (14809, "1980-10-28", "Carter-Reagan, Cleveland"),
    (15483, "1988-10-13", "Bush-Dukakis 2, Los Angeles"),
    (16438, "1976-09-23", "Carter-Ford 1, Philadelphia"),
    (17087, "1984-10-07", "Mondale-Reagan 1, Louisville"),
    (17959, "2004-09-30", "Bush-Kerry 1, Coral Gables"),
    (19089, "1996-10-06", "Clinton-Dole 1, Hartford"),
    (20199, "2000-10-03", "Bush-Gore 1, Boston"),
    (21303, "1992-10-15", "Bush-Clinton-Perot 2, Richmond"),
    (22551, "2004-10-08", "Bush-Kerry 2, St. Louis"),
    (23820, "1992-10-11", "Bush-Clinton-Perot 1, St. Louis"),
    (24900, "1984-10-21", "Mondale-Reagan 2, Kansas City"),
    (25680, "1996-10-16", "Clinton-Dole 2, San Diego"),
    (26902, "2012-10-22", "Obama-Romney 3, Boca Raton"),
    (28031, "2000-10-17", "Bush-Gore 3, St. Louis"),
    (29101, "2016-09-26", "Clinton-Trump 1, Hempstead"),
    (31839, "2016-10-09", "Clinton-Trump 2, St. Louis"),
    (33143, "2016-10-19", "Clinton-Trump 3, Las Vegas"),
]
LAST_ID = 34999  # train+dev ids end at 34458; CT24 dev-test (2020 debates) starts at 37436


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    """(Sentence_id, Text, class_label) rows; splits the glued train line 16877."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if rows[0] != ["Sentence_id", "Text", "class_label"]:
        raise SystemExit(f"{path}: unexpected header {rows[0]}")
    out = []
    for row in rows[1:]:
        if len(row) == 5 and row[2][:2] in ("No", "Ye"):
            cut = 3 if row[2].startswith("Yes") else 2
            pairs = [(row[0], row[1], row[2][:cut]), (row[2][cut:], row[3], row[4])]
        elif len(row) == 3:
            pairs = [(row[0], row[1], row[2])]
        else:
            raise SystemExit(f"{path}: malformed row {row[:1]}")
        for sid, text, label in pairs:
            if label not in ("Yes", "No") or not sid.isdigit():
                raise SystemExit(f"{path}: bad row {sid!r} {label!r}")
            out.append((sid, text, label))
    return out


def debate_of(sid: int) -> tuple[str, str]:
    if sid < DEBATES[0][0] or sid > LAST_ID:
        raise SystemExit(f"Sentence_id {sid} is outside the debate table")
    date, name = DEBATES[0][1], DEBATES[0][2]
    for first, d, n in DEBATES:
        if sid >= first:
            date, name = d, n
        else:
            break
    return date, name


def build(later_from: str) -> list[dict]:
    records = []
    for source, fname in SOURCES.items():
        for sid, _text, label in read_rows(DATA_DIR / fname):
            date, _ = debate_of(int(sid))
            records.append(
                {
                    "sentence_id": sid,
                    "source": source,
                    "group": date,
                    "part": "later" if date >= later_from else "fit",
                    "_label": label,
                }
            )
    records.sort(key=lambda r: int(r["sentence_id"]))
    ids = [r["sentence_id"] for r in records]
    if len(ids) != len(set(ids)):
        raise SystemExit("a Sentence_id occurs twice across train and dev")
    return records


def summary(records: list[dict]) -> str:
    lines = []
    by_group: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_group[r["group"]].append(r)
    names = {d: n for _, d, n in DEBATES}
    firsts = {d: f for f, d, _ in DEBATES}
    lines.append(f"{'debate':<11} {'':<36} {'ids':>13} {'train':>6} {'dev':>5} {'yes%':>5}  part")
    for g in sorted(by_group):
        rs = by_group[g]
        ids = [int(r["sentence_id"]) for r in rs]
        c = Counter(r["source"] for r in rs)
        yes = sum(r["_label"] == "Yes" for r in rs) / len(rs)
        assert min(ids) >= firsts[g]
        lines.append(
            f"{g:<11} {names[g]:<36} {min(ids):>6}-{max(ids):<6} {c['train']:>6} {c['dev']:>5} "
            f"{100 * yes:>5.1f}  {rs[0]['part']}"
        )
    lines.append("")
    total = len(records)
    for part in ("fit", "later"):
        rs = [r for r in records if r["part"] == part]
        c = Counter(r["source"] for r in rs)
        yes = sum(r["_label"] == "Yes" for r in rs)
        groups = len({r["group"] for r in rs})
        share = 100 * len(rs) / total
        lines.append(
            f"{part:<6} debates {groups:>2}  sentences {len(rs):>6} ({share:.1f} %)"
            f"  train {c['train']:>6}  dev {c['dev']:>5}"
            f"  Yes {yes:>5} ({100 * yes / len(rs):.1f} %)"
        )
    lines.append(f"all    debates {len(by_group):>2}  sentences {total:>6}")
    return "\n".join(lines)


def public(r: dict) -> dict:
    return {k: r[k] for k in ("sentence_id", "source", "group", "part")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--later-from", default=DEFAULT_LATER_FROM, help="first debate date in 'later'")
    ap.add_argument("--out", type=Path, help="write the split JSONL here")
    ap.add_argument("--check", type=Path, help="compare an existing split file with a rebuild")
    args = ap.parse_args(argv)

    records = build(args.later_from)
    print(summary(records))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(public(r), ensure_ascii=False) + "\n")
        print(f"\nwrote {len(records)} records to {args.out}")
    if args.check:
        with open(args.check, encoding="utf-8") as fh:
            stored = [json.loads(line) for line in fh if line.strip()]
        fresh = [public(r) for r in records]
        if stored != fresh:
            n = min(len(stored), len(fresh))
            bad = sum(1 for i in range(n) if stored[i] != fresh[i]) + abs(len(stored) - len(fresh))
            print(f"\n{args.check}: differs from a rebuild ({bad} records)", file=sys.stderr)
            return 1
        print(f"\n{args.check}: OK, {len(stored)} records match a rebuild")
    return 0


if __name__ == "__main__":
    sys.exit(main())
