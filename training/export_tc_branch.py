"""Ship the TC model of ``finetune_span_branch.py`` (issue 9) and measure it at run time.

    .venv/bin/python training/export_tc_branch.py \
        [--checkpoint training/checkpoints/techniques-tc-e5-branch-run1.npz]

Writes ``src/unspun/_models/techniques/tc-e5.npz`` (the delta as trained: LoRA factors,
layer norms, head) and ``tc-e5.json``, then runs the packaged classifier
(:class:`unspun.detectors.techniques.tc_e5.E5SpanClassifier`, ONNX Runtime) over the gold
spans of the 74 validation articles: TC micro-F1 (one label per span, the protocol of the
TC line of ``unspun eval techniques``), and a softmax temperature fitted by log loss,
cross-fitted over two halves of the articles for the reported ECE (top label, 10 bins),
then fitted on all of them for the shipped file. Then the same with the technique tagger's
token scores joined to the logits (what ``unspun classify`` runs): the weight is chosen on
one half of the articles and scored on the other, both ways, for the reported number.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import common
import numpy as np

from unspun.detectors.techniques.classify import softmax
from unspun.detectors.techniques.metrics import expected_calibration_error
from unspun.detectors.techniques.tc_e5 import CONFIG_FILE, E5SpanClassifier
from unspun.runtime.files import sha256_file

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspun" / "_models" / "techniques"
CHECKPOINT = ROOT / "training" / "checkpoints" / "techniques-tc-e5-branch-run1.npz"


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature with the lowest log loss (grid 0.3 .. 3)."""
    grid = np.exp(np.linspace(np.log(0.3), np.log(3.0), 121))
    losses = [
        -np.log(np.clip(softmax(logits, t)[np.arange(len(gold)), gold], 1e-12, 1)).mean()
        for t in grid
    ]
    return float(grid[int(np.argmin(losses))])


def ece_of(logits: np.ndarray, gold: np.ndarray, temperature: float) -> float:
    p = softmax(logits, temperature)
    conf = p.max(1)
    right = (p.argmax(1) == gold).astype(float)
    return float(expected_calibration_error(conf.tolist(), right.tolist()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, default=CHECKPOINT)
    ap.add_argument("--precision", default="fp32", choices=["fp32", "q4"])
    args = ap.parse_args(argv)
    card = json.loads(args.checkpoint.with_suffix(".json").read_text("utf-8"))
    delta = OUT / "tc-e5.npz"
    shutil.copyfile(args.checkpoint, delta)
    config = {
        "version": "tc-e5s-branch-1",
        "task": "PTC technique classification of given spans (TC), 14 techniques",
        "labels": card["channels"],
        "precision": args.precision,
        "branch": {
            "file": delta.name,
            "sha256": sha256_file(delta),
            "lower": card["lower"],
            "lora_scale": card["lora_scale"],
        },
        "head": "softmax over [mean of the span's tokens, mean of its sentence, "
        "log1p(other occurrences of the span's text), any other occurrence]",
        "calibration": {"temperature": 1.0},
        "training": {k: card[k] for k in ("rank", "epoch", "command") if k in card},
    }
    (OUT / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")

    docs = common.load_ptc()
    val = sorted(set(common.load_split()) & set(docs))
    clf = E5SpanClassifier(OUT, threads=2)
    t0 = time.time()
    texts = [docs[d][0] for d in val]
    spans = [[(s, e) for s, e, _ in docs[d][1]] for d in val]
    logits = clf.logits(texts, spans)
    seconds = time.time() - t0
    n_spans = sum(map(len, spans))
    gold = [np.asarray([card["channels"].index(lab) for _, _, lab in docs[d][1]]) for d in val]
    all_logits = np.concatenate([x for x in logits if len(x)])
    all_gold = np.concatenate([g for g in gold if len(g)])
    micro = float((all_logits.argmax(1) == all_gold).mean())
    halves = [list(range(0, len(val), 2)), list(range(1, len(val), 2))]
    crossed = []
    for fit_half, test_half in (halves, halves[::-1]):
        fx = np.concatenate([logits[i] for i in fit_half if len(logits[i])])
        fy = np.concatenate([gold[i] for i in fit_half if len(gold[i])])
        tx = np.concatenate([logits[i] for i in test_half if len(logits[i])])
        ty = np.concatenate([gold[i] for i in test_half if len(gold[i])])
        crossed.append((ece_of(tx, ty, fit_temperature(fx, fy)), len(ty)))
    ece_cross = sum(e * n for e, n in crossed) / sum(n for _, n in crossed)
    temperature = fit_temperature(all_logits, all_gold)
    config["calibration"] = {
        "temperature": round(temperature, 4),
        "method": "softmax temperature fitted by log loss on the validation spans",
    }
    config["metrics"] = {
        "validation_tc_micro_f1": round(micro, 4),
        "validation_spans": int(n_spans),
        "ece_raw": round(ece_of(all_logits, all_gold, 1.0), 4),
        "ece_cross_fitted": round(ece_cross, 4),
        "spans_per_second_2_threads": round(n_spans / seconds, 1),
        "measured_by": "training/export_tc_branch.py (ONNX Runtime, the packaged model)",
    }
    # The tagger's token scores join the logits (weight chosen on one half of the articles
    # and scored on the other, both ways; then fitted on all), as the MiniLM TC did.
    from unspun.detectors.techniques.detector import TechniqueDetector

    tagger = TechniqueDetector()
    config["ensemble"] = {"tagger_channels": list(tagger.spec.channels)}
    clf.config["ensemble"] = config["ensemble"]
    tagger_logs = []
    for i in range(0, len(texts), 8):
        for scores, doc_spans in zip(
            tagger.session.predict(texts[i : i + 8]), spans[i : i + 8], strict=True
        ):
            tagger_logs.append(clf.tagger_logs(scores, doc_spans))
    grid = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0]

    def joined(idx: list[int], w: float) -> tuple[np.ndarray, np.ndarray]:
        keep = [i for i in idx if len(gold[i])]
        z = np.concatenate([logits[i] + w * tagger_logs[i] for i in keep])
        return z, np.concatenate([gold[i] for i in keep])

    def accuracy(idx: list[int], w: float) -> float:
        z, g = joined(idx, w)
        return float((z.argmax(1) == g).mean())

    right = total = 0.0
    eces = []
    for fit_half, test_half in (halves, halves[::-1]):
        w = max(grid, key=lambda w: accuracy(fit_half, w))
        z, g = joined(test_half, w)
        right += float((z.argmax(1) == g).sum())
        total += len(g)
        eces.append((ece_of(z, g, fit_temperature(*joined(fit_half, w))), len(g)))
    everything = list(range(len(val)))
    weight = max(grid, key=lambda w: accuracy(everything, w))
    z_all, g_all = joined(everything, weight)
    config["ensemble"].update(
        {
            "tagger_weight": weight,
            "temperature": round(fit_temperature(z_all, g_all), 4),
            "method": "logits + weight * log(mean tagger probability over the span); weight "
            "and temperature fitted on the validation spans",
        }
    )
    config["metrics"].update(
        {
            "validation_tc_micro_f1_with_tagger_cross_fitted": round(right / total, 4),
            "validation_tc_micro_f1_with_tagger_in_sample": round(accuracy(everything, weight), 4),
            "ece_with_tagger_cross_fitted": round(
                sum(e * n for e, n in eces) / sum(n for _, n in eces), 4
            ),
        }
    )
    (OUT / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"metrics": config["metrics"], "ensemble": config["ensemble"]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
