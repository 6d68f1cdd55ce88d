"""Draw (and check) the UNLP 2025 attribution gold sample (Ukrainian/Russian Telegram posts).

Companion of ``sample_attribution.py`` (PTC, English) with the same conventions:
offsets are Python ``str`` indices into the post ``text`` field of
``unlp2025-dev.jsonl`` (as decoded by ``json.loads``), end exclusive; only ids,
offsets, strata and splits are ever written, never post text.

Sentence units: each non-empty line of a post is split after ``. ! ? …``
(optionally followed by closing quotes or brackets) when whitespace follows and
the next character is not a lower-case letter.  Units are trimmed of
surrounding whitespace; units without any letter (emoji, separators) are
dropped.

Sampling (seed 13, one ``random.Random`` stream, so the order of steps matters):

* posts (sorted by id) are shuffled once and visited in that order;
* from each post, in this order, the sampler draws one unit per stratum, each
  from units not taken yet, while the stratum's per-language quota is not full:
  ``random`` (any unit), ``cue`` (a reporting cue: заявил/заявив/сообщил/
  повідомив/по словам/за словами/по данным/за даними/считают/вважають/
  говорят/кажуть/утверждает/стверджує/якобы/нібито ...), ``label`` (a
  pejorative collective -- режим, хунта, рашист, орк, окупант, нацист,
  кремлёвский, ... -- within a few words of a reporting verb; up to 2 per
  post), ``crowd`` (многие/все/люди/тысячи/тисячі/багато хто/мешканці/жители
  ... near a reporting or belief verb, or an impersonal "говорят"/"кажуть"/
  "ходят слухи"), ``expert`` (experts, analysts, sources, insiders,
  monitoring groups, observers ... near a reporting verb, or "по данным/за
  даними" + such a source);
* an extra stratum ``crowd_strict`` (narrower crowd cues: clause-initial
  говорят/кажуть/пишут, многие/все/люди/жители/місцеві ... + говорят/кажуть/
  считают/знают ..., слухи/чутки) was added after the first five strata had
  been annotated, because they held only 12 crowd attributions; it is filled in
  the same post order, at most one per post, 10 per language, and its draws are
  appended after the earlier ones, so those did not change (only the dev/test
  assignment was redrawn);
* whole posts are put in ``dev`` or ``test`` in a seeded order so that dev
  holds half of the sampled units (both parts are validation data only).

Further draws (e.g. the second development part ``dev2``): ``--seed`` changes
the stream, ``--exclude-gold FILE`` skips every post used in an existing gold
file, ``--size N`` draws about N units in all (half per language) with the
quotas above scaled down, and ``--split NAME`` puts every unit in one split
instead of the dev/test assignment.  Without these options the draw is the
original one.

Usage::

    python scripts/annotation/sample_attribution_unlp.py --show            # print units
    python scripts/annotation/sample_attribution_unlp.py --out sample.jsonl # ids/offsets
    python scripts/annotation/sample_attribution_unlp.py --seed 29 --size 110 --split dev2 \\
        --exclude-gold data/annotations/attribution/unlp-attribution.jsonl --out dev2.jsonl
    python scripts/annotation/sample_attribution_unlp.py \\
        --check data/annotations/attribution/unlp-attribution.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 13
DATA = Path("/work/shared/data/unlp2025-dev/unlp2025-dev.jsonl")
LANGS = ("uk", "ru")
# per-language quota of each stratum, in drawing order
QUOTA = {"random": 25, "cue": 20, "label": 40, "crowd": 20, "expert": 15}
PER_POST = {"random": 1, "cue": 1, "label": 3, "crowd": 1, "expert": 1}
DEV_FRACTION = 0.5

LABELS = ("named", "official", "vague", "anonymous", "own", "none")
KINDS = ("named", "official", "vague", "anonymous", "label")
SPLITS = ("dev", "test", "dev2", "dev3")
STRATA = (*QUOTA, "crowd_strict")
ERROR_CLASSES = ("label_as_source", "crowd", "pseudo_expert")

W = r"[\w\-’'ʼ]+"  # a word (Cyrillic apostrophes included)
NEAR = r"(?:\W+" + W + r"){0,4}?\W+"  # up to 4 words in between


def _alt(words: str) -> str:
    """Regex alternation of whitespace-separated patterns."""
    return "(?:" + "|".join(words.split()) + ")"


REPORT = _alt(
    r"""
    заяв\w* сообщ\w* повідом\w* утвержда\w* стверджу\w* говор\w* кажуть каже пишут
    пишуть счита\w* вважа\w* призна\w* визна\w* называ\w* назива\w* отмеча\w*
    відзнача\w* фиксиру\w* фіксу\w* рассказ\w* розпові\w* хвал\w* хваст\w* хизу\w*
    обеща\w* обіця\w* пообіця\w* пообеща\w* угрожа\w* погрожу\w* объяв\w* оголос\w*
    оголошу\w* крича\w* звинувач\w* обвин\w* жалу\w* скарж\w* брешуть брехали врут лгут
    вещают доповіда\w* доклад\w* уверя\w* запевня\w* распростран\w* поширю\w* рапорту\w*
    визжат вопят воют верещат ноют скулят истер\w* трубят публіку\w* публику\w*
    поясню\w* объясня\w* підтвердж\w* подтвержд\w* підтверди\w* подтверди\w* знают
    знають думают думають увер\w* упевнен\w* вимага\w* требу\w* назвал\w* назва\w*
    прокоммент\w* прокоментува\w* коментува\w* комментир\w* пропонув\w*
    """
)
CUE_RE = re.compile(
    r"\b"
    + _alt(
        r"""
        заявил\w* заявля\w* заяви\w* заявив заявила заявили сообщил\w* сообща\w* сообщается
        повідоми\w* повідомля\w* повідомив по\s+словам за\s+словами по\s+данным за\s+даними
        по\s+информации за\s+інформацією считают считает вважають вважає говорят говорить
        кажуть каже утвержда\w* стверджу\w* якобы нібито пишут пишуть пише пишет отметил\w*
        відзначи\w* зазначи\w* зазнача\w* рассказал\w* розповів розповіла розповіли
        признал\w* визнав визнали объявил\w* оголоси\w* по\s+мнению на\s+думку как\s+пишет
        як\s+пише
        """
    )
    + r"\b",
    re.I,
)
LABEL_WORD = _alt(
    r"""
    режим\w* хунт\w* рашист\w* орк\w* орків\w* окупант\w* оккупант\w* окупаційн\w*
    оккупационн\w* нацист\w* неонацист\w* укронацист\w* нацик\w* кремл\w* русн\w*
    русняв\w* укроп\w* укры укров укросми бандер\w* хохл\w* москал\w* кацап\w* фашист\w*
    свинособак\w* раша\-?\w* рашистан\w* боевик\w* карател\w* свидомит\w* пропагандон\w*
    пропагандист\w* путлер\w* чмобик\w* ватн\w* вата сепар\w* соросят\w* глобалист\w*
    ждун\w* зрадоф\w* мародер\w* вагнерівц\w* росзмі россми роспропаганд\w* z\-\w+
    """
)
NEAR_WIDE = r"(?:\W+" + W + r"){0,6}?\W+"  # up to 6 words in between
LABEL_RE = re.compile(
    r"\b" + LABEL_WORD + NEAR_WIDE + REPORT + r"\b|\b" + REPORT + NEAR + LABEL_WORD + r"\b", re.I
)
CROWD_WORD = _alt(
    r"""
    многие многих все всі усі люди людей тысячи тисячі сотни сотні багато\s+хто
    мешканц\w* жител\w* житці населення население очевидц\w* користувач\w*
    пользовател\w* подписчик\w* підписник\w* громадян\w* граждан\w* украинцы українці
    россияне росіяни большинство більшість некоторые деякі кое-кто хтось кто-то
    містян\w* горожан\w* сельчан\w* селян\w* волонтер\w* солдат\w* военн\w* бійц\w*
    мобилизованн\w* мобілізован\w* родственник\w* родич\w* матер\w* жены дружини
    местн\w* місцев\w*
    """
)
CROWD_RE = re.compile(
    r"\b" + CROWD_WORD + NEAR + REPORT + r"\b|\b" + REPORT + NEAR + CROWD_WORD + r"\b"
    r"|(?:^|[,;:—–-]\s*|\b(?:и|і|й|а|но|але|как|як)\s+)"
    r"(?:говорят|кажуть|поговаривают|пишут|пишуть|считают|вважають)\b"
    r"|\b(?:ходят|ходять)\s+(?:слух\w*|чутк\w*)|\bслух\w*|\bчутк\w*",
    re.I,
)
EXPERT_WORD = _alt(
    r"""
    експерт\w* эксперт\w* аналітик\w* аналитик\w* джерел\w* джерело источник\w*
    моніторинг\w* мониторинг\w* інсайдер\w* инсайдер\w* політолог\w* политолог\w*
    спостерігач\w* наблюдател\w* правозахисник\w* правозащитник\w* дослідник\w*
    исследовател\w* вчені учёные ученые журналіст\w* журналист\w* ЗМІ СМИ медіа медиа
    паблік\w* паблик\w* канал\w* блогер\w* воєнкор\w* военкор\w* розвідк\w* разведк\w*
    фахівц\w* специалист\w* соцмереж\w* соцсет\w* мереж\w* сети
    """
)
EXPERT_RE = re.compile(
    r"\b" + EXPERT_WORD + NEAR + REPORT + r"\b|\b" + REPORT + NEAR + EXPERT_WORD + r"\b"
    r"|\b(?:по\s+данным|за\s+даними|по\s+информации|за\s+інформацією|по\s+словам|за\s+словами"
    r"|по\s+мнению|на\s+думку)\W+(?:" + W + r"\W+){0,2}" + EXPERT_WORD + r"\b",
    re.I,
)
STRATUM_RE = {"cue": CUE_RE, "label": LABEL_RE, "crowd": CROWD_RE, "expert": EXPERT_RE}

# Extra stratum ``crowd_strict``, added after the first five strata were annotated
# because they held only 12 crowd attributions: narrower, higher-precision crowd
# cues.  Its draws are appended after the earlier ones, so those do not change.
N_CROWD_STRICT = 10  # per language
CROWD_VERB = _alt(
    r"""
    говорят говорять кажуть считают вважають знают знають думают думають уверены
    впевнені упевнені утверждают стверджують пишут пишуть называют називають жалуются
    скаржаться рассказывают розповідають сообщают повідомляють обсуждают обговорюють
    возмущаются обурюються уверяют запевняють признают визнають вспоминают згадують
    """
)
CROWD_STRICT_RE = re.compile(
    r"(?:^|[,;:—–-]\s*|\b(?:и|і|й|а|но|але|как|як|ведь|адже|вот|ось)\s+)"
    r"(?:говорят|кажуть|поговаривают|пишут|пишуть|считают|вважають|утверждают|стверджують)\b"
    r"|\b(?:многие|многих|багато\s+хто|багато\s+людей|мало\s+кто|мало\s+хто|все|всі|усі|люди"
    r"|тысячи|тисячі|сотни|сотні|большинство|більшість|некоторые|деякі|кое-кто|хтось|кто-то"
    r"|жители|жителі|мешканці|местные|місцеві|населення|население|очевидці|очевидцы"
    r"|пользователи|користувачі|юзеры|юзери)(?:\W+" + W + r"){0,2}?\W+" + CROWD_VERB + r"\b"
    r"|\b(?:ходят|ходять|пошли|пішли|поползли|поповзли)\s+(?:слух\w*|чутк\w*)"
    r"|\b(?:по\s+слухам|за\s+чутками|поговаривают|судачат|кажуть\s+люди|говорят\s+люди)\b",
    re.I,
)

_BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”)\]]*\s+(?=[^a-zа-яёіїєґ\s])")


def read_posts(path: Path = DATA) -> dict[str, dict]:
    posts = {}
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            if raw.strip():
                r = json.loads(raw)
                posts[r["id"]] = r
    return posts


def sentence_units(text: str) -> list[tuple[int, int]]:
    """Trimmed (start, end) offsets of the sentence units of a post."""
    pieces = []
    for m in re.finditer(r"[^\n]+", text):
        base, line = m.start(), m.group()
        pos = 0
        for b in _BOUNDARY.finditer(line):
            end = b.start() + len(b.group().rstrip())
            pieces.append((base + pos, base + end))
            pos = b.end()
        pieces.append((base + pos, base + len(line)))
    units = []
    for s, e in pieces:
        seg = text[s:e]
        core = seg.strip()
        if not core or not any(ch.isalpha() for ch in core):
            continue
        s2 = s + len(seg) - len(seg.lstrip())
        units.append((s2, s2 + len(core)))
    return units


def gold_post_ids(path: Path) -> set[str]:
    """Post ids used in a gold file (only the ids are read)."""
    with open(path, encoding="utf-8") as fh:
        return {json.loads(raw)["post_id"] for raw in fh if raw.strip()}


def default_quotas() -> dict[str, dict[str, int]]:
    """Per-language quota of every stratum (``crowd_strict`` included) of the original draw."""
    return {lang: {**QUOTA, "crowd_strict": N_CROWD_STRICT} for lang in LANGS}


def scaled_quotas(
    posts: dict[str, dict], size: int, exclude: frozenset[str] = frozenset()
) -> dict[str, dict[str, int]]:
    """Quotas for a draw of ``size`` units in all, split evenly over the languages.

    Each language's share is apportioned (largest remainder, ties in stratum
    order) over the strata in proportion to the original quotas, leaving out the
    strata that have no candidate unit in that language's remaining posts (e.g.
    ``label``, which the original draw exhausted).  A stratum whose pool is
    smaller than its quota still runs short.
    """
    base = default_quotas()[LANGS[0]]
    regex = {**STRATUM_RE, "crowd_strict": CROWD_STRICT_RE}
    quotas = {}
    for i, lang in enumerate(LANGS):
        target = size // len(LANGS) + (i < size % len(LANGS))
        texts = [p["text"] for pid, p in posts.items() if p["lang"] == lang and pid not in exclude]
        live = [
            st
            for st in base
            if st == "random"
            or any(regex[st].search(t[s:e]) for t in texts for s, e in sentence_units(t))
        ]
        total = sum(base[st] for st in live)
        share = {st: target * base[st] / total for st in live}
        q = {st: int(share.get(st, 0)) for st in base}
        rest = sorted(live, key=lambda st: (-(share[st] - q[st]), list(base).index(st)))
        for st in rest[: target - sum(q.values())]:
            q[st] += 1
        quotas[lang] = q
    return quotas


def draw_sample(
    posts: dict[str, dict],
    seed: int = SEED,
    exclude: frozenset[str] = frozenset(),
    quotas: dict[str, dict[str, int]] | None = None,
    split_name: str | None = None,
) -> list[dict]:
    """Draw the sample.  The defaults give the original draw (seed 13, dev/test).

    ``exclude``: post ids to skip; ``quotas``: per-language quota of every
    stratum (see ``default_quotas``); ``split_name``: put every unit in this
    split instead of the seeded dev/test assignment.
    """
    quotas = quotas or default_quotas()
    rng = random.Random(seed)
    order = sorted(posts)
    rng.shuffle(order)
    n = Counter()  # (stratum, lang) -> count
    sample: list[dict] = []
    for pid in order:
        post = posts[pid]
        lang, text = post["lang"], post["text"]
        if lang not in LANGS or pid in exclude:
            continue
        units = sentence_units(text)
        taken: set[int] = set()
        for stratum in QUOTA:
            left = quotas[lang][stratum] - n[(stratum, lang)]
            if left <= 0:
                continue
            pool = [
                u
                for u in units
                if u[0] not in taken
                and (stratum == "random" or STRATUM_RE[stratum].search(text[u[0] : u[1]]))
            ]
            k = min(PER_POST[stratum], len(pool), left)
            for s, e in sorted(rng.sample(pool, k)):
                taken.add(s)
                sample.append(
                    {"post_id": pid, "lang": lang, "start": s, "end": e, "stratum": stratum}
                )
                n[(stratum, lang)] += 1
    # extra stratum crowd_strict: same post order, at most one per post
    for pid in order:
        post = posts[pid]
        lang, text = post["lang"], post["text"]
        if (
            lang not in LANGS
            or pid in exclude
            or n[("crowd_strict", lang)] >= quotas[lang]["crowd_strict"]
        ):
            continue
        done = {r["start"] for r in sample if r["post_id"] == pid}
        pool = [
            u
            for u in sentence_units(text)
            if u[0] not in done and CROWD_STRICT_RE.search(text[u[0] : u[1]])
        ]
        if pool:
            s, e = rng.choice(pool)
            sample.append(
                {"post_id": pid, "lang": lang, "start": s, "end": e, "stratum": "crowd_strict"}
            )
            n[("crowd_strict", lang)] += 1

    if split_name:
        split = dict.fromkeys((r["post_id"] for r in sample), split_name)
    else:  # post-level split, half dev by unit count
        per_post = Counter(r["post_id"] for r in sample)
        ids = sorted(per_post)
        rng.shuffle(ids)
        split, n_dev = {}, 0
        for pid in ids:
            if n_dev + per_post[pid] <= DEV_FRACTION * len(sample):
                split[pid] = "dev"
                n_dev += per_post[pid]
            else:
                split[pid] = "test"
    for r in sample:
        r["split"] = split[r["post_id"]]
    sample.sort(key=lambda r: (r["lang"], r["post_id"], r["start"]))
    return sample


def check(path: Path, posts: dict[str, dict]) -> int:
    """Validate a gold file against the posts; print counts.  Returns exit status."""
    errors: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    post_splits: dict[str, set[str]] = defaultdict(set)
    records = []
    units_cache: dict[str, set[tuple[int, int]]] = {}

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
            missing = {
                "post_id",
                "lang",
                "start",
                "end",
                "split",
                "label",
                "sources",
                "stratum",
            } - set(r)
            if r.get("split") == "dev3":
                missing.discard("sources")  # dev3 holds sentence labels only
            if missing:
                err(n, f"missing fields {sorted(missing)}")
                continue
            pid = r["post_id"]
            if pid not in posts:
                err(n, f"unknown post {pid}")
                continue
            text = posts[pid]["text"]
            if r["lang"] != posts[pid]["lang"]:
                err(n, f"lang {r['lang']!r} != post lang {posts[pid]['lang']!r}")
            if pid not in units_cache:
                units_cache[pid] = set(sentence_units(text))
            s, e = r["start"], r["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                err(n, f"unit span {s}-{e} out of range")
                continue
            if (s, e) not in units_cache[pid]:
                err(n, "unit span is not a sentence unit of the post")
            if (pid, s, e) in seen:
                err(n, "duplicate unit")
            seen.add((pid, s, e))
            if r["split"] not in SPLITS:
                err(n, f"bad split {r['split']!r}")
            post_splits[pid].add(r["split"])
            if r["label"] not in LABELS:
                err(n, f"bad label {r['label']!r}")
            if r["stratum"] not in STRATA:
                err(n, f"bad stratum {r['stratum']!r}")
            if r.get("error_class") not in (None, *ERROR_CLASSES):
                err(n, f"bad error_class {r.get('error_class')!r}")
            if r["split"] == "dev3" and "sources" not in r:
                continue
            if not isinstance(r["sources"], list):
                err(n, "sources is not a list")
                continue
            for k, src in enumerate(r["sources"]):
                where = f"source {k}"
                if src.get("kind") not in KINDS:
                    err(n, f"{where}: bad kind {src.get('kind')!r}")
                spans = [("span", src.get("start"), src.get("end"))]
                cs, ce = src.get("cue_start"), src.get("cue_end")
                if (cs is None) != (ce is None):
                    err(n, f"{where}: cue_start/cue_end must both be set or both null")
                elif cs is not None:
                    spans.append(("cue", cs, ce))
                for what, a, b in spans:
                    if not (isinstance(a, int) and isinstance(b, int) and s <= a < b <= e):
                        err(
                            n,
                            f"{where}: {what} {a}-{b} not a non-empty span inside the unit {s}-{e}",
                        )
                    elif text[a:b] != text[a:b].strip():
                        err(n, f"{where}: {what} has surrounding whitespace")

    both = sorted(p for p, sp in post_splits.items() if len(sp) > 1)
    if both:
        errors.append(f"posts in both splits: {both}")

    print(
        f"{len(records)} units from {len(post_splits)} posts; "
        f"split: {dict(sorted(Counter(r.get('split') for r in records).items()))}"
    )
    for lang in LANGS:
        rows = [r for r in records if r.get("lang") == lang]
        print(f"\n[{lang}] {len(rows)} units")
        print(f"{'label':<10}" + "".join(f"{s:>13}" for s in STRATA) + f"{'all':>6}")
        for lab in LABELS:
            c = Counter(r.get("stratum") for r in rows if r.get("label") == lab)
            print(f"{lab:<10}" + "".join(f"{c[s]:>13}" for s in STRATA) + f"{sum(c.values()):>6}")
        c = Counter(r.get("stratum") for r in rows)
        print(f"{'total':<10}" + "".join(f"{c[s]:>13}" for s in STRATA) + f"{len(rows):>6}")
    print(
        "\nlabel x split:",
        dict(sorted(Counter((r.get("label"), r.get("split")) for r in records).items())),
    )
    kinds = Counter(src.get("kind") for r in records for src in r.get("sources", []))
    print(
        "source phrases by kind:",
        dict(sorted(kinds.items())),
        "| with cue:",
        sum(1 for r in records for src in r.get("sources", []) if src.get("cue_start") is not None),
    )
    ec = Counter((r.get("error_class"), r.get("lang")) for r in records if r.get("error_class"))
    print("error classes (class, lang):", dict(sorted(ec.items())))

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for m in errors[:50]:
            print("  " + m, file=sys.stderr)
        return 1
    print("OK")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, help="write the sample (ids/offsets only) as JSONL")
    ap.add_argument("--show", action="store_true", help="print unit text for reading")
    ap.add_argument("--context", action="store_true", help="with --show, also print the whole post")
    ap.add_argument(
        "--check", type=Path, metavar="FILE", help="validate a gold file and print counts"
    )
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    ap.add_argument(
        "--exclude-gold",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="skip the posts used in this gold file (repeatable)",
    )
    ap.add_argument(
        "--size",
        type=int,
        metavar="N",
        help="draw about N units in all, half per language, with the quotas scaled down",
    )
    ap.add_argument(
        "--split", metavar="NAME", help="put every unit in this split (default: dev/test)"
    )
    args = ap.parse_args()

    posts = read_posts(args.data)
    if args.check:
        sys.exit(check(args.check, posts))
    exclude = frozenset().union(*(gold_post_ids(f) for f in args.exclude_gold))
    quotas = scaled_quotas(posts, args.size, exclude) if args.size else None
    sample = draw_sample(posts, args.seed, exclude, quotas, args.split)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.show:
        for i, r in enumerate(sample):
            text = posts[r["post_id"]]["text"]
            print(
                f"[{i}] {r['lang']} {r['post_id']} {r['start']}-{r['end']} "
                f"{r['stratum']} {r['split']}:"
            )
            print("    " + text[r["start"] : r["end"]].replace("\n", " "))
            if args.context:
                print("    | " + text.replace("\n", "\n    | "))
    by = Counter((r["lang"], r["stratum"]) for r in sample)
    print(
        f"# {len(sample)} units from {len({r['post_id'] for r in sample})} posts; "
        f"{dict(sorted(by.items()))}; split {dict(Counter(r['split'] for r in sample))}"
    )


if __name__ == "__main__":
    main()
