"""Draw the sentence sample for the attribution gold standard.

Sentence units are the non-empty lines of each PTC training article, minus the
title (line 1).  Offsets are Python ``str`` indices into the article text read
with ``encoding="utf-8"`` (a leading U+FEFF, where present, counts as one
character), trimmed to the line's non-space content, end exclusive.

Default sampling (seed 13, one ``random.Random`` stream, so the order of steps matters):

* articles are visited in a seeded random order;
* from each visited article we take up to ``PER_ARTICLE_RANDOM`` sentences at
  random from all of its sentences (stratum ``random``) and up to
  ``PER_ARTICLE_CUE`` further sentences at random from its sentences that
  contain a reporting cue (stratum ``cue``), until each stratum holds 160;
* an extra stratum ``vague_cue`` (cues typical of vague sourcing: experts,
  critics, many, some, studies, it is believed, reportedly, ...) is then filled
  from the same article order, at most one per article, 40 sentences;
* a second extra stratum ``strict_cue`` (narrower cues: experts, critics,
  analysts, scientists, reportedly, allegedly, rumours, anonymity, "familiar
  with", "sources say", "it is said/believed", ...) was added after the first
  three were annotated, because vague and anonymous attributions were still
  rare; it appends draws, so the earlier draws are unchanged;
* units made only of invisible characters (one line holds a lone U+FEFF) are
  dropped after drawing;
* articles (never single sentences) are put in ``dev`` or ``test`` so that dev
  holds about 40% of the sampled sentences.

Only article ids, offsets, strata and splits are printed or written, plus the
sentence text on stdout for the annotator to read (``--show``); no article text
is ever stored in the repository.

A further draw can be made with another seed, without the articles of an
existing gold file and with other stratum sizes; ``--split NAME`` then puts every
sentence in one split instead of the dev/test assignment.  The second
development part (dev2) was drawn with::

    python scripts/annotation/sample_attribution.py --seed 29 \
        --exclude-gold data/annotations/attribution/ptc-attribution.jsonl \
        --random 80 --cue 80 --vague 0 --strict 0 --split dev2 --out /tmp/dev2.jsonl

The defaults reproduce the original draw (seed 13, 160/160/40/40, dev/test).

Usage::

    python scripts/annotation/sample_attribution.py --out /tmp/sample.jsonl --show
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SEED = 13
ARTICLES_DIR = Path("/work/shared/data/ptc/train-articles")
N_RANDOM = 160
N_CUE = 160
N_VAGUE = 40
PER_ARTICLE_RANDOM = 2
PER_ARTICLE_CUE = 2
PER_ARTICLE_VAGUE = 1
DEV_FRACTION = 0.4

CUES = [
    "said",
    "says",
    "told",
    "according to",
    "claimed",
    "reported",
    "believe",
    "sources",
    "officials",
    "experts",
    "warned",
    "argued",
    "stated",
    "noted",
    "announced",
    "insisted",
    "wrote",
    "added",
    "suggests",
    "reportedly",
    "alleged",
]
CUE_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in CUES) + r")\b", re.I)

VAGUE_CUES = [
    "experts",
    "critics",
    "many",
    "some",
    "studies",
    "it is believed",
    "reportedly",
    "observers",
    "analysts",
    "it is said",
    "widely",
    "some say",
    "people say",
    "reports suggest",
    "it is claimed",
]
VAGUE_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in VAGUE_CUES) + r")\b", re.I)

# Second extra stratum, added after annotating the first three because vague and
# anonymous attributions were still rare: narrower, higher-precision cues.
N_STRICT = 40
PER_ARTICLE_STRICT = 1
STRICT_RE = re.compile(
    r"\b(experts?|critics|analysts|observers|studies|scientists|researchers"
    r"|reportedly|allegedly|rumou?rs?|insiders?|anonymity|familiar with"
    r"|sources?\s+(?:say|said|told|close)|(?:some|many|others)\s+(?:say|said|believe|claim|argue|think|fear)"
    r"|it\s+is\s+(?:believed|said|thought|claimed|reported|widely)|(?:is|are|was|were)\s+said\s+to"
    r"|widely\s+(?:believed|reported|thought|seen|regarded))\b",
    re.I,
)


def read_article(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def sentence_units(text: str) -> list[tuple[int, int]]:
    """Non-empty lines after the title line, as trimmed (start, end) offsets."""
    units = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if i == 0:
            continue  # title
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = line_start + lead
        end = start + len(stripped)
        units.append((start, end))
    return units


def article_ids(articles_dir: Path) -> list[str]:
    ids = []
    for p in sorted(articles_dir.glob("article*.txt")):
        ids.append(p.stem[len("article") :])
    return ids


def texts_or_read(texts: dict[str, str], articles_dir: Path, aid: str) -> str:
    if aid not in texts:
        texts[aid] = read_article(articles_dir / f"article{aid}.txt")
    return texts[aid]


def gold_article_ids(path: Path) -> set[str]:
    """Article ids used in an existing gold file (only the ids are read)."""
    ids = set()
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            if raw.strip():
                ids.add(str(json.loads(raw)["article_id"]))
    return ids


def draw_sample(
    articles_dir: Path = ARTICLES_DIR,
    seed: int = SEED,
    *,
    n_random: int = N_RANDOM,
    n_cue: int = N_CUE,
    n_vague_cue: int = N_VAGUE,
    n_strict_cue: int = N_STRICT,
    exclude: frozenset[str] | set[str] = frozenset(),
    split_name: str | None = None,
) -> list[dict]:
    """Draw the sample.  The defaults give the original draw.

    ``exclude`` drops articles after the seeded shuffle (so the order of the
    remaining articles does not depend on it); ``split_name`` puts every
    sentence in that split instead of the seeded dev/test assignment.
    """
    rng = random.Random(seed)
    ids = article_ids(articles_dir)
    order = ids[:]
    rng.shuffle(order)
    order = [aid for aid in order if aid not in exclude]

    sample: list[dict] = []
    taken: set[tuple[str, int]] = set()
    got_rand = got_cue = 0
    texts: dict[str, str] = {}
    for aid in order:
        if got_rand >= n_random and got_cue >= n_cue:
            break
        text = read_article(articles_dir / f"article{aid}.txt")
        texts[aid] = text
        units = sentence_units(text)
        if not units:
            continue
        if got_rand < n_random:
            k = min(PER_ARTICLE_RANDOM, len(units), n_random - got_rand)
            for s, e in sorted(rng.sample(units, k)):
                taken.add((aid, s))
                sample.append({"article_id": aid, "start": s, "end": e, "stratum": "random"})
                got_rand += 1
        if got_cue < n_cue:
            cue_units = [
                u for u in units if (aid, u[0]) not in taken and CUE_RE.search(text[u[0] : u[1]])
            ]
            k = min(PER_ARTICLE_CUE, len(cue_units), n_cue - got_cue)
            for s, e in sorted(rng.sample(cue_units, k)):
                taken.add((aid, s))
                sample.append({"article_id": aid, "start": s, "end": e, "stratum": "cue"})
                got_cue += 1

    # extra stratum: vague-sourcing cues, from the articles already visited first,
    # then continuing down the same order.
    got_vague = 0
    for aid in order:
        if got_vague >= n_vague_cue:
            break
        text = texts.get(aid) or read_article(articles_dir / f"article{aid}.txt")
        units = sentence_units(text)
        vague_units = [
            u for u in units if (aid, u[0]) not in taken and VAGUE_RE.search(text[u[0] : u[1]])
        ]
        k = min(PER_ARTICLE_VAGUE, len(vague_units), n_vague_cue - got_vague)
        for s, e in sorted(rng.sample(vague_units, k)):
            taken.add((aid, s))
            sample.append({"article_id": aid, "start": s, "end": e, "stratum": "vague_cue"})
            got_vague += 1

    # second extra stratum: stricter vague/anonymous cues, same article order
    got_strict = 0
    for aid in order:
        if got_strict >= n_strict_cue:
            break
        text = texts.get(aid) or read_article(articles_dir / f"article{aid}.txt")
        units = sentence_units(text)
        strict_units = [
            u for u in units if (aid, u[0]) not in taken and STRICT_RE.search(text[u[0] : u[1]])
        ]
        k = min(PER_ARTICLE_STRICT, len(strict_units), n_strict_cue - got_strict)
        for s, e in sorted(rng.sample(strict_units, k)):
            taken.add((aid, s))
            sample.append({"article_id": aid, "start": s, "end": e, "stratum": "strict_cue"})
            got_strict += 1

    # units made only of invisible characters (a line holding a lone U+FEFF)
    # are dropped after drawing, so that earlier draws stay unchanged
    sample = [
        r
        for r in sample
        if any(
            ch.isalnum()
            for ch in texts_or_read(texts, articles_dir, r["article_id"])[r["start"] : r["end"]]
        )
    ]

    if split_name is not None:
        for r in sample:
            r["split"] = split_name
    else:
        split = assign_splits(sample, rng)
        for r in sample:
            r["split"] = split[r["article_id"]]
    sample.sort(key=lambda r: (r["article_id"], r["start"]))
    for i, r in enumerate(sample):
        r["id"] = i
    return sample


def assign_splits(sample: list[dict], rng: random.Random) -> dict[str, str]:
    """Article-level dev/test split, ~40% dev by sentence count."""
    per_article: dict[str, int] = {}
    for r in sample:
        per_article[r["article_id"]] = per_article.get(r["article_id"], 0) + 1
    arts = sorted(per_article)
    rng.shuffle(arts)
    target_dev = DEV_FRACTION * len(sample)
    split: dict[str, str] = {}
    n_dev = 0
    for aid in arts:
        if n_dev + per_article[aid] <= target_dev + 1:
            split[aid] = "dev"
            n_dev += per_article[aid]
        else:
            split[aid] = "test"
    return split


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=Path, default=ARTICLES_DIR)
    ap.add_argument("--out", type=Path, help="write sample (ids/offsets only) as JSONL")
    ap.add_argument("--show", action="store_true", help="print sentence text for reading")
    ap.add_argument("--chunk", type=int, default=0, help="chunk index to show (0 = all)")
    ap.add_argument("--chunk-size", type=int, default=60)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--random", type=int, default=N_RANDOM, help="size of stratum random")
    ap.add_argument("--cue", type=int, default=N_CUE, help="size of stratum cue")
    ap.add_argument("--vague", type=int, default=N_VAGUE, help="size of stratum vague_cue")
    ap.add_argument("--strict", type=int, default=N_STRICT, help="size of stratum strict_cue")
    ap.add_argument(
        "--exclude-gold",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="skip the articles used in this gold file (repeatable)",
    )
    ap.add_argument(
        "--split", help="put every sentence in this split (default: seeded dev/test by article)"
    )
    args = ap.parse_args()

    exclude: set[str] = set()
    for gold in args.exclude_gold:
        exclude |= gold_article_ids(gold)
    sample = draw_sample(
        args.articles,
        args.seed,
        n_random=args.random,
        n_cue=args.cue,
        n_vague_cue=args.vague,
        n_strict_cue=args.strict,
        exclude=exclude,
        split_name=args.split,
    )
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(json.dumps(r) + "\n")
    rows = sample
    if args.chunk:
        rows = sample[(args.chunk - 1) * args.chunk_size : args.chunk * args.chunk_size]
    if args.show:
        texts: dict[str, str] = {}
        for r in rows:
            aid = r["article_id"]
            if aid not in texts:
                texts[aid] = read_article(args.articles / f"article{aid}.txt")
            print(
                f"[{r['id']}] {aid} {r['start']}-{r['end']} {r['stratum']} {r['split']}: "
                f"{texts[aid][r['start'] : r['end']]}"
            )
    n_art = len({r["article_id"] for r in sample})
    by: dict[tuple[str, str], int] = {}
    for r in sample:
        by[(r["split"], r["stratum"])] = by.get((r["split"], r["stratum"]), 0) + 1
    print(f"# {len(sample)} sentences from {n_art} articles; {by}")


if __name__ == "__main__":
    main()
