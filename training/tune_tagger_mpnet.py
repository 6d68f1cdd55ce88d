"""Package the mpnet tagger and tune its decoding on validation through the run-time path.

    OMP_NUM_THREADS=2 .venv/bin/python training/tune_tagger_mpnet.py \
        --checkpoint training/checkpoints/techniques-mpnet-run1.npz --join e5,minilm

Copies the delta into ``_models/techniques/tagger-mpnet.npz``, writes ``tagger-mpnet.json``,
scores the 74 PTC validation articles (``split.json``) as the pipeline does (segmented;
the mpnet tagger assembled from the pinned base and the delta, float32), joins
them with the shipped taggers named by ``--join`` (equal-weight logit mean,
:func:`unspun.detectors.techniques.tagger_mpnet.join_all`), tunes the decoding rules
(per channel on FLC F1, the any-channel rule on SI F1) and reports them **cross-fitted**
(tuned on one half of the articles, scored on the other) beside the shipped English route
(MiniLM + e5) measured the same way in the same run; fits Platt calibration and stores the
rules tuned on all validation articles in the ``joined`` mode.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from tune_decoding import load_validation  # noqa: E402
from tune_tagger_e5 import shipped_scores, tune  # noqa: E402

from unspun.detectors.techniques.decode import ChannelRule  # noqa: E402

MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "techniques"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--join", default="e5", help="shipped taggers joined with mpnet")
    ap.add_argument("--only-joined", action="store_true", help="skip the two reference routes")
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache/exp/tagger-e5-scores.pkl")
    args = ap.parse_args(argv)
    from unspun.detectors.techniques.tagger_mpnet import CONFIG_FILE, MpnetTagger, join_all
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    card = json.loads(args.checkpoint.with_suffix(".json").read_text())
    folder = args.model_dir
    shutil.copyfile(args.checkpoint, folder / "tagger-mpnet.npz")
    sha = hashlib.sha256((folder / "tagger-mpnet.npz").read_bytes()).hexdigest()
    placeholder = {
        "rules": {c: ChannelRule().as_dict() for c in card["channels"][:-1]},
        "si_rule": ChannelRule().as_dict(),
        "calibration": {"a": 1.0, "b": 0.0},
    }
    join = [j for j in args.join.split(",") if j]
    config = {
        "name": args.checkpoint.stem,
        "about": "The English technique tagger on all-mpnet-base-v2 (docs/experiments.md, "
        "run mpnet-1): LoRA on encoder layers 7-12 and a token head with one channel per PTC "
        "technique plus 'any technique' (last). Trained on PTC train articles minus the "
        "validation articles of split.json. English documents get its scores joined with "
        "the taggers in 'join' (equal-weight logit mean). Written by "
        "training/tune_tagger_mpnet.py.",
        "channels": card["channels"],
        "join": join,
        "quantize": "none",  # int8 was tried and dropped: docs/experiments.md, session 10
        "delta": {
            "file": "tagger-mpnet.npz",
            "sha256": sha,
            "lora_scale": card["lora_scale"],
            "lower": card["lower"],
        },
        "encoder": {
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "layer_norm_eps": 1e-5,
        },
        "modes": {"joined": placeholder},
        "training": {k: card[k] for k in ("epoch", "rank", "layers", "args") if k in card},
    }
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n")

    docs = load_validation()
    segmenter = Pipeline.from_config(load_config(components=["language", "segment"]))
    analyses = [o.analysis for o in segmenter.run([Document(id=d, text=t) for d, t, _ in docs])]
    e5, minilm = shipped_scores(folder, analyses, docs, args.cache)
    tagger = MpnetTagger(folder)
    mpnet = []
    for i in range(0, len(analyses), 8):
        mpnet += tagger.scores(analyses[i : i + 8])
    others = {"e5": e5, "minilm": minilm}
    joined = [join_all(m, *(others[j][i] for j in join)) for i, m in enumerate(mpnet)]
    shipped = [join_all(m, e) for m, e in zip(minilm, e5, strict=True)]
    channels = card["channels"]
    reports = {}
    if not args.only_joined:
        _, reports["shipped_joined"] = tune(docs, shipped, channels)
        _, reports["mpnet_alone"] = tune(docs, mpnet, channels)
    config["modes"]["joined"], reports["joined"] = tune(docs, joined, channels)
    config["validation"] = {
        "split": f"validation, {len(docs)} PTC train articles held out by article (split.json)",
        "note": "decoding tuned on one half of the articles, scored on the other, pooled; "
        "shipped_joined is the English route without mpnet (MiniLM + e5), measured the same "
        "way in the same run",
        **reports,
    }
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n")
    print(json.dumps(reports, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
