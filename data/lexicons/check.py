#!/usr/bin/env python3
"""Validate an unspun lexicon file (default: the packaged src/unspun/lexicons/ copy).

Checks the header, every entry's fields, unique ids, that each pattern compiles (wrapped as
the header's `matching.wrap` says, case-insensitive) and matches its own examples, that no
pattern matches the empty string, and the balance of the lexicon: at least MIN_PER_LANG
entries per language (MIN_PER_OTHER_LANG outside en, ru and uk), and, per language, terms
used by each camp and terms aimed at each side within MIN_BALANCE of each other. Prints
counts per language x kind, side and target.

    python3 data/lexicons/check.py [path/to/lexicon.yaml] [--quiet]

Exit status 0 when the file is valid, 1 otherwise. Needs PyYAML.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check.py needs PyYAML (pip install pyyaml).")

from unspun.detectors.techniques.labels import PTC_LABELS

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[1] / "src" / "unspun" / "lexicons" / "loaded-vocabulary.yaml"

FORMAT = "unspun-lexicon/1"
TECHNIQUES = set(PTC_LABELS)
KINDS = {"pejorative_label", "dehumanising", "euphemism", "loaded_term"}
SIDES = {"pro_kremlin", "pro_ukrainian", "both"}
TARGET_GROUPS = {"ukraine", "russia", "west", "any"}
REQUIRED = (
    "id",
    "lang",
    "pattern",
    "kind",
    "technique",
    "side",
    "target",
    "target_group",
    "explanation",
    "examples",
)
OPTIONAL = ("concept", "notes")
ID_RE = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
SEMVER_RE = re.compile(r"^\d+\.\d+\.\d+$")
DEFAULT_WRAP = r"(?<!\w)(?:PATTERN)(?!\w)"
MIN_PER_LANG = 60
#: The first three languages carry the full lexicon; the others (added in 1.1.0) list only
#: the concepts their own media actually use, so they need fewer entries.
CORE_LANGS = ("en", "ru", "uk")
MIN_PER_OTHER_LANG = 40
# Per language: the smaller camp has at least this share of the larger one, both for all
# the terms each camp uses (side) and for its labels and dehumanising terms alone.
MIN_BALANCE = 0.8
# Labels and dehumanising terms are "aimed at" someone; these kinds count for the balance.
AIMED_KINDS = {"pejorative_label", "dehumanising"}


def compile_pattern(pattern: str, wrap: str = DEFAULT_WRAP) -> re.Pattern[str]:
    return re.compile(wrap.replace("PATTERN", pattern), re.IGNORECASE | re.UNICODE)


def validate(data: object) -> tuple[list[str], list[dict]]:
    errors: list[str] = []
    if not isinstance(data, dict):
        return ["the file is not a mapping"], []
    if data.get("format") != FORMAT:
        errors.append(f"format must be {FORMAT!r}, not {data.get('format')!r}")
    version = data.get("version")
    if not isinstance(version, str) or not SEMVER_RE.match(version):
        errors.append(f"version must be a quoted semantic version string, not {version!r}")
    if not isinstance(data.get("description"), str) or not data["description"].strip():
        errors.append("description is missing")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages:
        errors.append("languages must be a non-empty list")
        languages = []
    wrap = (data.get("matching") or {}).get("wrap", DEFAULT_WRAP)
    if "PATTERN" not in wrap:
        errors.append("matching.wrap must contain PATTERN")
        wrap = DEFAULT_WRAP
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        return [*errors, "entries must be a non-empty list"], []

    seen_ids: set[str] = set()
    seen_patterns: dict[tuple[str, str], str] = {}
    good: list[dict] = []
    for n, e in enumerate(entries):
        where = f"entry {n}"
        if not isinstance(e, dict):
            errors.append(f"{where}: not a mapping")
            continue
        where = f"entry {n} ({e.get('id', '?')})"
        missing = [k for k in REQUIRED if k not in e or e[k] in (None, "", [])]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
            continue
        unknown = set(e) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}")
        eid, lang = e["id"], e["lang"]
        if not isinstance(eid, str) or not ID_RE.match(eid):
            errors.append(f"{where}: id must be <lang>-<ascii slug>")
        elif not eid.startswith(f"{lang}-"):
            errors.append(f"{where}: id does not start with its language '{lang}-'")
        if eid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(eid)
        if lang not in languages:
            errors.append(f"{where}: lang {lang!r} is not in the header's languages")
        if e["kind"] not in KINDS:
            errors.append(f"{where}: kind {e['kind']!r} is not one of {sorted(KINDS)}")
        if e["technique"] not in TECHNIQUES:
            errors.append(f"{where}: technique {e['technique']!r} is not a PTC label")
        if e["side"] not in SIDES:
            errors.append(f"{where}: side {e['side']!r} is not one of {sorted(SIDES)}")
        if e["target_group"] not in TARGET_GROUPS:
            errors.append(
                f"{where}: target_group {e['target_group']!r} is not one of {sorted(TARGET_GROUPS)}"
            )
        for field in ("target", "explanation"):
            if not isinstance(e[field], str) or not e[field].strip():
                errors.append(f"{where}: {field} must be a non-empty string")
        expl = str(e["explanation"]).strip()
        if not expl.endswith("."):
            errors.append(f"{where}: the explanation must be one sentence ending with '.'")
        elif re.search(r"[.!?]\s+[A-Z]", expl):
            errors.append(f"{where}: the explanation must be a single sentence")
        examples = e["examples"]
        if not isinstance(examples, list) or not all(isinstance(x, str) for x in examples):
            errors.append(f"{where}: examples must be a list of strings")
            continue
        try:
            rx = compile_pattern(e["pattern"], wrap)
        except re.error as exc:
            errors.append(f"{where}: pattern does not compile: {exc}")
            continue
        if rx.search("") or re.fullmatch(e["pattern"], "", re.IGNORECASE):
            errors.append(f"{where}: pattern matches the empty string")
        for ex in examples:
            if not rx.search(ex):
                errors.append(f"{where}: pattern does not match its example {ex!r}")
        key = (lang, e["pattern"])
        if key in seen_patterns:
            errors.append(f"{where}: same pattern as {seen_patterns[key]}")
        seen_patterns[key] = eid
        good.append(e)
    return errors, good


def balance(entries: list[dict], languages: list[str]) -> tuple[list[str], dict]:
    errors: list[str] = []
    stats: dict = {}
    by_lang = defaultdict(list)
    for e in entries:
        by_lang[e["lang"]].append(e)
    for lang in languages:
        rows = by_lang.get(lang, [])
        sides = Counter(e["side"] for e in rows)
        aimed = Counter(e["side"] for e in rows if e["kind"] in AIMED_KINDS)
        stats[lang] = {"total": len(rows), "sides": sides, "aimed": aimed}
        need = MIN_PER_LANG if lang in CORE_LANGS else MIN_PER_OTHER_LANG
        if len(rows) < need:
            errors.append(f"{lang}: {len(rows)} entries, need at least {need}")
        for what, a, b in (
            ("side", sides["pro_kremlin"], sides["pro_ukrainian"]),
            (
                "labels and dehumanising terms, pro_kremlin vs pro_ukrainian",
                aimed["pro_kremlin"],
                aimed["pro_ukrainian"],
            ),
        ):
            if min(a, b) < MIN_BALANCE * max(a, b):
                errors.append(
                    f"{lang}: unbalanced {what}: {a} vs {b} "
                    f"(the smaller must be at least {MIN_BALANCE:.0%} of the larger)"
                )
    return errors, stats


def report(entries: list[dict], languages: list[str]) -> str:
    kinds = sorted(KINDS)
    lines = [
        "entries per language x kind:",
        f"  {'':4}" + "".join(f"{k:>18}" for k in kinds) + f"{'total':>8}",
    ]
    for lang in languages:
        c = Counter(e["kind"] for e in entries if e["lang"] == lang)
        lines.append(
            f"  {lang:4}" + "".join(f"{c[k]:>18}" for k in kinds) + f"{sum(c.values()):>8}"
        )
    lines.append("entries per language x side (whose vocabulary):")
    for lang in languages:
        c = Counter(e["side"] for e in entries if e["lang"] == lang)
        lines.append(f"  {lang:4}" + "".join(f"  {s}={c[s]}" for s in sorted(SIDES)))
    lines.append("labels and dehumanising terms per language x side:")
    for lang in languages:
        c = Counter(e["side"] for e in entries if e["lang"] == lang and e["kind"] in AIMED_KINDS)
        lines.append(f"  {lang:4}" + "".join(f"  {s}={c[s]}" for s in sorted(SIDES)))
    lines.append("labels and dehumanising terms per language x target_group (aimed at):")
    for lang in languages:
        c = Counter(
            e["target_group"] for e in entries if e["lang"] == lang and e["kind"] in AIMED_KINDS
        )
        lines.append(f"  {lang:4}" + "".join(f"  {g}={c[g]}" for g in sorted(TARGET_GROUPS)))
    lines.append("all entries per language x target_group:")
    for lang in languages:
        c = Counter(e["target_group"] for e in entries if e["lang"] == lang)
        lines.append(f"  {lang:4}" + "".join(f"  {g}={c[g]}" for g in sorted(TARGET_GROUPS)))
    lines.append("entries per technique:")
    for t, n in Counter(e["technique"] for e in entries).most_common():
        lines.append(f"  {n:4}  {t}")
    lines.append("entries per target:")
    for t, n in sorted(Counter(e["target"] for e in entries).items(), key=lambda x: (-x[1], x[0])):
        lines.append(f"  {n:4}  {t}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    errors, entries = validate(data)
    languages = data.get("languages", []) if isinstance(data, dict) else []
    more, _ = balance(entries, languages)
    errors += more
    if "--quiet" not in argv:
        print(report(entries, languages))
    for err in errors:
        print(f"ERROR: {err}", file=sys.stderr)
    status = "OK" if not errors else f"FAILED ({len(errors)} errors)"
    version = data.get("version") if isinstance(data, dict) else "?"
    print(f"{path.name} {version}: {len(entries)} valid entries: {status}")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
