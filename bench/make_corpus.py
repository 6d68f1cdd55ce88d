"""Write a deterministic synthetic news corpus (JSONL) for ``unspun batch`` runs.

Short articles built from sentence pools we wrote: neutral reporting, loaded language,
appeals to fear, sourced and unsourced claims, lines that carry known narratives. About
``--dup-rate`` of the documents are near-duplicate copies of an earlier one (a syndicated
story in another outlet, with a changed word or an added line), so dedup has something
to find; ``copy_of`` names the story's first version (ground truth for dedup). The same
seed always writes the same file.

    python bench/make_corpus.py -n 10000 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

SOURCES = [
    "Daily Ledger", "Northern Post", "Civic Wire", "Harbour Times", "Metro Dispatch",
    "Plains Herald", "Evening Courier", "Valley Voice", "Capital Report", "Coastal Star",
]  # fmt: skip
AUTHORS = ["A. Moreno", "B. Okafor", "C. Lindqvist", "D. Haddad", "E. Novak", "F. Tanaka"]
TOPICS = [
    ("the port", "port"), ("the new bridge", "bridge"), ("the grain deal", "grain"),
    ("the energy tariff", "tariff"), ("the river dam", "dam"), ("the school reform", "school"),
    ("the fishing quota", "quota"), ("the rail link", "rail"),
]  # fmt: skip
NEUTRAL = [
    "The council met on Tuesday to discuss {t}.",
    "Officials published a timetable for {t} on the city website.",
    "Residents attended a public hearing about {t}.",
    "The minister of transport, Elena Marsh, said the budget for {t} was approved in March.",
    "A spokesperson for the regional office confirmed the figures in a written statement.",
]
LOADED = [
    "This disastrous scheme is a shameful betrayal of every hard-working family.",
    "The corrupt clique behind {t} has no shame at all.",
    "Only a fool would believe the lies of these reckless bureaucrats.",
    "If nothing is done now, our towns will be overrun and our children will pay the price.",
    "Real patriots know that {t} is an attack on our nation.",
]
UNSOURCED = [
    "Experts believe {t} will cost three times the official estimate.",
    "Millions now openly say that {t} has failed.",
    "A source close to the talks said the contract for {t} was rigged.",
    "Unemployment rose 12 percent last year because of {t}.",
    "Many people say the figures on {t} were invented.",
]
SOURCED = [
    "According to the national statistics office, freight volumes rose 4 percent in 2023.",
    "The audit court reported in May that the project was 8 percent over budget.",
    "Professor Ana Ruiz of the University of Lisbon said the data were consistent.",
]
NARRATIVE = [
    "The government in Kyiv is hopelessly corrupt and steals Western aid.",
    "Western sanctions hurt ordinary Europeans far more than they hurt Russia.",
    "Russia is the only guarantor of peace and stability in the region.",
    "Climate policies are a scam designed to make energy unaffordable.",
]
EDITS = [("said", "stated"), ("rose", "increased"), ("public", "open"), ("council", "board")]


def article(rng: random.Random) -> str:
    """One short article: 3-6 sentences from the pools."""
    topic = rng.choice(TOPICS)[0]
    pools = [NEUTRAL, NEUTRAL, LOADED, UNSOURCED, SOURCED]
    if rng.random() < 0.3:
        pools.append(NARRATIVE)
    picked = [rng.choice(pool) for pool in rng.sample(pools, k=min(len(pools), rng.randint(3, 6)))]
    text = " ".join(s.format(t=topic) for s in picked)
    # A unique detail keeps distinct stories apart (the pools are small).
    district, page = rng.randint(1, 999), rng.randint(1, 60)
    return f"{text} The report was filed from district {district} on page {page}."


def near_copy(text: str, rng: random.Random) -> str:
    """A syndicated copy: one word swapped or a short credit line added."""
    if rng.random() < 0.5:
        old, new = rng.choice(EDITS)
        return text.replace(old, new, 1)
    return f"{text} This story first appeared in a partner outlet."


def make_records(n: int, seed: int, dup_rate: float) -> list[dict[str, object]]:
    rng = random.Random(seed)
    start = dt.date(2024, 3, 1)
    records: list[dict[str, object]] = []
    for i in range(n):
        copy_of = None
        if records and rng.random() < dup_rate:
            original = rng.choice(records)
            text = near_copy(str(original["text"]), rng)
            copy_of = original["copy_of"] or original["id"]  # the story's first version
        else:
            text = article(rng)
        records.append(
            {
                "id": f"doc-{i:06d}",
                "text": text,
                "source": rng.choice(SOURCES),
                "date": (start + dt.timedelta(days=rng.randint(0, 29))).isoformat(),
                "author": rng.choice(AUTHORS),
                "url": f"https://example.org/{i}",
                "lang": "en",
                "copy_of": copy_of,
            }
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="Documents to write.")
    parser.add_argument("-o", "--output", type=Path, default=Path("corpus.jsonl"))
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--dup-rate", type=float, default=0.15)
    args = parser.parse_args()
    records = make_records(args.n, args.seed, args.dup_rate)
    with args.output.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} documents to {args.output}")


if __name__ == "__main__":
    main()
