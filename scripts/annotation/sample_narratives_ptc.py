"""Draw, show and check the PTC narratives sample (real English news, 2017-18).

The sample is the document set of ``data/narratives/real-ptc/ptc-narratives.jsonl``:
whole PTC training articles (``/work/shared/data/ptc/train-articles/article<ID>.txt``,
read with ``encoding="utf-8"``; a leading U+FEFF, where present, counts as one
character; the title is line 1 and is part of the document), labelled with the URW
and CC narratives of the unspun catalogues.

Sampling (seed 2020, one ``random.Random`` stream, stdlib only):

* ``keyword`` stratum: articles whose text matches ``KEYWORDS`` (Russia/Russian,
  Ukraine, Putin, NATO, Kremlin, climate, global warming, energy; case-insensitive,
  whole words) at least ``MIN_HITS`` (2) times: 39 of the 371 articles. One passing
  mention is not enough for a stratum meant to hold the on-topic articles. ``N_KEYWORD``
  (25) of them are drawn.
* ``random`` stratum: ``N_RANDOM`` (22) articles drawn from all other articles.
* split: inside each stratum the drawn articles are shuffled again and the first
  ``round(0.4 * n)`` go to ``test``, the rest to ``dev`` (PTC is a corpus the project
  may tune on, so ``dev`` is the default; ``test`` is the part kept for reporting).

No article text is written anywhere in the repository: the annotation file stores ids,
labels and character offsets only. ``--with-text OUT`` writes a copy that includes the
text (the format of ``data/narratives/validation.jsonl``, which the narrative scorer
``unspun.evaluation.narratives.load_gold`` reads) for local runs; put OUT outside the
repository.

Usage::

    S=scripts/annotation/sample_narratives_ptc.py
    python $S                     # list the sample
    python $S --show              # print the articles, every line with its offsets
    python $S --check data/narratives/real-ptc/ptc-narratives.jsonl
    python $S --check FILE --with-text /tmp/ptc-narratives.text.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 2020
ARTICLES_DIR = Path("/work/shared/data/ptc/train-articles")
TAXONOMY = Path("/work/shared/data/narratives/taxonomy.txt")
KEYWORDS = re.compile(
    r"\b(russia\w*|ukrain\w*|putin\w*|nato|kremlin|climate|global warming|energy)\b", re.I
)
MIN_HITS = 2
N_KEYWORD = 25
N_RANDOM = 22
TEST_FRACTION = 0.4
KINDS = ("advances", "none", "reports", "rebuts")
FIELDS = ["id", "lang", "narratives", "subnarratives", "kind", "evidence", "split", "note"]


def read_article(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def article_ids(articles_dir: Path = ARTICLES_DIR) -> list[str]:
    return sorted(p.stem[len("article") :] for p in articles_dir.glob("article*.txt"))


def draw_sample(articles_dir: Path = ARTICLES_DIR) -> list[dict]:
    """[{id, stratum, split, hits}] in sample order (keyword stratum first)."""
    ids = article_ids(articles_dir)
    hits = {i: len(KEYWORDS.findall(read_article(articles_dir / f"article{i}.txt"))) for i in ids}
    keyword_pool = [i for i in ids if hits[i] >= MIN_HITS]
    other_pool = [i for i in ids if hits[i] < MIN_HITS]
    rng = random.Random(SEED)
    keyword = rng.sample(keyword_pool, N_KEYWORD)
    other = rng.sample(other_pool, N_RANDOM)
    sample = []
    for stratum, drawn in (("keyword", keyword), ("random", other)):
        order = list(drawn)
        rng.shuffle(order)
        n_test = round(TEST_FRACTION * len(order))
        test = set(order[:n_test])
        for i in drawn:
            sample.append(
                {
                    "id": i,
                    "stratum": stratum,
                    "split": "test" if i in test else "dev",
                    "hits": hits[i],
                }
            )
    return sample


def taxonomy_labels(path: Path = TAXONOMY) -> tuple[set[str], set[str]]:
    narratives, subs, section = set(), set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            section = line[3:]
        elif line and not line.startswith("#"):
            (narratives if section == "narratives" else subs).add(line)
    return narratives, subs


def catalogue_domains() -> tuple[str, ...]:
    return ("URW: ", "CC: ")


def show(sample: list[dict]) -> None:
    for n, s in enumerate(sample, 1):
        text = read_article(ARTICLES_DIR / f"article{s['id']}.txt")
        print("=" * 100)
        where = f"stratum={s['stratum']} split={s['split']} keyword hits={s['hits']}"
        print(f"[{n}] {s['id']}  {where}")
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                print(f"  {pos:>6}-{pos + len(line):<6} {line}")
            pos += len(line) + 1


def check(path: Path, with_text: Path | None = None) -> int:
    sample = draw_sample()
    by_id = {s["id"]: s for s in sample}
    narratives, subs = taxonomy_labels()
    errors = []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        rows.append(r)

        def err(msg: str, n: int = n, r: dict = r) -> None:
            errors.append(f"line {n} ({r.get('id')}): {msg}")

        if list(r) != FIELDS:
            err(f"keys {list(r)} != {FIELDS}")
            continue
        if r["id"] not in by_id:
            err("id is not in the sample")
            continue
        art = ARTICLES_DIR / f"article{r['id']}.txt"
        text = read_article(art)
        if r["lang"] != "en":
            err("lang must be en")
        if r["split"] != by_id[r["id"]]["split"]:
            err(f"split {r['split']} != drawn split {by_id[r['id']]['split']}")
        if r["kind"] not in KINDS:
            err(f"unknown kind {r['kind']}")
        for key in ("narratives", "subnarratives"):
            if r[key] != sorted(r[key]) or len(set(r[key])) != len(r[key]):
                err(f"{key} not sorted / not unique")
        bad = [x for x in r["narratives"] if x not in narratives] + [
            x for x in r["subnarratives"] if x not in subs
        ]
        if bad:
            err(f"labels not in taxonomy: {bad}")
        off_domain = [
            x
            for x in r["narratives"] + r["subnarratives"]
            if x != "Other" and not x.startswith(catalogue_domains())
        ]
        if off_domain:
            err(f"labels outside the URW/CC catalogues: {off_domain}")
        if r["kind"] == "advances":
            if r["narratives"] == ["Other"] or "Other" in r["narratives"]:
                err("advancing document with Other")
            for nar in r["narratives"]:
                if not any(s.startswith(nar + ": ") for s in r["subnarratives"]):
                    err(f"{nar} has no sub-narrative")
            for s in r["subnarratives"]:
                if not any(s.startswith(nar + ": ") for nar in r["narratives"]):
                    err(f"sub-narrative {s} without its narrative")
            if not r["evidence"]:
                err("advancing document without evidence")
        else:
            if r["narratives"] != ["Other"] or r["subnarratives"] != ["Other"]:
                err(f"{r['kind']} document must be Other/Other")
            if r["evidence"]:
                err(f"{r['kind']} document with evidence")
        for span in r["evidence"]:
            if (
                not isinstance(span, list)
                or len(span) != 2
                or not (0 <= span[0] < span[1] <= len(text))
            ):
                err(f"evidence span {span} out of range (len {len(text)})")
            elif text[span[0] : span[1]] != text[span[0] : span[1]].strip():
                err(f"evidence span {span} starts or ends with white space")
        if not r["note"]:
            err("empty note")
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    missing = [s["id"] for s in sample if s["id"] not in set(ids)]
    if missing:
        errors.append(f"{len(missing)} sampled articles not annotated: {missing}")
    if ids != [s["id"] for s in sample if s["id"] in set(ids)]:
        errors.append("records are not in sample order")
    for e in errors:
        print(e, file=sys.stderr)

    strata = {s["id"]: s["stratum"] for s in sample}
    print(f"{path}: {len(rows)} documents, {len(errors)} problems")
    c = Counter((strata.get(r["id"]), r["kind"], r["split"]) for r in rows)
    print(f"\n  {'stratum':<8} {'kind':<9} {'dev':>4} {'test':>5}")
    for st in ("keyword", "random"):
        for k in KINDS:
            if c[(st, k, "dev")] or c[(st, k, "test")]:
                print(f"  {st:<8} {k:<9} {c[(st, k, 'dev')]:>4} {c[(st, k, 'test')]:>5}")
    print(
        f"  {'all':<8} {'':<9} {sum(r['split'] == 'dev' for r in rows):>4} "
        f"{sum(r['split'] == 'test' for r in rows):>5}"
    )
    nar = Counter(x for r in rows for x in r["narratives"])
    sub = Counter(x for r in rows for x in r["subnarratives"])
    print("\n  narratives (documents):")
    for k, v in sorted(nar.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {v:>3}  {k}")
    print("  sub-narratives (documents):")
    for k, v in sorted(sub.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {v:>3}  {k}")
    if with_text and not errors:
        with open(with_text, "w", encoding="utf-8") as fh:
            for r in rows:
                text = read_article(ARTICLES_DIR / f"article{r['id']}.txt")
                out = {"id": r["id"], "lang": r["lang"], "text": text}
                out.update({k: r[k] for k in FIELDS if k not in ("id", "lang")})
                fh.write(json.dumps(out, ensure_ascii=False) + "\n")
        print(f"\nwrote {len(rows)} documents with text to {with_text}")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="print the sampled articles")
    ap.add_argument("--check", type=Path, help="validate an annotation file and print counts")
    ap.add_argument("--with-text", type=Path, help="with --check: write a copy with text here")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.check, args.with_text)
    sample = draw_sample()
    if args.show:
        show(sample)
        return 0
    for s in sample:
        print(f"{s['id']}\t{s['stratum']}\t{s['split']}\thits={s['hits']}")
    c = Counter((s["stratum"], s["split"]) for s in sample)
    print(f"# {len(sample)} articles: {dict(sorted(c.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
