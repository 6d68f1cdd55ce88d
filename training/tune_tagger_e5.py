"""Package the e5 tagger branch and tune its decoding on validation through the run-time path.

    OMP_NUM_THREADS=2 .venv/bin/python training/tune_tagger_e5.py \
        --checkpoint training/checkpoints/techniques-e5-branch-run1.npz

Copies the checkpoint's delta into ``_models/techniques/tagger-e5.npz``, writes
``tagger-e5.json``, scores the 74 PTC validation articles (``split.json``) as the pipeline
does (segmented, the tagger as a branch of the shared e5 pass; the MiniLM tagger beside it)
and, for each mode of :mod:`unspun.detectors.techniques.tagger_e5`:

- ``joined`` (English): MiniLM and e5 joined in logit space with the fixed weight
  ``--weight`` (0.5: equal, chosen before any measurement);
- ``alone`` (every other language): the e5 tagger alone;

tunes the decoding rules per channel (coordinate ascent on FLC F1, as ``tune_decoding.py``)
and the any-channel rule on SI F1, reports them **cross-fitted** (tuned on one half of the
articles, scored on the other, pooled) with the MiniLM tagger alone as the baseline of the
same run, fits Platt calibration (ECE cross-fitted) and stores the rules tuned on all
validation articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from tune_decoding import RULES, ascend, calibrate, channel_sums, f1, load_validation  # noqa: E402

from unspun.detectors.techniques import metrics  # noqa: E402
from unspun.detectors.techniques.decode import ChannelRule, decode_channel  # noqa: E402

MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "techniques"


def tune(docs, scores, channels, own_rules=()):
    """Cross-fitted SI/FLC (per technique too), and the rules tuned on all articles."""
    techs = channels[:-1]
    own = {techs.index(c) for c in own_rules}
    gold_flc = [[(s, e) for s, e, _ in d[2]] for d in docs]
    tech_sums = [
        channel_sums(
            docs, scores, c, lambda d, lab=lab: [(s, e) for s, e, g in docs[d][2] if g == lab]
        )
        for c, lab in enumerate(techs)
    ]
    si_sums = channel_sums(docs, scores, len(techs), lambda d: metrics.merge_spans(gold_flc[d]))
    folds = [np.arange(len(docs))[0::2], np.arange(len(docs))[1::2]]
    held = {"flc": np.zeros(4), "si": np.zeros(4)}
    per_tech = np.zeros((len(techs), 4))
    for a, b in ((0, 1), (1, 0)):
        choice = ascend(tech_sums, folds[a], own=own)
        for c in range(len(techs)):
            part = tech_sums[c][choice[c]][folds[b]].sum(0)
            held["flc"] += part
            per_tech[c] += part
        si_r = int(np.argmax([f1(row) for row in si_sums[:, folds[a]].sum(1)]))
        held["si"] += si_sums[si_r][folds[b]].sum(0)
    choice = ascend(tech_sums, np.arange(len(docs)), own=own)
    si_choice = int(np.argmax([f1(row) for row in si_sums.sum(1)]))
    rules = {label: RULES[choice[c]] for c, label in enumerate(techs)}
    pred = {
        doc_id: [
            (s, e, label, raw)
            for c, label in enumerate(techs)
            for s, e, raw in decode_channel(text, sc.offsets, sc.probs[:, c], rules[label])
        ]
        for (doc_id, text, _), sc in zip(docs, scores, strict=True)
    }
    platt, ece_raw, ece_cal = calibrate(docs, pred)
    report = {
        "cross_fitted": {
            "si_f1": round(f1(held["si"]), 4),
            "flc_f1": round(f1(held["flc"]), 4),
            "flc_per_technique": {lab: round(f1(per_tech[c]), 3) for c, lab in enumerate(techs)},
        },
        "ece": {"raw": round(ece_raw, 4), "platt_cross_fitted": round(ece_cal, 4)},
    }
    mode = {
        "rules": {k: v.as_dict() for k, v in rules.items()},
        "si_rule": RULES[si_choice].as_dict(),
        "calibration": platt.as_dict(),
    }
    return mode, report


def shipped_scores(folder: Path, analyses, docs, cache: Path | None):
    """The e5 branch's and the MiniLM tagger's validation scores (read from / written to
    the pickle ``cache`` when given)."""
    if cache is not None and cache.is_file():
        return pickle.loads(cache.read_bytes())
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.detectors.techniques.tagger_e5 import E5Tagger

    tagger = E5Tagger(folder)
    assert tagger.active, "the sentence encoder backend cannot run branches"
    e5 = []
    for i in range(0, len(analyses), 8):
        e5 += tagger.scores(analyses[i : i + 8])
    detector = TechniqueDetector(folder, e5_tagger=False)
    minilm = []
    for i in range(0, len(docs), 8):
        minilm += detector.session.predict([t for _, t, _ in docs[i : i + 8]])
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((e5, minilm)))
    return e5, minilm


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default="training/checkpoints/techniques-e5-branch-run1.npz")
    ap.add_argument("--model-dir", default=str(MODEL_DIR))
    ap.add_argument("--weight", type=float, default=0.5)
    ap.add_argument("--cache", default="", help="pickle of the validation scores (reused)")
    ap.add_argument(
        "--own-rules",
        default="",
        help="semicolon-separated channels whose rule is chosen on their own F1 (not the pooled "
        "FLC F1): rare techniques the pooled optimum switches off",
    )
    args = ap.parse_args(argv)
    from unspun.detectors.techniques.tagger_e5 import CONFIG_FILE, join
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    checkpoint = Path(args.checkpoint)
    card = json.loads(checkpoint.with_suffix(".json").read_text())
    folder = Path(args.model_dir)
    shutil.copyfile(checkpoint, folder / "tagger-e5.npz")
    sha = hashlib.sha256((folder / "tagger-e5.npz").read_bytes()).hexdigest()
    placeholder = {
        "rules": {c: ChannelRule().as_dict() for c in card["channels"][:-1]},
        "si_rule": ChannelRule().as_dict(),
        "calibration": {"a": 1.0, "b": 0.0},
    }
    config = {
        "name": checkpoint.stem,
        "about": "The technique tagger as a branch of the shared multilingual-e5-small pass "
        "(docs/experiments.md, runs e5-branch-N): LoRA on encoder layers 9-12 and a token "
        "head with one channel per PTC technique plus 'any technique' (last). Trained on "
        "PTC train articles minus the validation articles of split.json. Modes: 'joined' "
        "(English: joined with the MiniLM tagger) and 'alone' (every other language). "
        "Written by training/tune_tagger_e5.py.",
        "channels": card["channels"],
        "branch": {
            "file": "tagger-e5.npz",
            "sha256": sha,
            "lower": card["lower"],
            "lora_scale": card["lora_scale"],
        },
        "ensemble": {"weight": args.weight, "english_tagger": "tagger.json"},
        "modes": {"joined": placeholder, "alone": placeholder},
        "training": {k: card[k] for k in ("epoch", "rank", "layers", "args") if k in card},
    }
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n")

    docs = load_validation()
    segmenter = Pipeline.from_config(load_config(components=["language", "segment"]))
    analyses = [o.analysis for o in segmenter.run([Document(id=d, text=t) for d, t, _ in docs])]
    cache = Path(args.cache) if args.cache else None
    e5, minilm = shipped_scores(folder, analyses, docs, cache)
    joined = [join(m, e, args.weight) for m, e in zip(minilm, e5, strict=True)]
    channels = card["channels"]
    reports = {}
    _, reports["minilm_alone"] = tune(docs, minilm, channels)
    own = [c for c in args.own_rules.split(";") if c]
    config["modes"]["joined"], reports["joined"] = tune(docs, joined, channels, own)
    config["modes"]["alone"], reports["alone"] = tune(docs, e5, channels, own)
    if own:
        config["own_rules"] = own
    config["validation"] = {
        "split": f"validation, {len(docs)} PTC train articles held out by article (split.json)",
        "note": "decoding tuned on one half of the articles, scored on the other, pooled; "
        "minilm_alone is the shipped English tagger measured the same way in the same run",
        **reports,
    }
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n")
    print(json.dumps(reports, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
