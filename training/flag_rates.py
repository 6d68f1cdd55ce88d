"""How often the technique detectors flag our translated sentences, per language and register.

    .venv/bin/python training/flag_rates.py [--components techniques_multilingual,loaded_vocabulary]

``data/languages/align.jsonl`` holds 120 sentences we wrote (35 propaganda-style
``rhetoric``, 50 factual ``claim``, 35 ``plain``) with translations into 12 languages. A
detector that works in a language flags the rhetoric rows about as often as it does in
English and the plain rows rarely. Prints, per language, the share of rows of each register
with at least one technique finding, and the ratio of the rhetoric rate to English's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from unspun.model import Document
from unspun.pipeline import Pipeline, load_config

ROOT = Path(__file__).resolve().parents[1]
ALIGN = ROOT / "data" / "languages" / "align.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", default="techniques_multilingual,loaded_vocabulary")
    args = parser.parse_args()
    rows = [json.loads(x) for x in ALIGN.read_text("utf-8").splitlines() if x.strip()]
    langs = [k for k in rows[0] if k not in ("id", "check_worthy", "register")]
    wanted = args.components.split(",")
    config = load_config(components=["language", "segment", *wanted])
    if "techniques_multilingual" in wanted:  # every language, English included, alike
        config.set("techniques_multilingual", "skip_languages", [])
    nlp = Pipeline.from_config(config)
    docs = [
        Document(id=f"{r['id']}-{lang}", text=r[lang], lang=lang) for r in rows for lang in langs
    ]
    flagged: dict[tuple[str, str], list[bool]] = defaultdict(list)
    by_detector: dict[tuple[str, str], int] = defaultdict(int)
    for doc, outcome in zip(docs, nlp.run(docs), strict=True):
        lang = doc.lang or ""
        register = next(r["register"] for r in rows if doc.id.startswith(r["id"] + "-"))
        techniques = [f for f in outcome.analysis.findings if f.kind == "technique"]
        flagged[(lang, register)].append(bool(techniques))
        for d in {f.detector for f in techniques}:
            by_detector[(lang, d)] += register == "rhetoric"
    rate = {k: sum(v) / len(v) for k, v in flagged.items()}
    head = f"{'lang':5} {'rhetoric':>9} {'claim':>7} {'plain':>7} {'rh/en':>6}"
    print(head, " rhetoric rows by detector")
    for lang in langs:
        detectors = {d: n for (lg, d), n in by_detector.items() if lg == lang}
        rh = rate[(lang, "rhetoric")]
        print(
            f"{lang:5} {rh:9.2f} {rate[(lang, 'claim')]:7.2f} {rate[(lang, 'plain')]:7.2f} "
            f"{rh / max(rate[('en', 'rhetoric')], 1e-9):6.2f}  {detectors}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
