"""Draw, show and check the real-text narrative validation sample (UNLP 2025 posts).

The posts come from the UNLP 2025 shared-task dev file (Ukrainian and Russian
Telegram posts about the war, CC BY-NC-SA 4.0).  Their text is never stored in
the repository: the gold file ``data/narratives/real-unlp/unlp-narratives.jsonl``
holds post ids, labels, evidence offsets and notes only.  Offsets are Python
``str`` indices into ``text`` as read from the JSONL (``json.loads``), end
exclusive.

Sampling (seed 2025, one ``random.Random`` stream, so the order of steps matters):

* eligible posts: 80 to 2000 characters (the upper bound keeps out the ~4 % of
  long multi-topic digests, so that one annotator could read the sample in one
  session);
* for each language (``uk`` then ``ru``) and, inside it, for
  ``manipulative`` true then false, the eligible ids are sorted, shuffled, and the
  first ``N_MANIPULATIVE`` (85) / ``N_CLEAN`` (45) are taken: 130 posts per
  language, 260 in all;
* the sample is put in reading order by one more shuffle;
* split: inside each language the sampled ids (sorted) are shuffled and the first
  half goes to ``dev``, the rest to ``test``.  Both halves are validation-only
  (UNLP data is non-commercial; nothing shipped may be fitted on it): tune on
  ``dev``, report on ``test``.

Usage::

    # the sample (ids, lang, split; no text) as JSONL
    python scripts/annotation/sample_narratives_unlp.py --out /tmp/unlp-sample.jsonl
    # read posts 26-50 of the reading order
    python scripts/annotation/sample_narratives_unlp.py --show --batch 2 --batch-size 25
    # validate the gold file and print its counts
    python scripts/annotation/sample_narratives_unlp.py \\
        --check data/narratives/real-unlp/unlp-narratives.jsonl
    # gold file joined with the post texts, for scoring (written outside the repo)
    python scripts/annotation/sample_narratives_unlp.py \\
        --join-text data/narratives/real-unlp/unlp-narratives.jsonl --out /tmp/unlp-gold.jsonl

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 2025
UNLP_PATH = Path("/work/shared/data/unlp2025-dev/unlp2025-dev.jsonl")
TAXONOMY_PATH = Path("/work/shared/data/narratives/taxonomy.txt")
REPO_ROOT = Path(__file__).resolve().parents[2]
LANGS = ("uk", "ru")
MIN_CHARS = 80
MAX_CHARS = 2000
N_MANIPULATIVE = 85
N_CLEAN = 45
KINDS = ("advances", "none", "reports", "rebuts")
SPLITS = ("dev", "test")
DOMAINS = ("URW", "CC")
KEYS = ("id", "lang", "narratives", "subnarratives", "kind", "evidence", "split", "note")


def load_posts(path: Path = UNLP_PATH) -> dict[str, dict]:
    posts: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                posts[row["id"]] = row
    return posts


def draw_sample(posts: dict[str, dict], seed: int = SEED) -> list[dict]:
    """The sample in reading order: ``[{"id", "lang", "split"}, ...]``."""
    rng = random.Random(seed)
    picked: list[tuple[str, str]] = []
    for lang in LANGS:
        for manipulative, n in ((True, N_MANIPULATIVE), (False, N_CLEAN)):
            pool = sorted(
                pid
                for pid, p in posts.items()
                if p["lang"] == lang
                and bool(p.get("manipulative")) is manipulative
                and MIN_CHARS <= len(p["text"]) <= MAX_CHARS
            )
            rng.shuffle(pool)
            picked.extend((pid, lang) for pid in pool[:n])
    rng.shuffle(picked)
    split: dict[str, str] = {}
    for lang in LANGS:
        ids = sorted(pid for pid, lg in picked if lg == lang)
        rng.shuffle(ids)
        half = len(ids) // 2
        for i, pid in enumerate(ids):
            split[pid] = "dev" if i < half else "test"
    return [{"id": pid, "lang": lang, "split": split[pid]} for pid, lang in picked]


def load_taxonomy(path: Path = TAXONOMY_PATH) -> tuple[set[str], set[str]]:
    """(narrative labels, sub-narrative labels) of the URW and CC catalogues."""
    narratives: set[str] = set()
    subs: set[str] = set()
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line == "## narratives":
            section = narratives
        elif line == "## sub-narratives":
            section = subs
        elif (
            section is not None
            and line
            and not line.startswith("#")
            and line.split(":", 1)[0] in DOMAINS
        ):
            section.add(line)
    return narratives, subs


def parent_of(sub: str, narratives: set[str]) -> str | None:
    for n in narratives:
        if sub.startswith(n + ": "):
            return n
    return None


def check(path: Path, posts: dict[str, dict]) -> int:
    """Validate the gold file; print problems and counts; return the number of problems."""
    narratives, subs = load_taxonomy()
    sample = {r["id"]: r for r in draw_sample(posts)}
    problems: list[str] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            r = json.loads(line)
        except ValueError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        rows.append(r)
        if tuple(r) != KEYS:
            problems.append(f"{where}: keys {list(r)} != {list(KEYS)}")
        pid = r.get("id")
        where = f"line {n} ({pid})"
        if pid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(pid)
        post = posts.get(pid)
        if post is None:
            problems.append(f"{where}: id not in {UNLP_PATH.name}")
            continue
        if r.get("lang") != post["lang"]:
            problems.append(f"{where}: lang {r.get('lang')} != source {post['lang']}")
        if pid not in sample:
            problems.append(f"{where}: id not in the drawn sample")
        elif r.get("split") != sample[pid]["split"]:
            problems.append(f"{where}: split {r.get('split')} != drawn {sample[pid]['split']}")
        if r.get("split") not in SPLITS:
            problems.append(f"{where}: split {r.get('split')!r}")
        kind = r.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r}")
        nar, sub = r.get("narratives"), r.get("subnarratives")
        if not isinstance(nar, list) or not isinstance(sub, list) or not nar or not sub:
            problems.append(f"{where}: narratives/subnarratives must be non-empty lists")
            continue
        for lst, name in ((nar, "narratives"), (sub, "subnarratives")):
            if lst != sorted(lst):
                problems.append(f"{where}: {name} not sorted")
            if len(set(lst)) != len(lst):
                problems.append(f"{where}: {name} has duplicates")
        text = post["text"]
        ev = r.get("evidence")
        if not isinstance(ev, list):
            problems.append(f"{where}: evidence must be a list")
            ev = []
        for span in ev:
            if (
                not isinstance(span, list)
                or len(span) != 2
                or not all(isinstance(x, int) for x in span)
                or not 0 <= span[0] < span[1] <= len(text)
            ):
                problems.append(f"{where}: evidence span {span} out of range (len {len(text)})")
            elif not text[span[0] : span[1]].strip():
                problems.append(f"{where}: evidence span {span} is blank")
        if ev != sorted(ev):
            problems.append(f"{where}: evidence spans not sorted")
        if not isinstance(r.get("note"), str) or not r["note"].strip():
            problems.append(f"{where}: empty note")
        if kind == "advances":
            if nar == ["Other"] or sub == ["Other"]:
                problems.append(f"{where}: advances but labelled Other")
            if not ev:
                problems.append(f"{where}: advances without evidence")
            for label in nar:
                if label not in narratives:
                    problems.append(f"{where}: narrative {label!r} not in taxonomy")
            for label in sub:
                if label not in subs:
                    problems.append(f"{where}: sub-narrative {label!r} not in taxonomy")
                    continue
                parent = parent_of(label, narratives)
                if parent not in nar:
                    problems.append(f"{where}: {label!r} without its narrative")
            for label in nar:
                if not any(s.startswith(label + ": ") for s in sub):
                    problems.append(f"{where}: narrative {label!r} without a sub-narrative")
                specific = [
                    s for s in sub if s.startswith(label + ": ") and not s.endswith(": Other")
                ]
                if specific and f"{label}: Other" in sub:
                    problems.append(f"{where}: {label}: Other next to a specific sub-narrative")
        elif kind in KINDS:
            if nar != ["Other"] or sub != ["Other"]:
                problems.append(f"{where}: kind {kind} must carry ['Other'] / ['Other']")
            if ev:
                problems.append(f"{where}: kind {kind} must have empty evidence")
    missing = set(sample) - seen
    if missing:
        problems.append(f"{len(missing)} sampled ids not labelled (first: {sorted(missing)[0]})")

    for p in problems:
        print("PROBLEM", p)
    print_counts(rows, posts)
    print(f"\n{len(problems)} problem(s)")
    return len(problems)


def print_counts(rows: list[dict], posts: dict[str, dict]) -> None:
    print(f"{len(rows)} records")
    print(
        f"\n{'lang':<6}" + "".join(f"{k:>10}" for k in KINDS) + f"{'dev':>6}{'test':>6}{'total':>7}"
    )
    for lang in (*LANGS, "all"):
        sel = [r for r in rows if lang == "all" or r.get("lang") == lang]
        kc = Counter(r.get("kind") for r in sel)
        sc = Counter(r.get("split") for r in sel)
        print(
            f"{lang:<6}"
            + "".join(f"{kc[k]:>10}" for k in KINDS)
            + f"{sc['dev']:>6}{sc['test']:>6}{len(sel):>7}"
        )
    print("\nkind x split:")
    for k in KINDS:
        sc = Counter(r.get("split") for r in rows if r.get("kind") == k)
        print(f"  {k:<9} dev {sc['dev']:>3}  test {sc['test']:>3}")
    print("\nkind x source 'manipulative' flag:")
    for k in KINDS:
        mc = Counter(
            bool(posts.get(r["id"], {}).get("manipulative")) for r in rows if r.get("kind") == k
        )
        print(f"  {k:<9} manipulative {mc[True]:>3}  not {mc[False]:>3}")
    adv = [r for r in rows if r.get("kind") == "advances"]
    print(
        f"\nadvancing posts: {len(adv)}; by number of narratives:",
        dict(sorted(Counter(len(r["narratives"]) for r in adv).items())),
    )
    nc: Counter = Counter()
    nl: dict[str, Counter] = {}
    ns: dict[str, Counter] = {}
    for r in adv:
        for label in r["narratives"] + r["subnarratives"]:
            nc[label] += 1
            nl.setdefault(label, Counter())[r["lang"]] += 1
            ns.setdefault(label, Counter())[r["split"]] += 1

    def row(label: str, c: int) -> str:
        by_lang = f"{nl[label]['uk']:>3}/{nl[label]['ru']:<3}"
        by_split = f"{ns[label]['dev']:>3}/{ns[label]['test']:<3}"
        return f"  {c:>4}  {by_lang} {by_split} {label}"

    ranked = sorted(nc.items(), key=lambda kv: (-kv[1], kv[0]))
    print("\nnarratives (posts; uk/ru; dev/test):")
    for label, c in ranked:
        if label.count(":") == 1:
            print(row(label, c))
    print("\nsub-narratives (posts; uk/ru; dev/test):")
    for label, c in ranked:
        if label.count(":") >= 2:
            print(row(label, c))


def show(sample: list[dict], posts: dict[str, dict], batch: int, size: int) -> None:
    if batch:
        lo = (batch - 1) * size
        chosen = list(enumerate(sample))[lo : lo + size]
    else:
        chosen = list(enumerate(sample))
    for i, r in chosen:
        text = posts[r["id"]]["text"]
        print(f"=== #{i + 1} {r['id']} {r['lang']} {r['split']} len={len(text)}")
        print(text)
        print()


def join_text(path: Path, posts: dict[str, dict], out: Path) -> None:
    if out.resolve().is_relative_to(REPO_ROOT):
        sys.exit(f"refusing to write post texts inside the repository ({out}); use /tmp")
    with path.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as oh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                r["text"] = posts[r["id"]]["text"]
                oh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unlp", type=Path, default=UNLP_PATH)
    ap.add_argument("--out", type=Path, help="write the sample (id, lang, split) / joined file")
    ap.add_argument("--show", action="store_true", help="print id, lang and text for reading")
    ap.add_argument("--batch", type=int, default=0, help="1-based batch to show (0 = all)")
    ap.add_argument("--batch-size", type=int, default=25)
    ap.add_argument("--check", type=Path, metavar="FILE", help="validate a gold file")
    ap.add_argument(
        "--join-text",
        type=Path,
        metavar="FILE",
        help="write FILE with each post's text added to --out (outside the repo)",
    )
    args = ap.parse_args()

    posts = load_posts(args.unlp)
    if args.check:
        sys.exit(1 if check(args.check, posts) else 0)
    if args.join_text:
        if not args.out:
            ap.error("--join-text needs --out")
        join_text(args.join_text, posts, args.out)
        return
    sample = draw_sample(posts)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(sample)} sampled ids to {args.out}", file=sys.stderr)
    if args.show:
        show(sample, posts, args.batch, args.batch_size)
    if not args.out and not args.show:
        c = Counter((r["lang"], r["split"]) for r in sample)
        print(f"{len(sample)} posts:", dict(sorted(c.items())))


if __name__ == "__main__":
    main()
